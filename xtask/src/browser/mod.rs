//! Browser tests of the app in headless Chromium, driven over WebDriver
//! (Debian's `chromedriver`), with a small HTTP client of our own.
//!
//! The expectations come from the CLI (`atlas sim --scenario … --format json`):
//! the browser must narrate the same hops the core gives natively. Any error
//! the page records (`window.__atlasErrors`: console errors, uncaught errors,
//! failed loads, rejected promises) fails the test, as does the panic panel.
//!
//! Files: this one holds the runner (every test group, in order) and what the
//! groups share (the CLI's expectations, `check`, WebDriver key codes);
//! `driver` the chromedriver session and its HTTP client; then one file per
//! part of the app under test: `playback`, `links`, `engine` (the engine
//! module: loaded for any run but the default view's), `versions`, `inspector`,
//! `panels` (state and compare), `files` (trace replay and export), `panic`
//! (the error panel), `korean` (the language switch, the history panel, a
//! missing catalog), `focus` (keys in a focused menu), `monkey` (10,000
//! random events), `glossary` (the narration's glossary terms, the
//! shortcuts, the first visit's tour), `phone` and `diagram` (the topology a
//! learner reads: the run's components, label sizes, component cards, tier
//! names on a phone), `terminal` (the node's terminal, `p=term`: typed
//! commands against the core's output, the keys, the editor, the session in
//! the link, bad input, both languages, screenshots), `drills` (the CKA
//! drills and the quiz, `p=drill`, `p=quiz`: a drill solved through the
//! terminal, one left red, progress, Korean, the quiz, screenshots),
//! `embed` (issue 18's `<runtime-atlas>` element on another site's page,
//! embed mode at 640×360, ranges and autoplay, the Embed dialog, the kit's
//! page), `present` (presenter mode: the remote's keys, large type and
//! contrast, hidden controls, the notes window) and `offline` (the service
//! worker with the network cut, an update taken, the single folder from
//! file:// and from http).

mod calls;
mod diagram;
mod drills;
mod driver;
mod embed;
mod engine;
mod files;
mod focus;
mod glossary;
mod inspector;
mod korean;
mod links;
mod messages;
mod monkey;
mod offline;
mod panels;
mod panic;
mod phone;
mod playback;
mod present;
mod sandboxes;
mod terminal;
mod versions;

pub(crate) use driver::{Driver, CTRL};
pub(crate) use terminal::{open as open_terminal, run as run_in_terminal, READY as TERMINAL_READY};

use crate::util::cargo;
use anyhow::{bail, Context, Result};
use serde_json::Value;
use std::process::Stdio;

/// Runs every browser test against the app served at `base` (ending in `/`).
/// Whether a test runs: all of them unless `ATLAS_BROWSER_ONLY` names some
/// (comma-separated substrings of `module::test`), for working on one.
fn wanted(name: &str) -> bool {
    match std::env::var("ATLAS_BROWSER_ONLY") {
        Ok(only) if !only.trim().is_empty() => only.split(',').any(|o| name.contains(o.trim())),
        _ => true,
    }
}

/// Runs `$f($args)` when [`wanted`], counting it.
macro_rules! test {
    ($n:ident, $f:path, $($a:expr),*) => {
        if wanted(stringify!($f)) {
            $f($($a),*)?;
            $n += 1;
        }
    };
}

