//! What the OCI inspector shows for one text: the core's [`Inspection`] (the
//! diagnostics, and for a valid runtime config the plans of runc and crun),
//! the text cut into lines with each diagnostic at its line, and the plan of
//! the configuration's OCI runtime as a run of hops.
//!
//! In the browser the inspection comes from a second wasm module, loaded when
//! the inspector is first needed ([`crate::browser::inspect`]): the app's own
//! module holds no OCI reader. Until its answer arrives an [`Inspect`] is
//! [`Findings::Waiting`]. Outside wasm32 (tests, server-side renders) the core
//! is called directly and the answer is there at once.

use super::shown::Shown;
use crate::layout::layout_hops;
use crate::link::Shipped;
use crate::run::Run;
use atlas_core::oci::inspection::{self, Inspection};
use atlas_core::oci::validate::{Diagnostic, Severity};
use atlas_core::oci::OciRuntime;
use atlas_core::{msg, Msg, Oci};
use std::rc::Rc;

/// Lines of text the listing draws; the diagnostics of later lines are listed below it.
pub const MAX_LISTING: usize = 2000;

/// Where an inspection stands.
#[derive(Debug, Clone)]
pub enum Findings {
    /// Asked of the inspector module, not answered yet.
    Waiting,
    /// The answer.
    Ready(Rc<Inspection>),
    /// The module could not be loaded, or it stopped: why.
    Failed(Rc<str>),
}

impl PartialEq for Findings {
    fn eq(&self, o: &Findings) -> bool {
        match (self, o) {
            (Findings::Waiting, Findings::Waiting) => true,
            (Findings::Ready(a), Findings::Ready(b)) => Rc::ptr_eq(a, b),
            (Findings::Failed(a), Findings::Failed(b)) => a == b,
            _ => false,
        }
    }
}

/// Whether two optional shared values are the same one (or both absent).
fn same<T: ?Sized>(a: &Option<Rc<T>>, b: &Option<Rc<T>>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => Rc::ptr_eq(a, b),
        (None, None) => true,
        _ => false,
    }
}

/// One inspected document. Cheap to clone; two are equal when they share
/// their text, findings and plan (no deep comparison).
#[derive(Debug, Clone)]
pub struct Inspect {
    /// Where it came from (a sample's file, a dropped file's name, `pasted`).
    pub name: String,
    /// The text as shown (a file that is not UTF-8 is shown lossily).
    pub text: Rc<str>,
    /// A file's bytes as read: what the inspector module is sent instead of
    /// the text (it refuses bytes that are not UTF-8 at the first bad one).
    pub bytes: Option<Rc<[u8]>>,
    /// The document shipped with the app that this is, if it is one: in the
    /// browser its text comes with the inspector module's answer.
    pub shipped: Option<Shipped>,
    /// The core's findings, or where they stand.
    pub findings: Findings,
    /// The plan, for a runtime config without errors: its run and diagram,
    /// or why there is none.
    pub plan: Option<Shown>,
}

impl PartialEq for Inspect {
    fn eq(&self, o: &Inspect) -> bool {
        let plans = match (&self.plan, &o.plan) {
            (Some(Ok((r, l))), Some(Ok((s, m)))) => Rc::ptr_eq(r, s) && Rc::ptr_eq(l, m),
            (Some(Err(a)), Some(Err(b))) => a == b,
            (None, None) => true,
            _ => false,
        };
        self.name == o.name
            && self.shipped == o.shipped
            && Rc::ptr_eq(&self.text, &o.text)
            && same(&self.bytes, &o.bytes)
            && self.findings == o.findings
            && plans
    }
}

/// The plan's runtime for the configuration's OCI runtime (runc and crun have plans).
pub fn plan_runtime(oci: Oci) -> Option<OciRuntime> {
    match oci {
        Oci::Runc => Some(OciRuntime::Runc),
        Oci::Crun => Some(OciRuntime::Crun),
        _ => None,
    }
}

