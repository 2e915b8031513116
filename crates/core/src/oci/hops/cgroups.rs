//! Hops of the container's cgroup: created, joined, its resource files
//! written (with what each limit means), the device filter, removed.

use super::{Detail, Narrator};
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
            format!("{who} creates the container's cgroup {}.", c.cgroup),
        ),
        Op::CgroupJoin => {
            let (pid, note) = if runc {
                (
                        c.stage0_pid(),
                        format!("runc puts `runc init` (pid {}) into the cgroup before it can fork, so every process of the container starts inside it.", c.stage0_pid()),
                    )
            } else {
                (
                    c.ctx.init_pid,
                    format!(
                        "crun moves the container process (pid {}) into its cgroup.",
                        c.ctx.init_pid
                    ),
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
            let rt = c.runtime;
            let note = match (file, value) {
                    ("memory.max" | "memory.limit_in_bytes", _) => format!("{rt} caps the container's memory at {text} bytes; beyond that the kernel reclaims memory or OOM-kills a process of the container."),
                    ("memory.swap.max", _) => format!("{rt} limits the container's swap to {text}."),
                    ("memory.low" | "memory.soft_limit_in_bytes", _) => format!("{rt} reserves {text} bytes of memory for the container."),
                    ("pids.max", _) => format!("{rt} limits the container to {text} processes and threads (a fork bomb stops there)."),
                    ("cpu.weight", _) => format!("{rt} sets the container's CPU weight to {text} (cgroup v2's version of its cpu shares): it matters only when CPUs are contended."),
                    ("cpu.shares", _) => format!("{rt} sets the container's CPU shares to {text}: they matter only when CPUs are contended."),
                    ("cpu.max", _) => format!("{rt} caps the container's CPU time: \"{text}\" means quota and period in microseconds."),
                    ("cpu.cfs_quota_us" | "cpu.cfs_period_us", _) => format!("{rt} writes the CFS bandwidth limit {file} = {text}."),
                    _ => format!("{rt} writes {text} into the cgroup file {file}."),
                };
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
                        format!("cgroup v2 has no devices.allow file: {} compiles the device rules ({rules} from the spec, plus its defaults for /dev/null, /dev/zero, /dev/tty and friends) into an eBPF program attached to the cgroup.", c.runtime),
                    )
            } else {
                n.cgroupfs(
                        "devices.deny",
                        format!("/sys/fs/cgroup/devices{}/devices.deny", c.cgroup),
                        "a".to_string(),
                        format!("{} denies every device, then writes devices.allow for each allowed one ({rules} rules from the spec plus its defaults).", c.runtime),
                    )
            }
        }
        Op::CgroupRemove => n.syscall(
            "rmdir",
            Detail::new().s("path", c.cgroup_dir()),
            format!("{who} removes the container's cgroup."),
        ),
        _ => return None,
    };
    Some(hop)
}

fn cgroup_value(v: CgroupValue<'_>, v2: bool) -> String {
    match v {
        CgroupValue::Number(-1) if v2 => "max".to_string(),
        CgroupValue::Number(n) => n.to_string(),
        CgroupValue::Unsigned(n) => n.to_string(),
        CgroupValue::CpuMax { quota, period } => {
            if quota > 0 {
                format!("{quota} {period}")
            } else {
                format!("max {period}")
            }
        }
        CgroupValue::Text(t) => t.to_string(),
    }
}
