//! How podman reads the words after `podman`: global flags before the
//! command, the `container`/`image`/`pod` groups, each command's flags
//! (pflag) and argument count (cobra's validators), and podman's error
//! framing: `Error: <message>` (exit 125), flag errors followed by
//! `See 'podman run --help'`.

use super::{Podman, PodmanCommand, PodmanRun};
use crate::command::docker::{ContainerExec, ContainerRun, PortSpec, EXEC_FLAGS, RUN_FLAGS};
use crate::command::error::{CommandError, ErrorKind, Tool};
use crate::command::flags::{b, i, parse_pflag, s, FlagDef, FlagError, PflagOpts};

const GLOBAL: &[FlagDef] = &[
    b("help").short('h'),
    b("version").short('v'),
    s("log-level"),
    s("root"),
    s("runroot"),
    s("runtime"),
    s("cgroup-manager"),
];
/// Podman's run flags beyond Docker's.
const RUN_EXTRA: &[FlagDef] = &[s("pod"), s("pod-id-file"), b("replace"), s("systemd")];
const PS: &[FlagDef] = &[
    b("all").short('a'),
    b("quiet").short('q'),
    b("external"),
    b("no-trunc"),
    b("latest").short('l'),
    s("format"),
    s("filter").short('f'),
];
const IMAGES: &[FlagDef] = &[
    b("all").short('a'),
    b("quiet").short('q'),
    b("no-trunc"),
    s("format"),
];
const PULL: &[FlagDef] = &[b("quiet").short('q'), s("platform"), s("arch"), s("os")];
const STOP: &[FlagDef] = &[
    i("time").short('t'),
    b("all").short('a'),
    b("ignore").short('i'),
];
const RM: &[FlagDef] = &[
    b("force").short('f'),
    b("all").short('a'),
    b("volumes").short('v'),
    i("time").short('t'),
];
const LOGS: &[FlagDef] = &[
    b("follow").short('f'),
    s("tail"),
    b("timestamps").short('t'),
    s("since"),
];
const INSPECT: &[FlagDef] = &[s("format").short('f'), s("type"), b("size").short('s')];
const POD_CREATE: &[FlagDef] = &[
    s("name").short('n'),
    s("publish").short('p'),
    s("infra-image"),
];
const POD_PS: &[FlagDef] = &[b("quiet").short('q'), s("format")];

const COMMANDS: &[&str] = &[
    "run",
    "ps",
    "images",
    "pull",
    "stop",
    "rm",
    "logs",
    "exec",
    "inspect",
    "pod",
    "container",
    "image",
    "version",
    "help",
    "start",
    "create",
    "kill",
    "rmi",
    "build",
    "network",
    "volume",
    "system",
    "info",
    "top",
    "port",
    "restart",
    "generate",
    "kube",
    "machine",
    "unshare",
];

fn error(kind: ErrorKind, exit: i32, msg: &str) -> CommandError {
    CommandError::text(Tool::Podman, kind, exit, &format!("Error: {msg}"))
}

/// `flagErrorFuncfunc`: the flag error and `See '<path> --help'`.
fn flag_error(path: &str, e: FlagError) -> CommandError {
    error(e.kind, 125, &format!("{}\nSee '{path} --help'", e.message))
}

