//! Mounts and `/dev` entries of a plan, inside the container's mount
//! namespace. Every path under the rootfs is resolved with [`secure_join`]:
//! `..` and symlinks are followed as if the rootfs were `/`, so a hostile
//! bundle cannot reach outside it.

use crate::error::{Error, Result, SysContext};
use crate::syscall::Syscall;
use atlas_core::oci::sys::{mount_data, MS_BIND, MS_MOVE, MS_REMOUNT};
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
