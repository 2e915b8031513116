//! atlas-native: a Linux OCI runtime that executes atlas-core's [`Plan`]
//! for real and records the same Trace hops the simulator shows.
//!
//! `atlas-runtime` has runc's command line (the core's runc grammar parses
//! it), so containerd-shim-runc-v2 can drive it as its runc binary. Each
//! lifecycle verb has its own module; the container side of `create` (what
//! runc calls `runc init`) is [`init`].
//!
//! [`Plan`]: atlas_core::oci::Plan

// fork, clone(CLONE_PARENT), execveat, ioctl and prlimit have no safe
// wrappers: nix marks fork/clone unsafe because a multi-threaded parent could
// leave locks held in the child (this program has one thread), and a few
// calls (TIOCSCTTY, SIOCSIFFLAGS, prlimit, keyctl) only exist in libc. Every
// unsafe block is a single call with a comment saying why it is sound.
#![allow(unsafe_code)]

pub mod cgroup;
pub mod cli;
pub mod error;
pub mod exec;
pub mod hooks;
pub mod init;
pub mod lifecycle;
pub mod log;
pub mod mounts;
pub mod seccomp;
pub mod state;
pub mod trace;
pub mod tty;

pub use cli::main_with_args;
