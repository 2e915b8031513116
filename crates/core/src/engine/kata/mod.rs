//! Kata Containers 3.x (reference SANDBOXED-AND-PODMAN.md §1, §2): one
//! `containerd-shim-kata-v2` per pod, a long-lived ttRPC server that starts
//! virtiofsd and QEMU itself and drives `kata-agent` inside the VM over vsock.
//! There is no runc, no runc-init and no conmon anywhere: the runc-like
//! create/start split (an `exec.fifo`) happens inside the guest, made by the
//! agent's rustjail, and the containers' namespaces and cgroups belong to the
//! guest kernel.
//!
//! Here: the shim's process (`start`, the daemon, reuse per pod) and what the
//! host runs for a pod. `vm` boots and tears down the sandbox VM; `agent` is
//! the shim's agent calls for one container and what rustjail does for them
//! in the guest. The shim's clients are containerd's task service and, with
//! `runtime_type = "vm"`, CRI-O itself (`engine/cri/crio_vm.rs`).

mod agent;
mod vm;

pub(crate) use vm::CONFIG;

use super::{h, HostProcess, Shim, World};
use crate::msg;
use crate::trace::{Component, Iface, Layer};

/// The shim binary, as kata-deploy installs it.
pub(crate) const SHIM_PATH: &str = "/opt/kata/bin/containerd-shim-kata-v2";
/// kata-agent's vsock port (`vSockPort`, agent `VSOCK_ADDR`).
pub(crate) const AGENT_PORT: u32 = 1024;

/// A pod's virtual machine, as its shim started it.
#[derive(Debug, Clone)]
pub(crate) struct KataVm {
    /// QEMU's pid: the pid the shim reports for every task of the pod.
    pub qemu_pid: u32,
    pub virtiofsd_pid: u32,
    pub argv_qemu: Vec<String>,
    pub argv_virtiofsd: Vec<String>,
}

impl World {
    /// The shim's `start`: a new shim for the pod's sandbox, or, for a
    /// container of a running pod, the same shim's address printed again.
    /// `client` is containerd's task service or CRI-O. Returns the shim's pid.
    pub(crate) fn kata_shim_start(&mut self, client: Component, id: &str, sandbox: &str) -> u32 {
        let crio = client == Component::CriO;
        let (ns, address, publish, bundle) = if crio {
            (
                "default",
                "",
                "/usr/bin/crio",
                format!("/run/containers/storage/overlay-containers/{id}/userdata"),
            )
        } else {
            (
                "k8s.io",
                super::containerd::CTD_SOCK,
                "/usr/bin/containerd",
                World::bundle("k8s.io", id),
            )
        };
        let argv: Vec<String> = [
            SHIM_PATH,
            "-namespace",
            ns,
            "-address",
            address,
            "-publish-binary",
            publish,
            "-id",
            id,
            "start",
        ]
        .map(String::from)
        .to_vec();
        if let Some(s) = self.shims.get(sandbox).cloned() {
            let annotation = if crio {
                "io.kubernetes.cri-o.SandboxID"
            } else {
                "io.kubernetes.cri.sandbox-id"
            };
            let note = if crio || self.cfg.runtime == crate::config::Runtime::Containerd17 {
                msg!("kata-shim-start-again", annotation = annotation)
            } else {
                msg!("kata-shim-start-again-bootstrap", annotation = annotation)
            };
            self.emit(
                h(
                    client,
                    Component::ShimKataV2,
                    Iface::Exec,
                    "containerd-shim-kata-v2",
                )
                .note(note)
                .d("argv", argv)
                .d("cwd", bundle)
                .d("address", s.address),
            );
            return s.pid;
        }
        let pid = self.pid();
        let hash = self.hex_id();
        let shim_address = format!("unix:///run/containerd/s/{hash}");
        let env = if crio {
            vec!["TTRPC_ADDRESS=".to_string()]
        } else {
            vec![
                "TTRPC_ADDRESS=/run/containerd/containerd.sock.ttrpc".to_string(),
                "GRPC_ADDRESS=/run/containerd/containerd.sock".to_string(),
                "NAMESPACE=k8s.io".to_string(),
            ]
        };
        self.emit(
            h(
                client,
                Component::ShimKataV2,
                Iface::Exec,
                "containerd-shim-kata-v2",
            )
            .note(if crio {
                msg!("kata-shim-start-crio")
            } else {
                msg!("kata-shim-start-containerd")
            })
            .d("argv", argv.clone())
            .d("cwd", bundle)
            .d("env", env),
        );
        let mut daemon = argv;
        daemon.pop();
        self.emit(
            h(
                Component::ShimKataV2,
                Component::Kernel,
                Iface::Syscall,
                "unshare",
            )
            .note(msg!("kata-shim-mntns"))
            .d("flags", "CLONE_NEWNS"),
        );
        self.emit(
            h(
                Component::ShimKataV2,
                Component::ShimKataV2,
                Iface::Exec,
                "containerd-shim-kata-v2",
            )
            .note(msg!("kata-shim-reexec"))
            .d("argv", daemon.clone())
            .d("env", vec!["GOMAXPROCS=2"])
            .d("address", shim_address.clone())
            .fx(format!("process/{pid}"), Layer::Kernel, None, "running"),
        );
        self.shims.insert(
            sandbox.to_string(),
            Shim {
                pid,
                address: shim_address,
                bin: Component::ShimKataV2,
                argv: daemon,
            },
        );
        pid
    }

