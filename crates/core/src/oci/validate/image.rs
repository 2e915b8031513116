//! Rules for image documents beyond their shape: image-spec `descriptor.md`
//! (digests, media types, sizes, embedded data), `image-index.md` (platforms,
//! variants), `manifest.md` (config and layer media types, artifacts),
//! `config.md` (rootfs, history), and the Docker schema 2 media types
//! (distribution `manifest-v2-2.md`); plus BuildKit's attestation manifests.

use super::grammar::{base64_len, check_digest, closest, is_media_type, or_list, DigestError};
use super::schema::did_you_mean;
use super::schema::found;
use super::{
    At, Checker, DocumentKind, MEDIA_TYPE_CONFIG, MEDIA_TYPE_DOCKER_CONFIG, MEDIA_TYPE_DOCKER_LIST,
    MEDIA_TYPE_DOCKER_MANIFEST, MEDIA_TYPE_EMPTY, MEDIA_TYPE_INDEX, MEDIA_TYPE_MANIFEST,
};
use crate::msg;
use crate::oci::json::{Kind, NodeId, Tree};
use std::borrow::Cow;

/// Go's `GOOS` values (`go tool dist list`, plus older ones).
pub(super) const GOOS: [&str; 18] = [
    "aix",
    "android",
    "darwin",
    "dragonfly",
    "freebsd",
    "hurd",
    "illumos",
    "ios",
    "js",
    "linux",
    "nacl",
    "netbsd",
    "openbsd",
    "plan9",
    "solaris",
    "wasip1",
    "windows",
    "zos",
];

/// Go's `GOARCH` values.
pub(super) const GOARCH: [&str; 24] = [
    "386",
    "amd64",
    "amd64p32",
    "arm",
    "armbe",
    "arm64",
    "arm64be",
    "loong64",
    "mips",
    "mipsle",
    "mips64",
    "mips64le",
    "mips64p32",
    "mips64p32le",
    "ppc",
    "ppc64",
    "ppc64le",
    "riscv",
    "riscv64",
    "s390",
    "s390x",
    "sparc",
    "sparc64",
    "wasm",
];

/// Layer media types runtimes unpack.
const LAYER_TYPES: [&str; 5] = [
    "application/vnd.oci.image.layer.v1.tar",
    "application/vnd.oci.image.layer.v1.tar+gzip",
    "application/vnd.oci.image.layer.v1.tar+zstd",
    "application/vnd.docker.image.rootfs.diff.tar.gzip",
    "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip",
];

/// The digest of `{}`, the empty descriptor's content.
const EMPTY_DIGEST: &str =
    "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a";

/// The CPU variants an architecture knows (image-spec "Platform Variants",
/// with containerd's `platforms` normalisation).
fn variants(arch: &str) -> Option<&'static [&'static str]> {
    Some(match arch {
        "arm" => &["v5", "v6", "v7", "v8"],
        "arm64" => &[
            "v8", "v8.0", "v8.1", "v8.2", "v8.3", "v8.4", "v8.5", "v8.6", "v8.7", "v8.8", "v8.9",
            "v9", "v9.0", "v9.1", "v9.2", "v9.3", "v9.4", "v9.5",
        ],
        "amd64" => &["v1", "v2", "v3", "v4"],
        "riscv64" => &["rva20u64", "rva22u64", "rva23u64"],
        "ppc64le" => &["power8", "power9", "power10"],
        _ => return None,
    })
}

fn s<'t>(t: &Tree<'t>, n: Option<NodeId>) -> Option<Cow<'t, str>> {
    n.and_then(|n| t.str(n))
}

fn elements<'a>(t: &'a Tree<'_>, n: Option<NodeId>) -> impl Iterator<Item = NodeId> + 'a {
    n.filter(|n| t.kind(*n) == Kind::Array)
        .into_iter()
        .flat_map(move |n| t.children(n))
}

