//! The topology as a learner reads it: only the run's components (a toggle
//! shows the others), labels that stay legible as the window grows, a card
//! for the component the keyboard focuses, tier names that cover no box on
//! a phone.

use super::{check, Driver};
use anyhow::{bail, Result};
use serde_json::Value;
use std::time::Duration;

const TAB: &str = "\u{E004}";
const ESCAPE: &str = "\u{E00C}";

/// The components the diagram draws.
fn drawn(d: &Driver) -> Result<Vec<String>> {
    let v = d.js(
        "return Array.from(document.querySelectorAll('figure.topology .node')).map((n) => n.dataset.component);",
    )?;
    Ok(v.as_array()
        .into_iter()
        .flatten()
        .filter_map(|c| c.as_str().map(String::from))
        .collect())
}

/// Runs `f` with the window at `width` × `height`, then gives it back.
fn sized<T>(d: &Driver, w: u32, h: u32, mobile: bool, f: impl FnOnce() -> Result<T>) -> Result<T> {
    d.window(w, h, mobile)?;
    let got = f();
    d.window_reset()?;
    got
}

/// (a) kubectl-run's diagram draws only the run's components; the toggle
/// shows every one and back.
pub(super) fn only_the_run(d: &Driver, base: &str) -> Result<()> {
    println!(
        "test: kubectl-run's diagram draws only the run's components; the toggle shows the rest"
    );
    sized(d, 1366, 768, false, || {
        d.go("about:blank")?;
        d.go(&format!("{base}#v1;sc=kubectl-run"))?;
        d.ready()?;
        let c = drawn(d)?;
        for want in ["kubelet", "containerd/cri", "runc", "kernel"] {
            if !c.iter().any(|x| x == want) {
                bail!("{want} is not drawn: {c:?}");
            }
        }
        for unused in ["nerdctl", "ctr", "crictl", "user"] {
            if c.iter().any(|x| x == unused) {
                bail!("{unused} is drawn though the run never uses it: {c:?}");
            }
        }
        println!(
            "  ok: {} boxes, none of nerdctl, ctr, crictl, user",
            c.len()
        );
        d.js("document.querySelector('figure.topology .show-every').click(); return true;")?;
        d.wait(
            "every component",
            "return !!document.querySelector('figure.topology .node[data-component=\"nerdctl\"]');",
            Duration::from_secs(5),
        )?;
        let all = drawn(d)?;
        for want in ["nerdctl", "ctr", "crictl"] {
            if !all.iter().any(|x| x == want) {
                bail!("{want} is not drawn with every component shown: {all:?}");
            }
        }
        check(
            "every component shown",
            &(all.len() > c.len()).to_string(),
            "true",
        )?;
        d.js("document.querySelector('figure.topology .show-every').click(); return true;")?;
        d.wait(
            "the run's components again",
            "return !document.querySelector('figure.topology .node[data-component=\"nerdctl\"]');",
            Duration::from_secs(5),
        )?;
        d.no_errors()
    })
}

/// The rendered size of a box label: its font size times the drawing's
/// scale, and the height of its text's box on the screen.
fn label_px(d: &Driver) -> Result<(f64, f64)> {
    let v = d.js(
        "const t = document.querySelector('figure.topology .node[data-component=\"kubelet\"] text.label'); \
         if (!t) return null; const m = t.ownerSVGElement.getScreenCTM(); \
         return [parseFloat(getComputedStyle(t).fontSize) * m.a, t.getBoundingClientRect().height];",
    )?;
    match (
        v.get(0).and_then(Value::as_f64),
        v.get(1).and_then(Value::as_f64),
    ) {
        (Some(font), Some(h)) => Ok((font, h)),
        _ => bail!("no kubelet label to measure: {v}"),
    }
}

/// (b) Box labels are at least 12 px at 1366×768 and 16 px at 1920×1080.
pub(super) fn label_size(d: &Driver, base: &str) -> Result<()> {
    println!("test: box labels are at least 12 px at 1366×768 and 16 px at 1920×1080");
    for (w, h, min) in [(1366, 768, 12.0), (1920, 1080, 16.0)] {
        let (font, height) = sized(d, w, h, false, || {
            d.go("about:blank")?;
            d.go(&format!("{base}#v1;sc=kubectl-run"))?;
            d.ready()?;
            label_px(d)
        })?;
        println!("  {w}×{h}: label font {font:.1} px, text box {height:.1} px high");
        if font + 0.01 < min || height + 0.01 < min {
            bail!("at {w}×{h} a box label is {font:.1} px ({height:.1} px high), under {min} px");
        }
    }
    d.no_errors()
}

