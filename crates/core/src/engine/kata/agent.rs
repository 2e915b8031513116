//! One container of a Kata pod (reference §1.2 #20–24, §1.3, §1.4 #1–3): the
//! shim's side of `Task/Create`, `Start`, `Kill`, `Exec`, `Delete` and of the
//! process's exit, and what the agent's rustjail does in the guest for each
//! (src/agent/rustjail/src/container.rs): the `exec.fifo`, a `kata-agent init`
//! child that unshares or joins namespaces, the guest cgroup, `pivot_root`,
//! and the `execve` that `StartContainer` releases.

use super::super::{h, World};
use crate::msg;
use crate::trace::{Component, Iface, Layer};

const SHIM: Component = Component::ShimKataV2;
const AGENT: Component = Component::KataAgent;
const GUEST: Component = Component::GuestKernel;

impl World {
    /// The shim's `Task/Create` for a container of a running pod: its rootfs
    /// shared into the VM and the agent's `CreateContainer`. Returns the pid
    /// the shim reports: QEMU's.
    pub(crate) fn kata_task_create(&mut self, client: Component, id: &str) -> Result<u32, String> {
        let sbid = self.kata_sandbox_of(id);
        if sbid == id {
            return Ok(self.kata_create_sandbox(client, id));
        }
        let Some(qemu_pid) = self.kata_vms.get(&sbid).map(|v| v.qemu_pid) else {
            return Err(format!("sandbox {sbid} not found"));
        };
        if client != Component::CriO {
            let bundle = self.kata_bundle(id);
            self.emit(
                h(SHIM, Component::Kernel, Iface::Syscall, "mount")
                    .note(msg!("kata-agent-rootfs-mounts"))
                    .d("type", "overlay")
                    .d("target", format!("{bundle}/rootfs")),
            );
        }
        self.kata_container_create(&sbid, id);
        let limit = self.ctrs.get(id).and_then(|c| c.memory_limit);
        if let Some(bytes) = limit {
            let mib = bytes.div_ceil(1 << 20);
            self.emit(
                h(SHIM, Component::Qemu, Iface::VmmApi, "device_add")
                    .note(msg!("kata-agent-memory-hotplug", mib = mib))
                    .d("driver", "pc-dimm")
                    .d("size_mib", mib),
            );
            self.emit(
                h(SHIM, AGENT, Iface::Ttrpc, "grpc.AgentService/OnlineCPUMem")
                    .note(msg!("kata-agent-memory-online")),
            );
        }
        Ok(qemu_pid)
    }

