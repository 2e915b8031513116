//! What kubectl asks of the API server for Deployments: `create deployment`,
//! `scale`, `set resources`, `rollout status` (kubectl's
//! `DeploymentStatusViewer` over a watch, while the world's clock runs).

use super::controllers::{template_for, PROGRESS_DEADLINE_MS};
use super::objects::{Deployment, Template};
use super::Key;
use crate::command::kubectl::KeyValue;
use crate::engine::{h, Outcome, World};
use crate::msg;
use crate::trace::{Component, Iface};

/// `Error from server (NotFound): deployments.apps "NAME" not found`.
pub(crate) fn deployment_not_found(name: &str) -> Outcome {
    Outcome::err(
        1,
        format!("Error from server (NotFound): deployments.apps \"{name}\" not found"),
    )
}

impl World {
    /// Stores a new Deployment and lets the controllers act on it.
    pub(crate) fn store_deployment(&mut self, key: &Key, replicas: i32, template: Template) {
        let uid = self.uuid();
        self.emit(
            h(
                Component::KubeApiserver,
                Component::Etcd,
                Iface::Etcd,
                "KV/Txn",
            )
            .note(msg!("kubectl-deployment-persist", deployment = &key.1))
            .d("key", format!("/registry/deployments/{}/{}", key.0, key.1)),
        );
        self.kobj.deployments.insert(
            key.clone(),
            Deployment {
                namespace: key.0.clone(),
                name: key.1.clone(),
                uid,
                created_ms: self.now_ms,
                generation: 1,
                observed: 0,
                replicas,
                template,
                revision: 0,
                progress_ms: self.now_ms,
            },
        );
        self.run_controllers();
    }

    /// Changes a Deployment's spec (a PATCH or PUT already drawn): a new
    /// generation, then the controllers.
    pub(crate) fn update_deployment(&mut self, key: &Key, replicas: i32, template: Template) {
        let Some(d) = self.kobj.deployments.get_mut(key) else {
            return;
        };
        let changed = d.replicas != replicas || d.template != template;
        if !changed {
            return;
        }
        d.generation += 1;
        d.replicas = replicas;
        d.template = template;
        d.progress_ms = self.now_ms;
        self.emit(
            h(
                Component::KubeApiserver,
                Component::Etcd,
                Iface::Etcd,
                "KV/Txn",
            )
            .d("key", format!("/registry/deployments/{}/{}", key.0, key.1)),
        );
        self.run_controllers();
    }

    /// `kubectl create deployment NAME --image=IMG [--replicas=N] [--port=P]`.
    pub(crate) fn kubectl_create_deployment(
        &mut self,
        ns: &str,
        name: &str,
        images: &[String],
        replicas: i32,
        port: Option<i32>,
    ) -> Outcome {
        let key = (ns.to_string(), name.to_string());
        let image = images.first().cloned().unwrap_or_default();
        self.emit(
            h(
                Component::Kubectl,
                Component::KubeApiserver,
                Iface::K8sApi,
                format!("POST /apis/apps/v1/namespaces/{ns}/deployments"),
            )
            .note(msg!("kubectl-create-deployment", deployment = name))
            .d("image", image.clone())
            .d("replicas", replicas),
        );
        if self.kobj.deployments.contains_key(&key) {
            return Outcome::err(
                1,
                format!(
                    "error: failed to create deployment: deployments.apps \"{name}\" already exists"
                ),
            );
        }
        let port = port.and_then(|p| u16::try_from(p).ok());
        self.store_deployment(&key, replicas, template_for(name, &image, port));
        Outcome::ok(format!("deployment.apps/{name} created\n"))
    }

    /// `kubectl scale deployment NAME --replicas=N`: the scale subresource.
    pub(crate) fn kubectl_scale(&mut self, ns: &str, name: &str, replicas: i64) -> Outcome {
        self.emit(
            h(
                Component::Kubectl,
                Component::KubeApiserver,
                Iface::K8sApi,
                format!("PATCH /apis/apps/v1/namespaces/{ns}/deployments/{name}/scale"),
            )
            .note(msg!(
                "kubectl-scale",
                deployment = name,
                replicas = replicas
            ))
            .d("replicas", replicas),
        );
        let key = (ns.to_string(), name.to_string());
        let Some(d) = self.kobj.deployments.get(&key).cloned() else {
            return deployment_not_found(name);
        };
        let replicas = i32::try_from(replicas).unwrap_or(i32::MAX);
        self.update_deployment(&key, replicas, d.template);
        Outcome::ok(format!("deployment.apps/{name} scaled\n"))
    }

