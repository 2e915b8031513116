//! `create`: the create phase up to the init process waiting on
//! `exec.fifo`. The runtime takes its own steps (state directory, FIFO,
//! sealed copy, cgroup, hooks, rlimits, state) and starts the init process
//! for the others, taking the turn back whenever the next step is its own.

use super::{abs, write_pid_file};
use crate::cgroup::{Cgroup, Layout};
use crate::channel::{
    init_failure, plan_options, recv_msg, send_bootstrap, send_msg, socket_pair, Bootstrap, Msg,
    INIT_COMMAND, INIT_PIPE_ENV,
};
use crate::ctx::Ctx;
use crate::error::{Error, Result, SysContext};
use crate::state::{process_start, Container, Saved};
use crate::trace::Recorder;
use atlas_core::command::runc::CreateOptions;
use atlas_core::oci::{cgroup_path_for, parse_config, Actor, OciRuntime, Op, Phase, Plan};
use nix::unistd::Pid;
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

/// `create`: everything up to the init process waiting on `exec.fifo`.
pub fn create(ctx: &Ctx, o: &CreateOptions, detach: Option<bool>) -> Result<Created> {
    crate::process::check_preserved(o.preserve_fds)?;
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
    let plan =
        Plan::with_options(&spec, plan_options(v1, o.no_pivot)).map_err(|e| Error::plan(&e))?;
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
        let (a, b) = socket_pair(nix::sys::socket::SockType::Stream)?;
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
        state_dir_fd: None,
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
    let hc = ctx.hop_ctx(&plan, &o.id, &bundle.display().to_string(), run.pid);
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
    /// `O_PATH` of the state directory, for the init to open `exec.fifo` in.
    state_dir_fd: Option<OwnedFd>,
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
                                self.ctx.debug_step(self.plan, k);
                                if matches!(steps.get(k).map(|s| s.op), Some(Op::FifoWait)) {
                                    return self.init_waits();
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
                        Some(Msg::Fail(m)) => return Err(init_failure(m)),
                        Some(other) => return Err(Error::Init(format!("unexpected {other:?}"))),
                        None => return Err(Error::Init("the init process exited".into())),
                    }
                }
                continue;
            }
            self.rec.step(i);
            self.ctx.debug_step(self.plan, i);
            self.runtime_step(i)?;
            i += 1;
        }
        Err(Error::Init("the plan ended before exec.fifo".into()))
    }

    /// After the init's last report: it must still be there, waiting on
    /// `exec.fifo` (a `create` that returns 0 promises a `created` container).
    fn init_waits(&mut self) -> Result<()> {
        if process_start(self.pid).is_some() {
            return Ok(());
        }
        Err(Error::Init(
            "the container's init process exited before start".into(),
        ))
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
                // The init opens the FIFO in it (see `Bootstrap::state_dir_fd`).
                let fd = nix::fcntl::open(
                    &c.dir,
                    nix::fcntl::OFlag::O_PATH
                        | nix::fcntl::OFlag::O_DIRECTORY
                        | nix::fcntl::OFlag::O_CLOEXEC,
                    nix::sys::stat::Mode::empty(),
                )
                .ctx(|| format!("open {}", c.dir.display()))?;
                self.state_dir_fd = Some(fd);
                Ok(())
            }
            Op::SealedSelfCopy => {
                self.memfd = Some(crate::sealed::sealed_copy("atlas-runtime:[init]")?);
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
                    atlas_core::msg!(
                        "oci-native-cgroup-v1-join",
                        pid = p.as_raw(),
                        hierarchies = self
                            .cg
                            .dirs
                            .iter()
                            .map(|(c, _)| c.join(","))
                            .collect::<Vec<_>>()
                            .join(" ")
                    ),
                );
                Ok(())
            }
            Op::CgroupWrite { file, value } => self.cg.write_in_create(file, value),
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
                    crate::hooks::annotations(self.plan.spec()),
                ),
            ),
            Op::Rlimit(r) => crate::process::set_rlimit(self.pid, r),
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
        let state_dir = self
            .state_dir_fd
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
        let (ours, theirs) = socket_pair(nix::sys::socket::SockType::SeqPacket)?;
        let env = [
            std::ffi::CString::new(format!("{}={}", INIT_PIPE_ENV, theirs.as_raw_fd()))
                .unwrap_or_default(),
        ];
        let argv = [
            std::ffi::CString::new("atlas-runtime").unwrap_or_default(),
            std::ffi::CString::new(INIT_COMMAND).unwrap_or_default(),
        ];
        let inherit: Vec<i32> = [
            Some(theirs.as_raw_fd()),
            Some(state_dir),
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
                        // runc binds each hierarchy at its mount point's
                        // name: `name=systemd` at `systemd`.
                        .map(|(names, d)| {
                            let names: Vec<&str> = names
                                .iter()
                                .map(|n| n.strip_prefix("name=").unwrap_or(n))
                                .collect();
                            (names.join(","), d.clone())
                        })
                        .collect(),
                    state_dir_fd: state_dir,
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
