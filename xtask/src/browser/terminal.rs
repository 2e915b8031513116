//! The terminal panel (`p=term`, issue 16): commands typed on the node print
//! what the node prints (the expectations come from the core, `atlas sim
//! --format terminal` over the same lines), the keys a Linux user knows
//! (Tab, ↑, Ctrl-R, Ctrl-C on a follow, Ctrl-L), the editor, the session in
//! the link and its length limit, bad input, the labels in both languages,
//! "continue in the terminal" from a scenario, and screenshots for a person
//! to look at. The DOM is the contract's (/work/notes/common16.md): the page
//! owns `section#terminal`, `#term-out` (one `.term-block` per command),
//! `#term-in` and its `label`.
//!
//! This file: how a test drives the terminal (open it, run a line, read the
//! last block), what the core says the node prints, and the typed commands
//! of the issue; `keys` (Tab, history, Ctrl-C, Ctrl-L), `session` (the
//! editor, the link, a scenario's end), `bad_input`, `looks` (labels in both
//! languages, screenshots).

use super::driver::clip;
use super::{atlas, check, Driver};
use anyhow::{bail, Context, Result};
use atlas_core::{Catalog, Lang, Msg};
use serde_json::json;
use std::time::Duration;

mod bad_input;
mod keys;
mod looks;
mod session;

pub(super) use bad_input::bad_input;
pub(super) use keys::{completion, history, interrupt};
pub(super) use looks::{accessible, screens};
pub(super) use session::{continue_from_scenario, editor, link_cut, link_restores};

/// The terminal once its session answered.
pub(crate) const READY: &str = "section#terminal[data-ready='true']";
/// bash's prompt on the node (`engine::NODE` is `node-1`).
const PROMPT: &str = "root@node-1:~# ";
const ENTER: &str = "\u{E007}";
const TAB: &str = "\u{E004}";
const UP: &str = "\u{E013}";
const DOWN: &str = "\u{E015}";
const ESCAPE: &str = "\u{E00C}";
const BACKSPACE: &str = "\u{E003}";
/// How long a command may take to answer in a test (never a speed check:
/// those are `cargo xtask bench`'s).
const ANSWER: Duration = Duration::from_secs(30);

/// Opens the terminal on a fresh page (`#v1;p=term` + `extra`) and waits
/// for its session.
pub(crate) fn open(d: &Driver, base: &str, extra: &str) -> Result<()> {
    d.go("about:blank")?;
    d.go(&format!("{base}#v1;p=term{extra}"))?;
    wait_ready(d)
}

/// Waits for `section#terminal[data-ready=true]` (or the error panel).
pub(crate) fn wait_ready(d: &Driver) -> Result<()> {
    d.wait(
        "the terminal's session to answer",
        &format!(
            "return !!document.querySelector({}) || !!document.querySelector('.panic');",
            json!(READY)
        ),
        Duration::from_secs(60),
    )?;
    d.no_errors()
}

/// The last command block: its command and its output (the block's text
/// without the prompt and the command), and how many blocks there are.
const LAST_BLOCK: &str = "const bs = document.querySelectorAll('#term-out .term-block'); \
  const b = bs[bs.length - 1]; if (!b) return {n: 0, cmd: null, out: null, all: ''}; \
  const c = b.cloneNode(true); c.querySelectorAll('.term-prompt, .term-cmd').forEach((e) => e.remove()); \
  const cmd = b.querySelector('.term-cmd'); \
  return {n: bs.length, cmd: cmd ? cmd.textContent : null, out: c.textContent, all: b.textContent};";

/// What the last block printed, without its first line break and the blank
/// end.
fn last_output(d: &Driver) -> Result<String> {
    let v = d.js(LAST_BLOCK)?;
    let out = v["out"].as_str().unwrap_or("");
    Ok(out.strip_prefix('\n').unwrap_or(out).trim_end().to_string())
}

fn blocks(d: &Driver) -> Result<usize> {
    d.count("#term-out .term-block")
}

/// Empties the input and gives it the focus.
fn focus_input(d: &Driver) -> Result<()> {
    d.wait_for("#term-in", Duration::from_secs(10))?;
    d.set("#term-in", "", "input")?;
    d.js("document.querySelector('#term-in').focus(); return true;")?;
    Ok(())
}

