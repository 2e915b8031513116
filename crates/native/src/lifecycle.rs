//! The runtime's side of each verb: it walks the Runtime steps of the plan
//! and hands the Init steps to the init process ([`crate::init`]).

use crate::cgroup::{Cgroup, Layout};
use crate::cli::Ctx;
use crate::error::{Error, Result, SysContext};
use crate::init::{recv_msg, send_bootstrap, send_msg, Bootstrap, Msg};
use crate::state::{process_start, Container, Saved, Status};
use crate::trace::Recorder;
use atlas_core::command::runc::{CreateOptions, RunOptions};
use atlas_core::oci::{
    cgroup_path_for, parse_config, Actor, HopContext, OciRuntime, Op, Phase, Plan,
};
use nix::unistd::Pid;
use std::io::{BufRead, Read};
use std::os::fd::{AsRawFd, OwnedFd};
use std::path::{Path, PathBuf};

/// A container `create` made.
#[derive(Debug)]
pub struct Created {
    /// The init pid.
    pub pid: i32,
    /// The locked state directory.
    pub container: Container,
    /// Its state.
    pub saved: Saved,
    /// The pty master, when the runtime proxies the terminal itself.
    pub console: Option<OwnedFd>,
}

fn abs(p: &Path) -> PathBuf {
    if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(p)
    }
}

/// Writes a pid file atomically, as runc does.
pub fn write_pid_file(path: &str, pid: i32) -> Result<()> {
    let p = abs(Path::new(path));
    let tmp = p.with_file_name(format!(
        ".{}.tmp",
        p.file_name().and_then(|n| n.to_str()).unwrap_or("pid")
    ));
    std::fs::write(&tmp, pid.to_string()).ctx(|| format!("write {}", tmp.display()))?;
    std::fs::rename(&tmp, &p).ctx(|| format!("rename {}", p.display()))
}

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

/// `spec.root.path` against the bundle.
fn rootfs_of(spec: &oci_spec::runtime::Spec, bundle: &Path) -> PathBuf {
    let r = spec
        .root()
        .as_ref()
        .map(|r| r.path().clone())
        .unwrap_or_else(|| PathBuf::from("rootfs"));
    if r.is_absolute() {
        r
    } else {
        bundle.join(r)
    }
}

/// A config this runtime can read: runtime-spec 1.x (newer minors add
/// fields, which are ignored; a new major is refused).
fn check_version(spec: &oci_spec::runtime::Spec) -> Result<()> {
    let v = spec.version();
    let major = v.split('.').next().unwrap_or("");
    if major != "1" {
        return Err(Error::Config(format!(
            "unsupported ociVersion {v:?}: atlas-runtime runs configs of runtime-spec 1.x"
        )));
    }
    Ok(())
}

fn hop_ctx(plan: &Plan<'_>, ctx: &Ctx, id: &str, bundle: &str, pid: i32) -> HopContext {
    let mut h = HopContext::new(plan, id, bundle);
    h.root = ctx.root.display().to_string();
    h.init_pid = u32::try_from(pid).unwrap_or(0);
    h
}

/// `--debug`: one line per plan step taken, who took it and what it was.
fn debug_step(ctx: &Ctx, plan: &Plan<'_>, i: usize) {
    if !ctx.log.debug {
        return;
    }
    if let Some(st) = plan.steps().get(i) {
        let who = match st.actor {
            Actor::Runtime => "runtime",
            Actor::Init => "init",
        };
        ctx.log
            .debug(&format!("{:?} step {i} ({who}): {:?}", st.phase, st.op));
    }
}

