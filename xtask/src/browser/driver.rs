//! A chromedriver process with one WebDriver session, and the small HTTP/1.1
//! client that talks to it; what the tests do with a page (go, run a script,
//! type keys, wait, read text, choose files, capture downloads).

use crate::util;
use anyhow::{bail, Context, Result};
use serde_json::{json, Value};
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// WebDriver's Control key (for [`Driver::chord`]).
pub(crate) const CTRL: &str = "\u{E009}";
/// WebDriver's Alt key.
pub(crate) const ALT: &str = "\u{E00A}";

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
        // A page that asks before leaving (the terminal with a session)
        // is left: navigations in tests are meant.
        let caps = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "unhandledPromptBehavior": "accept",
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
    pub(super) fn set(&self, selector: &str, value: &str, event: &str) -> Result<()> {
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
    pub(super) fn choose_file(&self, selector: &str, name: &str, text: &str) -> Result<()> {
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
    pub(super) fn capture_downloads(&self) -> Result<()> {
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
    pub(super) fn saved(&self, n: usize) -> Result<Value> {
        self.wait(
            "a download",
            &format!("return (window.__saved || []).length > {n};"),
            Duration::from_secs(20),
        )?;
        self.js(&format!("return window.__saved[{n}];"))
    }

    pub(crate) fn text(&self, selector: &str) -> Result<String> {
        let v = self.js(&format!(
            "const e = document.querySelector({}); return e ? e.textContent : null;",
            json!(selector)
        ))?;
        Ok(v.as_str().unwrap_or("").to_string())
    }

    /// Makes the page's window `width` × `height` CSS pixels (a phone's when
    /// `mobile`), until [`Driver::window_reset`].
    pub(crate) fn window(&self, width: u32, height: u32, mobile: bool) -> Result<()> {
        self.cdp(
            "Emulation.setDeviceMetricsOverride",
            json!({"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile}),
        )?;
        Ok(())
    }

    /// Gives the window back its own size.
    pub(crate) fn window_reset(&self) -> Result<()> {
        self.cdp("Emulation.clearDeviceMetricsOverride", json!({}))?;
        Ok(())
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

    /// A key combination (WebDriver actions): every key but the last is held
    /// down (the modifiers, e.g. [`CTRL`]), the last is pressed and released,
    /// then the held keys are released in reverse order: `chord(&[CTRL, "r"])`
    /// is Ctrl-R. Never Ctrl-W: Chrome closes the tab.
    pub(crate) fn chord(&self, keys: &[&str]) -> Result<()> {
        let Some((last, held)) = keys.split_last() else {
            return Ok(());
        };
        if held.contains(&CTRL) && last.eq_ignore_ascii_case("w") {
            bail!("Ctrl-W closes the tab in Chrome: never sent");
        }
        let mut actions = Vec::new();
        for k in held {
            actions.push(json!({"type": "keyDown", "value": k}));
        }
        actions.push(json!({"type": "keyDown", "value": last}));
        actions.push(json!({"type": "keyUp", "value": last}));
        for k in held.iter().rev() {
            actions.push(json!({"type": "keyUp", "value": k}));
        }
        let body = json!({"actions": [{"type": "key", "id": "keyboard", "actions": actions}]});
        http(self.addr, "POST", &self.path("/actions"), Some(&body))?;
        Ok(())
    }

    /// Types `text` with real key presses, one character after another.
    pub(crate) fn type_text(&self, text: &str) -> Result<()> {
        let chars: Vec<String> = text.chars().map(String::from).collect();
        let keys: Vec<&str> = chars.iter().map(String::as_str).collect();
        self.keys(&keys)
    }

    /// Inserts `text` where the focus is, as a paste or an input method does
    /// (CDP `Input.insertText`: trusted `beforeinput`/`input` events, no key
    /// events), whatever its length.
    pub(crate) fn paste(&self, text: &str) -> Result<()> {
        self.cdp("Input.insertText", json!({ "text": text }))?;
        Ok(())
    }

    /// A paste of `text` on the element `selector` matches: a `paste` event
    /// carrying the text as `text/plain`, as a person's Ctrl-V sends it (the
    /// page's handler sees what it would; a synthetic event inserts nothing
    /// by itself).
    pub(crate) fn paste_event(&self, selector: &str, text: &str) -> Result<()> {
        let ok = self.js(&format!(
            "const e = document.querySelector({}); if (!e) return false; e.focus(); \
             const dt = new DataTransfer(); dt.setData('text/plain', {}); \
             e.dispatchEvent(new ClipboardEvent('paste', {{clipboardData: dt, bubbles: true, cancelable: true}})); \
             return true;",
            json!(selector),
            json!(text)
        ))?;
        if ok != json!(true) {
            bail!("no {selector} to paste on");
        }
        Ok(())
    }

    /// A PNG of what the window shows now (WebDriver's screenshot), written
    /// to `path` (its directory is made).
    pub(crate) fn screenshot(&self, path: &std::path::Path) -> Result<()> {
        let v = http(self.addr, "GET", &self.path("/screenshot"), None)?;
        let b64 = v["value"].as_str().context("no screenshot in the answer")?;
        let png = base64_decode(b64).context("the screenshot is not base64")?;
        if !png.starts_with(b"\x89PNG") {
            bail!("the screenshot is not a PNG");
        }
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        std::fs::write(path, png).with_context(|| format!("writing {}", path.display()))?;
        Ok(())
    }

    /// An attribute of the first element `selector` matches (None when there
    /// is no such element or attribute).
    pub(crate) fn attr(&self, selector: &str, name: &str) -> Result<Option<String>> {
        let v = self.js(&format!(
            "const e = document.querySelector({}); return e ? e.getAttribute({}) : null;",
            json!(selector),
            json!(name)
        ))?;
        Ok(v.as_str().map(str::to_string))
    }

    /// How many elements `selector` matches.
    pub(crate) fn count(&self, selector: &str) -> Result<usize> {
        let v = self.js(&format!(
            "return document.querySelectorAll({}).length;",
            json!(selector)
        ))?;
        Ok(v.as_u64().unwrap_or(0) as usize)
    }

    /// Waits until an element `selector` matches is in the page.
    pub(crate) fn wait_for(&self, selector: &str, limit: Duration) -> Result<()> {
        self.wait(
            selector,
            &format!("return !!document.querySelector({});", json!(selector)),
            limit,
        )
    }

    /// Waits until the text of the first element `selector` matches contains
    /// `part`; returns the text.
    pub(crate) fn wait_text(&self, selector: &str, part: &str, limit: Duration) -> Result<String> {
        let waited = self.wait(
            &format!("{selector} to contain {part:?}"),
            &format!(
                "const e = document.querySelector({}); return !!e && e.textContent.includes({});",
                json!(selector),
                json!(part)
            ),
            limit,
        );
        let text = self.text(selector)?;
        waited.with_context(|| format!("{selector} says {:?}", clip(&text, 600)))?;
        Ok(text)
    }

    /// The id of the focused element ("" for none or the body).
    pub(crate) fn focused(&self) -> Result<String> {
        let v = self.js("const a = document.activeElement; return a && a !== document.body ? a.id || a.tagName : '';")?;
        Ok(v.as_str().unwrap_or("").to_string())
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

    /// Waits for the app to have rendered (and, for a run the engine module
    /// plays, for the module's answer), and fails on any recorded error.
    pub(crate) fn ready(&self) -> Result<()> {
        self.wait(
            "the app to render",
            "return (!!document.querySelector('#hop-counter') \
               && !document.querySelector('main .engine-status.loading')) \
               || !!document.querySelector('#history') \
               || !!document.querySelector('.panic');",
            Duration::from_secs(20),
        )?;
        self.no_errors()
    }

    /// The handles of the session's windows (tabs and popups).
    pub(crate) fn windows(&self) -> Result<Vec<String>> {
        let v = http(self.addr, "GET", &self.path("/window/handles"), None)?;
        Ok(v["value"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|h| h.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default())
    }

    /// The handle of the window commands go to.
    pub(crate) fn window_handle(&self) -> Result<String> {
        let v = http(self.addr, "GET", &self.path("/window"), None)?;
        Ok(v["value"].as_str().context("no window handle")?.to_string())
    }

    /// Sends the next commands to window `handle`.
    pub(crate) fn switch_window(&self, handle: &str) -> Result<()> {
        http(
            self.addr,
            "POST",
            &self.path("/window"),
            Some(&json!({ "handle": handle })),
        )?;
        Ok(())
    }

    /// Closes the current window (commands then need a [`Driver::switch_window`]).
    pub(crate) fn close_window(&self) -> Result<()> {
        http(self.addr, "DELETE", &self.path("/window"), None)?;
        Ok(())
    }

    /// The WebDriver reference of the first element `selector` matches in
    /// the current frame's document.
    pub(crate) fn element(&self, selector: &str) -> Result<Value> {
        let v = http(
            self.addr,
            "POST",
            &self.path("/element"),
            Some(&json!({"using": "css selector", "value": selector})),
        )
        .with_context(|| format!("no element {selector}"))?;
        Ok(v["value"].clone())
    }

    /// The first element `selector` matches inside the open shadow root of
    /// the first element `host` matches (WebDriver's shadow commands).
    pub(crate) fn shadow_find(&self, host: &str, selector: &str) -> Result<Value> {
        let h = self.element(host)?;
        let id = element_id(&h)?;
        let root = http(
            self.addr,
            "GET",
            &self.path(&format!("/element/{id}/shadow")),
            None,
        )
        .with_context(|| format!("{host} has no shadow root"))?;
        let sid = root["value"][SHADOW_KEY]
            .as_str()
            .with_context(|| format!("{host}: no shadow root id in {root}"))?
            .to_string();
        let v = http(
            self.addr,
            "POST",
            &self.path(&format!("/shadow/{sid}/element")),
            Some(&json!({"using": "css selector", "value": selector})),
        )
        .with_context(|| format!("no {selector} in {host}'s shadow root"))?;
        Ok(v["value"].clone())
    }

    /// A real click on an element reference (the pointer goes to its middle).
    pub(crate) fn click(&self, element: &Value) -> Result<()> {
        let id = element_id(element)?;
        http(
            self.addr,
            "POST",
            &self.path(&format!("/element/{id}/click")),
            Some(&json!({})),
        )?;
        Ok(())
    }

    /// Sends the next commands into the frame an element reference (an
    /// `iframe`) shows.
    pub(crate) fn switch_frame(&self, element: &Value) -> Result<()> {
        http(
            self.addr,
            "POST",
            &self.path("/frame"),
            Some(&json!({ "id": element })),
        )?;
        Ok(())
    }

    /// Back to the frame around the current one.
    pub(crate) fn switch_frame_parent(&self) -> Result<()> {
        http(
            self.addr,
            "POST",
            &self.path("/frame/parent"),
            Some(&json!({})),
        )?;
        Ok(())
    }

    /// Back to the page's top-level document.
    pub(crate) fn switch_frame_top(&self) -> Result<()> {
        http(
            self.addr,
            "POST",
            &self.path("/frame"),
            Some(&json!({ "id": null })),
        )?;
        Ok(())
    }

    /// Moves the mouse to (`x`, `y`) in the viewport (a real `pointermove`).
    pub(crate) fn pointer_move(&self, x: i64, y: i64) -> Result<()> {
        let body = json!({"actions": [{
            "type": "pointer", "id": "mouse", "parameters": {"pointerType": "mouse"},
            "actions": [{"type": "pointerMove", "duration": 0, "x": x, "y": y, "origin": "viewport"}]
        }]});
        http(self.addr, "POST", &self.path("/actions"), Some(&body))?;
        Ok(())
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

/// WebDriver's key of an element reference.
const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";
/// WebDriver's key of a shadow root reference.
const SHADOW_KEY: &str = "shadow-6066-11e4-a52e-4f735466cecf";

fn element_id(e: &Value) -> Result<String> {
    Ok(e[ELEMENT_KEY]
        .as_str()
        .with_context(|| format!("not an element reference: {e}"))?
        .to_string())
}

/// The first `n` characters of `s`, with "…" when cut.
pub(crate) fn clip(s: &str, n: usize) -> String {
    match s.char_indices().nth(n) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

/// Standard base64 (RFC 4648, padded or not) to bytes; None on a character
/// outside the alphabet.
fn base64_decode(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0u32);
    for c in text.bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            b'=' | b'\n' | b'\r' => continue,
            _ => return None,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_as_rfc4648_says() {
        assert_eq!(base64_decode("").unwrap(), b"");
        assert_eq!(base64_decode("Zg==").unwrap(), b"f");
        assert_eq!(base64_decode("Zm8=").unwrap(), b"fo");
        assert_eq!(base64_decode("Zm9vYmFy").unwrap(), b"foobar");
        assert_eq!(base64_decode("iVBORw0K").unwrap(), b"\x89PNG\r\n");
        assert!(base64_decode("Zm9v!").is_none());
    }

    #[test]
    fn clip_counts_characters() {
        assert_eq!(clip("터미널 입력", 3), "터미널…");
        assert_eq!(clip("abc", 3), "abc");
    }
}
