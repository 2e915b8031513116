//! Joins each language's Fluent files (`i18n/<lang>/*.ftl`, one per area of
//! the model, in name order) into one catalog text per language in OUT_DIR,
//! which `message::catalog` includes. Areas are separate files so that each
//! part of the model keeps its messages beside the others' without edits to
//! one long file; the app ships the joined Korean text as `i18n/ko.ftl`.

use std::error::Error;
use std::fs;
use std::path::Path;

/// A failure of the build script, saying which file and why.
fn fail(what: String, e: impl Error) -> Box<dyn Error> {
    format!("{what}: {e}").into()
}

fn main() -> Result<(), Box<dyn Error>> {
    let out = std::env::var("OUT_DIR").map_err(|e| fail("OUT_DIR".into(), e))?;
    for lang in ["en", "ko"] {
        let dir = Path::new("i18n").join(lang);
        println!("cargo:rerun-if-changed={}", dir.display());
        let mut files: Vec<_> = fs::read_dir(&dir)
            .map_err(|e| fail(format!("cannot list {}", dir.display()), e))?
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "ftl"))
            .collect();
        files.sort();
        let mut text = String::new();
        for f in &files {
            println!("cargo:rerun-if-changed={}", f.display());
            let body = fs::read_to_string(f)
                .map_err(|e| fail(format!("cannot read {} as UTF-8 text", f.display()), e))?;
            let name = f.file_name().unwrap_or_default().to_string_lossy();
            // Comments (a `#` in the first column: never part of a message,
            // whose continuation lines are indented) are for the catalogs'
            // writers: the English text is in the app's first load, where
            // they weighed ~3 KB brotli.
            text.push_str(&format!("\n## file: {lang}/{name}\n\n"));
            for line in body.lines().filter(|l| !l.starts_with('#')) {
                text.push_str(line);
                text.push('\n');
            }
        }
        let target = Path::new(&out).join(format!("{lang}.ftl"));
        fs::write(&target, text)
            .map_err(|e| fail(format!("cannot write {}", target.display()), e))?;
    }
    embed(&out, "drills", "DRILL_FILES")?;
    embed(&out, "quizzes", "QUIZ_FILES")?;
    embed(&out, "talks", "TALK_FILES")?;
    Ok(())
}

/// Writes `OUT_DIR/<kind>.rs`: a `const NAME: &[(&str, &str)]` of every
/// `assets/<kind>/*.toml` (file name, text by `include_str!`), in name
/// order, which `drill` and `quiz` include. The directory is watched: a file
/// someone adds is embedded at the next build, with no code change.
fn embed(out: &str, kind: &str, name: &str) -> Result<(), Box<dyn Error>> {
    let dir = Path::new("..").join("..").join("assets").join(kind);
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut files: Vec<_> = match fs::read_dir(&dir) {
        Ok(list) => list
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "toml"))
            .collect(),
        // No directory yet: nothing to embed.
        Err(_) => Vec::new(),
    };
    files.sort();
    let mut code = format!("/// Every `assets/{kind}/*.toml`: (file name, text).\npub(crate) const {name}: &[(&str, &str)] = &[\n");
    for f in &files {
        println!("cargo:rerun-if-changed={}", f.display());
        let abs =
            fs::canonicalize(f).map_err(|e| fail(format!("cannot find {}", f.display()), e))?;
        let file = f.file_name().unwrap_or_default().to_string_lossy();
        code.push_str(&format!(
            "    ({:?}, include_str!({:?})),\n",
            file,
            abs.display().to_string()
        ));
    }
    code.push_str("];\n");
    let target = Path::new(out).join(format!("{kind}.rs"));
    fs::write(&target, code).map_err(|e| fail(format!("cannot write {}", target.display()), e))?;
    Ok(())
}
