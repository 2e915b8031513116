//! `cargo xtask test`: everything CI checks, in order, with a summary.
//!
//! Independent checks all run even when one fails (so one CI run shows every
//! problem); a step whose prerequisite failed is skipped.

use crate::native::Client;
use crate::setup::{self, Needs, WASM_TARGET};
use crate::util::{self, cargo, header, run};
use crate::{dist, serve, sizes};
use anyhow::{bail, Context, Result};
use std::io::Read;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// State shared by the steps.
#[derive(Default)]
struct Ctx {
    report: Option<sizes::Report>,
}

/// One check.
struct Step {
    name: &'static str,
    /// Steps that must have passed first.
    needs: &'static [&'static str],
    run: fn(&mut Ctx) -> Result<()>,
}

/// The checks, in order. Add new ones here.
const STEPS: &[Step] = &[
    Step {
        name: "setup (tools, browser)",
        needs: &[],
        run: |_| setup::setup(Needs { browser: true }),
    },
    Step {
        name: "cargo fmt --check",
        needs: &[],
        run: |_| run(cargo().args(["fmt", "--all", "--check"])),
    },
    Step {
        name: "cargo clippy",
        needs: &[],
        run: |_| {
            run(cargo().args([
                "clippy",
                "--workspace",
                "--all-targets",
                "--",
                "-D",
                "warnings",
            ]))?;
            // The app's browser-only code (`cfg(target_arch = "wasm32")`).
            run(cargo().args([
                "clippy",
                "-p",
                dist::APP,
                "--target",
                WASM_TARGET,
                "--",
                "-D",
                "warnings",
            ]))
        },
    },
    Step {
        name: "cargo test",
        needs: &[],
        run: |_| run(cargo().args(["test", "--workspace"])),
    },
    Step {
        name: "atlas-core builds for wasm32",
        needs: &[],
        run: |_| run(cargo().args(["build", "-p", "atlas-core", "--target", WASM_TARGET])),
    },
    Step {
        // The browser app's build of the core: without `oci-json` it must be
        // clean, and every test that does not read a hand-edited config.json
        // passes (the scenarios with their golden traces among them).
        name: "atlas-core without oci-json (the app's build)",
        needs: &[],
        run: |_| {
            run(cargo().args([
                "clippy",
                "-p",
                "atlas-core",
                "--no-default-features",
                "--all-targets",
                "--",
                "-D",
                "warnings",
            ]))?;
            run(cargo().args(["test", "-p", "atlas-core", "--no-default-features"]))
        },
    },
    Step {
        name: "dist",
        needs: &["setup (tools, browser)"],
        run: |ctx| {
            ctx.report = Some(dist::dist()?);
            Ok(())
        },
    },
    Step {
        name: "browser smoke test",
        needs: &["setup (tools, browser)", "dist"],
        run: browser_smoke,
    },
    Step {
        name: "browser tests",
        needs: &["setup (tools, browser)", "dist"],
        run: |_| browser_tests_only(),
    },
    Step {
        name: "containerd interop",
        needs: &["setup (tools, browser)"],
        run: |_| crate::native::interop_step(Client::Containerd),
    },
    // Each script run is limited (native.rs INTEROP_LIMIT, 300 s; every client call
    // 60 s): a hang costs minutes, never the CI budget.
    Step {
        name: "docker interop",
        needs: &["setup (tools, browser)"],
        run: |_| crate::native::interop_step(Client::Docker),
    },
    Step {
        name: "podman interop",
        needs: &["setup (tools, browser)"],
        run: |_| crate::native::interop_step(Client::Podman),
    },
];

/// The WebDriver browser tests (xtask/src/browser/) against `dist/` as built.
pub fn browser_tests_only() -> Result<()> {
    let addr = serve::spawn(dist::dist_dir())?;
    crate::browser::run(&format!("http://{addr}/"), &chromium()?)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Passed,
    Failed,
    Skipped,
}

