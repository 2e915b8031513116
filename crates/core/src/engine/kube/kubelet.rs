//! The kubelet's pod worker (reference §1.6 and S1): `SyncPod` (sandbox, image,
//! container, restart back-off), the status it reports to the API server, and
//! killing a pod's containers and sandbox.

use super::super::cri::{ContainerReq, SandboxReq};
use super::super::{h, Pod, World};
use super::{kubectl_status, pull_policy, Key};
use crate::lifecycle::cri::{exit_reason, ContainerState, SandboxState};
use crate::lifecycle::kubelet::{backoff_message, ContainerView, PodPhase};
use crate::msg;
use crate::trace::{Component, Iface, Layer};

impl World {
    /// `kubeGenericRuntimeManager.SyncPod` for one pod.
    pub(crate) fn sync_pod(&mut self, key: &Key) {
        let Some(pod) = self.pods.get(key).cloned() else {
            return;
        };
        // A stopped kubelet syncs nothing; its start syncs every pod. Its
        // sync loop skips its work while its runtime is away.
        if !self.kubelet_running() || self.kubelet_skips_sync() {
            return;
        }
        let kubelet = Component::Kubelet;
        if pod.deleting.is_some() {
            self.kill_pod(key);
            return;
        }
        self.mount_pod_volumes(key);
        // Step 4: a sandbox if none is ready.
        let sandbox_ready = pod
            .sandbox_id
            .as_ref()
            .and_then(|s| self.sandboxes.get(s))
            .is_some_and(|s| s.state.get() == SandboxState::Ready);
        let mut sandbox_id = pod.sandbox_id.clone();
        if !sandbox_ready {
            let attempt = match &pod.sandbox_id {
                Some(old) => {
                    let a = self.sandboxes.get(old).map(|s| s.attempt + 1).unwrap_or(1);
                    self.emit(
                        h(kubelet, kubelet, Iface::InProcess, "computePodActions")
                            .note(msg!("kube-sandbox-not-ready")),
                    );
                    self.kill_pod_runtime(key, 0);
                    a
                }
                None => 0,
            };
            let req = SandboxReq {
                name: pod.name.clone(),
                namespace: pod.namespace.clone(),
                uid: pod.uid.clone(),
                attempt,
                // The pod's RuntimeClass gives the handler; without one the
                // runtime uses its default (on a Kata or gVisor node, that
                // runtime: containerd's default_runtime_name, CRI-O's
                // default_runtime).
                handler: pod
                    .runtime_class
                    .as_ref()
                    .and_then(|_| self.cfg.oci.runtime_class())
                    .map(|(_, handler)| handler.to_string())
                    .unwrap_or_default(),
            };
            let made = match self.sandbox_cgroup_error() {
                Some(_) => Err(self.sandbox_cgroup_refusal(key, &req)),
                None => self.cri_run_pod_sandbox(kubelet, &req),
            };
            match made {
                Ok(id) => {
                    let _ = self.cri_sandbox_status(kubelet, &id);
                    let ip = self
                        .sandboxes
                        .get(&id)
                        .map(|s| s.ip.clone())
                        .unwrap_or_default();
                    if let Some(p) = self.pods.get_mut(key) {
                        p.sandbox_id = Some(id.clone());
                        p.ip = ip;
                        p.container_id = None;
                    }
                    sandbox_id = Some(id);
                }
                Err(e) => {
                    self.pod_event(
                        key,
                        "Warning",
                        "FailedCreatePodSandBox",
                        format!("Failed to create pod sandbox: {e}"),
                    );
                    self.set_view(
                        key,
                        ContainerView::Waiting {
                            reason: "ContainerCreating".into(),
                        },
                    );
                    self.report_status(key);
                    return;
                }
            }
        }
        let Some(sandbox_id) = sandbox_id else { return };
        // Step 8: the container.
        let pod = match self.pods.get(key) {
            Some(p) => p.clone(),
            None => return,
        };
        let current = pod
            .container_id
            .as_ref()
            .and_then(|c| self.ctrs.get(c))
            .map(|c| (c.cri.get(), c.exit_code, c.oom, c.started_ms, c.finished_ms));
        let must_start = match current {
            None => true,
            Some((Some(ContainerState::Exited), code, _, _, _)) => pod.restart.restarts(code),
            Some((Some(ContainerState::Created), ..)) => false,
            _ => false,
        };
        if let Some((Some(ContainerState::Exited), code, oom, started, finished)) = current {
            let reason = exit_reason(code, oom).to_string();
            if !pod.restart.restarts(code) {
                self.set_view(
                    key,
                    ContainerView::Terminated {
                        reason,
                        exit_code: code,
                    },
                );
                self.report_status(key);
                return;
            }
            // kubelet's doBackOff: is the latest exit still held?
            let now = self.now_ms;
            let _ = started;
            if pod.backoff.in_backoff_since(now, finished) {
                let release = pod.backoff.release_ms(finished);
                let wait = release - now;
                self.emit(
                    h(kubelet, kubelet, Iface::InProcess, "doBackOff")
                        .note(msg!(
                            "kube-backoff",
                            message = backoff_message(
                                pod.backoff.delay_ms,
                                &self.pod_container_name(key),
                                &pod.name,
                                &pod.namespace,
                                &pod.uid
                            )
                        ))
                        .d("wait_ms", wait),
                );
                if !matches!(&pod.view, ContainerView::Waiting { reason } if reason == "CrashLoopBackOff")
                {
                    self.pod_event(
                        key,
                        "Warning",
                        "BackOff",
                        "Back-off restarting failed container".to_string(),
                    );
                }
                self.set_view(
                    key,
                    ContainerView::Waiting {
                        reason: "CrashLoopBackOff".into(),
                    },
                );
                self.report_status(key);
                if pod.backoff_until != release {
                    if let Some(p) = self.pods.get_mut(key) {
                        p.backoff_until = release;
                    }
                    self.at(wait, crate::engine::Timer::Sync { key: key.clone() });
                }
                return;
            }
            if let Some(p) = self.pods.get_mut(key) {
                p.backoff.next(finished);
            }
        }
        if !must_start {
            self.report_status(key);
            return;
        }
        self.start_pod_container(key, &sandbox_id);
    }

