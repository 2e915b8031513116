//! Offline (issue 18): once loaded, the app reloads with the network cut
//! (the service worker's cache: the presenter, other runs, Korean, the
//! inspector); a new build is offered and taken; the single folder
//! `dist-offline/` runs from file:// and from a plain server.
//!
//! The network cut is the test server's switch (`serve::spawn_switch`), not
//! the DevTools protocol's offline emulation: that reaches the page, not its
//! service worker, which is a target of its own. Each test has its own
//! server, so its own origin and its own worker.

use super::Driver;
use crate::{dist, serve};
use anyhow::{bail, Context, Result};
use serde_json::{json, Value};
use std::path::Path;
use std::time::Duration;

const PAGE_DOWN: &str = "\u{E00F}";
const END: &str = "\u{E010}";

/// Waits until a worker controls the page and the build's cache holds every
/// file `build.json` lists; returns `build.json`.
fn cached(d: &Driver, base: &str) -> Result<Value> {
    d.wait(
        "a controlling service worker",
        "return !!(navigator.serviceWorker && navigator.serviceWorker.controller);",
        Duration::from_secs(30),
    )?;
    let (_, body) = serve::get(
        base.trim_start_matches("http://")
            .trim_end_matches('/')
            .parse()?,
        "/build.json",
    )?;
    let build: Value = serde_json::from_slice(&body).context("build.json is not JSON")?;
    let version = build["version"]
        .as_str()
        .context("no version in build.json")?
        .to_string();
    let files = build["files"].as_object().map_or(0, |f| f.len());
    d.js(&format!(
        "window.__cacheCount = -1; caches.open('runtime-atlas-' + {}).then((c) => c.keys()).then((k) => window.__cacheCount = k.length); return true;",
        json!(version)
    ))?;
    d.wait(
        &format!("the cache runtime-atlas-{version} to hold {files} files"),
        &format!(
            "caches.open('runtime-atlas-' + {}).then((c) => c.keys()).then((k) => window.__cacheCount = k.length); \
             return window.__cacheCount === {files};",
            json!(version)
        ),
        Duration::from_secs(30),
    )?;
    println!("  ok: cache runtime-atlas-{version} holds all {files} files");
    Ok(build)
}

/// Reloads the page and waits for the new document.
fn reload(d: &Driver) -> Result<()> {
    d.js("window.__stale = true; location.reload(); return true;")?;
    d.wait(
        "the reloaded page",
        "return window.__stale !== true && document.readyState !== 'loading';",
        Duration::from_secs(20),
    )
}

/// A run drawn by the engine module: scene `scene` with boxes, no engine
/// notice (loading or failed).
fn scene_played(d: &Driver, scene: usize, component: Option<&str>) -> Result<()> {
    let node = match component {
        Some(c) => format!("figure.topology .node[data-component=\"{c}\"]"),
        None => "figure.topology .node".to_string(),
    };
    d.wait(
        &format!("scene {scene} played ({node})"),
        &format!(
            "return !!document.querySelector('#present[data-scene=\"{scene}\"]') && !!document.querySelector({}) \
               && !document.querySelector('main .engine-status') || !!document.querySelector('.panic');",
            json!(node)
        ),
        Duration::from_secs(20),
    )?;
    d.no_errors()
}

/// The page's own errors and panic panel, and whether `selector` shows.
/// Opens the example talk's presenter page under `base` and waits for its
/// title card (scene 1).
fn open_talk(d: &Driver, base: &str) -> Result<()> {
    d.go("about:blank")?;
    d.go(&format!(
        "{base}index.html#v1;mode=present;talk=kubectl-run"
    ))?;
    shows(d, "#present[data-scene=\"1\"]", Duration::from_secs(20))
}

fn shows(d: &Driver, selector: &str, limit: Duration) -> Result<()> {
    d.wait(
        selector,
        &format!(
            "return !!document.querySelector({}) || !!document.querySelector('.panic');",
            json!(selector)
        ),
        limit,
    )?;
    d.no_errors()
}

