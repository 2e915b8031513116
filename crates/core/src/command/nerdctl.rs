//! `nerdctl` (containerd/nerdctl, cobra + pflag, docker-compatible flags).
//!
//! nerdctl silences cobra and ends with `log.L.Fatal(err)`: every failure is
//! one logrus line `time="…" level=fatal msg="…"`, exit 1. An unknown command
//! is reported by `helpers.UnknownSubcommandAction`
//! (`unknown subcommand "x" for "nerdctl"` + cobra's suggestions); argument
//! counts by cobra's validators (`requires at least 1 arg(s), only received 0`).

use super::docker::{ContainerExec, ContainerRun, PortSpec, RUN_FLAGS};
use super::error::{cobra_suggestions, CommandError, ErrorKind, LogLevel, Tool};
use super::flags::{b, parse_pflag, s, FlagDef, FlagError, Kind, PflagOpts};
use super::shell::{self, Dash};

/// A parsed `nerdctl` invocation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Nerdctl {
    /// `-n/--namespace` as given (see [`Nerdctl::namespace`]).
    pub namespace: Option<String>,
    /// `-a/-H/--address`.
    pub address: Option<String>,
    /// `--snapshotter`.
    pub snapshotter: Option<String>,
    /// `--debug`.
    pub debug: bool,
    /// The subcommand.
    pub command: NerdctlCommand,
}

impl Nerdctl {
    /// The containerd namespace: `-n`, else `default`.
    pub fn namespace(&self) -> &str {
        self.namespace.as_deref().unwrap_or("default")
    }
}

/// nerdctl subcommands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NerdctlCommand {
    /// `run` / `container run`.
    Run(ContainerRun),
    /// `create` / `container create`.
    Create(ContainerRun),
    /// `ps` / `container ls`.
    Ps {
        /// `-a/--all`.
        all: bool,
        /// `-q/--quiet`.
        quiet: bool,
        /// `--no-trunc`.
        no_trunc: bool,
        /// `--format`.
        format: Option<String>,
    },
    /// `pull IMAGE`.
    Pull {
        /// The image.
        image: String,
        /// `--platform`.
        platform: Option<String>,
        /// `-q/--quiet`.
        quiet: bool,
    },
    /// `images` / `image ls`.
    Images {
        /// Optional `REPOSITORY[:TAG]` filter.
        repository: Option<String>,
        /// `-q/--quiet`.
        quiet: bool,
        /// `--no-trunc`.
        no_trunc: bool,
        /// `--digests`.
        digests: bool,
    },
    /// `stop [-t N] CONTAINER…`.
    Stop {
        /// Containers.
        containers: Vec<String>,
        /// `-t/--time` seconds.
        time: Option<i64>,
    },
    /// `start CONTAINER…`.
    Start {
        /// Containers.
        containers: Vec<String>,
        /// `-a/--attach`.
        attach: bool,
    },
    /// `kill [-s SIG] CONTAINER…`.
    Kill {
        /// Containers.
        containers: Vec<String>,
        /// `-s/--signal` as typed (default `KILL`).
        signal: Option<String>,
    },
    /// `rm [-f] CONTAINER…`.
    Rm {
        /// Containers.
        containers: Vec<String>,
        /// `-f/--force`.
        force: bool,
    },
    /// `rmi IMAGE…`.
    Rmi {
        /// Images.
        images: Vec<String>,
        /// `-f/--force`.
        force: bool,
    },
    /// `exec [-it] CONTAINER CMD…`.
    Exec(ContainerExec),
    /// `logs [-f] CONTAINER`.
    Logs {
        /// Container.
        container: String,
        /// `-f/--follow`.
        follow: bool,
        /// `-n/--tail`.
        tail: Option<String>,
        /// `-t/--timestamps`.
        timestamps: bool,
    },
    /// `inspect NAME…`.
    Inspect {
        /// Names or IDs.
        names: Vec<String>,
        /// `-f/--format`.
        format: Option<String>,
        /// `--mode dockercompat|native`.
        mode: Option<String>,
    },
    /// `version`.
    Version {
        /// `-f/--format`.
        format: Option<String>,
    },
    /// `info`.
    Info {
        /// `-f/--format`.
        format: Option<String>,
    },
    /// `-v/--version`: the client's version line.
    ClientVersion,
    /// Help screen; exit 0.
    Help {
        /// Command path below `nerdctl` (empty: the root help).
        path: Vec<String>,
    },
}

const COMMANDS: &[&str] = &[
    "create",
    "run",
    "update",
    "exec",
    "ps",
    "logs",
    "port",
    "stop",
    "start",
    "diff",
    "restart",
    "kill",
    "rm",
    "pause",
    "unpause",
    "commit",
    "wait",
    "rename",
    "attach",
    "build",
    "images",
    "pull",
    "push",
    "load",
    "save",
    "tag",
    "rmi",
    "history",
    "events",
    "info",
    "version",
    "inspect",
    "top",
    "stats",
    "container",
    "image",
    "network",
    "volume",
    "system",
    "namespace",
    "builder",
    "login",
    "logout",
    "compose",
    "ipfs",
    "apparmor",
    "cp",
    "completion",
    "help",
];

