//! `cargo xtask fuzz [--seconds N] [TARGET]`: runs the cargo-fuzz targets of
//! `fuzz/` (runtime_config, manifest, index, session, drill) for a bounded time each, then
//! prints, per target, the executions, the corpus size and the crashes found.
//! Never part of `cargo xtask test`.
//!
//! It installs what it needs, idempotently: cargo-fuzz (`cargo install
//! --locked cargo-fuzz`) and a nightly toolchain (`rustup toolchain install
//! nightly --profile minimal`), because cargo-fuzz builds with
//! `-Zsanitizer=address`. Without rustup (or when nightly cannot be installed)
//! it falls back to the pinned stable toolchain with `RUSTC_BOOTSTRAP=1` and
//! `--sanitizer none`: libFuzzer's coverage-guided search still runs, without
//! AddressSanitizer (the core has no `unsafe` code, so ASan adds little).
//!
//! The corpus (`fuzz/corpus/<target>/`) is seeded with the shipped samples of
//! `assets/oci/` and kept between runs; crashes land in
//! `fuzz/artifacts/<target>/`, reproducible with
//! `cargo +nightly fuzz run --fuzz-dir fuzz <target> <file>`.

use crate::util::{self, cargo_tool, cmd, display, header, run};
use anyhow::{bail, Context, Result};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

/// The targets, with the samples that seed their corpus.
pub const TARGETS: &[(&str, &[&str])] = &[
    (
        "runtime_config",
        &[
            "config.default.json",
            "config.rootless.default.json",
            "k8s-pod-container.json",
            "config.limited.json",
        ],
    ),
    (
        "manifest",
        &[
            "image-manifest.json",
            "docker-manifest.json",
            "image-config.json",
        ],
    ),
    ("index", &["image-index.json", "docker-manifest-list.json"]),
    // Seeded with sessions packed by the core (see `seed`), not with files.
    ("session", &[]),
    // Seeded with the shipped drill and quiz files (see `seed`).
    ("drill", &[]),
];

/// Seconds per target when `--seconds` is not given.
pub const DEFAULT_SECONDS: u64 = 60;

/// How the targets are built.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Toolchain {
    /// `cargo +nightly fuzz …` with AddressSanitizer.
    Nightly,
    /// The pinned stable toolchain, `RUSTC_BOOTSTRAP=1`, no sanitizer.
    StableBootstrap,
}

/// What one run found.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FuzzResult {
    /// The target.
    pub target: String,
    /// libFuzzer's executions (`Done N runs`).
    pub runs: Option<u64>,
    /// Files in the corpus directory afterwards.
    pub corpus: usize,
    /// Crash, leak, timeout and OOM files in the artifacts directory.
    pub crashes: Vec<PathBuf>,
    /// Wall time.
    pub seconds: f64,
}

/// Parses `[--seconds N] [TARGET]`.
pub fn parse_args(args: &[String]) -> Result<(u64, Vec<&'static str>)> {
    let mut seconds = DEFAULT_SECONDS;
    let mut targets = Vec::new();
    let mut i = 0;
    while i < args.len() {
        let a = args[i].as_str();
        let value = if let Some(v) = a.strip_prefix("--seconds=") {
            Some(v.to_string())
        } else if a == "--seconds" {
            i += 1;
            Some(args.get(i).cloned().context("--seconds needs a value")?)
        } else {
            None
        };
        if let Some(v) = value {
            seconds = v
                .parse()
                .with_context(|| format!("--seconds {v:?} is not a number of seconds"))?;
        } else if let Some((name, _)) = TARGETS.iter().find(|(t, _)| *t == a) {
            targets.push(*name);
        } else {
            let names: Vec<&str> = TARGETS.iter().map(|(t, _)| *t).collect();
            bail!(
                "unknown fuzz target or flag {a:?}; targets: {}",
                names.join(", ")
            );
        }
        i += 1;
    }
    if seconds == 0 {
        bail!("--seconds must be at least 1");
    }
    if targets.is_empty() {
        targets = TARGETS.iter().map(|(t, _)| *t).collect();
    }
    Ok((seconds, targets))
}

