//! Playback: the page loads with the default view, a scenario plays to its
//! last hop at 4×, stepping back shows earlier hops, and with reduced motion
//! no token moves.

use super::engine::ENGINE_FETCHED;
use super::inspector::INSPECTOR_FETCHED;
use super::{check, Driver, Hop, LEFT, RIGHT};
use anyhow::{bail, Result};
use serde_json::json;
use std::time::Duration;

/// The default view: the topology, narration and sequence are there, at hop 1
/// of `kubectl-run`, played at build time (no engine module is fetched);
/// picking another scenario asks the engine module.
pub(super) fn load(d: &Driver, base: &str, long: &[Hop]) -> Result<()> {
    println!("test: load");
    d.go(base)?;
    d.ready()?;
    for sel in [
        "svg [data-component='kubelet']",
        "#narration",
        "#live",
        "figure.sequence svg",
    ] {
        if d.js(&format!("return !!document.querySelector({});", json!(sel)))? != json!(true) {
            bail!("the page lacks {sel}");
        }
    }
    check(
        "default view starts at hop 1",
        &d.text("#hop-counter")?,
        &format!("hop 1 / {}", long.len()),
    )?;
    check("first hop's call", &d.text("#call")?, &long[0].call)?;
    // The OCI inspector's module is loaded when the inspector opens, not before.
    check(
        "inspector module fetched at start",
        &d.js(INSPECTOR_FETCHED)?.to_string(),
        "false",
    )?;

    // The default view's run is embedded: the engine module is not needed.
    check(
        "engine module fetched at start",
        &d.js(ENGINE_FETCHED)?.to_string(),
        "false",
    )?;

    // How long picking a scenario takes: the engine module loads, plays it
    // in wasm, and Yew renders.
    d.js(
        "const s = document.querySelector('#scenario'); window.__atlasPicked = performance.now(); \
         s.value = 'kubectl-run-crio'; s.dispatchEvent(new Event('change', {bubbles: true})); \
         return true;",
    )?;
    d.wait(
        "kubectl-run-crio from the engine module",
        "return !!document.querySelector('#call') \
           && !document.querySelector('main .engine-status') \
           && document.querySelector('#scenario').value === 'kubectl-run-crio';",
        Duration::from_secs(20),
    )?;
    let ms = d.js("return performance.now() - window.__atlasPicked;")?;
    println!(
        "  info: picking kubectl-run-crio (loading the engine module, then playing) took {:.1} ms",
        ms.as_f64().unwrap_or(f64::NAN)
    );
    d.no_errors()
}

/// A scenario plays to its last top-level call at 4× and stops there; the
/// live region announces the hop.
pub(super) fn play_to_the_end(d: &Driver, base: &str, short: &str, want: &[Hop]) -> Result<()> {
    let n = want.len();
    let top = super::top_level(want);
    let end = top.last().map_or(n, |&i| i + 1);
    println!("test: play {short} to the end at 4×");
    d.go("about:blank")?;
    d.go(&format!("{base}#v1;sc={short}"))?;
    d.ready()?;
    check(
        "scenario loaded",
        &d.text("#hop-counter")?,
        &format!("hop 1 / {n}"),
    )?;
    d.keys(&["+", "+", " "])?;
    check("speed", &d.text("#speed")?, "4×")?;
    d.wait(
        "playback to reach the last hop and stop",
        &format!(
            "return document.querySelector('#hop-counter').textContent === 'hop {end} / {n}' \
             && document.querySelector('#play').textContent === 'Play';"
        ),
        Duration::from_secs(60),
    )?;
    let last = &want[end - 1];
    check("last hop's call", &d.text("#call")?, &last.call)?;
    check("last hop's note", &d.text("#note")?, &last.note)?;
    let live = d.text("#live")?;
    if !live.starts_with(&format!("Hop {end} of {n}")) || !live.contains(&last.call) {
        bail!("the live region does not announce the last hop: {live:?}");
    }
    println!("  ok: live region: {live}");
    d.no_errors()?;
    Ok(())
}

/// Steps back from the last call: the top-level call before it; then
/// Enter opens that call and a step forward is its first step, three steps
/// back from there show the steps before it, and Enter closes the call.
pub(super) fn step_back(d: &Driver, want: &[Hop]) -> Result<()> {
    let n = want.len();
    let top = super::top_level(want);
    println!("test: step back, open a call, step through it, close it");
    d.keys(&[LEFT])?;
    let call = top.len().checked_sub(2).map_or(0, |k| top[k]);
    check(
        "counter",
        &d.text("#hop-counter")?,
        &format!("hop {} / {n}", call + 1),
    )?;
    check("the call before", &d.text("#call")?, &want[call].call)?;
    check("its note", &d.text("#note")?, &want[call].note)?;
    // Open it: its steps are steps of playback.
    d.keys(&["\u{E007}", RIGHT, RIGHT, RIGHT, RIGHT, LEFT])?;
    check(
        "three steps into the call",
        &d.text("#hop-counter")?,
        &format!("hop {} / {n}", call + 4),
    )?;
    check(
        "the third step's note",
        &d.text("#note")?,
        &want[call + 3].note,
    )?;
    let path = d.text("#call-path")?;
    if !path.contains(&want[call].call) {
        bail!("the call path does not name the call: {path:?}");
    }
    // Enter on a step closes the call it is in, back on the call.
    d.keys(&["\u{E007}"])?;
    check(
        "closed, back on the call",
        &d.text("#hop-counter")?,
        &format!("hop {} / {n}", call + 1),
    )?;
    Ok(())
}

/// `prefers-reduced-motion`: no moving token; otherwise one (each in a browser
/// of its own).
pub(super) fn reduced_motion(base: &str, chromium: &std::path::Path) -> Result<()> {
    println!("test: prefers-reduced-motion: no moving token");
    let token = "return document.querySelectorAll('svg .token').length;";
    let d = Driver::start(chromium, &["--force-prefers-reduced-motion"])?;
    d.go(&format!("{base}#v1;sc=kubectl-run;hop=20"))?;
    d.ready()?;
    check("tokens with reduced motion", &d.js(token)?.to_string(), "0")?;
    drop(d);
    let d = Driver::start(chromium, &[])?;
    d.go(&format!("{base}#v1;sc=kubectl-run;hop=20"))?;
    d.ready()?;
    check("tokens otherwise", &d.js(token)?.to_string(), "1")?;
    d.no_errors()?;
    drop(d);
    Ok(())
}
