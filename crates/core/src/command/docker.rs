//! `docker` (docker/cli, cobra + pflag), as Docker 25–28 prints errors.
//!
//! * Flag errors (`cli.FlagErrorFunc`, exit 125):
//!   `unknown flag: --x` / blank / `Usage:  docker run [OPTIONS] IMAGE [COMMAND] [ARG...]`
//!   / blank / `Run 'docker run --help' for more information`.
//! * Argument counts (`cli/required.go`, exit 1):
//!   `docker: 'docker run' requires at least 1 argument` / blank / `Usage:  …` /
//!   blank / `See 'docker run --help' for more information`.
//! * Unknown command: `docker: 'x' is not a docker command.` /
//!   `See 'docker --help'` (exit 1).
//! * `docker run` and `docker exec` stop parsing flags at the first argument:
//!   everything after the image (or container) belongs to the command.

use super::error::{CommandError, ErrorKind, Tool};
use super::flags::{b, i, parse_pflag, s, FlagDef, FlagError, Kind, Parsed, PflagOpts};
use super::shell::{self, Dash};

/// A parsed `docker` invocation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Docker {
    /// `-H/--host`.
    pub host: Option<String>,
    /// `-c/--context`.
    pub context: Option<String>,
    /// `-D/--debug`.
    pub debug: bool,
    /// The subcommand.
    pub command: DockerCommand,
}

