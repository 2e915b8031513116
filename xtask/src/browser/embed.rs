//! The embed kit (issue 18): `<runtime-atlas>` elements on another site's
//! page load nothing before a click and follow their content's height after
//! it; embed mode (`embed=1`) at 640×360 shows the diagram and the narration
//! with no scrollbar; a range with autoplay; the "Embed" dialog's snippets;
//! the documentation page `embed.html`.

use super::{Driver, END, RIGHT};
use crate::{dist, serve};
use anyhow::{bail, Context, Result};
use serde_json::{json, Value};
use std::time::Duration;

const HOME: &str = "\u{E011}";
const SPACE: &str = " ";

/// The screenshots' folder.
pub(super) fn screens() -> std::path::PathBuf {
    crate::util::root().join("target/screens")
}

/// The hop the counter shows ("hop 18 / 231" → 18), `None` without one.
pub(super) fn hop(d: &Driver) -> Result<Option<usize>> {
    let t = d.text("#hop-counter")?;
    Ok(t.split_whitespace().find_map(|w| w.parse().ok()))
}

/// Waits until the counter shows a hop for which `ok` holds; returns it.
fn wait_hop(d: &Driver, what: &str, ok: impl Fn(usize) -> bool, limit: Duration) -> Result<usize> {
    let deadline = std::time::Instant::now() + limit;
    loop {
        if let Some(h) = hop(d)? {
            if ok(h) {
                return Ok(h);
            }
        }
        if std::time::Instant::now() > deadline {
            bail!("{what}: the counter says {:?}", d.text("#hop-counter")?);
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// The host page of `two_elements`: two elements, far apart, on a page
/// taller than the window.
fn host_page(atlas: &str) -> String {
    format!(
        r#"<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Two embeds</title></head>
<body style="margin:0;font:16px sans-serif">
<h1>A page about containers</h1>
<script src="{atlas}embed.js"></script>
<runtime-atlas id="one" scenario="kubectl-run" hop="18" show="note bar"></runtime-atlas>
<p style="height:400px">Some text between the two.</p>
<runtime-atlas id="two" command="crictl pull nginx" show="bar"></runtime-atlas>
<div style="height:2000px"></div>
</body></html>
"#
    )
}

/// A script on the host page: per element (`#one`, `#two`), whether its
/// shadow root holds an iframe.
const IFRAMES: &str = "return ['one', 'two'].map((id) => { const e = document.getElementById(id); \
     return !!(e && e.shadowRoot && e.shadowRoot.querySelector('iframe')); });";

/// The height an element gave its iframe (`style.height`, px).
fn iframe_height(d: &Driver, id: &str) -> Result<f64> {
    let v = d.js(&format!(
        "const f = document.getElementById({}).shadowRoot.querySelector('iframe'); \
         return f ? parseFloat(f.style.height) : null;",
        json!(id)
    ))?;
    v.as_f64()
        .with_context(|| format!("#{id} has no iframe height: {v}"))
}

/// Inside element `id`'s iframe: (its document's own height, scrollHeight,
/// innerHeight), then back to the host page.
fn inner_heights(d: &Driver, id: &str) -> Result<(f64, f64, f64)> {
    let f = d.shadow_find(&format!("#{id}"), "iframe")?;
    d.switch_frame(&f)?;
    let v = d.js(
        "return [document.documentElement.getBoundingClientRect().height, \
         document.documentElement.scrollHeight, innerHeight];",
    );
    d.switch_frame_parent()?;
    let v = v?;
    match (v[0].as_f64(), v[1].as_f64(), v[2].as_f64()) {
        (Some(a), Some(b), Some(c)) => Ok((a, b, c)),
        _ => bail!("#{id}'s frame gave {v}"),
    }
}

/// Waits until element `id`'s iframe is as high as its content (±1 px) and
/// shows no scrollbar; returns the height.
fn follows(d: &Driver, id: &str) -> Result<f64> {
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    loop {
        let outer = iframe_height(d, id)?;
        let (inner, scroll, window) = inner_heights(d, id)?;
        if (outer - inner.ceil()).abs() <= 1.0 && scroll <= window {
            println!("  ok: #{id} is {outer} px high, its content {inner:.1} px, no scrollbar");
            return Ok(outer);
        }
        if std::time::Instant::now() > deadline {
            bail!("#{id}'s iframe is {outer} px high, its content {inner} px (scrollHeight {scroll}, innerHeight {window})");
        }
        std::thread::sleep(Duration::from_millis(200));
    }
}

/// Inside element `id`'s iframe: the hop counter's text.
fn frame_counter(d: &Driver, id: &str) -> Result<String> {
    let f = d.shadow_find(&format!("#{id}"), "iframe")?;
    d.switch_frame(&f)?;
    let t = d.text("#hop-counter");
    d.switch_frame_parent()?;
    t
}

/// Two elements on another origin's page: neither loads anything before its
/// click; each loads the app on its own click, reaches `ready`, and its
/// iframe follows its content's height; keys go to the focused embed only;
/// a message forged by the host changes nothing.
pub(super) fn two_elements(d: &Driver, _base: &str) -> Result<()> {
    println!(
        "test: two <runtime-atlas> elements load nothing before a click, then follow their height"
    );
    let atlas = serve::spawn_switch(dist::dist_dir())?;
    let host_dir = std::env::temp_dir().join(format!("atlas-embed-host-{}", std::process::id()));
    std::fs::create_dir_all(&host_dir)?;
    let app = format!("http://{}/", atlas.addr);
    std::fs::write(host_dir.join("two.html"), host_page(&app))?;
    let host = serve::spawn(host_dir.clone())?;
    d.window(1366, 768, false)?;
    let result = (|| -> Result<()> {
        d.go("about:blank")?;
        d.go(&format!("http://{host}/two.html"))?;
        d.wait(
            "two posters",
            "return ['one', 'two'].every((id) => { const e = document.getElementById(id); \
               return !!(e && e.shadowRoot && e.shadowRoot.querySelector('[part=poster]')); });",
            Duration::from_secs(10),
        )?;
        if d.js(IFRAMES)? != json!([false, false]) {
            bail!(
                "an element made its iframe before any click: {}",
                d.js(IFRAMES)?
            );
        }
        let served = atlas.served();
        if served != ["/embed.js"] {
            bail!("before any click the app's server served {served:?}, not only /embed.js");
        }
        println!(
            "  ok: before a click the app's server served only /embed.js, and no iframe exists"
        );
        let posters = d.js(
            "return ['one', 'two'].map((id) => document.getElementById(id).shadowRoot.querySelector('[part=poster]').textContent);",
        )?;
        let title = dist::words_table()?["scenarios"]["kubectl-run"]["en"]
            .as_str()
            .unwrap_or("")
            .to_string();
        let (p1, p2) = (
            posters[0].as_str().unwrap_or(""),
            posters[1].as_str().unwrap_or(""),
        );
        if title.is_empty() || !p1.contains(&title) {
            bail!("poster 1 does not show kubectl-run's title {title:?}: {p1:?}");
        }
        if !p2.contains("$ crictl pull nginx") {
            bail!("poster 2 does not show its command: {p2:?}");
        }
        println!("  ok: posters say {title:?} and \"$ crictl pull nginx\"");

        // First click: only the first element loads the app.
        d.click(&d.shadow_find("#one", "[part=poster]")?)?;
        d.wait(
            "element 1's iframe and the app's files",
            "return !!document.getElementById('one').shadowRoot.querySelector('iframe');",
            Duration::from_secs(10),
        )?;
        let deadline = std::time::Instant::now() + Duration::from_secs(20);
        let want = ["/index.html", "/runtime-atlas.js", "/runtime-atlas_bg.wasm"];
        loop {
            let s = atlas.served();
            if want.iter().all(|w| s.iter().any(|p| p == w)) {
                println!("  ok: after the first click the server served {s:?}");
                break;
            }
            if std::time::Instant::now() > deadline {
                bail!("after the first click the server served only {s:?}");
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        if d.js(IFRAMES)? != json!([true, false]) {
            bail!("after one click: {}", d.js(IFRAMES)?);
        }
        d.click(&d.shadow_find("#two", "[part=poster]")?)?;
        d.wait(
            "both elements ready",
            "return ['one', 'two'].every((id) => document.getElementById(id).dataset.state === 'ready');",
            Duration::from_secs(30),
        )?;
        println!("  ok: both elements reached data-state=ready");
        let (h1, h2) = (follows(d, "one")?, follows(d, "two")?);
        if (h1 - h2).abs() < 1.0 {
            bail!("the two embeds show different things but are both {h1} px high");
        }

        // A narrower host: the embeds whose content changes height follow it.
        d.window(700, 768, false)?;
        let deadline = std::time::Instant::now() + Duration::from_secs(20);
        let (n1, n2) = loop {
            let (n1, n2) = (iframe_height(d, "one")?, iframe_height(d, "two")?);
            // The terminal's content grows when narrowed; the diagram with its
            // note may keep its height (the diagram is capped at the height
            // the element first gave): each must follow its own content.
            if (n1 - h1).abs() >= 1.0 || (n2 - h2).abs() >= 1.0 {
                break (n1, n2);
            }
            if std::time::Instant::now() > deadline {
                bail!("at 700 px neither height changed: {n1} and {n2} (were {h1} and {h2})");
            }
            std::thread::sleep(Duration::from_millis(200));
        };
        follows(d, "one")?;
        follows(d, "two")?;
        println!("  ok: at 700 px wide: {h1} → {n1} px and {h2} → {n2} px");
        d.window(1366, 768, false)?;

        // Keys: only the focused embed's; Space does not scroll the host.
        let before2 = frame_counter(d, "two")?;
        let before1 = frame_counter(d, "one")?;
        let f1 = d.shadow_find("#one", "iframe")?;
        // The reader's focus in embed 1 (the last click focused embed 2).
        d.js("document.getElementById('one').shadowRoot.querySelector('iframe').focus(); return true;")?;
        let scroll = d.js("return scrollY;")?;
        d.switch_frame(&f1)?;
        d.keys(&[RIGHT])?;
        d.switch_frame_top()?;
        let deadline = std::time::Instant::now() + Duration::from_secs(5);
        while frame_counter(d, "one")? == before1 {
            if std::time::Instant::now() > deadline {
                bail!("→ in the focused embed did not move its counter ({before1:?})");
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let after2 = frame_counter(d, "two")?;
        if after2 != before2 {
            bail!("→ in embed 1 moved embed 2: {before2:?} → {after2:?}");
        }
        println!(
            "  ok: → moved embed 1 ({before1:?} → {:?}) and not embed 2",
            frame_counter(d, "one")?
        );
        d.switch_frame(&f1)?;
        d.keys(&[SPACE])?;
        d.keys(&[SPACE])?;
        d.switch_frame_top()?;
        let after = d.js("return scrollY;")?;
        if after != scroll {
            bail!("Space in the embed scrolled the host page: scrollY {scroll} → {after}");
        }
        println!("  ok: Space in the embed left the host at scrollY {scroll}");

        // A height forged by the host (right id, wrong source) is ignored.
        let forged = d.js(
            "const f = document.getElementById('one').shadowRoot.querySelector('iframe'); \
             const id = f.name.replace(/^runtime-atlas:/, ''); const before = f.style.height; \
             window.postMessage({type: 'runtime-atlas:height', id, height: 1234}, '*'); \
             window.__forgedSeen = false; \
             addEventListener('message', (e) => { if (e.data === 'after-forged') window.__forgedSeen = true; }); \
             window.postMessage('after-forged', '*'); return [id, before];",
        )?;
        d.wait(
            "the host's own messages",
            "return window.__forgedSeen === true;",
            Duration::from_secs(5),
        )?;
        let now = d.js("return document.getElementById('one').shadowRoot.querySelector('iframe').style.height;")?;
        if forged[0].as_str().unwrap_or("").is_empty() || now != forged[1] || now == json!("1234px")
        {
            bail!("a forged height message changed the iframe: {forged} → {now}");
        }
        println!(
            "  ok: a forged message (id {}) left the height at {now}",
            forged[0]
        );
        Ok(())
    })();
    d.window_reset()?;
    let _ = std::fs::remove_dir_all(&host_dir);
    result?;
    d.go("about:blank")?;
    Ok(())
}

/// Whether the elements `selector` matches are all missing (or hidden).
fn absent(d: &Driver, selector: &str) -> Result<bool> {
    Ok(d.js(&format!(
        "return [...document.querySelectorAll({})].every((e) => !e.getClientRects().length);",
        json!(selector)
    ))? == json!(true))
}

/// Embed mode at 640×360: no chrome, the diagram and the note in view, no
/// scrollbar, the active boxes visible, labels readable, the "open" link.
pub(super) fn mode_640(d: &Driver, base: &str) -> Result<()> {
    println!("test: embed mode at 640×360");
    d.window(640, 360, false)?;
    let result = (|| -> Result<()> {
        d.go("about:blank")?;
        d.go(&format!("{base}#v1;sc=kubectl-run;hop=18;embed=1"))?;
        d.ready()?;
        for sel in ["header.site", "nav.controls", ".tabs-row"] {
            if !absent(d, sel)? {
                bail!("embed mode shows {sel}");
            }
        }
        let v = d.js(
            "const inView = (e) => { if (!e) return false; const r = e.getBoundingClientRect(); \
               return r.width > 0 && r.height > 0 && r.top >= -1 && r.left >= -1 && r.bottom <= innerHeight + 1 && r.right <= innerWidth + 1; }; \
             const de = document.documentElement; \
             const fig = document.querySelector('figure.topology'); const fr = fig && fig.getBoundingClientRect(); \
             const box = (c) => { const n = document.querySelector(`figure.topology .node[data-component=\"${c}\"]`); if (!n || !fr) return false; \
               const r = n.getBoundingClientRect(); return r.left >= fr.left - 1 && r.right <= fr.right + 1 && r.top >= fr.top - 1 && r.bottom <= fr.bottom + 1 \
                 && r.bottom <= innerHeight + 1 && r.right <= innerWidth + 1; }; \
             const t = document.querySelector('figure.topology .node[data-component=\"kubelet\"] text.label'); \
             const px = t ? parseFloat(getComputedStyle(t).fontSize) * t.ownerSVGElement.getScreenCTM().a : 0; \
             return {svg: inView(document.querySelector('figure.topology svg')) || !!(fr && fr.height > 50 && fr.bottom <= innerHeight + 1), \
               note: inView(document.querySelector('#note')), \
               fits: de.scrollHeight <= innerHeight && de.scrollWidth <= innerWidth, \
               sizes: [de.scrollWidth, de.scrollHeight, innerWidth, innerHeight], \
               kubelet: box('kubelet'), cri: box('containerd/cri'), px};",
        )?;
        println!("  embed at 640×360: {v}");
        for (key, what) in [
            ("svg", "the diagram in view"),
            ("note", "the note (#note) in view"),
            ("fits", "no scrollbar (scroll size within the window)"),
            ("kubelet", "the kubelet box inside the figure's visible box"),
            (
                "cri",
                "the containerd/cri box inside the figure's visible box",
            ),
        ] {
            if v[key] != json!(true) {
                bail!("embed mode at 640×360 lacks {what}: {v}");
            }
        }
        let px = v["px"].as_f64().unwrap_or(0.0);
        if px + 0.01 < 10.0 {
            bail!("embed mode at 640×360 draws labels at {px:.1} px, under 10 px");
        }
        let open = d.js("const a = document.querySelector('#embed-open'); \
             return a ? [a.getAttribute('href'), a.getAttribute('target')] : null;")?;
        let href = open[0].as_str().unwrap_or("");
        if open[1] != json!("_blank") {
            bail!("#embed-open does not open a new tab: {open}");
        }
        let frag = href.split_once('#').map(|x| x.1).unwrap_or("");
        if frag.contains("embed=1") || !frag.contains("sc=kubectl-run") || !frag.contains("hop=18")
        {
            bail!("#embed-open's link is not the same view without embed=1: {href}");
        }
        println!("  ok: #embed-open → {href}");
        std::fs::create_dir_all(screens())?;
        d.screenshot(&screens().join("embed-640x360.png"))?;
        // Opened at a hop low in the drawing (runc's init mounting, the
        // kernel's tier), the camera shows its boxes from the first frame
        // on: not only after a step (the page's embed layout comes after
        // the drawing's first effect).
        d.go("about:blank")?;
        d.go(&format!("{base}#v1;sc=kubectl-run;hop=250;embed=1"))?;
        d.ready()?;
        let lit_in_view = "const fr = document.querySelector('figure.topology .scroller').getBoundingClientRect(); \
             const lit = [...document.querySelectorAll('figure.topology .node.lit')]; \
             return {n: lit.length, out: lit.filter((n) => { const r = n.getBoundingClientRect(); \
               return !(r.top >= fr.top - 1 && r.bottom <= fr.bottom + 1 && r.left >= fr.left - 1 && r.right <= fr.right + 1); }) \
               .map((n) => n.getAttribute('data-component'))};";
        let mut seen = json!(null);
        for _ in 0..40 {
            seen = d.js(lit_in_view)?;
            if seen["n"].as_u64().unwrap_or(0) > 0 && seen["out"] == json!([]) {
                break;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        if seen["n"].as_u64().unwrap_or(0) == 0 || seen["out"] != json!([]) {
            bail!("embed at 640×360 opened at hop 250: lit boxes out of view: {seen}");
        }
        println!(
            "  ok: opened at hop 250, its {} lit boxes are in view",
            seen["n"]
        );
        d.screenshot(&screens().join("embed-640x360-hop250.png"))?;
        d.no_errors()
    })();
    d.window_reset()?;
    result
}

/// A range with autoplay at 4×: it starts at the range's first hop, plays,
/// and stops inside it; Home and End keep to it; a hop outside it lands
/// inside with a notice.
pub(super) fn range_and_autoplay(d: &Driver, base: &str) -> Result<()> {
    println!("test: embed range 18..184 with autoplay");
    d.go("about:blank")?;
    d.go(&format!(
        "{base}#v1;sc=kubectl-run;embed=1;from=18;to=184;play=1;speed=4"
    ))?;
    d.ready()?;
    let first = wait_hop(
        d,
        "the start of the range",
        |h| h >= 18,
        Duration::from_secs(10),
    )?;
    if first > 184 {
        bail!("the embed started at hop {first}, outside 18..184");
    }
    wait_hop(d, "autoplay to move", |h| h > 18, Duration::from_secs(20))?;
    println!("  ok: autoplay moved past hop 18");
    // It stops at the range's end: the counter stays put for a while.
    let deadline = std::time::Instant::now() + Duration::from_secs(90);
    let mut last = (0, std::time::Instant::now());
    loop {
        let h = hop(d)?.unwrap_or(0);
        if h > 184 {
            bail!("autoplay went past the range's end: hop {h}");
        }
        if h != last.0 {
            last = (h, std::time::Instant::now());
        } else if last.1.elapsed() > Duration::from_secs(4) {
            break;
        }
        if std::time::Instant::now() > deadline {
            bail!("autoplay did not stop within the range (hop {h})");
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    println!("  ok: autoplay stopped at hop {}", last.0);
    d.keys(&[HOME])?;
    wait_hop(d, "Home → 18", |h| h == 18, Duration::from_secs(5))?;
    d.keys(&[END])?;
    let end = wait_hop(
        d,
        "End → the range's end",
        |h| h > 18,
        Duration::from_secs(5),
    )?;
    if end > 184 {
        bail!("End went to hop {end}, past 184");
    }
    println!("  ok: Home → 18, End → {end}");
    d.go("about:blank")?;
    d.go(&format!("{base}#v1;sc=kubectl-run;hop=500;to=184;embed=1"))?;
    d.ready()?;
    let h = wait_hop(
        d,
        "a hop inside the range",
        |h| h >= 1,
        Duration::from_secs(10),
    )?;
    if h > 184 {
        bail!("hop=500;to=184 shows hop {h}");
    }
    let notices = d.js("return [...document.querySelectorAll('#notice, .notice')].map((e) => e.textContent).join(' | ');")?;
    if notices.as_str().unwrap_or("").trim().is_empty() {
        bail!("hop=500;to=184 landed at {h} without a notice");
    }
    println!("  ok: hop=500;to=184 → hop {h}, notice {notices}");
    d.no_errors()
}

/// The "Embed" dialog: its oEmbed text is JSON holding the iframe URL; the
/// iframe snippet shows the same hop in embed mode; "only this chapter" sets
/// a range.
pub(super) fn snippets(d: &Driver, base: &str) -> Result<()> {
    println!("test: the Embed dialog's snippets");
    d.go("about:blank")?;
    d.go(&format!("{base}#v1;sc=kubectl-run;hop=18"))?;
    d.ready()?;
    d.js("document.querySelector('#embed').click(); return true;")?;
    d.wait_for("#embed-dialog", Duration::from_secs(5))?;
    let read = |id: &str| -> Result<String> {
        let v = d.js(&format!(
            "const t = document.querySelector({}); return t ? t.value : null;",
            json!(id)
        ))?;
        v.as_str()
            .map(str::to_string)
            .with_context(|| format!("no {id}"))
    };
    let oembed = read("#embed-snippet-oembed")?;
    let o: Value = serde_json::from_str(&oembed)
        .with_context(|| format!("the oEmbed snippet is not JSON: {oembed}"))?;
    let iframe = read("#embed-snippet-iframe")?;
    let src = iframe
        .split("src=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .with_context(|| format!("no src in {iframe}"))?
        .replace("&amp;", "&");
    if !o["html"].as_str().unwrap_or("").contains(&src) {
        bail!("the oEmbed html does not hold the iframe's URL {src}: {o}");
    }
    let frag = src.split_once('#').map(|x| x.1).unwrap_or("");
    let fields: Vec<&str> = frag.split(';').collect();
    if !fields.contains(&"embed=1")
        || !fields.contains(&"hop=18")
        || !fields.contains(&"sc=kubectl-run")
    {
        bail!("the iframe snippet is not hop 18 of kubectl-run in embed mode: {src}");
    }
    println!("  ok: iframe snippet {src}");
    d.js("const c = document.querySelector('#embed-chapter'); c.click(); return true;")?;
    d.wait(
        "a range in the snippet",
        "const t = document.querySelector('#embed-snippet-iframe'); return !!t && /from=\\d+/.test(t.value);",
        Duration::from_secs(5),
    )?;
    let narrowed = read("#embed-snippet-iframe")?;
    println!(
        "  ok: only this chapter → {}",
        narrowed
            .split('#')
            .nth(1)
            .unwrap_or("")
            .split('"')
            .next()
            .unwrap_or("")
    );
    d.keys(&["\u{E00C}"])?;
    d.wait(
        "the dialog to close",
        "return !document.querySelector('#embed-dialog');",
        Duration::from_secs(5),
    )?;
    d.no_errors()
}

/// `embed.html`: no error, no iframe before a click, a poster per element.
pub(super) fn doc_page(d: &Driver, base: &str) -> Result<()> {
    println!("test: the embed kit's page");
    d.window(1366, 768, false)?;
    let result = (|| -> Result<()> {
        d.go("about:blank")?;
        // The page records its errors as the app's page does.
        let script = d.cdp(
            "Page.addScriptToEvaluateOnNewDocument",
            json!({"source": "window.__atlasErrors = []; addEventListener('error', (e) => __atlasErrors.push(String(e.message || e)), true);"}),
        )?;
        let went = d.go(&format!("{base}embed.html"));
        d.cdp(
            "Page.removeScriptToEvaluateOnNewDocument",
            json!({"identifier": script["identifier"]}),
        )?;
        went?;
        d.wait(
            "the posters",
            "const els = [...document.querySelectorAll('runtime-atlas')]; \
             return els.length > 0 && els.every((e) => e.shadowRoot && e.shadowRoot.querySelector('[part=poster]'));",
            Duration::from_secs(10),
        )?;
        let v = d.js(
            "const els = [...document.querySelectorAll('runtime-atlas')]; \
             return [els.length, els.filter((e) => e.shadowRoot.querySelector('iframe')).length, document.querySelectorAll('iframe').length];",
        )?;
        if v[1] != json!(0) || v[2] != json!(0) {
            bail!("embed.html made iframes before any click: {v}");
        }
        println!("  ok: {} elements, each a poster, no iframe", v[0]);
        std::fs::create_dir_all(screens())?;
        d.screenshot(&screens().join("embed-page.png"))?;
        d.no_errors()
    })();
    d.window_reset()?;
    result
}
