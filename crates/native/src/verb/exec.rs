//! `exec`: a new process in a running container, set up as runc's
//! `linuxSetnsInit` sets it up. The runtime checks and gathers what the
//! process needs ([`ExecSetup`]) and starts `atlas-runtime init-exec`
//! ([`crate::setns_init`]) from a sealed copy to join the container.

use super::write_pid_file;
use crate::channel::socket_pair;
use crate::ctx::Ctx;
use crate::error::{Error, Result, SysContext};
use crate::process::{check_preserved, set_cloexec, wait_exit};
use crate::setns_init::{ExecProcess, ExecSetup, EXEC_PIPE_ENV, INIT_EXEC_COMMAND};
use crate::state::{Container, Status};
use atlas_core::command::runc::ExecOptions;
use std::ffi::CString;
use std::io::{Read, Write};
use std::os::fd::{AsRawFd, OwnedFd, RawFd};

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

/// Reads the error pipe to EOF: the reason the process gave, if it failed.
fn failed_to_start(errors: &mut std::fs::File) -> Option<Error> {
    let mut why = String::new();
    let _ = errors.read_to_string(&mut why);
    (!why.is_empty()).then(|| Error::Refused(format!("exec failed: {why}")))
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
            let (ours, theirs) = socket_pair(nix::sys::socket::SockType::Stream)?;
            proxy_sock = Some(ours);
            Some(theirs)
        }
        None => None,
    };
    let seccomp = spec.linux().as_ref().and_then(|l| l.seccomp().clone());
    ctx.log
        .debug(&format!("exec: {:?} in container {}", p.args, o.id));
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
    let sealed = crate::sealed::sealed_copy("atlas-runtime:[exec]")?;
    let (ours, theirs) = socket_pair(nix::sys::socket::SockType::Stream)?;
    // Why the process could not start, or EOF at its execve (runc's init pipe).
    let (errors, errors_w) =
        nix::unistd::pipe2(nix::fcntl::OFlag::O_CLOEXEC).ctx(|| "pipe2".into())?;
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
        errors: Some(errors_w.as_raw_fd()),
    };
    let inherit: Vec<RawFd> = setup
        .namespaces
        .iter()
        .copied()
        .chain(setup.console)
        .chain(setup.errors)
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
    drop(errors_w);
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
    let mut errors = std::fs::File::from(errors);
    // runc's `waitConsole`: the master before anything else. Every other
    // holder of the pair's far end is gone or closes it at execve, so a
    // process that failed before sending it ends this wait.
    let master = match &proxy_sock {
        Some(sock) => match crate::tty::recv_master(sock.as_raw_fd()) {
            Ok(m) => Some(m),
            Err(e) => {
                let _ = nix::sys::signal::kill(pid, nix::sys::signal::Signal::SIGKILL);
                let _ = wait_exit(pid);
                return Err(match failed_to_start(&mut errors) {
                    Some(why) => why,
                    None => e,
                });
            }
        },
        None => None,
    };
    drop(proxy_sock);
    // The process has called execve, or failed before it: runc's `exec` too
    // returns only then, and fails with the process's reason (`--detach` as
    // well: containerd's shim and conmon rely on it).
    if let Some(why) = failed_to_start(&mut errors) {
        let _ = wait_exit(pid);
        return Err(why);
    }
    drop(errors);
    if let Some(f) = &o.pid_file {
        write_pid_file(f, pid.as_raw())?;
    }
    if o.detach {
        return Ok(0);
    }
    drop(c);
    match master {
        // Only the container's side holds the slave: EOF on the master
        // means it is done.
        Some(master) => Ok(crate::tty::proxy(&master, pid)),
        None => Ok(wait_exit(pid)),
    }
}
