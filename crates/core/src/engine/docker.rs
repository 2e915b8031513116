//! Docker Engine (reference §4 and S3): dockerd's REST API driving containerd in
//! namespace `moby`, its networking (veth, iptables, docker-proxy), docker-init,
//! and dockershim / cri-dockerd in front of it.

use super::cri::{default_argv, default_entrypoint, ContainerReq, SandboxReq};
use super::registry::Ref;
use super::{h, Cri, Image, Origin, World};
use crate::lifecycle::cri::{ContainerState, SandboxState};
use crate::lifecycle::task::TaskStatus;
use crate::msg;
use crate::oci::spec::CriMount;
use crate::trace::{Component, Iface, Layer};

/// What `docker run` / `docker create` asks for.
#[derive(Debug, Clone, Default)]
pub(crate) struct RunOpts {
    pub image: String,
    pub name: Option<String>,
    pub cmd: Vec<String>,
    pub entrypoint: Option<String>,
    pub ports: Vec<(u16, u16)>,
    pub init: bool,
    pub rm: bool,
    pub memory: Option<u64>,
    /// `--runtime`: a runtime dockerd knows (`runc`, or `runsc` as
    /// `runsc install` registers it in daemon.json).
    pub runtime: Option<String>,
    /// For dockershim and cri-dockerd: the pod's sandbox container (its
    /// network and IPC namespaces are joined), the kubelet's mounts and the
    /// pod's cgroup parent.
    pub pod: Option<PodOpts>,
}

/// What dockershim and cri-dockerd add to a create request for a pod.
#[derive(Debug, Clone, Default)]
pub(crate) struct PodOpts {
    /// The sandbox container to join; `None` for the sandbox itself.
    pub sandbox: Option<String>,
    pub mounts: Vec<CriMount>,
    /// The pod's slice (systemd driver: the last element of the kubelet's).
    pub cgroup_parent: String,
}

impl World {
    /// dockerd creates its container record (no containerd call yet).
    pub(crate) fn dockerd_create(
        &mut self,
        caller: Component,
        name: &str,
        img: &Image,
        argv: Vec<String>,
        opts: &RunOpts,
        join: Option<u32>,
    ) -> String {
        let id = self.hex_id();
        let mut q = String::new();
        if !name.is_empty() {
            q = format!("?name={name}");
        }
        let mut host_config = serde_json::json!({
            "PortBindings": port_bindings(&opts.ports),
            "Init": opts.init, "AutoRemove": opts.rm, "Memory": opts.memory.unwrap_or(0),
            "NetworkMode": match join { Some(_) => "container:<sandbox>".to_string(), None => if caller == Component::Docker { "bridge".to_string() } else { "none".to_string() } },
        });
        if let (Some(rt), Some(m)) = (&opts.runtime, host_config.as_object_mut()) {
            m.insert("Runtime".to_string(), rt.clone().into());
        }
        if let (Some(pod), Some(hc)) = (&opts.pod, host_config.as_object_mut()) {
            self.pod_host_config(caller, pod, hc);
        }
        self.emit(
            h(
                caller,
                Component::Dockerd,
                Iface::DockerApi,
                format!("POST /v1.47/containers/create{q}"),
            )
            .note(msg!("dockerd-create"))
            .d("Image", img.name.clone())
            .d("Cmd", argv.clone())
            .d("HostConfig", host_config),
        );
        let mut full = argv;
        if opts.init {
            full.splice(0..0, ["/sbin/docker-init".to_string(), "--".to_string()]);
        }
        let origin = if caller == Component::Docker {
            Origin::Docker
        } else if name.starts_with("k8s_POD_") {
            Origin::Sandbox
        } else {
            Origin::Cri
        };
        let mut c = self.new_ctr(&id, name, origin, "moby", &img.name, full);
        c.shim = Component::ShimRuncV2;
        c.image_ref = img.id.clone();
        c.ports = opts.ports.clone();
        c.init = opts.init;
        c.auto_remove = opts.rm;
        c.memory_limit = opts.memory;
        c.join_pid = join;
        if opts.runtime.as_deref() == Some("runsc") {
            c.oci_bin = Component::Runsc;
        }
        if let Some(pod) = &opts.pod {
            c.mounts = pod.mounts.clone();
        }
        self.ctrs.insert(id.clone(), c);
        id
    }

