//! What `podman` prints (Podman 5.8): its tables through Go's tabwriter
//! with podman's settings (`report.NewWriterDefault`: minwidth 12, padding
//! 2), 12-character ids, full image names (`docker.io/library/nginx:latest`),
//! go-units durations, sizes with a space (`192 MB`), and `inspect` as JSON
//! indented by five spaces.

use super::super::format::{human_duration, human_size, tabwriter, trunc};
use super::super::podman::PodmanStatus;
use super::super::registry::Ref;
use super::super::{h, Origin, Outcome, World};
use crate::msg;
use crate::trace::{Component, Iface};

const P: Component = Component::Podman;

/// The image's CMD alone: what `podman ps` shows as COMMAND.
fn command_of(image: &str, args: &[String]) -> String {
    let ep = super::super::cri::default_entrypoint(image);
    let rest: &[String] = if !ep.is_empty() && args.starts_with(&ep) {
        &args[ep.len()..]
    } else {
        args
    };
    let s = rest.join(" ");
    if s.len() > 17 {
        format!("{}...", s.get(..17).unwrap_or(&s))
    } else {
        s
    }
}

/// Exposed ports of the images the model knows (image config `ExposedPorts`).
fn exposed(image: &str) -> &'static str {
    match Ref::parse(image).map(|r| r.repo).as_deref() {
        Some("library/nginx") => "80/tcp",
        Some("library/redis") => "6379/tcp",
        _ => "",
    }
}

/// go-units size with podman's space before the unit.
fn podman_size(bytes: u64) -> String {
    let s = human_size(bytes);
    match s.rfind(|c: char| c.is_ascii_digit()) {
        Some(j) => format!("{} {}", &s[..=j], &s[j + 1..]),
        None => s,
    }
}

