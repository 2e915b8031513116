//! Turning [`Plan`] steps into Trace [`Hop`]s.
//!
//! Every hop runs along one of these edges of the topology (and no other):
//! `runc → runc-init` `exec` (`runc init`), `runc → kernel` `syscall` /
//! `cgroupfs` / `exec` (hook programs), `runc → runc` `in-process`,
//! `runc-init → kernel` `syscall`, `runc-init → runc-init` `in-process`, and
//! for crun `crun → kernel` `syscall` / `cgroupfs` / `exec`, `crun → crun`
//! `in-process`. Hops carry `seq: 0`; the engine numbers them.
//!
//! This module holds the context and the shapes of hops (a syscall, work in
//! the process, a cgroup file) and routes each [`Op`] to the file that
//! narrates its kind: `lifecycle`, `namespaces`, `cgroups`, `rootfs`,
//! `process`.

mod cgroups;
mod lifecycle;
mod namespaces;
mod process;
mod rootfs;

use super::plan::*;
use super::sys::*;
use crate::message::Msg;
use crate::msg;
use crate::trace::{Component, Effect, Hop, Iface, Layer};
use oci_spec::runtime::Spec;
use serde_json::{Map, Value};

/// What the renderer needs to know about one container besides its spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HopContext {
    /// Container id.
    pub id: String,
    /// Absolute bundle directory (holds `config.json`; a relative `root.path` is under it).
    pub bundle: String,
    /// The runtime's state root (`--root`), e.g. `/run/runc` or `/run/containerd/runc/k8s.io`.
    pub root: String,
    /// The pid of the container's init process, as seen from the host. runc's
    /// nsexec stages are shown as `init_pid - 2` (`runc init`, stage 0) and
    /// `init_pid - 1` (stage 1).
    pub init_pid: u32,
    /// The container's cgroup, relative to the cgroup mount (`/default/demo`);
    /// see [`cgroup_path_for`].
    pub cgroup_path: String,
    /// Whether `delete` finds the init process alive (a `created` container,
    /// or `delete --force` of a running one) and must kill it first.
    pub delete_kills_init: bool,
}

impl HopContext {
    /// A context for `id` in `bundle`, with the runtime's default root, the
    /// cgroup the spec asks for and a fixed init pid (4242).
    pub fn new(plan: &Plan<'_>, id: &str, bundle: &str) -> HopContext {
        HopContext {
            id: id.to_string(),
            bundle: bundle.to_string(),
            root: plan.runtime().default_root().to_string(),
            init_pid: 4242,
            cgroup_path: cgroup_path_for(plan.spec(), id),
            delete_kills_init: false,
        }
    }
}

/// The cgroup a spec's container gets, relative to the cgroup mount:
/// `linux.cgroupsPath` as is when it is a path, expanded when it is systemd's
/// `slice:prefix:name` form (`kubepods-besteffort-pod1.slice:cri-containerd:abc`
/// → `/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod1.slice/cri-containerd-abc.scope`),
/// and `/<id>` when unset (runc and crun put it under their own cgroup's
/// parent; the simulation uses the root).
pub fn cgroup_path_for(spec: &Spec, id: &str) -> String {
    let path = spec
        .linux()
        .as_ref()
        .and_then(|l| l.cgroups_path().as_deref())
        .map(path_str)
        .unwrap_or("");
    if path.is_empty() {
        return format!("/{id}");
    }
    let parts: Vec<&str> = path.split(':').collect();
    if let [slice, prefix, name] = parts.as_slice() {
        let mut out = String::new();
        let slice = slice.strip_suffix(".slice").unwrap_or(slice);
        let mut acc = String::new();
        for piece in slice.split('-').filter(|p| !p.is_empty()) {
            if !acc.is_empty() {
                acc.push('-');
            }
            acc.push_str(piece);
            out.push('/');
            out.push_str(&acc);
            out.push_str(".slice");
        }
        out.push('/');
        out.push_str(prefix);
        out.push('-');
        out.push_str(name);
        out.push_str(".scope");
        return out;
    }
    if path.starts_with('/') {
        path.to_string()
    } else {
        format!("/{path}")
    }
}