    /// `POST /containers/{id}/start`: containerd container + task, network, start (Docker 26+ order).
    pub(crate) fn dockerd_start(&mut self, caller: Component, id: &str) -> Result<(), String> {
        self.emit(h(
            caller,
            Component::Dockerd,
            Iface::DockerApi,
            format!("POST /v1.47/containers/{}/start", World::short(id)),
        ));
        let Some(c) = self.ctrs.get(id) else {
            return Err(format!(
                "Error response from daemon: No such container: {id}"
            ));
        };
        let own_net = c.join_pid.is_none() && c.origin == Origin::Docker;
        let ports = c.ports.clone();
        let init = c.init;
        let image = c.image.clone();
        let runsc = c.oci_bin == Component::Runsc;
        if own_net {
            self.emit(
                h(
                    Component::Dockerd,
                    Component::Dockerd,
                    Iface::InProcess,
                    "NewSandbox",
                )
                .note(if runsc {
                    msg!("dockerd-netns-sandbox-runsc")
                } else {
                    msg!("dockerd-netns-sandbox")
                })
                .d("network", "bridge"),
            );
        }
        self.emit(
            h(
                Component::Dockerd,
                Component::Dockerd,
                Iface::InProcess,
                "createSpec",
            )
            .note(if init {
                msg!("dockerd-spec-init")
            } else {
                msg!("dockerd-spec")
            })
            .d("image", image),
        );
        let mut create = h(
            Component::Dockerd,
            Component::Containerd,
            Iface::ContainerdApi,
            "Containers.Create",
        )
        .note(if runsc {
            msg!("dockerd-containers-create-runsc")
        } else {
            msg!("dockerd-containers-create")
        })
        .d("id", id)
        .d("namespace", "moby");
        if runsc {
            create = create.d("runtime", "io.containerd.runc.v2").d(
                "options",
                serde_json::json!({"BinaryName": "/usr/local/bin/runsc", "Root": "/var/run/docker/runtime-runc", "SystemdCgroup": true}),
            );
        }
        self.emit(create);
        self.task_create(Component::Dockerd, id, None)
            .map_err(|e| {
                format!("Error response from daemon: failed to create task for container: {e}")
            })?;
        let pid = self.ctrs.get(id).map(|c| c.pid).unwrap_or(0);
        if own_net {
            let ip = format!(
                "172.17.0.{}",
                2 + self
                    .ctrs
                    .values()
                    .filter(|c| c.origin == Origin::Docker && c.task.is_some())
                    .count()
                    .saturating_sub(1)
            );
            self.emit(
                h(
                    Component::Dockerd,
                    Component::Dockerd,
                    Iface::InProcess,
                    "SetKey",
                )
                .note(if runsc {
                    msg!("dockerd-setkey-runsc")
                } else {
                    msg!("dockerd-setkey")
                })
                .d("key", format!("/proc/{pid}/ns/net")),
            );
            self.emit(
                h(
                    Component::Dockerd,
                    Component::Kernel,
                    Iface::Syscall,
                    "sendmsg",
                )
                .note(msg!("dockerd-allocate-network", ip = &ip))
                .d("protocol", "NETLINK_ROUTE")
                .d("ip", ip.clone()),
            );
            for (hp, cp) in &ports {
                self.emit(
                    h(Component::Dockerd, Component::Kernel, Iface::Syscall, "setsockopt")
                        .note(msg!("dockerd-iptables-dnat", host_port = *hp, ip = &ip, container_port = *cp))
                        .d("rule", format!("-A DOCKER ! -i docker0 -p tcp --dport {hp} -j DNAT --to-destination {ip}:{cp}")),
                );
                let ppid = self.pid();
                self.emit(
                    h(
                        Component::Dockerd,
                        Component::DockerProxy,
                        Iface::Exec,
                        "docker-proxy",
                    )
                    .note(msg!("dockerd-userland-proxy"))
                    .d(
                        "argv",
                        vec![
                            "/usr/bin/docker-proxy".to_string(),
                            "-proto".into(),
                            "tcp".into(),
                            "-host-ip".into(),
                            "0.0.0.0".into(),
                            "-host-port".into(),
                            hp.to_string(),
                            "-container-ip".into(),
                            ip.clone(),
                            "-container-port".into(),
                            cp.to_string(),
                        ],
                    )
                    .fx(
                        format!("process/{ppid}"),
                        Layer::Kernel,
                        None,
                        "running",
                    ),
                );
                self.emit(
                    h(
                        Component::DockerProxy,
                        Component::Kernel,
                        Iface::Syscall,
                        "bind",
                    )
                    .d("addr", format!("0.0.0.0:{hp}")),
                );
            }
        }
        self.task_start(Component::Dockerd, id)
            .map_err(|e| format!("Error response from daemon: {e}"))?;
        if init {
            self.emit(
                h(
                    Component::DockerInit,
                    Component::Container,
                    Iface::Exec,
                    "execve",
                )
                .note(msg!("dockerd-docker-init"))
                .d(
                    "argv",
                    self.ctrs
                        .get(id)
                        .map(|c| c.args.iter().skip(2).cloned().collect::<Vec<_>>())
                        .unwrap_or_default(),
                ),
            );
        }
        Ok(())
    }

