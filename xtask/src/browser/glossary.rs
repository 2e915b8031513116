//! Help for a newcomer (issue 14): a glossary term in the narration opens
//! its entry, in English and in Korean; `?` lists the keyboard shortcuts
//! and Escape closes the list; a fresh browser's first visit to the bare
//! page gets the tour, Skip closes it, and a reload does not show it again.

use super::{atlas, check, hops_of, Driver, Hop};
use anyhow::{bail, Context, Result};
use atlas_core::glossary::{find, TermId};
use atlas_core::Lang;
use serde_json::json;
use std::time::Duration;

const ESCAPE: &str = "\u{E00C}";

/// The first hop (1-based, as links count) whose note links `term` both in
/// English (`en`) and in Korean (`ko`, the same run in Korean).
fn hop_with(en: &[Hop], ko: &[Hop], term: TermId) -> Result<usize> {
    let links = |h: &Hop, lang| find(&h.note, lang).iter().any(|(_, t)| *t == term);
    en.iter()
        .zip(ko)
        .position(|(e, k)| links(e, Lang::En) && links(k, Lang::Ko))
        .map(|i| i + 1)
        .with_context(|| format!("no note links {} in both languages", term.id()))
}

/// Clicks the narration's button for `term` and waits for its card.
fn open_term(d: &Driver, term: TermId) -> Result<()> {
    let sel = format!("#note button.term[data-term='{}']", term.id());
    d.wait(
        "the note's glossary term",
        &format!("return !!document.querySelector({});", json!(sel)),
        Duration::from_secs(15),
    )?;
    d.js(&format!(
        "document.querySelector({}).click(); return true;",
        json!(sel)
    ))?;
    d.wait(
        "the glossary card",
        &format!(
            "const c = document.querySelector('#glossary'); return !!c && c.dataset.entry === {};",
            json!(term.id())
        ),
        Duration::from_secs(5),
    )
}

/// A narration term opens its entry in English and in Korean; a related
/// term opens its own; Escape closes the card.
pub(super) fn narration_terms(d: &Driver, base: &str, long: &[Hop]) -> Result<()> {
    println!("test: a narration term opens its glossary entry (en, ko)");
    let ko = hops_of(&atlas(&[
        "--lang",
        "ko",
        "sim",
        "--scenario",
        "kubectl-run",
        "--format",
        "json",
    ])?)?;
    let at = hop_with(long, &ko, TermId::Sandbox)?;
    println!("  info: hop {at} links sandbox in both languages");
    d.go("about:blank")?;
    d.go(&format!("{base}#v1;sc=kubectl-run;hop={at};lang=en"))?;
    d.ready()?;
    open_term(d, TermId::Sandbox)?;
    check(
        "English entry",
        &d.text("#glossary-heading")?,
        "pod sandbox",
    )?;
    if d.text("#glossary-definition")?.len() < 40 {
        bail!("the entry has no definition");
    }
    // The heading has the focus (the card is keyboard reachable).
    check(
        "focus in the card",
        &d.js("return document.activeElement && document.activeElement.id;")?
            .to_string(),
        "\"glossary-heading\"",
    )?;
    d.js("document.querySelector('#glossary .related [data-term=\"pod\"]').click(); return true;")?;
    d.wait(
        "a related entry",
        "return document.querySelector('#glossary').dataset.entry === 'pod';",
        Duration::from_secs(5),
    )?;
    d.keys(&[ESCAPE])?;
    d.wait(
        "Escape to close the card",
        "return !document.querySelector('#glossary');",
        Duration::from_secs(5),
    )?;
    // The whole list, from the header.
    d.js("document.querySelector('#open-glossary').click(); return true;")?;
    d.wait(
        "the glossary list",
        "return document.querySelectorAll('#glossary .glossary-list li').length >= 30;",
        Duration::from_secs(5),
    )?;
    d.js("document.querySelector('#glossary-close').click(); return true;")?;

    // Korean: the Korean note links the same entry, which reads in Korean.
    d.go("about:blank")?;
    d.go(&format!("{base}#v1;sc=kubectl-run;hop={at};lang=ko"))?;
    d.ready()?;
    d.wait(
        "the Korean narration",
        "const n = document.querySelector('#note'); return !!n && /[가-힣]/.test(n.textContent);",
        Duration::from_secs(15),
    )?;
    open_term(d, TermId::Sandbox)?;
    check(
        "Korean entry",
        &d.text("#glossary-heading")?,
        "파드 샌드박스(sandbox)",
    )?;
    d.keys(&[ESCAPE])?;
    d.no_errors()
}

