//! The terminal panel's state, with no markup: the scrollback (one block per
//! command, capped at [`MAX_LINES`] lines, the cut said), the typed session
//! (the entries a link carries and a rebuilt engine replays), the history,
//! the `> ` continuation, pasted lines waiting their turn, following
//! (`-f`/`--watch`), the editor (`vi`/`nano`), the node's clock, and the
//! terminal's run: each command's hops appended to one [`Run`] that the
//! page plays like a scenario's.
//!
//! The live session is in the engine module (the glue in
//! [`crate::browser::term`]); what to ask it next is [`Term::asking`], which
//! the terminal component sends, and its answer comes back as
//! [`TermAction::Answer`]. Nothing here waits or draws.

mod block;
mod exchange;
mod line;
mod sgr;

pub use block::Block;
pub use exchange::{entries_json, Ask, Entry};
pub use line::{common_prefix, complete, delete_word, search, vi_command, Recall};
pub use sgr::{push_spans, spans, Span};

use super::shown::diagram;
use super::AppState;
use crate::layout::Layout;
use crate::link::{Panel, ViewState, MAX_LINK_CHARS};
use crate::run::Run;
use atlas_core::scenario::Scenario;
use atlas_core::sim::{Step, MAX_TICK_MS};
use atlas_core::{msg, Config, Msg, Text};
use serde_json::Value;
use std::cell::Cell;
use std::collections::VecDeque;
use std::rc::Rc;

/// Lines the scrollback keeps; older ones are cut, and the cut is said.
pub const MAX_LINES: usize = 5_000;
/// The longest line the terminal sends to the node (64 KiB); a longer one is refused, said.
pub const MAX_LINE_BYTES: usize = 64 * 1024;
/// Lines of one paste that run; the rest are left out, said.
pub const MAX_PASTE_LINES: usize = 1_000;
/// Lines sent to the engine module at once (a long paste runs in such
/// batches, the page drawn between them).
pub const BATCH: usize = 25;
/// Hops the terminal's run keeps (what playback goes through); the oldest
/// commands' hops go first, and one command over it plays its first ones
/// (said). Each command rebuilds the run, so this bounds its cost too.
pub const MAX_RUN_HOPS: usize = 5_000;
/// Logical milliseconds a follow advances per real second.
pub const TICK_MS: u32 = 1_000;
/// Lines the history keeps (bash's `HISTSIZE` default is 500; the shell's own is 1,000).
const MAX_HISTORY: usize = 1_000;

thread_local! {
    static GENERATION: Cell<u64> = const { Cell::new(0) };
}

/// Where the session stands.
#[derive(Debug, Clone, PartialEq)]
pub enum Status {
    /// The engine module is loading, or replaying a link's session.
    Loading,
    /// The node answers.
    Ready,
    /// The engine module could not be loaded (the browser's words) or
    /// refused the node (the core's message, in the reader's language).
    Failed(Text),
}

/// The editor open on a file of the node.
#[derive(Debug, Clone, PartialEq)]
pub struct Editor {
    /// The file (absolute).
    pub path: String,
    /// Its text when opened (the page holds what is typed since).
    pub text: String,
    /// Whether the file does not exist yet.
    pub new: bool,
    /// `vi` or `nano`.
    pub editor: String,
    /// Close once saved (`:wq`).
    close_after: bool,
}

/// What the terminal does; answers from the engine module carry the
/// session's generation and the ask's serial number, so a late answer for
/// a session since replaced changes nothing.
#[derive(Debug, Clone, PartialEq)]
pub enum TermAction {
    /// Enter: a line typed.
    Submit(String),
    /// Text with line breaks pasted.
    Paste(String),
    /// Ctrl-C with nothing following: the line typed so far, given up.
    Cancel(String),
    /// Ctrl-C during a follow.
    Interrupt,
    /// A real second passed while following.
    Tick,
    /// Ctrl-L.
    Clear,
    /// The editor's Save (`close`: and close it, as `:wq`).
    Save(String, bool),
    /// The editor closed without saving.
    CloseEditor,
    /// The engine module's answer (generation, serial, JSON or why not).
    Answer(u64, u64, Result<String, String>),
    /// The session encoded for the link (generation, entries' version, JSON or why not).
    Encoded(u64, u64, Result<String, String>),
    /// "Continue in the terminal": from the end of the scenario shown.
    Continue,
    /// Open the node again after the engine module failed.
    Retry,
    /// The frame after an output: the printed steps' hops join the run
    /// and play.
    Play,
}

