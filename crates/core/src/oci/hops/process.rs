//! Hops of the process's own set-up: OOM score, hostname and domain name,
//! AppArmor, sysctls, `no_new_privs`, rlimits, seccomp, working directory,
//! groups, uid/gid and capabilities.

use super::{Detail, Narrator};
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
                format!("{who} sets its OOM score adjustment to {adj}, which the container inherits."),
            ),
            Op::Sethostname(name) => n.syscall(
                "sethostname",
                Detail::new().s("name", name),
                format!("{who} sets the hostname to {name:?} in the container's UTS namespace."),
            ),
            Op::Setdomainname(name) => n.syscall(
                "setdomainname",
                Detail::new().s("name", name),
                format!("{who} sets the NIS domain name to {name:?}."),
            ),
            Op::AppArmor(profile) => n.syscall(
                "write",
                Detail::new()
                    .s("path", "/proc/self/attr/apparmor/exec")
                    .s("value", format!("exec {profile}")),
                format!("{who} asks AppArmor to confine the program with profile {profile} from its next execve."),
            ),
            Op::Sysctl { key, value } => n.syscall(
                "write",
                Detail::new()
                    .s("path", format!("/proc/sys/{}", key.replace('.', "/")))
                    .s("value", value),
                format!("{who} sets the sysctl {key} = {value} in the container's namespaces."),
            ),
            Op::NoNewPrivs => n.syscall(
                "prctl",
                Detail::new()
                    .s("option", "PR_SET_NO_NEW_PRIVS")
                    .v("arg", json!(1)),
                format!("{who} sets no_new_privs: no setuid binary or file capability can ever raise the container's privileges."),
            ),
            Op::Rlimit(r) => {
                let (pid, note) = if runc {
                    (c.ctx.init_pid, format!("runc sets {} of the container's init from outside with prlimit.", r.typ()))
                } else {
                    (0, format!("crun sets {} on itself before cloning, so the container inherits it.", r.typ()))
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
                    format!("{who} loads the seccomp filter as late as possible, so that the setup's own syscalls need not be allowed.")
                } else {
                    format!("Without no_new_privs, loading a seccomp filter needs privileges, so {} does it before dropping capabilities.", who.to_ascii_lowercase())
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
                format!("{who} changes to the working directory {path}."),
            ),
            Op::CapBounding(caps) => n.syscall(
                "prctl",
                Detail::new()
                    .s("option", "PR_CAPBSET_DROP")
                    .v("keep", json!(sorted_caps(caps.bounding().as_ref()))),
                format!("{who} drops from the bounding set every capability not listed: the container can never regain them."),
            ),
            Op::KeepCaps(on) => n.syscall(
                "prctl",
                Detail::new()
                    .s("option", "PR_SET_KEEPCAPS")
                    .v("arg", json!(u8::from(on))),
                if on {
                    format!("{who} keeps its capabilities across the coming uid change.")
                } else {
                    format!("{who} stops keeping capabilities across uid changes.")
                },
            ),
            Op::Setgroups(groups) => n.syscall(
                "setgroups",
                Detail::new().v("groups", json!(groups)),
                format!("{who} sets the supplementary groups (dropping the host's)."),
            ),
            Op::Setgid(gid) => n.syscall(
                "setgid",
                Detail::new().v("gid", json!(gid)),
                format!("{who} switches to group {gid}."),
            ),
            Op::Setuid(uid) => n.syscall(
                "setuid",
                Detail::new().v("uid", json!(uid)),
                format!("{who} switches to user {uid}."),
            ),
            Op::Capset(caps) => n.syscall(
                "capset",
                capset_detail(caps),
                format!("{who} sets the effective, permitted and inheritable capabilities the program will have."),
            ),
            Op::AmbientCaps(caps) => n.syscall(
                "prctl",
                Detail::new()
                    .s("option", "PR_CAP_AMBIENT")
                    .s("operation", "PR_CAP_AMBIENT_RAISE")
                    .v("caps", json!(sorted_caps(caps.ambient().as_ref()))),
                format!("{who} raises the ambient capabilities, which survive execve even for a non-root program."),
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
