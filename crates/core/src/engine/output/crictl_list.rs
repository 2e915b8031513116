//! crictl's listings and status views of containers and pods (cri-tools
//! `container.go`, `sandbox.go`, `logs.go`): `ps` and `pods` with their
//! filters (`--state`, `--pod`, `--name`, `--namespace`, `--image`, `-a`,
//! `-q`) and formats (`table`, `json`, `yaml`), `inspect`/`inspectp` with
//! `-o json|yaml|go-template|table`, and `logs` (`--previous`, `--tail`,
//! `--timestamps`) read from the file the runtime reports.

use super::super::format::{human_duration, tabwriter, trunc};
use super::super::{h, Ctr, Origin, Outcome, Sandbox, World};
use super::crictl_status::{crictl_fatal, render_doc};
use crate::command::crictl::ListFilter;
use crate::lifecycle::cri::ContainerState;
use crate::lifecycle::task::TaskStatus;
use crate::trace::{Component, Iface};
use serde_json::{json, Value};

/// crictl's `--name`/`--namespace` are regular expressions; the model
/// matches the forms people type: a literal part, `^…`, `…$`.
fn matches_re(re: &str, s: &str) -> bool {
    let (anchored_start, rest) = match re.strip_prefix('^') {
        Some(r) => (true, r),
        None => (false, re),
    };
    let (anchored_end, lit) = match rest.strip_suffix('$') {
        Some(r) => (true, r),
        None => (false, rest),
    };
    let lit = lit.replace(".*", "");
    match (anchored_start, anchored_end) {
        (true, true) => s == lit,
        (true, false) => s.starts_with(&lit),
        (false, true) => s.ends_with(&lit),
        (false, false) => s.contains(&lit),
    }
}

/// A label map as JSON.
pub(super) fn labels_json(m: &litemap::LiteMap<String, String>) -> Value {
    Value::Object(
        m.iter()
            .map(|(k, v)| (k.clone(), Value::String(v.clone())))
            .collect(),
    )
}

fn ns_ts(ms: u64) -> String {
    ((1_767_603_600_000 + ms) * 1_000_000).to_string()
}

impl World {
    fn pod_of(&self, c: &Ctr) -> Option<&Sandbox> {
        c.sandbox_id.as_ref().and_then(|s| self.sandboxes.get(s))
    }

