//! Image documents read from text with `oci-spec`: the OCI image index, image
//! manifest and image config, and Docker's manifest list
//! (`application/vnd.docker.distribution.manifest.list.v2+json`) and image
//! manifest (`application/vnd.docker.distribution.manifest.v2+json`), which
//! have the shapes of the OCI index and manifest.
//!
//! These functions read; they do not judge. Use
//! [`validate`](super::validate::validate) for what the image-spec requires
//! (digest grammar, media types, platforms…). Reading goes through the same
//! non-recursive pre-scan as validation, so any text (binary garbage, 10 MB,
//! 100 000 nested `[`) gives an [`ImageError`] with a line and column, never a
//! panic or a stack overflow.
//!
//! ```
//! use atlas_core::oci::image::{parse_image, select_platform, ImageDocument};
//! use atlas_core::oci::samples::sample;
//!
//! let (kind, doc) = parse_image(sample("image-index").unwrap().text()).unwrap();
//! assert_eq!(kind.id(), "image-index");
//! let ImageDocument::Index(index) = doc else { panic!() };
//! let (i, d) = select_platform(&index, "linux", "arm64", None).unwrap();
//! assert_eq!((i, d.size()), (3, 1624));
//! // The attestation manifests (platform unknown/unknown) are never picked.
//! assert!(select_platform(&index, "unknown", "unknown", None).is_none());
//! ```

use super::json::{LineIndex, Tree};
use super::validate::{detect_kind, DocumentKind};
use oci_spec::image::{Descriptor, ImageConfiguration, ImageIndex, ImageManifest};

/// An image document.
#[derive(Debug, Clone, PartialEq)]
pub enum ImageDocument {
    /// An OCI image index or a Docker manifest list.
    Index(Box<ImageIndex>),
    /// An OCI image manifest or a Docker v2 manifest.
    Manifest(Box<ImageManifest>),
    /// An image config (OCI or Docker).
    Config(Box<ImageConfiguration>),
}

/// Why a text could not be read as an image document.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImageError {
    /// Not JSON, or over a limit (size, depth, number of values).
    #[error("line {line}, column {column}: {message}")]
    Syntax {
        /// 1-based line.
        line: u32,
        /// 1-based column (characters).
        column: u32,
        /// What is wrong.
        message: String,
    },
    /// JSON that `oci-spec` cannot read as the expected document.
    #[error("line {line}, column {column}: {message}")]
    Shape {
        /// 1-based line.
        line: u32,
        /// 1-based column (characters).
        column: u32,
        /// serde's description.
        message: String,
    },
    /// A document that is not an image document (a runtime config, or
    /// something unrecognisable).
    #[error("{0}")]
    NotAnImage(String),
    /// Another kind of image document than the one asked for.
    #[error("expected {expected}, found {}", .found.title())]
    WrongKind {
        /// What was asked for.
        expected: &'static str,
        /// What the text is.
        found: DocumentKind,
    },
}

fn pre_scan(text: &str) -> Result<Tree<'_>, ImageError> {
    Tree::parse(text).map_err(|e| {
        let (line, column) = LineIndex::new(text).position(e.offset);
        ImageError::Syntax {
            line,
            column,
            message: e.fault.to_string(),
        }
    })
}

fn read<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, ImageError> {
    serde_json::from_str::<T>(text).map_err(|e| {
        let idx = LineIndex::new(text);
        let (line, column) = idx.position(idx.offset_of_byte_column(e.line(), e.column()));
        let message = e.to_string();
        let message = match message.rfind(" at line ") {
            Some(i) => message.get(..i).unwrap_or(&message).to_string(),
            None => message,
        };
        ImageError::Shape {
            line,
            column,
            message,
        }
    })
}

/// Reads any image document, telling its kind from `mediaType` or its shape.
pub fn parse_image(text: &str) -> Result<(DocumentKind, ImageDocument), ImageError> {
    let tree = pre_scan(text)?;
    let kind = detect_kind(&tree)
        .map_err(|(_, m)| ImageError::NotAnImage(crate::message::Catalog::english().render(&m)))?;
    let doc = match kind {
        DocumentKind::RuntimeConfig => {
            return Err(ImageError::NotAnImage(
                "this is a runtime config.json, not an image document".to_string(),
            ))
        }
        DocumentKind::ImageIndex | DocumentKind::DockerManifestList => {
            ImageDocument::Index(Box::new(read(text)?))
        }
        DocumentKind::ImageManifest | DocumentKind::DockerManifest => {
            ImageDocument::Manifest(Box::new(read(text)?))
        }
        DocumentKind::ImageConfig => ImageDocument::Config(Box::new(read(text)?)),
    };
    Ok((kind, doc))
}

/// Reads an OCI image index or a Docker manifest list.
pub fn parse_index(text: &str) -> Result<ImageIndex, ImageError> {
    match parse_image(text)? {
        (_, ImageDocument::Index(i)) => Ok(*i),
        (found, _) => Err(ImageError::WrongKind {
            expected: "an image index or Docker manifest list",
            found,
        }),
    }
}

