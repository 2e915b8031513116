//! The shapes of OCI documents (after the runtime-spec's `schema/*.json` and
//! the image-spec's, with the field types of `oci-spec`), and the walk that
//! checks a tree against them: required fields, JSON types, integer ranges,
//! closed sets of values, and unknown fields (warnings: runtimes ignore them).
//!
//! Where `oci-spec` reads a field into a Rust type that refuses `null` (a
//! `u32` with `#[serde(default)]`, say), the field refuses `null` here too, so
//! a document that passes this walk is one `oci-spec` can read.

mod image;
mod linux;
mod runtime;

use image::{IMAGE_CONFIG, INDEX, MANIFEST};
pub(super) use linux::NAMESPACE_TYPES;
use runtime::CONFIG;

use super::grammar::closest;
use super::{At, Checker, DocumentKind, Severity};
use crate::message::Msg;
use crate::msg;
use crate::oci::json::{Kind, NodeId};

/// An integer type of the specs, with its range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Int {
    I32,
    I64,
    U16,
    U32,
    U64,
}

impl Int {
    fn range(self) -> (i128, i128, &'static str) {
        match self {
            Int::I32 => (i32::MIN.into(), i32::MAX.into(), "int32"),
            Int::I64 => (i64::MIN.into(), i64::MAX.into(), "int64"),
            Int::U16 => (0, u16::MAX.into(), "uint16"),
            Int::U32 => (0, u32::MAX.into(), "uint32"),
            Int::U64 => (0, u64::MAX.into(), "uint64"),
        }
    }
}

/// A closed set of strings.
#[derive(Debug)]
pub(super) struct Choice {
    /// What a value is: the id of a message (`val-what-namespace-type`, "a
    /// namespace type").
    pub what: &'static str,
    /// The accepted values.
    pub values: &'static [&'static str],
    /// Common mistakes and the value meant.
    pub aliases: &'static [(&'static str, &'static str)],
}