/// Installs the tools, seeds the corpora and runs each target for `seconds`.
pub fn fuzz(seconds: u64, targets: &[&str]) -> Result<Vec<FuzzResult>> {
    header("fuzz: cargo-fuzz");
    let cargo_fuzz = ensure_cargo_fuzz()?;
    header("fuzz: toolchain");
    let toolchain = ensure_toolchain();
    match &toolchain {
        Toolchain::Nightly => println!("using nightly (AddressSanitizer)"),
        Toolchain::StableBootstrap => println!(
            "no nightly toolchain: using the pinned stable with RUSTC_BOOTSTRAP=1, --sanitizer none"
        ),
    }
    let root = util::root();
    let fuzz_dir = root.join("fuzz");
    let mut results = Vec::new();
    for target in targets {
        header(&format!("fuzz: {target} for {seconds} s"));
        let corpus = fuzz_dir.join("corpus").join(target);
        seed(&root, &corpus, target)?;
        let artifacts = fuzz_dir.join("artifacts").join(target);
        std::fs::create_dir_all(&artifacts)
            .with_context(|| format!("cannot create {}", artifacts.display()))?;
        let before = crash_files(&artifacts);
        let mut c = fuzz_command(&cargo_fuzz, &toolchain);
        c.args(["--fuzz-dir", "fuzz", target])
            .arg(&corpus)
            .arg("--")
            .arg(format!("-max_total_time={seconds}"))
            .arg(format!("-dict={}", fuzz_dir.join(dict(target)).display()))
            .args(["-max_len=65536", "-timeout=10", "-rss_limit_mb=4096"]);
        let started = Instant::now();
        let runs = run_and_count(&mut c)?;
        let after = crash_files(&artifacts);
        results.push(FuzzResult {
            target: target.to_string(),
            runs,
            corpus: count_files(&corpus),
            crashes: after.into_iter().filter(|f| !before.contains(f)).collect(),
            seconds: started.elapsed().as_secs_f64(),
        });
    }
    header("fuzz: summary");
    for r in &results {
        println!("{}", summary_line(r));
        for c in &r.crashes {
            println!("    crash: {}", c.display());
        }
    }
    if results.iter().any(|r| !r.crashes.is_empty()) {
        bail!("the fuzzer found crashes (see above)");
    }
    Ok(results)
}

/// One line per target: duration, executions, corpus, crashes.
pub fn summary_line(r: &FuzzResult) -> String {
    let runs = r
        .runs
        .map_or_else(|| "? runs".to_string(), |n| format!("{n} runs"));
    format!(
        "{:<16} {:>7.0} s  {runs:>14}  corpus {:>5} files  {} crashes",
        r.target,
        r.seconds,
        r.corpus,
        r.crashes.len()
    )
}

fn ensure_cargo_fuzz() -> Result<PathBuf> {
    if let Some(p) = cargo_tool("cargo-fuzz") {
        println!("cargo-fuzz found at {}", p.display());
        return Ok(p);
    }
    run(util::cargo().args(["install", "--locked", "cargo-fuzz"]))?;
    cargo_tool("cargo-fuzz")
        .context("cargo install cargo-fuzz succeeded but cargo-fuzz is not found")
}

fn ensure_toolchain() -> Toolchain {
    if util::which("rustup").is_none() {
        return Toolchain::StableBootstrap;
    }
    let listed = util::output(cmd("rustup").args(["toolchain", "list"])).unwrap_or_default();
    if listed.lines().any(|l| l.starts_with("nightly")) {
        return Toolchain::Nightly;
    }
    let mut install = cmd("rustup");
    install.args(["toolchain", "install", "nightly", "--profile", "minimal"]);
    match run(&mut install) {
        Ok(()) => Toolchain::Nightly,
        Err(e) => {
            println!("could not install nightly ({e:#})");
            Toolchain::StableBootstrap
        }
    }
}

