//! Links: a deep link restores its step and theme (also when opened in the
//! same tab); a hostile or bad link falls back to the default view with a
//! notice; an unknown language keeps the view and says so.

use super::{check, Driver, Hop};
use anyhow::{bail, Result};
use std::time::Duration;

/// A deep link restores its step; a link opened in the same tab too.
pub(super) fn deep_link(d: &Driver, base: &str, long: &[Hop]) -> Result<()> {
    println!("test: a deep link restores its step");
    d.go("about:blank")?;
    d.go(&format!(
        "{base}#v1;k=1.28;rt=containerd-1.7;oci=runc;sc=kubectl-run;hop=42;theme=dark"
    ))?;
    d.ready()?;
    check(
        "restored counter",
        &d.text("#hop-counter")?,
        &format!("hop 42 / {}", long.len()),
    )?;
    check("restored call", &d.text("#call")?, &long[41].call)?;
    check("restored note", &d.text("#note")?, &long[41].note)?;
    let theme = d.js("return document.documentElement.dataset.theme;")?;
    check("restored theme", theme.as_str().unwrap_or(""), "dark")?;
    d.go(&format!("{base}#v1;sc=kubectl-run;hop=7"))?;
    d.wait(
        "a link opened in the same tab",
        "return document.querySelector('#hop-counter').textContent.startsWith('hop 7 /');",
        Duration::from_secs(10),
    )?;
    println!("  ok: hashchange restores hop 7");
    Ok(())
}

/// A hostile link falls back to the default view with a notice; so does a bad
/// link opened in the same tab; an unknown language keeps the view.
pub(super) fn hostile_link(d: &Driver, base: &str, long: &[Hop]) -> Result<()> {
    println!("test: a hostile link falls back to the default view with a notice");
    d.go("about:blank")?;
    d.go(&format!(
        "{base}#v1;sc=%3Cscript%3Ealert(1)%3C/script%3E;hop=9"
    ))?;
    d.ready()?;
    if !d.text("#notice")?.contains("could not be restored") {
        bail!("no notice for a hostile link");
    }
    check(
        "default view",
        &d.text("#hop-counter")?,
        &format!("hop 1 / {}", long.len()),
    )?;
    println!("  ok: notice: {}", d.text("#notice p")?);
    d.go(&format!("{base}#v1;sc=kubectl-run;hop=30"))?;
    d.wait(
        "a good link in the same tab",
        "return document.querySelector('#hop-counter').textContent.startsWith('hop 30 /');",
        Duration::from_secs(10),
    )?;
    d.go(&format!("{base}#v1;hop=30;hop=31"))?;
    d.wait(
        "a bad link in the same tab to give the default view",
        "return document.querySelector('#hop-counter').textContent.startsWith('hop 1 /') \
         && !!document.querySelector('#notice');",
        Duration::from_secs(10),
    )?;
    println!("  ok: a bad link opened in the same tab gives the default view and a notice");
    d.go("about:blank")?;
    d.go(&format!("{base}#v1;sc=kubectl-run;hop=42;lang=xx"))?;
    d.ready()?;
    check(
        "an unknown language keeps the view",
        &d.text("#hop-counter")?,
        &format!("hop 42 / {}", long.len()),
    )?;
    if !d.text("#notice")?.contains("showing English") {
        bail!("no notice for an unknown language");
    }
    let link = d.js("return location.hash;")?;
    if !link.as_str().is_some_and(|l| l.contains(";lang=en")) {
        bail!("the link does not say the language shown: {link}");
    }
    println!("  ok: lang=xx: the view in English with a notice; the link says lang=en");
    Ok(())
}
