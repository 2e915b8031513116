//! The dispatcher: one parsed command line ([`Command`]) to the engine's
//! handlers, answered the way the real tool answers (output, refusals, exit
//! codes). Commands the grammar knows but the engine does not model are
//! refused with a clear note, never silently ignored.

use super::docker::RunOpts;
use super::kube::PodSpec;
use super::{h, Origin, Outcome, World};
use crate::command::crictl::{Crictl, CrictlCommand};
use crate::command::ctr::{Ctr, CtrCommand};
use crate::command::docker::{ContainerRun, Docker, DockerCommand, PortSpec};
use crate::command::kubectl::{Kubectl, KubectlCommand, ResourceKind, RestartPolicy};
use crate::command::nerdctl::{Nerdctl, NerdctlCommand};
use crate::command::{Command, CommandError, SystemctlAction};
use crate::lifecycle::kubelet::RestartPolicy as PodRestart;
use crate::trace::{Component, Iface};

/// Namespaces the API server knows.
const K8S_NAMESPACES: [&str; 4] = ["default", "kube-system", "kube-public", "kube-node-lease"];

impl World {
    /// Runs one command against the world, as the real tool would.
    pub fn apply(&mut self, cmd: &Command) -> Outcome {
        let out = match cmd {
            Command::Kubectl(k) => self.apply_kubectl(k),
            Command::Crictl(c) => self.apply_crictl(c),
            Command::Ctr(c) => self.apply_ctr(c),
            Command::Nerdctl(n) => self.apply_nerdctl(n),
            Command::Docker(d) => self.apply_docker(d),
            Command::Runtime(r) => self.runtime_cli(r),
            Command::Sleep { seconds } => {
                let until = self.now_ms + seconds.saturating_mul(1000);
                self.advance_to(until);
                Outcome::default()
            }
            Command::Systemctl { action, unit } => self.apply_systemctl(*action, unit),
        };
        // Whatever the command set in motion runs on to the next quiet point
        // (kubelet's next relist), as on a real node between two prompts.
        self.settle();
        out
    }

    /// A grammar-level refusal rendered with the world's clock (logrus time stamps).
    pub fn command_error(&self, e: &CommandError) -> Outcome {
        Outcome {
            exit: e.exit_code,
            stdout: e.render_stdout(),
            stderr: e.render_stderr(&World::rfc3339(self.now_ms, false)),
        }
    }

    fn not_modelled(&self, line: &str, modelled: &str) -> Outcome {
        Outcome::err(
            1,
            format!("atlas: `{line}` is a real command that this simulator does not model yet.\natlas: modelled here: {modelled}"),
        )
    }

    // ---------------------------------------------------------------- kubectl

