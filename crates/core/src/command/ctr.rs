//! `ctr`, containerd's debug client (urfave/cli v1, as in containerd 1.7).
//!
//! `main` prints failures as `ctr: <err>` and exits 1. Flag errors first print
//! `Incorrect Usage: <err>` and the command help on stdout. An unknown command
//! goes to urfave's help action: `No help topic for 'x'`, exit 3. Namespace
//! defaults to `default` (`-n k8s.io` shows Kubernetes' containers).

use super::error::{CommandError, ErrorKind, Tool};
use super::flags::{b, i, parse_goflag, s, FlagDef, FlagError, GoFlagOpts, Kind, Parsed};
use super::shell::{self, Dash};
use super::units::parse_signal;

/// A parsed `ctr` invocation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ctr {
    /// `-a/--address` (default `/run/containerd/containerd.sock`).
    pub address: Option<String>,
    /// `-n/--namespace` as given (see [`Ctr::namespace`]).
    pub namespace: Option<String>,
    /// `--debug`.
    pub debug: bool,
    /// `--timeout`.
    pub timeout: Option<String>,
    /// The subcommand.
    pub command: CtrCommand,
}

impl Ctr {
    /// The containerd namespace: `-n`, else `default` (ctr cannot read the
    /// environment here, so `CONTAINERD_NAMESPACE` does not apply).
    pub fn namespace(&self) -> &str {
        self.namespace.as_deref().unwrap_or("default")
    }
}

/// ctr subcommands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CtrCommand {
    /// `version`.
    Version,
    /// `--version`: the client's own version line.
    ClientVersion,
    /// `plugins ls`.
    PluginsLs {
        /// `-q/--quiet`.
        quiet: bool,
        /// `-d/--detailed`.
        detailed: bool,
    },
    /// `namespaces ls`.
    NamespacesLs {
        /// `-q/--quiet`.
        quiet: bool,
    },
    /// `images pull REF`.
    ImagesPull(Pull),
    /// `images ls`.
    ImagesLs {
        /// `-q/--quiet`.
        quiet: bool,
    },
    /// `images rm REF…`.
    ImagesRm {
        /// References.
        refs: Vec<String>,
        /// `--sync`.
        sync: bool,
    },
    /// `images import FILE` (accepted; the engine may refuse, there are no files).
    ImagesImport {
        /// The archive path (`-` for stdin).
        file: String,
    },
    /// `run [flags] IMAGE ID [CMD…]`.
    Run(Run),
    /// `containers ls`.
    ContainersLs {
        /// `-q/--quiet`.
        quiet: bool,
    },
    /// `containers rm ID…`.
    ContainersRm {
        /// Container IDs.
        ids: Vec<String>,
    },
    /// `tasks ls`.
    TasksLs {
        /// `-q/--quiet`.
        quiet: bool,
    },
    /// `tasks start [-d] ID`.
    TasksStart {
        /// Container ID.
        id: String,
        /// `-d/--detach`.
        detach: bool,
        /// `--null-io`.
        null_io: bool,
    },
    /// `tasks kill [-s SIG] [-a] ID`.
    TasksKill {
        /// Container ID.
        id: String,
        /// `-s/--signal` as typed (`None`: the image's stop signal, else SIGTERM).
        signal: Option<String>,
        /// `-a/--all`.
        all: bool,
        /// `--exec-id`.
        exec_id: Option<String>,
    },
    /// `tasks rm|delete [-f] ID…`.
    TasksRm {
        /// Container IDs.
        ids: Vec<String>,
        /// `-f/--force`.
        force: bool,
        /// `--exec-id`.
        exec_id: Option<String>,
    },
    /// `tasks exec --exec-id EID [-t] [-d] ID CMD…`.
    TasksExec {
        /// Container ID.
        id: String,
        /// `--exec-id`.
        exec_id: String,
        /// `-t/--tty`.
        tty: bool,
        /// `-d/--detach`.
        detach: bool,
        /// `--cwd`.
        cwd: Option<String>,
        /// `--user`.
        user: Option<String>,
        /// The command.
        command: Vec<String>,
    },
    /// `tasks ps ID`.
    TasksPs {
        /// Container ID.
        id: String,
    },
    /// `tasks pause ID`.
    TasksPause {
        /// Container ID.
        id: String,
    },
    /// `tasks resume ID`.
    TasksResume {
        /// Container ID.
        id: String,
    },
    /// `snapshots ls`.
    SnapshotsLs {
        /// `--snapshotter` (on the `snapshots` command).
        snapshotter: Option<String>,
    },
    /// `content ls`.
    ContentLs {
        /// `-q/--quiet`.
        quiet: bool,
    },
    /// `events`.
    Events,
    /// `leases ls`.
    LeasesLs {
        /// `-q/--quiet`.
        quiet: bool,
    },
    /// Help screen; exit 0.
    Help {
        /// Command path below `ctr` (empty: the program's help).
        path: Vec<String>,
    },
}

