//! The Node object as the API server holds it, beyond what the kubelet
//! reports: `spec.unschedulable` (`kubectl cordon`/`uncordon`/`drain`), its
//! annotations (kubeadm's `kubeadm.alpha.kubernetes.io/cri-socket`,
//! `kubectl annotate`), and whether a control plane answers at all (a node
//! `kubeadm reset` left: kubectl's connection is refused until `kubeadm
//! init`).
//!
//! The verbs' words are kubectl's (k8s.io/kubectl `pkg/cmd/drain`,
//! `pkg/cmd/annotate`): `node/node-1 cordoned`, `already uncordoned`,
//! `annotated`, `--overwrite is false but found the following declared
//! annotation(s)`.

use super::Io;
use crate::config::{Config, Runtime};
use crate::engine::{h, Outcome, World, NODE};
use crate::trace::{Component, Iface};
use litemap::LiteMap;

/// kubeadm's annotation of the node's CRI socket.
pub const CRI_SOCKET_ANNOTATION: &str = "kubeadm.alpha.kubernetes.io/cri-socket";

/// What the API server holds of the Node besides its status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NodeObject {
    /// `spec.unschedulable`.
    pub unschedulable: bool,
    /// `metadata.annotations`.
    pub annotations: LiteMap<String, String>,
    /// A control plane answers (kubeadm has initialised this node and it
    /// was not reset since).
    pub control_plane: bool,
}

/// The CRI socket kubeadm wrote into the annotation for a configuration
/// (kubeadm before 1.24 wrote dockershim's path without a scheme).
pub fn kubeadm_cri_socket(cfg: &Config) -> &'static str {
    match cfg.runtime {
        Runtime::Containerd17 | Runtime::Containerd2 => {
            "unix:///var/run/containerd/containerd.sock"
        }
        Runtime::CriO => "unix:///var/run/crio/crio.sock",
        Runtime::CriDockerd => "unix:///var/run/cri-dockerd.sock",
        _ => "/var/run/dockershim.sock",
    }
}

impl NodeObject {
    /// The Node kubeadm registered for a configuration.
    pub fn new(cfg: &Config) -> NodeObject {
        let mut annotations = LiteMap::new();
        annotations.insert(
            CRI_SOCKET_ANNOTATION.to_string(),
            kubeadm_cri_socket(cfg).to_string(),
        );
        annotations.insert("node.alpha.kubernetes.io/ttl".to_string(), "0".to_string());
        annotations.insert(
            "volumes.kubernetes.io/controller-managed-attach-detach".to_string(),
            "true".to_string(),
        );
        NodeObject {
            unschedulable: false,
            annotations,
            control_plane: true,
        }
    }
}

/// kubectl's global flags that take a value (skipped to find the verb).
const VALUE_FLAGS: [&str; 8] = [
    "-n",
    "--namespace",
    "--kubeconfig",
    "--context",
    "--cluster",
    "--user",
    "-s",
    "--server",
];

/// The kubectl verbs this file answers.
const VERBS: [&str; 4] = ["cordon", "uncordon", "drain", "annotate"];

/// Splits kubectl's argv into (verb, its words, its flags) skipping global
/// flags; `None` when there is no verb.
fn split(argv: &[String]) -> Option<(String, Vec<String>, Vec<String>)> {
    let mut verb = None;
    let mut words = Vec::new();
    let mut flags = Vec::new();
    let mut i = 1;
    while let Some(a) = argv.get(i) {
        i += 1;
        if a.starts_with('-') && a.len() > 1 {
            if VALUE_FLAGS.contains(&a.as_str()) {
                i += 1;
            } else {
                flags.push(a.clone());
            }
        } else if verb.is_none() {
            verb = Some(a.clone());
        } else {
            words.push(a.clone());
        }
    }
    verb.map(|v| (v, words, flags))
}

