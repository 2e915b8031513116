//! What each subject reads of the node: the world's state (units, files,
//! the kernel, processes, the image stores, the API server's objects),
//! never the command history. Objects are read as `kubectl get -o json`
//! prints them, on a copy of the node.

use super::item::{Check, Images, Kubelet, ObjRef, ProcRef, Untouched};
use super::{expect, yaml};
use crate::config::Runtime;
use crate::engine::{Origin, World};
use crate::lifecycle::cri::ContainerState;
use crate::message::Msg;
use crate::msg;
use crate::node::fs::{normalize, Entry};
use crate::node::systemd::UnitState;
use crate::sim::Sim;
use serde_json::Value;

/// How an item came out on one node.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Look {
    /// It holds.
    Pass,
    /// It does not: what was found, and why in words.
    Fail {
        found: Option<String>,
        why: Option<Msg>,
    },
}

fn found(v: impl Into<String>) -> Look {
    Look::Fail {
        found: Some(v.into()),
        why: None,
    }
}

fn why(m: Msg) -> Look {
    Look::Fail {
        found: None,
        why: Some(m),
    }
}

/// A value subject's text, or why there is none.
fn judge_value(c: &Check, value: Result<String, Msg>) -> Look {
    match value {
        Ok(v) if expect::holds(c, &v) => Look::Pass,
        Ok(v) => found(shorten(v.trim())),
        Err(m) => why(m),
    }
}

/// A found value kept short enough to read in one line or a few.
fn shorten(v: &str) -> String {
    const MAX: usize = 400;
    if v.chars().count() <= MAX {
        v.to_string()
    } else {
        let mut s: String = v.chars().take(MAX).collect();
        s.push('…');
        s
    }
}

/// Runs a line on a copy of the node: (exit, stdout).
fn run_on_copy(node: &Sim, line: &str) -> (i32, String) {
    let mut copy = node.clone();
    let step = copy.run_line(line);
    (step.record.exit, step.record.stdout.clone())
}

/// An object as `kubectl get KIND NAME -n NS -o json` prints it.
fn object(node: &Sim, kind: &str, ns: Option<&str>, name: &str) -> Option<Value> {
    let line = match ns {
        Some(ns) => format!("kubectl get {kind} {name} -n {ns} -o json"),
        None => format!("kubectl get {kind} {name} -o json"),
    };
    let (exit, out) = run_on_copy(node, &line);
    if exit != 0 {
        return None;
    }
    serde_json::from_str(&out).ok()
}

/// A scalar as its text (`true`, `1`, `systemd`); a table or list as JSON.
fn scalar(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

fn at<'v>(v: &'v Value, path: &[&str]) -> Option<&'v Value> {
    path.iter().try_fold(v, |v, k| v.get(k))
}

/// Judges one item on a node (`base`: the node as the set-up left it).
pub(crate) fn judge(c: &Check, node: &Sim, base: Option<&Sim>) -> Look {
    use super::item::Subject as S;
    let w = node.world();
    let Some(subject) = c.subject() else {
        return why(msg!("drill-no-subject"));
    };
    match subject {
        S::Unit(name) => unit(c, w, name),
        S::File(p) => judge_value(c, file(w, p)),
        S::Yaml(k) => judge_value(
            c,
            file(w, &k.path).and_then(|t| yaml::value(&t, &k.key).ok_or_else(|| not_set(&k.key))),
        ),
        S::Toml(k) => judge_value(c, file(w, &k.path).and_then(|t| toml_value(&t, &k.key))),
        S::Kubelet(what) => judge_value(c, kubelet(w, what)),
        S::Sysctl(key) => judge_value(
            c,
            w.kernel()
                .get(key)
                .ok_or_else(|| msg!("drill-why-no-sysctl", key = key)),
        ),
        S::Module(name) => flag(
            w.kernel().has_module(name),
            c.loaded,
            msg!("drill-why-module-loaded", module = name),
            msg!("drill-why-module-not-loaded", module = name),
        ),
        S::Socket(p) => flag(
            is_socket(w, p),
            c.exists,
            msg!("drill-why-socket", path = p),
            msg!("drill-why-no-socket", path = p),
        ),
        S::Package(name) => flag(
            w.kernel().package(name).is_some(),
            c.installed,
            msg!("drill-why-package", package = name),
            msg!("drill-why-no-package", package = name),
        ),
        S::Image(name) => {
            let store = c.namespace.as_deref().unwrap_or_else(|| cri_store(w));
            flag(
                has_image(w, store, name),
                c.present,
                msg!("drill-why-image", image = name, store = store),
                msg!("drill-why-no-image", image = name, store = store),
            )
        }
        S::Node(cond) => node_condition(c, node, cond),
        S::NodeField(field) => judge_value(c, node_field(node, field)),
        S::Pod(r) => pod(c, node, object(node, "pod", Some(&r.namespace), &r.name), r),
        S::Deployment(r) => pod(c, node, newest_pod(node, r), r),
        S::Process(p) => process(c, w, base.map(Sim::world), p),
        S::Unchanged(what) => unchanged(c, node, base, what),
        S::Untouched(u) => untouched(u, w, base.map(Sim::world)),
        S::Command(line) => {
            let (exit, out) = run_on_copy(node, line);
            match c.exit {
                Some(want) if want != exit => why(msg!("drill-why-exit", code = exit)),
                _ if expect::has_value(c) => judge_value(c, Ok(out)),
                _ => Look::Pass,
            }
        }
    }
}

