//! crictl's side (reference §1, §3): the example pod and container configs it
//! reads, the CRI calls each subcommand makes, and what it prints (`ps`,
//! `pods`, `images`, `inspect`, `logs`, `exec`), with its logrus `fatal` errors.

use super::super::cri::{ContainerReq, SandboxReq};
use super::super::format::{human_size, tabwriter, trunc};
use super::super::registry::Ref;
use super::super::{h, Origin, Outcome, World};
use super::exec_output;
use crate::config::Runtime;
use crate::lifecycle::task::TaskStatus;
use crate::msg;
use crate::trace::{Component, Iface};

/// The example configs of crictl's documentation, present on the node.
pub(crate) const POD_CONFIG: &str = r#"{
  "metadata": {
    "name": "nginx-sandbox",
    "namespace": "default",
    "attempt": 1,
    "uid": "hdishd83djaidwnduwk28bcsb"
  },
  "log_directory": "/tmp",
  "linux": {}
}
"#;
pub(crate) const CONTAINER_CONFIG: &str = r#"{
  "metadata": {
    "name": "busybox"
  },
  "image": {
    "image": "busybox"
  },
  "command": [
    "top"
  ],
  "log_path": "busybox.0.log",
  "linux": {}
}
"#;

#[derive(serde::Deserialize)]
struct PodConfigFile {
    metadata: PodMeta,
}
#[derive(serde::Deserialize)]
struct PodMeta {
    name: String,
    #[serde(default)]
    namespace: String,
    #[serde(default)]
    uid: String,
    #[serde(default)]
    attempt: u32,
}
#[derive(serde::Deserialize)]
struct CtrConfigFile {
    metadata: CtrMeta,
    image: CtrImage,
    #[serde(default)]
    command: Vec<String>,
    #[serde(default)]
    args: Vec<String>,
}
#[derive(serde::Deserialize)]
struct CtrMeta {
    name: String,
    #[serde(default)]
    attempt: u32,
}
#[derive(serde::Deserialize)]
struct CtrImage {
    image: String,
}

fn fatal(msg: impl std::fmt::Display) -> Outcome {
    Outcome::err(
        1,
        format!(
            "time=\"2026-01-05T09:00:00Z\" level=fatal msg=\"{}\"",
            msg.to_string().replace('"', "\\\"")
        ),
    )
}

impl World {
    /// A file crictl opens: a relative path against the program's working
    /// directory (the home directory when none was given).
    pub(crate) fn file(&self, name: &str) -> Option<String> {
        let cwd = match self.process_env.cwd.as_str() {
            "" => crate::node::files::HOME,
            c => c,
        };
        let path = crate::node::fs::normalize(cwd, name);
        self.read_file(&path).ok()
    }

    fn read_pod_config(&self, file: &str) -> Result<SandboxReq, Outcome> {
        let text = self.file(file).ok_or_else(|| {
            fatal(format!(
                "load podSandboxConfig: open {file}: no such file or directory"
            ))
        })?;
        let p: PodConfigFile = serde_json::from_str(&text)
            .map_err(|e| fatal(format!("load podSandboxConfig: {e}")))?;
        Ok(SandboxReq {
            name: p.metadata.name,
            namespace: p.metadata.namespace,
            uid: p.metadata.uid,
            attempt: p.metadata.attempt,
            handler: String::new(),
        })
    }

    /// Resolves a (possibly truncated) id among sandboxes or containers.
    pub(super) fn resolve(&self, prefix: &str, sandboxes: bool) -> Option<String> {
        if prefix.is_empty() {
            return None;
        }
        if sandboxes {
            self.sandboxes
                .keys()
                .find(|k| k.starts_with(prefix))
                .cloned()
        } else {
            self.ctrs
                .values()
                .find(|c| c.origin == Origin::Cri && c.id.starts_with(prefix))
                .map(|c| c.id.clone())
        }
    }

    pub(crate) fn crictl_runp(&mut self, file: &str, handler: &str) -> Outcome {
        let mut req = match self.read_pod_config(file) {
            Ok(r) => r,
            Err(o) => return o,
        };
        req.handler = handler.to_string();
        match self.cri_run_pod_sandbox(Component::Crictl, &req) {
            Ok(id) => Outcome::ok(format!("{id}\n")),
            Err(e) => fatal(format!("run pod sandbox: {e}")),
        }
    }

    pub(crate) fn crictl_pull(&mut self, image: &str) -> Outcome {
        match self.cri_pull_image(Component::Crictl, image) {
            Ok(id) => Outcome::ok(format!("Image is up to date for {id}\n")),
            Err(e) => fatal(format!("pulling image: {e}")),
        }
    }