    /// `kubectl set resources deployment NAME --limits=… --requests=…`.
    pub(crate) fn kubectl_set_resources(
        &mut self,
        ns: &str,
        name: &str,
        containers: Option<&str>,
        limits: &[KeyValue],
        requests: &[KeyValue],
    ) -> Outcome {
        for kv in limits.iter().chain(requests) {
            if kv.key != "cpu" && kv.key != "memory" && kv.key != "ephemeral-storage" {
                return Outcome::err(1, format!("error: invalid resource name \"{}\"", kv.key));
            }
            if let Err(e) = crate::command::units::parse_quantity(&kv.value) {
                return Outcome::err(1, format!("error: {e}"));
            }
        }
        self.emit(
            h(
                Component::Kubectl,
                Component::KubeApiserver,
                Iface::K8sApi,
                format!("GET /apis/apps/v1/namespaces/{ns}/deployments/{name}"),
            )
            .note(msg!("kubectl-set-resources-get")),
        );
        let key = (ns.to_string(), name.to_string());
        let Some(d) = self.kobj.deployments.get(&key).cloned() else {
            return deployment_not_found(name);
        };
        if let Some(c) = containers.filter(|c| *c != "*" && *c != d.template.container) {
            return Outcome::err(1, format!("error: unable to find container named {c}"));
        }
        let mut t = d.template.clone();
        merge(&mut t.limits, limits);
        merge(&mut t.requests, requests);
        if t == d.template {
            return Outcome::default();
        }
        self.emit(
            h(
                Component::Kubectl,
                Component::KubeApiserver,
                Iface::K8sApi,
                format!("PATCH /apis/apps/v1/namespaces/{ns}/deployments/{name}"),
            )
            .note(msg!("kubectl-set-resources-patch", deployment = name))
            .d("Content-Type", "application/strategic-merge-patch+json"),
        );
        self.update_deployment(&key, d.replicas, t);
        Outcome::ok(format!(
            "deployment.apps/{name} resource requirements updated\n"
        ))
    }

    /// The line `kubectl rollout status` prints for a Deployment now, and
    /// whether the rollout is done (`DeploymentStatusViewer.Status`).
    pub(crate) fn rollout_line(&self, key: &Key) -> (String, bool) {
        let Some(d) = self.kobj.deployments.get(key) else {
            return (String::new(), true);
        };
        if d.generation > d.observed {
            return (
                "Waiting for deployment spec update to be observed...\n".to_string(),
                false,
            );
        }
        let s = self.deployment_status(key);
        let n = &d.name;
        if s.updated < d.replicas {
            return (
                format!(
                    "Waiting for deployment \"{n}\" rollout to finish: {} out of {} new replicas have been updated...\n",
                    s.updated, d.replicas
                ),
                false,
            );
        }
        if s.replicas > s.updated {
            return (
                format!(
                    "Waiting for deployment \"{n}\" rollout to finish: {} old replicas are pending termination...\n",
                    s.replicas - s.updated
                ),
                false,
            );
        }
        if s.available < s.updated {
            return (
                format!(
                    "Waiting for deployment \"{n}\" rollout to finish: {} of {} updated replicas are available...\n",
                    s.available, s.updated
                ),
                false,
            );
        }
        (
            format!("deployment \"{n}\" successfully rolled out\n"),
            true,
        )
    }

