//! crun's order: `crun create` (no re-exec: the runtime clones the container
//! process itself, which then sets itself up), `crun start` and `crun delete`,
//! written with the blocks both runtimes share; and crun's refusals.

use super::builder::Builder;
use super::namespaces::Namespaces;
use super::{Actor, CgroupVersion, HookKind, OciRuntime, Op, Phase, PlanError, SyncPoint};
use crate::oci::sys::*;
use oci_spec::runtime::{LinuxNamespaceType, Spec};

/// crun's refusals of a spec it cannot load, before any step.
pub(super) fn check(spec: &Spec) -> Result<(), PlanError> {
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

/// crun: `crun create`, `crun start`, `crun delete` (libcrun_container_run_internal,
/// libcrun_run_linux_container, container_init_setup).
pub(super) fn steps<'s>(b: &mut Builder<'s>, ns: &Namespaces<'s>) {
    let v2 = b.options.cgroup == CgroupVersion::V2;

    b.rt(Op::LoadConfig);
    b.rt(Op::StateDir);
    b.rt(Op::CreateExecFifo);
    b.rt(Op::CopyConfig);
    // Done before the clone so that the child inherits them.
    b.rlimits();
    b.oom_score_adj(Actor::Runtime);
    if v2 {
        b.rt(Op::CgroupCreate);
    }
    b.crun_clone(ns);
    b.setgroups();

    // libcrun_cgroup_enter, then sync 1.
    if !v2 {
        b.rt(Op::CgroupCreate);
    }
    b.rt(Op::CgroupJoin);
    b.resources();
    b.unshare_cgroup(ns);
    b.loopback(ns);
    b.sysctls();
    b.init(Op::Enter("libcrun_set_mounts"));
    // crun's default root propagation is MS_REC|MS_PRIVATE (runc's is MS_SLAVE|MS_REC).
    b.mount_rootfs(ns, MS_REC | MS_PRIVATE);
    // sync 2: the parent runs the runtime-namespace hooks.
    b.init(Op::Sync(SyncPoint::Hooks));
    b.hooks(Actor::Runtime, HookKind::Prestart);
    b.hooks(Actor::Runtime, HookKind::CreateRuntime);
    b.hooks(Actor::Init, HookKind::CreateContainer);
    b.enter_rootfs(ns, false);
    if ns.has(LinuxNamespaceType::Mount) {
        b.finalize_rootfs();
        b.readonly_and_masked();
    }
    b.apparmor();
    b.chdir();
    b.init(Op::Setsid);
    if b.terminal() {
        b.console();
    }
    b.uts_names();
    b.seccomp_before_caps();
    b.init(Op::Enter("libcrun_set_caps"));
    b.capabilities(false);
    b.no_new_privs();
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
    b.seccomp_late();
    b.run_program();

    // crun delete: container_delete_internal.
    b.phase = Phase::Delete;
    b.kill_and_remove_cgroup(ns);
    b.hooks(Actor::Runtime, HookKind::Poststop);
    b.rt(Op::StateRemove);
}
