//! Links: a deep link restores its step and theme (also when opened in the
//! same tab); a link of another version falls back to the default view with a
//! notice; a bad field keeps the rest of the view and says what it changed;
//! an unknown language keeps the view and says so.

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

/// A link from another version falls back to the default view with a notice;
/// a hostile field, a repeated key or `hop=0` keeps the rest of the view and
/// says what it changed (also for a link opened in the same tab); an unknown
/// language keeps the view.
pub(super) fn hostile_link(d: &Driver, base: &str, long: &[Hop]) -> Result<()> {
    println!("test: a link from another version falls back to the default view with a notice");
    d.go("about:blank")?;
    d.go(&format!("{base}#v2;sc=runc-run;hop=9"))?;
    d.ready()?;
    if !d.text("#notice")?.contains("could not be restored") {
        bail!("no notice for a link of another version");
    }
    check(
        "default view",
        &d.text("#hop-counter")?,
        &format!("hop 1 / {}", long.len()),
    )?;
    println!("  ok: notice: {}", d.text("#notice p")?);

    println!("test: a hostile field is dropped, the rest of the link is kept");
    d.go("about:blank")?;
    d.go(&format!(
        "{base}#v1;sc=%3Cscript%3Ealert(1)%3C/script%3E;hop=9"
    ))?;
    d.ready()?;
    check(
        "the hop of a link with a hostile field",
        &d.text("#hop-counter")?,
        &format!("hop 9 / {}", long.len()),
    )?;
    if !d
        .text("#notice p")?
        .contains("The field sc has characters links never use")
    {
        bail!("no notice for a hostile field: {:?}", d.text("#notice")?);
    }
    println!("  ok: notice: {}", d.text("#notice p")?);
    d.go(&format!("{base}#v1;sc=kubectl-run;hop=30"))?;
    d.wait(
        "a good link in the same tab",
        "return document.querySelector('#hop-counter').textContent.startsWith('hop 30 /');",
        Duration::from_secs(10),
    )?;
    d.go(&format!("{base}#v1;hop=31;hop=32"))?;
    d.wait(
        "a repeated key in the same tab to keep the first",
        "return document.querySelector('#hop-counter').textContent.startsWith('hop 31 /') \
         && !!document.querySelector('#notice') \
         && document.querySelector('#notice').textContent.includes('appears twice');",
        Duration::from_secs(10),
    )?;
    println!("  ok: a repeated key opened in the same tab keeps the first and says so");

    println!("test: a link with hop=0 keeps its scenario, speed and theme");
    d.go("about:blank")?;
    d.go(&format!(
        "{base}#v1;sc=runc-run;hop=0;speed=2;theme=dark;k=1.19"
    ))?;
    d.ready()?;
    let scenario = d.js("return document.querySelector('#scenario').value;")?;
    check("kept scenario", scenario.as_str().unwrap_or(""), "runc-run")?;
    if !d.text("#hop-counter")?.starts_with("hop 1 /") {
        bail!("hop=0 does not show hop 1: {}", d.text("#hop-counter")?);
    }
    check("kept speed", &d.text("#speed")?, "2×")?;
    let theme = d.js("return document.documentElement.dataset.theme;")?;
    check("kept theme", theme.as_str().unwrap_or(""), "dark")?;
    let notice = d.text("#notice p")?;
    for says in [
        "Kubernetes 1.19 is not offered",
        "hop=0 is not a hop number (they start at 1): showing hop 1.",
    ] {
        if !notice.contains(says) {
            bail!("the notice does not say {says:?}: {notice:?}");
        }
    }
    let link = d.js("return location.hash;")?;
    let link = link.as_str().unwrap_or("");
    if !link.contains(";sc=runc-run;hop=1;") || !link.contains(";speed=2") {
        bail!("the link does not keep the view: {link}");
    }
    println!("  ok: {notice}");

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
