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
//! * [`docker`]: what dockerd's `createSpec` produces (moby `daemon/oci_linux.go`,
//!   `daemon/pkg/oci/defaults.go`), including `docker run --init`.
//!
//! What the engine knows about a container goes in [`ContainerParams`]; what
//! each daemon adds on its own (default mounts, capabilities, masked paths,
//! annotations) is added by the builder. Maps in the output are filled in a
//! stable order, but note that `oci_spec` keeps annotations, sysctls and
//! capability sets in hash containers: compare specs with `==`, not by their
//! serialised text.

use litemap::LiteMap;
use oci_spec::runtime::{
    Capabilities, Capability, Hook, Hooks, Linux, LinuxCapabilities, LinuxCpu, LinuxDeviceCgroup,
    LinuxDeviceType, LinuxIdMapping, LinuxIdMappingBuilder, LinuxMemory, LinuxNamespace,
    LinuxNamespaceType, LinuxPids, LinuxResources, LinuxSeccomp, Mount, PosixRlimit,
    PosixRlimitBuilder, PosixRlimitType, Process, Root, Spec, User,
};
use std::collections::HashMap;
use std::path::PathBuf;

/// `config.json` as written by `runc spec` (runc 1.1, `ociVersion` 1.0.2-dev).
pub const RUNC_DEFAULT_JSON: &str = include_str!("../../../../assets/oci/config.default.json");
/// `config.json` as written by `runc spec --rootless`.
pub const RUNC_ROOTLESS_JSON: &str =
    include_str!("../../../../assets/oci/config.rootless.default.json");

/// The default `PATH` every daemon puts in a container's environment.
pub const DEFAULT_PATH_ENV: &str =
    "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

/// Where dockerd finds `docker-init` (tini) on the host for `docker run --init`.
pub const DOCKER_INIT_HOST_PATH: &str = "/usr/bin/docker-init";
/// Where `docker run --init` bind-mounts it inside the container.
pub const DOCKER_INIT_PATH: &str = "/sbin/docker-init";

/// containerd 1.7's default capability set (`defaultUnixCaps`), used for
/// `ctr run` and, unchanged by CRI, for pods.
pub const CONTAINERD_17_CAPS: &[Capability] = &[
    Capability::Chown,
    Capability::DacOverride,
    Capability::Fsetid,
    Capability::Fowner,
    Capability::Mknod,
    Capability::NetRaw,
    Capability::Setgid,
    Capability::Setuid,
    Capability::Setfcap,
    Capability::Setpcap,
    Capability::NetBindService,
    Capability::SysChroot,
    Capability::Kill,
    Capability::AuditWrite,
];

/// containerd 2.0's default set: MKNOD, NET_RAW, SETFCAP, SYS_CHROOT and
/// AUDIT_WRITE were dropped.
pub const CONTAINERD_2_CAPS: &[Capability] = &[
    Capability::Chown,
    Capability::DacOverride,
    Capability::Fsetid,
    Capability::Fowner,
    Capability::Setgid,
    Capability::Setuid,
    Capability::Setpcap,
    Capability::NetBindService,
    Capability::Kill,
];

/// Docker's default capability set (moby `caps.DefaultCapabilities`).
pub const DOCKER_CAPS: &[Capability] = &[
    Capability::Chown,
    Capability::DacOverride,
    Capability::Fsetid,
    Capability::Fowner,
    Capability::Mknod,
    Capability::NetRaw,
    Capability::Setgid,
    Capability::Setuid,
    Capability::Setfcap,
    Capability::Setpcap,
    Capability::NetBindService,
    Capability::SysChroot,
    Capability::Kill,
    Capability::AuditWrite,
];

/// containerd's default masked paths (`populateDefaultUnixSpec`).
pub const CONTAINERD_MASKED_PATHS: &[&str] = &[
    "/proc/acpi",
    "/proc/asound",
    "/proc/kcore",
    "/proc/keys",
    "/proc/latency_stats",
    "/proc/timer_list",
    "/proc/timer_stats",
    "/proc/sched_debug",
    "/sys/firmware",
    "/sys/devices/virtual/powercap",
    "/proc/scsi",
];

/// The masked paths kubelet sends in every container's security context
/// (`pkg/securitycontext/util.go`, `procMount: Default`). containerd's CRI
/// plugin clears its own defaults and applies these.
pub const KUBELET_MASKED_PATHS: &[&str] = &[
    "/proc/asound",
    "/proc/acpi",
    "/proc/kcore",
    "/proc/keys",
    "/proc/latency_stats",
    "/proc/timer_list",
    "/proc/timer_stats",
    "/proc/sched_debug",
    "/proc/scsi",
    "/sys/firmware",
    "/sys/devices/virtual/powercap",
];

/// Docker's default masked paths (moby `defaultLinuxMaskedPaths`; dockerd also
/// masks `/sys/devices/system/cpu/cpu*/thermal_throttle` when the host has them,
/// which a host-independent builder leaves out).
pub const DOCKER_MASKED_PATHS: &[&str] = &[
    "/proc/acpi",
    "/proc/asound",
    "/proc/interrupts",
    "/proc/kcore",
    "/proc/keys",
    "/proc/latency_stats",
    "/proc/sched_debug",
    "/proc/scsi",
    "/proc/timer_list",
    "/proc/timer_stats",
    "/sys/devices/virtual/powercap",
    "/sys/firmware",
];

/// The read-only paths containerd, kubelet and Docker all use.
pub const DEFAULT_READONLY_PATHS: &[&str] = &[
    "/proc/bus",
    "/proc/fs",
    "/proc/irq",
    "/proc/sys",
    "/proc/sysrq-trigger",
];

