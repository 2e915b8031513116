//! The API objects as kubectl receives them (JSON): Pods, Deployments,
//! ReplicaSets, Events; `kubectl get` of them as tables or through
//! `-o json|yaml|name|jsonpath=…|custom-columns=…`, `--sort-by`.

use serde_json::{json, Map, Value};

use super::super::format::{kube_age, tabwriter};
use super::super::kube::objects::{Event, Template};
use super::super::{h, Outcome, Pod, World};
use super::kubectl_jsonpath::{render, select, text};
use super::kubectl_yaml::to_yaml;
use crate::command::kubectl::{KubectlGet, OutputFormat, ResourceKind};
use crate::lifecycle::task::TaskStatus;
use crate::msg;
use crate::trace::{Component, Iface};

fn pairs(l: &[(String, String)]) -> Value {
    let mut m = Map::new();
    for (k, v) in l {
        m.insert(k.clone(), Value::String(v.clone()));
    }
    Value::Object(m)
}

fn container_json(t: &Template) -> Value {
    let mut c = json!({
        "image": t.image,
        "imagePullPolicy": t.pull_policy.as_deref().unwrap_or(super::super::kube::pull_policy(&t.image)),
        "name": t.container,
        "resources": {},
        "terminationMessagePath": "/dev/termination-log",
        "terminationMessagePolicy": "File",
    });
    let mut res = Map::new();
    if !t.limits.is_empty() {
        res.insert("limits".into(), pairs(&t.limits));
    }
    if !t.requests.is_empty() {
        res.insert("requests".into(), pairs(&t.requests));
    }
    c["resources"] = Value::Object(res);
    if !t.command.is_empty() {
        c["command"] = json!(t.command);
    }
    if !t.args.is_empty() {
        c["args"] = json!(t.args);
    }
    if let Some(p) = t.port {
        c["ports"] = json!([{"containerPort": p, "protocol": "TCP"}]);
    }
    c
}

