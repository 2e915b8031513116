//! A recording fake of [`Syscall`] for unit tests: every call is written
//! down (its name and key arguments) and succeeds, unless the test asked for
//! a call to fail with an errno. Nothing reaches the kernel, so the init
//! walker runs as any user.

use super::Syscall;
use crate::error::{Error, Result};
use caps::errors::CapsError;
use caps::{CapSet, Capability, CapsHashSet};
use nix::errno::Errno;
use nix::sched::CloneFlags;
use nix::sys::stat::{Mode, SFlag};
use nix::unistd::{Gid, Uid};
use oci_spec::runtime::LinuxSeccomp;
use std::cell::RefCell;
use std::os::fd::{BorrowedFd, OwnedFd, RawFd};
use std::path::{Path, PathBuf};

/// One recorded call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Call {
    /// The system call (`mount`, `sethostname`…), or `done` for a step the
    /// walker reported.
    pub name: &'static str,
    /// Its key arguments, as text.
    pub arg: String,
}

/// The recording fake.
#[derive(Debug, Default)]
pub struct Fake {
    calls: RefCell<Vec<Call>>,
    /// Calls to fail: `(name, text its argument contains, errno)`; each fails once.
    failures: RefCell<Vec<(&'static str, String, Errno)>>,
    /// Paths that do not exist (every other one does).
    missing: RefCell<Vec<PathBuf>>,
}

impl Fake {
    /// A fake where every call succeeds.
    pub fn new() -> Fake {
        Fake::default()
    }

    /// Makes the first call named `name` fail with `errno`.
    pub fn fail(&self, name: &'static str, errno: Errno) {
        self.fail_when(name, "", errno);
    }

    /// Makes the first call named `name` whose arguments contain `arg` fail
    /// with `errno`.
    pub fn fail_when(&self, name: &'static str, arg: &str, errno: Errno) {
        self.failures
            .borrow_mut()
            .push((name, arg.to_string(), errno));
    }

    /// Makes `path` missing ([`Syscall::exists`], [`Syscall::find_executable`]).
    pub fn remove(&self, path: &str) {
        self.missing.borrow_mut().push(PathBuf::from(path));
    }

    /// The calls so far, in order.
    pub fn calls(&self) -> Vec<Call> {
        self.calls.borrow().clone()
    }

    /// Writes down a call that is not a system call (a step reported).
    pub fn note(&self, name: &'static str, arg: String) {
        self.calls.borrow_mut().push(Call { name, arg });
    }

    /// Records a call; its injected failure, if any.
    fn call(&self, name: &'static str, arg: String) -> nix::Result<()> {
        let mut failures = self.failures.borrow_mut();
        let hit = failures
            .iter()
            .position(|(n, a, _)| *n == name && arg.contains(a.as_str()));
        self.note(name, arg);
        match hit {
            Some(k) => Err(failures.remove(k).2),
            None => Ok(()),
        }
    }

    fn present(&self, path: &Path) -> bool {
        !self.missing.borrow().iter().any(|m| m == path)
    }

    fn call_caps(&self, name: &'static str, arg: String) -> Result<(), CapsError> {
        self.call(name, arg)
            .map_err(|e| CapsError::from(format!("{name} failure: {}", e.desc())))
    }
}

fn path(p: &Path) -> String {
    p.display().to_string()
}

impl Syscall for Fake {
    fn set_name(&self, name: &str) -> nix::Result<()> {
        self.call("set_name", name.to_string())
    }

    fn write_file(&self, p: &Path, text: &str) -> std::io::Result<()> {
        self.call("write_file", format!("{} {}", path(p), text.trim_end()))
            .map_err(|e| std::io::Error::from_raw_os_error(e as i32))
    }

    fn setns(&self, _ns: BorrowedFd<'_>, nstype: CloneFlags) -> nix::Result<()> {
        self.call("setns", format!("{nstype:?}"))
    }

    fn unshare(&self, flags: CloneFlags) -> nix::Result<()> {
        self.call("unshare", format!("{flags:?}"))
    }

    fn setsid(&self) -> nix::Result<()> {
        self.call("setsid", String::new())
    }

    fn join_session_keyring(&self, name: &str) {
        let _ = self.call("keyctl", name.to_string());
    }

    fn loopback_up(&self) -> Result<()> {
        self.call("loopback_up", String::new())
            .map_err(|e| Error::sys("ioctl(SIOCSIFFLAGS, lo)", e))
    }

    fn exists(&self, path: &Path) -> bool {
        self.present(path)
    }

