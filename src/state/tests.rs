//! The reducer's tests: links into runs that wait for a module, playback, panels.
use super::*;
use crate::link::DEFAULT_SPEED;
use atlas_core::oci::inspection::inspect;
use inspect::{Answer, Findings};

/// The module's answer for a text the app already has.
fn answer(json: String) -> Answer {
    Answer { json, text: None }
}

/// The state a link to a sample's plan gives in the browser before the
/// inspector module has answered (built as the browser builds it: the
/// view's sample with a document still waiting).
fn waiting(fragment: &str) -> AppState {
    let s = AppState::from_fragment(fragment);
    let mut i = (**s.inspect.as_ref().unwrap()).clone();
    i.findings = Findings::Waiting;
    i.plan = None;
    AppState::with(
        s.view,
        None,
        Kept {
            inspect: Some(Rc::new(i)),
            ..Kept::default()
        },
    )
}

#[test]
fn a_link_into_a_plan_keeps_its_hop_until_the_inspector_answers() {
    let linked = "#v1;p=inspector;ins=limited;hop=5";
    let s = waiting(linked);
    assert!(s.waiting());
    assert_eq!(s.view.hop, 4, "the link's hop is kept while waiting");
    for a in [
        Action::Play(Playback::Step(1)),
        Action::Play(Playback::End),
        Action::Play(Playback::Toggle),
        Action::Play(Playback::Seek(0)),
    ] {
        let t = s.clone().apply(a.clone());
        assert_eq!((t.view.hop, t.playing), (4, false), "{a:?} while waiting");
    }
    let text = Rc::clone(&s.inspect.as_ref().unwrap().text);
    // An answer for another text (since replaced) changes nothing.
    let json = inspect(&text).to_json();
    let other = s
        .clone()
        .apply(Action::Inspected(Rc::from("{}"), Ok(answer(json.clone()))));
    assert!(other.waiting());
    let s = s.apply(Action::Inspected(text, Ok(answer(json))));
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
    let s = s.apply(Action::Inspector(InspectorInput::Retry));
    assert!(s.waiting());
    let text = Rc::clone(&s.inspect.as_ref().unwrap().text);
    let s = s.apply(Action::Inspected(
        Rc::clone(&text),
        Ok(answer(inspect(&text).to_json())),
    ));
    assert_eq!(s.view.hop, 4, "a successful retry lands on the link's hop");
}

#[test]
fn a_shipped_document_s_text_comes_with_the_answer() {
    // As in the browser: the app holds the sample's name, not its text.
    let s = AppState::from_fragment("#v1;p=inspector;ins=broken/trailing-comma");
    let shipped = s.view.sample.unwrap();
    let mut i = Inspect::shipped(shipped, atlas_core::Oci::Runc);
    i.text = Rc::from("");
    i.findings = Findings::Waiting;
    i.plan = None;
    assert!(!i.is_blank(), "a sample on its way is not a blank page");
    let asked = i.request().unwrap();
    assert_eq!(asked.shipped.as_deref(), Some("broken/trailing-comma.json"));
    let s = AppState::with(
        s.view,
        None,
        Kept {
            inspect: Some(Rc::new(i)),
            ..Kept::default()
        },
    );
    let text = shipped.text();
    let s = s.apply(Action::Inspected(
        asked.text,
        Ok(Answer {
            json: inspect(text).to_json(),
            text: Some(text.to_string()),
        }),
    ));
    let i = s.inspect.as_ref().unwrap();
    assert_eq!(&*i.text, text);
    assert!(!i.diagnostics().is_empty());
    assert_eq!(i.request(), None);
}

/// The state a link to another scenario gives in the browser before the
/// engine module has answered (the link's view, its run awaited).
fn engine_waiting(fragment: &str) -> (AppState, Rc<Ask>) {
    let mut s = AppState::from_fragment(fragment);
    let ask = Rc::new(Ask::new(s.view.config, s.view.scenario));
    s.run = Ran::Waiting(Rc::clone(&ask));
    let (view, notice) = ViewState::parse(fragment).expect("a good link");
    (s.view, s.notice) = (view, notice);
    (s, ask)
}

#[test]
fn a_link_to_another_scenario_waits_for_the_engine_then_lands_on_its_hop() {
    let linked = "#v1;sc=runc-run;hop=5";
    let (s, ask) = engine_waiting(linked);
    assert!(s.waiting() && s.is_empty());
    assert_eq!(s.engine_requests(), Requests(vec![Rc::clone(&ask)]));
    let t = s.clone().apply(Action::Play(Playback::End));
    assert_eq!(t.view.hop, 4, "the link's hop is kept while waiting");
    // The module could not be loaded: said, and the hop still waits.
    let failed = s.clone().apply(Action::Played(
        Rc::clone(&ask),
        Err("the engine module could not be loaded (404)".into()),
    ));
    assert!(!failed.waiting() && failed.engine_failed());
    assert_eq!(failed.engine_requests(), Requests::default());
    let t = failed.clone().apply(Action::Play(Playback::Step(1)));
    assert_eq!(t.view.hop, 4);
    // Trying again sends a new ask, whose answer lands on the link's hop.
    let again = failed.apply(Action::RetryEngine);
    let asked = Rc::clone(&again.engine_requests().0[0]);
    assert!(!Rc::ptr_eq(&asked, &ask));
    let stale = again.clone().apply(Action::Played(
        Rc::clone(&ask),
        Ok(atlas_core::played::answer(&ask).to_json()),
    ));
    assert!(stale.waiting(), "an answer to the old ask changes nothing");
    let done = again.apply(Action::Played(
        Rc::clone(&asked),
        Ok(atlas_core::played::answer(&asked).to_json()),
    ));
    assert!(!done.waiting() && !done.engine_failed());
    assert_eq!(done.view.hop, 4);
    assert_eq!(done.len(), AppState::from_fragment(linked).len());
}