impl World {
    fn runtime_scheme(&self) -> &'static str {
        match self.cfg.runtime {
            crate::config::Runtime::Containerd17 | crate::config::Runtime::Containerd2 => {
                "containerd"
            }
            crate::config::Runtime::CriO => "cri-o",
            _ => "docker",
        }
    }

    /// The template a Pod was made from (a ReplicaSet's or a manifest's),
    /// or the one `kubectl run` implies.
    fn pod_template(&self, p: &Pod) -> Template {
        let key = (p.namespace.clone(), p.name.clone());
        if let Some(o) = self.kobj.pod_owner.get(&key) {
            return o.template.clone();
        }
        let mut limits = Vec::new();
        if let Some(m) = p.memory_limit {
            limits.push(("memory".to_string(), format!("{}Mi", m >> 20)));
        }
        Template {
            labels: vec![("run".into(), p.name.clone())],
            container: p.name.clone(),
            image: p.image.clone(),
            command: p.command.clone(),
            args: p.args.clone(),
            port: p.port,
            limits,
            requests: Vec::new(),
            pull_policy: None,
        }
    }

    fn terminated_json(&self, c: &crate::engine::Ctr) -> Value {
        json!({"terminated": {
            "containerID": format!("{}://{}", self.runtime_scheme(), c.id),
            "exitCode": c.exit_code,
            "finishedAt": World::rfc3339(c.finished_ms, false),
            "reason": crate::lifecycle::cri::exit_reason(c.exit_code, c.oom),
            "startedAt": World::rfc3339(c.started_ms, false),
        }})
    }

    /// A Pod as the API server returns it.
    pub(crate) fn pod_json(&self, p: &Pod) -> Value {
        let t = self.pod_template(p);
        let key = (p.namespace.clone(), p.name.clone());
        let mut meta = json!({
            "creationTimestamp": World::rfc3339(p.created_ms, false),
            "labels": pairs(&t.labels),
            "name": p.name,
            "namespace": p.namespace,
            "uid": p.uid,
        });
        if let Some(o) = self
            .kobj
            .pod_owner
            .get(&key)
            .filter(|o| !o.replicaset.is_empty())
        {
            meta["generateName"] = json!(format!("{}-", o.replicaset));
            let uid = self
                .kobj
                .replicasets
                .get(&(p.namespace.clone(), o.replicaset.clone()))
                .map(|r| r.uid.clone())
                .unwrap_or_default();
            meta["ownerReferences"] = json!([{
                "apiVersion": "apps/v1", "blockOwnerDeletion": true, "controller": true,
                "kind": "ReplicaSet", "name": o.replicaset, "uid": uid,
            }]);
        }
        if let Some(d) = p.deleting {
            meta["deletionTimestamp"] = json!(World::rfc3339(d, false));
            meta["deletionGracePeriodSeconds"] = json!(p.grace_s);
        }
        let mut spec = json!({
            "containers": [container_json(&t)],
            "restartPolicy": p.restart.as_str(),
            "schedulerName": "default-scheduler",
            "serviceAccountName": "default",
            "terminationGracePeriodSeconds": 30,
        });
        if let Some(n) = &p.node {
            spec["nodeName"] = json!(n);
        }
        if let Some(rc) = &p.runtime_class {
            spec["runtimeClassName"] = json!(rc);
        }
        let (view, phase, _) = self.pod_view(p);
        let ctr = p.container_id.as_ref().and_then(|c| self.ctrs.get(c));
        let mut cs = json!({
            "image": t.image,
            "imageID": ctr.map(|c| c.image_ref.clone()).unwrap_or_default(),
            "lastState": {},
            "name": t.container,
            "ready": p.ready,
            "restartCount": p.restarts,
            "started": ctr.is_some_and(|c| c.task == Some(TaskStatus::Running)),
            "state": {},
        });
        if let Some(c) = ctr {
            cs["containerID"] = json!(format!("{}://{}", self.runtime_scheme(), c.id));
        }
        cs["state"] = match (&view, ctr) {
            (crate::lifecycle::kubelet::ContainerView::Running { started_ms }, _) => {
                json!({"running": {"startedAt": World::rfc3339(*started_ms, false)}})
            }
            (crate::lifecycle::kubelet::ContainerView::Terminated { .. }, Some(c)) => {
                self.terminated_json(c)
            }
            (crate::lifecycle::kubelet::ContainerView::Waiting { reason }, _) => {
                json!({"waiting": {"reason": reason}})
            }
            _ => json!({}),
        };
        // The previous container of the pod: lastState.
        let last = self
            .ctrs
            .values()
            .filter(|c| {
                Some(&c.id) != p.container_id.as_ref()
                    && c.labels.get("io.kubernetes.pod.name") == Some(&p.name)
                    && c.labels.get("io.kubernetes.pod.namespace") == Some(&p.namespace)
                    && c.finished_ms > 0
                    && c.origin == crate::engine::Origin::Cri
            })
            .max_by_key(|c| c.attempt);
        let waiting_after_exit = matches!(
            &view,
            crate::lifecycle::kubelet::ContainerView::Waiting { .. }
        );
        if let Some(c) = last {
            cs["lastState"] = self.terminated_json(c);
        } else if let (true, Some(c)) = (waiting_after_exit, ctr.filter(|c| c.finished_ms > 0)) {
            cs["lastState"] = self.terminated_json(c);
        }
        let mut status = json!({
            "containerStatuses": [cs],
            "phase": phase.as_str(),
            "qosClass": if t.limits.is_empty() && t.requests.is_empty() { "BestEffort" } else { "Burstable" },
            "startTime": World::rfc3339(p.created_ms, false),
        });
        if p.node.is_some() {
            status["hostIP"] = json!("192.168.49.2");
        }
        if !p.ip.is_empty() {
            status["podIP"] = json!(p.ip);
        }
        json!({"apiVersion": "v1", "kind": "Pod", "metadata": meta, "spec": spec, "status": status})
    }

    fn deployment_json(&self, key: &(String, String)) -> Value {
        let Some(d) = self.kobj.deployments.get(key) else {
            return Value::Null;
        };
        let s = self.deployment_status(key);
        let labels = pairs(&d.template.labels);
        let mut status = json!({
            "observedGeneration": d.observed,
            "replicas": s.replicas,
            "updatedReplicas": s.updated,
            "readyReplicas": s.ready,
            "availableReplicas": s.available,
        });
        if s.replicas > s.available {
            status["unavailableReplicas"] = json!(s.replicas - s.available);
        }
        json!({
            "apiVersion": "apps/v1", "kind": "Deployment",
            "metadata": {
                "annotations": {"deployment.kubernetes.io/revision": d.revision.to_string()},
                "creationTimestamp": World::rfc3339(d.created_ms, false),
                "generation": d.generation,
                "labels": labels,
                "name": d.name, "namespace": d.namespace, "uid": d.uid,
            },
            "spec": {
                "progressDeadlineSeconds": 600,
                "replicas": d.replicas,
                "revisionHistoryLimit": 10,
                "selector": {"matchLabels": labels},
                "strategy": {"rollingUpdate": {"maxSurge": "25%", "maxUnavailable": "25%"}, "type": "RollingUpdate"},
                "template": {
                    "metadata": {"labels": labels},
                    "spec": {"containers": [container_json(&d.template)], "restartPolicy": "Always"},
                },
            },
            "status": status,
        })
    }

    fn replicaset_json(&self, key: &(String, String)) -> Value {
        let Some(rs) = self.kobj.replicasets.get(key) else {
            return Value::Null;
        };
        let pods = self.rs_pods(&key.0, &key.1);
        let ready = pods.iter().filter(|p| p.1).count();
        let owner_uid = self
            .kobj
            .deployments
            .get(&(key.0.clone(), rs.owner.clone()))
            .map(|d| d.uid.clone())
            .unwrap_or_default();
        let labels = pairs(&rs.template.labels);
        json!({
            "apiVersion": "apps/v1", "kind": "ReplicaSet",
            "metadata": {
                "annotations": {"deployment.kubernetes.io/revision": rs.revision.to_string()},
                "creationTimestamp": World::rfc3339(rs.created_ms, false),
                "labels": labels,
                "name": rs.name, "namespace": rs.namespace,
                "ownerReferences": [{"apiVersion": "apps/v1", "blockOwnerDeletion": true, "controller": true, "kind": "Deployment", "name": rs.owner, "uid": owner_uid}],
                "uid": rs.uid,
            },
            "spec": {
                "replicas": rs.replicas,
                "selector": {"matchLabels": labels},
                "template": {"metadata": {"labels": labels}, "spec": {"containers": [container_json(&rs.template)]}},
            },
            "status": {"availableReplicas": ready, "readyReplicas": ready, "replicas": pods.len()},
        })
    }

    /// Every Event: the controllers' and those recorded on Pods.
    fn all_events(&self) -> Vec<Event> {
        let mut v = Vec::new();
        for ((ns, name), p) in &self.pods {
            for (at, ty, reason, m) in &p.events {
                v.push(Event {
                    namespace: ns.clone(),
                    at_ms: *at,
                    kind: "Pod",
                    name: name.clone(),
                    ty,
                    reason,
                    from: if *reason == "Scheduled" || *reason == "FailedScheduling" {
                        "default-scheduler"
                    } else {
                        "kubelet"
                    },
                    message: m.clone(),
                });
            }
        }
        v.extend(self.kobj.events.iter().cloned());
        crate::order::sort_by_key(&mut v, |e| e.at_ms);
        v
    }

    /// `kubectl get pods|deployments|replicasets|events` beyond the pod table.
    pub(crate) fn kubectl_get_objects(&mut self, ns: &str, g: &KubectlGet) -> Outcome {
        let all = g.all_namespaces;
        let (group, plural) = match g.target.kind {
            ResourceKind::Pods => ("/api/v1", "pods"),
            ResourceKind::Deployments => ("/apis/apps/v1", "deployments"),
            ResourceKind::ReplicaSets => ("/apis/apps/v1", "replicasets"),
            _ => ("/api/v1", "events"),
        };
        let path = if all {
            format!("{group}/{plural}")
        } else {
            format!("{group}/namespaces/{ns}/{plural}")
        };
        self.emit(
            h(
                Component::Kubectl,
                Component::KubeApiserver,
                Iface::K8sApi,
                format!("GET {path}"),
            )
            .note(msg!("kubectl-get-objects", resource = plural)),
        );
        let in_ns = |n: &str| all || n == ns;
        let mut items: Vec<Value> = match g.target.kind {
            ResourceKind::Pods => self.pods.values().filter(|p| in_ns(&p.namespace)).map(|p| self.pod_json(p)).collect(),
            ResourceKind::Deployments => self.kobj.deployments.keys().filter(|k| in_ns(&k.0)).map(|k| self.deployment_json(k)).collect(),
            ResourceKind::ReplicaSets => self.kobj.replicasets.keys().filter(|k| in_ns(&k.0)).map(|k| self.replicaset_json(k)).collect(),
            _ => self
                .all_events()
                .into_iter()
                .filter(|e| in_ns(&e.namespace))
                .enumerate()
                .map(|(i, e)| json!({
                    "apiVersion": "v1", "kind": "Event",
                    "count": 1,
                    "firstTimestamp": World::rfc3339(e.at_ms, false),
                    "involvedObject": {"kind": e.kind, "name": e.name, "namespace": e.namespace},
                    "lastTimestamp": World::rfc3339(e.at_ms, false),
                    "message": e.message,
                    "metadata": {"name": format!("{}.{:016x}", e.name, 0x1880_0000_0000_0000u64 + (e.at_ms << 8) + i as u64), "namespace": e.namespace},
                    "reason": e.reason,
                    "source": {"component": e.from},
                    "type": e.ty,
                }))
                .collect(),
        };
        if let Some(sel) = &g.selector {
            let Some(sel) = crate::engine::apply::Selector::parse(sel) else {
                return Outcome::err(1, format!("error: unable to parse requirement: {sel}"));
            };
            items.retain(|i| {
                let labels: Vec<(String, String)> = i["metadata"]["labels"]
                    .as_object()
                    .map(|m| m.iter().map(|(k, v)| (k.clone(), text(v))).collect())
                    .unwrap_or_default();
                sel.matches(&labels)
            });
        }
        let kind_word = plural;
        if !g.target.names.is_empty() {
            let mut picked = Vec::new();
            let mut out = Outcome::default();
            for n in &g.target.names {
                match items.iter().find(|i| i["metadata"]["name"] == *n) {
                    Some(i) => picked.push(i.clone()),
                    None => out.join(Outcome::err(
                        1,
                        format!(
                            "Error from server (NotFound): {}{} \"{n}\" not found",
                            kind_word,
                            if group == "/apis/apps/v1" {
                                ".apps"
                            } else {
                                ""
                            }
                        ),
                    )),
                }
            }
            if picked.is_empty() {
                return out;
            }
            items = picked;
            let single = g.target.names.len() == 1;
            let mut o = self.print_objects(&g.target.kind, items, g, single);
            o.join(out);
            return o;
        }
        if g.sort_by.is_none() && matches!(g.target.kind, ResourceKind::Events) {
            // A list comes in etcd's key order: by name.
            crate::order::sort_by(&mut items, |a, b| {
                text(&a["metadata"]["name"]).cmp(&text(&b["metadata"]["name"]))
            });
        }
        if let Some(sort) = &g.sort_by {
            let key = |v: &Value| {
                select(sort, v)
                    .ok()
                    .and_then(|x| x.into_iter().next())
                    .unwrap_or(Value::Null)
            };
            crate::order::sort_by(&mut items, |a, b| {
                let (x, y) = (key(a), key(b));
                match (x.as_f64(), y.as_f64()) {
                    (Some(p), Some(q)) => p.partial_cmp(&q).unwrap_or(std::cmp::Ordering::Equal),
                    _ => text(&x).cmp(&text(&y)),
                }
            });
        }
        if items.is_empty() {
            return Outcome::err(
                0,
                if all {
                    "No resources found".to_string()
                } else {
                    format!("No resources found in {ns} namespace.")
                },
            );
        }
        self.print_objects(&g.target.kind, items, g, false)
    }

    fn print_objects(
        &mut self,
        kind: &ResourceKind,
        items: Vec<Value>,
        g: &KubectlGet,
        single: bool,
    ) -> Outcome {
        let list = || json!({"apiVersion": "v1", "items": items, "kind": "List", "metadata": {"resourceVersion": ""}});
        let whole = if single {
            items.first().cloned().unwrap_or(Value::Null)
        } else {
            list()
        };
        match &g.output {
            Some(OutputFormat::Json) => Outcome::ok(format!("{}\n", json_indent(&whole))),
            Some(OutputFormat::Yaml) => Outcome::ok(to_yaml(&whole)),
            Some(OutputFormat::Name) => Outcome::ok(
                items
                    .iter()
                    .map(|i| {
                        let k = i["kind"].as_str().unwrap_or("").to_ascii_lowercase();
                        let k = if k == "deployment" || k == "replicaset" {
                            format!("{k}.apps")
                        } else {
                            k
                        };
                        format!("{k}/{}\n", text(&i["metadata"]["name"]))
                    })
                    .collect::<String>(),
            ),
            Some(OutputFormat::Other(o)) => {
                if let Some(t) = o
                    .strip_prefix("jsonpath=")
                    .or_else(|| o.strip_prefix("jsonpath-as-json="))
                {
                    match render(t, &whole) {
                        Ok(s) => Outcome::ok(s),
                        Err(e) => {
                            Outcome::err(1, format!("error: error parsing jsonpath {t}, {}", e.0))
                        }
                    }
                } else if let Some(cols) = o.strip_prefix("custom-columns=") {
                    custom_columns(cols, &items, g.no_headers)
                } else {
                    Outcome::err(1, format!("error: unable to match a printer suitable for the output format \"{o}\", allowed formats are: custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml"))
                }
            }
            _ => Outcome::ok(self.table(kind, &items, g)),
        }
    }

    fn table(&self, kind: &ResourceKind, items: &[Value], g: &KubectlGet) -> String {
        let now = self.now_ms;
        let age = |v: &Value| {
            let t = text(v);
            kube_age(now.saturating_sub(parse_ms(&t)))
        };
        let mut rows: Vec<Vec<String>> = Vec::new();
        let wide = matches!(g.output, Some(OutputFormat::Wide));
        match kind {
            ResourceKind::Deployments => {
                let mut head = vec!["NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE"];
                if wide {
                    head.extend(["CONTAINERS", "IMAGES", "SELECTOR"]);
                }
                rows.push(head.into_iter().map(String::from).collect());
                for i in items {
                    let s = &i["status"];
                    let mut r = vec![
                        text(&i["metadata"]["name"]),
                        format!(
                            "{}/{}",
                            s["readyReplicas"].as_i64().unwrap_or(0),
                            i["spec"]["replicas"].as_i64().unwrap_or(0)
                        ),
                        s["updatedReplicas"].as_i64().unwrap_or(0).to_string(),
                        s["availableReplicas"].as_i64().unwrap_or(0).to_string(),
                        age(&i["metadata"]["creationTimestamp"]),
                    ];
                    if wide {
                        let c = &i["spec"]["template"]["spec"]["containers"][0];
                        r.extend([
                            text(&c["name"]),
                            text(&c["image"]),
                            selector(&i["spec"]["selector"]["matchLabels"]),
                        ]);
                    }
                    rows.push(r);
                }
            }
            ResourceKind::ReplicaSets => {
                let mut head = vec!["NAME", "DESIRED", "CURRENT", "READY", "AGE"];
                if wide {
                    head.extend(["CONTAINERS", "IMAGES", "SELECTOR"]);
                }
                rows.push(head.into_iter().map(String::from).collect());
                for i in items {
                    let mut r = vec![
                        text(&i["metadata"]["name"]),
                        i["spec"]["replicas"].as_i64().unwrap_or(0).to_string(),
                        i["status"]["replicas"].as_i64().unwrap_or(0).to_string(),
                        i["status"]["readyReplicas"]
                            .as_i64()
                            .unwrap_or(0)
                            .to_string(),
                        age(&i["metadata"]["creationTimestamp"]),
                    ];
                    if wide {
                        let c = &i["spec"]["template"]["spec"]["containers"][0];
                        r.extend([
                            text(&c["name"]),
                            text(&c["image"]),
                            selector(&i["spec"]["selector"]["matchLabels"]),
                        ]);
                    }
                    rows.push(r);
                }
            }
            ResourceKind::Events => {
                let mut head = vec!["LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"];
                if g.all_namespaces {
                    head.insert(0, "NAMESPACE");
                }
                rows.push(head.into_iter().map(String::from).collect());
                for i in items {
                    let mut r = vec![
                        age(&i["lastTimestamp"]),
                        text(&i["type"]),
                        text(&i["reason"]),
                        format!(
                            "{}/{}",
                            text(&i["involvedObject"]["kind"]).to_ascii_lowercase(),
                            text(&i["involvedObject"]["name"])
                        ),
                        text(&i["message"]),
                    ];
                    if g.all_namespaces {
                        r.insert(0, text(&i["involvedObject"]["namespace"]));
                    }
                    rows.push(r);
                }
            }
            _ => {
                rows.push(
                    ["NAME", "READY", "STATUS", "RESTARTS", "AGE"]
                        .map(String::from)
                        .to_vec(),
                );
                for i in items {
                    let cs = &i["status"]["containerStatuses"][0];
                    let status = cs["state"]["waiting"]["reason"]
                        .as_str()
                        .or(cs["state"]["terminated"]["reason"].as_str())
                        .unwrap_or(if cs["state"]["running"].is_object() {
                            "Running"
                        } else {
                            "Pending"
                        });
                    rows.push(vec![
                        text(&i["metadata"]["name"]),
                        format!("{}/1", u8::from(cs["ready"].as_bool().unwrap_or(false))),
                        status.to_string(),
                        cs["restartCount"].as_i64().unwrap_or(0).to_string(),
                        age(&i["metadata"]["creationTimestamp"]),
                    ]);
                }
            }
        }
        if g.no_headers && !rows.is_empty() {
            rows.remove(0);
        }
        tabwriter(&rows, 0, 3)
    }
}

