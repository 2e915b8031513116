//! `nerdctl` (containerd/nerdctl, cobra + pflag, docker-compatible flags).
//!
//! nerdctl silences cobra and ends with `log.L.Fatal(err)`: every failure is
//! one logrus line `time="…" level=fatal msg="…"`, exit 1. An unknown command
//! is reported by `helpers.UnknownSubcommandAction`
//! (`unknown subcommand "x" for "nerdctl"` + cobra's suggestions); argument
//! counts by cobra's validators (`requires at least 1 arg(s), only received 0`).
//!
//! Files: this one holds what was asked (the parsed command; `run`, `create`
//! and `exec` reuse docker's options); `grammar` the commands and flags
//! nerdctl knows; `parse` how it reads and refuses a command line; `line` the
//! canonical line a parsed command prints as.

mod grammar;
mod line;
mod parse;

pub use parse::parse;
pub(crate) use parse::words;

use super::docker::{ContainerExec, ContainerRun};

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
