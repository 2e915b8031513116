//! The kubelet as a systemd service: the command line systemd gives it
//! (the unit's `ExecStart=` with kubeadm's drop-in, `kubeadm-flags.env`,
//! `/etc/default/kubelet`), what it reads at start (`config.yaml`), why it
//! refuses to start (an unknown flag, a runtime endpoint with no socket, a
//! cgroup driver that differs from dockershim's Docker), and what it logs
//! while its runtime is away.

use super::fs::{normalize, Entry, Fs};
use super::journal::klog;
use super::systemd::{unit_text, NodeTimer};
use crate::config::{Config, Runtime};
use crate::engine::World;

/// What the kubelet runs with, as read at its start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct KubeletSetup {
    /// Its argv (after systemd expanded the unit's variables).
    pub argv: Vec<String>,
    /// The CRI endpoint (`--container-runtime-endpoint`, or
    /// `containerRuntimeEndpoint` in config.yaml); empty under dockershim.
    pub endpoint: String,
    /// `cgroupDriver` (`--cgroup-driver` or config.yaml).
    pub cgroup_driver: String,
}

/// Flags every kubelet of the model's range knows (pflag's names, without `--`).
const FLAGS: &[&str] = &[
    "address",
    "anonymous-auth",
    "authentication-token-webhook",
    "authorization-mode",
    "bootstrap-kubeconfig",
    "cert-dir",
    "cgroup-driver",
    "cgroup-root",
    "cgroups-per-qos",
    "client-ca-file",
    "cloud-provider",
    "cluster-dns",
    "cluster-domain",
    "config",
    "config-dir",
    "container-log-max-files",
    "container-log-max-size",
    "container-runtime-endpoint",
    "enforce-node-allocatable",
    "eviction-hard",
    "fail-swap-on",
    "feature-gates",
    "healthz-port",
    "hostname-override",
    "image-gc-high-threshold",
    "image-gc-low-threshold",
    "image-service-endpoint",
    "kube-reserved",
    "kubeconfig",
    "max-pods",
    "node-ip",
    "node-labels",
    "pod-infra-container-image",
    "pod-manifest-path",
    "port",
    "provider-id",
    "read-only-port",
    "register-node",
    "register-with-taints",
    "resolv-conf",
    "root-dir",
    "rotate-certificates",
    "runtime-request-timeout",
    "serialize-image-pulls",
    "system-reserved",
    "tls-cert-file",
    "tls-private-key-file",
    "v",
    "vmodule",
];

/// Flags removed with dockershim (1.24).
const DOCKERSHIM_FLAGS: &[&str] = &[
    "network-plugin",
    "cni-bin-dir",
    "cni-conf-dir",
    "cni-cache-dir",
    "docker-endpoint",
    "image-pull-progress-deadline",
    "network-plugin-mtu",
];

/// Whether the kubelet of a release still knows a flag.
fn knows(cfg: &Config, flag: &str) -> bool {
    FLAGS.contains(&flag)
        || (cfg.k8s.0 <= 23 && DOCKERSHIM_FLAGS.contains(&flag))
        || (cfg.k8s.0 <= 26 && flag == "container-runtime")
}

/// `KEY=value` lines of an environment file (`EnvironmentFile=`), quotes removed.
fn env_file(text: &str) -> Vec<(String, String)> {
    let mut v = Vec::new();
    for line in text.lines() {
        let l = line.trim();
        if l.is_empty() || l.starts_with('#') || l.starts_with(';') {
            continue;
        }
        if let Some((k, val)) = l.split_once('=') {
            let val = val.trim();
            let val = val
                .strip_prefix('"')
                .and_then(|x| x.strip_suffix('"'))
                .or_else(|| val.strip_prefix('\'').and_then(|x| x.strip_suffix('\'')))
                .unwrap_or(val);
            v.push((k.trim().to_string(), val.to_string()));
        }
    }
    v
}

