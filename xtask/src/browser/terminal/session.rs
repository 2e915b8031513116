//! What the node keeps: the editor writes through it, the link restores a
//! typed session (and says when it cut one), and a scenario's end is a
//! starting point.

use super::super::driver::{clip, CTRL};
use super::super::{check, Driver};
use super::{blocks, focus_input, node_says, open, run, said, same, wait_ready, ENTER};
use anyhow::{bail, Result};
use atlas_core::{msg, Lang};
use serde_json::json;
use std::time::Duration;

/// `vi FILE` opens the node's file; Save writes it through the node (vim's
/// own line), `cat` shows it and crictl reads it at once; `:wq` on the last
/// line and nano's Ctrl-O / Ctrl-X save and leave too.
pub(in crate::browser) fn editor(d: &Driver, base: &str) -> Result<()> {
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
    // What the editor holds before Enter (a fresh-clone CI run once saved an
    // empty file here: this says whether the text was lost in the editor).
    let held = d.js("return document.querySelector('#term-edit').value;")?;
    if held != json!("bee\n:wq") {
        bail!("the editor holds {held} before :wq's Enter, not \"bee\\n:wq\"");
    }
    d.keys(&[ENTER])?;
    d.wait_for("#term-in", Duration::from_secs(10))?;
    same("cat after :wq", &run(d, "cat /root/notes.txt")?, "bee")?;

    // nano: Ctrl-O writes, Ctrl-X leaves.
    focus_input(d)?;
    d.type_text("nano /root/nano.txt")?;
    d.keys(&[ENTER])?;
    d.wait_for("textarea#term-edit", Duration::from_secs(10))?;
    d.set("#term-edit", "one\ntwo\n", "input")?;
    // The page redrawn while editing (here: the language switched and back)
    // leaves what was typed in place.
    for lang in ["ko", "en"] {
        d.js(&format!(
            "document.querySelector('#lang-{lang}').click(); return true;"
        ))?;
        d.wait_for(&format!("html[lang='{lang}']"), Duration::from_secs(10))?;
    }
    let held = d.js("return document.querySelector('#term-edit').value;")?;
    if held != json!("one\ntwo\n") {
        bail!("after a language switch the editor holds {held}, not what was typed");
    }
    println!("  ok: a language switch keeps the editor's text");
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
pub(in crate::browser) fn link_restores(d: &Driver, base: &str) -> Result<()> {
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
pub(in crate::browser) fn link_cut(d: &Driver, base: &str) -> Result<()> {
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

/// "Continue in the terminal" on a scenario opens the terminal at the
/// scenario's end: `crictl ps` lists the scenario's containers (the same
/// ids the core gives for its script and the same seed).
pub(in crate::browser) fn continue_from_scenario(d: &Driver, base: &str) -> Result<()> {
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
