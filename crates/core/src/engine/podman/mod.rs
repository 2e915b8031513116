//! Podman 5.8 without a daemon (reference SANDBOXED-AND-PODMAN.md §4): the
//! `podman` binary does everything in-process (libpod, libimage,
//! containers/storage, its SQLite state) and exits; one `conmon` per
//! container stays behind as the container's parent and, when the container
//! ends, runs the exit command `podman … container cleanup`.
//!
//! Split by what it models: `run` (run, start, stop, rm and the exit path),
//! `exec` (exec and logs), `network` (netns, netavark, pasta), `storage`
//! (pull into containers/storage, the container's layer and mount, the
//! SQLite rows, the rootless user namespace), `pod` (pods and their
//! catatonit infra).
//!
//! Containers live in the world's container table (`Origin::Podman`, shim
//! conmon, no containerd namespace); what only Podman knows (its own state,
//! the user, the netns, the pod) is in [`PodmanState`].

mod exec;
mod network;
mod pod;
mod run;
mod storage;

pub(crate) use run::RunReq;

use super::World;
use litemap::LiteMap;

/// What Podman knows beyond the world's container table.
#[derive(Debug, Clone, Default)]
pub(crate) struct PodmanState {
    /// Per container id.
    pub ctrs: crate::snapshot::Map<String, PodmanCtr>,
    /// Pods by id.
    pub pods: crate::snapshot::Map<String, PodmanPod>,
    /// Rootless users' pause processes (user → pid), §4.2.
    pub pause: LiteMap<String, u32>,
    /// The last container removed (`--rm`): an attached `podman run --rm`
    /// still prints its output and exit code.
    pub removed: Option<super::Ctr>,
}

/// libpod's container states as `podman ps`/`inspect` name them
/// (libpod/define/containerstate.go).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PodmanStatus {
    /// Created in the runtime (`crun create` done), not started.
    Created,
    /// Running.
    Running,
    /// Stopped, not yet cleaned up (still known to the runtime).
    Stopped,
    /// Exited and cleaned up (deleted from the runtime).
    Exited,
}

impl PodmanStatus {
    /// The state as `podman inspect` prints it.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            PodmanStatus::Created => "created",
            PodmanStatus::Running => "running",
            PodmanStatus::Stopped => "stopped",
            PodmanStatus::Exited => "exited",
        }
    }
}

/// One Podman container's own facts.
#[derive(Debug, Clone)]
pub(crate) struct PodmanCtr {
    /// The rootless user, or None for root.
    pub user: Option<String>,
    pub state: PodmanStatus,
    /// Its network namespace path ("" when it joins its pod's infra).
    pub netns: String,
    /// The pod it belongs to.
    pub pod: Option<String>,
    /// Whether it is its pod's infra container.
    pub infra: bool,
    /// conmon's argv (for the host process table).
    pub conmon_argv: Vec<String>,
    /// pasta's pid (rootless), 0 when none.
    pub pasta_pid: u32,
    /// `--rm`.
    pub rm: bool,
}

/// A Podman pod.
#[derive(Debug, Clone)]
pub(crate) struct PodmanPod {
    pub id: String,
    pub name: String,
    pub infra_id: String,
    pub created_ms: u64,
    pub user: Option<String>,
}

/// Where Podman keeps things for root or for a rootless user (containers.conf
/// and storage.conf defaults; §4.1, §4.2).
#[derive(Debug, Clone)]
pub(crate) struct Paths {
    /// The user, None for root.
    pub user: Option<String>,
    /// containers/storage graph root.
    pub graph: String,
    /// containers/storage run root.
    pub run: String,
    /// libpod's tmpdir (exits, persist).
    pub tmp: String,
    /// Where network namespaces are bind-mounted.
    pub netns_dir: String,
    /// The user's `$XDG_RUNTIME_DIR` (rootless).
    pub xdg: String,
}

/// The uid the model gives a rootless user (the first regular user).
pub(crate) const ROOTLESS_UID: u32 = 1000;

impl Paths {
    pub(crate) fn of(user: Option<&str>) -> Paths {
        match user {
            None => Paths {
                user: None,
                graph: "/var/lib/containers/storage".into(),
                run: "/run/containers/storage".into(),
                tmp: "/run/libpod".into(),
                netns_dir: "/run/netns".into(),
                xdg: String::new(),
            },
            Some(u) => {
                let xdg = format!("/run/user/{ROOTLESS_UID}");
                Paths {
                    user: Some(u.to_string()),
                    graph: format!("/home/{u}/.local/share/containers/storage"),
                    run: format!("{xdg}/containers"),
                    tmp: format!("{xdg}/libpod/tmp"),
                    netns_dir: format!("{xdg}/netns"),
                    xdg,
                }
            }
        }
    }

    pub(crate) fn rootless(&self) -> bool {
        self.user.is_some()
    }

    /// The bundle: `…/overlay-containers/<id>/userdata` under the graph root.
    pub(crate) fn userdata(&self, id: &str) -> String {
        format!("{}/overlay-containers/{id}/userdata", self.graph)
    }

    /// The run directory (pidfile, conmon.pid, oci-log).
    pub(crate) fn rundir(&self, id: &str) -> String {
        format!("{}/overlay-containers/{id}/userdata", self.run)
    }

    pub(crate) fn exits(&self) -> String {
        format!("{}/exits", self.tmp)
    }

    pub(crate) fn persist(&self, id: &str) -> String {
        format!("{}/persist/{id}", self.tmp)
    }

