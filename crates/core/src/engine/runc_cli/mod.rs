//! `runc` and `crun` typed at the node's shell (reference §6 and S9): `spec`,
//! `create`, `start`, `run`, `state`, `list`, `kill`, `delete`, `exec`, `ps`,
//! `pause`, `resume`, runc's `update` (from flags), with each binary's own refusals
//! (shared/reference/runtime-outputs/errors-runc.txt, errors-crun.txt).
//!
//! The shell's working directory is the bundle [`CWD`], which holds a busybox
//! root filesystem in `rootfs/` (the `mkdir rootfs; tar -x …` of S9 done).

mod create;

use create::cli_workload;

use super::oci_runtime::CliContainer;
use super::output::push_lines;
use super::output::runc::{
    crun_exec_message, help, list_table, ps_text, state_json, StateJson, CRUN_VERSION, RUNC_VERSION,
};
use super::{h, Outcome, Workload, World};
use crate::command::runc::{RuntimeBinary, RuntimeCli, RuntimeCommand};
use crate::command::ErrorKind;
use crate::lifecycle::oci::OciStatus;
use crate::msg;
use crate::oci::{self, OciRuntime};
use crate::trace::{Component, Iface, Layer};

/// The shell's working directory: the bundle `runc spec` writes into.
pub(crate) const CWD: &str = "/root/demo";

impl World {
    /// One `runc …` / `crun …` command line.
    pub(crate) fn runtime_cli(&mut self, cli: &RuntimeCli) -> Outcome {
        let bin = match cli.binary {
            RuntimeBinary::Runc => Component::Runc,
            RuntimeBinary::Crun => Component::Crun,
        };
        if !self.topo.has_edge(Component::User, bin, Iface::OciCli) {
            return Outcome::err(
                127,
                format!("bash: {}: command not found", cli.binary.name()),
            )
            .remark(msg!("rt-cli-no-crun", oci = self.cfg.oci.id()));
        }
        let rt = match cli.binary {
            RuntimeBinary::Runc => OciRuntime::Runc,
            RuntimeBinary::Crun => OciRuntime::Crun,
        };
        let root = cli
            .root
            .clone()
            .unwrap_or_else(|| rt.default_root().to_string());
        let ctx = CliCtx { cli, bin, rt, root };
        match &cli.command {
            RuntimeCommand::Spec { bundle, rootless } => {
                self.rt_spec(&ctx, bundle.as_deref(), *rootless)
            }
            RuntimeCommand::Create(o) => self.rt_create(&ctx, o, None),
            RuntimeCommand::Run(r) => self.rt_create(&ctx, &r.create, Some((r.detach, r.keep))),
            RuntimeCommand::Start { id } => self.rt_start(&ctx, id),
            RuntimeCommand::State { id } => self.rt_state(&ctx, id),
            RuntimeCommand::List { format, quiet } => self.rt_list(&ctx, format.as_deref(), *quiet),
            RuntimeCommand::Kill { id, .. } => self.rt_kill(&ctx, id),
            RuntimeCommand::Delete { id, force } => self.rt_delete(&ctx, id, *force),
            RuntimeCommand::Exec(e) => self.rt_exec(&ctx, &e.id, &e.command),
            RuntimeCommand::Ps { id, .. } => self.rt_ps(&ctx, id),
            RuntimeCommand::Pause { id } => self.rt_freeze(&ctx, id, true),
            RuntimeCommand::Resume { id } => self.rt_freeze(&ctx, id, false),
            RuntimeCommand::Version => Outcome::ok(match cli.binary {
                RuntimeBinary::Runc => RUNC_VERSION,
                RuntimeBinary::Crun => CRUN_VERSION,
            }),
            RuntimeCommand::Help { .. } => Outcome::ok(help(cli.binary)),
            RuntimeCommand::Update {
                id,
                resources: None,
                set,
            } if cli.binary == RuntimeBinary::Runc => self.rt_update(&ctx, id, set),
            RuntimeCommand::Events { .. }
            | RuntimeCommand::Update { .. }
            | RuntimeCommand::Features => {
                let words = cli.to_line();
                self.command_error(&cli.said(
                    ErrorKind::NotSimulated,
                    msg!("rt-cli-not-modelled", command = words),
                ))
            }
        }
    }