#[test]
fn a_new_view_of_the_same_run_keeps_it_and_asks_nothing_again() {
    let (s, ask) = engine_waiting("#v1;sc=runc-run;hop=5");
    let s = s.apply(Action::Panel(Panel::State));
    assert!(matches!(&s.run, Ran::Waiting(a) if Rc::ptr_eq(a, &ask)));
    let json = atlas_core::played::answer(&ask).to_json();
    let s = s.apply(Action::Played(Rc::clone(&ask), Ok(json)));
    let run = Rc::clone(s.run.ready().expect("the run"));
    let s = s
        .apply(Action::Panel(Panel::Compare))
        .apply(Action::Panel(Panel::None));
    assert!(s.run.ready().is_some_and(|r| Rc::ptr_eq(r, &run)));
    let mut c = s.view.config;
    c.k8s = atlas_core::K8sVersion(c.k8s.0 - 1);
    let s = s.apply(Action::Config(c));
    assert!(s.run.ready().is_some_and(|r| !Rc::ptr_eq(r, &run)));
}

#[test]
fn compare_mode_asks_for_the_second_configuration() {
    let mut s = AppState::from_fragment("#v1;p=compare;rt2=cri-o");
    let other = (**s.other.as_ref().expect("compare side")).clone();
    let ask = Rc::new(Ask::new(s.view.compare, s.view.scenario));
    s.other = Some(Rc::new(Side {
        run: Ran::Waiting(Rc::clone(&ask)),
        ..other
    }));
    assert!(s.waiting());
    assert_eq!(s.engine_requests(), Requests(vec![Rc::clone(&ask)]));
    let json = atlas_core::played::answer(&ask).to_json();
    let s = s.apply(Action::Played(ask, Ok(json)));
    assert!(!s.waiting());
    assert!(s.other.as_ref().is_some_and(|o| o.shown().is_some()));
}

#[test]
fn playback_steps_and_stops_at_the_end() {
    let s = AppState::new(ViewState::default(), None);
    let n = s.len();
    assert!(n > 10);
    // Steps go call by call: the end is the last top-level call.
    let top = s.shown().unwrap().0.tree.top().to_vec();
    let last = *top.last().unwrap();
    assert!(last < n);
    let s = s.apply(Action::Play(Playback::End));
    assert_eq!(s.view.hop, last);
    let s = s.apply(Action::Play(Playback::Step(-3)));
    assert_eq!(s.view.hop, top[top.len() - 4]);
    let s = s.apply(Action::Play(Playback::Toggle));
    assert!(s.playing);
    let s = (0..10).fold(s, |s, _| s.apply(Action::Play(Playback::Tick)));
    assert_eq!(s.view.hop, last);
    assert!(!s.playing);
    // Enter opens the current call into its steps; stepping goes through them.
    let sandbox = top
        .iter()
        .copied()
        .find(|&i| s.shown().unwrap().0.hops[i].call == "RunPodSandbox")
        .unwrap();
    let s = s
        .apply(Action::Play(Playback::SeekHop(sandbox)))
        .apply(Action::Play(Playback::Call(None)))
        .apply(Action::Play(Playback::Step(1)));
    assert_eq!(s.view.hop, sandbox + 1);
    assert_eq!(s.shown().unwrap().0.tree.parent(s.view.hop), Some(sandbox));
    // Enter on a step closes the call it is in, back on the call.
    let s = s.apply(Action::Play(Playback::Call(None)));
    assert_eq!(s.view.hop, sandbox);
    assert_eq!(
        s.clone().apply(Action::Play(Playback::Step(1))).view.hop,
        top[top.iter().position(|&t| t == sandbox).unwrap() + 1]
    );
    let s = s
        .apply(Action::Play(Playback::Step(-1_000_000)))
        .apply(Action::Play(Playback::Slower));
    assert_eq!(s.view.hop, 0);
    assert_eq!(s.view.speed, DEFAULT_SPEED - 1);
}

