//! Chapters: a trace cut into named phases (the API server and scheduler, the
//! kubelet, the pod sandbox, the image, the container, its start, …), derived
//! from what its top-level calls are, never placed by hand per scenario.
//!
//! Each top-level call either names a phase (`RunPodSandbox` → the sandbox,
//! `PullImage` or a registry request → the image, `POST /containers/create`
//! → the container) or continues the one before it (the kubelet's events,
//! status queries, PLEG relists). A chapter is a run of top-level calls in
//! one phase, with every call inside them.

use crate::calls::CallTree;
use crate::msg;
use crate::trace::{Component, Hop, Iface};
use crate::Msg;

/// A phase of a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Phase {
    /// The API server, etcd and the scheduler.
    ControlPlane,
    /// The kubelet gets the pod and prepares its volumes.
    Kubelet,
    /// The pod sandbox (or the network a CLI sets up for its container).
    Sandbox,
    /// The image: pull, unpack, status.
    Image,
    /// The container is created.
    Container,
    /// The container starts.
    Start,
    /// A process runs in a running container (`exec`).
    Exec,
    /// Containers and sandboxes stop.
    Stop,
    /// Containers and sandboxes are removed.
    Remove,
    /// A process exits and is reaped.
    Exit,
}

impl Phase {
    /// The id (for links and tests).
    pub fn id(self) -> &'static str {
        match self {
            Phase::ControlPlane => "control-plane",
            Phase::Kubelet => "kubelet",
            Phase::Sandbox => "sandbox",
            Phase::Image => "image",
            Phase::Container => "container",
            Phase::Start => "start",
            Phase::Exec => "exec",
            Phase::Stop => "stop",
            Phase::Remove => "remove",
            Phase::Exit => "exit",
        }
    }

    /// The chapter's name.
    pub fn title(self) -> Msg {
        match self {
            Phase::ControlPlane => msg!("chapter-control-plane"),
            Phase::Kubelet => msg!("chapter-kubelet"),
            Phase::Sandbox => msg!("chapter-sandbox"),
            Phase::Image => msg!("chapter-image"),
            Phase::Container => msg!("chapter-container"),
            Phase::Start => msg!("chapter-start"),
            Phase::Exec => msg!("chapter-exec"),
            Phase::Stop => msg!("chapter-stop"),
            Phase::Remove => msg!("chapter-remove"),
            Phase::Exit => msg!("chapter-exit"),
        }
    }
}

/// One chapter: hops `first..=last` (indexes into the trace).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Chapter {
    /// What happens in it.
    pub phase: Phase,
    /// Its first hop's index.
    pub first: usize,
    /// Its last hop's index.
    pub last: usize,
}

impl Chapter {
    /// Whether hop `i` is in it.
    pub fn contains(&self, i: usize) -> bool {
        (self.first..=self.last).contains(&i)
    }
}

/// The phase a top-level call names, or none when it continues the phase
/// before it.
pub fn phase_of(h: &Hop) -> Option<Phase> {
    use Component as C;
    let call = h.call.as_str();
    match h.iface {
        Iface::K8sApi => {
            if matches!(h.from, C::Kubectl | C::KubeScheduler) {
                return Some(Phase::ControlPlane);
            }
            if h.from == C::Kubelet && call.starts_with("GET ") && call.contains("watch=") {
                return Some(Phase::Kubelet);
            }
            if h.from == C::Kubelet && call.starts_with("DELETE ") {
                return Some(Phase::Remove);
            }
            None
        }
        Iface::Cri => match call {
            "RunPodSandbox" => Some(Phase::Sandbox),
            "PullImage" | "ImageStatus" | "RemoveImage" => Some(Phase::Image),
            "CreateContainer" => Some(Phase::Container),
            "StartContainer" => Some(Phase::Start),
            "ExecSync" | "Exec" | "Attach" | "PortForward" => Some(Phase::Exec),
            "StopContainer" | "StopPodSandbox" => Some(Phase::Stop),
            "RemoveContainer" | "RemovePodSandbox" => Some(Phase::Remove),
            _ => None,
        },
        Iface::DockerApi => docker_phase(call),
        Iface::Registry => Some(Phase::Image),
        Iface::ContainerdApi | Iface::InProcess if is_client(h.from) || h.from == C::Podman => {
            cli_phase(call)
        }
        Iface::InProcess if h.from == C::Kubelet => match call {
            "SyncPod" => Some(Phase::Kubelet),
            _ => None,
        },
        Iface::Cni => Some(Phase::Sandbox),
        Iface::Exec if matches!(h.to, C::Netavark | C::Pasta | C::Slirp4netns) => {
            Some(Phase::Sandbox)
        }
        Iface::Exec if h.to == C::Conmon => Some(Phase::Start),
        Iface::OciCli => match call {
            "create" => Some(Phase::Container),
            "start" | "run" => Some(Phase::Start),
            "exec" => Some(Phase::Exec),
            "kill" => Some(Phase::Stop),
            "delete" => Some(Phase::Remove),
            _ => None,
        },
        Iface::Syscall if matches!(h.from, C::Container | C::Kernel | C::GuestKernel) => {
            matches!(call, "exit_group" | "wait4").then_some(Phase::Exit)
        }
        _ => None,
    }
}

