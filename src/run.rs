//! One run of a scenario's script under a configuration, flattened for playback:
//! every hop of every command in order, and which command each belongs to.

use atlas_core::scenario::Scenario;
use atlas_core::sim::{Record, Sim};
use atlas_core::topology::tier;
use atlas_core::{Component, Config, Hop};

/// Seed of the id generator (the CLI's default, so ids match `atlas sim`).
pub const SEED: u64 = 1;

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
}

impl Run {
    /// Runs a scenario's script under a configuration; refuses an impossible one
    /// with the core's reason.
    pub fn new(config: Config, scenario: &Scenario) -> Result<Run, String> {
        config.check().map_err(|e| e.to_string())?;
        let mut sim = Sim::new(config, SEED);
        sim.run_script(scenario.script).map_err(|e| e.to_string())?;
        let mut records = Vec::new();
        let mut hops = Vec::new();
        let mut step_of = Vec::new();
        let mut first_hop = Vec::new();
        for (i, step) in sim.steps().iter().enumerate() {
            records.push(step.record.clone());
            first_hop.push(hops.len());
            for h in &step.hops {
                hops.push(h.clone());
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
        participants.sort();
        Ok(Run {
            records,
            hops,
            step_of,
            first_hop,
            participants: participants.into_iter().map(|(_, _, c)| c).collect(),
        })
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
    fn impossible_configuration_is_refused_with_the_reason() {
        let s = atlas_core::scenario::find("kubectl-run-dockershim").expect("scenario");
        let mut c = s.config();
        c.k8s = atlas_core::K8sVersion(24);
        let e = Run::new(c, s).expect_err("dockershim on 1.24");
        assert!(e.contains("1.24"), "{e}");
    }
}
