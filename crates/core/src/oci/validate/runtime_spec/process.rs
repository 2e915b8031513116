//! Rules for `process`: `args`, `cwd`, `env`, rlimits, capabilities (names
//! runc knows, sets that make sense together), the scheduler, I/O priority,
//! `oomScoreAdj` and `execCPUAffinity`, and what runc refuses in them.

use super::*;

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

pub(super) fn process(c: &mut Checker<'_, '_>, p: NodeId) {
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

pub(super) fn cap_bit(name: &str) -> Option<u64> {
    CAPABILITIES
        .iter()
        .position(|c| *c == name)
        .map(|i| 1u64 << i)
}

pub(super) fn capabilities(c: &mut Checker<'_, '_>, caps: NodeId) {
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

pub(super) fn scheduler(c: &mut Checker<'_, '_>, sc: NodeId) {
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
