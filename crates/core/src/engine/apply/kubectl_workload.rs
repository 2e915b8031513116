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

impl Outcome {
    /// Appends another answer (one per named object), keeping the worst exit.
    pub(crate) fn join(&mut self, o: Outcome) {
        self.stdout.push_str(&o.stdout);
        self.stderr.push_str(&o.stderr);
        self.exit = self.exit.max(o.exit);
        self.remarks.extend(o.remarks);
    }
}
