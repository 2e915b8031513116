//! The canonical `crictl` line of a parsed command.

use super::{Crictl, CrictlCommand, Inspect, ListFilter};
use crate::command::shell::{self, push_flag, push_opt, Dash};

impl Crictl {
    /// The canonical command line.
    pub fn to_line(&self) -> String {
        let mut w = vec!["crictl".to_string()];
        let int = |w: &mut Vec<String>, name: &str, v: Option<i64>| {
            if let Some(v) = v {
                w.push(format!("--{name}={v}"));
            }
        };
        push_opt(&mut w, "config", &self.config);
        push_opt(&mut w, "runtime-endpoint", &self.runtime_endpoint);
        push_opt(&mut w, "image-endpoint", &self.image_endpoint);
        push_opt(&mut w, "timeout", &self.timeout);
        push_flag(&mut w, "debug", self.debug);
        let filter = |w: &mut Vec<String>, f: &ListFilter| {
            push_opt(w, "id", &f.id);
            push_opt(w, "name", &f.name);
            push_opt(w, "namespace", &f.namespace);
            push_opt(w, "state", &f.state);
            for l in &f.labels {
                w.push(format!("--label={l}"));
            }
            push_flag(w, "quiet", f.quiet);
            push_flag(w, "no-trunc", f.no_trunc);
            push_opt(w, "output", &f.output);
            push_flag(w, "verbose", f.verbose);
            push_flag(w, "latest", f.latest);
            int(w, "last", f.last);
        };
        let inspect = |f: &mut Vec<String>, i: &Inspect| -> Vec<String> {
            push_opt(f, "output", &i.output);
            push_flag(f, "quiet", i.quiet);
            push_opt(f, "template", &i.template);
            i.ids.clone()
        };
        let mut f = Vec::new();
        let (sub, args): (&str, Vec<String>) = match &self.command {
            CrictlCommand::Version => ("version", vec![]),
            CrictlCommand::ClientVersion => {
                w.push("--version".into());
                return shell::join(&w);
            }
            CrictlCommand::Info {
                output,
                quiet,
                template,
            } => {
                push_opt(&mut f, "output", output);
                push_flag(&mut f, "quiet", *quiet);
                push_opt(&mut f, "template", template);
                ("info", vec![])
            }
            CrictlCommand::Config(cfg) => {
                push_opt(&mut f, "get", &cfg.get);
                for s in &cfg.set {
                    f.push(format!("--set={s}"));
                }
                push_flag(&mut f, "list", cfg.list);
                ("config", cfg.args.clone())
            }
            CrictlCommand::Pods(lf) => {
                filter(&mut f, lf);
                ("pods", vec![])
            }
            CrictlCommand::Ps(lf) => {
                filter(&mut f, lf);
                push_flag(&mut f, "all", lf.all);
                push_opt(&mut f, "pod", &lf.pod);
                push_opt(&mut f, "image", &lf.image);
                ("ps", vec![])
            }
            CrictlCommand::Images {
                repository,
                quiet,
                digests,
                no_trunc,
                verbose,
                output,
            } => {
                push_flag(&mut f, "quiet", *quiet);
                push_flag(&mut f, "digests", *digests);
                push_flag(&mut f, "no-trunc", *no_trunc);
                push_flag(&mut f, "verbose", *verbose);
                push_opt(&mut f, "output", output);
                ("images", repository.iter().cloned().collect())
            }
            CrictlCommand::Pull {
                image,
                pod_config,
                creds,
            } => {
                push_opt(&mut f, "pod-config", pod_config);
                push_opt(&mut f, "creds", creds);
                ("pull", vec![image.clone()])
            }
            CrictlCommand::Runp {
                runtime,
                pod_config,
            } => {
                push_opt(&mut f, "runtime", runtime);
                ("runp", vec![pod_config.clone()])
            }
            CrictlCommand::Create {
                pod_id,
                container_config,
                pod_config,
                no_pull,
                with_pull,
            } => {
                push_flag(&mut f, "no-pull", *no_pull);
                push_flag(&mut f, "with-pull", *with_pull);
                (
                    "create",
                    vec![pod_id.clone(), container_config.clone(), pod_config.clone()],
                )
            }
            CrictlCommand::Start { ids } => ("start", ids.clone()),
            CrictlCommand::Stop { ids, timeout, all } => {
                int(&mut f, "timeout", *timeout);
                push_flag(&mut f, "all", *all);
                ("stop", ids.clone())
            }
            CrictlCommand::Stopp { ids } => ("stopp", ids.clone()),
            CrictlCommand::Rm { ids, force, all } => {
                push_flag(&mut f, "force", *force);
                push_flag(&mut f, "all", *all);
                ("rm", ids.clone())
            }
            CrictlCommand::Rmp { ids, force, all } => {
                push_flag(&mut f, "force", *force);
                push_flag(&mut f, "all", *all);
                ("rmp", ids.clone())
            }
            CrictlCommand::Rmi { images, all, prune } => {
                push_flag(&mut f, "all", *all);
                push_flag(&mut f, "prune", *prune);
                ("rmi", images.clone())
            }
            CrictlCommand::Inspect(i) => ("inspect", inspect(&mut f, i)),
            CrictlCommand::Inspectp(i) => ("inspectp", inspect(&mut f, i)),
            CrictlCommand::Inspecti(i) => ("inspecti", inspect(&mut f, i)),
            CrictlCommand::Logs {
                id,
                tail,
                previous,
                follow,
                timestamps,
            } => {
                int(&mut f, "tail", *tail);
                push_flag(&mut f, "previous", *previous);
                push_flag(&mut f, "follow", *follow);
                push_flag(&mut f, "timestamps", *timestamps);
                ("logs", vec![id.clone()])
            }
            CrictlCommand::Exec {
                id,
                command,
                interactive,
                tty,
                sync,
                timeout,
            } => {
                push_flag(&mut f, "interactive", *interactive);
                push_flag(&mut f, "tty", *tty);
                push_flag(&mut f, "sync", *sync);
                int(&mut f, "timeout", *timeout);
                let mut a = vec![id.clone()];
                a.extend(command.iter().cloned());
                ("exec", a)
            }
            CrictlCommand::Run {
                runtime,
                container_config,
                pod_config,
                no_pull,
                with_pull,
            } => {
                push_opt(&mut f, "runtime", runtime);
                push_flag(&mut f, "no-pull", *no_pull);
                push_flag(&mut f, "with-pull", *with_pull);
                ("run", vec![container_config.clone(), pod_config.clone()])
            }
            CrictlCommand::Stats {
                id,
                all,
                pod,
                output,
            } => {
                push_flag(&mut f, "all", *all);
                push_opt(&mut f, "pod", pod);
                push_opt(&mut f, "output", output);
                ("stats", id.iter().cloned().collect())
            }
            CrictlCommand::Statsp { id, output } => {
                push_opt(&mut f, "output", output);
                ("statsp", id.iter().cloned().collect())
            }
            CrictlCommand::Imagefsinfo { output } => {
                push_opt(&mut f, "output", output);
                ("imagefsinfo", vec![])
            }
            CrictlCommand::RuntimeConfig => ("runtime-config", vec![]),
            CrictlCommand::Events { output } => {
                push_opt(&mut f, "output", output);
                ("events", vec![])
            }
            CrictlCommand::Help { command } => {
                if let Some(cmd) = command {
                    w.push("help".into());
                    w.push(cmd.clone());
                }
                return shell::join(&w);
            }
        };
        w.push(sub.to_string());
        w.extend(shell::assemble(f, args, Dash::First, false));
        shell::join(&w)
    }
}
