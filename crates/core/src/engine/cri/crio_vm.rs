//! CRI-O with a VM runtime (`runtime_type = "vm"`, reference §2): Kata's
//! shim instead of conmon. CRI-O keeps the infra (pause) container whatever
//! `drop_infra_ctr` says, execs the shim's `start` itself and is then the
//! shim's ttRPC client, one `runtimeVM` per container, all on the pod's shim
//! (cri-o internal/oci/runtime_vm.go). The shim's TTRPC_ADDRESS is empty, so
//! no events reach CRI-O: exits come back as `Task/Wait` returning.

use super::super::registry::{Puller, Ref};
use super::super::{h, Origin, World};
use crate::lifecycle::cri::{ContainerState, SandboxState};
use crate::lifecycle::oci::OciStatus;
use crate::msg;
use crate::trace::{Component, Iface, Layer};

const SHIM: Component = Component::ShimKataV2;

impl World {
    /// The rest of `RunPodSandbox` once pinns and CNI are done: the infra
    /// container, the shim, the VM.
    pub(crate) fn crio_vm_run_sandbox(&mut self, id: &str) -> Result<(), String> {
        let pause = self.cfg.pause_image();
        let present = Ref::parse(pause)
            .map(|r| self.has_image("crio", &r).is_some())
            .unwrap_or(false);
        if !present {
            self.pull(Puller::CriO, "crio", pause)
                .map_err(|_| format!("failed to get sandbox image {pause:?}"))?;
        }
        // setupSandboxStorage mounts the infra's rootfs before the infra
        // container is set up.
        self.crio_storage_mount(id);
        self.emit(
            h(Component::CriO, Component::CriO, Iface::InProcess, "createInfraContainer")
                .note(msg!("crio-vm-infra"))
                .d("image", pause)
                .d("runtime_type", "vm")
                .d("annotations", serde_json::json!({"io.kubernetes.cri-o.ContainerType": "sandbox", "io.kubernetes.cri-o.SandboxID": id})),
        );
        let mut ctr = self.new_ctr(
            id,
            "POD",
            Origin::Sandbox,
            "",
            pause,
            vec!["/pause".to_string()],
        );
        ctr.sandbox_id = Some(id.to_string());
        self.ctrs.insert(id.to_string(), ctr);
        let shim_pid = self.crio_vm_create(id)?;
        self.crio_vm_start(id)?;
        let qemu = self.ctrs.get(id).map(|c| c.pid).unwrap_or(0);
        if let Some(s) = self.sandboxes.get_mut(id) {
            s.shim_pid = shim_pid;
            s.pause_pid = Some(qemu);
        }
        self.emit(
            h(
                Component::CriO,
                Component::CriO,
                Iface::InProcess,
                "ContainerServer.AddSandbox",
            )
            .fx(
                format!("sandbox/{}", World::short(id)),
                Layer::Cri,
                None,
                "SANDBOX_READY",
            ),
        );
        self.set_sandbox_state(id, SandboxState::Ready);
        Ok(())
    }

    /// `CreateContainer` through the shim: `start` (a new shim for the
    /// sandbox, the pod's address again for a container), then `Task/Create`.
    /// Returns the shim's pid.
    pub(crate) fn crio_vm_create(&mut self, id: &str) -> Result<u32, String> {
        let sbid = self.kata_sandbox_of(id);
        if sbid != id {
            self.crio_storage_mount(id);
        }
        let shim_pid = self.kata_shim_start(Component::CriO, id, &sbid);
        let bundle = self.kata_bundle(id);
        let fifos = self.crio_vm_container_io(id);
        self.emit(
            h(Component::CriO, SHIM, Iface::Ttrpc, "Create")
                .note(msg!("crio-vm-create"))
                .d("id", id)
                .d("bundle", bundle)
                .d("stdout", format!("{fifos}/{id}-stdout"))
                .d("stderr", format!("{fifos}/{id}-stderr"))
                .d(
                    "options",
                    serde_json::json!({"ConfigPath": super::super::kata::CONFIG}),
                ),
        );
        let pid = self.kata_task_create(Component::CriO, id).map_err(|e| {
            format!("rpc error: code = Unknown desc = container create failed: {e}")
        })?;
        if let Some(c) = self.ctrs.get_mut(id) {
            c.pid = pid;
            c.shim_pid = shim_pid;
            c.oci = Some(OciStatus::Created);
        }
        Ok(shim_pid)
    }

    /// `createContainerIO` (cri-o internal/oci/runtime_vm.go), before
    /// `Task/Create`: with no conmon, CRI-O itself makes the container's stdio
    /// FIFOs (`cio.NewContainerIO` with `WithNewFIFOs`: a new temporary
    /// directory under /run/vc/crio/fifo, `NewFIFOSetInDir`), opens the
    /// container's CRI log file (`os.OpenFile(c.LogPath(), O_WRONLY|O_APPEND|
    /// O_CREATE, 0600)`) and copies what the shim writes to the FIFOs into it
    /// in the CRI log format (`NewCRILogger`, `containerIO.Pipe`). The log
    /// path is the sandbox's log directory joined with the container's
    /// `log_path` (`<name>/<attempt>.log`), or `<sandbox id>.log` for the
    /// infra container (runPodSandbox). Returns the FIFO directory.
    fn crio_vm_container_io(&mut self, id: &str) -> String {
        // os.MkdirTemp(dir, "") names the directory with a random decimal
        // uint32; derived here from the id, not drawn from the seed.
        let hex = super::super::registry::digest(&format!("{id}:fifo"));
        let n = hex
            .get(7..15)
            .and_then(|x| u32::from_str_radix(x, 16).ok())
            .unwrap_or(0);
        let dir = format!("/run/vc/crio/fifo/{n}");
        let log = self.crio_vm_log_path(id);
        self.emit(
            h(
                Component::CriO,
                Component::Kernel,
                Iface::Syscall,
                "mknodat",
            )
            .note(msg!("crio-vm-fifos"))
            .d("dir", dir.clone())
            .d(
                "paths",
                vec![format!("{dir}/{id}-stdout"), format!("{dir}/{id}-stderr")],
            )
            .d("mode", "S_IFIFO|0700"),
        );
        self.emit(
            h(Component::CriO, Component::Kernel, Iface::Syscall, "openat")
                .note(msg!("crio-vm-log-file"))
                .d("path", log)
                .d("flags", "O_WRONLY|O_APPEND|O_CREAT")
                .d("mode", "0600"),
        );
        dir
    }

