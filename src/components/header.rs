//! The page header: the name and the configuration shown.

use yew::prelude::*;

/// Props of [`Header`].
#[derive(Properties, PartialEq)]
pub struct HeaderProps {
    /// E.g. `Kubernetes 1.28 · containerd 1.7 · runc`.
    pub config_label: AttrValue,
}

/// The page header.
#[function_component(Header)]
pub fn header(props: &HeaderProps) -> Html {
    html! {
        <header class="site">
            <h1>{ "Runtime Atlas" }</h1>
            <p class="config" aria-label="configuration">{ props.config_label.clone() }</p>
        </header>
    }
}
