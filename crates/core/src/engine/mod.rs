//! The engine: a world (one node) with a logical clock and seeded ids, whose
//! operations emit Trace hops in order and change each layer's state.
//!
//! Time is logical milliseconds, advanced only by the engine (`sleep` in a script,
//! and the settling that follows every command). Randomness comes only from the
//! seed. Background actors (kubelet PLEG every second, restart back-off timers,
//! container GC every minute, process exits) run off that clock.
//!
//! The layers, top down: `kube` (API server, scheduler, kubelet) and `pleg`
//! (the kubelet's relist, and the only writer of CRI states); `cri` (the CRI
//! servers); `containerd` (tasks and shims) and `docker` (dockerd,
//! dockershim, cri-dockerd); `oci_runtime` (the OCI runtime as shims drive it)
//! and `runc_cli` (runc/crun at the shell), `gvisor` (runsc, its Sentry and
//! gofers, when the OCI runtime is gVisor's); `registry` (pulls); `workload`
//! (what processes do). `output` holds what each client tool prints, `apply`
//! dispatches a parsed command line, `format` is the formatting toolkit.

mod apply;
pub(crate) use apply::K8S_NAMESPACES;
mod follow;
pub use follow::{Follow, Followed};

mod containerd;
mod cri;
mod docker;
mod format;
mod gvisor;
mod kata;
mod kube;
/// The example manifests shipped in `assets/manifests/`.
pub use kube::manifest::MANIFESTS;
pub(crate) mod output;
mod pleg;
mod podman;

mod oci_runtime;
mod procs;
mod registry;
mod runc_cli;
mod workload;

pub use procs::HostProcess;
pub use workload::Workload;

use pleg::Cri;

use crate::config::Config;
use crate::lifecycle::cri::{ContainerState, SandboxState};
use crate::lifecycle::kubelet::{Backoff, ContainerView, PodPhase, RestartPolicy};
use crate::lifecycle::oci::OciStatus;
use crate::lifecycle::task::TaskStatus;
use crate::message::Msg;
use crate::remark::Remark;
use crate::topology::Topology;
use crate::trace::{Component, Effect, Hop, Iface, Layer};
use litemap::LiteMap;
use rand_core::{RngCore, SeedableRng};
use rand_pcg::Pcg32;
use serde_json::{Map, Value};
use std::sync::Arc;

/// What a command printed and returned, as the real tool would, and what the
/// simulator remarked about it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Outcome {
    /// Exit code.
    pub exit: i32,
    /// Standard output.
    pub stdout: String,
    /// Standard error, the tool's own.
    pub stderr: String,
    /// The simulator's own words, shown after the stderr (`atlas: …`).
    pub remarks: Vec<Remark>,
    /// `vi FILE` / `nano FILE`: the file (absolute path) the face should open
    /// in an editor; saving writes it back with [`World::write_file`].
    pub edit: Option<String>,
    /// The command goes on printing until Ctrl-C (`journalctl -f`, `crictl
    /// logs -f`, `kubectl get pods -w`): what it follows.
    pub follow: Option<Box<Follow>>,
}

impl Outcome {
    pub(crate) fn ok(stdout: impl Into<String>) -> Outcome {
        Outcome {
            exit: 0,
            stdout: stdout.into(),
            stderr: String::new(),
            remarks: Vec::new(),
            edit: None,
            follow: None,
        }
    }

    pub(crate) fn err(exit: i32, stderr: impl Into<String>) -> Outcome {
        let mut stderr = stderr.into();
        if !stderr.is_empty() && !stderr.ends_with('\n') {
            stderr.push('\n');
        }
        Outcome {
            exit,
            stdout: String::new(),
            stderr,
            remarks: Vec::new(),
            edit: None,
            follow: None,
        }
    }

    /// The simulator's answer in its own words where the tool would run:
    /// nothing of the tool's, one remark.
    pub(crate) fn said(exit: i32, said: Msg) -> Outcome {
        Outcome::err(exit, "").remark(said)
    }

    /// Adds a remark on a line of its own after the stderr.
    #[must_use]
    pub(crate) fn remark(mut self, said: Msg) -> Outcome {
        self.remarks.push(Remark::line(said));
        self
    }
}

