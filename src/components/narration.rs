//! The narration: the terminal (commands and their output) and the current hop
//! (its note, its glossary terms linked, exact call, detail and state
//! changes), with an ARIA live region.

use super::learn::linked_note;
use crate::i18n::Tr;
use crate::link::Show;
use crate::run::Run;
use atlas_core::msg;
use atlas_core::remark;
use serde_json::Value;
use std::rc::Rc;
use yew::prelude::*;

/// Props of [`Terminal`]: what its lines depend on, so that it is redrawn
/// only when a command starts or finishes, not at every hop.
#[derive(Properties)]
struct TerminalProps {
    run: Rc<Run>,
    /// The current command.
    step: usize,
    /// Whether the current command has finished.
    done: bool,
    /// Whether the last hop is shown (every command is listed).
    at_end: bool,
}

impl PartialEq for TerminalProps {
    fn eq(&self, o: &Self) -> bool {
        Rc::ptr_eq(&self.run, &o.run)
            && (self.step, self.done, self.at_end) == (o.step, o.done, o.at_end)
    }
}

/// The commands so far, with the output of those that finished.
#[function_component(Terminal)]
fn terminal(props: &TerminalProps) -> Html {
    let tr = use_context::<Tr>().unwrap_or_default();
    let run = &props.run;
    let step = props.step;
    let lines = run
        .records
        .iter()
        .enumerate()
        .filter(|(i, _)| *i <= step || props.at_end)
        .map(|(i, r)| {
            // Commands before the current one have finished (their hops are behind).
            let done = i < step || (i == step && props.done) || props.at_end;
            html! {
                <div class={classes!("cmd", (i == step).then_some("current"))}>
                    <div class="prompt">{ "$ " }{ r.command.clone() }</div>
                    if done && !r.stdout.is_empty() {
                        <div class="out">{ r.stdout.clone() }</div>
                    }
                    if done && !r.stderr.is_empty() {
                        <div class="err">{ r.stderr.clone() }</div>
                    }
                    // The simulator's own remarks, after the tool's stderr,
                    // in the reader's language.
                    if done && !r.remarks.is_empty() {
                        <div class="err">{ remark::render_all(&r.remarks, tr.catalog()) }</div>
                    }
                    if done && r.exit != 0 {
                        <div class="exit">{ format!("exit {}", r.exit) }</div>
                    }
                </div>
            }
        });
    html! {
        <div class="terminal" role="log" aria-label={tr.t("app-terminal")}>
            <div class="scroll">{ for lines }</div>
        </div>
    }
}

/// A detail value as text: strings as they are, the rest as compact JSON.
pub fn value_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The sentence the live region announces for a hop.
pub fn announcement(run: &Run, pos: usize, tr: &Tr) -> String {
    match run.hops.get(pos) {
        Some(h) => tr.msg(&msg!(
            "app-announce",
            at = pos + 1,
            len = run.len(),
            from = h.from.id(),
            to = h.to.id(),
            call = h.call.clone(),
            note = tr.note(h)
        )),
        None => tr.t("app-no-hops"),
    }
}

/// The narration panel at hop `pos` of `run`; in an embed (`show`), only
/// what it shows: the command log (`log`), the hop's call and note (`note`;
/// CSS hides the rest of it).
///
/// A view function, not a component: what it draws changes with every hop,
/// so yew's props comparison would not spare a redraw (see [`super::header`]).
pub fn narration(run: &Rc<Run>, pos: usize, tr: &Tr, show: Option<Show>) -> Html {
    let has = |f: u8| show.is_none_or(|s| s.has(f));
    let step = run.step_at(pos);
    let at_end = pos + 1 >= run.len();
    let done = run.finished(step, pos);
    let hop = run.hops.get(pos).filter(|_| has(Show::NOTE)).map(|h| {
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
                <ul class="effects" aria-label={tr.t("app-state-changes")}>
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
                    <span class="seq">{ tr.msg(&msg!("app-hop-of", at = pos + 1, len = run.len())) }</span>
                    <span class="path">
                        <code>{ h.from.id() }</code>{ " → " }<code>{ h.to.id() }</code>
                    </span>
                    <span class={classes!("iface", format!("iface-{}", h.iface.id()))}>{ h.iface.id() }</span>
                </header>
                <p class="call"><code id="call">{ h.call.clone() }</code></p>
                <p class="note" id="note">{ linked_note(&tr.note(h), tr) }</p>
                { for detail }
                { for effects }
            </article>
        }
    });
    html! {
        <aside class="narration" id="narration" aria-label={tr.t("app-narration")}>
            if has(Show::LOG) {
                <Terminal run={Rc::clone(run)} step={step} done={done} at_end={at_end} />
            }
            { for hop }
            <p class="sr-only" aria-live="polite" role="status" id="live">{ announcement(run, pos, tr) }</p>
        </aside>
    }
}
