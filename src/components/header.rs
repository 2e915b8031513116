//! The page header: the name, the configuration shown, the help buttons and
//! the language switch.

use super::learn::learn_buttons;
use crate::i18n::Tr;
use crate::state::learn::LearnAction;
use atlas_core::Lang;
use yew::prelude::*;

/// The page header; `config_label` is e.g. `Kubernetes 1.28 · containerd 1.7 · runc`.
/// `on_lang` is the language switch's callback and `on_learn` the help
/// buttons' (none in the first frame, which draws them disabled).
///
/// A view function, not a component: it has no state and is drawn once per
/// frame of the page, and a component costs the app's wasm its own copy of
/// yew's mounting and diffing code.
pub fn header(
    config_label: String,
    tr: &Tr,
    on_lang: Option<&Callback<Lang>>,
    on_learn: Option<&Callback<LearnAction>>,
) -> Html {
    let current = tr.lang();
    let buttons = Lang::ALL.iter().map(|&l| {
        let onclick = on_lang.map(|on| on.reform(move |_: MouseEvent| l));
        html! {
            <button type="button" lang={l.id()} id={format!("lang-{}", l.id())}
                aria-pressed={(l == current).to_string()} disabled={onclick.is_none()}
                {onclick}>{ l.own_name() }</button>
        }
    });
    html! {
        <header class="site">
            // i18n: the product's name, the same in every language
            <h1>{ "Runtime Atlas" }</h1>
            <p class="config" aria-label={tr.t("app-config-label")}>{ config_label }</p>
            { learn_buttons(on_learn, tr) }
            <div class="lang-switch" role="group" aria-label={tr.t("app-lang-label")}>
                { for buttons }
            </div>
        </header>
    }
}
