//! The API objects beyond Pods that the API server stores for the
//! simulated cluster: Deployments, ReplicaSets, the owner and labels of the
//! Pods a ReplicaSet made, Events the controllers record, and the
//! Namespaces and ConfigMaps `kubectl apply -f` creates.

use litemap::LiteMap;

use super::Key;

/// A Pod template (`spec.template` of a Deployment or a ReplicaSet): one
/// container, as `kubectl create deployment --image` makes it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct Template {
    /// `metadata.labels` (the Deployment's selector: `app=NAME`).
    pub labels: Vec<(String, String)>,
    /// The container's name (`kubectl create deployment`: the image's
    /// last path element without tag).
    pub container: String,
    pub image: String,
    pub command: Vec<String>,
    pub args: Vec<String>,
    pub port: Option<u16>,
    /// `resources.limits` (`cpu`, `memory`), as written.
    pub limits: Vec<(String, String)>,
    /// `resources.requests`, as written.
    pub requests: Vec<(String, String)>,
    /// `imagePullPolicy` when the manifest sets it (else the default for
    /// the image: [`super::pull_policy`]).
    pub pull_policy: Option<String>,
}

impl Template {
    /// The canonical text the pod-template-hash is computed over (stands
    /// for the Go struct `controller.ComputeHash` prints with `%#v`).
    fn canonical(&self) -> String {
        let mut s = format!(
            "{:?}|{}|{}|{:?}|{:?}|{:?}|{:?}|{:?}",
            self.labels,
            self.container,
            self.image,
            self.command,
            self.args,
            self.port,
            self.limits,
            self.requests
        );
        if let Some(p) = &self.pull_policy {
            s.push('|');
            s.push_str(p);
        }
        s
    }

    /// `pod-template-hash`: FNV-32a over the template and the collision
    /// count, its decimal printed through `rand.SafeEncodeString`
    /// (k8s.io/kubernetes `pkg/controller.ComputeHash`).
    pub(crate) fn hash(&self) -> String {
        let mut h: u32 = 0x811c_9dc5;
        for b in self.canonical().bytes() {
            h ^= u32::from(b);
            h = h.wrapping_mul(0x0100_0193);
        }
        safe_encode(&h.to_string())
    }

    /// A limit or request by resource name.
    pub(crate) fn quantity(list: &[(String, String)], key: &str) -> Option<String> {
        list.iter()
            .rev()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
    }

    /// The memory limit in bytes.
    pub(crate) fn memory_limit(&self) -> Option<u64> {
        Template::quantity(&self.limits, "memory")
            .and_then(|v| crate::command::units::parse_memory_bytes(&v).ok())
    }
}

/// `k8s.io/apimachinery/pkg/util/rand` alphanums (no vowels, no 0/1/3).
pub(crate) const ALPHANUMS: &[u8] = b"bcdfghjklmnpqrstvwxz2456789";

/// `rand.SafeEncodeString`: each byte to one of [`ALPHANUMS`].
pub(crate) fn safe_encode(s: &str) -> String {
    s.bytes()
        .map(|b| char::from(ALPHANUMS[usize::from(b) % ALPHANUMS.len()]))
        .collect()
}

/// An `apps/v1` Deployment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Deployment {
    pub namespace: String,
    pub name: String,
    pub uid: String,
    pub created_ms: u64,
    /// `metadata.generation`: bumped by every spec change.
    pub generation: i64,
    /// `status.observedGeneration`.
    pub observed: i64,
    /// `spec.replicas`.
    pub replicas: i32,
    pub template: Template,
    /// `deployment.kubernetes.io/revision` of the newest ReplicaSet.
    pub revision: u32,
    /// When the controller last made progress (for the progress deadline).
    pub progress_ms: u64,
}

/// An `apps/v1` ReplicaSet owned by a Deployment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ReplicaSet {
    pub namespace: String,
    pub name: String,
    pub uid: String,
    pub created_ms: u64,
    /// The owning Deployment's name.
    pub owner: String,
    pub hash: String,
    pub template: Template,
    /// `spec.replicas`.
    pub replicas: i32,
    pub revision: u32,
}

/// What the API server knows about a Pod a ReplicaSet made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PodOwner {
    /// The ReplicaSet's name.
    pub replicaset: String,
    pub template: Template,
    pub hash: String,
}

/// A core/v1 Event recorded by a controller (the kubelet's and the
/// scheduler's stay on their Pod).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Event {
    pub namespace: String,
    pub at_ms: u64,
    pub kind: &'static str,
    pub name: String,
    pub ty: &'static str,
    pub reason: &'static str,
    pub from: &'static str,
    pub message: String,
}

/// Everything in this module, one field of the World.
#[derive(Debug, Clone, Default)]
pub(crate) struct Objects {
    pub deployments: crate::snapshot::Map<Key, Deployment>,
    pub replicasets: crate::snapshot::Map<Key, ReplicaSet>,
    pub pod_owner: crate::snapshot::Map<Key, PodOwner>,
    pub events: Vec<Event>,
    /// Namespaces made with `kubectl apply` / `create namespace`, with
    /// their creation time.
    pub namespaces: LiteMap<String, u64>,
    /// ConfigMaps: data keys and values.
    pub configmaps: LiteMap<Key, Vec<(String, String)>>,
    /// The last-applied text of each object `kubectl apply` wrote, by
    /// (kind, namespace, name): `unchanged` when it is the same.
    pub applied: LiteMap<(String, String, String), String>,
    /// Whether the controllers' resync timer is armed.
    pub resync_armed: bool,
}

impl crate::engine::World {
    /// The name of a Pod's (one) container: its template's, else the
    /// Pod's own (`kubectl run` names the container after the Pod).
    pub(crate) fn pod_container_name(&self, key: &Key) -> String {
        self.kobj
            .pod_owner
            .get(key)
            .map(|o| o.template.container.clone())
            .filter(|c| !c.is_empty())
            .unwrap_or_else(|| key.1.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hash_uses_the_safe_alphabet_and_changes_with_the_template() {
        let t = Template {
            container: "nginx".into(),
            image: "nginx".into(),
            ..Template::default()
        };
        let a = t.hash();
        assert!(!a.is_empty() && a.len() <= 10);
        assert!(a.bytes().all(|b| ALPHANUMS.contains(&b)));
        let mut u = t.clone();
        u.limits.push(("memory".into(), "200Mi".into()));
        assert_ne!(a, u.hash());
        assert_eq!(a, t.hash());
        assert_eq!(u.memory_limit(), Some(200 << 20));
    }
}
