//! A Kata pod's virtual machine (reference §1.2 #8–21, §1.4 #4–5): what the
//! shim does on the sandbox's `Task/Create` (rootfs, tap device and tc
//! filters, cgroups, virtiofsd, QEMU, the guest boot, the agent's
//! `CreateSandbox`), and `Sandbox.Stop` and `Delete` when the pause
//! container's process ends (src/runtime/pkg/containerd-shim-v2/wait.go).

use super::super::{h, World};
use super::{KataVm, AGENT_PORT};
use crate::msg;
use crate::trace::{Component, Iface, Layer};

const SHIM: Component = Component::ShimKataV2;
const AGENT: Component = Component::KataAgent;

/// The shim's configuration file, as Kata's containerd how-to sets it in
/// `runtimes.kata.options` (QEMU is 3.x's default hypervisor).
pub(crate) const CONFIG: &str = "/opt/kata/share/defaults/kata-containers/configuration.toml";

impl World {
    /// The bundle of a container as the shim's client made it.
    pub(crate) fn kata_bundle(&self, id: &str) -> String {
        match self.ctrs.get(id).map(|c| c.ns) {
            Some("k8s.io") => World::bundle("k8s.io", id),
            _ => format!("/var/run/containers/storage/overlay-containers/{id}/userdata"),
        }
    }

