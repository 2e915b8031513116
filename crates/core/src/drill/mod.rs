//! CKA drills as data: a broken node to fix, judged by its final state.
//!
//! A drill is one TOML file under `assets/drills/` (the format page is
//! `assets/drills/README.md`): its task in English and Korean, the node's
//! configuration, the set-up that breaks it (node shell lines, faults, files
//! the shell cannot make), named check items, hints and a reference
//! solution. `crates/core/build.rs` embeds every file; [`all`] parses them.
//!
//! [`Drill::start`] makes the broken node; [`Drill::check`] judges any node
//! (the candidate's, at any point) on COPIES: it lets `settle` seconds pass,
//! evaluates each item over the world's state (never the command history),
//! and for `after_reboot` items reboots another copy first. The baseline of
//! `unchanged`, `untouched` and `same_pid` is the node as the set-up left
//! it, made again by [`Drill::start`] (deterministic).

mod check;
mod expect;
mod item;
mod subject;
mod yaml;

pub use check::{ItemVerdict, Verdict};
pub use item::{Check, Images, KeyPath, Kubelet, Norm, Num, ObjRef, ProcRef, Untouched};

use crate::config::Config;
use crate::message::{Catalog, Lang, Msg};
use crate::msg;
use crate::node::fault::Fault;
use crate::sim::{Sim, DEFAULT_SEED};
use serde::{Deserialize, Serialize};

include!(concat!(env!("OUT_DIR"), "/drills.rs"));

/// Words in both languages (a drill's or a quiz's own data).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Text {
    /// English.
    pub en: String,
    /// Korean.
    pub ko: String,
}

impl Text {
    /// The text in a language.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Ko => &self.ko,
            _ => &self.en,
        }
    }
}

/// The CKA domain a drill practises.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Domain {
    /// Troubleshooting (clusters, nodes, components).
    Troubleshooting,
    /// Cluster architecture, installation and configuration.
    Architecture,
    /// Workloads and scheduling.
    Workloads,
}

impl Domain {
    /// As the file writes it.
    pub fn id(self) -> &'static str {
        match self {
            Domain::Troubleshooting => "troubleshooting",
            Domain::Architecture => "architecture",
            Domain::Workloads => "workloads",
        }
    }

    /// The domain an id names (as [`Domain::id`] writes it).
    pub fn from_id(id: &str) -> Option<Domain> {
        [
            Domain::Troubleshooting,
            Domain::Architecture,
            Domain::Workloads,
        ]
        .into_iter()
        .find(|d| d.id() == id)
    }

    /// Its name, as the curriculum words it.
    pub fn title(self) -> Msg {
        match self {
            Domain::Troubleshooting => msg!("drill-domain-troubleshooting"),
            Domain::Architecture => msg!("drill-domain-architecture"),
            Domain::Workloads => msg!("drill-domain-workloads"),
        }
    }
}

/// A Debian package a drill puts on the node.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Deb {
    /// The package's name (`cri-dockerd`).
    pub package: String,
    /// Its version (`0.3.9.3-0`).
    pub version: String,
}

/// A thing put on the node that the shell cannot make.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FilePut {
    /// Absolute path.
    pub path: String,
    /// A text file's content.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// A `.deb` package file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deb: Option<Deb>,
}

/// The node a drill starts from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NodeSpec {
    /// Kubernetes version words (`1.28`).
    pub k8s: String,
    /// High-level runtime words (`containerd-2`, `cri-o`, `dockershim` …).
    pub runtime: String,
    /// OCI runtime words (`runc`).
    #[serde(default = "runc")]
    pub oci: String,
    /// Node shell lines run before the candidate comes (not shown).
    #[serde(default)]
    pub setup: String,
    /// Faults injected after the set-up.
    #[serde(default, deserialize_with = "faults")]
    pub faults: Vec<Fault>,
    /// Files put on the node before the set-up.
    #[serde(default)]
    pub files: Vec<FilePut>,
}

/// Faults in serde's external tagging (`{ stop_unit = "containerd" }`):
/// read as data first, as the TOML reader takes enums only as strings.
fn faults<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<Fault>, D::Error> {
    let v = serde_json::Value::deserialize(d)?;
    serde_json::from_value(v).map_err(serde::de::Error::custom)
}

