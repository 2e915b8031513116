//! The canonical `crictl` line of a parsed command.

use super::{Crictl, CrictlCommand, Inspect, ListFilter};
use crate::command::shell::{self, Dash};

impl Crictl {
    /// The canonical command line.
    pub fn to_line(&self) -> String {
        let mut w = vec!["crictl".to_string()];
        let opt = |w: &mut Vec<String>, name: &str, v: &Option<String>| {
            if let Some(v) = v {
                w.push(format!("--{name}={v}"));
            }
        };
        let flag = |w: &mut Vec<String>, name: &str, on: bool| {
            if on {
                w.push(format!("--{name}"));
            }
        };
        let int = |w: &mut Vec<String>, name: &str, v: Option<i64>| {
            if let Some(v) = v {
                w.push(format!("--{name}={v}"));
            }
        };
        opt(&mut w, "config", &self.config);
        opt(&mut w, "runtime-endpoint", &self.runtime_endpoint);
        opt(&mut w, "image-endpoint", &self.image_endpoint);
        opt(&mut w, "timeout", &self.timeout);
        flag(&mut w, "debug", self.debug);
        let filter = |w: &mut Vec<String>, f: &ListFilter| {
            opt(w, "id", &f.id);
            opt(w, "name", &f.name);
            opt(w, "namespace", &f.namespace);
            opt(w, "state", &f.state);
            for l in &f.labels {
                w.push(format!("--label={l}"));
            }
            flag(w, "quiet", f.quiet);
            flag(w, "no-trunc", f.no_trunc);
            opt(w, "output", &f.output);
            flag(w, "verbose", f.verbose);
            flag(w, "latest", f.latest);
            int(w, "last", f.last);
        };
        let inspect = |f: &mut Vec<String>, i: &Inspect| -> Vec<String> {
            opt(f, "output", &i.output);
            flag(f, "quiet", i.quiet);
            i.ids.clone()
        };
        let mut f = Vec::new();
        let (sub, args): (&str, Vec<String>) = match &self.command {
            CrictlCommand::Version => ("version", vec![]),
            CrictlCommand::ClientVersion => {
                w.push("--version".into());
                return shell::join(&w);
            }
            CrictlCommand::Info { output, quiet } => {
                opt(&mut f, "output", output);
                flag(&mut f, "quiet", *quiet);
                ("info", vec![])
            }
            CrictlCommand::Pods(lf) => {
                filter(&mut f, lf);
                ("pods", vec![])
            }
            CrictlCommand::Ps(lf) => {
                filter(&mut f, lf);
                flag(&mut f, "all", lf.all);
                opt(&mut f, "pod", &lf.pod);
                opt(&mut f, "image", &lf.image);
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
                flag(&mut f, "quiet", *quiet);
                flag(&mut f, "digests", *digests);
                flag(&mut f, "no-trunc", *no_trunc);
                flag(&mut f, "verbose", *verbose);
                opt(&mut f, "output", output);
                ("images", repository.iter().cloned().collect())
            }
            CrictlCommand::Pull {
                image,
                pod_config,
                creds,
            } => {
                opt(&mut f, "pod-config", pod_config);
                opt(&mut f, "creds", creds);
                ("pull", vec![image.clone()])
            }
            CrictlCommand::Runp {
                runtime,
                pod_config,
            } => {
                opt(&mut f, "runtime", runtime);
                ("runp", vec![pod_config.clone()])
            }
            CrictlCommand::Create {
                pod_id,
                container_config,
                pod_config,
                no_pull,
                with_pull,
            } => {
                flag(&mut f, "no-pull", *no_pull);
                flag(&mut f, "with-pull", *with_pull);
                (
                    "create",
                    vec![pod_id.clone(), container_config.clone(), pod_config.clone()],
                )
            }
            CrictlCommand::Start { ids } => ("start", ids.clone()),
            CrictlCommand::Stop { ids, timeout, all } => {
                int(&mut f, "timeout", *timeout);
                flag(&mut f, "all", *all);
                ("stop", ids.clone())
            }
            CrictlCommand::Stopp { ids } => ("stopp", ids.clone()),
            CrictlCommand::Rm { ids, force, all } => {
                flag(&mut f, "force", *force);
                flag(&mut f, "all", *all);
                ("rm", ids.clone())
            }
            CrictlCommand::Rmp { ids, force, all } => {
                flag(&mut f, "force", *force);
                flag(&mut f, "all", *all);
                ("rmp", ids.clone())
            }
            CrictlCommand::Rmi { images, all, prune } => {
                flag(&mut f, "all", *all);
                flag(&mut f, "prune", *prune);
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
                flag(&mut f, "previous", *previous);
                flag(&mut f, "follow", *follow);
                flag(&mut f, "timestamps", *timestamps);
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
                flag(&mut f, "interactive", *interactive);
                flag(&mut f, "tty", *tty);
                flag(&mut f, "sync", *sync);
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
                opt(&mut f, "runtime", runtime);
                flag(&mut f, "no-pull", *no_pull);
                flag(&mut f, "with-pull", *with_pull);
                ("run", vec![container_config.clone(), pod_config.clone()])
            }
            CrictlCommand::Stats {
                id,
                all,
                pod,
                output,
            } => {
                flag(&mut f, "all", *all);
                opt(&mut f, "pod", pod);
                opt(&mut f, "output", output);
                ("stats", id.iter().cloned().collect())
            }
            CrictlCommand::Statsp { id, output } => {
                opt(&mut f, "output", output);
                ("statsp", id.iter().cloned().collect())
            }
            CrictlCommand::Imagefsinfo { output } => {
                opt(&mut f, "output", output);
                ("imagefsinfo", vec![])
            }
            CrictlCommand::RuntimeConfig => ("runtime-config", vec![]),
            CrictlCommand::Events { output } => {
                opt(&mut f, "output", output);
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
