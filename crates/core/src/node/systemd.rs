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
    /// The unit's text (fragment and drop-ins) as systemd last loaded it;
    /// empty until the first load.
    pub(crate) loaded: String,
    /// `Result=` of the last run that failed (`exit-code`, `signal`).
    pub(crate) result: &'static str,
    /// How the last main process ended (`code=exited, status=1/FAILURE`).
    pub(crate) exit: String,
    /// `NRestarts=`: restarts systemd scheduled (`Restart=`).
    pub(crate) restarts: u32,
    /// Counts the unit's state changes, so a timer can tell it is stale.
    pub(crate) gen: u32,
    /// The main pid of its last run (for `Main PID: … (code=exited…)`).
    pub(crate) last_pid: u32,
}

impl Unit {
    /// Whether this is a socket unit.
    pub fn is_socket(&self) -> bool {
        self.name.ends_with(".socket")
    }

    /// The `SubState` systemd shows in brackets (`running`, `dead`,
    /// `listening`, `auto-restart`, `failed`).
    pub fn sub_state(&self) -> &'static str {
        match (self.state, self.is_socket()) {
            (UnitState::Active, true) => "listening",
            (UnitState::Active, false) => "running",
            (UnitState::Inactive, _) => "dead",
            (UnitState::Failed, _) => "failed",
            (UnitState::Activating, _) => "auto-restart",
        }
    }

    /// The process name systemd's journal and `Main PID:` show (`kubelet`).
    pub fn comm(&self) -> &str {
        let first = self.exec.first().map(String::as_str).unwrap_or("");
        let first = first.split_whitespace().next().unwrap_or(first);
        let base = super::fs::base(first).trim_end_matches(':');
        base
    }
}

/// One journal line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JournalEntry {
    /// When (world ms).
    pub ms: u64,
    /// The unit it belongs to (`kubelet.service`; empty for the kernel's).
    pub unit: String,
    /// The syslog identifier (`kubelet`, `containerd`, `systemd`, `kernel`).
    pub ident: String,
    /// The process that wrote it (1 for systemd's own lines, 0 for the kernel's).
    pub pid: u32,
    /// The message, as the daemon logged it.
    pub line: String,
    /// Which boot it belongs to (0 = the first).
    pub boot: u32,
}

/// What the kubelet knows of its own health, for the Node's conditions.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct KubeletHealth {
    /// When the kubelet last found its runtime gone (none while it answers).
    pub runtime_lost_ms: Option<u64>,
    /// When the kubelet last stopped running (none while it runs).
    pub stopped_ms: Option<u64>,
    /// Why sandboxes fail on this node now (a cgroup driver mismatch), set
    /// at the kubelet's start.
    pub sandbox_error: Option<String>,
    /// The CRI endpoint the running kubelet started with (none: the
    /// configuration's, as at boot).
    pub endpoint: Option<String>,
    /// The cgroup driver the running kubelet started with (none: the
    /// configuration's, as at boot).
    pub cgroup_driver: Option<String>,
    /// How full the image file system is (a fault; none = the model's
    /// healthy default).
    pub image_fs_percent: Option<u8>,
}

/// Something the clock makes systemd or the kubelet do.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum NodeTimer {
    /// `Restart=`: systemd starts a unit again after `RestartSec=`.
    Restart {
        /// The unit.
        unit: String,
        /// The unit's generation when it was scheduled (a stale timer is ignored).
        gen: u32,
    },
    /// The kubelet's periodic checks while its runtime is away.
    KubeletTick {
        /// The kubelet unit's generation when it was scheduled.
        gen: u32,
    },
}

/// The units and the journal.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Units {
    pub(crate) units: LiteMap<String, Unit>,
    /// By sequence number: a persistent map, so step-back's snapshots share it.
    pub(crate) journal: crate::snapshot::Map<u64, JournalEntry>,
    /// The next journal entry's sequence number.
    pub(crate) journal_seq: u64,
    /// The current boot (0 = the first).
    pub(crate) boot: u32,
    /// When the current boot began (world ms).
    pub(crate) boot_ms: u64,
    pub(crate) kubelet: KubeletHealth,
}

/// Journal lines kept (journald rotates; the oldest go first).
const JOURNAL_MAX: usize = 20_000;

