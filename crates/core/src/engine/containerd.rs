//! containerd's task service and the runtime v2 shim (reference §2.6):
//! starting (or reusing) a shim, `Task/Create`, `Start`, `Wait`, `Kill`, `Delete`,
//! and what happens when the container's process exits.

use super::oci_runtime::{Invocation, SpecKind};
use super::{h, Origin, Outcome, Shim, Timer, Workload, World};
use crate::lifecycle::oci::OciStatus;
use crate::lifecycle::task::TaskStatus;
use crate::message::Msg;
use crate::msg;
use crate::trace::{Component, Iface, Layer};

/// The address containerd's shims are started with.
pub(crate) const CTD_SOCK: &str = "/run/containerd/containerd.sock";

impl World {
    /// The interface a client uses to reach containerd's services.
    pub(crate) fn ctd_iface(caller: Component) -> Iface {
        match caller {
            Component::ContainerdCri => Iface::InProcess,
            _ => Iface::ContainerdApi,
        }
    }

    pub(crate) fn bundle(ns: &str, id: &str) -> String {
        format!("/run/containerd/io.containerd.runtime.v2.task/{ns}/{id}")
    }

    pub(crate) fn invocation(&self, id: &str) -> Option<Invocation> {
        let c = self.ctrs.get(id)?;
        if c.origin == Origin::Podman {
            return self.podman_invocation(id);
        }
        let spec = match (&c.origin, c.join_pid) {
            (Origin::Sandbox, _) => SpecKind::Sandbox {
                netns: self
                    .sandboxes
                    .get(id)
                    .map(|s| s.netns.clone())
                    .unwrap_or_default(),
            },
            (Origin::Cri | Origin::Docker, Some(p)) => SpecKind::PodContainer {
                pause_pid: p,
                sandbox: c.sandbox_id.clone().unwrap_or_default(),
            },
            (Origin::Cri, None) => SpecKind::PinnedPod {
                sandbox: c.sandbox_id.clone().unwrap_or_default(),
                uuid: c
                    .sandbox_id
                    .as_ref()
                    .and_then(|s| self.sandboxes.get(s))
                    .map(|s| s.netns.rsplit('/').next().unwrap_or("").to_string())
                    .unwrap_or_default(),
            },
            (Origin::Nerdctl, _) => SpecKind::Nerdctl,
            _ => SpecKind::Default,
        };
        let root = crate::topology::oci_root(c.shim, c.oci_bin, c.ns);
        let (bundle, shim_flags) = if c.shim == Component::Conmon {
            (
                format!("/var/run/containers/storage/overlay-containers/{id}/userdata"),
                false,
            )
        } else {
            (World::bundle(c.ns, id), true)
        };
        let cgroup = self.container_cgroup(c);
        Some(Invocation {
            caller: c.shim,
            bin: c.oci_bin,
            id: id.to_string(),
            bundle,
            root,
            spec,
            args: c.args.clone(),
            memory_limit: c.memory_limit,
            cgroup,
            shim_flags,
        })
    }

