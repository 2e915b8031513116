//! The page's state, with no markup: the view a link restores, the run the
//! core computes for it, the open panel's data, playback, and the reducer
//! that applies every [`Action`]. Components read it and send the narrow
//! actions they can cause; nothing here draws.

pub mod action;
pub mod calls;
pub mod engine;
pub mod export;
pub mod inspect;
pub mod learn;
pub mod machines;
pub mod replay;
pub mod shown;

pub use action::{key_playback, key_use, Action, InspectorInput, KeyUse, Playback};
pub use engine::Ran;
pub use replay::{Replay, Replayed};
pub use shown::{Shown, Side};

use crate::i18n::Tr;
use crate::layout::Layout;
use crate::link::{Panel, Shipped, ViewState, SPEEDS};
use crate::run::Run;
use atlas_core::played::Ask;
use atlas_core::{msg, Lang, Msg};
use inspect::Inspect;
use std::rc::Rc;
use yew::Reducible;

/// Milliseconds between two hops at 1×.
pub const HOP_MS: f64 = 900.0;

/// Everything the page shows.
#[derive(Debug, Clone, PartialEq)]
pub struct AppState {
    /// What a link restores.
    pub view: ViewState,
    /// The run of the scenario under the configuration, or where it stands
    /// (the engine module's answer awaited, or why there is none).
    pub run: Ran,
    /// The topology diagram, or why there is none.
    pub layout: Result<Rc<Layout>, Msg>,
    /// Compare mode's second configuration running the scenario (compare panel only).
    pub other: Option<Rc<Side>>,
    /// The OCI inspector's document (inspector panel only).
    pub inspect: Option<Rc<Inspect>>,
    /// The trace file being replayed, if one was opened.
    pub replay: Option<Rc<Replay>>,
    /// Playing.
    pub playing: bool,
    /// A notice for the reader (e.g. a link that could not be restored).
    pub notice: Option<Msg>,
    /// The Korean catalog: not asked for, on its way, here, or failed.
    pub korean: Korean,
    /// The open calls of the run shown, and the steps playback goes through.
    pub calls: calls::Steps,
    /// Compare mode's steps: the two runs' top-level calls paired (the same
    /// call on both sides at the same step), once both have played.
    pub pairs: Option<Rc<Pairs>>,
}

/// Two runs' top-level calls paired, for the runs at these addresses.
#[derive(Debug, Clone, PartialEq)]
pub struct Pairs {
    runs: (usize, usize),
    /// (left hop, right hop) per step; a side without the call has none.
    pub steps: Vec<(Option<usize>, Option<usize>)>,
}

impl Pairs {
    /// Each side's hop at step `k`: its call at that step, or its last call
    /// before it (0 before any).
    pub fn at(&self, k: usize) -> (usize, usize) {
        let upto = self
            .steps
            .get(..=k.min(self.steps.len().saturating_sub(1)))
            .unwrap_or(&[]);
        let l = upto.iter().rev().find_map(|p| p.0).unwrap_or(0);
        let r = upto.iter().rev().find_map(|p| p.1).unwrap_or(0);
        (l, r)
    }
}

/// Where the Korean catalog is (it is fetched the first time Korean is asked for).
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Korean {
    /// Nobody asked for Korean yet.
    #[default]
    NotAsked,
    /// Being fetched.
    Loading,
    /// Read: the page speaks Korean.
    Ready(Tr),
    /// Could not be fetched or read: the page stays in English (a notice says why).
    Failed,
}

impl AppState {
    /// The state for a view; `notice` is shown above it.
    pub fn new(view: ViewState, notice: Option<Msg>) -> AppState {
        AppState::with(view, notice, Kept::default())
    }

    /// The state for a view, keeping an inspected document, a replayed
    /// trace and the runs of the last view that it shows again.
    fn with(view: ViewState, notice: Option<Msg>, kept: Kept) -> AppState {
        let Kept {
            inspect,
            replay,
            main,
            other,
        } = kept;
        let Side { run, layout } = main.unwrap_or_else(|| Side::new(view.config, view.scenario));
        let mut s = AppState {
            view,
            run,
            layout,
            other,
            inspect,
            replay,
            playing: false,
            notice,
            korean: Korean::NotAsked,
            calls: calls::Steps::default(),
            pairs: None,
        };
        s.refresh_panel();
        // A link's hop into an inspected plan, or into a run the engine
        // module plays, is kept until the module has answered (see
        // `Action::Inspected` and `Action::Played`).
        if !s.waiting() && !s.engine_failed() {
            s.land();
        }
        s.sync_calls();
        s
    }

    /// Keeps the open calls with the run shown: a new run starts with its
    /// top-level calls only, and the calls around the current hop are open
    /// (a link's hop inside a call, a step, a seek).
    fn sync_calls(&mut self) {
        self.sync_pairs();
        let Some((run, _)) = self.shown() else {
            return;
        };
        if self.calls.is_for(&run) {
            self.calls.reveal(&run, self.view.hop);
        } else {
            self.calls = calls::Steps::new(&run, self.view.hop);
        }
    }

