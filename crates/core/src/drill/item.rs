//! One check item as a drill file writes it: exactly one subject key (what
//! is looked at), then expectations (what it must be). The file's shape is
//! flat (`unit = "containerd"`, `active = true`); [`Check::subject`] reads
//! it as one [`Subject`] and [`Check::validate`] refuses what does not fit.

use super::Text;
use crate::message::Msg;
use crate::msg;
use serde::{Deserialize, Serialize};

/// A file and a key path in it (`yaml`, `toml` subjects).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeyPath {
    /// Absolute path.
    pub path: String,
    /// Keys from the document's root.
    pub key: Vec<String>,
}

/// What of the running kubelet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kubelet {
    /// Its CRI endpoint.
    Endpoint,
    /// Its cgroup driver.
    CgroupDriver,
    /// Its command line's flags, one line.
    Flags,
}

/// A namespaced object (`pod`, `deployment`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ObjRef {
    /// The Kubernetes namespace.
    #[serde(default = "default_ns")]
    pub namespace: String,
    /// The object's name.
    pub name: String,
}

fn default_ns() -> String {
    "default".to_string()
}

/// A container's main process.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProcRef {
    /// The Kubernetes namespace.
    #[serde(default = "default_ns")]
    pub namespace: String,
    /// The Pod.
    pub pod: String,
    /// The container.
    pub container: String,
}

/// Which images `untouched` keeps.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Images {
    /// `true`: every image there at the set-up's end; `false`: none.
    All(bool),
    /// `"in-use"`: every image a running container uses.
    Named(String),
}

/// What must still be there from the set-up's end.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Untouched {
    /// Every container (by id).
    #[serde(default)]
    pub containers: bool,
    /// Every pod sandbox (by id).
    #[serde(default)]
    pub sandboxes: bool,
    /// Images.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub images: Option<Images>,
    /// Pods whose sandboxes and containers may go (`name` or `ns/name`).
    #[serde(default)]
    pub except_pods: Vec<String>,
    /// Images that may go.
    #[serde(default)]
    pub except_images: Vec<String>,
}

/// A number as a file writes it: `180`, `1.5`, or text (`"180Mi"` with
/// `as = "quantity"`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Num {
    /// An integer.
    Int(i64),
    /// A float.
    Float(f64),
    /// Text.
    Text(String),
}

/// How values are compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Norm {
    /// A CRI endpoint: `unix://` optional, `/var/run` ≡ `/run`.
    Endpoint,
    /// A path: `/var/run` ≡ `/run`, no trailing `/`.
    Path,
    /// A Kubernetes quantity (`200Mi` ≥ `180Mi`).
    Quantity,
}

