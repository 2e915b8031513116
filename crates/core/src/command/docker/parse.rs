//! How docker reads the words after `docker`: global flags, management
//! groups, each subcommand's flags and argument count, and the error framing
//! (`cli.FlagErrorFunc`, exit 125; `docker: …`, exit 1 or 125).

use super::grammar::{
    lookup, Arity, COMMANDS, CONTAINER_SUBCOMMANDS, GLOBAL, IMAGE_SUBCOMMANDS, NETWORK_SUBCOMMANDS,
};
use super::{ContainerExec, ContainerRun, Docker, DockerCommand, PortSpec};
use crate::command::error::{CommandError, ErrorKind, Tool};
use crate::command::flags::{b, parse_pflag, FlagDef, FlagError, PflagOpts};

fn plural(n: usize) -> &'static str {
    if n == 1 {
        "argument"
    } else {
        "arguments"
    }
}

/// `cli.FlagErrorFunc`: exit 125.
fn flag_error(path: &str, use_line: &str, e: FlagError) -> CommandError {
    CommandError::text(
        Tool::Docker,
        e.kind,
        125,
        &format!(
            "{}\n\nUsage:  {use_line}\n\nRun '{path} --help' for more information",
            e.message
        ),
    )
}

/// An error from a command's `RunE` before it contacts the daemon
/// (`docker: <err>` + `Run 'docker run --help'…`, exit 125).
fn run_error(path: &str, msg: &str) -> CommandError {
    CommandError::text(
        Tool::Docker,
        ErrorKind::InvalidArgument,
        125,
        &format!("docker: {msg}\n\nRun '{path} --help' for more information"),
    )
}

