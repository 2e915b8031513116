//! The canonical `nerdctl` line of a parsed command.

use super::{Nerdctl, NerdctlCommand};
use crate::command::shell::{self, push_flag, push_opt, Dash};

impl Nerdctl {
    /// The canonical command line.
    pub fn to_line(&self) -> String {
        let mut w = vec!["nerdctl".to_string()];
        if let Some(ns) = &self.namespace {
            w.push(format!("--namespace={ns}"));
        }
        if let Some(a) = &self.address {
            w.push(format!("--address={a}"));
        }
        if let Some(sn) = &self.snapshotter {
            w.push(format!("--snapshotter={sn}"));
        }
        if self.debug {
            w.push("--debug".into());
        }
        let mut f = Vec::new();
        let mut dash = Dash::Any;
        let (sub, args): (&str, Vec<String>) = match &self.command {
            NerdctlCommand::Run(r) | NerdctlCommand::Create(r) => {
                let is_run = matches!(self.command, NerdctlCommand::Run(_));
                f = r.flag_words(is_run);
                dash = Dash::First;
                let mut a = vec![r.image.clone()];
                a.extend(r.command.iter().cloned());
                (if is_run { "run" } else { "create" }, a)
            }
            NerdctlCommand::Ps {
                all,
                quiet,
                no_trunc,
                format,
            } => {
                push_flag(&mut f, "all", *all);
                push_flag(&mut f, "quiet", *quiet);
                push_flag(&mut f, "no-trunc", *no_trunc);
                push_opt(&mut f, "format", format);
                ("ps", vec![])
            }
            NerdctlCommand::Pull {
                image,
                platform,
                quiet,
            } => {
                push_opt(&mut f, "platform", platform);
                push_flag(&mut f, "quiet", *quiet);
                ("pull", vec![image.clone()])
            }
            NerdctlCommand::Images {
                repository,
                quiet,
                no_trunc,
                digests,
            } => {
                push_flag(&mut f, "quiet", *quiet);
                push_flag(&mut f, "no-trunc", *no_trunc);
                push_flag(&mut f, "digests", *digests);
                ("images", repository.iter().cloned().collect())
            }
            NerdctlCommand::Stop { containers, time } => {
                if let Some(t) = time {
                    f.push(format!("--time={t}"));
                }
                ("stop", containers.clone())
            }
            NerdctlCommand::Start { containers, attach } => {
                push_flag(&mut f, "attach", *attach);
                ("start", containers.clone())
            }
            NerdctlCommand::Kill { containers, signal } => {
                push_opt(&mut f, "signal", signal);
                ("kill", containers.clone())
            }
            NerdctlCommand::Rm { containers, force } => {
                push_flag(&mut f, "force", *force);
                ("rm", containers.clone())
            }
            NerdctlCommand::Rmi { images, force } => {
                push_flag(&mut f, "force", *force);
                ("rmi", images.clone())
            }
            NerdctlCommand::Exec(e) => {
                let (ef, ea) = e.parts();
                f = ef;
                dash = Dash::First;
                ("exec", ea)
            }
            NerdctlCommand::Logs {
                container,
                follow,
                tail,
                timestamps,
            } => {
                push_flag(&mut f, "follow", *follow);
                push_opt(&mut f, "tail", tail);
                push_flag(&mut f, "timestamps", *timestamps);
                ("logs", vec![container.clone()])
            }
            NerdctlCommand::Inspect {
                names,
                format,
                mode,
            } => {
                push_opt(&mut f, "format", format);
                push_opt(&mut f, "mode", mode);
                ("inspect", names.clone())
            }
            NerdctlCommand::Version { format } => {
                push_opt(&mut f, "format", format);
                ("version", vec![])
            }
            NerdctlCommand::Info { format } => {
                push_opt(&mut f, "format", format);
                ("info", vec![])
            }
            NerdctlCommand::ClientVersion => {
                w.push("--version".into());
                return shell::join(&w);
            }
            NerdctlCommand::Help { path } => {
                if !path.is_empty() {
                    w.push("help".into());
                    w.extend(path.iter().cloned());
                }
                return shell::join(&w);
            }
        };
        w.push(sub.to_string());
        w.extend(shell::assemble(f, args, dash, false));
        shell::join(&w)
    }
}