    fn apply_kubectl(&mut self, k: &Kubectl) -> Outcome {
        let ns = k.namespace.as_deref().unwrap_or("default").to_string();
        let ns_known = K8S_NAMESPACES.contains(&ns.as_str());
        let no_ns = || {
            Outcome::err(
                1,
                format!("Error from server (NotFound): namespaces \"{ns}\" not found"),
            )
        };
        const MODELLED: &str =
            "kubectl run, get pods|nodes, describe pod, delete pod, exec, logs, version";
        match &k.command {
            KubectlCommand::Run(r) => {
                if r.limits.is_some() && self.cfg.k8s.0 >= 24 {
                    return Outcome::err(
                        1,
                        "error: unknown flag: --limits\nSee 'kubectl run --help' for usage.\n(atlas: kubectl 1.24 removed `kubectl run --limits`; set resources in a manifest, or choose --k8s 1.23)",
                    );
                }
                if r.requests.is_some() && self.cfg.k8s.0 >= 24 {
                    return Outcome::err(
                        1,
                        "error: unknown flag: --requests\nSee 'kubectl run --help' for usage.",
                    );
                }
                if r.rm && !(r.stdin || r.tty) {
                    return Outcome::err(
                        1,
                        "error: --rm should only be used for attached containers",
                    );
                }
                if r.stdin || r.tty {
                    return self.not_modelled(
                        &k.to_line(),
                        "detached `kubectl run` (no -i/-t): attach is not simulated; use `kubectl exec` once the pod runs",
                    );
                }
                let memory_limit = match r.memory_limit_bytes() {
                    Some(Ok(b)) => Some(b),
                    Some(Err(e)) => {
                        return Outcome::err(1, format!("error: {e}"));
                    }
                    None => None,
                };
                if let Some(mode) = &r.dry_run {
                    if mode != "none" {
                        return Outcome::ok(format!("pod/{} created ({mode} dry run)\n", r.name));
                    }
                }
                if !ns_known {
                    return no_ns();
                }
                let (command, args) = if r.command {
                    (r.args.clone(), Vec::new())
                } else {
                    (Vec::new(), r.args.clone())
                };
                self.kubectl_run(PodSpec {
                    namespace: ns,
                    name: r.name.clone(),
                    image: r.image.clone(),
                    command,
                    args,
                    restart: match r.restart_policy() {
                        RestartPolicy::Always => PodRestart::Always,
                        RestartPolicy::OnFailure => PodRestart::OnFailure,
                        RestartPolicy::Never => PodRestart::Never,
                    },
                    memory_limit,
                    port: r.port.and_then(|p| u16::try_from(p).ok()),
                })
            }
            KubectlCommand::Get(g) => match &g.target.kind {
                ResourceKind::Pods => {
                    if !ns_known && !g.all_namespaces {
                        return Outcome::err(0, format!("No resources found in {ns} namespace."));
                    }
                    if g.watch {
                        return self.not_modelled(&k.to_line(), "kubectl get pods without --watch");
                    }
                    let wide = matches!(g.output, Some(crate::command::kubectl::OutputFormat::Wide));
                    if g.output.is_some() && !wide {
                        return self.not_modelled(&k.to_line(), "kubectl get pods [-o wide]");
                    }
                    let out = self.kubectl_get_pods(&ns, wide, g.all_namespaces);
                    filter_names(out, &g.target.names, "pods")
                }
                ResourceKind::Nodes => self.kubectl_get_nodes(g.output.is_some()),
                ResourceKind::Namespaces => {
                    self.emit(h(
                        Component::Kubectl,
                        Component::KubeApiserver,
                        Iface::K8sApi,
                        "GET /api/v1/namespaces",
                    ));
                    let mut s = String::from("NAME              STATUS   AGE\n");
                    for n in K8S_NAMESPACES {
                        s.push_str(&format!("{n:<17} Active   12d\n"));
                    }
                    Outcome::ok(s)
                }
                ResourceKind::Deployments
                | ResourceKind::ReplicaSets
                | ResourceKind::Services
                | ResourceKind::Events
                | ResourceKind::All => {
                    self.not_modelled(&k.to_line(), "kubectl get pods|nodes|namespaces (controllers and services are not simulated)")
                }
                ResourceKind::Other(kind) => Outcome::err(
                    1,
                    format!("error: the server doesn't have a resource type \"{kind}\""),
                ),
            },
            KubectlCommand::Describe(d) => match &d.target.kind {
                ResourceKind::Pods if !d.target.names.is_empty() => {
                    let mut out = Outcome::default();
                    for n in &d.target.names {
                        let o = self.kubectl_describe_pod(&ns, n);
                        out.stdout.push_str(&o.stdout);
                        out.stderr.push_str(&o.stderr);
                        out.exit = out.exit.max(o.exit);
                    }
                    out
                }
                _ => self.not_modelled(&k.to_line(), MODELLED),
            },
            KubectlCommand::Delete(d) => {
                if !matches!(d.target.kind, ResourceKind::Pods) {
                    return self.not_modelled(&k.to_line(), "kubectl delete pod NAME [--grace-period=N] [--force] [--now] [--all]");
                }
                let grace = if d.now {
                    Some(1)
                } else {
                    d.grace_period.and_then(|g| u64::try_from(g).ok())
                };
                let names: Vec<String> = if d.all {
                    self.pods
                        .keys()
                        .filter(|(pns, _)| *pns == ns)
                        .map(|(_, n)| n.clone())
                        .collect()
                } else {
                    d.target.names.clone()
                };
                if names.is_empty() {
                    return if d.all {
                        Outcome::ok("No resources found\n")
                    } else {
                        Outcome::err(1, "error: resource(s) were provided, but no name was specified")
                    };
                }
                let mut out = Outcome::default();
                if d.force && grace == Some(0) {
                    out.stderr.push_str("Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.\n");
                }
                for n in names {
                    let o = self.kubectl_delete(&ns, &n, grace, d.force);
                    out.stdout.push_str(&o.stdout);
                    out.stderr.push_str(&o.stderr);
                    out.exit = out.exit.max(o.exit);
                }
                out
            }
            KubectlCommand::Exec(e) => {
                if let Some(c) = &e.container {
                    if c != &e.pod {
                        return Outcome::err(
                            1,
                            format!("Error from server (BadRequest): container {c} is not valid for pod {}", e.pod),
                        );
                    }
                }
                self.kubectl_exec(&ns, &e.pod, &e.command, e.tty)
            }
            KubectlCommand::Logs(l) => {
                if l.follow {
                    return self.not_modelled(&k.to_line(), "kubectl logs POD [--previous] [--tail=N]");
                }
                let mut out = self.kubectl_logs(&ns, &l.pod, l.previous);
                if let Some(n) = l.tail.filter(|n| *n >= 0) {
                    let lines: Vec<&str> = out.stdout.lines().collect();
                    let keep = lines.len().saturating_sub(n as usize);
                    out.stdout = lines[keep..].iter().map(|l| format!("{l}\n")).collect();
                }
                out
            }
            KubectlCommand::Version(_) => {
                let v = self.k8s_patch();
                Outcome::ok(format!(
                    "Client Version: {v}\nKustomize Version: v5.0.4-0.20230601165947-6ce0bf390ce3\nServer Version: {v}\n"
                ))
            }
            KubectlCommand::CreateDeployment(_) | KubectlCommand::Scale(_) => self.not_modelled(
                &k.to_line(),
                "bare pods (kubectl run); the Deployment and ReplicaSet controllers are not simulated",
            ),
            KubectlCommand::Help { .. } => Outcome::ok(
                "kubectl controls the Kubernetes cluster manager.\n\n Find more information at: https://kubernetes.io/docs/reference/kubectl/\n\nSimulated commands:\n  run         Run a particular image on the cluster\n  get         Display one or many resources\n  describe    Show details of a specific resource\n  delete      Delete resources\n  logs        Print the logs for a container in a pod\n  exec        Execute a command in a container\n  version     Print the client and server version information\n",
            ),
        }
    }

    fn k8s_patch(&self) -> String {
        format!("v1.{}.{}", self.cfg.k8s.0, 4)
    }

