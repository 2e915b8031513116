//! `runc` and `crun`: one AST, two front ends.
//!
//! runc is urfave/cli v1: errors go through logrus (`time="…" level=error
//! msg="…"`, exit 1), argument counts through `checkArgs`
//! (`runc: "start" requires exactly 1 argument(s)`, after `Incorrect Usage.`
//! and the command help on stdout), unknown commands through urfave's help
//! (`No help topic for 'x'`, exit 3). crun is GNU argp: glibc-style messages,
//! `crun: unrecognized option '--x'` + `Try …` (exit 64), `unknown command x`
//! (exit 1), `crun: \`start\` requires a minimum of 1 arguments` (exit 1).
//!
//! Checks that runc makes only after loading state or the bundle (container
//! ID format, signal names) are exposed as functions the engine calls in the
//! real order: [`validate_container_id`], [`RuntimeCli::kill_signal`].

use super::error::{CommandError, ErrorKind, LogLevel, StderrStyle, Tool};
use super::flags::{
    b, parse_getopt, parse_goflag, s, FlagDef, FlagError, GoFlagOpts, Kind, Parsed,
};
use super::shell::{self, Dash};
use super::units::go_atoi;

/// Which OCI runtime binary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RuntimeBinary {
    /// runc.
    Runc,
    /// crun.
    Crun,
}

impl RuntimeBinary {
    /// The program name.
    pub fn name(self) -> &'static str {
        match self {
            RuntimeBinary::Runc => "runc",
            RuntimeBinary::Crun => "crun",
        }
    }
    /// The [`Tool`] that prints this binary's errors.
    pub fn tool(self) -> Tool {
        match self {
            RuntimeBinary::Runc => Tool::Runc,
            RuntimeBinary::Crun => Tool::Crun,
        }
    }
}

/// A parsed `runc`/`crun` invocation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuntimeCli {
    /// Which binary.
    pub binary: RuntimeBinary,
    /// `--root` (default `/run/runc`, `/run/crun`).
    pub root: Option<String>,
    /// `--log` (default stderr).
    pub log: Option<String>,
    /// `--log-format text|json`.
    pub log_format: Option<String>,
    /// `--debug`.
    pub debug: bool,
    /// `--systemd-cgroup`.
    pub systemd_cgroup: bool,
    /// `--rootless auto|true|false`.
    pub rootless: Option<String>,
    /// The subcommand.
    pub command: RuntimeCommand,
}

/// What to run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RuntimeCommand {
    /// `spec [--rootless] [-b DIR]`: write a default config.json.
    Spec {
        /// `-b/--bundle`.
        bundle: Option<String>,
        /// `--rootless`.
        rootless: bool,
    },
    /// `create [-b DIR] [--pid-file F] [--console-socket S] [--no-pivot] ID`.
    Create(CreateOptions),
    /// `start ID`.
    Start {
        /// Container ID.
        id: String,
    },
    /// `run [-b DIR] [-d] [--keep] … ID`.
    Run(RunOptions),
    /// `state ID`.
    State {
        /// Container ID.
        id: String,
    },
    /// `list [-f table|json] [-q]`.
    List {
        /// `-f/--format`.
        format: Option<String>,
        /// `-q/--quiet`.
        quiet: bool,
    },
    /// `kill [--all] ID [SIGNAL]`.
    Kill {
        /// Container ID.
        id: String,
        /// The signal as typed (`None`: SIGTERM); see [`RuntimeCli::kill_signal`].
        signal: Option<String>,
        /// `-a/--all` (obsolete in runc ≥ 1.2, still accepted).
        all: bool,
    },
    /// `delete [-f] ID`.
    Delete {
        /// Container ID.
        id: String,
        /// `-f/--force`.
        force: bool,
    },
    /// `exec [-d] [-t] [--process FILE] ID [CMD…]`.
    Exec(ExecOptions),
    /// `ps ID [ps-args…]`.
    Ps {
        /// Container ID.
        id: String,
        /// `-f/--format table|json`.
        format: Option<String>,
        /// Arguments passed to ps(1).
        ps_args: Vec<String>,
    },
    /// `pause ID`.
    Pause {
        /// Container ID.
        id: String,
    },
    /// `resume ID`.
    Resume {
        /// Container ID.
        id: String,
    },
    /// `events [--stats] [--interval D] ID`.
    Events {
        /// Container ID.
        id: String,
        /// `--stats`: one stats event and exit.
        stats: bool,
        /// `--interval`.
        interval: Option<String>,
    },
    /// `update [--memory N] [-r FILE] ID`.
    Update {
        /// Container ID.
        id: String,
        /// `--memory` (bytes as typed).
        memory: Option<String>,
        /// `-r/--resources` JSON file.
        resources: Option<String>,
    },
    /// `features`.
    Features,
    /// `--version`.
    Version,
    /// Help screen (`runc`, `runc help kill`, `runc kill --help`); exit 0.
    Help {
        /// The subcommand (`None`: the program's help).
        command: Option<String>,
    },
}

