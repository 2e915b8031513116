//! The kubelet's generic PLEG (pod lifecycle event generator, reference §1.6):
//! the relist every second, and the one way a CRI state changes.
//!
//! The PLEG invariant, "every CRI state change marks its pod for the next
//! relist", is kept by construction: a container's or sandbox's CRI state is a
//! [`Cri`] whose field is private to this module, so the only writers are
//! [`World::set_container_cri`] and [`World::set_sandbox_state`], which mark
//! the pod as they change it. Forgetting the mark does not compile.

use super::{h, World};
use crate::lifecycle::cri::{ContainerState, SandboxState};
use crate::msg;
use crate::trace::{Component, Iface};

type Key = (String, String);

/// A CRI state: a container's (`Option<ContainerState>`, none for containers
/// no CRI server made) or a sandbox's (`SandboxState`). Read it with
/// [`Cri::get`]; change it with the `World` setters below.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Cri<S>(S);

impl<S: Copy> Cri<S> {
    /// The state.
    pub(crate) fn get(&self) -> S {
        self.0
    }
}

impl Cri<Option<ContainerState>> {
    /// A new container has no CRI state until a CRI server records it.
    pub(crate) const NONE: Self = Cri(None);
}

impl Cri<SandboxState> {
    /// A sandbox being set up is not ready yet.
    pub(crate) const SETTING_UP: Self = Cri(SandboxState::NotReady);
}

impl World {
    /// A CRI container's state changes; its pod is marked for the next relist.
    pub(crate) fn set_container_cri(&mut self, id: &str, to: ContainerState) {
        if let Some(c) = self.ctrs.get_mut(id) {
            c.cri = Cri(Some(to));
        }
        self.pleg_mark(id);
    }

    /// A sandbox's state changes; its pod is marked for the next relist.
    pub(crate) fn set_sandbox_state(&mut self, id: &str, to: SandboxState) {
        if let Some(s) = self.sandboxes.get_mut(id) {
            s.state = Cri(to);
        }
        self.pleg_mark(id);
    }

    /// Marks the pod owning a container or sandbox for the next PLEG relist.
    fn pleg_mark(&mut self, id: &str) {
        let sandbox = match self.ctrs.get(id) {
            Some(c) => c.sandbox_id.clone().unwrap_or_else(|| id.to_string()),
            None => id.to_string(),
        };
        if let Some(s) = self.sandboxes.get(&sandbox) {
            let key = (s.namespace.clone(), s.name.clone());
            if self.pods.contains_key(&key) {
                self.pleg_keys.insert(key, ());
            }
        }
    }

    /// Generic PLEG: relist every second; only a relist that finds a change is shown.
    pub(crate) fn pleg_relist(&mut self) {
        if self.pods.is_empty() || (self.pleg_keys.is_empty() && !self.pleg_all) {
            return;
        }
        // A stopped kubelet relists nothing (its marks wait for its start),
        // nor one whose runtime is away.
        if !self.kubelet_relists() {
            return;
        }
        let kubelet = Component::Kubelet;
        let server = self.cri_server();
        if server == Component::ContainerdCri && !self.containerd_up {
            return;
        }
        // Only pods whose sandbox or container changed since the last relist
        // can produce an event (the diff below would find nothing elsewhere).
        let keys: Vec<Key> = if std::mem::take(&mut self.pleg_all) {
            self.pleg_keys.clear();
            self.pods.keys().cloned().collect()
        } else {
            std::mem::take(&mut self.pleg_keys)
                .into_iter()
                .map(|(k, ())| k)
                .collect()
        };
        self.emit(h(kubelet, server, Iface::Cri, "ListPodSandbox").note(msg!("kube-pleg-relist")));
        self.emit(h(kubelet, server, Iface::Cri, "ListContainers").d("filter", "all states"));
        for key in keys {
            let Some(p) = self.pods.get(&key) else {
                continue;
            };
            let cid = p.container_id.clone();
            let sid = p.sandbox_id.clone();
            let c_state = cid
                .as_ref()
                .and_then(|c| self.ctrs.get(c))
                .and_then(|c| c.cri.get());
            let s_state = sid
                .as_ref()
                .and_then(|s| self.sandboxes.get(s))
                .map(|s| s.state.get());
            // PLEG diffs what this relist sees against what the last one saw.
            let seen = cid.clone().zip(c_state);
            let changed = seen != p.pleg_seen;
            let event = match (c_state, s_state) {
                (_, Some(SandboxState::NotReady)) if p.deleting.is_none() && changed => {
                    Some("ContainerDied (sandbox)")
                }
                (Some(ContainerState::Exited), _) if changed => Some("ContainerDied"),
                (Some(ContainerState::Running), _) if changed => Some("ContainerStarted"),
                _ => None,
            };
            if let Some(p) = self.pods.get_mut(&key) {
                p.pleg_seen = seen;
            }
            let Some(event) = event else { continue };
            if let Some(s) = &sid {
                let _ = self.cri_sandbox_status(kubelet, s);
            }
            if let Some(c) = &cid {
                self.emit(
                    h(kubelet, server, Iface::Cri, "ContainerStatus").d("container_id", c.clone()),
                );
            }
            self.emit(
                h(kubelet, kubelet, Iface::InProcess, format!("PLEG {event}")).note(msg!(
                    "kube-pleg-event",
                    namespace = &key.0,
                    pod = &key.1,
                    event = event
                )),
            );
            if event.starts_with("ContainerDied") {
                self.report_status_exit(&key);
                self.sync_pod(&key);
            } else {
                self.report_status(&key);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::kube::PodSpec;
    use super::*;
    use crate::config::Config;

    /// A world with one running pod; returns its key, sandbox id and container id.
    fn one_pod() -> (World, Key, String, String) {
        let mut w = World::new(Config::default(), 5);
        w.kubectl_run(PodSpec {
            namespace: "default".into(),
            name: "web".into(),
            image: "nginx".into(),
            ..PodSpec::default()
        });
        w.settle();
        w.advance_to(w.now_ms() + 5_000);
        let key = ("default".to_string(), "web".to_string());
        let p = &w.pods[&key];
        let (sid, cid) = (
            p.sandbox_id.clone().expect("sandbox"),
            p.container_id.clone().expect("container"),
        );
        (w, key, sid, cid)
    }

    #[test]
    fn a_container_state_change_marks_its_pod() {
        let (mut w, key, _, cid) = one_pod();
        assert!(w.pleg_keys.is_empty(), "the relist took every mark");
        w.set_container_cri(&cid, ContainerState::Exited);
        assert_eq!(w.ctrs[&cid].cri.get(), Some(ContainerState::Exited));
        assert!(w.pleg_keys.contains_key(&key));
    }

    #[test]
    fn a_sandbox_state_change_marks_its_pod() {
        let (mut w, key, sid, _) = one_pod();
        assert!(w.pleg_keys.is_empty());
        w.set_sandbox_state(&sid, SandboxState::NotReady);
        assert_eq!(w.sandboxes[&sid].state.get(), SandboxState::NotReady);
        assert!(w.pleg_keys.contains_key(&key));
    }

    #[test]
    fn the_next_relist_sees_the_change() {
        let (mut w, _, _, cid) = one_pod();
        w.take_hops();
        w.set_container_cri(&cid, ContainerState::Exited);
        w.settle();
        let hops = w.take_hops();
        assert!(hops.iter().any(|h| h.call == "PLEG ContainerDied"));
    }
}
