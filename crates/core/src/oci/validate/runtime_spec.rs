//! Rules for a runtime `config.json` beyond its shape: what runtime-spec
//! `config.md` and `config-linux.md` require, what runc's
//! `libcontainer/configs/validate` and `specconv` refuse, and what the kernel
//! will not accept when runc writes the value.

use super::grammar::{closest, is_cpu_list, is_semver, OrList};
use super::schema::found;
use super::{At, Checker, Severity};
use crate::oci::json::{Kind, NodeId, Tree};
use std::borrow::Cow;

/// The capability names runc knows (kernel 0 to 40, `capabilities(7)`).
pub(super) const CAPABILITIES: [&str; 41] = [
    "CAP_CHOWN",
    "CAP_DAC_OVERRIDE",
    "CAP_DAC_READ_SEARCH",
    "CAP_FOWNER",
    "CAP_FSETID",
    "CAP_KILL",
    "CAP_SETGID",
    "CAP_SETUID",
    "CAP_SETPCAP",
    "CAP_LINUX_IMMUTABLE",
    "CAP_NET_BIND_SERVICE",
    "CAP_NET_BROADCAST",
    "CAP_NET_ADMIN",
    "CAP_NET_RAW",
    "CAP_IPC_LOCK",
    "CAP_IPC_OWNER",
    "CAP_SYS_MODULE",
    "CAP_SYS_RAWIO",
    "CAP_SYS_CHROOT",
    "CAP_SYS_PTRACE",
    "CAP_SYS_PACCT",
    "CAP_SYS_ADMIN",
    "CAP_SYS_BOOT",
    "CAP_SYS_NICE",
    "CAP_SYS_RESOURCE",
    "CAP_SYS_TIME",
    "CAP_SYS_TTY_CONFIG",
    "CAP_MKNOD",
    "CAP_LEASE",
    "CAP_AUDIT_WRITE",
    "CAP_AUDIT_CONTROL",
    "CAP_SETFCAP",
    "CAP_MAC_OVERRIDE",
    "CAP_MAC_ADMIN",
    "CAP_SYSLOG",
    "CAP_WAKE_ALARM",
    "CAP_BLOCK_SUSPEND",
    "CAP_AUDIT_READ",
    "CAP_PERFMON",
    "CAP_BPF",
    "CAP_CHECKPOINT_RESTORE",
];

/// runc's `rootfsPropagation` values (`specconv.mountPropagationMapping`).
const PROPAGATIONS: [&str; 8] = [
    "private",
    "rprivate",
    "slave",
    "rslave",
    "shared",
    "rshared",
    "unbindable",
    "runbindable",
];

/// The sysctls runc allows in a private IPC namespace (besides `fs.mqueue.*`).
const IPC_SYSCTLS: [&str; 8] = [
    "kernel.msgmax",
    "kernel.msgmnb",
    "kernel.msgmni",
    "kernel.sem",
    "kernel.shmall",
    "kernel.shmmax",
    "kernel.shmmni",
    "kernel.shm_rmid_forced",
];

