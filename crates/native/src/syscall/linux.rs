//! The init walker's system calls, made: nix, libc and caps, as
//! `atlas-runtime init` always made them.

use super::Syscall;
use crate::error::{Error, Result, SysContext};
use caps::errors::CapsError;
use caps::{CapSet, Capability, CapsHashSet};
use nix::sched::CloneFlags;
use nix::sys::socket::MsgFlags;
use nix::sys::stat::{Mode, SFlag};
use nix::unistd::{Gid, Uid};
use oci_spec::runtime::LinuxSeccomp;
use std::os::fd::{AsRawFd, BorrowedFd, OwnedFd, RawFd};
use std::path::{Path, PathBuf};

/// This kernel.
#[derive(Debug, Clone, Copy, Default)]
pub struct Linux;

impl Syscall for Linux {
    fn set_name(&self, name: &str) -> nix::Result<()> {
        nix::sys::prctl::set_name(&std::ffi::CString::new(name).unwrap_or_default())
    }

    fn write_file(&self, path: &Path, text: &str) -> std::io::Result<()> {
        std::fs::write(path, text)
    }

    fn setns(&self, ns: BorrowedFd<'_>, nstype: CloneFlags) -> nix::Result<()> {
        nix::sched::setns(ns, nstype)
    }

    fn unshare(&self, flags: CloneFlags) -> nix::Result<()> {
        nix::sched::unshare(flags)
    }

    fn setsid(&self) -> nix::Result<()> {
        nix::unistd::setsid().map(|_| ())
    }

    fn join_session_keyring(&self, name: &str) {
        let Ok(name) = std::ffi::CString::new(name) else {
            return;
        };
        // SAFETY: KEYCTL_JOIN_SESSION_KEYRING takes a NUL-terminated name that lives across the call.
        // Errors are ignored as runc ignores them (no keyring support, or denied).
        unsafe {
            libc::syscall(libc::SYS_keyctl, 1 as libc::c_long, name.as_ptr());
        }
    }

    fn loopback_up(&self) -> Result<()> {
        use nix::sys::socket::{socket, AddressFamily, SockFlag, SockType};
        let s = socket(
            AddressFamily::Inet,
            SockType::Datagram,
            SockFlag::SOCK_CLOEXEC,
            None,
        )
        .ctx(|| "socket".into())?;
        // SAFETY: ifreq is plain old data; all-zero is a valid value.
        let mut req: libc::ifreq = unsafe { std::mem::zeroed() };
        for (d, s) in req.ifr_name.iter_mut().zip(b"lo\0") {
            *d = *s as libc::c_char;
        }
        // SAFETY: SIOCGIFFLAGS fills the ifreq it is given.
        if unsafe { libc::ioctl(s.as_raw_fd(), libc::SIOCGIFFLAGS, &mut req) } < 0 {
            return Err(Error::sys("ioctl(SIOCGIFFLAGS, lo)", nix::Error::last()));
        }
        // SAFETY: after SIOCGIFFLAGS the flags member of the union is the live one.
        unsafe {
            req.ifr_ifru.ifru_flags |= libc::IFF_UP as libc::c_short;
        }
        // SAFETY: SIOCSIFFLAGS reads the ifreq it is given.
        if unsafe { libc::ioctl(s.as_raw_fd(), libc::SIOCSIFFLAGS, &req) } < 0 {
            return Err(Error::sys("ioctl(SIOCSIFFLAGS, lo)", nix::Error::last()));
        }
        Ok(())
    }

    fn exists(&self, path: &Path) -> bool {
        path.exists()
    }

    fn find_executable(&self, path: &Path) -> crate::process::Found {
        crate::process::find_executable(&path.to_string_lossy())
    }

    fn mount(
        &self,
        source: Option<&Path>,
        target: &Path,
        fstype: Option<&str>,
        flags: u64,
        data: Option<&str>,
    ) -> nix::Result<()> {
        nix::mount::mount(
            source,
            target,
            fstype,
            nix::mount::MsFlags::from_bits_truncate(flags as libc::c_ulong),
            data,
        )
    }

    // `c_ulong` is `u64` only on 64-bit targets.
    #[allow(clippy::unnecessary_cast)]
    fn mount_flags(&self, path: &Path) -> nix::Result<u64> {
        nix::sys::statvfs::statvfs(path).map(|st| st.flags().bits() as u64)
    }

