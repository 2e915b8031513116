//! The reader: JSON text to a [`Tree`] in one pass without recursion (an
//! explicit stack of open containers), with the size, depth and count limits
//! checked before the work, and the first syntax fault at its byte offset.

use super::*;
use crate::message::{Catalog, Msg};
use crate::msg;

/// Why a text could not be read, at a byte offset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SyntaxError {
    /// Byte offset of the fault.
    pub offset: u32,
    /// What was wrong.
    pub fault: Fault,
}

/// The faults [`Tree::parse`] reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Fault {
    /// More than [`MAX_BYTES`].
    TooLarge(u64),
    /// More than [`MAX_DEPTH`] nested containers.
    TooDeep,
    /// More than [`MAX_VALUES`] values.
    TooManyValues,
    /// Only whitespace.
    Empty,
    /// A UTF-8 byte order mark before the document.
    ByteOrderMark,
    /// Something that cannot start a value.
    ExpectedValue(char),
    /// The text ends where a value should be.
    EndInsteadOfValue,
    /// An object member that does not start with a string key.
    ExpectedKey(char),
    /// No `:` after a key.
    ExpectedColon(char),
    /// Neither `,` nor the closing bracket after a member or element.
    ExpectedCommaOr(char, char),
    /// A `,` right before `}` or `]`.
    TrailingComma(char),
    /// The text ends inside a container opened at the given offset.
    Unclosed(char, u32),
    /// The text ends inside a string.
    UnterminatedString,
    /// A raw control character inside a string.
    ControlInString(char),
    /// A backslash not followed by a JSON escape.
    BadEscape(char),
    /// `\u` not followed by 4 hex digits.
    BadUnicodeEscape,
    /// A UTF-16 surrogate without its pair.
    LoneSurrogate,
    /// A number that breaks the grammar.
    BadNumber(&'static str),
    /// A misspelt `true`, `false` or `null`.
    BadLiteral(&'static str),
    /// Text after the document.
    Trailing(char),
}

impl fmt::Display for Fault {
    /// The English text of [`Fault::message`].
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&Catalog::english().render(&self.message()))
    }
}

impl Fault {
    /// What is wrong, as a message (`val-json-…`).
    pub(crate) fn message(&self) -> Msg {
        match self {
            Fault::TooLarge(n) => msg!(
                "val-json-too-large",
                size = mb(*n),
                limit = mb(MAX_BYTES as u64)
            ),
            Fault::TooDeep => msg!("val-json-too-deep", limit = MAX_DEPTH),
            Fault::TooManyValues => msg!("val-json-too-many-values", limit = MAX_VALUES),
            Fault::Empty => msg!("val-json-empty"),
            Fault::ByteOrderMark => msg!("val-json-bom"),
            Fault::ExpectedValue(c) => msg!("val-json-expected-value", found = show(*c)),
            Fault::EndInsteadOfValue => msg!("val-json-end-instead-of-value"),
            Fault::ExpectedKey(c) => msg!("val-json-expected-key", found = show(*c)),
            Fault::ExpectedColon(c) => msg!("val-json-expected-colon", found = show(*c)),
            Fault::ExpectedCommaOr(close, c) => Msg::new(if *close == '}' {
                "val-json-expected-comma-member"
            } else {
                "val-json-expected-comma-element"
            })
            .arg("found", show(*c)),
            Fault::TrailingComma(close) => {
                msg!("val-json-trailing-comma", close = close.to_string())
            }
            Fault::Unclosed(open, _) => Msg::new(if *open == '{' {
                "val-json-unclosed-object"
            } else {
                "val-json-unclosed-array"
            }),
            Fault::UnterminatedString => msg!("val-json-unterminated-string"),
            Fault::ControlInString(c) => msg!(
                "val-json-control-in-string",
                code = format!("{:04X}", *c as u32)
            ),
            Fault::BadEscape(c) => {
                msg!("val-json-bad-escape", escape = c.escape_debug().to_string())
            }
            Fault::BadUnicodeEscape => msg!("val-json-bad-unicode-escape"),
            Fault::LoneSurrogate => msg!("val-json-lone-surrogate"),
            Fault::BadNumber(why) => msg!(
                "val-json-bad-number",
                why = match *why {
                    "a digit must follow '-'" => msg!("val-json-number-minus"),
                    "leading zeros are not allowed" => msg!("val-json-number-leading-zero"),
                    "a digit must follow the decimal point" => msg!("val-json-number-point"),
                    "a digit must follow the exponent" => msg!("val-json-number-exponent"),
                    other => msg!("val-word", word = other),
                }
            ),
            Fault::BadLiteral(word) => msg!("val-json-bad-literal", word = *word),
            Fault::Trailing(c) => msg!("val-json-trailing", found = show(*c)),
        }
    }
}

