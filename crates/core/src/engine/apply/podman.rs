//! `podman` lines (Podman hosts and CRI-O nodes), and what the Kubernetes
//! and containerd/Docker clients answer on a Podman host, where nothing of
//! theirs listens.

use super::super::podman::RunReq;
use super::super::{Outcome, World};
use super::ports_of;
use crate::command::podman::{Podman, PodmanCommand};
use crate::command::Command;
use crate::config::Runtime;
use crate::msg;

/// podman's failure: `Error: …`.
fn error(exit: i32, msg: &str) -> Outcome {
    Outcome::err(exit, format!("Error: {msg}"))
}

fn no_such(name: &str) -> String {
    format!("no container with name or ID \"{name}\" found: no such container")
}

impl World {
    pub(crate) fn apply_podman(&mut self, p: &Podman) -> Outcome {
        if !self.cfg.runtime.has_podman() {
            return Outcome::err(127, "bash: podman: command not found").remark(msg!(
                "said-no-podman",
                runtime = self.cfg.runtime.label_msg()
            ));
        }
        let user = p.user.as_deref();
        let line = p.to_line();
        let line = line
            .strip_prefix(&format!("sudo -u {} ", user.unwrap_or("")))
            .unwrap_or(&line)
            .to_string();
        const MODELLED: &str = "podman run, ps, images, pull, stop, rm, logs, exec, inspect, pod create, pod ps, version";
        match &p.command {
            PodmanCommand::Help { .. } => Outcome::ok(
                "Manage pods, containers and images\n\nUsage:\n  podman [options] [command]\n",
            ),
            PodmanCommand::Version => Outcome::ok(format!("podman version {}\n", "5.8.2")),
            PodmanCommand::Run(r) => {
                let ports = match ports_of(&r.run) {
                    Ok(p) => p,
                    Err(e) => return error(125, &e),
                };
                if r.run.interactive && r.run.tty && !r.run.detach {
                    return self.not_modelled(
                        &line,
                        msg!(
                            "said-modelled-foreground-run",
                            tool = "podman",
                            flag = "-it"
                        ),
                    );
                }
                self.podman_exec_hop(&line, user);
                let mut cmd = Vec::new();
                if let Some(ep) = &r.run.entrypoint {
                    cmd.push(ep.clone());
                }
                cmd.extend(r.run.command.iter().cloned());
                let req = RunReq {
                    user,
                    image: &r.run.image,
                    name: r.run.name.as_deref(),
                    cmd,
                    ports,
                    rm: r.run.rm,
                    pod: r.pod.clone(),
                    memory: r.run.memory_bytes(),
                };
                let mut out = Outcome::default();
                match self.podman_run(&req, &mut out) {
                    Ok(id) => {
                        if r.run.detach {
                            out.stdout.push_str(&format!("{id}\n"));
                            return out;
                        }
                        // Attached: podman waits for the container, printing its
                        // output (with --rm the exit command removes it at the end).
                        let until = self.now_ms + 60_000;
                        let mut last = self.ctrs.get(&id).cloned();
                        while last.as_ref().is_some_and(|c| c.oci.is_some()) && self.now_ms < until
                        {
                            let t = self.now_ms + 100;
                            self.run_until(t);
                            match self.ctrs.get(&id) {
                                Some(c) => last = Some(c.clone()),
                                None => {
                                    last = self.podman.removed.clone().filter(|c| c.id == id);
                                    break;
                                }
                            }
                        }
                        let Some(c) = last else {
                            return out;
                        };
                        if self.ctrs.get(&id).is_some_and(|c| c.oci.is_some()) {
                            return self.not_modelled(&line, msg!("said-modelled-podman-run"));
                        }
                        for (_, stream, l) in &c.logs {
                            let s = if *stream == "stderr" {
                                &mut out.stderr
                            } else {
                                &mut out.stdout
                            };
                            s.push_str(l);
                            s.push('\n');
                        }
                        out.exit = c.exit_code;
                        out
                    }
                    Err(e) => {
                        out.stderr.push_str(&format!("Error: {e}\n"));
                        out.exit = if e.contains("executable file") {
                            127
                        } else {
                            125
                        };
                        out
                    }
                }
            }
            PodmanCommand::Ps {
                all,
                quiet,
                external,
            } => {
                self.podman_exec_hop(&line, user);
                self.podman_userns(&super::super::podman::Paths::of(user));
                self.podman_ps(user, *all, *quiet, *external)
            }
            PodmanCommand::Images { quiet } => {
                self.podman_exec_hop(&line, user);
                self.podman_userns(&super::super::podman::Paths::of(user));
                self.podman_images(user, *quiet)
            }
            PodmanCommand::Pull { image } => {
                self.podman_exec_hop(&line, user);
                let paths = super::super::podman::Paths::of(user);
                self.podman_userns(&paths);
                let mut out = Outcome::default();
                match self.podman_image(&paths, image, &mut out, true) {
                    Ok(img) => {
                        out.stdout
                            .push_str(&format!("{}\n", img.id.trim_start_matches("sha256:")));
                        out
                    }
                    Err(e) => {
                        out.stderr.push_str(&format!("Error: {e}\n"));
                        out.exit = 125;
                        out
                    }
                }
            }
            PodmanCommand::Stop { containers, time } => {
                self.podman_exec_hop(&line, user);
                self.podman_userns(&super::super::podman::Paths::of(user));
                let mut out = Outcome::default();
                for n in containers {
                    match self.podman_find(user, n) {
                        Some(id) => {
                            let t = time.unwrap_or(10).max(0) as u64;
                            self.podman_stop_one(&id, t, &mut out);
                            out.stdout.push_str(&format!("{n}\n"));
                        }
                        None => {
                            out.stderr.push_str(&format!("Error: {}\n", no_such(n)));
                            out.exit = 125;
                        }
                    }
                }
                out
            }
            PodmanCommand::Rm { containers, force } => {
                self.podman_exec_hop(&line, user);
                self.podman_userns(&super::super::podman::Paths::of(user));
                let mut out = Outcome::default();
                for n in containers {
                    let Some(id) = self.podman_find(user, n) else {
                        out.stderr.push_str(&format!("Error: {}\n", no_such(n)));
                        out.exit = 1;
                        continue;
                    };
                    let running =
                        self.podman.ctrs.get(&id).is_some_and(|p| {
                            p.state == super::super::podman::PodmanStatus::Running
                        });
                    if running && !force {
                        out.stderr.push_str(&format!("Error: cannot remove container {id} as it is running - running or paused containers cannot be removed without force: container state improper\n"));
                        out.exit = 2;
                        continue;
                    }
                    if running {
                        self.podman_stop_one(&id, 10, &mut out);
                    }
                    self.podman_cleanup(&id, crate::trace::Component::Podman);
                    self.podman_remove_storage(&id);
                    out.stdout.push_str(&format!("{n}\n"));
                }
                out
            }
            PodmanCommand::Logs { container } => {
                self.podman_exec_hop(&line, user);
                self.podman_userns(&super::super::podman::Paths::of(user));
                match self.podman_find(user, container) {
                    Some(id) => self.podman_logs(&id),
                    None => error(125, &no_such(container)),
                }
            }
            PodmanCommand::Exec(e) => {
                self.podman_exec_hop(&line, user);
                self.podman_userns(&super::super::podman::Paths::of(user));
                match self.podman_find(user, &e.container) {
                    Some(id) => match self.podman_exec(&id, &e.command) {
                        Ok(o) => o,
                        Err(m) => error(125, &m),
                    },
                    None => error(125, &no_such(&e.container)),
                }
            }
            PodmanCommand::Inspect { names } => {
                self.podman_exec_hop(&line, user);
                self.podman_userns(&super::super::podman::Paths::of(user));
                let mut items = Vec::new();
                let mut err = String::new();
                for n in names {
                    match self
                        .podman_find(user, n)
                        .and_then(|id| self.podman_inspect(&id))
                    {
                        Some(j) => items.push(j),
                        None => err.push_str(&format!("Error: no such object: \"{n}\"\n")),
                    }
                }
                Outcome {
                    exit: if err.is_empty() { 0 } else { 125 },
                    stdout: super::super::output::podman_json(&items),
                    stderr: err,
                    remarks: Vec::new(),
                    edit: None,
                    follow: None,
                }
            }
            PodmanCommand::PodCreate { name } => {
                self.podman_exec_hop(&line, user);
                match self.podman_pod_create(user, name.as_deref()) {
                    Ok(id) => Outcome::ok(format!("{id}\n")),
                    Err(e) => error(125, &e),
                }
            }
            PodmanCommand::PodPs => {
                self.podman_exec_hop(&line, user);
                self.podman_userns(&super::super::podman::Paths::of(user));
                self.podman_pod_ps(user)
            }
            #[allow(unreachable_patterns)]
            _ => self.not_modelled(&line, MODELLED),
        }
    }

