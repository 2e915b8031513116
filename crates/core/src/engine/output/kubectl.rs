//! What kubectl prints from the API server: `get pods`, `get nodes`, `describe pod`.

use super::super::format::{kube_age, tabwriter};
use super::super::{h, Outcome, World, NODE};
use crate::config::Runtime;
use crate::lifecycle::task::TaskStatus;
use crate::msg;
use crate::trace::{Component, Iface};

/// `kubectl get pods`'s header.
pub(crate) fn pod_head(wide: bool, all_ns: bool) -> Vec<&'static str> {
    let mut head = vec!["NAME", "READY", "STATUS", "RESTARTS", "AGE"];
    if all_ns {
        head.insert(0, "NAMESPACE");
    }
    if wide {
        head.extend(["IP", "NODE", "NOMINATED NODE", "READINESS GATES"]);
    }
    head
}

impl World {
    /// How the API server serves a list with no resourceVersion (a consistent
    /// read): from etcd until Kubernetes 1.31; from 1.31 on
    /// (ConsistentListFromCache, beta) from its watch cache, once the cache
    /// has caught up with etcd's current revision.
    pub(crate) fn apiserver_list(&mut self, prefix: &str) {
        let hop = h(
            Component::KubeApiserver,
            Component::Etcd,
            Iface::Etcd,
            "KV/Range",
        )
        .d("key", prefix.to_string());
        self.emit(if self.cfg.k8s.0 >= 31 {
            hop.note(msg!("rt-kubectl-list-cache")).d("limit", 1)
        } else {
            hop.note(msg!("rt-kubectl-list-etcd"))
                .d("range_end", format!("{}0", prefix.trim_end_matches('/')))
        });
    }

    pub(crate) fn kubectl_get_pods(&mut self, ns: &str, wide: bool, all_ns: bool) -> Outcome {
        let path = if all_ns {
            "/api/v1/pods".to_string()
        } else {
            format!("/api/v1/namespaces/{ns}/pods")
        };
        self.emit(
            h(
                Component::Kubectl,
                Component::KubeApiserver,
                Iface::K8sApi,
                format!("GET {path}"),
            )
            .note(msg!("rt-kubectl-get-pods")),
        );
        let prefix = if all_ns {
            "/registry/pods/".to_string()
        } else {
            format!("/registry/pods/{ns}/")
        };
        self.apiserver_list(&prefix);
        let head = pod_head(wide, all_ns);
        let mut rows = vec![head.into_iter().map(String::from).collect::<Vec<_>>()];
        for ((pns, _), p) in &self.pods {
            if !all_ns && pns != ns {
                continue;
            }
            rows.push(self.pod_row(p, wide, all_ns).1);
        }
        if rows.len() == 1 {
            return Outcome::err(
                0,
                if all_ns {
                    "No resources found".to_string()
                } else {
                    format!("No resources found in {ns} namespace.")
                },
            );
        }
        Outcome::ok(tabwriter(&rows, 6, 3))
    }

    /// A pod's row in `kubectl get pods` and what it says apart from its
    /// age (a watch prints a row again only when that changes).
    pub(crate) fn pod_row(
        &self,
        p: &super::super::Pod,
        wide: bool,
        all_ns: bool,
    ) -> (String, Vec<String>) {
        let now = self.now_ms;
        let status = super::super::kube::kubectl_status(&p.view, p.deleting.is_some());
        let restarts = if p.restarts == 0 {
            "0".to_string()
        } else {
            let last = p
                .container_id
                .as_ref()
                .and_then(|c| self.ctrs.get(c))
                .map(|c| c.created_ms)
                .unwrap_or(now);
            format!(
                "{} ({} ago)",
                p.restarts,
                kube_age(now.saturating_sub(last))
            )
        };
        let state = format!("{}|{status}|{}|{}|{:?}", p.ready, p.restarts, p.ip, p.node);
        let mut r = vec![
            p.name.clone(),
            format!("{}/1", u8::from(p.ready)),
            status,
            restarts,
            kube_age(now.saturating_sub(p.created_ms)),
        ];
        if all_ns {
            r.insert(0, p.namespace.clone());
        }
        if wide {
            r.extend([
                if p.ip.is_empty() {
                    "<none>".to_string()
                } else {
                    p.ip.clone()
                },
                p.node.clone().unwrap_or_else(|| "<none>".into()),
                "<none>".into(),
                "<none>".into(),
            ]);
        }
        (state, r)
    }