    /// `crictl ps` (CRI `ListContainers`).
    pub(crate) fn crictl_ps(&mut self, f: &ListFilter) -> Outcome {
        let server = self.cri_server();
        if let Err(e) = self.cri_probe(Component::Crictl, "ListContainers") {
            return crictl_fatal(self.now_ms, &format!("listing containers: {e}"));
        }
        let state = match f.state.as_deref().map(str::to_ascii_lowercase).as_deref() {
            None => None,
            Some("created") => Some(ContainerState::Created),
            Some("running") => Some(ContainerState::Running),
            Some("exited") => Some(ContainerState::Exited),
            Some("unknown") => Some(ContainerState::Unknown),
            Some(_) => {
                return crictl_fatal(
                    self.now_ms,
                    &format!(
                        "listing containers: state should be one of created, running, exited and unknown, got {:?}",
                        f.state.clone().unwrap_or_default()
                    ),
                )
            }
        };
        let filter = match (state, f.all) {
            (Some(s), _) => format!("state={}", s.as_str()),
            (None, true) => "all states".to_string(),
            (None, false) => "state=CONTAINER_RUNNING".to_string(),
        };
        let pod_id = f
            .pod
            .as_deref()
            .map(|p| self.resolve(p, true).unwrap_or_else(|| p.to_string()));
        self.emit(
            h(Component::Crictl, server, Iface::Cri, "ListContainers")
                .d("filter", filter)
                .d_opt("pod_sandbox_id", pod_id.clone()),
        );
        let now = self.now_ms;
        let mut list: Vec<&Ctr> = self
            .ctrs
            .values()
            .filter(|c| c.origin == Origin::Cri && c.cri.get().is_some())
            .collect();
        crate::order::sort_by_key(&mut list, |c| {
            std::cmp::Reverse((c.created_ms, c.id.clone()))
        });
        let want_state = state.or(if f.all {
            None
        } else {
            Some(ContainerState::Running)
        });
        let list: Vec<&Ctr> = list
            .into_iter()
            .filter(|c| want_state.is_none_or(|s| c.cri.get() == Some(s)))
            .filter(|c| f.id.as_deref().is_none_or(|i| c.id.starts_with(i)))
            .filter(|c| f.name.as_deref().is_none_or(|n| matches_re(n, &c.name)))
            .filter(|c| {
                pod_id
                    .as_deref()
                    .is_none_or(|p| c.sandbox_id.as_deref() == Some(p))
            })
            .filter(|c| {
                f.namespace
                    .as_deref()
                    .is_none_or(|n| self.pod_of(c).is_some_and(|s| matches_re(n, &s.namespace)))
            })
            .filter(|c| {
                f.image
                    .as_deref()
                    .is_none_or(|i| c.image.contains(i) || c.image_ref.contains(i))
            })
            .collect();
        let keep = if f.latest {
            1
        } else {
            f.last
                .map_or(usize::MAX, |n| usize::try_from(n).unwrap_or(0))
        };
        let list: Vec<&Ctr> = list.into_iter().take(keep).collect();
        if f.quiet {
            let ids: String = list
                .iter()
                .map(|c| {
                    let id = if f.no_trunc {
                        c.id.clone()
                    } else {
                        trunc(&c.id, 13)
                    };
                    format!("{id}\n")
                })
                .collect();
            return Outcome::ok(ids);
        }
        match f.output.as_deref().unwrap_or("table") {
            "table" => {}
            o @ ("json" | "yaml") => {
                let docs: Vec<Value> = list
                    .iter()
                    .map(|c| {
                        json!({
                            "id": c.id,
                            "podSandboxId": c.sandbox_id.clone().unwrap_or_default(),
                            "metadata": {"name": c.name, "attempt": c.attempt},
                            "image": {"image": c.image, "annotations": {}, "userSpecifiedImage": "", "runtimeHandler": ""},
                            "imageRef": c.image_ref,
                            "state": c.cri.get().map_or("CONTAINER_UNKNOWN", |s| s.as_str()),
                            "createdAt": ns_ts(c.created_ms),
                            "labels": labels_json(&c.labels),
                            "annotations": {},
                        })
                    })
                    .collect();
                return render_doc(now, &json!({ "containers": docs }), Some(o), None);
            }
            other => {
                return crictl_fatal(now, &format!("unsupported output format {other:?}"));
            }
        }
        let k8s = self.cfg.k8s.0;
        let mut head: Vec<String> = [
            "CONTAINER",
            "IMAGE",
            "CREATED",
            "STATE",
            "NAME",
            "ATTEMPT",
            "POD ID",
            "POD",
        ]
        .map(String::from)
        .to_vec();
        if k8s >= 32 {
            head.push("NAMESPACE".into());
        }
        if k8s < 24 {
            head.truncate(7);
        }
        let mut rows = vec![head];
        for c in list {
            let sb = self.pod_of(c);
            let st = c.cri.get().unwrap_or(ContainerState::Unknown);
            let t = |s: &str| {
                if f.no_trunc {
                    s.to_string()
                } else {
                    trunc(s, 13)
                }
            };
            let mut r = vec![
                t(&c.id),
                t(&c.image_ref),
                format!("{} ago", human_duration(now.saturating_sub(c.created_ms))),
                st.crictl().to_string(),
                c.name.clone(),
                c.attempt.to_string(),
                sb.map(|s| t(&s.id)).unwrap_or_default(),
                sb.map(|s| s.name.clone()).unwrap_or_default(),
            ];
            if k8s >= 32 {
                r.push(sb.map(|s| s.namespace.clone()).unwrap_or_default());
            }
            if k8s < 24 {
                r.truncate(7);
            }
            rows.push(r);
        }
        Outcome::ok(tabwriter(&rows, 20, 3))
    }