    fn kubectl_get_nodes(&mut self, wide: bool) -> Outcome {
        self.emit(
            h(
                Component::Kubectl,
                Component::KubeApiserver,
                Iface::K8sApi,
                "GET /api/v1/nodes",
            )
            .note("the node object the kubelet registered and keeps updating (status, lease)"),
        );
        let v = self.k8s_patch();
        let runtime = match self.cfg.runtime {
            crate::config::Runtime::Containerd17 | crate::config::Runtime::Containerd2 => {
                format!(
                    "containerd://{}",
                    self.cfg.runtime_version().trim_start_matches('v')
                )
            }
            crate::config::Runtime::CriO => format!("cri-o://{}", self.cfg.runtime_version()),
            _ => format!("docker://{}", self.cfg.runtime_version()),
        };
        let mut rows = vec![vec!["NAME", "STATUS", "ROLES", "AGE", "VERSION"]
            .into_iter()
            .map(String::from)
            .collect::<Vec<_>>()];
        let mut row = vec![
            super::NODE.to_string(),
            "Ready".into(),
            "control-plane".into(),
            "12d".into(),
            v,
        ];
        if wide {
            rows[0].extend(
                [
                    "INTERNAL-IP",
                    "EXTERNAL-IP",
                    "OS-IMAGE",
                    "KERNEL-VERSION",
                    "CONTAINER-RUNTIME",
                ]
                .map(String::from),
            );
            row.extend([
                "192.168.49.2".to_string(),
                "<none>".into(),
                "Debian GNU/Linux 12 (bookworm)".into(),
                "6.1.0-27-amd64".into(),
                runtime,
            ]);
        }
        rows.push(row);
        Outcome::ok(super::format::tabwriter(&rows, 0, 3))
    }

    // ----------------------------------------------------------------- crictl

    fn apply_crictl(&mut self, c: &Crictl) -> Outcome {
        const MODELLED: &str = "crictl version, info, pods, ps, images, pull, runp, create, start, stop, stopp, rm, rmp, run, logs, exec, inspect/inspectp (state only)";
        match &c.command {
            CrictlCommand::Version => {
                self.emit(h(Component::Crictl, self.cri_server(), Iface::Cri, "Version"));
                let (name, ver) = match self.cfg.runtime {
                    crate::config::Runtime::Containerd17 | crate::config::Runtime::Containerd2 => {
                        ("containerd", self.cfg.runtime_version())
                    }
                    crate::config::Runtime::CriO => ("cri-o", self.cfg.runtime_version()),
                    crate::config::Runtime::Dockershim => ("docker", self.cfg.runtime_version()),
                    crate::config::Runtime::CriDockerd => ("docker", self.cfg.runtime_version()),
                };
                Outcome::ok(format!(
                    "Version:  0.1.0\nRuntimeName:  {name}\nRuntimeVersion:  {ver}\nRuntimeApiVersion:  {}\n",
                    self.cfg.k8s.cri_api()
                ))
            }
            CrictlCommand::ClientVersion => Outcome::ok(format!("crictl version v1.{}.0\n", self.cfg.k8s.0)),
            CrictlCommand::Pods(f) => {
                let name = f.name.as_deref();
                let out = self.crictl_pods(f.quiet, name);
                if f.latest || f.last.is_some() {
                    return keep_first_rows(out, if f.latest { 1 } else { f.last.unwrap_or(0).max(0) as usize }, f.quiet);
                }
                out
            }
            CrictlCommand::Ps(f) => {
                let out = self.crictl_ps(f.all, f.quiet, f.name.as_deref());
                if f.latest || f.last.is_some() {
                    return keep_first_rows(out, if f.latest { 1 } else { f.last.unwrap_or(0).max(0) as usize }, f.quiet);
                }
                out
            }
            CrictlCommand::Images { quiet, .. } => {
                let out = self.crictl_images();
                if *quiet {
                    return quiet_column(out, 2);
                }
                out
            }
            CrictlCommand::Pull { image, .. } => self.crictl_pull(image),
            CrictlCommand::Runp { runtime, pod_config } => {
                self.crictl_runp(pod_config, runtime.as_deref().unwrap_or(""))
            }
            CrictlCommand::Create {
                pod_id,
                container_config,
                pod_config,
                ..
            } => self.crictl_create(pod_id, container_config, pod_config),
            CrictlCommand::Start { ids } => self.crictl_each("start", ids, false, 0),
            CrictlCommand::Stop { ids, timeout, all } => {
                let ids = if *all { self.cri_ids(false) } else { ids.clone() };
                self.crictl_each("stop", &ids, false, timeout.unwrap_or(0).max(0) as u64)
            }
            CrictlCommand::Rm { ids, force, all } => {
                let ids = if *all { self.cri_ids(false) } else { ids.clone() };
                if *force {
                    let _ = self.crictl_each("stop", &ids, false, 0);
                }
                self.crictl_each("remove", &ids, false, 0)
            }
            CrictlCommand::Stopp { ids } => self.crictl_each("stop", ids, true, 0),
            CrictlCommand::Rmp { ids, force, all } => {
                let ids = if *all { self.cri_ids(true) } else { ids.clone() };
                if *force {
                    let _ = self.crictl_each("stop", &ids, true, 0);
                }
                self.crictl_each("remove", &ids, true, 0)
            }
            CrictlCommand::Run {
                runtime,
                container_config,
                pod_config,
                ..
            } => {
                let pod = self.crictl_runp(pod_config, runtime.as_deref().unwrap_or(""));
                if pod.exit != 0 {
                    return pod;
                }
                let pid = pod.stdout.trim().to_string();
                let ctr = self.crictl_create(&pid, container_config, pod_config);
                if ctr.exit != 0 {
                    return ctr;
                }
                let cid = ctr.stdout.trim().to_string();
                let started = self.crictl_each("start", std::slice::from_ref(&cid), false, 0);
                if started.exit != 0 {
                    return started;
                }
                Outcome::ok(format!("{cid}\n"))
            }
            CrictlCommand::Logs { id, tail, .. } => {
                let mut out = self.crictl_logs(id);
                if let Some(n) = tail.filter(|n| *n >= 0) {
                    let lines: Vec<&str> = out.stdout.lines().collect();
                    let keep = lines.len().saturating_sub(n as usize);
                    out.stdout = lines[keep..].iter().map(|l| format!("{l}\n")).collect();
                }
                out
            }
            CrictlCommand::Exec { id, command, tty, .. } => self.crictl_exec(id, command, *tty),
            CrictlCommand::Inspect(i) => self.crictl_inspect(&i.ids, false),
            CrictlCommand::Inspectp(i) => self.crictl_inspect(&i.ids, true),
            CrictlCommand::Info { .. }
            | CrictlCommand::Rmi { .. }
            | CrictlCommand::Inspecti(_)
            | CrictlCommand::Stats { .. }
            | CrictlCommand::Statsp { .. }
            | CrictlCommand::Imagefsinfo { .. }
            | CrictlCommand::RuntimeConfig
            | CrictlCommand::Events { .. } => self.not_modelled(&c.to_line(), MODELLED),
            CrictlCommand::Help { .. } => Outcome::ok(format!(
                "NAME:\n   crictl - client for CRI\n\nUSAGE:\n   crictl [global options] command [command options]\n\nSimulated: {MODELLED}\n"
            )),
        }
    }

