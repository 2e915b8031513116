//! `cargo xtask serve`, and the static file server the browser test uses.

use crate::dist;
use crate::setup::{self, Needs};
use crate::util::header;
use anyhow::{Context, Result};
use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Port of `cargo xtask serve`.
pub const DEFAULT_PORT: u16 = 8080;

/// setup (no browser) + dist + serve until interrupted.
pub fn serve_command(port: u16) -> Result<()> {
    setup::setup(Needs { browser: false })?;
    dist::dist()?;
    header("serve");
    let listener = bind(port)?;
    let addr = listener.local_addr()?;
    println!(
        "serving {} on http://{addr}/ (Ctrl-C to stop)",
        dist::dist_dir().display()
    );
    accept_loop(listener, dist::dist_dir(), true);
    Ok(())
}

/// Binds 127.0.0.1:`port` (0 = any free port).
pub fn bind(port: u16) -> Result<TcpListener> {
    TcpListener::bind(("127.0.0.1", port)).with_context(|| {
        format!(
            "could not listen on 127.0.0.1:{port} (in use? try `cargo xtask serve --port 8081`)"
        )
    })
}

/// Serves `dir` on a free port from a background thread; returns the address.
pub fn spawn(dir: PathBuf) -> Result<SocketAddr> {
    let listener = bind(0)?;
    let addr = listener.local_addr()?;
    std::thread::spawn(move || accept_loop(listener, dir, false));
    Ok(addr)
}

/// A server the tests can switch off (the network cut for the page and its
/// service worker alike), and what it did.
#[derive(Clone)]
pub struct Served {
    /// Where it listens.
    pub addr: SocketAddr,
    /// Serving while true; while false every connection is accepted, its
    /// request line read, and closed with no response (a network error).
    pub on: Arc<AtomicBool>,
    /// Every path served (the request's path, without its query), in order.
    pub log: Arc<Mutex<Vec<String>>>,
    /// Every path asked for while switched off.
    pub refused: Arc<Mutex<Vec<String>>>,
}

impl Served {
    /// Serves or refuses from now on.
    pub fn switch(&self, on: bool) {
        self.on.store(on, Ordering::SeqCst);
    }

    /// The paths served so far.
    pub fn served(&self) -> Vec<String> {
        self.log.lock().map(|l| l.clone()).unwrap_or_default()
    }

    /// The paths refused so far.
    pub fn refused(&self) -> Vec<String> {
        self.refused.lock().map(|l| l.clone()).unwrap_or_default()
    }
}

/// Serves `dir` on a free port from a background thread, with an off
/// switch and a log (the offline tests).
pub fn spawn_switch(dir: PathBuf) -> Result<Served> {
    let listener = bind(0)?;
    let served = Served {
        addr: listener.local_addr()?,
        on: Arc::new(AtomicBool::new(true)),
        log: Arc::default(),
        refused: Arc::default(),
    };
    let s = served.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(stream) = stream else { continue };
            let (dir, s) = (dir.clone(), s.clone());
            std::thread::spawn(move || {
                let _ = handle(stream, &dir, false, Some(&s));
            });
        }
    });
    Ok(served)
}

fn accept_loop(listener: TcpListener, dir: PathBuf, log: bool) {
    for stream in listener.incoming() {
        let Ok(stream) = stream else { continue };
        let dir = dir.clone();
        std::thread::spawn(move || {
            if let Err(e) = handle(stream, &dir, log, None) {
                if log {
                    eprintln!("serve: {e:#}");
                }
            }
        });
    }
}

fn handle(mut stream: TcpStream, dir: &Path, log: bool, switch: Option<&Served>) -> Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request = String::new();
    reader.read_line(&mut request)?;
    if let Some(s) = switch {
        let path = request.split_whitespace().nth(1).unwrap_or("/");
        let path = path.split(['?', '#']).next().unwrap_or("/").to_string();
        let (on, list) = if s.on.load(Ordering::SeqCst) {
            (true, &s.log)
        } else {
            (false, &s.refused)
        };
        if let Ok(mut l) = list.lock() {
            l.push(path);
        }
        if !on {
            // No answer at all: the connection closes as a cut network's would.
            let _ = stream.shutdown(std::net::Shutdown::Both);
            return Ok(());
        }
    }
    // Drain the headers.
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 || line == "\r\n" || line == "\n" {
            break;
        }
    }
    let mut parts = request.split_whitespace();
    let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or("/"));
    let (status, content_type, body) = match (method, resolve(dir, target)) {
        ("GET" | "HEAD", Some(path)) => match std::fs::read(&path) {
            Ok(data) => ("200 OK", mime(&path), data),
            Err(_) => (
                "404 Not Found",
                "text/plain; charset=utf-8",
                b"not found\n".to_vec(),
            ),
        },
        ("GET" | "HEAD", None) => (
            "404 Not Found",
            "text/plain; charset=utf-8",
            b"not found\n".to_vec(),
        ),
        _ => (
            "405 Method Not Allowed",
            "text/plain; charset=utf-8",
            b"method not allowed\n".to_vec(),
        ),
    };
    if log {
        println!("{method} {target} -> {status}");
    }
    write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\
         Cache-Control: no-cache\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n",
        body.len()
    )?;
    if method != "HEAD" {
        stream.write_all(&body)?;
    }
    stream.flush()?;
    Ok(())
}

