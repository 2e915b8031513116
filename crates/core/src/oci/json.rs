//! JSON text as a flat tree of spans: the positions behind every diagnostic.
//!
//! [`Tree::parse`] reads any `&str` without recursion (an explicit stack of
//! open containers), refuses what is too big before doing any work
//! ([`MAX_BYTES`], [`MAX_DEPTH`], [`MAX_VALUES`]) and reports the first syntax
//! fault at its byte offset with a message for people. Every value keeps its
//! byte span, its key's span, its parent and its index, so a JSON pointer
//! (RFC 6901) and a line and column can be made for any node after the fact,
//! and only for the few nodes that get a diagnostic.
//!
//! The grammar is RFC 8259's, exactly what `serde_json` accepts (lone UTF-16
//! surrogates in `\u` escapes are refused as `serde_json` refuses them), so a
//! text this parser accepts is also accepted by `serde_json`, whose own
//! recursion limit (128 levels) is above [`MAX_DEPTH`].

use std::borrow::Cow;
use std::fmt;

/// The largest document read, in bytes.
pub const MAX_BYTES: usize = 10_000_000;

/// The deepest nesting of arrays and objects read. Real `config.json` files
/// nest about 8 levels deep; `serde_json` stops at 128.
pub const MAX_DEPTH: u32 = 100;

/// The most values (scalars, arrays and objects) one document may hold.
pub const MAX_VALUES: u32 = 1_000_000;

/// What a value is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Kind {
    Null,
    Bool,
    Number,
    String,
    Array,
    Object,
}

impl Kind {
    /// `a string`, `an object`… for messages.
    pub(crate) fn article_name(self) -> &'static str {
        match self {
            Kind::Null => "null",
            Kind::Bool => "a boolean",
            Kind::Number => "a number",
            Kind::String => "a string",
            Kind::Array => "an array",
            Kind::Object => "an object",
        }
    }
}

const NONE: u32 = u32::MAX;
const KEY_ESCAPED: u8 = 1;
const VALUE_ESCAPED: u8 = 2;

#[derive(Debug, Clone, Copy)]
struct Node {
    kind: Kind,
    flags: u8,
    /// Byte offset of the value's first byte.
    start: u32,
    /// Byte offset just past the value.
    end: u32,
    /// Key span including the quotes, `NONE` when the parent is not an object.
    key_start: u32,
    key_end: u32,
    parent: u32,
    first: u32,
    next: u32,
    /// Position among the parent's children.
    index: u32,
    /// Number of children.
    len: u32,
}

/// What [`Tree::node`] answers for an id out of range (never made by the tree).
static NO_NODE: Node = Node {
    kind: Kind::Null,
    flags: 0,
    start: 0,
    end: 0,
    key_start: NONE,
    key_end: NONE,
    parent: NONE,
    first: NONE,
    next: NONE,
    index: 0,
    len: 0,
};

/// A value of a [`Tree`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct NodeId(u32);

