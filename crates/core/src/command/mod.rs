//! Command-line grammars: what a person types at the simulated node's shell,
//! parsed the way the real tools parse it, refused with the exact text and exit
//! code the real tool prints.
//!
//! ```
//! use atlas_core::command::{parse, Command};
//! use atlas_core::command::kubectl::KubectlCommand;
//!
//! let cmd = parse("kubectl run nginx --image=nginx:1.25 --restart=Never").unwrap();
//! let Command::Kubectl(k) = &cmd else { panic!() };
//! assert!(matches!(&k.command, KubectlCommand::Run(r) if r.image == "nginx:1.25"));
//! assert_eq!(cmd.to_line(), "kubectl run nginx --image=nginx:1.25 --restart=Never");
//!
//! let err = parse("kubectl run nginx").unwrap_err();
//! assert_eq!(err.stderr, ["error: required flag(s) \"image\" not set"]);
//! assert_eq!(err.exit_code, 1);
//! ```
//!
//! The parsers know nothing about the world: whether a container exists, which
//! Kubernetes version runs, whether a flag was removed in some release. They
//! record what was asked; the engine decides, and formats its own failures
//! with the same [`CommandError`] (see [`runc::RuntimeCli::error`]).

pub mod crictl;
pub mod ctr;
pub mod docker;
pub mod error;
mod flags;
pub mod kubectl;
pub mod nerdctl;
pub mod podman;
pub mod reference;
pub mod runc;
pub mod shell;
pub mod units;
pub(crate) mod words;

#[cfg(test)]
mod tests;

pub use error::{CommandError, ErrorKind, LogLevel, StderrStyle, Tool};
pub use shell::{split_script, ScriptLine, ShellError};

use std::fmt;

/// The programs the simulator answers for.
pub const PROGRAMS: [&str; 10] = [
    "kubectl",
    "crictl",
    "ctr",
    "nerdctl",
    "docker",
    "podman",
    "runc",
    "crun",
    "sleep",
    "systemctl",
];

/// One parsed command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// `kubectl …`.
    Kubectl(kubectl::Kubectl),
    /// `crictl …`.
    Crictl(crictl::Crictl),
    /// `ctr …`.
    Ctr(ctr::Ctr),
    /// `nerdctl …`.
    Nerdctl(nerdctl::Nerdctl),
    /// `docker …`.
    Docker(docker::Docker),
    /// `podman …` (as root, or `sudo -u USER podman …` rootless).
    Podman(podman::Podman),
    /// `runc …` or `crun …`.
    Runtime(runc::RuntimeCli),
    /// `sleep N`: advance the world's clock.
    Sleep {
        /// Seconds (GNU suffixes `s m h d` and fractions accepted; fractions
        /// round up to the next whole second).
        seconds: u64,
    },
    /// `systemctl start|stop|restart UNIT`.
    Systemctl {
        /// The verb.
        action: SystemctlAction,
        /// The unit name without `.service` (`containerd`, `kubelet`, `docker`,
        /// `crio`, …; whether it exists on the node is the engine's call:
        /// `Failed to restart foo.service: Unit foo.service not found.`, exit 5).
        unit: String,
    },
}

/// What `systemctl` should do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SystemctlAction {
    /// `start`.
    Start,
    /// `stop`.
    Stop,
    /// `restart`.
    Restart,
}

impl SystemctlAction {
    /// The verb as typed.
    pub fn as_str(self) -> &'static str {
        match self {
            SystemctlAction::Start => "start",
            SystemctlAction::Stop => "stop",
            SystemctlAction::Restart => "restart",
        }
    }
}

/// Parses one command line: shell words first, then the program's grammar.
///
/// A blank line or a comment is an [`ErrorKind::Empty`] error with exit code 0
/// and no output. A leading `sudo` is dropped (the simulated user is root);
/// `sudo -u USER podman …` runs podman as that user (rootless Podman).
pub fn parse(line: &str) -> Result<Command, CommandError> {
    let words = shell::split(line).map_err(shell_error)?;
    parse_words(&words)
}

