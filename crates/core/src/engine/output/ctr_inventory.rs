//! What ctr lists of containerd itself (containerd `cmd/ctr/commands`:
//! `namespaces`, `plugins`, `snapshots`, `content`, `version`, `images rm`):
//! the namespaces in use, the plugins the daemon loaded (the CRI plugin
//! absent when `config.toml` disables it: `disabled_plugins` leave the
//! plugin graph), a namespace's snapshots and content blobs, and the
//! version blocks, the server's only when the socket answers.

use super::super::format::{human_duration, tabwriter};
use super::super::{h, Outcome, World};
use crate::config::Runtime;
use crate::trace::{Component, Iface};
use serde_json::{json, Value};

/// ctr's `tabwriter.NewWriter(os.Stdout, 1, 8, 1, ' ', 0)` with every
/// cell tab-terminated (`"%v\t%v\t\n"`): the last column padded too.
fn ctr_table(rows: Vec<Vec<String>>) -> String {
    let rows: Vec<Vec<String>> = rows
        .into_iter()
        .map(|mut r| {
            r.push(String::new());
            r
        })
        .collect();
    tabwriter(&rows, 1, 1)
}

/// The plugins containerd registers, in load order: (type, id, platform-bound).
const PLUGINS_17: &[(&str, &str, bool)] = &[
    ("io.containerd.event.v1", "exchange", false),
    ("io.containerd.internal.v1", "opt", false),
    ("io.containerd.warning.v1", "deprecations", false),
    ("io.containerd.snapshotter.v1", "blockfile", true),
    ("io.containerd.snapshotter.v1", "btrfs", true),
    ("io.containerd.snapshotter.v1", "devmapper", true),
    ("io.containerd.snapshotter.v1", "native", true),
    ("io.containerd.snapshotter.v1", "overlayfs", true),
    ("io.containerd.snapshotter.v1", "aufs", true),
    ("io.containerd.snapshotter.v1", "zfs", true),
    ("io.containerd.content.v1", "content", false),
    ("io.containerd.metadata.v1", "bolt", false),
    ("io.containerd.differ.v1", "walking", true),
    ("io.containerd.lease.v1", "manager", false),
    ("io.containerd.gc.v1", "scheduler", false),
    ("io.containerd.service.v1", "introspection-service", false),
    ("io.containerd.service.v1", "containers-service", false),
    ("io.containerd.service.v1", "content-service", false),
    ("io.containerd.service.v1", "diff-service", false),
    ("io.containerd.service.v1", "images-service", false),
    ("io.containerd.service.v1", "namespaces-service", false),
    ("io.containerd.service.v1", "snapshots-service", false),
    ("io.containerd.runtime.v1", "linux", true),
    ("io.containerd.runtime.v2", "task", true),
    ("io.containerd.monitor.v1", "cgroups", true),
    ("io.containerd.service.v1", "tasks-service", false),
    ("io.containerd.grpc.v1", "introspection", false),
    ("io.containerd.transfer.v1", "local", false),
    ("io.containerd.internal.v1", "restart", false),
    ("io.containerd.grpc.v1", "containers", false),
    ("io.containerd.grpc.v1", "content", false),
    ("io.containerd.grpc.v1", "diff", false),
    ("io.containerd.grpc.v1", "events", false),
    ("io.containerd.grpc.v1", "healthcheck", false),
    ("io.containerd.grpc.v1", "images", false),
    ("io.containerd.grpc.v1", "leases", false),
    ("io.containerd.grpc.v1", "namespaces", false),
    ("io.containerd.grpc.v1", "sandbox-controllers", false),
    ("io.containerd.grpc.v1", "sandboxes", false),
    ("io.containerd.grpc.v1", "snapshots", false),
    ("io.containerd.grpc.v1", "streaming", false),
    ("io.containerd.grpc.v1", "tasks", false),
    ("io.containerd.grpc.v1", "transfer", false),
    ("io.containerd.grpc.v1", "version", false),
    ("io.containerd.grpc.v1", "cri", true),
    ("io.containerd.tracing.processor.v1", "otlp", false),
    ("io.containerd.internal.v1", "tracing", false),
    ("io.containerd.nri.v1", "nri", false),
];