fn not_set(keys: &[String]) -> Msg {
    msg!("drill-why-not-set", key = keys.join("."))
}

fn file(w: &World, p: &str) -> Result<String, Msg> {
    match w.fs().get(&normalize("/", p)) {
        Ok(Entry::Dir { .. }) => return Err(msg!("drill-why-is-dir", path = p)),
        Ok(Entry::Socket) => return Err(msg!("drill-why-is-socket", path = p)),
        _ => {}
    }
    w.read_file(p)
        .map(|t| t.trim().to_string())
        .map_err(|_| msg!("drill-why-no-file", path = p))
}

fn toml_value(text: &str, keys: &[String]) -> Result<String, Msg> {
    let doc: Value = basic_toml::from_str(text)
        .map_err(|e| msg!("drill-why-bad-toml", reason = e.to_string()))?;
    keys.iter()
        .try_fold(&doc, |v, k| v.get(k.as_str()))
        .map(scalar)
        .ok_or_else(|| not_set(keys))
}

fn unit(c: &Check, w: &World, name: &str) -> Look {
    let Some(u) = w.units().get(name) else {
        return why(msg!("drill-why-no-unit", unit = name));
    };
    let active_ok = c
        .active
        .is_none_or(|want| (u.state == UnitState::Active) == want);
    let enabled_ok = c.enabled.is_none_or(|want| u.enabled == want);
    if active_ok && enabled_ok {
        return Look::Pass;
    }
    let mut said = Vec::new();
    if c.active.is_some() {
        said.push(u.state.as_str());
    }
    if c.enabled.is_some() {
        said.push(if u.enabled { "enabled" } else { "disabled" });
    }
    found(said.join(", "))
}

/// A yes/no subject against its expectation (`None`: yes).
fn flag(is: bool, want: Option<bool>, yes: Msg, no: Msg) -> Look {
    if is == want.unwrap_or(true) {
        Look::Pass
    } else if is {
        why(yes)
    } else {
        why(no)
    }
}

fn kubelet(w: &World, what: Kubelet) -> Result<String, Msg> {
    let running = w
        .units()
        .get("kubelet.service")
        .is_some_and(|u| u.state == UnitState::Active);
    if !running {
        return Err(msg!("drill-why-kubelet-down"));
    }
    match what {
        Kubelet::Endpoint => Ok(match &w.units().kubelet.endpoint {
            Some(e) => e.clone(),
            None => w.kubelet_setup().map(|s| s.endpoint).unwrap_or_default(),
        }),
        // What the running kubelet started with: a `config.yaml` edited
        // without a restart changes nothing yet.
        Kubelet::CgroupDriver => match &w.units().kubelet.cgroup_driver {
            Some(d) => Ok(d.clone()),
            None => w
                .kubelet_setup()
                .map(|s| s.cgroup_driver)
                .map_err(|_| msg!("drill-why-kubelet-down")),
        },
        Kubelet::Flags => {
            let pid = w.units().main_pid("kubelet.service");
            let line = w
                .read_file(&format!("/proc/{pid}/cmdline"))
                .map_err(|_| msg!("drill-why-kubelet-down"))?;
            let words: Vec<&str> = line.split('\0').filter(|s| !s.is_empty()).collect();
            Ok(words.get(1..).unwrap_or_default().join(" "))
        }
    }
}

fn is_socket(w: &World, p: &str) -> bool {
    let fs = w.fs();
    let direct = |p: &str| {
        fs.resolve(p, true)
            .ok()
            .is_some_and(|r| matches!(fs.get(&r), Ok(Entry::Socket)))
    };
    let p = normalize("/", p);
    direct(&p)
        || p.strip_prefix("/var/run/")
            .is_some_and(|rest| direct(&format!("/run/{rest}")))
}

