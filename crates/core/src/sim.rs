//! Running command lines and scripts against a world: what `atlas sim` prints.
//!
//! A script is one command per line over one world, in order. `NAME=$(command)`
//! captures a command's trimmed stdout into a variable and `$NAME` / `${NAME}`
//! expand it, as a shell would, so scripts can feed ids from one CRI call to the
//! next. `sleep N` advances the logical clock and lets the background actors run.

use crate::command::{self, Command};
use crate::config::Config;
use crate::engine::{HostProcess, Outcome, World};
use crate::message::{Catalog, Msg};
use crate::msg;
use crate::remark::{self, Remark};
use crate::trace::{push_json_line, Header, Hop, MadeUnder};
use litemap::LiteMap;
use serde::{Deserialize, Serialize};

/// What one command did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Record {
    /// The command line as run (after variable expansion).
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
    vars: LiteMap<String, String>,
    steps: Vec<Step>,
    /// Snapshots of the world after each step (index = step), when kept.
    history: Option<Vec<World>>,
    /// The host's process table after each step, when kept.
    procs: Option<Vec<Vec<HostProcess>>>,
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
            vars: LiteMap::new(),
            steps: Vec::new(),
            history: None,
            procs: None,
        }
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
        self
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

    /// Every step so far.
    pub fn steps(&self) -> &[Step] {
        &self.steps
    }

    /// Runs one command line; the world is unchanged when the command is refused.
    pub fn run_line(&mut self, line: &str) -> &Step {
        let (assign, body) = split_assignment(line.trim());
        let expanded = self.expand(body);
        let outcome = match command::parse(&expanded) {
            Ok(cmd) => self.dispatch(&cmd),
            Err(e) => self.world.command_error(&e),
        };
        if let Some(var) = assign {
            self.vars
                .insert(var.to_string(), outcome.stdout.trim().to_string());
        }
        let hops = self.world.take_hops();
        let shown = match assign {
            Some(v) => format!("{v}=$({expanded})"),
            None => expanded,
        };
        self.steps.push(Step {
            record: Record {
                command: shown,
                exit: outcome.exit,
                stdout: if assign.is_some() {
                    String::new()
                } else {
                    outcome.stdout
                },
                stderr: outcome.stderr,
                remarks: outcome.remarks,
            },
            hops,
        });
        if let Some(h) = &mut self.history {
            h.push(self.world.clone());
        }
        if let Some(p) = &mut self.procs {
            p.push(self.world.host_processes());
        }
        let last = self.steps.len() - 1;
        &self.steps[last]
    }

    /// Runs a script: one command per line; blank lines and `#` comments skipped.
    pub fn run_script(&mut self, script: &str) -> Result<(), SimError> {
        let n = script.lines().count();
        if n > MAX_SCRIPT_LINES {
            return Err(SimError::TooLong(MAX_SCRIPT_LINES));
        }
        for line in script.lines() {
            let t = line.trim();
            if t.is_empty() || t.starts_with('#') {
                continue;
            }
            self.run_line(t);
        }
        Ok(())
    }

    fn dispatch(&mut self, cmd: &Command) -> Outcome {
        if let Command::Sleep { seconds } = cmd {
            let s = (*seconds).min(MAX_SLEEP_S);
            let until = self.world.now_ms() + s * 1000;
            self.world.advance_to(until);
            return Outcome::default();
        }
        self.world.apply(cmd)
    }

    fn expand(&self, s: &str) -> String {
        let mut out = String::with_capacity(s.len());
        let mut chars = s.char_indices().peekable();
        let mut in_single = false;
        while let Some((_, c)) = chars.next() {
            if c == '\'' {
                in_single = !in_single;
                out.push(c);
                continue;
            }
            if c != '$' || in_single {
                out.push(c);
                continue;
            }
            let braced = matches!(chars.peek(), Some((_, '{')));
            if braced {
                chars.next();
            }
            let mut name = String::new();
            while let Some(&(_, n)) = chars.peek() {
                if n.is_ascii_alphanumeric() || n == '_' {
                    name.push(n);
                    chars.next();
                } else {
                    break;
                }
            }
            if braced && matches!(chars.peek(), Some((_, '}'))) {
                chars.next();
            }
            if name.is_empty() {
                out.push('$');
            } else if let Some(v) = self.vars.get(&name) {
                out.push_str(v);
            }
        }
        out
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

fn split_assignment(line: &str) -> (Option<&str>, &str) {
    if let Some((name, rest)) = line.split_once('=') {
        let ok = !name.is_empty()
            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            && !name.starts_with(|c: char| c.is_ascii_digit());
        if ok {
            if let Some(inner) = rest.strip_prefix("$(").and_then(|r| r.strip_suffix(')')) {
                return (Some(name), inner.trim());
            }
        }
    }
    (None, line)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn assignment_and_expansion() {
        assert_eq!(
            split_assignment("POD=$(crictl runp p.json)"),
            (Some("POD"), "crictl runp p.json")
        );
        assert_eq!(split_assignment("crictl ps"), (None, "crictl ps"));
        let mut s = Sim::new(Config::default(), 1);
        s.vars.insert("POD".into(), "abc".into());
        assert_eq!(
            s.expand("crictl stopp $POD ${POD} '$POD'"),
            "crictl stopp abc abc '$POD'"
        );
    }
}
