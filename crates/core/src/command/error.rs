//! What a command line that cannot run prints: the exact stdout and stderr of
//! the real tool, its exit code, and how it formats error lines.
//!
//! Several tools log their fatal error through logrus (runc, crictl, nerdctl),
//! so the line carries a timestamp. The parser has no clock: it returns the
//! message and the style, and [`CommandError::render_stderr`] formats it with
//! the time the engine supplies.

use crate::message::{Catalog, Msg};
use serde::{Deserialize, Serialize};
use std::fmt::Write as _;

/// A program the simulator answers for (or the shell itself).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Tool {
    /// The shell (`bash`): syntax errors and unknown programs.
    Shell,
    /// `kubectl` (cobra).
    Kubectl,
    /// `crictl` (urfave/cli v2).
    Crictl,
    /// `ctr` (urfave/cli v1, as shipped with containerd 1.7).
    Ctr,
    /// `nerdctl` (cobra, errors through logrus).
    Nerdctl,
    /// `docker` (cobra, docker/cli conventions).
    Docker,
    /// `podman` (cobra; `Error: …`, exit 125).
    Podman,
    /// `runc` (urfave/cli v1, errors through logrus).
    Runc,
    /// `crun` (GNU argp).
    Crun,
    /// GNU coreutils `sleep`.
    Sleep,
    /// `systemctl`.
    Systemctl,
}

impl Tool {
    /// The program name as typed at a shell.
    pub fn program(self) -> &'static str {
        match self {
            Tool::Shell => "bash",
            Tool::Kubectl => "kubectl",
            Tool::Crictl => "crictl",
            Tool::Ctr => "ctr",
            Tool::Nerdctl => "nerdctl",
            Tool::Docker => "docker",
            Tool::Podman => "podman",
            Tool::Runc => "runc",
            Tool::Crun => "crun",
            Tool::Sleep => "sleep",
            Tool::Systemctl => "systemctl",
        }
    }
}

/// Severity of a logrus entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogLevel {
    /// `level=error` (runc's `fatal()` logs at error level, then exits 1).
    Error,
    /// `level=fatal` (`logrus.Fatal`, crictl and nerdctl).
    Fatal,
}

impl LogLevel {
    /// The level as logrus prints it.
    pub fn as_str(self) -> &'static str {
        match self {
            LogLevel::Error => "error",
            LogLevel::Fatal => "fatal",
        }
    }
}

/// How each stderr line is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StderrStyle {
    /// Printed as is.
    Plain,
    /// logrus text formatter: `time="…" level=error msg="…"`.
    Logrus(LogLevel),
    /// logrus JSON formatter (`runc --log-format json`):
    /// `{"level":"error","msg":"…","time":"…"}`.
    LogrusJson(LogLevel),
}

/// What went wrong, for callers that branch on it (the text is in the lines).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// Nothing to run (blank line or comment). Exit code 0, no output.
    Empty,
    /// The shell could not split the line (unterminated quote).
    ShellSyntax,
    /// Shell syntax the simulator does not run (pipes, redirections, `;`, `$(…)`).
    Unsupported,
    /// The first word is not a program the simulator knows.
    CommandNotFound,
    /// The tool does not have this subcommand.
    UnknownCommand,
    /// The tool does not have this flag.
    UnknownFlag,
    /// A flag that takes a value was given none.
    FlagNeedsArgument,
    /// A flag's value does not parse (number, duration, size, bool).
    InvalidFlagValue,
    /// A malformed flag such as `---x` or `-=x`.
    BadFlagSyntax,
    /// A required argument or flag is missing.
    MissingArgument,
    /// More arguments than the subcommand accepts.
    TooManyArguments,
    /// An argument or flag value the tool rejects before doing anything.
    InvalidArgument,
    /// A real subcommand the simulator does not model.
    NotSimulated,
}

/// A command line that the real tool would reject, with exactly what it prints.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.display_text())]
pub struct CommandError {
    /// The program that prints the error.
    pub tool: Tool,
    /// What went wrong.
    pub kind: ErrorKind,
    /// Lines the tool prints to stdout before it fails ("Incorrect Usage: …").
    /// When [`CommandError::help`] is set, the tool's help screen for that
    /// command follows them (not reproduced here).
    pub stdout: Vec<String>,
    /// Lines the tool prints to stderr. With a logrus style each line is one
    /// entry's `msg` (unescaped), formatted by [`CommandError::render_stderr`].
    pub stderr: Vec<String>,
    /// How stderr lines are formatted.
    pub style: StderrStyle,
    /// The command path whose help screen the tool prints to stdout after
    /// [`CommandError::stdout`] (for example `"runc start"`).
    pub help: Option<String>,
    /// The process exit code.
    pub exit_code: i32,
    /// A note from the simulator (not printed by the real tool), such as the
    /// list of programs it supports.
    pub hint: Option<String>,
    /// The simulator's own words printed after [`CommandError::stderr`] in
    /// the same style (`atlas: … is a real … command, but the simulator does
    /// not run it`): messages, rendered in the reader's language by the face
    /// (see `crate::remark`). A boxed slice: every parser returns this
    /// error, so it is kept small.
    pub remarks: Box<[Msg]>,
}