/// Checks an image document.
pub(super) fn check(c: &mut Checker<'_, '_>, kind: DocumentKind) {
    let t = c.tree;
    let root = t.root();
    if t.kind(root) != Kind::Object {
        return;
    }
    if kind == DocumentKind::ImageConfig {
        image_config(c, root);
        return;
    }
    if let Some(v) = t.get(root, "schemaVersion") {
        if t.int(v).is_some_and(|x| x != 2) {
            let extra = if t.int(v) == Some(1) {
                msg!("val-schema-version-docker")
            } else {
                msg!("val-nothing")
            };
            c.error(
                At::Value(v),
                "schema-version",
                msg!("val-schema-version", version = t.raw(v), extra = extra),
            );
        }
    }
    document_media_type(c, root, kind);
    if let Some(a) = t.get(root, "artifactType") {
        media_type_grammar(c, a, "artifactType");
    }
    if kind.is_index() {
        index(c, root, kind);
    } else if kind.is_manifest() {
        manifest(c, root, kind);
    }
    if let Some(sub) = t.get(root, "subject") {
        descriptor(c, sub);
    }
}

fn document_media_type(c: &mut Checker<'_, '_>, root: NodeId, kind: DocumentKind) {
    let t = c.tree;
    let Some(expected) = kind.media_type() else {
        return;
    };
    let docker = matches!(
        kind,
        DocumentKind::DockerManifestList | DocumentKind::DockerManifest
    );
    match t.get(root, "mediaType") {
        None if docker => c.error(
            At::Missing(root, Cow::Borrowed("mediaType")),
            "media-type",
            msg!(
                "val-media-type",
                a_title = kind.a_title_msg(),
                expected = expected.to_string()
            ),
        ),
        None => c.warn(
            At::Missing(root, Cow::Borrowed("mediaType")),
            "media-type",
            msg!(
                "val-media-type-missing",
                title = kind.title_msg(),
                expected = expected.to_string()
            ),
        ),
        Some(m) => {
            let Some(mt) = t.str(m) else { return };
            if mt != expected {
                let what = DocumentKind::from_media_type(&mt).map_or_else(
                    || msg!("val-nothing"),
                    |k| msg!("val-media-type-of", a_title = k.a_title_msg()),
                );
                c.error(
                    At::Value(m),
                    "media-type",
                    msg!(
                        "val-media-type-mismatch",
                        mt = mt.to_string(),
                        what = what,
                        a_title = kind.a_title_msg(),
                        expected = expected.to_string()
                    ),
                );
            }
        }
    }
}

fn media_type_grammar(c: &mut Checker<'_, '_>, n: NodeId, what: &str) -> bool {
    let t = c.tree;
    let Some(mt) = t.str(n) else { return false };
    if is_media_type(&mt) {
        return true;
    }
    c.error(
        At::Value(n),
        "media-type",
        msg!(
            "val-media-type-grammar",
            what = what.to_string(),
            mt = mt.to_string()
        ),
    );
    false
}

