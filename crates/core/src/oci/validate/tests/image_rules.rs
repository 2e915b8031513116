//! Table tests of the image documents' rules: manifest, index, image config.

use super::*;

#[test]
fn manifest_rules() {
    case(
        manifest(),
        json!({"schemaVersion": 3}),
        "schema-version",
        E,
        "/schemaVersion",
    );
    case(
        manifest(),
        json!({"mediaType": null}),
        "media-type",
        W,
        "/mediaType",
    );
    case(
        manifest(),
        json!({"mediaType": MEDIA_TYPE_INDEX}),
        "media-type",
        E,
        "/mediaType",
    );
    case(
        manifest(),
        json!({"artifactType": "not a type"}),
        "media-type",
        E,
        "/artifactType",
    );
    case(
        manifest(),
        json!({"config": {"mediaType": MEDIA_TYPE_EMPTY, "size": 2, "digest": "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"}}),
        "artifact-type",
        E,
        "/artifactType",
    );
    case(
        manifest(),
        json!({"config": {"mediaType": "application/vnd.example.sbom+json"}}),
        "artifact",
        I,
        "/config/mediaType",
    );
    case(
        manifest(),
        json!({"config": {"mediaType": MEDIA_TYPE_DOCKER_CONFIG}}),
        "config-media-type",
        W,
        "/config/mediaType",
    );
    case(
        manifest(),
        json!({"layers": [{"mediaType": "application/x-tar", "digest": DIGEST_B, "size": 1}]}),
        "layer-media-type",
        W,
        "/layers/0/mediaType",
    );
    case(
        manifest(),
        json!({"layers": [{"mediaType": "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip", "digest": DIGEST_B, "size": 1}]}),
        "nondistributable-layer",
        W,
        "/layers/0/mediaType",
    );
    case(manifest(), json!({"layers": []}), "no-layers", W, "/layers");
    case(
        manifest(),
        json!({"config": {"digest": "sha256:abc"}}),
        "digest",
        E,
        "/config/digest",
    );
    case(
        manifest(),
        json!({"config": {"digest": "Sha256:abc"}}),
        "digest",
        E,
        "/config/digest",
    );
    case(
        manifest(),
        json!({"config": {"digest": "md5:5d41402abc4b2a76b9719d911017c592"}}),
        "digest-algorithm",
        W,
        "/config/digest",
    );
    case(
        manifest(),
        json!({"config": {"mediaType": MEDIA_TYPE_EMPTY, "size": 3}, "artifactType": "application/x.a"}),
        "empty-descriptor",
        E,
        "/config/size",
    );
    case(
        manifest(),
        json!({"config": {"mediaType": MEDIA_TYPE_EMPTY, "size": 2}, "artifactType": "application/x.a"}),
        "empty-descriptor",
        E,
        "/config/digest",
    );
    case(
        manifest(),
        json!({"config": {"urls": ["ftp://x"]}}),
        "url-scheme",
        W,
        "/config/urls/0",
    );
    case(
        manifest(),
        json!({"config": {"data": "e30"}}),
        "data-base64",
        E,
        "/config/data",
    );
    case(
        manifest(),
        json!({"config": {"data": "e30="}}),
        "data-size",
        E,
        "/config/data",
    );
    case(
        manifest(),
        json!({"config": {"size": -1}}),
        "out-of-range",
        E,
        "/config/size",
    );
    case(
        manifest(),
        json!({"config": null}),
        "missing-field",
        E,
        "/config",
    );
    case(
        manifest(),
        json!({"subject": {"mediaType": MEDIA_TYPE_MANIFEST, "digest": "sha256:x", "size": 1}}),
        "digest",
        E,
        "/subject/digest",
    );
    // Docker v2 manifests must say what they are.
    let mut docker = manifest();
    merge(
        &mut docker,
        &json!({"mediaType": MEDIA_TYPE_DOCKER_MANIFEST, "config": {"mediaType": MEDIA_TYPE_DOCKER_CONFIG}}),
    );
    let text = serde_json::to_string_pretty(&docker).unwrap();
    assert!(
        validate(&text).diagnostics.is_empty(),
        "{}",
        validate(&text).render("", &crate::message::Catalog::english())
    );
    let r = validate_as(
        &serde_json::to_string(&{
            let mut d = docker.clone();
            d.as_object_mut().unwrap().remove("mediaType");
            d
        })
        .unwrap(),
        DocumentKind::DockerManifest,
    );
    assert!(
        r.diagnostics
            .iter()
            .any(|d| d.code == "media-type" && d.severity == E),
        "{}",
        r.render("", &crate::message::Catalog::english())
    );
}

