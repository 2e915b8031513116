//! The runtime ↔ init protocol: how `create` starts `atlas-runtime init`
//! (the hidden subcommand and the variable naming its socket), the
//! [`Bootstrap`] it sends first, the [`Msg`]s both sides exchange over a
//! `SOCK_SEQPACKET` pair afterwards, and the plan options both sides plan
//! under. Both the runtime's verbs and the init process use this module; they
//! never import each other.

use crate::error::{Error, Result, SysContext};
use atlas_core::oci::{CgroupVersion, OciRuntime, PlanOptions};
use nix::sys::socket::{recv, send, MsgFlags};
use serde::{Deserialize, Serialize};
use std::os::fd::{OwnedFd, RawFd};
use std::path::PathBuf;

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
    /// `O_PATH` descriptor of the state directory `<root>/<id>`: the init
    /// opens `exec.fifo` in it with `openat`, which needs no `/proc` (a
    /// container without a mount namespace has none after `chroot`).
    pub state_dir_fd: RawFd,
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
    /// `init::join_cgroups_v1`) before the next step.
    Join(Vec<PathBuf>),
}

/// A connected pair of Unix sockets, both close-on-exec: the channel between
/// the runtime, its init stages and `init-exec`, and the console hand-over.
pub fn socket_pair(kind: nix::sys::socket::SockType) -> Result<(OwnedFd, OwnedFd)> {
    nix::sys::socket::socketpair(
        nix::sys::socket::AddressFamily::Unix,
        kind,
        None,
        nix::sys::socket::SockFlag::SOCK_CLOEXEC,
    )
    .ctx(|| "socketpair".into())
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

/// The runtime's error for the init's [`Msg::Fail`] (the init's own
/// errors already say "unable to start container process", which the
/// runtime's [`Error::Init`] adds again).
pub fn init_failure(m: String) -> Error {
    match m.strip_prefix("unable to start container process: ") {
        Some(rest) => Error::Init(rest.to_string()),
        None => Error::Init(m),
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

/// Receives the [`Bootstrap`] [`send_bootstrap`] sent; `None` when the
/// runtime went away first.
pub fn recv_bootstrap(fd: RawFd) -> Result<Option<Bootstrap>> {
    let mut text = String::new();
    loop {
        match recv_msg(fd)? {
            Some(Msg::Chunk(c)) if c.is_empty() => break,
            Some(Msg::Chunk(c)) => text.push_str(&c),
            Some(other) => return Err(Error::Init(format!("unexpected {other:?}"))),
            None => return Ok(None),
        }
    }
    serde_json::from_str(&text)
        .map(Some)
        .map_err(|e| Error::Init(e.to_string()))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bootstrap_crosses_in_chunks() {
        let (a, b) = socket_pair(nix::sys::socket::SockType::SeqPacket).expect("pair");
        use std::os::fd::AsRawFd;
        let boot = Bootstrap {
            config: "é".repeat(20_000),
            id: "c".into(),
            bundle: "/b".into(),
            rootfs: "/b/rootfs".into(),
            cgroup_v1: false,
            no_pivot: false,
            cgroup_binds: Vec::new(),
            state_dir_fd: 5,
            console_fd: None,
            report_each_step: false,
            preserve_fds: 0,
        };
        let t = std::thread::spawn(move || {
            send_bootstrap(a.as_raw_fd(), &boot).expect("send");
            boot
        });
        let got = recv_bootstrap(b.as_raw_fd()).expect("recv").expect("some");
        let sent = t.join().expect("sender");
        assert_eq!(got.config, sent.config);
        assert_eq!(got.rootfs, sent.rootfs);
    }
}
