//! gVisor as its callers drive it (reference SANDBOXED-AND-PODMAN.md §3, read
//! against google/gvisor `pkg/shim/v1`, `runsc/container/container.go`,
//! `runsc/sandbox/sandbox.go`, `runsc/boot/controller.go`).
//!
//! Whoever calls the OCI runtime (containerd-shim-runsc-v1, Docker's
//! containerd-shim-runc-v2 with `BinaryName=/usr/local/bin/runsc`, CRI-O's
//! conmon) execs the `runsc` binary once per verb, as a runc caller would. What
//! runsc does is nothing like runc: no `runc init`, no `exec.fifo`, no
//! namespaces made on the host for the workload. `runsc create` of a sandbox
//! root execs two long-lived host processes, `runsc-gofer … gofer` and
//! `runsc-sandbox … boot` (the Sentry, gVisor's application kernel), writes
//! the Sentry's pid as the container's pid and exits; every later verb is a
//! urpc call on the sandbox's control socket (`containerManager.StartRoot`,
//! `CreateSubcontainer`, `StartSubcontainer`, `Wait`, `Signal`,
//! `DestroySubcontainer`). The workload's system calls trap into the Sentry
//! (systrap); only the Sentry's filtered few reach the host kernel.
//!
//! Here: the sandbox record, which container belongs to which sandbox, what
//! the host's process table shows of a sandbox, and the workload's exit. The
//! verbs are in `runsc`.

mod exec;
mod runsc;

use super::oci_runtime::{Invocation, SpecKind};
use super::{h, HostProcess, World};
use crate::msg;
use crate::trace::{Component, Iface, Layer};
use litemap::LiteMap;

/// One gVisor sandbox: the Sentry and gofers `runsc create` started for a
/// sandbox root (a pod's pause container, or a container with no pod).
#[derive(Debug, Clone)]
pub(crate) struct RunscSandbox {
    /// runsc's `--root` for it.
    pub root: String,
    /// The Sentry's pid (what runsc writes to every member's `init.pid`).
    pub sentry_pid: u32,
    /// The Sentry's command line.
    pub sentry_argv: Vec<String>,
    /// Whether the Sentry is still running.
    pub running: bool,
    /// Containers in the sandbox, the root first.
    pub members: Vec<String>,
    /// The gofer of each member that has one: (pid, argv).
    pub gofers: LiteMap<String, (u32, Vec<String>)>,
    /// The long-lived `runsc wait <id>` of each member: (pid, argv).
    pub waits: LiteMap<String, (u32, Vec<String>)>,
}

/// `containerd-shim-runsc-v1`'s long-lived copy: gVisor's `newCommand`
/// passes only `-namespace`, `-address` and `-id` (no `-publish-binary`,
/// which containerd gives the `start` copy).
pub(crate) fn shim_daemon_argv(start_argv: &[String]) -> Vec<String> {
    let mut v = Vec::new();
    let mut skip = false;
    for a in start_argv {
        if skip {
            skip = false;
            continue;
        }
        match a.as_str() {
            "-publish-binary" => skip = true,
            "start" => {}
            _ => v.push(a.clone()),
        }
    }
    v
}

