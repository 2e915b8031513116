//! A Podman container's life (reference SANDBOXED-AND-PODMAN.md §4.1):
//! `podman run` creates and starts it and exits; conmon stays as its parent;
//! `podman stop` signals it through the runtime; when it ends conmon writes
//! the exit files and runs the exit command, `podman container cleanup`,
//! which tears down the network, deletes it from the runtime and unmounts
//! its storage; `podman rm` removes its storage and row.

use super::super::oci_runtime::{Invocation, SpecKind};
use super::super::{h, Origin, Outcome, Workload, World};
use super::{generated_name, Paths, PodmanCtr, PodmanStatus};
use crate::lifecycle::oci::OciStatus;
use crate::msg;
use crate::trace::{Component, Iface, Layer};

const P: Component = Component::Podman;

/// What `podman run` was asked, resolved.
pub(crate) struct RunReq<'a> {
    pub user: Option<&'a str>,
    pub image: &'a str,
    pub name: Option<&'a str>,
    pub cmd: Vec<String>,
    pub ports: Vec<(u16, u16)>,
    pub rm: bool,
    pub pod: Option<String>,
    pub memory: Option<u64>,
}

impl World {
    /// The first hop of every podman command: a person runs the binary.
    pub(crate) fn podman_exec_hop(&mut self, line: &str, user: Option<&str>) {
        let argv: Vec<String> = crate::command::shell::split(line).unwrap_or_default();
        let mut b = h(Component::User, P, Iface::Exec, "podman")
            .note(match user {
                None => msg!("podman-run-root"),
                Some(_) => msg!("podman-run-rootless"),
            })
            .d("argv", argv);
        if let Some(u) = user {
            b = b.d("user", u.to_string()).d("uid", super::ROOTLESS_UID);
        }
        self.emit(b);
    }

    /// The runtime invocation of a Podman container (config.json in
    /// userdata, podman's cgroup, the runtime's default `--root`).
    pub(crate) fn podman_invocation(&self, id: &str) -> Option<Invocation> {
        let c = self.ctrs.get(id)?;
        let pc = self.podman.ctrs.get(id)?;
        let paths = Paths::of(pc.user.as_deref());
        let (cgroup, cgroups_path) = match &pc.pod {
            Some(pod) if !paths.rootless() => (
                format!("machine.slice/machine-libpod_pod_{pod}.slice/libpod-{id}.scope"),
                format!("machine-libpod_pod_{pod}.slice:libpod:{id}"),
            ),
            _ => (paths.cgroup(id), paths.cgroups_path(id)),
        };
        Some(Invocation {
            caller: Component::Conmon,
            bin: c.oci_bin,
            id: id.to_string(),
            bundle: paths.userdata(id),
            root: paths.oci_root(c.oci_bin),
            spec: SpecKind::Podman {
                netns: pc.netns.clone(),
                join_pid: c.join_pid,
                cgroups_path,
            },
            args: c.args.clone(),
            memory_limit: c.memory_limit,
            cgroup,
            shim_flags: false,
        })
    }

    /// Creates a container: its storage and SQLite row (not started).
    pub(crate) fn podman_create(&mut self, req: &RunReq, image_name: &str, infra: bool) -> String {
        let paths = Paths::of(req.user);
        let id = self.hex_id();
        let name = req
            .name
            .map(str::to_string)
            .unwrap_or_else(|| generated_name(&id));
        if infra {
            self.podman_db_insert(&paths, &id, &name);
        } else {
            self.podman_create_storage(&paths, &id, &name, image_name);
        }
        let mut c = self.new_ctr(&id, &name, Origin::Podman, "", image_name, req.cmd.clone());
        c.shim = Component::Conmon;
        c.oci_bin = crate::topology::podman_oci(&self.cfg);
        c.ports = req.ports.clone();
        c.auto_remove = req.rm;
        c.memory_limit = req.memory;
        c.sandbox_id = req.pod.clone();
        if infra {
            c.workload = Workload::from_argv("", &c.args);
        }
        self.ctrs.insert(id.clone(), c);
        self.podman.ctrs.insert(
            id.clone(),
            PodmanCtr {
                user: req.user.map(str::to_string),
                state: PodmanStatus::Created,
                netns: String::new(),
                pod: req.pod.clone(),
                infra,
                conmon_argv: Vec::new(),
                pasta_pid: 0,
                rm: req.rm,
            },
        );
        id
    }