/// The store the node's CRI keeps its images in.
fn cri_store(w: &World) -> &'static str {
    match w.config().runtime {
        Runtime::CriO => "crio",
        Runtime::Dockershim | Runtime::CriDockerd => "docker",
        Runtime::Podman => "podman",
        _ => "k8s.io",
    }
}

/// An image reference in full: `nginx` → `docker.io/library/nginx:latest`.
pub(crate) fn full_ref(name: &str) -> String {
    let name = name.trim();
    let (first, _) = name.split_once('/').unwrap_or(("", name));
    let mut r = if !name.contains('/') {
        format!("docker.io/library/{name}")
    } else if first.contains('.') || first.contains(':') || first == "localhost" {
        name.to_string()
    } else {
        format!("docker.io/{name}")
    };
    let last = r.rsplit('/').next().unwrap_or_default();
    if !last.contains(':') && !last.contains('@') {
        r.push_str(":latest");
    }
    r
}

fn has_image(w: &World, store: &str, name: &str) -> bool {
    let want = full_ref(name);
    w.images
        .iter()
        .any(|((s, n), _)| *s == store && full_ref(n) == want)
}

fn node_condition(c: &Check, node: &Sim, cond: &str) -> Look {
    let Some(obj) = object(node, "node", None, crate::engine::NODE) else {
        return why(msg!("drill-why-no-node"));
    };
    let status = at(&obj, &["status", "conditions"])
        .and_then(Value::as_array)
        .and_then(|l| {
            l.iter()
                .find(|x| x.get("type").and_then(Value::as_str) == Some(cond))
        })
        .and_then(|x| x.get("status"))
        .map(scalar);
    match status {
        Some(s) if c.status.as_deref().is_none_or(|w| w == s) => Look::Pass,
        Some(s) => found(s),
        None => why(msg!("drill-why-no-condition", condition = cond)),
    }
}

fn node_field(node: &Sim, field: &str) -> Result<String, Msg> {
    let obj =
        object(node, "node", None, crate::engine::NODE).ok_or_else(|| msg!("drill-why-no-node"))?;
    let v = if let Some(key) = field.strip_prefix("annotation:") {
        at(&obj, &["metadata", "annotations"])
            .and_then(|a| a.get(key))
            .map(scalar)
    } else if field == "unschedulable" {
        Some(
            at(&obj, &["spec", "unschedulable"])
                .and_then(Value::as_bool)
                .unwrap_or(false)
                .to_string(),
        )
    } else {
        at(&obj, &["status", "nodeInfo", field])
            .or_else(|| at(&obj, &["status", field]))
            .or_else(|| at(&obj, &["spec", field]))
            .map(scalar)
    };
    v.ok_or_else(|| msg!("drill-why-not-set", key = field))
}

/// A Deployment's newest Pod (its ReplicaSet's, by creation).
fn newest_pod(node: &Sim, r: &ObjRef) -> Option<Value> {
    let list = object(node, "pods", Some(&r.namespace), "")?;
    let prefix = format!("{}-", r.name);
    list.get("items")?
        .as_array()?
        .iter()
        .filter(|p| {
            at(p, &["metadata", "ownerReferences"])
                .and_then(Value::as_array)
                .is_some_and(|o| {
                    o.iter().any(|o| {
                        o.get("kind").and_then(Value::as_str) == Some("ReplicaSet")
                            && o.get("name")
                                .and_then(Value::as_str)
                                .is_some_and(|n| n.starts_with(&prefix))
                    })
                })
        })
        .filter(|p| at(p, &["metadata", "deletionTimestamp"]).is_none())
        .max_by(|a, b| {
            let t = |p: &Value| {
                at(p, &["metadata", "creationTimestamp"])
                    .map(scalar)
                    .unwrap_or_default()
            };
            t(a).cmp(&t(b))
        })
        .cloned()
}

