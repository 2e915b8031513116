//! Hops of the container's lifecycle as the runtime keeps it: `config.json`
//! read, the state directory and `exec.fifo`, `runc init` started, the sync
//! points between the init process and the runtime, hooks, the state saved
//! and read back, `start`'s hand-over on the FIFO and `execve`, `delete`'s
//! kill and removal.

use super::{Detail, Narrator, Who};
use crate::msg;
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
                "prepareRootfs" => msg!("oci-enter-rootfs", who = Who::RuncInit.msg()),
                "libcrun_set_mounts" => {
                    msg!("oci-enter-rootfs", who = Who::ContainerProcess.msg())
                }
                "finalizeNamespace" => msg!("oci-enter-finalize", who = Who::RuncInit.msg()),
                "libcrun_set_caps" => {
                    msg!("oci-enter-finalize", who = Who::ContainerProcess.msg())
                }
                _ => msg!("oci-enter-next"),
            };
            n.in_process(name, Detail::new(), note)
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
                msg!("oci-load-config", who = who.msg()),
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
                msg!("oci-state-dir", who = who.msg(), path = &c.state),
            );
            h.effects.push(n.effect(None, "creating"));
            h
        }
        Op::CreateExecFifo => n.syscall(
            "mknodat",
            Detail::new()
                .s("path", c.fifo.clone())
                .s("mode", if runc { "S_IFIFO|0622" } else { "S_IFIFO|0600" }),
            msg!("oci-exec-fifo", who = who.msg(), runtime = c.runtime.id()),
        ),
        Op::CopyConfig => n.in_process(
            "libcrun_copy_config_file",
            Detail::new().s("path", format!("{}/config.json", c.state)),
            msg!("oci-copy-config"),
        ),
        Op::SealedSelfCopy => n.syscall(
            "memfd_create",
            Detail::new()
                .s("name", "runc_cloned:/proc/self/exe")
                .s("flags", "MFD_CLOEXEC|MFD_ALLOW_SEALING")
                .s(
                    "seals",
                    "F_SEAL_SEAL|F_SEAL_SHRINK|F_SEAL_GROW|F_SEAL_WRITE",
                ),
            msg!("oci-sealed-copy"),
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
                note: Some(msg!("oci-exec-init").into()),
                detail: Some(
                    Detail::new()
                        .v("argv", json!(["runc", "init"]))
                        .v("env", json!(env))
                        .0,
                ),
                parent: None,
                effects: Vec::new(),
            }
        }
        Op::Sync(point) => {
            let (call, note) = match (runc, point) {
                (true, SyncPoint::Hooks) => ("procHooks", msg!("oci-sync-runc-hooks")),
                (true, SyncPoint::Ready) => ("procReady", msg!("oci-sync-runc-ready")),
                (false, SyncPoint::Hooks) => ("sync 2", msg!("oci-sync-crun-hooks")),
                (false, SyncPoint::Ready) => ("sync 4", msg!("oci-sync-crun-ready")),
            };
            n.in_process(call, Detail::new(), note)
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
                .s(
                    "stdin",
                    format!("container state (status \"{}\")", kind.status()),
                );
            if let Some(env) = hook.env() {
                d = d.v("env", json!(env));
            }
            if let Some(t) = hook.timeout() {
                d = d.v("timeout", json!(t));
            }
            let place = if kind.in_container_namespace() {
                if kind == HookKind::CreateContainer {
                    "container-before-pivot"
                } else {
                    "container"
                }
            } else {
                "runtime"
            };
            let note = if kind == HookKind::Poststart {
                msg!("oci-hook-poststart", who = who.msg(), path = path)
            } else {
                msg!(
                    "oci-hook",
                    who = who.msg(),
                    kind = kind.id(),
                    path = path,
                    place = place
                )
            };
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
                    parent: None,
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
                msg!("oci-save-state", who = who.msg(), file = file),
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
                    msg!("oci-fifo-wait-runc"),
                )
            } else {
                n.syscall(
                    "read",
                    Detail::new()
                        .s("path", c.fifo.clone())
                        .v("blocks", json!(true)),
                    msg!("oci-fifo-wait-crun"),
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
                msg!("oci-load-state", who = who.msg(), path = &c.state),
            )
        }
        Op::FifoOpen => {
            let (flags, note) = if runc {
                ("O_RDONLY|O_CLOEXEC", msg!("oci-fifo-open-runc"))
            } else {
                ("O_WRONLY|O_CLOEXEC", msg!("oci-fifo-open-crun"))
            };
            n.syscall(
                "openat",
                Detail::new().s("path", c.fifo.clone()).s("flags", flags),
                note,
            )
        }
        Op::FifoWrite => {
            let note = if runc {
                msg!("oci-fifo-write-runc")
            } else {
                msg!("oci-fifo-write-crun")
            };
            n.syscall(
                "write",
                Detail::new().s("path", c.fifo.clone()).v("bytes", json!(1)),
                note,
            )
        }
        Op::FifoRead => n.syscall(
            "read",
            Detail::new().s("path", c.fifo.clone()).s("data", "0"),
            msg!("oci-fifo-read"),
        ),
        Op::FifoUnlink => n.syscall(
            "unlinkat",
            Detail::new().s("path", c.fifo.clone()),
            msg!("oci-fifo-unlink", who = who.msg()),
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
                msg!("oci-execve", who = who.msg(), program = program),
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
                d = d.s(
                    "target",
                    format!("every pid in {}/cgroup.procs", c.cgroup_dir()),
                );
                msg!("oci-kill-all", who = who.msg())
            } else {
                d = d.v("pid", json!(c.ctx.init_pid));
                msg!("oci-kill-init", who = who.msg())
            };
            n.syscall("kill", d, note)
        }
        Op::StateRemove => n.syscall(
            "unlinkat",
            Detail::new()
                .s("path", c.state.clone())
                .s("flags", "AT_REMOVEDIR"),
            msg!("oci-state-remove", who = who.msg(), path = &c.state),
        ),
        _ => return None,
    };
    Some(hop)
}

fn first_word(args: &[String]) -> &str {
    args.first().map(String::as_str).unwrap_or("")
}
