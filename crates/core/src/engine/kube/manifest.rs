//! `kubectl apply -f FILE|DIR|-`: manifests read from the node's file system
//! (relative to the program's working directory) or standard input, each
//! document applied client-side as kubectl does (GET, then POST with the
//! last-applied configuration or PATCH), printing `KIND/NAME created`,
//! `configured` or `unchanged`.

use serde_json::Value;

use super::controllers::container_name;
use super::objects::{PodOwner, Template};
use super::yaml_read::documents;
use super::PodSpec;
use crate::engine::{h, Outcome, World};
use crate::lifecycle::kubelet::RestartPolicy;
use crate::msg;
use crate::trace::{Component, Iface};

/// The example manifests shipped in `assets/manifests/` (file name, text),
/// for a node's set-up to place where a learner can `kubectl apply -f` them.
pub const MANIFESTS: [(&str, &str); 4] = [
    (
        "web-deployment.yaml",
        include_str!("../../../../../assets/manifests/web-deployment.yaml"),
    ),
    (
        "billing-api.yaml",
        include_str!("../../../../../assets/manifests/billing-api.yaml"),
    ),
    (
        "report-gen.yaml",
        include_str!("../../../../../assets/manifests/report-gen.yaml"),
    ),
    (
        "config.yaml",
        include_str!("../../../../../assets/manifests/config.yaml"),
    ),
];

const BUILTIN_NAMESPACES: [&str; 4] = ["default", "kube-system", "kube-public", "kube-node-lease"];

impl World {
    fn namespace_exists(&self, ns: &str) -> bool {
        BUILTIN_NAMESPACES.contains(&ns) || self.kobj.namespaces.contains_key(ns)
    }

    /// `kubectl create namespace NAME`: the API server stores it (or says
    /// it exists).
    pub(crate) fn kubectl_create_namespace(&mut self, name: &str) -> Outcome {
        self.emit(h(
            Component::Kubectl,
            Component::KubeApiserver,
            Iface::K8sApi,
            "POST /api/v1/namespaces",
        ));
        if self.namespace_exists(name) {
            return Outcome::err(
                1,
                format!("Error from server (AlreadyExists): namespaces \"{name}\" already exists"),
            );
        }
        self.store_namespace(name);
        Outcome::ok(format!("namespace/{name} created\n"))
    }

    /// The API server writes a new Namespace to etcd.
    fn store_namespace(&mut self, name: &str) {
        self.emit(
            h(
                Component::KubeApiserver,
                Component::Etcd,
                Iface::Etcd,
                "KV/Txn",
            )
            .d("key", format!("/registry/namespaces/{name}")),
        );
        self.kobj.namespaces.insert(name.to_string(), self.now_ms);
    }

