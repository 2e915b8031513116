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
            self.pleg_all = true;
        }
        Outcome::ok("")
    }
}

use super::cri::{ContainerReq, SandboxReq};
use super::docker::RunOpts;
use super::format::{human_duration, human_size, kube_age, tabwriter, trunc};
use super::registry::{Puller, Ref};
use super::Origin;
use crate::lifecycle::cri::ContainerState;

/// The example configs of crictl's documentation, present on the node.
pub(crate) const POD_CONFIG: &str = r#"{
  "metadata": {
    "name": "nginx-sandbox",
    "namespace": "default",
    "attempt": 1,
    "uid": "hdishd83djaidwnduwk28bcsb"
  },
  "log_directory": "/tmp",
  "linux": {}
}
"#;
pub(crate) const CONTAINER_CONFIG: &str = r#"{
  "metadata": {
    "name": "busybox"
  },
  "image": {
    "image": "busybox"
  },
  "command": [
    "top"
  ],
  "log_path": "busybox.0.log",
  "linux": {}
}
"#;

#[derive(serde::Deserialize)]
struct PodConfigFile {
    metadata: PodMeta,
}
#[derive(serde::Deserialize)]
struct PodMeta {
    name: String,
    #[serde(default)]
    namespace: String,
    #[serde(default)]
    uid: String,
    #[serde(default)]
    attempt: u32,
}
#[derive(serde::Deserialize)]
struct CtrConfigFile {
    metadata: CtrMeta,
    image: CtrImage,
    #[serde(default)]
    command: Vec<String>,
    #[serde(default)]
    args: Vec<String>,
}
#[derive(serde::Deserialize)]
struct CtrMeta {
    name: String,
    #[serde(default)]
    attempt: u32,
}
#[derive(serde::Deserialize)]
struct CtrImage {
    image: String,
}

fn fatal(msg: impl std::fmt::Display) -> Outcome {
    Outcome::err(
        1,
        format!(
            "time=\"2026-01-05T09:00:00Z\" level=fatal msg=\"{}\"",
            msg.to_string().replace('"', "\\\"")
        ),
    )
}

impl World {
    pub(crate) fn file(&self, name: &str) -> Option<String> {
        let base = name.rsplit('/').next().unwrap_or(name);
        self.files.get(base).cloned().or_else(|| match base {
            "pod-config.json" | "pod.json" | "sandbox-config.json" => Some(POD_CONFIG.to_string()),
            "container-config.json" | "container.json" => Some(CONTAINER_CONFIG.to_string()),
            _ => None,
        })
    }

    fn read_pod_config(&self, file: &str) -> Result<SandboxReq, Outcome> {
        let text = self.file(file).ok_or_else(|| {
            fatal(format!(
                "load podSandboxConfig: open {file}: no such file or directory"
            ))
        })?;
        let p: PodConfigFile = serde_json::from_str(&text)
            .map_err(|e| fatal(format!("load podSandboxConfig: {e}")))?;
        Ok(SandboxReq {
            name: p.metadata.name,
            namespace: p.metadata.namespace,
            uid: p.metadata.uid,
            attempt: p.metadata.attempt,
            handler: String::new(),
        })
    }

    /// Resolves a (possibly truncated) id among sandboxes or containers.
    fn resolve(&self, prefix: &str, sandboxes: bool) -> Option<String> {
        if prefix.is_empty() {
            return None;
        }
        if sandboxes {
            self.sandboxes
                .keys()
                .find(|k| k.starts_with(prefix))
                .cloned()
        } else {
            self.ctrs
                .values()
                .find(|c| c.origin == Origin::Cri && c.id.starts_with(prefix))
                .map(|c| c.id.clone())
        }
    }

    pub(crate) fn crictl_runp(&mut self, file: &str, handler: &str) -> Outcome {
        let mut req = match self.read_pod_config(file) {
            Ok(r) => r,
            Err(o) => return o,
        };
        req.handler = handler.to_string();
        match self.cri_run_pod_sandbox(Component::Crictl, &req) {
            Ok(id) => Outcome::ok(format!("{id}\n")),
            Err(e) => fatal(format!("run pod sandbox: {e}")),
        }
    }

    pub(crate) fn crictl_pull(&mut self, image: &str) -> Outcome {
        match self.cri_pull_image(Component::Crictl, image) {
            Ok(id) => Outcome::ok(format!("Image is up to date for {id}\n")),
            Err(e) => fatal(format!("pulling image: {e}")),
        }
    }

