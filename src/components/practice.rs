//! The drills panel (`p=drill`): the list of drills with this browser's
//! progress (`#drill-list`), or one drill (`p=drill;d=ID`): its task
//! (`#drill-task`), Check (`#drill-check` → `#drill-result`), hints one by
//! one, the solution after a confirmation, a fresh node and forgetting the
//! progress. The terminal on the drill's node is the page's
//! ([`super::Terminal`]), drawn below. What the engine module is asked
//! (the list, the task, the Check) is sent from here; the state decides.

use crate::browser;
use crate::i18n::Tr;
use crate::link::{Panel, ViewState};
use crate::state::drill::{
    DrillAction, DrillItem, DrillShow, Drills, Failure, Fetch, Reveal, Verdict,
};
use crate::state::term::{Status, Term};
use atlas_core::msg;
use std::rc::Rc;
use yew::prelude::*;

/// Props of [`DrillPanel`].
#[derive(Properties, Clone, PartialEq)]
pub struct DrillPanelProps {
    /// The panel's state.
    pub drills: Rc<Drills>,
    /// The view (the drill shown; links keep its language and theme).
    pub view: ViewState,
    /// The drill's node, once open.
    pub term: Option<Rc<Term>>,
    /// What the reader (and the module) do.
    pub on: Callback<DrillAction>,
}

/// A failure in the reader's words.
fn why(f: &Failure, tr: &Tr) -> String {
    match f {
        Failure::Module(w) => w.clone(),
        Failure::Said(m) => tr.msg(m),
    }
}

/// The link to a drill (or, with `None`, to the list).
fn drill_link(view: &ViewState, id: Option<&str>) -> String {
    let v = ViewState {
        panel: Panel::Drill,
        drill: id.map(str::to_string),
        session: None,
        hop: 0,
        ..view.clone()
    };
    format!("#{}", v.to_fragment())
}

/// A drill's or a question's text, with its `code` spans as code.
pub fn code_spans(text: &str) -> Html {
    html! {
        { for text.split('`').enumerate().map(|(i, part)| {
            if i % 2 == 1 {
                html! { <code>{ part.to_string() }</code> }
            } else {
                html! { { part.to_string() } }
            }
        }) }
    }
}

/// A domain's name.
fn domain(d: &str, tr: &Tr) -> String {
    match atlas_core::drill::Domain::from_id(d) {
        Some(domain) => tr.msg(&domain.title()),
        None => d.to_string(),
    }
}

/// The drills panel.
#[function_component(DrillPanel)]
pub fn drill_panel(props: &DrillPanelProps) -> Html {
    let tr = use_context::<Tr>().unwrap_or_default();
    let d = &props.drills;
    // The list, asked of the engine module on first use (and on a retry).
    {
        let on = props.on.clone();
        let want = matches!(d.list, Fetch::Loading) && props.view.drill.is_none();
        use_effect_with((want, d.asked), move |&(want, _)| {
            if want {
                browser::practice("drill_list", "", move |r| on.emit(DrillAction::List(r)));
            }
        });
    }
    // The drill's task.
    {
        let on = props.on.clone();
        let want = match &d.show {
            Some((id, Fetch::Loading)) => Some(id.clone()),
            _ => None,
        };
        use_effect_with((want, d.asked), move |(want, _)| {
            if let Some(id) = want.clone() {
                browser::practice("drill_show", &id.clone(), move |r| {
                    on.emit(DrillAction::Shown(id, r))
                });
            }
        });
    }
    // The progress, kept by the browser whenever it changes.
    {
        let progress = d.progress.clone();
        use_effect_with(d.saved, move |&saved| {
            if saved > 0 {
                let json = progress.to_json();
                browser::store(
                    "atlas-drills",
                    if progress.0.is_empty() { "" } else { &json },
                );
            }
        });
    }
    // One listener for every button of the panel (`data-act`).
    let onclick = {
        let on = props.on.clone();
        let term = props.term.clone();
        Callback::from(move |e: MouseEvent| {
            let a = match browser::act(&e).as_deref() {
                Some("check") => {
                    let Some(t) = &term else { return };
                    let gen = t.gen;
                    let done = on.clone();
                    on.emit(DrillAction::Check(gen));
                    browser::term("check", "{}", move |r| {
                        done.emit(DrillAction::Checked(gen, r))
                    });
                    return;
                }
                Some("hint") => DrillAction::Hint,
                Some("ask") => DrillAction::Solution(Reveal::Asking),
                Some("yes") => DrillAction::Solution(Reveal::Shown),
                Some("no") => DrillAction::Solution(Reveal::Hidden),
                Some("reset") => DrillAction::Reset,
                Some("forget") => DrillAction::ForgetProgress,
                Some("retry") => DrillAction::Retry,
                _ => return,
            };
            on.emit(a);
        })
    };
    let failed = |f: &Failure| {
        html! {
            <p class="drill-failed" role="alert">
                { tr.msg(&msg!("practice-failed", why = why(f, &tr))) }{ " " }
                <button type="button" data-act="retry">{ tr.t("practice-retry") }</button>
            </p>
        }
    };
    let forget = html! {
        <button type="button" id="drill-progress-reset" class="drill-forget" data-act="forget">
            { tr.t("practice-progress-reset") }
        </button>
    };
    let body = match (&props.view.drill, &d.show) {
        (Some(_), Some((_, Fetch::Ready(show)))) => one_drill(props, show, &tr),
        (Some(_), Some((_, Fetch::Failed(f)))) => failed(f),
        (Some(_), _) => html! {
            <p class="drill-loading" role="status">{ tr.t("practice-loading") }</p>
        },
        (None, _) => match &d.list {
            Fetch::Ready(list) => list_view(props, list, &tr),
            Fetch::Failed(f) => failed(f),
            Fetch::Loading => html! {
                <p class="drill-loading" role="status">{ tr.t("practice-loading") }</p>
            },
        },
    };
    html! {
        <section id="drills" class="drills" aria-labelledby="drills-heading" {onclick}>
            <link rel="stylesheet" href="practice.css" />
            <div class="drills-head">
                <h2 id="drills-heading">{ tr.t("practice-drills") }</h2>
                if props.view.drill.is_some() {
                    <a class="drill-back" href={drill_link(&props.view, None)}>{ tr.t("practice-back") }</a>
                }
                { forget }
            </div>
            { body }
        </section>
    }
}

