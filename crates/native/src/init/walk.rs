//! The init walker: the plan's Init steps from a given step on, in order,
//! in one stage. It takes each ordinary step itself ([`Steps::take`]) and
//! leaves the steps that change the process structure to a [`Stages`]:
//! handing the turn to the runtime, `clone(CLONE_PARENT)`, stage 0 writing
//! the id maps, and `exec.fifo`. `nsexec` is the real one; the unit tests
//! run all stages in one process.

use super::step::Steps;
use crate::error::{Error, Result, SysContext};
use crate::syscall::Syscall;
use atlas_core::oci::{Actor, IdMapFile, Op, Phase, Plan};
use std::path::Path;

/// What a walk needs from the process structure around it.
pub trait Stages {
    /// Step `i` was taken (the runtime hears of it in batches).
    fn done(&mut self, i: usize) -> Result<()>;
    /// The next step, `i`, is the runtime's: hands it the turn and returns
    /// where the init goes on and its host pid.
    fn turn(&mut self, i: usize) -> Result<(usize, i32)>;
    /// `clone(CLONE_PARENT)` at step `i` (already reported): `Some(next)` to
    /// go on walking in this process, `None` when this stage's part is over.
    fn clone_stage(&mut self, i: usize, host_pid: i32) -> Result<Option<usize>>;
    /// The id maps from step `i` on, written by stage 0 into this stage's
    /// user namespace: the step after them.
    fn id_maps(&mut self, i: usize) -> Result<usize>;
    /// `exec.fifo` (step `i`, not reported yet): everything that can fail
    /// before the wait (the FIFO can be opened), so that `create` hears of it.
    fn ready_to_wait(&mut self, _i: usize) -> Result<()> {
        Ok(())
    }
    /// `exec.fifo` (step `i`, already reported): blocks until `start`.
    fn wait_for_start(&mut self, i: usize) -> Result<()>;
    /// Start phase: the byte that releases `start`.
    fn release(&mut self) -> Result<()>;
    /// Start phase: step `j` was taken.
    fn started(&mut self, j: usize) -> Result<()>;
    /// Start phase: why it failed, for `start` to say.
    fn start_failed(&mut self, e: &Error);
}

/// Walks the create phase's Init steps from step `i` on.
pub fn walk(steps: &mut Steps<'_, '_>, stages: &mut dyn Stages, mut i: usize) -> Result<()> {
    let plan = steps.plan;
    while let Some(st) = plan.steps().get(i).filter(|s| s.phase == Phase::Create) {
        if st.actor == Actor::Runtime {
            let (at, pid) = stages.turn(i)?;
            i = at;
            steps.host_pid = pid;
            continue;
        }
        match st.op {
            Op::Clone { .. } => {
                stages.done(i)?;
                match stages.clone_stage(i, steps.host_pid)? {
                    Some(next) => {
                        i = next;
                        continue;
                    }
                    None => return Ok(()),
                }
            }
            Op::IdMap { .. } => {
                i = stages.id_maps(i)?;
                steps.become_root()?;
                continue;
            }
            Op::FifoWait => return start_phase(steps, stages, i),
            _ => {
                steps.take(i)?;
                stages.done(i)?;
            }
        }
        i += 1;
    }
    Err(Error::Init("the plan ended before exec.fifo".into()))
}

/// Stage 0's part of the id maps: writes `/proc/PID/uid_map` and `gid_map`
/// of the stage `pid` for the IdMap steps from `i` on; the step after them.
pub fn write_id_maps(
    plan: &Plan<'_>,
    sys: &dyn Syscall,
    pid: i32,
    mut i: usize,
    done: &mut dyn FnMut(usize) -> Result<()>,
) -> Result<usize> {
    while let Some(Op::IdMap { file, mappings }) = plan.steps().get(i).map(|s| s.op) {
        let name = match file {
            IdMapFile::Uid => "uid_map",
            IdMapFile::Gid => "gid_map",
        };
        let text: String = mappings
            .iter()
            .map(|m| format!("{} {} {}\n", m.container_id(), m.host_id(), m.size()))
            .collect();
        let path = format!("/proc/{pid}/{name}");
        sys.write_file(Path::new(&path), &text)
            .ctx(|| format!("write {path}"))?;
        done(i)?;
        i += 1;
    }
    Ok(i)
}

/// Checks the program exists, reports step `i` (`exec.fifo`) and blocks
/// until `start`; then the start phase's Init steps, reported over the
/// FIFO, and `execve`.
fn start_phase(steps: &mut Steps<'_, '_>, stages: &mut dyn Stages, i: usize) -> Result<()> {
    let plan = steps.plan;
    let process = plan
        .spec()
        .process()
        .as_ref()
        .ok_or_else(|| Error::Init("no process".into()))?;
    let args = process.args().clone().unwrap_or_default();
    let env = process.env().clone().unwrap_or_default();
    let sys = steps.sys;
    let path = crate::process::look_path_with(&args, &env, &|p| sys.find_executable(Path::new(p)))?;
    stages.ready_to_wait(i)?;
    stages.done(i)?;
    stages.wait_for_start(i)?;
    let mut go = || -> Result<()> {
        let mut j = i + 1;
        while let Some(st) = plan.steps().get(j) {
            if st.phase != Phase::Start {
                break;
            }
            if st.actor == Actor::Init {
                match st.op {
                    Op::FifoWrite => stages.release()?,
                    Op::Execve(_) => {
                        stages.started(j)?;
                        let preserve = steps.setting.preserve_fds;
                        return Err(sys.execve(&path, &args, &env, preserve));
                    }
                    _ => {
                        steps.take(j)?;
                        stages.started(j)?;
                    }
                }
            }
            j += 1;
        }
        Err(Error::Init("the plan has no execve".into()))
    };
    let e = go()
        .err()
        .unwrap_or_else(|| Error::Init("exec failed".into()));
    stages.start_failed(&e);
    Err(e)
}
