//! Presenter mode (`mode=present;talk=ID;scene=N`): a talk's scenes on a
//! projector, large type and high contrast, driven by a presentation
//! remote's keys, with a notes window beside it. The state and the keys are
//! [`crate::state::present`]; this draws them ([`view`]), fetches the talk
//! from the engine module and does what the browser must ([`glue`]: the
//! stylesheet, the pointer, fullscreen, the notes window).

pub mod glue;
mod view;

pub use view::{Presenter, PresenterProps};

use crate::browser;
use crate::i18n::Tr;
use crate::link::Mode;
use crate::state::present::PresentAction;
use crate::state::{Action, AppState};
use std::rc::Rc;
use yew::prelude::*;

/// The presenter's page: drawn instead of the whole page when the view's
/// mode is [`Mode::Present`]. `on` sends any action.
pub fn page(state: &AppState, on: &Callback<Action>, tr: &Tr) -> Html {
    let _ = tr;
    html! { <Presenter state={Rc::new(state.clone())} send={on.clone()} /> }
}

/// What a key does in presenter mode (`tag`: the target's tag, upper case),
/// without Ctrl, Alt or Meta: called instead of the page's own keys, inside
/// the key's event, so that `n` (the notes window) and `f` (fullscreen) do
/// what needs a user's key press here.
pub fn key(key: &str, tag: &str) -> Option<Action> {
    let a = crate::state::present::key(key, tag)?;
    match a {
        PresentAction::Notes => glue::open_notes(),
        PresentAction::Fullscreen => glue::fullscreen(),
        _ => {}
    }
    Some(Action::Present(a))
}

/// The presenter's effects that need the page's reducer: the talk fetched
/// from the engine module (`talk(id)`) whenever presenter mode has none.
/// Called on every render of the page, in every mode.
#[hook]
pub fn use_present(state: &UseReducerHandle<AppState>) {
    let present = state.view.mode == Mode::Present;
    let missing = state.present.as_ref().is_none_or(|p| p.talk.is_none());
    let want = (present && missing).then(|| state.view.talk.clone().unwrap_or_default());
    let d = state.dispatcher();
    use_effect_with(want, move |want| {
        if let Some(id) = want {
            browser::engine_call("talk", id, move |answer| {
                d.dispatch(Action::Present(PresentAction::Loaded(answer)))
            });
        }
    });
}