    pub(crate) fn crictl_create(&mut self, pod: &str, ctr_file: &str, pod_file: &str) -> Outcome {
        let Some(sid) = self.resolve(pod, true) else {
            return fatal(format!("creating container: rpc error: code = NotFound desc = failed to find sandbox {pod:?}"));
        };
        if let Err(o) = self.read_pod_config(pod_file) {
            return o;
        }
        let Some(text) = self.file(ctr_file) else {
            return fatal(format!("creating container: load containerConfig: open {ctr_file}: no such file or directory"));
        };
        let c: CtrConfigFile = match serde_json::from_str(&text) {
            Ok(c) => c,
            Err(e) => return fatal(format!("creating container: load containerConfig: {e}")),
        };
        let store = self.cri_store();
        let present = Ref::parse(&c.image.image)
            .map(|r| self.has_image(store, &r).is_some())
            .unwrap_or(false);
        if !present {
            if let Err(e) = self.cri_pull_image(Component::Crictl, &c.image.image) {
                return fatal(format!("creating container: {e}"));
            }
        }
        let req = ContainerReq {
            name: c.metadata.name,
            attempt: c.metadata.attempt,
            image: c.image.image,
            command: c.command,
            args: c.args,
            memory_limit: None,
        };
        match self.cri_create_container(Component::Crictl, &sid, &req) {
            Ok(id) => Outcome::ok(format!("{id}\n")),
            Err(e) => fatal(format!("creating container: {e}")),
        }
    }

    pub(crate) fn crictl_each(
        &mut self,
        verb: &str,
        ids: &[String],
        sandboxes: bool,
        timeout: u64,
    ) -> Outcome {
        let mut out = Outcome::default();
        for raw in ids {
            let Some(id) = self.resolve(raw, sandboxes) else {
                let what = if sandboxes { "sandbox" } else { "container" };
                let o = fatal(format!("{verb} {what} {raw:?}: rpc error: code = NotFound desc = an error occurred when try to find {what} {raw:?}: not found"));
                out.stderr.push_str(&o.stderr);
                out.exit = 1;
                return out;
            };
            let r = match (verb, sandboxes) {
                ("start", false) => self
                    .cri_start_container(Component::Crictl, &id)
                    .map(|_| format!("{raw}\n")),
                ("stop", false) => self
                    .cri_stop_container(Component::Crictl, &id, timeout)
                    .map(|_| format!("{raw}\n")),
                ("remove", false) => self
                    .cri_remove_container(Component::Crictl, &id)
                    .map(|_| format!("{raw}\n")),
                ("stop", true) => self
                    .cri_stop_pod_sandbox(Component::Crictl, &id)
                    .map(|_| format!("Stopped sandbox {raw}\n")),
                ("remove", true) => self
                    .cri_remove_pod_sandbox(Component::Crictl, &id)
                    .map(|_| format!("Removed sandbox {raw}\n")),
                _ => Ok(String::new()),
            };
            match r {
                Ok(s) => out.stdout.push_str(&s),
                Err(e) => {
                    let what = if sandboxes {
                        "pod sandbox"
                    } else {
                        "container"
                    };
                    let verbing = match verb {
                        "start" => "starting the",
                        "stop" => "stopping the",
                        _ => "removing the",
                    };
                    out.stderr
                        .push_str(&fatal(format!("{verbing} {what} {raw:?}: {e}")).stderr);
                    out.exit = 1;
                    return out;
                }
            }
        }
        out
    }

