//! Export: the topology diagram as SVG or PNG, and the trace as JSON Lines.

use crate::browser;
use crate::i18n::Tr;
use crate::state::export::{Caption, TraceExport};
use yew::prelude::*;

/// What [`export_menu`] offers.
pub struct ExportMenuProps {
    /// The trace of what is shown (none when there is nothing to play),
    /// written as JSON Lines only when the button is pressed.
    pub trace: Option<TraceExport>,
    /// Base name of the files.
    pub name: AttrValue,
    /// What the caption under an exported diagram says.
    pub caption: Caption,
}

/// The diagram exported: the first topology drawing on the page.
pub const DIAGRAM: &str = "figure.topology svg";

/// The export buttons. A view function (see [`super::header`]): drawn once
/// per frame, it would cost a component's copy of yew's machinery.
pub fn export_menu(props: &ExportMenuProps, tr: &Tr) -> Html {
    let none = props.trace.is_none();
    // The caption's lines, written when the reader exports.
    let caption = {
        let trace = props.trace.clone();
        let caption = props.caption.clone();
        let tr = tr.clone();
        move || {
            trace
                .as_ref()
                .map(|t| caption.lines(&t.run, &browser::page_address(), &tr))
                .unwrap_or_default()
        }
    };
    let svg = {
        let name = format!("{}.svg", props.name);
        let caption = caption.clone();
        Callback::from(move |_: MouseEvent| {
            browser::download_svg(DIAGRAM, &name, &caption());
        })
    };
    let png = {
        let name = format!("{}.png", props.name);
        Callback::from(move |_: MouseEvent| {
            browser::download_png(DIAGRAM, &name, &caption());
        })
    };
    let jsonl = {
        let name = format!("{}.jsonl", props.name);
        let trace = props.trace.clone();
        let tr = tr.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(trace) = &trace {
                // The notes in the reader's language; the header says which.
                browser::download(&name, "application/jsonl", &trace.to_jsonl(&tr));
            }
        })
    };
    html! {
        <div class="export" role="group" aria-label={tr.t("app-export-label")}>
            <span class="label">{ tr.t("app-export") }</span>
            <button type="button" id="export-svg" disabled={none} onclick={svg}
                title={tr.t("app-export-svg")}>{ "SVG" }</button>
            <button type="button" id="export-png" disabled={none} onclick={png}
                title={tr.t("app-export-png")}>{ "PNG" }</button>
            <button type="button" id="export-jsonl" disabled={none} onclick={jsonl}
                title={tr.t("app-export-trace-title")}>{ tr.t("app-export-trace") }</button>
        </div>
    }
}
