//! The runsc verbs as hops (reference §3.2, §3.3, §3.5): `create` (a new
//! sandbox: gofer and Sentry; or a subcontainer: one urpc call), `start`
//! (the network scraped from the pod's namespace, then `StartRoot`; or a gofer
//! and `StartSubcontainer`), `wait`, `kill`, `delete`; `exec` is in
//! `super::exec`.

use super::super::oci_runtime::{Invocation, SpecKind};
use super::super::{h, Timer, Workload, World};
use super::RunscSandbox;
use crate::msg;
use crate::trace::{Component, Iface, Layer};
use litemap::LiteMap;

/// The runsc command line up to the subcommand, as each caller builds it.
fn global_argv(inv: &Invocation) -> Vec<String> {
    match inv.caller {
        // pkg/shim/v1/runsccmd: `--flag=value`; the runsc_config of
        // /etc/containerd/runsc.toml is appended to every call.
        Component::ShimRunscV1 => vec![
            "runsc".to_string(),
            format!("--root={}", inv.root),
            format!("--log={}/log.json", inv.bundle),
            "--log-format=json".to_string(),
            "--systemd-cgroup=true".to_string(),
        ],
        // go-runc in containerd-shim-runc-v2, with Docker's BinaryName.
        Component::ShimRuncV2 => vec![
            "/usr/local/bin/runsc".to_string(),
            "--root".to_string(),
            inv.root.clone(),
            "--log".to_string(),
            format!("{}/log.json", inv.bundle),
            "--log-format".to_string(),
            "json".to_string(),
            // Docker's systemd cgroup driver: the shim's SystemdCgroup option.
            "--systemd-cgroup".to_string(),
        ],
        _ => vec!["runsc".to_string(), "--root".to_string(), inv.root.clone()],
    }
}

pub(super) fn argv(inv: &Invocation, tail: &[&str]) -> Vec<String> {
    let mut v = global_argv(inv);
    v.extend(tail.iter().map(|s| s.to_string()));
    v
}

/// runsc's flags as it relays them to the processes it execs
/// (`conf.ToFlags()`), shortened to the ones the caller set.
fn relayed_flags(inv: &Invocation) -> Vec<String> {
    let mut v = vec![format!("--root={}", inv.root)];
    if inv.caller != Component::Conmon && inv.caller != Component::CriO {
        v.push(format!("--log={}/log.json", inv.bundle));
        v.push("--log-format=json".to_string());
    }
    if matches!(inv.caller, Component::ShimRunscV1 | Component::ShimRuncV2) {
        v.push("--systemd-cgroup=true".to_string());
    }
    v.push("--platform=systrap".to_string());
    v.push("--network=sandbox".to_string());
    v.push("--directfs=true".to_string());
    v
}

fn signal_number(signal: &str) -> String {
    crate::command::units::parse_signal(signal)
        .map_or_else(|| signal.to_string(), |n| n.to_string())
}

impl World {
    /// `runsc create`: returns the pid runsc writes to `init.pid`, the
    /// Sentry's.
    pub(crate) fn runsc_create(&mut self, inv: &Invocation) -> Result<u32, String> {
        let join = self.runsc_join_target(inv);
        if inv.caller == Component::ShimRunscV1 {
            self.emit_set_pod_cgroup(inv);
        }
        let mut tail = vec!["create", "--bundle", inv.bundle.as_str(), "--pid-file"];
        let pid_file = format!("{}/init.pid", inv.bundle);
        tail.push(&pid_file);
        tail.push(&inv.id);
        let note = match (&join, inv.caller) {
            (Some(_), _) => msg!("gvisor-create-join"),
            (None, Component::ShimRunscV1) => msg!("gvisor-create-sandbox"),
            (None, Component::ShimRuncV2) => msg!("gvisor-create-docker"),
            (None, _) => msg!("gvisor-create-conmon"),
        };
        self.emit(
            h(inv.caller, Component::Runsc, Iface::OciCli, "create")
                .note(note)
                .d("argv", argv(inv, &tail)),
        );
        match join {
            Some(sid) => self.runsc_create_subcontainer(inv, &sid),
            None => Ok(self.runsc_boot_sandbox(inv)),
        }
    }