    pub(crate) fn crictl_create(&mut self, pod: &str, ctr_file: &str, pod_file: &str) -> Outcome {
        let Some(sid) = self.resolve(pod, true) else {
            return fatal(format!("creating container: rpc error: code = NotFound desc = failed to find sandbox {pod:?}"));
        };
        if let Err(o) = self.read_pod_config(pod_file) {
            return o;
        }
        let Some(text) = self.file(ctr_file) else {
            return fatal(format!("creating container: load containerConfig: open {ctr_file}: no such file or directory"));
        };
        let c: CtrConfigFile = match serde_json::from_str(&text) {
            Ok(c) => c,
            Err(e) => return fatal(format!("creating container: load containerConfig: {e}")),
        };
        let store = self.cri_store();
        let present = Ref::parse(&c.image.image)
            .map(|r| self.has_image(store, &r).is_some())
            .unwrap_or(false);
        if !present {
            if let Err(e) = self.cri_pull_image(Component::Crictl, &c.image.image) {
                return fatal(format!("creating container: {e}"));
            }
        }
        let req = ContainerReq {
            name: c.metadata.name,
            attempt: c.metadata.attempt,
            image: c.image.image,
            command: c.command,
            args: c.args,
            memory_limit: None,
            mounts: Vec::new(),
        };
        match self.cri_create_container(Component::Crictl, &sid, &req) {
            Ok(id) => Outcome::ok(format!("{id}\n")),
            Err(e) => fatal(format!("creating container: {e}")),
        }
    }

    pub(crate) fn crictl_each(
        &mut self,
        verb: &str,
        ids: &[String],
        sandboxes: bool,
        timeout: u64,
    ) -> Outcome {
        let mut out = Outcome::default();
        for raw in ids {
            let Some(id) = self.resolve(raw, sandboxes) else {
                let what = if sandboxes { "sandbox" } else { "container" };
                let o = fatal(format!("{verb} {what} {raw:?}: rpc error: code = NotFound desc = an error occurred when try to find {what} {raw:?}: not found"));
                out.stderr.push_str(&o.stderr);
                out.exit = 1;
                return out;
            };
            let r = match (verb, sandboxes) {
                ("start", false) => self
                    .cri_start_container(Component::Crictl, &id)
                    .map(|_| format!("{raw}\n")),
                ("stop", false) => self
                    .cri_stop_container(Component::Crictl, &id, timeout)
                    .map(|_| format!("{raw}\n")),
                ("remove", false) => self
                    .cri_remove_container(Component::Crictl, &id)
                    .map(|_| format!("{raw}\n")),
                ("stop", true) => self
                    .cri_stop_pod_sandbox(Component::Crictl, &id)
                    .map(|_| format!("Stopped sandbox {raw}\n")),
                ("remove", true) => self
                    .cri_remove_pod_sandbox(Component::Crictl, &id)
                    .map(|_| format!("Removed sandbox {raw}\n")),
                _ => Ok(String::new()),
            };
            match r {
                Ok(s) => out.stdout.push_str(&s),
                Err(e) => {
                    let what = if sandboxes {
                        "pod sandbox"
                    } else {
                        "container"
                    };
                    let verbing = match verb {
                        "start" => "starting the",
                        "stop" => "stopping the",
                        _ => "removing the",
                    };
                    out.stderr
                        .push_str(&fatal(format!("{verbing} {what} {raw:?}: {e}")).stderr);
                    out.exit = 1;
                    return out;
                }
            }
        }
        out
    }

    pub(crate) fn crictl_images(&mut self) -> Outcome {
        let server = self.cri_server();
        self.emit(h(Component::Crictl, server, Iface::Cri, "ListImages"));
        let store = self.cri_store();
        let mut rows = vec![["IMAGE", "TAG", "IMAGE ID", "SIZE"]
            .map(String::from)
            .to_vec()];
        for ((s, name), img) in &self.images {
            if *s != store {
                continue;
            }
            let (repo, tag) = name.rsplit_once(':').unwrap_or((name, "latest"));
            rows.push(vec![
                repo.to_string(),
                tag.to_string(),
                trunc(&img.id, 13),
                human_size(img.size),
            ]);
        }
        Outcome::ok(tabwriter(&rows, 20, 3))
    }

    pub(super) fn cri_probe(&mut self, caller: Component, rpc: &str) -> Result<(), String> {
        if self.cri_server() == Component::ContainerdCri && !self.containerd_up {
            self.emit(
                h(caller, Component::ContainerdCri, Iface::Cri, rpc)
                    .note(msg!("cri-crictl-containerd-down")),
            );
            return Err("rpc error: code = Unavailable desc = connection error: desc = \"transport: Error while dialing: dial unix /run/containerd/containerd.sock: connect: connection refused\"".to_string());
        }
        Ok(())
    }

