//! `create`, `run` and `start` of a standalone container: the bundle and its
//! config.json checked, the plan's create steps, and the start that lets init
//! `execve` the program (in the foreground for `run`, until it exits).

use super::super::oci_runtime::{CliContainer, Invocation, SpecKind};
use super::super::output::push_lines;
use super::super::output::runc::crun_exec_message;
use super::super::{h, Outcome, Workload, World};
use super::{is_cwd, CliCtx, CWD};
use crate::command::runc::{validate_container_id, CreateOptions};
use crate::command::ErrorKind;
use crate::lifecycle::oci::OciStatus;
use crate::lifecycle::Refusal;
use crate::msg;
use crate::oci::{self, OciRuntime, PlanError};
use crate::trace::{Component, Iface, Layer};

impl World {
    pub(super) fn rt_create(
        &mut self,
        ctx: &CliCtx,
        o: &CreateOptions,
        run: Option<(bool, bool)>,
    ) -> Outcome {
        let verb = if run.is_some() { "run" } else { "create" };
        let failed = |msg: String| match ctx.rt {
            OciRuntime::Runc => format!("runc {verb} failed: {msg}"),
            OciRuntime::Crun => msg,
        };
        let mut argv = vec![ctx.cli.binary.name().to_string()];
        if let Some(r) = &ctx.cli.root {
            argv.extend(["--root".to_string(), r.clone()]);
        }
        argv.push(verb.to_string());
        if let Some((true, _)) = run {
            argv.push("-d".to_string());
        }
        if let Some(b) = &o.bundle {
            argv.extend(["--bundle".to_string(), b.clone()]);
        }
        if let Some(s) = &o.console_socket {
            argv.extend(["--console-socket".to_string(), s.clone()]);
        }
        argv.push(o.id.clone());
        self.emit(
            h(Component::User, ctx.bin, Iface::OciCli, verb)
                .note(if run.is_some() {
                    msg!("rt-cli-run")
                } else {
                    msg!("rt-cli-create")
                })
                .d("argv", argv),
        );
        if validate_container_id(&o.id).is_err() {
            let msg = match ctx.rt {
                OciRuntime::Runc => failed("invalid container ID format".into()),
                // crun makes <root>/<id> first: `../x` lands beside the root
                // and the keyring step refuses; `a/b` has no parent.
                OciRuntime::Crun if o.id.contains('/') && !o.id.starts_with("../") => {
                    format!("cannot create state directory for `{}`", o.id)
                }
                OciRuntime::Crun => format!("create keyring `{}`: Operation not permitted", o.id),
            };
            return ctx.fail(self, ErrorKind::InvalidArgument, msg);
        }
        if self.cli_lookup(ctx, &o.id).is_some() {
            let msg = match ctx.rt {
                OciRuntime::Runc => failed("container with given ID already exists".into()),
                OciRuntime::Crun => format!("container `{}` already exists", o.id),
            };
            return ctx.fail(self, ErrorKind::InvalidArgument, msg);
        }
        let bundle = match o.bundle.as_deref() {
            None => CWD.to_string(),
            Some(b) if is_cwd(b) => CWD.to_string(),
            Some(b) => {
                let msg = match ctx.rt {
                    OciRuntime::Runc => failed(format!("chdir {b}: no such file or directory")),
                    OciRuntime::Crun => format!("chdir `{b}` failed: No such file or directory"),
                };
                return ctx.fail(self, ErrorKind::InvalidArgument, msg);
            }
        };
        let config = format!("{bundle}/config.json");
        let Some(text) = self.node.fs.read(&config).ok().map(str::to_string) else {
            let msg = match ctx.rt {
                OciRuntime::Runc => failed("JSON specification file config.json not found".into()),
                OciRuntime::Crun => "error loading config.json".to_string(),
            };
            return ctx.fail(self, ErrorKind::InvalidArgument, msg);
        };
        let spec = match oci::parse_config(&text, ctx.rt) {
            Ok(s) => s,
            Err(e) => {
                let msg = match (ctx.rt, &e) {
                    (OciRuntime::Crun, PlanError::Json { .. }) => {
                        "error loading config.json".to_string()
                    }
                    // parse_config words syntax faults as Go's encoding/json does.
                    (OciRuntime::Runc, PlanError::Json { message, .. }) => failed(message.clone()),
                    _ => failed(e.to_string()),
                };
                return ctx.fail(self, ErrorKind::InvalidArgument, msg);
            }
        };
        if let Err(e) = oci::Plan::for_runtime(&spec, ctx.rt) {
            return ctx.fail(self, ErrorKind::InvalidArgument, failed(e.to_string()));
        }
        let process = spec.process().as_ref();
        let terminal = process.and_then(|p| p.terminal()).unwrap_or(false);
        let detach = !matches!(run, Some((false, _)));
        if ctx.rt == OciRuntime::Runc {
            if detach && terminal && o.console_socket.is_none() {
                return ctx.fail(
                    self,
                    ErrorKind::InvalidArgument,
                    failed(
                        "cannot allocate tty if runc will detach without setting console socket"
                            .into(),
                    ),
                );
            }
            if (!detach || !terminal) && o.console_socket.is_some() {
                return ctx.fail(
                    self,
                    ErrorKind::InvalidArgument,
                    failed(
                        "cannot use console socket if runc will not detach or allocate tty".into(),
                    ),
                );
            }
        }
        let args: Vec<String> = process.and_then(|p| p.args().clone()).unwrap_or_default();
        let memory_limit = spec
            .linux()
            .as_ref()
            .and_then(|l| l.resources().as_ref())
            .and_then(|r| r.memory().as_ref())
            .and_then(|m| m.limit())
            .and_then(|l| u64::try_from(l).ok());
        let inv = Invocation {
            caller: Component::User,
            bin: ctx.bin,
            id: o.id.clone(),
            bundle: bundle.clone(),
            root: ctx.root.clone(),
            spec: SpecKind::RuncSpec,
            args: args.clone(),
            memory_limit,
            cgroup: oci::cgroup_path_for(&spec, &o.id)
                .trim_start_matches('/')
                .to_string(),
            shim_flags: false,
        };
        let pid = match self.oci_create_steps(&inv) {
            Ok(pid) => pid,
            Err(msg) => {
                let msg = match ctx.rt {
                    OciRuntime::Runc => failed(msg),
                    OciRuntime::Crun => crun_exec_message(&args),
                };
                return ctx.fail(self, ErrorKind::InvalidArgument, msg);
            }
        };
        let key = (ctx.root.clone(), o.id.clone());
        self.oci_cli.insert(
            key.clone(),
            CliContainer {
                id: o.id.clone(),
                bundle,
                status: OciStatus::Created,
                pid,
                created_ms: self.now_ms,
                args: args.clone(),
                exits_at: None,
                exit_code: 0,
                terminal,
            },
        );
        let Some((detach, keep)) = run else {
            return Outcome::default();
        };
        if let Err(r) = self.cli_start(ctx, &inv, pid) {
            return ctx.fail(self, ErrorKind::InvalidArgument, r.to_string());
        }
        if detach {
            return Outcome::default();
        }
        // Foreground: the runtime waits for the process, then destroys the container.
        let workload = cli_workload(&args, terminal);
        let typed_exit = terminal && matches!(workload, Workload::Server { .. }) && is_shell(&args);
        let workload = if typed_exit {
            Workload::Exits {
                after_ms: 1,
                code: 0,
                lines: vec![],
            }
        } else {
            workload
        };
        let (after_ms, code, lines) = match &workload {
            Workload::Exits {
                after_ms,
                code,
                lines,
            } => (*after_ms, *code, lines.clone()),
            Workload::Server { lines, .. } => {
                let mut out = Outcome::default();
                push_lines(&mut out, lines, "runc", self.now_ms);
                return out.remark(msg!(
                    "rt-cli-foreground",
                    runtime = ctx.cli.binary.name(),
                    command = args.join(" "),
                    id = &o.id
                ));
            }
            Workload::Hog { .. } | Workload::NotFound { .. } => (1, 0, vec![]),
        };
        let until = self.now_ms + after_ms;
        self.advance_to(until);
        self.emit(
            h(
                Component::Container,
                Component::Kernel,
                Iface::Syscall,
                "exit_group",
            )
            .note(if typed_exit {
                msg!("rt-cli-typed-exit", command = args.join(" "))
            } else {
                msg!("rt-cli-exit", command = args.join(" "), code = code)
            })
            .d("status", code)
            .fx(
                format!("process/{pid}"),
                Layer::Kernel,
                Some("running"),
                "exited",
            )
            .fx(
                format!("container/{}", World::short(&o.id)),
                Layer::Oci,
                Some("running"),
                "stopped",
            ),
        );
        self.emit(
            h(ctx.bin, Component::Kernel, Iface::Syscall, "wait4")
                .note(msg!("rt-cli-reap", runtime = ctx.cli.binary.name()))
                .d("pid", pid)
                .d("status", code),
        );
        let mut out = Outcome::default();
        push_lines(&mut out, &lines, "runc", self.now_ms);
        out.exit = code;
        if keep {
            if let Some(c) = self.oci_cli.get_mut(&key) {
                c.status = c.status.exited();
                c.exit_code = code;
            }
        } else {
            self.oci_delete_steps(&inv, false);
            self.oci_cli.remove(&key);
        }
        out
    }