    /// `kubectl apply -f …` for each `-f`.
    pub(crate) fn kubectl_apply(&mut self, files: &[String], ns_flag: Option<&str>) -> Outcome {
        let mut out = Outcome::default();
        let mut applied = 0usize;
        for f in files {
            if f.starts_with("http://") || f.starts_with("https://") {
                return Outcome::said(1, msg!("kubectl-apply-url", url = f.as_str()));
            }
            let texts: Vec<(String, String)> = if f == "-" {
                vec![("STDIN".to_string(), self.process_env.stdin.clone())]
            } else {
                let cwd = if self.process_env.cwd.is_empty() {
                    "/root".to_string()
                } else {
                    self.process_env.cwd.clone()
                };
                let path = crate::node::fs::normalize(&cwd, f);
                if self.node.fs.is_dir(&path) {
                    let mut v = Vec::new();
                    let children: Vec<String> = self
                        .node
                        .fs
                        .children(&path)
                        .map(|(n, _)| n.to_string())
                        .collect();
                    for n in children {
                        if n.ends_with(".yaml") || n.ends_with(".yml") || n.ends_with(".json") {
                            let p = format!("{}/{n}", path.trim_end_matches('/'));
                            if let Ok(t) = self.node.fs.read(&p) {
                                v.push((format!("{}/{n}", f.trim_end_matches('/')), t.to_string()));
                            }
                        }
                    }
                    v
                } else {
                    match self.node.fs.read(&path) {
                        Ok(t) => vec![(f.clone(), t.to_string())],
                        Err(_) => {
                            out.join(Outcome::err(
                                1,
                                format!("error: the path \"{f}\" does not exist"),
                            ));
                            return out;
                        }
                    }
                }
            };
            for (name, text) in texts {
                let docs = if text.trim_start().starts_with('{') {
                    serde_json::from_str::<Value>(&text)
                        .map(|v| vec![v])
                        .map_err(|e| format!("error parsing {name}: {e}"))
                } else {
                    documents(&text).map_err(|e| {
                        format!(
                            "error parsing {name}: error converting YAML to JSON: yaml: line {}: {}",
                            e.line, e.message
                        )
                    })
                };
                let docs = match docs {
                    Ok(d) => d,
                    Err(e) => {
                        out.join(Outcome::err(1, format!("error: {e}")));
                        return out;
                    }
                };
                for doc in docs {
                    applied += 1;
                    let o = self.apply_object(&name, &doc, ns_flag);
                    let stop = o.exit != 0;
                    out.join(o);
                    if stop {
                        return out;
                    }
                }
            }
        }
        if applied == 0 {
            out.join(Outcome::err(1, "error: no objects passed to apply"));
        }
        out
    }