/// docker subcommands (management-command forms such as `docker container run`
/// parse to the same variants).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DockerCommand {
    /// `docker run` / `docker container run`.
    Run(ContainerRun),
    /// `docker create` / `docker container create`.
    Create(ContainerRun),
    /// `docker start CONTAINER…`.
    Start {
        /// Containers.
        containers: Vec<String>,
        /// `-a/--attach`.
        attach: bool,
        /// `-i/--interactive`.
        interactive: bool,
    },
    /// `docker ps` / `docker container ls`.
    Ps {
        /// `-a/--all`.
        all: bool,
        /// `-q/--quiet`.
        quiet: bool,
        /// `--no-trunc`.
        no_trunc: bool,
        /// `--format`.
        format: Option<String>,
        /// `-f/--filter`, repeatable.
        filters: Vec<String>,
    },
    /// `docker pull NAME[:TAG|@DIGEST]`.
    Pull {
        /// The image.
        image: String,
        /// `--platform`.
        platform: Option<String>,
        /// `-q/--quiet`.
        quiet: bool,
    },
    /// `docker images` / `docker image ls`.
    Images {
        /// Optional `REPOSITORY[:TAG]` filter.
        repository: Option<String>,
        /// `-a/--all`.
        all: bool,
        /// `-q/--quiet`.
        quiet: bool,
        /// `--no-trunc`.
        no_trunc: bool,
        /// `--digests`.
        digests: bool,
    },
    /// `docker stop [-t N] CONTAINER…`.
    Stop {
        /// Containers.
        containers: Vec<String>,
        /// `-t/--time` seconds.
        time: Option<i64>,
        /// `-s/--signal`.
        signal: Option<String>,
    },
    /// `docker kill [-s SIG] CONTAINER…`.
    Kill {
        /// Containers.
        containers: Vec<String>,
        /// `-s/--signal` as typed (the daemon validates it).
        signal: Option<String>,
    },
    /// `docker rm [-f] CONTAINER…`.
    Rm {
        /// Containers.
        containers: Vec<String>,
        /// `-f/--force`.
        force: bool,
        /// `-v/--volumes`.
        volumes: bool,
    },
    /// `docker rmi IMAGE…` / `docker image rm`.
    Rmi {
        /// Images.
        images: Vec<String>,
        /// `-f/--force`.
        force: bool,
    },
    /// `docker exec [-d] [-it] CONTAINER CMD…`.
    Exec(ContainerExec),
    /// `docker logs [-f] CONTAINER`.
    Logs {
        /// Container.
        container: String,
        /// `-f/--follow`.
        follow: bool,
        /// `-n/--tail` (`all` or a number, as typed).
        tail: Option<String>,
        /// `-t/--timestamps`.
        timestamps: bool,
    },
    /// `docker inspect NAME…` (and `container inspect`, `image inspect`).
    Inspect {
        /// Names or IDs.
        names: Vec<String>,
        /// `-f/--format`.
        format: Option<String>,
        /// `--type` (`container`, `image`, …; set by the management forms).
        kind: Option<String>,
    },
    /// `docker version`.
    Version {
        /// `-f/--format`.
        format: Option<String>,
    },
    /// `docker info`.
    Info {
        /// `-f/--format`.
        format: Option<String>,
    },
    /// `docker -v/--version`: the client's version line.
    ClientVersion,
    /// Help screen; exit 0.
    Help {
        /// Command path below `docker` (empty: the root help).
        path: Vec<String>,
    },
}

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
            .and_then(super::units::parse_ram_bytes)
    }

    /// The flags in canonical order (`--flag=value`), without image and command.
    pub(crate) fn flag_words(&self, is_run: bool) -> Vec<String> {
        let mut w = Vec::new();
        let opt = |w: &mut Vec<String>, n: &str, v: &Option<String>| {
            if let Some(v) = v {
                w.push(format!("--{n}={v}"));
            }
        };
        if is_run && self.detach {
            w.push("--detach".into());
        }
        if self.rm {
            w.push("--rm".into());
        }
        opt(&mut w, "name", &self.name);
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
        opt(&mut w, "memory", &self.memory);
        if self.interactive {
            w.push("--interactive".into());
        }
        if self.tty {
            w.push("--tty".into());
        }
        opt(&mut w, "entrypoint", &self.entrypoint);
        opt(&mut w, "network", &self.network);
        opt(&mut w, "runtime", &self.runtime);
        opt(&mut w, "restart", &self.restart);
        opt(&mut w, "user", &self.user);
        opt(&mut w, "workdir", &self.workdir);
        for l in &self.labels {
            w.push(format!("--label={l}"));
        }
        for v in &self.volumes {
            w.push(format!("--volume={v}"));
        }
        if self.privileged {
            w.push("--privileged".into());
        }
        opt(&mut w, "pull", &self.pull);
        opt(&mut w, "platform", &self.platform);
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

/// Top-level commands of docker 27 (without CLI plugins).
const COMMANDS: &[&str] = &[
    "attach",
    "build",
    "builder",
    "buildx",
    "checkpoint",
    "commit",
    "config",
    "container",
    "context",
    "cp",
    "create",
    "diff",
    "events",
    "exec",
    "export",
    "history",
    "image",
    "images",
    "import",
    "info",
    "inspect",
    "kill",
    "load",
    "login",
    "logout",
    "logs",
    "manifest",
    "network",
    "node",
    "pause",
    "plugin",
    "port",
    "ps",
    "pull",
    "push",
    "rename",
    "restart",
    "rm",
    "rmi",
    "run",
    "save",
    "search",
    "secret",
    "service",
    "stack",
    "start",
    "stats",
    "stop",
    "swarm",
    "system",
    "tag",
    "top",
    "trust",
    "unpause",
    "update",
    "version",
    "volume",
    "wait",
    "help",
];

const GLOBAL: &[FlagDef] = &[
    s("config"),
    s("context").short('c'),
    b("debug").short('D'),
    s("host").short('H'),
    s("log-level").short('l'),
    b("tls"),
    s("tlscacert"),
    s("tlscert"),
    s("tlskey"),
    b("tlsverify"),
    b("version").short('v'),
    b("help").short('h'),
];

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

const START: &[FlagDef] = &[
    b("attach").short('a'),
    b("interactive").short('i'),
    s("detach-keys"),
    s("checkpoint"),
    s("checkpoint-dir"),
];
const PS: &[FlagDef] = &[
    b("all").short('a'),
    b("quiet").short('q'),
    b("no-trunc"),
    s("filter").short('f'),
    s("format"),
    i("last").short('n'),
    b("latest").short('l'),
    b("size").short('s'),
];
const PULL: &[FlagDef] = &[
    b("all-tags").short('a'),
    b("disable-content-trust"),
    s("platform"),
    b("quiet").short('q'),
];
const IMAGES: &[FlagDef] = &[
    b("all").short('a'),
    b("quiet").short('q'),
    b("no-trunc"),
    b("digests"),
    s("filter").short('f'),
    s("format"),
    b("tree"),
];
const STOP: &[FlagDef] = &[
    i("time").short('t').aliases(&["timeout"]),
    s("signal").short('s'),
];
const KILL: &[FlagDef] = &[s("signal").short('s')];
const RM: &[FlagDef] = &[
    b("force").short('f'),
    b("link").short('l'),
    b("volumes").short('v'),
];
const RMI: &[FlagDef] = &[b("force").short('f'), b("no-prune")];
const EXEC: &[FlagDef] = &[
    b("detach").short('d'),
    s("detach-keys"),
    s("env").short('e'),
    s("env-file"),
    b("interactive").short('i'),
    b("privileged"),
    b("tty").short('t'),
    s("user").short('u'),
    s("workdir").short('w'),
];
const LOGS: &[FlagDef] = &[
    b("details"),
    b("follow").short('f'),
    s("since"),
    s("tail").short('n'),
    b("timestamps").short('t'),
    s("until"),
];
const INSPECT: &[FlagDef] = &[s("format").short('f'), b("size").short('s'), s("type")];
const FORMAT: &[FlagDef] = &[s("format").short('f')];

/// How a subcommand validates its arguments (`cli/required.go`).
#[derive(Debug, Clone, Copy)]
enum Arity {
    NoArgs,
    Min(usize),
    Max(usize),
    Exact(usize),
}

/// One docker subcommand: canonical name, usage line, flags, arguments.
struct Spec {
    /// The primary name (what `CommandPath` shows).
    name: &'static str,
    /// `Use` without the name.
    usage: &'static str,
    flags: &'static [FlagDef],
    arity: Arity,
    interspersed: bool,
}

const fn spec(
    name: &'static str,
    usage: &'static str,
    flags: &'static [FlagDef],
    arity: Arity,
) -> Spec {
    Spec {
        name,
        usage,
        flags,
        arity,
        interspersed: true,
    }
}

const RUN_SPEC: Spec = Spec {
    name: "run",
    usage: "[OPTIONS] IMAGE [COMMAND] [ARG...]",
    flags: RUN_FLAGS,
    arity: Arity::Min(1),
    interspersed: false,
};
const CREATE_SPEC: Spec = Spec {
    name: "create",
    usage: "[OPTIONS] IMAGE [COMMAND] [ARG...]",
    flags: RUN_FLAGS,
    arity: Arity::Min(1),
    interspersed: false,
};
const EXEC_SPEC: Spec = Spec {
    name: "exec",
    usage: "[OPTIONS] CONTAINER COMMAND [ARG...]",
    flags: EXEC,
    arity: Arity::Min(2),
    interspersed: false,
};

/// Resolves `[management] command` to a spec; `None` when not simulated.
fn lookup(group: Option<&str>, name: &str) -> Option<Spec> {
    Some(match (group, name) {
        (None | Some("container"), "run") => RUN_SPEC,
        (None | Some("container"), "create") => CREATE_SPEC,
        (None | Some("container"), "exec") => EXEC_SPEC,
        (None | Some("container"), "start") => spec(
            "start",
            "[OPTIONS] CONTAINER [CONTAINER...]",
            START,
            Arity::Min(1),
        ),
        (None, "ps") => spec("ps", "[OPTIONS]", PS, Arity::NoArgs),
        (Some("container"), "ls" | "ps" | "list") => spec("ls", "[OPTIONS]", PS, Arity::NoArgs),
        (None, "pull") | (Some("image"), "pull") => spec(
            "pull",
            "[OPTIONS] NAME[:TAG|@DIGEST]",
            PULL,
            Arity::Exact(1),
        ),
        (None, "images") => spec(
            "images",
            "[OPTIONS] [REPOSITORY[:TAG]]",
            IMAGES,
            Arity::Max(1),
        ),
        (Some("image"), "ls" | "images" | "list") => {
            spec("ls", "[OPTIONS] [REPOSITORY[:TAG]]", IMAGES, Arity::Max(1))
        }
        (None | Some("container"), "stop") => spec(
            "stop",
            "[OPTIONS] CONTAINER [CONTAINER...]",
            STOP,
            Arity::Min(1),
        ),
        (None | Some("container"), "kill") => spec(
            "kill",
            "[OPTIONS] CONTAINER [CONTAINER...]",
            KILL,
            Arity::Min(1),
        ),
        (None, "rm") => spec(
            "rm",
            "[OPTIONS] CONTAINER [CONTAINER...]",
            RM,
            Arity::Min(1),
        ),
        (Some("container"), "rm" | "remove") => spec(
            "rm",
            "[OPTIONS] CONTAINER [CONTAINER...]",
            RM,
            Arity::Min(1),
        ),
        (None, "rmi") => spec("rmi", "[OPTIONS] IMAGE [IMAGE...]", RMI, Arity::Min(1)),
        (Some("image"), "rm" | "rmi" | "remove") => {
            spec("rm", "[OPTIONS] IMAGE [IMAGE...]", RMI, Arity::Min(1))
        }
        (None | Some("container"), "logs") => {
            spec("logs", "[OPTIONS] CONTAINER", LOGS, Arity::Exact(1))
        }
        (None, "inspect") => spec(
            "inspect",
            "[OPTIONS] NAME|ID [NAME|ID...]",
            INSPECT,
            Arity::Min(1),
        ),
        (Some("container"), "inspect") => spec(
            "inspect",
            "[OPTIONS] CONTAINER [CONTAINER...]",
            INSPECT,
            Arity::Min(1),
        ),
        (Some("image"), "inspect") => spec(
            "inspect",
            "[OPTIONS] IMAGE [IMAGE...]",
            INSPECT,
            Arity::Min(1),
        ),
        (None, "version") => spec("version", "[OPTIONS]", FORMAT, Arity::NoArgs),
        (None, "info") => spec("info", "[OPTIONS]", FORMAT, Arity::NoArgs),
        _ => return None,
    })
}

const CONTAINER_SUBCOMMANDS: &[&str] = &[
    "attach", "commit", "cp", "create", "diff", "exec", "export", "inspect", "kill", "logs", "ls",
    "ps", "list", "pause", "port", "prune", "rename", "restart", "rm", "remove", "run", "start",
    "stats", "stop", "top", "unpause", "update", "wait",
];
const IMAGE_SUBCOMMANDS: &[&str] = &[
    "build", "history", "import", "inspect", "load", "ls", "images", "list", "prune", "pull",
    "push", "rm", "rmi", "remove", "save", "tag",
];

fn plural(n: usize) -> &'static str {
    if n == 1 {
        "argument"
    } else {
        "arguments"
    }
}

