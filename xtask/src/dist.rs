//! `cargo xtask dist`: the browser app, optimised, in `dist/`.

use crate::setup::{self, WASM_TARGET};
use crate::sizes;
use crate::util::{self, cargo, cmd, header, run};
use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};

/// The app's package (and binary) name.
pub const APP: &str = "runtime-atlas";

/// The inspector module's package: a second wasm module, which the app
/// imports when the OCI inspector first needs it (`atlas-inspector.js`).
pub const INSPECTOR: &str = "atlas-inspector";

/// The engine module's package: a third wasm module (`atlas-engine.js`), the
/// simulation engine, which the app imports when it first needs a run other
/// than its default view's (that one is played at build time and embedded).
pub const ENGINE: &str = "atlas-engine";

/// The modules dist/ holds: the app, then those it loads on demand.
pub const MODULES: [&str; 3] = [APP, INSPECTOR, ENGINE];

/// wasm-opt flags: size, and the features rustc enables by default for wasm32 and
/// wasm-bindgen's output uses (reference types, bulk memory, …). Every browser the
/// app targets supports them.
///
/// `--strip-debug` drops the "name" custom section (every function's Rust path,
/// 300 KB raw, 56 KB brotli, which rustc writes even without debug info and
/// wasm-opt otherwise keeps) and `--strip-producers` the toolchain note: neither
/// is read by the browser. A panic still reaches the panic panel with its
/// message and location; only the function names of a console stack trace are
/// lost (`twiggy` works on the un-stripped build in the target directory).
///
/// `--converge` repeats `-Oz` until it stops shrinking the module: about 1 KB
/// brotli less for the app (measured on 2026-12-06: 362.9 -> 361.9 KB) for about
/// 20 s more of wasm-opt.
pub const WASM_OPT_FLAGS: &[&str] = &[
    "-Oz",
    "--converge",
    "--strip-debug",
    "--strip-producers",
    "--enable-reference-types",
    "--enable-bulk-memory",
    "--enable-mutable-globals",
    "--enable-nontrapping-float-to-int",
    "--enable-sign-ext",
    "--enable-multivalue",
];

/// `dist/`.
pub fn dist_dir() -> PathBuf {
    util::root().join("dist")
}

/// Builds `dist/` and prints its size report. Returns the report.
pub fn dist() -> Result<sizes::Report> {
    let root = util::root();
    let version = setup::locked_wasm_bindgen()?;
    let Some(wasm_bindgen) = setup::wasm_bindgen_matching(&version) else {
        bail!("wasm-bindgen {version} is not installed: run `cargo xtask setup`");
    };
    let wasm_opt = setup::wasm_opt_path();
    if !util::is_executable(&wasm_opt) {
        bail!("{} is missing: run `cargo xtask setup`", wasm_opt.display());
    }

    // Two builds, not one: built together, cargo would unify atlas-core's
    // features and give the app the inspector's OCI reader (`oci-json`).
    // The engine module uses the core as the app does (no `oci-json`), so
    // it is built with the app.
    header("dist: cargo build (release, wasm32): the app and the engine module");
    run(cargo().args([
        "build",
        "--release",
        "--target",
        WASM_TARGET,
        "-p",
        APP,
        "-p",
        ENGINE,
    ]))?;
    header("dist: cargo build (release, wasm32): the inspector module");
    run(cargo().args([
        "build",
        "--release",
        "--target",
        WASM_TARGET,
        "-p",
        INSPECTOR,
    ]))?;

    let out = dist_dir();
    if out.exists() {
        std::fs::remove_dir_all(&out)
            .with_context(|| format!("could not remove {}", out.display()))?;
    }
    std::fs::create_dir_all(&out).with_context(|| format!("could not create {}", out.display()))?;

    for (package, artifact) in [
        (APP, APP.to_string()),
        (INSPECTOR, INSPECTOR.replace('-', "_")),
        (ENGINE, ENGINE.replace('-', "_")),
    ] {
        header(&format!("dist: wasm-bindgen ({package})"));
        let wasm = target_dir()
            .join(WASM_TARGET)
            .join("release")
            .join(format!("{artifact}.wasm"));
        run(cmd(&wasm_bindgen)
            .arg(&wasm)
            .arg("--out-dir")
            .arg(&out)
            .args(["--target", "web", "--no-typescript", "--out-name", package]))?;

        header(&format!("dist: wasm-opt ({package})"));
        let bg = out.join(format!("{package}_bg.wasm"));
        run(cmd(&wasm_opt)
            .arg(&bg)
            .arg("-o")
            .arg(&bg)
            .args(WASM_OPT_FLAGS))?;
    }

    header("dist: the English each module carries");
    crate::first_load::check(&out)?;

    header("dist: static files");
    copy_file(&root.join("index.html"), &out.join("index.html"))?;
    copy_tree(&root.join("www"), &out)?;
    let sheet = out.join("style.css");
    let css = std::fs::read_to_string(&sheet)
        .with_context(|| format!("could not read {}", sheet.display()))?;
    std::fs::write(&sheet, crate::css::minify(&css))
        .with_context(|| format!("could not write {}", sheet.display()))?;
    println!("minified style.css");
    // The Korean catalog, fetched by the app when a reader first asks for
    // Korean: the core's own built-in text, so the app and `atlas --lang ko`
    // say the same.
    let i18n = out.join("i18n");
    std::fs::create_dir_all(&i18n)
        .with_context(|| format!("could not create {}", i18n.display()))?;
    std::fs::write(i18n.join("ko.ftl"), atlas_core::message::KO_FTL)
        .with_context(|| format!("could not write {}", i18n.join("ko.ftl").display()))?;
    println!(
        "wrote i18n/ko.ftl ({} bytes)",
        atlas_core::message::KO_FTL.len()
    );

    embed_words(&out)?;

    header("dist: offline worker");
    let version = offline_manifest(&out)?;
    println!("wrote sw.js and build.json (version {version})");

    header("dist: sizes");
    let report = sizes::measure(&out)?;
    print!("{report}");

    header("dist: the offline folder");
    let offline = offline_dir();
    crate::single::write(&out, &offline)?;
    Ok(report)
}

