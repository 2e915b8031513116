//! The verbs a person can try on each layer's state machine, and who answers
//! them on a given node: the table behind the app's state panel, owned here
//! so that every face names the component that is really there (CRI-O, not
//! containerd's CRI plugin, on a CRI-O node; crun, not runc, under crun) and
//! gives that component's own refusal.
//!
//! A verb is offered only where the answer is known in the answering
//! component's words and the engine gives the same answer at the shell:
//! containerd's CRI plugin (and CRI-O for `StartContainer` and
//! `CreateContainer`) at the CRI layer, containerd-shim-runc-v2 at the task
//! layer, runc and crun at the OCI layer. Elsewhere (dockershim, cri-dockerd,
//! the Kata and gVisor shims, runsc) the machine is shown without verbs rather
//! than with another program's words.

use super::cri::{ContainerState, SandboxState};
use super::kubelet::PodPhase;
use super::oci::OciStatus;
use super::task::TaskStatus;
use super::Refusal;
use crate::config::{Config, Oci, Runtime};
use crate::topology::{cri_server, oci_binary, task_shim};
use crate::trace::{Component, Layer};

/// One layer's state machine for one kind of object.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Machine {
    /// A pod sandbox as the CRI sees it (`sandbox/…` at layer `cri`).
    Sandbox,
    /// A container as the CRI sees it (`container/…` at layer `cri`).
    CriContainer,
    /// A containerd task (`task/…` at layer `containerd`).
    Task,
    /// A container as the OCI runtime sees it (`container/…` at layer `oci`).
    OciContainer,
    /// A pod as the kubelet sees it (`pod/…` at layer `kubelet`).
    Pod,
}

const SANDBOX: [SandboxState; 2] = [SandboxState::Ready, SandboxState::NotReady];
const CRI_CONTAINER: [ContainerState; 4] = [
    ContainerState::Created,
    ContainerState::Running,
    ContainerState::Exited,
    ContainerState::Unknown,
];
const TASK: [TaskStatus; 4] = [
    TaskStatus::Created,
    TaskStatus::Running,
    TaskStatus::Paused,
    TaskStatus::Stopped,
];
const OCI: [OciStatus; 5] = [
    OciStatus::Creating,
    OciStatus::Created,
    OciStatus::Running,
    OciStatus::Paused,
    OciStatus::Stopped,
];
const POD: [PodPhase; 4] = [
    PodPhase::Pending,
    PodPhase::Running,
    PodPhase::Succeeded,
    PodPhase::Failed,
];

fn find<T: Copy>(all: &[T], name: impl Fn(T) -> &'static str, state: &str) -> Option<T> {
    all.iter().copied().find(|s| name(*s) == state)
}

/// Where an OCI runtime keeps its state (`--root`) on this node, as its
/// caller passes it: crun's refusals name the path.
pub fn oci_root(config: &Config) -> String {
    let (caller, ns) = match config.runtime {
        Runtime::CriO => (Component::Conmon, ""),
        Runtime::Podman => (Component::Podman, ""),
        Runtime::Dockershim | Runtime::CriDockerd => (Component::ShimRuncV2, "moby"),
        Runtime::Containerd17 | Runtime::Containerd2 => (Component::ShimRuncV2, "k8s.io"),
    };
    crate::topology::oci_root(caller, oci_binary(config), ns)
}

impl Machine {
    /// Every machine.
    pub const ALL: [Machine; 5] = [
        Machine::Sandbox,
        Machine::CriContainer,
        Machine::Task,
        Machine::OciContainer,
        Machine::Pod,
    ];

    /// The machine of an object kind (`sandbox`, `container`, `task`, `pod`)
    /// at a layer, if the core has one.
    pub fn of(kind: &str, layer: Layer) -> Option<Machine> {
        Machine::ALL
            .into_iter()
            .find(|m| m.kind() == kind && m.layer() == layer)
    }