const GLOBAL: &[FlagDef] = &[
    b("debug"),
    b("debug-full"),
    s("address").short('a').aliases(&["host"]),
    s("namespace").short('n'),
    s("snapshotter").aliases(&["storage-driver"]),
    s("cni-path"),
    s("cni-netconfpath"),
    s("data-root"),
    s("cgroup-manager"),
    b("insecure-registry"),
    s("hosts-dir"),
    b("experimental"),
    s("host-gateway-ip"),
    s("bridge-ip"),
    b("kube-hide-dupe"),
    b("version").short('v'),
    b("help").short('h'),
];

const PS: &[FlagDef] = &[
    b("all").short('a'),
    i_last(),
    b("latest").short('l'),
    b("quiet").short('q'),
    b("no-trunc"),
    s("format"),
    s("filter").short('f'),
    b("size").short('s'),
];
const fn i_last() -> FlagDef {
    FlagDef::new("last", Kind::Int).short('n')
}
const PULL: &[FlagDef] = &[
    s("platform"),
    b("all-platforms"),
    s("unpack"),
    b("quiet").short('q'),
    s("verify"),
    s("cosign-key"),
    b("ipfs"),
];
const IMAGES: &[FlagDef] = &[
    b("all").short('a'),
    b("quiet").short('q'),
    b("no-trunc"),
    b("digests"),
    b("names"),
    s("format"),
    s("filter").short('f'),
];
const STOP: &[FlagDef] = &[
    FlagDef::new("time", Kind::Int).short('t'),
    s("signal").short('s'),
];
const START: &[FlagDef] = &[
    b("attach").short('a'),
    b("interactive").short('i'),
    s("detach-keys"),
    s("checkpoint"),
    s("checkpoint-dir"),
];
const KILL: &[FlagDef] = &[s("signal").short('s')];
const RM: &[FlagDef] = &[b("force").short('f'), b("volumes").short('v')];
const RMI: &[FlagDef] = &[b("force").short('f'), b("async")];
const EXEC: &[FlagDef] = &[
    b("tty").short('t'),
    b("interactive").short('i'),
    b("detach").short('d'),
    s("workdir").short('w'),
    s("env").short('e'),
    s("env-file"),
    b("privileged"),
    s("user").short('u'),
    s("detach-keys"),
];
const LOGS: &[FlagDef] = &[
    b("follow").short('f'),
    b("timestamps").short('t'),
    s("tail").short('n'),
    s("since"),
    s("until"),
    b("details"),
];
const INSPECT: &[FlagDef] = &[
    s("format").short('f'),
    s("mode"),
    s("type"),
    b("size").short('s'),
];
const FORMAT: &[FlagDef] = &[s("format").short('f')];

