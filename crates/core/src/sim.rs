//! Running command lines and scripts against a world: what `atlas sim` prints.
//!
//! Each line goes through the node's shell ([`crate::shell`]): pipelines,
//! `&&`/`||`, `NAME=$(crictl runp …)` then `$NAME`, redirections, loops. A
//! script is read as bash reads it: a here-document, a `for … done` or a
//! quote spanning lines is one command, recorded once. `sleep N` advances the
//! logical clock and lets the background actors run.

use crate::command::{self, Command};
use crate::config::Config;
use crate::engine::{HostProcess, Outcome, World};
use crate::message::{Catalog, Msg};
use crate::msg;
use crate::node::fault::{Fault, FaultError};
use crate::node::fs::FsError;
use crate::node::{Io, Machine};
use crate::remark::{self, Remark};
use crate::shell::Shell;
use crate::trace::{push_json_line, Header, Hop, MadeUnder};
use serde::{Deserialize, Serialize};

mod edit;
mod follow;
pub use edit::{Editor, SaveOutcome};
pub use follow::{INTERRUPTED, MAX_TICK_MS};

/// What one command did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Record {
    /// The command line as typed (several lines for a here-document or a
    /// loop written over lines).
    pub command: String,
    /// Exit code.
    pub exit: i32,
    /// Standard output, as the real tool prints it.
    pub stdout: String,
    /// Standard error, as the real tool prints it.
    pub stderr: String,
    /// The simulator's own remarks about the command (`atlas: …`), shown
    /// after the stderr in the reader's language ([`Record::stderr_in`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub remarks: Vec<Remark>,
    /// `vi FILE` / `nano FILE`: the file the face opens in an editor.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub edit: Option<String>,
}

impl Record {
    /// The stderr as a terminal shows it: the tool's, then the simulator's
    /// remarks in the catalog's language.
    pub fn stderr_in(&self, catalog: &Catalog) -> String {
        let mut s = self.stderr.clone();
        s.push_str(&remark::render_all(&self.remarks, catalog));
        s
    }

    /// The record as a trace file writes it: the remarks rendered into the
    /// stderr in the catalog's language.
    pub fn rendered(&self, catalog: &Catalog) -> Record {
        Record {
            command: self.command.clone(),
            exit: self.exit,
            stdout: self.stdout.clone(),
            stderr: self.stderr_in(catalog),
            remarks: Vec::new(),
            edit: self.edit.clone(),
        }
    }
}

/// One command's record and the hops it caused.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Step {
    /// The record.
    pub record: Record,
    /// Hops, numbered continuously across the run.
    pub hops: Vec<Hop>,
}

/// The id generator's seed when none is given: `atlas sim`'s default and the
/// app's, so that both give the same ids.
pub const DEFAULT_SEED: u64 = 1;

/// A run of commands over one world.
#[derive(Debug, Clone)]
pub struct Sim {
    world: World,
    shell: Shell,
    steps: Vec<Step>,
    /// Snapshots of the world after each step (index = step), when kept.
    history: Option<Vec<World>>,
    /// The shell's state after each step, kept with the world's.
    shells: Option<Vec<Shell>>,
    /// The host's process table after each step, when kept.
    procs: Option<Vec<Vec<HostProcess>>>,
    /// A terminal's session: only the last step is kept (the face owns the
    /// steps), no snapshots, no process tables.
    lean: bool,
    /// The command that goes on printing, in a terminal's session.
    follow: Option<Box<crate::engine::Follow>>,
}

/// Longest script accepted, in lines.
pub const MAX_SCRIPT_LINES: usize = 100_000;
/// Longest `sleep` accepted, in seconds (one day).
pub const MAX_SLEEP_S: u64 = 86_400;

impl Sim {
    /// A fresh world for a configuration and a seed.
    pub fn new(config: Config, seed: u64) -> Sim {
        Sim {
            world: World::new(config, seed),
            shell: Shell::new(),
            steps: Vec::new(),
            history: None,
            shells: None,
            procs: None,
            lean: false,
            follow: None,
        }
    }

    /// A terminal's session: keeps only the last step, no snapshots and no
    /// process tables, so memory grows with the world's own state and not
    /// with the commands typed (the face keeps what it shows).
    pub fn lean(mut self) -> Sim {
        self.lean = true;
        self.history = None;
        self.shells = None;
        self.procs = None;
        self.steps.clear();
        self
    }

