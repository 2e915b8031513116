//! The terminal panel (`p=term`, issue 16): commands typed on the node print
//! what the node prints (the expectations come from the core, `atlas sim
//! --format terminal` over the same lines), the keys a Linux user knows
//! (Tab, ↑, Ctrl-R, Ctrl-C on a follow, Ctrl-L), the editor, the session in
//! the link and its length limit, bad input, the labels in both languages,
//! "continue in the terminal" from a scenario, and screenshots for a person
//! to look at. The DOM is the contract's (/work/notes/common16.md): the page
//! owns `section#terminal`, `#term-out` (one `.term-block` per command),
//! `#term-in` and its `label`.

use super::driver::{clip, ALT, CTRL};
use super::{atlas, check, Driver};
use anyhow::{bail, Context, Result};
use atlas_core::{msg, Catalog, Lang, Msg};
use serde_json::json;
use std::time::Duration;

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

/// Tab completes a container id from a prefix no other id or name shares
/// (and Enter runs the completed line); on a prefix two ids share, the second
/// Tab lists both in `#term-complete`.
pub(super) fn completion(d: &Driver, base: &str) -> Result<()> {
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
pub(super) fn history(d: &Driver, base: &str) -> Result<()> {
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
pub(super) fn interrupt(d: &Driver, base: &str) -> Result<()> {
    println!("test: Ctrl-C ends crictl logs -f, journalctl -f and kubectl logs -f; Ctrl-L clears");
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
    let v = d.js(LAST_BLOCK)?;
    println!(
        "  ok: {line} follows: {:?}",
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

/// `vi FILE` opens the node's file; Save writes it through the node (vim's
/// own line), `cat` shows it and crictl reads it at once; `:wq` on the last
/// line and nano's Ctrl-O / Ctrl-X save and leave too.
pub(super) fn editor(d: &Driver, base: &str) -> Result<()> {
    println!("test: vi and nano edit the node's files; the change takes effect");
    let path = "/etc/crictl.yaml";
    let want = node_says(&[], "", &[&format!("cat {path}")])?;
    open(d, base, "")?;
    focus_input(d)?;
    d.type_text(&format!("vi {path}"))?;
    d.keys(&[ENTER])?;
    d.wait_for("textarea#term-edit", Duration::from_secs(10))?;
    let text = d.js("return document.querySelector('#term-edit').value;")?;
    let text = text.as_str().unwrap_or("").to_string();
    same("vi's buffer", &text, &want[0])?;
    let label = d.js("const t = document.querySelector('#term-edit'); \
         const l = document.querySelector(\"label[for='term-edit']\"); \
         return (t.getAttribute('aria-label') || '') + ' ' + (l ? l.textContent : '') \
           + ' ' + (t.getAttribute('aria-labelledby') ? \
               document.getElementById(t.getAttribute('aria-labelledby')).textContent : '');")?;
    if !label.as_str().is_some_and(|l| l.contains(path)) {
        bail!("the editor is not labelled with the file's path: {label}");
    }
    let edited = text.replace("containerd/containerd.sock", "nope.sock");
    if edited == text {
        bail!("{path} names no containerd socket: {text:?}");
    }
    d.set("#term-edit", &edited, "input")?;
    d.js("document.querySelector('#term-save').click(); return true;")?;
    let lines = edited.lines().count();
    let said = format!("\"{path}\" {lines}L, {}B written", edited.len());
    d.wait_text("section#terminal", &said, Duration::from_secs(10))?;
    println!("  ok: Save says {said:?}");
    if d.count("#term-edit")? > 0 {
        d.js("document.querySelector('#term-close').click(); return true;")?;
    }
    d.wait_for("#term-in", Duration::from_secs(10))?;
    same("cat after Save", &run(d, &format!("cat {path}"))?, &edited)?;
    let out = run(d, "crictl ps")?;
    if !out.contains("unix:///run/nope.sock") {
        bail!("crictl does not read the saved {path}: {out}");
    }
    println!("  ok: crictl reads the new endpoint: {}", clip(&out, 160));

    // :wq typed on the last line.
    focus_input(d)?;
    d.type_text("vi /root/notes.txt")?;
    d.keys(&[ENTER])?;
    d.wait_for("textarea#term-edit", Duration::from_secs(10))?;
    d.set("#term-edit", "bee\n", "input")?;
    d.js(
        "const t = document.querySelector('#term-edit'); t.focus(); \
          t.selectionStart = t.selectionEnd = t.value.length; return true;",
    )?;
    d.type_text(":wq")?;
    d.keys(&[ENTER])?;
    d.wait_for("#term-in", Duration::from_secs(10))?;
    same("cat after :wq", &run(d, "cat /root/notes.txt")?, "bee")?;

    // nano: Ctrl-O writes, Ctrl-X leaves.
    focus_input(d)?;
    d.type_text("nano /root/nano.txt")?;
    d.keys(&[ENTER])?;
    d.wait_for("textarea#term-edit", Duration::from_secs(10))?;
    d.set("#term-edit", "one\ntwo\n", "input")?;
    d.js("document.querySelector('#term-edit').focus(); return true;")?;
    d.chord(&[CTRL, "o"])?;
    d.wait_text(
        "section#terminal",
        "[ Wrote 2 lines ]",
        Duration::from_secs(10),
    )?;
    d.chord(&[CTRL, "x"])?;
    d.wait_for("#term-in", Duration::from_secs(10))?;
    same("cat after nano", &run(d, "cat /root/nano.txt")?, "one\ntwo")?;
    d.no_errors()
}

/// The link restores the typed session: the same prompt and what `crictl
/// ps` prints (the core's words), also after a reload.
pub(super) fn link_restores(d: &Driver, base: &str) -> Result<()> {
    println!("test: the link restores a typed session");
    let lines = ["kubectl run web --image=nginx", "cd /etc", "crictl ps"];
    let want = node_says(&[], "", &[&lines[..], &["crictl ps", "crictl ps"]].concat())?;
    open(d, base, "")?;
    for l in lines {
        run(d, l)?;
    }
    let prompt = d.text("label[for='term-in']")?;
    if !prompt.starts_with("root@node-1:/etc#") {
        bail!("after cd /etc the prompt is {prompt:?}");
    }
    let link = d.js("return location.hash;")?;
    let link = link.as_str().unwrap_or("").to_string();
    if !link.contains(";s=") && !link.contains("#s=") {
        bail!("the link carries no session: {link}");
    }
    println!("  ok: the link: {}", clip(&link, 120));
    for how in ["a new page", "a reload"] {
        if how == "a reload" {
            d.js("location.reload(); return true;")?;
            std::thread::sleep(Duration::from_millis(500));
            wait_ready(d)?;
        } else {
            d.go("about:blank")?;
            d.go(&format!("{base}{link}"))?;
            wait_ready(d)?;
        }
        check(
            &format!("the prompt in {how}"),
            &d.text("label[for='term-in']")?,
            prompt.trim_end(),
        )?;
        let i = if how == "a reload" { 4 } else { 3 };
        same(
            &format!("crictl ps in {how}"),
            &run(d, "crictl ps")?,
            &want[i],
        )?;
    }
    d.no_errors()
}

/// A session longer than the link's limit: the link keeps the first
/// entries and a notice says how many were left out.
pub(super) fn link_cut(d: &Driver, base: &str) -> Result<()> {
    println!("test: an over-long session is cut in the link, and the page says so");
    open(d, base, "")?;
    // Lines that do not compress: 300 pseudo-random hex digits each.
    let mut seed: u64 = 0x5EED_0016;
    let mut hex = || {
        (0..300)
            .map(|_| {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                char::from_digit((seed % 16) as u32, 16).unwrap_or('0')
            })
            .collect::<String>()
    };
    // The notice's first words (its numbers follow).
    let cut_words = said(
        Lang::En,
        &msg!("term-link-cut", kept = 0, max = 0, left = 0),
    );
    let cut_words = cut_words.split('0').next().unwrap_or("").to_string();
    let mut cut = false;
    for i in 0..80 {
        run(d, &format!("echo {}", hex()))?;
        let notice = d.js(&format!(
            "const n = document.querySelector('#notice'); \
             return n && n.textContent.includes({}) ? n.textContent : '';",
            json!(cut_words)
        ))?;
        let link = d.js("return location.hash;")?;
        let link = link.as_str().unwrap_or("");
        let s = link
            .split(';')
            .find_map(|f| f.strip_prefix("s="))
            .unwrap_or("");
        if s.len() > 8000 {
            bail!(
                "the session field is {} characters, over the limit of 8000",
                s.len()
            );
        }
        if notice.as_str().is_some_and(|n| !n.trim().is_empty()) {
            println!(
                "  ok: after {} lines the notice says {:?}; the link's session is {} characters",
                i + 1,
                notice.as_str().unwrap_or(""),
                s.len()
            );
            cut = true;
            break;
        }
    }
    if !cut {
        bail!("80 long lines and no notice that the link was cut");
    }
    // The cut link opens, with the lines it kept.
    let link = d.js("return location.hash;")?;
    d.go("about:blank")?;
    d.go(&format!("{base}{}", link.as_str().unwrap_or("")))?;
    wait_ready(d)?;
    check(
        "a command after opening the cut link",
        &run(d, "echo fine")?,
        "fine",
    )?;
    d.no_errors()
}

/// Bad input answers as bash does or with a refusal, never freezes or
/// panics: a 1 MB paste, binary garbage, an unbalanced quote (bash's `> `
/// continuation, then the line completed), `while true; do :; done`.
pub(super) fn bad_input(d: &Driver, base: &str) -> Result<()> {
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

/// A message of the app's catalogs (`crates/core/i18n/*/term.ftl`) as the
/// page renders it in `lang`.
fn said(lang: Lang, m: &Msg) -> String {
    Catalog::builtin(lang).render(m)
}

/// Hangul in a text.
fn hangul(s: &str) -> bool {
    s.chars().any(|c| ('\u{AC00}'..='\u{D7A3}').contains(&c))
}

/// The input is a labelled text field; the output a polite live log; both
/// in the page's language; Escape leaves the input; the tools' output stays
/// as they print it in Korean.
pub(super) fn accessible(d: &Driver, base: &str) -> Result<()> {
    println!("test: the terminal's labels and live region in English and Korean; Escape leaves the input");
    let mut english = String::new();
    for lang in ["en", "ko"] {
        open(d, base, &format!(";lang={lang}"))?;
        let v = d.js(
            "const i = document.querySelector('#term-in'), o = document.querySelector('#term-out'); \
             const by = (e) => { const id = e.getAttribute('aria-labelledby'); \
               return id ? id.split(' ').map((x) => (document.getElementById(x) || {}).textContent || '').join(' ') : ''; }; \
             const tab = [...document.querySelectorAll('[role=tab]')].find((t) => t.getAttribute('aria-selected') === 'true'); \
             return {label: i.getAttribute('aria-label') || '', type: i.type, \
               ac: i.getAttribute('autocomplete'), sc: i.getAttribute('spellcheck'), cap: i.getAttribute('autocapitalize'), \
               role: o.getAttribute('role'), live: o.getAttribute('aria-live'), \
               out: (o.getAttribute('aria-label') || '') + by(o), \
               tab: tab ? tab.textContent.trim() : null, \
               forlabel: (document.querySelector(\"label[for='term-in']\") || {}).textContent};",
        )?;
        let s = |k: &str| v[k].as_str().unwrap_or("").to_string();
        check(&format!("{lang}: input type"), &s("type"), "text")?;
        check(&format!("{lang}: autocomplete"), &s("ac"), "off")?;
        check(&format!("{lang}: spellcheck"), &s("sc"), "false")?;
        check(&format!("{lang}: autocapitalize"), &s("cap"), "off")?;
        check(&format!("{lang}: the output's role"), &s("role"), "log")?;
        check(
            &format!("{lang}: the output's announcements"),
            &s("live"),
            "polite",
        )?;
        check(
            &format!("{lang}: the prompt's label"),
            &s("forlabel"),
            PROMPT.trim_end(),
        )?;
        let (label, out) = (s("label"), s("out"));
        let l = if lang == "ko" { Lang::Ko } else { Lang::En };
        check(
            &format!("{lang}: the input's label"),
            &label,
            &said(l, &msg!("term-input")),
        )?;
        check(
            &format!("{lang}: the output's label"),
            &out,
            &said(l, &msg!("term-output")),
        )?;
        check(
            &format!("{lang}: the tab"),
            &s("tab"),
            &said(l, &msg!("term-panel")),
        )?;
        if lang == "ko" && (!hangul(&label) || !hangul(&out) || label == english) {
            bail!("ko: the labels are not Korean: input {label:?}, output {out:?}");
        }
        if lang == "en" {
            english = label.clone();
        }
        println!("  ok: {lang}: input {label:?}, output {out:?}");
        let out = run(d, "crictl ps")?;
        if !out.starts_with("CONTAINER") {
            bail!("{lang}: crictl's header is not crictl's own: {out:?}");
        }
        // Escape leaves the input; the page's keys work again.
        focus_input(d)?;
        d.keys(&[ESCAPE])?;
        let f = d.focused()?;
        if f == "term-in" {
            bail!("{lang}: Escape did not leave the input");
        }
        println!("  ok: {lang}: Escape left the input (focus: {f:?})");
    }
    d.no_errors()
}

/// "Continue in the terminal" on a scenario opens the terminal at the
/// scenario's end: `crictl ps` lists the scenario's containers (the same
/// ids the core gives for its script and the same seed).
pub(super) fn continue_from_scenario(d: &Driver, base: &str) -> Result<()> {
    println!("test: continue in the terminal from the end of kubectl-run");
    let name = "kubectl-run";
    let Some(sc) = atlas_core::scenario::find(name) else {
        bail!("no scenario {name}");
    };
    let c = sc.config();
    let k8s = c.k8s.to_string();
    let flags = [
        "--k8s",
        &k8s,
        "--runtime",
        c.runtime.id(),
        "--oci",
        c.oci.id(),
    ];
    let want = node_says(&flags, sc.script, &["crictl ps -a"])?;
    d.go("about:blank")?;
    d.go(&format!("{base}#v1;sc={name}"))?;
    d.ready()?;
    d.wait_for("#term-continue", Duration::from_secs(10))?;
    d.js("document.querySelector('#term-continue').click(); return true;")?;
    wait_ready(d)?;
    let link = d.js("return location.hash;")?;
    let link = link.as_str().unwrap_or("");
    if !link.contains("p=term") || !link.contains("at=end") || !link.contains(&format!("sc={name}"))
    {
        bail!("the link after continue is {link}");
    }
    if blocks(d)? != 0 {
        bail!("the terminal does not start with an empty scrollback");
    }
    let got = run(d, "crictl ps -a")?;
    let ids = |s: &str| -> Vec<String> {
        s.lines()
            .skip(1)
            .filter_map(|l| l.split_whitespace().next())
            .map(str::to_string)
            .collect()
    };
    if ids(&got).is_empty() || ids(&got) != ids(&want[0]) {
        bail!(
            "crictl ps -a at the end of {name}: the node prints\n{}\n--- the page shows\n{got}",
            want[0]
        );
    }
    println!(
        "  ok: crictl ps -a lists the scenario's containers {:?}",
        ids(&got)
    );
    if got != want[0] {
        println!(
            "  info: other columns differ:\n{got}\n--- the core:\n{}",
            want[0]
        );
    }
    d.no_errors()
}

/// PNGs of the terminal after a few commands, in English and Korean, at
/// 1366×768, 1920×1080 and 390×844 (a phone), into `target/screens/`, for a
/// person to look at.
pub(super) fn screens(d: &Driver, base: &str) -> Result<()> {
    println!("test: screenshots of the terminal");
    let dir = crate::dist::target_dir().join("screens");
    let mut unstyled = Vec::new();
    for lang in ["en", "ko"] {
        for (w, h, phone) in [(1366, 768, false), (1920, 1080, false), (390, 844, true)] {
            d.window(w, h, phone)?;
            open(d, base, &format!(";lang={lang}"))?;
            for l in [
                "kubectl run web --image=nginx",
                "crictl ps -a | grep web",
                "systemctl status containerd | head -4",
                COLOURS,
            ] {
                run(d, l)?;
            }
            focus_input(d)?;
            d.type_text("crictl inspect ")?;
            std::thread::sleep(Duration::from_millis(600));
            let path = dir.join(format!("terminal-{w}x{h}-{lang}.png"));
            d.screenshot(&path)?;
            println!("  saved {}", path.display());
            // Styled at every width: a box, and colours where the tools wrote them.
            let v = d.js(
                "const s = document.querySelector('section#terminal'), r = s.querySelector('span.c31'); \
                 return [getComputedStyle(s).borderTopStyle, \
                   !!r && getComputedStyle(r).color !== getComputedStyle(s).color];",
            )?;
            if v != json!(["solid", true]) {
                unstyled.push(format!(
                    "{w}×{h} {lang}: border {}, red shown in its colour: {}",
                    v[0], v[1]
                ));
            }
        }
    }
    d.window_reset()?;
    if !unstyled.is_empty() {
        bail!(
            "the terminal is not styled (www/style.css): {}",
            unstyled.join("; ")
        );
    }
    d.no_errors()
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
