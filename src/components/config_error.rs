//! Shown instead of the diagram when a configuration cannot exist, or when
//! the scenario cannot play on the node chosen.

use yew::prelude::*;

/// Props of [`ConfigError`].
#[derive(Properties, PartialEq)]
pub struct ConfigErrorProps {
    /// The core's refusal, as it words it.
    pub message: AttrValue,
    /// Whether the configuration can exist (then it is the scenario that
    /// cannot play on it).
    #[prop_or_default]
    pub possible: bool,
}

/// The refusal.
#[function_component(ConfigError)]
pub fn config_error(props: &ConfigErrorProps) -> Html {
    let title = if props.possible {
        "This scenario cannot play on this node"
    } else {
        "This configuration cannot exist"
    };
    html! {
        <section class="refusal" role="alert">
            <h2>{ title }</h2>
            <p>{ props.message.clone() }</p>
        </section>
    }
}