fn pod(c: &Check, _node: &Sim, obj: Option<Value>, r: &ObjRef) -> Look {
    let Some(p) = obj else {
        return why(msg!(
            "drill-why-no-pod",
            namespace = r.namespace.as_str(),
            name = r.name.as_str()
        ));
    };
    let phase = at(&p, &["status", "phase"]).map(scalar).unwrap_or_default();
    if let Some(want) = &c.phase {
        if *want != phase {
            return found(phase);
        }
    }
    if let Some(want) = c.ready {
        // The Ready condition, or (where the status has no conditions)
        // every container ready, as kubectl's READY column counts.
        let condition = at(&p, &["status", "conditions"])
            .and_then(Value::as_array)
            .and_then(|l| {
                l.iter()
                    .find(|x| x.get("type").and_then(Value::as_str) == Some("Ready"))
            })
            .and_then(|x| x.get("status"))
            .and_then(Value::as_str)
            .map(|s| s == "True");
        let ready = condition.unwrap_or_else(|| {
            let list = at(&p, &["status", "containerStatuses"]).and_then(Value::as_array);
            list.is_some_and(|l| {
                !l.is_empty()
                    && l.iter()
                        .all(|c| c.get("ready").and_then(Value::as_bool) == Some(true))
            })
        });
        if ready != want {
            return why(if ready {
                msg!("drill-why-pod-ready")
            } else {
                msg!("drill-why-pod-not-ready", phase = phase.as_str())
            });
        }
    }
    let statuses: Vec<Value> = at(&p, &["status", "containerStatuses"])
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    if let Some(max) = c.max_restarts {
        let most = statuses
            .iter()
            .filter_map(|s| s.get("restartCount").and_then(Value::as_u64))
            .max()
            .unwrap_or(0);
        if most > u64::from(max) {
            return why(msg!("drill-why-restarts", count = most));
        }
    }
    if let (Some(name), Some(state)) = (&c.container, &c.state) {
        let Some(s) = statuses
            .iter()
            .find(|s| s.get("name").and_then(Value::as_str) == Some(name.as_str()))
        else {
            return why(msg!("drill-why-no-container", container = name.as_str()));
        };
        let now = s
            .get("state")
            .and_then(Value::as_object)
            .and_then(|m| m.keys().next().cloned())
            .unwrap_or_default();
        if now != *state {
            return found(now);
        }
    }
    Look::Pass
}

/// The running CRI container of a Pod by name: (its id, its main pid).
fn container(w: &World, p: &ProcRef) -> Option<(String, u32)> {
    let pod = w.pods.get(&(p.namespace.clone(), p.pod.clone()))?;
    let sandbox = pod.sandbox_id.as_deref()?;
    w.ctrs
        .values()
        .filter(|c| c.sandbox_id.as_deref() == Some(sandbox) && c.name == p.container)
        .filter(|c| c.cri.get() == Some(ContainerState::Running) && c.pid != 0)
        .max_by_key(|c| c.attempt)
        .map(|c| (c.id.clone(), c.pid))
}

fn process(c: &Check, w: &World, base: Option<&World>, p: &ProcRef) -> Look {
    let Some((_, pid)) = container(w, p) else {
        return why(msg!(
            "drill-why-no-process",
            container = p.container.as_str(),
            pod = p.pod.as_str()
        ));
    };
    if let Some(want) = &c.parent {
        let parent = w.process(pid).and_then(|me| w.process(me.ppid));
        let Some(parent) = parent else {
            return why(msg!("drill-why-no-parent", pid = pid));
        };
        let program = parent
            .argv
            .first()
            .map(|a| crate::node::fs::base(a).to_string())
            .unwrap_or_else(|| parent.comm.clone());
        // The kernel keeps 15 characters of a name in `comm`
        // (`containerd-shim` for containerd-shim-runc-v2).
        let same = *want == program
            || *want == parent.comm
            || (parent.comm.chars().count() == 15 && want.starts_with(&parent.comm));
        if !same {
            return found(program);
        }
    }
    if let Some(want) = c.same_pid {
        let before = base.and_then(|b| container(b, p)).map(|(_, pid)| pid);
        if (before == Some(pid)) != want {
            return why(msg!(
                "drill-why-pid",
                before = before.map_or_else(|| "-".to_string(), |b| b.to_string()),
                now = pid
            ));
        }
    }
    Look::Pass
}

/// Removes a path (`spec.template.spec.containers[0].resources`) from a
/// JSON value.
fn remove_path(v: &mut Value, path: &str) {
    let mut steps: Vec<(String, Option<usize>)> = Vec::new();
    for part in path.split('.') {
        let (name, idx) = match part.split_once('[') {
            Some((n, rest)) => (n, rest.trim_end_matches(']').parse().ok()),
            None => (part, None),
        };
        steps.push((name.to_string(), idx));
    }
    fn go(v: &mut Value, steps: &[(String, Option<usize>)]) {
        let Some(((name, idx), rest)) = steps.split_first() else {
            return;
        };
        let Some(obj) = v.as_object_mut() else {
            return;
        };
        match (idx, rest.is_empty()) {
            (None, true) => {
                obj.remove(name);
            }
            (None, false) => {
                if let Some(next) = obj.get_mut(name) {
                    go(next, rest);
                }
            }
            (Some(i), last) => {
                if let Some(Value::Array(a)) = obj.get_mut(name) {
                    if last {
                        if *i < a.len() {
                            a.remove(*i);
                        }
                    } else if let Some(next) = a.get_mut(*i) {
                        go(next, rest);
                    }
                }
            }
        }
    }
    go(v, &steps);
}

