//! The CRI server side (reference §1, §2.3, §3, §4): containerd's CRI plugin,
//! CRI-O with pinns and conmon, and dockershim / cri-dockerd in front of dockerd.
//! Here: which server answers, the image RPCs and the sandbox RPCs common to
//! every server; containerd's plugin, CRI-O and the container RPCs in the
//! submodules (dockershim / cri-dockerd live with Docker Engine in `docker`).

mod container;
mod containerd_plugin;
mod crio;
mod crio_vm;
mod pod_spec;

use super::registry::{PullError, Puller, Ref};
use super::{h, Cri, Ctr, Origin, Sandbox, Workload, World};
use crate::config::Runtime;
use crate::lifecycle::cri::{ContainerState, SandboxState};
use crate::lifecycle::oci::OciStatus;
use crate::msg;
use crate::topology::{oci_binary, pod_shim};
use crate::trace::{Component, Iface, Layer};
use litemap::LiteMap;

/// `RunPodSandboxRequest.config`, as much as the model uses.
#[derive(Debug, Clone)]
pub(crate) struct SandboxReq {
    pub name: String,
    pub namespace: String,
    pub uid: String,
    pub attempt: u32,
    pub handler: String,
}

/// `CreateContainerRequest.config`.
#[derive(Debug, Clone)]
pub(crate) struct ContainerReq {
    pub name: String,
    pub attempt: u32,
    pub image: String,
    pub command: Vec<String>,
    pub args: Vec<String>,
    pub memory_limit: Option<u64>,
    /// `mounts`: what the kubelet mounts (none from crictl's config here).
    pub mounts: Vec<crate::oci::spec::CriMount>,
}

/// What a CRI call meets on a Podman host: no CRI server listens (the
/// callers, kubectl and crictl, are answered before they get here).
pub(crate) const NO_CRI: &str =
    "rpc error: code = Unavailable desc = no CRI runtime on a Podman host";

impl World {
    /// The component that answers CRI on this node.
    pub(crate) fn cri_server(&self) -> Component {
        match self.cfg.runtime {
            Runtime::Containerd17 | Runtime::Containerd2 => Component::ContainerdCri,
            Runtime::CriO => Component::CriO,
            Runtime::Dockershim => Component::Dockershim,
            Runtime::CriDockerd => Component::CriDockerd,
            Runtime::Podman => Component::Podman,
        }
    }