    /// Pairs compare mode's two runs, call by call, once both have played.
    fn sync_pairs(&mut self) {
        let both = match (&self.view.panel, &self.run, self.other.as_deref()) {
            (
                Panel::Compare,
                Ran::Ready(a),
                Some(Side {
                    run: Ran::Ready(b), ..
                }),
            ) => Some((Rc::clone(a), Rc::clone(b))),
            _ => None,
        };
        let Some((a, b)) = both else {
            self.pairs = None;
            return;
        };
        let runs = (Rc::as_ptr(&a) as usize, Rc::as_ptr(&b) as usize);
        if self.pairs.as_ref().is_some_and(|p| p.runs == runs) {
            return;
        }
        let steps = atlas_core::calls::align(&a.hops, &b.hops);
        self.pairs = Some(Rc::new(Pairs { runs, steps }));
        let last = self.len().saturating_sub(1);
        self.view.hop = self.view.hop.min(last);
    }

    /// Each side's hop in compare mode (the view's hop is the step).
    pub fn compare_at(&self) -> (usize, usize) {
        match &self.pairs {
            Some(p) => p.at(self.view.hop),
            None => (self.view.hop, self.view.hop),
        }
    }

    /// Whether playback goes call by call (the run shown has its steps; in
    /// compare mode the pairs of calls are the steps).
    fn by_call(&self) -> bool {
        self.view.panel != Panel::Compare && !self.calls.is_empty()
    }

    /// Computes what the open panel needs and the view does not have yet.
    fn refresh_panel(&mut self) {
        let v = &self.view;
        match v.panel {
            Panel::Compare => {
                if self.other.is_none() {
                    self.other = Some(Rc::new(Side::new(v.compare, v.scenario)));
                }
            }
            Panel::Inspector => {
                let oci = v.config.oci;
                let inspect = match (v.sample, self.inspect.take()) {
                    // The reader's own file of the same name is not the sample.
                    (Some(s), Some(i)) if i.shipped == Some(s) => {
                        let mut i = (*i).clone();
                        i.replan(oci);
                        i
                    }
                    (Some(s), _) => Inspect::shipped(s, oci),
                    (None, Some(i)) => {
                        let mut i = (*i).clone();
                        i.replan(oci);
                        i
                    }
                    (None, None) => Inspect::text("pasted", "", oci),
                };
                self.inspect = Some(Rc::new(inspect));
            }
            Panel::None | Panel::State | Panel::Replay | Panel::History => {}
        }
    }

    /// The state a fragment asks for: the default view with a notice when it is refused.
    pub fn from_fragment(fragment: &str) -> AppState {
        match ViewState::parse(fragment) {
            Ok((v, notice)) => AppState::new(v, notice),
            Err(e) => AppState::new(ViewState::default(), Some(refused(e.0))),
        }
    }

    /// The run the playback bar moves through, with its diagram: the
    /// scenario's, the inspected config's plan or the replayed trace.
    pub fn shown(&self) -> Option<(Rc<Run>, Rc<Layout>)> {
        match self.view.panel {
            Panel::Inspector => match self.inspect.as_ref()?.plan.as_ref()? {
                Ok((r, l)) => Some((Rc::clone(r), Rc::clone(l))),
                Err(_) => None,
            },
            Panel::Replay => match &self.replay.as_ref()?.trace {
                Ok((_, r, l)) => Some((Rc::clone(r), Rc::clone(l))),
                Err(_) => None,
            },
            Panel::None | Panel::State | Panel::Compare => match (&self.run, &self.layout) {
                (Ran::Ready(r), Ok(l)) => Some((Rc::clone(r), Rc::clone(l))),
                _ => None,
            },
            Panel::History => None,
        }
    }

    /// Number of hops the playback bar moves through (0 when there is no run);
    /// in compare mode, the longer of the two runs.
    pub fn len(&self) -> usize {
        let main = self.shown().map(|(r, _)| r.len()).unwrap_or(0);
        if let (Panel::Compare, Some(p)) = (&self.view.panel, &self.pairs) {
            return p.steps.len();
        }
        match (&self.view.panel, self.other.as_deref()) {
            (Panel::Compare, Some(side)) => main.max(side.len()),
            _ => main,
        }
    }

    /// Whether there is no hop to show.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Milliseconds per hop at the current speed.
    pub fn hop_ms(&self) -> u32 {
        let speed = SPEEDS.get(self.view.speed).copied().unwrap_or(1.0);
        (HOP_MS / speed) as u32
    }

