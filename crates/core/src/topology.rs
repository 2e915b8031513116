//! The component graph of a node for one [`Config`]: who can call whom, and how.
//!
//! Every hop the engine emits runs along an edge of this graph (a property the
//! tests check), so the graph is also the list of everything the model may do.

use crate::config::{Config, Oci, Runtime};
use crate::message::Msg;
use crate::msg;
use crate::trace::{Component, Iface};
use litemap::LiteMap;
use petgraph::graph::{DiGraph, NodeIndex};

/// The horizontal band a component is drawn in, top to bottom.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Tier {
    /// CLIs and the control plane.
    Clients,
    /// The node agent and CRI shims in front of Docker.
    NodeAgent,
    /// High-level runtime and its parts; registry; CNI.
    HighLevel,
    /// Shims and monitors.
    Shim,
    /// OCI runtimes.
    OciRuntime,
    /// The kernel and the workload.
    Kernel,
}

impl Tier {
    /// Every tier, top to bottom.
    pub const ALL: [Tier; 6] = [
        Tier::Clients,
        Tier::NodeAgent,
        Tier::HighLevel,
        Tier::Shim,
        Tier::OciRuntime,
        Tier::Kernel,
    ];

    /// Label for the diagram (`topo-tier-…`).
    pub fn label(self) -> Msg {
        match self {
            Tier::Clients => msg!("topo-tier-clients"),
            Tier::NodeAgent => msg!("topo-tier-node-agent"),
            Tier::HighLevel => msg!("topo-tier-high-level"),
            Tier::Shim => msg!("topo-tier-shim"),
            Tier::OciRuntime => msg!("topo-tier-oci-runtime"),
            Tier::Kernel => msg!("topo-tier-kernel"),
        }
    }
}

/// The tier a component belongs to.
pub fn tier(c: Component) -> Tier {
    use Component::*;
    match c {
        Kubectl | KubeApiserver | Etcd | KubeScheduler | Docker | Nerdctl | Ctr | Crictl | User => {
            Tier::Clients
        }
        Kubelet | Dockershim | CriDockerd => Tier::NodeAgent,
        Containerd
        | ContainerdCri
        | ContainerdContent
        | ContainerdImages
        | ContainerdSnapshotter
        | ContainerdTasks
        | ContainerdEvents
        | CriO
        | Dockerd
        | Podman
        | Registry
        | AuthServer => Tier::HighLevel,
        ShimRuncV2 | ShimKataV2 | ShimRunscV1 | Conmon | Pinns | DockerProxy | Cni | Netavark
        | AardvarkDns | Pasta | Slirp4netns => Tier::Shim,
        Runc | RuncInit | Crun | Youki | Runsc | RunscGofer | Qemu | CloudHypervisor
        | Virtiofsd | KataAgent => Tier::OciRuntime,
        Kernel | Container | DockerInit | GuestKernel | RunscSandbox | Catatonit => Tier::Kernel,
    }
}

