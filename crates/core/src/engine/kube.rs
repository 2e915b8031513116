//! The control plane and the kubelet (reference §1.6 and S1): pod creation,
//! scheduling, `SyncPod`, restart back-off, graceful deletion,
//! container GC, exec and logs.

use super::cri::{ContainerReq, SandboxReq};
use super::{h, Outcome, Pod, World, NODE};
use crate::lifecycle::cri::{exit_reason, ContainerState, SandboxState};
use crate::lifecycle::kubelet::{backoff_message, Backoff, ContainerView, PodPhase, RestartPolicy};
use crate::trace::{Component, Iface, Layer};
use litemap::LiteMap;

/// What `kubectl run` asks for.
#[derive(Debug, Clone, Default)]
pub(crate) struct PodSpec {
    pub namespace: String,
    pub name: String,
    pub image: String,
    pub command: Vec<String>,
    pub args: Vec<String>,
    pub restart: RestartPolicy,
    pub memory_limit: Option<u64>,
    pub port: Option<u16>,
}

type Key = (String, String);

impl World {
    /// `kubectl run`: the API server stores the pod; the scheduler binds it; the
    /// kubelet sees it through its watch and syncs it.
    pub(crate) fn kubectl_run(&mut self, spec: PodSpec) -> Outcome {
        let key = (spec.namespace.clone(), spec.name.clone());
        let path = format!("/api/v1/namespaces/{}/pods", spec.namespace);
        self.emit(
            h(
                Component::Kubectl,
                Component::KubeApiserver,
                Iface::K8sApi,
                format!("POST {path}"),
            )
            .note(format!(
                "kubectl creates a bare Pod {} (label run={}); it never talks to the node",
                spec.name, spec.name
            ))
            .d("image", spec.image.clone())
            .d("imagePullPolicy", pull_policy(&spec.image))
            .d("restartPolicy", spec.restart.as_str()),
        );
        if self.pods.contains_key(&key) {
            return Outcome::err(
                1,
                format!(
                    "Error from server (AlreadyExists): pods \"{}\" already exists",
                    spec.name
                ),
            );
        }
        let uid = self.uuid();
        self.emit(
            h(
                Component::KubeApiserver,
                Component::Etcd,
                Iface::Etcd,
                "KV/Txn",
            )
            .note("the API server persists the pod in etcd")
            .d(
                "key",
                format!("/registry/pods/{}/{}", spec.namespace, spec.name),
            )
            .fx(
                format!("pod/{}/{}", spec.namespace, spec.name),
                Layer::Kubelet,
                None,
                "Pending",
            ),
        );
        let pod = Pod {
            namespace: spec.namespace.clone(),
            name: spec.name.clone(),
            uid,
            image: spec.image.clone(),
            command: spec.command,
            args: spec.args,
            restart: spec.restart,
            memory_limit: spec.memory_limit,
            port: spec.port,
            node: None,
            phase: PodPhase::Pending,
            ip: String::new(),
            created_ms: self.now_ms,
            deleting: None,
            grace_s: 30,
            view: ContainerView::Waiting {
                reason: "ContainerCreating".to_string(),
            },
            restarts: 0,
            ready: false,
            events: Vec::new(),
            sandbox_id: None,
            container_id: None,
            backoff: Backoff::default(),
            backoff_until: 0,
            last_reported: "Pending".to_string(),
            pleg_seen: None,
            created_containers: 0,
        };
        self.pods.insert(key.clone(), pod);
        self.emit(
            h(
                Component::KubeScheduler,
                Component::KubeApiserver,
                Iface::K8sApi,
                format!("POST /api/v1/namespaces/{}/pods/{}/binding", key.0, key.1),
            )
            .note(format!(
                "the scheduler's watch saw an unscheduled pod; it binds it to {NODE}"
            ))
            .d("target", NODE),
        );
        self.pod_event(
            &key,
            "Normal",
            "Scheduled",
            format!("Successfully assigned {}/{} to {NODE}", key.0, key.1),
        );
        if let Some(p) = self.pods.get_mut(&key) {
            p.node = Some(NODE.to_string());
        }
        let uid = self
            .pods
            .get(&key)
            .map(|p| p.uid.clone())
            .unwrap_or_default();
        self.emit(
            h(
                Component::Kubelet,
                Component::KubeApiserver,
                Iface::K8sApi,
                format!("GET /api/v1/pods?fieldSelector=spec.nodeName={NODE}&watch=true"),
            )
            .note(
                "the kubelet's watch (opened at start) delivers the pod; a pod worker picks it up",
            ),
        );
        self.emit(
            h(Component::Kubelet, Component::Kubelet, Iface::InProcess, "SyncPod")
                .note("Kubelet.SyncPod: the pod cgroup, volumes (the service-account token), then the runtime manager")
                .d("cgroup", format!("kubepods-besteffort-pod{}.slice", uid.replace('-', "_"))),
        );
        self.sync_pod(&key);
        let mut out = Outcome::ok(format!("pod/{} created\n", key.1));
        out.exit = 0;
        out
    }