/// A request for the inspector module: the text shown (its answer is
/// matched to the document by this `Rc`), and a file's bytes to send instead
/// of the text. Two requests are equal only when they are the same request
/// (the same `Rc`s): the same file dropped twice is asked twice.
#[derive(Debug, Clone)]
pub struct Request {
    /// The document's text.
    pub text: Rc<str>,
    /// A file's bytes, sent instead of the text.
    pub bytes: Option<Rc<[u8]>>,
    /// A shipped document's path under `assets/oci/`: the module reads its
    /// own copy of the text and sends it back with the inspection.
    pub shipped: Option<String>,
}

/// The inspector module's answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    /// The inspection as JSON (see [`Inspection::to_json`]).
    pub json: String,
    /// A shipped document's text, when one was asked for.
    pub text: Option<String>,
}

impl PartialEq for Request {
    fn eq(&self, o: &Request) -> bool {
        Rc::ptr_eq(&self.text, &o.text) && same(&self.bytes, &o.bytes)
    }
}

impl Inspect {
    /// Inspects a document shipped with the app. In the browser its text
    /// is in the inspector module, not in the app's: it comes with the answer.
    pub fn shipped(s: Shipped, oci: Oci) -> Inspect {
        #[cfg(not(target_arch = "wasm32"))]
        let mut i = Inspect::text(s.file(), s.text(), oci);
        #[cfg(target_arch = "wasm32")]
        let mut i = Inspect::with(s.file(), Rc::from(""), None, Findings::Waiting, oci);
        i.shipped = Some(s);
        i
    }

    /// Inspects a text.
    pub fn text(name: &str, text: &str, oci: Oci) -> Inspect {
        let text: Rc<str> = Rc::from(text);
        #[cfg(not(target_arch = "wasm32"))]
        let findings = Findings::Ready(Rc::new(inspection::inspect(&text)));
        #[cfg(target_arch = "wasm32")]
        let findings = Findings::Waiting;
        Inspect::with(name, text, None, findings, oci)
    }

    /// Inspects a file's bytes (text that is not UTF-8 is refused at its first bad byte).
    pub fn bytes(name: &str, bytes: Rc<[u8]>, oci: Oci) -> Inspect {
        let text: Rc<str> = Rc::from(String::from_utf8_lossy(&bytes).as_ref());
        #[cfg(not(target_arch = "wasm32"))]
        let findings = Findings::Ready(Rc::new(inspection::inspect_bytes(&bytes)));
        #[cfg(target_arch = "wasm32")]
        let findings = Findings::Waiting;
        Inspect::with(name, text, Some(bytes), findings, oci)
    }

    /// A file over the core's limit, refused by its size without reading it.
    pub fn too_large(name: &str, len: u64, oci: Oci) -> Inspect {
        let findings = Findings::Ready(Rc::new(inspection::too_large(len)));
        Inspect::with(name, Rc::from(""), None, findings, oci)
    }

    fn with(
        name: &str,
        text: Rc<str>,
        bytes: Option<Rc<[u8]>>,
        findings: Findings,
        oci: Oci,
    ) -> Inspect {
        let mut i = Inspect {
            name: name.to_string(),
            text,
            bytes,
            shipped: None,
            findings,
            plan: None,
        };
        i.replan(oci);
        i
    }

    /// What to ask the inspector module, while the answer is awaited.
    pub fn request(&self) -> Option<Request> {
        self.is_waiting().then(|| Request {
            text: Rc::clone(&self.text),
            bytes: self.bytes.clone(),
            shipped: self.shipped.map(|s| s.path()),
        })
    }

