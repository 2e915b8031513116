//! The quiz panel's state, with no markup (`p=quiz`): the questions as the
//! engine module gives them (`quiz_list`, texts in both languages, each
//! with the hop that shows its answer), the question shown, the choice and
//! the answer given, and the score the browser keeps
//! (`localStorage["atlas-quiz"]` = `{"at":N,"right":R,"answered":A}`).

use super::drill::{config_of, Both, Failure, Fetch};
use crate::link::ViewState;
use atlas_core::scenario::{self, Scenario};
use atlas_core::Config;
use serde_json::{json, Value};
use std::rc::Rc;
use yew::Reducible;

/// One question.
#[derive(Debug, Clone, PartialEq)]
pub struct Question {
    /// Its id.
    pub id: String,
    /// The question.
    pub question: Both,
    /// The choices.
    pub choices: Vec<Both>,
    /// The right choice's index.
    pub answer: usize,
    /// Why.
    pub explanation: Both,
    /// The scenario that shows it, and the configuration it plays on.
    pub scenario: Option<(&'static Scenario, Config)>,
    /// The hop's index in that scenario's run (0-based).
    pub hop: usize,
}

impl Question {
    /// The link to the hop that shows the answer, keeping the view's
    /// language and theme.
    pub fn hop_link(&self, view: &ViewState) -> Option<String> {
        let (scenario, config) = self.scenario?;
        let v = ViewState {
            config,
            scenario,
            hop: self.hop,
            lang: view.lang,
            theme: view.theme,
            ..ViewState::default()
        };
        Some(format!("#{}", v.to_fragment()))
    }
}

/// Reads `quiz_list`'s answer.
pub fn read_quiz(text: &str) -> Result<Vec<Question>, Failure> {
    let v: Value = serde_json::from_str(text).map_err(|e| Failure::Module(e.to_string()))?;
    let all = v.as_array().into_iter().flatten().filter_map(|q| {
        let choices: Vec<Both> = q
            .get("choices")
            .and_then(Value::as_array)?
            .iter()
            .map(Both::read)
            .collect();
        let answer = q.get("answer").and_then(Value::as_u64)? as usize;
        if answer >= choices.len() {
            return None;
        }
        let scenario = q
            .get("scenario")
            .and_then(Value::as_str)
            .and_then(scenario::find);
        let config = config_of(q.get("config"));
        Some(Question {
            id: q
                .get("id")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string(),
            question: q.get("question").map(Both::read).unwrap_or_default(),
            choices,
            answer,
            explanation: q.get("explanation").map(Both::read).unwrap_or_default(),
            scenario: scenario.map(|s| (s, config.unwrap_or_else(|| s.config()))),
            hop: q.get("hop").and_then(Value::as_u64).unwrap_or(0) as usize,
        })
    });
    Ok(all.collect())
}

/// The score this browser keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Score {
    /// The question shown (an index, wrapping around the list).
    pub at: usize,
    /// Answers given right.
    pub right: u64,
    /// Answers given.
    pub answered: u64,
}

impl Score {
    /// Reads what the browser stored (anything unreadable starts afresh).
    pub fn parse(stored: &str) -> Score {
        let v: Value = serde_json::from_str(stored).unwrap_or_default();
        let n = |k: &str| v.get(k).and_then(Value::as_u64).unwrap_or(0);
        let answered = n("answered");
        Score {
            at: n("at") as usize,
            right: n("right").min(answered),
            answered,
        }
    }

    /// As the browser stores it.
    pub fn to_json(self) -> String {
        json!({ "at": self.at, "right": self.right, "answered": self.answered }).to_string()
    }
}

/// What the reader (and the engine module) do in the quiz.
#[derive(Debug, Clone, PartialEq)]
pub enum QuizAction {
    /// `quiz_list`'s answer.
    List(Result<String, String>),
    /// A choice picked.
    Choose(usize),
    /// Answer with the choice picked.
    Answer,
    /// The next question.
    Next,
    /// Score and place forgotten.
    Restart,
    /// Ask the engine module again.
    Retry,
}

/// The quiz.
#[derive(Debug, Clone, PartialEq)]
pub struct Quiz {
    /// The questions.
    pub list: Fetch<Rc<Vec<Question>>>,
    /// The choice picked.
    pub chosen: Option<usize>,
    /// The choice answered with (the feedback is shown).
    pub answered: Option<usize>,
    /// The score.
    pub score: Score,
    /// Changes whenever the score does (the page stores it then).
    pub saved: u64,
    /// Changes whenever the module must be asked again.
    pub asked: u64,
}