fn runc() -> String {
    "runc".to_string()
}

/// The reference solution.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Solution {
    /// Node shell lines, as a candidate types them.
    pub script: String,
}

/// One drill.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Drill {
    /// Unique id (`D03`).
    pub id: String,
    /// The CKA domain.
    pub domain: Domain,
    /// The scenario that shows the mechanism underneath.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scenario: Option<String>,
    /// Seconds of logical time the checker lets pass on its copy first.
    #[serde(default)]
    pub settle: u64,
    /// Title.
    pub title: Text,
    /// The task, as the exam phrases it.
    pub task: Text,
    /// The node.
    pub node: NodeSpec,
    /// The check items.
    #[serde(rename = "check")]
    pub checks: Vec<Check>,
    /// Hints, in order.
    #[serde(default, rename = "hint")]
    pub hints: Vec<Text>,
    /// The reference solution.
    pub solution: Solution,
}

/// Why a drill file cannot be used: where (file:line:col) and why.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum DrillError {
    /// Not TOML, or not a drill's shape (the TOML reader's words).
    #[error("{file}:{line}:{col}: {reason}")]
    Syntax {
        /// The file's name.
        file: String,
        /// Line, 1-based.
        line: usize,
        /// Column, 1-based.
        col: usize,
        /// The reader's words.
        reason: String,
    },
    /// Read, but wrong (an item with two subjects, a bad id …).
    #[error("{file}:{line}:{col}: {}", english(.why))]
    Invalid {
        /// The file's name.
        file: String,
        /// Line, 1-based.
        line: usize,
        /// Column, 1-based.
        col: usize,
        /// Why.
        why: Msg,
    },
    /// The drill's node could not be made.
    #[error("{id}: {}", english(.why))]
    Start {
        /// The drill.
        id: String,
        /// Why.
        why: Msg,
    },
}

fn english(m: &Msg) -> String {
    Catalog::english().render(m)
}

impl DrillError {
    /// What went wrong, in the reader's language.
    pub fn message(&self) -> Msg {
        match self {
            DrillError::Syntax {
                file,
                line,
                col,
                reason,
            } => msg!(
                "drill-error-syntax",
                file = file.as_str(),
                line = *line,
                col = *col,
                reason = reason.as_str()
            ),
            DrillError::Invalid {
                file,
                line,
                col,
                why,
            } => msg!(
                "drill-error-at",
                file = file.as_str(),
                line = *line,
                col = *col,
                why = why.clone()
            ),
            DrillError::Start { id, why } => {
                msg!("drill-error-start", id = id.as_str(), why = why.clone())
            }
        }
    }
}

/// Every embedded drill (`assets/drills/*.toml`), sorted by id. A file that
/// does not parse is left out (the drills test fails on it).
pub fn all() -> Vec<Drill> {
    let mut v: Vec<Drill> = DRILL_FILES
        .iter()
        .filter_map(|(file, text)| parse(text, file).ok())
        .collect();
    v.sort_by(|a, b| a.id.cmp(&b.id));
    v
}

/// Every embedded drill file as parsed: (file name, result).
pub fn files() -> Vec<(&'static str, Result<Drill, DrillError>)> {
    DRILL_FILES
        .iter()
        .map(|(file, text)| (*file, parse(text, file)))
        .collect()
}

/// An embedded drill by id (case-insensitive).
pub fn find(id: &str) -> Option<Drill> {
    all().into_iter().find(|d| d.id.eq_ignore_ascii_case(id))
}

/// Reads a drill file: its TOML, then the rules of the format.
pub fn parse(text: &str, file: &str) -> Result<Drill, DrillError> {
    let drill: Drill = basic_toml::from_str(text).map_err(|e| syntax_error(&e, text, file))?;
    drill.validate().map_err(|(at, why)| {
        let (line, col) = at.locate(text);
        DrillError::Invalid {
            file: file.to_string(),
            line,
            col,
            why,
        }
    })?;
    Ok(drill)
}

