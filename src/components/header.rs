//! The page header: the name and the configuration shown.

use yew::prelude::*;

/// The page header; `config_label` is e.g. `Kubernetes 1.28 · containerd 1.7 · runc`.
///
/// A view function, not a component: it has no state and is drawn once per
/// frame of the page, and a component costs the app's wasm its own copy of
/// yew's mounting and diffing code.
pub fn header(config_label: String) -> Html {
    html! {
        <header class="site">
            <h1>{ "Runtime Atlas" }</h1>
            <p class="config" aria-label="configuration">{ config_label }</p>
        </header>
    }
}
