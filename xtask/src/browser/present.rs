//! Presenter mode (issue 18): the keys a presentation remote sends walk the
//! scene's top-level calls then the next scene; labels are at least 24 px at
//! 1920×1080 with AAA contrast in both themes; the controls hide until the
//! mouse moves; the notes window follows the presenter and drives it.

use super::embed::screens;
use super::{atlas, Driver, END, LEFT, RIGHT};
use anyhow::{bail, Context, Result};
use serde_json::{json, Value};
use std::time::Duration;

const PAGE_DOWN: &str = "\u{E00F}";
const PAGE_UP: &str = "\u{E00E}";
const ESCAPE: &str = "\u{E00C}";

/// The example talk's link.
const TALK: &str = "#v1;mode=present;talk=kubectl-run";
/// Its scenes (assets/talks/kubectl-run.toml).
const SCENES: usize = 8;

/// A hop of `atlas sim`'s JSON with its ends.
struct Hop {
    from: String,
    to: String,
    call: String,
    parent: Option<u64>,
}

fn hops(scenario: &str) -> Result<Vec<Hop>> {
    let text = atlas(&["sim", "--scenario", scenario, "--format", "json"])?;
    let mut out = Vec::new();
    for line in text.lines() {
        let v: Value = serde_json::from_str(line).context("atlas printed a bad line")?;
        if v.get("seq").is_some() {
            let s = |k: &str| v[k].as_str().unwrap_or("").to_string();
            out.push(Hop {
                from: s("from"),
                to: s("to"),
                call: s("call"),
                parent: v["parent"].as_u64(),
            });
        }
    }
    if out.is_empty() {
        bail!("atlas printed no hop for {scenario}");
    }
    Ok(out)
}

/// Opens the presenter at 1920×1080 on `link` (after the page's address)
/// and waits for scene `scene` (1-based) to render.
fn open(d: &Driver, base: &str, link: &str, scene: usize) -> Result<()> {
    d.go("about:blank")?;
    d.go(&format!("{base}{link}"))?;
    wait_scene(d, scene)
}

fn wait_scene(d: &Driver, scene: usize) -> Result<()> {
    d.wait(
        &format!("presenter scene {scene}"),
        &format!(
            "return !!document.querySelector('#present[data-scene=\"{scene}\"]') \
               && !!document.querySelector('#present-call, #present .refusal') || !!document.querySelector('.panic');"
        ),
        Duration::from_secs(20),
    )?;
    d.no_errors()
}

/// Waits until the presenter shows hop `i` (0-based) of `hops`: its call in
/// `#present-call` and, when the page has a counter, its number.
fn wait_call(d: &Driver, hops: &[Hop], i: usize, how: &str) -> Result<()> {
    let script = format!(
        "const c = document.querySelector('#present-call'); const n = document.querySelector('#hop-counter'); \
         return !!c && c.textContent.includes({}) && (!n || n.textContent.startsWith({}));",
        json!(hops[i].call),
        json!(format!("hop {} /", i + 1))
    );
    d.wait(
        &format!("{how}: hop {} ({})", i + 1, hops[i].call),
        &script,
        Duration::from_secs(5),
    )
    .with_context(|| {
        format!(
            "#present-call says {:?}, the counter {:?}",
            d.text("#present-call").unwrap_or_default(),
            d.text("#hop-counter").unwrap_or_default()
        )
    })
}

