//! Browser tests of the app in headless Chromium, driven over WebDriver
//! (Debian's `chromedriver`), with a small HTTP client of our own.
//!
//! The expectations come from the CLI (`atlas sim --scenario … --format json`):
//! the browser must narrate the same hops the core gives natively. Any error
//! the page records (`window.__atlasErrors`: console errors, uncaught errors,
//! failed loads, rejected promises) fails the test, as does the panic panel.

use crate::util::{self, cargo};
use anyhow::{bail, Context, Result};
use serde_json::{json, Value};
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A chromedriver process and one session; both end when dropped.
pub(crate) struct Driver {
    child: Child,
    addr: SocketAddr,
    session: String,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = http(
            self.addr,
            "DELETE",
            &format!("/session/{}", self.session),
            None,
        );
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

/// One HTTP/1.1 request with `Connection: close`; returns the JSON body.
fn http(addr: SocketAddr, method: &str, path: &str, body: Option<&Value>) -> Result<Value> {
    let mut s = TcpStream::connect_timeout(&addr, Duration::from_secs(5))?;
    s.set_read_timeout(Some(Duration::from_secs(120)))?;
    let body = body.map(|b| b.to_string()).unwrap_or_default();
    let req = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    s.write_all(req.as_bytes())?;
    let content = read_response(&mut s).with_context(|| format!("{method} {path}"))?;
    let v: Value = serde_json::from_str(&content)
        .with_context(|| format!("{method} {path}: not JSON: {content:.300}"))?;
    if let Some(err) = v.get("value").and_then(|x| x.get("error")) {
        bail!(
            "{method} {path}: {err}: {}",
            v["value"]["message"].as_str().unwrap_or("")
        );
    }
    Ok(v)
}

/// Reads one response: the header, then `Content-Length` bytes, a chunked
/// body, or everything until the server closes.
fn read_response(s: &mut TcpStream) -> Result<String> {
    let mut raw = Vec::new();
    let mut buf = [0u8; 8192];
    let head_end = loop {
        if let Some(i) = raw.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
        let n = s.read(&mut buf)?;
        if n == 0 {
            bail!("connection closed before the header ended");
        }
        raw.extend_from_slice(&buf[..n]);
    };
    let head = String::from_utf8_lossy(&raw[..head_end]).to_ascii_lowercase();
    let length = head.lines().find_map(|l| {
        l.strip_prefix("content-length:")
            .and_then(|v| v.trim().parse::<usize>().ok())
    });
    let chunked = head.contains("transfer-encoding: chunked");
    loop {
        let body = &raw[head_end..];
        let done = match length {
            Some(n) => body.len() >= n,
            None if chunked => body.windows(5).any(|w| w == b"0\r\n\r\n"),
            None => false,
        };
        if done {
            break;
        }
        let n = s.read(&mut buf)?;
        if n == 0 {
            break;
        }
        raw.extend_from_slice(&buf[..n]);
    }
    let body = String::from_utf8_lossy(&raw[head_end..]).to_string();
    Ok(if chunked { dechunk(&body) } else { body })
}

fn dechunk(mut s: &str) -> String {
    let mut out = String::new();
    while let Some((size, rest)) = s.split_once("\r\n") {
        let Ok(n) = usize::from_str_radix(size.trim(), 16) else {
            break;
        };
        if n == 0 || rest.len() < n {
            break;
        }
        out.push_str(&rest[..n]);
        s = rest[n..].trim_start_matches("\r\n");
    }
    out
}

fn chromedriver() -> Result<PathBuf> {
    let fixed = PathBuf::from("/usr/bin/chromedriver");
    if util::is_executable(&fixed) {
        return Ok(fixed);
    }
    util::which("chromedriver").context("no chromedriver: run `cargo xtask setup --browser`")
}

impl Driver {
    pub(crate) fn start(chromium: &std::path::Path, extra: &[&str]) -> Result<Driver> {
        let port = free_port()?;
        let child = Command::new(chromedriver()?)
            .arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .context("could not start chromedriver")?;
        let addr: SocketAddr = ([127, 0, 0, 1], port).into();
        let mut d = Driver {
            child,
            addr,
            session: String::new(),
        };
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            match http(addr, "GET", "/status", None) {
                Ok(v) if v["value"]["ready"] == json!(true) => break,
                _ if Instant::now() > deadline => bail!("chromedriver did not become ready"),
                _ => std::thread::sleep(Duration::from_millis(100)),
            }
        }
        let mut args = vec![
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--window-size=1366,768",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
        ];
        args.extend_from_slice(extra);
        let caps = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": chromium.display().to_string(),
                "args": args
            }
        }}});
        let v = http(addr, "POST", "/session", Some(&caps))?;
        d.session = v["value"]["sessionId"]
            .as_str()
            .context("no session id")?
            .to_string();
        Ok(d)
    }

    /// A Chrome DevTools Protocol command through chromedriver's
    /// `goog/cdp/execute` (e.g. a script to run before the page's own).
    pub(crate) fn cdp(&self, cmd: &str, params: Value) -> Result<Value> {
        let body = json!({"cmd": cmd, "params": params});
        let v = http(
            self.addr,
            "POST",
            &self.path("/goog/cdp/execute"),
            Some(&body),
        )?;
        Ok(v["value"].clone())
    }

    fn path(&self, p: &str) -> String {
        format!("/session/{}{p}", self.session)
    }

    pub(crate) fn go(&self, url: &str) -> Result<()> {
        http(
            self.addr,
            "POST",
            &self.path("/url"),
            Some(&json!({"url": url})),
        )?;
        Ok(())
    }

    pub(crate) fn js(&self, script: &str) -> Result<Value> {
        let v = http(
            self.addr,
            "POST",
            &self.path("/execute/sync"),
            Some(&json!({"script": script, "args": []})),
        )?;
        Ok(v["value"].clone())
    }

    /// Sets a form control's value and fires the event a person's edit fires.
    fn set(&self, selector: &str, value: &str, event: &str) -> Result<()> {
        let ok = self.js(&format!(
            "const e = document.querySelector({}); if (!e) return false; e.value = {}; \
             e.dispatchEvent(new Event({}, {{bubbles: true}})); return true;",
            json!(selector),
            json!(value),
            json!(event)
        ))?;
        if ok != json!(true) {
            bail!("no {selector} to set");
        }
        Ok(())
    }

    /// Hands a file to a file input, as choosing it in the dialog does.
    fn choose_file(&self, selector: &str, name: &str, text: &str) -> Result<()> {
        let ok = self.js(&format!(
            "const i = document.querySelector({}); if (!i) return false; \
             const dt = new DataTransfer(); dt.items.add(new File([{}], {})); i.files = dt.files; \
             i.dispatchEvent(new Event('change', {{bubbles: true}})); return true;",
            json!(selector),
            json!(text),
            json!(name)
        ))?;
        if ok != json!(true) {
            bail!("no {selector} to choose a file with");
        }
        Ok(())
    }

    /// Captures downloads (the page's `a[download]` clicks) in `window.__saved`.
    fn capture_downloads(&self) -> Result<()> {
        self.js(
            "window.__saved = []; HTMLAnchorElement.prototype.click = function () { \
               const a = this; fetch(a.href).then((r) => r.blob()).then(async (b) => { \
                 const text = b.type === 'image/png' ? '' : await b.text(); \
                 const head = new Uint8Array(await b.slice(0, 8).arrayBuffer()); \
                 __saved.push({name: a.download, type: b.type, size: b.size, text, head: Array.from(head)}); }); }; \
             return true;",
        )?;
        Ok(())
    }

    /// Waits for the `n`th captured download (0-based) and returns it.
    fn saved(&self, n: usize) -> Result<Value> {
        self.wait(
            "a download",
            &format!("return (window.__saved || []).length > {n};"),
            Duration::from_secs(20),
        )?;
        self.js(&format!("return window.__saved[{n}];"))
    }

    fn text(&self, selector: &str) -> Result<String> {
        let v = self.js(&format!(
            "const e = document.querySelector({}); return e ? e.textContent : null;",
            json!(selector)
        ))?;
        Ok(v.as_str().unwrap_or("").to_string())
    }

    /// Real key presses (WebDriver actions), e.g. `"\u{E012}"` for ←.
    pub(crate) fn keys(&self, keys: &[&str]) -> Result<()> {
        let mut actions = Vec::new();
        for k in keys {
            actions.push(json!({"type": "keyDown", "value": k}));
            actions.push(json!({"type": "keyUp", "value": k}));
        }
        let body = json!({"actions": [{"type": "key", "id": "keyboard", "actions": actions}]});
        http(self.addr, "POST", &self.path("/actions"), Some(&body))?;
        Ok(())
    }

    /// Waits until the script returns true.
    pub(crate) fn wait(&self, what: &str, script: &str, limit: Duration) -> Result<()> {
        let deadline = Instant::now() + limit;
        loop {
            // A script error (the document unloading under a reload) is
            // retried until the deadline, then reported.
            match self.js(script) {
                Ok(Value::Bool(true)) => return Ok(()),
                Err(e) if Instant::now() > deadline => {
                    return Err(e.context(format!("waiting for {what}")))
                }
                _ => {}
            }
            if Instant::now() > deadline {
                bail!("timed out after {limit:?} waiting for {what}");
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Waits for the app to have rendered, and fails on any recorded error.
    pub(crate) fn ready(&self) -> Result<()> {
        self.wait(
            "the app to render",
            "return !!document.querySelector('#hop-counter') || !!document.querySelector('.panic');",
            Duration::from_secs(20),
        )?;
        self.no_errors()
    }

    pub(crate) fn no_errors(&self) -> Result<()> {
        if self.js("return !!document.querySelector('.panic');")? == json!(true) {
            bail!("the app panicked: {}", self.text(".panic")?);
        }
        let errors = self.js("return window.__atlasErrors || ['no error recorder'];")?;
        match errors.as_array() {
            Some(a) if a.is_empty() => Ok(()),
            _ => bail!("the page recorded errors: {errors}"),
        }
    }
}

/// A hop as the CLI prints it.
struct Hop {
    call: String,
    note: String,
}

/// The hops of a scenario, from `atlas sim --format json`.
fn expected_hops(scenario: &str) -> Result<Vec<Hop>> {
    hops_of(&atlas(&[
        "sim",
        "--scenario",
        scenario,
        "--format",
        "json",
    ])?)
}

/// What `atlas ARGS` prints on standard output.
fn atlas(args: &[&str]) -> Result<String> {
    let out = cargo()
        .args(["run", "-q", "-p", "atlas-cli", "--bin", "atlas", "--"])
        .args(args)
        .stderr(Stdio::inherit())
        .output()
        .with_context(|| format!("could not run atlas {}", args.join(" ")))?;
    Ok(String::from_utf8_lossy(&out.stdout).to_string())
}

/// The hops of Trace JSON Lines.
fn hops_of(text: &str) -> Result<Vec<Hop>> {
    let mut hops = Vec::new();
    for line in text.lines() {
        let v: Value = serde_json::from_str(line).context("atlas printed a bad line")?;
        if v.get("seq").is_some() {
            hops.push(Hop {
                call: v["call"].as_str().unwrap_or("").to_string(),
                note: v["note"].as_str().unwrap_or("").to_string(),
            });
        }
    }
    if hops.is_empty() {
        bail!("atlas printed no hop");
    }
    Ok(hops)
}

/// The effects of a scenario's hops: (hop index, object, layer, to).
fn effects_of(text: &str) -> Vec<(usize, String, String, String)> {
    let mut out = Vec::new();
    let mut i = 0;
    for line in text.lines() {
        let Ok(v) = serde_json::from_str::<Value>(line) else {
            continue;
        };
        if v.get("seq").is_none() {
            continue;
        }
        for e in v["effects"].as_array().into_iter().flatten() {
            out.push((
                i,
                e["object"].as_str().unwrap_or("").to_string(),
                e["layer"].as_str().unwrap_or("").to_string(),
                e["to"].as_str().unwrap_or("").to_string(),
            ));
        }
        i += 1;
    }
    out
}

fn check(what: &str, got: &str, want: &str) -> Result<()> {
    if got.trim() != want.trim() {
        bail!("{what}: expected {want:?}, the page shows {got:?}");
    }
    println!("  ok: {what}: {}", want.trim());
    Ok(())
}

const LEFT: &str = "\u{E012}";
const RIGHT: &str = "\u{E014}";
const END: &str = "\u{E010}";

/// Runs every browser test against the app served at `base` (ending in `/`).
pub fn run(base: &str, chromium: &std::path::Path) -> Result<()> {
    let short = "image-pull-multiarch";
    let want = expected_hops(short)?;
    let n = want.len();
    let long = expected_hops("kubectl-run")?;
    let d = Driver::start(chromium, &[])?;

    println!("test: load");
    d.go(base)?;
    d.ready()?;
    for sel in [
        "svg [data-component='kubelet']",
        "#narration",
        "#live",
        "figure.sequence svg",
    ] {
        if d.js(&format!("return !!document.querySelector({});", json!(sel)))? != json!(true) {
            bail!("the page lacks {sel}");
        }
    }
    check(
        "default view starts at hop 1",
        &d.text("#hop-counter")?,
        &format!("hop 1 / {}", long.len()),
    )?;
    check("first hop's call", &d.text("#call")?, &long[0].call)?;
    // The OCI inspector's module is loaded when the inspector opens, not before.
    check(
        "inspector module fetched at start",
        &d.js(INSPECTOR_FETCHED)?.to_string(),
        "false",
    )?;

    // How long picking a scenario takes: the core runs it in wasm (and Yew renders).
    let ms = d.js(
        "const s = document.querySelector('#scenario'); const t = performance.now(); \
         s.value = 'kubectl-run-crio'; s.dispatchEvent(new Event('change', {bubbles: true})); \
         return performance.now() - t;",
    )?;
    println!(
        "  info: picking kubectl-run-crio ran the simulation in {:.1} ms",
        ms.as_f64().unwrap_or(f64::NAN)
    );

    println!("test: play {short} to the end at 4×");
    d.go("about:blank")?;
    d.go(&format!("{base}#v1;sc={short}"))?;
    d.ready()?;
    check(
        "scenario loaded",
        &d.text("#hop-counter")?,
        &format!("hop 1 / {n}"),
    )?;
    d.keys(&["+", "+", " "])?;
    check("speed", &d.text("#speed")?, "4×")?;
    d.wait(
        "playback to reach the last hop and stop",
        &format!(
            "return document.querySelector('#hop-counter').textContent === 'hop {n} / {n}' \
             && document.querySelector('#play').textContent === 'Play';"
        ),
        Duration::from_secs(60),
    )?;
    let last = &want[n - 1];
    check("last hop's call", &d.text("#call")?, &last.call)?;
    check("last hop's note", &d.text("#note")?, &last.note)?;
    let live = d.text("#live")?;
    if !live.starts_with(&format!("Hop {n} of {n}")) || !live.contains(&last.call) {
        bail!("the live region does not announce the last hop: {live:?}");
    }
    println!("  ok: live region: {live}");
    d.no_errors()?;

    println!("test: step back three hops");
    d.keys(&[LEFT, LEFT, LEFT])?;
    check(
        "counter",
        &d.text("#hop-counter")?,
        &format!("hop {} / {n}", n - 3),
    )?;
    check("call three hops back", &d.text("#call")?, &want[n - 4].call)?;
    check("note three hops back", &d.text("#note")?, &want[n - 4].note)?;

    println!("test: a deep link restores its step");
    d.go("about:blank")?;
    d.go(&format!(
        "{base}#v1;k=1.28;rt=containerd-1.7;oci=runc;sc=kubectl-run;hop=42;theme=dark"
    ))?;
    d.ready()?;
    check(
        "restored counter",
        &d.text("#hop-counter")?,
        &format!("hop 42 / {}", long.len()),
    )?;
    check("restored call", &d.text("#call")?, &long[41].call)?;
    check("restored note", &d.text("#note")?, &long[41].note)?;
    let theme = d.js("return document.documentElement.dataset.theme;")?;
    check("restored theme", theme.as_str().unwrap_or(""), "dark")?;
    d.go(&format!("{base}#v1;sc=kubectl-run;hop=7"))?;
    d.wait(
        "a link opened in the same tab",
        "return document.querySelector('#hop-counter').textContent.startsWith('hop 7 /');",
        Duration::from_secs(10),
    )?;
    println!("  ok: hashchange restores hop 7");

    println!("test: a hostile link falls back to the default view with a notice");
    d.go("about:blank")?;
    d.go(&format!(
        "{base}#v1;sc=%3Cscript%3Ealert(1)%3C/script%3E;hop=9"
    ))?;
    d.ready()?;
    if !d.text("#notice")?.contains("could not be restored") {
        bail!("no notice for a hostile link");
    }
    check(
        "default view",
        &d.text("#hop-counter")?,
        &format!("hop 1 / {}", long.len()),
    )?;
    println!("  ok: notice: {}", d.text("#notice p")?);
    d.go(&format!("{base}#v1;sc=kubectl-run;hop=30"))?;
    d.wait(
        "a good link in the same tab",
        "return document.querySelector('#hop-counter').textContent.startsWith('hop 30 /');",
        Duration::from_secs(10),
    )?;
    d.go(&format!("{base}#v1;hop=30;hop=31"))?;
    d.wait(
        "a bad link in the same tab to give the default view",
        "return document.querySelector('#hop-counter').textContent.startsWith('hop 1 /') \
         && !!document.querySelector('#notice');",
        Duration::from_secs(10),
    )?;
    println!("  ok: a bad link opened in the same tab gives the default view and a notice");
    d.go("about:blank")?;
    d.go(&format!("{base}#v1;sc=kubectl-run;hop=42;lang=xx"))?;
    d.ready()?;
    check(
        "an unknown language keeps the view",
        &d.text("#hop-counter")?,
        &format!("hop 42 / {}", long.len()),
    )?;
    if !d.text("#notice")?.contains("showing English") {
        bail!("no notice for an unknown language");
    }
    let link = d.js("return location.hash;")?;
    if !link.as_str().is_some_and(|l| l.contains(";lang=en")) {
        bail!("the link does not say the language shown: {link}");
    }
    println!("  ok: lang=xx: the view in English with a notice; the link says lang=en");

    println!("test: Kubernetes 1.24 has no dockershim");
    d.go("about:blank")?;
    d.go(&format!("{base}#v1;sc=kubectl-run-dockershim"))?;
    d.ready()?;
    let has_shim = "return !!document.querySelector(\"svg [data-component='dockershim']\");";
    if d.js(has_shim)? != json!(true) {
        bail!("the dockershim scenario on 1.22 shows no dockershim");
    }
    if !d.text("#dockershim-status")?.contains("until 1.23") {
        bail!("1.22 does not say dockershim is built in");
    }
    d.js("const s = document.querySelector('#k8s'); s.value = '24'; \
          s.dispatchEvent(new InputEvent('input', {bubbles: true})); return true;")?;
    d.wait(
        "the switch to 1.24",
        "return document.querySelector('#k8s-value').textContent === '1.24';",
        Duration::from_secs(10),
    )?;
    if d.js(has_shim)? != json!(false) {
        bail!("Kubernetes 1.24 still shows dockershim");
    }
    let refusal = d.text(".refusal")?;
    if !refusal.contains("dockershim was removed") || !refusal.contains("1.24") {
        bail!("no refusal with the core's reason on 1.24: {refusal:?}");
    }
    if !d.text("#dockershim-status")?.contains("removed in 1.24") {
        bail!("1.24 does not say dockershim was removed");
    }
    println!("  ok: dockershim gone; refusal: {}", refusal.trim());
    d.js(
        "const s = document.querySelector('#runtime'); s.value = 'cri-dockerd'; \
          s.dispatchEvent(new Event('change', {bubbles: true})); return true;",
    )?;
    d.wait(
        "cri-dockerd on 1.24",
        "return !!document.querySelector(\"svg [data-component='cri-dockerd']\");",
        Duration::from_secs(10),
    )?;
    println!("  ok: cri-dockerd on 1.24 runs");
    d.no_errors()?;
    drop(d);

    println!("test: prefers-reduced-motion: no moving token");
    let token = "return document.querySelectorAll('svg .token').length;";
    let d = Driver::start(chromium, &["--force-prefers-reduced-motion"])?;
    d.go(&format!("{base}#v1;sc=kubectl-run;hop=20"))?;
    d.ready()?;
    check("tokens with reduced motion", &d.js(token)?.to_string(), "0")?;
    drop(d);
    let d = Driver::start(chromium, &[])?;
    d.go(&format!("{base}#v1;sc=kubectl-run;hop=20"))?;
    d.ready()?;
    check("tokens otherwise", &d.js(token)?.to_string(), "1")?;
    d.no_errors()?;
    drop(d);

    let d = Driver::start(chromium, &[])?;
    inspector(&d, base)?;
    state_panel(&d, base)?;
    compare(&d, base)?;
    replay(&d, base)?;
    export(&d, base)?;
    never_dies(&d, base)?;
    d.no_errors()?;
    phone(&d, base)?;
    println!("browser tests: 14 passed");
    Ok(())
}

/// Checks that each diagnostic of a `.expect` sidecar (`LINE:COL: severity:
/// message`) is shown at its line of the inspector's listing, with its token
/// underlined. Returns how many there were.
fn diagnostics_at_their_lines(d: &Driver, name: &str, expect: &str) -> Result<usize> {
    let mut n = 0;
    for l in expect.lines().filter(|l| !l.trim().is_empty()) {
        // LINE:COL: severity: message
        let mut parts = l.splitn(4, ':');
        let (Some(line), Some(col), Some(sev), Some(msg)) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            bail!("bad expectation {l:?}");
        };
        let sel = format!("#oci-listing li[data-line='{line}']");
        let got = d.js(&format!(
            "const li = document.querySelector({}); if (!li) return null; \
             return Array.from(li.querySelectorAll('.diag')).map((x) => \
               x.querySelector('.where').textContent + ' ' + x.querySelector('.sev').textContent + ' ' + \
               x.querySelector('.msg').textContent);",
            json!(sel)
        ))?;
        let want = format!("{line}:{col} {} {}", sev.trim(), msg.trim());
        let found = got
            .as_array()
            .is_some_and(|a| a.iter().any(|x| x.as_str() == Some(want.as_str())));
        if !found {
            bail!("line {line} should show {want:?}; it shows {got}");
        }
        if d.js(&format!(
            "return !!document.querySelector({});",
            json!(format!("{sel} mark"))
        ))? != json!(true)
        {
            bail!("line {line} has no underlined token");
        }
        n += 1;
    }
    if n == 0 {
        bail!("{name}.expect lists no diagnostic");
    }
    Ok(n)
}

/// The OCI inspector: a pasted broken config shows each diagnostic at its
/// line; a broken sample's link reopens it; a sample's link plays its plan to
/// the last hop `atlas oci plan` gives.
/// Whether the page has fetched the inspector module's wasm.
const INSPECTOR_FETCHED: &str = "return performance.getEntriesByType('resource')\
    .some((e) => e.name.includes('atlas-inspector_bg.wasm'));";

fn inspector(d: &Driver, base: &str) -> Result<()> {
    println!("test: OCI inspector: paste a broken config, see each diagnostic at its line");
    let dir = util::root().join("assets/oci/broken");
    let text = std::fs::read_to_string(dir.join("relative-paths.json"))?;
    let expect = std::fs::read_to_string(dir.join("relative-paths.expect"))?;
    d.go("about:blank")?;
    d.go(&format!("{base}#v1;p=inspector"))?;
    d.ready()?;
    d.set("#oci-text", &text, "input")?;
    d.wait(
        "the diagnostics",
        "return document.querySelectorAll('#oci-listing .diag').length > 0;",
        Duration::from_secs(10),
    )?;
    check(
        "inspector module fetched once the inspector is open",
        &d.js(INSPECTOR_FETCHED)?.to_string(),
        "true",
    )?;
    let n = diagnostics_at_their_lines(d, "relative-paths", &expect)?;
    let shown = d.js("return document.querySelectorAll('#oci-listing .diag').length;")?;
    check("diagnostics shown", &shown.to_string(), &n.to_string())?;
    if !d.text("#oci-summary")?.contains("error") {
        bail!("the summary does not count the errors");
    }
    d.no_errors()?;

    // A dropped file is read as bytes: one that is not UTF-8 is refused at its line.
    d.js(
        "const dt = new DataTransfer(); \
         dt.items.add(new File([new Uint8Array([123, 10, 32, 34, 97, 34, 58, 32, 34, 255, 34, 10, 125])], 'bad.json')); \
         document.querySelector('section.inspector').dispatchEvent(new DragEvent('drop', {dataTransfer: dt, bubbles: true, cancelable: true})); \
         return true;",
    )?;
    d.wait(
        "the dropped file's diagnostic",
        "return !!document.querySelector(\"#oci-listing li[data-line='2'] .diag[data-code='not-utf8']\");",
        Duration::from_secs(10),
    )?;
    check(
        "dropped file",
        d.text("#oci-summary")?.split(':').next().unwrap_or(""),
        "bad.json",
    )?;

    println!("test: OCI inspector: a broken sample's link reopens it, diagnostics at their lines");
    let expect = std::fs::read_to_string(dir.join("trailing-comma.expect"))?;
    d.go("about:blank")?;
    d.go(&format!("{base}#v1;p=inspector;ins=broken/trailing-comma"))?;
    d.ready()?;
    d.wait(
        "the broken sample's diagnostics",
        "return document.querySelectorAll('#oci-listing .diag').length > 0;",
        Duration::from_secs(10),
    )?;
    check(
        "chosen sample",
        d.js("return document.querySelector('#oci-sample').value;")?
            .as_str()
            .unwrap_or(""),
        "b:trailing-comma.json",
    )?;
    diagnostics_at_their_lines(d, "trailing-comma", &expect)?;
    let hash = d.js("return location.hash;")?;
    if !hash
        .as_str()
        .unwrap_or("")
        .contains("ins=broken/trailing-comma")
    {
        bail!("the app rewrote the link without the sample: {hash}");
    }
    d.no_errors()?;

    println!("test: OCI inspector: a module that cannot load is said, and tried again");
    d.cdp("Network.enable", json!({}))?;
    d.cdp(
        "Network.setBlockedURLs",
        json!({ "urls": ["*atlas-inspector*"] }),
    )?;
    d.go("about:blank")?;
    d.go(&format!("{base}#v1;p=inspector;ins=limited;hop=5"))?;
    d.ready()?;
    d.wait(
        "the inspector's failure",
        "return !!document.querySelector('#inspect-retry');",
        Duration::from_secs(10),
    )?;
    let note = d.text("#plan-note")?;
    if !note.contains("the inspector module could not be loaded") {
        bail!("the failure does not say why: {note}");
    }
    check(
        "summary",
        &d.text("#oci-summary")?,
        "config.limited.json: not checked",
    )?;
    d.cdp("Network.setBlockedURLs", json!({ "urls": [] }))?;
    d.js("document.querySelector('#inspect-retry').click(); return true;")?;
    d.wait(
        "the plan after trying again",
        "return !!document.querySelector('#plan-note.ok');",
        Duration::from_secs(10),
    )?;
    // The link's hop waited through the failure.
    let counter = d.text("#hop-counter")?;
    if !counter.starts_with("hop 5 / ") {
        bail!("after trying again the plan is at {counter}, not the link's hop 5");
    }
    d.cdp("Network.disable", json!({}))?;
    d.no_errors()?;

    println!("test: OCI inspector: a sample's link plays its plan");
    let plan = hops_of(&atlas(&[
        "oci",
        "plan",
        &util::root()
            .join("assets/oci/config.limited.json")
            .display()
            .to_string(),
        "--format",
        "json",
    ])?)?;
    d.go("about:blank")?;
    d.go(&format!("{base}#v1;p=inspector;ins=limited;hop=5"))?;
    d.ready()?;
    check(
        "restored plan hop",
        &d.text("#hop-counter")?,
        &format!("hop 5 / {}", plan.len()),
    )?;
    check("plan hop 5", &d.text("#call")?, &plan[4].call)?;
    d.keys(&[END])?;
    check(
        "last plan hop",
        &d.text("#call")?,
        &plan[plan.len() - 1].call,
    )?;
    check(
        "last plan note",
        &d.text("#note")?,
        &plan[plan.len() - 1].note,
    )?;
    d.no_errors()
}

/// A phone in portrait: nothing overflows the page sideways; the topology
/// scrolls to the hop's ends, with the tier names pinned at its left edge.
fn phone(d: &Driver, base: &str) -> Result<()> {
    println!(
        "test: a phone in portrait: no sideways page, the hop's ends in view, tier names pinned"
    );
    d.cdp(
        "Emulation.setDeviceMetricsOverride",
        json!({"width": 390, "height": 844, "deviceScaleFactor": 2, "mobile": true}),
    )?;
    d.go("about:blank")?;
    d.go(&format!("{base}#v1;sc=kubectl-run;hop=200"))?;
    d.ready()?;
    let got = (|| -> Result<Value> {
        let got = d.js(
        "const s = document.querySelector('figure.topology .scroller'); const box = s.getBoundingClientRect(); \
         const ends = Array.from(document.querySelectorAll('figure.topology .node.lit')).map((n) => n.getBoundingClientRect()); \
         const label = document.querySelector('.tier-labels text').getBoundingClientRect(); \
         return { page: document.documentElement.scrollWidth, screen: innerWidth, ends: ends.length, \
           inView: ends.every((r) => r.left >= box.left - 1 && r.right <= box.right + 1), \
           scrolled: s.scrollLeft > 0, labelIn: label.left >= box.left - 1 && label.left < box.left + 40 };",
    )?;
        // Scrolled by the reader now, not by the app: the names follow.
        d.js("document.querySelector('figure.topology .scroller').scrollLeft = 0; return true;")?;
        d.wait(
            "the tier names to follow a scroll",
            "const s = document.querySelector('figure.topology .scroller'); const box = s.getBoundingClientRect(); \
             const label = document.querySelector('.tier-labels text').getBoundingClientRect(); \
             return s.scrollLeft === 0 && label.left >= box.left - 1 && label.left < box.left + 40;",
            Duration::from_secs(5),
        )?;
        Ok(got)
    })();
    d.cdp("Emulation.clearDeviceMetricsOverride", json!({}))?;
    let got = got?;
    let want = json!({"page": 390, "screen": 390, "ends": 2, "inView": true, "scrolled": true, "labelIn": true});
    check("phone layout", &got.to_string(), &want.to_string())?;
    d.no_errors()
}

/// Never dies: a real panic (and a wasm trap that is not a panic) replaces the
/// page with the error panel, and its buttons bring the app back.
fn never_dies(d: &Driver, base: &str) -> Result<()> {
    println!("test: a panic shows the error panel; reloading the last view brings it back");
    d.go("about:blank")?;
    d.go(&format!("{base}#v1;sc=kubectl-run;hop=5"))?;
    d.ready()?;
    let total = d.text("#hop-counter")?;
    let total = total.rsplit('/').next().unwrap_or("").trim().to_string();
    // A link the app never showed (replaceState fires no hashchange): the
    // panel must offer the last view shown, not whatever the address says.
    const NEVER_SHOWN: &str =
        "history.replaceState(null, '', '#v1;sc=kubectl-run;hop=9'); return true;";
    d.js(NEVER_SHOWN)?;
    stops_with(
        d,
        "atlas_selftest_panic",
        "self-test: a panic asked for by atlas_selftest_panic()",
    )?;
    let errors = d.js("return window.__atlasErrors;")?.to_string();
    if !errors.contains("runtime-atlas panicked") {
        bail!("the panic did not reach the console: {errors}");
    }
    recover(d, "#recover-last", &format!("hop 5 / {total}"))?;

    println!(
        "test: a wasm trap that is not a panic shows the error panel too, with both ways back"
    );
    d.js(NEVER_SHOWN)?;
    stops_with(d, "atlas_selftest_trap", "RuntimeError")?;
    recover(d, "#recover-last", &format!("hop 5 / {total}"))?;
    stops_with(d, "atlas_selftest_trap", "RuntimeError")?;
    recover(d, "#recover-default", &format!("hop 1 / {total}"))
}

/// Calls one of the app's self-test exports from a timer, as an event handler
/// would (the error is nobody's to catch), and waits for the error panel to
/// show a message containing `says`.
fn stops_with(d: &Driver, export: &str, says: &str) -> Result<()> {
    d.js(&format!(
        "import('./runtime-atlas.js').then((m) => setTimeout(() => m.{export}())); return true;"
    ))?;
    d.wait(
        &format!("the error panel after {export}"),
        "return !!document.querySelector('main.panic pre');",
        Duration::from_secs(10),
    )?;
    let shown = d.text("main.panic pre")?;
    if !shown.contains(says) {
        bail!("after {export} the panel should say {says:?}; it says {shown:?}");
    }
    Ok(())
}

/// Presses one of the error panel's buttons and checks the view it reloads.
fn recover(d: &Driver, button: &str, counter: &str) -> Result<()> {
    d.js(&format!(
        "document.querySelector({}).click(); return true;",
        json!(button)
    ))?;
    d.wait(
        &format!("the view {button} reloads"),
        "return !!document.querySelector('#hop-counter');",
        Duration::from_secs(20),
    )?;
    check(
        &format!("view after {button}"),
        &d.text("#hop-counter")?,
        counter,
    )?;
    d.no_errors()
}

/// The state panel: the current state lit, exact when stepping back, and a
/// refused verb with the real tool's message.
fn state_panel(d: &Driver, base: &str) -> Result<()> {
    println!("test: state panel: lit state, stepping back, a refused verb");
    let sc = "crictl-lifecycle";
    let fx = effects_of(&atlas(&["sim", "--scenario", sc, "--format", "json"])?);
    let Some((h, object, _, _)) = fx
        .iter()
        .find(|(_, _, layer, to)| layer == "cri" && to == "CONTAINER_RUNNING")
    else {
        bail!("{sc} starts no container");
    };
    let key = object.split_once('/').map(|(_, k)| k).unwrap_or("");
    d.go("about:blank")?;
    d.go(&format!(
        "{base}#v1;sc={sc};p=state;obj={key};hop={}",
        h + 1
    ))?;
    d.ready()?;
    let lit = "return (document.querySelector(\"#state-panel .machine[data-layer='cri'][data-kind='container'] .state.lit\") || {}).textContent || '';";
    check(
        "lit CRI state",
        d.js(lit)?.as_str().unwrap_or(""),
        "CONTAINER_RUNNING",
    )?;
    d.keys(&[LEFT])?;
    check(
        "one hop back",
        d.js(lit)?.as_str().unwrap_or(""),
        "CONTAINER_CREATED",
    )?;
    d.keys(&[RIGHT])?;
    d.js("document.querySelector(\"#state-panel .machine[data-layer='cri'][data-kind='container'] button[data-verb='StartContainer']\").click(); return true;")?;
    d.wait(
        "the verb's answer",
        "return !!document.querySelector('#state-panel .answer');",
        Duration::from_secs(10),
    )?;
    let answer = d.text("#state-panel .answer .refusal-msg")?;
    check(
        "refusal",
        &answer,
        &format!(
            "failed to set starting state for container \"{key}\": container is in CONTAINER_RUNNING state"
        ),
    )?;
    d.no_errors()
}

/// Compare mode: containerd and CRI-O run the same scenario and step together.
fn compare(d: &Driver, base: &str) -> Result<()> {
    println!("test: compare containerd with CRI-O");
    let left = expected_hops("kubectl-run")?;
    let right = expected_hops("kubectl-run-crio")?;
    // From the first hop where the two runs part ways.
    let Some(i) = (0..left.len().min(right.len())).find(|&i| left[i].call != right[i].call) else {
        bail!("containerd and CRI-O make the same calls");
    };
    d.go("about:blank")?;
    d.go(&format!(
        "{base}#v1;sc=kubectl-run;p=compare;k2=1.28;rt2=cri-o;oci2=runc;hop={}",
        i + 1
    ))?;
    d.ready()?;
    check(
        &format!("left hop {}", i + 1),
        &d.text("#left .call")?,
        &left[i].call,
    )?;
    check(
        &format!("right hop {}", i + 1),
        &d.text("#right .call")?,
        &right[i].call,
    )?;
    d.keys(&[RIGHT, RIGHT])?;
    check(
        &format!("left hop {}", i + 3),
        &d.text("#left .call")?,
        &left[i + 2].call,
    )?;
    check(
        &format!("right hop {}", i + 3),
        &d.text("#right .call")?,
        &right[i + 2].call,
    )?;
    let live = d.text("#live")?;
    if !live.contains(&format!("Left: hop {} of {}", i + 3, left.len()))
        || !live.contains(&format!("Right: hop {} of {}", i + 3, right.len()))
    {
        bail!("the live region does not narrate both sides: {live:?}");
    }
    // Past the end of the shorter run, it stays on its last hop, finished.
    d.keys(&[END])?;
    let (short, long) = if left.len() < right.len() {
        ("#left", "#right")
    } else {
        ("#right", "#left")
    };
    let n = left.len().max(right.len());
    check(
        "counter at the end",
        &d.text("#hop-counter")?,
        &format!("hop {n} / {n}"),
    )?;
    if !d.text(&format!("{short} .seq"))?.starts_with("finished") {
        bail!("the shorter run does not say it finished");
    }
    if d.text(&format!("{long} .seq"))? != format!("hop {n} of {n}") {
        bail!("the longer run is not on its last hop");
    }
    if d.js("return !!document.querySelector(\"#right svg [data-component='conmon']\") && !!document.querySelector(\"#left svg [data-component='containerd-shim-runc-v2']\");")? != json!(true) {
        bail!("the sides do not show their own topologies");
    }
    d.no_errors()
}

/// Trace replay: a file written by `atlas sim --format json` plays like the
/// scenario; a broken one is refused with its line.
fn replay(d: &Driver, base: &str) -> Result<()> {
    println!("test: trace replay");
    let text = atlas(&["sim", "--scenario", "runc-run", "--format", "json"])?;
    let want = hops_of(&text)?;
    d.go("about:blank")?;
    d.go(&format!("{base}#v1;p=replay"))?;
    d.ready()?;
    d.choose_file("#replay-file", "runc-run.jsonl", &text)?;
    d.wait(
        "the trace to load",
        &format!(
            "return document.querySelector('#hop-counter').textContent === 'hop 1 / {}';",
            want.len()
        ),
        Duration::from_secs(10),
    )?;
    check("first replayed call", &d.text("#call")?, &want[0].call)?;
    d.keys(&[END])?;
    check(
        "last replayed call",
        &d.text("#call")?,
        &want[want.len() - 1].call,
    )?;
    let bad = "{\"seq\":1,\"from\":\"kubelet\",\"to\":\"kernel\",\"iface\":\"syscall\",\"call\":\"x\"}\n{\"seq\":3,\"from\":\"kubelet\",\"to\":\"kernel\",\"iface\":\"syscall\",\"call\":\"y\"}\n";
    d.choose_file("#replay-file", "gap.jsonl", bad)?;
    d.wait(
        "the refusal",
        "return document.querySelector('#replay-status').classList.contains('error');",
        Duration::from_secs(10),
    )?;
    let status = d.text("#replay-status")?;
    if !status.contains("line 2") {
        bail!("the refusal does not name the line: {status:?}");
    }
    println!("  ok: {status}");
    d.no_errors()
}

/// Export: the trace as JSON Lines, the diagram as SVG (styles inlined) and PNG.
fn export(d: &Driver, base: &str) -> Result<()> {
    println!("test: export the trace, SVG and PNG");
    let want = expected_hops("runc-run")?;
    d.go("about:blank")?;
    d.go(&format!("{base}#v1;sc=runc-run;hop=3"))?;
    d.ready()?;
    d.capture_downloads()?;
    d.js("document.querySelector('#export-jsonl').click(); return true;")?;
    let t = d.saved(0)?;
    check(
        "trace file",
        t["name"].as_str().unwrap_or(""),
        "runtime-atlas-runc-run-hop-3.jsonl",
    )?;
    let text = t["text"].as_str().unwrap_or("");
    let got = hops_of(text)?;
    check(
        "exported hops",
        &got.len().to_string(),
        &want.len().to_string(),
    )?;
    if !text.starts_with("{\"trace\":1,") {
        bail!("the export has no header line: {:.80}", text);
    }
    d.js("document.querySelector('#export-svg').click(); return true;")?;
    let svg = d.saved(1)?;
    let body = svg["text"].as_str().unwrap_or("");
    if !body.starts_with("<svg")
        || !body.contains("data-component=\"runc\"")
        || !body.contains("stroke:")
    {
        bail!("the SVG is not the diagram with its styles: {:.200}", body);
    }
    println!("  ok: SVG, {} bytes", svg["size"]);
    d.js("document.querySelector('#export-png').click(); return true;")?;
    let png = d.saved(2)?;
    check("PNG type", png["type"].as_str().unwrap_or(""), "image/png")?;
    if png["head"] != json!([137, 80, 78, 71, 13, 10, 26, 10]) {
        bail!(
            "the PNG does not start with the PNG signature: {}",
            png["head"]
        );
    }
    println!("  ok: PNG, {} bytes", png["size"]);
    d.no_errors()
}