const PLUGINS_2: &[(&str, &str, bool)] = &[
    ("io.containerd.content.v1", "content", false),
    ("io.containerd.image-verifier.v1", "bindir", false),
    ("io.containerd.internal.v1", "opt", false),
    ("io.containerd.warning.v1", "deprecations", false),
    ("io.containerd.snapshotter.v1", "blockfile", true),
    ("io.containerd.snapshotter.v1", "btrfs", true),
    ("io.containerd.snapshotter.v1", "devmapper", true),
    ("io.containerd.snapshotter.v1", "erofs", true),
    ("io.containerd.snapshotter.v1", "native", true),
    ("io.containerd.snapshotter.v1", "overlayfs", true),
    ("io.containerd.snapshotter.v1", "zfs", true),
    ("io.containerd.event.v1", "exchange", false),
    ("io.containerd.monitor.task.v1", "cgroups", true),
    ("io.containerd.metadata.v1", "bolt", false),
    ("io.containerd.gc.v1", "scheduler", false),
    ("io.containerd.differ.v1", "erofs", true),
    ("io.containerd.differ.v1", "walking", true),
    ("io.containerd.lease.v1", "manager", false),
    ("io.containerd.service.v1", "containers-service", false),
    ("io.containerd.service.v1", "content-service", false),
    ("io.containerd.service.v1", "diff-service", false),
    ("io.containerd.service.v1", "images-service", false),
    ("io.containerd.service.v1", "introspection-service", false),
    ("io.containerd.service.v1", "namespaces-service", false),
    ("io.containerd.service.v1", "snapshots-service", false),
    ("io.containerd.shim.v1", "manager", false),
    ("io.containerd.runtime.v2", "shim", false),
    ("io.containerd.sandbox.store.v1", "local", false),
    ("io.containerd.cri.v1", "images", false),
    ("io.containerd.cri.v1", "runtime", true),
    (
        "io.containerd.podsandbox.controller.v1",
        "podsandbox",
        false,
    ),
    ("io.containerd.sandbox.controller.v1", "shim", false),
    ("io.containerd.service.v1", "tasks-service", false),
    ("io.containerd.grpc.v1", "containers", false),
    ("io.containerd.grpc.v1", "content", false),
    ("io.containerd.grpc.v1", "diff", false),
    ("io.containerd.grpc.v1", "events", false),
    ("io.containerd.grpc.v1", "images", false),
    ("io.containerd.grpc.v1", "introspection", false),
    ("io.containerd.grpc.v1", "leases", false),
    ("io.containerd.grpc.v1", "namespaces", false),
    ("io.containerd.grpc.v1", "sandbox-controllers", false),
    ("io.containerd.grpc.v1", "sandboxes", false),
    ("io.containerd.grpc.v1", "snapshots", false),
    ("io.containerd.streaming.v1", "manager", false),
    ("io.containerd.grpc.v1", "streaming", false),
    ("io.containerd.grpc.v1", "tasks", false),
    ("io.containerd.transfer.v1", "local", false),
    ("io.containerd.grpc.v1", "transfer", false),
    ("io.containerd.grpc.v1", "version", false),
    ("io.containerd.monitor.container.v1", "restart", false),
    ("io.containerd.tracing.processor.v1", "otlp", false),
    ("io.containerd.internal.v1", "tracing", false),
    ("io.containerd.ttrpc.v1", "otelttrpc", false),
    ("io.containerd.grpc.v1", "healthcheck", false),
    ("io.containerd.nri.v1", "nri", false),
    ("io.containerd.grpc.v1", "cri", false),
];

/// Plugins that load but skip themselves on an ext4 cgroup-v2 host.
fn skipped(id: &str, ty: &str) -> bool {
    matches!(
        (ty, id),
        (
            "io.containerd.snapshotter.v1",
            "aufs" | "btrfs" | "devmapper" | "zfs" | "blockfile" | "erofs"
        ) | ("io.containerd.differ.v1", "erofs")
            | ("io.containerd.tracing.processor.v1", "otlp")
            | ("io.containerd.internal.v1", "tracing")
    )
}

impl World {
    /// The plugin ids `/etc/containerd/config.toml` disables
    /// (`disabled_plugins = ["cri"]`, as Docker's `containerd.io` package
    /// ships it); `cri` names `io.containerd.grpc.v1.cri`.
    pub(crate) fn containerd_disabled_plugins(&self) -> Vec<String> {
        let Ok(text) = self.node.fs.read("/etc/containerd/config.toml") else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for line in text.lines() {
            let l = line.trim();
            if l.starts_with('#') {
                continue;
            }
            if let Some(rest) = l.strip_prefix("disabled_plugins") {
                let list = rest.trim_start().trim_start_matches('=');
                for item in list
                    .trim()
                    .trim_start_matches('[')
                    .trim_end_matches(']')
                    .split(',')
                {
                    let id = item.trim().trim_matches('"').trim_matches('\'');
                    if !id.is_empty() {
                        out.push(match id {
                            "cri" => "io.containerd.grpc.v1.cri".to_string(),
                            other => other.to_string(),
                        });
                    }
                }
            }
        }
        out
    }

