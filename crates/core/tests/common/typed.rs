//! A node a test types on: made from configuration words, a line run as the
//! terminal shows it, a line that must succeed.

use atlas_core::config::Config;
use atlas_core::sim::Sim;

/// A node of Kubernetes `k8s` on `runtime` with runc, seed 1.
pub fn node(k8s: &str, runtime: &str) -> Sim {
    let cfg = Config::from_words(Some(k8s), Some(runtime), Some("runc")).expect("a configuration");
    Sim::new(cfg, 1)
}

/// Runs a line: (exit, stdout, stderr as the terminal shows it).
pub fn run(s: &mut Sim, line: &str) -> (i32, String, String) {
    let step = s.run_line(line);
    let r = &step.record;
    (
        r.exit,
        r.stdout.clone(),
        r.stderr_in(&atlas_core::message::Catalog::english()),
    )
}

/// Runs a line that must exit 0: its stdout.
pub fn ok(s: &mut Sim, line: &str) -> String {
    let (exit, out, err) = run(s, line);
    assert_eq!(exit, 0, "`{line}` failed: {out}{err}");
    out
}
