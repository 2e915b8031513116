//! The container side of `create` (runc's `runc init`): a sealed copy of
//! this binary, started as `atlas-runtime init`, walks the Init steps of the
//! same [`Plan`] the runtime walks, in three stages as runc's nsexec
//! (stage 0 writes the id maps; stage 1 joins and unshares namespaces; stage
//! 2, cloned with `CLONE_PARENT` into the new PID namespace, sets up the
//! rootfs and becomes the container). Each step it takes is reported to the
//! runtime over a `SOCK_SEQPACKET` socket, and the runtime takes its own
//! steps when the init hands it the turn.

use crate::error::{Error, Result, SysContext};
use crate::mounts::{self, MountEnv};
use atlas_core::oci::{
    parse_config, Actor, CgroupVersion, IdMapFile, MountRole, OciRuntime, Op, Phase, Plan,
    PlanOptions,
};
use nix::sched::CloneFlags;
use nix::sys::socket::{recv, send, MsgFlags};
use serde::{Deserialize, Serialize};
use std::io::Write;
use std::os::fd::{AsRawFd, BorrowedFd, FromRawFd, OwnedFd, RawFd};
use std::path::{Path, PathBuf};

/// The hidden subcommand.
pub const INIT_COMMAND: &str = "init";
/// The environment variable that names the init socket.
pub const INIT_PIPE_ENV: &str = "_ATLAS_INITPIPE";

/// What the runtime tells the init process before it starts.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Bootstrap {
    /// `config.json` as the runtime read it.
    pub config: String,
    /// Container id.
    pub id: String,
    /// Absolute bundle.
    pub bundle: String,
    /// Absolute rootfs.
    pub rootfs: PathBuf,
    /// The plan's cgroup version.
    pub cgroup_v1: bool,
    /// `--no-pivot`.
    pub no_pivot: bool,
    /// cgroup v1 binds: `(name, host directory)`.
    pub cgroup_binds: Vec<(String, PathBuf)>,
    /// `O_PATH` descriptor of `exec.fifo`.
    pub fifo_fd: RawFd,
    /// The console socket, connected by the runtime.
    pub console_fd: Option<RawFd>,
    /// Report every step as soon as it is taken (the crash tests), instead
    /// of in batches at each hand-over.
    pub report_each_step: bool,
    /// `--preserve-fds`: descriptors 3 to 3+N-1 stay open for the program.
    #[serde(default)]
    pub preserve_fds: u32,
}

/// One message between the runtime and its init process.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub enum Msg {
    /// A piece of the JSON [`Bootstrap`].
    Chunk(String),
    /// The runtime's steps are done; go on at this step. The init's host pid
    /// (0 before it is known) rides along for hook state.
    Continue(usize, i32),
    /// The init took these steps, in order (reported in batches, so that
    /// the runtime is not woken for every step).
    Done(Vec<usize>),
    /// The next step (this one) is the runtime's.
    Turn(usize),
    /// The pid of stage 2, the container's init, in the host's PID namespace.
    Pid(i32),
    /// The pid of stage 1 (for the runtime to reap).
    Child(i32),
    /// A step failed.
    Fail(String),
    /// Stage 1 asks stage 0 to write the id maps starting at this step.
    Maps(usize),
    /// Stage 0 wrote them; stage 1 goes on at this step.
    Mapped(usize),
    /// Stage 1 is done with stage 0.
    Bye,
    /// cgroup v1: move yourself into these cgroup directories (see
    /// [`join_cgroups_v1`]) before the next step.
    Join(Vec<PathBuf>),
}

/// Sends one message.
pub fn send_msg(fd: RawFd, m: &Msg) -> Result<()> {
    let bytes = serde_json::to_vec(m).map_err(|e| Error::Init(e.to_string()))?;
    send(fd, &bytes, MsgFlags::MSG_NOSIGNAL).ctx(|| "send to the init socket".into())?;
    Ok(())
}

/// Receives one message; `None` when the peer is gone.
pub fn recv_msg(fd: RawFd) -> Result<Option<Msg>> {
    RECV_BUF.with(|b| recv_into(fd, &mut b.borrow_mut()))
}