/// The terminal.
#[derive(Debug, Clone, PartialEq)]
pub struct Term {
    /// This session's generation (a new node, a new number).
    pub gen: u64,
    /// The node's configuration.
    pub config: Config,
    /// The scenario whose end it starts from (`at=end`), or none: an empty node.
    pub start: Option<&'static Scenario>,
    /// The drill whose broken node it is (the drills panel).
    pub drill: Option<String>,
    /// Where the session stands.
    pub status: Status,
    /// The scrollback.
    pub blocks: Vec<Rc<Block>>,
    /// Changes whenever the scrollback does.
    pub out_gen: u64,
    /// Lines cut from the top of the scrollback.
    pub cut: usize,
    /// The session typed so far.
    pub entries: Vec<Entry>,
    /// Changes whenever the entries do.
    pub entries_gen: u64,
    /// The lines typed, oldest first (↑, Ctrl-R).
    pub history: Vec<String>,
    /// The terminal's run.
    pub run: Rc<Run>,
    /// The node's diagram, or why the configuration cannot exist.
    pub layout: Result<Rc<Layout>, Msg>,
    /// The prompt, as the node's shell writes it.
    pub prompt: String,
    /// The lines of a command bash still reads (`> `).
    pub pending: String,
    /// Lines waiting their turn.
    pub queue: VecDeque<String>,
    /// What the engine module was asked and has not answered: serial and ask.
    pub asking: Option<(u64, Ask)>,
    serial: u64,
    /// Ctrl-C pressed during a follow, to send once the module is free.
    interrupting: bool,
    /// A file to open in the editor once the module is free.
    to_read: Option<(String, String)>,
    /// An editor's save waiting for the module to be free (never dropped).
    to_save: Option<Ask>,
    /// A command follows (`-f`, `--watch`).
    pub following: bool,
    /// The node's clock before the last command, and now (logical ms).
    pub clock: (u64, u64),
    /// Steps printed but not yet in the run (`merge`: a follow's): their
    /// hops join the run in the frame after the output's
    /// ([`TermAction::Play`]), so the output is painted first and the
    /// diagrams, redrawn for the new run, never delay it.
    pub unplayed: Vec<(Step, bool)>,
    /// The editor, when open.
    pub editor: Option<Editor>,
    /// The session as the link carries it (the link's, until encoded anew).
    pub link: Option<String>,
    /// Entries the link leaves out (over [`MAX_LINK_CHARS`]).
    pub left_out: usize,
}

/// What the page does after a terminal action.
#[derive(Debug, Default, PartialEq)]
struct Effects {
    /// A new command's first hop: playback goes there.
    first_hop: Option<usize>,
    /// Land there without playing (a link's session replayed).
    land: bool,
    /// Something to say above the page.
    notice: Option<Msg>,
}

impl Term {
    /// The glue's operation and its arguments for an ask.
    pub fn op(&self, ask: &Ask) -> (&'static str, String) {
        match &self.drill {
            Some(id) => ask.op(self.config, &format!("drill:{id}")),
            None => ask.op(self.config, self.start.map_or("", |s| s.name)),
        }
    }

    /// A node under a configuration, empty or at the end of a scenario;
    /// `session`: a link's session, replayed when the module answers.
    pub fn new(config: Config, start: Option<&'static Scenario>, session: Option<String>) -> Term {
        let gen = GENERATION.with(|g| {
            g.set(g.get() + 1);
            g.get()
        });
        let layout = diagram(config);
        let status = match &layout {
            Ok(_) => Status::Loading,
            Err(e) => Status::Failed(e.clone().into()),
        };
        let asking = layout.is_ok().then(|| (1, Ask::Open(session.clone())));
        Term {
            gen,
            config,
            start,
            drill: None,
            status,
            blocks: Vec::new(),
            out_gen: 0,
            cut: 0,
            entries: Vec::new(),
            entries_gen: 0,
            history: Vec::new(),
            run: Rc::new(Run::from_steps(Vec::new())),
            layout,
            prompt: String::new(),
            pending: String::new(),
            queue: VecDeque::new(),
            asking,
            serial: 1,
            interrupting: false,
            to_read: None,
            to_save: None,
            following: false,
            clock: (0, 0),
            unplayed: Vec::new(),
            editor: None,
            link: session,
            left_out: 0,
        }
    }

