//! The image-spec's shapes (index, manifest, descriptor, platform, image
//! config) and Docker's, which share them.

use super::*;

pub(super) static PLATFORM: Obj = Obj {
    what: "val-what-platform",
    fields: &[
        req(
            "architecture",
            STR,
            "the CPU architecture, as Go's GOARCH names it (\"amd64\", \"arm64\"…)",
        ),
        req(
            "os",
            STR,
            "the operating system, as Go's GOOS names it (\"linux\", \"windows\"…)",
        ),
        opt("os.version", STR),
        opt("os.features", STRINGS),
        opt("variant", STR),
        opt("features", STRINGS),
    ],
};

pub(super) static DESCRIPTOR: Obj = Obj {
    what: "val-what-descriptor",
    fields: &[
        req(
            "mediaType",
            STR,
            "the media type of the content, such as \"application/vnd.oci.image.manifest.v1+json\"",
        ),
        req(
            "digest",
            STR,
            "the content's digest, such as \"sha256:\" and 64 lowercase hex digits",
        ),
        req("size", U64, "val-hint-size-content-s-size-in-bytes"),
        opt("urls", STRINGS),
        opt("annotations", STRING_MAP),
        opt("data", STR),
        opt("artifactType", STR),
        opt("platform", Ty::Object(&PLATFORM)),
    ],
};

pub(super) const DESCRIPTORS: Ty = Ty::Array(&Ty::Object(&DESCRIPTOR));

/// An image index or Docker manifest list.
pub(super) static INDEX: Obj = Obj {
    what: "val-what-image-index",
    fields: &[
        req("schemaVersion", U32, "val-hint-schemaversion-number-2"),
        opt("mediaType", STR),
        opt("artifactType", STR),
        req(
            "manifests",
            DESCRIPTORS,
            "the list of descriptors of the manifests, one per platform",
        ),
        opt("subject", Ty::Object(&DESCRIPTOR)),
        opt("annotations", STRING_MAP),
    ],
};

/// An image manifest or Docker v2 manifest.
pub(super) static MANIFEST: Obj = Obj {
    what: "val-what-image-manifest",
    fields: &[
        req("schemaVersion", U32, "val-hint-schemaversion-number-2"),
        opt("mediaType", STR),
        opt("artifactType", STR),
        req(
            "config",
            Ty::Object(&DESCRIPTOR),
            "the descriptor of the image config",
        ),
        req(
            "layers",
            DESCRIPTORS,
            "the descriptors of the layers, base layer first",
        ),
        opt("subject", Ty::Object(&DESCRIPTOR)),
        opt("annotations", STRING_MAP),
    ],
};

/// `{}`: the values of Go's `map[string]struct{}` (ExposedPorts, Volumes).
pub(super) static EMPTY: Obj = Obj {
    what: "val-what-this-set-entry",
    fields: &[],
};

pub(super) static EXECUTION_CONFIG: Obj = Obj {
    what: "val-what-config",
    fields: &[
        opt("User", STR),
        opt("ExposedPorts", Ty::Map(&Ty::Object(&EMPTY))),
        opt("Env", STRINGS),
        opt("Entrypoint", STRINGS),
        opt("Cmd", STRINGS),
        opt("Volumes", Ty::Map(&Ty::Object(&EMPTY))),
        opt("WorkingDir", STR),
        opt("Labels", STRING_MAP),
        opt("StopSignal", STR),
        opt("ArgsEscaped", BOOL),
        opt("Memory", Ty::Any),
        opt("MemorySwap", Ty::Any),
        opt("CpuShares", Ty::Any),
        opt("Healthcheck", Ty::Any),
        // Docker's container config, kept in Docker image configs.
        opt("Hostname", Ty::Any),
        opt("Domainname", Ty::Any),
        opt("AttachStdin", Ty::Any),
        opt("AttachStdout", Ty::Any),
        opt("AttachStderr", Ty::Any),
        opt("Tty", Ty::Any),
        opt("OpenStdin", Ty::Any),
        opt("StdinOnce", Ty::Any),
        opt("Image", Ty::Any),
        opt("OnBuild", Ty::Any),
        opt("Shell", Ty::Any),
        opt("NetworkDisabled", Ty::Any),
        opt("MacAddress", Ty::Any),
    ],
};

pub(super) static ROOTFS: Obj = Obj {
    what: "val-what-rootfs",
    fields: &[
        req("type", STR, "val-hint-type-string-layers"),
        req(
            "diff_ids",
            STRINGS,
            "the digests of the uncompressed layers, base layer first",
        ),
    ],
};

pub(super) static HISTORY: Obj = Obj {
    what: "val-what-history-entry",
    fields: &[
        opt("created", STR),
        opt("author", STR),
        opt("created_by", STR),
        opt("comment", STR),
        opt("empty_layer", BOOL),
    ],
};

/// An image config.
pub(super) static IMAGE_CONFIG: Obj = Obj {
    what: "val-what-image-config",
    fields: &[
        opt("created", STR),
        opt("author", STR),
        req(
            "architecture",
            STR,
            "the CPU architecture, as Go's GOARCH names it (\"amd64\", \"arm64\"…)",
        ),
        req(
            "os",
            STR,
            "the operating system, as Go's GOOS names it (\"linux\"…)",
        ),
        opt("os.version", STR),
        opt("os.features", STRINGS),
        opt("variant", STR),
        opt("config", Ty::Object(&EXECUTION_CONFIG)),
        req(
            "rootfs",
            Ty::Object(&ROOTFS),
            "{\"type\": \"layers\", \"diff_ids\": [...]}",
        ),
        opt("history", Ty::Array(&Ty::Object(&HISTORY))),
        // Docker's legacy fields.
        opt("container", Ty::Any),
        opt("container_config", Ty::Any),
        opt("docker_version", Ty::Any),
        opt("id", Ty::Any),
        opt("parent", Ty::Any),
        opt("comment", Ty::Any),
        opt("moby.buildkit.buildinfo.v1", Ty::Any),
    ],
};
