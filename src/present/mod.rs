//! Presenter mode (`mode=present`): full screen, large type, a talk's
//! scenes. This is the embed contract's stub, with the signatures the page
//! calls; the presenter replaces its bodies.

use crate::components::{narration, TopologyView};
use crate::i18n::Tr;
use crate::state::{key_use, Action, AppState, KeyUse};
use std::rc::Rc;
use yew::prelude::*;

/// The presenter's page: drawn instead of the whole page when the view's
/// mode is [`crate::link::Mode::Present`]. `on` sends any action.
pub fn page(state: &AppState, on: &Callback<Action>, tr: &Tr) -> Html {
    let _ = on;
    let pos = state.view.hop;
    let shown = state.shown().map(|(run, l)| {
        html! {
            <div class="stage">
                <TopologyView layout={Rc::clone(&l)} label={tr.msg(&state.view.config.label_msg())}
                    run={Some(Rc::clone(&run))} pos={pos} range={state.view.range}
                    fit={crate::components::Fit::Present} />
                { narration(&run, pos, tr, None) }
            </div>
        }
    });
    html! { <main id="present" class="atlas present">{ for shown }</main> }
}

/// What a key does in presenter mode (`tag`: the target's tag, upper case),
/// without Ctrl, Alt or Meta: called instead of the page's own keys.
pub fn key(key: &str, tag: &str) -> Option<Action> {
    match key_use(key, tag)? {
        KeyUse::Play(p) => Some(Action::Play(p)),
        KeyUse::Leave => None,
    }
}

/// The presenter's effects (the talk fetched through
/// [`crate::browser::engine_call`], the notes window): called on every
/// render of the page, in every mode.
#[hook]
pub fn use_present(state: &UseReducerHandle<AppState>) {
    let _ = state;
}
