//! Terminals: a pty for `process.terminal`, its master sent over a console
//! socket (`--console-socket`) or proxied by the runtime itself in the
//! foreground, as runc's `tty.go` does (`run` or `exec -t` without a
//! console socket).

use crate::error::{Error, Result, SysContext};
use nix::fcntl::OFlag;
use nix::sys::socket::{ControlMessage, ControlMessageOwned, MsgFlags};
use std::os::fd::{AsFd, AsRawFd, FromRawFd, OwnedFd};

/// A pty: the master and the slave, both opened in the calling process's
/// mount namespace. A container has its own devpts instance, so its pty must
/// be opened by a process inside it (the init, or `exec`'s process after
/// `setns`): a host pty is no terminal there.
#[derive(Debug)]
pub struct Pty {
    /// `/dev/ptmx`.
    pub master: OwnedFd,
    /// `/dev/pts/N`.
    pub slave: OwnedFd,
}

impl Pty {
    /// Opens a new pty in this process's mount namespace.
    pub fn open() -> Result<Pty> {
        let master = nix::pty::posix_openpt(OFlag::O_RDWR | OFlag::O_NOCTTY | OFlag::O_CLOEXEC)
            .ctx(|| "open /dev/ptmx".into())?;
        nix::pty::grantpt(&master).ctx(|| "grantpt".into())?;
        nix::pty::unlockpt(&master).ctx(|| "unlockpt".into())?;
        let name = nix::pty::ptsname_r(&master).ctx(|| "ptsname".into())?;
        let slave = nix::fcntl::open(
            name.as_str(),
            OFlag::O_RDWR | OFlag::O_NOCTTY | OFlag::O_CLOEXEC,
            nix::sys::stat::Mode::empty(),
        )
        .ctx(|| format!("open {name}"))?;
        let master: OwnedFd = master.into();
        Ok(Pty { master, slave })
    }

    /// Sends the master to a console socket, as runc does (`utils.SendFile`:
    /// the name `/dev/ptmx` and the descriptor).
    pub fn send_master(&self, sock: &impl AsRawFd) -> Result<()> {
        send_master(sock.as_raw_fd(), &self.master)
    }

    /// Makes the slave this process's controlling terminal (the caller is a
    /// session leader) and its stdin, stdout and stderr.
    pub fn become_controlling_terminal(&self) -> Result<()> {
        become_controlling_terminal(&self.slave)
    }
}

/// Makes a pty slave this process's controlling terminal (the caller is a
/// session leader) and its stdin, stdout and stderr.
pub fn become_controlling_terminal(slave: &OwnedFd) -> Result<()> {
    // SAFETY: TIOCSCTTY takes an int argument and the descriptor is open.
    let r = unsafe { libc::ioctl(slave.as_raw_fd(), libc::TIOCSCTTY, 0) };
    if r < 0 {
        return Err(Error::sys("ioctl(TIOCSCTTY)", nix::Error::last()));
    }
    for target in 0..3 {
        // SAFETY: 0, 1 and 2 are this process's standard descriptors.
        let mut t = unsafe { OwnedFd::from_raw_fd(target) };
        let r = nix::unistd::dup2(slave, &mut t);
        std::mem::forget(t);
        r.ctx(|| "dup2 the console".into())?;
    }
    Ok(())
}

/// Sends a pty master over a unix socket (`SCM_RIGHTS`, named `/dev/ptmx`).
pub fn send_master(sock: i32, master: &OwnedFd) -> Result<()> {
    let fds = [master.as_raw_fd()];
    let iov = [std::io::IoSlice::new(b"/dev/ptmx")];
    let cmsg = [ControlMessage::ScmRights(&fds)];
    nix::sys::socket::sendmsg::<()>(sock, &iov, &cmsg, MsgFlags::empty(), None)
        .ctx(|| "send the console to the console socket".into())?;
    Ok(())
}