fn index(c: &mut Checker<'_, '_>, root: NodeId, kind: DocumentKind) {
    let t = c.tree;
    let manifests = t.get(root, "manifests");
    // Filled by `insert`: `collect` would sort (another copy of std's sort).
    let mut digests: litemap::LiteMap<Cow<'_, str>, ()> = litemap::LiteMap::new();
    for d in elements(t, manifests).filter_map(|m| s(t, t.get(m, "digest"))) {
        digests.insert(d, ());
    }
    let mut platforms: litemap::LiteMap<String, NodeId> = Default::default();
    for m in elements(t, manifests) {
        if t.kind(m) != Kind::Object {
            continue;
        }
        descriptor(c, m);
        if let Some(mt_node) = t.get(m, "mediaType") {
            if let Some(mt) = t.str(mt_node) {
                match mt.as_ref() {
                    MEDIA_TYPE_MANIFEST | MEDIA_TYPE_INDEX
                        if kind == DocumentKind::DockerManifestList =>
                    {
                        c.info(
                            At::Value(mt_node),
                            "mixed-media-types",
                            msg!("val-mixed-media-types"),
                        );
                    }
                    MEDIA_TYPE_MANIFEST
                    | MEDIA_TYPE_INDEX
                    | MEDIA_TYPE_DOCKER_MANIFEST
                    | MEDIA_TYPE_DOCKER_LIST => {}
                    other if is_media_type(other) => c.warn(
                        At::Value(mt_node),
                        "manifest-media-type",
                        msg!("val-manifest-media-type", other = other.to_string()),
                    ),
                    _ => {}
                }
            }
        }
        let annotations = t.get(m, "annotations");
        let reference_type = s(
            t,
            annotations.and_then(|a| t.get(a, "vnd.docker.reference.type")),
        );
        let attestation = reference_type.as_deref() == Some("attestation-manifest");
        let platform = t.get(m, "platform");
        if let Some(p) = platform.filter(|p| t.kind(*p) == Kind::Object) {
            let os = s(t, t.get(p, "os")).unwrap_or_default();
            let arch = s(t, t.get(p, "architecture")).unwrap_or_default();
            if attestation {
                if let Some(r) = annotations.and_then(|a| t.get(a, "vnd.docker.reference.digest")) {
                    if let Some(target) = t.str(r) {
                        if !digests.contains_key(&target) {
                            c.warn(
                                At::Value(r),
                                "attestation-target",
                                msg!("val-attestation-target", target = target.to_string()),
                            );
                        }
                    }
                }
                if os == "unknown" && arch == "unknown" {
                    c.info(
                        At::Value(m),
                        "attestation-manifest",
                        msg!("val-attestation-manifest"),
                    );
                } else {
                    c.warn(
                        At::Value(p),
                        "attestation-platform",
                        msg!(
                            "val-attestation-platform",
                            os = os.to_string(),
                            arch = arch.to_string()
                        ),
                    );
                }
                continue;
            }
            platform_rules(c, p, false);
            let variant = s(t, t.get(p, "variant")).unwrap_or_default();
            let key = if variant.is_empty() {
                format!("{os}/{arch}")
            } else {
                format!("{os}/{arch}/{variant}")
            };
            let os_version = s(t, t.get(p, "os.version")).unwrap_or_default();
            let key = format!("{key} {os_version}");
            if let Some(first) = platforms.get(&key).copied() {
                let line = c.line_of(first);
                c.warn(
                    At::Value(p),
                    "duplicate-platform",
                    msg!(
                        "val-duplicate-platform",
                        platform = key.trim_end().to_string(),
                        line = line.to_string()
                    ),
                );
            } else {
                platforms.insert(key, p);
            }
        } else if platform.is_none() && !attestation {
            let nested = s(t, t.get(m, "mediaType"))
                .is_some_and(|mt| mt == MEDIA_TYPE_INDEX || mt == MEDIA_TYPE_DOCKER_LIST);
            if !nested {
                c.warn(
                    At::Missing(m, Cow::Borrowed("platform")),
                    "missing-platform",
                    msg!("val-missing-platform"),
                );
            }
        }
    }
    if platforms.is_empty() && elements(t, manifests).next().is_some() {
        c.info(
            At::Key(manifests.unwrap_or(root)),
            "no-runnable-platform",
            msg!("val-no-runnable-platform"),
        );
    }
}

