//! `cargo xtask bench`: every benchmark, then the dist size report.

use crate::setup::{self, Needs};
use crate::util::{cargo, header, run};
use crate::{dist, perf, sizes, util};
use anyhow::{bail, Result};
use std::time::Instant;

/// One benchmark run: `cargo <args> [extra args]`.
pub struct BenchStep {
    /// Shown in the header.
    pub name: &'static str,
    /// Arguments to cargo.
    pub cargo_args: &'static [&'static str],
}

/// The benchmarks, in order. Add a crate's benches here. `--bench *` runs only the
/// `[[bench]]` targets, so criterion options after `--` reach criterion alone.
pub const BENCH_STEPS: &[BenchStep] = &[BenchStep {
    name: "atlas-core (criterion)",
    cargo_args: &["bench", "-p", "atlas-core", "--bench", "*"],
}];

/// Runs the benchmarks (extra args go after `--` to each), then reports dist sizes.
pub fn bench(extra: &[String]) -> Result<()> {
    let mut timings = Vec::new();
    for step in BENCH_STEPS {
        header(&format!("bench: {}", step.name));
        let t = Instant::now();
        let mut c = cargo();
        c.args(step.cargo_args);
        if !extra.is_empty() {
            c.arg("--").args(extra);
        }
        run(&mut c)?;
        timings.push((step.name, t.elapsed()));
    }
    // runc, crun and atlas-runtime paired (xtask/src/native.rs); its verdict counts at the end.
    let t = Instant::now();
    let runtimes = crate::native::bench_runtimes();
    timings.push(("runtimes (paired)", t.elapsed()));
    setup::setup(Needs { browser: true })?;
    let t = Instant::now();
    let report = dist::dist()?;
    timings.push(("dist", t.elapsed()));
    let t = Instant::now();
    let app = app_speed();
    timings.push(("app speed (page, terminal)", t.elapsed()));

    header("bench: summary");
    for (name, took) in &timings {
        println!("{name:<32} {:>7.1} s", took.as_secs_f64());
    }
    let on_demand = sizes::ON_DEMAND
        .iter()
        .map(|(_, what)| report.on_demand(what));
    for e in [report.at_start()]
        .into_iter()
        .chain(on_demand)
        .chain([report.total()])
    {
        println!(
            "dist, {}: {} raw, {} gzip, {} brotli",
            e.name,
            util::human(e.raw),
            util::human(e.gzip),
            util::human(e.brotli)
        );
    }
    let total = report.at_start();
    let app = app?;
    println!(
        "app: first render {}, frame time, calls and the terminal {}",
        verdict(app.0),
        verdict(app.1)
    );
    // Size and speed targets are checked here, by the benchmark, not by the test run.
    if total.brotli > sizes::BROTLI_BUDGET {
        bail!(
            "OVER BUDGET: the page loads {} brotli before its first view, over the {} budget: see what grew with `twiggy top dist/runtime-atlas_bg.wasm`",
            util::human(total.brotli),
            util::human(sizes::BROTLI_BUDGET)
        );
    }
    println!(
        "dist: what the page loads at start is within the {} brotli budget",
        util::human(sizes::BROTLI_BUDGET)
    );
    if !(app.0 && app.1) {
        bail!("the app is over its speed targets (first render, frame time, calls, terminal): see above");
    }
    runtimes
}

fn verdict(ok: bool) -> &'static str {
    if ok {
        "PASS"
    } else {
        "FAIL"
    }
}

/// The app's speed benchmarks (`perf`) against `dist/` as built, served on a
/// free port: (first render within target, every other target met).
/// `ATLAS_PERF_ONLY` (comma-separated: `first`, `frames`, `calls`,
/// `terminal`) runs only those, for working on one; the others count as met.
pub fn app_speed() -> Result<(bool, bool)> {
    let chromium = crate::check::chromium()?;
    let addr = crate::serve::spawn(dist::dist_dir())?;
    let base = format!("http://{addr}/");
    let wanted = |name: &str| match std::env::var("ATLAS_PERF_ONLY") {
        Ok(only) if !only.trim().is_empty() => only.split(',').any(|o| o.trim() == name),
        _ => true,
    };
    let mut first = true;
    if wanted("first") {
        header("bench: first render (headless Chromium)");
        first = perf::first_render(&base, &chromium)?;
    }
    let mut frames = true;
    if wanted("frames") {
        header("bench: frame time (headless Chromium)");
        frames = perf::frame_time(&base, &chromium)?;
    }
    let mut calls = true;
    if wanted("calls") {
        header("bench: opening and closing a call (headless Chromium)");
        calls = perf::open_close(&base, &chromium)?;
    }
    let mut term = true;
    if wanted("terminal") {
        header("bench: the terminal on a node with 100 pods (headless Chromium)");
        term = perf::terminal(&base, &chromium)?;
    }
    Ok((first, frames && calls && term))
}