thread_local! {
    /// One receive buffer per process (a message is at most one bootstrap chunk).
    static RECV_BUF: std::cell::RefCell<Vec<u8>> = std::cell::RefCell::new(vec![0u8; 64 * 1024]);
}

fn recv_into(fd: RawFd, buf: &mut [u8]) -> Result<Option<Msg>> {
    loop {
        match recv(fd, buf, MsgFlags::empty()) {
            Ok(0) => return Ok(None),
            Ok(n) => {
                return serde_json::from_slice(&buf[..n])
                    .map(Some)
                    .map_err(|e| Error::Init(format!("bad message: {e}")))
            }
            Err(nix::Error::EINTR) => continue,
            Err(e) => return Err(Error::sys("recv from the init socket", e)),
        }
    }
}

/// Bootstrap in chunks that fit one datagram.
pub fn send_bootstrap(fd: RawFd, b: &Bootstrap) -> Result<()> {
    let text = serde_json::to_string(b).map_err(|e| Error::Init(e.to_string()))?;
    let mut rest = text.as_str();
    while !rest.is_empty() {
        // JSON escaping can grow text up to six times: 8 KiB stays under 64 KiB.
        let mut cut = rest.len().min(8 * 1024);
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        send_msg(fd, &Msg::Chunk(rest[..cut].to_string()))?;
        rest = &rest[cut..];
    }
    send_msg(fd, &Msg::Chunk(String::new()))
}

/// The plan options both sides use.
pub fn plan_options(cgroup_v1: bool, no_pivot: bool) -> PlanOptions {
    PlanOptions {
        runtime: OciRuntime::Runc,
        cgroup: if cgroup_v1 {
            CgroupVersion::V1
        } else {
            CgroupVersion::V2
        },
        no_pivot,
    }
}

/// `atlas-runtime init`: never returns to the CLI on success (the container
/// program replaces it).
pub fn main() -> i32 {
    let Some(fd) = std::env::var(INIT_PIPE_ENV)
        .ok()
        .and_then(|v| v.parse::<RawFd>().ok())
    else {
        eprintln!("atlas-runtime init: run by atlas-runtime create, not by hand");
        return 1;
    };
    match init(fd) {
        Ok(()) => 0,
        Err(e) => {
            let _ = send_msg(fd, &Msg::Fail(e.to_string()));
            1
        }
    }
}

/// Waits for the runtime's `Continue`, serving its requests meanwhile;
/// `None` when the runtime is gone.
fn await_continue(fd: RawFd) -> Result<Option<(usize, i32)>> {
    loop {
        match recv_msg(fd)? {
            Some(Msg::Continue(at, pid)) => return Ok(Some((at, pid))),
            Some(Msg::Join(dirs)) => join_cgroups_v1(&dirs)?,
            None => return Ok(None),
            Some(other) => return Err(Error::Init(format!("unexpected {other:?}"))),
        }
    }
}

/// cgroup v1: the init process moves itself into the container's cgroup in
/// every hierarchy by writing `0` (itself) to each `tasks` file.
///
/// runc's parent writes the init's pid to `cgroup.procs` instead. The effect
/// is the same here, because the init process has exactly one thread (this
/// one: nothing in `atlas-runtime init` starts a thread), so moving the
/// thread moves the process; and stages 1 and 2 are cloned after this, so
/// they are born inside. The difference is the kernel's cost: a write to
/// `cgroup.procs`, or of another task's id, takes the global
/// `cgroup_threadgroup_rwsem` for writing, which waits for an RCU grace
/// period (5–15 ms measured on this project's hosts, the largest single cost
/// of `run`), while a task that moves only itself (`0` in `tasks`) cannot
/// exit or exec meanwhile, so the kernel skips that lock
/// (`cgroup_procs_write_start`: `*threadgroup_locked = pid || threadgroup`).
pub fn join_cgroups_v1(dirs: &[PathBuf]) -> Result<()> {
    for d in dirs {
        let path = d.join("tasks");
        std::fs::write(&path, "0").ctx(|| format!("write 0 to {}", path.display()))?;
    }
    Ok(())
}

