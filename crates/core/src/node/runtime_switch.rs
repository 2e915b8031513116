//! Changing a node's container runtime (the Kubernetes docs' "Changing the
//! Container Runtime on a Node from Docker Engine to containerd" and
//! "Migrate Docker Engine nodes from dockershim to cri-dockerd"): a v1.23
//! kubelet that restarts with `--container-runtime=remote
//! --container-runtime-endpoint=…` talks CRI to whatever serves that
//! socket. When that is containerd with its CRI plugin enabled, or
//! cri-dockerd's socket, the node's runtime is from then on that one
//! (`containerRuntimeVersion`, the kubelet's hops, crictl's answers).

use crate::config::Runtime;
use crate::engine::World;
use crate::topology::Topology;
use std::sync::Arc;

impl World {
    /// The runtime that serves a CRI endpoint on this dockershim node now,
    /// other than dockershim: containerd (its socket there, the unit
    /// active, the CRI plugin not disabled in `config.toml`) or cri-dockerd
    /// (its socket there).
    fn runtime_serving(&self, endpoint: &str) -> Option<Runtime> {
        if self.cfg.runtime != Runtime::Dockershim || endpoint.is_empty() {
            return None;
        }
        let path = endpoint.strip_prefix("unix://").unwrap_or(endpoint);
        let p = super::fs::normalize("/", path);
        let real = super::systemd::resolved(&self.node.fs, &p);
        if !matches!(self.node.fs.get(&real), Ok(super::fs::Entry::Socket)) {
            return None;
        }
        match real.as_str() {
            "/run/containerd/containerd.sock"
                if self.node.units.is_active("containerd.service")
                    && !self
                        .containerd_disabled_plugins()
                        .iter()
                        .any(|x| x == "io.containerd.grpc.v1.cri") =>
            {
                Some(Runtime::Containerd17)
            }
            "/run/cri-dockerd.sock" => Some(Runtime::CriDockerd),
            _ => None,
        }
    }

    /// The kubelet starts with `endpoint`: when another runtime serves it,
    /// the node's runtime becomes that one.
    pub(crate) fn kubelet_switch_runtime(&mut self, endpoint: &str) {
        if let Some(rt) = self.runtime_serving(endpoint) {
            self.cfg.runtime = rt;
            self.topo = Arc::new(Topology::new(&self.cfg));
        }
    }
}
