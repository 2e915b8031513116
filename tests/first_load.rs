//! The first load's English (`atlas_core::message::EN_START_FTL`) is enough
//! for everything the page shows before an on-demand module loads: every
//! panel's first frame and the default view's run, each hop, render with it
//! alone and show no message as its id. (The messages only a module
//! produces come with that module: `i18n::add_english`; `cargo xtask dist`
//! checks the built modules name no other.)
#![cfg(not(target_arch = "wasm32"))]

mod common;

use atlas_core::message::{ids_shown_raw, messages, EN_ENGINE_FTL, EN_INSPECTOR_FTL};
use atlas_core::{Catalog, Lang};
use common::render_at;

/// The ids only an on-demand module's part holds.
fn on_demand_ids() -> Vec<String> {
    let mut ids = Vec::new();
    for part in [EN_ENGINE_FTL, EN_INSPECTOR_FTL] {
        ids.extend(
            messages(Lang::En, part)
                .expect("the part parses")
                .into_keys(),
        );
    }
    assert!(ids.len() > 300, "{} ids", ids.len());
    ids
}

#[tokio::test(flavor = "current_thread")]
async fn every_panels_first_frame_renders_with_the_first_load_english() {
    runtime_atlas::i18n::first_load_only();
    assert!(!runtime_atlas::i18n::english().has("kata-vm-boot"));
    let ids = on_demand_ids();
    // Compare's second side and a sample's inspection are the modules'
    // answers in the browser (natively the app computes them in place).
    for fragment in [
        "",
        "#v1",
        "#v1;p=term",
        "#v1;p=drill",
        "#v1;p=quiz",
        "#v1;p=state",
        "#v1;p=inspector",
        "#v1;p=replay",
        "#v1;p=history",
        "#v1;hop=9",
        "#v1;show=all",
        "#v1;p=bogus;sc=nowhere",
    ] {
        let html = render_at(fragment).await;
        // The default view draws its diagram in the first frame; panels may not.
        if fragment == "#v1" {
            assert!(html.contains("<svg"), "{fragment}: {html}");
        }
        let raw = ids_shown_raw(&html, &ids);
        assert!(raw.is_empty(), "{fragment} shows {raw:?}:\n{html}");
    }
}

#[test]
fn the_default_runs_every_note_renders_with_the_first_load_english() {
    let start = Catalog::english_at_start();
    let whole = Catalog::english();
    let run = runtime_atlas::run::Run::default_view().expect("carried");
    assert!(!run.hops.is_empty());
    for h in &run.hops {
        assert_eq!(h.note_in(&start), h.note_in(&whole), "hop {}", h.seq);
    }
}
