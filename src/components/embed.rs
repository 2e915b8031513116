//! The Embed action: the button beside the export menu and its dialog, with
//! the snippets that put the view shown in another page (the element, a
//! plain iframe, an oEmbed document, the link), each with a Copy button.

use crate::browser;
use crate::i18n::Tr;
use crate::state::embed::{base_of, snippets};
use crate::state::AppState;
use atlas_core::chapter::chapter_at;
use atlas_core::msg;
use yew::prelude::*;

/// The dialog's own state (not in the link).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct EmbedUi {
    /// The dialog is open.
    pub open: bool,
    /// Only the current chapter (`from`/`to`).
    pub chapter: bool,
    /// The snippet copied last (its index), for the button that says so.
    pub copied: Option<usize>,
}

/// The snippets' fields, in the dialog's order, with their labels.
const FIELDS: [(&str, &str); 4] = [
    ("embed-snippet-element", "embed-element"),
    ("embed-snippet-iframe", "embed-iframe"),
    ("embed-snippet-oembed", "embed-oembed"),
    ("embed-snippet-link", "embed-link"),
];

/// The button `#embed` that opens the dialog.
pub fn embed_button(ui: &UseStateHandle<EmbedUi>, tr: &Tr) -> Html {
    let onclick = {
        let ui = ui.clone();
        Callback::from(move |_: MouseEvent| {
            ui.set(EmbedUi {
                open: !ui.open,
                copied: None,
                ..*ui
            })
        })
    };
    html! {
        <button type="button" id="embed" class="embed-button" title={tr.t("embed-button-title")}
            aria-expanded={ui.open.to_string()} aria-controls="embed-dialog" {onclick}>
            { tr.t("embed-button") }
        </button>
    }
}

/// The dialog `#embed-dialog` for the view `state` shows (nothing when closed).
pub fn embed_dialog(ui: &UseStateHandle<EmbedUi>, state: &AppState, tr: &Tr) -> Html {
    if !ui.open {
        return html! {};
    }
    let pos = state.view.hop;
    // The chapter the current hop is in, and its name.
    let chapter = state.shown().and_then(|(run, _)| {
        let c = run.chapters.get(chapter_at(&run.chapters, pos)?)?;
        Some(((c.first, c.last), tr.msg(&c.phase.title())))
    });
    let range = chapter.as_ref().filter(|_| ui.chapter).map(|(r, _)| *r);
    let title = tr.msg(&state.view.scenario.title());
    let s = snippets(
        &state.view,
        &base_of(&browser::page_address()),
        &title,
        range,
    );
    let texts = [s.element, s.iframe, s.oembed, s.link];
    // One listener: the Copy buttons and Close say what they do in `data-act`.
    let onclick = {
        let ui = ui.clone();
        Callback::from(move |e: MouseEvent| match browser::act(&e).as_deref() {
            Some("close") => {
                ui.set(EmbedUi { open: false, ..*ui });
                browser::focus("#embed");
            }
            Some(act) => {
                if let Some(i) = FIELDS.iter().position(|(id, _)| *id == act) {
                    browser::copy_text(&format!("#{act}"));
                    ui.set(EmbedUi {
                        copied: Some(i),
                        ..*ui
                    });
                }
            }
            None => {}
        })
    };
    let onkeydown = {
        let ui = ui.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" {
                e.stop_propagation();
                ui.set(EmbedUi { open: false, ..*ui });
                browser::focus("#embed");
            }
        })
    };
    let on_chapter = {
        let ui = ui.clone();
        Callback::from(move |_: Event| {
            ui.set(EmbedUi {
                chapter: !ui.chapter,
                copied: None,
                ..*ui
            })
        })
    };
    let chapter_label = match &chapter {
        Some((_, name)) => tr.msg(&msg!("embed-chapter", chapter = name.clone())),
        None => tr.t("embed-chapter-none"),
    };
    let fields = FIELDS
        .iter()
        .zip(texts)
        .enumerate()
        .map(|(i, ((id, label), text))| {
            let copied = ui.copied == Some(i);
            let rows = if i == 3 { "2" } else { "4" };
            html! {
                <div class="snippet">
                    <label for={*id}>{ tr.t(label) }</label>
                    <textarea id={*id} readonly=true rows={rows} spellcheck="false" value={text} />
                    <button type="button" class="copy" data-act={*id}>
                        { tr.t(if copied { "embed-copied" } else { "embed-copy" }) }
                    </button>
                </div>
            }
        });
    html! {
        <div id="embed-dialog" class="embed-dialog" role="dialog" aria-labelledby="embed-heading"
            {onclick} {onkeydown}>
            <header>
                <h2 id="embed-heading">{ tr.t("embed-heading") }</h2>
                <button type="button" id="embed-close" data-act="close" aria-label={tr.t("embed-close")}
                    title={tr.t("embed-close")}>{ "×" }</button>
            </header>
            <p class="hint">{ tr.t("embed-hint") }</p>
            <label class="chapter">
                <input type="checkbox" id="embed-chapter" checked={ui.chapter && chapter.is_some()}
                    disabled={chapter.is_none()} onchange={on_chapter} />
                { chapter_label }
            </label>
            { for fields }
            <p class="more"><a href="embed.html" target="_blank" rel="noopener">{ tr.t("embed-docs") }</a></p>
        </div>
    }
}
