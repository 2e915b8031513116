//! The control plane and the kubelet (reference §1.6 and S1). Here the API
//! server and the scheduler: `kubectl run` (store, bind, the kubelet's watch),
//! pod events and graceful deletion; the kubelet's pod worker, its container
//! GC and exec/logs in the submodules (its PLEG is `engine::pleg`).

mod exec;
mod gc;
mod kubelet;
mod overrides;
mod volumes;

pub(crate) use overrides::overrides;
pub(crate) use volumes::SA_MOUNT_PATH;

use super::{h, Outcome, Pod, World, NODE};
use crate::lifecycle::kubelet::{Backoff, ContainerView, PodPhase, RestartPolicy};
use crate::trace::{Component, Iface, Layer};

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
    /// `spec.runtimeClassName`.
    pub runtime_class: Option<String>,
}

pub(crate) type Key = (String, String);

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
            .d("restartPolicy", spec.restart.as_str())
            .d_opt("runtimeClassName", spec.runtime_class.clone()),
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
        let sa_volume = self.admit_service_account(&spec.namespace, &uid);
        if let Some(rc) = &spec.runtime_class {
            let offered = self.cfg.oci.runtime_class().filter(|(name, _)| name == rc);
            let b = h(
                Component::KubeApiserver,
                Component::KubeApiserver,
                Iface::InProcess,
                "RuntimeClass.Admit",
            )
            .d("runtimeClassName", rc.clone());
            match offered {
                Some((_, handler)) => self.emit(
                    b.note(format!("the RuntimeClass admission plugin finds RuntimeClass {rc} (handler {handler}); it has no overhead or scheduling to copy into the pod"))
                        .d("handler", handler),
                ),
                None => {
                    self.emit(b.note(format!("the RuntimeClass admission plugin finds no RuntimeClass {rc} in the cluster: the pod is rejected before it is stored")));
                    return Outcome::err(
                        1,
                        format!(
                            "Error from server (Forbidden): pods \"{}\" is forbidden: pod rejected: RuntimeClass \"{rc}\" not found",
                            spec.name
                        ),
                    );
                }
            }
        }
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
            runtime_class: spec.runtime_class,
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
            sa_volume,
            volumes_mounted: false,
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
        self.register_pod_objects(&key);
        let slice = self.pod_slice(&uid);
        self.emit(
            h(Component::Kubelet, Component::Kubelet, Iface::InProcess, "SyncPod")
                .note("Kubelet.SyncPod: the pod cgroup, volumes (the service-account token), then the runtime manager")
                .d("cgroup", slice.rsplit('/').next().unwrap_or_default().to_string()),
        );
        self.sync_pod(&key);
        let mut out = Outcome::ok(format!("pod/{} created\n", key.1));
        out.exit = 0;
        out
    }

    fn pod_event(&mut self, key: &Key, ty: &'static str, reason: &'static str, msg: String) {
        let now = self.now_ms;
        // kube-scheduler records through client-go's events library, which
        // writes events.k8s.io/v1 Events (with an action); the kubelet still
        // uses the core/v1 recorder.
        let hop = if reason == "Scheduled" {
            h(
                Component::KubeScheduler,
                Component::KubeApiserver,
                Iface::K8sApi,
                format!("POST /apis/events.k8s.io/v1/namespaces/{}/events", key.0),
            )
            .note(format!("event {reason}: {msg}"))
            .d("reason", reason)
            .d("action", "Binding")
            .d("type", ty)
        } else {
            h(
                Component::Kubelet,
                Component::KubeApiserver,
                Iface::K8sApi,
                format!("POST /api/v1/namespaces/{}/events", key.0),
            )
            .note(format!("event {reason}: {msg}"))
            .d("reason", reason)
            .d("type", ty)
        };
        self.emit(hop);
        if let Some(p) = self.pods.get_mut(key) {
            p.events.push((now, ty, reason, msg));
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
