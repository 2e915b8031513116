//! Rules for `linux.seccomp`: the default action, the listener path, and each
//! syscall rule (names, action, `errnoRet`) with its arguments.

use super::*;

pub(super) fn seccomp(c: &mut Checker<'_, '_>, sc: NodeId) {
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
