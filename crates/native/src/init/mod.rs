//! The container side of `create` (runc's `runc init`): a sealed copy of
//! this binary, started as `atlas-runtime init`, walks the Init steps of the
//! same [`Plan`] the runtime walks, in three stages as runc's nsexec
//! (stage 0 writes the id maps; stage 1 joins and unshares namespaces; stage
//! 2, cloned with `CLONE_PARENT` into the new PID namespace, sets up the
//! rootfs and becomes the container). Each step it takes is reported to the
//! runtime over the [`crate::channel`], and the runtime takes its own steps
//! when the init hands it the turn.
//!
//! Files: `walk` (the order: which step comes next and who takes it),
//! `step` (one step's system calls, through [`crate::syscall::Syscall`]),
//! `nsexec` (the stages, their sockets and `exec.fifo`).
//!
//! [`Plan`]: atlas_core::oci::Plan

pub mod nsexec;
pub mod step;
pub mod walk;

#[cfg(test)]
mod tests;

use crate::channel::{recv_bootstrap, send_msg, Msg};
use crate::error::{Error, Result};
use crate::syscall::linux::Linux;
use atlas_core::oci::{parse_config, OciRuntime, Plan};
use std::os::fd::RawFd;

pub use crate::channel::{plan_options, INIT_COMMAND, INIT_PIPE_ENV};
pub use nsexec::join_cgroups_v1;

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

fn init(fd: RawFd) -> Result<()> {
    crate::process::set_cloexec(fd, true);
    let Some(boot) = recv_bootstrap(fd)? else {
        return Ok(());
    };
    crate::process::set_cloexec(boot.state_dir_fd, true);
    if let Some(c) = boot.console_fd {
        crate::process::set_cloexec(c, true);
    }
    let spec = parse_config(&boot.config, OciRuntime::Runc).map_err(|e| Error::plan(&e))?;
    let plan = Plan::with_options(&spec, plan_options(boot.cgroup_v1, boot.no_pivot))
        .map_err(|e| Error::plan(&e))?;
    let Some((at, pid)) = nsexec::await_continue(fd)? else {
        return Ok(());
    };
    let mut stage = nsexec::Nsexec::new(&plan, &boot, fd);
    let mut steps = step::Steps::new(&plan, &Linux, step::Setting::of(&boot), pid);
    let r = walk::walk(&mut steps, &mut stage, at);
    let _ = stage.flush();
    r
}