/// `dist-offline/`: the same app as classic scripts, for file:// (single.rs).
pub fn offline_dir() -> PathBuf {
    util::root().join("dist-offline")
}

/// The placeholder of `www/embed.js` that [`embed_words`] fills.
pub const WORDS_MARK: &str = "/*@ATLAS_WORDS@*/null";

/// Fills `dist/embed.js`'s word table: the scenarios' and drills' titles and
/// the poster's words (`embed-poster-*` messages), English and Korean, from
/// the core's catalogs, so that a poster says them without loading the app.
fn embed_words(out: &Path) -> Result<()> {
    let file = out.join("embed.js");
    if !file.exists() {
        println!("no embed.js: no word table to fill");
        return Ok(());
    }
    let text = std::fs::read_to_string(&file)
        .with_context(|| format!("could not read {}", file.display()))?;
    if text.matches(WORDS_MARK).count() != 1 {
        bail!("{} must hold {WORDS_MARK} exactly once", file.display());
    }
    let words = words_table()?;
    std::fs::write(&file, text.replace(WORDS_MARK, &words.to_string()))
        .with_context(|| format!("could not write {}", file.display()))?;
    println!(
        "filled embed.js's word table ({} bytes)",
        words.to_string().len()
    );
    Ok(())
}

/// `{scenarios: {name: {en, ko}}, configs: {scenario: {en, ko}}, runtimes: {id:
/// {en, ko}}, drills: {id: {en, ko}}, ui: {word: {en, ko}}}`: titles, each
/// scenario's configuration line (`Kubernetes 1.28 · containerd 1.7 · runc`),
/// the runtimes' names; `ui` holds every `embed-poster-WORD` message, a
/// message's variables left as `{name}` for the poster to fill.
pub fn words_table() -> Result<serde_json::Value> {
    use atlas_core::message::{messages, Catalog, Lang, Msg, Text, EN_FTL};
    use serde_json::{json, Map, Value};
    let (en, ko) = (Catalog::builtin(Lang::En), Catalog::builtin(Lang::Ko));
    let both = |t: Text| json!({"en": en.text(&t), "ko": ko.text(&t)});
    let (mut scenarios, mut configs) = (Map::new(), Map::new());
    for s in atlas_core::scenario::SCENARIOS {
        scenarios.insert(s.name.to_string(), both(s.title().into()));
        configs.insert(s.name.to_string(), both(s.config().label_msg().into()));
    }
    let mut runtimes = Map::new();
    for r in atlas_core::config::Runtime::ALL {
        runtimes.insert(r.id().to_string(), both(r.label_msg().into()));
    }
    let mut drills = Map::new();
    for d in atlas_core::drill::all() {
        let t = &d.title;
        drills.insert(
            d.id.clone(),
            json!({"en": t.get(Lang::En), "ko": t.get(Lang::Ko)}),
        );
    }
    let mut ui = Map::new();
    let ids = messages(Lang::En, EN_FTL).context("the English catalog does not parse")?;
    for (id, vars) in ids {
        let Some(word) = id.strip_prefix("embed-poster-") else {
            continue;
        };
        let word = word.to_string();
        let mut m = Msg {
            id: id.into(),
            args: Vec::new(),
        };
        for v in vars {
            let shown = format!("{{{v}}}");
            m.args.push((v.into(), shown.into()));
        }
        ui.insert(word, both(m.into()));
    }
    Ok(json!({
        "scenarios": Value::Object(scenarios),
        "configs": Value::Object(configs),
        "runtimes": Value::Object(runtimes),
        "drills": Value::Object(drills),
        "ui": Value::Object(ui),
    }))
}