    /// The sandbox's `Task/Create` inside the shim: boots the VM and creates
    /// the pause container in the guest. Returns QEMU's pid, the pid the
    /// shim reports for every task of the pod.
    pub(crate) fn kata_create_sandbox(&mut self, client: Component, sbid: &str) -> u32 {
        let bundle = self.kata_bundle(sbid);
        let netns = self
            .sandboxes
            .get(sbid)
            .map(|s| s.netns.clone())
            .unwrap_or_default();
        let cgroup = self
            .invocation(sbid)
            .map(|i| format!("/{}", i.cgroup.trim_start_matches('/')))
            .unwrap_or_default();
        self.emit(
            h(SHIM, SHIM, Iface::InProcess, "loadRuntimeConfig")
                .note(msg!("kata-vm-config"))
                .d("config_path", CONFIG)
                .d("container_type", "sandbox"),
        );
        if client != Component::CriO {
            self.emit(
                h(SHIM, Component::Kernel, Iface::Syscall, "mount")
                    .note(msg!("kata-vm-pause-rootfs"))
                    .d("type", "overlay")
                    .d("target", format!("{bundle}/rootfs")),
            );
        }
        self.emit(
            h(SHIM, Component::Kernel, Iface::Syscall, "sendmsg")
                .note(msg!("kata-vm-tap"))
                .d("netns", netns)
                .d("protocol", "NETLINK_ROUTE")
                .d("ops", "RTM_NEWLINK tap0_kata, RTM_NEWQDISC ingress on eth0 and tap0_kata, RTM_NEWTFILTER mirred redirect eth0→tap0_kata and tap0_kata→eth0"),
        );
        self.emit(
            h(SHIM, Component::Kernel, Iface::Cgroupfs, "cgroup.procs")
                .note(msg!("kata-vm-overhead-cgroup"))
                .d("path", format!("/kata_overhead/{sbid}/cgroup.procs"))
                .d("sandbox_cgroup", cgroup.clone()),
        );
        let shared = format!("/run/kata-containers/shared/sandboxes/{sbid}");
        let virtiofsd_pid = self.pid();
        let argv_virtiofsd: Vec<String> = vec![
            "/opt/kata/libexec/virtiofsd".into(),
            "--syslog".into(),
            "--cache=auto".into(),
            format!("--shared-dir={shared}/shared"),
            "--fd=3".into(),
            "--thread-pool-size=1".into(),
            "--announce-submounts".into(),
        ];
        self.emit(
            h(SHIM, Component::Virtiofsd, Iface::Exec, "virtiofsd")
                .note(msg!("kata-vm-virtiofsd"))
                .d("argv", argv_virtiofsd.clone())
                .d("socket", format!("/run/vc/vm/{sbid}/vhost-fs.sock"))
                .fx(
                    format!("process/{virtiofsd_pid}"),
                    Layer::Kernel,
                    None,
                    "running",
                ),
        );
        let qemu_pid = self.pid();
        let uuid = self.uuid();
        let cid = 3 + u32::from_str_radix(self.hex_id().get(..4).unwrap_or("0"), 16).unwrap_or(0);
        self.emit(
            h(SHIM, Component::Kernel, Iface::Syscall, "ioctl")
                .note(msg!("kata-vm-vsock-cid"))
                .d("device", "/dev/vhost-vsock")
                .d("request", "VHOST_VSOCK_SET_GUEST_CID")
                .d("guest_cid", cid),
        );
        let argv_qemu: Vec<String> = vec![
            "/opt/kata/bin/qemu-system-x86_64".into(),
            "-name".into(),
            format!("sandbox-{sbid}"),
            "-uuid".into(),
            uuid,
            "-machine".into(),
            "q35,accel=kvm,nvdimm=on".into(),
            "-qmp".into(),
            format!("unix:/run/vc/vm/{sbid}/qmp.sock,server=on,wait=off"),
            "-m".into(),
            "2048M,slots=10,maxmem=…".into(),
            "-device".into(),
            format!("vhost-vsock-pci,disable-modern=false,vhostfd=3,id=vsock-{cid},guest-cid={cid}"),
            "-chardev".into(),
            format!("socket,id=char-vhost-fs,path=/run/vc/vm/{sbid}/vhost-fs.sock"),
            "-device".into(),
            "vhost-user-fs-pci,chardev=char-vhost-fs,tag=kataShared".into(),
            "-netdev".into(),
            "tap,id=network-0,vhost=on,fds=3".into(),
            "-object".into(),
            "memory-backend-file,id=mem0,mem-path=/opt/kata/share/kata-containers/kata-containers.img,share=on".into(),
            "-device".into(),
            "nvdimm,id=nv0,memdev=mem0".into(),
            "-kernel".into(),
            "/opt/kata/share/kata-containers/vmlinux.container".into(),
            "-append".into(),
            "… root=/dev/pmem0p1 rootflags=dax,data=ordered,errors=remount-ro ro rootfstype=ext4 … systemd.unit=kata-containers.target …".into(),
            "-pidfile".into(),
            format!("/run/vc/vm/{sbid}/pid"),
            "-vga".into(),
            "none".into(),
            "-global".into(),
            "kvm-pit.lost_tick_policy=discard".into(),
            "-rtc".into(),
            "base=utc,clock=host,driftfix=slew".into(),
        ];
        self.emit(
            h(SHIM, Component::Qemu, Iface::Exec, "qemu-system-x86_64")
                .note(msg!("kata-vm-qemu"))
                .d("argv", argv_qemu.clone())
                .fx(
                    format!("process/{qemu_pid}"),
                    Layer::Kernel,
                    None,
                    "running",
                ),
        );
        self.emit(
            h(Component::Qemu, Component::Kernel, Iface::Syscall, "ioctl")
                .note(msg!("kata-vm-kvm"))
                .d("requests", vec!["KVM_CREATE_VM", "KVM_CREATE_VCPU"]),
        );
        self.emit(
            h(SHIM, Component::Qemu, Iface::VmmApi, "qmp_capabilities")
                .note(msg!("kata-vm-qmp"))
                .d("socket", format!("/run/vc/vm/{sbid}/qmp.sock")),
        );
        self.emit(
            h(
                Component::Qemu,
                Component::GuestKernel,
                Iface::Exec,
                "vmlinux.container",
            )
            .note(msg!("kata-vm-boot"))
            .d(
                "kernel",
                "/opt/kata/share/kata-containers/vmlinux.container",
            )
            .d("root", "/dev/pmem0p1"),
        );
        self.emit(
            h(Component::GuestKernel, AGENT, Iface::Exec, "kata-agent")
                .note(msg!("kata-vm-agent-listens", port = AGENT_PORT))
                .d("listen", format!("vsock://-1:{AGENT_PORT}")),
        );
        self.emit(
            h(SHIM, AGENT, Iface::Ttrpc, "grpc.Health/Check")
                .note(msg!("kata-vm-agent-connect", cid = cid, port = AGENT_PORT))
                .d("vsock", format!("vsock://{cid}:{AGENT_PORT}")),
        );
        let ip = self
            .sandboxes
            .get(sbid)
            .map(|s| s.ip.clone())
            .unwrap_or_default();
        self.emit(
            h(
                SHIM,
                AGENT,
                Iface::Ttrpc,
                "grpc.AgentService/UpdateInterface",
            )
            .note(msg!("kata-vm-nic"))
            .d("name", "eth0")
            .d("ip", ip),
        );
        self.emit(
            h(SHIM, AGENT, Iface::Ttrpc, "grpc.AgentService/UpdateRoutes")
                .note(msg!("kata-vm-routes")),
        );
        let hostname = self
            .sandboxes
            .get(sbid)
            .map(|s| s.name.clone())
            .unwrap_or_default();
        self.emit(
            h(SHIM, AGENT, Iface::Ttrpc, "grpc.AgentService/CreateSandbox")
                .note(msg!("kata-vm-sandbox"))
                .d("hostname", hostname.clone())
                .d("sandbox_id", sbid)
                .d("sandbox_pidns", false)
                .d(
                    "storages",
                    vec![
                        "virtio-fs kataShared → /run/kata-containers/shared/containers/",
                        "ephemeral tmpfs → /run/kata-containers/sandbox/shm",
                    ],
                ),
        );
        self.emit(
            h(AGENT, Component::GuestKernel, Iface::Syscall, "mount")
                .d("source", "kataShared")
                .d("type", "virtiofs")
                .d("target", "/run/kata-containers/shared/containers/"),
        );
        self.emit(
            h(AGENT, Component::GuestKernel, Iface::Syscall, "unshare")
                .note(msg!("kata-vm-pod-ns"))
                .d("flags", "CLONE_NEWIPC|CLONE_NEWUTS")
                .d(
                    "bind_mounts",
                    vec![
                        "/run/kata-containers/sandbox/ns/ipc",
                        "/run/kata-containers/sandbox/ns/uts",
                    ],
                )
                .d("hostname", hostname),
        );
        self.emit(h(
            SHIM,
            AGENT,
            Iface::Ttrpc,
            "grpc.AgentService/GetGuestDetails",
        ));
        self.kata_vms.insert(
            sbid.to_string(),
            KataVm {
                qemu_pid,
                virtiofsd_pid,
                argv_qemu,
                argv_virtiofsd,
            },
        );
        self.kata_container_create(sbid, sbid);
        // createContainers → resourceControllerUpdate → constrainHypervisor.
        self.emit(
            h(SHIM, Component::Kernel, Iface::Cgroupfs, "cgroup.threads")
                .note(msg!("kata-vm-vcpu-cgroup"))
                .d("path", format!("{cgroup}/cgroup.threads")),
        );
        qemu_pid
    }