/// A parsed document.
#[derive(Debug, Clone)]
pub(crate) struct Tree<'t> {
    text: &'t str,
    nodes: Vec<Node>,
}

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
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Fault::TooLarge(n) => {
                write!(
                    f,
                    "document is {}; the limit is {}",
                    mb(*n),
                    mb(MAX_BYTES as u64)
                )
            }
            Fault::TooDeep => write!(
                f,
                "nesting deeper than {MAX_DEPTH} levels of arrays and objects: this is refused \
                 (a config.json nests about 8 levels deep)"
            ),
            Fault::TooManyValues => write!(
                f,
                "more than {MAX_VALUES} values in one document: this is refused"
            ),
            Fault::Empty => f.write_str("the document is empty: expected a JSON object"),
            Fault::ByteOrderMark => f.write_str(
                "the text starts with a byte order mark (U+FEFF): JSON parsers such as runc's \
                 refuse it; save the file as UTF-8 without BOM",
            ),
            Fault::ExpectedValue(c) => write!(
                f,
                "expected a value (an object, array, string, number, true, false or null), \
                 found {}",
                show(*c)
            ),
            Fault::EndInsteadOfValue => {
                f.write_str("the text ends where a value was expected: the document is cut short")
            }
            Fault::ExpectedKey(c) => write!(
                f,
                "expected a member name in double quotes, found {}",
                show(*c)
            ),
            Fault::ExpectedColon(c) => {
                write!(f, "expected ':' after the member name, found {}", show(*c))
            }
            Fault::ExpectedCommaOr(close, c) => write!(
                f,
                "expected ',' or '{close}' after {}, found {}",
                if *close == '}' {
                    "an object member"
                } else {
                    "an array element"
                },
                show(*c)
            ),
            Fault::TrailingComma(close) => write!(
                f,
                "trailing comma: JSON does not allow ',' right before '{close}'"
            ),
            Fault::Unclosed(open, _) => write!(
                f,
                "the text ends inside {}: expected '{}'",
                if *open == '{' {
                    "an object"
                } else {
                    "an array"
                },
                if *open == '{' { '}' } else { ']' }
            ),
            Fault::UnterminatedString => {
                f.write_str("the text ends inside a string: expected a closing '\"'")
            }
            Fault::ControlInString(c) => write!(
                f,
                "raw control character U+{:04X} inside a string: write it as an escape \
                 (\\n, \\t, \\u00XX)",
                *c as u32
            ),
            Fault::BadEscape(c) => write!(
                f,
                "invalid escape '\\{}' in a string: JSON knows \\\" \\\\ \\/ \\b \\f \\n \\r \\t \
                 and \\uXXXX",
                c.escape_debug()
            ),
            Fault::BadUnicodeEscape => f.write_str("'\\u' must be followed by 4 hex digits"),
            Fault::LoneSurrogate => f.write_str(
                "a UTF-16 surrogate escape without its pair: \\uD800-\\uDBFF must be followed by \
                 \\uDC00-\\uDFFF",
            ),
            Fault::BadNumber(why) => write!(f, "invalid number: {why}"),
            Fault::BadLiteral(word) => write!(f, "invalid literal: expected `{word}`"),
            Fault::Trailing(c) => write!(
                f,
                "unexpected {} after the end of the document: a file holds one JSON value",
                show(*c)
            ),
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

fn show(c: char) -> String {
    match c {
        '\0' => "a NUL byte".to_string(),
        c if c.is_control() => format!("control character U+{:04X}", c as u32),
        c => format!("'{c}'"),
    }
}

fn char_at(text: &str, i: usize) -> char {
    text.get(i..).and_then(|s| s.chars().next()).unwrap_or('\0')
}

