//! Calls inside calls: `kubectl-run` plays its top-level calls (about thirty
//! steps, not every hop); opening runc's `create` shows runc's own steps; a
//! click on a chapter jumps to it.

use super::{check, top_level, Driver, Hop, RIGHT};
use anyhow::{bail, Context, Result};
use serde_json::json;

/// The top level first, then `create` opened into runc's steps.
pub(super) fn open_create(d: &Driver, base: &str, long: &[Hop]) -> Result<()> {
    println!(
        "test: kubectl-run steps through its top-level calls; opening create shows runc's steps"
    );
    let top = top_level(long);
    if top.len() > 35 {
        bail!(
            "kubectl-run has {} top-level calls, not about thirty",
            top.len()
        );
    }
    d.go("about:blank")?;
    d.go(&format!("{base}#v1;sc=kubectl-run"))?;
    d.ready()?;
    check(
        "step counter",
        &d.text("#step-counter")?,
        &format!("step 1 / {}", top.len()),
    )?;
    // Stepping forward goes to the next top-level call.
    d.keys(&[RIGHT])?;
    check(
        "the second step is the second top-level call",
        &d.text("#hop-counter")?,
        &format!("hop {} / {}", top[1] + 1, long.len()),
    )?;
    // runc's create, reached by a link (the calls around it open).
    let create = long
        .iter()
        .position(|h| h.call == "create")
        .context("kubectl-run has runc create")?;
    d.go("about:blank")?;
    d.go(&format!("{base}#v1;sc=kubectl-run;hop={}", create + 1))?;
    d.ready()?;
    check("at create", &d.text("#call")?, "create")?;
    // The current chapter is named in the playback bar, which stays in view.
    check(
        "the chapter in the playback bar",
        &d.text("#chapter-badge")?,
        "The pod sandbox",
    )?;
    let label = d.text("#open-call")?;
    if !label.starts_with("Open") {
        bail!("the open button says {label:?}");
    }
    d.js("document.querySelector('#open-call').click(); return true;")?;
    d.keys(&[RIGHT])?;
    check(
        "runc's first step",
        &d.text("#call")?,
        &long[create + 1].call,
    )?;
    let from = d.js(
        "return document.querySelector('#narration article.hop header .path code').textContent;",
    )?;
    if from != json!("runc") {
        bail!("the step after create is not runc's: {from}");
    }
    // The sequence diagram draws the open call's span.
    let spans = d.js("return document.querySelectorAll('figure.sequence .span').length;")?;
    if spans.as_u64().unwrap_or(0) == 0 {
        bail!("no span drawn for the open calls");
    }
    // And the timeline under the slider: one span per open call around the step.
    let bars = d.js("return document.querySelectorAll('.playback .spans .span').length;")?;
    if bars.as_u64().unwrap_or(0) < 3 {
        bail!("the timeline shows {bars} spans for the open calls around runc's first step");
    }
    // A chapter button jumps to its chapter and the current one is named.
    d.js("document.querySelectorAll('#chapters .chapter')[3].click(); return true;")?;
    let now = d.text("#chapter-now")?;
    if !now.starts_with("Chapter 4 of") {
        bail!("the chapter strip does not name chapter 4: {now:?}");
    }
    d.no_errors()
}