    fn pod_event(&mut self, key: &Key, ty: &'static str, reason: &'static str, msg: String) {
        let now = self.now_ms;
        let from = if reason == "Scheduled" {
            Component::KubeScheduler
        } else {
            Component::Kubelet
        };
        self.emit(
            h(
                from,
                Component::KubeApiserver,
                Iface::K8sApi,
                format!("POST /api/v1/namespaces/{}/events", key.0),
            )
            .note(format!("event {reason}: {msg}"))
            .d("reason", reason)
            .d("type", ty),
        );
        if let Some(p) = self.pods.get_mut(key) {
            p.events.push((now, ty, reason, msg));
        }
    }

    /// `kubeGenericRuntimeManager.SyncPod` for one pod.
    pub(crate) fn sync_pod(&mut self, key: &Key) {
        let Some(pod) = self.pods.get(key).cloned() else {
            return;
        };
        let kubelet = Component::Kubelet;
        if pod.deleting.is_some() {
            self.kill_pod(key);
            return;
        }
        // Step 4: a sandbox if none is ready.
        let sandbox_ready = pod
            .sandbox_id
            .as_ref()
            .and_then(|s| self.sandboxes.get(s))
            .is_some_and(|s| s.state.get() == SandboxState::Ready);
        let mut sandbox_id = pod.sandbox_id.clone();
        if !sandbox_ready {
            let attempt = match &pod.sandbox_id {
                Some(old) => {
                    let a = self.sandboxes.get(old).map(|s| s.attempt + 1).unwrap_or(1);
                    self.emit(
                        h(kubelet, kubelet, Iface::InProcess, "computePodActions")
                            .note("the sandbox is not ready: kill the pod's containers and create a new sandbox (attempt +1)"),
                    );
                    self.kill_pod_runtime(key, 0);
                    a
                }
                None => 0,
            };
            let req = SandboxReq {
                name: pod.name.clone(),
                namespace: pod.namespace.clone(),
                uid: pod.uid.clone(),
                attempt,
                handler: self.cfg.oci.handler().to_string(),
            };
            match self.cri_run_pod_sandbox(kubelet, &req) {
                Ok(id) => {
                    let _ = self.cri_sandbox_status(kubelet, &id);
                    let ip = self
                        .sandboxes
                        .get(&id)
                        .map(|s| s.ip.clone())
                        .unwrap_or_default();
                    if let Some(p) = self.pods.get_mut(key) {
                        p.sandbox_id = Some(id.clone());
                        p.ip = ip;
                        p.container_id = None;
                    }
                    sandbox_id = Some(id);
                }
                Err(e) => {
                    self.pod_event(
                        key,
                        "Warning",
                        "FailedCreatePodSandBox",
                        format!("Failed to create pod sandbox: {e}"),
                    );
                    self.set_view(
                        key,
                        ContainerView::Waiting {
                            reason: "ContainerCreating".into(),
                        },
                    );
                    self.report_status(key);
                    return;
                }
            }
        }
        let Some(sandbox_id) = sandbox_id else { return };
        // Step 8: the container.
        let pod = match self.pods.get(key) {
            Some(p) => p.clone(),
            None => return,
        };
        let current = pod
            .container_id
            .as_ref()
            .and_then(|c| self.ctrs.get(c))
            .map(|c| (c.cri.get(), c.exit_code, c.oom, c.started_ms, c.finished_ms));
        let must_start = match current {
            None => true,
            Some((Some(ContainerState::Exited), code, _, _, _)) => pod.restart.restarts(code),
            Some((Some(ContainerState::Created), ..)) => false,
            _ => false,
        };
        if let Some((Some(ContainerState::Exited), code, oom, started, finished)) = current {
            let reason = exit_reason(code, oom).to_string();
            if !pod.restart.restarts(code) {
                self.set_view(
                    key,
                    ContainerView::Terminated {
                        reason,
                        exit_code: code,
                    },
                );
                self.report_status(key);
                return;
            }
            // kubelet's doBackOff: is the latest exit still held?
            let now = self.now_ms;
            let _ = started;
            if pod.backoff.in_backoff_since(now, finished) {
                let release = pod.backoff.release_ms(finished);
                let wait = release - now;
                self.emit(
                    h(kubelet, kubelet, Iface::InProcess, "doBackOff")
                        .note(format!(
                            "{} (CrashLoopBackOff)",
                            backoff_message(
                                pod.backoff.delay_ms,
                                &pod.name,
                                &pod.name,
                                &pod.namespace,
                                &pod.uid
                            )
                        ))
                        .d("wait_ms", wait),
                );
                if !matches!(&pod.view, ContainerView::Waiting { reason } if reason == "CrashLoopBackOff")
                {
                    self.pod_event(
                        key,
                        "Warning",
                        "BackOff",
                        "Back-off restarting failed container".to_string(),
                    );
                }
                self.set_view(
                    key,
                    ContainerView::Waiting {
                        reason: "CrashLoopBackOff".into(),
                    },
                );
                self.report_status(key);
                if pod.backoff_until != release {
                    if let Some(p) = self.pods.get_mut(key) {
                        p.backoff_until = release;
                    }
                    self.at(wait, super::Timer::Sync { key: key.clone() });
                }
                return;
            }
            if let Some(p) = self.pods.get_mut(key) {
                p.backoff.next(finished);
            }
        }
        if !must_start {
            self.report_status(key);
            return;
        }
        self.start_pod_container(key, &sandbox_id);
    }

