//! The simulation engine as a wasm module of its own.
//!
//! The engine (the core's `Sim` and `World`, every tool's command grammar,
//! what each tool prints) is over half of what the app would otherwise load
//! before its first view. The app's first load carries only its default
//! view's run, played when the app was built; for any other scenario or
//! configuration, the host's process tables and the compare view, the app
//! imports this module (`atlas-engine.js`, made by wasm-bindgen) and asks it
//! with an [`Ask`] as JSON.
//!
//! - [`play`]: a scenario's run, a [`Played`] as JSON (its steps, or why the
//!   configuration cannot run it);
//! - [`host_processes`]: the host's process table after each command of that
//!   run, a [`Processes`] as JSON;
//! - [`Session`]: a terminal's node kept inside the module, sent one
//!   command line at a time (run, complete, follow, edit a file);
//! - [`encode_session`] / [`decode_session`]: a terminal's session packed
//!   for a link and read back;
//! - [`drill_list`], [`drill_show`], a [`Session`] on a drill's broken node
//!   (`"drill:D03"`) and [`Session::check`]: the CKA drills;
//! - [`quiz_list`]: the quiz, each question with its hop;
//! - [`talk_list`], [`talk`]: the presenter's talks, each scene resolved.
//!
//! [`Ask`]: atlas_core::played::Ask
//! [`Played`]: atlas_core::played::Played
//! [`Processes`]: atlas_core::played::Processes
//!
//! The functions keep no state between calls except the message of a panic
//! (and what a [`Session`] holds): the release profile aborts on panic, which
//! traps the module; the page's loader then reads [`last_panic`] and drops
//! this instance for a fresh one.

use atlas_core::drill::{self, Drill};
use atlas_core::played::{self, Ask, Played, Processes};
use atlas_core::quiz;
use atlas_core::session::{self, Entry};
use atlas_core::sim::{Editor, Sim};
use atlas_core::talk;
use atlas_core::Config;
use std::cell::RefCell;
use wasm_bindgen::prelude::wasm_bindgen;

thread_local! {
    static PANIC: RefCell<String> = const { RefCell::new(String::new()) };
}

/// Installs the hook that keeps a panic's message for [`last_panic`]. Called
/// by wasm-bindgen when the module starts.
#[wasm_bindgen(start)]
pub fn start() {
    std::panic::set_hook(Box::new(|info| {
        let message = info.to_string();
        PANIC.with(|p| *p.borrow_mut() = message);
    }));
}

/// Plays the scenario an [`Ask`] (JSON) names under its configuration: a
/// [`Played`] as JSON. A request that cannot be read is refused, saying why.
#[wasm_bindgen]
pub fn play(ask: &str) -> String {
    match Ask::from_json(ask) {
        Ok(ask) => played::answer(&ask),
        Err(why) => Played::Refused(why),
    }
    .to_json()
}

/// The host's process table after each command of an [`Ask`]'s run: a
/// [`Processes`] as JSON.
#[wasm_bindgen]
pub fn host_processes(ask: &str) -> String {
    let tables: Processes = Ask::from_json(ask).and_then(|ask| played::host_processes(&ask));
    serde_json::to_string(&tables).unwrap_or_default()
}

/// A terminal's node: one world under a configuration, sent one command
/// line at a time as a person types them. The world stays in the module
/// between calls; the session keeps no past steps and no process tables (the
/// face keeps what it shows), so memory grows with the world's own state.
#[wasm_bindgen]
pub struct Session {
    sim: Sim,
    /// The drill whose broken node this is (`"drill:ID"`), and that node
    /// as its set-up left it (some items compare with it): kept, not made
    /// again at every Check. A copy shares the world's persistent tables.
    drill: Option<(Drill, Sim)>,
}

/// The prefix of a [`Session`]'s scenario that names a drill.
const DRILL: &str = "drill:";