struct Ctx<'a> {
    ctx: &'a HopContext,
    runtime: OciRuntime,
    v2: bool,
    rootfs: String,
    state: String,
    fifo: String,
    cgroup: String,
}

impl Ctx<'_> {
    fn rt(&self) -> Component {
        self.runtime.component()
    }

    fn init(&self) -> Component {
        self.runtime.init_component()
    }

    fn who(&self, actor: Actor) -> Component {
        match actor {
            Actor::Runtime => self.rt(),
            Actor::Init => self.init(),
        }
    }

    /// How the narration names an actor.
    fn name(&self, actor: Actor) -> Who {
        match (self.runtime, actor) {
            (OciRuntime::Runc, Actor::Runtime) => Who::Runc,
            (OciRuntime::Runc, Actor::Init) => Who::RuncInit,
            (OciRuntime::Crun, Actor::Runtime) => Who::Crun,
            (OciRuntime::Crun, Actor::Init) => Who::ContainerProcess,
        }
    }

    fn in_rootfs(&self, p: &str) -> String {
        let mut s = self.rootfs.clone();
        if !p.starts_with('/') {
            s.push('/');
        }
        s.push_str(p.trim_end_matches('/'));
        s
    }

    fn cgroup_dir(&self) -> String {
        if self.v2 {
            format!("/sys/fs/cgroup{}", self.cgroup)
        } else {
            format!("/sys/fs/cgroup/<controller>{}", self.cgroup)
        }
    }

    fn stage0_pid(&self) -> u32 {
        self.ctx.init_pid.saturating_sub(2)
    }

    fn stage1_pid(&self) -> u32 {
        self.ctx.init_pid.saturating_sub(1)
    }
}

/// How the narration names the process that acts: the runtime, its init, or
/// one of runc's nsexec stages by number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Who {
    Runc,
    RuncInit,
    Crun,
    ContainerProcess,
    Stage(u8),
}

impl Who {
    /// The name at the start of a sentence (`$who` of a note).
    fn msg(self) -> Msg {
        match self {
            Who::Runc => msg!("oci-who-runc"),
            Who::RuncInit => msg!("oci-who-runc-init"),
            Who::Crun => msg!("oci-who-crun"),
            Who::ContainerProcess => msg!("oci-who-container-process"),
            Who::Stage(n) => msg!("oci-who-stage", n = n),
        }
    }

    /// The name inside a sentence (English lowers its first letter).
    fn mid(self) -> Msg {
        match self {
            Who::ContainerProcess => msg!("oci-who-container-process-mid"),
            Who::Stage(n) => msg!("oci-who-stage-mid", n = n),
            other => other.msg(),
        }
    }
}

struct Detail(Map<String, Value>);

impl Detail {
    fn new() -> Self {
        Detail(Map::new())
    }

    fn s(mut self, k: &str, v: impl Into<String>) -> Self {
        self.0.insert(k.to_string(), Value::String(v.into()));
        self
    }

    fn v(mut self, k: &str, v: Value) -> Self {
        self.0.insert(k.to_string(), v);
        self
    }
}

