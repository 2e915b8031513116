//! The dispatcher: one parsed command line ([`Command`]) to the engine's
//! handlers, answered the way the real tool answers (output, refusals, exit
//! codes). Commands the grammar knows but the engine does not model are
//! refused with a clear note, never silently ignored. One submodule per tool
//! family (kubectl, crictl, ctr/nerdctl, docker); systemctl and the output
//! filters they share here.

mod containerd_clients;
mod crictl;
pub(crate) mod crictl_endpoint;
mod docker;
mod kubectl;
mod kubectl_workload;
pub(crate) use kubectl_workload::Selector;
mod podman;

use super::{Outcome, World};
use crate::command::docker::{ContainerRun, PortSpec};
use crate::command::{Command, CommandError, StderrStyle, SystemctlAction};
use crate::message::Arg;
use crate::msg;
use crate::remark::{LogEntry, Remark};

/// Namespaces the API server knows.
pub(crate) const K8S_NAMESPACES: [&str; 4] =
    ["default", "kube-system", "kube-public", "kube-node-lease"];

impl World {
    /// Runs one command against the world, as the real tool would.
    pub fn apply(&mut self, cmd: &Command) -> Outcome {
        // A command serves none of the calls of the one before it.
        self.new_command();
        if let Some(out) = self.podman_host_answer(cmd) {
            return out;
        }
        let out = match cmd {
            Command::Kubectl(k) => self.apply_kubectl(k),
            Command::Crictl(c) => self.apply_crictl(c),
            Command::Ctr(c) => self.apply_ctr(c),
            Command::Nerdctl(n) => self.apply_nerdctl(n),
            Command::Docker(d) => self.apply_docker(d),
            Command::Podman(p) => self.apply_podman(p),
            Command::Runtime(r) => self.runtime_cli(r),
            Command::Sleep { seconds } => {
                let until = self.now_ms + seconds.saturating_mul(1000);
                self.advance_to(until);
                Outcome::default()
            }
            Command::Systemctl { action, unit } => self.apply_systemctl(*action, unit),
        };
        // Whatever the command set in motion runs on to the next quiet point
        // (kubelet's next relist), as on a real node between two prompts.
        self.settle();
        out
    }

    /// A grammar-level refusal rendered with the world's clock (logrus time
    /// stamps); the simulator's remarks keep the error's style (a runc
    /// refusal in its own words is still runc's logrus line).
    pub fn command_error(&self, e: &CommandError) -> Outcome {
        let time = World::rfc3339(self.now_ms, false);
        let logged = |level, json| {
            Some(LogEntry {
                time: time.clone(),
                level,
                json,
            })
        };
        let logged = match e.style {
            StderrStyle::Plain => None,
            StderrStyle::Logrus(level) => logged(level, false),
            StderrStyle::LogrusJson(level) => logged(level, true),
        };
        Outcome {
            exit: e.exit_code,
            stdout: e.render_stdout(),
            stderr: e.render_stderr(&time),
            remarks: e
                .remarks
                .iter()
                .map(|said| Remark {
                    said: said.clone(),
                    logged: logged.clone(),
                })
                .collect(),
            edit: None,
            follow: None,
        }
    }

    /// A real command line the engine does not model: the simulator says so
    /// and what it models instead (`modelled`: the commands, or a message
    /// when it needs words).
    fn not_modelled(&self, line: &str, modelled: impl Into<Arg>) -> Outcome {
        Outcome::said(
            1,
            msg!("said-not-modelled", command = line, modelled = modelled),
        )
    }

    /// `systemctl start|stop|restart UNIT` as the command grammar reads it:
    /// systemd's model runs it (containerd's start and stop keep their hops).
    fn apply_systemctl(&mut self, action: SystemctlAction, unit: &str) -> Outcome {
        let argv = [
            "systemctl".to_string(),
            action.as_str().to_string(),
            unit.to_string(),
        ];
        let env = litemap::LiteMap::new();
        let io = crate::node::Io {
            stdin: "",
            env: &env,
            cwd: "/root",
        };
        crate::node::systemd::run(self, "systemctl", &argv, &io).unwrap_or_default()
    }
}

/// containerd namespaces as the world's image stores name them.
fn store_name(ns: &str) -> &'static str {
    match ns {
        "k8s.io" => "k8s.io",
        "moby" => "moby",
        _ => "default",
    }
}

fn short_repo(image: &str) -> String {
    let last = image.rsplit('/').next().unwrap_or(image);
    last.split([':', '@']).next().unwrap_or(last).to_string()
}

/// `-p` specs as (host, container) TCP ports.
fn ports_of(r: &ContainerRun) -> Result<Vec<(u16, u16)>, String> {
    let mut out = Vec::new();
    for PortSpec {
        host_port,
        container_port,
        ..
    } in &r.publish
    {
        let c: u16 = container_port
            .parse()
            .map_err(|_| format!("invalid containerPort: {container_port}"))?;
        let h: u16 = match host_port.as_deref() {
            None | Some("") => 32768 + c % 1000,
            Some(h) => h.parse().map_err(|_| format!("invalid hostPort: {h}"))?,
        };
        out.push((h, c));
    }
    Ok(out)
}

/// Keeps only the named rows of a `kubectl get` table (and says which are missing).
fn filter_names(out: Outcome, names: &[String], kind: &str) -> Outcome {
    if names.is_empty() {
        return out;
    }
    let mut lines = out.stdout.lines();
    let head = lines.next().unwrap_or("");
    let rows: Vec<&str> = lines
        .filter(|l| {
            let first = l.split_whitespace().next().unwrap_or("");
            names.iter().any(|n| n == first)
        })
        .collect();
    let mut o = Outcome::default();
    if !rows.is_empty() {
        o.stdout = format!("{head}\n");
        for r in &rows {
            o.stdout.push_str(r);
            o.stdout.push('\n');
        }
    }
    for n in names {
        if !rows.iter().any(|r| r.split_whitespace().next() == Some(n)) {
            o.stderr.push_str(&format!(
                "Error from server (NotFound): {kind} \"{n}\" not found\n"
            ));
            o.exit = 1;
        }
    }
    o
}

/// One column of a table, without its header (`-q`).
fn quiet_column(out: Outcome, col: usize) -> Outcome {
    let s = out
        .stdout
        .lines()
        .skip(1)
        .filter_map(|l| l.split_whitespace().nth(col))
        .map(|w| format!("{w}\n"))
        .collect();
    Outcome { stdout: s, ..out }
}