/// One sentence on what a component is, for hovers and narration
/// (`topo-desc-…`).
pub fn describe(c: Component) -> Msg {
    use Component::*;
    match c {
        Kubectl => msg!("topo-desc-kubectl"),
        KubeApiserver => msg!("topo-desc-kube-apiserver"),
        Etcd => msg!("topo-desc-etcd"),
        KubeScheduler => msg!("topo-desc-kube-scheduler"),
        Kubelet => msg!("topo-desc-kubelet"),
        Dockershim => msg!("topo-desc-dockershim"),
        CriDockerd => msg!("topo-desc-cri-dockerd"),
        Containerd => msg!("topo-desc-containerd"),
        ContainerdCri => msg!("topo-desc-containerd-cri"),
        ContainerdContent => msg!("topo-desc-containerd-content"),
        ContainerdImages => msg!("topo-desc-containerd-images"),
        ContainerdSnapshotter => msg!("topo-desc-containerd-snapshotter"),
        ContainerdTasks => msg!("topo-desc-containerd-tasks"),
        ContainerdEvents => msg!("topo-desc-containerd-events"),
        CriO => msg!("topo-desc-cri-o"),
        Dockerd => msg!("topo-desc-dockerd"),
        Podman => msg!("topo-desc-podman"),
        ShimRuncV2 => msg!("topo-desc-shim-runc-v2"),
        ShimKataV2 => msg!("topo-desc-shim-kata-v2"),
        ShimRunscV1 => msg!("topo-desc-shim-runsc-v1"),
        Conmon => msg!("topo-desc-conmon"),
        Pinns => msg!("topo-desc-pinns"),
        Runc => msg!("topo-desc-runc"),
        RuncInit => msg!("topo-desc-runc-init"),
        Crun => msg!("topo-desc-crun"),
        Youki => msg!("topo-desc-youki"),
        Runsc => msg!("topo-desc-runsc"),
        Qemu => msg!("topo-desc-qemu"),
        CloudHypervisor => msg!("topo-desc-cloud-hypervisor"),
        Virtiofsd => msg!("topo-desc-virtiofsd"),
        KataAgent => msg!("topo-desc-kata-agent"),
        GuestKernel => msg!("topo-desc-guest-kernel"),
        RunscSandbox => msg!("topo-desc-runsc-sandbox"),
        RunscGofer => msg!("topo-desc-runsc-gofer"),
        Netavark => msg!("topo-desc-netavark"),
        AardvarkDns => msg!("topo-desc-aardvark-dns"),
        Pasta => msg!("topo-desc-pasta"),
        Slirp4netns => msg!("topo-desc-slirp4netns"),
        Catatonit => msg!("topo-desc-catatonit"),
        DockerProxy => msg!("topo-desc-docker-proxy"),
        DockerInit => msg!("topo-desc-docker-init"),
        Cni => msg!("topo-desc-cni"),
        Registry => msg!("topo-desc-registry"),
        AuthServer => msg!("topo-desc-auth-server"),
        Docker => msg!("topo-desc-docker"),
        Nerdctl => msg!("topo-desc-nerdctl"),
        Ctr => msg!("topo-desc-ctr"),
        Crictl => msg!("topo-desc-crictl"),
        User => msg!("topo-desc-user"),
        Kernel => msg!("topo-desc-kernel"),
        Container => msg!("topo-desc-container"),
    }
}

/// An interface between two components.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Link {
    /// How they talk.
    pub iface: Iface,
}

/// The graph for one configuration.
#[derive(Debug, Clone)]
pub struct Topology {
    config: Config,
    graph: DiGraph<Component, Link>,
    index: LiteMap<Component, NodeIndex>,
}

impl Topology {
    /// Builds the graph. The configuration must already be checked.
    pub fn new(config: &Config) -> Topology {
        let mut t = Topology {
            config: *config,
            graph: DiGraph::new(),
            index: LiteMap::new(),
        };
        for (a, b, i) in edges(config) {
            t.add(a, b, i);
        }
        t
    }

    fn node(&mut self, c: Component) -> NodeIndex {
        if let Some(i) = self.index.get(&c) {
            return *i;
        }
        let i = self.graph.add_node(c);
        self.index.insert(c, i);
        i
    }

    fn add(&mut self, a: Component, b: Component, iface: Iface) {
        let (ia, ib) = (self.node(a), self.node(b));
        if !self
            .graph
            .edges_connecting(ia, ib)
            .any(|e| e.weight().iface == iface)
        {
            self.graph.add_edge(ia, ib, Link { iface });
        }
    }

    /// The configuration this graph is for.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The petgraph graph.
    pub fn graph(&self) -> &DiGraph<Component, Link> {
        &self.graph
    }

    /// Components present, in stable (declaration) order.
    pub fn components(&self) -> Vec<Component> {
        self.index.keys().copied().collect()
    }

    /// Whether a component is on this node.
    pub fn contains(&self, c: Component) -> bool {
        self.index.contains_key(&c)
    }

    /// Whether a hop from `a` to `b` over `iface` runs along an edge.
    pub fn has_edge(&self, a: Component, b: Component, iface: Iface) -> bool {
        match (self.index.get(&a), self.index.get(&b)) {
            (Some(&ia), Some(&ib)) => self
                .graph
                .edges_connecting(ia, ib)
                .any(|e| e.weight().iface == iface),
            _ => false,
        }
    }