    fn start_pod_container(&mut self, key: &Key, sandbox_id: &str) {
        let Some(pod) = self.pods.get(key).cloned() else {
            return;
        };
        let kubelet = Component::Kubelet;
        // (1) the image.
        let policy = pull_policy(&pod.image);
        let present = match self.cri_image_status(kubelet, &pod.image) {
            Ok(p) => p,
            Err(_) => return,
        };
        if policy == "Always" || present.is_none() {
            self.pod_event(
                key,
                "Normal",
                "Pulling",
                format!("Pulling image \"{}\"", pod.image),
            );
            match self.cri_pull_image(kubelet, &pod.image) {
                Ok(_) => self.pod_event(
                    key,
                    "Normal",
                    "Pulled",
                    format!("Successfully pulled image \"{}\"", pod.image),
                ),
                Err(e) => {
                    self.pod_event(
                        key,
                        "Warning",
                        "Failed",
                        format!("Failed to pull image \"{}\": {e}", pod.image),
                    );
                    self.set_view(
                        key,
                        ContainerView::Waiting {
                            reason: "ErrImagePull".into(),
                        },
                    );
                    self.report_status(key);
                    return;
                }
            }
        } else {
            self.pod_event(
                key,
                "Normal",
                "Pulled",
                format!(
                    "Container image \"{}\" already present on machine",
                    pod.image
                ),
            );
        }
        // (2) create, (3) start. restartCount = the previous container's + 1.
        let attempt = if pod.created_containers > 0 {
            pod.restarts + 1
        } else {
            0
        };
        if let Some(p) = self.pods.get_mut(key) {
            p.restarts = attempt;
            p.created_containers += 1;
        }
        let req = ContainerReq {
            name: pod.name.clone(),
            attempt,
            image: pod.image.clone(),
            command: pod.command.clone(),
            args: pod.args.clone(),
            memory_limit: pod.memory_limit,
        };
        let id = match self.cri_create_container(kubelet, sandbox_id, &req) {
            Ok(id) => id,
            Err(e) => {
                self.pod_event(key, "Warning", "Failed", format!("Error: {e}"));
                self.set_view(
                    key,
                    ContainerView::Waiting {
                        reason: "CreateContainerError".into(),
                    },
                );
                self.report_status(key);
                return;
            }
        };
        if let Some(p) = self.pods.get_mut(key) {
            p.container_id = Some(id.clone());
        }
        self.pod_event(
            key,
            "Normal",
            "Created",
            format!("Created container {}", pod.name),
        );
        match self.cri_start_container(kubelet, &id) {
            Ok(()) => {
                self.pod_event(
                    key,
                    "Normal",
                    "Started",
                    format!("Started container {}", pod.name),
                );
                self.pleg_keys.insert(key.clone(), ());
            }
            Err(e) => {
                self.pod_event(key, "Warning", "Failed", format!("Error: {e}"));
                if let Some(c) = self.ctrs.get_mut(&id) {
                    c.exit_code = 128;
                }
                self.set_container_cri(&id, ContainerState::Exited);
                self.set_view(
                    key,
                    ContainerView::Terminated {
                        reason: "StartError".into(),
                        exit_code: 128,
                    },
                );
                self.pleg_keys.insert(key.clone(), ());
            }
        }
    }

