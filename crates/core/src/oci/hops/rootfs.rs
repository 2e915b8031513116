//! Hops of the container's filesystem: every `mount(2)` (narrated by why it
//! is done), device nodes and `/dev` symlinks, `pivot_root` or `chroot`, and
//! the console.

use super::{Detail, Narrator};
use crate::msg;
use crate::oci::plan::*;
use crate::oci::sys::*;
use crate::trace::Hop;
use serde_json::json;

/// The hop of a rootfs step; `None` for a step of another kind.
pub(super) fn hop(n: &Narrator<'_, '_>) -> Option<Hop> {
    let Narrator { c, who, .. } = *n;
    let hop = match n.step.op {
        Op::Mount(m) => mount_hop(n, m),
        Op::Mknod {
            path,
            kind,
            major,
            minor,
            mode,
        } => n.syscall(
            "mknodat",
            Detail::new()
                .s("path", c.in_rootfs(path))
                .s("type", format!("{kind} {major}:{minor}"))
                .s("mode", format!("{mode:04o}")),
            msg!(
                "oci-mknod",
                who = who.msg(),
                path = path,
                device = format!("{kind} {major}:{minor}")
            ),
        ),
        Op::PtmxSymlink => n.syscall(
            "symlinkat",
            Detail::new()
                .s("target", "pts/ptmx")
                .s("link", c.in_rootfs("/dev/ptmx")),
            msg!("oci-ptmx-symlink", who = who.msg()),
        ),
        Op::DevSymlinks => n.syscall(
            "symlinkat",
            Detail::new().v(
                "links",
                json!([
                    "/dev/fd -> /proc/self/fd",
                    "/dev/stdin -> /proc/self/fd/0",
                    "/dev/stdout -> /proc/self/fd/1",
                    "/dev/stderr -> /proc/self/fd/2",
                    "/dev/core -> /proc/kcore"
                ]),
            ),
            msg!("oci-dev-symlinks", who = who.msg()),
        ),
        Op::RootfsParentPrivate => n.syscall(
            "mount",
            Detail::new()
                .s("source", "")
                .s("target", format!("<the mount holding {}>", c.rootfs))
                .s("fstype", "")
                .s("flags", "MS_PRIVATE"),
            msg!(
                "oci-mount-rootfs-parent-private",
                who = who.msg(),
                runtime = c.runtime.id()
            ),
        ),
        Op::PivotRoot => n.syscall(
            "pivot_root",
            Detail::new()
                .s("new_root", ".")
                .s("put_old", ".")
                .s("cwd", c.rootfs.clone()),
            msg!("oci-pivot-root", who = who.msg()),
        ),
        Op::UnmountOldRoot => n.syscall(
            "umount2",
            Detail::new().s("target", ".").s("flags", "MNT_DETACH"),
            msg!("oci-unmount-old-root", who = who.msg()),
        ),
        Op::Chroot => n.syscall(
            "chroot",
            Detail::new().s("path", "."),
            msg!("oci-chroot", who = who.msg()),
        ),
        Op::ConsoleOpen => n.syscall(
            "openat",
            Detail::new()
                .s("path", "/dev/ptmx")
                .s("flags", "O_RDWR|O_NOCTTY|O_CLOEXEC"),
            msg!("oci-console-open", who = who.mid()),
        ),
        Op::ConsoleSend => n.syscall(
            "sendmsg",
            Detail::new()
                .s("socket", "console socket")
                .s("payload", "pty master fd (SCM_RIGHTS)"),
            msg!("oci-console-send", who = who.msg()),
        ),
        Op::Setctty => n.syscall(
            "ioctl",
            Detail::new().s("request", "TIOCSCTTY"),
            msg!("oci-setctty", who = who.msg()),
        ),
        _ => return None,
    };
    Some(hop)
}

