//! The canonical `ctr` line of a parsed command.

use super::{Ctr, CtrCommand};
use crate::command::shell::{self, push_flag, push_opt, Dash};

impl Ctr {
    /// The canonical command line.
    pub fn to_line(&self) -> String {
        let mut w = vec!["ctr".to_string()];
        push_opt(&mut w, "address", &self.address);
        push_opt(&mut w, "namespace", &self.namespace);
        push_flag(&mut w, "debug", self.debug);
        push_opt(&mut w, "timeout", &self.timeout);
        // Most ctr commands reorder flags after arguments (urfave v1); `run`
        // and `tasks exec` stop at the first argument.
        let mut dash = Dash::Any;
        let mut f = Vec::new();
        let (path, args): (&[&str], Vec<String>) = match &self.command {
            CtrCommand::Version => (&["version"], vec![]),
            CtrCommand::ClientVersion => (&["--version"], vec![]),
            CtrCommand::PluginsLs { quiet, detailed } => {
                push_flag(&mut f, "quiet", *quiet);
                push_flag(&mut f, "detailed", *detailed);
                (&["plugins", "ls"], vec![])
            }
            CtrCommand::NamespacesLs { quiet } => {
                push_flag(&mut f, "quiet", *quiet);
                (&["namespaces", "ls"], vec![])
            }
            CtrCommand::ImagesPull(p) => {
                for pl in &p.platforms {
                    f.push(format!("--platform={pl}"));
                }
                push_flag(&mut f, "all-platforms", p.all_platforms);
                push_flag(&mut f, "local", p.local);
                push_opt(&mut f, "snapshotter", &p.snapshotter);
                (&["images", "pull"], vec![p.reference.clone()])
            }
            CtrCommand::ImagesLs { quiet } => {
                push_flag(&mut f, "quiet", *quiet);
                (&["images", "ls"], vec![])
            }
            CtrCommand::ImagesRm { refs, sync } => {
                push_flag(&mut f, "sync", *sync);
                (&["images", "rm"], refs.clone())
            }
            CtrCommand::ImagesImport { file } => (&["images", "import"], vec![file.clone()]),
            CtrCommand::Run(r) => {
                push_flag(&mut f, "rm", r.rm);
                push_flag(&mut f, "detach", r.detach);
                push_flag(&mut f, "tty", r.tty);
                push_opt(&mut f, "runc-binary", &r.runc_binary);
                push_opt(&mut f, "runtime", &r.runtime);
                push_flag(&mut f, "net-host", r.net_host);
                push_flag(&mut f, "cni", r.cni);
                if let Some(m) = r.memory_limit {
                    f.push(format!("--memory-limit={m}"));
                }
                for e in &r.env {
                    f.push(format!("--env={e}"));
                }
                push_opt(&mut f, "snapshotter", &r.snapshotter);
                push_flag(&mut f, "privileged", r.privileged);
                dash = Dash::First;
                let mut a = vec![r.image.clone(), r.id.clone()];
                a.extend(r.command.iter().cloned());
                (&["run"], a)
            }
            CtrCommand::ContainersLs { quiet, filters } => {
                push_flag(&mut f, "quiet", *quiet);
                (&["containers", "ls"], filters.clone())
            }
            CtrCommand::ContainersRm { ids } => (&["containers", "rm"], ids.clone()),
            CtrCommand::ContainersInfo { id } => (&["containers", "info"], vec![id.clone()]),
            CtrCommand::TasksLs { quiet } => {
                push_flag(&mut f, "quiet", *quiet);
                (&["tasks", "ls"], vec![])
            }
            CtrCommand::TasksStart {
                id,
                detach,
                null_io,
            } => {
                push_flag(&mut f, "detach", *detach);
                push_flag(&mut f, "null-io", *null_io);
                (&["tasks", "start"], vec![id.clone()])
            }
            CtrCommand::TasksKill {
                id,
                signal,
                all,
                exec_id,
            } => {
                push_opt(&mut f, "signal", signal);
                push_flag(&mut f, "all", *all);
                push_opt(&mut f, "exec-id", exec_id);
                (&["tasks", "kill"], vec![id.clone()])
            }
            CtrCommand::TasksRm {
                ids,
                force,
                exec_id,
            } => {
                push_flag(&mut f, "force", *force);
                push_opt(&mut f, "exec-id", exec_id);
                (&["tasks", "rm"], ids.clone())
            }
            CtrCommand::TasksExec {
                id,
                exec_id,
                tty,
                detach,
                cwd,
                user,
                command,
            } => {
                f.push(format!("--exec-id={exec_id}"));
                push_flag(&mut f, "tty", *tty);
                push_flag(&mut f, "detach", *detach);
                push_opt(&mut f, "cwd", cwd);
                push_opt(&mut f, "user", user);
                dash = Dash::First;
                let mut a = vec![id.clone()];
                a.extend(command.iter().cloned());
                (&["tasks", "exec"], a)
            }
            CtrCommand::TasksPs { id } => (&["tasks", "ps"], vec![id.clone()]),
            CtrCommand::TasksPause { id } => (&["tasks", "pause"], vec![id.clone()]),
            CtrCommand::TasksResume { id } => (&["tasks", "resume"], vec![id.clone()]),
            CtrCommand::SnapshotsLs { snapshotter } => {
                w.push("snapshots".into());
                push_opt(&mut w, "snapshotter", snapshotter);
                (&["ls"], vec![])
            }
            CtrCommand::ContentLs { quiet } => {
                push_flag(&mut f, "quiet", *quiet);
                (&["content", "ls"], vec![])
            }
            CtrCommand::Events => (&["events"], vec![]),
            CtrCommand::LeasesLs { quiet } => {
                push_flag(&mut f, "quiet", *quiet);
                (&["leases", "ls"], vec![])
            }
            CtrCommand::Help { path } => {
                match path.as_slice() {
                    [] => {}
                    [topic] => w.extend(["help".to_string(), topic.clone()]),
                    more => {
                        w.extend(more.iter().cloned());
                        w.push("--help".into());
                    }
                }
                return shell::join(&w);
            }
        };
        w.extend(path.iter().map(|p| p.to_string()));
        w.extend(shell::assemble(f, args, dash, false));
        shell::join(&w)
    }
}
