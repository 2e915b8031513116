//! crictl's views of the runtime and its stores (cri-tools `info.go`,
//! `runtime_config.go`, `image.go`, `container_stats.go`, `pod_stats.go`,
//! `util.go` `outputStatusInfo`): `info` (the `Status` conditions and the
//! CRI plugin's verbose info: its config dump, `golang`, the CNI load
//! status), `runtime-config`, `imagefsinfo`, `inspecti`, `rmi` (ids, names,
//! `--all`, `--prune`), `stats`, `statsp`; and the output formats they share
//! (`json`, `yaml`, `go-template`).

use super::super::format::trunc;
use super::super::{h, Origin, Outcome, World};
use super::go_template;
use crate::config::Runtime;
use crate::lifecycle::cri::ContainerState;
use crate::trace::{Component, Iface};
use serde_json::{json, Value};

/// A logrus `fatal` line of crictl's at the world's clock.
pub(crate) fn crictl_fatal(now_ms: u64, msg: &str) -> Outcome {
    Outcome::err(
        1,
        format!(
            "time={} level=fatal msg={}",
            crate::command::error::logrus_value(&World::rfc3339(now_ms, false)),
            crate::command::error::logrus_value(msg)
        ),
    )
}

/// A document in one of crictl's `-o` formats (`outputStatusInfo`,
/// `outputJSON`): `json` (two-space indent), `yaml`, `go-template`;
/// anything else is `Don't support "x" format`.
pub(crate) fn render_doc(
    now_ms: u64,
    doc: &Value,
    output: Option<&str>,
    template: Option<&str>,
) -> Outcome {
    match output.unwrap_or("json") {
        "json" => Outcome::ok(format!(
            "{}\n",
            serde_json::to_string_pretty(doc).unwrap_or_default()
        )),
        "yaml" => Outcome::ok(format!("{}\n", to_yaml(doc))),
        "go-template" => match go_template::execute(template.unwrap_or(""), doc) {
            Ok(s) => Outcome::ok(format!("{s}\n")),
            Err(e) => crictl_fatal(now_ms, &e.to_string()),
        },
        other => Outcome::ok(format!("Don't support {other:?} format\n")),
    }
}

/// sigs.k8s.io/yaml `JSONToYAML` (yaml.v2): keys sorted, two-space maps,
/// sequences at their key's indent, strings quoted only when needed.
pub(crate) fn to_yaml(v: &Value) -> String {
    let mut out = String::new();
    yaml_into(v, 0, &mut out);
    out.trim_end_matches('\n').to_string()
}

fn yaml_scalar(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => {
            let plain = !s.is_empty()
                && !matches!(
                    s.as_str(),
                    "true" | "false" | "yes" | "no" | "on" | "off" | "null" | "~" | "y" | "n"
                )
                && s.parse::<f64>().is_err()
                && !s.starts_with([
                    ' ', '-', '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>',
                    '\'', '"', '%', '@', '`',
                ])
                && !s.ends_with(' ')
                && !s.contains(": ")
                && !s.contains(" #")
                && !s.contains('\n');
            if plain {
                s.clone()
            } else {
                serde_json::to_string(s).unwrap_or_default()
            }
        }
        Value::Array(a) if a.is_empty() => "[]".into(),
        Value::Object(m) if m.is_empty() => "{}".into(),
        _ => String::new(),
    }
}