/// Exactly what `runc spec` writes: equal to `assets/oci/config.default.json`
/// read with oci-spec (a test checks it). Built, not parsed, so that a build
/// of the engine without the `oci-json` feature (the browser app's) holds no
/// oci-spec deserializer at all.
pub fn runc_default() -> Spec {
    runc_spec(false)
}

/// Exactly what `runc spec --rootless` writes (uid/gid 0 mapped to the
/// invoking user, which the reference recorded as root); equal to
/// `assets/oci/config.rootless.default.json` read with oci-spec.
pub fn runc_rootless() -> Spec {
    runc_spec(true)
}

/// runc's `specconv.Example()`, and `ToRootless` for `--rootless`: no
/// network namespace, a user namespace mapping 0 to the caller, `/sys`
/// bind-mounted, no device rules, no `gid=5` on devpts.
fn runc_spec(rootless: bool) -> Spec {
    let mut s = blank_spec("1.0.2-dev");
    let set = [
        Capability::AuditWrite,
        Capability::Kill,
        Capability::NetBindService,
    ];
    let mut c = bpe_caps(&set);
    c.set_ambient(Some(caps(&set)));
    // uid and gid 0, cwd "/", rootfs "rootfs": the defaults.
    let p = ContainerParams {
        terminal: true,
        ..ContainerParams::new("", &["sh"])
    };
    let env = strings(&[DEFAULT_PATH_ENV, "TERM=xterm"]);
    let mut pr = process(&p, env, true, c);
    pr.set_rlimits(Some(vec![nofile_1024()]));
    s.set_process(Some(pr));
    s.set_root(Some(root(&p, true)));
    s.set_hostname(Some("runc".to_string()));
    let [dev, pts, shm, mqueue, sys] = dev_and_sys_mounts(rootless);
    s.set_mounts(Some(vec![
        mount("/proc", "proc", "proc", &[]),
        dev,
        pts,
        shm,
        mqueue,
        sys,
        mount(
            "/sys/fs/cgroup",
            "cgroup",
            "cgroup",
            &["nosuid", "noexec", "nodev", "relatime", "ro"],
        ),
    ]));
    use LinuxNamespaceType as T;
    let kinds: &[LinuxNamespaceType] = if rootless {
        &[T::Pid, T::Ipc, T::Uts, T::Mount, T::User]
    } else {
        &[T::Pid, T::Network, T::Ipc, T::Uts, T::Mount]
    };
    let mut l = Linux::default();
    l.set_namespaces(Some(kinds.iter().map(|t| namespace(*t, None)).collect()));
    if rootless {
        let root_map = [IdMap {
            container_id: 0,
            host_id: 0,
            size: 1,
        }];
        l.set_uid_mappings(id_mappings(&root_map));
        l.set_gid_mappings(id_mappings(&root_map));
        l.set_resources(None);
    } else {
        l.set_uid_mappings(None);
        l.set_gid_mappings(None);
        let mut res = LinuxResources::default();
        res.set_devices(Some(vec![deny_all_devices()]));
        l.set_resources(Some(res));
    }
    l.set_sysctl(None);
    l.set_seccomp(None);
    l.set_devices(None);
    l.set_rootfs_propagation(None);
    l.set_mount_label(None);
    l.set_cgroups_path(None);
    l.set_masked_paths(paths(&[
        "/proc/acpi",
        "/proc/asound",
        "/proc/kcore",
        "/proc/keys",
        "/proc/latency_stats",
        "/proc/timer_list",
        "/proc/timer_stats",
        "/proc/sched_debug",
        "/sys/firmware",
        "/proc/scsi",
    ]));
    l.set_readonly_paths(paths(DEFAULT_READONLY_PATHS));
    s.set_linux(Some(l));
    s
}

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
    /// The pod sandbox id, for CRI containers.
    pub sandbox_id: Option<String>,
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

// ---------------------------------------------------------------------------
// Small constructors.