    /// Task/Create of a sandbox under gVisor's shim: `setPodCgroup`.
    fn emit_set_pod_cgroup(&mut self, inv: &Invocation) {
        let SpecKind::Sandbox { .. } = inv.spec else {
            return;
        };
        // containerd's getCgroupsPath with the kubelet's systemd driver.
        let slice = inv
            .cgroup
            .split('/')
            .rev()
            .find(|p| p.ends_with(".slice"))
            .unwrap_or("");
        let cgroups_path = format!("{slice}:cri-containerd:{}", inv.id);
        let note = match super::pod_cgroup(&cgroups_path) {
            Some(p) => msg!("gvisor-pod-cgroup", parent = p),
            None => msg!("gvisor-pod-cgroup-none"),
        };
        self.emit(
            h(inv.caller, inv.caller, Iface::InProcess, "setPodCgroup")
                .note(note)
                .d("cgroupsPath", cgroups_path),
        );
    }

    /// `runsc create` of a subcontainer: an empty host cgroup and one urpc call.
    fn runsc_create_subcontainer(&mut self, inv: &Invocation, sid: &str) -> Result<u32, String> {
        let Some(sb) = self.runsc.get(sid).cloned() else {
            return Err(format!("cannot load sandbox: sandbox {sid:?} not found"));
        };
        self.emit(
            h(
                Component::Runsc,
                Component::Kernel,
                Iface::Cgroupfs,
                "mkdir",
            )
            .note(msg!("gvisor-subcontainer-cgroup"))
            .d("path", format!("/{}", inv.cgroup.trim_start_matches('/'))),
        );
        self.emit(
            h(
                Component::Runsc,
                Component::RunscSandbox,
                Iface::Urpc,
                "containerManager.CreateSubcontainer",
            )
            .note(msg!("gvisor-subcontainer-load"))
            .d("socket", format!("{}/runsc-{sid}.sock", sb.root))
            .d("cid", inv.id.clone()),
        );
        self.emit(
            h(Component::Runsc, Component::Kernel, Iface::Syscall, "write")
                .note(msg!("gvisor-subcontainer-pid"))
                .d("path", format!("{}/init.pid", inv.bundle))
                .d("value", sb.sentry_pid)
                .fx(
                    format!("container/{}", World::short(&inv.id)),
                    Layer::Oci,
                    None,
                    "created",
                ),
        );
        if let Some(s) = self.runsc.get_mut(sid) {
            s.members.push(inv.id.clone());
        }
        Ok(sb.sentry_pid)
    }

    /// The gofer for a container's mounts (`createGoferProcess`).
    fn runsc_spawn_gofer(&mut self, inv: &Invocation, sid: &str) {
        let pid = self.pid();
        let mut gargv = vec!["runsc-gofer".to_string()];
        gargv.extend(relayed_flags(inv));
        gargv.extend([
            "gofer".to_string(),
            "--bundle".to_string(),
            inv.bundle.clone(),
            "--gofer-mount-confs=lisafs:self".to_string(),
        ]);
        self.emit(
            h(
                Component::Runsc,
                Component::RunscGofer,
                Iface::Exec,
                "runsc-gofer",
            )
            .note(msg!("gvisor-gofer"))
            .d("argv", gargv.clone())
            .d(
                "namespaces",
                ["ipc (new)", "mount (new)", "pid (new)", "uts (new)"],
            )
            .fx(format!("process/{pid}"), Layer::Kernel, None, "running"),
        );
        self.emit(
            h(
                Component::RunscGofer,
                Component::Kernel,
                Iface::Syscall,
                "pivot_root",
            )
            .note(msg!("gvisor-directfs"))
            .d("root", format!("{}/rootfs", inv.bundle)),
        );
        if let Some(s) = self.runsc.get_mut(sid) {
            s.gofers.insert(inv.id.clone(), (pid, gargv));
        }
    }