    /// The image store CRI uses.
    pub(crate) fn cri_store(&self) -> &'static str {
        match self.cfg.runtime {
            Runtime::Containerd17 | Runtime::Containerd2 => "k8s.io",
            Runtime::CriO => "crio",
            _ => "docker",
        }
    }

    fn cri_call(&mut self, caller: Component, rpc: &str) -> Result<(), String> {
        let server = self.cri_server();
        let api = self.cfg.k8s.cri_api();
        if server == Component::ContainerdCri && !self.containerd_up {
            self.emit(
                h(caller, server, cri_iface(caller, server), rpc)
                    .note(msg!("cri-containerd-down"))
                    .d("method", format!("/runtime.{api}.RuntimeService/{rpc}")),
            );
            return Err("rpc error: code = Unavailable desc = connection error: desc = \"transport: Error while dialing: dial unix /run/containerd/containerd.sock: connect: connection refused\"".to_string());
        }
        Ok(())
    }

    /// `ImageService/ImageStatus`: the image ref if present (absent is not an error).
    pub(crate) fn cri_image_status(
        &mut self,
        caller: Component,
        image: &str,
    ) -> Result<Option<String>, String> {
        self.cri_call(caller, "ImageStatus")?;
        let server = self.cri_server();
        let api = self.cfg.k8s.cri_api();
        let found = Ref::parse(image)
            .and_then(|r| self.has_image(self.cri_store(), &r).map(|i| i.id.clone()));
        self.emit(
            h(caller, server, cri_iface(caller, server), "ImageStatus")
                .note(match &found {
                    Some(_) => msg!("cri-image-present"),
                    None => msg!("cri-image-absent"),
                })
                .d("method", format!("/runtime.{api}.ImageService/ImageStatus"))
                .d("image", image),
        );
        Ok(found)
    }

    /// `ImageService/PullImage`: returns the image ref (config digest).
    pub(crate) fn cri_pull_image(
        &mut self,
        caller: Component,
        image: &str,
    ) -> Result<String, String> {
        self.cri_call(caller, "PullImage")?;
        let server = self.cri_server();
        let api = self.cfg.k8s.cri_api();
        self.emit(
            h(caller, server, cri_iface(caller, server), "PullImage")
                .note(msg!("cri-pull", image = image))
                .d("method", format!("/runtime.{api}.ImageService/PullImage"))
                .d("image", image),
        );
        let res = match self.cfg.runtime {
            Runtime::Podman => return Err(NO_CRI.to_string()),
            Runtime::Containerd17 | Runtime::Containerd2 => self.pull(Puller::Cri, "k8s.io", image),
            Runtime::CriO => self.pull(Puller::CriO, "crio", image),
            Runtime::Dockershim | Runtime::CriDockerd => {
                let r = Ref::parse(image);
                let path = r
                    .as_ref()
                    .map(|r| {
                        format!(
                            "POST /v1.47/images/create?fromImage={}&tag={}",
                            r.familiar(),
                            r.tag
                        )
                    })
                    .unwrap_or_else(|| "POST /v1.47/images/create".to_string());
                self.emit(
                    h(server, Component::Dockerd, Iface::DockerApi, path)
                        .note(msg!("dockerd-cri-shim-pull")),
                );
                self.pull(Puller::Dockerd, "docker", image)
            }
        };
        match res {
            Ok(img) => Ok(img.id),
            Err(PullError::BadRef(s)) => Err(format!("rpc error: code = Unknown desc = failed to pull and unpack image \"{s}\": invalid reference format")),
            Err(PullError::NotFound(r)) => Err(format!(
                "rpc error: code = NotFound desc = failed to pull and unpack image \"{}\": failed to resolve reference \"{}\": {}: not found",
                r.full(), r.full(), r.full()
            )),
        }
    }

    /// `RunPodSandbox`.
    pub(crate) fn cri_run_pod_sandbox(
        &mut self,
        caller: Component,
        req: &SandboxReq,
    ) -> Result<String, String> {
        self.cri_call(caller, "RunPodSandbox")?;
        let server = self.cri_server();
        let api = self.cfg.k8s.cri_api();
        self.emit(
            h(caller, server, cri_iface(caller, server), "RunPodSandbox")
                .note(msg!("cri-run-sandbox", pod = &req.name, namespace = &req.namespace))
                .d("method", format!("/runtime.{api}.RuntimeService/RunPodSandbox"))
                .d("metadata", serde_json::json!({"name": req.name, "uid": req.uid, "namespace": req.namespace, "attempt": req.attempt}))
                .d("log_directory", format!("/var/log/pods/{}_{}_{}", req.namespace, req.name, req.uid))
                .d("namespace_options", serde_json::json!({"network": "POD", "pid": "CONTAINER", "ipc": "POD"}))
                .d("runtime_handler", req.handler.clone()),
        );
        if self.cfg.runtime.has_docker() && !req.handler.is_empty() {
            return Err(format!(
                "rpc error: code = Unknown desc = RuntimeHandler {:?} not supported",
                req.handler
            ));
        }
        match self.cfg.runtime {
            Runtime::Containerd17 | Runtime::Containerd2 => self.ctd_run_sandbox(req),
            Runtime::CriO => self.crio_run_sandbox(req),
            Runtime::Dockershim | Runtime::CriDockerd => self.dockershim_run_sandbox(req),
            Runtime::Podman => Err(NO_CRI.to_string()),
        }
    }

    fn new_sandbox(&mut self, id: &str, req: &SandboxReq, ip: String, netns: String) {
        self.sandboxes.insert(
            id.to_string(),
            Sandbox {
                id: id.to_string(),
                name: req.name.clone(),
                namespace: req.namespace.clone(),
                uid: req.uid.clone(),
                attempt: req.attempt,
                state: Cri::SETTING_UP,
                ip,
                netns,
                handler: req.handler.clone(),
                created_ms: self.now_ms,
                pause_pid: None,
                shim_pid: 0,
            },
        );
    }

    pub(crate) fn new_ctr(
        &mut self,
        id: &str,
        name: &str,
        origin: Origin,
        ns: &'static str,
        image: &str,
        args: Vec<String>,
    ) -> Ctr {
        let shim = match origin {
            Origin::Sandbox | Origin::Cri => pod_shim(&self.cfg),
            _ => Component::ShimRuncV2,
        };
        let oci_bin = match origin {
            Origin::Sandbox | Origin::Cri => oci_binary(&self.cfg),
            _ => {
                if self.cfg.oci == crate::config::Oci::Crun {
                    Component::Crun
                } else {
                    Component::Runc
                }
            }
        };
        Ctr {
            id: id.to_string(),
            name: name.to_string(),
            origin,
            ns,
            sandbox_id: None,
            image: image.to_string(),
            image_ref: String::new(),
            attempt: 0,
            workload: Workload::from_argv(image, &args),
            args,
            cri: Cri::NONE,
            task: None,
            oci: None,
            pid: 0,
            shim,
            shim_pid: 0,
            oci_bin,
            exit_code: 0,
            oom: false,
            created_ms: self.now_ms,
            started_ms: 0,
            finished_ms: 0,
            logs: Vec::new(),
            memory_limit: None,
            ports: Vec::new(),
            init: false,
            auto_remove: false,
            labels: LiteMap::new(),
            join_pid: None,
            mounts: Vec::new(),
        }
    }

    fn pod_ip(&mut self, prefix: &str) -> String {
        let n = self.next_ip;
        self.next_ip += 1;
        format!("{prefix}.{}.{}", n / 250, n % 250 + 2)
    }

    /// `PodSandboxStatus` (kubelet reads the pod IP).
    pub(crate) fn cri_sandbox_status(&mut self, caller: Component, id: &str) -> Result<(), String> {
        self.cri_call(caller, "PodSandboxStatus")?;
        let server = self.cri_server();
        let ip = self
            .sandboxes
            .get(id)
            .map(|s| s.ip.clone())
            .unwrap_or_default();
        self.emit(
            h(
                caller,
                server,
                cri_iface(caller, server),
                "PodSandboxStatus",
            )
            .d("pod_sandbox_id", id)
            .d("ip", ip),
        );
        Ok(())
    }

    /// `StopPodSandbox`: stop every container, the sandbox task, tear the network down.
    pub(crate) fn cri_stop_pod_sandbox(
        &mut self,
        caller: Component,
        id: &str,
    ) -> Result<(), String> {
        self.cri_call(caller, "StopPodSandbox")?;
        let server = self.cri_server();
        self.emit(
            h(caller, server, cri_iface(caller, server), "StopPodSandbox")
                .note(msg!("cri-stop-sandbox"))
                .d("pod_sandbox_id", id),
        );
        let Some(sb) = self.sandboxes.get(id).cloned() else {
            return Err(format!("rpc error: code = NotFound desc = an error occurred when try to find sandbox {id:?}: not found"));
        };
        let members: Vec<String> = self
            .ctrs
            .values()
            .filter(|c| {
                c.origin == Origin::Cri
                    && c.sandbox_id.as_deref() == Some(id)
                    && c.cri.get() == Some(ContainerState::Running)
            })
            .map(|c| c.id.clone())
            .collect();
        for m in members {
            self.cri_stop_container(server, &m, 0)?;
        }
        if sb.state.get() == SandboxState::Ready
            || self
                .ctrs
                .get(id)
                .is_some_and(|c| c.oci == Some(OciStatus::Running))
        {
            match self.cfg.runtime {
                Runtime::Containerd17 | Runtime::Containerd2 => {
                    let _ = self.task_kill(server, id, "SIGKILL", false);
                    self.wait_exit(id, 10);
                    let _ = self.task_delete(server, id, Some(id));
                }
                Runtime::CriO if self.kata_vms.contains_key(id) => {
                    self.emit(
                        h(server, server, Iface::InProcess, "StopContainer")
                            .note(msg!("crio-vm-stop-infra"))
                            .d("container_id", id),
                    );
                    self.crio_vm_kill(id, "SIGTERM");
                    self.wait_exit(id, 10);
                }
                Runtime::CriO => {}
                _ => self.dockerd_stop(server, id, 10),
            }
        }
        if !sb.ip.is_empty() {
            self.emit(
                h(server, Component::Cni, Iface::Cni, "DEL")
                    .note(msg!("cri-cni-del", ip = &sb.ip))
                    .d(
                        "env",
                        vec![
                            "CNI_COMMAND=DEL".to_string(),
                            format!("CNI_NETNS={}", sb.netns),
                        ],
                    ),
            );
        }
        if self.cfg.runtime == Runtime::CriO {
            self.emit(
                h(
                    Component::CriO,
                    Component::Kernel,
                    Iface::Syscall,
                    "umount2",
                )
                .note(msg!("crio-unpin-namespaces"))
                .d("paths", sb.netns.clone()),
            );
        }
        self.emit(h(server, server, Iface::InProcess, "sandbox state").fx(
            format!("sandbox/{}", World::short(id)),
            Layer::Cri,
            Some(sb.state.get().as_str()),
            "SANDBOX_NOTREADY",
        ));
        self.set_sandbox_state(id, SandboxState::NotReady);
        Ok(())
    }

    /// `RemovePodSandbox`.
    pub(crate) fn cri_remove_pod_sandbox(
        &mut self,
        caller: Component,
        id: &str,
    ) -> Result<(), String> {
        self.cri_call(caller, "RemovePodSandbox")?;
        let server = self.cri_server();
        self.emit(
            h(
                caller,
                server,
                cri_iface(caller, server),
                "RemovePodSandbox",
            )
            .d("pod_sandbox_id", id),
        );
        let Some(sb) = self.sandboxes.get(id).cloned() else {
            return Ok(());
        };
        sb.state
            .get()
            .remove(id)
            .map_err(|r| format!("rpc error: code = Unknown desc = {}", r.message))?;
        let members: Vec<String> = self
            .ctrs
            .values()
            .filter(|c| c.origin == Origin::Cri && c.sandbox_id.as_deref() == Some(id))
            .map(|c| c.id.clone())
            .collect();
        for m in members {
            self.cri_remove_container(server, &m)?;
        }
        match self.cfg.runtime {
            Runtime::Containerd17 | Runtime::Containerd2 => {
                self.emit(
                    h(
                        server,
                        Component::ContainerdSnapshotter,
                        Iface::InProcess,
                        "Snapshots.Remove",
                    )
                    .d("key", id),
                );
                self.emit(
                    h(
                        server,
                        Component::Containerd,
                        Iface::InProcess,
                        "Containers.Delete",
                    )
                    .d("id", id),
                );
            }
            Runtime::Dockershim | Runtime::CriDockerd => self.dockerd_remove(server, id, false),
            Runtime::CriO if self.shims.contains_key(id) => self.crio_vm_delete(id),
            Runtime::CriO | Runtime::Podman => {}
        }
        self.emit(
            h(server, server, Iface::InProcess, "sandboxStore.Delete").fx(
                format!("sandbox/{}", World::short(id)),
                Layer::Cri,
                Some("SANDBOX_NOTREADY"),
                "removed",
            ),
        );
        self.ctrs.remove(id);
        self.sandboxes.remove(id);
        Ok(())
    }
}

