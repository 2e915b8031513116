//! How the terminal reads and looks: its labels and live region in both
//! languages, Escape, and screenshots at three sizes.

use super::super::{check, Driver};
use super::{focus_input, hangul, open, run, said, COLOURS, ESCAPE, PROMPT};
use anyhow::{bail, Result};
use atlas_core::{msg, Lang};
use serde_json::json;
use std::time::Duration;

/// The input is a labelled text field; the output a polite live log; both
/// in the page's language; Escape leaves the input; the tools' output stays
/// as they print it in Korean.
pub(in crate::browser) fn accessible(d: &Driver, base: &str) -> Result<()> {
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

/// PNGs of the terminal after a few commands, in English and Korean, at
/// 1366×768, 1920×1080 and 390×844 (a phone), into `target/screens/`, for a
/// person to look at.
pub(in crate::browser) fn screens(d: &Driver, base: &str) -> Result<()> {
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