/// The full unit name: `containerd` → `containerd.service`.
pub fn unit_name(name: &str) -> String {
    if name.ends_with(".service")
        || name.ends_with(".socket")
        || name.ends_with(".target")
        || name.ends_with(".timer")
        || name.ends_with(".mount")
    {
        name.to_string()
    } else {
        format!("{name}.service")
    }
}

/// The boot pids of the daemons (systemd starts them in this order).
pub(crate) const SSH_PID: u32 = 588;
/// containerd's boot pid (the one `systemctl stop containerd` signals first).
pub(crate) const CONTAINERD_PID: u32 = 812;
const CRIO_PID: u32 = 615;
const DOCKERD_PID: u32 = 701;
const CRI_DOCKERD_PID: u32 = 744;
/// The kubelet's boot pid.
pub(crate) const KUBELET_PID: u32 = 803;

/// The daemons a configuration runs: (unit, description, boot pid, argv).
fn daemons(cfg: &Config) -> Vec<(&'static str, &'static str, u32, Vec<&'static str>)> {
    let rt = cfg.runtime;
    let mut v = vec![(
        "ssh.service",
        "OpenBSD Secure Shell server",
        SSH_PID,
        vec!["sshd: /usr/sbin/sshd -D [listener] 0 of 10-100 startups"],
    )];
    if rt.has_containerd() {
        v.push((
            "containerd.service",
            "containerd container runtime",
            CONTAINERD_PID,
            vec!["/usr/bin/containerd"],
        ));
    }
    if rt == Runtime::CriO {
        v.push((
            "crio.service",
            "Container Runtime Interface for OCI (CRI-O)",
            CRIO_PID,
            vec!["/usr/bin/crio"],
        ));
    }
    if rt.has_docker() {
        v.push(("docker.socket", "Docker Socket for the API", 0, vec![]));
        v.push((
            "docker.service",
            "Docker Application Container Engine",
            DOCKERD_PID,
            vec![
                "/usr/bin/dockerd",
                "-H",
                "fd://",
                "--containerd=/run/containerd/containerd.sock",
            ],
        ));
    }
    if rt == Runtime::CriDockerd {
        v.push((
            "cri-docker.socket",
            "CRI Docker Socket for the API",
            0,
            vec![],
        ));
        v.push((
            "cri-docker.service",
            "CRI Interface for Docker Application Container Engine",
            CRI_DOCKERD_PID,
            vec![
                "/usr/bin/cri-dockerd",
                "--container-runtime-endpoint",
                "fd://",
            ],
        ));
    }
    if rt.has_kubernetes() {
        v.push((
            "kubelet.service",
            "kubelet: The Kubernetes Node Agent",
            KUBELET_PID,
            vec![
                "/usr/bin/kubelet",
                "--bootstrap-kubeconfig=/etc/kubernetes/bootstrap-kubelet.conf",
                "--kubeconfig=/etc/kubernetes/kubelet.conf",
                "--config=/var/lib/kubelet/config.yaml",
            ],
        ));
    }
    v
}

impl Units {
    /// The units a configuration installs, as after boot: every daemon of
    /// the configuration enabled and active, with its boot-time pid, and
    /// the journal of that boot.
    pub fn new(cfg: &Config) -> Units {
        let mut u = Units::default();
        for (name, description, pid, exec) in daemons(cfg) {
            u.add(
                name,
                description,
                exec.iter().map(|s| s.to_string()).collect(),
            );
            if let Some(unit) = u.units.get_mut(name) {
                unit.enabled = true;
                unit.state = UnitState::Active;
                unit.main_pid = pid;
            }
            for (ident, line) in super::journal::start_lines(cfg, name, description) {
                let p = if ident == "systemd" { 1 } else { pid };
                u.log(0, name, ident, p, super::journal::frame(0, ident, &line));
            }
        }
        u
    }

    /// Registers a unit, disabled and inactive.
    fn add(&mut self, name: &str, description: &str, exec: Vec<String>) {
        self.units.insert(
            name.to_string(),
            Unit {
                name: name.to_string(),
                description: description.to_string(),
                fragment: format!("/lib/systemd/system/{name}"),
                enabled: false,
                state: UnitState::Inactive,
                main_pid: 0,
                exec,
                since_ms: 0,
                loaded: String::new(),
                result: "success",
                exit: String::new(),
                restarts: 0,
                gen: 0,
                last_pid: 0,
            },
        );
    }

