//! Trace files: a file written by `atlas sim --format json` replays like the
//! scenario (a broken one is refused with its line, and does not discard a
//! trace already playing); the trace exports as
//! JSON Lines, the diagram as SVG and PNG.

use super::{atlas, check, expected_hops, hops_of, Driver, END};
use anyhow::{bail, Result};
use serde_json::json;
use std::time::Duration;

/// Trace replay: a file written by `atlas sim --format json` plays like the
/// scenario; a broken one is refused with its line.
pub(super) fn replay(d: &Driver, base: &str) -> Result<()> {
    println!("test: trace replay");
    let text = atlas(&["sim", "--scenario", "runc-run", "--format", "json"])?;
    let want = hops_of(&text)?;
    d.go("about:blank")?;
    d.go(&format!("{base}#v1;p=replay"))?;
    d.ready()?;
    d.choose_file("#replay-file", "runc-run.jsonl", &text)?;
    d.wait(
        "the trace to load",
        &format!(
            "return document.querySelector('#hop-counter').textContent === 'hop 1 / {}';",
            want.len()
        ),
        Duration::from_secs(10),
    )?;
    check("first replayed call", &d.text("#call")?, &want[0].call)?;
    d.keys(&[END])?;
    check(
        "last replayed call",
        &d.text("#call")?,
        &want[want.len() - 1].call,
    )?;
    let bad = "{\"seq\":1,\"from\":\"kubelet\",\"to\":\"kernel\",\"iface\":\"syscall\",\"call\":\"x\"}\n{\"seq\":3,\"from\":\"kubelet\",\"to\":\"kernel\",\"iface\":\"syscall\",\"call\":\"y\"}\n";
    d.choose_file("#replay-file", "gap.jsonl", bad)?;
    // A refused file does not discard the trace already playing: a notice
    // names the file and its line (once).
    d.wait(
        "the refusal's notice",
        "const n = document.querySelector('#notice'); return !!n && n.textContent.includes('gap.jsonl');",
        Duration::from_secs(10),
    )?;
    let notice = d.text("#notice p")?;
    if !notice.contains("line 2") || notice.matches("line").count() != 1 {
        bail!("the refusal does not name its line once: {notice:?}");
    }
    check(
        "the loaded trace still plays",
        &d.text("#call")?,
        &want[want.len() - 1].call,
    )?;
    println!("  ok: {notice}");
    // With nothing loaded, the panel itself says why.
    d.go("about:blank")?;
    d.go(&format!("{base}#v1;p=replay"))?;
    d.ready()?;
    d.choose_file("#replay-file", "gap.jsonl", bad)?;
    d.wait(
        "the refusal",
        "return document.querySelector('#replay-status').classList.contains('error');",
        Duration::from_secs(10),
    )?;
    let status = d.text("#replay-status")?;
    if !status.contains("line 2") {
        bail!("the refusal does not name the line: {status:?}");
    }
    println!("  ok: {status}");
    d.no_errors()
}

/// Export: the trace as JSON Lines, the diagram as SVG (styles inlined) and PNG.
pub(super) fn export(d: &Driver, base: &str) -> Result<()> {
    println!("test: export the trace, SVG and PNG");
    let want = expected_hops("runc-run")?;
    d.go("about:blank")?;
    d.go(&format!("{base}#v1;sc=runc-run;hop=3"))?;
    d.ready()?;
    d.capture_downloads()?;
    d.js("document.querySelector('#export-jsonl').click(); return true;")?;
    let t = d.saved(0)?;
    check(
        "trace file",
        t["name"].as_str().unwrap_or(""),
        "runtime-atlas-runc-run-hop-3.jsonl",
    )?;
    let text = t["text"].as_str().unwrap_or("");
    let got = hops_of(text)?;
    check(
        "exported hops",
        &got.len().to_string(),
        &want.len().to_string(),
    )?;
    if !text.starts_with("{\"trace\":1,") {
        bail!("the export has no header line: {:.80}", text);
    }
    d.js("document.querySelector('#export-svg').click(); return true;")?;
    let svg = d.saved(1)?;
    let body = svg["text"].as_str().unwrap_or("");
    if !body.starts_with("<svg")
        || !body.contains("data-component=\"runc\"")
        || !body.contains("stroke:")
    {
        bail!("the SVG is not the diagram with its styles: {:.200}", body);
    }
    println!("  ok: SVG, {} bytes", svg["size"]);
    // The caption under the picture: the configuration, the hop and its
    // call, the note and the link that restores the view (each line may be
    // wrapped over several <text> elements).
    let lines = d.js(&format!(
        "const doc = new DOMParser().parseFromString({}, 'image/svg+xml'); const lines = []; \
         doc.querySelectorAll('g.caption text').forEach((t) => {{ \
           const i = +t.getAttribute('data-line'); lines[i] = (lines[i] || '') + t.textContent; }}); \
         const box = doc.documentElement.getAttribute('viewBox').split(' ').map(Number); \
         const last = Array.from(doc.querySelectorAll('g.caption text')).pop(); \
         return {{lines, inside: !!last && +last.getAttribute('y') < box[1] + box[3]}};",
        json!(body)
    ))?;
    let line = |i: usize| lines["lines"][i].as_str().unwrap_or("").to_string();
    check(
        "caption: configuration",
        &line(0),
        &d.text("header .config")?,
    )?;
    let hop = line(1);
    let (head, tail) = (
        format!("Hop 3 of {}: ", want.len()),
        format!(", {}", want[2].call),
    );
    if !hop.starts_with(&head) || !hop.ends_with(&tail) || !hop.contains(" → ") {
        bail!("caption: the hop line should be {head}FROM → TO{tail}: {hop:?}");
    }
    println!("  ok: caption: {hop}");
    check("caption: note", &line(2), &want[2].note)?;
    let here = d.js("return location.href;")?;
    check("caption: link", &line(3), here.as_str().unwrap_or(""))?;
    if lines["inside"] != json!(true) {
        bail!("the caption lies outside the picture's viewBox");
    }
    d.js("document.querySelector('#export-png').click(); return true;")?;
    let png = d.saved(2)?;
    check("PNG type", png["type"].as_str().unwrap_or(""), "image/png")?;
    if png["head"] != json!([137, 80, 78, 71, 13, 10, 26, 10]) {
        bail!(
            "the PNG does not start with the PNG signature: {}",
            png["head"]
        );
    }
    println!("  ok: PNG, {} bytes", png["size"]);
    d.no_errors()
}
