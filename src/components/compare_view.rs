//! Compare mode: the same scenario under two configurations, side by side,
//! stepping together call by call (the same top-level call on both sides at
//! the same step; a side without it stays on its last call), each side
//! narrated, both diagrams drawn at the same scale.

use super::{config_error, engine_status, ActiveHop, TopologyView};
use crate::i18n::Tr;
use crate::link::OCI_CHOICES;
use crate::state::{Ran, Side};
use atlas_core::config::{K8S_MAX, K8S_MIN};
use atlas_core::{msg, Config, K8sVersion, Oci, Runtime};
use std::rc::Rc;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

/// Props of [`CompareView`].
#[derive(Properties)]
pub struct CompareViewProps {
    /// The main configuration's run (or where it stands) and diagram.
    pub left: Rc<Side>,
    /// The second configuration's.
    pub right: Rc<Side>,
    /// The main configuration.
    pub left_config: Config,
    /// The second configuration.
    pub right_config: Config,
    /// Each side's current hop (the same call on both sides when both make it).
    pub pos: (usize, usize),
    /// Whether tokens move.
    pub motion: bool,
    /// Token travel time.
    pub dur_ms: u32,
    /// The second configuration was changed.
    pub on_compare: Callback<Config>,
    /// Ask the engine module again after it failed.
    pub on_retry: Callback<()>,
}

impl PartialEq for CompareViewProps {
    fn eq(&self, o: &Self) -> bool {
        self.left == o.left
            && self.right == o.right
            && self.left_config == o.left_config
            && self.right_config == o.right_config
            && self.pos == o.pos
            && self.motion == o.motion
            && self.dur_ms == o.dur_ms
            && self.on_compare == o.on_compare
            && self.on_retry == o.on_retry
    }
}

/// What one side says at `pos`, for the live region.
pub fn side_sentence(label: &str, side: &Side, pos: usize, tr: &Tr) -> String {
    let m = match (&side.run, &side.layout) {
        (Ran::Ready(run), Ok(_)) => match run.hops.get(pos.min(run.len().saturating_sub(1))) {
            Some(h) if pos < run.len() => msg!(
                "app-side-hop",
                side = label,
                at = pos + 1,
                len = run.len(),
                from = h.from.id(),
                to = h.to.id(),
                call = h.call.clone()
            ),
            Some(_) => msg!("app-side-finished", side = label, len = run.len()),
            None => msg!("app-side-no-hops", side = label),
        },
        (_, Err(e)) | (Ran::Refused(e), _) => {
            msg!("app-side-cannot-run", side = label, why = e.clone())
        }
        (Ran::Waiting(_), _) => msg!("app-side-loading", side = label),
        (Ran::Failed(_, why), _) => msg!(
            "app-side-engine-failed",
            side = label,
            why = why.to_string()
        ),
    };
    tr.msg(&m)
}

/// What one side draws.
struct Drawn<'a> {
    id: &'a str,
    config: Config,
    side: &'a Side,
    picker: Html,
}

