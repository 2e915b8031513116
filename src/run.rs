//! One run of a scenario's script under a configuration, flattened for playback:
//! every hop of every command in order, and which command each belongs to.
//!
//! In the browser the app does not link the engine: a scenario's run comes
//! from the engine module ([`crate::browser::play`]) as the core's
//! [`Played`], except the default view's, played when the app was built
//! (`build.rs`) and embedded here ([`Run::default_view`]). Outside wasm32
//! (tests, server-side renders) the core is called directly ([`Run::new`]).

use atlas_core::calls::CallTree;
use atlas_core::chapter::Chapter;
use atlas_core::engine::HostProcess;
use atlas_core::oci::inspection::PlanStep;
use atlas_core::played::{Ask, Played};
use atlas_core::scenario::{Scenario, SCENARIOS};
use atlas_core::sim::Record;
use atlas_core::topology::tier;
use atlas_core::trace::{push_json_line, Header};
use atlas_core::{Catalog, Component, Config, Hop, Msg, Text, TraceFile};
use std::cell::OnceCell;
use std::rc::Rc;

/// The default view's run as the core played it when the app was built.
const DEFAULT_RUN: &str = include_str!(concat!(env!("OUT_DIR"), "/default-run.json"));

/// The host's process table after each command of a run.
pub type ProcessTables = Rc<Vec<Vec<HostProcess>>>;

/// A shared run compared by identity: the key of what a component computes
/// once per run (a deep comparison would walk every hop).
#[derive(Debug, Clone)]
pub struct Same(pub Rc<Run>);

impl PartialEq for Same {
    fn eq(&self, o: &Same) -> bool {
        Rc::ptr_eq(&self.0, &o.0)
    }
}

fn record(command: String) -> Record {
    Record {
        command,
        exit: 0,
        stdout: String::new(),
        stderr: String::new(),
        remarks: Vec::new(),
        edit: None,
    }
}

/// A finished run.
#[derive(Debug, Clone, PartialEq)]
pub struct Run {
    /// Each command's record, in order.
    pub records: Vec<Record>,
    /// Every hop, in order.
    pub hops: Vec<Hop>,
    /// For each hop, the index of its command in `records`.
    pub step_of: Vec<usize>,
    /// For each command, the index of its first hop (or of the next command's
    /// first hop when it caused none).
    pub first_hop: Vec<usize>,
    /// Components that take part, in tier order then order of appearance.
    pub participants: Vec<Component>,
    /// Which call each hop is part of (flat for a trace without parents).
    pub tree: CallTree,
    /// The run cut into named phases.
    pub chapters: Vec<Chapter>,
    /// The scenario and configuration the run came from, when it came from one.
    source: Option<Rc<Ask>>,
    /// The host's process table after each command, once asked for.
    procs: OnceCell<ProcessTables>,
}

