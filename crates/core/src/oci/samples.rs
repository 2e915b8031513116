//! The documents the OCI inspector offers, embedded with `include_str!`
//! from `assets/oci/`: real configs and image documents ([`SAMPLES`]) and
//! broken ones, each with the diagnostics it must produce ([`BROKEN`]).
//!
//! The lists name the documents; their texts are reached only through
//! [`Sample::text`], [`Broken::text`] and [`document`], so a program that
//! lists the samples without reading them (the browser app, which asks the
//! inspector module for a document's text) does not carry them.
//!
//! ```
//! use atlas_core::oci::samples::{sample, BROKEN};
//! use atlas_core::oci::validate::validate;
//!
//! let s = sample("runc-default").unwrap();
//! assert!(!validate(s.text()).has_errors());
//! for b in BROKEN {
//!     let r = validate(b.text());
//!     assert_eq!(r.render("", &atlas_core::Catalog::english()), b.expect_rendered(), "{}", b.file);
//! }
//! ```

use super::validate::DocumentKind;

/// A document to try.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sample {
    /// A short stable id (`runc-default`).
    pub name: &'static str,
    /// The file under `assets/oci/`.
    pub file: &'static str,
    /// What it is.
    pub kind: DocumentKind,
    /// One line for people.
    pub title: &'static str,
}

impl Sample {
    /// The text.
    pub fn text(&self) -> &'static str {
        lookup(SAMPLE_TEXTS, self.file)
    }

    /// Its path under `assets/oci/`, what [`document`] reads.
    pub fn path(&self) -> &'static str {
        self.file
    }
}

macro_rules! sample {
    ($name:literal, $file:literal, $kind:ident, $title:literal) => {
        Sample {
            name: $name,
            file: $file,
            kind: DocumentKind::$kind,
            title: $title,
        }
    };
}

macro_rules! text {
    ($file:literal) => {
        (
            $file,
            include_str!(concat!("../../../../assets/oci/", $file)),
        )
    };
}

/// Each sample's file and text (see [`Sample::text`]).
const SAMPLE_TEXTS: &[(&str, &str)] = &[
    text!("config.default.json"),
    text!("config.rootless.default.json"),
    text!("k8s-pod-container.json"),
    text!("config.limited.json"),
    text!("image-index.json"),
    text!("image-manifest.json"),
    text!("image-config.json"),
    text!("docker-manifest-list.json"),
    text!("docker-manifest.json"),
];

/// The text filed under `file` in a table of texts ("" if it has none).
fn lookup(table: &[(&str, &'static str)], file: &str) -> &'static str {
    table
        .iter()
        .find(|(f, _)| *f == file)
        .map(|(_, t)| *t)
        .unwrap_or("")
}

/// The valid samples, in the order the inspector lists them.
pub const SAMPLES: &[Sample] = &[
    sample!(
        "runc-default",
        "config.default.json",
        RuntimeConfig,
        "`runc spec`: the default config.json (runc 1.1)"
    ),
    sample!(
        "runc-rootless",
        "config.rootless.default.json",
        RuntimeConfig,
        "`runc spec --rootless`: a user namespace mapping the caller to root"
    ),
    sample!(
        "k8s-pod-container",
        "k8s-pod-container.json",
        RuntimeConfig,
        "a Kubernetes pod's app container (containerd CRI): joins the pause container's network, IPC and UTS namespaces by path"
    ),
    sample!(
        "limited",
        "config.limited.json",
        RuntimeConfig,
        "memory, CPU and pids limits: what runc writes to memory.max, cpu.max and pids.max"
    ),
    sample!(
        "image-index",
        "image-index.json",
        ImageIndex,
        "an OCI image index: seven platforms and BuildKit attestation manifests"
    ),
    sample!(
        "image-manifest",
        "image-manifest.json",
        ImageManifest,
        "an OCI image manifest: a config and four gzip layers"
    ),
    sample!(
        "image-config",
        "image-config.json",
        ImageConfig,
        "an OCI image config: entrypoint, environment, layers and history"
    ),
    sample!(
        "docker-manifest-list",
        "docker-manifest-list.json",
        DockerManifestList,
        "a Docker manifest list (schema 2)"
    ),
    sample!(
        "docker-manifest",
        "docker-manifest.json",
        DockerManifest,
        "a Docker image manifest (schema 2)"
    ),
];

/// A broken document; what validating it must report is [`Broken::expect`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Broken {
    /// The file under `assets/oci/broken/`.
    pub file: &'static str,
}

impl Broken {
    /// The text.
    pub fn text(&self) -> &'static str {
        lookup(BROKEN_TEXTS, self.file)
    }

    /// Its path under `assets/oci/`, what [`document`] reads.
    pub fn path(&self) -> String {
        format!("broken/{}", self.file)
    }

    /// The expected diagnostics, one `LINE:COL: severity: message` per line
    /// (the sidecar `<name>.expect`; empty if it has none). They are kept
    /// apart from [`BROKEN`] so that a program that lists the samples without
    /// checking them (the browser app) does not carry them.
    pub fn expect(&self) -> &'static str {
        lookup(BROKEN_EXPECT, self.file)
    }

    /// The expectation as [`Report::render`](super::validate::Report::render)
    /// prints it with an empty file name (`:LINE:COL: severity: message`).
    pub fn expect_rendered(&self) -> String {
        self.expect()
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| format!(":{l}\n"))
            .collect()
    }
}