/// `create` options.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CreateOptions {
    /// Container ID.
    pub id: String,
    /// `-b/--bundle` (default: the current directory).
    pub bundle: Option<String>,
    /// `--pid-file`.
    pub pid_file: Option<String>,
    /// `--console-socket`.
    pub console_socket: Option<String>,
    /// `--no-pivot`.
    pub no_pivot: bool,
    /// `--no-new-keyring`.
    pub no_new_keyring: bool,
    /// `--preserve-fds N`: pass the caller's descriptors 3 to 3+N-1 to the
    /// container's process (runc marks every other one close-on-exec).
    pub preserve_fds: u32,
}

/// `run` options (create + start).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RunOptions {
    /// The create part.
    pub create: CreateOptions,
    /// `-d/--detach`.
    pub detach: bool,
    /// `--keep`: do not delete the container after it exits.
    pub keep: bool,
}

/// `exec` options.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExecOptions {
    /// Container ID.
    pub id: String,
    /// The command (empty with `--process`).
    pub command: Vec<String>,
    /// `-d/--detach`.
    pub detach: bool,
    /// `-t/--tty`.
    pub tty: bool,
    /// `-p/--process` JSON file.
    pub process: Option<String>,
    /// `-e/--env`.
    pub env: Vec<String>,
    /// `--cwd`.
    pub cwd: Option<String>,
    /// `-u/--user`.
    pub user: Option<String>,
    /// `--pid-file`.
    pub pid_file: Option<String>,
    /// `--console-socket` (with `--tty`: where the pty master is sent).
    pub console_socket: Option<String>,
    /// `--preserve-fds N`, as for `create`.
    pub preserve_fds: u32,
}

/// runc's container ID check failed (`libcontainer.ErrInvalidID`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid container ID format")]
pub struct InvalidContainerId;

/// runc's container ID rule: non-empty, only `[A-Za-z0-9_+.-]`, and not `.`
/// or `..` (the ID must be a clean path component). runc reports the failure
/// from `create`/`run` as `runc create failed: invalid container ID format`
/// after it has loaded the bundle, and from other commands when loading state.
pub fn validate_container_id(id: &str) -> Result<(), InvalidContainerId> {
    let chars_ok = !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '+' | '-' | '.'));
    if !chars_ok || id == "." || id == ".." {
        return Err(InvalidContainerId);
    }
    Ok(())
}

const RUNC_COMMANDS: &[&str] = &[
    "checkpoint",
    "create",
    "delete",
    "events",
    "exec",
    "init",
    "kill",
    "list",
    "pause",
    "ps",
    "restore",
    "resume",
    "run",
    "spec",
    "start",
    "state",
    "update",
    "features",
    "help",
    "h",
];
const CRUN_COMMANDS: &[&str] = &[
    "checkpoint",
    "create",
    "delete",
    "exec",
    "features",
    "list",
    "mounts",
    "kill",
    "ps",
    "restore",
    "run",
    "spec",
    "start",
    "state",
    "pause",
    "resume",
    "update",
];

const RUNC_GLOBAL: &[FlagDef] = &[
    b("debug"),
    s("log"),
    s("log-format"),
    s("root"),
    s("criu"),
    b("systemd-cgroup"),
    s("rootless"),
    b("version").aliases(&["v"]),
];
const CRUN_GLOBAL: &[FlagDef] = &[
    b("debug"),
    s("cgroup-manager"),
    b("systemd-cgroup"),
    s("log"),
    s("log-format"),
    s("log-level"),
    s("root"),
    s("rootless"),
    b("version").short('v'),
    b("help").short('?'),
    b("usage"),
];

