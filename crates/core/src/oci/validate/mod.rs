//! Validation of OCI documents on top of serde: what the runtime-spec and the
//! image-spec require, and what runc refuses, as [`Diagnostic`]s that point at
//! the line, the column and the JSON pointer of each fault.
//!
//! [`validate`] reads any text. It first reads it into a tree of spans (no
//! recursion; documents over [`MAX_BYTES`] bytes, nested
//! deeper than [`MAX_DEPTH`] levels or holding more than
//! [`MAX_VALUES`] values are refused with the limit
//! named), detects the [`DocumentKind`] from `mediaType` or the document's shape
//! (or takes it from [`validate_as`]), checks it against the spec's schema
//! (required fields, types, integer ranges, known values, unknown fields as
//! warnings), applies the semantic rules (absolute paths, namespaces and
//! mappings, capabilities, rlimits, hooks, cgroup values, digests, media types,
//! platforms…) and, when nothing is wrong, deserializes it with `oci-spec` into a
//! [`Document`] ready for [`Plan::from_spec`](super::Plan::from_spec).
//!
//! Severities: **error** when the spec says MUST (or REQUIRED) and the document
//! breaks it, or when runc refuses the config; **warning** when the document is
//! accepted but does not do what it seems to (an unknown field, a capability runc
//! ignores, a reservation above its limit); **info** for facts worth knowing (a
//! deprecated hook kind, an attestation manifest runtimes skip).
//!
//! ```
//! use atlas_core::oci::validate::{validate, Severity};
//!
//! let r = validate("{\"ociVersion\": \"1.0\", \"root\": {\"path\": \"rootfs\"}}");
//! assert!(r.has_errors());
//! let d = r.diagnostics.iter().find(|d| d.pointer == "/ociVersion").unwrap();
//! assert_eq!((d.line, d.column, d.severity), (1, 16, Severity::Error));
//! let english = atlas_core::Catalog::english();
//! assert!(d.text(&english).contains("SemVer"));
//! // No "process": runc refuses the config, so the report says so at the top.
//! assert_eq!(r.diagnostics[0].code, "missing-process");
//! ```

mod checker;
mod grammar;
mod image;
mod kind;
mod rules;
mod runtime_spec;
mod schema;

#[cfg(test)]
mod props;
#[cfg(test)]
mod tests;

use super::json::{push_segment, LineIndex, NodeId, SyntaxError, Tree};
use crate::message::{Catalog, Msg};
use crate::msg;
use oci_spec::image::{ImageConfiguration, ImageIndex, ImageManifest};
use oci_spec::runtime::Spec;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::fmt;

pub use super::json::{MAX_BYTES, MAX_DEPTH, MAX_VALUES};
pub(crate) use checker::{At, Checker};
pub use grammar::{check_digest, DigestError};
pub(crate) use kind::detect_kind;
pub use kind::{
    DocumentKind, MEDIA_TYPE_CONFIG, MEDIA_TYPE_DOCKER_CONFIG, MEDIA_TYPE_DOCKER_LIST,
    MEDIA_TYPE_DOCKER_MANIFEST, MEDIA_TYPE_EMPTY, MEDIA_TYPE_INDEX, MEDIA_TYPE_MANIFEST,
};
pub use rules::RULES;

/// The most diagnostics one report lists; the rest are counted in a last info.
pub const MAX_DIAGNOSTICS: usize = 500;

/// A document read with `oci-spec`, once it has no errors.
#[derive(Debug, Clone, PartialEq)]
pub enum Document {
    /// A runtime `config.json`.
    RuntimeConfig(Box<Spec>),
    /// An image index or Docker manifest list.
    Index(Box<ImageIndex>),
    /// An image manifest or Docker v2 manifest.
    Manifest(Box<ImageManifest>),
    /// An image config.
    ImageConfig(Box<ImageConfiguration>),
}

impl Document {
    /// The runtime spec, when this is one.
    pub fn spec(&self) -> Option<&Spec> {
        match self {
            Document::RuntimeConfig(s) => Some(s),
            _ => None,
        }
    }
}

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The spec's MUST is broken, or runc refuses the document.
    Error,
    /// Accepted, but it does not do what it seems to.
    Warning,
    /// Worth knowing.
    Info,
}

