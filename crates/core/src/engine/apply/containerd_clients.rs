//! containerd's own clients: `ctr` and `nerdctl` lines.

use super::super::{h, Follow, Origin, Outcome, World};
use super::{ports_of, quiet_column, short_repo, store_name};
use crate::command::ctr::{Ctr, CtrCommand};
use crate::command::nerdctl::{Nerdctl, NerdctlCommand};
use crate::msg;
use crate::trace::{Component, Iface};

impl World {
    /// Whether ctr reaches containerd (`--address`, `CONTAINERD_ADDRESS`,
    /// the default socket): ctr's dial error when not.
    fn ctr_dial(&self, c: &Ctr) -> Result<(), String> {
        let address = c
            .address
            .clone()
            .or_else(|| self.env_var("CONTAINERD_ADDRESS"))
            .unwrap_or_else(|| "/run/containerd/containerd.sock".to_string());
        let path = address.trim_start_matches("unix://");
        match self.node.fs.get(path) {
            Ok(crate::node::fs::Entry::Socket) if self.containerd_up => Ok(()),
            Ok(_) => Err(format!(
                "ctr: failed to dial \"{address}\": connection error: desc = \"transport: error while dialing: dial unix {path}: connect: connection refused\""
            )),
            Err(_) => Err(format!(
                "ctr: failed to dial \"{address}\": context deadline exceeded: connection error: desc = \"transport: error while dialing: dial unix:///{}: timeout\"",
                path.trim_start_matches('/')
            )),
        }
    }

