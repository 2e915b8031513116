//! `kubectl exec` and `kubectl logs`: the API server's proxy to the kubelet,
//! the CRI streaming server, and the shim's or runtime's exec steps.

use super::super::{h, Outcome, Pod, World};
use crate::lifecycle::cri::ContainerState;
use crate::msg;
use crate::trace::{Component, Iface, Layer};

impl World {
    /// `kubectl exec POD -- CMD`.
    pub(crate) fn kubectl_exec(
        &mut self,
        ns: &str,
        name: &str,
        cmd: &[String],
        tty: bool,
    ) -> Outcome {
        let key = (ns.to_string(), name.to_string());
        let q: String = cmd
            .iter()
            .map(|c| format!("command={}&", c.replace(' ', "+")))
            .collect();
        self.emit(
            h(Component::Kubectl, Component::KubeApiserver, Iface::K8sApi, format!("POST /api/v1/namespaces/{ns}/pods/{name}/exec?{q}container={name}&stdin={tty}&stdout=true&tty={tty}"))
                .note(msg!("kube-exec-upgrade")),
        );
        let Some(p) = self.pods.get(&key).cloned() else {
            return Outcome::err(
                1,
                format!("Error from server (NotFound): pods \"{name}\" not found"),
            );
        };
        let Some(cid) = p.container_id.clone().filter(|c| {
            self.ctrs.get(c).and_then(|x| x.cri.get()) == Some(ContainerState::Running)
        }) else {
            return Outcome::err(
                1,
                format!("error: unable to upgrade connection: container not found (\"{name}\")"),
            );
        };
        self.emit(
            h(
                Component::KubeApiserver,
                Component::Kubelet,
                Iface::K8sApi,
                format!("POST /exec/{ns}/{name}/{name}"),
            )
            .note(msg!("kube-exec-proxy")),
        );
        let server = self.cri_server();
        let token = self.hex_id();
        let token = token.get(..8).unwrap_or("").to_string();
        self.emit(
            h(Component::Kubelet, server, Iface::Cri, "Exec")
                .note(msg!("kube-exec-url"))
                .d("container_id", cid.clone())
                .d("cmd", cmd.to_vec())
                .d("tty", tty)
                .d("url", format!("http://127.0.0.1:35001/exec/{token}")),
        );
        self.emit(
            h(
                Component::Kubelet,
                server,
                Iface::Cri,
                format!("GET /exec/{token}"),
            )
            .note(msg!("kube-exec-stream")),
        );
        let pid = self.ctrs.get(&cid).map(|c| c.pid).unwrap_or(0);
        let exec_id = self.hex_id();
        let exec_id = exec_id.get(..16).unwrap_or("").to_string();
        let exec_pid = self.pid();
        match self.cfg.runtime {
            crate::config::Runtime::CriO
                if self.ctrs.get(&cid).map(|c| c.shim) == Some(Component::ShimKataV2) =>
            {
                self.emit(
                    h(Component::CriO, Component::ShimKataV2, Iface::Ttrpc, "Exec")
                        .note(msg!("kube-exec-crio-shim"))
                        .d("id", cid.clone())
                        .d("exec_id", exec_id.clone()),
                );
                self.emit(
                    h(
                        Component::CriO,
                        Component::ShimKataV2,
                        Iface::Ttrpc,
                        "Start",
                    )
                    .d("id", cid.clone())
                    .d("exec_id", exec_id.clone()),
                );
                self.kata_exec(&cid, &exec_id, cmd);
                self.emit(
                    h(Component::CriO, Component::ShimKataV2, Iface::Ttrpc, "Wait")
                        .d("id", cid.clone())
                        .d("exec_id", exec_id.clone()),
                );
            }
            crate::config::Runtime::CriO => {
                if let Some(mut inv) = self.invocation(&cid) {
                    inv.caller = Component::CriO;
                    self.emit(
                        h(Component::CriO, inv.bin, Iface::OciCli, "exec")
                            .note(msg!("kube-exec-crio-runtime"))
                            .d(
                                "argv",
                                vec![
                                    inv.bin.id().to_string(),
                                    "--root".into(),
                                    inv.root.clone(),
                                    "exec".into(),
                                    "--process".into(),
                                    "/tmp/exec-process-XXXX".into(),
                                    cid.clone(),
                                ],
                            ),
                    );
                    self.exec_steps(inv.bin, pid, exec_pid, cmd);
                }
            }
            crate::config::Runtime::Dockershim | crate::config::Runtime::CriDockerd => {
                self.emit(h(
                    server,
                    Component::Dockerd,
                    Iface::DockerApi,
                    format!("POST /v1.47/containers/{}/exec", World::short(&cid)),
                ));
                self.emit(
                    h(
                        Component::Dockerd,
                        Component::ContainerdTasks,
                        Iface::ContainerdApi,
                        "Tasks.Exec",
                    )
                    .d("exec_id", exec_id.clone()),
                );
                self.shim_exec(&cid, &exec_id, pid, exec_pid, cmd);
            }
            _ => {
                self.emit(
                    h(
                        Component::ContainerdCri,
                        Component::ContainerdTasks,
                        Iface::InProcess,
                        "Tasks.Exec",
                    )
                    .d("exec_id", exec_id.clone())
                    .d("container_id", cid.clone()),
                );
                self.shim_exec(&cid, &exec_id, pid, exec_pid, cmd);
            }
        }
        let (stdout, code) = exec_output(cmd, &p);
        Outcome {
            exit: code,
            stdout,
            stderr: if code == 126 || code == 127 {
                format!("OCI runtime exec failed: exec failed: unable to start container process: exec: \"{}\": executable file not found in $PATH: unknown\ncommand terminated with exit code {code}\n", cmd.first().cloned().unwrap_or_default())
            } else {
                String::new()
            },
            remarks: Vec::new(),
            edit: None,
            follow: None,
        }
    }