/// Loaded once online, the presenter reloads with the server off; other
/// scenes' runs (the engine module), Korean and the inspector come from the
/// cache; nothing is served while off but the browser's own update check.
pub(super) fn reload_offline(d: &Driver, _base: &str) -> Result<()> {
    println!("test: after a first load the presenter reloads with the network cut");
    let s = serve::spawn_switch(dist::dist_dir())?;
    let base = format!("http://{}/", s.addr);
    let result = (|| -> Result<()> {
        open_talk(d, &base)?;
        cached(d, &base)?;
        let served = s.served().len();
        s.switch(false);
        reload(d)?;
        scene_played(d, 1, None)?;
        println!("  ok: the presenter reloaded with the server off");
        d.keys(&[END, PAGE_DOWN])?;
        scene_played(d, 2, None)?;
        d.go(&format!(
            "{base}index.html#v1;mode=present;talk=kubectl-run;scene=5"
        ))?;
        reload(d)?;
        scene_played(d, 5, Some("cri-dockerd"))?;
        println!("  ok: scenes 2 and 5 played offline (the engine module from the cache)");
        d.go("about:blank")?;
        d.go(&format!(
            "{base}index.html#v1;mode=present;talk=kubectl-run;lang=ko"
        ))?;
        d.wait(
            "Korean offline",
            "return /[가-힣]/.test(document.body.textContent) && !!document.querySelector('#present');",
            Duration::from_secs(20),
        )?;
        d.no_errors()?;
        println!("  ok: Korean offline (i18n/ko.ftl from the cache)");
        inspector_answers(d, &base)?;
        println!("  ok: the inspector offline (its module from the cache)");
        let after = s.served();
        if after.len() != served {
            bail!("served while off: {:?}", &after[served..]);
        }
        let refused = s.refused();
        if refused.iter().any(|p| p != "/sw.js") {
            bail!("while off the page asked the network for {refused:?} (only the worker's update check may)");
        }
        println!("  ok: while off nothing was served; refused: {refused:?}");
        Ok(())
    })();
    s.switch(true);
    d.go("about:blank")?;
    result
}

/// Copies a directory tree.
fn copy_tree(from: &Path, to: &Path) -> Result<()> {
    std::fs::create_dir_all(to)?;
    for e in std::fs::read_dir(from)? {
        let e = e?;
        let dst = to.join(e.file_name());
        if e.file_type()?.is_dir() {
            copy_tree(&e.path(), &dst)?;
        } else {
            std::fs::copy(e.path(), &dst)?;
        }
    }
    Ok(())
}