    /// Whether the terminal was made for this view.
    pub fn is_for(&self, v: &ViewState) -> bool {
        let start = v.at_end.then_some(v.scenario.name);
        let drill = v.drill.as_ref().filter(|_| v.panel == Panel::Drill);
        self.config == v.config
            && self.start.map(|s| s.name) == start
            && self.drill.as_ref() == drill
            && (v.session.is_none() || v.session == self.link)
    }

    /// Whether a command runs (the module was asked to run lines, or lines wait).
    pub fn busy(&self) -> bool {
        matches!(self.asking, Some((_, Ask::Run(..)))) || !self.queue.is_empty()
    }

    /// The node's clock at a hop of the terminal's run: moving from the
    /// clock before the last command to the clock after it while that
    /// command's hops play.
    pub fn clock_at(&self, pos: usize) -> u64 {
        let (from, to) = self.clock;
        let Some(&first) = self.run.first_hop.last() else {
            return to;
        };
        let n = self.run.len().saturating_sub(first);
        if n == 0 || pos < first || to <= from {
            return to;
        }
        let done = (pos - first + 1).min(n) as u64;
        from + (to - from) * done / n as u64
    }

    fn ask(&mut self, a: Ask) {
        self.serial += 1;
        self.asking = Some((self.serial, a));
    }

    /// Asks the module for what waits, when it is free.
    fn pump(&mut self) {
        if self.asking.is_some() || self.status != Status::Ready {
            return;
        }
        if self.interrupting {
            self.interrupting = false;
            if self.following {
                self.ask(Ask::Interrupt);
                return;
            }
        }
        if let Some(save) = self.to_save.take() {
            self.ask(save);
            return;
        }
        if let Some((path, _)) = &self.to_read {
            let path = path.clone();
            self.ask(Ask::Read(path));
            return;
        }
        if self.following || self.editor.is_some() || self.queue.is_empty() {
            return;
        }
        let n = self.queue.len().min(BATCH);
        let lines: Vec<String> = self.queue.drain(..n).collect();
        self.ask(Ask::Run(self.pending.clone(), lines));
    }

    fn push_block(&mut self, mut b: Block) {
        b.id = self.out_gen;
        self.blocks.push(Rc::new(b));
        self.changed();
    }

    fn note(&mut self, m: Msg) {
        self.push_block(Block {
            note: Some(m),
            ..Block::default()
        });
    }

    /// The scrollback changed: cut it back to [`MAX_LINES`].
    fn changed(&mut self) {
        self.out_gen += 1;
        let mut total: usize = self.blocks.iter().map(|b| b.lines()).sum();
        while total > MAX_LINES && self.blocks.len() > 1 {
            let first = self.blocks.remove(0);
            total -= first.lines();
            self.cut += first.lines();
        }
        if total > MAX_LINES {
            if let Some(b) = self.blocks.first_mut() {
                let over = total - MAX_LINES;
                Rc::make_mut(b).cut_front(over);
                self.cut += over;
            }
        }
    }

    fn entry(&mut self, e: Entry) {
        match (self.entries.last_mut(), &e) {
            // Seconds of one follow add up, as far as one tick replays them.
            (Some(Entry::Tick(a)), Entry::Tick(b)) if *a + b <= MAX_TICK_MS => *a += b,
            _ => self.entries.push(e),
        }
        self.entries_gen += 1;
    }

    /// Appends a command's step to the run; its first hop, if it made any.
    fn step(&mut self, step: Step, merge: bool) -> Option<usize> {
        let Step { mut record, hops } = step;
        let any = !hops.is_empty();
        // The last command's hops so far (a follow adds to them).
        let last = if merge {
            self.run
                .len()
                .saturating_sub(self.run.first_hop.last().copied().unwrap_or(0))
        } else {
            0
        };
        if last + hops.len() > MAX_RUN_HOPS && last < MAX_RUN_HOPS {
            self.note(msg!(
                "term-run-cut",
                hops = last + hops.len(),
                max = MAX_RUN_HOPS
            ));
        }
        // The run's records keep the output for an exported trace, each
        // stream bounded (the scrollback shows it all, up to its own cap).
        cap(&mut record.stdout);
        cap(&mut record.stderr);
        let before = self.run.len();
        let run = self.run.with_step(record, hops, merge, MAX_RUN_HOPS);
        let first = if merge {
            // The new hops are the last ones.
            run.len()
                .checked_sub(run.len().saturating_sub(before).max(1))
        } else {
            run.first_hop.last().copied()
        };
        self.run = Rc::new(run);
        first.filter(|_| any)
    }

