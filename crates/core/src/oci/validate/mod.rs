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
//! assert!(d.message.contains("SemVer"));
//! // No "process": runc refuses the config, so the report says so at the top.
//! assert_eq!(r.diagnostics[0].code, "missing-process");
//! ```

mod grammar;
mod image;
mod runtime_spec;
mod schema;

#[cfg(test)]
mod props;
#[cfg(test)]
mod tests;

use super::json::{push_segment, LineIndex, NodeId, SyntaxError, Tree};
use oci_spec::image::{ImageConfiguration, ImageIndex, ImageManifest};
use oci_spec::runtime::Spec;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::fmt;

pub use super::json::{MAX_BYTES, MAX_DEPTH, MAX_VALUES};
pub use grammar::{check_digest, DigestError};

/// Every rule, by code: what it checks. A diagnostic's `code` is one of these.
pub const RULES: &[(&str, &str)] = &[
    // Reading
    ("too-large", "the document is over MAX_BYTES"),
    ("too-deep", "arrays and objects nest deeper than MAX_DEPTH"),
    (
        "too-many-values",
        "the document holds more than MAX_VALUES values",
    ),
    ("not-utf8", "the bytes are not UTF-8 text"),
    ("syntax", "the text is not JSON (with where it breaks)"),
    ("duplicate-key", "a key repeated in one object"),
    ("not-an-object", "the document is not a JSON object"),
    (
        "unknown-kind",
        "neither a runtime config nor an image document",
    ),
    ("docker-schema1", "a deprecated Docker schema 1 manifest"),
    ("too-many-diagnostics", "more than MAX_DIAGNOSTICS findings"),
    (
        "oci-spec",
        "oci-spec cannot read a document the rules accept",
    ),
    // Shape
    ("missing-field", "a REQUIRED field is absent"),
    ("wrong-type", "a value of the wrong JSON type"),
    ("out-of-range", "an integer outside its type's range"),
    (
        "not-an-integer",
        "a fraction or exponent where an integer is expected",
    ),
    (
        "unknown-value",
        "a value outside a closed set (namespace, rlimit, seccomp…)",
    ),
    (
        "unknown-field",
        "a field the spec does not define (ignored by runtimes)",
    ),
    // Runtime config
    ("oci-version", "ociVersion is not SemVer, or not 1.x"),
    ("missing-root", "no root (runc refuses)"),
    ("empty-path", "root.path is empty"),
    ("missing-process", "no process (runc refuses)"),
    (
        "relative-path",
        "a path the spec requires absolute is relative",
    ),
    ("empty-args", "process.args missing or empty"),
    ("env-format", "an environment entry that is not NAME=value"),
    ("oom-score-adj", "oomScoreAdj outside -1000..1000"),
    (
        "unknown-capability",
        "a capability name runc does not know (ignored)",
    ),
    (
        "ambient-not-permitted",
        "an ambient capability not permitted and inheritable",
    ),
    (
        "effective-not-permitted",
        "an effective capability not permitted",
    ),
    ("duplicate-rlimit", "an rlimit type set twice"),
    (
        "rlimit-soft-above-hard",
        "an rlimit's soft limit above its hard limit",
    ),
    ("io-priority", "ioPriority.priority outside 0..7"),
    ("scheduler", "scheduler values runc refuses"),
    ("cpu-list", "a CPU or NUMA node list that does not parse"),
    ("mount-without-type", "a mount with neither type nor bind"),
    ("bind-without-source", "a bind mount without source"),
    (
        "idmap-without-bind",
        "an ID-mapped mount that is not a bind mount",
    ),
    ("deprecated-prestart", "prestart hooks (deprecated)"),
    ("hook-timeout", "a hook timeout that is not above zero"),
    (
        "needs-uts-namespace",
        "hostname or domainname without a UTS namespace",
    ),
    (
        "needs-mount-namespace",
        "masked or read-only paths without a mount namespace",
    ),
    (
        "needs-time-namespace",
        "timeOffsets without a new time namespace",
    ),
    ("no-namespaces", "a linux section with no namespaces"),
    ("duplicate-namespace", "a namespace type listed twice"),
    (
        "mappings-without-userns",
        "ID mappings without a user namespace",
    ),
    (
        "mappings-with-userns-path",
        "ID mappings with a user namespace joined by path",
    ),
    (
        "userns-without-mappings",
        "a new user namespace without uid or gid mappings",
    ),
    ("too-many-mappings", "more than 340 lines in an ID map"),
    ("mapping-size", "an ID mapping of size 0"),
    ("mapping-overlap", "overlapping ID mappings"),
    (
        "unmapped-user",
        "the process's uid or gid outside the mappings",
    ),
    (
        "sysctl",
        "a sysctl runc refuses for the container's namespaces",
    ),
    (
        "rootfs-propagation",
        "a rootfsPropagation runc does not support",
    ),
    ("duplicate-device", "a device path listed twice"),
    ("file-mode", "a device fileMode above 0o7777"),
    ("empty-annotation-key", "an empty annotation key"),
    (
        "systemd-cgroups-path",
        "a cgroupsPath in systemd's slice:prefix:name form",
    ),
    ("intel-rdt", "an intelRdt.closID runc refuses"),
    (
        "pids-limit",
        "a pids limit of 0 (unset) or below -1 (refused on cgroup v2)",
    ),
    (
        "device-access",
        "a device cgroup access that is not r, w, m",
    ),
    ("blkio-weight", "block I/O weights out of range or missing"),
    ("hugepage-size", "a hugepage size the kernel does not name"),
    ("hugepage-limit", "a negative hugepage limit"),
    (
        "unified-key",
        "a cgroup v2 unified key that is not a file name",
    ),
    ("memory-value", "a memory value below -1"),
    ("memory-limit-zero", "memory.limit 0 (read as unset)"),
    ("memory-limit-tiny", "memory.limit below 6 MiB"),
    (
        "reservation-above-limit",
        "memory.reservation above memory.limit",
    ),
    ("swap-without-limit", "memory.swap without memory.limit"),
    ("swap-below-limit", "memory.swap below memory.limit"),
    ("swappiness", "memory.swappiness above 100"),
    ("kernel-memory", "deprecated kernel memory limits"),
    ("cpu-shares", "cpu.shares outside 2..262144"),
    ("cpu-period", "cpu.period outside 1 ms..1 s"),
    (
        "cpu-quota",
        "cpu.quota below 1 ms, or negative other than -1",
    ),
    ("quota-without-period", "cpu.quota without cpu.period"),
    ("cpu-burst", "cpu.burst above cpu.quota"),
    ("cpu-realtime", "realtimeRuntime above realtimePeriod"),
    ("cpu-idle", "cpu.idle other than 0 or 1"),
    (
        "seccomp-notify",
        "SCMP_ACT_NOTIFY as default, or without listenerPath",
    ),
    ("seccomp-names", "a seccomp rule without names"),
    ("seccomp-errno", "errnoRet with an action that ignores it"),
    ("seccomp-arg-index", "a seccomp argument index above 5"),
    // Image documents
    ("schema-version", "schemaVersion is not 2"),
    (
        "media-type",
        "mediaType missing, wrong for the document, or not RFC 6838",
    ),
    ("artifact-type", "an artifact manifest without artifactType"),
    ("artifact", "a manifest whose config is not an image config"),
    (
        "config-media-type",
        "a manifest pointing to the other family's config type",
    ),
    ("layer-media-type", "a layer type runtimes do not unpack"),
    (
        "nondistributable-layer",
        "a deprecated non-distributable layer type",
    ),
    ("no-layers", "an image manifest without layers"),
    (
        "digest",
        "a digest that breaks the grammar or its algorithm's length",
    ),
    ("digest-algorithm", "an unregistered digest algorithm"),
    (
        "empty-descriptor",
        "an empty descriptor with the wrong size or digest",
    ),
    ("url-scheme", "a descriptor URL that is not http(s)"),
    ("data-base64", "embedded data that is not base64"),
    ("data-size", "embedded data whose length is not the size"),
    (
        "manifest-media-type",
        "an index entry that is not a manifest or index",
    ),
    (
        "mixed-media-types",
        "an OCI entry in a Docker manifest list",
    ),
    (
        "attestation-manifest",
        "a BuildKit attestation manifest (skipped by runtimes)",
    ),
    (
        "attestation-platform",
        "an attestation with a real platform",
    ),
    (
        "attestation-target",
        "an attestation of a manifest not in the index",
    ),
    ("duplicate-platform", "two entries for one platform"),
    ("missing-platform", "an index entry without platform"),
    (
        "no-runnable-platform",
        "an index with no entry a runtime can pick",
    ),
    ("unknown-os", "an os that is not a GOOS value"),
    (
        "unknown-architecture",
        "an architecture that is not a GOARCH value",
    ),
    (
        "unknown-variant",
        "a CPU variant the architecture does not have",
    ),
    ("rootfs-type", "rootfs.type is not layers"),
    (
        "history-layers",
        "history and diff_ids disagree on the number of layers",
    ),
    ("timestamp", "a date that is not RFC 3339"),
    ("exposed-port", "an exposed port that is not port/protocol"),
];

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
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
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
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Diagnostic {
    /// How bad.
    pub severity: Severity,
    /// A stable identifier of the rule (`unknown-field`, `relative-path`…):
    /// one of [`RULES`] (owned only when read back from JSON).
    pub code: Cow<'static, str>,
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
        count(&self.diagnostics, severity)
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
            code: Cow::Borrowed("too-large"),
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
    let has = |name: &str| t.get(root, name).is_some();
    if let Some(k) = t
        .get(root, "mediaType")
        .and_then(|m| t.str(m))
        .and_then(|m| DocumentKind::from_media_type(&m))
    {
        // A wrong mediaType on a document of the other shape: trust the
        // shape, and the media-type rule reports the mismatch.
        let manifest_shape = !has("manifests") && (has("layers") || has("config"));
        if k.is_index() && manifest_shape {
            return Ok(DocumentKind::ImageManifest);
        }
        if k.is_manifest() && has("manifests") && !has("layers") {
            return Ok(DocumentKind::ImageIndex);
        }
        return Ok(k);
    }
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
                format!(
                    "the oci-spec library cannot read this document: {}",
                    e.message
                ),
            );
            None
        }
    }
}