fn unchanged(c: &Check, node: &Sim, base: Option<&Sim>, what: &str) -> Look {
    let parts: Vec<&str> = what.split('/').collect();
    let [kind, ns, name] = parts.as_slice() else {
        return why(msg!("drill-bad-object", object = what));
    };
    let get = |s: &Sim| object(s, kind, Some(ns), name);
    let Some(now) = get(node) else {
        return why(msg!("drill-why-gone", object = what));
    };
    let Some(before) = base.and_then(get) else {
        return why(msg!("drill-why-gone", object = what));
    };
    let uid = |v: &Value| at(v, &["metadata", "uid"]).map(scalar);
    if uid(&now) != uid(&before) {
        return why(msg!("drill-why-replaced", object = what));
    }
    let spec = |v: &Value| {
        let mut root = serde_json::json!({ "spec": v.get("spec").cloned().unwrap_or(Value::Null) });
        for e in &c.except {
            remove_path(&mut root, e);
        }
        root
    };
    if spec(&now) != spec(&before) {
        return why(msg!("drill-why-spec-changed", object = what));
    }
    Look::Pass
}

/// Whether a sandbox belongs to a Pod the item lets go.
fn excepted(u: &Untouched, ns: &str, name: &str) -> bool {
    u.except_pods
        .iter()
        .any(|e| e == name || *e == format!("{ns}/{name}"))
}

fn untouched(u: &Untouched, w: &World, base: Option<&World>) -> Look {
    let Some(b) = base else {
        return why(msg!("drill-why-no-baseline"));
    };
    let mut gone: Vec<String> = Vec::new();
    let sandbox_of = |world: &World, id: &str| {
        world
            .sandboxes
            .get(id)
            .map(|s| (s.namespace.clone(), s.name.clone()))
    };
    if u.sandboxes {
        for s in b.sandboxes.values() {
            if !excepted(u, &s.namespace, &s.name) && w.sandboxes.get(&s.id).is_none() {
                gone.push(format!("sandbox {}", short(&s.id)));
            }
        }
    }
    if u.containers {
        // A sandbox's pause container goes with its sandbox.
        for c in b.ctrs.values().filter(|c| c.origin != Origin::Sandbox) {
            let exempt = c
                .sandbox_id
                .as_deref()
                .and_then(|id| sandbox_of(b, id))
                .is_some_and(|(ns, name)| excepted(u, &ns, &name));
            if !exempt && w.ctrs.get(&c.id).is_none() {
                gone.push(format!("container {}", short(&c.id)));
            }
        }
    }
    let kept = |name: &str| {
        u.except_images
            .iter()
            .any(|e| full_ref(e) == full_ref(name))
    };
    match &u.images {
        Some(Images::All(true)) => {
            for ((store, name), img) in b.images.iter() {
                let still = w
                    .images
                    .iter()
                    .any(|((s, n), i)| s == store && n == name && i.id == img.id);
                if !still && !kept(name) {
                    gone.push(format!("image {name}"));
                }
            }
        }
        Some(Images::Named(_)) => {
            // "in-use": every image a running container uses now.
            for c in w.ctrs.values() {
                let running = c.cri.get() == Some(ContainerState::Running)
                    || (c.cri.get().is_none() && c.pid != 0);
                if !running || c.image.is_empty() {
                    continue;
                }
                let store = if c.ns.is_empty() { cri_store(w) } else { c.ns };
                if !has_image(w, store, &c.image) && !kept(&c.image) {
                    gone.push(format!("image {}", full_ref(&c.image)));
                }
            }
        }
        _ => {}
    }
    gone.dedup();
    if gone.is_empty() {
        Look::Pass
    } else {
        Look::Fail {
            found: Some(shorten(&gone.join(", "))),
            why: Some(msg!("drill-why-gone-count", count = gone.len())),
        }
    }
}

/// An id as crictl shows it (13 characters).
fn short(id: &str) -> &str {
    id.get(..13).unwrap_or(id)
}
