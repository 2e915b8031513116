//! A process's own life as a runtime sees it: the program found on the
//! container's `PATH`, `execve` with nothing inherited but stdio and the
//! preserved descriptors, rlimits, and waiting for a child's exit.

use crate::error::{Error, Result};
use nix::unistd::Pid;
use std::ffi::CString;
use std::os::fd::{BorrowedFd, RawFd};

/// Waits for a child and returns its exit code as a shell gives it.
pub fn wait_exit(pid: Pid) -> i32 {
    use nix::sys::wait::{waitpid, WaitStatus};
    loop {
        match waitpid(pid, None) {
            Ok(WaitStatus::Exited(_, c)) => return c,
            Ok(WaitStatus::Signaled(_, s, _)) => return 128 + s as i32,
            Ok(_) => continue,
            Err(nix::Error::EINTR) => continue,
            Err(_) => return 255,
        }
    }
}

/// `prlimit` of one rlimit of `pid` (0: this process).
pub fn set_rlimit(pid: i32, r: &oci_spec::runtime::PosixRlimit) -> Result<()> {
    use oci_spec::runtime::PosixRlimitType as T;
    let resource = match r.typ() {
        T::RlimitCpu => libc::RLIMIT_CPU,
        T::RlimitFsize => libc::RLIMIT_FSIZE,
        T::RlimitData => libc::RLIMIT_DATA,
        T::RlimitStack => libc::RLIMIT_STACK,
        T::RlimitCore => libc::RLIMIT_CORE,
        T::RlimitRss => libc::RLIMIT_RSS,
        T::RlimitNproc => libc::RLIMIT_NPROC,
        T::RlimitNofile => libc::RLIMIT_NOFILE,
        T::RlimitMemlock => libc::RLIMIT_MEMLOCK,
        T::RlimitAs => libc::RLIMIT_AS,
        T::RlimitLocks => libc::RLIMIT_LOCKS,
        T::RlimitSigpending => libc::RLIMIT_SIGPENDING,
        T::RlimitMsgqueue => libc::RLIMIT_MSGQUEUE,
        T::RlimitNice => libc::RLIMIT_NICE,
        T::RlimitRtprio => libc::RLIMIT_RTPRIO,
        T::RlimitRttime => libc::RLIMIT_RTTIME,
    };
    let new = libc::rlimit {
        rlim_cur: r.soft(),
        rlim_max: r.hard(),
    };
    // SAFETY: prlimit reads `new` and writes nothing (old is null).
    let rc = unsafe { libc::prlimit(pid, resource, &new, std::ptr::null_mut()) };
    if rc < 0 {
        let e = nix::Error::last();
        return Err(Error::Refused(format!(
            "error setting rlimit type {resource} (soft {}, hard {}): {}",
            r.soft(),
            r.hard(),
            e.desc().to_lowercase()
        )));
    }
    Ok(())
}

/// What Go's `findExecutable` (under `exec.LookPath`) finds at a path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Found {
    /// Not a directory, and some execute bit is set.
    Executable,
    /// A directory, or no execute bit: Go says `permission denied`.
    NotExecutable,
    /// `stat` failed: its errno (`None`: no such file or directory).
    Missing(Option<nix::errno::Errno>),
}

/// What is at `path` in this process's mount namespace.
pub fn find_executable(path: &str) -> Found {
    use std::os::unix::fs::PermissionsExt;
    match std::fs::metadata(path) {
        Ok(m) if !m.is_dir() && m.permissions().mode() & 0o111 != 0 => Found::Executable,
        Ok(_) => Found::NotExecutable,
        Err(e) => Found::Missing(e.raw_os_error().map(nix::errno::Errno::from_raw)),
    }
}

/// Finds `args[0]` as Go's `exec.LookPath` does with the container's `PATH`.
pub fn look_path(args: &[String], env: &[String]) -> Result<String> {
    look_path_with(args, env, &find_executable)
}