#[wasm_bindgen]
impl Session {
    /// A node under a configuration (a `Config` as JSON): an empty node
    /// (`scenario` empty), or the node at the end of a scenario's script
    /// with the same ids its run showed, its steps forgotten. Refused (the
    /// core's message as JSON) when the configuration cannot exist or the
    /// scenario cannot play on it.
    ///
    /// `"drill:ID"` is a drill's broken node under the drill's own
    /// configuration (`config_json` is not read): the set-up run, its steps
    /// forgotten, the hops of what is typed next numbered from 1.
    #[wasm_bindgen(constructor)]
    pub fn new(config_json: &str, scenario: &str) -> Result<Session, String> {
        // A refusal is the core's message as JSON: the app says it in the
        // reader's language.
        let refused = |m: atlas_core::Msg| serde_json::to_string(&m).unwrap_or_default();
        if let Some(id) = scenario.strip_prefix(DRILL) {
            let d = drill::find(id).ok_or_else(|| {
                refused(atlas_core::msg!(
                    "drill-cli-unknown",
                    id = id,
                    ids = drill_ids()
                ))
            })?;
            let base = d.start().map_err(|e| refused(e.message()))?.lean();
            let mut sim = base.clone();
            sim.start_terminal();
            return Ok(Session {
                sim,
                drill: Some((d, base)),
            });
        }
        let config: Config = serde_json::from_str(config_json)
            .map_err(|e| format!("a bad configuration for the engine: {e}"))?;
        let sim = played::terminal(config, scenario).map_err(refused)?;
        Ok(Session { sim, drill: None })
    }

    /// Checks a drill's node as it is now: `{"items": [{"name": {en, ko},
    /// "pass", "found", "why"}], "passed", "total"}`, or `{"err": Msg}`
    /// when this is not a drill's session.
    pub fn check(&self) -> String {
        match &self.drill {
            Some((d, base)) => json(&d.check_against(&self.sim, base)),
            None => serde_json::json!({ "err": atlas_core::msg!("drill-session-not-drill") })
                .to_string(),
        }
    }

    /// Runs one command line (or several lines bash reads as one): its
    /// step (the record and the hops it caused) as JSON. [`Session::following`]
    /// then says whether the command goes on printing.
    pub fn run(&mut self, line: &str) -> String {
        json(self.sim.run_line(line))
    }

    /// bash's prompt in the shell's working directory (`root@node-1:~# `).
    pub fn prompt(&self) -> String {
        self.sim.prompt()
    }

    /// Whether bash would read another line before running `text` (the face
    /// shows `> `).
    pub fn needs_more(&self, text: &str) -> bool {
        Sim::needs_more(text)
    }

    /// What Tab offers at `cursor` (a character offset) in `line`:
    /// `{"start": N, "items": […]}`.
    pub fn complete(&self, line: &str, cursor: usize) -> String {
        json(&self.sim.complete(line, cursor))
    }

    /// The text an editor opens: `{"text": "…", "new": bool}`.
    pub fn read_file(&self, path: &str) -> String {
        let (text, new) = self.sim.read_file(path);
        serde_json::json!({ "text": text, "new": new }).to_string()
    }

    /// Saves an editor's buffer through the node (`editor`: `vi` or
    /// `nano`): `{"ok": bool, "said": "…"}`, the editor's own line.
    pub fn save(&mut self, path: &str, text: &str, editor: &str) -> String {
        let editor = Editor::from_name(editor).unwrap_or(Editor::Vi);
        json(&self.sim.save(path, text, editor))
    }

    /// Whether the last command follows (`-f`, `--watch`) until Ctrl-C.
    pub fn following(&self) -> bool {
        self.sim.following()
    }

    /// While following: the new output and hops over `ms` of logical time,
    /// a step as JSON (its command empty).
    pub fn tick(&mut self, ms: f64) -> String {
        json(self.sim.tick(ms_of(ms)))
    }

    /// Ctrl-C: ends a follow (exit 130), a step as JSON.
    pub fn interrupt(&mut self) -> String {
        json(self.sim.interrupt())
    }

    /// The node's logical clock (ms since the world began).
    pub fn clock_ms(&self) -> f64 {
        self.sim.clock_ms() as f64
    }

    /// The host's process table now, as JSON.
    pub fn processes(&self) -> String {
        json(&self.sim.world().host_processes())
    }
}

/// A face's milliseconds (a JS number) as the clock's: negative, NaN and
/// fractions are cut to whole non-negative milliseconds.
fn ms_of(ms: f64) -> u64 {
    if ms.is_finite() && ms > 0.0 {
        // Saturating: the core bounds a tick anyway.
        ms.min(u64::MAX as f64) as u64
    } else {
        0
    }
}