/// `cli.FlagErrorFunc`: exit 125.
fn flag_error(path: &str, use_line: &str, e: FlagError) -> CommandError {
    CommandError::text(
        Tool::Docker,
        e.kind,
        125,
        &format!(
            "{}\n\nUsage:  {use_line}\n\nRun '{path} --help' for more information",
            e.message
        ),
    )
}

/// An error from a command's `RunE` before it contacts the daemon
/// (`docker: <err>` + `Run 'docker run --help'…`, exit 125).
fn run_error(path: &str, msg: &str) -> CommandError {
    CommandError::text(
        Tool::Docker,
        ErrorKind::InvalidArgument,
        125,
        &format!("docker: {msg}\n\nRun '{path} --help' for more information"),
    )
}

/// Parses the words after `docker`.
pub fn parse(args: &[String]) -> Result<Docker, CommandError> {
    // Global flags: only before the command (non-interspersed).
    let g = parse_pflag(
        args,
        GLOBAL,
        PflagOpts {
            interspersed: false,
            normalize_underscores: false,
        },
    )
    .map_err(|e| flag_error("docker", "docker [OPTIONS] COMMAND [ARG...]", e))?;
    let mut d = Docker {
        host: g.string("host"),
        context: g.string("context"),
        debug: g.flag("debug"),
        command: DockerCommand::Help { path: vec![] },
    };
    if g.flag("help") {
        return Ok(d);
    }
    if g.flag("version") {
        d.command = DockerCommand::ClientVersion;
        return Ok(d);
    }
    let Some((name, rest)) = g.args.split_first() else {
        return Ok(d);
    };
    let name = name.as_str();
    if !COMMANDS.contains(&name) {
        return Err(CommandError::new(
            Tool::Docker,
            ErrorKind::UnknownCommand,
            1,
            vec![
                format!("docker: '{name}' is not a docker command."),
                "See 'docker --help'".into(),
            ],
        ));
    }
    if name == "help" {
        d.command = DockerCommand::Help {
            path: rest.to_vec(),
        };
        return Ok(d);
    }
    let (group, sub, rest) = if name == "container" || name == "image" {
        // Management command: its own flags (only --help), then the subcommand.
        let gp = parse_pflag(
            rest,
            &[b("help").short('h')],
            PflagOpts {
                interspersed: false,
                normalize_underscores: false,
            },
        )
        .map_err(|e| {
            flag_error(
                &format!("docker {name}"),
                &format!("docker {name} COMMAND"),
                e,
            )
        })?;
        let Some((sub, tail)) = gp.args.split_first() else {
            d.command = DockerCommand::Help {
                path: vec![name.to_string()],
            };
            return Ok(d);
        };
        if gp.flag("help") {
            d.command = DockerCommand::Help {
                path: vec![name.to_string()],
            };
            return Ok(d);
        }
        let known = if name == "container" {
            CONTAINER_SUBCOMMANDS
        } else {
            IMAGE_SUBCOMMANDS
        };
        if !known.contains(&sub.as_str()) {
            return Err(CommandError::text(
                Tool::Docker,
                ErrorKind::UnknownCommand,
                1,
                &format!(
                    "docker: unknown command: docker {name} {sub}\n\nUsage:  docker {name} COMMAND\n\nRun 'docker {name} --help' for more information"
                ),
            ));
        }
        (Some(name), sub.clone(), tail.to_vec())
    } else {
        (None, name.to_string(), rest.to_vec())
    };
    let Some(spec) = lookup(group, &sub) else {
        let path = match group {
            Some(gname) => format!("docker {gname} {sub}"),
            None => format!("docker {sub}"),
        };
        return Err(CommandError::new(
            Tool::Docker,
            ErrorKind::NotSimulated,
            1,
            vec![format!(
                "atlas: `{path}` is a real docker command, but the simulator does not run it"
            )],
        ));
    };
    let path = match group {
        Some(gname) => format!("docker {gname} {}", spec.name),
        None => format!("docker {}", spec.name),
    };
    let use_line = format!("{path} {}", spec.usage);
    let mut defs: Vec<FlagDef> = spec.flags.to_vec();
    if !defs.iter().any(|f| f.name == "help") {
        defs.push(b("help").short('h'));
    }
    let p = parse_pflag(
        &rest,
        &defs,
        PflagOpts {
            interspersed: spec.interspersed,
            normalize_underscores: false,
        },
    )
    .map_err(|e| flag_error(&path, &use_line, e))?;
    if p.flag("help") {
        let mut hp: Vec<String> = group.map(|g| vec![g.to_string()]).unwrap_or_default();
        hp.push(spec.name.to_string());
        d.command = DockerCommand::Help { path: hp };
        return Ok(d);
    }
    let n = p.args.len();
    let arity_msg = match spec.arity {
        Arity::NoArgs if n > 0 => Some(format!(
            "docker: '{path}' accepts no arguments\n\nUsage:  {use_line}\n\nRun '{path} --help' for more information"
        )),
        Arity::Min(m) if n < m => Some(format!(
            "docker: '{path}' requires at least {m} {}\n\nUsage:  {use_line}\n\nSee '{path} --help' for more information",
            plural(m)
        )),
        Arity::Max(m) if n > m => Some(format!(
            "docker: '{path}' requires at most {m} {}\n\nUsage:  {use_line}\n\nRun '{path} --help' for more information",
            plural(m)
        )),
        Arity::Exact(m) if n != m => Some(format!(
            "docker: '{path}' requires {m} {}\n\nUsage:  {use_line}\n\nRun '{path} --help' for more information",
            plural(m)
        )),
        _ => None,
    };
    if let Some(msg) = arity_msg {
        let kind = match spec.arity {
            Arity::Min(m) | Arity::Exact(m) if n < m => ErrorKind::MissingArgument,
            _ => ErrorKind::TooManyArguments,
        };
        return Err(CommandError::text(Tool::Docker, kind, 1, &msg));
    }
    let first = p.args.first().cloned().unwrap_or_default();
    d.command = match (group, spec.name) {
        (_, "run") | (_, "create") => {
            let mut publish = Vec::new();
            for raw in p.all("publish") {
                publish.push(PortSpec::parse(&raw).map_err(|e| run_error(&path, &e))?);
            }
            let image = first.clone();
            if !super::reference::is_valid(&image) {
                let msg =
                    uppercase_hint(&image).unwrap_or_else(|| "invalid reference format".into());
                return Err(run_error(&path, &msg));
            }
            let mut run = ContainerRun::from_parsed(&p, publish);
            if spec.name == "create" {
                run.detach = false;
                DockerCommand::Create(run)
            } else {
                DockerCommand::Run(run)
            }
        }
        (_, "exec") => DockerCommand::Exec(ContainerExec::from_parsed(&p)),
        (_, "start") => DockerCommand::Start {
            containers: p.args.clone(),
            attach: p.flag("attach"),
            interactive: p.flag("interactive"),
        },
        (_, "ps") | (Some("container"), "ls") => DockerCommand::Ps {
            all: p.flag("all"),
            quiet: p.flag("quiet"),
            no_trunc: p.flag("no-trunc"),
            format: p.string("format"),
            filters: p.all("filter"),
        },
        (_, "pull") => DockerCommand::Pull {
            image: first,
            platform: p.string("platform"),
            quiet: p.flag("quiet"),
        },
        (_, "images") | (Some("image"), "ls") => DockerCommand::Images {
            repository: p.args.first().cloned(),
            all: p.flag("all"),
            quiet: p.flag("quiet"),
            no_trunc: p.flag("no-trunc"),
            digests: p.flag("digests"),
        },
        (_, "stop") => DockerCommand::Stop {
            containers: p.args.clone(),
            time: p.int("time"),
            signal: p.string("signal"),
        },
        (_, "kill") => DockerCommand::Kill {
            containers: p.args.clone(),
            signal: p.string("signal"),
        },
        (Some("image"), "rm") | (_, "rmi") => DockerCommand::Rmi {
            images: p.args.clone(),
            force: p.flag("force"),
        },
        (_, "rm") => DockerCommand::Rm {
            containers: p.args.clone(),
            force: p.flag("force"),
            volumes: p.flag("volumes"),
        },
        (_, "logs") => DockerCommand::Logs {
            container: first,
            follow: p.flag("follow"),
            tail: p.string("tail"),
            timestamps: p.flag("timestamps"),
        },
        (g, "inspect") => DockerCommand::Inspect {
            names: p.args.clone(),
            format: p.string("format"),
            kind: p.string("type").or_else(|| g.map(str::to_string)),
        },
        (_, "version") => DockerCommand::Version {
            format: p.string("format"),
        },
        _ => DockerCommand::Info {
            format: p.string("format"),
        },
    };
    Ok(d)
}

