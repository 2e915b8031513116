//! systemd: the units the configuration installs, their states, the
//! journal, `systemctl`, `journalctl` and `reboot`.

use super::fs::Fs;
use super::Io;
use crate::config::{Config, Runtime};
use crate::engine::{Outcome, World};
use litemap::LiteMap;

/// A unit's `ActiveState`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum UnitState {
    /// `active` (running, or listening for a socket unit).
    Active,
    /// `inactive` (dead).
    Inactive,
    /// `failed`.
    Failed,
    /// `activating` (for the kubelet: `activating (auto-restart)`).
    Activating,
}

impl UnitState {
    /// As `systemctl is-active` prints it.
    pub fn as_str(self) -> &'static str {
        match self {
            UnitState::Active => "active",
            UnitState::Inactive => "inactive",
            UnitState::Failed => "failed",
            UnitState::Activating => "activating",
        }
    }
}

/// One unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    /// Full name: `containerd.service`, `cri-docker.socket`.
    pub name: String,
    /// Its `Description=`.
    pub description: String,
    /// The unit file (`/lib/systemd/system/containerd.service`).
    pub fragment: String,
    /// `systemctl enable`d (wanted by `multi-user.target` or `sockets.target`).
    pub enabled: bool,
    /// Its state now.
    pub state: UnitState,
    /// The main process (0 when none).
    pub main_pid: u32,
    /// The main process's argv (`ExecStart=`).
    pub exec: Vec<String>,
    /// When it entered its state (world ms).
    pub since_ms: u64,
}

/// One journal line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JournalEntry {
    /// When (world ms).
    pub ms: u64,
    /// The unit it belongs to (`kubelet.service`).
    pub unit: String,
    /// The syslog identifier (`kubelet`, `containerd`, `systemd`).
    pub ident: String,
    /// The process that wrote it (1 for systemd's own lines).
    pub pid: u32,
    /// The message, as the daemon logged it.
    pub line: String,
}

/// The units and the journal.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Units {
    pub(crate) units: LiteMap<String, Unit>,
    pub(crate) journal: Vec<JournalEntry>,
}

/// The full unit name: `containerd` → `containerd.service`.
pub fn unit_name(name: &str) -> String {
    if name.ends_with(".service") || name.ends_with(".socket") || name.ends_with(".target") {
        name.to_string()
    } else {
        format!("{name}.service")
    }
}

impl Units {
    /// The units a configuration installs, as after boot: every daemon of
    /// the configuration enabled and active, with its boot-time pid.
    pub fn new(cfg: &Config) -> Units {
        let mut u = Units::default();
        let mut add = |name: &str, description: &str, pid: u32, exec: &[&str]| {
            u.units.insert(
                name.to_string(),
                Unit {
                    name: name.to_string(),
                    description: description.to_string(),
                    fragment: format!("/lib/systemd/system/{name}"),
                    enabled: true,
                    state: UnitState::Active,
                    main_pid: pid,
                    exec: exec.iter().map(|s| s.to_string()).collect(),
                    since_ms: 0,
                },
            );
        };
        add(
            "ssh.service",
            "OpenBSD Secure Shell server",
            588,
            &["sshd: /usr/sbin/sshd -D [listener] 0 of 10-100 startups"],
        );
        let rt = cfg.runtime;
        if rt.has_containerd() {
            add(
                "containerd.service",
                "containerd container runtime",
                612,
                &["/usr/bin/containerd"],
            );
        }
        if rt == Runtime::CriO {
            add(
                "crio.service",
                "Container Runtime Interface for OCI (CRI-O)",
                615,
                &["/usr/bin/crio"],
            );
        }
        if rt.has_docker() {
            add("docker.socket", "Docker Socket for the API", 0, &[]);
            add(
                "docker.service",
                "Docker Application Container Engine",
                701,
                &[
                    "/usr/bin/dockerd",
                    "-H",
                    "fd://",
                    "--containerd=/run/containerd/containerd.sock",
                ],
            );
        }
        if rt == Runtime::CriDockerd {
            add("cri-docker.socket", "CRI Docker Socket for the API", 0, &[]);
            add(
                "cri-docker.service",
                "CRI Interface for Docker Application Container Engine",
                744,
                &[
                    "/usr/bin/cri-dockerd",
                    "--container-runtime-endpoint",
                    "fd://",
                ],
            );
        }
        if rt.has_kubernetes() {
            add(
                "kubelet.service",
                "kubelet: The Kubernetes Node Agent",
                803,
                &[
                    "/usr/bin/kubelet",
                    "--bootstrap-kubeconfig=/etc/kubernetes/bootstrap-kubelet.conf",
                    "--kubeconfig=/etc/kubernetes/kubelet.conf",
                    "--config=/var/lib/kubelet/config.yaml",
                ],
            );
        }
        u
    }

    /// A unit by name (`containerd` or `containerd.service`).
    pub fn get(&self, name: &str) -> Option<&Unit> {
        self.units.get(&unit_name(name))
    }

    /// Whether a unit exists and is active.
    pub fn is_active(&self, name: &str) -> bool {
        self.get(name).is_some_and(|u| u.state == UnitState::Active)
    }

    /// A unit's main pid (0 when it has none or does not exist).
    pub fn main_pid(&self, name: &str) -> u32 {
        self.get(name).map_or(0, |u| u.main_pid)
    }

    /// Every unit, by name.
    pub fn iter(&self) -> impl Iterator<Item = &Unit> {
        self.units.values()
    }

    /// The journal, oldest first.
    pub fn journal(&self) -> &[JournalEntry] {
        &self.journal
    }

    /// Writes the unit files and the sockets of active units into the file system.
    pub fn publish(&self, fs: &mut Fs) {
        for u in self.units.values() {
            let socket = match u.name.as_str() {
                "containerd.service" => "/run/containerd/containerd.sock",
                "crio.service" => "/run/crio/crio.sock",
                "docker.socket" => "/run/docker.sock",
                "cri-docker.socket" => "/run/cri-dockerd.sock",
                _ => continue,
            };
            if u.state == UnitState::Active {
                fs.put(socket, super::fs::Entry::Socket);
            } else {
                fs.remove_socket(socket);
            }
        }
    }

    /// Registers the units a package ships (`dpkg -i cri-dockerd_….deb`:
    /// `cri-docker.service` and `cri-docker.socket`, disabled and inactive)
    /// and writes their unit files.
    #[allow(dead_code)] // called by dpkg (issue 15, being written)
    pub(crate) fn install_package(&mut self, _fs: &mut Fs, _package: &str, _now_ms: u64) {}
}

impl World {
    /// A unit's main process got `signal` (`kill`, `pkill`): the unit fails,
    /// and systemd restarts it when its `Restart=` says so.
    #[allow(dead_code)] // called by kill (issue 15, being written)
    pub(crate) fn unit_process_killed(&mut self, _unit: &str, _signal: i32) {}
}

/// Runs `systemctl`, `journalctl`, `reboot`, `service`.
pub(crate) fn run(_w: &mut World, _prog: &str, _argv: &[String], _io: &Io<'_>) -> Option<Outcome> {
    None
}
