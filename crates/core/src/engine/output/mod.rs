//! What each client tool does on its side of the node and prints, one module
//! per tool (crictl, ctr, nerdctl, docker, kubectl, runc/crun), and the
//! renderers their outputs share: one `ps`-style table and one exec output.
//! The text is the real tool's, byte for byte where the references show it.

mod crictl;
mod crictl_list;
mod crictl_status;
pub(crate) use crictl::{CONTAINER_CONFIG, POD_CONFIG};
mod ctr;
mod ctr_filter;
mod ctr_inventory;
mod docker;
mod docker_inspect;
mod go_template;
pub(crate) mod kubectl;
mod kubectl_jsonpath;
mod kubectl_node;
mod kubectl_objects;
mod kubectl_yaml;
mod nerdctl;
mod nerdctl_inspect;
mod podman;
pub(crate) mod runc;

pub(crate) use podman::podman_json;

use super::format::{human_duration, tabwriter, trunc};
use super::workload::{DATE_MARK, HOSTNAME_MARK};
use super::{Ctr, Outcome, Workload, World};

/// How one tool lays out its `ps` table (docker's and nerdctl's share the
/// columns; they differ in these few choices).
pub(crate) struct PsStyle {
    /// Whether the tool calls a container running (its STATUS is `Up …`).
    pub running: fn(&Ctr) -> bool,
    /// The IMAGE cell.
    pub image: fn(&Ctr) -> String,
    /// The PORTS cell, given whether the container runs.
    pub ports: fn(&Ctr, bool) -> String,
    /// How many characters of a COMMAND longer than 20 are kept before `…`.
    pub command_kept: usize,
    /// tabwriter padding.
    pub padding: usize,
    /// Newest first (dockerd sorts by creation); otherwise in the order the
    /// store lists them, by id (nerdctl prints containerd's listing as it
    /// comes: its metadata store iterates by key).
    pub newest_first: bool,
}

/// A `ps`-style table (`CONTAINER ID IMAGE COMMAND CREATED STATUS PORTS
/// NAMES`) in the tool's order; `-a` shows stopped ones, `-q` only the short ids.
pub(crate) fn ps_table<'a>(
    now: u64,
    ctrs: impl IntoIterator<Item = &'a Ctr>,
    style: &PsStyle,
    all: bool,
    quiet: bool,
) -> Outcome {
    let mut rows = vec![[
        "CONTAINER ID",
        "IMAGE",
        "COMMAND",
        "CREATED",
        "STATUS",
        "PORTS",
        "NAMES",
    ]
    .map(String::from)
    .to_vec()];
    let mut q = String::new();
    let mut list: Vec<&Ctr> = ctrs.into_iter().collect();
    if style.newest_first {
        crate::order::sort_by_key(&mut list, |c| {
            std::cmp::Reverse((c.created_ms, c.id.clone()))
        });
    } else {
        crate::order::sort_by_key(&mut list, |c| c.id.clone());
    }
    for c in list {
        let running = (style.running)(c);
        if !all && !running {
            continue;
        }
        q.push_str(&format!("{}\n", trunc(&c.id, 12)));
        let cmd = c.args.join(" ");
        let cmd = if cmd.chars().count() > 20 {
            format!(
                "\"{}…\"",
                cmd.chars().take(style.command_kept).collect::<String>()
            )
        } else {
            format!("\"{cmd}\"")
        };
        let status = if running {
            format!("Up {}", human_duration(now.saturating_sub(c.started_ms)))
        } else if c.started_ms == 0 {
            "Created".to_string()
        } else {
            format!(
                "Exited ({}) {} ago",
                c.exit_code,
                human_duration(now.saturating_sub(c.finished_ms))
            )
        };
        rows.push(vec![
            trunc(&c.id, 12),
            (style.image)(c),
            cmd,
            format!("{} ago", human_duration(now.saturating_sub(c.created_ms))),
            status,
            (style.ports)(c, running),
            c.name.clone(),
        ]);
    }
    if quiet {
        return Outcome::ok(q);
    }
    Outcome::ok(tabwriter(&rows, 10, style.padding))
}

/// Appends a process's output lines to stdout or stderr, with the container's
/// hostname and the world's date filled in.
pub(crate) fn push_lines(
    out: &mut Outcome,
    lines: &[(&'static str, String)],
    host: &str,
    now_ms: u64,
) {
    let date = World::date_text(now_ms);
    for (stream, l) in lines {
        let s = if *stream == "stderr" {
            &mut out.stderr
        } else {
            &mut out.stdout
        };
        s.push_str(&l.replace(HOSTNAME_MARK, host).replace(DATE_MARK, &date));
        s.push('\n');
    }
}

/// What a command run by `exec` in a container prints and returns (`crictl
/// exec`, `docker exec`, `nerdctl exec`); `Err` carries the runtime's message
/// when the program does not exist, which each tool words its own way.
pub(crate) fn exec_output(cmd: &[String], host: &str, now_ms: u64) -> Result<Outcome, String> {
    let mut out = Outcome::default();
    match Workload::from_argv("", cmd) {
        Workload::Exits { code, lines, .. } => {
            push_lines(&mut out, &lines, host, now_ms);
            out.exit = code;
        }
        Workload::NotFound { message } => return Err(message),
        _ => {}
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use crate::config::{Oci, Runtime};
    use crate::message::Catalog;
    use crate::sim::Sim;
    use crate::Config;

    /// The last command's stderr as a terminal shows it, in English.
    fn stderr(cfg: Config, lines: &[&str]) -> String {
        let mut sim = Sim::new(cfg, 1);
        let english = Catalog::english();
        let mut last = String::new();
        for l in lines {
            last = sim.run_line(l).record.stderr_in(&english);
        }
        last
    }

    /// The simulator's own `atlas:` lines come from the catalog and read as
    /// they did when they were literals.
    #[test]
    fn atlas_lines_read_as_before() {
        assert_eq!(
            stderr(Config::default(), &["crun --version"]),
            "bash: crun: command not found\n(atlas: this node's OCI runtime is runc; choose --oci crun to have crun)\n"
        );
        assert_eq!(
            stderr(Config::default(), &["runc features"]),
            "time=\"2026-01-05T09:00:00Z\" level=error msg=\"atlas: `runc features` is a real command that this simulator does not model; modelled: spec, create, start, run, state, list, kill, delete, exec, ps, pause, resume, update (flags), --version\"\n"
        );
        let docker = Config {
            runtime: Runtime::CriDockerd,
            oci: Oci::Runc,
            ..Config::default()
        };
        let out = stderr(
            docker,
            &[
                "kubectl run web --image=nginx",
                "ID=$(crictl ps -q --name web)",
                "crictl exec $ID ls",
            ],
        );
        assert_eq!(
            out,
            "atlas: crictl exec on a Docker node is not simulated; use docker exec\n"
        );
    }
}