const CREATE_FLAGS: &[FlagDef] = &[
    s("bundle").short('b').aliases(&["b"]),
    s("console-socket"),
    s("pidfd-socket"),
    s("pid-file"),
    b("no-pivot"),
    b("no-new-keyring"),
    FlagDef::new("preserve-fds", Kind::Uint),
];
const RUN_FLAGS: &[FlagDef] = &[
    s("bundle").short('b').aliases(&["b"]),
    s("console-socket"),
    s("pidfd-socket"),
    s("pid-file"),
    b("no-pivot"),
    b("no-new-keyring"),
    FlagDef::new("preserve-fds", Kind::Uint),
    b("detach").short('d').aliases(&["d"]),
    b("keep"),
    b("no-subreaper"),
];
const LIST_FLAGS: &[FlagDef] = &[
    s("format").short('f').aliases(&["f"]),
    b("quiet").short('q').aliases(&["q"]),
];
const KILL_FLAGS: &[FlagDef] = &[b("all").short('a').aliases(&["a"]), b("regex").short('r')];
const DELETE_FLAGS: &[FlagDef] = &[b("force").short('f').aliases(&["f"]), b("regex").short('r')];
const EXEC_FLAGS: &[FlagDef] = &[
    s("console-socket"),
    s("pidfd-socket"),
    s("cwd"),
    s("env").short('e').aliases(&["e"]),
    b("tty").short('t').aliases(&["t"]),
    s("user").short('u').aliases(&["u"]),
    s("additional-gids").short('g').aliases(&["g"]),
    s("process").short('p').aliases(&["p"]),
    b("detach").short('d').aliases(&["d"]),
    s("pid-file"),
    s("process-label"),
    s("apparmor"),
    b("no-new-privs"),
    s("cap").short('c').aliases(&["c"]),
    FlagDef::new("preserve-fds", Kind::Int),
    s("cgroup"),
    b("ignore-paused"),
];
const PS_FLAGS: &[FlagDef] = &[s("format").short('f').aliases(&["f"])];
const EVENTS_FLAGS: &[FlagDef] = &[FlagDef::new("interval", Kind::Duration), b("stats")];
const UPDATE_FLAGS: &[FlagDef] = &[
    s("resources").short('r').aliases(&["r"]),
    s("blkio-weight"),
    s("cpu-period"),
    s("cpu-quota"),
    s("cpu-share"),
    s("cpu-rt-period"),
    s("cpu-rt-runtime"),
    s("cpuset-cpus"),
    s("cpuset-mems"),
    s("kernel-memory"),
    s("kernel-memory-tcp"),
    s("memory"),
    s("cpu-idle"),
    s("memory-reservation"),
    s("memory-swap"),
    FlagDef::new("pids-limit", Kind::Int),
    s("l3-cache-schema"),
    s("mem-bw-schema"),
];
const SPEC_FLAGS: &[FlagDef] = &[s("bundle").short('b').aliases(&["b"]), b("rootless")];
const NO_FLAGS: &[FlagDef] = &[];

/// Parses the words after the program name. `argv0` is the program word as
/// typed (runc prints it in argument-count errors: `runc: "start" requires …`).
pub fn parse(
    binary: RuntimeBinary,
    argv0: &str,
    args: &[String],
) -> Result<RuntimeCli, CommandError> {
    match binary {
        RuntimeBinary::Runc => parse_runc(argv0, args),
        RuntimeBinary::Crun => parse_crun(args),
    }
}

fn empty(binary: RuntimeBinary, command: RuntimeCommand) -> RuntimeCli {
    RuntimeCli {
        binary,
        root: None,
        log: None,
        log_format: None,
        debug: false,
        systemd_cgroup: false,
        rootless: None,
        command,
    }
}

/// `--preserve-fds`: an unsigned flag for create/run, a signed one for exec
/// (runc's flag types); anything that is not a count passes nothing.
fn preserve_fds(p: &Parsed) -> u32 {
    p.uint("preserve-fds")
        .or_else(|| p.int("preserve-fds").and_then(|v| u64::try_from(v).ok()))
        .and_then(|v| u32::try_from(v).ok())
        .unwrap_or(0)
}

fn set_globals(cli: &mut RuntimeCli, p: &Parsed) {
    cli.root = p.string("root");
    cli.log = p.string("log");
    cli.log_format = p.string("log-format");
    cli.debug = p.flag("debug");
    cli.systemd_cgroup = p.flag("systemd-cgroup");
    cli.rootless = p.string("rootless");
}

fn runc_style(log_format: Option<&str>) -> StderrStyle {
    if log_format == Some("json") {
        StderrStyle::LogrusJson(LogLevel::Error)
    } else {
        StderrStyle::Logrus(LogLevel::Error)
    }
}