    pub(crate) fn shim_exec(
        &mut self,
        cid: &str,
        exec_id: &str,
        pid: u32,
        exec_pid: u32,
        cmd: &[String],
    ) {
        let Some(inv) = self.invocation(cid) else {
            return;
        };
        let shim = inv.caller;
        self.emit(
            h(Component::ContainerdTasks, shim, Iface::Ttrpc, "Exec")
                .d("id", cid)
                .d("exec_id", exec_id),
        );
        self.emit(
            h(Component::ContainerdTasks, shim, Iface::Ttrpc, "Start")
                .d("id", cid)
                .d("exec_id", exec_id),
        );
        if shim == Component::ShimKataV2 {
            self.kata_exec(cid, exec_id, cmd);
        } else if inv.bin == Component::Runsc {
            self.runsc_exec(&inv, exec_id, cmd);
        } else {
            self.shim_runs_exec(&inv, cid, exec_id, pid, exec_pid, cmd);
        }
        self.emit(
            h(
                shim,
                Component::ContainerdEvents,
                Iface::Ttrpc,
                "Events.Forward",
            )
            .d("topic", "/tasks/exec-started")
            .d("exec_id", exec_id),
        );
    }

    /// The shim runs the OCI runtime's `exec`.
    fn shim_runs_exec(
        &mut self,
        inv: &super::super::oci_runtime::Invocation,
        cid: &str,
        exec_id: &str,
        pid: u32,
        exec_pid: u32,
        cmd: &[String],
    ) {
        let shim = inv.caller;
        self.emit(
            h(shim, inv.bin, Iface::OciCli, "exec")
                .note(msg!("kube-exec-shim-runtime"))
                .d(
                    "argv",
                    vec![
                        inv.bin.id().to_string(),
                        "--root".into(),
                        inv.root.clone(),
                        "exec".into(),
                        "--process".into(),
                        format!("/tmp/runc-process{exec_id}"),
                        "--detach".into(),
                        "--pid-file".into(),
                        format!("{}/{exec_id}.pid", inv.bundle),
                        cid.to_string(),
                    ],
                ),
        );
        self.exec_steps(inv.bin, pid, exec_pid, cmd);
    }

    pub(crate) fn exec_steps(&mut self, bin: Component, pid: u32, exec_pid: u32, cmd: &[String]) {
        if bin == Component::Runsc {
            return self.runsc_exec_steps(cmd);
        }
        let init = if bin == Component::Runc {
            Component::RuncInit
        } else {
            bin
        };
        if bin == Component::Runc {
            self.emit(
                h(
                    Component::Runc,
                    Component::RuncInit,
                    Iface::Exec,
                    "runc init",
                )
                .note(msg!("kube-exec-runc-init")),
            );
        }
        self.emit(
            h(init, Component::Kernel, Iface::Syscall, "setns")
                .note(msg!("kube-exec-setns", pid = pid))
                .d(
                    "paths",
                    vec![
                        format!("/proc/{pid}/ns/ipc"),
                        format!("/proc/{pid}/ns/uts"),
                        format!("/proc/{pid}/ns/net"),
                        format!("/proc/{pid}/ns/pid"),
                        format!("/proc/{pid}/ns/mnt"),
                    ],
                ),
        );
        self.emit(
            h(init, Component::Kernel, Iface::Syscall, "execve")
                .note(msg!("kube-exec-execve"))
                .d("argv", cmd.to_vec())
                .fx(
                    format!("process/{exec_pid}"),
                    Layer::Kernel,
                    None,
                    "running",
                ),
        );
    }

