//! The OCI runtime as its callers drive it: `create`, `start`, `kill`, `delete`,
//! with the steps inside (`Plan`) emitted as syscall and cgroupfs hops.

use super::{h, World};
use crate::lifecycle::oci::OciStatus;
use crate::trace::{Component, Iface, Layer};

/// How the container's namespaces are set up: what the caller's generated spec says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum SpecKind {
    /// A CRI sandbox (pause): new pid/ipc/uts/mount, network namespace by path.
    Sandbox { netns: String },
    /// A pod container joining the pause process's namespaces by path.
    PodContainer { pause_pid: u32 },
    /// A CRI-O pod container joining pinned namespaces by path (no pause process).
    PinnedPod { uuid: String },
    /// containerd's/dockerd's default: every namespace new.
    Default,
    /// `runc spec`'s default config.json.
    RuncSpec,
}

/// A container made with the runtime CLI directly (`runc create`, `runc run`).
#[derive(Debug, Clone)]
pub(crate) struct CliContainer {
    pub id: String,
    pub bundle: String,
    pub status: OciStatus,
    pub pid: u32,
    pub created_ms: u64,
    pub bin: Component,
    pub args: Vec<String>,
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
        let mut argv = inv.global_argv();
        argv.extend([
            "create".to_string(),
            "--bundle".to_string(),
            inv.bundle.clone(),
            "--pid-file".to_string(),
            format!("{}/init.pid", inv.bundle),
            inv.id.clone(),
        ]);
        let pid = self.pid();
        let note = match inv.caller {
            Component::ShimRuncV2 => "the shim runs the runtime's create; runc builds the container and exits, leaving init re-parented to the shim (a subreaper)",
            Component::Conmon => "conmon runs the runtime's create as its child and reports the pid to CRI-O over its sync pipe",
            _ => "the runtime builds the container; its init waits on exec.fifo",
        };
        self.emit(
            h(inv.caller, inv.bin, Iface::OciCli, "create")
                .note(note)
                .d("argv", argv)
                .fx(
                    format!("container/{}", World::short(&inv.id)),
                    Layer::Oci,
                    None,
                    "creating",
                ),
        );
        self.plan_create(inv, pid);
        if let super::Workload::NotFound { message } = super::Workload::from_argv("", &inv.args) {
            if !inv.args.is_empty() {
                self.emit(
                    h(inv.bin, Component::Kernel, Iface::Syscall, "kill")
                        .note("init could not find the program: runc kills it and tears the container down")
                        .d("signal", "SIGKILL")
                        .fx(format!("process/{pid}"), Layer::Kernel, Some("waiting"), "killed"),
                );
                return Err(format!("unable to start container process: {message}"));
            }
        }
        self.emit(
            h(inv.bin, inv.bin, Iface::InProcess, "saveState")
                .note(format!(
                    "state.json written under {}/{}; {} exits, status created",
                    inv.root, inv.id, inv.bin
                ))
                .fx(
                    format!("container/{}", World::short(&inv.id)),
                    Layer::Oci,
                    Some("creating"),
                    "created",
                ),
        );
        Ok(pid)
    }

    /// `runc start`.
    pub(crate) fn oci_start(&mut self, inv: &Invocation, pid: u32) {
        let mut argv = inv.global_argv();
        argv.extend(["start".to_string(), inv.id.clone()]);
        self.emit(
            h(inv.caller, inv.bin, Iface::OciCli, "start")
                .note("start opens exec.fifo; the waiting init goes on to execve the user program")
                .d("argv", argv),
        );
        self.plan_start(inv, pid);
    }

    /// `runc kill`.
    pub(crate) fn oci_kill(&mut self, inv: &Invocation, pid: u32, signal: &str, all: bool) {
        let mut argv = inv.global_argv();
        argv.push("kill".to_string());
        if all {
            argv.push("--all".to_string());
        }
        argv.extend([inv.id.clone(), signal.to_string()]);
        self.emit(
            h(inv.caller, inv.bin, Iface::OciCli, "kill")
                .note(format!("send {signal} to the container's init"))
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
        let mut argv = inv.global_argv();
        argv.push("delete".to_string());
        if force {
            argv.push("--force".to_string());
        }
        argv.push(inv.id.clone());
        self.emit(
            h(inv.caller, inv.bin, Iface::OciCli, "delete")
                .note("delete removes the cgroup and the state directory, then runs poststop hooks")
                .d("argv", argv),
        );
        self.plan_delete(inv);
    }

    /// Every hop of the create phase.
    fn plan_create(&mut self, inv: &Invocation, pid: u32) {
        let bin = inv.bin;
        let state_dir = format!("{}/{}", inv.root, inv.id);
        self.emit(
            h(bin, Component::Kernel, Iface::Syscall, "mkdirat")
                .note("the state directory for this container")
                .d("path", state_dir.clone()),
        );
        self.emit(
            h(bin, Component::Kernel, Iface::Syscall, "mknodat")
                .note("exec.fifo: init will block writing to it until start opens it")
                .d("path", format!("{state_dir}/exec.fifo"))
                .d("mode", "S_IFIFO|0622"),
        );
        let init = if bin == Component::Runc {
            Component::RuncInit
        } else {
            bin
        };
        if bin == Component::Runc {
            self.emit(
                h(Component::Runc, Component::RuncInit, Iface::Exec, "runc init")
                    .note("runc starts a sealed copy of itself as `runc init`, passing pipes through _LIBCONTAINER_* variables")
                    .d("argv", vec!["/proc/self/exe".to_string(), "init".to_string()])
                    .d("env", vec!["_LIBCONTAINER_INITPIPE=3", "_LIBCONTAINER_SYNCPIPE=4", "_LIBCONTAINER_LOGPIPE=5", "_LIBCONTAINER_FIFOFD=6"]),
            );
        }
        self.emit(
            h(bin, Component::Kernel, Iface::Cgroupfs, "cgroup.procs")
                .note("the child joins its cgroup before it can fork")
                .d(
                    "path",
                    format!("/sys/fs/cgroup/{}/cgroup.procs", inv.cgroup),
                )
                .d("value", pid),
        );
        if let Some(limit) = inv.memory_limit {
            self.emit(
                h(bin, Component::Kernel, Iface::Cgroupfs, "memory.max")
                    .note(
                        "the memory limit: over it the kernel's OOM killer acts inside this cgroup",
                    )
                    .d("path", format!("/sys/fs/cgroup/{}/memory.max", inv.cgroup))
                    .d("value", limit),
            );
        }
        let (join, new): (Vec<(&str, String)>, &str) = match &inv.spec {
            SpecKind::Sandbox { netns } => (
                vec![("net", netns.clone())],
                "CLONE_NEWNS|CLONE_NEWUTS|CLONE_NEWIPC|CLONE_NEWPID",
            ),
            SpecKind::PodContainer { pause_pid } => (
                vec![
                    ("ipc", format!("/proc/{pause_pid}/ns/ipc")),
                    ("uts", format!("/proc/{pause_pid}/ns/uts")),
                    ("net", format!("/proc/{pause_pid}/ns/net")),
                ],
                "CLONE_NEWNS|CLONE_NEWPID",
            ),
            SpecKind::PinnedPod { uuid } => (
                vec![
                    ("ipc", format!("/var/run/ipcns/{uuid}")),
                    ("uts", format!("/var/run/utsns/{uuid}")),
                    ("net", format!("/var/run/netns/{uuid}")),
                ],
                "CLONE_NEWNS|CLONE_NEWPID",
            ),
            SpecKind::Default | SpecKind::RuncSpec => (
                vec![],
                "CLONE_NEWNS|CLONE_NEWUTS|CLONE_NEWIPC|CLONE_NEWPID|CLONE_NEWNET",
            ),
        };
        for (ty, path) in join {
            self.emit(
                h(init, Component::Kernel, Iface::Syscall, "setns")
                    .note(format!("join the existing {ty} namespace by path"))
                    .d("path", path)
                    .d("nstype", ns_flag(ty)),
            );
        }
        self.emit(
            h(init, Component::Kernel, Iface::Syscall, "unshare")
                .note("new namespaces for everything not joined")
                .d("flags", new),
        );
        self.emit(
            h(init, Component::Kernel, Iface::Syscall, "clone")
                .note("clone once more so the child is PID 1 in the new PID namespace")
                .d("flags", "CLONE_PARENT|SIGCHLD")
                .fx(format!("process/{pid}"), Layer::Kernel, None, "init"),
        );
        self.emit(
            h(init, Component::Kernel, Iface::Syscall, "mount")
                .note("mounts from config.json, in order, under the new root")
                .d("destination", "/proc")
                .d("type", "proc"),
        );
        self.emit(
            h(init, Component::Kernel, Iface::Syscall, "pivot_root")
                .note("the container's rootfs becomes / and the old root is detached")
                .d("new_root", format!("{}/rootfs", inv.bundle)),
        );
        self.emit(
            h(init, Component::Kernel, Iface::Syscall, "capset")
                .note("drop to the capabilities in config.json")
                .d("set", "bounding|effective|permitted"),
        );
        self.emit(
            h(init, Component::Kernel, Iface::Syscall, "openat")
                .note(
                    "init blocks opening exec.fifo for writing until `start` opens it for reading",
                )
                .d("path", "exec.fifo")
                .d("flags", "O_WRONLY|O_CLOEXEC")
                .fx(
                    format!("process/{pid}"),
                    Layer::Kernel,
                    Some("init"),
                    "waiting",
                ),
        );
    }

    fn plan_start(&mut self, inv: &Invocation, pid: u32) {
        let bin = inv.bin;
        let init = if bin == Component::Runc {
            Component::RuncInit
        } else {
            bin
        };
        self.emit(
            h(bin, Component::Kernel, Iface::Syscall, "openat")
                .note("opening exec.fifo for reading releases the waiting init")
                .d("path", format!("{}/{}/exec.fifo", inv.root, inv.id))
                .d("flags", "O_RDONLY|O_CLOEXEC"),
        );
        let prog = inv.args.first().cloned().unwrap_or_default();
        self.emit(
            h(init, Component::Kernel, Iface::Syscall, "execve")
                .note(format!(
                    "init replaces itself with {prog}: the container is running"
                ))
                .d("argv", inv.args.clone())
                .fx(
                    format!("process/{pid}"),
                    Layer::Kernel,
                    Some("waiting"),
                    "running",
                )
                .fx(
                    format!("container/{}", World::short(&inv.id)),
                    Layer::Oci,
                    Some("created"),
                    "running",
                ),
        );
    }

    fn plan_delete(&mut self, inv: &Invocation) {
        self.emit(
            h(inv.bin, Component::Kernel, Iface::Syscall, "rmdir")
                .note("remove the container's cgroup")
                .d("path", format!("/sys/fs/cgroup/{}", inv.cgroup)),
        );
        self.emit(
            h(inv.bin, Component::Kernel, Iface::Syscall, "unlinkat")
                .note("remove the state directory")
                .d("path", format!("{}/{}", inv.root, inv.id))
                .fx(
                    format!("container/{}", World::short(&inv.id)),
                    Layer::Oci,
                    Some("stopped"),
                    "deleted",
                ),
        );
    }
}

fn ns_flag(ty: &str) -> &'static str {
    match ty {
        "net" => "CLONE_NEWNET",
        "ipc" => "CLONE_NEWIPC",
        "uts" => "CLONE_NEWUTS",
        "pid" => "CLONE_NEWPID",
        "mnt" | "mount" => "CLONE_NEWNS",
        "user" => "CLONE_NEWUSER",
        "cgroup" => "CLONE_NEWCGROUP",
        _ => "0",
    }
}
