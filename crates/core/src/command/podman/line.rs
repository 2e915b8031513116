//! The canonical line of a parsed `podman` command.

use super::{Podman, PodmanCommand};
use crate::command::shell;

/// Flags then positionals, with `--` before them when one looks like a flag.
fn positionals(flags: Vec<String>, args: Vec<String>) -> Vec<String> {
    shell::assemble(flags, args, shell::Dash::Any, false)
}

impl Podman {
    /// Long flags, `--flag=value`, fixed order, shell-quoted.
    pub fn to_line(&self) -> String {
        let mut w: Vec<String> = Vec::new();
        if let Some(u) = &self.user {
            w.extend(["sudo".to_string(), "-u".to_string(), u.clone()]);
        }
        w.push("podman".to_string());
        match &self.command {
            PodmanCommand::Run(r) => {
                w.push("run".into());
                w.extend(r.run.flag_words(true));
                if let Some(p) = &r.pod {
                    w.push(format!("--pod={p}"));
                }
                w.push(r.run.image.clone());
                w.extend(r.run.command.iter().cloned());
            }
            PodmanCommand::Ps {
                all,
                quiet,
                external,
            } => {
                w.push("ps".into());
                for (on, f) in [
                    (*all, "--all"),
                    (*quiet, "--quiet"),
                    (*external, "--external"),
                ] {
                    if on {
                        w.push(f.into());
                    }
                }
            }
            PodmanCommand::Images { quiet } => {
                w.push("images".into());
                if *quiet {
                    w.push("--quiet".into());
                }
            }
            // Cobra reads flags anywhere among the arguments: a name that
            // looks like a flag goes after `--`.
            PodmanCommand::Pull { image } => {
                w.push("pull".into());
                w.extend(positionals(Vec::new(), vec![image.clone()]));
            }
            PodmanCommand::Stop { containers, time } => {
                w.push("stop".into());
                let flags = time.iter().map(|t| format!("--time={t}")).collect();
                w.extend(positionals(flags, containers.clone()));
            }
            PodmanCommand::Rm { containers, force } => {
                w.push("rm".into());
                let flags = force.then(|| "--force".to_string()).into_iter().collect();
                w.extend(positionals(flags, containers.clone()));
            }
            PodmanCommand::Logs { container } => {
                w.push("logs".into());
                w.extend(positionals(Vec::new(), vec![container.clone()]));
            }
            PodmanCommand::Exec(e) => {
                w.push("exec".into());
                let (flags, args) = e.parts();
                w.extend(flags);
                w.extend(args);
            }
            PodmanCommand::Inspect { names } => {
                w.push("inspect".into());
                w.extend(positionals(Vec::new(), names.clone()));
            }
            PodmanCommand::PodCreate { name } => {
                w.extend(["pod".to_string(), "create".to_string()]);
                if let Some(n) = name {
                    w.push(format!("--name={n}"));
                }
            }
            PodmanCommand::PodPs => w.extend(["pod".to_string(), "ps".to_string()]),
            PodmanCommand::Version => w.push("version".into()),
            PodmanCommand::Help { path } if path.is_empty() => w.push("--help".into()),
            PodmanCommand::Help { path } => {
                w.push("help".into());
                w.extend(path.iter().cloned());
            }
        }
        let refs: Vec<&str> = w.iter().map(String::as_str).collect();
        shell::join(&refs)
    }
}
