//! [`Plan::from_spec`]: the ordered low-level steps an OCI runtime takes for a
//! `config.json`, from `create` to `delete`.
//!
//! The steps follow runc's source (`create.go`, `libcontainer/container_linux.go`,
//! `process_linux.go`, `nsenter/nsexec.c`, `standard_init_linux.go`,
//! `rootfs_linux.go`, `cgroups/fs2`, `specconv`, `configs/validate`) and, for
//! [`OciRuntime::Crun`], crun's (`src/libcrun/container.c`, `linux.c`,
//! `cgroup*.c`, `status.c`). Where runc changed over time the plan follows the
//! reference baseline (shared/reference/STACK.md §6: runc 1.1 behaviour, plus
//! the sealed-binary step made by the parent as in runc ≥ 1.2, and poststart
//! hooks run by `runc start` as the spec and runc ≥ PR #5186 do; older runc ran
//! them at the end of `create`).
//!
//! For runc's default `config.json` the create phase is, in order:
//!
//! 1. `runc`: load and convert the spec; `mkdirat` the state dir
//!    `<root>/<id>`; `mknodat` `exec.fifo`; `memfd_create` the sealed copy of
//!    itself; exec it as `runc init` (with `_LIBCONTAINER_*` fds);
//!    `mkdirat` the cgroup and write `runc init`'s pid to `cgroup.procs`.
//! 2. `runc init` in C (`nsexec`): stage 0 `clone(CLONE_PARENT)`s stage 1,
//!    which `setns`es into namespaces given by path (user first), then
//!    `unshare(CLONE_NEWUSER)` alone while stage 0 writes `uid_map`/`gid_map`,
//!    then `unshare`s the remaining `CLONE_NEW*` flags and `clone`s stage 2,
//!    which `setsid`s and, for a new cgroup namespace, `unshare(CLONE_NEWCGROUP)`.
//!    (The setns-before-user order is nsexec's: joins come first, then the
//!    new user namespace, then the rest.)
//! 3. `runc init` in Go: session keyring; `lo` up in a new network namespace;
//!    `prepareRootfs`: `/` made `MS_SLAVE|MS_REC`, rootfs bind, every spec mount
//!    in order (tmpfs and `/dev` without `MS_RDONLY` until the end; binds
//!    remounted to apply their flags; propagation options applied one by one),
//!    `/dev` nodes and symlinks; `procHooks` sync, during which `runc` writes
//!    the cgroup resources (`pids.max`, `memory.max`, `cpu.weight`, `cpu.max`,
//!    the eBPF device filter) and runs `prestart` then `createRuntime` hooks in
//!    the host's namespaces; `createContainer` hooks in the container's;
//!    `pivot_root` (or `MS_MOVE` + `chroot` with `--no-pivot`); the console;
//!    read-only remounts and the read-only root; `sethostname`,
//!    `setdomainname`, AppArmor, sysctls, `readonlyPaths`, `maskedPaths`,
//!    `PR_SET_NO_NEW_PRIVS`; `procReady` sync, during which `runc` sets
//!    rlimits with `prlimit64` and saves `state.json`; seccomp (before the
//!    capabilities when `noNewPrivileges` is false); `finalizeNamespace`:
//!    `chdir`, bounding set, `setgroups`/`setgid`/`setuid`, `capset`, ambient;
//!    seccomp (when `noNewPrivileges`, as late as possible); then `runc init`
//!    blocks opening `exec.fifo`.
//!
//! `start`: `runc` opens the FIFO for reading, `runc init` writes `0`, `runc`
//! reads it and unlinks the FIFO; `startContainer` hooks; `execve`; `poststart`
//! hooks. `delete`: kill if needed; `rmdir` the cgroup; remove the state dir;
//! `poststop` hooks.
//!
//! crun differs: no re-exec — `crun create` sets rlimits and its OOM score on
//! itself, creates the cgroup and `clone`s the container process directly with
//! the `CLONE_NEW*` flags (or only `CLONE_NEWUSER` first when a user namespace
//! must be mapped), writes `gid_map` then `uid_map` itself, puts the child in
//! its cgroup and writes the resources before the child mounts anything, and
//! the child waits by `read`ing `exec.fifo`, which `crun start` opens for
//! writing, unlinks and writes.
//!
//! A plan borrows from its [`Spec`] (no copies of paths or arguments), so it is
//! cheap to build; [`Plan::hops`] turns the steps of one [`Phase`] into Trace
//! hops.
//!
//! Assumptions, all visible in the API: the cgroup version is a parameter
//! ([`CgroupVersion`], v2 by default) and the cgroupfs driver is used (with
//! `--systemd-cgroup` runc would ask systemd for a scope over D-Bus instead of
//! `mkdir`); the runtime runs as root; the runtime is driven as `create`, then
//! `start`, then `delete` (`run` is the same steps in one process).

#[cfg(feature = "oci-json")]
use super::json::{Fault, Kind, LineIndex, SyntaxError, Tree};
use super::sys::*;
use crate::trace::Component;
use oci_spec::runtime::{
    Hook, LinuxCapabilities, LinuxIdMapping, LinuxNamespaceType, LinuxSeccomp, Mount, PosixRlimit,
    Spec,
};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::path::Path;

/// Which OCI runtime's steps to plan.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum OciRuntime {
    /// runc: Go; `runc create` re-executes a sealed copy of itself as
    /// `runc init`, whose C constructor (`nsexec`) sets up namespaces in three
    /// stages before the Go runtime starts.
    #[default]
    Runc,
    /// crun: C; `crun create` clones the container process directly with the
    /// `CLONE_NEW*` flags (no re-exec), and the child sets itself up.
    Crun,
}

impl OciRuntime {
    /// The runtime's id (`runc`, `crun`).
    pub fn id(self) -> &'static str {
        match self {
            OciRuntime::Runc => "runc",
            OciRuntime::Crun => "crun",
        }
    }

    /// The Trace component of the runtime binary.
    pub fn component(self) -> Component {
        match self {
            OciRuntime::Runc => Component::Runc,
            OciRuntime::Crun => Component::Crun,
        }
    }

    /// The Trace component of the process that becomes the container
    /// (`runc-init` for runc; crun's child is still `crun`).
    pub fn init_component(self) -> Component {
        match self {
            OciRuntime::Runc => Component::RuncInit,
            OciRuntime::Crun => Component::Crun,
        }
    }

    /// The runtime a Trace component stands for; `None` for runtimes that are
    /// not planned here (`runsc`, `youki`, …).
    pub fn for_component(c: Component) -> Option<OciRuntime> {
        match c {
            Component::Runc | Component::RuncInit => Some(OciRuntime::Runc),
            Component::Crun => Some(OciRuntime::Crun),
            _ => None,
        }
    }

    /// The default state root (`--root`).
    pub fn default_root(self) -> &'static str {
        match self {
            OciRuntime::Runc => "/run/runc",
            OciRuntime::Crun => "/run/crun",
        }
    }
}

impl fmt::Display for OciRuntime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// The cgroup hierarchy the host mounts at `/sys/fs/cgroup`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum CgroupVersion {
    /// cgroup v1: one hierarchy per controller (`memory.limit_in_bytes`, `cpu.shares`…).
    V1,
    /// cgroup v2, the unified hierarchy (`memory.max`, `cpu.max`, `pids.max`…).
    #[default]
    V2,
}

impl CgroupVersion {
    /// `v1` or `v2`, as trace headers and `atlas oci plan` say it.
    pub fn id(self) -> &'static str {
        match self {
            CgroupVersion::V1 => "v1",
            CgroupVersion::V2 => "v2",
        }
    }
}

/// An OCI lifecycle operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Phase {
    /// `create`: everything up to the wait on `exec.fifo`.
    Create,
    /// `start`: open `exec.fifo`, `execve` the program, poststart hooks.
    Start,
    /// `delete`: kill if needed, remove the cgroup and the state, poststop hooks.
    Delete,
}

impl Phase {
    /// All phases, in lifecycle order.
    pub const ALL: [Phase; 3] = [Phase::Create, Phase::Start, Phase::Delete];

    /// The runtime subcommand (`create`, `start`, `delete`).
    pub fn id(self) -> &'static str {
        match self {
            Phase::Create => "create",
            Phase::Start => "start",
            Phase::Delete => "delete",
        }
    }
}

