//! What systemd does to the daemons: start and stop (with `Requires=`,
//! `BindsTo=` and `Wants=`), `Restart=` after a main process dies, and what
//! each daemon's start or stop means for the node (containerd's socket and
//! CRI, the kubelet's checks and its pods), with the journal's lines.

use super::journal::{frame, start_lines};
use super::systemd::{NodeTimer, UnitState, Units};
use super::unit_files::{restart_ms, restarts_on_failure, setting};
use crate::engine::{Timer, World};

/// Who starts a unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Starter {
    /// A person (`systemctl start`): containerd's start is shown as hops.
    User,
    /// systemd at boot: the boot pids, no hops.
    Boot,
    /// systemd's `Restart=`.
    Restart,
}

/// The `status=` text of a signal (`9/KILL`).
pub(crate) fn signal_name(sig: i32) -> String {
    let n = match sig {
        1 => "HUP",
        2 => "INT",
        3 => "QUIT",
        6 => "ABRT",
        9 => "KILL",
        11 => "SEGV",
        13 => "PIPE",
        15 => "TERM",
        _ => "",
    };
    if n.is_empty() {
        sig.to_string()
    } else {
        format!("{sig}/{n}")
    }
}

/// The names a unit's loaded text lists under a dependency setting.
fn deps(text: &str, key: &str) -> Vec<String> {
    let mut v = Vec::new();
    for line in text.lines() {
        let l = line.trim();
        if let Some(rest) = l.strip_prefix(key).and_then(|r| r.strip_prefix('=')) {
            v.extend(rest.split_whitespace().map(str::to_string));
        }
    }
    v
}

impl World {
    fn unit_log(&mut self, unit: &str, ident: &str, pid: u32, line: impl Into<String>) {
        let now = self.now_ms;
        self.node.units.log(now, unit, ident, pid, line);
    }

    fn systemd_log(&mut self, unit: &str, line: impl Into<String>) {
        self.unit_log(unit, "systemd", 1, line);
    }

    /// Puts a unit into a state (its generation moves on).
    fn set_unit(&mut self, name: &str, state: UnitState, pid: u32) {
        let now = self.now_ms;
        if let Some(u) = self.node.units.get_mut(name) {
            u.state = state;
            if pid != 0 {
                u.last_pid = pid;
            }
            u.main_pid = pid;
            u.since_ms = now;
            u.gen = u.gen.wrapping_add(1);
        }
    }

    /// The processes left in a unit's cgroup after its main process ended
    /// (`KillMode=process`): containerd's shims.
    pub(crate) fn cgroup_leftovers(&self, unit: &str) -> Vec<(u32, String)> {
        if unit != "containerd.service" {
            return Vec::new();
        }
        use crate::trace::Component;
        self.host_processes()
            .into_iter()
            .filter(|p| {
                p.ppid == 1
                    && matches!(
                        p.program,
                        Component::ShimRuncV2 | Component::ShimRunscV1 | Component::ShimKataV2
                    )
            })
            .map(|p| (p.pid, p.argv.join(" ")))
            .collect()
    }

