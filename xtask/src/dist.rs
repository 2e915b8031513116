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

    header("dist: sizes");
    let report = sizes::measure(&out)?;
    print!("{report}");
    Ok(report)
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