    pub(crate) fn crictl_ps(&mut self, all: bool, quiet: bool, name: Option<&str>) -> Outcome {
        let server = self.cri_server();
        if let Err(e) = self.cri_probe(Component::Crictl, "ListContainers") {
            return fatal(format!("listing containers: {e}"));
        }
        self.emit(
            h(Component::Crictl, server, Iface::Cri, "ListContainers").d(
                "filter",
                if all {
                    "all states"
                } else {
                    "state=CONTAINER_RUNNING"
                },
            ),
        );
        let now = self.now_ms;
        let mut rows = vec![[
            "CONTAINER",
            "IMAGE",
            "CREATED",
            "STATE",
            "NAME",
            "ATTEMPT",
            "POD ID",
            "POD",
        ]
        .map(String::from)
        .to_vec()];
        if self.cfg.k8s.0 >= 32 {
            rows[0].push("NAMESPACE".into());
        }
        if self.cfg.k8s.0 < 24 {
            rows[0].truncate(7);
        }
        let mut list: Vec<_> = self
            .ctrs
            .values()
            .filter(|c| c.origin == Origin::Cri && c.cri.is_some())
            .collect();
        crate::order::sort_by_key(&mut list, |c| {
            std::cmp::Reverse((c.created_ms, c.id.clone()))
        });
        let mut q = String::new();
        for c in list {
            let st = c.cri.unwrap_or(ContainerState::Unknown);
            if !all && st != ContainerState::Running {
                continue;
            }
            if let Some(n) = name {
                if !c.name.contains(n) {
                    continue;
                }
            }
            let sb = c.sandbox_id.as_ref().and_then(|s| self.sandboxes.get(s));
            q.push_str(&format!("{}\n", trunc(&c.id, 13)));
            let mut r = vec![
                trunc(&c.id, 13),
                trunc(&c.image_ref, 13),
                format!("{} ago", human_duration(now.saturating_sub(c.created_ms))),
                st.crictl().to_string(),
                c.name.clone(),
                c.attempt.to_string(),
                sb.map(|s| trunc(&s.id, 13)).unwrap_or_default(),
                sb.map(|s| s.name.clone()).unwrap_or_default(),
            ];
            if self.cfg.k8s.0 >= 32 {
                r.push(sb.map(|s| s.namespace.clone()).unwrap_or_default());
            }
            if self.cfg.k8s.0 < 24 {
                r.truncate(7);
            }
            rows.push(r);
        }
        if quiet {
            return Outcome::ok(q);
        }
        Outcome::ok(tabwriter(&rows, 20, 3))
    }

    pub(crate) fn crictl_pods(&mut self, quiet: bool, name: Option<&str>) -> Outcome {
        let server = self.cri_server();
        if let Err(e) = self.cri_probe(Component::Crictl, "ListPodSandbox") {
            return fatal(format!("listing pod sandboxes: {e}"));
        }
        self.emit(h(Component::Crictl, server, Iface::Cri, "ListPodSandbox"));
        let now = self.now_ms;
        let mut rows = vec![[
            "POD ID",
            "CREATED",
            "STATE",
            "NAME",
            "NAMESPACE",
            "ATTEMPT",
            "RUNTIME",
        ]
        .map(String::from)
        .to_vec()];
        let mut list: Vec<_> = self.sandboxes.values().collect();
        crate::order::sort_by_key(&mut list, |s| {
            std::cmp::Reverse((s.created_ms, s.id.clone()))
        });
        let mut q = String::new();
        for s in list {
            if let Some(n) = name {
                if !s.name.contains(n) {
                    continue;
                }
            }
            q.push_str(&format!("{}\n", s.id));
            rows.push(vec![
                trunc(&s.id, 13),
                format!("{} ago", human_duration(now.saturating_sub(s.created_ms))),
                s.state.crictl().to_string(),
                s.name.clone(),
                s.namespace.clone(),
                s.attempt.to_string(),
                if s.handler.is_empty() {
                    "(default)".to_string()
                } else {
                    s.handler.clone()
                },
            ]);
        }
        if quiet {
            return Outcome::ok(q);
        }
        Outcome::ok(tabwriter(&rows, 20, 3))
    }

    pub(crate) fn crictl_images(&mut self) -> Outcome {
        let server = self.cri_server();
        self.emit(h(Component::Crictl, server, Iface::Cri, "ListImages"));
        let store = self.cri_store();
        let mut rows = vec![["IMAGE", "TAG", "IMAGE ID", "SIZE"]
            .map(String::from)
            .to_vec()];
        for ((s, name), img) in &self.images {
            if *s != store {
                continue;
            }
            let (repo, tag) = name.rsplit_once(':').unwrap_or((name, "latest"));
            rows.push(vec![
                repo.to_string(),
                tag.to_string(),
                trunc(&img.id, 13),
                human_size(img.size),
            ]);
        }
        Outcome::ok(tabwriter(&rows, 20, 3))
    }

    fn cri_probe(&mut self, caller: Component, rpc: &str) -> Result<(), String> {
        if self.cri_server() == Component::ContainerdCri && !self.containerd_up {
            self.emit(
                h(caller, Component::ContainerdCri, Iface::Cri, rpc)
                    .note("containerd is down: connection refused"),
            );
            return Err("rpc error: code = Unavailable desc = connection error: desc = \"transport: Error while dialing: dial unix /run/containerd/containerd.sock: connect: connection refused\"".to_string());
        }
        Ok(())
    }

