//! kube-controller-manager's Deployment and ReplicaSet controllers
//! (k8s.io/kubernetes `pkg/controller/deployment`, `pkg/controller/replicaset`).
//!
//! A Deployment owns one ReplicaSet per Pod template (`NAME-<pod-template-hash>`);
//! a ReplicaSet makes and deletes Pods (`RS-<5 random characters>`) until it
//! has `spec.replicas` of them; a template change rolls out with the default
//! RollingUpdate strategy (maxSurge 25% rounded up, maxUnavailable 25%
//! rounded down). The Pods go through the API server's `create_pod` (the
//! scheduler's binding, the kubelet's watch), as `kubectl run`'s do.
//!
//! The controller-manager is not a component of the model's topology: its
//! requests are drawn where the API server serves them (an in-process hop
//! of the API server whose note names the controller), then as the API
//! server's etcd writes.

use rand_core::RngCore;

use super::objects::{Event, PodOwner, ReplicaSet, Template, ALPHANUMS};
use super::{Key, PodSpec};
use crate::engine::{h, Timer, World, NODE};
use crate::lifecycle::kubelet::RestartPolicy;
use crate::msg;
use crate::trace::{Component, Iface};

/// `progressDeadlineSeconds`' default.
pub(crate) const PROGRESS_DEADLINE_MS: u64 = 600_000;

/// A Deployment's status as the controller computes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct DeploymentStatus {
    /// Pods of all its ReplicaSets that are not being deleted.
    pub replicas: i32,
    /// Of those, the newest ReplicaSet's.
    pub updated: i32,
    /// Ready Pods (minReadySeconds 0: available).
    pub available: i32,
    pub ready: i32,
}

/// maxSurge and maxUnavailable of 25% for `replicas`
/// (`deploymentutil.ResolveFenceposts`).
pub(crate) fn fenceposts(replicas: i32) -> (i32, i32) {
    let surge = (replicas * 25 + 99) / 100;
    let unavailable = replicas * 25 / 100;
    if surge == 0 && unavailable == 0 {
        (0, 1)
    } else {
        (surge, unavailable)
    }
}

impl World {
    /// The Pods of a ReplicaSet that are not being deleted, with whether
    /// each is ready.
    pub(crate) fn rs_pods(&self, ns: &str, rs: &str) -> Vec<(Key, bool)> {
        self.kobj
            .pod_owner
            .iter()
            .filter(|(k, o)| k.0 == ns && o.replicaset == rs)
            .filter_map(|(k, _)| {
                let p = self.pods.get(k)?;
                (p.deleting.is_none()).then(|| (k.clone(), p.ready))
            })
            .collect()
    }

    /// The ReplicaSets a Deployment owns, oldest revision first.
    pub(crate) fn owned_replicasets(&self, ns: &str, deploy: &str) -> Vec<ReplicaSet> {
        let mut v: Vec<ReplicaSet> = self
            .kobj
            .replicasets
            .iter()
            .filter(|(k, rs)| k.0 == ns && rs.owner == deploy)
            .map(|(_, rs)| rs.clone())
            .collect();
        crate::order::sort_by_key(&mut v, |rs| rs.revision);
        v
    }

    /// A Deployment's status (`calculateStatus`).
    pub(crate) fn deployment_status(&self, key: &Key) -> DeploymentStatus {
        let Some(d) = self.kobj.deployments.get(key) else {
            return DeploymentStatus::default();
        };
        let new_name = format!("{}-{}", d.name, d.template.hash());
        let mut s = DeploymentStatus::default();
        for rs in self.owned_replicasets(&key.0, &key.1) {
            let pods = self.rs_pods(&key.0, &rs.name);
            let n = i32::try_from(pods.len()).unwrap_or(i32::MAX);
            let ready = i32::try_from(pods.iter().filter(|p| p.1).count()).unwrap_or(i32::MAX);
            s.replicas += n;
            s.ready += ready;
            s.available += ready;
            if rs.name == new_name {
                s.updated += n;
            }
        }
        s
    }