fn at(i: usize) -> u32 {
    u32::try_from(i).unwrap_or(u32::MAX)
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

    /// The source text.
    pub(crate) fn text(&self) -> &'t str {
        self.text
    }

    /// The top-level value.
    pub(crate) fn root(&self) -> NodeId {
        NodeId(0)
    }

    fn node(&self, id: NodeId) -> &Node {
        self.nodes.get(id.0 as usize).unwrap_or(&NO_NODE)
    }

    /// What the value is.
    pub(crate) fn kind(&self, id: NodeId) -> Kind {
        self.node(id).kind
    }

    /// Byte offset where the value starts.
    pub(crate) fn start(&self, id: NodeId) -> u32 {
        self.node(id).start
    }

    /// Byte offset where the value's key starts (the value's start when it has no key).
    pub(crate) fn key_start(&self, id: NodeId) -> u32 {
        let n = self.node(id);
        if n.key_start == NONE {
            n.start
        } else {
            n.key_start
        }
    }

    /// The value's text as written.
    pub(crate) fn raw(&self, id: NodeId) -> &'t str {
        let n = self.node(id);
        self.text
            .get(n.start as usize..n.end as usize)
            .unwrap_or("")
    }

    /// The parent container.
    pub(crate) fn parent(&self, id: NodeId) -> Option<NodeId> {
        let p = self.node(id).parent;
        (p != NONE).then_some(NodeId(p))
    }

    /// Position among the parent's children.
    pub(crate) fn index(&self, id: NodeId) -> u32 {
        self.node(id).index
    }

    /// Number of elements or members.
    pub(crate) fn len(&self, id: NodeId) -> u32 {
        self.node(id).len
    }

    /// The elements of an array or the member values of an object, in order.
    pub(crate) fn children(&self, id: NodeId) -> Children<'_, 't> {
        Children {
            tree: self,
            next: self.node(id).first,
        }
    }

    /// The member name of a value inside an object.
    pub(crate) fn key(&self, id: NodeId) -> Option<Cow<'t, str>> {
        let n = self.node(id);
        if n.key_start == NONE {
            return None;
        }
        let inner = self
            .text
            .get(n.key_start as usize + 1..(n.key_end as usize).saturating_sub(1))
            .unwrap_or("");
        Some(if n.flags & KEY_ESCAPED != 0 {
            Cow::Owned(unescape(inner))
        } else {
            Cow::Borrowed(inner)
        })
    }

    /// The member name as written, escapes undecoded (`""` without a key).
    pub(crate) fn raw_key(&self, id: NodeId) -> &'t [u8] {
        let n = self.node(id);
        if n.key_start == NONE {
            return &[];
        }
        self.text
            .as_bytes()
            .get(n.key_start as usize + 1..(n.key_end as usize).saturating_sub(1))
            .unwrap_or(&[])
    }

    /// Whether the member name has escapes.
    pub(crate) fn key_escaped(&self, id: NodeId) -> bool {
        self.node(id).flags & KEY_ESCAPED != 0
    }

    /// Whether this member's key is `name`.
    pub(crate) fn key_is(&self, id: NodeId, name: &str) -> bool {
        let n = self.node(id);
        if n.key_start == NONE {
            return false;
        }
        if n.flags & KEY_ESCAPED == 0 {
            // Length first: most keys compared against a schema differ in it.
            let len = (n.key_end - n.key_start).saturating_sub(2) as usize;
            let b = self.text.as_bytes();
            len == name.len()
                && b.get(n.key_start as usize + 1) == name.as_bytes().first()
                && b.get(n.key_start as usize + 1..n.key_end as usize - 1) == Some(name.as_bytes())
        } else {
            self.key(id).is_some_and(|k| k == name)
        }
    }

    /// The member `name` of an object (the last one when it is repeated, as
    /// Go's `encoding/json` reads it).
    pub(crate) fn get(&self, id: NodeId, name: &str) -> Option<NodeId> {
        if self.kind(id) != Kind::Object {
            return None;
        }
        let mut found = None;
        let mut next = self.node(id).first;
        while next != NONE {
            let n = self.node(NodeId(next));
            let hit = if n.flags & KEY_ESCAPED == 0 {
                self.text
                    .as_bytes()
                    .get(n.key_start as usize + 1..(n.key_end as usize).saturating_sub(1))
                    == Some(name.as_bytes())
            } else {
                self.key(NodeId(next)).is_some_and(|k| k == name)
            };
            if hit {
                found = Some(NodeId(next));
            }
            next = n.next;
        }
        found
    }

    /// Follows member names from `id`.
    pub(crate) fn path(&self, id: NodeId, names: &[&str]) -> Option<NodeId> {
        names.iter().try_fold(id, |n, name| self.get(n, name))
    }

    /// The decoded text of a string value.
    pub(crate) fn str(&self, id: NodeId) -> Option<Cow<'t, str>> {
        let n = self.node(id);
        if n.kind != Kind::String {
            return None;
        }
        let inner = self
            .text
            .get(n.start as usize + 1..(n.end as usize).saturating_sub(1))
            .unwrap_or("");
        Some(if n.flags & VALUE_ESCAPED != 0 {
            Cow::Owned(unescape(inner))
        } else {
            Cow::Borrowed(inner)
        })
    }

    /// A boolean value.
    pub(crate) fn bool(&self, id: NodeId) -> Option<bool> {
        match (self.kind(id), self.raw(id)) {
            (Kind::Bool, "true") => Some(true),
            (Kind::Bool, _) => Some(false),
            _ => None,
        }
    }

    /// A number as a whole number, when it is one and fits.
    pub(crate) fn int(&self, id: NodeId) -> Option<i128> {
        if self.kind(id) != Kind::Number {
            return None;
        }
        let raw = self.raw(id);
        if raw.contains(['.', 'e', 'E']) {
            return None;
        }
        raw.parse::<i128>().ok()
    }

    /// The JSON pointer (RFC 6901) of a value.
    pub(crate) fn pointer(&self, id: NodeId) -> String {
        use std::fmt::Write;
        // The path up to the root, without allocating (depth <= MAX_DEPTH).
        let mut chain = [NONE; MAX_DEPTH as usize + 1];
        let mut depth = 0;
        let mut cur = id;
        while let Some(parent) = self.parent(cur) {
            if let Some(slot) = chain.get_mut(depth) {
                *slot = cur.0;
                depth += 1;
            }
            cur = parent;
        }
        let mut out = String::with_capacity(depth * 12);
        for &n in chain.get(..depth).unwrap_or(&[]).iter().rev() {
            let node = NodeId(n);
            match self.key(node) {
                Some(k) => push_segment(&mut out, &k),
                None => {
                    let _ = write!(out, "/{}", self.index(node));
                }
            }
        }
        out
    }
}