/// `images pull`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Pull {
    /// Reference.
    pub reference: String,
    /// `--platform` (repeatable).
    pub platforms: Vec<String>,
    /// `--all-platforms`.
    pub all_platforms: bool,
    /// `--local` (1.7: fetch in the client rather than the Transfer service).
    pub local: bool,
    /// `--snapshotter`.
    pub snapshotter: Option<String>,
}

/// `run`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Run {
    /// Image reference (or rootfs path with `--rootfs`).
    pub image: String,
    /// Container ID.
    pub id: String,
    /// Command and arguments (empty: the image's).
    pub command: Vec<String>,
    /// `--rm`.
    pub rm: bool,
    /// `-d/--detach`.
    pub detach: bool,
    /// `-t/--tty`.
    pub tty: bool,
    /// `--runc-binary`.
    pub runc_binary: Option<String>,
    /// `--runtime` (default `io.containerd.runc.v2`).
    pub runtime: Option<String>,
    /// `--net-host`.
    pub net_host: bool,
    /// `--cni`.
    pub cni: bool,
    /// `--memory-limit` bytes.
    pub memory_limit: Option<u64>,
    /// `--env K=V` (repeatable).
    pub env: Vec<String>,
    /// `--snapshotter`.
    pub snapshotter: Option<String>,
    /// `--privileged`.
    pub privileged: bool,
}

const COMMANDS: &[&str] = &[
    "plugins",
    "plugin",
    "version",
    "containers",
    "c",
    "container",
    "content",
    "events",
    "event",
    "images",
    "image",
    "i",
    "leases",
    "namespaces",
    "namespace",
    "ns",
    "pprof",
    "run",
    "snapshots",
    "snapshot",
    "tasks",
    "t",
    "task",
    "install",
    "oci",
    "shim",
    "info",
    "deprecations",
    "sandboxes",
    "sandbox",
    "sb",
    "help",
    "h",
];

const GLOBAL: &[FlagDef] = &[
    b("debug"),
    s("address").aliases(&["a"]),
    FlagDef::new("timeout", Kind::Duration),
    FlagDef::new("connect-timeout", Kind::Duration),
    s("namespace").aliases(&["n"]),
    b("version").aliases(&["v"]),
];

