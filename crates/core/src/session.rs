//! A terminal's session as a link carries it: what was typed and done, in
//! order ([`Entry`]), packed into the link's characters and read back.
//!
//! Packing: the entries as a compact text (one entry a line, `\`-escaped),
//! raw deflate ([`miniz_oxide`], RFC 1951 without a zlib header), then
//! base64url without padding (only `A-Za-z0-9-_`, which a link's fragment
//! takes as it is; forty lines here: the `base64` crate measured 6.8 KB of
//! the engine module's wasm). Reading a link's text is reading untrusted input: it
//! never panics, and refuses, saying why, what is not the terminal's, what
//! is longer than [`MAX_LINK_CHARS`], what unpacks to more than
//! [`MAX_DECODED`] bytes (a deflate bomb) and more than [`MAX_ENTRIES`]
//! entries.
//!
//! The text: a typed line is the line itself, its `\`, newlines and
//! carriage returns escaped (`\\`, `\n`, `\r`); `\t1000` is a tick of 1,000
//! ms; `\c` an interrupt (Ctrl-C); `\sv` / `\sn` a file saved with vi or
//! nano, its path and its text escaped and parted by `\|`.

use crate::message::{Catalog, Msg};
use crate::msg;
use crate::sim::Editor;
use serde::{Deserialize, Serialize};

/// The longest session a link carries, in characters of the packed text.
pub const MAX_LINK_CHARS: usize = 8000;
/// The most bytes a session unpacks to.
pub const MAX_DECODED: usize = 1 << 20;
/// The most entries a session holds.
pub const MAX_ENTRIES: usize = 2000;

/// One thing the person did in the terminal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Entry {
    /// A command line (several lines for a here-document).
    Line(String),
    /// A file saved in an editor.
    Save {
        /// The path as the editor was given it.
        path: String,
        /// The buffer's text.
        text: String,
        /// `vi` or `nano`.
        editor: Editor,
    },
    /// Logical milliseconds a following command ran.
    Tick(u64),
    /// Ctrl-C.
    Interrupt,
}

/// Why a link's session cannot be read. Its words are messages
/// ([`SessionError::message`]); `Display` renders them in English.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", Catalog::english().render(&self.message()))]
pub enum SessionError {
    /// A character base64url does not use.
    BadCharacters,
    /// Not raw deflate data (cut or changed).
    BadDeflate,
    /// Unpacks to more than [`MAX_DECODED`] bytes.
    TooBig,
    /// More than [`MAX_ENTRIES`] entries.
    TooMany,
    /// Longer than [`MAX_LINK_CHARS`].
    TooLong,
    /// An entry that cannot be read, at this line of the unpacked text (1 = the first).
    BadEntry(usize),
}

impl SessionError {
    /// What went wrong, in the reader's language.
    pub fn message(&self) -> Msg {
        match self {
            SessionError::BadCharacters => msg!("session-bad-characters"),
            SessionError::BadDeflate => msg!("session-bad-deflate"),
            SessionError::TooBig => msg!("session-too-big", max = MAX_DECODED),
            SessionError::TooMany => msg!("session-too-many", max = MAX_ENTRIES),
            SessionError::TooLong => msg!("session-too-long", max = MAX_LINK_CHARS),
            SessionError::BadEntry(line) => msg!("session-bad-entry", line = *line),
        }
    }
}

/// Appends `s` escaped: `\` → `\\`, newline → `\n`, CR → `\r`.
fn escape_into(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
}

/// One entry's line of the text (without its newline).
fn entry_line(e: &Entry) -> String {
    let mut s = String::new();
    match e {
        Entry::Line(l) => escape_into(&mut s, l),
        Entry::Tick(ms) => {
            s.push_str("\\t");
            s.push_str(&ms.to_string());
        }
        Entry::Interrupt => s.push_str("\\c"),
        Entry::Save { path, text, editor } => {
            s.push_str(match editor {
                Editor::Vi => "\\sv",
                Editor::Nano => "\\sn",
            });
            escape_into(&mut s, path);
            s.push_str("\\|");
            escape_into(&mut s, text);
        }
    }
    s
}

/// The text of a list of entries.
fn to_text(entries: &[Entry]) -> String {
    let mut s = String::new();
    for (i, e) in entries.iter().enumerate() {
        if i > 0 {
            s.push('\n');
        }
        s.push_str(&entry_line(e));
    }
    s
}

/// Reads one escaped field up to `\|` (when `until_bar`) or the end.
/// Returns the text and whether `\|` ended it; `None` on a bad escape.
fn unescape(chars: &mut std::str::Chars<'_>, until_bar: bool) -> Option<(String, bool)> {
    let mut out = String::new();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next()? {
            '\\' => out.push('\\'),
            'n' => out.push('\n'),
            'r' => out.push('\r'),
            '|' if until_bar => return Some((out, true)),
            _ => return None,
        }
    }
    Some((out, false))
}

