//! What the state panel shows, read from a run's effects: the objects the
//! run touches, each layer's state machine for one of them with its state
//! at a hop, and the core's lifecycle answer to a verb tried on that state.
//!
//! Objects are grouped by the id after the kind (`sandbox/3f2a…`,
//! `container/3f2a…` and `task/3f2a…` are one object seen by three layers).
//! The states of a machine are the core's (its lifecycle enums) followed by
//! any other state the run reaches (`removed`, `deleted`…). Everything is
//! computed from the hops up to the position, so stepping back is exact.

use crate::run::Run;
use atlas_core::lifecycle::cri::{ContainerState, SandboxState};
use atlas_core::lifecycle::kubelet::PodPhase;
use atlas_core::lifecycle::oci::OciStatus;
use atlas_core::lifecycle::task::TaskStatus;
use atlas_core::lifecycle::Refusal;
use atlas_core::Layer;

/// An object of the run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Object {
    /// The id after the kind (`3f2a…`, `default/nginx`).
    pub key: String,
    /// The kinds it is seen as (`sandbox`, `task`…), in order of appearance.
    pub kinds: Vec<String>,
}

/// One layer's state machine for an object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Machine {
    /// `container`, `task`…
    pub kind: String,
    /// Whose machine.
    pub layer: Layer,
    /// Every state, the core's first.
    pub states: Vec<String>,
    /// The state at the position (`None`: the layer has not seen it yet).
    pub current: Option<String>,
    /// Every change of the run: hop index, from, to.
    pub changes: Vec<(usize, Option<String>, String)>,
}

fn split(object: &str) -> (&str, &str) {
    object.split_once('/').unwrap_or((object, ""))
}

/// The objects of a run with state changes, in order of appearance.
pub fn objects(run: &Run) -> Vec<Object> {
    let mut out: Vec<Object> = Vec::new();
    for e in run.hops.iter().flat_map(|h| &h.effects) {
        let (kind, key) = split(&e.object);
        match out.iter_mut().find(|o| o.key == key) {
            Some(o) => {
                if !o.kinds.iter().any(|k| k == kind) {
                    o.kinds.push(kind.to_string());
                }
            }
            None => out.push(Object {
                key: key.to_string(),
                kinds: vec![kind.to_string()],
            }),
        }
    }
    out
}

/// The states the core's lifecycle defines for a kind at a layer.
pub fn core_states(kind: &str, layer: Layer) -> Vec<&'static str> {
    match (kind, layer) {
        ("sandbox", Layer::Cri) => [SandboxState::Ready, SandboxState::NotReady]
            .map(SandboxState::as_str)
            .to_vec(),
        ("container", Layer::Cri) => [
            ContainerState::Created,
            ContainerState::Running,
            ContainerState::Exited,
            ContainerState::Unknown,
        ]
        .map(ContainerState::as_str)
        .to_vec(),
        ("task", Layer::Containerd) => [
            TaskStatus::Created,
            TaskStatus::Running,
            TaskStatus::Paused,
            TaskStatus::Stopped,
        ]
        .map(TaskStatus::as_str)
        .to_vec(),
        ("container", Layer::Oci) => [
            OciStatus::Creating,
            OciStatus::Created,
            OciStatus::Running,
            OciStatus::Paused,
            OciStatus::Stopped,
        ]
        .map(OciStatus::as_str)
        .to_vec(),
        ("pod", Layer::Kubelet) => [
            PodPhase::Pending,
            PodPhase::Running,
            PodPhase::Succeeded,
            PodPhase::Failed,
        ]
        .map(PodPhase::as_str)
        .to_vec(),
        _ => Vec::new(),
    }
}

/// Each layer's machine for the object `key`, at hop `pos`.
pub fn machines(run: &Run, key: &str, pos: usize) -> Vec<Machine> {
    let mut out: Vec<Machine> = Vec::new();
    for (i, h) in run.hops.iter().enumerate() {
        for e in &h.effects {
            let (kind, k) = split(&e.object);
            if k != key {
                continue;
            }
            let at = out
                .iter()
                .position(|m| m.kind == kind && m.layer == e.layer)
                .unwrap_or_else(|| {
                    out.push(Machine {
                        kind: kind.to_string(),
                        layer: e.layer,
                        states: core_states(kind, e.layer)
                            .into_iter()
                            .map(String::from)
                            .collect(),
                        current: None,
                        changes: Vec::new(),
                    });
                    out.len() - 1
                });
            let m = &mut out[at];
            for s in e.from.iter().chain([&e.to]) {
                if !m.states.contains(s) {
                    m.states.push(s.clone());
                }
            }
            if i <= pos {
                m.current = Some(e.to.clone());
            }
            m.changes.push((i, e.from.clone(), e.to.clone()));
        }
    }
    out
}

