//! Rules for `hooks`: absolute paths, timeouts, environments, and the
//! deprecated `prestart`.

use super::*;
use crate::msg;

pub(super) fn hooks(c: &mut Checker<'_, '_>, h: NodeId) {
    let t = c.tree;
    for kind in t.children(h) {
        let name = t.key(kind).unwrap_or(Cow::Borrowed(""));
        if name == "prestart" && t.kind(kind) == Kind::Array && t.len(kind) > 0 {
            c.info(
                At::Key(kind),
                "deprecated-prestart",
                msg!("val-deprecated-prestart"),
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
                        msg!("val-hook-timeout", found = found(c, to)),
                    );
                }
            }
            for e in elements(t, t.get(hook, "env")) {
                env_entry(c, e, "hook env");
            }
        }
    }
}