    /// A terminal starting from the node as it is now: the steps so far and
    /// their hops are forgotten, the shell (variables, aliases, working
    /// directory, history) kept as a terminal that typed them keeps it, and
    /// the hops of what comes next numbered from 1 (a run of its own).
    pub fn start_terminal(&mut self) {
        self.follow = None;
        drop(self.world.take_hops());
        self.world.number_from_one();
        self.steps.clear();
        if let Some(h) = &mut self.history {
            *h = vec![self.world.clone()];
        }
        if let Some(s) = &mut self.shells {
            *s = vec![self.shell.clone()];
        }
        if let Some(p) = &mut self.procs {
            p.clear();
        }
    }

    /// bash's prompt in the shell's working directory (`root@node-1:~# `).
    pub fn prompt(&self) -> String {
        prompt(self.shell.cwd())
    }

    /// Whether bash would read another line before running `text` (an open
    /// quote, a here-document, a trailing `|` or `\`, `for` without `done`):
    /// the terminal shows `> `.
    pub fn needs_more(text: &str) -> bool {
        if text.trim().is_empty() {
            return false;
        }
        let mut t = text.to_string();
        if !t.ends_with('\n') {
            t.push('\n');
        }
        !Shell::complete(&t)
    }

    /// What Tab offers at `cursor` (a character offset) in `line`.
    pub fn complete(&self, line: &str, cursor: usize) -> crate::complete::Completion {
        crate::complete::complete(&self.world, &self.shell, line, cursor)
    }

    /// The node's logical clock, in ms since the world began.
    pub fn clock_ms(&self) -> u64 {
        self.world.now_ms()
    }

    /// Keeps the host's process table after every step (what `ps -ef` on the
    /// node would list of the runtimes and their containers).
    pub fn with_processes(mut self) -> Sim {
        self.procs = Some(Vec::new());
        self
    }

    /// The host's process table after step `i`, when kept.
    pub fn processes(&self, i: usize) -> Option<&[HostProcess]> {
        self.procs.as_ref()?.get(i).map(Vec::as_slice)
    }

    /// Keeps an immutable snapshot of the world after every step, so any step can
    /// be revisited (the browser's step-back).
    pub fn with_history(mut self) -> Sim {
        self.history = Some(vec![self.world.clone()]);
        self.shells = Some(vec![self.shell.clone()]);
        self
    }

    /// Brings the node into a state before anything is shown: a drill's
    /// broken node, a teacher's set-up. The script runs as typed commands
    /// would, then its steps, hops and shell history are forgotten: the
    /// first step shown is the first command after the set-up, and
    /// step-back starts from the set-up's end.
    pub fn setup(&mut self, script: &str) -> Result<(), SimError> {
        let out = self.run_script(script);
        self.forget_steps();
        out
    }

    /// Injects a fault (see [`Fault`]) before anything is shown, as
    /// [`Sim::setup`] does for commands.
    pub fn inject(&mut self, fault: &Fault) -> Result<(), FaultError> {
        let out = self.world.inject(fault);
        self.forget_steps();
        out
    }

    fn forget_steps(&mut self) {
        drop(self.world.take_hops());
        self.steps.clear();
        self.shell = Shell::new();
        if let Some(h) = &mut self.history {
            *h = vec![self.world.clone()];
        }
        if let Some(s) = &mut self.shells {
            *s = vec![self.shell.clone()];
        }
        if let Some(p) = &mut self.procs {
            p.clear();
        }
    }

    /// Drops a Debian package on the node, as a drill ships one (see
    /// [`World::put_deb`]).
    pub fn put_deb(&mut self, path: &str, package: &str, version: &str) {
        self.world.put_deb(path, package, version);
    }

    /// Puts a file in the node's working directory (see [`World::put_file`]).
    pub fn put_file(&mut self, name: &str, text: &str) {
        self.world.put_file(name, text);
    }

    /// The world as it is now.
    pub fn world(&self) -> &World {
        &self.world
    }

    /// The world after step `i` (0 = before any step), when history is kept.
    pub fn snapshot(&self, i: usize) -> Option<&World> {
        self.history.as_ref()?.get(i)
    }

    /// The shell's state after step `i` (0 = before any step), when
    /// history is kept: variables, aliases and the working directory to go
    /// back to with the world.
    pub fn shell_snapshot(&self, i: usize) -> Option<&Shell> {
        self.shells.as_ref()?.get(i)
    }

    /// Every step so far.
    pub fn steps(&self) -> &[Step] {
        &self.steps
    }