impl World {
    /// The kubectl lines this file answers: every kubectl line while no
    /// control plane answers, `cordon`/`uncordon`/`drain`/`annotate` of
    /// the node; `None` for the rest (kubectl's own model).
    pub(crate) fn kubectl_node_object(&mut self, argv: &[String], io: &Io<'_>) -> Option<Outcome> {
        if !self.node.object.control_plane {
            return Some(self.kubectl_refused(argv, io));
        }
        let (verb, words, flags) = split(argv)?;
        if !VERBS.contains(&verb.as_str()) {
            return None;
        }
        // `kubectl cordon node/node-1`, `kubectl annotate node node-1 …`,
        // `kubectl annotate no node-1 …`.
        let mut words = words;
        if verb == "annotate" {
            match words.first().map(String::as_str) {
                Some("node" | "nodes" | "no") => {
                    words.remove(0);
                }
                Some(w) if w.starts_with("node/") || w.starts_with("nodes/") => {}
                _ => return None,
            }
        }
        let name = words
            .first()
            .map(|w| w.rsplit('/').next().unwrap_or(w).to_string());
        let Some(name) = name else {
            return Some(Outcome::err(
                1,
                "error: resource(s) were provided, but no name was specified",
            ));
        };
        self.emit(
            h(
                Component::Kubectl,
                Component::KubeApiserver,
                Iface::K8sApi,
                format!("GET /api/v1/nodes/{name}"),
            )
            .note(crate::msg!("node-object-get", verb = verb.as_str())),
        );
        if name != NODE {
            return Some(Outcome::err(
                1,
                format!("Error from server (NotFound): nodes \"{name}\" not found"),
            ));
        }
        Some(match verb.as_str() {
            "cordon" => self.cordon(true),
            "uncordon" => self.cordon(false),
            "drain" => self.drain(&flags),
            _ => self.annotate(words.get(1..).unwrap_or(&[]), &flags),
        })
    }

    /// The PATCH of `spec.unschedulable`.
    fn patch_node(&mut self, what: &str) {
        self.emit(
            h(
                Component::Kubectl,
                Component::KubeApiserver,
                Iface::K8sApi,
                format!("PATCH /api/v1/nodes/{NODE}"),
            )
            .note(crate::msg!("node-object-patch", what = what)),
        );
        self.emit(
            h(
                Component::KubeApiserver,
                Component::Etcd,
                Iface::Etcd,
                "KV/Txn",
            )
            .d("key", format!("/registry/minions/{NODE}")),
        );
    }

    /// `kubectl cordon`/`uncordon NODE`.
    fn cordon(&mut self, on: bool) -> Outcome {
        let word = if on { "cordoned" } else { "uncordoned" };
        if self.node.object.unschedulable == on {
            return Outcome::ok(format!("node/{NODE} already {word}\n"));
        }
        self.patch_node("spec.unschedulable");
        self.node.object.unschedulable = on;
        if !on {
            // The scheduler binds the Pods that waited for a node.
            let waiting: Vec<(String, String)> = self
                .pods
                .iter()
                .filter(|(_, p)| p.node.is_none() && p.deleting.is_none())
                .map(|(k, _)| k.clone())
                .collect();
            for k in waiting {
                self.bind_and_sync(&k);
            }
        }
        Outcome::ok(format!("node/{NODE} {word}\n"))
    }