/// The offline worker's template's placeholders (`www/sw.js`).
const VERSION_MARK: &str = "@ATLAS_VERSION@";
const FILES_MARK: &str = "/*@ATLAS_FILES@*/";

/// 64-bit FNV-1a, continued from `h` (start with [`FNV_START`]).
pub fn fnv1a(mut h: u64, data: &[u8]) -> u64 {
    for b in data {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// FNV-1a's offset basis.
pub const FNV_START: u64 = 0xcbf2_9ce4_8422_2325;

/// Every file of `dir` the offline worker caches: all but `sw.js` and
/// `build.json`, as relative paths with `/`, sorted.
pub fn offline_files(dir: &Path) -> Result<Vec<String>> {
    fn walk(base: &Path, dir: &Path, out: &mut Vec<String>) -> Result<()> {
        for e in
            std::fs::read_dir(dir).with_context(|| format!("could not read {}", dir.display()))?
        {
            let e = e?;
            if e.file_type()?.is_dir() {
                walk(base, &e.path(), out)?;
            } else {
                let rel = e.path();
                let rel = rel.strip_prefix(base).unwrap_or(&rel);
                let parts: Vec<String> = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect();
                out.push(parts.join("/"));
            }
        }
        Ok(())
    }
    let mut files = Vec::new();
    walk(dir, dir, &mut files)?;
    files.retain(|f| f != "sw.js" && f != "build.json");
    files.sort();
    Ok(files)
}

/// Writes `dir/sw.js` from its template (the version and the file list
/// inlined) and `dir/build.json` (`{version, files: {name: FNV-1a}}`, for the
/// tests and for people); returns the version.
pub fn offline_manifest(dir: &Path) -> Result<String> {
    let files = offline_files(dir)?;
    let mut all = FNV_START;
    let mut each = serde_json::Map::new();
    for f in &files {
        let data = std::fs::read(dir.join(f)).with_context(|| format!("could not read {f}"))?;
        all = fnv1a(fnv1a(fnv1a(all, f.as_bytes()), &[0]), &data);
        each.insert(
            f.clone(),
            format!("{:016x}", fnv1a(FNV_START, &data)).into(),
        );
    }
    let version = format!("{all:016x}");
    let sw = dir.join("sw.js");
    let template =
        std::fs::read_to_string(&sw).with_context(|| format!("could not read {}", sw.display()))?;
    for mark in [VERSION_MARK, FILES_MARK] {
        if template.matches(mark).count() != 1 {
            bail!("{} must hold {mark} exactly once", sw.display());
        }
    }
    let list: Vec<String> = files
        .iter()
        .map(|f| serde_json::Value::from(f.as_str()).to_string())
        .collect();
    let text = template
        .replace(VERSION_MARK, &version)
        .replace(FILES_MARK, &list.join(", "));
    std::fs::write(&sw, text).with_context(|| format!("could not write {}", sw.display()))?;
    let build = serde_json::json!({"version": version, "files": each});
    let json = serde_json::to_string_pretty(&build)?;
    std::fs::write(dir.join("build.json"), json + "\n")
        .with_context(|| format!("could not write {}", dir.join("build.json").display()))?;
    Ok(version)
}

/// Cargo's target directory: `CARGO_TARGET_DIR` when set (relative to the
/// workspace root when relative), else `target/`.
pub fn target_dir() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(d) if !d.is_empty() => util::root().join(d),
        _ => util::root().join("target"),
    }
}

