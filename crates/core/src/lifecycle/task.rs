//! containerd task status and the shim's init-process state machine
//! (`cmd/containerd-shim-runc-v2/process/init_state.go`).

use super::Refusal;

/// `containerd.v1.types.Status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TaskStatus {
    /// `CREATED = 1`.
    Created,
    /// `RUNNING = 2`.
    Running,
    /// `STOPPED = 3`.
    Stopped,
    /// `PAUSED = 4`.
    Paused,
}

impl TaskStatus {
    /// The name `ctr tasks ls` prints.
    pub fn as_str(self) -> &'static str {
        match self {
            TaskStatus::Created => "CREATED",
            TaskStatus::Running => "RUNNING",
            TaskStatus::Stopped => "STOPPED",
            TaskStatus::Paused => "PAUSED",
        }
    }

    /// `Task.Start`.
    pub fn start(self) -> Result<TaskStatus, Refusal> {
        match self {
            TaskStatus::Created => Ok(TaskStatus::Running),
            TaskStatus::Running => Err(Refusal::new("cannot start a running process")),
            TaskStatus::Paused => Err(Refusal::new("cannot start a paused process")),
            TaskStatus::Stopped => Err(Refusal::new("cannot start a stopped process")),
        }
    }

    /// `Task.Delete`.
    pub fn delete(self) -> Result<(), Refusal> {
        match self {
            TaskStatus::Created | TaskStatus::Stopped => Ok(()),
            TaskStatus::Running => Err(Refusal::new("cannot delete a running process")),
            TaskStatus::Paused => Err(Refusal::new("cannot delete a paused process")),
        }
    }

    /// `Task.Pause`.
    pub fn pause(self) -> Result<TaskStatus, Refusal> {
        match self {
            TaskStatus::Running => Ok(TaskStatus::Paused),
            TaskStatus::Created => Err(Refusal::new("cannot pause task in created state")),
            TaskStatus::Paused => Err(Refusal::new("cannot pause a paused container")),
            TaskStatus::Stopped => Err(Refusal::new("cannot pause a stopped container")),
        }
    }

    /// `Task.Resume`.
    pub fn resume(self) -> Result<TaskStatus, Refusal> {
        match self {
            TaskStatus::Paused => Ok(TaskStatus::Running),
            TaskStatus::Created => Err(Refusal::new("cannot resume task in created state")),
            TaskStatus::Running => Err(Refusal::new("cannot resume a running process")),
            TaskStatus::Stopped => Err(Refusal::new("cannot resume a stopped container")),
        }
    }

    /// `Task.Kill`: the shim passes it to `runc kill`; a stopped task has no process.
    pub fn kill(self) -> Result<(), Refusal> {
        match self {
            TaskStatus::Stopped => Err(Refusal::new("process already finished: not found")),
            _ => Ok(()),
        }
    }

    /// The task's init process exited and the shim reaped it.
    pub fn exited(self) -> TaskStatus {
        TaskStatus::Stopped
    }

    /// `Task.Exec`.
    pub fn exec(self) -> Result<(), Refusal> {
        match self {
            TaskStatus::Created | TaskStatus::Running => Ok(()),
            TaskStatus::Paused => Err(Refusal::new("cannot exec in a paused state")),
            TaskStatus::Stopped => Err(Refusal::new("cannot exec in a stopped state")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::TaskStatus::*;

    #[test]
    fn refusals_match_the_shim() {
        assert_eq!(
            Created.pause().unwrap_err().message,
            "cannot pause task in created state"
        );
        assert_eq!(
            Running.start().unwrap_err().message,
            "cannot start a running process"
        );
        assert_eq!(
            Running.delete().unwrap_err().message,
            "cannot delete a running process"
        );
        assert_eq!(
            Stopped.resume().unwrap_err().message,
            "cannot resume a stopped container"
        );
        assert_eq!(Paused.resume(), Ok(Running));
    }
}