    pub(crate) fn apply_ctr(&mut self, c: &Ctr) -> Outcome {
        if !self.cfg.runtime.has_containerd() {
            return Outcome::err(127, "bash: ctr: command not found").remark(msg!(
                "said-no-containerd",
                runtime = self.cfg.runtime.label_msg()
            ));
        }
        let reachable = self.ctr_dial(c);
        if let CtrCommand::Version = c.command {
            return self.ctr_version(reachable);
        }
        if let Err(e) = reachable {
            return Outcome::err(1, e);
        }
        let ns_name = c
            .namespace
            .clone()
            .or_else(|| self.env_var("CONTAINERD_NAMESPACE"))
            .unwrap_or_else(|| "default".to_string());
        let ns = store_name(&ns_name);
        const MODELLED: &str = "ctr version, images pull|ls|rm, run, containers ls|info|rm, tasks ls|kill|rm|start, namespaces ls, plugins ls, snapshots ls, content ls";
        match &c.command {
            CtrCommand::Version => self.ctr_version(Ok(())),
            CtrCommand::ClientVersion => Outcome::ok(format!(
                "ctr github.com/containerd/containerd {}\n",
                self.cfg.runtime_version()
            )),
            CtrCommand::NamespacesLs { quiet } => self.ctr_namespaces_ls(*quiet),
            CtrCommand::PluginsLs { quiet, .. } => self.ctr_plugins_ls(*quiet),
            CtrCommand::SnapshotsLs { .. } => self.ctr_snapshots_ls(ns),
            CtrCommand::ContentLs { quiet } => self.ctr_content_ls(ns, *quiet),
            CtrCommand::ImagesRm { refs, .. } => self.ctr_images_rm(ns, refs),
            CtrCommand::ContainersInfo { id } => self.ctr_containers_info(ns, id),
            CtrCommand::ImagesPull(p) => {
                if p.all_platforms || p.platforms.len() > 1 {
                    return self.not_modelled(&c.to_line(), msg!("said-modelled-ctr-pull"));
                }
                self.ctr_pull(ns, &p.reference)
            }
            CtrCommand::ImagesLs { quiet } => self.ctr_images_ls(ns, *quiet),
            CtrCommand::Run(r) => {
                if let Some(rt) = &r.runtime {
                    if rt != "io.containerd.runc.v2" {
                        return self.not_modelled(&c.to_line(), msg!("said-modelled-ctr-runtime"));
                    }
                }
                if r.tty && !r.detach {
                    return self.not_modelled(&c.to_line(), msg!("said-modelled-foreground-run", tool = "ctr", flag = "-t"));
                }
                if self.ctrs.values().any(|x| x.ns == ns && x.id == r.id) {
                    return Outcome::err(
                        1,
                        format!("ctr: container \"{}\": already exists", r.id),
                    );
                }
                self.client_run(
                    Component::Ctr,
                    ns,
                    &r.image,
                    &r.id,
                    r.command.clone(),
                    r.detach,
                    vec![],
                    r.memory_limit,
                )
            }
            CtrCommand::ContainersLs { quiet, filters } => {
                self.ctr_containers_ls(ns, *quiet, filters)
            }
            CtrCommand::TasksLs { quiet } => {
                let out = self.ctr_tasks_ls(ns);
                if *quiet {
                    return quiet_column(out, 0);
                }
                out
            }
            CtrCommand::TasksKill { id, signal, all, exec_id } => {
                if exec_id.is_some() {
                    return self.not_modelled(&c.to_line(), "ctr tasks kill ID [--signal SIG] [--all]");
                }
                let sig = signal.as_deref().unwrap_or("SIGTERM");
                let Some(n) = crate::command::units::parse_signal(sig) else {
                    return Outcome::err(1, format!("ctr: invalid signal \"{sig}\""));
                };
                let name = crate::command::units::signal_name(n).unwrap_or("SIGTERM");
                if self.ctr_find(ns, id).and_then(|x| self.ctrs.get(&x)).and_then(|x| x.task).is_none() {
                    self.emit(h(Component::Ctr, Component::ContainerdTasks, Iface::ContainerdApi, "Tasks.Kill").d("container_id", id.clone()));
                    return Outcome::err(1, format!("ctr: no running task found: task {id} not found: not found"));
                }
                let cid = self.ctr_find(ns, id).unwrap_or_default();
                match self.task_kill(Component::Ctr, &cid, name, *all) {
                    Ok(()) => Outcome::default(),
                    Err(e) => Outcome::err(1, format!("ctr: {e}")),
                }
            }
            CtrCommand::TasksRm { ids, force, exec_id } => {
                if exec_id.is_some() {
                    return self.not_modelled(&c.to_line(), "ctr tasks rm ID [--force]");
                }
                let mut out = Outcome::default();
                for id in ids {
                    let Some(cid) = self.ctr_find(ns, id).filter(|x| self.ctrs.get(x).and_then(|c| c.task).is_some()) else {
                        out.stderr.push_str(&format!("ctr: no such task {id}: not found\n"));
                        out.exit = 1;
                        continue;
                    };
                    let running = self.ctrs.get(&cid).and_then(|c| c.task) == Some(crate::lifecycle::task::TaskStatus::Running);
                    if running && !force {
                        out.stderr.push_str(&format!("WARN[0000] task {id} must be stopped before deletion: running: failed precondition\nctr: task must be stopped before deletion: running: failed precondition\n"));
                        out.exit = 1;
                        continue;
                    }
                    if running {
                        let _ = self.task_kill(Component::Ctr, &cid, "SIGKILL", true);
                        self.wait_exit(&cid, 100);
                    }
                    if let Err(e) = self.task_delete(Component::Ctr, &cid, None) {
                        out.stderr.push_str(&format!("ctr: {e}\n"));
                        out.exit = 1;
                    } else {
                        out.stdout.push_str(&format!("{id}\n"));
                    }
                }
                if out.exit == 0 {
                    out.stdout.clear();
                }
                out
            }
            CtrCommand::ContainersRm { ids } => {
                let mut out = Outcome::default();
                for id in ids {
                    self.emit(h(Component::Ctr, Component::Containerd, Iface::ContainerdApi, "Containers.Delete").d("id", id.clone()));
                    match self.ctr_find(ns, id) {
                        None => {
                            out.stderr.push_str(&format!("ERRO[0000] failed to delete container \"{id}\"  error=\"container \\\"{id}\\\" in namespace \\\"{ns}\\\": not found\"\nctr: container \"{id}\" in namespace \"{ns}\": not found\n"));
                            out.exit = 1;
                        }
                        Some(cid) if self.ctrs.get(&cid).and_then(|c| c.task).is_some() => {
                            out.stderr.push_str(&format!("ERRO[0000] failed to delete container \"{id}\"  error=\"cannot delete a non stopped container: {{running 0 0001-01-01 00:00:00 +0000 UTC}}\"\nctr: cannot delete a non stopped container: {{running 0 0001-01-01 00:00:00 +0000 UTC}}\n"));
                            out.exit = 1;
                        }
                        Some(cid) => {
                            self.ctrs.remove(&cid);
                        }
                    }
                }
                out
            }
            CtrCommand::TasksStart { id, .. } => {
                let Some(cid) = self.ctr_find(ns, id) else {
                    return Outcome::err(1, format!("ctr: container \"{id}\" in namespace \"{ns}\": not found"));
                };
                if self.ctrs.get(&cid).and_then(|c| c.task).is_some() {
                    return Outcome::err(1, format!("ctr: task {id}: already exists"));
                }
                if let Err(e) = self.task_create(Component::Ctr, &cid, None) {
                    return Outcome::err(1, format!("ctr: {e}"));
                }
                self.task_wait(Component::Ctr, &cid);
                match self.task_start(Component::Ctr, &cid) {
                    Ok(_) => Outcome::default(),
                    Err(e) => Outcome::err(1, format!("ctr: {e}")),
                }
            }
            CtrCommand::TasksExec { .. }
            | CtrCommand::TasksPs { .. }
            | CtrCommand::TasksPause { .. }
            | CtrCommand::TasksResume { .. }
            | CtrCommand::ImagesImport { .. }
            | CtrCommand::Events
            | CtrCommand::LeasesLs { .. } => self.not_modelled(&c.to_line(), MODELLED),
            CtrCommand::Help { .. } => Outcome::ok(
                "NAME:\n   ctr - \n        __\n  _____/ /______\n / ___/ __/ ___/\n/ /__/ /_/ /\n\\___/\\__/_/\n\ncontainerd CLI\n\n",
            )
            .remark(crate::msg!("said-simulated", list = MODELLED)),
        }
    }