    /// Whether the panel awaits a module's answer: the inspector module's,
    /// or the engine module's for the scenario's run (both sides' in
    /// compare mode).
    pub fn waiting(&self) -> bool {
        match self.view.panel {
            Panel::Inspector => self.inspect.as_ref().is_some_and(|i| i.is_waiting()),
            Panel::None | Panel::State => self.run.is_waiting(),
            Panel::Compare => {
                self.run.is_waiting() || self.other.as_ref().is_some_and(|o| o.run.is_waiting())
            }
            Panel::Replay | Panel::History => false,
        }
    }

    /// Whether a run the panel shows could not be had from the engine
    /// module (it could not be loaded, or it stopped).
    pub fn engine_failed(&self) -> bool {
        let failed = |r: &Ran| matches!(r, Ran::Failed(..));
        match self.view.panel {
            Panel::None | Panel::State => failed(&self.run),
            Panel::Compare => {
                failed(&self.run) || self.other.as_ref().is_some_and(|o| failed(&o.run))
            }
            Panel::Inspector | Panel::Replay | Panel::History => false,
        }
    }

    /// What the page must ask the engine module for: the runs the open
    /// panel shows that are not there yet.
    pub fn engine_requests(&self) -> Requests {
        let mut asks = Vec::new();
        if matches!(self.view.panel, Panel::None | Panel::State | Panel::Compare) {
            asks.extend(self.run.request().cloned());
        }
        if self.view.panel == Panel::Compare {
            asks.extend(self.other.as_ref().and_then(|o| o.run.request().cloned()));
        }
        Requests(asks)
    }

    /// Takes the engine module's answer to `ask`, for whichever run awaits it.
    fn played(mut self, ask: &Rc<Ask>, answer: Result<String, String>) -> AppState {
        let was_waiting = self.waiting();
        if !self.run.answer(ask, answer.clone()) {
            if let Some(o) = &self.other {
                let mut o = (**o).clone();
                if o.run.answer(ask, answer) {
                    self.other = Some(Rc::new(o));
                }
            }
        }
        // A link's hop waited for the run: it lands there now (after a
        // failure it waits for a successful retry).
        if was_waiting && !self.waiting() && !self.engine_failed() {
            self.land();
        }
        self
    }

    /// Asks the engine module again for every run it failed to give.
    fn retry_engine(mut self) -> AppState {
        self.run.retry();
        if let Some(o) = &self.other {
            let mut o = (**o).clone();
            if o.run.retry() {
                self.other = Some(Rc::new(o));
            }
        }
        self
    }

    /// Lands on the view's hop once its run is here: a hop past the last
    /// (a link's `hop=500` into a run of 299, a plan made shorter by another
    /// OCI runtime) shows the last, and a notice says so.
    fn land(&mut self) {
        let asked = self.view.hop;
        self.seek(asked);
        if self.view.hop < asked && !self.is_empty() {
            let past = msg!(
                "links-hop-past",
                asked = asked + 1,
                last = self.view.hop + 1
            );
            self.notice = Some(match self.notice.take() {
                Some(n) => msg!("links-and", first = n, rest = past),
                None => past,
            });
        }
    }

    fn seek(&mut self, pos: usize) {
        self.view.hop = pos.min(self.len().saturating_sub(1));
    }

    /// Moves through the run.
    fn play(&mut self, p: Playback) {
        // The last step: the last top-level call (or open call's step), or
        // the last hop when playback goes hop by hop.
        let last = if self.by_call() {
            self.calls.last()
        } else {
            self.len().saturating_sub(1)
        };
        match p {
            Playback::Toggle => {
                if !self.playing && self.view.hop >= last {
                    self.view.hop = 0;
                }
                self.playing = !self.playing && !self.is_empty();
            }
            Playback::Step(d) => {
                self.playing = false;
                let pos = if self.by_call() {
                    self.calls.step(self.view.hop, d)
                } else {
                    self.view.hop.saturating_add_signed(d)
                };
                self.seek(pos);
            }
            Playback::Seek(p) => {
                let pos = if self.by_call() { self.calls.at(p) } else { p };
                self.seek(pos)
            }
            Playback::SeekHop(p) => self.seek(p),
            Playback::Home => {
                self.playing = false;
                self.view.hop = 0;
            }
            Playback::End => {
                self.playing = false;
                self.view.hop = last;
            }
            Playback::Call(i) => {
                if let Some((run, _)) = self.shown() {
                    if self.by_call() {
                        let i = i.unwrap_or(self.view.hop);
                        let at = self.calls.toggle(&run, i, self.view.hop);
                        self.seek(at);
                    }
                }
            }
            Playback::Faster => self.view.speed = (self.view.speed + 1).min(SPEEDS.len() - 1),
            Playback::Slower => self.view.speed = self.view.speed.saturating_sub(1),
            Playback::Tick => {
                if self.playing {
                    if self.view.hop < last {
                        self.view.hop = if self.by_call() {
                            self.calls.step(self.view.hop, 1)
                        } else {
                            self.view.hop + 1
                        };
                    }
                    if self.view.hop >= last {
                        self.playing = false;
                    }
                }
            }
        }
    }

