//! One component of the topology: a focusable box with its id; focusing or
//! clicking it opens its card.

use crate::layout::{label_lines, NodeBox};
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
    /// Whether its card is open.
    #[prop_or_default]
    pub open: bool,
    /// Called with the component on focus or hover, and `None` when it ends.
    pub on_active: Callback<Option<Component>>,
    /// Called with the component on focus or click: open its card.
    pub on_open: Callback<Component>,
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
        let open = props.on_open.clone();
        Callback::from(move |_: FocusEvent| {
            cb.emit(Some(c));
            open.emit(c);
        })
    };
    let click = {
        let open = props.on_open.clone();
        Callback::from(move |_: MouseEvent| open.emit(c))
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
        props.lit.then_some("lit"),
        props.open.then_some("open")
    );
    let (first, second) = label_lines(c);
    let label = match first {
        Some(first) => html! {
            <text x={n.cx().to_string()} y={(n.y + n.h / 2).to_string()} text-anchor="middle">
                <tspan x={n.cx().to_string()} dy="-0.15em">{ first }</tspan>
                <tspan x={n.cx().to_string()} dy="1.1em" class="label">{ second }</tspan>
            </text>
        },
        None => html! {
            <text x={n.cx().to_string()} y={(n.y + n.h / 2).to_string()}
                text-anchor="middle" dominant-baseline="central" class="label">{ second }</text>
        },
    };
    html! {
        <g
            class={class}
            tabindex="0"
            role="button"
            aria-haspopup="dialog"
            aria-expanded={props.open.to_string()}
            aria-label={format!("{}: {}", c.id(), describe)}
            data-component={c.id()}
            onfocus={on}
            onblur={off}
            onclick={click}
            onmouseenter={enter}
            onmouseleave={leave}
        >
            <rect x={n.x.to_string()} y={n.y.to_string()} width={n.w.to_string()}
                height={n.h.to_string()} rx="6" />
            { label }
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
