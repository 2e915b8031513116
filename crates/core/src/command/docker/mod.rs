//! `docker` (docker/cli, cobra + pflag), as Docker 25–28 prints errors.
//!
//! * Flag errors (`cli.FlagErrorFunc`, exit 125):
//!   `unknown flag: --x` / blank / `Usage:  docker run [OPTIONS] IMAGE [COMMAND] [ARG...]`
//!   / blank / `Run 'docker run --help' for more information`.
//! * Argument counts (`cli/required.go`, exit 1):
//!   `docker: 'docker run' requires at least 1 argument` / blank / `Usage:  …` /
//!   blank / `See 'docker run --help' for more information`.
//! * Unknown command: `docker: 'x' is not a docker command.` /
//!   `See 'docker --help'` (exit 1).
//! * `docker run` and `docker exec` stop parsing flags at the first argument:
//!   everything after the image (or container) belongs to the command.
//!
//! Files: this one holds what was asked (the parsed command); `container` the
//! `run`/`create`/`exec` options docker shares with nerdctl (flags, ports and
//! their canonical words); `grammar` the commands and flags docker knows and
//! how each validates its arguments; `parse` how it reads and refuses a
//! command line; `line` the canonical line a parsed command prints as.

mod container;
mod grammar;
mod line;
mod parse;

pub(crate) use container::RUN_FLAGS;
pub use container::{ContainerExec, ContainerRun, PortSpec};
pub(crate) use grammar::EXEC as EXEC_FLAGS;
pub use parse::parse;
pub(crate) use parse::words;

/// A parsed `docker` invocation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Docker {
    /// `-H/--host`.
    pub host: Option<String>,
    /// `-c/--context`.
    pub context: Option<String>,
    /// `-D/--debug`.
    pub debug: bool,
    /// The subcommand.
    pub command: DockerCommand,
}

/// docker subcommands (management-command forms such as `docker container run`
/// parse to the same variants).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DockerCommand {
    /// `docker run` / `docker container run`.
    Run(ContainerRun),
    /// `docker create` / `docker container create`.
    Create(ContainerRun),
    /// `docker start CONTAINER…`.
    Start {
        /// Containers.
        containers: Vec<String>,
        /// `-a/--attach`.
        attach: bool,
        /// `-i/--interactive`.
        interactive: bool,
    },
    /// `docker ps` / `docker container ls`.
    Ps {
        /// `-a/--all`.
        all: bool,
        /// `-q/--quiet`.
        quiet: bool,
        /// `--no-trunc`.
        no_trunc: bool,
        /// `--format`.
        format: Option<String>,
        /// `-f/--filter`, repeatable.
        filters: Vec<String>,
    },
    /// `docker pull NAME[:TAG|@DIGEST]`.
    Pull {
        /// The image.
        image: String,
        /// `--platform`.
        platform: Option<String>,
        /// `-q/--quiet`.
        quiet: bool,
    },
    /// `docker images` / `docker image ls`.
    Images {
        /// Optional `REPOSITORY[:TAG]` filter.
        repository: Option<String>,
        /// `-a/--all`.
        all: bool,
        /// `-q/--quiet`.
        quiet: bool,
        /// `--no-trunc`.
        no_trunc: bool,
        /// `--digests`.
        digests: bool,
    },
    /// `docker stop [-t N] CONTAINER…`.
    Stop {
        /// Containers.
        containers: Vec<String>,
        /// `-t/--time` seconds.
        time: Option<i64>,
        /// `-s/--signal`.
        signal: Option<String>,
    },
    /// `docker kill [-s SIG] CONTAINER…`.
    Kill {
        /// Containers.
        containers: Vec<String>,
        /// `-s/--signal` as typed (the daemon validates it).
        signal: Option<String>,
    },
    /// `docker rm [-f] CONTAINER…`.
    Rm {
        /// Containers.
        containers: Vec<String>,
        /// `-f/--force`.
        force: bool,
        /// `-v/--volumes`.
        volumes: bool,
    },
    /// `docker rmi IMAGE…` / `docker image rm`.
    Rmi {
        /// Images.
        images: Vec<String>,
        /// `-f/--force`.
        force: bool,
    },
    /// `docker exec [-d] [-it] CONTAINER CMD…`.
    Exec(ContainerExec),
    /// `docker logs [-f] CONTAINER`.
    Logs {
        /// Container.
        container: String,
        /// `-f/--follow`.
        follow: bool,
        /// `-n/--tail` (`all` or a number, as typed).
        tail: Option<String>,
        /// `-t/--timestamps`.
        timestamps: bool,
    },
    /// `docker inspect NAME…` (and `container inspect`, `image inspect`).
    Inspect {
        /// Names or IDs.
        names: Vec<String>,
        /// `-f/--format`.
        format: Option<String>,
        /// `--type` (`container`, `image`, …; set by the management forms).
        kind: Option<String>,
    },
    /// `docker version`.
    Version {
        /// `-f/--format`.
        format: Option<String>,
    },
    /// `docker info`.
    Info {
        /// `-f/--format`.
        format: Option<String>,
    },
    /// `docker network ls`.
    NetworkLs {
        /// `-q/--quiet`.
        quiet: bool,
        /// `--no-trunc`.
        no_trunc: bool,
    },
    /// `docker -v/--version`: the client's version line.
    ClientVersion,
    /// Help screen; exit 0.
    Help {
        /// Command path below `docker` (empty: the root help).
        path: Vec<String>,
    },
}