    /// `kubectl logs POD`.
    /// With `-f` kubectl asks for a stream (`?follow=true`), which the API
    /// server passes on to the kubelet.
    pub(crate) fn kubectl_logs(
        &mut self,
        ns: &str,
        name: &str,
        previous: bool,
        follow: bool,
    ) -> Outcome {
        let key = (ns.to_string(), name.to_string());
        let query = if previous {
            "?previous=true"
        } else if follow {
            "?follow=true"
        } else {
            ""
        };
        self.emit(h(
            Component::Kubectl,
            Component::KubeApiserver,
            Iface::K8sApi,
            format!("GET /api/v1/namespaces/{ns}/pods/{name}/log{query}"),
        ));
        let Some(p) = self.pods.get(&key).cloned() else {
            return Outcome::err(
                1,
                format!("Error from server (NotFound): pods \"{name}\" not found"),
            );
        };
        self.emit(
            h(
                Component::KubeApiserver,
                Component::Kubelet,
                Iface::K8sApi,
                format!("GET /containerLogs/{ns}/{name}/{name}{query}"),
            )
            .note(msg!("kube-logs-proxy")),
        );
        let attempt = if previous {
            p.restarts.checked_sub(1)
        } else {
            Some(p.restarts)
        };
        let ctr = self
            .ctrs
            .values()
            .filter(|c| {
                c.labels.get("io.kubernetes.pod.name") == Some(&p.name)
                    && c.origin == crate::engine::Origin::Cri
            })
            .find(|c| Some(c.attempt) == attempt)
            .or_else(|| {
                if previous {
                    None
                } else {
                    p.container_id.as_ref().and_then(|c| self.ctrs.get(c))
                }
            })
            .cloned();
        let Some(c) = ctr else {
            let msg = if previous {
                format!("Error from server (BadRequest): previous terminated container \"{name}\" in pod \"{name}\" not found")
            } else {
                format!("Error from server (BadRequest): container \"{name}\" in pod \"{name}\" is waiting to start: ContainerCreating")
            };
            return Outcome::err(1, msg);
        };
        // kuberuntime's GetContainerLogs: the log path comes from the runtime.
        let server = self.cri_server();
        self.emit(
            h(Component::Kubelet, server, Iface::Cri, "ContainerStatus")
                .note(msg!("kube-logs-status"))
                .d("container_id", c.id.clone())
                .d("verbose", false),
        );
        self.emit(
            h(
                Component::Kubelet,
                Component::Kernel,
                Iface::Syscall,
                "openat",
            )
            .note(msg!("kube-logs-format"))
            .d(
                "path",
                format!(
                    "/var/log/pods/{ns}_{name}_{}/{name}/{}.log",
                    p.uid, c.attempt
                ),
            ),
        );
        let mut out = String::new();
        for (_, _, l) in &c.logs {
            out.push_str(l);
            out.push('\n');
        }
        Outcome::ok(out)
    }
}

pub(crate) fn exec_output(cmd: &[String], p: &Pod) -> (String, i32) {
    let prog = cmd
        .first()
        .map(|s| s.rsplit('/').next().unwrap_or(s))
        .unwrap_or("");
    match prog {
        "echo" => (format!("{}\n", cmd[1..].join(" ")), 0),
        "hostname" => (format!("{}\n", p.name), 0),
        "id" | "whoami" => ("uid=0(root) gid=0(root) groups=0(root)\n".to_string(), 0),
        "ls" => ("bin\ndev\netc\nhome\nproc\nroot\nsys\ntmp\nusr\nvar\n".to_string(), 0),
        "nginx" if cmd.get(1).map(String::as_str) == Some("-v") => (String::new(), 0),
        "ps" => ("PID   USER     TIME  COMMAND\n    1 root      0:00 nginx: master process nginx -g daemon off;\n".to_string(), 0),
        "cat" if cmd.get(1).map(String::as_str) == Some("/etc/hostname") => (format!("{}\n", p.name), 0),
        "sh" | "bash" | "true" | "env" | "cat" | "date" | "uname" => (String::new(), 0),
        "false" => (String::new(), 1),
        _ => (String::new(), 127),
    }
}