fn json<T: serde::Serialize + ?Sized>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

/// Packs a session's entries (JSON, a list of `atlas_core::session::Entry`)
/// into a link's text of at most `max_chars`: `{"s": "…", "kept": N}`, the
/// first N entries (all when they fit). Entries that cannot be read pack
/// as none.
#[wasm_bindgen]
pub fn encode_session(entries_json: &str, max_chars: usize) -> String {
    let entries: Vec<Entry> = serde_json::from_str(entries_json).unwrap_or_default();
    let (s, kept) = session::encode(&entries, max_chars);
    serde_json::json!({ "s": s, "kept": kept }).to_string()
}

/// Reads a link's session: `{"ok": [entries…]}`, or `{"err": Msg}` saying
/// why not (the core's message, which the face renders).
#[wasm_bindgen]
pub fn decode_session(s: &str) -> String {
    match session::decode(s) {
        Ok(entries) => serde_json::json!({ "ok": entries }).to_string(),
        Err(e) => serde_json::json!({ "err": e.message() }).to_string(),
    }
}

fn drill_ids() -> String {
    drill::all()
        .into_iter()
        .map(|d| d.id)
        .collect::<Vec<_>>()
        .join(", ")
}

/// The drills: `[{"id", "domain", "title": {en, ko}, "config": Config}]`,
/// sorted by id.
#[wasm_bindgen]
pub fn drill_list() -> String {
    let list: Vec<serde_json::Value> = drill::all()
        .iter()
        .map(|d| {
            serde_json::json!({
                "id": d.id,
                "domain": d.domain,
                "title": d.title,
                "config": d.config().ok(),
            })
        })
        .collect();
    json(&list)
}

/// One drill: `{"id", "domain", "title", "task", "hints": [{en, ko}],
/// "solution", "scenario", "checks": [{en, ko}], "config"}`, or `{"err":
/// Msg}` when there is no such drill.
#[wasm_bindgen]
pub fn drill_show(id: &str) -> String {
    match drill::find(id) {
        Some(d) => serde_json::json!({
            "id": d.id,
            "domain": d.domain,
            "title": d.title,
            "task": d.task,
            "hints": d.hints,
            "solution": d.solution.script,
            "scenario": d.scenario,
            "checks": d.checks.iter().map(|c| &c.name).collect::<Vec<_>>(),
            "config": d.config().ok(),
        })
        .to_string(),
        None => serde_json::json!({
            "err": atlas_core::msg!("drill-cli-unknown", id = id, ids = drill_ids())
        })
        .to_string(),
    }
}

/// The quiz: `[{"id", "question": {en, ko}, "choices": [{en, ko}],
/// "answer", "explanation": {en, ko}, "scenario", "config": Config,
/// "hop"}]`, `hop` the index of the hop in the scenario's run (from 0; the
/// app's link says `hop=` with it plus 1). A question whose hop is not in
/// its run is left out (the core's quiz test fails on it).
#[wasm_bindgen]
pub fn quiz_list() -> String {
    let list: Vec<serde_json::Value> = quiz::all()
        .into_iter()
        .filter_map(|q| {
            let at = q.at?;
            Some(serde_json::json!({
                "id": q.id,
                "question": q.question,
                "choices": q.choices,
                "answer": q.answer,
                "explanation": q.explanation,
                "scenario": q.scenario,
                "config": at.config,
                "hop": at.index,
            }))
        })
        .collect();
    json(&list)
}

/// The English messages only this module produces (other runs, the
/// terminal's tools, the drills and quiz: `atlas_core::message::EN_ENGINE_FTL`):
/// the app's first load leaves them out, and the page's loader hands them to
/// the app as soon as this module is instantiated, before any answer of it is
/// shown.
#[wasm_bindgen]
pub fn messages_en() -> String {
    atlas_core::message::EN_ENGINE_FTL.to_string()
}

/// The talks for presenter mode: `[{"id", "title": {en, ko}, "scenes": N}]`,
/// in file-name order.
#[wasm_bindgen]
pub fn talk_list() -> String {
    let list: Vec<talk::TalkSummary> = talk::all().iter().map(talk::Talk::summary).collect();
    json(&list)
}

