//! nerdctl's side: `nerdctl ps`, and `exec` through containerd's Tasks.Exec
//! (shared with `docker exec`, whose dockerd makes the same containerd calls).

use super::super::registry::Ref;
use super::super::{h, Origin, Outcome, World};
use super::{exec_output, ps_table, PsStyle};
use crate::lifecycle::task::TaskStatus;
use crate::msg;
use crate::trace::{Component, Iface};

/// nerdctl's `ps`: a task that runs is Up; the image by its full name; ports
/// without the IPv6 binding, shown even once stopped.
const PS: PsStyle = PsStyle {
    newest_first: false,
    running: |c| c.task == Some(TaskStatus::Running),
    image: |c| {
        Ref::parse(&c.image)
            .map(|r| {
                format!(
                    "{}:{}",
                    r.full().rsplit_once(':').map(|x| x.0).unwrap_or(""),
                    r.tag
                )
            })
            .unwrap_or_default()
    },
    ports: |c, _| {
        c.ports
            .iter()
            .map(|(h, p)| format!("0.0.0.0:{h}->{p}/tcp"))
            .collect::<Vec<_>>()
            .join(", ")
    },
    command_kept: 17,
    padding: 4,
};

impl World {
    /// `nerdctl ps`: containerd's container records in one namespace and
    /// their tasks, whoever made them (in `k8s.io`, the CRI plugin's).
    pub(crate) fn nerdctl_ps(
        &mut self,
        client: Component,
        ns: &str,
        all: bool,
        quiet: bool,
    ) -> Outcome {
        self.emit(
            h(
                client,
                Component::Containerd,
                Iface::ContainerdApi,
                "Containers.List",
            )
            .d("namespace", ns),
        );
        self.emit(
            h(
                client,
                Component::ContainerdTasks,
                Iface::ContainerdApi,
                "Tasks.List",
            )
            .d("namespace", ns),
        );
        let list: Vec<_> = self
            .ctrs
            .values()
            .filter(|c| c.ns == ns)
            .map(|c| {
                let mut c = c.clone();
                c.name = self.nerdctl_name(&c);
                c
            })
            .collect();
        ps_table(self.now_ms, &list, &PS, all, quiet)
    }

    /// The NAMES column: nerdctl's own name label, else a Kubernetes pod's
    /// container as `k8s://NAMESPACE/POD/CONTAINER` and its sandbox as
    /// `k8s://NAMESPACE/POD` (nerdctl's `getPrintableContainerName`), else
    /// nothing (a `ctr run` or dockerd container).
    fn nerdctl_name(&self, c: &super::super::Ctr) -> String {
        match c.origin {
            Origin::Nerdctl => c.name.clone(),
            Origin::Cri => match (
                c.labels.get("io.kubernetes.pod.namespace"),
                c.labels.get("io.kubernetes.pod.name"),
            ) {
                (Some(ns), Some(pod)) => format!("k8s://{ns}/{pod}/{}", c.name),
                _ => String::new(),
            },
            Origin::Sandbox => self
                .sandboxes
                .get(&c.id)
                .map(|s| format!("k8s://{}/{}", s.namespace, s.name))
                .unwrap_or_default(),
            Origin::Ctr | Origin::Docker | Origin::Podman => String::new(),
        }
    }

    /// `docker exec` / `nerdctl exec`: a new process in a running container,
    /// through containerd's Tasks.Exec, the shim and `runc exec`.
    pub(crate) fn client_exec(&mut self, client: Component, name: &str, cmd: &[String]) -> Outcome {
        let id = match client {
            Component::Docker => self.docker_find(name),
            _ => self
                .ctrs
                .values()
                .find(|c| {
                    c.origin == Origin::Nerdctl
                        && (c.name == name || (!name.is_empty() && c.id.starts_with(name)))
                })
                .map(|c| c.id.clone()),
        };
        let now = self.now_ms;
        let fatal = |msg: String| {
            if client == Component::Docker {
                Outcome::err(1, format!("Error response from daemon: {msg}"))
            } else {
                Outcome::err(
                    1,
                    format!(
                        "time=\"{}\" level=fatal msg=\"{}\"",
                        World::rfc3339(now, false),
                        msg.replace('"', "\\\"")
                    ),
                )
            }
        };
        if client == Component::Docker {
            self.emit(
                h(
                    Component::Docker,
                    Component::Dockerd,
                    Iface::DockerApi,
                    format!("POST /v1.47/containers/{name}/exec"),
                )
                .note(msg!("dockerd-exec-create"))
                .d("Cmd", cmd.to_vec()),
            );
        }
        let Some(id) = id else {
            return fatal(if client == Component::Docker {
                format!("No such container: {name}")
            } else {
                format!("no such container {name}")
            });
        };
        let Some((pid, running)) = self
            .ctrs
            .get(&id)
            .map(|c| (c.pid, c.task == Some(TaskStatus::Running)))
        else {
            return fatal(format!("No such container: {name}"));
        };
        if !running {
            return fatal(format!("container {id} is not running"));
        }
        let exec_id = self.hex_id();
        let exec_pid = self.pid();
        let (caller, iface) = if client == Component::Docker {
            self.emit(h(
                Component::Docker,
                Component::Dockerd,
                Iface::DockerApi,
                format!("POST /v1.47/exec/{}/start", World::short(&exec_id)),
            ));
            (Component::Dockerd, Iface::ContainerdApi)
        } else {
            (client, Iface::ContainerdApi)
        };
        self.emit(
            h(caller, Component::ContainerdTasks, iface, "Tasks.Exec")
                .note(msg!("ctrd-tasks-exec"))
                .d("container_id", id.clone())
                .d("exec_id", exec_id.clone()),
        );
        self.shim_exec(&id, &exec_id, pid, exec_pid, cmd);
        exec_output(cmd, World::short(&id), self.now_ms).unwrap_or_else(|message| Outcome {
            exit: if client == Component::Docker { 127 } else { 1 },
            stdout: String::new(),
            stderr: format!(
                "OCI runtime exec failed: exec failed: unable to start container process: {message}: unknown\n"
            ),
            remarks: Vec::new(),
            edit: None,
            follow: None,
        })
    }
}