    /// The SQLite state database.
    pub(crate) fn db(&self) -> String {
        format!("{}/db.sql", self.graph)
    }

    /// The container's k8s-file log.
    pub(crate) fn log(&self, id: &str) -> String {
        format!("{}/ctr.log", self.userdata(id))
    }

    /// The systemd slice Podman's scopes go under.
    pub(crate) fn slice(&self) -> String {
        if self.rootless() {
            format!("user.slice/user-{ROOTLESS_UID}.slice/user@{ROOTLESS_UID}.service/user.slice")
        } else {
            "machine.slice".to_string()
        }
    }

    /// The container's cgroup (systemd cgroup manager).
    pub(crate) fn cgroup(&self, id: &str) -> String {
        format!("{}/libpod-{id}.scope", self.slice())
    }

    /// `linux.cgroupsPath` in config.json (slice:prefix:name).
    pub(crate) fn cgroups_path(&self, id: &str) -> String {
        let slice = if self.rootless() {
            "user.slice"
        } else {
            "machine.slice"
        };
        format!("{slice}:libpod:{id}")
    }

    /// The OCI runtime's state directory (podman passes no `--root`).
    pub(crate) fn oci_root(&self, bin: crate::trace::Component) -> String {
        let name = bin.id();
        if self.rootless() {
            format!("{}/{name}", self.xdg)
        } else {
            format!("/run/{name}")
        }
    }

    /// The exit command conmon runs (specgenutil.CreateExitCommandArgs),
    /// without the container id.
    pub(crate) fn exit_command(&self, runtime: &str, rm: bool) -> Vec<String> {
        let mut v: Vec<String> = [
            "/usr/bin/podman",
            "--root",
            &self.graph,
            "--runroot",
            &self.run,
            "--log-level",
            "warning",
            "--cgroup-manager",
            "systemd",
            "--tmpdir",
            &self.tmp,
            "--network-config-dir",
            "",
            "--network-backend",
            "netavark",
            "--volumepath",
            &format!("{}/volumes", self.graph),
            "--db-backend",
            "sqlite",
            "--transient-store=false",
            "--hooks-dir",
            "/usr/share/containers/oci/hooks.d",
            "--runtime",
            runtime,
            "--storage-driver",
            "overlay",
            "--events-backend",
            "journald",
            "container",
            "cleanup",
            "--stopped-only",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        if rm {
            v.push("--rm".into());
        }
        v
    }
}

impl World {
    /// The Podman container a name or id (or unique id prefix) names, among
    /// those of this user.
    pub(crate) fn podman_find(&self, user: Option<&str>, name_or_id: &str) -> Option<String> {
        let mine = |id: &String| {
            self.podman
                .ctrs
                .get(id)
                .is_some_and(|p| p.user.as_deref() == user && !p.infra)
        };
        if let Some(c) = self
            .ctrs
            .values()
            .find(|c| c.origin == super::Origin::Podman && c.name == name_or_id && mine(&c.id))
        {
            return Some(c.id.clone());
        }
        if name_or_id.is_empty() {
            return None;
        }
        let hits: Vec<&String> = self
            .ctrs
            .keys()
            .filter(|id| id.starts_with(name_or_id) && mine(id))
            .collect();
        match hits.as_slice() {
            [one] => Some((*one).clone()),
            _ => None,
        }
    }

    /// The image store a user's podman uses: rootful Podman shares
    /// containers/storage with CRI-O (store `crio`); a rootless user has one
    /// under their home.
    pub(crate) fn podman_store(user: Option<&str>) -> &'static str {
        if user.is_some() {
            "rootless"
        } else {
            "crio"
        }
    }
}

/// The name Podman gives a container without `--name` (the namesgenerator
/// Podman shares with Docker: `adjective_surname`).
pub(crate) fn generated_name(id: &str) -> String {
    const LEFT: [&str; 8] = [
        "admiring", "brave", "eager", "focused", "hopeful", "nifty", "quirky", "upbeat",
    ];
    const RIGHT: [&str; 8] = [
        "turing", "hopper", "lovelace", "curie", "noether", "ritchie", "torvalds", "wozniak",
    ];
    let n = id
        .bytes()
        .take(8)
        .fold(0usize, |a, b| a.wrapping_mul(31).wrapping_add(b as usize));
    format!("{}_{}", LEFT[n % 8], RIGHT[(n / 8) % 8])
}

#[cfg(test)]
mod tests {
    use crate::message::{Catalog, Lang};
    use crate::msg;

    #[test]
    fn podman_notes_read_in_korean() {
        let ko = Catalog::builtin(Lang::Ko);
        assert_eq!(
            ko.render(&msg!(
                "podman-image-present",
                image = "docker.io/library/nginx:1.27",
                graph = "/var/lib/containers/storage"
            )),
            "docker.io/library/nginx:1.27이 containers/storage(/var/lib/containers/storage)에 있다. 풀(pull)하지 않는다"
        );
        assert_eq!(
            ko.render(&msg!("podman-conmon-pid", pid = 4242u32)),
            "conmon이 _OCI_SYNCPIPE로 컨테이너의 pid 4242를 podman에 알린다"
        );
        assert_eq!(
            ko.render(&msg!("podman-run-rootless")),
            "podman이 사용자로 실행된다(루트리스). 데몬은 없고, 모든 일이 이 프로세스(libpod) 안에서 일어난다"
        );
    }
}