/// Why a value could not be deserialized, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DeError {
    /// serde's description.
    pub message: String,
    /// The innermost value concerned.
    pub node: Option<NodeId>,
}

impl DeError {
    fn at(mut self, id: NodeId) -> DeError {
        self.node.get_or_insert(id);
        self
    }
}

impl fmt::Display for DeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for DeError {}

impl serde::de::Error for DeError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        DeError {
            message: msg.to_string(),
            node: None,
        }
    }
}

impl<'t> Tree<'t> {
    /// Deserializes the document from the tree, without reading the text
    /// again. The values in `skip` (sorted: array elements or object members)
    /// are left out; pass the earlier members of repeated keys to read only
    /// the last one, as Go does.
    pub(crate) fn deserialize<T: serde::Deserialize<'t>>(
        &self,
        skip: &[NodeId],
    ) -> Result<T, DeError> {
        T::deserialize(ValueDe {
            tree: self,
            id: self.root(),
            skip,
        })
    }
}

/// One value of a tree as a serde `Deserializer`.
struct ValueDe<'a, 't> {
    tree: &'a Tree<'t>,
    id: NodeId,
    skip: &'a [NodeId],
}

impl<'a, 't> ValueDe<'a, 't> {
    fn child(&self, id: NodeId) -> ValueDe<'a, 't> {
        ValueDe {
            tree: self.tree,
            id,
            skip: self.skip,
        }
    }

    fn kind(&self) -> Kind {
        self.tree.kind(self.id)
    }

    /// serde's "invalid type: …, expected …" for this value. One function for
    /// every visitor (`exp` is a trait object), so that each typed hint below
    /// costs one branch per visitor instead of one call per JSON kind.
    #[cold]
    #[inline(never)]
    fn invalid(&self, exp: &dyn serde::de::Expected) -> DeError {
        use serde::de::{Error, Unexpected};
        let t = self.tree;
        let id = self.id;
        let raw = t.raw(id);
        let text = t.str(id);
        let unexp = match t.kind(id) {
            Kind::Null => Unexpected::Unit,
            Kind::Bool => Unexpected::Bool(raw == "true"),
            Kind::Number => {
                if let Ok(u) = raw.parse::<u64>() {
                    Unexpected::Unsigned(u)
                } else if let Ok(i) = raw.parse::<i64>() {
                    Unexpected::Signed(i)
                } else {
                    Unexpected::Float(raw.parse::<f64>().unwrap_or(f64::NAN))
                }
            }
            Kind::String => Unexpected::Str(text.as_deref().unwrap_or("")),
            Kind::Array => Unexpected::Seq,
            Kind::Object => Unexpected::Map,
        };
        DeError::invalid_type(unexp, exp).at(id)
    }

