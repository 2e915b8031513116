//! The OCI inspector: its module loads only when it opens (and is tried
//! again when it cannot), each diagnostic of a broken config is shown at its
//! line with its token underlined, and a sample's link plays its plan.

use super::{atlas, check, hops_of, Driver, END};
use crate::util;
use anyhow::{bail, Result};
use serde_json::json;
use std::time::Duration;

/// Checks that each diagnostic of a `.expect` sidecar (`LINE:COL: severity:
/// message`) is shown at its line of the inspector's listing, with its token
/// underlined. Returns how many there were.
fn diagnostics_at_their_lines(d: &Driver, name: &str, expect: &str) -> Result<usize> {
    let mut n = 0;
    for l in expect.lines().filter(|l| !l.trim().is_empty()) {
        // LINE:COL: severity: message
        let mut parts = l.splitn(4, ':');
        let (Some(line), Some(col), Some(sev), Some(msg)) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            bail!("bad expectation {l:?}");
        };
        let sel = format!("#oci-listing li[data-line='{line}']");
        let got = d.js(&format!(
            "const li = document.querySelector({}); if (!li) return null; \
             return Array.from(li.querySelectorAll('.diag')).map((x) => \
               x.querySelector('.where').textContent + ' ' + x.querySelector('.sev').textContent + ' ' + \
               x.querySelector('.msg').textContent);",
            json!(sel)
        ))?;
        let want = format!("{line}:{col} {} {}", sev.trim(), msg.trim());
        let found = got
            .as_array()
            .is_some_and(|a| a.iter().any(|x| x.as_str() == Some(want.as_str())));
        if !found {
            bail!("line {line} should show {want:?}; it shows {got}");
        }
        if d.js(&format!(
            "return !!document.querySelector({});",
            json!(format!("{sel} mark"))
        ))? != json!(true)
        {
            bail!("line {line} has no underlined token");
        }
        n += 1;
    }
    if n == 0 {
        bail!("{name}.expect lists no diagnostic");
    }
    Ok(n)
}

/// Whether the page has fetched the inspector module's wasm.
pub(super) const INSPECTOR_FETCHED: &str = "return performance.getEntriesByType('resource')\
    .some((e) => e.name.includes('atlas-inspector_bg.wasm'));";

