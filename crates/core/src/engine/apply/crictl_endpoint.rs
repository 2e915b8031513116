//! Which CRI server crictl talks to (cri-tools `cmd/crictl/main.go`
//! `app.Before`, `crictl_config.go` `GetRuntimeService`/`GetImageService`):
//! `-r/--runtime-endpoint` or `CONTAINER_RUNTIME_ENDPOINT`, then the config
//! file (`-c/--config`, `CRI_CONFIG_FILE`, `/etc/crictl.yaml`), else the
//! deprecated default list with its warning; `-i/--image-endpoint` or
//! `IMAGE_SERVICE_ENDPOINT`, else the config's, else the runtime endpoint.
//! The endpoint's socket in the node's file system decides who answers; a
//! missing socket gives the CRI client's error in the words of the crictl
//! the configuration ships (its version follows Kubernetes').

use super::super::{Outcome, World};
use crate::command::crictl::{ConfigCmd, Crictl, CrictlCommand};
use crate::command::error::logrus_value;
use crate::config::Runtime;
use crate::node::fs::Entry;

/// The default config file (`main_unix.go` `defaultConfigPath`).
pub(crate) const DEFAULT_CONFIG: &str = "/etc/crictl.yaml";

/// The options of a crictl config file (`pkg/common/file.go` `Config`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct CrictlFile {
    /// `(key, value)` in the file's order, values unquoted.
    pub options: Vec<(String, String)>,
}

/// The keys crictl knows, in the order `WriteConfig` adds missing ones.
pub(crate) const KEYS: [&str; 6] = [
    "runtime-endpoint",
    "image-endpoint",
    "timeout",
    "debug",
    "pull-image-on-create",
    "disable-pull-on-run",
];

impl CrictlFile {
    /// Reads a config file the way `getConfigOptions` does: top-level
    /// `key: value` pairs; an unknown key or a bad number is an error.
    pub(crate) fn parse(text: &str) -> Result<CrictlFile, String> {
        let mut options = Vec::new();
        for line in text.lines() {
            let l = line.split(" #").next().unwrap_or(line);
            let t = l.trim();
            if t.is_empty() || t.starts_with('#') || t == "---" || l.starts_with([' ', '\t']) {
                continue;
            }
            let Some((k, v)) = t.split_once(':') else {
                return Err(format!(
                    "yaml: unmarshal errors:\n  line 1: cannot unmarshal !!str `{t}`"
                ));
            };
            let k = k.trim().to_string();
            let v = unquote(v.trim());
            if !KEYS.contains(&k.as_str()) {
                return Err(format!("Config option '{k}' is not valid"));
            }
            if k == "timeout" && v.parse::<i64>().is_err() {
                return Err(format!(
                    "parsing config option 'timeout': strconv.Atoi: parsing {}: invalid syntax",
                    crate::command::error::go_quote(&v)
                ));
            }
            if matches!(
                k.as_str(),
                "debug" | "pull-image-on-create" | "disable-pull-on-run"
            ) && parse_bool(&v).is_none()
            {
                return Err(format!(
                    "parsing config option '{k}': strconv.ParseBool: parsing {}: invalid syntax",
                    crate::command::error::go_quote(&v)
                ));
            }
            options.push((k, v));
        }
        Ok(CrictlFile { options })
    }

    /// An option's value ("" when absent).
    pub(crate) fn get(&self, key: &str) -> &str {
        self.options
            .iter()
            .rev()
            .find(|(k, _)| k == key)
            .map_or("", |(_, v)| v.as_str())
    }

    /// Sets an option (`setValue`), checking the value as crictl does.
    pub(crate) fn set(&mut self, key: &str, value: &str) -> Result<(), String> {
        let value = match key {
            "runtime-endpoint" | "image-endpoint" => value.to_string(),
            "timeout" => value
                .parse::<i64>()
                .map_err(|_| {
                    format!(
                        "parse timeout value '{value}': strconv.Atoi: parsing {}: invalid syntax",
                        crate::command::error::go_quote(value)
                    )
                })?
                .to_string(),
            "debug" | "pull-image-on-create" | "disable-pull-on-run" => parse_bool(value)
                .ok_or_else(|| {
                    format!(
                        "parse {key} value '{value}': strconv.ParseBool: parsing {}: invalid syntax",
                        crate::command::error::go_quote(value)
                    )
                })?
                .to_string(),
            _ => return Err(format!("no configuration option named {key}")),
        };
        match self.options.iter_mut().find(|(k, _)| k == key) {
            Some(o) => o.1 = value,
            None => self.options.push((key.to_string(), value)),
        }
        Ok(())
    }