    /// What the reader does in the OCI inspector.
    fn inspector(mut self, input: InspectorInput) -> AppState {
        let oci = self.view.config.oci;
        let inspect = match input {
            InspectorInput::Sample(sample) => {
                let view = ViewState {
                    sample: Some(sample),
                    hop: 0,
                    ..self.view.clone()
                };
                self.inspect = None;
                return self.next(view, None);
            }
            InspectorInput::Retry => {
                if let Some(i) = &self.inspect {
                    let mut i = (**i).clone();
                    if i.retry() {
                        self.inspect = Some(Rc::new(i));
                    }
                }
                return self;
            }
            InspectorInput::Text(name, text) => Inspect::text(&name, &text, oci),
            InspectorInput::File(name, bytes) => Inspect::bytes(&name, bytes, oci),
            InspectorInput::TooLarge(name, len) => Inspect::too_large(&name, len, oci),
        };
        self.inspect = Some(Rc::new(inspect));
        self.view.sample = None;
        self.view.hop = 0;
        self.playing = false;
        self
    }

    /// Applies an action.
    pub fn apply(self, action: Action) -> AppState {
        let mut s = self.apply_action(action);
        s.sync_calls();
        s
    }

    fn apply_action(mut self, action: Action) -> AppState {
        if action.is_playback() && (self.waiting() || self.engine_failed()) {
            // Nothing to play yet; a link's hop stays as it is.
            return self;
        }
        match action {
            Action::Play(p) => self.play(p),
            Action::Scenario(s) => {
                let keep_other = self.view.compare;
                let view = ViewState {
                    config: s.config(),
                    scenario: s,
                    hop: 0,
                    object: None,
                    compare: if self.view.panel == Panel::Compare {
                        keep_other
                    } else {
                        crate::link::default_compare(s.config())
                    },
                    ..self.view.clone()
                };
                return self.next(view, None);
            }
            Action::Config(c) => {
                let panel = self.view.panel;
                let view = ViewState {
                    config: c,
                    hop: if matches!(panel, Panel::Inspector | Panel::Replay) {
                        self.view.hop
                    } else {
                        0
                    },
                    object: None,
                    compare: if panel == Panel::Compare {
                        self.view.compare
                    } else {
                        crate::link::default_compare(c)
                    },
                    ..self.view.clone()
                };
                return self.next(view, None);
            }
            Action::Theme(t) => self.view.theme = t,
            Action::Restore(Ok((v, notice))) => {
                if v != self.view || notice.is_some() {
                    return self.next(v, notice);
                }
            }
            Action::Restore(Err(e)) => {
                let view = ViewState {
                    theme: self.view.theme,
                    ..ViewState::default()
                };
                return self.next(view, Some(refused(e)));
            }
            Action::Dismiss => self.notice = None,
            Action::Panel(p) => {
                if p != self.view.panel {
                    let scenario_run =
                        |p: Panel| matches!(p, Panel::None | Panel::State | Panel::Compare);
                    let keep_hop = scenario_run(p) && scenario_run(self.view.panel);
                    let mut view = ViewState {
                        panel: p,
                        hop: if keep_hop { self.view.hop } else { 0 },
                        object: None,
                        ..self.view.clone()
                    };
                    if p == Panel::Inspector && self.inspect.is_none() {
                        view.sample = atlas_core::oci::samples::SAMPLES
                            .first()
                            .map(Shipped::Sample);
                    }
                    if p != Panel::Inspector {
                        view.sample = None;
                    }
                    return self.next(view, None);
                }
            }
            Action::Inspector(input) => return self.inspector(input),
            Action::Inspected(text, answer) => {
                let Some(i) = &self.inspect else { return self };
                if !Rc::ptr_eq(&i.text, &text) || !i.is_waiting() {
                    // An answer for a text since replaced.
                    return self;
                }
                let mut i = (**i).clone();
                i.answer(answer, self.view.config.oci);
                // A failure keeps the link's hop for a successful retry.
                let ready = i.report().is_some();
                self.inspect = Some(Rc::new(i));
                if ready {
                    self.land();
                }
            }
            Action::Notice(n) => self.notice = Some(n),
            Action::Replay(name, text) => {
                let next = Replay::new(&name, &text);
                let loaded = self.replay.as_ref().is_some_and(|r| r.trace.is_ok());
                match (&next.trace, loaded) {
                    // A refused file does not discard the trace already playing.
                    (Err(why), true) => {
                        self.notice =
                            Some(msg!("app-replay-refused", name = name, why = why.clone()));
                    }
                    _ => {
                        self.replay = Some(Rc::new(next));
                        self.playing = false;
                        self.view.hop = 0;
                    }
                }
            }
            Action::Compare(c) => {
                let view = ViewState {
                    compare: c,
                    ..self.view.clone()
                };
                return self.next(view, None);
            }
            Action::Select(o) => self.view.object = Some(o),
            Action::Lang(l) => {
                self.view.lang = Some(l);
                if l == Lang::Ko && self.korean == Korean::Failed {
                    // Asked again: try again.
                    self.korean = Korean::NotAsked;
                }
            }
            Action::Korean(Ok(tr)) => self.korean = Korean::Ready(tr),
            Action::Korean(Err(why)) => {
                self.korean = Korean::Failed;
                self.notice = Some(msg!("app-lang-failed", why = why));
            }
            Action::Open(config, scenario) => {
                let view = ViewState {
                    config,
                    scenario,
                    hop: 0,
                    panel: Panel::None,
                    object: None,
                    sample: None,
                    compare: crate::link::default_compare(config),
                    ..self.view.clone()
                };
                return self.next(view, None);
            }
            Action::Played(ask, answer) => return self.played(&ask, answer),
            Action::RetryEngine => return self.retry_engine(),
        }
        self
    }

