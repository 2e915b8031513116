//! The scenario picker, the configuration switcher and the theme.

use crate::i18n::Tr;
use crate::link::{Theme, ViewState, OCI_CHOICES};
use atlas_core::config::{K8S_MAX, K8S_MIN};
use atlas_core::scenario::{self, Scenario, SCENARIOS};
use atlas_core::{Config, K8sVersion, Oci, Runtime};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// What [`controls`] draws and hears.
pub struct ControlsProps {
    /// The current view.
    pub view: ViewState,
    /// A scenario was picked.
    pub on_scenario: Callback<&'static Scenario>,
    /// The configuration was changed.
    pub on_config: Callback<Config>,
    /// The theme was changed.
    pub on_theme: Callback<Theme>,
}

/// A theme's name: a message id.
fn theme_label(t: Theme) -> &'static str {
    match t {
        Theme::Auto => "app-theme-auto",
        Theme::Light => "app-theme-light",
        Theme::Dark => "app-theme-dark",
    }
}

/// The toolbar above the diagrams.
///
/// A view function, not a component: what it draws changes with every hop,
/// so yew's props comparison would not spare a redraw (see [`super::header`]).
pub fn controls(props: &ControlsProps, tr: &Tr) -> Html {
    let v = &props.view;
    let config = v.config;
    let on_scenario = {
        let on = props.on_scenario.clone();
        Callback::from(move |e: Event| {
            let name = e.target_unchecked_into::<HtmlSelectElement>().value();
            if let Some(s) = scenario::find(&name) {
                on.emit(s);
            }
        })
    };
    let on_k8s = {
        let on = props.on_config.clone();
        Callback::from(move |e: InputEvent| {
            let value = e.target_unchecked_into::<HtmlInputElement>().value();
            if let Ok(m) = value.parse::<u8>() {
                if (K8S_MIN..=K8S_MAX).contains(&m) {
                    on.emit(Config {
                        k8s: K8sVersion(m),
                        ..config
                    });
                }
            }
        })
    };
    let on_runtime = {
        let on = props.on_config.clone();
        Callback::from(move |e: Event| {
            let id = e.target_unchecked_into::<HtmlSelectElement>().value();
            if let Some(runtime) = Runtime::ALL.into_iter().find(|r| r.id() == id) {
                on.emit(Config { runtime, ..config });
            }
        })
    };
    let on_oci = {
        let on = props.on_config.clone();
        Callback::from(move |e: Event| {
            let id = e.target_unchecked_into::<HtmlSelectElement>().value();
            if let Some(oci) = Oci::ALL.into_iter().find(|o| o.id() == id) {
                on.emit(Config { oci, ..config });
            }
        })
    };
    let on_theme = {
        let on = props.on_theme.clone();
        Callback::from(move |e: Event| {
            let id = e.target_unchecked_into::<HtmlSelectElement>().value();
            if let Some(t) = Theme::parse(&id) {
                on.emit(t);
            }
        })
    };
    let mut ocis: Vec<Oci> = OCI_CHOICES.to_vec();
    if !ocis.contains(&config.oci) {
        ocis.push(config.oci);
    }
    let kube = config.runtime.has_kubernetes();
    let shim_note = if !kube {
        html! { <span class="shim-off">{ tr.t("app-shim-no-kubernetes") }</span> }
    } else if config.k8s.has_dockershim() {
        html! { <span class="shim-on">{ tr.t("app-shim-built-in") }</span> }
    } else {
        html! { <span class="shim-off">{ tr.t("app-shim-removed") }</span> }
    };
    let ticks = (K8S_MIN..=K8S_MAX).map(|m| {
        let class = if m <= 23 { "tick shim" } else { "tick" };
        html! { <span class={class} data-minor={m.to_string()} aria-hidden="true"></span> }
    });
    html! {
        <nav class="controls" aria-label={tr.t("app-controls-label")}>
            <label class="field scenario">
                <span>{ tr.t("app-panel-scenario") }</span>
                <select id="scenario" onchange={on_scenario} title={tr.msg(&v.scenario.title())}>
                    { for SCENARIOS.iter().map(|s| html! {
                        <option value={s.name} selected={s.name == v.scenario.name}>
                            { format!("{} — {}", s.name, tr.msg(&s.title())) }
                        </option>
                    }) }
                </select>
            </label>
            <div class="field k8s">
                <label for="k8s">{ tr.t("app-kubernetes") }{ " " }<output for="k8s" id="k8s-value">{ config.k8s.to_string() }</output></label>
                <input id="k8s" type="range" min={K8S_MIN.to_string()} max={K8S_MAX.to_string()}
                    step="1" value={config.k8s.0.to_string()} oninput={on_k8s} disabled={!kube}
                    aria-valuetext={format!("{} {}", tr.t("app-kubernetes"), config.k8s)} />
                <div class="ticks" aria-hidden="true">{ for ticks }</div>
                <small id="dockershim-status">{ shim_note }</small>
            </div>
            <label class="field">
                <span>{ tr.t("app-runtime") }</span>
                <select id="runtime" onchange={on_runtime}>
                    { for Runtime::ALL.into_iter().map(|r| html! {
                        <option value={r.id()} selected={r == config.runtime}>{ tr.msg(&r.label_msg()) }</option>
                    }) }
                </select>
            </label>
            <label class="field">
                <span>{ tr.t("app-oci-runtime") }</span>
                <select id="oci" onchange={on_oci}>
                    { for ocis.into_iter().map(|o| html! {
                        <option value={o.id()} selected={o == config.oci}>{ o.id() }</option>
                    }) }
                </select>
            </label>
            <label class="field">
                <span>{ tr.t("app-theme") }</span>
                <select id="theme" onchange={on_theme}>
                    { for Theme::ALL.into_iter().map(|t| html! {
                        <option value={t.id()} selected={t == v.theme}>{ tr.t(theme_label(t)) }</option>
                    }) }
                </select>
            </label>
        </nav>
    }
}
