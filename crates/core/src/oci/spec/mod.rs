//! Builders for the `config.json` files that real tools write.
//!
//! * [`runc_default`] / [`runc_rootless`]: exactly what `runc spec` (and
//!   `runc spec --rootless`) writes; the shipped copies under `assets/oci/` are
//!   the reference outputs recorded from runc 1.1.
//! * [`containerd_default`]: what `ctr run` gets from containerd's
//!   `oci.WithDefaultSpec()` + `WithDefaultUnixDevices` + the image config
//!   (containerd 1.7, `pkg/oci/spec.go`, `mounts.go`, `spec_opts.go`).
//! * [`cri_sandbox`] / [`cri_container`]: what containerd's CRI plugin generates
//!   for the pause container and for an app container of a pod (containerd 1.7,
//!   `pkg/cri/server/sandbox_run_linux.go`, `container_create_linux.go`,
//!   `pkg/cri/opts/spec_linux.go`).
//! * [`crio_container`]: what CRI-O generates for an app container of a pod
//!   (CRI-O 1.28, `server/container_create_linux.go`): runtime-tools' default
//!   mounts, the pod's files from the sandbox's `userdata` directory, then the
//!   kubelet's mounts.
//! * [`docker`]: what dockerd's `createSpec` produces (moby `daemon/oci_linux.go`,
//!   `daemon/pkg/oci/defaults.go`), including `docker run --init` and the
//!   containers dockershim and cri-dockerd create for a pod.
//!
//! Where each runtime keeps a pod's `hostname`, `hosts`, `resolv.conf` and
//! `/dev/shm` on the host is in [`sandbox_files`]; the mounts the kubelet
//! sends in `CreateContainer` are [`CriMount`]s, which each builder turns
//! into `config.json` mounts its own way and in its own order.
//!
//! What the engine knows about a container goes in [`ContainerParams`]; what
//! each daemon adds on its own (default mounts, capabilities, masked paths,
//! annotations) is added by the builder. Maps in the output are filled in a
//! stable order, but note that `oci_spec` keeps annotations, sysctls and
//! capability sets in hash containers: compare specs with `==`, not by their
//! serialised text.

mod containerd;
mod cri;
mod crio;
mod docker;
mod parts;
mod runc;
pub mod sandbox_files;

pub use containerd::{
    containerd_default, CONTAINERD_17_CAPS, CONTAINERD_2_CAPS, CONTAINERD_MASKED_PATHS,
};
pub use cri::{cri_container, cri_sandbox, KUBELET_MASKED_PATHS};
pub use crio::crio_container;
pub use docker::{
    docker, DOCKER_CAPS, DOCKER_INIT_HOST_PATH, DOCKER_INIT_PATH, DOCKER_MASKED_PATHS,
};
pub use runc::{runc_default, runc_rootless, RUNC_DEFAULT_JSON, RUNC_ROOTLESS_JSON};

use litemap::LiteMap;
use oci_spec::runtime::{LinuxNamespace, LinuxNamespaceType, LinuxSeccomp};
use std::path::PathBuf;

/// The default `PATH` every daemon puts in a container's environment.
pub const DEFAULT_PATH_ENV: &str =
    "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

/// The read-only paths containerd, kubelet and Docker all use.
pub const DEFAULT_READONLY_PATHS: &[&str] = &[
    "/proc/bus",
    "/proc/fs",
    "/proc/irq",
    "/proc/sys",
    "/proc/sysrq-trigger",
];

/// How a container gets one kind of namespace.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub enum NsMode {
    /// A fresh namespace: the entry has no `path`, the runtime unshares it.
    #[default]
    New,
    /// Join an existing namespace through its file, e.g. `/proc/1234/ns/net`
    /// or `/var/run/netns/cni-…`.
    Join(String),
    /// Stay in the runtime's (host's) namespace: no entry at all.
    Host,
}

