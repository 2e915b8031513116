//! The topology diagram: tier rows, edges underneath, nodes on top; by
//! default only what the run uses (a toggle shows every component), and the
//! card of the component focused or clicked.

use super::card::{Card, CardProps};
use super::node::tier_class;
use super::{Edge, Node, Token};
use crate::layout::{layout_hops, tier_label_rect, Layout, GUTTER, MARGIN};
use crate::run::Run;
use atlas_core::{Component, Config, Iface};
use std::rc::Rc;
use yew::prelude::*;

/// How much larger than its natural size the drawing may grow to fill a
/// wide area (its labels are 12 px at the natural size, and never smaller:
/// a narrower area scrolls sideways).
pub const MAX_SCALE: f64 = 1.75;

/// How the drawing fits its area.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Fit {
    /// The page: never smaller than its natural size (12 px labels; a
    /// narrow area scrolls sideways), up to [`MAX_SCALE`] larger as long as
    /// it fits the window's height.
    #[default]
    Page,
    /// An embed: the area's width, at most `--diagram-max-h` high, scaled
    /// between [`EMBED_MIN_SCALE`] and [`MAX_SCALE`]; larger than its area,
    /// it is clipped and the active hop's two boxes are kept in view.
    Embed,
    /// Presenter mode: the whole area, at most `--diagram-max-h` high.
    Present,
}

/// How much smaller than its natural size an embed's drawing may get
/// (labels of about 10 px).
pub const EMBED_MIN_SCALE: f64 = 0.85;

impl Fit {
    /// The SVG's inline style for a drawing `w`×`h` (`same_scale`: compare
    /// mode, one unit a CSS pixel).
    fn style(self, w: i32, h: i32, same_scale: bool) -> String {
        let scaled = |k: f64| (f64::from(w) * k).round();
        match self {
            Fit::Page if same_scale => format!("width:{w}px;min-width:{w}px;max-width:{w}px"),
            Fit::Page => format!(
                "min-width:{w}px;max-width:{}px;max-height:max(calc(100vh - 7.5rem),{h}px)",
                scaled(MAX_SCALE)
            ),
            Fit::Embed => format!(
                "width:100%;min-width:{}px;max-width:{}px;min-height:{}px;max-height:var(--diagram-max-h,100%)",
                scaled(EMBED_MIN_SCALE),
                scaled(MAX_SCALE),
                (f64::from(h) * EMBED_MIN_SCALE).round()
            ),
            Fit::Present => {
                "width:100%;height:100%;max-height:var(--diagram-max-h,100%)".to_string()
            }
        }
    }
}

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
    /// The run being played: the diagram draws only the components and
    /// edges it uses (unless the reader asks for every one), and a card
    /// lists a component's calls and objects in it.
    #[prop_or_default]
    pub run: Option<Rc<Run>>,
    /// The hop shown (for the objects' states on a card).
    #[prop_or_default]
    pub pos: usize,
    /// The node's configuration (for a card's program and sockets).
    #[prop_or_default]
    pub config: Option<Config>,
    /// Drawn at its natural size, one unit a CSS pixel (compare mode: both
    /// sides at the same scale, so a bigger node looks bigger).
    #[prop_or_default]
    pub same_scale: bool,
    /// How the drawing fits its area.
    #[prop_or_default]
    pub fit: Fit,
    /// The hops drawn (0-based, inclusive; clamped to the run): an embed's
    /// or a scene's range draws only the components those hops use.
    #[prop_or_default]
    pub range: Option<(usize, usize)>,
}

