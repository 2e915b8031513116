//! One component of the topology: a focusable box with its id and a hover text.

use crate::layout::{NodeBox, NODE_H};
use atlas_core::topology::describe;
use atlas_core::Component;
use yew::prelude::*;

/// Props of [`Node`].
#[derive(Properties, PartialEq)]
pub struct NodeProps {
    /// Where and what.
    pub node: NodeBox,
    /// Whether the node is the one focused or hovered.
    #[prop_or_default]
    pub active: bool,
    /// Lit: an end of the current hop.
    #[prop_or_default]
    pub lit: bool,
    /// Called with the component on focus or hover, and `None` when it ends.
    pub on_active: Callback<Option<Component>>,
}

/// A component's box.
#[function_component(Node)]
pub fn node(props: &NodeProps) -> Html {
    let n = props.node;
    let c = n.component;
    let describe = use_context::<crate::i18n::Tr>()
        .unwrap_or_default()
        .msg(&describe(c));
    let on = {
        let cb = props.on_active.clone();
        Callback::from(move |_: FocusEvent| cb.emit(Some(c)))
    };
    let off = {
        let cb = props.on_active.clone();
        Callback::from(move |_: FocusEvent| cb.emit(None))
    };
    let enter = {
        let cb = props.on_active.clone();
        Callback::from(move |_: MouseEvent| cb.emit(Some(c)))
    };
    let leave = {
        let cb = props.on_active.clone();
        Callback::from(move |_: MouseEvent| cb.emit(None))
    };
    let class = classes!(
        "node",
        tier_class(n.tier),
        props.active.then_some("active"),
        props.lit.then_some("lit")
    );
    html! {
        <g
            class={class}
            tabindex="0"
            role="img"
            aria-label={format!("{}: {}", c.id(), describe)}
            data-component={c.id()}
            onfocus={on}
            onblur={off}
            onmouseenter={enter}
            onmouseleave={leave}
        >
            <title>{ describe }</title>
            <rect x={n.x.to_string()} y={n.y.to_string()} width={n.w.to_string()}
                height={n.h.to_string()} rx="6" />
            <text x={n.cx().to_string()} y={(n.y + NODE_H / 2).to_string()}
                text-anchor="middle" dominant-baseline="central">{ c.id() }</text>
        </g>
    }
}

/// CSS class of a tier.
pub fn tier_class(t: atlas_core::topology::Tier) -> &'static str {
    use atlas_core::topology::Tier;
    match t {
        Tier::Clients => "tier-clients",
        Tier::NodeAgent => "tier-node-agent",
        Tier::HighLevel => "tier-high-level",
        Tier::Shim => "tier-shim",
        Tier::OciRuntime => "tier-oci-runtime",
        Tier::Kernel => "tier-kernel",
    }
}
