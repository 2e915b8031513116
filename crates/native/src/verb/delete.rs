//! `delete [--force]`: the delete phase (kill, poststop hooks, cgroup and
//! state directory removed).

use super::saved_spec;
use crate::cgroup::Cgroup;
use crate::channel::plan_options;
use crate::ctx::Ctx;
use crate::error::{Error, Result, SysContext};
use crate::state::{Container, Status};
use crate::trace::Recorder;
use atlas_core::oci::{cgroup_path_for, Op, Phase, Plan};
use nix::unistd::Pid;

/// `delete [--force]`.
pub fn delete(ctx: &Ctx, id: &str, force: bool) -> Result<()> {
    let c = match Container::open(&ctx.root, id) {
        Ok(c) => c,
        Err(Error::NotExist) if force => return Ok(()),
        Err(e) => return Err(e),
    };
    let Some(s) = c.load()? else {
        // A create that died before it wrote anything: only the directory.
        return c.remove();
    };
    let status = c.status(&s);
    if !force {
        status
            .oci()
            .delete(id)
            .map_err(|r| Error::Refused(r.to_string()))?;
    }
    let cg = Cgroup::from_dirs(&s.cgroups, s.freezer.is_none());
    let spec = saved_spec(&s)?;
    let plan = Plan::with_options(&spec, plan_options(s.cgroup_v1(), s.no_pivot))
        .map_err(|e| Error::plan(&e))?;
    let mut rec = Recorder::new();
    let steps = plan.steps();
    let mut poststop_err = None;
    for i in (0..steps.len()).filter(|i| steps[*i].phase == Phase::Delete) {
        match steps[i].op {
            Op::LoadState => {}
            Op::Kill { .. } => {
                if status != Status::Stopped {
                    let _ = nix::sys::signal::kill(
                        Pid::from_raw(s.init_pid),
                        nix::sys::signal::Signal::SIGKILL,
                    );
                }
            }
            Op::CgroupRemove => cg.destroy()?,
            Op::StateRemove => {
                std::fs::remove_dir_all(&c.dir).ctx(|| format!("remove {}", c.dir.display()))?
            }
            Op::Hook { kind, index, hook } => {
                if let Err(e) = crate::hooks::run(
                    kind,
                    index,
                    hook,
                    &crate::hooks::state_json(
                        &s.id,
                        "stopped",
                        0,
                        &s.bundle,
                        crate::hooks::annotations(&spec),
                    ),
                ) {
                    poststop_err = Some(e);
                }
            }
            other => return Err(Error::Init(format!("unexpected delete step {other:?}"))),
        }
        rec.step(i);
        ctx.debug_step(&plan, i);
    }
    // The pid may be a zombie child of ours (run in the foreground).
    if s.init_pid > 0 {
        let _ = nix::sys::wait::waitpid(
            Pid::from_raw(s.init_pid),
            Some(nix::sys::wait::WaitPidFlag::WNOHANG),
        );
    }
    let mut hc = ctx.hop_ctx(&plan, &s.id, &s.bundle, s.init_pid);
    hc.cgroup_path = cgroup_path_for(&spec, &s.id);
    hc.delete_kills_init = status != Status::Stopped;
    crate::trace::write(ctx, "delete", &plan, &hc, &rec)?;
    if let Some(e) = poststop_err {
        // runc only warns about a failed poststop hook.
        ctx.log.fatal(&format!("warning: {e}"));
    }
    Ok(())
}
