//! Every embedded drill (assets/drills/*.toml): it parses, its node can be
//! made, its reference solution passes every item, an empty attempt fails
//! at least one, and nothing panics. A drill someone adds is tested here
//! with no code change.

use atlas_core::drill::{self, Drill, Verdict};
use atlas_core::message::Catalog;

fn show(d: &Drill, v: &Verdict) -> String {
    let en = Catalog::english();
    v.items
        .iter()
        .map(|i| {
            format!(
                "{} {} found={:?} why={:?}",
                if i.pass { "✓" } else { "✗" },
                i.name.en,
                i.found,
                i.why.as_ref().map(|w| en.render(w))
            )
        })
        .fold(format!("{}:\n", d.id), |a, b| a + &b + "\n")
}

#[test]
fn every_drill_file_parses() {
    let files = drill::files();
    assert!(!files.is_empty(), "no drill is embedded");
    for (file, parsed) in &files {
        if let Err(e) = parsed {
            panic!("{file}: {e}");
        }
    }
    let all = drill::all();
    assert_eq!(all.len(), files.len());
    let mut ids: Vec<&str> = all.iter().map(|d| d.id.as_str()).collect();
    ids.dedup();
    assert_eq!(ids.len(), all.len(), "ids are unique");
    assert!(all.windows(2).all(|w| w[0].id < w[1].id), "sorted by id");
    for (file, parsed) in files {
        let d = parsed.unwrap();
        assert!(
            file.starts_with(&d.id.to_lowercase()),
            "{file} is named for its id {}",
            d.id
        );
    }
}

#[test]
fn every_reference_solution_passes_every_item() {
    for d in drill::all() {
        let node = d.solved().unwrap_or_else(|e| panic!("{}: {e}", d.id));
        let v = d.check(&node);
        assert!(v.solved(), "{}", show(&d, &v));
        assert_eq!(v.total, d.checks.len());
    }
}

#[test]
fn an_empty_attempt_fails() {
    for d in drill::all() {
        let node = d.start().unwrap_or_else(|e| panic!("{}: {e}", d.id));
        let v = d.check(&node);
        eprintln!("{}", show(&d, &v));
        assert!(v.passed < v.total, "{}", show(&d, &v));
        for i in v.items.iter().filter(|i| !i.pass) {
            assert!(
                i.found.is_some() || i.why.is_some(),
                "{}: a failed item says what it found: {}",
                d.id,
                i.name.en
            );
        }
    }
}

#[test]
fn every_drill_is_found_by_its_id() {
    for d in drill::all() {
        assert_eq!(drill::find(&d.id.to_lowercase()).as_ref(), Some(&d));
    }
    assert_eq!(drill::find("NOPE"), None);
}

/// A caller that kept the set-up's node (a terminal's session) gets the
/// same verdict as one that lets the checker make it again.
#[test]
fn a_kept_baseline_judges_as_a_remade_one() {
    for d in drill::all() {
        let base = d.start().expect("the drill starts");
        let solved = d.solved().expect("the solution runs");
        assert_eq!(
            d.check(&solved),
            d.check_against(&solved, &base),
            "{}",
            d.id
        );
        assert_eq!(d.check(&base), d.check_against(&base, &base), "{}", d.id);
    }
}
