//! Mounts and `/dev` entries of a plan, inside the container's mount
//! namespace. Every path under the rootfs is resolved with [`secure_join`]:
//! `..` and symlinks are followed as if the rootfs were `/`, so a hostile
//! bundle cannot reach outside it.

use crate::error::{Error, Result, SysContext};
use crate::syscall::Syscall;
use atlas_core::oci::sys::{
    mount_data, MS_BIND, MS_MOVE, MS_PRIVATE, MS_REC, MS_REMOUNT, MS_SHARED,
};
use atlas_core::oci::{MountData, MountOp, MountRole, MountTarget};
use std::path::{Component, Path, PathBuf};

/// Joins `path` to `root` as if `root` were `/`: `..` stops at `root` and
/// symlinks are resolved inside it (as filepath-securejoin, which runc uses).
/// The result is under `root`; it may not exist yet.
pub fn secure_join(root: &Path, path: &str) -> Result<PathBuf> {
    let mut pending: Vec<String> = Vec::new();
    push_components(&mut pending, path);
    pending.reverse();
    let mut current: Vec<String> = Vec::new();
    let mut links = 0u32;
    while let Some(part) = pending.pop() {
        match part.as_str() {
            "" | "." => continue,
            ".." => {
                current.pop();
                continue;
            }
            _ => {}
        }
        let mut candidate = root.to_path_buf();
        candidate.extend(current.iter());
        candidate.push(&part);
        match std::fs::symlink_metadata(&candidate) {
            Ok(m) if m.file_type().is_symlink() => {
                links += 1;
                if links > 255 {
                    return Err(Error::Unsafe(format!(
                        "too many symlinks resolving {path} in the rootfs"
                    )));
                }
                let target = std::fs::read_link(&candidate)
                    .ctx(|| format!("readlink {}", candidate.display()))?;
                let target = target.to_string_lossy().into_owned();
                if target.starts_with('/') {
                    current.clear();
                }
                let mut more = Vec::new();
                push_components(&mut more, &target);
                for p in more.into_iter().rev() {
                    pending.push(p);
                }
            }
            _ => current.push(part),
        }
    }
    let mut out = root.to_path_buf();
    out.extend(current.iter());
    Ok(out)
}

fn push_components(out: &mut Vec<String>, path: &str) {
    for c in Path::new(path).components() {
        match c {
            Component::Normal(s) => out.push(s.to_string_lossy().into_owned()),
            Component::ParentDir => out.push("..".into()),
            _ => {}
        }
    }
}

/// Everything a mount step needs to know besides the step.
#[derive(Debug, Clone)]
pub struct MountEnv<'a> {
    /// The rootfs (host path; still reachable before `pivot_root`).
    pub rootfs: &'a Path,
    /// cgroup v1: `(name, host directory)` of the container's cgroup in
    /// each hierarchy, bound under a `cgroup` mount.
    pub cgroup_binds: &'a [(String, PathBuf)],
}

/// Creates the mount point: a directory, or an empty file when the source is
/// a file (bind mounts of files).
fn make_mount_point(dest: &Path, source: &str, is_bind: bool) -> Result<()> {
    if dest.exists() {
        return Ok(());
    }
    let file = is_bind
        && std::fs::metadata(source)
            .map(|m| !m.is_dir())
            .unwrap_or(false);
    if file {
        if let Some(parent) = dest.parent() {
            std::fs::create_dir_all(parent).ctx(|| format!("mkdir {}", parent.display()))?;
        }
        std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(dest)
            .map(|_| ())
            .ctx(|| format!("create {}", dest.display()))
    } else {
        std::fs::create_dir_all(dest).ctx(|| format!("mkdir {}", dest.display()))
    }
}

