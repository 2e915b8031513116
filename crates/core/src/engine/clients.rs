//! The node-side clients' own behaviour: containerd restarts (systemctl).

use super::{h, Outcome, World};
use crate::trace::{Component, Iface, Layer};

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
            let pid = 812;
            self.emit(
                h(Component::User, Component::Kernel, Iface::Syscall, "kill")
                    .note("systemd sends SIGTERM to containerd (KillMode=process: only the main process, not the shims)")
                    .d("pid", pid)
                    .d("signal", "SIGTERM"),
            );
            self.emit(
                h(Component::Containerd, Component::Containerd, Iface::InProcess, "shutdown")
                    .note("containerd and its CRI plugin exit; every shim, and so every container, keeps running")
                    .fx("process/containerd", Layer::Kernel, Some("running"), "exited"),
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
                .note("systemd starts containerd again")
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
                .note("the plugins load again: content, snapshotter, metadata, tasks, CRI…"),
            );
            let shims: Vec<(String, String)> = self
                .shims
                .iter()
                .map(|(k, s)| (k.clone(), s.address.clone()))
                .collect();
            for (group, addr) in shims {
                let tasks: Vec<(String, Component)> = self
                    .ctrs
                    .values()
                    .filter(|c| {
                        c.task.is_some()
                            && (c.sandbox_id.as_deref() == Some(&group) || c.id == group)
                    })
                    .map(|c| (c.id.clone(), c.shim))
                    .collect();
                let shim = tasks.first().map(|t| t.1).unwrap_or(Component::ShimRuncV2);
                let ns = self.ctrs.get(&group).map(|c| c.ns).unwrap_or("k8s.io");
                self.emit(
                    h(Component::ContainerdTasks, shim, Iface::Ttrpc, "Connect")
                        .note("containerd reads the bundle's address file and reconnects to the live shim")
                        .d("address_file", format!("{}/address", World::bundle(ns, &group)))
                        .d("address", addr),
                );
                for (id, s) in tasks {
                    self.emit(h(Component::ContainerdTasks, s, Iface::Ttrpc, "State").d("id", id));
                }
            }
            if self.cfg.runtime.is_containerd_cri() {
                self.emit(
                    h(Component::ContainerdCri, Component::ContainerdCri, Iface::InProcess, "recover")
                        .note("the CRI plugin rebuilds its sandbox and container stores from containerd's metadata and the tasks' states"),
                );
            }
            self.pleg_dirty = true;
        }
        Outcome::ok("")
    }
}
