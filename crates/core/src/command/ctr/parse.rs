//! How ctr reads the words after `ctr`: Go flags (urfave/cli v1), command
//! groups and their aliases, each command's arguments, and the error framing
//! (`ctr: …`, `Incorrect Usage: …`, `No help topic for …`).

use super::grammar::{
    COMMANDS, GLOBAL, IMAGES_IMPORT, IMAGES_RM, NONE, PLUGINS_LS, PULL_OWN, QUIET, REGISTRY,
    RUN_OWN, SNAPSHOTS, TASKS_EXEC, TASKS_KILL, TASKS_RM, TASKS_START,
};
use super::{Ctr, CtrCommand, Pull, Run};
use crate::command::error::{CommandError, ErrorKind, Tool};
use crate::command::flags::{parse_goflag, FlagDef, FlagError, GoFlagOpts, Parsed};
use crate::command::units::parse_signal;

/// `ctr: <err>` on stderr, exit 1.
fn ctr_err(kind: ErrorKind, msg: &str) -> CommandError {
    CommandError::new(Tool::Ctr, kind, 1, vec![format!("ctr: {msg}")])
}

fn flag_error(path: &str, e: FlagError) -> CommandError {
    ctr_err(e.kind, &e.message)
        .with_stdout(vec![
            format!("Incorrect Usage: {}", e.message),
            String::new(),
        ])
        .with_help(path)
}

fn no_topic(word: &str) -> CommandError {
    CommandError::new(
        Tool::Ctr,
        ErrorKind::UnknownCommand,
        3,
        vec![format!("No help topic for '{word}'")],
    )
}

fn not_simulated(path: &str) -> CommandError {
    CommandError::said(
        Tool::Ctr,
        ErrorKind::NotSimulated,
        1,
        crate::msg!("said-real-command", command = path, tool = "ctr"),
    )
}

fn parse_sub(
    path: &str,
    args: &[String],
    defs: &[FlagDef],
    reorder: bool,
) -> Result<Parsed, CommandError> {
    parse_goflag(
        args,
        defs,
        GoFlagOpts {
            reorder,
            short_handling: false,
        },
    )
    .map_err(|e| flag_error(path, e))
}

/// Parses the words after `ctr`.
pub fn parse(args: &[String]) -> Result<Ctr, CommandError> {
    let g = parse_goflag(
        args,
        GLOBAL,
        GoFlagOpts {
            reorder: false,
            short_handling: false,
        },
    )
    .map_err(|e| {
        ctr_err(e.kind, &e.message)
            .with_stdout(vec![
                format!("Incorrect Usage. {}", e.message),
                String::new(),
            ])
            .with_help("ctr")
    })?;
    let mut c = Ctr {
        address: g.string("address"),
        namespace: g.string("namespace"),
        debug: g.flag("debug"),
        timeout: g.string("timeout"),
        command: CtrCommand::Help { path: vec![] },
    };
    if g.flag("help") {
        return Ok(c);
    }
    if g.flag("version") {
        c.command = CtrCommand::ClientVersion;
        return Ok(c);
    }
    let Some((name, rest)) = g.args.split_first() else {
        return Ok(c);
    };
    if !COMMANDS.contains(&name.as_str()) {
        return Err(no_topic(name));
    }
    let group = canonical_group(name);
    c.command = match group {
        "help" => {
            if let Some(t) = rest.first() {
                if !COMMANDS.contains(&t.as_str()) {
                    return Err(no_topic(t));
                }
            }
            CtrCommand::Help {
                path: rest
                    .iter()
                    .take(1)
                    .map(|t| canonical_group(t).to_string())
                    .collect(),
            }
        }
        "version" => {
            let p = parse_sub("ctr version", rest, NONE, true)?;
            if p.flag("help") {
                CtrCommand::Help {
                    path: vec!["version".into()],
                }
            } else {
                CtrCommand::Version
            }
        }
        "events" => {
            let p = parse_sub("ctr events", rest, NONE, true)?;
            if p.flag("help") {
                CtrCommand::Help {
                    path: vec!["events".into()],
                }
            } else {
                CtrCommand::Events
            }
        }
        "run" => parse_run(rest)?,
        "plugins" | "namespaces" | "images" | "containers" | "tasks" | "snapshots" | "content"
        | "leases" => parse_group(group, rest)?,
        other => return Err(not_simulated(&format!("ctr {other}"))),
    };
    Ok(c)
}

fn canonical_group(name: &str) -> &str {
    match name {
        "plugin" => "plugins",
        "c" | "container" => "containers",
        "event" => "events",
        "image" | "i" => "images",
        "namespace" | "ns" => "namespaces",
        "snapshot" => "snapshots",
        "t" | "task" => "tasks",
        "sandbox" | "sb" => "sandboxes",
        "h" => "help",
        other => other,
    }
}

