//! containerd's CRI plugin (reference §2.3): `RunPodSandbox` with the pause
//! image, a shim per pod and CNI; the sandbox's network namespace.

use super::super::registry::{Puller, Ref};
use super::super::{h, Origin, World};
use super::SandboxReq;
use crate::config::Runtime;
use crate::lifecycle::cri::{ContainerState, SandboxState};
use crate::msg;
use crate::oci::spec::sandbox_files;
use crate::trace::{Component, Iface, Layer};

impl World {
    pub(crate) fn ctd_run_sandbox(&mut self, req: &SandboxReq) -> Result<String, String> {
        let v2 = self.cfg.runtime == Runtime::Containerd2;
        let cri = Component::ContainerdCri;
        let id = self.hex_id();
        let uuid = self.uuid();
        let netns = format!("/var/run/netns/cni-{uuid}");
        let pause = self.cfg.pause_image();
        self.emit(
            h(cri, cri, Iface::InProcess, "ReserveName")
                .note(msg!("cri-reserve-name"))
                .d(
                    "name",
                    format!("{}_{}_{}_{}", req.name, req.namespace, req.uid, req.attempt),
                )
                .d("id", id.clone()),
        );
        let ip;
        if v2 {
            ip = self.ctd_sandbox_network(&netns);
            self.ensure_pause(pause)?;
            self.emit(
                h(
                    cri,
                    Component::Containerd,
                    Iface::InProcess,
                    "Sandbox.Controller.Start",
                )
                .note(msg!("cri-podsandbox-start"))
                .d("sandbox_id", id.clone()),
            );
        } else {
            self.ensure_pause(pause)?;
            ip = String::new();
        }
        let mut ctr = self.new_ctr(
            &id,
            "POD",
            Origin::Sandbox,
            "k8s.io",
            pause,
            vec!["/pause".to_string()],
        );
        ctr.sandbox_id = Some(id.clone());
        ctr.image_ref = Ref::parse(pause)
            .and_then(|r| self.has_image("k8s.io", &r).map(|i| i.id.clone()))
            .unwrap_or_default();
        self.ctrs.insert(id.clone(), ctr);
        let chain = Ref::parse(pause)
            .and_then(|r| self.has_image("k8s.io", &r).map(|i| i.chain_id.clone()))
            .unwrap_or_default();
        self.emit(
            h(
                cri,
                Component::ContainerdSnapshotter,
                Iface::InProcess,
                "Snapshots.Prepare",
            )
            .note(msg!("cri-pause-snapshot"))
            .d("key", id.clone())
            .d("parent", chain),
        );
        self.emit(
            h(
                cri,
                Component::Containerd,
                Iface::InProcess,
                "Containers.Create",
            )
            .note(msg!("cri-pause-record"))
            .d("id", id.clone())
            .d("namespace", "k8s.io")
            .d("image", pause)
            .d(
                "runtime",
                if self.cfg.oci == crate::config::Oci::Kata {
                    "io.containerd.kata.v2"
                } else if self.cfg.oci == crate::config::Oci::Gvisor {
                    "io.containerd.runsc.v1"
                } else {
                    "io.containerd.runc.v2"
                },
            ),
        );
        // Both versions write the pod's files right after the container
        // record (2.x: in the podsandbox controller's Start), in the same
        // directories (2.x keeps 1.x's for compatibility).
        self.emit(
            h(cri, cri, Iface::InProcess, "setupSandboxFiles")
                .note(msg!("cri-sandbox-files"))
                .d("dir", sandbox_files::containerd_sandbox_dir(&id))
                .d("shm", sandbox_files::containerd_sandbox_shm(&id)),
        );
        let ip = if v2 {
            ip
        } else {
            self.ctd_sandbox_network(&netns)
        };
        self.new_sandbox(&id, req, ip, netns);
        if let Some(c) = self.ctrs.get_mut(&id) {
            c.sandbox_id = Some(id.clone());
        }
        let pid = self.task_create(cri, &id, Some(&id))?;
        self.task_wait(cri, &id);
        self.emit(
            h(cri, cri, Iface::InProcess, "NRI RunPodSandbox").note(msg!("cri-nri-run-sandbox")),
        );
        self.task_start(cri, &id)?;
        let shim_pid = self.ctrs.get(&id).map(|c| c.shim_pid).unwrap_or(0);
        if let Some(s) = self.sandboxes.get_mut(&id) {
            s.pause_pid = Some(pid);
            s.shim_pid = shim_pid;
        }
        self.set_sandbox_state(&id, SandboxState::Ready);
        self.emit(
            h(cri, cri, Iface::InProcess, "sandboxStore.Add")
                .note(msg!("cri-sandbox-ready"))
                .fx(
                    format!("sandbox/{}", World::short(&id)),
                    Layer::Cri,
                    None,
                    "SANDBOX_READY",
                ),
        );
        Ok(id)
    }