fn parse_runc(argv0: &str, args: &[String]) -> Result<RuntimeCli, CommandError> {
    let bin = RuntimeBinary::Runc;
    // App-level flags, Go flag style (stops at the command).
    let g = parse_goflag(
        args,
        RUNC_GLOBAL,
        GoFlagOpts {
            reorder: false,
            short_handling: false,
        },
    )
    .map_err(|e| {
        // urfave v1 App.Run: "Incorrect Usage. <err>" + app help on stdout.
        CommandError::logrus(Tool::Runc, e.kind, LogLevel::Error, e.message.clone())
            .with_stdout(vec![
                format!("Incorrect Usage. {}", e.message),
                String::new(),
            ])
            .with_help("runc")
    })?;
    let style = runc_style(g.last("log-format"));
    let mut cli = empty(bin, RuntimeCommand::Help { command: None });
    set_globals(&mut cli, &g);
    if g.flag("help") {
        return Ok(cli);
    }
    if g.flag("version") {
        cli.command = RuntimeCommand::Version;
        return Ok(cli);
    }
    let Some((name, rest)) = g.args.split_first() else {
        return Ok(cli);
    };
    if !RUNC_COMMANDS.contains(&name.as_str()) {
        // urfave v1's default action is the help command: ShowCommandHelp fails
        // with an exit-coder error, written through runc's logrus FatalWriter.
        return Err(CommandError::logrus(
            Tool::Runc,
            ErrorKind::UnknownCommand,
            LogLevel::Error,
            format!("No help topic for '{name}'\n"),
        )
        .with_style(style)
        .with_exit(3));
    }
    let name = name.as_str();
    if name == "help" || name == "h" {
        let topic = rest.first().cloned();
        if let Some(t) = &topic {
            if !RUNC_COMMANDS.contains(&t.as_str()) {
                return Err(CommandError::logrus(
                    Tool::Runc,
                    ErrorKind::UnknownCommand,
                    LogLevel::Error,
                    format!("No help topic for '{t}'\n"),
                )
                .with_style(style)
                .with_exit(3));
            }
        }
        cli.command = RuntimeCommand::Help { command: topic };
        return Ok(cli);
    }
    let (defs, reorder) = match name {
        "create" => (CREATE_FLAGS, true),
        "run" => (RUN_FLAGS, true),
        "list" => (LIST_FLAGS, true),
        "kill" => (KILL_FLAGS, true),
        "delete" => (DELETE_FLAGS, true),
        "exec" => (EXEC_FLAGS, false),
        "ps" => (PS_FLAGS, false),
        "events" => (EVENTS_FLAGS, true),
        "update" => (UPDATE_FLAGS, true),
        "spec" => (SPEC_FLAGS, true),
        _ => (NO_FLAGS, true),
    };
    let p = parse_goflag(
        rest,
        defs,
        GoFlagOpts {
            reorder,
            short_handling: false,
        },
    )
    .map_err(|e| runc_flag_error(style, name, e))?;
    if p.flag("help") {
        cli.command = RuntimeCommand::Help {
            command: Some(name.to_string()),
        };
        return Ok(cli);
    }
    let arity =
        |exact: Option<usize>, min: usize, max: Option<usize>| -> Result<(), CommandError> {
            let n = p.args.len();
            let msg = match (exact, max) {
                (Some(e), _) if n != e => Some(format!(
                    "{argv0}: \"{name}\" requires exactly {e} argument(s)"
                )),
                (None, _) if n < min => Some(format!(
                    "{argv0}: \"{name}\" requires a minimum of {min} argument(s)"
                )),
                (None, Some(m)) if n > m => Some(format!(
                    "{argv0}: \"{name}\" requires a maximum of {m} argument(s)"
                )),
                _ => None,
            };
            match msg {
                None => Ok(()),
                Some(m) => Err(CommandError::logrus(
                    Tool::Runc,
                    if n < min.max(exact.unwrap_or(0)) {
                        ErrorKind::MissingArgument
                    } else {
                        ErrorKind::TooManyArguments
                    },
                    LogLevel::Error,
                    m,
                )
                .with_style(style)
                .with_stdout(vec!["Incorrect Usage.".into(), String::new()])
                .with_help(format!("runc {name}"))),
            }
        };
    let first = || p.args.first().cloned().unwrap_or_default();
    let empty_id = |prefix: &str| {
        CommandError::logrus(
            Tool::Runc,
            ErrorKind::MissingArgument,
            LogLevel::Error,
            format!("{prefix}container id cannot be empty"),
        )
        .with_style(style)
    };
    let command = match name {
        "spec" => {
            arity(Some(0), 0, None)?;
            RuntimeCommand::Spec {
                bundle: p.string("bundle"),
                rootless: p.flag("rootless"),
            }
        }
        "create" | "run" => {
            arity(Some(1), 1, None)?;
            let id = first();
            if id.is_empty() {
                return Err(empty_id(&format!("runc {name} failed: ")));
            }
            let create = CreateOptions {
                id,
                bundle: p.string("bundle"),
                pid_file: p.string("pid-file"),
                console_socket: p.string("console-socket"),
                no_pivot: p.flag("no-pivot"),
                no_new_keyring: p.flag("no-new-keyring"),
                preserve_fds: preserve_fds(&p),
            };
            if name == "create" {
                RuntimeCommand::Create(create)
            } else {
                RuntimeCommand::Run(RunOptions {
                    create,
                    detach: p.flag("detach"),
                    keep: p.flag("keep"),
                })
            }
        }
        "list" => {
            arity(Some(0), 0, None)?;
            RuntimeCommand::List {
                format: p.string("format"),
                quiet: p.flag("quiet"),
            }
        }
        "features" => {
            arity(Some(0), 0, None)?;
            RuntimeCommand::Features
        }
        "kill" => {
            arity(None, 1, Some(2))?;
            let id = first();
            if id.is_empty() {
                return Err(empty_id(""));
            }
            RuntimeCommand::Kill {
                id,
                signal: p.args.get(1).cloned(),
                all: p.flag("all"),
            }
        }
        "exec" => {
            arity(None, 1, None)?;
            let id = first();
            if id.is_empty() {
                return Err(empty_id(""));
            }
            RuntimeCommand::Exec(ExecOptions {
                id,
                command: p.args.iter().skip(1).cloned().collect(),
                detach: p.flag("detach"),
                tty: p.flag("tty"),
                process: p.string("process"),
                env: p.all("env"),
                cwd: p.string("cwd"),
                user: p.string("user"),
                pid_file: p.string("pid-file"),
                console_socket: p.string("console-socket"),
                preserve_fds: preserve_fds(&p),
            })
        }
        "ps" => {
            arity(None, 1, None)?;
            let id = first();
            if id.is_empty() {
                return Err(empty_id(""));
            }
            RuntimeCommand::Ps {
                id,
                format: p.string("format"),
                ps_args: p.args.iter().skip(1).cloned().collect(),
            }
        }
        "checkpoint" | "restore" | "init" => {
            return Err(CommandError::new(
                Tool::Runc,
                ErrorKind::NotSimulated,
                1,
                vec![format!(
                "atlas: `runc {name}` is a real runc command, but the simulator does not run it"
            )],
            ))
        }
        single => {
            arity(Some(1), 1, None)?;
            let id = first();
            if id.is_empty() {
                return Err(empty_id(""));
            }
            match single {
                "start" => RuntimeCommand::Start { id },
                "state" => RuntimeCommand::State { id },
                "delete" => RuntimeCommand::Delete {
                    id,
                    force: p.flag("force"),
                },
                "pause" => RuntimeCommand::Pause { id },
                "resume" => RuntimeCommand::Resume { id },
                "events" => RuntimeCommand::Events {
                    id,
                    stats: p.flag("stats"),
                    interval: p.string("interval"),
                },
                _ => RuntimeCommand::Update {
                    id,
                    memory: p.string("memory"),
                    resources: p.string("resources"),
                },
            }
        }
    };
    cli.command = command;
    Ok(cli)
}