/// Types `line` (pasted when long), presses Enter and waits for its block
/// with the command and for the terminal to be idle; returns the output.
pub(crate) fn run(d: &Driver, line: &str) -> Result<String> {
    let before = blocks(d)?;
    focus_input(d)?;
    if line.chars().count() > 120 {
        d.paste(line)?;
    } else {
        d.type_text(line)?;
    }
    d.keys(&[ENTER])?;
    d.wait(
        &format!("the answer to {:?}", clip(line, 60)),
        &format!(
            "const s = document.querySelector('section#terminal'); \
             if (!s || s.dataset.busy === 'true' || document.querySelector('.panic')) return false; \
             const bs = document.querySelectorAll('#term-out .term-block'); \
             if (bs.length <= {before}) return false; \
             const c = bs.length ? bs[bs.length - 1].querySelector('.term-cmd') : null; \
             return !!c && c.textContent === {} && !!document.querySelector('#term-in');",
            json!(line)
        ),
        ANSWER,
    )
    .with_context(|| format!("the terminal shows {:?}", clip(&d.text("#term-out").unwrap_or_default(), 800)))?;
    d.no_errors()?;
    last_output(d)
}

/// Presses Enter on whatever the input holds and waits for a new block and
/// an idle terminal (for lines the page may show otherwise than typed).
fn enter_any(d: &Driver, what: &str) -> Result<()> {
    let before = blocks(d)?;
    d.keys(&[ENTER])?;
    d.wait(
        what,
        &format!(
            "const s = document.querySelector('section#terminal'); \
             if (document.querySelector('.panic')) return true; \
             return !!s && s.dataset.busy !== 'true' && !!document.querySelector('#term-in') \
               && document.querySelectorAll('#term-out .term-block').length > {before};"
        ),
        ANSWER,
    )?;
    d.no_errors()
}

