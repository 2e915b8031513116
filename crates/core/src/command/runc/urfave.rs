//! runc's front end: urfave/cli v1 with Go's flag package; flag errors are
//! `Incorrect Usage: …` on stdout and a logrus entry on stderr, argument
//! counts go through `checkArgs`, unknown commands through urfave's help.

use super::grammar::{
    CREATE_FLAGS, DELETE_FLAGS, EVENTS_FLAGS, EXEC_FLAGS, KILL_FLAGS, LIST_FLAGS, NO_FLAGS,
    PS_FLAGS, RUNC_COMMANDS, RUNC_GLOBAL, RUN_FLAGS, SPEC_FLAGS, UPDATE_FLAGS,
};
use super::{
    create_or_run, empty, exec_options, one_container, runc_style, set_globals, RuntimeBinary,
    RuntimeCli, RuntimeCommand,
};
use crate::command::error::{CommandError, ErrorKind, LogLevel, StderrStyle, Tool};
use crate::command::flags::{parse_goflag, FlagDef, FlagError, GoFlagOpts};

pub(super) fn parse_runc(argv0: &str, args: &[String]) -> Result<RuntimeCli, CommandError> {
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
    let (defs, reorder) = sub_flags(name);
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
            create_or_run(name, id, &p)
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
            RuntimeCommand::Exec(exec_options(id, &p))
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
            return Err(CommandError::said(
                Tool::Runc,
                ErrorKind::NotSimulated,
                1,
                crate::msg!(
                    "said-real-command",
                    command = format!("runc {name}"),
                    tool = "runc"
                ),
            ))
        }
        single => {
            arity(Some(1), 1, None)?;
            let id = first();
            if id.is_empty() {
                return Err(empty_id(""));
            }
            one_container(single, id, &p)
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

/// A command's flags, and whether urfave reorders flags after arguments.
fn sub_flags(name: &str) -> (&'static [FlagDef], bool) {
    match name {
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
    }
}

/// What runc takes after `path` (completion).
pub(super) fn words(path: &[&str]) -> crate::command::words::Words {
    use crate::command::words::Words;
    match path.first() {
        None => Words::new(RUNC_COMMANDS, RUNC_GLOBAL),
        Some(name) => Words::new(&[], sub_flags(name).0),
    }
}
