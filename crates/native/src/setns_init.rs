//! `atlas-runtime init-exec`, the container side of `exec` (runc's `runc
//! init` for a setns process, `linuxSetnsInit`): run by `exec` from the
//! sealed copy, it joins the container's namespaces, forks into its PID
//! namespace and sets the new process up before `execve`. [`ExecSetup`] is
//! what `exec` sends it.

use crate::capabilities::{ambient, cap_bounding, capset};
use crate::error::{Error, Result, SysContext};
use crate::process::{execve, look_path, set_cloexec};
use crate::syscall::linux::Linux;
use oci_spec::runtime::{LinuxCapabilities, LinuxSeccomp};
use serde::{Deserialize, Serialize};
use std::io::{Read, Write};
use std::os::fd::{FromRawFd, OwnedFd, RawFd};

/// The hidden subcommand `exec` runs from the sealed copy.
pub const INIT_EXEC_COMMAND: &str = "init-exec";

/// The environment variable that names `init-exec`'s socket.
pub const EXEC_PIPE_ENV: &str = "_ATLAS_EXECPIPE";

/// What `init-exec` is told (JSON over its socket): the process, the
/// container's seccomp profile, and descriptors it inherited.
#[derive(Debug, Serialize, Deserialize)]
pub struct ExecSetup {
    /// The process to start.
    pub process: ExecProcess,
    /// The container's seccomp profile.
    pub seccomp: Option<LinuxSeccomp>,
    /// The container's namespaces to join, in order (`/proc/PID/ns/*`).
    pub namespaces: Vec<RawFd>,
    /// Where the pty master goes: `--console-socket`, connected, or in the
    /// foreground the other end of `exec`'s own socket pair.
    pub console: Option<RawFd>,
    /// The master goes to `exec` itself, which proxies it: clear `ONLCR`
    /// first, as runc's `recvtty` does (a console socket's receiver decides
    /// that for itself).
    pub proxied: bool,
    /// The pty's size `(rows, columns)`, set before the program runs: the
    /// runtime's own terminal's in the foreground, else `process.consoleSize`
    /// (runc's `setupConsole` sets `ConsoleHeight`/`ConsoleWidth`).
    pub console_size: Option<(u16, u16)>,
    /// `--preserve-fds`: descriptors 3 to 3+N-1 stay open for the program.
    #[serde(default)]
    pub preserve_fds: u32,
    /// The write end of `exec`'s error pipe (close-on-exec): the process
    /// writes why it could not start, or it closes at `execve` and `exec`
    /// reads EOF (runc's init pipe). `exec` returns only then, so a process
    /// that cannot start makes `exec` fail, `--detach` too.
    #[serde(default)]
    pub errors: Option<RawFd>,
}

/// What `exec` starts: the container's `process` with the command line's
/// changes, or the `--process` file's.
#[derive(Debug, Serialize, Deserialize)]
pub struct ExecProcess {
    /// `args`.
    pub args: Vec<String>,
    /// `env`.
    pub env: Vec<String>,
    /// `cwd`.
    pub cwd: String,
    /// `user.uid`.
    pub uid: u32,
    /// `user.gid`.
    pub gid: u32,
    /// `user.additionalGids`.
    pub additional_gids: Vec<u32>,
    /// `capabilities`.
    pub caps: Option<LinuxCapabilities>,
    /// `noNewPrivileges`.
    pub no_new_privs: bool,
    /// `rlimits`.
    pub rlimits: Vec<oci_spec::runtime::PosixRlimit>,
    /// `terminal`, or `exec --tty`.
    pub terminal: bool,
    /// `consoleSize` `(height, width)`.
    pub console_size: Option<(u16, u16)>,
}

/// `atlas-runtime init-exec`, run by `exec` from the sealed copy: reads the
/// [`ExecSetup`] from the socket named by [`EXEC_PIPE_ENV`], joins the
/// container's namespaces, forks (the child is in the container's PID
/// namespace), writes the child's pid back and exits; the child sets itself
/// up as runc's `linuxSetnsInit` and calls execve.
pub fn init_exec_main() -> i32 {
    let Some(fd) = std::env::var(EXEC_PIPE_ENV)
        .ok()
        .and_then(|v| v.parse::<RawFd>().ok())
        .filter(|fd| *fd > 2)
    else {
        eprintln!("atlas-runtime init-exec: run by atlas-runtime exec, not by hand");
        return 1;
    };
    match init_exec(fd) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("exec failed: {e}");
            1
        }
    }
}

