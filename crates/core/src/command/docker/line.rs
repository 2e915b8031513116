//! The canonical `docker` line of a parsed command.

use super::{Docker, DockerCommand};
use crate::command::shell::{self, push_flag, push_opt, Dash};

impl Docker {
    /// The canonical command line.
    pub fn to_line(&self) -> String {
        let mut w = vec!["docker".to_string()];
        if let Some(h) = &self.host {
            w.push(format!("--host={h}"));
        }
        if let Some(c) = &self.context {
            w.push(format!("--context={c}"));
        }
        if self.debug {
            w.push("--debug".into());
        }
        let mut f = Vec::new();
        let mut dash = Dash::Any;
        let (sub, args): (&str, Vec<String>) = match &self.command {
            DockerCommand::Run(r) | DockerCommand::Create(r) => {
                let is_run = matches!(self.command, DockerCommand::Run(_));
                f = r.flag_words(is_run);
                dash = Dash::First;
                let mut a = vec![r.image.clone()];
                a.extend(r.command.iter().cloned());
                (if is_run { "run" } else { "create" }, a)
            }
            DockerCommand::Start {
                containers,
                attach,
                interactive,
            } => {
                push_flag(&mut f, "attach", *attach);
                push_flag(&mut f, "interactive", *interactive);
                ("start", containers.clone())
            }
            DockerCommand::Ps {
                all,
                quiet,
                no_trunc,
                format,
                filters,
            } => {
                push_flag(&mut f, "all", *all);
                push_flag(&mut f, "quiet", *quiet);
                push_flag(&mut f, "no-trunc", *no_trunc);
                push_opt(&mut f, "format", format);
                for flt in filters {
                    f.push(format!("--filter={flt}"));
                }
                ("ps", vec![])
            }
            DockerCommand::Pull {
                image,
                platform,
                quiet,
            } => {
                push_opt(&mut f, "platform", platform);
                push_flag(&mut f, "quiet", *quiet);
                ("pull", vec![image.clone()])
            }
            DockerCommand::Images {
                repository,
                all,
                quiet,
                no_trunc,
                digests,
            } => {
                push_flag(&mut f, "all", *all);
                push_flag(&mut f, "quiet", *quiet);
                push_flag(&mut f, "no-trunc", *no_trunc);
                push_flag(&mut f, "digests", *digests);
                ("images", repository.iter().cloned().collect())
            }
            DockerCommand::Stop {
                containers,
                time,
                signal,
            } => {
                if let Some(t) = time {
                    f.push(format!("--time={t}"));
                }
                push_opt(&mut f, "signal", signal);
                ("stop", containers.clone())
            }
            DockerCommand::Kill { containers, signal } => {
                push_opt(&mut f, "signal", signal);
                ("kill", containers.clone())
            }
            DockerCommand::Rm {
                containers,
                force,
                volumes,
            } => {
                push_flag(&mut f, "force", *force);
                push_flag(&mut f, "volumes", *volumes);
                ("rm", containers.clone())
            }
            DockerCommand::Rmi { images, force } => {
                push_flag(&mut f, "force", *force);
                ("rmi", images.clone())
            }
            DockerCommand::Exec(e) => {
                let (ef, ea) = e.parts();
                f = ef;
                dash = Dash::First;
                ("exec", ea)
            }
            DockerCommand::Logs {
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
            DockerCommand::Inspect {
                names,
                format,
                kind,
            } => {
                push_opt(&mut f, "format", format);
                push_opt(&mut f, "type", kind);
                ("inspect", names.clone())
            }
            DockerCommand::Version { format } => {
                push_opt(&mut f, "format", format);
                ("version", vec![])
            }
            DockerCommand::Info { format } => {
                push_opt(&mut f, "format", format);
                ("info", vec![])
            }
            DockerCommand::NetworkLs { quiet, no_trunc } => {
                w.push("network".into());
                push_flag(&mut f, "quiet", *quiet);
                push_flag(&mut f, "no-trunc", *no_trunc);
                ("ls", vec![])
            }
            DockerCommand::ClientVersion => {
                w.push("--version".into());
                return shell::join(&w);
            }
            DockerCommand::Help { path } => {
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