/// nerdctl-only run flags added to docker's set.
const RUN_EXTRA: &[FlagDef] = &[
    s("cosign-key"),
    s("verify"),
    b("ipfs"),
    s("rootfs"),
    s("pidfile"),
    s("cni-path"),
    b("insecure-registry"),
    s("gpus"),
    s("label"),
];

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
    let canonical = match (group, sub.as_str()) {
        (Some("container"), "ls" | "list") => "ps",
        (Some("image"), "ls" | "list") => "images",
        (Some("image"), "rm" | "remove") => "rmi",
        (Some("container"), "remove") => "rm",
        (_, other) => other,
    }
    .to_string();
    let (defs, interspersed): (Vec<FlagDef>, bool) = match canonical.as_str() {
        "run" | "create" => {
            let mut v: Vec<FlagDef> = RUN_FLAGS.to_vec();
            v.extend(
                RUN_EXTRA
                    .iter()
                    .filter(|x| !RUN_FLAGS.iter().any(|r| r.name == x.name)),
            );
            (v, false)
        }
        "ps" => (PS.to_vec(), true),
        "pull" => (PULL.to_vec(), true),
        "images" => (IMAGES.to_vec(), true),
        "stop" => (STOP.to_vec(), true),
        "start" => (START.to_vec(), true),
        "kill" => (KILL.to_vec(), true),
        "rm" => (RM.to_vec(), true),
        "rmi" => (RMI.to_vec(), true),
        "exec" => (EXEC.to_vec(), false),
        "logs" => (LOGS.to_vec(), true),
        "inspect" => (INSPECT.to_vec(), true),
        "version" | "info" => (FORMAT.to_vec(), true),
        other => {
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
            return Err(CommandError::new(
                Tool::Nerdctl,
                ErrorKind::NotSimulated,
                1,
                vec![format!(
                    "atlas: `{path}` is a real nerdctl command, but the simulator does not run it"
                )],
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

const CONTAINER_SUBS: &[&str] = &[
    "create",
    "run",
    "update",
    "exec",
    "ls",
    "list",
    "inspect",
    "logs",
    "port",
    "rm",
    "remove",
    "stop",
    "start",
    "restart",
    "kill",
    "pause",
    "unpause",
    "wait",
    "commit",
    "rename",
    "attach",
    "prune",
    "stats",
    "top",
    "diff",
    "cp",
    "health-check",
    "export",
    "checkpoint",
];
const IMAGE_SUBS: &[&str] = &[
    "build", "ls", "list", "history", "pull", "push", "load", "save", "tag", "rm", "remove",
    "convert", "inspect", "encrypt", "decrypt", "prune", "import", "export",
];

fn is_group_sub(group: &str, sub: &str) -> bool {
    match group {
        "container" => CONTAINER_SUBS.contains(&sub),
        "image" => IMAGE_SUBS.contains(&sub),
        _ => true,
    }
}

impl Nerdctl {
    /// The canonical command line.
    pub fn to_line(&self) -> String {
        let mut w = vec!["nerdctl".to_string()];
        if let Some(ns) = &self.namespace {
            w.push(format!("--namespace={ns}"));
        }
        if let Some(a) = &self.address {
            w.push(format!("--address={a}"));
        }
        if let Some(sn) = &self.snapshotter {
            w.push(format!("--snapshotter={sn}"));
        }
        if self.debug {
            w.push("--debug".into());
        }
        let flag = |w: &mut Vec<String>, name: &str, on: bool| {
            if on {
                w.push(format!("--{name}"));
            }
        };
        let opt = |w: &mut Vec<String>, name: &str, v: &Option<String>| {
            if let Some(v) = v {
                w.push(format!("--{name}={v}"));
            }
        };
        let mut f = Vec::new();
        let mut dash = Dash::Any;
        let (sub, args): (&str, Vec<String>) = match &self.command {
            NerdctlCommand::Run(r) | NerdctlCommand::Create(r) => {
                let is_run = matches!(self.command, NerdctlCommand::Run(_));
                f = r.flag_words(is_run);
                dash = Dash::First;
                let mut a = vec![r.image.clone()];
                a.extend(r.command.iter().cloned());
                (if is_run { "run" } else { "create" }, a)
            }
            NerdctlCommand::Ps {
                all,
                quiet,
                no_trunc,
                format,
            } => {
                flag(&mut f, "all", *all);
                flag(&mut f, "quiet", *quiet);
                flag(&mut f, "no-trunc", *no_trunc);
                opt(&mut f, "format", format);
                ("ps", vec![])
            }
            NerdctlCommand::Pull {
                image,
                platform,
                quiet,
            } => {
                opt(&mut f, "platform", platform);
                flag(&mut f, "quiet", *quiet);
                ("pull", vec![image.clone()])
            }
            NerdctlCommand::Images {
                repository,
                quiet,
                no_trunc,
                digests,
            } => {
                flag(&mut f, "quiet", *quiet);
                flag(&mut f, "no-trunc", *no_trunc);
                flag(&mut f, "digests", *digests);
                ("images", repository.iter().cloned().collect())
            }
            NerdctlCommand::Stop { containers, time } => {
                if let Some(t) = time {
                    f.push(format!("--time={t}"));
                }
                ("stop", containers.clone())
            }
            NerdctlCommand::Start { containers, attach } => {
                flag(&mut f, "attach", *attach);
                ("start", containers.clone())
            }
            NerdctlCommand::Kill { containers, signal } => {
                opt(&mut f, "signal", signal);
                ("kill", containers.clone())
            }
            NerdctlCommand::Rm { containers, force } => {
                flag(&mut f, "force", *force);
                ("rm", containers.clone())
            }
            NerdctlCommand::Rmi { images, force } => {
                flag(&mut f, "force", *force);
                ("rmi", images.clone())
            }
            NerdctlCommand::Exec(e) => {
                let (ef, ea) = e.parts();
                f = ef;
                dash = Dash::First;
                ("exec", ea)
            }
            NerdctlCommand::Logs {
                container,
                follow,
                tail,
                timestamps,
            } => {
                flag(&mut f, "follow", *follow);
                opt(&mut f, "tail", tail);
                flag(&mut f, "timestamps", *timestamps);
                ("logs", vec![container.clone()])
            }
            NerdctlCommand::Inspect {
                names,
                format,
                mode,
            } => {
                opt(&mut f, "format", format);
                opt(&mut f, "mode", mode);
                ("inspect", names.clone())
            }
            NerdctlCommand::Version { format } => {
                opt(&mut f, "format", format);
                ("version", vec![])
            }
            NerdctlCommand::Info { format } => {
                opt(&mut f, "format", format);
                ("info", vec![])
            }
            NerdctlCommand::ClientVersion => {
                w.push("--version".into());
                return shell::join(&w);
            }
            NerdctlCommand::Help { path } => {
                if !path.is_empty() {
                    w.push("help".into());
                    w.extend(path.iter().cloned());
                }
                return shell::join(&w);
            }
        };
        w.push(sub.to_string());
        w.extend(shell::assemble(f, args, dash, false));
        shell::join(&w)
    }
}
