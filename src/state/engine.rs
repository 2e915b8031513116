//! A scenario's run as the page has it: in the browser every run but the
//! default view's comes from the engine module, a second wasm module loaded
//! on first use ([`crate::browser::play`]), so a run may still be on its
//! way, or the module may have failed to load or stopped. Outside wasm32
//! (tests, server-side renders) the core plays it at once.

use crate::run::Run;
use atlas_core::played::{self, Ask, Played};
use atlas_core::scenario::Scenario;
use atlas_core::{Config, Msg};
use std::rc::Rc;

/// Where a scenario's run stands.
#[derive(Debug, Clone)]
pub enum Ran {
    /// The run.
    Ready(Rc<Run>),
    /// Asked of the engine module, not answered yet (the `Rc` matches the
    /// answer to the ask).
    Waiting(Rc<Ask>),
    /// The engine module could not be loaded, or it stopped: why. A retry
    /// asks again.
    Failed(Rc<Ask>, Rc<str>),
    /// The configuration cannot run the scenario: the core's reason.
    Refused(Msg),
}

/// Runs and asks compare by identity (a deep comparison would walk every hop).
impl PartialEq for Ran {
    fn eq(&self, o: &Ran) -> bool {
        match (self, o) {
            (Ran::Ready(a), Ran::Ready(b)) => Rc::ptr_eq(a, b),
            (Ran::Waiting(a), Ran::Waiting(b)) => Rc::ptr_eq(a, b),
            (Ran::Failed(a, x), Ran::Failed(b, y)) => Rc::ptr_eq(a, b) && x == y,
            (Ran::Refused(a), Ran::Refused(b)) => a == b,
            _ => false,
        }
    }
}

/// The run of a scenario under a configuration: refused at once when the
/// configuration cannot run it; the default view's run, which the app
/// carries; in the browser, any other is asked of the engine module.
pub fn ran(config: Config, scenario: &Scenario) -> Ran {
    if let Some(why) = played::refusal(config, scenario) {
        return Ran::Refused(why);
    }
    let ask = Ask::new(config, scenario);
    if Run::is_default_view(config, scenario) {
        return match Run::default_view() {
            Ok(run) => Ran::Ready(Rc::new(run)),
            Err(why) => Ran::Failed(Rc::new(ask), Rc::from(why)),
        };
    }
    #[cfg(not(target_arch = "wasm32"))]
    let ran = match Run::played(ask, played::play(config, scenario)) {
        Ok(run) => Ran::Ready(Rc::new(run)),
        Err(why) => Ran::Refused(why),
    };
    #[cfg(target_arch = "wasm32")]
    let ran = Ran::Waiting(Rc::new(ask));
    ran
}

impl Ran {
    /// The run, once there.
    pub fn ready(&self) -> Option<&Rc<Run>> {
        match self {
            Ran::Ready(r) => Some(r),
            _ => None,
        }
    }

    /// The ask the engine module has not answered yet.
    pub fn request(&self) -> Option<&Rc<Ask>> {
        match self {
            Ran::Waiting(a) => Some(a),
            _ => None,
        }
    }

    /// Whether the engine module's answer is awaited.
    pub fn is_waiting(&self) -> bool {
        matches!(self, Ran::Waiting(_))
    }

    /// Takes the engine module's answer to `ask` (its [`Played`] as JSON, or
    /// why there is none); false when it answers another ask (since
    /// replaced), which changes nothing.
    pub fn answer(&mut self, ask: &Rc<Ask>, answer: Result<String, String>) -> bool {
        match self {
            Ran::Waiting(a) if Rc::ptr_eq(a, ask) => {
                let played = answer.and_then(|json| Played::from_json(&json));
                *self = match played {
                    Ok(p) => match Run::played((**ask).clone(), p) {
                        Ok(run) => Ran::Ready(Rc::new(run)),
                        Err(why) => Ran::Refused(why),
                    },
                    Err(why) => Ran::Failed(Rc::clone(ask), Rc::from(why)),
                };
                true
            }
            _ => false,
        }
    }

    /// Asks again after a failure (a module that could not be loaded is
    /// imported again, one that stopped is replaced); false if there was none.
    pub fn retry(&mut self) -> bool {
        match self {
            Ran::Failed(a, _) => {
                *self = Ran::Waiting(Rc::new((**a).clone()));
                true
            }
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use atlas_core::scenario::{find, SCENARIOS};

    /// As the browser has it before the engine module answers.
    fn waiting(name: &str) -> (Ran, Rc<Ask>) {
        let s = find(name).expect("scenario");
        let ask = Rc::new(Ask::new(s.config(), s));
        (Ran::Waiting(Rc::clone(&ask)), ask)
    }

    #[test]
    fn the_default_view_needs_no_engine_module() {
        let s = &SCENARIOS[0];
        assert!(matches!(ran(s.config(), s), Ran::Ready(_)));
        let mut c = s.config();
        c.k8s = atlas_core::K8sVersion(c.k8s.0 - 1);
        assert!(
            matches!(ran(c, s), Ran::Ready(_)),
            "natively the core plays it"
        );
    }

    #[test]
    fn the_module_s_answer_becomes_the_run() {
        let (mut r, ask) = waiting("runc-run");
        let other = Rc::new((*ask).clone());
        let json = played::answer(&ask).to_json();
        assert!(!r.answer(&other, Ok(json.clone())), "another ask's answer");
        assert!(r.is_waiting());
        assert!(r.answer(&ask, Ok(json)));
        let run = r.ready().expect("the run");
        let s = find("runc-run").expect("scenario");
        assert_eq!(**run, Run::new(s.config(), s).expect("runs"));
        assert!(!r.retry(), "nothing failed");
    }

    #[test]
    fn a_module_that_fails_says_why_and_is_asked_again() {
        let (mut r, ask) = waiting("runc-run");
        assert!(r.answer(
            &ask,
            Err("the engine module could not be loaded (404)".into())
        ));
        assert!(matches!(&r, Ran::Failed(_, why) if why.contains("404")));
        assert!(r.ready().is_none() && r.request().is_none());
        assert!(r.retry());
        let again = Rc::clone(r.request().expect("asked again"));
        assert!(!Rc::ptr_eq(&again, &ask), "a new ask, so the page sends it");
        assert!(r.answer(&again, Ok("{\"ran\": 5}".into())));
        assert!(matches!(&r, Ran::Failed(_, why) if why.contains("could not be read")));
    }

    #[test]
    fn a_refusal_from_the_module_is_the_core_s_reason() {
        let (mut r, ask) = waiting("runc-run");
        let refused =
            Played::Refused(atlas_core::msg!("sim-unknown-scenario", name = "x")).to_json();
        assert!(r.answer(&ask, Ok(refused)));
        assert_eq!(
            r,
            Ran::Refused(atlas_core::msg!("sim-unknown-scenario", name = "x"))
        );
    }
}