/// A hop under construction; [`World::emit`] numbers it.
#[derive(Debug, Clone)]
pub(crate) struct HopB(Hop);

/// Starts a hop.
pub(crate) fn h(from: Component, to: Component, iface: Iface, call: impl Into<String>) -> HopB {
    HopB(Hop::new(0, from, to, iface, call))
}

impl HopB {
    /// The narration sentence.
    pub(crate) fn note(mut self, s: impl Into<crate::message::Text>) -> HopB {
        self.0.note = Some(s.into());
        self
    }

    /// One detail field.
    pub(crate) fn d(mut self, k: &str, v: impl Into<Value>) -> HopB {
        self.0
            .detail
            .get_or_insert_with(Map::new)
            .insert(k.to_string(), v.into());
        self
    }

    /// One detail field, when there is a value.
    pub(crate) fn d_opt(self, k: &str, v: Option<impl Into<Value>>) -> HopB {
        match v {
            Some(v) => self.d(k, v),
            None => self,
        }
    }

    /// A state change.
    pub(crate) fn fx(
        mut self,
        object: impl Into<String>,
        layer: Layer,
        from: Option<&str>,
        to: &str,
    ) -> HopB {
        self.0.effects.push(Effect {
            object: object.into(),
            layer,
            from: from.map(str::to_string),
            to: to.to_string(),
        });
        self
    }
}

/// Where a container came from: which client made it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Origin {
    /// A CRI pod sandbox's pause (infra) container.
    Sandbox,
    /// A CRI container in a pod.
    Cri,
    /// `ctr run`.
    Ctr,
    /// `nerdctl run`.
    Nerdctl,
    /// `docker run`, or dockershim/cri-dockerd on behalf of kubelet.
    Docker,
    /// `podman run` (and a Podman pod's infra container).
    Podman,
}

/// One container, as every layer sees it.
#[derive(Debug, Clone)]
pub(crate) struct Ctr {
    pub id: String,
    pub name: String,
    pub origin: Origin,
    /// containerd namespace (`k8s.io`, `default`, `moby`), or "" where no containerd.
    pub ns: &'static str,
    pub sandbox_id: Option<String>,
    pub image: String,
    pub image_ref: String,
    pub attempt: u32,
    pub args: Vec<String>,
    /// The CRI plugin's state of a CRI container (none for other clients');
    /// changed only through [`World::set_container_cri`].
    pub cri: Cri<Option<ContainerState>>,
    pub task: Option<TaskStatus>,
    pub oci: Option<OciStatus>,
    pub pid: u32,
    pub shim: Component,
    pub shim_pid: u32,
    pub oci_bin: Component,
    pub workload: Workload,
    pub exit_code: i32,
    pub oom: bool,
    pub created_ms: u64,
    pub started_ms: u64,
    pub finished_ms: u64,
    pub logs: Vec<(u64, &'static str, String)>,
    pub memory_limit: Option<u64>,
    pub ports: Vec<(u16, u16)>,
    pub init: bool,
    pub auto_remove: bool,
    pub labels: LiteMap<String, String>,
    /// Joined namespaces of a pod sandbox (pause pid), if any.
    pub join_pid: Option<u32>,
    /// The mounts its CRI `CreateContainer` request carried (the kubelet's).
    pub mounts: Vec<crate::oci::spec::CriMount>,
}

/// A CRI pod sandbox.
#[derive(Debug, Clone)]
pub(crate) struct Sandbox {
    pub id: String,
    pub name: String,
    pub namespace: String,
    pub uid: String,
    pub attempt: u32,
    /// Changed only through [`World::set_sandbox_state`].
    pub state: Cri<SandboxState>,
    pub ip: String,
    pub netns: String,
    pub handler: String,
    pub created_ms: u64,
    /// The pause process, where the runtime runs one.
    pub pause_pid: Option<u32>,
    pub shim_pid: u32,
}

/// A pod as the API server stores it and the kubelet works on it.
#[derive(Debug, Clone)]
pub(crate) struct Pod {
    pub namespace: String,
    pub name: String,
    pub uid: String,
    pub image: String,
    pub command: Vec<String>,
    pub args: Vec<String>,
    pub restart: RestartPolicy,
    pub memory_limit: Option<u64>,
    pub port: Option<u16>,
    /// `spec.runtimeClassName`.
    pub runtime_class: Option<String>,
    pub node: Option<String>,
    pub phase: PodPhase,
    pub ip: String,
    pub created_ms: u64,
    pub deleting: Option<u64>,
    pub grace_s: u64,
    pub view: ContainerView,
    pub restarts: u32,
    pub ready: bool,
    pub events: Vec<(u64, &'static str, &'static str, String)>,
    // kubelet's side
    pub sandbox_id: Option<String>,
    pub container_id: Option<String>,
    pub backoff: Backoff,
    pub backoff_until: u64,
    pub last_reported: String,
    /// The pod's container and its state as the last PLEG relist saw them.
    pub pleg_seen: Option<(String, ContainerState)>,
    /// How many containers the kubelet has created for this pod.
    pub created_containers: u32,
    /// The projected service-account volume the ServiceAccount admission
    /// plugin added (`kube-api-access-<5 random characters>`).
    pub sa_volume: String,
    /// Whether the kubelet's volume manager has set the pod's volumes up.
    pub volumes_mounted: bool,
}

/// A stored image in one image store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Image {
    pub name: String,
    pub id: String,
    pub repo_digest: String,
    pub size: u64,
    pub chain_id: String,
}