fn parse_run(rest: &[String]) -> Result<CtrCommand, CommandError> {
    // SkipArgReorder: flags must come before IMAGE.
    let p = parse_sub("ctr run", rest, RUN_OWN, false)?;
    if p.flag("help") {
        return Ok(CtrCommand::Help {
            path: vec!["run".into()],
        });
    }
    if p.is_set("config") {
        return Err(not_simulated("ctr run --config"));
    }
    let image = p.args.first().cloned().unwrap_or_default();
    if image.is_empty() {
        return Err(ctr_err(
            ErrorKind::MissingArgument,
            "image ref must be provided",
        ));
    }
    let id = p.args.get(1).cloned().unwrap_or_default();
    if id.is_empty() {
        return Err(ctr_err(
            ErrorKind::MissingArgument,
            "container id must be provided",
        ));
    }
    let (rm, detach) = (p.flag("rm"), p.flag("detach"));
    if rm && detach {
        return Err(ctr_err(
            ErrorKind::InvalidArgument,
            "flags --detach and --rm cannot be specified together",
        ));
    }
    Ok(CtrCommand::Run(Run {
        image,
        id,
        command: p.args.iter().skip(2).cloned().collect(),
        rm,
        detach,
        tty: p.flag("tty"),
        runc_binary: p.string("runc-binary"),
        runtime: p.string("runtime"),
        net_host: p.flag("net-host"),
        cni: p.flag("cni"),
        memory_limit: p.uint("memory-limit").filter(|m| *m != 0),
        env: p.all("env"),
        snapshotter: p.string("snapshotter"),
        privileged: p.flag("privileged"),
    }))
}

fn parse_group(group: &str, rest: &[String]) -> Result<CtrCommand, CommandError> {
    // Flags of the group command itself (only `snapshots --snapshotter`).
    let group_defs = if group == "snapshots" {
        SNAPSHOTS
    } else {
        NONE
    };
    let gp = parse_sub(&format!("ctr {group}"), rest, group_defs, false)?;
    if gp.flag("help") {
        return Ok(CtrCommand::Help {
            path: vec![group.to_string()],
        });
    }
    let Some((sub, args)) = gp.args.split_first() else {
        return Ok(CtrCommand::Help {
            path: vec![group.to_string()],
        });
    };
    let sub = sub.as_str();
    let canonical = canonical_sub(group, sub);
    let path = format!("ctr {group} {canonical}");
    let known = group_subs(group);
    if !known.contains(&canonical) {
        return Err(no_topic(sub));
    }
    let defs = sub_flags(group, canonical);
    let defs = defs.as_slice();
    let reorder = !(group == "tasks" && canonical == "exec");
    let p = parse_sub(&path, args, defs, reorder)?;
    if p.flag("help") {
        return Ok(CtrCommand::Help {
            path: vec![group.to_string(), canonical.to_string()],
        });
    }
    let first_id = |what: &str| -> Result<String, CommandError> {
        match p.args.first() {
            Some(id) if !id.is_empty() => Ok(id.clone()),
            _ => Err(ctr_err(ErrorKind::MissingArgument, what)),
        }
    };
    Ok(match (group, canonical) {
        ("plugins", "ls") => CtrCommand::PluginsLs {
            quiet: p.flag("quiet"),
            detailed: p.flag("detailed"),
        },
        ("namespaces", "ls") => CtrCommand::NamespacesLs {
            quiet: p.flag("quiet"),
        },
        ("images", "ls") => CtrCommand::ImagesLs {
            quiet: p.flag("quiet"),
        },
        ("images", "pull") => {
            let reference = match p.args.first() {
                Some(r) if !r.is_empty() => r.clone(),
                _ => {
                    return Err(ctr_err(
                        ErrorKind::MissingArgument,
                        "please provide an image reference to pull",
                    ))
                }
            };
            CtrCommand::ImagesPull(Pull {
                reference,
                platforms: p.all("platform"),
                all_platforms: p.flag("all-platforms"),
                local: p.flag("local"),
                snapshotter: p.string("snapshotter"),
            })
        }
        ("images", "rm") => CtrCommand::ImagesRm {
            refs: p.args.clone(),
            sync: p.flag("sync"),
        },
        ("images", "import") => CtrCommand::ImagesImport {
            file: first_id("please provide an image archive to import")?,
        },
        ("containers", "ls") => CtrCommand::ContainersLs {
            quiet: p.flag("quiet"),
            filters: p.args.clone(),
        },
        ("containers", "info") => CtrCommand::ContainersInfo {
            id: first_id("container id must be provided")?,
        },
        ("containers", "rm") => {
            if p.args.is_empty() {
                return Err(ctr_err(
                    ErrorKind::MissingArgument,
                    "must specify at least one container to delete: invalid argument",
                ));
            }
            CtrCommand::ContainersRm {
                ids: p.args.clone(),
            }
        }
        ("tasks", "ls") => CtrCommand::TasksLs {
            quiet: p.flag("quiet"),
        },
        ("tasks", "start") => CtrCommand::TasksStart {
            id: first_id("container id must be provided")?,
            detach: p.flag("detach"),
            null_io: p.flag("null-io"),
        },
        ("tasks", "kill") => {
            let id = first_id("container id must be provided")?;
            let signal = p.string("signal").filter(|s| !s.is_empty());
            if let Some(sig) = &signal {
                if parse_signal(sig).is_none() {
                    return Err(ctr_err(
                        ErrorKind::InvalidArgument,
                        &format!("unknown signal {}", crate::command::error::go_quote(sig)),
                    ));
                }
            }
            CtrCommand::TasksKill {
                id,
                signal,
                all: p.flag("all"),
                exec_id: p.string("exec-id"),
            }
        }
        ("tasks", "rm") => {
            first_id("container id must be provided")?;
            CtrCommand::TasksRm {
                ids: p.args.clone(),
                force: p.flag("force"),
                exec_id: p.string("exec-id"),
            }
        }
        ("tasks", "exec") => {
            let Some(exec_id) = p.string("exec-id") else {
                return Err(ctr_err(
                    ErrorKind::MissingArgument,
                    "Required flag \"exec-id\" not set",
                )
                .with_help("ctr tasks exec"));
            };
            let id = first_id("container id must be provided")?;
            CtrCommand::TasksExec {
                id,
                exec_id,
                tty: p.flag("tty"),
                detach: p.flag("detach"),
                cwd: p.string("cwd"),
                user: p.string("user"),
                command: p.args.iter().skip(1).cloned().collect(),
            }
        }
        ("tasks", "ps") => CtrCommand::TasksPs {
            id: first_id("container id must be provided")?,
        },
        ("tasks", "pause") => CtrCommand::TasksPause {
            id: first_id("container id must be provided")?,
        },
        ("tasks", "resume") => CtrCommand::TasksResume {
            id: first_id("container id must be provided")?,
        },
        ("snapshots", "ls") => CtrCommand::SnapshotsLs {
            snapshotter: gp.string("snapshotter"),
        },
        ("content", "ls") => CtrCommand::ContentLs {
            quiet: p.flag("quiet"),
        },
        ("leases", "ls") => CtrCommand::LeasesLs {
            quiet: p.flag("quiet"),
        },
        (g, sub) => return Err(not_simulated(&format!("ctr {g} {sub}"))),
    })
}

