//! The terminal's keys: Tab completion of container ids, the history (↑/↓,
//! Ctrl-R) and line editing (Ctrl-A/E/U, Alt-Backspace), Ctrl-C on a follow
//! and on a typed line, Ctrl-L.

use super::super::driver::{clip, ALT, CTRL};
use super::super::{check, Driver};
use super::{
    blocks, enter_any, focus_input, last_output, open, run, words, BACKSPACE, DOWN, ENTER,
    LAST_BLOCK, PROMPT, TAB, UP,
};
use anyhow::{bail, Context, Result};
use serde_json::json;
use std::time::Duration;

/// Tab completes a container id from a prefix no other id or name shares
/// (and Enter runs the completed line); on a prefix two ids share, the second
/// Tab lists both in `#term-complete`.
pub(in crate::browser) fn completion(d: &Driver, base: &str) -> Result<()> {
    println!("test: Tab completes a container id; a shared prefix lists both on the second Tab");
    open(d, base, "")?;
    let names = ["web", "web2", "db"];
    run(d, "kubectl run web --image=nginx")?;
    run(d, "kubectl run web2 --image=nginx")?;
    run(d, "kubectl run db --image=redis")?;
    // Enough containers for two ids to share their first character.
    let mut more = 0;
    let ids = loop {
        let ids = words(&run(d, "crictl ps -a -q")?);
        let shared = ids
            .iter()
            .enumerate()
            .any(|(i, a)| ids[i + 1..].iter().any(|b| a.get(..1) == b.get(..1)));
        if shared || more >= 10 {
            break ids;
        }
        more += 1;
        run(d, &format!("kubectl run p{more} --image=nginx"))?;
    };
    let pods = words(&run(d, "crictl pods -q")?);
    if ids.len() < 3 {
        bail!("crictl ps -a -q lists {ids:?}");
    }
    let mut taken: Vec<String> = ids.iter().chain(&pods).cloned().collect();
    taken.extend(names.iter().map(|n| n.to_string()));
    taken.extend((1..=more).map(|i| format!("p{i}")));
    taken.extend(["nginx", "redis"].map(String::from));
    // The shortest prefix of a container id that nothing else starts with.
    let unique = ids.iter().find_map(|id| {
        (1..id.len()).find_map(|n| {
            let p = &id[..n];
            let alone = taken.iter().filter(|t| t.starts_with(p)).count() == 1;
            alone.then(|| (id.clone(), p.to_string()))
        })
    });
    let Some((id, prefix)) = unique else {
        bail!("no container id has a prefix of its own: {taken:?}");
    };
    focus_input(d)?;
    d.type_text(&format!("crictl inspect {prefix}"))?;
    d.keys(&[TAB])?;
    if d.focused()? != "term-in" {
        bail!("Tab left the input (focus on {:?})", d.focused()?);
    }
    let value = d.js("return document.querySelector('#term-in').value;")?;
    let value = value.as_str().unwrap_or("");
    let word = value.strip_prefix("crictl inspect ").unwrap_or("");
    if !word.starts_with(&id) {
        bail!("Tab on {prefix:?} gives {value:?}, not the container id {id}");
    }
    println!("  ok: crictl inspect {prefix}<Tab> → {value:?}");
    let line = value.trim_end().to_string();
    let out = {
        enter_any(d, "the completed line to run")?;
        last_output(d)?
    };
    if !out.contains(&id) {
        bail!(
            "{line:?} does not print the container {id}: {}",
            clip(&out, 300)
        );
    }
    println!("  ok: Enter runs it: the output names {id}");

    // A prefix two container ids share.
    let pair = ids.iter().enumerate().find_map(|(i, a)| {
        ids[i + 1..].iter().find_map(|b| {
            let n = a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count();
            (n > 0).then(|| (a.clone(), b.clone(), a[..n].to_string()))
        })
    });
    let Some((a, b, common)) = pair else {
        bail!("no two container ids share a prefix: {ids:?}");
    };
    focus_input(d)?;
    d.type_text(&format!("crictl logs {common}"))?;
    d.keys(&[TAB])?;
    d.keys(&[TAB])?;
    let listed = d
        .wait_text("#term-complete", &a, Duration::from_secs(10))
        .and_then(|_| d.wait_text("#term-complete", &b, Duration::from_secs(2)))
        .with_context(|| format!("crictl logs {common}<Tab><Tab> should list {a} and {b}"))?;
    println!(
        "  ok: crictl logs {common}<Tab><Tab> lists {a} and {b}: {:?}",
        clip(&listed, 200)
    );
    let value = d.js("return document.querySelector('#term-in').value;")?;
    if !value
        .as_str()
        .is_some_and(|v| v.starts_with(&format!("crictl logs {common}")))
    {
        bail!("the second Tab changed the line: {value}");
    }
    d.no_errors()
}