/// The image's default argv (ENTRYPOINT + CMD) as its config says.
pub(crate) fn default_argv(image: &str) -> Vec<String> {
    let repo = Ref::parse(image).map(|r| r.repo).unwrap_or_default();
    let v: &[&str] = match repo.as_str() {
        "library/nginx" => &["/docker-entrypoint.sh", "nginx", "-g", "daemon off;"],
        "pause" => &["/pause"],
        "library/busybox" | "library/alpine" | "busybox" => &["sh"],
        "library/redis" => &["docker-entrypoint.sh", "redis-server"],
        "polinux/stress" => &["stress"],
        "library/hello-world" => &["/hello"],
        _ => &["sh"],
    };
    v.iter().map(|s| s.to_string()).collect()
}

/// The image's ENTRYPOINT alone (CRI `args` replace CMD but keep it).
pub(crate) fn default_entrypoint(image: &str) -> Vec<String> {
    let repo = Ref::parse(image).map(|r| r.repo).unwrap_or_default();
    match repo.as_str() {
        "library/nginx" => vec!["/docker-entrypoint.sh".to_string()],
        "library/redis" => vec!["docker-entrypoint.sh".to_string()],
        _ => vec![],
    }
}

/// The CRI plugin calling its own handlers (StopPodSandbox stops the pod's
/// containers) stays in-process; anyone else speaks gRPC.
fn cri_iface(caller: Component, server: Component) -> Iface {
    if caller == server {
        Iface::InProcess
    } else {
        Iface::Cri
    }
}