/// One `mount(2)`, narrated by why it is done.
fn mount_hop(n: &Narrator<'_, '_>, m: MountOp<'_>) -> Hop {
    let Narrator { c, who, .. } = *n;
    let target = match m.target {
        MountTarget::InRootfs(p) => c.in_rootfs(p),
        MountTarget::Rootfs => c.rootfs.clone(),
        MountTarget::Container(p) => p.to_string(),
    };
    let shown = match m.target {
        MountTarget::InRootfs(p) | MountTarget::Container(p) => msg!("oci-mount-target", path = p),
        MountTarget::Rootfs => msg!("oci-mount-target-rootfs"),
    };
    let data = match m.data {
        MountData::None => String::new(),
        MountData::Options(o) => mount_data(o),
        MountData::Text(t) => t.to_string(),
    };
    let source = match (m.role, m.source) {
        (MountRole::RootfsBind, _) => c.rootfs.as_str(),
        (_, s) => s,
    };
    let mut d = Detail::new()
        .s("source", source)
        .s("target", target)
        .s("fstype", m.fstype)
        .s("flags", mount_flags_str(m.flags));
    if !data.is_empty() {
        d = d.s("data", data);
    }
    let who_mid = who.mid();
    let who = who.msg();
    let note = match m.role {
        MountRole::RootPropagation => msg!(
            "oci-mount-root-propagation",
            who = who,
            propagation = if m.flags & MS_PRIVATE != 0 {
                "private"
            } else if m.flags & MS_SHARED != 0 {
                "shared"
            } else {
                "slave"
            },
            flags = mount_flags_str(m.flags)
        ),
        MountRole::RootfsBind => {
            msg!("oci-mount-rootfs-bind", who = who, runtime = c.runtime.id())
        }
        MountRole::Spec => {
            if m.flags & MS_BIND != 0 {
                msg!(
                    "oci-mount-spec-bind",
                    who = who,
                    source = m.source,
                    target = shown
                )
            } else {
                msg!(
                    "oci-mount-spec",
                    who = who,
                    fstype = m.fstype,
                    target = shown
                )
            }
        }
        MountRole::Propagation => msg!(
            "oci-mount-propagation",
            who = who,
            target = shown,
            flags = mount_flags_str(m.flags)
        ),
        MountRole::BindRemount => msg!(
            "oci-mount-bind-remount",
            who = who_mid,
            target = shown,
            flags = mount_flags_str(m.flags & !(MS_BIND | MS_REC | MS_REMOUNT))
        ),
        MountRole::CgroupV1Tmpfs => {
            msg!("oci-mount-cgroup-v1-tmpfs", who = who_mid, target = shown)
        }
        MountRole::CgroupV1Binds => msg!("oci-mount-cgroup-v1-binds", target = shown),
        MountRole::CgroupV1Remount => {
            msg!("oci-mount-cgroup-v1-remount", who = who, target = shown)
        }
        MountRole::DeviceBind => msg!("oci-mount-device-bind", who = who_mid, target = shown),
        MountRole::Console => msg!("oci-mount-console", who = who),
        MountRole::OldRootSlave => msg!("oci-mount-old-root-slave", who = who),
        MountRole::MoveRoot => msg!("oci-mount-move-root", who = who_mid),
        MountRole::FinalizeReadonly => {
            msg!("oci-mount-finalize-readonly", who = who, target = shown)
        }
        MountRole::ReadonlyRoot => msg!("oci-mount-readonly-root", who = who_mid),
        MountRole::ReadonlyPathBind => {
            msg!(
                "oci-mount-readonly-path-bind",
                who = who_mid,
                target = shown
            )
        }
        MountRole::ReadonlyPathRemount => {
            msg!("oci-mount-readonly-path-remount", target = shown)
        }
        MountRole::MaskFile => msg!("oci-mount-mask-file", who = who_mid, target = shown),
        MountRole::MaskDir => msg!("oci-mount-mask-dir", who = who_mid, target = shown),
    };
    n.syscall("mount", d, note)
}