    /// `kubectl describe pod NAME`.
    pub(crate) fn kubectl_describe_pod(&mut self, ns: &str, name: &str) -> Outcome {
        self.emit(h(
            Component::Kubectl,
            Component::KubeApiserver,
            Iface::K8sApi,
            format!("GET /api/v1/namespaces/{ns}/pods/{name}"),
        ));
        let Some(p) = self.pods.get(&(ns.to_string(), name.to_string())).cloned() else {
            return Outcome::err(
                1,
                format!("Error from server (NotFound): pods \"{name}\" not found"),
            );
        };
        self.emit(
            h(
                Component::Kubectl,
                Component::KubeApiserver,
                Iface::K8sApi,
                format!(
                    "GET /api/v1/namespaces/{ns}/events?fieldSelector=involvedObject.name={name}"
                ),
            )
            .note(msg!("rt-kubectl-describe-events")),
        );
        let now = self.now_ms;
        let (view, phase, _) = self.pod_view(&p);
        let ctr = p.container_id.as_ref().and_then(|c| self.ctrs.get(c));
        let cid = ctr
            .map(|c| {
                let scheme = match self.cfg.runtime {
                    Runtime::Containerd17 | Runtime::Containerd2 => "containerd",
                    Runtime::CriO => "cri-o",
                    _ => "docker",
                };
                format!("{scheme}://{}", c.id)
            })
            .unwrap_or_default();
        let image_id = ctr.map(|c| c.image_ref.clone()).unwrap_or_default();
        let mut s = String::new();
        let kv =
            |s: &mut String, k: &str, v: &str| s.push_str(&format!("{:<18}{v}\n", format!("{k}:")));
        kv(&mut s, "Name", &p.name);
        kv(&mut s, "Namespace", &p.namespace);
        kv(&mut s, "Priority", "0");
        kv(&mut s, "Service Account", "default");
        kv(
            &mut s,
            "Node",
            &p.node
                .as_ref()
                .map(|n| format!("{n}/192.168.49.2"))
                .unwrap_or_else(|| "<none>".into()),
        );
        kv(
            &mut s,
            "Start Time",
            &super::kubectl_node::rfc1123z(&World::rfc3339(p.created_ms, false)),
        );
        let key = (p.namespace.clone(), p.name.clone());
        let labels = match self.kobj.pod_owner.get(&key) {
            Some(o) if !o.template.labels.is_empty() => {
                let mut l = o.template.labels.clone();
                crate::order::sort_by(&mut l, |a, b| a.0.cmp(&b.0));
                l.iter()
                    .map(|(k, v)| format!("{k}={v}"))
                    .collect::<Vec<_>>()
                    .join(&format!("\n{:<18}", ""))
            }
            Some(_) => "<none>".to_string(),
            None => format!("run={}", p.name),
        };
        kv(&mut s, "Labels", &labels);
        kv(&mut s, "Annotations", "<none>");
        kv(
            &mut s,
            "Status",
            if p.deleting.is_some() {
                "Terminating"
            } else {
                phase.as_str()
            },
        );
        kv(&mut s, "IP", if p.ip.is_empty() { "" } else { &p.ip });
        s.push_str("Containers:\n");
        s.push_str(&format!("  {}:\n", self.pod_container_name(&key)));
        s.push_str(&format!("    Container ID:   {cid}\n"));
        s.push_str(&format!("    Image:          {}\n", p.image));
        s.push_str(&format!("    Image ID:       {image_id}\n"));
        match p.port {
            Some(port) => s.push_str(&format!(
                "    Port:           {port}/TCP\n    Host Port:      0/TCP\n"
            )),
            None => s.push_str("    Port:           <none>\n    Host Port:      <none>\n"),
        }
        let state = super::super::kube::kubectl_status(&view, false);
        let (st, detail) = match ctr {
            Some(c) if c.task == Some(TaskStatus::Running) => (
                "Running".to_string(),
                format!("      Started:      {}\n", super::kubectl_node::rfc1123z(&World::rfc3339(c.started_ms, false))),
            ),
            Some(c) if c.finished_ms > 0 => (
                "Terminated".to_string(),
                format!(
                    "      Reason:       {}\n      Exit Code:    {}\n      Started:      {}\n      Finished:     {}\n",
                    if c.oom { "OOMKilled" } else if c.exit_code == 0 { "Completed" } else { "Error" },
                    c.exit_code,
                    super::kubectl_node::rfc1123z(&World::rfc3339(c.started_ms, false)),
                    super::kubectl_node::rfc1123z(&World::rfc3339(c.finished_ms, false))
                ),
            ),
            _ => ("Waiting".to_string(), format!("      Reason:       {state}\n")),
        };
        let st = if state == "CrashLoopBackOff"
            || state == "ContainerCreating"
            || state == "ErrImagePull"
            || state == "ErrImageNeverPull"
            || state == "ImagePullBackOff"
        {
            format!("Waiting\n      Reason:       {state}")
        } else {
            st
        };
        if st.starts_with("Waiting") && st.contains('\n') {
            s.push_str(&format!("    State:          {st}\n"));
        } else {
            s.push_str(&format!("    State:          {st}\n{detail}"));
        }
        let last = self.pod_json(&p);
        let last = &last["status"]["containerStatuses"][0]["lastState"]["terminated"];
        if last.is_object() {
            let t = |k: &str| super::kubectl_jsonpath::text(&last[k]);
            s.push_str(&format!(
                "    Last State:     Terminated\n      Reason:       {}\n      Exit Code:    {}\n      Started:      {}\n      Finished:     {}\n",
                t("reason"),
                t("exitCode"),
                super::kubectl_node::rfc1123z(&t("startedAt")),
                super::kubectl_node::rfc1123z(&t("finishedAt"))
            ));
        }
        s.push_str(&format!(
            "    Ready:          {}\n",
            if p.ready { "True" } else { "False" }
        ));
        s.push_str(&format!("    Restart Count:  {}\n", p.restarts));
        match p.memory_limit {
            // The API server defaults requests to the limits.
            Some(m) => s.push_str(&format!(
                "    Limits:\n      memory:  {0}Mi\n    Requests:\n      memory:     {0}Mi\n    Environment:  <none>\n",
                m >> 20
            )),
            None => s.push_str("    Environment:    <none>\n"),
        }
        if !p.sa_volume.is_empty() {
            s.push_str(&format!(
                "    Mounts:\n      {} from {} (ro)\n",
                crate::engine::kube::SA_MOUNT_PATH,
                p.sa_volume
            ));
        }
        s.push_str(&format!("Conditions:\n  {:<27} Status\n", "Type"));
        let sched = p.node.is_some();
        let ready = if p.ready { "True" } else { "False" };
        for (t, v) in [
            (
                "PodReadyToStartContainers",
                if p.sandbox_id.is_some() {
                    "True"
                } else {
                    "False"
                },
            ),
            ("Initialized", "True"),
            ("Ready", ready),
            ("ContainersReady", ready),
            ("PodScheduled", if sched { "True" } else { "False" }),
        ] {
            s.push_str(&format!("  {t:<27} {v}\n"));
        }
        s.push_str(&self.describe_volumes(&p));
        if p.events.is_empty() {
            s.push_str("Events:           <none>\n");
        } else {
            s.push_str("Events:\n");
            let mut rows = vec![
                ["Type", "Reason", "Age", "From", "Message"]
                    .map(String::from)
                    .to_vec(),
                ["----", "------", "----", "----", "-------"]
                    .map(String::from)
                    .to_vec(),
            ];
            for (at, ty, reason, msg) in &p.events {
                rows.push(vec![
                    ty.to_string(),
                    reason.to_string(),
                    kube_age(now.saturating_sub(*at)),
                    if *reason == "Scheduled" || *reason == "FailedScheduling" {
                        "default-scheduler".into()
                    } else {
                        "kubelet".into()
                    },
                    msg.clone(),
                ]);
            }
            for line in tabwriter(&rows, 0, 2).lines() {
                s.push_str("  ");
                s.push_str(line);
                s.push('\n');
            }
        }
        Outcome::ok(s)
    }