/// `12.3 MB` (powers of 1000).
pub(crate) fn mb(bytes: u64) -> String {
    let tenths = bytes.div_ceil(100_000);
    if tenths.is_multiple_of(10) {
        format!("{} MB", tenths / 10)
    } else {
        format!("{}.{} MB", tenths / 10, tenths % 10)
    }
}

fn show(c: char) -> Msg {
    match c {
        '\0' => msg!("val-json-nul"),
        c if c.is_control() => msg!("val-json-control", code = format!("{:04X}", c as u32)),
        c => msg!("val-json-char", char = c.to_string()),
    }
}

fn char_at(text: &str, i: usize) -> char {
    text.get(i..).and_then(|s| s.chars().next()).unwrap_or('\0')
}

fn skip_ws(b: &[u8], mut i: usize) -> usize {
    while let Some(c) = b.get(i) {
        if matches!(c, b' ' | b'\t' | b'\n' | b'\r') {
            i += 1;
        } else {
            break;
        }
    }
    i
}

fn hex4(b: &[u8], i: usize) -> Option<u32> {
    let mut v = 0u32;
    for k in 0..4 {
        let d = (*b.get(i + k)? as char).to_digit(16)?;
        v = v * 16 + d;
    }
    Some(v)
}

/// The bytes that end a run of plain string characters.
static STRING_STOP: [bool; 256] = {
    let mut t = [false; 256];
    let mut i = 0;
    while i < 0x20 {
        t[i] = true;
        i += 1;
    }
    t[b'"' as usize] = true;
    t[b'\\' as usize] = true;
    t
};

/// Scans a string starting at the opening quote `i`; returns the offset past
/// the closing quote and whether it holds escapes.
fn scan_string(text: &str, b: &[u8], i: usize) -> Result<(usize, bool), SyntaxError> {
    let err = |offset: usize, fault| SyntaxError {
        offset: at(offset),
        fault,
    };
    let mut j = i + 1;
    let mut escaped = false;
    loop {
        // Plain characters in bulk: only '"', '\\' and control characters stop.
        j += b
            .get(j..)
            .unwrap_or(&[])
            .iter()
            .position(|c| STRING_STOP[usize::from(*c)])
            .unwrap_or(b.len().saturating_sub(j));
        let Some(&c) = b.get(j) else {
            return Err(err(i, Fault::UnterminatedString));
        };
        match c {
            b'"' => return Ok((j + 1, escaped)),
            b'\\' => {
                escaped = true;
                let Some(&e) = b.get(j + 1) else {
                    return Err(err(i, Fault::UnterminatedString));
                };
                match e {
                    b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't' => j += 2,
                    b'u' => {
                        let Some(u) = hex4(b, j + 2) else {
                            return Err(err(j, Fault::BadUnicodeEscape));
                        };
                        if (0xDC00..0xE000).contains(&u) {
                            return Err(err(j, Fault::LoneSurrogate));
                        }
                        if (0xD800..0xDC00).contains(&u) {
                            let pair = (b.get(j + 6) == Some(&b'\\')
                                && b.get(j + 7) == Some(&b'u'))
                            .then(|| hex4(b, j + 8))
                            .flatten();
                            match pair {
                                Some(lo) if (0xDC00..0xE000).contains(&lo) => j += 12,
                                _ => return Err(err(j, Fault::LoneSurrogate)),
                            }
                        } else {
                            j += 6;
                        }
                    }
                    _ => return Err(err(j, Fault::BadEscape(char_at(text, j + 1)))),
                }
            }
            c if c < 0x20 => return Err(err(j, Fault::ControlInString(c as char))),
            _ => j += 1,
        }
    }
}

