//! The topology diagram: tier rows, edges underneath, nodes on top.

use super::node::tier_class;
use super::{Edge, Node, Token};
use crate::layout::{Layout, GUTTER, MARGIN, NODE_H};
use atlas_core::{Component, Iface};
use std::rc::Rc;
use yew::prelude::*;

/// Props of [`TopologyView`].
#[derive(Properties)]
pub struct TopologyViewProps {
    /// The laid-out topology.
    pub layout: Rc<Layout>,
    /// The configuration's label, for the accessible title.
    pub label: AttrValue,
    /// The hop being shown, if any.
    #[prop_or_default]
    pub active: Option<ActiveHop>,
    /// Whether the token may move (false when the reader prefers reduced motion).
    #[prop_or(true)]
    pub motion: bool,
}

/// The diagram compares by identity.
impl PartialEq for TopologyViewProps {
    fn eq(&self, o: &Self) -> bool {
        Rc::ptr_eq(&self.layout, &o.layout)
            && self.label == o.label
            && self.active == o.active
            && self.motion == o.motion
    }
}

/// The hop being shown: its ends, its position (so the token restarts) and how
/// long the token travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ActiveHop {
    /// Caller.
    pub from: Component,
    /// Callee.
    pub to: Component,
    /// Index of the hop in the run.
    pub pos: usize,
    /// Travel time of the token.
    pub dur_ms: u32,
}

impl ActiveHop {
    /// Whether an edge (a, b) carries this hop; `Some(reverse)` when it does.
    pub fn along(&self, a: Component, b: Component) -> Option<bool> {
        if a == self.from && b == self.to {
            Some(false)
        } else if a == self.to && b == self.from {
            Some(true)
        } else {
            None
        }
    }
}

/// The diagram.
#[function_component(TopologyView)]
pub fn topology_view(props: &TopologyViewProps) -> Html {
    let tr = use_context::<crate::i18n::Tr>().unwrap_or_default();
    let active = use_state(|| None::<Component>);
    let on_active = {
        let active = active.clone();
        Callback::from(move |c: Option<Component>| active.set(c))
    };
    let l = &props.layout;
    let focused = *active;
    let view_box = format!("0 0 {} {}", l.width, l.height);
    let bands = l.rows.iter().map(|r| {
        html! {
            <g class={classes!("band", tier_class(r.tier))}>
                <rect x="0" y={(r.y - 14).to_string()} width={l.width.to_string()}
                    height={(NODE_H + 28).to_string()} />
            </g>
        }
    });
    // Isolation boundaries, behind the edges: a Kata VM, a gVisor sandbox.
    let frames = l.frames.iter().map(|f| {
        let label = tr.msg(&f.label);
        html! {
            <g class="frame">
                <title>{ format!("{}: {}", label, tr.msg(&f.note)) }</title>
                <rect x={f.x.to_string()} y={f.y.to_string()} width={f.w.to_string()}
                    height={f.h.to_string()} rx="10" />
                <text x={(f.x + 10).to_string()} y={(f.y - 5).to_string()}>{ label }</text>
            </g>
        }
    });
    // The tier names, on top of everything: when the drawing scrolls sideways
    // (a phone, compare mode) they stay at the visible left edge, on a strip
    // of their band's colour.
    let tier_labels = l.rows.iter().map(|r| {
        let label = tr.msg(&r.tier.label());
        let w = 20 + crate::layout::text_width(&label);
        html! {
            <g class={classes!("band", tier_class(r.tier))}>
                <rect class="label-bg" x="0" y={(r.y + NODE_H / 2 - 11).to_string()}
                    width={w.to_string()} height="22" rx="3" />
                <text x="12" y={(r.y + NODE_H / 2).to_string()} dominant-baseline="central">
                    { label }
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
    let active = props.active;
    let lit_edge = active.and_then(|h| {
        l.edges
            .iter()
            .find_map(|e| h.along(e.a, e.b).map(|rev| (e, rev)))
    });
    let edges = l.edges.iter().map(|e| {
        let hot = focused.is_some_and(|c| e.touches(c));
        let dim = focused.is_some() && !hot;
        let lit = lit_edge.is_some_and(|(le, _)| std::ptr::eq(le, e));
        html! { <Edge edge={e.clone()} hot={hot} dim={dim} lit={lit} /> }
    });
    let token = match (lit_edge, active) {
        (Some((e, reverse)), Some(h)) if props.motion => html! {
            <Token key={h.pos} d={e.d.clone()} reverse={reverse} dur_ms={h.dur_ms} />
        },
        _ => html! {},
    };
    let figure = use_node_ref();
    {
        // On narrow screens the drawing scrolls: keep the hop's ends in view.
        let figure = figure.clone();
        // The span to show: the ends' boxes, with room on their left for
        // the pinned tier names.
        let (lo, hi) = l
            .nodes
            .iter()
            .filter(|n| active.is_some_and(|h| h.from == n.component || h.to == n.component))
            .fold((i32::MAX, i32::MIN), |(lo, hi), n| {
                (lo.min(n.x - GUTTER), hi.max(n.x + n.w + MARGIN))
            });
        let w = f64::from(l.width.max(1));
        let span = (lo <= hi).then(|| (f64::from(lo.max(0)) / w, f64::from(hi) / w));
        // Again when the drawing changes at the same position (another configuration).
        let drawing = Rc::as_ptr(&props.layout) as usize;
        use_effect_with((active.map(|h| h.pos), drawing), move |_| {
            if let (Some(el), Some((lo, hi))) = (figure.cast::<web_sys::Element>(), span) {
                crate::browser::reveal_x(&el, lo, hi);
            }
        });
    }
    {
        // After every render (a new layout draws new labels) and on scroll.
        let figure = figure.clone();
        let width = l.width;
        use_effect(move || {
            if let Some(el) = figure.cast::<web_sys::Element>() {
                crate::browser::pin_left(&el, ".tier-labels", width);
            }
        });
    }
    let on_scroll = {
        let width = l.width;
        Callback::from(move |e: Event| {
            let el: web_sys::Element = e.target_unchecked_into();
            crate::browser::pin_left(&el, ".tier-labels", width);
        })
    };
    let lit_node = |c: Component| active.is_some_and(|h| h.from == c || h.to == c);
    let nodes = l.nodes.iter().map(|n| {
        html! {
            <Node node={*n} active={focused == Some(n.component)} lit={lit_node(n.component)}
                on_active={on_active.clone()} />
        }
    });
    html! {
        <figure class="topology">
            <div class="scroller" ref={figure} onscroll={on_scroll}>
            <svg viewBox={view_box} width={l.width.to_string()} height={l.height.to_string()}
                role="group" aria-labelledby="topology-title"
                style={format!("min-width:{}px;max-width:{}px", ((GUTTER + MARGIN) * 3).min(l.width), l.width)}>
                <title id="topology-title">
                    { tr.msg(&atlas_core::msg!("app-topology-title", label = props.label.to_string())) }
                </title>
                <defs>{ for markers }</defs>
                <g class="bands">{ for bands }</g>
                <g class="frames">{ for frames }</g>
                <g class="edges">{ for edges }</g>
                <g class="nodes">{ for nodes }</g>
                <g class="tokens">{ token }</g>
                <g class="tier-labels pinned">{ for tier_labels }</g>
            </svg>
            </div>
            <figcaption>
                { tr.t("app-topology-caption") }
            </figcaption>
        </figure>
    }
}