/// ↑/↓ walk the history; Ctrl-R finds an older line (and does not reload
/// the page).
pub(in crate::browser) fn history(d: &Driver, base: &str) -> Result<()> {
    println!("test: ↑ and ↓ recall lines; Ctrl-R finds an older one");
    open(d, base, "")?;
    for l in ["echo one", "crictl version", "echo three"] {
        run(d, l)?;
    }
    d.js("window.__stayed = true; return true;")?;
    focus_input(d)?;
    let value = || -> Result<String> {
        Ok(d.js("return document.querySelector('#term-in').value;")?
            .as_str()
            .unwrap_or("")
            .to_string())
    };
    d.keys(&[UP])?;
    check("↑ recalls the last line", &value()?, "echo three")?;
    d.keys(&[UP])?;
    check("↑ again, the one before", &value()?, "crictl version")?;
    d.keys(&[DOWN])?;
    check("↓ goes forward", &value()?, "echo three")?;
    focus_input(d)?;
    d.chord(&[CTRL, "r"])?;
    d.type_text("one")?;
    let search = d.wait_text("#term-search", "echo one", Duration::from_secs(5))?;
    if !search.contains("reverse-i-search") {
        bail!("#term-search does not say reverse-i-search: {search:?}");
    }
    println!("  ok: Ctrl-R one: {search:?}");
    if d.js("return window.__stayed === true;")? != json!(true) {
        bail!("Ctrl-R reloaded the page");
    }
    // Enter accepts the found line and runs it, as bash does.
    enter_any(d, "Enter after Ctrl-R")?;
    let v = d.js(LAST_BLOCK)?;
    check(
        "Enter runs the line found",
        v["cmd"].as_str().unwrap_or(""),
        "echo one",
    )?;
    check("its output", &last_output(d)?, "one")?;
    if d.count("#term-search")? > 0 && !d.text("#term-search")?.trim().is_empty() {
        bail!(
            "the search line stays after Enter: {:?}",
            d.text("#term-search")?
        );
    }
    // Ctrl-A, Ctrl-E, Ctrl-U and Alt-Backspace edit the line (a word of
    // letters: bash's Alt-Backspace and Ctrl-W agree on it).
    focus_input(d)?;
    d.type_text("crictl images")?;
    d.chord(&[ALT, BACKSPACE])?;
    check("Alt-Backspace deletes a word", &value()?, "crictl ")?;
    d.chord(&[CTRL, "a"])?;
    d.type_text("sudo ")?;
    check("Ctrl-A goes to the start", &value()?, "sudo crictl ")?;
    d.chord(&[CTRL, "e"])?;
    d.type_text("ps")?;
    check("Ctrl-E goes to the end", &value()?, "sudo crictl ps")?;
    d.chord(&[CTRL, "u"])?;
    check("Ctrl-U deletes the line before the cursor", &value()?, "")?;
    d.no_errors()
}