    fn set_view(&mut self, key: &Key, v: ContainerView) {
        if let Some(p) = self.pods.get_mut(key) {
            p.view = v;
        }
    }

    /// The status manager: PATCH the pod status when it changed.
    pub(crate) fn report_status(&mut self, key: &Key) {
        let Some(p) = self.pods.get(key) else { return };
        let (view, phase, ready) = self.pod_view(p);
        let label = kubectl_status(&view, p.deleting.is_some());
        if label == p.last_reported && phase == p.phase {
            return;
        }
        let from = p.phase;
        let (ns, name) = key.clone();
        let cid = p.container_id.clone().unwrap_or_default();
        let scheme = match self.cfg.runtime {
            crate::config::Runtime::CriO => "cri-o",
            crate::config::Runtime::Dockershim | crate::config::Runtime::CriDockerd => "docker",
            _ => "containerd",
        };
        self.emit(
            h(
                Component::Kubelet,
                Component::KubeApiserver,
                Iface::K8sApi,
                format!("PATCH /api/v1/namespaces/{ns}/pods/{name}/status"),
            )
            .note(format!(
                "the status manager reports phase {}, container {}",
                phase.as_str(),
                view.label()
            ))
            .d("phase", phase.as_str())
            .d("podIP", p.ip.clone())
            .d(
                "containerID",
                if cid.is_empty() {
                    String::new()
                } else {
                    format!("{scheme}://{cid}")
                },
            )
            .d("state", view.label())
            .fx(
                format!("pod/{ns}/{name}"),
                Layer::Kubelet,
                Some(from.as_str()),
                phase.as_str(),
            ),
        );
        if let Some(p) = self.pods.get_mut(key) {
            p.last_reported = label;
            p.phase = phase;
            p.view = view;
            p.ready = ready;
        }
    }

    /// The pod's container view, phase and readiness from the runtime's state.
    pub(crate) fn pod_view(&self, p: &Pod) -> (ContainerView, PodPhase, bool) {
        let c = p.container_id.as_ref().and_then(|c| self.ctrs.get(c));
        let view = match c.and_then(|c| c.cri.get().map(|s| (s, c))) {
            Some((ContainerState::Running, c)) => ContainerView::Running {
                started_ms: c.started_ms,
            },
            Some((ContainerState::Exited, c)) => {
                if matches!(&p.view, ContainerView::Waiting { reason } if reason == "CrashLoopBackOff")
                    && p.restart.restarts(c.exit_code)
                {
                    p.view.clone()
                } else if p.restart.restarts(c.exit_code) && p.backoff_until > self.now_ms {
                    ContainerView::Waiting {
                        reason: "CrashLoopBackOff".into(),
                    }
                } else {
                    ContainerView::Terminated {
                        reason: exit_reason(c.exit_code, c.oom).to_string(),
                        exit_code: c.exit_code,
                    }
                }
            }
            _ => match &p.view {
                ContainerView::Terminated { .. } => p.view.clone(),
                v @ ContainerView::Waiting { .. } => v.clone(),
                _ => ContainerView::Waiting {
                    reason: "ContainerCreating".into(),
                },
            },
        };
        let phase = match &view {
            ContainerView::Running { .. } => PodPhase::Running,
            ContainerView::Terminated { exit_code, .. } if !p.restart.restarts(*exit_code) => {
                if *exit_code == 0 {
                    PodPhase::Succeeded
                } else {
                    PodPhase::Failed
                }
            }
            ContainerView::Waiting { reason }
                if reason == "ContainerCreating" || reason == "ErrImagePull" =>
            {
                PodPhase::Pending
            }
            _ => {
                if p.phase == PodPhase::Pending && p.restarts == 0 && c.is_none() {
                    PodPhase::Pending
                } else {
                    PodPhase::Running
                }
            }
        };
        let ready = matches!(view, ContainerView::Running { .. });
        (view, phase, ready)
    }

    pub(crate) fn report_status_exit(&mut self, key: &Key) {
        if let Some(p) = self.pods.get(key) {
            if let Some(c) = p.container_id.as_ref().and_then(|c| self.ctrs.get(c)) {
                if c.cri.get() == Some(ContainerState::Exited) {
                    let v = ContainerView::Terminated {
                        reason: exit_reason(c.exit_code, c.oom).into(),
                        exit_code: c.exit_code,
                    };
                    self.set_view(key, v);
                    self.report_status(key);
                }
            }
        }
    }