/// Which process takes a step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Actor {
    /// The runtime binary the caller ran (`runc create`, `crun start`…), in the
    /// host's namespaces.
    Runtime,
    /// The process that becomes the container: `runc init` (all its nsexec
    /// stages) for runc, the cloned child for crun.
    Init,
}

/// Options for [`Plan::with_options`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct PlanOptions {
    /// Whose steps.
    pub runtime: OciRuntime,
    /// The host's cgroup version.
    pub cgroup: CgroupVersion,
    /// `--no-pivot`: `MS_MOVE` + `chroot` instead of `pivot_root`.
    pub no_pivot: bool,
}

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
    /// Text from the spec (`unified` entries).
    Text(&'s str),
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

/// One step: who, in which phase, does what.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Step<'s> {
    /// The lifecycle operation it belongs to.
    pub phase: Phase,
    /// The process that takes it.
    pub actor: Actor,
    /// What it does.
    pub op: Op<'s>,
}

/// The ordered steps for one spec.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan<'s> {
    pub(super) spec: &'s Spec,
    pub(super) options: PlanOptions,
    pub(super) ns: Namespaces<'s>,
    pub(super) steps: Vec<Step<'s>>,
}

/// Why a spec cannot be planned. Messages use the runtime's own wording where
/// it has one (runc's are in shared/reference/runtime-outputs/errors-runc.txt).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlanError {
    /// The text is not a valid `config.json`.
    #[error("{message}")]
    Json {
        /// 1-based line.
        line: u32,
        /// 1-based column.
        column: u32,
        /// What is wrong: a syntax fault in Go's `encoding/json` wording (what
        /// runc prints), a type fault in serde's.
        message: String,
    },
    /// A namespace type the runtime does not know.
    #[error("{}", unknown_namespace(*.runtime, .typ, .path))]
    UnknownNamespace {
        /// Whose wording.
        runtime: OciRuntime,
        /// The type as written.
        typ: String,
        /// Its path, if any.
        path: String,
    },
    /// The same namespace type twice (runc).
    #[error("malformed spec file: duplicated ns {{{} {}}}", go_quote(.typ), go_quote(.path))]
    DuplicateNamespace {
        /// The type.
        typ: String,
        /// The path of the second entry.
        path: String,
    },
    /// No `process`.
    #[error("{}", match .runtime { OciRuntime::Runc => "process property must not be empty", OciRuntime::Crun => "block `process` not found" })]
    MissingProcess {
        /// Whose wording.
        runtime: OciRuntime,
    },
    /// `process.args` is empty.
    #[error("{}", match .runtime { OciRuntime::Runc => "args must not be empty", OciRuntime::Crun => "executable path not specified" })]
    EmptyArgs {
        /// Whose wording.
        runtime: OciRuntime,
    },
    /// `process.cwd` is empty (runc).
    #[error("Cwd property must not be empty")]
    EmptyCwd,
    /// `process.cwd` is relative (runc).
    #[error("Cwd must be an absolute path")]
    RelativeCwd,
    /// No `root`.
    #[error("{}", match .runtime { OciRuntime::Runc => "root must be specified", OciRuntime::Crun => "invalid config file, no `root` block specified" })]
    MissingRoot {
        /// Whose wording.
        runtime: OciRuntime,
    },
    /// No `linux` (crun).
    #[error("invalid config file, no `linux` block specified")]
    MissingLinux,
    /// No `mounts` (crun).
    #[error("invalid config file, no `mounts` block specified")]
    MissingMounts,
    /// An unknown `rootfsPropagation` (runc).
    #[error("rootfsPropagation={0} is not supported")]
    RootfsPropagation(String),
    /// `[r]private` root propagation with `--no-pivot` (runc).
    #[error("rootfsPropagation of [r]private is not safe without pivot_root")]
    PrivatePropagationWithoutPivot,
    /// `hostname` without a UTS namespace (runc).
    #[error("unable to set hostname without a private UTS namespace")]
    HostnameWithoutUts,
    /// `domainname` without a UTS namespace (runc).
    #[error("unable to set domainname without a private UTS namespace")]
    DomainnameWithoutUts,
    /// Masked or read-only paths without a mount namespace (runc).
    #[error("unable to restrict sys entries without a private MNT namespace")]
    RestrictSysWithoutMountNs,
    /// A new user namespace without mappings (runc).
    #[error(
        "user namespaces enabled, but no namespace path to join nor mappings to apply specified"
    )]
    UserNsWithoutMappings,
    /// Mappings without a user namespace (runc).
    #[error("user namespace mappings specified, but user namespace isn't enabled in the config")]
    MappingsWithoutUserNs,
}

fn unknown_namespace(runtime: OciRuntime, typ: &str, path: &str) -> String {
    match runtime {
        OciRuntime::Runc => {
            format!(
                "namespace {{{} {}}} does not exist",
                go_quote(typ),
                go_quote(path)
            )
        }
        OciRuntime::Crun => format!("invalid namespace type: `{typ}`"),
    }
}