/// The shim's `setPodCgroup` (pkg/shim/v1/runsc/service.go): the pod cgroup
/// in a sandbox's `linux.cgroupsPath`, found by the last `/`-separated
/// element that starts with `pod`; it becomes annotation
/// `dev.gvisor.spec.cgroup-parent` so the Sentry joins the pod's cgroup.
/// `None` when no element starts with `pod` (systemd's `slice:prefix:name`
/// form) or the path is the pod cgroup itself.
pub(crate) fn pod_cgroup(cgroups_path: &str) -> Option<String> {
    let parts: Vec<&str> = cgroups_path.split('/').collect();
    let i = parts.iter().rposition(|p| p.starts_with("pod"))?;
    let joined = parts[..=i]
        .iter()
        .filter(|p| !p.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join("/");
    let path = if cgroups_path.starts_with('/') {
        format!("/{joined}")
    } else {
        joined
    };
    (path != cgroups_path).then_some(path)
}

impl World {
    /// The gVisor sandbox a container belongs to, by the sandbox's id.
    pub(crate) fn runsc_sandbox_of(&self, id: &str) -> Option<&str> {
        self.runsc
            .iter()
            .find(|(_, s)| s.members.iter().any(|m| m == id))
            .map(|(k, _)| k.as_str())
    }

    /// Whether a container runs under gVisor.
    pub(crate) fn is_gvisor(&self, id: &str) -> bool {
        self.ctrs
            .get(id)
            .is_some_and(|c| c.oci_bin == Component::Runsc)
    }

    /// The sandbox `runsc create` would join for this invocation: the pod's,
    /// when the spec names a sandbox runsc has booted (containerd's
    /// `io.kubernetes.cri.sandbox-id`); `None` makes the container a root.
    fn runsc_join_target(&self, inv: &Invocation) -> Option<String> {
        match &inv.spec {
            SpecKind::PodContainer { sandbox, .. } if self.runsc.contains_key(sandbox) => {
                Some(sandbox.clone())
            }
            _ => None,
        }
    }

    /// Where the shim's containers are grouped: gVisor's shim groups by
    /// container id unless `grouping = true` (off by default), so each
    /// container of a pod gets its own `containerd-shim-runsc-v1`; runc's
    /// shim groups a pod's containers by `io.kubernetes.cri.sandbox-id`.
    pub(crate) fn shim_group<'a>(&self, id: &str, sandbox: Option<&'a str>) -> Option<&'a str> {
        match self.ctrs.get(id).map(|c| c.shim) {
            Some(Component::ShimRunscV1) => None,
            _ => sandbox,
        }
    }

    /// The pid the container's supervisor reaps when the workload exits:
    /// gVisor's shim reaps its `runsc wait`, the others (Docker's runc shim,
    /// conmon) the Sentry they adopted.
    pub(crate) fn runsc_reaped_pid(&self, id: &str, pid: u32) -> u32 {
        self.runsc_sandbox_of(id)
            .and_then(|s| self.runsc.get(s))
            .and_then(|s| s.waits.get(id))
            .map_or(pid, |w| w.0)
    }

    /// The workload's exit under gVisor: its `exit_group` traps into the
    /// Sentry, which ends the task; when the root container's task ends the
    /// Sentry exits too, and so do the gofers. `runsc wait` returns.
    pub(crate) fn runsc_exit_hops(&mut self, id: &str, code: i32, oom: bool) {
        let Some(sid) = self.runsc_sandbox_of(id).map(str::to_string) else {
            return;
        };
        let root = sid == id;
        let note = if oom || code > 128 {
            msg!("gvisor-exit-signal")
        } else {
            msg!("gvisor-exit-group")
        };
        self.emit(
            h(
                Component::Container,
                Component::RunscSandbox,
                Iface::Syscall,
                "exit_group",
            )
            .note(note)
            .d("status", code),
        );
        if root {
            let Some(sb) = self.runsc.get(&sid).cloned() else {
                return;
            };
            if sb.running {
                self.emit(
                    h(
                        Component::RunscSandbox,
                        Component::Kernel,
                        Iface::Syscall,
                        "exit_group",
                    )
                    .note(msg!("gvisor-sandbox-exits"))
                    .d("pid", sb.sentry_pid)
                    .fx(
                        format!("process/{}", sb.sentry_pid),
                        Layer::Kernel,
                        Some("running"),
                        "exited",
                    ),
                );
                for (cid, (gpid, _)) in sb.gofers.iter() {
                    self.emit(
                        h(
                            Component::RunscGofer,
                            Component::Kernel,
                            Iface::Syscall,
                            "exit_group",
                        )
                        .note(msg!("gvisor-gofer-exits"))
                        .d("pid", *gpid)
                        .d("container", World::short(cid).to_string())
                        .fx(
                            format!("process/{gpid}"),
                            Layer::Kernel,
                            Some("running"),
                            "exited",
                        ),
                    );
                }
            }
            if let Some(s) = self.runsc.get_mut(&sid) {
                s.running = false;
                s.gofers.clear();
            }
        }
        let wait = self.runsc.get(&sid).and_then(|s| s.waits.get(id).cloned());
        if let Some((wpid, _)) = wait {
            self.emit(
                h(
                    Component::Runsc,
                    Component::Kernel,
                    Iface::Syscall,
                    "exit_group",
                )
                .note(msg!("gvisor-wait-returns", code = code))
                .d("pid", wpid)
                .fx(
                    format!("process/{wpid}"),
                    Layer::Kernel,
                    Some("running"),
                    "exited",
                ),
            );
        }
    }

    /// What `ps` on the host shows of every gVisor sandbox: the Sentry, the
    /// gofers, and gVisor's shim's `runsc wait` per container; never the
    /// workload (it is a task of the Sentry). The systrap stub processes the
    /// Sentry forks are not modelled.
    pub(crate) fn runsc_host_processes(&self, v: &mut Vec<HostProcess>) {
        let shim_of = |cid: &str| self.ctrs.get(cid).map_or(1, |c| c.shim_pid.max(1));
        for (sid, sb) in self.runsc.iter() {
            if sb.running {
                v.push(HostProcess {
                    pid: sb.sentry_pid,
                    ppid: shim_of(sid),
                    program: Component::RunscSandbox,
                    argv: sb.sentry_argv.clone(),
                    container: Some(sid.clone()),
                });
            }
            for (cid, (pid, argv)) in sb.gofers.iter() {
                v.push(HostProcess {
                    pid: *pid,
                    ppid: shim_of(cid),
                    program: Component::RunscGofer,
                    argv: argv.clone(),
                    container: Some(cid.clone()),
                });
            }
            for (cid, (pid, argv)) in sb.waits.iter() {
                v.push(HostProcess {
                    pid: *pid,
                    ppid: shim_of(cid),
                    program: Component::Runsc,
                    argv: argv.clone(),
                    container: Some(cid.clone()),
                });
            }
        }
    }

    /// Whether two containers share a pid because they are in one gVisor
    /// sandbox (runsc writes the Sentry's pid as every member's `init.pid`).
    pub(crate) fn share_a_sentry(&self, a: &str, b: &str) -> bool {
        match (self.runsc_sandbox_of(a), self.runsc_sandbox_of(b)) {
            (Some(x), Some(y)) => x == y,
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests;
