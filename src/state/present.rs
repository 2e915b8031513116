//! Presenter mode's state, with no markup (`mode=present;talk=ID;scene=N`):
//! the talk the engine module answered (`talk(id)`: every scene resolved in
//! the core, `atlas_core::talk::TalkView`), the black screen, the help, and
//! the navigation a presentation remote drives: the next or previous
//! top-level call of the scene's range, then the next or previous scene.
//!
//! Entering a scene is a view like any other (configuration, scenario, hop
//! at the range's start, the range) through [`AppState::next`], so the
//! engine module plays it as any run; a refused scene shows the core's
//! refusal. A scene of commands brings its run with the talk (played by the
//! core in the engine module) and is drawn from it.

use super::{AppState, Ran};
use crate::link::{Mode, Panel, ViewState};
use crate::run::Run;
use atlas_core::calls::CallTree;
use atlas_core::talk::{SceneView, TalkView};
use atlas_core::{msg, Msg};
use std::rc::Rc;

/// What the presenter does.
#[derive(Debug, Clone, PartialEq)]
pub enum PresentAction {
    /// The engine module's answer to `talk(id)`: the talk as JSON (or
    /// `{"err": Msg}`), or why there is none.
    Loaded(Result<String, String>),
    /// The next top-level call, then the next scene.
    Next,
    /// The previous top-level call, then the previous scene.
    Prev,
    /// The scene's first step.
    First,
    /// The scene's last step.
    Last,
    /// Black screen on or off.
    Black,
    /// The keys' help on or off.
    Help,
    /// Close the help, else lift the black screen.
    Escape,
    /// Go to a scene (0-based), at its start.
    Scene(usize),
    /// Leave the title card.
    Start,
    /// Open the notes window (the page's glue does it; the talk starts).
    Notes,
    /// Fullscreen (the page's glue does it; the talk starts).
    Fullscreen,
}

/// The presenter's state.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Present {
    /// The talk: `None` while the engine module is asked, then the talk or
    /// why there is none.
    pub talk: Option<Result<Rc<TalkView>, Msg>>,
    /// Each scene's own run (a scene of commands), by scene.
    pub runs: Vec<Option<Rc<Run>>>,
    /// The screen is black.
    pub black: bool,
    /// The keys' help is open.
    pub help: bool,
    /// The title card was left (a key, the start button).
    pub started: bool,
    /// Once the scene's run is here, go to its last step (entered backwards).
    pub land_end: bool,
}

impl Present {
    /// The talk, once here.
    pub fn talk(&self) -> Option<&Rc<TalkView>> {
        self.talk.as_ref().and_then(|t| t.as_ref().ok())
    }
}

/// The next top-level call after the one `hop` is in, inside `(a, b)`.
pub fn next_top(tree: &CallTree, hop: usize, (a, b): (usize, usize)) -> Option<usize> {
    let r = tree.root(hop);
    tree.top()
        .iter()
        .copied()
        .find(|&t| t > r && t >= a && t <= b)
}

/// The previous top-level call before `hop` inside `(a, _)`: from inside
/// a call, its own root first.
pub fn prev_top(tree: &CallTree, hop: usize, (a, _b): (usize, usize)) -> Option<usize> {
    tree.top()
        .iter()
        .rev()
        .copied()
        .find(|&t| t < hop && t >= a)
}

/// The first and last top-level calls inside `(a, b)` (the range's ends
/// when none is).
fn ends(tree: &CallTree, (a, b): (usize, usize)) -> (usize, usize) {
    let inside = || tree.top().iter().copied().filter(|&t| t >= a && t <= b);
    (
        inside().next().unwrap_or(a),
        inside().next_back().unwrap_or(b),
    )
}

/// The presenter's action for a key pressed on an element of tag `tag`
/// (upper case), without Ctrl, Alt or Meta; form controls keep their keys.
pub fn key(key: &str, tag: &str) -> Option<PresentAction> {
    if matches!(tag, "INPUT" | "SELECT" | "TEXTAREA") {
        return None;
    }
    if matches!(tag, "BUTTON" | "A") && matches!(key, " " | "Enter") {
        return None;
    }
    Some(match key {
        "PageDown" | "ArrowRight" => PresentAction::Next,
        "PageUp" | "ArrowLeft" => PresentAction::Prev,
        "Home" => PresentAction::First,
        "End" => PresentAction::Last,
        "." | "b" | "B" => PresentAction::Black,
        "?" => PresentAction::Help,
        "Escape" => PresentAction::Escape,
        "n" | "N" => PresentAction::Notes,
        "f" | "F" | "F5" => PresentAction::Fullscreen,
        _ => return None,
    })
}

