//! One command in the scrollback.

use super::sgr::Span;
use atlas_core::remark::Remark;
use atlas_core::Msg;

/// One command in the scrollback: the prompt and what was typed, then what
/// it printed (the tools' words, styled), then the simulator's remarks and
/// the terminal's own notes (in the reader's language, when drawn).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Block {
    /// The prompt shown before the command (empty: a block of output only).
    pub prompt: String,
    /// The command as typed (lines after the first were typed after `> `).
    pub command: String,
    /// What it printed.
    pub out: Vec<Span>,
    /// The simulator's remarks about it.
    pub remarks: Vec<Remark>,
    /// What the terminal itself says (a refused paste, a module that stopped).
    pub note: Option<Msg>,
    /// Its number in the session (the page's key for it).
    pub id: u64,
}

impl Block {
    /// Lines it takes.
    pub(super) fn lines(&self) -> usize {
        1 + self
            .out
            .iter()
            .map(|s| s.text.matches('\n').count())
            .sum::<usize>()
            + self.remarks.len()
    }

    /// Drops its first `n` lines of output.
    pub(super) fn cut_front(&mut self, mut n: usize) {
        while n > 0 {
            let Some(first) = self.out.first_mut() else {
                return;
            };
            match first.text.match_indices('\n').nth(n - 1) {
                Some((i, _)) => {
                    first.text.drain(..=i);
                    return;
                }
                None => {
                    n -= first.text.matches('\n').count();
                    self.out.remove(0);
                }
            }
        }
    }
}