fn set_cloexec(fd: RawFd) {
    // SAFETY: the descriptor is one this process owns (inherited from the runtime).
    let b = unsafe { BorrowedFd::borrow_raw(fd) };
    let _ = nix::fcntl::fcntl(
        b,
        nix::fcntl::FcntlArg::F_SETFD(nix::fcntl::FdFlag::FD_CLOEXEC),
    );
}

fn init(fd: RawFd) -> Result<()> {
    set_cloexec(fd);
    let mut text = String::new();
    loop {
        match recv_msg(fd)? {
            Some(Msg::Chunk(c)) if c.is_empty() => break,
            Some(Msg::Chunk(c)) => text.push_str(&c),
            Some(other) => return Err(Error::Init(format!("unexpected {other:?}"))),
            None => return Ok(()),
        }
    }
    let boot: Bootstrap = serde_json::from_str(&text).map_err(|e| Error::Init(e.to_string()))?;
    set_cloexec(boot.fifo_fd);
    if let Some(c) = boot.console_fd {
        set_cloexec(c);
    }
    let spec = parse_config(&boot.config, OciRuntime::Runc).map_err(|e| Error::plan(&e))?;
    let plan = Plan::with_options(&spec, plan_options(boot.cgroup_v1, boot.no_pivot))
        .map_err(|e| Error::plan(&e))?;
    let Some((at, pid)) = await_continue(fd)? else {
        return Ok(());
    };
    let mut w = Walker {
        plan: &plan,
        boot: &boot,
        sock: fd,
        peer: None,
        host_pid: pid,
        console: None,
        pending: Vec::new(),
    };
    let r = w.walk(at);
    let _ = w.flush();
    r
}

struct Walker<'a, 's> {
    plan: &'a Plan<'s>,
    boot: &'a Bootstrap,
    sock: RawFd,
    /// Stage 1 ↔ stage 0.
    peer: Option<RawFd>,
    host_pid: i32,
    /// The pty master and slave path while the console is being set up.
    console: Option<(OwnedFd, PathBuf)>,
    /// Steps taken and not reported yet.
    pending: Vec<usize>,
}

/// The stack of a cloned stage (it runs the rest of the setup, hooks included).
const STACK: usize = 8 << 20;

impl Walker<'_, '_> {
    fn done(&mut self, i: usize) -> Result<()> {
        self.pending.push(i);
        if self.boot.report_each_step {
            self.flush()?;
        }
        Ok(())
    }

    /// Reports the steps taken so far (before every hand-over).
    fn flush(&mut self) -> Result<()> {
        if self.pending.is_empty() {
            return Ok(());
        }
        let steps = std::mem::take(&mut self.pending);
        send_msg(self.sock, &Msg::Done(steps))
    }

    fn walk(&mut self, mut i: usize) -> Result<()> {
        let steps = self.plan.steps();
        while let Some(st) = steps.get(i).filter(|s| s.phase == Phase::Create) {
            if st.actor == Actor::Runtime {
                self.flush()?;
                send_msg(self.sock, &Msg::Turn(i))?;
                match await_continue(self.sock)? {
                    Some((at, pid)) => {
                        i = at;
                        self.host_pid = pid;
                        continue;
                    }
                    None => return Err(Error::Init("the runtime went away".into())),
                }
            }
            match st.op {
                Op::Clone { .. } => return self.clone_stage(i),
                Op::IdMap { .. } => {
                    let peer = self
                        .peer
                        .ok_or_else(|| Error::Init("id maps without stage 0".into()))?;
                    self.flush()?;
                    send_msg(peer, &Msg::Maps(i))?;
                    match recv_msg(peer)? {
                        Some(Msg::Mapped(next)) => i = next,
                        _ => return Err(Error::Init("stage 0 did not write the id maps".into())),
                    }
                    // Become root of the new user namespace (nsexec does the same).
                    nix::unistd::setresgid(0.into(), 0.into(), 0.into())
                        .ctx(|| "setresgid(0) in the new user namespace".into())?;
                    nix::unistd::setresuid(0.into(), 0.into(), 0.into())
                        .ctx(|| "setresuid(0) in the new user namespace".into())?;
                    continue;
                }
                Op::FifoWait => return self.fifo_wait(i),
                _ => {
                    self.step(i)?;
                    self.done(i)?;
                }
            }
            i += 1;
        }
        Err(Error::Init("the plan ended before exec.fifo".into()))
    }

