//! Hops of the container's cgroup: created, joined, its resource files
//! written (with what each limit means), the device filter, removed.

use super::{Detail, Narrator};
use crate::message::Msg;
use crate::msg;
use crate::oci::plan::*;
use crate::trace::Hop;
use serde_json::json;

/// The hop of a cgroups step; `None` for a step of another kind.
pub(super) fn hop(n: &Narrator<'_, '_>) -> Option<Hop> {
    let Narrator { c, who, runc, .. } = *n;
    let hop = match n.step.op {
        Op::CgroupCreate => n.syscall(
            "mkdirat",
            Detail::new().s("path", c.cgroup_dir()),
            msg!("oci-cgroup-create", who = who.msg(), cgroup = &c.cgroup),
        ),
        Op::CgroupJoin => {
            let (pid, note) = if runc {
                (
                    c.stage0_pid(),
                    msg!("oci-cgroup-join-runc", pid = c.stage0_pid()),
                )
            } else {
                (
                    c.ctx.init_pid,
                    msg!("oci-cgroup-join-crun", pid = c.ctx.init_pid),
                )
            };
            n.cgroupfs(
                "cgroup.procs",
                format!("{}/cgroup.procs", c.cgroup_dir()),
                pid.to_string(),
                note,
            )
        }
        Op::CgroupWrite { file, value } => {
            let text = cgroup_value(value, c.v2);
            let id = crate::oci::plan::write_note_id(file, c.v2);
            let note = Msg::new(id)
                .arg("runtime", c.runtime.id())
                .arg("value", text.as_str())
                .arg("file", file);
            let dir = if c.v2 {
                c.cgroup_dir()
            } else {
                let ctrl = file.split('.').next().unwrap_or(file);
                format!("/sys/fs/cgroup/{ctrl}{}", c.cgroup)
            };
            n.cgroupfs(file, format!("{dir}/{file}"), text, note)
        }
        Op::DeviceFilter { rules } => {
            if c.v2 {
                n.syscall(
                    "bpf",
                    Detail::new()
                        .s("cmd", "BPF_PROG_LOAD, BPF_PROG_ATTACH")
                        .s("attach_type", "BPF_CGROUP_DEVICE")
                        .s("target", c.cgroup_dir())
                        .v("spec_rules", json!(rules)),
                    msg!(
                        "oci-device-filter-v2",
                        runtime = c.runtime.id(),
                        rules = rules
                    ),
                )
            } else {
                n.cgroupfs(
                    "devices.deny",
                    format!("/sys/fs/cgroup/devices{}/devices.deny", c.cgroup),
                    "a".to_string(),
                    msg!(
                        "oci-device-filter-v1",
                        runtime = c.runtime.id(),
                        rules = rules
                    ),
                )
            }
        }
        Op::CgroupRemove => n.syscall(
            "rmdir",
            Detail::new().s("path", c.cgroup_dir()),
            msg!("oci-cgroup-remove", who = who.msg()),
        ),
        _ => return None,
    };
    Some(hop)
}

fn cgroup_value(v: CgroupValue<'_>, v2: bool) -> String {
    v.text(v2)
}