/// Go's `%q` for the strings runc prints.
fn go_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                out.push_str(&format!("\\x{:02x}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(feature = "oci-json")]
const KNOWN_NAMESPACES: [&str; 8] = [
    "pid", "network", "mount", "ipc", "uts", "user", "cgroup", "time",
];

/// Parses `config.json`. A namespace type the runtime does not know is
/// reported as the runtime reports it (`namespace {"bogus" ""} does not exist`
/// for runc, ``invalid namespace type: `bogus` `` for crun); any other fault is
/// [`PlanError::Json`] with its line and column, and for a syntax fault Go's
/// `encoding/json` wording, which runc prints (`unexpected EOF`, `invalid
/// character 'x' looking for beginning of value`).
///
/// The text is read by the span reader behind [`validate`](super::validate)
/// (no recursion; its size and nesting limits) and the spec is deserialized
/// from its tree, so a program that also validates holds one copy of
/// oci-spec's deserializers. Without the `oci-json` feature (the browser
/// app's engine) only the two files `runc spec` writes are known, built
/// without parsing; any other text is refused with that reason.
pub fn parse_config(text: &str, runtime: OciRuntime) -> Result<Spec, PlanError> {
    #[cfg(not(feature = "oci-json"))]
    {
        let _ = runtime;
        shipped_config(text)
    }
    #[cfg(feature = "oci-json")]
    read_config(text, runtime)
}

/// [`parse_config`] without the `oci-json` feature: the files `runc spec`
/// writes, built (equal to what oci-spec reads from them, see the spec
/// tests); any other text is refused with the reason.
#[cfg(not(feature = "oci-json"))]
fn shipped_config(text: &str) -> Result<Spec, PlanError> {
    use super::spec;
    if text == spec::RUNC_DEFAULT_JSON {
        Ok(spec::runc_default())
    } else if text == spec::RUNC_ROOTLESS_JSON {
        Ok(spec::runc_rootless())
    } else {
        Err(PlanError::Json {
            line: 1,
            column: 1,
            message: "this build reads only the config.json that `runc spec` writes \
                      (atlas-core was built without its `oci-json` feature)"
                .to_string(),
        })
    }
}

#[cfg(feature = "oci-json")]
fn read_config(text: &str, runtime: OciRuntime) -> Result<Spec, PlanError> {
    let tree = Tree::parse(text).map_err(|e| {
        let (line, column) = LineIndex::new(text).position(e.offset);
        PlanError::Json {
            line,
            column,
            message: go_syntax_message(text, &e),
        }
    })?;
    tree.deserialize::<Spec>(&[]).map_err(|e| {
        let root = tree.root();
        let namespaces = tree
            .path(root, &["linux", "namespaces"])
            .filter(|n| tree.kind(*n) == Kind::Array);
        for ns in namespaces.into_iter().flat_map(|n| tree.children(n)) {
            let field = |name| tree.get(ns, name).and_then(|v| tree.str(v));
            let typ = field("type").unwrap_or_default();
            if !KNOWN_NAMESPACES.contains(&typ.as_ref()) {
                return PlanError::UnknownNamespace {
                    runtime,
                    typ: typ.into_owned(),
                    path: field("path").unwrap_or_default().into_owned(),
                };
            }
        }
        let (line, column) = LineIndex::new(text).position(tree.start(e.node.unwrap_or(root)));
        PlanError::Json {
            line,
            column,
            message: e.message,
        }
    })
}

#[cfg(feature = "oci-json")]
/// A syntax fault as Go's `encoding/json` decoder words it (runc reads
/// `config.json` with `json.NewDecoder(f).Decode`): `unexpected EOF` for a
/// text cut short, `EOF` for an empty one, `invalid character …` otherwise.
/// The reader's own limits, and the faults Go does not have, keep the
/// reader's wording.
fn go_syntax_message(text: &str, e: &SyntaxError) -> String {
    let rest = text.as_bytes().get(e.offset as usize..).unwrap_or(&[]);
    let invalid =
        |c: u8, context: &str| format!("invalid character {} {context}", go_quote_byte(c));
    let at_offset = |context: &str| match rest.first() {
        Some(&c) => invalid(c, context),
        None => "unexpected EOF".to_string(),
    };
    match &e.fault {
        Fault::Empty => "EOF".to_string(),
        Fault::EndInsteadOfValue | Fault::Unclosed(..) | Fault::UnterminatedString => {
            "unexpected EOF".to_string()
        }
        Fault::ByteOrderMark | Fault::ExpectedValue(_) => {
            at_offset("looking for beginning of value")
        }
        Fault::ExpectedKey(_) | Fault::TrailingComma('}') => {
            at_offset("looking for beginning of object key string")
        }
        Fault::TrailingComma(_) => at_offset("looking for beginning of value"),
        Fault::ExpectedColon(_) => at_offset("after object key"),
        Fault::ExpectedCommaOr('}', _) => at_offset("after object key:value pair"),
        Fault::ExpectedCommaOr(..) => at_offset("after array element"),
        Fault::ControlInString(_) => at_offset("in string literal"),
        // The offset is the backslash.
        Fault::BadEscape(_) => match rest.get(1) {
            Some(&c) => invalid(c, "in string escape code"),
            None => "unexpected EOF".to_string(),
        },
        Fault::BadUnicodeEscape => {
            match rest.iter().skip(2).take(4).find(|c| !c.is_ascii_hexdigit()) {
                Some(&c) => invalid(c, "in \\u hexadecimal character escape"),
                None => "unexpected EOF".to_string(),
            }
        }
        Fault::BadLiteral(word) => {
            let mismatch = word.bytes().zip(rest).position(|(w, c)| w != *c);
            match mismatch.and_then(|i| Some((rest.get(i)?, word.as_bytes().get(i)?))) {
                Some((&c, &expected)) => invalid(
                    c,
                    &format!("in literal {word} (expecting {})", go_quote_byte(expected)),
                ),
                None => "unexpected EOF".to_string(),
            }
        }
        Fault::BadNumber(why) if why.contains("decimal point") => {
            at_offset("after decimal point in numeric literal")
        }
        Fault::BadNumber(why) if why.contains("exponent") => {
            at_offset("in exponent of numeric literal")
        }
        Fault::BadNumber(why) if why.contains("'-'") => at_offset("in numeric literal"),
        Fault::Trailing(_) => at_offset("after top-level value"),
        Fault::TooLarge(_)
        | Fault::TooDeep
        | Fault::TooManyValues
        | Fault::LoneSurrogate
        | Fault::BadNumber(_) => e.fault.to_string(),
    }
}

#[cfg(feature = "oci-json")]
/// Go's `quoteChar` (encoding/json's scanner): one byte, in single quotes,
/// escaped as `strconv.Quote` does; a byte above 0x7F shows as that Latin-1
/// character, as Go's `string(c)` makes it.
fn go_quote_byte(c: u8) -> String {
    match c {
        b'\'' => "'\\''".to_string(),
        b'"' => "'\"'".to_string(),
        b'\\' => "'\\\\'".to_string(),
        0x07 => "'\\a'".to_string(),
        0x08 => "'\\b'".to_string(),
        0x0c => "'\\f'".to_string(),
        b'\n' => "'\\n'".to_string(),
        b'\r' => "'\\r'".to_string(),
        b'\t' => "'\\t'".to_string(),
        0x0b => "'\\v'".to_string(),
        c if c < 0x20 || c == 0x7f => format!("'\\x{c:02x}'"),
        c if (0x80..0xa0).contains(&c) => format!("'\\u{c:04x}'"),
        c => format!("'{}'", char::from(c)),
    }
}

/// A path as text (a spec read from JSON is always UTF-8).
pub(super) fn path_str(p: &Path) -> &str {
    p.to_str().unwrap_or("\u{fffd}")
}

/// The order runc joins namespaces in (`configs.NamespaceTypes()`): user first.
const RUNC_JOIN_ORDER: [LinuxNamespaceType; 8] = [
    LinuxNamespaceType::User,
    LinuxNamespaceType::Ipc,
    LinuxNamespaceType::Uts,
    LinuxNamespaceType::Network,
    LinuxNamespaceType::Pid,
    LinuxNamespaceType::Mount,
    LinuxNamespaceType::Cgroup,
    LinuxNamespaceType::Time,
];

/// The namespaces of a spec, checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(super) struct Namespaces<'s> {
    /// Flags of the namespaces to create.
    pub new: u64,
    /// Flags of every namespace listed (new or joined).
    pub all: u64,
    /// Paths of joined namespaces, indexed by `RUNC_JOIN_ORDER` position.
    pub joined: [Option<&'s str>; 8],
}

impl<'s> Namespaces<'s> {
    pub(super) fn has(&self, t: LinuxNamespaceType) -> bool {
        self.all & clone_flag(t) != 0
    }

    pub(super) fn is_new(&self, t: LinuxNamespaceType) -> bool {
        self.new & clone_flag(t) != 0
    }

    pub(super) fn joins(&self) -> impl Iterator<Item = (LinuxNamespaceType, &'s str)> + '_ {
        RUNC_JOIN_ORDER
            .iter()
            .zip(self.joined.iter())
            .filter_map(|(t, p)| p.map(|p| (*t, p)))
    }
}

fn join_index(t: LinuxNamespaceType) -> usize {
    RUNC_JOIN_ORDER.iter().position(|x| *x == t).unwrap_or(0)
}

fn namespaces<'s>(spec: &'s Spec, runtime: OciRuntime) -> Result<Namespaces<'s>, PlanError> {
    let mut out = Namespaces::default();
    let Some(list) = spec.linux().as_ref().and_then(|l| l.namespaces().as_ref()) else {
        return Ok(out);
    };
    for ns in list {
        let t = ns.typ();
        let flag = clone_flag(t);
        let path = ns.path().as_deref().map(path_str).filter(|p| !p.is_empty());
        if out.all & flag != 0 {
            if runtime == OciRuntime::Runc {
                return Err(PlanError::DuplicateNamespace {
                    typ: namespace_type_name(t).to_string(),
                    path: path.unwrap_or("").to_string(),
                });
            }
            // crun ORs the flags together; the last path wins.
            out.new &= !flag;
            out.joined[join_index(t)] = None;
        }
        out.all |= flag;
        match path {
            Some(p) => out.joined[join_index(t)] = Some(p),
            None => out.new |= flag,
        }
    }
    Ok(out)
}

/// Known directories among the usual masked paths: runc bind-mounts
/// `/dev/null` over a masked path and falls back to a read-only tmpfs when the
/// kernel answers `ENOTDIR`, i.e. when the path is a directory.
fn masked_path_is_dir(path: &str) -> bool {
    matches!(
        path,
        "/proc/acpi"
            | "/proc/asound"
            | "/proc/scsi"
            | "/proc/bus"
            | "/proc/fs"
            | "/proc/irq"
            | "/proc/sys"
            | "/sys/firmware"
            | "/sys/fs/selinux"
            | "/sys/dev/block"
            | "/sys/devices/virtual/powercap"
    ) || path.ends_with("/thermal_throttle")
}

/// runc's default device nodes (`specconv.AllowedDevices` with a path).
const DEFAULT_DEVICES: [(&str, i64, i64); 6] = [
    ("/dev/null", 1, 3),
    ("/dev/random", 1, 8),
    ("/dev/full", 1, 7),
    ("/dev/tty", 5, 0),
    ("/dev/zero", 1, 5),
    ("/dev/urandom", 1, 9),
];

struct Builder<'s> {
    spec: &'s Spec,
    options: PlanOptions,
    steps: Vec<Step<'s>>,
    phase: Phase,
}

impl<'s> Builder<'s> {
    fn push(&mut self, actor: Actor, op: Op<'s>) {
        self.steps.push(Step {
            phase: self.phase,
            actor,
            op,
        });
    }

    fn rt(&mut self, op: Op<'s>) {
        self.push(Actor::Runtime, op);
    }