fn yaml_into(v: &Value, indent: usize, out: &mut String) {
    let pad = " ".repeat(indent);
    match v {
        Value::Object(m) if !m.is_empty() => {
            for (k, x) in m {
                let key = yaml_scalar(&Value::String(k.clone()));
                match x {
                    Value::Object(i) if !i.is_empty() => {
                        out.push_str(&format!("{pad}{key}:\n"));
                        yaml_into(x, indent + 2, out);
                    }
                    Value::Array(a) if !a.is_empty() => {
                        out.push_str(&format!("{pad}{key}:\n"));
                        yaml_into(x, indent, out);
                    }
                    _ => out.push_str(&format!("{pad}{key}: {}\n", yaml_scalar(x))),
                }
            }
        }
        Value::Array(a) if !a.is_empty() => {
            for x in a {
                let mut inner = String::new();
                yaml_into(x, indent + 2, &mut inner);
                match x {
                    Value::Object(i) if !i.is_empty() => {
                        let body = inner.get(indent + 2..).unwrap_or("");
                        out.push_str(&format!("{pad}- {body}"));
                    }
                    Value::Array(i) if !i.is_empty() => {
                        out.push_str(&format!("{pad}-\n{inner}"));
                    }
                    _ => out.push_str(&format!("{pad}- {}\n", yaml_scalar(x))),
                }
            }
        }
        other => out.push_str(&format!("{pad}{}\n", yaml_scalar(other))),
    }
}

/// go-units `HumanSize` (4 significant digits, decimal): `4.219MB`.
fn human_size4(bytes: u64) -> String {
    const UNITS: [&str; 5] = ["B", "kB", "MB", "GB", "TB"];
    let (mut div, mut i) = (1u64, 0);
    while bytes / div >= 1000 && i + 1 < UNITS.len() {
        div *= 1000;
        i += 1;
    }
    let whole = bytes / div;
    let decimals = match whole {
        100.. => 1,
        10..=99 => 2,
        _ => 3,
    };
    let decimals = if i == 0 { 0 } else { decimals };
    let scale = 10u64.pow(decimals);
    let n = whole * scale + ((bytes % div) * scale * 2 + div) / (2 * div);
    let mut s = (n / scale).to_string();
    let frac = n % scale;
    if frac != 0 {
        let digits = format!("{frac:0width$}", width = decimals as usize);
        s.push('.');
        s.push_str(digits.trim_end_matches('0'));
    }
    s.push_str(UNITS[i]);
    s
}

/// A small deterministic number from an id (stats of the model's
/// processes, which have no real usage).
fn spread(id: &str, modulo: u64) -> u64 {
    id.bytes()
        .fold(7u64, |a, b| a.wrapping_mul(31).wrapping_add(u64::from(b)))
        % modulo.max(1)
}

impl World {
    /// runc's `SystemdCgroup` as `/etc/containerd/config.toml` sets it (the
    /// model's nodes use the systemd driver unless the file says false).
    pub(crate) fn containerd_systemd_cgroup(&self) -> bool {
        match self.node.fs.read("/etc/containerd/config.toml") {
            Ok(t) => !t.lines().any(|l| {
                let l = l.trim();
                !l.starts_with('#') && l.replace(' ', "") == "SystemdCgroup=false"
            }),
            Err(_) => true,
        }
    }