    fn cri_ids(&self, sandboxes: bool) -> Vec<String> {
        if sandboxes {
            self.sandboxes.keys().cloned().collect()
        } else {
            self.ctrs
                .values()
                .filter(|c| c.origin == Origin::Cri)
                .map(|c| c.id.clone())
                .collect()
        }
    }

    // -------------------------------------------------------------------- ctr

    fn apply_ctr(&mut self, c: &Ctr) -> Outcome {
        if !self.cfg.runtime.has_containerd() {
            return Outcome::err(
                127,
                format!(
                    "bash: ctr: command not found\n(atlas: this node runs {}, which has no containerd; choose --runtime containerd)",
                    self.cfg.runtime.label()
                ),
            );
        }
        if !self.containerd_up {
            return Outcome::err(
                1,
                "ctr: failed to dial \"/run/containerd/containerd.sock\": connection error: desc = \"transport: error while dialing: dial unix /run/containerd/containerd.sock: connect: connection refused\"",
            );
        }
        let ns = store_name(c.namespace());
        const MODELLED: &str = "ctr version, images pull|ls, run, containers ls|rm, tasks ls|kill|rm|start, namespaces ls";
        match &c.command {
            CtrCommand::Version => {
                self.emit(h(Component::Ctr, Component::Containerd, Iface::ContainerdApi, "Version.Version"));
                let v = self.cfg.runtime_version();
                Outcome::ok(format!(
                    "Client:\n  Version:  {v}\n  Revision: 05044ec0a9a75232cad458027ca83437aae3f4da\n  Go version: go1.23.8\n\nServer:\n  Version:  {v}\n  Revision: 05044ec0a9a75232cad458027ca83437aae3f4da\n  UUID: 7f0e5c3d-9a4b-4c1e-8f1d-2b6a3c4d5e6f\n"
                ))
            }
            CtrCommand::ClientVersion => Outcome::ok(format!("ctr github.com/containerd/containerd {}\n", self.cfg.runtime_version())),
            CtrCommand::NamespacesLs { quiet } => {
                self.emit(h(Component::Ctr, Component::Containerd, Iface::ContainerdApi, "Namespaces.List"));
                let mut names: Vec<&str> = self.images.keys().map(|(s, _)| *s).filter(|s| matches!(*s, "k8s.io" | "default" | "moby")).collect();
                for c in self.ctrs.values() {
                    if !c.ns.is_empty() {
                        names.push(c.ns);
                    }
                }
                crate::order::sort(&mut names);
                names.dedup();
                if *quiet {
                    return Outcome::ok(names.iter().map(|n| format!("{n}\n")).collect::<String>());
                }
                let mut s = String::from("NAME    LABELS \n");
                for n in names {
                    s.push_str(&format!("{n:<7} \n"));
                }
                Outcome::ok(s)
            }
            CtrCommand::ImagesPull(p) => {
                if p.all_platforms || p.platforms.len() > 1 {
                    return self.not_modelled(&c.to_line(), "ctr images pull REF (one platform: linux/amd64)");
                }
                self.ctr_pull(ns, &p.reference)
            }
            CtrCommand::ImagesLs { quiet } => self.ctr_images_ls(ns, *quiet),
            CtrCommand::Run(r) => {
                if let Some(rt) = &r.runtime {
                    if rt != "io.containerd.runc.v2" {
                        return self.not_modelled(&c.to_line(), "ctr run with the default runtime io.containerd.runc.v2");
                    }
                }
                if r.tty && !r.detach {
                    return self.not_modelled(&c.to_line(), "ctr run -d, or a foreground ctr run without -t");
                }
                if self.ctrs.values().any(|x| x.ns == ns && x.id == r.id) {
                    return Outcome::err(
                        1,
                        format!("ctr: container \"{}\": already exists", r.id),
                    );
                }
                self.client_run(
                    Component::Ctr,
                    ns,
                    &r.image,
                    &r.id,
                    r.command.clone(),
                    r.detach,
                    vec![],
                    r.memory_limit,
                )
            }
            CtrCommand::ContainersLs { quiet } => self.ctr_containers_ls(ns, *quiet),
            CtrCommand::TasksLs { quiet } => {
                let out = self.ctr_tasks_ls(ns);
                if *quiet {
                    return quiet_column(out, 0);
                }
                out
            }
            CtrCommand::TasksKill { id, signal, all, exec_id } => {
                if exec_id.is_some() {
                    return self.not_modelled(&c.to_line(), "ctr tasks kill ID [--signal SIG] [--all]");
                }
                let sig = signal.as_deref().unwrap_or("SIGTERM");
                let Some(n) = crate::command::units::parse_signal(sig) else {
                    return Outcome::err(1, format!("ctr: invalid signal \"{sig}\""));
                };
                let name = crate::command::units::signal_name(n).unwrap_or("SIGTERM");
                if self.ctr_find(ns, id).and_then(|x| self.ctrs.get(&x)).and_then(|x| x.task).is_none() {
                    self.emit(h(Component::Ctr, Component::ContainerdTasks, Iface::ContainerdApi, "Tasks.Kill").d("container_id", id.clone()));
                    return Outcome::err(1, format!("ctr: no running task found: task {id} not found: not found"));
                }
                let cid = self.ctr_find(ns, id).unwrap_or_default();
                match self.task_kill(Component::Ctr, &cid, name, *all) {
                    Ok(()) => Outcome::default(),
                    Err(e) => Outcome::err(1, format!("ctr: {e}")),
                }
            }
            CtrCommand::TasksRm { ids, force, exec_id } => {
                if exec_id.is_some() {
                    return self.not_modelled(&c.to_line(), "ctr tasks rm ID [--force]");
                }
                let mut out = Outcome::default();
                for id in ids {
                    let Some(cid) = self.ctr_find(ns, id).filter(|x| self.ctrs.get(x).and_then(|c| c.task).is_some()) else {
                        out.stderr.push_str(&format!("ctr: no such task {id}: not found\n"));
                        out.exit = 1;
                        continue;
                    };
                    let running = self.ctrs.get(&cid).and_then(|c| c.task) == Some(crate::lifecycle::task::TaskStatus::Running);
                    if running && !force {
                        out.stderr.push_str(&format!("WARN[0000] task {id} must be stopped before deletion: running: failed precondition\nctr: task must be stopped before deletion: running: failed precondition\n"));
                        out.exit = 1;
                        continue;
                    }
                    if running {
                        let _ = self.task_kill(Component::Ctr, &cid, "SIGKILL", true);
                        self.wait_exit(&cid, 100);
                    }
                    if let Err(e) = self.task_delete(Component::Ctr, &cid, None) {
                        out.stderr.push_str(&format!("ctr: {e}\n"));
                        out.exit = 1;
                    } else {
                        out.stdout.push_str(&format!("{id}\n"));
                    }
                }
                if out.exit == 0 {
                    out.stdout.clear();
                }
                out
            }
            CtrCommand::ContainersRm { ids } => {
                let mut out = Outcome::default();
                for id in ids {
                    self.emit(h(Component::Ctr, Component::Containerd, Iface::ContainerdApi, "Containers.Delete").d("id", id.clone()));
                    match self.ctr_find(ns, id) {
                        None => {
                            out.stderr.push_str(&format!("ERRO[0000] failed to delete container \"{id}\"  error=\"container \\\"{id}\\\" in namespace \\\"{ns}\\\": not found\"\nctr: container \"{id}\" in namespace \"{ns}\": not found\n"));
                            out.exit = 1;
                        }
                        Some(cid) if self.ctrs.get(&cid).and_then(|c| c.task).is_some() => {
                            out.stderr.push_str(&format!("ERRO[0000] failed to delete container \"{id}\"  error=\"cannot delete a non stopped container: {{running 0 0001-01-01 00:00:00 +0000 UTC}}\"\nctr: cannot delete a non stopped container: {{running 0 0001-01-01 00:00:00 +0000 UTC}}\n"));
                            out.exit = 1;
                        }
                        Some(cid) => {
                            self.ctrs.remove(&cid);
                        }
                    }
                }
                out
            }
            CtrCommand::TasksStart { id, .. } => {
                let Some(cid) = self.ctr_find(ns, id) else {
                    return Outcome::err(1, format!("ctr: container \"{id}\" in namespace \"{ns}\": not found"));
                };
                if self.ctrs.get(&cid).and_then(|c| c.task).is_some() {
                    return Outcome::err(1, format!("ctr: task {id}: already exists"));
                }
                if let Err(e) = self.task_create(Component::Ctr, &cid, None) {
                    return Outcome::err(1, format!("ctr: {e}"));
                }
                self.task_wait(Component::Ctr, &cid);
                match self.task_start(Component::Ctr, &cid) {
                    Ok(_) => Outcome::default(),
                    Err(e) => Outcome::err(1, format!("ctr: {e}")),
                }
            }
            CtrCommand::TasksExec { .. }
            | CtrCommand::TasksPs { .. }
            | CtrCommand::TasksPause { .. }
            | CtrCommand::TasksResume { .. }
            | CtrCommand::PluginsLs { .. }
            | CtrCommand::ImagesRm { .. }
            | CtrCommand::ImagesImport { .. }
            | CtrCommand::SnapshotsLs { .. }
            | CtrCommand::ContentLs { .. }
            | CtrCommand::Events
            | CtrCommand::LeasesLs { .. } => self.not_modelled(&c.to_line(), MODELLED),
            CtrCommand::Help { .. } => Outcome::ok(format!(
                "NAME:\n   ctr - \n        __\n  _____/ /______\n / ___/ __/ ___/\n/ /__/ /_/ /\n\\___/\\__/_/\n\ncontainerd CLI\n\nSimulated: {MODELLED}\n"
            )),
        }
    }