/// Runs every step; fails if any failed.
pub fn test() -> Result<()> {
    let started = Instant::now();
    let mut ctx = Ctx::default();
    let mut results: Vec<(&str, Outcome, Duration)> = Vec::new();
    let n = STEPS.len();
    for (i, step) in STEPS.iter().enumerate() {
        let blocked: Vec<&str> = step
            .needs
            .iter()
            .copied()
            .filter(|need| {
                !results
                    .iter()
                    .any(|(name, o, _)| name == need && *o == Outcome::Passed)
            })
            .collect();
        println!("\n======== [{}/{n}] {} ========", i + 1, step.name);
        if !blocked.is_empty() {
            println!("skipped: needs {}", blocked.join(", "));
            results.push((step.name, Outcome::Skipped, Duration::ZERO));
            continue;
        }
        let t = Instant::now();
        let outcome = match (step.run)(&mut ctx) {
            Ok(()) => Outcome::Passed,
            Err(e) => {
                eprintln!("\nFAILED: {}: {e:#}", step.name);
                Outcome::Failed
            }
        };
        results.push((step.name, outcome, t.elapsed()));
    }

    header("summary");
    for (name, outcome, took) in &results {
        let word = match outcome {
            Outcome::Passed => "ok     ",
            Outcome::Failed => "FAILED ",
            Outcome::Skipped => "skipped",
        };
        println!("{word} {name:<32} {:>7.1} s", took.as_secs_f64());
    }
    let count = |o: Outcome| results.iter().filter(|r| r.1 == o).count();
    let (passed, failed, skipped) = (
        count(Outcome::Passed),
        count(Outcome::Failed),
        count(Outcome::Skipped),
    );
    println!("total {:.1} s", started.elapsed().as_secs_f64());
    if skipped > 0 {
        println!("{passed} passed, {failed} failed, {skipped} skipped");
    } else {
        println!("{passed} passed, {failed} failed");
    }
    if failed + skipped > 0 {
        bail!("{failed} step(s) failed, {skipped} skipped");
    }
    Ok(())
}

/// Strings the rendered page must contain, with what each proves.
const EXPECTED_DOM: &[(&str, &str)] = &[
    (">Runtime Atlas<", "the header rendered"),
    ("<svg", "the topology SVG rendered"),
    ("data-component=\"kubelet\"", "a kubelet node"),
    ("data-component=\"containerd/cri\"", "a containerd/cri node"),
    ("data-component=\"runc\"", "a runc node"),
    (">containerd-shim-runc-v2<", "the shim's label"),
    ("tabindex=\"0\"", "focusable nodes"),
    (
        "data-from=\"kubelet\" data-to=\"containerd/cri\"",
        "the CRI edge kubelet → containerd/cri",
    ),
    (
        "data-from=\"containerd-shim-runc-v2\" data-to=\"runc\"",
        "the edge shim → runc",
    ),
];

/// A Chromium binary: Debian's, or one on PATH.
pub(crate) fn chromium() -> Result<PathBuf> {
    let fixed = PathBuf::from("/usr/bin/chromium");
    if util::is_executable(&fixed) {
        return Ok(fixed);
    }
    ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .find_map(|n| util::which(n))
        .context("no chromium found: run `cargo xtask setup --browser`")
}