    /// `ctr plugins ls` (Introspection `Plugins`).
    pub(crate) fn ctr_plugins_ls(&mut self, quiet: bool) -> Outcome {
        self.emit(
            h(
                Component::Ctr,
                Component::Containerd,
                Iface::ContainerdApi,
                "Introspection.Plugins",
            )
            .note(crate::msg!("ctr-plugins")),
        );
        let disabled = self.containerd_disabled_plugins();
        let list = if self.cfg.runtime == Runtime::Containerd2 {
            PLUGINS_2
        } else {
            PLUGINS_17
        };
        let mut rows = vec![["TYPE", "ID", "PLATFORMS", "STATUS"]
            .map(String::from)
            .to_vec()];
        let mut q = String::new();
        for (ty, id, platform) in list {
            if disabled
                .iter()
                .any(|d| d == &format!("{ty}.{id}") || d == id)
            {
                continue;
            }
            q.push_str(&format!("{ty}.{id}\n"));
            rows.push(vec![
                ty.to_string(),
                id.to_string(),
                if *platform { "linux/amd64" } else { "-" }.to_string(),
                if skipped(id, ty) { "skip" } else { "ok" }.to_string(),
            ]);
        }
        if quiet {
            return Outcome::ok(q);
        }
        Outcome::ok(ctr_table(rows))
    }

    /// `ctr namespaces ls`: the namespaces that hold something.
    pub(crate) fn ctr_namespaces_ls(&mut self, quiet: bool) -> Outcome {
        self.emit(
            h(
                Component::Ctr,
                Component::Containerd,
                Iface::ContainerdApi,
                "Namespaces.List",
            )
            .note(crate::msg!("ctr-namespaces")),
        );
        let mut names: Vec<&str> = self
            .images
            .keys()
            .map(|(s, _)| *s)
            .filter(|s| matches!(*s, "k8s.io" | "default" | "moby"))
            .collect();
        for c in self.ctrs.values() {
            if !c.ns.is_empty() {
                names.push(c.ns);
            }
        }
        crate::order::sort(&mut names);
        names.dedup();
        if quiet {
            return Outcome::ok(names.iter().map(|n| format!("{n}\n")).collect::<String>());
        }
        let mut rows = vec![vec!["NAME".to_string(), "LABELS".to_string()]];
        for n in names {
            rows.push(vec![n.to_string(), String::new()]);
        }
        Outcome::ok(ctr_table(rows))
    }

    /// `ctr snapshots ls` (overlayfs): each image's committed layer chain
    /// and each container's active snapshot on top of it.
    pub(crate) fn ctr_snapshots_ls(&mut self, ns: &'static str) -> Outcome {
        self.emit(
            h(
                Component::Ctr,
                Component::Containerd,
                Iface::ContainerdApi,
                "Snapshots.List",
            )
            .note(crate::msg!("ctr-snapshots"))
            .d("snapshotter", "overlayfs"),
        );
        let mut rows = vec![["KEY", "PARENT", "KIND"].map(String::from).to_vec()];
        let mut chains: Vec<String> = self
            .images
            .iter()
            .filter(|((s, _), _)| *s == ns)
            .map(|(_, i)| i.chain_id.clone())
            .collect();
        crate::order::sort(&mut chains);
        chains.dedup();
        let mut entries: Vec<(String, String, &str)> = chains
            .into_iter()
            .map(|c| (c, String::new(), "Committed"))
            .collect();
        for c in self.ctrs.values().filter(|c| c.ns == ns) {
            let chain = self
                .images
                .iter()
                .find(|((s, n), i)| *s == ns && (i.id == c.image_ref || n == &c.image))
                .map(|(_, i)| i.chain_id.clone())
                .unwrap_or_default();
            entries.push((c.id.clone(), chain, "Active"));
        }
        crate::order::sort_by_key(&mut entries, |e| e.0.clone());
        for (k, p, kind) in entries {
            rows.push(vec![k, p, kind.to_string()]);
        }
        Outcome::ok(ctr_table(rows))
    }