    /// A container by id in a containerd namespace.
    fn ctr_find(&self, ns: &str, id: &str) -> Option<String> {
        self.ctrs
            .values()
            .find(|c| {
                c.ns == ns
                    && (c.id == id
                        || (c.origin == Origin::Ctr || c.origin == Origin::Nerdctl) && c.name == id)
            })
            .map(|c| c.id.clone())
    }

    // ---------------------------------------------------------------- nerdctl

    fn apply_nerdctl(&mut self, n: &Nerdctl) -> Outcome {
        if !self.cfg.runtime.has_containerd() {
            return Outcome::err(
                127,
                format!("bash: nerdctl: command not found\n(atlas: this node runs {}, which has no containerd; choose --runtime containerd)", self.cfg.runtime.label()),
            );
        }
        let ns = store_name(n.namespace());
        const MODELLED: &str = "nerdctl run, ps, exec, pull, stop, rm, version";
        match &n.command {
            NerdctlCommand::Run(r) => {
                if r.interactive || r.tty {
                    return self.not_modelled(&n.to_line(), "nerdctl run -d (attached sessions are not simulated)");
                }
                let ports = match ports_of(r) {
                    Ok(p) => p,
                    Err(e) => return Outcome::err(1, format!("time=\"{}\" level=fatal msg=\"{e}\"", World::rfc3339(self.now_ms, false))),
                };
                let id = self.hex_id();
                let name = r.name.clone().unwrap_or_else(|| format!("{}-{}", short_repo(&r.image), &id[..5]));
                if self.ctr_find(ns, &name).is_some() {
                    return Outcome::err(1, format!("time=\"{}\" level=fatal msg=\"name \\\"{name}\\\" is already used by ID \\\"{}\\\"\"", World::rfc3339(self.now_ms, false), self.ctr_find(ns, &name).unwrap_or_default()));
                }
                self.client_run(Component::Nerdctl, ns, &r.image, &name, r.command.clone(), r.detach, ports, r.memory_bytes())
            }
            NerdctlCommand::Ps { all, quiet, .. } => self.nerdctl_ps(Component::Nerdctl, *all, *quiet),
            NerdctlCommand::Pull { image, .. } => {
                let out = self.ctr_pull(ns, image);
                if out.exit == 0 {
                    return Outcome::ok(String::new());
                }
                out
            }
            NerdctlCommand::Stop { containers, time } => {
                let mut out = Outcome::default();
                for c in containers {
                    match self.ctr_find(ns, c) {
                        Some(cid) => {
                            let t = time.unwrap_or(10).max(0) as u64;
                            self.client_stop(Component::Nerdctl, &cid, t);
                            out.stdout.push_str(&format!("{c}\n"));
                        }
                        None => {
                            out.stderr.push_str(&format!("time=\"{}\" level=fatal msg=\"1 errors:\\nno such container: {c}\"\n", World::rfc3339(self.now_ms, false)));
                            out.exit = 1;
                        }
                    }
                }
                out
            }
            NerdctlCommand::Rm { containers, force } => {
                let mut out = Outcome::default();
                for c in containers {
                    match self.ctr_find(ns, c) {
                        Some(cid) => {
                            let running = self.ctrs.get(&cid).and_then(|x| x.task) == Some(crate::lifecycle::task::TaskStatus::Running);
                            if running && !force {
                                out.stderr.push_str(&format!("time=\"{}\" level=fatal msg=\"1 errors:\\ncontainer {cid} is in running status. unpause/stop container first or force removal\"\n", World::rfc3339(self.now_ms, false)));
                                out.exit = 1;
                                continue;
                            }
                            if running {
                                self.client_stop(Component::Nerdctl, &cid, 0);
                            }
                            if self.ctrs.get(&cid).and_then(|x| x.task).is_some() {
                                let _ = self.task_delete(Component::Nerdctl, &cid, None);
                            }
                            self.emit(h(Component::Nerdctl, Component::Containerd, Iface::ContainerdApi, "Containers.Delete").d("id", cid.clone()));
                            self.ctrs.remove(&cid);
                            out.stdout.push_str(&format!("{c}\n"));
                        }
                        None => {
                            out.stderr.push_str(&format!("time=\"{}\" level=fatal msg=\"1 errors:\\nno such container: {c}\"\n", World::rfc3339(self.now_ms, false)));
                            out.exit = 1;
                        }
                    }
                }
                out
            }
            NerdctlCommand::Exec(e) => {
                if e.interactive && e.tty {
                    return self.not_modelled(&n.to_line(), "nerdctl exec without -it");
                }
                self.client_exec(Component::Nerdctl, &e.container, &e.command)
            }
            NerdctlCommand::Version { .. } => Outcome::ok(format!(
                "Client:\n Version:\tv1.7.7\n OS/Arch:\tlinux/amd64\n Git commit:\t\n buildctl:\n  Version:\t\n\nServer:\n containerd:\n  Version:\t{}\n runc:\n  Version:\t1.1.12\n",
                self.cfg.runtime_version()
            )),
            NerdctlCommand::ClientVersion => Outcome::ok("nerdctl version 1.7.7\n"),
            NerdctlCommand::Create(_)
            | NerdctlCommand::Images { .. }
            | NerdctlCommand::Start { .. }
            | NerdctlCommand::Kill { .. }
            | NerdctlCommand::Rmi { .. }
            | NerdctlCommand::Logs { .. }
            | NerdctlCommand::Inspect { .. }
            | NerdctlCommand::Info { .. } => self.not_modelled(&n.to_line(), MODELLED),
            NerdctlCommand::Help { .. } => Outcome::ok(format!("nerdctl is a command line interface for containerd\n\nSimulated: {MODELLED}\n")),
        }
    }