    fn umount_detach(&self, path: &Path) -> nix::Result<()> {
        nix::mount::umount2(path, nix::mount::MntFlags::MNT_DETACH)
    }

    fn mknod(&self, path: &Path, kind: SFlag, mode: Mode, dev: u64) -> nix::Result<()> {
        nix::sys::stat::mknod(path, kind, mode, dev)
    }

    fn chmod(&self, path: &Path, mode: Mode) -> nix::Result<()> {
        nix::sys::stat::fchmodat(
            nix::fcntl::AT_FDCWD,
            path,
            mode,
            nix::sys::stat::FchmodatFlags::FollowSymlink,
        )
    }

    fn chdir(&self, path: &Path) -> nix::Result<()> {
        nix::unistd::chdir(path)
    }

    fn pivot_root(&self) -> nix::Result<()> {
        nix::unistd::pivot_root(".", ".")
    }

    fn chroot(&self) -> nix::Result<()> {
        nix::unistd::chroot(".")
    }

    fn open_pty(&self) -> Result<(OwnedFd, PathBuf)> {
        use nix::fcntl::OFlag;
        let master = nix::pty::posix_openpt(OFlag::O_RDWR | OFlag::O_NOCTTY | OFlag::O_CLOEXEC)
            .ctx(|| "open /dev/ptmx".into())?;
        nix::pty::grantpt(&master).ctx(|| "grantpt".into())?;
        nix::pty::unlockpt(&master).ctx(|| "unlockpt".into())?;
        let slave = nix::pty::ptsname_r(&master).ctx(|| "ptsname".into())?;
        Ok((master.into(), PathBuf::from(slave)))
    }

    fn send_console(&self, sock: RawFd, master: BorrowedFd<'_>) -> nix::Result<()> {
        let fds = [master.as_raw_fd()];
        let iov = [std::io::IoSlice::new(b"/dev/ptmx")];
        let cmsg = [nix::sys::socket::ControlMessage::ScmRights(&fds)];
        nix::sys::socket::sendmsg::<()>(sock, &iov, &cmsg, MsgFlags::empty(), None).map(|_| ())
    }

    fn set_controlling_terminal(&self, slave: &Path) -> Result<()> {
        let f = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .open(slave)
            .ctx(|| format!("open {}", slave.display()))?;
        crate::tty::become_controlling_terminal(&OwnedFd::from(f))
    }

    fn sethostname(&self, name: &str) -> nix::Result<()> {
        nix::unistd::sethostname(name)
    }

    fn setdomainname(&self, name: &str) -> nix::Result<()> {
        // SAFETY: the pointer and length describe a live byte slice.
        let r = unsafe { libc::setdomainname(name.as_ptr().cast(), name.len()) };
        if r < 0 {
            return Err(nix::Error::last());
        }
        Ok(())
    }

    fn set_no_new_privs(&self) -> nix::Result<()> {
        nix::sys::prctl::set_no_new_privs()
    }

    fn set_keepcaps(&self, on: bool) -> nix::Result<()> {
        nix::sys::prctl::set_keepcaps(on)
    }

    fn seccomp(&self, profile: &LinuxSeccomp) -> Result<()> {
        crate::seccomp::load(profile)
    }

    fn cap_drop_bounding(&self, cap: Capability) -> Result<(), CapsError> {
        caps::drop(None, CapSet::Bounding, cap)
    }

    fn cap_set(&self, set: CapSet, value: &CapsHashSet) -> Result<(), CapsError> {
        caps::set(None, set, value)
    }

    fn cap_raise_ambient(&self, cap: Capability) -> Result<(), CapsError> {
        caps::raise(None, CapSet::Ambient, cap)
    }

    fn setgroups(&self, groups: &[Gid]) -> nix::Result<()> {
        nix::unistd::setgroups(groups)
    }

    fn setresgid(&self, gid: Gid) -> nix::Result<()> {
        nix::unistd::setresgid(gid, gid, gid)
    }

    fn setresuid(&self, uid: Uid) -> nix::Result<()> {
        nix::unistd::setresuid(uid, uid, uid)
    }

    fn execve(&self, path: &str, args: &[String], env: &[String], preserve_fds: u32) -> Error {
        crate::process::execve(path, args, env, preserve_fds)
    }
}