const MIB: i128 = 1 << 20;

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
                    c.error(
                        At::Value(p),
                        "empty-path",
                        "root.path is empty: name the root filesystem, such as \"rootfs\" \
                         (relative to the bundle) or an absolute path"
                            .into(),
                    );
                }
            }
        }
        None if t.get(root, "root").is_none() => c.error(
            At::Missing(root, Cow::Borrowed("root")),
            "missing-root",
            "the config has no \"root\": it is REQUIRED on Linux and runc refuses the config \
             (\"root must be specified\"); add {\"path\": \"rootfs\"}"
                .into(),
        ),
        None => {}
    }
    match is_object(t, t.get(root, "process")) {
        Some(p) => process(c, p),
        None if t.get(root, "process").is_none() => c.error(
            At::Missing(root, Cow::Borrowed("process")),
            "missing-process",
            "the config has no \"process\": the spec requires it for `start`, and runc refuses \
             to create a container without one (\"process property must not be empty\")"
                .into(),
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
                    "an annotation key is empty: keys MUST NOT be empty; use reverse domain \
                     notation such as \"com.example.key\""
                        .into(),
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
                format!(
                    "the config sets a {what} but has no UTS namespace: runc refuses it \
                     (\"unable to set {what} without a private UTS namespace\"); add \
                     {{\"type\": \"uts\"}} to linux.namespaces"
                ),
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
            format!(
                "ociVersion \"{version}\" is not a SemVer 2.0.0 version: write MAJOR.MINOR.PATCH, \
                 such as \"1.2.0\" or \"1.0.2-dev\""
            ),
        );
    } else if !version.starts_with("1.") {
        c.warn(
            At::Value(v),
            "oci-version",
            format!(
                "ociVersion \"{version}\" is not a 1.x version: runc and crun implement \
                 runtime-spec 1.x, and a new major version is not compatible with it"
            ),
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
    let shown = if p.is_empty() {
        "empty".to_string()
    } else {
        format!("\"{p}\", which is relative")
    };
    c.error(
        At::Value(n),
        "relative-path",
        format!("{what} is {shown}: it MUST be an absolute path, such as \"{example}\""),
    );
    false
}

fn process(c: &mut Checker<'_, '_>, p: NodeId) {
    let t = c.tree;
    if let Some(cwd) = t.get(p, "cwd") {
        absolute(c, cwd, "process.cwd", "/");
    }
    match t.get(p, "args") {
        None => c.error(
            At::Missing(p, Cow::Borrowed("args")),
            "empty-args",
            "process has no \"args\": on Linux at least one entry is REQUIRED, the program to run \
             (runc: \"args must not be empty\"), such as [\"sh\"]"
                .into(),
        ),
        Some(a) if t.kind(a) == Kind::Array && t.len(a) == 0 => c.error(
            At::Value(a),
            "empty-args",
            "process.args is empty: on Linux at least one entry is REQUIRED, the program to run \
             (runc: \"args must not be empty\"), such as [\"sh\"]"
                .into(),
        ),
        Some(_) => {}
    }
    for e in elements(t, t.get(p, "env")) {
        env_entry(c, e, "process.env");
    }
    if let Some(o) = t.get(p, "oomScoreAdj") {
        if int(t, Some(o)).is_some_and(|v| !(-1000..=1000).contains(&v)) {
            c.error(
                At::Value(o),
                "oom-score-adj",
                format!(
                    "oomScoreAdj is {}: the kernel takes -1000 to 1000 in oom_score_adj",
                    found(c, o)
                ),
            );
        }
    }
    if let Some(caps) = is_object(t, t.get(p, "capabilities")) {
        capabilities(c, caps);
    }
    let mut seen: Vec<(Cow<'_, str>, NodeId)> = Vec::new();
    for r in elements(t, t.get(p, "rlimits")) {
        let Some(ty) = s(t, t.get(r, "type")) else {
            continue;
        };
        if let Some(first) = seen.iter().find(|(x, _)| *x == ty).map(|(_, f)| *f) {
            let line = c.line_of(first);
            c.error(
                At::Value(r),
                "duplicate-rlimit",
                format!(
                    "{ty} is set twice (first on line {line}): each rlimit type may appear once, \
                     and runtimes MUST refuse duplicates"
                ),
            );
        } else {
            seen.push((ty.clone(), r));
        }
        if let (Some(soft), Some(hard)) = (int(t, t.get(r, "soft")), int(t, t.get(r, "hard"))) {
            if soft > hard {
                let at = t.get(r, "soft").map_or(At::Value(r), At::Value);
                c.error(
                    at,
                    "rlimit-soft-above-hard",
                    format!(
                        "{ty}: soft limit {soft} is above hard limit {hard}: the kernel refuses \
                         it (setrlimit: EINVAL); soft must be at most hard"
                    ),
                );
            }
        }
    }
    if let Some(io) = is_object(t, t.get(p, "ioPriority")) {
        if let Some(pr) = t.get(io, "priority") {
            if int(t, Some(pr)).is_some_and(|v| !(0..=7).contains(&v)) {
                c.error(
                    At::Value(pr),
                    "io-priority",
                    format!(
                        "ioPriority.priority is {}: the kernel takes 0 (highest) to 7 (lowest)",
                        found(c, pr)
                    ),
                );
            }
        }
    }
    if let Some(sc) = is_object(t, t.get(p, "scheduler")) {
        scheduler(c, sc);
    }
    if let Some(aff) = is_object(t, t.get(p, "execCPUAffinity")) {
        for field in ["initial", "final"] {
            if let Some(n) = t.get(aff, field) {
                if s(t, Some(n)).is_some_and(|v| !is_cpu_list(&v)) {
                    c.error(
                        At::Value(n),
                        "cpu-list",
                        format!(
                            "execCPUAffinity.{field} is {}: expected a CPU list such as \"0-3,7\"",
                            found(c, n)
                        ),
                    );
                }
            }
        }
    }
}

fn env_entry(c: &mut Checker<'_, '_>, e: NodeId, what: &str) {
    let t = c.tree;
    let Some(v) = t.str(e) else { return };
    match v.split_once('=') {
        Some((name, _)) if !name.is_empty() => {}
        _ => c.warn(
            At::Value(e),
            "env-format",
            format!(
                "{what} entry \"{v}\" is not NAME=value: the program sees it as is, and most \
                 programs ignore it"
            ),
        ),
    }
}

fn cap_bit(name: &str) -> Option<u64> {
    CAPABILITIES
        .iter()
        .position(|c| *c == name)
        .map(|i| 1u64 << i)
}

fn capabilities(c: &mut Checker<'_, '_>, caps: NodeId) {
    let t = c.tree;
    // The known capabilities of each set, as bits (the kernel's numbers).
    let mut sets = [0u64; 5];
    for (k, set) in [
        "bounding",
        "effective",
        "inheritable",
        "permitted",
        "ambient",
    ]
    .iter()
    .enumerate()
    {
        for e in elements(t, t.get(caps, set)) {
            let Some(name) = t.str(e) else { continue };
            if let Some(bit) = cap_bit(&name) {
                sets[k] |= bit;
                continue;
            }
            c.ignored.push(e);
            if c.saturated(Severity::Warning) {
                continue;
            }
            let upper = name.to_ascii_uppercase();
            let canonical = if upper.starts_with("CAP_") {
                upper
            } else {
                format!("CAP_{upper}")
            };
            let message = if cap_bit(&canonical).is_some() {
                format!(
                    "capability \"{name}\" is not spelt as runc knows it: write \"{canonical}\"; \
                     runc ignores names it does not know (with a warning), so the process would \
                     not get it"
                )
            } else {
                let hint = closest(&name, CAPABILITIES.iter().copied())
                    .map(|s| format!(" (did you mean \"{s}\"?)"))
                    .unwrap_or_default();
                format!(
                    "\"{name}\" is not a Linux capability{hint}: runc ignores it with a warning; \
                     the names are those of capabilities(7), such as \"CAP_NET_ADMIN\""
                )
            };
            c.warn(At::Value(e), "unknown-capability", message);
        }
    }
    let [_, _, inheritable, permitted, _] = sets;
    for e in elements(t, t.get(caps, "ambient")) {
        let Some(name) = t.str(e) else { continue };
        let Some(bit) = cap_bit(&name) else { continue };
        let p = permitted & bit != 0;
        let i = inheritable & bit != 0;
        if !(p && i) {
            let missing: Vec<&str> = [(!p, "permitted"), (!i, "inheritable")]
                .iter()
                .filter(|(m, _)| *m)
                .map(|(_, s)| *s)
                .collect();
            c.info(
                At::Value(e),
                "ambient-not-permitted",
                format!(
                    "{name} is ambient but not {}: the kernel raises an ambient capability only \
                     when it is both permitted and inheritable, so this entry has no effect (runc \
                     spec's own default config does this; runc ignores the failure)",
                    missing.join(" nor ")
                ),
            );
        }
    }
    if t.get(caps, "permitted").is_some() {
        for e in elements(t, t.get(caps, "effective")) {
            let Some(name) = t.str(e) else { continue };
            if cap_bit(&name).is_some_and(|bit| permitted & bit == 0) {
                c.warn(
                    At::Value(e),
                    "effective-not-permitted",
                    format!(
                        "{name} is effective but not permitted: capset(2) refuses an effective \
                         set that is not a subset of the permitted set"
                    ),
                );
            }
        }
    }
}

fn scheduler(c: &mut Checker<'_, '_>, sc: NodeId) {
    let t = c.tree;
    let policy = s(t, t.get(sc, "policy")).unwrap_or(Cow::Borrowed(""));
    for f in elements(t, t.get(sc, "flags")) {
        if s(t, Some(f)).is_some_and(|v| SCHED_FLAGS_OCI_SPEC_CANNOT_READ.contains(&v.as_ref())) {
            c.ignored.push(f);
        }
    }
    if let Some(n) = t.get(sc, "nice") {
        if int(t, Some(n)).is_some_and(|v| !(-20..=19).contains(&v)) {
            c.error(
                At::Value(n),
                "scheduler",
                format!(
                    "scheduler.nice is {}: nice values go from -20 to 19 (runc: \"invalid \
                     scheduler.nice\")",
                    found(c, n)
                ),
            );
        }
    }
    if let Some(n) = t.get(sc, "priority") {
        if int(t, Some(n)).is_some_and(|v| v != 0) && !matches!(&*policy, "SCHED_FIFO" | "SCHED_RR")
        {
            c.error(
                At::Value(n),
                "scheduler",
                "scheduler.priority only applies to SCHED_FIFO and SCHED_RR: runc refuses it \
                 with other policies"
                    .into(),
            );
        }
    }
    if policy != "SCHED_DEADLINE" {
        for field in ["runtime", "deadline", "period"] {
            if let Some(n) = t.get(sc, field) {
                if int(t, Some(n)).is_some_and(|v| v != 0) {
                    c.error(
                        At::Value(n),
                        "scheduler",
                        format!(
                            "scheduler.{field} only applies to SCHED_DEADLINE: runc refuses \
                             runtime/deadline/period with other policies"
                        ),
                    );
                }
            }
        }
    }
}

fn mount(c: &mut Checker<'_, '_>, m: NodeId) {
    let t = c.tree;
    if t.kind(m) != Kind::Object {
        return;
    }
    // One pass over the members (a config has a dozen mounts).
    let (mut destination, mut options, mut source, mut typ, mut idmapped) =
        (None, None, None, None, false);
    for f in t.children(m) {
        match t.raw_key(f) {
            b"destination" => destination = Some(f),
            b"options" => options = Some(f),
            b"source" => source = Some(f),
            b"type" => typ = Some(f),
            b"uidMappings" | b"gidMappings" => idmapped = true,
            _ => {}
        }
    }
    if let Some(d) = destination {
        if let Some(dest) = t.str(d) {
            if !dest.starts_with('/') {
                let shown = if dest.is_empty() {
                    "empty".to_string()
                } else {
                    format!("\"{dest}\", which is relative")
                };
                c.error(
                    At::Value(d),
                    "relative-path",
                    format!(
                        "mount destination is {shown}: it MUST be an absolute path inside the \
                         container, such as \"/{}\" (runc still mounts a relative one under / \
                         with a deprecation warning)",
                        dest.trim_start_matches("./")
                    ),
                );
            }
        }
    }
    let bind = elements(t, options)
        .filter_map(|o| t.str(o))
        .any(|o| o == "bind" || o == "rbind");
    let has_source = s(t, source).is_some_and(|s| !s.is_empty());
    let has_type = s(t, typ).is_some_and(|s| !s.is_empty());
    if bind && !has_source {
        c.error(
            At::Value(m),
            "bind-without-source",
            "a bind mount needs a \"source\": the host path (absolute, or relative to the \
             bundle) to bind at the destination"
                .into(),
        );
    }
    if !bind && !has_type {
        c.warn(
            At::Value(m),
            "mount-without-type",
            "this mount has no \"type\" and no \"bind\" option: mount(2) needs a filesystem \
             type such as \"tmpfs\", or add \"bind\" to the options for a bind mount"
                .into(),
        );
    }
    if idmapped && !bind {
        c.error(
            At::Value(m),
            "idmap-without-bind",
            "uidMappings/gidMappings on a mount need the \"bind\" option: runc refuses \
             (\"gidMappings/uidMappings is supported only for mounts with the option 'bind'\")"
                .into(),
        );
    }
}

fn hooks(c: &mut Checker<'_, '_>, h: NodeId) {
    let t = c.tree;
    for kind in t.children(h) {
        let name = t.key(kind).unwrap_or(Cow::Borrowed(""));
        if name == "prestart" && t.kind(kind) == Kind::Array && t.len(kind) > 0 {
            c.info(
                At::Key(kind),
                "deprecated-prestart",
                "prestart hooks are deprecated (runtime-spec 1.0.2): they run in the runtime's \
                 namespaces after the container's namespaces exist; new configs use \
                 createRuntime, which runs at the same point"
                    .into(),
            );
        }
        for hook in elements(t, Some(kind)) {
            if t.kind(hook) != Kind::Object {
                continue;
            }
            if let Some(p) = t.get(hook, "path") {
                absolute_with(
                    c,
                    p,
                    || format!("the {name} hook's path"),
                    || "/usr/bin/hook".to_string(),
                );
            }
            if let Some(to) = t.get(hook, "timeout") {
                if int(t, Some(to)).is_some_and(|v| v <= 0) {
                    c.error(
                        At::Value(to),
                        "hook-timeout",
                        format!(
                            "hook timeout is {}: if set, timeout MUST be greater than zero (a \
                             number of seconds); leave it out for no timeout",
                            found(c, to)
                        ),
                    );
                }
            }
            for e in elements(t, t.get(hook, "env")) {
                env_entry(c, e, "hook env");
            }
        }
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
                format!(
                    "the {ty} namespace is listed twice: each type may appear once (runc: \
                     \"malformed spec file: duplicated ns\"); keep one entry"
                ),
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

fn ns_proc_name(t: &str) -> &str {
    match t {
        "network" => "net",
        "mount" => "mnt",
        other => other,
    }
}

fn linux_section(c: &mut Checker<'_, '_>, root: NodeId, l: NodeId, ns: &Namespaces) {
    let t = c.tree;
    if t.get(l, "namespaces").is_none() {
        c.info(
            At::Key(l),
            "no-namespaces",
            "linux has no \"namespaces\": the container shares every namespace (PID, network, \
             mounts…) with the host"
                .into(),
        );
    }
    for field in ["maskedPaths", "readonlyPaths"] {
        let Some(list) = t.get(l, field) else {
            continue;
        };
        if t.kind(list) == Kind::Array && t.len(list) > 0 && !ns.has("mount") {
            c.error(
                At::Key(list),
                "needs-mount-namespace",
                format!(
                    "{field} needs a mount namespace: runc refuses (\"unable to restrict sys \
                     entries without a private MNT namespace\"); add {{\"type\": \"mount\"}} to \
                     linux.namespaces"
                ),
            );
        }
        for e in elements(t, Some(list)) {
            absolute_with(
                c,
                e,
                || format!("a {field} entry"),
                || "/proc/kcore".to_string(),
            );
        }
    }
    user_namespace(c, root, l, ns);
    if let Some(to) = t.get(l, "timeOffsets") {
        if !ns.is_new("time") {
            c.error(
                At::Key(to),
                "needs-time-namespace",
                "timeOffsets need a new time namespace: runc refuses (\"time namespace offsets \
                 specified, but time namespace isn't enabled in the config\"); add \
                 {\"type\": \"time\"} to linux.namespaces"
                    .into(),
            );
        }
    }
    if let Some(sysctl) = is_object(t, t.get(l, "sysctl")) {
        sysctls(c, sysctl, ns);
    }
    if let Some(p) = t.get(l, "rootfsPropagation") {
        if let Some(v) = t.str(p) {
            if !v.is_empty() && !PROPAGATIONS.contains(&v.as_ref()) {
                c.error(
                    At::Value(p),
                    "rootfs-propagation",
                    format!(
                        "rootfsPropagation \"{v}\" is not supported (runc: \
                         \"rootfsPropagation={v} is not supported\"): expected {}",
                        OrList(&PROPAGATIONS)
                    ),
                );
            }
        }
    }
    let mut device_paths: litemap::LiteMap<Cow<'_, str>, ()> = Default::default();
    for d in elements(t, t.get(l, "devices")) {
        if let Some(p) = t.get(d, "path") {
            absolute(c, p, "a device path", "/dev/fuse");
            if let Some(path) = t.str(p) {
                if device_paths.contains_key(&path) {
                    c.warn(
                        At::Value(p),
                        "duplicate-device",
                        format!("device {path} is listed twice: the last entry wins"),
                    );
                } else {
                    device_paths.insert(path, ());
                }
            }
        }
        let ty = s(t, t.get(d, "type"));
        if ty.as_deref().is_some_and(|ty| ty != "p") {
            for field in ["major", "minor"] {
                if t.get(d, field).is_none() {
                    c.error(
                        At::Missing(d, Cow::Borrowed(field)),
                        "missing-field",
                        format!(
                            "a device of type {} has no \"{field}\", which is REQUIRED unless \
                             the type is p (a FIFO)",
                            ty.as_deref().unwrap_or("")
                        ),
                    );
                }
            }
        }
        if let Some(m) = t.get(d, "fileMode") {
            if int(t, Some(m)).is_some_and(|v| v > 0o7777) {
                c.warn(
                    At::Value(m),
                    "file-mode",
                    format!(
                        "fileMode {} has bits above 0o7777: it is the permission bits (such as \
                         438 = 0o666), the device type comes from \"type\"",
                        t.raw(m)
                    ),
                );
            }
        }
    }
    if let Some(r) = is_object(t, t.get(l, "resources")) {
        resources(c, r);
    }
    if let Some(sc) = is_object(t, t.get(l, "seccomp")) {
        seccomp(c, sc);
    }
    if let Some(rdt) = is_object(t, t.get(l, "intelRdt")) {
        if let Some(id) = t.get(rdt, "closID") {
            if s(t, Some(id)).is_some_and(|v| v == "." || v == ".." || v.contains('/')) {
                c.error(
                    At::Value(id),
                    "intel-rdt",
                    format!(
                        "intelRdt.closID {} cannot be a directory name under /sys/fs/resctrl: \
                         runc refuses \".\", \"..\" and names with '/'",
                        found(c, id)
                    ),
                );
            }
        }
    }
    if let Some(mp) = is_object(t, t.get(l, "memoryPolicy")) {
        if let Some(n) = t.get(mp, "nodes") {
            if s(t, Some(n)).is_some_and(|v| !is_cpu_list(&v)) {
                c.error(
                    At::Value(n),
                    "cpu-list",
                    format!(
                        "memoryPolicy.nodes is {}: expected a list of NUMA nodes such as \"0-1\"",
                        found(c, n)
                    ),
                );
            }
        }
    }
    if let Some(cp) = t.get(l, "cgroupsPath") {
        if let Some(v) = t.str(cp) {
            if v.split(':').count() == 3 && !v.starts_with('/') {
                c.info(
                    At::Value(cp),
                    "systemd-cgroups-path",
                    format!(
                        "cgroupsPath \"{v}\" is in systemd's slice:prefix:name form: runc reads \
                         it so only with --systemd-cgroup (as the kubelet's systemd driver \
                         configures it), and then asks systemd for a scope over D-Bus"
                    ),
                );
            }
        }
    }
}

fn mappings<'t>(t: &Tree<'t>, list: Option<NodeId>) -> Vec<(NodeId, i128, i128, i128)> {
    elements(t, list)
        .filter_map(|m| {
            Some((
                m,
                int(t, t.get(m, "containerID"))?,
                int(t, t.get(m, "hostID"))?,
                int(t, t.get(m, "size"))?,
            ))
        })
        .collect()
}

fn user_namespace(c: &mut Checker<'_, '_>, root: NodeId, l: NodeId, ns: &Namespaces) {
    let t = c.tree;
    let uid = t.get(l, "uidMappings");
    let gid = t.get(l, "gidMappings");
    let listed = |n: Option<NodeId>| n.is_some_and(|n| t.kind(n) == Kind::Array && t.len(n) > 0);
    if !ns.has("user") {
        if let Some(m) = uid.or(gid) {
            c.error(
                At::Key(m),
                "mappings-without-userns",
                "uidMappings/gidMappings are set but there is no user namespace: runc refuses \
                 (\"user namespace mappings specified, but user namespace isn't enabled in the \
                 config\"); add {\"type\": \"user\"} to linux.namespaces"
                    .into(),
            );
        }
        return;
    }
    if ns.user_path {
        if let Some(m) = uid.or(gid).filter(|m| listed(Some(*m))) {
            c.error(
                At::Key(m),
                "mappings-with-userns-path",
                "the user namespace is joined by path, so it already has its mappings: \
                 uidMappings/gidMappings only apply to a new user namespace; remove them or \
                 the path"
                    .into(),
            );
        }
        return;
    }
    if !listed(uid) && !listed(gid) {
        c.error(
            At::Key(l),
            "userns-without-mappings",
            "a new user namespace needs uidMappings and gidMappings: runc refuses (\"user \
             namespaces enabled, but no namespace path to join nor mappings to apply \
             specified\"); map at least the container's user, such as {\"containerID\": 0, \
             \"hostID\": 1000, \"size\": 1}"
                .into(),
        );
        return;
    }
    for (field, list) in [("uidMappings", uid), ("gidMappings", gid)] {
        if !listed(list) {
            let other = if field == "uidMappings" { "uid" } else { "gid" };
            c.error(
                At::Missing(l, Cow::Borrowed(field)),
                "userns-without-mappings",
                format!(
                    "a new user namespace has no {field}: every {other} would be unmapped and \
                     runc init fails when it switches to the process's user; add {field} too"
                ),
            );
        }
    }
    let uid_maps = mappings(t, uid);
    let gid_maps = mappings(t, gid);
    for (field, maps) in [("uidMappings", &uid_maps), ("gidMappings", &gid_maps)] {
        if maps.len() > 340 {
            if let Some((first, ..)) = maps.first() {
                c.error(
                    At::Value(*first),
                    "too-many-mappings",
                    format!(
                        "{field} has {} entries: the kernel takes at most 340 lines in a map",
                        maps.len()
                    ),
                );
            }
        }
        if maps.len() > 340 {
            // Refused above; pairwise checks of a huge map would only cost time.
            continue;
        }
        for (i, (m, cid, hid, size)) in maps.iter().enumerate() {
            if *size == 0 {
                c.error(
                    At::Value(*m),
                    "mapping-size",
                    format!(
                        "a {field} entry has size 0: it maps nothing and the kernel refuses it"
                    ),
                );
                continue;
            }
            for (_, cid2, hid2, size2) in maps.iter().take(i) {
                let overlap = |a: i128, b: i128| a < b + size2 && b < a + size;
                if overlap(*cid, *cid2) || overlap(*hid, *hid2) {
                    c.error(
                        At::Value(*m),
                        "mapping-overlap",
                        format!(
                            "this {field} entry overlaps an earlier one: the kernel refuses maps \
                             whose container or host ranges overlap"
                        ),
                    );
                    break;
                }
            }
        }
    }
    // The process's user and groups must be mapped, or setuid/setgid fail.
    let mapped = |maps: &[(NodeId, i128, i128, i128)], id: i128| {
        maps.iter()
            .any(|(_, cid, _, size)| id >= *cid && id < cid + size)
    };
    let Some(user) = t.path(root, &["process", "user"]) else {
        return;
    };
    if uid_maps.len() > 340 || gid_maps.len() > 340 {
        return;
    }
    if !uid_maps.is_empty() {
        if let Some(u) = t.get(user, "uid") {
            if int(t, Some(u)).is_some_and(|v| !mapped(&uid_maps, v)) {
                c.error(
                    At::Value(u),
                    "unmapped-user",
                    format!(
                        "process.user.uid {} is not mapped by linux.uidMappings: runc init's \
                         setuid fails inside the new user namespace; map it or pick a mapped uid",
                        t.raw(u)
                    ),
                );
            }
        }
    }
    if !gid_maps.is_empty() {
        let gids = t
            .get(user, "gid")
            .into_iter()
            .chain(elements(t, t.get(user, "additionalGids")));
        let bad: Vec<NodeId> = gids
            .filter(|g| int(t, Some(*g)).is_some_and(|v| !mapped(&gid_maps, v)))
            .collect();
        for g in bad {
            let what = if t.key_is(g, "gid") {
                "process.user.gid"
            } else {
                "process.user.additionalGids entry"
            };
            c.error(
                At::Value(g),
                "unmapped-user",
                format!(
                    "{what} {} is not mapped by linux.gidMappings: setgid/setgroups fail inside \
                     the new user namespace; map it or pick a mapped gid",
                    t.raw(g)
                ),
            );
        }
    }
}

fn sysctls(c: &mut Checker<'_, '_>, sysctl: NodeId, ns: &Namespaces) {
    let t = c.tree;
    for entry in t.children(sysctl) {
        let Some(raw) = t.key(entry) else { continue };
        // runc accepts '/' as the separator: net/ipv4/ip_forward.
        let key: String = match raw.find(['.', '/']) {
            Some(i) if raw.as_bytes().get(i) == Some(&b'/') => raw
                .chars()
                .map(|ch| match ch {
                    '/' => '.',
                    '.' => '/',
                    ch => ch,
                })
                .collect(),
            _ => raw.to_string(),
        };
        if IPC_SYSCTLS.contains(&key.as_str()) || key.starts_with("fs.mqueue.") {
            if !ns.has("ipc") {
                c.error(
                    At::Key(entry),
                    "sysctl",
                    format!(
                        "sysctl \"{key}\" belongs to the IPC namespace and the container has \
                         none: runc refuses (\"sysctl {key:?} is not allowed in the hosts ipc \
                         namespace\")"
                    ),
                );
            }
        } else if key.starts_with("net.") {
            if !ns.has("network") {
                c.error(
                    At::Key(entry),
                    "sysctl",
                    format!(
                        "sysctl \"{key}\" would change the host's network stack: runc refuses \
                         net.* sysctls without a network namespace (\"sysctl {key:?} not allowed \
                         in host network namespace\")"
                    ),
                );
            }
        } else if key == "kernel.domainname" && ns.has("uts") {
        } else if key == "kernel.hostname" && ns.has("uts") {
            c.error(
                At::Key(entry),
                "sysctl",
                "sysctl \"kernel.hostname\" conflicts with the config's \"hostname\" field: \
                 runc refuses it; set \"hostname\" instead"
                    .into(),
            );
        } else {
            c.error(
                At::Key(entry),
                "sysctl",
                format!(
                    "sysctl \"{key}\" is not in a separate kernel namespace: runc refuses it \
                     (only IPC sysctls, fs.mqueue.*, net.* and, with a UTS namespace, \
                     kernel.domainname can be set per container)"
                ),
            );
        }
    }
}

fn resources(c: &mut Checker<'_, '_>, r: NodeId) {
    let t = c.tree;
    if let Some(m) = is_object(t, t.get(r, "memory")) {
        memory(c, m);
    }
    if let Some(cpu) = is_object(t, t.get(r, "cpu")) {
        cpu_rules(c, cpu);
    }
    if let Some(p) = is_object(t, t.get(r, "pids")) {
        if let Some(l) = t.get(p, "limit") {
            match int(t, Some(l)) {
                Some(0) => c.warn(
                    At::Value(l),
                    "pids-limit",
                    "pids limit 0 does not mean \"no processes\": runc treats 0 as not set and \
                     leaves pids.max alone; write -1 for no limit or a positive number of tasks"
                        .into(),
                ),
                Some(v) if v < -1 => c.error(
                    At::Value(l),
                    "pids-limit",
                    format!(
                        "pids limit {v}: only -1 means no limit; on cgroup v2 runc writes {v} to \
                         pids.max and the kernel refuses it (cgroup v1 reads any negative value as \
                         max)"
                    ),
                ),
                _ => {}
            }
        }
    }
    for d in elements(t, t.get(r, "devices")) {
        if let Some(a) = t.get(d, "access") {
            if let Some(v) = t.str(a) {
                if v.is_empty() || !v.chars().all(|ch| matches!(ch, 'r' | 'w' | 'm')) {
                    c.error(
                        At::Value(a),
                        "device-access",
                        format!(
                            "device cgroup access \"{v}\" is not a combination of r (read), w \
                             (write) and m (mknod)"
                        ),
                    );
                }
            }
        }
    }
    if let Some(b) = is_object(t, t.get(r, "blockIO")) {
        for field in ["weight", "leafWeight"] {
            if let Some(w) = t.get(b, field) {
                if int(t, Some(w)).is_some_and(|v| v != 0 && !(10..=1000).contains(&v)) {
                    c.error(
                        At::Value(w),
                        "blkio-weight",
                        format!(
                            "blockIO.{field} is {}: the kernel takes 10 to 1000 (0 leaves it unset)",
                            t.raw(w)
                        ),
                    );
                }
            }
        }
        for d in elements(t, t.get(b, "weightDevice")) {
            if t.get(d, "weight").is_none() && t.get(d, "leafWeight").is_none() {
                c.error(
                    At::Value(d),
                    "blkio-weight",
                    "a weightDevice entry MUST set \"weight\", \"leafWeight\" or both".into(),
                );
            }
        }
    }
    for h in elements(t, t.get(r, "hugepageLimits")) {
        if let Some(p) = t.get(h, "pageSize") {
            if let Some(v) = t.str(p) {
                let digits = v.trim_end_matches(['K', 'M', 'G', 'B']);
                let unit = &v[digits.len()..];
                let ok = !digits.is_empty()
                    && digits.bytes().all(|b| b.is_ascii_digit())
                    && matches!(unit, "KB" | "MB" | "GB");
                if !ok {
                    c.error(
                        At::Value(p),
                        "hugepage-size",
                        format!(
                            "hugepage pageSize \"{v}\" is not a size as the kernel's hugetlb \
                             files name it: expected a number and KB, MB or GB, such as \"2MB\" \
                             or \"1GB\""
                        ),
                    );
                }
            }
        }
        if let Some(l) = t.get(h, "limit") {
            if int(t, Some(l)).is_some_and(|v| v < 0) {
                c.error(
                    At::Value(l),
                    "hugepage-limit",
                    format!(
                        "hugepage limit {}: a limit is a number of bytes, 0 or more",
                        t.raw(l)
                    ),
                );
            }
        }
    }
    if let Some(u) = is_object(t, t.get(r, "unified")) {
        for entry in t.children(u) {
            let Some(k) = t.key(entry) else { continue };
            if k.contains('/') || !k.contains('.') {
                c.error(
                    At::Key(entry),
                    "unified-key",
                    format!(
                        "unified key \"{k}\" is not a cgroup v2 file name: expected \
                         controller.file, such as \"memory.high\", without '/'"
                    ),
                );
            }
        }
    }
}

fn memory(c: &mut Checker<'_, '_>, m: NodeId) {
    let t = c.tree;
    let field = |name: &str| t.get(m, name).and_then(|n| t.int(n).map(|v| (n, v)));
    let limit = field("limit");
    let reservation = field("reservation");
    let swap = field("swap");
    for (name, v) in [
        ("limit", limit),
        ("reservation", reservation),
        ("swap", swap),
    ] {
        if let Some((n, x)) = v {
            if x < -1 {
                c.error(
                    At::Value(n),
                    "memory-value",
                    format!(
                        "memory.{name} is {x}: memory values are a number of bytes, or -1 for \
                         unlimited"
                    ),
                );
            }
        }
    }
    if let Some((n, 0)) = limit {
        c.warn(
            At::Value(n),
            "memory-limit-zero",
            "memory.limit 0 does not mean \"no memory\": runc treats 0 as not set; write -1 for \
             unlimited or a number of bytes"
                .into(),
        );
    }
    if let Some((n, l)) = limit {
        if l > 0 && l < 6 * MIB {
            c.warn(
                At::Value(n),
                "memory-limit-tiny",
                format!(
                    "memory.limit {l} bytes is below 6 MiB: the process is likely OOM-killed at \
                     once (Docker refuses limits below 6 MB)"
                ),
            );
        }
    }
    let l = limit.map_or(0, |(_, v)| v);
    if let Some((n, res)) = reservation {
        if l > 0 && res > l {
            c.warn(
                At::Value(n),
                "reservation-above-limit",
                format!(
                    "memory.reservation ({res}) is above memory.limit ({l}): the soft limit can \
                     never be reached; set reservation at or below the limit (Docker refuses \
                     this)"
                ),
            );
        }
    }
    if let Some((n, sw)) = swap {
        if sw > 0 {
            // runc's ConvertMemorySwapToCgroupV2Value: swap with an unset
            // memory limit cannot be converted (with -1, unlimited, it can).
            if l == 0 {
                c.error(
                    At::Value(n),
                    "swap-without-limit",
                    "memory.swap is set but memory.limit is not: swap is the memory+swap limit, \
                     and runc refuses it without a memory limit (\"unable to set swap limit \
                     without memory limit\")"
                        .into(),
                );
            } else if sw < l {
                c.error(
                    At::Value(n),
                    "swap-below-limit",
                    format!(
                        "memory.swap ({sw}) is below memory.limit ({l}): swap is the limit of \
                         memory plus swap, so it must be at least the memory limit (runc: \
                         \"memory+swap limit should be >= memory limit\")"
                    ),
                );
            }
        }
    }
    if let Some((n, v)) = field("swappiness") {
        if v > 100 {
            c.error(
                At::Value(n),
                "swappiness",
                format!("memory.swappiness is {v}: the kernel takes 0 to 100"),
            );
        }
    }
    for name in ["kernel", "kernelTCP"] {
        if let Some(n) = t.get(m, name) {
            if t.kind(n) != Kind::Null {
                c.warn(
                    At::Key(n),
                    "kernel-memory",
                    format!(
                        "memory.{name} is deprecated (runtime-spec 1.1): cgroup v2 has no \
                         separate kernel memory limit and runc ≥ 1.2 ignores it"
                    ),
                );
            }
        }
    }
}

fn cpu_rules(c: &mut Checker<'_, '_>, cpu: NodeId) {
    let t = c.tree;
    let field = |name: &str| t.get(cpu, name).and_then(|n| t.int(n).map(|v| (n, v)));
    if let Some((n, v)) = field("shares") {
        if v != 0 && !(2..=262_144).contains(&v) {
            c.warn(
                At::Value(n),
                "cpu-shares",
                format!(
                    "cpu.shares {v} is outside 2 to 262144: the kernel clamps it on cgroup v1, \
                     and runc's conversion to cpu.weight on cgroup v2 is only defined in that range"
                ),
            );
        }
    }
    let quota = field("quota");
    let period = field("period");
    if let Some((n, v)) = period {
        if v != 0 && !(1000..=1_000_000).contains(&v) {
            c.error(
                At::Value(n),
                "cpu-period",
                format!(
                    "cpu.period {v} µs is outside 1000 to 1000000 (1 ms to 1 s): the kernel \
                     refuses it"
                ),
            );
        }
    }
    if let Some((n, q)) = quota {
        if q > 0 && q < 1000 {
            c.error(
                At::Value(n),
                "cpu-quota",
                format!(
                    "cpu.quota {q} µs is below 1000 µs (1 ms): the kernel refuses it; -1 means \
                     no limit"
                ),
            );
        } else if q < -1 {
            c.warn(
                At::Value(n),
                "cpu-quota",
                format!("cpu.quota {q}: only -1 means \"no limit\"; cgroup v1 refuses other negative values"),
            );
        }
        if q > 0 && period.is_none_or(|(_, p)| p == 0) {
            c.info(
                At::Value(n),
                "quota-without-period",
                format!(
                    "cpu.quota {q} without cpu.period: the cgroup keeps its current period \
                     (100000 µs = 100 ms unless changed), so the container gets {q}/100000 of a \
                     CPU"
                ),
            );
        }
    }
    if let (Some((n, b)), Some((_, q))) = (field("burst"), quota) {
        if q > 0 && b > q {
            c.error(
                At::Value(n),
                "cpu-burst",
                format!("cpu.burst ({b} µs) is above cpu.quota ({q} µs): the kernel refuses it"),
            );
        }
    }
    if let (Some((n, rt)), Some((_, rp))) = (field("realtimeRuntime"), field("realtimePeriod")) {
        if rp > 0 && rt > rp {
            c.error(
                At::Value(n),
                "cpu-realtime",
                format!(
                    "cpu.realtimeRuntime ({rt} µs) is above cpu.realtimePeriod ({rp} µs): the \
                     kernel refuses it"
                ),
            );
        }
    }
    for name in ["cpus", "mems"] {
        if let Some(n) = t.get(cpu, name) {
            if s(t, Some(n)).is_some_and(|v| !is_cpu_list(&v)) {
                c.error(
                    At::Value(n),
                    "cpu-list",
                    format!(
                        "cpu.{name} is {}: expected a list such as \"0-3,7\" (numbers and \
                         ascending ranges, comma-separated)",
                        found(c, n)
                    ),
                );
            }
        }
    }
    if let Some((n, v)) = field("idle") {
        if v != 0 && v != 1 {
            c.error(
                At::Value(n),
                "cpu-idle",
                format!("cpu.idle is {v}: it is 0 or 1 (cpu.idle of cgroup v2)"),
            );
        }
    }
}

fn seccomp(c: &mut Checker<'_, '_>, sc: NodeId) {
    let t = c.tree;
    let mut notify = false;
    if let Some(d) = t.get(sc, "defaultAction") {
        if s(t, Some(d)).is_some_and(|v| v == "SCMP_ACT_NOTIFY") {
            c.error(
                At::Value(d),
                "seccomp-notify",
                "SCMP_ACT_NOTIFY cannot be the default action: runc refuses it (every system \
                 call, including the ones the agent needs, would wait on the listener)"
                    .into(),
            );
        }
    }
    for rule in elements(t, t.get(sc, "syscalls")) {
        if let Some(names) = t.get(rule, "names") {
            if t.kind(names) == Kind::Array && t.len(names) == 0 {
                c.error(
                    At::Value(names),
                    "seccomp-names",
                    "a seccomp rule has no system call names: \"names\" needs at least one, such \
                     as [\"mount\"]"
                        .into(),
                );
            }
        }
        let action = s(t, t.get(rule, "action"));
        if action.as_deref() == Some("SCMP_ACT_NOTIFY") {
            notify = true;
        }
        if let Some(e) = t.get(rule, "errnoRet") {
            if !matches!(
                action.as_deref(),
                Some("SCMP_ACT_ERRNO" | "SCMP_ACT_TRACE") | None
            ) {
                c.warn(
                    At::Key(e),
                    "seccomp-errno",
                    "errnoRet only matters with SCMP_ACT_ERRNO or SCMP_ACT_TRACE: with this \
                     action it is ignored"
                        .into(),
                );
            }
        }
        for a in elements(t, t.get(rule, "args")) {
            if let Some(i) = t.get(a, "index") {
                if int(t, Some(i)).is_some_and(|v| v > 5) {
                    c.error(
                        At::Value(i),
                        "seccomp-arg-index",
                        format!(
                            "seccomp argument index {}: system calls have 6 arguments, index 0 \
                             to 5",
                            t.raw(i)
                        ),
                    );
                }
            }
        }
    }
    if notify && s(t, t.get(sc, "listenerPath")).is_none_or(|p| p.is_empty()) {
        c.error(
            At::Value(sc),
            "seccomp-notify",
            "a rule uses SCMP_ACT_NOTIFY but linux.seccomp has no \"listenerPath\": runc needs \
             the UNIX socket of the agent that answers the notifications"
                .into(),
        );
    }
}