/// urfave v1 command-level flag error: "Incorrect Usage: <err>" and the
/// command help on stdout, then runc's `fatal` logs the error.
fn runc_flag_error(style: StderrStyle, name: &str, e: FlagError) -> CommandError {
    CommandError::logrus(Tool::Runc, e.kind, LogLevel::Error, e.message.clone())
        .with_style(style)
        .with_stdout(vec![
            format!("Incorrect Usage: {}", e.message),
            String::new(),
        ])
        .with_help(format!("runc {name}"))
}

fn crun_usage_error(e: FlagError) -> CommandError {
    CommandError::new(
        Tool::Crun,
        e.kind,
        64,
        vec![
            format!("crun: {}", e.message),
            "Try `crun --help' or `crun --usage' for more information.".into(),
        ],
    )
}

fn parse_crun(args: &[String]) -> Result<RuntimeCli, CommandError> {
    let bin = RuntimeBinary::Crun;
    // argp with ARGP_IN_ORDER: global options up to the first non-option (the command).
    let cmd_pos = {
        let mut k = 0usize;
        let mut found = None;
        while let Some(a) = args.get(k) {
            if a == "--" {
                break;
            }
            if !a.starts_with('-') || a == "-" {
                found = Some(k);
                break;
            }
            let takes = CRUN_GLOBAL.iter().any(|d| {
                d.kind != Kind::Bool
                    && (a == &format!("--{}", d.name)
                        || d.short.is_some_and(|c| a == &format!("-{c}")))
            });
            k += if takes { 2 } else { 1 };
        }
        found
    };
    let global_args: Vec<String> = args
        .iter()
        .take(cmd_pos.unwrap_or(args.len()))
        .cloned()
        .collect();
    let g = parse_getopt(&global_args, CRUN_GLOBAL).map_err(crun_usage_error)?;
    let mut cli = empty(bin, RuntimeCommand::Help { command: None });
    set_globals(&mut cli, &g);
    if g.flag("help") || g.flag("usage") {
        return Ok(cli);
    }
    if g.flag("version") {
        cli.command = RuntimeCommand::Version;
        return Ok(cli);
    }
    let Some(pos) = cmd_pos else {
        return Err(CommandError::new(
            Tool::Crun,
            ErrorKind::MissingArgument,
            1,
            vec!["please specify a command".into()],
        ));
    };
    let name = args.get(pos).map(String::as_str).unwrap_or("");
    if !CRUN_COMMANDS.contains(&name) {
        return Err(CommandError::new(
            Tool::Crun,
            ErrorKind::UnknownCommand,
            1,
            vec![format!("unknown command {name}")],
        ));
    }
    let rest: Vec<String> = args.iter().skip(pos + 1).cloned().collect();
    let defs: &[FlagDef] = match name {
        "create" => CREATE_FLAGS,
        "run" => RUN_FLAGS,
        "list" => LIST_FLAGS,
        "kill" => KILL_FLAGS,
        "delete" => DELETE_FLAGS,
        "exec" => EXEC_FLAGS,
        "ps" => PS_FLAGS,
        "update" => UPDATE_FLAGS,
        "spec" => SPEC_FLAGS,
        _ => NO_FLAGS,
    };
    let mut with_help: Vec<FlagDef> = defs.to_vec();
    with_help.push(b("help").short('?'));
    with_help.push(b("usage"));
    // exec stops at the first argument after the ID (the command's own flags).
    let p = if name == "exec" {
        let split = first_positional(&rest, &with_help)
            .map(|i| i + 1)
            .unwrap_or(rest.len());
        let head: Vec<String> = rest.iter().take(split).cloned().collect();
        let mut p = parse_getopt(&head, &with_help).map_err(crun_usage_error)?;
        p.args.extend(rest.iter().skip(split).cloned());
        p
    } else {
        parse_getopt(&rest, &with_help).map_err(crun_usage_error)?
    };
    if p.flag("help") || p.flag("usage") {
        cli.command = RuntimeCommand::Help {
            command: Some(name.to_string()),
        };
        return Ok(cli);
    }
    let arity = |min: usize, max: Option<usize>| -> Result<(), CommandError> {
        let n = p.args.len();
        let msg = if n < min {
            Some((
                ErrorKind::MissingArgument,
                format!("crun: `{name}` requires a minimum of {min} arguments"),
            ))
        } else if max.is_some_and(|m| n > m) {
            Some((
                ErrorKind::TooManyArguments,
                format!(
                    "crun: `{name}` requires a maximum of {} arguments",
                    max.unwrap_or(0)
                ),
            ))
        } else {
            None
        };
        match msg {
            None => Ok(()),
            Some((kind, m)) => Err(CommandError::new(Tool::Crun, kind, 1, vec![m])),
        }
    };
    let first = || p.args.first().cloned().unwrap_or_default();
    let command = match name {
        "spec" => {
            arity(0, Some(0))?;
            RuntimeCommand::Spec {
                bundle: p.string("bundle"),
                rootless: p.flag("rootless"),
            }
        }
        "create" | "run" => {
            arity(1, Some(1))?;
            let create = CreateOptions {
                id: first(),
                bundle: p.string("bundle"),
                pid_file: p.string("pid-file"),
                console_socket: p.string("console-socket"),
                no_pivot: p.flag("no-pivot"),
                no_new_keyring: p.flag("no-new-keyring"),
                preserve_fds: preserve_fds(&p),
            };
            if name == "create" {
                RuntimeCommand::Create(create)
            } else {
                RuntimeCommand::Run(RunOptions {
                    create,
                    detach: p.flag("detach"),
                    keep: p.flag("keep"),
                })
            }
        }
        "list" => {
            arity(0, Some(0))?;
            RuntimeCommand::List {
                format: p.string("format"),
                quiet: p.flag("quiet"),
            }
        }
        "features" => {
            arity(0, Some(0))?;
            RuntimeCommand::Features
        }
        "kill" => {
            arity(1, Some(2))?;
            RuntimeCommand::Kill {
                id: first(),
                signal: p.args.get(1).cloned(),
                all: p.flag("all"),
            }
        }
        "exec" => {
            arity(1, None)?;
            RuntimeCommand::Exec(ExecOptions {
                id: first(),
                command: p.args.iter().skip(1).cloned().collect(),
                detach: p.flag("detach"),
                tty: p.flag("tty"),
                process: p.string("process"),
                env: p.all("env"),
                cwd: p.string("cwd"),
                user: p.string("user"),
                pid_file: p.string("pid-file"),
                console_socket: p.string("console-socket"),
                preserve_fds: preserve_fds(&p),
            })
        }
        "ps" => {
            arity(1, None)?;
            RuntimeCommand::Ps {
                id: first(),
                format: p.string("format"),
                ps_args: p.args.iter().skip(1).cloned().collect(),
            }
        }
        "checkpoint" | "restore" | "mounts" => {
            return Err(CommandError::new(
                Tool::Crun,
                ErrorKind::NotSimulated,
                1,
                vec![format!(
                "atlas: `crun {name}` is a real crun command, but the simulator does not run it"
            )],
            ))
        }
        single => {
            arity(1, Some(1))?;
            let id = first();
            match single {
                "start" => RuntimeCommand::Start { id },
                "state" => RuntimeCommand::State { id },
                "delete" => RuntimeCommand::Delete {
                    id,
                    force: p.flag("force"),
                },
                "pause" => RuntimeCommand::Pause { id },
                "resume" => RuntimeCommand::Resume { id },
                _ => RuntimeCommand::Update {
                    id,
                    memory: p.string("memory"),
                    resources: p.string("resources"),
                },
            }
        }
    };
    cli.command = command;
    Ok(cli)
}