fn manifest(c: &mut Checker<'_, '_>, root: NodeId, kind: DocumentKind) {
    let t = c.tree;
    let docker = kind == DocumentKind::DockerManifest;
    let mut image = true;
    if let Some(config) = t.get(root, "config").filter(|n| t.kind(*n) == Kind::Object) {
        descriptor(c, config);
        if let Some(mt_node) = t.get(config, "mediaType") {
            let mt = t.str(mt_node).unwrap_or_default();
            match mt.as_ref() {
                MEDIA_TYPE_CONFIG if !docker => {}
                MEDIA_TYPE_DOCKER_CONFIG if docker => {}
                MEDIA_TYPE_CONFIG | MEDIA_TYPE_DOCKER_CONFIG => c.warn(
                    At::Value(mt_node),
                    "config-media-type",
                    msg!(
                        "val-config-media-type",
                        a_title = kind.a_title_msg(),
                        media_type = if docker {
                            MEDIA_TYPE_DOCKER_CONFIG
                        } else {
                            MEDIA_TYPE_CONFIG
                        }
                        .to_string()
                    ),
                ),
                MEDIA_TYPE_EMPTY => {
                    image = false;
                    if t.get(root, "artifactType").is_none() {
                        c.error(
                            At::Missing(root, Cow::Borrowed("artifactType")),
                            "artifact-type",
                            msg!("val-artifact-type"),
                        );
                    }
                }
                other if is_media_type(other) => {
                    image = false;
                    c.info(
                        At::Value(mt_node),
                        "artifact",
                        msg!("val-artifact", other = other.to_string()),
                    );
                }
                _ => {}
            }
        }
    }
    let layers = t.get(root, "layers");
    for l in elements(t, layers) {
        if t.kind(l) != Kind::Object {
            continue;
        }
        descriptor(c, l);
        if !image {
            continue;
        }
        let Some(mt_node) = t.get(l, "mediaType") else {
            continue;
        };
        let Some(mt) = t.str(mt_node) else { continue };
        if LAYER_TYPES.contains(&mt.as_ref()) {
            continue;
        }
        if mt.starts_with("application/vnd.oci.image.layer.nondistributable.") {
            c.warn(
                At::Value(mt_node),
                "nondistributable-layer",
                msg!("val-nondistributable-layer"),
            );
        } else if is_media_type(&mt) {
            c.warn(
                At::Value(mt_node),
                "layer-media-type",
                msg!(
                    "val-layer-media-type",
                    mt = mt.to_string(),
                    expected = or_list(&LAYER_TYPES)
                ),
            );
        }
    }
    if image && layers.is_some_and(|l| t.kind(l) == Kind::Array && t.len(l) == 0) {
        c.warn(
            At::Value(layers.unwrap_or(root)),
            "no-layers",
            msg!("val-no-layers"),
        );
    }
}

/// The rules every descriptor follows.
fn descriptor(c: &mut Checker<'_, '_>, d: NodeId) {
    let t = c.tree;
    if t.kind(d) != Kind::Object {
        return;
    }
    if let Some(mt) = t.get(d, "mediaType") {
        media_type_grammar(c, mt, "mediaType");
    }
    if let Some(a) = t.get(d, "artifactType") {
        media_type_grammar(c, a, "artifactType");
    }
    let digest_node = t.get(d, "digest");
    if let Some(n) = digest_node {
        digest(c, n);
    }
    let size = t.get(d, "size").and_then(|n| t.int(n));
    if s(t, t.get(d, "mediaType")).as_deref() == Some(MEDIA_TYPE_EMPTY) {
        if size.is_some_and(|v| v != 2) {
            if let Some(n) = t.get(d, "size") {
                c.error(
                    At::Value(n),
                    "empty-descriptor",
                    msg!("val-empty-descriptor"),
                );
            }
        }
        if let Some(n) = digest_node {
            if t.str(n).is_some_and(|v| v != EMPTY_DIGEST) {
                c.error(
                    At::Value(n),
                    "empty-descriptor",
                    msg!("val-empty-descriptor-digest", digest = EMPTY_DIGEST),
                );
            }
        }
    }
    for u in elements(t, t.get(d, "urls")) {
        if let Some(url) = t.str(u) {
            if !(url.starts_with("https://") || url.starts_with("http://")) {
                c.warn(
                    At::Value(u),
                    "url-scheme",
                    msg!("val-url-scheme", url = url.to_string()),
                );
            }
        }
    }
    if let Some(data) = t.get(d, "data") {
        if let Some(text) = t.str(data) {
            match base64_len(&text) {
                None => c.error(At::Value(data), "data-base64", msg!("val-data-base64")),
                Some(len) => {
                    if let Some(sz) = size {
                        if i128::from(len) != sz {
                            c.error(
                                At::Value(data),
                                "data-size",
                                msg!("val-data-size", len = len.to_string(), sz = sz.to_string()),
                            );
                        }
                    }
                }
            }
        }
    }
    if let Some(p) = t.get(d, "platform") {
        if t.kind(p) == Kind::Object
            && t.parent(d).and_then(|x| t.key(x)).as_deref() != Some("manifests")
        {
            platform_rules(c, p, false);
        }
    }
}

