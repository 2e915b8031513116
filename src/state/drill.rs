//! The drills panel's state, with no markup (`p=drill`, `p=drill;d=ID`):
//! the list of drills and one drill's task, as the engine module gives them
//! (`drill_list`, `drill_show`: the texts in both languages), the hints
//! shown so far, the solution (shown only after a confirmation), the last
//! Check's verdict, and the progress the browser keeps
//! (`localStorage["atlas-drills"]`). The drill's node is the terminal's
//! ([`super::term::Term`] with a drill): its session opens with
//! `"drill:ID"` and its Check is asked of that session.

use super::term::Term;
use super::AppState;
use crate::link::{Panel, ViewState};
use atlas_core::scenario::{self, Scenario};
use atlas_core::{Config, Lang, Msg};
use serde_json::{json, Map, Value};
use std::rc::Rc;

/// Where a thing asked of the engine module stands.
#[derive(Debug, Clone, PartialEq)]
pub enum Fetch<T> {
    /// Asked; the module has not answered.
    Loading,
    /// The answer.
    Ready(T),
    /// Why there is none (the module's words, or the core's message).
    Failed(Failure),
}

impl<T> Fetch<Rc<T>> {
    /// The module's answer, read: ready, or why not.
    pub fn of(r: Result<T, Failure>) -> Self {
        match r {
            Ok(v) => Fetch::Ready(Rc::new(v)),
            Err(e) => Fetch::Failed(e),
        }
    }
}

/// Why the engine module gave nothing.
#[derive(Debug, Clone, PartialEq)]
pub enum Failure {
    /// The module could not be loaded, or it stopped (its words, English).
    Module(String),
    /// The core refused, in its words.
    Said(Msg),
}

/// A text in both languages (drill and quiz texts are data).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Both {
    /// English.
    pub en: String,
    /// Korean.
    pub ko: String,
}

impl Both {
    /// From `{"en": …, "ko": …}`.
    pub fn read(v: &Value) -> Both {
        let s = |k: &str| v.get(k).and_then(Value::as_str).unwrap_or("").to_string();
        Both {
            en: s("en"),
            ko: s("ko"),
        }
    }

    /// In `lang` (English when the Korean is missing).
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Ko if !self.ko.is_empty() => &self.ko,
            _ => &self.en,
        }
    }
}

/// A list of texts in both languages.
fn both_list(v: Option<&Value>) -> Vec<Both> {
    v.and_then(Value::as_array)
        .map(|a| a.iter().map(Both::read).collect())
        .unwrap_or_default()
}

/// A configuration as the engine module writes it:
/// `{"k8s": "1.28", "runtime": "containerd-2", "oci": "runc"}`.
pub fn config_of(v: Option<&Value>) -> Option<Config> {
    let v = v?;
    let word = |k: &str| match v.get(k) {
        Some(Value::String(s)) => Some(s.clone()),
        Some(Value::Number(n)) => n.as_u64().map(|m| m.to_string()),
        _ => None,
    };
    let (k8s, rt, oci) = (word("k8s"), word("runtime"), word("oci"));
    Config::from_words(k8s.as_deref(), rt.as_deref(), oci.as_deref()).ok()
}

fn text(v: &Value, k: &str) -> String {
    v.get(k).and_then(Value::as_str).unwrap_or("").to_string()
}

/// A drill in the list.
#[derive(Debug, Clone, PartialEq)]
pub struct DrillItem {
    /// Its id (`D03`).
    pub id: String,
    /// Its CKA domain (`troubleshooting`, `architecture`, `workloads`).
    pub domain: String,
    /// Its title.
    pub title: Both,
    /// The node's configuration.
    pub config: Option<Config>,
}

impl DrillItem {
    fn read(v: &Value) -> Option<DrillItem> {
        let id = text(v, "id");
        crate::link::is_drill_id(&id).then(|| DrillItem {
            id,
            domain: text(v, "domain"),
            title: v.get("title").map(Both::read).unwrap_or_default(),
            config: config_of(v.get("config")),
        })
    }
}