/// The OCI inspector: a pasted broken config shows each diagnostic at its
/// line; a broken sample's link reopens it; a sample's link plays its plan to
/// the last hop `atlas oci plan` gives.
pub(super) fn inspector(d: &Driver, base: &str) -> Result<()> {
    println!("test: OCI inspector: paste a broken config, see each diagnostic at its line");
    let dir = util::root().join("assets/oci/broken");
    let text = std::fs::read_to_string(dir.join("relative-paths.json"))?;
    let expect = std::fs::read_to_string(dir.join("relative-paths.expect"))?;
    d.go("about:blank")?;
    d.go(&format!("{base}#v1;p=inspector"))?;
    d.ready()?;
    d.set("#oci-text", &text, "input")?;
    d.wait(
        "the diagnostics",
        "return document.querySelectorAll('#oci-listing .diag').length > 0;",
        Duration::from_secs(10),
    )?;
    check(
        "inspector module fetched once the inspector is open",
        &d.js(INSPECTOR_FETCHED)?.to_string(),
        "true",
    )?;
    let n = diagnostics_at_their_lines(d, "relative-paths", &expect)?;
    let shown = d.js("return document.querySelectorAll('#oci-listing .diag').length;")?;
    check("diagnostics shown", &shown.to_string(), &n.to_string())?;
    if !d.text("#oci-summary")?.contains("error") {
        bail!("the summary does not count the errors");
    }
    d.no_errors()?;

    // A dropped file is read as bytes: one that is not UTF-8 is refused at its line.
    d.js(
        "const dt = new DataTransfer(); \
         dt.items.add(new File([new Uint8Array([123, 10, 32, 34, 97, 34, 58, 32, 34, 255, 34, 10, 125])], 'bad.json')); \
         document.querySelector('section.inspector').dispatchEvent(new DragEvent('drop', {dataTransfer: dt, bubbles: true, cancelable: true})); \
         return true;",
    )?;
    d.wait(
        "the dropped file's diagnostic",
        "return !!document.querySelector(\"#oci-listing li[data-line='2'] .diag[data-code='not-utf8']\");",
        Duration::from_secs(10),
    )?;
    check(
        "dropped file",
        d.text("#oci-summary")?.split(':').next().unwrap_or(""),
        "bad.json",
    )?;

    println!("test: OCI inspector: a broken sample's link reopens it, diagnostics at their lines");
    let expect = std::fs::read_to_string(dir.join("trailing-comma.expect"))?;
    d.go("about:blank")?;
    d.go(&format!("{base}#v1;p=inspector;ins=broken/trailing-comma"))?;
    d.ready()?;
    d.wait(
        "the broken sample's diagnostics",
        "return document.querySelectorAll('#oci-listing .diag').length > 0;",
        Duration::from_secs(10),
    )?;
    check(
        "chosen sample",
        d.js("return document.querySelector('#oci-sample').value;")?
            .as_str()
            .unwrap_or(""),
        "b:trailing-comma.json",
    )?;
    diagnostics_at_their_lines(d, "trailing-comma", &expect)?;
    let hash = d.js("return location.hash;")?;
    if !hash
        .as_str()
        .unwrap_or("")
        .contains("ins=broken/trailing-comma")
    {
        bail!("the app rewrote the link without the sample: {hash}");
    }
    d.no_errors()?;

    println!("test: OCI inspector: a module that cannot load is said, and tried again");
    d.cdp("Network.enable", json!({}))?;
    d.cdp(
        "Network.setBlockedURLs",
        json!({ "urls": ["*atlas-inspector*"] }),
    )?;
    d.go("about:blank")?;
    d.go(&format!("{base}#v1;p=inspector;ins=limited;hop=5"))?;
    d.ready()?;
    d.wait(
        "the inspector's failure",
        "return !!document.querySelector('#inspect-retry');",
        Duration::from_secs(10),
    )?;
    let note = d.text("#plan-note")?;
    if !note.contains("the inspector module could not be loaded") {
        bail!("the failure does not say why: {note}");
    }
    check(
        "summary",
        &d.text("#oci-summary")?,
        "config.limited.json: not checked",
    )?;
    d.cdp("Network.setBlockedURLs", json!({ "urls": [] }))?;
    d.js("document.querySelector('#inspect-retry').click(); return true;")?;
    d.wait(
        "the plan after trying again",
        "return !!document.querySelector('#plan-note.ok');",
        Duration::from_secs(10),
    )?;
    // The link's hop waited through the failure.
    let counter = d.text("#hop-counter")?;
    if !counter.starts_with("hop 5 / ") {
        bail!("after trying again the plan is at {counter}, not the link's hop 5");
    }
    d.cdp("Network.disable", json!({}))?;
    d.no_errors()?;

    println!("test: OCI inspector: a sample's link plays its plan");
    let plan = hops_of(&atlas(&[
        "oci",
        "plan",
        &util::root()
            .join("assets/oci/config.limited.json")
            .display()
            .to_string(),
        "--format",
        "json",
    ])?)?;
    d.go("about:blank")?;
    d.go(&format!("{base}#v1;p=inspector;ins=limited;hop=5"))?;
    d.ready()?;
    check(
        "restored plan hop",
        &d.text("#hop-counter")?,
        &format!("hop 5 / {}", plan.len()),
    )?;
    check("plan hop 5", &d.text("#call")?, &plan[4].call)?;
    d.keys(&[END])?;
    check(
        "last plan hop",
        &d.text("#call")?,
        &plan[plan.len() - 1].call,
    )?;
    check(
        "last plan note",
        &d.text("#note")?,
        &plan[plan.len() - 1].note,
    )?;
    d.no_errors()
}
