//! runc's nsexec stages for real: the init process structure around the
//! walker. Stage 0 (`atlas-runtime init`) clones stage 1 with
//! `CLONE_PARENT` and writes its id maps when asked; stage 1 joins and
//! unshares namespaces and clones stage 2 into the new PID namespace; stage 2
//! becomes the container. Each reports the steps it took to the runtime over
//! the init socket and hands it the turn; stage 2 then blocks on
//! `exec.fifo` and reports the start phase's steps there.

use super::step::Steps;
use super::walk::{walk, write_id_maps, Stages};
use crate::channel::{recv_msg, send_msg, socket_pair, Bootstrap, Msg};
use crate::error::{Error, Result, SysContext};
use crate::syscall::Linux;
use atlas_core::oci::Plan;
use nix::sched::CloneFlags;
use std::io::Write;
use std::os::fd::{AsRawFd, RawFd};
use std::os::unix::fs::OpenOptionsExt;

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
        match super::await_continue(self.sock)? {
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
            let mut steps = Steps::new(plan, &Linux, super::setting(boot), host_pid);
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

    fn wait_for_start(&mut self, _i: usize) -> Result<()> {
        self.flush()?;
        let fifo = format!("/proc/self/fd/{}", self.boot.fifo_fd);
        let w = std::fs::OpenOptions::new()
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
        self.fifo = Some(w);
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
