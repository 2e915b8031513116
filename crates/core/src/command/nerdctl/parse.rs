//! How nerdctl reads the words after `nerdctl`: pflag with global flags before
//! the command, management groups, cobra's argument counts, and the error
//! framing (one logrus `level=fatal` line, exit 1).

use super::grammar::{
    COMMANDS, CONTAINER_SUBS, EXEC, FORMAT, GLOBAL, IMAGES, IMAGE_SUBS, INSPECT, KILL, LOGS, PS,
    PULL, RM, RMI, RUN_EXTRA, START, STOP,
};
use super::{Nerdctl, NerdctlCommand};
use crate::command::docker::{ContainerExec, ContainerRun, PortSpec, RUN_FLAGS};
use crate::command::error::{cobra_suggestions, CommandError, ErrorKind, LogLevel, Tool};
use crate::command::flags::{b, parse_pflag, FlagDef, FlagError, PflagOpts};

fn fatal(kind: ErrorKind, msg: impl Into<String>) -> CommandError {
    CommandError::logrus(Tool::Nerdctl, kind, LogLevel::Fatal, msg.into())
}

fn flag_error(e: FlagError) -> CommandError {
    fatal(e.kind, e.message)
}

/// Parses the words after `nerdctl`.
pub fn parse(args: &[String]) -> Result<Nerdctl, CommandError> {
    // TraverseChildren: global flags before the command.
    let g = parse_pflag(
        args,
        GLOBAL,
        PflagOpts {
            interspersed: false,
            normalize_underscores: false,
        },
    )
    .map_err(flag_error)?;
    let mut n = Nerdctl {
        namespace: g.string("namespace"),
        address: g.string("address"),
        snapshotter: g.string("snapshotter"),
        debug: g.flag("debug") || g.flag("debug-full"),
        command: NerdctlCommand::Help { path: vec![] },
    };
    if g.flag("help") {
        return Ok(n);
    }
    if g.flag("version") {
        n.command = NerdctlCommand::ClientVersion;
        return Ok(n);
    }
    let Some((name, rest)) = g.args.split_first() else {
        return Ok(n);
    };
    let name = name.as_str();
    if !COMMANDS.contains(&name) {
        let mut msg = format!("unknown subcommand \"{name}\" for \"nerdctl\"");
        let sugg = cobra_suggestions(name, COMMANDS);
        if !sugg.is_empty() {
            msg.push_str("\n\nDid you mean this?\n");
            for s in sugg {
                msg.push_str(&format!("\t{s}\n"));
            }
        }
        return Err(fatal(ErrorKind::UnknownCommand, msg));
    }
    if name == "help" {
        n.command = NerdctlCommand::Help {
            path: rest.to_vec(),
        };
        return Ok(n);
    }
    let (group, sub, rest): (Option<&str>, String, Vec<String>) = match name {
        "container" | "image" => match rest.split_first() {
            None => {
                n.command = NerdctlCommand::Help {
                    path: vec![name.to_string()],
                };
                return Ok(n);
            }
            Some((sub, tail)) if sub == "--help" || sub == "-h" => {
                let _ = tail;
                n.command = NerdctlCommand::Help {
                    path: vec![name.to_string()],
                };
                return Ok(n);
            }
            Some((sub, tail)) => (Some(name), sub.clone(), tail.to_vec()),
        },
        other => (None, other.to_string(), rest.to_vec()),
    };
    let canonical = canonical(group, &sub).to_string();
    let (defs, interspersed): (Vec<FlagDef>, bool) = match sub_flags(canonical.as_str()) {
        Some(d) => d,
        None => {
            let other = canonical.as_str();
            let path = match group {
                Some(g) => format!("nerdctl {g} {other}"),
                None => format!("nerdctl {other}"),
            };
            if group.is_some() && !is_group_sub(group.unwrap_or(""), other) {
                let g = group.unwrap_or("");
                let mut msg = format!("unknown subcommand \"{other}\" for \"{g}\"");
                let known: &[&str] = if g == "container" {
                    CONTAINER_SUBS
                } else {
                    IMAGE_SUBS
                };
                let sugg = cobra_suggestions(other, known);
                if !sugg.is_empty() {
                    msg.push_str("\n\nDid you mean this?\n");
                    for s in sugg {
                        msg.push_str(&format!("\t{s}\n"));
                    }
                }
                return Err(fatal(ErrorKind::UnknownCommand, msg));
            }
            return Err(CommandError::said(
                Tool::Nerdctl,
                ErrorKind::NotSimulated,
                1,
                crate::msg!("said-real-command", command = path, tool = "nerdctl"),
            ));
        }
    };
    let mut all_defs = defs;
    // Global flags are inherited by subcommands unless the subcommand
    // defines the same name or shorthand (nerdctl's `aliasToBeInherited`).
    for gdef in GLOBAL {
        let clash = all_defs
            .iter()
            .any(|d| d.name == gdef.name || (gdef.short.is_some() && d.short == gdef.short));
        if !clash {
            all_defs.push(*gdef);
        } else if gdef.name != "help" && !all_defs.iter().any(|d| d.name == gdef.name) {
            let mut long_only = *gdef;
            long_only.short = None;
            all_defs.push(long_only);
        }
    }
    if !all_defs.iter().any(|d| d.name == "help") {
        all_defs.push(b("help"));
    }
    let p = parse_pflag(
        &rest,
        &all_defs,
        PflagOpts {
            interspersed,
            normalize_underscores: false,
        },
    )
    .map_err(flag_error)?;
    if p.flag("help") {
        let mut path: Vec<String> = group.map(|g| vec![g.to_string()]).unwrap_or_default();
        path.push(sub.clone());
        n.command = NerdctlCommand::Help { path };
        return Ok(n);
    }
    if let Some(ns) = p.string("namespace") {
        n.namespace = Some(ns);
    }
    if let Some(a) = p.string("address") {
        n.address = Some(a);
    }
    let count = p.args.len();
    let min = |m: usize| -> Result<(), CommandError> {
        if count < m {
            Err(fatal(
                ErrorKind::MissingArgument,
                format!("requires at least {m} arg(s), only received {count}"),
            ))
        } else {
            Ok(())
        }
    };
    let exact = |m: usize| -> Result<(), CommandError> {
        if count != m {
            Err(fatal(
                if count < m {
                    ErrorKind::MissingArgument
                } else {
                    ErrorKind::TooManyArguments
                },
                format!("accepts {m} arg(s), received {count}"),
            ))
        } else {
            Ok(())
        }
    };
    let first = p.args.first().cloned().unwrap_or_default();
    n.command = match canonical.as_str() {
        "run" | "create" => {
            min(1)?;
            let mut publish = Vec::new();
            for raw in p.all("publish") {
                publish
                    .push(PortSpec::parse(&raw).map_err(|e| fatal(ErrorKind::InvalidArgument, e))?);
            }
            let mut run = ContainerRun::from_parsed(&p, publish);
            if canonical == "create" {
                run.detach = false;
                NerdctlCommand::Create(run)
            } else {
                NerdctlCommand::Run(run)
            }
        }
        "ps" => {
            if count > 0 {
                return Err(fatal(
                    ErrorKind::TooManyArguments,
                    format!("unknown command {:?} for \"nerdctl ps\"", first),
                ));
            }
            NerdctlCommand::Ps {
                all: p.flag("all"),
                quiet: p.flag("quiet"),
                no_trunc: p.flag("no-trunc"),
                format: p.string("format"),
            }
        }
        "pull" => {
            exact(1)?;
            NerdctlCommand::Pull {
                image: first,
                platform: p.string("platform"),
                quiet: p.flag("quiet"),
            }
        }
        "images" => {
            if count > 1 {
                return Err(fatal(
                    ErrorKind::TooManyArguments,
                    format!("accepts at most 1 arg(s), received {count}"),
                ));
            }
            NerdctlCommand::Images {
                repository: p.args.first().cloned(),
                quiet: p.flag("quiet"),
                no_trunc: p.flag("no-trunc"),
                digests: p.flag("digests"),
            }
        }
        "stop" => {
            min(1)?;
            NerdctlCommand::Stop {
                containers: p.args.clone(),
                time: p.int("time"),
            }
        }
        "start" => {
            min(1)?;
            NerdctlCommand::Start {
                containers: p.args.clone(),
                attach: p.flag("attach"),
            }
        }
        "kill" => {
            min(1)?;
            NerdctlCommand::Kill {
                containers: p.args.clone(),
                signal: p.string("signal"),
            }
        }
        "rm" => {
            min(1)?;
            NerdctlCommand::Rm {
                containers: p.args.clone(),
                force: p.flag("force"),
            }
        }
        "rmi" => {
            min(1)?;
            NerdctlCommand::Rmi {
                images: p.args.clone(),
                force: p.flag("force"),
            }
        }
        "exec" => {
            min(2)?;
            NerdctlCommand::Exec(ContainerExec::from_parsed(&p))
        }
        "logs" => {
            exact(1)?;
            NerdctlCommand::Logs {
                container: first,
                follow: p.flag("follow"),
                tail: p.string("tail"),
                timestamps: p.flag("timestamps"),
            }
        }
        "inspect" => {
            min(1)?;
            NerdctlCommand::Inspect {
                names: p.args.clone(),
                format: p.string("format"),
                mode: p.string("mode"),
            }
        }
        "version" => NerdctlCommand::Version {
            format: p.string("format"),
        },
        _ => NerdctlCommand::Info {
            format: p.string("format"),
        },
    };
    Ok(n)
}

