//! `kubectl` lines for workloads and the cluster's objects: create
//! deployment, scale, set resources, rollout status, apply -f, get
//! deployments|replicasets|events, `get … -o json|yaml|jsonpath|name|custom-columns`,
//! get and describe nodes.

use super::super::{Outcome, World};
use crate::command::kubectl::{Kubectl, KubectlCommand, OutputFormat, ResourceKind};
use crate::msg;

impl World {
    /// The commands this file answers; `None`: the caller's.
    pub(crate) fn apply_kubectl_workload(
        &mut self,
        k: &Kubectl,
        ns: &str,
        ns_known: bool,
    ) -> Option<Outcome> {
        let no_ns = || {
            Outcome::err(
                1,
                format!("Error from server (NotFound): namespaces \"{ns}\" not found"),
            )
        };
        Some(match &k.command {
            KubectlCommand::CreateNamespace { name } => self.kubectl_create_namespace(name),
            KubectlCommand::CreateDeployment(d) => {
                if d.images.len() > 1 {
                    return Some(self.not_modelled(&k.to_line(), msg!("kubectl-one-container")));
                }
                if !ns_known {
                    return Some(no_ns());
                }
                self.kubectl_create_deployment(ns, &d.name, &d.images, d.replicas, d.port)
            }
            KubectlCommand::Scale(s) => {
                if !matches!(s.target.kind, ResourceKind::Deployments) || s.target.names.is_empty()
                {
                    return Some(
                        self.not_modelled(
                            &k.to_line(),
                            "kubectl scale deployment NAME --replicas=N",
                        ),
                    );
                }
                let mut out = Outcome::default();
                for n in &s.target.names {
                    out.join(self.kubectl_scale(ns, n, s.replicas));
                }
                out
            }
            KubectlCommand::SetResources(r) => {
                if !matches!(r.target.kind, ResourceKind::Deployments) || r.target.names.is_empty()
                {
                    return Some(self.not_modelled(
                        &k.to_line(),
                        "kubectl set resources deployment NAME --limits=… --requests=…",
                    ));
                }
                let mut out = Outcome::default();
                for n in &r.target.names {
                    out.join(self.kubectl_set_resources(
                        ns,
                        n,
                        r.containers.as_deref(),
                        &r.limits,
                        &r.requests,
                    ));
                }
                out
            }
            KubectlCommand::RolloutStatus(r) => match &r.target.kind {
                ResourceKind::Deployments => {
                    let mut out = Outcome::default();
                    for n in &r.target.names {
                        out.join(self.kubectl_rollout_status(ns, n, r.timeout_s, r.watch));
                    }
                    out
                }
                ResourceKind::Pods => {
                    Outcome::err(1, "error: no status viewer has been implemented for Pod")
                }
                _ => self.not_modelled(&k.to_line(), "kubectl rollout status deployment/NAME"),
            },
            KubectlCommand::Apply(a) => {
                if a.dry_run.as_deref().is_some_and(|d| d != "none") {
                    return Some(self.not_modelled(&k.to_line(), "kubectl apply -f FILE"));
                }
                self.kubectl_apply(&a.files, k.namespace.as_deref())
            }
            KubectlCommand::Delete(d) if matches!(d.target.kind, ResourceKind::Deployments) => {
                if d.target.names.is_empty() {
                    return Some(self.not_modelled(&k.to_line(), "kubectl delete deployment NAME"));
                }
                let mut out = Outcome::default();
                for n in &d.target.names {
                    out.join(self.kubectl_delete_deployment(ns, n));
                }
                out
            }
            KubectlCommand::Get(g) => {
                let structured = matches!(
                    g.output,
                    Some(
                        OutputFormat::Json
                            | OutputFormat::Yaml
                            | OutputFormat::Name
                            | OutputFormat::Other(_)
                    )
                );
                match &g.target.kind {
                    ResourceKind::Nodes => self.kubectl_get_node_objects(g),
                    ResourceKind::Pods if !structured && g.selector.is_some() => {
                        let sel = g.selector.as_deref().unwrap_or("");
                        let Some(sel) = Selector::parse(sel) else {
                            return Some(Outcome::err(
                                1,
                                format!("error: unable to parse requirement: {sel}"),
                            ));
                        };
                        let keep: Vec<String> = self
                            .pods
                            .keys()
                            .filter(|k| g.all_namespaces || k.0 == ns)
                            .filter(|k| sel.matches(&self.pod_labels(k)))
                            .map(|k| k.1.clone())
                            .collect();
                        let out = self.kubectl_get_pods(ns, false, g.all_namespaces);
                        keep_rows(out, &keep, g.all_namespaces, ns)
                    }
                    ResourceKind::Pods if structured || g.sort_by.is_some() => {
                        if !ns_known && !g.all_namespaces {
                            return Some(Outcome::err(
                                0,
                                format!("No resources found in {ns} namespace."),
                            ));
                        }
                        self.kubectl_get_objects(ns, g)
                    }
                    ResourceKind::Deployments
                    | ResourceKind::ReplicaSets
                    | ResourceKind::Events => {
                        if !ns_known && !g.all_namespaces {
                            return Some(Outcome::err(
                                0,
                                format!("No resources found in {ns} namespace."),
                            ));
                        }
                        self.kubectl_get_objects(ns, g)
                    }
                    _ => return None,
                }
            }
            KubectlCommand::Describe(d)
                if matches!(d.target.kind, ResourceKind::Pods)
                    && d.target.names.is_empty()
                    && d.selector.is_some() =>
            {
                let sel = d.selector.as_deref().unwrap_or("");
                let Some(sel) = Selector::parse(sel) else {
                    return Some(Outcome::err(
                        1,
                        format!("error: unable to parse requirement: {sel}"),
                    ));
                };
                let keys: Vec<(String, String)> = self
                    .pods
                    .keys()
                    .filter(|k| d.all_namespaces || k.0 == ns)
                    .filter(|k| sel.matches(&self.pod_labels(k)))
                    .cloned()
                    .collect();
                if keys.is_empty() {
                    return Some(Outcome::err(
                        0,
                        format!("No resources found in {ns} namespace."),
                    ));
                }
                let mut out = Outcome::default();
                for (i, (pns, n)) in keys.iter().enumerate() {
                    if i > 0 {
                        out.stdout.push_str("\n\n");
                    }
                    out.join(self.kubectl_describe_pod(pns, n));
                }
                out
            }
            KubectlCommand::Describe(d) => match &d.target.kind {
                ResourceKind::Nodes => {
                    let names = if d.target.names.is_empty() {
                        vec![crate::engine::NODE.to_string()]
                    } else {
                        d.target.names.clone()
                    };
                    let mut out = Outcome::default();
                    for n in &names {
                        out.join(self.kubectl_describe_node(n));
                    }
                    out
                }
                _ => return None,
            },
            _ => return None,
        })
    }
}

