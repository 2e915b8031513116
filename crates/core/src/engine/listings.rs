//! What clients read back from the layers: `kubectl describe pod`, `crictl
//! inspect`/`logs`/`exec`, `ctr images|containers ls`, `nerdctl ps`,
//! `docker pull`, and the stop path of containerd's own clients.

use super::format::{human_duration, human_size, kube_age, tabwriter, trunc};
use super::registry::{Puller, Ref};
use super::{h, Origin, Outcome, Workload, World, NODE};
use crate::config::Runtime;
use crate::lifecycle::task::TaskStatus;
use crate::trace::{Component, Iface};

impl World {
    /// `kubectl describe pod NAME`.
    pub(crate) fn kubectl_describe_pod(&mut self, ns: &str, name: &str) -> Outcome {
        self.emit(h(
            Component::Kubectl,
            Component::KubeApiserver,
            Iface::K8sApi,
            format!("GET /api/v1/namespaces/{ns}/pods/{name}"),
        ));
        let Some(p) = self.pods.get(&(ns.to_string(), name.to_string())).cloned() else {
            return Outcome::err(
                1,
                format!("Error from server (NotFound): pods \"{name}\" not found"),
            );
        };
        self.emit(
            h(
                Component::Kubectl,
                Component::KubeApiserver,
                Iface::K8sApi,
                format!(
                    "GET /api/v1/namespaces/{ns}/events?fieldSelector=involvedObject.name={name}"
                ),
            )
            .note("describe also lists the events the kubelet posted for this pod"),
        );
        let now = self.now_ms;
        let (view, phase, _) = self.pod_view(&p);
        let ctr = p.container_id.as_ref().and_then(|c| self.ctrs.get(c));
        let cid = ctr
            .map(|c| {
                let scheme = match self.cfg.runtime {
                    Runtime::Containerd17 | Runtime::Containerd2 => "containerd",
                    Runtime::CriO => "cri-o",
                    _ => "docker",
                };
                format!("{scheme}://{}", c.id)
            })
            .unwrap_or_default();
        let image_id = ctr.map(|c| c.image_ref.clone()).unwrap_or_default();
        let mut s = String::new();
        let kv =
            |s: &mut String, k: &str, v: &str| s.push_str(&format!("{:<18}{v}\n", format!("{k}:")));
        kv(&mut s, "Name", &p.name);
        kv(&mut s, "Namespace", &p.namespace);
        kv(&mut s, "Priority", "0");
        kv(&mut s, "Service Account", "default");
        kv(
            &mut s,
            "Node",
            &p.node
                .as_ref()
                .map(|n| format!("{n}/192.168.49.2"))
                .unwrap_or_else(|| "<none>".into()),
        );
        kv(&mut s, "Start Time", &World::rfc3339(p.created_ms, false));
        kv(&mut s, "Labels", &format!("run={}", p.name));
        kv(&mut s, "Annotations", "<none>");
        kv(
            &mut s,
            "Status",
            if p.deleting.is_some() {
                "Terminating"
            } else {
                phase.as_str()
            },
        );
        kv(&mut s, "IP", if p.ip.is_empty() { "" } else { &p.ip });
        s.push_str("Containers:\n");
        s.push_str(&format!("  {}:\n", p.name));
        s.push_str(&format!("    Container ID:  {cid}\n"));
        s.push_str(&format!("    Image:         {}\n", p.image));
        s.push_str(&format!("    Image ID:      {image_id}\n"));
        match p.port {
            Some(port) => s.push_str(&format!(
                "    Port:          {port}/TCP\n    Host Port:     0/TCP\n"
            )),
            None => s.push_str("    Port:          <none>\n    Host Port:     <none>\n"),
        }
        let state = super::kube::kubectl_status(&view, false);
        let (st, detail) = match ctr {
            Some(c) if c.task == Some(TaskStatus::Running) => (
                "Running".to_string(),
                format!("      Started:      {}\n", World::rfc3339(c.started_ms, false)),
            ),
            Some(c) if c.finished_ms > 0 => (
                "Terminated".to_string(),
                format!(
                    "      Reason:       {}\n      Exit Code:    {}\n      Started:      {}\n      Finished:     {}\n",
                    if c.oom { "OOMKilled" } else if c.exit_code == 0 { "Completed" } else { "Error" },
                    c.exit_code,
                    World::rfc3339(c.started_ms, false),
                    World::rfc3339(c.finished_ms, false)
                ),
            ),
            _ => ("Waiting".to_string(), format!("      Reason:       {state}\n")),
        };
        let st = if state == "CrashLoopBackOff"
            || state == "ContainerCreating"
            || state == "ErrImagePull"
            || state == "ImagePullBackOff"
        {
            format!("Waiting\n      Reason:       {state}")
        } else {
            st
        };
        if st.starts_with("Waiting") && st.contains('\n') {
            s.push_str(&format!("    State:          {st}\n"));
        } else {
            s.push_str(&format!("    State:          {st}\n{detail}"));
        }
        s.push_str(&format!(
            "    Ready:          {}\n",
            if p.ready { "True" } else { "False" }
        ));
        s.push_str(&format!("    Restart Count:  {}\n", p.restarts));
        if let Some(m) = p.memory_limit {
            s.push_str(&format!("    Limits:\n      memory:  {}Mi\n", m >> 20));
        }
        s.push_str(&format!("Conditions:\n  {:<27} Status\n", "Type"));
        let sched = p.node.is_some();
        let ready = if p.ready { "True" } else { "False" };
        for (t, v) in [
            (
                "PodReadyToStartContainers",
                if p.sandbox_id.is_some() {
                    "True"
                } else {
                    "False"
                },
            ),
            ("Initialized", "True"),
            ("Ready", ready),
            ("ContainersReady", ready),
            ("PodScheduled", if sched { "True" } else { "False" }),
        ] {
            s.push_str(&format!("  {t:<27} {v}\n"));
        }
        s.push_str(&format!(
            "QoS Class:       {}\n",
            if p.memory_limit.is_some() {
                "Burstable"
            } else {
                "BestEffort"
            }
        ));
        if p.events.is_empty() {
            s.push_str("Events:           <none>\n");
        } else {
            s.push_str("Events:\n");
            let mut rows = vec![
                ["Type", "Reason", "Age", "From", "Message"]
                    .map(String::from)
                    .to_vec(),
                ["----", "------", "----", "----", "-------"]
                    .map(String::from)
                    .to_vec(),
            ];
            for (at, ty, reason, msg) in &p.events {
                rows.push(vec![
                    ty.to_string(),
                    reason.to_string(),
                    kube_age(now.saturating_sub(*at)),
                    if *reason == "Scheduled" {
                        "default-scheduler".into()
                    } else {
                        "kubelet".into()
                    },
                    msg.clone(),
                ]);
            }
            for line in tabwriter(&rows, 0, 2).lines() {
                s.push_str("  ");
                s.push_str(line);
                s.push('\n');
            }
        }
        let _ = NODE;
        Outcome::ok(s)
    }