    /// `runsc create` of a sandbox root: the gofer, the control socket, the
    /// Sentry. Returns the Sentry's pid.
    fn runsc_boot_sandbox(&mut self, inv: &Invocation) -> u32 {
        let sid = inv.id.clone();
        self.runsc.insert(
            sid.clone(),
            RunscSandbox {
                root: inv.root.clone(),
                sentry_pid: 0,
                sentry_argv: Vec::new(),
                running: true,
                members: vec![sid.clone()],
                gofers: LiteMap::new(),
                waits: LiteMap::new(),
            },
        );
        self.emit(
            h(
                Component::Runsc,
                Component::Kernel,
                Iface::Cgroupfs,
                "mkdir",
            )
            .note(msg!("gvisor-root-cgroup"))
            .d("path", format!("/{}", inv.cgroup.trim_start_matches('/'))),
        );
        self.runsc_spawn_gofer(inv, &sid);
        let socket = format!("{}/runsc-{sid}.sock", inv.root);
        self.emit(
            h(Component::Runsc, Component::Kernel, Iface::Syscall, "bind")
                .note(msg!("gvisor-control-socket"))
                .d("path", socket),
        );
        let netns = match &inv.spec {
            SpecKind::Sandbox { netns } if !netns.is_empty() => Some(netns.clone()),
            SpecKind::PinnedPod { uuid, .. } if !uuid.is_empty() => {
                Some(format!("/var/run/netns/{uuid}"))
            }
            _ => None,
        };
        let mut namespaces = vec![
            "ipc (new)".to_string(),
            "mount (new)".to_string(),
            "uts (new)".to_string(),
            "pid (new)".to_string(),
        ];
        match &netns {
            Some(p) => {
                self.emit(
                    h(Component::Runsc, Component::Kernel, Iface::Syscall, "setns")
                        .note(msg!("gvisor-sentry-netns"))
                        .d("path", p.clone())
                        .d("nstype", "CLONE_NEWNET"),
                );
                namespaces.push(format!("network {p}"));
            }
            None => namespaces.push("network (new)".to_string()),
        }
        let pid = self.pid();
        let mut sargv = vec!["runsc-sandbox".to_string()];
        sargv.extend(relayed_flags(inv));
        sargv.extend([
            "--apply-caps=true".to_string(),
            "--setup-root".to_string(),
            "boot".to_string(),
            format!("--bundle={}", inv.bundle),
        ]);
        self.emit(
            h(
                Component::Runsc,
                Component::RunscSandbox,
                Iface::Exec,
                "runsc-sandbox",
            )
            .note(msg!("gvisor-sentry"))
            .d("argv", sargv.clone())
            .d("namespaces", namespaces)
            .fx(format!("process/{pid}"), Layer::Kernel, None, "running"),
        );
        self.emit(
            h(
                Component::RunscSandbox,
                Component::Kernel,
                Iface::Syscall,
                "mount",
            )
            .note(msg!("gvisor-chroot"))
            .d("source", "runsc-root")
            .d("fstype", "tmpfs")
            .d("target", "/tmp"),
        );
        self.emit(
            h(
                Component::RunscSandbox,
                Component::Kernel,
                Iface::Syscall,
                "pivot_root",
            )
            .note(msg!("gvisor-pivot"))
            .d("new_root", "/tmp"),
        );
        self.emit(
            h(
                Component::RunscSandbox,
                Component::Kernel,
                Iface::Syscall,
                "write",
            )
            .note(msg!("gvisor-kernel-ready"))
            .d("fd", "start-sync-fd"),
        );
        let note = if inv.caller == Component::Conmon {
            msg!("gvisor-pid-conmon")
        } else {
            msg!("gvisor-pid-containerd")
        };
        self.emit(
            h(Component::Runsc, Component::Kernel, Iface::Syscall, "write")
                .note(note)
                .d("path", format!("{}/init.pid", inv.bundle))
                .d("value", pid)
                .fx(
                    format!("container/{}", World::short(&sid)),
                    Layer::Oci,
                    None,
                    "created",
                ),
        );
        if let Some(s) = self.runsc.get_mut(&sid) {
            s.sentry_pid = pid;
            s.sentry_argv = sargv;
        }
        pid
    }