fn scan_number(b: &[u8], i: usize) -> Result<usize, SyntaxError> {
    let err = |offset: usize, why| SyntaxError {
        offset: at(offset),
        fault: Fault::BadNumber(why),
    };
    let digit = |j: usize| b.get(j).is_some_and(|c| c.is_ascii_digit());
    let mut j = i;
    if b.get(j) == Some(&b'-') {
        j += 1;
    }
    if !digit(j) {
        return Err(err(j, "a digit must follow '-'"));
    }
    if b.get(j) == Some(&b'0') {
        j += 1;
        if digit(j) {
            return Err(err(i, "leading zeros are not allowed"));
        }
    } else {
        while digit(j) {
            j += 1;
        }
    }
    if b.get(j) == Some(&b'.') {
        j += 1;
        if !digit(j) {
            return Err(err(j, "a digit must follow the decimal point"));
        }
        while digit(j) {
            j += 1;
        }
    }
    if matches!(b.get(j), Some(b'e' | b'E')) {
        j += 1;
        if matches!(b.get(j), Some(b'+' | b'-')) {
            j += 1;
        }
        if !digit(j) {
            return Err(err(j, "a digit must follow the exponent"));
        }
        while digit(j) {
            j += 1;
        }
    }
    Ok(j)
}

struct Frame {
    id: u32,
    last: u32,
    count: u32,
    object: bool,
}