    /// The words of the page: Korean once its catalog is here and the view
    /// asks for it, English otherwise.
    pub fn tr(&self) -> Tr {
        match (&self.view.lang, &self.korean) {
            (Some(Lang::Ko), Korean::Ready(tr)) => tr.clone(),
            _ => Tr::english(),
        }
    }

    /// Whether the Korean catalog must be fetched now.
    pub fn wants_korean(&self) -> bool {
        self.view.lang == Some(Lang::Ko) && self.korean == Korean::NotAsked
    }

    /// The state for another view, keeping the inspected document
    /// and the replayed trace.
    /// A run of the same scenario under the same configuration is kept, not
    /// played (or asked of the engine module) again.
    fn next(self, view: ViewState, notice: Option<Msg>) -> AppState {
        let same = view.scenario.name == self.view.scenario.name;
        let kept = Kept {
            main: (same && view.config == self.view.config).then_some(Side {
                run: self.run,
                layout: self.layout,
            }),
            other: self
                .other
                .filter(|_| same && view.compare == self.view.compare),
            inspect: self.inspect,
            replay: self.replay,
        };
        AppState {
            korean: self.korean,
            ..AppState::with(view, notice, kept)
        }
    }
}

/// What a new view keeps of the last one.
#[derive(Default)]
struct Kept {
    /// The inspected document.
    inspect: Option<Rc<Inspect>>,
    /// The replayed trace.
    replay: Option<Rc<Replay>>,
    /// The scenario's run and diagram, when the view shows the same ones.
    main: Option<Side>,
    /// Compare mode's second side, when the view shows the same one.
    other: Option<Rc<Side>>,
}

/// The asks the page sends the engine module, compared by identity: an ask
/// made again after a failure is sent again.
#[derive(Debug, Clone, Default)]
pub struct Requests(pub Vec<Rc<Ask>>);

impl PartialEq for Requests {
    fn eq(&self, o: &Requests) -> bool {
        self.0.len() == o.0.len() && self.0.iter().zip(&o.0).all(|(a, b)| Rc::ptr_eq(a, b))
    }
}

fn refused(reason: Msg) -> Msg {
    msg!("app-link-refused", reason = reason)
}

impl Reducible for AppState {
    type Action = Action;
    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        Rc::new((*self).clone().apply(action))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::link::DEFAULT_SPEED;
    use atlas_core::oci::inspection::inspect;
    use inspect::{Answer, Findings};

    /// The module's answer for a text the app already has.
    fn answer(json: String) -> Answer {
        Answer { json, text: None }
    }

    /// The state a link to a sample's plan gives in the browser before the
    /// inspector module has answered (built as the browser builds it: the
    /// view's sample with a document still waiting).
    fn waiting(fragment: &str) -> AppState {
        let s = AppState::from_fragment(fragment);
        let mut i = (**s.inspect.as_ref().unwrap()).clone();
        i.findings = Findings::Waiting;
        i.plan = None;
        AppState::with(
            s.view,
            None,
            Kept {
                inspect: Some(Rc::new(i)),
                ..Kept::default()
            },
        )
    }

    #[test]
    fn a_link_into_a_plan_keeps_its_hop_until_the_inspector_answers() {
        let linked = "#v1;p=inspector;ins=limited;hop=5";
        let s = waiting(linked);
        assert!(s.waiting());
        assert_eq!(s.view.hop, 4, "the link's hop is kept while waiting");
        for a in [
            Action::Play(Playback::Step(1)),
            Action::Play(Playback::End),
            Action::Play(Playback::Toggle),
            Action::Play(Playback::Seek(0)),
        ] {
            let t = s.clone().apply(a.clone());
            assert_eq!((t.view.hop, t.playing), (4, false), "{a:?} while waiting");
        }
        let text = Rc::clone(&s.inspect.as_ref().unwrap().text);
        // An answer for another text (since replaced) changes nothing.
        let json = inspect(&text).to_json();
        let other = s
            .clone()
            .apply(Action::Inspected(Rc::from("{}"), Ok(answer(json.clone()))));
        assert!(other.waiting());
        let s = s.apply(Action::Inspected(text, Ok(answer(json))));
        assert!(!s.waiting());
        assert_eq!(s.view.hop, 4);
        assert_eq!(s.len(), AppState::from_fragment(linked).len());
        assert!(s.len() > 20);
    }