    /// systemd starts a unit (and first what it `Requires=`, `BindsTo=`
    /// and `Wants=`).
    pub(crate) fn unit_start(&mut self, name: &str, by: Starter) {
        let Some(u) = self.node.units.get(name).cloned() else {
            return;
        };
        if u.state == UnitState::Active {
            return;
        }
        if u.loaded.is_empty() {
            let text = super::systemd::unit_text(&self.node.fs, &u);
            if let Some(m) = self.node.units.get_mut(name) {
                m.loaded = text;
            }
        }
        let text = self
            .node
            .units
            .get(name)
            .map(|u| u.loaded.clone())
            .unwrap_or_default();
        for key in ["Requires", "BindsTo", "Wants"] {
            for d in deps(&text, key) {
                if d != u.name && self.node.units.get(&d).is_some() {
                    self.unit_start(&d, by);
                }
            }
        }
        if by == Starter::User {
            if let Some(m) = self.node.units.get_mut(name) {
                m.restarts = 0;
            }
        }
        let unit = u.name.clone();
        let socket = u.is_socket();
        let pid = if socket {
            0
        } else if by == Starter::Boot {
            boot_pid(&unit)
        } else {
            self.pid()
        };
        let cfg = self.cfg;
        let lines = start_lines(&cfg, &unit, &u.description);
        for (lp, comm) in self.cgroup_leftovers(&unit) {
            let comm: String = super::fs::base(comm.split(' ').next().unwrap_or(""))
                .chars()
                .take(15)
                .collect();
            self.systemd_log(&unit, format!("{unit}: Found left-over process {lp} ({comm}) in control group while starting unit. Ignoring."));
            self.systemd_log(&unit, format!("{unit}: This usually indicates unclean termination of a previous run, or service implementation deficiencies."));
        }
        match unit.as_str() {
            "containerd.service" => {
                if by == Starter::Boot {
                    self.containerd_up = true;
                    self.pleg_all = true;
                } else if !self.containerd_up {
                    let _ = self.systemctl_containerd(false, true);
                }
            }
            "kubelet.service" => {
                self.set_unit(&unit, UnitState::Active, pid);
                if let Ok(s) = self.kubelet_setup() {
                    if let Some(m) = self.node.units.get_mut(&unit) {
                        m.exec = s.argv;
                    }
                }
                for (ident, line) in lines {
                    let p = if ident == "systemd" { 1 } else { pid };
                    let now = self.now_ms;
                    self.unit_log(&unit, ident, p, frame(now, ident, &line));
                }
                self.kubelet_started(pid);
                return;
            }
            _ => {}
        }
        self.set_unit(&unit, UnitState::Active, pid);
        for (ident, line) in lines {
            let p = if ident == "systemd" { 1 } else { pid };
            let now = self.now_ms;
            self.unit_log(&unit, ident, p, frame(now, ident, &line));
        }
        self.after_unit_change();
    }

    /// A client connects to a socket systemd listens on (`docker.socket`,
    /// `cri-docker.socket`): systemd starts the socket's service if it is
    /// not running (socket activation).
    pub(crate) fn socket_activate(&mut self, path: &str) {
        let p = super::fs::normalize("/", path.strip_prefix("unix://").unwrap_or(path));
        let real = super::systemd::resolved(&self.node.fs, &p);
        let service = self
            .node
            .units
            .iter()
            .find(|u| {
                u.is_socket()
                    && u.state == UnitState::Active
                    && Units::socket_of(&u.name) == Some(real.as_str())
            })
            .map(|u| u.name.replace(".socket", ".service"));
        if let Some(s) = service {
            if self
                .node
                .units
                .get(&s)
                .is_some_and(|u| u.state == UnitState::Inactive)
            {
                self.unit_start(&s, Starter::Restart);
            }
        }
    }

    /// The kubelet's process runs its start: it exits (and systemd's
    /// `Restart=` takes over) or it syncs its pods.
    fn kubelet_started(&mut self, pid: u32) {
        let unit = "kubelet.service";
        // Its runtime endpoint may be a socket systemd holds for its service.
        if let Ok(s) = self.kubelet_setup() {
            self.kubelet_switch_runtime(&s.endpoint);
            let ep = if s.endpoint.is_empty() {
                "/run/docker.sock".to_string()
            } else {
                s.endpoint
            };
            self.socket_activate(&ep);
        }
        match self.kubelet_boot() {
            Err(_) => {
                self.systemd_log(
                    unit,
                    format!("{unit}: Main process exited, code=exited, status=1/FAILURE"),
                );
                self.systemd_log(unit, format!("{unit}: Failed with result 'exit-code'."));
                self.unit_failed(unit, "exit-code", "code=exited, status=1/FAILURE", pid);
            }
            Ok(setup) => {
                self.node.units.kubelet.endpoint = Some(setup.endpoint.clone());
                self.node.units.kubelet.cgroup_driver = Some(setup.cgroup_driver.clone());
                self.node.units.kubelet.stopped_ms = None;
                self.node.units.kubelet.runtime_lost_ms = None;
                self.kubelet_note_driver(&setup);
                self.node.units.publish(&mut self.node.fs);
                self.pleg_all = true;
                let keys: Vec<_> = self.pods.keys().cloned().collect();
                for k in keys {
                    self.sync_pod(&k);
                }
            }
        }
    }