    /// The CRI plugin's config as `Status` (verbose) dumps it: the fields a
    /// person greps, in containerd 1.7's and 2.x's layouts.
    fn cri_config_dump(&self) -> Value {
        let systemd = self.containerd_systemd_cgroup();
        let v2 = self.cfg.runtime == Runtime::Containerd2;
        let mut runc = json!({
            "runtimeType": "io.containerd.runc.v2",
            "runtimePath": "",
            "PodAnnotations": null,
            "ContainerAnnotations": null,
            "options": {
                "BinaryName": "", "CriuImagePath": "", "CriuWorkPath": "", "IoGid": 0, "IoUid": 0,
                "NoNewKeyring": false, "Root": "", "ShimCgroup": "", "SystemdCgroup": systemd
            },
            "privileged_without_host_devices": false,
            "privileged_without_host_devices_all_devices_allowed": false,
            "baseRuntimeSpec": "",
            "cniConfDir": "",
            "cniMaxConfNum": 0,
            "snapshotter": "",
        });
        if v2 {
            runc["sandboxer"] = "podsandbox".into();
            runc["io_type"] = "".into();
        } else {
            runc["runtimeEngine"] = "".into();
            runc["runtimeRoot"] = "".into();
            runc["sandboxMode"] = "podsandbox".into();
        }
        let mut runtimes = serde_json::Map::new();
        runtimes.insert("runc".into(), runc);
        if let Some((_, handler)) = self.cfg.oci.runtime_class() {
            let ty = match handler {
                "kata" => "io.containerd.kata.v2",
                _ => "io.containerd.runsc.v1",
            };
            runtimes.insert(handler.into(), json!({"runtimeType": ty, "options": null}));
        }
        let mut cfg = json!({
            "containerd": {
                "defaultRuntimeName": "runc",
                "runtimes": Value::Object(runtimes),
                "ignoreBlockIONotEnabledErrors": false,
                "ignoreRdtNotEnabledErrors": false,
            },
            "cni": {"binDir": "/opt/cni/bin", "confDir": "/etc/cni/net.d", "maxConfNum": 1, "setupSerially": false, "confTemplate": "", "ipPref": ""},
            "enableSelinux": false,
            "selinuxCategoryRange": 1024,
            "maxContainerLogSize": 16384,
            "disableCgroup": false,
            "disableApparmor": false,
            "restrictOOMScoreAdj": false,
            "disableProcMount": false,
            "unsetSeccompProfile": "",
            "tolerateMissingHugetlbController": true,
            "disableHugetlbController": true,
            "device_ownership_from_security_context": false,
            "ignoreImageDefinedVolumes": false,
            "netnsMountsUnderStateDir": false,
            "enableUnprivilegedPorts": true,
            "enableUnprivilegedICMP": true,
            "enableCDI": v2,
            "cdiSpecDirs": ["/etc/cdi", "/var/run/cdi"],
            "drainExecSyncIOTimeout": "0s",
            "containerdRootDir": "/var/lib/containerd",
            "containerdEndpoint": "/run/containerd/containerd.sock",
            "rootDir": "/var/lib/containerd/io.containerd.grpc.v1.cri",
            "stateDir": "/run/containerd/io.containerd.grpc.v1.cri",
        });
        if v2 {
            cfg["cni"]["binDirs"] = json!(["/opt/cni/bin"]);
            cfg["cni"]["binDir"] = "".into();
        } else {
            cfg["containerd"]["snapshotter"] = "overlayfs".into();
            cfg["containerd"]["noPivot"] = false.into();
            cfg["containerd"]["disableSnapshotAnnotations"] = true.into();
            cfg["containerd"]["discardUnpackedLayers"] = false.into();
            cfg["sandboxImage"] = self.cfg.pause_image().into();
            cfg["systemdCgroup"] = false.into();
            cfg["statsCollectPeriod"] = 10.into();
            cfg["registry"] = json!({"configPath": "", "mirrors": null, "configs": null, "auths": null, "headers": null});
            cfg["imageDecryption"] = json!({"keyModel": "node"});
        }
        cfg
    }

    /// `crictl info`: `Status` with verbose info.
    pub(crate) fn crictl_info(
        &mut self,
        output: Option<&str>,
        template: Option<&str>,
        quiet: bool,
    ) -> Outcome {
        let server = self.cri_server();
        self.emit(
            h(Component::Crictl, server, Iface::Cri, "Status")
                .note(crate::msg!("crictl-status"))
                .d("verbose", !quiet),
        );
        let cond = |t: &str| json!({"type": t, "status": true, "reason": "", "message": ""});
        let mut conditions = vec![cond("RuntimeReady"), cond("NetworkReady")];
        let containerd = self.cfg.runtime.is_containerd_cri();
        if self.cfg.runtime == Runtime::Containerd2 {
            conditions.push(cond("ContainerdHasNoDeprecationWarnings"));
        }
        let mut doc = serde_json::Map::new();
        doc.insert("status".into(), json!({"conditions": conditions}));
        if self.cfg.k8s.0 >= 30 && self.cfg.runtime == Runtime::Containerd2 {
            let feat = json!({"recursive_read_only_mounts": true, "user_namespaces": true});
            // containerd lists each runtime, the default one twice: by its
            // name, then right after it as "" (`introspectRuntimeHandlers`).
            let mut handlers = vec![
                json!({"features": feat, "name": "runc"}),
                json!({"features": feat, "name": ""}),
            ];
            // Features are introspected only for runc-v2-type runtimes.
            if let Some((_, handler)) = self.cfg.oci.runtime_class() {
                handlers.push(json!({ "name": handler }));
            }
            doc.insert("runtimeHandlers".into(), Value::Array(handlers));
        }
        if !quiet && containerd {
            doc.insert("config".into(), self.cri_config_dump());
            // The Go version the model's containerd reports everywhere (ctr version too).
            doc.insert("golang".into(), "go1.23.8".into());
            doc.insert("lastCNILoadStatus".into(), "OK".into());
            doc.insert("lastCNILoadStatus.default".into(), "OK".into());
            if self.cfg.runtime == Runtime::Containerd2 {
                doc.insert(
                    "cniconfig".into(),
                    json!({"PluginDirs": ["/opt/cni/bin"], "PluginConfDir": "/etc/cni/net.d", "PluginMaxConfNum": 1, "Prefix": "eth", "Networks": []}),
                );
            }
        }
        render_doc(self.now_ms, &Value::Object(doc), output, template)
    }