    #[test]
    fn an_inspector_that_cannot_answer_says_why_and_plays_nothing() {
        let s = waiting("#v1;p=inspector;ins=limited;hop=5");
        let text = Rc::clone(&s.inspect.as_ref().unwrap().text);
        let s = s.apply(Action::Inspected(
            text,
            Err("the inspector module could not be loaded (404)".to_string()),
        ));
        let i = s.inspect.as_ref().unwrap();
        assert!(matches!(&i.findings, Findings::Failed(why) if why.contains("404")));
        assert!(i.plan.is_none() && !i.is_blank());
        assert_eq!(
            (s.len(), s.view.hop),
            (0, 4),
            "the link's hop waits for a retry"
        );
        let s = s.apply(Action::Inspector(InspectorInput::Retry));
        assert!(s.waiting());
        let text = Rc::clone(&s.inspect.as_ref().unwrap().text);
        let s = s.apply(Action::Inspected(
            Rc::clone(&text),
            Ok(answer(inspect(&text).to_json())),
        ));
        assert_eq!(s.view.hop, 4, "a successful retry lands on the link's hop");
    }

    #[test]
    fn a_shipped_document_s_text_comes_with_the_answer() {
        // As in the browser: the app holds the sample's name, not its text.
        let s = AppState::from_fragment("#v1;p=inspector;ins=broken/trailing-comma");
        let shipped = s.view.sample.unwrap();
        let mut i = Inspect::shipped(shipped, atlas_core::Oci::Runc);
        i.text = Rc::from("");
        i.findings = Findings::Waiting;
        i.plan = None;
        assert!(!i.is_blank(), "a sample on its way is not a blank page");
        let asked = i.request().unwrap();
        assert_eq!(asked.shipped.as_deref(), Some("broken/trailing-comma.json"));
        let s = AppState::with(
            s.view,
            None,
            Kept {
                inspect: Some(Rc::new(i)),
                ..Kept::default()
            },
        );
        let text = shipped.text();
        let s = s.apply(Action::Inspected(
            asked.text,
            Ok(Answer {
                json: inspect(text).to_json(),
                text: Some(text.to_string()),
            }),
        ));
        let i = s.inspect.as_ref().unwrap();
        assert_eq!(&*i.text, text);
        assert!(!i.diagnostics().is_empty());
        assert_eq!(i.request(), None);
    }

    /// The state a link to another scenario gives in the browser before the
    /// engine module has answered (the link's view, its run awaited).
    fn engine_waiting(fragment: &str) -> (AppState, Rc<Ask>) {
        let mut s = AppState::from_fragment(fragment);
        let ask = Rc::new(Ask::new(s.view.config, s.view.scenario));
        s.run = Ran::Waiting(Rc::clone(&ask));
        let (view, notice) = ViewState::parse(fragment).expect("a good link");
        (s.view, s.notice) = (view, notice);
        (s, ask)
    }

    #[test]
    fn a_link_to_another_scenario_waits_for_the_engine_then_lands_on_its_hop() {
        let linked = "#v1;sc=runc-run;hop=5";
        let (s, ask) = engine_waiting(linked);
        assert!(s.waiting() && s.is_empty());
        assert_eq!(s.engine_requests(), Requests(vec![Rc::clone(&ask)]));
        let t = s.clone().apply(Action::Play(Playback::End));
        assert_eq!(t.view.hop, 4, "the link's hop is kept while waiting");
        // The module could not be loaded: said, and the hop still waits.
        let failed = s.clone().apply(Action::Played(
            Rc::clone(&ask),
            Err("the engine module could not be loaded (404)".into()),
        ));
        assert!(!failed.waiting() && failed.engine_failed());
        assert_eq!(failed.engine_requests(), Requests::default());
        let t = failed.clone().apply(Action::Play(Playback::Step(1)));
        assert_eq!(t.view.hop, 4);
        // Trying again sends a new ask, whose answer lands on the link's hop.
        let again = failed.apply(Action::RetryEngine);
        let asked = Rc::clone(&again.engine_requests().0[0]);
        assert!(!Rc::ptr_eq(&asked, &ask));
        let stale = again.clone().apply(Action::Played(
            Rc::clone(&ask),
            Ok(atlas_core::played::answer(&ask).to_json()),
        ));
        assert!(stale.waiting(), "an answer to the old ask changes nothing");
        let done = again.apply(Action::Played(
            Rc::clone(&asked),
            Ok(atlas_core::played::answer(&asked).to_json()),
        ));
        assert!(!done.waiting() && !done.engine_failed());
        assert_eq!(done.view.hop, 4);
        assert_eq!(done.len(), AppState::from_fragment(linked).len());
    }

