//! The CRI container RPCs, as each server answers them: `CreateContainer`,
//! `StartContainer`, `StopContainer`, `RemoveContainer`, and waiting for an exit.

use super::super::registry::Ref;
use super::super::{h, Origin, World};
use super::{cri_iface, default_argv, default_entrypoint, ContainerReq};
use crate::config::Runtime;
use crate::lifecycle::cri::ContainerState;
use crate::lifecycle::oci::OciStatus;
use crate::lifecycle::task::TaskStatus;
use crate::msg;
use crate::trace::{Component, Iface, Layer};

impl World {
    /// `CreateContainer`.
    pub(crate) fn cri_create_container(
        &mut self,
        caller: Component,
        sandbox_id: &str,
        req: &ContainerReq,
    ) -> Result<String, String> {
        self.cri_call(caller, "CreateContainer")?;
        let server = self.cri_server();
        let api = self.cfg.k8s.cri_api();
        let (pname, pns, puid, sstate, pause_pid) = match self.sandboxes.get(sandbox_id) {
            Some(s) => (
                s.name.clone(),
                s.namespace.clone(),
                s.uid.clone(),
                s.state.get(),
                s.pause_pid,
            ),
            None => {
                self.emit(
                    h(caller, server, cri_iface(caller, server), "CreateContainer")
                        .d("pod_sandbox_id", sandbox_id),
                );
                return Err(format!("rpc error: code = NotFound desc = failed to get sandbox {sandbox_id:?}: an error occurred when try to find sandbox: not found"));
            }
        };
        self.emit(
            h(caller, server, cri_iface(caller, server), "CreateContainer")
                .note(msg!(
                    "cri-create-container",
                    container = &req.name,
                    pod = &pname
                ))
                .d(
                    "method",
                    format!("/runtime.{api}.RuntimeService/CreateContainer"),
                )
                .d("pod_sandbox_id", sandbox_id)
                .d(
                    "metadata",
                    serde_json::json!({"name": req.name, "attempt": req.attempt}),
                )
                .d("image", req.image.clone())
                .d("log_path", format!("{}/{}.log", req.name, req.attempt))
                .d("mounts", cri_mounts_detail(&req.mounts)),
        );
        sstate
            .create_container_by(self.cri_server(), sandbox_id)
            .map_err(|r| format!("rpc error: code = Unknown desc = {}", r.message))?;
        let store = self.cri_store();
        let img = Ref::parse(&req.image).and_then(|r| self.has_image(store, &r).cloned());
        let Some(img) = img else {
            return Err(format!(
                "rpc error: code = NotFound desc = failed to resolve image {:?}: not found",
                req.image
            ));
        };
        let argv: Vec<String> = if req.command.is_empty() && req.args.is_empty() {
            default_argv(&req.image)
        } else if req.command.is_empty() {
            let mut v = default_entrypoint(&req.image);
            v.extend(req.args.iter().cloned());
            v
        } else {
            let mut v = req.command.clone();
            v.extend(req.args.iter().cloned());
            v
        };
        let id = match self.cfg.runtime {
            Runtime::Dockershim | Runtime::CriDockerd => {
                return self
                    .dockershim_create_container(sandbox_id, req, &img, argv, &pname, &pns, &puid);
            }
            _ => self.hex_id(),
        };
        let ns: &'static str = if self.cfg.runtime == Runtime::CriO {
            ""
        } else {
            "k8s.io"
        };
        let mut ctr = self.new_ctr(&id, &req.name, Origin::Cri, ns, &req.image, argv);
        ctr.sandbox_id = Some(sandbox_id.to_string());
        ctr.image_ref = img.id.clone();
        ctr.attempt = req.attempt;
        ctr.memory_limit = req.memory_limit;
        ctr.join_pid = pause_pid;
        ctr.mounts = req.mounts.clone();
        ctr.labels
            .insert("io.kubernetes.pod.name".into(), pname.clone());
        ctr.labels
            .insert("io.kubernetes.pod.namespace".into(), pns.clone());
        self.ctrs.insert(id.clone(), ctr);
        self.set_container_cri(&id, ContainerState::Created);
        let obj = format!("container/{}", World::short(&id));
        if self.cfg.runtime == Runtime::CriO {
            self.emit(
                h(
                    Component::CriO,
                    Component::CriO,
                    Iface::InProcess,
                    "storage.CreateContainer",
                )
                .note(msg!("crio-storage-create-container"))
                .d("id", id.clone()),
            );
            if crate::topology::pod_shim(&self.cfg) == Component::ShimKataV2 {
                self.crio_vm_create(&id)?;
            } else {
                self.crio_conmon_create(&id)?;
            }
            self.emit(
                h(
                    Component::CriO,
                    Component::CriO,
                    Iface::InProcess,
                    "ContainerServer.AddContainer",
                )
                .fx(obj, Layer::Cri, None, "CONTAINER_CREATED"),
            );
            return Ok(id);
        }
        let cri = Component::ContainerdCri;
        self.emit(
            h(
                cri,
                Component::ContainerdImages,
                Iface::InProcess,
                "Images.Get",
            )
            .note(msg!("ctrd-cri-image-get"))
            .d("name", img.name.clone()),
        );
        self.emit(
            h(cri, cri, Iface::InProcess, "generateSpec")
                .note(match (pause_pid, crate::topology::pod_shim(&self.cfg)) {
                    (Some(p), Component::ShimKataV2) => msg!("cri-spec-kata", pid = p),
                    (Some(p), Component::ShimRunscV1) => msg!("cri-spec-runsc", pid = p),
                    (Some(p), _) => msg!("cri-spec-join", pid = p),
                    (None, _) => msg!("cri-spec-generated"),
                })
                .d("namespaces", match pause_pid {
                    Some(p) => serde_json::json!([{"type":"pid"},{"type":"ipc","path":format!("/proc/{p}/ns/ipc")},{"type":"uts","path":format!("/proc/{p}/ns/uts")},{"type":"mount"},{"type":"network","path":format!("/proc/{p}/ns/net")}]),
                    None => serde_json::json!([]),
                }),
        );
        self.emit(
            h(
                cri,
                Component::ContainerdSnapshotter,
                Iface::InProcess,
                "Snapshots.Prepare",
            )
            .note(msg!("cri-snapshot-prepare"))
            .d("key", id.clone())
            .d("parent", img.chain_id.clone()),
        );
        self.emit(
            h(
                cri,
                Component::Containerd,
                Iface::InProcess,
                "Containers.Create",
            )
            .note(msg!("cri-containers-create"))
            .d("id", id.clone())
            .d("namespace", "k8s.io")
            .d("image", img.name.clone())
            .fx(obj, Layer::Cri, None, "CONTAINER_CREATED"),
        );
        Ok(id)
    }

    /// `StartContainer`.
    pub(crate) fn cri_start_container(
        &mut self,
        caller: Component,
        id: &str,
    ) -> Result<(), String> {
        self.cri_call(caller, "StartContainer")?;
        let server = self.cri_server();
        let api = self.cfg.k8s.cri_api();
        self.emit(
            h(caller, server, cri_iface(caller, server), "StartContainer")
                .d(
                    "method",
                    format!("/runtime.{api}.RuntimeService/StartContainer"),
                )
                .d("container_id", id),
        );
        let Some(c) = self.ctrs.get(id) else {
            return Err(format!("rpc error: code = NotFound desc = an error occurred when try to find container {id:?}: not found"));
        };
        let state = c.cri.get().unwrap_or(ContainerState::Unknown);
        let sandbox = c.sandbox_id.clone();
        let obj = format!("container/{}", World::short(id));
        // The CRI state machine answers (containerd's setContainerStarting);
        // the answer is stored once the runtime has started the process.
        let running = state
            .start_by(self.cri_server(), id)
            .map_err(|r| format!("rpc error: code = Unknown desc = {}", r.message))?;
        match self.cfg.runtime {
            Runtime::Podman => return Err(super::NO_CRI.to_string()),
            Runtime::Containerd17 | Runtime::Containerd2 => {
                let cri = Component::ContainerdCri;
                let group = self.shim_group(id, sandbox.as_deref());
                if let Err(e) = self.task_create(cri, id, group) {
                    self.fail_start(id);
                    return Err(format!(
                        "rpc error: code = Unknown desc = failed to create containerd task: {e}"
                    ));
                }
                self.task_wait(cri, id);
                self.emit(h(cri, cri, Iface::InProcess, "NRI StartContainer"));
                self.task_start(cri, id)?;
                self.emit(
                    h(cri, cri, Iface::InProcess, "containerStore.Update")
                        .note(msg!("cri-container-running"))
                        .fx(
                            obj,
                            Layer::Cri,
                            Some("CONTAINER_CREATED"),
                            "CONTAINER_RUNNING",
                        ),
                );
            }
            Runtime::CriO if crate::topology::pod_shim(&self.cfg) == Component::ShimKataV2 => {
                self.crio_vm_start(id)?;
                self.emit(
                    h(
                        Component::CriO,
                        Component::CriO,
                        Iface::InProcess,
                        "SetStartedAt",
                    )
                    .fx(
                        obj,
                        Layer::Cri,
                        Some("CONTAINER_CREATED"),
                        "CONTAINER_RUNNING",
                    ),
                );
            }
            Runtime::CriO => {
                let (pid, oci) = self
                    .ctrs
                    .get(id)
                    .map(|c| (c.pid, c.oci.unwrap_or(OciStatus::Stopped)))
                    .unwrap_or((0, OciStatus::Stopped));
                let oci_running = oci
                    .start()
                    .map_err(|r| format!("rpc error: code = Unknown desc = {}", r.message))?;
                if let Some(mut inv) = self.invocation(id) {
                    inv.caller = Component::CriO;
                    self.oci_start(&inv, pid);
                }
                if let Some(c) = self.ctrs.get_mut(id) {
                    c.oci = Some(oci_running);
                    // CRI-O has no containerd task; the model has always marked
                    // one RUNNING here (kubectl describe and crictl exec read
                    // it), kept so that behaviour does not change.
                    c.task = Some(TaskStatus::Running);
                }
                self.begin_workload(id);
                self.emit(
                    h(
                        Component::CriO,
                        Component::CriO,
                        Iface::InProcess,
                        "SetStartedAt",
                    )
                    .note(msg!("crio-start-itself"))
                    .fx(
                        obj,
                        Layer::Cri,
                        Some("CONTAINER_CREATED"),
                        "CONTAINER_RUNNING",
                    ),
                );
            }
            Runtime::Dockershim | Runtime::CriDockerd => {
                let front = self.cri_server();
                self.dockerd_start(front, id)?;
                self.emit(
                    h(front, front, Iface::InProcess, "toRuntimeAPIContainerState").fx(
                        obj,
                        Layer::Cri,
                        Some("CONTAINER_CREATED"),
                        "CONTAINER_RUNNING",
                    ),
                );
            }
        }
        self.set_container_cri(id, running);
        Ok(())
    }

    pub(crate) fn fail_start(&mut self, id: &str) {
        let now = self.now_ms;
        if let Some(c) = self.ctrs.get_mut(id) {
            c.exit_code = 128;
            c.finished_ms = now;
            c.task = None;
            c.oci = None;
        }
        self.set_container_cri(id, ContainerState::Exited);
    }

    /// Waits (in logical time) for a pending exit of `id` within `within_ms`.
    pub(crate) fn wait_exit(&mut self, id: &str, within_ms: u64) -> bool {
        let key = self
            .timers
            .iter()
            .find(|(k, t)| {
                k.0 <= self.now_ms + within_ms
                    && matches!(t, crate::engine::Timer::Exit { id: i, .. } if i == id)
            })
            .map(|(k, _)| *k);
        if let Some(k) = key {
            if let Some(crate::engine::Timer::Exit { id, code, oom }) = self.timers.remove(&k) {
                self.now_ms = self.now_ms.max(k.0);
                self.process_exit(&id, code, oom);
                return true;
            }
        }
        false
    }

    /// `StopContainer`: the stop signal, then SIGKILL after `timeout` seconds.
    pub(crate) fn cri_stop_container(
        &mut self,
        caller: Component,
        id: &str,
        timeout: u64,
    ) -> Result<(), String> {
        self.cri_call(caller, "StopContainer")?;
        let server = self.cri_server();
        self.emit(
            h(caller, server, cri_iface(caller, server), "StopContainer")
                .note(msg!("cri-stop-container", timeout = timeout))
                .d("container_id", id)
                .d("timeout", timeout),
        );
        let Some(c) = self.ctrs.get(id) else {
            return Err(format!("rpc error: code = NotFound desc = an error occurred when try to find container {id:?}: not found"));
        };
        if c.cri.get() != Some(ContainerState::Running) {
            return Ok(());
        }
        match self.cfg.runtime {
            Runtime::Podman => return Err(super::NO_CRI.to_string()),
            Runtime::Containerd17 | Runtime::Containerd2 => {
                let cri = Component::ContainerdCri;
                if timeout > 0 {
                    self.task_kill(cri, id, "SIGTERM", false)?;
                    if !self.wait_exit(id, 10) {
                        self.now_ms += timeout * 1000;
                        self.emit(
                            h(cri, cri, Iface::InProcess, "waitContainerStop")
                                .note(msg!("cri-stop-force", timeout = timeout)),
                        );
                        self.task_kill(cri, id, "SIGKILL", false)?;
                        self.wait_exit(id, 10);
                    }
                } else {
                    self.task_kill(cri, id, "SIGKILL", false)?;
                    self.wait_exit(id, 10);
                }
            }
            Runtime::CriO if c.shim == Component::ShimKataV2 => {
                let sig = if timeout > 0 { "SIGTERM" } else { "SIGKILL" };
                self.crio_vm_kill(id, sig);
                if !self.wait_exit(id, 10) {
                    self.now_ms += timeout * 1000;
                    self.crio_vm_kill(id, "SIGKILL");
                    self.wait_exit(id, 10);
                }
            }
            Runtime::CriO => {
                let pid = c.pid;
                if let Some(mut inv) = self.invocation(id) {
                    inv.caller = Component::CriO;
                    let sig = if timeout > 0 { "TERM" } else { "KILL" };
                    self.oci_kill(&inv, pid, sig, false);
                    self.deliver_signal(id, sig);
                    if !self.wait_exit(id, 10) {
                        self.now_ms += timeout * 1000;
                        self.oci_kill(&inv, pid, "KILL", false);
                        self.deliver_signal(id, "KILL");
                        self.wait_exit(id, 10);
                    }
                }
            }
            Runtime::Dockershim | Runtime::CriDockerd => {
                let front = self.cri_server();
                self.dockerd_stop(front, id, timeout);
            }
        }
        Ok(())
    }

    /// `RemoveContainer`.
    pub(crate) fn cri_remove_container(
        &mut self,
        caller: Component,
        id: &str,
    ) -> Result<(), String> {
        self.cri_call(caller, "RemoveContainer")?;
        let server = self.cri_server();
        self.emit(
            h(caller, server, cri_iface(caller, server), "RemoveContainer").d("container_id", id),
        );
        let Some(c) = self.ctrs.get(id) else {
            return Ok(());
        };
        let state = c.cri.get().unwrap_or(ContainerState::Unknown);
        let sandbox = c.sandbox_id.clone();
        state
            .remove(id)
            .map_err(|r| format!("rpc error: code = Unknown desc = {}", r.message))?;
        let obj = format!("container/{}", World::short(id));
        match self.cfg.runtime {
            Runtime::Podman => return Err(super::NO_CRI.to_string()),
            Runtime::Containerd17 | Runtime::Containerd2 => {
                let cri = Component::ContainerdCri;
                let group = self.shim_group(id, sandbox.as_deref());
                let _ = self.task_delete(cri, id, group);
                self.emit(
                    h(
                        cri,
                        Component::ContainerdSnapshotter,
                        Iface::InProcess,
                        "Snapshots.Remove",
                    )
                    .d("key", id),
                );
                self.emit(
                    h(
                        cri,
                        Component::Containerd,
                        Iface::InProcess,
                        "Containers.Delete",
                    )
                    .d("id", id)
                    .fx(obj, Layer::Cri, Some(state.as_str()), "removed"),
                );
            }
            Runtime::CriO => {
                if c.shim == Component::ShimKataV2 {
                    self.crio_vm_delete(id);
                } else if let Some(mut inv) = self.invocation(id) {
                    inv.caller = Component::CriO;
                    self.oci_delete(&inv, true);
                }
                self.emit(
                    h(
                        Component::CriO,
                        Component::CriO,
                        Iface::InProcess,
                        "storage.DeleteContainer",
                    )
                    .fx(obj, Layer::Cri, Some(state.as_str()), "removed"),
                );
            }
            Runtime::Dockershim | Runtime::CriDockerd => {
                let front = self.cri_server();
                self.dockerd_remove(front, id, false);
                self.emit(
                    h(front, front, Iface::InProcess, "removeContainerLogSymlink").fx(
                        obj,
                        Layer::Cri,
                        Some(state.as_str()),
                        "removed",
                    ),
                );
            }
        }
        self.ctrs.remove(id);
        Ok(())
    }
}

/// `CreateContainerRequest.config.mounts` as the request carries them.
fn cri_mounts_detail(mounts: &[crate::oci::spec::CriMount]) -> serde_json::Value {
    serde_json::Value::Array(
        mounts
            .iter()
            .map(|m| {
                serde_json::json!({
                    "container_path": m.container_path,
                    "host_path": m.host_path,
                    "readonly": m.readonly,
                    "selinux_relabel": m.selinux_relabel,
                })
            })
            .collect(),
    )
}