    /// Whether a Deployment's rollout is complete.
    pub(crate) fn deployment_complete(&self, key: &Key) -> bool {
        let Some(d) = self.kobj.deployments.get(key) else {
            return true;
        };
        let s = self.deployment_status(key);
        s.updated == d.replicas && s.replicas == d.replicas && s.available == d.replicas
    }

    /// The controllers react to a change (their informers' watch events)
    /// and, while some rollout is not complete, keep re-syncing.
    pub(crate) fn run_controllers(&mut self) {
        self.kobj.resync_armed = false;
        if self.kobj.deployments.is_empty() && self.kobj.replicasets.is_empty() {
            return;
        }
        let gone: Vec<Key> = self
            .kobj
            .pod_owner
            .keys()
            .filter(|k| !self.pods.contains_key(*k))
            .cloned()
            .collect();
        for k in gone {
            self.kobj.pod_owner.remove(&k);
        }
        let deploys: Vec<Key> = self.kobj.deployments.keys().cloned().collect();
        for k in &deploys {
            self.sync_deployment(k);
        }
        let sets: Vec<Key> = self.kobj.replicasets.keys().cloned().collect();
        for k in &sets {
            self.sync_replicaset(k);
        }
        // Scaling old ReplicaSets down waits on new Pods becoming available.
        for k in &deploys {
            self.sync_deployment(k);
        }
        for k in &sets {
            self.sync_replicaset(k);
        }
        let settled = deploys.iter().all(|k| self.deployment_complete(k));
        if !settled {
            self.kobj.resync_armed = true;
            // Half-way between two PLEG relists (a timer on a whole second
            // would run instead of that second's relist).
            let delay = 1500 - self.now_ms % 1000;
            self.at(delay, Timer::Controllers);
        }
    }