    #[test]
    fn a_new_view_of_the_same_run_keeps_it_and_asks_nothing_again() {
        let (s, ask) = engine_waiting("#v1;sc=runc-run;hop=5");
        let s = s.apply(Action::Panel(Panel::State));
        assert!(matches!(&s.run, Ran::Waiting(a) if Rc::ptr_eq(a, &ask)));
        let json = atlas_core::played::answer(&ask).to_json();
        let s = s.apply(Action::Played(Rc::clone(&ask), Ok(json)));
        let run = Rc::clone(s.run.ready().expect("the run"));
        let s = s
            .apply(Action::Panel(Panel::Compare))
            .apply(Action::Panel(Panel::None));
        assert!(s.run.ready().is_some_and(|r| Rc::ptr_eq(r, &run)));
        let mut c = s.view.config;
        c.k8s = atlas_core::K8sVersion(c.k8s.0 - 1);
        let s = s.apply(Action::Config(c));
        assert!(s.run.ready().is_some_and(|r| !Rc::ptr_eq(r, &run)));
    }

    #[test]
    fn compare_mode_asks_for_the_second_configuration() {
        let mut s = AppState::from_fragment("#v1;p=compare;rt2=cri-o");
        let other = (**s.other.as_ref().expect("compare side")).clone();
        let ask = Rc::new(Ask::new(s.view.compare, s.view.scenario));
        s.other = Some(Rc::new(Side {
            run: Ran::Waiting(Rc::clone(&ask)),
            ..other
        }));
        assert!(s.waiting());
        assert_eq!(s.engine_requests(), Requests(vec![Rc::clone(&ask)]));
        let json = atlas_core::played::answer(&ask).to_json();
        let s = s.apply(Action::Played(ask, Ok(json)));
        assert!(!s.waiting());
        assert!(s.other.as_ref().is_some_and(|o| o.shown().is_some()));
    }

    #[test]
    fn playback_steps_and_stops_at_the_end() {
        let s = AppState::new(ViewState::default(), None);
        let n = s.len();
        assert!(n > 10);
        // Steps go call by call: the end is the last top-level call.
        let top = s.shown().unwrap().0.tree.top().to_vec();
        let last = *top.last().unwrap();
        assert!(last < n);
        let s = s.apply(Action::Play(Playback::End));
        assert_eq!(s.view.hop, last);
        let s = s.apply(Action::Play(Playback::Step(-3)));
        assert_eq!(s.view.hop, top[top.len() - 4]);
        let s = s.apply(Action::Play(Playback::Toggle));
        assert!(s.playing);
        let s = (0..10).fold(s, |s, _| s.apply(Action::Play(Playback::Tick)));
        assert_eq!(s.view.hop, last);
        assert!(!s.playing);
        // Enter opens the current call into its steps; stepping goes through them.
        let sandbox = top
            .iter()
            .copied()
            .find(|&i| s.shown().unwrap().0.hops[i].call == "RunPodSandbox")
            .unwrap();
        let s = s
            .apply(Action::Play(Playback::SeekHop(sandbox)))
            .apply(Action::Play(Playback::Call(None)))
            .apply(Action::Play(Playback::Step(1)));
        assert_eq!(s.view.hop, sandbox + 1);
        assert_eq!(s.shown().unwrap().0.tree.parent(s.view.hop), Some(sandbox));
        // Enter on a step closes the call it is in, back on the call.
        let s = s.apply(Action::Play(Playback::Call(None)));
        assert_eq!(s.view.hop, sandbox);
        assert_eq!(
            s.clone().apply(Action::Play(Playback::Step(1))).view.hop,
            top[top.iter().position(|&t| t == sandbox).unwrap() + 1]
        );
        let s = s
            .apply(Action::Play(Playback::Step(-1_000_000)))
            .apply(Action::Play(Playback::Slower));
        assert_eq!(s.view.hop, 0);
        assert_eq!(s.view.speed, DEFAULT_SPEED - 1);
    }

