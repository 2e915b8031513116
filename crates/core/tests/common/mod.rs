//! What the scenario tests share: running a curated scenario, its hops, the
//! reference-order check, a hop's argv, and the golden-trace comparison.
#![allow(dead_code)]

pub mod typed;

use atlas_core::scenario;
use atlas_core::sim::Sim;
use atlas_core::Hop;
use std::path::PathBuf;

/// Runs a curated scenario with a seed.
pub fn run(name: &str, seed: u64) -> Sim {
    let s = scenario::find(name).unwrap_or_else(|| panic!("no scenario {name}"));
    let mut sim = Sim::new(s.config(), seed);
    sim.run_script(s.script).expect("script runs");
    sim
}

/// Every hop of a run, in order.
pub fn hops(sim: &Sim) -> Vec<&Hop> {
    sim.steps().iter().flat_map(|s| s.hops.iter()).collect()
}

/// Asserts that `calls` (from, to, call prefix) appear in this order, other
/// hops allowed between; returns the matched hops.
pub fn in_order<'a>(name: &str, all: &[&'a Hop], calls: &[(&str, &str, &str)]) -> Vec<&'a Hop> {
    let mut at = 0usize;
    let mut got = Vec::new();
    for (from, to, call) in calls {
        let found = all[at..]
            .iter()
            .position(|h| h.from.id() == *from && h.to.id() == *to && h.call.starts_with(call));
        match found {
            Some(i) => {
                got.push(all[at + i]);
                at += i + 1;
            }
            None => panic!(
                "{name}: `{from} → {to} {call}` not found after hop {at} (reference order broken)"
            ),
        }
    }
    got
}

/// The `argv` of a hop's detail.
pub fn argv(h: &Hop) -> Vec<String> {
    h.detail
        .as_ref()
        .and_then(|d| d.get("argv"))
        .and_then(|a| a.as_array())
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

fn golden_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(format!("{name}.jsonl"))
}

/// Compares each scenario's trace (seed 1) with its golden file;
/// `UPDATE_GOLDEN=1` rewrites them.
pub fn golden(names: &[&str]) {
    for name in names {
        let got = run(name, 1).to_jsonl(&format!("scenario {name}"));
        let path = golden_path(name);
        if std::env::var_os("UPDATE_GOLDEN").is_some() {
            std::fs::create_dir_all(path.parent().expect("tests/golden")).expect("mkdir");
            std::fs::write(&path, &got).expect("write golden");
            continue;
        }
        let want = std::fs::read_to_string(&path).unwrap_or_else(|e| {
            panic!(
                "{}: {e}; run with UPDATE_GOLDEN=1 to create it",
                path.display()
            )
        });
        if got != want {
            let line = got
                .lines()
                .zip(want.lines())
                .position(|(a, b)| a != b)
                .map(|i| i + 1)
                .unwrap_or(got.lines().count().min(want.lines().count()) + 1);
            panic!(
                "{name}: trace differs from {} at line {line}:\n got: {}\nwant: {}\n(UPDATE_GOLDEN=1 rewrites it after a deliberate change)",
                path.display(),
                got.lines().nth(line - 1).unwrap_or("<end>"),
                want.lines().nth(line - 1).unwrap_or("<end>")
            );
        }
    }
}

/// A hop's note in English (one catalog per test thread).
#[allow(dead_code)]
pub fn note(h: &Hop) -> String {
    thread_local! {
        static EN: atlas_core::Catalog = atlas_core::Catalog::english();
    }
    h.note
        .as_ref()
        .map(|t| EN.with(|c| c.text(t)))
        .unwrap_or_default()
}