fn is_group_sub(group: &str, sub: &str) -> bool {
    match group {
        "container" => CONTAINER_SUBS.contains(&sub),
        "image" => IMAGE_SUBS.contains(&sub),
        _ => true,
    }
}

/// A command's own flags, and whether they may follow its arguments.
fn sub_flags(canonical: &str) -> Option<(Vec<FlagDef>, bool)> {
    match canonical {
        "run" | "create" => {
            let mut v: Vec<FlagDef> = RUN_FLAGS.to_vec();
            v.extend(
                RUN_EXTRA
                    .iter()
                    .filter(|x| !RUN_FLAGS.iter().any(|r| r.name == x.name)),
            );
            Some((v, false))
        }
        "ps" => Some((PS.to_vec(), true)),
        "pull" => Some((PULL.to_vec(), true)),
        "images" => Some((IMAGES.to_vec(), true)),
        "stop" => Some((STOP.to_vec(), true)),
        "start" => Some((START.to_vec(), true)),
        "kill" => Some((KILL.to_vec(), true)),
        "rm" => Some((RM.to_vec(), true)),
        "rmi" => Some((RMI.to_vec(), true)),
        "exec" => Some((EXEC.to_vec(), false)),
        "logs" => Some((LOGS.to_vec(), true)),
        "inspect" => Some((INSPECT.to_vec(), true)),
        "version" | "info" => Some((FORMAT.to_vec(), true)),
        _ => None,
    }
}

/// A command's canonical name (`container ls` is `ps`, `image rm` is `rmi`).
fn canonical<'a>(group: Option<&str>, sub: &'a str) -> &'a str {
    match (group, sub) {
        (Some("container"), "ls" | "list") => "ps",
        (Some("image"), "ls" | "list") => "images",
        (Some("image"), "rm" | "remove") => "rmi",
        (Some("container"), "remove") => "rm",
        (_, other) => other,
    }
}

/// What nerdctl takes after `path` (completion): the commands and global
/// flags, a group's subcommands, then a command's flags and the global ones.
pub(crate) fn words(path: &[&str]) -> crate::command::words::Words {
    use crate::command::words::Words;
    let (group, sub) = match path {
        [] => return Words::new(COMMANDS, GLOBAL),
        ["container"] => return Words::new(CONTAINER_SUBS, &[]),
        ["image"] => return Words::new(IMAGE_SUBS, &[]),
        [g @ ("container" | "image"), sub, ..] => (Some(*g), *sub),
        [sub, ..] => (None, *sub),
    };
    let mut w = Words::new(&[], GLOBAL);
    if let Some((mut defs, _)) = sub_flags(canonical(group, sub)) {
        defs.extend(w.flags);
        w.flags = defs;
    }
    w
}
