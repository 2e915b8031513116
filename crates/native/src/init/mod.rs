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

mod nsexec;
pub mod step;
pub mod walk;

#[cfg(test)]
mod tests;

use crate::channel::{recv_bootstrap, recv_msg, send_msg, Bootstrap, Msg};
use crate::error::{Error, Result, SysContext};
use crate::syscall::Linux;
use atlas_core::oci::{parse_config, OciRuntime, Plan};
use std::os::fd::RawFd;
use std::path::PathBuf;

pub use crate::channel::{plan_options, INIT_COMMAND, INIT_PIPE_ENV};

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

/// Waits for the runtime's `Continue`, serving its requests meanwhile;
/// `None` when the runtime is gone.
fn await_continue(fd: RawFd) -> Result<Option<(usize, i32)>> {
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

/// What the steps need from the bootstrap.
fn setting(boot: &Bootstrap) -> step::Setting<'_> {
    step::Setting {
        id: &boot.id,
        bundle: &boot.bundle,
        rootfs: &boot.rootfs,
        cgroup_binds: &boot.cgroup_binds,
        console_fd: boot.console_fd,
        preserve_fds: boot.preserve_fds,
    }
}

fn init(fd: RawFd) -> Result<()> {
    crate::process::set_cloexec(fd, true);
    let Some(boot) = recv_bootstrap(fd)? else {
        return Ok(());
    };
    crate::process::set_cloexec(boot.fifo_fd, true);
    if let Some(c) = boot.console_fd {
        crate::process::set_cloexec(c, true);
    }
    let spec = parse_config(&boot.config, OciRuntime::Runc).map_err(|e| Error::plan(&e))?;
    let plan = Plan::with_options(&spec, plan_options(boot.cgroup_v1, boot.no_pivot))
        .map_err(|e| Error::plan(&e))?;
    let Some((at, pid)) = await_continue(fd)? else {
        return Ok(());
    };
    let mut stage = nsexec::Nsexec::new(&plan, &boot, fd);
    let mut steps = step::Steps::new(&plan, &Linux, setting(&boot), pid);
    let r = walk::walk(&mut steps, &mut stage, at);
    let _ = stage.flush();
    r
}
