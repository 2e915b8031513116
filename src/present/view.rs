//! What presenter mode draws: the scene's diagram laid out large
//! (`Metrics::PRESENT`, only the range's components) beside a caption
//! column (the scene, the call, its note; the refusal of a refused scene;
//! the command and its output for a scene of commands), the controls shown
//! while the pointer moves, the title card, the black screen and the help.

use super::glue;
use crate::components::{ActiveHop, TopologyView};
use crate::i18n::Tr;
use crate::layout::{layout_hops_with, Layout, Metrics};
use crate::link::{Mode, Panel, ViewState};
use crate::state::present::{Present, PresentAction};
use crate::state::{Action, AppState};
use atlas_core::msg;
use atlas_core::talk::TalkView;
use std::rc::Rc;
use yew::prelude::*;

/// Props of [`Presenter`].
#[derive(Properties)]
pub struct PresenterProps {
    /// The page's state.
    pub state: Rc<AppState>,
    /// Sends an action to the page's reducer.
    pub send: Callback<Action>,
}

impl PartialEq for PresenterProps {
    fn eq(&self, o: &Self) -> bool {
        Rc::ptr_eq(&self.state, &o.state) && self.send == o.send
    }
}

/// The scene's drawing: the range's hops laid out large, for one run and
/// range (compared by the run's address).
#[derive(PartialEq)]
struct Drawn(usize, (usize, usize));

/// What the notes window is sent (its every word).
fn notes_message(state: &AppState, talk: &TalkView, p: &Present, tr: &Tr) -> String {
    let lang = tr.lang();
    let k = state.view.scene;
    let scene = talk.scenes.get(k);
    let run = state.scene_run();
    let call = run
        .as_ref()
        .and_then(|r| r.hops.get(state.view.hop))
        .map(|h| h.call.clone());
    let (step, steps) = match (&run, state.scene_range()) {
        (Some(r), Some((a, b))) => {
            let tops: Vec<usize> = r
                .tree
                .top()
                .iter()
                .copied()
                .filter(|&t| t >= a && t <= b)
                .collect();
            let at = tops
                .iter()
                .rposition(|&t| t <= state.view.hop)
                .map_or(0, |i| i + 1);
            (at, tops.len())
        }
        _ => (0, 0),
    };
    serde_json::json!({
        "talk": talk.id,
        "lang": lang.id(),
        "scene": k,
        "scenes": talk.scenes.len(),
        "title": scene.map(|s| s.title.get(lang).to_string()),
        "notes": scene.map(|s| s.notes.get(lang).to_string()),
        "next": talk.scenes.get(k + 1).map(|s| s.title.get(lang).to_string()),
        "step": step,
        "steps": steps,
        "call": call,
        "black": p.black,
        "labels": {
            "notes": tr.t("present-notes-label"),
            "next": tr.t("present-next-label"),
            "elapsed": tr.t("present-elapsed-label"),
            "clock": tr.t("present-clock-label"),
            "end": tr.t("present-end"),
            "reset": tr.t("present-reset"),
        },
    })
    .to_string()
}

/// The link of the page view at the same place (a scene of commands opens
/// its terminal with the commands typed).
fn page_link(state: &AppState) -> String {
    let mut v = ViewState {
        mode: Mode::Page,
        range: None,
        ..state.view.clone()
    };
    if let Some(s) = state.scene().and_then(|s| s.session.clone()) {
        v.panel = Panel::Term;
        v.session = Some(s);
        v.hop = 0;
    }
    format!("#{}", v.to_fragment())
}