    /// `crictl pods` (CRI `ListPodSandbox`).
    pub(crate) fn crictl_pods(&mut self, f: &ListFilter) -> Outcome {
        let server = self.cri_server();
        if let Err(e) = self.cri_probe(Component::Crictl, "ListPodSandbox") {
            return crictl_fatal(self.now_ms, &format!("listing pod sandboxes: {e}"));
        }
        self.emit(h(Component::Crictl, server, Iface::Cri, "ListPodSandbox"));
        let now = self.now_ms;
        let mut list: Vec<&Sandbox> = self.sandboxes.values().collect();
        crate::order::sort_by_key(&mut list, |s| {
            std::cmp::Reverse((s.created_ms, s.id.clone()))
        });
        let state = f.state.as_deref().map(str::to_ascii_lowercase);
        let list: Vec<&Sandbox> = list
            .into_iter()
            .filter(|s| f.name.as_deref().is_none_or(|n| matches_re(n, &s.name)))
            .filter(|s| {
                f.namespace
                    .as_deref()
                    .is_none_or(|n| matches_re(n, &s.namespace))
            })
            .filter(|s| f.id.as_deref().is_none_or(|i| s.id.starts_with(i)))
            .filter(|s| {
                state
                    .as_deref()
                    .is_none_or(|st| s.state.get().crictl().eq_ignore_ascii_case(st))
            })
            .collect();
        let keep = if f.latest {
            1
        } else {
            f.last
                .map_or(usize::MAX, |n| usize::try_from(n).unwrap_or(0))
        };
        let list: Vec<&Sandbox> = list.into_iter().take(keep).collect();
        if f.quiet {
            return Outcome::ok(
                list.iter()
                    .map(|s| format!("{}\n", s.id))
                    .collect::<String>(),
            );
        }
        match f.output.as_deref().unwrap_or("table") {
            "table" => {}
            o @ ("json" | "yaml") => {
                let docs: Vec<Value> = list
                    .iter()
                    .map(|s| {
                        json!({
                            "id": s.id,
                            "metadata": {"name": s.name, "uid": s.uid, "namespace": s.namespace, "attempt": s.attempt},
                            "state": s.state.get().as_str(),
                            "createdAt": ns_ts(s.created_ms),
                            "labels": {},
                            "annotations": {},
                            "runtimeHandler": s.handler,
                        })
                    })
                    .collect();
                return render_doc(now, &json!({ "items": docs }), Some(o), None);
            }
            other => return crictl_fatal(now, &format!("unsupported output format {other:?}")),
        }
        let mut rows = vec![[
            "POD ID",
            "CREATED",
            "STATE",
            "NAME",
            "NAMESPACE",
            "ATTEMPT",
            "RUNTIME",
        ]
        .map(String::from)
        .to_vec()];
        for s in list {
            rows.push(vec![
                if f.no_trunc {
                    s.id.clone()
                } else {
                    trunc(&s.id, 13)
                },
                format!("{} ago", human_duration(now.saturating_sub(s.created_ms))),
                s.state.get().crictl().to_string(),
                s.name.clone(),
                s.namespace.clone(),
                s.attempt.to_string(),
                if s.handler.is_empty() {
                    "(default)".to_string()
                } else {
                    s.handler.clone()
                },
            ]);
        }
        Outcome::ok(tabwriter(&rows, 20, 3))
    }

