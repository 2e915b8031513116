//! What the OCI inspector shows for one text: the core's validation report,
//! the text cut into lines with each diagnostic at its line, and, for a valid
//! runtime config, the plan of the OCI runtime as a run of hops.

use crate::app::Shown;
use crate::layout::layout_hops;
use crate::run::Run;
use atlas_core::oci::validate::{too_large, validate, validate_bytes, Diagnostic, Report};
use atlas_core::oci::OciRuntime;
use atlas_core::Oci;
use std::rc::Rc;

/// Lines of text the listing draws; the diagnostics of later lines are listed below it.
pub const MAX_LISTING: usize = 2000;

/// One inspected document. Cheap to clone; two are equal when they share
/// their text, report and plan (no deep comparison of oci-spec documents).
#[derive(Debug, Clone)]
pub struct Inspect {
    /// Where it came from (a sample's file, a dropped file's name, `pasted`).
    pub name: String,
    /// The text as shown (a file that is not UTF-8 is shown lossily).
    pub text: Rc<str>,
    /// The core's report.
    pub report: Rc<Report>,
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
            && Rc::ptr_eq(&self.text, &o.text)
            && Rc::ptr_eq(&self.report, &o.report)
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

impl Inspect {
    /// Inspects a text.
    pub fn text(name: &str, text: &str, oci: Oci) -> Inspect {
        Inspect::with_report(name, Rc::from(text), validate(text), oci)
    }

    /// Inspects a file's bytes (text that is not UTF-8 is refused at its first bad byte).
    pub fn bytes(name: &str, bytes: &[u8], oci: Oci) -> Inspect {
        let report = validate_bytes(bytes, None);
        let text: Rc<str> = Rc::from(String::from_utf8_lossy(bytes).as_ref());
        Inspect::with_report(name, text, report, oci)
    }

    /// A file over the core's limit, refused by its size without reading it.
    pub fn too_large(name: &str, len: u64, oci: Oci) -> Inspect {
        Inspect::with_report(name, Rc::from(""), too_large(len, None), oci)
    }

    fn with_report(name: &str, text: Rc<str>, report: Report, oci: Oci) -> Inspect {
        let mut i = Inspect {
            name: name.to_string(),
            text,
            report: Rc::new(report),
            plan: None,
        };
        i.replan(oci);
        i
    }

    /// Plans again for another OCI runtime.
    pub fn replan(&mut self, oci: Oci) {
        let Some(doc) = self.report.document.as_ref() else {
            self.plan = None;
            return;
        };
        let Some(runtime) = plan_runtime(oci) else {
            self.plan = doc.spec().map(|_| {
                Err(format!(
                    "plans are drawn for runc and crun; {} is chosen as the OCI runtime",
                    oci.id()
                ))
            });
            return;
        };
        self.plan = Run::from_document(doc, runtime).map(|r| {
            r.map(|run| {
                let layout = layout_hops(&run.hops);
                (Rc::new(run), Rc::new(layout))
            })
        });
    }

    /// Whether nothing has been given yet: a blank text whose only complaint
    /// is that it is not JSON (a file refused by its size or encoding is not
    /// blank). The inspector shows its hint then, not the error.
    pub fn is_blank(&self) -> bool {
        self.text.trim().is_empty() && self.report.diagnostics.iter().all(|d| d.code == "syntax")
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
pub fn listing<'a>(text: &'a str, report: &'a Report) -> (Vec<Line<'a>>, Vec<&'a Diagnostic>) {
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
    for d in &report.diagnostics {
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

    #[test]
    fn every_diagnostic_of_a_broken_sample_sits_at_its_line() {
        for b in BROKEN {
            let i = Inspect::text(b.file, b.text, Oci::Runc);
            assert!(!i.report.diagnostics.is_empty(), "{}", b.file);
            assert!(i.plan.is_none() || !i.report.has_errors(), "{}", b.file);
            let (lines, rest) = listing(&i.text, &i.report);
            assert!(rest.is_empty(), "{}", b.file);
            let placed: usize = lines.iter().map(|l| l.diagnostics.len()).sum();
            assert_eq!(placed, i.report.diagnostics.len(), "{}", b.file);
            for l in &lines {
                for d in &l.diagnostics {
                    assert!(d.line == l.number || l.number as usize == lines.len());
                }
            }
        }
    }

    #[test]
    fn a_valid_config_plays_its_plan_for_runc_and_crun() {
        let s = sample("runc-default").map(|s| s.text).unwrap_or_default();
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
        assert!(matches!(kata.plan, Some(Err(ref e)) if e.contains("kata")));
        let image = Inspect::text(
            "m.json",
            sample("image-manifest").map(|s| s.text).unwrap_or_default(),
            Oci::Runc,
        );
        assert!(image.plan.is_none() && !image.report.has_errors());
    }

    #[test]
    fn bytes_that_are_not_utf8_are_refused_at_their_line() {
        let i = Inspect::bytes("x.json", b"{\n  \"a\": \"\xff\"\n}", Oci::Runc);
        assert_eq!(i.report.diagnostics[0].code, "not-utf8");
        assert_eq!(i.report.diagnostics[0].line, 2);
        assert!(i.text.contains('\u{fffd}'));
    }

    #[test]
    fn only_a_text_not_given_yet_is_blank() {
        for text in ["", "  \n\t"] {
            let i = Inspect::text("pasted", text, Oci::Runc);
            assert!(i.is_blank(), "{text:?}");
            // The core still refuses it: the view hides that, not the report.
            assert!(!i.report.diagnostics.is_empty());
        }
        assert!(!Inspect::text("pasted", "{", Oci::Runc).is_blank());
        assert!(!Inspect::too_large("big.json", 1 << 30, Oci::Runc).is_blank());
        assert!(!Inspect::bytes("x.json", b" \xff", Oci::Runc).is_blank());
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