fn read_entry(line: &str) -> Option<Entry> {
    if let Some(ms) = line.strip_prefix("\\t") {
        if ms.is_empty() || !ms.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        return ms.parse().ok().map(Entry::Tick);
    }
    if line == "\\c" {
        return Some(Entry::Interrupt);
    }
    let save = |rest: &str, editor: Editor| -> Option<Entry> {
        let mut chars = rest.chars();
        let (path, bar) = unescape(&mut chars, true)?;
        if !bar {
            return None;
        }
        let (text, _) = unescape(&mut chars, false)?;
        Some(Entry::Save { path, text, editor })
    };
    if let Some(rest) = line.strip_prefix("\\sv") {
        return save(rest, Editor::Vi);
    }
    if let Some(rest) = line.strip_prefix("\\sn") {
        return save(rest, Editor::Nano);
    }
    let (text, _) = unescape(&mut line.chars(), false)?;
    Some(Entry::Line(text))
}

fn pack(text: &str) -> String {
    base64url(&miniz_oxide::deflate::compress_to_vec(text.as_bytes(), 9))
}

/// base64url's alphabet (RFC 4648 §5).
const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Bytes as base64url without padding.
fn base64url(bytes: &[u8]) -> String {
    let mut s = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = u32::from(b[0]) << 16 | u32::from(b[1]) << 8 | u32::from(b[2]);
        for k in 0..=chunk.len() {
            s.push(char::from(B64[(n >> (18 - 6 * k) & 63) as usize]));
        }
    }
    s
}

/// base64url without padding to bytes; `None` for a character outside the
/// alphabet, a length no encoding gives, or bits left over that are not 0
/// (so every text has one reading).
fn from_base64url(text: &str) -> Option<Vec<u8>> {
    let value = |c: u8| -> Option<u32> {
        Some(u32::from(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'-' => 62,
            b'_' => 63,
            _ => return None,
        }))
    };
    let bytes = text.as_bytes();
    if bytes.len() % 4 == 1 {
        return None;
    }
    let mut out = Vec::with_capacity(bytes.len() / 4 * 3 + 2);
    for chunk in bytes.chunks(4) {
        let mut n = 0u32;
        for (k, c) in chunk.iter().enumerate() {
            n |= value(*c)? << (18 - 6 * k);
        }
        let full = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
        let keep = chunk.len() - 1;
        // The bits past the last whole byte must be 0.
        if keep < 3 && n & (0x00ff_ffff >> (8 * keep)) != 0 {
            return None;
        }
        out.extend_from_slice(&full[..keep]);
    }
    Some(out)
}

/// Packs the first entries that fit in `max_chars` (and in [`MAX_ENTRIES`]
/// and [`MAX_DECODED`]): the link's text and how many entries it holds (all
/// of them when they fit). No entries: the empty text.
pub fn encode(entries: &[Entry], max_chars: usize) -> (String, usize) {
    // The most entries the bounds allow, by their raw size.
    let mut limit = entries.len().min(MAX_ENTRIES);
    let mut raw = 0usize;
    for (i, e) in entries.iter().take(limit).enumerate() {
        raw += entry_line(e).len() + 1;
        if raw > MAX_DECODED {
            limit = i;
            break;
        }
    }
    let fits = |n: usize| -> Option<String> {
        if n == 0 {
            return Some(String::new());
        }
        let s = pack(&to_text(&entries[..n]));
        (s.len() <= max_chars).then_some(s)
    };
    if let Some(s) = fits(limit) {
        return (s, limit);
    }
    // The largest prefix that fits (a longer prefix packs no shorter).
    let (mut lo, mut hi) = (0usize, limit);
    while lo + 1 < hi {
        let mid = lo + (hi - lo) / 2;
        if fits(mid).is_some() {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    let mut n = lo;
    loop {
        if let Some(s) = fits(n) {
            return (s, n);
        }
        n = n.saturating_sub(1);
    }
}

/// Reads a link's session back, or says why it cannot.
pub fn decode(text: &str) -> Result<Vec<Entry>, SessionError> {
    if text.is_empty() {
        return Ok(Vec::new());
    }
    if text.len() > MAX_LINK_CHARS {
        return Err(SessionError::TooLong);
    }
    if !text
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    {
        return Err(SessionError::BadCharacters);
    }
    let packed = from_base64url(text).ok_or(SessionError::BadCharacters)?;
    let raw =
        miniz_oxide::inflate::decompress_to_vec_with_limit(&packed, MAX_DECODED).map_err(|e| {
            match e.status {
                miniz_oxide::inflate::TINFLStatus::HasMoreOutput => SessionError::TooBig,
                _ => SessionError::BadDeflate,
            }
        })?;
    let text = String::from_utf8(raw).map_err(|_| SessionError::BadDeflate)?;
    let mut entries = Vec::new();
    for (i, line) in text.split('\n').enumerate() {
        if entries.len() >= MAX_ENTRIES {
            return Err(SessionError::TooMany);
        }
        entries.push(read_entry(line).ok_or(SessionError::BadEntry(i + 1))?);
    }
    Ok(entries)
}

#[cfg(test)]
mod tests;
