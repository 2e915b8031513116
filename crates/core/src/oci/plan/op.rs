//! The vocabulary of a plan: each low-level operation a step can take
//! ([`Op`]: clones, namespace joins, mounts, cgroup writes, hooks, credential
//! changes…) and the values those operations carry.

use oci_spec::runtime::{
    Hook, LinuxCapabilities, LinuxIdMapping, LinuxNamespaceType, LinuxSeccomp, PosixRlimit,
};

/// The kinds of OCI hooks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum HookKind {
    /// `prestart` (deprecated): runtime namespace, during `create`.
    Prestart,
    /// `createRuntime`: runtime namespace, during `create`, after namespaces and mounts.
    CreateRuntime,
    /// `createContainer`: container namespace, during `create`, before `pivot_root`.
    CreateContainer,
    /// `startContainer`: container namespace, during `start`, before the program.
    StartContainer,
    /// `poststart`: runtime namespace, after the program started.
    Poststart,
    /// `poststop`: runtime namespace, during `delete`.
    Poststop,
}

impl HookKind {
    /// The `config.json` key.
    pub fn id(self) -> &'static str {
        match self {
            HookKind::Prestart => "prestart",
            HookKind::CreateRuntime => "createRuntime",
            HookKind::CreateContainer => "createContainer",
            HookKind::StartContainer => "startContainer",
            HookKind::Poststart => "poststart",
            HookKind::Poststop => "poststop",
        }
    }

    /// Whether the hook runs in the container's namespaces (runtime-spec §5.3).
    pub fn in_container_namespace(self) -> bool {
        matches!(self, HookKind::CreateContainer | HookKind::StartContainer)
    }

    /// The OCI status the hook sees on its stdin.
    pub fn status(self) -> &'static str {
        match self {
            HookKind::Prestart | HookKind::CreateRuntime | HookKind::CreateContainer => "creating",
            HookKind::StartContainer => "created",
            HookKind::Poststart => "running",
            HookKind::Poststop => "stopped",
        }
    }
}

/// runc's `nsexec` stages (the process names `runc:[0:PARENT]`…).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NsexecStage {
    /// Stage 0, `runc:[0:PARENT]`: reads the bootstrap data, writes id maps.
    Parent,
    /// Stage 1, `runc:[1:CHILD]`: joins and unshares namespaces.
    Child,
    /// Stage 2, `runc:[2:INIT]`: the future container process.
    Init,
}

impl NsexecStage {
    /// The process name nsexec sets with `prctl(PR_SET_NAME)`.
    pub fn process_name(self) -> &'static str {
        match self {
            NsexecStage::Parent => "runc:[0:PARENT]",
            NsexecStage::Child => "runc:[1:CHILD]",
            NsexecStage::Init => "runc:[2:INIT]",
        }
    }

    /// `STAGE_PARENT`, `STAGE_CHILD`, `STAGE_INIT`.
    pub fn id(self) -> &'static str {
        match self {
            NsexecStage::Parent => "STAGE_PARENT",
            NsexecStage::Child => "STAGE_CHILD",
            NsexecStage::Init => "STAGE_INIT",
        }
    }
}

/// A file of a new user namespace written by the runtime.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IdMapFile {
    /// `/proc/<pid>/uid_map`.
    Uid,
    /// `/proc/<pid>/gid_map`.
    Gid,
}

/// Where a mount lands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MountTarget<'s> {
    /// A path inside the rootfs, before `pivot_root` (runc prefixes the rootfs).
    InRootfs(&'s str),
    /// The rootfs itself.
    Rootfs,
    /// A path as seen from inside the container, after `pivot_root`.
    Container(&'s str),
}

/// The `data` argument of a mount.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MountData<'s> {
    /// None.
    None,
    /// The data options of a spec mount (everything that is not a flag).
    Options(&'s [String]),
    /// A fixed string.
    Text(&'s str),
}

/// Why a mount is done, for the narration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MountRole {
    /// Make `/` a slave (or the spec's `rootfsPropagation`) in the new mount namespace.
    RootPropagation,
    /// Bind the rootfs onto itself so that it is a mount point.
    RootfsBind,
    /// A mount from `config.json`.
    Spec,
    /// A propagation change requested by a spec mount's options.
    Propagation,
    /// The remount a bind mount needs for its other flags to apply.
    BindRemount,
    /// cgroup v1: the tmpfs under which each hierarchy is bound.
    CgroupV1Tmpfs,
    /// cgroup v1: the binds of the container's own cgroups.
    CgroupV1Binds,
    /// cgroup v1: the read-only remount of `/sys/fs/cgroup`.
    CgroupV1Remount,
    /// A device node bind-mounted from the host (user namespaces cannot `mknod`).
    DeviceBind,
    /// The pty slave bind-mounted on `/dev/console`.
    Console,
    /// `pivot_root`: make the old root a slave before unmounting it.
    OldRootSlave,
    /// `--no-pivot`: move the rootfs over `/`.
    MoveRoot,
    /// A read-only tmpfs or `/dev` remounted read-only at the end.
    FinalizeReadonly,
    /// `root.readonly`: remount `/` read-only.
    ReadonlyRoot,
    /// A `readonlyPaths` entry: bind it onto itself.
    ReadonlyPathBind,
    /// A `readonlyPaths` entry: remount the bind read-only.
    ReadonlyPathRemount,
    /// A `maskedPaths` file: bind `/dev/null` over it.
    MaskFile,
    /// A `maskedPaths` directory: mount an empty read-only tmpfs over it.
    MaskDir,
}

/// One `mount(2)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct MountOp<'s> {
    /// `source`.
    pub source: &'s str,
    /// `target`.
    pub target: MountTarget<'s>,
    /// `filesystemtype` (`""` for binds, remounts and propagation changes).
    pub fstype: &'s str,
    /// `mountflags` (`MS_*`).
    pub flags: u64,
    /// `data`.
    pub data: MountData<'s>,
    /// Why.
    pub role: MountRole,
}