impl Plan<'_> {
    /// The hops of one phase, in order, with `seq: 0`.
    pub fn hops(&self, phase: Phase, ctx: &HopContext) -> Vec<Hop> {
        let c = self.render_ctx(ctx);
        self.phase(phase)
            .filter_map(|step| self.hop(&c, step))
            .collect()
    }

    /// The hops of the given steps (indices into [`Plan::steps`]), in the
    /// order given, with `seq: 0`: what a runtime that carried out exactly
    /// those steps records (the native runtime's `--trace`). Indices past the
    /// end are skipped.
    pub fn hops_of(&self, steps: &[usize], ctx: &HopContext) -> Vec<Hop> {
        let c = self.render_ctx(ctx);
        steps
            .iter()
            .filter_map(|&i| self.steps().get(i))
            .filter_map(|step| self.hop(&c, step))
            .collect()
    }

    /// The hops of `update`'s writes (`ops`: [`resource_writes`] of the new
    /// values), rendered as `create` renders its own: the runtime writes each
    /// file of the container's cgroup. Ops other than cgroup writes (`update`
    /// never has them) are skipped.
    ///
    /// [`resource_writes`]: crate::oci::resource_writes
    pub fn update_hops(&self, ops: &[Op<'_>], ctx: &HopContext) -> Vec<Hop> {
        let c = self.render_ctx(ctx);
        ops.iter()
            .filter(|op| matches!(op, Op::CgroupWrite { .. }))
            .filter_map(|&op| {
                let step = Step {
                    phase: Phase::Create,
                    actor: Actor::Runtime,
                    op,
                };
                self.hop(&c, &step)
            })
            .collect()
    }

    fn render_ctx<'c>(&self, ctx: &'c HopContext) -> Ctx<'c> {
        let spec = self.spec();
        let root_path = spec
            .root()
            .as_ref()
            .map(|r| path_str(r.path()))
            .unwrap_or("rootfs");
        let rootfs = if root_path.starts_with('/') {
            root_path.trim_end_matches('/').to_string()
        } else {
            format!(
                "{}/{}",
                ctx.bundle.trim_end_matches('/'),
                root_path.trim_end_matches('/')
            )
        };
        let state = format!("{}/{}", ctx.root.trim_end_matches('/'), ctx.id);
        Ctx {
            ctx,
            runtime: self.runtime(),
            v2: self.cgroup_version() == CgroupVersion::V2,
            rootfs,
            fifo: format!("{state}/exec.fifo"),
            state,
            cgroup: ctx.cgroup_path.clone(),
        }
    }

    fn hop(&self, c: &Ctx<'_>, step: &Step<'_>) -> Option<Hop> {
        let actor = step.actor;
        let runc = c.runtime == OciRuntime::Runc;
        // Inside runc's nsexec, name the stage that acts.
        let who = match (runc, step.op) {
            (true, Op::OomScoreAdj(_)) => Who::Stage(0),
            (true, Op::Setns { .. }) => Who::Stage(1),
            (true, Op::Unshare { flags }) if flags != CLONE_NEWCGROUP => Who::Stage(1),
            (true, Op::Setsid | Op::Unshare { .. }) => Who::Stage(2),
            _ => c.name(actor),
        };
        let n = Narrator {
            plan: self,
            c,
            step,
            me: c.who(actor),
            actor,
            who,
            runc,
            ns: self.ns,
        };
        match step.op {
            Op::Enter(_)
            | Op::LoadConfig
            | Op::StateDir
            | Op::CreateExecFifo
            | Op::CopyConfig
            | Op::SealedSelfCopy
            | Op::ExecInit { .. }
            | Op::Sync(_)
            | Op::Hook { .. }
            | Op::SaveState
            | Op::FifoWait
            | Op::LoadState
            | Op::FifoOpen
            | Op::FifoWrite
            | Op::FifoRead
            | Op::FifoUnlink
            | Op::Execve(_)
            | Op::Kill { .. }
            | Op::StateRemove => lifecycle::hop(&n),
            Op::CgroupCreate
            | Op::CgroupJoin
            | Op::CgroupWrite { .. }
            | Op::DeviceFilter { .. }
            | Op::CgroupRemove => cgroups::hop(&n),
            Op::Nsexec(_)
            | Op::Clone { .. }
            | Op::Setns { .. }
            | Op::Unshare { .. }
            | Op::IdMap { .. }
            | Op::Setsid
            | Op::GoInit
            | Op::SessionKeyring
            | Op::LoopbackUp => namespaces::hop(&n),
            Op::Mount(_)
            | Op::Mknod { .. }
            | Op::PtmxSymlink
            | Op::DevSymlinks
            | Op::RootfsParentPrivate
            | Op::PivotRoot
            | Op::UnmountOldRoot
            | Op::Chroot
            | Op::ConsoleOpen
            | Op::ConsoleSend
            | Op::Setctty => rootfs::hop(&n),
            Op::OomScoreAdj(_)
            | Op::Sethostname(_)
            | Op::Setdomainname(_)
            | Op::AppArmor(_)
            | Op::Sysctl { .. }
            | Op::NoNewPrivs
            | Op::Rlimit(_)
            | Op::Seccomp(_)
            | Op::Chdir(_)
            | Op::CapBounding(_)
            | Op::KeepCaps(_)
            | Op::Setgroups(_)
            | Op::Setgid(_)
            | Op::Setuid(_)
            | Op::Capset(_)
            | Op::AmbientCaps(_) => process::hop(&n),
        }
    }
}