impl CommandError {
    /// A plain-stderr error.
    pub(crate) fn new(tool: Tool, kind: ErrorKind, exit_code: i32, stderr: Vec<String>) -> Self {
        CommandError {
            tool,
            kind,
            stdout: Vec::new(),
            stderr,
            style: StderrStyle::Plain,
            help: None,
            exit_code,
            hint: None,
            remarks: Box::default(),
        }
    }

    /// The simulator's refusal in its own words, where the tool would run
    /// the command (a real subcommand it does not model): nothing of the
    /// tool's, one remark.
    pub(crate) fn said(tool: Tool, kind: ErrorKind, exit_code: i32, said: Msg) -> Self {
        let mut e = Self::new(tool, kind, exit_code, Vec::new());
        e.remarks = Box::new([said]);
        e
    }

    /// A plain-stderr error whose message may span several lines.
    pub(crate) fn text(tool: Tool, kind: ErrorKind, exit_code: i32, text: &str) -> Self {
        Self::new(
            tool,
            kind,
            exit_code,
            text.split('\n').map(str::to_string).collect(),
        )
    }

    /// One logrus entry.
    pub(crate) fn logrus(tool: Tool, kind: ErrorKind, level: LogLevel, msg: String) -> Self {
        let mut e = Self::new(tool, kind, 1, vec![msg]);
        e.style = StderrStyle::Logrus(level);
        e
    }

    /// Sets the stdout lines.
    pub(crate) fn with_stdout(mut self, lines: Vec<String>) -> Self {
        self.stdout = lines;
        self
    }

    /// Sets the help screen printed after stdout.
    pub(crate) fn with_help(mut self, path: impl Into<String>) -> Self {
        self.help = Some(path.into());
        self
    }

    /// Sets the simulator's note.
    pub(crate) fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Sets the exit code.
    pub(crate) fn with_exit(mut self, code: i32) -> Self {
        self.exit_code = code;
        self
    }

    /// Sets the stderr style.
    pub(crate) fn with_style(mut self, style: StderrStyle) -> Self {
        self.style = style;
        self
    }

    /// The full stderr text, each line ending in `\n`. `time` is the logrus
    /// timestamp (RFC 3339, e.g. `2026-11-23T15:16:18Z`); plain styles ignore it.
    pub fn render_stderr(&self, time: &str) -> String {
        let mut out = String::new();
        for line in &self.stderr {
            match self.style {
                StderrStyle::Plain => out.push_str(line),
                StderrStyle::Logrus(level) => out.push_str(&logrus_text(time, level, line)),
                StderrStyle::LogrusJson(level) => out.push_str(&logrus_json(time, level, line)),
            }
            out.push('\n');
        }
        out
    }

    /// The stdout text, each line ending in `\n` (the help screen, if any, not included).
    pub fn render_stdout(&self) -> String {
        let mut out = String::new();
        for line in &self.stdout {
            out.push_str(line);
            out.push('\n');
        }
        out
    }

    /// The stderr lines and then the remarks, in English.
    fn display_text(&self) -> String {
        let english = Catalog::english();
        let lines = self
            .stderr
            .iter()
            .cloned()
            .chain(self.remarks.iter().map(|m| english.render(m)));
        match self.style {
            StderrStyle::Plain => lines.collect::<Vec<_>>().join("\n"),
            StderrStyle::Logrus(level) | StderrStyle::LogrusJson(level) => lines
                .map(|m| format!("level={} msg={}", level.as_str(), logrus_value(&m)))
                .collect::<Vec<_>>()
                .join("\n"),
        }
    }
}

/// One logrus text-formatter line (no trailing newline).
pub fn logrus_text(time: &str, level: LogLevel, msg: &str) -> String {
    let mut s = String::new();
    if !time.is_empty() {
        let _ = write!(s, "time={} ", logrus_value(time));
    }
    let _ = write!(s, "level={} msg={}", level.as_str(), logrus_value(msg));
    s
}

/// One logrus JSON-formatter line (no trailing newline); keys sorted as Go's
/// encoding/json sorts a map, HTML characters escaped as Go does.
pub fn logrus_json(time: &str, level: LogLevel, msg: &str) -> String {
    let mut map = serde_json::Map::new();
    map.insert("level".into(), level.as_str().into());
    map.insert("msg".into(), msg.into());
    map.insert("time".into(), time.into());
    let raw = serde_json::Value::Object(map).to_string();
    raw.replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

/// A logrus text value: bare when it only has `[A-Za-z0-9-._/@^+]`, else Go-quoted.
pub fn logrus_value(v: &str) -> String {
    let bare = !v.is_empty()
        && v.chars().all(|c| {
            c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_' | '/' | '@' | '^' | '+')
        });
    if bare {
        v.to_string()
    } else {
        go_quote(v)
    }
}

/// Go's `strconv.Quote` (`%q`) for a string.
pub fn go_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        push_go_escaped(&mut out, c, '"');
    }
    out.push('"');
    out
}