    /// `imagePullPolicy: Never` and the image not in the runtime's store
    /// (kuberuntime's EnsureImageExists): the events, ErrImageNeverPull,
    /// and the pod worker's retry after its back-off period (10 s).
    fn image_never_pull(&mut self, key: &Key, image: &str) {
        self.pod_event(
            key,
            "Warning",
            "ErrImageNeverPull",
            format!("Container image \"{image}\" is not present with pull policy of Never"),
        );
        self.pod_event(
            key,
            "Warning",
            "Failed",
            "Error: ErrImageNeverPull".to_string(),
        );
        self.set_view(
            key,
            ContainerView::Waiting {
                reason: "ErrImageNeverPull".into(),
            },
        );
        self.report_status(key);
        let now = self.now_ms;
        let retry = now + 10_000;
        let due = self.pods.get(key).is_some_and(|p| p.backoff_until <= now);
        if due {
            if let Some(p) = self.pods.get_mut(key) {
                p.backoff_until = retry;
            }
            self.at(10_000, crate::engine::Timer::Sync { key: key.clone() });
        }
    }

    pub(crate) fn start_pod_container(&mut self, key: &Key, sandbox_id: &str) {
        let Some(pod) = self.pods.get(key).cloned() else {
            return;
        };
        let kubelet = Component::Kubelet;
        // (1) the image.
        let policy = self
            .kobj
            .pod_owner
            .get(key)
            .and_then(|o| o.template.pull_policy.clone())
            .unwrap_or_else(|| pull_policy(&pod.image).to_string());
        let present = match self.cri_image_status(kubelet, &pod.image) {
            Ok(p) => p,
            Err(_) => return,
        };
        if policy == "Never" && present.is_none() {
            self.image_never_pull(key, &pod.image);
            return;
        }
        if policy == "Always" || present.is_none() {
            self.pod_event(
                key,
                "Normal",
                "Pulling",
                format!("Pulling image \"{}\"", pod.image),
            );
            match self.cri_pull_image(kubelet, &pod.image) {
                Ok(_) => self.pod_event(
                    key,
                    "Normal",
                    "Pulled",
                    format!("Successfully pulled image \"{}\"", pod.image),
                ),
                Err(e) => {
                    self.pod_event(
                        key,
                        "Warning",
                        "Failed",
                        format!("Failed to pull image \"{}\": {e}", pod.image),
                    );
                    self.set_view(
                        key,
                        ContainerView::Waiting {
                            reason: "ErrImagePull".into(),
                        },
                    );
                    self.report_status(key);
                    return;
                }
            }
        } else {
            self.pod_event(
                key,
                "Normal",
                "Pulled",
                format!(
                    "Container image \"{}\" already present on machine",
                    pod.image
                ),
            );
        }
        // (2) create, (3) start. restartCount = the previous container's + 1.
        let attempt = if pod.created_containers > 0 {
            pod.restarts + 1
        } else {
            0
        };
        if let Some(p) = self.pods.get_mut(key) {
            p.restarts = attempt;
            p.created_containers += 1;
        }
        // The container's name: the template's (a ReplicaSet's or a
        // manifest's), else the pod's (`kubectl run`).
        let cname = self.pod_container_name(key);
        let mounts = self.pod_container_mounts(key, &cname);
        let req = ContainerReq {
            name: cname.clone(),
            attempt,
            image: pod.image.clone(),
            command: pod.command.clone(),
            args: pod.args.clone(),
            memory_limit: pod.memory_limit,
            mounts,
        };
        let id = match self.cri_create_container(kubelet, sandbox_id, &req) {
            Ok(id) => id,
            Err(e) => {
                self.pod_event(key, "Warning", "Failed", format!("Error: {e}"));
                self.set_view(
                    key,
                    ContainerView::Waiting {
                        reason: "CreateContainerError".into(),
                    },
                );
                self.report_status(key);
                return;
            }
        };
        if let Some(p) = self.pods.get_mut(key) {
            p.container_id = Some(id.clone());
        }
        self.pod_event(
            key,
            "Normal",
            "Created",
            format!("Created container {cname}"),
        );
        match self.cri_start_container(kubelet, &id) {
            Ok(()) => {
                self.pod_event(
                    key,
                    "Normal",
                    "Started",
                    format!("Started container {cname}"),
                );
            }
            Err(e) => {
                self.pod_event(key, "Warning", "Failed", format!("Error: {e}"));
                if let Some(c) = self.ctrs.get_mut(&id) {
                    c.exit_code = 128;
                }
                self.set_container_cri(&id, ContainerState::Exited);
                self.set_view(
                    key,
                    ContainerView::Terminated {
                        reason: "StartError".into(),
                        exit_code: 128,
                    },
                );
            }
        }
    }