    fn kill_pod_runtime(&mut self, key: &Key, grace: u64) {
        let Some(p) = self.pods.get(key).cloned() else {
            return;
        };
        if let Some(c) = &p.container_id {
            if self.ctrs.get(c).and_then(|c| c.cri.get()) == Some(ContainerState::Running) {
                let _ = self.cri_stop_container(
                    Component::Kubelet,
                    c,
                    grace.max(if grace > 0 { 2 } else { 0 }),
                );
            }
        }
        if let Some(s) = &p.sandbox_id {
            if self.sandboxes.contains_key(s) {
                let _ = self.cri_stop_pod_sandbox(Component::Kubelet, s);
            }
        }
    }

    /// `killPodWithSyncResult` for a pod being deleted, then the final DELETE.
    fn kill_pod(&mut self, key: &Key) {
        let grace = self.pods.get(key).map(|p| p.grace_s).unwrap_or(30);
        self.emit(
            h(Component::Kubelet, Component::Kubelet, Iface::InProcess, "killPodWithSyncResult")
                .note(format!("the pod has a deletionTimestamp: stop its containers with the {grace} s grace period, then the sandbox")),
        );
        self.kill_pod_runtime(key, grace);
        let (ns, name) = key.clone();
        self.emit(
            h(Component::Kubelet, Component::KubeApiserver, Iface::K8sApi, format!("DELETE /api/v1/namespaces/{ns}/pods/{name}"))
                .note("everything is stopped: the kubelet confirms with gracePeriodSeconds=0 and the API server removes the pod")
                .d("gracePeriodSeconds", 0),
        );
        self.emit(
            h(
                Component::KubeApiserver,
                Component::Etcd,
                Iface::Etcd,
                "KV/Txn",
            )
            .d("delete", format!("/registry/pods/{ns}/{name}"))
            .fx(format!("pod/{ns}/{name}"), Layer::Kubelet, None, "Deleted"),
        );
        if let Some(p) = self.pods.remove(key) {
            self.deleted_pods.push((p.sandbox_id, p.container_id));
        }
    }

    /// `kubectl delete pod`.
    pub(crate) fn kubectl_delete(
        &mut self,
        ns: &str,
        name: &str,
        grace: Option<u64>,
        force: bool,
    ) -> Outcome {
        let key = (ns.to_string(), name.to_string());
        let grace = if force { 0 } else { grace.unwrap_or(30) };
        self.emit(
            h(Component::Kubectl, Component::KubeApiserver, Iface::K8sApi, format!("DELETE /api/v1/namespaces/{ns}/pods/{name}"))
                .note(format!("graceful deletion: the API server sets deletionTimestamp and a {grace} s grace period"))
                .d("gracePeriodSeconds", grace),
        );
        if !self.pods.contains_key(&key) {
            return Outcome::err(
                1,
                format!("Error from server (NotFound): pods \"{name}\" not found"),
            );
        }
        self.emit(
            h(
                Component::KubeApiserver,
                Component::Etcd,
                Iface::Etcd,
                "KV/Txn",
            )
            .d("key", format!("/registry/pods/{ns}/{name}"))
            .d("deletionGracePeriodSeconds", grace),
        );
        let now = self.now_ms;
        if let Some(p) = self.pods.get_mut(&key) {
            p.deleting = Some(now);
            p.grace_s = grace;
        }
        self.emit(
            h(
                Component::Kubelet,
                Component::KubeApiserver,
                Iface::K8sApi,
                format!("GET /api/v1/pods?fieldSelector=spec.nodeName={NODE}&watch=true"),
            )
            .note("the kubelet's watch delivers the update"),
        );
        self.sync_pod(&key);
        let mut out = Outcome::ok(format!("pod \"{name}\" deleted\n"));
        if force {
            out.stderr = "Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.\n".to_string();
        }
        out
    }

