//! Rules for `process`: `args`, `cwd`, `env`, rlimits, capabilities (names
//! runc knows, sets that make sense together), the scheduler, I/O priority,
//! `oomScoreAdj` and `execCPUAffinity`, and what runc refuses in them.

use super::*;
use crate::msg;
use crate::oci::validate::schema::did_you_mean;

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
            msg!("val-empty-args"),
        ),
        Some(a) if t.kind(a) == Kind::Array && t.len(a) == 0 => {
            c.error(At::Value(a), "empty-args", msg!("val-empty-args-array"))
        }
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
                msg!("val-oom-score-adj", found = found(c, o)),
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
                msg!(
                    "val-duplicate-rlimit",
                    ty = ty.to_string(),
                    line = line.to_string()
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
                    msg!(
                        "val-rlimit-soft-above-hard",
                        ty = ty.to_string(),
                        soft = soft.to_string(),
                        hard = hard.to_string()
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
                    msg!("val-io-priority", found = found(c, pr)),
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
                        msg!(
                            "val-cpu-list",
                            field = field.to_string(),
                            found = found(c, n)
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
                msg!(
                    "val-unknown-capability-spelling",
                    name = name.to_string(),
                    canonical = canonical
                )
            } else {
                let hint = did_you_mean(closest(&name, CAPABILITIES.iter().copied()));
                msg!(
                    "val-unknown-capability",
                    name = name.to_string(),
                    hint = hint
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
            let missing = match (p, i) {
                (false, false) => "both",
                (false, true) => "permitted",
                _ => "inheritable",
            };
            c.info(
                At::Value(e),
                "ambient-not-permitted",
                msg!(
                    "val-ambient-not-permitted",
                    name = name.to_string(),
                    missing = missing
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
                    msg!("val-effective-not-permitted", name = name.to_string()),
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
                msg!("val-scheduler", found = found(c, n)),
            );
        }
    }
    if let Some(n) = t.get(sc, "priority") {
        if int(t, Some(n)).is_some_and(|v| v != 0) && !matches!(&*policy, "SCHED_FIFO" | "SCHED_RR")
        {
            c.error(At::Value(n), "scheduler", msg!("val-scheduler-priority"));
        }
    }
    if policy != "SCHED_DEADLINE" {
        for field in ["runtime", "deadline", "period"] {
            if let Some(n) = t.get(sc, field) {
                if int(t, Some(n)).is_some_and(|v| v != 0) {
                    c.error(
                        At::Value(n),
                        "scheduler",
                        msg!("val-scheduler-deadline", field = field.to_string()),
                    );
                }
            }
        }
    }
}