/// `create`: everything up to the init process waiting on `exec.fifo`.
pub fn create(ctx: &Ctx, o: &CreateOptions, detach: Option<bool>) -> Result<Created> {
    crate::exec::check_preserved(o.preserve_fds)?;
    let bundle_arg = o.bundle.clone().unwrap_or_else(|| ".".into());
    let bundle = abs(Path::new(&bundle_arg));
    if !bundle.is_dir() {
        return Err(Error::NoBundle(bundle_arg));
    }
    let text = match std::fs::read_to_string(bundle.join("config.json")) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(Error::NoConfig),
        Err(e) => return Err(Error::io("read config.json", e)),
    };
    let spec = parse_config(&text, OciRuntime::Runc).map_err(|e| Error::plan(&e))?;
    check_version(&spec)?;
    let layout = Layout::detect();
    let v1 = layout.version() == atlas_core::oci::CgroupVersion::V1;
    let plan = Plan::with_options(&spec, crate::init::plan_options(v1, o.no_pivot))
        .map_err(|e| Error::plan(&e))?;
    crate::state::validate_id(&o.id)?;
    let terminal = spec
        .process()
        .as_ref()
        .and_then(|p| p.terminal())
        .unwrap_or(false);
    let detach = detach.unwrap_or(true);
    if detach && terminal && o.console_socket.is_none() {
        return Err(Error::Refused(
            "cannot allocate tty if runc will detach without setting console socket".into(),
        ));
    }
    if (!detach || !terminal) && o.console_socket.is_some() {
        return Err(Error::Refused(
            "cannot use console socket if runc will not detach or allocate tty".into(),
        ));
    }
    // In the foreground without a console socket, the runtime receives the
    // pty master itself over a socket pair and proxies it (runc's `tty.go`).
    let (console_ours, console_theirs) = if terminal && o.console_socket.is_none() {
        let (a, b) = crate::lifecycle::socket_pair(nix::sys::socket::SockType::Stream)?;
        (Some(a), Some(b))
    } else {
        (None, None)
    };
    let rootfs = rootfs_of(&spec, &bundle);
    let cg_rel = cgroup_path_for(&spec, &o.id);
    let cg = layout.cgroup(&cg_rel);
    let mut run = CreateRun {
        ctx,
        plan: &plan,
        id: &o.id,
        bundle: &bundle,
        rootfs: &rootfs,
        text: &text,
        cg: &cg,
        container: None,
        saved: None,
        fifo_fd: None,
        memfd: None,
        sock: None,
        stage0: None,
        stage1: None,
        pid: 0,
        rec: Recorder::new(),
        console: o.console_socket.clone(),
        console_pair: console_theirs,
        no_pivot: o.no_pivot,
        preserve_fds: o.preserve_fds,
        v1,
    };
    match run.go() {
        Ok(()) => {}
        Err(e) => {
            run.abort();
            return Err(e);
        }
    }
    let hc = hop_ctx(&plan, ctx, &o.id, &bundle.display().to_string(), run.pid);
    let mut hc = hc;
    hc.cgroup_path = cg_rel;
    crate::trace::write(ctx, "create", &plan, &hc, &run.rec)?;
    if let Some(f) = &o.pid_file {
        write_pid_file(f, run.pid)?;
    }
    for p in [run.stage0, run.stage1].into_iter().flatten() {
        let _ = nix::sys::wait::waitpid(p, None);
    }
    let (Some(container), Some(saved)) = (run.container.take(), run.saved.take()) else {
        return Err(Error::Init("create ended without state".into()));
    };
    let console = match console_ours {
        Some(sock) => {
            let master = crate::tty::recv_master(sock.as_raw_fd())?;
            crate::tty::clear_onlcr(&master)?;
            // The size too before the program starts (it waits for `start`).
            if let Some(size) = crate::tty::host_console().and_then(crate::tty::window_size) {
                crate::tty::set_window_size(&master, size)?;
            }
            Some(master)
        }
        None => None,
    };
    Ok(Created {
        pid: run.pid,
        container,
        saved,
        console,
    })
}

struct CreateRun<'a, 's> {
    ctx: &'a Ctx,
    plan: &'a Plan<'s>,
    id: &'a str,
    bundle: &'a Path,
    rootfs: &'a Path,
    text: &'a str,
    cg: &'a Cgroup,
    container: Option<Container>,
    saved: Option<Saved>,
    fifo_fd: Option<OwnedFd>,
    memfd: Option<OwnedFd>,
    sock: Option<OwnedFd>,
    stage0: Option<Pid>,
    stage1: Option<Pid>,
    pid: i32,
    rec: Recorder,
    console: Option<String>,
    /// The init's end of the runtime's own console socket (foreground tty).
    console_pair: Option<OwnedFd>,
    no_pivot: bool,
    /// `--preserve-fds`.
    preserve_fds: u32,
    v1: bool,
}