/// The kubelet's argv as systemd builds it from the unit text it loaded:
/// `Environment=` and `EnvironmentFile=` (read now, at the start), then
/// `$VAR` in the last `ExecStart=` split on white space.
pub(crate) fn argv(fs: &Fs, unit_text: &str) -> Vec<String> {
    let mut env: Vec<(String, String)> = Vec::new();
    let mut exec = String::from("/usr/bin/kubelet");
    for line in unit_text.lines() {
        let l = line.trim();
        if let Some(v) = l.strip_prefix("Environment=") {
            let v = v.trim().trim_matches('"');
            if let Some((k, val)) = v.split_once('=') {
                env.push((k.to_string(), val.to_string()));
            }
        } else if let Some(p) = l.strip_prefix("EnvironmentFile=") {
            let p = p.trim().trim_start_matches('-');
            if let Ok(text) = fs.read(p) {
                env.extend(env_file(text));
            }
        } else if let Some(e) = l.strip_prefix("ExecStart=") {
            if !e.trim().is_empty() {
                exec = e.trim().to_string();
            }
        }
    }
    let mut out = Vec::new();
    for word in exec.split_whitespace() {
        if let Some(var) = word.strip_prefix('$') {
            let var = var.trim_start_matches('{').trim_end_matches('}');
            if let Some((_, v)) = env.iter().rev().find(|(k, _)| k == var) {
                out.extend(v.split_whitespace().map(str::to_string));
            }
        } else {
            out.push(word.to_string());
        }
    }
    out
}

/// A top-level `key: value` of a YAML file (config.yaml), unquoted.
fn yaml_key<'a>(text: &'a str, key: &str) -> Option<&'a str> {
    text.lines().find_map(|l| {
        let (k, v) = l.split_once(':')?;
        (k == key).then(|| v.trim().trim_matches('"').trim_matches('\''))
    })
}

/// The kubelet's flags and config file as it reads them at its start.
fn read_setup(cfg: &Config, fs: &Fs, argv: &[String]) -> Result<KubeletSetup, String> {
    let mut endpoint: Option<String> = None;
    let mut remote = false;
    let mut driver: Option<String> = None;
    let mut config_path: Option<String> = None;
    let mut i = 1;
    while i < argv.len() {
        let Some(a) = argv.get(i) else {
            break;
        };
        i += 1;
        let Some(flag) = a.strip_prefix("--") else {
            if let Some(short) = a.strip_prefix('-').filter(|s| !s.is_empty()) {
                if !short.starts_with('v') && !short.starts_with('h') {
                    let c = short.chars().next().unwrap_or('?');
                    return Err(format!(
                        "failed to parse kubelet flag: unknown shorthand flag: '{c}' in {a}"
                    ));
                }
            }
            continue;
        };
        let (name, value) = match flag.split_once('=') {
            Some((n, v)) => (n, Some(v.to_string())),
            None => (flag, None),
        };
        if !knows(cfg, name) {
            return Err(format!(
                "failed to parse kubelet flag: unknown flag: --{name}"
            ));
        }
        let takes_value = !matches!(
            name,
            "anonymous-auth"
                | "fail-swap-on"
                | "register-node"
                | "rotate-certificates"
                | "cgroups-per-qos"
                | "serialize-image-pulls"
                | "authentication-token-webhook"
        );
        let value = match value {
            Some(v) => Some(v),
            None if takes_value => {
                let v = argv.get(i).cloned();
                i += 1;
                v
            }
            None => None,
        };
        match name {
            "container-runtime-endpoint" => endpoint = value.filter(|v| !v.is_empty()),
            "container-runtime" => remote = value.as_deref() == Some("remote"),
            "cgroup-driver" => driver = value,
            "config" => config_path = value,
            _ => {}
        }
    }
    // config.yaml: flags win over it.
    let config = config_path
        .as_deref()
        .map(|p| fs.read(p).map(str::to_string));
    let config_text = match config {
        Some(Ok(t)) => Some(t),
        Some(Err(_)) if fs.exists("/var/lib/kubelet") && fs_has_kubelet_files(fs) => {
            let p = config_path.unwrap_or_default();
            return Err(format!(
                "failed to load kubelet config file, path: {p}, error: failed to load Kubelet config file {p}, error failed to read kubelet config file \"{p}\", error: open {p}: no such file or directory"
            ));
        }
        _ => None,
    };
    if let Some(t) = &config_text {
        if endpoint.is_none() {
            endpoint = yaml_key(t, "containerRuntimeEndpoint")
                .filter(|v| !v.is_empty())
                .map(str::to_string);
        }
        if driver.is_none() {
            driver = yaml_key(t, "cgroupDriver").map(str::to_string);
        }
    }
    // The kubelet's own defaults on a node kubeadm set up: up to 1.23 the
    // dockershim unless `--container-runtime=remote`, then containerd's
    // socket. A node whose files the model has not written runs its
    // configuration's runtime.
    let kubeadm = fs.exists("/var/lib/kubelet/kubeadm-flags.env");
    let dockershim = if kubeadm {
        cfg.k8s.0 <= 23 && !remote
    } else {
        cfg.runtime == Runtime::Dockershim && endpoint.is_none()
    };
    let endpoint = if dockershim {
        String::new()
    } else if kubeadm {
        endpoint.unwrap_or_else(|| "unix:///run/containerd/containerd.sock".to_string())
    } else {
        endpoint.unwrap_or_else(|| cfg.cri_endpoint().to_string())
    };
    let driver = driver.unwrap_or_else(|| "systemd".to_string());
    Ok(KubeletSetup {
        argv: argv.to_vec(),
        endpoint,
        cgroup_driver: driver,
    })
}

