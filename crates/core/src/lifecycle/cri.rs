//! CRI states (`runtime.v1` enums) and the refusals of the CRI servers:
//! containerd's CRI plugin, and CRI-O where its words differ.

use super::Refusal;
use crate::trace::Component;

/// `PodSandboxState`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SandboxState {
    /// `SANDBOX_READY = 0`.
    Ready,
    /// `SANDBOX_NOTREADY = 1`.
    NotReady,
}

impl SandboxState {
    /// The enum name.
    pub fn as_str(self) -> &'static str {
        match self {
            SandboxState::Ready => "SANDBOX_READY",
            SandboxState::NotReady => "SANDBOX_NOTREADY",
        }
    }

    /// The word `crictl pods` prints.
    pub fn crictl(self) -> &'static str {
        match self {
            SandboxState::Ready => "Ready",
            SandboxState::NotReady => "NotReady",
        }
    }

    /// `CreateContainer` needs a ready sandbox (containerd's wording).
    pub fn create_container(self, sandbox_id: &str) -> Result<(), Refusal> {
        match self {
            SandboxState::Ready => Ok(()),
            SandboxState::NotReady => Err(Refusal::new(format!(
                "sandbox {sandbox_id:?} is not running"
            ))),
        }
    }

    /// `CreateContainer` as `server` (the node's CRI server) answers it:
    /// CRI-O in its words, any other in containerd's.
    pub fn create_container_by(self, server: Component, sandbox_id: &str) -> Result<(), Refusal> {
        match server {
            Component::CriO => self.crio_create_container(sandbox_id),
            _ => self.create_container(sandbox_id),
        }
    }

    /// `CreateContainer` needs a ready sandbox (CRI-O's wording, its
    /// `server/container_create.go`: `sb.Stopped()`).
    fn crio_create_container(self, sandbox_id: &str) -> Result<(), Refusal> {
        match self {
            SandboxState::Ready => Ok(()),
            SandboxState::NotReady => Err(Refusal::new(format!(
                "CreateContainer failed as the sandbox was stopped: {sandbox_id}"
            ))),
        }
    }

    /// `RemovePodSandbox` of a ready sandbox (containerd's wording).
    pub fn remove(self, sandbox_id: &str) -> Result<(), Refusal> {
        match self {
            SandboxState::NotReady => Ok(()),
            SandboxState::Ready => Err(Refusal::new(format!(
                "sandbox container {sandbox_id:?} is not fully stopped"
            ))),
        }
    }
}

/// `ContainerState`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ContainerState {
    /// `CONTAINER_CREATED = 0`.
    Created,
    /// `CONTAINER_RUNNING = 1`.
    Running,
    /// `CONTAINER_EXITED = 2`.
    Exited,
    /// `CONTAINER_UNKNOWN = 3`.
    Unknown,
}

impl ContainerState {
    /// The enum name.
    pub fn as_str(self) -> &'static str {
        match self {
            ContainerState::Created => "CONTAINER_CREATED",
            ContainerState::Running => "CONTAINER_RUNNING",
            ContainerState::Exited => "CONTAINER_EXITED",
            ContainerState::Unknown => "CONTAINER_UNKNOWN",
        }
    }

    /// The word `crictl ps` prints.
    pub fn crictl(self) -> &'static str {
        match self {
            ContainerState::Created => "Created",
            ContainerState::Running => "Running",
            ContainerState::Exited => "Exited",
            ContainerState::Unknown => "Unknown",
        }
    }

    /// `StartContainer` (containerd `setContainerStarting`).
    pub fn start(self, id: &str) -> Result<ContainerState, Refusal> {
        match self {
            ContainerState::Created => Ok(ContainerState::Running),
            other => Err(Refusal::new(format!(
                "failed to set starting state for container {id:?}: container is in {} state",
                other.as_str()
            ))),
        }
    }

    /// `StartContainer` as `server` (the node's CRI server) answers it:
    /// CRI-O in its words, any other in containerd's.
    pub fn start_by(self, server: Component, id: &str) -> Result<ContainerState, Refusal> {
        match server {
            Component::CriO => self.crio_start(id),
            _ => self.start(id),
        }
    }

    /// `StartContainer` on CRI-O: only from `created` (its
    /// `server/container_start.go`, naming the runtime's status).
    fn crio_start(self, id: &str) -> Result<ContainerState, Refusal> {
        let status = match self {
            ContainerState::Created => return Ok(ContainerState::Running),
            ContainerState::Running => "running",
            ContainerState::Exited => "stopped",
            ContainerState::Unknown => "",
        };
        Err(Refusal::new(format!(
            "container {id} is not in created state: {status}"
        )))
    }

    /// `RemoveContainer` of a running container (containerd `setContainerRemoving`).
    pub fn remove(self, id: &str) -> Result<(), Refusal> {
        match self {
            ContainerState::Running | ContainerState::Unknown => Err(Refusal::new(format!(
                "failed to set removing state for container {id:?}: container is still running, to stop first"
            ))),
            _ => Ok(()),
        }
    }

    /// `Exec`/`ExecSync`/`Attach` need a running container.
    pub fn exec(self) -> Result<(), Refusal> {
        match self {
            ContainerState::Running => Ok(()),
            other => Err(Refusal::new(format!(
                "container is in {} state",
                other.as_str()
            ))),
        }
    }
}

/// containerd's exit reason for `ContainerStatus.reason`.
pub fn exit_reason(exit_code: i32, oom_killed: bool) -> &'static str {
    if oom_killed {
        "OOMKilled"
    } else if exit_code == 0 {
        "Completed"
    } else {
        "Error"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn start_refusal_names_the_state() {
        let r = ContainerState::Running.start("abc").unwrap_err();
        assert_eq!(
            r.message,
            "failed to set starting state for container \"abc\": container is in CONTAINER_RUNNING state"
        );
        assert!(ContainerState::Exited.remove("abc").is_ok());
        assert!(SandboxState::Ready.remove("s").is_err());
        assert_eq!(exit_reason(137, true), "OOMKilled");
        assert_eq!(exit_reason(1, false), "Error");
    }
}