    #[test]
    fn a_refused_trace_keeps_the_one_playing_and_names_its_line_once() {
        let good = atlas_core::scenario::find("runc-run")
            .and_then(|s| Run::new(s.config(), s).ok())
            .map(|r| r.to_jsonl(None, &atlas_core::Catalog::english()))
            .unwrap_or_default();
        let bad = "{\"seq\":1,\"from\":\"kubelet\",\"to\":\"kernel\",\"iface\":\"syscall\",\"call\":\"x\"}\n{\"seq\":";
        let s = AppState::from_fragment("#v1;p=replay")
            .apply(Action::Replay("good.jsonl".into(), Rc::from(good.as_str())));
        assert!(s.replay.as_ref().is_some_and(|r| r.trace.is_ok()));
        let s = s.apply(Action::Replay("bad.jsonl".into(), Rc::from(bad)));
        assert_eq!(
            s.replay.as_ref().map(|r| r.name.as_str()),
            Some("good.jsonl")
        );
        let notice = s
            .notice
            .map(|n| crate::i18n::english().render(&n))
            .unwrap_or_default();
        assert!(
            notice.contains("bad.jsonl") && notice.contains("line 2"),
            "{notice}"
        );
        assert_eq!(notice.matches("line").count(), 1, "{notice}");
        // With nothing playing, the refusal is the panel's.
        let s = AppState::from_fragment("#v1;p=replay")
            .apply(Action::Replay("bad.jsonl".into(), Rc::from(bad)));
        assert!(s.replay.as_ref().is_some_and(|r| r.trace.is_err()));
    }

    #[test]
    fn a_bad_link_gives_the_default_view_and_a_notice() {
        let s = AppState::from_fragment("#v9;evil=<script>");
        assert_eq!(s.view, ViewState::default());
        assert!(s.notice.is_some());
        let s = AppState::from_fragment("#v1;sc=kubectl-run;hop=5");
        assert_eq!(s.view.hop, 4);
        assert!(s.notice.is_none());
        let s = s.apply(Action::Restore(Err(msg!("app-link-no-version"))));
        assert_eq!(s.view, ViewState::default());
        let notice = s
            .notice
            .map(|n| crate::i18n::english().render(&n))
            .unwrap_or_default();
        assert!(notice.contains("has no version"), "{notice}");
    }

    #[test]
    fn a_link_with_one_bad_field_keeps_the_rest_and_its_speed() {
        let s = AppState::from_fragment("#v1;sc=runc-run;hop=0;speed=2;theme=dark");
        assert_eq!(s.view.scenario.name, "runc-run");
        assert_eq!((s.view.hop, s.view.speed), (0, DEFAULT_SPEED + 1));
        assert_eq!(s.hop_ms() as f64, HOP_MS / 2.0);
        let notice = s
            .notice
            .as_ref()
            .map(|n| crate::i18n::english().render(n))
            .unwrap_or_default();
        assert!(notice.contains("hop=0"), "{notice}");
        // The speed goes into the link, and a link opened in the tab sets it.
        let s = s.apply(Action::Play(Playback::Faster));
        assert!(s.view.to_fragment().contains(";speed=4"));
        let s = s.apply(Action::Restore(
            ViewState::parse("#v1;sc=runc-run;speed=0.5;x=1").map_err(|e| e.0),
        ));
        assert_eq!((s.view.scenario.name, s.view.speed), ("runc-run", 1));
        assert!(s.notice.is_some());
    }

    #[test]
    fn a_hop_past_the_end_shows_the_last_and_says_so() {
        let s = AppState::from_fragment("#v1;sc=kubectl-run;hop=100000");
        let n = s.len();
        assert_eq!(s.view.hop, n - 1);
        let notice = s
            .notice
            .as_ref()
            .map(|m| crate::i18n::english().render(m))
            .unwrap_or_default();
        assert_eq!(
            notice,
            format!("Hop 100000 is past the last hop ({n}): showing hop {n}.")
        );
        // A link into a run the engine module plays says so when it lands.
        let (w, ask) = engine_waiting("#v1;sc=runc-run;hop=5000;x=1");
        assert!(w.notice.is_some());
        let w = w.apply(Action::Played(
            Rc::clone(&ask),
            Ok(atlas_core::played::answer(&ask).to_json()),
        ));
        let notice = w
            .notice
            .as_ref()
            .map(|m| crate::i18n::english().render(m))
            .unwrap_or_default();
        assert!(
            notice.contains("The key x") && notice.matches("Hop 5000 is past").count() == 1,
            "{notice}"
        );
        // Stepping past the end is not a link: nothing is said.
        let s = AppState::from_fragment("#v1;sc=kubectl-run")
            .apply(Action::Play(Playback::Step(1_000_000)));
        assert!(s.notice.is_none());
    }

    #[test]
    fn dockershim_on_1_24_is_refused() {
        let s = AppState::new(ViewState::default(), None).apply(Action::Scenario(
            atlas_core::scenario::find("kubectl-run-dockershim").expect("scenario"),
        ));
        assert!(s.run.ready().is_some());
        let mut c = s.view.config;
        c.k8s = atlas_core::K8sVersion(24);
        let s = s.apply(Action::Config(c));
        assert!(matches!(s.run, Ran::Refused(_)) && s.layout.is_err());
        assert!(s.is_empty());
    }
}
