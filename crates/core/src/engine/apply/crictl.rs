//! `crictl` lines, against whichever CRI server the node runs.

use super::super::{h, Follow, Origin, Outcome, World};
use super::quiet_column;
use crate::command::crictl::{Crictl, CrictlCommand};
use crate::trace::{Component, Iface};

impl World {
    /// One crictl line: connect to the endpoint the flags, environment and
    /// config file name (its warnings kept before the command's stderr),
    /// then run the command.
    pub(crate) fn apply_crictl(&mut self, c: &Crictl) -> Outcome {
        match self.crictl_connect(c) {
            Err(out) => out,
            Ok(log) => {
                let mut out = self.crictl_command(c);
                if !log.is_empty() {
                    out.stderr.insert_str(0, &log);
                }
                out
            }
        }
    }

    fn crictl_command(&mut self, c: &Crictl) -> Outcome {
        const MODELLED: &str = "crictl version, info, config, pods, ps, images, pull, rmi, inspecti, imagefsinfo, runp, create, start, stop, stopp, rm, rmp, run, logs, exec, inspect, inspectp, stats, statsp, runtime-config";
        match &c.command {
            CrictlCommand::Version => {
                self.emit(h(Component::Crictl, self.cri_server(), Iface::Cri, "Version"));
                let (name, ver) = match self.cfg.runtime {
                    crate::config::Runtime::Containerd17 | crate::config::Runtime::Containerd2 => {
                        ("containerd", self.cfg.runtime_version())
                    }
                    crate::config::Runtime::CriO => ("cri-o", self.cfg.runtime_version()),
                    crate::config::Runtime::Dockershim => ("docker", self.cfg.runtime_version()),
                    crate::config::Runtime::CriDockerd | crate::config::Runtime::Podman => ("docker", self.cfg.runtime_version()),
                };
                Outcome::ok(format!(
                    "Version:  0.1.0\nRuntimeName:  {name}\nRuntimeVersion:  {ver}\nRuntimeApiVersion:  {}\n",
                    self.cfg.k8s.cri_api()
                ))
            }
            CrictlCommand::ClientVersion => Outcome::ok(format!("crictl version v1.{}.0\n", self.cfg.k8s.0)),
            CrictlCommand::Pods(f) => self.crictl_pods(f),
            CrictlCommand::Ps(f) => self.crictl_ps(f),
            CrictlCommand::Images { quiet, .. } => {
                let out = self.crictl_images();
                if *quiet {
                    return quiet_column(out, 2);
                }
                out
            }
            CrictlCommand::Pull { image, .. } => self.crictl_pull(image),
            CrictlCommand::Runp { runtime, pod_config } => {
                self.crictl_runp(pod_config, runtime.as_deref().unwrap_or(""))
            }
            CrictlCommand::Create {
                pod_id,
                container_config,
                pod_config,
                ..
            } => self.crictl_create(pod_id, container_config, pod_config),
            CrictlCommand::Start { ids } => self.crictl_each("start", ids, false, 0),
            CrictlCommand::Stop { ids, timeout, all } => {
                let ids = if *all { self.cri_ids(false) } else { ids.clone() };
                self.crictl_each("stop", &ids, false, timeout.unwrap_or(0).max(0) as u64)
            }
            CrictlCommand::Rm { ids, force, all } => {
                let ids = if *all { self.cri_ids(false) } else { ids.clone() };
                if *force {
                    let _ = self.crictl_each("stop", &ids, false, 0);
                }
                self.crictl_each("remove", &ids, false, 0)
            }
            CrictlCommand::Stopp { ids } => self.crictl_each("stop", ids, true, 0),
            CrictlCommand::Rmp { ids, force, all } => {
                let ids = if *all { self.cri_ids(true) } else { ids.clone() };
                if *force {
                    let _ = self.crictl_each("stop", &ids, true, 0);
                }
                self.crictl_each("remove", &ids, true, 0)
            }
            CrictlCommand::Run {
                runtime,
                container_config,
                pod_config,
                ..
            } => {
                let pod = self.crictl_runp(pod_config, runtime.as_deref().unwrap_or(""));
                if pod.exit != 0 {
                    return pod;
                }
                let pid = pod.stdout.trim().to_string();
                let ctr = self.crictl_create(&pid, container_config, pod_config);
                if ctr.exit != 0 {
                    return ctr;
                }
                let cid = ctr.stdout.trim().to_string();
                let started = self.crictl_each("start", std::slice::from_ref(&cid), false, 0);
                if started.exit != 0 {
                    return started;
                }
                Outcome::ok(format!("{cid}\n"))
            }
            CrictlCommand::Logs {
                id,
                tail,
                previous,
                timestamps,
                follow,
            } => {
                let out = self.crictl_logs(id, *previous, *tail, *timestamps);
                let followed = self
                    .ctrs
                    .values()
                    .find(|c| c.origin == Origin::Cri && !id.is_empty() && c.id.starts_with(id.as_str()))
                    .map(|c| c.id.clone())
                    .filter(|_| *follow && !*previous)
                    .and_then(|c| Follow::logs(self, &c, *timestamps));
                World::following(out, followed)
            }
            CrictlCommand::Exec { id, command, tty, .. } => self.crictl_exec(id, command, *tty),
            CrictlCommand::Inspect(i) => {
                self.crictl_inspect(&i.ids, false, i.output.as_deref(), i.template.as_deref())
            }
            CrictlCommand::Inspectp(i) => {
                self.crictl_inspect(&i.ids, true, i.output.as_deref(), i.template.as_deref())
            }
            CrictlCommand::Inspecti(i) => {
                self.crictl_inspecti(&i.ids, i.output.as_deref(), i.template.as_deref())
            }
            CrictlCommand::Info {
                output,
                quiet,
                template,
            } => self.crictl_info(output.as_deref(), template.as_deref(), *quiet),
            CrictlCommand::Config(cfg) => self.crictl_config(c, cfg),
            CrictlCommand::Rmi { images, all, prune } => self.crictl_rmi(images, *all, *prune),
            CrictlCommand::Stats {
                id,
                all,
                pod,
                output,
            } => self.crictl_stats(id.as_deref(), *all, pod.as_deref(), output.as_deref()),
            CrictlCommand::Statsp { id, output } => {
                self.crictl_statsp(id.as_deref(), output.as_deref())
            }
            CrictlCommand::Imagefsinfo { output } => self.crictl_imagefsinfo(output.as_deref()),
            CrictlCommand::RuntimeConfig => self.crictl_runtime_config(),
            CrictlCommand::Events { .. } => self.not_modelled(&c.to_line(), MODELLED),
            CrictlCommand::Help { .. } => Outcome::ok(
                "NAME:\n   crictl - client for CRI\n\nUSAGE:\n   crictl [global options] command [command options]\n\n",
            )
            .remark(crate::msg!("said-simulated", list = MODELLED)),
        }
    }

    pub(crate) fn cri_ids(&self, sandboxes: bool) -> Vec<String> {
        if sandboxes {
            self.sandboxes.keys().cloned().collect()
        } else {
            self.ctrs
                .values()
                .filter(|c| c.origin == Origin::Cri)
                .map(|c| c.id.clone())
                .collect()
        }
    }
}