/// One drill, as `drill_show` gives it.
#[derive(Debug, Clone, PartialEq)]
pub struct DrillShow {
    /// The list's part.
    pub item: DrillItem,
    /// The task.
    pub task: Both,
    /// The hints, in order.
    pub hints: Vec<Both>,
    /// The reference solution: node shell lines.
    pub solution: String,
    /// The scenario that shows the mechanism.
    pub scenario: Option<&'static Scenario>,
    /// The checker's items' names.
    pub checks: Vec<Both>,
}

/// Reads `drill_show`'s answer: the drill, or why not.
pub fn read_show(text_json: &str) -> Result<DrillShow, Failure> {
    let v: Value = serde_json::from_str(text_json).map_err(|e| Failure::Module(e.to_string()))?;
    if let Some(err) = v.get("err") {
        return Err(said(err));
    }
    let item = DrillItem::read(&v)
        .ok_or_else(|| Failure::Module(v.to_string().chars().take(80).collect()))?;
    Ok(DrillShow {
        item,
        task: v.get("task").map(Both::read).unwrap_or_default(),
        hints: both_list(v.get("hints")),
        solution: text(&v, "solution"),
        scenario: v
            .get("scenario")
            .and_then(Value::as_str)
            .and_then(scenario::find),
        checks: both_list(v.get("checks")),
    })
}

/// Reads `drill_list`'s answer.
pub fn read_list(text_json: &str) -> Result<Vec<DrillItem>, Failure> {
    let v: Value = serde_json::from_str(text_json).map_err(|e| Failure::Module(e.to_string()))?;
    Ok(v.as_array()
        .map(|a| a.iter().filter_map(DrillItem::read).collect())
        .unwrap_or_default())
}

/// A core message as the module sends it, or the module's words.
fn said(v: &Value) -> Failure {
    match serde_json::from_value::<Msg>(v.clone()) {
        Ok(m) => Failure::Said(m),
        Err(_) => Failure::Module(v.to_string()),
    }
}

/// One item of a Check.
#[derive(Debug, Clone, PartialEq)]
pub struct ItemVerdict {
    /// The item's name.
    pub name: Both,
    /// Whether it holds.
    pub pass: bool,
    /// What was found, when it failed.
    pub found: Option<String>,
    /// Why it failed, in the core's words.
    pub why: Option<Msg>,
}

/// A Check's verdict.
#[derive(Debug, Clone, PartialEq)]
pub struct Verdict {
    /// Every item.
    pub items: Vec<ItemVerdict>,
    /// Items that hold.
    pub passed: u64,
    /// Items.
    pub total: u64,
}

impl Verdict {
    /// Whether every item holds.
    pub fn solved(&self) -> bool {
        self.total > 0 && self.passed == self.total
    }
}

/// Reads `session.check()`'s answer.
pub fn read_verdict(text_json: &str) -> Result<Verdict, Failure> {
    let v: Value = serde_json::from_str(text_json).map_err(|e| Failure::Module(e.to_string()))?;
    if let Some(err) = v.get("err") {
        return Err(said(err));
    }
    let items: Vec<ItemVerdict> = v
        .get("items")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .map(|i| ItemVerdict {
            name: i.get("name").map(Both::read).unwrap_or_default(),
            pass: i.get("pass").and_then(Value::as_bool).unwrap_or(false),
            found: i.get("found").and_then(Value::as_str).map(str::to_string),
            why: i
                .get("why")
                .filter(|w| !w.is_null())
                .and_then(|w| serde_json::from_value::<Msg>(w.clone()).ok()),
        })
        .collect();
    let count = |k: &str, or: u64| v.get(k).and_then(Value::as_u64).unwrap_or(or);
    let passed = count("passed", items.iter().filter(|i| i.pass).count() as u64);
    let total = count("total", items.len() as u64);
    Ok(Verdict {
        items,
        passed,
        total,
    })
}

/// The best Check of one drill in this browser.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Best {
    /// Most items passed at once.
    pub best: u64,
    /// Items of the drill.
    pub total: u64,
    /// Whether every item passed once.
    pub solved: bool,
}

