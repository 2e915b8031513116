//! Joins each language's Fluent files (`i18n/<lang>/*.ftl`, one per area of
//! the model, in name order) into one catalog text per language in OUT_DIR,
//! which `message::catalog` includes. Areas are separate files so that each
//! part of the model keeps its messages beside the others' without edits to
//! one long file; the app ships the joined Korean text as `i18n/ko.ftl`.
//!
//! English is also joined in parts for the browser app (see [`ON_DEMAND`]):
//! `en-start.ftl`, what its first load carries, and one text per on-demand
//! module (`en-engine.ftl`, `en-inspector.ftl`) with the areas only that
//! module's code produces; the module hands its part to the app when it loads.

use std::error::Error;
use std::fs;
use std::path::Path;

/// A failure of the build script, saying which file and why.
fn fail(what: String, e: impl Error) -> Box<dyn Error> {
    format!("{what}: {e}").into()
}

/// The English areas the browser app's first load leaves out, by the
/// on-demand module that carries them (`message::EN_ENGINE_FTL`,
/// `EN_INSPECTOR_FTL`). An area belongs here only if nothing but that
/// module's code produces its messages: `cargo xtask dist` fails when the
/// first-load wasm names one of their ids, and the app's tests render every
/// panel's first frame and the default run with the first-load part alone.
const ON_DEMAND: &[(&str, &[&str])] = &[
    // Every run but the default view's, the terminal's node and tools, the
    // drills and the quiz.
    (
        "engine",
        &[
            "crictl",
            "drill",
            "files",
            "gvisor",
            "kata",
            "kubectl",
            "node",
            "node_object",
            "podman",
            "procs",
            "said",
            "session",
            "shell",
            "systemd",
            // The drills' checks validate configurations too.
            "validate",
        ],
    ),
    // The OCI validator's diagnostics.
    ("inspector", &["validate"]),
];

/// Messages of an `ON_DEMAND` area that stay in the first load all the
/// same (by id prefix): the first load's wasm names them (`cargo xtask dist`
/// finds them), so they are its own.
const AT_START: &[&str] = &[
    // A document kind's name and the size limit, in the inspector's first frame.
    "val-kind-",
    "val-json-too-large",
    // A domain's name in the drills' list.
    "drill-domain-",
    // `podman-run-rootless` is also a scenario's name, in the scenario picker.
    "podman-run-root",
];

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
        // English parts: "start" first, then each on-demand module's.
        let mut parts: Vec<(&str, String)> = vec![("start", String::new())];
        parts.extend(ON_DEMAND.iter().map(|(m, _)| (*m, String::new())));
        for f in &files {
            println!("cargo:rerun-if-changed={}", f.display());
            let body = fs::read_to_string(f)
                .map_err(|e| fail(format!("cannot read {} as UTF-8 text", f.display()), e))?;
            let name = f.file_name().unwrap_or_default().to_string_lossy();
            // Comments (a `#` in the first column: never part of a message,
            // whose continuation lines are indented) are for the catalogs'
            // writers: the English text is in the app's first load, where
            // they weighed ~3 KB brotli.
            let mut joined = format!("\n## file: {lang}/{name}\n\n");
            for line in body.lines().filter(|l| !l.starts_with('#')) {
                joined.push_str(line);
                joined.push('\n');
            }
            text.push_str(&joined);
            let area = name.strip_suffix(".ftl").unwrap_or(&name);
            // The modules that carry the area (none: the first load).
            let mut modules: Vec<&str> = ON_DEMAND
                .iter()
                .filter(|(_, areas)| areas.contains(&area))
                .map(|(m, _)| *m)
                .collect();
            if modules.is_empty() {
                modules.push("start");
            }
            // Message by message: a message starts at a line with its id in
            // the first column; its other lines are indented or blank.
            let mut to = modules.clone();
            for line in body.lines().filter(|l| !l.starts_with('#')) {
                if line.starts_with(|c: char| c.is_ascii_alphabetic()) {
                    let id = line.split([' ', '=']).next().unwrap_or_default();
                    to = if AT_START.iter().any(|p| id.starts_with(p)) {
                        vec!["start"]
                    } else {
                        modules.clone()
                    };
                }
                for (_, part) in parts.iter_mut().filter(|(m, _)| to.contains(m)) {
                    part.push_str(line);
                    part.push('\n');
                }
            }
        }
        let target = Path::new(&out).join(format!("{lang}.ftl"));
        fs::write(&target, text)
            .map_err(|e| fail(format!("cannot write {}", target.display()), e))?;
        if lang == "en" {
            // A name here that is no file would silently keep nothing out.
            for area in ON_DEMAND.iter().flat_map(|(_, areas)| areas.iter()) {
                if !files
                    .iter()
                    .any(|f| f.file_stem().is_some_and(|s| s == *area))
                {
                    return Err(
                        format!("ON_DEMAND names {area}, but there is no en/{area}.ftl").into(),
                    );
                }
            }
            for (module, part) in &parts {
                let target = Path::new(&out).join(format!("en-{module}.ftl"));
                fs::write(&target, part)
                    .map_err(|e| fail(format!("cannot write {}", target.display()), e))?;
            }
        }
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