    /// The printed steps' hops join the run; playback goes to the last
    /// new command's first hop.
    fn play(&mut self, fx: &mut Effects) {
        for (step, merge) in std::mem::take(&mut self.unplayed) {
            if let Some(h) = self.step(step, merge) {
                fx.first_hop = Some(h);
            }
        }
    }

    /// Applies one result of the glue (a command run, a tick, an interrupt,
    /// a file saved).
    fn result(&mut self, r: &Value) {
        let kind = r.get("kind").and_then(Value::as_str).unwrap_or("");
        let step = r
            .get("step")
            .and_then(|s| serde_json::from_value::<Step>(s.clone()).ok());
        match (kind, step) {
            ("run", Some(step)) => {
                let line = r
                    .get("line")
                    .and_then(Value::as_str)
                    .unwrap_or(&step.record.command)
                    .to_string();
                let prompt = r
                    .get("prompt")
                    .and_then(Value::as_str)
                    .unwrap_or(&self.prompt)
                    .to_string();
                if !line.trim().is_empty() && self.history.last() != Some(&line) {
                    self.history.push(line.clone());
                    if self.history.len() > MAX_HISTORY {
                        self.history.remove(0);
                    }
                }
                self.entry(Entry::Line(line.clone()));
                let mut out = spans(&step.record.stdout);
                push_spans(&mut out, &step.record.stderr);
                if let Some(path) = &step.record.edit {
                    let first = line.split_whitespace().next().unwrap_or("");
                    let editor = if first.ends_with("nano") {
                        "nano"
                    } else {
                        "vi"
                    };
                    self.to_read = Some((path.clone(), editor.to_string()));
                }
                self.push_block(Block {
                    prompt,
                    command: line,
                    out,
                    remarks: step.record.remarks.clone(),
                    ..Block::default()
                });
                self.unplayed.push((step, false));
            }
            ("tick" | "interrupt", Some(step)) => {
                let interrupt = kind == "interrupt";
                self.entry(if interrupt {
                    Entry::Interrupt
                } else {
                    Entry::Tick(r.get("ms").and_then(Value::as_u64).unwrap_or(0))
                });
                let mut text = step.record.stdout.clone();
                text.push_str(&step.record.stderr);
                if interrupt {
                    text.push_str("^C\n");
                }
                if !text.is_empty() || !step.record.remarks.is_empty() {
                    match self.blocks.last_mut() {
                        Some(b) => {
                            let b = Rc::make_mut(b);
                            push_spans(&mut b.out, &text);
                            b.remarks.extend(step.record.remarks.iter().cloned());
                        }
                        None => self.blocks.push(Rc::new(Block {
                            out: spans(&text),
                            id: self.out_gen,
                            ..Block::default()
                        })),
                    }
                    self.changed();
                }
                self.unplayed.push((step, true));
            }
            ("save", _) => {
                let field = |k: &str| r.get(k).and_then(Value::as_str).unwrap_or("").to_string();
                let ok = r.get("ok").and_then(Value::as_bool).unwrap_or(false);
                let said = field("said");
                if ok {
                    self.entry(Entry::Save {
                        path: field("path"),
                        text: field("text"),
                        editor: field("editor"),
                    });
                    if self.editor.as_ref().is_some_and(|e| e.close_after) {
                        self.editor = None;
                    } else if let Some(e) = &mut self.editor {
                        e.text = field("text");
                        e.new = false;
                    }
                }
                self.push_block(Block {
                    out: spans(&format!("{said}\n")),
                    ..Block::default()
                });
            }
            _ => {}
        }
    }