/// Removes the escape sequences a tool's colours are written with.
fn strip_sgr(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut it = s.chars().peekable();
    while let Some(c) = it.next() {
        if c == '\u{1b}' && it.peek() == Some(&'[') {
            for c in it.by_ref() {
                if c.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Each line's output from `atlas sim --format terminal` text, for the last
/// `n` commands it shows.
fn split_terminal(text: &str, n: usize) -> Vec<String> {
    let mut outs: Vec<Vec<&str>> = Vec::new();
    for l in text.lines() {
        if l.starts_with("root@node-1:") && l.contains("# ") {
            outs.push(Vec::new());
        } else if let Some(o) = outs.last_mut() {
            o.push(l);
        }
    }
    let skip = outs.len().saturating_sub(n);
    outs.into_iter()
        .skip(skip)
        .map(|o| strip_sgr(o.join("\n").trim_end()))
        .collect()
}

/// What the node prints for each of `lines`, typed in order after `before`
/// (a script run first, not returned), on the configuration `flags`.
fn node_says(flags: &[&str], before: &str, lines: &[&str]) -> Result<Vec<String>> {
    let path = std::env::temp_dir().join(format!("atlas-term-{}.txt", std::process::id()));
    let mut script = before.to_string();
    if !script.is_empty() && !script.ends_with('\n') {
        script.push('\n');
    }
    for l in lines {
        script.push_str(l);
        script.push('\n');
    }
    std::fs::write(&path, script)?;
    let p = path.display().to_string();
    let mut args = vec!["sim", "--format", "terminal", "--script", &p];
    args.extend_from_slice(flags);
    let text = atlas(&args)?;
    let _ = std::fs::remove_file(&path);
    let outs = split_terminal(&text, lines.len());
    if outs.len() != lines.len() {
        bail!(
            "atlas printed {} commands for {}: {text}",
            outs.len(),
            lines.len()
        );
    }
    Ok(outs)
}

/// The same text, line by line, but for the blanks that end lines.
fn same(what: &str, got: &str, want: &str) -> Result<()> {
    let norm = |s: &str| {
        s.lines()
            .map(str::trim_end)
            .collect::<Vec<_>>()
            .join("\n")
            .trim_end()
            .to_string()
    };
    if norm(got) != norm(want) {
        bail!("{what}: the node prints\n{want}\n--- the page shows\n{got}\n---");
    }
    println!(
        "  ok: {what}: {}",
        clip(norm(want).lines().next().unwrap_or("(nothing)"), 100)
    );
    Ok(())
}

/// The commands of the issue print what the node prints, as the core says
/// (`crictl ps -a | grep web`, `crictl inspect $(…) | grep pid`, `systemctl
/// stop containerd` then `crictl ps` and the real connection error); each
/// command animates the topology and the sequence view; `sleep 30` moves
/// the clock.
pub(super) fn typed_commands(d: &Driver, base: &str) -> Result<()> {
    println!("test: typed commands print what the node prints; each one animates the views");
    let lines = [
        "kubectl run web --image=nginx",
        "crictl ps -a | grep web",
        "crictl inspect $(crictl ps -q --name web) | grep pid",
        "systemctl stop containerd",
        "crictl ps",
        "sleep 30",
        "crictl ps",
    ];
    let want = node_says(&[], "", &lines)?;
    if !want[4].contains("connect: no such file or directory") {
        bail!(
            "the core no longer prints crictl's connection error: {}",
            want[4]
        );
    }
    open(d, base, "")?;
    check(
        "the prompt",
        &d.text("label[for='term-in']")?,
        PROMPT.trim_end(),
    )?;
    let counter = d.text("#hop-counter")?;
    let clock = d.text("#term-clock")?;
    for (i, (line, want)) in lines.iter().zip(&want).enumerate() {
        let got = run(d, line)?;
        same(line, &got, want)?;
        if i == 0 {
            animated(d, &counter)?;
        }
        if *line == "sleep 30" {
            let now = d.text("#term-clock")?;
            if now == clock || now.trim().is_empty() {
                bail!("sleep 30 did not move the clock: {clock:?} then {now:?}");
            }
            println!("  ok: the clock moved: {clock:?} → {now:?}");
        }
    }
    // Colours as the tools write them: SGR 1;32 and 31 as classes.
    run(d, COLOURS)?;
    let spans = d.js(
        "const b = [...document.querySelectorAll('#term-out .term-block')].pop(); \
         const t = (s) => [...b.querySelectorAll(s)].map((e) => e.textContent).join('|'); \
         return [t('span.c32.b'), t('span.c31')];",
    )?;
    if spans != json!(["ready", "red"]) {
        bail!("echo -e with SGR colours gives the spans {spans} (want c32.b ready, c31 red)");
    }
    println!("  ok: SGR colours as span.c32.b and span.c31");
    d.no_errors()
}

/// A line that prints in colour (bold green, red).
const COLOURS: &str = "echo -e \"\\e[1;32mready\\e[0m \\e[31mred\\e[0m\"";

/// After a command: the hop counter moved, an edge of the topology is lit
/// (the current hop runs along it) and the sequence view has the calls.
fn animated(d: &Driver, counter_before: &str) -> Result<()> {
    d.wait(
        "the hop counter to move after the command",
        &format!(
            "const c = document.querySelector('#hop-counter'); \
             return !!c && c.textContent !== {} && /\\d+\\s*\\/\\s*[1-9]/.test(c.textContent);",
            json!(counter_before)
        ),
        Duration::from_secs(10),
    )?;
    let first = d.text("#hop-counter")?;
    d.wait(
        "an edge of the topology to be lit",
        "return !!document.querySelector('figure.topology .edge.lit, figure.topology .lit');",
        Duration::from_secs(10),
    )?;
    d.wait(
        "the sequence view to show the command's calls",
        "return document.querySelectorAll('figure.sequence g.msg').length > 0;",
        Duration::from_secs(10),
    )?;
    // Playing: the counter moves on by itself (or the run is already over).
    let moved = d.wait(
        "the hop counter to move on while the hops play",
        &format!(
            "const c = document.querySelector('#hop-counter'); return !!c && c.textContent !== {};",
            json!(first)
        ),
        Duration::from_secs(5),
    );
    let now = d.text("#hop-counter")?;
    println!(
        "  ok: the views animated: {counter_before:?} → {first:?}{}; lit edge {:?}; {} calls in the sequence view",
        if moved.is_ok() { format!(" → {now:?}") } else { " (the run was shown at its end)".to_string() },
        d.js("const e = document.querySelector('figure.topology .edge.lit'); return e ? e.dataset.from + '→' + e.dataset.to : null;")?,
        d.count("figure.sequence g.msg")?
    );
    Ok(())
}

/// The output's lines, each a word (ids printed by `-q`).
fn words(out: &str) -> Vec<String> {
    out.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

/// A message of the app's catalogs (`crates/core/i18n/*/term.ftl`) as the
/// page renders it in `lang`.
fn said(lang: Lang, m: &Msg) -> String {
    Catalog::builtin(lang).render(m)
}

/// Hangul in a text.
fn hangul(s: &str) -> bool {
    s.chars().any(|c| ('\u{AC00}'..='\u{D7A3}').contains(&c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_what_the_node_prints() {
        let text = "root@node-1:~# kubectl run web --image=nginx\npod/web created\n\
                    root@node-1:~# systemctl stop containerd\n\
                    root@node-1:/etc# crictl ps\n\u{1b}[1mtime\u{1b}[0m=x\n";
        assert_eq!(
            split_terminal(text, 3),
            vec!["pod/web created", "", "time=x"]
        );
        assert_eq!(split_terminal(text, 1), vec!["time=x"]);
    }

    #[test]
    fn hangul_is_seen() {
        assert!(hangul("터미널 입력"));
        assert!(!hangul("Terminal input"));
    }

    #[test]
    fn words_are_lines() {
        assert_eq!(words(" a\n\nb \n"), vec!["a", "b"]);
    }
}