/// An equality-based label selector (`k=v`, `k==v`, `k!=v`, `k`, `!k`,
/// comma-separated: all must hold).
pub(crate) struct Selector(Vec<Requirement>);

/// One requirement: the key, `Some((equal, value))` for `=`/`!=`, and for
/// a bare key whether it must be present (`k`) or absent (`!k`).
type Requirement = (String, Option<(bool, String)>, bool);

impl Selector {
    pub(crate) fn parse(s: &str) -> Option<Selector> {
        let mut reqs = Vec::new();
        for part in s.split(',') {
            let part = part.trim();
            if part.is_empty() {
                return None;
            }
            if let Some((k, v)) = part.split_once("!=") {
                reqs.push((
                    k.trim().to_string(),
                    Some((false, v.trim().to_string())),
                    true,
                ));
            } else if let Some((k, v)) = part.split_once("==").or_else(|| part.split_once('=')) {
                reqs.push((
                    k.trim().to_string(),
                    Some((true, v.trim().to_string())),
                    true,
                ));
            } else if let Some(k) = part.strip_prefix('!') {
                reqs.push((k.trim().to_string(), None, false));
            } else {
                reqs.push((part.to_string(), None, true));
            }
        }
        Some(Selector(reqs))
    }

    pub(crate) fn matches(&self, labels: &[(String, String)]) -> bool {
        self.0.iter().all(|(k, cond, present)| {
            let got = labels.iter().find(|(lk, _)| lk == k).map(|(_, v)| v);
            match cond {
                None => got.is_some() == *present,
                Some((true, v)) => got == Some(v),
                Some((false, v)) => got != Some(v),
            }
        })
    }
}

/// The rows of a pod table whose NAME is kept, re-aligned as kubectl
/// aligns what it prints.
fn keep_rows(out: Outcome, keep: &[String], all_ns: bool, ns: &str) -> Outcome {
    let name_col = usize::from(all_ns);
    let rows: Vec<Vec<String>> = out
        .stdout
        .lines()
        .enumerate()
        .filter(|(i, l)| {
            *i == 0
                || l.split("   ")
                    .filter(|c| !c.is_empty())
                    .nth(name_col)
                    .is_some_and(|n| keep.iter().any(|k| k == n.trim()))
        })
        .map(|(_, l)| {
            l.split("   ")
                .filter(|c| !c.is_empty())
                .map(|c| c.trim().to_string())
                .collect()
        })
        .collect();
    if rows.len() <= 1 {
        return Outcome::err(
            0,
            if all_ns {
                "No resources found".to_string()
            } else {
                format!("No resources found in {ns} namespace.")
            },
        );
    }
    Outcome::ok(crate::engine::format::tabwriter(&rows, 6, 3))
}

impl World {
    /// A Pod's labels: its template's, else `run=NAME` (`kubectl run`).
    pub(crate) fn pod_labels(&self, key: &(String, String)) -> Vec<(String, String)> {
        match self.kobj.pod_owner.get(key) {
            Some(o) => o.template.labels.clone(),
            None => vec![("run".to_string(), key.1.clone())],
        }
    }
}

impl Outcome {
    /// Appends another answer (one per named object), keeping the worst exit.
    pub(crate) fn join(&mut self, o: Outcome) {
        self.stdout.push_str(&o.stdout);
        self.stderr.push_str(&o.stderr);
        self.exit = self.exit.max(o.exit);
        self.remarks.extend(o.remarks);
    }
}