fn digest(c: &mut Checker<'_, '_>, n: NodeId) {
    let t = c.tree;
    let Some(v) = t.str(n) else { return };
    match check_digest(&v) {
        Ok(true) => {}
        Ok(false) => {
            let algorithm = v.split(':').next().unwrap_or("");
            c.warn(
                At::Value(n),
                "digest-algorithm",
                msg!("val-digest-algorithm", algorithm = algorithm.to_string()),
            );
        }
        Err(e) => {
            let hint = match &e {
                DigestError::NotLowerHex { .. } if v.chars().any(|ch| ch.is_ascii_uppercase()) => {
                    msg!("val-digest-lowercase")
                }
                _ => msg!("val-nothing"),
            };
            let shown = if v.chars().count() > 80 {
                format!("{}…", v.chars().take(77).collect::<String>())
            } else {
                v.to_string()
            };
            c.error(
                At::Value(n),
                "digest",
                msg!(
                    "val-digest",
                    shown = shown.to_string(),
                    reason = e.message(),
                    hint = hint
                ),
            );
        }
    }
}

/// `os`, `architecture` and `variant` of a platform (or of an image config).
fn platform_rules(c: &mut Checker<'_, '_>, p: NodeId, _attestation: bool) {
    let t = c.tree;
    if let Some(os) = t.get(p, "os") {
        if let Some(v) = t.str(os) {
            if !GOOS.contains(&v.as_ref()) {
                let hint = did_you_mean(closest(&v, GOOS.iter().copied()));
                c.warn(
                    At::Value(os),
                    "unknown-os",
                    msg!("val-unknown-os", v = v.to_string(), hint = hint),
                );
            }
        }
    }
    let arch = t.get(p, "architecture");
    let arch_value = s(t, arch).unwrap_or_default();
    if let Some(a) = arch {
        if t.kind(a) == Kind::String && !GOARCH.contains(&arch_value.as_ref()) {
            let hint = did_you_mean(match arch_value.as_ref() {
                "x86_64" | "x86-64" => Some("amd64"),
                "aarch64" => Some("arm64"),
                "i386" | "i686" | "x86" => Some("386"),
                "armhf" | "armv7" | "armv7l" => Some("arm"),
                _ => closest(&arch_value, GOARCH.iter().copied()),
            });
            c.warn(
                At::Value(a),
                "unknown-architecture",
                msg!(
                    "val-unknown-architecture",
                    arch_value = arch_value.to_string(),
                    hint = hint
                ),
            );
        }
    }
    if let Some(v) = t.get(p, "variant") {
        let Some(variant) = t.str(v) else { return };
        match variants(&arch_value) {
            Some(known) if known.contains(&variant.as_ref()) => {}
            Some(known) => c.warn(
                At::Value(v),
                "unknown-variant",
                msg!(
                    "val-unknown-variant",
                    variant = variant.to_string(),
                    arch_value = arch_value.to_string(),
                    expected = or_list(known)
                ),
            ),
            None if GOARCH.contains(&arch_value.as_ref()) => c.warn(
                At::Value(v),
                "unknown-variant",
                msg!(
                    "val-unknown-variant-none",
                    arch_value = arch_value.to_string(),
                    variant = variant.to_string()
                ),
            ),
            None => {}
        }
    }
}