/// For every namespace type, whether the container gets a new one, joins one
/// by path, or stays in the host's.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct NamespacePlan {
    /// PID namespace.
    pub pid: NsMode,
    /// Network namespace.
    pub network: NsMode,
    /// IPC namespace.
    pub ipc: NsMode,
    /// UTS (hostname) namespace.
    pub uts: NsMode,
    /// Mount namespace.
    pub mount: NsMode,
    /// User namespace.
    pub user: NsMode,
    /// Cgroup namespace (containerd CRI and Docker make one on cgroup v2 hosts).
    pub cgroup: NsMode,
    /// Time namespace.
    pub time: NsMode,
}

impl Default for NamespacePlan {
    /// pid, network, ipc, uts and mount new; user, cgroup and time from the host.
    fn default() -> Self {
        NamespacePlan {
            pid: NsMode::New,
            network: NsMode::New,
            ipc: NsMode::New,
            uts: NsMode::New,
            mount: NsMode::New,
            user: NsMode::Host,
            cgroup: NsMode::Host,
            time: NsMode::Host,
        }
    }
}

impl NamespacePlan {
    /// Every namespace from the host.
    pub fn host() -> Self {
        NamespacePlan {
            pid: NsMode::Host,
            network: NsMode::Host,
            ipc: NsMode::Host,
            uts: NsMode::Host,
            mount: NsMode::Host,
            user: NsMode::Host,
            cgroup: NsMode::Host,
            time: NsMode::Host,
        }
    }

    /// The mode of one namespace type.
    pub fn get(&self, t: LinuxNamespaceType) -> &NsMode {
        match t {
            LinuxNamespaceType::Pid => &self.pid,
            LinuxNamespaceType::Network => &self.network,
            LinuxNamespaceType::Ipc => &self.ipc,
            LinuxNamespaceType::Uts => &self.uts,
            LinuxNamespaceType::Mount => &self.mount,
            LinuxNamespaceType::User => &self.user,
            LinuxNamespaceType::Cgroup => &self.cgroup,
            LinuxNamespaceType::Time => &self.time,
        }
    }

    /// Sets the mode of one namespace type.
    pub fn set(&mut self, t: LinuxNamespaceType, mode: NsMode) -> &mut Self {
        let slot = match t {
            LinuxNamespaceType::Pid => &mut self.pid,
            LinuxNamespaceType::Network => &mut self.network,
            LinuxNamespaceType::Ipc => &mut self.ipc,
            LinuxNamespaceType::Uts => &mut self.uts,
            LinuxNamespaceType::Mount => &mut self.mount,
            LinuxNamespaceType::User => &mut self.user,
            LinuxNamespaceType::Cgroup => &mut self.cgroup,
            LinuxNamespaceType::Time => &mut self.time,
        };
        *slot = mode;
        self
    }

    /// The `linux.namespaces` list: types in `order` first (the daemon's own
    /// order), then user, cgroup and time as the daemons append them. `Host`
    /// entries are left out.
    pub fn to_spec(&self, order: &[LinuxNamespaceType]) -> Vec<LinuxNamespace> {
        const APPENDED: [LinuxNamespaceType; 8] = [
            LinuxNamespaceType::User,
            LinuxNamespaceType::Cgroup,
            LinuxNamespaceType::Time,
            LinuxNamespaceType::Pid,
            LinuxNamespaceType::Network,
            LinuxNamespaceType::Ipc,
            LinuxNamespaceType::Uts,
            LinuxNamespaceType::Mount,
        ];
        let mut out = Vec::with_capacity(8);
        for &t in order.iter().chain(APPENDED.iter()) {
            if out.iter().any(|n: &LinuxNamespace| n.typ() == t) {
                continue;
            }
            match self.get(t) {
                NsMode::Host => {}
                NsMode::New => out.push(namespace(t, None)),
                NsMode::Join(p) => out.push(namespace(t, Some(p))),
            }
        }
        out
    }
}

/// A mount the engine adds (a volume, a secret, a socket…).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct MountSpec {
    /// Absolute path inside the container.
    pub destination: String,
    /// Host path, or a filesystem name such as `tmpfs`.
    pub source: String,
    /// Filesystem type (`bind`, `tmpfs`, …).
    pub typ: String,
    /// Options, as in `config.json` (`rbind`, `ro`, `nosuid`, `mode=755`…).
    pub options: Vec<String>,
}