    fn init(&mut self, op: Op<'s>) {
        self.push(Actor::Init, op);
    }

    fn mount(&mut self, m: MountOp<'s>) {
        self.init(Op::Mount(m));
    }

    #[allow(deprecated)] // `prestart` is deprecated in the spec, still run by runc and crun.
    fn hooks(&mut self, actor: Actor, kind: HookKind) {
        let Some(h) = self.spec.hooks().as_ref() else {
            return;
        };
        let list = match kind {
            HookKind::Prestart => h.prestart(),
            HookKind::CreateRuntime => h.create_runtime(),
            HookKind::CreateContainer => h.create_container(),
            HookKind::StartContainer => h.start_container(),
            HookKind::Poststart => h.poststart(),
            HookKind::Poststop => h.poststop(),
        };
        if let Some(list) = list {
            for (i, hook) in list.iter().enumerate() {
                self.push(
                    actor,
                    Op::Hook {
                        kind,
                        index: u32::try_from(i).unwrap_or(u32::MAX),
                        hook,
                    },
                );
            }
        }
    }

    /// The mounts of `config.json`, as runc's `mountToRootfs` does them.
    fn spec_mounts(&mut self, mounts: &'s [Mount]) {
        for m in mounts {
            let dest = path_str(m.destination());
            let options: &'s [String] = m.options().as_deref().unwrap_or(&[]);
            let fstype = m.typ().as_deref().unwrap_or("");
            // runc treats `"type": "bind"` as a bind mount even without a `bind` option.
            let mut flags = mount_flags(options);
            if fstype == "bind" {
                flags |= MS_BIND;
            }
            let source = m.source().as_deref().map(path_str).unwrap_or("");
            let is_bind = flags & MS_BIND != 0;
            if fstype == "cgroup" && !is_bind {
                self.cgroup_mount(dest, flags, options);
            } else if is_bind {
                self.mount(MountOp {
                    source,
                    target: MountTarget::InRootfs(dest),
                    fstype: "",
                    flags,
                    data: MountData::None,
                    role: MountRole::Spec,
                });
                if flags & !(MS_REC | MS_REMOUNT | MS_BIND) != 0 {
                    self.mount(MountOp {
                        source,
                        target: MountTarget::InRootfs(dest),
                        fstype: "",
                        flags: flags | MS_REMOUNT,
                        data: MountData::None,
                        role: MountRole::BindRemount,
                    });
                }
            } else {
                // tmpfs and /dev are mounted read-write and made read-only in
                // finalizeRootfs, after runc has created what it needs in them.
                let delay_ro = fstype == "tmpfs" || dest.trim_end_matches('/') == "/dev";
                self.mount(MountOp {
                    source,
                    target: MountTarget::InRootfs(dest),
                    fstype,
                    flags: if delay_ro { flags & !MS_RDONLY } else { flags },
                    data: MountData::Options(options),
                    role: MountRole::Spec,
                });
            }
            for o in options {
                if let MountOption::Propagation(p) = mount_option(o) {
                    self.mount(MountOp {
                        source: "",
                        target: MountTarget::InRootfs(dest),
                        fstype: "",
                        flags: p,
                        data: MountData::None,
                        role: MountRole::Propagation,
                    });
                }
            }
        }
    }

    fn cgroup_mount(&mut self, dest: &'s str, flags: u64, options: &'s [String]) {
        match self.options.cgroup {
            CgroupVersion::V2 => self.mount(MountOp {
                source: "cgroup",
                target: MountTarget::InRootfs(dest),
                fstype: "cgroup2",
                flags,
                data: MountData::Options(options),
                role: MountRole::Spec,
            }),
            CgroupVersion::V1 => {
                self.mount(MountOp {
                    source: "tmpfs",
                    target: MountTarget::InRootfs(dest),
                    fstype: "tmpfs",
                    flags: MS_NOEXEC | MS_NOSUID | MS_NODEV,
                    data: MountData::Text("mode=755"),
                    role: MountRole::CgroupV1Tmpfs,
                });
                self.mount(MountOp {
                    source: "/sys/fs/cgroup/<controller>/<container cgroup>",
                    target: MountTarget::InRootfs(dest),
                    fstype: "",
                    flags: MS_BIND | MS_REC | flags,
                    data: MountData::None,
                    role: MountRole::CgroupV1Binds,
                });
                if flags & MS_RDONLY != 0 {
                    self.mount(MountOp {
                        source: dest,
                        target: MountTarget::InRootfs(dest),
                        fstype: "",
                        flags: MS_NOEXEC | MS_NOSUID | MS_NODEV | MS_RDONLY | MS_BIND | MS_REMOUNT,
                        data: MountData::None,
                        role: MountRole::CgroupV1Remount,
                    });
                }
            }
        }
    }

    /// `/dev` setup when the spec does not bind-mount `/dev` itself.
    fn dev_setup(&mut self, in_userns: bool) {
        let spec_devices = self
            .spec
            .linux()
            .as_ref()
            .and_then(|l| l.devices().as_deref())
            .unwrap_or(&[]);
        for (path, major, minor) in DEFAULT_DEVICES {
            if spec_devices.iter().any(|d| path_str(d.path()) == path) {
                continue;
            }
            self.device(path, 'c', major, minor, 0o666, in_userns);
        }
        for d in spec_devices {
            let kind = match d.typ() {
                oci_spec::runtime::LinuxDeviceType::B => 'b',
                oci_spec::runtime::LinuxDeviceType::P => 'p',
                oci_spec::runtime::LinuxDeviceType::U => 'u',
                _ => 'c',
            };
            self.device(
                path_str(d.path()),
                kind,
                d.major(),
                d.minor(),
                d.file_mode().unwrap_or(0o666),
                in_userns,
            );
        }
        self.init(Op::PtmxSymlink);
        self.init(Op::DevSymlinks);
    }

    fn device(&mut self, path: &'s str, kind: char, major: i64, minor: i64, mode: u32, bind: bool) {
        if bind {
            self.mount(MountOp {
                source: path,
                target: MountTarget::InRootfs(path),
                fstype: "bind",
                flags: MS_BIND,
                data: MountData::None,
                role: MountRole::DeviceBind,
            });
        } else {
            self.init(Op::Mknod {
                path,
                kind,
                major,
                minor,
                mode,
            });
        }
    }

    /// The cgroup resource files, in the order runc (`fs2.Manager.Set`,
    /// `fs.Manager.Set`) or crun (`update_cgroup_v2_resources`) writes them.
    fn resources(&mut self) {
        let r = self
            .spec
            .linux()
            .as_ref()
            .and_then(|l| l.resources().as_ref());
        let Some(r) = r else {
            if self.options.runtime == OciRuntime::Runc {
                // runc always installs its own device allow-list.
                self.rt(Op::DeviceFilter { rules: 0 });
            }
            return;
        };
        let v2 = self.options.cgroup == CgroupVersion::V2;
        let devices =
            u32::try_from(r.devices().as_ref().map_or(0, |d| d.len())).unwrap_or(u32::MAX);
        let pids = r.pids().as_ref().map(|p| p.limit());
        let memory = r.memory().as_ref();
        let cpu = r.cpu().as_ref();
        let crun = self.options.runtime == OciRuntime::Crun;
        if crun || !v2 {
            self.rt(Op::DeviceFilter { rules: devices });
        }
        if !crun {
            if let Some(limit) = pids {
                self.pids(limit);
            }
        }
        if let Some(m) = memory {
            let file = if v2 {
                "memory.max"
            } else {
                "memory.limit_in_bytes"
            };
            if let (true, Some(swap)) = (v2, m.swap()) {
                let value = match (swap, m.limit()) {
                    (-1, _) | (_, Some(-1)) => -1,
                    (s, Some(l)) => s.saturating_sub(l),
                    (s, None) => s,
                };
                self.rt(Op::CgroupWrite {
                    file: "memory.swap.max",
                    value: CgroupValue::Number(value),
                });
            }
            if let Some(limit) = m.limit().filter(|l| *l != 0) {
                self.rt(Op::CgroupWrite {
                    file,
                    value: CgroupValue::Number(limit),
                });
            }
            if let Some(res) = m.reservation().filter(|r| *r != 0) {
                let file = if v2 {
                    "memory.low"
                } else {
                    "memory.soft_limit_in_bytes"
                };
                self.rt(Op::CgroupWrite {
                    file,
                    value: CgroupValue::Number(res),
                });
            }
        }
        if crun {
            if let Some(limit) = pids {
                self.pids(limit);
            }
        }
        if let Some(c) = cpu {
            if let Some(shares) = c.shares().filter(|s| *s != 0) {
                if v2 {
                    // runc's ConvertCPUSharesToCgroupV2Value (linear, runc ≤ 1.3).
                    let weight = 1 + (shares.saturating_sub(2)).saturating_mul(9999) / 262_142;
                    self.rt(Op::CgroupWrite {
                        file: "cpu.weight",
                        value: CgroupValue::Unsigned(weight),
                    });
                } else {
                    self.rt(Op::CgroupWrite {
                        file: "cpu.shares",
                        value: CgroupValue::Unsigned(shares),
                    });
                }
            }
            let quota = c.quota().unwrap_or(0);
            let period = c.period().unwrap_or(0);
            if quota != 0 || period != 0 {
                if v2 {
                    self.rt(Op::CgroupWrite {
                        file: "cpu.max",
                        value: CgroupValue::CpuMax {
                            quota,
                            period: if period == 0 { 100_000 } else { period },
                        },
                    });
                } else {
                    if period != 0 {
                        self.rt(Op::CgroupWrite {
                            file: "cpu.cfs_period_us",
                            value: CgroupValue::Unsigned(period),
                        });
                    }
                    if quota != 0 {
                        self.rt(Op::CgroupWrite {
                            file: "cpu.cfs_quota_us",
                            value: CgroupValue::Number(quota),
                        });
                    }
                }
            }
        }
        if v2 && !crun {
            self.rt(Op::DeviceFilter { rules: devices });
        }
        if v2 {
            if let Some(u) = r.unified() {
                let mut keys: Vec<(&'s String, &'s String)> = u.iter().collect();
                crate::order::sort(&mut keys);
                for (k, v) in keys {
                    self.rt(Op::CgroupWrite {
                        file: k,
                        value: CgroupValue::Text(v),
                    });
                }
            }
        }
    }

