//! `pause` and `resume`: the cgroup freezer.

use crate::cgroup::Cgroup;
use crate::ctx::Ctx;
use crate::error::{Error, Result};
use crate::state::Container;

/// `pause` (`true`) and `resume` (`false`).
pub fn pause(ctx: &Ctx, id: &str, frozen: bool) -> Result<()> {
    let c = Container::open(&ctx.root, id)?;
    let s = c.load()?.ok_or(Error::NotExist)?;
    let status = c.status(&s).oci();
    if frozen {
        status.pause().map_err(|r| Error::Refused(r.to_string()))?;
    } else {
        status.resume().map_err(|r| Error::Refused(r.to_string()))?;
    }
    Cgroup::from_dirs(&s.cgroups, s.freezer.is_none()).freeze(frozen)
}
