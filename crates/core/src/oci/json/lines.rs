//! Byte offsets to 1-based lines and columns (columns count characters).

use super::at;

/// Lines and columns of ascending byte offsets, in one sweep that stops at
/// the last one (no table of line starts).
pub(crate) fn positions_sorted(text: &str, offsets: &[u32]) -> Vec<(u32, u32)> {
    let b = text.as_bytes();
    let mut out = Vec::with_capacity(offsets.len());
    let (mut cur, mut line, mut line_start) = (0usize, 1usize, 0usize);
    for &o in offsets {
        let mut o = (o as usize).min(b.len());
        while !text.is_char_boundary(o) {
            o -= 1;
        }
        if o < cur {
            // Not ascending: start over (correct, only slower).
            (cur, line, line_start) = (0, 1, 0);
        }
        let chunk = b.get(cur..o).unwrap_or(&[]);
        let newlines = chunk.iter().filter(|c| **c == b'\n').count();
        if newlines > 0 {
            line += newlines;
            line_start = cur + chunk.iter().rposition(|c| *c == b'\n').map_or(0, |p| p + 1);
        }
        cur = o;
        let column = text.get(line_start..o).map_or(0, |s| s.chars().count());
        out.push((at(line), at(column + 1)));
    }
    out
}

/// Turns byte offsets into 1-based lines and columns (columns count
/// characters, not bytes). Offsets must be visited in any order; the table of
/// line starts is built once.
pub(crate) struct LineIndex<'t> {
    text: &'t str,
    starts: Vec<u32>,
}

impl<'t> LineIndex<'t> {
    /// Indexes the line starts of `text`.
    pub(crate) fn new(text: &'t str) -> LineIndex<'t> {
        let mut starts = vec![0u32];
        for (i, b) in text.bytes().enumerate() {
            if b == b'\n' {
                starts.push(at(i + 1));
            }
        }
        LineIndex { text, starts }
    }

    /// Line and column of a byte offset (clamped to the text).
    pub(crate) fn position(&self, offset: u32) -> (u32, u32) {
        let mut offset = (offset as usize).min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|s| *s as usize <= offset);
        let start = self
            .starts
            .get(line.saturating_sub(1))
            .copied()
            .unwrap_or(0) as usize;
        let column = self
            .text
            .get(start..offset)
            .map_or(0, |s| s.chars().count());
        (at(line), at(column + 1))
    }

    /// The byte offset of a 1-based line and a 1-based byte column (as
    /// `serde_json` counts them).
    pub(crate) fn offset_of_byte_column(&self, line: usize, column: usize) -> u32 {
        let start = self
            .starts
            .get(line.saturating_sub(1))
            .copied()
            .unwrap_or(0);
        let offset = (start as usize + column.saturating_sub(1)).min(self.text.len());
        at(offset)
    }
}
