//! The Node object's status as the kubelet reports it: its conditions
//! (`Ready`, `MemoryPressure`, `DiskPressure`, `PIDPressure`) and what
//! `kubectl get nodes` / `describe node` print from them.

use crate::engine::World;

/// One `status.conditions[]` entry of the Node.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NodeCondition {
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
    /// The Node's conditions now: what the kubelet last posted, or the
    /// node-lifecycle controller's `Unknown` once the kubelet has not
    /// posted for `node-monitor-grace-period` (40 s; 50 s from 1.32).
    pub fn node_conditions(&self) -> Vec<NodeCondition> {
        let units = &self.node.units;
        let health = &units.kubelet;
        let c = |kind, status, reason, message: &str, since_ms| NodeCondition {
            kind,
            status,
            reason,
            message: message.to_string(),
            since_ms,
        };
        let grace = if self.cfg.k8s.0 >= 32 { 50_000 } else { 40_000 };
        if let Some(stopped) = health.stopped_ms {
            if self.now_ms.saturating_sub(stopped) >= grace {
                let since = stopped + grace;
                let unknown = "Kubelet stopped posting node status.";
                return ["MemoryPressure", "DiskPressure", "PIDPressure", "Ready"]
                    .into_iter()
                    .map(|k| c(k, "Unknown", "NodeStatusUnknown", unknown, since))
                    .collect();
            }
        }
        let disk = health.image_fs_percent.is_some_and(|p| p >= 85);
        let mut v = vec![
            c(
                "MemoryPressure",
                "False",
                "KubeletHasSufficientMemory",
                "kubelet has sufficient memory available",
                0,
            ),
            if disk {
                c(
                    "DiskPressure",
                    "True",
                    "KubeletHasDiskPressure",
                    "kubelet has disk pressure",
                    0,
                )
            } else {
                c(
                    "DiskPressure",
                    "False",
                    "KubeletHasNoDiskPressure",
                    "kubelet has no disk pressure",
                    0,
                )
            },
            c(
                "PIDPressure",
                "False",
                "KubeletHasSufficientPID",
                "kubelet has sufficient PID available",
                0,
            ),
        ];
        // The kubelet posts every 10 s; its runtime errors are what its
        // runtime state held at the last post.
        let errors = if health.stopped_ms.is_some() {
            None
        } else {
            self.kubelet_runtime_errors()
        };
        v.push(match errors {
            Some(msg) => c(
                "Ready",
                "False",
                "KubeletNotReady",
                &msg,
                health.runtime_lost_ms.map_or(0, |l| l + 30_000),
            ),
            None => c(
                "Ready",
                "True",
                "KubeletReady",
                "kubelet is posting ready status",
                0,
            ),
        });
        v
    }
    /// Whether the Node's `Ready` condition is `True`.
    pub fn node_ready(&self) -> bool {
        self.node_conditions()
            .iter()
            .any(|c| c.kind == "Ready" && c.status == "True")
    }
}
