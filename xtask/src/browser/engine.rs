//! The engine module: the default view needs none (its run is embedded at
//! build time); a link to another scenario loads the module and restores the
//! exact view once it has answered; a module that cannot be fetched is said,
//! never a blank stage, and tried again.

use super::{check, Driver, Hop};
use anyhow::{bail, Result};
use serde_json::json;
use std::time::Duration;

/// Whether the page has fetched the engine module's wasm.
pub(super) const ENGINE_FETCHED: &str = "return performance.getEntriesByType('resource')\
    .some((e) => e.name.includes('atlas-engine_bg.wasm'));";

/// A deep link to a scenario other than the default: the engine module loads
/// and the link's hop shows the hop `atlas sim` gives.
pub(super) fn deep_link(d: &Driver, base: &str, short: &str, want: &[Hop]) -> Result<()> {
    println!("test: a deep link to another scenario loads the engine module and restores its hop");
    d.go("about:blank")?;
    d.go(&format!("{base}#v1;sc={short};hop=4;theme=dark"))?;
    d.ready()?;
    check(
        "engine module fetched for another scenario",
        &d.js(ENGINE_FETCHED)?.to_string(),
        "true",
    )?;
    check(
        "restored counter",
        &d.text("#hop-counter")?,
        &format!("hop 4 / {}", want.len()),
    )?;
    check("restored call", &d.text("#call")?, &want[3].call)?;
    check("restored note", &d.text("#note")?, &want[3].note)?;
    let hash = d.js("return location.hash;")?;
    if !hash
        .as_str()
        .is_some_and(|h| h.contains(&format!("sc={short}")) && h.contains("hop=4"))
    {
        bail!("the app rewrote the link: {hash}");
    }
    d.no_errors()
}

/// An engine module that cannot be fetched: the stage says so with the
/// topology still drawn, the link's hop waits, and "Try again" loads it.
pub(super) fn cannot_load(d: &Driver, base: &str, short: &str, want: &[Hop]) -> Result<()> {
    println!("test: an engine module that cannot load is said, and tried again");
    d.cdp("Network.enable", json!({}))?;
    d.cdp(
        "Network.setBlockedURLs",
        json!({ "urls": ["*atlas-engine*"] }),
    )?;
    d.go("about:blank")?;
    d.go(&format!("{base}#v1;sc={short};hop=3"))?;
    d.wait(
        "the engine's failure",
        "return !!document.querySelector('main .engine-status.failed .engine-retry');",
        Duration::from_secs(20),
    )?;
    let why = d.text("main .engine-status.failed")?;
    if !why.contains("the engine module could not be loaded") {
        bail!("the failure does not say why: {why}");
    }
    if d.js("return !!document.querySelector(\"main svg [data-component='kubelet']\");")?
        != json!(true)
    {
        bail!("the stage is blank while the engine cannot load");
    }
    if d.js("return !!document.querySelector('.panic');")? == json!(true) {
        bail!("the app panicked: {}", d.text(".panic")?);
    }
    println!("  ok: {}", why.trim().replace('\n', " "));
    d.cdp("Network.setBlockedURLs", json!({ "urls": [] }))?;
    d.js("document.querySelector('main .engine-retry').click(); return true;")?;
    d.wait(
        "the run after trying again",
        "return !!document.querySelector('#call') \
           && document.querySelector('#hop-counter').textContent.startsWith('hop 3 /');",
        Duration::from_secs(20),
    )?;
    check("call after trying again", &d.text("#call")?, &want[2].call)?;
    d.cdp("Network.disable", json!({}))?;
    d.no_errors()
}
