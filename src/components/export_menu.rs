//! Export: the topology diagram as SVG or PNG, and the trace as JSON Lines.

use crate::browser;
use crate::run::Run;
use atlas_core::trace::Header;
use std::rc::Rc;
use yew::prelude::*;

/// Props of [`ExportMenu`].
#[derive(Properties)]
pub struct ExportMenuProps {
    /// The run being shown and the header its trace starts with (none when
    /// there is nothing to play). Written as JSON Lines only when the button
    /// is pressed: a long run takes tens of milliseconds to write.
    pub trace: Option<(Rc<Run>, Header)>,
    /// Base name of the files.
    pub name: AttrValue,
}

/// The run compares by identity: a deep comparison walks every hop.
impl PartialEq for ExportMenuProps {
    fn eq(&self, o: &Self) -> bool {
        self.name == o.name
            && match (&self.trace, &o.trace) {
                (Some((r, h)), Some((s, g))) => Rc::ptr_eq(r, s) && h == g,
                (None, None) => true,
                _ => false,
            }
    }
}

/// The diagram exported: the first topology drawing on the page.
pub const DIAGRAM: &str = "figure.topology svg";

/// The export buttons.
#[function_component(ExportMenu)]
pub fn export_menu(props: &ExportMenuProps) -> Html {
    let none = props.trace.is_none();
    let svg = {
        let name = format!("{}.svg", props.name);
        Callback::from(move |_: MouseEvent| {
            browser::download_svg(DIAGRAM, &name);
        })
    };
    let png = {
        let name = format!("{}.png", props.name);
        Callback::from(move |_: MouseEvent| {
            browser::download_png(DIAGRAM, &name);
        })
    };
    let jsonl = {
        let name = format!("{}.jsonl", props.name);
        let trace = props.trace.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some((run, header)) = &trace {
                browser::download(&name, "application/jsonl", &run.to_jsonl(Some(header)));
            }
        })
    };
    html! {
        <div class="export" role="group" aria-label="export">
            <span class="label">{ "Export" }</span>
            <button type="button" id="export-svg" disabled={none} onclick={svg}
                title="The topology diagram as SVG">{ "SVG" }</button>
            <button type="button" id="export-png" disabled={none} onclick={png}
                title="The topology diagram as PNG">{ "PNG" }</button>
            <button type="button" id="export-jsonl" disabled={none} onclick={jsonl}
                title="The trace as JSON Lines (what atlas sim --format json prints)">{ "Trace" }</button>
        </div>
    }
}