fn browser_smoke(_: &mut Ctx) -> Result<()> {
    let dir = dist::dist_dir();
    let addr = serve::spawn(dir)?;
    for module in dist::MODULES {
        let wasm = format!("/{module}_bg.wasm");
        let (head, _) = serve::get(addr, &wasm)?;
        if !head.contains("Content-Type: application/wasm") {
            bail!("{wasm} is not served as application/wasm:\n{head}");
        }
    }
    // The offline worker and the embed kit: scripts a browser runs only when
    // served with a JavaScript type (a worker script otherwise fails to register).
    for script in ["/sw.js", "/embed.js"] {
        let (head, body) = serve::get(addr, script)?;
        if !head.starts_with("HTTP/1.1 200") || !head.contains("Content-Type: text/javascript") {
            bail!("{script} is not served as JavaScript:\n{head}");
        }
        if String::from_utf8_lossy(&body).contains("@ATLAS_") {
            bail!("{script} still holds a placeholder of its template");
        }
    }
    let url = format!("http://{addr}/");
    let profile =
        std::env::temp_dir().join(format!("runtime-atlas-chromium-{}", std::process::id()));
    let mut c = Command::new(chromium()?);
    c.args([
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--virtual-time-budget=5000",
    ])
    .arg(format!("--user-data-dir={}", profile.display()))
    .arg("--dump-dom")
    .arg(&url);
    println!("$ {}", util::display(&c));
    let (status, dom, stderr) = run_with_timeout(&mut c, Duration::from_secs(120));
    let _ = std::fs::remove_dir_all(&profile);
    let (status, dom, stderr) = (status?, dom, stderr);

    let out_dir = util::root().join("target/xtask");
    std::fs::create_dir_all(&out_dir)?;
    let saved = out_dir.join("smoke-dom.html");
    std::fs::write(&saved, &dom)?;
    println!("DOM saved to {} ({} bytes)", saved.display(), dom.len());

    let tail = || {
        // Chromium's complaints about the missing D-Bus are noise.
        let lines: Vec<&str> = stderr.lines().filter(|l| !l.contains("dbus")).collect();
        lines[lines.len().saturating_sub(30)..].join("\n")
    };
    if !status.success() {
        bail!(
            "chromium exited with {status}; its stderr ends with:\n{}",
            tail()
        );
    }
    // The panel itself: its text is also in the page's own script (the
    // fallback panel for a wasm trap), so the text alone proves nothing.
    if dom.contains("<main class=\"panic\"") {
        bail!("the app panicked; see {}", saved.display());
    }
    let missing: Vec<String> = EXPECTED_DOM
        .iter()
        .filter(|(s, _)| !dom.contains(s))
        .map(|(s, why)| format!("  {s}  ({why})"))
        .collect();
    if !missing.is_empty() {
        bail!(
            "the rendered page lacks:\n{}\nsee {}; chromium's stderr ends with:\n{}",
            missing.join("\n"),
            saved.display(),
            tail()
        );
    }
    let nodes = dom.matches("data-component=").count();
    println!(
        "rendered: {nodes} components; all {} expectations met",
        EXPECTED_DOM.len()
    );
    Ok(())
}

/// Runs a command capturing stdout and stderr, killing it after `limit`.
fn run_with_timeout(
    c: &mut Command,
    limit: Duration,
) -> (Result<std::process::ExitStatus>, String, String) {
    let mut child = match c
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
    {
        Ok(child) => child,
        Err(e) => {
            return (
                Err(e).context("could not start chromium"),
                String::new(),
                String::new(),
            )
        }
    };
    let reader = |pipe: Option<Box<dyn Read + Send>>| {
        std::thread::spawn(move || {
            let mut s = String::new();
            if let Some(mut p) = pipe {
                let _ = p.read_to_string(&mut s);
            }
            s
        })
    };
    let out = reader(
        child
            .stdout
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    );
    let err = reader(
        child
            .stderr
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    );
    let deadline = Instant::now() + limit;
    let status = loop {
        match child.try_wait() {
            Ok(Some(s)) => break Ok(s),
            Ok(None) if Instant::now() >= deadline => {
                let _ = child.kill();
                let _ = child.wait();
                break Err(anyhow::anyhow!("chromium did not finish within {limit:?}"));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(100)),
            Err(e) => break Err(e.into()),
        }
    };
    (
        status,
        out.join().unwrap_or_default(),
        err.join().unwrap_or_default(),
    )
}