    /// Container GC (every minute): dead containers beyond one per pod container,
    /// and everything of deleted pods.
    pub(crate) fn container_gc(&mut self) {
        let kubelet = Component::Kubelet;
        let mut doomed_ctrs: Vec<String> = Vec::new();
        let mut doomed_sbx: Vec<String> = Vec::new();
        for (s, c) in std::mem::take(&mut self.deleted_pods) {
            if let Some(s) = s {
                for x in self.ctrs.values().filter(|x| {
                    x.sandbox_id.as_deref() == Some(&s) && x.origin == super::Origin::Cri
                }) {
                    doomed_ctrs.push(x.id.clone());
                }
                doomed_sbx.push(s);
            }
            if let Some(c) = c {
                doomed_ctrs.push(c);
            }
        }
        // Dead containers of live pods, except each pod's latest; sandboxes
        // a pod no longer uses. One pass over each store, not pods × containers.
        let mut keep_by_name: LiteMap<&str, Vec<Option<&String>>> = LiteMap::new();
        for p in self.pods.values() {
            keep_by_name
                .entry(p.name.as_str())
                .or_default()
                .push(p.container_id.as_ref());
        }
        for x in self.ctrs.values() {
            if x.origin != super::Origin::Cri
                || x.cri.get() != Some(ContainerState::Exited)
                || x.sandbox_id.is_none()
            {
                continue;
            }
            let Some(name) = x.labels.get("io.kubernetes.pod.name") else {
                continue;
            };
            if keep_by_name
                .get(name.as_str())
                .is_some_and(|keeps| keeps.iter().any(|k| *k != Some(&x.id)))
            {
                doomed_ctrs.push(x.id.clone());
            }
        }
        for sb in self.sandboxes.values() {
            if sb.state.get() != SandboxState::NotReady {
                continue;
            }
            let key = (sb.namespace.clone(), sb.name.clone());
            if self
                .pods
                .get(&key)
                .is_some_and(|p| p.sandbox_id.as_ref() != Some(&sb.id))
            {
                doomed_sbx.push(sb.id.clone());
            }
        }
        crate::order::sort(&mut doomed_ctrs);
        doomed_ctrs.dedup();
        crate::order::sort(&mut doomed_sbx);
        doomed_sbx.dedup();
        if doomed_ctrs.is_empty() && doomed_sbx.is_empty() {
            return;
        }
        self.emit(
            h(kubelet, kubelet, Iface::InProcess, "containerGC")
                .note("container GC (every minute): remove dead containers beyond one per container, and sandboxes no pod needs"),
        );
        for c in doomed_ctrs {
            if self.ctrs.get(&c).and_then(|x| x.cri.get()) != Some(ContainerState::Running) {
                let _ = self.cri_remove_container(kubelet, &c);
            }
        }
        for s in doomed_sbx {
            if self.sandboxes.get(&s).map(|x| x.state.get()) == Some(SandboxState::NotReady) {
                let _ = self.cri_remove_pod_sandbox(kubelet, &s);
            }
        }
    }

    /// `kubectl exec POD -- CMD`.
    pub(crate) fn kubectl_exec(
        &mut self,
        ns: &str,
        name: &str,
        cmd: &[String],
        tty: bool,
    ) -> Outcome {
        let key = (ns.to_string(), name.to_string());
        let q: String = cmd
            .iter()
            .map(|c| format!("command={}&", c.replace(' ', "+")))
            .collect();
        self.emit(
            h(Component::Kubectl, Component::KubeApiserver, Iface::K8sApi, format!("POST /api/v1/namespaces/{ns}/pods/{name}/exec?{q}container={name}&stdin={tty}&stdout=true&tty={tty}"))
                .note("kubectl upgrades the connection (WebSocket from 1.30, SPDY before) to the API server"),
        );
        let Some(p) = self.pods.get(&key).cloned() else {
            return Outcome::err(
                1,
                format!("Error from server (NotFound): pods \"{name}\" not found"),
            );
        };
        let Some(cid) = p.container_id.clone().filter(|c| {
            self.ctrs.get(c).and_then(|x| x.cri.get()) == Some(ContainerState::Running)
        }) else {
            return Outcome::err(
                1,
                format!("error: unable to upgrade connection: container not found (\"{name}\")"),
            );
        };
        self.emit(
            h(
                Component::KubeApiserver,
                Component::Kubelet,
                Iface::K8sApi,
                format!("POST /exec/{ns}/{name}/{name}"),
            )
            .note("the API server proxies to the kubelet's server on port 10250"),
        );
        let server = self.cri_server();
        let token = self.hex_id();
        let token = token.get(..8).unwrap_or("").to_string();
        self.emit(
            h(Component::Kubelet, server, Iface::Cri, "Exec")
                .note("the runtime prepares a streaming endpoint and returns its URL")
                .d("container_id", cid.clone())
                .d("cmd", cmd.to_vec())
                .d("tty", tty)
                .d("url", format!("http://127.0.0.1:35001/exec/{token}")),
        );
        self.emit(
            h(Component::Kubelet, server, Iface::Cri, format!("GET /exec/{token}"))
                .note("the kubelet proxies the stream to the runtime's streaming server (always, since 1.20)"),
        );
        let pid = self.ctrs.get(&cid).map(|c| c.pid).unwrap_or(0);
        let exec_id = self.hex_id();
        let exec_id = exec_id.get(..16).unwrap_or("").to_string();
        let exec_pid = self.pid();
        match self.cfg.runtime {
            crate::config::Runtime::CriO => {
                if let Some(mut inv) = self.invocation(&cid) {
                    inv.caller = Component::CriO;
                    self.emit(
                        h(Component::CriO, inv.bin, Iface::OciCli, "exec")
                            .note("CRI-O runs the runtime's exec itself for streaming exec")
                            .d(
                                "argv",
                                vec![
                                    inv.bin.id().to_string(),
                                    "--root".into(),
                                    inv.root.clone(),
                                    "exec".into(),
                                    "--process".into(),
                                    "/tmp/exec-process-XXXX".into(),
                                    cid.clone(),
                                ],
                            ),
                    );
                    self.exec_steps(inv.bin, pid, exec_pid, cmd);
                }
            }
            crate::config::Runtime::Dockershim | crate::config::Runtime::CriDockerd => {
                self.emit(h(
                    server,
                    Component::Dockerd,
                    Iface::DockerApi,
                    format!("POST /v1.47/containers/{}/exec", World::short(&cid)),
                ));
                self.emit(
                    h(
                        Component::Dockerd,
                        Component::ContainerdTasks,
                        Iface::ContainerdApi,
                        "Tasks.Exec",
                    )
                    .d("exec_id", exec_id.clone()),
                );
                self.shim_exec(&cid, &exec_id, pid, exec_pid, cmd);
            }
            _ => {
                self.emit(
                    h(
                        Component::ContainerdCri,
                        Component::ContainerdTasks,
                        Iface::InProcess,
                        "Tasks.Exec",
                    )
                    .d("exec_id", exec_id.clone())
                    .d("container_id", cid.clone()),
                );
                self.shim_exec(&cid, &exec_id, pid, exec_pid, cmd);
            }
        }
        let (stdout, code) = exec_output(cmd, &p);
        Outcome {
            exit: code,
            stdout,
            stderr: if code == 126 || code == 127 {
                format!("OCI runtime exec failed: exec failed: unable to start container process: exec: \"{}\": executable file not found in $PATH: unknown\ncommand terminated with exit code {code}\n", cmd.first().cloned().unwrap_or_default())
            } else {
                String::new()
            },
        }
    }

