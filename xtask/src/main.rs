//! `cargo xtask`: the project's automation, in Rust (the rust-analyzer pattern).
//!
//! ```text
//! cargo xtask setup [--browser]   install the tools (idempotent)
//! cargo xtask dist                build the browser app into dist/ and report sizes
//! cargo xtask serve [--port N]    setup + dist + serve dist/ on http://127.0.0.1:8080
//! cargo xtask test                setup + every check; what CI runs
//! cargo xtask bench [-- ARGS]     benchmarks, then the dist size report
//! cargo xtask fuzz [--seconds N] [TARGET]   the cargo-fuzz targets, N s each (not in `test`)
//! cargo xtask interop [CLIENT…]   the interop tests alone: containerd, docker, podman (native.rs)
//! cargo xtask bench-runtimes      runc, crun and atlas-runtime paired, alone
//! ```

mod bench;
mod browser;
mod check;
mod css;
mod dist;
mod first_load;
mod fuzz;
mod native;
mod perf;
mod serve;
mod setup;
mod single;
mod sizes;
mod util;

use anyhow::{bail, Context, Result};
use std::process::ExitCode;

const HELP: &str = "\
cargo xtask — Runtime Atlas automation

USAGE:
    cargo xtask <COMMAND> [OPTIONS]

COMMANDS:
    setup [--browser]   install the wasm32 target, wasm-bindgen-cli (the version in
                        Cargo.lock), wasm-opt (npm binaryen, package-lock.json) and,
                        with --browser, the Debian packages the tests need
    dist                release build for wasm32 + wasm-bindgen + wasm-opt into dist/;
                        prints sizes raw/gzip/brotli
    serve [--port N]    setup + dist, then serve dist/ on http://127.0.0.1:N (8080)
    test                setup --browser + fmt + clippy + tests + wasm32 build of the
                        core + dist + headless browser tests
    bench [-- ARGS]     cargo bench -p atlas-core --bench '*' [-- ARGS]; runc, crun and
                        atlas-runtime `run /bin/true`, paired (root only; fails when
                        atlas-runtime's median is above crun's); then the dist sizes
                        against the 400 KB brotli budget, the first render (median
                        ≤ 500 ms), the frame time (p95 ≤ 16.7 ms) and opening and
                        closing a call (p95 ≤ 16.7 ms), the terminal on 100 pods
                        (a keystroke's echo in the next frame, p95 ≤ 16.7 ms;
                        Enter to output, median ≤ 50 ms); fails when over
    fuzz [--seconds N] [TARGET]
                        install cargo-fuzz and nightly if missing, then run the fuzz
                        targets of fuzz/ (runtime_config, manifest, index, session; all by
                        default) for N seconds each (60); prints runs, corpus and
                        crashes per target. Not part of `test`
    browser             the browser tests only, against the dist/ already built
    perf                the app's speed benchmarks only (a part of `bench`), against
                        the dist/ already built: first render (median of 10),
                        frame time (p95, 100 pods at 4×), opening and closing a
                        call (p95 within one frame) and the terminal on 100 pods
                        in headless Chromium; ATLAS_PERF_ONLY=first,frames,calls,
                        terminal runs only those
    interop [containerd|docker|podman]...
                        the interop tests only (steps of `test`; all three by
                        default): ctr run through runc, crun, then atlas-runtime;
                        docker run and podman run through runc, then
                        atlas-runtime (root only)
    bench-runtimes      the paired runtime benchmark only (a part of `bench`);
                        ATLAS_RUNTIME_BENCH_ROUNDS=N sets the rounds (30)
    help                this text
";

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("\nxtask: error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<()> {
    let mut args = std::env::args().skip(1);
    let Some(cmd) = args.next() else {
        print!("{HELP}");
        return Ok(());
    };
    let rest: Vec<String> = args.collect();
    match cmd.as_str() {
        "setup" => {
            let browser = flags(&rest, &["--browser"])?.contains(&"--browser");
            setup::setup(setup::Needs { browser })
        }
        "dist" => {
            flags(&rest, &[])?;
            dist::dist().map(|_| ())
        }
        "serve" => serve::serve_command(port(&rest)?),
        "test" => {
            flags(&rest, &[])?;
            check::test()
        }
        "bench" => {
            let extra = match rest.iter().position(|a| a == "--") {
                Some(i) => {
                    flags(&rest[..i], &[])?;
                    rest[i + 1..].to_vec()
                }
                None => {
                    flags(&rest, &[])?;
                    Vec::new()
                }
            };
            bench::bench(&extra)
        }
        "fuzz" => {
            let (seconds, targets) = fuzz::parse_args(&rest)?;
            fuzz::fuzz(seconds, &targets).map(|_| ())
        }
        "browser" => {
            flags(&rest, &[])?;
            check::browser_tests_only()
        }
        "perf" => {
            flags(&rest, &[])?;
            let (first, frames) = bench::app_speed()?;
            if !(first && frames) {
                bail!("the app is over its speed targets: see above");
            }
            Ok(())
        }
        "interop" => {
            let clients = match rest.as_slice() {
                [] => native::Client::ALL.to_vec(),
                names => names
                    .iter()
                    .map(|n| {
                        native::Client::from_name(n)
                            .with_context(|| format!("unknown client {n:?}\n\n{HELP}"))
                    })
                    .collect::<Result<_>>()?,
            };
            // Every client runs, so one run shows every failure.
            let failed: Vec<String> = clients
                .into_iter()
                .filter_map(|c| native::interop_step(c).err().map(|e| format!("{e:#}")))
                .collect();
            if !failed.is_empty() {
                bail!("{}", failed.join("\n"));
            }
            Ok(())
        }
        "bench-runtimes" => {
            flags(&rest, &[])?;
            native::bench_runtimes()
        }
        "help" | "-h" | "--help" => {
            print!("{HELP}");
            Ok(())
        }
        other => bail!("unknown command {other:?}\n\n{HELP}"),
    }
}

/// Checks that every argument is one of the allowed flags; returns them.
fn flags<'a>(args: &'a [String], allowed: &[&str]) -> Result<Vec<&'a str>> {
    args.iter()
        .map(|a| {
            if allowed.contains(&a.as_str()) {
                Ok(a.as_str())
            } else {
                bail!("unexpected argument {a:?}\n\n{HELP}")
            }
        })
        .collect()
}

/// `--port N` or `--port=N`, default 8080.
fn port(args: &[String]) -> Result<u16> {
    let mut port = serve::DEFAULT_PORT;
    let mut i = 0;
    while i < args.len() {
        let value = if let Some(v) = args[i].strip_prefix("--port=") {
            v.to_string()
        } else if args[i] == "--port" {
            i += 1;
            args.get(i).cloned().context("--port needs a value")?
        } else {
            bail!("unexpected argument {:?}\n\n{HELP}", args[i]);
        };
        port = value
            .parse()
            .with_context(|| format!("--port {value:?} is not a port number"))?;
        i += 1;
    }
    Ok(port)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn port_flag() {
        assert_eq!(port(&s(&[])).unwrap(), 8080);
        assert_eq!(port(&s(&["--port", "9000"])).unwrap(), 9000);
        assert_eq!(port(&s(&["--port=9001"])).unwrap(), 9001);
        assert!(port(&s(&["--port"])).is_err());
        assert!(port(&s(&["--port", "x"])).is_err());
        assert!(port(&s(&["--bogus"])).is_err());
    }

    #[test]
    fn unknown_flags_are_refused() {
        assert!(flags(&s(&["--browser"]), &["--browser"]).is_ok());
        assert!(flags(&s(&["--nope"]), &["--browser"]).is_err());
    }
}