    /// All edges as (from, to, iface), in stable order.
    pub fn edge_list(&self) -> Vec<(Component, Component, Iface)> {
        let mut v: Vec<_> = self
            .graph
            .edge_indices()
            .filter_map(|e| {
                let (a, b) = self.graph.edge_endpoints(e)?;
                Some((self.graph[a], self.graph[b], self.graph[e].iface))
            })
            .collect();
        crate::order::sort(&mut v);
        v
    }

    /// Components grouped by tier, each tier in stable order: the layout's rows.
    pub fn tiers(&self) -> Vec<(Tier, Vec<Component>)> {
        Tier::ALL
            .iter()
            .map(|t| {
                (
                    *t,
                    self.components()
                        .into_iter()
                        .filter(|c| tier(*c) == *t)
                        .collect::<Vec<_>>(),
                )
            })
            .filter(|(_, v)| !v.is_empty())
            .collect()
    }
}

/// A line drawn around components that live inside one isolation boundary
/// of their own: a Kata pod's virtual machine, a gVisor sandbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Boundary {
    /// What the boundary is, for the diagram.
    pub label: Msg,
    /// One sentence on what crossing it means.
    pub note: Msg,
    /// The components inside it.
    pub members: Vec<Component>,
}

impl Topology {
    /// The isolation boundaries of this node, each around the components it
    /// holds (only those the node has).
    pub fn boundaries(&self) -> Vec<Boundary> {
        boundaries_among(|c| self.contains(c))
    }
}

/// The isolation boundaries around whichever of their components `has`
/// (a node's topology, or the components a trace uses).
pub fn boundaries_among(has: impl Fn(Component) -> bool) -> Vec<Boundary> {
    let all = [
        Boundary {
            label: msg!("topo-boundary-kata-vm"),
            note: msg!("topo-boundary-kata-vm-note"),
            members: vec![Component::KataAgent, Component::GuestKernel],
        },
        Boundary {
            label: msg!("topo-boundary-gvisor-sandbox"),
            note: msg!("topo-boundary-gvisor-sandbox-note"),
            members: vec![Component::RunscSandbox, Component::RunscGofer],
        },
    ];
    all.into_iter()
        .filter_map(|mut b| {
            b.members.retain(|c| has(*c));
            (!b.members.is_empty()).then_some(b)
        })
        .collect()
}

/// The OCI runtime binary that runs containers under this configuration.
pub fn oci_binary(config: &Config) -> Component {
    match config.oci {
        Oci::Runc => Component::Runc,
        Oci::Crun => Component::Crun,
        // rustjail, inside the guest, is what creates and starts containers.
        Oci::Kata => Component::KataAgent,
        Oci::Gvisor => Component::Runsc,
    }
}

/// The OCI runtime Podman runs on this node (containers.conf's first found
/// of crun and runc: runc only where runc is the node's choice).
pub fn podman_oci(config: &Config) -> Component {
    match config.oci {
        Oci::Runc => Component::Runc,
        _ => Component::Crun,
    }
}

/// The component that serves CRI to the kubelet under this configuration.
pub fn cri_server(config: &Config) -> Component {
    match config.runtime {
        Runtime::Containerd17 | Runtime::Containerd2 => Component::ContainerdCri,
        Runtime::CriO => Component::CriO,
        Runtime::Dockershim => Component::Dockershim,
        Runtime::CriDockerd => Component::CriDockerd,
        // No CRI on a Podman host: nothing answers crictl.
        Runtime::Podman => Component::Podman,
    }
}

/// The containerd shim that owns a pod's tasks under this configuration
/// (Docker Engine's containers go through containerd-shim-runc-v2).
pub fn task_shim(config: &Config) -> Component {
    match config.oci {
        Oci::Kata => Component::ShimKataV2,
        Oci::Gvisor if config.runtime.is_containerd_cri() => Component::ShimRunscV1,
        _ => Component::ShimRuncV2,
    }
}

