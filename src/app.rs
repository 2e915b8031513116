//! The root component: the view state (configuration, scenario, hop, theme),
//! the run the core computes for it, playback, keys and the URL fragment.

use crate::browser;
use crate::components::{
    ActiveHop, CompareView, ConfigError as ConfigErrorView, Controls, ExportMenu, Header,
    Inspector, Legend, Narration, PanelTabs, PlaybackBar, ReplayPanel, SequenceView, StatePanel,
    TopologyView,
};
use crate::inspect::Inspect;
use crate::layout::{layout, layout_hops, Layout};
use crate::run::Run;
use crate::view::{Panel, Shipped, Theme, ViewState, DEFAULT_SPEED, SPEEDS};
use atlas_core::scenario::Scenario;
use atlas_core::{Config, Topology, TraceFile};
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

/// A run and its diagram, or why there is none.
pub type Shown = Result<(Rc<Run>, Rc<Layout>), String>;

/// A trace as read, its run and its diagram.
pub type Replayed = (Rc<TraceFile>, Rc<Run>, Rc<Layout>);

/// A trace file opened for replay. Two are equal when they share their trace.
#[derive(Debug, Clone)]
pub struct Replay {
    /// The file's name.
    pub name: String,
    /// The trace as read (its header says what made it), its run and diagram,
    /// or the reader's error with its line number.
    pub trace: Result<Replayed, String>,
}

impl PartialEq for Replay {
    fn eq(&self, o: &Replay) -> bool {
        self.name == o.name
            && match (&self.trace, &o.trace) {
                (Ok((t, _, _)), Ok((u, _, _))) => Rc::ptr_eq(t, u),
                (Err(a), Err(b)) => a == b,
                _ => false,
            }
    }
}

impl Replay {
    /// Reads a file's text.
    pub fn new(name: &str, text: &str) -> Replay {
        let trace = TraceFile::parse(text)
            .map_err(|e| e.to_string())
            .and_then(|t| {
                if t.hops.is_empty() {
                    return Err("the file holds no hop (no line with \"seq\")".to_string());
                }
                let run = Run::from_trace(&t, name);
                let layout = layout_hops(&run.hops);
                Ok((Rc::new(t), Rc::new(run), Rc::new(layout)))
            });
        Replay {
            name: name.to_string(),
            trace,
        }
    }
}

/// The run and diagram of a configuration running a scenario.
pub fn shown(config: Config, scenario: &Scenario) -> Shown {
    let run = Run::new(config, scenario)?;
    Ok((Rc::new(run), Rc::new(layout(&Topology::new(&config)))))
}

/// Everything the page shows.
#[derive(Debug, Clone, PartialEq)]
pub struct AppState {
    /// What a link restores.
    pub view: ViewState,
    /// The run of the scenario under the configuration, or why there is none.
    pub run: Result<Rc<Run>, String>,
    /// The topology diagram, or why there is none.
    pub layout: Result<Rc<Layout>, String>,
    /// Compare mode's second configuration running the scenario (compare panel only).
    pub other: Option<Rc<Shown>>,
    /// The OCI inspector's document (inspector panel only).
    pub inspect: Option<Rc<Inspect>>,
    /// The trace file being replayed, if one was opened.
    pub replay: Option<Rc<Replay>>,
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
    Restore(Result<(ViewState, Option<String>), String>),
    /// Dismiss the notice.
    Dismiss,
    /// Open a panel.
    Panel(Panel),
    /// Inspect a sample.
    Sample(Shipped),
    /// Inspect a text (pasted or typed, or a broken sample): name and text.
    Inspect(String, Rc<str>),
    /// Inspect a file's bytes: name and bytes.
    InspectFile(String, Rc<[u8]>),
    /// A file over the inspector's limit: name and size.
    InspectTooLarge(String, u64),
    /// The inspector module's answer for the text shown (the same `Rc`):
    /// an inspection as JSON, or why there is none.
    Inspected(Rc<str>, Result<String, String>),
    /// Ask the inspector module again after it failed.
    RetryInspect,
    /// Show a notice.
    Notice(String),
    /// Replay a trace file's text: name and text.
    Replay(String, Rc<str>),
    /// Change compare mode's second configuration.
    Compare(Config),
    /// Select an object in the state panel.
    Select(String),
}