    /// `crictl runtime-config` (CRI `RuntimeConfig`, 1.28+).
    pub(crate) fn crictl_runtime_config(&mut self) -> Outcome {
        let server = self.cri_server();
        self.emit(
            h(Component::Crictl, server, Iface::Cri, "RuntimeConfig")
                .note(crate::msg!("crictl-runtime-config")),
        );
        let systemd = match self.cfg.runtime {
            Runtime::Containerd17 | Runtime::Containerd2 => self.containerd_systemd_cgroup(),
            _ => true,
        };
        if self.cfg.k8s.0 < 28 {
            return crictl_fatal(
                self.now_ms,
                "get runtime config: rpc error: code = Unimplemented desc = unknown method RuntimeConfig for service runtime.v1.RuntimeService",
            );
        }
        Outcome::ok(format!(
            "cgroup driver: {}\n",
            if systemd { "SYSTEMD" } else { "CGROUPFS" }
        ))
    }

    /// `crictl imagefsinfo` (CRI `ImageFsInfo`).
    pub(crate) fn crictl_imagefsinfo(&mut self, output: Option<&str>) -> Outcome {
        let server = self.cri_server();
        self.emit(
            h(Component::Crictl, server, Iface::Cri, "ImageFsInfo")
                .note(crate::msg!("crictl-imagefsinfo")),
        );
        let store = self.cri_store();
        let used: u64 = self
            .images
            .iter()
            .filter(|((s, _), _)| *s == store)
            .map(|(_, i)| i.size)
            .sum();
        let inodes = self.images.keys().filter(|(s, _)| *s == store).count() as u64 * 97;
        let mount = match self.cfg.runtime {
            Runtime::Containerd17 | Runtime::Containerd2 => {
                "/var/lib/containerd/io.containerd.snapshotter.v1.overlayfs"
            }
            Runtime::CriO => "/var/lib/containers/storage/overlay-images",
            _ => "/var/lib/docker",
        };
        let ts = ((1_767_603_600_000 + self.now_ms) * 1_000_000).to_string();
        let fs = |m: &str, used: u64, inodes: u64| json!({"timestamp": ts, "fsId": {"mountpoint": m}, "usedBytes": {"value": used.to_string()}, "inodesUsed": {"value": inodes.to_string()}});
        let mut status = json!({"imageFilesystems": [fs(mount, used, inodes)]});
        if self.cfg.k8s.0 >= 29 {
            status["containerFilesystems"] = json!([fs(mount, used, inodes)]);
        }
        render_doc(self.now_ms, &json!({ "status": status }), output, None)
    }