    /// Takes the inspector module's answer (JSON, see [`Inspection::to_json`],
    /// and a shipped document's text) or why there is none, and plans.
    pub fn answer(&mut self, answer: Result<Answer, String>, oci: Oci) {
        let json = answer.map(|a| {
            if let Some(text) = a.text {
                self.text = Rc::from(text);
            }
            a.json
        });
        // Rendered with the page's English, not `WireError`'s Display: that
        // is `Catalog::english()`, the whole catalog, which the first load
        // does not carry.
        let read = |json: String| {
            Inspection::from_json(&json).map_err(|e| crate::i18n::english().render(&e.message()))
        };
        self.findings = match json.and_then(read) {
            Ok(i) => Findings::Ready(Rc::new(i)),
            Err(e) => Findings::Failed(Rc::from(e)),
        };
        self.replan(oci);
    }

    /// Asks again after a failure (a module that could not be loaded is
    /// imported again, one that stopped is replaced); false if there was none.
    pub fn retry(&mut self) -> bool {
        if !matches!(self.findings, Findings::Failed(_)) {
            return false;
        }
        self.findings = Findings::Waiting;
        true
    }

    /// Whether the inspector module's answer is awaited.
    pub fn is_waiting(&self) -> bool {
        self.findings == Findings::Waiting
    }

    /// The findings, once there.
    pub fn report(&self) -> Option<&Inspection> {
        match &self.findings {
            Findings::Ready(i) => Some(i),
            _ => None,
        }
    }

    /// Plans again for another OCI runtime.
    pub fn replan(&mut self, oci: Oci) {
        self.plan = match self.report() {
            Some(r) if r.is_runtime_config() => Some(match plan_runtime(oci) {
                None => Err(atlas_core::msg!("app-plan-runc-crun-only", oci = oci.id())),
                Some(runtime) => match r.plan(runtime) {
                    Some(Ok(steps)) => {
                        let run = Run::from_plan(steps);
                        let layout = layout_hops(&run.hops);
                        Ok((Rc::new(run), Rc::new(layout)))
                    }
                    Some(Err(e)) => Err(atlas_core::msg!("app-plan-refused", why = e.clone())),
                    None => Err(atlas_core::msg!("app-plan-none", oci = runtime.id())),
                },
            }),
            _ => None,
        };
    }

    /// Whether nothing has been given yet: a blank text whose only complaint
    /// is that it is not JSON (a file refused by its size or encoding is not
    /// blank). The inspector shows its hint then, not the error.
    pub fn is_blank(&self) -> bool {
        self.text.trim().is_empty()
            && match &self.findings {
                Findings::Ready(r) => r.diagnostics.iter().all(|d| d.code == "syntax"),
                Findings::Waiting => self.bytes.is_none() && self.shipped.is_none(),
                Findings::Failed(_) => false,
            }
    }

    /// The diagnostics (none until the findings are there).
    pub fn diagnostics(&self) -> &[Diagnostic] {
        self.report()
            .map(|r| r.diagnostics.as_slice())
            .unwrap_or(&[])
    }

    /// The number of hops of the plan (0 without one).
    pub fn len(&self) -> usize {
        match &self.plan {
            Some(Ok((run, _))) => run.len(),
            _ => 0,
        }
    }

    /// Whether there is no plan to play.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// One line on the document as a whole: a hint while nothing is given,
    /// "checking…" while the module has not answered, or what it is and how
    /// many errors, warnings and notes it has.
    pub fn summary(&self) -> Msg {
        if self.is_blank() {
            return msg!("app-inspect-hint");
        }
        match &self.findings {
            Findings::Waiting => msg!("app-inspect-checking", name = self.name.clone()),
            Findings::Failed(_) => msg!("app-inspect-not-checked", name = self.name.clone()),
            Findings::Ready(r) => {
                let kind = match r.kind {
                    Some(k) => msg!("app-inspect-kind", kind = k.a_title_msg()),
                    None => msg!("app-inspect-unknown-kind"),
                };
                msg!(
                    "app-inspect-summary",
                    name = self.name.clone(),
                    kind = kind,
                    errors = r.count(Severity::Error),
                    warnings = r.count(Severity::Warning),
                    notes = r.count(Severity::Info)
                )
            }
        }
    }

