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
/// gone), then reaps `pid` and returns its exit code. The runtime's own
/// terminal, if stdin is one, is in raw mode meanwhile (keys go to the
/// container as typed) and gets its size copied to the pty.
pub fn proxy(master: &OwnedFd, pid: nix::unistd::Pid) -> i32 {
    use nix::poll::{poll, PollFd, PollFlags, PollTimeout};
    use nix::sys::termios;
    let stdin = std::io::stdin();
    let saved = termios::tcgetattr(stdin.as_fd()).ok();
    if let Some(t) = &saved {
        let mut raw = t.clone();
        termios::cfmakeraw(&mut raw);
        let _ = termios::tcsetattr(stdin.as_fd(), termios::SetArg::TCSANOW, &raw);
        let mut ws: libc::winsize = libc::winsize {
            ws_row: 0,
            ws_col: 0,
            ws_xpixel: 0,
            ws_ypixel: 0,
        };
        // SAFETY: TIOCGWINSZ fills the winsize; TIOCSWINSZ reads it.
        unsafe {
            if libc::ioctl(0, libc::TIOCGWINSZ, &mut ws) == 0 {
                libc::ioctl(master.as_raw_fd(), libc::TIOCSWINSZ, &ws);
            }
        }
    }
    let mut stdin_open = true;
    let mut buf = [0u8; 8192];
    loop {
        let mut fds = vec![PollFd::new(master.as_fd(), PollFlags::POLLIN)];
        if stdin_open {
            fds.push(PollFd::new(stdin.as_fd(), PollFlags::POLLIN));
        }
        match poll(&mut fds, PollTimeout::NONE) {
            Err(nix::Error::EINTR) => continue,
            Err(_) => break,
            Ok(_) => {}
        }
        let master_ev = fds[0].revents().unwrap_or(PollFlags::empty());
        let stdin_ev = fds
            .get(1)
            .and_then(|f| f.revents())
            .unwrap_or(PollFlags::empty());
        if !master_ev.is_empty() {
            match nix::unistd::read(master, &mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => {
                    let _ = write_all(std::io::stdout().as_fd(), &buf[..n]);
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
    if let Some(t) = &saved {
        let _ = termios::tcsetattr(stdin.as_fd(), termios::SetArg::TCSANOW, t);
    }
    crate::lifecycle::wait_exit(pid)
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
