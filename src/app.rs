//! The root component: picks the configuration, asks the core for its
//! topology, and hands the pieces to the views.

use crate::components::{ConfigError as ConfigErrorView, Header, Legend, TopologyView};
use crate::layout::layout;
use atlas_core::{Config, Topology};
use std::rc::Rc;
use yew::prelude::*;

/// Human label of a configuration, e.g. `Kubernetes 1.28 · containerd 1.7 · runc`.
pub fn config_label(config: &Config) -> String {
    format!(
        "Kubernetes {} · {} · {}",
        config.k8s,
        config.runtime.label(),
        config.oci.id()
    )
}

/// The app.
#[function_component(App)]
pub fn app() -> Html {
    let config = Config::default();
    let label = config_label(&config);
    let diagram = use_memo(config, |config| {
        config.check().map(|()| {
            let topology = Topology::new(config);
            Rc::new(layout(&topology))
        })
    });
    let body = match &*diagram {
        Ok(l) => html! {
            <>
                <TopologyView layout={Rc::clone(l)} label={label.clone()} />
                <Legend layout={Rc::clone(l)} />
            </>
        },
        Err(e) => html! { <ConfigErrorView message={e.to_string()} /> },
    };
    html! {
        <>
            <Header config_label={label} />
            <main class="atlas">{ body }</main>
        </>
    }
}