/// A value written to a cgroup file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CgroupValue<'s> {
    /// A signed number (`-1` is written as `max` on v2, as runc's `numToStr`).
    Number(i64),
    /// An unsigned number.
    Unsigned(u64),
    /// `cpu.max`: quota (`max` when ≤ 0) and period.
    CpuMax {
        /// Microseconds per period, ≤ 0 for no limit.
        quota: i64,
        /// Period in microseconds.
        period: u64,
    },
    /// Text from the spec (`unified` entries, `cpuset.cpus`).
    Text(&'s str),
    /// `NAME VALUE` (`net_prio.ifpriomap`).
    Named(&'s str, u64),
    /// `MAJOR:MINOR VALUE` (blkio weight and throttle devices).
    Device {
        /// Major number.
        major: i64,
        /// Minor number.
        minor: i64,
        /// Weight, bytes or operations per second.
        value: u64,
    },
}

impl CgroupValue<'_> {
    /// The text written to the file (runc's `numToStr`: `-1` is `max` on v2).
    pub fn text(self, v2: bool) -> String {
        match self {
            CgroupValue::Number(-1) if v2 => "max".to_string(),
            CgroupValue::Number(n) => n.to_string(),
            CgroupValue::Unsigned(n) => n.to_string(),
            CgroupValue::CpuMax { quota, period } if quota > 0 => format!("{quota} {period}"),
            CgroupValue::CpuMax { period, .. } => format!("max {period}"),
            CgroupValue::Text(t) => t.to_string(),
            CgroupValue::Named(name, v) => format!("{name} {v}"),
            CgroupValue::Device {
                major,
                minor,
                value,
            } => format!("{major}:{minor} {value}"),
        }
    }
}

