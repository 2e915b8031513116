//! The Node object: `kubectl get nodes -o json|yaml|jsonpath|name`,
//! `kubectl describe node` (Conditions from the kubelet's status, Addresses,
//! Capacity, System Info with the container runtime, Non-terminated Pods,
//! Events).

use serde_json::{json, Value};

use super::super::format::{kube_age, tabwriter};
use super::super::{h, Outcome, World, NODE};
use super::kubectl_jsonpath::render;
use super::kubectl_objects::{custom_columns, json_indent};
use super::kubectl_yaml::to_yaml;
use crate::command::kubectl::{KubectlGet, OutputFormat};
use crate::config::Runtime;
use crate::msg;
use crate::trace::{Component, Iface};

/// How long before the world began the node registered (its AGE: 12d).
const NODE_AGE_MS: u64 = 12 * 86_400_000;

impl World {
    /// `status.nodeInfo.containerRuntimeVersion`: `containerd://1.7.27`.
    pub(crate) fn container_runtime_version(&self) -> String {
        match self.cfg.runtime {
            Runtime::Containerd17 | Runtime::Containerd2 => format!(
                "containerd://{}",
                self.cfg.runtime_version().trim_start_matches('v')
            ),
            Runtime::CriO => format!("cri-o://{}", self.cfg.runtime_version()),
            _ => format!("docker://{}", self.cfg.runtime_version()),
        }
    }

    /// The Node as the API server returns it.
    pub(crate) fn node_json(&self) -> Value {
        let created = World::rfc3339(0, false).replace("2026-01-05", "2025-12-24");
        let conditions: Vec<Value> = self
            .node_conditions()
            .iter()
            .map(|c| {
                json!({
                    "lastHeartbeatTime": World::rfc3339(self.now_ms, false),
                    "lastTransitionTime": World::rfc3339(c.since_ms, false),
                    "message": c.message,
                    "reason": c.reason,
                    "status": c.status,
                    "type": c.kind,
                })
            })
            .collect();
        let v = self.k8s_patch();
        json!({
            "apiVersion": "v1",
            "kind": "Node",
            "metadata": {
                "annotations": self.node.object.annotations.iter().map(|(k, v)| (k.clone(), Value::from(v.clone()))).collect::<serde_json::Map<String, Value>>(),
                "creationTimestamp": created,
                "labels": {
                    "beta.kubernetes.io/arch": "amd64",
                    "beta.kubernetes.io/os": "linux",
                    "kubernetes.io/arch": "amd64",
                    "kubernetes.io/hostname": NODE,
                    "kubernetes.io/os": "linux",
                    "node-role.kubernetes.io/control-plane": "",
                },
                "name": NODE,
            },
            "spec": if self.node.object.unschedulable {
                json!({"podCIDR": "10.244.0.0/24", "podCIDRs": ["10.244.0.0/24"], "taints": [{"effect": "NoSchedule", "key": "node.kubernetes.io/unschedulable", "timeAdded": World::rfc3339(self.now_ms, false)}], "unschedulable": true})
            } else {
                json!({"podCIDR": "10.244.0.0/24", "podCIDRs": ["10.244.0.0/24"]})
            },
            "status": {
                "addresses": [
                    {"address": "192.168.49.2", "type": "InternalIP"},
                    {"address": NODE, "type": "Hostname"},
                ],
                "allocatable": {"cpu": "2", "ephemeral-storage": "61202244Ki", "hugepages-2Mi": "0", "memory": "3892700Ki", "pods": "110"},
                "capacity": {"cpu": "2", "ephemeral-storage": "61202244Ki", "hugepages-2Mi": "0", "memory": "3995100Ki", "pods": "110"},
                "conditions": conditions,
                "nodeInfo": {
                    "architecture": "amd64",
                    "bootID": "6f1c1b4e-8a0e-4f8e-9a53-0c2f4d1e7b21",
                    "containerRuntimeVersion": self.container_runtime_version(),
                    "kernelVersion": "6.1.0-27-amd64",
                    "kubeProxyVersion": v,
                    "kubeletVersion": v,
                    "machineID": "3c5d7e9f1a2b4c6d8e0f1a2b3c4d5e6f",
                    "operatingSystem": "linux",
                    "osImage": "Debian GNU/Linux 12 (bookworm)",
                    "systemUUID": "3c5d7e9f-1a2b-4c6d-8e0f-1a2b3c4d5e6f",
                },
            },
        })
    }