    /// `crictl logs ID`: crictl asks for the log path, then reads the file itself.
    pub(crate) fn crictl_logs(&mut self, raw: &str) -> Outcome {
        let server = self.cri_server();
        self.emit(
            h(Component::Crictl, server, Iface::Cri, "ContainerStatus")
                .note("crictl only asks the runtime where the log file is, then reads it itself")
                .d("container_id", raw),
        );
        let Some(c) = self
            .ctrs
            .values()
            .find(|c| c.origin == Origin::Cri && c.id.starts_with(raw) && !raw.is_empty())
        else {
            return Outcome::err(1, format!("time=\"{}\" level=fatal msg=\"rpc error: code = NotFound desc = an error occurred when try to find container {raw:?}: not found\"", World::rfc3339(self.now_ms, false)));
        };
        let mut out = Outcome::default();
        for (_, stream, l) in &c.logs {
            let s = if *stream == "stderr" {
                &mut out.stderr
            } else {
                &mut out.stdout
            };
            s.push_str(l);
            s.push('\n');
        }
        out
    }

    /// `crictl exec ID CMD…` through the CRI streaming server (or ExecSync).
    pub(crate) fn crictl_exec(&mut self, raw: &str, cmd: &[String], tty: bool) -> Outcome {
        let server = self.cri_server();
        let found = self
            .ctrs
            .values()
            .find(|c| c.origin == Origin::Cri && !raw.is_empty() && c.id.starts_with(raw))
            .map(|c| {
                (
                    c.id.clone(),
                    c.pid,
                    c.task == Some(TaskStatus::Running)
                        || c.oci == Some(crate::lifecycle::oci::OciStatus::Running),
                )
            });
        let rpc = if tty { "Exec" } else { "ExecSync" };
        self.emit(
            h(Component::Crictl, server, Iface::Cri, rpc)
                .note(if tty {
                    "Exec returns a URL on the runtime's streaming server; crictl then upgrades to a stream"
                } else {
                    "ExecSync runs the command and returns its output in the reply"
                })
                .d("container_id", raw)
                .d("cmd", cmd.to_vec()),
        );
        let Some((id, pid, running)) = found else {
            return Outcome::err(1, format!("time=\"{}\" level=fatal msg=\"execing command in container: rpc error: code = NotFound desc = an error occurred when try to find container {raw:?}: not found\"", World::rfc3339(self.now_ms, false)));
        };
        if !running {
            return Outcome::err(1, format!("time=\"{}\" level=fatal msg=\"execing command in container: rpc error: code = Unknown desc = container is in CONTAINER_EXITED state\"", World::rfc3339(self.now_ms, false)));
        }
        let exec_pid = self.pid();
        if self.cfg.runtime.is_containerd_cri() {
            let exec_id = self.hex_id();
            self.shim_exec(&id, &exec_id, pid, exec_pid, cmd);
        } else if let Some(mut inv) = self.invocation(&id) {
            inv.caller = if self.cfg.runtime == Runtime::CriO {
                Component::CriO
            } else {
                inv.caller
            };
            if self.cfg.runtime == Runtime::CriO {
                self.emit(
                    h(Component::CriO, inv.bin, Iface::OciCli, "exec")
                        .note("CRI-O runs the runtime's exec itself (through conmon for streams)")
                        .d(
                            "argv",
                            vec![inv.bin.id().to_string(), "exec".into(), id.clone()],
                        ),
                );
                self.exec_steps(inv.bin, pid, exec_pid, cmd);
            } else {
                return Outcome::err(
                    1,
                    "atlas: crictl exec on a Docker node is not simulated; use docker exec"
                        .to_string(),
                );
            }
        }
        let mut out = Outcome::default();
        match Workload::from_argv("", cmd) {
            Workload::Exits { code, lines, .. } => {
                let host = self
                    .ctrs
                    .get(&id)
                    .and_then(|c| c.labels.get("io.kubernetes.pod.name").cloned())
                    .unwrap_or_default();
                let date = World::date_text(self.now_ms);
                for (stream, l) in lines {
                    let s = if stream == "stderr" {
                        &mut out.stderr
                    } else {
                        &mut out.stdout
                    };
                    s.push_str(
                        &l.replace(super::workload::HOSTNAME_MARK, &host)
                            .replace(super::workload::DATE_MARK, &date),
                    );
                    s.push('\n');
                }
                out.exit = code;
            }
            Workload::NotFound { message } => {
                out.stderr = format!("time=\"{}\" level=fatal msg=\"execing command in container: command terminated with exit code 127\"\n", World::rfc3339(self.now_ms, false));
                out.stdout = format!("OCI runtime exec failed: exec failed: unable to start container process: {message}: unknown\n");
                out.exit = 1;
            }
            _ => {}
        }
        out
    }

