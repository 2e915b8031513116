//! Validation of OCI documents on top of serde: what the runtime-spec and the
//! image-spec require, and what runc refuses, as [`Diagnostic`]s that point at
//! the line, the column and the JSON pointer of each fault.
//!
//! [`validate`] reads any text. It first reads it into a tree of spans (no
//! recursion; documents over [`MAX_BYTES`](super::json::MAX_BYTES) bytes, nested
//! deeper than [`MAX_DEPTH`](super::json::MAX_DEPTH) levels or holding more than
//! [`MAX_VALUES`](super::json::MAX_VALUES) values are refused with the limit
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
//! assert!(d.message.contains("SemVer"));
//! // No "process": runc refuses the config, so the report says so at the top.
//! assert_eq!(r.diagnostics[0].code, "missing-process");
//! ```

mod grammar;
mod image;
mod runtime;
mod schema;

#[cfg(test)]
mod tests;

use super::json::{push_segment, LineIndex, NodeId, SyntaxError, Tree};
use oci_spec::image::{ImageConfiguration, ImageIndex, ImageManifest};
use oci_spec::runtime::Spec;
use serde::Serialize;
use std::borrow::Cow;
use std::fmt;

pub use super::json::{MAX_BYTES, MAX_DEPTH, MAX_VALUES};
pub use grammar::{check_digest, DigestError};

/// The most diagnostics one report lists; the rest are counted in a last info.
pub const MAX_DIAGNOSTICS: usize = 500;

/// OCI image index media type.
pub const MEDIA_TYPE_INDEX: &str = "application/vnd.oci.image.index.v1+json";
/// OCI image manifest media type.
pub const MEDIA_TYPE_MANIFEST: &str = "application/vnd.oci.image.manifest.v1+json";
/// OCI image config media type.
pub const MEDIA_TYPE_CONFIG: &str = "application/vnd.oci.image.config.v1+json";
/// OCI empty descriptor media type (`{}`), for artifacts.
pub const MEDIA_TYPE_EMPTY: &str = "application/vnd.oci.empty.v1+json";
/// Docker manifest list (the Docker equivalent of an image index).
pub const MEDIA_TYPE_DOCKER_LIST: &str =
    "application/vnd.docker.distribution.manifest.list.v2+json";
/// Docker image manifest, schema 2.
pub const MEDIA_TYPE_DOCKER_MANIFEST: &str = "application/vnd.docker.distribution.manifest.v2+json";
/// Docker image config.
pub const MEDIA_TYPE_DOCKER_CONFIG: &str = "application/vnd.docker.container.image.v1+json";

/// What a document is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DocumentKind {
    /// A runtime bundle's `config.json` (runtime-spec).
    RuntimeConfig,
    /// An OCI image index (`application/vnd.oci.image.index.v1+json`).
    ImageIndex,
    /// An OCI image manifest (`application/vnd.oci.image.manifest.v1+json`).
    ImageManifest,
    /// An image config (`application/vnd.oci.image.config.v1+json`, or Docker's).
    ImageConfig,
    /// A Docker manifest list (`application/vnd.docker.distribution.manifest.list.v2+json`).
    DockerManifestList,
    /// A Docker image manifest (`application/vnd.docker.distribution.manifest.v2+json`).
    DockerManifest,
}

impl DocumentKind {
    /// Every kind.
    pub const ALL: [DocumentKind; 6] = [
        DocumentKind::RuntimeConfig,
        DocumentKind::ImageIndex,
        DocumentKind::ImageManifest,
        DocumentKind::ImageConfig,
        DocumentKind::DockerManifestList,
        DocumentKind::DockerManifest,
    ];