/// What this browser remembers of the drills:
/// `{"D03":{"best":N,"total":M,"solved":bool}}`, by id.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Progress(pub Vec<(String, Best)>);

/// A drill's progress as the list shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    /// Never checked.
    New,
    /// Checked, not every item passed.
    Tried,
    /// Every item passed once.
    Solved,
}

impl Standing {
    /// Its name in `data-state`.
    pub fn id(self) -> &'static str {
        match self {
            Standing::New => "new",
            Standing::Tried => "tried",
            Standing::Solved => "solved",
        }
    }
}

impl Progress {
    /// Reads what the browser stored (anything unreadable is forgotten).
    pub fn parse(stored: &str) -> Progress {
        let v: Value = serde_json::from_str(stored).unwrap_or_default();
        let mut p = Progress::default();
        for (id, b) in v.as_object().into_iter().flatten() {
            if crate::link::is_drill_id(id) {
                let n = |k: &str| b.get(k).and_then(Value::as_u64).unwrap_or(0);
                let best = Best {
                    best: n("best"),
                    total: n("total"),
                    solved: b.get("solved").and_then(Value::as_bool).unwrap_or(false),
                };
                if let Some(e) = p.entry(id) {
                    *e = best;
                }
            }
        }
        p
    }

    /// A drill's entry, made (never checked) when missing; the entries
    /// stay sorted by id (no sort: it would cost the first load its code).
    fn entry(&mut self, id: &str) -> Option<&mut Best> {
        let at = match self.0.binary_search_by(|e| e.0.as_str().cmp(id)) {
            Ok(i) => i,
            Err(i) => {
                self.0.insert(i, (id.to_string(), Best::default()));
                i
            }
        };
        self.0.get_mut(at).map(|e| &mut e.1)
    }

    /// As the browser stores it.
    pub fn to_json(&self) -> String {
        let mut m = Map::new();
        for (id, b) in &self.0 {
            m.insert(
                id.clone(),
                json!({ "best": b.best, "total": b.total, "solved": b.solved }),
            );
        }
        Value::Object(m).to_string()
    }

    /// A drill's best so far.
    pub fn of(&self, id: &str) -> Option<Best> {
        self.0.iter().find(|(i, _)| i == id).map(|(_, b)| *b)
    }

    /// A drill's standing.
    pub fn standing(&self, id: &str) -> Standing {
        match self.of(id) {
            None => Standing::New,
            Some(b) if b.solved => Standing::Solved,
            Some(_) => Standing::Tried,
        }
    }

    /// Remembers a Check.
    pub fn record(&mut self, id: &str, v: &Verdict) {
        let solved = v.solved();
        if let Some(b) = self.entry(id) {
            b.best = b.best.max(v.passed);
            b.total = v.total;
            b.solved |= solved;
        }
    }
}

/// The solution: hidden, asked for (the confirmation shown), or shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Reveal {
    /// Hidden.
    #[default]
    Hidden,
    /// "Show the solution?" asked.
    Asking,
    /// Shown.
    Shown,
}

/// What the reader (and the engine module) do in the drills panel.
#[derive(Debug, Clone, PartialEq)]
pub enum DrillAction {
    /// `drill_list`'s answer (JSON, or why there is none).
    List(Result<String, String>),
    /// `drill_show`'s answer for a drill.
    Shown(String, Result<String, String>),
    /// One more hint.
    Hint,
    /// The solution: ask, confirm (show) or cancel (hide).
    Solution(Reveal),
    /// Check asked (of the terminal's session of this generation).
    Check(u64),
    /// The Check's answer (the terminal's generation, JSON or why not).
    Checked(u64, Result<String, String>),
    /// A fresh broken node.
    Reset,
    /// Forget all progress.
    ForgetProgress,
    /// Ask the engine module again after it failed.
    Retry,
}