    /// `kubectl drain NODE`: cordon, then evict the node's Pods. The model's
    /// node runs no DaemonSet Pods; Pods a ReplicaSet owns are evicted,
    /// bare Pods need `--force`.
    fn drain(&mut self, flags: &[String]) -> Outcome {
        let mut out = String::new();
        if self.node.object.unschedulable {
            out.push_str(&format!("node/{NODE} already cordoned\n"));
        } else {
            self.patch_node("spec.unschedulable");
            self.node.object.unschedulable = true;
            out.push_str(&format!("node/{NODE} cordoned\n"));
        }
        let force = flags.iter().any(|f| f == "--force" || f == "--force=true");
        let pods: Vec<(String, String)> = self
            .pods
            .iter()
            .filter(|(_, p)| p.node.is_some() && p.deleting.is_none())
            .map(|(k, _)| k.clone())
            .collect();
        let (owned, bare): (Vec<_>, Vec<_>) = pods
            .into_iter()
            .partition(|k| self.kobj.pod_owner.contains_key(k));
        if !bare.is_empty() && !force {
            let list = bare
                .iter()
                .map(|(ns, n)| format!("{ns}/{n}"))
                .collect::<Vec<_>>()
                .join(", ");
            let err = format!(
                "cannot delete Pods that declare no controller (use --force to override): {list}"
            );
            let mut o = Outcome::ok(out);
            o.exit = 1;
            o.stderr = format!(
                "error: unable to drain node \"{NODE}\" due to error:{err}, continuing command...\nThere are pending nodes to be drained:\n {NODE}\n{err}\n"
            );
            return o;
        }
        if !bare.is_empty() {
            let list = bare
                .iter()
                .map(|(ns, n)| format!("{ns}/{n}"))
                .collect::<Vec<_>>()
                .join(", ");
            out.push_str(&format!(
                "Warning: deleting Pods that declare no controller: {list}\n"
            ));
        }
        let all: Vec<(String, String)> = bare.into_iter().chain(owned).collect();
        for (ns, n) in &all {
            out.push_str(&format!("evicting pod {ns}/{n}\n"));
        }
        for (ns, n) in &all {
            let _ = self.kubectl_delete(ns, n, None, false);
            out.push_str(&format!("pod/{n} evicted\n"));
        }
        // The ReplicaSet controller replaces the Pods it owns; the new ones
        // wait for a schedulable node.
        if !all.is_empty() && !self.kobj.replicasets.is_empty() {
            self.run_controllers();
        }
        out.push_str(&format!("node/{NODE} drained\n"));
        Outcome::ok(out)
    }

    /// `kubectl annotate node NODE KEY=VALUE… [KEY-] [--overwrite]`.
    fn annotate(&mut self, pairs: &[String], flags: &[String]) -> Outcome {
        let overwrite = flags
            .iter()
            .any(|f| f == "--overwrite" || f == "--overwrite=true");
        if pairs.is_empty() {
            return Outcome::err(1, "error: at least one annotation update is required");
        }
        let mut set = Vec::new();
        let mut remove = Vec::new();
        for p in pairs {
            if let Some((k, v)) = p.split_once('=') {
                set.push((k.to_string(), v.to_string()));
            } else if let Some(k) = p.strip_suffix('-') {
                remove.push(k.to_string());
            } else {
                return Outcome::err(1, format!("error: invalid annotation format: {p}"));
            }
        }
        if !overwrite {
            for (k, _) in &set {
                if let Some(old) = self.node.object.annotations.get(k) {
                    return Outcome::err(
                        1,
                        format!("error: --overwrite is false but found the following declared annotation(s): '{k}' already has a value ({old})"),
                    );
                }
            }
        }
        self.patch_node("metadata.annotations");
        for (k, v) in set {
            self.node.object.annotations.insert(k, v);
        }
        for k in remove {
            self.node.object.annotations.remove(&k);
        }
        Outcome::ok(format!("node/{NODE} annotated\n"))
    }

    /// kubectl with no API server to reach: the kubeconfig's server
    /// (`$KUBECONFIG`, `~/.kube/config`, `/etc/kubernetes/admin.conf` is gone
    /// after `kubeadm reset`) or `localhost:8080` without one.
    fn kubectl_refused(&mut self, argv: &[String], io: &Io<'_>) -> Outcome {
        let words: Vec<&str> = argv.iter().skip(1).map(String::as_str).collect();
        if matches!(words.first(), Some(&"version")) && words.contains(&"--client") {
            return Outcome::ok(format!(
                "Client Version: {}\nKustomize Version: v5.0.4-0.20230601165947-6ce0bf390ce3\n",
                self.k8s_patch()
            ));
        }
        let given = argv
            .iter()
            .position(|a| a == "--kubeconfig")
            .and_then(|i| argv.get(i + 1).cloned())
            .or_else(|| {
                argv.iter()
                    .find_map(|a| a.strip_prefix("--kubeconfig=").map(str::to_string))
            })
            .or_else(|| io.env.get("KUBECONFIG").cloned())
            .unwrap_or_else(|| "/root/.kube/config".to_string());
        let server = if self.node.fs.exists(&super::fs::normalize(io.cwd, &given)) {
            "192.168.49.2:6443"
        } else {
            "localhost:8080"
        };
        Outcome::err(
            1,
            format!(
                "The connection to the server {server} was refused - did you specify the right host or port?"
            ),
        )
    }
}