/// A file the TOML reader refused (drills and quizzes): where (a key the
/// format does not know: where it is written) and the reader's words.
pub(crate) fn syntax_error(e: &basic_toml::Error, text: &str, file: &str) -> DrillError {
    let (line, col) = unknown_key(e, text)
        .or_else(|| e.line_col().map(|(l, c)| (l + 1, c + 1)))
        .unwrap_or((1, 1));
    DrillError::Syntax {
        file: file.to_string(),
        line,
        col,
        reason: reason(e),
    }
}

/// Where a key the format does not know is written (the TOML reader
/// says the end of its table).
fn unknown_key(e: &basic_toml::Error, text: &str) -> Option<(usize, usize)> {
    let s = e.to_string();
    let key = s.strip_prefix("unknown field `")?.split('`').next()?;
    text.lines().enumerate().find_map(|(i, line)| {
        let t = line.trim_start();
        let rest = t.strip_prefix(key)?;
        let r = rest.trim_start();
        (r.starts_with('=')
            || r.starts_with('.')
            || rest.is_empty()
            || t.starts_with(&format!("{key} ")))
        .then(|| (i + 1, line.len() - t.len() + 1))
    })
}

/// The TOML reader's words without its own " at line N column M" (the
/// error says where first).
fn reason(e: &basic_toml::Error) -> String {
    let s = e.to_string();
    match s.rfind(" at line ") {
        Some(i) if s[i..].contains(" column ") => s[..i].to_string(),
        _ => s,
    }
}

/// Where in the file a rule was broken: a top-level key, a key of the
/// n-th `[[check]]` (or its header), a file of `[node]`.
#[derive(Debug, Clone, Copy)]
pub(crate) enum At<'a> {
    /// A top-level key (or a table's header, `[node]`).
    Key(&'a str),
    /// The n-th (0-based) array table `[[name]]`, at a key in it (or its
    /// header when the key is not there).
    Item(&'a str, usize, &'a str),
}

impl At<'_> {
    /// (line, column), 1-based.
    fn locate(self, text: &str) -> (usize, usize) {
        let key_at = |line: &str, key: &str| -> Option<usize> {
            let t = line.trim_start();
            let rest = t.strip_prefix(key)?;
            let ok = rest.trim_start().starts_with('=') || rest.trim_start().starts_with('.');
            ok.then(|| line.len() - t.len() + 1)
        };
        match self {
            At::Key(key) => {
                let header = format!("[{key}]");
                for (i, line) in text.lines().enumerate() {
                    if line.trim() == header {
                        return (i + 1, 1);
                    }
                    if let Some(c) = key_at(line, key) {
                        return (i + 1, c);
                    }
                }
                (1, 1)
            }
            At::Item(table, n, key) => {
                let header = format!("[[{table}]]");
                let mut seen = 0;
                let mut start = None;
                for (i, line) in text.lines().enumerate() {
                    let t = line.trim();
                    if t == header {
                        if start.is_some() {
                            break;
                        }
                        if seen == n {
                            start = Some(i);
                        }
                        seen += 1;
                        continue;
                    }
                    if start.is_some() && t.starts_with('[') {
                        break;
                    }
                    if start.is_some() {
                        if let Some(c) = key_at(line, key) {
                            return (i + 1, c);
                        }
                    }
                }
                start.map_or((1, 1), |s| (s + 1, 1))
            }
        }
    }
}

/// (line, column) of a key in the n-th (0-based) `[[table]]` of a file.
pub(crate) fn locate_item(text: &str, table: &str, n: usize, key: &str) -> (usize, usize) {
    At::Item(table, n, key).locate(text)
}

/// A valid id: `[A-Z0-9-]{2,16}`.
fn id_ok(id: &str) -> bool {
    (2..=16).contains(&id.len())
        && id
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-')
}

fn text_ok(t: &Text) -> bool {
    !t.en.trim().is_empty() && !t.ko.trim().is_empty()
}

impl Drill {
    /// The node's configuration from its words.
    pub fn config(&self) -> Result<Config, Msg> {
        Config::from_words(
            Some(&self.node.k8s),
            Some(&self.node.runtime),
            Some(&self.node.oci),
        )
        .map_err(|e| e.message())
    }