/// One low-level operation.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Op<'s> {
    /// The init process enters a stage of its setup named after the runtime's
    /// function (`prepareRootfs`, `finalizeNamespace`, `libcrun_set_mounts`…),
    /// so that the narration can be followed in the source.
    Enter(&'static str),
    /// Read `config.json` from the bundle and convert it (runc:
    /// `specconv.CreateLibcontainerConfig`; crun: `libcrun_container_load_from_file`).
    LoadConfig,
    /// Create the state directory `<root>/<id>`.
    StateDir,
    /// Create the FIFO `<root>/<id>/exec.fifo` that holds the container until `start`.
    CreateExecFifo,
    /// crun: copy `config.json` into the state directory.
    CopyConfig,
    /// runc: make a sealed copy of its own binary (CVE-2019-5736 defence).
    SealedSelfCopy,
    /// runc: start the sealed copy as `runc init`.
    ExecInit {
        /// Whether a console socket is passed (`process.terminal`).
        terminal: bool,
    },
    /// Put the init process into the container's cgroup (create the directory first).
    CgroupCreate,
    /// Write the init pid into `cgroup.procs`.
    CgroupJoin,
    /// Write one cgroup file.
    CgroupWrite {
        /// The file name (`memory.max`…).
        file: &'s str,
        /// The value.
        value: CgroupValue<'s>,
    },
    /// cgroup v2: load and attach the eBPF device filter (v1: `devices.deny`/`devices.allow`).
    DeviceFilter {
        /// Rules from `linux.resources.devices`.
        rules: u32,
    },
    /// runc: an nsexec stage starts.
    Nsexec(NsexecStage),
    /// `clone(2)` (runc: `CLONE_PARENT` stages; crun: the container itself).
    Clone {
        /// `CLONE_*` flags (the exit signal is always `SIGCHLD`).
        flags: u64,
        /// Who the child is.
        child: &'static str,
    },
    /// `setns(2)` into a namespace given by path.
    Setns {
        /// Its type.
        ns: LinuxNamespaceType,
        /// Its file.
        path: &'s str,
    },
    /// `unshare(2)`.
    Unshare {
        /// `CLONE_NEW*` flags.
        flags: u64,
    },
    /// Write a uid or gid map of the new user namespace.
    IdMap {
        /// Which file.
        file: IdMapFile,
        /// The mappings.
        mappings: &'s [LinuxIdMapping],
    },
    /// `setsid(2)`: a new session for the container.
    Setsid,
    /// runc: nsexec returns and the Go runtime of `runc init` starts (`linuxStandardInit.Init`).
    GoInit,
    /// runc: join a fresh session keyring `_ses.<id>`.
    SessionKeyring,
    /// Write `/proc/self/oom_score_adj`.
    OomScoreAdj(i32),
    /// Bring the loopback interface of a new network namespace up.
    LoopbackUp,
    /// `mount(2)`.
    Mount(MountOp<'s>),
    /// Create a device node in the container's `/dev`.
    Mknod {
        /// Path inside the container.
        path: &'s str,
        /// `c` or `b`.
        kind: char,
        /// Major number.
        major: i64,
        /// Minor number.
        minor: i64,
        /// Permissions.
        mode: u32,
    },
    /// `/dev/ptmx` → `pts/ptmx`.
    PtmxSymlink,
    /// `/dev/fd`, `/dev/stdin`, `/dev/stdout`, `/dev/stderr`, `/dev/core`.
    DevSymlinks,
    /// The init process tells the runtime it reached a synchronisation point.
    Sync(SyncPoint),
    /// Run a hook.
    Hook {
        /// Which kind.
        kind: HookKind,
        /// Its position in its list.
        index: u32,
        /// The hook.
        hook: &'s Hook,
    },
    /// Make the mount that holds the rootfs private: `pivot_root` refuses a
    /// new root whose parent mount is shared (runc's `rootfsParentMountPrivate`
    /// does it when that mount is shared, crun's `make_parent_mount_private`
    /// always). Which mount that is depends on the host's mount table.
    RootfsParentPrivate,
    /// `pivot_root(".", ".")` into the rootfs.
    PivotRoot,
    /// Detach the old root (`umount2(".", MNT_DETACH)`).
    UnmountOldRoot,
    /// `chroot(".")` (with `--no-pivot`, or without a mount namespace).
    Chroot,
    /// Open a new pty (`/dev/ptmx`) for `process.terminal`.
    ConsoleOpen,
    /// Send the pty master to the caller over the console socket.
    ConsoleSend,
    /// Make the pty the controlling terminal (`ioctl(TIOCSCTTY)`).
    Setctty,
    /// `sethostname(2)`.
    Sethostname(&'s str),
    /// `setdomainname(2)`.
    Setdomainname(&'s str),
    /// Write an AppArmor profile for the next `execve`.
    AppArmor(&'s str),
    /// Write a sysctl under `/proc/sys`.
    Sysctl {
        /// The key (`net.ipv4.ip_forward`).
        key: &'s str,
        /// The value.
        value: &'s str,
    },
    /// `prctl(PR_SET_NO_NEW_PRIVS, 1)`.
    NoNewPrivs,
    /// `prlimit64` of one rlimit.
    Rlimit(&'s PosixRlimit),
    /// Record the state (`state.json` for runc, `status` for crun).
    SaveState,
    /// Load the seccomp filter.
    Seccomp(&'s LinuxSeccomp),
    /// `chdir` to `process.cwd`.
    Chdir(&'s str),
    /// Drop every capability that is not in the bounding set (`PR_CAPBSET_DROP`).
    CapBounding(&'s LinuxCapabilities),
    /// `prctl(PR_SET_KEEPCAPS)`.
    KeepCaps(bool),
    /// `setgroups(2)`.
    Setgroups(&'s [u32]),
    /// `setgid(2)`.
    Setgid(u32),
    /// `setuid(2)`.
    Setuid(u32),
    /// `capset(2)`: effective, permitted, inheritable.
    Capset(&'s LinuxCapabilities),
    /// Raise the ambient capabilities (`PR_CAP_AMBIENT`).
    AmbientCaps(&'s LinuxCapabilities),
    /// Block until `start`: open (runc) or read (crun) `exec.fifo`.
    FifoWait,
    /// Read the container's state from the state directory.
    LoadState,
    /// `start` opens `exec.fifo` (runc for reading, crun for writing).
    FifoOpen,
    /// Write the byte that releases the container (runc: init writes `0`; crun: `crun start` writes).
    FifoWrite,
    /// runc: `runc start` reads the byte.
    FifoRead,
    /// Remove `exec.fifo`: the container is no longer `created`.
    FifoUnlink,
    /// `execve` the container's program: init becomes `process.args[0]`.
    Execve(&'s [String]),
    /// `kill(SIGKILL)`: the init process, or every process of the cgroup
    /// when the container has no PID namespace of its own.
    Kill {
        /// Every process in the cgroup, not just init.
        all: bool,
    },
    /// Remove the cgroup (`rmdir`).
    CgroupRemove,
    /// Remove the state directory.
    StateRemove,
}

/// Synchronisation points between the init process and the runtime.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SyncPoint {
    /// Mounts are done: the runtime applies resources and runs the
    /// prestart/createRuntime hooks (runc `procHooks`, crun sync 2).
    Hooks,
    /// Setup is done: the runtime sets rlimits and records the state
    /// (runc `procReady`, crun sync 4).
    Ready,
}
