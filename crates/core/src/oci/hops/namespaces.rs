//! Hops of namespace set-up: runc's `nsexec` stages, `clone`, `setns`,
//! `unshare`, the user namespace's id maps, the new session, the Go runtime
//! of `runc init` taking over, the session keyring and `lo` brought up.

use super::{Detail, Narrator};
use crate::message::Msg;
use crate::msg;
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
                    msg!("oci-nsexec-parent")
                }
                NsexecStage::Child => msg!("oci-nsexec-child"),
                NsexecStage::Init => msg!("oci-nsexec-init"),
            };
            n.in_process(&format!("nsexec {}", stage.id()), d, note)
        }
        Op::Clone { flags, child } => {
            let note = if runc {
                if child == NsexecStage::Child.process_name() {
                    msg!("oci-clone-stage1")
                } else {
                    msg!("oci-clone-stage2")
                }
            } else if flags == 0 {
                msg!("oci-clone-crun-fork")
            } else if flags & CLONE_NEWPID != 0 {
                msg!("oci-clone-crun-pid", namespaces = ns_names(flags))
            } else {
                msg!("oci-clone-crun", namespaces = ns_names(flags))
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
            msg!(
                "oci-setns",
                who = who.msg(),
                namespace = ns_name(namespace_type_name(t)),
                path = path
            ),
        ),
        Op::Unshare { flags } => {
            let note = if flags == CLONE_NEWUSER {
                msg!("oci-unshare-user", who = who.msg())
            } else if flags == CLONE_NEWCGROUP {
                msg!("oci-unshare-cgroup", who = who.mid())
            } else {
                msg!("oci-unshare", who = who.msg(), namespaces = ns_names(flags))
            };
            n.syscall(
                "unshare",
                Detail::new().s("flags", clone_flags_str(flags, false)),
                note,
            )
        }
        Op::IdMap { file, mappings } => {
            let (name, what) = match file {
                IdMapFile::Uid => ("uid_map", "uid"),
                IdMapFile::Gid => ("gid_map", "gid"),
            };
            let pid = if runc { c.stage1_pid() } else { c.ctx.init_pid };
            let first = mappings.first();
            let note = match (runc, first) {
                (true, Some(m)) => msg!(
                    "oci-idmap-runc",
                    map = what,
                    inside = m.container_id(),
                    host = m.host_id()
                ),
                (false, Some(m)) => msg!(
                    "oci-idmap-crun",
                    map = what,
                    inside = m.container_id(),
                    host = m.host_id()
                ),
                _ => msg!("oci-idmap", map = what),
            };
            n.syscall(
                "write",
                Detail::new()
                    .s("path", format!("/proc/{pid}/{name}"))
                    .s("value", id_map_text(mappings)),
                note,
            )
        }
        Op::Setsid => n.syscall("setsid", Detail::new(), msg!("oci-setsid", who = who.msg())),
        Op::GoInit => n.in_process("linuxStandardInit.Init", Detail::new(), msg!("oci-go-init")),
        Op::SessionKeyring => n.syscall(
            "keyctl",
            Detail::new()
                .s("operation", "KEYCTL_JOIN_SESSION_KEYRING")
                .s("name", format!("_ses.{}", c.ctx.id)),
            msg!("oci-session-keyring"),
        ),
        Op::LoopbackUp => {
            let note = msg!("oci-loopback-up");
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

/// A namespace type by the name the runtime-spec gives it (`network`), as a
/// message so that a language can name it its own way.
fn ns_name(name: &str) -> Msg {
    msg!("oci-ns", ns = name)
}

/// The namespace types of clone flags, as a list: "mount, uts and pid".
pub(super) fn ns_names(flags: u64) -> Msg {
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
    let mut items = names.into_iter().map(ns_name).rev();
    let Some(last) = items.next() else {
        return msg!("oci-ns-none");
    };
    let Some(before) = items.next() else {
        return last;
    };
    let mut list = msg!("oci-ns-and", first = before, last = last);
    for earlier in items {
        list = msg!("oci-ns-comma", first = earlier, rest = list);
    }
    list
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