    /// `crictl inspecti IMAGE…` (CRI `ImageStatus`, verbose).
    pub(crate) fn crictl_inspecti(
        &mut self,
        refs: &[String],
        output: Option<&str>,
        template: Option<&str>,
    ) -> Outcome {
        let server = self.cri_server();
        let store = self.cri_store();
        let mut out = Outcome::default();
        for r in refs {
            self.emit(
                h(Component::Crictl, server, Iface::Cri, "ImageStatus")
                    .note(crate::msg!("crictl-image-status"))
                    .d("image", r.clone())
                    .d("verbose", true),
            );
            let Some((name, img)) = self.find_image(store, r) else {
                return crictl_fatal(self.now_ms, &format!("no such image {r:?} present"));
            };
            let (repo, _) = name.rsplit_once(':').unwrap_or((&name, ""));
            let doc = json!({
                "status": {
                    "id": img.id,
                    "repoTags": [name],
                    "repoDigests": [format!("{repo}@{}", img.repo_digest)],
                    "size": img.size.to_string(),
                    "uid": null,
                    "username": "",
                    "spec": null,
                    "pinned": name == self.cfg.pause_image(),
                },
                "info": {
                    "chainID": img.chain_id,
                    "imageSpec": {"architecture": "amd64", "os": "linux", "rootfs": {"type": "layers"}},
                },
            });
            let o = render_doc(self.now_ms, &doc, output, template);
            if o.exit != 0 {
                return o;
            }
            out.stdout.push_str(&o.stdout);
        }
        out
    }

    /// An image of a store by reference, full name or (a prefix of) its id.
    fn find_image(&self, store: &'static str, r: &str) -> Option<(String, super::super::Image)> {
        let full = super::super::registry::Ref::parse(r).map(|x| x.full());
        self.images
            .iter()
            .filter(|((s, _), _)| *s == store)
            .find(|((_, n), i)| {
                Some(n) == full.as_ref()
                    || n == r
                    || (r.len() >= 4
                        && trunc(&i.id, 64).starts_with(r.trim_start_matches("sha256:")))
            })
            .map(|((_, n), i)| (n.clone(), i.clone()))
    }

    /// The image ids the store's containers use (created, running or exited).
    fn images_in_use(&self) -> Vec<String> {
        self.ctrs
            .values()
            .filter(|c| matches!(c.origin, Origin::Cri | Origin::Sandbox))
            .map(|c| c.image_ref.clone())
            .chain(
                self.ctrs
                    .values()
                    .filter(|c| matches!(c.origin, Origin::Cri | Origin::Sandbox))
                    .map(|c| c.image.clone()),
            )
            .collect()
    }

    /// The bytes of the node's images (each image id once: containerd's
    /// namespaces share one content store and snapshotter).
    pub(crate) fn image_fs_bytes(&self) -> u64 {
        let mut seen: Vec<&str> = Vec::new();
        let mut total = 0u64;
        for i in self.images.values() {
            if !seen.contains(&i.id.as_str()) {
                seen.push(&i.id);
                total = total.saturating_add(i.size);
            }
        }
        total
    }

    /// Images removed from a store: a filled image file system (the
    /// `fill_image_store` fault: the images took it to that percentage)
    /// shrinks with the bytes freed, so DiskPressure can clear.
    pub(crate) fn image_fs_freed(&mut self, before: u64, after: u64) {
        if before == 0 || after >= before {
            return;
        }
        if let Some(p) = self.node.units.kubelet.image_fs_percent {
            let now = u64::from(p).saturating_mul(after) / before;
            self.node.units.kubelet.image_fs_percent = Some(u8::try_from(now).unwrap_or(p));
        }
    }

    /// `crictl rmi [-a|--prune] IMAGE…` (CRI `RemoveImage`).
    pub(crate) fn crictl_rmi(&mut self, refs: &[String], all: bool, prune: bool) -> Outcome {
        let before = self.image_fs_bytes();
        let out = self.crictl_rmi_each(refs, all, prune);
        let after = self.image_fs_bytes();
        self.image_fs_freed(before, after);
        out
    }