    /// Starts a created container: namespace and mount, network, config.json,
    /// conmon, the runtime's create (by conmon) and start (by podman).
    pub(crate) fn podman_start(&mut self, id: &str) -> Result<(), String> {
        let Some(pc) = self.podman.ctrs.get(id).cloned() else {
            return Err(format!(
                "no container with name or ID \"{id}\" found: no such container"
            ));
        };
        let paths = Paths::of(pc.user.as_deref());
        let (name, ports, bin, rm) = match self.ctrs.get(id) {
            Some(c) => (c.name.clone(), c.ports.clone(), c.oci_bin, c.auto_remove),
            None => return Err("container vanished".into()),
        };
        // prepare(): the network namespace and the rootfs mount, in parallel.
        let joins_pod = pc.pod.is_some() && !pc.infra;
        let mut netns = String::new();
        if !joins_pod {
            netns = self.podman_netns(&paths);
        }
        if pc.infra {
            self.emit(
                h(P, Component::Kernel, Iface::Syscall, "mount")
                    .note(msg!("podman-infra-overlay"))
                    .d("fstype", "overlay")
                    .d("lowerdir", format!("{}/infra-container", paths.tmp)),
            );
        } else {
            self.podman_mount(&paths, id);
        }
        let mut pasta = 0;
        if !joins_pod {
            let (_ip, p) = self.podman_net_setup(&paths, &netns, &ports);
            pasta = p;
        }
        if let Some(p) = self.podman.ctrs.get_mut(id) {
            p.netns.clone_from(&netns);
            p.pasta_pid = pasta;
        }
        self.emit(
            h(P, P, Iface::InProcess, "write config.json")
                .note(msg!("podman-spec"))
                .d("path", format!("{}/config.json", paths.userdata(id))),
        );
        // conmon, with the argv of sharedConmonArgs + createOCIContainer.
        let rundir = paths.rundir(id);
        let runtime = format!("/usr/bin/{}", bin.id());
        let mut argv: Vec<String> = vec![
            "/usr/bin/conmon".into(),
            "--api-version".into(),
            "1".into(),
            "-c".into(),
            id.into(),
            "-u".into(),
            id.into(),
            "-r".into(),
            runtime.clone(),
            "-b".into(),
            paths.userdata(id),
            "-p".into(),
            format!("{rundir}/pidfile"),
            "-n".into(),
            name.clone(),
            "--exit-dir".into(),
            paths.exits(),
            "--persist-dir".into(),
            paths.persist(id),
            "--full-attach".into(),
            "-s".into(),
            "-l".into(),
            format!("k8s-file:{}", paths.log(id)),
            "--log-level".into(),
            "warning".into(),
            "--syslog".into(),
            "--runtime-arg".into(),
            "--log-format=json".into(),
            "--runtime-arg".into(),
            "--log".into(),
            format!("--runtime-arg={rundir}/oci-log"),
            "--conmon-pidfile".into(),
            format!("{rundir}/conmon.pid"),
        ];
        let mut exit = paths.exit_command(bin.id(), rm);
        exit.push(id.to_string());
        argv.push("--exit-command".into());
        argv.push(exit[0].clone());
        for a in &exit[1..] {
            argv.push("--exit-command-arg".into());
            argv.push(a.clone());
        }
        let conmon_pid = self.pid();
        self.emit(
            h(P, Component::Conmon, Iface::Exec, "conmon")
                .note(msg!("podman-conmon"))
                .d("argv", argv.clone())
                .d(
                    "env",
                    vec!["_OCI_SYNCPIPE=3".to_string(), "_OCI_STARTPIPE=4".into()],
                )
                .fx(
                    format!("process/{conmon_pid}"),
                    Layer::Kernel,
                    None,
                    "running",
                ),
        );
        // A pod member's conmon goes in the pod's slice (moveConmonToCgroupAndSignal).
        let slice = match self.podman.ctrs.get(id).and_then(|p| p.pod.clone()) {
            Some(pod) if !paths.rootless() => {
                format!("machine.slice/machine-libpod_pod_{pod}.slice")
            }
            _ => paths.slice(),
        };
        self.emit(
            h(P, Component::Kernel, Iface::Cgroupfs, "cgroup.procs")
                .note(msg!("podman-conmon-scope"))
                .d("unit", format!("libpod-conmon-{id}.scope"))
                .d(
                    "path",
                    format!("/sys/fs/cgroup/{slice}/libpod-conmon-{id}.scope"),
                ),
        );
        self.emit(
            h(
                Component::Conmon,
                Component::Conmon,
                Iface::InProcess,
                "fork",
            )
            .note(msg!("podman-conmon-fork"))
            .d("pidfile", format!("{rundir}/conmon.pid"))
            .d("prctl", "PR_SET_CHILD_SUBREAPER"),
        );
        if let Some(p) = self.podman.ctrs.get_mut(id) {
            p.conmon_argv.clone_from(&argv);
        }
        let inv = self.podman_invocation(id).ok_or("container vanished")?;
        let runtime_argv: Vec<String> = [
            runtime.as_str(),
            "--systemd-cgroup",
            "--log-format=json",
            "--log",
            &format!("{rundir}/oci-log"),
            "create",
            "--bundle",
            &paths.userdata(id),
            "--pid-file",
            &format!("{rundir}/pidfile"),
            id,
        ]
        .map(String::from)
        .to_vec();
        self.emit(
            h(Component::Conmon, bin, Iface::OciCli, "create")
                .note(msg!("podman-conmon-create"))
                .d("argv", runtime_argv),
        );
        let pid = match self.oci_create_steps(&inv) {
            Ok(pid) => pid,
            Err(e) => {
                self.emit(
                    h(
                        Component::Conmon,
                        Component::Conmon,
                        Iface::InProcess,
                        "write sync pipe",
                    )
                    .note(msg!("podman-conmon-failure")),
                );
                return Err(format!(
                    "{}: {e}: OCI runtime attempted to invoke a command that was not found",
                    runtime
                ));
            }
        };
        self.emit(
            h(
                Component::Conmon,
                Component::Conmon,
                Iface::InProcess,
                "write sync pipe",
            )
            .note(msg!("podman-conmon-pid", pid = pid))
            .d("pid", pid),
        );
        if let Some(c) = self.ctrs.get_mut(id) {
            c.pid = pid;
            c.shim_pid = conmon_pid;
            c.oci = Some(OciStatus::Created);
        }
        if let Some(p) = self.podman.ctrs.get_mut(id) {
            p.state = PodmanStatus::Created;
        }
        self.podman_db_state(&paths, id, "created", msg!("podman-state-created"));
        // The runtime's state machine answers whether start may run.
        let oci_running = self
            .ctrs
            .get(id)
            .and_then(|c| c.oci)
            .unwrap_or(OciStatus::Stopped)
            .start()
            .map_err(|r| format!("{runtime}: {}", r.message))?;
        let mut start = inv.clone();
        start.caller = P;
        self.emit(
            h(P, bin, Iface::OciCli, "start")
                .note(msg!("podman-start"))
                .d("argv", vec![runtime, "start".into(), id.to_string()]),
        );
        self.oci_start_steps(&start, pid);
        if let Some(c) = self.ctrs.get_mut(id) {
            c.oci = Some(oci_running);
        }
        if pc.infra {
            self.emit(
                h(
                    Component::Catatonit,
                    Component::Kernel,
                    Iface::Syscall,
                    "pause",
                )
                .note(msg!("podman-catatonit-pause")),
            );
        }
        self.begin_workload(id);
        if let Some(p) = self.podman.ctrs.get_mut(id) {
            p.state = PodmanStatus::Running;
        }
        self.podman_db_state(&paths, id, "running", msg!("podman-state-running"));
        Ok(())
    }