    /// The Deployment controller's `sync` for one Deployment:
    /// `getNewReplicaSet`, then `rolloutRolling`.
    fn sync_deployment(&mut self, key: &Key) {
        let Some(d) = self.kobj.deployments.get(key).cloned() else {
            return;
        };
        let hash = d.template.hash();
        let new_name = format!("{}-{hash}", d.name);
        let owned = self.owned_replicasets(&key.0, &key.1);
        let (surge, unavailable) = fenceposts(d.replicas);
        let total: i32 = owned.iter().map(|rs| rs.replicas).sum();
        let new_key = (key.0.clone(), new_name.clone());
        if !self.kobj.replicasets.contains_key(&new_key) {
            let revision = owned.iter().map(|rs| rs.revision).max().unwrap_or(0) + 1;
            let old_active = owned.iter().any(|rs| rs.replicas > 0);
            let replicas = if old_active {
                (d.replicas + surge - total).clamp(0, d.replicas)
            } else {
                d.replicas
            };
            let uid = self.uuid();
            let mut template = d.template.clone();
            template
                .labels
                .push(("pod-template-hash".to_string(), hash.clone()));
            self.emit(
                h(
                    Component::KubeApiserver,
                    Component::KubeApiserver,
                    Iface::InProcess,
                    format!("POST /apis/apps/v1/namespaces/{}/replicasets", key.0),
                )
                .note(msg!(
                    "kubectl-ctrl-rs-create",
                    deployment = &d.name,
                    replicaset = &new_name,
                    hash = &hash
                ))
                .d("pod-template-hash", hash.clone())
                .d("revision", revision),
            );
            self.emit(
                h(
                    Component::KubeApiserver,
                    Component::Etcd,
                    Iface::Etcd,
                    "KV/Txn",
                )
                .d("key", format!("/registry/replicasets/{}/{new_name}", key.0)),
            );
            self.kobj.replicasets.insert(
                new_key.clone(),
                ReplicaSet {
                    namespace: key.0.clone(),
                    name: new_name.clone(),
                    uid,
                    created_ms: self.now_ms,
                    owner: d.name.clone(),
                    hash,
                    template,
                    replicas,
                    revision,
                },
            );
            if let Some(dd) = self.kobj.deployments.get_mut(key) {
                dd.revision = revision;
                dd.observed = dd.generation;
                dd.progress_ms = self.now_ms;
            }
            // getNewReplicaSet's event has no "from".
            if replicas > 0 {
                self.record_event(
                    &key.0,
                    "Deployment",
                    &key.1,
                    "ScalingReplicaSet",
                    "deployment-controller",
                    format!("Scaled up replica set {new_name} to {replicas}"),
                );
            }
            return;
        }
        if let Some(dd) = self.kobj.deployments.get_mut(key) {
            dd.observed = dd.generation;
        }
        let new_rs = self.kobj.replicasets.get(&new_key).cloned();
        let Some(new_rs) = new_rs else { return };
        let olds: Vec<ReplicaSet> = owned
            .into_iter()
            .filter(|rs| rs.name != new_name && rs.replicas > 0)
            .collect();
        if olds.is_empty() {
            if new_rs.replicas != d.replicas {
                self.scale_replicaset(key, &new_key, d.replicas);
            }
            return;
        }
        // reconcileNewReplicaSet
        if new_rs.replicas < d.replicas {
            let up = (d.replicas + surge - total).min(d.replicas - new_rs.replicas);
            if up > 0 {
                self.scale_replicaset(key, &new_key, new_rs.replicas + up);
                return;
            }
        } else if new_rs.replicas > d.replicas {
            self.scale_replicaset(key, &new_key, d.replicas);
            return;
        }
        // reconcileOldReplicaSets
        let new_rs = self
            .kobj
            .replicasets
            .get(&new_key)
            .cloned()
            .unwrap_or(new_rs);
        let new_pods = self.rs_pods(&key.0, &new_rs.name);
        let new_avail = i32::try_from(new_pods.iter().filter(|p| p.1).count()).unwrap_or(0);
        let min_available = d.replicas - unavailable;
        let all_pods: i32 = self
            .owned_replicasets(&key.0, &key.1)
            .iter()
            .map(|rs| i32::try_from(self.rs_pods(&key.0, &rs.name).len()).unwrap_or(0))
            .sum();
        let new_unavailable = new_rs.replicas - new_avail;
        let mut max_down = all_pods - min_available - new_unavailable;
        if max_down <= 0 {
            return;
        }
        // cleanupUnhealthyReplicas, then scaleDownOldReplicaSetsForRollingUpdate.
        for rs in &olds {
            if max_down <= 0 {
                break;
            }
            let pods = self.rs_pods(&key.0, &rs.name);
            let avail = i32::try_from(pods.iter().filter(|p| p.1).count()).unwrap_or(0);
            let unhealthy = (rs.replicas - avail).min(max_down);
            if unhealthy > 0 {
                let k = (key.0.clone(), rs.name.clone());
                self.scale_replicaset(key, &k, rs.replicas - unhealthy);
                max_down -= unhealthy;
            }
        }
        let status = self.deployment_status(key);
        let mut down = status.available - min_available;
        for rs in &olds {
            if down <= 0 {
                break;
            }
            let k = (key.0.clone(), rs.name.clone());
            let cur = self
                .kobj
                .replicasets
                .get(&k)
                .map(|r| r.replicas)
                .unwrap_or(0);
            let by = cur.min(down);
            if by > 0 {
                self.scale_replicaset(key, &k, cur - by);
                down -= by;
            }
        }
    }

    /// The Deployment controller sets a ReplicaSet's `spec.replicas`.
    fn scale_replicaset(&mut self, deploy: &Key, rs: &Key, to: i32) {
        let Some(from) = self.kobj.replicasets.get(rs).map(|r| r.replicas) else {
            return;
        };
        if from == to {
            return;
        }
        self.emit(
            h(
                Component::KubeApiserver,
                Component::KubeApiserver,
                Iface::InProcess,
                format!("PUT /apis/apps/v1/namespaces/{}/replicasets/{}", rs.0, rs.1),
            )
            .note(msg!(
                "kubectl-ctrl-rs-scale",
                replicaset = &rs.1,
                from = from,
                to = to
            ))
            .d("replicas", to),
        );
        self.emit(
            h(
                Component::KubeApiserver,
                Component::Etcd,
                Iface::Etcd,
                "KV/Txn",
            )
            .d("key", format!("/registry/replicasets/{}/{}", rs.0, rs.1)),
        );
        if let Some(r) = self.kobj.replicasets.get_mut(rs) {
            r.replicas = to;
        }
        if let Some(d) = self.kobj.deployments.get_mut(deploy) {
            d.progress_ms = self.now_ms;
        }
        self.deployment_event(
            deploy,
            if to > from { "up" } else { "down" },
            &rs.1,
            to,
            from,
        );
    }

