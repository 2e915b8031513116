//! Rules for `linux.seccomp`: the default action, the listener path, and each
//! syscall rule (names, action, `errnoRet`) with its arguments.

use super::*;
use crate::msg;

pub(super) fn seccomp(c: &mut Checker<'_, '_>, sc: NodeId) {
    let t = c.tree;
    let mut notify = false;
    if let Some(d) = t.get(sc, "defaultAction") {
        if s(t, Some(d)).is_some_and(|v| v == "SCMP_ACT_NOTIFY") {
            c.error(At::Value(d), "seccomp-notify", msg!("val-seccomp-notify"));
        }
    }
    for rule in elements(t, t.get(sc, "syscalls")) {
        if let Some(names) = t.get(rule, "names") {
            if t.kind(names) == Kind::Array && t.len(names) == 0 {
                c.error(At::Value(names), "seccomp-names", msg!("val-seccomp-names"));
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
                c.warn(At::Key(e), "seccomp-errno", msg!("val-seccomp-errno"));
            }
        }
        for a in elements(t, t.get(rule, "args")) {
            if let Some(i) = t.get(a, "index") {
                if int(t, Some(i)).is_some_and(|v| v > 5) {
                    c.error(
                        At::Value(i),
                        "seccomp-arg-index",
                        msg!("val-seccomp-arg-index", index = t.raw(i).to_string()),
                    );
                }
            }
        }
    }
    if notify && s(t, t.get(sc, "listenerPath")).is_none_or(|p| p.is_empty()) {
        c.error(
            At::Value(sc),
            "seccomp-notify",
            msg!("val-seccomp-notify-listener"),
        );
    }
}