    /// `POST /containers/{id}/stop?t=N`.
    pub(crate) fn dockerd_stop(&mut self, caller: Component, id: &str, timeout: u64) {
        self.emit(h(
            caller,
            Component::Dockerd,
            Iface::DockerApi,
            format!(
                "POST /v1.47/containers/{}/stop?t={timeout}",
                World::short(id)
            ),
        ));
        if self.ctrs.get(id).and_then(|c| c.task) != Some(TaskStatus::Running) {
            return;
        }
        let _ = self.task_kill(Component::Dockerd, id, "SIGTERM", false);
        if !self.wait_exit(id, 10) {
            self.now_ms += timeout * 1000;
            let _ = self.task_kill(Component::Dockerd, id, "SIGKILL", false);
            self.wait_exit(id, 10);
        }
    }

    /// `DELETE /containers/{id}`.
    pub(crate) fn dockerd_remove(&mut self, caller: Component, id: &str, force: bool) {
        self.emit(
            h(
                caller,
                Component::Dockerd,
                Iface::DockerApi,
                format!(
                    "DELETE /v1.47/containers/{}{}",
                    World::short(id),
                    if force { "?force=1" } else { "" }
                ),
            )
            .note(msg!("dockerd-remove")),
        );
        if force && self.ctrs.get(id).and_then(|c| c.task) == Some(TaskStatus::Running) {
            let _ = self.task_kill(Component::Dockerd, id, "SIGKILL", false);
            self.wait_exit(id, 10);
        }
        self.ctrs.remove(id);
    }

    /// dockerd's event loop sees `/tasks/exit` for one of its containers.
    pub(crate) fn dockerd_task_exit(&mut self, id: &str, code: i32, oom: bool) {
        self.emit(
            h(
                Component::ContainerdEvents,
                Component::Dockerd,
                Iface::ContainerdApi,
                "Events.Subscribe",
            )
            .note(msg!("dockerd-event-exit"))
            .d("topic", "/tasks/exit")
            .d("exit_status", code),
        );
        self.emit(
            h(
                Component::Dockerd,
                Component::Dockerd,
                Iface::InProcess,
                "handleContainerExit",
            )
            .note(if oom {
                msg!("dockerd-exit-oom")
            } else {
                msg!("dockerd-exit", code = code)
            }),
        );
        // moby daemon/monitor.go handleContainerExit: `tsk.Delete` (libcontainerd
        // → containerd's Tasks.Delete → the shim's Task/Delete) before anything
        // else; then `daemon.Cleanup` deletes the containerd container.
        let _ = self.task_delete_noted(
            Component::Dockerd,
            id,
            None,
            Some(msg!("dockerd-exit-task-delete")),
        );
        self.emit(
            h(
                Component::Dockerd,
                Component::Containerd,
                Iface::ContainerdApi,
                "Containers.Delete",
            )
            .note(msg!("dockerd-cleanup"))
            .d("id", id)
            .d("namespace", "moby"),
        );
        let (origin, auto_rm, is_sandbox) = self
            .ctrs
            .get(id)
            .map(|c| (c.origin, c.auto_remove, self.sandboxes.contains_key(id)))
            .unwrap_or((Origin::Docker, false, false));
        match origin {
            Origin::Cri => {
                self.set_container_cri(id, ContainerState::Exited);
            }
            _ if is_sandbox => {
                self.set_sandbox_state(id, SandboxState::NotReady);
            }
            _ => {}
        }
        if auto_rm {
            self.emit(
                h(
                    Component::Dockerd,
                    Component::Dockerd,
                    Iface::InProcess,
                    "autoRemove",
                )
                .note(msg!("dockerd-auto-remove")),
            );
            self.ctrs.remove(id);
        }
    }