/// Every drill, with its progress.
fn list_view(props: &DrillPanelProps, list: &[DrillItem], tr: &Tr) -> Html {
    let lang = tr.lang();
    let p = &props.drills.progress;
    html! {
        <>
            <p class="drills-intro">{ tr.t("practice-drills-intro") }</p>
            <ul id="drill-list" class="drill-list" aria-label={tr.t("practice-list")}>
                { for list.iter().map(|item| {
                    let standing = p.standing(&item.id);
                    let state = match p.of(&item.id) {
                        Some(b) if !b.solved => tr.msg(&msg!("practice-state-tried", best = b.best, total = b.total)),
                        Some(_) => tr.t("practice-state-solved"),
                        None => tr.t("practice-state-new"),
                    };
                    let config = item.config.map(|c| tr.msg(&c.label_msg())).unwrap_or_default();
                    html! {
                        <li>
                            <a class="drill-item" data-drill={item.id.clone()} data-state={standing.id()}
                                href={drill_link(&props.view, Some(&item.id))}>
                                <span class="drill-id">{ item.id.clone() }</span>
                                <span class="drill-title">{ item.title.get(lang).to_string() }</span>
                                <span class="drill-meta">{ domain(&item.domain, tr) }{ " · " }{ config }</span>
                                <span class={classes!("drill-state", standing.id())}>{ state }</span>
                            </a>
                        </li>
                    }
                }) }
            </ul>
        </>
    }
}

