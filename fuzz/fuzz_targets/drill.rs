//! Any text as a drill file or a quiz file someone wrote: `drill::parse`
//! and `quiz::parse` never panic; what they accept keeps the format's
//! promises, and a refusal says where (a line and a column inside the text).
#![no_main]

use atlas_core::drill::{self, DrillError};
use atlas_core::quiz;
use libfuzzer_sys::fuzz_target;

fn inside(e: &DrillError, text: &str) {
    let lines = text.lines().count().max(1) + 1;
    match e {
        DrillError::Syntax { line, col, .. } | DrillError::Invalid { line, col, .. } => {
            assert!(*line >= 1 && *line <= lines, "{e}");
            assert!(*col >= 1, "{e}");
        }
        DrillError::Start { .. } => panic!("parse never starts a node: {e}"),
    }
    let _ = e.to_string();
    let _ = e.message();
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match drill::parse(text, "fuzz.toml") {
        Ok(d) => {
            assert!((2..=16).contains(&d.id.len()));
            assert!(!d.checks.is_empty());
            assert!(!d.solution.script.trim().is_empty());
            assert!(d.config().is_ok());
        }
        Err(e) => inside(&e, text),
    }
    match quiz::parse(text, "fuzz.toml") {
        Ok(questions) => {
            for q in &questions {
                assert!((3..=5).contains(&q.choices.len()));
                assert!(q.answer < q.choices.len());
            }
        }
        Err(e) => inside(&e, text),
    }
});
