//! The topology diagram: tier rows, edges underneath, nodes on top.

use super::node::tier_class;
use super::{Edge, Node};
use crate::layout::{Layout, GUTTER, MARGIN, NODE_H};
use atlas_core::{Component, Iface};
use std::rc::Rc;
use yew::prelude::*;

/// Props of [`TopologyView`].
#[derive(Properties, PartialEq)]
pub struct TopologyViewProps {
    /// The laid-out topology.
    pub layout: Rc<Layout>,
    /// The configuration's label, for the accessible title.
    pub label: AttrValue,
}

/// The diagram.
#[function_component(TopologyView)]
pub fn topology_view(props: &TopologyViewProps) -> Html {
    let active = use_state(|| None::<Component>);
    let on_active = {
        let active = active.clone();
        Callback::from(move |c: Option<Component>| active.set(c))
    };
    let l = &props.layout;
    let focused = *active;
    let view_box = format!("0 0 {} {}", l.width, l.height);
    let bands = l.rows.iter().map(|r| {
        let y = r.y - 14;
        html! {
            <g class={classes!("band", tier_class(r.tier))}>
                <rect x="0" y={y.to_string()} width={l.width.to_string()}
                    height={(NODE_H + 28).to_string()} />
                <text x="12" y={(r.y + NODE_H / 2).to_string()} dominant-baseline="central">
                    { r.tier.label() }
                </text>
            </g>
        }
    });
    let markers = Iface::ALL.iter().map(|i| {
        html! {
            <marker id={format!("arrow-{}", i.id())} class={format!("arrow iface-{}", i.id())}
                viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7"
                orient="auto-start-reverse">
                <path d="M0 0L10 5L0 10z" />
            </marker>
        }
    });
    let edges = l.edges.iter().map(|e| {
        let hot = focused.is_some_and(|c| e.touches(c));
        let dim = focused.is_some() && !hot;
        html! { <Edge edge={e.clone()} hot={hot} dim={dim} /> }
    });
    let nodes = l.nodes.iter().map(|n| {
        html! {
            <Node node={*n} active={focused == Some(n.component)}
                on_active={on_active.clone()} />
        }
    });
    html! {
        <figure class="topology">
            <svg viewBox={view_box} width={l.width.to_string()} height={l.height.to_string()}
                role="group" aria-labelledby="topology-title"
                style={format!("min-width:{}px", (GUTTER + MARGIN) * 3)}>
                <title id="topology-title">
                    { format!("Components of a node and how they talk: {}", props.label) }
                </title>
                <defs>{ for markers }</defs>
                <g class="bands">{ for bands }</g>
                <g class="edges">{ for edges }</g>
                <g class="nodes">{ for nodes }</g>
            </svg>
            <figcaption>
                { "Every box is a process or a part of one; every line an interface. \
                   Hover or focus (Tab) a box to see what it is and whom it talks to." }
            </figcaption>
        </figure>
    }
}
