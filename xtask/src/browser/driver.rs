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

    pub(super) fn text(&self, selector: &str) -> Result<String> {
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
