//! The state panel (the current state lit, exact when stepping back, a
//! refused verb with the real tool's message) and compare mode (two runtimes
//! stepping together).

use super::{atlas, check, effects_of, expected_hops, Driver, END, LEFT, RIGHT};
use anyhow::{bail, Result};
use serde_json::json;
use std::time::Duration;

/// The state panel: the current state lit, exact when stepping back, and a
/// refused verb with the real tool's message.
pub(super) fn state_panel(d: &Driver, base: &str) -> Result<()> {
    println!("test: state panel: lit state, stepping back, a refused verb");
    let sc = "crictl-lifecycle";
    let trace = atlas(&["sim", "--scenario", sc, "--format", "json"])?;
    let fx = effects_of(&trace);
    let Some((h, object, _, _)) = fx
        .iter()
        .find(|(_, _, layer, to)| layer == "cri" && to == "CONTAINER_RUNNING")
    else {
        bail!("{sc} starts no container");
    };
    let key = object.split_once('/').map(|(_, k)| k).unwrap_or("");
    // The refusal names the container as the CRI does: by its full id.
    let full = trace
        .split(&format!("\"container_id\":\"{key}"))
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .map(|tail| format!("{key}{tail}"))
        .unwrap_or_else(|| key.to_string());
    d.go("about:blank")?;
    d.go(&format!(
        "{base}#v1;sc={sc};p=state;obj={key};hop={}",
        h + 1
    ))?;
    d.ready()?;
    let lit = "return (document.querySelector(\"#state-panel .machine[data-layer='cri'][data-kind='container'] .state.lit\") || {}).textContent || '';";
    check(
        "lit CRI state",
        d.js(lit)?.as_str().unwrap_or(""),
        "CONTAINER_RUNNING",
    )?;
    d.keys(&[LEFT])?;
    check(
        "one hop back",
        d.js(lit)?.as_str().unwrap_or(""),
        "CONTAINER_CREATED",
    )?;
    d.keys(&[RIGHT])?;
    d.js("document.querySelector(\"#state-panel .machine[data-layer='cri'][data-kind='container'] button[data-verb='StartContainer']\").click(); return true;")?;
    d.wait(
        "the verb's answer",
        "return !!document.querySelector('#state-panel .answer');",
        Duration::from_secs(10),
    )?;
    let answer = d.text("#state-panel .answer .refusal-msg")?;
    check(
        "refusal",
        &answer,
        &format!(
            "failed to set starting state for container \"{full}\": container is in CONTAINER_RUNNING state"
        ),
    )?;
    d.no_errors()
}

/// Compare mode: containerd and CRI-O run the same scenario and step
/// together call by call: each CRI call is on both sides at the same step.
pub(super) fn compare(d: &Driver, base: &str) -> Result<()> {
    println!("test: compare containerd with CRI-O, call by call");
    d.go("about:blank")?;
    d.go(&format!(
        "{base}#v1;sc=kubectl-run;p=compare;k2=1.28;rt2=cri-o;oci2=runc;hop=1"
    ))?;
    d.ready()?;
    let mut seen = Vec::new();
    for _ in 0..60 {
        let (l, r) = (d.text("#left .call")?, d.text("#right .call")?);
        if [
            "RunPodSandbox",
            "PullImage",
            "CreateContainer",
            "StartContainer",
        ]
        .contains(&l.as_str())
            && !seen.contains(&l)
        {
            check(&format!("{l} on both sides"), &r, &l)?;
            println!(
                "  ok: {l} on both sides at step {}",
                d.text("#hop-counter")?
            );
            seen.push(l);
        }
        d.keys(&[RIGHT])?;
    }
    if seen.len() != 4 {
        bail!("not every CRI call met on both sides: {seen:?}");
    }
    let live = d.text("#live")?;
    if !live.contains("Left: hop") || !live.contains("Right: hop") {
        bail!("the live region does not narrate both sides: {live:?}");
    }
    // Both diagrams at the same scale: as many pixels per unit of drawing.
    let scales = d.js(
        "return ['#left', '#right'].map((s) => { const v = document.querySelector(s + ' figure.topology svg'); \
           return v.getBoundingClientRect().width / v.viewBox.baseVal.width; });",
    )?;
    let (a, b) = (
        scales[0].as_f64().unwrap_or(0.0),
        scales[1].as_f64().unwrap_or(-1.0),
    );
    if (a - b).abs() > 0.01 {
        bail!("the two sides are drawn at different scales: {scales}");
    }
    println!("  ok: both sides at scale {a:.2}");
    // The end: both runs on their last call.
    d.keys(&[END])?;
    let left = expected_hops("kubectl-run")?;
    let right = expected_hops("kubectl-run-crio")?;
    let last = |h: &[super::Hop]| {
        super::top_level(h)
            .last()
            .map(|&i| h[i].call.clone())
            .unwrap_or_default()
    };
    check("left's last call", &d.text("#left .call")?, &last(&left))?;
    check("right's last call", &d.text("#right .call")?, &last(&right))?;
    if d.js("return !!document.querySelector(\"#right svg [data-component='conmon']\") && !!document.querySelector(\"#left svg [data-component='containerd-shim-runc-v2']\");")? != json!(true) {
        bail!("the sides do not show their own topologies");
    }
    d.no_errors()
}