/// distribution/reference's message for a repository name with capitals.
fn uppercase_hint(image: &str) -> Option<String> {
    let lower = image.to_ascii_lowercase();
    if lower == image || !super::reference::is_valid(&lower) {
        return None;
    }
    let name = image.split(['@']).next().unwrap_or(image);
    let name = match name.rfind(':') {
        Some(c) if name.rfind('/').is_none_or(|s| c > s) => name.get(..c).unwrap_or(name),
        _ => name,
    };
    let remote = if name.contains('/') {
        let first = name.split('/').next().unwrap_or("");
        if first.contains('.') || first.contains(':') || first == "localhost" {
            name.split_once('/')
                .map(|x| x.1)
                .unwrap_or(name)
                .to_string()
        } else {
            name.to_string()
        }
    } else {
        format!("library/{name}")
    };
    Some(format!(
        "invalid reference format: repository name ({remote}) must be lowercase"
    ))
}

impl Docker {
    /// The canonical command line.
    pub fn to_line(&self) -> String {
        let mut w = vec!["docker".to_string()];
        if let Some(h) = &self.host {
            w.push(format!("--host={h}"));
        }
        if let Some(c) = &self.context {
            w.push(format!("--context={c}"));
        }
        if self.debug {
            w.push("--debug".into());
        }
        let flag = |w: &mut Vec<String>, name: &str, on: bool| {
            if on {
                w.push(format!("--{name}"));
            }
        };
        let opt = |w: &mut Vec<String>, name: &str, v: &Option<String>| {
            if let Some(v) = v {
                w.push(format!("--{name}={v}"));
            }
        };
        let mut f = Vec::new();
        let mut dash = Dash::Any;
        let (sub, args): (&str, Vec<String>) = match &self.command {
            DockerCommand::Run(r) | DockerCommand::Create(r) => {
                let is_run = matches!(self.command, DockerCommand::Run(_));
                f = r.flag_words(is_run);
                dash = Dash::First;
                let mut a = vec![r.image.clone()];
                a.extend(r.command.iter().cloned());
                (if is_run { "run" } else { "create" }, a)
            }
            DockerCommand::Start {
                containers,
                attach,
                interactive,
            } => {
                flag(&mut f, "attach", *attach);
                flag(&mut f, "interactive", *interactive);
                ("start", containers.clone())
            }
            DockerCommand::Ps {
                all,
                quiet,
                no_trunc,
                format,
                filters,
            } => {
                flag(&mut f, "all", *all);
                flag(&mut f, "quiet", *quiet);
                flag(&mut f, "no-trunc", *no_trunc);
                opt(&mut f, "format", format);
                for flt in filters {
                    f.push(format!("--filter={flt}"));
                }
                ("ps", vec![])
            }
            DockerCommand::Pull {
                image,
                platform,
                quiet,
            } => {
                opt(&mut f, "platform", platform);
                flag(&mut f, "quiet", *quiet);
                ("pull", vec![image.clone()])
            }
            DockerCommand::Images {
                repository,
                all,
                quiet,
                no_trunc,
                digests,
            } => {
                flag(&mut f, "all", *all);
                flag(&mut f, "quiet", *quiet);
                flag(&mut f, "no-trunc", *no_trunc);
                flag(&mut f, "digests", *digests);
                ("images", repository.iter().cloned().collect())
            }
            DockerCommand::Stop {
                containers,
                time,
                signal,
            } => {
                if let Some(t) = time {
                    f.push(format!("--time={t}"));
                }
                opt(&mut f, "signal", signal);
                ("stop", containers.clone())
            }
            DockerCommand::Kill { containers, signal } => {
                opt(&mut f, "signal", signal);
                ("kill", containers.clone())
            }
            DockerCommand::Rm {
                containers,
                force,
                volumes,
            } => {
                flag(&mut f, "force", *force);
                flag(&mut f, "volumes", *volumes);
                ("rm", containers.clone())
            }
            DockerCommand::Rmi { images, force } => {
                flag(&mut f, "force", *force);
                ("rmi", images.clone())
            }
            DockerCommand::Exec(e) => {
                let (ef, ea) = e.parts();
                f = ef;
                dash = Dash::First;
                ("exec", ea)
            }
            DockerCommand::Logs {
                container,
                follow,
                tail,
                timestamps,
            } => {
                flag(&mut f, "follow", *follow);
                opt(&mut f, "tail", tail);
                flag(&mut f, "timestamps", *timestamps);
                ("logs", vec![container.clone()])
            }
            DockerCommand::Inspect {
                names,
                format,
                kind,
            } => {
                opt(&mut f, "format", format);
                opt(&mut f, "type", kind);
                ("inspect", names.clone())
            }
            DockerCommand::Version { format } => {
                opt(&mut f, "format", format);
                ("version", vec![])
            }
            DockerCommand::Info { format } => {
                opt(&mut f, "format", format);
                ("info", vec![])
            }
            DockerCommand::ClientVersion => {
                w.push("--version".into());
                return shell::join(&w);
            }
            DockerCommand::Help { path } => {
                if !path.is_empty() {
                    w.push("help".into());
                    w.extend(path.iter().cloned());
                }
                return shell::join(&w);
            }
        };
        w.push(sub.to_string());
        w.extend(shell::assemble(f, args, dash, false));
        shell::join(&w)
    }
}