impl CreateRun<'_, '_> {
    fn sock(&self) -> Result<i32> {
        self.sock
            .as_ref()
            .map(|s| s.as_raw_fd())
            .ok_or_else(|| Error::Init("no init process".into()))
    }

    fn go(&mut self) -> Result<()> {
        let steps = self.plan.steps();
        let mut i = 0;
        while let Some(st) = steps.get(i).filter(|s| s.phase == Phase::Create) {
            if st.actor == Actor::Init {
                if let Err(e) = send_msg(self.sock()?, &Msg::Continue(i, self.pid)) {
                    // The init may have failed a request and left: its reason first.
                    if let Ok(Some(Msg::Fail(m))) = recv_msg(self.sock()?) {
                        return Err(Error::Init(m));
                    }
                    return Err(e);
                }
                loop {
                    match recv_msg(self.sock()?)? {
                        Some(Msg::Done(ks)) => {
                            for k in ks {
                                self.rec.step(k);
                                debug_step(self.ctx, self.plan, k);
                                if matches!(steps.get(k).map(|s| s.op), Some(Op::FifoWait)) {
                                    return Ok(());
                                }
                            }
                        }
                        Some(Msg::Turn(j)) => {
                            // Stage 1 reports stage 2's pid while stage 2 is
                            // already running: wait for it before our steps
                            // (hooks and rlimits need it).
                            let clones = self
                                .rec
                                .steps
                                .iter()
                                .filter(|k| {
                                    matches!(steps.get(**k).map(|s| s.op), Some(Op::Clone { .. }))
                                })
                                .count();
                            while self.pid == 0 && clones >= 2 {
                                match recv_msg(self.sock()?)? {
                                    Some(Msg::Pid(p)) => self.pid = p,
                                    Some(Msg::Child(p)) => self.stage1 = Some(Pid::from_raw(p)),
                                    Some(Msg::Fail(m)) => return Err(Error::Init(m)),
                                    Some(other) => {
                                        return Err(Error::Init(format!("unexpected {other:?}")))
                                    }
                                    None => {
                                        return Err(Error::Init("the init process exited".into()))
                                    }
                                }
                            }
                            i = j;
                            break;
                        }
                        Some(Msg::Pid(p)) => self.pid = p,
                        Some(Msg::Child(p)) => self.stage1 = Some(Pid::from_raw(p)),
                        Some(Msg::Fail(m)) => {
                            return Err(
                                match m.strip_prefix("unable to start container process: ") {
                                    Some(rest) => Error::Init(rest.to_string()),
                                    None => Error::Init(m),
                                },
                            )
                        }
                        Some(other) => return Err(Error::Init(format!("unexpected {other:?}"))),
                        None => return Err(Error::Init("the init process exited".into())),
                    }
                }
                continue;
            }
            self.rec.step(i);
            debug_step(self.ctx, self.plan, i);
            self.runtime_step(i)?;
            i += 1;
        }
        Err(Error::Init("the plan ended before exec.fifo".into()))
    }

    fn save(&mut self) -> Result<()> {
        if let (Some(c), Some(s)) = (&self.container, &self.saved) {
            c.save(s)?;
        }
        Ok(())
    }