    /// The object kind, as effects name it.
    pub fn kind(self) -> &'static str {
        match self {
            Machine::Sandbox => "sandbox",
            Machine::CriContainer | Machine::OciContainer => "container",
            Machine::Task => "task",
            Machine::Pod => "pod",
        }
    }

    /// Whose machine it is.
    pub fn layer(self) -> Layer {
        match self {
            Machine::Sandbox | Machine::CriContainer => Layer::Cri,
            Machine::Task => Layer::Containerd,
            Machine::OciContainer => Layer::Oci,
            Machine::Pod => Layer::Kubelet,
        }
    }

    /// Every state the core's machine defines, as the real API names them.
    pub fn states(self) -> Vec<&'static str> {
        match self {
            Machine::Sandbox => SANDBOX.map(SandboxState::as_str).to_vec(),
            Machine::CriContainer => CRI_CONTAINER.map(ContainerState::as_str).to_vec(),
            Machine::Task => TASK.map(TaskStatus::as_str).to_vec(),
            Machine::OciContainer => OCI.map(OciStatus::as_str).to_vec(),
            Machine::Pod => POD.map(PodPhase::as_str).to_vec(),
        }
    }

    /// The component that answers verbs on this machine on this node.
    pub fn answerer(self, config: &Config) -> Component {
        match self {
            Machine::Sandbox | Machine::CriContainer => cri_server(config),
            Machine::Task => task_shim(config),
            Machine::OciContainer => oci_binary(config),
            Machine::Pod => Component::Kubelet,
        }
    }

    /// The verbs that can be tried on this node, as the real API names them
    /// (none where the answering component's words are not modelled).
    pub fn verbs(self, config: &Config) -> &'static [&'static str] {
        match (self, self.answerer(config)) {
            (Machine::Sandbox, Component::ContainerdCri) => {
                &["CreateContainer", "RemovePodSandbox"]
            }
            // CRI-O removes with force (it stops what runs first): not modelled yet.
            (Machine::Sandbox, Component::CriO) => &["CreateContainer"],
            (Machine::CriContainer, Component::ContainerdCri) => {
                &["StartContainer", "RemoveContainer", "ExecSync"]
            }
            (Machine::CriContainer, Component::CriO) => &["StartContainer"],
            (Machine::Task, Component::ShimRuncV2) => {
                &["Start", "Pause", "Resume", "Kill", "Exec", "Delete"]
            }
            (Machine::OciContainer, Component::Runc | Component::Crun) => {
                &["start", "pause", "resume", "kill", "delete"]
            }
            _ => &[],
        }
    }

    /// What the answering component says to `verb` on object `id` in `state`:
    /// `Ok` with the state after it (`removed` or `deleted` when the object
    /// goes away), or its refusal in its own words. `oci_root` is the OCI
    /// runtime's `--root` for this object when known (the node's usual one,
    /// [`oci_root`], otherwise). `None` when the verb is not offered on this
    /// node or the state is not one of the machine's (the object is gone).
    pub fn try_verb(
        self,
        config: &Config,
        state: &str,
        verb: &str,
        id: &str,
        oci_root_of: Option<&str>,
    ) -> Option<Result<String, Refusal>> {
        if !self.verbs(config).contains(&verb) {
            return None;
        }
        let same = || state.to_string();
        let name = |s: &'static str| s.to_string();
        let server = self.answerer(config);
        Some(match self {
            Machine::Sandbox => {
                let s = find(&SANDBOX, SandboxState::as_str, state)?;
                match verb {
                    "CreateContainer" => s.create_container_by(server, id).map(|()| same()),
                    _ => s.remove(id).map(|()| name("removed")),
                }
            }
            Machine::CriContainer => {
                let s = find(&CRI_CONTAINER, ContainerState::as_str, state)?;
                match verb {
                    "StartContainer" => s.start_by(server, id).map(|n| name(n.as_str())),
                    "RemoveContainer" => s.remove(id).map(|()| name("removed")),
                    _ => s.exec().map(|()| same()),
                }
            }
            Machine::Task => {
                let s = find(&TASK, TaskStatus::as_str, state)?;
                match verb {
                    "Start" => s.start().map(|n| name(n.as_str())),
                    "Pause" => s.pause().map(|n| name(n.as_str())),
                    "Resume" => s.resume().map(|n| name(n.as_str())),
                    "Kill" => s.kill().map(|()| same()),
                    "Exec" => s.exec().map(|()| same()),
                    _ => s.delete().map(|()| name("deleted")),
                }
            }
            Machine::OciContainer => {
                let s = find(&OCI, OciStatus::as_str, state)?;
                let r = match verb {
                    "start" => s.start().map(|n| name(n.as_str())),
                    "pause" => s.pause().map(|n| name(n.as_str())),
                    "resume" => s.resume().map(|n| name(n.as_str())),
                    "kill" => s.kill().map(|()| same()),
                    _ => s.delete(id).map(|()| name("deleted")),
                };
                match (config.oci, r) {
                    (Oci::Crun, Err(_)) => Err(s.crun_refusal(
                        verb,
                        id,
                        &oci_root_of.map_or_else(|| oci_root(config), str::to_string),
                    )),
                    (_, r) => r,
                }
            }
            Machine::Pod => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::K8sVersion;

    fn node(runtime: Runtime, oci: Oci) -> Config {
        Config {
            k8s: K8sVersion(31),
            runtime,
            oci,
        }
    }

    #[test]
    fn each_node_names_the_component_that_is_there() {
        let crio = node(Runtime::CriO, Oci::Crun);
        assert_eq!(Machine::CriContainer.answerer(&crio), Component::CriO);
        assert_eq!(Machine::Sandbox.answerer(&crio), Component::CriO);
        assert_eq!(Machine::OciContainer.answerer(&crio), Component::Crun);
        let c17 = node(Runtime::Containerd17, Oci::Runc);
        assert_eq!(
            Machine::CriContainer.answerer(&c17),
            Component::ContainerdCri
        );
        assert_eq!(Machine::Task.answerer(&c17), Component::ShimRuncV2);
        assert_eq!(Machine::OciContainer.answerer(&c17), Component::Runc);
        let kata = node(Runtime::Containerd2, Oci::Kata);
        assert_eq!(Machine::Task.answerer(&kata), Component::ShimKataV2);
        assert!(
            Machine::Task.verbs(&kata).is_empty(),
            "no runc-v2 words for Kata's shim"
        );
        let docker = node(Runtime::CriDockerd, Oci::Runc);
        assert_eq!(
            Machine::CriContainer.answerer(&docker),
            Component::CriDockerd
        );
        assert!(Machine::CriContainer.verbs(&docker).is_empty());
    }

    #[test]
    fn refusals_are_in_the_answering_components_words() {
        let c17 = node(Runtime::Containerd17, Oci::Runc);
        let crio = node(Runtime::CriO, Oci::Crun);
        let refusal = |c: &Config, m: Machine, state: &str, verb: &str| {
            m.try_verb(c, state, verb, "abc", None)
                .and_then(Result::err)
                .map(|r| r.message)
        };
        assert_eq!(
            refusal(&c17, Machine::OciContainer, "running", "start").as_deref(),
            Some("cannot start an already running container")
        );
        assert_eq!(
            refusal(&crio, Machine::OciContainer, "running", "start").as_deref(),
            Some("cannot open `/run/crun/abc/exec.fifo`: No such file or directory")
        );
        assert_eq!(
            refusal(&crio, Machine::OciContainer, "running", "delete").as_deref(),
            Some("the container `abc` is not in `created` or `stopped` state")
        );
        assert_eq!(
            refusal(&c17, Machine::CriContainer, "CONTAINER_RUNNING", "StartContainer").as_deref(),
            Some("failed to set starting state for container \"abc\": container is in CONTAINER_RUNNING state")
        );
        assert_eq!(
            refusal(
                &crio,
                Machine::CriContainer,
                "CONTAINER_RUNNING",
                "StartContainer"
            )
            .as_deref(),
            Some("container abc is not in created state: running")
        );
        assert_eq!(
            refusal(
                &crio,
                Machine::Sandbox,
                "SANDBOX_NOTREADY",
                "CreateContainer"
            )
            .as_deref(),
            Some("CreateContainer failed as the sandbox was stopped: abc")
        );
        for verb in ["RemoveContainer", "ExecSync"] {
            assert_eq!(
                Machine::CriContainer.try_verb(&crio, "CONTAINER_RUNNING", verb, "abc", None),
                None,
                "{verb} is not offered on CRI-O"
            );
        }
        // The runtime's own root, when the caller knows it.
        assert_eq!(
            Machine::OciContainer
                .try_verb(&crio, "running", "start", "web", Some("/run/containerd/runc/default"))
                .and_then(Result::err)
                .map(|r| r.message)
                .as_deref(),
            Some("cannot open `/run/containerd/runc/default/web/exec.fifo`: No such file or directory")
        );
    }

    #[test]
    fn every_offered_verb_answers_in_every_state() {
        for runtime in Runtime::ALL {
            for oci in Oci::ALL {
                let c = node(runtime, oci);
                for m in Machine::ALL {
                    assert_eq!(Machine::of(m.kind(), m.layer()), Some(m));
                    for state in m.states() {
                        for verb in m.verbs(&c) {
                            assert!(
                                m.try_verb(&c, state, verb, "id", None).is_some(),
                                "{m:?} {state} {verb} on {runtime:?}/{oci:?}"
                            );
                        }
                    }
                    assert_eq!(m.try_verb(&c, "gone", "start", "id", None), None);
                }
            }
        }
    }
}