macro_rules! broken {
    ($name:literal) => {
        Broken {
            file: concat!($name, ".json"),
        }
    };
}

macro_rules! broken_text {
    ($name:literal) => {
        (
            concat!($name, ".json"),
            include_str!(concat!("../../../../assets/oci/broken/", $name, ".json")),
        )
    };
}

macro_rules! expect {
    ($name:literal) => {
        (
            concat!($name, ".json"),
            include_str!(concat!("../../../../assets/oci/broken/", $name, ".expect")),
        )
    };
}

/// Each broken sample's file and its expected diagnostics (see [`Broken::expect`]).
const BROKEN_EXPECT: &[(&str, &str)] = &[
    expect!("bad-oci-version"),
    expect!("capabilities-rlimits"),
    expect!("cgroup-values"),
    expect!("deeply-nested"),
    expect!("docker-list-no-media-type"),
    expect!("duplicates-annotations"),
    expect!("index-bad-platforms"),
    expect!("manifest-bad-digests"),
    expect!("manifest-missing-config"),
    expect!("mappings-without-userns"),
    expect!("missing-required"),
    expect!("namespaces"),
    expect!("relative-paths"),
    expect!("sysctls"),
    expect!("trailing-comma"),
    expect!("truncated"),
    expect!("unknown-fields"),
    expect!("user-mappings"),
    expect!("wrong-types"),
];

/// Each broken sample's file and text (see [`Broken::text`]).
const BROKEN_TEXTS: &[(&str, &str)] = &[
    broken_text!("bad-oci-version"),
    broken_text!("capabilities-rlimits"),
    broken_text!("cgroup-values"),
    broken_text!("deeply-nested"),
    broken_text!("docker-list-no-media-type"),
    broken_text!("duplicates-annotations"),
    broken_text!("index-bad-platforms"),
    broken_text!("manifest-bad-digests"),
    broken_text!("manifest-missing-config"),
    broken_text!("mappings-without-userns"),
    broken_text!("missing-required"),
    broken_text!("namespaces"),
    broken_text!("relative-paths"),
    broken_text!("sysctls"),
    broken_text!("trailing-comma"),
    broken_text!("truncated"),
    broken_text!("unknown-fields"),
    broken_text!("user-mappings"),
    broken_text!("wrong-types"),
];

/// The broken samples, by file name.
pub const BROKEN: &[Broken] = &[
    broken!("bad-oci-version"),
    broken!("capabilities-rlimits"),
    broken!("cgroup-values"),
    broken!("deeply-nested"),
    broken!("docker-list-no-media-type"),
    broken!("duplicates-annotations"),
    broken!("index-bad-platforms"),
    broken!("manifest-bad-digests"),
    broken!("manifest-missing-config"),
    broken!("mappings-without-userns"),
    broken!("missing-required"),
    broken!("namespaces"),
    broken!("relative-paths"),
    broken!("sysctls"),
    broken!("trailing-comma"),
    broken!("truncated"),
    broken!("unknown-fields"),
    broken!("user-mappings"),
    broken!("wrong-types"),
];

/// The sample called `name`.
pub fn sample(name: &str) -> Option<&'static Sample> {
    SAMPLES.iter().find(|s| s.name == name)
}

/// The text of a shipped document by its path under `assets/oci/`
/// ([`Sample::path`], [`Broken::path`]).
pub fn document(path: &str) -> Option<&'static str> {
    match path.strip_prefix("broken/") {
        Some(file) => BROKEN.iter().find(|b| b.file == file).map(Broken::text),
        None => SAMPLES.iter().find(|s| s.file == path).map(Sample::text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_broken_sample_has_its_expectation() {
        let files: Vec<&str> = BROKEN.iter().map(|b| b.file).collect();
        let expected: Vec<&str> = BROKEN_EXPECT.iter().map(|(f, _)| *f).collect();
        assert_eq!(files, expected);
        let texts: Vec<&str> = BROKEN_TEXTS.iter().map(|(f, _)| *f).collect();
        assert_eq!(files, texts);
        for b in BROKEN {
            assert!(
                b.expect().lines().any(|l| !l.trim().is_empty()),
                "{}",
                b.file
            );
        }
    }

    #[test]
    fn every_document_has_its_text_and_path() {
        let files: Vec<&str> = SAMPLES.iter().map(|s| s.file).collect();
        let texts: Vec<&str> = SAMPLE_TEXTS.iter().map(|(f, _)| *f).collect();
        assert_eq!(files, texts);
        for s in SAMPLES {
            assert!(s.text().starts_with('{'), "{}", s.file);
            assert_eq!(document(s.path()), Some(s.text()));
        }
        for b in BROKEN {
            assert!(!b.text().is_empty(), "{}", b.file);
            assert_eq!(document(&b.path()), Some(b.text()));
        }
        assert_eq!(document("broken/none.json"), None);
        assert_eq!(document("none.json"), None);
    }
}