/// The drills panel.
#[derive(Debug, Clone, PartialEq)]
pub struct Drills {
    /// The drills.
    pub list: Fetch<Rc<Vec<DrillItem>>>,
    /// The drill shown (its id) and its task.
    pub show: Option<(String, Fetch<Rc<DrillShow>>)>,
    /// Hints shown.
    pub hints: usize,
    /// The solution.
    pub solution: Reveal,
    /// The last Check (Loading while checking), for the terminal's generation.
    pub verdict: Option<(u64, Fetch<Rc<Verdict>>)>,
    /// What this browser remembers.
    pub progress: Progress,
    /// Changes whenever the progress does (the page stores it then).
    pub saved: u64,
    /// Changes whenever the engine module must be asked again (a retry).
    pub asked: u64,
}

impl Drills {
    /// The panel, with the progress the browser stored.
    pub fn new(stored: &str) -> Drills {
        Drills {
            list: Fetch::Loading,
            show: None,
            hints: 0,
            solution: Reveal::Hidden,
            verdict: None,
            progress: Progress::parse(stored),
            saved: 0,
            asked: 0,
        }
    }

    /// The drill shown, once `drill_show` answered.
    pub fn shown(&self) -> Option<&Rc<DrillShow>> {
        match &self.show {
            Some((_, Fetch::Ready(s))) => Some(s),
            _ => None,
        }
    }

    /// Shows another drill: its hints, solution and verdict start afresh.
    fn open(&mut self, id: &str) {
        if self.show.as_ref().map(|(i, _)| i.as_str()) != Some(id) {
            self.show = Some((id.to_string(), Fetch::Loading));
            self.hints = 0;
            self.solution = Reveal::Hidden;
            self.verdict = None;
        }
    }
}

/// What the engine module threw: the core's message (a node it refused),
/// said in the reader's language, or the browser's own words.
fn failure(why: String) -> Failure {
    match super::term::module_said(why) {
        atlas_core::Text::Msg(m) => Failure::Said(m),
        atlas_core::Text::Raw(w) => Failure::Module(w),
    }
}

impl AppState {
    /// Makes what the drills panel needs for the view: the drill's task
    /// asked for, and its node (the terminal) once its configuration is
    /// the view's.
    pub(super) fn refresh_drill(&mut self) {
        let d =
            Rc::make_mut(self.drills.get_or_insert_with(|| {
                Rc::new(Drills::new(&crate::browser::stored("atlas-drills")))
            }));
        let Some(id) = self.view.drill.clone() else {
            return;
        };
        d.open(&id);
        let config = d.shown().and_then(|s| s.item.config);
        if config == Some(self.view.config) {
            self.refresh_term();
        }
    }

    /// A drills panel action.
    pub(super) fn drill_action(mut self, a: DrillAction) -> AppState {
        let Some(d) = self.drills.as_mut() else {
            return self;
        };
        let d = Rc::make_mut(d);
        match a {
            DrillAction::List(r) => {
                d.list = Fetch::of(r.map_err(failure).and_then(|t| read_list(&t)));
            }
            DrillAction::Shown(id, r) => {
                if d.show.as_ref().map(|(i, _)| i) != Some(&id) {
                    return self;
                }
                let show = r.map_err(failure).and_then(|t| read_show(&t));
                let config = show.as_ref().ok().and_then(|s| s.item.config);
                d.show = Some((id, Fetch::of(show)));
                // The view takes the drill's configuration: the topology
                // draws that stack, and the node opens.
                if let Some(c) = config {
                    let view = ViewState {
                        config: c,
                        hop: 0,
                        ..self.view.clone()
                    };
                    return self.next(view, None);
                }
            }
            DrillAction::Hint => {
                let n = d.shown().map_or(0, |s| s.hints.len());
                d.hints = (d.hints + 1).min(n);
            }
            DrillAction::Solution(r) => d.solution = r,
            DrillAction::Check(gen) => d.verdict = Some((gen, Fetch::Loading)),
            DrillAction::Checked(gen, r) => {
                if d.verdict.as_ref().map(|v| v.0) != Some(gen) {
                    return self;
                }
                let v = r.map_err(failure).and_then(|t| read_verdict(&t));
                if let (Ok(v), Some(id)) = (&v, &self.view.drill) {
                    d.progress.record(id, v);
                    d.saved += 1;
                }
                d.verdict = Some((gen, Fetch::of(v)));
            }
            DrillAction::Reset => {
                d.verdict = None;
                self.term = None;
                let view = ViewState {
                    session: None,
                    hop: 0,
                    ..self.view.clone()
                };
                return self.next(view, None);
            }
            DrillAction::ForgetProgress => {
                d.progress = Progress::default();
                d.saved += 1;
            }
            DrillAction::Retry => {
                if matches!(d.list, Fetch::Failed(_)) {
                    d.list = Fetch::Loading;
                }
                if let Some((_, s @ Fetch::Failed(_))) = &mut d.show {
                    *s = Fetch::Loading;
                }
                d.asked += 1;
            }
        }
        self
    }