/// One check item, as the file writes it.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Check {
    /// The item's name, as the candidate reads it.
    pub name: Text,

    // Subjects: exactly one.
    /// A systemd unit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// A file's trimmed content.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// A YAML file's value at a key path.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub yaml: Option<KeyPath>,
    /// A TOML file's value at a key path.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub toml: Option<KeyPath>,
    /// What the running kubelet uses.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kubelet: Option<Kubelet>,
    /// A kernel parameter now.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sysctl: Option<String>,
    /// A kernel module.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub module: Option<String>,
    /// A Unix socket's path.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub socket: Option<String>,
    /// A Debian package.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub package: Option<String>,
    /// A Node condition's type (`Ready`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub node: Option<String>,
    /// A Node field: `containerRuntimeVersion`, `unschedulable`,
    /// `annotation:<key>`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub node_field: Option<String>,
    /// A Pod.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pod: Option<ObjRef>,
    /// A Deployment's newest Pod.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deployment: Option<ObjRef>,
    /// A container's main process.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub process: Option<ProcRef>,
    /// An image in a containerd namespace's (or the runtime's) store.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<String>,
    /// An object (`pod/NS/NAME`, `deployment/NS/NAME`) as the set-up left it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unchanged: Option<String>,
    /// Containers, sandboxes, images as the set-up left them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub untouched: Option<Untouched>,
    /// A line run on a copy of the node.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub command: Option<String>,

    // Qualifiers of a subject.
    /// `image`'s containerd namespace (default `k8s.io`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    /// `unchanged`'s paths left out of the comparison.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub except: Vec<String>,
    /// `pod`/`deployment`: the container `state` is about.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub container: Option<String>,

    // Expectations.
    /// A unit is active.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active: Option<bool>,
    /// A unit is enabled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    /// A module is loaded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub loaded: Option<bool>,
    /// A socket exists.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exists: Option<bool>,
    /// A package is installed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub installed: Option<bool>,
    /// An image is present.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub present: Option<bool>,
    /// A Node condition's status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// A Pod's phase.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phase: Option<String>,
    /// A Pod's Ready condition.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ready: Option<bool>,
    /// Every container's restart count at most this.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_restarts: Option<u32>,
    /// A container's state: running, waiting, terminated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    /// The process's parent's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    /// The process has the pid it had when the set-up ended.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub same_pid: Option<bool>,
    /// A command's exit code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exit: Option<i32>,
    /// The value equals this.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub equals: Option<String>,
    /// The value is one of these.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub one_of: Option<Vec<String>>,
    /// The value matches this regex (regex-lite).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub matches: Option<String>,
    /// The value contains this.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contains: Option<String>,
    /// The value (a number) is at least this.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at_least: Option<Num>,
    /// The value (a number) is at most this.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at_most: Option<Num>,
    /// The value's trimmed lines are these.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lines: Option<Vec<String>>,
    /// How values compare.
    #[serde(default, rename = "as", skip_serializing_if = "Option::is_none")]
    pub norm: Option<Norm>,
    /// Also judged after a simulated reboot.
    #[serde(default)]
    pub after_reboot: bool,
}