/// Why the kubelet exits at start, in its own words (`err=` of its
/// `"command failed"` line): what it checks of its runtime before it runs: the CRI
/// endpoint answers (or, under dockershim, Docker and its cgroup driver).
fn start_check(cfg: &Config, fs: &Fs, s: &KubeletSetup) -> Result<(), String> {
    let (endpoint, driver) = (&s.endpoint, &s.cgroup_driver);
    if endpoint.is_empty() {
        if !cfg.runtime.has_docker() || !fs.exists("/run/docker.sock") {
            return Err("failed to run Kubelet: failed to create kubelet: failed to get docker version: Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?".to_string());
        }
        let docker = docker_cgroup_driver(fs);
        if &docker != driver {
            return Err(format!(
                "failed to run Kubelet: misconfiguration: kubelet cgroup driver: \"{driver}\" is different from docker cgroup driver: \"{docker}\""
            ));
        }
    } else if let Err(e) = dial(cfg, fs, endpoint) {
        return Err(format!(
            "failed to run Kubelet: validate service connection: validate CRI v1 runtime API for endpoint \"{endpoint}\": {e}"
        ));
    }
    Ok(())
}

/// Whether kubeadm set this node up (its kubeconfig for the kubelet is
/// there): then a missing config.yaml is the kubelet's error; a node whose
/// files the model has not written falls back to the configuration's
/// defaults.
fn fs_has_kubelet_files(fs: &Fs) -> bool {
    fs.exists("/etc/kubernetes/kubelet.conf")
}

/// Docker's cgroup driver: `native.cgroupdriver` in `/etc/docker/daemon.json`
/// (the node was set up with `systemd`, as the Kubernetes docs say, when
/// the file is absent).
fn docker_cgroup_driver(fs: &Fs) -> String {
    match fs.read("/etc/docker/daemon.json") {
        Ok(t) if t.contains("native.cgroupdriver=systemd") => "systemd".into(),
        Ok(_) => "cgroupfs".into(),
        Err(_) => "systemd".into(),
    }
}

/// containerd's runc cgroup driver: `SystemdCgroup` in its config.toml
/// (`true` on a node whose config.toml the model has not written yet).
pub(crate) fn containerd_cgroup_driver(fs: &Fs) -> &'static str {
    let Ok(t) = fs.read("/etc/containerd/config.toml") else {
        return "systemd";
    };
    let on = t.lines().any(|l| {
        let l = l.trim();
        !l.starts_with('#')
            && l.split_once('=')
                .is_some_and(|(k, v)| k.trim() == "SystemdCgroup" && v.trim() == "true")
    });
    if on {
        "systemd"
    } else {
        "cgroupfs"
    }
}

