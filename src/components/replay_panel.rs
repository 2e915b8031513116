//! Trace replay: open (or drop) a Trace JSON Lines file, such as one recorded
//! by the native runtime or written by `atlas sim --format json`; it plays
//! like a scenario (in the app), or its error is shown with its line.

use crate::browser::{self, Guard};
use crate::state::Replay;
use atlas_core::{msg, Msg};
use std::rc::Rc;
use yew::prelude::*;

/// Longest trace file read, in bytes.
pub const MAX_TRACE_BYTES: u64 = 64 * 1024 * 1024;

/// Props of [`ReplayPanel`].
#[derive(Properties, PartialEq)]
pub struct ReplayPanelProps {
    /// The file opened, if any.
    pub replay: Option<Rc<Replay>>,
    /// A trace file was read: its name and text.
    pub on_open: Callback<(String, Rc<str>)>,
    /// A file could not be read.
    pub on_notice: Callback<Msg>,
}

/// The panel.
#[function_component(ReplayPanel)]
pub fn replay_panel(props: &ReplayPanelProps) -> Html {
    let reading = use_mut_ref(|| None::<Guard>);
    let open = {
        let (on_open, on_notice) = (props.on_open.clone(), props.on_notice.clone());
        move |file: web_sys::File| {
            // A file's size is a whole number of bytes (a JS number): printed
            // as an integer, the same text as the f64's, without the float
            // formatter in the wasm.
            let size = file.size() as u64;
            if size > MAX_TRACE_BYTES {
                on_notice.emit(msg!(
                    "app-replay-too-large",
                    name = file.name(),
                    size = size,
                    max = MAX_TRACE_BYTES
                ));
                return;
            }
            let (on_open, on_notice) = (on_open.clone(), on_notice.clone());
            let guard = browser::read_file(file, move |name, r| match r {
                Ok(bytes) => {
                    on_open.emit((name, Rc::from(String::from_utf8_lossy(&bytes).as_ref())))
                }
                Err(e) => on_notice.emit(msg!("app-file-unreadable", name = name, why = e)),
            });
            *reading.borrow_mut() = Some(guard);
        }
    };
    let files = super::file_drop::FileDrop::new(open);
    let tr = use_context::<crate::i18n::Tr>().unwrap_or_default();
    let status = match props.replay.as_deref() {
        None => html! {
            <p id="replay-status" role="status">{ tr.t("app-replay-none") }</p>
        },
        Some(Replay {
            name,
            trace: Ok((t, run, _)),
        }) => {
            let header = t.header.as_ref().map(|h| {
                tr.msg(&msg!(
                    "app-replay-made-by",
                    command = h.command.clone(),
                    config = h.config.to_string()
                ))
            });
            html! {
                <p id="replay-status" class="ok" role="status">
                    { tr.msg(&msg!("app-replay-hops", name = name.clone(), len = run.len())) }
                    { header.map(|h| format!(" {h}")).unwrap_or_default() }
                </p>
            }
        }
        Some(Replay {
            name,
            trace: Err(e),
        }) => html! {
            <p id="replay-status" class="error" role="alert">{ format!("{name}: {}", tr.msg(e)) }</p>
        },
    };
    html! {
        <section class="replay" aria-label={tr.t("app-panel-replay")} ondragover={files.on_drag_over} ondrop={files.on_drop}>
            <label class="field file dropzone">
                <span>{ tr.t("app-replay-open") }</span>
                <input type="file" id="replay-file" accept=".jsonl,.json,.ndjson,application/jsonl,application/x-ndjson" onchange={files.on_change} />
            </label>
            { status }
        </section>
    }
}