    /// `Tasks.Create`: starts or reuses the shim, which runs `runc create`.
    pub(crate) fn task_create(
        &mut self,
        caller: Component,
        id: &str,
        group: Option<&str>,
    ) -> Result<u32, String> {
        let Some(c) = self.ctrs.get(id) else {
            return Err(format!("container \"{id}\" in namespace: not found"));
        };
        let (ns, shim_c) = (c.ns, c.shim);
        self.emit(
            h(
                caller,
                Component::ContainerdTasks,
                World::ctd_iface(caller),
                "Tasks.Create",
            )
            .note(msg!("ctrd-task-create"))
            .d("container_id", id)
            .d("namespace", ns),
        );
        let group_key = group.unwrap_or(id).to_string();
        let bundle = World::bundle(ns, id);
        let shim_bin = shim_c.id();
        let argv = vec![
            shim_bin.to_string(),
            "-namespace".to_string(),
            ns.to_string(),
            "-address".to_string(),
            CTD_SOCK.to_string(),
            "-publish-binary".to_string(),
            "/usr/bin/containerd".to_string(),
            "-id".to_string(),
            id.to_string(),
            "start".to_string(),
        ];
        let shim_pid = if shim_c == Component::ShimKataV2 {
            self.kata_shim_start(Component::ContainerdTasks, id, &group_key)
        } else if let Some(s) = self.shims.get(&group_key).cloned() {
            self.emit(
                h(Component::ContainerdTasks, shim_c, Iface::Exec, shim_bin)
                    .note(msg!("ctrd-shim-start-reuse"))
                    .d("argv", argv)
                    .d("cwd", bundle.clone())
                    .d("address", s.address.clone()),
            );
            s.pid
        } else {
            let pid = self.pid();
            let hash = self.hex_id();
            let address = format!("unix:///run/containerd/s/{hash}");
            self.emit(
                h(Component::ContainerdTasks, shim_c, Iface::Exec, shim_bin)
                    .note(msg!("ctrd-shim-start"))
                    .d("argv", argv.clone())
                    .d("cwd", bundle.clone())
                    .d(
                        "env",
                        vec![
                            "TTRPC_ADDRESS=/run/containerd/containerd.sock.ttrpc",
                            "GRPC_ADDRESS=/run/containerd/containerd.sock",
                            &format!("NAMESPACE={ns}"),
                        ],
                    )
                    .d("address", address.clone())
                    .fx(format!("process/{pid}"), Layer::Kernel, None, "running"),
            );
            self.emit(
                h(shim_c, Component::Kernel, Iface::Syscall, "prctl")
                    .note(msg!("ctrd-shim-subreaper"))
                    .d("option", "PR_SET_CHILD_SUBREAPER"),
            );
            let mut daemon_argv = argv;
            daemon_argv.pop();
            self.shims.insert(
                group_key,
                Shim {
                    pid,
                    address,
                    bin: shim_c,
                    argv: daemon_argv,
                },
            );
            pid
        };
        // containerd 2.x speaks task v3 to a shim that bootstraps with version
        // 3; gVisor's shim answers version 2 and Kata's writes the legacy
        // `address` file, so both get task v2 (core/runtime/v2/bridge.go
        // NewTaskClient; reference SANDBOXED-AND-PODMAN §1.6).
        let task_api = if self.cfg.runtime == crate::config::Runtime::Containerd2
            && !matches!(shim_c, Component::ShimRunscV1 | Component::ShimKataV2)
        {
            "containerd.task.v3.Task"
        } else {
            "containerd.task.v2.Task"
        };
        // The runtime's options from containerd's config (runtimes.<handler>.options).
        let options = match shim_c {
            Component::ShimKataV2 => Some(serde_json::json!({ "ConfigPath": super::kata::CONFIG })),
            Component::ShimRunscV1 => Some(serde_json::json!({
                "TypeUrl": "io.containerd.runsc.v1.options",
                "ConfigPath": "/etc/containerd/runsc.toml",
            })),
            _ => None,
        };
        self.emit(
            h(Component::ContainerdTasks, shim_c, Iface::Ttrpc, "Create")
                .note(match shim_c {
                    Component::ShimRunscV1 => msg!("ctrd-shim-create-runsc", task_api = task_api),
                    Component::ShimKataV2 => msg!("ctrd-shim-create-kata", task_api = task_api),
                    _ => msg!("ctrd-shim-create", task_api = task_api),
                })
                .d("id", id)
                .d("bundle", bundle.clone())
                .d_opt("options", options),
        );
        let created = if shim_c == Component::ShimKataV2 {
            self.kata_task_create(Component::ContainerdTasks, id)
        } else {
            let inv = self.invocation(id).ok_or("container vanished")?;
            self.oci_create(&inv)
        };
        match created {
            Ok(pid) => {
                self.emit(
                    h(shim_c, Component::ContainerdEvents, Iface::Ttrpc, "Events.Forward")
                        .note(msg!("ctrd-event-task-create"))
                        .d("topic", "/tasks/create")
                        .fx(format!("task/{}", World::short(id)), Layer::Containerd, None, "CREATED"),
                );
                if let Some(c) = self.ctrs.get_mut(id) {
                    c.pid = pid;
                    c.shim_pid = shim_pid;
                    c.task = Some(TaskStatus::Created);
                    c.oci = Some(OciStatus::Created);
                }
                Ok(pid)
            }
            Err(e) => Err(format!("failed to create shim task: OCI runtime create failed: runc create failed: {e}: unknown")),
        }
    }