/// Index of the first positional argument (skipping options and their values).
fn first_positional(args: &[String], defs: &[FlagDef]) -> Option<usize> {
    let mut k = 0usize;
    while let Some(a) = args.get(k) {
        if a == "--" || !a.starts_with('-') || a == "-" {
            return Some(if a == "--" { k + 1 } else { k }).filter(|i| *i < args.len());
        }
        let takes = defs.iter().any(|d| {
            d.kind != Kind::Bool
                && (a == &format!("--{}", d.name) || d.short.is_some_and(|c| a == &format!("-{c}")))
        });
        k += if takes { 2 } else { 1 };
    }
    None
}

impl RuntimeCli {
    /// An error printed the way this runtime prints errors: for runc, one
    /// logrus entry (`level=error`, JSON with `--log-format json`), exit 1; for
    /// crun, the plain message, exit 1. Use it for the engine's runtime errors,
    /// for example `runc create failed: invalid container ID format`.
    pub fn error(&self, kind: ErrorKind, msg: impl Into<String>) -> CommandError {
        match self.binary {
            RuntimeBinary::Runc => {
                CommandError::logrus(Tool::Runc, kind, LogLevel::Error, msg.into())
                    .with_style(runc_style(self.log_format.as_deref()))
            }
            RuntimeBinary::Crun => CommandError::new(Tool::Crun, kind, 1, vec![msg.into()]),
        }
    }

