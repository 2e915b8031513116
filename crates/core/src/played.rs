//! A scenario played under a configuration, as it crosses to a face that
//! does not run the engine itself: the browser app asks the engine module
//! (`crates/engine-wasm`) with an [`Ask`] and reads back a [`Played`] or the
//! host's process tables as JSON, and the app's default view carries the
//! [`Played`] its build made (the app's `build.rs`). One function plays for
//! every face, so the module, the build and `atlas sim` give the same run.

use crate::config::Config;
use crate::engine::HostProcess;
use crate::message::Msg;
use crate::scenario::{self, Scenario};
use crate::sim::{Sim, Step, DEFAULT_SEED};
use serde::{Deserialize, Serialize};

/// What a face asks of the engine: a scenario, by name, under a configuration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ask {
    /// The node's configuration.
    pub config: Config,
    /// The scenario's name (`--scenario`).
    pub scenario: String,
}

/// The engine's answer to an [`Ask`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Played {
    /// Each command's record and the hops it caused, in order (hops numbered
    /// from 1 across the run).
    Ran(Vec<Step>),
    /// Why the configuration cannot run the scenario, in the core's words
    /// (a message the reader's catalog renders).
    Refused(Msg),
}

/// The host's process table after each command of a run, or why there is none.
pub type Processes = Result<Vec<Vec<HostProcess>>, Msg>;

impl Ask {
    /// The ask for a scenario under a configuration.
    pub fn new(config: Config, scenario: &Scenario) -> Ask {
        Ask {
            config,
            scenario: scenario.name.to_string(),
        }
    }

    /// The scenario asked for, or why there is none.
    pub fn scenario(&self) -> Result<&'static Scenario, Msg> {
        scenario::find(&self.scenario)
            .ok_or_else(|| crate::sim::SimError::UnknownScenario(self.scenario.clone()).message())
    }

    /// As JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// From JSON.
    pub fn from_json(text: &str) -> Result<Ask, Msg> {
        serde_json::from_str(text).map_err(|e| crate::msg!("sim-bad-request", why = e.to_string()))
    }
}

impl Played {
    /// As JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// From JSON.
    pub fn from_json(text: &str) -> Result<Played, String> {
        serde_json::from_str(text)
            .map_err(|e| format!("the engine's answer could not be read: {e}"))
    }
}

/// Why a configuration cannot run a scenario at all: the configuration
/// cannot exist, or the scenario cannot play on it.
pub fn refusal(config: Config, scenario: &Scenario) -> Option<Msg> {
    if let Err(e) = config.check() {
        return Some(e.message());
    }
    scenario.runs_on_msg(&config).err()
}

/// The world a scenario's script leaves, with every step (and the process
/// tables when `processes`), or why it cannot run.
fn simulate(config: Config, scenario: &Scenario, processes: bool) -> Result<Sim, Msg> {
    if let Some(why) = refusal(config, scenario) {
        return Err(why);
    }
    let mut sim = Sim::new(config, DEFAULT_SEED);
    if processes {
        sim = sim.with_processes();
    }
    sim.run_script(scenario.script).map_err(|e| e.message())?;
    Ok(sim)
}

/// Plays a scenario's script under a configuration, with the default seed
/// (`atlas sim`'s): every command's step, or the refusal.
pub fn play(config: Config, scenario: &Scenario) -> Played {
    match simulate(config, scenario, false) {
        Ok(sim) => Played::Ran(sim.steps().to_vec()),
        Err(why) => Played::Refused(why),
    }
}

/// What an [`Ask`] gets: the scenario played, or refused.
pub fn answer(ask: &Ask) -> Played {
    match ask.scenario() {
        Ok(s) => play(ask.config, s),
        Err(why) => Played::Refused(why),
    }
}

