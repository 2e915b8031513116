//! Shown instead of the diagram when a configuration cannot exist, or when
//! the scenario cannot play on the node chosen.

use crate::i18n::Tr;
use yew::prelude::*;

/// The refusal: `message` is the core's, as it words it; `possible` says
/// whether the configuration can exist (then it is the scenario that cannot
/// play on it). A view function (see [`super::header`]).
pub fn config_error(message: &atlas_core::Msg, possible: bool, tr: &Tr) -> Html {
    let title = if possible {
        tr.t("app-cannot-play")
    } else {
        tr.t("app-cannot-exist")
    };
    html! {
        <section class="refusal" role="alert">
            <h2>{ title }</h2>
            <p>{ tr.msg(message) }</p>
        </section>
    }
}
