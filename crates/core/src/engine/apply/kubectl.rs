//! `kubectl` lines: run, get, describe, delete, exec, logs, version.

use super::super::kube::{OverridesError, PodSpec};
use super::super::{h, Follow, Outcome, World};
use super::{filter_names, K8S_NAMESPACES};
use crate::command::kubectl::{Kubectl, KubectlCommand, ResourceKind, RestartPolicy};
use crate::lifecycle::kubelet::RestartPolicy as PodRestart;
use crate::msg;
use crate::trace::{Component, Iface};

impl World {
    pub(crate) fn apply_kubectl(&mut self, k: &Kubectl) -> Outcome {
        let ns = k.namespace.as_deref().unwrap_or("default").to_string();
        let ns_known =
            K8S_NAMESPACES.contains(&ns.as_str()) || self.kobj.namespaces.contains_key(&ns);
        if let Some(out) = self.apply_kubectl_workload(k, &ns, ns_known) {
            return out;
        }
        let no_ns = || {
            Outcome::err(
                1,
                format!("Error from server (NotFound): namespaces \"{ns}\" not found"),
            )
        };
        const MODELLED: &str =
            "kubectl run, get pods|nodes|deployments|replicasets|events, describe pod|node, delete pod, exec, logs, create deployment, scale, set resources, rollout status, apply -f, version";
        match &k.command {
            KubectlCommand::Run(r) => {
                if r.limits.is_some() && self.cfg.k8s.0 >= 24 {
                    return Outcome::err(
                        1,
                        "error: unknown flag: --limits\nSee 'kubectl run --help' for usage.",
                    )
                    .remark(msg!("said-kubectl-limits-removed"));
                }
                if r.requests.is_some() && self.cfg.k8s.0 >= 24 {
                    return Outcome::err(
                        1,
                        "error: unknown flag: --requests\nSee 'kubectl run --help' for usage.",
                    );
                }
                if r.rm && !(r.stdin || r.tty) {
                    return Outcome::err(
                        1,
                        "error: --rm should only be used for attached containers",
                    );
                }
                if r.stdin || r.tty {
                    return self.not_modelled(
                        &k.to_line(),
                        msg!("said-modelled-kubectl-run-detached"),
                    );
                }
                let mut memory_limit = match r.memory_limit_bytes() {
                    Some(Ok(b)) => Some(b),
                    Some(Err(e)) => {
                        return Outcome::err(1, format!("error: {e}"));
                    }
                    None => None,
                };
                let mut image = r.image.clone();
                let (mut command, mut args) = if r.command {
                    (r.args.clone(), Vec::new())
                } else {
                    (Vec::new(), r.args.clone())
                };
                let mut runtime_class = None;
                if let Some(text) = &r.overrides {
                    match super::super::kube::overrides(text, r.override_type.as_deref()) {
                        Ok(o) => {
                            if let Some(c) = o.container {
                                image = c.image;
                                command = c.command;
                                args = c.args;
                                memory_limit = c.memory_limit;
                            }
                            runtime_class = o.runtime_class;
                        }
                        Err(OverridesError::Kubectl(e)) => {
                            return Outcome::err(1, format!("error: {e}"))
                        }
                        Err(OverridesError::NotModelled(m)) => {
                            return Outcome::said(1, msg!("said-kubectl-error", said = m))
                        }
                    }
                }
                if let Some(mode) = &r.dry_run {
                    if mode != "none" {
                        return Outcome::ok(format!("pod/{} created ({mode} dry run)\n", r.name));
                    }
                }
                if !ns_known {
                    return no_ns();
                }
                self.kubectl_run(PodSpec {
                    namespace: ns,
                    name: r.name.clone(),
                    image,
                    command,
                    args,
                    restart: match r.restart_policy() {
                        RestartPolicy::Always => PodRestart::Always,
                        RestartPolicy::OnFailure => PodRestart::OnFailure,
                        RestartPolicy::Never => PodRestart::Never,
                    },
                    memory_limit,
                    port: r.port.and_then(|p| u16::try_from(p).ok()),
                    runtime_class,
                })
            }
            KubectlCommand::Get(g) => match &g.target.kind {
                ResourceKind::Pods => {
                    if !ns_known && !g.all_namespaces {
                        return Outcome::err(0, format!("No resources found in {ns} namespace."));
                    }
                    let wide = matches!(g.output, Some(crate::command::kubectl::OutputFormat::Wide));
                    if g.output.is_some() && !wide {
                        return self.not_modelled(&k.to_line(), "kubectl get pods [-o wide]");
                    }
                    if g.watch && g.target.names.len() > 1 {
                        return self.not_modelled(&k.to_line(), msg!("said-modelled-without", command = "kubectl get pods NAME NAME…", flag = "--watch"));
                    }
                    let out = self.kubectl_get_pods(&ns, wide, g.all_namespaces);
                    if g.watch {
                        let name = g.target.names.first().map(String::as_str);
                        let out = match name {
                            Some(_) => filter_names(out, &g.target.names, "pods"),
                            None => out,
                        };
                        return self.kubectl_watch_pods(out, &ns, wide, g.all_namespaces, name);
                    }
                    filter_names(out, &g.target.names, "pods")
                }
                ResourceKind::Nodes => self.kubectl_get_nodes(g.output.is_some()),
                ResourceKind::Namespaces => {
                    self.emit(h(
                        Component::Kubectl,
                        Component::KubeApiserver,
                        Iface::K8sApi,
                        "GET /api/v1/namespaces",
                    ));
                    // The built-in namespaces and the ones created since,
                    // sorted by name as kubectl prints them.
                    let mut rows: Vec<(String, String)> = K8S_NAMESPACES
                        .iter()
                        .map(|n| (n.to_string(), "12d".to_string()))
                        .collect();
                    for (n, created) in self.kobj.namespaces.iter() {
                        if !K8S_NAMESPACES.contains(&n.as_str()) {
                            let age = crate::engine::format::kube_age(
                                self.now_ms.saturating_sub(*created),
                            );
                            rows.push((n.clone(), age));
                        }
                    }
                    rows.sort();
                    let width = rows.iter().map(|(n, _)| n.len()).max().unwrap_or(0).max(4);
                    let mut s = format!("{:<w$}   STATUS   AGE\n", "NAME", w = width);
                    for (n, age) in rows {
                        s.push_str(&format!("{n:<w$}   Active   {age}\n", w = width));
                    }
                    Outcome::ok(s)
                }
                ResourceKind::Deployments
                | ResourceKind::ReplicaSets
                | ResourceKind::Services
                | ResourceKind::Events
                | ResourceKind::All => {
                    self.not_modelled(&k.to_line(), msg!("said-modelled-kubectl-get"))
                }
                ResourceKind::Other(kind) => Outcome::err(
                    1,
                    format!("error: the server doesn't have a resource type \"{kind}\""),
                ),
            },
            KubectlCommand::Describe(d) => match &d.target.kind {
                ResourceKind::Pods if !d.target.names.is_empty() => {
                    let mut out = Outcome::default();
                    for n in &d.target.names {
                        let o = self.kubectl_describe_pod(&ns, n);
                        out.stdout.push_str(&o.stdout);
                        out.stderr.push_str(&o.stderr);
                        out.exit = out.exit.max(o.exit);
                    }
                    out
                }
                _ => self.not_modelled(&k.to_line(), MODELLED),
            },
            KubectlCommand::Delete(d) => {
                if !matches!(d.target.kind, ResourceKind::Pods) {
                    return self.not_modelled(&k.to_line(), "kubectl delete pod NAME [--grace-period=N] [--force] [--now] [--all]");
                }
                let grace = if d.now {
                    Some(1)
                } else {
                    d.grace_period.and_then(|g| u64::try_from(g).ok())
                };
                let names: Vec<String> = if d.all {
                    self.pods
                        .keys()
                        .filter(|(pns, _)| *pns == ns)
                        .map(|(_, n)| n.clone())
                        .collect()
                } else {
                    d.target.names.clone()
                };
                if names.is_empty() {
                    return if d.all {
                        Outcome::ok("No resources found\n")
                    } else {
                        Outcome::err(1, "error: resource(s) were provided, but no name was specified")
                    };
                }
                let mut out = Outcome::default();
                if d.force && grace == Some(0) {
                    out.stderr.push_str("Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.\n");
                }
                for n in names {
                    let o = self.kubectl_delete(&ns, &n, grace, d.force);
                    out.stdout.push_str(&o.stdout);
                    out.stderr.push_str(&o.stderr);
                    out.exit = out.exit.max(o.exit);
                }
                // The ReplicaSet controller replaces a Pod it owns.
                if !self.kobj.replicasets.is_empty() {
                    self.run_controllers();
                }
                out
            }
            KubectlCommand::Exec(e) => {
                if let Some(c) = &e.container {
                    let pod = e.pod.rsplit('/').next().unwrap_or(&e.pod).to_string();
                    if *c != self.pod_container_name(&(ns.clone(), pod)) {
                        return Outcome::err(
                            1,
                            format!("Error from server (BadRequest): container {c} is not valid for pod {}", e.pod),
                        );
                    }
                }
                self.kubectl_exec(&ns, &e.pod, &e.command, e.tty)
            }
            KubectlCommand::Logs(l) => {
                if l.follow && l.previous {
                    return self.not_modelled(&k.to_line(), "kubectl logs -f POD [--tail=N]");
                }
                let mut out = self.kubectl_logs(&ns, &l.pod, l.previous, l.follow);
                if l.follow {
                    let id = self
                        .pods
                        .get(&(ns.to_string(), l.pod.clone()))
                        .and_then(|p| p.container_id.clone());
                    let followed = id.and_then(|id| Follow::logs(self, &id, l.timestamps));
                    out = World::following(out, followed);
                }
                if let Some(n) = l.tail.filter(|n| *n >= 0) {
                    let lines: Vec<&str> = out.stdout.lines().collect();
                    let keep = lines.len().saturating_sub(n as usize);
                    out.stdout = lines[keep..].iter().map(|l| format!("{l}\n")).collect();
                }
                out
            }
            KubectlCommand::Version(_) => {
                let v = self.k8s_patch();
                Outcome::ok(format!(
                    "Client Version: {v}\nKustomize Version: v5.0.4-0.20230601165947-6ce0bf390ce3\nServer Version: {v}\n"
                ))
            }
            // Answered by apply_kubectl_workload.
            KubectlCommand::CreateDeployment(_)
            | KubectlCommand::CreateNamespace { .. }
            | KubectlCommand::Scale(_)
            | KubectlCommand::Apply(_)
            | KubectlCommand::RolloutStatus(_)
            | KubectlCommand::SetResources(_) => {
                self.not_modelled(&k.to_line(), msg!("said-modelled-bare-pods"))
            }
            KubectlCommand::Help { .. } => Outcome::ok(
                "kubectl controls the Kubernetes cluster manager.\n\n Find more information at: https://kubernetes.io/docs/reference/kubectl/\n\n",
            )
            .remark(msg!("said-simulated", list = MODELLED)),
        }
    }

    pub(crate) fn k8s_patch(&self) -> String {
        format!("v1.{}.{}", self.cfg.k8s.0, 4)
    }
}
