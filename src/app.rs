//! The root component and the page: the first frame (the link's topology
//! alone), then the whole page laid out from the state ([`crate::state`]),
//! with the browser effects that feed the reducer (the link, the timer,
//! keys, the inspector module). Markup and wiring only: every decision is
//! the state's or the core's.

use crate::browser;
use crate::components::{
    config_error, controls, embed_button, embed_dialog, engine_status, export_menu, glossary_card,
    header, narration, panel_tabs, playback_bar, shortcuts, tour, where_am_i, ActiveHop,
    CompareView, ControlsProps, DrillPanel, EmbedUi, ExportMenuProps, Fit, Inspector,
    PlaybackBarProps, QuizPanel, ReplayPanel, SequenceView, StatePanel, Terminal, Timeline,
    TopologyView,
};
use crate::i18n::Tr;
use crate::layout::{layout, Layout};
use crate::link::{Mode, Panel, Show, Theme, ViewState};
use crate::run::Run;
use crate::state::drill::DrillAction;
use crate::state::export::{export_name, trace_export, Caption};
use crate::state::learn::{tour_for, Learn, LearnAction, TOUR};
use crate::state::term::{Term, TermAction};
use crate::state::{key_use, Action, AppState, InspectorInput, KeyUse, Playback, Ran, Side};
use atlas_core::glossary::TermId;
use atlas_core::scenario::Scenario;
use atlas_core::{msg, Catalog, Config, Lang, Msg, Topology};
use std::rc::Rc;
use yew::prelude::*;

/// The narrow callbacks the page hands its components, made once for the
/// page's life: children whose other props did not change are not redrawn
/// at each hop.
#[derive(Clone, PartialEq)]
struct Senders {
    play: Callback<Playback>,
    scenario: Callback<&'static Scenario>,
    config: Callback<Config>,
    theme: Callback<Theme>,
    panel: Callback<Panel>,
    compare: Callback<Config>,
    inspector: Callback<InspectorInput>,
    replay: Callback<(String, Rc<str>)>,
    select: Callback<String>,
    notice: Callback<Msg>,
    dismiss: Callback<()>,
    lang: Callback<Lang>,
    open: Callback<(Config, &'static Scenario)>,
    retry_engine: Callback<()>,
    term: Callback<TermAction>,
    drill: Callback<DrillAction>,
    action: Callback<Action>,
}

/// A callback that sends what it is given as an action.
fn sender<T: 'static>(d: &UseReducerDispatcher<AppState>, f: fn(T) -> Action) -> Callback<T> {
    let d = d.clone();
    Callback::from(move |x| d.dispatch(f(x)))
}