    /// `Tasks.Wait` (held open until the task exits).
    pub(crate) fn task_wait(&mut self, caller: Component, id: &str) {
        let shim = self
            .ctrs
            .get(id)
            .map(|c| c.shim)
            .unwrap_or(Component::ShimRuncV2);
        self.emit(
            h(
                caller,
                Component::ContainerdTasks,
                World::ctd_iface(caller),
                "Tasks.Wait",
            )
            .note(msg!("ctrd-task-wait"))
            .d("container_id", id),
        );
        self.emit(h(Component::ContainerdTasks, shim, Iface::Ttrpc, "Wait").d("id", id));
    }

    /// `Tasks.Start`: `runc start`, and the workload begins.
    pub(crate) fn task_start(&mut self, caller: Component, id: &str) -> Result<u32, String> {
        let Some(c) = self.ctrs.get(id) else {
            return Err("not found".to_string());
        };
        let status = c.task.unwrap_or(TaskStatus::Stopped);
        let oci = c.oci.unwrap_or(OciStatus::Stopped);
        let (shim, pid) = (c.shim, c.pid);
        self.emit(
            h(
                caller,
                Component::ContainerdTasks,
                World::ctd_iface(caller),
                "Tasks.Start",
            )
            .d("container_id", id),
        );
        // The task's and the runtime's machines answer; the answers are stored
        // once the process runs.
        let task_running = status.start().map_err(|r| r.message)?;
        let oci_running = oci.start().map_err(|r| r.message)?;
        self.emit(h(Component::ContainerdTasks, shim, Iface::Ttrpc, "Start").d("id", id));
        if shim == Component::ShimKataV2 {
            self.kata_task_start(id);
        } else {
            let inv = self.invocation(id).ok_or("container vanished")?;
            self.oci_start(&inv, pid);
        }
        self.emit(
            h(
                shim,
                Component::ContainerdEvents,
                Iface::Ttrpc,
                "Events.Forward",
            )
            .d("topic", "/tasks/start")
            .d("pid", pid)
            .fx(
                format!("task/{}", World::short(id)),
                Layer::Containerd,
                Some("CREATED"),
                "RUNNING",
            ),
        );
        if let Some(c) = self.ctrs.get_mut(id) {
            c.task = Some(task_running);
            c.oci = Some(oci_running);
        }
        self.begin_workload(id);
        Ok(pid)
    }

