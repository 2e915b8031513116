//! The canonical `runc`/`crun` line of a parsed command.

use super::{CreateOptions, RuntimeBinary, RuntimeCli, RuntimeCommand};
use crate::command::shell::{self, push_flag, push_opt, Dash};

impl RuntimeCli {
    /// The canonical command line.
    pub fn to_line(&self) -> String {
        let mut w = vec![self.binary.name().to_string()];
        push_opt(&mut w, "root", &self.root);
        push_opt(&mut w, "log", &self.log);
        push_opt(&mut w, "log-format", &self.log_format);
        push_flag(&mut w, "debug", self.debug);
        push_flag(&mut w, "systemd-cgroup", self.systemd_cgroup);
        push_opt(&mut w, "rootless", &self.rootless);
        let create_flags = |f: &mut Vec<String>, c: &CreateOptions| {
            push_opt(f, "bundle", &c.bundle);
            push_opt(f, "pid-file", &c.pid_file);
            push_opt(f, "console-socket", &c.console_socket);
            push_flag(f, "no-pivot", c.no_pivot);
            push_flag(f, "no-new-keyring", c.no_new_keyring);
            if c.preserve_fds > 0 {
                f.push(format!("--preserve-fds={}", c.preserve_fds));
            }
        };
        // runc reorders flags after arguments (urfave v1) and crun permutes
        // them (getopt), except runc exec/ps which stop at the container ID.
        let mut dash = Dash::Any;
        let mut f = Vec::new();
        let (sub, args): (&str, Vec<String>) = match &self.command {
            RuntimeCommand::Spec { bundle, rootless } => {
                push_opt(&mut f, "bundle", bundle);
                push_flag(&mut f, "rootless", *rootless);
                ("spec", vec![])
            }
            RuntimeCommand::Create(c) => {
                create_flags(&mut f, c);
                ("create", vec![c.id.clone()])
            }
            RuntimeCommand::Run(r) => {
                create_flags(&mut f, &r.create);
                push_flag(&mut f, "detach", r.detach);
                push_flag(&mut f, "keep", r.keep);
                ("run", vec![r.create.id.clone()])
            }
            RuntimeCommand::Start { id } => ("start", vec![id.clone()]),
            RuntimeCommand::State { id } => ("state", vec![id.clone()]),
            RuntimeCommand::List { format, quiet } => {
                push_opt(&mut f, "format", format);
                push_flag(&mut f, "quiet", *quiet);
                ("list", vec![])
            }
            RuntimeCommand::Kill { id, signal, all } => {
                push_flag(&mut f, "all", *all);
                let mut a = vec![id.clone()];
                a.extend(signal.iter().cloned());
                ("kill", a)
            }
            RuntimeCommand::Delete { id, force } => {
                push_flag(&mut f, "force", *force);
                ("delete", vec![id.clone()])
            }
            RuntimeCommand::Exec(e) => {
                push_flag(&mut f, "detach", e.detach);
                push_flag(&mut f, "tty", e.tty);
                push_opt(&mut f, "console-socket", &e.console_socket);
                push_opt(&mut f, "process", &e.process);
                for env in &e.env {
                    f.push(format!("--env={env}"));
                }
                push_opt(&mut f, "cwd", &e.cwd);
                push_opt(&mut f, "user", &e.user);
                push_opt(&mut f, "pid-file", &e.pid_file);
                if e.preserve_fds > 0 {
                    f.push(format!("--preserve-fds={}", e.preserve_fds));
                }
                dash = Dash::First;
                let mut a = vec![e.id.clone()];
                a.extend(e.command.iter().cloned());
                ("exec", a)
            }
            RuntimeCommand::Ps {
                id,
                format,
                ps_args,
            } => {
                push_opt(&mut f, "format", format);
                if self.binary == RuntimeBinary::Runc {
                    dash = Dash::First;
                }
                let mut a = vec![id.clone()];
                a.extend(ps_args.iter().cloned());
                ("ps", a)
            }
            RuntimeCommand::Pause { id } => ("pause", vec![id.clone()]),
            RuntimeCommand::Resume { id } => ("resume", vec![id.clone()]),
            RuntimeCommand::Events {
                id,
                stats,
                interval,
            } => {
                push_flag(&mut f, "stats", *stats);
                push_opt(&mut f, "interval", interval);
                ("events", vec![id.clone()])
            }
            RuntimeCommand::Update { id, resources, set } => {
                push_opt(&mut f, "resources", resources);
                for (name, value) in set {
                    push_opt(&mut f, name, &Some(value.clone()));
                }
                ("update", vec![id.clone()])
            }
            RuntimeCommand::Features => ("features", vec![]),
            RuntimeCommand::Version => {
                w.push("--version".into());
                return shell::join(&w);
            }
            RuntimeCommand::Help { command } => {
                match (command, self.binary) {
                    (Some(c), RuntimeBinary::Runc) => w.extend(["help".to_string(), c.clone()]),
                    (Some(c), RuntimeBinary::Crun) => w.extend([c.clone(), "--help".to_string()]),
                    (None, RuntimeBinary::Crun) => w.push("--help".into()),
                    (None, RuntimeBinary::Runc) => {}
                }
                return shell::join(&w);
            }
        };
        w.push(sub.to_string());
        w.extend(shell::assemble(f, args, dash, false));
        shell::join(&w)
    }
}
