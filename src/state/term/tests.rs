//! The terminal's reducer, fed the answers the engine module gives (made
//! here by the core's `Sim`, as the module makes them).

use super::*;
use crate::state::{Action, Playback};
use atlas_core::sim::{Sim, DEFAULT_SEED};
use serde_json::json;

/// The module's side, natively: one `Sim`, answering as the glue does.
struct Node {
    sim: Sim,
}

impl Node {
    fn new(config: Config) -> Node {
        Node {
            sim: Sim::new(config, DEFAULT_SEED),
        }
    }

    fn prompt(&self) -> String {
        atlas_core::sim::prompt("/root")
    }

    fn state(&self, results: Vec<Value>) -> String {
        json!({
            "results": results,
            "prompt": self.prompt(),
            "pending": "",
            "following": false,
            "clock": self.sim.world().now_ms() as f64,
        })
        .to_string()
    }

    /// Answers what the terminal asks.
    fn answer(&mut self, ask: &Ask) -> String {
        match ask {
            Ask::Open(_) => self.state(Vec::new()),
            Ask::Run(pending, lines) => {
                let mut results = Vec::new();
                for l in lines {
                    let line = if pending.is_empty() {
                        l.clone()
                    } else {
                        format!("{pending}\n{l}")
                    };
                    let prompt = self.prompt();
                    let step = serde_json::to_value(self.sim.run_line(&line)).unwrap();
                    results
                        .push(json!({"kind": "run", "line": line, "prompt": prompt, "step": step}));
                }
                self.state(results)
            }
            Ask::Read(_) => json!({"text": "runtime-endpoint: x\n", "new": false}).to_string(),
            Ask::Save(path, text, editor) => self.state(vec![json!({
                "kind": "save", "path": path, "text": text, "editor": editor,
                "ok": true, "said": format!("\"{path}\" 1L, 5B written"),
            })]),
            Ask::Tick(_) | Ask::Interrupt => self.state(Vec::new()),
        }
    }
}

/// Lets the node answer until the terminal asks nothing more.
fn settle(s: AppState, node: &mut Node) -> AppState {
    let mut s = s;
    for _ in 0..1000 {
        let Some(t) = s.term.clone() else { return s };
        let Some((serial, ask)) = t.asking.clone() else {
            return s;
        };
        let answer = node.answer(&ask);
        s = s.apply(Action::Term(TermAction::Answer(t.gen, serial, Ok(answer))));
        // The component's next frame.
        s = s.apply(Action::Term(TermAction::Play));
    }
    panic!("the terminal never stopped asking");
}

fn opened() -> (AppState, Node) {
    let s = AppState::from_fragment("#v1;p=term");
    let t = s.term.clone().expect("a terminal");
    assert_eq!(t.status, Status::Loading);
    assert_eq!(t.asking, Some((1, Ask::Open(None))));
    let mut node = Node::new(t.config);
    let s = settle(s, &mut node);
    (s, node)
}

fn typed(s: AppState, node: &mut Node, line: &str) -> AppState {
    settle(
        s.apply(Action::Term(TermAction::Submit(line.to_string()))),
        node,
    )
}

fn term(s: &AppState) -> &Term {
    s.term.as_deref().expect("a terminal")
}

fn text(b: &Block) -> String {
    b.out.iter().map(|s| s.text.as_str()).collect()
}

#[test]
fn a_command_prints_and_its_hops_play_in_the_run() {
    let (s, mut node) = opened();
    assert_eq!(term(&s).status, Status::Ready);
    assert_eq!(term(&s).prompt, "root@node-1:~# ");
    let s = typed(s, &mut node, "kubectl run web --image=nginx");
    let s = typed(s, &mut node, "crictl ps -a | grep web");
    let t = term(&s);
    assert_eq!(t.blocks.len(), 2);
    assert_eq!(t.blocks[1].command, "crictl ps -a | grep web");
    assert!(text(&t.blocks[1]).contains("web"), "{}", text(&t.blocks[1]));
    // The run is the shown run of the panel; playback starts at the new command's first hop.
    let (run, _) = s.shown().expect("the terminal's run");
    assert!(Rc::ptr_eq(&run, &t.run));
    assert_eq!(run.records.len(), 2);
    // The records keep the output for an exported trace.
    assert!(run.records[1].stdout.contains("web"));
    let export = crate::state::export::trace_export(&s).expect("an export");
    let text = export.run.to_jsonl(None, &atlas_core::Catalog::english());
    assert!(text.contains("crictl ps -a | grep web"), "{text}");
    assert!(run.len() > 10);
    assert_eq!(
        t.entries,
        vec![
            Entry::Line("kubectl run web --image=nginx".into()),
            Entry::Line("crictl ps -a | grep web".into())
        ]
    );
    assert_eq!(t.history.len(), 2);
    assert!(!t.busy());
    // Step-back works on it.
    let hop = s.view.hop;
    let back = s.clone().apply(Action::Play(Playback::Home));
    assert_eq!(back.view.hop, 0);
    assert!(hop > 0 || run.first_hop[1] == 0);
}