    fn runtime_step(&mut self, i: usize) -> Result<()> {
        let op = self.plan.steps()[i].op;
        match op {
            Op::LoadConfig => Ok(()),
            Op::StateDir => {
                let c = Container::create(&self.ctx.root, self.id)?;
                let own_pid_ns = self
                    .plan
                    .spec()
                    .linux()
                    .as_ref()
                    .and_then(|l| l.namespaces().as_ref())
                    .is_some_and(|n| {
                        n.iter().any(|n| {
                            n.typ() == oci_spec::runtime::LinuxNamespaceType::Pid
                                && n.path().is_none()
                        })
                    });
                self.saved = Some(Saved {
                    id: self.id.to_string(),
                    init_pid: 0,
                    init_start: 0,
                    bundle: self.bundle.display().to_string(),
                    rootfs: self.rootfs.display().to_string(),
                    created: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Nanos, true),
                    cgroups: self.cg.paths(),
                    freezer: self.cg.freezer(),
                    config: self.text.to_string(),
                    own_pid_ns,
                    no_pivot: self.no_pivot,
                    cgroup_v1: Some(self.v1),
                });
                self.container = Some(c);
                self.save()
            }
            Op::CreateExecFifo => {
                let c = self.container.as_ref().ok_or(Error::NotExist)?;
                let fifo = c.fifo_path();
                let old = nix::sys::stat::umask(nix::sys::stat::Mode::empty());
                let r = nix::unistd::mkfifo(&fifo, nix::sys::stat::Mode::from_bits_truncate(0o622));
                nix::sys::stat::umask(old);
                r.ctx(|| format!("mkfifo {}", fifo.display()))?;
                let fd = nix::fcntl::open(
                    &fifo,
                    nix::fcntl::OFlag::O_PATH | nix::fcntl::OFlag::O_CLOEXEC,
                    nix::sys::stat::Mode::empty(),
                )
                .ctx(|| "open exec.fifo".into())?;
                self.fifo_fd = Some(fd);
                Ok(())
            }
            Op::SealedSelfCopy => {
                self.memfd = Some(sealed_copy("atlas-runtime:[init]")?);
                Ok(())
            }
            Op::ExecInit { .. } => self.exec_init(),
            Op::CgroupCreate => self.cg.create(),
            Op::CgroupJoin => {
                let p = self
                    .stage0
                    .ok_or_else(|| Error::Init("no init process".into()))?;
                if self.cg.v2 {
                    return self.cg.join(p.as_raw());
                }
                // v1: the init moves itself (see `init::join_cgroups_v1`),
                // before it takes the next step, which the `Continue` that
                // follows asks for: no round trip (a failure comes back as
                // the init's `Fail`, which fails `create`).
                send_msg(self.sock()?, &Msg::Join(self.cg.paths()))?;
                self.rec.note(
                    i,
                    format!(
                        "atlas-runtime: the init process (pid {}) moved itself: it wrote 0 to `tasks` in each v1 hierarchy ({}), not the runtime its pid to `cgroup.procs` as runc does. Same result (it has one thread, and stages 1 and 2 are cloned after), without the kernel's global cgroup_threadgroup_rwsem, whose write lock waits for an RCU grace period.",
                        p.as_raw(),
                        self.cg
                            .dirs
                            .iter()
                            .map(|(c, _)| c.join(","))
                            .collect::<Vec<_>>()
                            .join(" ")
                    ),
                );
                Ok(())
            }
            Op::CgroupWrite { file, value } => self.cg.write(file, value),
            Op::DeviceFilter { .. } => {
                let rules = self
                    .plan
                    .spec()
                    .linux()
                    .as_ref()
                    .and_then(|l| l.resources().as_ref())
                    .and_then(|r| r.devices().clone())
                    .unwrap_or_default();
                self.cg.devices(&rules)
            }
            Op::Hook { kind, index, hook } => crate::hooks::run(
                kind,
                index,
                hook,
                &crate::hooks::state_json(
                    self.id,
                    kind.status(),
                    self.pid,
                    &self.bundle.display().to_string(),
                ),
            ),
            Op::Rlimit(r) => set_rlimit(self.pid, r),
            Op::SaveState => {
                let start = process_start(self.pid)
                    .ok_or_else(|| Error::Init("the init process is gone".into()))?;
                if let Some(s) = &mut self.saved {
                    s.init_pid = self.pid;
                    s.init_start = start;
                }
                self.save()
            }
            other => Err(Error::Init(format!("step {other:?} is not the runtime's"))),
        }
    }

    fn exec_init(&mut self) -> Result<()> {
        let memfd = self
            .memfd
            .take()
            .ok_or_else(|| Error::Init("no sealed copy".into()))?;
        let fifo = self
            .fifo_fd
            .as_ref()
            .map(|f| f.as_raw_fd())
            .ok_or_else(|| Error::Init("no exec.fifo".into()))?;
        let console = match &self.console {
            Some(path) => {
                let s = std::os::unix::net::UnixStream::connect(path)
                    .ctx(|| format!("connect to console socket {path}"))?;
                Some(OwnedFd::from(s))
            }
            None => self.console_pair.take(),
        };
        let (ours, theirs) = crate::lifecycle::socket_pair(nix::sys::socket::SockType::SeqPacket)?;
        let env = [std::ffi::CString::new(format!(
            "{}={}",
            crate::init::INIT_PIPE_ENV,
            theirs.as_raw_fd()
        ))
        .unwrap_or_default()];
        let argv = [
            std::ffi::CString::new("atlas-runtime").unwrap_or_default(),
            std::ffi::CString::new(crate::init::INIT_COMMAND).unwrap_or_default(),
        ];
        let inherit: Vec<i32> = [
            Some(theirs.as_raw_fd()),
            Some(fifo),
            console.as_ref().map(|c| c.as_raw_fd()),
        ]
        .into_iter()
        .flatten()
        .collect();
        // SAFETY: this process has one thread; the child only clears
        // close-on-exec flags and calls execveat (or _exit).
        match unsafe { nix::unistd::fork() }.ctx(|| "fork".into())? {
            nix::unistd::ForkResult::Child => {
                for fd in &inherit {
                    // SAFETY: the descriptors are open in this process.
                    let b = unsafe { std::os::fd::BorrowedFd::borrow_raw(*fd) };
                    let _ = nix::fcntl::fcntl(
                        b,
                        nix::fcntl::FcntlArg::F_SETFD(nix::fcntl::FdFlag::empty()),
                    );
                }
                let _ = nix::unistd::fexecve(&memfd, &argv, &env);
                // SAFETY: leave the forked copy without running destructors.
                unsafe { libc::_exit(127) }
            }
            nix::unistd::ForkResult::Parent { child } => {
                drop(theirs);
                self.stage0 = Some(child);
                self.sock = Some(ours);
                let boot = Bootstrap {
                    config: self.text.to_string(),
                    id: self.id.to_string(),
                    bundle: self.bundle.display().to_string(),
                    rootfs: self.rootfs.to_path_buf(),
                    cgroup_v1: self.v1,
                    no_pivot: self.no_pivot,
                    cgroup_binds: self
                        .cg
                        .dirs
                        .iter()
                        .map(|(names, d)| (names.join(","), d.clone()))
                        .collect(),
                    fifo_fd: fifo,
                    console_fd: console.as_ref().map(|c| c.as_raw_fd()),
                    report_each_step: self.rec.kills_at_a_step(),
                    preserve_fds: self.preserve_fds,
                };
                send_bootstrap(self.sock()?, &boot)
            }
        }
    }

    /// After a failed create: nothing may be left.
    fn abort(&mut self) {
        self.sock = None;
        // Nothing of ours exists before the state directory: the id (and so
        // the cgroup) may belong to another container.
        if self.container.is_none() {
            return;
        }
        if let Some(p) = self.stage0 {
            let _ = nix::sys::signal::kill(p, nix::sys::signal::Signal::SIGKILL);
        }
        if self.pid > 0 {
            let _ =
                nix::sys::signal::kill(Pid::from_raw(self.pid), nix::sys::signal::Signal::SIGKILL);
        }
        let _ = self.cg.destroy();
        for p in [
            self.stage0,
            self.stage1,
            (self.pid > 0).then(|| Pid::from_raw(self.pid)),
        ]
        .into_iter()
        .flatten()
        {
            let _ = nix::sys::wait::waitpid(p, None);
        }
        if let Some(c) = self.container.take() {
            let _ = c.remove();
        }
    }
}

