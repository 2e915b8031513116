//! Quizzes on the stack as data: `assets/quizzes/*.toml`, each a list of
//! `[[question]]` tables (the question, 3 to 5 choices, the answer, the
//! explanation in English and Korean) linked to the hop of a scenario's run
//! that shows the answer. `crates/core/build.rs` embeds every file.
//!
//! A question names its hop by who calls whom and the call: `from` and `to`
//! are component ids as the Trace writes them (`kubelet`,
//! `containerd/cri`; an id without `/` also matches its parts, so
//! `containerd` matches `containerd/cri`), and `call` may be a prefix
//! (`RunPodSandbox`, `runc create`). The hop is the first of the
//! scenario's run (played under the scenario's own configuration) that
//! matches. Its index counts the run's hops from 0 across all its steps, as
//! the app's view does; the app's link writes `hop=` with that index plus 1.

use crate::config::Config;
use crate::drill::{DrillError, Text};
use crate::message::Msg;
use crate::msg;
use crate::played::{self, Played};
use crate::scenario;
use crate::trace::Hop;
use serde::{Deserialize, Serialize};

include!(concat!(env!("OUT_DIR"), "/quizzes.rs"));

/// The hop a question links to, as the file names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HopRef {
    /// The caller's component id.
    pub from: String,
    /// The callee's component id.
    pub to: String,
    /// The call, or its beginning.
    pub call: String,
}

/// Where a question's hop is in its scenario's run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct HopAt {
    /// The scenario's configuration (the run the hop is in).
    pub config: Config,
    /// The hop's index in the run, from 0 across all its steps.
    pub index: usize,
}

/// One question.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Question {
    /// Unique id (`q-cri-speaker`).
    pub id: String,
    /// The question.
    pub question: Text,
    /// 3 to 5 choices.
    pub choices: Vec<Text>,
    /// The right choice's index.
    pub answer: usize,
    /// Why that is the answer.
    pub explanation: Text,
    /// The scenario whose run shows it.
    pub scenario: String,
    /// The hop that shows it.
    pub hop: HopRef,
    /// The hop found in the run ([`all`] fills it; none when it is not
    /// there).
    #[serde(skip)]
    pub at: Option<HopAt>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct QuizFile {
    question: Vec<Question>,
}

/// Reads a quiz file: its TOML, then the rules (3–5 choices, the answer
/// among them, both languages, a scenario that exists). Hops are not
/// resolved here ([`resolve`]).
pub fn parse(text: &str, file: &str) -> Result<Vec<Question>, DrillError> {
    let f: QuizFile =
        basic_toml::from_str(text).map_err(|e| crate::drill::syntax_error(&e, text, file))?;
    for (i, q) in f.question.iter().enumerate() {
        if let Err((key, why)) = q.validate() {
            let (line, col) = crate::drill::locate_item(text, "question", i, key);
            return Err(DrillError::Invalid {
                file: file.to_string(),
                line,
                col,
                why,
            });
        }
    }
    Ok(f.question)
}

fn both(t: &Text) -> bool {
    !t.en.trim().is_empty() && !t.ko.trim().is_empty()
}

impl Question {
    fn validate(&self) -> Result<(), (&'static str, Msg)> {
        if self.id.trim().is_empty() {
            return Err(("id", msg!("drill-empty-text", field = "id")));
        }
        for (key, t) in [
            ("question", &self.question),
            ("explanation", &self.explanation),
        ] {
            if !both(t) {
                return Err((key, msg!("drill-empty-text", field = key)));
            }
        }
        if !(3..=5).contains(&self.choices.len()) {
            return Err((
                "choices",
                msg!("drill-quiz-choices", count = self.choices.len()),
            ));
        }
        if !self.choices.iter().all(both) {
            return Err(("choices", msg!("drill-empty-text", field = "choices")));
        }
        if self.answer >= self.choices.len() {
            return Err((
                "answer",
                msg!("drill-quiz-answer-range", answer = self.answer),
            ));
        }
        if scenario::find(&self.scenario).is_none() {
            return Err((
                "scenario",
                msg!("drill-unknown-scenario", name = self.scenario.as_str()),
            ));
        }
        Ok(())
    }

    /// Whether a hop is the one this question names.
    pub fn names(&self, h: &Hop) -> bool {
        let component = |want: &str, id: &str| {
            id == want || (!want.contains('/') && id.starts_with(&format!("{want}/")))
        };
        component(&self.hop.from, h.from.id())
            && component(&self.hop.to, h.to.id())
            && h.call.starts_with(self.hop.call.as_str())
    }
}

