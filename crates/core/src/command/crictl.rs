//! `crictl` (kubernetes-sigs/cri-tools, urfave/cli v2).
//!
//! Failures: `main` ends with `logrus.Fatal(err)` (`time="…" level=fatal
//! msg="…"`, exit 1). Flag errors first print `Incorrect Usage: <err>` and the
//! command help on stdout. An unknown command goes to urfave's help action:
//! `No help topic for 'x'` on stderr, exit 3. Several commands print their help
//! and exit 0 when arguments are missing (`ShowSubcommandHelp`): those parse to
//! [`CrictlCommand::Help`]. IDs may be prefixes; the engine resolves them.

use super::error::{CommandError, ErrorKind, LogLevel, Tool};
use super::flags::{b, i, parse_goflag, s, FlagDef, FlagError, GoFlagOpts, Kind, Parsed};
use super::shell::{self, Dash};

/// A parsed `crictl` invocation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Crictl {
    /// `-r/--runtime-endpoint`.
    pub runtime_endpoint: Option<String>,
    /// `-i/--image-endpoint`.
    pub image_endpoint: Option<String>,
    /// `-t/--timeout` (a Go duration, as typed).
    pub timeout: Option<String>,
    /// `-D/--debug`.
    pub debug: bool,
    /// `-c/--config`.
    pub config: Option<String>,
    /// The subcommand.
    pub command: CrictlCommand,
}

/// crictl subcommands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CrictlCommand {
    /// `version` (CRI `Version`).
    Version,
    /// `--version`: the client's own version line.
    ClientVersion,
    /// `info` (CRI `Status`, verbose).
    Info {
        /// `-o/--output` (`json` default, `yaml`, `go-template`).
        output: Option<String>,
        /// `-q/--quiet`.
        quiet: bool,
    },
    /// `pods` (CRI `ListPodSandbox`).
    Pods(ListFilter),
    /// `ps` (CRI `ListContainers`).
    Ps(ListFilter),
    /// `images`/`image`/`img` (CRI `ListImages`).
    Images {
        /// Optional repository filter argument.
        repository: Option<String>,
        /// `-q/--quiet`.
        quiet: bool,
        /// `--digests`.
        digests: bool,
        /// `--no-trunc`.
        no_trunc: bool,
        /// `-v/--verbose`.
        verbose: bool,
        /// `-o/--output`.
        output: Option<String>,
    },
    /// `pull IMAGE` (CRI `PullImage`).
    Pull {
        /// Image reference.
        image: String,
        /// `-p/--pod-config`.
        pod_config: Option<String>,
        /// `--creds`.
        creds: Option<String>,
    },
    /// `runp [-r HANDLER] pod.json` (CRI `RunPodSandbox`).
    Runp {
        /// `-r/--runtime` handler.
        runtime: Option<String>,
        /// Pod sandbox config file.
        pod_config: String,
    },
    /// `create POD-ID ctr.json pod.json` (CRI `CreateContainer`, pull first by default).
    Create {
        /// Pod sandbox ID (or prefix).
        pod_id: String,
        /// Container config file.
        container_config: String,
        /// Pod sandbox config file.
        pod_config: String,
        /// `--no-pull`.
        no_pull: bool,
        /// `--with-pull`.
        with_pull: bool,
    },
    /// `start ID…` (CRI `StartContainer`).
    Start {
        /// Container IDs.
        ids: Vec<String>,
    },
    /// `stop [-t N] [-a] ID…` (CRI `StopContainer`).
    Stop {
        /// Container IDs.
        ids: Vec<String>,
        /// `-t/--timeout` seconds.
        timeout: Option<i64>,
        /// `-a/--all`.
        all: bool,
    },
    /// `stopp ID…` (CRI `StopPodSandbox`).
    Stopp {
        /// Pod sandbox IDs.
        ids: Vec<String>,
    },
    /// `rm [-f] [-a] ID…` (CRI `RemoveContainer`).
    Rm {
        /// Container IDs.
        ids: Vec<String>,
        /// `-f/--force`.
        force: bool,
        /// `-a/--all`.
        all: bool,
    },
    /// `rmp [-f] [-a] ID…` (CRI `RemovePodSandbox`).
    Rmp {
        /// Pod sandbox IDs.
        ids: Vec<String>,
        /// `-f/--force`.
        force: bool,
        /// `-a/--all`.
        all: bool,
    },
    /// `rmi [-a] [-q] IMAGE…` (CRI `RemoveImage`).
    Rmi {
        /// Image references or IDs.
        images: Vec<String>,
        /// `-a/--all`.
        all: bool,
        /// `-q/--prune`.
        prune: bool,
    },
    /// `inspect ID…` (CRI `ContainerStatus`, verbose).
    Inspect(Inspect),
    /// `inspectp ID…` (CRI `PodSandboxStatus`, verbose).
    Inspectp(Inspect),
    /// `inspecti IMAGE…` (CRI `ImageStatus`, verbose).
    Inspecti(Inspect),
    /// `logs [--tail N] [-p] [-f] ID` (reads the log file CRI reports).
    Logs {
        /// Container ID.
        id: String,
        /// `--tail`.
        tail: Option<i64>,
        /// `-p/--previous`.
        previous: bool,
        /// `-f/--follow`.
        follow: bool,
        /// `-t/--timestamps`.
        timestamps: bool,
    },
    /// `exec [-i] [-t] [-s] ID CMD…` (CRI `Exec`, or `ExecSync` with `-s`).
    Exec {
        /// Container ID.
        id: String,
        /// The command.
        command: Vec<String>,
        /// `-i/--interactive`.
        interactive: bool,
        /// `-t/--tty`.
        tty: bool,
        /// `-s/--sync`.
        sync: bool,
        /// `--timeout` seconds (ExecSync).
        timeout: Option<i64>,
    },
    /// `run [-r HANDLER] ctr.json pod.json` (RunPodSandbox + CreateContainer + StartContainer).
    Run {
        /// `-r/--runtime` handler.
        runtime: Option<String>,
        /// Container config file.
        container_config: String,
        /// Pod sandbox config file.
        pod_config: String,
        /// `--no-pull`.
        no_pull: bool,
        /// `--with-pull`.
        with_pull: bool,
    },
    /// `stats` (CRI `ListContainerStats`).
    Stats {
        /// Optional container ID argument.
        id: Option<String>,
        /// `-a/--all`.
        all: bool,
        /// `-p/--pod`.
        pod: Option<String>,
        /// `-o/--output`.
        output: Option<String>,
    },
    /// `statsp` (CRI `ListPodSandboxStats`).
    Statsp {
        /// Optional pod ID argument.
        id: Option<String>,
        /// `-o/--output`.
        output: Option<String>,
    },
    /// `imagefsinfo` (CRI `ImageFsInfo`).
    Imagefsinfo {
        /// `-o/--output`.
        output: Option<String>,
    },
    /// `runtime-config` (CRI `RuntimeConfig`).
    RuntimeConfig,
    /// `events` (CRI `GetContainerEvents`).
    Events {
        /// `-o/--output`.
        output: Option<String>,
    },
    /// Help screen; exit 0 (`crictl`, `crictl help ps`, `crictl ps --help`,
    /// and commands missing arguments that show their help).
    Help {
        /// The subcommand (`None`: the program's help).
        command: Option<String>,
    },
}