    /// `kubectl get nodes [NAME] [-o …]`.
    pub(crate) fn kubectl_get_node_objects(&mut self, g: &KubectlGet) -> Outcome {
        if let Some(n) = g.target.names.iter().find(|n| *n != NODE) {
            self.emit(h(
                Component::Kubectl,
                Component::KubeApiserver,
                Iface::K8sApi,
                format!("GET /api/v1/nodes/{n}"),
            ));
            return Outcome::err(
                1,
                format!("Error from server (NotFound): nodes \"{n}\" not found"),
            );
        }
        let structured = !matches!(g.output, None | Some(OutputFormat::Wide));
        if !structured {
            return self.kubectl_get_nodes(g.output.is_some());
        }
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
        let node = self.node_json();
        let whole = if g.target.names.is_empty() {
            json!({"apiVersion": "v1", "items": [node], "kind": "List", "metadata": {"resourceVersion": ""}})
        } else {
            node.clone()
        };
        match &g.output {
            Some(OutputFormat::Json) => Outcome::ok(format!("{}\n", json_indent(&whole))),
            Some(OutputFormat::Yaml) => Outcome::ok(to_yaml(&whole)),
            Some(OutputFormat::Name) => Outcome::ok(format!("node/{NODE}\n")),
            Some(OutputFormat::Other(o)) => {
                if let Some(t) = o.strip_prefix("jsonpath=") {
                    match render(t, &whole) {
                        Ok(s) => Outcome::ok(s),
                        Err(e) => {
                            Outcome::err(1, format!("error: error parsing jsonpath {t}, {}", e.0))
                        }
                    }
                } else if let Some(c) = o.strip_prefix("custom-columns=") {
                    custom_columns(c, &[node], g.no_headers)
                } else {
                    Outcome::err(1, format!("error: unable to match a printer suitable for the output format \"{o}\", allowed formats are: custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml"))
                }
            }
            _ => self.kubectl_get_nodes(false),
        }
    }

