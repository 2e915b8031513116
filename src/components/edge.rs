//! The interfaces between two components: one path, arrows for each direction.

use crate::layout::EdgePath;
use yew::prelude::*;

/// Props of [`Edge`].
#[derive(Properties, PartialEq)]
pub struct EdgeProps {
    /// The path and what it stands for.
    pub edge: EdgePath,
    /// Highlighted: it touches the focused component.
    #[prop_or_default]
    pub hot: bool,
    /// Dimmed: another component is focused.
    #[prop_or_default]
    pub dim: bool,
    /// Lit: the current hop runs along it.
    #[prop_or_default]
    pub lit: bool,
}

/// An edge of the topology.
#[function_component(Edge)]
pub fn edge(props: &EdgeProps) -> Html {
    let e = &props.edge;
    let iface = e.primary().id();
    let kind = if props.lit { "arrow-lit" } else { "arrow" };
    let marker = format!("url(#{kind}-{iface})");
    let class = classes!(
        "edge",
        format!("iface-{iface}"),
        props.hot.then_some("hot"),
        props.dim.then_some("dim"),
        props.lit.then_some("lit")
    );
    html! {
        <path
            class={class}
            d={e.d.clone()}
            marker-end={(!e.forward.is_empty()).then(|| marker.clone())}
            marker-start={(!e.backward.is_empty()).then_some(marker)}
            data-from={e.a.id()}
            data-to={e.b.id()}
        >
            <title>{ e.summary() }</title>
        </path>
    }
}
