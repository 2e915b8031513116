//! crun's front end: GNU argp (`ARGP_IN_ORDER` global options, then the
//! command's own); glibc-style option messages with `Try …` (exit 64).

use super::grammar::{
    CREATE_FLAGS, CRUN_COMMANDS, CRUN_GLOBAL, DELETE_FLAGS, EXEC_FLAGS, KILL_FLAGS, LIST_FLAGS,
    NO_FLAGS, PS_FLAGS, RUN_FLAGS, SPEC_FLAGS, UPDATE_FLAGS,
};
use super::{
    create_or_run, empty, exec_options, one_container, set_globals, RuntimeBinary, RuntimeCli,
    RuntimeCommand,
};
use crate::command::error::{CommandError, ErrorKind, Tool};
use crate::command::flags::{b, parse_getopt, FlagDef, FlagError, Kind};

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

pub(super) fn parse_crun(args: &[String]) -> Result<RuntimeCli, CommandError> {
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
    let defs: &[FlagDef] = sub_flags(name);
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
            create_or_run(name, first(), &p)
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
            RuntimeCommand::Exec(exec_options(first(), &p))
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
            return Err(CommandError::said(
                Tool::Crun,
                ErrorKind::NotSimulated,
                1,
                crate::msg!(
                    "said-real-command",
                    command = format!("crun {name}"),
                    tool = "crun"
                ),
            ))
        }
        single => {
            arity(1, Some(1))?;
            let id = first();
            one_container(single, id, &p)
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

/// A command's own flags.
fn sub_flags(name: &str) -> &'static [FlagDef] {
    match name {
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
    }
}

/// What crun takes after `path` (completion).
pub(super) fn words(path: &[&str]) -> crate::command::words::Words {
    use crate::command::words::Words;
    match path.first() {
        None => Words::new(CRUN_COMMANDS, CRUN_GLOBAL),
        Some(name) => Words::new(&[], sub_flags(name)),
    }
}
