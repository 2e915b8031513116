//! Hops of the container's lifecycle as the runtime keeps it: `config.json`
//! read, the state directory and `exec.fifo`, `runc init` started, the sync
//! points between the init process and the runtime, hooks, the state saved
//! and read back, `start`'s hand-over on the FIFO and `execve`, `delete`'s
//! kill and removal.

use super::{Detail, Narrator};
use crate::oci::plan::*;
use crate::trace::{Component, Hop, Iface};
use serde_json::json;

/// The hop of a lifecycle step; `None` for a step of another kind.
pub(super) fn hop(n: &Narrator<'_, '_>) -> Option<Hop> {
    let Narrator {
        c,
        who,
        runc,
        me,
        actor,
        ..
    } = *n;
    let hop = match n.step.op {
            Op::Enter(name) => {
                let note = match name {
                    "prepareRootfs" => "runc init prepares the root filesystem: every mount below happens in its private mount namespace, invisible to the host.",
                    "libcrun_set_mounts" => "The container process prepares the root filesystem: every mount below happens in its private mount namespace, invisible to the host.",
                    "finalizeNamespace" => "runc init becomes the container's user with the container's capabilities; what it drops now cannot be taken back.",
                    "libcrun_set_caps" => "The container process becomes the container's user with the container's capabilities; what it drops now cannot be taken back.",
                    _ => "The init process enters the next stage of its setup.",
                };
                n.in_process(name, Detail::new(), note.to_string())
            }
            Op::LoadConfig => {
                let call = if runc {
                    "specconv.CreateLibcontainerConfig"
                } else {
                    "libcrun_container_load_from_file"
                };
                n.in_process(
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
                let mut h = n.syscall(
                    "mkdirat",
                    d,
                    format!("{who} creates the state directory {} where it keeps what it knows about the container.", c.state),
                );
                h.effects.push(n.effect(None, "creating"));
                h
            }
            Op::CreateExecFifo => n.syscall(
                "mknodat",
                Detail::new()
                    .s("path", c.fifo.clone())
                    .s("mode", if runc { "S_IFIFO|0622" } else { "S_IFIFO|0600" }),
                format!("{who} creates the FIFO exec.fifo: the container will wait on it until `{} start`.", c.runtime),
            ),
            Op::CopyConfig => n.in_process(
                "libcrun_copy_config_file",
                Detail::new().s("path", format!("{}/config.json", c.state)),
                "crun copies config.json into the state directory, so that later commands do not depend on the bundle.".to_string(),
            ),
            Op::SealedSelfCopy => n.syscall(
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
                    note: Some("runc starts its sealed copy as `runc init`, the process that will become the container; the pipes it passes are named in _LIBCONTAINER_* variables.".to_string().into()),
                    detail: Some(
                        Detail::new()
                            .v("argv", json!(["runc", "init"]))
                            .v("env", json!(env))
                            .0,
                    ),
                    effects: Vec::new(),
                }
            }
            Op::Sync(point) => {
                let (call, note) = match (runc, point) {
                    (true, SyncPoint::Hooks) => ("procHooks", "runc init tells runc its mounts are ready and waits: runc applies the cgroup limits and runs the prestart and createRuntime hooks meanwhile."),
                    (true, SyncPoint::Ready) => ("procReady", "runc init tells runc it is ready to exec: runc sets the rlimits (it still can raise them from outside) and saves the state."),
                    (false, SyncPoint::Hooks) => ("sync 2", "The container process tells crun its mounts are ready and waits while crun runs the prestart and createRuntime hooks."),
                    (false, SyncPoint::Ready) => ("sync 4", "The container process tells crun its setup is done; crun records the container as created."),
                };
                n.in_process(call, Detail::new(), note.to_string())
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
                    n.syscall("execve", d, note)
                } else {
                    Hop {
                        seq: 0,
                        from: me,
                        to: Component::Kernel,
                        iface: Iface::Exec,
                        call: path.to_string(),
                        note: Some(note.into()),
                        detail: Some(d.0),
                        effects: Vec::new(),
                    }
                }
            }
            Op::SaveState => {
                let (call, file) = if runc {
                    ("updateState", "state.json")
                } else {
                    ("write_container_status", "status")
                };
                n.in_process(
                    call,
                    Detail::new().s("path", format!("{}/{file}", c.state)),
                    format!("{who} records the container's pid, bundle and cgroup in {file}, which `state`, `list` and `start` read later."),
                )
            }
            Op::FifoWait => {
                let mut h = if runc {
                    n.syscall(
                        "openat",
                        Detail::new()
                            .s("path", c.fifo.clone())
                            .s("flags", "O_WRONLY|O_CLOEXEC")
                            .v("blocks", json!(true)),
                        "runc init opens exec.fifo for writing, which blocks until someone opens it for reading: the container is now `created`, and `runc create` returns.".to_string(),
                    )
                } else {
                    n.syscall(
                        "read",
                        Detail::new().s("path", c.fifo.clone()).v("blocks", json!(true)),
                        "The container process waits reading exec.fifo: the container is now `created`, and `crun create` returns.".to_string(),
                    )
                };
                h.effects.push(n.effect(Some("creating"), "created"));
                h
            }
            Op::LoadState => {
                let (call, file) = if runc {
                    ("loadState", "state.json")
                } else {
                    ("libcrun_read_container_status", "status")
                };
                n.in_process(
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
                n.syscall(
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
                n.syscall(
                    "write",
                    Detail::new().s("path", c.fifo.clone()).v("bytes", json!(1)),
                    note.to_string(),
                )
            }
            Op::FifoRead => n.syscall(
                "read",
                Detail::new().s("path", c.fifo.clone()).s("data", "0"),
                "runc start reads the byte: the container is going.".to_string(),
            ),
            Op::FifoUnlink => n.syscall(
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
                let mut h = n.syscall(
                    "execve",
                    d,
                    format!("{who} replaces itself with {program}: the same process, PID 1 in the container, now runs the container's program."),
                );
                h.effects.push(n.effect(Some("created"), "running"));
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
                n.syscall("kill", d, note)
            }
            Op::StateRemove => n.syscall(
                "unlinkat",
                Detail::new()
                    .s("path", c.state.clone())
                    .s("flags", "AT_REMOVEDIR"),
                format!("{who} removes the state directory {}: the container no longer exists.", c.state),
            ),
            _ => return None,
        };
    Some(hop)
}

fn first_word(args: &[String]) -> &str {
    args.first().map(String::as_str).unwrap_or("")
}