    /// `crictl logs [-p] [--tail N] [-t] ID`: crictl asks for the log path,
    /// then reads the file itself (the previous attempt's with `-p`).
    pub(crate) fn crictl_logs(
        &mut self,
        raw: &str,
        previous: bool,
        tail: Option<i64>,
        timestamps: bool,
    ) -> Outcome {
        let server = self.cri_server();
        self.emit(
            h(Component::Crictl, server, Iface::Cri, "ContainerStatus")
                .note(crate::msg!("cri-crictl-logs"))
                .d("container_id", raw),
        );
        let Some(c) = self
            .ctrs
            .values()
            .find(|c| c.origin == Origin::Cri && c.id.starts_with(raw) && !raw.is_empty())
        else {
            return crictl_fatal(self.now_ms, &format!("rpc error: code = NotFound desc = an error occurred when try to find container {raw:?}: not found"));
        };
        let mut source = c;
        if previous {
            if c.attempt == 0 {
                return crictl_fatal(
                    self.now_ms,
                    &format!("Previous terminated container {} not found", c.name),
                );
            }
            let prev = self.ctrs.values().find(|p| {
                p.origin == Origin::Cri
                    && p.sandbox_id == c.sandbox_id
                    && p.name == c.name
                    && p.attempt + 1 == c.attempt
            });
            match prev {
                Some(p) => source = p,
                None => {
                    let path = self.container_log_path(c);
                    let dir = path.rsplit_once('/').map_or("", |(d, _)| d);
                    let prev_path = format!("{dir}/{}.log", c.attempt - 1);
                    return crictl_fatal(self.now_ms, &format!("failed to try resolving symlinks in path {prev_path:?}: lstat {prev_path}: no such file or directory"));
                }
            }
        }
        let lines = &source.logs;
        let skip = match tail {
            Some(n) if n >= 0 => lines.len().saturating_sub(usize::try_from(n).unwrap_or(0)),
            _ => 0,
        };
        let mut out = Outcome::default();
        for (ms, stream, l) in lines.iter().skip(skip) {
            let s = if *stream == "stderr" {
                &mut out.stderr
            } else {
                &mut out.stdout
            };
            if timestamps {
                s.push_str(&World::rfc3339(*ms, true));
                s.push(' ');
            }
            s.push_str(l);
            s.push('\n');
        }
        out
    }

    /// The verbose status document of a container (`inspect`).
    fn container_doc(&self, c: &Ctr) -> Value {
        let reason = if c.oom {
            "OOMKilled"
        } else if c.finished_ms > 0 {
            if c.exit_code == 0 {
                "Completed"
            } else {
                "Error"
            }
        } else {
            ""
        };
        let t = |ms: u64| {
            if ms > 0 {
                World::rfc3339(ms, true)
            } else {
                "1970-01-01T00:00:00Z".to_string()
            }
        };
        json!({"status": {
            "id": c.id,
            "metadata": {"attempt": c.attempt, "name": c.name},
            "state": c.cri.get().map(|s| s.as_str()).unwrap_or("CONTAINER_UNKNOWN"),
            "createdAt": World::rfc3339(c.created_ms, true),
            "startedAt": t(c.started_ms),
            "finishedAt": t(c.finished_ms),
            "exitCode": c.exit_code,
            "image": {"image": c.image},
            "imageRef": c.image_ref,
            "reason": reason,
            "message": "",
            "labels": labels_json(&c.labels),
            "logPath": self.container_log_path(c),
            "mounts": self.status_mounts(c),
        }, "info": {"sandboxID": c.sandbox_id, "pid": if c.task == Some(TaskStatus::Running) { c.pid } else { 0 }, "runtimeType": "io.containerd.runc.v2"}})
    }

    fn sandbox_doc(s: &Sandbox) -> Value {
        json!({"status": {
            "id": s.id,
            "metadata": {"attempt": s.attempt, "name": s.name, "namespace": s.namespace, "uid": s.uid},
            "state": s.state.get().as_str(),
            "createdAt": World::rfc3339(s.created_ms, true),
            "network": {"additionalIps": [], "ip": s.ip},
            "linux": {"namespaces": {"options": {"ipc": "POD", "network": "POD", "pid": "CONTAINER", "targetId": "", "userNsOptions": null}}},
            "runtimeHandler": s.handler,
        }, "info": {"pid": s.pause_pid.unwrap_or(0), "netNamespacePath": s.netns}})
    }

