//! Shown instead of the diagram when a configuration cannot exist.

use yew::prelude::*;

/// Props of [`ConfigError`].
#[derive(Properties, PartialEq)]
pub struct ConfigErrorProps {
    /// The core's refusal, as it words it.
    pub message: AttrValue,
}

/// The refusal of an impossible configuration.
#[function_component(ConfigError)]
pub fn config_error(props: &ConfigErrorProps) -> Html {
    html! {
        <section class="refusal" role="alert">
            <h2>{ "This configuration cannot exist" }</h2>
            <p>{ props.message.clone() }</p>
        </section>
    }
}
