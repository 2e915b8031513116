//! Hops of the process's own set-up: OOM score, hostname and domain name,
//! AppArmor, sysctls, `no_new_privs`, rlimits, seccomp, working directory,
//! groups, uid/gid and capabilities.

use super::{Detail, Narrator};
use crate::msg;
use crate::oci::plan::*;
use crate::oci::sys::*;
use crate::trace::Hop;
use oci_spec::runtime::{Capabilities, LinuxCapabilities};
use serde_json::json;

/// The hop of a process step; `None` for a step of another kind.
pub(super) fn hop(n: &Narrator<'_, '_>) -> Option<Hop> {
    let Narrator { c, who, runc, .. } = *n;
    let hop = match n.step.op {
        Op::OomScoreAdj(adj) => n.syscall(
            "write",
            Detail::new()
                .s("path", "/proc/self/oom_score_adj")
                .s("value", adj.to_string()),
            msg!("oci-oom-score-adj", who = who.msg(), adj = adj.to_string()),
        ),
        Op::Sethostname(name) => n.syscall(
            "sethostname",
            Detail::new().s("name", name),
            msg!(
                "oci-sethostname",
                who = who.msg(),
                name = format!("{name:?}")
            ),
        ),
        Op::Setdomainname(name) => n.syscall(
            "setdomainname",
            Detail::new().s("name", name),
            msg!(
                "oci-setdomainname",
                who = who.msg(),
                name = format!("{name:?}")
            ),
        ),
        Op::AppArmor(profile) => n.syscall(
            "write",
            Detail::new()
                .s("path", "/proc/self/attr/apparmor/exec")
                .s("value", format!("exec {profile}")),
            msg!("oci-apparmor", who = who.msg(), profile = profile),
        ),
        Op::Sysctl { key, value } => n.syscall(
            "write",
            Detail::new()
                .s("path", format!("/proc/sys/{}", key.replace('.', "/")))
                .s("value", value),
            msg!("oci-sysctl", who = who.msg(), key = key, value = value),
        ),
        Op::NoNewPrivs => n.syscall(
            "prctl",
            Detail::new()
                .s("option", "PR_SET_NO_NEW_PRIVS")
                .v("arg", json!(1)),
            msg!("oci-no-new-privs", who = who.msg()),
        ),
        Op::Rlimit(r) => {
            let (pid, note) = if runc {
                (
                    c.ctx.init_pid,
                    msg!("oci-rlimit-runc", resource = r.typ().to_string()),
                )
            } else {
                (0, msg!("oci-rlimit-crun", resource = r.typ().to_string()))
            };
            n.syscall(
                "prlimit64",
                Detail::new()
                    .v("pid", json!(pid))
                    .s("resource", r.typ().to_string())
                    .v("soft", json!(r.soft()))
                    .v("hard", json!(r.hard())),
                note,
            )
        }
        Op::Seccomp(s) => {
            let rules: usize = s
                .syscalls()
                .as_ref()
                .map_or(0, |v| v.iter().map(|r| r.names().len()).sum());
            let late = n.step.phase == Phase::Start
                || n.plan
                    .spec()
                    .process()
                    .as_ref()
                    .and_then(|p| p.no_new_privileges())
                    .unwrap_or(false);
            let note = if late {
                msg!("oci-seccomp-late", who = who.msg())
            } else {
                msg!("oci-seccomp-early", who = who.mid())
            };
            n.syscall(
                "seccomp",
                Detail::new()
                    .s("operation", "SECCOMP_SET_MODE_FILTER")
                    .s("defaultAction", s.default_action().to_string())
                    .v("syscalls", json!(rules)),
                note,
            )
        }
        Op::Chdir(path) => n.syscall(
            "chdir",
            Detail::new().s("path", path),
            msg!("oci-chdir", who = who.msg(), path = path),
        ),
        Op::CapBounding(caps) => n.syscall(
            "prctl",
            Detail::new()
                .s("option", "PR_CAPBSET_DROP")
                .v("keep", json!(sorted_caps(caps.bounding().as_ref()))),
            msg!("oci-cap-bounding", who = who.msg()),
        ),
        Op::KeepCaps(on) => n.syscall(
            "prctl",
            Detail::new()
                .s("option", "PR_SET_KEEPCAPS")
                .v("arg", json!(u8::from(on))),
            if on {
                msg!("oci-keep-caps-on", who = who.msg())
            } else {
                msg!("oci-keep-caps-off", who = who.msg())
            },
        ),
        Op::Setgroups(groups) => n.syscall(
            "setgroups",
            Detail::new().v("groups", json!(groups)),
            msg!("oci-setgroups", who = who.msg()),
        ),
        Op::Setgid(gid) => n.syscall(
            "setgid",
            Detail::new().v("gid", json!(gid)),
            msg!("oci-setgid", who = who.msg(), gid = gid.to_string()),
        ),
        Op::Setuid(uid) => n.syscall(
            "setuid",
            Detail::new().v("uid", json!(uid)),
            msg!("oci-setuid", who = who.msg(), uid = uid.to_string()),
        ),
        Op::Capset(caps) => n.syscall(
            "capset",
            capset_detail(caps),
            msg!("oci-capset", who = who.msg()),
        ),
        Op::AmbientCaps(caps) => n.syscall(
            "prctl",
            Detail::new()
                .s("option", "PR_CAP_AMBIENT")
                .s("operation", "PR_CAP_AMBIENT_RAISE")
                .v("caps", json!(sorted_caps(caps.ambient().as_ref()))),
            msg!("oci-ambient-caps", who = who.msg()),
        ),
        _ => return None,
    };
    Some(hop)
}

fn sorted_caps(set: Option<&Capabilities>) -> Vec<&'static str> {
    let mut v: Vec<_> = set
        .map(|s| s.iter().copied().collect::<Vec<_>>())
        .unwrap_or_default();
    crate::order::sort_by_key(&mut v, |c| capability_number(*c));
    v.into_iter().map(capability_name).collect()
}

fn capset_detail(caps: &LinuxCapabilities) -> Detail {
    Detail::new()
        .v("effective", json!(sorted_caps(caps.effective().as_ref())))
        .v("permitted", json!(sorted_caps(caps.permitted().as_ref())))
        .v(
            "inheritable",
            json!(sorted_caps(caps.inheritable().as_ref())),
        )
}