    /// What the inspector says of the plan under the summary.
    pub fn plan_note(&self) -> PlanNote {
        match (&self.plan, &self.findings) {
            (Some(Ok((run, _))), _) => PlanNote::Plan { hops: run.len() },
            (Some(Err(e)), _) => PlanNote::NoPlan(e.clone()),
            (None, Findings::Ready(r)) if r.kind.is_some() && r.count(Severity::Error) == 0 => {
                PlanNote::ValidImage
            }
            (None, Findings::Failed(why)) => PlanNote::Failed(Rc::clone(why)),
            _ => PlanNote::Nothing,
        }
    }
}

/// What the inspector says of the plan.
#[derive(Debug, Clone, PartialEq)]
pub enum PlanNote {
    /// A valid runtime config: its plan has this many hops.
    Plan {
        /// Hops of the plan.
        hops: usize,
    },
    /// A runtime config with no plan, and why.
    NoPlan(Msg),
    /// A valid image document: only a runtime config is run.
    ValidImage,
    /// The inspector module could not check the document, and why.
    Failed(Rc<str>),
    /// Nothing to say (errors are shown in place, or nothing was given).
    Nothing,
}

/// A line of the listing and the diagnostics that point into it.
#[derive(Debug, Clone, PartialEq)]
pub struct Line<'a> {
    /// 1-based.
    pub number: u32,
    /// The line's text, without its end.
    pub text: &'a str,
    /// Diagnostics at this line.
    pub diagnostics: Vec<&'a Diagnostic>,
}

/// The text's lines (at most [`MAX_LISTING`]) with their diagnostics, and the
/// diagnostics of lines beyond. A diagnostic past the last line (the end of a
/// truncated text) goes to the last line.
pub fn listing<'a>(
    text: &'a str,
    diagnostics: &'a [Diagnostic],
) -> (Vec<Line<'a>>, Vec<&'a Diagnostic>) {
    let mut lines: Vec<Line<'a>> = text
        .split('\n')
        .take(MAX_LISTING)
        .enumerate()
        .map(|(i, t)| Line {
            number: i as u32 + 1,
            text: t.strip_suffix('\r').unwrap_or(t),
            diagnostics: Vec::new(),
        })
        .collect();
    let total = text.split('\n').count();
    let mut rest = Vec::new();
    for d in diagnostics {
        let line = d.line.max(1) as usize;
        let at = if line > total { total } else { line };
        match lines.get_mut(at - 1) {
            Some(l) => l.diagnostics.push(d),
            None => rest.push(d),
        }
    }
    (lines, rest)
}

/// A line cut into pieces, each marked with the index of the diagnostic
/// whose token it is (see [`cut`]); tokens that would overlap an earlier one
/// are left unmarked.
pub fn pieces<'a>(line: &'a str, columns: &[u32]) -> Vec<(&'a str, Option<usize>)> {
    let mut order: Vec<(u32, usize)> = columns.iter().enumerate().map(|(i, c)| (*c, i)).collect();
    atlas_core::order::sort(&mut order);
    let mut out = Vec::new();
    let mut rest = line;
    let mut consumed = 0u32; // characters of `line` already given out
    for (column, i) in order {
        if column <= consumed {
            continue;
        }
        let (before, tok, after) = cut(rest, column - consumed);
        if !before.is_empty() {
            out.push((before, None));
        }
        if !tok.is_empty() {
            out.push((tok, Some(i)));
        }
        consumed += (before.chars().count() + tok.chars().count()) as u32;
        rest = after;
    }
    if !rest.is_empty() {
        out.push((rest, None));
    }
    out
}