#[cfg(test)]
mod tests {
    use crate::message::{Catalog, Lang};
    use crate::msg;

    /// The runtime's notes in Korean, particles chosen by how the name is read.
    #[test]
    fn runtime_notes_read_in_korean() {
        let ko = Catalog::builtin(Lang::Ko);
        assert_eq!(
            ko.render(&msg!(
                "cri-create-container",
                container = "web",
                pod = "nginx"
            )),
            "파드 nginx에 컨테이너 web을 만든다(아직 시작하지 않는다)"
        );
        assert_eq!(
            ko.render(&msg!("rt-exit-group", code = 0)),
            "컨테이너의 PID 1이 상태 0으로 종료한다"
        );
        assert_eq!(
            ko.render(&msg!("rt-exit-group", code = 137)),
            "컨테이너의 PID 1이 상태 137로 종료한다"
        );
        assert_eq!(
            ko.render(&msg!("rt-kill", signal = "SIGTERM")),
            "컨테이너의 init에 SIGTERM을 보낸다"
        );
        assert_eq!(
            ko.render(&msg!("cri-container-exited", code = 1, reason = "Error")),
            "handleContainerExit: CRI 플러그인이 종료 코드 1과 이유 Error를 기록한다"
        );
        // English stays what the code printed before.
        assert_eq!(
            Catalog::english().render(&msg!("cri-spec-join", pid = 42)),
            "the OCI spec joins the pause container's namespaces: /proc/42/ns/{net,ipc,uts}"
        );
    }
}