/// PageDown/PageUp and →/← walk scene 3's top-level calls, End goes to its
/// last step, PageDown at the end is scene 4 (dockershim's removal, a
/// refusal naming 1.24); `.`/`b` black the screen and lift it; `?` shows
/// the keys and Escape closes them.
pub(super) fn keys(d: &Driver, base: &str) -> Result<()> {
    println!("test: presenter keys walk scene 3's calls, then scene 4");
    let hops = hops("kubectl-run-dockershim")?;
    let a = hops
        .iter()
        .position(|h| {
            h.from == "kubelet" && h.to == "dockershim" && h.call.contains("RunPodSandbox")
        })
        .context("kubectl-run-dockershim has no kubelet → dockershim RunPodSandbox")?;
    let b = (a..hops.len())
        .find(|&i| hops[i].call.contains("StartContainer"))
        .context("no StartContainer after RunPodSandbox")?;
    let top: Vec<usize> = top_level_of(&hops)
        .into_iter()
        .filter(|&t| t >= a && t <= b)
        .collect();
    if top.len() < 2 {
        bail!(
            "scene 3's range {}..={} has {} top-level calls",
            a + 1,
            b + 1,
            top.len()
        );
    }
    println!(
        "  scene 3: hops {}..={} , top-level calls {:?}",
        a + 1,
        b + 1,
        top.iter().map(|t| t + 1).collect::<Vec<_>>()
    );
    d.window(1920, 1080, false)?;
    let result = (|| -> Result<()> {
        open(d, base, &format!("{TALK};scene=3"), 3)?;
        wait_call(d, &hops, top[0], "scene 3 starts at its first call")?;
        for (fwd, back, name) in [
            (PAGE_DOWN, PAGE_UP, "PageDown/PageUp"),
            (RIGHT, LEFT, "→/←"),
        ] {
            for &t in &top[1..] {
                d.keys(&[fwd])?;
                wait_call(d, &hops, t, name)?;
            }
            for &t in top[..top.len() - 1].iter().rev() {
                d.keys(&[back])?;
                wait_call(d, &hops, t, name)?;
            }
            println!(
                "  ok: {name} walk the {} top-level calls of scene 3 and back",
                top.len()
            );
        }
        d.keys(&[END])?;
        d.wait(
            "End: StartContainer",
            "const c = document.querySelector('#present-call'); return !!c && c.textContent.includes('StartContainer');",
            Duration::from_secs(5),
        )?;
        d.keys(&[PAGE_DOWN])?;
        wait_scene(d, 4)?;
        d.wait(
            "scene 4's refusal",
            "const r = document.querySelector('.refusal'); return !!r && r.textContent.includes('1.24');",
            Duration::from_secs(10),
        )?;
        println!(
            "  ok: End → StartContainer, PageDown → scene 4: {}",
            d.text(".refusal")?.trim()
        );
        for key in [".", "b"] {
            d.keys(&[key])?;
            d.wait(
                &format!("{key:?}: a black screen"),
                "const b = document.querySelector('#present-black'); \
                 return !!b && b.getClientRects().length > 0 && getComputedStyle(b).backgroundColor === 'rgb(0, 0, 0)';",
                Duration::from_secs(5),
            )?;
            d.keys(&[key])?;
            d.wait(
                &format!("{key:?} again: the black lifted"),
                "const b = document.querySelector('#present-black'); return !b || !b.getClientRects().length;",
                Duration::from_secs(5),
            )?;
            println!("  ok: {key:?} blacks the screen and lifts it");
        }
        d.keys(&["?"])?;
        d.wait(
            "? shows the keys",
            "const h = document.querySelector('#present-help'); return !!h && h.getClientRects().length > 0 && h.textContent.length > 20;",
            Duration::from_secs(5),
        )?;
        d.keys(&[ESCAPE])?;
        d.wait(
            "Escape closes the help",
            "const h = document.querySelector('#present-help'); return !h || !h.getClientRects().length;",
            Duration::from_secs(5),
        )?;
        println!("  ok: ? shows the keys, Escape closes them");
        d.no_errors()
    })();
    d.window_reset()?;
    result
}

fn top_level_of(hops: &[Hop]) -> Vec<usize> {
    (0..hops.len())
        .filter(|&i| hops[i].parent.is_none())
        .collect()
}

/// WCAG contrast of two CSS colours (`rgb(…)`, `rgba(…)`, or `color(srgb …)` as a `color-mix` computes), as a script.
const CONTRAST: &str = "const rgb = (c) => { const v = (c.match(/[\\d.]+/g) || [0, 0, 0]).slice(0, 3).map(Number); \
    return /^color\\(srgb/.test(c) ? v.map((x) => x * 255) : v; }; \
  const lum = (c) => { const [r, g, b] = rgb(c).map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); }); \
    return 0.2126 * r + 0.7152 * g + 0.0722 * b; }; \
  const contrast = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); }; \
  const bg = (e) => { for (; e; e = e.parentElement) { const c = getComputedStyle(e).backgroundColor; \
    if (c && c !== 'transparent' && !/rgba\\(.*,\\s*0\\)$/.test(c)) return c; } return 'rgb(255, 255, 255)'; };";

