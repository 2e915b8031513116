//! `kill [--all] ID [SIGNAL]`: the init process, or every process of the
//! container's cgroup.

use crate::cgroup::Cgroup;
use crate::ctx::Ctx;
use crate::error::{Error, Result, SysContext};
use crate::state::Container;
use nix::unistd::Pid;

/// `kill` with the signal as parsed (`None` or an error: not a signal;
/// `raw` is what was typed).
pub fn kill_parsed<E>(
    ctx: &Ctx,
    id: &str,
    signal: Option<std::result::Result<i64, E>>,
    raw: Option<&str>,
    all: bool,
) -> Result<()> {
    match signal {
        Some(Ok(n)) => kill(ctx, id, n, all),
        Some(Err(_)) | None => {
            // runc checks the container before the signal.
            let c = Container::open(&ctx.root, id)?;
            drop(c);
            Err(Error::UnknownSignal(raw.unwrap_or_default().to_string()))
        }
    }
}

/// `kill`.
pub fn kill(ctx: &Ctx, id: &str, signal: i64, all: bool) -> Result<()> {
    let c = Container::open(&ctx.root, id)?;
    let s = c.load()?.ok_or(Error::NotExist)?;
    let status = c.status(&s);
    status
        .oci()
        .kill()
        .map_err(|r| Error::Refused(r.to_string()))?;
    let sig = nix::sys::signal::Signal::try_from(i32::try_from(signal).unwrap_or(-1)).ok();
    let cg = Cgroup::from_dirs(&s.cgroups, s.freezer.is_none());
    if all || !s.own_pid_ns {
        for p in cg.procs() {
            let _ = nix::sys::signal::kill(Pid::from_raw(p), sig);
        }
        return Ok(());
    }
    nix::sys::signal::kill(Pid::from_raw(s.init_pid), sig).ctx(|| "kill".into())
}