impl Quiz {
    /// The quiz, with the score the browser stored.
    pub fn new(stored: &str) -> Quiz {
        Quiz {
            list: Fetch::Loading,
            chosen: None,
            answered: None,
            score: Score::parse(stored),
            saved: 0,
            asked: 0,
        }
    }

    /// The question shown (its index and itself).
    pub fn question(&self) -> Option<(usize, &Question)> {
        let Fetch::Ready(list) = &self.list else {
            return None;
        };
        let at = self.score.at.checked_rem(list.len())?;
        list.get(at).map(|q| (at, q))
    }

    /// Applies an action.
    pub fn apply(mut self, a: QuizAction) -> Quiz {
        match a {
            QuizAction::List(r) => {
                self.list = Fetch::of(r.map_err(Failure::Module).and_then(|t| read_quiz(&t)));
            }
            QuizAction::Choose(i) => {
                if self.answered.is_none() {
                    self.chosen = Some(i);
                }
            }
            QuizAction::Answer => {
                let right = self.question().map(|(_, q)| q.answer);
                if let (None, Some(c), Some(right)) = (self.answered, self.chosen, right) {
                    self.answered = Some(c);
                    self.score.answered += 1;
                    self.score.right += u64::from(c == right);
                    self.saved += 1;
                }
            }
            QuizAction::Next => {
                let n = match &self.list {
                    Fetch::Ready(l) => l.len().max(1),
                    _ => 1,
                };
                self.score.at = (self.score.at % n + 1) % n;
                self.chosen = None;
                self.answered = None;
                self.saved += 1;
            }
            QuizAction::Restart => {
                self.score = Score::default();
                self.chosen = None;
                self.answered = None;
                self.saved += 1;
            }
            QuizAction::Retry => {
                self.list = Fetch::Loading;
                self.asked += 1;
            }
        }
        self
    }
}

impl Reducible for Quiz {
    type Action = QuizAction;
    fn reduce(self: Rc<Self>, a: QuizAction) -> Rc<Self> {
        Rc::new((*self).clone().apply(a))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TWO: &str = r#"[
      {"id":"q1","question":{"en":"Who speaks CRI?","ko":"누가?"},"choices":[{"en":"kubelet","ko":"kubelet"},{"en":"etcd","ko":"etcd"}],
       "answer":0,"explanation":{"en":"The kubelet.","ko":"kubelet이다."},"scenario":"kubectl-run",
       "config":{"k8s":"1.28","runtime":"containerd-1.7","oci":"runc"},"hop":4},
      {"id":"q2","question":{"en":"Q2"},"choices":[{"en":"a"}],"answer":3}]"#;

    #[test]
    fn a_question_answered_right_then_wrong_keeps_the_score() {
        let q = Quiz::new("").apply(QuizAction::List(Ok(TWO.to_string())));
        let (_, first) = q.question().expect("a question");
        assert_eq!(
            first.id, "q1",
            "a question whose answer is no choice is left out"
        );
        let link = first.hop_link(&ViewState::default()).unwrap_or_default();
        assert!(
            link.starts_with("#v1;k=1.28;rt=containerd-1.7;oci=runc;sc=kubectl-run;hop=5"),
            "{link}"
        );
        let q = q
            .apply(QuizAction::Answer)
            .apply(QuizAction::Choose(0))
            .apply(QuizAction::Answer)
            .apply(QuizAction::Choose(1));
        assert_eq!(
            (q.answered, q.chosen),
            (Some(0), Some(0)),
            "answered: the choice stays"
        );
        assert_eq!((q.score.right, q.score.answered), (1, 1));
        let q = q
            .apply(QuizAction::Next)
            .apply(QuizAction::Choose(1))
            .apply(QuizAction::Answer);
        assert_eq!((q.score.right, q.score.answered, q.score.at), (1, 2, 0));
        assert_eq!(Score::parse(&q.score.to_json()), q.score);
        assert_eq!(q.apply(QuizAction::Restart).score, Score::default());
        assert_eq!(Score::parse(r#"{"right":9,"answered":2}"#).right, 2);
    }
}