    // ---- dockershim / cri-dockerd ----

    /// The cgroup parent dockershim and cri-dockerd pass with the systemd
    /// driver: the last element of the kubelet's, the pod's slice.
    fn pod_cgroup_parent(&self, uid: &str) -> String {
        let slice = self.pod_slice(uid);
        slice.rsplit('/').next().unwrap_or_default().to_string()
    }

    /// A pod's fields of `HostConfig`: namespaces shared with the sandbox
    /// container (a shareable IPC namespace for the sandbox itself), the
    /// cgroup parent, and the kubelet's mounts: `Binds` strings from
    /// dockershim (`host:container[:ro][,Z]`), `Mounts` from cri-dockerd
    /// (`libdocker.GenerateMountBindings`).
    fn pod_host_config(
        &self,
        front: Component,
        pod: &PodOpts,
        hc: &mut serde_json::Map<String, serde_json::Value>,
    ) {
        use serde_json::{json, Value};
        match &pod.sandbox {
            Some(sb) => {
                hc.insert("NetworkMode".into(), Value::from(format!("container:{sb}")));
                hc.insert("IpcMode".into(), Value::from(format!("container:{sb}")));
            }
            None => {
                hc.insert("IpcMode".into(), Value::from("shareable"));
            }
        }
        hc.insert(
            "CgroupParent".into(),
            Value::from(pod.cgroup_parent.clone()),
        );
        if pod.mounts.is_empty() {
            return;
        }
        if front == Component::Dockershim {
            let binds: Vec<String> = pod
                .mounts
                .iter()
                .map(|m| {
                    let mut attrs = Vec::new();
                    if m.readonly {
                        attrs.push("ro");
                    }
                    if m.selinux_relabel {
                        attrs.push("Z");
                    }
                    let bind = format!("{}:{}", m.host_path, m.container_path);
                    if attrs.is_empty() {
                        bind
                    } else {
                        format!("{bind}:{}", attrs.join(","))
                    }
                })
                .collect();
            hc.insert("Binds".into(), Value::from(binds));
        } else {
            let mounts: Vec<Value> = pod
                .mounts
                .iter()
                .map(|m| {
                    let mut bind = json!({"CreateMountpoint": true});
                    if m.readonly {
                        bind["ReadOnlyNonRecursive"] = Value::from(true);
                    }
                    let mut v = json!({"Type": "bind", "Source": m.host_path, "Target": m.container_path, "BindOptions": bind});
                    if m.readonly {
                        v["ReadOnly"] = Value::from(true);
                    }
                    v
                })
                .collect();
            hc.insert("Mounts".into(), Value::from(mounts));
        }
    }

