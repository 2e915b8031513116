//! Hops of namespace set-up: runc's `nsexec` stages, `clone`, `setns`,
//! `unshare`, the user namespace's id maps, the new session, the Go runtime
//! of `runc init` taking over, the session keyring and `lo` brought up.

use super::{Detail, Narrator};
use crate::oci::plan::*;
use crate::oci::sys::*;
use crate::trace::Hop;
use serde_json::json;

/// The hop of a namespaces step; `None` for a step of another kind.
pub(super) fn hop(n: &Narrator<'_, '_>) -> Option<Hop> {
    let Narrator {
        c, who, runc, ns, ..
    } = *n;
    let hop = match n.step.op {
            Op::Nsexec(stage) => {
                let mut d = Detail::new().s("process", stage.process_name());
                let note = match stage {
                    NsexecStage::Parent => {
                        let paths: Vec<String> = ns
                            .joins()
                            .map(|(t, p)| format!("{}:{p}", namespace_proc_name(t)))
                            .collect();
                        d = d.s("cloneflags", clone_flags_str(ns.new, false));
                        if !paths.is_empty() {
                            d = d.v("nspaths", json!(paths));
                        }
                        "Before Go even starts, the C constructor nsexec runs inside `runc init`: stage 0 reads the namespace flags and paths runc sent over the init pipe.".to_string()
                    }
                    NsexecStage::Child => "Stage 1 sets up the namespaces: it joins the ones given by path, then creates the new ones.".to_string(),
                    NsexecStage::Init => "Stage 2 is the process that will become the container; stages 0 and 1 exit once runc knows its pid.".to_string(),
                };
                n.in_process(&format!("nsexec {}", stage.id()), d, note)
            }
            Op::Clone { flags, child } => {
                let note = if runc {
                    if child == NsexecStage::Child.process_name() {
                        "Stage 0 forks stage 1 with CLONE_PARENT, so that runc, not stage 0, is its parent.".to_string()
                    } else {
                        "Stage 1 forks stage 2: a process cannot move itself into a new PID namespace, only its children start there, so stage 2 is PID 1 of the container.".to_string()
                    }
                } else if flags == 0 {
                    "The container process forks once more: only a child enters the new PID namespace, as its PID 1.".to_string()
                } else if flags & CLONE_NEWPID != 0 {
                    format!("crun clones the container process directly into new {} namespaces: no re-exec, and the child is PID 1 of its PID namespace.", ns_names(flags))
                } else {
                    format!("crun clones the container process directly into new {} namespaces.", ns_names(flags))
                };
                n.syscall(
                    "clone",
                    Detail::new()
                        .s("flags", clone_flags_str(flags, true))
                        .s("child", child),
                    note,
                )
            }
            Op::Setns { ns: t, path } => n.syscall(
                "setns",
                Detail::new()
                    .s("path", path)
                    .s("nstype", clone_flags_str(clone_flag(t), false)),
                format!("{who} joins the existing {} namespace {path} instead of creating one.", namespace_type_name(t)),
            ),
            Op::Unshare { flags } => {
                let note = if flags == CLONE_NEWUSER {
                    format!("{who} creates the user namespace first, on its own, so that the namespaces created next belong to it.")
                } else if flags == CLONE_NEWCGROUP {
                    format!("Now that it is in its cgroup, {} creates a cgroup namespace: the container sees its own cgroup as the root.", who.to_ascii_lowercase())
                } else {
                    format!("{who} creates new {} namespaces.", ns_names(flags))
                };
                n.syscall(
                    "unshare",
                    Detail::new().s("flags", clone_flags_str(flags, false)),
                    note,
                )
            }
            Op::IdMap { file, mappings } => {
                let (name, what) = match file {
                    IdMapFile::Uid => ("uid_map", "user"),
                    IdMapFile::Gid => ("gid_map", "group"),
                };
                let pid = if runc { c.stage1_pid() } else { c.ctx.init_pid };
                let first = mappings.first();
                let note = match (runc, first) {
                    (true, Some(m)) => format!("Stage 0, still outside the new user namespace, writes its {what} map: id {} inside is {} on the host.", m.container_id(), m.host_id()),
                    (false, Some(m)) => format!("crun, outside the new user namespace, writes its {what} map: id {} inside is {} on the host.", m.container_id(), m.host_id()),
                    _ => format!("The {what} map of the new user namespace is written."),
                };
                n.syscall(
                    "write",
                    Detail::new()
                        .s("path", format!("/proc/{pid}/{name}"))
                        .s("value", id_map_text(mappings)),
                    note,
                )
            }
            Op::Setsid => n.syscall(
                "setsid",
                Detail::new(),
                format!("{who} starts a new session, detached from the caller's terminal."),
            ),
            Op::GoInit => n.in_process(
                "linuxStandardInit.Init",
                Detail::new(),
                "nsexec returns and the Go runtime of `runc init` starts, inside the container's namespaces; it reads its configuration from the init pipe.".to_string(),
            ),
            Op::SessionKeyring => n.syscall(
                "keyctl",
                Detail::new()
                    .s("operation", "KEYCTL_JOIN_SESSION_KEYRING")
                    .s("name", format!("_ses.{}", c.ctx.id)),
                "runc init joins a fresh session keyring, so that the container cannot see the host's keys.".to_string(),
            ),
            Op::LoopbackUp => {
                let note = "The new network namespace has only a loopback interface, and it is down: it is brought up (real interfaces are added by CNI or Docker, not by the runtime).".to_string();
                if runc {
                    n.syscall(
                        "sendmsg",
                        Detail::new()
                            .s("socket", "AF_NETLINK, NETLINK_ROUTE")
                            .s("message", "RTM_NEWLINK")
                            .s("link", "lo")
                            .s("flags", "IFF_UP"),
                        note,
                    )
                } else {
                    n.syscall(
                        "ioctl",
                        Detail::new()
                            .s("request", "SIOCSIFFLAGS")
                            .s("ifname", "lo")
                            .s("flags", "IFF_UP|IFF_RUNNING"),
                        note,
                    )
                }
            }
            _ => return None,
        };
    Some(hop)
}

fn ns_names(flags: u64) -> String {
    const NAMES: [(u64, &str); 8] = [
        (CLONE_NEWNS, "mount"),
        (CLONE_NEWUTS, "uts"),
        (CLONE_NEWIPC, "ipc"),
        (CLONE_NEWPID, "pid"),
        (CLONE_NEWNET, "network"),
        (CLONE_NEWUSER, "user"),
        (CLONE_NEWCGROUP, "cgroup"),
        (CLONE_NEWTIME, "time"),
    ];
    let names: Vec<&str> = NAMES
        .iter()
        .filter(|(f, _)| flags & f != 0)
        .map(|(_, n)| *n)
        .collect();
    match names.as_slice() {
        [] => "none".to_string(),
        [one] => (*one).to_string(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

fn id_map_text(m: &[oci_spec::runtime::LinuxIdMapping]) -> String {
    let mut s = String::new();
    for e in m {
        s.push_str(&format!(
            "{} {} {}\n",
            e.container_id(),
            e.host_id(),
            e.size()
        ));
    }
    s
}