    /// The shim shares a container's rootfs into the VM and asks the agent to
    /// create it; rustjail makes it in the guest, its init blocked on exec.fifo.
    pub(crate) fn kata_container_create(&mut self, sbid: &str, id: &str) {
        let bundle = self.kata_bundle(id);
        let sandbox = sbid == id;
        self.emit(
            h(SHIM, Component::Kernel, Iface::Syscall, "mount")
                .note(msg!("kata-agent-share-rootfs"))
                .d("source", format!("{bundle}/rootfs"))
                .d(
                    "target",
                    format!("/run/kata-containers/shared/sandboxes/{sbid}/mounts/{id}/rootfs"),
                )
                .d("flags", "MS_BIND"),
        );
        let (args, cgroup) = self
            .ctrs
            .get(id)
            .map(|c| (c.args.clone(), c.memory_limit))
            .unwrap_or_default();
        self.emit(
            h(
                SHIM,
                AGENT,
                Iface::Ttrpc,
                "grpc.AgentService/CreateContainer",
            )
            .note(if sandbox {
                msg!("kata-agent-create-pause")
            } else {
                msg!("kata-agent-create-container")
            })
            .d("container_id", id)
            .d("exec_id", id)
            .d("args", args.clone())
            .d("sandbox_pidns", false),
        );
        let state = format!("/run/kata-containers/{id}");
        self.emit(
            h(AGENT, GUEST, Iface::Syscall, "mkfifo")
                .note(msg!("kata-agent-rustjail-fifo"))
                .d("path", format!("{state}/exec.fifo")),
        );
        self.emit(
            h(AGENT, AGENT, Iface::Exec, "kata-agent")
                .note(msg!("kata-agent-spawn-init"))
                .d("argv", vec!["/usr/bin/kata-agent", "init"]),
        );
        self.emit(
            h(AGENT, GUEST, Iface::Syscall, "unshare")
                .note(msg!("kata-agent-init-pidns"))
                .d("flags", "CLONE_NEWPID"),
        );
        let mut cg = h(AGENT, GUEST, Iface::Cgroupfs, "cgroup.procs")
            .note(msg!("kata-agent-init-cgroup"))
            .d("container_id", id);
        if let Some(bytes) = cgroup {
            cg = cg.d("memory.max", bytes);
        }
        self.emit(cg);
        self.emit(
            h(AGENT, GUEST, Iface::Syscall, "setns")
                .note(msg!("kata-agent-join-ns"))
                .d(
                    "paths",
                    vec![
                        "/run/kata-containers/sandbox/ns/ipc",
                        "/run/kata-containers/sandbox/ns/uts",
                    ],
                )
                .d("unshare", "CLONE_NEWNS"),
        );
        self.emit(
            h(AGENT, GUEST, Iface::Syscall, "pivot_root")
                .note(msg!("kata-agent-mounts"))
                .d(
                    "rootfs",
                    format!("/run/kata-containers/shared/containers/{id}/rootfs"),
                ),
        );
        self.emit(
            h(AGENT, GUEST, Iface::Syscall, "open")
                .note(msg!("kata-agent-fifo-wait"))
                .d("path", format!("{state}/exec.fifo"))
                .d("flags", "O_RDONLY")
                .fx(
                    format!("container/{}", World::short(id)),
                    Layer::Oci,
                    None,
                    "created",
                ),
        );
    }

    /// `Task/Start` inside the shim: the agent's `StartContainer` releases
    /// init, which execs the program; the shim then waits on it.
    pub(crate) fn kata_task_start(&mut self, id: &str) {
        let args = self
            .ctrs
            .get(id)
            .map(|c| c.args.clone())
            .unwrap_or_default();
        let state = format!("/run/kata-containers/{id}");
        self.emit(
            h(
                SHIM,
                AGENT,
                Iface::Ttrpc,
                "grpc.AgentService/StartContainer",
            )
            .d("container_id", id),
        );
        self.emit(
            h(AGENT, GUEST, Iface::Syscall, "write")
                .note(msg!("kata-agent-fifo-write"))
                .d("path", format!("{state}/exec.fifo")),
        );
        self.emit(
            h(AGENT, GUEST, Iface::Syscall, "execve")
                .note(msg!("kata-agent-exec-program"))
                .d("argv", args)
                .fx(
                    format!("container/{}", World::short(id)),
                    Layer::Oci,
                    Some("created"),
                    "running",
                ),
        );
        self.emit(
            h(SHIM, AGENT, Iface::Ttrpc, "grpc.AgentService/WaitProcess")
                .note(msg!("kata-agent-wait-process"))
                .d("container_id", id)
                .d("exec_id", id),
        );
    }

    /// `Task/Kill` inside the shim: the agent's `SignalProcess`.
    pub(crate) fn kata_task_kill(&mut self, id: &str, signal: &str, all: bool) {
        self.emit(
            h(SHIM, AGENT, Iface::Ttrpc, "grpc.AgentService/SignalProcess")
                .d("container_id", id)
                .d("exec_id", if all { "" } else { id })
                .d("signal", signal),
        );
        self.emit(
            h(AGENT, GUEST, Iface::Syscall, "kill")
                .note(msg!("kata-agent-signal"))
                .d("signal", signal),
        );
    }