    fn visit_number<V: serde::de::Visitor<'t>>(&self, v: V) -> Result<V::Value, DeError> {
        let raw = self.tree.raw(self.id);
        if let Ok(u) = raw.parse::<u64>() {
            v.visit_u64(u)
        } else if let Ok(i) = raw.parse::<i64>() {
            v.visit_i64(i)
        } else {
            v.visit_f64(raw.parse::<f64>().unwrap_or(f64::NAN))
        }
    }

    fn visit_string<V: serde::de::Visitor<'t>>(&self, v: V) -> Result<V::Value, DeError> {
        let t = self.tree;
        let n = t.node(self.id);
        let inner = t
            .text
            .get(n.start as usize + 1..(n.end as usize).saturating_sub(1))
            .unwrap_or("");
        if n.flags & VALUE_ESCAPED != 0 {
            v.visit_string(unescape(inner))
        } else {
            v.visit_borrowed_str(inner)
        }
    }

    fn seq(self) -> SeqDe<'a, 't> {
        let next = self.tree.node(self.id).first;
        SeqDe { de: self, next }
    }

    fn map(self) -> MapDe<'a, 't> {
        let next = self.tree.node(self.id).first;
        MapDe {
            de: self,
            next,
            value: None,
        }
    }
}

/// The typed hints accept exactly the JSON kind they name (as Go's
/// encoding/json does: an array is not a struct) and call one visitor
/// method, so a derived visitor's other methods are never instantiated for
/// this deserializer; anything else is [`ValueDe::invalid`].
macro_rules! hint {
    ($($method:ident)*, $kind:ident => |$de:ident, $v:ident| $body:expr) => {
        $(
            fn $method<V: serde::de::Visitor<'t>>(self, $v: V) -> Result<V::Value, DeError> {
                let $de = self;
                if $de.kind() != Kind::$kind {
                    return Err($de.invalid(&$v));
                }
                let id = $de.id;
                $body.map_err(|e: DeError| e.at(id))
            }
        )*
    };
}

impl<'a, 't> serde::Deserializer<'t> for ValueDe<'a, 't> {
    type Error = DeError;

    fn deserialize_any<V: serde::de::Visitor<'t>>(self, v: V) -> Result<V::Value, DeError> {
        let id = self.id;
        let r = match self.kind() {
            Kind::Null => v.visit_unit(),
            Kind::Bool => v.visit_bool(self.tree.raw(id) == "true"),
            Kind::Number => self.visit_number(v),
            Kind::String => self.visit_string(v),
            Kind::Array => v.visit_seq(self.seq()),
            Kind::Object => v.visit_map(self.map()),
        };
        r.map_err(|e| e.at(id))
    }

    hint!(deserialize_bool, Bool => |de, v| v.visit_bool(de.tree.raw(de.id) == "true"));
    hint!(
        deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64 deserialize_i128
        deserialize_u8 deserialize_u16 deserialize_u32 deserialize_u64 deserialize_u128
        deserialize_f32 deserialize_f64,
        Number => |de, v| de.visit_number(v)
    );
    hint!(
        deserialize_char deserialize_str deserialize_string deserialize_identifier,
        String => |de, v| de.visit_string(v)
    );
    hint!(deserialize_unit, Null => |de, v| v.visit_unit());
    hint!(deserialize_seq, Array => |de, v| v.visit_seq(de.seq()));
    hint!(deserialize_map, Object => |de, v| v.visit_map(de.map()));

    fn deserialize_unit_struct<V: serde::de::Visitor<'t>>(
        self,
        _name: &'static str,
        v: V,
    ) -> Result<V::Value, DeError> {
        self.deserialize_unit(v)
    }

    fn deserialize_tuple<V: serde::de::Visitor<'t>>(
        self,
        _len: usize,
        v: V,
    ) -> Result<V::Value, DeError> {
        self.deserialize_seq(v)
    }

    fn deserialize_tuple_struct<V: serde::de::Visitor<'t>>(
        self,
        _name: &'static str,
        _len: usize,
        v: V,
    ) -> Result<V::Value, DeError> {
        self.deserialize_seq(v)
    }

    fn deserialize_struct<V: serde::de::Visitor<'t>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        v: V,
    ) -> Result<V::Value, DeError> {
        self.deserialize_map(v)
    }

    /// The tree already holds the whole value: nothing to skip over.
    fn deserialize_ignored_any<V: serde::de::Visitor<'t>>(self, v: V) -> Result<V::Value, DeError> {
        v.visit_unit()
    }

    fn deserialize_option<V: serde::de::Visitor<'t>>(self, v: V) -> Result<V::Value, DeError> {
        if self.kind() == Kind::Null {
            v.visit_none()
        } else {
            let id = self.id;
            v.visit_some(self).map_err(|e| e.at(id))
        }
    }

    fn deserialize_newtype_struct<V: serde::de::Visitor<'t>>(
        self,
        _name: &'static str,
        v: V,
    ) -> Result<V::Value, DeError> {
        v.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: serde::de::Visitor<'t>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        v: V,
    ) -> Result<V::Value, DeError> {
        use serde::de::IntoDeserializer;
        let id = self.id;
        match self.tree.str(id) {
            Some(s) => v
                .visit_enum(s.into_owned().into_deserializer())
                .map_err(|e: DeError| e.at(id)),
            None => self.deserialize_any(v),
        }
    }

    serde::forward_to_deserialize_any! {
        <W: Visitor<'t>>
        bytes byte_buf
    }
}

