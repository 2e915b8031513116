//! Rules for a runtime `config.json` beyond its shape: what runtime-spec
//! `config.md` and `config-linux.md` require, what runc's
//! `libcontainer/configs/validate` and `specconv` refuse, and what the kernel
//! will not accept when runc writes the value.

mod hooks;
mod linux;
mod mounts;
mod process;
mod resources;
mod seccomp;

use crate::message::Msg;
use crate::msg;
use hooks::hooks;
use linux::linux_section;
use mounts::mount;
use process::process;

use super::grammar::{closest, is_cpu_list, is_semver, or_list};
use super::schema::found;
use super::{At, Checker, Severity};
use crate::oci::json::{Kind, NodeId, Tree};
use std::borrow::Cow;

/// Scheduler flags of the spec that oci-spec 0.10 spells differently (it reads
/// `SCHED_RESET_ON_FORK` and `SCHED_FLAG_D_L_OVERRUN`): dropped before its
/// read, so that a valid config still plans (plans do not use them).
pub(super) const SCHED_FLAGS_OCI_SPEC_CANNOT_READ: [&str; 2] =
    ["SCHED_FLAG_RESET_ON_FORK", "SCHED_FLAG_DL_OVERRUN"];

/// The namespaces a config lists, as bits in the order of
/// [`NAMESPACE_TYPES`](super::schema::NAMESPACE_TYPES).
#[derive(Debug, Default)]
struct Namespaces {
    /// Types listed (new or joined).
    listed: u16,
    /// Types created new (no path).
    new: u16,
    /// Whether the user namespace is joined by path.
    user_path: bool,
}

fn ns_bit(t: &str) -> u16 {
    super::schema::NAMESPACE_TYPES
        .values
        .iter()
        .position(|x| *x == t)
        .map_or(0, |i| 1 << i)
}

impl Namespaces {
    fn has(&self, t: &str) -> bool {
        self.listed & ns_bit(t) != 0
    }

    fn is_new(&self, t: &str) -> bool {
        self.new & ns_bit(t) != 0
    }
}

fn s<'t>(t: &Tree<'t>, n: Option<NodeId>) -> Option<Cow<'t, str>> {
    n.and_then(|n| t.str(n))
}

fn int(t: &Tree<'_>, n: Option<NodeId>) -> Option<i128> {
    n.and_then(|n| t.int(n))
}

fn elements<'a>(t: &'a Tree<'_>, n: Option<NodeId>) -> impl Iterator<Item = NodeId> + 'a {
    n.filter(|n| t.kind(*n) == Kind::Array)
        .into_iter()
        .flat_map(move |n| t.children(n))
}

fn is_object(t: &Tree<'_>, n: Option<NodeId>) -> Option<NodeId> {
    n.filter(|n| t.kind(*n) == Kind::Object)
}

/// Checks a runtime config.
pub(super) fn check(c: &mut Checker<'_, '_>) {
    let t = c.tree;
    let root = t.root();
    if t.kind(root) != Kind::Object {
        return;
    }
    if let Some(v) = t.get(root, "ociVersion") {
        oci_version(c, v);
    }
    match is_object(t, t.get(root, "root")) {
        Some(r) => {
            if let Some(p) = t.get(r, "path") {
                if s(t, Some(p)).is_some_and(|p| p.is_empty()) {
                    c.error(At::Value(p), "empty-path", msg!("val-empty-path"));
                }
            }
        }
        None if t.get(root, "root").is_none() => c.error(
            At::Missing(root, Cow::Borrowed("root")),
            "missing-root",
            msg!("val-missing-root"),
        ),
        None => {}
    }
    match is_object(t, t.get(root, "process")) {
        Some(p) => process(c, p),
        None if t.get(root, "process").is_none() => c.error(
            At::Missing(root, Cow::Borrowed("process")),
            "missing-process",
            msg!("val-missing-process"),
        ),
        None => {}
    }
    for m in elements(t, t.get(root, "mounts")) {
        mount(c, m);
    }
    if let Some(h) = is_object(t, t.get(root, "hooks")) {
        hooks(c, h);
    }
    if let Some(a) = is_object(t, t.get(root, "annotations")) {
        for child in t.children(a) {
            if t.key(child).is_some_and(|k| k.is_empty()) {
                c.error(
                    At::Key(child),
                    "empty-annotation-key",
                    msg!("val-empty-annotation-key"),
                );
            }
        }
    }
    let linux = is_object(t, t.get(root, "linux"));
    let ns = match linux {
        Some(l) => namespaces(c, l),
        None => Namespaces::default(),
    };
    for (field, what) in [("hostname", "hostname"), ("domainname", "domainname")] {
        let Some(n) = t.get(root, field) else {
            continue;
        };
        if s(t, Some(n)).is_some_and(|v| !v.is_empty()) && !ns.has("uts") {
            c.error(
                At::Value(n),
                "needs-uts-namespace",
                msg!("val-needs-uts-namespace", what = what.to_string()),
            );
        }
    }
    if let Some(l) = linux {
        linux_section(c, root, l, &ns);
    }
}

