//! The last steps before the program runs (capabilities, `execve`), and
//! `atlas-runtime exec`, which starts another process in a running container.

use crate::cli::Ctx;
use crate::error::{Error, Result, SysContext};
use crate::state::{Container, Status};
use atlas_core::command::runc::ExecOptions;
use atlas_core::oci::sys::capability_number;
use oci_spec::runtime::{Capability, LinuxCapabilities, LinuxSeccomp};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::ffi::CString;
use std::io::{Read, Write};
use std::os::fd::{AsRawFd, BorrowedFd, FromRawFd, OwnedFd, RawFd};

/// Finds `args[0]` as Go's `exec.LookPath` does with the container's `PATH`.
pub fn look_path(args: &[String], env: &[String]) -> Result<String> {
    let first = args
        .first()
        .ok_or_else(|| Error::Config("args must not be empty".into()))?;
    let exists = |p: &str| std::fs::metadata(p).map(|m| m.is_file()).unwrap_or(false);
    if first.contains('/') {
        if exists(first) {
            return Ok(first.clone());
        }
        return Err(Error::NoBinary {
            name: first.clone(),
            path: first.clone(),
        });
    }
    let path = env
        .iter()
        .find_map(|e| e.strip_prefix("PATH="))
        .unwrap_or("/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
    for dir in path.split(':') {
        let cand = format!("{}/{first}", if dir.is_empty() { "." } else { dir });
        if exists(&cand) {
            return Ok(cand);
        }
    }
    Err(Error::Init(format!(
        "exec: {}: executable file not found in $PATH",
        atlas_core::command::error::go_quote(first)
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

fn to_caps(set: Option<&HashSet<Capability>>) -> caps::CapsHashSet {
    let mut out = caps::CapsHashSet::new();
    for c in set.into_iter().flatten() {
        let n = capability_number(*c);
        if let Some(k) = caps::all().into_iter().find(|k| u32::from(k.index()) == n) {
            out.insert(k);
        }
    }
    out
}

/// Drops every capability outside `bounding` from the bounding set.
pub fn cap_bounding(c: &LinuxCapabilities) -> Result<()> {
    let keep = to_caps(c.bounding().as_ref());
    for cap in caps::runtime::procfs_all_supported(None).unwrap_or_else(|_| caps::all()) {
        if !keep.contains(&cap) {
            caps::drop(None, caps::CapSet::Bounding, cap)
                .map_err(|e| Error::Refused(format!("drop {cap} from the bounding set: {e}")))?;
        }
    }
    Ok(())
}

/// `capset`: inheritable, effective, permitted (each only lowers or keeps).
pub fn capset(c: &LinuxCapabilities) -> Result<()> {
    let sets = [
        (caps::CapSet::Inheritable, to_caps(c.inheritable().as_ref())),
        (caps::CapSet::Effective, to_caps(c.effective().as_ref())),
        (caps::CapSet::Permitted, to_caps(c.permitted().as_ref())),
    ];
    for (set, value) in sets {
        caps::set(None, set, &value).map_err(|e| Error::Refused(format!("capset {set:?}: {e}")))?;
    }
    Ok(())
}

/// Raises the ambient set; a capability the kernel will not raise (not
/// inheritable) is skipped, as runc skips it.
pub fn ambient(c: &LinuxCapabilities) {
    for cap in to_caps(c.ambient().as_ref()) {
        let _ = caps::raise(None, caps::CapSet::Ambient, cap);
    }
}

/// seccomp: see [`crate::seccomp`].
pub fn seccomp(s: &LinuxSeccomp) -> Result<()> {
    crate::seccomp::load(s)
}

/// The hidden subcommand `exec` runs from the sealed copy.
pub const INIT_EXEC_COMMAND: &str = "init-exec";
/// The environment variable that names `init-exec`'s socket.
pub const EXEC_PIPE_ENV: &str = "_ATLAS_EXECPIPE";

/// What `init-exec` is told (JSON over its socket): the process, the
/// container's seccomp profile, and descriptors it inherited.
#[derive(Debug, Serialize, Deserialize)]
struct ExecSetup {
    process: ExecProcess,
    seccomp: Option<LinuxSeccomp>,
    /// The container's namespaces to join, in order (`/proc/PID/ns/*`).
    namespaces: Vec<RawFd>,
    /// Where the pty master goes: `--console-socket`, connected, or in the
    /// foreground the other end of `exec`'s own socket pair.
    console: Option<RawFd>,
    /// The master goes to `exec` itself, which proxies it: clear `ONLCR`
    /// first, as runc's `recvtty` does (a console socket's receiver decides
    /// that for itself).
    proxied: bool,
    /// The pty's size `(rows, columns)`, set before the program runs: the
    /// runtime's own terminal's in the foreground, else `process.consoleSize`
    /// (runc's `setupConsole` sets `ConsoleHeight`/`ConsoleWidth`).
    console_size: Option<(u16, u16)>,
    /// `--preserve-fds`: descriptors 3 to 3+N-1 stay open for the program.
    #[serde(default)]
    preserve_fds: u32,
}

/// What `exec` starts: the container's `process` with the command line's
/// changes, or the `--process` file's.
#[derive(Debug, Serialize, Deserialize)]
struct ExecProcess {
    args: Vec<String>,
    env: Vec<String>,
    cwd: String,
    uid: u32,
    gid: u32,
    additional_gids: Vec<u32>,
    caps: Option<LinuxCapabilities>,
    no_new_privs: bool,
    rlimits: Vec<oci_spec::runtime::PosixRlimit>,
    terminal: bool,
    /// `consoleSize` `(height, width)`.
    console_size: Option<(u16, u16)>,
}

fn exec_process(o: &ExecOptions, spec: &oci_spec::runtime::Spec) -> Result<ExecProcess> {
    let base = spec.process().as_ref();
    let p: oci_spec::runtime::Process = match &o.process {
        Some(file) => {
            let text = std::fs::read_to_string(file).ctx(|| format!("read {file}"))?;
            serde_json::from_str(&text).map_err(|e| Error::Config(e.to_string()))?
        }
        None => base.cloned().unwrap_or_default(),
    };
    let from_file = o.process.is_some();
    let (mut uid, mut gid) = (p.user().uid(), p.user().gid());
    if let Some(u) = o.user.as_deref() {
        let (a, b) = u.split_once(':').unwrap_or((u, "0"));
        uid = a
            .parse()
            .map_err(|_| Error::Refused(format!("invalid user {u:?}: a uid[:gid] is needed")))?;
        gid = b
            .parse()
            .map_err(|_| Error::Refused(format!("invalid user {u:?}: a uid[:gid] is needed")))?;
    }
    let mut env = p.env().clone().unwrap_or_default();
    env.extend(o.env.iter().cloned());
    Ok(ExecProcess {
        args: if from_file {
            p.args().clone().unwrap_or_default()
        } else {
            o.command.clone()
        },
        env,
        cwd: o
            .cwd
            .clone()
            .unwrap_or_else(|| p.cwd().to_string_lossy().into_owned()),
        uid,
        gid,
        additional_gids: p.user().additional_gids().clone().unwrap_or_default(),
        caps: p.capabilities().clone(),
        no_new_privs: p.no_new_privileges().unwrap_or(false),
        rlimits: p.rlimits().clone().unwrap_or_default(),
        terminal: o.tty || (from_file && p.terminal().unwrap_or(false)),
        console_size: p.console_size().as_ref().and_then(|b| {
            let h = u16::try_from(b.height()).ok()?;
            let w = u16::try_from(b.width()).ok()?;
            (h != 0 && w != 0).then_some((h, w))
        }),
    })
}

/// `exec`: a new process in the container's namespaces and cgroup, set up as
/// runc's `linuxSetnsInit` sets it up: the console (`--tty`), rlimits,
/// `noNewPrivileges`, the container's seccomp profile (before the
/// capabilities are dropped, or last when `noNewPrivileges` is set), the
/// bounding set, user and groups, capabilities, `cwd`, then `execve`.
pub fn exec(ctx: &Ctx, o: &ExecOptions) -> Result<i32> {
    check_preserved(o.preserve_fds)?;
    let c = Container::open(&ctx.root, &o.id)?;
    let s = c.load()?.ok_or(Error::NotExist)?;
    let status = c.status(&s);
    if status != Status::Running {
        return Err(Error::Refused(match status {
            Status::Stopped => "cannot exec in a stopped container".into(),
            Status::Paused => "cannot exec in a paused container".into(),
            _ => "cannot exec in a container that has not started".into(),
        }));
    }
    let spec = atlas_core::oci::parse_config(&s.config, atlas_core::oci::OciRuntime::Runc)
        .map_err(|e| Error::plan(&e))?;
    let p = exec_process(o, &spec)?;
    if p.args.is_empty() {
        return Err(Error::Refused("args must not be empty".into()));
    }
    // runc's checks (utils_linux.go, `validateProcessSpec` and `runner.run`).
    if o.detach && p.terminal && o.console_socket.is_none() {
        return Err(Error::Refused(
            "cannot allocate tty if runc will detach without setting console socket".into(),
        ));
    }
    if (!o.detach || !p.terminal) && o.console_socket.is_some() {
        return Err(Error::Refused(
            "cannot use console socket if runc will not detach or allocate tty".into(),
        ));
    }
    // The pty is opened by the process in the container (its devpts, which
    // is not the host's), and the master sent back over a socket (runc's
    // `setupConsole`): to `--console-socket`, or in the foreground to a
    // socket pair whose other end this process keeps, receives the master
    // on and proxies (runc's `setupIO` and `tty.go`).
    let mut proxy_sock: Option<OwnedFd> = None;
    let console: Option<OwnedFd> = match &o.console_socket {
        Some(path) => Some(
            std::os::unix::net::UnixStream::connect(path)
                .ctx(|| format!("connect to console socket {path}"))?
                .into(),
        ),
        None if p.terminal => {
            let (ours, theirs) = crate::lifecycle::socket_pair(nix::sys::socket::SockType::Stream)?;
            proxy_sock = Some(ours);
            Some(theirs)
        }
        None => None,
    };
    let seccomp = spec.linux().as_ref().and_then(|l| l.seccomp().clone());
    crate::log::debug(ctx, &format!("exec: {:?} in container {}", p.args, o.id));
    let pid = s.init_pid;
    let order = ["user", "ipc", "uts", "net", "pid", "cgroup", "mnt"];
    let mut ns = Vec::new();
    for n in order {
        let mine = std::fs::read_link(format!("/proc/self/ns/{n}")).ok();
        let theirs = std::fs::read_link(format!("/proc/{pid}/ns/{n}")).ok();
        if theirs.is_some() && mine != theirs {
            let f = std::fs::File::open(format!("/proc/{pid}/ns/{n}"))
                .ctx(|| format!("open /proc/{pid}/ns/{n}"))?;
            ns.push(f);
        }
    }
    let cg = crate::cgroup::Cgroup::from_dirs(&s.cgroups, !s.cgroup_v1());
    // CVE-2019-5736: the process that joins the container and calls execve
    // must not run from this (the host's) binary, or a program in the
    // container whose interpreter is `#!/proc/self/exe` would run it again
    // inside the container and could write over it through /proc/PID/exe.
    // As `runc exec` starts `runc init`, the child runs `atlas-runtime
    // init-exec` from a sealed memfd copy and gets its set-up over a socket.
    let sealed = crate::lifecycle::sealed_copy("atlas-runtime:[exec]")?;
    let (ours, theirs) = crate::lifecycle::socket_pair(nix::sys::socket::SockType::Stream)?;
    let setup = ExecSetup {
        namespaces: ns.iter().map(|f| f.as_raw_fd()).collect(),
        console: console.as_ref().map(|c| c.as_raw_fd()),
        proxied: proxy_sock.is_some(),
        console_size: match proxy_sock {
            Some(_) => crate::tty::host_console()
                .and_then(crate::tty::window_size)
                .or(p.console_size),
            None => p.console_size,
        },
        seccomp,
        process: p,
        preserve_fds: o.preserve_fds,
    };
    let inherit: Vec<RawFd> = setup
        .namespaces
        .iter()
        .copied()
        .chain(setup.console)
        .chain([theirs.as_raw_fd()])
        .collect();
    let text = serde_json::to_vec(&setup).map_err(|e| Error::Init(e.to_string()))?;
    let env = [CString::new(format!("{EXEC_PIPE_ENV}={}", theirs.as_raw_fd())).unwrap_or_default()];
    let argv = [
        CString::new("atlas-runtime").unwrap_or_default(),
        CString::new(INIT_EXEC_COMMAND).unwrap_or_default(),
    ];
    // The process is reparented to us when the intermediate child exits.
    nix::sys::prctl::set_child_subreaper(true).ctx(|| "PR_SET_CHILD_SUBREAPER".into())?;
    // SAFETY: single-threaded process; the child only joins the cgroup,
    // clears close-on-exec flags and calls fexecve (or _exit).
    let child = match unsafe { nix::unistd::fork() }.ctx(|| "fork".into())? {
        nix::unistd::ForkResult::Child => {
            let _ = cg.join(nix::unistd::getpid().as_raw());
            for fd in &inherit {
                set_cloexec(*fd, false);
            }
            match nix::unistd::fexecve(&sealed, &argv, &env) {
                Err(e) => eprintln!(
                    "exec failed: fexecve the sealed copy: {}",
                    e.desc().to_lowercase()
                ),
                Ok(never) => match never {},
            }
            // SAFETY: leave the forked copy without running the parent's destructors.
            unsafe { libc::_exit(1) }
        }
        nix::unistd::ForkResult::Parent { child } => child,
    };
    drop(theirs);
    drop(sealed);
    drop(console);
    drop(ns);
    let mut sock = std::os::unix::net::UnixStream::from(ours);
    // A child that failed early closes its end: its message says why.
    let _ = sock.write_all(&text);
    let _ = sock.shutdown(std::net::Shutdown::Write);
    let _ = nix::sys::wait::waitpid(child, None);
    let mut buf = [0u8; 4];
    if sock.read_exact(&mut buf).is_err() {
        return Err(Error::Refused("exec failed".into()));
    }
    let pid = nix::unistd::Pid::from_raw(i32::from_ne_bytes(buf));
    // runc's `waitConsole`: the master before anything else. Every other
    // holder of the pair's far end is gone or closes it at execve, so a
    // process that failed before sending it ends this wait.
    let master = match &proxy_sock {
        Some(sock) => match crate::tty::recv_master(sock.as_raw_fd()) {
            Ok(m) => Some(m),
            Err(e) => {
                let _ = nix::sys::signal::kill(pid, nix::sys::signal::Signal::SIGKILL);
                let _ = crate::lifecycle::wait_exit(pid);
                return Err(e);
            }
        },
        None => None,
    };
    drop(proxy_sock);
    if let Some(f) = &o.pid_file {
        crate::lifecycle::write_pid_file(f, pid.as_raw())?;
    }
    if o.detach {
        return Ok(0);
    }
    drop(c);
    match master {
        // Only the container's side holds the slave: EOF on the master
        // means it is done.
        Some(master) => Ok(crate::tty::proxy(&master, pid)),
        None => Ok(crate::lifecycle::wait_exit(pid)),
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

fn set_cloexec(fd: RawFd, on: bool) {
    // SAFETY: the descriptor is open in this process (the caller's own).
    let b = unsafe { BorrowedFd::borrow_raw(fd) };
    let flag = if on {
        nix::fcntl::FdFlag::FD_CLOEXEC
    } else {
        nix::fcntl::FdFlag::empty()
    };
    let _ = nix::fcntl::fcntl(b, nix::fcntl::FcntlArg::F_SETFD(flag));
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
    for f in &ns {
        nix::sched::setns(f, nix::sched::CloneFlags::empty()).ctx(|| "setns".into())?;
    }
    drop(ns);
    // SAFETY: single-threaded process; the child is in the container's PID namespace.
    match unsafe { nix::unistd::fork() }.ctx(|| "fork".into())? {
        nix::unistd::ForkResult::Parent { child } => {
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
            eprintln!("exec failed: {e}");
            // SAFETY: leave the forked copy without running destructors.
            unsafe { libc::_exit(1) }
        }
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
        crate::lifecycle::set_rlimit(0, r)?;
    }
    if p.no_new_privs {
        nix::sys::prctl::set_no_new_privs().ctx(|| "prctl(PR_SET_NO_NEW_PRIVS)".into())?;
    }
    if let (Some(s), false) = (seccomp, p.no_new_privs) {
        crate::seccomp::load(s)?;
    }
    if let Some(c) = &p.caps {
        cap_bounding(c)?;
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
        capset(c)?;
        ambient(c);
    }
    if let (Some(s), true) = (seccomp, p.no_new_privs) {
        crate::seccomp::load(s)?;
    }
    Ok(())
}