    /// `kubectl get nodes [-o wide]`: the node the kubelet registered.
    pub(crate) fn kubectl_get_nodes(&mut self, wide: bool) -> Outcome {
        self.emit(
            h(
                Component::Kubectl,
                Component::KubeApiserver,
                Iface::K8sApi,
                "GET /api/v1/nodes",
            )
            .note(msg!("rt-kubectl-get-nodes")),
        );
        self.apiserver_list("/registry/minions/");
        let v = self.k8s_patch();
        let runtime = self.container_runtime_version();
        let mut rows = vec![vec!["NAME", "STATUS", "ROLES", "AGE", "VERSION"]
            .into_iter()
            .map(String::from)
            .collect::<Vec<_>>()];
        let mut row = vec![
            NODE.to_string(),
            format!(
                "{}{}",
                if self.node_ready() {
                    "Ready"
                } else {
                    "NotReady"
                },
                if self.node.object.unschedulable {
                    ",SchedulingDisabled"
                } else {
                    ""
                }
            ),
            "control-plane".into(),
            "12d".into(),
            v,
        ];
        if wide {
            rows[0].extend(
                [
                    "INTERNAL-IP",
                    "EXTERNAL-IP",
                    "OS-IMAGE",
                    "KERNEL-VERSION",
                    "CONTAINER-RUNTIME",
                ]
                .map(String::from),
            );
            row.extend([
                "192.168.49.2".to_string(),
                "<none>".into(),
                "Debian GNU/Linux 12 (bookworm)".into(),
                "6.1.0-27-amd64".into(),
                runtime,
            ]);
        }
        rows.push(row);
        Outcome::ok(tabwriter(&rows, 0, 3))
    }
}

