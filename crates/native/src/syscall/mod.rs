//! The system calls the init walker makes for its steps, behind one narrow
//! trait: [`linux::Linux`] makes them (nix, libc, caps), and a recording fake
//! (`syscall::fake`, in unit tests) writes each call down and can fail any
//! of them with an errno, so that the walker's order and refusals are tested
//! without root.
//!
//! What stays outside: the process structure of `atlas-runtime init`
//! (`clone(CLONE_PARENT)`, the sockets, `exec.fifo`), hooks, and file work
//! inside the bundle's rootfs (mount points, `/dev` symlinks). Methods that
//! stand for one system call answer the kernel's errno and leave the wording
//! to the walker, so a refusal reads the same with the fake as for real; a
//! few that stand for a short fixed sequence (a pty, the loopback interface,
//! a seccomp filter) answer the runtime's error.

pub mod linux;

#[cfg(test)]
pub mod fake;

use crate::error::{Error, Result};
use caps::errors::CapsError;
use caps::{CapSet, Capability, CapsHashSet};
use nix::sched::CloneFlags;
use nix::sys::stat::{Mode, SFlag};
use nix::unistd::{Gid, Uid};
use oci_spec::runtime::LinuxSeccomp;
use std::os::fd::{BorrowedFd, OwnedFd, RawFd};
use std::path::{Path, PathBuf};

/// The init walker's system calls.
pub trait Syscall {
    /// `prctl(PR_SET_NAME)`.
    fn set_name(&self, name: &str) -> nix::Result<()>;
    /// Writes a kernel file: `/proc/self/oom_score_adj`, a sysctl, an id
    /// map, an AppArmor attribute.
    fn write_file(&self, path: &Path, text: &str) -> std::io::Result<()>;
    /// `setns(2)`.
    fn setns(&self, ns: BorrowedFd<'_>, nstype: CloneFlags) -> nix::Result<()>;
    /// `unshare(2)`.
    fn unshare(&self, flags: CloneFlags) -> nix::Result<()>;
    /// `setsid(2)`.
    fn setsid(&self) -> nix::Result<()>;
    /// `keyctl(KEYCTL_JOIN_SESSION_KEYRING)`; errors are ignored, as runc ignores them.
    fn join_session_keyring(&self, name: &str);
    /// Brings `lo` up (`SIOCGIFFLAGS`, `SIOCSIFFLAGS`).
    fn loopback_up(&self) -> Result<()>;
    /// Whether a path exists (seen from the container after `pivot_root`).
    fn exists(&self, path: &Path) -> bool;
    /// What is at the path of the program `execve` runs, as Go's
    /// `findExecutable` sees it (a directory or a file without an execute
    /// bit is not executable: runc says `permission denied`).
    fn find_executable(&self, path: &Path) -> crate::process::Found;
    /// `mount(2)`.
    fn mount(
        &self,
        source: Option<&Path>,
        target: &Path,
        fstype: Option<&str>,
        flags: u64,
        data: Option<&str>,
    ) -> nix::Result<()>;
    /// The `MS_*` flags a mount was made with (`statvfs(3)`).
    fn mount_flags(&self, path: &Path) -> nix::Result<u64>;
    /// `umount2(path, MNT_DETACH)`.
    fn umount_detach(&self, path: &Path) -> nix::Result<()>;
    /// `mknod(2)`.
    fn mknod(&self, path: &Path, kind: SFlag, mode: Mode, dev: u64) -> nix::Result<()>;
    /// `fchmodat(2)`.
    fn chmod(&self, path: &Path, mode: Mode) -> nix::Result<()>;
    /// `chdir(2)`.
    fn chdir(&self, path: &Path) -> nix::Result<()>;
    /// `pivot_root(".", ".")`.
    fn pivot_root(&self) -> nix::Result<()>;
    /// `chroot(".")`.
    fn chroot(&self) -> nix::Result<()>;
    /// A new pty: the master and the slave's path.
    fn open_pty(&self) -> Result<(OwnedFd, PathBuf)>;
    /// Sends the pty master over a console socket (`SCM_RIGHTS`).
    fn send_console(&self, sock: RawFd, master: BorrowedFd<'_>) -> nix::Result<()>;
    /// Opens the pty slave and makes it the controlling terminal and stdio.
    fn set_controlling_terminal(&self, slave: &Path) -> Result<()>;
    /// `sethostname(2)`.
    fn sethostname(&self, name: &str) -> nix::Result<()>;
    /// `setdomainname(2)`.
    fn setdomainname(&self, name: &str) -> nix::Result<()>;
    /// `prctl(PR_SET_NO_NEW_PRIVS, 1)`.
    fn set_no_new_privs(&self) -> nix::Result<()>;
    /// `prctl(PR_SET_KEEPCAPS)`.
    fn set_keepcaps(&self, on: bool) -> nix::Result<()>;
    /// Loads a seccomp filter.
    fn seccomp(&self, profile: &LinuxSeccomp) -> Result<()>;
    /// `prctl(PR_CAPBSET_DROP)`.
    fn cap_drop_bounding(&self, cap: Capability) -> Result<(), CapsError>;
    /// `capset(2)` of one set.
    fn cap_set(&self, set: CapSet, value: &CapsHashSet) -> Result<(), CapsError>;
    /// `prctl(PR_CAP_AMBIENT_RAISE)`.
    fn cap_raise_ambient(&self, cap: Capability) -> Result<(), CapsError>;
    /// `setgroups(2)`.
    fn setgroups(&self, groups: &[Gid]) -> nix::Result<()>;
    /// `setresgid(2)` with one gid for all three.
    fn setresgid(&self, gid: Gid) -> nix::Result<()>;
    /// `setresuid(2)` with one uid for all three.
    fn setresuid(&self, uid: Uid) -> nix::Result<()>;
    /// `execve(2)` (see [`crate::process::execve`]); returns only on failure.
    fn execve(&self, path: &str, args: &[String], env: &[String], preserve_fds: u32) -> Error;
}
