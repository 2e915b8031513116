//! Table tests of every diagnostic, the shipped samples, and the broken
//! samples against their `.expect` sidecars.

use super::*;
use crate::oci::samples::{BROKEN, SAMPLES};
use std::path::PathBuf;

/// `LINE:COL: severity: message` lines, as the `.expect` files hold them.
fn lines(r: &Report) -> String {
    r.diagnostics
        .iter()
        .map(|d| format!("{}:{}: {}: {}\n", d.line, d.column, d.severity, d.message))
        .collect()
}

#[test]
fn samples_are_valid_and_detected() {
    for s in SAMPLES {
        let r = validate(s.text);
        assert_eq!(r.kind, Some(s.kind), "{}", s.file);
        assert!(r.document.is_some(), "{}:\n{}", s.file, r.render(s.file));
        let noisy: Vec<_> = r
            .diagnostics
            .iter()
            .filter(|d| d.severity != Severity::Info)
            .collect();
        assert!(noisy.is_empty(), "{}:\n{}", s.file, r.render(s.file));
        println!("{}", r.render(s.file));
    }
}

#[test]
fn broken_samples_match_their_expectations() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../assets/oci/broken");
    let update = std::env::var_os("UPDATE_EXPECT").is_some_and(|v| v == "1");
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.ends_with(".json"))
        .collect();
    files.sort();
    let listed: Vec<&str> = BROKEN.iter().map(|b| b.file).collect();
    assert_eq!(
        files, listed,
        "samples::BROKEN must list every file of assets/oci/broken"
    );
    let mut failures = Vec::new();
    for b in BROKEN {
        let bytes = std::fs::read(dir.join(b.file)).unwrap();
        let r = validate_bytes(&bytes, None);
        assert!(
            r.diagnostics.iter().any(|d| d.severity != Severity::Info),
            "{} produces no error or warning",
            b.file
        );
        let actual = lines(&r);
        let expect_path = dir.join(b.file.replace(".json", ".expect"));
        if update {
            std::fs::write(&expect_path, &actual).unwrap();
            continue;
        }
        let expected = std::fs::read_to_string(&expect_path).unwrap_or_default();
        if expected != actual {
            failures.push(format!(
                "{}:\n--- expected\n{expected}--- actual\n{actual}",
                b.file
            ));
        }
        assert_eq!(r.render(""), b.expect_rendered(), "{}", b.file);
    }
    assert!(
        failures.is_empty(),
        "(UPDATE_EXPECT=1 rewrites the .expect files)\n{}",
        failures.join("\n")
    );
}