#[test]
fn the_session_is_in_the_link_once_encoded_and_a_cut_is_said() {
    let (s, mut node) = opened();
    let s = typed(s, &mut node, "ls /etc");
    let t = term(&s).clone();
    assert_eq!(entries_json(&t.entries), r#"[{"line":"ls /etc"}]"#);
    let s = s.apply(Action::Term(TermAction::Encoded(
        t.gen,
        t.entries_gen,
        Ok(r#"{"s":"q1w2-_","kept":1}"#.into()),
    )));
    assert!(s.view.to_fragment().ends_with(";p=term;s=q1w2-_"));
    assert_eq!(s.notice, None);
    // An answer for older entries changes nothing.
    let stale = s.clone().apply(Action::Term(TermAction::Encoded(
        t.gen,
        t.entries_gen - 1,
        Ok(r#"{"s":"old","kept":1}"#.into()),
    )));
    assert_eq!(stale.view.session.as_deref(), Some("q1w2-_"));
    let s = typed(s, &mut node, "ls /");
    let t = term(&s).clone();
    let s = s.apply(Action::Term(TermAction::Encoded(
        t.gen,
        t.entries_gen,
        Ok(r#"{"s":"q1w2","kept":1}"#.into()),
    )));
    let said = s.notice.as_ref().map(|n| crate::i18n::english().render(n));
    assert!(said.as_deref().is_some_and(|n| n.contains('1')), "{said:?}");
    // A follow's seconds merge, up to what one tick replays.
    let mut t = term(&s).clone();
    for _ in 0..3_601 {
        t.entry(Entry::Tick(1_000));
    }
    assert_eq!(
        t.entries[t.entries.len() - 2..],
        [Entry::Tick(MAX_TICK_MS), Entry::Tick(1_000)]
    );
    // Entries read back from the module's JSON.
    for e in [
        Entry::Line("a \"b\"".into()),
        Entry::Tick(3000),
        Entry::Interrupt,
        Entry::Save {
            path: "/etc/x".into(),
            text: "y\n".into(),
            editor: "nano".into(),
        },
    ] {
        assert_eq!(Entry::from_json(&e.to_json()), Some(e));
    }
}

#[test]
fn continuation_and_history_and_search() {
    let (s, mut node) = opened();
    let s = typed(s, &mut node, "echo one");
    let s = typed(s, &mut node, "echo two");
    let s = typed(s, &mut node, "echo two");
    let t = term(&s);
    assert_eq!(
        t.history,
        vec!["echo one".to_string(), "echo two".to_string()]
    );
    let mut r = Recall::default();
    assert_eq!(r.up(&t.history, "").as_deref(), Some("echo two"));
    assert_eq!(
        search(&t.history, "one", None).map(|x| x.1).as_deref(),
        Some("echo one")
    );
    // A pending continuation goes with the next line.
    let mut t2 = t.clone();
    t2.pending = "echo \"a".into();
    t2.queue.push_back("b\"".into());
    t2.pump();
    assert_eq!(
        t2.asking.map(|(_, a)| a),
        Some(Ask::Run("echo \"a".into(), vec!["b\"".into()]))
    );
}

#[test]
fn ctrl_c_ctrl_l_and_a_cut_scrollback() {
    let (s, mut node) = opened();
    let s = s.apply(Action::Term(TermAction::Cancel("crictl p".into())));
    let t = term(&s);
    assert_eq!(t.blocks[0].command, "crictl p");
    assert_eq!(text(&t.blocks[0]), "^C\n");
    assert!(t.entries.is_empty(), "nothing ran");
    let s = s.apply(Action::Term(TermAction::Clear));
    assert!(term(&s).blocks.is_empty());
    // 5,000 lines at most, the cut counted.
    let mut t = term(&s).clone();
    for i in 0..60 {
        t.push_block(Block {
            prompt: "$ ".into(),
            command: format!("c{i}"),
            out: spans(&"x\n".repeat(99)),
            ..Block::default()
        });
    }
    let total: usize = t.blocks.iter().map(|b| b.lines()).sum();
    assert!(total <= MAX_LINES);
    assert_eq!(t.cut + total, 6_000);
    // One block larger than the cap keeps its last lines.
    t.push_block(Block {
        out: spans(&"y\n".repeat(7_000)),
        ..Block::default()
    });
    let total: usize = t.blocks.iter().map(|b| b.lines()).sum();
    assert_eq!(total, MAX_LINES);
    let s = typed(s, &mut node, "true");
    assert_eq!(term(&s).blocks.len(), 1);
}

#[test]
fn a_long_line_and_a_long_paste_are_refused_past_their_limits() {
    let (s, _) = opened();
    let s = s.apply(Action::Term(TermAction::Submit(
        "a".repeat(MAX_LINE_BYTES + 1),
    )));
    let t = term(&s);
    assert!(t.asking.is_none() && t.queue.is_empty());
    let note = t.blocks[0].note.clone().expect("said");
    assert!(crate::i18n::english().render(&note).contains("65536"));
    let paste = "true\n".repeat(MAX_PASTE_LINES + 500);
    let s = s.apply(Action::Term(TermAction::Paste(paste)));
    let t = term(&s);
    // Runs in batches; the rest of the paste is said.
    assert_eq!(t.queue.len(), MAX_PASTE_LINES - BATCH);
    assert!(matches!(&t.asking, Some((_, Ask::Run(_, l))) if l.len() == BATCH));
    let said = t.blocks.last().and_then(|b| b.note.clone()).expect("said");
    assert!(crate::i18n::english().render(&said).contains("500"));
}

#[test]
fn a_command_over_the_run_s_bound_plays_its_first_hops_and_says_so() {
    let (s, mut node) = opened();
    let s = typed(
        s,
        &mut node,
        "for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25; do kubectl run w$i --image=nginx; done",
    );
    let t = term(&s);
    let said: Vec<String> = t
        .blocks
        .iter()
        .filter_map(|b| b.note.as_ref())
        .map(|n| crate::i18n::english().render(n))
        .collect();
    if t.run.len() == MAX_RUN_HOPS {
        assert!(said.iter().any(|n| n.contains("5000")), "{said:?}");
    } else {
        assert!(t.run.len() < MAX_RUN_HOPS && said.is_empty());
    }
    let s = typed(s, &mut node, "crictl ps");
    assert!(term(&s).run.len() <= MAX_RUN_HOPS);
}

#[test]
fn the_editor_opens_saves_and_closes() {
    let (s, mut node) = opened();
    let s = typed(s, &mut node, "vi /etc/crictl.yaml");
    let t = term(&s);
    let e = t.editor.clone().expect("the editor");
    assert_eq!(
        (e.path.as_str(), e.editor.as_str()),
        ("/etc/crictl.yaml", "vi")
    );
    let s = settle(
        s.apply(Action::Term(TermAction::Save("x: 1\n".into(), true))),
        &mut node,
    );
    let t = term(&s);
    assert!(t.editor.is_none());
    assert!(matches!(t.entries.last(), Some(Entry::Save { editor, .. }) if editor == "vi"));
    assert!(text(t.blocks.last().expect("said")).contains("written"));
}

#[test]
fn late_answers_and_failures_are_said_not_applied() {
    let (s, mut node) = opened();
    let t = term(&s).clone();
    let s2 = s
        .clone()
        .apply(Action::Term(TermAction::Submit("ls".into())));
    let serial = term(&s2).asking.as_ref().map(|a| a.0).unwrap_or(0);
    // Another generation's answer: nothing.
    let same = s2.clone().apply(Action::Term(TermAction::Answer(
        t.gen + 99,
        serial,
        Ok("{}".into()),
    )));
    assert!(term(&same).asking.is_some());
    // The module stopped: said, and the next command goes on.
    let failed = s2.apply(Action::Term(TermAction::Answer(
        t.gen,
        serial,
        Err("the engine stopped (unreachable)".into()),
    )));
    let note = term(&failed).blocks.last().and_then(|b| b.note.clone());
    assert!(note.is_some());
    let s = typed(failed, &mut node, "true");
    assert_eq!(term(&s).status, Status::Ready);
    // A node that cannot be opened says why, and a retry asks again.
    let s = AppState::from_fragment("#v1;p=term");
    let g = term(&s).gen;
    let s = s.apply(Action::Term(TermAction::Answer(g, 1, Err("404".into()))));
    assert_eq!(term(&s).status, Status::Failed("404".into()));
    let s = s.apply(Action::Term(TermAction::Retry));
    assert!(matches!(term(&s).asking, Some((_, Ask::Open(None)))));
    // A node the module refuses: the core's message, said in Korean to a
    // Korean reader (the module sends it as JSON, not in English).
    let why = atlas_core::msg!("drill-cli-unknown", id = "d99", ids = "d01");
    let refused = serde_json::json!({ "refused": serde_json::to_string(&why).unwrap() });
    let serial = term(&s).asking.as_ref().map_or(0, |a| a.0);
    let s = s.apply(Action::Term(TermAction::Answer(
        g,
        serial,
        Ok(refused.to_string()),
    )));
    assert_eq!(term(&s).status, Status::Failed(why.clone().into()));
    let ko = atlas_core::Catalog::builtin(atlas_core::Lang::Ko);
    let said = ko.render(&atlas_core::msg!("term-failed", why = Text::from(why)));
    assert!(said.contains("실습 문제 d99"), "{said}");
    assert!(!said.contains("no drill"), "{said}");
}

#[test]
fn continue_starts_from_the_end_of_the_scenario_shown() {
    let s = AppState::from_fragment("#v1;sc=runc-run");
    let s = s.apply(Action::Term(TermAction::Continue));
    assert_eq!(s.view.panel, Panel::Term);
    assert!(s.view.at_end);
    assert!(s.view.to_fragment().contains("p=term;at=end"));
    let t = term(&s);
    assert_eq!(t.start.map(|s| s.name), Some("runc-run"));
    let (op, args) = t.asking.as_ref().map(|(_, a)| t.op(a)).expect("asks");
    assert_eq!(op, "open");
    assert!(args.contains("\"scenario\":\"runc-run\""), "{args}");
    // Another tab and back: the same terminal.
    let gen = t.gen;
    let s = s.apply(Action::Panel(Panel::None));
    let s = s.apply(Action::Panel(Panel::Term));
    assert_eq!(term(&s).gen, gen);
}

#[test]
fn the_clock_moves_over_the_last_command_s_hops() {
    let (s, mut node) = opened();
    let s = typed(s, &mut node, "kubectl run web --image=nginx");
    let mut t = term(&s).clone();
    t.clock = (1_000, 31_000);
    let first = *t.run.first_hop.last().unwrap_or(&0);
    let n = t.run.len() - first;
    assert_eq!(t.clock_at(first + n - 1), 31_000);
    assert!(t.clock_at(first) < 31_000 && t.clock_at(first) > 1_000);
    if first > 0 {
        // A hop of an earlier command shows the clock now.
        assert_eq!(t.clock_at(0), 31_000);
    }
}

#[test]
fn a_save_while_the_module_is_busy_waits_its_turn_and_is_never_dropped() {
    let (s, mut node) = opened();
    let s = typed(s, &mut node, "vi /etc/crictl.yaml");
    assert!(term(&s).editor.is_some());
    let save =
        |s: AppState, text: &str| s.apply(Action::Term(TermAction::Save(text.into(), false)));
    let s = save(s, "one\n");
    assert!(matches!(&term(&s).asking, Some((_, Ask::Save(_, t, _))) if t == "one\n"));
    // Saved again before the first answer: it waits, then goes.
    let s = save(s, "two\n");
    assert!(matches!(&term(&s).asking, Some((_, Ask::Save(_, t, _))) if t == "one\n"));
    let t = term(&s).clone();
    let (serial, ask) = t.asking.clone().expect("asking");
    let s = s.apply(Action::Term(TermAction::Answer(
        t.gen,
        serial,
        Ok(node.answer(&ask)),
    )));
    assert!(matches!(&term(&s).asking, Some((_, Ask::Save(_, t, _))) if t == "two\n"));
    let s = settle(s, &mut node);
    let saves = term(&s)
        .entries
        .iter()
        .filter(|e| matches!(e, Entry::Save { .. }))
        .count();
    assert_eq!(saves, 2);
}