    /// A unit by name (`containerd` or `containerd.service`).
    pub fn get(&self, name: &str) -> Option<&Unit> {
        self.units.get(&unit_name(name))
    }

    pub(crate) fn get_mut(&mut self, name: &str) -> Option<&mut Unit> {
        self.units.get_mut(&unit_name(name))
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
    pub fn journal(&self) -> impl DoubleEndedIterator<Item = &JournalEntry> + '_ {
        self.journal.values()
    }

    /// Appends a journal line.
    pub(crate) fn log(
        &mut self,
        ms: u64,
        unit: &str,
        ident: &str,
        pid: u32,
        line: impl Into<String>,
    ) {
        if self.journal.len() >= JOURNAL_MAX {
            let oldest: Vec<u64> = self
                .journal
                .keys()
                .take(JOURNAL_MAX / 10)
                .copied()
                .collect();
            for k in oldest {
                self.journal.remove(&k);
            }
        }
        self.journal_seq += 1;
        self.journal.insert(
            self.journal_seq,
            JournalEntry {
                ms,
                unit: unit.to_string(),
                ident: ident.to_string(),
                pid,
                line: line.into(),
                boot: self.boot,
            },
        );
    }

    /// The socket a unit listens on, when it has one the model tracks.
    pub(crate) fn socket_of(name: &str) -> Option<&'static str> {
        Some(match name {
            "containerd.service" => "/run/containerd/containerd.sock",
            "crio.service" => "/run/crio/crio.sock",
            "docker.socket" => "/run/docker.sock",
            "cri-docker.socket" => "/run/cri-dockerd.sock",
            _ => return None,
        })
    }

    /// Writes the unit files (where absent) and the sockets of active
    /// units into the file system.
    pub fn publish(&self, fs: &mut Fs) {
        for u in self.units.values() {
            let path = resolved(fs, &u.fragment);
            if !fs.exists(&path) {
                if let Some(text) = super::unit_files::packaged(&u.name) {
                    fs.put_file(&path, text);
                }
            }
            if u.name == "kubelet.service" && dropins(fs, &u.name).is_empty() {
                // Where the node's set-up writes kubeadm's drop-in.
                fs.put_file(
                    "/etc/systemd/system/kubelet.service.d/10-kubeadm.conf",
                    super::unit_files::KUBEADM_DROPIN,
                );
            }
            let Some(socket) = Units::socket_of(&u.name) else {
                continue;
            };
            if u.state == UnitState::Active {
                fs.put(socket, super::fs::Entry::Socket);
            } else {
                fs.remove_socket(socket);
            }
        }
    }

    /// systemd (re)reads every unit's files (`daemon-reload`, boot).
    pub(crate) fn load(&mut self, fs: &Fs) {
        let boot = self.units.values().all(|u| u.loaded.is_empty());
        let names: Vec<String> = self.units.keys().cloned().collect();
        for n in names {
            let text = self.units.get(&n).map(|u| unit_text(fs, u));
            if let (Some(u), Some(t)) = (self.units.get_mut(&n), text) {
                u.loaded = t;
            }
        }
        // At boot the kubelet runs with what systemd made of its unit and
        // kubeadm's files.
        if boot {
            if let Some(k) = self.units.get_mut("kubelet.service") {
                k.exec = super::kubelet_service::argv(fs, &k.loaded);
            }
        }
    }

    /// Registers the units a package ships (`dpkg -i cri-dockerd_….deb`:
    /// `cri-docker.service` and `cri-docker.socket`, disabled and inactive)
    /// and writes their unit files.
    #[allow(dead_code)] // called by dpkg (issue 15, being written)
    pub(crate) fn install_package(&mut self, fs: &mut Fs, package: &str, _now_ms: u64) {
        let units: &[(&str, &str, &[&str])] = match package {
            "cri-dockerd" => &[
                ("cri-docker.socket", "CRI Docker Socket for the API", &[]),
                (
                    "cri-docker.service",
                    "CRI Interface for Docker Application Container Engine",
                    &[
                        "/usr/bin/cri-dockerd",
                        "--container-runtime-endpoint",
                        "fd://",
                    ],
                ),
            ],
            _ => &[],
        };
        for (name, description, exec) in units {
            if !self.units.contains_key(*name) {
                self.add(
                    name,
                    description,
                    exec.iter().map(|s| s.to_string()).collect(),
                );
            }
        }
        self.publish(fs);
        for (name, ..) in units {
            if let Some(u) = self.units.get_mut(*name) {
                if u.loaded.is_empty() {
                    u.loaded = unit_text(fs, u);
                }
            }
        }
    }
}

