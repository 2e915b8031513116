//! The CRI server side (reference §1, §2.3, §3, §4): containerd's CRI plugin,
//! CRI-O with pinns and conmon, and dockershim / cri-dockerd in front of dockerd.

use super::registry::{PullError, Puller, Ref};
use super::{h, Cri, Ctr, Origin, Sandbox, Workload, World};
use crate::config::Runtime;
use crate::lifecycle::cri::{ContainerState, SandboxState};
use crate::lifecycle::oci::OciStatus;
use crate::lifecycle::task::TaskStatus;
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
}

impl World {
    /// The component that answers CRI on this node.
    pub(crate) fn cri_server(&self) -> Component {
        match self.cfg.runtime {
            Runtime::Containerd17 | Runtime::Containerd2 => Component::ContainerdCri,
            Runtime::CriO => Component::CriO,
            Runtime::Dockershim => Component::Dockershim,
            Runtime::CriDockerd => Component::CriDockerd,
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
                    .note("containerd is not running: the dial to containerd.sock is refused")
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
                    Some(_) => "the image is present on the node".to_string(),
                    None => "not present: ImageStatus answers with image = nil (not an error)"
                        .to_string(),
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
                .note(format!("pull {image}"))
                .d("method", format!("/runtime.{api}.ImageService/PullImage"))
                .d("image", image),
        );
        let res = match self.cfg.runtime {
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
                        .note("the CRI shim asks dockerd to pull"),
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
                .note(format!("create and start the sandbox of pod {} in {}", req.name, req.namespace))
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
        }
    }

    fn pod_ip(&mut self, prefix: &str) -> String {
        let n = self.next_ip;
        self.next_ip += 1;
        format!("{prefix}.{}.{}", n / 250, n % 250 + 2)
    }