    fn apply_object(&mut self, file: &str, doc: &Value, ns_flag: Option<&str>) -> Outcome {
        let api = doc["apiVersion"].as_str().unwrap_or("");
        let kind = doc["kind"].as_str().unwrap_or("");
        let mut missing = Vec::new();
        if api.is_empty() {
            missing.push("apiVersion not set");
        }
        if kind.is_empty() {
            missing.push("kind not set");
        }
        if !missing.is_empty() {
            return Outcome::err(1, format!("error: error validating \"{file}\": error validating data: [{}]; if you choose to ignore these errors, turn validation off with --validate=false", missing.join(", ")));
        }
        let name = doc["metadata"]["name"].as_str().unwrap_or("").to_string();
        if name.is_empty() {
            return Outcome::err(
                1,
                format!("error: error when retrieving current configuration of:\nResource: \"{}\", GroupVersionKind: \"{kind}\"\nName: \"\", Namespace: \"default\"\nfrom server for: \"{file}\": resource name may not be empty", kind.to_ascii_lowercase()),
            );
        }
        let doc_ns = doc["metadata"]["namespace"].as_str();
        if let (Some(d), Some(f)) = (doc_ns, ns_flag) {
            if d != f {
                return Outcome::err(1, format!("error: the namespace from the provided object \"{d}\" does not match the namespace \"{f}\". You must pass '--namespace={d}' to perform this operation."));
            }
        }
        let ns = doc_ns.or(ns_flag).unwrap_or("default").to_string();
        let (plural, group_path, shown) = match (api, kind) {
            ("v1", "Pod") => ("pods", "/api/v1", "pod"),
            ("apps/v1", "Deployment") => ("deployments", "/apis/apps/v1", "deployment.apps"),
            ("v1", "Namespace") => ("namespaces", "/api/v1", "namespace"),
            ("v1", "ConfigMap") => ("configmaps", "/api/v1", "configmap"),
            _ => {
                return Outcome::err(1, format!("error: resource mapping not found for name: \"{name}\" namespace: \"{}\" from \"{file}\": no matches for kind \"{kind}\" in version \"{api}\"\nensure CRDs are installed first", doc_ns.unwrap_or("")));
            }
        };
        let cluster_scoped = kind == "Namespace";
        let obj_path = if cluster_scoped {
            format!("{group_path}/{plural}/{name}")
        } else {
            format!("{group_path}/namespaces/{ns}/{plural}/{name}")
        };
        self.emit(
            h(
                Component::Kubectl,
                Component::KubeApiserver,
                Iface::K8sApi,
                format!("GET {obj_path}"),
            )
            .note(msg!(
                "kubectl-apply-get",
                object = format!("{shown}/{name}")
            )),
        );
        if !cluster_scoped && !self.namespace_exists(&ns) {
            return Outcome::err(1, format!("Error from server (NotFound): error when creating \"{file}\": namespaces \"{ns}\" not found"));
        }
        let text = doc.to_string();
        let akey = (
            kind.to_string(),
            if cluster_scoped {
                String::new()
            } else {
                ns.clone()
            },
            name.clone(),
        );
        let exists = match kind {
            "Pod" => self.pods.contains_key(&(ns.clone(), name.clone())),
            "Deployment" => self
                .kobj
                .deployments
                .contains_key(&(ns.clone(), name.clone())),
            "Namespace" => self.namespace_exists(&name),
            _ => self
                .kobj
                .configmaps
                .contains_key(&(ns.clone(), name.clone())),
        };
        if exists && self.kobj.applied.get(&akey) == Some(&text) {
            return Outcome::ok(format!("{shown}/{name} unchanged\n"));
        }
        let collection = if cluster_scoped {
            format!("{group_path}/{plural}")
        } else {
            format!("{group_path}/namespaces/{ns}/{plural}")
        };
        let (verb, path) = if exists {
            ("PATCH", obj_path)
        } else {
            ("POST", collection)
        };
        self.emit(
            h(
                Component::Kubectl,
                Component::KubeApiserver,
                Iface::K8sApi,
                format!("{verb} {path}"),
            )
            .note(msg!(
                "kubectl-apply-write",
                object = format!("{shown}/{name}")
            ))
            .d(
                "annotation",
                "kubectl.kubernetes.io/last-applied-configuration",
            ),
        );
        let result = match kind {
            "Pod" => self.apply_pod(&ns, &name, doc, exists),
            "Deployment" => self.apply_deployment(&ns, &name, doc, exists),
            "Namespace" => {
                if !exists {
                    self.store_namespace(&name);
                }
                Ok(())
            }
            _ => {
                let mut data = Vec::new();
                if let Some(m) = doc["data"].as_object() {
                    for (k, v) in m {
                        data.push((
                            k.clone(),
                            v.as_str()
                                .map(str::to_string)
                                .unwrap_or_else(|| v.to_string()),
                        ));
                    }
                }
                self.emit(
                    h(
                        Component::KubeApiserver,
                        Component::Etcd,
                        Iface::Etcd,
                        "KV/Txn",
                    )
                    .d("key", format!("/registry/configmaps/{ns}/{name}")),
                );
                self.kobj
                    .configmaps
                    .insert((ns.clone(), name.clone()), data);
                Ok(())
            }
        };
        let unannotated = exists && !self.kobj.applied.contains_key(&akey);
        match result {
            Ok(()) => {
                self.kobj.applied.insert(akey, text);
                let mut out = Outcome::ok(format!(
                    "{shown}/{name} {}\n",
                    if exists { "configured" } else { "created" }
                ));
                if unannotated {
                    // kubectl's warningNoLastAppliedConfigAnnotation.
                    out.stderr = format!("Warning: resource {plural}/{name} is missing the kubectl.kubernetes.io/last-applied-configuration annotation which is required by kubectl apply. kubectl apply should only be used on resources created declaratively by either kubectl create --save-config or kubectl apply. The missing annotation will be patched automatically.\n");
                }
                out
            }
            Err(e) => e,
        }
    }

