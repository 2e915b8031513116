//! Keyboard focus is never trapped: in a focused menu the arrow keys are the
//! menu's (→ in the scenario menu changes the scenario, not the hop), Escape
//! leaves it, and then the page's keys work again.

use super::{Driver, RIGHT};
use anyhow::{bail, Result};
use std::time::Duration;

/// WebDriver's Escape key.
const ESCAPE: &str = "\u{E00C}";

/// → in the focused scenario menu changes the scenario and not the hop;
/// after Escape, → steps to the next call.
pub(super) fn menu_keeps_its_keys(d: &Driver, base: &str) -> Result<()> {
    println!("test: a focused menu keeps its keys; Escape leaves it");
    d.go("about:blank")?;
    d.go(&format!("{base}#v1;sc=kubectl-run;hop=5"))?;
    d.ready()?;
    d.js("document.querySelector('#scenario').focus(); return true;")?;
    d.keys(&[RIGHT])?;
    d.wait(
        "→ in the scenario menu to change the scenario",
        "return document.querySelector('#scenario').value !== 'kubectl-run';",
        Duration::from_secs(10),
    )?;
    d.ready()?;
    let scenario = d.js("return document.querySelector('#scenario').value;")?;
    let counter = d.text("#hop-counter")?;
    if !counter.starts_with("hop 1 /") {
        bail!("→ in the scenario menu moved the hop: {counter}");
    }
    let focused = d.js("return document.activeElement && document.activeElement.id;")?;
    if focused.as_str() != Some("scenario") {
        bail!("the menu lost the focus: {focused}");
    }
    println!("  ok: → chose {scenario}; {counter}");
    d.keys(&[ESCAPE])?;
    let focused = d.js("return document.activeElement && document.activeElement.id;")?;
    if focused.as_str() == Some("scenario") {
        bail!("Escape did not leave the menu");
    }
    d.keys(&[RIGHT])?;
    d.wait(
        "→ after Escape to step the hop",
        "return document.querySelector('#step-counter').textContent.startsWith('step 2 /');",
        Duration::from_secs(10),
    )?;
    let after = d.js("return document.querySelector('#scenario').value;")?;
    if after != scenario {
        bail!("→ after Escape changed the scenario: {after}");
    }
    println!(
        "  ok: Escape left the menu, → stepped to the second call ({})",
        d.text("#hop-counter")?
    );
    d.no_errors()
}