/// Parses a command already split into words (`words[0]` is the program).
pub fn parse_words(words: &[String]) -> Result<Command, CommandError> {
    let mut words = words;
    let mut user: Option<String> = None;
    while let Some((first, rest)) = words.split_first() {
        if first != "sudo" {
            break;
        }
        words = rest;
        // sudo's own options: `-E`, `-H`, `-n`, `-i`, `-s`, `-u USER`, `-g GROUP`, `--`.
        while let Some((opt, after)) = words.split_first() {
            match opt.as_str() {
                "-u" | "--user" => {
                    user = after.first().cloned().filter(|u| u != "root" && u != "#0");
                    words = after.get(1..).unwrap_or(&[]);
                }
                "-g" | "--group" => {
                    words = after.get(1..).unwrap_or(&[]);
                }
                "--" => {
                    words = after;
                    break;
                }
                o if o.starts_with('-') && o.len() > 1 => words = after,
                _ => break,
            }
        }
    }
    let Some((argv0, args)) = words.split_first() else {
        return Err(CommandError::new(
            Tool::Shell,
            ErrorKind::Empty,
            0,
            Vec::new(),
        ));
    };
    let program = argv0.rsplit('/').next().unwrap_or(argv0);
    match program {
        "kubectl" => kubectl::parse(args).map(Command::Kubectl),
        "crictl" => crictl::parse(args).map(Command::Crictl),
        "ctr" => ctr::parse(args).map(Command::Ctr),
        "nerdctl" => nerdctl::parse(args).map(Command::Nerdctl),
        "docker" => docker::parse(args).map(Command::Docker),
        "podman" => podman::parse(args, user).map(Command::Podman),
        "runc" => runc::parse(runc::RuntimeBinary::Runc, argv0, args).map(Command::Runtime),
        "crun" => runc::parse(runc::RuntimeBinary::Crun, argv0, args).map(Command::Runtime),
        "sleep" => parse_sleep(args),
        "systemctl" => parse_systemctl(args),
        _ => Err(command_not_found(argv0)),
    }
}

fn supported_hint() -> String {
    format!("Runtime Atlas simulates: {}", PROGRAMS.join(", "))
}

fn command_not_found(argv0: &str) -> CommandError {
    let line = if argv0.contains('/') {
        format!("bash: {argv0}: No such file or directory")
    } else {
        format!("bash: {argv0}: command not found")
    };
    CommandError::new(Tool::Shell, ErrorKind::CommandNotFound, 127, vec![line])
        .with_hint(supported_hint())
}

fn shell_error(e: ShellError) -> CommandError {
    match &e {
        ShellError::Unterminated { quote, .. } => CommandError::new(
            Tool::Shell,
            ErrorKind::ShellSyntax,
            2,
            vec![
                format!(
                    "bash: unexpected EOF while looking for matching `{}'",
                    quote.char()
                ),
                "bash: syntax error: unexpected end of file".into(),
            ],
        )
        .with_hint(e.to_string()),
        ShellError::Unsupported { token, column } => CommandError::said(
            Tool::Shell,
            ErrorKind::Unsupported,
            2,
            crate::msg!("said-shell-unsupported", token = token, column = *column),
        )
        .with_hint(supported_hint()),
    }
}

fn sleep_usage(line: String) -> CommandError {
    CommandError::new(
        Tool::Sleep,
        ErrorKind::InvalidArgument,
        1,
        vec![line, "Try 'sleep --help' for more information.".into()],
    )
}

/// GNU coreutils `sleep`: every operand is a number with an optional `s m h
/// d` suffix; the operands add up.
fn parse_sleep(args: &[String]) -> Result<Command, CommandError> {
    let mut operands: Vec<&String> = Vec::new();
    let mut only_operands = false;
    for a in args {
        if !only_operands && a == "--" {
            only_operands = true;
            continue;
        }
        if !only_operands && a.len() > 1 && a.starts_with('-') {
            if a == "--help" || a == "--version" {
                return Err(CommandError::said(
                    Tool::Sleep,
                    ErrorKind::NotSimulated,
                    0,
                    crate::msg!("said-sleep-flag", flag = a),
                ));
            }
            if let Some(long) = a.strip_prefix("--") {
                return Err(sleep_usage(format!(
                    "sleep: unrecognized option '--{long}'"
                )));
            }
            let c = a.chars().nth(1).unwrap_or('-');
            return Err(sleep_usage(format!("sleep: invalid option -- '{c}'")));
        }
        operands.push(a);
    }
    if operands.is_empty() {
        return Err(sleep_usage("sleep: missing operand".into()));
    }
    let mut total_ms: u128 = 0;
    for op in operands {
        let Some(ms) = sleep_millis(op) else {
            return Err(CommandError::new(
                Tool::Sleep,
                ErrorKind::InvalidArgument,
                1,
                vec![
                    format!("sleep: invalid time interval \u{2018}{op}\u{2019}"),
                    "Try 'sleep --help' for more information.".into(),
                ],
            ));
        };
        total_ms = total_ms.saturating_add(ms);
    }
    let seconds = total_ms.div_ceil(1000);
    match u64::try_from(seconds) {
        Ok(seconds) => Ok(Command::Sleep { seconds }),
        Err(_) => Err(CommandError::said(
            Tool::Sleep,
            ErrorKind::NotSimulated,
            1,
            crate::msg!("said-sleep-forever"),
        )),
    }
}