    fn crictl_rmi_each(&mut self, refs: &[String], all: bool, prune: bool) -> Outcome {
        let server = self.cri_server();
        let store = self.cri_store();
        let used = self.images_in_use();
        let mut targets: Vec<(String, super::super::Image)> = Vec::new();
        if all || prune {
            for ((s, n), i) in &self.images {
                if *s != store {
                    continue;
                }
                let in_use = used.iter().any(|u| {
                    u == &i.id
                        || u == n
                        || super::super::registry::Ref::parse(u).is_some_and(|r| &r.full() == n)
                });
                if prune && in_use {
                    continue;
                }
                targets.push((n.clone(), i.clone()));
            }
        } else {
            for r in refs {
                match self.find_image(store, r) {
                    Some(t) => targets.push(t),
                    None => {
                        self.emit(
                            h(Component::Crictl, server, Iface::Cri, "ImageStatus")
                                .d("image", r.clone()),
                        );
                        return crictl_fatal(self.now_ms, &format!("no such image {r}"));
                    }
                }
            }
        }
        let mut out = Outcome::default();
        let mut done: Vec<String> = Vec::new();
        for (name, img) in targets {
            if done.contains(&img.id) {
                continue;
            }
            let in_use = used.iter().any(|u| u == &img.id || u == &name);
            if in_use && !prune && store == "crio" {
                // CRI-O (containers/storage) refuses an image a container
                // uses; containerd's CRI plugin removes every reference
                // (image_remove.go: "Remove the whole image"), the running
                // containers keep their snapshots.
                self.emit(
                    h(Component::Crictl, server, Iface::Cri, "RemoveImage")
                        .note(crate::msg!("crictl-remove-image-in-use"))
                        .d("image", img.id.clone()),
                );
                out.stderr.push_str(&crictl_fatal(self.now_ms, &format!("error of removing image {:?}: rpc error: code = Unknown desc = failed to remove image {:?}: image is in use by a container", img.id, img.id)).stderr);
                out.exit = 1;
                continue;
            }
            self.emit(
                h(Component::Crictl, server, Iface::Cri, "RemoveImage")
                    .note(crate::msg!("crictl-remove-image"))
                    .d("image", img.id.clone())
                    .fx(
                        format!("image/{name}"),
                        crate::trace::Layer::Cri,
                        Some("present"),
                        "removed",
                    ),
            );
            let names: Vec<String> = self
                .images
                .iter()
                .filter(|((s, _), i)| *s == store && i.id == img.id)
                .map(|((_, n), _)| n.clone())
                .collect();
            for n in &names {
                self.images.remove(&(store, n.clone()));
            }
            out.stdout.push_str(&format!("Deleted: {name}\n"));
            done.push(img.id.clone());
        }
        out
    }

    /// `crictl stats` (CRI `ListContainerStats`): running containers, or
    /// `-a` every one; numbers drawn from each container's id.
    pub(crate) fn crictl_stats(
        &mut self,
        id: Option<&str>,
        all: bool,
        pod: Option<&str>,
        output: Option<&str>,
    ) -> Outcome {
        let server = self.cri_server();
        self.emit(
            h(Component::Crictl, server, Iface::Cri, "ListContainerStats")
                .note(crate::msg!("crictl-stats")),
        );
        let mut rows = vec![["CONTAINER", "NAME", "CPU %", "MEM", "DISK", "INODES"]
            .map(String::from)
            .to_vec()];
        let mut docs = Vec::new();
        let mut list: Vec<_> = self
            .ctrs
            .values()
            .filter(|c| c.origin == Origin::Cri)
            .filter(|c| all || c.cri.get() == Some(ContainerState::Running))
            .filter(|c| id.is_none_or(|i| c.id.starts_with(i)))
            .filter(|c| {
                pod.is_none_or(|p| c.sandbox_id.as_deref().is_some_and(|s| s.starts_with(p)))
            })
            .collect();
        crate::order::sort_by_key(&mut list, |c| c.id.clone());
        for c in list {
            let running = c.cri.get() == Some(ContainerState::Running);
            let cpu = if running { spread(&c.id, 300) } else { 0 };
            let mem = if running {
                1_000_000 + spread(&c.id, 40_000_000)
            } else {
                0
            };
            let disk = 4096 * (1 + spread(&c.id, 12));
            let inodes = 5 + spread(&c.id, 20);
            rows.push(vec![
                trunc(&c.id, 13),
                c.name.clone(),
                format!("{}.{:02}", cpu / 100, cpu % 100),
                human_size4(mem),
                human_size4(disk),
                inodes.to_string(),
            ]);
            let ts = ((1_767_603_600_000 + self.now_ms) * 1_000_000).to_string();
            docs.push(json!({
                "attributes": {"id": c.id, "metadata": {"name": c.name, "attempt": c.attempt}, "labels": super::crictl_list::labels_json(&c.labels), "annotations": {}},
                "cpu": {"timestamp": ts, "usageCoreNanoSeconds": {"value": (cpu * 10_000_000).to_string()}, "usageNanoCores": {"value": (cpu * 100_000).to_string()}},
                "memory": {"timestamp": ts, "workingSetBytes": {"value": mem.to_string()}},
                "writableLayer": {"timestamp": ts, "fsId": {"mountpoint": "/var/lib/containerd/io.containerd.snapshotter.v1.overlayfs"}, "usedBytes": {"value": disk.to_string()}, "inodesUsed": {"value": inodes.to_string()}},
            }));
        }
        match output.unwrap_or("table") {
            "table" => Outcome::ok(super::super::format::tabwriter(&rows, 20, 3)),
            o => render_doc(self.now_ms, &json!({ "stats": docs }), Some(o), None),
        }
    }