fn image_config(c: &mut Checker<'_, '_>, root: NodeId) {
    let t = c.tree;
    platform_rules(c, root, false);
    if let Some(rootfs) = t.get(root, "rootfs").filter(|n| t.kind(*n) == Kind::Object) {
        if let Some(ty) = t.get(rootfs, "type") {
            if t.str(ty).is_some_and(|v| v != "layers") {
                c.error(
                    At::Value(ty),
                    "rootfs-type",
                    msg!("val-rootfs-type", found = found(c, ty)),
                );
            }
        }
        let diff_ids = t.get(rootfs, "diff_ids");
        for d in elements(t, diff_ids) {
            digest(c, d);
        }
        let layers = diff_ids
            .filter(|d| t.kind(*d) == Kind::Array)
            .map_or(0, |d| t.len(d));
        if let Some(h) = t.get(root, "history").filter(|h| t.kind(*h) == Kind::Array) {
            let creating = t
                .children(h)
                .filter(|e| {
                    !t.get(*e, "empty_layer")
                        .and_then(|b| t.bool(b))
                        .unwrap_or(false)
                })
                .count() as u32;
            if creating != layers {
                c.warn(
                    At::Key(h),
                    "history-layers",
                    msg!(
                        "val-history-layers",
                        creating = creating.to_string(),
                        layers = layers.to_string()
                    ),
                );
            }
        }
    }
    if let Some(n) = t.get(root, "created") {
        timestamp(c, n);
    }
    for h in elements(t, t.get(root, "history")) {
        if let Some(n) = t.get(h, "created") {
            timestamp(c, n);
        }
    }
    if let Some(cfg) = t.get(root, "config").filter(|n| t.kind(*n) == Kind::Object) {
        for e in elements(t, t.get(cfg, "Env")) {
            if let Some(v) = t.str(e) {
                if v.split_once('=').is_none_or(|(k, _)| k.is_empty()) {
                    c.warn(
                        At::Value(e),
                        "env-format",
                        msg!("val-env-format", v = v.to_string()),
                    );
                }
            }
        }
        if let Some(ports) = t
            .get(cfg, "ExposedPorts")
            .filter(|n| t.kind(*n) == Kind::Object)
        {
            for p in t.children(ports) {
                let Some(k) = t.key(p) else { continue };
                let (port, proto) = k.split_once('/').unwrap_or((&k, "tcp"));
                let port_ok = port.parse::<u16>().is_ok_and(|p| p > 0)
                    || port.split_once('-').is_some_and(|(a, b)| {
                        a.parse::<u16>().is_ok_and(|a| a > 0) && b.parse::<u16>().is_ok()
                    });
                if !port_ok || !matches!(proto, "tcp" | "udp" | "sctp") {
                    c.warn(
                        At::Key(p),
                        "exposed-port",
                        msg!("val-exposed-port", k = k.to_string()),
                    );
                }
            }
        }
    }
}

/// RFC 3339 date-time, as image configs carry them.
fn timestamp(c: &mut Checker<'_, '_>, n: NodeId) {
    let t = c.tree;
    let Some(v) = t.str(n) else { return };
    if !is_rfc3339(&v) {
        c.warn(
            At::Value(n),
            "timestamp",
            msg!("val-timestamp", v = v.to_string()),
        );
    }
}

fn is_rfc3339(v: &str) -> bool {
    let b = v.as_bytes();
    let digits = |r: std::ops::Range<usize>| {
        b.get(r)
            .is_some_and(|s| !s.is_empty() && s.iter().all(|c| c.is_ascii_digit()))
    };
    if !(digits(0..4)
        && b.get(4) == Some(&b'-')
        && digits(5..7)
        && b.get(7) == Some(&b'-')
        && digits(8..10)
        && matches!(b.get(10), Some(b'T' | b't' | b' '))
        && digits(11..13)
        && b.get(13) == Some(&b':')
        && digits(14..16)
        && b.get(16) == Some(&b':')
        && digits(17..19))
    {
        return false;
    }
    let mut i = 19;
    if b.get(i) == Some(&b'.') {
        i += 1;
        let start = i;
        while b.get(i).is_some_and(|c| c.is_ascii_digit()) {
            i += 1;
        }
        if i == start {
            return false;
        }
    }
    match b.get(i) {
        Some(b'Z' | b'z') => i + 1 == b.len(),
        Some(b'+' | b'-') => {
            digits(i + 1..i + 3)
                && b.get(i + 3) == Some(&b':')
                && digits(i + 4..i + 6)
                && i + 6 == b.len()
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc3339() {
        for ok in [
            "2024-05-01T12:00:00Z",
            "2024-05-01T12:00:00.123456789Z",
            "2024-05-01T12:00:00+02:00",
        ] {
            assert!(is_rfc3339(ok), "{ok}");
        }
        for bad in [
            "2024-05-01",
            "2024-05-01T12:00Z",
            "yesterday",
            "2024-05-01T12:00:00.",
        ] {
            assert!(!is_rfc3339(bad), "{bad}");
        }
    }
}