    pub(crate) fn set_view(&mut self, key: &Key, v: ContainerView) {
        if let Some(p) = self.pods.get_mut(key) {
            p.view = v;
        }
    }

    /// The status manager: PATCH the pod status when it changed.
    pub(crate) fn report_status(&mut self, key: &Key) {
        let Some(p) = self.pods.get(key) else { return };
        let (view, phase, ready) = self.pod_view(p);
        let label = kubectl_status(&view, p.deleting.is_some());
        if label == p.last_reported && phase == p.phase {
            return;
        }
        let from = p.phase;
        let (ns, name) = key.clone();
        let cid = p.container_id.clone().unwrap_or_default();
        let scheme = match self.cfg.runtime {
            crate::config::Runtime::CriO => "cri-o",
            crate::config::Runtime::Dockershim | crate::config::Runtime::CriDockerd => "docker",
            _ => "containerd",
        };
        self.emit(
            h(
                Component::Kubelet,
                Component::KubeApiserver,
                Iface::K8sApi,
                format!("PATCH /api/v1/namespaces/{ns}/pods/{name}/status"),
            )
            .note(msg!(
                "kube-status",
                phase = phase.as_str(),
                state = view.label()
            ))
            .d("phase", phase.as_str())
            .d("podIP", p.ip.clone())
            .d(
                "containerID",
                if cid.is_empty() {
                    String::new()
                } else {
                    format!("{scheme}://{cid}")
                },
            )
            .d("state", view.label())
            .fx(
                format!("pod/{ns}/{name}"),
                Layer::Kubelet,
                Some(from.as_str()),
                phase.as_str(),
            ),
        );
        if let Some(p) = self.pods.get_mut(key) {
            p.last_reported = label;
            p.phase = phase;
            p.view = view;
            p.ready = ready;
        }
    }

