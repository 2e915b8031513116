//! runc's nsexec stages for real: the init process structure around the
//! walker. Stage 0 (`atlas-runtime init`) clones stage 1 with
//! `CLONE_PARENT` and writes its id maps when asked; stage 1 joins and
//! unshares namespaces and clones stage 2 into the new PID namespace; stage 2
//! becomes the container. Each reports the steps it took to the runtime over
//! the init socket and hands it the turn; stage 2 then blocks on
//! `exec.fifo` and reports the start phase's steps there.

use super::step::{Setting, Steps};
use super::walk::{walk, write_id_maps, Stages};
use crate::channel::{recv_msg, send_msg, socket_pair, Bootstrap, Msg};
use crate::error::{Error, Result, SysContext};
use crate::syscall::linux::Linux;
use atlas_core::oci::Plan;
use nix::fcntl::OFlag;
use nix::sched::CloneFlags;
use std::io::Write;
use std::os::fd::{AsRawFd, RawFd};
use std::path::PathBuf;

/// Waits for the runtime's `Continue`, serving its requests meanwhile;
/// `None` when the runtime is gone.
pub fn await_continue(fd: RawFd) -> Result<Option<(usize, i32)>> {
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

/// `exec.fifo` opened for writing in the state directory `dir` (an
/// `O_PATH` descriptor: no `/proc` needed, whatever the root is now).
fn open_fifo(dir: RawFd, extra: OFlag) -> nix::Result<std::os::fd::OwnedFd> {
    // SAFETY: the runtime passed this descriptor open and it stays open
    // until the init closes it after the FIFO is open.
    let dir = unsafe { std::os::fd::BorrowedFd::borrow_raw(dir) };
    nix::fcntl::openat(
        dir,
        "exec.fifo",
        OFlag::O_WRONLY | OFlag::O_CLOEXEC | extra,
        nix::sys::stat::Mode::empty(),
    )
}

/// The stack of a cloned stage (it runs the rest of the setup, hooks included).
const STACK: usize = 8 << 20;

/// One stage of the init process.
pub struct Nsexec<'a, 's> {
    plan: &'a Plan<'s>,
    boot: &'a Bootstrap,
    /// The init socket (to the runtime).
    sock: RawFd,
    /// Stage 1 ↔ stage 0.
    peer: Option<RawFd>,
    /// Steps taken and not reported yet.
    pending: Vec<usize>,
    /// `exec.fifo`, open for writing once `start` opened it.
    fifo: Option<std::fs::File>,
}

impl<'a, 's> Nsexec<'a, 's> {
    /// Stage 0, on the runtime's socket.
    pub fn new(plan: &'a Plan<'s>, boot: &'a Bootstrap, sock: RawFd) -> Nsexec<'a, 's> {
        Nsexec {
            plan,
            boot,
            sock,
            peer: None,
            pending: Vec::new(),
            fifo: None,
        }
    }

    /// Reports the steps taken so far (before every hand-over).
    pub fn flush(&mut self) -> Result<()> {
        if self.pending.is_empty() {
            return Ok(());
        }
        let steps = std::mem::take(&mut self.pending);
        send_msg(self.sock, &Msg::Done(steps))
    }

    /// Stage 0 after cloning stage 1: write its id maps when asked.
    fn serve_stage1(&mut self, child: nix::unistd::Pid, peer: RawFd) -> Result<()> {
        loop {
            match recv_msg(peer)? {
                Some(Msg::Maps(i)) => {
                    let plan = self.plan;
                    let next =
                        write_id_maps(plan, &Linux, child.as_raw(), i, &mut |k| self.done(k))?;
                    self.flush()?;
                    send_msg(peer, &Msg::Mapped(next))?;
                }
                Some(Msg::Bye) | None => return Ok(()),
                Some(other) => return Err(Error::Init(format!("unexpected {other:?}"))),
            }
        }
    }

    fn fifo(&mut self) -> Result<&mut std::fs::File> {
        self.fifo
            .as_mut()
            .ok_or_else(|| Error::Init("no exec.fifo".into()))
    }
}

impl Stages for Nsexec<'_, '_> {
    fn done(&mut self, i: usize) -> Result<()> {
        self.pending.push(i);
        if self.boot.report_each_step {
            self.flush()?;
        }
        Ok(())
    }

    fn turn(&mut self, i: usize) -> Result<(usize, i32)> {
        self.flush()?;
        send_msg(self.sock, &Msg::Turn(i))?;
        match await_continue(self.sock)? {
            Some(next) => Ok(next),
            None => Err(Error::Init("the runtime went away".into())),
        }
    }

    /// `clone(CLONE_PARENT)`: stage 0 → stage 1, stage 1 → stage 2.
    fn clone_stage(&mut self, i: usize, host_pid: i32) -> Result<Option<usize>> {
        self.flush()?;
        let first = self.peer.is_none();
        let (mine, theirs) = if first {
            let (a, b) = socket_pair(nix::sys::socket::SockType::SeqPacket)?;
            (Some(a), Some(b))
        } else {
            (None, None)
        };
        let child_peer = theirs.as_ref().map(|t| t.as_raw_fd()).or(self.peer);
        let mut stack = vec![0u8; STACK];
        let (sock, plan, boot) = (self.sock, self.plan, self.boot);
        let cb = Box::new(move || {
            let mut stage = Nsexec::new(plan, boot, sock);
            stage.peer = if first { child_peer } else { None };
            let mut steps = Steps::new(plan, &Linux, Setting::of(boot), host_pid);
            if first {
                let _ = send_msg(sock, &Msg::Child(nix::unistd::getpid().as_raw()));
            }
            match walk(&mut steps, &mut stage, i + 1) {
                Ok(()) => 0,
                Err(e) => {
                    let _ = stage.flush();
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
            self.serve_stage1(child, peer.as_raw_fd())?;
        } else {
            send_msg(self.sock, &Msg::Pid(child.as_raw()))?;
            if let Some(p) = self.peer {
                let _ = send_msg(p, &Msg::Bye);
            }
        }
        Ok(None)
    }

    fn id_maps(&mut self, i: usize) -> Result<usize> {
        let peer = self
            .peer
            .ok_or_else(|| Error::Init("id maps without stage 0".into()))?;
        self.flush()?;
        send_msg(peer, &Msg::Maps(i))?;
        match recv_msg(peer)? {
            Some(Msg::Mapped(next)) => Ok(next),
            _ => Err(Error::Init("stage 0 did not write the id maps".into())),
        }
    }

    /// Opens `exec.fifo` for writing without blocking: with nobody reading
    /// yet the kernel answers `ENXIO`, which proves the open can be made
    /// (path, permissions, seccomp) before `create` is told the init waits.
    fn ready_to_wait(&mut self, _i: usize) -> Result<()> {
        match open_fifo(self.boot.state_dir_fd, OFlag::O_NONBLOCK) {
            Err(nix::Error::ENXIO) => Ok(()),
            Ok(fd) => {
                // A reader is there already: this is the FIFO, made blocking.
                nix::fcntl::fcntl(&fd, nix::fcntl::FcntlArg::F_SETFL(OFlag::O_WRONLY))
                    .ctx(|| "fcntl exec.fifo".into())?;
                self.fifo = Some(std::fs::File::from(fd));
                Ok(())
            }
            Err(e) => Err(Error::sys("open exec.fifo", e)),
        }
    }

    fn wait_for_start(&mut self, _i: usize) -> Result<()> {
        self.flush()?;
        if self.fifo.is_none() {
            let w = open_fifo(self.boot.state_dir_fd, OFlag::empty())
                .ctx(|| "open exec.fifo".into())?;
            self.fifo = Some(std::fs::File::from(w));
        }
        // The runtime's side is gone: nothing more to report on the socket.
        // SAFETY: both descriptors belong to this process and are not used again.
        unsafe {
            libc::close(self.sock);
            libc::close(self.boot.state_dir_fd);
        }
        Ok(())
    }

    fn release(&mut self) -> Result<()> {
        self.fifo()?
            .write_all(b"0")
            .ctx(|| "write exec.fifo".into())
    }

    fn started(&mut self, j: usize) -> Result<()> {
        self.fifo()?
            .write_all(format!("done {j}\n").as_bytes())
            .ctx(|| "write exec.fifo".into())
    }

    fn start_failed(&mut self, e: &Error) {
        if let Ok(w) = self.fifo() {
            let _ = w.write_all(format!("fail {}\n", e.to_string().replace('\n', " ")).as_bytes());
        }
    }
}