/// Carries out one `mount(2)` step.
pub fn do_mount(sys: &dyn Syscall, op: &MountOp<'_>, env: &MountEnv<'_>) -> Result<()> {
    let data_text;
    let data: Option<&str> = match op.data {
        MountData::None => None,
        MountData::Text(t) => Some(t),
        MountData::Options(o) => {
            data_text = mount_data(o);
            (!data_text.is_empty()).then_some(data_text.as_str())
        }
    };
    let fstype = match op.fstype {
        "" | "bind" => None,
        t => Some(t),
    };
    let source = (!op.source.is_empty()).then_some(Path::new(op.source));
    match (op.role, op.target) {
        (MountRole::RootfsBind, _) => {
            let r = env.rootfs;
            sys.mount(Some(r), r, None, op.flags, None)
                .ctx(|| format!("bind the rootfs {} onto itself", r.display()))
        }
        (MountRole::CgroupV1Binds, MountTarget::InRootfs(dest)) => {
            let base = secure_join(env.rootfs, dest)?;
            for (name, host) in env.cgroup_binds {
                let target = base.join(name);
                std::fs::create_dir_all(&target).ctx(|| format!("mkdir {}", target.display()))?;
                sys.mount(
                    Some(host.as_path()),
                    &target,
                    None,
                    op.flags & !MS_REMOUNT,
                    None,
                )
                .ctx(|| format!("bind {} on {}", host.display(), target.display()))?;
                if op.flags & !(MS_BIND | atlas_core::oci::sys::MS_REC) != 0 {
                    sys.mount(None, &target, None, op.flags | MS_REMOUNT, None)
                        .ctx(|| format!("remount {}", target.display()))?;
                }
            }
            Ok(())
        }
        (MountRole::MoveRoot, _) => sys
            .mount(Some(Path::new(".")), Path::new("/"), None, MS_MOVE, None)
            .ctx(|| "move the rootfs over /".into()),
        (role, MountTarget::InRootfs(dest)) => {
            let target = secure_join(env.rootfs, dest)?;
            let is_bind = op.flags & MS_BIND != 0;
            if op.flags & MS_REMOUNT == 0 && role != MountRole::Propagation {
                make_mount_point(&target, op.source, is_bind)?;
            }
            // Check again after creating it: nothing may point outside.
            let real = secure_join(env.rootfs, dest)?;
            if real != target {
                return Err(Error::Unsafe(format!(
                    "mount destination {dest} changed while it was being created"
                )));
            }
            sys.mount(source, &target, fstype, op.flags, data)
                .ctx(|| format!("mount {} to rootfs at {dest}", op.source))
        }
        (role, MountTarget::Container(p)) => {
            let path = Path::new(p);
            let optional = matches!(
                role,
                MountRole::ReadonlyPathBind
                    | MountRole::ReadonlyPathRemount
                    | MountRole::MaskFile
                    | MountRole::MaskDir
            );
            if optional && p != "." && !sys.exists(path) {
                return Ok(());
            }
            if role == MountRole::Console {
                make_mount_point(path, op.source, true)?;
            }
            let r = sys.mount(source, path, fstype, op.flags, data);
            match r {
                // runc's maskPath: /dev/null cannot cover a directory; an
                // empty read-only tmpfs does.
                Err(nix::Error::ENOTDIR) if role == MountRole::MaskFile => sys
                    .mount(
                        Some(Path::new("tmpfs")),
                        path,
                        Some("tmpfs"),
                        atlas_core::oci::sys::MS_RDONLY,
                        None,
                    )
                    .ctx(|| format!("mount tmpfs on {p}")),
                Err(nix::Error::EPERM) if op.flags & MS_REMOUNT != 0 => {
                    // In a user namespace the flags the mount was locked with
                    // (nosuid, nodev, noexec) must be kept.
                    let st = sys.mount_flags(path).ctx(|| format!("statfs {p}"))?;
                    let locked = st
                        & (atlas_core::oci::sys::MS_NOSUID
                            | atlas_core::oci::sys::MS_NODEV
                            | atlas_core::oci::sys::MS_NOEXEC);
                    sys.mount(source, path, fstype, op.flags | locked, data)
                        .ctx(|| format!("remount {p}"))
                }
                other => other.ctx(|| format!("mount {} on {p}", op.source)),
            }
        }
        (_, MountTarget::Rootfs) => {
            let r = env.rootfs;
            sys.mount(source, r, fstype, op.flags, data)
                .ctx(|| format!("mount {}", r.display()))
        }
    }
}

/// runc's `rootfsParentMountPrivate`: the mount that holds `rootfs` is made
/// private if it is shared, since `pivot_root` refuses a new root whose
/// parent mount is shared. When `/` was just made a recursive slave or
/// private (`root_flags`, runc's default `rslave`), no mount can be shared
/// any more: the mount table is not even read (same outcome, no cost).
pub fn make_parent_private(sys: &dyn Syscall, rootfs: &Path, root_flags: u64) -> Result<()> {
    if root_flags & MS_REC != 0 && root_flags & MS_SHARED == 0 {
        return Ok(());
    }
    let info = std::fs::read_to_string("/proc/self/mountinfo")
        .ctx(|| "read /proc/self/mountinfo".into())?;
    match parent_mount(&info, rootfs) {
        Some((at, true)) => sys
            .mount(None, &at, None, MS_PRIVATE, None)
            .ctx(|| format!("make {} private", at.display())),
        _ => Ok(()),
    }
}

/// The mount point of `mountinfo` that holds `path` (the longest one; the
/// last listed when mounts are stacked) and whether it is shared (its
/// optional fields have `shared:N`).
pub fn parent_mount(mountinfo: &str, path: &Path) -> Option<(PathBuf, bool)> {
    let mut best: Option<(PathBuf, bool)> = None;
    for line in mountinfo.lines() {
        let fields: Vec<&str> = line.split(' ').collect();
        let Some(point) = fields.get(4).map(|p| PathBuf::from(unescape_mountinfo(p))) else {
            continue;
        };
        if !path.starts_with(&point) {
            continue;
        }
        let shared = fields
            .iter()
            .skip(6)
            .take_while(|f| **f != "-")
            .any(|f| f.starts_with("shared:"));
        let longer = best
            .as_ref()
            .is_none_or(|(b, _)| point.as_os_str().len() >= b.as_os_str().len());
        if longer {
            best = Some((point, shared));
        }
    }
    best
}

