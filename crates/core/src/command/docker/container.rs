//! The `run`, `create` and `exec` options docker and nerdctl share: the flags
//! of `docker run`, the parsed options, `-p` port specs, and the options'
//! canonical words.

use crate::command::flags::{b, i, s, FlagDef, Kind, Parsed};
use crate::command::shell::push_opt;

/// `-p [IP:][HOST:]CONTAINER[/PROTO]`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PortSpec {
    /// Host IP to bind (brackets removed from IPv6).
    pub host_ip: Option<String>,
    /// Host port or range (`None` or empty: an ephemeral port).
    pub host_port: Option<String>,
    /// Container port or range.
    pub container_port: String,
    /// `tcp` (default), `udp` or `sctp`, as written.
    pub protocol: Option<String>,
}

impl PortSpec {
    /// Parses a `-p` value as go-connections `nat.ParsePortSpec` does; the
    /// error is the text docker prints after `docker: `.
    pub fn parse(raw: &str) -> Result<PortSpec, String> {
        let parts: Vec<&str> = raw.split(':').collect();
        let n = parts.len();
        let container = parts.last().copied().unwrap_or("");
        let (ip, host) = match n {
            0 | 1 => (String::new(), String::new()),
            2 => (
                String::new(),
                parts.first().copied().unwrap_or("").to_string(),
            ),
            _ => (
                parts.get(..n - 2).map(|p| p.join(":")).unwrap_or_default(),
                parts.get(n - 2).copied().unwrap_or("").to_string(),
            ),
        };
        let (container_port, protocol) = match container.split_once('/') {
            Some((p, proto)) => (p.to_string(), Some(proto.to_string())),
            None => (container.to_string(), None),
        };
        let mut ip = ip;
        if ip.starts_with('[') {
            if !ip.ends_with(']') {
                return Err(format!("invalid ip address {ip}: missing ']' in address"));
            }
            ip = ip.trim_start_matches('[').trim_end_matches(']').to_string();
        }
        if !ip.is_empty() && !looks_like_ip(&ip) {
            return Err(format!("invalid IP address: {ip}"));
        }
        if container_port.is_empty() {
            return Err(format!("no port specified: {raw}<empty>"));
        }
        if !valid_port_range(&container_port) {
            return Err(format!("invalid containerPort: {container_port}"));
        }
        if !host.is_empty() && !valid_port_range(&host) {
            return Err(format!("invalid hostPort: {host}"));
        }
        if let Some(p) = &protocol {
            if !matches!(p.to_ascii_lowercase().as_str(), "tcp" | "udp" | "sctp") {
                return Err(format!("invalid proto: {p}"));
            }
        }
        Ok(PortSpec {
            host_ip: (!ip.is_empty()).then_some(ip),
            host_port: (!host.is_empty()).then_some(host),
            container_port,
            protocol,
        })
    }
}

impl std::fmt::Display for PortSpec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (&self.host_ip, &self.host_port) {
            (Some(ip), hp) => {
                if ip.contains(':') {
                    write!(f, "[{ip}]:")?;
                } else {
                    write!(f, "{ip}:")?;
                }
                write!(f, "{}:", hp.as_deref().unwrap_or(""))?;
            }
            (None, Some(hp)) => write!(f, "{hp}:")?,
            (None, None) => {}
        }
        f.write_str(&self.container_port)?;
        if let Some(p) = &self.protocol {
            write!(f, "/{p}")?;
        }
        Ok(())
    }
}

fn valid_port_range(p: &str) -> bool {
    let num = |x: &str| {
        !x.is_empty()
            && x.chars().all(|c| c.is_ascii_digit())
            && x.parse::<u32>().is_ok_and(|v| v <= 65535)
    };
    match p.split_once('-') {
        Some((a, z)) => num(a) && num(z) && a.parse::<u32>().ok() <= z.parse::<u32>().ok(),
        None => num(p),
    }
}

fn looks_like_ip(ip: &str) -> bool {
    ip.parse::<std::net::IpAddr>().is_ok()
}