/// Where an OCI runtime keeps its containers' state (`--root`), as its caller
/// passes it: CRI-O's conmon uses the runtime's own default (`/run/runc`,
/// `/run/crun`); containerd's shims use one directory per containerd
/// namespace, dockerd's (namespace `moby`) its own.
pub fn oci_root(caller: Component, binary: Component, ns: &str) -> String {
    match (caller, binary) {
        (Component::Conmon | Component::Podman, Component::Crun) => "/run/crun".to_string(),
        // CRI-O's runtime_root for a `runsc` handler (gVisor's CRI-O guide;
        // [unverified] as CRI-O's default).
        (Component::Conmon, Component::Runsc) => "/run/runsc".to_string(),
        // containerd-shim-runsc-v1: proc.RunscRoot joined with the namespace.
        (Component::ShimRunscV1, _) => format!("/run/containerd/runsc/{ns}"),
        (Component::Conmon | Component::Podman, _) => "/run/runc".to_string(),
        _ if ns == "moby" => "/var/run/docker/runtime-runc/moby".to_string(),
        _ => format!("/run/containerd/runc/{ns}"),
    }
}

/// What a person calls a component in a sentence ("refused by …").
pub fn name(c: Component) -> &'static str {
    match c {
        Component::ContainerdCri => "containerd's CRI plugin",
        Component::CriO => "CRI-O",
        Component::Dockerd => "Docker Engine",
        other => other.id(),
    }
}

/// [`name`] as a message, for sentences in the reader's language
/// (`topo-name-…`; a bare program name otherwise).
pub fn name_msg(c: Component) -> Msg {
    match c {
        Component::ContainerdCri => msg!("topo-name-containerd-cri"),
        Component::Dockerd => msg!("topo-name-dockerd"),
        other => msg!("topo-name", name = other.id()),
    }
}

/// The shim (or monitor) that supervises pod containers under this configuration.
pub fn pod_shim(config: &Config) -> Component {
    match (config.runtime, config.oci) {
        (Runtime::CriO, Oci::Kata) => Component::ShimKataV2,
        (Runtime::CriO | Runtime::Podman, _) => Component::Conmon,
        (_, Oci::Kata) => Component::ShimKataV2,
        (_, Oci::Gvisor) => Component::ShimRunscV1,
        _ => Component::ShimRuncV2,
    }
}

/// What gVisor's runsc does for a caller (reference §3): the caller execs
/// `runsc` per verb; `runsc create` execs the gofer and the Sentry
/// (`runsc-sandbox`) and every later verb is a urpc call to the Sentry; the
/// workload's syscalls go to the Sentry, and only the Sentry's filtered few
/// (and the gofer's) reach the host kernel. No runc-init, no exec of the
/// workload on the host.
fn gvisor_edges(e: &mut Vec<(Component, Component, Iface)>, caller: Component) {
    use Component::*;
    use Iface as I;
    e.extend([
        (caller, Runsc, I::OciCli),
        (Runsc, Runsc, I::InProcess),
        (Runsc, Kernel, I::Syscall),
        (Runsc, Kernel, I::Cgroupfs),
        (Runsc, RunscGofer, I::Exec),
        (Runsc, RunscSandbox, I::Exec),
        (Runsc, RunscSandbox, I::Urpc),
        (RunscGofer, Kernel, I::Syscall),
        (RunscSandbox, Kernel, I::Syscall),
        (RunscSandbox, Container, I::Exec),
        (RunscSandbox, Container, I::Syscall),
        (Container, RunscSandbox, I::Syscall),
    ]);
}

/// What Podman does on a host (reference SANDBOXED-AND-PODMAN.md §4): the
/// `podman` binary (libpod, libimage, containers/storage and its SQLite
/// state in-process), netavark or pasta for the network, one conmon per
/// container running the OCI runtime, and conmon's exit command calling
/// `podman container cleanup` back.
fn podman_edges(e: &mut Vec<(Component, Component, Iface)>, oci: Component) {
    use Component::*;
    use Iface as I;
    e.extend([
        (User, Podman, I::Exec),
        (Podman, Podman, I::InProcess),
        (Podman, Registry, I::Registry),
        (Podman, AuthServer, I::Registry),
        (Podman, Kernel, I::Syscall),
        (Podman, Kernel, I::Cgroupfs),
        // newuidmap/newgidmap for a rootless user namespace.
        (Podman, Kernel, I::Exec),
        (Podman, Netavark, I::Exec),
        (Netavark, Kernel, I::Syscall),
        (Netavark, AardvarkDns, I::Exec),
        (AardvarkDns, Kernel, I::Syscall),
        (Podman, Pasta, I::Exec),
        (Pasta, Kernel, I::Syscall),
        (Podman, Conmon, I::Exec),
        (Conmon, Conmon, I::InProcess),
        (Conmon, Kernel, I::Syscall),
        (Conmon, Kernel, I::Cgroupfs),
        (Kernel, Conmon, I::Syscall),
        // conmon's exit command: `podman … container cleanup`.
        (Conmon, Podman, I::Exec),
        // podman runs the runtime's start, kill and delete itself.
        (Podman, oci, I::OciCli),
        // The rootless pause process execs catatonit -P; so does a pod's
        // infra container.
        (Podman, Catatonit, I::Exec),
        (Catatonit, Kernel, I::Syscall),
        (Kernel, Catatonit, I::Syscall),
    ]);
    if oci == Runc {
        e.push((RuncInit, Catatonit, I::Exec));
    } else {
        e.push((oci, Catatonit, I::Exec));
    }
}