/// Connecting to a CRI endpoint: the socket must exist and a CRI server
/// must answer on it (gRPC's words when not).
pub(crate) fn dial(cfg: &Config, fs: &Fs, endpoint: &str) -> Result<(), String> {
    let path = endpoint.strip_prefix("unix://").unwrap_or(endpoint);
    let p = normalize("/", path);
    let real = fs.resolve(&p, true).unwrap_or_else(|_| p.clone());
    match fs.get(&p) {
        Ok(Entry::Socket) => {}
        Ok(_) => {
            return Err(format!("rpc error: code = Unavailable desc = connection error: desc = \"transport: Error while dialing: dial unix {path}: connect: connection refused\""));
        }
        Err(_) => {
            return Err(format!("rpc error: code = Unavailable desc = connection error: desc = \"transport: Error while dialing: dial unix {path}: connect: no such file or directory\""));
        }
    }
    let cri = cfg.cri_endpoint().strip_prefix("unix://").unwrap_or("");
    let cri_real = fs.resolve(cri, true).unwrap_or_default();
    if real != cri_real {
        return Err(
            "rpc error: code = Unimplemented desc = unknown service runtime.v1.RuntimeService"
                .to_string(),
        );
    }
    Ok(())
}

impl World {
    /// The kubelet's setup as it would start now (unit text as systemd
    /// loaded it, files as they are now).
    pub(crate) fn kubelet_setup(&self) -> Result<KubeletSetup, String> {
        let text = match self.node.units.get("kubelet.service") {
            Some(u) if !u.loaded.is_empty() => u.loaded.clone(),
            Some(u) => unit_text(&self.node.fs, u),
            None => String::new(),
        };
        let argv = argv(&self.node.fs, &text);
        read_setup(&self.cfg, &self.node.fs, &argv)
    }

    /// Whether the kubelet runs (its unit is active): it syncs pods and
    /// relists only then.
    pub(crate) fn kubelet_running(&self) -> bool {
        !self.cfg.runtime.has_kubernetes() || self.node.units.is_active("kubelet.service")
    }

    /// Whether the kubelet's sync loop skips its work: its runtime has been
    /// away 30 s or more (`"Skipping pod synchronization"`).
    pub(crate) fn kubelet_skips_sync(&self) -> bool {
        self.node
            .units
            .kubelet
            .runtime_lost_ms
            .is_some_and(|l| self.now_ms.saturating_sub(l) >= 30_000)
    }

    /// Whether the kubelet's relist reaches its runtime.
    pub(crate) fn kubelet_relists(&self) -> bool {
        self.kubelet_running() && self.node.units.kubelet.runtime_lost_ms.is_none()
    }

    /// The kubelet's CRI runtime answers (its endpoint's socket is there
    /// and served).
    pub(crate) fn kubelet_runtime_up(&self) -> bool {
        self.kubelet_dial().is_ok()
    }

    /// The running kubelet's connection to its runtime (the endpoint it
    /// started with; the configuration's when it has not restarted).
    fn kubelet_dial(&self) -> Result<(), String> {
        let endpoint = match &self.node.units.kubelet.endpoint {
            Some(e) => e.clone(),
            None => match self.kubelet_setup() {
                Ok(s) => s.endpoint,
                Err(_) => self.cfg.cri_endpoint().to_string(),
            },
        };
        if endpoint.is_empty() {
            return if self.node.fs.exists("/run/docker.sock") {
                Ok(())
            } else {
                Err("Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?".to_string())
            };
        }
        dial(&self.cfg, &self.node.fs, &endpoint)
    }

    /// The kubelet logs one klog line to the journal.
    pub(crate) fn kubelet_log(&mut self, level: char, at: &str, text: &str) {
        let pid = self.node.units.main_pid("kubelet.service");
        let now = self.now_ms;
        self.node.units.log(
            now,
            "kubelet.service",
            "kubelet",
            pid,
            klog(now, level, pid, at, text),
        );
    }