/// The node a terminal starts on: an empty node of the configuration
/// (`scenario` empty), or the node at the end of a scenario's script, played
/// with the default seed (the same ids the scenario's run showed), its steps
/// forgotten and its shell kept (see [`Sim::start_terminal`]). The session
/// is lean ([`Sim::lean`]).
pub fn terminal(config: Config, scenario: &str) -> Result<Sim, Msg> {
    if let Err(e) = config.check() {
        return Err(e.message());
    }
    let mut sim = Sim::new(config, DEFAULT_SEED).lean();
    if !scenario.is_empty() {
        let s = scenario::find(scenario)
            .ok_or_else(|| crate::sim::SimError::UnknownScenario(scenario.to_string()).message())?;
        if let Some(why) = refusal(config, s) {
            return Err(why);
        }
        sim.run_script(s.script).map_err(|e| e.message())?;
    }
    sim.start_terminal();
    Ok(sim)
}

/// The host's process table after each command of an [`Ask`]'s run (what
/// `ps -ef` on the node lists of the runtimes and their containers).
pub fn host_processes(ask: &Ask) -> Processes {
    let sim = simulate(ask.config, ask.scenario()?, true)?;
    Ok((0..sim.steps().len())
        .map(|i| sim.processes(i).map(<[_]>::to_vec).unwrap_or_default())
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::SCENARIOS;

    #[test]
    fn an_answer_read_back_is_the_same_run() {
        let s = &SCENARIOS[0];
        let ask = Ask::new(s.config(), s);
        assert_eq!(Ask::from_json(&ask.to_json()), Ok(ask.clone()));
        let played = answer(&ask);
        let Played::Ran(steps) = &played else {
            panic!("refused: {played:?}");
        };
        assert!(!steps.is_empty());
        assert_eq!(Played::from_json(&played.to_json()), Ok(played.clone()));
        let mut sim = Sim::new(s.config(), DEFAULT_SEED);
        sim.run_script(s.script).unwrap();
        assert_eq!(steps.as_slice(), sim.steps());
    }

    #[test]
    fn an_impossible_configuration_is_refused_with_the_reason() {
        let s = scenario::find("kubectl-run-dockershim").unwrap();
        let mut c = s.config();
        c.k8s = crate::K8sVersion(24);
        let Played::Refused(why) = play(c, s) else {
            panic!("dockershim on 1.24 played");
        };
        let why = crate::message::english(Some(&why.into()));
        assert!(why.contains("1.24"), "{why}");
        let unknown = Ask {
            config: c,
            scenario: "nothing".into(),
        };
        let Played::Refused(w) = answer(&unknown) else {
            panic!("an unknown scenario played");
        };
        assert!(crate::message::english(Some(&w.into())).contains("nothing"));
        assert!(host_processes(&unknown).is_err());
    }

    #[test]
    fn a_terminal_continues_a_scenario_s_node_with_its_ids() {
        let s = scenario::find("crictl-lifecycle").unwrap();
        let mut full = Sim::new(s.config(), DEFAULT_SEED);
        full.run_script(s.script).unwrap();
        let mut t = terminal(s.config(), s.name).unwrap();
        assert!(t.steps().is_empty());
        assert_eq!(t.world().states(), full.world().states());
        let a = t.run_line("crictl ps -a").clone();
        let b = full.run_line("crictl ps -a");
        assert_eq!(a.record, b.record);
        assert!(
            a.hops.first().is_none_or(|h| h.seq == 1),
            "{:?}",
            a.hops.first()
        );
        assert!(terminal(s.config(), "nothing").is_err());
        let empty = terminal(s.config(), "").unwrap();
        assert!(empty.world().states().is_empty());
    }

    #[test]
    fn process_tables_follow_every_command() {
        let s = &SCENARIOS[0];
        let tables = host_processes(&Ask::new(s.config(), s)).unwrap();
        let Played::Ran(steps) = play(s.config(), s) else {
            panic!("refused");
        };
        assert_eq!(tables.len(), steps.len());
        assert!(tables.iter().any(|t| !t.is_empty()));
    }
}