    pub(crate) fn shim_exec(
        &mut self,
        cid: &str,
        exec_id: &str,
        pid: u32,
        exec_pid: u32,
        cmd: &[String],
    ) {
        let Some(inv) = self.invocation(cid) else {
            return;
        };
        let shim = inv.caller;
        self.emit(
            h(Component::ContainerdTasks, shim, Iface::Ttrpc, "Exec")
                .d("id", cid)
                .d("exec_id", exec_id),
        );
        self.emit(
            h(Component::ContainerdTasks, shim, Iface::Ttrpc, "Start")
                .d("id", cid)
                .d("exec_id", exec_id),
        );
        self.emit(
            h(shim, inv.bin, Iface::OciCli, "exec")
                .note("the shim runs the runtime's exec with a process spec; runc enters every namespace of the container")
                .d("argv", vec![inv.bin.id().to_string(), "--root".into(), inv.root.clone(), "exec".into(), "--process".into(), format!("/tmp/runc-process{exec_id}"), "--detach".into(), "--pid-file".into(), format!("{}/{exec_id}.pid", inv.bundle), cid.to_string()]),
        );
        self.exec_steps(inv.bin, pid, exec_pid, cmd);
        self.emit(
            h(
                shim,
                Component::ContainerdEvents,
                Iface::Ttrpc,
                "Events.Forward",
            )
            .d("topic", "/tasks/exec-started")
            .d("exec_id", exec_id),
        );
    }

    pub(crate) fn exec_steps(&mut self, bin: Component, pid: u32, exec_pid: u32, cmd: &[String]) {
        let init = if bin == Component::Runc {
            Component::RuncInit
        } else {
            bin
        };
        if bin == Component::Runc {
            self.emit(
                h(
                    Component::Runc,
                    Component::RuncInit,
                    Iface::Exec,
                    "runc init",
                )
                .note("runc init again, this time to join an existing container"),
            );
        }
        self.emit(
            h(init, Component::Kernel, Iface::Syscall, "setns")
                .note(format!(
                    "join every namespace of the container's PID 1 (pid {pid})"
                ))
                .d(
                    "paths",
                    vec![
                        format!("/proc/{pid}/ns/ipc"),
                        format!("/proc/{pid}/ns/uts"),
                        format!("/proc/{pid}/ns/net"),
                        format!("/proc/{pid}/ns/pid"),
                        format!("/proc/{pid}/ns/mnt"),
                    ],
                ),
        );
        self.emit(
            h(init, Component::Kernel, Iface::Syscall, "execve")
                .note("the exec'd process runs beside PID 1, in the same cgroup")
                .d("argv", cmd.to_vec())
                .fx(
                    format!("process/{exec_pid}"),
                    Layer::Kernel,
                    None,
                    "running",
                ),
        );
    }

