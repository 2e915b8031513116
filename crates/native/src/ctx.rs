//! What every verb gets from the global options (`--root`, `--log`,
//! `--log-format`, `--debug`, `--trace`) and the command line itself, and
//! what it derives from them: the `--debug` line of each plan step taken and
//! the context the core renders the trace's hops in.

use crate::log::Logger;
use atlas_core::oci::{Actor, HopContext, Plan};
use std::path::PathBuf;

/// The default state root (runc's is `/run/runc`; ours is our own so that
/// the two never share containers).
pub const DEFAULT_ROOT: &str = "/run/atlas-runtime";

/// What every command needs.
#[derive(Debug, Clone)]
pub struct Ctx {
    /// `--root`.
    pub root: PathBuf,
    /// `--log`, `--log-format`.
    pub log: Logger,
    /// `--trace FILE`: append the hops of this command.
    pub trace: Option<PathBuf>,
    /// The command line, for the trace header.
    pub argv: Vec<String>,
}

impl Ctx {
    /// `--debug`: one line per plan step taken, who took it and what it was.
    pub fn debug_step(&self, plan: &Plan<'_>, i: usize) {
        if !self.log.debug {
            return;
        }
        if let Some(st) = plan.steps().get(i) {
            let who = match st.actor {
                Actor::Runtime => "runtime",
                Actor::Init => "init",
            };
            self.log
                .debug(&format!("{:?} step {i} ({who}): {:?}", st.phase, st.op));
        }
    }

    /// The context the core renders this command's hops in.
    pub fn hop_ctx(&self, plan: &Plan<'_>, id: &str, bundle: &str, pid: i32) -> HopContext {
        let mut h = HopContext::new(plan, id, bundle);
        h.root = self.root.display().to_string();
        h.init_pid = u32::try_from(pid).unwrap_or(0);
        h
    }
}