/// The talk's answer read: the talk, or the core's reason, or the module's.
fn read(answer: Result<String, String>) -> Result<TalkView, Msg> {
    let text = answer.map_err(|why| msg!("present-failed", why = why))?;
    if let Ok(t) = serde_json::from_str::<TalkView>(&text) {
        return Ok(t);
    }
    // `{"err": Msg}`: the core's reason (no such talk).
    let refused = serde_json::from_str::<serde_json::Value>(&text)
        .ok()
        .and_then(|v| v.get("err").cloned())
        .and_then(|e| serde_json::from_value::<Msg>(e).ok());
    Err(refused.unwrap_or_else(|| msg!("present-failed", why = text)))
}

impl AppState {
    /// The presenter's state (a default one outside presenter mode).
    pub fn presenter(&self) -> Rc<Present> {
        self.present.clone().unwrap_or_default()
    }

    /// The scene shown, once the talk is here.
    pub fn scene(&self) -> Option<&SceneView> {
        let p = self.present.as_ref()?;
        p.talk()?.scenes.get(self.view.scene)
    }

    /// The run the scene shows (its own for a scene of commands), once here.
    pub fn scene_run(&self) -> Option<Rc<Run>> {
        let p = self.present.as_ref()?;
        let scene = p.talk()?.scenes.get(self.view.scene)?;
        if scene.steps.is_some() {
            return p.runs.get(self.view.scene).cloned().flatten();
        }
        if scene.refused.is_some() {
            return None;
        }
        match &self.run {
            Ran::Ready(r) => Some(Rc::clone(r)),
            _ => None,
        }
    }

    /// The scene's range of hops (the whole run when the talk names none).
    pub fn scene_range(&self) -> Option<(usize, usize)> {
        let run = self.scene_run()?;
        let last = run.len().checked_sub(1)?;
        let s = self.scene()?;
        let a = s.from.unwrap_or(0).min(last);
        Some((a, s.to.unwrap_or(last).clamp(a, last)))
    }

    fn with_present(mut self, p: Present) -> AppState {
        self.present = Some(Rc::new(p));
        self
    }

    /// Shows scene `k` (at its start, or at its end once its run is here).
    fn enter_scene(self, k: usize, at_end: bool) -> AppState {
        let mut p = (*self.presenter()).clone();
        let Some(talk) = p.talk().cloned() else {
            return self;
        };
        let Some(s) = talk.scenes.get(k) else {
            return self;
        };
        let mut view = ViewState {
            config: s.config,
            hop: s.from.unwrap_or(0),
            range: s.from.zip(s.to),
            scene: k,
            panel: Panel::None,
            object: None,
            mode: Mode::Present,
            ..self.view.clone()
        };
        if let Some(sc) = s.scenario.as_deref().and_then(atlas_core::scenario::find) {
            view.scenario = sc;
        }
        p.land_end = at_end;
        p.black = false;
        let mut next = self.next(view, None).with_present(p);
        next.land_scene();
        next
    }

    /// Lands in the scene's range once its run is here: its first call, or
    /// its last one when entered backwards.
    pub(super) fn land_scene(&mut self) {
        let (Some(run), Some((a, b))) = (self.scene_run(), self.scene_range()) else {
            return;
        };
        let (first, last) = ends(&run.tree, (a, b));
        let p = self.presenter();
        if p.land_end {
            self.view.hop = last;
            let mut p = (*p).clone();
            p.land_end = false;
            self.present = Some(Rc::new(p));
        } else if self.view.hop < a || self.view.hop > b {
            self.view.hop = first;
        }
        self.playing = false;
    }

