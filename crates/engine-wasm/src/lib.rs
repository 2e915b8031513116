//! The simulation engine as a wasm module of its own.
//!
//! The engine (the core's `Sim` and `World`, every tool's command grammar,
//! what each tool prints) is over half of what the app would otherwise load
//! before its first view. The app's first load carries only its default
//! view's run, played when the app was built; for any other scenario or
//! configuration, the host's process tables and the compare view, the app
//! imports this module (`atlas-engine.js`, made by wasm-bindgen) and asks it
//! with an [`Ask`] as JSON.
//!
//! - [`play`]: a scenario's run, a [`Played`] as JSON (its steps, or why the
//!   configuration cannot run it);
//! - [`host_processes`]: the host's process table after each command of that
//!   run, a [`Processes`] as JSON;
//! - [`Session`]: a live simulation kept inside the module, sent one command
//!   line at a time (for a terminal).
//!
//! [`Ask`]: atlas_core::played::Ask
//! [`Played`]: atlas_core::played::Played
//! [`Processes`]: atlas_core::played::Processes
//!
//! The functions keep no state between calls except the message of a panic
//! (and what a [`Session`] holds): the release profile aborts on panic, which
//! traps the module; the page's loader then reads [`last_panic`] and drops
//! this instance for a fresh one.

use atlas_core::played::{self, Ask, Played, Processes};
use atlas_core::sim::{Sim, DEFAULT_SEED};
use atlas_core::Config;
use std::cell::RefCell;
use wasm_bindgen::prelude::wasm_bindgen;

thread_local! {
    static PANIC: RefCell<String> = const { RefCell::new(String::new()) };
}

/// Installs the hook that keeps a panic's message for [`last_panic`]. Called
/// by wasm-bindgen when the module starts.
#[wasm_bindgen(start)]
pub fn start() {
    std::panic::set_hook(Box::new(|info| {
        let message = info.to_string();
        PANIC.with(|p| *p.borrow_mut() = message);
    }));
}

/// Plays the scenario an [`Ask`] (JSON) names under its configuration: a
/// [`Played`] as JSON. A request that cannot be read is refused, saying why.
#[wasm_bindgen]
pub fn play(ask: &str) -> String {
    match Ask::from_json(ask) {
        Ok(ask) => played::answer(&ask),
        Err(why) => Played::Refused(why),
    }
    .to_json()
}

/// The host's process table after each command of an [`Ask`]'s run: a
/// [`Processes`] as JSON.
#[wasm_bindgen]
pub fn host_processes(ask: &str) -> String {
    let tables: Processes = Ask::from_json(ask).and_then(|ask| played::host_processes(&ask));
    serde_json::to_string(&tables).unwrap_or_default()
}

/// A live simulation: one node under a configuration, sent one command line
/// at a time, as a terminal types them. The world stays in the module
/// between calls.
#[wasm_bindgen]
pub struct Session {
    sim: Sim,
}

#[wasm_bindgen]
impl Session {
    /// A node under a configuration (a `Config` as JSON), or why there can
    /// be none (the configuration is refused, with the release that made it
    /// impossible).
    #[wasm_bindgen(constructor)]
    pub fn new(config: &str) -> Result<Session, String> {
        let config: Config = serde_json::from_str(config)
            .map_err(|e| format!("a bad configuration for the engine: {e}"))?;
        config.check().map_err(|e| e.to_string())?;
        Ok(Session {
            sim: Sim::new(config, DEFAULT_SEED).with_processes(),
        })
    }

    /// Runs one command line over the session's world: its step (the
    /// record and the hops it caused) as JSON.
    pub fn run_line(&mut self, line: &str) -> String {
        serde_json::to_string(self.sim.run_line(line)).unwrap_or_default()
    }

    /// The host's process table now, as JSON.
    pub fn processes(&self) -> String {
        serde_json::to_string(&self.sim.world().host_processes()).unwrap_or_default()
    }

    /// How many commands have run.
    pub fn steps(&self) -> usize {
        self.sim.steps().len()
    }
}

/// The message of the panic that stopped the module, or an empty string;
/// taken, so a later failure is never given an earlier panic's message.
#[wasm_bindgen]
pub fn last_panic() -> String {
    PANIC.with(|p| std::mem::take(&mut *p.borrow_mut()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use atlas_core::engine::HostProcess;
    use atlas_core::scenario::{find, SCENARIOS};
    use atlas_core::sim::Step;

    fn ask(name: &str) -> Ask {
        let s = find(name).unwrap();
        Ask::new(s.config(), s)
    }

    #[test]
    fn a_run_is_what_the_core_plays() {
        for s in SCENARIOS.iter().take(3) {
            let a = Ask::new(s.config(), s);
            let got = Played::from_json(&play(&a.to_json())).unwrap();
            assert_eq!(got, played::answer(&a), "{}", s.name);
            assert!(matches!(got, Played::Ran(ref steps) if !steps.is_empty()));
        }
    }

    #[test]
    fn refusals_say_why() {
        let mut a = ask("kubectl-run-dockershim");
        a.config.k8s = atlas_core::K8sVersion(24);
        assert!(
            matches!(Played::from_json(&play(&a.to_json())), Ok(Played::Refused(w)) if atlas_core::Catalog::english().render(&w).contains("1.24"))
        );
        assert!(
            matches!(Played::from_json(&play("{")), Ok(Played::Refused(w)) if atlas_core::Catalog::english().render(&w).contains("bad request"))
        );
        let tables: Processes = serde_json::from_str(&host_processes("[]")).unwrap();
        assert!(tables.is_err());
    }

    #[test]
    fn process_tables_cross_as_json() {
        let a = ask("kubectl-run");
        let tables: Processes = serde_json::from_str(&host_processes(&a.to_json())).unwrap();
        assert_eq!(tables, played::host_processes(&a));
    }

    #[test]
    fn a_session_runs_one_line_at_a_time_like_a_script() {
        let s = find("runc-run").unwrap();
        let config = serde_json::to_string(&s.config()).unwrap();
        let mut session = Session::new(&config).unwrap();
        let Played::Ran(script) = played::play(s.config(), s) else {
            panic!("refused");
        };
        // The script's lines, one by one (no comments, no blank lines).
        for (i, line) in s
            .script
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .enumerate()
        {
            let step: Step = serde_json::from_str(&session.run_line(line)).unwrap();
            assert_eq!(step, script[i], "{line}");
        }
        assert_eq!(session.steps(), script.len());
        let _: Vec<HostProcess> = serde_json::from_str(&session.processes()).unwrap();
        let mut bad = s.config();
        bad.k8s = atlas_core::K8sVersion(1);
        assert!(Session::new(&serde_json::to_string(&bad).unwrap()).is_err());
        assert!(Session::new("nonsense").is_err());
    }

    #[test]
    fn a_panic_s_message_is_kept_for_one_reading() {
        start();
        let _ = std::panic::catch_unwind(|| panic!("the engine broke"));
        let _ = std::panic::take_hook();
        assert!(last_panic().contains("the engine broke"));
        assert_eq!(last_panic(), "", "taken, not kept for the next failure");
    }
}
