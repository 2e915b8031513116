//! Presenter mode's large type: every scene of every talk, laid out with
//! `Metrics::PRESENT` over only the scene's range, fits the area that
//! gives 24 px labels at 1920×1080 (scale ≥ 1.2 in 1340×1020: w ≤ 1116,
//! h ≤ 850) with no two boxes overlapping.
#![cfg(not(target_arch = "wasm32"))]

use atlas_core::talk;
use runtime_atlas::layout::{layout_hops_with, Metrics};

#[test]
fn every_scene_range_fits_the_presenter_area_at_24_px() {
    let mut seen = 0;
    for t in talk::all() {
        for (i, s) in t.scenes.iter().enumerate() {
            let at = format!("{} scene {}", t.id, i + 1);
            let r = s.resolve().unwrap_or_else(|_| panic!("{at}: resolves"));
            let Some((a, b)) = r.range else {
                assert!(r.refused.is_some(), "{at}: neither a range nor a refusal");
                continue;
            };
            let hops = s.hops().expect("runs");
            let l = layout_hops_with(&hops[a..=b], &Metrics::PRESENT);
            eprintln!("{at}: {}×{}", l.width, l.height);
            assert_eq!(l.metrics, Metrics::PRESENT);
            assert!(l.width <= 1116, "{at}: {} wide", l.width);
            assert!(l.height <= 850, "{at}: {} high", l.height);
            for (j, x) in l.nodes.iter().enumerate() {
                assert_eq!(x.h, Metrics::PRESENT.node_h);
                assert!(x.w >= 64, "{at}: {x:?}");
                for y in &l.nodes[j + 1..] {
                    assert!(!x.overlaps(y), "{at}: {x:?} overlaps {y:?}");
                }
            }
            seen += 1;
        }
    }
    assert!(seen >= 7, "{seen} scenes with a run");
}

#[test]
fn the_presenter_draws_larger_than_the_page() {
    let t = talk::find("kubectl-run").expect("talk");
    let hops = t.scenes[2].hops().expect("runs");
    let page = runtime_atlas::layout::layout_hops(&hops);
    let present = layout_hops_with(&hops, &Metrics::PRESENT);
    assert_eq!(page.metrics, Metrics::PAGE);
    assert_eq!(page.nodes.len(), present.nodes.len());
    for (p, q) in page.nodes.iter().zip(&present.nodes) {
        assert!(q.h > p.h);
    }
}

mod navigation {
    use atlas_core::talk;
    use runtime_atlas::present::{Presenter, PresenterProps};
    use runtime_atlas::state::present::PresentAction;
    use runtime_atlas::state::{Action, AppState};
    use std::rc::Rc;

    /// Presenter mode at `scene` (1-based) of the example talk, its talk
    /// answered as the engine module answers it.
    fn at(scene: usize) -> AppState {
        let s = AppState::from_fragment(&format!("v1;mode=present;talk=kubectl-run;scene={scene}"));
        let json = serde_json::to_string(
            &talk::find("kubectl-run")
                .expect("talk")
                .view()
                .expect("resolves"),
        )
        .expect("json");
        s.apply(Action::Present(PresentAction::Loaded(Ok(json))))
    }

    fn press(s: AppState, a: PresentAction) -> AppState {
        s.apply(Action::Present(a))
    }

    async fn render(s: &AppState) -> String {
        let props = PresenterProps {
            state: Rc::new(s.clone()),
            send: yew::Callback::noop(),
        };
        yew::LocalServerRenderer::<Presenter>::with_props(props)
            .hydratable(false)
            .render()
            .await
    }

    #[test]
    fn page_down_walks_the_scene_s_top_level_calls_then_the_next_scene() {
        let s = at(3);
        assert_eq!(s.view.scene, 2);
        let run = s.scene_run().expect("the scene's run");
        let (a, b) = s.scene_range().expect("a range");
        assert_eq!(run.hops[s.view.hop].call, "RunPodSandbox");
        assert_eq!(s.view.hop, a);
        let mut s = s;
        let mut calls = vec![s.view.hop];
        for _ in 0..100 {
            let next = press(s.clone(), PresentAction::Next);
            if next.view.scene != 2 {
                break;
            }
            assert!(next.view.hop > s.view.hop && next.view.hop <= b);
            assert!(run.hops[next.view.hop].parent.is_none(), "top level");
            calls.push(next.view.hop);
            s = next;
        }
        assert!(run.hops[s.view.hop].call.starts_with("StartContainer"));
        assert!(calls.len() >= 5, "{calls:?}");
        // Back, one call at a time, to the start.
        let mut back = s.clone();
        for want in calls.iter().rev().skip(1) {
            back = press(back, PresentAction::Prev);
            assert_eq!(back.view.hop, *want);
        }
        // Home and End.
        let end = press(at(3), PresentAction::Last);
        assert_eq!(end.view.hop, *calls.last().expect("calls"));
        assert_eq!(press(end.clone(), PresentAction::First).view.hop, a);
        // Past the last call: scene 4, the refusal.
        let four = press(end, PresentAction::Next);
        assert_eq!(four.view.scene, 3);
        let refused = four
            .scene()
            .and_then(|s| s.refused.clone())
            .expect("refused");
        assert!(atlas_core::Catalog::english()
            .render(&refused)
            .contains("1.24"));
        // And back: scene 3 at its last call.
        let three = press(four, PresentAction::Prev);
        assert_eq!(
            (three.view.scene, three.view.hop),
            (2, *calls.last().expect("calls"))
        );
    }

    #[test]
    fn black_and_help_toggle_and_moving_only_lifts_the_black() {
        let s = press(at(3), PresentAction::Black);
        assert!(s.presenter().black);
        let hop = s.view.hop;
        let s = press(s, PresentAction::Next);
        assert!(!s.presenter().black);
        assert_eq!(s.view.hop, hop, "the first key only lifts the black");
        let s = press(press(s, PresentAction::Help), PresentAction::Escape);
        assert!(!s.presenter().help);
    }

    #[tokio::test(flavor = "current_thread")]
    async fn the_presenter_draws_the_contract_s_ids() {
        let s = at(3);
        let html = render(&s).await;
        for id in [
            "id=\"present\"",
            "data-scene=\"3\"",
            "id=\"present-call\"",
            "id=\"present-note\"",
            "id=\"present-controls\"",
            "id=\"present-notes\"",
            "id=\"present-exit\"",
            "RunPodSandbox",
        ] {
            assert!(html.contains(id), "{id} in {html}");
        }
        assert!(!html.contains("present-black") && !html.contains("present-help\""));
        let black = render(&press(press(s, PresentAction::Black), PresentAction::Help)).await;
        assert!(black.contains("id=\"present-black\"") && black.contains("id=\"present-help\""));
        let first = render(&at(1)).await;
        assert!(first.contains("id=\"present-start\""), "the title card");
        let term = render(&at(8)).await;
        assert!(
            term.contains("runc spec") || term.contains("runc run"),
            "{term}"
        );
    }
}