    /// The pod's container view, phase and readiness from the runtime's state.
    pub(crate) fn pod_view(&self, p: &Pod) -> (ContainerView, PodPhase, bool) {
        let c = p.container_id.as_ref().and_then(|c| self.ctrs.get(c));
        let view = match c.and_then(|c| c.cri.get().map(|s| (s, c))) {
            Some((ContainerState::Running, c)) => ContainerView::Running {
                started_ms: c.started_ms,
            },
            Some((ContainerState::Exited, c)) => {
                if matches!(&p.view, ContainerView::Waiting { reason } if reason == "CrashLoopBackOff")
                    && p.restart.restarts(c.exit_code)
                {
                    p.view.clone()
                } else if p.restart.restarts(c.exit_code) && p.backoff_until > self.now_ms {
                    ContainerView::Waiting {
                        reason: "CrashLoopBackOff".into(),
                    }
                } else {
                    ContainerView::Terminated {
                        reason: exit_reason(c.exit_code, c.oom).to_string(),
                        exit_code: c.exit_code,
                    }
                }
            }
            _ => match &p.view {
                ContainerView::Terminated { .. } => p.view.clone(),
                v @ ContainerView::Waiting { .. } => v.clone(),
                _ => ContainerView::Waiting {
                    reason: "ContainerCreating".into(),
                },
            },
        };
        let phase = match &view {
            ContainerView::Running { .. } => PodPhase::Running,
            ContainerView::Terminated { exit_code, .. } if !p.restart.restarts(*exit_code) => {
                if *exit_code == 0 {
                    PodPhase::Succeeded
                } else {
                    PodPhase::Failed
                }
            }
            ContainerView::Waiting { reason }
                if reason == "ContainerCreating"
                    || reason == "ErrImagePull"
                    || reason == "ErrImageNeverPull" =>
            {
                PodPhase::Pending
            }
            _ => {
                if p.phase == PodPhase::Pending && p.restarts == 0 && c.is_none() {
                    PodPhase::Pending
                } else {
                    PodPhase::Running
                }
            }
        };
        let ready = matches!(view, ContainerView::Running { .. });
        (view, phase, ready)
    }

    pub(crate) fn report_status_exit(&mut self, key: &Key) {
        if let Some(p) = self.pods.get(key) {
            if let Some(c) = p.container_id.as_ref().and_then(|c| self.ctrs.get(c)) {
                if c.cri.get() == Some(ContainerState::Exited) {
                    let v = ContainerView::Terminated {
                        reason: exit_reason(c.exit_code, c.oom).into(),
                        exit_code: c.exit_code,
                    };
                    self.set_view(key, v);
                    self.report_status(key);
                }
            }
        }
    }

    pub(crate) fn kill_pod_runtime(&mut self, key: &Key, grace: u64) {
        let Some(p) = self.pods.get(key).cloned() else {
            return;
        };
        if let Some(c) = &p.container_id {
            if self.ctrs.get(c).and_then(|c| c.cri.get()) == Some(ContainerState::Running) {
                let _ = self.cri_stop_container(
                    Component::Kubelet,
                    c,
                    grace.max(if grace > 0 { 2 } else { 0 }),
                );
            }
        }
        if let Some(s) = &p.sandbox_id {
            if self.sandboxes.contains_key(s) {
                let _ = self.cri_stop_pod_sandbox(Component::Kubelet, s);
            }
        }
    }