/// A scenario's run: its configuration and its hops in the app's order.
type Run = (Config, Vec<Hop>);

/// The hops of a scenario's run under its own configuration, in the app's
/// order.
fn run(name: &str) -> Option<Run> {
    let s = scenario::find(name)?;
    let config = s.config();
    match played::play(config, s) {
        Played::Ran(steps) => Some((config, steps.into_iter().flat_map(|s| s.hops).collect())),
        Played::Refused(_) => None,
    }
}

/// Finds each question's hop in its scenario's run (each scenario played
/// once).
pub fn resolve(questions: &mut [Question]) {
    let mut runs: Vec<(String, Option<Run>)> = Vec::new();
    for q in questions.iter_mut() {
        let i = match runs.iter().position(|(n, _)| *n == q.scenario) {
            Some(i) => i,
            None => {
                runs.push((q.scenario.clone(), run(&q.scenario)));
                runs.len() - 1
            }
        };
        q.at = runs
            .get(i)
            .and_then(|(_, r)| r.as_ref())
            .and_then(|(config, hops)| {
                hops.iter().position(|h| q.names(h)).map(|index| HopAt {
                    config: *config,
                    index,
                })
            });
    }
}

/// Every embedded quiz file as parsed: (file name, result).
pub fn files() -> Vec<(&'static str, Result<Vec<Question>, DrillError>)> {
    QUIZ_FILES
        .iter()
        .map(|(file, text)| (*file, parse(text, file)))
        .collect()
}

/// Every embedded question (files in name order, questions in file order),
/// each with its hop resolved. A file that does not parse is left out (the
/// quiz test fails on it).
pub fn all() -> Vec<Question> {
    let mut v: Vec<Question> = files()
        .into_iter()
        .filter_map(|(_, r)| r.ok())
        .flatten()
        .collect();
    resolve(&mut v);
    v
}

/// An embedded question by id.
pub fn find(id: &str) -> Option<Question> {
    all().into_iter().find(|q| q.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    const Q: &str = r#"[[question]]
id = "q-x"
question = { en = "Who speaks CRI?", ko = "누가 CRI로 말하는가?" }
choices = [{ en = "kubelet", ko = "kubelet" }, { en = "kubectl", ko = "kubectl" }, { en = "etcd", ko = "etcd" }]
answer = 0
explanation = { en = "The kubelet.", ko = "kubelet이다." }
scenario = "kubectl-run"
hop = { from = "kubelet", to = "containerd", call = "RunPod" }
"#;

    #[test]
    fn a_hop_resolves_by_ids_and_a_call_prefix() {
        let mut qs = parse(Q, "q.toml").unwrap();
        resolve(&mut qs);
        let at = qs[0].at.unwrap();
        let (_, hops) = run("kubectl-run").unwrap();
        let h = &hops[at.index];
        assert_eq!((h.from.id(), h.to.id()), ("kubelet", "containerd/cri"));
        assert_eq!(h.call, "RunPodSandbox");
        assert_eq!(
            h.seq as usize,
            at.index + 1,
            "the link's hop= is the index plus 1"
        );
        let mut none = parse(&Q.replace("RunPod", "Nothing"), "q.toml").unwrap();
        resolve(&mut none);
        assert_eq!(none[0].at, None);
    }

    #[test]
    fn the_rules_say_where() {
        let two = Q.replace(
            "choices = [{ en = \"kubelet\", ko = \"kubelet\" }, ",
            "choices = [",
        );
        let e = parse(&two, "q.toml").unwrap_err().to_string();
        assert_eq!(
            e,
            "q.toml:4:1: a question has 3 to 5 choices, this one has 2"
        );
        let e = parse(&Q.replace("answer = 0", "answer = 3"), "q.toml")
            .unwrap_err()
            .to_string();
        assert_eq!(
            e,
            "q.toml:5:1: the answer 3 is not one of the choices (they count from 0)"
        );
        let e = parse(&Q.replace("kubectl-run\"", "nothing\""), "q.toml")
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("q.toml:7:1: no scenario"), "{e}");
        let e = parse(&Q.replace("ko = \"kubelet이다.\"", "ko = \"\""), "q.toml")
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("q.toml:6:1: explanation"), "{e}");
        assert!(matches!(
            parse("[[question]]\nid = 1", "q.toml"),
            Err(DrillError::Syntax { line: 2, .. })
        ));
    }
}