    /// `clone(CLONE_PARENT)`: stage 0 → stage 1, stage 1 → stage 2.
    fn clone_stage(&mut self, i: usize) -> Result<()> {
        self.done(i)?;
        self.flush()?;
        let first = self.peer.is_none();
        let (mine, theirs) = if first {
            let (a, b) = crate::lifecycle::socket_pair(nix::sys::socket::SockType::SeqPacket)?;
            (Some(a), Some(b))
        } else {
            (None, None)
        };
        let child_peer = theirs.as_ref().map(|t| t.as_raw_fd()).or(self.peer);
        let mut stack = vec![0u8; STACK];
        let sock = self.sock;
        let plan = self.plan;
        let boot = self.boot;
        let host_pid = self.host_pid;
        let cb = Box::new(move || {
            let mut w = Walker {
                plan,
                boot,
                sock,
                peer: if first { child_peer } else { None },
                host_pid,
                console: None,
                pending: Vec::new(),
            };
            if first {
                let _ = send_msg(sock, &Msg::Child(nix::unistd::getpid().as_raw()));
            }
            match w.walk(i + 1) {
                Ok(()) => 0,
                Err(e) => {
                    let _ = w.flush();
                    let _ = send_msg(sock, &Msg::Fail(e.to_string()));
                    1
                }
            }
        });
        // SAFETY: this process has a single thread, so the child (a copy of
        // it, not sharing memory: no CLONE_VM) cannot inherit a held lock; the
        // stack outlives the call in the child's copy of the address space.
        let child = unsafe {
            nix::sched::clone(
                cb,
                &mut stack,
                CloneFlags::CLONE_PARENT,
                Some(libc::SIGCHLD),
            )
        }
        .ctx(|| "clone(CLONE_PARENT)".into())?;
        if first {
            drop(theirs);
            let peer = mine.ok_or_else(|| Error::Init("no stage socket".into()))?;
            self.serve_stage1(child, peer.as_raw_fd())
        } else {
            send_msg(self.sock, &Msg::Pid(child.as_raw()))?;
            if let Some(p) = self.peer {
                let _ = send_msg(p, &Msg::Bye);
            }
            Ok(())
        }
    }

    /// Stage 0 after cloning stage 1: write its id maps when asked.
    fn serve_stage1(&mut self, child: nix::unistd::Pid, peer: RawFd) -> Result<()> {
        loop {
            match recv_msg(peer)? {
                Some(Msg::Maps(mut i)) => {
                    let steps = self.plan.steps();
                    while let Some(Op::IdMap { file, mappings }) = steps.get(i).map(|s| s.op) {
                        let name = match file {
                            IdMapFile::Uid => "uid_map",
                            IdMapFile::Gid => "gid_map",
                        };
                        let text: String = mappings
                            .iter()
                            .map(|m| format!("{} {} {}\n", m.container_id(), m.host_id(), m.size()))
                            .collect();
                        let path = format!("/proc/{}/{name}", child.as_raw());
                        std::fs::write(&path, text).ctx(|| format!("write {path}"))?;
                        self.done(i)?;
                        i += 1;
                    }
                    self.flush()?;
                    send_msg(peer, &Msg::Mapped(i))?;
                }
                Some(Msg::Bye) | None => return Ok(()),
                Some(other) => return Err(Error::Init(format!("unexpected {other:?}"))),
            }
        }
    }

