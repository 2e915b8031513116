//! The error panel: a panic (or a wasm trap) replaces the page with it, and
//! its buttons bring the app back.

use super::{check, Driver};
use anyhow::{bail, Result};
use serde_json::json;
use std::time::Duration;

/// Never dies: a real panic (and a wasm trap that is not a panic) replaces the
/// page with the error panel, and its buttons bring the app back.
pub(super) fn never_dies(d: &Driver, base: &str) -> Result<()> {
    println!("test: a panic shows the error panel; reloading the last view brings it back");
    d.go("about:blank")?;
    d.go(&format!("{base}#v1;sc=kubectl-run;hop=5"))?;
    d.ready()?;
    let total = d.text("#hop-counter")?;
    let total = total.rsplit('/').next().unwrap_or("").trim().to_string();
    // A link the app never showed (replaceState fires no hashchange): the
    // panel must offer the last view shown, not whatever the address says.
    const NEVER_SHOWN: &str =
        "history.replaceState(null, '', '#v1;sc=kubectl-run;hop=9'); return true;";
    d.js(NEVER_SHOWN)?;
    stops_with(
        d,
        "atlas_selftest_panic",
        "self-test: a panic asked for by atlas_selftest_panic()",
    )?;
    let errors = d.js("return window.__atlasErrors;")?.to_string();
    if !errors.contains("runtime-atlas panicked") {
        bail!("the panic did not reach the console: {errors}");
    }
    recover(d, "#recover-last", &format!("hop 5 / {total}"))?;

    println!(
        "test: a wasm trap that is not a panic shows the error panel too, with both ways back"
    );
    d.js(NEVER_SHOWN)?;
    stops_with(d, "atlas_selftest_trap", "RuntimeError")?;
    recover(d, "#recover-last", &format!("hop 5 / {total}"))?;
    stops_with(d, "atlas_selftest_trap", "RuntimeError")?;
    recover(d, "#recover-default", &format!("hop 1 / {total}"))
}

/// Calls one of the app's self-test exports from a timer, as an event handler
/// would (the error is nobody's to catch), and waits for the error panel to
/// show a message containing `says`.
fn stops_with(d: &Driver, export: &str, says: &str) -> Result<()> {
    d.js(&format!(
        "import('./runtime-atlas.js').then((m) => setTimeout(() => m.{export}())); return true;"
    ))?;
    d.wait(
        &format!("the error panel after {export}"),
        "return !!document.querySelector('main.panic pre');",
        Duration::from_secs(10),
    )?;
    let shown = d.text("main.panic pre")?;
    if !shown.contains(says) {
        bail!("after {export} the panel should say {says:?}; it says {shown:?}");
    }
    Ok(())
}

/// Presses one of the error panel's buttons and checks the view it reloads.
fn recover(d: &Driver, button: &str, counter: &str) -> Result<()> {
    d.js(&format!(
        "document.querySelector({}).click(); return true;",
        json!(button)
    ))?;
    d.wait(
        &format!("the view {button} reloads"),
        "return !!document.querySelector('#hop-counter');",
        Duration::from_secs(20),
    )?;
    check(
        &format!("view after {button}"),
        &d.text("#hop-counter")?,
        counter,
    )?;
    d.no_errors()
}
