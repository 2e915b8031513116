//! What the state panel shows, read from a run's effects: the objects the
//! run touches, each layer's state machine for one of them with its state
//! at a hop, and the core's lifecycle answer to a verb tried on that state.
//!
//! Objects are grouped by the id after the kind (`sandbox/3f2a…`,
//! `container/3f2a…` and `task/3f2a…` are one object seen by three layers).
//! The states of a machine are the core's (its lifecycle enums) followed by
//! any other state the run reaches (`removed`, `deleted`…). Everything is
//! computed from the hops up to the position, so stepping back is exact.
//! Which verbs can be tried, who answers them and what they say is the
//! core's ([`atlas_core::lifecycle::verbs`]), for the node at hand.

use crate::run::Run;
use atlas_core::lifecycle::verbs::Machine;
use atlas_core::{Config, Layer};

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
pub struct MachineHistory {
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

/// Each layer's machine for the object `key`, at hop `pos`.
pub fn machines(run: &Run, key: &str, pos: usize) -> Vec<MachineHistory> {
    let mut out: Vec<MachineHistory> = Vec::new();
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
                    out.push(MachineHistory {
                        kind: kind.to_string(),
                        layer: e.layer,
                        states: Machine::of(kind, e.layer)
                            .map(Machine::states)
                            .unwrap_or_default()
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

impl MachineHistory {
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

impl MachineHistory {
    /// The core's machine this is, if it has one.
    pub fn machine(&self) -> Option<Machine> {
        Machine::of(&self.kind, self.layer)
    }

    /// The verbs a reader can try on it on this node.
    pub fn verbs(&self, config: &Config) -> &'static [&'static str] {
        self.machine().map_or(&[], |m| m.verbs(config))
    }

    /// Who answers those verbs on this node, as a sentence names it.
    pub fn answerer(&self, config: &Config) -> &'static str {
        self.machine()
            .map_or("", |m| atlas_core::topology::name(m.answerer(config)))
    }
}

/// An object as the runtimes name it, read from the run's hops: its full id
/// (the effects carry the short one) and its OCI runtime's `--root`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// The id the CRI and the OCI runtime were given.
    pub id: String,
    /// The OCI runtime's state root for it, when a hop says.
    pub oci_root: Option<String>,
}

/// The full id and OCI root of the object `key`: from the CRI calls'
/// `container_id` / `pod_sandbox_id` and the OCI runtime's argv.
pub fn target(run: &Run, key: &str) -> Target {
    let mut t = Target {
        id: key.to_string(),
        oci_root: None,
    };
    for d in run.hops.iter().filter_map(|h| h.detail.as_ref()) {
        for field in ["container_id", "pod_sandbox_id"] {
            if let Some(id) = d.get(field).and_then(|v| v.as_str()) {
                if id.starts_with(key) && id.len() > t.id.len() {
                    t.id = id.to_string();
                }
            }
        }
        let argv: Vec<&str> = d
            .get("argv")
            .and_then(|v| v.as_array())
            .map(|a| a.iter().filter_map(|w| w.as_str()).collect())
            .unwrap_or_default();
        if t.oci_root.is_none() && argv.last().is_some_and(|id| id.starts_with(key)) {
            if let Some(i) = argv.iter().position(|w| *w == "--root") {
                t.oci_root = argv.get(i + 1).map(|r| r.to_string());
            }
        }
    }
    t
}

/// What the core's lifecycle answers to `verb` on a machine in `state`:
/// `Ok` with the state after it, or the answering component's refusal in its
/// own words. `None` when the verb is not offered on this node or the state
/// is not one the core's machine has (the object is gone).
pub fn try_verb(
    config: &Config,
    kind: &str,
    layer: Layer,
    state: &str,
    verb: &str,
    target: &Target,
) -> Option<Result<String, String>> {
    Machine::of(kind, layer)?
        .try_verb(config, state, verb, &target.id, target.oci_root.as_deref())
        .map(|r| r.map_err(|e| e.message))
}

#[cfg(test)]
mod tests {
    use super::*;
    use atlas_core::scenario::find as scenario;

    fn run_of(name: &str) -> Run {
        run(name)
    }

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
        assert_eq!(&cri.states[..4], &Machine::CriContainer.states()[..]);
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

    fn plain(id: &str) -> Target {
        Target {
            id: id.to_string(),
            oci_root: None,
        }
    }

    #[test]
    fn verbs_get_the_real_refusals() {
        let c = Config::default();
        assert_eq!(
            try_verb(&c, "container", Layer::Oci, "running", "start", &plain("x")),
            Some(Err("cannot start an already running container".to_string()))
        );
        assert_eq!(
            try_verb(&c, "container", Layer::Oci, "created", "start", &plain("x")),
            Some(Ok("running".to_string()))
        );
        assert_eq!(
            try_verb(&c, "container", Layer::Cri, "CONTAINER_RUNNING", "RemoveContainer", &plain("abc")),
            Some(Err("failed to set removing state for container \"abc\": container is still running, to stop first".to_string()))
        );
        assert_eq!(
            try_verb(
                &c,
                "task",
                Layer::Containerd,
                "RUNNING",
                "Start",
                &plain("t")
            ),
            Some(Err("cannot start a running process".to_string()))
        );
        assert_eq!(
            try_verb(&c, "container", Layer::Oci, "deleted", "start", &plain("x")),
            None
        );
    }

    #[test]
    fn an_objects_full_id_and_root_come_from_its_hops() {
        let s = scenario("ctr-run").expect("scenario");
        let config = Config {
            oci: atlas_core::Oci::Crun,
            ..s.config()
        };
        let run = Run::new(config, s).expect("runs");
        let t = target(&run, "web");
        assert_eq!(t.oci_root.as_deref(), Some("/run/containerd/runc/default"));
        let run = run_of("crictl-lifecycle");
        let o = objects(&run)
            .into_iter()
            .find(|o| o.kinds.iter().any(|k| k == "task"))
            .expect("a container");
        let t = target(&run, &o.key);
        assert!(t.id.len() == 64 && t.id.starts_with(&o.key), "{t:?}");
        assert_eq!(t.oci_root.as_deref(), Some("/run/containerd/runc/k8s.io"));
    }

    /// The defect this guards against: the panel said "containerd's CRI
    /// plugin" and "runc" whatever the node ran.
    #[test]
    fn on_a_cri_o_and_crun_node_the_panel_names_cri_o_and_crun() {
        let s = scenario("crictl-lifecycle").expect("scenario");
        let config = Config {
            runtime: atlas_core::Runtime::CriO,
            oci: atlas_core::Oci::Crun,
            ..s.config()
        };
        let run = Run::new(config, s).expect("runs on CRI-O + crun");
        let mut named = Vec::new();
        for o in objects(&run) {
            for m in machines(&run, &o.key, usize::MAX) {
                if !m.verbs(&config).is_empty() {
                    named.push((m.layer, m.answerer(&config)));
                }
            }
        }
        assert!(named.contains(&(Layer::Cri, "CRI-O")), "{named:?}");
        assert!(named.contains(&(Layer::Oci, "crun")), "{named:?}");
        assert!(
            named
                .iter()
                .all(|(_, who)| !who.contains("containerd") && *who != "runc"),
            "{named:?}"
        );
        // And the answer is crun's, in crun's words.
        let refused = try_verb(
            &config,
            "container",
            Layer::Oci,
            "running",
            "delete",
            &plain("abc"),
        );
        assert_eq!(
            refused,
            Some(Err(
                "the container `abc` is not in `created` or `stopped` state".to_string()
            ))
        );
    }
}