/// Parses the words after `docker`.
pub fn parse(args: &[String]) -> Result<Docker, CommandError> {
    // Global flags: only before the command (non-interspersed).
    let g = parse_pflag(
        args,
        GLOBAL,
        PflagOpts {
            interspersed: false,
            normalize_underscores: false,
        },
    )
    .map_err(|e| flag_error("docker", "docker [OPTIONS] COMMAND [ARG...]", e))?;
    let mut d = Docker {
        host: g.string("host"),
        context: g.string("context"),
        debug: g.flag("debug"),
        command: DockerCommand::Help { path: vec![] },
    };
    if g.flag("help") {
        return Ok(d);
    }
    if g.flag("version") {
        d.command = DockerCommand::ClientVersion;
        return Ok(d);
    }
    let Some((name, rest)) = g.args.split_first() else {
        return Ok(d);
    };
    let name = name.as_str();
    if !COMMANDS.contains(&name) {
        return Err(CommandError::new(
            Tool::Docker,
            ErrorKind::UnknownCommand,
            1,
            vec![
                format!("docker: '{name}' is not a docker command."),
                "See 'docker --help'".into(),
            ],
        ));
    }
    if name == "help" {
        d.command = DockerCommand::Help {
            path: rest.to_vec(),
        };
        return Ok(d);
    }
    let (group, sub, rest) = if name == "container" || name == "image" || name == "network" {
        // Management command: its own flags (only --help), then the subcommand.
        let gp = parse_pflag(
            rest,
            &[b("help").short('h')],
            PflagOpts {
                interspersed: false,
                normalize_underscores: false,
            },
        )
        .map_err(|e| {
            flag_error(
                &format!("docker {name}"),
                &format!("docker {name} COMMAND"),
                e,
            )
        })?;
        let Some((sub, tail)) = gp.args.split_first() else {
            d.command = DockerCommand::Help {
                path: vec![name.to_string()],
            };
            return Ok(d);
        };
        if gp.flag("help") {
            d.command = DockerCommand::Help {
                path: vec![name.to_string()],
            };
            return Ok(d);
        }
        let known = match name {
            "container" => CONTAINER_SUBCOMMANDS,
            "network" => NETWORK_SUBCOMMANDS,
            _ => IMAGE_SUBCOMMANDS,
        };
        if !known.contains(&sub.as_str()) {
            return Err(CommandError::text(
                Tool::Docker,
                ErrorKind::UnknownCommand,
                1,
                &format!(
                    "docker: unknown command: docker {name} {sub}\n\nUsage:  docker {name} COMMAND\n\nRun 'docker {name} --help' for more information"
                ),
            ));
        }
        (Some(name), sub.clone(), tail.to_vec())
    } else {
        (None, name.to_string(), rest.to_vec())
    };
    let Some(spec) = lookup(group, &sub) else {
        let path = match group {
            Some(gname) => format!("docker {gname} {sub}"),
            None => format!("docker {sub}"),
        };
        return Err(CommandError::said(
            Tool::Docker,
            ErrorKind::NotSimulated,
            1,
            crate::msg!("said-real-command", command = path, tool = "docker"),
        ));
    };
    let path = match group {
        Some(gname) => format!("docker {gname} {}", spec.name),
        None => format!("docker {}", spec.name),
    };
    let use_line = format!("{path} {}", spec.usage);
    let mut defs: Vec<FlagDef> = spec.flags.to_vec();
    if !defs.iter().any(|f| f.name == "help") {
        defs.push(b("help").short('h'));
    }
    let p = parse_pflag(
        &rest,
        &defs,
        PflagOpts {
            interspersed: spec.interspersed,
            normalize_underscores: false,
        },
    )
    .map_err(|e| flag_error(&path, &use_line, e))?;
    if p.flag("help") {
        let mut hp: Vec<String> = group.map(|g| vec![g.to_string()]).unwrap_or_default();
        hp.push(spec.name.to_string());
        d.command = DockerCommand::Help { path: hp };
        return Ok(d);
    }
    let n = p.args.len();
    let arity_msg = match spec.arity {
        Arity::NoArgs if n > 0 => Some(format!(
            "docker: '{path}' accepts no arguments\n\nUsage:  {use_line}\n\nRun '{path} --help' for more information"
        )),
        Arity::Min(m) if n < m => Some(format!(
            "docker: '{path}' requires at least {m} {}\n\nUsage:  {use_line}\n\nSee '{path} --help' for more information",
            plural(m)
        )),
        Arity::Max(m) if n > m => Some(format!(
            "docker: '{path}' requires at most {m} {}\n\nUsage:  {use_line}\n\nRun '{path} --help' for more information",
            plural(m)
        )),
        Arity::Exact(m) if n != m => Some(format!(
            "docker: '{path}' requires {m} {}\n\nUsage:  {use_line}\n\nRun '{path} --help' for more information",
            plural(m)
        )),
        _ => None,
    };
    if let Some(msg) = arity_msg {
        let kind = match spec.arity {
            Arity::Min(m) | Arity::Exact(m) if n < m => ErrorKind::MissingArgument,
            _ => ErrorKind::TooManyArguments,
        };
        return Err(CommandError::text(Tool::Docker, kind, 1, &msg));
    }
    let first = p.args.first().cloned().unwrap_or_default();
    d.command = match (group, spec.name) {
        (_, "run") | (_, "create") => {
            let mut publish = Vec::new();
            for raw in p.all("publish") {
                publish.push(PortSpec::parse(&raw).map_err(|e| run_error(&path, &e))?);
            }
            let image = first.clone();
            if !crate::command::reference::is_valid(&image) {
                let msg =
                    uppercase_hint(&image).unwrap_or_else(|| "invalid reference format".into());
                return Err(run_error(&path, &msg));
            }
            let mut run = ContainerRun::from_parsed(&p, publish);
            if spec.name == "create" {
                run.detach = false;
                DockerCommand::Create(run)
            } else {
                DockerCommand::Run(run)
            }
        }
        (_, "exec") => DockerCommand::Exec(ContainerExec::from_parsed(&p)),
        (_, "start") => DockerCommand::Start {
            containers: p.args.clone(),
            attach: p.flag("attach"),
            interactive: p.flag("interactive"),
        },
        (_, "ps") | (Some("container"), "ls") => DockerCommand::Ps {
            all: p.flag("all"),
            quiet: p.flag("quiet"),
            no_trunc: p.flag("no-trunc"),
            format: p.string("format"),
            filters: p.all("filter"),
        },
        (_, "pull") => DockerCommand::Pull {
            image: first,
            platform: p.string("platform"),
            quiet: p.flag("quiet"),
        },
        (_, "images") | (Some("image"), "ls") => DockerCommand::Images {
            repository: p.args.first().cloned(),
            all: p.flag("all"),
            quiet: p.flag("quiet"),
            no_trunc: p.flag("no-trunc"),
            digests: p.flag("digests"),
        },
        (_, "stop") => DockerCommand::Stop {
            containers: p.args.clone(),
            time: p.int("time"),
            signal: p.string("signal"),
        },
        (_, "kill") => DockerCommand::Kill {
            containers: p.args.clone(),
            signal: p.string("signal"),
        },
        (Some("image"), "rm") | (_, "rmi") => DockerCommand::Rmi {
            images: p.args.clone(),
            force: p.flag("force"),
        },
        (_, "rm") => DockerCommand::Rm {
            containers: p.args.clone(),
            force: p.flag("force"),
            volumes: p.flag("volumes"),
        },
        (_, "logs") => DockerCommand::Logs {
            container: first,
            follow: p.flag("follow"),
            tail: p.string("tail"),
            timestamps: p.flag("timestamps"),
        },
        (g, "inspect") => DockerCommand::Inspect {
            names: p.args.clone(),
            format: p.string("format"),
            kind: p.string("type").or_else(|| g.map(str::to_string)),
        },
        (Some("network"), _) => DockerCommand::NetworkLs {
            quiet: p.flag("quiet"),
            no_trunc: p.flag("no-trunc"),
        },
        (_, "version") => DockerCommand::Version {
            format: p.string("format"),
        },
        _ => DockerCommand::Info {
            format: p.string("format"),
        },
    };
    Ok(d)
}