/// The longest message kept, in characters (messages quote values from the
/// document, which may be megabytes long).
const MAX_MESSAGE_CHARS: usize = 600;

/// A message on one line, of bounded length: control characters quoted from
/// the document (a newline in a key, say) are written as escapes, so that
/// every diagnostic stays one `FILE:LINE:COL: severity: message` line.
fn one_line(message: String) -> String {
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
    /// The earlier members of repeated keys (Go reads the last one).
    shadowed: Vec<NodeId>,
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
const MAX_PENDING: usize = 20_000;

fn pending_limit(severity: Severity) -> usize {
    if severity == Severity::Error {
        MAX_PENDING
    } else {
        MAX_PENDING / 2
    }
}

impl<'a, 't> Checker<'a, 't> {
    fn new(tree: &'a Tree<'t>) -> Checker<'a, 't> {
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

    pub(crate) fn push(&mut self, severity: Severity, at: At, code: &'static str, message: String) {
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

    fn duplicate(&mut self, member: NodeId, key: &str) {
        self.duplicates = true;
        self.warn(
            At::Key(member),
            "duplicate-key",
            format!(
                "\"{key}\" appears twice in this object: runc (Go) keeps the last one, other \
                 tools refuse the document; keep one"
            ),
        );
    }

    /// Locates every diagnostic, in text order.
    fn finish(self) -> Vec<Diagnostic> {
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
        let positions = super::json::positions_sorted(t.text(), &offsets);
        let mut out: Vec<Diagnostic> = located
            .into_iter()
            .zip(positions)
            .map(|((_, pointer, p), (line, column))| Diagnostic {
                severity: p.severity,
                code: Cow::Borrowed(p.code),
                message: one_line(p.message),
                pointer,
                line,
                column,
            })
            .collect();
        if dropped > 0 {
            let (line, column) = out.last().map_or((1, 1), |d| (d.line, d.column));
            // An error among the ones not shown keeps the report an error.
            let (severity, of_them) = if dropped_errors > 0 {
                (
                    Severity::Error,
                    format!(", {dropped_errors} of them errors"),
                )
            } else {
                (Severity::Info, String::new())
            };
            out.push(Diagnostic {
                severity,
                code: Cow::Borrowed("too-many-diagnostics"),
                message: format!(
                    "{dropped} more diagnostics not shown{of_them} (the limit is \
                     {MAX_DIAGNOSTICS})"
                ),
                pointer: String::new(),
                line,
                column,
            });
        }
        out
    }
}