    /// `ctr content ls`: the blobs of a namespace's images (index or
    /// manifest and config), with their labels.
    pub(crate) fn ctr_content_ls(&mut self, ns: &'static str, quiet: bool) -> Outcome {
        self.emit(
            h(
                Component::Ctr,
                Component::Containerd,
                Iface::ContainerdApi,
                "Content.List",
            )
            .note(crate::msg!("ctr-content")),
        );
        let now = self.now_ms;
        let mut rows = vec![["DIGEST", "SIZE", "AGE", "LABELS"]
            .map(String::from)
            .to_vec()];
        let mut q = String::new();
        let mut blobs: Vec<(String, &str, String)> = Vec::new();
        for ((s, name), img) in &self.images {
            if *s != ns {
                continue;
            }
            let repo = name.rsplit_once(':').map_or(name.as_str(), |(r, _)| r);
            let host = repo.split('/').next().unwrap_or("docker.io");
            let path = repo.split_once('/').map_or(repo, |(_, p)| p);
            blobs.push((
                img.repo_digest.clone(),
                "1.609kB",
                format!(
                    "containerd.io/distribution.source.{host}={path},containerd.io/gc.ref.content.m.0={}",
                    img.id
                ),
            ));
            blobs.push((
                img.id.clone(),
                "7.024kB",
                format!("containerd.io/distribution.source.{host}={path},containerd.io/gc.ref.snapshot.overlayfs={}", img.chain_id),
            ));
        }
        crate::order::sort_by_key(&mut blobs, |b| b.0.clone());
        blobs.dedup_by(|a, b| a.0 == b.0);
        for (d, size, labels) in blobs {
            q.push_str(&format!("{d}\n"));
            rows.push(vec![d, size.to_string(), human_duration(now), labels]);
        }
        if quiet {
            return Outcome::ok(q);
        }
        Outcome::ok(tabwriter(&rows, 1, 1))
    }

    /// `ctr version`: the client block, then the server's (Version and
    /// Introspection `Server`), or the dial error when nothing answers.
    pub(crate) fn ctr_version(&mut self, reachable: Result<(), String>) -> Outcome {
        let v = self.cfg.runtime_version();
        // The revision and Go version the model has always printed.
        let (rev, go) = ("05044ec0a9a75232cad458027ca83437aae3f4da", "go1.23.8");
        let client = format!("Client:\n  Version:  {v}\n  Revision: {rev}\n  Go version: {go}\n\n");
        if let Err(e) = reachable {
            return Outcome {
                stdout: client,
                ..Outcome::err(1, e)
            };
        }
        self.emit(h(
            Component::Ctr,
            Component::Containerd,
            Iface::ContainerdApi,
            "Version.Version",
        ));
        self.emit(h(
            Component::Ctr,
            Component::Containerd,
            Iface::ContainerdApi,
            "Introspection.Server",
        ));
        Outcome::ok(format!(
            "{client}Server:\n  Version:  {v}\n  Revision: {rev}\n  UUID: 7f0e5c3d-9a4b-4c1e-8f1d-2b6a3c4d5e6f\n"
        ))
    }

    /// `ctr images rm REF…`: each removed ref printed; a missing one only
    /// warned about (exit 0), as `images.go` does.
    pub(crate) fn ctr_images_rm(&mut self, ns: &'static str, refs: &[String]) -> Outcome {
        let before = self.image_fs_bytes();
        let out = self.ctr_images_rm_each(ns, refs);
        let after = self.image_fs_bytes();
        self.image_fs_freed(before, after);
        out
    }

    fn ctr_images_rm_each(&mut self, ns: &'static str, refs: &[String]) -> Outcome {
        let mut out = Outcome::default();
        for r in refs {
            self.emit(
                h(
                    Component::Ctr,
                    Component::ContainerdImages,
                    Iface::ContainerdApi,
                    "Images.Delete",
                )
                .note(crate::msg!("ctr-images-delete"))
                .d("name", r.clone()),
            );
            if self.images.remove(&(ns, r.clone())).is_some() {
                out.stdout.push_str(&format!("{r}\n"));
            } else {
                out.stderr.push_str(&format!(
                    "time={} level=warning msg=\"{r}: image not found\"\n",
                    crate::command::error::logrus_value(&World::rfc3339(self.now_ms, false))
                ));
            }
        }
        out
    }