    /// The file as `WriteConfig` writes it: every known option, the
    /// file's own first, then the missing ones in crictl's order; an empty
    /// string as `""` (yaml.v3).
    pub(crate) fn render(&self) -> String {
        let mut opts = self.options.clone();
        for k in KEYS {
            if !opts.iter().any(|(o, _)| o == k) {
                let v = match k {
                    "timeout" => "0",
                    "debug" | "pull-image-on-create" | "disable-pull-on-run" => "false",
                    _ => "",
                };
                opts.push((k.to_string(), v.to_string()));
            }
        }
        let mut s = String::new();
        for (k, v) in opts {
            let v = if v.is_empty() { "\"\"".to_string() } else { v };
            s.push_str(&format!("{k}: {v}\n"));
        }
        s
    }
}

fn unquote(v: &str) -> String {
    let q = |c: char| v.len() >= 2 && v.starts_with(c) && v.ends_with(c);
    if q('"') || q('\'') {
        v[1..v.len() - 1].to_string()
    } else {
        v.to_string()
    }
}

/// Go's `strconv.ParseBool`.
fn parse_bool(v: &str) -> Option<bool> {
    match v {
        "1" | "t" | "T" | "TRUE" | "true" | "True" => Some(true),
        "0" | "f" | "F" | "FALSE" | "false" | "False" => Some(false),
        _ => None,
    }
}

/// The CRI services a crictl command connects to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Uses {
    runtime: bool,
    image: bool,
}

impl Uses {
    /// What each command asks for (cri-tools' `getRuntimeService` /
    /// `getImageService` calls per command).
    pub(crate) fn of(cmd: &CrictlCommand) -> Uses {
        let (runtime, image) = match cmd {
            CrictlCommand::ClientVersion
            | CrictlCommand::Help { .. }
            | CrictlCommand::Config(_) => (false, false),
            CrictlCommand::Images { .. }
            | CrictlCommand::Pull { .. }
            | CrictlCommand::Rmi { .. }
            | CrictlCommand::Inspecti(_)
            | CrictlCommand::Imagefsinfo { .. } => (false, true),
            CrictlCommand::Ps(_) | CrictlCommand::Create { .. } | CrictlCommand::Run { .. } => {
                (true, true)
            }
            _ => (true, false),
        };
        Uses { runtime, image }
    }
}

/// Who answers on a socket path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Answer {
    /// The node's CRI server: normal answers.
    Cri,
    /// A gRPC server without the CRI service (containerd with the CRI
    /// plugin disabled).
    NoCri,
    /// dockerd's HTTP API: not gRPC at all.
    Http,
    /// Nobody: the dial's error (`connect: …`).
    Dial(&'static str),
}

/// One failed connection in the CRI client's words.
fn grpc_unavailable(k8s: u8, path: &str, errno: &str) -> String {
    let colon = if k8s >= 28 { ":" } else { "" };
    format!(
        "rpc error: code = Unavailable desc = connection error: desc = \"transport: Error while dialing{colon} dial unix {path}: connect: {errno}\""
    )
}

impl World {
    /// Who answers on a unix socket path.
    fn socket_answer(&self, path: &str) -> Answer {
        let fs = &self.node.fs;
        let real = fs.resolve(&crate::node::fs::normalize("/", path), true);
        let rt = self.cfg.runtime;
        // dockershim's socket is the kubelet's own (≤1.23), not a file a unit publishes.
        let p = real.clone().unwrap_or_default();
        if rt == Runtime::Dockershim && p == "/run/dockershim.sock" {
            return if self.node.units.is_active("kubelet") {
                Answer::Cri
            } else {
                Answer::Dial("no such file or directory")
            };
        }
        match fs.get(path) {
            Ok(Entry::Socket) => {}
            Ok(Entry::Dir { .. }) | Ok(Entry::File { .. }) | Ok(Entry::Symlink { .. }) => {
                return Answer::Dial("connection refused")
            }
            Err(_) => return Answer::Dial("no such file or directory"),
        }
        match p.as_str() {
            "/run/containerd/containerd.sock" => {
                if !self.containerd_up {
                    Answer::Dial("connection refused")
                } else if rt.is_containerd_cri()
                    && !self
                        .containerd_disabled_plugins()
                        .iter()
                        .any(|p| p == "io.containerd.grpc.v1.cri")
                {
                    Answer::Cri
                } else {
                    Answer::NoCri
                }
            }
            "/run/crio/crio.sock" if rt == Runtime::CriO => Answer::Cri,
            "/run/cri-dockerd.sock" if rt == Runtime::CriDockerd => Answer::Cri,
            "/run/docker.sock" => Answer::Http,
            _ => Answer::Dial("connection refused"),
        }
    }

