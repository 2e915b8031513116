//! Trace replay: open (or drop) a Trace JSON Lines file, such as one recorded
//! by the native runtime or written by `atlas sim --format json`; it plays
//! like a scenario (in the app), or its error is shown with its line.

use crate::browser::{self, Guard};
use crate::state::Replay;
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
    pub on_notice: Callback<String>,
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
                on_notice.emit(format!(
                    "{} is {size} bytes; trace replay reads files up to {MAX_TRACE_BYTES} bytes",
                    file.name(),
                ));
                return;
            }
            let (on_open, on_notice) = (on_open.clone(), on_notice.clone());
            let guard = browser::read_file(file, move |name, r| match r {
                Ok(bytes) => {
                    on_open.emit((name, Rc::from(String::from_utf8_lossy(&bytes).as_ref())))
                }
                Err(e) => on_notice.emit(format!("{name} could not be read: {e}")),
            });
            *reading.borrow_mut() = Some(guard);
        }
    };
    let files = super::file_drop::FileDrop::new(open);
    let status = match props.replay.as_deref() {
        None => html! {
            <p id="replay-status" role="status">{ "No trace open. A trace file is JSON Lines, one hop per line (see TRACE.md); `atlas sim --format json` and the Trace export above write one." }</p>
        },
        Some(Replay {
            name,
            trace: Ok((t, run, _)),
        }) => {
            let header = t
                .header
                .as_ref()
                .map(|h| format!(" Made by `{}` under {}.", h.command, h.config));
            html! {
                <p id="replay-status" class="ok" role="status">
                    { format!("{name}: {} hops.{}", run.len(), header.unwrap_or_default()) }
                </p>
            }
        }
        Some(Replay {
            name,
            trace: Err(e),
        }) => html! {
            <p id="replay-status" class="error" role="alert">{ format!("{name}: {e}") }</p>
        },
    };
    html! {
        <section class="replay" aria-label="trace replay" ondragover={files.on_drag_over} ondrop={files.on_drop}>
            <label class="field file dropzone">
                <span>{ "Open a Trace JSON Lines file (or drop one here)" }</span>
                <input type="file" id="replay-file" accept=".jsonl,.json,.ndjson,application/jsonl,application/x-ndjson" onchange={files.on_change} />
            </label>
            { status }
        </section>
    }
}