impl Machine {
    /// The state at hop `pos` (after its changes): the last change at or
    /// before it, as [`machines`] computes it.
    pub fn state_at(&self, pos: usize) -> Option<&str> {
        self.changes
            .iter()
            .rev()
            .find(|(h, _, _)| *h <= pos)
            .map(|(_, _, to)| to.as_str())
    }
}

/// The verbs that can be tried on a machine, as the real API names them.
pub fn verbs(kind: &str, layer: Layer) -> &'static [&'static str] {
    match (kind, layer) {
        ("sandbox", Layer::Cri) => &["CreateContainer", "RemovePodSandbox"],
        ("container", Layer::Cri) => &["StartContainer", "RemoveContainer", "ExecSync"],
        ("task", Layer::Containerd) => &["Start", "Pause", "Resume", "Kill", "Exec", "Delete"],
        ("container", Layer::Oci) => &["start", "pause", "resume", "kill", "delete"],
        _ => &[],
    }
}

/// Who answers a verb on a machine, for the reader.
pub fn answerer(kind: &str, layer: Layer) -> &'static str {
    match (kind, layer) {
        (_, Layer::Cri) => "containerd's CRI plugin",
        (_, Layer::Containerd) => "containerd-shim-runc-v2",
        (_, Layer::Oci) => "runc",
        _ => "",
    }
}

fn find<T: Copy>(all: &[T], name: impl Fn(T) -> &'static str, state: &str) -> Option<T> {
    all.iter().copied().find(|s| name(*s) == state)
}

/// What the core's lifecycle answers to `verb` on a machine in `state`:
/// `Ok` with the state after it, or the real tool's refusal. `None` when the
/// state is not one the core's machine has (the object is gone).
pub fn try_verb(
    kind: &str,
    layer: Layer,
    state: &str,
    verb: &str,
    id: &str,
) -> Option<Result<String, String>> {
    let same = || state.to_string();
    let r: Result<String, Refusal> = match (kind, layer) {
        ("sandbox", Layer::Cri) => {
            let s = find(
                &[SandboxState::Ready, SandboxState::NotReady],
                SandboxState::as_str,
                state,
            )?;
            match verb {
                "CreateContainer" => s.create_container(id).map(|()| same()),
                "RemovePodSandbox" => s.remove(id).map(|()| "removed".to_string()),
                _ => return None,
            }
        }
        ("container", Layer::Cri) => {
            let all = [
                ContainerState::Created,
                ContainerState::Running,
                ContainerState::Exited,
                ContainerState::Unknown,
            ];
            let s = find(&all, ContainerState::as_str, state)?;
            match verb {
                "StartContainer" => s.start(id).map(|n| n.as_str().to_string()),
                "RemoveContainer" => s.remove(id).map(|()| "removed".to_string()),
                "ExecSync" => s.exec().map(|()| same()),
                _ => return None,
            }
        }
        ("task", Layer::Containerd) => {
            let all = [
                TaskStatus::Created,
                TaskStatus::Running,
                TaskStatus::Paused,
                TaskStatus::Stopped,
            ];
            let s = find(&all, TaskStatus::as_str, state)?;
            match verb {
                "Start" => s.start().map(|n| n.as_str().to_string()),
                "Pause" => s.pause().map(|n| n.as_str().to_string()),
                "Resume" => s.resume().map(|n| n.as_str().to_string()),
                "Kill" => s.kill().map(|()| same()),
                "Exec" => s.exec().map(|()| same()),
                "Delete" => s.delete().map(|()| "deleted".to_string()),
                _ => return None,
            }
        }
        ("container", Layer::Oci) => {
            let all = [
                OciStatus::Creating,
                OciStatus::Created,
                OciStatus::Running,
                OciStatus::Paused,
                OciStatus::Stopped,
            ];
            let s = find(&all, OciStatus::as_str, state)?;
            match verb {
                "start" => s.start().map(|n| n.as_str().to_string()),
                "pause" => s.pause().map(|n| n.as_str().to_string()),
                "resume" => s.resume().map(|n| n.as_str().to_string()),
                "kill" => s.kill().map(|()| same()),
                "delete" => s.delete(id).map(|()| "deleted".to_string()),
                _ => return None,
            }
        }
        _ => return None,
    };
    Some(r.map_err(|e| e.message))
}