/// Filters shared by `pods` and `ps`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListFilter {
    /// `--id`.
    pub id: Option<String>,
    /// `--name` (regular expression).
    pub name: Option<String>,
    /// `--namespace` (regular expression).
    pub namespace: Option<String>,
    /// `-s/--state`.
    pub state: Option<String>,
    /// `--label k=v`, repeatable.
    pub labels: Vec<String>,
    /// `-q/--quiet`.
    pub quiet: bool,
    /// `--no-trunc`.
    pub no_trunc: bool,
    /// `-o/--output`.
    pub output: Option<String>,
    /// `-v/--verbose`.
    pub verbose: bool,
    /// `-l/--latest`.
    pub latest: bool,
    /// `-n/--last`.
    pub last: Option<i64>,
    /// ps: `-a/--all`.
    pub all: bool,
    /// ps: `-p/--pod`.
    pub pod: Option<String>,
    /// ps: `--image`.
    pub image: Option<String>,
}

/// `inspect`, `inspectp`, `inspecti`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Inspect {
    /// IDs (or prefixes); may be empty for inspect/inspectp (filters decide).
    pub ids: Vec<String>,
    /// `-o/--output` (`json` default, `yaml`, `go-template`, `table`).
    pub output: Option<String>,
    /// `-q/--quiet`.
    pub quiet: bool,
}