/// `run`/`create` options, shared with nerdctl.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ContainerRun {
    /// The image.
    pub image: String,
    /// Command and arguments after the image (empty: the image's).
    pub command: Vec<String>,
    /// `-d/--detach` (run only).
    pub detach: bool,
    /// `--rm`.
    pub rm: bool,
    /// `--name`.
    pub name: Option<String>,
    /// `-p/--publish`, in order.
    pub publish: Vec<PortSpec>,
    /// `-P/--publish-all` (docker).
    pub publish_all: bool,
    /// `-e/--env`, in order (`K=V`, or `K` to copy the client's).
    pub env: Vec<String>,
    /// `--init`.
    pub init: bool,
    /// `-m/--memory` as typed (see [`ContainerRun::memory_bytes`]).
    pub memory: Option<String>,
    /// `-i/--interactive`.
    pub interactive: bool,
    /// `-t/--tty`.
    pub tty: bool,
    /// `--entrypoint`.
    pub entrypoint: Option<String>,
    /// `--network`/`--net`.
    pub network: Option<String>,
    /// `--runtime`.
    pub runtime: Option<String>,
    /// `--restart`.
    pub restart: Option<String>,
    /// `-u/--user`.
    pub user: Option<String>,
    /// `-w/--workdir`.
    pub workdir: Option<String>,
    /// `-l/--label`, in order.
    pub labels: Vec<String>,
    /// `-v/--volume`, in order.
    pub volumes: Vec<String>,
    /// `--privileged`.
    pub privileged: bool,
    /// `--pull` (`always`, `missing`, `never`).
    pub pull: Option<String>,
    /// `--platform`.
    pub platform: Option<String>,
}

impl ContainerRun {
    /// `-m/--memory` in bytes (go-units `RAMInBytes`: `64m`, `1g`, `512`).
    pub fn memory_bytes(&self) -> Option<u64> {
        self.memory
            .as_deref()
            .and_then(crate::command::units::parse_ram_bytes)
    }

    /// The flags in canonical order (`--flag=value`), without image and command.
    pub(crate) fn flag_words(&self, is_run: bool) -> Vec<String> {
        let mut w = Vec::new();
        if is_run && self.detach {
            w.push("--detach".into());
        }
        if self.rm {
            w.push("--rm".into());
        }
        push_opt(&mut w, "name", &self.name);
        for p in &self.publish {
            w.push(format!("--publish={p}"));
        }
        if self.publish_all {
            w.push("--publish-all".into());
        }
        for e in &self.env {
            w.push(format!("--env={e}"));
        }
        if self.init {
            w.push("--init".into());
        }
        push_opt(&mut w, "memory", &self.memory);
        if self.interactive {
            w.push("--interactive".into());
        }
        if self.tty {
            w.push("--tty".into());
        }
        push_opt(&mut w, "entrypoint", &self.entrypoint);
        push_opt(&mut w, "network", &self.network);
        push_opt(&mut w, "runtime", &self.runtime);
        push_opt(&mut w, "restart", &self.restart);
        push_opt(&mut w, "user", &self.user);
        push_opt(&mut w, "workdir", &self.workdir);
        for l in &self.labels {
            w.push(format!("--label={l}"));
        }
        for v in &self.volumes {
            w.push(format!("--volume={v}"));
        }
        if self.privileged {
            w.push("--privileged".into());
        }
        push_opt(&mut w, "pull", &self.pull);
        push_opt(&mut w, "platform", &self.platform);
        w
    }

    /// Builds the options from parsed flags; `args` are image then command.
    pub(crate) fn from_parsed(p: &Parsed, publish: Vec<PortSpec>) -> ContainerRun {
        ContainerRun {
            image: p.args.first().cloned().unwrap_or_default(),
            command: p.args.iter().skip(1).cloned().collect(),
            detach: p.flag("detach"),
            rm: p.flag("rm"),
            name: p.string("name"),
            publish,
            publish_all: p.flag("publish-all"),
            env: p.all("env"),
            init: p.flag("init"),
            memory: p.string("memory"),
            interactive: p.flag("interactive"),
            tty: p.flag("tty"),
            entrypoint: p.string("entrypoint"),
            network: p.string("network"),
            runtime: p.string("runtime"),
            restart: p.string("restart"),
            user: p.string("user"),
            workdir: p.string("workdir"),
            labels: p.all("label"),
            volumes: p.all("volume"),
            privileged: p.flag("privileged"),
            pull: p.string("pull"),
            platform: p.string("platform"),
        }
    }
}

/// `exec` options, shared with nerdctl.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ContainerExec {
    /// Container name or ID.
    pub container: String,
    /// The command.
    pub command: Vec<String>,
    /// `-d/--detach`.
    pub detach: bool,
    /// `-i/--interactive`.
    pub interactive: bool,
    /// `-t/--tty`.
    pub tty: bool,
    /// `-e/--env`.
    pub env: Vec<String>,
    /// `-u/--user`.
    pub user: Option<String>,
    /// `-w/--workdir`.
    pub workdir: Option<String>,
    /// `--privileged`.
    pub privileged: bool,
}