#[cfg(test)]
mod tests {
    use super::*;
    use atlas_core::scenario::find as scenario;

    fn run(name: &str) -> Run {
        let s = scenario(name).expect("scenario");
        Run::new(s.config(), s).expect("runs")
    }

    #[test]
    fn the_state_at_a_hop_is_the_one_machines_computes_for_it() {
        // The panel computes the machines once per run and reads each hop's
        // state from their changes: the same answer as computing at the hop.
        for name in ["crictl-lifecycle", "kubectl-run"] {
            let run = run(name);
            for o in objects(&run) {
                let all = machines(&run, &o.key, usize::MAX);
                assert!(all.iter().any(|m| !m.changes.is_empty()), "{name}");
                for pos in 0..run.len() {
                    let at = machines(&run, &o.key, pos);
                    assert_eq!(at.len(), all.len());
                    for (m, a) in at.iter().zip(&all) {
                        assert_eq!(m.current.as_deref(), a.state_at(pos), "{name} {pos}");
                    }
                }
            }
        }
    }

    #[test]
    fn a_crictl_container_goes_through_its_cri_states_and_back() {
        let run = run("crictl-lifecycle");
        let objs = objects(&run);
        // The app container: seen by the CRI as a container (the sandbox's pause
        // container is a sandbox to the CRI), by containerd as a task.
        let ctr = objs
            .iter()
            .find(|o| {
                o.kinds.iter().any(|k| k == "task")
                    && machines(&run, &o.key, 0)
                        .iter()
                        .any(|m| m.kind == "container" && m.layer == Layer::Cri)
            })
            .expect("a container with a task");
        let at_end = machines(&run, &ctr.key, run.len() - 1);
        let cri = at_end
            .iter()
            .find(|m| m.kind == "container" && m.layer == Layer::Cri)
            .expect("its CRI machine");
        assert_eq!(&cri.states[..4], &core_states("container", Layer::Cri)[..]);
        assert!(cri.changes.len() >= 3, "{:?}", cri.changes);
        // Before its first change the layer has not seen it; at each change it is in the new state.
        let (first, _, _) = cri.changes[0];
        if first > 0 {
            let before = machines(&run, &ctr.key, first - 1);
            assert!(before
                .iter()
                .all(|m| !(m.kind == "container" && m.layer == Layer::Cri) || m.current.is_none()));
        }
        for (i, _, to) in &cri.changes {
            let m = machines(&run, &ctr.key, *i);
            let c = m
                .iter()
                .find(|m| m.kind == "container" && m.layer == Layer::Cri);
            assert_eq!(
                c.and_then(|c| c.current.clone()).as_deref(),
                Some(to.as_str())
            );
        }
    }

    #[test]
    fn verbs_get_the_real_refusals() {
        assert_eq!(
            try_verb("container", Layer::Oci, "running", "start", "x"),
            Some(Err("cannot start an already running container".to_string()))
        );
        assert_eq!(
            try_verb("container", Layer::Oci, "created", "start", "x"),
            Some(Ok("running".to_string()))
        );
        assert_eq!(
            try_verb("container", Layer::Cri, "CONTAINER_RUNNING", "RemoveContainer", "abc"),
            Some(Err("failed to set removing state for container \"abc\": container is still running, to stop first".to_string()))
        );
        assert_eq!(
            try_verb("task", Layer::Containerd, "RUNNING", "Start", "t"),
            Some(Err("cannot start a running process".to_string()))
        );
        assert_eq!(
            try_verb("container", Layer::Oci, "deleted", "start", "x"),
            None
        );
        for (kind, layer) in [
            ("sandbox", Layer::Cri),
            ("container", Layer::Cri),
            ("task", Layer::Containerd),
            ("container", Layer::Oci),
        ] {
            for state in core_states(kind, layer) {
                for verb in verbs(kind, layer) {
                    assert!(
                        try_verb(kind, layer, state, verb, "id").is_some(),
                        "{kind} {state} {verb}"
                    );
                }
            }
        }
    }
}