    /// A containerd container's labels: the CRI plugin's (`io.cri-containerd.kind`,
    /// the pod's name, namespace and uid on the app containers and on the
    /// sandbox's pause container alike), then the container's own.
    pub(crate) fn ctr_labels(&self, c: &super::super::Ctr) -> litemap::LiteMap<String, String> {
        let mut labels = litemap::LiteMap::new();
        let sandbox = match c.origin {
            super::super::Origin::Sandbox => self.sandboxes.get(&c.id),
            _ => c.sandbox_id.as_ref().and_then(|s| self.sandboxes.get(s)),
        };
        if let Some(sb) = sandbox {
            let sandbox_kind = c.origin == super::super::Origin::Sandbox;
            labels.insert(
                "io.cri-containerd.kind".to_string(),
                if sandbox_kind { "sandbox" } else { "container" }.to_string(),
            );
            if !sandbox_kind {
                labels.insert("io.kubernetes.container.name".to_string(), c.name.clone());
            }
            labels.insert("io.kubernetes.pod.name".to_string(), sb.name.clone());
            labels.insert(
                "io.kubernetes.pod.namespace".to_string(),
                sb.namespace.clone(),
            );
            labels.insert("io.kubernetes.pod.uid".to_string(), sb.uid.clone());
        }
        for (k, v) in c.labels.iter() {
            labels.insert(k.clone(), v.clone());
        }
        labels
    }

    /// `ctr containers info ID`: the metadata record (`containers.Container`)
    /// as `json.MarshalIndent` writes it, fields in the struct's order; the
    /// CRI plugin's labels name the pod (`io.kubernetes.pod.name`) on the
    /// app containers and on the sandbox's pause container alike.
    pub(crate) fn ctr_containers_info(&mut self, ns: &'static str, id: &str) -> Outcome {
        self.emit(
            h(
                Component::Ctr,
                Component::Containerd,
                Iface::ContainerdApi,
                "Containers.Get",
            )
            .d("id", id),
        );
        let Some(c) = self.ctrs.values().find(|c| c.ns == ns && c.id == id) else {
            return Outcome::err(
                1,
                format!("ctr: container \"{id}\" in namespace \"{ns}\": not found"),
            );
        };
        let sandbox = match c.origin {
            super::super::Origin::Sandbox => self.sandboxes.get(&c.id),
            _ => c.sandbox_id.as_ref().and_then(|s| self.sandboxes.get(s)),
        };
        let mut labels = serde_json::Map::new();
        for (k, v) in self.ctr_labels(c).iter() {
            labels.insert(k.clone(), v.clone().into());
        }
        let created = World::rfc3339(c.created_ms, true);
        let mut fields: Vec<(&str, Value)> = vec![
            ("ID", c.id.clone().into()),
            ("Labels", Value::Object(labels)),
            ("Image", c.image.clone().into()),
            (
                "Runtime",
                json!({"Name": "io.containerd.runc.v2", "Options": {"type_url": "containerd.runc.v1.Options"}}),
            ),
            ("SnapshotKey", c.id.clone().into()),
            ("Snapshotter", "overlayfs".into()),
            ("CreatedAt", created.clone().into()),
            ("UpdatedAt", created.into()),
            ("Extensions", json!({})),
        ];
        if self.cfg.runtime == Runtime::Containerd2 {
            fields.push((
                "SandboxID",
                sandbox.map_or(String::new(), |s| s.id.clone()).into(),
            ));
        }
        Outcome::ok(format!("{}\n", ordered_json(&fields)))
    }
}

/// A JSON object with its keys in the given order (Go's struct order),
/// four-space indent.
fn ordered_json(fields: &[(&str, Value)]) -> String {
    let mut out = String::from("{\n");
    for (i, (k, v)) in fields.iter().enumerate() {
        let mut buf = Vec::new();
        let fmt = serde_json::ser::PrettyFormatter::with_indent(b"    ");
        let mut ser = serde_json::Serializer::with_formatter(&mut buf, fmt);
        let _ = serde::Serialize::serialize(v, &mut ser);
        let text = String::from_utf8(buf)
            .unwrap_or_default()
            .replace('\n', "\n    ");
        out.push_str(&format!("    {}: {text}", Value::String((*k).to_string())));
        out.push_str(if i + 1 < fields.len() { ",\n" } else { "\n" });
    }
    out.push('}');
    out
}