/// A live shim or monitor process.
#[derive(Debug, Clone)]
pub(crate) struct Shim {
    pub pid: u32,
    pub address: String,
    /// The shim's program and its argv (without `start`: the long-lived copy).
    pub bin: Component,
    pub argv: Vec<String>,
}

/// Something the clock will make happen.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Timer {
    /// A container's main process exits by itself (or is OOM-killed).
    Exit { id: String, code: i32, oom: bool },
    /// The kubelet re-syncs a pod (back-off expired, grace period over).
    Sync { key: (String, String) },
    /// systemd or the kubelet as a service (`Restart=`, the kubelet's checks).
    Node(crate::node::systemd::NodeTimer),
    /// kube-controller-manager's controllers re-sync (a rollout goes on).
    Controllers,
}

/// The world: one node and its control plane.
#[derive(Debug, Clone)]
pub struct World {
    pub(crate) cfg: Config,
    pub(crate) topo: Arc<Topology>,
    pub(crate) now_ms: u64,
    rng: Pcg32,
    pub(crate) next_pid: u32,
    pub(crate) next_ip: u32,
    seq: u32,
    pub(crate) hops: Vec<Hop>,
    /// The calls still open: which call the next hop serves.
    calls: crate::calls::CallStack,
    pub(crate) pods: crate::snapshot::Map<(String, String), Pod>,
    pub(crate) sandboxes: crate::snapshot::Map<String, Sandbox>,
    pub(crate) ctrs: crate::snapshot::Map<String, Ctr>,
    /// Images per store: `k8s.io`, `default`, `moby` (containerd namespaces),
    /// `docker` (dockerd's graphdriver store), `crio` (containers/storage).
    pub(crate) images: crate::snapshot::Map<(&'static str, String), Image>,
    pub(crate) shims: crate::snapshot::Map<String, Shim>,
    /// Kata pods' virtual machines, by sandbox id.
    pub(crate) kata_vms: crate::snapshot::Map<String, kata::KataVm>,
    pub(crate) timers: crate::snapshot::Map<(u64, u64), Timer>,
    timer_seq: u64,
    pub(crate) containerd_up: bool,
    /// The spec each runtime made of a container's config.json at create,
    /// by (runtime root, container id).
    pub(crate) specs: crate::snapshot::Map<(String, String), Arc<oci_spec::runtime::Spec>>,
    /// Pods whose sandbox or container changed since the last PLEG relist.
    pub(crate) pleg_keys: LiteMap<(String, String), ()>,
    /// Relist every pod (containerd came back and its CRI plugin recovered).
    pub(crate) pleg_all: bool,
    pub(crate) next_gc_ms: u64,
    /// Standalone `runc`/`crun` containers: (root, id) → state.
    pub(crate) oci_cli: crate::snapshot::Map<(String, String), oci_runtime::CliContainer>,
    /// Pods deleted from the API server whose sandboxes and containers GC removes.
    pub(crate) deleted_pods: Vec<(Option<String>, Option<String>)>,
    /// gVisor sandboxes by sandbox (root container) id.
    pub(crate) runsc: crate::snapshot::Map<String, gvisor::RunscSandbox>,
    /// What Podman knows beyond the container table (its states, users, pods).
    pub(crate) podman: podman::PodmanState,
    /// The node beyond the container stack: files, units, kernel.
    pub(crate) node: crate::node::Node,
    /// The environment of the program being run (see [`World::apply_in`]).
    pub(crate) process_env: crate::node::ProcessEnv,
    /// Deployments, ReplicaSets, controller Events (engine/kube/objects.rs).
    pub(crate) kobj: kube::objects::Objects,
}

/// The node's name.
pub const NODE: &str = "node-1";

impl World {
    /// A fresh node for a configuration, with ids drawn from `seed`.
    pub fn new(cfg: Config, seed: u64) -> World {
        let topo = Arc::new(Topology::new(&cfg));
        let mut w = World {
            cfg,
            topo,
            now_ms: 0,
            rng: Pcg32::seed_from_u64(seed),
            next_pid: 4000,
            next_ip: 2,
            seq: 0,
            hops: Vec::new(),
            calls: crate::calls::CallStack::new(),
            pods: crate::snapshot::Map::new(),
            sandboxes: crate::snapshot::Map::new(),
            ctrs: crate::snapshot::Map::new(),
            images: crate::snapshot::Map::new(),
            shims: crate::snapshot::Map::new(),
            kata_vms: crate::snapshot::Map::new(),
            timers: crate::snapshot::Map::new(),
            timer_seq: 0,
            containerd_up: true,
            pleg_keys: LiteMap::new(),
            specs: crate::snapshot::Map::new(),
            pleg_all: false,
            next_gc_ms: 60_000,
            oci_cli: crate::snapshot::Map::new(),
            deleted_pods: Vec::new(),
            runsc: crate::snapshot::Map::new(),
            podman: podman::PodmanState::default(),
            node: crate::node::Node::new(&cfg),
            process_env: crate::node::ProcessEnv::default(),
            kobj: kube::objects::Objects::default(),
        };
        w.seed_node();
        w
    }