    /// A stable id (`runtime-config`, `image-index`…).
    pub fn id(self) -> &'static str {
        match self {
            DocumentKind::RuntimeConfig => "runtime-config",
            DocumentKind::ImageIndex => "image-index",
            DocumentKind::ImageManifest => "image-manifest",
            DocumentKind::ImageConfig => "image-config",
            DocumentKind::DockerManifestList => "docker-manifest-list",
            DocumentKind::DockerManifest => "docker-manifest",
        }
    }

    /// The kind of an id.
    pub fn from_id(id: &str) -> Option<DocumentKind> {
        DocumentKind::ALL.into_iter().find(|k| k.id() == id)
    }

    /// A name for people (`runtime config.json`, `OCI image index`…).
    pub fn title(self) -> &'static str {
        match self {
            DocumentKind::RuntimeConfig => "runtime config.json",
            DocumentKind::ImageIndex => "OCI image index",
            DocumentKind::ImageManifest => "OCI image manifest",
            DocumentKind::ImageConfig => "image config",
            DocumentKind::DockerManifestList => "Docker manifest list",
            DocumentKind::DockerManifest => "Docker image manifest (schema 2)",
        }
    }

    /// The title with its article (`an OCI image index`).
    pub fn a_title(self) -> String {
        let t = self.title();
        let vowel = t.starts_with(['a', 'e', 'i', 'o', 'u', 'A', 'E', 'I', 'O', 'U']);
        format!("{} {t}", if vowel { "an" } else { "a" })
    }

    /// The document's own media type (runtime configs have none).
    pub fn media_type(self) -> Option<&'static str> {
        match self {
            DocumentKind::RuntimeConfig => None,
            DocumentKind::ImageIndex => Some(MEDIA_TYPE_INDEX),
            DocumentKind::ImageManifest => Some(MEDIA_TYPE_MANIFEST),
            DocumentKind::ImageConfig => Some(MEDIA_TYPE_CONFIG),
            DocumentKind::DockerManifestList => Some(MEDIA_TYPE_DOCKER_LIST),
            DocumentKind::DockerManifest => Some(MEDIA_TYPE_DOCKER_MANIFEST),
        }
    }

    /// The kind a media type names.
    pub fn from_media_type(media_type: &str) -> Option<DocumentKind> {
        Some(match media_type {
            MEDIA_TYPE_INDEX => DocumentKind::ImageIndex,
            MEDIA_TYPE_MANIFEST => DocumentKind::ImageManifest,
            MEDIA_TYPE_CONFIG | MEDIA_TYPE_DOCKER_CONFIG => DocumentKind::ImageConfig,
            MEDIA_TYPE_DOCKER_LIST => DocumentKind::DockerManifestList,
            MEDIA_TYPE_DOCKER_MANIFEST => DocumentKind::DockerManifest,
            _ => return None,
        })
    }

    fn is_index(self) -> bool {
        matches!(
            self,
            DocumentKind::ImageIndex | DocumentKind::DockerManifestList
        )
    }

    fn is_manifest(self) -> bool {
        matches!(
            self,
            DocumentKind::ImageManifest | DocumentKind::DockerManifest
        )
    }
}

impl fmt::Display for DocumentKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

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
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
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
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Diagnostic {
    /// How bad.
    pub severity: Severity,
    /// A stable identifier of the rule (`unknown-field`, `relative-path`…).
    pub code: &'static str,
    /// What is wrong and what is expected, for people.
    pub message: String,
    /// JSON pointer (RFC 6901) of the value concerned; for a missing field,
    /// where it should be.
    pub pointer: String,
    /// 1-based line in the original text.
    pub line: u32,
    /// 1-based column in the original text, in characters.
    pub column: u32,
}