/// What an item looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Subject<'a> {
    Unit(&'a str),
    File(&'a str),
    Yaml(&'a KeyPath),
    Toml(&'a KeyPath),
    Kubelet(Kubelet),
    Sysctl(&'a str),
    Module(&'a str),
    Socket(&'a str),
    Package(&'a str),
    Node(&'a str),
    NodeField(&'a str),
    Pod(&'a ObjRef),
    Deployment(&'a ObjRef),
    Process(&'a ProcRef),
    Image(&'a str),
    Unchanged(&'a str),
    Untouched(&'a Untouched),
    Command(&'a str),
}

impl Subject<'_> {
    /// Its key in the file.
    pub(crate) fn key(&self) -> &'static str {
        match self {
            Subject::Unit(_) => "unit",
            Subject::File(_) => "file",
            Subject::Yaml(_) => "yaml",
            Subject::Toml(_) => "toml",
            Subject::Kubelet(_) => "kubelet",
            Subject::Sysctl(_) => "sysctl",
            Subject::Module(_) => "module",
            Subject::Socket(_) => "socket",
            Subject::Package(_) => "package",
            Subject::Node(_) => "node",
            Subject::NodeField(_) => "node_field",
            Subject::Pod(_) => "pod",
            Subject::Deployment(_) => "deployment",
            Subject::Process(_) => "process",
            Subject::Image(_) => "image",
            Subject::Unchanged(_) => "unchanged",
            Subject::Untouched(_) => "untouched",
            Subject::Command(_) => "command",
        }
    }

    /// The keys (qualifiers and expectations) this subject takes.
    fn takes(&self) -> &'static [&'static str] {
        const VALUE: &[&str] = &[
            "equals", "one_of", "matches", "contains", "at_least", "at_most", "lines", "as",
        ];
        match self {
            Subject::Unit(_) => &["active", "enabled"],
            Subject::Module(_) => &["loaded"],
            Subject::Socket(_) => &["exists"],
            Subject::Package(_) => &["installed"],
            Subject::Image(_) => &["present", "namespace"],
            Subject::Node(_) => &["status"],
            Subject::Pod(_) | Subject::Deployment(_) => {
                &["phase", "ready", "max_restarts", "container", "state"]
            }
            Subject::Process(_) => &["parent", "same_pid"],
            Subject::Unchanged(_) => &["except"],
            Subject::Untouched(_) => &[],
            Subject::Command(_) => &[
                "exit", "equals", "one_of", "matches", "contains", "at_least", "at_most", "lines",
                "as",
            ],
            Subject::File(_)
            | Subject::Yaml(_)
            | Subject::Toml(_)
            | Subject::Kubelet(_)
            | Subject::Sysctl(_)
            | Subject::NodeField(_) => VALUE,
        }
    }
}

impl Check {
    /// Every subject key set, in the format's order.
    fn subjects(&self) -> Vec<Subject<'_>> {
        let mut v = Vec::new();
        macro_rules! text {
            ($($f:ident => $s:ident),* $(,)?) => {
                $(if let Some(x) = &self.$f { v.push(Subject::$s(x.as_str())); })*
            };
        }
        macro_rules! by_ref {
            ($($f:ident => $s:ident),* $(,)?) => {
                $(if let Some(x) = &self.$f { v.push(Subject::$s(x)); })*
            };
        }
        text!(unit => Unit, file => File);
        by_ref!(yaml => Yaml, toml => Toml);
        if let Some(k) = self.kubelet {
            v.push(Subject::Kubelet(k));
        }
        text!(sysctl => Sysctl, module => Module, socket => Socket, package => Package, node => Node, node_field => NodeField);
        by_ref!(pod => Pod, deployment => Deployment, process => Process);
        text!(image => Image, unchanged => Unchanged);
        by_ref!(untouched => Untouched);
        text!(command => Command);
        v
    }

    /// Whether judging the item compares with the node as the set-up left
    /// it (`unchanged`, `untouched`, a process's `same_pid`).
    pub(crate) fn needs_baseline(&self) -> bool {
        self.unchanged.is_some()
            || self.untouched.is_some()
            || (self.process.is_some() && self.same_pid.is_some())
    }

    /// The item's one subject.
    pub(crate) fn subject(&self) -> Option<Subject<'_>> {
        let s = self.subjects();
        match s.as_slice() {
            [one] => Some(*one),
            _ => None,
        }
    }

    /// The qualifier and expectation keys set.
    fn set_keys(&self) -> Vec<&'static str> {
        let mut v = Vec::new();
        let flags: [(&'static str, bool); 25] = [
            ("namespace", self.namespace.is_some()),
            ("except", !self.except.is_empty()),
            ("container", self.container.is_some()),
            ("active", self.active.is_some()),
            ("enabled", self.enabled.is_some()),
            ("loaded", self.loaded.is_some()),
            ("exists", self.exists.is_some()),
            ("installed", self.installed.is_some()),
            ("present", self.present.is_some()),
            ("status", self.status.is_some()),
            ("phase", self.phase.is_some()),
            ("ready", self.ready.is_some()),
            ("max_restarts", self.max_restarts.is_some()),
            ("state", self.state.is_some()),
            ("parent", self.parent.is_some()),
            ("same_pid", self.same_pid.is_some()),
            ("exit", self.exit.is_some()),
            ("equals", self.equals.is_some()),
            ("one_of", self.one_of.is_some()),
            ("matches", self.matches.is_some()),
            ("contains", self.contains.is_some()),
            ("at_least", self.at_least.is_some()),
            ("at_most", self.at_most.is_some()),
            ("lines", self.lines.is_some()),
            ("as", self.norm.is_some()),
        ];
        for (k, set) in flags {
            if set {
                v.push(k);
            }
        }
        v
    }

    /// The format's rules for one item: `Err((key, why))`.
    pub(crate) fn validate(&self) -> Result<(), (&'static str, Msg)> {
        if !super::text_ok(&self.name) {
            return Err(("name", msg!("drill-empty-text", field = "name")));
        }
        let subjects = self.subjects();
        let subject = match subjects.as_slice() {
            [one] => *one,
            [] => return Err(("name", msg!("drill-no-subject"))),
            [_, second, ..] => {
                return Err((
                    second.key(),
                    msg!(
                        "drill-two-subjects",
                        first = subjects[0].key(),
                        second = second.key()
                    ),
                ))
            }
        };
        let set = self.set_keys();
        let takes = subject.takes();
        if let Some(k) = set.iter().find(|k| !takes.contains(k)) {
            return Err((
                k,
                msg!(
                    "drill-key-not-for-subject",
                    key = *k,
                    subject = subject.key()
                ),
            ));
        }
        let expects = set
            .iter()
            .filter(|k| !matches!(**k, "namespace" | "except" | "container" | "as"))
            .count();
        if expects == 0 && !matches!(subject, Subject::Unchanged(_) | Subject::Untouched(_)) {
            return Err((
                subject.key(),
                msg!("drill-no-expectation", subject = subject.key()),
            ));
        }
        let values = set
            .iter()
            .filter(|k| {
                matches!(
                    **k,
                    "equals" | "one_of" | "matches" | "contains" | "at_least" | "at_most" | "lines"
                )
            })
            .count();
        if self.norm.is_some() && values == 0 {
            return Err(("as", msg!("drill-as-without-value")));
        }
        if let Some(re) = &self.matches {
            if let Err(e) = regex_lite::Regex::new(re) {
                return Err(("matches", msg!("drill-bad-regex", reason = e.to_string())));
            }
        }
        for (key, n) in [("at_least", &self.at_least), ("at_most", &self.at_most)] {
            if let Some(n) = n {
                if super::expect::number(n, self.norm).is_none() {
                    return Err((key, msg!("drill-bad-number", key = key)));
                }
            }
        }
        if let Some(s) = &self.status {
            if !matches!(s.as_str(), "True" | "False" | "Unknown") {
                return Err((
                    "status",
                    msg!("drill-bad-word", key = "status", word = s.as_str()),
                ));
            }
        }
        if let Some(s) = &self.state {
            if !matches!(s.as_str(), "running" | "waiting" | "terminated") {
                return Err((
                    "state",
                    msg!("drill-bad-word", key = "state", word = s.as_str()),
                ));
            }
        }
        if self.state.is_some() != self.container.is_some() {
            return Err(("container", msg!("drill-container-and-state")));
        }
        match subject {
            Subject::Unchanged(what) => {
                let parts: Vec<&str> = what.split('/').collect();
                if !matches!(parts.as_slice(), ["pod" | "deployment", ns, name] if !ns.is_empty() && !name.is_empty())
                {
                    return Err(("unchanged", msg!("drill-bad-object", object = what)));
                }
            }
            Subject::Untouched(u) => {
                if let Some(Images::Named(n)) = &u.images {
                    if n != "in-use" {
                        return Err((
                            "untouched",
                            msg!("drill-bad-word", key = "images", word = n.as_str()),
                        ));
                    }
                }
                if !u.containers
                    && !u.sandboxes
                    && matches!(u.images, None | Some(Images::All(false)))
                {
                    return Err((
                        "untouched",
                        msg!("drill-no-expectation", subject = "untouched"),
                    ));
                }
            }
            Subject::File(p) | Subject::Socket(p) if !p.starts_with('/') => {
                return Err((subject.key(), msg!("drill-not-absolute", path = p)));
            }
            Subject::Yaml(k) | Subject::Toml(k) if !k.path.starts_with('/') || k.key.is_empty() => {
                return Err((
                    subject.key(),
                    msg!("drill-not-absolute", path = k.path.as_str()),
                ));
            }
            _ => {}
        }
        Ok(())
    }
}