    /// `crictl inspect ID` / `crictl inspectp ID`: the status part, as JSON.
    pub(crate) fn crictl_inspect(&mut self, ids: &[String], sandboxes: bool) -> Outcome {
        let server = self.cri_server();
        let rpc = if sandboxes {
            "PodSandboxStatus"
        } else {
            "ContainerStatus"
        };
        let mut docs = Vec::new();
        for raw in ids {
            self.emit(
                h(Component::Crictl, server, Iface::Cri, rpc)
                    .d("id", raw.clone())
                    .d("verbose", true),
            );
            let v = if sandboxes {
                self.sandboxes.values().find(|s| !raw.is_empty() && s.id.starts_with(raw.as_str())).map(|s| {
                    serde_json::json!({"status": {
                        "id": s.id,
                        "metadata": {"attempt": s.attempt, "name": s.name, "namespace": s.namespace, "uid": s.uid},
                        "state": s.state.as_str(),
                        "createdAt": World::rfc3339(s.created_ms, true),
                        "network": {"additionalIps": [], "ip": s.ip},
                        "linux": {"namespaces": {"options": {"ipc": "POD", "network": "POD", "pid": "CONTAINER", "targetId": "", "userNsOptions": null}}},
                        "runtimeHandler": s.handler,
                    }, "info": {"pid": s.pause_pid.unwrap_or(0), "netNamespacePath": s.netns}})
                })
            } else {
                self.ctrs.values().find(|c| c.origin == Origin::Cri && !raw.is_empty() && c.id.starts_with(raw.as_str())).map(|c| {
                    serde_json::json!({"status": {
                        "id": c.id,
                        "metadata": {"attempt": c.attempt, "name": c.name},
                        "state": c.cri.map(|s| s.as_str()).unwrap_or("CONTAINER_UNKNOWN"),
                        "createdAt": World::rfc3339(c.created_ms, true),
                        "startedAt": if c.started_ms > 0 { World::rfc3339(c.started_ms, true) } else { "1970-01-01T00:00:00Z".to_string() },
                        "finishedAt": if c.finished_ms > 0 { World::rfc3339(c.finished_ms, true) } else { "1970-01-01T00:00:00Z".to_string() },
                        "exitCode": c.exit_code,
                        "image": {"image": c.image},
                        "imageRef": c.image_ref,
                        "reason": if c.oom { "OOMKilled" } else if c.finished_ms > 0 { if c.exit_code == 0 { "Completed" } else { "Error" } } else { "" },
                        "logPath": format!("/var/log/pods/{}/{}/{}.log", c.sandbox_id.as_deref().unwrap_or(""), c.name, c.attempt),
                    }, "info": {"sandboxID": c.sandbox_id, "pid": if c.task == Some(TaskStatus::Running) { c.pid } else { 0 }, "runtimeType": "io.containerd.runc.v2"}})
                })
            };
            match v {
                Some(v) => docs.push(v),
                None => {
                    let what = if sandboxes { "sandbox" } else { "container" };
                    return Outcome::err(1, format!("time=\"{}\" level=fatal msg=\"getting the status of the {what} {raw:?}: rpc error: code = NotFound desc = an error occurred when try to find {what} {raw:?}: not found\"", World::rfc3339(self.now_ms, false)));
                }
            }
        }
        let mut s = String::new();
        for d in docs {
            s.push_str(&serde_json::to_string_pretty(&d).unwrap_or_default());
            s.push('\n');
        }
        Outcome::ok(s)
    }