/// A connected pair of Unix sockets, both close-on-exec: the channel between
/// the runtime, its init stages and `init-exec`, and the console hand-over.
pub(crate) fn socket_pair(kind: nix::sys::socket::SockType) -> Result<(OwnedFd, OwnedFd)> {
    nix::sys::socket::socketpair(
        nix::sys::socket::AddressFamily::Unix,
        kind,
        None,
        nix::sys::socket::SockFlag::SOCK_CLOEXEC,
    )
    .ctx(|| "socketpair".into())
}

/// runc's CVE-2019-5736 defence: the init process (and `exec`'s, see
/// [`crate::exec`]) runs from a sealed in-memory copy of this binary, so a
/// container cannot overwrite it. `name` shows in `/proc/PID/exe` as
/// `/memfd:NAME (deleted)`.
pub(crate) fn sealed_copy(name: &str) -> Result<OwnedFd> {
    use nix::sys::memfd::{memfd_create, MFdFlags};
    let fd = memfd_create(name, MFdFlags::MFD_CLOEXEC | MFdFlags::MFD_ALLOW_SEALING)
        .ctx(|| "memfd_create".into())?;
    let mut exe = std::fs::File::open("/proc/self/exe").ctx(|| "open /proc/self/exe".into())?;
    let mut out = std::fs::File::from(fd);
    std::io::copy(&mut exe, &mut out).ctx(|| "copy /proc/self/exe".into())?;
    let fd = OwnedFd::from(out);
    use nix::fcntl::SealFlag;
    let seal = || {
        nix::fcntl::fcntl(
            &fd,
            nix::fcntl::FcntlArg::F_ADD_SEALS(
                SealFlag::F_SEAL_SEAL
                    | SealFlag::F_SEAL_SHRINK
                    | SealFlag::F_SEAL_GROW
                    | SealFlag::F_SEAL_WRITE,
            ),
        )
    };
    // F_SEAL_WRITE fails with EBUSY while any page of the file has a reference
    // beyond its mappings. Right after the copy, the new pages can still sit in
    // another CPU's LRU batch (the kernel drains only the calling CPU's before
    // it waits ~150 ms): seen once in ~30 creates on a busy 2-core machine. The
    // batch drains as that CPU goes on, so the seal is tried again 10 times
    // (0.55 s of sleeps, plus the kernel's own wait each time: ~2 s at worst)
    // before the create fails.
    let mut tries = 0u64;
    loop {
        match seal() {
            Err(nix::errno::Errno::EBUSY) if tries < 10 => {
                tries += 1;
                std::thread::sleep(std::time::Duration::from_millis(10 * tries));
            }
            r => {
                r.ctx(|| "seal the copy".into())?;
                break;
            }
        }
    }
    Ok(fd)
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

/// `start`: releases the init process.
pub fn start(ctx: &Ctx, id: &str) -> Result<()> {
    let c = Container::open(&ctx.root, id)?;
    let mut s = c.load()?.ok_or(Error::NotExist)?;
    start_loaded(ctx, &c, &mut s)
}

fn plan_of(s: &Saved) -> Result<oci_spec::runtime::Spec> {
    parse_config(&s.config, OciRuntime::Runc).map_err(|e| Error::plan(&e))
}

fn start_loaded(ctx: &Ctx, c: &Container, s: &mut Saved) -> Result<()> {
    let status = c.status(s);
    status
        .oci()
        .start()
        .map_err(|r| Error::Refused(r.to_string()))?;
    let spec = plan_of(s)?;
    let plan = Plan::with_options(&spec, crate::init::plan_options(s.cgroup_v1(), s.no_pivot))
        .map_err(|e| Error::plan(&e))?;
    let mut rec = Recorder::new();
    let mut fifo: Option<std::io::BufReader<std::fs::File>> = None;
    let steps = plan.steps();
    let start_steps: Vec<usize> = (0..steps.len())
        .filter(|i| steps[*i].phase == Phase::Start)
        .collect();
    for i in start_steps {
        let st = &steps[i];
        match (st.actor, st.op) {
            (_, Op::LoadState) => {}
            (_, Op::FifoOpen) => {
                let f = std::fs::File::open(c.fifo_path()).ctx(|| "open exec.fifo".into())?;
                fifo = Some(std::io::BufReader::new(f));
            }
            (_, Op::FifoWrite) => {}
            (_, Op::FifoRead) => {
                let f = fifo.as_mut().ok_or(Error::NotExist)?;
                let mut b = [0u8; 1];
                let n = f.read(&mut b).ctx(|| "read exec.fifo".into())?;
                if n != 1 || b[0] != b'0' {
                    return Err(Error::Refused(
                        "cannot start a container that has stopped".into(),
                    ));
                }
            }
            (_, Op::FifoUnlink) => {
                // Without exec.fifo the container is running (see
                // `Container::status`): nothing to write to state.json.
                std::fs::remove_file(c.fifo_path()).ctx(|| "remove exec.fifo".into())?;
            }
            (Actor::Init, _) => {
                let f = fifo.as_mut().ok_or(Error::NotExist)?;
                let mut line = String::new();
                f.read_line(&mut line).ctx(|| "read exec.fifo".into())?;
                let line = line.trim_end();
                if let Some(msg) = line.strip_prefix("fail ") {
                    return Err(Error::Init(msg.to_string()));
                }
                if line != format!("done {i}") {
                    return Err(Error::Init(format!(
                        "the container process stopped before step {i} ({line:?})"
                    )));
                }
                if matches!(st.op, Op::Execve(_)) {
                    // EOF: execve closed the FIFO (close-on-exec); a line: it failed.
                    let mut rest = String::new();
                    let _ = f.read_to_string(&mut rest);
                    if let Some(msg) = rest.trim().strip_prefix("fail ") {
                        return Err(Error::Init(msg.to_string()));
                    }
                }
            }
            (_, Op::Hook { kind, index, hook }) => crate::hooks::run(
                kind,
                index,
                hook,
                &crate::hooks::state_json(&s.id, kind.status(), s.init_pid, &s.bundle),
            )?,
            (_, other) => return Err(Error::Init(format!("unexpected start step {other:?}"))),
        }
        rec.step(i);
        debug_step(ctx, &plan, i);
    }
    let mut hc = hop_ctx(&plan, ctx, &s.id, &s.bundle, s.init_pid);
    hc.cgroup_path = cgroup_path_for(&spec, &s.id);
    crate::trace::write(ctx, "start", &plan, &hc, &rec)
}

/// `run`: create and start; in the foreground, wait and delete.
pub fn run(ctx: &Ctx, o: &RunOptions) -> Result<i32> {
    let created = create(ctx, &o.create, Some(o.detach))?;
    let Created {
        pid,
        container,
        mut saved,
        console,
    } = created;
    if let Err(e) = start_loaded(ctx, &container, &mut saved) {
        drop(container);
        let _ = delete(ctx, &o.create.id, true);
        return Err(e);
    }
    if o.detach {
        return Ok(0);
    }
    drop(container);
    let code = match console {
        Some(master) => crate::tty::proxy(&master, Pid::from_raw(pid)),
        None => wait_exit(Pid::from_raw(pid)),
    };
    if !o.keep {
        delete(ctx, &o.create.id, true)?;
    }
    Ok(code)
}

/// `kill`.
pub fn kill(ctx: &Ctx, id: &str, signal: i64, all: bool) -> Result<()> {
    let c = Container::open(&ctx.root, id)?;
    let s = c.load()?.ok_or(Error::NotExist)?;
    let status = c.status(&s);
    status
        .oci()
        .kill()
        .map_err(|r| Error::Refused(r.to_string()))?;
    let sig = nix::sys::signal::Signal::try_from(i32::try_from(signal).unwrap_or(-1)).ok();
    let cg = Cgroup::from_dirs(&s.cgroups, s.freezer.is_none());
    if all || !s.own_pid_ns {
        for p in cg.procs() {
            let _ = nix::sys::signal::kill(Pid::from_raw(p), sig);
        }
        return Ok(());
    }
    nix::sys::signal::kill(Pid::from_raw(s.init_pid), sig).ctx(|| "kill".into())
}

/// `delete [--force]`.
pub fn delete(ctx: &Ctx, id: &str, force: bool) -> Result<()> {
    let c = match Container::open(&ctx.root, id) {
        Ok(c) => c,
        Err(Error::NotExist) if force => return Ok(()),
        Err(e) => return Err(e),
    };
    let Some(s) = c.load()? else {
        // A create that died before it wrote anything: only the directory.
        return c.remove();
    };
    let status = c.status(&s);
    if !force {
        status
            .oci()
            .delete(id)
            .map_err(|r| Error::Refused(r.to_string()))?;
    }
    let cg = Cgroup::from_dirs(&s.cgroups, s.freezer.is_none());
    let spec = plan_of(&s)?;
    let plan = Plan::with_options(&spec, crate::init::plan_options(s.cgroup_v1(), s.no_pivot))
        .map_err(|e| Error::plan(&e))?;
    let mut rec = Recorder::new();
    let steps = plan.steps();
    let mut poststop_err = None;
    for i in (0..steps.len()).filter(|i| steps[*i].phase == Phase::Delete) {
        match steps[i].op {
            Op::LoadState => {}
            Op::Kill { .. } => {
                if status != Status::Stopped {
                    let _ = nix::sys::signal::kill(
                        Pid::from_raw(s.init_pid),
                        nix::sys::signal::Signal::SIGKILL,
                    );
                }
            }
            Op::CgroupRemove => cg.destroy()?,
            Op::StateRemove => {
                std::fs::remove_dir_all(&c.dir).ctx(|| format!("remove {}", c.dir.display()))?
            }
            Op::Hook { kind, index, hook } => {
                if let Err(e) = crate::hooks::run(
                    kind,
                    index,
                    hook,
                    &crate::hooks::state_json(&s.id, "stopped", 0, &s.bundle),
                ) {
                    poststop_err = Some(e);
                }
            }
            other => return Err(Error::Init(format!("unexpected delete step {other:?}"))),
        }
        rec.step(i);
        debug_step(ctx, &plan, i);
    }
    // The pid may be a zombie child of ours (run in the foreground).
    if s.init_pid > 0 {
        let _ = nix::sys::wait::waitpid(
            Pid::from_raw(s.init_pid),
            Some(nix::sys::wait::WaitPidFlag::WNOHANG),
        );
    }
    let mut hc = hop_ctx(&plan, ctx, &s.id, &s.bundle, s.init_pid);
    hc.cgroup_path = cgroup_path_for(&spec, &s.id);
    hc.delete_kills_init = status != Status::Stopped;
    crate::trace::write(ctx, "delete", &plan, &hc, &rec)?;
    if let Some(e) = poststop_err {
        // runc only warns about a failed poststop hook.
        ctx.log.fatal(&format!("warning: {e}"));
    }
    Ok(())
}

/// `ps`: the container's processes (`-f json`: their pids).
pub fn ps(ctx: &Ctx, id: &str, format: Option<&str>) -> Result<i32> {
    let c = Container::open(&ctx.root, id)?;
    let s = c.load()?.ok_or(Error::NotExist)?;
    let cg = Cgroup::from_dirs(&s.cgroups, s.freezer.is_none());
    let pids = cg.procs();
    match format.unwrap_or("table") {
        "json" => {
            println!("{}", serde_json::to_string(&pids).unwrap_or_default());
        }
        "table" => {
            let out = std::process::Command::new("ps")
                .arg("-ef")
                .output()
                .ctx(|| "run ps -ef".into())?;
            let text = String::from_utf8_lossy(&out.stdout);
            let mut lines = text.lines();
            if let Some(h) = lines.next() {
                println!("{h}");
            }
            for l in lines {
                let pid: Option<i32> = l.split_whitespace().nth(1).and_then(|p| p.parse().ok());
                if pid.is_some_and(|p| pids.contains(&p)) {
                    println!("{l}");
                }
            }
        }
        other => return Err(Error::Refused(format!("invalid format option: {other}"))),
    }
    Ok(0)
}

/// `pause` (`true`) and `resume` (`false`).
pub fn pause(ctx: &Ctx, id: &str, frozen: bool) -> Result<()> {
    let c = Container::open(&ctx.root, id)?;
    let s = c.load()?.ok_or(Error::NotExist)?;
    let status = c.status(&s).oci();
    if frozen {
        status.pause().map_err(|r| Error::Refused(r.to_string()))?;
    } else {
        status.resume().map_err(|r| Error::Refused(r.to_string()))?;
    }
    Cgroup::from_dirs(&s.cgroups, s.freezer.is_none()).freeze(frozen)
}
