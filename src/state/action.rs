//! What can happen to the page's state: the reducer's actions, grouped so
//! that each component is handed only the few it can cause.

use super::inspect::Answer;
use crate::i18n::Tr;
use crate::link::{Panel, Shipped, Theme, ViewState};
use atlas_core::played::Ask;
use atlas_core::scenario::Scenario;
use atlas_core::{Config, Lang, Msg};
use std::rc::Rc;

/// Moving through the run: the playback bar, the keys and the timer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Playback {
    /// Play or pause.
    Toggle,
    /// Move by this many steps (hops of the top level and of open calls).
    Step(isize),
    /// Go to a step (the timeline's position).
    Seek(usize),
    /// Go to a hop (by index), opening the calls it is in (a chapter, a
    /// row of the sequence diagram).
    SeekHop(usize),
    /// Open or close a call (by hop index; the current hop when `None`):
    /// its steps become steps of playback, or are folded back into it.
    Call(Option<usize>),
    /// First hop.
    Home,
    /// Last hop.
    End,
    /// Next speed up.
    Faster,
    /// Next speed down.
    Slower,
    /// Timer: next hop, stopping at the end.
    Tick,
}

/// What the reader does in the OCI inspector.
#[derive(Debug, Clone, PartialEq)]
pub enum InspectorInput {
    /// Pick a shipped document (a sample or a broken one).
    Sample(Shipped),
    /// A text (pasted or typed): name and text.
    Text(String, Rc<str>),
    /// A file's bytes: name and bytes.
    File(String, Rc<[u8]>),
    /// A file over the inspector's limit: name and size.
    TooLarge(String, u64),
    /// Ask the inspector module again after it failed.
    Retry,
}

/// Every change of the state.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Playback.
    Play(Playback),
    /// Pick a scenario (and its configuration).
    Scenario(&'static Scenario),
    /// Change the configuration.
    Config(Config),
    /// Change the theme.
    Theme(Theme),
    /// Restore a view from a link; `Err` gives the default view and says why.
    Restore(Result<(ViewState, Option<Msg>), Msg>),
    /// Dismiss the notice.
    Dismiss,
    /// Open a panel.
    Panel(Panel),
    /// The reader works in the OCI inspector.
    Inspector(InspectorInput),
    /// The inspector module's answer for the text shown (the same `Rc`):
    /// an inspection as JSON (and a shipped document's text), or why there
    /// is none.
    Inspected(Rc<str>, Result<Answer, String>),
    /// Show a notice.
    Notice(Msg),
    /// Speak another language (the view stays).
    Lang(Lang),
    /// The Korean catalog arrived (or why it could not be read).
    Korean(Result<Tr, String>),
    /// Open a configuration and a scenario together (the timeline's events).
    Open(Config, &'static Scenario),
    /// Replay a trace file's text: name and text.
    Replay(String, Rc<str>),
    /// Change compare mode's second configuration.
    Compare(Config),
    /// Select an object in the state panel.
    Select(String),
    /// The engine module's answer to an ask (the same `Rc`): the core's
    /// `Played` as JSON, or why there is none (the module could not be
    /// loaded, or it stopped).
    Played(Rc<Ask>, Result<String, String>),
    /// Ask the engine module again after it failed.
    RetryEngine,
    /// The terminal.
    Term(super::term::TermAction),
    /// The drills panel.
    Drill(super::drill::DrillAction),
    /// Presenter mode.
    Present(super::present::PresentAction),
}

impl Action {
    /// Whether the action moves through the run (what waits while the
    /// inspector module has not answered).
    pub fn is_playback(&self) -> bool {
        matches!(
            self,
            Action::Play(
                Playback::Toggle
                    | Playback::Step(_)
                    | Playback::Seek(_)
                    | Playback::Home
                    | Playback::End
                    | Playback::Tick
                    | Playback::SeekHop(_)
                    | Playback::Call(_)
            )
        )
    }
}

/// The playback a key stands for, if any.
pub fn key_playback(key: &str) -> Option<Playback> {
    Some(match key {
        " " | "." => Playback::Toggle,
        "ArrowRight" => Playback::Step(1),
        "ArrowLeft" => Playback::Step(-1),
        "Home" => Playback::Home,
        "End" => Playback::End,
        "Enter" => Playback::Call(None),
        "+" | "=" => Playback::Faster,
        "-" | "_" => Playback::Slower,
        _ => return None,
    })
}

/// What a key pressed on the page does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyUse {
    /// A playback key of the page.
    Play(Playback),
    /// Escape in a form control: leave it (blur), so that the page's keys
    /// work again.
    Leave,
}

/// What `key` does when pressed on an element with tag `tag` (upper case),
/// without Ctrl, Alt or Meta. Focus is never trapped: in a form control
/// (a menu, a text field, a slider) every key but Escape is the control's
/// own (→ in the scenario menu changes the scenario, not the hop), and
/// Escape leaves it; on a button, Space and Enter press it; Tab is never
/// the page's.
pub fn key_use(key: &str, tag: &str) -> Option<KeyUse> {
    if matches!(tag, "INPUT" | "SELECT" | "TEXTAREA") {
        return (key == "Escape").then_some(KeyUse::Leave);
    }
    if matches!(tag, "BUTTON" | "A" | "SUMMARY") && matches!(key, " " | "Enter") {
        return None;
    }
    key_playback(key).map(KeyUse::Play)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_in_a_control_are_the_control_s_and_escape_leaves_it() {
        for tag in ["SELECT", "INPUT", "TEXTAREA"] {
            for key in [
                "ArrowRight",
                "ArrowLeft",
                " ",
                "Home",
                "End",
                "+",
                "-",
                "Tab",
            ] {
                assert_eq!(key_use(key, tag), None, "{key} in {tag}");
            }
            assert_eq!(key_use("Escape", tag), Some(KeyUse::Leave));
        }
        assert_eq!(key_use(" ", "BUTTON"), None);
        assert_eq!(key_use("Enter", "A"), None);
        assert_eq!(
            key_use("ArrowRight", "BUTTON"),
            Some(KeyUse::Play(Playback::Step(1)))
        );
        assert_eq!(key_use(" ", "BODY"), Some(KeyUse::Play(Playback::Toggle)));
        assert_eq!(key_use("Escape", "BODY"), None);
        assert_eq!(key_use("Tab", "BODY"), None);
    }
}
