//! Where the reader is: the run's chapters (the current one always named,
//! each a button to jump to), and the calls the current step is part of,
//! with the button that opens the current call into its steps or closes it.

use crate::i18n::Tr;
use crate::run::Run;
use crate::state::calls::Steps;
use crate::state::Playback;
use atlas_core::chapter::chapter_at;
use atlas_core::msg;
use std::rc::Rc;
use yew::prelude::*;

/// The chapters strip and the call path, for the run shown at hop `pos`.
pub fn where_am_i(
    run: &Rc<Run>,
    steps: &Steps,
    pos: usize,
    on: &Callback<Playback>,
    tr: &Tr,
) -> Html {
    let now = chapter_at(&run.chapters, pos);
    html! {
        <div class="whereami">
            <Chapters run={Rc::clone(run)} now={now} on={on.clone()} />
            { call_path(run, steps, pos, on, tr) }
        </div>
    }
}

/// Chapter buttons shown at most: a long run (a hundred pods) shows the
/// ones around the current chapter.
const MAX_CHAPTERS: usize = 25;

/// Props of [`Chapters`]: redrawn when the chapter changes, not at each hop.
#[derive(Properties)]
struct ChaptersProps {
    run: Rc<Run>,
    now: Option<usize>,
    on: Callback<Playback>,
}

impl PartialEq for ChaptersProps {
    fn eq(&self, o: &Self) -> bool {
        Rc::ptr_eq(&self.run, &o.run) && self.now == o.now && self.on == o.on
    }
}

/// The chapters: one button each, as wide as its share of the run.
#[function_component(Chapters)]
fn chapters(props: &ChaptersProps) -> Html {
    let tr = use_context::<Tr>().unwrap_or_default();
    let (run, now, on) = (&props.run, props.now, &props.on);
    let len = run.chapters.len();
    let title = now
        .and_then(|c| run.chapters.get(c))
        .map(|c| tr.msg(&c.phase.title()))
        .unwrap_or_default();
    let from = now
        .unwrap_or(0)
        .saturating_sub(MAX_CHAPTERS / 2)
        .min(len.saturating_sub(MAX_CHAPTERS));
    let to = (from + MAX_CHAPTERS).min(len);
    let buttons = run.chapters.get(from..to).unwrap_or(&[]).iter().enumerate().map(|(k, c)| {
        let k = from + k;
        let on = on.clone();
        let first = c.first;
        let name = tr.msg(&c.phase.title());
        let label = tr.msg(&msg!(
            "calls-chapter-go",
            title = name.clone(),
            from = c.first + 1,
            to = c.last + 1
        ));
        let share = (c.last + 1 - c.first).max(1);
        let current = Some(k) == now;
        html! {
            <button type="button" class={classes!("chapter", format!("phase-{}", c.phase.id()), current.then_some("current"))}
                style={format!("flex-grow: {share}")} title={label.clone()} aria-label={label}
                aria-current={current.then_some("step")}
                onclick={move |_| on.emit(Playback::SeekHop(first))}>
                <span>{ name }</span>
            </button>
        }
    });
    html! {
        <nav class="chapters" id="chapters" aria-label={tr.t("calls-chapters-label")}>
            if len > 0 {
                <p id="chapter-now" class="chapter-now">
                    { tr.msg(&msg!("calls-chapter-now", at = now.map_or(0, |c| c + 1), len = len, title = title)) }
                </p>
                <div class="chapter-strip">
                    if from > 0 { <span class="more" aria-hidden="true">{ "…" }</span> }
                    { for buttons }
                    if to < len { <span class="more" aria-hidden="true">{ "…" }</span> }
                </div>
            }
        </nav>
    }
}

/// The calls the current step is part of (each a button back to it), and
/// the button that opens or closes the current call.
fn call_path(run: &Run, steps: &Steps, pos: usize, on: &Callback<Playback>, tr: &Tr) -> Html {
    if !run.tree.is_nested() || pos >= run.len() {
        return html! {};
    }
    let path = run.tree.path(pos);
    let crumbs = path.iter().map(|&i| {
        let call = run.hops.get(i).map(|h| h.call.clone()).unwrap_or_default();
        let on = on.clone();
        let current = i == pos;
        html! {
            <li>
                if current {
                    <code aria-current="step">{ call }</code>
                } else {
                    <button type="button" class="crumb" onclick={move |_| on.emit(Playback::SeekHop(i))}>
                        <code>{ call }</code>
                    </button>
                }
            </li>
        }
    });
    let inner = run.tree.end(pos) - pos;
    let toggle = {
        let on = on.clone();
        Callback::from(move |_: MouseEvent| on.emit(Playback::Call(Some(pos))))
    };
    let button = if inner > 0 {
        let (label, title) = if steps.is_open(pos) {
            (tr.t("calls-close"), tr.t("calls-close-title"))
        } else {
            (
                tr.msg(&msg!("calls-open", n = inner)),
                tr.msg(&msg!("calls-open-title", n = inner)),
            )
        };
        html! {
            <button type="button" id="open-call" class="open-call" title={title} onclick={toggle}>{ label }</button>
        }
    } else if let Some(p) = run.tree.parent(pos) {
        let call = run.hops.get(p).map(|h| h.call.clone()).unwrap_or_default();
        html! {
            <button type="button" id="open-call" class="open-call" title={tr.t("calls-close-title")}
                onclick={toggle}>{ tr.msg(&msg!("calls-close-outer", call = call)) }</button>
        }
    } else {
        html! {}
    };
    html! {
        <div class="call-path">
            <ol id="call-path" aria-label={tr.t("calls-path-label")}>{ for crumbs }</ol>
            { button }
        </div>
    }
}