    pub(crate) fn kubectl_get_pods(&mut self, ns: &str, wide: bool, all_ns: bool) -> Outcome {
        let path = if all_ns {
            "/api/v1/pods".to_string()
        } else {
            format!("/api/v1/namespaces/{ns}/pods")
        };
        self.emit(
            h(
                Component::Kubectl,
                Component::KubeApiserver,
                Iface::K8sApi,
                format!("GET {path}"),
            )
            .note("read from the API server's watch cache, not from the node"),
        );
        let now = self.now_ms;
        let mut head = vec!["NAME", "READY", "STATUS", "RESTARTS", "AGE"];
        if all_ns {
            head.insert(0, "NAMESPACE");
        }
        if wide {
            head.extend(["IP", "NODE", "NOMINATED NODE", "READINESS GATES"]);
        }
        let mut rows = vec![head.into_iter().map(String::from).collect::<Vec<_>>()];
        for ((pns, _), p) in &self.pods {
            if !all_ns && pns != ns {
                continue;
            }
            let status = super::kube::kubectl_status(&p.view, p.deleting.is_some());
            let restarts = if p.restarts == 0 {
                "0".to_string()
            } else {
                let last = p
                    .container_id
                    .as_ref()
                    .and_then(|c| self.ctrs.get(c))
                    .map(|c| c.created_ms)
                    .unwrap_or(now);
                format!(
                    "{} ({} ago)",
                    p.restarts,
                    kube_age(now.saturating_sub(last))
                )
            };
            let mut r = vec![
                p.name.clone(),
                format!("{}/1", u8::from(p.ready)),
                status,
                restarts,
                kube_age(now.saturating_sub(p.created_ms)),
            ];
            if all_ns {
                r.insert(0, pns.clone());
            }
            if wide {
                r.extend([
                    if p.ip.is_empty() {
                        "<none>".to_string()
                    } else {
                        p.ip.clone()
                    },
                    p.node.clone().unwrap_or_else(|| "<none>".into()),
                    "<none>".into(),
                    "<none>".into(),
                ]);
            }
            rows.push(r);
        }
        if rows.len() == 1 {
            return Outcome::err(
                0,
                if all_ns {
                    "No resources found".to_string()
                } else {
                    format!("No resources found in {ns} namespace.")
                },
            );
        }
        Outcome::ok(tabwriter(&rows, 6, 3))
    }

    pub(crate) fn ctr_pull(&mut self, ns: &'static str, image: &str) -> Outcome {
        match self.pull(Puller::Client(Component::Ctr), ns, image) {
            Ok(img) => Outcome::ok(format!(
                "{image}: resolved\nunpacking linux/amd64 {}...\ndone: 812.3ms\n",
                img.repo_digest
            )),
            Err(_) => Outcome::err(
                1,
                format!("ctr: failed to resolve reference \"{image}\": {image}: not found"),
            ),
        }
    }