/// Every scene with a run, both themes: box labels ≥ 24 px on screen and
/// inside their boxes, the note ≥ 28 px, contrast ≥ 7 for the note and the
/// box labels. Screenshots of scene 3 in both themes.
pub(super) fn large_type(d: &Driver, base: &str) -> Result<()> {
    println!("test: presenter type at 1920×1080: labels ≥ 24 px, note ≥ 28 px, contrast ≥ 7");
    d.window(1920, 1080, false)?;
    let result = (|| -> Result<()> {
        for theme in ["light", "dark"] {
            for scene in 1..=SCENES {
                open(
                    d,
                    base,
                    &format!("{TALK};scene={scene};theme={theme}"),
                    scene,
                )?;
                let has_run = d.js("return !document.querySelector('.refusal');")? == json!(true);
                if !has_run {
                    println!("  {theme} scene {scene}: a refusal, no diagram");
                    continue;
                }
                d.wait_for("figure.topology .node text", Duration::from_secs(10))?;
                let v = d.js(&format!(
                    "{CONTRAST} \
                     const texts = [...document.querySelectorAll('figure.topology .node text')]; \
                     let min = 1e9, over = [], low = 1e9; \
                     for (const t of texts) {{ const px = parseFloat(getComputedStyle(t).fontSize) * t.ownerSVGElement.getScreenCTM().a; \
                       min = Math.min(min, px); const g = t.closest('.node'); const r = g && g.querySelector('rect'); \
                       if (r && t.getBBox().width > r.getBBox().width + 0.5) over.push(t.textContent); \
                       if (r) low = Math.min(low, contrast(getComputedStyle(t).fill, getComputedStyle(r).fill)); }} \
                     const n = document.querySelector('#present-note'); \
                     const note = n ? parseFloat(getComputedStyle(n).fontSize) : 0; \
                     const noteContrast = n ? contrast(getComputedStyle(n).color, bg(n)) : 0; \
                     return {{labels: texts.length, min, over, boxContrast: low, note, noteContrast}};"
                ))?;
                println!("  {theme} scene {scene}: {v}");
                let f = |k: &str| v[k].as_f64().unwrap_or(0.0);
                if v["labels"].as_u64().unwrap_or(0) == 0 {
                    bail!("{theme} scene {scene}: no box label");
                }
                if f("min") + 0.01 < 24.0 {
                    bail!(
                        "{theme} scene {scene}: a box label is {:.1} px, under 24",
                        f("min")
                    );
                }
                if v["over"].as_array().is_some_and(|a| !a.is_empty()) {
                    bail!(
                        "{theme} scene {scene}: labels wider than their box: {}",
                        v["over"]
                    );
                }
                if f("note") + 0.01 < 28.0 {
                    bail!(
                        "{theme} scene {scene}: #present-note is {:.1} px, under 28",
                        f("note")
                    );
                }
                if f("noteContrast") < 7.0 || f("boxContrast") < 7.0 {
                    bail!("{theme} scene {scene}: contrast under 7: {v}");
                }
            }
            open(d, base, &format!("{TALK};scene=3;theme={theme}"), 3)?;
            std::fs::create_dir_all(screens())?;
            d.screenshot(&screens().join(format!("present-1920x1080-{theme}.png")))?;
        }
        d.no_errors()
    })();
    d.window_reset()?;
    result
}

/// Whether the presenter's controls show (present, laid out and visible).
const CONTROLS_SHOWN: &str = "const c = document.querySelector('#present-controls'); \
    return !!c && !c.hidden && c.getClientRects().length > 0 && getComputedStyle(c).visibility === 'visible';";

