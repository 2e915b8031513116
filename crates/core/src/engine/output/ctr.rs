//! ctr's side, and containerd's client API as ctr and nerdctl drive it:
//! `ctr pull`, `ctr run` / `nerdctl run`, `ctr tasks|images|containers ls`,
//! and the stop path of containerd's own clients.

use super::super::format::{human_size, tabwriter};
use super::super::registry::{Puller, Ref};
use super::super::{h, Origin, Outcome, World};
use crate::lifecycle::task::TaskStatus;
use crate::msg;
use crate::trace::{Component, Iface};

impl World {
    pub(crate) fn ctr_pull(&mut self, ns: &'static str, image: &str) -> Outcome {
        match self.pull(Puller::Client(Component::Ctr), ns, image) {
            Ok(img) => Outcome::ok(format!(
                "{image}: resolved\nunpacking linux/amd64 {}...\ndone: 812.3ms\n",
                img.repo_digest
            )),
            Err(_) => Outcome::err(
                1,
                format!("ctr: failed to resolve reference \"{image}\": {image}: not found"),
            ),
        }
    }

    /// `ctr run` / `nerdctl run` through containerd's client API.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn client_run(
        &mut self,
        client: Component,
        ns: &'static str,
        image: &str,
        id: &str,
        cmd: Vec<String>,
        detach: bool,
        ports: Vec<(u16, u16)>,
        memory: Option<u64>,
    ) -> Outcome {
        let Some(r) = Ref::parse(image) else {
            return Outcome::err(1, format!("{}: invalid reference format", client.id()));
        };
        let mut stderr = String::new();
        let img = match self.has_image(ns, &r).cloned() {
            Some(i) => {
                self.emit(
                    h(
                        client,
                        Component::ContainerdImages,
                        Iface::ContainerdApi,
                        "Images.Get",
                    )
                    .d("name", r.full())
                    .note(msg!("ctrd-ctr-image-present")),
                );
                i
            }
            None if client == Component::Ctr => {
                self.emit(
                    h(
                        client,
                        Component::ContainerdImages,
                        Iface::ContainerdApi,
                        "Images.Get",
                    )
                    .d("name", image)
                    .note(msg!("ctrd-ctr-never-pulls")),
                );
                return Outcome::err(1, format!("ctr: image \"{image}\": not found"));
            }
            None => {
                stderr.push_str(&format!("{}:    resolved\n", r.full()));
                match self.pull(Puller::Client(client), ns, image) {
                    Ok(i) => i,
                    Err(_) => return Outcome::err(1, format!("time=\"2026-01-05T09:00:00Z\" level=fatal msg=\"failed to resolve reference \\\"{}\\\": not found\"", r.full())),
                }
            }
        };
        if self.ctrs.contains_key(id) || self.ctrs.values().any(|c| c.name == id && c.ns == ns) {
            self.emit(
                h(
                    client,
                    Component::Containerd,
                    Iface::ContainerdApi,
                    "Containers.Create",
                )
                .d("id", id)
                .note(msg!("ctrd-ctr-id-taken")),
            );
            return Outcome::err(
                1,
                format!("{}: container \"{id}\": already exists", client.id()),
            );
        }
        let argv = if cmd.is_empty() {
            super::super::cri::default_argv(image)
        } else {
            cmd
        };
        let cid = if client == Component::Nerdctl {
            self.hex_id()
        } else {
            id.to_string()
        };
        let origin = if client == Component::Nerdctl {
            Origin::Nerdctl
        } else {
            Origin::Ctr
        };
        let mut c = self.new_ctr(&cid, id, origin, ns, &img.name, argv);
        c.image_ref = img.id.clone();
        c.memory_limit = memory;
        c.ports = ports.clone();
        self.ctrs.insert(cid.clone(), c);
        self.emit(
            h(
                client,
                Component::ContainerdSnapshotter,
                Iface::ContainerdApi,
                "Snapshots.Prepare",
            )
            .note(msg!("ctrd-ctr-snapshot"))
            .d("key", cid.clone())
            .d("parent", img.chain_id.clone()),
        );
        self.emit(
            h(
                client,
                Component::Containerd,
                Iface::ContainerdApi,
                "Containers.Create",
            )
            .note(if client == Component::Nerdctl {
                msg!("ctrd-nerdctl-create")
            } else {
                msg!("ctrd-ctr-create")
            })
            .d("id", cid.clone())
            .d("namespace", ns)
            .d("runtime", "io.containerd.runc.v2"),
        );
        if let Err(e) = self.task_create(client, &cid, None) {
            return Outcome::err(1, format!("{}: {e}", client.id()));
        }
        if !detach {
            self.task_wait(client, &cid);
        }
        if let Err(e) = self.task_start(client, &cid) {
            return Outcome::err(1, format!("{}: {e}", client.id()));
        }
        let mut out = Outcome::ok(if client == Component::Nerdctl {
            format!("{cid}\n")
        } else {
            String::new()
        });
        out.stderr = stderr;
        if !detach {
            // Foreground: wait (in logical time, up to a minute) for the process.
            for _ in 0..60_000 {
                if !self.wait_exit(&cid, 1) {
                    self.now_ms += 1;
                    if self.now_ms.is_multiple_of(60_000) {
                        break;
                    }
                    continue;
                }
                break;
            }
            if let Some(c) = self.ctrs.get(&cid) {
                for (_, _, l) in &c.logs {
                    out.stdout.push_str(l);
                    out.stdout.push('\n');
                }
                out.exit = c.exit_code;
            }
        }
        out
    }

    pub(crate) fn ctr_tasks_ls(&mut self, ns: &'static str) -> Outcome {
        self.emit(
            h(
                Component::Ctr,
                Component::ContainerdTasks,
                Iface::ContainerdApi,
                "Tasks.List",
            )
            .d("namespace", ns),
        );
        let mut rows = vec![vec!["TASK".to_string(), "PID".into(), "STATUS".into()]];
        for c in self
            .ctrs
            .values()
            .filter(|c| c.ns == ns && c.task.is_some())
        {
            rows.push(vec![
                c.id.clone(),
                c.pid.to_string(),
                c.task.map(|t| t.as_str()).unwrap_or("UNKNOWN").to_string(),
            ]);
        }
        Outcome::ok(tabwriter(&rows, 10, 3))
    }

    /// `ctr images ls`.
    pub(crate) fn ctr_images_ls(&mut self, ns: &'static str, quiet: bool) -> Outcome {
        self.emit(
            h(
                Component::Ctr,
                Component::ContainerdImages,
                Iface::ContainerdApi,
                "Images.List",
            )
            .d("namespace", ns),
        );
        let mut rows = vec![["REF", "TYPE", "DIGEST", "SIZE", "PLATFORMS", "LABELS"]
            .map(String::from)
            .to_vec()];
        let mut q = String::new();
        for ((s, name), img) in &self.images {
            if *s != ns {
                continue;
            }
            q.push_str(name);
            q.push('\n');
            rows.push(vec![
                name.clone(),
                "application/vnd.oci.image.index.v1+json".into(),
                img.repo_digest.clone(),
                human_size(img.size).replace("MB", " MiB").replace("kB", " KiB"),
                "linux/386,linux/amd64,linux/arm/v5,linux/arm/v7,linux/arm64/v8,linux/mips64le,linux/ppc64le,linux/s390x".into(),
                if ns == "k8s.io" { "io.cri-containerd.image=managed".into() } else { "-".into() },
            ]);
        }
        if quiet {
            return Outcome::ok(q);
        }
        Outcome::ok(tabwriter(&rows, 1, 1))
    }

    /// `ctr containers ls`.
    pub(crate) fn ctr_containers_ls(
        &mut self,
        ns: &'static str,
        quiet: bool,
        filters: &[String],
    ) -> Outcome {
        let filters = match super::ctr_filter::Filters::parse(filters) {
            Ok(f) => f,
            Err(bad) => {
                // containerd's parser error (pkg/filters/parser.go), without
                // the position marker it draws inside the brackets.
                return Outcome::err(
                    1,
                    format!("ctr: filters: parse error: [{bad}]: expected field or quoted: invalid argument"),
                );
            }
        };
        self.emit(
            h(
                Component::Ctr,
                Component::Containerd,
                Iface::ContainerdApi,
                "Containers.List",
            )
            .d("namespace", ns),
        );
        let mut rows = vec![["CONTAINER", "IMAGE", "RUNTIME"].map(String::from).to_vec()];
        let mut q = String::new();
        for c in self.ctrs.values().filter(|c| c.ns == ns) {
            let labels = self.ctr_labels(c);
            let image = Ref::parse(&c.image)
                .map(|r| r.full())
                .unwrap_or_else(|| c.image.clone());
            let id_field = if matches!(c.origin, Origin::Ctr) {
                c.name.as_str()
            } else {
                c.id.as_str()
            };
            let fields = super::ctr_filter::Fields {
                id: id_field,
                image: &image,
                runtime: "io.containerd.runc.v2",
                labels: &labels,
            };
            if !filters.matches(&fields) {
                continue;
            }
            let name = if matches!(c.origin, Origin::Ctr) {
                c.name.clone()
            } else {
                c.id.clone()
            };
            q.push_str(&name);
            q.push('\n');
            rows.push(vec![
                name,
                Ref::parse(&c.image)
                    .map(|r| r.full())
                    .unwrap_or_else(|| c.image.clone()),
                "io.containerd.runc.v2".into(),
            ]);
        }
        if quiet {
            return Outcome::ok(q);
        }
        Outcome::ok(tabwriter(&rows, 10, 1))
    }

    /// `nerdctl stop`: SIGTERM, wait up to `timeout` s, then SIGKILL.
    pub(crate) fn client_stop(&mut self, client: Component, id: &str, timeout: u64) {
        if self.ctrs.get(id).and_then(|c| c.task) != Some(TaskStatus::Running) {
            return;
        }
        let first = if timeout == 0 { "SIGKILL" } else { "SIGTERM" };
        let _ = self.task_kill(client, id, first, false);
        if !self.wait_exit(id, timeout.max(1) * 1000) {
            let _ = self.task_kill(client, id, "SIGKILL", false);
            self.wait_exit(id, 1000);
        }
    }
}
