//! `start`: the start phase. The runtime opens and reads `exec.fifo`,
//! which releases the init process, and reads the init's start-phase steps
//! from the FIFO itself.

use super::saved_spec;
use crate::channel::plan_options;
use crate::ctx::Ctx;
use crate::error::{Error, Result, SysContext};
use crate::state::{Container, Saved};
use crate::trace::Recorder;
use atlas_core::oci::{cgroup_path_for, Actor, HookKind, Op, Phase, Plan};
use std::io::{BufRead, Read};
use std::time::{Duration, Instant};

/// The longest `start` waits for the program before the poststart hooks.
const PROGRAM_WAIT: Duration = Duration::from_millis(100);

/// The scheduler state of a process (`R`, `S`, `D`, `Z`…), `None` when it is gone.
fn sched_state(pid: i32) -> Option<char> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    stat.get(stat.rfind(')')? + 2..)?.chars().next()
}

/// Before the first poststart hook: the program has run until it first
/// blocked, stopped or exited (its state is no longer `R`), checked every
/// 200 µs for at most [`PROGRAM_WAIT`]. The spec wants the hooks "after the
/// user-specified process is executed": an `execve` that returned is not a
/// program that ran, and a short program's first effects would race the
/// hooks (runtime-tools' `poststart`). Only containers with poststart hooks
/// wait.
fn await_program(pid: i32) {
    let deadline = Instant::now() + PROGRAM_WAIT;
    while sched_state(pid) == Some('R') && Instant::now() < deadline {
        std::thread::sleep(Duration::from_micros(200));
    }
}

/// `start`: releases the init process.
pub fn start(ctx: &Ctx, id: &str) -> Result<()> {
    let c = Container::open(&ctx.root, id)?;
    let mut s = c.load()?.ok_or(Error::NotExist)?;
    start_loaded(ctx, &c, &mut s)
}

/// `start` of a container already opened and loaded (`run` holds it from `create`).
pub(crate) fn start_loaded(ctx: &Ctx, c: &Container, s: &mut Saved) -> Result<()> {
    let status = c.status(s);
    status
        .oci()
        .start()
        .map_err(|r| Error::Refused(r.to_string()))?;
    let spec = saved_spec(s)?;
    let plan = Plan::with_options(&spec, plan_options(s.cgroup_v1(), s.no_pivot))
        .map_err(|e| Error::plan(&e))?;
    let mut rec = Recorder::new();
    let mut fifo: Option<std::io::BufReader<std::fs::File>> = None;
    let mut program_ran = false;
    let steps = plan.steps();
    let start_steps: Vec<usize> = (0..steps.len())
        .filter(|i| steps[*i].phase == Phase::Start)
        .collect();
    for i in start_steps {
        let st = &steps[i];
        match (st.actor, st.op) {
            (_, Op::LoadState) => {}
            (_, Op::FifoOpen) => {
                let f = std::fs::File::open(c.fifo_path()).ctx(|| "open exec.fifo".into())?;
                fifo = Some(std::io::BufReader::new(f));
            }
            (_, Op::FifoWrite) => {}
            (_, Op::FifoRead) => {
                let f = fifo.as_mut().ok_or(Error::NotExist)?;
                let mut b = [0u8; 1];
                let n = f.read(&mut b).ctx(|| "read exec.fifo".into())?;
                if n != 1 || b[0] != b'0' {
                    return Err(Error::Refused(
                        "cannot start a container that has stopped".into(),
                    ));
                }
            }
            (_, Op::FifoUnlink) => {
                // Without exec.fifo the container is running (see
                // `Container::status`): nothing to write to state.json.
                std::fs::remove_file(c.fifo_path()).ctx(|| "remove exec.fifo".into())?;
            }
            (Actor::Init, _) => {
                let f = fifo.as_mut().ok_or(Error::NotExist)?;
                let mut line = String::new();
                f.read_line(&mut line).ctx(|| "read exec.fifo".into())?;
                let line = line.trim_end();
                if let Some(msg) = line.strip_prefix("fail ") {
                    return Err(Error::Init(msg.to_string()));
                }
                if line != format!("done {i}") {
                    return Err(Error::Init(format!(
                        "the container process stopped before step {i} ({line:?})"
                    )));
                }
                if matches!(st.op, Op::Execve(_)) {
                    // EOF: execve closed the FIFO (close-on-exec); a line: it failed.
                    let mut rest = String::new();
                    let _ = f.read_to_string(&mut rest);
                    if let Some(msg) = rest.trim().strip_prefix("fail ") {
                        return Err(Error::Init(msg.to_string()));
                    }
                }
            }
            (_, Op::Hook { kind, index, hook }) => {
                let state = crate::hooks::state_json(
                    &s.id,
                    kind.status(),
                    s.init_pid,
                    &s.bundle,
                    crate::hooks::annotations(&spec),
                );
                if kind == HookKind::Poststart {
                    if !program_ran {
                        await_program(s.init_pid);
                        program_ran = true;
                    }
                    // runtime-spec 1.0.2: a failed poststart hook is a
                    // warning; the other hooks and `start` go on.
                    if let Err(e) = crate::hooks::run(kind, index, hook, &state) {
                        ctx.log.warn(&e.to_string());
                    }
                } else {
                    crate::hooks::run(kind, index, hook, &state)?;
                }
            }
            (_, other) => return Err(Error::Init(format!("unexpected start step {other:?}"))),
        }
        rec.step(i);
        ctx.debug_step(&plan, i);
    }
    let mut hc = ctx.hop_ctx(&plan, &s.id, &s.bundle, s.init_pid);
    hc.cgroup_path = cgroup_path_for(&spec, &s.id);
    crate::trace::write(ctx, "start", &plan, &hc, &rec)
}