/// Parses the words after `podman`, run as `user` (None: root).
pub fn parse(args: &[String], user: Option<String>) -> Result<Podman, CommandError> {
    let g = parse_pflag(
        args,
        GLOBAL,
        PflagOpts {
            interspersed: false,
            normalize_underscores: false,
        },
    )
    .map_err(|e| flag_error("podman", e))?;
    let mut p = Podman {
        user,
        command: PodmanCommand::Help { path: vec![] },
    };
    if g.flag("help") {
        return Ok(p);
    }
    if g.flag("version") {
        p.command = PodmanCommand::Version;
        return Ok(p);
    }
    let Some((name, rest)) = g.args.split_first() else {
        return Ok(p);
    };
    if !COMMANDS.contains(&name.as_str()) {
        return Err(error(
            ErrorKind::UnknownCommand,
            125,
            &format!(
                "unrecognized command `podman {name}`\nTry 'podman --help' for more information"
            ),
        ));
    }
    let (group, sub, rest): (Option<&str>, String, &[String]) = match name.as_str() {
        "container" | "image" | "pod" => match rest.split_first() {
            None => {
                return Err(error(
                    ErrorKind::MissingArgument,
                    125,
                    &format!("missing command 'podman {name} COMMAND'"),
                ))
            }
            Some((sub, tail)) => (Some(name.as_str()), sub.clone(), tail),
        },
        other => (None, other.to_string(), rest),
    };
    let path = match group {
        Some(g) => format!("podman {g} {sub}"),
        None => format!("podman {sub}"),
    };
    let canonical = canonical(group, &sub).to_string();
    let (defs, interspersed): (Vec<FlagDef>, bool) = match sub_flags(canonical.as_str()) {
        Some(d) => d,
        None => match canonical.as_str() {
            "help" => {
                p.command = PodmanCommand::Help {
                    path: rest.to_vec(),
                };
                return Ok(p);
            }
            "pod-other" => {
                return Err(CommandError::said(
                    Tool::Podman,
                    ErrorKind::NotSimulated,
                    1,
                    crate::msg!("said-podman-pod-other", command = path),
                ))
            }
            _ => {
                return Err(CommandError::said(
                    Tool::Podman,
                    ErrorKind::NotSimulated,
                    1,
                    crate::msg!("said-real-command", command = path, tool = "podman"),
                ))
            }
        },
    };
    let mut defs = defs;
    if !defs.iter().any(|d| d.name == "help") {
        defs.push(b("help"));
    }
    let f = parse_pflag(
        rest,
        &defs,
        PflagOpts {
            interspersed,
            normalize_underscores: false,
        },
    )
    .map_err(|e| flag_error(&path, e))?;
    if f.flag("help") {
        let mut path: Vec<String> = group.map(|g| vec![g.to_string()]).unwrap_or_default();
        path.push(sub);
        p.command = PodmanCommand::Help { path };
        return Ok(p);
    }
    let count = f.args.len();
    // cobra.MinimumNArgs / ExactArgs wording.
    let min = |m: usize| -> Result<(), CommandError> {
        if count < m {
            Err(error(
                ErrorKind::MissingArgument,
                125,
                &format!("requires at least {m} arg(s), only received {count}"),
            ))
        } else {
            Ok(())
        }
    };
    let none = || -> Result<(), CommandError> {
        if count > 0 {
            Err(error(
                ErrorKind::TooManyArguments,
                125,
                &format!("`{path}` takes no arguments"),
            ))
        } else {
            Ok(())
        }
    };
    p.command = match canonical.as_str() {
        "run" => {
            min(1)?;
            let mut publish = Vec::new();
            for raw in f.all("publish") {
                let spec = PortSpec::parse(&raw)
                    .map_err(|e| error(ErrorKind::InvalidArgument, 125, &e))?;
                publish.push(spec);
            }
            PodmanCommand::Run(Box::new(PodmanRun {
                run: ContainerRun::from_parsed(&f, publish),
                pod: f.string("pod"),
            }))
        }
        "ps" => {
            none()?;
            PodmanCommand::Ps {
                all: f.flag("all"),
                quiet: f.flag("quiet"),
                external: f.flag("external"),
            }
        }
        "images" => PodmanCommand::Images {
            quiet: f.flag("quiet"),
        },
        "pull" => {
            if count != 1 {
                return Err(error(
                    ErrorKind::MissingArgument,
                    125,
                    &format!("accepts 1 arg(s), received {count}"),
                ));
            }
            PodmanCommand::Pull {
                image: f.args[0].clone(),
            }
        }
        "stop" | "rm" => {
            if count == 0 && !f.flag("all") {
                return Err(error(
                    ErrorKind::MissingArgument,
                    125,
                    "you must provide at least one name or id",
                ));
            }
            if canonical == "stop" {
                PodmanCommand::Stop {
                    containers: f.args.clone(),
                    time: f.int("time"),
                }
            } else {
                PodmanCommand::Rm {
                    containers: f.args.clone(),
                    force: f.flag("force"),
                }
            }
        }
        "logs" => {
            if count == 0 {
                return Err(error(
                    ErrorKind::MissingArgument,
                    125,
                    "`podman logs` requires a name, id, or the \"--latest\" flag",
                ));
            }
            PodmanCommand::Logs {
                container: f.args[0].clone(),
            }
        }
        "exec" => {
            min(2)?;
            PodmanCommand::Exec(ContainerExec::from_parsed(&f))
        }
        "inspect" => {
            min(1)?;
            PodmanCommand::Inspect {
                names: f.args.clone(),
            }
        }
        "pod-create" => PodmanCommand::PodCreate {
            name: f.string("name"),
        },
        "pod-ps" => {
            none()?;
            PodmanCommand::PodPs
        }
        _ => PodmanCommand::Version,
    };
    Ok(p)
}