    fn validate(&self) -> Result<(), (At<'static>, Msg)> {
        if !id_ok(&self.id) {
            return Err((At::Key("id"), msg!("drill-bad-id", id = self.id.as_str())));
        }
        for (key, t) in [("title", &self.title), ("task", &self.task)] {
            if !text_ok(t) {
                return Err((At::Key(key), msg!("drill-empty-text", field = key)));
            }
        }
        if let Some(s) = &self.scenario {
            if crate::scenario::find(s).is_none() {
                return Err((
                    At::Key("scenario"),
                    msg!("drill-unknown-scenario", name = s.as_str()),
                ));
            }
        }
        if self.settle > crate::sim::MAX_SLEEP_S {
            return Err((
                At::Key("settle"),
                msg!("drill-settle-too-long", max = crate::sim::MAX_SLEEP_S),
            ));
        }
        self.config().map_err(|m| (At::Key("node"), m))?;
        for (i, f) in self.node.files.iter().enumerate() {
            let _ = i;
            if !f.path.starts_with('/') || (f.text.is_some() == f.deb.is_some()) {
                return Err((
                    At::Key("files"),
                    msg!("drill-bad-file", path = f.path.as_str()),
                ));
            }
        }
        if self.checks.is_empty() {
            return Err((At::Key("solution"), msg!("drill-no-checks")));
        }
        for (i, c) in self.checks.iter().enumerate() {
            c.validate()
                .map_err(|(key, m)| (At::Item("check", i, key), m))?;
        }
        for (i, h) in self.hints.iter().enumerate() {
            if !text_ok(h) {
                return Err((
                    At::Item("hint", i, "en"),
                    msg!("drill-empty-text", field = "hint"),
                ));
            }
        }
        if self.solution.script.trim().is_empty() {
            return Err((At::Key("solution"), msg!("drill-no-solution")));
        }
        Ok(())
    }

    /// The broken node: the configuration, the files, the set-up lines, the
    /// faults; its steps forgotten (the candidate's first command is the
    /// first step).
    pub fn start(&self) -> Result<Sim, DrillError> {
        let fail = |why: Msg| DrillError::Start {
            id: self.id.clone(),
            why,
        };
        let config = self.config().map_err(fail)?;
        let mut sim = Sim::new(config, DEFAULT_SEED);
        for f in &self.node.files {
            match (&f.text, &f.deb) {
                (_, Some(deb)) => sim.put_deb(&f.path, &deb.package, &deb.version),
                (Some(text), None) => sim
                    .inject(&Fault::WriteFile {
                        path: f.path.clone(),
                        text: text.clone(),
                    })
                    .map_err(|e| fail(e.message()))?,
                (None, None) => {}
            }
        }
        sim.setup(&self.node.setup).map_err(|e| fail(e.message()))?;
        for fault in &self.node.faults {
            sim.inject(fault).map_err(|e| fail(e.message()))?;
        }
        Ok(sim)
    }

    /// The broken node, then the reference solution typed into it.
    pub fn solved(&self) -> Result<Sim, DrillError> {
        let mut sim = self.start()?;
        sim.run_script(&self.solution.script)
            .map_err(|e| DrillError::Start {
                id: self.id.clone(),
                why: e.message(),
            })?;
        Ok(sim)
    }

    /// Judges a node (the candidate's, as it is now) item by item. The
    /// node as the set-up left it, which some items compare with, is made
    /// again (deterministic) only when an item needs it; a caller that
    /// kept it uses [`Drill::check_against`].
    pub fn check(&self, node: &Sim) -> Verdict {
        let base = self
            .checks
            .iter()
            .any(Check::needs_baseline)
            .then(|| self.start().ok())
            .flatten();
        check::run(self, node, base.as_ref())
    }

    /// [`Drill::check`] with the node as [`Drill::start`] left it, kept by
    /// the caller (a terminal's session keeps it rather than replaying the
    /// set-up at every Check).
    pub fn check_against(&self, node: &Sim, base: &Sim) -> Verdict {
        check::run(self, node, Some(base))
    }

    /// The words naming the configuration (`1.28 containerd-2 runc`).
    pub fn config_words(&self) -> String {
        format!("{} {} {}", self.node.k8s, self.node.runtime, self.node.oci)
    }
}

#[cfg(test)]
mod tests;