/// A command-line client of containerd.
fn is_client(c: Component) -> bool {
    matches!(c, Component::Ctr | Component::Nerdctl)
}

/// The phase of a containerd API call or a Podman step a client makes itself.
fn cli_phase(call: &str) -> Option<Phase> {
    let service = call.split('.').next().unwrap_or(call);
    if call.starts_with("libimage")
        || call.starts_with("storage.PutLayer")
        || call.starts_with("storage.CreateImage")
    {
        return Some(Phase::Image);
    }
    if call.starts_with("storage.CreateContainer") {
        return Some(Phase::Container);
    }
    if call.starts_with("storage.DeleteContainer") {
        return Some(Phase::Remove);
    }
    match service {
        "Leases" | "Content" | "Images" | "Diff" | "Transfer" => Some(Phase::Image),
        "Snapshots" => None,
        "Containers" => match call {
            "Containers.Create" => Some(Phase::Container),
            "Containers.Delete" => Some(Phase::Remove),
            _ => None,
        },
        "Tasks" => match call {
            "Tasks.Create" | "Tasks.Start" => Some(Phase::Start),
            "Tasks.Exec" => Some(Phase::Exec),
            "Tasks.Kill" => Some(Phase::Stop),
            "Tasks.Delete" => Some(Phase::Remove),
            _ => None,
        },
        _ => None,
    }
}

/// The phase of a Docker Engine API request (`POST /v1.47/containers/create`).
fn docker_phase(call: &str) -> Option<Phase> {
    let (method, path) = call.split_once(' ').unwrap_or(("", call));
    let path = path.split('?').next().unwrap_or(path);
    // Drop the version prefix: /v1.47/containers/… → containers/…
    let rest = path.trim_start_matches('/');
    let rest = match rest.split_once('/') {
        Some((v, r))
            if v.starts_with('v') && v[1..].chars().all(|c| c.is_ascii_digit() || c == '.') =>
        {
            r
        }
        _ => rest,
    };
    let parts: Vec<&str> = rest.split('/').collect();
    match (method, parts.as_slice()) {
        ("POST", ["images", "create"]) | ("POST", ["images", "load"]) => Some(Phase::Image),
        ("POST", ["containers", "create"]) => Some(Phase::Container),
        ("POST", ["containers", _, "start"]) => Some(Phase::Start),
        ("POST", ["containers", _, "exec"]) | ("POST", ["exec", _, "start"]) => Some(Phase::Exec),
        ("POST", ["containers", _, "stop" | "kill"]) => Some(Phase::Stop),
        ("DELETE", ["containers", _]) => Some(Phase::Remove),
        _ => None,
    }
}

/// The chapters of a trace: runs of top-level calls in one phase. A trace
/// whose first calls name no phase starts in the phase its first named call
/// has. Empty for an empty trace.
pub fn chapters(hops: &[Hop]) -> Vec<Chapter> {
    let tree = CallTree::new(hops);
    let top = tree.top();
    let first_named = top.iter().find_map(|&i| phase_of(&hops[i]));
    let Some(mut phase) = first_named else {
        return match top.first() {
            Some(_) => vec![Chapter {
                phase: Phase::Start,
                first: 0,
                last: hops.len() - 1,
            }],
            None => Vec::new(),
        };
    };
    let mut out: Vec<Chapter> = Vec::new();
    let mut start = 0usize;
    for &i in top {
        let p = phase_of(&hops[i]).unwrap_or(phase);
        if p != phase && i > 0 {
            out.push(Chapter {
                phase,
                first: start,
                last: i - 1,
            });
            start = i;
        }
        phase = p;
    }
    out.push(Chapter {
        phase,
        first: start,
        last: hops.len().saturating_sub(1),
    });
    out
}

/// The chapter hop `i` is in.
pub fn chapter_at(chapters: &[Chapter], i: usize) -> Option<usize> {
    chapters.iter().position(|c| c.contains(i))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn docker_paths_have_phases() {
        assert_eq!(
            docker_phase("POST /v1.47/containers/create?name=x"),
            Some(Phase::Container)
        );
        assert_eq!(
            docker_phase("POST /v1.47/containers/dbda25d40d2e/start"),
            Some(Phase::Start)
        );
        assert_eq!(
            docker_phase("POST /v1.47/images/create?fromImage=nginx"),
            Some(Phase::Image)
        );
        assert_eq!(docker_phase("HEAD /_ping"), None);
        assert_eq!(docker_phase("DELETE /containers/abc"), Some(Phase::Remove));
    }

    #[test]
    fn the_chapters_cover_every_hop_in_order() {
        let hops: Vec<Hop> = Vec::new();
        assert!(chapters(&hops).is_empty());
    }
}
