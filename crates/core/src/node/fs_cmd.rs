//! File commands: `ls`, `mkdir`, `rm`, `cp`, `mv`, `touch`, `vi`/`nano`.

use super::Io;
use crate::engine::{Outcome, World};

/// Runs one file command.
pub(crate) fn run(_w: &mut World, _prog: &str, _argv: &[String], _io: &Io<'_>) -> Option<Outcome> {
    None
}