    /// `runsc start`.
    pub(crate) fn runsc_start(&mut self, inv: &Invocation) {
        self.emit(
            h(inv.caller, Component::Runsc, Iface::OciCli, "start")
                .note(msg!("gvisor-start"))
                .d("argv", argv(inv, &["start", &inv.id])),
        );
        let Some(sid) = self.runsc_sandbox_of(&inv.id).map(str::to_string) else {
            return;
        };
        let Some(sb) = self.runsc.get(&sid).cloned() else {
            return;
        };
        let socket = format!("{}/runsc-{sid}.sock", sb.root);
        if sid == inv.id {
            self.runsc_setup_network(sb.sentry_pid, &socket);
            self.emit(
                h(
                    Component::Runsc,
                    Component::RunscSandbox,
                    Iface::Urpc,
                    "containerManager.StartRoot",
                )
                .note(msg!("gvisor-start-root"))
                .d("socket", socket)
                .d("cid", sid.clone()),
            );
            self.emit(
                h(
                    Component::RunscSandbox,
                    Component::Kernel,
                    Iface::Syscall,
                    "seccomp",
                )
                .note(msg!("gvisor-seccomp"))
                .d("operation", "SECCOMP_SET_MODE_FILTER"),
            );
            self.emit(
                h(
                    Component::RunscSandbox,
                    Component::Kernel,
                    Iface::Syscall,
                    "clone",
                )
                .note(msg!("gvisor-systrap")),
            );
        } else {
            self.runsc_spawn_gofer(inv, &sid);
            self.emit(
                h(
                    Component::Runsc,
                    Component::RunscSandbox,
                    Iface::Urpc,
                    "containerManager.StartSubcontainer",
                )
                .note(msg!("gvisor-start-args"))
                .d("socket", socket)
                .d("cid", inv.id.clone()),
            );
        }
        let not_found = matches!(
            Workload::from_argv("", &inv.args),
            Workload::NotFound { .. }
        ) && !inv.args.is_empty();
        self.emit(
            h(
                Component::RunscSandbox,
                Component::Container,
                Iface::Exec,
                "execve",
            )
            .note(if not_found {
                msg!("gvisor-not-found")
            } else {
                msg!("gvisor-load-program")
            })
            .d("argv", inv.args.clone())
            .fx(
                format!("container/{}", World::short(&inv.id)),
                Layer::Oci,
                Some("created"),
                "running",
            ),
        );
        self.runsc_first_write(&inv.id);
        if not_found {
            // gVisor fails the start RPC here; the model lets the task start
            // and end at once with the status of a failed start.
            self.at(
                1,
                Timer::Exit {
                    id: inv.id.clone(),
                    code: 128,
                    oom: false,
                },
            );
        }
        if inv.caller == Component::ShimRunscV1 {
            let pid = self.pid();
            let wargv = argv(inv, &["wait", &inv.id]);
            self.emit(
                h(inv.caller, Component::Runsc, Iface::OciCli, "wait")
                    .note(msg!("gvisor-wait"))
                    .d("argv", wargv.clone())
                    .fx(format!("process/{pid}"), Layer::Kernel, None, "running"),
            );
            self.emit(
                h(
                    Component::Runsc,
                    Component::RunscSandbox,
                    Iface::Urpc,
                    "containerManager.Wait",
                )
                .note(msg!("gvisor-wait-blocks"))
                .d("cid", inv.id.clone()),
            );
            if let Some(s) = self.runsc.get_mut(&sid) {
                s.waits.insert(inv.id.clone(), (pid, wargv));
            }
        }
    }

    /// The workload's first output line, as systrap and the Sentry carry it:
    /// the write traps into the Sentry; stdout is a host pipe the caller
    /// handed runsc, so the Sentry's own write(2) on it is one its seccomp
    /// filter lets through.
    fn runsc_first_write(&mut self, id: &str) {
        let Some((stream, line)) = self
            .ctrs
            .get(id)
            .and_then(|c| c.workload.lines().first().cloned())
        else {
            return;
        };
        let fd = if stream == "stderr" { 2 } else { 1 };
        self.emit(
            h(
                Component::Container,
                Component::RunscSandbox,
                Iface::Syscall,
                "write",
            )
            .note(msg!("gvisor-first-log"))
            .d("fd", fd)
            .d("count", line.len() + 1),
        );
        self.emit(
            h(
                Component::RunscSandbox,
                Component::Kernel,
                Iface::Syscall,
                "write",
            )
            .note(msg!("gvisor-stdout"))
            .d("fd", format!("host {stream} pipe"))
            .d("count", line.len() + 1),
        );
    }