impl Run {
    /// Runs a scenario's script under a configuration; refuses an impossible one
    /// with the core's reason. Native only: the browser asks the engine module.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn new(config: Config, scenario: &Scenario) -> Result<Run, Msg> {
        let ask = Ask::new(config, scenario);
        Run::played(ask, atlas_core::played::play(config, scenario))
    }

    /// A run from the engine's answer to `ask`, or the engine's refusal.
    pub fn played(ask: Ask, played: Played) -> Result<Run, Msg> {
        match played {
            Played::Ran(steps) => {
                let mut run =
                    Run::from_steps(steps.into_iter().map(|s| (s.record, s.hops)).collect());
                run.source = Some(Rc::new(ask));
                Ok(run)
            }
            Played::Refused(why) => Err(why),
        }
    }

    /// Whether `config` running `scenario` is the default view's run, the
    /// one the app carries ([`Run::default_view`]).
    pub fn is_default_view(config: Config, scenario: &Scenario) -> bool {
        SCENARIOS
            .first()
            .is_some_and(|d| d.name == scenario.name && d.config() == config)
    }

    /// The default view's run, played when the app was built: the first
    /// view waits for no engine module.
    pub fn default_view() -> Result<Run, String> {
        let s = SCENARIOS.first().ok_or("no scenario")?;
        Run::played(Ask::new(s.config(), s), Played::from_json(DEFAULT_RUN)?)
            .map_err(|m| crate::i18n::english().render(&m))
    }

    /// What the run was played from, when it is a scenario's run.
    pub fn source(&self) -> Option<&Rc<Ask>> {
        self.source.as_ref()
    }

    /// The host's process table after each command (what `ps -ef` on the node
    /// lists of the runtimes and their containers), for a run made from a
    /// scenario, once known. Most visitors never open the list: in the
    /// browser it is asked of the engine module when first opened
    /// ([`Run::keep_host_processes`]); natively the core computes it here,
    /// by running the script again with the tables kept.
    pub fn host_processes(&self) -> Option<ProcessTables> {
        let ask = self.source.as_ref()?;
        #[cfg(not(target_arch = "wasm32"))]
        if self.procs.get().is_none() {
            let tables = atlas_core::played::host_processes(ask).unwrap_or_default();
            let _ = self.procs.set(Rc::new(tables));
        }
        #[cfg(target_arch = "wasm32")]
        let _ = ask;
        self.procs.get().cloned()
    }

    /// Keeps the process tables the engine module gave for this run.
    pub fn keep_host_processes(&self, tables: ProcessTables) {
        let _ = self.procs.set(tables);
    }

    /// A run from commands and the hops each caused (already numbered).
    pub fn from_steps(steps: Vec<(Record, Vec<Hop>)>) -> Run {
        let mut records = Vec::new();
        let mut hops = Vec::new();
        let mut step_of = Vec::new();
        let mut first_hop = Vec::new();
        for (i, (record, step_hops)) in steps.into_iter().enumerate() {
            records.push(record);
            first_hop.push(hops.len());
            for h in step_hops {
                hops.push(h);
                step_of.push(i);
            }
        }
        let mut seen: Vec<Component> = Vec::new();
        for h in &hops {
            for c in [h.from, h.to] {
                if !seen.contains(&c) {
                    seen.push(c);
                }
            }
        }
        let mut participants: Vec<(usize, usize, Component)> = seen
            .iter()
            .enumerate()
            .map(|(i, c)| (tier_index(*c), i, *c))
            .collect();
        atlas_core::order::sort(&mut participants);
        let tree = CallTree::new(&hops);
        let chapters = atlas_core::chapter::chapters(&hops);
        Run {
            tree,
            chapters,
            records,
            hops,
            step_of,
            first_hop,
            participants: participants.into_iter().map(|(_, _, c)| c).collect(),
            source: None,
            procs: OnceCell::new(),
        }
    }

    /// The run with one more command and its hops (a terminal's run grows
    /// by each command typed): `merge` adds them to the last command
    /// instead (a followed command's new output). Past `max_hops` hops the
    /// oldest commands are dropped, and a command over it alone keeps its
    /// first `max_hops`, so a long session stays bounded.
    pub fn with_step(&self, record: Record, hops: Vec<Hop>, merge: bool, max_hops: usize) -> Run {
        let mut steps: Vec<(Record, Vec<Hop>)> = Vec::with_capacity(self.records.len() + 1);
        for (i, r) in self.records.iter().enumerate() {
            let from = self.first_hop.get(i).copied().unwrap_or(self.len());
            let to = self.first_hop.get(i + 1).copied().unwrap_or(self.len());
            let mine = self.hops.get(from..to).unwrap_or(&[]).to_vec();
            steps.push((r.clone(), mine));
        }
        match steps.last_mut() {
            Some((last, mine)) if merge => {
                last.stdout.push_str(&record.stdout);
                last.stderr.push_str(&record.stderr);
                last.remarks.extend(record.remarks);
                mine.extend(hops);
            }
            _ => steps.push((record, hops)),
        }
        // A single command over the bound keeps its first hops.
        if let Some((_, last)) = steps.last_mut() {
            last.truncate(max_hops);
        }
        let mut total: usize = steps.iter().map(|(_, h)| h.len()).sum();
        let mut drop = 0;
        while total > max_hops && drop + 1 < steps.len() {
            total -= steps.get(drop).map_or(0, |(_, h)| h.len());
            drop += 1;
        }
        Run::from_steps(steps.split_off(drop))
    }

    /// A trace read from a file, as one command: the header's, or `name`.
    pub fn from_trace(trace: &TraceFile, name: &str) -> Run {
        let command = match &trace.header {
            Some(h) if !h.command.is_empty() => h.command.clone(),
            // i18n: a command line's comment in the terminal, as a shell shows it
            _ => format!("# replay of {name}"),
        };
        Run::from_steps(vec![(record(command), trace.hops.clone())])
    }

    /// An inspected config's plan: one command per phase and its hops
    /// (numbered by the core from 1 across the plan).
    pub fn from_plan(steps: &[PlanStep]) -> Run {
        Run::from_steps(
            steps
                .iter()
                .map(|s| (record(s.command.clone()), s.hops.clone()))
                .collect(),
        )
    }

    /// The run as Trace JSON Lines, as `atlas sim --format json` writes it:
    /// the header, then each command's record line and the hops it caused.
    /// Notes and the simulator's remarks (in each record's stderr) are
    /// written in the catalog's language, which the header names (a replayed
    /// file's own notes keep theirs).
    pub fn to_jsonl(&self, header: Option<&Header>, catalog: &Catalog) -> String {
        let mut out = String::new();
        if let Some(h) = header {
            let ours = self
                .hops
                .iter()
                .any(|h| matches!(h.note, Some(Text::Msg(_))));
            if ours || h.lang.is_none() {
                push_json_line(&mut out, &h.clone().in_lang(catalog.lang()));
            } else {
                push_json_line(&mut out, h);
            }
        }
        for (i, r) in self.records.iter().enumerate() {
            push_json_line(&mut out, &r.rendered(catalog));
            let from = self.first_hop.get(i).copied().unwrap_or(self.len());
            let to = self.first_hop.get(i + 1).copied().unwrap_or(self.len());
            for h in self.hops.get(from..to).unwrap_or(&[]) {
                push_json_line(&mut out, &h.rendered(catalog));
            }
        }
        out
    }

    /// Number of hops.
    pub fn len(&self) -> usize {
        self.hops.len()
    }

    /// Whether the run caused no hop at all.
    pub fn is_empty(&self) -> bool {
        self.hops.is_empty()
    }

    /// The command the hop at `pos` belongs to (the last command when there is no hop).
    pub fn step_at(&self, pos: usize) -> usize {
        self.step_of
            .get(pos)
            .copied()
            .unwrap_or(self.records.len().saturating_sub(1))
    }

    /// Whether the command `step` has finished once the hop at `pos` is shown:
    /// its last hop is at or before `pos`.
    pub fn finished(&self, step: usize, pos: usize) -> bool {
        let next = self.first_hop.get(step + 1).copied().unwrap_or(self.len());
        next == 0 || next <= pos + 1 || self.is_empty()
    }
}