const COMMANDS: &[&str] = &[
    "attach",
    "create",
    "exec",
    "version",
    "images",
    "image",
    "img",
    "inspect",
    "inspecti",
    "imagefsinfo",
    "inspectp",
    "logs",
    "port-forward",
    "ps",
    "pull",
    "run",
    "runp",
    "rm",
    "rmi",
    "rmp",
    "pods",
    "start",
    "info",
    "stop",
    "stopp",
    "update",
    "config",
    "stats",
    "statsp",
    "metricsp",
    "metricdescs",
    "completion",
    "checkpoint",
    "runtime-config",
    "events",
    "update-runtime-config",
    "help",
    "h",
];

const GLOBAL: &[FlagDef] = &[
    s("config").aliases(&["c"]),
    s("runtime-endpoint").aliases(&["r"]),
    s("image-endpoint").aliases(&["i"]),
    FlagDef::new("timeout", Kind::Duration).aliases(&["t"]),
    b("debug").aliases(&["D"]),
    b("enable-tracing"),
    i("tracing-sampling-rate-per-million"),
    s("tracing-endpoint"),
    s("profile-cpu"),
    s("profile-mem"),
    b("version").aliases(&["v"]),
];

const PODS: &[FlagDef] = &[
    s("id"),
    s("name"),
    s("namespace"),
    s("state").aliases(&["s"]),
    s("label"),
    b("verbose").aliases(&["v"]),
    b("quiet").aliases(&["q"]),
    s("output").aliases(&["o"]),
    b("latest").aliases(&["l"]),
    i("last").aliases(&["n"]),
    b("no-trunc"),
];
const PS: &[FlagDef] = &[
    b("verbose").aliases(&["v"]),
    s("id"),
    s("name"),
    s("pod").aliases(&["p"]),
    s("image"),
    s("state").aliases(&["s"]),
    s("label"),
    b("quiet").aliases(&["q"]),
    s("output").aliases(&["o"]),
    b("all").aliases(&["a"]),
    b("latest").aliases(&["l"]),
    i("last").aliases(&["n"]),
    b("no-trunc"),
    b("resolve-image-path").aliases(&["r"]),
    s("namespace"),
];
const IMAGES: &[FlagDef] = &[
    b("quiet").aliases(&["q"]),
    b("verbose").aliases(&["v"]),
    s("output").aliases(&["o"]),
    b("digests"),
    b("no-trunc"),
    b("pinned"),
    s("filter").aliases(&["f"]),
];
const PULL: &[FlagDef] = &[
    s("creds"),
    s("auth"),
    s("username"),
    s("pod-config").aliases(&["p"]),
    s("annotation").aliases(&["a"]),
    FlagDef::new("pull-timeout", Kind::Duration).aliases(&["pt"]),
    s("platform"),
];
const RUNP: &[FlagDef] = &[
    s("runtime").aliases(&["r"]),
    FlagDef::new("cancel-timeout", Kind::Duration).aliases(&["T"]),
];
const CREATE: &[FlagDef] = &[
    b("no-pull"),
    b("with-pull"),
    s("creds"),
    s("auth"),
    s("username"),
    FlagDef::new("cancel-timeout", Kind::Duration).aliases(&["T"]),
    FlagDef::new("pull-timeout", Kind::Duration).aliases(&["pt"]),
];
const RUN: &[FlagDef] = &[
    b("no-pull"),
    b("with-pull"),
    s("creds"),
    s("auth"),
    s("username"),
    s("runtime").aliases(&["r"]),
    FlagDef::new("cancel-timeout", Kind::Duration).aliases(&["T"]),
    FlagDef::new("pull-timeout", Kind::Duration).aliases(&["pt"]),
];
const STOP: &[FlagDef] = &[i("timeout").aliases(&["t"]), b("all").aliases(&["a"])];
const RM: &[FlagDef] = &[
    b("force").aliases(&["f"]),
    b("keep-logs").aliases(&["k"]),
    b("all").aliases(&["a"]),
];
const RMP: &[FlagDef] = &[b("force").aliases(&["f"]), b("all").aliases(&["a"])];
const RMI: &[FlagDef] = &[b("all").aliases(&["a"]), b("prune").aliases(&["q"])];
const INSPECT: &[FlagDef] = &[
    s("output").aliases(&["o"]),
    b("quiet").aliases(&["q"]),
    s("template"),
    s("name"),
    s("namespace"),
    s("pod").aliases(&["p"]),
    s("image"),
    s("state").aliases(&["s"]),
    s("label"),
    b("latest").aliases(&["l"]),
    i("last").aliases(&["n"]),
    b("all").aliases(&["a"]),
];
const INSPECTI: &[FlagDef] = &[
    s("output").aliases(&["o"]),
    b("quiet").aliases(&["q"]),
    s("template"),
];
const LOGS: &[FlagDef] = &[
    b("follow").aliases(&["f"]),
    b("previous").aliases(&["p"]),
    i("tail"),
    b("timestamps").aliases(&["t"]),
    s("since"),
    i("limit-bytes"),
    b("reopen").aliases(&["r"]),
    s("stream"),
];
const EXEC: &[FlagDef] = &[
    b("sync").aliases(&["s"]),
    b("interactive").aliases(&["i"]),
    b("tty").aliases(&["t"]),
    i("timeout"),
    s("transport"),
    b("ignore-errors").aliases(&["e"]),
    s("image"),
    s("label"),
    b("last").aliases(&["l"]),
    s("name"),
    s("namespace"),
    s("pod").aliases(&["p"]),
    s("state"),
    b("all").aliases(&["a"]),
];
const STATS: &[FlagDef] = &[
    b("all").aliases(&["a"]),
    s("id"),
    s("pod").aliases(&["p"]),
    s("label"),
    s("output").aliases(&["o"]),
    i("seconds").aliases(&["s"]),
    b("watch").aliases(&["w"]),
];
const STATSP: &[FlagDef] = &[
    s("id"),
    s("label"),
    s("output").aliases(&["o"]),
    i("seconds").aliases(&["s"]),
    b("watch").aliases(&["w"]),
];
const OUTPUT_ONLY: &[FlagDef] = &[
    s("output").aliases(&["o"]),
    b("quiet").aliases(&["q"]),
    s("template"),
];
const NONE: &[FlagDef] = &[];

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
    let canonical = match name {
        "image" | "img" => "images",
        "h" => "help",
        other => other,
    };
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
    let (defs, short) = match canonical {
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
        _ => (NONE, false),
    };
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
        },
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
            [] => return Err(fatal(ErrorKind::MissingArgument, "Image name cannot be empty")),
            [first, ..] if first.is_empty() => {
                return Err(fatal(ErrorKind::MissingArgument, "Image name cannot be empty"))
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
            return Err(CommandError::new(
                Tool::Crictl,
                ErrorKind::NotSimulated,
                1,
                vec![format!(
                    "atlas: `crictl {other}` is a real crictl command, but the simulator does not run it"
                )],
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

impl Crictl {
    /// The canonical command line.
    pub fn to_line(&self) -> String {
        let mut w = vec!["crictl".to_string()];
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
        let int = |w: &mut Vec<String>, name: &str, v: Option<i64>| {
            if let Some(v) = v {
                w.push(format!("--{name}={v}"));
            }
        };
        opt(&mut w, "config", &self.config);
        opt(&mut w, "runtime-endpoint", &self.runtime_endpoint);
        opt(&mut w, "image-endpoint", &self.image_endpoint);
        opt(&mut w, "timeout", &self.timeout);
        flag(&mut w, "debug", self.debug);
        let filter = |w: &mut Vec<String>, f: &ListFilter| {
            opt(w, "id", &f.id);
            opt(w, "name", &f.name);
            opt(w, "namespace", &f.namespace);
            opt(w, "state", &f.state);
            for l in &f.labels {
                w.push(format!("--label={l}"));
            }
            flag(w, "quiet", f.quiet);
            flag(w, "no-trunc", f.no_trunc);
            opt(w, "output", &f.output);
            flag(w, "verbose", f.verbose);
            flag(w, "latest", f.latest);
            int(w, "last", f.last);
        };
        let inspect = |f: &mut Vec<String>, i: &Inspect| -> Vec<String> {
            opt(f, "output", &i.output);
            flag(f, "quiet", i.quiet);
            i.ids.clone()
        };
        let mut f = Vec::new();
        let (sub, args): (&str, Vec<String>) = match &self.command {
            CrictlCommand::Version => ("version", vec![]),
            CrictlCommand::ClientVersion => {
                w.push("--version".into());
                return shell::join(&w);
            }
            CrictlCommand::Info { output, quiet } => {
                opt(&mut f, "output", output);
                flag(&mut f, "quiet", *quiet);
                ("info", vec![])
            }
            CrictlCommand::Pods(lf) => {
                filter(&mut f, lf);
                ("pods", vec![])
            }
            CrictlCommand::Ps(lf) => {
                filter(&mut f, lf);
                flag(&mut f, "all", lf.all);
                opt(&mut f, "pod", &lf.pod);
                opt(&mut f, "image", &lf.image);
                ("ps", vec![])
            }
            CrictlCommand::Images {
                repository,
                quiet,
                digests,
                no_trunc,
                verbose,
                output,
            } => {
                flag(&mut f, "quiet", *quiet);
                flag(&mut f, "digests", *digests);
                flag(&mut f, "no-trunc", *no_trunc);
                flag(&mut f, "verbose", *verbose);
                opt(&mut f, "output", output);
                ("images", repository.iter().cloned().collect())
            }
            CrictlCommand::Pull {
                image,
                pod_config,
                creds,
            } => {
                opt(&mut f, "pod-config", pod_config);
                opt(&mut f, "creds", creds);
                ("pull", vec![image.clone()])
            }
            CrictlCommand::Runp {
                runtime,
                pod_config,
            } => {
                opt(&mut f, "runtime", runtime);
                ("runp", vec![pod_config.clone()])
            }
            CrictlCommand::Create {
                pod_id,
                container_config,
                pod_config,
                no_pull,
                with_pull,
            } => {
                flag(&mut f, "no-pull", *no_pull);
                flag(&mut f, "with-pull", *with_pull);
                (
                    "create",
                    vec![pod_id.clone(), container_config.clone(), pod_config.clone()],
                )
            }
            CrictlCommand::Start { ids } => ("start", ids.clone()),
            CrictlCommand::Stop { ids, timeout, all } => {
                int(&mut f, "timeout", *timeout);
                flag(&mut f, "all", *all);
                ("stop", ids.clone())
            }
            CrictlCommand::Stopp { ids } => ("stopp", ids.clone()),
            CrictlCommand::Rm { ids, force, all } => {
                flag(&mut f, "force", *force);
                flag(&mut f, "all", *all);
                ("rm", ids.clone())
            }
            CrictlCommand::Rmp { ids, force, all } => {
                flag(&mut f, "force", *force);
                flag(&mut f, "all", *all);
                ("rmp", ids.clone())
            }
            CrictlCommand::Rmi { images, all, prune } => {
                flag(&mut f, "all", *all);
                flag(&mut f, "prune", *prune);
                ("rmi", images.clone())
            }
            CrictlCommand::Inspect(i) => ("inspect", inspect(&mut f, i)),
            CrictlCommand::Inspectp(i) => ("inspectp", inspect(&mut f, i)),
            CrictlCommand::Inspecti(i) => ("inspecti", inspect(&mut f, i)),
            CrictlCommand::Logs {
                id,
                tail,
                previous,
                follow,
                timestamps,
            } => {
                int(&mut f, "tail", *tail);
                flag(&mut f, "previous", *previous);
                flag(&mut f, "follow", *follow);
                flag(&mut f, "timestamps", *timestamps);
                ("logs", vec![id.clone()])
            }
            CrictlCommand::Exec {
                id,
                command,
                interactive,
                tty,
                sync,
                timeout,
            } => {
                flag(&mut f, "interactive", *interactive);
                flag(&mut f, "tty", *tty);
                flag(&mut f, "sync", *sync);
                int(&mut f, "timeout", *timeout);
                let mut a = vec![id.clone()];
                a.extend(command.iter().cloned());
                ("exec", a)
            }
            CrictlCommand::Run {
                runtime,
                container_config,
                pod_config,
                no_pull,
                with_pull,
            } => {
                opt(&mut f, "runtime", runtime);
                flag(&mut f, "no-pull", *no_pull);
                flag(&mut f, "with-pull", *with_pull);
                ("run", vec![container_config.clone(), pod_config.clone()])
            }
            CrictlCommand::Stats {
                id,
                all,
                pod,
                output,
            } => {
                flag(&mut f, "all", *all);
                opt(&mut f, "pod", pod);
                opt(&mut f, "output", output);
                ("stats", id.iter().cloned().collect())
            }
            CrictlCommand::Statsp { id, output } => {
                opt(&mut f, "output", output);
                ("statsp", id.iter().cloned().collect())
            }
            CrictlCommand::Imagefsinfo { output } => {
                opt(&mut f, "output", output);
                ("imagefsinfo", vec![])
            }
            CrictlCommand::RuntimeConfig => ("runtime-config", vec![]),
            CrictlCommand::Events { output } => {
                opt(&mut f, "output", output);
                ("events", vec![])
            }
            CrictlCommand::Help { command } => {
                if let Some(cmd) = command {
                    w.push("help".into());
                    w.push(cmd.clone());
                }
                return shell::join(&w);
            }
        };
        w.push(sub.to_string());
        w.extend(shell::assemble(f, args, Dash::First, false));
        shell::join(&w)
    }
}
