//! Hops of the container's filesystem: every `mount(2)` (narrated by why it
//! is done), device nodes and `/dev` symlinks, `pivot_root` or `chroot`, and
//! the console.

use super::{Detail, Narrator};
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
                format!("{who} creates the device node {path} ({kind} {major}:{minor}) in the container's /dev."),
            ),
            Op::PtmxSymlink => n.syscall(
                "symlinkat",
                Detail::new()
                    .s("target", "pts/ptmx")
                    .s("link", c.in_rootfs("/dev/ptmx")),
                format!("{who} points /dev/ptmx at the container's own devpts instance, so ptys opened inside stay inside."),
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
                format!("{who} adds the usual /dev/fd, /dev/stdin, /dev/stdout and /dev/stderr symlinks."),
            ),
            Op::PivotRoot => n.syscall(
                "pivot_root",
                Detail::new()
                    .s("new_root", ".")
                    .s("put_old", ".")
                    .s("cwd", c.rootfs.clone()),
                format!("{who} makes the rootfs the new / with pivot_root(\".\", \".\"); the old root is left stacked on top, to be detached."),
            ),
            Op::UnmountOldRoot => n.syscall(
                "umount2",
                Detail::new().s("target", ".").s("flags", "MNT_DETACH"),
                format!("{who} detaches the old root: the host's filesystem is no longer reachable from the container."),
            ),
            Op::Chroot => n.syscall(
                "chroot",
                Detail::new().s("path", "."),
                format!("{who} changes its root to the rootfs with chroot (weaker than pivot_root: the old root is still mounted)."),
            ),
            Op::ConsoleOpen => n.syscall(
                "openat",
                Detail::new()
                    .s("path", "/dev/ptmx")
                    .s("flags", "O_RDWR|O_NOCTTY|O_CLOEXEC"),
                format!("process.terminal is true: {} opens a new pseudo-terminal in the container's devpts.", who.to_ascii_lowercase()),
            ),
            Op::ConsoleSend => n.syscall(
                "sendmsg",
                Detail::new()
                    .s("socket", "console socket")
                    .s("payload", "pty master fd (SCM_RIGHTS)"),
                format!("{who} sends the terminal's master side to the caller, which relays your keystrokes."),
            ),
            Op::Setctty => n.syscall(
                "ioctl",
                Detail::new().s("request", "TIOCSCTTY"),
                format!("{who} makes the terminal its controlling terminal."),
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
        MountTarget::InRootfs(p) | MountTarget::Container(p) => p,
        MountTarget::Rootfs => "the rootfs",
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
    let rt = c.runtime;
    let note = match m.role {
        MountRole::RootPropagation => format!(
            "{who} makes every mount of its new mount namespace {} ({}), so that nothing mounted next leaks back to the host.",
            if m.flags & MS_PRIVATE != 0 { "private" } else if m.flags & MS_SHARED != 0 { "shared" } else { "a slave" },
            mount_flags_str(m.flags)
        ),
        MountRole::RootfsBind => format!("{who} bind-mounts the rootfs onto itself, so that it is a mount point {rt} can pivot into."),
        MountRole::Spec => {
            if m.flags & MS_BIND != 0 {
                format!("{who} bind-mounts {} from the host at {shown}.", m.source)
            } else {
                format!("{who} mounts a {} filesystem at {shown}.", m.fstype)
            }
        }
        MountRole::Propagation => format!("{who} changes the propagation of {shown} to {}.", mount_flags_str(m.flags)),
        MountRole::BindRemount => format!("A bind mount ignores its other flags, so {} remounts {shown} to apply {}.", who.to_ascii_lowercase(), mount_flags_str(m.flags & !(MS_BIND | MS_REC | MS_REMOUNT))),
        MountRole::CgroupV1Tmpfs => format!("With cgroup v1, {} first mounts a tmpfs at {shown}…", who.to_ascii_lowercase()),
        MountRole::CgroupV1Binds => format!("…then binds the container's own directory of each cgroup v1 hierarchy under {shown}."),
        MountRole::CgroupV1Remount => format!("{who} remounts {shown} read-only."),
        MountRole::DeviceBind => format!("A user namespace may not mknod, so {} bind-mounts the host's {shown}.", who.to_ascii_lowercase()),
        MountRole::Console => format!("{who} bind-mounts the terminal over /dev/console."),
        MountRole::OldRootSlave => format!("{who} makes the old root a slave, so that detaching it does not propagate to the host."),
        MountRole::MoveRoot => format!("--no-pivot: {} moves the rootfs over / with MS_MOVE.", who.to_ascii_lowercase()),
        MountRole::FinalizeReadonly => format!("{who} remounts {shown} read-only now that it has finished writing into it."),
        MountRole::ReadonlyRoot => format!("root.readonly is true: {} remounts / read-only.", who.to_ascii_lowercase()),
        MountRole::ReadonlyPathBind => format!("{shown} is in readonlyPaths: {} bind-mounts it onto itself…", who.to_ascii_lowercase()),
        MountRole::ReadonlyPathRemount => format!("…and remounts that bind read-only, so the container can read {shown} but not change the host through it."),
        MountRole::MaskFile => format!("{shown} is in maskedPaths: {} bind-mounts /dev/null over it, so it reads as empty.", who.to_ascii_lowercase()),
        MountRole::MaskDir => format!("{shown} is a masked directory: {} mounts an empty read-only tmpfs over it.", who.to_ascii_lowercase()),
    };
    n.syscall("mount", d, note)
}