fn init_exec(fd: RawFd) -> Result<i32> {
    set_cloexec(fd, true);
    // SAFETY: `exec` left this descriptor open for us; nothing else owns it.
    let mut sock = std::os::unix::net::UnixStream::from(unsafe { OwnedFd::from_raw_fd(fd) });
    let mut text = Vec::new();
    sock.read_to_end(&mut text)
        .ctx(|| "read the exec set-up".into())?;
    let setup: ExecSetup =
        serde_json::from_slice(&text).map_err(|e| Error::Init(format!("exec set-up: {e}")))?;
    // Nothing inherited may reach the container's program.
    let own = |fd: RawFd| {
        set_cloexec(fd, true);
        // SAFETY: inherited from `exec` for this process alone.
        unsafe { OwnedFd::from_raw_fd(fd) }
    };
    let ns: Vec<OwnedFd> = setup.namespaces.iter().map(|f| own(*f)).collect();
    let console = setup.console.map(own);
    let errors = setup.errors.map(own);
    for f in &ns {
        nix::sched::setns(f, nix::sched::CloneFlags::empty()).ctx(|| "setns".into())?;
    }
    drop(ns);
    // SAFETY: single-threaded process; the child is in the container's PID namespace.
    match unsafe { nix::unistd::fork() }.ctx(|| "fork".into())? {
        nix::unistd::ForkResult::Parent { child } => {
            drop(errors);
            sock.write_all(&child.as_raw().to_ne_bytes())
                .ctx(|| "send the pid to exec".into())?;
            Ok(0)
        }
        nix::unistd::ForkResult::Child => {
            drop(sock);
            let p = &setup.process;
            let r = setns_init(&setup, console.as_ref()).and_then(|()| look_path(&p.args, &p.env));
            let e = match r {
                Ok(path) => execve(&path, &p.args, &p.env, setup.preserve_fds),
                Err(e) => e,
            };
            let why = start_failure(&e);
            let told = errors
                .map(std::fs::File::from)
                .is_some_and(|mut f| f.write_all(why.as_bytes()).is_ok());
            if !told {
                eprintln!("exec failed: {why}");
            }
            // SAFETY: leave the forked copy without running destructors.
            unsafe { libc::_exit(1) }
        }
    }
}

/// Why an exec'd process could not start, as runc words it after `exec
/// failed: ` (`unable to start container process: …`).
pub fn start_failure(e: &Error) -> String {
    const PREFIX: &str = "unable to start container process: ";
    let why = e.to_string();
    if why.starts_with(PREFIX) {
        why
    } else {
        format!("{PREFIX}{why}")
    }
}

/// The exec'd process's own set-up, in runc's order (`linuxSetnsInit.Init`
/// and `finalizeNamespace`).
fn setns_init(setup: &ExecSetup, console: Option<&OwnedFd>) -> Result<()> {
    let (p, seccomp) = (&setup.process, setup.seccomp.as_ref());
    nix::unistd::setsid().ctx(|| "setsid".into())?;
    if let Some(sock) = console {
        // A new pty in the container's mount namespace (its /dev/ptmx, its
        // devpts instance), the master to the console socket (`--console-socket`
        // or `exec`'s own pair), the slave as the terminal.
        let pty = crate::tty::Pty::open()?;
        if setup.proxied {
            crate::tty::clear_onlcr(&pty.master)?;
        }
        if let Some(size) = setup.console_size {
            crate::tty::set_window_size(&pty.master, size)?;
        }
        pty.send_master(sock)?;
        pty.become_controlling_terminal()?;
    }
    for r in &p.rlimits {
        crate::process::set_rlimit(0, r)?;
    }
    if p.no_new_privs {
        nix::sys::prctl::set_no_new_privs().ctx(|| "prctl(PR_SET_NO_NEW_PRIVS)".into())?;
    }
    if let (Some(s), false) = (seccomp, p.no_new_privs) {
        crate::seccomp::load(s)?;
    }
    if let Some(c) = &p.caps {
        cap_bounding(&Linux, c)?;
    }
    nix::sys::prctl::set_keepcaps(true).ctx(|| "prctl(PR_SET_KEEPCAPS)".into())?;
    let groups: Vec<nix::unistd::Gid> = p
        .additional_gids
        .iter()
        .map(|g| nix::unistd::Gid::from_raw(*g))
        .collect();
    nix::unistd::setgroups(&groups).ctx(|| "setgroups".into())?;
    let g = nix::unistd::Gid::from_raw(p.gid);
    let u = nix::unistd::Uid::from_raw(p.uid);
    nix::unistd::setresgid(g, g, g).ctx(|| "setgid".into())?;
    nix::unistd::setresuid(u, u, u).ctx(|| "setuid".into())?;
    nix::sys::prctl::set_keepcaps(false).ctx(|| "prctl(PR_SET_KEEPCAPS)".into())?;
    nix::unistd::chdir(p.cwd.as_str()).map_err(|e| {
        Error::Refused(format!(
            "chdir to cwd ({}) set in config.json failed: {}",
            atlas_core::command::error::go_quote(&p.cwd),
            e.desc().to_lowercase()
        ))
    })?;
    if let Some(c) = &p.caps {
        capset(&Linux, c)?;
        ambient(&Linux, c);
    }
    if let (Some(s), true) = (seccomp, p.no_new_privs) {
        crate::seccomp::load(s)?;
    }
    Ok(())
}