    /// The configuration.
    pub fn config(&self) -> &Config {
        &self.cfg
    }

    /// The topology of this configuration.
    pub fn topology(&self) -> &Topology {
        &self.topo
    }

    /// Logical time in ms since the world began.
    pub fn now_ms(&self) -> u64 {
        self.now_ms
    }

    /// The hops emitted since the last [`World::take_hops`].
    pub fn take_hops(&mut self) -> Vec<Hop> {
        self.calls.clear();
        std::mem::take(&mut self.hops)
    }

    /// How many hops this world has emitted since it began.
    pub fn hop_count(&self) -> u32 {
        self.seq
    }

    /// The hops from here on are numbered from 1 again: a terminal that
    /// continues a scenario's node starts a run of its own.
    pub(crate) fn number_from_one(&mut self) {
        self.calls.clear();
        self.seq = 0;
    }

    /// A new command starts: no call is open.
    pub(crate) fn new_command(&mut self) {
        self.calls.clear();
    }

    pub(crate) fn emit(&mut self, b: HopB) {
        let mut hop = b.0;
        self.seq = self.seq.saturating_add(1);
        hop.seq = self.seq;
        hop.parent = self.calls.enter(&hop);
        self.hops.push(hop);
    }

    /// 64 lowercase hex characters, as containerd and CRI ids are.
    pub(crate) fn hex_id(&mut self) -> String {
        let mut s = String::with_capacity(64);
        for _ in 0..8 {
            s.push_str(&format!("{:08x}", self.rng.next_u32()));
        }
        s
    }

    /// A version-4 UUID.
    pub(crate) fn uuid(&mut self) -> String {
        let a = self.rng.next_u32();
        let b = self.rng.next_u32();
        let c = self.rng.next_u32();
        let d = self.rng.next_u32();
        format!(
            "{:08x}-{:04x}-4{:03x}-{:04x}-{:04x}{:08x}",
            a,
            b >> 16,
            b & 0xfff,
            (c >> 16 & 0x3fff) | 0x8000,
            c & 0xffff,
            d
        )
    }