fn tier_index(c: Component) -> usize {
    use atlas_core::topology::Tier;
    Tier::ALL.iter().position(|t| *t == tier(c)).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use atlas_core::scenario::SCENARIOS;

    #[test]
    fn every_scenario_runs_and_is_flattened() {
        for s in SCENARIOS {
            let run = Run::new(s.config(), s).unwrap_or_else(|e| panic!("{}: {e:?}", s.name));
            assert!(!run.is_empty(), "{}", s.name);
            assert_eq!(run.hops.len(), run.step_of.len());
            assert_eq!(run.records.len(), run.first_hop.len());
            for (i, h) in run.hops.iter().enumerate() {
                assert_eq!(h.seq as usize, i + 1, "{}", s.name);
                assert!(run.participants.contains(&h.from));
            }
            assert!(run.finished(run.records.len() - 1, run.len() - 1));
        }
    }

    #[test]
    fn exported_json_lines_read_back_as_the_same_hops() {
        let s = atlas_core::scenario::find("runc-run").expect("scenario");
        let run = Run::new(s.config(), s).expect("runs");
        let header = Header {
            trace: 1,
            config: serde_json::json!({"k8s": "1.28"}),
            command: "atlas sim --scenario runc-run".into(),
            lang: Some("en".into()),
        };
        let text = run.to_jsonl(Some(&header), &Catalog::english());
        assert_eq!(text.lines().count(), 1 + run.records.len() + run.len());
        let back = TraceFile::parse(&text).expect("parses");
        assert_eq!(back.header, Some(header));
        // A file carries the notes as words, in the language it was written in.
        let english = Catalog::english();
        let written: Vec<Hop> = run.hops.iter().map(|h| h.rendered(&english)).collect();
        assert_eq!(back.hops, written);
        let replayed = Run::from_trace(&back, "x.jsonl");
        assert_eq!(replayed.records[0].command, "atlas sim --scenario runc-run");
        assert_eq!(replayed.hops, written);
    }

    #[test]
    fn the_embedded_default_run_is_the_one_the_core_plays() {
        let s = &SCENARIOS[0];
        assert!(Run::is_default_view(s.config(), s));
        assert!(!Run::is_default_view(s.config(), &SCENARIOS[1]));
        let embedded = Run::default_view().expect("the build's run reads back");
        assert_eq!(embedded, Run::new(s.config(), s).expect("runs"));
        assert_eq!(embedded.source().map(|a| a.scenario.as_str()), Some(s.name));
        assert!(embedded
            .host_processes()
            .is_some_and(|t| t.len() == embedded.records.len()));
    }

    #[test]
    fn a_run_grows_by_steps_and_stays_bounded() {
        let s = atlas_core::scenario::find("runc-run").expect("scenario");
        let whole = Run::new(s.config(), s).expect("runs");
        let mut grown = Run::from_steps(Vec::new());
        for (i, r) in whole.records.iter().enumerate() {
            let from = whole.first_hop[i];
            let to = whole.first_hop.get(i + 1).copied().unwrap_or(whole.len());
            grown = grown.with_step(r.clone(), whole.hops[from..to].to_vec(), false, 100_000);
        }
        assert_eq!(grown.hops, whole.hops);
        assert_eq!(grown.first_hop, whole.first_hop);
        assert_eq!(grown.chapters, whole.chapters);
        // A followed command's output joins its command.
        let more = record(String::new());
        let merged = grown.with_step(more, whole.hops[..2].to_vec(), true, 100_000);
        assert_eq!(merged.records.len(), grown.records.len());
        assert_eq!(merged.len(), grown.len() + 2);
        assert_eq!(merged.step_at(merged.len() - 1), merged.records.len() - 1);
        // Past the bound the oldest commands go.
        let bounded = grown.with_step(record("x".into()), Vec::new(), false, 10);
        assert!(
            bounded.len() <= 10 || bounded.records.len() == 2,
            "{}",
            bounded.len()
        );
        assert_eq!(
            bounded.records.last().map(|r| r.command.as_str()),
            Some("x")
        );
    }

    #[test]
    fn impossible_configuration_is_refused_with_the_reason() {
        let s = atlas_core::scenario::find("kubectl-run-dockershim").expect("scenario");
        let mut c = s.config();
        c.k8s = atlas_core::K8sVersion(24);
        let e = Run::new(c, s).expect_err("dockershim on 1.24");
        let e = crate::i18n::english().render(&e);
        assert!(e.contains("1.24"), "{e}");
    }
}
