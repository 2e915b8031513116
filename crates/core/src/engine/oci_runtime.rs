//! The OCI runtime as its callers drive it: `create`, `start`, `kill`, `delete`,
//! with the steps inside (`Plan`) emitted as syscall and cgroupfs hops. (Named
//! `oci_runtime`, not `runtime`: it models the low-level OCI runtime binary as
//! shims, conmon and dockerd run it.) When the binary is gVisor's runsc, each
//! verb is `gvisor`'s instead: runsc is nothing like runc inside.

use super::{h, HopB, World};
use crate::lifecycle::oci::OciStatus;
use crate::msg;
use crate::oci::{self, ContainerParams, HookSpec, HopContext, NsMode, OciRuntime, Phase, Plan};
use crate::trace::{Component, Effect, Iface, Layer};
use oci_spec::runtime::Spec;
use std::sync::Arc;

/// How the container's namespaces are set up: what the caller's generated spec says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum SpecKind {
    /// A CRI sandbox (pause): new pid/ipc/uts/mount, network namespace by path.
    Sandbox { netns: String },
    /// A pod container joining the pause process's namespaces by path; its
    /// `/etc/hostname`, `/etc/hosts`, `/etc/resolv.conf` and `/dev/shm` come
    /// from its sandbox's directories.
    PodContainer { pause_pid: u32, sandbox: String },
    /// A CRI-O pod container joining pinned namespaces by path (no pause process).
    PinnedPod { uuid: String, sandbox: String },
    /// containerd's/dockerd's default: every namespace new.
    Default,
    /// nerdctl's: containerd's default plus the createRuntime and postStop
    /// hooks that call back into nerdctl for CNI networking.
    Nerdctl,
    /// `runc spec`'s default config.json.
    RuncSpec,
    /// Podman's: every namespace new except the network one, bind-mounted
    /// at `netns` by podman; a pod member joins its infra's net, ipc and uts
    /// (`join_pid`); the cgroup as `slice:prefix:name` for systemd.
    Podman {
        netns: String,
        join_pid: Option<u32>,
        cgroups_path: String,
    },
}

/// A container made with the runtime CLI directly (`runc create`, `runc run`).
#[derive(Debug, Clone)]
pub(crate) struct CliContainer {
    pub id: String,
    pub bundle: String,
    pub status: OciStatus,
    pub pid: u32,
    pub created_ms: u64,
    pub args: Vec<String>,
    /// When a detached process ends by itself: (time, exit code).
    pub exits_at: Option<(u64, i32)>,
    /// The exit code once stopped.
    pub exit_code: i32,
    /// `process.terminal` of its config.
    pub terminal: bool,
}

/// Everything the runtime's steps refer to.
#[derive(Debug, Clone)]
pub(crate) struct Invocation {
    pub caller: Component,
    pub bin: Component,
    pub id: String,
    pub bundle: String,
    pub root: String,
    pub spec: SpecKind,
    pub args: Vec<String>,
    pub memory_limit: Option<u64>,
    pub cgroup: String,
    /// The log flags containerd's shim passes (`--log … --log-format json`).
    pub shim_flags: bool,
}

impl Invocation {
    fn global_argv(&self) -> Vec<String> {
        let mut v = vec![
            self.bin.id().to_string(),
            "--root".to_string(),
            self.root.clone(),
        ];
        if self.shim_flags {
            v.extend([
                "--log".to_string(),
                format!("{}/log.json", self.bundle),
                "--log-format".to_string(),
                "json".to_string(),
            ]);
        }
        v
    }
}

impl World {
    /// `runc create`: returns the init pid, or runc's error text.
    pub(crate) fn oci_create(&mut self, inv: &Invocation) -> Result<u32, String> {
        if inv.bin == Component::Runsc {
            return self.runsc_create(inv);
        }
        let mut argv = inv.global_argv();
        argv.extend([
            "create".to_string(),
            "--bundle".to_string(),
            inv.bundle.clone(),
            "--pid-file".to_string(),
            format!("{}/init.pid", inv.bundle),
            inv.id.clone(),
        ]);
        let note = match inv.caller {
            Component::ShimRuncV2 => msg!("rt-create-by-shim"),
            Component::Conmon => msg!("rt-create-by-conmon"),
            _ => msg!("rt-create"),
        };
        self.emit(
            h(inv.caller, inv.bin, Iface::OciCli, "create")
                .note(note)
                .d("argv", argv),
        );
        self.oci_create_steps(inv)
    }

    /// `runc start`.
    pub(crate) fn oci_start(&mut self, inv: &Invocation, pid: u32) {
        if inv.bin == Component::Runsc {
            return self.runsc_start(inv);
        }
        let mut argv = inv.global_argv();
        argv.extend(["start".to_string(), inv.id.clone()]);
        self.emit(
            h(inv.caller, inv.bin, Iface::OciCli, "start")
                .note(msg!("rt-start"))
                .d("argv", argv),
        );
        self.oci_start_steps(inv, pid);
    }