/// A line cut at a 1-based column (counted in characters): before, the token
/// that starts there (up to a space, `,`, `:`, `]` or `}` after its first
/// character), and after.
pub fn cut(line: &str, column: u32) -> (&str, &str, &str) {
    let start = line
        .char_indices()
        .nth(column.saturating_sub(1) as usize)
        .map(|(i, _)| i)
        .unwrap_or(line.len());
    let tail = &line[start..];
    let mut chars = tail.char_indices();
    let first = chars.next().map(|(_, c)| c.len_utf8()).unwrap_or(0);
    let end = chars
        .find(|(_, c)| matches!(c, ' ' | ',' | ':' | ']' | '}'))
        .map(|(i, _)| i)
        .unwrap_or(tail.len())
        .max(first);
    (&line[..start], &tail[..end], &tail[end..])
}

#[cfg(test)]
mod tests {
    use super::*;
    use atlas_core::oci::samples::{sample, BROKEN};
    use atlas_core::oci::validate::Severity;

    #[test]
    fn every_diagnostic_of_a_broken_sample_sits_at_its_line() {
        for b in BROKEN {
            let i = Inspect::text(b.file, b.text(), Oci::Runc);
            assert!(!i.diagnostics().is_empty(), "{}", b.file);
            let errors = i.report().map_or(0, |r| r.count(Severity::Error));
            assert!(i.plan.is_none() || errors == 0, "{}", b.file);
            let (lines, rest) = listing(&i.text, i.diagnostics());
            assert!(rest.is_empty(), "{}", b.file);
            let placed: usize = lines.iter().map(|l| l.diagnostics.len()).sum();
            assert_eq!(placed, i.diagnostics().len(), "{}", b.file);
            for l in &lines {
                for d in &l.diagnostics {
                    assert!(d.line == l.number || l.number as usize == lines.len());
                }
            }
        }
    }

    #[test]
    fn a_valid_config_plays_its_plan_for_runc_and_crun() {
        let s = sample("runc-default").map(|s| s.text()).unwrap_or_default();
        let runc = Inspect::text("config.json", s, Oci::Runc);
        assert!(runc.len() > 20);
        let Some(Ok((run, layout))) = &runc.plan else {
            panic!("no plan: {:?}", runc.plan);
        };
        assert_eq!(run.records.len(), 3);
        assert_eq!(run.records[0].command, "runc create demo");
        assert!(run.hops.iter().any(|h| h.call == "pivot_root"));
        assert!(layout
            .nodes
            .iter()
            .any(|n| n.component == atlas_core::Component::Kernel));
        let mut crun = runc.clone();
        crun.replan(Oci::Crun);
        let Some(Ok((run, _))) = &crun.plan else {
            panic!("no crun plan");
        };
        assert_eq!(run.records[1].command, "crun start demo");
        let mut kata = runc;
        kata.replan(Oci::Kata);
        assert!(
            matches!(kata.plan, Some(Err(ref e)) if crate::i18n::english().render(e).contains("kata"))
        );
        let image = Inspect::text(
            "m.json",
            sample("image-manifest")
                .map(|s| s.text())
                .unwrap_or_default(),
            Oci::Runc,
        );
        assert!(
            image.plan.is_none()
                && image
                    .report()
                    .is_some_and(|r| r.count(Severity::Error) == 0)
        );
    }