    pub(crate) fn dockershim_run_sandbox(&mut self, req: &SandboxReq) -> Result<String, String> {
        let front = self.cri_server();
        let pause = self.cfg.pause_image();
        self.emit(
            h(
                front,
                Component::Dockerd,
                Iface::DockerApi,
                format!("GET /v1.47/images/{pause}/json"),
            )
            .note(msg!("dockerd-shim-pause-present")),
        );
        let img = Ref::parse(pause)
            .and_then(|r| self.has_image("docker", &r).cloned())
            .ok_or_else(|| format!("no pause image {pause}"))?;
        let name = format!(
            "k8s_POD_{}_{}_{}_{}",
            req.name, req.namespace, req.uid, req.attempt
        );
        let id = self.dockerd_create(
            front,
            &name,
            &img,
            vec!["/pause".to_string()],
            &RunOpts {
                pod: Some(PodOpts {
                    sandbox: None,
                    mounts: Vec::new(),
                    cgroup_parent: self.pod_cgroup_parent(&req.uid),
                }),
                ..RunOpts::default()
            },
            None,
        );
        self.emit(
            h(front, front, Iface::InProcess, "checkpoint")
                .note(msg!("dockerd-shim-checkpoint"))
                .d("path", format!("/var/lib/dockershim/sandbox/{id}")),
        );
        self.sandboxes.insert(
            id.clone(),
            super::Sandbox {
                id: id.clone(),
                name: req.name.clone(),
                namespace: req.namespace.clone(),
                uid: req.uid.clone(),
                attempt: req.attempt,
                state: Cri::SETTING_UP,
                ip: String::new(),
                netns: String::new(),
                handler: String::new(),
                created_ms: self.now_ms,
                pause_pid: None,
                shim_pid: 0,
            },
        );
        if let Some(c) = self.ctrs.get_mut(&id) {
            c.sandbox_id = Some(id.clone());
            c.origin = Origin::Sandbox;
        }
        self.dockerd_start(front, &id)?;
        let pid = self.ctrs.get(&id).map(|c| c.pid).unwrap_or(0);
        let ip = {
            let n = self.next_ip;
            self.next_ip += 1;
            format!("10.244.{}.{}", n / 250, n % 250 + 2)
        };
        let netns = format!("/proc/{pid}/ns/net");
        self.emit(
            h(front, Component::Cni, Iface::Cni, "ADD")
                .note(msg!("dockerd-shim-cni-add", ip = &ip))
                .d(
                    "env",
                    vec!["CNI_COMMAND=ADD".to_string(), format!("CNI_NETNS={netns}")],
                ),
        );
        self.emit(
            h(Component::Cni, Component::Kernel, Iface::Syscall, "sendmsg")
                .d("protocol", "NETLINK_ROUTE"),
        );
        if let Some(s) = self.sandboxes.get_mut(&id) {
            s.pause_pid = Some(pid);
            s.ip = ip;
            s.netns = netns;
        }
        self.set_sandbox_state(&id, SandboxState::Ready);
        self.emit(h(front, front, Iface::InProcess, "sandbox ready").fx(
            format!("sandbox/{}", World::short(&id)),
            Layer::Cri,
            None,
            "SANDBOX_READY",
        ));
        Ok(id)
    }

    #[allow(clippy::too_many_arguments)]
    pub(crate) fn dockershim_create_container(
        &mut self,
        sandbox_id: &str,
        req: &ContainerReq,
        img: &Image,
        argv: Vec<String>,
        pname: &str,
        pns: &str,
        puid: &str,
    ) -> Result<String, String> {
        let front = self.cri_server();
        let name = format!(
            "k8s_{}_{}_{}_{}_{}",
            req.name, pname, pns, puid, req.attempt
        );
        let join = self.sandboxes.get(sandbox_id).and_then(|s| s.pause_pid);
        let opts = RunOpts {
            memory: req.memory_limit,
            pod: Some(PodOpts {
                sandbox: Some(sandbox_id.to_string()),
                mounts: req.mounts.clone(),
                cgroup_parent: self.pod_cgroup_parent(puid),
            }),
            ..RunOpts::default()
        };
        let id = self.dockerd_create(front, &name, img, argv, &opts, join);
        if let Some(c) = self.ctrs.get_mut(&id) {
            c.origin = Origin::Cri;
            c.sandbox_id = Some(sandbox_id.to_string());
            c.attempt = req.attempt;
        }
        self.set_container_cri(&id, ContainerState::Created);
        self.emit(
            h(front, front, Iface::InProcess, "createContainerLogSymlink")
                .note(msg!("dockerd-shim-log-symlink"))
                .fx(
                    format!("container/{}", World::short(&id)),
                    Layer::Cri,
                    None,
                    "CONTAINER_CREATED",
                ),
        );
        Ok(id)
    }