    fn pids(&mut self, limit: i64) {
        if limit != 0 {
            self.rt(Op::CgroupWrite {
                file: "pids.max",
                value: CgroupValue::Number(limit),
            });
        }
    }

    /// The mount flags of the spec mount that holds `path` (what `statfs`
    /// returns for it), limited to nosuid/nodev/noexec as runc's `readonlyPath`.
    fn statfs_flags(&self, path: &str) -> u64 {
        let mut best: Option<(usize, u64)> = None;
        for m in self.spec.mounts().as_deref().unwrap_or(&[]) {
            let d = path_str(m.destination()).trim_end_matches('/');
            let inside = path == d || (path.starts_with(d) && path[d.len()..].starts_with('/'));
            if inside && best.is_none_or(|(len, _)| d.len() >= len) {
                let flags = mount_flags(m.options().as_deref().unwrap_or(&[]));
                best = Some((d.len(), flags & (MS_NOSUID | MS_NODEV | MS_NOEXEC)));
            }
        }
        best.map_or(0, |(_, f)| f)
    }

    fn readonly_and_masked(&mut self) {
        let Some(linux) = self.spec.linux().as_ref() else {
            return;
        };
        for p in linux.readonly_paths().as_deref().unwrap_or(&[]) {
            let p = p.as_str();
            self.mount(MountOp {
                source: p,
                target: MountTarget::Container(p),
                fstype: "",
                flags: MS_BIND | MS_REC,
                data: MountData::None,
                role: MountRole::ReadonlyPathBind,
            });
            let extra = self.statfs_flags(p);
            self.mount(MountOp {
                source: p,
                target: MountTarget::Container(p),
                fstype: "",
                flags: extra | MS_BIND | MS_REMOUNT | MS_RDONLY,
                data: MountData::None,
                role: MountRole::ReadonlyPathRemount,
            });
        }
        for p in linux.masked_paths().as_deref().unwrap_or(&[]) {
            let p = p.as_str();
            if masked_path_is_dir(p) {
                self.mount(MountOp {
                    source: "tmpfs",
                    target: MountTarget::Container(p),
                    fstype: "tmpfs",
                    flags: MS_RDONLY,
                    data: MountData::None,
                    role: MountRole::MaskDir,
                });
            } else {
                self.mount(MountOp {
                    source: "/dev/null",
                    target: MountTarget::Container(p),
                    fstype: "",
                    flags: MS_BIND,
                    data: MountData::None,
                    role: MountRole::MaskFile,
                });
            }
        }
    }

    fn finalize_rootfs(&mut self) {
        for m in self.spec.mounts().as_deref().unwrap_or(&[]) {
            let dest = path_str(m.destination());
            let fstype = m.typ().as_deref().unwrap_or("");
            let flags = mount_flags(m.options().as_deref().unwrap_or(&[]));
            if flags & MS_RDONLY != 0
                && flags & MS_BIND == 0
                && (fstype == "tmpfs" || dest.trim_end_matches('/') == "/dev")
            {
                self.mount(MountOp {
                    source: "",
                    target: MountTarget::Container(dest),
                    fstype: "",
                    flags: flags | MS_REMOUNT | MS_RDONLY,
                    data: MountData::None,
                    role: MountRole::FinalizeReadonly,
                });
            }
        }
        if self.spec.root().as_ref().and_then(|r| r.readonly()) == Some(true) {
            self.mount(MountOp {
                source: "",
                target: MountTarget::Container("/"),
                fstype: "",
                flags: MS_BIND | MS_REMOUNT | MS_RDONLY,
                data: MountData::None,
                role: MountRole::ReadonlyRoot,
            });
        }
    }

    fn console(&mut self) {
        self.init(Op::ConsoleOpen);
        self.mount(MountOp {
            source: "/dev/pts/0",
            target: MountTarget::Container("/dev/console"),
            fstype: "bind",
            flags: MS_BIND,
            data: MountData::None,
            role: MountRole::Console,
        });
        self.init(Op::ConsoleSend);
        self.init(Op::Setctty);
    }

    fn capabilities(&mut self, caps: Option<&'s LinuxCapabilities>, setgroups: bool) {
        let process = self.spec.process().as_ref();
        let user = process.map(|p| p.user());
        if let Some(c) = caps {
            self.init(Op::CapBounding(c));
        }
        self.init(Op::KeepCaps(true));
        if setgroups {
            let groups = user
                .and_then(|u| u.additional_gids().as_deref())
                .unwrap_or(&[]);
            self.init(Op::Setgroups(groups));
        }
        self.init(Op::Setgid(user.map_or(0, |u| u.gid())));
        self.init(Op::Setuid(user.map_or(0, |u| u.uid())));
        self.init(Op::KeepCaps(false));
        if let Some(c) = caps {
            self.init(Op::Capset(c));
            if c.ambient().as_ref().is_some_and(|a| !a.is_empty()) {
                self.init(Op::AmbientCaps(c));
            }
        }
    }
}

fn check_runc(spec: &Spec, ns: &Namespaces<'_>, options: &PlanOptions) -> Result<(), PlanError> {
    let process = spec.process().as_ref().ok_or(PlanError::MissingProcess {
        runtime: OciRuntime::Runc,
    })?;
    let cwd = path_str(process.cwd());
    if cwd.is_empty() {
        return Err(PlanError::EmptyCwd);
    }
    if !cwd.starts_with('/') {
        return Err(PlanError::RelativeCwd);
    }
    if process.args().as_ref().is_none_or(|a| a.is_empty()) {
        return Err(PlanError::EmptyArgs {
            runtime: OciRuntime::Runc,
        });
    }
    if spec.root().is_none() {
        return Err(PlanError::MissingRoot {
            runtime: OciRuntime::Runc,
        });
    }
    let linux = spec.linux().as_ref();
    if let Some(p) = linux
        .and_then(|l| l.rootfs_propagation().as_deref())
        .filter(|p| !p.is_empty())
    {
        let flags =
            rootfs_propagation(p).ok_or_else(|| PlanError::RootfsPropagation(p.to_string()))?;
        if options.no_pivot && flags & MS_PRIVATE != 0 {
            return Err(PlanError::PrivatePropagationWithoutPivot);
        }
    }
    let uts = ns.has(LinuxNamespaceType::Uts);
    if spec.hostname().as_deref().is_some_and(|h| !h.is_empty()) && !uts {
        return Err(PlanError::HostnameWithoutUts);
    }
    if spec.domainname().as_deref().is_some_and(|h| !h.is_empty()) && !uts {
        return Err(PlanError::DomainnameWithoutUts);
    }
    if let Some(l) = linux {
        let restricts = l.masked_paths().as_ref().is_some_and(|v| !v.is_empty())
            || l.readonly_paths().as_ref().is_some_and(|v| !v.is_empty());
        if restricts && !ns.has(LinuxNamespaceType::Mount) {
            return Err(PlanError::RestrictSysWithoutMountNs);
        }
        let mappings = l.uid_mappings().is_some() || l.gid_mappings().is_some();
        if ns.has(LinuxNamespaceType::User) {
            if ns.is_new(LinuxNamespaceType::User) && !mappings {
                return Err(PlanError::UserNsWithoutMappings);
            }
        } else if mappings {
            return Err(PlanError::MappingsWithoutUserNs);
        }
    }
    Ok(())
}

