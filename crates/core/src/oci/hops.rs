//! Turning [`Plan`] steps into Trace [`Hop`]s.
//!
//! Every hop runs along one of these edges of the topology (and no other):
//! `runc → runc-init` `exec` (`runc init`), `runc → kernel` `syscall` /
//! `cgroupfs` / `exec` (hook programs), `runc → runc` `in-process`,
//! `runc-init → kernel` `syscall`, `runc-init → runc-init` `in-process`, and
//! for crun `crun → kernel` `syscall` / `cgroupfs` / `exec`, `crun → crun`
//! `in-process`. Hops carry `seq: 0`; the engine numbers them.

use super::plan::*;
use super::sys::*;
use crate::trace::{Component, Effect, Hop, Iface, Layer};
use oci_spec::runtime::{Capabilities, LinuxCapabilities, Spec};
use serde_json::{json, Map, Value};

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
    fn name(&self, actor: Actor) -> &'static str {
        match (self.runtime, actor) {
            (OciRuntime::Runc, Actor::Runtime) => "runc",
            (OciRuntime::Runc, Actor::Init) => "runc init",
            (OciRuntime::Crun, Actor::Runtime) => "crun",
            (OciRuntime::Crun, Actor::Init) => "The container process",
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

fn sorted_caps(set: Option<&Capabilities>) -> Vec<&'static str> {
    let mut v: Vec<_> = set
        .map(|s| s.iter().copied().collect::<Vec<_>>())
        .unwrap_or_default();
    crate::order::sort_by_key(&mut v, |c| capability_number(*c));
    v.into_iter().map(capability_name).collect()
}

fn first_word(args: &[String]) -> &str {
    args.first().map(String::as_str).unwrap_or("")
}

