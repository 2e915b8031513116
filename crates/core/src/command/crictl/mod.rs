//! `crictl` (kubernetes-sigs/cri-tools, urfave/cli v2).
//!
//! Failures: `main` ends with `logrus.Fatal(err)` (`time="…" level=fatal
//! msg="…"`, exit 1). Flag errors first print `Incorrect Usage: <err>` and the
//! command help on stdout. An unknown command goes to urfave's help action:
//! `No help topic for 'x'` on stderr, exit 3. Several commands print their help
//! and exit 0 when arguments are missing (`ShowSubcommandHelp`): those parse to
//! [`CrictlCommand::Help`]. IDs may be prefixes; the engine resolves them.
//!
//! Files: this one holds what was asked (the parsed command); `grammar` the
//! commands and flags crictl knows; `parse` how it reads and refuses a command
//! line; `line` the canonical line a parsed command prints as.

mod grammar;
mod line;
mod parse;

pub use parse::parse;
pub(crate) use parse::words;

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
        /// `--template` (with `-o go-template`).
        template: Option<String>,
    },
    /// `config` (reads and writes the client's config file; no CRI call).
    Config(ConfigCmd),
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
    /// `--template` (with `-o go-template`).
    pub template: Option<String>,
}

/// `crictl config [--get KEY | --set K=V[,K=V]… | --list | KEY VALUE]`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ConfigCmd {
    /// `--get`.
    pub get: Option<String>,
    /// `--set`, repeatable.
    pub set: Vec<String>,
    /// `--list`.
    pub list: bool,
    /// The positional `KEY VALUE` form.
    pub args: Vec<String>,
}
