//! A trace file opened for replay: the trace as read, its run and its
//! diagram, or the reader's error with its line.

use crate::layout::{layout_hops, Layout};
use crate::run::Run;
use atlas_core::{msg, Msg, TraceFile};
use std::rc::Rc;

/// A trace as read, its run and its diagram.
pub type Replayed = (Rc<TraceFile>, Rc<Run>, Rc<Layout>);

/// A trace file opened for replay. Two are equal when they share their trace.
#[derive(Debug, Clone)]
pub struct Replay {
    /// The file's name.
    pub name: String,
    /// The trace as read (its header says what made it), its run and diagram,
    /// or the reader's error with its line number.
    pub trace: Result<Replayed, Msg>,
}

impl PartialEq for Replay {
    fn eq(&self, o: &Replay) -> bool {
        self.name == o.name
            && match (&self.trace, &o.trace) {
                (Ok((t, _, _)), Ok((u, _, _))) => Rc::ptr_eq(t, u),
                (Err(a), Err(b)) => a == b,
                _ => false,
            }
    }
}

impl Replay {
    /// Reads a file's text.
    pub fn new(name: &str, text: &str) -> Replay {
        let trace = TraceFile::parse(text)
            .map_err(|e| e.message())
            .and_then(|t| {
                if t.hops.is_empty() {
                    return Err(msg!("app-replay-no-hop"));
                }
                let run = Run::from_trace(&t, name);
                let layout = layout_hops(&run.hops);
                Ok((Rc::new(t), Rc::new(run), Rc::new(layout)))
            });
        Replay {
            name: name.to_string(),
            trace,
        }
    }
}