impl MountSpec {
    /// A bind mount of `source` at `destination` (`rbind` plus `ro` or `rw`).
    pub fn bind(source: &str, destination: &str, readonly: bool) -> Self {
        MountSpec {
            destination: destination.to_string(),
            source: source.to_string(),
            typ: "bind".to_string(),
            options: vec![
                "rbind".to_string(),
                if readonly { "ro" } else { "rw" }.to_string(),
            ],
        }
    }
}

/// One mount of a CRI `CreateContainerRequest` (`runtime.v1.Mount`): what
/// the kubelet asks for (volumes, its `/etc/hosts`, the termination-message
/// file). Private propagation, as the kubelet sends it by default.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CriMount {
    /// `container_path`.
    pub container_path: String,
    /// `host_path`.
    pub host_path: String,
    /// `readonly`.
    pub readonly: bool,
    /// `selinux_relabel` (the kubelet asks it for managed volumes and its
    /// `/etc/hosts`; a no-op on a node without SELinux).
    pub selinux_relabel: bool,
}

impl CriMount {
    /// A mount of `host_path` at `container_path`.
    pub fn new(host_path: &str, container_path: &str, readonly: bool, relabel: bool) -> Self {
        CriMount {
            container_path: container_path.to_string(),
            host_path: host_path.to_string(),
            readonly,
            selinux_relabel: relabel,
        }
    }
}

/// One hook program.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct HookSpec {
    /// Absolute path of the program on the host.
    pub path: String,
    /// Its argv, `args[0]` included.
    pub args: Vec<String>,
    /// Its environment.
    pub env: Vec<String>,
    /// Seconds before the runtime kills it.
    pub timeout: Option<i64>,
}

/// Hooks of every kind, each in the order they must run.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct HookSet {
    /// `prestart` (deprecated): runtime namespace, during `create`.
    pub prestart: Vec<HookSpec>,
    /// `createRuntime`: runtime namespace, during `create`.
    pub create_runtime: Vec<HookSpec>,
    /// `createContainer`: container namespace, during `create`, before `pivot_root`.
    pub create_container: Vec<HookSpec>,
    /// `startContainer`: container namespace, during `start`, before the program.
    pub start_container: Vec<HookSpec>,
    /// `poststart`: runtime namespace, after the program started.
    pub poststart: Vec<HookSpec>,
    /// `poststop`: runtime namespace, during `delete`.
    pub poststop: Vec<HookSpec>,
}

impl HookSet {
    /// Whether there is no hook at all.
    pub fn is_empty(&self) -> bool {
        self.prestart.is_empty()
            && self.create_runtime.is_empty()
            && self.create_container.is_empty()
            && self.start_container.is_empty()
            && self.poststart.is_empty()
            && self.poststop.is_empty()
    }
}

/// One uid or gid mapping of a user namespace.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct IdMap {
    /// First id inside the container.
    pub container_id: u32,
    /// First id on the host.
    pub host_id: u32,
    /// How many ids.
    pub size: u32,
}