    /// A unit's main process ended badly: systemd restarts it after
    /// `RestartSec=` when `Restart=` says so, else the unit is failed.
    fn unit_failed(&mut self, name: &str, result: &'static str, exit: &str, pid: u32) {
        let Some(u) = self.node.units.get(name).cloned() else {
            return;
        };
        let restart = restarts_on_failure(&u.loaded);
        let state = if restart {
            UnitState::Activating
        } else {
            UnitState::Failed
        };
        self.set_unit(name, state, 0);
        if let Some(m) = self.node.units.get_mut(name) {
            m.last_pid = pid;
            m.result = result;
            m.exit = exit.to_string();
        }
        if restart {
            let gen = self.node.units.get(name).map_or(0, |u| u.gen);
            self.at(
                restart_ms(&u.loaded),
                Timer::Node(NodeTimer::Restart {
                    unit: u.name.clone(),
                    gen,
                }),
            );
        }
        if name == "kubelet.service" && self.node.units.kubelet.stopped_ms.is_none() {
            self.node.units.kubelet.stopped_ms = Some(self.now_ms);
        }
        self.after_unit_change();
    }

    /// systemd stops a unit (and first the active units that `Requires=`
    /// or are `BindsTo=` it).
    pub(crate) fn unit_stop(&mut self, name: &str, hops: bool) {
        let Some(u) = self.node.units.get(name).cloned() else {
            return;
        };
        let dependents: Vec<String> = self
            .node
            .units
            .iter()
            .filter(|o| {
                o.name != u.name
                    && o.state != UnitState::Inactive
                    && (deps(&o.loaded, "Requires").contains(&u.name)
                        || deps(&o.loaded, "BindsTo").contains(&u.name))
            })
            .map(|o| o.name.clone())
            .collect();
        for d in dependents {
            self.unit_stop(&d, hops);
        }
        if u.state == UnitState::Inactive {
            return;
        }
        let unit = u.name.clone();
        if u.state == UnitState::Active {
            self.systemd_log(&unit, format!("Stopping {unit} - {}...", u.description));
        }
        match unit.as_str() {
            "containerd.service" => {
                if hops && self.containerd_up {
                    let _ = self.systemctl_containerd(true, false);
                } else {
                    self.containerd_up = false;
                }
                if u.state == UnitState::Active && self.cfg.runtime.is_containerd_cri() {
                    let now = self.now_ms;
                    self.unit_log(
                        &unit,
                        "containerd",
                        u.main_pid,
                        frame(now, "containerd", "Stop CRI service"),
                    );
                }
            }
            "kubelet.service" if self.node.units.kubelet.stopped_ms.is_none() => {
                self.node.units.kubelet.stopped_ms = Some(self.now_ms);
            }
            _ => {}
        }
        for (lp, comm) in self.cgroup_leftovers(&unit) {
            let comm: String = super::fs::base(comm.split(' ').next().unwrap_or(""))
                .chars()
                .take(15)
                .collect();
            self.systemd_log(
                &unit,
                format!("{unit}: Unit process {lp} ({comm}) remains running after unit stopped."),
            );
        }
        if u.state == UnitState::Active {
            self.systemd_log(&unit, format!("{unit}: Deactivated successfully."));
            self.systemd_log(&unit, format!("Stopped {unit} - {}.", u.description));
        }
        if let Some(m) = self.node.units.get_mut(&unit) {
            m.exit = if u.is_socket() {
                String::new()
            } else {
                "code=exited, status=0/SUCCESS".to_string()
            };
            m.result = "success";
        }
        self.set_unit(&unit, UnitState::Inactive, 0);
        self.after_unit_change();
    }