    /// The signal `kill` sends, resolved as the binary does. runc: numbers are
    /// taken as is, names with or without `SIG` in any case, default SIGTERM,
    /// anything else fails with `unknown signal "X"` (checked after the
    /// container is found, so the engine calls this after its lookup). crun
    /// accepts any word (an unknown name ends up as signal 0, exit 0).
    pub fn kill_signal(&self) -> Option<Result<i64, CommandError>> {
        let RuntimeCommand::Kill { signal, .. } = &self.command else {
            return None;
        };
        let raw = signal.as_deref().unwrap_or("SIGTERM");
        if let Some(n) = go_atoi(raw) {
            return Some(Ok(n));
        }
        let resolved = super::units::signal_number(raw).map(i64::from);
        Some(match (resolved, self.binary) {
            (Some(n), _) => Ok(n),
            (None, RuntimeBinary::Crun) => Ok(0),
            (None, RuntimeBinary::Runc) => Err(self.error(
                ErrorKind::InvalidArgument,
                format!("unknown signal {}", super::error::go_quote(raw)),
            )),
        })
    }

    /// The container ID the command acts on, if any.
    pub fn container_id(&self) -> Option<&str> {
        match &self.command {
            RuntimeCommand::Create(c) => Some(&c.id),
            RuntimeCommand::Run(r) => Some(&r.create.id),
            RuntimeCommand::Exec(e) => Some(&e.id),
            RuntimeCommand::Start { id }
            | RuntimeCommand::State { id }
            | RuntimeCommand::Kill { id, .. }
            | RuntimeCommand::Delete { id, .. }
            | RuntimeCommand::Ps { id, .. }
            | RuntimeCommand::Pause { id }
            | RuntimeCommand::Resume { id }
            | RuntimeCommand::Events { id, .. }
            | RuntimeCommand::Update { id, .. } => Some(id),
            _ => None,
        }
    }