    /// `podman run`: returns the container id.
    pub(crate) fn podman_run(&mut self, req: &RunReq, out: &mut Outcome) -> Result<String, String> {
        let paths = Paths::of(req.user);
        self.podman_userns(&paths);
        if let Some(n) = req.name {
            if let Some(other) = self.podman_find(req.user, n) {
                if self.ctrs.get(&other).is_some_and(|c| c.name == n) {
                    return Err(format!("creating container storage: the container name \"{n}\" is already in use by {other}. You have to remove that container to be able to reuse that name: that name is already in use, or use --replace to instruct Podman to do so."));
                }
            }
        }
        let pod = match &req.pod {
            None => None,
            Some(p) => match self.podman_find_pod(req.user, p) {
                Some(id) => Some(id),
                None => return Err(format!("no pod with name or ID {p} found: no such pod")),
            },
        };
        let img = self.podman_image(&paths, req.image, out, false)?;
        let mut cmd = req.cmd.clone();
        if cmd.is_empty() {
            cmd = super::super::cri::default_argv(&img.name);
        }
        let r = RunReq {
            cmd,
            pod: pod.clone(),
            ports: req.ports.clone(),
            ..*req
        };
        let id = self.podman_create(&r, &img.name, false);
        if let Some(pod) = &pod {
            let infra = self.podman.pods.get(pod).map(|p| p.infra_id.clone());
            if let Some(infra) = infra {
                if self
                    .podman
                    .ctrs
                    .get(&infra)
                    .is_some_and(|p| p.state != PodmanStatus::Running)
                {
                    self.emit(
                        h(P, P, Iface::InProcess, "start dependencies")
                            .note(msg!("podman-pod-infra-first")),
                    );
                    self.podman_start(&infra)?;
                }
                let infra_pid = self.ctrs.get(&infra).map(|c| c.pid);
                if let Some(c) = self.ctrs.get_mut(&id) {
                    c.join_pid = infra_pid;
                }
            }
        }
        self.podman_start(&id)?;
        Ok(id)
    }