struct SeqDe<'a, 't> {
    de: ValueDe<'a, 't>,
    next: u32,
}

impl<'a, 't> serde::de::SeqAccess<'t> for SeqDe<'a, 't> {
    type Error = DeError;

    fn next_element_seed<S: serde::de::DeserializeSeed<'t>>(
        &mut self,
        seed: S,
    ) -> Result<Option<S::Value>, DeError> {
        loop {
            if self.next == NONE {
                return Ok(None);
            }
            let id = NodeId(self.next);
            self.next = self.de.tree.node(id).next;
            if self.de.skip.binary_search(&id).is_ok() {
                continue;
            }
            return seed.deserialize(self.de.child(id)).map(Some);
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.de.tree.len(self.de.id) as usize)
    }
}

struct MapDe<'a, 't> {
    de: ValueDe<'a, 't>,
    next: u32,
    value: Option<NodeId>,
}

impl<'a, 't> serde::de::MapAccess<'t> for MapDe<'a, 't> {
    type Error = DeError;

    fn next_key_seed<K: serde::de::DeserializeSeed<'t>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, DeError> {
        use serde::de::value::{BorrowedStrDeserializer, StringDeserializer};
        let t = self.de.tree;
        loop {
            if self.next == NONE {
                return Ok(None);
            }
            let id = NodeId(self.next);
            self.next = t.node(id).next;
            if self.de.skip.binary_search(&id).is_ok() {
                continue;
            }
            self.value = Some(id);
            let n = t.node(id);
            let inner = t
                .text
                .get(n.key_start as usize + 1..(n.key_end as usize).saturating_sub(1))
                .unwrap_or("");
            let key = if n.flags & KEY_ESCAPED != 0 {
                seed.deserialize(StringDeserializer::<DeError>::new(unescape(inner)))
            } else {
                seed.deserialize(BorrowedStrDeserializer::<DeError>::new(inner))
            };
            return key.map(Some).map_err(|e| e.at(id));
        }
    }

    fn next_value_seed<V: serde::de::DeserializeSeed<'t>>(
        &mut self,
        seed: V,
    ) -> Result<V::Value, DeError> {
        match self.value.take() {
            Some(id) => seed.deserialize(self.de.child(id)),
            None => Err(serde::de::Error::custom("a value without its key")),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.de.tree.len(self.de.id) as usize)
    }
}