fn selector(v: &Value) -> String {
    v.as_object()
        .map(|m| {
            m.iter()
                .map(|(k, x)| format!("{k}={}", text(x)))
                .collect::<Vec<_>>()
                .join(",")
        })
        .unwrap_or_default()
}

/// Seconds since the Unix epoch of an RFC 3339 time.
pub(crate) fn unix_secs(t: &str) -> u64 {
    let num = |a: usize, b: usize| t.get(a..b).and_then(|s| s.parse::<i64>().ok()).unwrap_or(0);
    let (y, m, d) = (num(0, 4), num(5, 7), num(8, 10));
    let days = days_from_civil(y, m, d);
    let secs = days * 86_400 + num(11, 13) * 3600 + num(14, 16) * 60 + num(17, 19);
    u64::try_from(secs).unwrap_or(0)
}

/// World ms of an RFC 3339 time this world wrote.
fn parse_ms(t: &str) -> u64 {
    unix_secs(t).saturating_sub(1_767_603_600) * 1000
}

fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// JSON with kubectl's four-space indent.
pub(crate) fn json_indent(v: &Value) -> String {
    let mut buf = Vec::new();
    let fmt = serde_json::ser::PrettyFormatter::with_indent(b"    ");
    let mut ser = serde_json::Serializer::with_formatter(&mut buf, fmt);
    if serde::Serialize::serialize(v, &mut ser).is_err() {
        return String::new();
    }
    String::from_utf8(buf).unwrap_or_default()
}

/// `-o custom-columns=HEADER:PATH,…`.
pub(crate) fn custom_columns(spec: &str, items: &[Value], no_headers: bool) -> Outcome {
    let mut cols = Vec::new();
    for part in spec.split(',') {
        let Some((head, path)) = part.split_once(':') else {
            return Outcome::err(1, format!("error: unexpected custom-columns spec: {part}, expected <header>:<json-path-expr>"));
        };
        cols.push((head.to_string(), path.to_string()));
    }
    let mut rows = Vec::new();
    if !no_headers {
        rows.push(cols.iter().map(|c| c.0.clone()).collect::<Vec<_>>());
    }
    for i in items {
        let mut r = Vec::new();
        for (_, p) in &cols {
            let vals = select(p, i).unwrap_or_default();
            r.push(if vals.is_empty() {
                "<none>".to_string()
            } else {
                vals.iter().map(text).collect::<Vec<_>>().join(",")
            });
        }
        rows.push(r);
    }
    Outcome::ok(tabwriter(&rows, 0, 3))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_read_back() {
        assert_eq!(parse_ms(&World::rfc3339(125_000, false)), 125_000);
    }
}