    /// `setupNetwork` with `--network=sandbox`: runsc copies the pod
    /// namespace's interfaces and routes into the Sentry's network stack.
    fn runsc_setup_network(&mut self, sentry: u32, socket: &str) {
        self.emit(
            h(Component::Runsc, Component::Kernel, Iface::Syscall, "setns")
                .note(msg!("gvisor-net-join"))
                .d("path", format!("/proc/{sentry}/ns/net")),
        );
        self.emit(
            h(
                Component::Runsc,
                Component::Kernel,
                Iface::Syscall,
                "sendmsg",
            )
            .note(msg!("gvisor-net-read"))
            .d("protocol", "NETLINK_ROUTE")
            .d("ops", "RTM_GETLINK, RTM_GETADDR, RTM_GETROUTE, RTM_DELADDR"),
        );
        self.emit(
            h(
                Component::Runsc,
                Component::Kernel,
                Iface::Syscall,
                "socket",
            )
            .note(msg!("gvisor-net-packet"))
            .d("domain", "AF_PACKET")
            .d("type", "SOCK_RAW")
            .d("interface", "eth0"),
        );
        self.emit(
            h(
                Component::Runsc,
                Component::RunscSandbox,
                Iface::Urpc,
                "containerManager.SetNetworkArgs",
            )
            .note(msg!("gvisor-net-handoff"))
            .d("socket", socket.to_string()),
        );
    }

    /// `runsc kill`.
    pub(crate) fn runsc_kill(&mut self, inv: &Invocation, signal: &str, all: bool) {
        if inv.caller == Component::ShimRunscV1 {
            self.emit(
                h(inv.caller, Component::Runsc, Iface::OciCli, "state")
                    .note(msg!("gvisor-kill-check"))
                    .d("argv", argv(inv, &["state", &inv.id])),
            );
        }
        let sig = match inv.caller {
            Component::ShimRunscV1 | Component::ShimRuncV2 => signal_number(signal),
            _ => signal.to_string(),
        };
        let mut tail = vec!["kill"];
        if all {
            tail.push("--all");
        }
        tail.push(&inv.id);
        tail.push(&sig);
        self.emit(
            h(inv.caller, Component::Runsc, Iface::OciCli, "kill")
                .note(msg!("gvisor-kill", signal = signal))
                .d("argv", argv(inv, &tail)),
        );
        self.runsc_signal(&inv.id, &sig, all);
    }

    /// `containerManager.Signal`, if the Sentry is still there.
    fn runsc_signal(&mut self, id: &str, sig: &str, all: bool) {
        let running = self
            .runsc_sandbox_of(id)
            .and_then(|s| self.runsc.get(s))
            .is_some_and(|s| s.running);
        if !running {
            self.emit(
                h(
                    Component::Runsc,
                    Component::Runsc,
                    Iface::InProcess,
                    "IsSandboxRunning",
                )
                .note(msg!("gvisor-kill-gone")),
            );
            return;
        }
        // Container.SignalContainer allows a Stopped container when all is
        // set (container cleanup): the RPC goes, and finds no task left.
        let exited = self
            .ctrs
            .get(id)
            .is_some_and(|c| c.oci != Some(crate::lifecycle::oci::OciStatus::Running));
        let mut rpc = h(
            Component::Runsc,
            Component::RunscSandbox,
            Iface::Urpc,
            "containerManager.Signal",
        );
        if exited {
            rpc = rpc.note(msg!("gvisor-kill-stopped"));
        }
        self.emit(rpc.d("cid", id.to_string()).d("signo", sig.to_string()).d(
            "mode",
            if all {
                "DeliverToAllProcesses"
            } else {
                "DeliverToProcess"
            },
        ));
        if exited {
            return;
        }
        self.emit(
            h(
                Component::RunscSandbox,
                Component::Container,
                Iface::Syscall,
                "signal",
            )
            .note(msg!("gvisor-kill-deliver"))
            .d("signal", sig.to_string()),
        );
    }