/// One talk with every scene played and its range resolved (a
/// `talk::TalkView`: `{"id", "title", "scenes": [{"title", "notes",
/// "config", "scenario", "session", "from", "to", "refused"}]}`), or
/// `{"err": Msg}` when there is no such talk or a scene's range names no
/// hop.
#[wasm_bindgen]
pub fn talk(id: &str) -> String {
    let view = talk::find(id)
        .ok_or_else(|| atlas_core::msg!("talk-unknown", id = id))
        .and_then(|t| t.view());
    match view {
        Ok(v) => json(&v),
        Err(why) => serde_json::json!({ "err": why }).to_string(),
    }
}

/// The message of the panic that stopped the module, or an empty string;
/// taken, so a later failure is never given an earlier panic's message.
#[wasm_bindgen]
pub fn last_panic() -> String {
    PANIC.with(|p| std::mem::take(&mut *p.borrow_mut()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use atlas_core::engine::HostProcess;
    use atlas_core::scenario::{find, SCENARIOS};
    use atlas_core::sim::Step;

    fn ask(name: &str) -> Ask {
        let s = find(name).unwrap();
        Ask::new(s.config(), s)
    }

    #[test]
    fn a_run_is_what_the_core_plays() {
        for s in SCENARIOS.iter().take(3) {
            let a = Ask::new(s.config(), s);
            let got = Played::from_json(&play(&a.to_json())).unwrap();
            assert_eq!(got, played::answer(&a), "{}", s.name);
            assert!(matches!(got, Played::Ran(ref steps) if !steps.is_empty()));
        }
    }

    #[test]
    fn refusals_say_why() {
        let mut a = ask("kubectl-run-dockershim");
        a.config.k8s = atlas_core::K8sVersion(24);
        assert!(
            matches!(Played::from_json(&play(&a.to_json())), Ok(Played::Refused(w)) if atlas_core::Catalog::english().render(&w).contains("1.24"))
        );
        assert!(
            matches!(Played::from_json(&play("{")), Ok(Played::Refused(w)) if atlas_core::Catalog::english().render(&w).contains("bad request"))
        );
        let tables: Processes = serde_json::from_str(&host_processes("[]")).unwrap();
        assert!(tables.is_err());
    }

    #[test]
    fn process_tables_cross_as_json() {
        let a = ask("kubectl-run");
        let tables: Processes = serde_json::from_str(&host_processes(&a.to_json())).unwrap();
        assert_eq!(tables, played::host_processes(&a));
    }

    fn config(name: &str) -> String {
        serde_json::to_string(&find(name).unwrap().config()).unwrap()
    }

    fn step(json: &str) -> Step {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn a_session_runs_one_line_at_a_time_like_a_script() {
        let s = find("runc-run").unwrap();
        let mut session = Session::new(&config("runc-run"), "").unwrap();
        let Played::Ran(script) = played::play(s.config(), s) else {
            panic!("refused");
        };
        // The script's lines, one by one (no comments, no blank lines).
        for (i, line) in s
            .script
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .enumerate()
        {
            assert_eq!(step(&session.run(line)), script[i], "{line}");
        }
        let _: Vec<HostProcess> = serde_json::from_str(&session.processes()).unwrap();
        let mut bad = s.config();
        bad.k8s = atlas_core::K8sVersion(1);
        // Refusals are the core's messages, for the app to say in the
        // reader's language.
        let refused = |e: Option<String>| -> atlas_core::Msg {
            serde_json::from_str(&e.unwrap()).expect("a message as JSON")
        };
        let cannot = refused(Session::new(&serde_json::to_string(&bad).unwrap(), "").err());
        assert!(atlas_core::Catalog::english().has(&cannot.id));
        assert!(Session::new("nonsense", "").is_err());
        let unknown = refused(Session::new(&config("runc-run"), "nothing").err());
        let en = atlas_core::Catalog::english().render(&unknown);
        assert!(en.contains("nothing"), "{en}");
        let drill = refused(Session::new("", "drill:none").err());
        assert_eq!(drill.id, "drill-cli-unknown");
    }

    #[test]
    fn a_session_continues_a_scenario_s_node() {
        let mut session = Session::new(&config("kubectl-run"), "kubectl-run").unwrap();
        let ps = step(&session.run("crictl ps"));
        assert_eq!(ps.record.exit, 0);
        assert_eq!(ps.record.stdout.lines().count(), 2, "{}", ps.record.stdout);
        assert_eq!(ps.hops.first().map(|h| h.seq), Some(1));
        assert!(session.clock_ms() > 0.0);
    }

    #[test]
    fn prompt_and_continuation_are_bash_s() {
        let mut session = Session::new(&config("kubectl-run"), "").unwrap();
        assert_eq!(session.prompt(), "root@node-1:~# ");
        session.run("cd /etc/containerd");
        assert_eq!(session.prompt(), "root@node-1:/etc/containerd# ");
        for more in [
            "echo \"abc",
            "cat <<EOF",
            "crictl ps |",
            "echo a \\",
            "for x in a; do",
        ] {
            assert!(session.needs_more(more), "{more}");
        }
        for done in [
            "echo abc",
            "",
            "cat <<EOF\nx\nEOF",
            "for x in a; do echo $x; done",
        ] {
            assert!(!session.needs_more(done), "{done}");
        }
    }

    #[test]
    fn an_editor_reads_and_saves_through_the_node() {
        let mut session = Session::new(&config("kubectl-run"), "").unwrap();
        let read: serde_json::Value =
            serde_json::from_str(&session.read_file("/etc/crictl.yaml")).unwrap();
        assert_eq!(read["new"], false);
        assert!(read["text"].as_str().unwrap().contains("runtime-endpoint"));
        let saved: serde_json::Value =
            serde_json::from_str(&session.save("notes", "a\nb", "nano")).unwrap();
        assert_eq!(
            saved,
            serde_json::json!({"ok": true, "said": "[ Wrote 2 lines ]"})
        );
        assert_eq!(step(&session.run("cat notes")).record.stdout, "a\nb\n");
        let bad: serde_json::Value =
            serde_json::from_str(&session.save("/proc/x", "1", "vi")).unwrap();
        assert_eq!(bad["ok"], false);
        let new: serde_json::Value = serde_json::from_str(&session.read_file("nothing")).unwrap();
        assert_eq!(new, serde_json::json!({"text": "", "new": true}));
    }

    #[test]
    fn a_follow_ticks_and_is_interrupted() {
        let mut session = Session::new(&config("kubectl-run"), "").unwrap();
        assert!(!session.following());
        step(&session.run("kubectl run bad --image=busybox -- sh -c 'exit 1'"));
        let listed = step(&session.run("kubectl get pods -w"));
        assert!(
            listed.record.stdout.starts_with("NAME"),
            "{}",
            listed.record.stdout
        );
        assert!(session.following());
        let before = session.clock_ms();
        let mut printed = String::new();
        for _ in 0..10 {
            let t = step(&session.tick(1000.0));
            assert_eq!(t.record.command, "");
            printed.push_str(&t.record.stdout);
        }
        assert_eq!(session.clock_ms(), before + 10_000.0);
        assert!(printed.contains("CrashLoopBackOff"), "{printed}");
        let end = step(&session.interrupt());
        assert_eq!(end.record.exit, 130);
        assert!(!session.following());
        assert_eq!(step(&session.run("echo $?")).record.stdout, "130\n");
        // Not following: a tick moves nothing.
        let clock = session.clock_ms();
        step(&session.tick(5000.0));
        assert_eq!(session.clock_ms(), clock);
        step(&session.tick(f64::NAN));
    }

    #[test]
    fn completion_crosses_as_json() {
        let session = Session::new(&config("kubectl-run"), "").unwrap();
        let c: serde_json::Value = serde_json::from_str(&session.complete("cric", 4)).unwrap();
        assert_eq!(c, serde_json::json!({"start": 0, "items": ["crictl"]}));
    }

    #[test]
    fn a_session_packs_for_a_link_and_reads_back() {
        let entries = r#"[{"line":"crictl ps"},{"save":{"path":"x","text":"a","editor":"vi"}},{"tick":1000},"interrupt"]"#;
        let packed: serde_json::Value =
            serde_json::from_str(&encode_session(entries, 8000)).unwrap();
        assert_eq!(packed["kept"], 4);
        let s = packed["s"].as_str().unwrap();
        let back: serde_json::Value = serde_json::from_str(&decode_session(s)).unwrap();
        let want: serde_json::Value = serde_json::from_str(entries).unwrap();
        assert_eq!(back["ok"], want);
        let bad: serde_json::Value = serde_json::from_str(&decode_session("A$")).unwrap();
        assert_eq!(bad["err"]["id"], "session-bad-characters");
        let none: serde_json::Value =
            serde_json::from_str(&encode_session("not json", 8000)).unwrap();
        assert_eq!(none, serde_json::json!({"s": "", "kept": 0}));
    }

    fn value(s: &str) -> serde_json::Value {
        serde_json::from_str(s).unwrap()
    }

    #[test]
    fn drills_list_and_show() {
        let list = value(&drill_list());
        let d03 = list
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["id"] == "D03")
            .unwrap();
        assert_eq!(d03["domain"], "troubleshooting");
        assert_eq!(d03["config"]["runtime"], "containerd-2");
        assert!(d03["title"]["ko"].as_str().unwrap().contains("crictl"));
        let show = value(&drill_show("D03"));
        assert!(show["task"]["en"].as_str().unwrap().contains("crictl ps"));
        assert!(show["solution"]
            .as_str()
            .unwrap()
            .contains("crictl config --set"));
        assert_eq!(show["checks"].as_array().unwrap().len(), 5);
        assert!(!show["hints"].as_array().unwrap().is_empty());
        assert_eq!(show["scenario"], "kubectl-run");
        assert_eq!(show["config"], d03["config"]);
        let none = value(&drill_show("D99"));
        assert_eq!(none["err"]["id"], "drill-cli-unknown");
    }

    #[test]
    fn a_drill_session_is_checked_as_typed() {
        let mut s = Session::new("ignored", "drill:D03").unwrap();
        let broken = step(&s.run("crictl ps"));
        assert_eq!(broken.record.exit, 1);
        let v = value(&s.check());
        assert_eq!(
            (v["passed"].as_u64(), v["total"].as_u64()),
            (Some(2), Some(5))
        );
        let first = &v["items"][0];
        assert_eq!(first["pass"], false);
        assert_eq!(first["found"], "unix:///var/run/dockershim.sock");
        assert!(first["name"]["ko"].as_str().is_some());
        let fix = step(
            &s.run("crictl config --set runtime-endpoint=unix:///run/containerd/containerd.sock"),
        );
        assert_eq!(fix.hops.first().map(|h| h.seq).unwrap_or(1), 1);
        let v = value(&s.check());
        assert_eq!(v["passed"], v["total"]);
        assert!(v["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|i| i["found"].is_null()));
        // The same entries again: the same node (deterministic).
        let mut again = Session::new("", "drill:d03").unwrap();
        again.run("crictl ps");
        again.run("crictl config --set runtime-endpoint=unix:///run/containerd/containerd.sock");
        assert_eq!(again.check(), s.check());
        assert!(Session::new("", "drill:D99").err().unwrap().contains("D99"));
        let plain = Session::new(&config("kubectl-run"), "").unwrap();
        assert_eq!(
            value(&plain.check())["err"]["id"],
            "drill-session-not-drill"
        );
    }

    #[test]
    fn the_quiz_with_its_hops() {
        let list = value(&quiz_list());
        let qs = list.as_array().unwrap();
        assert_eq!(qs.len(), quiz::all().len());
        for q in qs {
            let s = find(q["scenario"].as_str().unwrap()).unwrap();
            let config: Config = serde_json::from_value(q["config"].clone()).unwrap();
            let Played::Ran(steps) = played::play(config, s) else {
                panic!("refused");
            };
            let hops: Vec<_> = steps.iter().flat_map(|s| &s.hops).collect();
            let i = q["hop"].as_u64().unwrap() as usize;
            assert!(i < hops.len());
            assert!(q["answer"].as_u64().unwrap() < q["choices"].as_array().unwrap().len() as u64);
        }
    }

    #[test]
    fn a_panic_s_message_is_kept_for_one_reading() {
        start();
        let _ = std::panic::catch_unwind(|| panic!("the engine broke"));
        let _ = std::panic::take_hook();
        assert!(last_panic().contains("the engine broke"));
        assert_eq!(last_panic(), "", "taken, not kept for the next failure");
    }
}