/// Reads an OCI image manifest or a Docker v2 manifest.
pub fn parse_manifest(text: &str) -> Result<ImageManifest, ImageError> {
    match parse_image(text)? {
        (_, ImageDocument::Manifest(m)) => Ok(*m),
        (found, _) => Err(ImageError::WrongKind {
            expected: "an image manifest",
            found,
        }),
    }
}

/// Reads an image config. Image configs carry no `mediaType`, so the text is
/// read as one whatever its shape.
pub fn parse_image_config(text: &str) -> Result<ImageConfiguration, ImageError> {
    pre_scan(text)?;
    read(text)
}

/// Whether an index entry is a BuildKit attestation manifest
/// (`vnd.docker.reference.type: attestation-manifest`), which runtimes skip.
pub fn is_attestation(d: &Descriptor) -> bool {
    d.annotations()
        .as_ref()
        .and_then(|a| a.get("vnd.docker.reference.type"))
        .is_some_and(|t| t == "attestation-manifest")
}

/// The entry a runtime pulls for a platform, as containerd's platform matcher
/// picks it: the first entry whose `os` and `architecture` match and whose
/// variant matches when one is asked for (`arm64` without a variant counts as
/// `v8`); attestation manifests and entries without a platform are skipped.
/// Returns the entry's position and descriptor.
pub fn select_platform<'a>(
    index: &'a ImageIndex,
    os: &str,
    architecture: &str,
    variant: Option<&str>,
) -> Option<(usize, &'a Descriptor)> {
    let normal = |arch: &str, v: Option<&str>| -> Option<String> {
        match (arch, v) {
            ("arm64", None | Some("")) => Some("v8".to_string()),
            (_, Some(v)) if !v.is_empty() => Some(v.to_string()),
            _ => None,
        }
    };
    let wanted = normal(architecture, variant);
    index.manifests().iter().enumerate().find(|(_, d)| {
        if is_attestation(d) {
            return false;
        }
        let Some(p) = d.platform() else { return false };
        p.os().to_string() == os
            && p.architecture().to_string() == architecture
            && (variant.is_none() || normal(architecture, p.variant().as_deref()) == wanted)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::oci::samples::sample;

    #[test]
    fn reads_every_image_sample() {
        for (name, kind) in [
            ("image-index", DocumentKind::ImageIndex),
            ("image-manifest", DocumentKind::ImageManifest),
            ("image-config", DocumentKind::ImageConfig),
            ("docker-manifest-list", DocumentKind::DockerManifestList),
            ("docker-manifest", DocumentKind::DockerManifest),
        ] {
            let (k, _) = parse_image(sample(name).unwrap().text()).unwrap();
            assert_eq!(k, kind, "{name}");
        }
        let list = parse_index(sample("docker-manifest-list").unwrap().text()).unwrap();
        assert_eq!(list.manifests().len(), 6);
        let m = parse_manifest(sample("docker-manifest").unwrap().text()).unwrap();
        assert_eq!(m.layers().len(), 1);
        let c = parse_image_config(sample("image-config").unwrap().text()).unwrap();
        assert_eq!(c.rootfs().diff_ids().len(), 4);
    }

    #[test]
    fn errors_say_where_and_what() {
        assert!(matches!(
            parse_index("{\"manifests\": [1]}"),
            Err(ImageError::Shape { line: 1, .. })
        ));
        let e = parse_manifest(sample("image-index").unwrap().text()).unwrap_err();
        assert_eq!(
            e.to_string(),
            "expected an image manifest, found OCI image index"
        );
        assert!(matches!(
            parse_image(sample("runc-default").unwrap().text()),
            Err(ImageError::NotAnImage(_))
        ));
        let deep = "[".repeat(100_000);
        assert!(matches!(
            parse_image(&deep),
            Err(ImageError::Syntax {
                line: 1,
                column: 101,
                ..
            })
        ));
        assert!(matches!(
            parse_image_config("{\"os\": \"linux\"}"),
            Err(ImageError::Shape { .. })
        ));
    }

    #[test]
    fn platform_selection_skips_attestations() {
        let index = parse_index(sample("image-index").unwrap().text()).unwrap();
        assert_eq!(
            select_platform(&index, "linux", "amd64", None).map(|x| x.0),
            Some(0)
        );
        assert_eq!(
            select_platform(&index, "linux", "arm", Some("v7")).map(|x| x.0),
            Some(2)
        );
        assert_eq!(
            select_platform(&index, "linux", "arm64", Some("v8")).map(|x| x.0),
            Some(3)
        );
        assert!(select_platform(&index, "windows", "amd64", None).is_none());
        assert!(
            index
                .manifests()
                .iter()
                .filter(|d| is_attestation(d))
                .count()
                == 4
        );
    }
}
