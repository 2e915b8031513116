//! The history panel: the stack's timeline from the core
//! ([`atlas_core::history::EVENTS`]), grouped by year, each event saying
//! what changed and why, and opening the node of its time.

use crate::i18n::Tr;
use atlas_core::history::{Event, EVENTS};
use atlas_core::scenario::Scenario;
use atlas_core::Config;
use yew::prelude::*;

/// Props of [`Timeline`].
#[derive(Properties, PartialEq)]
pub struct TimelineProps {
    /// An event's node was opened: its configuration and scenario.
    pub on_open: Callback<(Config, &'static Scenario)>,
    /// The configuration shown now (its event is marked).
    pub config: Config,
    /// The scenario shown now.
    pub scenario: &'static str,
}

fn event_item(e: &'static Event, tr: &Tr, props: &TimelineProps) -> Html {
    let open = e.opens.and_then(|o| o.scenario().map(|s| (o.config(), s)));
    let current = open.is_some_and(|(c, s)| c == props.config && s.name == props.scenario);
    let button = match open {
        Some((config, s)) => {
            let on = props.on_open.clone();
            let onclick = Callback::from(move |_: MouseEvent| on.emit((config, s)));
            html! {
                <button type="button" class="open" {onclick} aria-pressed={current.to_string()}>
                    { tr.t("app-history-open") }
                    <span class="config">{ tr.msg(&config.label_msg()) }</span>
                </button>
            }
        }
        None => html! { <p class="not-modelled">{ tr.t("app-history-not-modelled") }</p> },
    };
    html! {
        <li class={classes!("event", current.then_some("current"))} id={format!("event-{}", e.id)}>
            <time datetime={e.date}>{ e.date }</time>
            <h4>{ tr.msg(&e.title()) }</h4>
            <p>{ tr.msg(&e.body()) }</p>
            { button }
        </li>
    }
}

/// The timeline.
#[function_component(Timeline)]
pub fn timeline(props: &TimelineProps) -> Html {
    let tr = use_context::<Tr>().unwrap_or_default();
    let mut years: Vec<(u16, Vec<&'static Event>)> = Vec::new();
    for e in EVENTS {
        match years.last_mut() {
            Some((y, list)) if *y == e.year => list.push(e),
            _ => years.push((e.year, vec![e])),
        }
    }
    html! {
        <section class="history" id="history" aria-labelledby="history-title">
            <h2 id="history-title">{ tr.t("app-history-title") }</h2>
            <p class="lead">{ tr.t("app-history-lead") }</p>
            <ol class="years">
                { for years.into_iter().map(|(year, events)| html! {
                    <li class="year">
                        <h3 class="year-label">{ year }</h3>
                        <ol class="events">
                            { for events.into_iter().map(|e| event_item(e, &tr, props)) }
                        </ol>
                    </li>
                }) }
            </ol>
        </section>
    }
}
