//! What every target checks, whatever the bytes: validation and reading
//! return (no panic, no stack overflow, no hang), and the report keeps its
//! promises.

use atlas_core::oci::validate::{validate_bytes, Document, DocumentKind, Report, Severity};

/// Validates `data` as `kind` (and auto-detected), checking the report's
/// invariants; returns the explicit-kind report.
pub fn check(data: &[u8], kind: DocumentKind) -> Report {
    let report = validate_bytes(data, Some(kind));
    invariants(data, &report);
    let detected = validate_bytes(data, None);
    invariants(data, &detected);
    report
}

fn invariants(data: &[u8], r: &Report) {
    let lines = 1 + data.iter().filter(|b| **b == b'\n').count() as u32;
    for d in &r.diagnostics {
        assert!(d.line >= 1 && d.column >= 1, "{d:?}");
        assert!(
            d.line <= lines,
            "line {} past the end ({lines}): {d:?}",
            d.line
        );
        assert!(!d.message.is_empty());
        assert!(d.pointer.is_empty() || d.pointer.starts_with('/'), "{d:?}");
        let _ = d.render("fuzz");
    }
    let errors = r.diagnostics.iter().any(|d| d.severity == Severity::Error);
    if r.document.is_some() {
        assert!(!errors, "a document despite errors: {:?}", r.diagnostics);
    }
    if let Some(Document::RuntimeConfig(spec)) = &r.document {
        assert_eq!(r.kind, Some(DocumentKind::RuntimeConfig));
        let _ = spec;
    }
}