    /// `ctr images ls`.
    pub(crate) fn ctr_images_ls(&mut self, ns: &'static str, quiet: bool) -> Outcome {
        self.emit(
            h(
                Component::Ctr,
                Component::ContainerdImages,
                Iface::ContainerdApi,
                "Images.List",
            )
            .d("namespace", ns),
        );
        let mut rows = vec![["REF", "TYPE", "DIGEST", "SIZE", "PLATFORMS", "LABELS"]
            .map(String::from)
            .to_vec()];
        let mut q = String::new();
        for ((s, name), img) in &self.images {
            if *s != ns {
                continue;
            }
            q.push_str(name);
            q.push('\n');
            rows.push(vec![
                name.clone(),
                "application/vnd.oci.image.index.v1+json".into(),
                img.repo_digest.clone(),
                human_size(img.size).replace("MB", " MiB").replace("kB", " KiB"),
                "linux/386,linux/amd64,linux/arm/v5,linux/arm/v7,linux/arm64/v8,linux/mips64le,linux/ppc64le,linux/s390x".into(),
                if ns == "k8s.io" { "io.cri-containerd.image=managed".into() } else { "-".into() },
            ]);
        }
        if quiet {
            return Outcome::ok(q);
        }
        Outcome::ok(tabwriter(&rows, 1, 1))
    }