    /// The CRI log file of a container under CRI-O (`Container.LogPath`).
    fn crio_vm_log_path(&self, id: &str) -> String {
        let Some(c) = self.ctrs.get(id) else {
            return String::new();
        };
        if c.origin != Origin::Sandbox {
            return self.container_log_path(c);
        }
        match self.sandboxes.get(id) {
            Some(s) if self.pods.values().any(|p| p.uid == s.uid) => format!(
                "/var/log/pods/{}_{}_{}/{id}.log",
                s.namespace, s.name, s.uid
            ),
            _ => format!("/tmp/{id}.log"),
        }
    }

    /// containers/storage mounts a container's overlay root filesystem.
    fn crio_storage_mount(&mut self, id: &str) {
        // containers/storage names the container's read-write layer with
        // an id of its own (derived here as Podman's model derives it).
        let layer = super::super::registry::digest(&format!("{id}:rw"));
        self.emit(
            h(Component::CriO, Component::Kernel, Iface::Syscall, "mount")
                .note(msg!("crio-storage-mount"))
                .d("type", "overlay")
                .d(
                    "target",
                    format!(
                        "/var/lib/containers/storage/overlay/{}/merged",
                        layer.get(7..).unwrap_or("")
                    ),
                ),
        );
    }

    /// `StartContainer` through the shim: `Task/Start`, then a goroutine's
    /// `Task/Wait` that returns when the process exits.
    pub(crate) fn crio_vm_start(&mut self, id: &str) -> Result<(), String> {
        let oci = self
            .ctrs
            .get(id)
            .and_then(|c| c.oci)
            .unwrap_or(OciStatus::Stopped);
        let running = oci
            .start()
            .map_err(|r| format!("rpc error: code = Unknown desc = {}", r.message))?;
        self.emit(h(Component::CriO, SHIM, Iface::Ttrpc, "Start").d("id", id));
        self.kata_task_start(id);
        self.emit(
            h(Component::CriO, SHIM, Iface::Ttrpc, "Wait")
                .note(msg!("crio-vm-wait"))
                .d("id", id),
        );
        if let Some(c) = self.ctrs.get_mut(id) {
            c.oci = Some(running);
        }
        self.begin_workload(id);
        Ok(())
    }

    /// `Task/Kill` with a signal.
    pub(crate) fn crio_vm_kill(&mut self, id: &str, signal: &str) {
        self.emit(
            h(Component::CriO, SHIM, Iface::Ttrpc, "Kill")
                .d("id", id)
                .d("signal", signal),
        );
        self.kata_task_kill(id, signal, false);
        self.deliver_signal(id, signal);
    }

    /// `Task/Delete`, then `Task/Shutdown` (the shim exits only with its last container).
    pub(crate) fn crio_vm_delete(&mut self, id: &str) {
        let sbid = self.kata_sandbox_of(id);
        self.emit(h(Component::CriO, SHIM, Iface::Ttrpc, "Delete").d("id", id));
        self.kata_task_delete(id);
        let last = sbid == id;
        let b = h(Component::CriO, SHIM, Iface::Ttrpc, "Shutdown");
        if last {
            if let Some(s) = self.shims.remove(&sbid) {
                self.emit(b.note(msg!("crio-vm-shutdown")).fx(
                    format!("process/{}", s.pid),
                    Layer::Kernel,
                    Some("running"),
                    "exited",
                ));
            }
        } else {
            self.emit(b.note(msg!("crio-vm-shutdown-ignored")));
        }
        if let Some(c) = self.ctrs.get_mut(id) {
            c.oci = None;
        }
    }

    /// The process of a container ended: the shim has stopped it (see
    /// `kata_process_exit`); CRI-O's `Task/Wait` returns.
    pub(crate) fn crio_vm_exit(&mut self, id: &str, code: i32) {
        self.emit(
            h(Component::CriO, Component::Kernel, Iface::Syscall, "write")
                .note(msg!("crio-vm-exit"))
                .d("path", format!("/var/run/crio/exits/{id}"))
                .d("value", code),
        );
        let short = World::short(id).to_string();
        let mut state = h(Component::CriO, SHIM, Iface::Ttrpc, "State")
            .note(msg!("crio-vm-final-state"))
            .d("id", id);
        let is_ctr = self.ctrs.get(id).is_some_and(|c| c.origin == Origin::Cri);
        if is_ctr {
            state = state.fx(
                format!("container/{short}"),
                Layer::Cri,
                Some("CONTAINER_RUNNING"),
                "CONTAINER_EXITED",
            );
        }
        self.emit(state.fx(
            format!("container/{short}"),
            Layer::Oci,
            Some("running"),
            "stopped",
        ));
        if is_ctr {
            self.set_container_cri(id, ContainerState::Exited);
        }
    }
}