/// Opens the notes window from the presenter's controls (after the title
/// card's start button, if it shows); returns the new window's handle.
pub(super) fn open_notes(d: &Driver) -> Result<String> {
    // The talk first (from file:// the engine module takes longer): its title
    // card, when it comes, covers the controls.
    d.wait(
        "the talk's title card or its first call",
        "return !!document.querySelector('#present-titlecard, #present-call');",
        Duration::from_secs(30),
    )?;
    if d.count("#present-start")? > 0 {
        d.click(&d.element("#present-start")?)?;
        d.wait(
            "the title card to go",
            "return !document.querySelector('#present-titlecard');",
            Duration::from_secs(5),
        )?;
    }
    let before = d.windows()?;
    d.pointer_move(300, 300)?;
    d.pointer_move(310, 310)?;
    d.wait("the controls", CONTROLS_SHOWN, Duration::from_secs(5))?;
    d.click(&d.element("#present-notes")?)?;
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    loop {
        if let Some(h) = d.windows()?.into_iter().find(|h| !before.contains(h)) {
            return Ok(h);
        }
        if std::time::Instant::now() > deadline {
            bail!("#present-notes opened no window");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// The controls are hidden at load, shown when the mouse moves, hidden again
/// once it rests.
pub(super) fn controls_hidden(d: &Driver, base: &str) -> Result<()> {
    println!("test: presenter controls hide until the mouse moves");
    d.window(1920, 1080, false)?;
    let result = (|| -> Result<()> {
        open(d, base, &format!("{TALK};scene=1"), 1)?;
        if d.count("#present-controls")? != 1 {
            bail!("no #present-controls");
        }
        if d.js(CONTROLS_SHOWN)? == json!(true) {
            bail!("the controls show before the mouse moved");
        }
        d.pointer_move(400, 300)?;
        d.pointer_move(420, 320)?;
        d.wait(
            "the controls after a mouse move",
            CONTROLS_SHOWN,
            Duration::from_secs(5),
        )?;
        println!("  ok: a mouse move shows the controls");
        d.wait(
            "the controls to hide once the mouse rests",
            &format!("return !(() => {{ {CONTROLS_SHOWN} }})();"),
            Duration::from_secs(10),
        )?;
        println!("  ok: they hide again while the mouse rests");
        d.no_errors()
    })();
    d.window_reset()?;
    result
}

/// The notes window: opened from the controls, it shows the scene, the next
/// scene's title, the notes and a running clock; it follows the presenter,
/// and PageDown pressed in it drives the presenter; Korean with `lang=ko`.
pub(super) fn notes_follow(d: &Driver, base: &str) -> Result<()> {
    println!("test: the notes window follows the presenter and drives it");
    d.window(1920, 1080, false)?;
    let main = d.window_handle()?;
    let result = notes_in(d, base, &main, "en").and_then(|()| notes_in(d, base, &main, "ko"));
    // Back to the presenter's window, the notes window closed.
    for h in d.windows().unwrap_or_default() {
        if h != main {
            let _ = d.switch_window(&h);
            let _ = d.close_window();
        }
    }
    d.switch_window(&main)?;
    d.window_reset()?;
    result
}

/// Where the presenter is: its scene, its hop counter and its call.
const PRESENTER_STATE: &str = "return [document.querySelector('#present')?.dataset.scene, \
    document.querySelector('#hop-counter')?.textContent, document.querySelector('#present-call')?.textContent].join('|');";

fn notes_in(d: &Driver, base: &str, main: &str, lang: &str) -> Result<()> {
    open(d, base, &format!("{TALK};lang={lang}"), 1)?;
    let notes = open_notes(d)?;
    d.switch_window(&notes)?;
    let step = (|| -> Result<()> {
        d.wait_text(
            "#notes-scene",
            &format!("1 / {SCENES}"),
            Duration::from_secs(10),
        )?;
        let next = d.text("#notes-next")?;
        let body = d.text("#notes-body")?;
        if next.trim().is_empty() || body.trim().is_empty() {
            bail!("the notes window lacks the next scene ({next:?}) or the notes ({body:?})");
        }
        if lang == "ko" && !body.chars().any(|c| ('가'..='힣').contains(&c)) {
            bail!("with lang=ko the notes are not Korean: {body:?}");
        }
        let t0 = d.text("#notes-elapsed")?;
        d.wait(
            "the clock to run",
            &format!(
                "return document.querySelector('#notes-elapsed').textContent !== {};",
                json!(t0)
            ),
            Duration::from_secs(5),
        )?;
        println!(
            "  ok ({lang}): notes 1 / {SCENES}, next {:?}, clock {t0:?} → {:?}",
            next.trim(),
            d.text("#notes-elapsed")?
        );
        // The presenter moves: the notes follow.
        d.switch_window(main)?;
        d.keys(&[END, PAGE_DOWN])?;
        wait_scene(d, 2)?;
        d.switch_window(&notes)?;
        d.wait_text(
            "#notes-scene",
            &format!("2 / {SCENES}"),
            Duration::from_secs(5),
        )?;
        let title = d.text("#notes-title")?;
        if title.trim() != next.trim() {
            bail!("scene 2's title in the notes is {title:?}, the notes said next was {next:?}");
        }
        // PageDown in the notes window drives the presenter.
        d.switch_window(main)?;
        let state = d.js(PRESENTER_STATE)?;
        d.switch_window(&notes)?;
        d.js("window.focus(); return true;")?;
        d.keys(&[PAGE_DOWN])?;
        d.switch_window(main)?;
        d.wait(
            "the presenter to move on a PageDown in the notes window",
            &format!(
                "{} return s !== {};",
                PRESENTER_STATE.replace("return ", "const s = "),
                state
            ),
            Duration::from_secs(5),
        )?;
        println!(
            "  ok ({lang}): the notes follow scene 2 ({:?}); PageDown in the notes window moved the presenter from {state} to {}",
            title.trim(),
            d.js(PRESENTER_STATE)?
        );
        d.no_errors()?;
        d.switch_window(&notes)?;
        d.close_window()?;
        d.switch_window(main)
    })();
    if step.is_err() {
        let _ = d.switch_window(main);
    }
    step
}