    /// A container by id in a containerd namespace.
    pub(crate) fn ctr_find(&self, ns: &str, id: &str) -> Option<String> {
        self.ctrs
            .values()
            .find(|c| {
                c.ns == ns
                    && (c.id == id
                        || (c.origin == Origin::Ctr || c.origin == Origin::Nerdctl) && c.name == id)
            })
            .map(|c| c.id.clone())
    }

    pub(crate) fn apply_nerdctl(&mut self, n: &Nerdctl) -> Outcome {
        if !self.cfg.runtime.has_containerd() {
            return Outcome::err(127, "bash: nerdctl: command not found").remark(msg!(
                "said-no-containerd",
                runtime = self.cfg.runtime.label_msg()
            ));
        }
        let ns_name = n
            .namespace
            .clone()
            .or_else(|| self.env_var("CONTAINERD_NAMESPACE"))
            .unwrap_or_else(|| "default".to_string());
        let ns = store_name(&ns_name);
        const MODELLED: &str =
            "nerdctl run, ps, exec, pull, stop, rm, version, images, logs, inspect";
        match &n.command {
            NerdctlCommand::Run(r) => {
                if r.interactive || r.tty {
                    return self.not_modelled(&n.to_line(), msg!("said-modelled-nerdctl-run"));
                }
                let ports = match ports_of(r) {
                    Ok(p) => p,
                    Err(e) => return Outcome::err(1, format!("time=\"{}\" level=fatal msg=\"{e}\"", World::rfc3339(self.now_ms, false))),
                };
                let id = self.hex_id();
                let name = r.name.clone().unwrap_or_else(|| format!("{}-{}", short_repo(&r.image), &id[..5]));
                if self.ctr_find(ns, &name).is_some() {
                    return Outcome::err(1, format!("time=\"{}\" level=fatal msg=\"name \\\"{name}\\\" is already used by ID \\\"{}\\\"\"", World::rfc3339(self.now_ms, false), self.ctr_find(ns, &name).unwrap_or_default()));
                }
                self.client_run(Component::Nerdctl, ns, &r.image, &name, r.command.clone(), r.detach, ports, r.memory_bytes())
            }
            NerdctlCommand::Ps { all, quiet, .. } => {
                self.nerdctl_ps(Component::Nerdctl, ns, *all, *quiet)
            }
            NerdctlCommand::Pull { image, .. } => {
                let out = self.ctr_pull(ns, image);
                if out.exit == 0 {
                    return Outcome::ok(String::new());
                }
                out
            }
            NerdctlCommand::Stop { containers, time } => {
                let mut out = Outcome::default();
                for c in containers {
                    match self.ctr_find(ns, c) {
                        Some(cid) => {
                            let t = time.unwrap_or(10).max(0) as u64;
                            self.client_stop(Component::Nerdctl, &cid, t);
                            out.stdout.push_str(&format!("{c}\n"));
                        }
                        None => {
                            out.stderr.push_str(&format!("time=\"{}\" level=fatal msg=\"1 errors:\\nno such container: {c}\"\n", World::rfc3339(self.now_ms, false)));
                            out.exit = 1;
                        }
                    }
                }
                out
            }
            NerdctlCommand::Rm { containers, force } => {
                let mut out = Outcome::default();
                for c in containers {
                    match self.ctr_find(ns, c) {
                        Some(cid) => {
                            let running = self.ctrs.get(&cid).and_then(|x| x.task) == Some(crate::lifecycle::task::TaskStatus::Running);
                            if running && !force {
                                out.stderr.push_str(&format!("time=\"{}\" level=fatal msg=\"1 errors:\\ncontainer {cid} is in running status. unpause/stop container first or force removal\"\n", World::rfc3339(self.now_ms, false)));
                                out.exit = 1;
                                continue;
                            }
                            if running {
                                self.client_stop(Component::Nerdctl, &cid, 0);
                            }
                            if self.ctrs.get(&cid).and_then(|x| x.task).is_some() {
                                let _ = self.task_delete(Component::Nerdctl, &cid, None);
                            }
                            self.emit(h(Component::Nerdctl, Component::Containerd, Iface::ContainerdApi, "Containers.Delete").d("id", cid.clone()));
                            self.ctrs.remove(&cid);
                            out.stdout.push_str(&format!("{c}\n"));
                        }
                        None => {
                            out.stderr.push_str(&format!("time=\"{}\" level=fatal msg=\"1 errors:\\nno such container: {c}\"\n", World::rfc3339(self.now_ms, false)));
                            out.exit = 1;
                        }
                    }
                }
                out
            }
            NerdctlCommand::Exec(e) => {
                if e.interactive && e.tty {
                    return self.not_modelled(&n.to_line(), msg!("said-modelled-without", command = "nerdctl exec", flag = "-it"));
                }
                self.client_exec(Component::Nerdctl, &e.container, &e.command)
            }
            NerdctlCommand::Version { .. } => Outcome::ok(format!(
                "Client:\n Version:\tv1.7.7\n OS/Arch:\tlinux/amd64\n Git commit:\t\n buildctl:\n  Version:\t\n\nServer:\n containerd:\n  Version:\t{}\n runc:\n  Version:\t1.1.12\n",
                self.cfg.runtime_version()
            )),
            NerdctlCommand::ClientVersion => Outcome::ok("nerdctl version 1.7.7\n"),
            NerdctlCommand::Images {
                quiet, no_trunc, ..
            } => self.nerdctl_images(ns, *quiet, *no_trunc),
            NerdctlCommand::Logs {
                container,
                tail,
                timestamps,
                follow,
            } => {
                let out = self.nerdctl_logs(ns, container, tail.as_deref(), *timestamps);
                let followed = self
                    .nerdctl_find(ns, container)
                    .map(|c| c.id.clone())
                    .filter(|_| *follow)
                    .and_then(|id: String| Follow::logs(self, &id, *timestamps));
                World::following(out, followed)
            }
            NerdctlCommand::Inspect { names, format, .. } => {
                self.nerdctl_inspect(ns, names, format.as_deref())
            }
            NerdctlCommand::Create(_)
            | NerdctlCommand::Start { .. }
            | NerdctlCommand::Kill { .. }
            | NerdctlCommand::Rmi { .. }
            | NerdctlCommand::Info { .. } => self.not_modelled(&n.to_line(), MODELLED),
            NerdctlCommand::Help { .. } => Outcome::ok("nerdctl is a command line interface for containerd\n\n")
                .remark(crate::msg!("said-simulated", list = MODELLED)),
        }
    }
}
