//! The root component: the view state (configuration, scenario, hop, theme),
//! the run the core computes for it, playback, keys and the URL fragment.

use crate::browser;
use crate::components::{
    ConfigError as ConfigErrorView, Controls, Header, Legend, Narration, PlaybackBar, SequenceView,
    TopologyView,
};
use crate::layout::{layout, Layout};
use crate::run::Run;
use crate::view::{Theme, ViewState, DEFAULT_SPEED, SPEEDS};
use atlas_core::scenario::Scenario;
use atlas_core::{Config, Topology};
use std::rc::Rc;
use yew::prelude::*;

/// Human label of a configuration, e.g. `Kubernetes 1.28 · containerd 1.7 · runc`.
pub fn config_label(config: &Config) -> String {
    format!(
        "Kubernetes {} · {} · {}",
        config.k8s,
        config.runtime.label(),
        config.oci.id()
    )
}

/// Milliseconds between two hops at 1×.
pub const HOP_MS: f64 = 900.0;

/// Everything the page shows.
#[derive(Debug, Clone, PartialEq)]
pub struct AppState {
    /// What a link restores.
    pub view: ViewState,
    /// The run of the scenario under the configuration, or why there is none.
    pub run: Result<Rc<Run>, String>,
    /// The topology diagram, or why there is none.
    pub layout: Result<Rc<Layout>, String>,
    /// Playing.
    pub playing: bool,
    /// Index into [`SPEEDS`].
    pub speed: usize,
    /// A notice for the reader (e.g. a link that could not be restored).
    pub notice: Option<String>,
}

/// What can happen to the state.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Play or pause.
    Toggle,
    /// Move by this many hops.
    Step(isize),
    /// Go to a hop.
    Seek(usize),
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
    /// Pick a scenario (and its configuration).
    Scenario(&'static Scenario),
    /// Change the configuration.
    Config(Config),
    /// Change the theme.
    Theme(Theme),
    /// Restore a view from a link; `Err` gives the default view and says why.
    Restore(Result<ViewState, String>),
    /// Dismiss the notice.
    Dismiss,
}

impl AppState {
    /// The state for a view; `notice` is shown above it.
    pub fn new(view: ViewState, notice: Option<String>) -> AppState {
        let run = Run::new(view.config, view.scenario).map(Rc::new);
        let layout = view
            .config
            .check()
            .map(|()| Rc::new(layout(&Topology::new(&view.config))))
            .map_err(|e| e.to_string());
        let mut s = AppState {
            view,
            run,
            layout,
            playing: false,
            speed: DEFAULT_SPEED,
            notice,
        };
        s.view.hop = s.view.hop.min(s.len().saturating_sub(1));
        s
    }

    /// The state a fragment asks for: the default view with a notice when it is refused.
    pub fn from_fragment(fragment: &str) -> AppState {
        match ViewState::from_fragment(fragment) {
            Ok(v) => AppState::new(v, None),
            Err(e) => AppState::new(ViewState::default(), Some(refused(&e.to_string()))),
        }
    }

    /// Number of hops of the run (0 when refused).
    pub fn len(&self) -> usize {
        self.run.as_ref().map(|r| r.len()).unwrap_or(0)
    }

    /// Whether there is no hop to show.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Milliseconds per hop at the current speed.
    pub fn hop_ms(&self) -> u32 {
        let speed = SPEEDS.get(self.speed).copied().unwrap_or(1.0);
        (HOP_MS / speed) as u32
    }

    fn seek(&mut self, pos: usize) {
        self.view.hop = pos.min(self.len().saturating_sub(1));
    }