    fn find_executable(&self, path: &Path) -> crate::process::Found {
        if self.present(path) {
            crate::process::Found::Executable
        } else {
            crate::process::Found::Missing(None)
        }
    }

    fn mount(
        &self,
        source: Option<&Path>,
        target: &Path,
        fstype: Option<&str>,
        flags: u64,
        data: Option<&str>,
    ) -> nix::Result<()> {
        self.call(
            "mount",
            format!(
                "{} {} {} {flags:#x} {}",
                source.map(path).unwrap_or_default(),
                path(target),
                fstype.unwrap_or(""),
                data.unwrap_or("")
            ),
        )
    }

    fn mount_flags(&self, p: &Path) -> nix::Result<u64> {
        self.call("statvfs", path(p)).map(|()| 0)
    }

    fn umount_detach(&self, p: &Path) -> nix::Result<()> {
        self.call("umount2", path(p))
    }

    fn mknod(&self, p: &Path, _kind: SFlag, _mode: Mode, dev: u64) -> nix::Result<()> {
        self.call("mknod", format!("{} {dev}", path(p)))
    }

    fn chmod(&self, p: &Path, mode: Mode) -> nix::Result<()> {
        self.call("chmod", format!("{} {:o}", path(p), mode.bits()))
    }

    fn chdir(&self, p: &Path) -> nix::Result<()> {
        self.call("chdir", path(p))
    }

    fn pivot_root(&self) -> nix::Result<()> {
        self.call("pivot_root", String::new())
    }

    fn chroot(&self) -> nix::Result<()> {
        self.call("chroot", String::new())
    }

    fn open_pty(&self) -> Result<(OwnedFd, PathBuf)> {
        self.call("open_pty", String::new())
            .map_err(|e| Error::sys("open /dev/ptmx", e))?;
        let f = std::fs::File::open("/dev/null").map_err(|e| Error::io("open /dev/null", e))?;
        Ok((f.into(), PathBuf::from("/dev/pts/fake")))
    }

    fn send_console(&self, sock: RawFd, _master: BorrowedFd<'_>) -> nix::Result<()> {
        self.call("send_console", sock.to_string())
    }

    fn set_controlling_terminal(&self, slave: &Path) -> Result<()> {
        self.call("set_controlling_terminal", path(slave))
            .map_err(|e| Error::sys("ioctl(TIOCSCTTY)", e))
    }

    fn sethostname(&self, name: &str) -> nix::Result<()> {
        self.call("sethostname", name.to_string())
    }

    fn setdomainname(&self, name: &str) -> nix::Result<()> {
        self.call("setdomainname", name.to_string())
    }

    fn set_no_new_privs(&self) -> nix::Result<()> {
        self.call("no_new_privs", String::new())
    }

    fn set_keepcaps(&self, on: bool) -> nix::Result<()> {
        self.call("keepcaps", on.to_string())
    }

    fn seccomp(&self, profile: &LinuxSeccomp) -> Result<()> {
        self.call("seccomp", format!("{:?}", profile.default_action()))
            .map_err(|e| Error::sys("seccomp", e))
    }

    fn cap_drop_bounding(&self, cap: Capability) -> Result<(), CapsError> {
        self.call_caps("cap_drop_bounding", cap.to_string())
    }

    fn cap_set(&self, set: CapSet, value: &CapsHashSet) -> Result<(), CapsError> {
        let mut names: Vec<String> = value.iter().map(|c| c.to_string()).collect();
        names.sort();
        self.call_caps("capset", format!("{set:?} {}", names.join(",")))
    }

    fn cap_raise_ambient(&self, cap: Capability) -> Result<(), CapsError> {
        self.call_caps("cap_raise_ambient", cap.to_string())
    }

    fn setgroups(&self, groups: &[Gid]) -> nix::Result<()> {
        self.call("setgroups", format!("{groups:?}"))
    }

    fn setresgid(&self, gid: Gid) -> nix::Result<()> {
        self.call("setresgid", gid.to_string())
    }

    fn setresuid(&self, uid: Uid) -> nix::Result<()> {
        self.call("setresuid", uid.to_string())
    }

    fn execve(&self, path: &str, args: &[String], _env: &[String], _preserve_fds: u32) -> Error {
        match self.call("execve", format!("{path} {}", args.join(" "))) {
            Ok(()) => Error::Init(format!("{FAKE_EXECVE} {path}")),
            Err(e) => Error::Init(format!("exec {}: {}", path, e.desc().to_lowercase())),
        }
    }
}

/// What the fake's `execve` answers when it "succeeds" (a real one never
/// returns).
pub const FAKE_EXECVE: &str = "the fake execve would run";