/// Appends `/segment` to a JSON pointer, escaping `~` and `/`.
pub(crate) fn push_segment(out: &mut String, segment: &str) {
    out.push('/');
    for c in segment.chars() {
        match c {
            '~' => out.push_str("~0"),
            '/' => out.push_str("~1"),
            c => out.push(c),
        }
    }
}

/// Iterator over the children of a container.
pub(crate) struct Children<'a, 't> {
    tree: &'a Tree<'t>,
    next: u32,
}

impl Iterator for Children<'_, '_> {
    type Item = NodeId;

    fn next(&mut self) -> Option<NodeId> {
        if self.next == NONE {
            return None;
        }
        let id = NodeId(self.next);
        self.next = self.tree.node(id).next;
        Some(id)
    }
}

/// Decodes the inside of a string the parser accepted.
fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            Some('b') => out.push('\u{8}'),
            Some('f') => out.push('\u{c}'),
            Some('u') => {
                let hex: String = chars.by_ref().take(4).collect();
                let hi = u32::from_str_radix(&hex, 16).unwrap_or(0xFFFD);
                let code = if (0xD800..0xDC00).contains(&hi) {
                    let rest: String = chars.by_ref().take(6).collect();
                    let lo = rest
                        .get(2..)
                        .and_then(|h| u32::from_str_radix(h, 16).ok())
                        .unwrap_or(0xDC00);
                    0x10000 + ((hi - 0xD800) << 10) + (lo.saturating_sub(0xDC00) & 0x3FF)
                } else {
                    hi
                };
                out.push(char::from_u32(code).unwrap_or('\u{FFFD}'));
            }
            Some(other) => out.push(other),
            None => {}
        }
    }
    out
}

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

#[cfg(test)]
mod tests {
    use super::*;

    fn fault(text: &str) -> (u32, String) {
        let e = Tree::parse(text).unwrap_err();
        (e.offset, e.fault.to_string())
    }

    #[test]
    fn reads_nested_documents_with_spans() {
        let text = "{\n  \"a\": [1, {\"b/c\": \"x\"}],\n  \"t~\": true\n}";
        let t = Tree::parse(text).unwrap();
        let a = t.get(t.root(), "a").unwrap();
        assert_eq!(t.kind(a), Kind::Array);
        assert_eq!(t.len(a), 2);
        let inner = t.children(a).nth(1).unwrap();
        let bc = t.get(inner, "b/c").unwrap();
        assert_eq!(t.str(bc).unwrap(), "x");
        assert_eq!(t.pointer(bc), "/a/1/b~1c");
        let tt = t.get(t.root(), "t~").unwrap();
        assert_eq!(t.pointer(tt), "/t~0");
        assert_eq!(t.bool(tt), Some(true));
        let idx = LineIndex::new(text);
        assert_eq!(idx.position(t.key_start(tt)), (3, 3));
        assert_eq!(idx.position(t.start(bc)), (2, 20));
        assert_eq!(t.pointer(t.root()), "");
    }

