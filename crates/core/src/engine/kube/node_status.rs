//! The Node object's status as the kubelet reports it: its conditions
//! (`Ready`, `MemoryPressure`, `DiskPressure`, `PIDPressure`) and what
//! `kubectl get nodes` / `describe node` print from them.

#![allow(dead_code)] // read by `kubectl describe node` and the kubelet, being written (issue 15)

use crate::engine::World;

/// One `status.conditions[]` entry of the Node.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct NodeCondition {
    /// `Ready`, `MemoryPressure`, `DiskPressure`, `PIDPressure`.
    pub kind: &'static str,
    /// `True`, `False` or `Unknown`.
    pub status: &'static str,
    /// `KubeletReady`, `KubeletNotReady`, `NodeStatusUnknown`, `KubeletHasSufficientMemory`, …
    pub reason: &'static str,
    /// The kubelet's message.
    pub message: String,
    /// When the status last changed (world ms).
    pub since_ms: u64,
}

impl World {
    /// The Node's conditions now.
    pub(crate) fn node_conditions(&self) -> Vec<NodeCondition> {
        let c = |kind, status, reason, message: &str| NodeCondition {
            kind,
            status,
            reason,
            message: message.to_string(),
            since_ms: 0,
        };
        vec![
            c(
                "MemoryPressure",
                "False",
                "KubeletHasSufficientMemory",
                "kubelet has sufficient memory available",
            ),
            c(
                "DiskPressure",
                "False",
                "KubeletHasNoDiskPressure",
                "kubelet has no disk pressure",
            ),
            c(
                "PIDPressure",
                "False",
                "KubeletHasSufficientPID",
                "kubelet has sufficient PID available",
            ),
            c(
                "Ready",
                "True",
                "KubeletReady",
                "kubelet is posting ready status",
            ),
        ]
    }

    /// Whether the Node's `Ready` condition is `True`.
    pub(crate) fn node_ready(&self) -> bool {
        self.node_conditions()
            .iter()
            .any(|c| c.kind == "Ready" && c.status == "True")
    }
}