    /// `ctr run` / `nerdctl run` through containerd's client API.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn client_run(
        &mut self,
        client: Component,
        ns: &'static str,
        image: &str,
        id: &str,
        cmd: Vec<String>,
        detach: bool,
        ports: Vec<(u16, u16)>,
        memory: Option<u64>,
    ) -> Outcome {
        let Some(r) = Ref::parse(image) else {
            return Outcome::err(1, format!("{}: invalid reference format", client.id()));
        };
        let mut stderr = String::new();
        let img = match self.has_image(ns, &r).cloned() {
            Some(i) => {
                self.emit(
                    h(
                        client,
                        Component::ContainerdImages,
                        Iface::ContainerdApi,
                        "Images.Get",
                    )
                    .d("name", r.full())
                    .note("the image is present"),
                );
                i
            }
            None if client == Component::Ctr => {
                self.emit(
                    h(
                        client,
                        Component::ContainerdImages,
                        Iface::ContainerdApi,
                        "Images.Get",
                    )
                    .d("name", image)
                    .note("ctr run never pulls: the image must be there"),
                );
                return Outcome::err(1, format!("ctr: image \"{image}\": not found"));
            }
            None => {
                stderr.push_str(&format!("{}:    resolved\n", r.full()));
                match self.pull(Puller::Client(client), ns, image) {
                    Ok(i) => i,
                    Err(_) => return Outcome::err(1, format!("time=\"2026-01-05T09:00:00Z\" level=fatal msg=\"failed to resolve reference \\\"{}\\\": not found\"", r.full())),
                }
            }
        };
        if self.ctrs.contains_key(id) || self.ctrs.values().any(|c| c.name == id && c.ns == ns) {
            self.emit(
                h(
                    client,
                    Component::Containerd,
                    Iface::ContainerdApi,
                    "Containers.Create",
                )
                .d("id", id)
                .note("the id is taken"),
            );
            return Outcome::err(
                1,
                format!("{}: container \"{id}\": already exists", client.id()),
            );
        }
        let argv = if cmd.is_empty() {
            super::cri::default_argv(image)
        } else {
            cmd
        };
        let cid = if client == Component::Nerdctl {
            self.hex_id()
        } else {
            id.to_string()
        };
        let origin = if client == Component::Nerdctl {
            Origin::Nerdctl
        } else {
            Origin::Ctr
        };
        let mut c = self.new_ctr(&cid, id, origin, ns, &img.name, argv);
        c.image_ref = img.id.clone();
        c.memory_limit = memory;
        c.ports = ports.clone();
        self.ctrs.insert(cid.clone(), c);
        self.emit(
            h(
                client,
                Component::ContainerdSnapshotter,
                Iface::ContainerdApi,
                "Snapshots.Prepare",
            )
            .note("the container's writable layer on the image's top chain ID")
            .d("key", cid.clone())
            .d("parent", img.chain_id.clone()),
        );
        self.emit(
            h(client, Component::Containerd, Iface::ContainerdApi, "Containers.Create")
                .note(if client == Component::Nerdctl { "with createRuntime/postStop OCI hooks that call back into nerdctl for CNI networking" } else { "containerd's default spec (oci.WithDefaultSpec): new pid, ipc, uts, mount and network namespaces, no CNI" })
                .d("id", cid.clone())
                .d("namespace", ns)
                .d("runtime", "io.containerd.runc.v2"),
        );
        if let Err(e) = self.task_create(client, &cid, None) {
            return Outcome::err(1, format!("{}: {e}", client.id()));
        }
        if !detach {
            self.task_wait(client, &cid);
        }
        if let Err(e) = self.task_start(client, &cid) {
            return Outcome::err(1, format!("{}: {e}", client.id()));
        }
        let mut out = Outcome::ok(if client == Component::Nerdctl {
            format!("{cid}\n")
        } else {
            String::new()
        });
        out.stderr = stderr;
        if !detach {
            // Foreground: wait (in logical time, up to a minute) for the process.
            for _ in 0..60_000 {
                if !self.wait_exit(&cid, 1) {
                    self.now_ms += 1;
                    if self.now_ms.is_multiple_of(60_000) {
                        break;
                    }
                    continue;
                }
                break;
            }
            if let Some(c) = self.ctrs.get(&cid) {
                for (_, _, l) in &c.logs {
                    out.stdout.push_str(l);
                    out.stdout.push('\n');
                }
                out.exit = c.exit_code;
            }
        }
        out
    }

    pub(crate) fn ctr_tasks_ls(&mut self, ns: &'static str) -> Outcome {
        self.emit(
            h(
                Component::Ctr,
                Component::ContainerdTasks,
                Iface::ContainerdApi,
                "Tasks.List",
            )
            .d("namespace", ns),
        );
        let mut rows = vec![vec!["TASK".to_string(), "PID".into(), "STATUS".into()]];
        for c in self
            .ctrs
            .values()
            .filter(|c| c.ns == ns && c.task.is_some())
        {
            rows.push(vec![
                c.id.clone(),
                c.pid.to_string(),
                c.task.map(|t| t.as_str()).unwrap_or("UNKNOWN").to_string(),
            ]);
        }
        Outcome::ok(tabwriter(&rows, 10, 3))
    }

    pub(crate) fn docker_ps(&mut self, all: bool, quiet: bool) -> Outcome {
        self.emit(h(
            Component::Docker,
            Component::Dockerd,
            Iface::DockerApi,
            format!(
                "GET /v1.47/containers/json{}",
                if all { "?all=1" } else { "" }
            ),
        ));
        let now = self.now_ms;
        let mut rows = vec![[
            "CONTAINER ID",
            "IMAGE",
            "COMMAND",
            "CREATED",
            "STATUS",
            "PORTS",
            "NAMES",
        ]
        .map(String::from)
        .to_vec()];
        let mut q = String::new();
        let mut list: Vec<_> = self
            .ctrs
            .values()
            .filter(|c| c.origin == Origin::Docker)
            .collect();
        crate::order::sort_by_key(&mut list, |c| {
            std::cmp::Reverse((c.created_ms, c.id.clone()))
        });
        for c in list {
            let running =
                c.task.is_some() && c.oci == Some(crate::lifecycle::oci::OciStatus::Running);
            if !all && !running {
                continue;
            }
            q.push_str(&format!("{}\n", trunc(&c.id, 12)));
            let cmd = c.args.join(" ");
            let cmd = if cmd.chars().count() > 20 {
                format!("\"{}…\"", cmd.chars().take(19).collect::<String>())
            } else {
                format!("\"{cmd}\"")
            };
            let status = if running {
                format!("Up {}", human_duration(now.saturating_sub(c.started_ms)))
            } else if c.started_ms == 0 {
                "Created".to_string()
            } else {
                format!(
                    "Exited ({}) {} ago",
                    c.exit_code,
                    human_duration(now.saturating_sub(c.finished_ms))
                )
            };
            let ports = if running {
                c.ports
                    .iter()
                    .map(|(h, p)| format!("0.0.0.0:{h}->{p}/tcp, [::]:{h}->{p}/tcp"))
                    .collect::<Vec<_>>()
                    .join(", ")
            } else {
                String::new()
            };
            let image = Ref::parse(&c.image)
                .map(|r| {
                    if r.tag == "latest" {
                        r.familiar()
                    } else {
                        format!("{}:{}", r.familiar(), r.tag)
                    }
                })
                .unwrap_or_default();
            rows.push(vec![
                trunc(&c.id, 12),
                image,
                cmd,
                format!("{} ago", human_duration(now.saturating_sub(c.created_ms))),
                status,
                ports,
                c.name.clone(),
            ]);
        }
        if quiet {
            return Outcome::ok(q);
        }
        Outcome::ok(tabwriter(&rows, 10, 3))
    }

    pub(crate) fn docker_find(&self, name_or_id: &str) -> Option<String> {
        self.ctrs
            .values()
            .find(|c| {
                c.origin == Origin::Docker && (c.name == name_or_id || c.id.starts_with(name_or_id))
            })
            .map(|c| c.id.clone())
    }

    pub(crate) fn docker_run_cmd(&mut self, opts: &RunOpts, detach: bool) -> Outcome {
        if !self.cfg.runtime.has_docker() {
            return Outcome::err(127, format!("bash: docker: command not found\n(atlas: this node runs {}; choose --runtime docker for Docker Engine)", self.cfg.runtime.label()));
        }
        let mut out = Outcome::default();
        match self.docker_run(opts, detach, &mut out) {
            Ok(id) => {
                if detach {
                    out.stdout = format!("{id}\n");
                } else {
                    for _ in 0..60 {
                        if self.wait_exit(&id, 1000) {
                            break;
                        }
                        self.now_ms += 1000;
                    }
                    if let Some(c) = self.ctrs.get(&id) {
                        for (_, _, l) in &c.logs {
                            out.stdout.push_str(l);
                            out.stdout.push('\n');
                        }
                        out.exit = c.exit_code;
                    }
                }
                out
            }
            Err(e) => {
                out.stderr.push_str(&e);
                out.stderr
                    .push_str("\nRun 'docker run --help' for more information\n");
                out.exit = 125;
                out
            }
        }
    }

    pub(crate) fn docker_stop_cmd(&mut self, names: &[String], timeout: u64) -> Outcome {
        let mut out = Outcome::default();
        for n in names {
            match self.docker_find(n) {
                Some(id) => {
                    self.dockerd_stop(Component::Docker, &id, timeout);
                    out.stdout.push_str(n);
                    out.stdout.push('\n');
                }
                None => {
                    self.emit(h(
                        Component::Docker,
                        Component::Dockerd,
                        Iface::DockerApi,
                        format!("POST /v1.47/containers/{n}/stop"),
                    ));
                    out.stderr.push_str(&format!(
                        "Error response from daemon: No such container: {n}\n"
                    ));
                    out.exit = 1;
                }
            }
        }
        out
    }
}