/// One step being narrated: the plan, the rendering context, who acts and
/// how that actor is named, and the shapes its hops take.
struct Narrator<'a, 's> {
    plan: &'a Plan<'s>,
    c: &'a Ctx<'a>,
    step: &'a Step<'a>,
    /// The component that takes the step.
    me: Component,
    actor: Actor,
    /// How the narration names the actor (runc's nsexec stages by number).
    who: Who,
    runc: bool,
    ns: Namespaces<'s>,
}

impl Narrator<'_, '_> {
    /// A system call of the acting process.
    fn syscall(&self, call: &str, d: Detail, note: Msg) -> Hop {
        Hop {
            seq: 0,
            from: self.me,
            to: Component::Kernel,
            iface: Iface::Syscall,
            call: call.to_string(),
            note: Some(note.into()),
            detail: Some(d.0),
            parent: None,
            effects: Vec::new(),
        }
    }

    /// Work inside the acting process.
    fn in_process(&self, call: &str, d: Detail, note: Msg) -> Hop {
        Hop {
            seq: 0,
            from: self.me,
            to: self.me,
            iface: Iface::InProcess,
            call: call.to_string(),
            note: Some(note.into()),
            detail: if d.0.is_empty() { None } else { Some(d.0) },
            parent: None,
            effects: Vec::new(),
        }
    }

    /// A cgroup file written by the runtime.
    fn cgroupfs(&self, file: &str, path: String, value: String, note: Msg) -> Hop {
        Hop {
            seq: 0,
            from: self.c.rt(),
            to: Component::Kernel,
            iface: Iface::Cgroupfs,
            call: file.to_string(),
            note: Some(note.into()),
            detail: Some(Detail::new().s("path", path).s("value", value).0),
            parent: None,
            effects: Vec::new(),
        }
    }

    /// A change of the container's OCI state.
    fn effect(&self, from: Option<&str>, to: &str) -> Effect {
        Effect {
            object: format!("container/{}", self.c.ctx.id),
            layer: Layer::Oci,
            from: from.map(str::to_string),
            to: to.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Who;
    use crate::message::{Catalog, Lang};
    use crate::msg;

    /// The Korean notes read as Korean: particles follow the name before them.
    #[test]
    fn notes_speak_korean() {
        let ko = Catalog::builtin(Lang::Ko);
        assert_eq!(
            ko.render(&msg!(
                "oci-cgroup-create",
                who = Who::Runc.msg(),
                cgroup = "/default/demo"
            )),
            "runc가 컨테이너의 cgroup /default/demo를 만든다."
        );
        assert_eq!(
            ko.render(&msg!("oci-unshare-cgroup", who = Who::Stage(2).mid())),
            "이제 cgroup 안에 들어왔으므로 스테이지 2가 cgroup 네임스페이스를 만든다. 컨테이너는 자신의 cgroup을 루트로 본다."
        );
        assert_eq!(
            ko.render(&msg!(
                "oci-unshare",
                who = Who::Stage(1).msg(),
                namespaces = super::namespaces::ns_names(
                    crate::oci::sys::CLONE_NEWNS
                        | crate::oci::sys::CLONE_NEWUTS
                        | crate::oci::sys::CLONE_NEWNET
                )
            )),
            "스테이지 1이 새 마운트, UTS, 네트워크 리눅스 네임스페이스를 만든다."
        );
        let en = Catalog::english();
        assert_eq!(
            en.render(&super::namespaces::ns_names(
                crate::oci::sys::CLONE_NEWNS
                    | crate::oci::sys::CLONE_NEWUTS
                    | crate::oci::sys::CLONE_NEWNET
            )),
            "mount, uts and network"
        );
    }
}