/// Every edge of the node for a configuration.
fn edges(config: &Config) -> Vec<(Component, Component, Iface)> {
    use Component::*;
    use Iface as I;
    let mut e = vec![
        // Control plane.
        (Kubectl, KubeApiserver, I::K8sApi),
        (KubeApiserver, Etcd, I::Etcd),
        (KubeScheduler, KubeApiserver, I::K8sApi),
        (Kubelet, KubeApiserver, I::K8sApi),
        (KubeApiserver, Kubelet, I::K8sApi),
        (Kubelet, Kubelet, I::InProcess),
        (Kubelet, Kernel, I::Cgroupfs),
        (Kubelet, Kernel, I::Syscall),
        // Admission plugins; the kubelet's mount(8) for tmpfs-backed volumes.
        (KubeApiserver, KubeApiserver, I::InProcess),
        (Kubelet, Kernel, I::Exec),
        // The workload and the kernel.
        (Container, Kernel, I::Syscall),
        (Kernel, Container, I::Syscall),
    ];
    let oci = oci_binary(config);
    let shim = pod_shim(config);

    // Low-level runtime: create/start/kill/delete/exec and what they do.
    let low_level = |e: &mut Vec<_>, caller: Component, bin: Component| {
        e.push((caller, bin, I::OciCli));
        e.push((bin, Kernel, I::Syscall));
        e.push((bin, Kernel, I::Cgroupfs));
        e.push((bin, bin, I::InProcess));
        if bin == Runc {
            e.push((Runc, RuncInit, I::Exec));
            e.push((RuncInit, Kernel, I::Syscall));
            e.push((RuncInit, RuncInit, I::InProcess));
            e.push((Runc, Kernel, I::Exec));
        } else {
            e.push((bin, Kernel, I::Exec));
        }
    };

    // Kata's shim: the VM it starts and the agent inside (reference §1).
    let kata = |e: &mut Vec<_>| {
        e.extend([
            (ShimKataV2, ShimKataV2, I::Exec),
            (ShimKataV2, ShimKataV2, I::InProcess),
            (ShimKataV2, Kernel, I::Syscall),
            (ShimKataV2, Kernel, I::Cgroupfs),
            (ShimKataV2, Virtiofsd, I::Exec),
            (ShimKataV2, Qemu, I::Exec),
            (ShimKataV2, Qemu, I::VmmApi),
            (ShimKataV2, KataAgent, I::Ttrpc),
            (Virtiofsd, Kernel, I::Syscall),
            (Qemu, Kernel, I::Syscall),
            (Qemu, GuestKernel, I::Exec),
            (GuestKernel, KataAgent, I::Exec),
            (GuestKernel, KataAgent, I::Syscall),
            (KataAgent, KataAgent, I::Exec),
            (KataAgent, GuestKernel, I::Syscall),
            (KataAgent, GuestKernel, I::Cgroupfs),
            (Container, GuestKernel, I::Syscall),
            (GuestKernel, Container, I::Syscall),
        ]);
    };
    if config.runtime == Runtime::Podman {
        // A host with Podman and no Kubernetes: no control plane, no
        // kubelet, no containerd, no CRI.
        let mut e = vec![
            (Container, Kernel, I::Syscall),
            (Kernel, Container, I::Syscall),
        ];
        podman_edges(&mut e, oci);
        low_level(&mut e, Conmon, oci);
        low_level(&mut e, User, Runc);
        if oci == Crun {
            low_level(&mut e, User, Crun);
        }
        return e;
    }

    if config.runtime.has_containerd() {
        // containerd itself: the parts and the shims it starts.
        e.extend([
            (Ctr, Containerd, I::ContainerdApi),
            (Ctr, ContainerdImages, I::ContainerdApi),
            (Ctr, ContainerdContent, I::ContainerdApi),
            (Ctr, ContainerdSnapshotter, I::ContainerdApi),
            (Ctr, ContainerdTasks, I::ContainerdApi),
            (Ctr, ContainerdEvents, I::ContainerdApi),
            (Ctr, Registry, I::Registry),
            (Ctr, AuthServer, I::Registry),
            (Nerdctl, Containerd, I::ContainerdApi),
            (Nerdctl, ContainerdImages, I::ContainerdApi),
            (Nerdctl, ContainerdContent, I::ContainerdApi),
            (Nerdctl, ContainerdSnapshotter, I::ContainerdApi),
            (Nerdctl, ContainerdTasks, I::ContainerdApi),
            (Nerdctl, Registry, I::Registry),
            (Nerdctl, AuthServer, I::Registry),
            (Nerdctl, Cni, I::Cni),
            (Containerd, Containerd, I::InProcess),
            (Containerd, ContainerdContent, I::InProcess),
            (Containerd, ContainerdImages, I::InProcess),
            (Containerd, ContainerdSnapshotter, I::InProcess),
            (Containerd, Registry, I::Registry),
            (Containerd, AuthServer, I::Registry),
            (Containerd, Kernel, I::Syscall),
            (ContainerdSnapshotter, Kernel, I::Syscall),
            (ContainerdTasks, ContainerdTasks, I::InProcess),
            (ContainerdTasks, Containerd, I::InProcess),
            (ContainerdEvents, ContainerdEvents, I::InProcess),
            // `systemctl restart containerd`: systemd signals and starts the daemon.
            (User, Kernel, I::Syscall),
            (User, Kernel, I::Exec),
        ]);
        let shims: &[Component] = if config.runtime.is_containerd_cri() {
            match config.oci {
                Oci::Kata => &[ShimRuncV2, ShimKataV2],
                Oci::Gvisor => &[ShimRuncV2, ShimRunscV1],
                _ => &[ShimRuncV2],
            }
        } else {
            &[ShimRuncV2]
        };
        for &s in shims {
            e.extend([
                (ContainerdTasks, s, I::Exec),
                (ContainerdTasks, s, I::Ttrpc),
                (s, ContainerdEvents, I::Ttrpc),
                (s, Kernel, I::Syscall),
                (s, Kernel, I::Cgroupfs),
                (s, s, I::InProcess),
                (Kernel, s, I::Syscall),
            ]);
            match s {
                ShimRuncV2 => {
                    // ctr, nerdctl and docker containers use the node's default runtime
                    // binary; pods may use another through a handler.
                    let bin = if matches!(config.oci, Oci::Crun) {
                        Crun
                    } else {
                        Runc
                    };
                    low_level(&mut e, ShimRuncV2, bin);
                }
                ShimRunscV1 => gvisor_edges(&mut e, ShimRunscV1),
                ShimKataV2 => kata(&mut e),
                _ => {}
            }
        }
        // ctr run --runc-binary, and nerdctl's CNI from OCI hooks.
        e.push((Runc, Nerdctl, I::Exec));
        if matches!(config.oci, Oci::Crun) {
            e.push((Crun, Nerdctl, I::Exec));
        }
    }

    match config.runtime {
        Runtime::Containerd17 | Runtime::Containerd2 => {
            e.extend([
                (Kubelet, ContainerdCri, I::Cri),
                (Crictl, ContainerdCri, I::Cri),
                (ContainerdCri, ContainerdCri, I::InProcess),
                (ContainerdCri, Containerd, I::InProcess),
                (ContainerdCri, ContainerdImages, I::InProcess),
                (ContainerdCri, ContainerdContent, I::InProcess),
                (ContainerdCri, ContainerdSnapshotter, I::InProcess),
                (ContainerdCri, ContainerdTasks, I::InProcess),
                (ContainerdCri, Registry, I::Registry),
                (ContainerdCri, AuthServer, I::Registry),
                (ContainerdCri, Cni, I::Cni),
                (ContainerdCri, Kernel, I::Syscall),
                (ContainerdEvents, ContainerdCri, I::InProcess),
                (Cni, Kernel, I::Syscall),
            ]);
        }
        Runtime::CriO => {
            e.extend([
                (Kubelet, CriO, I::Cri),
                (Crictl, CriO, I::Cri),
                (CriO, CriO, I::InProcess),
                (CriO, Registry, I::Registry),
                (CriO, AuthServer, I::Registry),
                (CriO, Pinns, I::Exec),
                (Pinns, Kernel, I::Syscall),
                (CriO, Cni, I::Cni),
                (Cni, Kernel, I::Syscall),
                (CriO, Kernel, I::Syscall),
                (CriO, Kernel, I::Cgroupfs),
                (Kernel, CriO, I::Syscall),
            ]);
            if shim == Conmon {
                e.extend([
                    (CriO, Conmon, I::Exec),
                    (Conmon, Kernel, I::Syscall),
                    (Conmon, Kernel, I::Cgroupfs),
                    (Conmon, Conmon, I::InProcess),
                    (Kernel, Conmon, I::Syscall),
                ]);
                if oci == Runsc {
                    gvisor_edges(&mut e, Conmon);
                } else {
                    low_level(&mut e, Conmon, oci);
                }
                e.push((CriO, oci, I::OciCli));
            } else {
                e.extend([(CriO, ShimKataV2, I::Exec), (CriO, ShimKataV2, I::Ttrpc)]);
                kata(&mut e);
            }
            // Podman shares containers/storage (and conmon) with CRI-O; its
            // own runtime is crun or runc whatever the pods' handler is.
            let p = podman_oci(config);
            podman_edges(&mut e, p);
            if p != oci {
                low_level(&mut e, Conmon, p);
            }
        }
        Runtime::Podman => {}
        Runtime::Dockershim | Runtime::CriDockerd => {
            let front = if config.runtime == Runtime::Dockershim {
                Dockershim
            } else {
                CriDockerd
            };
            e.extend([
                (Kubelet, front, I::Cri),
                (Crictl, front, I::Cri),
                (front, front, I::InProcess),
                (front, Dockerd, I::DockerApi),
                (front, Cni, I::Cni),
                (Cni, Kernel, I::Syscall),
            ]);
        }
    }

    if config.runtime.has_docker() {
        e.extend([
            (Docker, Dockerd, I::DockerApi),
            (Dockerd, Dockerd, I::InProcess),
            (Dockerd, Registry, I::Registry),
            (Dockerd, AuthServer, I::Registry),
            (Dockerd, Containerd, I::ContainerdApi),
            (Dockerd, ContainerdTasks, I::ContainerdApi),
            (Dockerd, ContainerdEvents, I::ContainerdApi),
            (ContainerdEvents, Dockerd, I::ContainerdApi),
            (Dockerd, DockerProxy, I::Exec),
            (DockerProxy, Kernel, I::Syscall),
            (Dockerd, Kernel, I::Syscall),
            (DockerInit, Container, I::Exec),
            (DockerInit, Kernel, I::Syscall),
            (Kernel, DockerInit, I::Syscall),
        ]);
        // docker run --init: the init process is docker-init.
        let bin = if matches!(config.oci, Oci::Crun) {
            Crun
        } else {
            RuncInit
        };
        e.push((bin, DockerInit, I::Exec));
        // `docker run --runtime=runsc`: runsc installed as a Docker runtime
        // (`runsc install`), driven by containerd-shim-runc-v2 (BinaryName).
        gvisor_edges(&mut e, ShimRuncV2);
    }

    // The standalone runtime at a shell (`runc run`, `crun run`).
    low_level(&mut e, User, Runc);
    if matches!(config.oci, Oci::Crun) {
        low_level(&mut e, User, Crun);
    }
    e
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::K8sVersion;

    fn cfg(k8s: u8, runtime: Runtime, oci: Oci) -> Config {
        Config {
            k8s: K8sVersion(k8s),
            runtime,
            oci,
        }
    }

    #[test]
    fn default_has_the_containerd_path() {
        let t = Topology::new(&Config::default());
        assert!(t.has_edge(Component::Kubelet, Component::ContainerdCri, Iface::Cri));
        assert!(t.has_edge(
            Component::ContainerdTasks,
            Component::ShimRuncV2,
            Iface::Ttrpc
        ));
        assert!(t.has_edge(Component::ShimRuncV2, Component::Runc, Iface::OciCli));
        assert!(!t.contains(Component::Dockershim));
        assert!(!t.contains(Component::CriO));
        assert!(!t.contains(Component::Crun), "a runc node has no crun");
    }

    #[test]
    fn dockershim_only_up_to_123() {
        let t = Topology::new(&cfg(23, Runtime::Dockershim, Oci::Runc));
        assert!(t.has_edge(Component::Kubelet, Component::Dockershim, Iface::Cri));
        let t = Topology::new(&cfg(24, Runtime::CriDockerd, Oci::Runc));
        assert!(!t.contains(Component::Dockershim));
        assert!(t.has_edge(Component::Kubelet, Component::CriDockerd, Iface::Cri));
    }

    #[test]
    fn crio_uses_conmon_and_pinns() {
        let t = Topology::new(&cfg(28, Runtime::CriO, Oci::Runc));
        assert!(t.has_edge(Component::CriO, Component::Conmon, Iface::Exec));
        assert!(t.has_edge(Component::Conmon, Component::Runc, Iface::OciCli));
        assert!(t.has_edge(Component::CriO, Component::Pinns, Iface::Exec));
        assert!(!t.contains(Component::ShimRuncV2));
    }

    #[test]
    fn podman_host_has_no_kubernetes() {
        let t = Topology::new(&cfg(28, Runtime::Podman, Oci::Crun));
        assert!(t.has_edge(Component::User, Component::Podman, Iface::Exec));
        assert!(t.has_edge(Component::Podman, Component::Conmon, Iface::Exec));
        assert!(t.has_edge(Component::Conmon, Component::Crun, Iface::OciCli));
        assert!(t.has_edge(Component::Podman, Component::Crun, Iface::OciCli));
        assert!(t.has_edge(Component::Conmon, Component::Podman, Iface::Exec));
        assert!(t.has_edge(Component::Podman, Component::Netavark, Iface::Exec));
        assert!(t.has_edge(Component::Podman, Component::Pasta, Iface::Exec));
        for c in [
            Component::Kubelet,
            Component::Kubectl,
            Component::KubeApiserver,
            Component::Containerd,
            Component::CriO,
        ] {
            assert!(!t.contains(c), "{c:?} on a Podman host");
        }
    }

    #[test]
    fn descriptions_tiers_and_boundaries_speak_both_languages() {
        use crate::message::{Catalog, Lang};
        let (en, ko) = (Catalog::english(), Catalog::builtin(Lang::Ko));
        for c in Component::ALL {
            let id = describe(*c).id;
            assert!(en.has(&id) && ko.has(&id), "{c:?}: {id}");
        }
        for t in Tier::ALL {
            assert!(ko.has(&t.label().id), "{t:?}");
        }
        assert_eq!(
            ko.render(&describe(Component::DockerProxy)),
            "docker-proxy: 게시한 포트(-p)를 위한 사용자 공간 포트 포워더이다. \
             호스트 포트로 들어온 연결을 컨테이너로 넘겨준다."
        );
        assert_eq!(ko.render(&Tier::Shim.label()), "심과 보조 프로그램");
        assert_eq!(
            ko.render(&name_msg(Component::ContainerdCri)),
            "containerd의 CRI 플러그인"
        );
        assert_eq!(ko.render(&name_msg(Component::Conmon)), "conmon");
        let b = boundaries_among(|_| true);
        assert_eq!(en.render(&b[0].label), "Kata VM");
        assert_eq!(ko.render(&b[1].label), "gVisor 샌드박스");
    }

    #[test]
    fn tiers_cover_every_component_once() {
        for r in Runtime::ALL {
            let c = cfg(if r == Runtime::Dockershim { 22 } else { 28 }, r, Oci::Runc);
            let t = Topology::new(&c);
            let n: usize = t.tiers().iter().map(|(_, v)| v.len()).sum();
            assert_eq!(n, t.components().len());
        }
    }
}