impl Severity {
    /// `error`, `warning`, `info`.
    pub fn id(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// One finding, located in the original text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    /// How bad.
    pub severity: Severity,
    /// A stable identifier of the rule (`unknown-field`, `relative-path`…):
    /// one of [`RULES`] (owned only when read back from JSON).
    pub code: Cow<'static, str>,
    /// What is wrong and what is expected, for people: a message (`val-…`)
    /// that a face renders in the reader's language with
    /// [`Diagnostic::text`]. In JSON it is `{"id": …, "args": {…}}`.
    pub message: Msg,
    /// JSON pointer (RFC 6901) of the value concerned; for a missing field,
    /// where it should be.
    pub pointer: String,
    /// 1-based line in the original text.
    pub line: u32,
    /// 1-based column in the original text, in characters.
    pub column: u32,
}

impl Diagnostic {
    /// The message in a catalog's language, on one line of bounded length
    /// (values quoted from the document are escaped and cut, see
    /// [`checker::one_line`]).
    pub fn text(&self, catalog: &Catalog) -> String {
        checker::one_line(catalog.render(&self.message))
    }

    /// `FILE:LINE:COL: severity: message`, as compilers print.
    pub fn render(&self, file: &str, catalog: &Catalog) -> String {
        format!(
            "{file}:{}:{}: {}: {}",
            self.line,
            self.column,
            self.severity,
            self.text(catalog)
        )
    }
}

/// The outcome of validating one text.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// What the document is, when that could be told.
    pub kind: Option<DocumentKind>,
    /// Every finding, in text order.
    pub diagnostics: Vec<Diagnostic>,
    /// The document read with `oci-spec`, when there are no errors.
    pub document: Option<Document>,
}

impl Report {
    /// Whether any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.count(Severity::Error) > 0
    }

    /// How many diagnostics have this severity.
    pub fn count(&self, severity: Severity) -> usize {
        count(&self.diagnostics, severity)
    }

    /// Every diagnostic as `FILE:LINE:COL: severity: message`, one per line,
    /// in a catalog's language.
    pub fn render(&self, file: &str, catalog: &Catalog) -> String {
        let mut out = String::new();
        for d in &self.diagnostics {
            out.push_str(&d.render(file, catalog));
            out.push('\n');
        }
        out
    }
}

/// How many of `diagnostics` have this severity.
pub fn count(diagnostics: &[Diagnostic], severity: Severity) -> usize {
    diagnostics
        .iter()
        .filter(|d| d.severity == severity)
        .count()
}

/// Validates any text, detecting what it is.
pub fn validate(text: &str) -> Report {
    run(text, None)
}

/// Validates a text as a given kind of document.
pub fn validate_as(text: &str, kind: DocumentKind) -> Report {
    run(text, Some(kind))
}

/// Validates bytes (a file as read): text that is not UTF-8 is refused with
/// the position of the first bad byte.
pub fn validate_bytes(bytes: &[u8], kind: Option<DocumentKind>) -> Report {
    if bytes.len() > MAX_BYTES {
        return too_large(bytes.len() as u64, kind);
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => run(text, kind),
        Err(e) => {
            let good = bytes.get(..e.valid_up_to()).unwrap_or(&[]);
            let text = std::str::from_utf8(good).unwrap_or("");
            let (line, column) = LineIndex::new(text).position(u32::MAX);
            let byte = bytes.get(e.valid_up_to()).copied().unwrap_or(0);
            Report {
                kind,
                diagnostics: vec![Diagnostic {
                    severity: Severity::Error,
                    code: Cow::Borrowed("not-utf8"),
                    message: msg!("val-not-utf8", byte = format!("{byte:02x}")),
                    pointer: String::new(),
                    line,
                    column,
                }],
                document: None,
            }
        }
    }
}