/// The presenter.
#[function_component(Presenter)]
pub fn presenter(props: &PresenterProps) -> Html {
    let state = &props.state;
    let tr = state.tr();
    let p = state.presenter();
    use_effect_with((), |()| {
        glue::enter();
        glue::leave
    });
    {
        // Keys pressed in the notes window drive the presenter.
        let send = props.send.clone();
        use_effect_with((), move |()| {
            let guard = glue::on_notes_key(move |k| {
                if let Some(a) = super::key(&k, "BODY") {
                    send.emit(a);
                }
            });
            move || drop(guard)
        });
    }
    let run = state.scene_run();
    let range = state.scene_range();
    let drawn: Rc<Option<Rc<Layout>>> = {
        let key = run
            .as_ref()
            .zip(range)
            .map(|(r, range)| Drawn(Rc::as_ptr(r) as usize, range));
        let run = run.clone();
        use_memo(key, move |key| {
            let (run, Drawn(_, (a, b))) = (run.as_ref()?, key.as_ref()?);
            let hops = run.hops.get(*a..=*b)?;
            Some(Rc::new(layout_hops_with(hops, &Metrics::PRESENT)))
        })
    };
    {
        // The notes window follows every change (and the clock starts with the talk).
        let message = p
            .talk()
            .map(|t| notes_message(state, t, &p, &tr))
            .unwrap_or_default();
        let started = p.started;
        use_effect_with((message, started), |(message, started)| {
            if !message.is_empty() {
                glue::post(message, *started);
            }
        });
    }
    let send = |a: PresentAction| {
        let s = props.send.clone();
        Callback::from(move |_: MouseEvent| s.emit(Action::Present(a.clone())))
    };
    // A button that asks the browser first (a click is the user activation
    // fullscreen and a new window need), then tells the state.
    let with_glue = |f: fn(), a: PresentAction| {
        let s = props.send.clone();
        Callback::from(move |_: MouseEvent| {
            f();
            s.emit(Action::Present(a.clone()));
        })
    };
    let talk = match &p.talk {
        None => {
            return html! {
                <div id="present" class="present" data-scene={(state.view.scene + 1).to_string()}>
                    <p class="present-loading" role="status">{ tr.t("present-loading") }</p>
                </div>
            }
        }
        Some(Err(why)) => {
            return html! {
                <div id="present" class="present" data-scene={(state.view.scene + 1).to_string()}>
                    <p class="present-loading refusal" role="alert">{ tr.msg(why) }</p>
                    <a id="present-exit" href={page_link(state)}>{ tr.t("present-exit") }</a>
                </div>
            }
        }
        Some(Ok(t)) => Rc::clone(t),
    };
    let lang = tr.lang();
    let k = state.view.scene;
    let scene = talk.scenes.get(k);
    let count = tr.msg(&msg!(
        "present-scene-count",
        n = k + 1,
        total = talk.scenes.len()
    ));
    let hop = run.as_ref().and_then(|r| r.hops.get(state.view.hop));
    let diagram = match (&*drawn, &run, scene.and_then(|s| s.refused.as_ref())) {
        (_, _, Some(why)) => html! {
            <div class="present-diagram present-refused"><p class="refusal">{ tr.msg(why) }</p></div>
        },
        (Some(l), Some(r), None) => {
            let active = hop.map(|h| ActiveHop {
                from: h.from,
                to: h.to,
                pos: state.view.hop,
                dur_ms: state.hop_ms(),
            });
            html! {
                <div class="present-diagram">
                    <TopologyView layout={Rc::clone(l)} label={tr.msg(&r.source().map_or_else(
                        || state.view.config.label_msg(), |a| a.config.label_msg()))}
                        active={active} motion={!crate::browser::reduced_motion()}
                        config={Some(state.view.config)} />
                </div>
            }
        }
        _ => html! {
            <div class="present-diagram"><p class="present-loading" role="status">{ tr.t("present-loading") }</p></div>
        },
    };
    let term = scene.and_then(|s| s.steps.as_ref()).and_then(|_| {
        let r = run.as_ref()?;
        let rec = r.records.get(r.step_at(state.view.hop))?;
        Some(html! {
            <pre class="present-term">{ format!("$ {}\n{}", rec.command, rec.stdout) }</pre>
        })
    });
    let caption = html! {
        <aside class="present-caption">
            <p class="present-scene"><span class="count">{ count.clone() }</span></p>
            <h1 class="present-title">{ scene.map(|s| s.title.get(lang).to_string()).unwrap_or_default() }</h1>
            { for hop.map(|h| html! {
                <>
                    <p class="present-route"><code>{ h.from.id() }</code>{ " → " }<code>{ h.to.id() }</code></p>
                    <p id="present-call">{ h.call.clone() }</p>
                    <p id="present-note">{ tr.note(h) }</p>
                </>
            }) }
            { for scene.and_then(|s| s.refused.as_ref()).map(|why| html! {
                <p class="refusal" id="present-note">{ tr.msg(why) }</p>
            }) }
            { for term }
        </aside>
    };
    let controls = html! {
        <nav id="present-controls" aria-label={tr.t("present-help-title")}>
            <button type="button" id="present-prev" onclick={send(PresentAction::Prev)}>{ "◀ " }{ tr.t("present-prev") }</button>
            <span class="count">{ count }</span>
            <button type="button" id="present-next" onclick={send(PresentAction::Next)}>{ tr.t("present-next") }{ " ▶" }</button>
            <button type="button" id="present-notes" onclick={with_glue(glue::open_notes, PresentAction::Notes)}>
                { tr.t("present-notes") }
            </button>
            <button type="button" id="present-fullscreen"
                onclick={with_glue(glue::fullscreen, PresentAction::Fullscreen)}>
                { tr.t("present-fullscreen") }
            </button>
            <button type="button" id="present-help-button" onclick={send(PresentAction::Help)}>{ tr.t("present-help-button") }</button>
            <a id="present-exit" href={page_link(state)}>{ tr.t("present-exit") }</a>
        </nav>
    };
    let help = p.help.then(|| {
        html! {
            <div id="present-help" role="dialog" aria-labelledby="present-help-title">
                <h2 id="present-help-title">{ tr.t("present-help-title") }</h2>
                <ul>
                    { for ["present-key-next", "present-key-prev", "present-key-ends", "present-key-black",
                        "present-key-notes", "present-key-full", "present-key-help"]
                        .into_iter().map(|id| html! { <li>{ tr.t(id) }</li> }) }
                </ul>
            </div>
        }
    });
    let title_card = (!p.started && k == 0).then(|| {
        html! {
            <div id="present-titlecard">
                <h1>{ talk.title.get(lang).to_string() }</h1>
                <p>{ tr.msg(&msg!("present-scene", n = 1, total = talk.scenes.len())) }</p>
                <button type="button" id="present-start"
                    onclick={with_glue(glue::fullscreen, PresentAction::Start)}>
                    { tr.t("present-start") }
                </button>
            </div>
        }
    });
    let black = p
        .black
        .then(|| html! { <div id="present-black" aria-hidden="true"></div> });
    html! {
        <div id="present" class="present" data-scene={(k + 1).to_string()} lang={lang.id()}>
            { diagram }
            { caption }
            { controls }
            { for title_card }
            { for help }
            { for black }
        </div>
    }
}