/// (c) Tab to a box: its card shows its program and socket; Escape closes
/// it and leaves the focus on the box; a clicked box's card lists the
/// states of its objects at the hop.
pub(super) fn card(d: &Driver, base: &str) -> Result<()> {
    println!("test: a box focused with the keyboard shows its card; Escape closes it");
    sized(d, 1366, 768, false, || {
        d.go("about:blank")?;
        d.go(&format!("{base}#v1;sc=kubectl-run;hop=200"))?;
        d.ready()?;
        d.js("document.activeElement && document.activeElement.blur(); return true;")?;
        let mut reached = false;
        for _ in 0..80 {
            d.keys(&[TAB])?;
            let on = d.js("const a = document.activeElement; return a && a.dataset ? a.dataset.component || null : null;")?;
            if on.as_str() == Some("containerd") {
                reached = true;
                break;
            }
        }
        if !reached {
            bail!("Tab never reached the containerd box");
        }
        d.wait(
            "containerd's card",
            "const c = document.querySelector('aside.card'); return !!c && c.dataset.card === 'containerd';",
            Duration::from_secs(5),
        )?;
        let text = d.text("aside.card")?;
        for want in ["/usr/bin/containerd", "/run/containerd/containerd.sock"] {
            if !text.contains(want) {
                bail!("containerd's card does not say {want}: {text:?}");
            }
        }
        println!("  ok: containerd's card: /usr/bin/containerd, /run/containerd/containerd.sock");
        let hop = d.text("#hop-counter")?;
        d.keys(&[ESCAPE])?;
        d.wait(
            "Escape to close the card, the focus back on its box",
            "return !document.querySelector('aside.card') && document.activeElement \
               && document.activeElement.dataset && document.activeElement.dataset.component === 'containerd';",
            Duration::from_secs(5),
        )?;
        // Escape closed the card only: the hop did not move.
        check("hop after Escape", &d.text("#hop-counter")?, &hop)?;
        // A click: the CRI plugin's card lists the pod's sandbox, ready by hop 200.
        d.js(
            "document.querySelector('figure.topology .node[data-component=\"containerd/cri\"]') \
              .dispatchEvent(new MouseEvent('click', {bubbles: true})); return true;",
        )?;
        d.wait(
            "the CRI plugin's card",
            "const c = document.querySelector('aside.card'); return !!c && c.dataset.card === 'containerd/cri';",
            Duration::from_secs(5),
        )?;
        let text = d.text("aside.card")?;
        for want in ["sandbox/", "SANDBOX_READY", "kubelet", "cri"] {
            if !text.contains(want) {
                bail!("the CRI plugin's card does not say {want}: {text:?}");
            }
        }
        println!("  ok: the CRI plugin's card lists its sandbox, SANDBOX_READY");
        d.js("document.querySelector('aside.card .close').click(); return true;")?;
        d.wait(
            "the close button to close the card",
            "return !document.querySelector('aside.card');",
            Duration::from_secs(5),
        )?;
        d.no_errors()
    })
}

/// (d) On a phone no tier name covers a box, scrolled or not.
pub(super) fn phone_tier_names(d: &Driver, base: &str) -> Result<()> {
    println!("test: at 390 px no tier name covers a box");
    sized(d, 390, 844, true, || {
        d.go("about:blank")?;
        d.go(&format!("{base}#v1;sc=kubectl-run"))?;
        d.ready()?;
        let overlaps = "const f = (r) => [r.left, r.top, r.right, r.bottom]; \
             const names = Array.from(document.querySelectorAll('figure.topology .tier-labels .label-bg')).map((e) => f(e.getBoundingClientRect())); \
             const boxes = Array.from(document.querySelectorAll('figure.topology .node rect')).map((e) => f(e.getBoundingClientRect())); \
             let n = 0; for (const a of names) for (const b of boxes) \
               if (a[0] < b[2] - 0.5 && b[0] < a[2] - 0.5 && a[1] < b[3] - 0.5 && b[1] < a[3] - 0.5) n++; \
             return [names.length, boxes.length, n];";
        for scroll in ["0", "s.scrollWidth / 2", "s.scrollWidth"] {
            d.js(&format!(
                "const s = document.querySelector('figure.topology .scroller'); s.scrollLeft = {scroll}; \
                 s.dispatchEvent(new Event('scroll')); return true;"
            ))?;
            std::thread::sleep(Duration::from_millis(200));
            let v = d.js(overlaps)?;
            let (names, boxes, n) = (
                v.get(0).and_then(Value::as_u64).unwrap_or(0),
                v.get(1).and_then(Value::as_u64).unwrap_or(0),
                v.get(2).and_then(Value::as_u64).unwrap_or(u64::MAX),
            );
            if names == 0 || boxes == 0 || n != 0 {
                bail!("scrolled to {scroll}: {n} tier names over boxes ({names} names, {boxes} boxes)");
            }
        }
        println!("  ok: no tier name over a box, scrolled to the left, the middle and the right");
        d.no_errors()
    })
}
