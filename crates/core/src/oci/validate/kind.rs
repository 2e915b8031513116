//! What a document is: the [`DocumentKind`]s this module validates, their
//! media types, and the kind read from `mediaType` or, without it, from the
//! document's shape.

use super::*;
use crate::message::Msg;
use crate::msg;

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

    /// The name for people as a message (`val-kind-…`).
    pub fn title_msg(self) -> Msg {
        Msg::new(match self {
            DocumentKind::RuntimeConfig => "val-kind-runtime-config",
            DocumentKind::ImageIndex => "val-kind-image-index",
            DocumentKind::ImageManifest => "val-kind-image-manifest",
            DocumentKind::ImageConfig => "val-kind-image-config",
            DocumentKind::DockerManifestList => "val-kind-docker-manifest-list",
            DocumentKind::DockerManifest => "val-kind-docker-manifest",
        })
    }

    /// The name with its article as a message (`val-kind-a-…`).
    pub fn a_title_msg(self) -> Msg {
        Msg::new(match self {
            DocumentKind::RuntimeConfig => "val-kind-a-runtime-config",
            DocumentKind::ImageIndex => "val-kind-a-image-index",
            DocumentKind::ImageManifest => "val-kind-a-image-manifest",
            DocumentKind::ImageConfig => "val-kind-a-image-config",
            DocumentKind::DockerManifestList => "val-kind-a-docker-manifest-list",
            DocumentKind::DockerManifest => "val-kind-a-docker-manifest",
        })
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

    pub(super) fn is_index(self) -> bool {
        matches!(
            self,
            DocumentKind::ImageIndex | DocumentKind::DockerManifestList
        )
    }

    pub(super) fn is_manifest(self) -> bool {
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

/// Tells what a document is from `mediaType`, then from its shape; or why
/// it cannot (a rule code and a message).
pub(crate) fn detect_kind(t: &Tree<'_>) -> Result<DocumentKind, (&'static str, Msg)> {
    let root = t.root();
    if t.kind(root) != crate::oci::json::Kind::Object {
        return Err((
            "not-an-object",
            match t.kind(root) {
                crate::oci::json::Kind::Array => msg!("val-not-an-object-array"),
                crate::oci::json::Kind::String => msg!("val-not-an-object-string"),
                crate::oci::json::Kind::Number => msg!("val-not-an-object-number"),
                crate::oci::json::Kind::Bool => msg!("val-not-an-object-boolean"),
                _ => msg!("val-not-an-object-null"),
            },
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
        return Err(("docker-schema1", msg!("val-docker-schema1")));
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
    Err(("unknown-kind", msg!("val-unknown-kind")))
}
