//! What can go wrong, worded as runc words it
//! (shared/reference/runtime-outputs/errors-runc.txt).

use atlas_core::oci::PlanError;

/// A failed runtime command.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// No state directory for the id.
    #[error("container does not exist")]
    NotExist,
    /// `create`/`run` with an id in use.
    #[error("container with given ID already exists")]
    Exists,
    /// An id that is not a clean path component.
    #[error("invalid container ID format")]
    BadId,
    /// A refusal of the OCI state machine (`cannot start an already running container`…).
    #[error("{0}")]
    Refused(String),
    /// `--bundle` does not exist.
    #[error("chdir {0}: no such file or directory")]
    NoBundle(String),
    /// The bundle has no `config.json`.
    #[error("JSON specification file config.json not found")]
    NoConfig,
    /// `config.json` cannot be read or planned.
    #[error("{0}")]
    Config(String),
    /// `kill` with a name that is no signal.
    #[error("unknown signal {}", atlas_core::command::error::go_quote(.0))]
    UnknownSignal(String),
    /// `process.args[0]` cannot be found in the container.
    #[error("unable to start container process: exec: {}: stat {path}: no such file or directory", atlas_core::command::error::go_quote(.name))]
    NoBinary {
        /// `process.args[0]`.
        name: String,
        /// The path looked at.
        path: String,
    },
    /// The init process failed a step.
    #[error("unable to start container process: {0}")]
    Init(String),
    /// A system call failed.
    #[error("{what}: {source}")]
    Sys {
        /// What was being done.
        what: String,
        /// The kernel's answer.
        source: nix::Error,
    },
    /// A file operation failed.
    #[error("{what}: {source}")]
    Io {
        /// What was being done.
        what: String,
        /// The error.
        source: std::io::Error,
    },
    /// A config that would touch the host outside the container.
    #[error("{0}")]
    Unsafe(String),
}

/// Results of this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// A failed system call, with what was being done.
    pub fn sys(what: impl Into<String>, source: nix::Error) -> Error {
        Error::Sys {
            what: what.into(),
            source,
        }
    }

    /// A failed file operation, with what was being done.
    pub fn io(what: impl Into<String>, source: std::io::Error) -> Error {
        Error::Io {
            what: what.into(),
            source,
        }
    }

    /// runc's wording for a config that cannot be planned.
    pub fn plan(e: &PlanError) -> Error {
        match e {
            PlanError::Json { message, .. } => Error::Config(go_json_message(message)),
            other => Error::Config(other.to_string()),
        }
    }
}

/// Go's encoding/json wording for the faults serde reports.
fn go_json_message(serde: &str) -> String {
    if serde.starts_with("EOF while parsing") {
        "unexpected EOF".to_string()
    } else {
        serde.split(" at line ").next().unwrap_or(serde).to_string()
    }
}

/// Shorthand: a nix result with context.
pub trait SysContext<T> {
    /// Adds what was being done.
    fn ctx(self, what: impl FnOnce() -> String) -> Result<T>;
}

impl<T> SysContext<T> for nix::Result<T> {
    fn ctx(self, what: impl FnOnce() -> String) -> Result<T> {
        self.map_err(|e| Error::sys(what(), e))
    }
}

impl<T> SysContext<T> for std::io::Result<T> {
    fn ctx(self, what: impl FnOnce() -> String) -> Result<T> {
        self.map_err(|e| Error::io(what(), e))
    }
}