/// A group's subcommands.
fn group_subs(group: &str) -> &'static [&'static str] {
    match group {
        "plugins" => &["ls"],
        "namespaces" => &["create", "c", "ls", "rm", "label"],
        "images" => &[
            "check", "export", "import", "ls", "mount", "unmount", "pull", "push", "prune", "rm",
            "tag", "label", "convert", "usage",
        ],
        "containers" => &[
            "create",
            "rm",
            "info",
            "ls",
            "label",
            "checkpoint",
            "restore",
        ],
        "tasks" => &[
            "attach",
            "checkpoint",
            "rm",
            "exec",
            "ls",
            "kill",
            "pause",
            "ps",
            "resume",
            "start",
            "metrics",
            "metric",
        ],
        "snapshots" => &[
            "commit", "diff", "info", "ls", "mounts", "prepare", "rm", "label", "tree", "unpack",
            "usage", "view",
        ],
        "content" => &[
            "active",
            "delete",
            "rm",
            "edit",
            "fetch",
            "fetch-object",
            "fetch-blob",
            "get",
            "ingest",
            "ls",
            "push-object",
            "label",
            "prune",
        ],
        "leases" => &["ls", "create", "rm"],
        _ => &[],
    }
}

/// A group's subcommand by its canonical name (`list` is `ls`, `del` is `rm`).
fn canonical_sub<'a>(group: &str, sub: &'a str) -> &'a str {
    match (group, sub) {
        (_, "list" | "ls") => "ls",
        (
            "images" | "containers" | "tasks" | "namespaces" | "content" | "leases" | "snapshots",
            "delete" | "del" | "remove" | "rm",
        ) => "rm",
        (_, other) => other,
    }
}

/// A subcommand's own flags.
fn sub_flags(group: &str, canonical: &str) -> Vec<FlagDef> {
    if (group, canonical) == ("images", "pull") {
        return PULL_OWN.iter().chain(REGISTRY).copied().collect();
    }
    let defs: &[FlagDef] = match (group, canonical) {
        ("plugins", "ls") => PLUGINS_LS,
        (_, "ls") => QUIET,
        ("images", "pull") => &[],
        ("images", "rm") => IMAGES_RM,
        ("images", "import") => IMAGES_IMPORT,
        ("tasks", "start") => TASKS_START,
        ("tasks", "kill") => TASKS_KILL,
        ("tasks", "rm") => TASKS_RM,
        ("tasks", "exec") => TASKS_EXEC,
        _ => NONE,
    };
    defs.to_vec()
}

/// What ctr takes after `path` (completion): the commands and global flags,
/// a group's subcommands, then a subcommand's flags.
pub(crate) fn words(path: &[&str]) -> crate::command::words::Words {
    use crate::command::words::Words;
    match path {
        [] => Words::new(COMMANDS, GLOBAL),
        ["run", ..] => Words::new(&[], RUN_OWN),
        [group] => Words::new(group_subs(canonical_group(group)), &[]),
        [group, sub, ..] => {
            let g = canonical_group(group);
            Words {
                subcommands: &[],
                flags: sub_flags(g, canonical_sub(g, sub)),
            }
        }
    }
}
