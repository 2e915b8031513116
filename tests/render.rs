//! The app rendered to HTML without a browser (Yew SSR): the first render must
//! show the default configuration's topology. Interaction needs a browser; the
//! browser smoke test of `cargo xtask test` covers the real page.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use atlas_core::{Config, Topology};
use common::render_at;
use runtime_atlas::App;

async fn render() -> String {
    yew::LocalServerRenderer::<App>::new()
        .hydratable(false)
        .render()
        .await
}

#[tokio::test(flavor = "current_thread")]
async fn renders_header_and_configuration() {
    let html = render().await;
    assert!(html.contains("Runtime Atlas"), "{html}");
    assert!(html.contains("Kubernetes 1.28"), "{html}");
    assert!(html.contains("containerd 1.7"), "{html}");
}

#[tokio::test(flavor = "current_thread")]
async fn renders_the_components_the_default_run_uses_each_a_focusable_box() {
    let html = render().await;
    assert!(html.contains("<svg"), "{html}");
    let topology = Topology::new(&Config::default());
    let run = runtime_atlas::run::Run::default_view().expect("carried");
    let english = atlas_core::Catalog::english();
    let mut drawn = 0;
    for c in topology.components() {
        let attr = format!("data-component=\"{}\"", c.id());
        let used = run.hops.iter().any(|h| h.from == c || h.to == c);
        assert_eq!(
            html.contains(&attr),
            used,
            "{attr}: used by the run: {used}"
        );
        if used {
            drawn += 1;
            // What it is, for a screen reader; the card says more.
            let desc = english.render(&atlas_core::topology::describe(c));
            assert!(
                html.contains(&format!("aria-label=\"{}: {}\"", c.id(), escape(&desc))),
                "no label for {c}"
            );
        }
    }
    assert!(!html.contains("data-component=\"nerdctl\""));
    assert_eq!(html.matches("tabindex=\"0\"").count(), drawn);
    // The rest of the node is behind a toggle.
    assert!(html.contains("Show every component"), "{html}");
}