    /// conmon saw its container exit (§4.1 #14).
    pub(crate) fn podman_exit(&mut self, id: &str, code: i32) {
        let Some(pc) = self.podman.ctrs.get(id).cloned() else {
            return;
        };
        let paths = Paths::of(pc.user.as_deref());
        let (pid, conmon) = self
            .ctrs
            .get(id)
            .map(|c| (c.pid, c.shim_pid))
            .unwrap_or((0, 0));
        self.emit(
            h(
                Component::Kernel,
                Component::Conmon,
                Iface::Syscall,
                "wait4",
            )
            .note(msg!("podman-conmon-reap"))
            .d("pid", pid)
            .d("status", code),
        );
        self.emit(
            h(
                Component::Conmon,
                Component::Kernel,
                Iface::Syscall,
                "write",
            )
            .note(msg!("podman-exit-persist"))
            .d("path", format!("{}/exit", paths.persist(id)))
            .d("value", code),
        );
        self.emit(
            h(
                Component::Conmon,
                Component::Kernel,
                Iface::Syscall,
                "write",
            )
            .note(msg!("podman-exit-file"))
            .d("path", format!("{}/{id}", paths.exits()))
            .d("value", code),
        );
        if let Some(p) = self.podman.ctrs.get_mut(id) {
            p.state = PodmanStatus::Stopped;
        }
        let mut exit = paths.exit_command(
            self.ctrs.get(id).map(|c| c.oci_bin.id()).unwrap_or("crun"),
            pc.rm,
        );
        exit.push(id.to_string());
        // conmon's do_exit_command (src/ctr_exit.c): fork; the child execs the
        // exit command; conmon waits for it (waitpid until no child is left)
        // and only then exits.
        self.emit(
            h(Component::Conmon, P, Iface::Exec, "podman")
                .note(msg!("podman-exit-command"))
                .d("argv", exit),
        );
        self.podman_cleanup(id, P);
        if pc.rm {
            self.podman_remove_storage(id);
        }
        self.emit(
            h(
                Component::Kernel,
                Component::Conmon,
                Iface::Syscall,
                "wait4",
            )
            .note(msg!("podman-cleanup-exits"))
            .fx(
                format!("process/{conmon}"),
                Layer::Kernel,
                Some("running"),
                "exited",
            ),
        );
    }

