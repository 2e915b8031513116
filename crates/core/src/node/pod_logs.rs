//! The kubelet's container logs, read from the world rather than stored:
//! `/var/log/pods/<ns>_<pod>_<uid>/<container>/<restart>.log` in the CRI
//! log format (`<RFC 3339 nanos> <stream> F <line>`, the format the CRI
//! runtimes write: kubernetes `pkg/kubelet/kuberuntime/logs`), and the
//! `/var/log/containers/<pod>_<ns>_<container>-<id>.log` links to them.

use super::fs_cmd::Kind;
use crate::engine::{Origin, World};

const PODS: &str = "/var/log/pods";
const CONTAINERS: &str = "/var/log/containers";

/// Every log file: (path, its link in `/var/log/containers`, the text).
fn files(w: &World) -> Vec<(String, String, String)> {
    let mut v = Vec::new();
    for c in w.ctrs.values() {
        if c.origin != Origin::Cri {
            continue;
        }
        let path = w.container_log_path(c);
        let Some(rest) = path.strip_prefix("/var/log/pods/") else {
            continue;
        };
        let pod_dir = rest.split('/').next().unwrap_or_default();
        let mut parts = pod_dir.splitn(3, '_');
        let (ns, pod) = (
            parts.next().unwrap_or_default(),
            parts.next().unwrap_or_default(),
        );
        let link = format!("{CONTAINERS}/{pod}_{ns}_{}-{}.log", c.name, c.id);
        let mut text = String::new();
        for (ms, stream, line) in &c.logs {
            text.push_str(&format!(
                "{} {stream} F {line}\n",
                World::rfc3339(*ms, true)
            ));
        }
        v.push((path, link, text));
    }
    v
}

/// What a path under the log directories is, when the logs make it.
pub(crate) fn stat(w: &World, p: &str) -> Option<Kind> {
    if !p.starts_with(PODS) && !p.starts_with(CONTAINERS) {
        return None;
    }
    for (path, link, text) in files(w) {
        if path == p {
            return Some(Kind::File(text.len(), 0o640));
        }
        if link == p {
            return Some(Kind::Link(path));
        }
        if path.starts_with(&format!("{p}/")) && p.len() > PODS.len() {
            return Some(Kind::Dir(0o755));
        }
    }
    None
}

/// The entries the logs add to a directory.
pub(crate) fn children(w: &World, dir: &str) -> Option<Vec<(String, Kind)>> {
    if !dir.starts_with(PODS) && dir != CONTAINERS {
        return None;
    }
    let mut v: Vec<(String, Kind)> = Vec::new();
    let prefix = format!("{dir}/");
    for (path, link, text) in files(w) {
        if dir == CONTAINERS {
            if let Some(name) = link.strip_prefix(&prefix) {
                v.push((name.to_string(), Kind::Link(path.clone())));
            }
            continue;
        }
        let Some(rest) = path.strip_prefix(&prefix) else {
            continue;
        };
        let (name, kind) = match rest.split_once('/') {
            Some((d, _)) => (d.to_string(), Kind::Dir(0o755)),
            None => (rest.to_string(), Kind::File(text.len(), 0o640)),
        };
        if !v.iter().any(|(n, _)| *n == name) {
            v.push((name, kind));
        }
    }
    Some(v)
}

/// A log file's text (through its `/var/log/containers` link too).
pub(crate) fn read(w: &World, p: &str) -> Option<String> {
    if !p.starts_with(PODS) && !p.starts_with(CONTAINERS) {
        return None;
    }
    files(w)
        .into_iter()
        .find(|(path, link, _)| path == p || link == p)
        .map(|(_, _, t)| t)
}
