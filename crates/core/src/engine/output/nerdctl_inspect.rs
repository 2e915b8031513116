//! nerdctl's views of a containerd namespace (containerd/nerdctl
//! `pkg/cmd/image/list.go`, `pkg/cmd/container/{logs,inspect}.go`):
//! `images` (the containerd image records with the platform, unpacked and
//! blob sizes in containerd's binary units), `logs` (`--tail`, `-t`) and
//! `inspect` (Docker-compatible JSON, or `--format`).

use super::super::format::{human_duration, tabwriter, trunc};
use super::super::registry::Ref;
use super::super::{h, Ctr, Outcome, World};
use super::go_template;
use crate::lifecycle::task::TaskStatus;
use crate::trace::{Component, Iface};
use serde_json::{json, Value};

/// containerd's `progress.Bytes` (`%.1f KiB`), in integers.
fn bytes1(b: u64) -> String {
    const UNITS: [&str; 5] = ["B", "KiB", "MiB", "GiB", "TiB"];
    let (mut div, mut i) = (1u64, 0);
    while b / div >= 1024 && i + 1 < UNITS.len() {
        div *= 1024;
        i += 1;
    }
    let tenths = (b * 10 + div / 2) / div;
    format!("{}.{} {}", tenths / 10, tenths % 10, UNITS[i])
}

fn indent4(v: &Value) -> String {
    let mut buf = Vec::new();
    let fmt = serde_json::ser::PrettyFormatter::with_indent(b"    ");
    let mut ser = serde_json::Serializer::with_formatter(&mut buf, fmt);
    if serde::Serialize::serialize(v, &mut ser).is_err() {
        return String::new();
    }
    String::from_utf8(buf).unwrap_or_default()
}

impl World {
    /// `nerdctl images` (containerd `Images.List` in the namespace).
    pub(crate) fn nerdctl_images(
        &mut self,
        ns: &'static str,
        quiet: bool,
        no_trunc: bool,
    ) -> Outcome {
        self.emit(
            h(
                Component::Nerdctl,
                Component::ContainerdImages,
                Iface::ContainerdApi,
                "Images.List",
            )
            .d("namespace", ns),
        );
        let now = self.now_ms;
        let mut rows = vec![[
            "REPOSITORY",
            "TAG",
            "IMAGE ID",
            "CREATED",
            "PLATFORM",
            "SIZE",
            "BLOB SIZE",
        ]
        .map(String::from)
        .to_vec()];
        let mut q = String::new();
        for ((s, name), img) in &self.images {
            if *s != ns {
                continue;
            }
            let (repo, tag) = match Ref::parse(name) {
                Some(r) => (r.familiar(), r.tag.clone()),
                None => (name.clone(), String::new()),
            };
            let id = if no_trunc {
                img.repo_digest.clone()
            } else {
                trunc(&img.repo_digest, 12)
            };
            q.push_str(&format!("{id}\n"));
            rows.push(vec![
                repo,
                tag,
                id,
                // containerd's record of the image dates from its pull,
                // which the model places at the node's start.
                format!("{} ago", human_duration(now)),
                "linux/amd64".into(),
                bytes1(img.size.saturating_mul(8) / 3),
                bytes1(img.size),
            ]);
        }
        if quiet {
            return Outcome::ok(q);
        }
        Outcome::ok(tabwriter(&rows, 4, 4))
    }

    pub(crate) fn nerdctl_find(&self, ns: &str, name: &str) -> Option<&Ctr> {
        self.ctrs
            .values()
            .find(|c| c.ns == ns && !name.is_empty() && (c.name == name || c.id.starts_with(name)))
    }

    /// `nerdctl logs [-n N] [-t] CONTAINER`.
    pub(crate) fn nerdctl_logs(
        &mut self,
        ns: &'static str,
        name: &str,
        tail: Option<&str>,
        timestamps: bool,
    ) -> Outcome {
        self.emit(
            h(
                Component::Nerdctl,
                Component::Containerd,
                Iface::ContainerdApi,
                "Containers.Get",
            )
            .d("id", name),
        );
        let now = self.now_ms;
        let Some(c) = self.nerdctl_find(ns, name) else {
            return Outcome::err(
                1,
                format!(
                    "time={} level=fatal msg=\"no such container: {name}\"",
                    crate::command::error::logrus_value(&World::rfc3339(now, false))
                ),
            );
        };
        let n = tail
            .and_then(|t| t.parse::<usize>().ok())
            .unwrap_or(usize::MAX);
        let skip = c.logs.len().saturating_sub(n);
        let mut out = Outcome::default();
        for (ms, stream, l) in c.logs.iter().skip(skip) {
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

    /// `nerdctl inspect NAME…` (`--mode dockercompat`, the default).
    pub(crate) fn nerdctl_inspect(
        &mut self,
        ns: &'static str,
        names: &[String],
        format: Option<&str>,
    ) -> Outcome {
        let now = self.now_ms;
        let mut docs = Vec::new();
        for n in names {
            self.emit(
                h(
                    Component::Nerdctl,
                    Component::Containerd,
                    Iface::ContainerdApi,
                    "Containers.Get",
                )
                .d("id", n.clone()),
            );
            let Some(c) = self.nerdctl_find(ns, n) else {
                return Outcome::err(
                    1,
                    format!(
                        "time={} level=fatal msg=\"no such object: {n}\"",
                        crate::command::error::logrus_value(&World::rfc3339(now, false))
                    ),
                );
            };
            let running = c.task == Some(TaskStatus::Running);
            let status = match c.task {
                Some(TaskStatus::Running) => "running",
                Some(TaskStatus::Created) => "created",
                Some(TaskStatus::Paused) => "paused",
                _ => "exited",
            };
            let t = World::go_time;
            docs.push(json!({
                "Id": c.id,
                "Created": World::rfc3339(c.created_ms, true),
                "Path": c.args.first().cloned().unwrap_or_default(),
                "Args": c.args.iter().skip(1).cloned().collect::<Vec<_>>(),
                "State": {
                    "Status": status, "Running": running, "Paused": status == "paused", "Restarting": false,
                    "Pid": if running { c.pid } else { 0 }, "ExitCode": c.exit_code, "Error": "",
                    "StartedAt": t(c.started_ms), "FinishedAt": t(c.finished_ms),
                },
                "Image": c.image,
                "Name": c.name,
                "RestartCount": 0,
                "Driver": "overlayfs",
                "Platform": "linux",
                "Config": {"Hostname": trunc(&c.id, 12), "Labels": super::crictl_list::labels_json(&c.labels)},
            }));
        }
        match format {
            Some(f) => {
                let mut out = Outcome::default();
                for d in &docs {
                    match go_template::execute(f, d) {
                        Ok(s) => {
                            out.stdout.push_str(&s);
                            out.stdout.push('\n');
                        }
                        Err(e) => {
                            return Outcome::err(
                                1,
                                format!(
                                    "time={} level=fatal msg={}",
                                    crate::command::error::logrus_value(&World::rfc3339(
                                        now, false
                                    )),
                                    crate::command::error::logrus_value(&e.to_string())
                                ),
                            )
                        }
                    }
                }
                out
            }
            None => Outcome::ok(format!("{}\n", indent4(&Value::Array(docs)))),
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn containerd_bytes() {
        assert_eq!(super::bytes1(72_190_000), "68.8 MiB");
        assert_eq!(super::bytes1(321_000), "313.5 KiB");
        assert_eq!(super::bytes1(500), "500.0 B");
    }
}