/// A command's own flags, and whether they may follow its arguments.
fn sub_flags(canonical: &str) -> Option<(Vec<FlagDef>, bool)> {
    match canonical {
        "run" => {
            let mut v: Vec<FlagDef> = RUN_FLAGS.to_vec();
            v.extend(RUN_EXTRA.iter().copied());
            Some((v, false))
        }
        "ps" => Some((PS.to_vec(), true)),
        "images" => Some((IMAGES.to_vec(), true)),
        "pull" => Some((PULL.to_vec(), true)),
        "stop" => Some((STOP.to_vec(), true)),
        "rm" => Some((RM.to_vec(), true)),
        "logs" => Some((LOGS.to_vec(), true)),
        "exec" => Some((EXEC_FLAGS.to_vec(), false)),
        "inspect" => Some((INSPECT.to_vec(), true)),
        "pod-create" => Some((POD_CREATE.to_vec(), true)),
        "pod-ps" => Some((POD_PS.to_vec(), true)),
        "version" => Some((vec![s("format").short('f')], true)),
        _ => None,
    }
}

/// A command's canonical name (`container ls` is `ps`, `pod create` is `pod-create`).
fn canonical<'a>(group: Option<&str>, sub: &'a str) -> &'a str {
    match (group, sub) {
        (Some("container"), "ls" | "list") | (None, "ps") | (Some("container"), "ps") => "ps",
        (Some("image"), "ls" | "list") | (None, "images") => "images",
        (Some("image"), "pull") => "pull",
        (Some("image"), "inspect") | (Some("container"), "inspect") => "inspect",
        (Some("pod"), "create") => "pod-create",
        (Some("pod"), "ps" | "ls" | "list") => "pod-ps",
        (Some("pod"), _) => "pod-other",
        (Some("container"), other) | (None, other) => other,
        (Some(_), other) => other,
    }
}

/// What podman takes after `path` (completion): the commands and global
/// flags, then a command's own flags.
pub(crate) fn words(path: &[&str]) -> crate::command::words::Words {
    use crate::command::words::Words;
    let (group, sub) = match path {
        [] => return Words::new(COMMANDS, GLOBAL),
        [g @ ("container" | "image" | "pod")] => {
            let _ = g;
            return Words::new(&[], &[]);
        }
        [g @ ("container" | "image" | "pod"), sub, ..] => (Some(*g), *sub),
        [sub, ..] => (None, *sub),
    };
    let defs = sub_flags(canonical(group, sub))
        .map(|d| d.0)
        .unwrap_or_default();
    Words {
        subcommands: &[],
        flags: defs,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(s: &str) -> Vec<String> {
        s.split_whitespace().map(String::from).collect()
    }

    #[test]
    fn run_takes_dockers_flags_and_pod() {
        let p = parse(&w("run -d --name web -p 8080:80 --pod mypod nginx"), None).unwrap();
        let PodmanCommand::Run(r) = &p.command else {
            panic!("{p:?}")
        };
        assert!(r.run.detach);
        assert_eq!(r.run.name.as_deref(), Some("web"));
        assert_eq!(r.pod.as_deref(), Some("mypod"));
        assert_eq!(r.run.image, "nginx");
        assert_eq!(
            p.to_line(),
            "podman run --detach --name=web --publish=8080:80 --pod=mypod nginx"
        );
    }

    #[test]
    fn errors_are_podmans() {
        let e = parse(&w("run --bogus nginx"), None).unwrap_err();
        assert_eq!(e.exit_code, 125);
        assert_eq!(
            e.stderr,
            ["Error: unknown flag: --bogus", "See 'podman run --help'"]
        );
        let e = parse(&w("run"), None).unwrap_err();
        assert_eq!(
            e.stderr,
            ["Error: requires at least 1 arg(s), only received 0"]
        );
        let e = parse(&w("frobnicate"), None).unwrap_err();
        assert_eq!(
            e.stderr[0],
            "Error: unrecognized command `podman frobnicate`"
        );
        let p = parse(&w("pod create --name web"), Some("alice".into())).unwrap();
        assert_eq!(p.to_line(), "sudo -u alice podman pod create --name=web");
    }
}