impl Diagnostic {
    /// `FILE:LINE:COL: severity: message`, as compilers print.
    pub fn render(&self, file: &str) -> String {
        format!(
            "{file}:{}:{}: {}: {}",
            self.line, self.column, self.severity, self.message
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
        self.diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    }

    /// Every diagnostic as `FILE:LINE:COL: severity: message`, one per line.
    pub fn render(&self, file: &str) -> String {
        let mut out = String::new();
        for d in &self.diagnostics {
            out.push_str(&d.render(file));
            out.push('\n');
        }
        out
    }
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
                    code: "not-utf8",
                    message: format!(
                        "not UTF-8 text: byte 0x{byte:02x} cannot start or continue a \
                         character; a config.json or image document is UTF-8 JSON"
                    ),
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
            code: "too-large",
            message: super::json::Fault::TooLarge(len).to_string(),
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
    let mut message = e.fault.to_string();
    if let Fault::Unclosed(_, start) = e.fault {
        let (l, c) = LineIndex::new(text).position(start);
        message.push_str(&format!(" (it opens on line {l}, column {c})"));
    }
    Report {
        kind,
        diagnostics: vec![Diagnostic {
            severity: Severity::Error,
            code,
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
        DocumentKind::RuntimeConfig => runtime::check(&mut c),
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

/// Tells what a document is from `mediaType`, then from its shape; or why
/// it cannot (a rule code and a message).
pub(crate) fn detect_kind(t: &Tree<'_>) -> Result<DocumentKind, (&'static str, String)> {
    let root = t.root();
    if t.kind(root) != super::json::Kind::Object {
        return Err((
            "not-an-object",
            format!(
                "the document is {}: a config.json, image index, manifest or image config is a \
                 JSON object ({{ … }})",
                t.kind(root).article_name()
            ),
        ));
    }
    if let Some(k) = t
        .get(root, "mediaType")
        .and_then(|m| t.str(m))
        .and_then(|m| DocumentKind::from_media_type(&m))
    {
        return Ok(k);
    }
    let has = |name: &str| t.get(root, name).is_some();
    if has("ociVersion") || has("process") || has("linux") || has("mounts") || has("hooks") {
        return Ok(DocumentKind::RuntimeConfig);
    }
    if has("manifests") {
        return Ok(DocumentKind::ImageIndex);
    }
    if has("fsLayers") {
        return Err((
            "docker-schema1",
            "this is a Docker image manifest of schema 1 (it has \"fsLayers\"): schema 1 is \
             deprecated and refused by containerd 2 and Docker 28; push the image again to get a \
             schema 2 or OCI manifest"
                .to_string(),
        ));
    }
    if has("layers") || (has("config") && has("schemaVersion")) {
        return Ok(DocumentKind::ImageManifest);
    }
    if has("rootfs") || (has("architecture") && has("os")) {
        return Ok(DocumentKind::ImageConfig);
    }
    if has("root") {
        return Ok(DocumentKind::RuntimeConfig);
    }
    Err((
        "unknown-kind",
        "cannot tell what this document is: expected a runtime config.json (with \"ociVersion\"), \
         an image index (with \"manifests\"), an image manifest (with \"config\" and \"layers\") \
         or an image config (with \"rootfs\")"
            .to_string(),
    ))
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

/// Reads the document with `oci-spec`. Elements runc ignores (and repeated
/// keys, of which Go keeps the last) are dropped first, through a
/// `serde_json::Value`, only when the direct read fails.
fn typed(c: &mut Checker<'_, '_>, kind: DocumentKind) -> Option<Document> {
    let text = c.tree.text();
    fn read<T: serde::de::DeserializeOwned>(
        text: &str,
        c: &Checker<'_, '_>,
    ) -> Result<T, serde_json::Error> {
        if c.ignored.is_empty() {
            match serde_json::from_str::<T>(text) {
                Ok(v) => return Ok(v),
                Err(e) if !c.duplicates => return Err(e),
                Err(_) => {}
            }
        }
        let mut value = serde_json::from_str::<serde_json::Value>(text)?;
        let mut drops: Vec<(String, u32)> = c
            .ignored
            .iter()
            .filter_map(|n| {
                let parent = c.tree.parent(*n)?;
                Some((c.tree.pointer(parent), c.tree.index(*n)))
            })
            .collect();
        drops.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        for (parent, index) in drops {
            if let Some(list) = value.pointer_mut(&parent).and_then(|v| v.as_array_mut()) {
                if (index as usize) < list.len() {
                    list.remove(index as usize);
                }
            }
        }
        // A failure through the Value has no position: the direct read has one.
        T::deserialize(value).map_err(|e| serde_json::from_str::<T>(text).err().unwrap_or(e))
    }
    let result = match kind {
        DocumentKind::RuntimeConfig => {
            read::<Spec>(text, c).map(|s| Document::RuntimeConfig(Box::new(s)))
        }
        DocumentKind::ImageIndex | DocumentKind::DockerManifestList => {
            read::<ImageIndex>(text, c).map(|s| Document::Index(Box::new(s)))
        }
        DocumentKind::ImageManifest | DocumentKind::DockerManifest => {
            read::<ImageManifest>(text, c).map(|s| Document::Manifest(Box::new(s)))
        }
        DocumentKind::ImageConfig => {
            read::<ImageConfiguration>(text, c).map(|s| Document::ImageConfig(Box::new(s)))
        }
    };
    match result {
        Ok(d) => Some(d),
        Err(e) => {
            let idx = LineIndex::new(text);
            let offset = idx.offset_of_byte_column(e.line(), e.column());
            let node = c.tree.node_at(offset);
            let message = e.to_string();
            let message = match message.rfind(" at line ") {
                Some(i) => message.get(..i).unwrap_or(&message).to_string(),
                None => message,
            };
            c.error(
                At::Offset(offset, node),
                "oci-spec",
                format!("the oci-spec library cannot read this document: {message}"),
            );
            None
        }
    }
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
    /// At a byte offset, inside a value.
    Offset(u32, NodeId),
}

struct Pending {
    severity: Severity,
    code: &'static str,
    message: String,
    at: At,
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
}

impl<'a, 't> Checker<'a, 't> {
    fn new(tree: &'a Tree<'t>) -> Checker<'a, 't> {
        Checker {
            tree,
            pending: Vec::new(),
            errors: 0,
            ignored: Vec::new(),
            duplicates: false,
        }
    }

    pub(crate) fn push(&mut self, severity: Severity, at: At, code: &'static str, message: String) {
        if severity == Severity::Error {
            self.errors += 1;
        }
        self.pending.push(Pending {
            severity,
            code,
            message,
            at,
        });
    }

    pub(crate) fn error(&mut self, at: At, code: &'static str, message: String) {
        self.push(Severity::Error, at, code, message);
    }

    pub(crate) fn warn(&mut self, at: At, code: &'static str, message: String) {
        self.push(Severity::Warning, at, code, message);
    }

    pub(crate) fn info(&mut self, at: At, code: &'static str, message: String) {
        self.push(Severity::Info, at, code, message);
    }

    fn has_errors(&self) -> bool {
        self.errors > 0
    }

    /// Warns about keys repeated in one object (Go keeps the last, serde refuses).
    fn duplicate_keys(&mut self) {
        let t = self.tree;
        let mut stack = vec![t.root()];
        let mut keys: Vec<(Cow<'t, str>, NodeId)> = Vec::new();
        while let Some(n) = stack.pop() {
            for child in t.children(n) {
                if matches!(
                    t.kind(child),
                    super::json::Kind::Object | super::json::Kind::Array
                ) {
                    stack.push(child);
                }
            }
            if t.kind(n) != super::json::Kind::Object || t.len(n) < 2 {
                continue;
            }
            keys.clear();
            keys.extend(t.children(n).filter_map(|c| t.key(c).map(|k| (k, c))));
            keys.sort();
            for w in keys.windows(2) {
                if let [(a, _), (b, second)] = w {
                    if a == b {
                        self.duplicates = true;
                        self.pending.push(Pending {
                            severity: Severity::Warning,
                            code: "duplicate-key",
                            message: format!(
                                "\"{b}\" appears twice in this object: runc (Go) keeps the last \
                                 one, other tools refuse the document; keep one"
                            ),
                            at: At::Key(*second),
                        });
                    }
                }
            }
        }
    }

    /// Locates every diagnostic, in text order.
    fn finish(self) -> Vec<Diagnostic> {
        let t = self.tree;
        let mut located: Vec<(u32, String, Pending)> = self
            .pending
            .into_iter()
            .map(|p| {
                let (offset, pointer) = match &p.at {
                    At::Value(n) => (t.start(*n), t.pointer(*n)),
                    At::Key(n) => (t.key_start(*n), t.pointer(*n)),
                    At::Missing(n, name) => {
                        let mut ptr = t.pointer(*n);
                        push_segment(&mut ptr, name);
                        (t.start(*n), ptr)
                    }
                    At::Offset(o, n) => (*o, t.pointer(*n)),
                };
                (offset, pointer, p)
            })
            .collect();
        located.sort_by_key(|(offset, _, _)| *offset);
        let dropped = located.len().saturating_sub(MAX_DIAGNOSTICS);
        located.truncate(MAX_DIAGNOSTICS);
        let idx = LineIndex::new(t.text());
        let mut out: Vec<Diagnostic> = located
            .into_iter()
            .map(|(offset, pointer, p)| {
                let (line, column) = idx.position(offset);
                Diagnostic {
                    severity: p.severity,
                    code: p.code,
                    message: p.message,
                    pointer,
                    line,
                    column,
                }
            })
            .collect();
        if dropped > 0 {
            let (line, column) = out.last().map_or((1, 1), |d| (d.line, d.column));
            out.push(Diagnostic {
                severity: Severity::Info,
                code: "too-many-diagnostics",
                message: format!(
                    "{dropped} more diagnostics not shown (the limit is {MAX_DIAGNOSTICS})"
                ),
                pointer: String::new(),
                line,
                column,
            });
        }
        out
    }
}
