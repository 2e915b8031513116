//! Any bytes as an image index or Docker manifest list: validation, reading
//! with `oci-spec`, and platform selection.
#![no_main]

mod common;

use atlas_core::oci::image;
use atlas_core::oci::validate::DocumentKind;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    common::check(data, DocumentKind::ImageIndex);
    common::check(data, DocumentKind::DockerManifestList);
    if let Ok(text) = std::str::from_utf8(data) {
        if let Ok(index) = image::parse_index(text) {
            for (os, arch, variant) in [
                ("linux", "amd64", None),
                ("linux", "arm64", Some("v8")),
                ("linux", "arm", Some("v7")),
            ] {
                let _ = image::select_platform(&index, os, arch, variant);
            }
        }
    }
});