    /// The (root, id) key of a standalone container, with its status brought up to date.
    fn cli_lookup(&mut self, ctx: &CliCtx, id: &str) -> Option<CliContainer> {
        let key = (ctx.root.clone(), id.to_string());
        let now = self.now_ms;
        let c = self.oci_cli.get_mut(&key)?;
        if let Some((at, _)) = c.exits_at {
            if c.status == OciStatus::Running && now >= at {
                c.status = c.status.exited();
            }
        }
        Some(c.clone())
    }

    fn rt_spec(&mut self, ctx: &CliCtx, bundle: Option<&str>, rootless: bool) -> Outcome {
        if let Some(b) = bundle {
            if !is_cwd(b) {
                return ctx.fail(
                    self,
                    ErrorKind::InvalidArgument,
                    match ctx.rt {
                        OciRuntime::Runc => format!("chdir {b}: no such file or directory"),
                        OciRuntime::Crun => {
                            format!("chdir `{b}` failed: No such file or directory")
                        }
                    },
                );
            }
        }
        let mut argv = vec![ctx.cli.binary.name().to_string(), "spec".to_string()];
        if rootless {
            argv.push("--rootless".to_string());
        }
        self.emit(
            h(Component::User, ctx.bin, Iface::OciCli, "spec")
                .note(msg!("rt-cli-spec"))
                .d("argv", argv),
        );
        let config = format!("{CWD}/config.json");
        if self.node.fs.exists(&config) {
            return ctx.fail(
                self,
                ErrorKind::InvalidArgument,
                match ctx.rt {
                    OciRuntime::Runc => "File config.json exists. Remove it first".to_string(),
                    OciRuntime::Crun => "config.json already exists".to_string(),
                },
            );
        }
        let text = if rootless {
            oci::spec::RUNC_ROOTLESS_JSON
        } else {
            oci::spec::RUNC_DEFAULT_JSON
        };
        self.emit(
            h(ctx.bin, Component::Kernel, Iface::Syscall, "openat")
                .note(msg!("rt-cli-spec-write", bundle = CWD))
                .d("path", format!("{CWD}/config.json"))
                .d("flags", "O_WRONLY|O_CREAT|O_TRUNC")
                .d("mode", "0666"),
        );
        self.node.fs.put_file(&config, text);
        Outcome::default()
    }

    fn rt_state(&mut self, ctx: &CliCtx, id: &str) -> Outcome {
        self.emit(
            h(Component::User, ctx.bin, Iface::OciCli, "state")
                .note(msg!("rt-cli-state"))
                .d("argv", ctx.argv("state", id)),
        );
        let Some(c) = self.cli_lookup(ctx, id) else {
            return ctx.not_found(self, id);
        };
        let v = state_json(&c);
        let mut s = serde_json::to_string_pretty(&v).unwrap_or_default();
        s.push('\n');
        Outcome::ok(s)
    }

    fn rt_list(&mut self, ctx: &CliCtx, format: Option<&str>, quiet: bool) -> Outcome {
        let mut argv = vec![ctx.cli.binary.name().to_string(), "list".to_string()];
        if quiet {
            argv.push("-q".to_string());
        }
        if let Some(f) = format {
            argv.extend(["--format".to_string(), f.to_string()]);
        }
        self.emit(
            h(Component::User, ctx.bin, Iface::OciCli, "list")
                .note(msg!("rt-cli-list", root = &ctx.root))
                .d("argv", argv),
        );
        let ids: Vec<String> = self
            .oci_cli
            .keys()
            .filter(|(r, _)| *r == ctx.root)
            .map(|(_, id)| id.clone())
            .collect();
        let list: Vec<CliContainer> = ids
            .iter()
            .filter_map(|id| self.cli_lookup(ctx, id))
            .collect();
        if quiet {
            return Outcome::ok(
                list.iter()
                    .map(|c| format!("{}\n", c.id))
                    .collect::<String>(),
            );
        }
        if format == Some("json") {
            let arr: Vec<StateJson> = list.iter().map(state_json).collect();
            let mut s = serde_json::to_string(&arr).unwrap_or_default();
            s.push('\n');
            return Outcome::ok(s);
        }
        if let Some(f) = format.filter(|f| *f != "table") {
            return ctx.fail(
                self,
                ErrorKind::InvalidArgument,
                format!("invalid format option: {f}"),
            );
        }
        Outcome::ok(list_table(ctx.rt, &list))
    }