impl World {
    /// `kubectl describe pod`'s volumes and the lines that share their
    /// tabwriter block (QoS class, node selectors, the tolerations the
    /// DefaultTolerationSeconds admission plugin adds).
    fn describe_volumes(&self, p: &crate::engine::Pod) -> String {
        let mut s = String::new();
        let mut rows: Vec<(String, String)> = Vec::new();
        if !p.sa_volume.is_empty() {
            s.push_str(&format!("Volumes:\n  {}:\n", p.sa_volume));
            let vol: &[(&str, String)] = if self.cfg.k8s.0 < 21 {
                &[
                    ("Type", "Secret (a volume populated by a Secret)".into()),
                    ("SecretName", p.sa_volume.clone()),
                    ("Optional", "false".into()),
                ]
            } else {
                &[
                    (
                        "Type",
                        "Projected (a volume that contains injected data from multiple sources)"
                            .into(),
                    ),
                    ("TokenExpirationSeconds", "3607".into()),
                    ("ConfigMapName", "kube-root-ca.crt".into()),
                    ("ConfigMapOptional", "<nil>".into()),
                    ("DownwardAPI", "true".into()),
                ]
            };
            for (k, v) in vol {
                rows.push((format!("    {k}:"), v.clone()));
            }
        }
        let qos = if p.memory_limit.is_some() {
            "Burstable"
        } else {
            "BestEffort"
        };
        rows.push(("QoS Class:".into(), qos.into()));
        rows.push(("Node-Selectors:".into(), "<none>".into()));
        rows.push((
            "Tolerations:".into(),
            "node.kubernetes.io/not-ready:NoExecute op=Exists for 300s".into(),
        ));
        rows.push((
            String::new(),
            "node.kubernetes.io/unreachable:NoExecute op=Exists for 300s".into(),
        ));
        let width = rows.iter().map(|r| r.0.len()).max().unwrap_or(0) + 2;
        for (k, v) in rows {
            s.push_str(&format!("{k:<width$}{v}\n"));
        }
        s
    }
}