    /// Connects one CRI client (`NewRemoteRuntimeService` /
    /// `NewRemoteImageService`) as the crictl of this Kubernetes version
    /// does: `Ok(None)` connected, `Ok(Some(err))` connected but every call
    /// will fail with `err` (clients before 1.27 do not check at connect),
    /// `Err(msg)` the connect failed.
    fn cri_connect(&self, endpoint: &str, image: bool) -> Result<Option<String>, String> {
        let k8s = self.cfg.k8s.0;
        let (proto, path) = match endpoint.split_once("://") {
            Some((p, rest)) => (p, rest),
            None => ("unix", endpoint),
        };
        if proto != "unix" {
            return Err(format!("protocol {proto:?} not supported"));
        }
        let call_err = match self.socket_answer(path) {
            Answer::Cri => return Ok(None),
            Answer::NoCri => format!(
                "rpc error: code = Unimplemented desc = unknown service runtime.v1.{}",
                if image { "ImageService" } else { "RuntimeService" }
            ),
            Answer::Http => "rpc error: code = Unavailable desc = connection error: desc = \"error reading server preface: http2: failed reading the frame payload: http2: frame too large\"".to_string(),
            Answer::Dial(errno) => grpc_unavailable(k8s, path, errno),
        };
        let api = if image { "image" } else { "runtime" };
        let unimplemented = call_err.contains("code = Unimplemented");
        if k8s >= 27 {
            Err(format!(
                "validate service connection: validate CRI v1 {api} API for endpoint {endpoint:?}: {call_err}"
            ))
        } else if k8s == 26 {
            if unimplemented {
                Err(format!(
                    "validate service connection: CRI v1 {api} API is not implemented for endpoint {endpoint:?}: {call_err}"
                ))
            } else {
                Ok(Some(call_err))
            }
        } else if unimplemented {
            // Before 1.26 the client falls back to v1alpha2, which the
            // server does not have either: every call fails.
            Ok(Some(call_err.replace("runtime.v1.", "runtime.v1alpha2.")))
        } else {
            Err(format!("unable to determine {api} API version: {call_err}"))
        }
    }

    /// A logrus line of crictl's at the world's clock.
    fn crictl_log(&self, level: &str, msg: &str) -> String {
        format!(
            "time={} level={level} msg={}\n",
            logrus_value(&World::rfc3339(self.now_ms, false)),
            logrus_value(msg)
        )
    }

    /// A value of the program's environment.
    pub(crate) fn env_var(&self, name: &str) -> Option<String> {
        self.process_env
            .env
            .get(name)
            .filter(|v| !v.is_empty())
            .cloned()
    }

    /// The config file crictl reads (`-c`, `CRI_CONFIG_FILE`, the default).
    pub(crate) fn crictl_config_path(&self, c: &Crictl) -> (String, bool) {
        match c.config.clone().or_else(|| self.env_var("CRI_CONFIG_FILE")) {
            Some(p) => (
                crate::node::fs::normalize(
                    if self.process_env.cwd.is_empty() {
                        "/root"
                    } else {
                        &self.process_env.cwd
                    },
                    &p,
                ),
                true,
            ),
            None => (DEFAULT_CONFIG.to_string(), false),
        }
    }