    /// The module's answer to what was asked.
    fn answer(&mut self, ask: Ask, answer: Result<String, String>, fx: &mut Effects) {
        let v = match answer.map(|t| serde_json::from_str::<Value>(&t)) {
            Ok(Ok(v)) => v,
            Ok(Err(e)) => {
                self.note(msg!("term-stopped", why = e.to_string()));
                return;
            }
            Err(why) => {
                let why = module_said(why);
                if matches!(ask, Ask::Open(_)) {
                    self.status = Status::Failed(why);
                } else {
                    // The glue rebuilds the session on the next call.
                    self.note(msg!("term-stopped", why = why));
                    self.queue.clear();
                    self.pending.clear();
                    self.following = false;
                    self.editor = None;
                }
                return;
            }
        };
        if let Some(why) = v.get("refused").and_then(Value::as_str) {
            self.status = Status::Failed(module_said(why.to_string()));
            return;
        }
        if let Some(bad) = v.get("decode") {
            let why = serde_json::from_value::<Msg>(bad.clone())
                .unwrap_or_else(|_| msg!("term-link-bad-session"));
            fx.notice = Some(msg!("term-link-unread", why = why));
            self.link = None;
        }
        if let Ask::Read(path) = &ask {
            let editor = self.to_read.take().map_or("vi".to_string(), |(_, e)| e);
            self.editor = Some(Editor {
                path: path.clone(),
                text: v
                    .get("text")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_string(),
                new: v.get("new").and_then(Value::as_bool).unwrap_or(false),
                editor,
                close_after: false,
            });
            return;
        }
        let replay = matches!(ask, Ask::Open(_));
        if replay {
            self.status = Status::Ready;
        }
        let before = self.clock.1;
        for r in v
            .get("results")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            self.result(r);
        }
        if let Some(p) = v.get("prompt").and_then(Value::as_str) {
            self.prompt = p.to_string();
        }
        if let Some(p) = v.get("pending").and_then(Value::as_str) {
            self.pending = p.to_string();
        }
        for l in v
            .get("rest")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .rev()
        {
            if let Some(l) = l.as_str() {
                self.queue.push_front(l.to_string());
            }
        }
        self.following = v.get("following").and_then(Value::as_bool).unwrap_or(false);
        if let Some(c) = v.get("clock").and_then(Value::as_f64) {
            self.clock = (if replay { c as u64 } else { before }, c as u64);
        }
        if replay {
            // A link's session is drawn once, already played.
            self.play(fx);
            fx.land = true;
            // A link's session lands on its last hop, as a link's hop= would.
            fx.first_hop = self.run.len().checked_sub(1);
        }
    }

    /// Applies an action; what the page does next.
    fn apply(&mut self, a: TermAction) -> Effects {
        let mut fx = Effects::default();
        match a {
            TermAction::Submit(line) => {
                let idle = self.pending.is_empty() && self.queue.is_empty() && !self.busy();
                if line.trim().is_empty() && idle {
                    // bash prints another prompt and runs nothing.
                    self.push_block(Block {
                        prompt: self.prompt.clone(),
                        ..Block::default()
                    });
                } else if line.len() > MAX_LINE_BYTES {
                    self.note(msg!(
                        "term-line-too-long",
                        bytes = line.len(),
                        max = MAX_LINE_BYTES
                    ));
                } else {
                    self.queue.push_back(line);
                }
            }
            TermAction::Paste(text) => {
                let lines: Vec<&str> = text.lines().collect();
                let total = lines.len();
                for l in lines.iter().take(MAX_PASTE_LINES) {
                    if l.len() > MAX_LINE_BYTES {
                        self.note(msg!(
                            "term-line-too-long",
                            bytes = l.len(),
                            max = MAX_LINE_BYTES
                        ));
                    } else {
                        self.queue.push_back(l.to_string());
                    }
                }
                if total > MAX_PASTE_LINES {
                    self.note(msg!(
                        "term-paste-cut",
                        lines = total,
                        max = MAX_PASTE_LINES,
                        left = total - MAX_PASTE_LINES
                    ));
                }
            }
            TermAction::Cancel(line) => {
                let mut command = std::mem::take(&mut self.pending);
                if !command.is_empty() {
                    command.push('\n');
                }
                command.push_str(&line);
                self.push_block(Block {
                    prompt: self.prompt.clone(),
                    command: quoted_lines(&command),
                    out: spans("^C\n"),
                    ..Block::default()
                });
                self.queue.clear();
            }
            TermAction::Interrupt => self.interrupting = true,
            TermAction::Tick => {
                if self.following && self.asking.is_none() {
                    self.ask(Ask::Tick(TICK_MS));
                }
            }
            TermAction::Clear => {
                self.blocks.clear();
                self.cut = 0;
                self.out_gen += 1;
            }
            TermAction::Save(text, close) => {
                if let Some(e) = &mut self.editor {
                    e.close_after = close;
                    // Sent when the module is free (`pump`); a later
                    // save replaces one still waiting: the newest text wins.
                    self.to_save = Some(Ask::Save(e.path.clone(), text, e.editor.clone()));
                }
            }
            TermAction::CloseEditor => self.editor = None,
            TermAction::Play => self.play(&mut fx),
            TermAction::Answer(gen, serial, answer) => {
                if gen != self.gen {
                    return fx;
                }
                match self.asking.take() {
                    Some((s, ask)) if s == serial => self.answer(ask, answer, &mut fx),
                    other => self.asking = other,
                }
            }
            TermAction::Encoded(gen, version, answer) => {
                if gen == self.gen && version == self.entries_gen {
                    let v = answer
                        .ok()
                        .and_then(|t| serde_json::from_str::<Value>(&t).ok())
                        .unwrap_or_default();
                    if let Some(s) = v.get("s").and_then(Value::as_str) {
                        let kept = v.get("kept").and_then(Value::as_u64).unwrap_or(0) as usize;
                        let left = self.entries.len().saturating_sub(kept);
                        if left > 0 && left != self.left_out {
                            fx.notice = Some(msg!(
                                "term-link-cut",
                                left = left,
                                kept = kept,
                                max = MAX_LINK_CHARS
                            ));
                        }
                        self.left_out = left;
                        self.link = (!s.is_empty()).then(|| s.to_string());
                    }
                }
            }
            TermAction::Retry => {
                if matches!(self.status, Status::Failed(_)) && self.layout.is_ok() {
                    self.status = Status::Loading;
                    self.ask(Ask::Open(self.link.clone()));
                }
            }
            TermAction::Continue => {}
        }
        self.pump();
        fx
    }
}