    fn rt_kill(&mut self, ctx: &CliCtx, id: &str) -> Outcome {
        let RuntimeCommand::Kill { signal, all, .. } = &ctx.cli.command else {
            return Outcome::default();
        };
        let mut argv = vec![ctx.cli.binary.name().to_string(), "kill".to_string()];
        if *all {
            argv.push("--all".to_string());
        }
        argv.push(id.to_string());
        if let Some(s) = signal {
            argv.push(s.clone());
        }
        self.emit(
            h(Component::User, ctx.bin, Iface::OciCli, "kill")
                .note(msg!("rt-cli-kill"))
                .d("argv", argv),
        );
        let Some(c) = self.cli_lookup(ctx, id) else {
            return ctx.not_found(self, id);
        };
        let sig = match ctx.cli.kill_signal() {
            Some(Ok(n)) => n,
            Some(Err(e)) => return self.command_error(&e),
            None => 15,
        };
        if c.status == OciStatus::Stopped {
            let msg = match ctx.rt {
                OciRuntime::Runc => "container not running".to_string(),
                OciRuntime::Crun => c.status.crun_refusal("kill", id, &ctx.root).message,
            };
            return ctx.fail(self, ErrorKind::InvalidArgument, msg);
        }
        let name = crate::command::units::signal_name(sig).unwrap_or("0");
        self.emit(
            h(ctx.bin, Component::Kernel, Iface::Syscall, "kill")
                .note(msg!("rt-cli-kill-pid", signal = name, pid = c.pid))
                .d("pid", c.pid)
                .d("signal", name),
        );
        let workload = cli_workload(&c.args, c.terminal);
        let dies = match sig {
            9 => true,
            15 | 2 | 1 => {
                c.status == OciStatus::Created
                    || matches!(
                        workload,
                        Workload::Server {
                            honours_sigterm: true,
                            ..
                        }
                    )
            }
            _ => false,
        };
        if dies {
            let code = 128 + sig as i32;
            let from = if c.status == OciStatus::Created {
                "waiting"
            } else {
                "running"
            };
            self.emit(
                h(
                    Component::Kernel,
                    Component::Container,
                    Iface::Syscall,
                    "signal",
                )
                .note(if sig == 9 {
                    msg!("rt-cli-sigkill")
                } else {
                    msg!("rt-cli-dies-of", signal = name)
                })
                .d("pid", c.pid)
                .d("signal", name)
                .fx(
                    format!("process/{}", c.pid),
                    Layer::Kernel,
                    Some(from),
                    "exited",
                )
                .fx(
                    format!("container/{}", World::short(id)),
                    Layer::Oci,
                    Some(c.status.as_str()),
                    "stopped",
                ),
            );
            if let Some(c) = self.oci_cli.get_mut(&(ctx.root.clone(), id.to_string())) {
                c.status = c.status.exited();
                c.exit_code = code;
                c.exits_at = None;
            }
        } else if matches!(sig, 15 | 2 | 1) {
            self.emit(
                h(
                    Component::Kernel,
                    Component::Container,
                    Iface::Syscall,
                    "signal",
                )
                .note(msg!(
                    "rt-cli-signal-dropped",
                    command = c.args.join(" "),
                    signal = name
                ))
                .d("pid", c.pid)
                .d("signal", name),
            );
        }
        Outcome::default()
    }

    fn rt_delete(&mut self, ctx: &CliCtx, id: &str, force: bool) -> Outcome {
        let mut argv = vec![ctx.cli.binary.name().to_string(), "delete".to_string()];
        if force {
            argv.push("--force".to_string());
        }
        argv.push(id.to_string());
        self.emit(
            h(Component::User, ctx.bin, Iface::OciCli, "delete")
                .note(msg!("rt-delete"))
                .d("argv", argv),
        );
        let Some(c) = self.cli_lookup(ctx, id) else {
            if force {
                return Outcome::default();
            }
            let msg = match ctx.rt {
                OciRuntime::Runc => "container does not exist".to_string(),
                OciRuntime::Crun => format!(
                    "cannot open directory '{}/{id}': No such file or directory",
                    ctx.root
                ),
            };
            return ctx.fail(self, ErrorKind::InvalidArgument, msg);
        };
        if let (Err(r), false) = (c.status.delete(id), force) {
            let msg = match ctx.rt {
                OciRuntime::Runc => r.message,
                OciRuntime::Crun => c.status.crun_refusal("delete", id, &ctx.root).message,
            };
            return ctx.fail(self, ErrorKind::InvalidArgument, msg);
        }
        let inv = self.invocation_for(ctx, &c);
        if c.status != OciStatus::Stopped {
            self.emit(
                h(ctx.bin, Component::Kernel, Iface::Syscall, "kill")
                    .note(msg!("rt-cli-delete-kills"))
                    .d("pid", c.pid)
                    .d("signal", "SIGKILL")
                    .fx(
                        format!("process/{}", c.pid),
                        Layer::Kernel,
                        Some(if c.status == OciStatus::Created {
                            "waiting"
                        } else {
                            "running"
                        }),
                        "exited",
                    )
                    .fx(
                        format!("container/{}", World::short(id)),
                        Layer::Oci,
                        Some(c.status.as_str()),
                        "stopped",
                    ),
            );
        }
        self.oci_delete_steps(&inv, false);
        self.oci_cli.remove(&(ctx.root.clone(), id.to_string()));
        Outcome::default()
    }