/// The type of a value.
#[derive(Debug, Clone, Copy)]
pub(super) enum Ty {
    /// Anything (not checked here).
    Any,
    Str,
    Bool,
    Int(Int),
    Enum(&'static Choice),
    Array(&'static Ty),
    /// An object with free keys and values of one type.
    Map(&'static Ty),
    Object(&'static Obj),
}

/// An object with known fields.
#[derive(Debug)]
pub(super) struct Obj {
    /// How messages name it: the id of a message (`val-what-process`,
    /// `val-what-mount`: "process", "a mount").
    pub what: &'static str,
    pub fields: &'static [Field],
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Need {
    /// Optional; `null` reads as absent.
    Opt,
    /// Optional, but `null` is refused (`oci-spec` reads it into a plain value).
    OptNotNull,
    /// REQUIRED.
    Required,
}

/// One field of an object.
#[derive(Debug)]
pub(super) struct Field {
    pub name: &'static str,
    pub ty: Ty,
    pub req: Need,
    /// What the value is, for the "missing" message: the id of a message, or
    /// empty.
    pub hint: &'static str,
}

const fn opt(name: &'static str, ty: Ty) -> Field {
    Field {
        name,
        ty,
        req: Need::Opt,
        hint: "",
    }
}

const fn nn(name: &'static str, ty: Ty) -> Field {
    Field {
        name,
        ty,
        req: Need::OptNotNull,
        hint: "",
    }
}

const fn req(name: &'static str, ty: Ty, hint: &'static str) -> Field {
    Field {
        name,
        ty,
        req: Need::Required,
        hint,
    }
}

const STR: Ty = Ty::Str;
const BOOL: Ty = Ty::Bool;
const I32: Ty = Ty::Int(Int::I32);
const I64: Ty = Ty::Int(Int::I64);
const U16: Ty = Ty::Int(Int::U16);
const U32: Ty = Ty::Int(Int::U32);
const U64: Ty = Ty::Int(Int::U64);
const STRINGS: Ty = Ty::Array(&Ty::Str);
const STRING_MAP: Ty = Ty::Map(&Ty::Str);

/// Checks the document against the schema of its kind.
pub(super) fn check(c: &mut Checker<'_, '_>, kind: DocumentKind) {
    let obj: &'static Obj = match kind {
        DocumentKind::RuntimeConfig => &CONFIG,
        DocumentKind::ImageIndex | DocumentKind::DockerManifestList => &INDEX,
        DocumentKind::ImageManifest | DocumentKind::DockerManifest => &MANIFEST,
        DocumentKind::ImageConfig => &IMAGE_CONFIG,
    };
    let root = c.tree.root();
    walk(c, root, Ty::Object(obj));
}

/// How messages name a value: `"uid"`, `entry 2 of "args"`, `the document`.
pub(super) fn label(c: &Checker<'_, '_>, n: NodeId) -> Msg {
    let t = c.tree;
    if let Some(k) = t.key(n) {
        return msg!("val-label-key", key = k);
    }
    match t.parent(n) {
        None => msg!("val-label-document"),
        Some(p) => match t.key(p) {
            Some(k) => msg!(
                "val-label-entry-of",
                index = t.index(n).to_string(),
                key = k
            ),
            None => msg!("val-label-entry", index = t.index(n).to_string()),
        },
    }
}

/// How messages show a value: `the string "x"`, `the number 5`, `an object`.
pub(super) fn found(c: &Checker<'_, '_>, n: NodeId) -> Msg {
    let t = c.tree;
    match t.kind(n) {
        Kind::Null | Kind::Bool => msg!("val-found-literal", value = t.raw(n)),
        Kind::Number => msg!("val-found-number", value = short(t.raw(n))),
        Kind::String => msg!("val-found-string", value = short(t.raw(n))),
        Kind::Array => msg!("val-found-array"),
        Kind::Object => msg!("val-found-object"),
    }
}

/// A guess at what a misspelt name meant: ` (did you mean "x"?)`, or nothing.
pub(in crate::oci::validate) fn did_you_mean(guess: Option<&str>) -> Msg {
    match guess {
        Some(name) => msg!("val-did-you-mean", name = name),
        None => msg!("val-nothing"),
    }
}

fn short(s: &str) -> String {
    if s.chars().count() <= 48 {
        s.to_string()
    } else {
        let head: String = s.chars().take(45).collect();
        format!("{head}…")
    }
}

fn expect(c: &mut Checker<'_, '_>, n: NodeId, what: Msg) {
    if c.saturated(Severity::Error) {
        return;
    }
    let message = msg!(
        "val-wrong-type",
        label = label(c, n),
        expected = what,
        found = found(c, n)
    );
    c.error(At::Value(n), "wrong-type", message);
}

fn walk(c: &mut Checker<'_, '_>, n: NodeId, ty: Ty) {
    let t = c.tree;
    let kind = t.kind(n);
    match ty {
        Ty::Any => {}
        Ty::Str => {
            if kind != Kind::String {
                expect(c, n, msg!("val-expect-string"));
            }
        }
        Ty::Bool => {
            if kind != Kind::Bool {
                expect(c, n, msg!("val-expect-bool"));
            }
        }
        Ty::Int(int) => {
            let (lo, hi, name) = int.range();
            match t.int(n) {
                Some(v) if v >= lo && v <= hi => {}
                _ if kind != Kind::Number => expect(c, n, msg!("val-expect-integer", kind = name)),
                Some(_) if c.saturated(Severity::Error) => {}
                Some(_) => {
                    let message = msg!(
                        "val-out-of-range",
                        label = label(c, n),
                        low = lo.to_string(),
                        high = hi.to_string(),
                        kind = name,
                        found = found(c, n)
                    );
                    c.error(At::Value(n), "out-of-range", message);
                }
                None => {
                    let message = msg!(
                        "val-not-an-integer",
                        label = label(c, n),
                        kind = name,
                        found = found(c, n)
                    );
                    c.error(At::Value(n), "not-an-integer", message);
                }
            }
        }
        Ty::Enum(choice) => match t.str(n) {
            None => expect(
                c,
                n,
                msg!("val-expect-naming", what = Msg::new(choice.what)),
            ),
            Some(v) if choice.values.contains(&v.as_ref()) => {}
            Some(_) if c.saturated(Severity::Error) => {}
            Some(v) => {
                let hint = did_you_mean(
                    choice
                        .aliases
                        .iter()
                        .find(|(from, _)| *from == v)
                        .map(|(_, to)| *to)
                        .or_else(|| {
                            choice
                                .values
                                .iter()
                                .find(|x| x.eq_ignore_ascii_case(&v))
                                .copied()
                        })
                        .or_else(|| closest(&v, choice.values.iter().copied())),
                );
                let message = msg!(
                    "val-unknown-value",
                    value = short(&v),
                    what = Msg::new(choice.what),
                    values = choice.values.join(", "),
                    hint = hint
                );
                c.error(At::Value(n), "unknown-value", message);
            }
        },
        Ty::Array(elem) => {
            if kind != Kind::Array {
                expect(c, n, msg!("val-expect-array"));
                return;
            }
            for child in t.children(n) {
                walk(c, child, *elem);
            }
        }
        Ty::Map(value) => {
            if kind != Kind::Object {
                expect(c, n, msg!("val-expect-object"));
                return;
            }
            for child in t.children(n) {
                walk(c, child, *value);
            }
        }
        Ty::Object(obj) => {
            if kind != Kind::Object {
                expect(c, n, msg!("val-expect-object"));
                return;
            }
            walk_object(c, n, obj);
        }
    }
}

fn walk_object(c: &mut Checker<'_, '_>, n: NodeId, obj: &'static Obj) {
    let t = c.tree;
    let mut present: u64 = 0;
    for child in t.children(n) {
        let raw = t.raw_key(child);
        let found_field = if t.key_escaped(child) {
            obj.fields
                .iter()
                .enumerate()
                .find(|(_, f)| t.key_is(child, f.name))
        } else {
            obj.fields
                .iter()
                .enumerate()
                .find(|(_, f)| f.name.as_bytes() == raw)
        };
        match found_field {
            Some((i, field)) => {
                present |= 1u64 << (i % 64);
                if t.kind(child) == Kind::Null && field.req == Need::Opt {
                    continue;
                }
                walk(c, child, field.ty);
            }
            None => unknown_field(c, child, obj),
        }
    }
    for (i, field) in obj.fields.iter().enumerate() {
        if field.req == Need::Required && present & (1u64 << (i % 64)) == 0 {
            let message = if field.hint.is_empty() {
                msg!(
                    "val-missing-required",
                    what = Msg::new(obj.what),
                    field = field.name
                )
            } else {
                msg!(
                    "val-missing-required-hint",
                    what = Msg::new(obj.what),
                    field = field.name,
                    hint = Msg::new(field.hint)
                )
            };
            c.error(
                At::Missing(n, std::borrow::Cow::Borrowed(field.name)),
                "missing-field",
                message,
            );
        }
    }
}

fn unknown_field(c: &mut Checker<'_, '_>, n: NodeId, obj: &'static Obj) {
    if c.saturated(Severity::Warning) {
        return;
    }
    let Some(key) = c.tree.key(n) else { return };
    let names = obj.fields.iter().map(|f| f.name);
    let message = if let Some(right) = obj
        .fields
        .iter()
        .map(|f| f.name)
        .find(|f| f.eq_ignore_ascii_case(&key))
    {
        msg!(
            "val-unknown-field-case",
            key = key.to_string(),
            what = Msg::new(obj.what),
            right = right
        )
    } else {
        let hint = did_you_mean(closest(&key, names));
        msg!(
            "val-unknown-field",
            key = short(&key),
            what = Msg::new(obj.what),
            hint = hint
        )
    };
    c.warn(At::Key(n), "unknown-field", message);
}

#[cfg(test)]
mod tests;