    /// The kubelet's lines at a start, then `Err(err)` when it exits.
    pub(crate) fn kubelet_boot(&mut self) -> Result<KubeletSetup, String> {
        let version = self.k8s_patch();
        let setup = self
            .kubelet_setup()
            .and_then(|s| start_check(&self.cfg, &self.node.fs, &s).map(|()| s));
        if let Err(e) = &setup {
            if e.starts_with("failed to parse kubelet flag") {
                self.kubelet_log(
                    'E',
                    "run.go:72",
                    &format!("\"command failed\" err=\"{}\"", esc(e)),
                );
                return setup;
            }
        }
        self.kubelet_log(
            'I',
            "server.go:484",
            &format!("\"Kubelet version\" kubeletVersion=\"{version}\""),
        );
        self.kubelet_log(
            'I',
            "server.go:486",
            "\"Golang settings\" GOGC=\"\" GOMAXPROCS=\"\" GOTRACEBACK=\"\"",
        );
        match &setup {
            Err(e) => {
                self.kubelet_log(
                    'E',
                    "run.go:72",
                    &format!("\"command failed\" err=\"{}\"", esc(e)),
                );
            }
            Ok(s) => {
                self.kubelet_log(
                    'I',
                    "kuberuntime_manager.go:262",
                    &format!(
                        "\"Container runtime initialized\" containerRuntime=\"{}\" version=\"{}\" apiVersion=\"v1\"",
                        runtime_name(self.cfg.runtime),
                        self.cfg.runtime_version().trim_start_matches('v')
                    ),
                );
                let driver = s.cgroup_driver.clone();
                self.kubelet_log(
                    'I',
                    "container_manager_linux.go:300",
                    &format!("\"Creating Container Manager object based on Node Config\" nodeConfig={{\"CgroupDriver\":\"{driver}\"}}"),
                );
                self.kubelet_log(
                    'I',
                    "kubelet.go:2435",
                    "\"Starting kubelet main sync loop\"",
                );
            }
        }
        setup
    }

    /// Why a pod sandbox fails on this node now (containerd's runc with the
    /// systemd cgroup driver given the kubelet's cgroupfs path).
    pub(crate) fn sandbox_cgroup_error(&self) -> Option<String> {
        self.node.units.kubelet.sandbox_error.clone()
    }

    /// Sets what sandboxes meet after the kubelet started with `setup`.
    pub(crate) fn kubelet_note_driver(&mut self, setup: &KubeletSetup) {
        let runtime = if self.cfg.runtime.is_containerd_cri() {
            Some(containerd_cgroup_driver(&self.node.fs))
        } else {
            None
        };
        self.node.units.kubelet.sandbox_error = match runtime {
            Some("systemd") if setup.cgroup_driver == "cgroupfs" => Some("systemd".to_string()),
            _ => None,
        };
    }

    /// The kubelet's periodic checks while its runtime is away: the
    /// runtime status check every 5 s, the relist that fails, and from
    /// 30 s on the sync loop that skips its work.
    pub(crate) fn kubelet_tick(&mut self, gen: u32) {
        let current = self.node.units.get("kubelet.service").map(|u| u.gen);
        if current != Some(gen) || !self.kubelet_running() {
            return;
        }
        let Some(lost) = self.node.units.kubelet.runtime_lost_ms else {
            return;
        };
        if self.kubelet_runtime_up() {
            self.node.units.kubelet.runtime_lost_ms = None;
            return;
        }
        let dial_err = match self.kubelet_setup() {
            Ok(s) => dial(&self.cfg, &self.node.fs, &s.endpoint)
                .err()
                .unwrap_or_default(),
            Err(e) => e,
        };
        let e = esc(&dial_err);
        self.kubelet_log(
            'E',
            "remote_runtime.go:633",
            &format!("\"Status from runtime service failed\" err=\"{e}\""),
        );
        self.kubelet_log(
            'E',
            "kubelet.go:3002",
            &format!("\"Container runtime sanity check failed\" err=\"{e}\""),
        );
        self.kubelet_log(
            'E',
            "generic.go:241",
            &format!("\"GenericPLEG: Unable to retrieve pods\" err=\"{e}\""),
        );
        if let Some(msg) = self.kubelet_runtime_errors() {
            self.kubelet_log(
                'E',
                "kubelet.go:2412",
                &format!("\"Skipping pod synchronization\" err=\"{}\"", esc(&msg)),
            );
        }
        let _ = lost;
        self.at(
            5_000,
            crate::engine::Timer::Node(NodeTimer::KubeletTick { gen }),
        );
    }