/// Output a record of the terminal's run keeps per stream.
const MAX_RECORD_OUT: usize = 64 * 1024;

/// Cuts a stream to [`MAX_RECORD_OUT`] bytes, at a character's boundary.
fn cap(s: &mut String) {
    if s.len() > MAX_RECORD_OUT {
        let mut at = MAX_RECORD_OUT;
        while !s.is_char_boundary(at) {
            at -= 1;
        }
        s.truncate(at);
    }
}

/// A command typed over lines, as the scrollback shows it (`> ` before each
/// line after the first).
pub fn quoted_lines(command: &str) -> String {
    command.replace('\n', "\n> ")
}

impl AppState {
    /// Makes the terminal the view asks for, or keeps the one it has.
    pub(super) fn refresh_term(&mut self) {
        let keep = self.term.as_ref().is_some_and(|t| t.is_for(&self.view));
        if !keep {
            let v = &self.view;
            let start = v.at_end.then_some(v.scenario);
            let mut t = Term::new(v.config, start, v.session.clone());
            t.drill = v.drill.clone().filter(|_| v.panel == Panel::Drill);
            self.term = Some(Rc::new(t));
        }
        if let Some(t) = &self.term {
            self.view.session = t.link.clone();
        }
    }

    /// A terminal action.
    pub(super) fn term_action(mut self, a: TermAction) -> AppState {
        if a == TermAction::Continue {
            let view = ViewState {
                panel: Panel::Term,
                at_end: true,
                session: None,
                hop: 0,
                object: None,
                sample: None,
                ..self.view.clone()
            };
            self.term = None;
            return self.next(view, None);
        }
        // Whether the page shows this terminal (a drill's node only on its drill).
        let shown = match self.view.panel {
            Panel::Term => true,
            Panel::Drill => self.drill_term().is_some(),
            _ => false,
        };
        let Some(t) = self.term.as_mut() else {
            return self;
        };
        let t = Rc::make_mut(t);
        let fx = t.apply(a);
        let link = t.link.clone();
        if shown {
            self.view.session = link;
            if let Some(h) = fx.first_hop {
                self.seek(h);
                self.playing = !fx.land;
            }
        }
        if let Some(n) = fx.notice {
            self.notice = Some(n);
        }
        self
    }
}

/// What the engine module threw: the core's message as JSON (a refused
/// node), or the browser's own words (a module that could not load).
pub(super) fn module_said(why: String) -> Text {
    serde_json::from_str::<Msg>(&why).map_or(Text::Raw(why), Text::Msg)
}

#[cfg(test)]
mod tests;