/// A new build (another `index.html`, another worker version) is offered by
/// the banner; its button takes it: the page reloads on the new build and
/// only the new cache is left.
pub(super) fn update_picked_up(d: &Driver, _base: &str) -> Result<()> {
    println!("test: a new build is offered and taken");
    let dir = std::env::temp_dir().join(format!("atlas-update-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    copy_tree(&dist::dist_dir(), &dir)?;
    let s = serve::spawn_switch(dir.clone())?;
    let base = format!("http://{}/", s.addr);
    let result = (|| -> Result<()> {
        open_talk(d, &base)?;
        let old = cached(d, &base)?["version"]
            .as_str()
            .unwrap_or("")
            .to_string();
        // The next build: a new page and a new worker.
        let page = std::fs::read_to_string(dir.join("index.html"))?;
        let page = page.replacen(
            "<head>",
            "<head>\n    <meta name=\"atlas-build\" content=\"B\">",
            1,
        );
        std::fs::write(dir.join("index.html"), page)?;
        let sw = std::fs::read_to_string(dir.join("sw.js"))?;
        let new = format!("{old}b");
        if !sw.contains(&format!("const VERSION = '{old}';")) {
            bail!("sw.js does not carry version {old}");
        }
        std::fs::write(
            dir.join("sw.js"),
            sw.replace(
                &format!("const VERSION = '{old}';"),
                &format!("const VERSION = '{new}';"),
            ),
        )?;
        open_talk(d, &base)?;
        d.wait_for("#atlas-update", Duration::from_secs(30))?;
        if d.attr("meta[name=atlas-build]", "content")?.is_some() {
            bail!("the page showed the new build before it was taken");
        }
        println!(
            "  ok: #atlas-update offers the new build: {:?}",
            d.text("#atlas-update")?
        );
        d.click(&d.element("#atlas-update-reload")?)?;
        d.wait(
            "the new build's page",
            "return !!document.querySelector('meta[name=atlas-build][content=B]');",
            Duration::from_secs(30),
        )?;
        shows(d, "#present[data-scene=\"1\"]", Duration::from_secs(20))?;
        d.js("window.__keys = null; caches.keys().then((k) => window.__keys = k); return true;")?;
        d.wait(
            "the caches' names",
            "return Array.isArray(window.__keys);",
            Duration::from_secs(5),
        )?;
        let keys = d.js("return window.__keys;")?;
        if keys != json!([format!("runtime-atlas-{new}")]) {
            bail!("after the update the caches are {keys}, not only runtime-atlas-{new}");
        }
        println!("  ok: reloaded on the new build; caches {keys}");
        Ok(())
    })();
    d.go("about:blank")?;
    let _ = std::fs::remove_dir_all(&dir);
    result
}

/// What the single folder must do wherever it is opened from (`base` ends
/// in `/`): another scenario plays (the engine), Korean, the inspector, the
/// presenter with its notes window.
fn single_folder(d: &Driver, base: &str) -> Result<()> {
    d.go("about:blank")?;
    d.go(&format!("{base}index.html#v1;sc=kubectl-run-crio"))?;
    d.ready()?;
    d.wait(
        "kubectl-run-crio played",
        "return !!document.querySelector('figure.topology .node[data-component=\"cri-o\"]') \
           && /^hop 1 \\/ \\d+/.test(document.querySelector('#hop-counter').textContent);",
        Duration::from_secs(20),
    )?;
    println!("  ok: kubectl-run-crio plays (the engine module loaded)");
    d.js("document.querySelector('#lang-ko').click(); return true;")?;
    d.wait(
        "a Korean note",
        "const n = document.querySelector('#note'); return !!n && /[가-힣]/.test(n.textContent);",
        Duration::from_secs(20),
    )?;
    d.no_errors()?;
    println!("  ok: Korean (the catalog loaded)");
    inspector_answers(d, base)?;
    println!("  ok: the inspector (its module loaded)");
    d.go("about:blank")?;
    let main = d.window_handle()?;
    open_talk(d, base)?;
    let notes = super::present::open_notes(d)?;
    let follow = (|| -> Result<()> {
        d.switch_window(&notes)?;
        d.wait_text("#notes-scene", "1 / ", Duration::from_secs(10))?;
        d.switch_window(&main)?;
        d.keys(&[END, PAGE_DOWN])?;
        shows(d, "#present[data-scene=\"2\"]", Duration::from_secs(20))?;
        d.switch_window(&notes)?;
        d.wait_text("#notes-scene", "2 / ", Duration::from_secs(5))?;
        Ok(())
    })();
    let _ = d.switch_window(&notes).and_then(|()| d.close_window());
    d.switch_window(&main)?;
    follow?;
    println!("  ok: the presenter and its notes window, in step");
    d.no_errors()
}

/// `dist-offline/index.html` opened as a file.
pub(super) fn single_folder_file(d: &Driver, _base: &str) -> Result<()> {
    println!("test: dist-offline/ from file://");
    let dir = dist::offline_dir();
    if !dir.join("index.html").exists() {
        bail!("no {}: run `cargo xtask dist`", dir.display());
    }
    let result = single_folder(d, &format!("file://{}/", dir.display()));
    d.go("about:blank")?;
    result
}

/// `dist-offline/` through a plain static server.
pub(super) fn single_folder_http(d: &Driver, _base: &str) -> Result<()> {
    println!("test: dist-offline/ from a static server");
    let addr = serve::spawn(dist::offline_dir())?;
    let result = single_folder(d, &format!("http://{addr}/"));
    d.go("about:blank")?;
    result
}

/// Opens the inspector on a fresh page and waits for its module's diagnostics of a
/// broken config (the module must load, from the cache or the folder).
fn inspector_answers(d: &Driver, base: &str) -> Result<()> {
    d.go("about:blank")?;
    d.go(&format!("{base}index.html#v1;p=inspector"))?;
    d.ready()?;
    d.set("#oci-text", "{\"ociVersion\": \"1.0.2\",}", "input")?;
    shows(d, "#oci-listing .diag", Duration::from_secs(20))
}