    fn ctd_run_sandbox(&mut self, req: &SandboxReq) -> Result<String, String> {
        let v2 = self.cfg.runtime == Runtime::Containerd2;
        let cri = Component::ContainerdCri;
        let id = self.hex_id();
        let uuid = self.uuid();
        let netns = format!("/var/run/netns/cni-{uuid}");
        let pause = self.cfg.pause_image();
        self.emit(
            h(cri, cri, Iface::InProcess, "ReserveName")
                .note("reserve the sandbox name so a retry cannot create it twice")
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
                h(cri, Component::Containerd, Iface::InProcess, "Sandbox.Controller.Start")
                    .note("containerd 2.x: the podsandbox controller creates the pause container and its task")
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
            .note("an active overlay snapshot for the pause container's rootfs")
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
            .note("a container record in namespace k8s.io: metadata only, not a process")
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
        let ip = if v2 {
            ip
        } else {
            self.emit(
                h(cri, cri, Iface::InProcess, "setupSandboxFiles")
                    .note("hostname, hosts, resolv.conf and /dev/shm for the pod")
                    .d(
                        "dir",
                        format!("/var/lib/containerd/io.containerd.grpc.v1.cri/sandboxes/{id}"),
                    ),
            );
            self.ctd_sandbox_network(&netns)
        };
        self.new_sandbox(&id, req, ip, netns);
        if let Some(c) = self.ctrs.get_mut(&id) {
            c.sandbox_id = Some(id.clone());
        }
        let pid = self.task_create(cri, &id, Some(&id))?;
        self.task_wait(cri, &id);
        self.emit(
            h(cri, cri, Iface::InProcess, "NRI RunPodSandbox")
                .note("NRI plugins (if any) are told about the new pod"),
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
                .note("the sandbox is READY; the plugin emits CONTAINER_CREATED and CONTAINER_STARTED events for evented PLEG")
                .fx(format!("sandbox/{}", World::short(&id)), Layer::Cri, None, "SANDBOX_READY"),
        );
        Ok(id)
    }

    fn ensure_pause(&mut self, pause: &str) -> Result<(), String> {
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
                "the pause image is present (kubeadm pre-pulls it)"
            } else {
                "the pause image is missing: the runtime pulls it itself"
            })
            .d("name", pause),
        );
        if !present {
            self.pull(Puller::Cri, "k8s.io", pause)
                .map_err(|_| format!("failed to get sandbox image {pause:?}"))?;
        }
        Ok(())
    }

    fn ctd_sandbox_network(&mut self, netns: &str) -> String {
        let cri = Component::ContainerdCri;
        self.emit(
            h(cri, Component::Kernel, Iface::Syscall, "unshare")
                .note("a new network namespace, bind-mounted so it outlives any process")
                .d("flags", "CLONE_NEWNET")
                .d("bind_mount", netns),
        );
        let ip = self.pod_ip("10.244");
        self.emit(
            h(cri, Component::Cni, Iface::Cni, "ADD")
                .note(format!(
                    "the CNI plugin wires the namespace and returns the pod IP {ip}"
                ))
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
                .note("netlink: a veth pair, one end moved into the pod's namespace, an address and a route")
                .d("protocol", "NETLINK_ROUTE")
                .d("ops", "RTM_NEWLINK veth, RTM_NEWADDR, RTM_NEWROUTE"),
        );
        ip
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
                .note(format!(
                    "create container {} in pod {pname} (not started yet)",
                    req.name
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
                .d("log_path", format!("{}/{}.log", req.name, req.attempt)),
        );
        sstate
            .create_container(sandbox_id)
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
        ctr.labels
            .insert("io.kubernetes.pod.name".into(), pname.clone());
        ctr.labels
            .insert("io.kubernetes.pod.namespace".into(), pns.clone());
        self.ctrs.insert(id.clone(), ctr);
        self.set_container_cri(&id, ContainerState::Created);
        let obj = format!("container/{}", World::short(&id));
        if self.cfg.runtime == Runtime::CriO {
            self.emit(
                h(Component::CriO, Component::CriO, Iface::InProcess, "storage.CreateContainer")
                    .note("containers/storage makes the container's writable overlay layer and the OCI spec is generated; it joins the pinned pod namespaces by path")
                    .d("id", id.clone()),
            );
            self.crio_conmon_create(&id)?;
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
            .note(
                "resolve the image locally; its config gives the default entrypoint, env and user",
            )
            .d("name", img.name.clone()),
        );
        self.emit(
            h(cri, cri, Iface::InProcess, "generateSpec")
                .note(match pause_pid {
                    Some(p) => format!("the OCI spec joins the pause container's namespaces: /proc/{p}/ns/{{net,ipc,uts}}"),
                    None => "the OCI spec is generated".to_string(),
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
            .note("the container's writable layer: an overlay snapshot on the image's top chain ID")
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
            .note("metadata only: no process exists yet")
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
        state
            .start(id)
            .map_err(|r| format!("rpc error: code = Unknown desc = {}", r.message))?;
        match self.cfg.runtime {
            Runtime::Containerd17 | Runtime::Containerd2 => {
                let cri = Component::ContainerdCri;
                if let Err(e) = self.task_create(cri, id, sandbox.as_deref()) {
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
                        .note("the container is RUNNING; its stdout/stderr are copied to the CRI log file")
                        .fx(obj, Layer::Cri, Some("CONTAINER_CREATED"), "CONTAINER_RUNNING"),
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
                    .note("CRI-O ran `start` itself, not through conmon")
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
        self.set_container_cri(id, ContainerState::Running);
        Ok(())
    }

    fn fail_start(&mut self, id: &str) {
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
                    && matches!(t, super::Timer::Exit { id: i, .. } if i == id)
            })
            .map(|(k, _)| *k);
        if let Some(k) = key {
            if let Some(super::Timer::Exit { id, code, oom }) = self.timers.remove(&k) {
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
                .note(format!("stop with a {timeout} s grace period"))
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
            Runtime::Containerd17 | Runtime::Containerd2 => {
                let cri = Component::ContainerdCri;
                if timeout > 0 {
                    self.task_kill(cri, id, "SIGTERM", false)?;
                    if !self.wait_exit(id, 10) {
                        self.now_ms += timeout * 1000;
                        self.emit(h(cri, cri, Iface::InProcess, "waitContainerStop").note(
                            format!("{timeout} s later the process is still running: force it"),
                        ));
                        self.task_kill(cri, id, "SIGKILL", false)?;
                        self.wait_exit(id, 10);
                    }
                } else {
                    self.task_kill(cri, id, "SIGKILL", false)?;
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
            Runtime::Containerd17 | Runtime::Containerd2 => {
                let cri = Component::ContainerdCri;
                let _ = self.task_delete(cri, id, sandbox.as_deref());
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
                if let Some(mut inv) = self.invocation(id) {
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
                .note("stop every container of the pod, then the sandbox; reclaim its network")
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
                Runtime::CriO => {}
                _ => self.dockerd_stop(server, id, 10),
            }
        }
        if !sb.ip.is_empty() {
            self.emit(
                h(server, Component::Cni, Iface::Cni, "DEL")
                    .note(format!("release {} and remove the pod's interfaces", sb.ip))
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
                .note("unpin the pod's namespaces")
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
            Runtime::CriO => {}
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

    // ---- CRI-O ----

    fn crio_run_sandbox(&mut self, req: &SandboxReq) -> Result<String, String> {
        let id = self.hex_id();
        let uuid = self.uuid();
        self.emit(
            h(Component::CriO, Component::Pinns, Iface::Exec, "pinns")
                .note("pinns creates the pod's namespaces and pins them as bind mounts under /var/run, so they outlive any process")
                .d("argv", vec!["/usr/bin/pinns".to_string(), "-d".into(), "/var/run".into(), "-f".into(), uuid.clone(), "--ipc".into(), "--net".into(), "--uts".into()]),
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
                .note("bind-mount each namespace file")
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
                .note(format!(
                    "ocicni runs the CNI plugin on the pinned namespace: pod IP {ip}"
                ))
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
        self.emit(
            h(Component::CriO, Component::Kernel, Iface::Cgroupfs, "mkdir")
                .note("the pod cgroup")
                .d(
                    "path",
                    format!("kubepods-besteffort-pod{}.slice", req.uid.replace('-', "_")),
                ),
        );
        self.new_sandbox(&id, req, ip, netns);
        self.emit(
            h(Component::CriO, Component::CriO, Iface::InProcess, "spoofed infra container")
                .note("drop_infra_ctr = true (default since CRI-O 1.22): no pause process and no conmon for the sandbox, only a record")
                .fx(format!("sandbox/{}", World::short(&id)), Layer::Cri, None, "SANDBOX_READY"),
        );
        self.set_sandbox_state(&id, SandboxState::Ready);
        Ok(id)
    }

    fn crio_conmon_create(&mut self, id: &str) -> Result<(), String> {
        let bin = self
            .ctrs
            .get(id)
            .map(|c| c.oci_bin)
            .unwrap_or(Component::Runc);
        let root = if bin == Component::Crun {
            "/run/crun"
        } else {
            "/run/runc"
        };
        let conmon_pid = self.pid();
        let bundle = format!("/var/run/containers/storage/overlay-containers/{id}/userdata");
        self.emit(
            h(Component::CriO, Component::Conmon, Iface::Exec, "conmon")
                .note("one conmon per container: it double-forks, becomes a subreaper and runs the runtime's create as its child")
                .d("argv", vec![
                    "/usr/bin/conmon".to_string(), "-b".into(), bundle.clone(), "-c".into(), id.to_string(), "-u".into(), id.to_string(),
                    "-r".into(), format!("/usr/bin/{}", bin.id()), "--runtime-arg".into(), format!("--root={root}"),
                    "-p".into(), format!("{bundle}/pidfile"), "--exit-dir".into(), "/var/run/crio/exits".into(),
                    "--socket-dir-path".into(), "/var/run/crio".into(),
                ])
                .fx(format!("process/{conmon_pid}"), Layer::Kernel, None, "running"),
        );
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
            .note("conmon, the container's parent, reaps it")
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
                "conmon writes the exit code and an oom file"
            } else {
                "conmon writes the exit code to /var/run/crio/exits/<id>"
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
            .note("CRI-O's fsnotify watch on the exits directory fires")
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