/// One sleep operand in milliseconds (rounded up), or `None` when GNU sleep
/// would reject it. `inf`/`infinity` give `u128::MAX`.
fn sleep_millis(op: &str) -> Option<u128> {
    let (num, mult): (&str, u128) = match op.chars().last()? {
        's' => (op.get(..op.len() - 1)?, 1),
        'm' => (op.get(..op.len() - 1)?, 60),
        'h' => (op.get(..op.len() - 1)?, 3600),
        'd' => (op.get(..op.len() - 1)?, 86_400),
        _ => (op, 1),
    };
    let lower = num.to_ascii_lowercase();
    if matches!(lower.as_str(), "inf" | "infinity" | "+inf" | "+infinity") {
        return Some(u128::MAX);
    }
    let body = num.strip_prefix('+').unwrap_or(num);
    let (int, frac) = body.split_once('.').unwrap_or((body, ""));
    if (int.is_empty() && frac.is_empty())
        || !int.chars().all(|c| c.is_ascii_digit())
        || !frac.chars().all(|c| c.is_ascii_digit())
    {
        return None;
    }
    let mut secs: u128 = 0;
    for c in int.chars() {
        secs = secs
            .saturating_mul(10)
            .saturating_add(u128::from(c.to_digit(10)?));
    }
    // Fraction to milliseconds, rounded up.
    let mut frac_ms: u128 = 0;
    let mut round_up = false;
    for (k, c) in frac.chars().enumerate() {
        let d = u128::from(c.to_digit(10)?);
        if k < 3 {
            frac_ms = frac_ms * 10 + d;
        } else if d != 0 {
            round_up = true;
        }
    }
    for _ in frac.len()..3 {
        frac_ms *= 10;
    }
    let ms = secs
        .saturating_mul(1000)
        .saturating_add(frac_ms)
        .saturating_add(u128::from(round_up));
    Some(ms.saturating_mul(mult))
}

fn parse_systemctl(args: &[String]) -> Result<Command, CommandError> {
    let words: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
    let Some((verb, units)) = words.split_first() else {
        return Err(CommandError::said(
            Tool::Systemctl,
            ErrorKind::NotSimulated,
            0,
            crate::msg!("said-systemctl-no-verb"),
        ));
    };
    let action = match verb.as_str() {
        "start" => SystemctlAction::Start,
        "stop" => SystemctlAction::Stop,
        "restart" => SystemctlAction::Restart,
        "status" | "enable" | "disable" | "reload" | "is-active" | "is-enabled"
        | "daemon-reload" | "kill" | "list-units" | "show" | "cat" | "mask" | "unmask"
        | "try-restart" | "reload-or-restart" | "is-failed" | "list-unit-files" => {
            return Err(CommandError::said(
                Tool::Systemctl,
                ErrorKind::NotSimulated,
                1,
                crate::msg!("said-systemctl-verb", verb = verb.as_str()),
            )
            .with_hint("systemctl verbs simulated: start, stop, restart"))
        }
        other => {
            return Err(CommandError::new(
                Tool::Systemctl,
                ErrorKind::UnknownCommand,
                1,
                vec![format!("Unknown command verb '{other}'.")],
            ))
        }
    };
    let unit = match units {
        [] => {
            return Err(CommandError::new(
                Tool::Systemctl,
                ErrorKind::MissingArgument,
                1,
                vec!["Too few arguments.".into()],
            ))
        }
        [u] => u.strip_suffix(".service").unwrap_or(u).to_string(),
        _ => {
            return Err(CommandError::said(
                Tool::Systemctl,
                ErrorKind::NotSimulated,
                1,
                crate::msg!("said-systemctl-one-unit"),
            ))
        }
    };
    if unit.is_empty() {
        return Err(CommandError::new(
            Tool::Systemctl,
            ErrorKind::InvalidArgument,
            1,
            vec![format!(
                "Failed to {}: Unit name .service is not valid.",
                action.as_str()
            )],
        ));
    }
    Ok(Command::Systemctl { action, unit })
}

impl Command {
    /// The program that answers.
    pub fn tool(&self) -> Tool {
        match self {
            Command::Kubectl(_) => Tool::Kubectl,
            Command::Crictl(_) => Tool::Crictl,
            Command::Ctr(_) => Tool::Ctr,
            Command::Nerdctl(_) => Tool::Nerdctl,
            Command::Docker(_) => Tool::Docker,
            Command::Podman(_) => Tool::Podman,
            Command::Runtime(r) => r.binary.tool(),
            Command::Sleep { .. } => Tool::Sleep,
            Command::Systemctl { .. } => Tool::Systemctl,
        }
    }

    /// A canonical command line (long flags, `--flag=value`, fixed order,
    /// shell-quoted) that parses back to the same command. Used in trace
    /// headers.
    pub fn to_line(&self) -> String {
        match self {
            Command::Kubectl(k) => k.to_line(),
            Command::Crictl(c) => c.to_line(),
            Command::Ctr(c) => c.to_line(),
            Command::Nerdctl(n) => n.to_line(),
            Command::Docker(d) => d.to_line(),
            Command::Podman(p) => p.to_line(),
            Command::Runtime(r) => r.to_line(),
            Command::Sleep { seconds } => format!("sleep {seconds}"),
            Command::Systemctl { action, unit } => {
                shell::join(&["systemctl", action.as_str(), unit])
            }
        }
    }
}

impl fmt::Display for Command {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_line())
    }
}