    pub(crate) fn pid(&mut self) -> u32 {
        let p = self.next_pid;
        self.next_pid = self.next_pid.saturating_add(1 + self.rng.next_u32() % 7);
        p
    }

    pub(crate) fn at(&mut self, delay_ms: u64, t: Timer) {
        self.timer_seq += 1;
        self.timers
            .insert((self.now_ms + delay_ms, self.timer_seq), t);
    }

    /// RFC 3339 time of a logical instant (the world starts 2026-01-05T09:00:00Z).
    pub(crate) fn rfc3339(ms: u64, nanos: bool) -> String {
        let secs = 1_767_603_600 + ms / 1000;
        let days = secs / 86_400;
        let rem = secs % 86_400;
        let (y, m, d) = civil_from_days(days as i64);
        let base = format!(
            "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}",
            rem / 3600,
            rem % 3600 / 60,
            rem % 60
        );
        if nanos {
            format!("{base}.{:09}Z", (ms % 1000) * 1_000_000 + 123_456)
        } else {
            format!("{base}Z")
        }
    }

    /// A Go `time.Time` as JSON at a world time, Go's zero time
    /// (`0001-01-01T00:00:00Z`) for 0 = never (docker and nerdctl inspect's
    /// `StartedAt`/`FinishedAt`).
    pub(crate) fn go_time(ms: u64) -> String {
        if ms > 0 {
            World::rfc3339(ms, true)
        } else {
            "0001-01-01T00:00:00Z".to_string()
        }
    }

    /// `date`'s default format (`Mon Jan  5 09:00:00 UTC 2026`) at a world time.
    pub(crate) fn date_text(ms: u64) -> String {
        let secs = 1_767_603_600 + ms / 1000;
        let days = secs / 86_400;
        let rem = secs % 86_400;
        let (y, m, d) = civil_from_days(days as i64);
        const WD: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
        const MO: [&str; 12] = [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ];
        format!(
            "{} {} {d:>2} {:02}:{:02}:{:02} UTC {y}",
            WD[(days % 7) as usize],
            MO[(m as usize).saturating_sub(1).min(11)],
            rem / 3600,
            rem % 3600 / 60,
            rem % 60
        )
    }

    /// Advances the clock to `until_ms`, running every background actor on the way.
    pub(crate) fn run_until(&mut self, until_ms: u64) {
        let mut guard = 0u32;
        loop {
            guard += 1;
            if guard > 100_000 {
                break;
            }
            let next_timer = self.timers.first().map(|(k, _)| k.0);
            let next_pleg = (self.now_ms / 1000 + 1) * 1000;
            let next_gc = self.next_gc_ms;
            let next = [next_timer.unwrap_or(u64::MAX), next_pleg, next_gc]
                .into_iter()
                .min()
                .unwrap_or(u64::MAX);
            if next > until_ms {
                break;
            }
            self.now_ms = self.now_ms.max(next);
            // A timer or a background actor serves none of the calls before it.
            self.calls.clear();
            if next_timer == Some(next) {
                let first = self.timers.first().map(|(k, _)| *k);
                if let Some(t) = first.and_then(|k| self.timers.remove(&k)) {
                    self.fire(t);
                }
                continue;
            }
            if next == next_gc {
                self.next_gc_ms += 60_000;
                self.container_gc();
                continue;
            }
            self.pleg_relist();
        }
        self.now_ms = self.now_ms.max(until_ms);
    }

    /// Advances the clock to `until_ms` (a script's `sleep`), running the actors.
    pub fn advance_to(&mut self, until_ms: u64) {
        self.run_until(until_ms);
    }

    /// What follows every command: background actors react, up to and including the
    /// next PLEG relist.
    pub(crate) fn settle(&mut self) {
        let t = (self.now_ms / 1000 + 1) * 1000;
        self.run_until(t);
    }