    // ----------------------------------------------------------------- docker

    fn apply_docker(&mut self, d: &Docker) -> Outcome {
        if !self.cfg.runtime.has_docker() {
            return Outcome::err(
                127,
                format!(
                    "bash: docker: command not found\n(atlas: this node runs {}; choose --runtime cri-dockerd, or dockershim on Kubernetes ≤ 1.23, for Docker Engine)",
                    self.cfg.runtime.label()
                ),
            );
        }
        const MODELLED: &str = "docker run, ps, exec, stop, kill, rm, logs, pull, version";
        match &d.command {
            DockerCommand::Run(r) => {
                if r.interactive && r.tty && !r.detach {
                    return self.not_modelled(&d.to_line(), "docker run -d, or a foreground docker run without -it");
                }
                let ports = match ports_of(r) {
                    Ok(p) => p,
                    Err(e) => {
                        return Outcome::err(125, format!("docker: {e}.\nSee 'docker run --help'."));
                    }
                };
                if let Some(n) = &r.name {
                    if let Some(id) = self.docker_find(n).filter(|id| self.ctrs.get(id).map(|c| &c.name == n).unwrap_or(false)) {
                        return Outcome::err(
                            125,
                            format!("docker: Error response from daemon: Conflict. The container name \"/{n}\" is already in use by container \"{id}\". You have to remove (or rename) that container to be able to reuse that name.\nSee 'docker run --help'."),
                        );
                    }
                }
                let opts = RunOpts {
                    image: r.image.clone(),
                    name: r.name.clone(),
                    cmd: r.command.clone(),
                    entrypoint: r.entrypoint.clone(),
                    ports,
                    init: r.init,
                    rm: r.rm,
                    memory: r.memory_bytes(),
                };
                self.docker_run_cmd(&opts, r.detach)
            }
            DockerCommand::Ps { all, quiet, .. } => self.docker_ps(*all, *quiet),
            DockerCommand::Stop { containers, time, .. } => {
                self.docker_stop_cmd(containers, time.unwrap_or(10).max(0) as u64)
            }
            DockerCommand::Kill { containers, signal } => {
                let mut out = Outcome::default();
                let sig = signal.as_deref().unwrap_or("SIGKILL");
                for c in containers {
                    self.emit(h(Component::Docker, Component::Dockerd, Iface::DockerApi, format!("POST /v1.47/containers/{c}/kill?signal={sig}")));
                    match self.docker_find(c) {
                        Some(id) if self.ctrs.get(&id).and_then(|x| x.task) == Some(crate::lifecycle::task::TaskStatus::Running) => {
                            let name = crate::command::units::parse_signal(sig)
                                .and_then(crate::command::units::signal_name)
                                .unwrap_or("SIGKILL");
                            let _ = self.task_kill(Component::Dockerd, &id, name, false);
                            out.stdout.push_str(&format!("{c}\n"));
                        }
                        Some(id) => {
                            out.stderr.push_str(&format!("Error response from daemon: cannot kill container: {c}: container {id} is not running\n"));
                            out.exit = 1;
                        }
                        None => {
                            out.stderr.push_str(&format!("Error response from daemon: cannot kill container: {c}: No such container: {c}\n"));
                            out.exit = 1;
                        }
                    }
                }
                out
            }
            DockerCommand::Rm { containers, force, .. } => {
                let mut out = Outcome::default();
                for c in containers {
                    match self.docker_find(c) {
                        Some(id) => {
                            let running = self.ctrs.get(&id).and_then(|x| x.task) == Some(crate::lifecycle::task::TaskStatus::Running);
                            if running && !force {
                                self.emit(h(Component::Docker, Component::Dockerd, Iface::DockerApi, format!("DELETE /v1.47/containers/{c}")));
                                out.stderr.push_str(&format!("Error response from daemon: cannot remove container \"/{}\": container is running: stop the container before removing or force remove\n", self.ctrs.get(&id).map(|x| x.name.clone()).unwrap_or_default()));
                                out.exit = 1;
                                continue;
                            }
                            self.dockerd_remove(Component::Docker, &id, *force);
                            out.stdout.push_str(&format!("{c}\n"));
                        }
                        None => {
                            self.emit(h(Component::Docker, Component::Dockerd, Iface::DockerApi, format!("DELETE /v1.47/containers/{c}")));
                            out.stderr.push_str(&format!("Error response from daemon: No such container: {c}\n"));
                            out.exit = 1;
                        }
                    }
                }
                out
            }
            DockerCommand::Logs { container, tail, .. } => {
                self.emit(
                    h(Component::Docker, Component::Dockerd, Iface::DockerApi, format!("GET /v1.47/containers/{container}/logs?stdout=1&stderr=1"))
                        .note("dockerd reads the json-file log it copied from the container's stdio FIFOs"),
                );
                let Some(id) = self.docker_find(container) else {
                    return Outcome::err(1, format!("Error response from daemon: No such container: {container}"));
                };
                let mut out = Outcome::default();
                if let Some(c) = self.ctrs.get(&id) {
                    let n = tail.as_deref().and_then(|t| t.parse::<usize>().ok()).unwrap_or(usize::MAX);
                    let skip = c.logs.len().saturating_sub(n);
                    for (_, stream, l) in c.logs.iter().skip(skip) {
                        let s = if *stream == "stderr" { &mut out.stderr } else { &mut out.stdout };
                        s.push_str(l);
                        s.push('\n');
                    }
                }
                out
            }
            DockerCommand::Pull { image, .. } => self.docker_pull(image),
            DockerCommand::Exec(e) => {
                if e.interactive && e.tty {
                    return self.not_modelled(&d.to_line(), "docker exec without -it (an interactive session is not simulated)");
                }
                self.client_exec(Component::Docker, &e.container, &e.command)
            }
            DockerCommand::Version { .. } => {
                self.emit(h(Component::Docker, Component::Dockerd, Iface::DockerApi, "GET /v1.47/version"));
                let v = self.cfg.runtime_version();
                Outcome::ok(format!(
                    "Client: Docker Engine - Community\n Version:           {v}\n API version:       1.47\n Go version:        go1.22.11\n OS/Arch:           linux/amd64\n\nServer: Docker Engine - Community\n Engine:\n  Version:          {v}\n  API version:      1.47 (minimum version 1.24)\n containerd:\n  Version:          1.7.25\n runc:\n  Version:          1.2.4\n docker-init:\n  Version:          0.19.0\n"
                ))
            }
            DockerCommand::ClientVersion => Outcome::ok(format!("Docker version {}, build 9f9e405\n", self.cfg.runtime_version())),
            DockerCommand::Create(_)
            | DockerCommand::Start { .. }
            | DockerCommand::Images { .. }
            | DockerCommand::Rmi { .. }
            | DockerCommand::Inspect { .. }
            | DockerCommand::Info { .. } => self.not_modelled(&d.to_line(), MODELLED),
            DockerCommand::Help { .. } => Outcome::ok(format!("Usage:  docker [OPTIONS] COMMAND\n\nA self-sufficient runtime for containers\n\nSimulated: {MODELLED}\n")),
        }
    }