impl AppState {
    /// The state for a view; `notice` is shown above it.
    pub fn new(view: ViewState, notice: Option<String>) -> AppState {
        AppState::with(view, notice, None, None)
    }

    /// The state for a view, keeping an inspected document and a replayed trace.
    fn with(
        view: ViewState,
        notice: Option<String>,
        inspect: Option<Rc<Inspect>>,
        replay: Option<Rc<Replay>>,
    ) -> AppState {
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
            other: None,
            inspect,
            replay,
            playing: false,
            speed: DEFAULT_SPEED,
            notice,
        };
        s.refresh_panel();
        // A link's hop into an inspected plan is kept until the inspector
        // module has answered (see `Action::Inspected`).
        if !s.waiting() {
            s.seek(s.view.hop);
        }
        s
    }

    /// Computes what the open panel needs and the view does not have yet.
    fn refresh_panel(&mut self) {
        let v = &self.view;
        match v.panel {
            Panel::Compare => {
                self.other = Some(Rc::new(shown(v.compare, v.scenario)));
            }
            Panel::Inspector => {
                let oci = v.config.oci;
                let inspect = match (v.sample, self.inspect.take()) {
                    // The reader's own file of the same name is not the sample.
                    (Some(s), Some(i)) if i.name == s.file() && *i.text == *s.text() => {
                        let mut i = (*i).clone();
                        i.replan(oci);
                        i
                    }
                    (Some(s), _) => Inspect::text(s.file(), s.text(), oci),
                    (None, Some(i)) => {
                        let mut i = (*i).clone();
                        i.replan(oci);
                        i
                    }
                    (None, None) => Inspect::text("pasted", "", oci),
                };
                self.inspect = Some(Rc::new(inspect));
            }
            Panel::None | Panel::State | Panel::Replay => {}
        }
    }

    /// The state a fragment asks for: the default view with a notice when it is refused.
    pub fn from_fragment(fragment: &str) -> AppState {
        match ViewState::parse(fragment) {
            Ok((v, notice)) => AppState::new(v, notice),
            Err(e) => AppState::new(ViewState::default(), Some(refused(&e.to_string()))),
        }
    }

    /// The run the playback bar moves through, with its diagram: the
    /// scenario's, the inspected config's plan or the replayed trace.
    pub fn shown(&self) -> Option<(Rc<Run>, Rc<Layout>)> {
        match self.view.panel {
            Panel::Inspector => match self.inspect.as_ref()?.plan.as_ref()? {
                Ok((r, l)) => Some((Rc::clone(r), Rc::clone(l))),
                Err(_) => None,
            },
            Panel::Replay => match &self.replay.as_ref()?.trace {
                Ok((_, r, l)) => Some((Rc::clone(r), Rc::clone(l))),
                Err(_) => None,
            },
            Panel::None | Panel::State | Panel::Compare => match (&self.run, &self.layout) {
                (Ok(r), Ok(l)) => Some((Rc::clone(r), Rc::clone(l))),
                _ => None,
            },
        }
    }

    /// Number of hops the playback bar moves through (0 when there is no run);
    /// in compare mode, the longer of the two runs.
    pub fn len(&self) -> usize {
        let main = self.shown().map(|(r, _)| r.len()).unwrap_or(0);
        match (&self.view.panel, self.other.as_deref()) {
            (Panel::Compare, Some(Ok((r, _)))) => main.max(r.len()),
            _ => main,
        }
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

    /// Whether the inspector panel awaits the inspector module's answer.
    pub fn waiting(&self) -> bool {
        self.view.panel == Panel::Inspector && self.inspect.as_ref().is_some_and(|i| i.is_waiting())
    }

    fn seek(&mut self, pos: usize) {
        self.view.hop = pos.min(self.len().saturating_sub(1));
    }

    /// Applies an action.
    pub fn apply(mut self, action: Action) -> AppState {
        let last = self.len().saturating_sub(1);
        let playback = matches!(
            action,
            Action::Toggle
                | Action::Step(_)
                | Action::Seek(_)
                | Action::Home
                | Action::End
                | Action::Tick
        );
        if playback && self.waiting() {
            // Nothing to play yet; a link's hop stays as it is.
            return self;
        }
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
                let keep_other = self.view.compare;
                let view = ViewState {
                    config: s.config(),
                    scenario: s,
                    hop: 0,
                    object: None,
                    compare: if self.view.panel == Panel::Compare {
                        keep_other
                    } else {
                        crate::view::default_compare(s.config())
                    },
                    ..self.view.clone()
                };
                return self.next(view, None);
            }
            Action::Config(c) => {
                let panel = self.view.panel;
                let view = ViewState {
                    config: c,
                    hop: if matches!(panel, Panel::Inspector | Panel::Replay) {
                        self.view.hop
                    } else {
                        0
                    },
                    object: None,
                    compare: if panel == Panel::Compare {
                        self.view.compare
                    } else {
                        crate::view::default_compare(c)
                    },
                    ..self.view.clone()
                };
                return self.next(view, None);
            }
            Action::Theme(t) => self.view.theme = t,
            Action::Restore(Ok((v, notice))) => {
                if v != self.view || notice.is_some() {
                    return self.next(v, notice);
                }
            }
            Action::Restore(Err(e)) => {
                let view = ViewState {
                    theme: self.view.theme,
                    ..ViewState::default()
                };
                return self.next(view, Some(refused(&e)));
            }
            Action::Dismiss => self.notice = None,
            Action::Panel(p) => {
                if p != self.view.panel {
                    let scenario_run =
                        |p: Panel| matches!(p, Panel::None | Panel::State | Panel::Compare);
                    let keep_hop = scenario_run(p) && scenario_run(self.view.panel);
                    let mut view = ViewState {
                        panel: p,
                        hop: if keep_hop { self.view.hop } else { 0 },
                        object: None,
                        ..self.view.clone()
                    };
                    if p == Panel::Inspector && self.inspect.is_none() {
                        view.sample = atlas_core::oci::samples::SAMPLES
                            .first()
                            .map(Shipped::Sample);
                    }
                    if p != Panel::Inspector {
                        view.sample = None;
                    }
                    return self.next(view, None);
                }
            }
            Action::Sample(sample) => {
                let view = ViewState {
                    sample: Some(sample),
                    hop: 0,
                    ..self.view.clone()
                };
                self.inspect = None;
                return self.next(view, None);
            }
            Action::Inspect(name, text) => {
                self.inspect = Some(Rc::new(Inspect::text(&name, &text, self.view.config.oci)));
                return self.after_inspect();
            }
            Action::InspectFile(name, bytes) => {
                self.inspect = Some(Rc::new(Inspect::bytes(&name, bytes, self.view.config.oci)));
                return self.after_inspect();
            }
            Action::InspectTooLarge(name, len) => {
                self.inspect = Some(Rc::new(Inspect::too_large(
                    &name,
                    len,
                    self.view.config.oci,
                )));
                return self.after_inspect();
            }
            Action::Inspected(text, answer) => {
                let Some(i) = &self.inspect else { return self };
                if !Rc::ptr_eq(&i.text, &text) || !i.is_waiting() {
                    // An answer for a text since replaced.
                    return self;
                }
                let mut i = (**i).clone();
                i.answer(answer, self.view.config.oci);
                // A failure keeps the link's hop for a successful retry.
                let ready = i.report().is_some();
                self.inspect = Some(Rc::new(i));
                if ready {
                    self.seek(self.view.hop);
                }
            }
            Action::RetryInspect => {
                if let Some(i) = &self.inspect {
                    let mut i = (**i).clone();
                    if i.retry() {
                        self.inspect = Some(Rc::new(i));
                    }
                }
            }
            Action::Notice(n) => self.notice = Some(n),
            Action::Replay(name, text) => {
                self.replay = Some(Rc::new(Replay::new(&name, &text)));
                self.playing = false;
                self.view.hop = 0;
            }
            Action::Compare(c) => {
                let view = ViewState {
                    compare: c,
                    ..self.view.clone()
                };
                return self.next(view, None);
            }
            Action::Select(o) => self.view.object = Some(o),
        }
        self
    }

    /// The state for another view, keeping the speed, the inspected document
    /// and the replayed trace.
    fn next(self, view: ViewState, notice: Option<String>) -> AppState {
        AppState {
            speed: self.speed,
            ..AppState::with(view, notice, self.inspect, self.replay)
        }
    }

    fn after_inspect(mut self) -> AppState {
        self.view.sample = None;
        self.view.hop = 0;
        self.playing = false;
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

/// Props of [`App`].
#[derive(Properties, PartialEq, Default)]
pub struct AppProps {
    /// The fragment to start from instead of the page's (for server-side renders).
    #[prop_or_default]
    pub fragment: Option<AttrValue>,
}

/// The app. In the browser, a link to the topology (no panel, or the state
/// panel) is drawn in two frames: first the header and the topology alone,
/// which need neither the run (the simulation of the scenario) nor the other
/// components (whose code the browser compiles on first use); then, once that
/// frame is painted, the whole page. The server-side render has no paint to
/// wait for and draws the whole page at once.
#[function_component(App)]
pub fn app(props: &AppProps) -> Html {
    let fragment = props.fragment.clone();
    let first = use_state(move || {
        let fragment = fragment
            .map(|f| f.to_string())
            .unwrap_or_else(browser::fragment);
        cfg!(target_arch = "wasm32")
            .then(|| first_paint(&fragment))
            .flatten()
    });
    {
        let first = first.clone();
        use_effect_with((), move |()| {
            // The link's theme from the first frame on (effects run before the paint).
            let theme = first.as_ref().map(|(theme, _, _)| *theme);
            let guard = theme.and_then(|theme| {
                browser::set_theme(theme.id());
                browser::after_paint(move || first.set(None))
            });
            move || drop(guard)
        });
    }
    match &*first {
        Some((_, config, l)) => html! {
            <>
                <Header config_label={config_label(config)} />
                <main class="atlas panel-none" id="panel">
                    <div class="stage">
                        <div class="diagrams">
                            <TopologyView layout={Rc::clone(l)} label={config_label(config)} />
                        </div>
                    </div>
                </main>
            </>
        },
        None => html! { <Atlas fragment={props.fragment.clone()} /> },
    }
}

/// What the first frame draws for a link: its theme and its configuration's
/// topology, when the link shows the scenario's topology (no panel, or the
/// state panel) and the configuration can exist.
fn first_paint(fragment: &str) -> Option<(Theme, Config, Rc<Layout>)> {
    let view = match ViewState::parse(fragment) {
        Ok((v, _)) => v,
        Err(_) => ViewState::default(),
    };
    if !matches!(view.panel, Panel::None | Panel::State) {
        return None;
    }
    view.config.check().ok()?;
    Some((
        view.theme,
        view.config,
        Rc::new(layout(&Topology::new(&view.config))),
    ))
}

/// The whole page.
#[function_component(Atlas)]
fn atlas(props: &AppProps) -> Html {
    let start = props.fragment.clone();
    let state = use_reducer(move || {
        AppState::from_fragment(
            &start
                .map(|f| f.to_string())
                .unwrap_or_else(browser::fragment),
        )
    });
    // One callback for the page's life: children whose other props did not
    // change are not redrawn at each hop.
    let dispatch = {
        let d = state.dispatcher();
        (*use_memo((), move |()| Callback::from(move |a: Action| d.dispatch(a)))).clone()
    };

    // The link and the theme follow the view; the page remembers the last good link.
    use_effect_with(state.view.clone(), |view| {
        let f = view.to_fragment();
        browser::replace_fragment(&f);
        browser::set_theme(view.theme.id());
        crate::panic::remember(&f);
    });

    // The inspector module's answer, when the inspector awaits one.
    {
        let d = state.dispatcher();
        let request = state
            .inspect
            .as_ref()
            .filter(|_| state.view.panel == Panel::Inspector)
            .and_then(|i| i.request());
        use_effect_with(request, move |request| {
            if let Some(request) = request.clone() {
                let text = Rc::clone(&request.text);
                browser::inspect(request, move |answer| {
                    d.dispatch(Action::Inspected(text, answer))
                });
            }
        });
    }

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
                    ViewState::parse(&f).map_err(|e| e.to_string()),
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
    let dur_ms = (state.hop_ms() * 4 / 5).min(700);
    let panel = state.view.panel;
    let side_first = panel == Panel::State;
    let stage = |run: &Rc<Run>, l: &Rc<Layout>, label: &str, side: Html| {
        let active = run.hops.get(pos).map(|h| ActiveHop {
            from: h.from,
            to: h.to,
            pos,
            dur_ms,
        });
        html! {
            <>
                <div class="stage">
                    <div class="diagrams">
                        if side_first { { side.clone() } }
                        <TopologyView layout={Rc::clone(l)} label={label.to_string()}
                            active={active} motion={motion} />
                        if !side_first { { side } }
                    </div>
                    <Narration run={Rc::clone(run)} pos={pos} />
                </div>
                <Legend layout={Rc::clone(l)} />
            </>
        }
    };
    let body = match panel {
        Panel::None | Panel::State => match (&state.layout, &state.run) {
            (Ok(l), Ok(run)) => {
                let side = if panel == Panel::State {
                    html! { <StatePanel run={Rc::clone(run)} pos={pos}
                    object={state.view.object.clone()} on={dispatch.clone()} /> }
                } else {
                    html! { <SequenceView run={Rc::clone(run)} pos={pos} /> }
                };
                stage(run, l, &label, side)
            }
            (Err(e), _) | (_, Err(e)) => html! { <ConfigErrorView message={e.clone()} /> },
        },
        Panel::Compare => {
            let left: Shown = match (&state.run, &state.layout) {
                (Ok(r), Ok(l)) => Ok((Rc::clone(r), Rc::clone(l))),
                (Err(e), _) | (_, Err(e)) => Err(e.clone()),
            };
            let right = state
                .other
                .as_deref()
                .cloned()
                .unwrap_or_else(|| Err("no second configuration".to_string()));
            html! {
                <CompareView left={Rc::new(left)} right={Rc::new(right)}
                    left_config={state.view.config} right_config={state.view.compare}
                    pos={pos} motion={motion} dur_ms={dur_ms} on={dispatch.clone()} />
            }
        }
        Panel::Inspector => {
            let plan = state.shown().map(|(run, l)| {
                let label = format!("the plan of {}", state.view.config.oci.id());
                let side = html! { <SequenceView run={Rc::clone(&run)} pos={pos} /> };
                stage(&run, &l, &label, side)
            });
            match &state.inspect {
                Some(i) => html! {
                    <>
                        <Inspector inspect={Rc::clone(i)} sample={state.view.sample}
                            oci={state.view.config.oci} on={dispatch.clone()} />
                        { for plan }
                    </>
                },
                None => html! {},
            }
        }
        Panel::Replay => {
            let shown = state.shown().map(|(run, l)| {
                let side = html! { <SequenceView run={Rc::clone(&run)} pos={pos} /> };
                stage(&run, &l, "the replayed trace", side)
            });
            html! {
                <>
                    <ReplayPanel replay={state.replay.clone()} on={dispatch.clone()} />
                    { for shown }
                </>
            }
        }
    };
    let export = state.shown().map(|(run, _)| (run, trace_header(&state)));
    html! {
        <>
            <Header config_label={label} />
            { for notice }
            <Controls view={state.view.clone()} on={dispatch.clone()} />
            <div class="tabs-row">
                <PanelTabs panel={panel} on={dispatch.clone()} />
                <ExportMenu trace={export} name={export_name(&state.view)} />
            </div>
            <PlaybackBar pos={pos} len={state.len()} playing={state.playing}
                speed={state.speed} on={dispatch} />
            <main class={classes!("atlas", format!("panel-{}", panel.id()))} id="panel"
                aria-label={panel.label()}>{ body }</main>
        </>
    }
}

/// The header line of an exported trace: the configuration and what made it,
/// from the core's one header function (as `atlas sim` and `atlas oci plan`
/// write it); a replayed trace keeps its own header.
pub fn trace_header(state: &AppState) -> atlas_core::trace::Header {
    use atlas_core::trace::{Header, MadeUnder};
    let v = &state.view;
    let c = v.config;
    match v.panel {
        Panel::Inspector => Header::new(
            MadeUnder::Plan {
                oci: c.oci.id(),
                runtime: None,
                cgroup: atlas_core::oci::CgroupVersion::default().id(),
            },
            format!(
                "atlas oci plan {} --runtime {}",
                state
                    .inspect
                    .as_ref()
                    .map(|i| i.name.as_str())
                    .unwrap_or("config.json"),
                c.oci.id()
            ),
        ),
        Panel::Replay => state
            .replay
            .as_ref()
            .and_then(|r| r.trace.as_ref().ok())
            .and_then(|(t, _, _)| t.header.clone())
            .unwrap_or(Header {
                trace: 1,
                config: serde_json::Value::Null,
                command: String::new(),
            }),
        _ => Header::new(MadeUnder::Node(&c), v.scenario.trace_command()),
    }
}

/// The base name of exported files, e.g. `runtime-atlas-kubectl-run-hop-42`.
pub fn export_name(v: &ViewState) -> AttrValue {
    let what = match v.panel {
        Panel::Inspector => "oci-plan",
        Panel::Replay => "replay",
        _ => v.scenario.name,
    };
    format!("runtime-atlas-{what}-hop-{}", v.hop + 1).into()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inspect::Findings;
    use atlas_core::oci::inspection::inspect;

    /// The state a link to a sample's plan gives in the browser before the
    /// inspector module has answered (built as the browser builds it: the
    /// view's sample with a document still waiting).
    fn waiting(fragment: &str) -> AppState {
        let s = AppState::from_fragment(fragment);
        let mut i = (**s.inspect.as_ref().unwrap()).clone();
        i.findings = Findings::Waiting;
        i.plan = None;
        AppState::with(s.view, None, Some(Rc::new(i)), None)
    }

    #[test]
    fn a_link_into_a_plan_keeps_its_hop_until_the_inspector_answers() {
        let linked = "#v1;p=inspector;ins=limited;hop=5";
        let s = waiting(linked);
        assert!(s.waiting());
        assert_eq!(s.view.hop, 4, "the link's hop is kept while waiting");
        for a in [
            Action::Step(1),
            Action::End,
            Action::Toggle,
            Action::Seek(0),
        ] {
            let t = s.clone().apply(a.clone());
            assert_eq!((t.view.hop, t.playing), (4, false), "{a:?} while waiting");
        }
        let text = Rc::clone(&s.inspect.as_ref().unwrap().text);
        // An answer for another text (since replaced) changes nothing.
        let answer = inspect(&text).to_json();
        let other = s
            .clone()
            .apply(Action::Inspected(Rc::from("{}"), Ok(answer.clone())));
        assert!(other.waiting());
        let s = s.apply(Action::Inspected(text, Ok(answer)));
        assert!(!s.waiting());
        assert_eq!(s.view.hop, 4);
        assert_eq!(s.len(), AppState::from_fragment(linked).len());
        assert!(s.len() > 20);
    }

    #[test]
    fn an_inspector_that_cannot_answer_says_why_and_plays_nothing() {
        let s = waiting("#v1;p=inspector;ins=limited;hop=5");
        let text = Rc::clone(&s.inspect.as_ref().unwrap().text);
        let s = s.apply(Action::Inspected(
            text,
            Err("the inspector module could not be loaded (404)".to_string()),
        ));
        let i = s.inspect.as_ref().unwrap();
        assert!(matches!(&i.findings, Findings::Failed(why) if why.contains("404")));
        assert!(i.plan.is_none() && !i.is_blank());
        assert_eq!(
            (s.len(), s.view.hop),
            (0, 4),
            "the link's hop waits for a retry"
        );
        let s = s.apply(Action::RetryInspect);
        assert!(s.waiting());
        let text = Rc::clone(&s.inspect.as_ref().unwrap().text);
        let s = s.apply(Action::Inspected(
            Rc::clone(&text),
            Ok(inspect(&text).to_json()),
        ));
        assert_eq!(s.view.hop, 4, "a successful retry lands on the link's hop");
    }

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
    fn the_first_frame_draws_the_links_topology_only_when_the_link_shows_it() {
        let (theme, config, l) = first_paint("#v1;sc=kubectl-run;theme=dark").expect("drawn");
        assert_eq!((theme, config), (Theme::Dark, Config::default()));
        assert_eq!(*l, layout(&Topology::new(&config)));
        assert!(first_paint("").is_some(), "the default view");
        assert!(first_paint("#v9;evil=<script>").is_some(), "a refused link");
        assert!(first_paint("#v1;p=state").is_some());
        // Other panels draw another diagram (a plan, a trace, two configurations).
        for p in ["inspector", "replay", "compare"] {
            assert!(first_paint(&format!("#v1;p={p}")).is_none(), "{p}");
        }
        // A configuration that cannot exist has no topology to draw.
        assert!(first_paint("#v1;k=1.24;rt=dockershim;sc=kubectl-run-dockershim").is_none());
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