#[tokio::test(flavor = "current_thread")]
async fn renders_the_path_from_kubelet_to_runc() {
    let html = render().await;
    for (from, to) in [
        ("kubelet", "containerd/cri"),
        ("containerd/tasks", "containerd-shim-runc-v2"),
        ("containerd-shim-runc-v2", "runc"),
    ] {
        let edge = format!("data-from=\"{from}\" data-to=\"{to}\"");
        assert!(html.contains(&edge), "missing edge {from} → {to}");
    }
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[tokio::test(flavor = "current_thread")]
async fn renders_the_scenario_picker_with_every_scenario() {
    let html = render().await;
    for s in atlas_core::scenario::SCENARIOS {
        assert!(
            html.contains(&format!("value=\"{}\"", s.name)),
            "no option for {}",
            s.name
        );
    }
    for id in ["scenario", "k8s", "runtime", "oci", "theme", "timeline"] {
        assert!(html.contains(&format!("id=\"{id}\"")), "no #{id}");
    }
    assert!(html.contains("dockershim: removed in 1.24"), "{html}");
}

#[tokio::test(flavor = "current_thread")]
async fn renders_the_first_hop_in_the_narration_and_the_live_region() {
    let html = render().await;
    let s = &atlas_core::scenario::SCENARIOS[0];
    let run = runtime_atlas::run::Run::new(s.config(), s).expect("the default scenario runs");
    let first = &run.hops[0];
    assert!(html.contains(&format!("hop 1 / {}", run.len())), "{html}");
    assert!(
        html.contains(&format!("<code id=\"call\">{}</code>", escape(&first.call))),
        "{html}"
    );
    assert!(html.contains("aria-live=\"polite\""));
    assert!(
        html.contains(&escape(&runtime_atlas::components::announcement(
            &run,
            0,
            &runtime_atlas::i18n::Tr::english()
        )))
    );
    assert!(html.contains(&format!("$ {}", escape(&run.records[0].command))));
    // The hop's edge and both ends are lit.
    assert!(html.contains("class=\"edge iface-k8s-api lit\""), "{html}");
    assert!(html.matches("lit\"").count() >= 3);
}

#[tokio::test(flavor = "current_thread")]
async fn renders_a_window_of_the_sequence_diagram() {
    let html = render().await;
    assert!(html.contains("class=\"sequence\""));
    let rows = html.matches("data-seq=").count();
    assert!(
        rows > 0 && rows <= 2 * runtime_atlas::components::WINDOW + 1,
        "{rows} rows"
    );
}

#[tokio::test(flavor = "current_thread")]
async fn renders_every_panel_tab_and_the_export_buttons() {
    let html = render().await;
    for p in runtime_atlas::link::Panel::ALL {
        assert!(
            html.contains(&format!("id=\"tab-{}\"", p.id())),
            "no tab {p:?}"
        );
    }
    assert!(html.contains("aria-selected=\"true\""));
    for id in ["export-svg", "export-png", "export-jsonl"] {
        assert!(html.contains(&format!("id=\"{id}\"")), "no #{id}");
    }
}

/// The OCI inspector alone, drawing one document (runc chosen as the OCI runtime).
async fn render_inspector(inspect: &runtime_atlas::state::inspect::Inspect) -> String {
    use runtime_atlas::components::{Inspector, InspectorProps};
    let props = InspectorProps {
        inspect: std::rc::Rc::new(inspect.clone()),
        sample: None,
        oci: atlas_core::Oci::Runc,
        on: yew::Callback::noop(),
        on_notice: yew::Callback::noop(),
    };
    yew::LocalServerRenderer::<Inspector>::with_props(props)
        .hydratable(false)
        .render()
        .await
}

#[tokio::test(flavor = "current_thread")]
async fn renders_a_broken_document_with_each_diagnostic_at_its_line() {
    use atlas_core::oci::samples::BROKEN;
    use runtime_atlas::state::inspect::Inspect;
    let b = BROKEN
        .iter()
        .find(|b| b.file == "relative-paths.json")
        .expect("sample");
    let inspect = Inspect::text(b.file, b.text(), atlas_core::Oci::Runc);
    let html = render_inspector(&inspect).await;
    assert!(!inspect.diagnostics().is_empty());
    for d in inspect.diagnostics() {
        // The diagnostic's message sits inside the listing's item for its line.
        let start = html
            .find(&format!("data-line=\"{}\"", d.line))
            .unwrap_or_else(|| panic!("no line {}", d.line));
        let end = html[start..]
            .find("</li>")
            .map(|e| start + e)
            .unwrap_or(html.len());
        let message = d.text(&atlas_core::Catalog::english());
        assert!(
            html[start..end].contains(&escape_text(&message)),
            "line {} lacks {:?}",
            d.line,
            message
        );
    }
    assert!(html.contains("<mark class=\"error\">"), "{html}");
}

/// What the inspector shows while the inspector module is loading, and when
/// it cannot answer: the text, no diagnostics, and why.
#[tokio::test(flavor = "current_thread")]
async fn renders_the_inspector_waiting_and_failing() {
    use runtime_atlas::state::inspect::{Findings, Inspect};
    let mut i = Inspect::text("config.json", "{\"ociVersion\": 1}", atlas_core::Oci::Runc);
    i.findings = Findings::Waiting;
    let html = render_inspector(&i).await;
    assert!(html.contains("config.json: checking…"), "{html}");
    assert!(
        html.contains("ociVersion") && !html.contains("class=\"diag"),
        "{html}"
    );
    i.answer(
        Err("the inspector module could not be loaded (offline)".to_string()),
        atlas_core::Oci::Runc,
    );
    let html = render_inspector(&i).await;
    assert!(html.contains("config.json: not checked"), "{html}");
    assert!(
        html.contains("role=\"alert\"") && html.contains("could not be loaded (offline)"),
        "{html}"
    );
    assert!(html.contains("id=\"inspect-retry\""), "{html}");
}

#[tokio::test(flavor = "current_thread")]
async fn an_empty_inspector_shows_the_hint_and_no_error() {
    use runtime_atlas::state::inspect::Inspect;
    let html = render_inspector(&Inspect::text("pasted", "", atlas_core::Oci::Runc)).await;
    assert!(html.contains("Paste a config.json"), "{html}");
    assert!(!html.contains("class=\"diag"), "{html}");
    assert!(!html.contains("the document is empty"), "{html}");
    // Once there is text, its diagnostics show.
    let html = render_inspector(&Inspect::text("pasted", "{", atlas_core::Oci::Runc)).await;
    assert!(html.contains("class=\"diag error\""), "{html}");
    assert!(!html.contains("Paste a config.json"), "{html}");
}

#[tokio::test(flavor = "current_thread")]
async fn renders_a_sample_link_with_its_plan() {
    let html = render_at("#v1;p=inspector;ins=runc-default").await;
    assert!(html.contains("id=\"oci-listing\""), "{html}");
    assert!(html.contains("id=\"plan-note\""), "{html}");
    assert!(html.contains("$ runc create demo"), "{html}");
    assert!(html.contains("data-component=\"runc-init\""), "{html}");
    assert!(
        html.contains("<option value=\"s:runc-default\" selected=\"selected\">"),
        "{html}"
    );
}

#[tokio::test(flavor = "current_thread")]
async fn renders_the_state_panel_with_the_current_state_lit() {
    use runtime_atlas::state::machines::{machines, objects};
    let s = atlas_core::scenario::find("crictl-lifecycle").expect("scenario");
    let run = runtime_atlas::run::Run::new(s.config(), s).expect("runs");
    let pos = run.len() / 2;
    let objs = objects(&run);
    let obj = objs
        .iter()
        .find(|o| o.kinds.len() >= 2)
        .expect("an object seen by two layers");
    let html = render_at(&format!(
        "#v1;sc=crictl-lifecycle;hop={};p=state;obj={}",
        pos + 1,
        obj.key
    ))
    .await;
    assert!(html.contains("id=\"state-panel\""), "{html}");
    let machines = machines(&run, &obj.key, pos);
    assert!(machines.len() >= 2);
    assert!(machines.iter().any(|m| m.current.is_some()));
    for m in machines {
        if let Some(c) = m.current {
            assert!(
                html.contains(&format!(
                    "<li aria-current=\"true\" class=\"state lit\">{}</li>",
                    escape_text(&c)
                )),
                "{c} not lit"
            );
        }
    }
}

#[tokio::test(flavor = "current_thread")]
async fn renders_compare_mode_with_both_configurations() {
    let html = render_at("#v1;sc=kubectl-run;hop=5;p=compare;k2=1.28;rt2=cri-o;oci2=runc").await;
    assert!(
        html.contains("id=\"left\"") && html.contains("id=\"right\""),
        "{html}"
    );
    assert!(html.contains("Kubernetes 1.28 · CRI-O · runc"), "{html}");
    assert!(html.contains("data-component=\"conmon\""), "{html}");
    assert!(
        html.contains("data-component=\"containerd-shim-runc-v2\""),
        "{html}"
    );
    // Step 5 pairs the fifth top-level call of both runs: the same call on
    // both sides (the kubelet's GET of the root CA ConfigMap, hop 7 of each).
    assert!(
        html.contains("Left: hop 7 of 301") && html.contains("Right: hop 7 of 166"),
        "{html}"
    );
}

#[tokio::test(flavor = "current_thread")]
async fn renders_the_replay_panel_and_an_unknown_language_notice() {
    let html = render_at("#v1;p=replay;lang=fr").await;
    assert!(html.contains("id=\"replay-file\""), "{html}");
    assert!(html.contains("No trace open"), "{html}");
    assert!(
        html.contains("id=\"notice\"") && html.contains("showing English"),
        "{html}"
    );
}

fn escape_text(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The state panel on a CRI-O + crun node offers the verbs of CRI-O and crun,
/// and names them (it once named containerd's CRI plugin and runc whatever
/// the node ran).
#[tokio::test(flavor = "current_thread")]
async fn the_state_panel_on_cri_o_and_crun_names_cri_o_and_crun() {
    let s = atlas_core::scenario::find("crictl-lifecycle").expect("scenario");
    let config = atlas_core::Config {
        runtime: atlas_core::Runtime::CriO,
        oci: atlas_core::Oci::Crun,
        ..s.config()
    };
    let run = runtime_atlas::run::Run::new(config, s).expect("runs");
    // Each object's panel (CRI-O keeps the CRI's and the runtime's ids apart).
    let mut named = Vec::new();
    for o in runtime_atlas::state::machines::objects(&run) {
        let html = render_at(&format!(
            "#v1;k={};rt=cri-o;oci=crun;sc=crictl-lifecycle;hop={};p=state;obj={}",
            config.k8s,
            run.len(),
            o.key
        ))
        .await;
        named.extend(
            html.split("<span class=\"answerer\">")
                .skip(1)
                .filter_map(|t| t.split('<').next())
                .map(str::to_string),
        );
    }
    let named: Vec<&str> = named.iter().map(String::as_str).collect();
    assert!(named.contains(&"CRI-O"), "{named:?}");
    assert!(named.contains(&"crun"), "{named:?}");
    assert!(
        named
            .iter()
            .all(|n| !n.contains("containerd") && *n != "runc"),
        "{named:?}"
    );
}

/// A scenario that cannot play on the node chosen says why before playing
/// (issue 12, defect g): docker's scenarios need Docker Engine on the node.
#[tokio::test(flavor = "current_thread")]
async fn a_scenario_that_cannot_play_on_the_node_says_why() {
    let html = render_at("#v1;sc=docker-run-port;rt=containerd-1.7;k=1.28").await;
    assert!(
        html.contains("This scenario cannot play on this node"),
        "{html}"
    );
    assert!(html.contains("has no Docker Engine"), "{html}");
    let html = render_at("#v1;sc=docker-run-port;rt=cri-dockerd;k=1.28").await;
    assert!(!html.contains("cannot play"), "it plays on cri-dockerd");
}

/// The terminal alone, after the node (the core's `Sim`, answering as the
/// engine module does) ran a few commands: the contract's DOM.
#[tokio::test(flavor = "current_thread")]
async fn renders_the_terminal_with_its_blocks_colours_and_labelled_line() {
    use atlas_core::sim::{prompt, Sim, DEFAULT_SEED};
    use runtime_atlas::components::{Terminal, TerminalProps};
    use runtime_atlas::state::term::{Ask, TermAction};
    use runtime_atlas::state::{Action, AppState};
    use serde_json::json;

    // Before the module answers: the loading line, the prompt's label empty.
    let html = render_at("v1;p=term;lang=en").await;
    for want in [
        "id=\"terminal\"",
        "class=\"term\"",
        "data-ready=\"false\"",
        "id=\"term-loading\"",
        "id=\"term-out\"",
        "role=\"log\"",
        "aria-live=\"polite\"",
        "for=\"term-in\"",
        "id=\"term-in\"",
        "aria-label=\"Command line of the node",
        "id=\"tab-term\"",
    ] {
        assert!(html.contains(want), "no {want}");
    }

    let mut s = AppState::from_fragment("#v1;p=term");
    let mut sim = Sim::new(s.view.config, DEFAULT_SEED);
    let lines = [
        "kubectl run web --image=nginx",
        "printf '\\e[1;31mred\\e[0m\\n'",
    ];
    let mut to_type = lines.iter();
    for _ in 0..10 {
        let Some(t) = s.term.clone() else { break };
        let Some((serial, ask)) = t.asking.clone() else {
            let Some(line) = to_type.next() else { break };
            s = s.apply(Action::Term(TermAction::Submit(line.to_string())));
            continue;
        };
        let results: Vec<_> = match &ask {
            Ask::Run(_, ls) => ls
                .iter()
                .map(|l| {
                    let step = serde_json::to_value(sim.run_line(l)).expect("a step");
                    json!({"kind": "run", "line": l, "prompt": prompt("/root"), "step": step})
                })
                .collect(),
            _ => Vec::new(),
        };
        let answer = json!({"results": results, "prompt": prompt("/root"), "pending": "",
            "following": false, "clock": sim.world().now_ms() as f64});
        s = s.apply(Action::Term(TermAction::Answer(
            t.gen,
            serial,
            Ok(answer.to_string()),
        )));
    }
    let term = s.term.clone().expect("a terminal");
    assert_eq!(term.blocks.len(), 2);
    let props = TerminalProps {
        term: std::rc::Rc::clone(&term),
        clock: term.clock.1,
        on: yew::Callback::noop(),
    };
    let html = yew::LocalServerRenderer::<Terminal>::with_props(props)
        .hydratable(false)
        .render()
        .await;
    assert!(html.contains("data-ready=\"true\""), "{html}");
    assert_eq!(html.matches("class=\"term-block\"").count(), 2, "{html}");
    assert!(html.contains("<span class=\"term-prompt\">root@node-1:~# </span>"));
    assert!(html.contains("<span class=\"term-cmd\">kubectl run web --image=nginx</span>"));
    assert!(html.contains("pod/web created"), "{html}");
    assert!(html.contains("<span class=\"c31 b\">red</span>"), "{html}");
    assert!(html.contains("id=\"term-clock\""));
    assert!(!html.contains("term-loading"));
}