    /// `kubectl describe node NAME`.
    pub(crate) fn kubectl_describe_node(&mut self, name: &str) -> Outcome {
        self.emit(
            h(
                Component::Kubectl,
                Component::KubeApiserver,
                Iface::K8sApi,
                format!("GET /api/v1/nodes/{name}"),
            )
            .note(msg!("kubectl-describe-node")),
        );
        if name != NODE {
            return Outcome::err(
                1,
                format!("Error from server (NotFound): nodes \"{name}\" not found"),
            );
        }
        self.emit(h(
            Component::Kubectl,
            Component::KubeApiserver,
            Iface::K8sApi,
            format!("GET /api/v1/pods?fieldSelector=spec.nodeName%3D{NODE}%2Cstatus.phase%21%3DFailed%2Cstatus.phase%21%3DSucceeded"),
        ));
        let now = self.now_ms;
        let n = self.node_json();
        let t = |v: &Value| super::kubectl_jsonpath::text(v);
        let mut s = String::new();
        s.push_str(&format!("Name:               {NODE}\n"));
        s.push_str("Roles:              control-plane\n");
        let labels = [
            "beta.kubernetes.io/arch=amd64",
            "beta.kubernetes.io/os=linux",
            "kubernetes.io/arch=amd64",
            &format!("kubernetes.io/hostname={NODE}"),
            "kubernetes.io/os=linux",
            "node-role.kubernetes.io/control-plane=",
        ];
        for (i, l) in labels.iter().enumerate() {
            let head = if i == 0 { "Labels:" } else { "" };
            s.push_str(&format!("{head:<20}{l}\n"));
        }
        for (i, (k, v)) in self.node.object.annotations.iter().enumerate() {
            let head = if i == 0 { "Annotations:" } else { "" };
            s.push_str(&format!("{head:<20}{k}: {v}\n"));
        }
        s.push_str(&format!(
            "CreationTimestamp:  {}\n",
            rfc1123z(t(&n["metadata"]["creationTimestamp"]).as_str())
        ));
        if self.node.object.unschedulable {
            s.push_str("Taints:             node.kubernetes.io/unschedulable:NoSchedule\n");
            s.push_str("Unschedulable:      true\n");
        } else {
            s.push_str("Taints:             <none>\n");
            s.push_str("Unschedulable:      false\n");
        }
        s.push_str(&format!(
            "Lease:\n  HolderIdentity:  {NODE}\n  AcquireTime:     <unset>\n  RenewTime:       {}\n",
            rfc1123z(&World::rfc3339(now, false))
        ));
        s.push_str("Conditions:\n");
        let mut rows = vec![
            [
                "Type",
                "Status",
                "LastHeartbeatTime",
                "LastTransitionTime",
                "Reason",
                "Message",
            ]
            .map(String::from)
            .to_vec(),
            [
                "----",
                "------",
                "-----------------",
                "------------------",
                "------",
                "-------",
            ]
            .map(String::from)
            .to_vec(),
        ];
        for c in self.node_conditions() {
            // describe.go writes each condition cell with a trailing space
            // (`"%v \t%v \t%s \t%s \t%v \t%v\n"`).
            rows.push(vec![
                format!("{} ", c.kind),
                format!("{} ", c.status),
                format!("{} ", rfc1123z(&World::rfc3339(now, false))),
                format!("{} ", rfc1123z(&World::rfc3339(c.since_ms, false))),
                format!("{} ", c.reason),
                c.message.clone(),
            ]);
        }
        for l in tabwriter(&rows, 0, 2).lines() {
            s.push_str(&format!("  {l}\n"));
        }
        s.push_str(&format!(
            "Addresses:\n  InternalIP:  192.168.49.2\n  Hostname:    {NODE}\n"
        ));
        for (head, key) in [("Capacity", "capacity"), ("Allocatable", "allocatable")] {
            s.push_str(&format!("{head}:\n"));
            for r in [
                "cpu",
                "ephemeral-storage",
                "hugepages-2Mi",
                "memory",
                "pods",
            ] {
                s.push_str(&format!(
                    "  {:<20}{}\n",
                    format!("{r}:"),
                    t(&n["status"][key][r])
                ));
            }
        }
        let info = &n["status"]["nodeInfo"];
        s.push_str("System Info:\n");
        for (label, key) in [
            ("Machine ID", "machineID"),
            ("System UUID", "systemUUID"),
            ("Boot ID", "bootID"),
            ("Kernel Version", "kernelVersion"),
            ("OS Image", "osImage"),
            ("Operating System", "operatingSystem"),
            ("Architecture", "architecture"),
            ("Container Runtime Version", "containerRuntimeVersion"),
            ("Kubelet Version", "kubeletVersion"),
            ("Kube-Proxy Version", "kubeProxyVersion"),
        ] {
            s.push_str(&format!("  {:<28}{}\n", format!("{label}:"), t(&info[key])));
        }
        s.push_str("PodCIDR:                      10.244.0.0/24\nPodCIDRs:                     10.244.0.0/24\n");
        let pods: Vec<_> = self
            .pods
            .values()
            .filter(|p| p.node.as_deref() == Some(NODE))
            .map(|p| {
                let lim = p.memory_limit.map(|m| format!("{}Mi", m >> 20));
                (p.namespace.clone(), p.name.clone(), lim, p.created_ms)
            })
            .collect();
        s.push_str(&format!(
            "Non-terminated Pods:          ({} in total)\n",
            pods.len()
        ));
        let mut rows = vec![
            [
                "Namespace",
                "Name",
                "CPU Requests",
                "CPU Limits",
                "Memory Requests",
                "Memory Limits",
                "Age",
            ]
            .map(String::from)
            .to_vec(),
            [
                "---------",
                "----",
                "------------",
                "----------",
                "---------------",
                "-------------",
                "---",
            ]
            .map(String::from)
            .to_vec(),
        ];
        for (ns, name, lim, created) in &pods {
            let m = lim
                .clone()
                .map(|l| format!("{l} (0%)"))
                .unwrap_or_else(|| "0 (0%)".into());
            rows.push(vec![
                ns.clone(),
                name.clone(),
                "0 (0%)".into(),
                "0 (0%)".into(),
                m.clone(),
                m,
                kube_age(now.saturating_sub(*created)),
            ]);
        }
        for l in tabwriter(&rows, 0, 2).lines() {
            s.push_str(&format!("  {l}\n"));
        }
        s.push_str("Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n");
        s.push_str("  Resource           Requests  Limits\n  --------           --------  ------\n  cpu                0 (0%)    0 (0%)\n  memory             0 (0%)    0 (0%)\n  ephemeral-storage  0 (0%)    0 (0%)\n  hugepages-2Mi      0 (0%)    0 (0%)\n");
        s.push_str("Events:              <none>\n");
        let _ = NODE_AGE_MS;
        Outcome::ok(s)
    }
}

/// `Mon, 05 Jan 2026 09:00:00 +0000` (describe's `time.RFC1123Z`) from RFC 3339.
pub(crate) fn rfc1123z(rfc: &str) -> String {
    let secs = super::kubectl_objects::unix_secs(rfc);
    let days = secs / 86_400;
    let rem = secs % 86_400;
    const WD: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MO: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let m: usize = rfc.get(5..7).and_then(|x| x.parse().ok()).unwrap_or(1);
    format!(
        "{}, {} {} {} {:02}:{:02}:{:02} +0000",
        WD.get(usize::try_from(days % 7).unwrap_or(0))
            .copied()
            .unwrap_or("Thu"),
        rfc.get(8..10).unwrap_or("01"),
        MO.get(m.saturating_sub(1)).copied().unwrap_or("Jan"),
        rfc.get(0..4).unwrap_or("1970"),
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}
