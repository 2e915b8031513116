//! How crictl reads the words after `crictl`: Go flags (urfave/cli v2), each
//! command's arguments, and the error framing (`level=fatal`, `Incorrect
//! Usage: …`, `No help topic for …`).

use super::grammar::{
    COMMANDS, CONFIG, CREATE, EXEC, GLOBAL, IMAGES, INSPECT, INSPECTI, LOGS, NONE, OUTPUT_ONLY,
    PODS, PS, PULL, RM, RMI, RMP, RUN, RUNP, STATS, STATSP, STOP,
};
use super::{ConfigCmd, Crictl, CrictlCommand, Inspect, ListFilter};
use crate::command::error::{CommandError, ErrorKind, LogLevel, Tool};
use crate::command::flags::{parse_goflag, FlagDef, FlagError, GoFlagOpts, Parsed};

fn fatal(kind: ErrorKind, msg: impl Into<String>) -> CommandError {
    CommandError::logrus(Tool::Crictl, kind, LogLevel::Fatal, msg.into())
}

/// urfave v2: "Incorrect Usage: <err>" and the help on stdout, then `logrus.Fatal(err)`.
fn flag_error(path: &str, e: FlagError) -> CommandError {
    fatal(e.kind, e.message.clone())
        .with_stdout(vec![
            format!("Incorrect Usage: {}", e.message),
            String::new(),
        ])
        .with_help(path)
}

/// `cli.Exit(msg, code)`: printed as is by urfave's exit handler.
fn exit_error(kind: ErrorKind, msg: &str) -> CommandError {
    CommandError::new(Tool::Crictl, kind, 1, vec![msg.to_string()])
}