fn check_crun(spec: &Spec) -> Result<(), PlanError> {
    if spec.linux().is_none() {
        return Err(PlanError::MissingLinux);
    }
    if spec.root().is_none() {
        return Err(PlanError::MissingRoot {
            runtime: OciRuntime::Crun,
        });
    }
    if spec.mounts().is_none() {
        return Err(PlanError::MissingMounts);
    }
    let process = spec.process().as_ref().ok_or(PlanError::MissingProcess {
        runtime: OciRuntime::Crun,
    })?;
    if process.args().as_ref().is_none_or(|a| a.is_empty()) {
        return Err(PlanError::EmptyArgs {
            runtime: OciRuntime::Crun,
        });
    }
    Ok(())
}

impl<'s> Plan<'s> {
    /// runc's steps on a cgroup v2 host.
    pub fn from_spec(spec: &'s Spec) -> Result<Plan<'s>, PlanError> {
        Plan::with_options(spec, PlanOptions::default())
    }

    /// The steps of `runtime` on a cgroup v2 host.
    pub fn for_runtime(spec: &'s Spec, runtime: OciRuntime) -> Result<Plan<'s>, PlanError> {
        Plan::with_options(
            spec,
            PlanOptions {
                runtime,
                ..PlanOptions::default()
            },
        )
    }

    /// The steps under explicit options.
    pub fn with_options(spec: &'s Spec, options: PlanOptions) -> Result<Plan<'s>, PlanError> {
        let ns = namespaces(spec, options.runtime)?;
        match options.runtime {
            OciRuntime::Runc => check_runc(spec, &ns, &options)?,
            OciRuntime::Crun => check_crun(spec)?,
        }
        let mut b = Builder {
            spec,
            options,
            steps: Vec::with_capacity(112),
            phase: Phase::Create,
        };
        match options.runtime {
            OciRuntime::Runc => runc(&mut b, &ns),
            OciRuntime::Crun => crun(&mut b, &ns),
        }
        Ok(Plan {
            spec,
            options,
            ns,
            steps: b.steps,
        })
    }

    /// The spec the plan was made from.
    pub fn spec(&self) -> &'s Spec {
        self.spec
    }

    /// The options it was made under.
    pub fn options(&self) -> PlanOptions {
        self.options
    }

    /// Whose steps.
    pub fn runtime(&self) -> OciRuntime {
        self.options.runtime
    }

    /// The assumed cgroup version.
    pub fn cgroup_version(&self) -> CgroupVersion {
        self.options.cgroup
    }

    /// Every step, in order.
    pub fn steps(&self) -> &[Step<'s>] {
        &self.steps
    }

    /// The steps of one phase, in order.
    pub fn phase(&self, phase: Phase) -> impl Iterator<Item = &Step<'s>> + '_ {
        self.steps.iter().filter(move |s| s.phase == phase)
    }
}

/// runc: `runc create`, `runc start`, `runc delete`.
fn runc<'s>(b: &mut Builder<'s>, ns: &Namespaces<'s>) {
    let spec = b.spec;
    let process = spec.process().as_ref();
    let linux = spec.linux().as_ref();
    let terminal = process.and_then(|p| p.terminal()).unwrap_or(false);
    let nnp = process.and_then(|p| p.no_new_privileges()).unwrap_or(false);
    let seccomp = linux.and_then(|l| l.seccomp().as_ref());
    let caps = process.and_then(|p| p.capabilities().as_ref());
    let mount_ns = ns.has(LinuxNamespaceType::Mount);

    // runc create: libcontainer.Create, then initProcess.start().
    b.rt(Op::LoadConfig);
    b.rt(Op::StateDir);
    b.rt(Op::CreateExecFifo);
    b.rt(Op::SealedSelfCopy);
    b.rt(Op::ExecInit { terminal });
    // manager.Apply(pid) before any child can be forked.
    b.rt(Op::CgroupCreate);
    b.rt(Op::CgroupJoin);

    // nsexec, in C, before the Go runtime of `runc init` starts.
    b.init(Op::Nsexec(NsexecStage::Parent));
    if let Some(adj) = process.and_then(|p| p.oom_score_adj()) {
        b.init(Op::OomScoreAdj(adj));
    }
    b.init(Op::Clone {
        flags: CLONE_PARENT,
        child: NsexecStage::Child.process_name(),
    });
    b.init(Op::Nsexec(NsexecStage::Child));
    for (t, path) in ns.joins() {
        b.init(Op::Setns { ns: t, path });
    }
    if ns.is_new(LinuxNamespaceType::User) {
        b.init(Op::Unshare {
            flags: CLONE_NEWUSER,
        });
        // Stage 0 (still in the host's user namespace) writes the maps.
        if let Some(m) = linux.and_then(|l| l.uid_mappings().as_deref()) {
            b.init(Op::IdMap {
                file: IdMapFile::Uid,
                mappings: m,
            });
        }
        if let Some(m) = linux.and_then(|l| l.gid_mappings().as_deref()) {
            b.init(Op::IdMap {
                file: IdMapFile::Gid,
                mappings: m,
            });
        }
    }
    let rest = ns.new & !(CLONE_NEWUSER | CLONE_NEWCGROUP);
    if rest != 0 {
        b.init(Op::Unshare { flags: rest });
    }
    b.init(Op::Clone {
        flags: CLONE_PARENT,
        child: NsexecStage::Init.process_name(),
    });
    b.init(Op::Nsexec(NsexecStage::Init));
    b.init(Op::Setsid);
    if ns.is_new(LinuxNamespaceType::Cgroup) {
        b.init(Op::Unshare {
            flags: CLONE_NEWCGROUP,
        });
    }

    // linuxStandardInit.Init.
    b.init(Op::GoInit);
    b.init(Op::SessionKeyring);
    if ns.is_new(LinuxNamespaceType::Network) {
        b.init(Op::LoopbackUp);
    }
    let mounts: &'s [Mount] = spec.mounts().as_deref().unwrap_or(&[]);
    b.init(Op::Enter("prepareRootfs"));
    if mount_ns {
        // prepareRoot.
        let propagation = linux
            .and_then(|l| l.rootfs_propagation().as_deref())
            .and_then(rootfs_propagation)
            .unwrap_or(MS_SLAVE | MS_REC);
        b.mount(MountOp {
            source: "",
            target: MountTarget::Container("/"),
            fstype: "",
            flags: propagation,
            data: MountData::None,
            role: MountRole::RootPropagation,
        });
        b.mount(MountOp {
            source: "",
            target: MountTarget::Rootfs,
            fstype: "bind",
            flags: MS_BIND | MS_REC,
            data: MountData::None,
            role: MountRole::RootfsBind,
        });
        b.spec_mounts(mounts);
        let dev_bound = mounts.iter().any(|m| {
            path_str(m.destination()).trim_end_matches('/') == "/dev"
                && mount_flags(m.options().as_deref().unwrap_or(&[])) & MS_BIND != 0
        });
        if !dev_bound {
            b.dev_setup(ns.has(LinuxNamespaceType::User));
        }
    }
    // procHooks: the parent applies resources and runs the runtime-namespace hooks.
    b.init(Op::Sync(SyncPoint::Hooks));
    b.resources();
    b.hooks(Actor::Runtime, HookKind::Prestart);
    b.hooks(Actor::Runtime, HookKind::CreateRuntime);
    b.hooks(Actor::Init, HookKind::CreateContainer);
    if b.options.no_pivot {
        b.mount(MountOp {
            source: "",
            target: MountTarget::Container("/"),
            fstype: "",
            flags: MS_MOVE,
            data: MountData::None,
            role: MountRole::MoveRoot,
        });
        b.init(Op::Chroot);
    } else if mount_ns {
        b.init(Op::PivotRoot);
        b.mount(MountOp {
            source: "",
            target: MountTarget::Container("."),
            fstype: "",
            flags: MS_SLAVE | MS_REC,
            data: MountData::None,
            role: MountRole::OldRootSlave,
        });
        b.init(Op::UnmountOldRoot);
    } else {
        b.init(Op::Chroot);
    }
    if terminal {
        b.console();
    }
    if mount_ns {
        b.finalize_rootfs();
    }
    if let Some(h) = spec.hostname().as_deref().filter(|h| !h.is_empty()) {
        b.init(Op::Sethostname(h));
    }
    if let Some(d) = spec.domainname().as_deref().filter(|h| !h.is_empty()) {
        b.init(Op::Setdomainname(d));
    }
    if let Some(a) = process
        .and_then(|p| p.apparmor_profile().as_deref())
        .filter(|a| !a.is_empty())
    {
        b.init(Op::AppArmor(a));
    }
    sysctls(b);
    b.readonly_and_masked();
    if nnp {
        b.init(Op::NoNewPrivs);
    }
    // procReady: the parent sets rlimits (it can still raise them) and saves state.json.
    b.init(Op::Sync(SyncPoint::Ready));
    for r in process.and_then(|p| p.rlimits().as_deref()).unwrap_or(&[]) {
        b.rt(Op::Rlimit(r));
    }
    b.rt(Op::SaveState);
    if let (Some(s), false) = (seccomp, nnp) {
        b.init(Op::Seccomp(s));
    }
    b.init(Op::Enter("finalizeNamespace"));
    if let Some(p) = process {
        b.init(Op::Chdir(path_str(p.cwd())));
    }
    b.capabilities(caps, true);
    if let (Some(s), true) = (seccomp, nnp) {
        b.init(Op::Seccomp(s));
    }
    b.init(Op::FifoWait);

    // runc start.
    b.phase = Phase::Start;
    b.rt(Op::LoadState);
    b.rt(Op::FifoOpen);
    b.init(Op::FifoWrite);
    b.rt(Op::FifoRead);
    b.rt(Op::FifoUnlink);
    b.hooks(Actor::Init, HookKind::StartContainer);
    b.init(Op::Execve(
        process.and_then(|p| p.args().as_deref()).unwrap_or(&[]),
    ));
    b.hooks(Actor::Runtime, HookKind::Poststart);

    // runc delete.
    b.phase = Phase::Delete;
    b.rt(Op::LoadState);
    b.rt(Op::Kill {
        all: !ns.is_new(LinuxNamespaceType::Pid),
    });
    b.rt(Op::CgroupRemove);
    b.rt(Op::StateRemove);
    b.hooks(Actor::Runtime, HookKind::Poststop);
}

fn sysctls(b: &mut Builder<'_>) {
    let Some(map) = b.spec.linux().as_ref().and_then(|l| l.sysctl().as_ref()) else {
        return;
    };
    let mut entries: Vec<_> = map.iter().collect();
    crate::order::sort(&mut entries);
    for (key, value) in entries {
        b.init(Op::Sysctl { key, value });
    }
}

/// crun: `crun create`, `crun start`, `crun delete` (libcrun_container_run_internal,
/// libcrun_run_linux_container, container_init_setup).
fn crun<'s>(b: &mut Builder<'s>, ns: &Namespaces<'s>) {
    let spec = b.spec;
    let process = spec.process().as_ref();
    let linux = spec.linux().as_ref();
    let terminal = process.and_then(|p| p.terminal()).unwrap_or(false);
    let nnp = process.and_then(|p| p.no_new_privileges()).unwrap_or(false);
    let seccomp = linux.and_then(|l| l.seccomp().as_ref());
    let caps = process.and_then(|p| p.capabilities().as_ref());
    let v2 = b.options.cgroup == CgroupVersion::V2;