    /// `runtimeState.runtimeErrors()` joined as the kubelet's aggregate
    /// prints it: `container runtime is down` after 30 s without a runtime
    /// sync, and the PLEG health check after 3 min without a relist.
    pub(crate) fn kubelet_runtime_errors(&self) -> Option<String> {
        let lost = self.node.units.kubelet.runtime_lost_ms?;
        let down = self.now_ms.saturating_sub(lost);
        let mut errs = Vec::new();
        if down >= 30_000 {
            errs.push("container runtime is down".to_string());
        }
        if down > 180_000 {
            errs.push(format!(
                "PLEG is not healthy: pleg was last seen active {} ago; threshold is 3m0s",
                go_duration(down)
            ));
        }
        match errs.len() {
            0 => None,
            1 => errs.pop(),
            _ => Some(format!("[{}]", errs.join(", "))),
        }
    }
}

/// The runtime's name as the kubelet logs it.
fn runtime_name(rt: Runtime) -> &'static str {
    match rt {
        Runtime::CriO => "cri-o",
        Runtime::Dockershim | Runtime::CriDockerd => "docker",
        _ => "containerd",
    }
}

/// A string inside a klog `key="…"` value.
pub(crate) fn esc(s: &str) -> String {
    s.replace('\\', "\\\\").replace('"', "\\\"")
}

/// Go's `time.Duration` text at millisecond precision: `3m0.1s`, `45.5s`.
pub(crate) fn go_duration(ms: u64) -> String {
    let h = ms / 3_600_000;
    let m = ms % 3_600_000 / 60_000;
    let s = ms % 60_000 / 1000;
    let frac = ms % 1000;
    let sec = if frac == 0 {
        format!("{s}s")
    } else {
        let f = format!("{frac:03}");
        format!("{s}.{}s", f.trim_end_matches('0'))
    };
    if h > 0 {
        format!("{h}h{m}m{sec}")
    } else if m > 0 {
        format!("{m}m{sec}")
    } else {
        sec
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn systemd_expands_the_dropin_and_the_flags_file() {
        let mut fs = Fs::new();
        fs.put_file(
            "/var/lib/kubelet/kubeadm-flags.env",
            "KUBELET_KUBEADM_ARGS=\"--container-runtime-endpoint=unix:///run/containerd/containerd.sok --pod-infra-container-image=registry.k8s.io/pause:3.10\"\n",
        );
        fs.put_file(
            "/var/lib/kubelet/config.yaml",
            "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\ncgroupDriver: systemd\n",
        );
        let text = format!(
            "{}{}",
            super::super::unit_files::packaged("kubelet.service").unwrap_or(""),
            super::super::unit_files::KUBEADM_DROPIN
        );
        let a = argv(&fs, &text);
        assert_eq!(a[0], "/usr/bin/kubelet");
        assert!(a.contains(&"--config=/var/lib/kubelet/config.yaml".to_string()));
        assert!(a.contains(
            &"--container-runtime-endpoint=unix:///run/containerd/containerd.sok".to_string()
        ));
        let cfg = Config::default();
        let e = read_setup(&cfg, &fs, &a)
            .and_then(|s| start_check(&cfg, &fs, &s))
            .unwrap_err();
        assert_eq!(e, "failed to run Kubelet: validate service connection: validate CRI v1 runtime API for endpoint \"unix:///run/containerd/containerd.sok\": rpc error: code = Unavailable desc = connection error: desc = \"transport: Error while dialing: dial unix /run/containerd/containerd.sok: connect: no such file or directory\"");
    }

    #[test]
    fn go_durations() {
        assert_eq!(go_duration(180_100), "3m0.1s");
        assert_eq!(go_duration(45_500), "45.5s");
        assert_eq!(go_duration(3_725_000), "1h2m5s");
    }
}