    /// `podman container cleanup`: network, runtime, storage (libpod
    /// `cleanup()` order), then state exited.
    pub(crate) fn podman_cleanup(&mut self, id: &str, caller: Component) {
        let Some(pc) = self.podman.ctrs.get(id).cloned() else {
            return;
        };
        if pc.state == PodmanStatus::Exited {
            return;
        }
        let paths = Paths::of(pc.user.as_deref());
        self.emit(
            h(caller, Component::Kernel, Iface::Syscall, "stat")
                .note(msg!("podman-sync-exited"))
                .d("path", format!("{}/{id}", paths.exits())),
        );
        self.podman_net_teardown(&paths, &pc.netns, caller);
        if pc.pasta_pid != 0 {
            self.emit(
                h(
                    Component::Pasta,
                    Component::Kernel,
                    Iface::Syscall,
                    "exit_group",
                )
                .note(msg!("podman-pasta-exits"))
                .fx(
                    format!("process/{}", pc.pasta_pid),
                    Layer::Kernel,
                    Some("running"),
                    "exited",
                ),
            );
        }
        if let Some(inv) = self.podman_invocation(id) {
            let bin = inv.bin;
            self.emit(
                h(caller, bin, Iface::OciCli, "delete")
                    .note(msg!("podman-cleanup-runtime"))
                    .d(
                        "argv",
                        vec![
                            format!("/usr/bin/{}", bin.id()),
                            "delete".into(),
                            "--force".into(),
                            id.to_string(),
                        ],
                    ),
            );
            let mut d = inv;
            d.caller = caller;
            self.oci_delete_steps(&d, false);
        }
        self.podman_unmount(&paths, id);
        if let Some(c) = self.ctrs.get_mut(id) {
            c.oci = None;
        }
        if let Some(p) = self.podman.ctrs.get_mut(id) {
            p.state = PodmanStatus::Exited;
            p.netns.clear();
            p.pasta_pid = 0;
        }
        self.podman_db_state(&paths, id, "exited", msg!("podman-state-exited"));
    }

    /// Removes a cleaned-up container's storage and row.
    pub(crate) fn podman_remove_storage(&mut self, id: &str) {
        let Some(pc) = self.podman.ctrs.get(id).cloned() else {
            return;
        };
        let paths = Paths::of(pc.user.as_deref());
        self.emit(
            h(P, P, Iface::InProcess, "storage.DeleteContainer")
                .note(msg!("podman-rm-storage"))
                .d("path", format!("{}/overlay-containers/{id}", paths.graph)),
        );
        self.emit(
            h(P, P, Iface::InProcess, "DELETE FROM ContainerConfig")
                .note(msg!("podman-rm-rows"))
                .d("db", paths.db())
                .d("id", id.to_string())
                .fx(
                    format!("container/{}", World::short(id)),
                    Layer::Oci,
                    None,
                    "removed",
                ),
        );
        self.podman.removed = self.ctrs.remove(id);
        self.podman.ctrs.remove(id);
    }

