//! OCI runtime state (runtime-spec `state.status`, plus runc's `paused`).

use super::Refusal;

/// The status `runc state` reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum OciStatus {
    /// The environment is being built.
    Creating,
    /// Created; the init process waits on `exec.fifo`.
    Created,
    /// The user program runs.
    Running,
    /// Frozen by `runc pause` (a runc addition to the spec).
    Paused,
    /// The init process has exited.
    Stopped,
}

impl OciStatus {
    /// The lowercase name the spec and runc use.
    pub fn as_str(self) -> &'static str {
        match self {
            OciStatus::Creating => "creating",
            OciStatus::Created => "created",
            OciStatus::Running => "running",
            OciStatus::Paused => "paused",
            OciStatus::Stopped => "stopped",
        }
    }

    /// `start`: only from `created` (runc's wording for the refusals).
    pub fn start(self) -> Result<OciStatus, Refusal> {
        match self {
            OciStatus::Created => Ok(OciStatus::Running),
            OciStatus::Running => Err(Refusal::new("cannot start an already running container")),
            OciStatus::Stopped => Err(Refusal::new("cannot start a container that has stopped")),
            OciStatus::Paused => Err(Refusal::new("cannot start an already paused container")),
            OciStatus::Creating => Err(Refusal::new(
                "cannot start a container in the creating state",
            )),
        }
    }

    /// `kill`: only `created`, `running` or `paused` have a process to signal.
    pub fn kill(self) -> Result<(), Refusal> {
        match self {
            OciStatus::Created | OciStatus::Running | OciStatus::Paused => Ok(()),
            OciStatus::Stopped | OciStatus::Creating => Err(Refusal::new("container not running")),
        }
    }

    /// `delete` without `--force`: `stopped` and `created` (runc kills a created
    /// container's init itself); anything else is refused.
    pub fn delete(self, id: &str) -> Result<(), Refusal> {
        match self {
            OciStatus::Stopped | OciStatus::Created => Ok(()),
            other => Err(Refusal::new(format!(
                "cannot delete container {id} that is not stopped: {}",
                other.as_str()
            ))),
        }
    }

    /// `pause`: only a running container.
    pub fn pause(self) -> Result<OciStatus, Refusal> {
        match self {
            OciStatus::Running => Ok(OciStatus::Paused),
            _ => Err(Refusal::new("container not running")),
        }
    }

    /// `resume`: only a paused container.
    pub fn resume(self) -> Result<OciStatus, Refusal> {
        match self {
            OciStatus::Paused => Ok(OciStatus::Running),
            _ => Err(Refusal::new("container not paused")),
        }
    }

    /// crun's words when it refuses `verb` (`start`, `kill`, `delete`,
    /// `pause`, `resume`) on a container in this state: `start`, `kill` and
    /// `delete` as `shared/reference/runtime-outputs/errors-crun.txt` records
    /// them; `pause` and `resume` as the simulator has always worded them (not
    /// in that file). runc's words are the refusals of the methods above.
    /// `root` is crun's `--root`.
    pub fn crun_refusal(self, verb: &str, id: &str, root: &str) -> Refusal {
        Refusal::new(match (verb, self) {
            ("start", OciStatus::Stopped) => format!("container `{id}` is not running"),
            ("start", _) => {
                format!("cannot open `{root}/{id}/exec.fifo`: No such file or directory")
            }
            ("kill", _) => "kill container: No such process".to_string(),
            ("delete", _) => {
                format!("the container `{id}` is not in `created` or `stopped` state")
            }
            ("resume", _) => format!("the container `{id}` is not paused"),
            _ => format!("the container `{id}` is not running"),
        })
    }

    /// The init process exited (or was killed).
    pub fn exited(self) -> OciStatus {
        OciStatus::Stopped
    }
}

#[cfg(test)]
mod tests {
    use super::OciStatus::*;

    #[test]
    fn refusals_match_runc() {
        assert_eq!(
            Running.start().unwrap_err().message,
            "cannot start an already running container"
        );
        assert_eq!(
            Stopped.start().unwrap_err().message,
            "cannot start a container that has stopped"
        );
        assert_eq!(Stopped.kill().unwrap_err().message, "container not running");
        assert_eq!(
            Running.delete("e-runc-a").unwrap_err().message,
            "cannot delete container e-runc-a that is not stopped: running"
        );
        assert!(Created.delete("x").is_ok());
        assert_eq!(Created.start(), Ok(Running));
    }
}