/// Receives a pty master sent with [`send_master`].
pub fn recv_master(sock: i32) -> Result<OwnedFd> {
    let mut name = [0u8; 256];
    let mut iov = [std::io::IoSliceMut::new(&mut name)];
    let mut space = nix::cmsg_space!([std::os::fd::RawFd; 1]);
    let msg = nix::sys::socket::recvmsg::<()>(
        sock,
        &mut iov,
        Some(&mut space),
        MsgFlags::MSG_CMSG_CLOEXEC,
    )
    .ctx(|| "receive the console".into())?;
    for c in msg.cmsgs().ctx(|| "receive the console".into())? {
        if let ControlMessageOwned::ScmRights(fds) = c {
            if let Some(fd) = fds.first() {
                // SAFETY: the kernel just installed this descriptor for us.
                return Ok(unsafe { OwnedFd::from_raw_fd(*fd) });
            }
        }
    }
    Err(Error::Init("the init process sent no console".into()))
}

/// Copies this process's stdin to the pty master and the master to stdout
/// until the container's side is closed (every process holding the slave is
/// gone), then reaps `pid` and returns its exit code. As in runc's `tty.go`
/// (the pty's `ONLCR` was cleared before the program ran: [`clear_onlcr`]),
/// the runtime's own terminal (the first of stderr, stdout and stdin that is
/// one: `initHostConsole`) is in raw mode meanwhile, so keys go to the
/// container as typed, and its window size is copied to the pty at the start
/// and on every `SIGWINCH` (runc's signal handler calls `tty.resize`).
pub fn proxy(master: &OwnedFd, pid: nix::unistd::Pid) -> i32 {
    use nix::poll::{poll, PollFd, PollFlags, PollTimeout};
    use nix::sys::signal::{SigSet, SigmaskHow, Signal};
    use nix::sys::signalfd::{SfdFlags, SignalFd};
    use nix::sys::termios;
    let stdin = std::io::stdin();
    let stdout = std::io::stdout();
    // SAFETY: 0, 1 and 2 stay open for the life of this process.
    let host = host_console().map(|fd| unsafe { std::os::fd::BorrowedFd::borrow_raw(fd) });
    let saved = host.and_then(|h| termios::tcgetattr(h).ok().map(|t| (h, t)));
    if let Some((h, t)) = &saved {
        let mut raw = t.clone();
        termios::cfmakeraw(&mut raw);
        let _ = termios::tcsetattr(h, termios::SetArg::TCSANOW, &raw);
    }
    // SIGWINCH read from a signalfd in the same poll as the data, so a
    // resize is applied before the bytes that follow it.
    let mut winch_set = SigSet::empty();
    winch_set.add(Signal::SIGWINCH);
    let (winch, old_mask) = match host {
        Some(h) => {
            // Blocked first: a resize from now on is not lost.
            let old = winch_set.thread_swap_mask(SigmaskHow::SIG_BLOCK).ok();
            let fd =
                SignalFd::with_flags(&winch_set, SfdFlags::SFD_CLOEXEC | SfdFlags::SFD_NONBLOCK)
                    .ok();
            resize(h, master);
            (fd, old)
        }
        None => (None, None),
    };
    let mut stdin_open = true;
    let mut buf = [0u8; 8192];
    loop {
        let mut fds = vec![PollFd::new(master.as_fd(), PollFlags::POLLIN)];
        let winch_at = winch.as_ref().map(|w| {
            fds.push(PollFd::new(w.as_fd(), PollFlags::POLLIN));
            fds.len() - 1
        });
        let stdin_at = stdin_open.then(|| {
            fds.push(PollFd::new(stdin.as_fd(), PollFlags::POLLIN));
            fds.len() - 1
        });
        match poll(&mut fds, PollTimeout::NONE) {
            Err(nix::Error::EINTR) => continue,
            Err(_) => break,
            Ok(_) => {}
        }
        let ev = |i: Option<usize>| {
            i.and_then(|i| fds.get(i))
                .and_then(|f| f.revents())
                .unwrap_or(PollFlags::empty())
        };
        let (master_ev, winch_ev, stdin_ev) = (ev(Some(0)), ev(winch_at), ev(stdin_at));
        if let (false, Some(w), Some(h)) = (winch_ev.is_empty(), &winch, host) {
            while let Ok(Some(_)) = w.read_signal() {}
            resize(h, master);
        }
        if !master_ev.is_empty() {
            match nix::unistd::read(master, &mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => {
                    let _ = write_all(stdout.as_fd(), &buf[..n]);
                }
            }
        }
        if !stdin_ev.is_empty() {
            match nix::unistd::read(stdin.as_fd(), &mut buf) {
                Ok(0) | Err(_) => stdin_open = false,
                Ok(n) => {
                    let _ = write_all(master.as_fd(), &buf[..n]);
                }
            }
        }
    }
    drop(winch);
    if let Some(old) = old_mask {
        let _ = old.thread_set_mask();
    }
    if let Some((h, t)) = &saved {
        let _ = termios::tcsetattr(h, termios::SetArg::TCSANOW, t);
    }
    crate::process::wait_exit(pid)
}