#[test]
fn a_refused_trace_keeps_the_one_playing_and_names_its_line_once() {
    let good = atlas_core::scenario::find("runc-run")
        .and_then(|s| Run::new(s.config(), s).ok())
        .map(|r| r.to_jsonl(None, &atlas_core::Catalog::english()))
        .unwrap_or_default();
    let bad = "{\"seq\":1,\"from\":\"kubelet\",\"to\":\"kernel\",\"iface\":\"syscall\",\"call\":\"x\"}\n{\"seq\":";
    let s = AppState::from_fragment("#v1;p=replay")
        .apply(Action::Replay("good.jsonl".into(), Rc::from(good.as_str())));
    assert!(s.replay.as_ref().is_some_and(|r| r.trace.is_ok()));
    let s = s.apply(Action::Replay("bad.jsonl".into(), Rc::from(bad)));
    assert_eq!(
        s.replay.as_ref().map(|r| r.name.as_str()),
        Some("good.jsonl")
    );
    let notice = s
        .notice
        .map(|n| crate::i18n::english().render(&n))
        .unwrap_or_default();
    assert!(
        notice.contains("bad.jsonl") && notice.contains("line 2"),
        "{notice}"
    );
    assert_eq!(notice.matches("line").count(), 1, "{notice}");
    // With nothing playing, the refusal is the panel's.
    let s = AppState::from_fragment("#v1;p=replay")
        .apply(Action::Replay("bad.jsonl".into(), Rc::from(bad)));
    assert!(s.replay.as_ref().is_some_and(|r| r.trace.is_err()));
}

#[test]
fn a_bad_link_gives_the_default_view_and_a_notice() {
    let s = AppState::from_fragment("#v9;evil=<script>");
    assert_eq!(s.view, ViewState::default());
    assert!(s.notice.is_some());
    let s = AppState::from_fragment("#v1;sc=kubectl-run;hop=5");
    assert_eq!(s.view.hop, 4);
    assert!(s.notice.is_none());
    let s = s.apply(Action::Restore(Err(msg!("app-link-no-version"))));
    assert_eq!(s.view, ViewState::default());
    let notice = s
        .notice
        .map(|n| crate::i18n::english().render(&n))
        .unwrap_or_default();
    assert!(notice.contains("has no version"), "{notice}");
}

#[test]
fn a_link_with_one_bad_field_keeps_the_rest_and_its_speed() {
    let s = AppState::from_fragment("#v1;sc=runc-run;hop=0;speed=2;theme=dark");
    assert_eq!(s.view.scenario.name, "runc-run");
    assert_eq!((s.view.hop, s.view.speed), (0, DEFAULT_SPEED + 1));
    assert_eq!(s.hop_ms() as f64, HOP_MS / 2.0);
    let notice = s
        .notice
        .as_ref()
        .map(|n| crate::i18n::english().render(n))
        .unwrap_or_default();
    assert!(notice.contains("hop=0"), "{notice}");
    // The speed goes into the link, and a link opened in the tab sets it.
    let s = s.apply(Action::Play(Playback::Faster));
    assert!(s.view.to_fragment().contains(";speed=4"));
    let s = s.apply(Action::Restore(
        ViewState::parse("#v1;sc=runc-run;speed=0.5;x=1").map_err(|e| e.0),
    ));
    assert_eq!((s.view.scenario.name, s.view.speed), ("runc-run", 1));
    assert!(s.notice.is_some());
}

#[test]
fn a_hop_past_the_end_shows_the_last_and_says_so() {
    let s = AppState::from_fragment("#v1;sc=kubectl-run;hop=100000");
    let n = s.len();
    assert_eq!(s.view.hop, n - 1);
    let notice = s
        .notice
        .as_ref()
        .map(|m| crate::i18n::english().render(m))
        .unwrap_or_default();
    assert_eq!(
        notice,
        // i18n: the English catalog's words, expected by a test
        format!("Hop 100000 is past the last hop ({n}): showing hop {n}.")
    );
    // A link into a run the engine module plays says so when it lands.
    let (w, ask) = engine_waiting("#v1;sc=runc-run;hop=5000;x=1");
    assert!(w.notice.is_some());
    let w = w.apply(Action::Played(
        Rc::clone(&ask),
        Ok(atlas_core::played::answer(&ask).to_json()),
    ));
    let notice = w
        .notice
        .as_ref()
        .map(|m| crate::i18n::english().render(m))
        .unwrap_or_default();
    assert!(
        notice.contains("The key x") && notice.matches("Hop 5000 is past").count() == 1,
        "{notice}"
    );
    // Stepping past the end is not a link: nothing is said.
    let s = AppState::from_fragment("#v1;sc=kubectl-run")
        .apply(Action::Play(Playback::Step(1_000_000)));
    assert!(s.notice.is_none());
}

#[test]
fn dockershim_on_1_24_is_refused() {
    let s = AppState::new(ViewState::default(), None).apply(Action::Scenario(
        atlas_core::scenario::find("kubectl-run-dockershim").expect("scenario"),
    ));
    assert!(s.run.ready().is_some());
    let mut c = s.view.config;
    c.k8s = atlas_core::K8sVersion(24);
    let s = s.apply(Action::Config(c));
    assert!(matches!(s.run, Ran::Refused(_)) && s.layout.is_err());
    assert!(s.is_empty());
}