    // --------------------------------------------------------------- systemctl

    fn apply_systemctl(&mut self, action: SystemctlAction, unit: &str) -> Outcome {
        let unit = unit.trim_end_matches(".service");
        let rt = self.cfg.runtime;
        let exists = match unit {
            "kubelet" => true,
            "containerd" => rt.has_containerd(),
            "docker" => rt.has_docker(),
            "crio" => rt == crate::config::Runtime::CriO,
            "cri-docker" => rt == crate::config::Runtime::CriDockerd,
            _ => false,
        };
        if !exists {
            return Outcome::err(
                5,
                format!(
                    "Failed to {} {unit}.service: Unit {unit}.service not found.",
                    action.as_str()
                ),
            );
        }
        if unit == "containerd" {
            return match action {
                SystemctlAction::Stop => self.systemctl_containerd(true, false),
                SystemctlAction::Start => self.systemctl_containerd(false, true),
                SystemctlAction::Restart => self.systemctl_containerd(true, true),
            };
        }
        self.not_modelled(
            &format!("systemctl {} {unit}", action.as_str()),
            "systemctl start|stop|restart containerd",
        )
    }
}

/// containerd namespaces as the world's image stores name them.
fn store_name(ns: &str) -> &'static str {
    match ns {
        "k8s.io" => "k8s.io",
        "moby" => "moby",
        _ => "default",
    }
}

