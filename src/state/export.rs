//! What the export menu saves: the trace of what is shown as JSON Lines,
//! with the header every face writes (the core's `Header::new`), and the
//! base name of the exported files.

use super::AppState;
use crate::link::{Panel, ViewState};
use crate::run::Run;
use atlas_core::oci::CgroupVersion;
use atlas_core::trace::{Header, MadeUnder};
use std::rc::Rc;

/// The header line of an exported trace: the configuration and what made it,
/// as `atlas sim` and `atlas oci plan` write it; a replayed trace keeps its
/// own header.
pub fn trace_header(state: &AppState) -> Header {
    let v = &state.view;
    let c = v.config;
    match v.panel {
        Panel::Inspector => Header::new(
            MadeUnder::Plan {
                oci: c.oci.id(),
                runtime: None,
                cgroup: CgroupVersion::default().id(),
            },
            format!(
                "atlas oci plan {} --runtime {}",
                state
                    .inspect
                    .as_ref()
                    .map(|i| i.name.as_str())
                    .unwrap_or("config.json"),
                c.oci.id()
            ),
        ),
        Panel::Replay => state
            .replay
            .as_ref()
            .and_then(|r| r.trace.as_ref().ok())
            .and_then(|(t, _, _)| t.header.clone())
            .unwrap_or(Header {
                trace: 1,
                config: serde_json::Value::Null,
                command: String::new(),
                lang: None,
            }),
        Panel::None | Panel::State | Panel::Compare | Panel::History => {
            Header::new(MadeUnder::Node(&c), v.scenario.trace_command())
        }
    }
}

/// The trace of what is shown, ready to be written when the reader asks:
/// a long run takes tens of milliseconds to write.
#[derive(Debug, Clone)]
pub struct TraceExport {
    /// The run shown.
    pub run: Rc<Run>,
    /// The header its trace starts with.
    pub header: Header,
}

/// The run compares by identity: a deep comparison walks every hop.
impl PartialEq for TraceExport {
    fn eq(&self, o: &TraceExport) -> bool {
        Rc::ptr_eq(&self.run, &o.run) && self.header == o.header
    }
}

impl TraceExport {
    /// The trace as JSON Lines, as `atlas sim --format json` writes it: the
    /// header, then each command's record and its hops.
    pub fn to_jsonl(&self, tr: &crate::i18n::Tr) -> String {
        self.run.to_jsonl(Some(&self.header), tr.catalog())
    }
}

/// The trace of what is shown, as the export menu saves it; `None` when
/// nothing is shown.
pub fn trace_export(state: &AppState) -> Option<TraceExport> {
    let (run, _) = state.shown()?;
    Some(TraceExport {
        run,
        header: trace_header(state),
    })
}

/// The base name of exported files, e.g. `runtime-atlas-kubectl-run-hop-42`.
pub fn export_name(v: &ViewState) -> String {
    let what = match v.panel {
        Panel::Inspector => "oci-plan",
        Panel::Replay => "replay",
        Panel::History => "history",
        Panel::None | Panel::State | Panel::Compare => v.scenario.name,
    };
    format!("runtime-atlas-{what}-hop-{}", v.hop + 1)
}
