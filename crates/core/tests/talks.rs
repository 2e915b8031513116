//! The shipped talks (`assets/talks/*.toml`): every file parses, its id is
//! its file's stem, every scene's range resolves with `from ≤ to` (or the
//! scene is a refusal), both languages are written, and a scene of commands
//! runs without a refusal.

use atlas_core::talk::{self, Source};
use atlas_core::Catalog;

#[test]
fn every_talk_parses_and_is_named_for_its_file() {
    let files = talk::files();
    assert!(!files.is_empty(), "no talk in assets/talks");
    for (file, r) in files {
        let t = r.unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(format!("{}.toml", t.id), file);
        assert!(talk::find(&t.id).is_some(), "{}", t.id);
        for text in
            std::iter::once(&t.title).chain(t.scenes.iter().flat_map(|s| [&s.title, &s.notes]))
        {
            assert!(
                !text.en.trim().is_empty() && !text.ko.trim().is_empty(),
                "{}: {text:?}",
                t.id
            );
        }
    }
}

#[test]
fn every_scene_resolves_to_a_range_or_a_refusal() {
    for t in talk::all() {
        for (i, s) in t.scenes.iter().enumerate() {
            let at = format!("{} scene {}", t.id, i + 1);
            let r = s
                .resolve()
                .unwrap_or_else(|m| panic!("{at}: {}", Catalog::english().render(&m)));
            match (r.range, &r.refused) {
                (Some((a, b)), None) => {
                    assert!(a <= b, "{at}: {a} > {b}");
                    let hops = s.hops().expect("runs");
                    assert!(b < hops.len(), "{at}");
                    if let Some(m) = &s.from {
                        assert!(m.matches(&hops[a]), "{at}: from");
                    }
                    if let Some(m) = &s.to {
                        assert!(m.matches(&hops[b]), "{at}: to");
                    }
                }
                (None, Some(_)) => assert!(
                    s.from.is_none() && s.to.is_none(),
                    "{at}: a refused scene names no hop"
                ),
                other => panic!("{at}: {other:?}"),
            }
            if let Source::Commands(lines) = &s.source {
                assert!(r.refused.is_none(), "{at}: refused");
                let session = r.session.as_deref().expect("a session");
                let back = atlas_core::session::decode(session).expect("decodes");
                assert_eq!(back.len(), lines.len(), "{at}: every line in the link");
            }
        }
        let v = t.view().expect("a view");
        assert_eq!(v.scenes.len(), t.scenes.len());
    }
}

#[test]
fn the_example_talk_tells_the_story() {
    let t = talk::find("kubectl-run").expect("the example talk");
    assert_eq!(t.scenes.len(), 8);
    let v = t.view().expect("resolves");
    let en = Catalog::english();
    let refused: Vec<usize> = v
        .scenes
        .iter()
        .enumerate()
        .filter(|(_, s)| s.refused.is_some())
        .map(|(i, _)| i)
        .collect();
    assert_eq!(refused, vec![3], "only scene 4 is a refusal");
    let why = en.render(v.scenes[3].refused.as_ref().expect("refused"));
    assert!(why.contains("1.24"), "{why}");
    assert_eq!(
        v.scenes[2].scenario.as_deref(),
        Some("kubectl-run-dockershim")
    );
    assert!(v.scenes[7].session.is_some() && v.scenes[7].scenario.is_none());
    // Scene 3 walks the CRI calls one at a time: several top-level calls.
    let s3 = &t.scenes[2];
    let hops = s3.hops().expect("runs");
    let (a, b) = (v.scenes[2].from.expect("from"), v.scenes[2].to.expect("to"));
    let top = hops[a..=b].iter().filter(|h| h.parent.is_none()).count();
    assert!(top >= 5, "{top} top-level calls in scene 3");
    assert_eq!(hops[a].call, "RunPodSandbox");
    assert!(hops[b].call.starts_with("StartContainer"));
}