/// distribution/reference's message for a repository name with capitals.
fn uppercase_hint(image: &str) -> Option<String> {
    let lower = image.to_ascii_lowercase();
    if lower == image || !crate::command::reference::is_valid(&lower) {
        return None;
    }
    let name = image.split(['@']).next().unwrap_or(image);
    let name = match name.rfind(':') {
        Some(c) if name.rfind('/').is_none_or(|s| c > s) => name.get(..c).unwrap_or(name),
        _ => name,
    };
    let remote = if name.contains('/') {
        let first = name.split('/').next().unwrap_or("");
        if first.contains('.') || first.contains(':') || first == "localhost" {
            name.split_once('/')
                .map(|x| x.1)
                .unwrap_or(name)
                .to_string()
        } else {
            name.to_string()
        }
    } else {
        format!("library/{name}")
    };
    Some(format!(
        "invalid reference format: repository name ({remote}) must be lowercase"
    ))
}

/// What docker takes after `path` (completion): the commands and global
/// flags, a management command's subcommands, then a command's flags.
pub(crate) fn words(path: &[&str]) -> crate::command::words::Words {
    use crate::command::words::Words;
    let help = [b("help").short('h')];
    match path {
        [] => Words::new(COMMANDS, GLOBAL),
        ["container"] => Words::new(CONTAINER_SUBCOMMANDS, &help),
        ["image"] => Words::new(IMAGE_SUBCOMMANDS, &help),
        ["network"] => Words::new(NETWORK_SUBCOMMANDS, &help),
        [group @ ("container" | "image" | "network"), sub, ..] => {
            Words::new(&[], lookup(Some(group), sub).map_or(&[][..], |s| s.flags))
        }
        [sub, ..] => Words::new(&[], lookup(None, sub).map_or(&[][..], |s| s.flags)),
    }
}