    fn apply_pod(
        &mut self,
        ns: &str,
        name: &str,
        doc: &Value,
        exists: bool,
    ) -> Result<(), Outcome> {
        let spec = &doc["spec"];
        let t = template_of(name, &doc["metadata"], spec).map_err(|m| Outcome::err(1, m))?;
        if exists {
            return Err(Outcome::said(
                1,
                msg!("kubectl-apply-pod-update", pod = name),
            ));
        }
        let restart = match spec["restartPolicy"].as_str() {
            Some("Never") => RestartPolicy::Never,
            Some("OnFailure") => RestartPolicy::OnFailure,
            _ => RestartPolicy::Always,
        };
        let key = (ns.to_string(), name.to_string());
        self.kobj.pod_owner.insert(
            key,
            PodOwner {
                replicaset: String::new(),
                template: t.clone(),
                hash: String::new(),
            },
        );
        let out = self.create_pod(PodSpec {
            namespace: ns.to_string(),
            name: name.to_string(),
            image: t.image.clone(),
            command: t.command.clone(),
            args: t.args.clone(),
            restart,
            memory_limit: t.memory_limit(),
            port: t.port,
            runtime_class: spec["runtimeClassName"].as_str().map(str::to_string),
        });
        if out.exit != 0 {
            return Err(out);
        }
        Ok(())
    }

    fn apply_deployment(
        &mut self,
        ns: &str,
        name: &str,
        doc: &Value,
        exists: bool,
    ) -> Result<(), Outcome> {
        let spec = &doc["spec"];
        let tpl = &spec["template"];
        let t =
            template_of(name, &tpl["metadata"], &tpl["spec"]).map_err(|m| Outcome::err(1, m))?;
        let selector = spec["selector"]["matchLabels"].as_object();
        let matches = selector.is_some_and(|sel| {
            !sel.is_empty()
                && sel.iter().all(|(k, v)| {
                    t.labels
                        .iter()
                        .any(|(tk, tv)| tk == k && Some(tv.as_str()) == v.as_str())
                })
        });
        if !matches {
            let labels: Vec<String> = t
                .labels
                .iter()
                .map(|(k, v)| format!("\"{k}\":\"{v}\""))
                .collect();
            return Err(Outcome::err(1, format!("The Deployment \"{name}\" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{{{}}}: `selector` does not match template `labels`", labels.join(", "))));
        }
        let replicas = spec["replicas"]
            .as_i64()
            .and_then(|r| i32::try_from(r).ok())
            .unwrap_or(1);
        let key = (ns.to_string(), name.to_string());
        if exists {
            self.update_deployment(&key, replicas, t);
        } else {
            self.store_deployment(&key, replicas, t);
        }
        Ok(())
    }
}

/// A Pod template from a manifest's `metadata` and pod `spec` (its first
/// container).
fn template_of(name: &str, meta: &Value, spec: &Value) -> Result<Template, String> {
    let Some(c) = spec["containers"].as_array().and_then(|a| a.first()) else {
        return Err(format!(
            "The Pod \"{name}\" is invalid: spec.containers: Required value"
        ));
    };
    let image = c["image"].as_str().unwrap_or("").to_string();
    if image.is_empty() {
        return Err(format!(
            "The Pod \"{name}\" is invalid: spec.containers[0].image: Required value"
        ));
    }
    let strings = |v: &Value| -> Vec<String> {
        v.as_array()
            .map(|a| {
                a.iter()
                    .map(|x| {
                        x.as_str()
                            .map(str::to_string)
                            .unwrap_or_else(|| x.to_string())
                    })
                    .collect()
            })
            .unwrap_or_default()
    };
    let list = |v: &Value| -> Vec<(String, String)> {
        let mut l: Vec<(String, String)> = v
            .as_object()
            .map(|m| {
                m.iter()
                    .map(|(k, x)| {
                        (
                            k.clone(),
                            x.as_str()
                                .map(str::to_string)
                                .unwrap_or_else(|| x.to_string()),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default();
        crate::order::sort_by(&mut l, |a, b| a.0.cmp(&b.0));
        l
    };
    Ok(Template {
        labels: list(&meta["labels"]),
        container: c["name"]
            .as_str()
            .map(str::to_string)
            .unwrap_or_else(|| container_name(&image)),
        image,
        command: strings(&c["command"]),
        args: strings(&c["args"]),
        port: c["ports"][0]["containerPort"]
            .as_u64()
            .and_then(|p| u16::try_from(p).ok()),
        limits: list(&c["resources"]["limits"]),
        requests: list(&c["resources"]["requests"]),
        pull_policy: c["imagePullPolicy"].as_str().map(str::to_string),
    })
}