    /// The start steps and the bookkeeping after them; the state machine
    /// answers first (a refusal leaves everything as it was).
    pub(super) fn cli_start(
        &mut self,
        ctx: &CliCtx,
        inv: &Invocation,
        pid: u32,
    ) -> Result<(), Refusal> {
        let key = (ctx.root.clone(), inv.id.clone());
        let running = match self.oci_cli.get(&key) {
            Some(c) => c.status.start()?,
            None => return Ok(()),
        };
        self.oci_start_steps(inv, pid);
        let now = self.now_ms;
        let terminal = self.oci_cli.get(&key).is_some_and(|c| c.terminal);
        let workload = cli_workload(&inv.args, terminal);
        if let Some(c) = self.oci_cli.get_mut(&key) {
            c.status = running;
            if let Workload::Exits { after_ms, code, .. } = workload {
                c.exits_at = Some((now + after_ms.max(1), code));
                c.exit_code = code;
            }
        }
        Ok(())
    }

    pub(super) fn invocation_for(&self, ctx: &CliCtx, c: &CliContainer) -> Invocation {
        Invocation {
            caller: Component::User,
            bin: ctx.bin,
            id: c.id.clone(),
            bundle: c.bundle.clone(),
            root: ctx.root.clone(),
            spec: SpecKind::RuncSpec,
            args: c.args.clone(),
            memory_limit: None,
            cgroup: c.id.clone(),
            shim_flags: false,
        }
    }