    /// Connects crictl for a command: `Ok(stderr)` with the warnings and
    /// errors it logged on the way, or the failed run (`logrus.Fatal`,
    /// exit 1). A connection whose calls will fail gives the command's
    /// own failure through `Err` too.
    pub(crate) fn crictl_connect(&self, c: &Crictl) -> Result<String, Outcome> {
        let uses = Uses::of(&c.command);
        if !uses.runtime && !uses.image {
            return Ok(String::new());
        }
        let (path, explicit) = self.crictl_config_path(c);
        let file = match self.node.fs.read(&path) {
            Ok(text) => match CrictlFile::parse(text) {
                Ok(f) => Some(f),
                Err(e) if explicit => return Err(self.crictl_fatal(&e, String::new())),
                Err(_) => None,
            },
            Err(e) if explicit => {
                return Err(self.crictl_fatal(
                    &format!("open {path}: {}", e.to_string().to_lowercase()),
                    String::new(),
                ))
            }
            Err(_) => None,
        };
        let from_file = |key: &str| {
            file.as_ref()
                .map(|f| f.get(key).to_string())
                .filter(|v| !v.is_empty())
        };
        let runtime = c
            .runtime_endpoint
            .clone()
            .or_else(|| self.env_var("CONTAINER_RUNTIME_ENDPOINT"))
            .or_else(|| from_file("runtime-endpoint"));
        let image = c
            .image_endpoint
            .clone()
            .or_else(|| self.env_var("IMAGE_SERVICE_ENDPOINT"))
            .or_else(|| from_file("image-endpoint"))
            .or_else(|| runtime.clone());
        let mut log = String::new();
        let mut late: Option<String> = None;
        let defaults = self.default_endpoints();
        for (wanted, set, image_api) in [(uses.runtime, runtime, false), (uses.image, image, true)]
        {
            if !wanted {
                continue;
            }
            let r = match set {
                Some(ep) => self.cri_connect(&ep, image_api),
                None => {
                    log.push_str(&self.crictl_log(
                        "warning",
                        &format!(
                            "{} connect using default endpoints: [{}]. As the default settings are now deprecated, you should set the endpoint instead.",
                            match (image_api, self.cfg.k8s.0 >= 32) {
                                (false, _) => "runtime",
                                (true, false) => "image",
                                (true, true) => "Image",
                            },
                            defaults.join(" ")
                        ),
                    ));
                    let mut last = Err(String::new());
                    for ep in &defaults {
                        last = self.cri_connect(ep, image_api);
                        match &last {
                            Err(e) => log.push_str(&self.crictl_log("error", e)),
                            Ok(_) => break,
                        }
                    }
                    last
                }
            };
            match r {
                Ok(None) => {}
                Ok(Some(e)) => {
                    late.get_or_insert(e);
                }
                Err(e) => return Err(self.crictl_fatal(&e, log)),
            }
        }
        if let Some(e) = late {
            return Err(self.crictl_fatal(&format!("{}: {e}", call_context(&c.command)), log));
        }
        Ok(log)
    }

    /// `crictl config`: reads and writes the config file (created with
    /// every option at its zero value when missing), as `config.go` does.
    pub(crate) fn crictl_config(&mut self, c: &Crictl, cmd: &ConfigCmd) -> Outcome {
        let (path, _) = self.crictl_config_path(c);
        let text = match self.node.fs.read(&path) {
            Ok(t) => t.to_string(),
            Err(_) => {
                let fresh = CrictlFile::default().render();
                if let Err(e) = self.node.fs.write(&path, &fresh, false) {
                    return self.crictl_fatal(
                        &format!("open {path}: {}", e.to_string().to_lowercase()),
                        String::new(),
                    );
                }
                fresh
            }
        };
        let mut file = match CrictlFile::parse(&text) {
            Ok(f) => f,
            Err(e) => return self.crictl_fatal(&format!("load config file: {e}"), String::new()),
        };
        if let Some(key) = &cmd.get {
            return match key.as_str() {
                k if KEYS.contains(&k) => {
                    let v = file.get(k);
                    let v = match (k, v) {
                        ("timeout", "") => "0",
                        ("debug" | "pull-image-on-create" | "disable-pull-on-run", "") => "false",
                        (_, v) => v,
                    };
                    let v = match (k, parse_bool(v)) {
                        ("debug" | "pull-image-on-create" | "disable-pull-on-run", Some(b)) => {
                            b.to_string()
                        }
                        _ => v.to_string(),
                    };
                    Outcome::ok(format!("{v}\n"))
                }
                other => self.crictl_fatal(
                    &format!("no configuration option named {other}"),
                    String::new(),
                ),
            };
        }
        let pairs: Vec<(String, String)> = if !cmd.set.is_empty() {
            let mut v = Vec::new();
            for setting in &cmd.set {
                for option in setting.split(',') {
                    let pair: Vec<&str> = option.split('=').collect();
                    match pair.as_slice() {
                        [k, val] => v.push((k.to_string(), val.to_string())),
                        _ => {
                            return self.crictl_fatal(
                                &format!("incorrectly specified option: {setting}"),
                                String::new(),
                            )
                        }
                    }
                }
            }
            v
        } else if cmd.list {
            let rows: Vec<Vec<String>> =
                std::iter::once(vec!["KEY".to_string(), "VALUE".to_string()])
                    .chain(KEYS.iter().map(|k| {
                        let v = file.get(k);
                        let v = match (*k, v) {
                            ("timeout", "") => "0".to_string(),
                            ("debug" | "pull-image-on-create" | "disable-pull-on-run", v) => {
                                parse_bool(v).unwrap_or(false).to_string()
                            }
                            (_, v) => v.to_string(),
                        };
                        vec![k.to_string(), v]
                    }))
                    .collect();
            return Outcome::ok(super::super::format::tabwriter(&rows, 20, 3));
        } else {
            let key = cmd.args.first().cloned().unwrap_or_default();
            vec![(key, cmd.args.get(1).cloned().unwrap_or_default())]
        };
        for (k, v) in pairs {
            if let Err(e) = file.set(&k, &v) {
                return self.crictl_fatal(&e, String::new());
            }
        }
        match self.node.fs.write(&path, &file.render(), false) {
            Ok(()) => Outcome::default(),
            Err(e) => self.crictl_fatal(
                &format!("open {path}: {}", e.to_string().to_lowercase()),
                String::new(),
            ),
        }
    }