const REGISTRY: &[FlagDef] = &[
    b("skip-verify").aliases(&["k"]),
    b("plain-http"),
    s("user").aliases(&["u"]),
    s("refresh"),
    s("hosts-dir"),
    s("tlscacert"),
    s("tlscert"),
    s("tlskey"),
    b("http-dump"),
    b("http-trace"),
];
const PULL_OWN: &[FlagDef] = &[
    s("snapshotter"),
    s("label"),
    s("platform"),
    b("all-platforms"),
    b("all-metadata"),
    b("print-chainid"),
    i("max-concurrent-downloads"),
    b("skip-metadata"),
    b("local"),
];
const RUN_OWN: &[FlagDef] = &[
    b("rm"),
    b("null-io"),
    s("log-uri"),
    b("detach").aliases(&["d"]),
    s("fifo-dir"),
    s("cgroup"),
    s("platform"),
    b("cni"),
    s("runc-binary"),
    s("runc-root"),
    b("runc-systemd-cgroup"),
    s("uidmap"),
    s("gidmap"),
    b("remap-labels"),
    b("privileged-without-host-devices"),
    FlagDef::new("cpus", Kind::Float),
    i("cpu-shares"),
    i("cpu-quota"),
    FlagDef::new("cpu-period", Kind::Uint),
    b("rootfs"),
    s("rootfs-propagation"),
    s("device"),
    b("no-pivot"),
    s("checkpoint"),
    s("snapshotter"),
    s("snapshotter-label"),
    s("config").aliases(&["c"]),
    s("cwd"),
    s("env"),
    s("env-file"),
    s("label"),
    s("annotation"),
    s("mount"),
    b("net-host"),
    b("privileged"),
    b("read-only"),
    s("runtime"),
    s("runtime-config-path"),
    b("tty").aliases(&["t"]),
    s("with-ns"),
    s("pid-file"),
    s("gpus"),
    b("allow-new-privs"),
    FlagDef::new("memory-limit", Kind::Uint),
    s("cap-add"),
    s("cap-drop"),
    b("seccomp"),
    s("seccomp-profile"),
    s("apparmor-default-profile"),
    s("apparmor-profile"),
    s("blockio-config-file"),
    s("blockio-class"),
    s("rdt-class"),
    s("hostname"),
    s("user").aliases(&["u"]),
];
const QUIET: &[FlagDef] = &[b("quiet").aliases(&["q"])];
const PLUGINS_LS: &[FlagDef] = &[b("quiet").aliases(&["q"]), b("detailed").aliases(&["d"])];
const IMAGES_RM: &[FlagDef] = &[b("sync")];
const IMAGES_IMPORT: &[FlagDef] = &[
    s("base-name"),
    b("digests"),
    b("skip-digest-for-named"),
    s("index-name"),
    b("all-platforms"),
    s("platform"),
    b("no-unpack"),
    b("local"),
    b("compress-blobs"),
    s("snapshotter"),
    s("label"),
    b("discard-unpacked-layers"),
];
const TASKS_START: &[FlagDef] = &[
    b("null-io"),
    s("log-uri"),
    s("fifo-dir"),
    s("pid-file"),
    b("detach").aliases(&["d"]),
];
const TASKS_KILL: &[FlagDef] = &[
    s("signal").aliases(&["s"]),
    s("exec-id"),
    b("all").aliases(&["a"]),
];
const TASKS_RM: &[FlagDef] = &[b("force").aliases(&["f"]), s("exec-id")];
const TASKS_EXEC: &[FlagDef] = &[
    s("cwd"),
    b("tty").aliases(&["t"]),
    b("detach").aliases(&["d"]),
    s("exec-id"),
    s("fifo-dir"),
    s("log-uri"),
    s("user"),
];
const SNAPSHOTS: &[FlagDef] = &[s("snapshotter")];
const NONE: &[FlagDef] = &[];

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
    CommandError::new(
        Tool::Ctr,
        ErrorKind::NotSimulated,
        1,
        vec![format!(
            "atlas: `{path}` is a real ctr command, but the simulator does not run it"
        )],
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
    let canonical = match (group, sub) {
        (_, "list" | "ls") => "ls",
        (
            "images" | "containers" | "tasks" | "namespaces" | "content" | "leases" | "snapshots",
            "delete" | "del" | "remove" | "rm",
        ) => "rm",
        (_, other) => other,
    };
    let path = format!("ctr {group} {canonical}");
    let known: &[&str] = match group {
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
    };
    if !known.contains(&canonical) {
        return Err(no_topic(sub));
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
    let pull_defs: Vec<FlagDef>;
    let defs = if (group, canonical) == ("images", "pull") {
        pull_defs = PULL_OWN.iter().chain(REGISTRY).copied().collect();
        pull_defs.as_slice()
    } else {
        defs
    };
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
                        &format!("unknown signal {}", super::error::go_quote(sig)),
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

impl Ctr {
    /// The canonical command line.
    pub fn to_line(&self) -> String {
        let mut w = vec!["ctr".to_string()];
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
        opt(&mut w, "address", &self.address);
        opt(&mut w, "namespace", &self.namespace);
        flag(&mut w, "debug", self.debug);
        opt(&mut w, "timeout", &self.timeout);
        // Most ctr commands reorder flags after arguments (urfave v1); `run`
        // and `tasks exec` stop at the first argument.
        let mut dash = Dash::Any;
        let mut f = Vec::new();
        let (path, args): (&[&str], Vec<String>) = match &self.command {
            CtrCommand::Version => (&["version"], vec![]),
            CtrCommand::ClientVersion => (&["--version"], vec![]),
            CtrCommand::PluginsLs { quiet, detailed } => {
                flag(&mut f, "quiet", *quiet);
                flag(&mut f, "detailed", *detailed);
                (&["plugins", "ls"], vec![])
            }
            CtrCommand::NamespacesLs { quiet } => {
                flag(&mut f, "quiet", *quiet);
                (&["namespaces", "ls"], vec![])
            }
            CtrCommand::ImagesPull(p) => {
                for pl in &p.platforms {
                    f.push(format!("--platform={pl}"));
                }
                flag(&mut f, "all-platforms", p.all_platforms);
                flag(&mut f, "local", p.local);
                opt(&mut f, "snapshotter", &p.snapshotter);
                (&["images", "pull"], vec![p.reference.clone()])
            }
            CtrCommand::ImagesLs { quiet } => {
                flag(&mut f, "quiet", *quiet);
                (&["images", "ls"], vec![])
            }
            CtrCommand::ImagesRm { refs, sync } => {
                flag(&mut f, "sync", *sync);
                (&["images", "rm"], refs.clone())
            }
            CtrCommand::ImagesImport { file } => (&["images", "import"], vec![file.clone()]),
            CtrCommand::Run(r) => {
                flag(&mut f, "rm", r.rm);
                flag(&mut f, "detach", r.detach);
                flag(&mut f, "tty", r.tty);
                opt(&mut f, "runc-binary", &r.runc_binary);
                opt(&mut f, "runtime", &r.runtime);
                flag(&mut f, "net-host", r.net_host);
                flag(&mut f, "cni", r.cni);
                if let Some(m) = r.memory_limit {
                    f.push(format!("--memory-limit={m}"));
                }
                for e in &r.env {
                    f.push(format!("--env={e}"));
                }
                opt(&mut f, "snapshotter", &r.snapshotter);
                flag(&mut f, "privileged", r.privileged);
                dash = Dash::First;
                let mut a = vec![r.image.clone(), r.id.clone()];
                a.extend(r.command.iter().cloned());
                (&["run"], a)
            }
            CtrCommand::ContainersLs { quiet } => {
                flag(&mut f, "quiet", *quiet);
                (&["containers", "ls"], vec![])
            }
            CtrCommand::ContainersRm { ids } => (&["containers", "rm"], ids.clone()),
            CtrCommand::TasksLs { quiet } => {
                flag(&mut f, "quiet", *quiet);
                (&["tasks", "ls"], vec![])
            }
            CtrCommand::TasksStart {
                id,
                detach,
                null_io,
            } => {
                flag(&mut f, "detach", *detach);
                flag(&mut f, "null-io", *null_io);
                (&["tasks", "start"], vec![id.clone()])
            }
            CtrCommand::TasksKill {
                id,
                signal,
                all,
                exec_id,
            } => {
                opt(&mut f, "signal", signal);
                flag(&mut f, "all", *all);
                opt(&mut f, "exec-id", exec_id);
                (&["tasks", "kill"], vec![id.clone()])
            }
            CtrCommand::TasksRm {
                ids,
                force,
                exec_id,
            } => {
                flag(&mut f, "force", *force);
                opt(&mut f, "exec-id", exec_id);
                (&["tasks", "rm"], ids.clone())
            }
            CtrCommand::TasksExec {
                id,
                exec_id,
                tty,
                detach,
                cwd,
                user,
                command,
            } => {
                f.push(format!("--exec-id={exec_id}"));
                flag(&mut f, "tty", *tty);
                flag(&mut f, "detach", *detach);
                opt(&mut f, "cwd", cwd);
                opt(&mut f, "user", user);
                dash = Dash::First;
                let mut a = vec![id.clone()];
                a.extend(command.iter().cloned());
                (&["tasks", "exec"], a)
            }
            CtrCommand::TasksPs { id } => (&["tasks", "ps"], vec![id.clone()]),
            CtrCommand::TasksPause { id } => (&["tasks", "pause"], vec![id.clone()]),
            CtrCommand::TasksResume { id } => (&["tasks", "resume"], vec![id.clone()]),
            CtrCommand::SnapshotsLs { snapshotter } => {
                w.push("snapshots".into());
                opt(&mut w, "snapshotter", snapshotter);
                (&["ls"], vec![])
            }
            CtrCommand::ContentLs { quiet } => {
                flag(&mut f, "quiet", *quiet);
                (&["content", "ls"], vec![])
            }
            CtrCommand::Events => (&["events"], vec![]),
            CtrCommand::LeasesLs { quiet } => {
                flag(&mut f, "quiet", *quiet);
                (&["leases", "ls"], vec![])
            }
            CtrCommand::Help { path } => {
                match path.as_slice() {
                    [] => {}
                    [topic] => w.extend(["help".to_string(), topic.clone()]),
                    more => {
                        w.extend(more.iter().cloned());
                        w.push("--help".into());
                    }
                }
                return shell::join(&w);
            }
        };
        w.extend(path.iter().map(|p| p.to_string()));
        w.extend(shell::assemble(f, args, dash, false));
        shell::join(&w)
    }
}