    /// `runc kill`.
    pub(crate) fn oci_kill(&mut self, inv: &Invocation, pid: u32, signal: &str, all: bool) {
        if inv.bin == Component::Runsc {
            return self.runsc_kill(inv, signal, all);
        }
        let mut argv = inv.global_argv();
        argv.push("kill".to_string());
        if all {
            argv.push("--all".to_string());
        }
        argv.extend([inv.id.clone(), signal.to_string()]);
        self.emit(
            h(inv.caller, inv.bin, Iface::OciCli, "kill")
                .note(msg!("rt-kill", signal = signal))
                .d("argv", argv),
        );
        self.emit(
            h(inv.bin, Component::Kernel, Iface::Syscall, "kill")
                .d("pid", pid)
                .d("signal", signal.to_string()),
        );
    }

    /// `runc delete`.
    pub(crate) fn oci_delete(&mut self, inv: &Invocation, force: bool) {
        if inv.bin == Component::Runsc {
            return self.runsc_delete(inv, force);
        }
        let mut argv = inv.global_argv();
        argv.push("delete".to_string());
        if force {
            argv.push("--force".to_string());
        }
        argv.push(inv.id.clone());
        self.emit(
            h(inv.caller, inv.bin, Iface::OciCli, "delete")
                .note(msg!("rt-delete"))
                .d("argv", argv),
        );
        self.oci_delete_steps(inv, force);
    }
}

impl World {
    /// The config.json the caller generated for this container.
    fn spec_for(&self, inv: &Invocation) -> Spec {
        let mut p = ContainerParams {
            id: inv.id.clone(),
            args: inv.args.clone(),
            memory_limit: inv.memory_limit.and_then(|m| i64::try_from(m).ok()),
            ..ContainerParams::default()
        };
        match &inv.spec {
            SpecKind::RuncSpec => {
                let rt = OciRuntime::for_component(inv.bin).unwrap_or(OciRuntime::Runc);
                self.node
                    .fs
                    .read(&format!("{}/config.json", crate::node::files::BUNDLE))
                    .ok()
                    .and_then(|t| oci::parse_config(t, rt).ok())
                    .unwrap_or_else(oci::spec::runc_default)
            }
            SpecKind::Default => oci::spec::containerd_default(&p),
            SpecKind::Podman {
                netns,
                join_pid,
                cgroups_path,
            } => {
                p.cgroups_path = Some(cgroups_path.clone());
                match join_pid {
                    Some(pid) => {
                        p.namespaces.network = NsMode::Join(format!("/proc/{pid}/ns/net"));
                        p.namespaces.ipc = NsMode::Join(format!("/proc/{pid}/ns/ipc"));
                        p.namespaces.uts = NsMode::Join(format!("/proc/{pid}/ns/uts"));
                    }
                    None if !netns.is_empty() => {
                        p.namespaces.network = NsMode::Join(netns.clone());
                    }
                    None => {}
                }
                oci::spec::containerd_default(&p)
            }
            SpecKind::Nerdctl => {
                let hook = |event: &str| HookSpec {
                    path: "/usr/local/bin/nerdctl".to_string(),
                    args: ["/usr/local/bin/nerdctl", "internal", "oci-hook", event]
                        .map(String::from)
                        .to_vec(),
                    env: Vec::new(),
                    timeout: None,
                };
                p.hooks.create_runtime = vec![hook("createRuntime")];
                p.hooks.poststop = vec![hook("postStop")];
                oci::spec::containerd_default(&p)
            }
            SpecKind::Sandbox { .. }
            | SpecKind::PodContainer { .. }
            | SpecKind::PinnedPod { .. } => self
                .pod_spec(inv, p)
                .unwrap_or_else(oci::spec::runc_default),
        }
    }