fn fuzz_command(cargo_fuzz: &Path, toolchain: &Toolchain) -> Command {
    let mut c = cmd(cargo_fuzz);
    // cargo-fuzz runs `cargo`; inside `cargo xtask` CARGO and RUSTUP_TOOLCHAIN
    // point at the pinned toolchain, which must not leak into the fuzz build.
    c.env_remove("CARGO")
        .env_remove("RUSTUP_TOOLCHAIN")
        .env_remove("RUSTC");
    match toolchain {
        Toolchain::Nightly => {
            c.env("RUSTUP_TOOLCHAIN", "nightly");
        }
        Toolchain::StableBootstrap => {
            c.env("RUSTC_BOOTSTRAP", "1");
        }
    }
    // `cargo fuzz run` is `cargo-fuzz fuzz run` for cargo's subcommand protocol.
    c.args(["fuzz", "run"]);
    if *toolchain == Toolchain::StableBootstrap {
        c.args(["--sanitizer", "none"]);
    }
    c
}

/// Runs the fuzzer, echoing its output, and returns libFuzzer's final run
/// count (`Done N runs in S second(s)`).
fn run_and_count(c: &mut Command) -> Result<Option<u64>> {
    let line = display(c);
    println!("$ {line}");
    let mut child = c
        .stdout(Stdio::inherit())
        .stderr(Stdio::piped())
        .spawn()
        .with_context(|| format!("could not start `{line}`"))?;
    let mut runs = None;
    if let Some(err) = child.stderr.take() {
        for l in BufReader::new(err).lines() {
            let l = l.unwrap_or_default();
            eprintln!("{l}");
            if let Some(n) = done_runs(&l) {
                runs = Some(n);
            }
        }
    }
    let status = child.wait()?;
    if !status.success() && runs.is_none() {
        // A crash stops libFuzzer early; the caller reports the artifact.
        println!("`{line}` exited with {status}");
    }
    Ok(runs)
}

/// `Done 12345 runs in 60 second(s)` → 12345.
fn done_runs(line: &str) -> Option<u64> {
    let rest = line.trim().strip_prefix("Done ")?;
    rest.split_whitespace().next()?.parse().ok()
}

fn seed(root: &Path, corpus: &Path, target: &str) -> Result<()> {
    std::fs::create_dir_all(corpus)
        .with_context(|| format!("cannot create {}", corpus.display()))?;
    let samples = TARGETS
        .iter()
        .find(|(t, _)| *t == target)
        .map_or(&[][..], |(_, s)| *s);
    let mut seeded = 0;
    for name in samples {
        let from = root.join("assets/oci").join(name);
        let to = corpus.join(format!("seed-{name}"));
        if !to.exists() {
            std::fs::copy(&from, &to)
                .with_context(|| format!("cannot copy {} to {}", from.display(), to.display()))?;
            seeded += 1;
        }
    }
    // Drill and quiz files: the ones shipped.
    if target == "drill" {
        for dir in ["assets/drills", "assets/quizzes"] {
            let Ok(entries) = std::fs::read_dir(root.join(dir)) else {
                continue;
            };
            for e in entries.flatten() {
                let p = e.path();
                if p.extension().is_some_and(|x| x == "toml") {
                    let to = corpus.join(format!("seed-{}", e.file_name().to_string_lossy()));
                    if !to.exists() && std::fs::copy(&p, &to).is_ok() {
                        seeded += 1;
                    }
                }
            }
        }
        return report(corpus, seeded);
    }
    // A terminal's session as a link packs it: a few typed sessions.
    if target == "session" {
        use atlas_core::session::{encode, Entry};
        use atlas_core::sim::Editor;
        let sessions: [&[Entry]; 3] = [
            &[Entry::Line("crictl ps -a | grep web".into())],
            &[
                Entry::Line("kubectl run web --image=nginx".into()),
                Entry::Line("crictl logs -f $(crictl ps -q --name web)".into()),
                Entry::Tick(3000),
                Entry::Interrupt,
            ],
            &[
                Entry::Line("vi /etc/crictl.yaml".into()),
                Entry::Save {
                    path: "/etc/crictl.yaml".into(),
                    text: "runtime-endpoint: unix:///run/containerd/containerd.sock\n".into(),
                    editor: Editor::Vi,
                },
            ],
        ];
        for (i, entries) in sessions.iter().enumerate() {
            let to = corpus.join(format!("seed-session-{i}"));
            if !to.exists() && std::fs::write(&to, encode(entries, usize::MAX).0).is_ok() {
                seeded += 1;
            }
        }
        return report(corpus, seeded);
    }
    // The broken samples are good seeds too: each reaches a different rule.
    if let Ok(entries) = std::fs::read_dir(root.join("assets/oci/broken")) {
        for e in entries.flatten() {
            let p = e.path();
            if p.extension().is_some_and(|x| x == "json") {
                let to = corpus.join(format!("seed-broken-{}", e.file_name().to_string_lossy()));
                if !to.exists() && std::fs::copy(&p, &to).is_ok() {
                    seeded += 1;
                }
            }
        }
    }
    report(corpus, seeded)
}