    /// `crictl statsp` (CRI `ListPodSandboxStats`).
    pub(crate) fn crictl_statsp(&mut self, id: Option<&str>, output: Option<&str>) -> Outcome {
        let server = self.cri_server();
        self.emit(
            h(Component::Crictl, server, Iface::Cri, "ListPodSandboxStats")
                .note(crate::msg!("crictl-statsp")),
        );
        let mut rows = vec![["POD", "POD ID", "CPU %", "MEM"].map(String::from).to_vec()];
        let mut docs = Vec::new();
        let mut list: Vec<_> = self
            .sandboxes
            .values()
            .filter(|s| id.is_none_or(|i| s.id.starts_with(i)))
            .collect();
        crate::order::sort_by_key(&mut list, |s| s.id.clone());
        for s in list {
            let members: Vec<_> = self
                .ctrs
                .values()
                .filter(|c| {
                    c.origin == Origin::Cri
                        && c.sandbox_id.as_deref() == Some(s.id.as_str())
                        && c.cri.get() == Some(ContainerState::Running)
                })
                .collect();
            let cpu: u64 = members.iter().map(|c| spread(&c.id, 300)).sum();
            let mem: u64 = 250_000
                + members
                    .iter()
                    .map(|c| 1_000_000 + spread(&c.id, 40_000_000))
                    .sum::<u64>();
            rows.push(vec![
                s.name.clone(),
                trunc(&s.id, 13),
                format!("{}.{:02}", cpu / 100, cpu % 100),
                human_size4(mem),
            ]);
            docs.push(json!({
                "attributes": {"id": s.id, "metadata": {"name": s.name, "uid": s.uid, "namespace": s.namespace, "attempt": s.attempt}},
                "linux": {"cpu": {"usageNanoCores": {"value": (cpu * 100_000).to_string()}}, "memory": {"workingSetBytes": {"value": mem.to_string()}}},
            }));
        }
        match output.unwrap_or("table") {
            "table" => Outcome::ok(super::super::format::tabwriter(&rows, 20, 3)),
            o => render_doc(self.now_ms, &json!({ "stats": docs }), Some(o), None),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_and_yaml() {
        assert_eq!(human_size4(4_219_000), "4.219MB");
        assert_eq!(human_size4(12_288), "12.29kB");
        assert_eq!(human_size4(999), "999B");
        assert_eq!(
            to_yaml(&json!({"status": {"conditions": [{"type": "RuntimeReady", "status": true, "reason": ""}]}, "x": []})),
            "status:\n  conditions:\n  - reason: \"\"\n    status: true\n    type: RuntimeReady\nx: []"
        );
    }
}