/// The refusal of a document of `len` bytes, over [`MAX_BYTES`]: for shells
/// that check a file's size before reading it.
pub fn too_large(len: u64, kind: Option<DocumentKind>) -> Report {
    Report {
        kind,
        diagnostics: vec![Diagnostic {
            severity: Severity::Error,
            code: Cow::Borrowed("too-large"),
            message: super::json::Fault::TooLarge(len).message(),
            pointer: String::new(),
            line: 1,
            column: 1,
        }],
        document: None,
    }
}

fn syntax_report(text: &str, e: &SyntaxError, kind: Option<DocumentKind>) -> Report {
    use super::json::Fault;
    let code = match e.fault {
        Fault::TooLarge(_) => "too-large",
        Fault::TooDeep => "too-deep",
        Fault::TooManyValues => "too-many-values",
        _ => "syntax",
    };
    let (line, column) = if matches!(e.fault, Fault::TooLarge(_)) {
        (1, 1)
    } else {
        LineIndex::new(text).position(e.offset)
    };
    let fault = e.fault.message();
    let message = if let Fault::Unclosed(_, start) = e.fault {
        let (l, c) = LineIndex::new(text).position(start);
        msg!("val-json-unclosed", fault = fault, line = l, column = c)
    } else {
        fault
    };
    Report {
        kind,
        diagnostics: vec![Diagnostic {
            severity: Severity::Error,
            code: Cow::Borrowed(code),
            message,
            pointer: String::new(),
            line,
            column,
        }],
        document: None,
    }
}

fn run(text: &str, kind: Option<DocumentKind>) -> Report {
    let tree = match Tree::parse(text) {
        Ok(t) => t,
        Err(e) => return syntax_report(text, &e, kind),
    };
    let mut c = Checker::new(&tree);
    let kind = match kind {
        Some(k) => Some(k),
        None => detect(&mut c),
    };
    let Some(kind) = kind else {
        return Report {
            kind: None,
            diagnostics: c.finish(),
            document: None,
        };
    };
    c.duplicate_keys();
    schema::check(&mut c, kind);
    match kind {
        DocumentKind::RuntimeConfig => runtime_spec::check(&mut c),
        _ => image::check(&mut c, kind),
    }
    let document = if c.has_errors() {
        None
    } else {
        typed(&mut c, kind)
    };
    Report {
        kind: Some(kind),
        diagnostics: c.finish(),
        document,
    }
}

fn detect(c: &mut Checker<'_, '_>) -> Option<DocumentKind> {
    match detect_kind(c.tree) {
        Ok(k) => Some(k),
        Err((code, message)) => {
            let root = c.tree.root();
            c.error(At::Value(root), code, message);
            None
        }
    }
}

/// Reads the document with `oci-spec`, from the tree (the text is not read
/// again). Elements runc ignores and the earlier members of repeated keys
/// (Go keeps the last) are left out.
fn typed(c: &mut Checker<'_, '_>, kind: DocumentKind) -> Option<Document> {
    let mut skip: Vec<NodeId> = c.ignored.iter().chain(&c.shadowed).copied().collect();
    crate::order::sort(&mut skip);
    skip.dedup();
    let t = c.tree;
    let result = match kind {
        DocumentKind::RuntimeConfig => t
            .deserialize::<Spec>(&skip)
            .map(|s| Document::RuntimeConfig(Box::new(s))),
        DocumentKind::ImageIndex | DocumentKind::DockerManifestList => t
            .deserialize::<ImageIndex>(&skip)
            .map(|s| Document::Index(Box::new(s))),
        DocumentKind::ImageManifest | DocumentKind::DockerManifest => t
            .deserialize::<ImageManifest>(&skip)
            .map(|s| Document::Manifest(Box::new(s))),
        DocumentKind::ImageConfig => t
            .deserialize::<ImageConfiguration>(&skip)
            .map(|s| Document::ImageConfig(Box::new(s))),
    };
    match result {
        Ok(d) => Some(d),
        Err(e) => {
            let node = e.node.unwrap_or(t.root());
            c.error(
                At::Value(node),
                "oci-spec",
                msg!("val-oci-spec", reason = e.message),
            );
            None
        }
    }
}