    /// `crictl logs ID`: crictl asks for the log path, then reads the file itself.
    pub(crate) fn crictl_exec(&mut self, raw: &str, cmd: &[String], tty: bool) -> Outcome {
        let server = self.cri_server();
        let found = self
            .ctrs
            .values()
            .find(|c| c.origin == Origin::Cri && !raw.is_empty() && c.id.starts_with(raw))
            .map(|c| {
                (
                    c.id.clone(),
                    c.pid,
                    c.task == Some(TaskStatus::Running)
                        || c.oci == Some(crate::lifecycle::oci::OciStatus::Running),
                )
            });
        let rpc = if tty { "Exec" } else { "ExecSync" };
        self.emit(
            h(Component::Crictl, server, Iface::Cri, rpc)
                .note(if tty {
                    msg!("cri-crictl-exec")
                } else {
                    msg!("cri-crictl-exec-sync")
                })
                .d("container_id", raw)
                .d("cmd", cmd.to_vec()),
        );
        let Some((id, pid, running)) = found else {
            return Outcome::err(1, format!("time=\"{}\" level=fatal msg=\"execing command in container: rpc error: code = NotFound desc = an error occurred when try to find container {raw:?}: not found\"", World::rfc3339(self.now_ms, false)));
        };
        if !running {
            return Outcome::err(1, format!("time=\"{}\" level=fatal msg=\"execing command in container: rpc error: code = Unknown desc = container is in CONTAINER_EXITED state\"", World::rfc3339(self.now_ms, false)));
        }
        let exec_pid = self.pid();
        if self.cfg.runtime.is_containerd_cri() {
            let exec_id = self.hex_id();
            self.shim_exec(&id, &exec_id, pid, exec_pid, cmd);
        } else if let Some(mut inv) = self.invocation(&id) {
            inv.caller = if self.cfg.runtime == Runtime::CriO {
                Component::CriO
            } else {
                inv.caller
            };
            if self.cfg.runtime == Runtime::CriO {
                self.emit(
                    h(Component::CriO, inv.bin, Iface::OciCli, "exec")
                        .note(msg!("crio-exec"))
                        .d(
                            "argv",
                            vec![inv.bin.id().to_string(), "exec".into(), id.clone()],
                        ),
                );
                self.exec_steps(inv.bin, pid, exec_pid, cmd);
            } else {
                return Outcome::said(1, msg!("cri-crictl-exec-docker"));
            }
        }
        let host = self
            .ctrs
            .get(&id)
            .and_then(|c| c.labels.get("io.kubernetes.pod.name").cloned())
            .unwrap_or_default();
        let now = self.now_ms;
        exec_output(cmd, &host, now).unwrap_or_else(|message| Outcome {
            exit: 1,
            stdout: format!("OCI runtime exec failed: exec failed: unable to start container process: {message}: unknown\n"),
            stderr: format!("time=\"{}\" level=fatal msg=\"execing command in container: command terminated with exit code 127\"\n", World::rfc3339(now, false)),
            remarks: Vec::new(),
            edit: None,
            follow: None,
        })
    }
}

impl World {
    /// `ContainerStatus.log_path`: the sandbox's log directory (the kubelet's
    /// `/var/log/pods/<ns>_<name>_<uid>`, crictl's example config's `/tmp`)
    /// joined with the container's log path.
    pub(crate) fn container_log_path(&self, c: &super::super::Ctr) -> String {
        let sb = c.sandbox_id.as_ref().and_then(|s| self.sandboxes.get(s));
        match sb {
            Some(s) if self.pods.values().any(|p| p.uid == s.uid) => format!(
                "/var/log/pods/{}_{}_{}/{}/{}.log",
                s.namespace, s.name, s.uid, c.name, c.attempt
            ),
            _ => format!("/tmp/{}.{}.log", c.name, c.attempt),
        }
    }

    /// `ContainerStatus.mounts`: the mounts of its `CreateContainer` request,
    /// with the fields of this Kubernetes version's CRI.
    pub(super) fn status_mounts(&self, c: &super::super::Ctr) -> serde_json::Value {
        let v = self.cfg.k8s.0;
        serde_json::Value::Array(
            c.mounts
                .iter()
                .map(|m| {
                    let mut j = serde_json::json!({
                        "containerPath": m.container_path,
                        "hostPath": m.host_path,
                        "propagation": "PROPAGATION_PRIVATE",
                        "readonly": m.readonly,
                        "selinuxRelabel": m.selinux_relabel,
                    });
                    if v >= 27 {
                        j["uidMappings"] = serde_json::json!([]);
                        j["gidMappings"] = serde_json::json!([]);
                    }
                    if v >= 30 {
                        j["recursiveReadOnly"] = serde_json::Value::from(false);
                    }
                    if v >= 31 {
                        j["image"] = serde_json::Value::Null;
                    }
                    if v >= 33 {
                        j["imageSubPath"] = serde_json::Value::from("");
                    }
                    j
                })
                .collect(),
        )
    }
}