/// The libFuzzer dictionary of a target (in `fuzz/`): TOML tokens for the
/// drill and quiz formats, JSON's for the rest.
fn dict(target: &str) -> &'static str {
    if target == "drill" {
        "toml.dict"
    } else {
        "json.dict"
    }
}

fn report(corpus: &Path, seeded: usize) -> Result<()> {
    println!(
        "corpus {}: {} files ({seeded} seeds added)",
        corpus.display(),
        count_files(corpus)
    );
    Ok(())
}

fn count_files(dir: &Path) -> usize {
    std::fs::read_dir(dir).map_or(0, |d| d.flatten().count())
}

fn crash_files(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|d| {
            d.flatten()
                .map(|e| e.path())
                .filter(|p| {
                    p.file_name().and_then(|n| n.to_str()).is_some_and(|n| {
                        ["crash-", "leak-", "timeout-", "oom-", "slow-unit-"]
                            .iter()
                            .any(|pre| n.starts_with(pre))
                    })
                })
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn arguments() {
        let (secs, targets) = parse_args(&s(&[])).unwrap();
        assert_eq!(secs, DEFAULT_SECONDS);
        assert_eq!(
            targets,
            vec!["runtime_config", "manifest", "index", "session", "drill"]
        );
        assert_eq!(dict("drill"), "toml.dict");
        assert_eq!(dict("index"), "json.dict");
        let (secs, targets) = parse_args(&s(&["--seconds", "600", "index"])).unwrap();
        assert_eq!((secs, targets), (600, vec!["index"]));
        assert_eq!(parse_args(&s(&["--seconds=5"])).unwrap().0, 5);
        assert!(parse_args(&s(&["--seconds"])).is_err());
        assert!(parse_args(&s(&["--seconds", "0"])).is_err());
        assert!(parse_args(&s(&["nope"])).is_err());
    }

    #[test]
    fn reads_libfuzzer_totals() {
        assert_eq!(
            done_runs("Done 1234567 runs in 601 second(s)"),
            Some(1234567)
        );
        assert_eq!(done_runs("#1024\tpulse  cov: 1 ft: 2"), None);
        let r = FuzzResult {
            target: "index".into(),
            runs: Some(42),
            corpus: 7,
            crashes: vec![],
            seconds: 600.2,
        };
        assert_eq!(
            summary_line(&r),
            "index                600 s         42 runs  corpus     7 files  0 crashes"
        );
    }
}