impl<'t> Tree<'t> {
    /// Parses a whole document.
    pub(crate) fn parse(text: &'t str) -> Result<Tree<'t>, SyntaxError> {
        if text.len() > MAX_BYTES {
            return Err(SyntaxError {
                offset: 0,
                fault: Fault::TooLarge(text.len() as u64),
            });
        }
        let b = text.as_bytes();
        if b.starts_with(&[0xEF, 0xBB, 0xBF]) {
            return Err(SyntaxError {
                offset: 0,
                fault: Fault::ByteOrderMark,
            });
        }
        let err = |offset: usize, fault| SyntaxError {
            offset: at(offset),
            fault,
        };
        let mut nodes: Vec<Node> = Vec::with_capacity((b.len() / 16).min(1 << 16) + 1);
        let mut stack: Vec<Frame> = Vec::new();
        let mut key: (u32, u32, bool) = (NONE, NONE, false);
        let mut i = skip_ws(b, 0);
        if i >= b.len() {
            return Err(err(i, Fault::Empty));
        }
        'value: loop {
            // A value starts at `i`.
            let Some(&c) = b.get(i) else {
                return Err(err(i, Fault::EndInsteadOfValue));
            };
            if nodes.len() as u64 >= u64::from(MAX_VALUES) {
                return Err(err(i, Fault::TooManyValues));
            }
            let (kind, end, escaped) = match c {
                b'{' | b'[' => (if c == b'{' { Kind::Object } else { Kind::Array }, 0, false),
                b'"' => {
                    let (end, esc) = scan_string(text, b, i)?;
                    (Kind::String, end, esc)
                }
                b't' | b'f' | b'n' => {
                    let word: &'static str = match c {
                        b't' => "true",
                        b'f' => "false",
                        _ => "null",
                    };
                    if !b[i..].starts_with(word.as_bytes()) {
                        return Err(err(i, Fault::BadLiteral(word)));
                    }
                    let kind = if c == b'n' { Kind::Null } else { Kind::Bool };
                    (kind, i + word.len(), false)
                }
                b'-' | b'0'..=b'9' => (Kind::Number, scan_number(b, i)?, false),
                _ => return Err(err(i, Fault::ExpectedValue(char_at(text, i)))),
            };
            let id = at(nodes.len());
            let (parent, index) = match stack.last_mut() {
                Some(frame) => {
                    if frame.last == NONE {
                        nodes[frame.id as usize].first = id;
                    } else {
                        nodes[frame.last as usize].next = id;
                    }
                    frame.last = id;
                    frame.count += 1;
                    (frame.id, frame.count - 1)
                }
                None => (NONE, 0),
            };
            let mut flags = 0;
            if key.2 {
                flags |= KEY_ESCAPED;
            }
            if escaped {
                flags |= VALUE_ESCAPED;
            }
            nodes.push(Node {
                kind,
                flags,
                start: at(i),
                end: at(end),
                key_start: key.0,
                key_end: key.1,
                parent,
                first: NONE,
                next: NONE,
                index,
                len: 0,
            });
            key = (NONE, NONE, false);
            if matches!(kind, Kind::Object | Kind::Array) {
                if stack.len() as u32 >= MAX_DEPTH {
                    return Err(err(i, Fault::TooDeep));
                }
                let object = kind == Kind::Object;
                stack.push(Frame {
                    id,
                    last: NONE,
                    count: 0,
                    object,
                });
                i = skip_ws(b, i + 1);
                let close = if object { b'}' } else { b']' };
                if b.get(i) == Some(&close) {
                    // Empty container: closed right away, fall through.
                } else if object {
                    key = Self::member_key(text, b, &mut i)?;
                    continue 'value;
                } else {
                    continue 'value;
                }
            } else {
                i = end;
            }
            // After a value: commas and closing brackets until the next value.
            loop {
                i = skip_ws(b, i);
                let Some(frame) = stack.last() else {
                    if i < b.len() {
                        return Err(err(i, Fault::Trailing(char_at(text, i))));
                    }
                    return Ok(Tree { text, nodes });
                };
                let close = if frame.object { b'}' } else { b']' };
                match b.get(i) {
                    Some(b',') => {
                        i = skip_ws(b, i + 1);
                        if b.get(i) == Some(&close) {
                            return Err(err(i, Fault::TrailingComma(close as char)));
                        }
                        if frame.object {
                            key = Self::member_key(text, b, &mut i)?;
                        }
                        continue 'value;
                    }
                    Some(&c) if c == close => {
                        let node = &mut nodes[frame.id as usize];
                        node.end = at(i + 1);
                        node.len = frame.count;
                        stack.pop();
                        i += 1;
                    }
                    None => {
                        let open = if frame.object { '{' } else { '[' };
                        let start = nodes[frame.id as usize].start;
                        return Err(err(i, Fault::Unclosed(open, start)));
                    }
                    Some(_) => {
                        return Err(err(
                            i,
                            Fault::ExpectedCommaOr(close as char, char_at(text, i)),
                        ));
                    }
                }
            }
        }
    }

    /// Reads `"key" :` at `*i` and leaves `*i` at the value.
    fn member_key(text: &str, b: &[u8], i: &mut usize) -> Result<(u32, u32, bool), SyntaxError> {
        let err = |offset: usize, fault| SyntaxError {
            offset: at(offset),
            fault,
        };
        match b.get(*i) {
            Some(b'"') => {}
            None => return Err(err(*i, Fault::EndInsteadOfValue)),
            Some(_) => return Err(err(*i, Fault::ExpectedKey(char_at(text, *i)))),
        }
        let start = *i;
        let (end, escaped) = scan_string(text, b, start)?;
        let j = skip_ws(b, end);
        match b.get(j) {
            Some(b':') => {}
            None => return Err(err(j, Fault::EndInsteadOfValue)),
            Some(_) => return Err(err(j, Fault::ExpectedColon(char_at(text, j)))),
        }
        *i = skip_ws(b, j + 1);
        Ok((at(start), at(end), escaped))
    }
}