    fn fire(&mut self, t: Timer) {
        match t {
            Timer::Exit { id, code, oom } => self.process_exit(&id, code, oom),
            Timer::Sync { key } => self.sync_pod(&key),
            Timer::Node(t) => self.node_timer(t),
            Timer::Controllers => self.run_controllers(),
        }
    }

    /// The object name used in effects for a container at the CRI/OCI layers.
    pub(crate) fn short(id: &str) -> &str {
        id.get(..12).unwrap_or(id)
    }

    /// Puts a file on the node: an absolute path where it says (creating its
    /// directories), a relative one in the bundle `runc` uses
    /// ([`crate::node::files::BUNDLE`]: `config.json`).
    pub fn put_file(&mut self, name: &str, text: &str) {
        let path = crate::node::fs::normalize(crate::node::files::BUNDLE, name);
        self.node.fs.put_file(&path, text);
    }

    /// The model's invariants, checked after any operation; an empty list
    /// means the world is consistent:
    /// * a container the OCI layer calls running has a live process (pid > 0)
    ///   and, under containerd, a running task;
    /// * no two live containers share a pid, and no id is used twice;
    /// * a pod the kubelet reports Running has a ready sandbox.
    pub fn invariant_violations(&self) -> Vec<String> {
        let mut bad = Vec::new();
        let mut pids: LiteMap<u32, &str> = LiteMap::new();
        for (key, c) in &self.ctrs {
            if key != &c.id {
                bad.push(format!("container {} stored under {key}", c.id));
            }
            if c.oci == Some(OciStatus::Running) {
                if c.pid == 0 {
                    bad.push(format!("container {} is running with pid 0", c.id));
                }
                if !c.ns.is_empty()
                    && c.shim != Component::Conmon
                    && c.task != Some(TaskStatus::Running)
                {
                    bad.push(format!(
                        "container {} is running but its task is {:?}",
                        c.id, c.task
                    ));
                }
                // Kata's shim reports QEMU's pid for every task of a pod.
                if c.shim == Component::ShimKataV2 {
                    continue;
                }
                // gVisor: every member of a sandbox has the Sentry's pid.
                if let Some(other) = pids
                    .insert(c.pid, &c.id)
                    .filter(|o| !self.share_a_sentry(o, &c.id))
                {
                    bad.push(format!(
                        "containers {other} and {} share pid {}",
                        c.id, c.pid
                    ));
                }
            }
        }
        for (root, id) in self.oci_cli.keys() {
            if self.ctrs.contains_key(id) && root.starts_with("/run/containerd") {
                bad.push(format!(
                    "standalone container {id} shadows a containerd one"
                ));
            }
        }
        for p in self.pods.values() {
            if p.phase == PodPhase::Running && p.deleting.is_none() {
                let ready = p
                    .sandbox_id
                    .as_ref()
                    .and_then(|s| self.sandboxes.get(s))
                    .is_some();
                if !ready {
                    bad.push(format!(
                        "pod {}/{} is Running without a sandbox",
                        p.namespace, p.name
                    ));
                }
            }
        }
        bad
    }

    /// The state of every object at the end of the world's history so far, by layer.
    pub fn states(&self) -> LiteMap<String, LiteMap<&'static str, String>> {
        let mut m: LiteMap<String, LiteMap<&'static str, String>> = LiteMap::new();
        for p in self.pods.values() {
            m.entry(format!("pod/{}/{}", p.namespace, p.name))
                .or_default()
                .insert("kubelet", p.phase.as_str().to_string());
        }
        for s in self.sandboxes.values() {
            m.entry(format!("sandbox/{}", World::short(&s.id)))
                .or_default()
                .insert("cri", s.state.get().as_str().to_string());
        }
        for c in self.ctrs.values() {
            let e = m
                .entry(format!("container/{}", World::short(&c.id)))
                .or_default();
            if let Some(s) = c.cri.get() {
                e.insert("cri", s.as_str().to_string());
            }
            if let Some(s) = c.oci {
                e.insert("oci", s.as_str().to_string());
            }
            if let Some(s) = c.task {
                m.entry(format!("task/{}", World::short(&c.id)))
                    .or_default()
                    .insert("containerd", s.as_str().to_string());
            }
        }
        m
    }
}

/// Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

#[cfg(test)]
mod tests;