/// `crictl logs -f ID` follows until Ctrl-C, which prints `^C` and a new
/// prompt; Ctrl-C on a typed line cancels it; Ctrl-L clears the screen.
pub(in crate::browser) fn interrupt(d: &Driver, base: &str) -> Result<()> {
    println!(
        "test: Ctrl-C ends crictl logs -f, journalctl -f, kubectl logs -f and get -w; Ctrl-L clears"
    );
    open(d, base, "")?;
    run(d, "kubectl run web --image=nginx")?;
    let id = words(&run(d, "crictl ps -q --name web")?);
    let Some(id) = id.first() else {
        bail!("no container named web");
    };
    let crictl = format!("crictl logs -f {id}");
    for (line, says) in [
        (crictl.as_str(), "nginx"),
        ("journalctl -u containerd -f", "containerd"),
        ("kubectl logs -f web", "nginx"),
        ("kubectl get pod web -w", "Running"),
    ] {
        follow_then_interrupt(d, line, says)?;
    }
    check(
        "a new prompt after Ctrl-C",
        &d.text("label[for='term-in']")?,
        PROMPT.trim_end(),
    )?;
    if d.focused()? != "term-in" {
        bail!("the input lost the focus after Ctrl-C: {:?}", d.focused()?);
    }
    println!("  ok: ^C printed, data-following gone, a new prompt");
    // Ctrl-C on a typed line: bash prints it with ^C and gives a new prompt.
    let before = blocks(d)?;
    focus_input(d)?;
    d.type_text("echo never")?;
    d.chord(&[CTRL, "c"])?;
    d.wait(
        "Ctrl-C on a typed line",
        &format!(
            "return document.querySelectorAll('#term-out .term-block').length > {before} \
                  && document.querySelector('#term-in').value === '';"
        ),
        Duration::from_secs(5),
    )?;
    let v = d.js(LAST_BLOCK)?;
    let all = v["all"].as_str().unwrap_or("");
    if !all.contains("echo never") || !all.trim_end().ends_with("^C") || all.contains("\nnever") {
        bail!("Ctrl-C on a typed line shows {all:?}");
    }
    println!("  ok: Ctrl-C on a typed line: {:?}", all.trim());
    // Ctrl-L clears the screen and keeps the line being typed.
    focus_input(d)?;
    d.type_text("echo kept")?;
    d.chord(&[CTRL, "l"])?;
    d.wait(
        "Ctrl-L to clear the screen",
        "return document.querySelectorAll('#term-out .term-block').length === 0;",
        Duration::from_secs(5),
    )?;
    let value = d.js("return document.querySelector('#term-in').value;")?;
    check(
        "Ctrl-L keeps the line",
        value.as_str().unwrap_or(""),
        "echo kept",
    )?;
    if d.focused()? != "term-in" {
        bail!("Ctrl-L moved the focus to {:?}", d.focused()?);
    }
    println!("  ok: Ctrl-L cleared the screen");
    d.set("#term-in", "", "input")?;
    check("a command after the clear", &run(d, "echo after")?, "after")?;
    d.no_errors()
}

/// Runs a following command (`data-following` set, `says` in its output),
/// then Ctrl-C: the follow ends, its block ends with `^C`.
fn follow_then_interrupt(d: &Driver, line: &str, says: &str) -> Result<()> {
    focus_input(d)?;
    let before = blocks(d)?;
    d.type_text(line)?;
    d.keys(&[ENTER])?;
    d.wait_for(
        "section#terminal[data-following='true']",
        Duration::from_secs(10),
    )
    .with_context(|| format!("{line} does not follow"))?;
    d.wait(
        &format!("{line} to print {says:?}"),
        &format!(
            "const bs = document.querySelectorAll('#term-out .term-block'); \
             return bs.length > {before} && bs[bs.length - 1].textContent.includes({});",
            json!(says)
        ),
        Duration::from_secs(10),
    )?;
    // The node's clock runs while the command follows (the face ticks it).
    let clock = d.text("#term-clock")?;
    d.wait(
        &format!("the clock to move while {line} follows"),
        &format!(
            "return document.querySelector('#term-clock').textContent !== {};",
            json!(clock)
        ),
        Duration::from_secs(5),
    )?;
    let v = d.js(LAST_BLOCK)?;
    println!(
        "  ok: {line} follows (the clock moves on from {clock}): {:?}",
        clip(
            v["out"]
                .as_str()
                .unwrap_or("")
                .trim()
                .lines()
                .last()
                .unwrap_or(""),
            80
        )
    );
    d.chord(&[CTRL, "c"])?;
    d.wait(
        "Ctrl-C to end the follow",
        "const s = document.querySelector('section#terminal'); \
         return !!s && s.dataset.following !== 'true' && s.dataset.busy !== 'true';",
        Duration::from_secs(10),
    )?;
    let following = d.attr("section#terminal", "data-following")?;
    if following.as_deref() == Some("true") {
        bail!("data-following stays after Ctrl-C on {line}");
    }
    let v = d.js(LAST_BLOCK)?;
    let all = v["all"].as_str().unwrap_or("");
    if !all.trim_end().ends_with("^C") {
        bail!(
            "the block of {line} does not end with ^C: {:?}",
            clip(all, 400)
        );
    }
    Ok(())
}