/// Clears the pty's `ONLCR` through its master (runc's `recvtty` calls
/// `console.ClearONLCR` on the master it proxies): the program's lines then
/// reach the runtime's stdout as written, `\n` and not `\r\n`. Done before
/// the program can write: by `create` when it receives the master (the
/// program waits for `start`), by `exec`'s process in the container before
/// it sends the master.
pub fn clear_onlcr(master: &OwnedFd) -> Result<()> {
    use nix::sys::termios;
    let mut t = termios::tcgetattr(master).ctx(|| "tcgetattr the console".into())?;
    t.output_flags.remove(termios::OutputFlags::ONLCR);
    termios::tcsetattr(master, termios::SetArg::TCSANOW, &t).ctx(|| "tcsetattr the console".into())
}

/// The runtime's own terminal: the first of stderr, stdout and stdin that is
/// one (runc's `initHostConsole`).
pub fn host_console() -> Option<std::os::fd::RawFd> {
    [2, 1, 0].into_iter().find(|fd| {
        // SAFETY: isatty only looks at the descriptor; a closed one is no tty.
        nix::unistd::isatty(unsafe { std::os::fd::BorrowedFd::borrow_raw(*fd) }).unwrap_or(false)
    })
}

/// A terminal's window size as `(rows, columns)`; `None` when it has none.
pub fn window_size(fd: std::os::fd::RawFd) -> Option<(u16, u16)> {
    let mut ws = libc::winsize {
        ws_row: 0,
        ws_col: 0,
        ws_xpixel: 0,
        ws_ypixel: 0,
    };
    // SAFETY: TIOCGWINSZ fills the winsize it is given.
    let r = unsafe { libc::ioctl(fd, libc::TIOCGWINSZ, &mut ws) };
    (r == 0 && ws.ws_row != 0 && ws.ws_col != 0).then_some((ws.ws_row, ws.ws_col))
}

/// Sets a pty's window size through its master (runc's `pty.Resize` with
/// `process.consoleSize`).
pub fn set_window_size(master: &OwnedFd, (rows, cols): (u16, u16)) -> Result<()> {
    let ws = libc::winsize {
        ws_row: rows,
        ws_col: cols,
        ws_xpixel: 0,
        ws_ypixel: 0,
    };
    // SAFETY: TIOCSWINSZ reads the winsize it is given; the descriptor is open.
    if unsafe { libc::ioctl(master.as_raw_fd(), libc::TIOCSWINSZ, &ws) } < 0 {
        return Err(Error::sys("ioctl(TIOCSWINSZ)", nix::Error::last()));
    }
    Ok(())
}

/// Copies the window size of the terminal `from` to the pty `master`
/// (containerd's `console.ResizeFrom`).
fn resize(from: std::os::fd::BorrowedFd<'_>, master: &OwnedFd) {
    if let Some(size) = window_size(from.as_raw_fd()) {
        let _ = set_window_size(master, size);
    }
}

fn write_all(fd: std::os::fd::BorrowedFd<'_>, mut b: &[u8]) -> nix::Result<()> {
    while !b.is_empty() {
        match nix::unistd::write(fd, b) {
            Ok(n) => b = &b[n..],
            Err(nix::Error::EINTR) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}