    /// `ctr containers ls`.
    pub(crate) fn ctr_containers_ls(&mut self, ns: &'static str, quiet: bool) -> Outcome {
        self.emit(
            h(
                Component::Ctr,
                Component::Containerd,
                Iface::ContainerdApi,
                "Containers.List",
            )
            .d("namespace", ns),
        );
        let mut rows = vec![["CONTAINER", "IMAGE", "RUNTIME"].map(String::from).to_vec()];
        let mut q = String::new();
        for c in self.ctrs.values().filter(|c| c.ns == ns) {
            let name = if matches!(c.origin, Origin::Ctr) {
                c.name.clone()
            } else {
                c.id.clone()
            };
            q.push_str(&name);
            q.push('\n');
            rows.push(vec![
                name,
                Ref::parse(&c.image)
                    .map(|r| r.full())
                    .unwrap_or_else(|| c.image.clone()),
                "io.containerd.runc.v2".into(),
            ]);
        }
        if quiet {
            return Outcome::ok(q);
        }
        Outcome::ok(tabwriter(&rows, 10, 1))
    }

    /// `nerdctl ps`: containerd's container records and their tasks.
    pub(crate) fn ps_table(&mut self, client: Component, all: bool, quiet: bool) -> Outcome {
        self.emit(
            h(
                client,
                Component::Containerd,
                Iface::ContainerdApi,
                "Containers.List",
            )
            .d("namespace", "default"),
        );
        self.emit(
            h(
                client,
                Component::ContainerdTasks,
                Iface::ContainerdApi,
                "Tasks.List",
            )
            .d("namespace", "default"),
        );
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
            .filter(|c| c.origin == Origin::Nerdctl)
            .collect();
        crate::order::sort_by_key(&mut list, |c| {
            std::cmp::Reverse((c.created_ms, c.id.clone()))
        });
        for c in list {
            let running = c.task == Some(TaskStatus::Running);
            if !all && !running {
                continue;
            }
            q.push_str(&format!("{}\n", trunc(&c.id, 12)));
            let cmd = c.args.join(" ");
            let cmd = if cmd.chars().count() > 20 {
                format!("\"{}…\"", cmd.chars().take(17).collect::<String>())
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
            let ports = c
                .ports
                .iter()
                .map(|(h, p)| format!("0.0.0.0:{h}->{p}/tcp"))
                .collect::<Vec<_>>()
                .join(", ");
            rows.push(vec![
                trunc(&c.id, 12),
                Ref::parse(&c.image)
                    .map(|r| {
                        format!(
                            "{}:{}",
                            r.full().rsplit_once(':').map(|x| x.0).unwrap_or(""),
                            r.tag
                        )
                    })
                    .unwrap_or_default(),
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
        Outcome::ok(tabwriter(&rows, 10, 4))
    }

    /// `nerdctl stop`: SIGTERM, wait up to `timeout` s, then SIGKILL.
    pub(crate) fn client_stop(&mut self, client: Component, id: &str, timeout: u64) {
        if self.ctrs.get(id).and_then(|c| c.task) != Some(TaskStatus::Running) {
            return;
        }
        let first = if timeout == 0 { "SIGKILL" } else { "SIGTERM" };
        let _ = self.task_kill(client, id, first, false);
        if !self.wait_exit(id, timeout.max(1) * 1000) {
            let _ = self.task_kill(client, id, "SIGKILL", false);
            self.wait_exit(id, 1000);
        }
    }

    /// `docker pull IMAGE`.
    pub(crate) fn docker_pull(&mut self, image: &str) -> Outcome {
        let Some(r) = Ref::parse(image) else {
            return Outcome::err(
                1,
                format!("invalid reference format: repository name ({image}) must be lowercase"),
            );
        };
        self.emit(h(
            Component::Docker,
            Component::Dockerd,
            Iface::DockerApi,
            format!(
                "POST /v1.47/images/create?fromImage={}&tag={}",
                r.full().rsplit_once(':').map(|x| x.0).unwrap_or(""),
                r.tag
            ),
        ));
        let fam = if r.tag == "latest" {
            r.familiar()
        } else {
            format!("{}:{}", r.familiar(), r.tag)
        };
        if let Some(img) = self.has_image("docker", &r).cloned() {
            return Outcome::ok(format!(
                "{}: Pulling from {}\nDigest: {}\nStatus: Image is up to date for {fam}\n{}\n",
                r.tag,
                r.repo,
                img.repo_digest,
                r.full()
            ));
        }
        match self.pull(Puller::Dockerd, "docker", image) {
            Ok(img) => Outcome::ok(format!(
                "{}{}: Pulling from {}\n{}Digest: {}\nStatus: Downloaded newer image for {fam}\n{}\n",
                if image.contains(':') { "" } else { "Using default tag: latest\n" },
                r.tag,
                r.repo,
                "a2318d6c47ec: Pull complete \n",
                img.repo_digest,
                r.full()
            )),
            Err(_) => Outcome::err(1, format!("Error response from daemon: pull access denied for {}, repository does not exist or may require 'docker login': denied: requested access to the resource is denied", r.familiar())),
        }
    }
}

impl World {
    /// `docker exec` / `nerdctl exec`: a new process in a running container,
    /// through containerd's Tasks.Exec, the shim and `runc exec`.
    pub(crate) fn client_exec(&mut self, client: Component, name: &str, cmd: &[String]) -> Outcome {
        let id = match client {
            Component::Docker => self.docker_find(name),
            _ => self
                .ctrs
                .values()
                .find(|c| {
                    c.origin == Origin::Nerdctl
                        && (c.name == name || (!name.is_empty() && c.id.starts_with(name)))
                })
                .map(|c| c.id.clone()),
        };
        let now = self.now_ms;
        let fatal = |msg: String| {
            if client == Component::Docker {
                Outcome::err(1, format!("Error response from daemon: {msg}"))
            } else {
                Outcome::err(
                    1,
                    format!(
                        "time=\"{}\" level=fatal msg=\"{}\"",
                        World::rfc3339(now, false),
                        msg.replace('"', "\\\"")
                    ),
                )
            }
        };
        if client == Component::Docker {
            self.emit(
                h(
                    Component::Docker,
                    Component::Dockerd,
                    Iface::DockerApi,
                    format!("POST /v1.47/containers/{name}/exec"),
                )
                .note("dockerd records an exec instance (no process yet)")
                .d("Cmd", cmd.to_vec()),
            );
        }
        let Some(id) = id else {
            return fatal(if client == Component::Docker {
                format!("No such container: {name}")
            } else {
                format!("no such container {name}")
            });
        };
        let Some((pid, running)) = self
            .ctrs
            .get(&id)
            .map(|c| (c.pid, c.task == Some(TaskStatus::Running)))
        else {
            return fatal(format!("No such container: {name}"));
        };
        if !running {
            return fatal(format!("container {id} is not running"));
        }
        let exec_id = self.hex_id();
        let exec_pid = self.pid();
        let (caller, iface) = if client == Component::Docker {
            self.emit(h(
                Component::Docker,
                Component::Dockerd,
                Iface::DockerApi,
                format!("POST /v1.47/exec/{}/start", World::short(&exec_id)),
            ));
            (Component::Dockerd, Iface::ContainerdApi)
        } else {
            (client, Iface::ContainerdApi)
        };
        self.emit(
            h(caller, Component::ContainerdTasks, iface, "Tasks.Exec")
                .note("containerd hands the process spec to the container's shim")
                .d("container_id", id.clone())
                .d("exec_id", exec_id.clone()),
        );
        self.shim_exec(&id, &exec_id, pid, exec_pid, cmd);
        let mut out = Outcome::default();
        match Workload::from_argv("", cmd) {
            Workload::Exits { code, lines, .. } => {
                let host = World::short(&id).to_string();
                let date = World::date_text(self.now_ms);
                for (stream, l) in lines {
                    let s = if stream == "stderr" {
                        &mut out.stderr
                    } else {
                        &mut out.stdout
                    };
                    s.push_str(
                        &l.replace(super::workload::HOSTNAME_MARK, &host)
                            .replace(super::workload::DATE_MARK, &date),
                    );
                    s.push('\n');
                }
                out.exit = code;
            }
            Workload::NotFound { message } => {
                out.stderr = format!(
                    "OCI runtime exec failed: exec failed: unable to start container process: {message}: unknown\n"
                );
                out.exit = if client == Component::Docker { 127 } else { 1 };
            }
            _ => {}
        }
        out
    }
}
