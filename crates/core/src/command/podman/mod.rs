//! `podman` (containers/podman 5.8, cobra + pflag), as it prints errors:
//! every failure is one `Error: …` line (`formatError` in cmd/podman/root.go)
//! with exit code 125; flag errors add `See 'podman run --help'`
//! (`flagErrorFuncfunc`).
//!
//! `podman run`/`create` take Docker's run flags (the same pflag grammar:
//! [`crate::command::docker::ContainerRun`] and its flag table are shared,
//! plus Podman's own `--pod`); `podman exec` Docker's exec flags.
//!
//! Rootless: a line run as another user, `sudo -u alice podman …`, records
//! the user ([`Podman::user`]); the engine runs it rootless (reference
//! SANDBOXED-AND-PODMAN.md §4.2).
//!
//! Files: this one holds what was asked; `parse` reads and refuses a line;
//! `line` prints the canonical line.

mod line;
mod parse;

use crate::command::docker::{ContainerExec, ContainerRun};
pub use parse::parse;
pub(crate) use parse::words;

/// A parsed `podman` invocation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Podman {
    /// The user it runs as when not root (`sudo -u alice podman …`): rootless.
    pub user: Option<String>,
    /// The subcommand.
    pub command: PodmanCommand,
}

/// `podman run` / `create`: Docker's options and Podman's `--pod`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PodmanRun {
    /// The options Podman shares with docker.
    pub run: ContainerRun,
    /// `--pod NAME`: join a pod's namespaces.
    pub pod: Option<String>,
}

/// podman subcommands (management forms such as `podman container ps` parse
/// to the same variants).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PodmanCommand {
    /// `podman run`.
    Run(Box<PodmanRun>),
    /// `podman ps [-a] [-q] [--external]`.
    Ps {
        /// `-a/--all`.
        all: bool,
        /// `-q/--quiet`.
        quiet: bool,
        /// `--external`: also containers of other tools (CRI-O, Buildah) in
        /// the same containers/storage.
        external: bool,
    },
    /// `podman images [-q]`.
    Images {
        /// `-q/--quiet`.
        quiet: bool,
    },
    /// `podman pull IMAGE`.
    Pull {
        /// The image.
        image: String,
    },
    /// `podman stop [-t N] CONTAINER…`.
    Stop {
        /// Containers.
        containers: Vec<String>,
        /// `-t/--time` seconds.
        time: Option<i64>,
    },
    /// `podman rm [-f] CONTAINER…`.
    Rm {
        /// Containers.
        containers: Vec<String>,
        /// `-f/--force`.
        force: bool,
    },
    /// `podman logs CONTAINER`.
    Logs {
        /// Container.
        container: String,
    },
    /// `podman exec CONTAINER CMD…`.
    Exec(ContainerExec),
    /// `podman inspect NAME…`.
    Inspect {
        /// Names or ids.
        names: Vec<String>,
    },
    /// `podman pod create [--name N]`.
    PodCreate {
        /// `-n/--name`.
        name: Option<String>,
    },
    /// `podman pod ps`.
    PodPs,
    /// `podman --version` / `podman version`.
    Version,
    /// Help screen.
    Help {
        /// Command path below `podman`.
        path: Vec<String>,
    },
}
