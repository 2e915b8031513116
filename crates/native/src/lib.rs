//! atlas-native: a Linux OCI runtime that executes atlas-core's [`Plan`]
//! for real and records the same Trace hops the simulator shows.
//!
//! `atlas-runtime` has runc's command line (the core's runc grammar parses
//! it, [`cli`]), so containerd-shim-runc-v2 can drive it as its runc binary.
//! Each verb has its own module under [`verb`], and gets the global options
//! as a [`ctx::Ctx`]. The container side of `create` (what runc calls `runc
//! init`) is [`init`]; the two sides speak the protocol of [`channel`] and
//! never import each other. The init walker makes its system calls through
//! the [`syscall::Syscall`] trait, so that unit tests can drive it with a
//! recording fake. `exec`'s container side is [`setns_init`].
//!
//! Modules import each other without cycles: `cli` → `verb` → the models
//! (`channel`, `sealed`, `process`, `state`, `cgroup`, `trace`, `tty`,
//! `hooks`, `setns_init`) → `error`; `init` → `channel`, `syscall`,
//! `mounts`, `capabilities`, `process`, `hooks`.
//!
//! [`Plan`]: atlas_core::oci::Plan

// fork, clone(CLONE_PARENT), execveat, ioctl and prlimit have no safe
// wrappers: nix marks fork/clone unsafe because a multi-threaded parent could
// leave locks held in the child (this program has one thread), and a few
// calls (TIOCSCTTY, SIOCSIFFLAGS, prlimit, keyctl) only exist in libc. Every
// unsafe block is a single call with a comment saying why it is sound.
#![allow(unsafe_code)]

pub mod capabilities;
pub mod cgroup;
pub mod channel;
pub mod cli;
pub mod ctx;
pub mod devices_bpf;
pub mod error;
pub mod hooks;
pub mod init;
pub mod log;
pub mod mounts;
pub mod process;
pub mod sealed;
pub mod seccomp;
pub mod setns_init;
pub mod state;
pub mod syscall;
pub mod trace;
pub mod tty;
pub mod verb;

pub use cli::main_with_args;