fn side(d: Drawn<'_>, props: &CompareViewProps, tr: &Tr) -> Html {
    let Drawn {
        id,
        config,
        side,
        picker,
    } = d;
    let pos = if id == "left" {
        props.pos.0
    } else {
        props.pos.1
    };
    let (motion, dur_ms) = (props.motion, props.dur_ms);
    let label = tr.msg(&config.label_msg());
    let body = match (&side.run, &side.layout) {
        (Ran::Ready(run), Ok(l)) => {
            let at = pos.min(run.len().saturating_sub(1));
            let hop = run.hops.get(at);
            let active = hop.map(|h| ActiveHop {
                from: h.from,
                to: h.to,
                pos: at,
                dur_ms,
            });
            let done = pos >= run.len();
            let card = hop.map(|h| {
                let cmd = run.records.get(run.step_at(at)).map(|r| r.command.clone()).unwrap_or_default();
                html! {
                    <article class={classes!("hop", done.then_some("done"))}>
                        <header>
                            <span class="seq">{ if done { tr.msg(&msg!("app-finished-hops", len = run.len())) } else { tr.msg(&msg!("app-hop-of", at = at + 1, len = run.len())) } }</span>
                            <span class="path"><code>{ h.from.id() }</code>{ " → " }<code>{ h.to.id() }</code></span>
                            <span class={classes!("iface", format!("iface-{}", h.iface.id()))}>{ h.iface.id() }</span>
                        </header>
                        <p class="prompt-line"><code>{ format!("$ {cmd}") }</code></p>
                        <p class="call"><code class="call">{ h.call.clone() }</code></p>
                        <p class="note">{ tr.note(h) }</p>
                    </article>
                }
            });
            html! {
                <>
                    { for card }
                    <TopologyView layout={Rc::clone(l)} label={label.clone()} active={active} motion={motion}
                        run={Some(Rc::clone(run))} pos={at} config={Some(config)} same_scale={true} />
                </>
            }
        }
        (_, Err(e)) | (Ran::Refused(e), _) => html! {
            { config_error(e, config.check().is_ok(), tr) }
        },
        (ran, Ok(l)) => html! {
            <>
                { engine_status(ran, &props.on_retry, tr) }
                <TopologyView layout={Rc::clone(l)} label={label.clone()} motion={motion} same_scale={true} />
            </>
        },
    };
    html! {
        <section class="side" id={id.to_string()} aria-label={label.clone()}>
            <h2 class="side-title">{ label }</h2>
            { picker }
            { body }
        </section>
    }
}

/// The two sides.
#[function_component(CompareView)]
pub fn compare_view(props: &CompareViewProps) -> Html {
    let tr = use_context::<Tr>().unwrap_or_default();
    let c = props.right_config;
    let pick = |f: fn(Config, &str) -> Option<Config>| {
        let on = props.on_compare.clone();
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<HtmlSelectElement>().value();
            if let Some(n) = f(c, &v) {
                on.emit(n);
            }
        })
    };
    let mut ocis: Vec<Oci> = OCI_CHOICES.to_vec();
    if !ocis.contains(&c.oci) {
        ocis.push(c.oci);
    }
    let picker = html! {
        <div class="compare-picker" role="group" aria-label={tr.t("app-second-config")}>
            <label class="field"><span>{ tr.t("app-kubernetes") }</span>
                <select id="k8s-2" onchange={pick(|c, v| v.parse::<u8>().ok().map(|m| Config { k8s: K8sVersion(m), ..c }))}>
                    { for (K8S_MIN..=K8S_MAX).map(|m| html! {
                        <option value={m.to_string()} selected={m == c.k8s.0}>{ format!("1.{m}") }</option>
                    }) }
                </select>
            </label>
            <label class="field"><span>{ tr.t("app-runtime") }</span>
                <select id="runtime-2" onchange={pick(|c, v| Runtime::ALL.into_iter().find(|r| r.id() == v).map(|runtime| Config { runtime, ..c }))}>
                    { for Runtime::ALL.into_iter().map(|r| html! {
                        <option value={r.id()} selected={r == c.runtime}>{ tr.msg(&r.label_msg()) }</option>
                    }) }
                </select>
            </label>
            <label class="field"><span>{ tr.t("app-oci-runtime") }</span>
                <select id="oci-2" onchange={pick(|c, v| Oci::ALL.into_iter().find(|o| o.id() == v).map(|oci| Config { oci, ..c }))}>
                    { for ocis.into_iter().map(|o| html! {
                        <option value={o.id()} selected={o == c.oci}>{ o.id() }</option>
                    }) }
                </select>
            </label>
        </div>
    };
    let note = html! { <p class="compare-note">{ tr.t("app-compare-note") }</p> };
    let live = format!(
        "{} {}",
        side_sentence(&tr.t("app-left"), &props.left, props.pos.0, &tr),
        side_sentence(&tr.t("app-right"), &props.right, props.pos.1, &tr)
    );
    html! {
        <div class="compare" id="compare">
            <div class="sides">
                { side(Drawn { id: "left", config: props.left_config, side: &props.left, picker: note }, props, &tr) }
                { side(Drawn { id: "right", config: c, side: &props.right, picker }, props, &tr) }
            </div>
            <p class="sr-only" aria-live="polite" role="status" id="live">{ live }</p>
        </div>
    }
}