fn ns_names(flags: u64) -> String {
    const NAMES: [(u64, &str); 8] = [
        (CLONE_NEWNS, "mount"),
        (CLONE_NEWUTS, "uts"),
        (CLONE_NEWIPC, "ipc"),
        (CLONE_NEWPID, "pid"),
        (CLONE_NEWNET, "network"),
        (CLONE_NEWUSER, "user"),
        (CLONE_NEWCGROUP, "cgroup"),
        (CLONE_NEWTIME, "time"),
    ];
    let names: Vec<&str> = NAMES
        .iter()
        .filter(|(f, _)| flags & f != 0)
        .map(|(_, n)| *n)
        .collect();
    match names.as_slice() {
        [] => "none".to_string(),
        [one] => (*one).to_string(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

fn cgroup_value(v: CgroupValue<'_>, v2: bool) -> String {
    match v {
        CgroupValue::Number(-1) if v2 => "max".to_string(),
        CgroupValue::Number(n) => n.to_string(),
        CgroupValue::Unsigned(n) => n.to_string(),
        CgroupValue::CpuMax { quota, period } => {
            if quota > 0 {
                format!("{quota} {period}")
            } else {
                format!("max {period}")
            }
        }
        CgroupValue::Text(t) => t.to_string(),
    }
}

fn id_map_text(m: &[oci_spec::runtime::LinuxIdMapping]) -> String {
    let mut s = String::new();
    for e in m {
        s.push_str(&format!(
            "{} {} {}\n",
            e.container_id(),
            e.host_id(),
            e.size()
        ));
    }
    s
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
        let me = c.who(actor);
        let runc = c.runtime == OciRuntime::Runc;
        // Inside runc's nsexec, name the stage that acts.
        let who = match (runc, step.op) {
            (true, Op::OomScoreAdj(_)) => "Stage 0",
            (true, Op::Setns { .. }) => "Stage 1",
            (true, Op::Unshare { flags }) if flags != CLONE_NEWCGROUP => "Stage 1",
            (true, Op::Setsid | Op::Unshare { .. }) => "Stage 2",
            _ => c.name(actor),
        };
        let syscall = |call: &str, d: Detail, note: String| Hop {
            seq: 0,
            from: me,
            to: Component::Kernel,
            iface: Iface::Syscall,
            call: call.to_string(),
            note: Some(note),
            detail: Some(d.0),
            effects: Vec::new(),
        };
        let in_process = |call: &str, d: Detail, note: String| Hop {
            seq: 0,
            from: me,
            to: me,
            iface: Iface::InProcess,
            call: call.to_string(),
            note: Some(note),
            detail: if d.0.is_empty() { None } else { Some(d.0) },
            effects: Vec::new(),
        };
        let cgroupfs = |file: &str, path: String, value: String, note: String| Hop {
            seq: 0,
            from: c.rt(),
            to: Component::Kernel,
            iface: Iface::Cgroupfs,
            call: file.to_string(),
            note: Some(note),
            detail: Some(Detail::new().s("path", path).s("value", value).0),
            effects: Vec::new(),
        };
        let effect = |from: Option<&str>, to: &str| Effect {
            object: format!("container/{}", c.ctx.id),
            layer: Layer::Oci,
            from: from.map(str::to_string),
            to: to.to_string(),
        };
        let ns = self.ns;
        let hop = match step.op {
            Op::Enter(name) => {
                let note = match name {
                    "prepareRootfs" => "runc init prepares the root filesystem: every mount below happens in its private mount namespace, invisible to the host.",
                    "libcrun_set_mounts" => "The container process prepares the root filesystem: every mount below happens in its private mount namespace, invisible to the host.",
                    "finalizeNamespace" => "runc init becomes the container's user with the container's capabilities; what it drops now cannot be taken back.",
                    "libcrun_set_caps" => "The container process becomes the container's user with the container's capabilities; what it drops now cannot be taken back.",
                    _ => "The init process enters the next stage of its setup.",
                };
                in_process(name, Detail::new(), note.to_string())
            }
            Op::LoadConfig => {
                let call = if runc {
                    "specconv.CreateLibcontainerConfig"
                } else {
                    "libcrun_container_load_from_file"
                };
                in_process(
                    call,
                    Detail::new().s("path", format!("{}/config.json", c.ctx.bundle)),
                    format!("{who} reads config.json from the bundle and turns it into its own container configuration."),
                )
            }
            Op::StateDir => {
                let mut d = Detail::new().s("path", c.state.clone());
                if runc {
                    d = d.s("mode", "0711");
                }
                let mut h = syscall(
                    "mkdirat",
                    d,
                    format!("{who} creates the state directory {} where it keeps what it knows about the container.", c.state),
                );
                h.effects.push(effect(None, "creating"));
                h
            }
            Op::CreateExecFifo => syscall(
                "mknodat",
                Detail::new()
                    .s("path", c.fifo.clone())
                    .s("mode", if runc { "S_IFIFO|0622" } else { "S_IFIFO|0600" }),
                format!("{who} creates the FIFO exec.fifo: the container will wait on it until `{} start`.", c.runtime),
            ),
            Op::CopyConfig => in_process(
                "libcrun_copy_config_file",
                Detail::new().s("path", format!("{}/config.json", c.state)),
                "crun copies config.json into the state directory, so that later commands do not depend on the bundle.".to_string(),
            ),
            Op::SealedSelfCopy => syscall(
                "memfd_create",
                Detail::new()
                    .s("name", "runc_cloned:/proc/self/exe")
                    .s("flags", "MFD_CLOEXEC|MFD_ALLOW_SEALING")
                    .s("seals", "F_SEAL_SEAL|F_SEAL_SHRINK|F_SEAL_GROW|F_SEAL_WRITE"),
                "runc copies its own binary into a sealed in-memory file, so that a container can never overwrite the runc binary on the host (CVE-2019-5736).".to_string(),
            ),
            Op::ExecInit { terminal } => {
                let mut env = Vec::new();
                let mut fd = 3;
                if terminal {
                    env.push(format!("_LIBCONTAINER_CONSOLE={fd}"));
                    fd += 1;
                }
                for name in ["INITPIPE", "SYNCPIPE", "LOGPIPE"] {
                    env.push(format!("_LIBCONTAINER_{name}={fd}"));
                    fd += 1;
                }
                // The sealed copy itself takes the next descriptor.
                fd += 1;
                env.push(format!("_LIBCONTAINER_FIFOFD={fd}"));
                env.push("_LIBCONTAINER_INITTYPE=standard".to_string());
                Hop {
                    seq: 0,
                    from: Component::Runc,
                    to: Component::RuncInit,
                    iface: Iface::Exec,
                    call: "runc init".to_string(),
                    note: Some("runc starts its sealed copy as `runc init`, the process that will become the container; the pipes it passes are named in _LIBCONTAINER_* variables.".to_string()),
                    detail: Some(
                        Detail::new()
                            .v("argv", json!(["runc", "init"]))
                            .v("env", json!(env))
                            .0,
                    ),
                    effects: Vec::new(),
                }
            }
            Op::CgroupCreate => syscall(
                "mkdirat",
                Detail::new().s("path", c.cgroup_dir()),
                format!("{who} creates the container's cgroup {}.", c.cgroup),
            ),
            Op::CgroupJoin => {
                let (pid, note) = if runc {
                    (
                        c.stage0_pid(),
                        format!("runc puts `runc init` (pid {}) into the cgroup before it can fork, so every process of the container starts inside it.", c.stage0_pid()),
                    )
                } else {
                    (
                        c.ctx.init_pid,
                        format!("crun moves the container process (pid {}) into its cgroup.", c.ctx.init_pid),
                    )
                };
                cgroupfs(
                    "cgroup.procs",
                    format!("{}/cgroup.procs", c.cgroup_dir()),
                    pid.to_string(),
                    note,
                )
            }
            Op::CgroupWrite { file, value } => {
                let text = cgroup_value(value, c.v2);
                let rt = c.runtime;
                let note = match (file, value) {
                    ("memory.max" | "memory.limit_in_bytes", _) => format!("{rt} caps the container's memory at {text} bytes; beyond that the kernel reclaims memory or OOM-kills a process of the container."),
                    ("memory.swap.max", _) => format!("{rt} limits the container's swap to {text}."),
                    ("memory.low" | "memory.soft_limit_in_bytes", _) => format!("{rt} reserves {text} bytes of memory for the container."),
                    ("pids.max", _) => format!("{rt} limits the container to {text} processes and threads (a fork bomb stops there)."),
                    ("cpu.weight", _) => format!("{rt} sets the container's CPU weight to {text} (cgroup v2's version of its cpu shares): it matters only when CPUs are contended."),
                    ("cpu.shares", _) => format!("{rt} sets the container's CPU shares to {text}: they matter only when CPUs are contended."),
                    ("cpu.max", _) => format!("{rt} caps the container's CPU time: \"{text}\" means quota and period in microseconds."),
                    ("cpu.cfs_quota_us" | "cpu.cfs_period_us", _) => format!("{rt} writes the CFS bandwidth limit {file} = {text}."),
                    _ => format!("{rt} writes {text} into the cgroup file {file}."),
                };
                let dir = if c.v2 {
                    c.cgroup_dir()
                } else {
                    let ctrl = file.split('.').next().unwrap_or(file);
                    format!("/sys/fs/cgroup/{ctrl}{}", c.cgroup)
                };
                cgroupfs(file, format!("{dir}/{file}"), text, note)
            }
            Op::DeviceFilter { rules } => {
                if c.v2 {
                    syscall(
                        "bpf",
                        Detail::new()
                            .s("cmd", "BPF_PROG_LOAD, BPF_PROG_ATTACH")
                            .s("attach_type", "BPF_CGROUP_DEVICE")
                            .s("target", c.cgroup_dir())
                            .v("spec_rules", json!(rules)),
                        format!("cgroup v2 has no devices.allow file: {} compiles the device rules ({rules} from the spec, plus its defaults for /dev/null, /dev/zero, /dev/tty and friends) into an eBPF program attached to the cgroup.", c.runtime),
                    )
                } else {
                    cgroupfs(
                        "devices.deny",
                        format!("/sys/fs/cgroup/devices{}/devices.deny", c.cgroup),
                        "a".to_string(),
                        format!("{} denies every device, then writes devices.allow for each allowed one ({rules} rules from the spec plus its defaults).", c.runtime),
                    )
                }
            }
            Op::Nsexec(stage) => {
                let mut d = Detail::new().s("process", stage.process_name());
                let note = match stage {
                    NsexecStage::Parent => {
                        let paths: Vec<String> = ns
                            .joins()
                            .map(|(t, p)| format!("{}:{p}", namespace_proc_name(t)))
                            .collect();
                        d = d.s("cloneflags", clone_flags_str(ns.new, false));
                        if !paths.is_empty() {
                            d = d.v("nspaths", json!(paths));
                        }
                        "Before Go even starts, the C constructor nsexec runs inside `runc init`: stage 0 reads the namespace flags and paths runc sent over the init pipe.".to_string()
                    }
                    NsexecStage::Child => "Stage 1 sets up the namespaces: it joins the ones given by path, then creates the new ones.".to_string(),
                    NsexecStage::Init => "Stage 2 is the process that will become the container; stages 0 and 1 exit once runc knows its pid.".to_string(),
                };
                in_process(&format!("nsexec {}", stage.id()), d, note)
            }
            Op::OomScoreAdj(adj) => syscall(
                "write",
                Detail::new()
                    .s("path", "/proc/self/oom_score_adj")
                    .s("value", adj.to_string()),
                format!("{who} sets its OOM score adjustment to {adj}, which the container inherits."),
            ),
            Op::Clone { flags, child } => {
                let note = if runc {
                    if child == NsexecStage::Child.process_name() {
                        "Stage 0 forks stage 1 with CLONE_PARENT, so that runc, not stage 0, is its parent.".to_string()
                    } else {
                        "Stage 1 forks stage 2: a process cannot move itself into a new PID namespace, only its children start there, so stage 2 is PID 1 of the container.".to_string()
                    }
                } else if flags == 0 {
                    "The container process forks once more: only a child enters the new PID namespace, as its PID 1.".to_string()
                } else if flags & CLONE_NEWPID != 0 {
                    format!("crun clones the container process directly into new {} namespaces: no re-exec, and the child is PID 1 of its PID namespace.", ns_names(flags))
                } else {
                    format!("crun clones the container process directly into new {} namespaces.", ns_names(flags))
                };
                syscall(
                    "clone",
                    Detail::new()
                        .s("flags", clone_flags_str(flags, true))
                        .s("child", child),
                    note,
                )
            }
            Op::Setns { ns: t, path } => syscall(
                "setns",
                Detail::new()
                    .s("path", path)
                    .s("nstype", clone_flags_str(clone_flag(t), false)),
                format!("{who} joins the existing {} namespace {path} instead of creating one.", namespace_type_name(t)),
            ),
            Op::Unshare { flags } => {
                let note = if flags == CLONE_NEWUSER {
                    format!("{who} creates the user namespace first, on its own, so that the namespaces created next belong to it.")
                } else if flags == CLONE_NEWCGROUP {
                    format!("Now that it is in its cgroup, {} creates a cgroup namespace: the container sees its own cgroup as the root.", who.to_lowercase())
                } else {
                    format!("{who} creates new {} namespaces.", ns_names(flags))
                };
                syscall(
                    "unshare",
                    Detail::new().s("flags", clone_flags_str(flags, false)),
                    note,
                )
            }
            Op::IdMap { file, mappings } => {
                let (name, what) = match file {
                    IdMapFile::Uid => ("uid_map", "user"),
                    IdMapFile::Gid => ("gid_map", "group"),
                };
                let pid = if runc { c.stage1_pid() } else { c.ctx.init_pid };
                let first = mappings.first();
                let note = match (runc, first) {
                    (true, Some(m)) => format!("Stage 0, still outside the new user namespace, writes its {what} map: id {} inside is {} on the host.", m.container_id(), m.host_id()),
                    (false, Some(m)) => format!("crun, outside the new user namespace, writes its {what} map: id {} inside is {} on the host.", m.container_id(), m.host_id()),
                    _ => format!("The {what} map of the new user namespace is written."),
                };
                syscall(
                    "write",
                    Detail::new()
                        .s("path", format!("/proc/{pid}/{name}"))
                        .s("value", id_map_text(mappings)),
                    note,
                )
            }
            Op::Setsid => syscall(
                "setsid",
                Detail::new(),
                format!("{who} starts a new session, detached from the caller's terminal."),
            ),
            Op::GoInit => in_process(
                "linuxStandardInit.Init",
                Detail::new(),
                "nsexec returns and the Go runtime of `runc init` starts, inside the container's namespaces; it reads its configuration from the init pipe.".to_string(),
            ),
            Op::SessionKeyring => syscall(
                "keyctl",
                Detail::new()
                    .s("operation", "KEYCTL_JOIN_SESSION_KEYRING")
                    .s("name", format!("_ses.{}", c.ctx.id)),
                "runc init joins a fresh session keyring, so that the container cannot see the host's keys.".to_string(),
            ),
            Op::LoopbackUp => {
                let note = "The new network namespace has only a loopback interface, and it is down: it is brought up (real interfaces are added by CNI or Docker, not by the runtime).".to_string();
                if runc {
                    syscall(
                        "sendmsg",
                        Detail::new()
                            .s("socket", "AF_NETLINK, NETLINK_ROUTE")
                            .s("message", "RTM_NEWLINK")
                            .s("link", "lo")
                            .s("flags", "IFF_UP"),
                        note,
                    )
                } else {
                    syscall(
                        "ioctl",
                        Detail::new()
                            .s("request", "SIOCSIFFLAGS")
                            .s("ifname", "lo")
                            .s("flags", "IFF_UP|IFF_RUNNING"),
                        note,
                    )
                }
            }
            Op::Mount(m) => self.mount_hop(c, who, m, syscall),
            Op::Mknod {
                path,
                kind,
                major,
                minor,
                mode,
            } => syscall(
                "mknodat",
                Detail::new()
                    .s("path", c.in_rootfs(path))
                    .s("type", format!("{kind} {major}:{minor}"))
                    .s("mode", format!("{mode:04o}")),
                format!("{who} creates the device node {path} ({kind} {major}:{minor}) in the container's /dev."),
            ),
            Op::PtmxSymlink => syscall(
                "symlinkat",
                Detail::new()
                    .s("target", "pts/ptmx")
                    .s("link", c.in_rootfs("/dev/ptmx")),
                format!("{who} points /dev/ptmx at the container's own devpts instance, so ptys opened inside stay inside."),
            ),
            Op::DevSymlinks => syscall(
                "symlinkat",
                Detail::new().v(
                    "links",
                    json!([
                        "/dev/fd -> /proc/self/fd",
                        "/dev/stdin -> /proc/self/fd/0",
                        "/dev/stdout -> /proc/self/fd/1",
                        "/dev/stderr -> /proc/self/fd/2",
                        "/dev/core -> /proc/kcore"
                    ]),
                ),
                format!("{who} adds the usual /dev/fd, /dev/stdin, /dev/stdout and /dev/stderr symlinks."),
            ),
            Op::Sync(point) => {
                let (call, note) = match (runc, point) {
                    (true, SyncPoint::Hooks) => ("procHooks", "runc init tells runc its mounts are ready and waits: runc applies the cgroup limits and runs the prestart and createRuntime hooks meanwhile."),
                    (true, SyncPoint::Ready) => ("procReady", "runc init tells runc it is ready to exec: runc sets the rlimits (it still can raise them from outside) and saves the state."),
                    (false, SyncPoint::Hooks) => ("sync 2", "The container process tells crun its mounts are ready and waits while crun runs the prestart and createRuntime hooks."),
                    (false, SyncPoint::Ready) => ("sync 4", "The container process tells crun its setup is done; crun records the container as created."),
                };
                in_process(call, Detail::new(), note.to_string())
            }
            Op::Hook { kind, index, hook } => {
                let path = path_str(hook.path());
                let argv = hook
                    .args()
                    .clone()
                    .unwrap_or_else(|| vec![path.to_string()]);
                let mut d = Detail::new()
                    .s("hook", kind.id())
                    .v("index", json!(index))
                    .s("path", path)
                    .v("argv", json!(argv))
                    .s("stdin", format!("container state (status \"{}\")", kind.status()));
                if let Some(env) = hook.env() {
                    d = d.v("env", json!(env));
                }
                if let Some(t) = hook.timeout() {
                    d = d.v("timeout", json!(t));
                }
                let place = if kind.in_container_namespace() {
                    if kind == HookKind::CreateContainer {
                        "in the container's namespaces, before pivot_root (so the host's files are still reachable)"
                    } else {
                        "in the container's namespaces, just before the program starts"
                    }
                } else {
                    "in the runtime's (host's) namespaces"
                };
                let note = format!("{who} runs the {} hook {path} {place}, with the container's state on its stdin.", kind.id());
                if runc && actor == Actor::Init {
                    syscall("execve", d, note)
                } else {
                    Hop {
                        seq: 0,
                        from: me,
                        to: Component::Kernel,
                        iface: Iface::Exec,
                        call: path.to_string(),
                        note: Some(note),
                        detail: Some(d.0),
                        effects: Vec::new(),
                    }
                }
            }
            Op::PivotRoot => syscall(
                "pivot_root",
                Detail::new()
                    .s("new_root", ".")
                    .s("put_old", ".")
                    .s("cwd", c.rootfs.clone()),
                format!("{who} makes the rootfs the new / with pivot_root(\".\", \".\"); the old root is left stacked on top, to be detached."),
            ),
            Op::UnmountOldRoot => syscall(
                "umount2",
                Detail::new().s("target", ".").s("flags", "MNT_DETACH"),
                format!("{who} detaches the old root: the host's filesystem is no longer reachable from the container."),
            ),
            Op::Chroot => syscall(
                "chroot",
                Detail::new().s("path", "."),
                format!("{who} changes its root to the rootfs with chroot (weaker than pivot_root: the old root is still mounted)."),
            ),
            Op::ConsoleOpen => syscall(
                "openat",
                Detail::new()
                    .s("path", "/dev/ptmx")
                    .s("flags", "O_RDWR|O_NOCTTY|O_CLOEXEC"),
                format!("process.terminal is true: {} opens a new pseudo-terminal in the container's devpts.", who.to_lowercase()),
            ),
            Op::ConsoleSend => syscall(
                "sendmsg",
                Detail::new()
                    .s("socket", "console socket")
                    .s("payload", "pty master fd (SCM_RIGHTS)"),
                format!("{who} sends the terminal's master side to the caller, which relays your keystrokes."),
            ),
            Op::Setctty => syscall(
                "ioctl",
                Detail::new().s("request", "TIOCSCTTY"),
                format!("{who} makes the terminal its controlling terminal."),
            ),
            Op::Sethostname(name) => syscall(
                "sethostname",
                Detail::new().s("name", name),
                format!("{who} sets the hostname to {name:?} in the container's UTS namespace."),
            ),
            Op::Setdomainname(name) => syscall(
                "setdomainname",
                Detail::new().s("name", name),
                format!("{who} sets the NIS domain name to {name:?}."),
            ),
            Op::AppArmor(profile) => syscall(
                "write",
                Detail::new()
                    .s("path", "/proc/self/attr/apparmor/exec")
                    .s("value", format!("exec {profile}")),
                format!("{who} asks AppArmor to confine the program with profile {profile} from its next execve."),
            ),
            Op::Sysctl { key, value } => syscall(
                "write",
                Detail::new()
                    .s("path", format!("/proc/sys/{}", key.replace('.', "/")))
                    .s("value", value),
                format!("{who} sets the sysctl {key} = {value} in the container's namespaces."),
            ),
            Op::NoNewPrivs => syscall(
                "prctl",
                Detail::new()
                    .s("option", "PR_SET_NO_NEW_PRIVS")
                    .v("arg", json!(1)),
                format!("{who} sets no_new_privs: no setuid binary or file capability can ever raise the container's privileges."),
            ),
            Op::Rlimit(r) => {
                let (pid, note) = if runc {
                    (c.ctx.init_pid, format!("runc sets {} of the container's init from outside with prlimit.", r.typ()))
                } else {
                    (0, format!("crun sets {} on itself before cloning, so the container inherits it.", r.typ()))
                };
                syscall(
                    "prlimit64",
                    Detail::new()
                        .v("pid", json!(pid))
                        .s("resource", r.typ().to_string())
                        .v("soft", json!(r.soft()))
                        .v("hard", json!(r.hard())),
                    note,
                )
            }
            Op::SaveState => {
                let (call, file) = if runc {
                    ("updateState", "state.json")
                } else {
                    ("write_container_status", "status")
                };
                in_process(
                    call,
                    Detail::new().s("path", format!("{}/{file}", c.state)),
                    format!("{who} records the container's pid, bundle and cgroup in {file}, which `state`, `list` and `start` read later."),
                )
            }
            Op::Seccomp(s) => {
                let rules: usize = s
                    .syscalls()
                    .as_ref()
                    .map_or(0, |v| v.iter().map(|r| r.names().len()).sum());
                let late = step.phase == Phase::Start
                    || self
                        .spec()
                        .process()
                        .as_ref()
                        .and_then(|p| p.no_new_privileges())
                        .unwrap_or(false);
                let note = if late {
                    format!("{who} loads the seccomp filter as late as possible, so that the setup's own syscalls need not be allowed.")
                } else {
                    format!("Without no_new_privs, loading a seccomp filter needs privileges, so {} does it before dropping capabilities.", who.to_lowercase())
                };
                syscall(
                    "seccomp",
                    Detail::new()
                        .s("operation", "SECCOMP_SET_MODE_FILTER")
                        .s("defaultAction", s.default_action().to_string())
                        .v("syscalls", json!(rules)),
                    note,
                )
            }
            Op::Chdir(path) => syscall(
                "chdir",
                Detail::new().s("path", path),
                format!("{who} changes to the working directory {path}."),
            ),
            Op::CapBounding(caps) => syscall(
                "prctl",
                Detail::new()
                    .s("option", "PR_CAPBSET_DROP")
                    .v("keep", json!(sorted_caps(caps.bounding().as_ref()))),
                format!("{who} drops from the bounding set every capability not listed: the container can never regain them."),
            ),
            Op::KeepCaps(on) => syscall(
                "prctl",
                Detail::new()
                    .s("option", "PR_SET_KEEPCAPS")
                    .v("arg", json!(u8::from(on))),
                if on {
                    format!("{who} keeps its capabilities across the coming uid change.")
                } else {
                    format!("{who} stops keeping capabilities across uid changes.")
                },
            ),
            Op::Setgroups(groups) => syscall(
                "setgroups",
                Detail::new().v("groups", json!(groups)),
                format!("{who} sets the supplementary groups (dropping the host's)."),
            ),
            Op::Setgid(gid) => syscall(
                "setgid",
                Detail::new().v("gid", json!(gid)),
                format!("{who} switches to group {gid}."),
            ),
            Op::Setuid(uid) => syscall(
                "setuid",
                Detail::new().v("uid", json!(uid)),
                format!("{who} switches to user {uid}."),
            ),
            Op::Capset(caps) => syscall(
                "capset",
                capset_detail(caps),
                format!("{who} sets the effective, permitted and inheritable capabilities the program will have."),
            ),
            Op::AmbientCaps(caps) => syscall(
                "prctl",
                Detail::new()
                    .s("option", "PR_CAP_AMBIENT")
                    .s("operation", "PR_CAP_AMBIENT_RAISE")
                    .v("caps", json!(sorted_caps(caps.ambient().as_ref()))),
                format!("{who} raises the ambient capabilities, which survive execve even for a non-root program."),
            ),
            Op::FifoWait => {
                let mut h = if runc {
                    syscall(
                        "openat",
                        Detail::new()
                            .s("path", c.fifo.clone())
                            .s("flags", "O_WRONLY|O_CLOEXEC")
                            .v("blocks", json!(true)),
                        "runc init opens exec.fifo for writing, which blocks until someone opens it for reading: the container is now `created`, and `runc create` returns.".to_string(),
                    )
                } else {
                    syscall(
                        "read",
                        Detail::new().s("path", c.fifo.clone()).v("blocks", json!(true)),
                        "The container process waits reading exec.fifo: the container is now `created`, and `crun create` returns.".to_string(),
                    )
                };
                h.effects.push(effect(Some("creating"), "created"));
                h
            }
            Op::LoadState => {
                let (call, file) = if runc {
                    ("loadState", "state.json")
                } else {
                    ("libcrun_read_container_status", "status")
                };
                in_process(
                    call,
                    Detail::new().s("path", format!("{}/{file}", c.state)),
                    format!("{who} reads the container's state from {}.", c.state),
                )
            }
            Op::FifoOpen => {
                let (flags, note) = if runc {
                    ("O_RDONLY|O_CLOEXEC", "runc start opens exec.fifo for reading: the open of runc init on the other end returns.")
                } else {
                    ("O_WRONLY|O_CLOEXEC", "crun start opens exec.fifo for writing.")
                };
                syscall(
                    "openat",
                    Detail::new().s("path", c.fifo.clone()).s("flags", flags),
                    note.to_string(),
                )
            }
            Op::FifoWrite => {
                let note = if runc {
                    "runc init writes one byte, \"0\", into exec.fifo."
                } else {
                    "crun start writes one byte into exec.fifo, which wakes the container process up."
                };
                syscall(
                    "write",
                    Detail::new().s("path", c.fifo.clone()).v("bytes", json!(1)),
                    note.to_string(),
                )
            }
            Op::FifoRead => syscall(
                "read",
                Detail::new().s("path", c.fifo.clone()).s("data", "0"),
                "runc start reads the byte: the container is going.".to_string(),
            ),
            Op::FifoUnlink => syscall(
                "unlinkat",
                Detail::new().s("path", c.fifo.clone()),
                format!("{who} removes exec.fifo: without it, `state` reports the container as running rather than created."),
            ),
            Op::Execve(args) => {
                let program = first_word(args);
                let mut d = Detail::new().s("path", program).v("argv", json!(args));
                if !program.contains('/') {
                    d = d.s("lookup", "found in the container's PATH before execve");
                }
                let mut h = syscall(
                    "execve",
                    d,
                    format!("{who} replaces itself with {program}: the same process, PID 1 in the container, now runs the container's program."),
                );
                h.effects.push(effect(Some("created"), "running"));
                h
            }
            Op::Kill { all } => {
                if !(all || c.ctx.delete_kills_init) {
                    return None;
                }
                let mut d = Detail::new().s("signal", "SIGKILL");
                let note = if all {
                    d = d.s("target", format!("every pid in {}/cgroup.procs", c.cgroup_dir()));
                    format!("The container has no PID namespace of its own, so killing its init is not enough: {who} kills every process in its cgroup.")
                } else {
                    d = d.v("pid", json!(c.ctx.init_pid));
                    format!("The init process still exists, so {who} kills it first.")
                };
                syscall("kill", d, note)
            }
            Op::CgroupRemove => syscall(
                "rmdir",
                Detail::new().s("path", c.cgroup_dir()),
                format!("{who} removes the container's cgroup."),
            ),
            Op::StateRemove => syscall(
                "unlinkat",
                Detail::new()
                    .s("path", c.state.clone())
                    .s("flags", "AT_REMOVEDIR"),
                format!("{who} removes the state directory {}: the container no longer exists.", c.state),
            ),
        };
        Some(hop)
    }

    fn mount_hop(
        &self,
        c: &Ctx<'_>,
        who: &str,
        m: MountOp<'_>,
        syscall: impl Fn(&str, Detail, String) -> Hop,
    ) -> Hop {
        let target = match m.target {
            MountTarget::InRootfs(p) => c.in_rootfs(p),
            MountTarget::Rootfs => c.rootfs.clone(),
            MountTarget::Container(p) => p.to_string(),
        };
        let shown = match m.target {
            MountTarget::InRootfs(p) | MountTarget::Container(p) => p,
            MountTarget::Rootfs => "the rootfs",
        };
        let data = match m.data {
            MountData::None => String::new(),
            MountData::Options(o) => mount_data(o),
            MountData::Text(t) => t.to_string(),
        };
        let source = match (m.role, m.source) {
            (MountRole::RootfsBind, _) => c.rootfs.as_str(),
            (_, s) => s,
        };
        let mut d = Detail::new()
            .s("source", source)
            .s("target", target)
            .s("fstype", m.fstype)
            .s("flags", mount_flags_str(m.flags));
        if !data.is_empty() {
            d = d.s("data", data);
        }
        let rt = c.runtime;
        let note = match m.role {
            MountRole::RootPropagation => format!(
                "{who} makes every mount of its new mount namespace {} ({}), so that nothing mounted next leaks back to the host.",
                if m.flags & MS_PRIVATE != 0 { "private" } else if m.flags & MS_SHARED != 0 { "shared" } else { "a slave" },
                mount_flags_str(m.flags)
            ),
            MountRole::RootfsBind => format!("{who} bind-mounts the rootfs onto itself, so that it is a mount point {rt} can pivot into."),
            MountRole::Spec => {
                if m.flags & MS_BIND != 0 {
                    format!("{who} bind-mounts {} from the host at {shown}.", m.source)
                } else {
                    format!("{who} mounts a {} filesystem at {shown}.", m.fstype)
                }
            }
            MountRole::Propagation => format!("{who} changes the propagation of {shown} to {}.", mount_flags_str(m.flags)),
            MountRole::BindRemount => format!("A bind mount ignores its other flags, so {} remounts {shown} to apply {}.", who.to_lowercase(), mount_flags_str(m.flags & !(MS_BIND | MS_REC | MS_REMOUNT))),
            MountRole::CgroupV1Tmpfs => format!("With cgroup v1, {} first mounts a tmpfs at {shown}…", who.to_lowercase()),
            MountRole::CgroupV1Binds => format!("…then binds the container's own directory of each cgroup v1 hierarchy under {shown}."),
            MountRole::CgroupV1Remount => format!("{who} remounts {shown} read-only."),
            MountRole::DeviceBind => format!("A user namespace may not mknod, so {} bind-mounts the host's {shown}.", who.to_lowercase()),
            MountRole::Console => format!("{who} bind-mounts the terminal over /dev/console."),
            MountRole::OldRootSlave => format!("{who} makes the old root a slave, so that detaching it does not propagate to the host."),
            MountRole::MoveRoot => format!("--no-pivot: {} moves the rootfs over / with MS_MOVE.", who.to_lowercase()),
            MountRole::FinalizeReadonly => format!("{who} remounts {shown} read-only now that it has finished writing into it."),
            MountRole::ReadonlyRoot => format!("root.readonly is true: {} remounts / read-only.", who.to_lowercase()),
            MountRole::ReadonlyPathBind => format!("{shown} is in readonlyPaths: {} bind-mounts it onto itself…", who.to_lowercase()),
            MountRole::ReadonlyPathRemount => format!("…and remounts that bind read-only, so the container can read {shown} but not change the host through it."),
            MountRole::MaskFile => format!("{shown} is in maskedPaths: {} bind-mounts /dev/null over it, so it reads as empty.", who.to_lowercase()),
            MountRole::MaskDir => format!("{shown} is a masked directory: {} mounts an empty read-only tmpfs over it.", who.to_lowercase()),
        };
        syscall("mount", d, note)
    }
}

fn capset_detail(caps: &LinuxCapabilities) -> Detail {
    Detail::new()
        .v("effective", json!(sorted_caps(caps.effective().as_ref())))
        .v("permitted", json!(sorted_caps(caps.permitted().as_ref())))
        .v(
            "inheritable",
            json!(sorted_caps(caps.inheritable().as_ref())),
        )
}