    fn crictl_fatal(&self, msg: &str, mut log: String) -> Outcome {
        log.push_str(&self.crictl_log("fatal", msg));
        Outcome::err(1, log)
    }

    /// The deprecated default endpoints of this crictl (`main_unix.go`;
    /// dockershim's left the list in v1.30).
    fn default_endpoints(&self) -> Vec<&'static str> {
        let mut v = vec![
            "unix:///run/containerd/containerd.sock",
            "unix:///run/crio/crio.sock",
            "unix:///var/run/cri-dockerd.sock",
        ];
        if self.cfg.k8s.0 < 30 {
            v.insert(0, "unix:///var/run/dockershim.sock");
        }
        v
    }
}

/// The words a command wraps its first call's error in.
fn call_context(cmd: &CrictlCommand) -> String {
    match cmd {
        CrictlCommand::Ps(_) => "listing containers".into(),
        CrictlCommand::Pods(_) => "listing pod sandboxes".into(),
        CrictlCommand::Images { .. } => "listing images".into(),
        CrictlCommand::Version => "getting the runtime version".into(),
        CrictlCommand::Info { .. } => "getting status of runtime".into(),
        CrictlCommand::Inspect(i) => format!(
            "getting the status of the container {:?}",
            i.ids.first().cloned().unwrap_or_default()
        ),
        CrictlCommand::Inspectp(i) => format!(
            "getting the pod sandbox status for {:?}",
            i.ids.first().cloned().unwrap_or_default()
        ),
        CrictlCommand::Pull { .. } => "pulling image".into(),
        CrictlCommand::Stats { .. } => "get container stats".into(),
        CrictlCommand::Statsp { .. } => "get pod sandbox stats".into(),
        CrictlCommand::Imagefsinfo { .. } => "image filesystem info".into(),
        CrictlCommand::RuntimeConfig => "get runtime config".into(),
        _ => "connect".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn config_file_round_trip() {
        let mut f = CrictlFile::parse(
            "runtime-endpoint: unix:///var/run/dockershim.sock\n# comment\ndebug: false\n",
        )
        .unwrap();
        assert_eq!(f.get("runtime-endpoint"), "unix:///var/run/dockershim.sock");
        f.set("runtime-endpoint", "unix:///run/containerd/containerd.sock")
            .unwrap();
        assert_eq!(
            f.render(),
            "runtime-endpoint: unix:///run/containerd/containerd.sock\ndebug: false\nimage-endpoint: \"\"\ntimeout: 0\npull-image-on-create: false\ndisable-pull-on-run: false\n"
        );
        assert_eq!(
            f.set("nope", "1"),
            Err("no configuration option named nope".into())
        );
        assert!(f.set("timeout", "x").is_err());
        assert!(CrictlFile::parse("bogus: 1\n").is_err());
        assert_eq!(
            CrictlFile::parse("image-endpoint: \"\"\n")
                .unwrap()
                .get("image-endpoint"),
            ""
        );
    }

    proptest::proptest! {
        #[test]
        fn any_config_text_parses_or_refuses(t in "[a-z:\"' #\n=-]{0,60}") {
            if let Ok(f) = CrictlFile::parse(&t) {
                // What crictl writes, it reads back.
                proptest::prop_assert!(CrictlFile::parse(&f.render()).is_ok());
            }
        }
    }
}
