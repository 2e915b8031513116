//! Every embedded question (assets/quizzes/*.toml): both languages, 3–5
//! choices, the answer among them, a scenario that exists and a hop that
//! resolves in its run; ids unique; and at least 25 questions (the stack
//! quiz, assets/quizzes/stack.toml).

use atlas_core::played::{self, Played};
use atlas_core::quiz;
use atlas_core::scenario;

#[test]
fn every_quiz_file_parses() {
    for (file, parsed) in quiz::files() {
        if let Err(e) = parsed {
            panic!("{file}: {e}");
        }
    }
}

#[test]
fn every_question_is_whole_and_its_hop_resolves() {
    let all = quiz::all();
    assert!(!all.is_empty(), "no question is embedded");
    let mut ids: Vec<&str> = all.iter().map(|q| q.id.as_str()).collect();
    ids.sort_unstable();
    let n = ids.len();
    ids.dedup();
    assert_eq!(ids.len(), n, "question ids are unique");
    for q in &all {
        for t in [&q.question, &q.explanation].into_iter().chain(&q.choices) {
            assert!(
                !t.en.trim().is_empty() && !t.ko.trim().is_empty(),
                "{}: {t:?}",
                q.id
            );
        }
        assert!((3..=5).contains(&q.choices.len()), "{}", q.id);
        assert!(q.answer < q.choices.len(), "{}", q.id);
        let s = scenario::find(&q.scenario).unwrap_or_else(|| panic!("{}: {}", q.id, q.scenario));
        let at =
            q.at.unwrap_or_else(|| panic!("{}: no hop {:?} in {}", q.id, q.hop, q.scenario));
        assert_eq!(at.config, s.config(), "{}", q.id);
        let Played::Ran(steps) = played::play(at.config, s) else {
            panic!("{}: {} does not play", q.id, q.scenario);
        };
        let hops: Vec<_> = steps.iter().flat_map(|s| &s.hops).collect();
        let h = hops[at.index];
        assert!(q.names(h), "{}: {h:?}", q.id);
        assert_eq!(h.seq as usize, at.index + 1, "{}: the link's hop=", q.id);
        assert!(
            hops[..at.index].iter().all(|e| !q.names(e)),
            "{}: the first such hop",
            q.id
        );
    }
}

/// Passes once the stack quiz (DRILLS-A's assets/quizzes/stack.toml) is
/// in the tree.
#[test]
fn at_least_25_questions() {
    let n = quiz::all().len();
    assert!(n >= 25, "{n} questions; the issue asks for at least 25");
}