    b.rt(Op::LoadConfig);
    b.rt(Op::StateDir);
    b.rt(Op::CreateExecFifo);
    b.rt(Op::CopyConfig);
    // Done before the clone so that the child inherits them.
    for r in process.and_then(|p| p.rlimits().as_deref()).unwrap_or(&[]) {
        b.rt(Op::Rlimit(r));
    }
    if let Some(adj) = process.and_then(|p| p.oom_score_adj()) {
        b.rt(Op::OomScoreAdj(adj));
    }
    if v2 {
        b.rt(Op::CgroupCreate);
    }

    // configure_init_status + the first clone.
    let user_new = ns.is_new(LinuxNamespaceType::User);
    let user_any = ns.has(LinuxNamespaceType::User);
    let joins = ns.joins().count();
    let mut to_unshare = ns.new;
    let mut must_fork = false;
    for (t, _) in ns.joins() {
        match t {
            LinuxNamespaceType::Pid | LinuxNamespaceType::Time if !user_any => must_fork = true,
            LinuxNamespaceType::Pid | LinuxNamespaceType::Time => to_unshare &= !clone_flag(t),
            _ => {}
        }
    }
    let delayed_userns = user_new && joins > 0;
    let first = if to_unshare & CLONE_NEWUSER != 0 && joins == 0 {
        CLONE_NEWUSER
    } else if !user_any {
        to_unshare & !(CLONE_NEWTIME | CLONE_NEWCGROUP)
    } else {
        0
    };
    b.rt(Op::Clone {
        flags: first,
        child: "the container process",
    });
    to_unshare &= !first;
    if to_unshare & (CLONE_NEWPID | CLONE_NEWTIME) != 0 {
        must_fork = true;
    }
    for (t, path) in ns.joins() {
        if t != LinuxNamespaceType::User {
            b.init(Op::Setns { ns: t, path });
        }
    }
    if user_any {
        if delayed_userns {
            b.init(Op::Unshare {
                flags: CLONE_NEWUSER,
            });
            to_unshare &= !CLONE_NEWUSER;
        }
        if user_new {
            // libcrun_set_usernamespace: the parent writes gid_map, then uid_map.
            if let Some(m) = linux.and_then(|l| l.gid_mappings().as_deref()) {
                b.rt(Op::IdMap {
                    file: IdMapFile::Gid,
                    mappings: m,
                });
            }
            if let Some(m) = linux.and_then(|l| l.uid_mappings().as_deref()) {
                b.rt(Op::IdMap {
                    file: IdMapFile::Uid,
                    mappings: m,
                });
            }
        } else if let Some(path) = ns.joined[join_index(LinuxNamespaceType::User)] {
            b.init(Op::Setns {
                ns: LinuxNamespaceType::User,
                path,
            });
        }
    }
    let rest = to_unshare & !(CLONE_NEWCGROUP | CLONE_NEWUSER);
    if rest != 0 {
        b.init(Op::Unshare { flags: rest });
    }
    if must_fork {
        b.init(Op::Clone {
            flags: 0,
            child: "the container's PID 1",
        });
    }
    let groups = process
        .and_then(|p| p.user().additional_gids().as_deref())
        .unwrap_or(&[]);
    b.init(Op::Setgroups(groups));