impl ContainerExec {
    pub(crate) fn from_parsed(p: &Parsed) -> ContainerExec {
        ContainerExec {
            container: p.args.first().cloned().unwrap_or_default(),
            command: p.args.iter().skip(1).cloned().collect(),
            detach: p.flag("detach"),
            interactive: p.flag("interactive"),
            tty: p.flag("tty"),
            env: p.all("env"),
            user: p.string("user"),
            workdir: p.string("workdir"),
            privileged: p.flag("privileged"),
        }
    }

    /// Flags (canonical order) and positionals (container, then command).
    pub(crate) fn parts(&self) -> (Vec<String>, Vec<String>) {
        let mut w = Vec::new();
        if self.detach {
            w.push("--detach".into());
        }
        if self.interactive {
            w.push("--interactive".into());
        }
        if self.tty {
            w.push("--tty".into());
        }
        for e in &self.env {
            w.push(format!("--env={e}"));
        }
        if let Some(u) = &self.user {
            w.push(format!("--user={u}"));
        }
        if let Some(d) = &self.workdir {
            w.push(format!("--workdir={d}"));
        }
        if self.privileged {
            w.push("--privileged".into());
        }
        let mut a = vec![self.container.clone()];
        a.extend(self.command.iter().cloned());
        (w, a)
    }
}

/// Flags of `docker run` and `docker create` (`-h` is `--hostname` here).
pub(crate) const RUN_FLAGS: &[FlagDef] = &[
    s("add-host"),
    s("annotation"),
    s("attach").short('a'),
    s("blkio-weight"),
    s("blkio-weight-device"),
    s("cap-add"),
    s("cap-drop"),
    s("cgroup-parent"),
    s("cgroupns"),
    s("cidfile"),
    i("cpu-period"),
    i("cpu-quota"),
    i("cpu-rt-period"),
    i("cpu-rt-runtime"),
    i("cpu-shares").short('c'),
    s("cpus"),
    s("cpuset-cpus"),
    s("cpuset-mems"),
    b("detach").short('d'),
    s("detach-keys"),
    s("device"),
    s("device-cgroup-rule"),
    s("device-read-bps"),
    s("device-read-iops"),
    s("device-write-bps"),
    s("device-write-iops"),
    b("disable-content-trust"),
    s("dns"),
    s("dns-option"),
    s("dns-search"),
    s("domainname"),
    s("entrypoint"),
    s("env").short('e'),
    s("env-file"),
    s("expose"),
    s("gpus"),
    s("group-add"),
    s("health-cmd"),
    s("health-interval"),
    i("health-retries"),
    s("health-start-interval"),
    s("health-start-period"),
    s("health-timeout"),
    b("help"),
    s("hostname").short('h'),
    b("init"),
    b("interactive").short('i'),
    s("ip"),
    s("ip6"),
    s("ipc"),
    s("isolation"),
    s("kernel-memory"),
    s("label").short('l'),
    s("label-file"),
    s("link"),
    s("link-local-ip"),
    s("log-driver"),
    s("log-opt"),
    s("mac-address"),
    FlagDef::new("memory", Kind::MemBytes).short('m'),
    s("memory-reservation"),
    s("memory-swap"),
    i("memory-swappiness"),
    s("mount"),
    s("name"),
    s("network").aliases(&["net"]),
    s("network-alias").aliases(&["net-alias"]),
    b("no-healthcheck"),
    b("oom-kill-disable"),
    i("oom-score-adj"),
    s("pid"),
    i("pids-limit"),
    s("platform"),
    b("privileged"),
    s("publish").short('p'),
    b("publish-all").short('P'),
    s("pull"),
    b("quiet").short('q'),
    b("read-only"),
    s("restart"),
    b("rm"),
    s("runtime"),
    s("security-opt"),
    s("shm-size"),
    b("sig-proxy"),
    s("stop-signal"),
    i("stop-timeout"),
    s("storage-opt"),
    s("sysctl"),
    s("tmpfs"),
    b("tty").short('t'),
    s("ulimit"),
    s("user").short('u'),
    s("userns"),
    s("uts"),
    s("volume").short('v'),
    s("volume-driver"),
    s("volumes-from"),
    s("workdir").short('w'),
];