    /// A Kata container's process ended in the guest: the agent reaps it, the
    /// shim's `WaitProcess` returns, and the shim stops the container (or, for
    /// the pause container, the whole sandbox) before it reports the exit.
    pub(crate) fn kata_process_exit(&mut self, id: &str, code: i32, oom: bool) {
        if oom {
            self.emit(
                h(GUEST, Component::Container, Iface::Syscall, "oom_kill")
                    .note(msg!("kata-agent-oom-kill"))
                    .d("signal", "SIGKILL"),
            );
            self.emit(
                h(SHIM, AGENT, Iface::Ttrpc, "grpc.AgentService/GetOOMEvent")
                    .note(msg!("kata-agent-oom-event"))
                    .d("container_id", id),
            );
            let to_crio = self.ctrs.get(id).is_some_and(|c| c.ns.is_empty());
            if to_crio {
                let bundle = self.kata_bundle(id);
                self.emit(
                    h(SHIM, Component::Kernel, Iface::Syscall, "open")
                        .note(msg!("kata-agent-oom-file"))
                        .d("path", format!("{bundle}/oom"))
                        .d("flags", "O_CREAT"),
                );
            } else {
                self.emit(
                    h(
                        SHIM,
                        Component::ContainerdEvents,
                        Iface::Ttrpc,
                        "Events.Forward",
                    )
                    .d("topic", "/tasks/oom")
                    .d("container_id", id),
                );
            }
        } else {
            self.emit(
                h(Component::Container, GUEST, Iface::Syscall, "exit_group")
                    .note(msg!("kata-agent-exit", code = code))
                    .d("status", code),
            );
        }
        self.emit(
            h(GUEST, AGENT, Iface::Syscall, "wait4")
                .note(msg!("kata-agent-reap"))
                .d("status", code),
        );
        self.emit(
            h(SHIM, SHIM, Iface::InProcess, "wait")
                .note(msg!("kata-agent-wait-returns", code = code))
                .d("container_id", id),
        );
        let sbid = self.kata_sandbox_of(id);
        if sbid == id {
            self.kata_stop_sandbox(id);
        } else {
            self.emit(
                h(
                    SHIM,
                    AGENT,
                    Iface::Ttrpc,
                    "grpc.AgentService/RemoveContainer",
                )
                .note(msg!("kata-agent-remove"))
                .d("container_id", id),
            );
            self.emit(
                h(SHIM, Component::Kernel, Iface::Syscall, "umount2")
                    .note(msg!("kata-agent-unshare-rootfs"))
                    .d(
                        "target",
                        format!("/run/kata-containers/shared/sandboxes/{sbid}/mounts/{id}/rootfs"),
                    ),
            );
        }
    }

    /// `Task/Exec` + `Task/Start` of an exec process inside the shim.
    pub(crate) fn kata_exec(&mut self, cid: &str, exec_id: &str, cmd: &[String]) {
        self.emit(
            h(SHIM, AGENT, Iface::Ttrpc, "grpc.AgentService/ExecProcess")
                .note(msg!("kata-agent-exec"))
                .d("container_id", cid)
                .d("exec_id", exec_id)
                .d("args", cmd.to_vec()),
        );
        self.emit(
            h(AGENT, GUEST, Iface::Syscall, "setns")
                .note(msg!("kata-agent-exec-join"))
                .d("container_id", cid),
        );
        self.emit(h(AGENT, GUEST, Iface::Syscall, "execve").d("argv", cmd.to_vec()));
        self.emit(
            h(SHIM, AGENT, Iface::Ttrpc, "grpc.AgentService/WaitProcess")
                .d("container_id", cid)
                .d("exec_id", exec_id),
        );
    }

    /// `Task/Delete` inside the shim: the container's rootfs is unmounted on
    /// the host and the shim forgets it.
    pub(crate) fn kata_task_delete(&mut self, id: &str) {
        let bundle = self.kata_bundle(id);
        self.emit(
            h(SHIM, Component::Kernel, Iface::Syscall, "umount2")
                .note(msg!("kata-agent-drop-rootfs"))
                .d("target", format!("{bundle}/rootfs")),
        );
    }
}