    fn rt_exec(&mut self, ctx: &CliCtx, id: &str, cmd: &[String]) -> Outcome {
        let mut argv = vec![
            ctx.cli.binary.name().to_string(),
            "exec".to_string(),
            id.to_string(),
        ];
        argv.extend(cmd.iter().cloned());
        self.emit(
            h(Component::User, ctx.bin, Iface::OciCli, "exec")
                .note(msg!("rt-cli-exec"))
                .d("argv", argv),
        );
        let Some(c) = self.cli_lookup(ctx, id) else {
            return ctx.not_found(self, id);
        };
        if c.status != OciStatus::Running {
            let msg = match ctx.rt {
                OciRuntime::Runc if c.status == OciStatus::Stopped => {
                    "cannot exec in a stopped container".to_string()
                }
                OciRuntime::Runc => format!("cannot exec in a {} container", c.status.as_str()),
                OciRuntime::Crun => format!("the container `{id}` is not running"),
            };
            return ctx.fail(self, ErrorKind::InvalidArgument, msg);
        }
        let exec_pid = self.pid();
        self.exec_steps(ctx.bin, c.pid, exec_pid, cmd);
        let mut out = Outcome::default();
        match Workload::from_argv("busybox", cmd) {
            Workload::Exits { code, lines, .. } => {
                push_lines(&mut out, &lines, "runc", self.now_ms);
                out.exit = code;
                self.emit(
                    h(
                        Component::Container,
                        Component::Kernel,
                        Iface::Syscall,
                        "exit_group",
                    )
                    .d("status", code)
                    .fx(
                        format!("process/{exec_pid}"),
                        Layer::Kernel,
                        Some("running"),
                        "exited",
                    ),
                );
            }
            Workload::NotFound { message } => {
                let msg = match ctx.rt {
                    OciRuntime::Runc => {
                        format!("exec failed: unable to start container process: {message}")
                    }
                    OciRuntime::Crun => crun_exec_message(cmd),
                };
                return ctx.fail(self, ErrorKind::InvalidArgument, msg);
            }
            Workload::Server { lines, .. } => {
                push_lines(&mut out, &lines, "runc", self.now_ms);
            }
            Workload::Hog { .. } => {}
        }
        out
    }

    fn rt_ps(&mut self, ctx: &CliCtx, id: &str) -> Outcome {
        self.emit(
            h(Component::User, ctx.bin, Iface::OciCli, "ps")
                .note(msg!("rt-cli-ps"))
                .d("argv", ctx.argv("ps", id)),
        );
        let Some(c) = self.cli_lookup(ctx, id) else {
            return ctx.not_found(self, id);
        };
        self.emit(
            h(ctx.bin, Component::Kernel, Iface::Cgroupfs, "cgroup.procs")
                .note(msg!("rt-cli-ps-procs"))
                .d("path", format!("/sys/fs/cgroup/{id}/cgroup.procs")),
        );
        Outcome::ok(ps_text(&c, ctx.cli.binary.name()))
    }

