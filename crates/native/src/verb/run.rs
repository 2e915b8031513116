//! `run`: `create` and `start`; in the foreground, wait for the program
//! (proxying its terminal) and `delete`.

use super::create::{create, Created};
use super::delete::delete;
use super::start::start_loaded;
use crate::ctx::Ctx;
use crate::error::Result;
use crate::process::wait_exit;
use atlas_core::command::runc::RunOptions;
use nix::unistd::Pid;

/// `run`: create and start; in the foreground, wait and delete.
pub fn run(ctx: &Ctx, o: &RunOptions) -> Result<i32> {
    let created = create(ctx, &o.create, Some(o.detach))?;
    let Created {
        pid,
        container,
        mut saved,
        console,
    } = created;
    if let Err(e) = start_loaded(ctx, &container, &mut saved) {
        drop(container);
        let _ = delete(ctx, &o.create.id, true);
        return Err(e);
    }
    if o.detach {
        return Ok(0);
    }
    drop(container);
    let code = match console {
        Some(master) => crate::tty::proxy(&master, Pid::from_raw(pid)),
        None => wait_exit(Pid::from_raw(pid)),
    };
    if !o.keep {
        delete(ctx, &o.create.id, true)?;
    }
    Ok(code)
}
