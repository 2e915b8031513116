//! Shown in place of a run that the engine module has not given: while it
//! loads ("Loading the engine…"), or why it could not be had (the module could
//! not be loaded, or it stopped), with a button that tries again. Never a
//! blank stage.

use crate::i18n::Tr;
use crate::state::Ran;
use yew::prelude::*;

/// Where a run stands when it is not there; nothing for a run that is
/// there or refused. A view function (see [`super::header`]).
pub fn engine_status(ran: &Ran, on_retry: &Callback<()>, tr: &Tr) -> Html {
    match ran {
        Ran::Waiting(_) => html! {
            <p class="engine-status loading" role="status" aria-live="polite">
                { tr.t("app-engine-loading") }
            </p>
        },
        Ran::Failed(_, why) => {
            let retry = on_retry.reform(|_: MouseEvent| ());
            html! {
                <section class="engine-status failed" role="alert">
                    <h2>{ tr.t("app-engine-failed") }</h2>
                    <p class="why">{ why.to_string() }</p>
                    <button type="button" class="engine-retry" onclick={retry}>{ tr.t("app-try-again") }</button>
                </section>
            }
        }
        Ran::Ready(_) | Ran::Refused(_) => html! {},
    }
}