    /// `killPodWithSyncResult` for a pod being deleted, then the final DELETE.
    pub(crate) fn kill_pod(&mut self, key: &Key) {
        let grace = self.pods.get(key).map(|p| p.grace_s).unwrap_or(30);
        self.emit(
            h(
                Component::Kubelet,
                Component::Kubelet,
                Iface::InProcess,
                "killPodWithSyncResult",
            )
            .note(msg!("kube-kill-pod", grace = grace)),
        );
        self.kill_pod_runtime(key, grace);
        self.unmount_pod_volumes(key);
        let (ns, name) = key.clone();
        self.emit(
            h(
                Component::Kubelet,
                Component::KubeApiserver,
                Iface::K8sApi,
                format!("DELETE /api/v1/namespaces/{ns}/pods/{name}"),
            )
            .note(msg!("kube-delete-confirm"))
            .d("gracePeriodSeconds", 0),
        );
        self.emit(
            h(
                Component::KubeApiserver,
                Component::Etcd,
                Iface::Etcd,
                "KV/Txn",
            )
            .d("delete", format!("/registry/pods/{ns}/{name}"))
            .fx(format!("pod/{ns}/{name}"), Layer::Kubelet, None, "Deleted"),
        );
        if let Some(p) = self.pods.remove(key) {
            self.deleted_pods.push((p.sandbox_id, p.container_id));
        }
    }
}

impl World {
    /// `RunPodSandbox` refused by runc when containerd runs it with the
    /// systemd cgroup driver and the kubelet (cgroupDriver: cgroupfs) gives
    /// a cgroupfs path: containerd's and the kubelet's journal lines, and
    /// the error the kubelet's event carries.
    pub(crate) fn sandbox_cgroup_refusal(&mut self, key: &Key, req: &SandboxReq) -> String {
        let server = self.cri_server();
        let api = self.cfg.k8s.cri_api();
        let id = self.hex_id();
        let qos = match self.pods.get(key).and_then(|p| p.memory_limit) {
            Some(_) => "burstable",
            None => "besteffort",
        };
        let path = format!("/kubepods/{qos}/pod{}/{id}", req.uid);
        let oci = format!("failed to create containerd task: failed to create shim task: OCI runtime create failed: expected cgroupsPath to be of format \"slice:prefix:name\" for systemd cgroups, got \"{path}\" instead: unknown");
        self.emit(
            h(Component::Kubelet, server, Iface::Cri, "RunPodSandbox")
                .note(msg!("systemd-sandbox-cgroup"))
                .d(
                    "method",
                    format!("/runtime.{api}.RuntimeService/RunPodSandbox"),
                )
                .d("cgroup_parent", format!("/kubepods/{qos}/pod{}", req.uid)),
        );
        let err = format!("rpc error: code = Unknown desc = {oci}");
        let now = self.now_ms;
        let pid = self.node.units.main_pid("containerd.service");
        let line = format!(
            "time=\"{}\" level=error msg=\"RunPodSandbox for &PodSandboxMetadata{{Name:{},Uid:{},Namespace:{},Attempt:{},}} failed, error\" error=\"{}\"",
            World::rfc3339(now, true),
            req.name,
            req.uid,
            req.namespace,
            req.attempt,
            oci.replace('"', "\\\"")
        );
        self.node
            .units
            .log(now, "containerd.service", "containerd", pid, line);
        let e = err.replace('"', "\\\"");
        let pod = format!("{}/{}", req.namespace, req.name);
        self.kubelet_log(
            'E',
            "log.go:32",
            &format!("\"RunPodSandbox from runtime service failed\" err=\"{e}\""),
        );
        self.kubelet_log(
            'E',
            "kuberuntime_sandbox.go:72",
            &format!("\"Failed to create sandbox for pod\" err=\"{e}\" pod=\"{pod}\""),
        );
        self.kubelet_log(
            'E',
            "kuberuntime_manager.go:1172",
            &format!("\"CreatePodSandbox for pod failed\" err=\"{e}\" pod=\"{pod}\""),
        );
        err
    }
}