    /// Renders one phase of the runtime's plan for this container as hops.
    fn plan_hops(&mut self, inv: &Invocation, phase: Phase, pid: u32, kills_init: bool) {
        // The runtime reads config.json at create and keeps what it made of it
        // in its state; start and delete work from that.
        let key = (inv.root.clone(), inv.id.clone());
        let spec = match (phase, self.specs.get(&key)) {
            (Phase::Create, _) | (_, None) => {
                let s = Arc::new(self.spec_for(inv));
                self.specs.insert(key.clone(), Arc::clone(&s));
                s
            }
            (_, Some(s)) => Arc::clone(s),
        };
        if phase == Phase::Delete {
            self.specs.remove(&key);
        }
        let rt = OciRuntime::for_component(inv.bin).unwrap_or(OciRuntime::Runc);
        let plan = match Plan::for_runtime(&spec, rt) {
            Ok(p) => p,
            Err(e) => {
                self.emit(
                    h(inv.bin, inv.bin, Iface::InProcess, "validate")
                        .note(msg!("rt-config-refused", reason = e.to_string())),
                );
                return;
            }
        };
        let ctx = HopContext {
            id: inv.id.clone(),
            bundle: inv.bundle.clone(),
            root: inv.root.clone(),
            init_pid: pid,
            cgroup_path: format!("/{}", inv.cgroup.trim_start_matches('/')),
            delete_kills_init: kills_init,
        };
        let long = format!("container/{}", inv.id);
        let short = format!("container/{}", World::short(&inv.id));
        for mut hop in plan.hops(phase, &ctx) {
            let mut process = None;
            for e in &mut hop.effects {
                if e.object == long {
                    e.object.clone_from(&short);
                    process = match e.to.as_str() {
                        "created" => Some((None, "waiting")),
                        "running" => Some((Some("waiting"), "running")),
                        _ => None,
                    };
                }
            }
            if let Some((from, to)) = process {
                hop.effects.push(Effect {
                    object: format!("process/{pid}"),
                    layer: Layer::Kernel,
                    from: from.map(str::to_string),
                    to: to.to_string(),
                });
            }
            // A hook that calls back into nerdctl: nerdctl wires (or unwires)
            // the container's network namespace with CNI.
            let nerdctl_hook = hop.iface == Iface::Exec
                && hop.to == Component::Kernel
                && hop.call.ends_with("/nerdctl")
                && self
                    .topo
                    .has_edge(hop.from, Component::Nerdctl, Iface::Exec);
            if nerdctl_hook {
                hop.to = Component::Nerdctl;
            }
            self.emit(HopB(hop));
            if nerdctl_hook {
                self.nerdctl_cni(&inv.id, phase != Phase::Delete);
            }
        }
    }

    /// What nerdctl's OCI hook does: CNI ADD at createRuntime, DEL at postStop.
    fn nerdctl_cni(&mut self, id: &str, add: bool) {
        let ports: Vec<String> = self
            .ctrs
            .get(id)
            .map(|c| {
                c.ports
                    .iter()
                    .map(|(h, c)| format!("{h}->{c}/tcp"))
                    .collect()
            })
            .unwrap_or_default();
        let n = self
            .ctrs
            .values()
            .filter(|c| c.origin == super::Origin::Nerdctl)
            .position(|c| c.id == id)
            .unwrap_or(0);
        let ip = format!("10.4.0.{}", 2 + n);
        let b = if add {
            h(Component::Nerdctl, Component::Cni, Iface::Cni, "ADD")
                .note(msg!("rt-nerdctl-cni-add", ip = &ip))
        } else {
            h(Component::Nerdctl, Component::Cni, Iface::Cni, "DEL")
                .note(msg!("rt-nerdctl-cni-del", ip = &ip))
        };
        self.emit(b.d("ports", ports));
    }

    /// runc create's steps (after the caller's exec): returns the init pid, or
    /// the runtime's error when the program cannot be found.
    pub(crate) fn oci_create_steps(&mut self, inv: &Invocation) -> Result<u32, String> {
        // nsexec's stage 0 and stage 1 take the two pids before init's.
        self.pid();
        self.pid();
        let pid = self.pid();
        if let super::Workload::NotFound { message } = super::Workload::from_argv("", &inv.args) {
            if !inv.args.is_empty() {
                self.plan_hops(inv, Phase::Create, pid, false);
                self.emit(
                    h(inv.bin, Component::Kernel, Iface::Syscall, "kill")
                        .note(msg!("rt-program-not-found"))
                        .d("pid", pid)
                        .d("signal", "SIGKILL")
                        .fx(
                            format!("process/{pid}"),
                            Layer::Kernel,
                            Some("waiting"),
                            "killed",
                        )
                        .fx(
                            format!("container/{}", World::short(&inv.id)),
                            Layer::Oci,
                            Some("created"),
                            "deleted",
                        ),
                );
                self.specs.remove(&(inv.root.clone(), inv.id.clone()));
                return Err(format!("unable to start container process: {message}"));
            }
        }
        self.plan_hops(inv, Phase::Create, pid, false);
        Ok(pid)
    }

    /// runc start's steps: the fifo opens, init execs the program.
    pub(crate) fn oci_start_steps(&mut self, inv: &Invocation, pid: u32) {
        self.plan_hops(inv, Phase::Start, pid, false);
    }

    /// runc delete's steps.
    pub(crate) fn oci_delete_steps(&mut self, inv: &Invocation, kills_init: bool) {
        self.plan_hops(inv, Phase::Delete, 0, kills_init);
    }
}
