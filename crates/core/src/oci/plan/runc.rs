//! runc's order: `runc create` (the parent's steps, `runc init`'s `nsexec`
//! stages, then its Go `linuxStandardInit`), `runc start` and `runc delete`,
//! written with the blocks both runtimes share; and runc's refusals.

use super::builder::Builder;
use super::namespaces::Namespaces;
use super::{path_str, Actor, HookKind, OciRuntime, Op, Phase, PlanError, PlanOptions, SyncPoint};
use crate::oci::sys::*;
use oci_spec::runtime::{LinuxNamespaceType, Spec};

/// runc's refusals (`configs/validate` and `specconv`), before any step.
pub(super) fn check(
    spec: &Spec,
    ns: &Namespaces<'_>,
    options: &PlanOptions,
) -> Result<(), PlanError> {
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
    super::cgroups::check(spec, options)
}

/// runc: `runc create`, `runc start`, `runc delete`.
pub(super) fn steps<'s>(b: &mut Builder<'s>, ns: &Namespaces<'s>) {
    // runc create: libcontainer.Create, then initProcess.start().
    b.rt(Op::LoadConfig);
    b.rt(Op::StateDir);
    b.rt(Op::CreateExecFifo);
    b.rt(Op::SealedSelfCopy);
    b.rt(Op::ExecInit {
        terminal: b.terminal(),
    });
    // manager.Apply(pid) before any child can be forked.
    b.rt(Op::CgroupCreate);
    b.cpuset_before_join();
    b.rt(Op::CgroupJoin);
    b.runc_nsexec(ns);

    // linuxStandardInit.Init.
    b.init(Op::GoInit);
    b.init(Op::SessionKeyring);
    b.loopback(ns);
    b.init(Op::Enter("prepareRootfs"));
    b.mount_rootfs(ns, MS_SLAVE | MS_REC);
    // procHooks: the parent applies resources and runs the runtime-namespace hooks.
    b.init(Op::Sync(SyncPoint::Hooks));
    b.resources();
    b.hooks(Actor::Runtime, HookKind::Prestart);
    b.hooks(Actor::Runtime, HookKind::CreateRuntime);
    b.hooks(Actor::Init, HookKind::CreateContainer);
    b.enter_rootfs(ns, true);
    if b.terminal() {
        b.console();
    }
    if ns.has(LinuxNamespaceType::Mount) {
        b.finalize_rootfs();
    }
    b.uts_names();
    b.apparmor();
    b.sysctls();
    b.readonly_and_masked();
    b.no_new_privs();
    // procReady: the parent sets rlimits (it can still raise them) and saves state.json.
    b.init(Op::Sync(SyncPoint::Ready));
    b.rlimits();
    b.rt(Op::SaveState);
    b.seccomp_before_caps();
    b.init(Op::Enter("finalizeNamespace"));
    b.chdir();
    b.capabilities(true);
    b.seccomp_late();
    b.init(Op::FifoWait);

    // runc start.
    b.phase = Phase::Start;
    b.rt(Op::LoadState);
    b.rt(Op::FifoOpen);
    b.init(Op::FifoWrite);
    b.rt(Op::FifoRead);
    b.rt(Op::FifoUnlink);
    b.run_program();

    // runc delete.
    b.phase = Phase::Delete;
    b.kill_and_remove_cgroup(ns);
    b.rt(Op::StateRemove);
    b.hooks(Actor::Runtime, HookKind::Poststop);
}