fn strings(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

fn namespace(t: LinuxNamespaceType, path: Option<&str>) -> LinuxNamespace {
    let mut n = LinuxNamespace::default();
    n.set_typ(t);
    n.set_path(path.map(PathBuf::from));
    n
}

fn mount(destination: &str, typ: &str, source: &str, options: &[&str]) -> Mount {
    let mut m = Mount::default();
    m.set_destination(PathBuf::from(destination));
    m.set_typ(Some(typ.to_string()));
    m.set_source(Some(PathBuf::from(source)));
    m.set_options(if options.is_empty() {
        None
    } else {
        Some(strings(options))
    });
    m
}

fn from_mount_spec(m: &MountSpec) -> Mount {
    let mut out = Mount::default();
    out.set_destination(PathBuf::from(&m.destination));
    out.set_typ(Some(m.typ.clone()));
    out.set_source(Some(PathBuf::from(&m.source)));
    out.set_options(if m.options.is_empty() {
        None
    } else {
        Some(m.options.clone())
    });
    out
}

fn caps(set: &[Capability]) -> Capabilities {
    set.iter().copied().collect()
}

/// Bounding, permitted and effective set to `set`; inheritable and ambient empty,
/// as containerd and Docker do.
fn bpe_caps(set: &[Capability]) -> LinuxCapabilities {
    let mut c = LinuxCapabilities::default();
    c.set_bounding(Some(caps(set)));
    c.set_permitted(Some(caps(set)));
    c.set_effective(Some(caps(set)));
    c.set_inheritable(None);
    c.set_ambient(None);
    c
}

fn device_rule(
    allow: bool,
    typ: Option<LinuxDeviceType>,
    major: Option<i64>,
    minor: Option<i64>,
) -> LinuxDeviceCgroup {
    let mut d = LinuxDeviceCgroup::default();
    d.set_allow(allow);
    d.set_typ(typ);
    d.set_major(major);
    d.set_minor(minor);
    d.set_access(Some("rwm".to_string()));
    d
}

fn deny_all_devices() -> LinuxDeviceCgroup {
    device_rule(false, None, None, None)
}

/// containerd's `WithDefaultUnixDevices` allow rules.
fn containerd_unix_device_rules() -> Vec<LinuxDeviceCgroup> {
    let c = Some(LinuxDeviceType::C);
    vec![
        device_rule(true, c, Some(1), Some(3)),
        device_rule(true, c, Some(1), Some(8)),
        device_rule(true, c, Some(1), Some(7)),
        device_rule(true, c, Some(5), Some(0)),
        device_rule(true, c, Some(1), Some(5)),
        device_rule(true, c, Some(1), Some(9)),
        device_rule(true, c, Some(5), Some(1)),
        device_rule(true, c, Some(136), None),
        device_rule(true, c, Some(5), Some(2)),
    ]
}

/// moby's `DefaultLinuxSpec` device rules.
fn docker_device_rules() -> Vec<LinuxDeviceCgroup> {
    let c = Some(LinuxDeviceType::C);
    vec![
        deny_all_devices(),
        device_rule(true, c, Some(1), Some(5)),
        device_rule(true, c, Some(1), Some(3)),
        device_rule(true, c, Some(1), Some(9)),
        device_rule(true, c, Some(1), Some(8)),
        device_rule(true, c, Some(5), Some(0)),
        device_rule(true, c, Some(5), Some(1)),
        device_rule(false, c, Some(10), Some(229)),
    ]
}

fn resources(p: &ContainerParams, devices: Vec<LinuxDeviceCgroup>) -> LinuxResources {
    let mut r = LinuxResources::default();
    r.set_devices(Some(devices));
    if let Some(limit) = p.memory_limit {
        let mut m = LinuxMemory::default();
        m.set_limit(Some(limit));
        r.set_memory(Some(m));
    }
    if p.cpu_shares.is_some() || p.cpu_quota.is_some() || p.cpu_period.is_some() {
        let mut c = LinuxCpu::default();
        c.set_shares(p.cpu_shares);
        c.set_quota(p.cpu_quota);
        c.set_period(p.cpu_period);
        r.set_cpu(Some(c));
    }
    if let Some(limit) = p.pids_limit {
        let mut pids = LinuxPids::default();
        pids.set_limit(limit);
        r.set_pids(Some(pids));
    }
    r
}

fn hook(h: &HookSpec) -> Hook {
    let mut out = Hook::default();
    out.set_path(PathBuf::from(&h.path));
    out.set_args(if h.args.is_empty() {
        None
    } else {
        Some(h.args.clone())
    });
    out.set_env(if h.env.is_empty() {
        None
    } else {
        Some(h.env.clone())
    });
    out.set_timeout(h.timeout);
    out
}

fn hook_list(v: &[HookSpec]) -> Option<Vec<Hook>> {
    if v.is_empty() {
        None
    } else {
        Some(v.iter().map(hook).collect())
    }
}

#[allow(deprecated)] // `prestart` is deprecated in the spec but still run by runc and crun.
fn hooks(p: &ContainerParams) -> Option<Hooks> {
    if p.hooks.is_empty() {
        return None;
    }
    let mut h = Hooks::default();
    h.set_prestart(hook_list(&p.hooks.prestart));
    h.set_create_runtime(hook_list(&p.hooks.create_runtime));
    h.set_create_container(hook_list(&p.hooks.create_container));
    h.set_start_container(hook_list(&p.hooks.start_container));
    h.set_poststart(hook_list(&p.hooks.poststart));
    h.set_poststop(hook_list(&p.hooks.poststop));
    Some(h)
}

fn annotations(p: &ContainerParams, own: &[(&str, String)]) -> Option<HashMap<String, String>> {
    let mut a: HashMap<String, String> = p.annotations.clone().into_iter().collect();
    for (k, v) in own {
        a.insert((*k).to_string(), v.clone());
    }
    if a.is_empty() {
        None
    } else {
        Some(a)
    }
}

fn id_mappings(v: &[IdMap]) -> Option<Vec<LinuxIdMapping>> {
    if v.is_empty() {
        return None;
    }
    Some(
        v.iter()
            .map(|m| {
                LinuxIdMappingBuilder::default()
                    .container_id(m.container_id)
                    .host_id(m.host_id)
                    .size(m.size)
                    .build()
                    .unwrap_or_default()
            })
            .collect(),
    )
}

/// containerd's `replaceOrAppendEnvValues`: a later `KEY=` replaces an earlier one in place.
fn replace_or_append_env(mut base: Vec<String>, add: &[String]) -> Vec<String> {
    for e in add {
        let key = e.split('=').next().unwrap_or(e);
        match base
            .iter_mut()
            .find(|b| b.split('=').next().unwrap_or(b) == key)
        {
            Some(slot) => slot.clone_from(e),
            None => base.push(e.clone()),
        }
    }
    base
}

fn user(p: &ContainerParams) -> User {
    let mut u = User::default();
    u.set_uid(p.uid);
    u.set_gid(p.gid);
    u.set_additional_gids(if p.additional_gids.is_empty() {
        None
    } else {
        Some(p.additional_gids.clone())
    });
    u
}

fn nofile_1024() -> PosixRlimit {
    PosixRlimitBuilder::default()
        .typ(PosixRlimitType::RlimitNofile)
        .hard(1024u64)
        .soft(1024u64)
        .build()
        .unwrap_or_default()
}

fn root(p: &ContainerParams, readonly: bool) -> Root {
    let mut r = Root::default();
    r.set_path(PathBuf::from(&p.rootfs));
    r.set_readonly(if readonly { Some(true) } else { None });
    r
}

fn process(p: &ContainerParams, env: Vec<String>, nnp: bool, caps: LinuxCapabilities) -> Process {
    let mut pr = Process::default();
    pr.set_terminal(if p.terminal { Some(true) } else { None });
    pr.set_user(user(p));
    pr.set_args(Some(p.args.clone()));
    pr.set_env(Some(env));
    pr.set_cwd(PathBuf::from(&p.cwd));
    pr.set_capabilities(Some(caps));
    pr.set_rlimits(None);
    pr.set_no_new_privileges(if nnp { Some(true) } else { None });
    pr.set_apparmor_profile(p.apparmor_profile.clone());
    pr.set_oom_score_adj(p.oom_score_adj);
    pr.set_selinux_label(None);
    pr.set_scheduler(None);
    pr.set_io_priority(None);
    pr
}

fn sysctls(p: &ContainerParams) -> Option<HashMap<String, String>> {
    if p.sysctls.is_empty() {
        None
    } else {
        Some(p.sysctls.clone().into_iter().collect())
    }
}

fn paths(v: &[&str]) -> Option<Vec<String>> {
    Some(strings(v))
}

fn blank_spec(version: &str) -> Spec {
    let mut s = Spec::default();
    s.set_version(version.to_string());
    s.set_hostname(None);
    s.set_domainname(None);
    s.set_annotations(None);
    s.set_hooks(None);
    s
}

/// The mounts containerd starts from (`defaultMounts`), `/run` included.
fn containerd_mounts() -> Vec<Mount> {
    let [dev, pts, shm, mqueue, sys] = dev_and_sys_mounts(false);
    vec![
        mount("/proc", "proc", "proc", &["nosuid", "noexec", "nodev"]),
        dev,
        pts,
        shm,
        mqueue,
        sys,
        mount(
            "/run",
            "tmpfs",
            "tmpfs",
            &["nosuid", "strictatime", "mode=755", "size=65536k"],
        ),
    ]
}

/// `/dev`, `/dev/pts`, `/dev/shm`, `/dev/mqueue` and `/sys` as runc's
/// `specconv.Example()` has them (containerd copied them); `rootless` as
/// `ToRootless` changes them: no `gid=5` on devpts, `/sys` bind-mounted.
fn dev_and_sys_mounts(rootless: bool) -> [Mount; 5] {
    let pts = [
        "nosuid",
        "noexec",
        "newinstance",
        "ptmxmode=0666",
        "mode=0620",
        "gid=5",
    ];
    [
        mount(
            "/dev",
            "tmpfs",
            "tmpfs",
            &["nosuid", "strictatime", "mode=755", "size=65536k"],
        ),
        mount(
            "/dev/pts",
            "devpts",
            "devpts",
            if rootless { &pts[..5] } else { &pts },
        ),
        mount(
            "/dev/shm",
            "tmpfs",
            "shm",
            &["nosuid", "noexec", "nodev", "mode=1777", "size=65536k"],
        ),
        mount(
            "/dev/mqueue",
            "mqueue",
            "mqueue",
            &["nosuid", "noexec", "nodev"],
        ),
        if rootless {
            mount(
                "/sys",
                "none",
                "/sys",
                &["rbind", "nosuid", "noexec", "nodev", "ro"],
            )
        } else {
            mount(
                "/sys",
                "sysfs",
                "sysfs",
                &["nosuid", "noexec", "nodev", "ro"],
            )
        },
    ]
}

const CONTAINERD_NS_ORDER: &[LinuxNamespaceType] = &[
    LinuxNamespaceType::Pid,
    LinuxNamespaceType::Ipc,
    LinuxNamespaceType::Uts,
    LinuxNamespaceType::Mount,
    LinuxNamespaceType::Network,
];

const DOCKER_NS_ORDER: &[LinuxNamespaceType] = &[
    LinuxNamespaceType::Mount,
    LinuxNamespaceType::Network,
    LinuxNamespaceType::Uts,
    LinuxNamespaceType::Pid,
    LinuxNamespaceType::Ipc,
];

/// The CRI plugin's per-sandbox directories (containerd 1.7 defaults:
/// root `/var/lib/containerd`, state `/run/containerd`).
fn cri_sandbox_root(sandbox_id: &str) -> String {
    format!("/var/lib/containerd/io.containerd.grpc.v1.cri/sandboxes/{sandbox_id}")
}

fn cri_sandbox_shm(sandbox_id: &str) -> String {
    format!("/run/containerd/io.containerd.grpc.v1.cri/sandboxes/{sandbox_id}/shm")
}

fn linux_base(
    p: &ContainerParams,
    namespaces: Vec<LinuxNamespace>,
    devices: Vec<LinuxDeviceCgroup>,
) -> Linux {
    let mut l = Linux::default();
    l.set_namespaces(Some(namespaces));
    l.set_uid_mappings(id_mappings(&p.uid_mappings));
    l.set_gid_mappings(id_mappings(&p.gid_mappings));
    l.set_resources(Some(resources(p, devices)));
    l.set_sysctl(sysctls(p));
    l.set_seccomp(p.seccomp.clone());
    l.set_devices(None);
    l.set_rootfs_propagation(None);
    l.set_mount_label(None);
    l
}

/// What `ctr run` gets: containerd 1.7's `oci.WithDefaultSpec()` (namespaces
/// pid, ipc, uts, mount, network new; cgroup path `/default/<id>`), plus
/// `WithDefaultUnixDevices` and the image config carried by `p`.
pub fn containerd_default(p: &ContainerParams) -> Spec {
    let mut s = blank_spec("1.1.0");
    s.set_root(Some(root(p, p.readonly_rootfs)));
    let env = replace_or_append_env(vec![DEFAULT_PATH_ENV.to_string()], &p.env);
    let mut pr = process(
        p,
        env,
        p.no_new_privileges.unwrap_or(true),
        bpe_caps(CONTAINERD_17_CAPS),
    );
    pr.set_rlimits(Some(vec![nofile_1024()]));
    s.set_process(Some(pr));
    s.set_hostname(p.hostname.clone());
    let mut mounts = containerd_mounts();
    mounts.extend(p.mounts.iter().map(from_mount_spec));
    s.set_mounts(Some(mounts));
    let mut devices = vec![deny_all_devices()];
    devices.extend(containerd_unix_device_rules());
    let mut l = linux_base(p, p.namespaces.to_spec(CONTAINERD_NS_ORDER), devices);
    l.set_cgroups_path(Some(PathBuf::from(
        p.cgroups_path
            .clone()
            .unwrap_or_else(|| format!("/default/{}", p.id)),
    )));
    l.set_masked_paths(paths(CONTAINERD_MASKED_PATHS));
    l.set_readonly_paths(paths(DEFAULT_READONLY_PATHS));
    s.set_linux(Some(l));
    s.set_hooks(hooks(p));
    s.set_annotations(annotations(p, &[]));
    s
}

/// The pause container of a pod, as containerd 1.7's CRI plugin generates it
/// (`sandboxContainerSpec`).
///
/// Namespaces: pid new (kubelet's `CONTAINER` mode; `Join` in
/// `p.namespaces.pid` is kept for `shareProcessNamespace`), ipc and uts new,
/// mount new, and the network namespace the CRI plugin created and CNI wired:
/// pass it as `p.namespaces.network = NsMode::Join("/var/run/netns/cni-<uuid>")`.
/// A host-network pod (`NsMode::Host`) drops both network and uts, as
/// containerd does. The rootfs is read-only, `/run` is not mounted, default
/// rlimits and security profiles are removed, `/dev/shm` and
/// `/etc/resolv.conf` are bind-mounted from the sandbox directories (on top of
/// the default `/dev/shm` tmpfs: containerd appends them), cpu shares are 2
/// and `oomScoreAdj` is -998 unless `p` says otherwise.
pub fn cri_sandbox(p: &ContainerParams) -> Spec {
    let mut s = blank_spec("1.1.0");
    s.set_root(Some(root(p, true)));
    let env = replace_or_append_env(Vec::new(), &p.env);
    let mut pr = process(
        p,
        env,
        p.no_new_privileges.unwrap_or(true),
        bpe_caps(CONTAINERD_17_CAPS),
    );
    pr.set_oom_score_adj(Some(p.oom_score_adj.unwrap_or(-998)));
    s.set_process(Some(pr));
    s.set_hostname(p.hostname.clone());

    let mut ns = p.namespaces.clone();
    if ns.network == NsMode::Host {
        ns.uts = NsMode::Host;
    }
    ns.mount = NsMode::New;

    let mut mounts: Vec<Mount> = containerd_mounts()
        .into_iter()
        .filter(|m| m.destination() != &PathBuf::from("/run"))
        .collect();
    let shm_source = if ns.ipc == NsMode::Host {
        "/dev/shm".to_string()
    } else {
        cri_sandbox_shm(&p.id)
    };
    mounts.push(mount("/dev/shm", "bind", &shm_source, &["rbind", "ro"]));
    let resolv = format!("{}/resolv.conf", cri_sandbox_root(&p.id));
    mounts.push(mount("/etc/resolv.conf", "bind", &resolv, &["rbind", "ro"]));
    mounts.extend(p.mounts.iter().map(from_mount_spec));
    s.set_mounts(Some(mounts));

    let mut r = resources(p, vec![deny_all_devices()]);
    let mut cpu = r.cpu().clone().unwrap_or_default();
    if cpu.shares().is_none() {
        cpu.set_shares(Some(2));
    }
    r.set_cpu(Some(cpu));
    let mut l = linux_base(p, ns.to_spec(CONTAINERD_NS_ORDER), Vec::new());
    l.set_resources(Some(r));
    l.set_cgroups_path(p.cgroups_path.clone().map(PathBuf::from));
    l.set_masked_paths(paths(CONTAINERD_MASKED_PATHS));
    l.set_readonly_paths(paths(DEFAULT_READONLY_PATHS));
    s.set_linux(Some(l));
    s.set_hooks(hooks(p));
    s.set_annotations(annotations(
        p,
        &[
            ("io.kubernetes.cri.container-type", "sandbox".to_string()),
            ("io.kubernetes.cri.sandbox-id", p.id.clone()),
        ],
    ));
    s
}

fn path_depth(p: &str) -> usize {
    p.split('/').filter(|c| !c.is_empty()).count()
}

/// An app container of a pod, as containerd 1.7's CRI plugin generates it
/// (`containerSpec` + `WithPodNamespaces`).
///
/// It joins the pause container's namespaces by path: network, ipc and uts
/// always (`/proc/<pause_pid>/ns/{net,ipc,uts}`, even for host-network pods,
/// whose pause is in the host's), pid too when `p.namespaces.pid` is not
/// `New` (`shareProcessNamespace`, or host pid); mount is always new. A cgroup
/// namespace is added when `p.namespaces.cgroup` is `New` (containerd does that
/// for unprivileged containers on cgroup v2). `/etc/hostname`, `/etc/hosts`,
/// `/etc/resolv.conf` and `/dev/shm` come from the sandbox directories; masked
/// and read-only paths are kubelet's; rlimits and `/run` are removed; ambient
/// capabilities are cleared; `HOSTNAME` is set in the environment but the spec
/// has no `hostname` (the uts namespace is the pause container's).
pub fn cri_container(p: &ContainerParams, pause_pid: u32) -> Spec {
    let sandbox = p.sandbox_id.clone().unwrap_or_default();
    let mut s = blank_spec("1.1.0");
    s.set_root(Some(root(p, p.readonly_rootfs)));
    let mut env = vec![DEFAULT_PATH_ENV.to_string()];
    if let Some(h) = &p.hostname {
        env = replace_or_append_env(env, &[format!("HOSTNAME={h}")]);
    }
    let env = replace_or_append_env(env, &p.env);
    let pr = process(
        p,
        env,
        p.no_new_privileges.unwrap_or(false),
        bpe_caps(CONTAINERD_17_CAPS),
    );
    s.set_process(Some(pr));
    s.set_hostname(None);

    let proc_ns = |name: &str| format!("/proc/{pause_pid}/ns/{name}");
    let mut ns = p.namespaces.clone();
    ns.network = NsMode::Join(proc_ns("net"));
    ns.ipc = NsMode::Join(proc_ns("ipc"));
    ns.uts = NsMode::Join(proc_ns("uts"));
    ns.mount = NsMode::New;
    if ns.pid != NsMode::New {
        ns.pid = NsMode::Join(proc_ns("pid"));
    }

    // customopts.WithMounts: CRI mounts (sandbox files first, then the
    // kubelet's), stably sorted by depth, replace default mounts at the same
    // destination.
    let root_dir = cri_sandbox_root(&sandbox);
    let ro = p.readonly_rootfs;
    let cri_mount = |src: String, dst: &str, readonly: bool| MountSpec {
        destination: dst.to_string(),
        source: src,
        typ: "bind".to_string(),
        options: strings(&["rbind", "rprivate", if readonly { "ro" } else { "rw" }]),
    };
    let mut extra = vec![
        cri_mount(format!("{root_dir}/hostname"), "/etc/hostname", ro),
        cri_mount(format!("{root_dir}/hosts"), "/etc/hosts", ro),
        cri_mount(format!("{root_dir}/resolv.conf"), "/etc/resolv.conf", ro),
        cri_mount(
            if p.namespaces.ipc == NsMode::Host {
                "/dev/shm".to_string()
            } else {
                cri_sandbox_shm(&sandbox)
            },
            "/dev/shm",
            false,
        ),
    ];
    extra.extend(p.mounts.iter().cloned());
    crate::order::sort_by_key(&mut extra, |m| path_depth(&m.destination));
    let overrides_dev = extra
        .iter()
        .any(|m| m.destination.trim_end_matches('/') == "/dev");
    let mut mounts: Vec<Mount> = containerd_mounts()
        .into_iter()
        .filter(|m| {
            let d = m.destination().to_string_lossy();
            d != "/run"
                && !extra
                    .iter()
                    .any(|e| e.destination.trim_end_matches('/') == d)
                && !(overrides_dev && d.starts_with("/dev/"))
        })
        .collect();
    mounts.extend(extra.iter().map(from_mount_spec));
    s.set_mounts(Some(mounts));

    let mut l = linux_base(p, ns.to_spec(CONTAINERD_NS_ORDER), vec![deny_all_devices()]);
    l.set_cgroups_path(p.cgroups_path.clone().map(PathBuf::from));
    l.set_masked_paths(paths(KUBELET_MASKED_PATHS));
    l.set_readonly_paths(paths(DEFAULT_READONLY_PATHS));
    s.set_linux(Some(l));
    s.set_hooks(hooks(p));
    s.set_annotations(annotations(
        p,
        &[
            ("io.kubernetes.cri.container-type", "container".to_string()),
            ("io.kubernetes.cri.sandbox-id", sandbox.clone()),
        ],
    ));
    s
}

/// What dockerd's `createSpec` produces for `docker run` (Docker 26–28, moby
/// `DefaultLinuxSpec` + `WithCommonOptions` + `WithMounts`…).
///
/// Namespaces in Docker's order (mount, network, uts, pid, ipc; plus cgroup
/// when `p.namespaces.cgroup` is `New`, Docker's default on cgroup v2); the
/// network namespace is new (Docker ≥ 26 wires it after `runc create`, no
/// hook). `/etc/resolv.conf`, `/etc/hostname` and `/etc/hosts` are bind-mounted
/// from `/var/lib/docker/containers/<id>/`; the hostname defaults to the first
/// 12 characters of the id. With `p.init` (`docker run --init`, private pid
/// namespace only) the args become `/sbin/docker-init -- <args>` and the host's
/// `docker-init` is bind-mounted read-only at `/sbin/docker-init`. Docker's
/// default seccomp and AppArmor profiles are not embedded: pass them in `p`.
pub fn docker(p: &ContainerParams) -> Spec {
    let mut s = blank_spec("1.2.0");
    s.set_root(Some(root(p, p.readonly_rootfs)));
    let hostname = p
        .hostname
        .clone()
        .unwrap_or_else(|| p.id.chars().take(12).collect());
    let mut base_env = vec![DEFAULT_PATH_ENV.to_string(), format!("HOSTNAME={hostname}")];
    if p.terminal {
        base_env.push("TERM=xterm".to_string());
    }
    let env = replace_or_append_env(base_env, &p.env);
    let init = p.init && p.namespaces.pid == NsMode::New;
    let mut pr = process(
        p,
        env,
        p.no_new_privileges.unwrap_or(false),
        bpe_caps(DOCKER_CAPS),
    );
    if init {
        let mut args = vec![DOCKER_INIT_PATH.to_string(), "--".to_string()];
        args.extend(p.args.iter().cloned());
        pr.set_args(Some(args));
    }
    s.set_process(Some(pr));
    s.set_hostname(Some(hostname));

    let shm_opts: &[&str] = &["nosuid", "noexec", "nodev", "mode=1777", "size=67108864"];
    let mut mounts = vec![
        mount("/proc", "proc", "proc", &["nosuid", "noexec", "nodev"]),
        mount(
            "/dev",
            "tmpfs",
            "tmpfs",
            &["nosuid", "strictatime", "mode=755", "size=65536k"],
        ),
        mount(
            "/dev/pts",
            "devpts",
            "devpts",
            &[
                "nosuid",
                "noexec",
                "newinstance",
                "ptmxmode=0666",
                "mode=0620",
                "gid=5",
            ],
        ),
        mount(
            "/sys",
            "sysfs",
            "sysfs",
            &["nosuid", "noexec", "nodev", "ro"],
        ),
        mount(
            "/sys/fs/cgroup",
            "cgroup",
            "cgroup",
            &["ro", "nosuid", "noexec", "nodev"],
        ),
        mount(
            "/dev/mqueue",
            "mqueue",
            "mqueue",
            &["nosuid", "noexec", "nodev"],
        ),
        mount("/dev/shm", "tmpfs", "shm", shm_opts),
    ];
    if init {
        mounts.push(mount(
            DOCKER_INIT_PATH,
            "bind",
            DOCKER_INIT_HOST_PATH,
            &["bind", "ro"],
        ));
    }
    let dir = format!("/var/lib/docker/containers/{}", p.id);
    for (file, dst) in [
        ("resolv.conf", "/etc/resolv.conf"),
        ("hostname", "/etc/hostname"),
        ("hosts", "/etc/hosts"),
    ] {
        mounts.push(mount(
            dst,
            "bind",
            &format!("{dir}/{file}"),
            &["rbind", "rprivate"],
        ));
    }
    let mut user_mounts: Vec<&MountSpec> = p.mounts.iter().collect();
    crate::order::sort_by_key(&mut user_mounts, |m| path_depth(&m.destination));
    mounts.retain(|m| {
        let d = m.destination().to_string_lossy();
        !user_mounts.iter().any(|u| u.destination == d)
    });
    mounts.extend(user_mounts.into_iter().map(from_mount_spec));
    s.set_mounts(Some(mounts));

    let mut l = linux_base(
        p,
        p.namespaces.to_spec(DOCKER_NS_ORDER),
        docker_device_rules(),
    );
    l.set_cgroups_path(Some(PathBuf::from(
        p.cgroups_path
            .clone()
            .unwrap_or_else(|| format!("/docker/{}", p.id)),
    )));
    l.set_masked_paths(paths(DOCKER_MASKED_PATHS));
    l.set_readonly_paths(paths(DEFAULT_READONLY_PATHS));
    s.set_linux(Some(l));
    s.set_hooks(hooks(p));
    s.set_annotations(annotations(p, &[]));
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ns_of(s: &Spec) -> Vec<(LinuxNamespaceType, Option<String>)> {
        s.linux()
            .as_ref()
            .and_then(|l| l.namespaces().clone())
            .unwrap_or_default()
            .iter()
            .map(|n| {
                (
                    n.typ(),
                    n.path().as_ref().map(|p| p.to_string_lossy().into_owned()),
                )
            })
            .collect()
    }

    fn mount_dests(s: &Spec) -> Vec<String> {
        s.mounts()
            .clone()
            .unwrap_or_default()
            .iter()
            .map(|m| m.destination().to_string_lossy().into_owned())
            .collect()
    }

    #[test]
    fn runc_defaults_parse_and_match_the_reference() {
        let d = runc_default();
        assert_eq!(d.version(), "1.0.2-dev");
        assert_eq!(d.hostname().as_deref(), Some("runc"));
        assert_eq!(mount_dests(&d).len(), 7);
        let v: serde_json::Value = serde_json::from_str(RUNC_DEFAULT_JSON).unwrap();
        assert_eq!(serde_json::to_value(&d).unwrap()["mounts"], v["mounts"]);
        let r = runc_rootless();
        assert!(ns_of(&r)
            .iter()
            .any(|(t, _)| *t == LinuxNamespaceType::User));
        assert!(!ns_of(&r)
            .iter()
            .any(|(t, _)| *t == LinuxNamespaceType::Network));
    }

    /// The built `runc spec` outputs are the shipped reference files, read
    /// both by oci-spec through serde_json and by the span reader the engine
    /// and the validator use.
    #[test]
    fn runc_specs_are_the_reference_files() {
        for (built, text) in [
            (runc_default(), RUNC_DEFAULT_JSON),
            (runc_rootless(), RUNC_ROOTLESS_JSON),
        ] {
            let by_serde: Spec = serde_json::from_str(text).unwrap();
            assert_eq!(built, by_serde);
            let tree = super::super::json::Tree::parse(text).unwrap();
            let by_tree: Spec = tree.deserialize(&[]).unwrap();
            assert_eq!(built, by_tree);
        }
    }

    #[test]
    fn containerd_default_namespaces_are_new() {
        let s = containerd_default(&ContainerParams::new("web", &["nginx"]));
        let types: Vec<_> = ns_of(&s)
            .into_iter()
            .map(|(t, p)| (t, p.is_none()))
            .collect();
        assert_eq!(
            types,
            vec![
                (LinuxNamespaceType::Pid, true),
                (LinuxNamespaceType::Ipc, true),
                (LinuxNamespaceType::Uts, true),
                (LinuxNamespaceType::Mount, true),
                (LinuxNamespaceType::Network, true)
            ]
        );
        let l = s.linux().as_ref().unwrap();
        assert_eq!(
            l.cgroups_path().as_ref().unwrap(),
            &PathBuf::from("/default/web")
        );
        assert!(mount_dests(&s).contains(&"/run".to_string()));
    }

    #[test]
    fn cri_sandbox_uses_the_cni_netns() {
        let mut p = ContainerParams::new("sb1", &["/pause"]);
        p.namespaces.network = NsMode::Join("/var/run/netns/cni-1234".into());
        p.uid = 65535;
        p.gid = 65535;
        let s = cri_sandbox(&p);
        assert_eq!(
            ns_of(&s),
            vec![
                (LinuxNamespaceType::Pid, None),
                (LinuxNamespaceType::Ipc, None),
                (LinuxNamespaceType::Uts, None),
                (LinuxNamespaceType::Mount, None),
                (
                    LinuxNamespaceType::Network,
                    Some("/var/run/netns/cni-1234".into())
                )
            ]
        );
        assert_eq!(s.root().as_ref().unwrap().readonly(), Some(true));
        assert_eq!(s.process().as_ref().unwrap().oom_score_adj(), Some(-998));
        assert!(!mount_dests(&s).contains(&"/run".to_string()));
        assert_eq!(
            s.annotations().as_ref().unwrap()["io.kubernetes.cri.container-type"],
            "sandbox"
        );
        // Host network: no network and no uts namespace.
        p.namespaces.network = NsMode::Host;
        let types: Vec<_> = ns_of(&cri_sandbox(&p))
            .into_iter()
            .map(|(t, _)| t)
            .collect();
        assert!(!types.contains(&LinuxNamespaceType::Network));
        assert!(!types.contains(&LinuxNamespaceType::Uts));
    }

    #[test]
    fn cri_container_joins_the_pause_namespaces() {
        let mut p = ContainerParams::new("c1", &["nginx"]);
        p.sandbox_id = Some("sb1".into());
        p.hostname = Some("web".into());
        let s = cri_container(&p, 4321);
        assert_eq!(
            ns_of(&s),
            vec![
                (LinuxNamespaceType::Pid, None),
                (LinuxNamespaceType::Ipc, Some("/proc/4321/ns/ipc".into())),
                (LinuxNamespaceType::Uts, Some("/proc/4321/ns/uts".into())),
                (LinuxNamespaceType::Mount, None),
                (
                    LinuxNamespaceType::Network,
                    Some("/proc/4321/ns/net".into())
                )
            ]
        );
        assert!(s.hostname().is_none());
        let env = s.process().as_ref().unwrap().env().clone().unwrap();
        assert_eq!(
            env,
            vec![DEFAULT_PATH_ENV.to_string(), "HOSTNAME=web".to_string()]
        );
        assert!(s.process().as_ref().unwrap().rlimits().is_none());
        // Shared pid namespace joins the pause container's too.
        p.namespaces.pid = NsMode::Join(String::new());
        let s = cri_container(&p, 4321);
        assert_eq!(
            ns_of(&s)[0],
            (LinuxNamespaceType::Pid, Some("/proc/4321/ns/pid".into()))
        );
        let dests = mount_dests(&s);
        assert_eq!(dests.iter().filter(|d| *d == "/dev/shm").count(), 1);
        assert!(dests.contains(&"/etc/hosts".to_string()));
    }

    #[test]
    fn docker_init_prefixes_args_and_binds_tini() {
        let mut p = ContainerParams::new("0123456789abcdef", &["nginx", "-g", "daemon off;"]);
        p.init = true;
        let s = docker(&p);
        let args = s.process().as_ref().unwrap().args().clone().unwrap();
        assert_eq!(
            args[..3],
            ["/sbin/docker-init", "--", "nginx"].map(String::from)
        );
        let init = s
            .mounts()
            .as_ref()
            .unwrap()
            .iter()
            .find(|m| m.destination() == &PathBuf::from(DOCKER_INIT_PATH))
            .unwrap();
        assert_eq!(
            init.source().as_ref().unwrap(),
            &PathBuf::from(DOCKER_INIT_HOST_PATH)
        );
        assert_eq!(s.hostname().as_deref(), Some("0123456789ab"));
        let types: Vec<_> = ns_of(&s).into_iter().map(|(t, _)| t).collect();
        assert_eq!(types[0], LinuxNamespaceType::Mount);
    }

    #[test]
    fn env_replaces_in_place() {
        let e = replace_or_append_env(
            vec!["PATH=/a".into(), "X=1".into()],
            &["PATH=/b".into(), "Y=2".into()],
        );
        assert_eq!(e, vec!["PATH=/b", "X=1", "Y=2"]);
    }
}
