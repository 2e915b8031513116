//! `--trace FILE`: the steps a command carried out, as Trace JSON Lines.
//!
//! The hops are rendered by the core ([`Plan::hops_of`]) from the indices of
//! the plan steps this runtime actually executed, in the order it executed
//! them; each command appends to the file (a header line first when the file
//! is new), numbering on from the last hop.

use crate::ctx::Ctx;
use crate::error::{Error, Result};
use atlas_core::oci::{HopContext, Plan};
use atlas_core::trace::{push_json_line, Header, MadeUnder};
use atlas_core::{msg, Component, Hop, Iface, Msg, Text};
use std::io::Write;

/// The plan steps one command carried out, in order.
#[derive(Debug, Default, Clone)]
pub struct Recorder {
    /// Indices into `Plan::steps`.
    pub steps: Vec<usize>,
    /// Steps atlas-runtime carried out differently from runc, with what it
    /// really did: added to the step's hop (`note`, and `detail` under
    /// `atlas-runtime`), so that the trace keeps runc's steps and says the
    /// truth.
    pub notes: Vec<(usize, Msg)>,
    /// Test hook: `_ATLAS_KILL_AT_STEP=N` makes the runtime SIGKILL itself when
    /// it reaches step N, so that tests can check clean-up after a crash at
    /// any step.
    kill_at: Option<usize>,
}

impl Recorder {
    /// An empty recorder.
    pub fn new() -> Recorder {
        Recorder {
            steps: Vec::new(),
            notes: Vec::new(),
            kill_at: std::env::var("_ATLAS_KILL_AT_STEP")
                .ok()
                .and_then(|v| v.parse().ok()),
        }
    }

    /// Whether a test asked for a crash at some step (then the init reports
    /// each step at once, so that the crash lands exactly there).
    pub fn kills_at_a_step(&self) -> bool {
        self.kill_at.is_some()
    }

    /// Step `i` is about to be (or was just) carried out.
    pub fn step(&mut self, i: usize) {
        if self.kill_at == Some(i) {
            let _ = nix::sys::signal::raise(nix::sys::signal::Signal::SIGKILL);
        }
        self.steps.push(i);
    }

    /// Step `i` was carried out differently from runc: `what` says how.
    pub fn note(&mut self, i: usize, what: Msg) {
        self.notes.push((i, what));
    }
}

/// Appends the hops of one command to `ctx.trace`, if asked: the plan steps
/// it carried out (`rec`), with what atlas-runtime did differently.
pub fn write(
    ctx: &Ctx,
    verb: &str,
    plan: &Plan<'_>,
    hop_ctx: &HopContext,
    rec: &Recorder,
) -> Result<()> {
    if ctx.trace.is_none() {
        return Ok(());
    }
    // The trace file is in English (its header says so).
    let english = atlas_core::Catalog::english();
    let mut steps = Vec::new();
    for &i in &rec.steps {
        for mut h in plan.hops_of(&[i], hop_ctx) {
            for (_, what) in rec.notes.iter().filter(|(k, _)| *k == i) {
                h.note = Some(Text::Msg(match h.note.take() {
                    Some(Text::Msg(n)) => msg!("oci-native-step", note = n, what = what.clone()),
                    Some(Text::Raw(n)) => msg!("oci-native-step", note = n, what = what.clone()),
                    None => what.clone(),
                }));
                h.detail
                    .get_or_insert_with(serde_json::Map::new)
                    .insert("atlas-runtime".into(), english.render(what).into());
            }
            steps.push(h);
        }
    }
    append(ctx, verb, &hop_ctx.id, plan.cgroup_version().id(), steps)
}

/// Appends one command's hops to `ctx.trace`, if asked: a header line first
/// when the file is new, then `user → runc VERB` and `steps` under it,
/// numbered on from the file's last hop.
pub fn append(
    ctx: &Ctx,
    verb: &str,
    id: &str,
    cgroup: &'static str,
    steps: Vec<Hop>,
) -> Result<()> {
    let Some(path) = &ctx.trace else {
        return Ok(());
    };
    let existing = std::fs::read_to_string(path).unwrap_or_default();
    let mut seq = existing
        .lines()
        .filter_map(|l| serde_json::from_str::<Hop>(l).ok())
        .map(|h| h.seq)
        .max()
        .unwrap_or(0);
    let mut out = String::new();
    if existing.trim().is_empty() {
        push_json_line(
            &mut out,
            &Header::new(
                MadeUnder::Plan {
                    oci: "runc",
                    runtime: Some("atlas-runtime"),
                    cgroup,
                },
                ctx.argv.join(" "),
            ),
        );
    }
    let argv = vec!["runc".to_string(), verb.to_string(), id.to_string()];
    let mut detail = serde_json::Map::new();
    detail.insert("argv".into(), argv.into());
    let english = atlas_core::Catalog::english();
    let mut hops = vec![Hop {
        seq: 0,
        from: Component::User,
        to: Component::Runc,
        iface: Iface::OciCli,
        call: verb.to_string(),
        note: Some(msg!("oci-native-verb", verb = verb).into()),
        detail: Some(detail),
        parent: None,
        effects: Vec::new(),
    }];
    hops.extend(steps.into_iter().map(|h| h.rendered(&english)));
    for h in &mut hops {
        seq += 1;
        h.seq = seq;
    }
    // runc's steps serve the command (`user` → `runc create`), as in `atlas sim`.
    atlas_core::calls::nest(&mut hops);
    for h in &hops {
        push_json_line(&mut out, h);
    }
    let mut f = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .map_err(|e| Error::io(format!("open {}", path.display()), e))?;
    f.write_all(out.as_bytes())
        .map_err(|e| Error::io(format!("write {}", path.display()), e))
}