    /// What follows any unit's change: the sockets in the file system,
    /// and the kubelet noticing its runtime come or go.
    fn after_unit_change(&mut self) {
        self.node.units.publish(&mut self.node.fs);
        if !self.cfg.runtime.has_kubernetes() || !self.kubelet_running() {
            return;
        }
        let up = self.kubelet_runtime_up();
        match (up, self.node.units.kubelet.runtime_lost_ms) {
            (true, Some(lost)) => {
                self.node.units.kubelet.runtime_lost_ms = None;
                self.pleg_all = true;
                // The sync loop skipped its work while the runtime was down
                // (from 30 s on): it syncs every pod again.
                if self.now_ms.saturating_sub(lost) >= 30_000 {
                    let keys: Vec<_> = self.pods.keys().cloned().collect();
                    for k in keys {
                        self.sync_pod(&k);
                    }
                }
            }
            (false, None) => {
                self.node.units.kubelet.runtime_lost_ms = Some(self.now_ms);
                let gen = self.node.units.get("kubelet.service").map_or(0, |u| u.gen);
                self.at(5_000, Timer::Node(NodeTimer::KubeletTick { gen }));
            }
            _ => {}
        }
    }

    /// A timer of systemd's or the kubelet's fired.
    pub(crate) fn node_timer(&mut self, t: NodeTimer) {
        match t {
            NodeTimer::KubeletTick { gen } => self.kubelet_tick(gen),
            NodeTimer::Restart { unit, gen } => {
                let Some(u) = self.node.units.get(&unit).cloned() else {
                    return;
                };
                if u.gen != gen || u.state != UnitState::Activating {
                    return;
                }
                let n = u.restarts + 1;
                if let Some(m) = self.node.units.get_mut(&unit) {
                    m.restarts = n;
                    m.state = UnitState::Inactive;
                }
                self.systemd_log(
                    &unit,
                    format!("{unit}: Scheduled restart job, restart counter is at {n}."),
                );
                self.systemd_log(&unit, format!("Stopped {unit} - {}.", u.description));
                self.unit_start(&unit, Starter::Restart);
            }
        }
    }

    /// A unit's main process got `signal` (`kill`, `pkill`): the unit fails,
    /// and systemd restarts it when its `Restart=` says so.
    pub(crate) fn unit_process_killed(&mut self, unit: &str, signal: i32) {
        let Some(u) = self.node.units.get(unit).cloned() else {
            return;
        };
        if u.state != UnitState::Active || u.main_pid == 0 {
            return;
        }
        let name = u.name.clone();
        if name == "containerd.service" {
            self.containerd_up = false;
        }
        let status = signal_name(signal);
        self.systemd_log(
            &name,
            format!("{name}: Main process exited, code=killed, status={status}"),
        );
        // SIGTERM, SIGINT, SIGHUP and SIGPIPE are a clean end: only
        // `Restart=always` starts the unit again.
        let clean = matches!(signal, 1 | 2 | 13 | 15);
        let always = setting(&u.loaded, "Restart") == Some("always");
        if clean && !always {
            self.systemd_log(&name, format!("{name}: Deactivated successfully."));
            self.set_unit(&name, UnitState::Inactive, 0);
            if name == "kubelet.service" {
                self.node.units.kubelet.stopped_ms = Some(self.now_ms);
            }
            self.after_unit_change();
            return;
        }
        if !clean {
            self.systemd_log(&name, format!("{name}: Failed with result 'signal'."));
        }
        let exit = format!(
            "code=killed, signal={}",
            status.split('/').nth(1).unwrap_or(&status)
        );
        self.unit_failed(
            &name,
            if clean { "success" } else { "signal" },
            &exit,
            u.main_pid,
        );
    }
}

/// A daemon's pid right after boot.
fn boot_pid(unit: &str) -> u32 {
    match unit {
        "ssh.service" => super::systemd::SSH_PID,
        "containerd.service" => super::systemd::CONTAINERD_PID,
        "crio.service" => 615,
        "docker.service" => 701,
        "cri-docker.service" => 744,
        "kubelet.service" => super::systemd::KUBELET_PID,
        _ => 900,
    }
}

impl Units {
    /// Whether a unit's file changed on disk since systemd loaded it.
    pub(crate) fn changed_on_disk(&self, fs: &super::fs::Fs, name: &str) -> bool {
        self.get(name)
            .is_some_and(|u| !u.loaded.is_empty() && super::systemd::unit_text(fs, u) != u.loaded)
    }
}
