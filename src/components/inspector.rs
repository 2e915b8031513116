//! The OCI inspector: paste, type or drop a `config.json` or an image
//! document, or pick a sample; the core's diagnostics appear at their line
//! and column; a valid runtime config's plan plays below (in the app).

use crate::browser::{self, Guard};
use crate::link::Shipped;
use crate::state::inspect::{listing, pieces, Inspect, Line, PlanNote};
use crate::state::InspectorInput;
use atlas_core::oci::samples::{sample, BROKEN, SAMPLES};
use atlas_core::oci::validate::{Diagnostic, Severity, MAX_BYTES};
use atlas_core::{msg, Msg, Oci};
use std::cell::RefCell;
use std::rc::Rc;
use web_sys::{HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

/// Props of [`Inspector`].
#[derive(Properties, PartialEq)]
pub struct InspectorProps {
    /// The document.
    pub inspect: Rc<Inspect>,
    /// The shipped document shown unedited, if any.
    pub sample: Option<Shipped>,
    /// The configuration's OCI runtime (whose plan plays).
    pub oci: Oci,
    /// What the reader does.
    pub on: Callback<InspectorInput>,
    /// A file could not be read.
    pub on_notice: Callback<Msg>,
}

fn diagnostic(d: &Diagnostic, caret: bool, tr: &crate::i18n::Tr) -> Html {
    let sev = d.severity.id();
    let sev_word = tr.t(match d.severity {
        Severity::Error => "app-sev-error",
        Severity::Warning => "app-sev-warning",
        Severity::Info => "app-sev-info",
    });
    html! {
        <div class={classes!("diag", sev)} role="note" data-code={d.code.to_string()}>
            if caret {
                <span class="caret" aria-hidden="true"
                    style={format!("padding-left:{}ch", d.column.saturating_sub(1))}>{ "^" }</span>
            }
            <span class="where">{ format!("{}:{}", d.line, d.column) }</span>
            <strong class="sev">{ sev_word }</strong>
            <span class="msg">{ d.text(tr.catalog()) }</span>
            <code class="code">{ d.code.to_string() }</code>
            if !d.pointer.is_empty() {
                <code class="ptr">{ d.pointer.clone() }</code>
            }
        </div>
    }
}

fn line_view(l: &Line<'_>, tr: &crate::i18n::Tr) -> Html {
    let worst = l.diagnostics.iter().map(|d| d.severity).min();
    let class = classes!(
        "line",
        worst.map(|s| match s {
            Severity::Error => "has-error",
            Severity::Warning => "has-warning",
            Severity::Info => "has-info",
        })
    );
    let columns: Vec<u32> = l.diagnostics.iter().map(|d| d.column).collect();
    let code = html! {
        <code>
            { for pieces(l.text, &columns).into_iter().map(|(t, m)| match m.and_then(|i| l.diagnostics.get(i)) {
                Some(d) => html! { <mark class={d.severity.id()}>{ t }</mark> },
                None => html! { { t } },
            }) }
        </code>
    };
    html! {
        <li class={class} id={format!("L{}", l.number)} data-line={l.number.to_string()}>
            <span class="ln" aria-hidden="true">{ l.number }</span>
            { code }
            { for l.diagnostics.iter().map(|d| diagnostic(d, true, tr)) }
        </li>
    }
}

/// The inspector.
#[function_component(Inspector)]
pub fn inspector(props: &InspectorProps) -> Html {
    let reading = use_mut_ref(|| None::<Guard>);
    let i = &props.inspect;
    let open_file = {
        let (on, on_notice) = (props.on.clone(), props.on_notice.clone());
        let reading = Rc::clone(&reading);
        move |file: web_sys::File| open(file, &on, &on_notice, &reading)
    };
    let on_pick = {
        let on = props.on.clone();
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<HtmlSelectElement>().value();
            if let Some(s) = v.strip_prefix("s:").and_then(sample) {
                on.emit(InspectorInput::Sample(Shipped::Sample(s)));
            } else if let Some(b) = v
                .strip_prefix("b:")
                .and_then(|f| BROKEN.iter().find(|b| b.file == f))
            {
                on.emit(InspectorInput::Sample(Shipped::Broken(b)));
            }
        })
    };
    let on_input = {
        let on = props.on.clone();
        Callback::from(move |e: InputEvent| {
            let v = e.target_unchecked_into::<HtmlTextAreaElement>().value();
            on.emit(InspectorInput::Text("pasted".to_string(), Rc::from(v)));
        })
    };
    let files = super::file_drop::FileDrop::new(open_file);
    let selected = match props.sample {
        Some(Shipped::Sample(s)) => format!("s:{}", s.name),
        Some(Shipped::Broken(b)) => format!("b:{}", b.file),
        None => String::new(),
    };
    let (mut lines, rest) = listing(&i.text, i.diagnostics());
    let blank = i.is_blank();
    if blank {
        // Nothing typed yet: the hint says what to do; "the document is
        // empty" would be an error the reader did not make.
        lines.iter_mut().for_each(|l| l.diagnostics.clear());
    }
    let tr = use_context::<crate::i18n::Tr>().unwrap_or_default();
    let plan_note = match i.plan_note() {
        PlanNote::Plan { hops } => html! {
            <p class="plan-note ok" id="plan-note">
                { tr.msg(&msg!("app-inspect-valid-plan", hops = hops, oci = props.oci.id())) }
            </p>
        },
        PlanNote::NoPlan(e) => {
            html! { <p class="plan-note" id="plan-note">{ tr.msg(&msg!("app-inspect-no-plan", why = e)) }</p> }
        }
        PlanNote::ValidImage => html! {
            <p class="plan-note" id="plan-note">{ tr.t("app-inspect-valid-image") }</p>
        },
        PlanNote::Failed(why) => {
            let retry = props.on.reform(|_: MouseEvent| InspectorInput::Retry);
            html! {
                <div class="plan-note failed" id="plan-note" role="alert">
                    <p>{ tr.msg(&msg!("app-inspect-failed", why = why.to_string())) }</p>
                    <button type="button" id="inspect-retry" onclick={retry}>{ tr.t("app-try-again") }</button>
                </div>
            }
        }
        PlanNote::Nothing => html! {},
    };
    let summary = tr.msg(&i.summary());
    html! {
        <section class="inspector" aria-label={tr.t("app-panel-inspector")} ondragover={files.on_drag_over} ondrop={files.on_drop}>
            <div class="inspector-bar">
                <label class="field">
                    <span>{ tr.t("app-inspect-sample") }</span>
                    <select id="oci-sample" onchange={on_pick}>
                        <option value="" selected={selected.is_empty()}>{ tr.t("app-inspect-own") }</option>
                        <optgroup label={tr.t("app-inspect-valid-group")}>
                            { for SAMPLES.iter().map(|s| {
                                let v = format!("s:{}", s.name);
                                let sel = v == selected;
                                html! { <option selected={sel} value={v}>{ format!("{} — {}", s.file, tr.msg(&s.kind.title_msg())) }</option> }
                            }) }
                        </optgroup>
                        <optgroup label={tr.t("app-inspect-broken-group")}>
                            { for BROKEN.iter().map(|b| {
                                let v = format!("b:{}", b.file);
                                let sel = v == selected;
                                html! { <option selected={sel} value={v}>{ b.file }</option> }
                            }) }
                        </optgroup>
                    </select>
                </label>
                <label class="field file">
                    <span>{ tr.t("app-inspect-open") }</span>
                    <input type="file" id="oci-file" accept=".json,application/json" onchange={files.on_change} />
                </label>
            </div>
            <p class="summary" id="oci-summary" role="status">{ summary }</p>
            { plan_note }
            <div class="inspector-body">
                <label class="editor">
                    <span>{ tr.t("app-inspect-text") }</span>
                    <textarea id="oci-text" spellcheck="false" rows="16" wrap="off"
                        value={i.text.to_string()} oninput={on_input}
                        aria-describedby="oci-summary" />
                </label>
                <div class="listing-wrap">
                    <span class="listing-title">{ tr.t("app-inspect-in-place") }</span>
                    <ol class="listing" id="oci-listing" aria-label={tr.t("app-inspect-listing")}>
                        { for lines.iter().map(|l| line_view(l, &tr)) }
                    </ol>
                    if !rest.is_empty() {
                        <div class="rest">
                            <p>{ tr.msg(&msg!("app-inspect-rest", n = lines.len())) }</p>
                            { for rest.iter().map(|d| diagnostic(d, false, &tr)) }
                        </div>
                    }
                </div>
            </div>
        </section>
    }
}

/// Reads a chosen or dropped file and inspects it (a file over the core's
/// limit is refused by size without reading it).
fn open(
    file: web_sys::File,
    on: &Callback<InspectorInput>,
    on_notice: &Callback<Msg>,
    reading: &Rc<RefCell<Option<Guard>>>,
) {
    let size = file.size();
    if size > MAX_BYTES as f64 {
        on.emit(InspectorInput::TooLarge(file.name(), size as u64));
        return;
    }
    let (on, on_notice) = (on.clone(), on_notice.clone());
    let guard = browser::read_file(file, move |name, r| match r {
        Ok(bytes) => on.emit(InspectorInput::File(name, Rc::from(bytes))),
        Err(e) => on_notice.emit(msg!("app-file-unreadable", name = name, why = e)),
    });
    *reading.borrow_mut() = Some(guard);
}