/// Parses the words after `crictl`.
pub fn parse(args: &[String]) -> Result<Crictl, CommandError> {
    let g = parse_goflag(
        args,
        GLOBAL,
        GoFlagOpts {
            reorder: false,
            short_handling: false,
        },
    )
    .map_err(|e| flag_error("crictl", e))?;
    let mut c = Crictl {
        runtime_endpoint: g.string("runtime-endpoint"),
        image_endpoint: g.string("image-endpoint"),
        timeout: g.string("timeout"),
        debug: g.flag("debug"),
        config: g.string("config"),
        command: CrictlCommand::Help { command: None },
    };
    if g.flag("help") {
        return Ok(c);
    }
    if g.flag("version") {
        c.command = CrictlCommand::ClientVersion;
        return Ok(c);
    }
    let Some((name, rest)) = g.args.split_first() else {
        return Ok(c);
    };
    let name = name.as_str();
    if !COMMANDS.contains(&name) {
        return Err(CommandError::new(
            Tool::Crictl,
            ErrorKind::UnknownCommand,
            3,
            vec![format!("No help topic for '{name}'")],
        ));
    }
    let canonical = canonical(name);
    if canonical == "help" {
        if let Some(t) = rest.first() {
            if !COMMANDS.contains(&t.as_str()) {
                return Err(CommandError::new(
                    Tool::Crictl,
                    ErrorKind::UnknownCommand,
                    3,
                    vec![format!("No help topic for '{t}'")],
                ));
            }
        }
        c.command = CrictlCommand::Help {
            command: rest.first().cloned(),
        };
        return Ok(c);
    }
    let (defs, short) = sub_flags(canonical);
    let path = format!("crictl {canonical}");
    let p = parse_goflag(
        rest,
        defs,
        GoFlagOpts {
            reorder: false,
            short_handling: short,
        },
    )
    .map_err(|e| flag_error(&path, e))?;
    let help = || CrictlCommand::Help {
        command: Some(canonical.to_string()),
    };
    if p.flag("help") {
        c.command = help();
        return Ok(c);
    }
    c.command = match canonical {
        "version" => CrictlCommand::Version,
        "info" => CrictlCommand::Info {
            output: p.string("output"),
            quiet: p.flag("quiet"),
            template: p.string("template"),
        },
        "config" => {
            let cfg = ConfigCmd {
                get: p.string("get"),
                set: p.all("set"),
                list: p.flag("list"),
                args: p.args.clone(),
            };
            if cfg.get.is_none() && cfg.set.is_empty() && !cfg.list && cfg.args.is_empty() {
                help()
            } else {
                CrictlCommand::Config(cfg)
            }
        }
        "pods" => CrictlCommand::Pods(list_filter(&p)),
        "ps" => {
            if !p.args.is_empty() {
                help()
            } else {
                CrictlCommand::Ps(list_filter(&p))
            }
        }
        "images" => CrictlCommand::Images {
            repository: p.args.first().cloned(),
            quiet: p.flag("quiet"),
            digests: p.flag("digests"),
            no_trunc: p.flag("no-trunc"),
            verbose: p.flag("verbose"),
            output: p.string("output"),
        },
        "pull" => match p.args.as_slice() {
            [] => {
                return Err(fatal(
                    ErrorKind::MissingArgument,
                    "Image name cannot be empty",
                ))
            }
            [first, ..] if first.is_empty() => {
                return Err(fatal(
                    ErrorKind::MissingArgument,
                    "Image name cannot be empty",
                ))
            }
            [image] => CrictlCommand::Pull {
                image: image.clone(),
                pod_config: p.string("pod-config"),
                creds: p.string("creds"),
            },
            _ => help(),
        },
        "runp" => match p.args.as_slice() {
            [config] if !config.is_empty() => CrictlCommand::Runp {
                runtime: p.string("runtime"),
                pod_config: config.clone(),
            },
            _ => help(),
        },
        "create" | "run" => {
            let want = if canonical == "create" { 3 } else { 2 };
            if p.args.len() != want {
                help()
            } else {
                if p.flag("no-pull") && p.flag("with-pull") {
                    return Err(fatal(
                        ErrorKind::InvalidArgument,
                        "conflict: no-pull and with-pull are both set",
                    ));
                }
                let a = |n: usize| p.args.get(n).cloned().unwrap_or_default();
                if canonical == "create" {
                    CrictlCommand::Create {
                        pod_id: a(0),
                        container_config: a(1),
                        pod_config: a(2),
                        no_pull: p.flag("no-pull"),
                        with_pull: p.flag("with-pull"),
                    }
                } else {
                    CrictlCommand::Run {
                        runtime: p.string("runtime"),
                        container_config: a(0),
                        pod_config: a(1),
                        no_pull: p.flag("no-pull"),
                        with_pull: p.flag("with-pull"),
                    }
                }
            }
        }
        "start" => {
            if p.args.is_empty() {
                return Err(fatal(ErrorKind::MissingArgument, "ID cannot be empty"));
            }
            CrictlCommand::Start {
                ids: p.args.clone(),
            }
        }
        "stop" => {
            let all = p.flag("all");
            if all && !p.args.is_empty() {
                return Err(exit_error(
                    ErrorKind::InvalidArgument,
                    "cannot specify CONTAINER-ID(s) when using --all",
                ));
            }
            if !all && p.args.is_empty() {
                return Err(exit_error(
                    ErrorKind::MissingArgument,
                    "you must specify at least one CONTAINER-ID or use --all",
                ));
            }
            CrictlCommand::Stop {
                ids: p.args.clone(),
                timeout: p.int("timeout"),
                all,
            }
        }
        "stopp" => {
            if p.args.is_empty() {
                help()
            } else {
                CrictlCommand::Stopp {
                    ids: p.args.clone(),
                }
            }
        }
        "rm" | "rmp" => {
            let all = p.flag("all");
            if p.args.is_empty() && !all {
                help()
            } else if canonical == "rm" {
                CrictlCommand::Rm {
                    ids: p.args.clone(),
                    force: p.flag("force"),
                    all,
                }
            } else {
                CrictlCommand::Rmp {
                    ids: p.args.clone(),
                    force: p.flag("force"),
                    all,
                }
            }
        }
        "rmi" => {
            let (all, prune) = (p.flag("all"), p.flag("prune"));
            if p.args.is_empty() && !all && !prune {
                help()
            } else {
                CrictlCommand::Rmi {
                    images: p.args.clone(),
                    all,
                    prune,
                }
            }
        }
        "inspect" | "inspectp" | "inspecti" => {
            let ins = Inspect {
                ids: p.args.clone(),
                output: p.string("output"),
                quiet: p.flag("quiet"),
                template: p.string("template"),
            };
            match canonical {
                "inspect" => CrictlCommand::Inspect(ins),
                "inspectp" => CrictlCommand::Inspectp(ins),
                _ => {
                    if ins.ids.is_empty() {
                        help()
                    } else {
                        CrictlCommand::Inspecti(ins)
                    }
                }
            }
        }
        "logs" => match p.args.first() {
            Some(id) if !id.is_empty() => CrictlCommand::Logs {
                id: id.clone(),
                tail: p.int("tail").filter(|t| *t >= 0),
                previous: p.flag("previous"),
                follow: p.flag("follow"),
                timestamps: p.flag("timestamps"),
            },
            _ => return Err(fatal(ErrorKind::MissingArgument, "ID cannot be empty")),
        },
        "exec" => {
            if p.args.len() < 2 {
                help()
            } else {
                CrictlCommand::Exec {
                    id: p.args.first().cloned().unwrap_or_default(),
                    command: p.args.iter().skip(1).cloned().collect(),
                    interactive: p.flag("interactive"),
                    tty: p.flag("tty"),
                    sync: p.flag("sync"),
                    timeout: p.int("timeout"),
                }
            }
        }
        "stats" => CrictlCommand::Stats {
            id: p.args.first().cloned(),
            all: p.flag("all"),
            pod: p.string("pod"),
            output: p.string("output"),
        },
        "statsp" => CrictlCommand::Statsp {
            id: p.args.first().cloned(),
            output: p.string("output"),
        },
        "imagefsinfo" => CrictlCommand::Imagefsinfo {
            output: p.string("output"),
        },
        "runtime-config" => CrictlCommand::RuntimeConfig,
        "events" => CrictlCommand::Events {
            output: p.string("output"),
        },
        other => {
            return Err(CommandError::said(
                Tool::Crictl,
                ErrorKind::NotSimulated,
                1,
                crate::msg!(
                    "said-real-command",
                    command = format!("crictl {other}"),
                    tool = "crictl"
                ),
            ))
        }
    };
    Ok(c)
}

