//! The page's state, with no markup: the view a link restores, the run the
//! core computes for it, the open panel's data, playback, and the reducer
//! that applies every [`Action`]. Components read it and send the narrow
//! actions they can cause; nothing here draws.

pub mod action;
pub mod calls;
pub mod drill;
pub mod embed;
pub mod engine;
pub mod export;
pub mod inspect;
pub mod learn;
pub mod machines;
pub mod present;
pub mod quiz;
pub mod replay;
pub mod shown;
pub mod term;

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
    /// The terminal (terminal panel; kept while other panels are open).
    pub term: Option<Rc<term::Term>>,
    /// The drills panel (kept while other panels are open).
    pub drills: Option<Rc<drill::Drills>>,
    /// Presenter mode: the talk, the black screen, the help (presenter
    /// mode only; a new view keeps it only through [`present`]).
    pub present: Option<Rc<present::Present>>,
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
            term,
            drills,
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
            term,
            drills,
            present: None,
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
            // A range that ends inside a call opens it: its steps up to the
            // end are steps of playback.
            if let Some((_, b)) = self.view.range_in(run.len()) {
                self.calls.reveal(&run, b);
            }
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
            Panel::Term => self.refresh_term(),
            Panel::Drill => self.refresh_drill(),
            Panel::None | Panel::State | Panel::Replay | Panel::History | Panel::Quiz => {}
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
            Panel::Term | Panel::Drill => {
                let t = match self.view.panel {
                    Panel::Drill => self.drill_term()?,
                    _ => self.term.as_ref()?,
                };
                let l = t.layout.as_ref().ok()?;
                (!t.run.is_empty()).then(|| (Rc::clone(&t.run), Rc::clone(l)))
            }
            Panel::History | Panel::Quiz => None,
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
            Panel::Replay | Panel::History | Panel::Term | Panel::Drill | Panel::Quiz => false,
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
            Panel::Inspector
            | Panel::Replay
            | Panel::History
            | Panel::Term
            | Panel::Drill
            | Panel::Quiz => false,
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
    /// An embed with `play=1` starts playing there.
    fn land(&mut self) {
        let asked = self.view.hop;
        self.seek(asked);
        if self.view.autoplay && self.view.embed && self.view.hop < self.last_step() {
            self.playing = true;
        }
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

    /// Goes to hop `pos`, clamped to the run and to the view's range.
    fn seek(&mut self, pos: usize) {
        let (a, b) = self.bounds();
        self.view.hop = pos.clamp(a, b);
    }

    /// The first and last hop playback may show: the run's, or the view's
    /// range inside it (an embed's `from`/`to`, a presenter's scene).
    pub fn bounds(&self) -> (usize, usize) {
        let last = self.len().saturating_sub(1);
        match self.view.range_in(self.len()) {
            Some(r) if self.view.panel != Panel::Compare => r,
            _ => (0, last),
        }
    }

    /// The last step: the last top-level call (or open call's step) at or
    /// before the range's end, or the last hop when playback goes hop by hop.
    fn last_step(&self) -> usize {
        let (a, b) = self.bounds();
        if self.by_call() {
            let k = self.calls.index_of(b);
            self.calls.at(k).max(a)
        } else {
            b
        }
    }

    /// Moves through the run.
    fn play(&mut self, p: Playback) {
        let last = self.last_step();
        let first = self.bounds().0;
        match p {
            Playback::Toggle => {
                if !self.playing && self.view.hop >= last {
                    self.view.hop = first;
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
                self.view.hop = first;
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
                        let next = if self.by_call() {
                            self.calls.step(self.view.hop, 1)
                        } else {
                            self.view.hop + 1
                        };
                        self.seek(next.min(last));
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
        if s.view.mode == crate::link::Mode::Present {
            // A scene's run arrived: land in its range.
            s.land_scene();
        }
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
            Action::Term(a) => return self.term_action(a),
            Action::Drill(a) => return self.drill_action(a),
            Action::Present(a) => return self.present_action(a),
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
            term: self.term,
            drills: self.drills,
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
    term: Option<Rc<term::Term>>,
    drills: Option<Rc<drill::Drills>>,
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
mod tests;
