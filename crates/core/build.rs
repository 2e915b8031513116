//! Joins each language's Fluent files (`i18n/<lang>/*.ftl`, one per area of
//! the model, in name order) into one catalog text per language in OUT_DIR,
//! which `message::catalog` includes. Areas are separate files so that each
//! part of the model keeps its messages beside the others' without edits to
//! one long file; the app ships the joined Korean text as `i18n/ko.ftl`.

use std::fs;
use std::path::Path;

fn main() {
    let out = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    for lang in ["en", "ko"] {
        let dir = Path::new("i18n").join(lang);
        println!("cargo:rerun-if-changed={}", dir.display());
        let mut files: Vec<_> = fs::read_dir(&dir)
            .map(|d| d.filter_map(Result::ok).map(|e| e.path()).collect())
            .unwrap_or_default();
        files.retain(|p| p.extension().is_some_and(|e| e == "ftl"));
        files.sort();
        let mut text = String::new();
        for f in &files {
            println!("cargo:rerun-if-changed={}", f.display());
            let body = fs::read_to_string(f).expect("a catalog file is UTF-8 text");
            text.push_str(&format!(
                "\n## file: {lang}/{}\n\n",
                f.file_name().unwrap_or_default().to_string_lossy()
            ));
            text.push_str(&body);
            if !body.ends_with('\n') {
                text.push('\n');
            }
        }
        fs::write(Path::new(&out).join(format!("{lang}.ftl")), text).expect("OUT_DIR is writable");
    }
}
