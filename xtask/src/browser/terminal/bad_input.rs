//! Bad input: a 1 MB line and paste, 10,000 lines pasted, binary garbage,
//! an open quote, an endless loop.

use super::super::driver::clip;
use super::super::{check, Driver};
use super::{
    blocks, enter_any, focus_input, last_output, node_says, open, run, said, same, ANSWER, ENTER,
    LAST_BLOCK,
};
use anyhow::{bail, Result};
use atlas_core::{msg, Lang};
use std::time::Duration;

/// Bad input answers as bash does or with a refusal, never freezes or
/// panics: a 1 MB paste, binary garbage, an unbalanced quote (bash's `> `
/// continuation, then the line completed), `while true; do :; done`.
pub(in crate::browser) fn bad_input(d: &Driver, base: &str) -> Result<()> {
    println!("test: bad input: a 1 MB line and paste, 10,000 lines pasted, binary garbage, an open quote, an endless loop");
    let endless = "while true; do :; done";
    let want = node_says(&[], "", &[endless])?;
    open(d, base, "")?;
    let answers = |what: &str| -> Result<()> {
        let v = d.js(LAST_BLOCK)?;
        println!(
            "  ok: {what}: answered {:?}",
            clip(v["out"].as_str().unwrap_or("").trim(), 160)
        );
        check(
            &format!("echo after {what}"),
            &run(d, "echo alive")?,
            "alive",
        )
    };
    // 1 MB typed in one go (an input method's insertion), then pasted.
    let mb = format!("echo {}", "a".repeat(1 << 20));
    let too_long = said(
        Lang::En,
        &msg!("term-line-too-long", bytes = mb.len(), max = 64 * 1024),
    );
    focus_input(d)?;
    d.paste(&mb)?;
    enter_any(d, "the answer to a 1 MB line")?;
    let v = d.js(LAST_BLOCK)?;
    if !v["all"].as_str().is_some_and(|a| a.contains(&too_long)) {
        bail!(
            "a 1 MB line: expected {too_long:?}, the page shows {:?}",
            clip(v["all"].as_str().unwrap_or(""), 300)
        );
    }
    answers("a 1 MB line")?;
    focus_input(d)?;
    let before = blocks(d)?;
    d.paste_event("#term-in", &mb)?;
    d.wait(
        "the answer to a 1 MB paste",
        &format!(
            "return document.querySelectorAll('#term-out .term-block').length > {before} \
                  && document.querySelector('section#terminal').dataset.busy !== 'true';"
        ),
        ANSWER,
    )?;
    let v = d.js(LAST_BLOCK)?;
    if !v["all"].as_str().is_some_and(|a| a.contains(&too_long)) {
        bail!(
            "a 1 MB paste: expected {too_long:?}, the page shows {:?}",
            clip(v["all"].as_str().unwrap_or(""), 300)
        );
    }
    answers("a 1 MB paste")?;
    // 10,000 lines pasted: the first 1,000 run, the rest are left out, said.
    let many: Vec<String> = (1..=10_000).map(|i| format!("echo {i}")).collect();
    let cut = said(
        Lang::En,
        &msg!("term-paste-cut", lines = 10_000, max = 1_000, left = 9_000),
    );
    d.paste_event("#term-in", &many.join("\n"))?;
    d.wait(
        "a 10,000-line paste to run its first 1,000 lines",
        "const s = document.querySelector('section#terminal'); \
         if (document.querySelector('.panic')) return true; \
         const bs = document.querySelectorAll('#term-out .term-block'); const b = bs[bs.length - 1]; \
         const c = b && b.querySelector('.term-cmd'); \
         return !!s && s.dataset.busy !== 'true' && !!c && c.textContent === 'echo 1000';",
        Duration::from_secs(300),
    )?;
    d.no_errors()?;
    check(
        "the last line of the paste that ran",
        &last_output(d)?,
        "1000",
    )?;
    if !d.text("#term-out")?.contains(&cut) {
        bail!("no {cut:?} in the terminal");
    }
    println!("  ok: {cut}");
    answers("a 10,000-line paste")?;
    // Binary garbage: every byte but the line breaks, as Latin-1 characters.
    let garbage: String = (1u8..=255)
        .cycle()
        .take(4096)
        .filter(|b| *b != b'\n' && *b != b'\r')
        .map(char::from)
        .collect();
    focus_input(d)?;
    d.paste(&garbage)?;
    enter_any(d, "the answer to binary garbage")?;
    answers("binary garbage")?;
    // An open quote: bash reads another line ("> "), then runs both.
    focus_input(d)?;
    d.type_text("echo \"abc")?;
    d.keys(&[ENTER])?;
    d.wait_text("label[for='term-in']", ">", Duration::from_secs(10))?;
    let label = d.text("label[for='term-in']")?;
    if label.trim() != ">" {
        bail!("an open quote should prompt \"> \"; the label says {label:?}");
    }
    println!("  ok: an open quote prompts {label:?}");
    focus_input(d)?;
    d.type_text("def\"")?;
    enter_any(d, "the quote closed")?;
    check("the two lines' output", &last_output(d)?, "abc\ndef")?;
    // The endless loop: the core's bound and its words.
    same(endless, &run(d, endless)?, &want[0])?;
    answers("an endless loop")?;
    d.no_errors()
}
