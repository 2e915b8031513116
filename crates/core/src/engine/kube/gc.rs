//! The kubelet's container garbage collector (every minute): exited
//! containers beyond the newest, and the sandboxes of deleted pods.

use super::super::{h, World};
use crate::lifecycle::cri::{ContainerState, SandboxState};
use crate::msg;
use crate::trace::{Component, Iface};
use litemap::LiteMap;

impl World {
    /// Container GC (every minute): dead containers beyond one per pod container,
    /// and everything of deleted pods.
    pub(crate) fn container_gc(&mut self) {
        // The garbage collector is the kubelet's: none while it is stopped.
        if !self.kubelet_running() {
            return;
        }
        let kubelet = Component::Kubelet;
        let mut doomed_ctrs: Vec<String> = Vec::new();
        let mut doomed_sbx: Vec<String> = Vec::new();
        for (s, c) in std::mem::take(&mut self.deleted_pods) {
            if let Some(s) = s {
                for x in self.ctrs.values().filter(|x| {
                    x.sandbox_id.as_deref() == Some(&s) && x.origin == crate::engine::Origin::Cri
                }) {
                    doomed_ctrs.push(x.id.clone());
                }
                doomed_sbx.push(s);
            }
            if let Some(c) = c {
                doomed_ctrs.push(c);
            }
        }
        // Dead containers of live pods, except each pod's latest; sandboxes
        // a pod no longer uses. One pass over each store, not pods × containers.
        let mut keep_by_name: LiteMap<&str, Vec<Option<&String>>> = LiteMap::new();
        for p in self.pods.values() {
            keep_by_name
                .entry(p.name.as_str())
                .or_default()
                .push(p.container_id.as_ref());
        }
        for x in self.ctrs.values() {
            if x.origin != crate::engine::Origin::Cri
                || x.cri.get() != Some(ContainerState::Exited)
                || x.sandbox_id.is_none()
            {
                continue;
            }
            let Some(name) = x.labels.get("io.kubernetes.pod.name") else {
                continue;
            };
            if keep_by_name
                .get(name.as_str())
                .is_some_and(|keeps| keeps.iter().any(|k| *k != Some(&x.id)))
            {
                doomed_ctrs.push(x.id.clone());
            }
        }
        for sb in self.sandboxes.values() {
            if sb.state.get() != SandboxState::NotReady {
                continue;
            }
            let key = (sb.namespace.clone(), sb.name.clone());
            if self
                .pods
                .get(&key)
                .is_some_and(|p| p.sandbox_id.as_ref() != Some(&sb.id))
            {
                doomed_sbx.push(sb.id.clone());
            }
        }
        crate::order::sort(&mut doomed_ctrs);
        doomed_ctrs.dedup();
        crate::order::sort(&mut doomed_sbx);
        doomed_sbx.dedup();
        if doomed_ctrs.is_empty() && doomed_sbx.is_empty() {
            return;
        }
        self.emit(
            h(kubelet, kubelet, Iface::InProcess, "containerGC").note(msg!("kube-container-gc")),
        );
        for c in doomed_ctrs {
            if self.ctrs.get(&c).and_then(|x| x.cri.get()) != Some(ContainerState::Running) {
                let _ = self.cri_remove_container(kubelet, &c);
            }
        }
        for s in doomed_sbx {
            if self.sandboxes.get(&s).map(|x| x.state.get()) == Some(SandboxState::NotReady) {
                let _ = self.cri_remove_pod_sandbox(kubelet, &s);
            }
        }
    }
}
