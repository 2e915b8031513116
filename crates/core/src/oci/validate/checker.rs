//! The collector of diagnostics over one tree: each finding with its rule,
//! severity and place (a value, a key, a missing member), bounded in number
//! and length, placed at a line and column only at the end; and the
//! duplicate keys Go would read the last of.

use super::*;
use crate::message::Arg;

/// The longest message kept, in characters (messages quote values from the
/// document, which may be megabytes long).
pub(super) const MAX_MESSAGE_CHARS: usize = 600;

/// A message on one line, of bounded length: control characters quoted from
/// the document (a newline in a key, say) are written as escapes, so that
/// every diagnostic stays one `FILE:LINE:COL: severity: message` line.
pub(super) fn one_line(message: String) -> String {
    // Control characters are C0 (one byte below 0x20), DEL, or C1 (0xC2 0x80
    // to 0xC2 0x9F): a byte scan finds every candidate.
    let suspect = message
        .bytes()
        .fold(false, |acc, b| acc | (b < 0x20) | (b == 0x7f) | (b == 0xc2));
    if message.len() <= MAX_MESSAGE_CHARS && !(suspect && message.chars().any(char::is_control)) {
        return message;
    }
    let mut out = String::with_capacity(message.len().min(MAX_MESSAGE_CHARS + 8));
    for (i, ch) in message.chars().enumerate() {
        if i == MAX_MESSAGE_CHARS {
            out.push('…');
            break;
        }
        match ch {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            ch if ch.is_control() => out.push_str(&format!("\\u{{{:04x}}}", ch as u32)),
            ch => out.push(ch),
        }
    }
    out
}

/// Where a diagnostic points.
#[derive(Debug, Clone)]
pub(crate) enum At {
    /// At a value.
    Value(NodeId),
    /// At a member's key.
    Key(NodeId),
    /// A member `name` missing from an object.
    Missing(NodeId, Cow<'static, str>),
}

pub(super) struct Pending {
    severity: Severity,
    code: &'static str,
    message: Msg,
    at: At,
}

/// A message whose string arguments (values quoted from the document, which
/// may be megabytes long) are cut to one more character than a rendered
/// message keeps: [`one_line`] cuts the rendered text at the same place.
fn bounded(mut m: Msg) -> Msg {
    for (_, v) in &mut m.args {
        match v {
            Arg::Str(s) => {
                if let Some((cut, _)) = s.char_indices().nth(MAX_MESSAGE_CHARS + 1) {
                    s.truncate(cut);
                }
            }
            Arg::Msg(inner) => **inner = bounded(std::mem::replace(&mut **inner, Msg::new(""))),
            Arg::Num(_) => {}
        }
    }
    m
}

/// Collects diagnostics over one tree.
pub(crate) struct Checker<'a, 't> {
    pub(crate) tree: &'a Tree<'t>,
    pending: Vec<Pending>,
    errors: usize,
    /// Elements runc ignores: dropped before the `oci-spec` read.
    pub(crate) ignored: Vec<NodeId>,
    /// Whether some object repeats a key.
    pub(crate) duplicates: bool,
    /// The earlier members of repeated keys (Go reads the last one).
    pub(super) shadowed: Vec<NodeId>,
    /// Diagnostics not kept because there were already [`MAX_PENDING`].
    dropped: usize,
    /// How many of them are errors.
    dropped_errors: usize,
    /// Line starts, built the first time a rule names a line.
    lines: Option<LineIndex<'t>>,
}

/// The most diagnostics collected before locating them: past it, findings are
/// only counted (pathological inputs make hundreds of thousands). Warnings and
/// infos stop at half, so that errors found later still have room.
pub(super) const MAX_PENDING: usize = 20_000;

pub(super) fn pending_limit(severity: Severity) -> usize {
    if severity == Severity::Error {
        MAX_PENDING
    } else {
        MAX_PENDING / 2
    }
}

impl<'a, 't> Checker<'a, 't> {
    pub(super) fn new(tree: &'a Tree<'t>) -> Checker<'a, 't> {
        Checker {
            tree,
            pending: Vec::new(),
            errors: 0,
            ignored: Vec::new(),
            duplicates: false,
            shadowed: Vec::new(),
            dropped: 0,
            dropped_errors: 0,
            lines: None,
        }
    }

    pub(crate) fn push(&mut self, severity: Severity, at: At, code: &'static str, message: Msg) {
        debug_assert!(
            RULES.iter().any(|(c, _)| *c == code),
            "rule {code:?} is not in RULES"
        );
        if severity == Severity::Error {
            self.errors += 1;
        }
        if self.pending.len() >= pending_limit(severity) {
            self.dropped += 1;
            self.dropped_errors += usize::from(severity == Severity::Error);
            return;
        }
        self.pending.push(Pending {
            severity,
            code,
            message,
            at,
        });
    }

    pub(crate) fn error(&mut self, at: At, code: &'static str, message: Msg) {
        self.push(Severity::Error, at, code, message);
    }

    pub(crate) fn warn(&mut self, at: At, code: &'static str, message: Msg) {
        self.push(Severity::Warning, at, code, message);
    }

    pub(crate) fn info(&mut self, at: At, code: &'static str, message: Msg) {
        self.push(Severity::Info, at, code, message);
    }

    pub(super) fn has_errors(&self) -> bool {
        self.errors > 0
    }

