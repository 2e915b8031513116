//! Two faces, one trace: the browser app's exported trace of every scenario
//! is, byte for byte, what `atlas sim --scenario NAME --format json` prints
//! (header included: both come from the core's `Header::new`).

use atlas_core::scenario::SCENARIOS;
use runtime_atlas::link::ViewState;
use runtime_atlas::state::export::trace_export;
use runtime_atlas::state::AppState;
use std::process::Command;

#[test]
fn the_apps_export_of_every_scenario_is_what_atlas_sim_prints() {
    for s in SCENARIOS {
        let out = Command::new(env!("CARGO_BIN_EXE_atlas"))
            .args(["sim", "--scenario", s.name, "--format", "json"])
            .output()
            .expect("atlas runs");
        // A scenario may end on a refused command (a non-zero exit): its
        // trace is still written.
        assert!(
            !out.stdout.is_empty(),
            "{}: atlas sim wrote nothing: {}",
            s.name,
            String::from_utf8_lossy(&out.stderr)
        );
        let cli = String::from_utf8(out.stdout).expect("UTF-8");

        let view = ViewState {
            config: s.config(),
            scenario: s,
            ..ViewState::default()
        };
        let state = AppState::new(view, None);
        let app = trace_export(&state)
            .unwrap_or_else(|| panic!("{}: the app shows no run", s.name))
            .to_jsonl(&runtime_atlas::i18n::Tr::english());

        assert!(cli.starts_with("{\"trace\":1,"), "{}: {cli:.80}", s.name);
        if app != cli {
            let line = app
                .lines()
                .zip(cli.lines())
                .position(|(a, c)| a != c)
                .map_or_else(
                    || "the line count".to_string(),
                    |i| format!("line {}", i + 1),
                );
            panic!(
                "{}: the app's export and atlas sim differ at {line}",
                s.name
            );
        }
    }
}