/// One drill: its task, the buttons, the verdict, the hints and the solution.
fn one_drill(props: &DrillPanelProps, show: &DrillShow, tr: &Tr) -> Html {
    let lang = tr.lang();
    let d = &props.drills;
    let item = &show.item;
    let config = item
        .config
        .map(|c| tr.msg(&c.label_msg()))
        .unwrap_or_default();
    let ready = props
        .term
        .as_ref()
        .is_some_and(|t| t.status == Status::Ready && !t.busy());
    let checking = matches!(d.verdict, Some((_, Fetch::Loading)));
    let left = show.hints.len().saturating_sub(d.hints);
    let hints = show.hints.iter().take(d.hints);
    let solution = match d.solution {
        Reveal::Hidden => html! {
            <button type="button" id="drill-solution" data-act="ask">
                { tr.t("practice-solution") }
            </button>
        },
        Reveal::Asking => html! {
            <div class="drill-confirm" role="group" aria-labelledby="drill-solution-ask">
                <span id="drill-solution-ask">{ tr.t("practice-solution-ask") }</span>
                <button type="button" id="drill-solution-yes" data-act="yes">
                    { tr.t("practice-solution-yes") }
                </button>
                <button type="button" id="drill-solution-no" data-act="no">
                    { tr.t("practice-solution-no") }
                </button>
            </div>
        },
        Reveal::Shown => html! {},
    };
    html! {
        <>
            <article id="drill-task" class="drill-task" data-drill={item.id.clone()} lang={lang.id()}>
                <h3><span class="drill-id">{ item.id.clone() }</span>{ " " }{ item.title.get(lang).to_string() }</h3>
                <p class="drill-meta">
                    <span class="drill-domain">{ domain(&item.domain, tr) }</span>{ " · " }
                    <span class="drill-config">{ config }</span>
                </p>
                <h4 class="sr-only">{ tr.t("practice-task") }</h4>
                <p class="drill-text">{ code_spans(show.task.get(lang)) }</p>
                if !show.checks.is_empty() {
                    <details class="drill-checks">
                        <summary>{ tr.t("practice-checks") }</summary>
                        <ul>{ for show.checks.iter().map(|c| html! { <li>{ code_spans(c.get(lang)) }</li> }) }</ul>
                    </details>
                }
            </article>
            <div class="drill-buttons">
                <button type="button" id="drill-check" class="primary" data-act="check"
                    disabled={!ready || checking}>
                    { if checking { tr.t("practice-checking") } else { tr.t("practice-check") } }
                </button>
                <button type="button" id="drill-hint" disabled={left == 0} data-act="hint">
                    { tr.t("practice-hint") }{ " (" }{ tr.msg(&msg!("practice-hints-left", left = left)) }{ ")" }
                </button>
                { solution }
                <button type="button" id="drill-reset" title={tr.t("practice-reset-title")} data-act="reset">
                    { tr.t("practice-reset") }
                </button>
            </div>
            { verdict(props, show, tr) }
            if d.hints > 0 {
                <section class="drill-hints-box" aria-labelledby="drill-hints-heading">
                    <h4 id="drill-hints-heading">{ tr.t("practice-hints") }</h4>
                    <ol id="drill-hints" aria-live="polite">
                        { for hints.map(|h| html! { <li>{ code_spans(h.get(lang)) }</li> }) }
                    </ol>
                </section>
            }
            if d.solution == Reveal::Shown {
                <section class="drill-solution" aria-labelledby="drill-solution-heading">
                    <h4 id="drill-solution-heading">{ tr.t("practice-solution-title") }</h4>
                    <pre id="drill-solution-text">{ show.solution.trim_end().to_string() }</pre>
                </section>
            }
        </>
    }
}

/// The last Check: each item passed or not, partial credit, and after a
/// solve the scenario underneath.
fn verdict(props: &DrillPanelProps, show: &DrillShow, tr: &Tr) -> Html {
    let gen = props.term.as_ref().map(|t| t.gen);
    let v = match &props.drills.verdict {
        Some((g, v)) if Some(*g) == gen => v,
        _ => return html! {},
    };
    match v {
        Fetch::Loading => html! {},
        Fetch::Failed(f) => html! {
            <p id="drill-result" class="drill-failed" role="alert" data-passed="0" data-total="0">
                { tr.msg(&msg!("practice-check-failed", why = why(f, tr))) }
            </p>
        },
        Fetch::Ready(v) => result(props, show, v, tr),
    }
}

fn result(props: &DrillPanelProps, show: &DrillShow, v: &Verdict, tr: &Tr) -> Html {
    let lang = tr.lang();
    let solved = v.solved();
    let scenario = show.scenario.filter(|_| solved).map(|s| {
        let view = ViewState {
            config: s.config(),
            scenario: s,
            lang: props.view.lang,
            theme: props.view.theme,
            ..ViewState::default()
        };
        let title = tr.msg(&s.title());
        html! {
            <a id="drill-scenario" href={format!("#{}", view.to_fragment())}>
                { tr.msg(&msg!("practice-scenario", scenario = title)) }
            </a>
        }
    });
    html! {
        <section id="drill-result" class={classes!("drill-result", solved.then_some("solved"))}
            data-passed={v.passed.to_string()} data-total={v.total.to_string()}
            data-solved={solved.to_string()} role="status" aria-live="polite" lang={lang.id()}>
            <p class="drill-score">
                { tr.msg(&msg!("practice-result", passed = v.passed, total = v.total)) }
                if solved { { " — " }{ tr.t("practice-solved") } }
            </p>
            <ul class="drill-checks-result">
                { for v.items.iter().map(|i| {
                    let mark = if i.pass { "✓" } else { "✗" }; // i18n: a mark, its word beside it
                    let word = if i.pass { tr.t("practice-pass") } else { tr.t("practice-fail") };
                    html! {
                        <li class="drill-check" data-pass={i.pass.to_string()}>
                            <span class="drill-mark" aria-hidden="true">{ mark }</span>
                            <span class="sr-only">{ word }{ ": " }</span>
                            <span class="drill-name">{ code_spans(i.name.get(lang)) }</span>
                            if let Some(f) = i.found.as_ref().filter(|_| !i.pass) {
                                <span class="drill-found">{ tr.msg(&msg!("practice-found", found = f.clone())) }</span>
                            }
                            if let Some(w) = i.why.as_ref().filter(|_| !i.pass) {
                                <span class="drill-why">{ tr.msg(w) }</span>
                            }
                        </li>
                    }
                }) }
            </ul>
            { for scenario }
        </section>
    }
}