    /// `runsc delete`: a subcontainer is destroyed by RPC; for the root the
    /// sandbox ends (its Sentry and gofers killed if still there).
    pub(crate) fn runsc_delete(&mut self, inv: &Invocation, force: bool) {
        if inv.caller == Component::ShimRunscV1 {
            self.emit(
                h(inv.caller, Component::Runsc, Iface::OciCli, "kill")
                    .note(msg!("gvisor-delete-kill"))
                    .d("argv", argv(inv, &["kill", "--all", &inv.id, "9"])),
            );
            self.runsc_signal(&inv.id, "9", true);
        }
        let mut tail = vec!["delete"];
        if force {
            tail.push("--force");
        }
        tail.push(&inv.id);
        self.emit(
            h(inv.caller, Component::Runsc, Iface::OciCli, "delete")
                .note(msg!("gvisor-delete"))
                .d("argv", argv(inv, &tail)),
        );
        let Some(sid) = self.runsc_sandbox_of(&inv.id).map(str::to_string) else {
            return;
        };
        let Some(sb) = self.runsc.get(&sid).cloned() else {
            return;
        };
        let root = sid == inv.id;
        if root {
            self.emit(
                h(
                    Component::Runsc,
                    Component::Kernel,
                    Iface::Syscall,
                    "unlinkat",
                )
                .note(msg!("gvisor-delete-socket"))
                .d("path", format!("{}/runsc-{sid}.sock", sb.root)),
            );
            if sb.running {
                self.emit(
                    h(Component::Runsc, Component::Kernel, Iface::Syscall, "kill")
                        .note(msg!("gvisor-delete-sandbox"))
                        .d("pid", sb.sentry_pid)
                        .d("signal", "SIGKILL")
                        .fx(
                            format!("process/{}", sb.sentry_pid),
                            Layer::Kernel,
                            Some("running"),
                            "exited",
                        ),
                );
            }
        } else if sb.running {
            self.emit(
                h(
                    Component::Runsc,
                    Component::RunscSandbox,
                    Iface::Urpc,
                    "containerManager.DestroySubcontainer",
                )
                .note(msg!("gvisor-delete-tasks"))
                .d("cid", inv.id.clone()),
            );
        }
        let gofer = if root {
            sb.gofers.iter().map(|(_, g)| g.0).collect::<Vec<_>>()
        } else {
            sb.gofers.get(&inv.id).map(|g| g.0).into_iter().collect()
        };
        for gpid in gofer {
            self.emit(
                h(Component::Runsc, Component::Kernel, Iface::Syscall, "kill")
                    .note(msg!("gvisor-delete-gofer"))
                    .d("pid", gpid)
                    .d("signal", "SIGKILL")
                    .fx(
                        format!("process/{gpid}"),
                        Layer::Kernel,
                        Some("running"),
                        "exited",
                    ),
            );
        }
        self.emit(
            h(
                Component::Runsc,
                Component::Kernel,
                Iface::Cgroupfs,
                "rmdir",
            )
            .note(if root {
                msg!("gvisor-delete-root-cgroup")
            } else {
                msg!("gvisor-delete-host-cgroup")
            })
            .d("path", format!("/{}", inv.cgroup.trim_start_matches('/'))),
        );
        self.emit(
            h(
                Component::Runsc,
                Component::Kernel,
                Iface::Syscall,
                "unlinkat",
            )
            .note(msg!("gvisor-delete-state"))
            .d("root", sb.root.clone())
            .fx(
                format!("container/{}", World::short(&inv.id)),
                Layer::Oci,
                None,
                "deleted",
            ),
        );
        // The sandbox's record goes with its last member: a subcontainer's
        // state files outlive the root's delete until its own.
        let empty = self.runsc.get_mut(&sid).is_some_and(|s| {
            s.members.retain(|m| m != &inv.id);
            s.gofers.remove(&inv.id);
            s.waits.remove(&inv.id);
            if root {
                s.running = false;
                s.gofers.clear();
            }
            s.members.is_empty()
        });
        if empty {
            self.runsc.remove(&sid);
        }
    }
}
