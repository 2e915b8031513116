//! A run and its diagram: what the stage draws for a configuration running
//! a scenario, or why the configuration cannot exist.

use super::engine::{ran, Ran};
use crate::layout::{layout, Layout};
use crate::run::Run;
use atlas_core::scenario::Scenario;
use atlas_core::{Config, Msg, Topology};
use std::rc::Rc;

/// A run and its diagram, or why there is none.
pub type Shown = Result<(Rc<Run>, Rc<Layout>), Msg>;

/// A configuration's diagram, or why the configuration cannot exist.
pub fn diagram(config: Config) -> Result<Rc<Layout>, Msg> {
    config
        .check()
        .map(|()| Rc::new(layout(&Topology::new(&config))))
        .map_err(|e| e.message())
}

/// One side of compare mode: a scenario's run under a configuration (or
/// where it stands) and the configuration's diagram.
#[derive(Debug, Clone)]
pub struct Side {
    /// The run, or where it stands.
    pub run: Ran,
    /// The diagram, or why the configuration cannot exist.
    pub layout: Result<Rc<Layout>, Msg>,
}

/// Sides compare by identity (a deep comparison walks every hop, at each step).
impl PartialEq for Side {
    fn eq(&self, o: &Side) -> bool {
        let layouts = match (&self.layout, &o.layout) {
            (Ok(a), Ok(b)) => Rc::ptr_eq(a, b),
            (Err(a), Err(b)) => a == b,
            _ => false,
        };
        self.run == o.run && layouts
    }
}

impl Side {
    /// A scenario under a configuration.
    pub fn new(config: Config, scenario: &Scenario) -> Side {
        let layout = diagram(config);
        let run = match &layout {
            Err(e) => Ran::Refused(e.clone()),
            Ok(_) => ran(config, scenario),
        };
        Side { run, layout }
    }

    /// The run and its diagram, once both are there.
    pub fn shown(&self) -> Option<(Rc<Run>, Rc<Layout>)> {
        match (&self.run, &self.layout) {
            (Ran::Ready(r), Ok(l)) => Some((Rc::clone(r), Rc::clone(l))),
            _ => None,
        }
    }

    /// The number of hops (0 until the run is there).
    pub fn len(&self) -> usize {
        self.run.ready().map_or(0, |r| r.len())
    }

    /// Whether there is no hop (yet).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}
