//! One run of a scenario's script under a configuration, flattened for playback:
//! every hop of every command in order, and which command each belongs to.

use atlas_core::engine::HostProcess;
use atlas_core::oci::inspection::PlanStep;
use atlas_core::scenario::Scenario;
use atlas_core::sim::{Record, Sim};
use atlas_core::topology::tier;
use atlas_core::trace::{push_json_line, Header};
use atlas_core::{Catalog, Component, Config, Hop, Text, TraceFile};
use std::cell::OnceCell;
use std::rc::Rc;

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
    /// The configuration and script the run came from, when it came from one.
    source: Option<(Config, &'static str)>,
    /// The host's process table after each command, computed on first use.
    procs: OnceCell<Rc<Vec<Vec<HostProcess>>>>,
}

impl Run {
    /// Runs a scenario's script under a configuration; refuses an impossible one
    /// with the core's reason.
    pub fn new(config: Config, scenario: &Scenario) -> Result<Run, String> {
        config.check().map_err(|e| e.to_string())?;
        scenario.runs_on(&config)?;
        let mut sim = Sim::new(config, atlas_core::sim::DEFAULT_SEED);
        sim.run_script(scenario.script).map_err(|e| e.to_string())?;
        let mut run = Run::from_steps(
            sim.steps()
                .iter()
                .map(|s| (s.record.clone(), s.hops.clone()))
                .collect(),
        );
        run.source = Some((config, scenario.script));
        Ok(run)
    }

    /// The host's process table after each command (what `ps -ef` on the node
    /// lists of the runtimes and their containers), for a run made from a
    /// scenario. Computed the first time it is asked for, by running the
    /// script again with the core keeping the tables: the same seed gives the
    /// same world, and most visitors never open the list.
    pub fn host_processes(&self) -> Option<Rc<Vec<Vec<HostProcess>>>> {
        let (config, script) = self.source?;
        let table = self.procs.get_or_init(|| {
            let mut sim = Sim::new(config, atlas_core::sim::DEFAULT_SEED).with_processes();
            // The script already ran once under this configuration.
            let _ = sim.run_script(script);
            Rc::new(
                (0..sim.steps().len())
                    .map(|i| sim.processes(i).map(<[_]>::to_vec).unwrap_or_default())
                    .collect(),
            )
        });
        Some(Rc::clone(table))
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
        Run {
            records,
            hops,
            step_of,
            first_hop,
            participants: participants.into_iter().map(|(_, _, c)| c).collect(),
            source: None,
            procs: OnceCell::new(),
        }
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
    /// Notes are written in the catalog's language, which the header names
    /// (a replayed file's own notes keep theirs).
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
            push_json_line(&mut out, r);
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
            let run = Run::new(s.config(), s).unwrap_or_else(|e| panic!("{}: {e}", s.name));
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
        assert_eq!(back.hops, run.hops);
        let replayed = Run::from_trace(&back, "x.jsonl");
        assert_eq!(replayed.records[0].command, "atlas sim --scenario runc-run");
        assert_eq!(replayed.hops, run.hops);
    }

    #[test]
    fn impossible_configuration_is_refused_with_the_reason() {
        let s = atlas_core::scenario::find("kubectl-run-dockershim").expect("scenario");
        let mut c = s.config();
        c.k8s = atlas_core::K8sVersion(24);
        let e = Run::new(c, s).expect_err("dockershim on 1.24");
        assert!(e.contains("1.24"), "{e}");
    }
}