/// Maps a request target to a file under `dir`; `None` for anything outside it.
pub fn resolve(dir: &Path, target: &str) -> Option<PathBuf> {
    let path = target.split(['?', '#']).next().unwrap_or("/");
    let path = percent_decode(path)?;
    let rel = Path::new(path.trim_start_matches('/'));
    if rel.components().any(|c| !matches!(c, Component::Normal(_))) {
        return None;
    }
    let full = dir.join(rel);
    if full.is_dir() {
        Some(full.join("index.html"))
    } else {
        Some(full)
    }
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// Content type by extension.
pub fn mime(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "css" => "text/css; charset=utf-8",
        "json" | "map" => "application/json",
        "webmanifest" => "application/manifest+json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "txt" | "ftl" => "text/plain; charset=utf-8",
        "woff2" => "font/woff2",
        _ => "application/octet-stream",
    }
}

/// Fetches a path from a local server (used by the tests): status line and body.
pub fn get(addr: SocketAddr, path: &str) -> Result<(String, Vec<u8>)> {
    use std::io::Read;
    let mut s = TcpStream::connect(addr)?;
    s.set_read_timeout(Some(Duration::from_secs(10)))?;
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )?;
    let mut buf = Vec::new();
    s.read_to_end(&mut buf)?;
    let split = buf
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .context("no end of headers")?;
    let head = String::from_utf8_lossy(&buf[..split]).into_owned();
    Ok((head, buf[split + 4..].to_vec()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mime_types() {
        assert_eq!(
            mime(Path::new("a/runtime-atlas_bg.wasm")),
            "application/wasm"
        );
        assert_eq!(
            mime(Path::new("runtime-atlas.js")),
            "text/javascript; charset=utf-8"
        );
        assert_eq!(mime(Path::new("index.html")), "text/html; charset=utf-8");
        assert_eq!(mime(Path::new("style.css")), "text/css; charset=utf-8");
    }

    #[test]
    fn resolve_stays_inside() {
        let d = Path::new("/srv/dist");
        assert_eq!(resolve(d, "/style.css?x=1"), Some(d.join("style.css")));
        assert_eq!(resolve(d, "/a%20b.css"), Some(d.join("a b.css")));
        assert_eq!(resolve(d, "/../etc/passwd"), None);
        assert_eq!(resolve(d, "/%2e%2e/etc/passwd"), None);
    }

    #[test]
    fn serves_files_with_types() {
        let dir = std::env::temp_dir().join(format!("xtask-serve-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("index.html"), "<p>hi</p>").unwrap();
        std::fs::write(dir.join("x.wasm"), b"\0asm").unwrap();
        let addr = spawn(dir.clone()).unwrap();
        let (head, body) = get(addr, "/").unwrap();
        assert!(head.starts_with("HTTP/1.1 200"), "{head}");
        assert_eq!(body, b"<p>hi</p>");
        let (head, _) = get(addr, "/x.wasm").unwrap();
        assert!(head.contains("Content-Type: application/wasm"), "{head}");
        let (head, _) = get(addr, "/missing.js").unwrap();
        assert!(head.starts_with("HTTP/1.1 404"), "{head}");
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn the_switch_cuts_and_logs() {
        let dir = std::env::temp_dir().join(format!("xtask-switch-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("index.html"), "<p>hi</p>").unwrap();
        let s = spawn_switch(dir.clone()).unwrap();
        let (head, body) = get(s.addr, "/index.html?x=1").unwrap();
        assert!(head.starts_with("HTTP/1.1 200"), "{head}");
        assert_eq!(body, b"<p>hi</p>");
        s.switch(false);
        assert!(get(s.addr, "/sw.js").is_err(), "an answer while off");
        s.switch(true);
        assert!(get(s.addr, "/").is_ok());
        assert_eq!(s.served(), ["/index.html", "/"]);
        assert_eq!(s.refused(), ["/sw.js"]);
        std::fs::remove_dir_all(dir).unwrap();
    }
}