    /// The workload starts (its task and runtime state already say running): it
    /// logs and, if it ends by itself, schedules its exit.
    pub(crate) fn begin_workload(&mut self, id: &str) {
        let now = self.now_ms;
        let Some(c) = self.ctrs.get_mut(id) else {
            return;
        };
        c.started_ms = now;
        // The UTS hostname: the pod's name, or Docker's and nerdctl's short id.
        let hostname = match (c.labels.get("io.kubernetes.pod.name"), c.origin) {
            (Some(p), _) => p.clone(),
            (None, Origin::Ctr) => c.name.clone(),
            _ => World::short(&c.id).to_string(),
        };
        let date = World::date_text(now);
        let lines: Vec<(&'static str, String)> = c.workload.lines().to_vec();
        for (stream, l) in lines {
            let l = l
                .replace(super::workload::HOSTNAME_MARK, &hostname)
                .replace(super::workload::DATE_MARK, &date);
            c.logs.push((now, stream, l));
        }
        let timer = match &c.workload {
            Workload::Exits { after_ms, code, .. } => Some((*after_ms, *code, false)),
            // Under gVisor the workload's memory is the Sentry's: the host's
            // OOM killer is not modelled there.
            Workload::Hog { bytes } => match c.memory_limit {
                Some(limit) if *bytes > limit && c.oci_bin != Component::Runsc => {
                    Some((120, 137, true))
                }
                _ => None,
            },
            _ => None,
        };
        if let Some((after, code, oom)) = timer {
            self.at(
                after.max(1),
                Timer::Exit {
                    id: id.to_string(),
                    code,
                    oom,
                },
            );
        }
    }

    /// `Tasks.Kill`.
    pub(crate) fn task_kill(
        &mut self,
        caller: Component,
        id: &str,
        signal: &str,
        all: bool,
    ) -> Result<(), String> {
        let Some(c) = self.ctrs.get(id) else {
            return Err("not found".to_string());
        };
        let (shim, pid, status) = (c.shim, c.pid, c.task.unwrap_or(TaskStatus::Stopped));
        self.emit(
            h(
                caller,
                Component::ContainerdTasks,
                World::ctd_iface(caller),
                "Tasks.Kill",
            )
            .d("container_id", id)
            .d("signal", signal),
        );
        status.kill().map_err(|r| r.message)?;
        self.emit(
            h(Component::ContainerdTasks, shim, Iface::Ttrpc, "Kill")
                .d("id", id)
                .d("signal", signal)
                .d("all", all),
        );
        if shim == Component::ShimKataV2 {
            self.kata_task_kill(id, signal, all);
        } else {
            let inv = self.invocation(id).ok_or("container vanished")?;
            self.oci_kill(&inv, pid, signal, all);
        }
        self.deliver_signal(id, signal);
        Ok(())
    }

    /// What a signal does to the workload: SIGKILL always ends it; SIGTERM ends
    /// servers that honour it.
    pub(crate) fn deliver_signal(&mut self, id: &str, signal: &str) {
        let Some(c) = self.ctrs.get(id) else { return };
        let dies = match signal {
            "SIGKILL" | "KILL" | "9" => Some(137),
            "SIGTERM" | "TERM" | "15" => match &c.workload {
                Workload::Server {
                    honours_sigterm: false,
                    ..
                } => None,
                Workload::Exits { .. } if !c.init => None,
                _ => Some(if c.origin == Origin::Sandbox { 0 } else { 143 }),
            },
            "SIGINT" | "INT" | "2" => Some(130),
            _ => None,
        };
        if let Some(code) = dies {
            // Cancel a pending natural exit and exit now.
            let keys: Vec<_> = self
                .timers
                .iter()
                .filter(|(_, t)| matches!(t, Timer::Exit { id: i, .. } if i == id))
                .map(|(k, _)| *k)
                .collect();
            for k in keys {
                self.timers.remove(&k);
            }
            self.at(
                1,
                Timer::Exit {
                    id: id.to_string(),
                    code,
                    oom: false,
                },
            );
        }
    }

    /// `Tasks.Delete`: `runc delete`, and the shim goes when its last task does.
    /// A task already deleted (the CRI plugin and dockerd delete it as soon as
    /// it exits) is not deleted again: no hop.
    pub(crate) fn task_delete(
        &mut self,
        caller: Component,
        id: &str,
        group: Option<&str>,
    ) -> Result<(), String> {
        self.task_delete_noted(caller, id, group, None)
    }

    /// [`World::task_delete`] with a note on the `Tasks.Delete` hop saying
    /// who deletes the task and why.
    pub(crate) fn task_delete_noted(
        &mut self,
        caller: Component,
        id: &str,
        group: Option<&str>,
        note: Option<Msg>,
    ) -> Result<(), String> {
        let Some(c) = self.ctrs.get(id) else {
            return Err("not found".to_string());
        };
        let (shim, status) = (c.shim, c.task);
        let Some(status) = status else { return Ok(()) };
        let mut hop = h(
            caller,
            Component::ContainerdTasks,
            World::ctd_iface(caller),
            "Tasks.Delete",
        )
        .d("container_id", id);
        if let Some(n) = note {
            hop = hop.note(n);
        }
        self.emit(hop);
        status.delete().map_err(|r| r.message)?;
        self.emit(h(Component::ContainerdTasks, shim, Iface::Ttrpc, "Delete").d("id", id));
        if shim == Component::ShimKataV2 {
            self.kata_task_delete(id);
        } else if let Some(inv) = self.invocation(id) {
            self.oci_delete(&inv, false);
        }
        self.emit(
            h(
                shim,
                Component::ContainerdEvents,
                Iface::Ttrpc,
                "Events.Forward",
            )
            .d("topic", "/tasks/delete")
            .fx(
                format!("task/{}", World::short(id)),
                Layer::Containerd,
                Some(status.as_str()),
                "deleted",
            ),
        );
        if let Some(c) = self.ctrs.get_mut(id) {
            c.task = None;
            c.oci = None;
        }
        let key = group.unwrap_or(id).to_string();
        let still_used = self.ctrs.values().any(|c| {
            c.task.is_some()
                && c.shim_pid != 0
                && self.shims.get(&key).map(|s| s.pid) == Some(c.shim_pid)
        });
        // containerd's runtime v2 (`shimTask.delete`) asks the shim to shut
        // down after every Delete: always in 1.7; later 2.x releases skip it
        // for a container of a sandbox whose shim speaks task v3 (the runc
        // shim of a pod; `sandboxed` in shimTask.delete), not for shims on
        // task v2 such as Kata's. The model's 2.x is the later one. A shim that still
        // serves other containers returns at once (runc shim's and Kata's
        // service.go `Shutdown`).
        let asks_shutdown = match shim {
            Component::ShimKataV2 => true,
            Component::ShimRuncV2 => self.cfg.runtime == crate::config::Runtime::Containerd17,
            _ => false,
        };
        if still_used && asks_shutdown {
            self.emit(
                h(Component::ContainerdTasks, shim, Iface::Ttrpc, "Shutdown").note(
                    if shim == Component::ShimKataV2 {
                        msg!("ctrd-shutdown-kata-ignored")
                    } else {
                        msg!("ctrd-shutdown-runc-ignored")
                    },
                ),
            );
        }
        if !still_used {
            if let Some(s) = self.shims.remove(&key) {
                self.emit(
                    h(Component::ContainerdTasks, shim, Iface::Ttrpc, "Shutdown")
                        .note(if shim == Component::ShimKataV2 {
                            msg!("ctrd-shutdown-kata")
                        } else {
                            msg!("ctrd-shutdown")
                        })
                        .fx(
                            format!("process/{}", s.pid),
                            Layer::Kernel,
                            Some("running"),
                            "exited",
                        ),
                );
            }
        }
        Ok(())
    }

    /// The container's main process ended (by itself, by a signal or by the OOM killer).
    pub(crate) fn process_exit(&mut self, id: &str, code: i32, oom: bool) {
        let Some(c) = self.ctrs.get(id) else { return };
        if c.task != Some(TaskStatus::Running) && c.oci != Some(OciStatus::Running) {
            return;
        }
        let (pid, shim, ns, origin) = (c.pid, c.shim, c.ns, c.origin);
        let short = World::short(id).to_string();
        let kata = shim == Component::ShimKataV2;
        let gvisor = self.is_gvisor(id);
        if kata {
            self.kata_process_exit(id, code, oom);
        } else if gvisor {
            self.runsc_exit_hops(id, code, oom);
        } else if oom {
            self.emit(
                h(
                    Component::Kernel,
                    Component::Container,
                    Iface::Syscall,
                    "oom_kill",
                )
                .note(msg!("rt-oom-kill"))
                .d("pid", pid)
                .d("signal", "SIGKILL")
                .fx(
                    format!("process/{pid}"),
                    Layer::Kernel,
                    Some("running"),
                    "killed",
                ),
            );
        } else {
            self.emit(
                h(
                    Component::Container,
                    Component::Kernel,
                    Iface::Syscall,
                    "exit_group",
                )
                .note(msg!("rt-exit-group", code = code))
                .d("pid", pid)
                .d("status", code)
                .fx(
                    format!("process/{pid}"),
                    Layer::Kernel,
                    Some("running"),
                    "exited",
                ),
            );
        }
        let now = self.now_ms;
        if let Some(c) = self.ctrs.get_mut(id) {
            c.exit_code = code;
            c.oom = oom;
            c.finished_ms = now;
            c.oci = c.oci.map(OciStatus::exited);
        }
        if origin == Origin::Podman {
            self.podman_exit(id, code);
            return;
        }
        if shim == Component::Conmon {
            self.crio_exit(id, code, oom);
            return;
        }
        if kata && ns.is_empty() {
            self.crio_vm_exit(id, code);
            return;
        }
        if !kata && oom {
            self.emit(
                h(shim, Component::Kernel, Iface::Cgroupfs, "memory.events")
                    .note(msg!("ctrd-shim-oom-event"))
                    .d("oom_kill", 1),
            );
            self.emit(
                h(
                    shim,
                    Component::ContainerdEvents,
                    Iface::Ttrpc,
                    "Events.Forward",
                )
                .d("topic", "/tasks/oom")
                .d("container_id", id),
            );
        }
        if !kata {
            let reaped = self.runsc_reaped_pid(id, pid);
            self.emit(
                h(Component::Kernel, shim, Iface::Syscall, "wait4")
                    .note(if reaped != pid {
                        msg!("ctrd-reap-runsc-wait")
                    } else if gvisor {
                        msg!("ctrd-reap-sentry")
                    } else {
                        msg!("ctrd-reap")
                    })
                    .d("pid", reaped)
                    .d("status", code),
            );
        }
        if let Some(c) = self.ctrs.get_mut(id) {
            c.task = c.task.map(TaskStatus::exited);
        }
        if !self.containerd_up {
            self.emit(
                h(shim, shim, Iface::InProcess, "publisher retry")
                    .note(msg!("ctrd-publisher-retry"))
                    .d("topic", "/tasks/exit"),
            );
            return;
        }
        self.emit(
            h(
                shim,
                Component::ContainerdEvents,
                Iface::Ttrpc,
                "Events.Forward",
            )
            .d("topic", "/tasks/exit")
            .d("pid", pid)
            .d("exit_status", code)
            .fx(
                format!("task/{short}"),
                Layer::Containerd,
                Some("RUNNING"),
                "STOPPED",
            )
            .fx(
                format!("container/{short}"),
                Layer::Oci,
                Some("running"),
                "stopped",
            ),
        );
        match (ns, origin) {
            ("k8s.io", Origin::Sandbox | Origin::Cri) if self.cfg.runtime.is_containerd_cri() => {
                self.cri_handle_task_exit(id, code, oom)
            }
            ("moby", _) => self.dockerd_task_exit(id, code, oom),
            _ => {}
        }
    }
}

impl World {
    /// `systemctl stop|start|restart containerd`: the shims and containers live on.
    pub(crate) fn systemctl_containerd(&mut self, stop: bool, start: bool) -> Outcome {
        if !self.cfg.runtime.has_containerd() {
            return Outcome::err(
                5,
                "Failed to restart containerd.service: Unit containerd.service not found.",
            );
        }
        if stop && self.containerd_up {
            let pid = self.node.units.main_pid("containerd.service");
            self.emit(
                h(Component::User, Component::Kernel, Iface::Syscall, "kill")
                    .note(msg!("ctrd-systemd-stop"))
                    .d("pid", pid)
                    .d("signal", "SIGTERM"),
            );
            self.emit(
                h(
                    Component::Containerd,
                    Component::Containerd,
                    Iface::InProcess,
                    "shutdown",
                )
                .note(msg!("ctrd-shutdown-daemon"))
                .fx(
                    "process/containerd",
                    Layer::Kernel,
                    Some("running"),
                    "exited",
                ),
            );
            self.containerd_up = false;
        }
        if start && !self.containerd_up {
            self.emit(
                h(
                    Component::User,
                    Component::Kernel,
                    Iface::Exec,
                    "containerd",
                )
                .note(msg!("ctrd-systemd-start"))
                .d("argv", vec!["/usr/bin/containerd"])
                .fx("process/containerd", Layer::Kernel, None, "running"),
            );
            self.containerd_up = true;
            self.emit(
                h(
                    Component::Containerd,
                    Component::Containerd,
                    Iface::InProcess,
                    "loadPlugins",
                )
                .note(msg!("ctrd-load-plugins")),
            );
            let shims: Vec<(String, String)> = self
                .shims
                .iter()
                .map(|(k, s)| (k.clone(), s.address.clone()))
                .collect();
            for (group, addr) in shims {
                // The tasks this shim serves (one shim per pod for runc's,
                // per container for gVisor's).
                let shim_pid = self.shims.get(&group).map(|s| s.pid);
                let tasks: Vec<(String, Component)> = self
                    .ctrs
                    .values()
                    .filter(|c| {
                        c.task.is_some()
                            && (c.sandbox_id.as_deref() == Some(&group) || c.id == group)
                            && (c.shim_pid == 0 || Some(c.shim_pid) == shim_pid)
                    })
                    .map(|c| (c.id.clone(), c.shim))
                    .collect();
                let shim = tasks.first().map(|t| t.1).unwrap_or(Component::ShimRuncV2);
                let ns = self.ctrs.get(&group).map(|c| c.ns).unwrap_or("k8s.io");
                self.emit(
                    h(Component::ContainerdTasks, shim, Iface::Ttrpc, "Connect")
                        .note(msg!("ctrd-reconnect-shim"))
                        .d(
                            "address_file",
                            format!("{}/address", World::bundle(ns, &group)),
                        )
                        .d("address", addr),
                );
                for (id, s) in tasks {
                    self.emit(h(Component::ContainerdTasks, s, Iface::Ttrpc, "State").d("id", id));
                }
            }
            if self.cfg.runtime.is_containerd_cri() {
                self.emit(
                    h(
                        Component::ContainerdCri,
                        Component::ContainerdCri,
                        Iface::InProcess,
                        "recover",
                    )
                    .note(msg!("ctrd-cri-recover")),
                );
            }
            self.pleg_all = true;
        }
        Outcome::ok("")
    }
}