fn oci_version(c: &mut Checker<'_, '_>, v: NodeId) {
    let t = c.tree;
    let Some(version) = t.str(v) else { return };
    if !is_semver(&version) {
        c.error(
            At::Value(v),
            "oci-version",
            msg!("val-oci-version", version = version.to_string()),
        );
    } else if !version.starts_with("1.") {
        c.warn(
            At::Value(v),
            "oci-version",
            msg!("val-oci-version-major", version = version.to_string()),
        );
    }
}

fn absolute(c: &mut Checker<'_, '_>, n: NodeId, what: &str, example: &str) -> bool {
    absolute_with(c, n, || what.to_string(), || example.to_string())
}

/// [`absolute`] with the words made only when the path is not absolute.
fn absolute_with(
    c: &mut Checker<'_, '_>,
    n: NodeId,
    what: impl FnOnce() -> String,
    example: impl FnOnce() -> String,
) -> bool {
    let t = c.tree;
    let Some(p) = t.str(n) else { return true };
    if p.starts_with('/') {
        return true;
    }
    let (what, example) = (what(), example());
    let shown = relative_shown(&p);
    c.error(
        At::Value(n),
        "relative-path",
        msg!(
            "val-relative-path",
            what = what.to_string(),
            shown = shown,
            example = example.to_string()
        ),
    );
    false
}

/// How a relative path shows in a message: `empty`, or `"x", which is
/// relative`.
pub(super) fn relative_shown(p: &str) -> Msg {
    if p.is_empty() {
        msg!("val-path-empty")
    } else {
        msg!("val-path-relative", path = p)
    }
}

fn namespaces(c: &mut Checker<'_, '_>, linux: NodeId) -> Namespaces {
    let t = c.tree;
    let mut out = Namespaces::default();
    let Some(list) = t.get(linux, "namespaces") else {
        return out;
    };
    for e in elements(t, Some(list)) {
        let Some(ty) = s(t, t.get(e, "type")) else {
            continue;
        };
        let path_node = t.get(e, "path");
        let path = s(t, path_node).unwrap_or(Cow::Borrowed(""));
        if out.has(&ty) {
            c.error(
                At::Value(e),
                "duplicate-namespace",
                msg!("val-duplicate-namespace", ty = ty.to_string()),
            );
            continue;
        }
        if let Some(p) = path_node {
            if !path.is_empty() {
                absolute_with(
                    c,
                    p,
                    || format!("the {ty} namespace path"),
                    || format!("/proc/1234/ns/{}", ns_proc_name(&ty)),
                );
            }
        }
        out.listed |= ns_bit(&ty);
        if path.is_empty() {
            out.new |= ns_bit(&ty);
        } else if ty == "user" {
            out.user_path = true;
        }
    }
    out
}

fn env_entry(c: &mut Checker<'_, '_>, e: NodeId, what: &str) {
    let t = c.tree;
    let Some(v) = t.str(e) else { return };
    match v.split_once('=') {
        Some((name, _)) if !name.is_empty() => {}
        _ => c.warn(
            At::Value(e),
            "env-format",
            msg!(
                "val-env-format-process",
                what = what.to_string(),
                v = v.to_string()
            ),
        ),
    }
}

fn ns_proc_name(t: &str) -> &str {
    match t {
        "network" => "net",
        "mount" => "mnt",
        other => other,
    }
}