/// Go's `%q` for a single character (`'x'`).
pub fn go_quote_char(c: char) -> String {
    let mut out = String::from("'");
    push_go_escaped(&mut out, c, '\'');
    out.push('\'');
    out
}

fn push_go_escaped(out: &mut String, c: char, quote: char) {
    match c {
        '\\' => out.push_str("\\\\"),
        '\u{7}' => out.push_str("\\a"),
        '\u{8}' => out.push_str("\\b"),
        '\u{c}' => out.push_str("\\f"),
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        '\u{b}' => out.push_str("\\v"),
        c if c == quote => {
            out.push('\\');
            out.push(c);
        }
        c if (c as u32) < 0x20 || c as u32 == 0x7f => {
            let _ = write!(out, "\\x{:02x}", c as u32);
        }
        c if c.is_control() => {
            let _ = write!(out, "\\u{:04x}", c as u32);
        }
        c => out.push(c),
    }
}

/// cobra's `SuggestionsFor`: commands within Levenshtein distance 2 (ignoring
/// case) of what was typed, or that start with it.
///
/// Case is folded in ASCII: the commands are ASCII, so a typed letter outside
/// ASCII differs from every command letter whether lowered or not. (Go's
/// `strings.ToLower` also maps U+212A KELVIN SIGN to `k`: that sign is taken
/// as itself here. Unicode's tables cost the app's wasm 4 KB brotli.)
pub(crate) fn cobra_suggestions(typed: &str, commands: &[&str]) -> Vec<String> {
    let lower = typed.to_ascii_lowercase();
    commands
        .iter()
        .filter(|c| {
            let cl = c.to_ascii_lowercase();
            levenshtein(&lower, &cl) <= 2 || cl.starts_with(&lower)
        })
        .map(|c| c.to_string())
        .collect()
}

/// cobra's "Did you mean this?" block, as lines (empty when no suggestion).
pub(crate) fn cobra_suggestion_lines(typed: &str, commands: &[&str]) -> Vec<String> {
    let s = cobra_suggestions(typed, commands);
    if s.is_empty() {
        return Vec::new();
    }
    let mut lines = vec![String::new(), "Did you mean this?".to_string()];
    lines.extend(s.into_iter().map(|c| format!("\t{c}")));
    lines
}

fn levenshtein(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0usize; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        if let Some(first) = cur.first_mut() {
            *first = i + 1;
        }
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            let del = prev
                .get(j + 1)
                .copied()
                .unwrap_or(usize::MAX)
                .saturating_add(1);
            let ins = cur.get(j).copied().unwrap_or(usize::MAX).saturating_add(1);
            let sub = prev
                .get(j)
                .copied()
                .unwrap_or(usize::MAX)
                .saturating_add(cost);
            if let Some(slot) = cur.get_mut(j + 1) {
                *slot = del.min(ins).min(sub);
            }
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev.last().copied().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn logrus_line_matches_runc() {
        assert_eq!(
            logrus_text(
                "2026-11-23T15:16:18Z",
                LogLevel::Error,
                "unknown signal \"NOTASIG\""
            ),
            r#"time="2026-11-23T15:16:18Z" level=error msg="unknown signal \"NOTASIG\"""#
        );
        assert_eq!(
            logrus_text("t", LogLevel::Fatal, "No help topic for 'x'\n"),
            r#"time=t level=fatal msg="No help topic for 'x'\n""#
        );
        assert_eq!(
            logrus_text("", LogLevel::Error, "plain"),
            "level=error msg=plain"
        );
    }

    #[test]
    fn logrus_json_escapes_like_go() {
        assert_eq!(
            logrus_json("T", LogLevel::Error, "a <b> & \"c\""),
            r#"{"level":"error","msg":"a \u003cb\u003e \u0026 \"c\"","time":"T"}"#
        );
    }

    #[test]
    fn go_quote_escapes() {
        assert_eq!(go_quote("a\"b\\c\n\u{1}é"), r#""a\"b\\c\n\x01é""#);
        assert_eq!(go_quote_char('x'), "'x'");
        assert_eq!(go_quote_char('\''), r"'\''");
    }

    #[test]
    fn cobra_suggests_like_kubectl() {
        let cmds = ["create", "run", "set", "get", "delete"];
        assert_eq!(cobra_suggestions("gett", &cmds), vec!["set", "get"]);
        assert_eq!(cobra_suggestions("GeTT", &cmds), vec!["set", "get"]);
        assert_eq!(
            cobra_suggestions("DEL", &cmds),
            vec!["set", "get", "delete"]
        );
        assert_eq!(cobra_suggestions("rün", &cmds), vec!["run"]);
        assert_eq!(cobra_suggestions("de", &cmds), vec!["set", "get", "delete"]);
        assert!(cobra_suggestions("zzzzzz", &cmds).is_empty());
    }
}