    /// `runc update FLAGS ID`: the new limits written as `create` writes
    /// them (the core's `resource_writes`, devices never), runc's refusals
    /// first. `-r FILE|-` is not modelled (the simulator has no file to read).
    fn rt_update(&mut self, ctx: &CliCtx, id: &str, set: &[(String, String)]) -> Outcome {
        let mut argv = vec![ctx.cli.binary.name().to_string()];
        if let Some(r) = &ctx.cli.root {
            argv.extend(["--root".to_string(), r.clone()]);
        }
        argv.push("update".to_string());
        for (n, v) in set {
            argv.push(format!("--{n}={v}"));
        }
        argv.push(id.to_string());
        self.emit(
            h(Component::User, ctx.bin, Iface::OciCli, "update")
                .note(msg!("rt-cli-update"))
                .d("argv", argv),
        );
        let Some(c) = self.cli_lookup(ctx, id) else {
            return ctx.not_found(self, id);
        };
        let r = match oci::update_resources(set) {
            Ok(r) => r,
            Err(m) => return ctx.fail(self, ErrorKind::InvalidArgument, m),
        };
        if let Some(m) = oci::update_refusal(set) {
            return ctx.fail(self, ErrorKind::InvalidArgument, m.to_string());
        }
        if c.status == OciStatus::Stopped {
            return ctx.fail(
                self,
                ErrorKind::InvalidArgument,
                "container not running".to_string(),
            );
        }
        let writes = oci::resource_writes(
            &r,
            oci::CgroupVersion::V2,
            OciRuntime::Runc,
            oci::ResourceScope::Update { memory_limit: 0 },
        );
        for op in writes {
            if let oci::Op::CgroupWrite { file, value } = op {
                let text = value.text(true);
                let note = crate::message::Msg::new(oci::plan::write_note_id(file, true))
                    .arg("runtime", ctx.rt.id())
                    .arg("value", text.as_str())
                    .arg("file", file);
                self.emit(
                    h(ctx.bin, Component::Kernel, Iface::Cgroupfs, file)
                        .note(note)
                        .d("path", format!("/sys/fs/cgroup/{id}/{file}"))
                        .d("value", text),
                );
            }
        }
        Outcome::ok("")
    }

    fn rt_freeze(&mut self, ctx: &CliCtx, id: &str, pause: bool) -> Outcome {
        let verb = if pause { "pause" } else { "resume" };
        self.emit(
            h(Component::User, ctx.bin, Iface::OciCli, verb)
                .note(if pause {
                    msg!("rt-cli-pause")
                } else {
                    msg!("rt-cli-resume")
                })
                .d("argv", ctx.argv(verb, id)),
        );
        let Some(c) = self.cli_lookup(ctx, id) else {
            return ctx.not_found(self, id);
        };
        let next = if pause {
            c.status.pause()
        } else {
            c.status.resume()
        };
        let next = match next {
            Ok(s) => s,
            Err(r) => {
                let verb = if pause { "pause" } else { "resume" };
                let msg = match ctx.rt {
                    OciRuntime::Runc => r.message,
                    OciRuntime::Crun => c.status.crun_refusal(verb, id, &ctx.root).message,
                };
                return ctx.fail(self, ErrorKind::InvalidArgument, msg);
            }
        };
        let (from, to) = if pause {
            ("running", "paused")
        } else {
            ("paused", "running")
        };
        self.emit(
            h(ctx.bin, Component::Kernel, Iface::Cgroupfs, "cgroup.freeze")
                .d("path", format!("/sys/fs/cgroup/{id}/cgroup.freeze"))
                .d("value", if pause { "1" } else { "0" })
                .fx(
                    format!("container/{}", World::short(id)),
                    Layer::Oci,
                    Some(from),
                    to,
                ),
        );
        if let Some(c) = self.oci_cli.get_mut(&(ctx.root.clone(), id.to_string())) {
            c.status = next;
        }
        Outcome::default()
    }
}

/// What one runtime command line is about.
struct CliCtx<'a> {
    cli: &'a RuntimeCli,
    bin: Component,
    rt: OciRuntime,
    root: String,
}

impl CliCtx<'_> {
    fn argv(&self, verb: &str, id: &str) -> Vec<String> {
        let mut v = vec![self.cli.binary.name().to_string()];
        if let Some(r) = &self.cli.root {
            v.extend(["--root".to_string(), r.clone()]);
        }
        v.extend([verb.to_string(), id.to_string()]);
        v
    }

    fn fail(&self, w: &World, kind: ErrorKind, msg: String) -> Outcome {
        w.command_error(&self.cli.error(kind, msg))
    }

    fn not_found(&self, w: &World, id: &str) -> Outcome {
        let msg = match self.rt {
            OciRuntime::Runc => "container does not exist".to_string(),
            OciRuntime::Crun => format!(
                "error opening file `{}/{id}/status`: No such file or directory",
                self.root
            ),
        };
        self.fail(w, ErrorKind::InvalidArgument, msg)
    }
}

fn is_cwd(b: &str) -> bool {
    matches!(b, "." | "./" | "") || b.trim_end_matches('/') == CWD
}
