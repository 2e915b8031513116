//! bash-like completion over the world: what Tab offers at a cursor.

use crate::engine::World;
use crate::shell::Shell;
use serde::{Deserialize, Serialize};

/// What Tab offers: the words that may replace the line's characters from
/// `start` to the cursor (character offsets), sorted and without doubles.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Completion {
    /// Where the word being completed starts (a character offset).
    pub start: usize,
    /// The candidates, whole words; a directory ends with `/`.
    pub items: Vec<String>,
}

/// The candidates for the word before `cursor` (a character offset) in
/// `line`, on this world, with this shell's working directory and aliases.
pub fn complete(_world: &World, _shell: &Shell, line: &str, cursor: usize) -> Completion {
    let cursor = cursor.min(line.chars().count());
    Completion {
        start: cursor,
        items: Vec::new(),
    }
}