/// What the engine knows about a container it is about to create.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContainerParams {
    /// Container id (used for cgroup paths, CRI sandbox directories, Docker's hostname).
    pub id: String,
    /// `process.args`: entrypoint and command, already merged.
    pub args: Vec<String>,
    /// Environment, image env first then the user's (later entries replace earlier ones).
    pub env: Vec<String>,
    /// Working directory.
    pub cwd: String,
    /// Hostname, if the daemon sets one.
    pub hostname: Option<String>,
    /// `linux.cgroupsPath`; `None` lets each builder use its daemon's default.
    pub cgroups_path: Option<String>,
    /// Memory limit in bytes.
    pub memory_limit: Option<i64>,
    /// CPU shares (cgroup v1 units; runc converts them to `cpu.weight` on v2).
    pub cpu_shares: Option<u64>,
    /// CPU quota in microseconds per period.
    pub cpu_quota: Option<i64>,
    /// CPU period in microseconds (100000 when a quota is set without one).
    pub cpu_period: Option<u64>,
    /// Maximum number of pids.
    pub pids_limit: Option<i64>,
    /// Extra mounts, after the daemon's own.
    pub mounts: Vec<MountSpec>,
    /// Which namespaces are new, joined or the host's.
    pub namespaces: NamespacePlan,
    /// uid mappings for a new user namespace.
    pub uid_mappings: Vec<IdMap>,
    /// gid mappings for a new user namespace.
    pub gid_mappings: Vec<IdMap>,
    /// `root.readonly`.
    pub readonly_rootfs: bool,
    /// `root.path` (relative to the bundle, or absolute).
    pub rootfs: String,
    /// Hooks.
    pub hooks: HookSet,
    /// Annotations (the builder adds its daemon's own).
    pub annotations: LiteMap<String, String>,
    /// `process.terminal`.
    pub terminal: bool,
    /// `process.user.uid`.
    pub uid: u32,
    /// `process.user.gid`.
    pub gid: u32,
    /// `process.user.additionalGids`.
    pub additional_gids: Vec<u32>,
    /// `linux.sysctl`.
    pub sysctls: LiteMap<String, String>,
    /// `process.oomScoreAdj` (CRI uses -998 for the pause container when unset).
    pub oom_score_adj: Option<i32>,
    /// `process.noNewPrivileges` when the caller decides it; `None` keeps the
    /// daemon's default (containerd: true for `ctr run` and the pause
    /// container, false for CRI app containers; Docker: false).
    pub no_new_privileges: Option<bool>,
    /// A seccomp profile (daemons' default profiles are not embedded here).
    pub seccomp: Option<LinuxSeccomp>,
    /// An AppArmor profile name.
    pub apparmor_profile: Option<String>,
    /// The pod sandbox id, for CRI containers: whose files (hostname, hosts,
    /// resolv.conf, shm) the container gets.
    pub sandbox_id: Option<String>,
    /// The mounts of the CRI `CreateContainer` request (the kubelet's).
    pub cri_mounts: Vec<CriMount>,
    /// `docker run --init`.
    pub init: bool,
}

impl Default for ContainerParams {
    fn default() -> Self {
        ContainerParams {
            id: "demo".to_string(),
            args: vec!["sh".to_string()],
            env: Vec::new(),
            cwd: "/".to_string(),
            hostname: None,
            cgroups_path: None,
            memory_limit: None,
            cpu_shares: None,
            cpu_quota: None,
            cpu_period: None,
            pids_limit: None,
            mounts: Vec::new(),
            namespaces: NamespacePlan::default(),
            uid_mappings: Vec::new(),
            gid_mappings: Vec::new(),
            readonly_rootfs: false,
            rootfs: "rootfs".to_string(),
            hooks: HookSet::default(),
            annotations: LiteMap::new(),
            terminal: false,
            uid: 0,
            gid: 0,
            additional_gids: Vec::new(),
            sysctls: LiteMap::new(),
            oom_score_adj: None,
            no_new_privileges: None,
            seccomp: None,
            apparmor_profile: None,
            sandbox_id: None,
            cri_mounts: Vec::new(),
            init: false,
        }
    }
}

impl ContainerParams {
    /// Parameters for container `id` running `args`, everything else default.
    pub fn new(id: &str, args: &[&str]) -> Self {
        ContainerParams {
            id: id.to_string(),
            args: args.iter().map(|a| a.to_string()).collect(),
            ..ContainerParams::default()
        }
    }
}

/// One `linux.namespaces` entry: new without a path, joined with one.
fn namespace(t: LinuxNamespaceType, path: Option<&str>) -> LinuxNamespace {
    let mut n = LinuxNamespace::default();
    n.set_typ(t);
    n.set_path(path.map(PathBuf::from));
    n
}

#[cfg(test)]
mod tests;