/// [`look_path`] with `find` saying what is at a path; runc's words for each
/// failure (`exec: "/etc": permission denied` for a directory or a file
/// without an execute bit, which Docker and Podman turn into exit 126 where a
/// missing program is 127).
pub fn look_path_with(
    args: &[String],
    env: &[String],
    find: &dyn Fn(&str) -> Found,
) -> Result<String> {
    let first = args
        .first()
        .ok_or_else(|| Error::Config("args must not be empty".into()))?;
    let quoted = || atlas_core::command::error::go_quote(first);
    if first.contains('/') {
        return match find(first) {
            Found::Executable => Ok(first.clone()),
            Found::NotExecutable => Err(Error::Init(format!(
                "exec: {}: permission denied",
                quoted()
            ))),
            Found::Missing(None | Some(nix::errno::Errno::ENOENT)) => Err(Error::NoBinary {
                name: first.clone(),
                path: first.clone(),
            }),
            Found::Missing(Some(errno)) => Err(Error::Init(format!(
                "exec: {}: stat {first}: {}",
                quoted(),
                errno.desc().to_lowercase()
            ))),
        };
    }
    let path = env
        .iter()
        .find_map(|e| e.strip_prefix("PATH="))
        .unwrap_or("/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
    for dir in path.split(':') {
        let cand = format!("{}/{first}", if dir.is_empty() { "." } else { dir });
        if find(&cand) == Found::Executable {
            return Ok(cand);
        }
    }
    Err(Error::Init(format!(
        "exec: {}: executable file not found in $PATH",
        quoted()
    )))
}

/// `execve`; returns only on failure. Every descriptor from
/// `3 + preserve_fds` up is marked close-on-exec first (runc's
/// `utils.CloseExecFrom` in `runc init`), so nothing the caller or the runtime
/// holds reaches the container's program except stdio and the descriptors
/// `--preserve-fds` asked for (CVE-2024-21626 was such a leak in runc).
pub fn execve(path: &str, args: &[String], env: &[String], preserve_fds: u32) -> Error {
    close_exec_from(3u32.saturating_add(preserve_fds));
    let c = |s: &str| CString::new(s).unwrap_or_default();
    let argv: Vec<CString> = args.iter().map(|a| c(a)).collect();
    let envp: Vec<CString> = env.iter().map(|a| c(a)).collect();
    match nix::unistd::execve(&c(path), &argv, &envp) {
        Err(e) => Error::Init(format!("exec {}: {}", path, e.desc().to_lowercase())),
        Ok(never) => match never {},
    }
}

/// Marks every descriptor from `first` up close-on-exec: `close_range(2)`
/// with `CLOSE_RANGE_CLOEXEC`, or on kernels before 5.11 each entry of
/// `/proc/self/fd`.
pub fn close_exec_from(first: u32) {
    // SAFETY: close_range with CLOSE_RANGE_CLOEXEC only sets descriptor flags
    // of this process; it closes nothing.
    let r = unsafe { libc::close_range(first, u32::MAX, libc::CLOSE_RANGE_CLOEXEC as i32) };
    if r == 0 {
        return;
    }
    let Ok(dir) = std::fs::read_dir("/proc/self/fd") else {
        return;
    };
    let fds: Vec<RawFd> = dir
        .filter_map(|e| e.ok()?.file_name().to_str()?.parse().ok())
        .collect();
    for fd in fds {
        if u32::try_from(fd).is_ok_and(|n| n >= first) {
            set_cloexec(fd, true);
        }
    }
}

/// `--preserve-fds N` needs the caller's descriptors 3 to 3+N-1 open; runc
/// fails on a bad one when it starts its init, and so does this.
pub fn check_preserved(n: u32) -> Result<()> {
    for fd in 3..3u32.saturating_add(n) {
        let Ok(raw) = RawFd::try_from(fd) else {
            break;
        };
        // SAFETY: F_GETFD on a number only reads its flags (EBADF if unused).
        if unsafe { libc::fcntl(raw, libc::F_GETFD) } < 0 {
            return Err(Error::Refused(format!(
                "--preserve-fds={n}: file descriptor {fd} is not open: the caller must hold descriptors 3 to {}",
                2 + n
            )));
        }
    }
    Ok(())
}

/// Sets (`on`) or clears close-on-exec on a descriptor this process holds.
pub fn set_cloexec(fd: RawFd, on: bool) {
    // SAFETY: the descriptor is open in this process (the caller's own).
    let b = unsafe { BorrowedFd::borrow_raw(fd) };
    let flag = if on {
        nix::fcntl::FdFlag::FD_CLOEXEC
    } else {
        nix::fcntl::FdFlag::empty()
    };
    let _ = nix::fcntl::fcntl(b, nix::fcntl::FcntlArg::F_SETFD(flag));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(a: &[&str]) -> Vec<String> {
        a.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn look_path_words_each_failure_as_runc() {
        let find = |p: &str| match p {
            "/bin/sh" | "/usr/bin/env" => Found::Executable,
            "/etc" | "/bin/data" => Found::NotExecutable,
            "/a/file/below" => Found::Missing(Some(nix::errno::Errno::ENOTDIR)),
            _ => Found::Missing(Some(nix::errno::Errno::ENOENT)),
        };
        let env = args(&["PATH=/usr/bin:/bin"]);
        let found = |a: &[&str]| look_path_with(&args(a), &env, &find);
        assert_eq!(found(&["/bin/sh"]).ok().as_deref(), Some("/bin/sh"));
        assert_eq!(found(&["sh"]).ok().as_deref(), Some("/bin/sh"));
        assert_eq!(found(&["env"]).ok().as_deref(), Some("/usr/bin/env"));
        let words = |a: &[&str]| found(a).err().map(|e| e.to_string());
        assert_eq!(
            words(&["/etc"]).as_deref(),
            Some("unable to start container process: exec: \"/etc\": permission denied")
        );
        assert_eq!(
            words(&["/nope"]).as_deref(),
            Some("unable to start container process: exec: \"/nope\": stat /nope: no such file or directory")
        );
        assert_eq!(
            words(&["/a/file/below"]).as_deref(),
            Some("unable to start container process: exec: \"/a/file/below\": stat /a/file/below: not a directory")
        );
        // On $PATH a directory is skipped, as Go does.
        assert_eq!(
            words(&["data"]).as_deref(),
            Some("unable to start container process: exec: \"data\": executable file not found in $PATH")
        );
    }
}