    pub(super) fn rt_start(&mut self, ctx: &CliCtx, id: &str) -> Outcome {
        self.emit(
            h(Component::User, ctx.bin, Iface::OciCli, "start")
                .note(msg!("rt-cli-start"))
                .d("argv", ctx.argv("start", id)),
        );
        let Some(c) = self.cli_lookup(ctx, id) else {
            return ctx.not_found(self, id);
        };
        let inv = self.invocation_for(ctx, &c);
        if let Err(r) = self.cli_start(ctx, &inv, c.pid) {
            let msg = match ctx.rt {
                OciRuntime::Runc => r.to_string(),
                OciRuntime::Crun => c.status.crun_refusal("start", id, &ctx.root).message,
            };
            return ctx.fail(self, ErrorKind::InvalidArgument, msg);
        }
        Outcome::default()
    }
}

pub(super) fn is_shell(args: &[String]) -> bool {
    let prog = args.first().map(|a| a.rsplit('/').next().unwrap_or(a));
    matches!(prog, Some("sh" | "bash" | "ash")) && args.len() == 1
}

/// A process of a standalone container: a bare shell on a terminal waits for
/// input (and, as PID 1, ignores SIGTERM); everything else as in pods.
pub(super) fn cli_workload(args: &[String], terminal: bool) -> Workload {
    if terminal && is_shell(args) {
        return Workload::Server {
            lines: vec![],
            honours_sigterm: false,
        };
    }
    Workload::from_argv("busybox", args)
}