#[test]
fn index_rules() {
    let entry = |platform: Value| json!({"mediaType": MEDIA_TYPE_MANIFEST, "digest": DIGEST_A, "size": 1, "platform": platform});
    let amd64 = json!({"architecture": "amd64", "os": "linux"});
    case(
        index(),
        json!({"manifests": [entry(amd64.clone()), entry(amd64.clone())]}),
        "duplicate-platform",
        W,
        "/manifests/1/platform",
    );
    case(
        index(),
        json!({"manifests": [{"mediaType": MEDIA_TYPE_MANIFEST, "digest": DIGEST_A, "size": 1}]}),
        "missing-platform",
        W,
        "/manifests/0/platform",
    );
    case(
        index(),
        json!({"manifests": [{"mediaType": MEDIA_TYPE_MANIFEST, "digest": DIGEST_A, "size": 1}]}),
        "no-runnable-platform",
        I,
        "/manifests",
    );
    case(
        index(),
        json!({"manifests": [entry(json!({"architecture": "amd64", "os": "Linux"}))]}),
        "unknown-os",
        W,
        "/manifests/0/platform/os",
    );
    case(
        index(),
        json!({"manifests": [entry(json!({"architecture": "aarch64", "os": "linux"}))]}),
        "unknown-architecture",
        W,
        "/manifests/0/platform/architecture",
    );
    case(
        index(),
        json!({"manifests": [entry(json!({"architecture": "arm64", "os": "linux", "variant": "v7"}))]}),
        "unknown-variant",
        W,
        "/manifests/0/platform/variant",
    );
    case(
        index(),
        json!({"manifests": [entry(json!({"architecture": "s390x", "os": "linux", "variant": "z15"}))]}),
        "unknown-variant",
        W,
        "/manifests/0/platform/variant",
    );
    case(
        index(),
        json!({"manifests": [entry(json!({"os": "linux"}))]}),
        "missing-field",
        E,
        "/manifests/0/platform/architecture",
    );
    case(
        index(),
        json!({"manifests": [{"mediaType": "application/vnd.oci.image.layer.v1.tar", "digest": DIGEST_A, "size": 1, "platform": amd64}]}),
        "manifest-media-type",
        W,
        "/manifests/0/mediaType",
    );
    let attestation = |target: &str, platform: Value| {
        json!({"mediaType": MEDIA_TYPE_MANIFEST, "digest": DIGEST_B, "size": 1,
        "annotations": {"vnd.docker.reference.digest": target, "vnd.docker.reference.type": "attestation-manifest"}, "platform": platform})
    };
    let unknown = json!({"architecture": "unknown", "os": "unknown"});
    case(
        index(),
        json!({"manifests": [entry(amd64.clone()), attestation(DIGEST_A, unknown.clone())]}),
        "attestation-manifest",
        I,
        "/manifests/1",
    );
    case(
        index(),
        json!({"manifests": [entry(amd64.clone()), attestation("sha256:1111111111111111111111111111111111111111111111111111111111111111", unknown)]}),
        "attestation-target",
        W,
        "/manifests/1/annotations/vnd.docker.reference.digest",
    );
    case(
        index(),
        json!({"manifests": [entry(amd64.clone()), attestation(DIGEST_A, amd64.clone())]}),
        "attestation-platform",
        W,
        "/manifests/1/platform",
    );
    case(
        index(),
        json!({"mediaType": MEDIA_TYPE_DOCKER_LIST, "manifests": [entry(amd64)]}),
        "mixed-media-types",
        I,
        "/manifests/0/mediaType",
    );
}

#[test]
fn image_config_rules() {
    case(
        image_config(),
        json!({"rootfs": {"type": "layer"}}),
        "rootfs-type",
        E,
        "/rootfs/type",
    );
    case(
        image_config(),
        json!({"rootfs": {"diff_ids": [DIGEST_A, DIGEST_B]}}),
        "history-layers",
        W,
        "/history",
    );
    case(
        image_config(),
        json!({"rootfs": {"diff_ids": ["sha256:x"]}}),
        "digest",
        E,
        "/rootfs/diff_ids/0",
    );
    case(
        image_config(),
        json!({"created": "yesterday"}),
        "timestamp",
        W,
        "/created",
    );
    case(
        image_config(),
        json!({"config": {"Env": ["PATH"]}}),
        "env-format",
        W,
        "/config/Env/0",
    );
    case(
        image_config(),
        json!({"config": {"ExposedPorts": {"http": {}}}}),
        "exposed-port",
        W,
        "/config/ExposedPorts/http",
    );
    case(
        image_config(),
        json!({"config": {"ExposedPorts": {"80/tcp": 1}}}),
        "wrong-type",
        E,
        "/config/ExposedPorts/80~1tcp",
    );
    case(
        image_config(),
        json!({"os": "linuxx"}),
        "unknown-os",
        W,
        "/os",
    );
    case(
        image_config(),
        json!({"architecture": "x86_64"}),
        "unknown-architecture",
        W,
        "/architecture",
    );
    case(
        image_config(),
        json!({"rootfs": null}),
        "missing-field",
        E,
        "/rootfs",
    );
}