    /// The canonical command line.
    pub fn to_line(&self) -> String {
        let mut w = vec![self.binary.name().to_string()];
        let opt = |w: &mut Vec<String>, name: &str, v: &Option<String>| {
            if let Some(v) = v {
                w.push(format!("--{name}={v}"));
            }
        };
        let flag = |w: &mut Vec<String>, name: &str, on: bool| {
            if on {
                w.push(format!("--{name}"));
            }
        };
        opt(&mut w, "root", &self.root);
        opt(&mut w, "log", &self.log);
        opt(&mut w, "log-format", &self.log_format);
        flag(&mut w, "debug", self.debug);
        flag(&mut w, "systemd-cgroup", self.systemd_cgroup);
        opt(&mut w, "rootless", &self.rootless);
        let create_flags = |f: &mut Vec<String>, c: &CreateOptions| {
            opt(f, "bundle", &c.bundle);
            opt(f, "pid-file", &c.pid_file);
            opt(f, "console-socket", &c.console_socket);
            flag(f, "no-pivot", c.no_pivot);
            flag(f, "no-new-keyring", c.no_new_keyring);
            if c.preserve_fds > 0 {
                f.push(format!("--preserve-fds={}", c.preserve_fds));
            }
        };
        // runc reorders flags after arguments (urfave v1) and crun permutes
        // them (getopt), except runc exec/ps which stop at the container ID.
        let mut dash = Dash::Any;
        let mut f = Vec::new();
        let (sub, args): (&str, Vec<String>) = match &self.command {
            RuntimeCommand::Spec { bundle, rootless } => {
                opt(&mut f, "bundle", bundle);
                flag(&mut f, "rootless", *rootless);
                ("spec", vec![])
            }
            RuntimeCommand::Create(c) => {
                create_flags(&mut f, c);
                ("create", vec![c.id.clone()])
            }
            RuntimeCommand::Run(r) => {
                create_flags(&mut f, &r.create);
                flag(&mut f, "detach", r.detach);
                flag(&mut f, "keep", r.keep);
                ("run", vec![r.create.id.clone()])
            }
            RuntimeCommand::Start { id } => ("start", vec![id.clone()]),
            RuntimeCommand::State { id } => ("state", vec![id.clone()]),
            RuntimeCommand::List { format, quiet } => {
                opt(&mut f, "format", format);
                flag(&mut f, "quiet", *quiet);
                ("list", vec![])
            }
            RuntimeCommand::Kill { id, signal, all } => {
                flag(&mut f, "all", *all);
                let mut a = vec![id.clone()];
                a.extend(signal.iter().cloned());
                ("kill", a)
            }
            RuntimeCommand::Delete { id, force } => {
                flag(&mut f, "force", *force);
                ("delete", vec![id.clone()])
            }
            RuntimeCommand::Exec(e) => {
                flag(&mut f, "detach", e.detach);
                flag(&mut f, "tty", e.tty);
                opt(&mut f, "console-socket", &e.console_socket);
                opt(&mut f, "process", &e.process);
                for env in &e.env {
                    f.push(format!("--env={env}"));
                }
                opt(&mut f, "cwd", &e.cwd);
                opt(&mut f, "user", &e.user);
                opt(&mut f, "pid-file", &e.pid_file);
                if e.preserve_fds > 0 {
                    f.push(format!("--preserve-fds={}", e.preserve_fds));
                }
                dash = Dash::First;
                let mut a = vec![e.id.clone()];
                a.extend(e.command.iter().cloned());
                ("exec", a)
            }
            RuntimeCommand::Ps {
                id,
                format,
                ps_args,
            } => {
                opt(&mut f, "format", format);
                if self.binary == RuntimeBinary::Runc {
                    dash = Dash::First;
                }
                let mut a = vec![id.clone()];
                a.extend(ps_args.iter().cloned());
                ("ps", a)
            }
            RuntimeCommand::Pause { id } => ("pause", vec![id.clone()]),
            RuntimeCommand::Resume { id } => ("resume", vec![id.clone()]),
            RuntimeCommand::Events {
                id,
                stats,
                interval,
            } => {
                flag(&mut f, "stats", *stats);
                opt(&mut f, "interval", interval);
                ("events", vec![id.clone()])
            }
            RuntimeCommand::Update {
                id,
                memory,
                resources,
            } => {
                opt(&mut f, "memory", memory);
                opt(&mut f, "resources", resources);
                ("update", vec![id.clone()])
            }
            RuntimeCommand::Features => ("features", vec![]),
            RuntimeCommand::Version => {
                w.push("--version".into());
                return shell::join(&w);
            }
            RuntimeCommand::Help { command } => {
                match (command, self.binary) {
                    (Some(c), RuntimeBinary::Runc) => w.extend(["help".to_string(), c.clone()]),
                    (Some(c), RuntimeBinary::Crun) => w.extend([c.clone(), "--help".to_string()]),
                    (None, RuntimeBinary::Crun) => w.push("--help".into()),
                    (None, RuntimeBinary::Runc) => {}
                }
                return shell::join(&w);
            }
        };
        w.push(sub.to_string());
        w.extend(shell::assemble(f, args, dash, false));
        shell::join(&w)
    }
}