    /// On a Podman host nothing of Kubernetes', containerd's or Docker's
    /// listens: each client says what it says when its server is missing.
    pub(crate) fn podman_host_answer(&self, cmd: &Command) -> Option<Outcome> {
        if self.cfg.runtime != Runtime::Podman {
            return None;
        }
        let time = World::rfc3339(self.now_ms, false);
        let klog = {
            // klog's header: E<mmdd> <hh:mm:ss.uuuuuu> <pid> <file:line>]
            let t = World::rfc3339(self.now_ms, true);
            let mmdd = format!("{}{}", &t[5..7], &t[8..10]);
            let clock = format!("{}.{}", &t[11..19], &t[20..26]);
            (mmdd, clock)
        };
        Some(match cmd {
            Command::Kubectl(_) => {
                // kubectl with no kubeconfig tries http://localhost:8080.
                let err = "couldn't get current server API group list: Get \"http://localhost:8080/api?timeout=32s\": dial tcp [::1]:8080: connect: connection refused";
                let k = self.cfg.k8s.0;
                let line = if k >= 31 {
                    format!("E{} {}    4242 memcache.go:265] \"Unhandled Error\" err=\"{}\"", klog.0, klog.1, err.replace('"', "\\\""))
                } else if k >= 27 {
                    format!("E{} {}    4242 memcache.go:265] {err}", klog.0, klog.1)
                } else {
                    format!("E{} {}    4242 memcache.go:238] {err}", klog.0, klog.1)
                };
                let mut s = String::new();
                for _ in 0..5 {
                    s.push_str(&line);
                    s.push('\n');
                }
                s.push_str("The connection to the server localhost:8080 was refused - did you specify the right host or port?\n");
                Outcome::err(1, s)
            }
            Command::Crictl(_) => Outcome::err(
                1,
                format!(
                    "time=\"{time}\" level=warning msg=\"runtime connect using default endpoints: [unix:///run/containerd/containerd.sock unix:///run/crio/crio.sock unix:///var/run/cri-dockerd.sock]. As the default settings are now deprecated, you should set the endpoint instead.\"\ntime=\"{time}\" level=fatal msg=\"validate service connection: validate CRI v1 runtime API for endpoint \\\"unix:///run/containerd/containerd.sock\\\": rpc error: code = Unavailable desc = connection error: desc = \\\"transport: Error while dialing: dial unix /run/containerd/containerd.sock: connect: no such file or directory\\\"\""
                ),
            ),
            Command::Ctr(_) => Outcome::err(
                1,
                "ctr: failed to dial \"/run/containerd/containerd.sock\": context deadline exceeded",
            ),
            Command::Nerdctl(_) => Outcome::err(
                1,
                format!("time=\"{time}\" level=fatal msg=\"cannot access containerd socket \\\"/run/containerd/containerd.sock\\\": no such file or directory\""),
            ),
            Command::Docker(_) => Outcome::err(
                1,
                "Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?",
            ),
            _ => return None,
        })
    }
}