impl Senders {
    fn new(d: UseReducerDispatcher<AppState>) -> Senders {
        Senders {
            play: sender(&d, Action::Play),
            scenario: sender(&d, Action::Scenario),
            config: sender(&d, Action::Config),
            theme: sender(&d, Action::Theme),
            panel: sender(&d, Action::Panel),
            compare: sender(&d, Action::Compare),
            inspector: sender(&d, Action::Inspector),
            replay: sender(&d, |(name, text)| Action::Replay(name, text)),
            select: sender(&d, Action::Select),
            notice: sender(&d, Action::Notice),
            dismiss: sender(&d, |()| Action::Dismiss),
            lang: sender(&d, Action::Lang),
            open: sender(&d, |(c, s)| Action::Open(c, s)),
            retry_engine: sender(&d, |()| Action::RetryEngine),
            term: sender(&d, Action::Term),
            drill: sender(&d, Action::Drill),
            action: sender(&d, |a| a),
        }
    }
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
                browser::set_root("data-theme", theme.id());
                browser::after_paint(move || first.set(None))
            });
            move || drop(guard)
        });
    }
    match &*first {
        Some((_, config, l)) => html! {
            <>
                { header(Tr::english().msg(&config.label_msg()), &Tr::english(), None, None) }
                <main class="atlas panel-none" id="panel">
                    <div class="stage">
                        <div class="diagrams">
                            <TopologyView layout={Rc::clone(l)} label={Tr::english().msg(&config.label_msg())}
                                config={Some(*config)} />
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
/// state panel) and the configuration can exist; for the default view, only
/// what its run (which the app carries) uses, as the page will draw it.
fn first_paint(fragment: &str) -> Option<(Theme, Config, Rc<Layout>)> {
    let view = match ViewState::parse(fragment) {
        Ok((v, _)) => v,
        Err(_) => ViewState::default(),
    };
    // An embed and presenter mode draw their own page at once.
    if !matches!(view.panel, Panel::None | Panel::State) || view.embed || view.mode != Mode::Page {
        return None;
    }
    view.config.check().ok()?;
    let drawn = Run::is_default_view(view.config, view.scenario)
        .then(Run::default_view)
        .and_then(Result::ok)
        .map_or_else(
            || layout(&Topology::new(&view.config)),
            |run| crate::layout::layout_hops(&run.hops),
        );
    Some((view.theme, view.config, Rc::new(drawn)))
}

/// The whole page.
#[function_component(Atlas)]
fn atlas(props: &AppProps) -> Html {
    let start = props.fragment.clone();
    let state = use_reducer(move || {
        let mut s = AppState::from_fragment(
            &start
                .map(|f| f.to_string())
                .unwrap_or_else(browser::fragment),
        );
        // Without `lang=` in the link, the browser's languages decide.
        if s.view.lang.is_none() {
            let langs = browser::languages();
            s.view.lang = Some(Lang::preferred(langs.iter().map(String::as_str)));
        }
        s
    });
    let send = {
        let d = state.dispatcher();
        (*use_memo((), move |()| Senders::new(d))).clone()
    };
    // The glossary card, the shortcuts and the tour (not in the link).
    let learn = use_reducer(Learn::default);
    let on_learn = {
        let d = learn.dispatcher();
        (*use_memo((), move |()| Callback::from(move |a| d.dispatch(a)))).clone()
    };
    // The tour, on a first visit to the bare page only (never for a link
    // to a view, nor in a server-side render, which runs no effects).
    let bare = *use_state(|| props.fragment.is_none() && tour_for(&browser::fragment()));
    {
        let d = learn.dispatcher();
        use_effect_with((), move |()| {
            if bare && !browser::tour_seen() {
                browser::set_tour_seen();
                d.dispatch(LearnAction::Tour);
            }
            // A glossary term clicked anywhere opens its entry.
            let terms = browser::on_term_click(move |id| {
                if let Some(t) = TermId::from_id(&id) {
                    d.dispatch(LearnAction::Term(t));
                }
            });
            move || drop(terms)
        });
    }

    // The link and the theme follow the view; the page remembers the last good link.
    use_effect_with(state.view.clone(), |view| {
        let f = view.to_fragment();
        browser::replace_fragment(&f);
        browser::set_root("data-theme", view.theme.id());
        crate::panic::remember(&f);
    });

    // An embed marks the page (its CSS) and, in a `<runtime-atlas>`
    // element's frame, posts its height to the host once drawn.
    use_effect_with(state.view.embed, |&embed| {
        if browser::set_embed(embed) {
            browser::follow_height();
        }
    });
    crate::present::use_present(&state);
    // The Embed dialog (not in the link); the focus goes into it when it opens.
    let embed_ui = use_state(EmbedUi::default);
    use_effect_with(embed_ui.open, |&open| {
        if open {
            browser::focus("#embed-close");
        }
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

    // The Korean catalog, fetched the first time Korean is asked for.
    {
        let d = state.dispatcher();
        let wants = state.wants_korean();
        use_effect_with(wants, move |&wants| {
            if wants {
                browser::fetch_text("i18n/ko.ftl", move |answer| {
                    let read = answer.and_then(|text| {
                        Catalog::parse(Lang::Ko, &text)
                            .map(Tr::new)
                            .map_err(|e| e.to_string())
                    });
                    d.dispatch(Action::Korean(read));
                });
            }
        });
    }

    // The engine module's runs, when the panel awaits one (both sides'
    // in compare mode).
    {
        let d = state.dispatcher();
        use_effect_with(state.engine_requests(), move |requests| {
            for ask in &requests.0 {
                let d = d.clone();
                let asked = Rc::clone(ask);
                browser::play(ask, move |answer| d.dispatch(Action::Played(asked, answer)));
            }
        });
    }

    // Playback timer.
    {
        let d = state.dispatcher();
        let key = (state.playing, state.view.hop, state.hop_ms());
        use_effect_with(key, move |&(playing, _, ms)| {
            let guard = if playing {
                browser::after(ms, move || d.dispatch(Action::Play(Playback::Tick)))
            } else {
                None
            };
            move || drop(guard)
        });
    }

    // The focus goes to what opened last (the shortcuts' heading, the
    // glossary card's, the tour's Next); the tour's step is measured now,
    // once late layout has settled, and whenever the window changes.
    {
        let d = learn.dispatcher();
        let key = (learn.keys, learn.card, learn.tour);
        use_effect_with(key, move |&(keys, card, step)| {
            if keys {
                browser::focus("#shortcuts-heading");
            } else if card.is_some() {
                browser::focus("#glossary-heading");
            } else if step.is_some() {
                browser::focus("#tour-next");
            }
            let target = step.and_then(|at| TOUR.get(at)).map(|s| s.target);
            let measure = move || {
                if let Some(t) = target {
                    d.dispatch(LearnAction::Placed(browser::place(t)));
                }
            };
            measure();
            let guards = target.map(|_| {
                (
                    browser::after(400, measure.clone()),
                    browser::on_resize(measure),
                )
            });
            move || drop(guards)
        });
    }

    // Keys and links opened in this tab (an embed's: only while its frame
    // has the focus, as its window hears them).
    let mode = use_mut_ref(|| (Mode::Page, false));
    *mode.borrow_mut() = (state.view.mode, state.view.embed);
    {
        let d = state.dispatcher();
        let learn = learn.dispatcher();
        let mode = mode.clone();
        use_effect_with((), move |()| {
            let keys = {
                let d = d.clone();
                browser::on_key(move |e| {
                    if e.ctrl_key() || e.meta_key() || e.alt_key() {
                        return;
                    }
                    let tag = browser::target_tag(e);
                    let key = e.key();
                    let (mode, embed) = *mode.borrow();
                    if mode == Mode::Present {
                        if let Some(a) = crate::present::key(&key, &tag) {
                            e.prevent_default();
                            d.dispatch(a);
                        }
                        return;
                    }
                    // Escape closes the shortcuts, the glossary or the tour, from anywhere.
                    if key == "Escape" {
                        learn.dispatch(LearnAction::Escape);
                    }
                    if key == "?" && !embed && !matches!(tag.as_str(), "INPUT" | "TEXTAREA") {
                        e.prevent_default();
                        learn.dispatch(LearnAction::Keys);
                        return;
                    }
                    match key_use(&key, &tag) {
                        Some(KeyUse::Play(p)) => {
                            e.prevent_default();
                            d.dispatch(Action::Play(p));
                        }
                        Some(KeyUse::Leave) => browser::blur_target(e),
                        None => {}
                    }
                })
            };
            let links = browser::on_hashchange(move |f| {
                d.dispatch(Action::Restore(ViewState::parse(&f).map_err(|e| e.0)))
            });
            move || drop((keys, links))
        });
    }

    let tr = state.tr();
    crate::i18n::remember(&tr);
    // The page's language is the one shown: a screen reader picks its voice by it.
    use_effect_with(tr.lang(), |lang| browser::set_root("lang", lang.id()));
    if state.view.mode == Mode::Present {
        return html! {
            <ContextProvider<Tr> context={tr.clone()}>
                { crate::present::page(&state, &send.action, &tr) }
            </ContextProvider<Tr>>
        };
    }
    // An embed draws the diagram, what `show` asks for and a compact bar.
    let (embed, show) = (state.view.embed, state.view.show);
    let (fit, range) = if embed {
        (Fit::Embed, state.view.range)
    } else {
        (Fit::Page, None)
    };
    let cut = embed.then_some(show);
    let label = tr.msg(&state.view.config.label_msg());
    let motion = !browser::reduced_motion();
    let notice = state.notice.as_ref().map(|n| {
        let dismiss = send.dismiss.reform(|_: MouseEvent| ());
        html! {
            <div class="notice" role="alert" id="notice">
                <p>{ tr.msg(n) }</p>
                <button type="button" onclick={dismiss}>{ tr.t("app-dismiss") }</button>
            </div>
        }
    });
    let pos = state.view.hop;
    let dur_ms = (state.hop_ms() * 4 / 5).min(700);
    let panel = state.view.panel;
    let side_first = panel == Panel::State;
    let stage = |run: &Rc<Run>, l: &Rc<Layout>, label: &str, side: Html| {
        let side = if cut.is_some_and(|s| !s.has(Show::SEQ)) && !side_first {
            html! {}
        } else {
            side
        };
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
                            active={active} motion={motion} run={Some(Rc::clone(run))} pos={pos}
                            fit={fit} range={range} />
                        if !side_first { { side } }
                    </div>
                    { narration(run, pos, &tr, cut) }
                </div>
            </>
        }
    };
    // The terminal's run beside it, or the node's diagram before any command.
    let term_stage = |t: &Rc<Term>| match (&t.layout, state.shown()) {
        (Err(e), _) => config_error(e, false, &tr),
        (Ok(_), Some((run, l))) => {
            let side = html! { <SequenceView run={Rc::clone(&run)} pos={pos}
            steps={state.calls.clone()} on={send.play.clone()} /> };
            stage(&run, &l, &label, side)
        }
        (Ok(l), None) => html! {
            <div class="stage">
                <div class="diagrams">
                    <TopologyView layout={Rc::clone(l)} label={label.clone()}
                        config={Some(state.view.config)} fit={fit} />
                </div>
            </div>
        },
    };
    let term_body = |t: &Rc<Term>| {
        html! {
            <>
                <Terminal term={Rc::clone(t)} clock={t.clock_at(pos)} on={send.term.clone()} />
                { term_stage(t) }
            </>
        }
    };
    let body = match panel {
        Panel::None | Panel::State => match (&state.layout, &state.run) {
            (Ok(l), Ran::Ready(run)) => {
                let side = if panel == Panel::State {
                    html! { <StatePanel run={Rc::clone(run)} pos={pos}
                    object={state.view.object.clone()} config={state.view.config}
                    on_select={send.select.clone()} /> }
                } else {
                    html! { <SequenceView run={Rc::clone(run)} pos={pos}
                    steps={state.calls.clone()} on={send.play.clone()} /> }
                };
                stage(run, l, &label, side)
            }
            (Err(e), _) => config_error(e, false, &tr),
            (Ok(_), Ran::Refused(e)) => config_error(e, true, &tr),
            // The diagram at once; the run once the engine module answers.
            (Ok(l), ran) => html! {
                <div class="stage">
                    <div class="diagrams">
                        <TopologyView layout={Rc::clone(l)} label={label.clone()}
                            config={Some(state.view.config)} fit={fit} />
                    </div>
                    { engine_status(ran, &send.retry_engine, &tr) }
                </div>
            },
        },
        Panel::Compare => {
            let left = Side {
                run: state.run.clone(),
                layout: state.layout.clone(),
            };
            let right = state.other.as_deref().cloned().unwrap_or_else(|| Side {
                run: Ran::Refused(msg!("app-compare-none")),
                layout: Err(msg!("app-compare-none")),
            });
            html! {
                <CompareView left={Rc::new(left)} right={Rc::new(right)}
                    left_config={state.view.config} right_config={state.view.compare}
                    pos={state.compare_at()} motion={motion} dur_ms={dur_ms} on_compare={send.compare.clone()}
                    on_retry={send.retry_engine.clone()} />
            }
        }
        Panel::Inspector => {
            let plan = state.shown().map(|(run, l)| {
                let label = tr.msg(&msg!("app-plan-of", oci = state.view.config.oci.id()));
                let side = html! { <SequenceView run={Rc::clone(&run)} pos={pos}
                steps={state.calls.clone()} on={send.play.clone()} /> };
                stage(&run, &l, &label, side)
            });
            match &state.inspect {
                Some(i) => html! {
                    <>
                        <Inspector inspect={Rc::clone(i)} sample={state.view.sample}
                            oci={state.view.config.oci} on={send.inspector.clone()}
                            on_notice={send.notice.clone()} />
                        { for plan }
                    </>
                },
                None => html! {},
            }
        }
        Panel::Replay => {
            let shown = state.shown().map(|(run, l)| {
                let side = html! { <SequenceView run={Rc::clone(&run)} pos={pos}
                steps={state.calls.clone()} on={send.play.clone()} /> };
                stage(&run, &l, &tr.t("app-replayed-trace"), side)
            });
            html! {
                <>
                    <ReplayPanel replay={state.replay.clone()} on_open={send.replay.clone()}
                        on_notice={send.notice.clone()} />
                    { for shown }
                </>
            }
        }
        Panel::Term => match &state.term {
            Some(t) => term_body(t),
            None => html! {},
        },
        Panel::Drill => {
            let term = state.drill_term().cloned();
            let panel = state.drills.as_ref().map(|d| {
                html! {
                    <DrillPanel drills={Rc::clone(d)} view={state.view.clone()} term={term.clone()}
                        on={send.drill.clone()} />
                }
            });
            html! {
                <>
                    <div class="drill-work">
                        { for panel }
                        { for term.as_ref().map(|t| html! {
                            <Terminal term={Rc::clone(t)} clock={t.clock_at(pos)} on={send.term.clone()} />
                        }) }
                    </div>
                    { for term.as_ref().map(term_stage) }
                </>
            }
        }
        Panel::Quiz => html! { <QuizPanel view={state.view.clone()} /> },
        Panel::History => html! {
            <Timeline on_open={send.open.clone()} config={state.view.config}
                scenario={state.view.scenario.name} />
        },
    };
    let export = trace_export(&state);
    // The run playback steps through call by call (compare mode pairs two).
    let stepped = (panel != Panel::Compare)
        .then(|| state.shown())
        .flatten()
        .map(|(run, _)| run);
    // The history and the quiz have nothing to play.
    let bar = (!matches!(panel, Panel::History | Panel::Quiz)).then(|| {
        playback_bar(
            &PlaybackBarProps {
                pos,
                len: state.len(),
                playing: state.playing,
                speed: state.view.speed,
                step: if panel == Panel::Compare {
                    (!state.is_empty()).then(|| (pos, state.len()))
                } else {
                    (!state.calls.is_empty())
                        .then(|| (state.calls.index_of(pos), state.calls.len()))
                },
                spans: stepped
                    .as_ref()
                    .map(|run| state.calls.spans(run, pos))
                    .unwrap_or_default(),
                chapter: stepped.as_ref().and_then(|run| {
                    atlas_core::chapter::chapter_at(&run.chapters, pos)
                        .and_then(|c| run.chapters.get(c))
                        .map(|c| tr.msg(&c.phase.title()))
                }),
                on: send.play.clone(),
                compact: embed,
            },
            &tr,
        )
    });
    let main = html! {
        <main class={classes!("atlas", format!("panel-{}", panel.id()))} id="panel"
            aria-label={tr.t(panel.label())} lang={tr.lang().id()}>{ body }</main>
    };
    let card = learn.card.map(|card| glossary_card(card, &on_learn, &tr));
    if embed {
        // The same view in the full page, in a new tab.
        let full = format!(
            "{}#{}",
            browser::page_address(),
            state.view.full_page().to_fragment()
        );
        let open = html! {
            <a id="embed-open" class="embed-open" href={full} target="_blank" rel="noopener">
                { tr.t("embed-open") }
            </a>
        };
        let bar = bar.filter(|_| show.has(Show::BAR));
        let top = match bar {
            Some(bar) => html! { <div class="embed-bar">{ bar }{ open }</div> },
            None => html! { <div class="embed-bar bare">{ open }</div> },
        };
        return html! {
            <ContextProvider<Tr> context={tr.clone()}>
                { top }
                { for notice }
                { main }
                { for card }
            </ContextProvider<Tr>>
        };
    }
    html! {
        <ContextProvider<Tr> context={tr.clone()}>
            { header(label, &tr, Some(&send.lang), Some(&on_learn)) }
            { for notice }
            { controls(&ControlsProps {
                view: state.view.clone(),
                on_scenario: send.scenario.clone(),
                on_config: send.config.clone(),
                on_theme: send.theme.clone(),
            }, &tr) }
            <div class="tabs-row">
                { panel_tabs(panel, &send.panel, &tr) }
                if matches!(panel, Panel::None | Panel::State) && matches!(state.run, Ran::Ready(_)) {
                    <button type="button" id="term-continue" class="term-continue"
                        title={tr.t("term-continue-title")}
                        onclick={send.term.reform(|_: MouseEvent| TermAction::Continue)}>
                        { tr.t("term-continue") }
                    </button>
                }
                { export_menu(&ExportMenuProps {
                    trace: export,
                    name: AttrValue::from(export_name(&state.view)),
                    caption: Caption::of(&state, &tr),
                }, &tr) }
                { embed_button(&embed_ui, &tr) }
            </div>
            { embed_dialog(&embed_ui, &state, &tr) }
            { for bar }
            if let Some(run) = &stepped {
                { where_am_i(run, &state.calls, pos, &send.play, &tr) }
            }
            { main }
            { for card }
            if learn.keys {
                { shortcuts(&on_learn, &tr) }
            }
            if let Some(step) = learn.tour {
                { tour(step, learn.place, &on_learn, &tr) }
            }
        </ContextProvider<Tr>>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_frame_draws_the_links_topology_only_when_the_link_shows_it() {
        let (theme, config, l) = first_paint("#v1;sc=kubectl-run;theme=dark").expect("drawn");
        assert_eq!((theme, config), (Theme::Dark, Config::default()));
        // The default view's run is carried: its first frame is the run's own diagram.
        let run = Run::default_view().expect("carried");
        assert_eq!(*l, crate::layout::layout_hops(&run.hops));
        let (_, config, l) = first_paint("#v1;sc=docker-run-port;rt=cri-dockerd").expect("drawn");
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
}