    fn env(&self) -> MountEnv<'_> {
        MountEnv {
            rootfs: &self.boot.rootfs,
            cgroup_binds: &self.boot.cgroup_binds,
        }
    }

    fn step(&mut self, i: usize) -> Result<()> {
        let op = self.plan.steps()[i].op;
        let rootfs = self.boot.rootfs.clone();
        match op {
            Op::Enter(_) | Op::GoInit | Op::Sync(_) => Ok(()),
            Op::Nsexec(stage) => {
                let _ = nix::sys::prctl::set_name(
                    &std::ffi::CString::new(stage.process_name()).unwrap_or_default(),
                );
                Ok(())
            }
            Op::OomScoreAdj(n) => std::fs::write("/proc/self/oom_score_adj", n.to_string())
                .ctx(|| "write /proc/self/oom_score_adj".into()),
            Op::Setns { ns, path } => {
                let f = std::fs::File::open(path).ctx(|| format!("open {path}"))?;
                let flag = CloneFlags::from_bits_retain(
                    atlas_core::oci::sys::clone_flag(ns) as libc::c_int
                );
                nix::sched::setns(f, flag).ctx(|| format!("setns {path}"))
            }
            Op::Unshare { flags } => {
                nix::sched::unshare(CloneFlags::from_bits_retain(flags as libc::c_int)).ctx(|| {
                    format!(
                        "unshare {}",
                        atlas_core::oci::sys::clone_flags_str(flags, false)
                    )
                })
            }
            Op::Setsid => nix::unistd::setsid().map(|_| ()).ctx(|| "setsid".into()),
            Op::SessionKeyring => {
                session_keyring(&self.boot.id);
                Ok(())
            }
            Op::LoopbackUp => loopback_up(),
            Op::Mount(m) if m.role == MountRole::Console => {
                let (_, slave) = self
                    .console
                    .as_ref()
                    .ok_or_else(|| Error::Init("no console".into()))?;
                let slave = slave.clone();
                let target = Path::new("/dev/console");
                if !target.exists() {
                    std::fs::File::create(target).ctx(|| "create /dev/console".into())?;
                }
                nix::mount::mount(
                    Some(slave.as_path()),
                    target,
                    None::<&str>,
                    nix::mount::MsFlags::MS_BIND,
                    None::<&str>,
                )
                .ctx(|| "bind the console".into())
            }
            Op::Mount(m) => mounts::do_mount(&m, &self.env()),
            Op::Mknod {
                path,
                kind,
                major,
                minor,
                mode,
            } => mounts::mknod(&rootfs, path, kind, major, minor, mode),
            Op::PtmxSymlink => mounts::ptmx(&rootfs),
            Op::DevSymlinks => mounts::dev_symlinks(&rootfs),
            Op::Hook { kind, index, hook } => crate::hooks::run(
                kind,
                index,
                hook,
                &crate::hooks::state_json(
                    &self.boot.id,
                    kind.status(),
                    self.host_pid,
                    &self.boot.bundle,
                ),
            ),
            Op::PivotRoot => {
                nix::unistd::chdir(&rootfs).ctx(|| format!("chdir {}", rootfs.display()))?;
                nix::unistd::pivot_root(".", ".").ctx(|| "pivot_root".into())
            }
            Op::UnmountOldRoot => {
                nix::mount::umount2(".", nix::mount::MntFlags::MNT_DETACH)
                    .ctx(|| "unmount the old root".into())?;
                nix::unistd::chdir("/").ctx(|| "chdir /".into())
            }
            Op::Chroot => {
                nix::unistd::chdir(&rootfs).ctx(|| format!("chdir {}", rootfs.display()))?;
                nix::unistd::chroot(".").ctx(|| "chroot".into())?;
                nix::unistd::chdir("/").ctx(|| "chdir /".into())
            }
            Op::ConsoleOpen => {
                use nix::fcntl::OFlag;
                let master =
                    nix::pty::posix_openpt(OFlag::O_RDWR | OFlag::O_NOCTTY | OFlag::O_CLOEXEC)
                        .ctx(|| "open /dev/ptmx".into())?;
                nix::pty::grantpt(&master).ctx(|| "grantpt".into())?;
                nix::pty::unlockpt(&master).ctx(|| "unlockpt".into())?;
                let slave = nix::pty::ptsname_r(&master).ctx(|| "ptsname".into())?;
                let fd: OwnedFd = master.into();
                self.console = Some((fd, PathBuf::from(slave)));
                Ok(())
            }
            Op::ConsoleSend => {
                let sock = self.boot.console_fd.ok_or_else(|| {
                    Error::Init("process.terminal is set but there is no --console-socket".into())
                })?;
                let (master, _) = self
                    .console
                    .as_ref()
                    .ok_or_else(|| Error::Init("no console".into()))?;
                let fds = [master.as_raw_fd()];
                let name = b"/dev/ptmx";
                let iov = [std::io::IoSlice::new(name)];
                let cmsg = [nix::sys::socket::ControlMessage::ScmRights(&fds)];
                nix::sys::socket::sendmsg::<()>(sock, &iov, &cmsg, MsgFlags::empty(), None)
                    .ctx(|| "send the console to --console-socket".into())?;
                Ok(())
            }
            Op::Setctty => {
                let (_, slave) = self
                    .console
                    .take()
                    .ok_or_else(|| Error::Init("no console".into()))?;
                let f = std::fs::OpenOptions::new()
                    .read(true)
                    .write(true)
                    .open(&slave)
                    .ctx(|| format!("open {}", slave.display()))?;
                // SAFETY: TIOCSCTTY takes an int argument and the descriptor is open.
                let r = unsafe { libc::ioctl(f.as_raw_fd(), libc::TIOCSCTTY, 0) };
                if r < 0 {
                    return Err(Error::sys("ioctl(TIOCSCTTY)", nix::Error::last()));
                }
                for target in 0..3 {
                    // SAFETY: 0, 1 and 2 are this process's standard descriptors.
                    let mut t = unsafe { OwnedFd::from_raw_fd(target) };
                    nix::unistd::dup2(&f, &mut t).ctx(|| "dup2 the console".into())?;
                    std::mem::forget(t);
                }
                Ok(())
            }
            Op::Sethostname(h) => nix::unistd::sethostname(h).ctx(|| "sethostname".into()),
            Op::Setdomainname(d) => {
                // SAFETY: the pointer and length describe a live byte slice.
                let r = unsafe { libc::setdomainname(d.as_ptr().cast(), d.len()) };
                if r < 0 {
                    return Err(Error::sys("setdomainname", nix::Error::last()));
                }
                Ok(())
            }
            Op::AppArmor(profile) => {
                let enabled = std::fs::read_to_string("/sys/module/apparmor/parameters/enabled")
                    .map(|s| s.trim() == "Y")
                    .unwrap_or(false);
                if !enabled {
                    return Err(Error::Refused(format!(
                        "apparmor profile {profile} is set but AppArmor is not enabled on this host"
                    )));
                }
                let attr = if Path::new("/proc/self/attr/apparmor/exec").exists() {
                    "/proc/self/attr/apparmor/exec"
                } else {
                    "/proc/self/attr/exec"
                };
                std::fs::write(attr, format!("exec {profile}")).ctx(|| format!("write {attr}"))
            }
            Op::Sysctl { key, value } => {
                if key.contains("..")
                    || key.contains('/') && key.contains('.') && key.starts_with('/')
                {
                    return Err(Error::Unsafe(format!("invalid sysctl key {key}")));
                }
                let path = format!("/proc/sys/{}", key.replace('.', "/"));
                std::fs::write(&path, value).ctx(|| format!("write sysctl key {key}"))
            }
            Op::NoNewPrivs => {
                nix::sys::prctl::set_no_new_privs().ctx(|| "prctl(PR_SET_NO_NEW_PRIVS)".into())
            }
            Op::Seccomp(s) => crate::exec::seccomp(s),
            Op::Chdir(p) => nix::unistd::chdir(p).map_err(|e| {
                Error::Refused(format!(
                    "chdir to cwd ({}) set in config.json failed: {}",
                    atlas_core::command::error::go_quote(p),
                    e.desc().to_lowercase()
                ))
            }),
            Op::CapBounding(c) => crate::exec::cap_bounding(c),
            Op::KeepCaps(on) => {
                nix::sys::prctl::set_keepcaps(on).ctx(|| "prctl(PR_SET_KEEPCAPS)".into())
            }
            Op::Setgroups(g) => {
                let g: Vec<nix::unistd::Gid> =
                    g.iter().map(|x| nix::unistd::Gid::from_raw(*x)).collect();
                nix::unistd::setgroups(&g).ctx(|| "setgroups".into())
            }
            Op::Setgid(g) => {
                let g = nix::unistd::Gid::from_raw(g);
                nix::unistd::setresgid(g, g, g).ctx(|| "setgid".into())
            }
            Op::Setuid(u) => {
                let u = nix::unistd::Uid::from_raw(u);
                nix::unistd::setresuid(u, u, u).ctx(|| "setuid".into())
            }
            Op::Capset(c) => crate::exec::capset(c),
            Op::AmbientCaps(c) => {
                crate::exec::ambient(c);
                Ok(())
            }
            other => Err(Error::Init(format!("step {other:?} is not the init's"))),
        }
    }

    /// Checks the program exists, reports, and blocks until `start`; then the
    /// start phase's init steps, reported over the FIFO, and `execve`.
    fn fifo_wait(&mut self, i: usize) -> Result<()> {
        let spec = self.plan.spec();
        let process = spec
            .process()
            .as_ref()
            .ok_or_else(|| Error::Init("no process".into()))?;
        let args = process.args().clone().unwrap_or_default();
        let env = process.env().clone().unwrap_or_default();
        let path = crate::exec::look_path(&args, &env)?;
        self.done(i)?;
        self.flush()?;
        let fifo = format!("/proc/self/fd/{}", self.boot.fifo_fd);
        let mut w = std::fs::OpenOptions::new()
            .write(true)
            .custom_flags(libc::O_CLOEXEC)
            .open(&fifo)
            .ctx(|| "open exec.fifo".into())?;
        // The runtime's side is gone: nothing more to report on the socket.
        // SAFETY: both descriptors belong to this process and are not used again.
        unsafe {
            libc::close(self.sock);
            libc::close(self.boot.fifo_fd);
        }
        let steps = self.plan.steps();
        let mut j = i + 1;
        let result: Result<()> = (|| {
            while let Some(st) = steps.get(j) {
                if st.phase != Phase::Start {
                    break;
                }
                if st.actor == Actor::Init {
                    match st.op {
                        Op::FifoWrite => w.write_all(b"0").ctx(|| "write exec.fifo".into())?,
                        Op::Execve(_) => {
                            w.write_all(format!("done {j}\n").as_bytes())
                                .ctx(|| "write exec.fifo".into())?;
                            let err =
                                crate::exec::execve(&path, &args, &env, self.boot.preserve_fds);
                            return Err(err);
                        }
                        _ => {
                            self.step(j)?;
                            w.write_all(format!("done {j}\n").as_bytes())
                                .ctx(|| "write exec.fifo".into())?;
                        }
                    }
                }
                j += 1;
            }
            Err(Error::Init("the plan has no execve".into()))
        })();
        let e = result
            .err()
            .unwrap_or_else(|| Error::Init("exec failed".into()));
        let _ = w.write_all(format!("fail {}\n", e.to_string().replace('\n', " ")).as_bytes());
        Err(e)
    }
}

use std::os::unix::fs::OpenOptionsExt;

fn session_keyring(id: &str) {
    let Ok(name) = std::ffi::CString::new(format!("_ses.{id}")) else {
        return;
    };
    // SAFETY: KEYCTL_JOIN_SESSION_KEYRING takes a NUL-terminated name that lives across the call.
    // Errors are ignored as runc ignores them (no keyring support, or denied).
    unsafe {
        libc::syscall(libc::SYS_keyctl, 1 as libc::c_long, name.as_ptr());
    }
}

fn loopback_up() -> Result<()> {
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