    pub(crate) fn ensure_pause(&mut self, pause: &str) -> Result<(), String> {
        let present = Ref::parse(pause)
            .map(|r| self.has_image("k8s.io", &r).is_some())
            .unwrap_or(false);
        self.emit(
            h(
                Component::ContainerdCri,
                Component::ContainerdImages,
                Iface::InProcess,
                "Images.Get",
            )
            .note(if present {
                msg!("cri-pause-present")
            } else {
                msg!("cri-pause-missing")
            })
            .d("name", pause),
        );
        if !present {
            self.pull(Puller::Cri, "k8s.io", pause)
                .map_err(|_| format!("failed to get sandbox image {pause:?}"))?;
        }
        Ok(())
    }

    pub(crate) fn ctd_sandbox_network(&mut self, netns: &str) -> String {
        let cri = Component::ContainerdCri;
        self.emit(
            h(cri, Component::Kernel, Iface::Syscall, "unshare")
                .note(msg!("cri-netns-unshare"))
                .d("flags", "CLONE_NEWNET")
                .d("bind_mount", netns),
        );
        let ip = self.pod_ip("10.244");
        self.emit(
            h(cri, Component::Cni, Iface::Cni, "ADD")
                .note(msg!("cri-cni-add", ip = &ip))
                .d("argv", vec!["/opt/cni/bin/bridge"])
                .d(
                    "env",
                    vec![
                        "CNI_COMMAND=ADD".to_string(),
                        format!("CNI_NETNS={netns}"),
                        "CNI_IFNAME=eth0".to_string(),
                    ],
                )
                .d("config", "/etc/cni/net.d/10-containerd-net.conflist")
                .d("ip", ip.clone()),
        );
        self.emit(
            h(Component::Cni, Component::Kernel, Iface::Syscall, "sendmsg")
                .note(msg!("cri-cni-netlink"))
                .d("protocol", "NETLINK_ROUTE")
                .d("ops", "RTM_NEWLINK veth, RTM_NEWADDR, RTM_NEWROUTE"),
        );
        ip
    }
    /// The CRI plugin handles a container's or a sandbox's exit: it deletes
    /// the task at once, then records the exit. containerd 1.7
    /// (`pkg/cri/server/events.go`): the event monitor's `handleContainerExit`
    /// and `handleSandboxExit`; 2.x (`internal/cri/server/events.go`
    /// `handleContainerExit`, and the pod sandbox controller's
    /// `handleSandboxTaskExit` before the CRI's `handleSandboxExit`). Each calls
    /// `task.Delete(ctx, …, containerd.WithProcessKill)` before it updates the
    /// status, so the shim's `Task/Delete` (`runc delete`, or runsc's and
    /// Kata's) follows the exit, and containerd's runtime v2 (`shimTask.delete`)
    /// asks the shim to `Shutdown` (see [`World::task_delete`]). A later
    /// `RemoveContainer` finds no task left to delete.
    pub(crate) fn cri_handle_task_exit(&mut self, id: &str, code: i32, oom: bool) {
        let short = World::short(id).to_string();
        let Some(c) = self.ctrs.get(id) else { return };
        let sandbox = c.origin == Origin::Sandbox;
        let sandbox_id = if sandbox {
            Some(id.to_string())
        } else {
            c.sandbox_id.clone()
        };
        let v17 = self.cfg.runtime == Runtime::Containerd17;
        let handler = match (sandbox, v17) {
            (true, true) => "handleSandboxExit",
            (true, false) => "handleSandboxTaskExit",
            (false, _) => "handleContainerExit",
        };
        self.emit(
            h(
                Component::ContainerdEvents,
                Component::ContainerdCri,
                Iface::InProcess,
                "TaskExit",
            )
            .note(if sandbox {
                if v17 {
                    msg!("cri-sandbox-exit-v17")
                } else {
                    msg!("cri-sandbox-exit-v2")
                }
            } else {
                msg!("cri-container-exit", code = code)
            })
            .d("container_id", id)
            .d("exit_status", code),
        );
        let group = self.shim_group(id, sandbox_id.as_deref());
        let note = msg!("cri-exit-task-delete", handler = handler);
        let _ = self.task_delete_noted(Component::ContainerdCri, id, group, Some(note));
        if sandbox {
            self.emit(
                h(
                    Component::ContainerdCri,
                    Component::ContainerdCri,
                    Iface::InProcess,
                    "Status.Update",
                )
                .note(msg!("cri-sandbox-notready"))
                .fx(
                    format!("sandbox/{short}"),
                    Layer::Cri,
                    Some("SANDBOX_READY"),
                    "SANDBOX_NOTREADY",
                ),
            );
            self.set_sandbox_state(id, SandboxState::NotReady);
        } else {
            let reason = crate::lifecycle::cri::exit_reason(code, oom);
            self.emit(
                h(
                    Component::ContainerdCri,
                    Component::ContainerdCri,
                    Iface::InProcess,
                    "Status.UpdateSync",
                )
                .note(msg!("cri-container-exited", code = code, reason = reason))
                .fx(
                    format!("container/{short}"),
                    Layer::Cri,
                    Some("CONTAINER_RUNNING"),
                    "CONTAINER_EXITED",
                ),
            );
            self.set_container_cri(id, ContainerState::Exited);
        }
    }
}
