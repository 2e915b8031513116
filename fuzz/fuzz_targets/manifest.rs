//! Any bytes as an image manifest (OCI or Docker v2) and as an image config:
//! validation and reading with `oci-spec`.
#![no_main]

mod common;

use atlas_core::oci::image;
use atlas_core::oci::validate::DocumentKind;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    common::check(data, DocumentKind::ImageManifest);
    common::check(data, DocumentKind::DockerManifest);
    common::check(data, DocumentKind::ImageConfig);
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = image::parse_manifest(text);
        let _ = image::parse_image_config(text);
    }
});
