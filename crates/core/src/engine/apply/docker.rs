//! `docker` lines, against dockerd.

use super::super::docker::RunOpts;
use super::super::{h, Follow, Outcome, World};
use super::ports_of;
use crate::command::docker::{Docker, DockerCommand};
use crate::msg;
use crate::trace::{Component, Iface};

/// The runtimes dockerd knows on a modelled Docker Engine node: its default
/// `runc` (also by its shim's name) and gVisor's `runsc`, registered in
/// /etc/docker/daemon.json by `runsc install`.
const DOCKER_RUNTIMES: [&str; 3] = ["runc", "io.containerd.runc.v2", "runsc"];

/// moby's `isPermissibleC8dRuntimeName`: a name dockerd hands to containerd
/// as it is (no `/`, and a shim binary name derives from it: at least two
/// dot-separated parts, the first not empty).
fn c8d_runtime_name(name: &str) -> bool {
    let parts: Vec<&str> = name.split('.').collect();
    !name.contains('/') && parts.len() >= 2 && !parts[0].is_empty()
}

impl World {
    pub(crate) fn apply_docker(&mut self, d: &Docker) -> Outcome {
        if !self.cfg.runtime.has_docker() {
            return Outcome::err(127, "bash: docker: command not found").remark(msg!(
                "said-no-docker",
                runtime = self.cfg.runtime.label_msg()
            ));
        }
        const MODELLED: &str = "docker run, ps, exec, stop, kill, rm, logs, pull, version, images, inspect, info, network ls";
        match &d.command {
            DockerCommand::Run(r) => {
                if r.interactive && r.tty && !r.detach {
                    return self.not_modelled(
                        &d.to_line(),
                        msg!(
                            "said-modelled-foreground-run",
                            tool = "docker",
                            flag = "-it"
                        ),
                    );
                }
                let ports = match ports_of(r) {
                    Ok(p) => p,
                    Err(e) => {
                        return Outcome::err(
                            125,
                            format!("docker: {e}.\nSee 'docker run --help'."),
                        );
                    }
                };
                if let Some(n) = &r.name {
                    if let Some(id) = self
                        .docker_find(n)
                        .filter(|id| self.ctrs.get(id).map(|c| &c.name == n).unwrap_or(false))
                    {
                        return Outcome::err(
                            125,
                            format!("docker: Error response from daemon: Conflict. The container name \"/{n}\" is already in use by container \"{id}\". You have to remove (or rename) that container to be able to reuse that name.\nSee 'docker run --help'."),
                        );
                    }
                }
                if r.runtime
                    .as_deref()
                    .is_some_and(|rt| !DOCKER_RUNTIMES.contains(&rt) && c8d_runtime_name(rt))
                {
                    return self.not_modelled(&d.to_line(), msg!("said-modelled-docker-runtime"));
                }
                if let Some(rt) = r
                    .runtime
                    .as_deref()
                    .filter(|rt| !DOCKER_RUNTIMES.contains(rt))
                {
                    // moby's getRuntime refuses it at create, before any image lookup.
                    self.emit(h(
                        Component::Docker,
                        Component::Dockerd,
                        Iface::DockerApi,
                        "HEAD /_ping",
                    ));
                    self.emit(
                        h(
                            Component::Docker,
                            Component::Dockerd,
                            Iface::DockerApi,
                            "POST /v1.47/containers/create",
                        )
                        .note(msg!(
                            "cmd-docker-unknown-runtime",
                            runtime = format!("{rt:?}")
                        ))
                        .d("status", 400),
                    );
                    return Outcome::err(125, format!("docker: Error response from daemon: unknown or invalid runtime name: {rt}.\nSee 'docker run --help'."));
                }
                let opts = RunOpts {
                    image: r.image.clone(),
                    name: r.name.clone(),
                    cmd: r.command.clone(),
                    entrypoint: r.entrypoint.clone(),
                    ports,
                    init: r.init,
                    rm: r.rm,
                    memory: r.memory_bytes(),
                    runtime: r.runtime.clone(),
                    pod: None,
                };
                self.docker_run_cmd(&opts, r.detach)
            }
            DockerCommand::Ps { all, quiet, .. } => self.docker_ps(*all, *quiet),
            DockerCommand::Stop {
                containers, time, ..
            } => self.docker_stop_cmd(containers, time.unwrap_or(10).max(0) as u64),
            DockerCommand::Kill { containers, signal } => {
                let mut out = Outcome::default();
                let sig = signal.as_deref().unwrap_or("SIGKILL");
                for c in containers {
                    self.emit(h(
                        Component::Docker,
                        Component::Dockerd,
                        Iface::DockerApi,
                        format!("POST /v1.47/containers/{c}/kill?signal={sig}"),
                    ));
                    match self.docker_find(c) {
                        Some(id)
                            if self.ctrs.get(&id).and_then(|x| x.task)
                                == Some(crate::lifecycle::task::TaskStatus::Running) =>
                        {
                            let name = crate::command::units::parse_signal(sig)
                                .and_then(crate::command::units::signal_name)
                                .unwrap_or("SIGKILL");
                            let _ = self.task_kill(Component::Dockerd, &id, name, false);
                            out.stdout.push_str(&format!("{c}\n"));
                        }
                        Some(id) => {
                            out.stderr.push_str(&format!("Error response from daemon: cannot kill container: {c}: container {id} is not running\n"));
                            out.exit = 1;
                        }
                        None => {
                            out.stderr.push_str(&format!("Error response from daemon: cannot kill container: {c}: No such container: {c}\n"));
                            out.exit = 1;
                        }
                    }
                }
                out
            }
            DockerCommand::Rm {
                containers, force, ..
            } => {
                let mut out = Outcome::default();
                for c in containers {
                    match self.docker_find(c) {
                        Some(id) => {
                            let running = self.ctrs.get(&id).and_then(|x| x.task)
                                == Some(crate::lifecycle::task::TaskStatus::Running);
                            if running && !force {
                                self.emit(h(
                                    Component::Docker,
                                    Component::Dockerd,
                                    Iface::DockerApi,
                                    format!("DELETE /v1.47/containers/{c}"),
                                ));
                                out.stderr.push_str(&format!("Error response from daemon: cannot remove container \"/{}\": container is running: stop the container before removing or force remove\n", self.ctrs.get(&id).map(|x| x.name.clone()).unwrap_or_default()));
                                out.exit = 1;
                                continue;
                            }
                            self.dockerd_remove(Component::Docker, &id, *force);
                            out.stdout.push_str(&format!("{c}\n"));
                        }
                        None => {
                            self.emit(h(
                                Component::Docker,
                                Component::Dockerd,
                                Iface::DockerApi,
                                format!("DELETE /v1.47/containers/{c}"),
                            ));
                            out.stderr.push_str(&format!(
                                "Error response from daemon: No such container: {c}\n"
                            ));
                            out.exit = 1;
                        }
                    }
                }
                out
            }
            DockerCommand::Logs {
                container,
                tail,
                follow,
                ..
            } => {
                self.emit(
                    h(
                        Component::Docker,
                        Component::Dockerd,
                        Iface::DockerApi,
                        format!("GET /v1.47/containers/{container}/logs?stdout=1&stderr=1"),
                    )
                    .note(msg!("cmd-docker-logs-json-file")),
                );
                let Some(id) = self.docker_find(container) else {
                    return Outcome::err(
                        1,
                        format!("Error response from daemon: No such container: {container}"),
                    );
                };
                let mut out = Outcome::default();
                if let Some(c) = self.ctrs.get(&id) {
                    let n = tail
                        .as_deref()
                        .and_then(|t| t.parse::<usize>().ok())
                        .unwrap_or(usize::MAX);
                    let skip = c.logs.len().saturating_sub(n);
                    for (_, stream, l) in c.logs.iter().skip(skip) {
                        let s = if *stream == "stderr" {
                            &mut out.stderr
                        } else {
                            &mut out.stdout
                        };
                        s.push_str(l);
                        s.push('\n');
                    }
                }
                let followed = (*follow).then(|| Follow::logs(self, &id, false)).flatten();
                World::following(out, followed)
            }
            DockerCommand::Pull { image, .. } => self.docker_pull(image),
            DockerCommand::Exec(e) => {
                if e.interactive && e.tty {
                    return self.not_modelled(&d.to_line(), msg!("said-modelled-docker-exec"));
                }
                self.client_exec(Component::Docker, &e.container, &e.command)
            }
            DockerCommand::Version { .. } => {
                self.emit(h(
                    Component::Docker,
                    Component::Dockerd,
                    Iface::DockerApi,
                    "GET /v1.47/version",
                ));
                let v = self.cfg.runtime_version();
                Outcome::ok(format!(
                    "Client: Docker Engine - Community\n Version:           {v}\n API version:       1.47\n Go version:        go1.22.11\n OS/Arch:           linux/amd64\n\nServer: Docker Engine - Community\n Engine:\n  Version:          {v}\n  API version:      1.47 (minimum version 1.24)\n containerd:\n  Version:          1.7.25\n runc:\n  Version:          1.2.4\n docker-init:\n  Version:          0.19.0\n"
                ))
            }
            DockerCommand::ClientVersion => Outcome::ok(format!(
                "Docker version {}, build 9f9e405\n",
                self.cfg.runtime_version()
            )),
            DockerCommand::Images {
                quiet, no_trunc, ..
            } => self.docker_images(*quiet, *no_trunc),
            DockerCommand::Inspect { names, format, .. } => {
                self.docker_inspect(names, format.as_deref())
            }
            DockerCommand::Info { format } => self.docker_info(format.as_deref()),
            DockerCommand::NetworkLs { quiet, no_trunc } => {
                self.docker_network_ls(*quiet, *no_trunc)
            }
            DockerCommand::Create(_) | DockerCommand::Start { .. } | DockerCommand::Rmi { .. } => {
                self.not_modelled(&d.to_line(), MODELLED)
            }
            DockerCommand::Help { .. } => Outcome::ok(
                "Usage:  docker [OPTIONS] COMMAND\n\nA self-sufficient runtime for containers\n\n",
            )
            .remark(crate::msg!("said-simulated", list = MODELLED)),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::config::{Config, Runtime};
    use crate::message::{Catalog, Lang};
    use crate::sim::Sim;

    #[test]
    fn dockerds_refusal_of_a_runtime_is_noted_in_both_languages() {
        let cfg = Config {
            runtime: Runtime::CriDockerd,
            ..Config::default()
        };
        let mut sim = Sim::new(cfg, 1);
        let step = sim.run_line("docker run -d --runtime=foo nginx");
        let note = step
            .hops
            .iter()
            .find_map(|h| h.note.clone())
            .expect("the create call's note");
        assert_eq!(
            Catalog::english().text(&note),
            "400: dockerd knows no runtime \"foo\" (daemon.json \"runtimes\", or the default runc)"
        );
        assert_eq!(
            Catalog::builtin(Lang::Ko).text(&note),
            "400: dockerd는 런타임 \"foo\"를 모른다(daemon.json의 \"runtimes\"에도 없고 기본 runc도 아니다)"
        );
    }
}