    /// Applies an action.
    pub fn apply(mut self, action: Action) -> AppState {
        let last = self.len().saturating_sub(1);
        match action {
            Action::Toggle => {
                if !self.playing && self.view.hop >= last {
                    self.view.hop = 0;
                }
                self.playing = !self.playing && !self.is_empty();
            }
            Action::Step(d) => {
                self.playing = false;
                let pos = self.view.hop.saturating_add_signed(d);
                self.seek(pos);
            }
            Action::Seek(p) => self.seek(p),
            Action::Home => {
                self.playing = false;
                self.view.hop = 0;
            }
            Action::End => {
                self.playing = false;
                self.view.hop = last;
            }
            Action::Faster => self.speed = (self.speed + 1).min(SPEEDS.len() - 1),
            Action::Slower => self.speed = self.speed.saturating_sub(1),
            Action::Tick => {
                if self.playing {
                    if self.view.hop < last {
                        self.view.hop += 1;
                    }
                    if self.view.hop >= last {
                        self.playing = false;
                    }
                }
            }
            Action::Scenario(s) => {
                let view = ViewState {
                    config: s.config(),
                    scenario: s,
                    hop: 0,
                    theme: self.view.theme,
                };
                return AppState {
                    speed: self.speed,
                    ..AppState::new(view, None)
                };
            }
            Action::Config(c) => {
                let view = ViewState {
                    config: c,
                    hop: 0,
                    ..self.view.clone()
                };
                return AppState {
                    speed: self.speed,
                    ..AppState::new(view, None)
                };
            }
            Action::Theme(t) => self.view.theme = t,
            Action::Restore(Ok(v)) => {
                if v != self.view {
                    return AppState {
                        speed: self.speed,
                        ..AppState::new(v, None)
                    };
                }
            }
            Action::Restore(Err(e)) => {
                let view = ViewState {
                    theme: self.view.theme,
                    ..ViewState::default()
                };
                return AppState {
                    speed: self.speed,
                    ..AppState::new(view, Some(refused(&e)))
                };
            }
            Action::Dismiss => self.notice = None,
        }
        self
    }
}

fn refused(reason: &str) -> String {
    format!("This link's view could not be restored ({reason}); showing the default view.")
}

impl Reducible for AppState {
    type Action = Action;
    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        Rc::new((*self).clone().apply(action))
    }
}

/// The action a key stands for, if any.
pub fn key_action(key: &str) -> Option<Action> {
    Some(match key {
        " " | "." => Action::Toggle,
        "ArrowRight" => Action::Step(1),
        "ArrowLeft" => Action::Step(-1),
        "Home" => Action::Home,
        "End" => Action::End,
        "+" | "=" => Action::Faster,
        "-" | "_" => Action::Slower,
        _ => return None,
    })
}