impl World {
    /// `podman ps`: from the SQLite state, statting each running
    /// container's exit file; no runtime call, no daemon.
    pub(crate) fn podman_ps(
        &mut self,
        user: Option<&str>,
        all: bool,
        quiet: bool,
        external: bool,
    ) -> Outcome {
        let db = super::super::podman::Paths::of(user).db();
        self.emit(
            h(P, P, Iface::InProcess, "SELECT … FROM ContainerConfig")
                .note(msg!("rt-podman-ps"))
                .d("db", db),
        );
        let mut list: Vec<(String, u64)> = self
            .ctrs
            .values()
            .filter(|c| c.origin == Origin::Podman)
            .filter(|c| {
                self.podman
                    .ctrs
                    .get(&c.id)
                    .is_some_and(|p| p.user.as_deref() == user)
            })
            .map(|c| (c.id.clone(), c.created_ms))
            .collect();
        crate::order::sort_by_key(&mut list, |(id, t)| std::cmp::Reverse((*t, id.clone())));
        let exits = super::super::podman::Paths::of(user).exits();
        for (id, _) in &list {
            if self
                .podman
                .ctrs
                .get(id)
                .is_some_and(|p| p.state == PodmanStatus::Running)
            {
                self.emit(
                    h(P, Component::Kernel, Iface::Syscall, "stat")
                        .note(msg!("rt-podman-check-exit-file"))
                        .d("path", format!("{exits}/{id}"))
                        .d("result", "ENOENT"),
                );
            }
        }
        let now = self.now_ms;
        let mut rows = vec![[
            "CONTAINER ID",
            "IMAGE",
            "COMMAND",
            "CREATED",
            "STATUS",
            "PORTS",
            "NAMES",
        ]
        .map(String::from)
        .to_vec()];
        let mut q = String::new();
        for (id, _) in &list {
            let (Some(c), Some(p)) = (self.ctrs.get(id), self.podman.ctrs.get(id)) else {
                continue;
            };
            let running = p.state == PodmanStatus::Running;
            if !all && !running {
                continue;
            }
            q.push_str(&format!("{}\n", trunc(id, 12)));
            let status = match p.state {
                PodmanStatus::Running => {
                    format!("Up {}", human_duration(now.saturating_sub(c.started_ms)))
                }
                PodmanStatus::Created => "Created".to_string(),
                PodmanStatus::Stopped | PodmanStatus::Exited => format!(
                    "Exited ({}) {} ago",
                    c.exit_code,
                    human_duration(now.saturating_sub(c.finished_ms))
                ),
            };
            let ports = if c.ports.is_empty() {
                exposed(&c.image).to_string()
            } else {
                c.ports
                    .iter()
                    .map(|(h, p)| format!("0.0.0.0:{h}->{p}/tcp"))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            rows.push(vec![
                trunc(id, 12),
                c.image.clone(),
                // An infra container's /catatonit -P is its entrypoint; its
                // command (what ps shows) is empty.
                if p.infra {
                    String::new()
                } else {
                    command_of(&c.image, &c.args)
                },
                format!("{} ago", human_duration(now.saturating_sub(c.created_ms))),
                status,
                ports,
                c.name.clone(),
            ]);
        }
        if external && user.is_none() {
            // `--external`: containers/storage's containers that libpod does
            // not know (pkg/ps ListStorageContainer): on a CRI-O node, CRI-O's.
            self.emit(
                h(P, P, Iface::InProcess, "storage.Containers").note(msg!("rt-podman-ps-external")),
            );
            let mut ext: Vec<_> = self
                .ctrs
                .values()
                .filter(|c| c.origin == Origin::Cri && c.shim == Component::Conmon)
                .cloned()
                .collect();
            crate::order::sort_by_key(&mut ext, |c| (c.created_ms, c.id.clone()));
            for c in ext {
                let pod = c
                    .labels
                    .get("io.kubernetes.pod.name")
                    .cloned()
                    .unwrap_or_default();
                let ns = c
                    .labels
                    .get("io.kubernetes.pod.namespace")
                    .cloned()
                    .unwrap_or_default();
                let uid = c
                    .sandbox_id
                    .as_ref()
                    .and_then(|s| self.sandboxes.get(s))
                    .map(|s| s.uid.clone())
                    .unwrap_or_default();
                q.push_str(&format!("{}\n", trunc(&c.id, 12)));
                rows.push(vec![
                    trunc(&c.id, 12),
                    Ref::parse(&c.image).map(|r| r.full()).unwrap_or_default(),
                    "storage".to_string(),
                    format!("{} ago", human_duration(now.saturating_sub(c.created_ms))),
                    "Storage".to_string(),
                    String::new(),
                    format!("k8s_{}_{pod}_{ns}_{uid}_{}", c.name, c.attempt),
                ]);
            }
        }
        if quiet {
            return Outcome::ok(q);
        }
        Outcome::ok(tabwriter(&rows, 12, 2))
    }

    /// `podman images`: containers/storage's images (rootful: the store
    /// CRI-O uses too).
    pub(crate) fn podman_images(&mut self, user: Option<&str>, quiet: bool) -> Outcome {
        let paths = super::super::podman::Paths::of(user);
        self.emit(
            h(P, P, Iface::InProcess, "storage.Images")
                .note(msg!("rt-podman-images", graph = &paths.graph)),
        );
        let store = World::podman_store(user);
        let mut rows = vec![["REPOSITORY", "TAG", "IMAGE ID", "CREATED", "SIZE"]
            .map(String::from)
            .to_vec()];
        let mut q = String::new();
        let imgs: Vec<_> = self
            .images
            .iter()
            .filter(|((s, _), _)| *s == store)
            .map(|(_, i)| i.clone())
            .collect();
        for img in imgs.iter().rev() {
            let (repo, tag) = match Ref::parse(&img.name) {
                Some(r) => (format!("{}/{}", r.host, r.repo), r.tag),
                None => (img.name.clone(), String::new()),
            };
            q.push_str(&format!("{}\n", trunc(&img.id, 12)));
            // The model dates every catalogue image 16 days before the world starts.
            rows.push(vec![
                repo,
                tag,
                trunc(&img.id, 12),
                "2 weeks ago".to_string(),
                podman_size(img.size),
            ]);
        }
        if quiet {
            return Outcome::ok(q);
        }
        Outcome::ok(tabwriter(&rows, 12, 2))
    }

    /// `podman pod ps`.
    pub(crate) fn podman_pod_ps(&mut self, user: Option<&str>) -> Outcome {
        self.emit(
            h(P, P, Iface::InProcess, "SELECT … FROM PodConfig").note(msg!("rt-podman-pod-ps")),
        );
        let now = self.now_ms;
        let mut rows = vec![[
            "POD ID",
            "NAME",
            "STATUS",
            "CREATED",
            "INFRA ID",
            "# OF CONTAINERS",
        ]
        .map(String::from)
        .to_vec()];
        let mut pods: Vec<_> = self
            .podman
            .pods
            .values()
            .filter(|p| p.user.as_deref() == user)
            .cloned()
            .collect();
        crate::order::sort_by_key(&mut pods, |p| {
            std::cmp::Reverse((p.created_ms, p.id.clone()))
        });
        for pod in pods {
            let members: Vec<PodmanStatus> = self
                .podman
                .ctrs
                .values()
                .filter(|c| c.pod.as_deref() == Some(pod.id.as_str()))
                .map(|c| c.state)
                .collect();
            let running = members
                .iter()
                .filter(|s| **s == PodmanStatus::Running)
                .count();
            let exited = members
                .iter()
                .filter(|s| matches!(s, PodmanStatus::Exited | PodmanStatus::Stopped))
                .count();
            let status = if running == members.len() && running > 0 {
                "Running"
            } else if running > 0 {
                "Degraded"
            } else if exited > 0 {
                "Exited"
            } else {
                "Created"
            };
            rows.push(vec![
                trunc(&pod.id, 12),
                pod.name.clone(),
                status.to_string(),
                format!("{} ago", human_duration(now.saturating_sub(pod.created_ms))),
                trunc(&pod.infra_id, 12),
                members.len().to_string(),
            ]);
        }
        Outcome::ok(tabwriter(&rows, 12, 2))
    }

    /// `podman inspect`: the container's record as JSON (a subset of
    /// libpod's InspectContainerData, in its field order).
    pub(crate) fn podman_inspect(&mut self, id: &str) -> Option<J> {
        let c = self.ctrs.get(id)?.clone();
        let p = self.podman.ctrs.get(id)?.clone();
        let paths = super::super::podman::Paths::of(p.user.as_deref());
        self.emit(
            h(P, P, Iface::InProcess, "SELECT … FROM ContainerConfig")
                .note(msg!("rt-podman-inspect"))
                .d("id", id.to_string()),
        );
        let running = p.state == PodmanStatus::Running;
        let time = |ms: u64| {
            if ms > 0 {
                J::S(World::rfc3339(ms, true))
            } else {
                J::S("0001-01-01T00:00:00Z".into())
            }
        };
        let img = Ref::parse(&c.image)
            .and_then(|r| self.has_image(World::podman_store(p.user.as_deref()), &r))
            .map(|i| i.id.trim_start_matches("sha256:").to_string())
            .unwrap_or_default();
        let s = |v: &str| J::S(v.to_string());
        Some(J::O(vec![
            ("Id", s(id)),
            ("Created", time(c.created_ms)),
            ("Path", s(c.args.first().map(String::as_str).unwrap_or(""))),
            ("Args", J::A(c.args.iter().skip(1).cloned().collect())),
            (
                "State",
                J::O(vec![
                    ("OciVersion", s("1.2.1")),
                    ("Status", s(p.state.as_str())),
                    ("Running", J::B(running)),
                    ("Paused", J::B(false)),
                    ("Restarting", J::B(false)),
                    ("OOMKilled", J::B(c.oom)),
                    ("Dead", J::B(false)),
                    ("Pid", J::N(if running { i64::from(c.pid) } else { 0 })),
                    (
                        "ConmonPid",
                        J::N(if running { i64::from(c.shim_pid) } else { 0 }),
                    ),
                    ("ExitCode", J::N(i64::from(c.exit_code))),
                    ("Error", s("")),
                    ("StartedAt", time(c.started_ms)),
                    ("FinishedAt", time(c.finished_ms)),
                ]),
            ),
            ("Image", J::S(img)),
            ("ImageName", s(&c.image)),
            ("Rootfs", s("")),
            ("Pod", s(p.pod.as_deref().unwrap_or(""))),
            ("StaticDir", J::S(paths.userdata(id))),
            (
                "OCIConfigPath",
                J::S(format!("{}/config.json", paths.userdata(id))),
            ),
            ("OCIRuntime", s(c.oci_bin.id())),
            (
                "ConmonPidFile",
                J::S(format!("{}/conmon.pid", paths.rundir(id))),
            ),
            ("PidFile", J::S(format!("{}/pidfile", paths.rundir(id)))),
            ("Name", s(&c.name)),
            ("Driver", s("overlay")),
            ("MountLabel", s("")),
            ("ProcessLabel", s("")),
        ]))
    }
}

/// JSON in a fixed field order, as Go's encoder writes a struct.
#[derive(Debug, Clone)]
pub(crate) enum J {
    S(String),
    N(i64),
    B(bool),
    A(Vec<String>),
    O(Vec<(&'static str, J)>),
}

/// JSON as podman prints it (`json.MarshalIndent(…, "", "     ")`).
pub(crate) fn podman_json(items: &[J]) -> String {
    let mut out = String::new();
    out.push_str("[\n");
    for (i, it) in items.iter().enumerate() {
        out.push_str(INDENT);
        write_json(it, 1, &mut out);
        if i + 1 < items.len() {
            out.push(',');
        }
        out.push('\n');
    }
    out.push_str("]\n");
    out
}

const INDENT: &str = "     ";

fn write_json(v: &J, depth: usize, out: &mut String) {
    let pad = |n: usize| INDENT.repeat(n);
    match v {
        J::S(s) => out.push_str(&serde_json::Value::String(s.clone()).to_string()),
        J::N(n) => out.push_str(&n.to_string()),
        J::B(b) => out.push_str(if *b { "true" } else { "false" }),
        J::A(a) if a.is_empty() => out.push_str("[]"),
        J::A(a) => {
            out.push_str("[\n");
            for (i, s) in a.iter().enumerate() {
                out.push_str(&pad(depth + 1));
                out.push_str(&serde_json::Value::String(s.clone()).to_string());
                out.push_str(if i + 1 < a.len() { ",\n" } else { "\n" });
            }
            out.push_str(&pad(depth));
            out.push(']');
        }
        J::O(o) if o.is_empty() => out.push_str("{}"),
        J::O(o) => {
            out.push_str("{\n");
            for (i, (k, v)) in o.iter().enumerate() {
                out.push_str(&pad(depth + 1));
                out.push_str(&format!("\"{k}\": "));
                write_json(v, depth + 1, out);
                out.push_str(if i + 1 < o.len() { ",\n" } else { "\n" });
            }
            out.push_str(&pad(depth));
            out.push('}');
        }
    }
}