    /// `Sandbox.Stop` and `Delete` (wait.go, when the pause container's
    /// `WaitProcess` returns): the agent destroys the sandbox, QEMU is killed,
    /// virtiofsd stopped, the tap and filters removed, the state deleted.
    pub(crate) fn kata_stop_sandbox(&mut self, sbid: &str) {
        let Some(vm) = self.kata_vms.remove(sbid) else {
            return;
        };
        self.emit(
            h(
                SHIM,
                AGENT,
                Iface::Ttrpc,
                "grpc.AgentService/RemoveContainer",
            )
            .note(msg!("kata-vm-stop"))
            .d("container_id", sbid),
        );
        self.emit(
            h(
                SHIM,
                AGENT,
                Iface::Ttrpc,
                "grpc.AgentService/DestroySandbox",
            )
            .note(msg!("kata-vm-teardown")),
        );
        self.emit(
            h(SHIM, Component::Kernel, Iface::Syscall, "kill")
                .note(msg!("kata-vm-kill-qemu"))
                .d("pid", vm.qemu_pid)
                .d("signal", "SIGKILL")
                .fx(
                    format!("process/{}", vm.qemu_pid),
                    Layer::Kernel,
                    Some("running"),
                    "killed",
                ),
        );
        self.emit(
            h(SHIM, Component::Kernel, Iface::Syscall, "kill")
                .note(msg!("kata-vm-stop-virtiofsd"))
                .d("pid", vm.virtiofsd_pid)
                .fx(
                    format!("process/{}", vm.virtiofsd_pid),
                    Layer::Kernel,
                    Some("running"),
                    "exited",
                ),
        );
        self.emit(
            h(SHIM, Component::Kernel, Iface::Syscall, "sendmsg")
                .note(msg!("kata-vm-remove-tap"))
                .d("protocol", "NETLINK_ROUTE")
                .d("ops", "RTM_DELTFILTER, RTM_DELQDISC, RTM_DELLINK tap0_kata"),
        );
        self.emit(
            h(SHIM, Component::Kernel, Iface::Syscall, "umount2")
                .note(msg!("kata-vm-delete"))
                .d(
                    "paths",
                    vec![
                        format!("/run/kata-containers/shared/sandboxes/{sbid}"),
                        format!("/run/vc/vm/{sbid}"),
                        format!("/run/vc/sbs/{sbid}"),
                        format!("/kata_overhead/{sbid}"),
                    ],
                ),
        );
    }
}
