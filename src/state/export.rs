//! What the export menu saves: the trace of what is shown as JSON Lines,
//! with the header every face writes (the core's `Header::new`), the caption
//! under an exported diagram, and the base name of the exported files.

use super::AppState;
use crate::i18n::Tr;
use crate::link::{Panel, ViewState};
use crate::run::Run;
use atlas_core::msg;
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
        Panel::None | Panel::State | Panel::Compare | Panel::History | Panel::Quiz => {
            Header::new(MadeUnder::Node(&c), v.scenario.trace_command())
        }
        Panel::Term | Panel::Drill => Header::new(MadeUnder::Node(&c), String::new()),
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
        Panel::Term => "terminal",
        Panel::Drill => "drill",
        Panel::Quiz => "quiz",
        Panel::None | Panel::State | Panel::Compare => v.scenario.name,
    };
    format!("runtime-atlas-{what}-hop-{}", v.hop + 1)
}

/// What the caption under an exported diagram is made of, taken when the
/// page is drawn; its lines are written only when the reader exports.
#[derive(Debug, Clone, PartialEq)]
pub struct Caption {
    /// What the diagram shows: the configuration's label (a plan's, a
    /// replayed trace's).
    pub label: String,
    /// The hop shown (0-based).
    pub pos: usize,
    /// The link's fragment that restores the view.
    pub fragment: String,
}

impl Caption {
    /// The caption of the view shown, in the reader's language.
    pub fn of(state: &AppState, tr: &Tr) -> Caption {
        let v = &state.view;
        let label = match v.panel {
            Panel::Inspector => tr.msg(&msg!("app-plan-of", oci = v.config.oci.id())),
            Panel::Replay => tr.t("app-replayed-trace"),
            Panel::None
            | Panel::State
            | Panel::Compare
            | Panel::History
            | Panel::Term
            | Panel::Drill
            | Panel::Quiz => tr.msg(&v.config.label_msg()),
        };
        Caption {
            label,
            pos: v.hop,
            fragment: v.to_fragment(),
        }
    }

    /// Its lines: the configuration; the hop and its call (from → to, call);
    /// the hop's note; the page's link (`page`: the address without the
    /// fragment) that restores the view.
    pub fn lines(&self, run: &Run, page: &str, tr: &Tr) -> Vec<String> {
        let mut lines = vec![self.label.clone()];
        if let Some(h) = run.hops.get(self.pos) {
            lines.push(tr.msg(&msg!(
                "links-caption-hop",
                at = self.pos + 1,
                len = run.len(),
                from = h.from.id(),
                to = h.to.id(),
                call = h.call.clone()
            )));
            let note = tr.note(h);
            if !note.is_empty() {
                lines.push(note);
            }
        }
        lines.push(format!("{page}#{}", self.fragment));
        lines
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_caption_says_the_configuration_the_hop_its_call_note_and_link() {
        let s = AppState::from_fragment("#v1;sc=runc-run;hop=3;speed=2");
        let tr = Tr::english();
        let (run, _) = s.shown().expect("a run");
        let h = &run.hops[2];
        let lines = Caption::of(&s, &tr).lines(&run, "https://atlas.example/", &tr);
        assert_eq!(lines.len(), 4, "{lines:?}");
        assert_eq!(lines[0], tr.msg(&s.view.config.label_msg()));
        assert_eq!(
            lines[1],
            format!(
                "Hop 3 of {}: {} → {}, {}",
                run.len(),
                h.from.id(),
                h.to.id(),
                h.call
            )
        );
        assert_eq!(lines[2], tr.note(h));
        assert!(!lines[2].is_empty());
        assert_eq!(
            lines[3],
            format!("https://atlas.example/#{}", s.view.to_fragment())
        );
        assert!(lines[3].contains(";sc=runc-run;hop=3;") && lines[3].contains("speed=2"));
    }
}