/// A mountinfo path with its octal escapes (`\040` for a space) undone.
fn unescape_mountinfo(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let octal = b
            .get(i + 1..i + 4)
            .filter(|d| b[i] == b'\\' && d.iter().all(|c| (b'0'..=b'7').contains(c)));
        match octal {
            Some(d) => {
                out.push(d.iter().fold(0u8, |n, c| n.wrapping_mul(8) + (c - b'0')));
                i += 4;
            }
            None => {
                out.push(b[i]);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// `mknod` one device node in the container's `/dev`.
pub fn mknod(
    sys: &dyn Syscall,
    rootfs: &Path,
    path: &str,
    kind: char,
    major: i64,
    minor: i64,
    mode: u32,
) -> Result<()> {
    use nix::sys::stat::{makedev, Mode, SFlag};
    let target = secure_join(rootfs, path)?;
    if let Some(parent) = target.parent() {
        std::fs::create_dir_all(parent).ctx(|| format!("mkdir {}", parent.display()))?;
    }
    let kind_flag = match kind {
        'b' => SFlag::S_IFBLK,
        'p' => SFlag::S_IFIFO,
        _ => SFlag::S_IFCHR,
    };
    let _ = std::fs::remove_file(&target);
    let dev = makedev(
        u64::try_from(major).unwrap_or(0),
        u64::try_from(minor).unwrap_or(0),
    );
    sys.mknod(
        &target,
        kind_flag,
        Mode::from_bits_truncate(mode & 0o7777),
        dev,
    )
    .ctx(|| format!("mknod {path}"))?;
    // mknod honours the umask; the spec's mode is meant as is.
    sys.chmod(&target, Mode::from_bits_truncate(mode & 0o7777))
        .ctx(|| format!("chmod {path}"))
}

fn symlink(rootfs: &Path, target: &str, link: &str) -> Result<()> {
    let at = secure_join(rootfs, link)?;
    match std::os::unix::fs::symlink(target, &at) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(Error::io(format!("symlink {target} {link}"), e)),
    }
}

/// `/dev/ptmx` → `pts/ptmx`.
pub fn ptmx(rootfs: &Path) -> Result<()> {
    let at = secure_join(rootfs, "/dev/ptmx")?;
    let _ = std::fs::remove_file(&at);
    symlink(rootfs, "pts/ptmx", "/dev/ptmx")
}

/// `/dev/fd`, `/dev/stdin`, `/dev/stdout`, `/dev/stderr` and, when the host
/// has it, `/dev/core`.
pub fn dev_symlinks(rootfs: &Path) -> Result<()> {
    symlink(rootfs, "/proc/self/fd", "/dev/fd")?;
    symlink(rootfs, "/proc/self/fd/0", "/dev/stdin")?;
    symlink(rootfs, "/proc/self/fd/1", "/dev/stdout")?;
    symlink(rootfs, "/proc/self/fd/2", "/dev/stderr")?;
    if Path::new("/proc/kcore").exists() {
        symlink(rootfs, "/proc/kcore", "/dev/core")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_parent_mount_is_the_longest_and_says_if_it_is_shared() {
        let info = "\
27 1 254:0 / / rw,relatime shared:1 - ext4 /dev/vda rw
40 27 254:0 /tmp/b /tmp/b rw,relatime shared:7 master:1 - ext4 /dev/vda rw
41 27 254:0 /tmp/bb /tmp/bb rw,relatime - ext4 /dev/vda rw
42 27 0:50 / /tmp/with\\040space rw - tmpfs tmpfs rw
";
        assert_eq!(
            parent_mount(info, Path::new("/tmp/b/rootfs")),
            Some((PathBuf::from("/tmp/b"), true))
        );
        assert_eq!(
            parent_mount(info, Path::new("/tmp/bb/rootfs")),
            Some((PathBuf::from("/tmp/bb"), false))
        );
        assert_eq!(
            parent_mount(info, Path::new("/var/rootfs")),
            Some((PathBuf::from("/"), true))
        );
        assert_eq!(
            parent_mount(info, Path::new("/tmp/with space/rootfs")),
            Some((PathBuf::from("/tmp/with space"), false))
        );
    }

    #[test]
    fn dotdot_and_symlinks_stay_in_the_root() {
        let dir = std::env::temp_dir().join(format!("atlas-sj-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("a")).expect("mkdir");
        std::os::unix::fs::symlink("/etc", dir.join("abs")).expect("symlink");
        std::os::unix::fs::symlink("../../../..", dir.join("a/up")).expect("symlink");
        assert_eq!(
            secure_join(&dir, "/../../etc/passwd").ok(),
            Some(dir.join("etc/passwd"))
        );
        assert_eq!(
            secure_join(&dir, "/abs/shadow").ok(),
            Some(dir.join("etc/shadow"))
        );
        assert_eq!(secure_join(&dir, "a/up/x").ok(), Some(dir.join("x")));
        assert_eq!(secure_join(&dir, "/a/./b/../c").ok(), Some(dir.join("a/c")));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
