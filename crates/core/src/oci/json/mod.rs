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

mod de;
mod lines;
mod reader;

pub(crate) use lines::{positions_sorted, LineIndex};
pub(crate) use reader::{Fault, SyntaxError};

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

fn at(i: usize) -> u32 {
    u32::try_from(i).unwrap_or(u32::MAX)
}

impl<'t> Tree<'t> {
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

#[cfg(test)]
mod tests;