    /// `kubectl logs POD`.
    pub(crate) fn kubectl_logs(&mut self, ns: &str, name: &str, previous: bool) -> Outcome {
        let key = (ns.to_string(), name.to_string());
        self.emit(h(
            Component::Kubectl,
            Component::KubeApiserver,
            Iface::K8sApi,
            format!(
                "GET /api/v1/namespaces/{ns}/pods/{name}/log{}",
                if previous { "?previous=true" } else { "" }
            ),
        ));
        let Some(p) = self.pods.get(&key).cloned() else {
            return Outcome::err(
                1,
                format!("Error from server (NotFound): pods \"{name}\" not found"),
            );
        };
        self.emit(
            h(Component::KubeApiserver, Component::Kubelet, Iface::K8sApi, format!("GET /containerLogs/{ns}/{name}/{name}{}", if previous { "?previous=true" } else { "" }))
                .note("the API server proxies to the kubelet, which reads the CRI log file itself: no runtime call"),
        );
        let attempt = if previous {
            p.restarts.checked_sub(1)
        } else {
            Some(p.restarts)
        };
        let ctr = self
            .ctrs
            .values()
            .filter(|c| {
                c.labels.get("io.kubernetes.pod.name") == Some(&p.name)
                    && c.origin == super::Origin::Cri
            })
            .find(|c| Some(c.attempt) == attempt)
            .or_else(|| {
                if previous {
                    None
                } else {
                    p.container_id.as_ref().and_then(|c| self.ctrs.get(c))
                }
            })
            .cloned();
        let Some(c) = ctr else {
            let msg = if previous {
                format!("Error from server (BadRequest): previous terminated container \"{name}\" in pod \"{name}\" not found")
            } else {
                format!("Error from server (BadRequest): container \"{name}\" in pod \"{name}\" is waiting to start: ContainerCreating")
            };
            return Outcome::err(1, msg);
        };
        self.emit(
            h(
                Component::Kubelet,
                Component::Kernel,
                Iface::Syscall,
                "openat",
            )
            .note("CRI log format: <RFC3339Nano> <stdout|stderr> <P|F> <message>")
            .d(
                "path",
                format!(
                    "/var/log/pods/{ns}_{name}_{}/{name}/{}.log",
                    p.uid, c.attempt
                ),
            ),
        );
        let mut out = String::new();
        for (_, _, l) in &c.logs {
            out.push_str(l);
            out.push('\n');
        }
        Outcome::ok(out)
    }
}

/// The default image pull policy for an image reference.
pub(crate) fn pull_policy(image: &str) -> &'static str {
    let last = image.rsplit('/').next().unwrap_or(image);
    if image.contains('@') {
        "IfNotPresent"
    } else if !last.contains(':') || last.ends_with(":latest") {
        "Always"
    } else {
        "IfNotPresent"
    }
}

/// The STATUS column of `kubectl get pods`.
pub(crate) fn kubectl_status(v: &ContainerView, deleting: bool) -> String {
    if deleting {
        return "Terminating".to_string();
    }
    match v {
        ContainerView::Waiting { reason } => reason.clone(),
        ContainerView::Running { .. } => "Running".to_string(),
        ContainerView::Terminated { reason, .. } => reason.clone(),
    }
}

fn exec_output(cmd: &[String], p: &Pod) -> (String, i32) {
    let prog = cmd
        .first()
        .map(|s| s.rsplit('/').next().unwrap_or(s))
        .unwrap_or("");
    match prog {
        "echo" => (format!("{}\n", cmd[1..].join(" ")), 0),
        "hostname" => (format!("{}\n", p.name), 0),
        "id" | "whoami" => ("uid=0(root) gid=0(root) groups=0(root)\n".to_string(), 0),
        "ls" => ("bin\ndev\netc\nhome\nproc\nroot\nsys\ntmp\nusr\nvar\n".to_string(), 0),
        "nginx" if cmd.get(1).map(String::as_str) == Some("-v") => (String::new(), 0),
        "ps" => ("PID   USER     TIME  COMMAND\n    1 root      0:00 nginx: master process nginx -g daemon off;\n".to_string(), 0),
        "cat" if cmd.get(1).map(String::as_str) == Some("/etc/hostname") => (format!("{}\n", p.name), 0),
        "sh" | "bash" | "true" | "env" | "cat" | "date" | "uname" => (String::new(), 0),
        "false" => (String::new(), 1),
        _ => (String::new(), 127),
    }
}
