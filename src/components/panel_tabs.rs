//! The tabs that open a panel: the scenario, its state machines, compare
//! mode, the OCI inspector, trace replay and the history.

use crate::i18n::Tr;
use crate::link::Panel;
use yew::prelude::*;

/// The tabs: `panel` is the open one; `on_panel` hears the one chosen. A
/// view function (see [`super::header`]).
pub fn panel_tabs(panel: Panel, on_panel: &Callback<Panel>, tr: &Tr) -> Html {
    html! {
        <div class="tabs" role="tablist" aria-label={tr.t("app-panels")}>
            { for Panel::ALL.into_iter().map(|p| {
                let on = on_panel.clone();
                let selected = p == panel;
                html! {
                    <button type="button" role="tab" id={format!("tab-{}", p.id())}
                        aria-selected={if selected { "true" } else { "false" }}
                        aria-controls="panel" class={classes!("tab", selected.then_some("selected"))}
                        onclick={move |_| on.emit(p)}>{ tr.t(p.label()) }</button>
                }
            }) }
        </div>
    }
}