    /// Whether the terminal is the drill's node for this view.
    pub fn drill_term(&self) -> Option<&Rc<Term>> {
        let t = self.term.as_ref()?;
        (self.view.panel == Panel::Drill && self.view.drill.is_some() && t.drill == self.view.drill)
            .then_some(t)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_round_trips_and_keeps_the_best() {
        let mut p = Progress::parse(r#"{"D03":{"best":1,"total":3,"solved":false},"x":{}}"#);
        assert_eq!(p.standing("D03"), Standing::Tried);
        assert_eq!(p.standing("D04"), Standing::New);
        let v = |passed, total| Verdict {
            items: Vec::new(),
            passed,
            total,
        };
        p.record("D03", &v(3, 3));
        p.record("D03", &v(0, 3));
        assert_eq!(
            p.of("D03"),
            Some(Best {
                best: 3,
                total: 3,
                solved: true
            })
        );
        p.record("D01", &v(1, 2));
        assert_eq!(Progress::parse(&p.to_json()), p);
        assert_eq!(p.0.first().map(|e| e.0.as_str()), Some("D01"));
        assert_eq!(Progress::parse("not json"), Progress::default());
        assert_eq!(Progress::parse("[1]"), Progress::default());
    }

    #[test]
    fn the_modules_answers_are_read() {
        let show = read_show(
            r#"{"id":"D03","domain":"troubleshooting","title":{"en":"T","ko":"티"},
            "task":{"en":"Fix","ko":"고친다"},"hints":[{"en":"h1","ko":"힌1"}],"solution":"crictl config\n",
            "scenario":"kubectl-run","checks":[{"en":"c","ko":"씨"}],
            "config":{"k8s":"1.28","runtime":"containerd-2","oci":"runc"}}"#,
        )
        .expect("read");
        assert_eq!(show.item.title.get(Lang::Ko), "티");
        assert_eq!(show.task.get(Lang::En), "Fix");
        assert_eq!(show.scenario.map(|s| s.name), Some("kubectl-run"));
        assert_eq!(
            show.item.config.map(|c| c.runtime),
            Some(atlas_core::Runtime::Containerd2)
        );
        assert!(read_show(r#"{"err":{"id":"drill-unknown","args":{}}}"#).is_err());
        let v = read_verdict(
            r#"{"items":[{"name":{"en":"a","ko":"가"},"pass":true,"found":null,"why":null},
            {"name":{"en":"b","ko":""},"pass":false,"found":"inactive","why":null}],"passed":1,"total":2}"#,
        )
        .expect("read");
        assert_eq!((v.passed, v.total, v.solved()), (1, 2, false));
        assert_eq!(v.items[1].found.as_deref(), Some("inactive"));
        assert_eq!(v.items[1].name.get(Lang::Ko), "b");
        let list = read_list(r#"[{"id":"D03","domain":"d","title":{"en":"t"}},{"id":"bad id"}]"#)
            .expect("read");
        assert_eq!(list.len(), 1);
        assert!(read_list("<").is_err());
    }

    #[test]
    fn a_refusal_thrown_by_the_module_is_said_in_the_readers_words() {
        let m = atlas_core::msg!("drill-cli-unknown", id = "D99", ids = "D01");
        assert_eq!(
            failure(serde_json::to_string(&m).unwrap()),
            Failure::Said(m)
        );
        assert_eq!(failure("404".into()), Failure::Module("404".into()));
    }

    const SHOW: &str = r#"{"id":"D03","domain":"troubleshooting","title":{"en":"T","ko":"티"},
        "task":{"en":"Fix","ko":"고친다"},"hints":[{"en":"h1","ko":"힌1"},{"en":"h2","ko":"힌2"}],
        "solution":"crictl config\n","scenario":"kubectl-run","checks":[],
        "config":{"k8s":29,"runtime":"containerd-2","oci":"runc"}}"#;

    #[test]
    fn a_drills_link_opens_its_node_on_its_configuration_and_keeps_its_session() {
        use crate::state::Action;
        let s = AppState::from_fragment("#v1;p=drill;d=D03;s=abc");
        assert!(
            s.drill_term().is_none(),
            "no node before the drill's configuration is known"
        );
        assert!(matches!(
            s.drills.as_ref().and_then(|d| d.show.clone()),
            Some((_, Fetch::Loading))
        ));
        let s = s.apply(Action::Drill(DrillAction::Shown(
            "D03".into(),
            Ok(SHOW.into()),
        )));
        assert_eq!(s.view.config.k8s, atlas_core::K8sVersion(29));
        assert_eq!(s.view.config.runtime, atlas_core::Runtime::Containerd2);
        let t = s.drill_term().cloned().expect("the drill's node");
        let (op, args) = t.asking.as_ref().map(|(_, a)| t.op(a)).expect("opens");
        assert_eq!(op, "open");
        assert!(
            args.contains("\"scenario\":\"drill:D03\"") && args.contains("\"s\":\"abc\""),
            "{args}"
        );
        assert!(s.view.to_fragment().contains(";p=drill;d=D03;s=abc"));
        // Hints one by one, never past the last.
        let s = (0..3).fold(s, |s, _| s.apply(Action::Drill(DrillAction::Hint)));
        assert_eq!(s.drills.as_ref().map(|d| d.hints), Some(2));
        // A Check: partial credit remembered; an answer for another node ignored.
        let verdict = r#"{"items":[{"name":{"en":"a"},"pass":true},{"name":{"en":"b"},"pass":false,"found":"x"}],"passed":1,"total":2}"#;
        let s = s
            .apply(Action::Drill(DrillAction::Check(t.gen)))
            .apply(Action::Drill(DrillAction::Checked(
                t.gen + 1,
                Ok(verdict.into()),
            )));
        assert!(matches!(
            s.drills.as_ref().and_then(|d| d.verdict.clone()),
            Some((_, Fetch::Loading))
        ));
        let s = s.apply(Action::Drill(DrillAction::Checked(
            t.gen,
            Ok(verdict.into()),
        )));
        let d = s.drills.clone().expect("drills");
        assert_eq!(d.progress.standing("D03"), Standing::Tried);
        assert_eq!(d.saved, 1);
        // Reset: a fresh node, the typed session forgotten.
        let s = s.apply(Action::Drill(DrillAction::Reset));
        let fresh = s.drill_term().cloned().expect("a fresh node");
        assert_ne!(fresh.gen, t.gen);
        assert_eq!(s.view.session, None);
        assert!(s.drills.as_ref().is_some_and(|d| d.verdict.is_none()));
        let s = s.apply(Action::Drill(DrillAction::ForgetProgress));
        assert_eq!(
            s.drills.as_ref().map(|d| d.progress.standing("D03")),
            Some(Standing::New)
        );
        // Another panel and back: the same node.
        let back = ViewState::from_fragment(&fresh_link(&s)).unwrap_or_default();
        let s = s
            .apply(Action::Panel(Panel::Quiz))
            .apply(Action::Restore(Ok((back, None))));
        assert_eq!(s.drill_term().map(|t| t.gen), Some(fresh.gen));
    }

    fn fresh_link(s: &AppState) -> String {
        ViewState {
            panel: Panel::Drill,
            ..s.view.clone()
        }
        .to_fragment()
    }
}
