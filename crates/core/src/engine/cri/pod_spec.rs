//! What a pod's containers get from the runtime that made them: the
//! `config.json` each CRI server (or dockerd behind dockershim and
//! cri-dockerd) generates, with the pod's files from that runtime's own
//! directories (`oci::spec::sandbox_files`) and the kubelet's mounts, and the
//! container's cgroup under the pod's slice, named by that runtime
//! (reference §2.3, §3, §4; systemd cgroup driver, as the kubelet is set up
//! here):
//!
//! * containerd's CRI plugin: `cri-containerd-<id>.scope`
//!   (`cgroupsPath` `<pod slice>:cri-containerd:<id>`);
//! * CRI-O: `crio-<id>.scope` (`internal/config/cgmgr/systemd_linux.go`
//!   `ContainerCgroupPath`), conmon in `crio-conmon-<id>.scope`
//!   (`MoveConmonToCgroup`), the dropped infra container's `crio-<id>`
//!   (`CreateSandboxCgroup`);
//! * dockerd: `docker-<id>.scope` under the cgroup parent cri-dockerd passes
//!   (the last element of the kubelet's, `GenerateExpectedCgroupParent`).

use super::super::oci_runtime::{Invocation, SpecKind};
use super::super::{Ctr, Origin, World};
use crate::config::Runtime;
use crate::oci::{self, ContainerParams, NamespacePlan, NsMode};
use crate::trace::Component;
use oci_spec::runtime::{LinuxNamespaceType, Spec};

/// CRI-O's namespace order for a pod container (runtime-tools' default spec).
const CRIO_NS_ORDER: [LinuxNamespaceType; 5] = [
    LinuxNamespaceType::Pid,
    LinuxNamespaceType::Network,
    LinuxNamespaceType::Ipc,
    LinuxNamespaceType::Uts,
    LinuxNamespaceType::Mount,
];

impl World {
    /// The pod's slice under `kubepods.slice` (systemd driver), from its QoS
    /// class: a pod with a memory limit and no CPU limit is Burstable, one
    /// without limits BestEffort.
    pub(crate) fn pod_slice(&self, uid: &str) -> String {
        let qos = match self.pods.values().find(|p| p.uid == uid) {
            Some(p) if p.memory_limit.is_some() => "burstable",
            _ => "besteffort",
        };
        format!(
            "kubepods.slice/kubepods-{qos}.slice/kubepods-{qos}-pod{}.slice",
            uid.replace('-', "_")
        )
    }

    /// The scope prefix of the pod containers' cgroups on this node.
    pub(crate) fn pod_scope_prefix(&self) -> &'static str {
        match self.cfg.runtime {
            Runtime::CriO => "crio",
            // A Podman host runs no pods (its containers' cgroups are libpod's).
            Runtime::Podman => "libpod",
            Runtime::Dockershim | Runtime::CriDockerd => "docker",
            Runtime::Containerd17 | Runtime::Containerd2 => "cri-containerd",
        }
    }

    /// The cgroup (relative to the cgroup root) of container `c`.
    pub(crate) fn container_cgroup(&self, c: &Ctr) -> String {
        let id = &c.id;
        match c.origin {
            Origin::Sandbox | Origin::Cri => {
                let uid = c
                    .sandbox_id
                    .as_ref()
                    .and_then(|s| self.sandboxes.get(s))
                    .map(|s| s.uid.clone())
                    .unwrap_or_default();
                format!(
                    "{}/{}-{id}.scope",
                    self.pod_slice(&uid),
                    self.pod_scope_prefix()
                )
            }
            Origin::Docker => format!("system.slice/docker-{id}.scope"),
            _ => format!("{}/{id}", c.ns),
        }
    }

    /// The `config.json` of a pod's container (pause or app) as its runtime
    /// generates it; `None` for other kinds of containers.
    pub(crate) fn pod_spec(&self, inv: &Invocation, mut p: ContainerParams) -> Option<Spec> {
        let c = self.ctrs.get(&inv.id)?;
        let by_dockerd = c.ns == "moby";
        let hostname = c
            .sandbox_id
            .as_ref()
            .and_then(|s| self.sandboxes.get(s))
            .map(|s| s.name.clone());
        p.cri_mounts = c.mounts.clone();
        let spec = match &inv.spec {
            SpecKind::Sandbox { netns } => {
                p.args = vec!["/pause".to_string()];
                if by_dockerd {
                    // cri-dockerd's sandbox: NetworkMode none (CNI wires it
                    // through /proc/<pid>/ns/net), IpcMode shareable.
                    p.sandbox_id = Some(inv.id.clone());
                    p.hostname = hostname;
                    p.namespaces.cgroup = NsMode::New;
                    oci::spec::docker(&p)
                } else {
                    if !netns.is_empty() {
                        p.namespaces.network = NsMode::Join(netns.clone());
                    }
                    oci::spec::cri_sandbox(&p)
                }
            }
            SpecKind::PodContainer { pause_pid, sandbox } => {
                p.sandbox_id = Some(sandbox.clone());
                if by_dockerd {
                    // NetworkMode and IpcMode container:<sandbox>: those two
                    // namespaces joined, a private uts with the pod's hostname.
                    p.hostname = hostname;
                    p.namespaces.network = NsMode::Join(format!("/proc/{pause_pid}/ns/net"));
                    p.namespaces.ipc = NsMode::Join(format!("/proc/{pause_pid}/ns/ipc"));
                    p.namespaces.cgroup = NsMode::New;
                    oci::spec::docker(&p)
                } else {
                    oci::spec::cri_container(&p, *pause_pid)
                }
            }
            SpecKind::PinnedPod { uuid, sandbox } => {
                p.sandbox_id = Some(sandbox.clone());
                let mut s = oci::spec::crio_container(&p);
                let ns = NamespacePlan {
                    ipc: NsMode::Join(format!("/var/run/ipcns/{uuid}")),
                    uts: NsMode::Join(format!("/var/run/utsns/{uuid}")),
                    network: NsMode::Join(format!("/var/run/netns/{uuid}")),
                    ..NamespacePlan::default()
                };
                if let Some(l) = s.linux_mut() {
                    l.set_namespaces(Some(ns.to_spec(&CRIO_NS_ORDER)));
                }
                s
            }
            _ => return None,
        };
        Some(spec)
    }

    /// conmon's own cgroup under CRI-O's systemd manager: a transient scope
    /// in the pod's slice (`conmon_cgroup = "pod"`), made over D-Bus.
    pub(crate) fn conmon_scope(&self, id: &str) -> Option<(String, String)> {
        let c = self.ctrs.get(id)?;
        if c.shim != Component::Conmon {
            return None;
        }
        let uid = c
            .sandbox_id
            .as_ref()
            .and_then(|s| self.sandboxes.get(s))
            .map(|s| s.uid.clone())?;
        let slice = self.pod_slice(&uid);
        let name = slice.rsplit('/').next().unwrap_or_default().to_string();
        Some((name, format!("{slice}/crio-conmon-{id}.scope")))
    }
}