    /// `docker run`: the whole S3 flow. Returns the container id.
    pub(crate) fn docker_run(
        &mut self,
        opts: &RunOpts,
        detach: bool,
        out: &mut super::Outcome,
    ) -> Result<String, String> {
        self.emit(
            h(
                Component::Docker,
                Component::Dockerd,
                Iface::DockerApi,
                "HEAD /_ping",
            )
            .note(msg!("dockerd-ping")),
        );
        let Some(r) = Ref::parse(&opts.image) else {
            return Err(format!(
                "docker: invalid reference format: repository name ({}) must be lowercase.",
                opts.image
            ));
        };
        if let Some(n) = &opts.name {
            if self
                .ctrs
                .values()
                .any(|c| c.origin == Origin::Docker && &c.name == n)
            {
                return Err(format!("docker: Error response from daemon: Conflict. The container name \"/{n}\" is already in use by container. You have to remove (or rename) that container to be able to reuse that name."));
            }
        }
        let img = match self.has_image("docker", &r).cloned() {
            Some(i) => i,
            None => {
                self.emit(
                    h(
                        Component::Docker,
                        Component::Dockerd,
                        Iface::DockerApi,
                        "POST /v1.47/containers/create",
                    )
                    .note(msg!("dockerd-no-such-image"))
                    .d("status", 404),
                );
                out.stderr.push_str(&format!(
                    "Unable to find image '{}:{}' locally\n",
                    r.familiar(),
                    r.tag
                ));
                self.emit(
                    h(
                        Component::Docker,
                        Component::Dockerd,
                        Iface::DockerApi,
                        format!(
                            "POST /v1.47/images/create?fromImage={}&tag={}",
                            r.full().rsplit_once(':').map(|x| x.0).unwrap_or(""),
                            r.tag
                        ),
                    )
                    .note(msg!("dockerd-pull-progress")),
                );
                match self.pull(super::registry::Puller::Dockerd, "docker", &opts.image) {
                    Ok(i) => {
                        out.stderr
                            .push_str(&format!("{}: Pulling from {}\n", r.tag, r.repo));
                        out.stderr.push_str(&format!(
                            "Digest: {}\nStatus: Downloaded newer image for {}:{}\n",
                            i.repo_digest,
                            r.familiar(),
                            r.tag
                        ));
                        i
                    }
                    Err(_) => {
                        return Err(format!("docker: Error response from daemon: pull access denied for {}, repository does not exist or may require 'docker login': denied: requested access to the resource is denied.", r.familiar()));
                    }
                }
            }
        };
        let argv = match (&opts.entrypoint, opts.cmd.is_empty()) {
            (Some(e), _) => {
                let mut v = vec![e.clone()];
                v.extend(opts.cmd.iter().cloned());
                v
            }
            (None, true) => default_argv(&opts.image),
            (None, false) => {
                let mut v = default_entrypoint(&opts.image);
                v.extend(opts.cmd.iter().cloned());
                v
            }
        };
        let name = opts.name.clone().unwrap_or_else(|| {
            let n = self.hex_id();
            format!(
                "{}_{}",
                ADJ[n.as_bytes()[0] as usize % ADJ.len()],
                NAMES[n.as_bytes()[1] as usize % NAMES.len()]
            )
        });
        let id = self.dockerd_create(Component::Docker, &name, &img, argv, opts, None);
        self.emit(
            h(
                Component::Docker,
                Component::Dockerd,
                Iface::DockerApi,
                format!(
                    "POST /v1.47/containers/{}/wait?condition=next-exit",
                    World::short(&id)
                ),
            )
            .note(if detach {
                msg!("dockerd-wait-detached")
            } else {
                msg!("dockerd-wait")
            }),
        );
        self.dockerd_start(Component::Docker, &id)?;
        Ok(id)
    }
}

const ADJ: &[&str] = &[
    "admiring", "brave", "clever", "eager", "focused", "gallant", "jolly", "nifty", "quirky",
    "serene",
];
const NAMES: &[&str] = &[
    "turing",
    "hopper",
    "lovelace",
    "torvalds",
    "ritchie",
    "thompson",
    "kernighan",
    "hamilton",
    "liskov",
    "knuth",
];

/// `HostConfig.PortBindings` of a create request. Filled by `insert`:
/// collecting into the map would sort (another copy of std's sort).
fn port_bindings(ports: &[(u16, u16)]) -> serde_json::Map<String, serde_json::Value> {
    let mut m = serde_json::Map::new();
    for (hp, cp) in ports {
        m.insert(
            format!("{cp}/tcp"),
            serde_json::json!([{"HostPort": hp.to_string()}]),
        );
    }
    m
}