    fn deployment_event(&mut self, deploy: &Key, op: &str, rs: &str, to: i32, from: i32) {
        // `Scaled up replica set … to N from M` (kubernetes ≥ 1.26; before,
        // without "from").
        let message = if self.cfg.k8s.0 >= 26 {
            format!("Scaled {op} replica set {rs} to {to} from {from}")
        } else {
            format!("Scaled {op} replica set {rs} to {to}")
        };
        self.record_event(
            &deploy.0,
            "Deployment",
            &deploy.1,
            "ScalingReplicaSet",
            "deployment-controller",
            message,
        );
    }

    /// A controller's Event (`POST /api/v1/namespaces/NS/events`).
    pub(crate) fn record_event(
        &mut self,
        ns: &str,
        kind: &'static str,
        name: &str,
        reason: &'static str,
        from: &'static str,
        message: String,
    ) {
        self.emit(
            h(
                Component::KubeApiserver,
                Component::Etcd,
                Iface::Etcd,
                "KV/Txn",
            )
            .note(msg!("kube-event", reason = reason, message = &message))
            .d("key", format!("/registry/events/{ns}/{name}"))
            .d("reason", reason),
        );
        self.kobj.events.push(Event {
            namespace: ns.to_string(),
            at_ms: self.now_ms,
            kind,
            name: name.to_string(),
            ty: "Normal",
            reason,
            from,
            message,
        });
    }

    /// The ReplicaSet controller's `syncReplicaSet`: `manageReplicas`.
    fn sync_replicaset(&mut self, key: &Key) {
        let Some(rs) = self.kobj.replicasets.get(key).cloned() else {
            return;
        };
        let pods = self.rs_pods(&key.0, &key.1);
        let have = i32::try_from(pods.len()).unwrap_or(i32::MAX);
        if have < rs.replicas {
            for _ in have..rs.replicas {
                let name = self.pod_name(&rs.name);
                self.replicaset_create_pod(&rs, &name);
            }
        } else if have > rs.replicas {
            // getPodsToDelete: not-ready Pods first, then the newest.
            let mut ranked: Vec<(Key, bool, u64)> = pods
                .iter()
                .map(|(k, ready)| {
                    let created = self.pods.get(k).map(|p| p.created_ms).unwrap_or(0);
                    (k.clone(), *ready, created)
                })
                .collect();
            crate::order::sort_by_key(&mut ranked, |(_, ready, created)| {
                (*ready, u64::MAX - *created)
            });
            let n = usize::try_from(have - rs.replicas).unwrap_or(0);
            for (k, _, _) in ranked.into_iter().take(n) {
                self.delete_owned_pod(&rs, &k, false);
            }
        }
    }

    /// `RS-<5 random characters>` (`names.SimpleNameGenerator`), unused.
    fn pod_name(&mut self, rs: &str) -> String {
        loop {
            let mut s = String::with_capacity(5);
            for _ in 0..5 {
                let i = self.rng.next_u32() as usize % ALPHANUMS.len();
                s.push(char::from(ALPHANUMS.get(i).copied().unwrap_or(b'x')));
            }
            let name = format!("{rs}-{s}");
            if !self.pods.keys().any(|(_, n)| *n == name) {
                return name;
            }
        }
    }