    /// The shell's state (variables, aliases, working directory, history).
    pub fn shell(&self) -> &Shell {
        &self.shell
    }

    /// Runs one command line (or several lines bash reads as one command)
    /// through the node's shell; the world is unchanged when bash refuses
    /// the line.
    pub fn run_line(&mut self, line: &str) -> &Step {
        let typed = line.trim_matches(|c: char| c == '\n' || c == '\r').trim();
        let outcome = {
            let mut node = SimNode {
                world: &mut self.world,
            };
            self.shell.run(&mut node, typed)
        };
        let remarks = self.take_follow(outcome.follow, typed);
        let mut said = outcome.remarks;
        said.extend(remarks);
        self.push_step(Record {
            command: typed.to_string(),
            exit: outcome.exit,
            stdout: outcome.stdout,
            stderr: outcome.stderr,
            remarks: said,
            edit: outcome.edit,
        })
    }

    /// Records a step: its record and the hops since the last one.
    fn push_step(&mut self, record: Record) -> &Step {
        let hops = self.world.take_hops();
        if self.lean {
            self.steps.clear();
        }
        self.steps.push(Step { record, hops });
        if let Some(h) = &mut self.history {
            h.push(self.world.clone());
        }
        if let Some(s) = &mut self.shells {
            s.push(self.shell.clone());
        }
        if let Some(p) = &mut self.procs {
            p.push(self.world.host_processes());
        }
        let last = self.steps.len() - 1;
        &self.steps[last]
    }

    /// Runs a script as bash reads it: blank lines and `#` comments between
    /// commands skipped; a command that continues on the next lines (a
    /// here-document, `for … do … done`, an open quote, a trailing `|` or
    /// `\`) is gathered first and recorded as one step.
    pub fn run_script(&mut self, script: &str) -> Result<(), SimError> {
        let n = script.lines().count();
        if n > MAX_SCRIPT_LINES {
            return Err(SimError::TooLong(MAX_SCRIPT_LINES));
        }
        let mut pending = String::new();
        for line in script.lines() {
            if pending.is_empty() {
                let t = line.trim();
                if t.is_empty() || t.starts_with('#') {
                    continue;
                }
            }
            pending.push_str(line);
            pending.push('\n');
            if Shell::complete(&pending) {
                self.run_line(&pending);
                pending.clear();
            }
        }
        if !pending.trim().is_empty() {
            self.run_line(&pending);
        }
        Ok(())
    }

    /// JSON Lines in English: a header, then per command its record and its
    /// hops.
    pub fn to_jsonl(&self, command: &str) -> String {
        self.to_jsonl_in(command, &Catalog::english())
    }

    /// JSON Lines with the notes in the catalog's language (the header says
    /// which).
    pub fn to_jsonl_in(&self, command: &str, catalog: &Catalog) -> String {
        let mut s = String::new();
        push_json_line(
            &mut s,
            &Header::new(MadeUnder::Node(self.world.config()), command).in_lang(catalog.lang()),
        );
        for step in &self.steps {
            push_json_line(&mut s, &step.record.rendered(catalog));
            for hop in &step.hops {
                push_json_line(&mut s, &hop.rendered(catalog));
            }
        }
        s
    }

    /// What a terminal on the node shows, in the catalog's language for the
    /// simulator's own remarks: each command after bash's prompt
    /// (`root@node-1:~# `, the working directory it was typed in), then its
    /// output. The tools' own words stay as they print them.
    pub fn to_terminal_in(&self, catalog: &Catalog) -> String {
        let mut s = String::new();
        for (i, step) in self.steps.iter().enumerate() {
            let cwd = self
                .shell_snapshot(i)
                .map_or("/root", Shell::cwd)
                .to_string();
            s.push_str(&prompt(&cwd));
            s.push_str(&step.record.command);
            s.push('\n');
            s.push_str(&step.record.stdout);
            if !step.record.stdout.is_empty() && !step.record.stdout.ends_with('\n') {
                s.push('\n');
            }
            s.push_str(&step.record.stderr_in(catalog));
        }
        s
    }

    /// A readable transcript in English.
    pub fn to_text(&self) -> String {
        self.to_text_in(&Catalog::english())
    }