/// The diagram compares by identity.
impl PartialEq for TopologyViewProps {
    fn eq(&self, o: &Self) -> bool {
        Rc::ptr_eq(&self.layout, &o.layout)
            && self.label == o.label
            && self.active == o.active
            && self.motion == o.motion
            && match (&self.run, &o.run) {
                (Some(a), Some(b)) => Rc::ptr_eq(a, b),
                (None, None) => true,
                _ => false,
            }
            && self.config == o.config
            && self.same_scale == o.same_scale
            && self.fit == o.fit
            && self.range == o.range
            // The hop matters only to an open card, whose own props compare it.
            && self.pos == o.pos
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
    // "Show every component": off, the diagram is the run's own.
    let every = use_state(|| false);
    let card = use_state(|| None::<Component>);
    // A scenario's run draws what it uses; a trace or a plan is drawn from
    // its hops already (no topology to hide).
    let scenario_run = props
        .run
        .as_ref()
        .filter(|r| r.source().is_some())
        .map(Rc::clone);
    let used = {
        let run = scenario_run.clone().map(crate::run::Same);
        use_memo((run, props.range), |(run, range)| {
            run.as_ref().map(|r| {
                let hops = &r.0.hops;
                let last = hops.len().saturating_sub(1);
                let drawn = match range {
                    Some((a, b)) => hops.get((*a).min(last)..=(*b).min(last)).unwrap_or(hops),
                    None => hops,
                };
                Rc::new(layout_hops(drawn))
            })
        })
    };
    let l: &Rc<Layout> = match (&*used, *every) {
        (Some(u), false) => u,
        _ => &props.layout,
    };
    let focused = *active;
    let view_box = format!("0 0 {} {}", l.width, l.height);
    let bands = l.rows.iter().map(|r| {
        let (top, _) = tier_label_rect(r.y);
        html! {
            <g class={classes!("band", tier_class(r.tier))}>
                <rect x="0" y={(top - 2).to_string()} width={l.width.to_string()}
                    height={(r.bottom + 12 - top).to_string()} />
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
        let (top, h) = tier_label_rect(r.y);
        html! {
            <g class={classes!("band", tier_class(r.tier))}>
                <rect class="label-bg" x="0" y={top.to_string()}
                    width={w.to_string()} height={h.to_string()} rx="3" />
                <text x="10" y={(top + h / 2).to_string()} dominant-baseline="central">
                    { label }
                </text>
            </g>
        }
    });
    // Arrowheads sized in drawing units, not in stroke widths: a lit edge's
    // thicker stroke (5 in presenter mode) would make a head 35 units wide.
    // The lit edge has its own, a little larger.
    let markers = Iface::ALL.iter().flat_map(|i| {
        [("arrow", "9"), ("arrow-lit", "13")].map(|(kind, size)| {
            html! {
                <marker id={format!("{kind}-{}", i.id())} class={format!("arrow iface-{}", i.id())}
                    viewBox="0 0 10 10" refX="9" refY="5" markerUnits="userSpaceOnUse"
                    markerWidth={size} markerHeight={size} orient="auto-start-reverse">
                    <path d="M0 0L10 5L0 10z" />
                </marker>
            }
        })
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
        // On narrow screens the drawing scrolls: keep the hop's ends in view
        // (an embed's clipped drawing: both ways).
        let figure = figure.clone();
        // The span to show: the ends' boxes, with room on their left for
        // the pinned tier names.
        let (lo, hi, top, bottom) = l
            .nodes
            .iter()
            .filter(|n| active.is_some_and(|h| h.from == n.component || h.to == n.component))
            .fold(
                (i32::MAX, i32::MIN, i32::MAX, i32::MIN),
                |(lo, hi, t, b), n| {
                    (
                        lo.min(n.x - GUTTER),
                        hi.max(n.x + n.w + MARGIN),
                        t.min(n.y - MARGIN),
                        b.max(n.y + n.h + MARGIN),
                    )
                },
            );
        let (w, h) = (f64::from(l.width.max(1)), f64::from(l.height.max(1)));
        let span = (lo <= hi).then(|| {
            (
                f64::from(lo.max(0)) / w,
                f64::from(hi) / w,
                f64::from(top.max(0)) / h,
                f64::from(bottom) / h,
            )
        });
        let camera = props.fit == Fit::Embed;
        // Again when the drawing changes at the same position (another configuration).
        let drawing = Rc::as_ptr(l) as usize;
        use_effect_with((active.map(|h| h.pos), drawing), move |_| {
            match (figure.cast::<web_sys::Element>(), span) {
                (Some(el), Some((lo, hi, top, bottom))) => {
                    if camera {
                        crate::browser::reveal_xy(&el, lo, hi, top, bottom);
                    } else {
                        crate::browser::reveal_x(&el, lo, hi);
                    }
                }
                (Some(el), None) if camera => crate::browser::camera_off(&el),
                _ => {}
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
    let refocus = use_mut_ref(|| None::<Component>);
    let quiet = use_mut_ref(|| false);
    let on_open = {
        let card = card.clone();
        let quiet = quiet.clone();
        Callback::from(move |c: Component| {
            if !*quiet.borrow() {
                card.set(Some(c));
            }
        })
    };
    let nodes = l.nodes.iter().map(|n| {
        html! {
            <Node node={*n} active={focused == Some(n.component)} lit={lit_node(n.component)}
                open={*card == Some(n.component)}
                on_active={on_active.clone()} on_open={on_open.clone()} />
        }
    });
    // Escape closes the card and gives the focus back to its box, once the
    // card is gone (without opening the card again).
    let close = {
        let card = card.clone();
        let refocus = refocus.clone();
        Callback::from(move |()| {
            *refocus.borrow_mut() = *card;
            card.set(None);
        })
    };
    {
        let figure = figure.clone();
        let refocus = refocus.clone();
        let quiet = quiet.clone();
        use_effect(move || {
            let again = refocus.borrow_mut().take();
            if let (Some(c), Some(el)) = (again, figure.cast::<web_sys::Element>()) {
                *quiet.borrow_mut() = true;
                crate::browser::focus_in(&el, &format!("[data-component=\"{}\"]", c.id()));
                *quiet.borrow_mut() = false;
            }
        });
    }
    let on_key = {
        let close = close.clone();
        let open = card.is_some();
        Callback::from(move |e: KeyboardEvent| {
            if open && e.key() == "Escape" {
                e.stop_propagation();
                close.emit(());
            }
        })
    };
    let shown_card = (*card)
        .filter(|c| l.nodes.iter().any(|n| n.component == *c))
        .map(|c| {
            let p = CardProps {
                component: c,
                config: props.config.or_else(|| {
                    props
                        .run
                        .as_ref()
                        .and_then(|r| r.source())
                        .map(|a| a.config)
                }),
                edges: l.edges.iter().filter(|e| e.touches(c)).cloned().collect(),
                run: props.run.clone(),
                pos: props.pos,
                on_close: close.clone(),
            };
            html! { <Card ..p /> }
        });
    let toggle = used.is_some().then(|| {
        let every = every.clone();
        let on = *every;
        let flip = Callback::from(move |_: MouseEvent| every.set(!on));
        html! {
            <button type="button" class="show-every" aria-pressed={on.to_string()} onclick={flip}>
                { tr.t(if on { "card-show-run" } else { "card-show-all" }) }
            </button>
        }
    });
    html! {
        <figure class={classes!("topology", card.is_some().then_some("carded"))} onkeydown={on_key}>
            { for toggle }
            <div class="scroller" ref={figure} onscroll={on_scroll}>
            // Sized by its fit (the page's: never smaller than its natural
            // size; CSS pixels, so browser zoom enlarges it).
            <svg viewBox={view_box} width={l.width.to_string()} height={l.height.to_string()}
                role="group" aria-labelledby="topology-title"
                style={props.fit.style(l.width, l.height, props.same_scale)}>
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
            { for shown_card }
            <figcaption>
                { tr.t("app-topology-caption") }
            </figcaption>
            // The interfaces of the drawing shown (the run's, or every one).
            { super::legend(l) }
        </figure>
    }
}