    #[test]
    fn the_module_s_answer_is_read_and_planned() {
        let s = sample("runc-default").map(|s| s.text()).unwrap_or_default();
        let direct = Inspect::text("config.json", s, Oci::Crun);
        let mut i = direct.clone();
        i.findings = Findings::Waiting;
        i.plan = None;
        let asked = i.request().unwrap();
        assert!(Rc::ptr_eq(&asked.text, &i.text) && asked.bytes.is_none());
        // The same text in another document is another request.
        let mut again = Inspect::text("config.json", s, Oci::Crun);
        again.findings = Findings::Waiting;
        assert_ne!(again.request(), Some(asked));
        let json = direct.report().map(|r| r.to_json()).unwrap_or_default();
        i.answer(Ok(Answer { json, text: None }), Oci::Crun);
        assert_eq!(i.report(), direct.report());
        assert_eq!(i.len(), direct.len());
        assert_eq!(i.request(), None);
        let mut bad = i.clone();
        bad.answer(
            Ok(Answer {
                json: "{\"kind\": 5}".to_string(),
                text: None,
            }),
            Oci::Crun,
        );
        assert!(
            matches!(&bad.findings, Findings::Failed(why) if why.starts_with("the inspector's answer"))
        );
        assert!(bad.plan.is_none() && bad.diagnostics().is_empty());
        let mut bytes = Inspect::bytes("x.json", Rc::from(&b"{}"[..]), Oci::Runc);
        bytes.findings = Findings::Waiting;
        assert!(matches!(bytes.request(), Some(Request { bytes: Some(b), .. }) if &*b == b"{}"));
        // A failure keeps the file's bytes, and a retry sends them again.
        bytes.answer(Err("offline".to_string()), Oci::Runc);
        assert!(matches!(&bytes.findings, Findings::Failed(why) if &**why == "offline"));
        assert!(bytes.bytes.is_some());
        assert_eq!(bytes.request(), None);
        assert!(bytes.retry());
        assert!(matches!(bytes.request(), Some(Request { bytes: Some(b), .. }) if &*b == b"{}"));
        assert!(!bytes.retry(), "nothing failed");
    }

    #[test]
    fn bytes_that_are_not_utf8_are_refused_at_their_line() {
        let i = Inspect::bytes(
            "x.json",
            Rc::from(&b"{\n  \"a\": \"\xff\"\n}"[..]),
            Oci::Runc,
        );
        assert_eq!(i.diagnostics()[0].code, "not-utf8");
        assert_eq!(i.diagnostics()[0].line, 2);
        assert!(i.text.contains('\u{fffd}'));
    }

    #[test]
    fn only_a_text_not_given_yet_is_blank() {
        for text in ["", "  \n\t"] {
            let i = Inspect::text("pasted", text, Oci::Runc);
            assert!(i.is_blank(), "{text:?}");
            // The core still refuses it: the view hides that, not the report.
            assert!(!i.diagnostics().is_empty());
        }
        assert!(!Inspect::text("pasted", "{", Oci::Runc).is_blank());
        assert!(!Inspect::too_large("big.json", 1 << 30, Oci::Runc).is_blank());
        assert!(!Inspect::bytes("x.json", Rc::from(&b" \xff"[..]), Oci::Runc).is_blank());
    }

    #[test]
    fn pieces_mark_every_diagnostic_of_a_line() {
        let line = r#"  "bounding": ["CAP_NET_ADMIN", "SYS_ADMIN", "CAP_NET_ADMN"],"#;
        let col = |s: &str| line.find(s).map(|i| i as u32 + 1).unwrap_or(0);
        let p = pieces(line, &[col("\"SYS"), col("\"CAP_NET_ADMN")]);
        let joined: String = p.iter().map(|(t, _)| *t).collect();
        assert_eq!(joined, line);
        let marked: Vec<(&str, usize)> = p.iter().filter_map(|(t, m)| m.map(|m| (*t, m))).collect();
        assert_eq!(marked, vec![("\"SYS_ADMIN\"", 0), ("\"CAP_NET_ADMN\"", 1)]);
        // The same column twice, or one inside an earlier token, marks once.
        assert_eq!(
            pieces("abc def", &[1, 1, 2])
                .iter()
                .filter(|(_, m)| m.is_some())
                .count(),
            1
        );
    }

    #[test]
    fn cut_marks_the_token_at_a_column() {
        assert_eq!(cut("  \"a\": 12,", 8), ("  \"a\": ", "12", ","));
        assert_eq!(cut("é\"x\"", 2), ("é", "\"x\"", ""));
        assert_eq!(cut("ab", 9), ("ab", "", ""));
        assert_eq!(cut("}", 1), ("", "}", ""));
    }
}
