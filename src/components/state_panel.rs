//! The state panel: for the selected object, each layer's state machine with
//! the state at the current hop lit, its changes, the verbs one can try on it
//! (answered by the core's lifecycle, refusals in the real tool's words), and
//! the commands of the run that were refused.

use crate::i18n::Tr;
use crate::run::{Run, Same};
use crate::state::machines::{machines, objects, target, try_verb, MachineHistory, Target};
use atlas_core::msg;
use atlas_core::Config;
use std::rc::Rc;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

/// Props of [`StatePanel`].
#[derive(Properties)]
pub struct StatePanelProps {
    /// The run.
    pub run: Rc<Run>,
    /// Current hop.
    pub pos: usize,
    /// The selected object's key (the first object when none or unknown).
    pub object: Option<String>,
    /// The node's configuration (who answers the verbs, in whose words).
    pub config: Config,
    /// Another object was picked.
    pub on_select: Callback<String>,
}

/// The run compares by identity: a deep comparison walks every hop, at each step.
impl PartialEq for StatePanelProps {
    fn eq(&self, o: &Self) -> bool {
        Rc::ptr_eq(&self.run, &o.run)
            && self.pos == o.pos
            && self.object == o.object
            && self.config == o.config
            && self.on_select == o.on_select
    }
}