    fn replicaset_create_pod(&mut self, rs: &ReplicaSet, name: &str) {
        self.emit(
            h(
                Component::KubeApiserver,
                Component::KubeApiserver,
                Iface::InProcess,
                format!("POST /api/v1/namespaces/{}/pods", rs.namespace),
            )
            .note(msg!(
                "kubectl-ctrl-pod-create",
                replicaset = &rs.name,
                pod = name
            ))
            .d("generateName", format!("{}-", rs.name))
            .d("image", rs.template.image.clone()),
        );
        let t = &rs.template;
        let spec = PodSpec {
            namespace: rs.namespace.clone(),
            name: name.to_string(),
            image: t.image.clone(),
            command: t.command.clone(),
            args: t.args.clone(),
            restart: RestartPolicy::Always,
            memory_limit: t.memory_limit(),
            port: t.port,
            runtime_class: None,
        };
        let key = (rs.namespace.clone(), name.to_string());
        self.kobj.pod_owner.insert(
            key,
            PodOwner {
                replicaset: rs.name.clone(),
                template: rs.template.clone(),
                hash: rs.hash.clone(),
            },
        );
        self.record_event(
            &rs.namespace,
            "ReplicaSet",
            &rs.name,
            "SuccessfulCreate",
            "replicaset-controller",
            format!("Created pod: {name}"),
        );
        let _ = self.create_pod(spec);
    }

    /// Deletes a Pod a ReplicaSet owns: the ReplicaSet controller's
    /// scale-down, or (`by_gc`) the garbage collector's cascade after its
    /// owner is gone.
    pub(crate) fn delete_owned_pod(&mut self, rs: &ReplicaSet, key: &Key, by_gc: bool) {
        let note = if by_gc {
            msg!("kubectl-gc-delete", owner = &rs.name, object = &key.1)
        } else {
            msg!(
                "kubectl-ctrl-pod-delete",
                replicaset = &rs.name,
                pod = &key.1
            )
        };
        self.emit(
            h(
                Component::KubeApiserver,
                Component::KubeApiserver,
                Iface::InProcess,
                format!("DELETE /api/v1/namespaces/{}/pods/{}", key.0, key.1),
            )
            .note(note),
        );
        self.emit(
            h(
                Component::KubeApiserver,
                Component::Etcd,
                Iface::Etcd,
                "KV/Txn",
            )
            .d("key", format!("/registry/pods/{}/{}", key.0, key.1))
            .d("deletionGracePeriodSeconds", 30),
        );
        let now = self.now_ms;
        if let Some(p) = self.pods.get_mut(key) {
            p.deleting = Some(now);
            p.grace_s = 30;
        }
        if !by_gc {
            self.record_event(
                &rs.namespace,
                "ReplicaSet",
                &rs.name,
                "SuccessfulDelete",
                "replicaset-controller",
                format!("Deleted pod: {}", key.1),
            );
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
        self.sync_pod(key);
    }
}

/// The container name `kubectl create deployment --image` gives an image:
/// its last path element without tag or digest.
pub(crate) fn container_name(image: &str) -> String {
    let last = image.rsplit('/').next().unwrap_or(image);
    let last = last.split('@').next().unwrap_or(last);
    last.split(':').next().unwrap_or(last).to_string()
}

/// A template for `kubectl create deployment NAME --image=IMG`.
pub(crate) fn template_for(name: &str, image: &str, port: Option<u16>) -> Template {
    Template {
        labels: vec![("app".to_string(), name.to_string())],
        container: container_name(image),
        image: image.to_string(),
        port,
        ..Template::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fenceposts_round_as_the_controller_does() {
        assert_eq!(fenceposts(3), (1, 0));
        assert_eq!(fenceposts(4), (1, 1));
        assert_eq!(fenceposts(1), (1, 0));
        assert_eq!(fenceposts(0), (0, 1));
        assert_eq!(fenceposts(10), (3, 2));
    }

    #[test]
    fn container_names_drop_registry_tag_and_digest() {
        assert_eq!(container_name("nginx"), "nginx");
        assert_eq!(container_name("docker.io/library/nginx:1.27"), "nginx");
        assert_eq!(container_name("polinux/stress@sha256:ab"), "stress");
    }
}
