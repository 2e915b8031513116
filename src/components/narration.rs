//! The narration: the terminal (commands and their output) and the current hop
//! (its note, exact call, detail and state changes), with an ARIA live region.

use crate::run::Run;
use serde_json::Value;
use std::rc::Rc;
use yew::prelude::*;

/// Props of [`Narration`].
#[derive(Properties, PartialEq)]
pub struct NarrationProps {
    /// The run.
    pub run: Rc<Run>,
    /// Current hop.
    pub pos: usize,
}

/// A detail value as text: strings as they are, the rest as compact JSON.
pub fn value_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The sentence the live region announces for a hop.
pub fn announcement(run: &Run, pos: usize) -> String {
    match run.hops.get(pos) {
        Some(h) => format!(
            "Hop {} of {}: {} to {}, {}. {}",
            pos + 1,
            run.len(),
            h.from,
            h.to,
            h.call,
            h.note.as_deref().unwrap_or("")
        ),
        None => "No hops.".to_string(),
    }
}

/// The narration panel.
#[function_component(Narration)]
pub fn narration(props: &NarrationProps) -> Html {
    let run = &props.run;
    let pos = props.pos;
    let step = run.step_at(pos);
    let at_end = pos + 1 >= run.len();
    let lines = run
        .records
        .iter()
        .enumerate()
        .filter(|(i, _)| *i <= step || at_end)
        .map(|(i, r)| {
            let done = run.finished(i, pos);
            html! {
                <div class={classes!("cmd", (i == step).then_some("current"))}>
                    <div class="prompt">{ "$ " }{ r.command.clone() }</div>
                    if done && !r.stdout.is_empty() {
                        <div class="out">{ r.stdout.clone() }</div>
                    }
                    if done && !r.stderr.is_empty() {
                        <div class="err">{ r.stderr.clone() }</div>
                    }
                    if done && r.exit != 0 {
                        <div class="exit">{ format!("exit {}", r.exit) }</div>
                    }
                </div>
            }
        });
    let hop = run.hops.get(pos).map(|h| {
        let detail = h.detail.as_ref().map(|d| {
            html! {
                <dl class="detail">
                    { for d.iter().map(|(k, v)| html! {
                        <><dt>{ k.clone() }</dt><dd>{ value_text(v) }</dd></>
                    }) }
                </dl>
            }
        });
        let effects = (!h.effects.is_empty()).then(|| {
            html! {
                <ul class="effects" aria-label="state changes">
                    { for h.effects.iter().map(|e| html! {
                        <li>
                            <code>{ e.object.clone() }</code>{ " " }
                            <span class="layer">{ e.layer.id() }</span>{ ": " }
                            { e.from.clone().map(|f| format!("{f} → ")).unwrap_or_default() }
                            <strong>{ e.to.clone() }</strong>
                        </li>
                    }) }
                </ul>
            }
        });
        html! {
            <article class="hop" id="hop">
                <header>
                    <span class="seq">{ format!("hop {} of {}", pos + 1, run.len()) }</span>
                    <span class="path">
                        <code>{ h.from.id() }</code>{ " → " }<code>{ h.to.id() }</code>
                    </span>
                    <span class={classes!("iface", format!("iface-{}", h.iface.id()))}>{ h.iface.id() }</span>
                </header>
                <p class="call"><code id="call">{ h.call.clone() }</code></p>
                <p class="note" id="note">{ h.note.clone().unwrap_or_default() }</p>
                { for detail }
                { for effects }
            </article>
        }
    });
    html! {
        <aside class="narration" id="narration" aria-label="narration">
            <div class="terminal" role="log" aria-label="terminal">
                <div class="scroll">{ for lines }</div>
            </div>
            { for hop }
            <p class="sr-only" aria-live="polite" role="status" id="live">{ announcement(run, pos) }</p>
        </aside>
    }
}