/// A verb tried: machine index, verb, answer.
type Tried = Option<(usize, &'static str, Result<String, String>)>;

fn machine_view(
    config: Config,
    i: usize,
    m: &MachineHistory,
    key: &str,
    target: &Rc<Target>,
    (pos, tried): (usize, &UseStateHandle<Tried>),
    tr: &Tr,
) -> Html {
    let states = m.states.iter().map(|s| {
        let lit = m.current.as_deref() == Some(s.as_str());
        html! {
            <li class={classes!("state", lit.then_some("lit"))}
                aria-current={lit.then_some("true")}>{ s.clone() }</li>
        }
    });
    let changes = m.changes.iter().map(|(h, from, to)| {
        html! {
            <li class={classes!((*h > pos).then_some("future"))}>
                { tr.msg(&msg!("app-state-change", at = h + 1, from = from.as_ref().map(|f| format!("{f} → ")).unwrap_or_default(), to = to.clone())) }
            </li>
        }
    });
    let who = m.answerer(&config);
    let verbs = m.verbs(&config);
    let buttons = match &m.current {
        Some(state) if !verbs.is_empty() => {
            let items = verbs.iter().map(|&verb| {
                let (kind, layer, state, target, tried) =
                    (m.kind.clone(), m.layer, state.clone(), Rc::clone(target), tried.clone());
                let onclick = Callback::from(move |_: MouseEvent| {
                    if let Some(r) = try_verb(&config, &kind, layer, &state, verb, &target) {
                        tried.set(Some((i, verb, r)));
                    }
                });
                html! { <button type="button" class="verb" data-verb={verb} {onclick}>{ verb }</button> }
            });
            let answer = match tried.as_ref() {
                Some((j, verb, r)) if *j == i => Some(match r {
                    Ok(next) => html! {
                        <p class="answer ok" role="status">
                            { tr.msg(&msg!("app-verb-accepted", verb = *verb, state = state.clone(), next = next.clone())) }
                        </p>
                    },
                    Err(msg) => html! {
                        <p class="answer refused" role="status">
                            { tr.msg(&msg!("app-verb-refused", verb = *verb, who = who)) }{ " " }<code class="refusal-msg">{ msg.clone() }</code>
                        </p>
                    },
                }),
                _ => None,
            };
            html! {
                <div class="try" role="group" aria-label={tr.msg(&msg!("app-try-label", layer = m.layer.id(), kind = m.kind.clone()))}>
                    <span class="try-label">{ tr.t("app-try-on") }{ " " }<span class="answerer">{ who }</span>{ ": " }</span>
                    { for items }
                    { for answer }
                </div>
            }
        }
        _ => html! {},
    };
    html! {
        <section class="machine" data-layer={m.layer.id()} data-kind={m.kind.clone()}>
            <h3>
                <span class="layer">{ m.layer.id() }</span>{ " · " }<code>{ format!("{}/{key}", m.kind) }</code>
                <span class="now">{ m.current.clone().map(|c| format!(" — {c}")).unwrap_or_else(|| format!(" — {}", tr.t("app-not-seen"))) }</span>
            </h3>
            <ol class="states" aria-label={tr.t("app-states")}>{ for states }</ol>
            <details class="changes">
                <summary>{ tr.msg(&msg!("app-changes", n = m.changes.len())) }</summary>
                <ol>{ for changes }</ol>
            </details>
            { buttons }
        </section>
    }
}

/// The panel.
#[function_component(StatePanel)]
pub fn state_panel(props: &StatePanelProps) -> Html {
    let tried = use_state(|| None::<(usize, &'static str, Result<String, String>)>);
    let tr = use_context::<Tr>().unwrap_or_default();
    let run = &props.run;
    // The objects and their machines are the run's: computed once per run
    // (and object), not at every hop; only the current states follow `pos`.
    let objs = use_memo(Same(Rc::clone(run)), |r| objects(&r.0));
    let key = props
        .object
        .as_ref()
        .filter(|o| objs.iter().any(|x| &x.key == *o))
        .cloned()
        .or_else(|| {
            // By default the object most layers see (a container), the first of them.
            objs.iter()
                .rev()
                .max_by_key(|o| o.kinds.len())
                .map(|o| o.key.clone())
        });
    {
        // A verb's answer belongs to the state it was tried on.
        let tried = tried.clone();
        // (Setting it redraws the panel: only when there is an answer to clear.)
        use_effect_with((props.pos, key.clone()), move |_| {
            if tried.is_some() {
                tried.set(None)
            }
        });
    }
    let on_pick = props
        .on_select
        .reform(|e: Event| e.target_unchecked_into::<HtmlSelectElement>().value());
    let refused = run
        .records
        .iter()
        .enumerate()
        .filter(|(i, r)| r.exit != 0 && run.finished(*i, props.pos) && *i <= run.step_at(props.pos))
        .map(|(_, r)| {
            // The tool's stderr and the simulator's remarks, in the reader's language.
            let err = r.stderr_in(tr.catalog());
            let shown = if err.is_empty() {
                r.stdout.clone()
            } else {
                err
            };
            html! {
                <li>
                    <code>{ format!("$ {}", r.command) }</code>
                    <pre class="refusal-msg">{ shown }</pre>
                </li>
            }
        })
        .collect::<Vec<_>>();
    // The object's machines over the whole run, and its ids as the runtimes
    // name it.
    let all = use_memo((Same(Rc::clone(run)), key.clone()), |(r, k)| {
        k.as_ref()
            .map(|k| (machines(&r.0, k, usize::MAX), Rc::new(target(&r.0, k))))
    });
    let body = match (&key, all.as_ref()) {
        (Some(k), Some((all, aim))) => {
            let ms: Vec<MachineHistory> = all
                .iter()
                .map(|m| MachineHistory {
                    current: m.state_at(props.pos).map(String::from),
                    ..m.clone()
                })
                .collect();
            html! { for ms.iter().enumerate().map(|(i, m)| machine_view(props.config, i, m, k, aim, (props.pos, &tried), &tr)) }
        }
        _ => html! { <p>{ tr.t("app-no-state-changes") }</p> },
    };
    html! {
        <section class="state-panel" id="state-panel" aria-label={tr.t("app-panel-state")}>
            <label class="field">
                <span>{ tr.t("app-object") }</span>
                <select id="state-object" onchange={on_pick}>
                    { for objs.iter().map(|o| html! {
                        <option value={o.key.clone()} selected={Some(&o.key) == key.as_ref()}>
                            { format!("{} ({})", o.key, o.kinds.join(", ")) }
                        </option>
                    }) }
                </select>
            </label>
            { body }
            <super::HostProcesses run={Rc::clone(run)} pos={props.pos} />
            if !refused.is_empty() {
                <div class="refused" role="note">
                    <h3>{ tr.t("app-refused-so-far") }</h3>
                    <ul>{ for refused }</ul>
                </div>
            }
        </section>
    }
}
