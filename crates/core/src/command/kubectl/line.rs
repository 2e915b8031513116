//! The canonical `kubectl` line of a parsed command: long flags in a fixed
//! order, `--flag=value`, shell-quoted; it parses back to the same command.

use super::{KeyValue, Kubectl, KubectlCommand};
use crate::command::shell::{self, Dash};

impl Kubectl {
    /// The canonical words after `kubectl` (flags in a fixed order, `--flag=value` form).
    pub fn words(&self) -> Vec<String> {
        let mut w = Vec::new();
        let mut flags = Vec::new();
        match &self.command {
            KubectlCommand::Run(r) => {
                w.push("run".into());
                w.push(r.name.clone());
                flags.push(format!("--image={}", r.image));
                if let Some(rp) = r.restart {
                    flags.push(format!("--restart={}", rp.as_str()));
                }
                if let Some(port) = r.port {
                    flags.push(format!("--port={port}"));
                }
                for e in &r.env {
                    flags.push(format!("--env={}={}", e.key, e.value));
                }
                if let Some(l) = &r.labels {
                    flags.push(format!("--labels={}", kv_list(l)));
                }
                if let Some(l) = &r.limits {
                    flags.push(format!("--limits={}", kv_list(l)));
                }
                if let Some(l) = &r.requests {
                    flags.push(format!("--requests={}", kv_list(l)));
                }
                push_bool(&mut flags, "--stdin", r.stdin);
                push_bool(&mut flags, "--tty", r.tty);
                push_bool(&mut flags, "--rm", r.rm);
                if let Some(d) = &r.dry_run {
                    flags.push(format!("--dry-run={d}"));
                }
                if let Some(ip) = &r.image_pull_policy {
                    flags.push(format!("--image-pull-policy={ip}"));
                }
                if let Some(o) = &r.overrides {
                    flags.push(format!("--overrides={o}"));
                }
                if let Some(t) = &r.override_type {
                    flags.push(format!("--override-type={t}"));
                }
                push_bool(&mut flags, "--command", r.command);
                self.push_globals(&mut flags);
                w.append(&mut flags);
                if !r.args.is_empty() {
                    w.push("--".into());
                    w.extend(r.args.iter().cloned());
                }
            }
            KubectlCommand::Get(g) => {
                w.push("get".into());
                if let Some(o) = &g.output {
                    flags.push(format!("--output={}", o.as_str()));
                }
                push_bool(&mut flags, "--all-namespaces", g.all_namespaces);
                push_bool(&mut flags, "--watch", g.watch);
                if let Some(s) = &g.selector {
                    flags.push(format!("--selector={s}"));
                }
                push_bool(&mut flags, "--show-labels", g.show_labels);
                if let Some(s) = &g.sort_by {
                    flags.push(format!("--sort-by={s}"));
                }
                push_bool(&mut flags, "--no-headers", g.no_headers);
                self.push_globals(&mut flags);
                w.extend(shell::assemble(flags, g.target.words(), Dash::Any, true));
            }
            KubectlCommand::Describe(d) => {
                w.push("describe".into());
                push_bool(&mut flags, "--all-namespaces", d.all_namespaces);
                if let Some(s) = &d.selector {
                    flags.push(format!("--selector={s}"));
                }
                self.push_globals(&mut flags);
                w.extend(shell::assemble(flags, d.target.words(), Dash::Any, true));
            }
            KubectlCommand::Delete(d) => {
                w.push("delete".into());
                if let Some(g) = d.grace_period {
                    flags.push(format!("--grace-period={g}"));
                }
                push_bool(&mut flags, "--force", d.force);
                push_bool(&mut flags, "--now", d.now);
                push_bool(&mut flags, "--all", d.all);
                if let Some(s) = &d.selector {
                    flags.push(format!("--selector={s}"));
                }
                if let Some(wait) = d.wait {
                    flags.push(format!("--wait={wait}"));
                }
                self.push_globals(&mut flags);
                w.extend(shell::assemble(flags, d.target.words(), Dash::Any, true));
            }
            KubectlCommand::Exec(e) => {
                w.push("exec".into());
                w.push(e.pod.clone());
                if let Some(c) = &e.container {
                    flags.push(format!("--container={c}"));
                }
                push_bool(&mut flags, "--stdin", e.stdin);
                push_bool(&mut flags, "--tty", e.tty);
                push_bool(&mut flags, "--quiet", e.quiet);
                self.push_globals(&mut flags);
                w.extend(flags);
                w.push("--".into());
                w.extend(e.command.iter().cloned());
            }
            KubectlCommand::Logs(l) => {
                w.push("logs".into());
                if let Some(c) = &l.container {
                    flags.push(format!("--container={c}"));
                }
                push_bool(&mut flags, "--follow", l.follow);
                push_bool(&mut flags, "--previous", l.previous);
                if let Some(t) = l.tail {
                    flags.push(format!("--tail={t}"));
                }
                push_bool(&mut flags, "--timestamps", l.timestamps);
                push_bool(&mut flags, "--all-containers", l.all_containers);
                if let Some(s) = &l.since {
                    flags.push(format!("--since={s}"));
                }
                self.push_globals(&mut flags);
                w.extend(shell::assemble(flags, vec![l.pod.clone()], Dash::Any, true));
            }
            KubectlCommand::CreateNamespace { name } => {
                w.push("create".into());
                w.push("namespace".into());
                w.push(name.clone());
                self.push_globals(&mut flags);
                w.extend(flags);
            }
            KubectlCommand::CreateDeployment(d) => {
                w.push("create".into());
                w.push("deployment".into());
                w.push(d.name.clone());
                for i in &d.images {
                    flags.push(format!("--image={i}"));
                }
                flags.push(format!("--replicas={}", d.replicas));
                if let Some(p) = d.port {
                    flags.push(format!("--port={p}"));
                }
                self.push_globals(&mut flags);
                w.extend(flags);
            }
            KubectlCommand::Scale(s) => {
                w.push("scale".into());
                flags.push(format!("--replicas={}", s.replicas));
                self.push_globals(&mut flags);
                w.extend(shell::assemble(flags, s.target.words(), Dash::Any, true));
            }
            KubectlCommand::Apply(a) => {
                w.push("apply".into());
                for f in &a.files {
                    flags.push(format!("--filename={f}"));
                }
                if let Some(d) = &a.dry_run {
                    flags.push(format!("--dry-run={d}"));
                }
                self.push_globals(&mut flags);
                w.extend(flags);
            }
            KubectlCommand::RolloutStatus(r) => {
                w.push("rollout".into());
                w.push("status".into());
                if let Some(t) = r.timeout_s {
                    flags.push(format!("--timeout={t}s"));
                }
                if !r.watch {
                    flags.push("--watch=false".into());
                }
                self.push_globals(&mut flags);
                w.extend(shell::assemble(flags, r.target.words(), Dash::Any, true));
            }
            KubectlCommand::SetResources(r) => {
                w.push("set".into());
                w.push("resources".into());
                if let Some(c) = &r.containers {
                    flags.push(format!("--containers={c}"));
                }
                if !r.limits.is_empty() {
                    flags.push(format!("--limits={}", kv_list(&r.limits)));
                }
                if !r.requests.is_empty() {
                    flags.push(format!("--requests={}", kv_list(&r.requests)));
                }
                self.push_globals(&mut flags);
                w.extend(shell::assemble(flags, r.target.words(), Dash::Any, true));
            }
            KubectlCommand::Version(v) => {
                w.push("version".into());
                push_bool(&mut flags, "--client", v.client);
                if let Some(o) = &v.output {
                    flags.push(format!("--output={o}"));
                }
                self.push_globals(&mut flags);
                w.extend(flags);
            }
            KubectlCommand::Help { path } => {
                self.push_globals(&mut flags);
                w.extend(flags);
                if !path.is_empty() {
                    w.push("help".into());
                    w.extend(shell::assemble(vec![], path.clone(), Dash::Any, true));
                }
            }
        }
        w
    }

    fn push_globals(&self, flags: &mut Vec<String>) {
        if let Some(n) = &self.namespace {
            flags.push(format!("--namespace={n}"));
        }
        if let Some(c) = &self.context {
            flags.push(format!("--context={c}"));
        }
        if let Some(k) = &self.kubeconfig {
            flags.push(format!("--kubeconfig={k}"));
        }
    }

    /// The canonical command line, starting with `kubectl`.
    pub fn to_line(&self) -> String {
        let mut w = vec!["kubectl".to_string()];
        w.extend(self.words());
        shell::join(&w)
    }
}

fn kv_list(l: &[KeyValue]) -> String {
    l.iter()
        .map(|kv| format!("{}={}", kv.key, kv.value))
        .collect::<Vec<_>>()
        .join(",")
}

fn push_bool(flags: &mut Vec<String>, name: &str, on: bool) {
    if on {
        flags.push(name.to_string());
    }
}
