//! CRI-O (reference §3): sandboxes without an infra process (pinns-made
//! namespaces), one conmon per container, exits seen through conmon's files.

use super::super::{h, World};
use super::SandboxReq;
use crate::lifecycle::cri::{ContainerState, SandboxState};
use crate::lifecycle::oci::OciStatus;
use crate::msg;
use crate::trace::{Component, Iface, Layer};

impl World {
    pub(crate) fn crio_run_sandbox(&mut self, req: &SandboxReq) -> Result<String, String> {
        let id = self.hex_id();
        let uuid = self.uuid();
        self.emit(
            h(Component::CriO, Component::Pinns, Iface::Exec, "pinns")
                .note(msg!("crio-pinns"))
                .d(
                    "argv",
                    vec![
                        "/usr/bin/pinns".to_string(),
                        "-d".into(),
                        "/var/run".into(),
                        "-f".into(),
                        uuid.clone(),
                        "--ipc".into(),
                        "--net".into(),
                        "--uts".into(),
                    ],
                ),
        );
        self.emit(
            h(
                Component::Pinns,
                Component::Kernel,
                Iface::Syscall,
                "unshare",
            )
            .d("flags", "CLONE_NEWIPC|CLONE_NEWNET|CLONE_NEWUTS"),
        );
        self.emit(
            h(Component::Pinns, Component::Kernel, Iface::Syscall, "mount")
                .note(msg!("crio-pinns-bind"))
                .d(
                    "targets",
                    vec![
                        format!("/var/run/ipcns/{uuid}"),
                        format!("/var/run/netns/{uuid}"),
                        format!("/var/run/utsns/{uuid}"),
                    ],
                )
                .d("flags", "MS_BIND"),
        );
        let netns = format!("/var/run/netns/{uuid}");
        let ip = self.pod_ip("10.85");
        self.emit(
            h(Component::CriO, Component::Cni, Iface::Cni, "ADD")
                .note(msg!("crio-cni-add", ip = &ip))
                .d(
                    "env",
                    vec!["CNI_COMMAND=ADD".to_string(), format!("CNI_NETNS={netns}")],
                )
                .d("config", "/etc/cni/net.d/11-crio-ipv4-bridge.conflist"),
        );
        self.emit(
            h(Component::Cni, Component::Kernel, Iface::Syscall, "sendmsg")
                .d("protocol", "NETLINK_ROUTE")
                .d("ops", "RTM_NEWLINK veth, RTM_NEWADDR, RTM_NEWROUTE"),
        );
        // A VM runtime keeps its infra container (podIsKernelSeparated), so
        // CreateSandboxCgroup, which is for a dropped one, does not run.
        if crate::topology::pod_shim(&self.cfg) == Component::ShimKataV2 {
            self.new_sandbox(&id, req, ip, netns);
            self.crio_vm_run_sandbox(&id)?;
            return Ok(id);
        }
        self.emit(
            h(Component::CriO, Component::Kernel, Iface::Cgroupfs, "mkdir")
                .note(msg!("crio-sandbox-cgroup"))
                .d(
                    "path",
                    format!("/sys/fs/cgroup/{}/crio-{id}", self.pod_slice(&req.uid)),
                ),
        );
        self.new_sandbox(&id, req, ip, netns);
        self.emit(
            h(
                Component::CriO,
                Component::CriO,
                Iface::InProcess,
                "spoofed infra container",
            )
            .note(msg!("crio-drop-infra"))
            .fx(
                format!("sandbox/{}", World::short(&id)),
                Layer::Cri,
                None,
                "SANDBOX_READY",
            ),
        );
        self.set_sandbox_state(&id, SandboxState::Ready);
        Ok(id)
    }

    pub(crate) fn crio_conmon_create(&mut self, id: &str) -> Result<(), String> {
        let bin = self
            .ctrs
            .get(id)
            .map(|c| c.oci_bin)
            .unwrap_or(Component::Runc);
        let root = crate::topology::oci_root(Component::Conmon, bin, "");
        let conmon_pid = self.pid();
        let bundle = crate::oci::spec::sandbox_files::crio_userdata(id);
        self.emit(
            h(Component::CriO, Component::Conmon, Iface::Exec, "conmon")
                .note(msg!("crio-conmon"))
                .d(
                    "argv",
                    vec![
                        "/usr/bin/conmon".to_string(),
                        "-b".into(),
                        bundle.clone(),
                        "-c".into(),
                        id.to_string(),
                        "-u".into(),
                        id.to_string(),
                        "-r".into(),
                        format!("/usr/bin/{}", bin.id()),
                        "--runtime-arg".into(),
                        format!("--root={root}"),
                        "-p".into(),
                        format!("{bundle}/pidfile"),
                        "--exit-dir".into(),
                        "/var/run/crio/exits".into(),
                        "--socket-dir-path".into(),
                        "/var/run/crio".into(),
                    ],
                )
                .fx(
                    format!("process/{conmon_pid}"),
                    Layer::Kernel,
                    None,
                    "running",
                ),
        );
        if let Some((slice, scope)) = self.conmon_scope(id) {
            self.emit(
                h(
                    Component::CriO,
                    Component::CriO,
                    Iface::InProcess,
                    "MoveConmonToCgroup",
                )
                .note(msg!("crio-conmon-scope", slice = slice))
                .d(
                    "unit",
                    scope.rsplit('/').next().unwrap_or_default().to_string(),
                )
                .d("cgroup", format!("/{scope}"))
                .d("pid", conmon_pid),
            );
        }
        let inv = self.invocation(id).ok_or("container vanished")?;
        let pid = self.oci_create(&inv).map_err(|e| {
            format!("rpc error: code = Unknown desc = container create failed: {e}")
        })?;
        if let Some(c) = self.ctrs.get_mut(id) {
            c.pid = pid;
            c.shim_pid = conmon_pid;
            c.oci = Some(OciStatus::Created);
        }
        Ok(())
    }

    /// conmon saw its container exit.
    pub(crate) fn crio_exit(&mut self, id: &str, code: i32, oom: bool) {
        let pid = self.ctrs.get(id).map(|c| c.pid).unwrap_or(0);
        self.emit(
            h(
                Component::Kernel,
                Component::Conmon,
                Iface::Syscall,
                "wait4",
            )
            .note(msg!("crio-conmon-reap"))
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
            .note(if oom {
                msg!("crio-conmon-exit-oom")
            } else {
                msg!("crio-conmon-exit")
            })
            .d("path", format!("/var/run/crio/exits/{id}"))
            .d("value", code),
        );
        self.emit(
            h(
                Component::Kernel,
                Component::CriO,
                Iface::Syscall,
                "inotify",
            )
            .note(msg!("crio-exit-watch"))
            .fx(
                format!("container/{}", World::short(id)),
                Layer::Cri,
                Some("CONTAINER_RUNNING"),
                "CONTAINER_EXITED",
            ),
        );
        self.set_container_cri(id, ContainerState::Exited);
    }
}
