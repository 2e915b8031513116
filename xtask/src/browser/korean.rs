//! Korean (issue 13): a scenario opened in English, stepped to a hop, switched
//! to Korean reads the Korean narration of that same hop (what `atlas --lang
//! ko sim` prints), keeps the view, and a reload of its link is still Korean;
//! the history panel opens the node of an event; a Korean catalog that cannot
//! be fetched leaves the page in English with a notice, never blank.

use super::{atlas, check, hops_of, Driver, Hop};
use anyhow::{bail, Context, Result};
use std::time::Duration;

fn hangul(s: &str) -> bool {
    s.chars().any(|c| ('가'..='힣').contains(&c))
}

/// The Korean hops of a scenario, from `atlas --lang ko sim --format json`.
fn korean_hops(scenario: &str) -> Result<Vec<Hop>> {
    hops_of(&atlas(&[
        "--lang",
        "ko",
        "sim",
        "--scenario",
        scenario,
        "--format",
        "json",
    ])?)
}

/// English, then Korean at the same hop, then a reload.
pub(super) fn switch_and_reload(d: &Driver, base: &str, long: &[Hop]) -> Result<()> {
    println!("test: switching to Korean keeps the hop and narrates it in Korean");
    let ko = korean_hops("kubectl-run")?;
    if ko.len() != long.len() {
        bail!(
            "the Korean trace has {} hops, the English {}",
            ko.len(),
            long.len()
        );
    }
    d.go("about:blank")?;
    d.go(&format!("{base}#v1;sc=kubectl-run;hop=42;lang=en"))?;
    d.ready()?;
    d.wait(
        "hop 42",
        "return document.querySelector('#hop-counter').textContent.startsWith('hop 42 /');",
        Duration::from_secs(10),
    )?;
    check("English note at hop 42", &d.text("#note")?, &long[41].note)?;
    d.js("document.querySelector('#lang-ko').click(); return true;")?;
    d.wait(
        "the Korean catalog and a Korean note",
        "const n = document.querySelector('#note'); return !!n && /[가-힣]/.test(n.textContent);",
        Duration::from_secs(15),
    )?;
    let note = d.text("#note")?;
    check("Korean note at hop 42", &note, &ko[41].note)?;
    if !hangul(&note) {
        bail!("the note at hop 42 is not Korean: {note:?}");
    }
    check("the same call", &d.text("#call")?, &long[41].call)?;
    let counter = d.text("#hop-counter")?;
    if !counter.contains("42") || !hangul(&counter) {
        bail!("the hop counter did not keep hop 42 in Korean: {counter:?}");
    }
    let tab = d.text("#tab-history")?;
    check("the History tab in Korean", &tab, "역사")?;
    let link = d.js("return location.hash;")?;
    let link = link.as_str().context("no link")?.to_string();
    if !link.contains(";lang=ko") || !link.contains("hop=42") {
        bail!("the link does not keep the view in Korean: {link}");
    }
    println!("  ok: the link says {link}");
    d.go("about:blank")?;
    d.go(&format!("{base}{link}"))?;
    d.ready()?;
    d.wait(
        "Korean after a reload",
        "const n = document.querySelector('#note'); return !!n && /[가-힣]/.test(n.textContent);",
        Duration::from_secs(15),
    )?;
    check(
        "Korean note after the reload",
        &d.text("#note")?,
        &ko[41].note,
    )?;
    let lang = d.js("return document.querySelector('#panel').getAttribute('lang');")?;
    check("the panel's lang", lang.as_str().unwrap_or(""), "ko")?;
    d.js("document.querySelector('#lang-en').click(); return true;")?;
    d.wait(
        "English again",
        "return document.querySelector('#hop-counter').textContent.startsWith('hop 42 /');",
        Duration::from_secs(10),
    )?;
    check("English note again", &d.text("#note")?, &long[41].note)?;
    Ok(())
}

/// The history panel in Korean opens the node of an event.
pub(super) fn history(d: &Driver, base: &str) -> Result<()> {
    println!("test: the history panel opens the node of its time");
    d.go("about:blank")?;
    d.go(&format!("{base}#v1;p=history;lang=ko"))?;
    d.ready()?;
    d.wait(
        "the Korean timeline",
        "const h = document.querySelector('#history-title'); return !!h && /[가-힣]/.test(h.textContent);",
        Duration::from_secs(15),
    )?;
    let removed = d.text("#event-removed h4")?;
    check(
        "the 2022 event",
        &removed,
        "쿠버네티스 1.24: 도커심(Dockershim) 제거",
    )?;
    d.js("document.querySelector('#event-removed button.open').click(); return true;")?;
    d.wait(
        "the 1.24 node with cri-dockerd",
        "return location.hash.includes('k=1.24') && location.hash.includes('rt=cri-dockerd') \
         && location.hash.includes('sc=kubectl-run-cri-dockerd') && !!document.querySelector('#note');",
        Duration::from_secs(20),
    )?;
    let note = d.text("#note")?;
    if !hangul(&note) {
        bail!("the opened node's narration is not Korean: {note:?}");
    }
    println!("  ok: the 2022 event opened Kubernetes 1.24 with cri-dockerd, narrated in Korean");
    Ok(())
}

/// The Korean catalog missing: English with a notice.
pub(super) fn missing_catalog(d: &Driver, base: &str, long: &[Hop]) -> Result<()> {
    println!(
        "test: a Korean catalog that cannot be fetched leaves the page in English with a notice"
    );
    let file = crate::dist::dist_dir().join("i18n/ko.ftl");
    let hidden = file.with_extension("ftl.hidden");
    std::fs::rename(&file, &hidden).with_context(|| format!("hide {}", file.display()))?;
    let result = (|| -> Result<()> {
        d.go("about:blank")?;
        d.go(&format!("{base}#v1;sc=kubectl-run;hop=42;lang=ko"))?;
        d.ready()?;
        d.wait(
            "the notice",
            "const n = document.querySelector('#notice'); return !!n && n.textContent.includes('Korean catalog could not be loaded');",
            Duration::from_secs(15),
        )?;
        check("English note", &d.text("#note")?, &long[41].note)?;
        println!("  ok: notice: {}", d.text("#notice p")?);
        Ok(())
    })();
    std::fs::rename(&hidden, &file).with_context(|| format!("restore {}", file.display()))?;
    result?;
    // The failed fetch is an expected error of this test, not of the app.
    d.js("window.__atlasErrors = []; return true;")?;
    Ok(())
}