    /// What a Kata pod leaves on the host besides its shim: virtiofsd and
    /// QEMU, children of the shim. The containers run in the guest.
    pub(crate) fn kata_host_processes(&self, out: &mut Vec<HostProcess>) {
        for (sbid, vm) in &self.kata_vms {
            let shim = self.shims.get(sbid).map(|s| s.pid).unwrap_or(1);
            out.push(HostProcess {
                pid: vm.virtiofsd_pid,
                ppid: shim,
                program: Component::Virtiofsd,
                argv: vm.argv_virtiofsd.clone(),
                container: Some(sbid.clone()),
            });
            out.push(HostProcess {
                pid: vm.qemu_pid,
                ppid: shim,
                program: Component::Qemu,
                argv: vm.argv_qemu.clone(),
                container: Some(sbid.clone()),
            });
        }
    }

    /// The pod sandbox a Kata container belongs to (itself for the sandbox).
    pub(crate) fn kata_sandbox_of(&self, id: &str) -> String {
        self.ctrs
            .get(id)
            .and_then(|c| c.sandbox_id.clone())
            .unwrap_or_else(|| id.to_string())
    }
}

#[cfg(test)]
mod tests {
    use crate::message::{Catalog, Lang};
    use crate::msg;

    #[test]
    fn kata_notes_read_in_korean() {
        let ko = Catalog::builtin(Lang::Ko);
        assert_eq!(
            ko.render(&msg!(
                "kata-shim-start-again",
                annotation = "io.kubernetes.cri.sandbox-id"
            )),
            "다시 `start`: Kata의 getAddress가 스펙에서 io.kubernetes.cri.sandbox-id를 읽고 파드의 심 주소를 출력한다. 새 프로세스는 없다"
        );
        assert_eq!(
            ko.render(&msg!("kata-agent-exit", code = 137)),
            "게스트 안에서 컨테이너의 PID 1이 상태 137로 종료된다"
        );
        assert_eq!(
            ko.render(&msg!("kata-agent-exit", code = 0)),
            "게스트 안에서 컨테이너의 PID 1이 상태 0으로 종료된다"
        );
        assert_eq!(
            ko.render(&msg!("kata-vm-agent-connect", cid = 3u32, port = 1024u32)),
            "게스트의 컨텍스트 ID 3, 포트 1024로 가는 vsock 위의 ttRPC 연결: 심은 에이전트가 응답할 때까지 기다린다"
        );
    }
}
