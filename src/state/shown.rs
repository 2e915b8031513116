//! A run and its diagram: what the stage draws for a configuration running
//! a scenario, or why the configuration cannot exist.

use crate::layout::{layout, Layout};
use crate::run::Run;
use atlas_core::scenario::Scenario;
use atlas_core::{Config, Topology};
use std::rc::Rc;

/// A run and its diagram, or why there is none.
pub type Shown = Result<(Rc<Run>, Rc<Layout>), String>;

/// The run and diagram of a configuration running a scenario.
pub fn shown(config: Config, scenario: &Scenario) -> Shown {
    let run = Run::new(config, scenario)?;
    Ok((Rc::new(run), Rc::new(layout(&Topology::new(&config)))))
}