/// A path with its directories' symlinks resolved (`/lib` → `/usr/lib` on
/// a merged-/usr system).
pub(crate) fn resolved(fs: &Fs, path: &str) -> String {
    fs.resolve(path, false).unwrap_or_else(|_| path.to_string())
}

/// The drop-in files of a unit, in the order systemd applies them:
/// `/etc/systemd/system/NAME.d`, `/run/systemd/system/NAME.d`,
/// `/lib/systemd/system/NAME.d` (a name in an earlier directory masks the
/// same name in a later one), sorted by file name.
pub(crate) fn dropins(fs: &Fs, name: &str) -> Vec<(String, String)> {
    let mut seen: LiteMap<String, (String, String)> = LiteMap::new();
    for dir in [
        "/etc/systemd/system",
        "/run/systemd/system",
        "/lib/systemd/system",
    ] {
        let d = resolved(fs, &format!("{dir}/{name}.d"));
        if !fs.is_dir(&d) {
            continue;
        }
        for (file, e) in fs.children(&d) {
            if !file.ends_with(".conf") || seen.contains_key(file) {
                continue;
            }
            if let super::fs::Entry::File { text, .. } = e {
                seen.insert(file.to_string(), (format!("{d}/{file}"), text.clone()));
            }
        }
    }
    seen.into_iter().map(|(_, v)| v).collect()
}

/// Where a unit's file is: `/etc/systemd/system` overrides the packaged one.
pub(crate) fn fragment_path(fs: &Fs, u: &Unit) -> String {
    let etc = format!("/etc/systemd/system/{}", u.name);
    if matches!(fs.get(&etc), Ok(super::fs::Entry::File { .. })) {
        return etc;
    }
    resolved(fs, &u.fragment)
}

/// A unit's text as systemd reads it: its file, then its drop-ins.
pub(crate) fn unit_text(fs: &Fs, u: &Unit) -> String {
    let mut t = fs.read(&fragment_path(fs, u)).unwrap_or("").to_string();
    for (_, text) in dropins(fs, &u.name) {
        t.push_str(&text);
    }
    t
}

/// Runs `systemctl`, `journalctl`, `reboot`, `shutdown`, `service`.
pub(crate) fn run(w: &mut World, prog: &str, argv: &[String], io: &Io<'_>) -> Option<Outcome> {
    Some(match prog {
        "systemctl" => super::systemctl::run(w, argv),
        "journalctl" => super::journal::journalctl(w, argv, io),
        "reboot" => {
            w.reboot();
            Outcome::ok("").remark(crate::msg!("systemd-rebooted"))
        }
        "shutdown" => {
            let reboot = argv.iter().skip(1).any(|a| a == "-r" || a == "--reboot");
            if reboot {
                w.reboot();
                Outcome::ok("").remark(crate::msg!("systemd-rebooted"))
            } else {
                Outcome::said(1, crate::msg!("systemd-not-modelled", verb = "shutdown"))
            }
        }
        // `service NAME ACTION` (the SysV wrapper) asks systemctl.
        _ => match argv {
            [_, name, action, ..] => {
                let line: Vec<String> = vec!["systemctl".into(), action.clone(), name.clone()];
                super::systemctl::run(w, &line)
            }
            _ => Outcome::err(1, "Usage: service < option > | --status-all | [ service_name [ command | --full-restart ] ]"),
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cri_dockerd_package_installs_its_units_disabled() {
        let cfg = Config::from_words(Some("1.23"), Some("dockershim"), None).unwrap();
        let mut units = Units::new(&cfg);
        let mut fs = Fs::new();
        units.install_package(&mut fs, "cri-dockerd", 0);
        for name in ["cri-docker.service", "cri-docker.socket"] {
            let u = units.get(name).unwrap();
            assert_eq!((u.enabled, u.state), (false, UnitState::Inactive), "{name}");
            assert!(!u.loaded.is_empty());
        }
        assert!(fs
            .read("/lib/systemd/system/cri-docker.socket")
            .unwrap()
            .contains("ListenStream=%t/cri-dockerd.sock"));
        assert!(!fs.exists("/run/cri-dockerd.sock"));
    }
}