fn short_repo(image: &str) -> String {
    let last = image.rsplit('/').next().unwrap_or(image);
    last.split([':', '@']).next().unwrap_or(last).to_string()
}

/// `-p` specs as (host, container) TCP ports.
fn ports_of(r: &ContainerRun) -> Result<Vec<(u16, u16)>, String> {
    let mut out = Vec::new();
    for PortSpec {
        host_port,
        container_port,
        ..
    } in &r.publish
    {
        let c: u16 = container_port
            .parse()
            .map_err(|_| format!("invalid containerPort: {container_port}"))?;
        let h: u16 = match host_port.as_deref() {
            None | Some("") => 32768 + c % 1000,
            Some(h) => h.parse().map_err(|_| format!("invalid hostPort: {h}"))?,
        };
        out.push((h, c));
    }
    Ok(out)
}

/// Keeps only the named rows of a `kubectl get` table (and says which are missing).
fn filter_names(out: Outcome, names: &[String], kind: &str) -> Outcome {
    if names.is_empty() {
        return out;
    }
    let mut lines = out.stdout.lines();
    let head = lines.next().unwrap_or("");
    let rows: Vec<&str> = lines
        .filter(|l| {
            let first = l.split_whitespace().next().unwrap_or("");
            names.iter().any(|n| n == first)
        })
        .collect();
    let mut o = Outcome::default();
    if !rows.is_empty() {
        o.stdout = format!("{head}\n");
        for r in &rows {
            o.stdout.push_str(r);
            o.stdout.push('\n');
        }
    }
    for n in names {
        if !rows.iter().any(|r| r.split_whitespace().next() == Some(n)) {
            o.stderr.push_str(&format!(
                "Error from server (NotFound): {kind} \"{n}\" not found\n"
            ));
            o.exit = 1;
        }
    }
    o
}

/// Only the first `n` rows of a table (crictl lists newest first).
fn keep_first_rows(out: Outcome, n: usize, quiet: bool) -> Outcome {
    let mut lines = out.stdout.lines();
    let mut s = String::new();
    if !quiet {
        if let Some(h) = lines.next() {
            s.push_str(h);
            s.push('\n');
        }
    }
    for l in lines.take(n) {
        s.push_str(l);
        s.push('\n');
    }
    Outcome { stdout: s, ..out }
}

/// One column of a table, without its header (`-q`).
fn quiet_column(out: Outcome, col: usize) -> Outcome {
    let s = out
        .stdout
        .lines()
        .skip(1)
        .filter_map(|l| l.split_whitespace().nth(col))
        .map(|w| format!("{w}\n"))
        .collect();
    Outcome { stdout: s, ..out }
}