    /// When [`MAX_PENDING`] diagnostics are collected already, counts one more
    /// of this severity without building it, and says so: rules call this
    /// before composing costly messages (guesses, quoted values).
    pub(crate) fn saturated(&mut self, severity: Severity) -> bool {
        if self.pending.len() < pending_limit(severity) {
            return false;
        }
        if severity == Severity::Error {
            self.errors += 1;
            self.dropped_errors += 1;
        }
        self.dropped += 1;
        true
    }

    /// The 1-based line of a value (for messages that point back to an
    /// earlier one).
    pub(crate) fn line_of(&mut self, n: NodeId) -> u32 {
        let t = self.tree;
        self.lines
            .get_or_insert_with(|| LineIndex::new(t.text()))
            .position(t.start(n))
            .0
    }

    /// Warns about keys repeated in one object (Go keeps the last, serde refuses).
    pub(super) fn duplicate_keys(&mut self) {
        let t = self.tree;
        let mut stack = vec![t.root()];
        let mut keys: Vec<(Cow<'t, str>, NodeId)> = Vec::new();
        while let Some(n) = stack.pop() {
            for child in t.children(n) {
                if matches!(
                    t.kind(child),
                    crate::oci::json::Kind::Object | crate::oci::json::Kind::Array
                ) {
                    stack.push(child);
                }
            }
            if t.kind(n) != crate::oci::json::Kind::Object || t.len(n) < 2 {
                continue;
            }
            if t.len(n) <= 16 && !t.children(n).any(|c| t.key_escaped(c)) {
                // Small objects without escapes: compare raw keys pairwise,
                // without allocating.
                for (i, child) in t.children(n).enumerate().skip(1) {
                    let raw = t.raw_key(child);
                    let mut repeated = false;
                    for p in t.children(n).take(i) {
                        if t.raw_key(p) == raw {
                            self.shadowed.push(p);
                            repeated = true;
                        }
                    }
                    if repeated {
                        let k = String::from_utf8_lossy(raw).into_owned();
                        self.duplicate(child, &k);
                    }
                }
                continue;
            }
            keys.clear();
            keys.extend(t.children(n).filter_map(|c| t.key(c).map(|k| (k, c))));
            crate::order::sort(&mut keys);
            for w in keys.windows(2) {
                if let [(a, first), (b, second)] = w {
                    if a == b {
                        self.shadowed.push(*first);
                        let k = b.to_string();
                        self.duplicate(*second, &k);
                    }
                }
            }
        }
    }

    pub(super) fn duplicate(&mut self, member: NodeId, key: &str) {
        self.duplicates = true;
        self.warn(
            At::Key(member),
            "duplicate-key",
            msg!("val-duplicate-key", key = key),
        );
    }

    /// Locates every diagnostic, in text order.
    pub(super) fn finish(self) -> Vec<Diagnostic> {
        let t = self.tree;
        let offset_of = |at: &At| match at {
            At::Value(n) => t.start(*n),
            At::Key(n) => t.key_start(*n),
            At::Missing(n, _) => t.start(*n),
        };
        let mut pending = self.pending;
        // Too many: keep errors first, then the earliest others.
        if pending.len() > MAX_DIAGNOSTICS {
            crate::order::sort_by_key(&mut pending, |p| {
                (p.severity != Severity::Error, offset_of(&p.at))
            });
        }
        let dropped = pending.len().saturating_sub(MAX_DIAGNOSTICS) + self.dropped;
        let dropped_errors = pending
            .iter()
            .skip(MAX_DIAGNOSTICS)
            .filter(|p| p.severity == Severity::Error)
            .count()
            + self.dropped_errors;
        pending.truncate(MAX_DIAGNOSTICS);
        crate::order::sort_by_key(&mut pending, |p| offset_of(&p.at));
        let located: Vec<(u32, String, Pending)> = pending
            .into_iter()
            .map(|p| {
                let pointer = match &p.at {
                    At::Value(n) | At::Key(n) => t.pointer(*n),
                    At::Missing(n, name) => {
                        let mut ptr = t.pointer(*n);
                        push_segment(&mut ptr, name);
                        ptr
                    }
                };
                (offset_of(&p.at), pointer, p)
            })
            .collect();
        let offsets: Vec<u32> = located.iter().map(|(o, _, _)| *o).collect();
        let positions = crate::oci::json::positions_sorted(t.text(), &offsets);
        let mut out: Vec<Diagnostic> = located
            .into_iter()
            .zip(positions)
            .map(|((_, pointer, p), (line, column))| Diagnostic {
                severity: p.severity,
                code: Cow::Borrowed(p.code),
                message: bounded(p.message),
                pointer,
                line,
                column,
            })
            .collect();
        if dropped > 0 {
            let (line, column) = out.last().map_or((1, 1), |d| (d.line, d.column));
            // An error among the ones not shown keeps the report an error.
            let severity = if dropped_errors > 0 {
                Severity::Error
            } else {
                Severity::Info
            };
            out.push(Diagnostic {
                severity,
                code: Cow::Borrowed("too-many-diagnostics"),
                message: msg!(
                    "val-too-many-diagnostics",
                    dropped = dropped,
                    errors = dropped_errors,
                    limit = MAX_DIAGNOSTICS
                ),
                pointer: String::new(),
                line,
                column,
            });
        }
        out
    }
}
