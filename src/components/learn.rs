//! What helps a newcomer read the page: the header's help buttons, the
//! narration's glossary terms, the glossary card, the keyboard shortcuts
//! and the first visit's tour. The words are the core's (the glossary's
//! entries and the `tour-…` messages); which is open is
//! [`crate::state::learn`]'s.

use crate::browser::Place;
use crate::i18n::Tr;
use crate::state::learn::{Card, LearnAction, TOUR};
use atlas_core::glossary::{self, TermId};
use atlas_core::msg;
use yew::prelude::*;

/// The header's help buttons: the tour, the glossary and the shortcuts
/// (disabled in the first frame, which has no callback yet).
pub fn learn_buttons(on: Option<&Callback<LearnAction>>, tr: &Tr) -> Html {
    let button = |id: &'static str, label: String, action: LearnAction| {
        let onclick = on.map(|on| on.reform(move |_: MouseEvent| action));
        html! {
            <button type="button" id={id} disabled={onclick.is_none()} {onclick}>{ label }</button>
        }
    };
    html! {
        <div class="learn" role="group" aria-label={tr.t("tour-ui-label")}>
            { button("open-tour", tr.t("tour-ui-open"), LearnAction::Tour) }
            { button("open-glossary", tr.t("glossary-ui-open"), LearnAction::Glossary) }
            { button("open-keys", tr.t("tour-ui-keys"), LearnAction::Keys) }
        </div>
    }
}

/// A note with its glossary terms as buttons (each entry once, its first
/// occurrence) that open the entry: the page hears their clicks by their
/// `data-term` ([`browser::on_term_click`]).
pub fn linked_note(text: &str, tr: &Tr) -> Html {
    let found = glossary::first_of_each(glossary::find(text, tr.lang()));
    let hint = tr.t("glossary-ui-term-hint");
    let mut parts = Vec::new();
    let mut at = 0;
    for (r, t) in found {
        let (Some(before), Some(word)) = (text.get(at..r.start), text.get(r.clone())) else {
            continue;
        };
        parts.push(html! { { before.to_string() } });
        parts.push(html! {
            <button type="button" class="term" data-term={t.id()} aria-haspopup="dialog"
                title={hint.clone()}>{ word.to_string() }</button>
        });
        at = r.end;
    }
    parts.push(html! { { text.get(at..).unwrap_or_default().to_string() } });
    html! { <>{ for parts }</> }
}

/// A button that opens a glossary entry.
fn term_button(t: TermId, tr: &Tr) -> Html {
    html! {
        <button type="button" class="term-link" data-term={t.id()}>{ tr.msg(&t.term()) }</button>
    }
}

/// The glossary card: one entry (its definition and related entries) or
/// the list of every entry. The page moves the focus to its heading.
pub fn glossary_card(card: Card, on: &Callback<LearnAction>, tr: &Tr) -> Html {
    let close = on.reform(|_: MouseEvent| LearnAction::CloseCard);
    let body = match card {
        Card::List => html! {
            <>
                <h2 id="glossary-heading" tabindex="-1">{ tr.t("glossary-ui-title") }</h2>
                <ul class="glossary-list">
                    { for TermId::ALL.iter().map(|&t| html! { <li>{ term_button(t, tr) }</li> }) }
                </ul>
            </>
        },
        Card::Entry(t) => {
            let all = on.reform(|_: MouseEvent| LearnAction::Glossary);
            html! {
                <>
                    <h2 id="glossary-heading" tabindex="-1">{ tr.msg(&t.term()) }</h2>
                    <p class="definition" id="glossary-definition">{ tr.msg(&t.definition()) }</p>
                    <p class="related">
                        <span>{ tr.t("glossary-ui-related") }</span>
                        { for t.related().iter().map(|&r| term_button(r, tr)) }
                    </p>
                    <button type="button" class="all" id="glossary-all" onclick={all}>
                        { tr.t("glossary-ui-all") }
                    </button>
                </>
            }
        }
    };
    html! {
        <section class="glossary-card" id="glossary" role="dialog" aria-labelledby="glossary-heading"
            lang={tr.lang().id()}
            data-entry={match card { Card::Entry(t) => t.id(), Card::List => "" }}>
            { body }
            <button type="button" class="close" id="glossary-close" onclick={close}>
                { tr.t("glossary-ui-close") }
            </button>
        </section>
    }
}

