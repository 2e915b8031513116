//! A component's card, beside the diagram (a sheet at the bottom on a
//! phone): what it is, its program and sockets under the configuration (the
//! core's [`atlas_core::endpoint::card`]), whom it talks to in this run, and
//! the states of the objects it keeps at the hop shown.

use crate::layout::EdgePath;
use crate::run::Run;
use atlas_core::endpoint::{card, keeps, Role};
use atlas_core::{Component, Config, Layer};
use std::rc::Rc;
use yew::prelude::*;

/// Props of [`Card`].
#[derive(Properties, Clone)]
pub struct CardProps {
    /// The component.
    pub component: Component,
    /// The node's configuration, when the run has one.
    pub config: Option<Config>,
    /// The diagram's edges that touch it.
    pub edges: Vec<EdgePath>,
    /// The run, for the objects' states.
    pub run: Option<Rc<Run>>,
    /// The hop shown.
    pub pos: usize,
    /// Closes the card.
    pub on_close: Callback<()>,
}

impl PartialEq for CardProps {
    fn eq(&self, o: &Self) -> bool {
        self.component == o.component
            && self.config == o.config
            && self.edges == o.edges
            && match (&self.run, &o.run) {
                (Some(a), Some(b)) => Rc::ptr_eq(a, b),
                (None, None) => true,
                _ => false,
            }
            && self.pos == o.pos
    }
}

/// The objects a component keeps and their states at hop `pos`: (kind, id,
/// state), in order of first appearance.
pub fn objects_at(
    run: &Run,
    pos: usize,
    c: Component,
    config: &Config,
) -> Vec<(String, String, String)> {
    let mut out: Vec<(String, String, Layer, String)> = Vec::new();
    for h in run.hops.iter().take(pos.saturating_add(1)) {
        for e in &h.effects {
            let (kind, id) = e.object.split_once('/').unwrap_or((&e.object, ""));
            if !keeps(c, kind, e.layer, config) {
                continue;
            }
            match out
                .iter_mut()
                .find(|o| o.0 == kind && o.1 == id && o.2 == e.layer)
            {
                Some(o) => o.3.clone_from(&e.to),
                None => out.push((kind.to_string(), id.to_string(), e.layer, e.to.clone())),
            }
        }
    }
    out.into_iter().map(|(k, i, _, s)| (k, i, s)).collect()
}

/// The card.
#[function_component(Card)]
pub fn card_view(props: &CardProps) -> Html {
    let tr = use_context::<crate::i18n::Tr>().unwrap_or_default();
    let c = props.component;
    let facts = props
        .config
        .map(|cfg| card(c, &cfg).facts)
        .unwrap_or_default();
    let has_facts = !facts.is_empty();
    let what = tr.msg(&atlas_core::topology::describe(c));
    let facts = facts.iter().map(|f| {
        let value = (!f.value.is_empty()).then(|| html! { <code>{ f.value.clone() }</code> });
        let note = f.note.as_ref().map(|n| {
            let text = tr.msg(n);
            if f.role == Role::NoSocket {
                html! { <span>{ text }</span> }
            } else {
                html! { <span class="note">{ text }</span> }
            }
        });
        html! {
            <>
                <dt>{ tr.msg(&f.role.label()) }</dt>
                <dd>{ for value }{ for note }</dd>
            </>
        }
    });
    let talks = props.edges.iter().map(|e| {
        let (other, out, back) = if e.a == c {
            (e.b, &e.forward, &e.backward)
        } else {
            (e.a, &e.backward, &e.forward)
        };
        let join = |v: &Vec<atlas_core::Iface>| {
            v.iter().map(|i| i.id()).collect::<Vec<_>>().join(", ")
        };
        let arrow = match (out.is_empty(), back.is_empty()) {
            (false, false) => "⇄",
            (false, true) => "→",
            _ => "←",
        };
        let mut ifaces: Vec<atlas_core::Iface> = out.clone();
        for i in back {
            if !ifaces.contains(i) {
                ifaces.push(*i);
            }
        }
        let name = if other == c { String::from("↻") } else { other.id().to_string() };
        html! {
            <li>
                <span class="arrow" aria-hidden="true">{ arrow }</span>
                <code>{ name }</code>
                <span class={classes!("iface", format!("iface-{}", ifaces.first().map_or("in-process", |i| i.id())))}>
                    { join(&ifaces) }
                </span>
            </li>
        }
    });
    let objects = match (&props.run, props.config) {
        (Some(run), Some(cfg)) => objects_at(run, props.pos, c, &cfg),
        _ => Vec::new(),
    };
    let objects_html = if objects.is_empty() {
        html! { <p class="none">{ tr.t("card-objects-none") }</p> }
    } else {
        html! {
            <ul class="objects">
                { for objects.iter().map(|(kind, id, state)| html! {
                    <li>
                        <code>{ format!("{kind}/{id}") }</code>
                        { " " }<strong>{ state.clone() }</strong>
                    </li>
                }) }
            </ul>
        }
    };
    let close = {
        let cb = props.on_close.clone();
        Callback::from(move |_: MouseEvent| cb.emit(()))
    };
    let title = format!("card-{}", c.id().replace('/', "-"));
    html! {
        <aside class="card" role="dialog" aria-modal="false" aria-labelledby={title.clone()}
            data-card={c.id()}>
            <header>
                <h3 id={title}><code>{ c.id() }</code></h3>
                <button type="button" class="close" onclick={close}
                    aria-label={tr.t("card-close")}>{ "×" }</button>
            </header>
            <p class="what">{ what }</p>
            if has_facts {
                <dl class="facts">{ for facts }</dl>
            }
            <h4>{ tr.t("card-talks") }</h4>
            if props.edges.is_empty() {
                <p class="none">{ tr.t("card-talks-none") }</p>
            } else {
                <ul class="talks">{ for talks }</ul>
            }
            if props.run.is_some() && props.config.is_some() {
                <h4>{ tr.t("card-objects") }</h4>
                { objects_html }
            }
        </aside>
    }
}