    /// `crictl inspect ID…` / `crictl inspectp ID…` (verbose status) in
    /// `-o json` (default), `yaml`, `go-template --template T` or `table`.
    pub(crate) fn crictl_inspect(
        &mut self,
        ids: &[String],
        sandboxes: bool,
        output: Option<&str>,
        template: Option<&str>,
    ) -> Outcome {
        let server = self.cri_server();
        let rpc = if sandboxes {
            "PodSandboxStatus"
        } else {
            "ContainerStatus"
        };
        let mut out = Outcome::default();
        let mut table = vec![if sandboxes {
            ["POD ID", "CREATED", "STATE", "NAME", "NAMESPACE", "ATTEMPT"]
                .map(String::from)
                .to_vec()
        } else {
            ["CONTAINER", "IMAGE", "CREATED", "STATE", "NAME", "ATTEMPT"]
                .map(String::from)
                .to_vec()
        }];
        for raw in ids {
            self.emit(
                h(Component::Crictl, server, Iface::Cri, rpc)
                    .d("id", raw.clone())
                    .d("verbose", true),
            );
            let now = self.now_ms;
            let found = if sandboxes {
                self.sandboxes
                    .values()
                    .find(|s| !raw.is_empty() && s.id.starts_with(raw.as_str()))
                    .map(|s| {
                        let row = vec![
                            trunc(&s.id, 13),
                            format!("{} ago", human_duration(now.saturating_sub(s.created_ms))),
                            s.state.get().crictl().to_string(),
                            s.name.clone(),
                            s.namespace.clone(),
                            s.attempt.to_string(),
                        ];
                        (World::sandbox_doc(s), row)
                    })
            } else {
                self.ctrs
                    .values()
                    .find(|c| {
                        c.origin == Origin::Cri && !raw.is_empty() && c.id.starts_with(raw.as_str())
                    })
                    .map(|c| {
                        let row = vec![
                            trunc(&c.id, 13),
                            c.image.clone(),
                            format!("{} ago", human_duration(now.saturating_sub(c.created_ms))),
                            c.cri
                                .get()
                                .unwrap_or(ContainerState::Unknown)
                                .crictl()
                                .to_string(),
                            c.name.clone(),
                            c.attempt.to_string(),
                        ];
                        (self.container_doc(c), row)
                    })
            };
            let Some((doc, row)) = found else {
                let what = if sandboxes { "sandbox" } else { "container" };
                let verb = if sandboxes {
                    format!("getting the pod sandbox status for {raw:?}")
                } else {
                    format!("getting the status of the container {raw:?}")
                };
                out.stderr.push_str(&crictl_fatal(now, &format!("{verb}: rpc error: code = NotFound desc = an error occurred when try to find {what} {raw:?}: not found")).stderr);
                out.exit = 1;
                return out;
            };
            if output == Some("table") {
                table.push(row);
                continue;
            }
            let o = render_doc(now, &doc, output, template);
            out.stdout.push_str(&o.stdout);
            if o.exit != 0 {
                out.stderr.push_str(&o.stderr);
                out.exit = o.exit;
                return out;
            }
        }
        if output == Some("table") {
            out.stdout = tabwriter(&table, 20, 3);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::matches_re;

    #[test]
    fn name_patterns() {
        assert!(matches_re("web", "web-0"));
        assert!(matches_re("^app$", "app"));
        assert!(!matches_re("^app$", "app2"));
        assert!(matches_re("^kube-", "kube-proxy"));
        assert!(matches_re("proxy$", "kube-proxy"));
    }
}