    /// `podman stop` (libpod `Container.stop`): the state is saved as
    /// `stopping` and the lock released; the runtime's `StopContainer` sends
    /// the stop signal, then SIGKILL after the timeout, and waits for the
    /// process to go. Meanwhile conmon runs its exit command, whose `podman
    /// container cleanup` does the cleanup. `stop` then syncs the state
    /// (`syncContainer`): no longer `stopping`, another process (the cleanup)
    /// interfered, and it returns; `ContainerStop`'s `Container.Cleanup` finds
    /// the container already cleaned up (exited) and does nothing. Only a
    /// container nobody has cleaned up is cleaned up here.
    pub(crate) fn podman_stop_one(&mut self, id: &str, timeout: u64, out: &mut Outcome) {
        let Some(pc) = self.podman.ctrs.get(id).cloned() else {
            return;
        };
        if pc.state != PodmanStatus::Running {
            return;
        }
        let Some(inv) = self.podman_invocation(id) else {
            return;
        };
        let (bin, pid, name, oci) = match self.ctrs.get(id) {
            Some(c) => (c.oci_bin, c.pid, c.name.clone(), c.oci),
            None => return,
        };
        // Only a created, running or paused container has a process to signal.
        if oci.map(OciStatus::kill).is_none_or(|r| r.is_err()) {
            return;
        }
        let kill = |w: &mut World, sig: &str| {
            w.emit(
                h(P, bin, Iface::OciCli, "kill")
                    .note(if sig == "15" {
                        msg!("podman-stop-term")
                    } else {
                        msg!("podman-stop-kill")
                    })
                    .d(
                        "argv",
                        vec![
                            format!("/usr/bin/{}", bin.id()),
                            "kill".into(),
                            id.to_string(),
                            sig.to_string(),
                        ],
                    ),
            );
            w.emit(
                h(bin, Component::Kernel, Iface::Syscall, "kill")
                    .d("pid", pid)
                    .d("signal", if sig == "15" { "SIGTERM" } else { "SIGKILL" }),
            );
        };
        let _ = inv;
        let paths = Paths::of(pc.user.as_deref());
        self.podman_db_state(&paths, id, "stopping", msg!("podman-state-stopping"));
        if timeout > 0 {
            kill(self, "15");
            self.deliver_signal(id, "SIGTERM");
            let until = self.now_ms + 100;
            self.run_until(until);
            if self
                .podman
                .ctrs
                .get(id)
                .is_some_and(|p| p.state == PodmanStatus::Running)
            {
                let until = self.now_ms + timeout * 1000;
                self.run_until(until);
                out.stderr.push_str(&format!(
                    "WARN[{:04}] StopSignal SIGTERM failed to stop container {name} in {timeout} seconds, resorting to SIGKILL\n",
                    timeout
                ));
            }
        }
        if self
            .podman
            .ctrs
            .get(id)
            .is_some_and(|p| p.state == PodmanStatus::Running)
        {
            kill(self, "9");
            self.deliver_signal(id, "SIGKILL");
            let until = self.now_ms + 100;
            self.run_until(until);
        }
        let cleaned = self
            .podman
            .ctrs
            .get(id)
            .is_some_and(|p| p.state == PodmanStatus::Exited);
        if cleaned {
            self.emit(
                h(P, P, Iface::InProcess, "syncContainer")
                    .note(msg!("podman-stop-sync"))
                    .d("db", paths.db())
                    .d("id", id.to_string())
                    .d("state", "exited"),
            );
        } else {
            // Container.Cleanup: a container not yet cleaned up is cleaned up
            // by podman stop itself (cleanup: network, runtime, storage).
            self.podman_cleanup(id, P);
        }
    }
}