    /// A readable transcript: each command, its output, and its hops, the
    /// notes in the catalog's language.
    pub fn to_text_in(&self, catalog: &Catalog) -> String {
        let mut s = String::new();
        for step in &self.steps {
            s.push_str("$ ");
            s.push_str(&step.record.command);
            s.push('\n');
            s.push_str(&step.record.stdout);
            s.push_str(&step.record.stderr_in(catalog));
            if step.record.exit != 0 {
                s.push_str(&format!("[exit {}]\n", step.record.exit));
            }
            for h in &step.hops {
                s.push_str(&format!(
                    "  {:>4}  {} → {}  [{}]  {}",
                    h.seq, h.from, h.to, h.iface, h.call
                ));
                if let Some(n) = &h.note {
                    s.push_str("  — ");
                    s.push_str(&catalog.text(n));
                }
                for e in &h.effects {
                    s.push_str(&format!("  ⟨{} {}: {}⟩", e.object, e.layer, e.to));
                }
                s.push('\n');
            }
        }
        s
    }
}

/// bash's prompt on the node as root: `root@node-1:~# ` (the home
/// directory as `~`).
pub fn prompt(cwd: &str) -> String {
    let shown = match cwd.strip_prefix("/root") {
        Some("") => "~".to_string(),
        Some(rest) if rest.starts_with('/') => format!("~{rest}"),
        _ => cwd.to_string(),
    };
    format!("root@{}:{shown}# ", crate::engine::NODE)
}

/// Why a run could not go on. Its words are messages (`sim-…`,
/// [`SimError::message`]); `Display` renders them in English.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SimError {
    /// The script is longer than the limit.
    TooLong(usize),
    /// No scenario by that name.
    UnknownScenario(String),
}

impl SimError {
    /// What went wrong, in the reader's language.
    pub fn message(&self) -> Msg {
        match self {
            SimError::TooLong(n) => msg!("sim-too-long", max = *n),
            SimError::UnknownScenario(name) => {
                msg!("sim-unknown-scenario", name = format!("{name:?}"))
            }
        }
    }
}

impl std::fmt::Display for SimError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&Catalog::english().render(&self.message()))
    }
}

impl std::error::Error for SimError {}

/// The world as the shell's machine: programs run in it, with `sleep`
/// bounded and advancing the clock as `atlas sim` always has, and `sudo -u
/// USER` handed to the container tools that model users.
struct SimNode<'w> {
    world: &'w mut World,
}

impl Machine for SimNode<'_> {
    fn exec(&mut self, argv: &[String], io: &Io<'_>) -> Option<Outcome> {
        let prog = argv.first().map(|a| crate::node::fs::base(a));
        if matches!(prog, Some("sleep" | "sudo")) {
            let line = command::shell::join(argv);
            return Some(match command::parse(&line) {
                Ok(Command::Sleep { seconds }) => {
                    let s = seconds.min(MAX_SLEEP_S);
                    let until = self.world.now_ms() + s * 1000;
                    self.world.advance_to(until);
                    Outcome::default()
                }
                Ok(cmd) => self.world.apply_in(&cmd, io),
                Err(e) => self.world.command_error(&e),
            });
        }
        self.world.exec(argv, io)
    }

    fn read(&self, path: &str) -> Result<String, FsError> {
        self.world.read(path)
    }

    fn write(&mut self, path: &str, text: &str, append: bool) -> Result<(), FsError> {
        self.world.write(path, text, append)
    }

    fn is_dir(&self, path: &str) -> bool {
        self.world.is_dir(path)
    }

    fn list(&self, dir: &str) -> Vec<String> {
        self.world.list(dir)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn captures_and_expands_like_a_shell() {
        let mut s = Sim::new(Config::default(), 1);
        s.run_line("POD=abc");
        let step = s.run_line("echo $POD ${POD} '$POD'");
        assert_eq!(step.record.stdout, "abc abc $POD\n");
        assert_eq!(step.record.command, "echo $POD ${POD} '$POD'");
    }

    #[test]
    fn a_script_reads_multi_line_commands_as_one() {
        let mut s = Sim::new(Config::default(), 1);
        let script = "# set up\ncat <<EOF > /tmp/k.conf\nnet.ipv4.ip_forward = 1\nEOF\nfor x in a b; do\n  echo $x\ndone\ncat /tmp/k.conf\n";
        assert_eq!(s.run_script(script), Ok(()));
        let cmds: Vec<&str> = s
            .steps()
            .iter()
            .map(|st| st.record.command.as_str())
            .collect();
        assert_eq!(cmds.len(), 3, "{cmds:?}");
        assert_eq!(s.steps()[1].record.stdout, "a\nb\n");
        assert_eq!(s.steps()[2].record.stdout, "net.ipv4.ip_forward = 1\n");
    }
}