/// The app.
#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer(|| AppState::from_fragment(&browser::fragment()));
    let dispatch = {
        let d = state.dispatcher();
        Callback::from(move |a: Action| d.dispatch(a))
    };

    // The link and the theme follow the view.
    use_effect_with(state.view.clone(), |view| {
        browser::replace_fragment(&view.to_fragment());
        browser::set_theme(view.theme.id());
    });

    // Playback timer.
    {
        let d = state.dispatcher();
        let key = (state.playing, state.view.hop, state.hop_ms());
        use_effect_with(key, move |&(playing, _, ms)| {
            let guard = if playing {
                browser::after(ms, move || d.dispatch(Action::Tick))
            } else {
                None
            };
            move || drop(guard)
        });
    }

    // Keys and links opened in this tab.
    {
        let d = state.dispatcher();
        use_effect_with((), move |()| {
            let keys = {
                let d = d.clone();
                browser::on_key(move |e| {
                    if e.ctrl_key() || e.meta_key() || e.alt_key() {
                        return;
                    }
                    let tag = browser::target_tag(e);
                    let key = e.key();
                    if matches!(tag.as_str(), "INPUT" | "SELECT" | "TEXTAREA")
                        || (tag == "BUTTON" && matches!(key.as_str(), " " | "Enter"))
                    {
                        return;
                    }
                    if let Some(a) = key_action(&key) {
                        e.prevent_default();
                        d.dispatch(a);
                    }
                })
            };
            let links = browser::on_hashchange(move |f| {
                d.dispatch(Action::Restore(
                    ViewState::from_fragment(&f).map_err(|e| e.to_string()),
                ))
            });
            move || drop((keys, links))
        });
    }

    let label = config_label(&state.view.config);
    let motion = !browser::reduced_motion();
    let notice = state.notice.as_ref().map(|n| {
        let d = dispatch.clone();
        html! {
            <div class="notice" role="alert" id="notice">
                <p>{ n.clone() }</p>
                <button type="button" onclick={move |_| d.emit(Action::Dismiss)}>{ "Dismiss" }</button>
            </div>
        }
    });
    let pos = state.view.hop;
    let body = match (&state.layout, &state.run) {
        (Ok(l), Ok(run)) => {
            let hop = run.hops.get(pos);
            let active = hop.map(|h| crate::components::ActiveHop {
                from: h.from,
                to: h.to,
                pos,
                dur_ms: (state.hop_ms() * 4 / 5).min(700),
            });
            html! {
                <>
                    <div class="stage">
                        <div class="diagrams">
                            <TopologyView layout={Rc::clone(l)} label={label.clone()}
                                active={active} motion={motion} />
                            <SequenceView run={Rc::clone(run)} pos={pos} />
                        </div>
                        <Narration run={Rc::clone(run)} pos={pos} />
                    </div>
                    <Legend layout={Rc::clone(l)} />
                </>
            }
        }
        (Err(e), _) | (_, Err(e)) => html! { <ConfigErrorView message={e.clone()} /> },
    };
    html! {
        <>
            <Header config_label={label} />
            { for notice }
            <Controls view={state.view.clone()} on={dispatch.clone()} />
            <PlaybackBar pos={pos} len={state.len()} playing={state.playing}
                speed={state.speed} on={dispatch} />
            <main class="atlas">{ body }</main>
        </>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn playback_steps_and_stops_at_the_end() {
        let s = AppState::new(ViewState::default(), None);
        let n = s.len();
        assert!(n > 10);
        let s = s.apply(Action::End);
        assert_eq!(s.view.hop, n - 1);
        let s = s.apply(Action::Step(-3));
        assert_eq!(s.view.hop, n - 4);
        let s = s.apply(Action::Toggle);
        assert!(s.playing);
        let s = (0..10).fold(s, |s, _| s.apply(Action::Tick));
        assert_eq!(s.view.hop, n - 1);
        assert!(!s.playing);
        let s = s.apply(Action::Step(-1_000_000)).apply(Action::Slower);
        assert_eq!(s.view.hop, 0);
        assert_eq!(s.speed, DEFAULT_SPEED - 1);
    }

    #[test]
    fn a_bad_link_gives_the_default_view_and_a_notice() {
        let s = AppState::from_fragment("#v9;evil=<script>");
        assert_eq!(s.view, ViewState::default());
        assert!(s.notice.is_some());
        let s = AppState::from_fragment("#v1;sc=kubectl-run;hop=5");
        assert_eq!(s.view.hop, 4);
        assert!(s.notice.is_none());
        let s = s.apply(Action::Restore(Err("bad".into())));
        assert_eq!(s.view, ViewState::default());
        assert!(s.notice.as_deref().is_some_and(|n| n.contains("bad")));
    }

    #[test]
    fn dockershim_on_1_24_is_refused() {
        let s = AppState::new(ViewState::default(), None).apply(Action::Scenario(
            atlas_core::scenario::find("kubectl-run-dockershim").expect("scenario"),
        ));
        assert!(s.run.is_ok());
        let mut c = s.view.config;
        c.k8s = atlas_core::K8sVersion(24);
        let s = s.apply(Action::Config(c));
        assert!(s.run.is_err() && s.layout.is_err());
        assert!(s.is_empty());
    }
}
