//! The control plane and the kubelet (reference §1.6 and S1). Here the API
//! server and the scheduler: `kubectl run` (store, bind, the kubelet's watch),
//! pod events and graceful deletion; the kubelet's pod worker, its container
//! GC and exec/logs in the submodules (its PLEG is `engine::pleg`).

pub(crate) mod controllers;
mod exec;
mod gc;
mod kubelet;
pub(crate) mod manifest;
mod node_status;
pub(crate) mod objects;
mod overrides;
mod volumes;
pub(crate) mod workloads;
pub(crate) mod yaml_read;

pub(crate) use overrides::{overrides, OverridesError};
pub(crate) use volumes::SA_MOUNT_PATH;

use super::{h, Outcome, Pod, World, NODE};
use crate::lifecycle::kubelet::{Backoff, ContainerView, PodPhase, RestartPolicy};
use crate::msg;
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
        let path = format!("/api/v1/namespaces/{}/pods", spec.namespace);
        self.emit(
            h(
                Component::Kubectl,
                Component::KubeApiserver,
                Iface::K8sApi,
                format!("POST {path}"),
            )
            .note(msg!("kube-run-post", pod = &spec.name))
            .d("image", spec.image.clone())
            .d("imagePullPolicy", pull_policy(&spec.image))
            .d("restartPolicy", spec.restart.as_str())
            .d_opt("runtimeClassName", spec.runtime_class.clone()),
        );
        self.create_pod(spec)
    }

    /// What the API server does with a new pod (from `kubectl run` or a
    /// ReplicaSet controller's create): admission, storage, the
    /// scheduler's binding, the kubelet's watch and sync.
    pub(crate) fn create_pod(&mut self, spec: PodSpec) -> Outcome {
        if let Some(why) = dns_subdomain_error(&spec.name) {
            return Outcome::err(
                1,
                format!(
                    "The Pod \"{0}\" is invalid: metadata.name: Invalid value: \"{0}\": {why}",
                    spec.name
                ),
            );
        }
        let key = (spec.namespace.clone(), spec.name.clone());
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
                    b.note(msg!(
                        "kube-runtimeclass-found",
                        runtime_class = rc,
                        handler = handler
                    ))
                    .d("handler", handler),
                ),
                None => {
                    self.emit(b.note(msg!("kube-runtimeclass-missing", runtime_class = rc)));
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
            .note(msg!("kube-etcd-persist"))
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
        if self.node.object.unschedulable {
            // The scheduler finds no node: the only one is cordoned.
            let why = if self.cfg.k8s.0 >= 24 {
                "0/1 nodes are available: 1 node(s) were unschedulable. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.."
            } else {
                "0/1 nodes are available: 1 node(s) were unschedulable."
            };
            self.pod_event(&key, "Warning", "FailedScheduling", why.to_string());
            // No container status yet: kubectl shows the phase.
            if let Some(p) = self.pods.get_mut(&key) {
                p.view = ContainerView::Waiting {
                    reason: "Pending".to_string(),
                };
            }
        } else {
            self.bind_and_sync(&key);
        }
        let mut out = Outcome::ok(format!("pod/{} created\n", key.1));
        out.exit = 0;
        out
    }

    /// The scheduler binds a Pending pod to the node; the kubelet's watch
    /// sees it and syncs it.
    pub(crate) fn bind_and_sync(&mut self, key: &(String, String)) {
        let key = key.clone();
        if let Some(p) = self.pods.get_mut(&key) {
            p.view = ContainerView::Waiting {
                reason: "ContainerCreating".to_string(),
            };
        }
        self.emit(
            h(
                Component::KubeScheduler,
                Component::KubeApiserver,
                Iface::K8sApi,
                format!("POST /api/v1/namespaces/{}/pods/{}/binding", key.0, key.1),
            )
            .note(msg!("kube-bind", node = NODE))
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
            .note(msg!("kube-watch-pod")),
        );
        self.register_pod_objects(&key);
        let slice = self.pod_slice(&uid);
        self.emit(
            h(
                Component::Kubelet,
                Component::Kubelet,
                Iface::InProcess,
                "SyncPod",
            )
            .note(msg!("kube-syncpod"))
            .d(
                "cgroup",
                slice.rsplit('/').next().unwrap_or_default().to_string(),
            ),
        );
        self.sync_pod(&key);
    }

    fn pod_event(&mut self, key: &Key, ty: &'static str, reason: &'static str, msg: String) {
        let now = self.now_ms;
        // kube-scheduler records through client-go's events library, which
        // writes events.k8s.io/v1 Events (with an action); the kubelet still
        // uses the core/v1 recorder.
        let hop = if reason == "Scheduled" || reason == "FailedScheduling" {
            h(
                Component::KubeScheduler,
                Component::KubeApiserver,
                Iface::K8sApi,
                format!("POST /apis/events.k8s.io/v1/namespaces/{}/events", key.0),
            )
            .note(msg!("kube-event", reason = reason, message = &msg))
            .d("reason", reason)
            .d(
                "action",
                if reason == "Scheduled" {
                    "Binding"
                } else {
                    "Scheduling"
                },
            )
            .d("type", ty)
        } else {
            h(
                Component::Kubelet,
                Component::KubeApiserver,
                Iface::K8sApi,
                format!("POST /api/v1/namespaces/{}/events", key.0),
            )
            .note(msg!("kube-event", reason = reason, message = &msg))
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
            h(
                Component::Kubectl,
                Component::KubeApiserver,
                Iface::K8sApi,
                format!("DELETE /api/v1/namespaces/{ns}/pods/{name}"),
            )
            .note(msg!("kube-delete", grace = grace))
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
            .note(msg!("kube-watch-update")),
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

#[cfg(test)]
mod tests {
    use crate::message::{Catalog, Lang};
    use crate::msg;

    #[test]
    fn kube_messages_read_in_korean() {
        let ko = Catalog::builtin(Lang::Ko);
        assert_eq!(
            ko.render(&msg!("kube-run-post", pod = "web")),
            "kubectl이 컨트롤러 없는 단독 파드 web을 만든다(레이블 run=web). kubectl은 노드와 직접 통신하지 않는다"
        );
        assert_eq!(
            ko.render(&msg!("kube-runtimeclass-missing", runtime_class = "kata")),
            "RuntimeClass 어드미션 플러그인이 클러스터에서 런타임클래스 kata를 찾지 못한다. 파드는 저장되기 전에 거부된다"
        );
        assert_eq!(
            ko.render(&msg!("reg-not-found", host = "docker.io")),
            "docker.io가 404로 답한다. 그런 리포지터리나 태그가 없다"
        );
        assert_eq!(
            ko.render(&msg!("kube-delete", grace = 30u64)),
            "정상 삭제(graceful deletion): API 서버가 deletionTimestamp를 설정하고 유예 기간을 30초로 둔다"
        );
    }

    #[test]
    fn kube_messages_keep_their_english() {
        let en = Catalog::english();
        assert_eq!(
            en.render(&msg!(
                "kube-event",
                reason = "BackOff",
                message = "Back-off restarting failed container"
            )),
            "event BackOff: Back-off restarting failed container"
        );
        assert_eq!(
            en.render(&msg!("reg-layer", n = 2u32, total = 7u32)),
            "layer 2 of 7 (gzip tar); digest verified while it streams"
        );
    }
}

/// Why a name is not a DNS-1123 subdomain, in apimachinery's words
/// (`validation.IsDNS1123Subdomain`, what the API server checks a pod's
/// name against), or `None` when it is one.
pub(crate) fn dns_subdomain_error(name: &str) -> Option<String> {
    if name.len() > 253 {
        return Some("must be no more than 253 characters".to_string());
    }
    let label_ok = |l: &str| {
        let b = l.as_bytes();
        !b.is_empty()
            && b.iter()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'-')
            && b[0] != b'-'
            && b[b.len() - 1] != b'-'
    };
    if name.split('.').all(label_ok) {
        return None;
    }
    Some("a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')".to_string())
}

#[cfg(test)]
mod name_tests {
    use super::dns_subdomain_error;

    #[test]
    fn pod_names_are_dns_subdomains() {
        for ok in ["web", "web-1", "a.b-c", "0"] {
            assert_eq!(dns_subdomain_error(ok), None, "{ok}");
        }
        for bad in ["Web_X", "-a", "a-", "a..b", "", "web-{1..2}"] {
            assert!(dns_subdomain_error(bad).is_some(), "{bad}");
        }
        assert!(dns_subdomain_error(&"a".repeat(254)).is_some_and(|w| w.contains("253")));
    }
}