/// `?` shows every shortcut; Escape closes the list.
pub(super) fn shortcuts(d: &Driver, base: &str) -> Result<()> {
    println!("test: ? lists the keyboard shortcuts, Escape closes them");
    d.go("about:blank")?;
    d.go(&format!("{base}#v1;sc=kubectl-run;hop=3;lang=en"))?;
    d.ready()?;
    let before = d.text("#hop-counter")?;
    d.keys(&["?"])?;
    d.wait(
        "the shortcuts",
        "const k = [...document.querySelectorAll('#shortcuts kbd')].map((k) => k.textContent); \
         return document.querySelectorAll('#shortcuts dt').length === 18 \
           && ['Enter', 'Ctrl-R', 'Ctrl-C', 'Alt-Backspace'].every((x) => k.includes(x)) \
           && !k.includes('Ctrl-W');",
        Duration::from_secs(5),
    )?;
    check("? does not move the hop", &d.text("#hop-counter")?, &before)?;
    // The terminal's keys are there (issue 16), and Ctrl-W is said to close
    // the tab, in the words of the catalog.
    let word = atlas_core::Catalog::builtin(Lang::En).render(&atlas_core::msg!("term-keys-word"));
    if !d.text("#shortcuts")?.contains(&word) || !word.contains("Ctrl-W") {
        bail!("the shortcuts do not say {word:?}");
    }
    d.keys(&[ESCAPE])?;
    d.wait(
        "Escape to close the shortcuts",
        "return !document.querySelector('#shortcuts');",
        Duration::from_secs(5),
    )?;
    d.no_errors()
}

/// A fresh browser: a link to a view shows no tour; the bare page does;
/// Next moves it, Skip closes it, and a reload does not show it again.
pub(super) fn tour(base: &str, chromium: &std::path::Path) -> Result<()> {
    println!("test: the first visit's tour, skipped and remembered");
    let d = Driver::start(chromium, &[])?;
    d.go(&format!("{base}#v1;sc=kubectl-run;hop=3"))?;
    d.ready()?;
    std::thread::sleep(Duration::from_millis(500));
    if d.js("return !!document.querySelector('#tour');")? == json!(true) {
        bail!("a link to a view showed the tour");
    }
    d.go("about:blank")?;
    d.go(base)?;
    d.ready()?;
    d.wait(
        "the tour",
        "return !!document.querySelector('#tour .tour-bubble') && !!document.querySelector('.tour-spot');",
        Duration::from_secs(10),
    )?;
    check("tour step", &d.text("#tour-title")?, "The diagram")?;
    d.js("document.querySelector('#tour-next').click(); return true;")?;
    d.wait(
        "the second step",
        "return document.querySelector('#tour').dataset.step === '1';",
        Duration::from_secs(5),
    )?;
    d.js("document.querySelector('#tour-skip').click(); return true;")?;
    d.wait(
        "Skip to close the tour",
        "return !document.querySelector('#tour');",
        Duration::from_secs(5),
    )?;
    d.go("about:blank")?;
    d.go(base)?;
    d.ready()?;
    std::thread::sleep(Duration::from_millis(500));
    if d.js("return !!document.querySelector('#tour');")? == json!(true) {
        bail!("the tour came back after a reload");
    }
    // The header's Tour button opens it again.
    d.js("document.querySelector('#open-tour').click(); return true;")?;
    d.wait(
        "the Tour button",
        "return !!document.querySelector('#tour');",
        Duration::from_secs(5),
    )?;
    d.keys(&[ESCAPE])?;
    d.wait(
        "Escape to close the tour",
        "return !document.querySelector('#tour');",
        Duration::from_secs(5),
    )?;
    d.no_errors()
}