fn copy_file(from: &Path, to: &Path) -> Result<()> {
    std::fs::copy(from, to)
        .with_context(|| format!("could not copy {} to {}", from.display(), to.display()))?;
    println!(
        "copied {}",
        from.strip_prefix(util::root()).unwrap_or(from).display()
    );
    Ok(())
}

/// Copies a directory's contents (recursively) into `to`.
fn copy_tree(from: &Path, to: &Path) -> Result<()> {
    let entries =
        std::fs::read_dir(from).with_context(|| format!("could not read {}", from.display()))?;
    let mut entries: Vec<_> = entries.collect::<Result<_, _>>()?;
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let (src, dst) = (e.path(), to.join(e.file_name()));
        if e.file_type()?.is_dir() {
            std::fs::create_dir_all(&dst)?;
            copy_tree(&src, &dst)?;
        } else {
            copy_file(&src, &dst)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("xtask-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(d.join("i18n")).unwrap();
        d
    }

    #[test]
    fn fnv1a_as_published() {
        // The FNV test vectors (draft-eastlake-fnv): "" and "a", 64-bit FNV-1a.
        assert_eq!(fnv1a(FNV_START, b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(FNV_START, b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a(FNV_START, b"foobar"), 0x8594_4171_f739_67e8);
    }

    #[test]
    fn manifest_lists_every_file() {
        let d = scratch("manifest");
        std::fs::write(d.join("index.html"), "<p>a</p>").unwrap();
        std::fs::write(d.join("i18n/ko.ftl"), "x = y").unwrap();
        std::fs::write(d.join("runtime-atlas_bg.wasm"), b"\0asm").unwrap();
        let template = std::fs::read_to_string(util::root().join("www/sw.js")).unwrap();
        std::fs::write(d.join("sw.js"), &template).unwrap();
        let v1 = offline_manifest(&d).unwrap();
        let sw = std::fs::read_to_string(d.join("sw.js")).unwrap();
        assert!(
            sw.contains(r#"const FILES = ["i18n/ko.ftl", "index.html", "runtime-atlas_bg.wasm"];"#),
            "{sw}"
        );
        assert!(sw.contains(&format!("const VERSION = '{v1}';")), "{sw}");
        assert!(!sw.contains("@ATLAS"), "{sw}");
        let build: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(d.join("build.json")).unwrap()).unwrap();
        assert_eq!(build["version"], v1.as_str());
        let files = build["files"].as_object().unwrap();
        assert_eq!(files.len(), 3, "{build}");
        assert_eq!(
            files["index.html"],
            format!("{:016x}", fnv1a(FNV_START, b"<p>a</p>")).as_str()
        );
        // Any change of any file is a new version.
        std::fs::write(d.join("i18n/ko.ftl"), "x = z").unwrap();
        std::fs::write(d.join("sw.js"), &template).unwrap();
        let v2 = offline_manifest(&d).unwrap();
        assert_ne!(v1, v2);
        // A template without its marks is refused.
        std::fs::write(d.join("sw.js"), "const VERSION = 1;").unwrap();
        assert!(offline_manifest(&d).is_err());
        std::fs::remove_dir_all(d).unwrap();
    }

    #[test]
    fn words_cover_every_scenario_in_both_languages() {
        let w = words_table().unwrap();
        for s in atlas_core::scenario::SCENARIOS {
            let t = &w["scenarios"][s.name];
            let (en, ko) = (t["en"].as_str().unwrap(), t["ko"].as_str().unwrap());
            assert!(
                !en.is_empty() && !en.starts_with("scn-"),
                "{}: {en}",
                s.name
            );
            assert!(
                !ko.is_empty() && !ko.starts_with("scn-"),
                "{}: {ko}",
                s.name
            );
        }
        assert!(!w["drills"].as_object().unwrap().is_empty(), "{w}");
        assert!(w["ui"].is_object());
    }
}