    // libcrun_cgroup_enter, then sync 1.
    if !v2 {
        b.rt(Op::CgroupCreate);
    }
    b.rt(Op::CgroupJoin);
    b.resources();
    if ns.is_new(LinuxNamespaceType::Cgroup) {
        b.init(Op::Unshare {
            flags: CLONE_NEWCGROUP,
        });
    }
    if ns.is_new(LinuxNamespaceType::Network) {
        b.init(Op::LoopbackUp);
    }
    sysctls(b);
    let mount_ns = ns.has(LinuxNamespaceType::Mount);
    let mounts: &'s [Mount] = spec.mounts().as_deref().unwrap_or(&[]);
    b.init(Op::Enter("libcrun_set_mounts"));
    if mount_ns {
        // crun's default root propagation is MS_REC|MS_PRIVATE (runc's is MS_SLAVE|MS_REC).
        let propagation = linux
            .and_then(|l| l.rootfs_propagation().as_deref())
            .filter(|p| !p.is_empty())
            .and_then(rootfs_propagation)
            .unwrap_or(MS_REC | MS_PRIVATE);
        b.mount(MountOp {
            source: "",
            target: MountTarget::Container("/"),
            fstype: "",
            flags: propagation,
            data: MountData::None,
            role: MountRole::RootPropagation,
        });
        b.mount(MountOp {
            source: "",
            target: MountTarget::Rootfs,
            fstype: "bind",
            flags: MS_BIND | MS_REC,
            data: MountData::None,
            role: MountRole::RootfsBind,
        });
        b.spec_mounts(mounts);
        let dev_bound = mounts.iter().any(|m| {
            path_str(m.destination()).trim_end_matches('/') == "/dev"
                && mount_flags(m.options().as_deref().unwrap_or(&[])) & MS_BIND != 0
        });
        if !dev_bound {
            b.dev_setup(ns.has(LinuxNamespaceType::User));
        }
    }
    // sync 2: the parent runs the runtime-namespace hooks.
    b.init(Op::Sync(SyncPoint::Hooks));
    b.hooks(Actor::Runtime, HookKind::Prestart);
    b.hooks(Actor::Runtime, HookKind::CreateRuntime);
    b.hooks(Actor::Init, HookKind::CreateContainer);
    if b.options.no_pivot || !mount_ns {
        if b.options.no_pivot {
            b.mount(MountOp {
                source: "",
                target: MountTarget::Container("/"),
                fstype: "",
                flags: MS_MOVE,
                data: MountData::None,
                role: MountRole::MoveRoot,
            });
        }
        b.init(Op::Chroot);
    } else {
        b.init(Op::PivotRoot);
        b.init(Op::UnmountOldRoot);
    }
    if mount_ns {
        b.finalize_rootfs();
        b.readonly_and_masked();
    }
    if let Some(a) = process
        .and_then(|p| p.apparmor_profile().as_deref())
        .filter(|a| !a.is_empty())
    {
        b.init(Op::AppArmor(a));
    }
    if let Some(p) = process {
        b.init(Op::Chdir(path_str(p.cwd())));
    }
    b.init(Op::Setsid);
    if terminal {
        b.console();
    }
    if let Some(h) = spec.hostname().as_deref().filter(|h| !h.is_empty()) {
        b.init(Op::Sethostname(h));
    }
    if let Some(d) = spec.domainname().as_deref().filter(|h| !h.is_empty()) {
        b.init(Op::Setdomainname(d));
    }
    if let (Some(s), false) = (seccomp, nnp) {
        b.init(Op::Seccomp(s));
    }
    b.init(Op::Enter("libcrun_set_caps"));
    b.capabilities(caps, false);
    if nnp {
        b.init(Op::NoNewPrivs);
    }
    // sync 4: the parent writes the status file and `crun create` returns.
    b.init(Op::Sync(SyncPoint::Ready));
    b.rt(Op::SaveState);
    b.init(Op::FifoWait);

    // crun start: libcrun_container_start.
    b.phase = Phase::Start;
    b.rt(Op::LoadState);
    b.rt(Op::FifoOpen);
    b.rt(Op::FifoUnlink);
    b.rt(Op::FifoWrite);
    if let (Some(s), true) = (seccomp, nnp) {
        b.init(Op::Seccomp(s));
    }
    b.hooks(Actor::Init, HookKind::StartContainer);
    b.init(Op::Execve(
        process.and_then(|p| p.args().as_deref()).unwrap_or(&[]),
    ));
    b.hooks(Actor::Runtime, HookKind::Poststart);

    // crun delete: container_delete_internal.
    b.phase = Phase::Delete;
    b.rt(Op::LoadState);
    b.rt(Op::Kill {
        all: !ns.is_new(LinuxNamespaceType::Pid),
    });
    b.rt(Op::CgroupRemove);
    b.hooks(Actor::Runtime, HookKind::Poststop);
    b.rt(Op::StateRemove);
}

#[cfg(all(test, feature = "oci-json"))]
mod parse_config_tests {
    use super::*;

    fn json_error(text: &str) -> (u32, u32, String) {
        match parse_config(text, OciRuntime::Runc) {
            Err(PlanError::Json {
                line,
                column,
                message,
            }) => (line, column, message),
            other => panic!("{text:?}: expected a JSON error, got {other:?}"),
        }
    }

    /// What Go's `json.NewDecoder(f).Decode(&spec)` returns for each text
    /// (encoding/json's scanner wording), and where the fault is.
    #[test]
    fn syntax_faults_in_go_words() {
        let cases: &[(&str, (u32, u32), &str)] = &[
            (
                "{\"ociVersion\": \"1.0.2\", \"process\": {",
                (1, 37),
                "unexpected EOF",
            ),
            ("", (1, 1), "EOF"),
            ("  \n", (2, 1), "EOF"),
            (
                "x",
                (1, 1),
                "invalid character 'x' looking for beginning of value",
            ),
            (
                "\u{feff}{}",
                (1, 1),
                "invalid character 'ï' looking for beginning of value",
            ),
            (
                "{\"a\" 1}",
                (1, 6),
                "invalid character '1' after object key",
            ),
            (
                "{\"a\": 1 \"b\": 2}",
                (1, 9),
                "invalid character '\"' after object key:value pair",
            ),
            (
                "{\"a\": [1 2]}",
                (1, 10),
                "invalid character '2' after array element",
            ),
            (
                "{\"a\": 1,}",
                (1, 9),
                "invalid character '}' looking for beginning of object key string",
            ),
            (
                "{\"a\": [1,]}",
                (1, 10),
                "invalid character ']' looking for beginning of value",
            ),
            (
                "{1: 2}",
                (1, 2),
                "invalid character '1' looking for beginning of object key string",
            ),
            (
                "{\"a\": tru}",
                (1, 7),
                "invalid character '}' in literal true (expecting 'e')",
            ),
            ("{\"a\": nul", (1, 7), "unexpected EOF"),
            (
                "{\"a\": \"x\\qy\"}",
                (1, 9),
                "invalid character 'q' in string escape code",
            ),
            (
                "{\"a\": \"x\ny\"}",
                (1, 9),
                "invalid character '\\n' in string literal",
            ),
            (
                "{\"a\": \"\\u12G4\"}",
                (1, 8),
                "invalid character 'G' in \\u hexadecimal character escape",
            ),
            (
                "{\"a\": -x}",
                (1, 8),
                "invalid character 'x' in numeric literal",
            ),
            (
                "{\"a\": 1.}",
                (1, 9),
                "invalid character '}' after decimal point in numeric literal",
            ),
            (
                "{\"a\": 1e+}",
                (1, 10),
                "invalid character '}' in exponent of numeric literal",
            ),
            (
                "{} x",
                (1, 4),
                "invalid character 'x' after top-level value",
            ),
        ];
        let wrong: Vec<String> = cases
            .iter()
            .filter_map(|(text, at, want)| {
                let (line, column, message) = json_error(text);
                ((line, column) != *at || message != *want)
                    .then(|| format!("{text:?}: {line}:{column}: {message}"))
            })
            .collect();
        assert!(wrong.is_empty(), "{wrong:#?}");
        assert_eq!(go_quote_byte(0x01), "'\\x01'");
        assert_eq!(go_quote_byte(b'\''), "'\\''");
        assert_eq!(go_quote_byte(0x85), "'\\u0085'");
    }

    #[test]
    fn limits_and_type_faults_say_what_and_where() {
        let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
        let (_, _, message) = json_error(&deep);
        assert!(
            message.contains("nesting deeper than 100 levels"),
            "{message}"
        );

        // An array is not a struct, for Go as for this reader.
        let (line, column, message) =
            json_error("{\"ociVersion\": \"1.0.2\",\n \"process\": [\"sh\"]}");
        assert_eq!((line, column), (2, 13));
        assert_eq!(message, "invalid type: sequence, expected struct Process");
        let (_, _, message) = json_error("{\"ociVersion\": 1}");
        assert_eq!(message, "invalid type: integer `1`, expected a string");
        let (_, _, message) = json_error("{\"ociVersion\": \"1\", \"ociVersion\": \"2\"}");
        assert_eq!(message, "duplicate field `ociVersion`");
    }

    #[test]
    fn reads_the_shipped_specs_as_serde_json_does() {
        for text in [
            super::super::spec::RUNC_DEFAULT_JSON,
            super::super::spec::RUNC_ROOTLESS_JSON,
        ] {
            let ours = parse_config(text, OciRuntime::Runc).expect("shipped spec");
            let theirs: Spec = serde_json::from_str(text).expect("serde_json");
            assert_eq!(ours, theirs);
        }
        assert_eq!(
            super::super::spec::runc_default(),
            parse_config(super::super::spec::RUNC_DEFAULT_JSON, OciRuntime::Crun).unwrap()
        );
    }
}
