//! The default view's run, played when the app is built.
//!
//! A visitor who opens the app with no link sees the first scenario under its
//! own configuration. Its run is made here by the core itself (a
//! build-dependency, `atlas_core::played::play`, the function the engine
//! module and `atlas sim` play with) and written as JSON to `OUT_DIR`, which
//! `src/run.rs` embeds: the first view needs no engine module (the engine is
//! a second wasm module, loaded on first use of any other run).
//!
//! Why here and not a checked-in file: cargo runs this script again whenever
//! atlas-core (a build-dependency) or this file changes, so the embedded run
//! cannot go stale; a committed JSON file would need a test to notice it.

use std::path::PathBuf;

fn main() -> Result<(), String> {
    println!("cargo:rerun-if-changed=build.rs");
    let s = &atlas_core::scenario::SCENARIOS[0];
    let played = atlas_core::played::play(s.config(), s);
    if let atlas_core::played::Played::Refused(why) = &played {
        return Err(format!(
            "the default scenario {} does not play: {why:?}",
            s.name
        ));
    }
    let dir = std::env::var_os("OUT_DIR").ok_or("cargo sets no OUT_DIR")?;
    let out = PathBuf::from(dir).join("default-run.json");
    std::fs::write(&out, played.to_json())
        .map_err(|e| format!("could not write {}: {e}", out.display()))
}
