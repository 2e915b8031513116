//! The shell a person types at on the node: bash's grammar as people type
//! it (pipelines, `&&`/`||`/`;`, quoting, variables, `$(…)`, globs,
//! redirections, here-documents, `for`/`while`/`if`), its builtins, and the
//! text filters that work on the programs' real output (`grep`, `awk`, `jq`,
//! …). Pure and deterministic: it runs over a [`Machine`] (the node), never
//! the host.
//!
//! Parts: `syntax` (what a line is), `parse` (reading it, with bash's
//! syntax errors), `expand` (words to fields: parameters, substitutions,
//! splitting, globs, patterns, arithmetic), `exec` (lists, pipelines,
//! redirections, loops with their bound), `builtins` (`cd`, `export`,
//! `test`, `alias`, `printf`, …), `text` / `awk` / `sed` / `jq` (the
//! filters), `guide` (`help`, `explain`).
//!
//! State between lines (variables, exported names, aliases, the working
//! directory, history, `$?`) is a [`Shell`], a plain value the simulation
//! keeps beside its world.

mod arith;
mod awk;
mod builtins;
pub(crate) use builtins::{BIN, BUILTINS, OTHER_BIN};
mod exec;
mod expand;
mod grep;
mod guide;
mod jq;
pub mod parse;
mod pattern;
mod sed;
pub mod syntax;
mod text;

use crate::engine::Outcome;
use crate::msg;
use crate::node::Machine;
use crate::remark::Remark;
use litemap::LiteMap;

/// Loop iterations one line may run (all loops together).
pub const MAX_ITERATIONS: u32 = 10_000;
/// Commands one line may run.
pub const MAX_COMMANDS: u32 = 100_000;
/// Output one line may produce, in bytes.
pub const MAX_OUTPUT: usize = 4 << 20;
/// Most runs of node programs (the container tools, systemctl, ps, …) in one
/// line: each can change the world and emit hops.
pub const MAX_PROGRAMS: u32 = 2_000;
/// Commands kept in `history`.
pub const MAX_HISTORY: usize = 1_000;

/// The shell's state between lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shell {
    vars: LiteMap<String, String>,
    exported: LiteMap<String, ()>,
    aliases: LiteMap<String, String>,
    cwd: String,
    history: Vec<String>,
    status: i32,
    /// The status of the last command substitution of the command being
    /// expanded (`X=$(false)` gives 1).
    last_subst: Option<i32>,
}

impl Default for Shell {
    fn default() -> Shell {
        Shell::new()
    }
}

impl Shell {
    /// root's login shell on the node: HOME=/root, in /root, with the
    /// exam terminal's `k=kubectl` alias.
    pub fn new() -> Shell {
        let mut sh = Shell {
            vars: LiteMap::new(),
            exported: LiteMap::new(),
            aliases: LiteMap::new(),
            cwd: "/root".into(),
            history: Vec::new(),
            status: 0,
            last_subst: None,
        };
        for (k, v) in [
            ("HOME", "/root"),
            (
                "PATH",
                "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
            ),
            ("USER", "root"),
            ("LOGNAME", "root"),
            ("SHELL", "/bin/bash"),
            ("PWD", "/root"),
            ("TERM", "xterm"),
            ("LANG", "C.UTF-8"),
        ] {
            sh.vars.insert(k.into(), v.into());
            sh.exported.insert(k.into(), ());
        }
        sh.aliases.insert("k".into(), "kubectl".into());
        sh
    }

    /// The working directory.
    pub fn cwd(&self) -> &str {
        &self.cwd
    }

    /// A variable's value.
    pub fn var(&self, name: &str) -> Option<&str> {
        self.vars.get(name).map(String::as_str)
    }

    /// The last line's exit status (`$?`).
    pub fn status(&self) -> i32 {
        self.status
    }

    /// `$?` after a command the terminal ended (Ctrl-C: 130).
    pub(crate) fn set_status(&mut self, status: i32) {
        self.status = status;
    }

    /// The variables' names (`$` completion).
    pub(crate) fn var_names(&self) -> impl Iterator<Item = &str> + '_ {
        self.vars.iter().map(|(k, _)| k.as_str())
    }

    /// The aliases (`k` → `kubectl`).
    pub(crate) fn aliases(&self) -> &LiteMap<String, String> {
        &self.aliases
    }

    /// Lines typed so far.
    pub fn history(&self) -> &[String] {
        &self.history
    }

    /// The exported variables (what a program's environment holds).
    pub fn env(&self) -> LiteMap<String, String> {
        let mut env = LiteMap::new();
        for (k, ()) in self.exported.iter() {
            if let Some(v) = self.vars.get(k) {
                env.insert(k.clone(), v.clone());
            }
        }
        env
    }

    /// Whether bash would run `text` as it is, or read more lines first (an
    /// open quote, compound command, here-document, trailing `|`).
    pub fn complete(text: &str) -> bool {
        let body = text.trim_end_matches('\n');
        let trailing = body.len() - body.trim_end_matches('\\').len();
        if trailing % 2 == 1 && text.ends_with('\n') {
            // A line continued with a backslash.
            return false;
        }
        !matches!(parse::parse(text, false), Err(e) if e.incomplete())
    }

    /// Runs one input (a typed line, or several lines bash reads as one
    /// command) on a machine. A line bash refuses (a syntax error) runs
    /// nothing: the machine is untouched; `$?` becomes 2, as in bash.
    pub fn run(&mut self, m: &mut dyn Machine, text: &str) -> Outcome {
        let t = text.trim_end_matches('\n');
        if !t.trim().is_empty() {
            self.history.push(t.to_string());
            if self.history.len() > MAX_HISTORY {
                self.history.remove(0);
            }
        }
        let parsed = match parse::parse(text, true) {
            Ok(p) => p,
            Err(parse::ParseError::TooDeep) => {
                self.status = 2;
                return Outcome::said(2, msg!("shell-too-deep", max = parse::MAX_DEPTH));
            }
            Err(e) => {
                self.status = 2;
                return Outcome::err(2, format!("bash: {}", e.bash_words()));
            }
        };
        let mut run = exec::Run::new(m);
        let mut out = String::new();
        let mut err = String::new();
        for w in &parsed.warnings {
            err.push_str("bash: ");
            err.push_str(w);
            err.push('\n');
        }
        let mut input = exec::Input::default();
        let status = match self.list(&mut run, &parsed.list, &mut input, &mut out, &mut err) {
            Ok(s) => s,
            Err(exec::Stop::Exit(s)) => {
                run.remarks.push(Remark::line(msg!("shell-exit")));
                s
            }
            Err(exec::Stop::Limit(said)) => {
                run.remarks.push(Remark::line(said));
                1
            }
        };
        self.status = status;
        Outcome {
            exit: status,
            stdout: out,
            stderr: err,
            remarks: run.remarks,
            edit: run.edit,
            follow: run.follow,
        }
    }
}