    /// Applies a presenter action.
    pub(super) fn present_action(mut self, a: PresentAction) -> AppState {
        let mut p = (*self.presenter()).clone();
        match a {
            PresentAction::Loaded(answer) => {
                p.talk = Some(read(answer).map(|t| {
                    p.runs = t
                        .scenes
                        .iter()
                        .map(|s| {
                            s.steps.as_ref().map(|steps| {
                                Rc::new(Run::from_steps(
                                    steps
                                        .iter()
                                        .map(|s| (s.record.clone(), s.hops.clone()))
                                        .collect(),
                                ))
                            })
                        })
                        .collect();
                    Rc::new(t)
                }));
                let scenes = p.talk().map_or(0, |t| t.scenes.len());
                let k = self.view.scene.min(scenes.saturating_sub(1));
                if scenes > 0 && k != self.view.scene {
                    self.notice = Some(msg!(
                        "present-no-scene",
                        scene = self.view.scene + 1,
                        scenes = scenes
                    ));
                }
                return self.with_present(p).enter_scene(k, false);
            }
            PresentAction::Black => p.black = !p.black,
            PresentAction::Help => p.help = !p.help,
            PresentAction::Escape => {
                if p.help {
                    p.help = false;
                } else {
                    p.black = false;
                }
            }
            PresentAction::Start | PresentAction::Notes | PresentAction::Fullscreen => {
                p.started = true
            }
            PresentAction::Scene(k) => {
                p.started = true;
                return self.with_present(p).enter_scene(k, false);
            }
            PresentAction::Next | PresentAction::Prev if p.black => p.black = false,
            // The title card (the first scene, not started) goes first.
            PresentAction::Next if !p.started && self.view.scene == 0 => p.started = true,
            PresentAction::Next
            | PresentAction::Prev
            | PresentAction::First
            | PresentAction::Last => {
                p.started = true;
                let scenes = p.talk().map_or(0, |t| t.scenes.len());
                let k = self.view.scene;
                self = self.with_present(p);
                let here = self.scene_run().zip(self.scene_range());
                // A scene whose run is on its way does not move (nor skip).
                let runs = self.scene().is_some_and(|s| s.refused.is_none());
                if here.is_none() && runs {
                    return self;
                }
                let hop = self.view.hop;
                let moved = here.and_then(|(run, range)| {
                    let (first, last) = ends(&run.tree, range);
                    match a {
                        PresentAction::Next => next_top(&run.tree, hop, range),
                        PresentAction::Prev => prev_top(&run.tree, hop, range),
                        PresentAction::First => Some(first),
                        _ => Some(last),
                    }
                });
                match (moved, &a) {
                    (Some(h), _) => {
                        self.view.hop = h;
                        self.playing = false;
                    }
                    (None, PresentAction::Next) if k + 1 < scenes => {
                        return self.enter_scene(k + 1, false)
                    }
                    (None, PresentAction::Prev) if k > 0 => return self.enter_scene(k - 1, true),
                    _ => {}
                }
                return self;
            }
        }
        self.with_present(p)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_remote_s_keys() {
        assert_eq!(key("PageDown", "BODY"), Some(PresentAction::Next));
        assert_eq!(key("ArrowRight", "BODY"), Some(PresentAction::Next));
        assert_eq!(key("PageUp", "BODY"), Some(PresentAction::Prev));
        assert_eq!(key("ArrowLeft", "BUTTON"), Some(PresentAction::Prev));
        assert_eq!(key(".", "BODY"), Some(PresentAction::Black));
        assert_eq!(key("b", "BODY"), Some(PresentAction::Black));
        assert_eq!(key("?", "BODY"), Some(PresentAction::Help));
        assert_eq!(key("F5", "BODY"), Some(PresentAction::Fullscreen));
        assert_eq!(key("n", "BODY"), Some(PresentAction::Notes));
        assert_eq!(key(" ", "BODY"), None, "Space stays play/pause");
        assert_eq!(key("PageDown", "INPUT"), None);
        assert_eq!(key("Enter", "BUTTON"), None);
    }

    #[test]
    fn next_and_previous_go_by_top_level_call_inside_the_range() {
        let t = atlas_core::talk::find("kubectl-run").expect("talk");
        let v = t.view().expect("resolves");
        let s = &t.scenes[2];
        let steps = s.steps().expect("runs");
        let run = Run::from_steps(steps.into_iter().map(|s| (s.record, s.hops)).collect());
        let range = (v.scenes[2].from.expect("from"), v.scenes[2].to.expect("to"));
        let (first, last) = ends(&run.tree, range);
        assert_eq!(first, range.0);
        let mut seen = vec![first];
        let mut at = first;
        while let Some(n) = next_top(&run.tree, at, range) {
            assert!(n > at && n <= range.1);
            assert!(run.hops[n].parent.is_none());
            seen.push(n);
            at = n;
        }
        assert_eq!(at, last);
        assert!(run.hops[last].call.starts_with("StartContainer"));
        assert!(seen.len() >= 5, "{seen:?}");
        let mut back = vec![at];
        while let Some(p) = prev_top(&run.tree, at, range) {
            back.push(p);
            at = p;
        }
        back.reverse();
        assert_eq!(back, seen);
    }
}