/// Runs every browser test against the app served at `base` (ending in `/`).
pub fn run(base: &str, chromium: &std::path::Path) -> Result<()> {
    let mut n = 0;
    let short = "image-pull-multiarch";
    let want = expected_hops(short)?;
    let long = expected_hops("kubectl-run")?;
    let d = Driver::start(chromium, &[])?;
    test!(n, playback::load, &d, base, &long);
    test!(n, playback::play_to_the_end, &d, base, short, &want);
    test!(n, playback::step_back, &d, &want);
    test!(n, calls::open_create, &d, base, &long);
    test!(n, links::deep_link, &d, base, &long);
    test!(n, links::hostile_link, &d, base, &long);
    test!(n, focus::menu_keeps_its_keys, &d, base);
    test!(n, engine::deep_link, &d, base, short, &want);
    test!(n, engine::cannot_load, &d, base, short, &want);
    test!(n, versions::dockershim, &d, base);
    test!(n, korean::switch_and_reload, &d, base, &long);
    test!(n, korean::history, &d, base);
    test!(n, glossary::narration_terms, &d, base, &long);
    test!(n, glossary::shortcuts, &d, base);
    if n > 0 {
        d.no_errors()?;
    }
    test!(n, korean::missing_catalog, &d, base, &long);
    drop(d);

    if wanted("glossary::tour") {
        glossary::tour(base, chromium)?;
        n += 1;
    }

    if wanted("playback::reduced_motion") {
        playback::reduced_motion(base, chromium)?;
        n += 1;
    }

    let d = Driver::start(chromium, &[])?;
    let before = n;
    test!(n, inspector::inspector, &d, base);
    test!(n, panels::state_panel, &d, base);
    test!(n, panels::compare, &d, base);
    test!(n, sandboxes::kata, &d, base);
    test!(n, files::replay, &d, base);
    test!(n, files::export, &d, base);
    test!(n, panic::never_dies, &d, base);
    test!(n, monkey::monkey, &d, base);
    // A page to check only when a test of the group loaded one (ATLAS_BROWSER_ONLY).
    if n > before {
        d.no_errors()?;
    }
    test!(n, phone::phone, &d, base);
    test!(n, diagram::only_the_run, &d, base);
    test!(n, diagram::label_size, &d, base);
    test!(n, diagram::card, &d, base);
    test!(n, diagram::phone_tier_names, &d, base);

    let d = Driver::start(chromium, &[])?;
    let before = n;
    test!(n, terminal::typed_commands, &d, base);
    test!(n, terminal::completion, &d, base);
    test!(n, terminal::history, &d, base);
    test!(n, terminal::interrupt, &d, base);
    test!(n, terminal::editor, &d, base);
    test!(n, terminal::link_restores, &d, base);
    test!(n, terminal::link_cut, &d, base);
    test!(n, terminal::bad_input, &d, base);
    test!(n, terminal::accessible, &d, base);
    test!(n, terminal::continue_from_scenario, &d, base);
    test!(n, terminal::screens, &d, base);
    if n > before {
        d.no_errors()?;
    }

    let d = Driver::start(chromium, &[])?;
    let before = n;
    test!(n, drills::solve_d03, &d, base);
    test!(n, drills::unsolved_d04, &d, base);
    test!(n, drills::korean, &d, base);
    test!(n, drills::quiz, &d, base);
    test!(n, drills::terminal_apart, &d, base);
    test!(n, drills::screens, &d, base);
    test!(n, messages::no_raw_ids, &d, base);
    if n > before {
        d.no_errors()?;
    }

    // Each test of these two groups checks the page's errors itself.
    let d = Driver::start(chromium, &[])?;
    test!(n, embed::two_elements, &d, base);
    test!(n, embed::mode_640, &d, base);
    test!(n, embed::range_and_autoplay, &d, base);
    test!(n, embed::snippets, &d, base);
    test!(n, embed::doc_page, &d, base);
    test!(n, present::keys, &d, base);
    test!(n, present::large_type, &d, base);
    test!(n, present::controls_hidden, &d, base);
    test!(n, present::notes_follow, &d, base);
    drop(d);

    let d = Driver::start(chromium, &[])?;
    test!(n, offline::reload_offline, &d, base);
    test!(n, offline::update_picked_up, &d, base);
    test!(n, offline::single_folder_file, &d, base);
    test!(n, offline::single_folder_http, &d, base);
    drop(d);
    println!("browser tests: {n} passed");
    Ok(())
}

/// A hop as the CLI prints it.
struct Hop {
    call: String,
    note: String,
    /// The call it is part of (`parent`), none at the top level.
    parent: Option<u64>,
}

/// The indexes of the top-level hops: the steps the page plays by default.
fn top_level(hops: &[Hop]) -> Vec<usize> {
    (0..hops.len())
        .filter(|&i| hops[i].parent.is_none())
        .collect()
}

/// The hops of a scenario, from `atlas sim --format json`.
fn expected_hops(scenario: &str) -> Result<Vec<Hop>> {
    hops_of(&atlas(&[
        "sim",
        "--scenario",
        scenario,
        "--format",
        "json",
    ])?)
}

/// What `atlas ARGS` prints on standard output.
fn atlas(args: &[&str]) -> Result<String> {
    let out = cargo()
        .args(["run", "-q", "-p", "atlas-cli", "--bin", "atlas", "--"])
        .args(args)
        .stderr(Stdio::inherit())
        .output()
        .with_context(|| format!("could not run atlas {}", args.join(" ")))?;
    Ok(String::from_utf8_lossy(&out.stdout).to_string())
}

/// The hops of Trace JSON Lines.
fn hops_of(text: &str) -> Result<Vec<Hop>> {
    let mut hops = Vec::new();
    for line in text.lines() {
        let v: Value = serde_json::from_str(line).context("atlas printed a bad line")?;
        if v.get("seq").is_some() {
            hops.push(Hop {
                call: v["call"].as_str().unwrap_or("").to_string(),
                note: v["note"].as_str().unwrap_or("").to_string(),
                parent: v["parent"].as_u64(),
            });
        }
    }
    if hops.is_empty() {
        bail!("atlas printed no hop");
    }
    Ok(hops)
}

/// The effects of a scenario's hops: (hop index, object, layer, to).
fn effects_of(text: &str) -> Vec<(usize, String, String, String)> {
    let mut out = Vec::new();
    let mut i = 0;
    for line in text.lines() {
        let Ok(v) = serde_json::from_str::<Value>(line) else {
            continue;
        };
        if v.get("seq").is_none() {
            continue;
        }
        for e in v["effects"].as_array().into_iter().flatten() {
            out.push((
                i,
                e["object"].as_str().unwrap_or("").to_string(),
                e["layer"].as_str().unwrap_or("").to_string(),
                e["to"].as_str().unwrap_or("").to_string(),
            ));
        }
        i += 1;
    }
    out
}

fn check(what: &str, got: &str, want: &str) -> Result<()> {
    if got.trim() != want.trim() {
        bail!("{what}: expected {want:?}, the page shows {got:?}");
    }
    println!("  ok: {what}: {}", want.trim());
    Ok(())
}

const LEFT: &str = "\u{E012}";
const RIGHT: &str = "\u{E014}";
const END: &str = "\u{E010}";