    #[test]
    fn decodes_escapes() {
        let t = Tree::parse(r#"{"k\u00e9y": "a\n\"b\" \ud83d\ude00 \/"}"#).unwrap();
        let v = t.children(t.root()).next().unwrap();
        assert_eq!(t.key(v).unwrap(), "kéy");
        assert!(t.key_is(v, "kéy"));
        assert_eq!(t.str(v).unwrap(), "a\n\"b\" 😀 /");
    }

    #[test]
    fn numbers_follow_the_grammar() {
        for ok in [
            "0",
            "-0",
            "1.5",
            "-12e+3",
            "1E5",
            "123456789012345678901234567890",
        ] {
            assert!(Tree::parse(ok).is_ok(), "{ok}");
            assert!(
                serde_json::from_str::<serde_json::Value>(ok).is_ok(),
                "{ok}"
            );
        }
        for bad in ["01", "-", "1.", ".5", "1e", "+1", "--1"] {
            assert!(Tree::parse(bad).is_err(), "{bad}");
            assert!(
                serde_json::from_str::<serde_json::Value>(bad).is_err(),
                "{bad}"
            );
        }
        let t = Tree::parse("[-5, 2.0, 18446744073709551616]").unwrap();
        let v: Vec<_> = t.children(t.root()).map(|c| t.int(c)).collect();
        assert_eq!(v, vec![Some(-5), None, Some(18446744073709551616)]);
    }

    #[test]
    fn syntax_faults_have_offsets_and_messages() {
        assert_eq!(
            fault("{\"a\": 1,}"),
            (
                8,
                "trailing comma: JSON does not allow ',' right before '}'".into()
            )
        );
        assert_eq!(fault("{\"a\" 1}").0, 5);
        assert!(fault("{\"a\" 1}").1.starts_with("expected ':'"));
        assert_eq!(fault("{\"a\": tru}").0, 6);
        assert_eq!(
            fault("[1 2]").1,
            "expected ',' or ']' after an array element, found '2'"
        );
        assert_eq!(fault("{\"a\": [1, 2]").0, 12);
        assert!(fault("{\"a\": [1, 2]").1.contains("inside an object"));
        assert_eq!(
            fault("   ").1,
            "the document is empty: expected a JSON object"
        );
        assert!(fault("{} x").1.starts_with("unexpected 'x'"));
        assert!(fault("\"a\u{1}\"").1.contains("U+0001"));
        assert!(fault(r#""\x""#).1.contains("invalid escape"));
        assert!(fault(r#""\ud800""#).1.contains("surrogate"));
        assert!(fault(r#""\udc00""#).1.contains("surrogate"));
        assert!(fault("\u{feff}{}").1.contains("byte order mark"));
        assert!(fault("{'a': 1}").1.contains("member name in double quotes"));
        assert!(fault("{\"a\":").1.contains("cut short"));
    }

    #[test]
    fn depth_is_limited_without_recursion() {
        let ok = format!(
            "{}{}",
            "[".repeat(MAX_DEPTH as usize),
            "]".repeat(MAX_DEPTH as usize)
        );
        assert!(Tree::parse(&ok).is_ok());
        // serde_json reads whatever passes here (its own limit is 128).
        assert!(serde_json::from_str::<serde_json::Value>(&ok).is_ok());
        let deep = "[".repeat(100_000);
        let e = Tree::parse(&deep).unwrap_err();
        assert_eq!(e.fault, Fault::TooDeep);
        assert_eq!(e.offset, MAX_DEPTH);
        assert!(e.fault.to_string().contains("deeper than 100 levels"));
    }

    #[test]
    fn size_is_limited() {
        let big = " ".repeat(MAX_BYTES + 2_300_000);
        let e = Tree::parse(&big).unwrap_err();
        assert_eq!(
            e.fault.to_string(),
            "document is 12.3 MB; the limit is 10 MB"
        );
        assert_eq!(mb(10_000_000), "10 MB");
        assert_eq!(mb(12_345_678), "12.4 MB");
    }

    #[test]
    fn line_index_counts_characters() {
        let text = "é\n  ü x\n";
        let idx = LineIndex::new(text);
        assert_eq!(idx.position(0), (1, 1));
        assert_eq!(idx.position(2), (1, 2));
        assert_eq!(idx.position(3), (2, 1));
        let x = text.find('x').unwrap() as u32;
        assert_eq!(idx.position(x), (2, 5));
        assert_eq!(idx.position(1), (1, 1), "inside a character: its start");
        assert_eq!(idx.position(999), (3, 1));
        assert_eq!(idx.offset_of_byte_column(2, 3), 5);
        assert_eq!(
            positions_sorted(text, &[0, 2, 3, x, 999]),
            vec![(1, 1), (1, 2), (2, 1), (2, 5), (3, 1)]
        );
        assert_eq!(positions_sorted(text, &[x, 0]), vec![(2, 5), (1, 1)]);
    }
}