/// Every keyboard shortcut of the page (`?`). The page moves the focus to
/// its heading.
pub fn shortcuts(on: &Callback<LearnAction>, tr: &Tr) -> Html {
    let close = on.reform(|_: MouseEvent| LearnAction::Keys);
    let space = tr.t("tour-key-space");
    // i18n: key caps, the same in every language
    let rows: [(&[&str], &'static str); 18] = [
        (&[space.as_str(), "."], "tour-key-play"),
        (&["Enter"], "tour-key-call"),
        (&["→"], "tour-key-next"),
        (&["←"], "tour-key-prev"),
        (&["Home"], "tour-key-first"),
        (&["End"], "tour-key-last"),
        (&["+", "="], "tour-key-faster"),
        (&["-", "_"], "tour-key-slower"),
        (&["?"], "tour-key-help"),
        (&["Esc"], "tour-key-escape"),
        (&["Enter"], "term-keys-run"),
        (&["↑", "↓"], "term-keys-history"),
        (&["Ctrl-R"], "term-keys-search"),
        (&["Tab"], "term-keys-complete"),
        (&["Ctrl-C"], "term-keys-interrupt"),
        (&["Ctrl-L"], "term-keys-clear"),
        (&["Ctrl-A", "Ctrl-E", "Ctrl-U"], "term-keys-line"),
        (&["Alt-Backspace"], "term-keys-word"),
    ];
    html! {
        <section class="shortcuts" id="shortcuts" role="dialog" aria-labelledby="shortcuts-heading"
            lang={tr.lang().id()}>
            <h2 id="shortcuts-heading" tabindex="-1">{ tr.t("tour-keys-title") }</h2>
            <dl>
                { for rows.iter().map(|(keys, what)| html! {
                    <>
                        <dt>{ for keys.iter().map(|k| html! { <kbd>{ k.to_string() }</kbd> }) }</dt>
                        <dd>{ tr.t(what) }</dd>
                    </>
                }) }
            </dl>
            <button type="button" class="close" id="shortcuts-close" onclick={close}>
                { tr.t("tour-keys-close") }
            </button>
        </section>
    }
}

/// Where the tour's bubble goes beside the element it points at: below it
/// when there is room, else above it, else at the bottom of the viewport;
/// as CSS (`left`, `width`, and `top` or `bottom`).
pub fn bubble_style(p: Option<Place>) -> String {
    let Some(p) = p else {
        return "left: 50%; bottom: 1rem; transform: translateX(-50%);".to_string();
    };
    let width = (p.vw - 16).clamp(200, 380);
    let left = p.left.clamp(8, (p.vw - width - 8).max(8));
    // The bubble's usual height (its words wrap more on a phone).
    let tall = if p.vw < 600 { 250 } else { 200 };
    let below = p.top + p.height + 12;
    let vertical = if below + tall <= p.vh {
        format!("top: {below}px;")
    } else if p.top - 12 >= tall {
        format!("bottom: {}px;", p.vh - p.top + 12)
    } else {
        "bottom: 8px;".to_string()
    };
    // i18n: CSS, not words
    format!("left: {left}px; width: {width}px; {vertical}")
}

/// The highlight around the element a step points at, kept inside the
/// viewport.
fn spot_style(p: Place) -> String {
    let left = (p.left - 4).max(2);
    let top = (p.top - 4).max(2);
    let right = (p.left + p.width + 4).min(p.vw - 2);
    let bottom = (p.top + p.height + 4).min(p.vh - 2);
    format!(
        "left: {left}px; top: {top}px; width: {}px; height: {}px;",
        (right - left).max(0),
        (bottom - top).max(0)
    )
}

/// The tour at step `at`: a highlight on the element the step is about
/// (where the page measured it, `place`), and a bubble with the step's
/// words and Skip, Back and Next (Done). The page moves the focus to Next.
pub fn tour(at: usize, place: Option<Place>, on: &Callback<LearnAction>, tr: &Tr) -> Html {
    let Some(step) = TOUR.get(at) else {
        return html! {};
    };
    let last = at + 1 == TOUR.len();
    let next = on.reform(|_: MouseEvent| LearnAction::TourStep(1));
    let back = on.reform(|_: MouseEvent| LearnAction::TourStep(-1));
    let skip = on.reform(|_: MouseEvent| LearnAction::Skip);
    html! {
        <div class="tour" id="tour" data-step={at.to_string()} lang={tr.lang().id()}>
            if let Some(p) = place {
                <div class="tour-spot" style={spot_style(p)}></div>
            }
            <section class="tour-bubble" role="dialog" aria-labelledby="tour-title"
                aria-describedby="tour-text" style={bubble_style(place)}>
                <p class="tour-count">{ tr.msg(&msg!("tour-count", at = at + 1, len = TOUR.len())) }</p>
                <h2 id="tour-title">{ tr.t(step.title) }</h2>
                <p id="tour-text">{ tr.t(step.text) }</p>
                <div class="tour-buttons">
                    <button type="button" id="tour-skip" class="skip" onclick={skip}>{ tr.t("tour-skip") }</button>
                    if at > 0 {
                        <button type="button" id="tour-back" onclick={back}>{ tr.t("tour-back") }</button>
                    }
                    <button type="button" id="tour-next" class="next" onclick={next}>
                        { tr.t(if last { "tour-done" } else { "tour-next" }) }
                    </button>
                </div>
            </section>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn place(top: i32, height: i32, vw: i32, vh: i32) -> Place {
        Place {
            left: 20,
            top,
            width: 300,
            height,
            vw,
            vh,
        }
    }

    #[test]
    fn the_bubble_goes_below_above_or_at_the_bottom() {
        assert_eq!(
            bubble_style(Some(place(100, 50, 1366, 768))),
            "left: 20px; width: 380px; top: 162px;"
        );
        assert_eq!(
            bubble_style(Some(place(600, 100, 1366, 768))),
            "left: 20px; width: 380px; bottom: 180px;"
        );
        assert_eq!(
            bubble_style(Some(place(10, 740, 390, 844))),
            "left: 8px; width: 374px; bottom: 8px;"
        );
        assert!(bubble_style(None).contains("bottom"));
    }
}