fn list_filter(p: &Parsed) -> ListFilter {
    ListFilter {
        id: p.string("id"),
        name: p.string("name"),
        namespace: p.string("namespace"),
        state: p.string("state"),
        labels: p.all("label"),
        quiet: p.flag("quiet"),
        no_trunc: p.flag("no-trunc"),
        output: p.string("output"),
        verbose: p.flag("verbose"),
        latest: p.flag("latest"),
        last: p.int("last"),
        all: p.flag("all"),
        pod: p.string("pod"),
        image: p.string("image"),
    }
}

/// A command's canonical name (`img` and `image` are `images`).
fn canonical(name: &str) -> &str {
    match name {
        "image" | "img" => "images",
        "h" => "help",
        other => other,
    }
}

/// A command's flags, and whether its one-letter flags combine.
fn sub_flags(canonical: &str) -> (&'static [FlagDef], bool) {
    match canonical {
        "pods" => (PODS, true),
        "ps" => (PS, true),
        "images" => (IMAGES, true),
        "pull" => (PULL, false),
        "runp" => (RUNP, false),
        "create" => (CREATE, false),
        "run" => (RUN, false),
        "stop" => (STOP, true),
        "rm" => (RM, true),
        "rmp" => (RMP, true),
        "rmi" => (RMI, true),
        "inspect" => (INSPECT, true),
        "inspectp" => (INSPECT, true),
        "inspecti" => (INSPECTI, true),
        "logs" => (LOGS, true),
        "exec" => (EXEC, true),
        "stats" => (STATS, true),
        "statsp" => (STATSP, true),
        "info" | "imagefsinfo" | "events" => (OUTPUT_ONLY, false),
        "config" => (CONFIG, true),
        _ => (NONE, false),
    }
}

/// What crictl takes after `path` (completion): the commands and the global
/// flags first, then a command's own flags.
pub(crate) fn words(path: &[&str]) -> crate::command::words::Words {
    use crate::command::words::Words;
    match path.first() {
        None => Words::new(COMMANDS, GLOBAL),
        Some(name) => Words::new(&[], sub_flags(canonical(name)).0),
    }
}
