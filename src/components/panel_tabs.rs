//! The tabs that open a panel: the scenario, its state machines, compare
//! mode, the OCI inspector and trace replay.

use crate::link::Panel;
use yew::prelude::*;

/// Props of [`PanelTabs`].
#[derive(Properties, PartialEq)]
pub struct PanelTabsProps {
    /// The open panel.
    pub panel: Panel,
    /// A tab was chosen.
    pub on_panel: Callback<Panel>,
}

/// The tabs.
#[function_component(PanelTabs)]
pub fn panel_tabs(props: &PanelTabsProps) -> Html {
    html! {
        <div class="tabs" role="tablist" aria-label="panels">
            { for Panel::ALL.into_iter().map(|p| {
                let on = props.on_panel.clone();
                let selected = p == props.panel;
                html! {
                    <button type="button" role="tab" id={format!("tab-{}", p.id())}
                        aria-selected={if selected { "true" } else { "false" }}
                        aria-controls="panel" class={classes!("tab", selected.then_some("selected"))}
                        onclick={move |_| on.emit(p)}>{ p.label() }</button>
                }
            }) }
        </div>
    }
}