    /// `kubectl rollout status deployment/NAME [--timeout=D] [--watch=false]`:
    /// each new status line as the watch delivers the Deployment, while the
    /// clock runs, until done, the timeout, or the progress deadline.
    pub(crate) fn kubectl_rollout_status(
        &mut self,
        ns: &str,
        name: &str,
        timeout_s: Option<u64>,
        watch: bool,
    ) -> Outcome {
        self.emit(
            h(
                Component::Kubectl,
                Component::KubeApiserver,
                Iface::K8sApi,
                format!(
                    "GET /apis/apps/v1/namespaces/{ns}/deployments?fieldSelector=metadata.name%3D{name}"
                ),
            )
            .note(msg!("kubectl-rollout-get")),
        );
        let key = (ns.to_string(), name.to_string());
        if !self.kobj.deployments.contains_key(&key) {
            return deployment_not_found(name);
        }
        let mut out = Outcome::default();
        let (line, done) = self.rollout_line(&key);
        out.stdout.push_str(&line);
        if done || !watch {
            return out;
        }
        self.emit(
            h(
                Component::Kubectl,
                Component::KubeApiserver,
                Iface::K8sApi,
                format!(
                    "GET /apis/apps/v1/namespaces/{ns}/deployments?fieldSelector=metadata.name%3D{name}&watch=true"
                ),
            )
            .note(msg!("kubectl-rollout-watch")),
        );
        let start = self.now_ms;
        let mut last = line;
        loop {
            let next = self.now_ms + 1000;
            self.run_until(next);
            let (line, done) = self.rollout_line(&key);
            if line != last {
                out.stdout.push_str(&line);
                last = line;
            }
            if done {
                return out;
            }
            if let Some(t) = timeout_s {
                if self.now_ms.saturating_sub(start) >= t.saturating_mul(1000) {
                    out.exit = 1;
                    out.stderr = "error: timed out waiting for the condition\n".to_string();
                    return out;
                }
            }
            let progress = self
                .kobj
                .deployments
                .get(&key)
                .map(|d| d.progress_ms)
                .unwrap_or(0);
            if self.now_ms.saturating_sub(progress) > PROGRESS_DEADLINE_MS {
                self.record_event(
                    ns,
                    "Deployment",
                    name,
                    "ProgressDeadlineExceeded",
                    "deployment-controller",
                    format!("Deployment \"{name}\" has timed out progressing."),
                );
                out.exit = 1;
                out.stderr =
                    format!("error: deployment \"{name}\" exceeded its progress deadline\n");
                return out;
            }
        }
    }
}

impl World {
    /// `kubectl delete deployment NAME`: the API server removes it; the
    /// garbage collector deletes its ReplicaSets and their Pods
    /// (background propagation, kubectl's default cascade).
    pub(crate) fn kubectl_delete_deployment(&mut self, ns: &str, name: &str) -> Outcome {
        self.emit(
            h(
                Component::Kubectl,
                Component::KubeApiserver,
                Iface::K8sApi,
                format!("DELETE /apis/apps/v1/namespaces/{ns}/deployments/{name}"),
            )
            .note(msg!("kubectl-delete-deployment", deployment = name))
            .d("propagationPolicy", "Background"),
        );
        let key = (ns.to_string(), name.to_string());
        if self.kobj.deployments.remove(&key).is_none() {
            return deployment_not_found(name);
        }
        self.emit(
            h(
                Component::KubeApiserver,
                Component::Etcd,
                Iface::Etcd,
                "KV/Txn",
            )
            .d("key", format!("/registry/deployments/{ns}/{name}")),
        );
        for rs in self.owned_replicasets(ns, name) {
            self.emit(
                h(
                    Component::KubeApiserver,
                    Component::KubeApiserver,
                    Iface::InProcess,
                    format!(
                        "DELETE /apis/apps/v1/namespaces/{ns}/replicasets/{}",
                        rs.name
                    ),
                )
                .note(msg!("kubectl-gc-delete", owner = name, object = &rs.name))
                .d("propagationPolicy", "Background"),
            );
            self.emit(
                h(
                    Component::KubeApiserver,
                    Component::Etcd,
                    Iface::Etcd,
                    "KV/Txn",
                )
                .d("key", format!("/registry/replicasets/{ns}/{}", rs.name)),
            );
            self.kobj
                .replicasets
                .remove(&(ns.to_string(), rs.name.clone()));
            for (pod, _) in self.rs_pods(ns, &rs.name) {
                self.delete_owned_pod(&rs, &pod, true);
            }
        }
        Outcome::ok(format!("deployment.apps \"{name}\" deleted\n"))
    }
}

/// Sets each given resource in a `ResourceList`, kept sorted by name (a Go
/// map, printed sorted).
fn merge(list: &mut Vec<(String, String)>, with: &[KeyValue]) {
    for kv in with {
        match list.iter_mut().find(|(k, _)| *k == kv.key) {
            Some(e) => e.1 = kv.value.clone(),
            None => list.push((kv.key.clone(), kv.value.clone())),
        }
    }
    crate::order::sort_by(list, |a, b| a.0.cmp(&b.0));
}
