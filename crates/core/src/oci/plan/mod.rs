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
//!
//! Files, by what they plan: `read` (config text to a [`Spec`]), `namespaces`
//! (entering them: runc's `nsexec`, crun's `clone`), `rootfs` (mounts, `/dev`,
//! `pivot_root`, masked paths), `cgroups` (resource files), `process` (the
//! process's own set-up, `execve`): blocks both runtimes take, written once.
//! `runc` and `crun` hold only each runtime's order of those blocks and its
//! refusals; `op` is the vocabulary of steps, `builder` the list they are
//! written into, `error` why a spec cannot be planned.

mod builder;
mod cgroups;
mod crun;
mod error;
mod namespaces;
mod op;
mod process;
mod read;
mod rootfs;
mod runc;

pub use cgroups::{
    check_swappiness, cpuset_writes, ram_in_bytes, resource_writes, update_refusal,
    update_resources, write_note_id, ResourceScope,
};
pub use error::PlanError;
pub(super) use namespaces::Namespaces;
pub use op::{
    CgroupValue, HookKind, IdMapFile, MountData, MountOp, MountRole, MountTarget, NsexecStage, Op,
    SyncPoint,
};
pub use read::parse_config;

use crate::trace::Component;
use builder::Builder;
use oci_spec::runtime::Spec;
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

/// A path as text (a spec read from JSON is always UTF-8).
pub(super) fn path_str(p: &Path) -> &str {
    p.to_str().unwrap_or("\u{fffd}")
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
        let ns = namespaces::namespaces(spec, options.runtime)?;
        match options.runtime {
            OciRuntime::Runc => runc::check(spec, &ns, &options)?,
            OciRuntime::Crun => crun::check(spec)?,
        }
        let mut b = Builder::new(spec, options);
        match options.runtime {
            OciRuntime::Runc => runc::steps(&mut b, &ns),
            OciRuntime::Crun => crun::steps(&mut b, &ns),
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
