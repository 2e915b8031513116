//! `reboot` (`systemctl reboot`, `shutdown -r now`): every process ends,
//! the kernel boots again (its parameters and modules from what is
//! persisted), and systemd starts only the units that are enabled; the
//! kubelet, if it starts, finds its sandboxes gone and makes them again.

use super::daemons::Starter;
use super::systemd::UnitState;
use crate::engine::World;
use crate::lifecycle::cri::{ContainerState, SandboxState};
use crate::lifecycle::oci::OciStatus;

/// How long the node is away (shutdown, firmware, boot), in ms.
const DOWN_MS: u64 = 30_000;

/// The order systemd brings the modelled units up in (sockets first, the
/// runtimes before the kubelet, which waits for the network only).
const ORDER: [&str; 8] = [
    "docker.socket",
    "cri-docker.socket",
    "containerd.service",
    "crio.service",
    "docker.service",
    "cri-docker.service",
    "ssh.service",
    "kubelet.service",
];

impl World {
    /// Reboots the node.
    pub(crate) fn reboot(&mut self) {
        // Shutdown: systemd stops every unit (no hops: a shutdown is not a
        // call between the stack's components).
        let active: Vec<String> = self
            .node
            .units
            .iter()
            .filter(|u| u.state != UnitState::Inactive)
            .map(|u| u.name.clone())
            .collect();
        for name in active.iter().rev() {
            self.unit_stop(name, false);
        }
        let now = self.now_ms;
        self.node.units.log(
            now,
            "",
            "systemd-shutdown",
            1,
            "Syncing filesystems and block devices.",
        );
        self.node.units.log(
            now,
            "",
            "systemd-shutdown",
            1,
            "Sending SIGTERM to remaining processes...",
        );
        self.every_process_ends();
        // Boot.
        self.now_ms += DOWN_MS;
        self.node.units.boot += 1;
        self.node.units.boot_ms = self.now_ms;
        let fill = self.node.units.kubelet.image_fs_percent;
        self.node.units.kubelet = Default::default();
        self.node.units.kubelet.image_fs_percent = fill;
        self.node.kernel.boot(&self.node.fs);
        self.node.units.load(&self.node.fs);
        for name in ORDER {
            let enabled = self.node.units.get(name).is_some_and(|u| u.enabled);
            if enabled {
                self.unit_start(name, Starter::Boot);
            }
        }
        self.node.units.publish(&mut self.node.fs);
    }

    /// Every process on the node ends: the containers (their CRI state
    /// Exited, 255 as after an unclean end), the sandboxes NotReady, the
    /// shims, the VMs and sandboxes of Kata and gVisor, runc's state in
    /// `/run`, and the timers of processes that are gone.
    fn every_process_ends(&mut self) {
        let now = self.now_ms;
        let ids: Vec<String> = self.ctrs.keys().cloned().collect();
        for id in ids {
            let Some(c) = self.ctrs.get(&id) else {
                continue;
            };
            let live = matches!(
                c.oci,
                Some(OciStatus::Created | OciStatus::Running | OciStatus::Paused)
            );
            let cri = c.cri.get();
            if let Some(c) = self.ctrs.get_mut(&id) {
                if live {
                    c.oci = Some(OciStatus::Stopped);
                    c.exit_code = 255;
                    c.finished_ms = now;
                }
                c.task = None;
                c.shim_pid = 0;
            }
            if matches!(cri, Some(ContainerState::Running | ContainerState::Created)) {
                self.set_container_cri(&id, ContainerState::Exited);
            }
        }
        let sandboxes: Vec<String> = self.sandboxes.keys().cloned().collect();
        for s in sandboxes {
            if let Some(sb) = self.sandboxes.get_mut(&s) {
                sb.pause_pid = None;
                sb.shim_pid = 0;
            }
            self.set_sandbox_state(&s, SandboxState::NotReady);
        }
        self.shims.clear();
        self.kata_vms.clear();
        self.runsc.clear();
        self.oci_cli
            .retain(|(root, _), _| !root.starts_with("/run"));
        self.timers.clear();
        self.containerd_up = false;
    }
}
