//! The app rendered to HTML without a browser (Yew SSR): the first render must
//! show the default configuration's topology. Interaction needs a browser; the
//! browser smoke test of `cargo xtask test` covers the real page.
#![cfg(not(target_arch = "wasm32"))]

use atlas_core::{Config, Topology};
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
async fn renders_every_component_of_the_default_topology() {
    let html = render().await;
    assert!(html.contains("<svg"), "{html}");
    let topology = Topology::new(&Config::default());
    for c in topology.components() {
        let attr = format!("data-component=\"{}\"", c.id());
        assert!(html.contains(&attr), "missing {attr}");
        let desc = atlas_core::topology::describe(c);
        assert!(
            html.contains(&format!("<title>{}</title>", escape(desc))),
            "no title for {c}"
        );
    }
    assert_eq!(
        html.matches("tabindex=\"0\"").count(),
        topology.components().len()
    );
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
    assert!(html.contains(&escape(&runtime_atlas::components::announcement(&run, 0))));
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
