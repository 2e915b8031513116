//! Talks as data: `assets/talks/<id>.toml`, each an ordered list of
//! `[[scene]]`s a speaker walks a room through in the app's presenter mode.
//! `crates/core/build.rs` embeds every file.
//!
//! A scene plays a scenario (under its own configuration or the scene's) or
//! a few terminal commands on an empty node of the scene's configuration,
//! and shows a range of the run's hops. The range's ends are named by who
//! calls whom and the call, never by number (hop numbers move whenever the
//! model changes): `from = { from = "kubelet", to = "dockershim", call =
//! "RunPodSandbox" }`, `to = { call = "StartContainer" }`. A component id
//! without `/` also matches its parts (`containerd` matches
//! `containerd/cri`) and `call` may be a prefix, as in the quiz. `from` is
//! the first matching hop of the run (default: the first hop), `to` the first
//! match at or after it (default: the last hop).
//!
//! [`Scene::resolve`] plays the scene: the range (0-based hop indices across
//! the run's steps, as the app's view counts them), or the core's refusal
//! when the configuration cannot run it (a talk may show one on purpose:
//! dockershim on Kubernetes 1.24), and for a commands scene the session a
//! link carries (`p=term;s=…`, [`crate::session`]).

use crate::config::{Config, ConfigError, K8sVersion, Oci, Runtime};
use crate::drill::{locate_item, syntax_error, DrillError, Text};
use crate::message::Msg;
use crate::msg;
use crate::played::{self, Played};
use crate::scenario::{self, Scenario};
use crate::session::{self, Entry, MAX_LINK_CHARS};
use crate::sim::{Sim, Step, DEFAULT_SEED};
use crate::trace::Hop;
use serde::{Deserialize, Serialize};

include!(concat!(env!("OUT_DIR"), "/talks.rs"));

/// Why a talk file cannot be read: where (file:line:col) and why, as for
/// drills and quizzes.
pub type TalkError = DrillError;

/// The most scenes a talk holds (the link's `scene=` is 1..=99).
pub const MAX_SCENES: usize = 99;

/// One end of a scene's range as the file names it: every field given must
/// match.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Matcher {
    /// The caller's component id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// The callee's component id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    /// The call, or its beginning.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub call: Option<String>,
}

impl Matcher {
    /// Whether a hop is one this matcher names.
    pub fn matches(&self, h: &Hop) -> bool {
        let component = |want: &Option<String>, id: &str| match want {
            None => true,
            Some(w) => id == w || (!w.contains('/') && id.starts_with(&format!("{w}/"))),
        };
        component(&self.from, h.from.id())
            && component(&self.to, h.to.id())
            && self
                .call
                .as_ref()
                .is_none_or(|c| h.call.starts_with(c.as_str()))
    }

    /// How the file wrote it, for a message (`kubelet → dockershim
    /// RunPodSandbox`).
    pub fn describe(&self) -> String {
        let any = |s: &Option<String>| s.clone().unwrap_or_else(|| "*".to_string());
        format!(
            "{} → {} {}",
            any(&self.from),
            any(&self.to),
            any(&self.call)
        )
    }
}

/// A scene's configuration as the file writes it: ids as the app's link
/// writes them (`1.28`, `containerd-1.7`, `runc`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfigWords {
    k8s: String,
    runtime: String,
    oci: String,
}

impl ConfigWords {
    /// The configuration the words name, not checked: a talk may show a
    /// configuration that cannot exist, and the refusal is the scene.
    fn config(&self) -> Result<Config, Msg> {
        let k8s = K8sVersion::parse(&self.k8s).map_err(|e| e.message())?;
        let runtime = Runtime::ALL
            .into_iter()
            .find(|r| r.id() == self.runtime)
            .ok_or_else(|| ConfigError::UnknownRuntime(self.runtime.clone()).message())?;
        let oci = Oci::ALL
            .into_iter()
            .find(|o| o.id() == self.oci)
            .ok_or_else(|| ConfigError::UnknownOci(self.oci.clone()).message())?;
        Ok(Config { k8s, runtime, oci })
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SceneFile {
    title: Text,
    #[serde(default)]
    scenario: Option<String>,
    #[serde(default)]
    commands: Option<Vec<String>>,
    #[serde(default)]
    config: Option<ConfigWords>,
    #[serde(default)]
    from: Option<Matcher>,
    #[serde(default)]
    to: Option<Matcher>,
    notes: Text,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TalkFile {
    id: String,
    title: Text,
    scene: Vec<SceneFile>,
}

/// What a scene plays.
#[derive(Debug, Clone, PartialEq)]
pub enum Source {
    /// A shipped scenario.
    Scenario(&'static Scenario),
    /// Terminal command lines, played on an empty node.
    Commands(Vec<String>),
}

/// One scene of a talk.
#[derive(Debug, Clone, PartialEq)]
pub struct Scene {
    /// Its title.
    pub title: Text,
    /// The node's configuration (a scenario's own unless the file gives one).
    pub config: Config,
    /// What it plays.
    pub source: Source,
    /// The first hop shown (default: the run's first).
    pub from: Option<Matcher>,
    /// The last hop shown (default: the run's last).
    pub to: Option<Matcher>,
    /// The speaker's notes.
    pub notes: Text,
}

/// A talk.
#[derive(Debug, Clone, PartialEq)]
pub struct Talk {
    /// Its id (`kubectl-run`), the file's stem.
    pub id: String,
    /// Its title.
    pub title: Text,
    /// The scenes, in order.
    pub scenes: Vec<Scene>,
}

/// A scene played.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Resolved {
    /// The hops shown: first and last index (0-based, across the run's
    /// steps); none when the scene is refused.
    pub range: Option<(usize, usize)>,
    /// Why the configuration cannot run the scene (the core's words).
    pub refused: Option<Msg>,
    /// A commands scene's session, packed for a link (`s=`).
    pub session: Option<String>,
}

fn both(t: &Text) -> bool {
    !t.en.trim().is_empty() && !t.ko.trim().is_empty()
}

/// A valid talk id: `[a-z0-9-]{1,32}` (the link's `talk=`).
pub fn id_ok(id: &str) -> bool {
    (1..=32).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Reads a talk file: its TOML, then the rules (an id that is the file's
/// stem, both languages everywhere, a scenario that exists or commands with
/// a configuration, a configuration whose words are known). Scenes are not
/// played here ([`Scene::resolve`]).
pub fn parse(text: &str, file: &str) -> Result<Talk, TalkError> {
    let f: TalkFile = basic_toml::from_str(text).map_err(|e| syntax_error(&e, text, file))?;
    let at = |line_col: (usize, usize), why: Msg| DrillError::Invalid {
        file: file.to_string(),
        line: line_col.0,
        col: line_col.1,
        why,
    };
    let top = |key: &str| key_at(text, key);
    let stem = file.strip_suffix(".toml").unwrap_or(file);
    if !id_ok(&f.id) {
        return Err(at(top("id"), msg!("talk-bad-id", id = f.id.as_str())));
    }
    if f.id != stem {
        return Err(at(
            top("id"),
            msg!("talk-id-not-stem", id = f.id.as_str(), stem = stem),
        ));
    }
    if !both(&f.title) {
        return Err(at(top("title"), msg!("drill-empty-text", field = "title")));
    }
    if f.scene.is_empty() || f.scene.len() > MAX_SCENES {
        return Err(at(
            top("id"),
            msg!("talk-scene-count", count = f.scene.len(), max = MAX_SCENES),
        ));
    }
    let mut scenes = Vec::with_capacity(f.scene.len());
    for (i, s) in f.scene.into_iter().enumerate() {
        let item = |key: &str| locate_item(text, "scene", i, key);
        for (key, t) in [("title", &s.title), ("notes", &s.notes)] {
            if !both(t) {
                return Err(at(item(key), msg!("drill-empty-text", field = key)));
            }
        }
        let config = match &s.config {
            Some(w) => Some(w.config().map_err(|why| at(item("config"), why))?),
            None => None,
        };
        let (source, config) = match (s.scenario, s.commands, config) {
            (Some(name), None, config) => {
                let sc = scenario::find(&name).ok_or_else(|| {
                    at(
                        item("scenario"),
                        msg!("drill-unknown-scenario", name = name.as_str()),
                    )
                })?;
                (Source::Scenario(sc), config.unwrap_or_else(|| sc.config()))
            }
            (None, Some(lines), Some(config)) if !lines.is_empty() => {
                (Source::Commands(lines), config)
            }
            (None, Some(_), _) => {
                return Err(at(item("commands"), msg!("talk-commands-need-config")));
            }
            _ => return Err(at(item("title"), msg!("talk-one-source"))),
        };
        scenes.push(Scene {
            title: s.title,
            config,
            source,
            from: s.from,
            to: s.to,
            notes: s.notes,
        });
    }
    Ok(Talk {
        id: f.id,
        title: f.title,
        scenes,
    })
}

/// (line, column) of a top-level key (1-based; (1, 1) when not written).
fn key_at(text: &str, key: &str) -> (usize, usize) {
    text.lines()
        .enumerate()
        .take_while(|(_, l)| !l.trim_start().starts_with('['))
        .find_map(|(i, l)| {
            let t = l.trim_start();
            let rest = t.strip_prefix(key)?;
            rest.trim_start()
                .starts_with('=')
                .then(|| (i + 1, l.len() - t.len() + 1))
        })
        .unwrap_or((1, 1))
}

impl Scene {
    /// The scenario's name, for a scenario scene.
    pub fn scenario(&self) -> Option<&'static Scenario> {
        match self.source {
            Source::Scenario(s) => Some(s),
            Source::Commands(_) => None,
        }
    }

    /// The run's hops in the app's order, or why the configuration cannot
    /// run the scene.
    pub fn hops(&self) -> Result<Vec<Hop>, Msg> {
        Ok(self.steps()?.into_iter().flat_map(|s| s.hops).collect())
    }

    /// The run's steps (each command's record and hops), or why the
    /// configuration cannot run the scene.
    pub fn steps(&self) -> Result<Vec<Step>, Msg> {
        match &self.source {
            Source::Scenario(s) => match played::play(self.config, s) {
                Played::Ran(steps) => Ok(steps),
                Played::Refused(why) => Err(why),
            },
            Source::Commands(lines) => {
                self.config.check().map_err(|e| e.message())?;
                let mut sim = Sim::new(self.config, DEFAULT_SEED);
                for l in lines {
                    sim.run_line(l);
                }
                Ok(sim.steps().to_vec())
            }
        }
    }

    /// The session a link carries for a commands scene.
    pub fn session(&self) -> Option<String> {
        match &self.source {
            Source::Commands(lines) => {
                let entries: Vec<Entry> = lines.iter().cloned().map(Entry::Line).collect();
                Some(session::encode(&entries, MAX_LINK_CHARS).0)
            }
            Source::Scenario(_) => None,
        }
    }

    /// Plays the scene: the range its matchers name, or the refusal; an end
    /// that names no hop of the run is an error, saying which.
    pub fn resolve(&self) -> Result<Resolved, Msg> {
        let session = self.session();
        let hops = match self.hops() {
            Ok(h) => h,
            Err(why) => {
                return Ok(Resolved {
                    range: None,
                    refused: Some(why),
                    session,
                })
            }
        };
        let Some(last) = hops.len().checked_sub(1) else {
            return Ok(Resolved {
                range: None,
                refused: None,
                session,
            });
        };
        let unmatched = |m: &Matcher| msg!("talk-no-hop", hop = m.describe());
        let a = match &self.from {
            Some(m) => hops
                .iter()
                .position(|h| m.matches(h))
                .ok_or_else(|| unmatched(m))?,
            None => 0,
        };
        let b = match &self.to {
            Some(m) => hops
                .iter()
                .enumerate()
                .skip(a)
                .find(|(_, h)| m.matches(h))
                .map(|(i, _)| i)
                .ok_or_else(|| unmatched(m))?,
            None => last,
        };
        Ok(Resolved {
            range: Some((a, b)),
            refused: None,
            session,
        })
    }
}

/// A scene as a face shows it: its words, its configuration, what it plays
/// and the range resolved (the engine module's `talk` answer; the app reads
/// it without the TOML reader).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SceneView {
    /// Its title.
    pub title: Text,
    /// The speaker's notes.
    pub notes: Text,
    /// The node's configuration.
    pub config: Config,
    /// The scenario's name (a scenario scene).
    pub scenario: Option<String>,
    /// The packed session (a commands scene).
    pub session: Option<String>,
    /// A commands scene's run, played here: the app has no terminal to
    /// replay it in presenter mode.
    pub steps: Option<Vec<Step>>,
    /// The range's first hop, 0-based.
    pub from: Option<usize>,
    /// The range's last hop, 0-based.
    pub to: Option<usize>,
    /// Why the configuration cannot run the scene.
    pub refused: Option<Msg>,
}

/// A talk as a face shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TalkView {
    /// Its id.
    pub id: String,
    /// Its title.
    pub title: Text,
    /// The scenes, resolved.
    pub scenes: Vec<SceneView>,
}

/// A talk in a list: its id, title and number of scenes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TalkSummary {
    /// Its id.
    pub id: String,
    /// Its title.
    pub title: Text,
    /// How many scenes.
    pub scenes: usize,
}

impl Talk {
    /// Every scene played and resolved, or the first end that names no
    /// hop.
    pub fn view(&self) -> Result<TalkView, Msg> {
        let scenes = self
            .scenes
            .iter()
            .map(|s| {
                let r = s.resolve()?;
                Ok(SceneView {
                    title: s.title.clone(),
                    notes: s.notes.clone(),
                    config: s.config,
                    scenario: s.scenario().map(|sc| sc.name.to_string()),
                    steps: match s.source {
                        Source::Commands(_) if r.refused.is_none() => s.steps().ok(),
                        _ => None,
                    },
                    session: r.session,
                    from: r.range.map(|(a, _)| a),
                    to: r.range.map(|(_, b)| b),
                    refused: r.refused,
                })
            })
            .collect::<Result<Vec<_>, Msg>>()?;
        Ok(TalkView {
            id: self.id.clone(),
            title: self.title.clone(),
            scenes,
        })
    }

    /// The talk in a list.
    pub fn summary(&self) -> TalkSummary {
        TalkSummary {
            id: self.id.clone(),
            title: self.title.clone(),
            scenes: self.scenes.len(),
        }
    }
}

/// Every embedded talk file as parsed: (file name, result).
pub fn files() -> Vec<(&'static str, Result<Talk, TalkError>)> {
    TALK_FILES
        .iter()
        .map(|(file, text)| (*file, parse(text, file)))
        .collect()
}

/// Every embedded talk, in file-name order. A file that does not parse is
/// left out (the talks test fails on it).
pub fn all() -> Vec<Talk> {
    files().into_iter().filter_map(|(_, r)| r.ok()).collect()
}

/// An embedded talk by id.
pub fn find(id: &str) -> Option<Talk> {
    TALK_FILES
        .iter()
        .find(|(file, _)| file.strip_suffix(".toml") == Some(id))
        .and_then(|(file, text)| parse(text, file).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    const T: &str = r#"id = "t"
title = { en = "A talk", ko = "발표" }

[[scene]]
title = { en = "One", ko = "하나" }
scenario = "kubectl-run"
from = { from = "kubelet", to = "containerd", call = "RunPod" }
to = { call = "StartContainer" }
notes = { en = "Say this.", ko = "이렇게 말합니다." }
"#;

    #[test]
    fn a_range_resolves_by_matchers() {
        let t = parse(T, "t.toml").unwrap();
        let r = t.scenes[0].resolve().unwrap();
        let (a, b) = r.range.unwrap();
        let hops = t.scenes[0].hops().unwrap();
        assert_eq!(hops[a].call, "RunPodSandbox");
        assert_eq!(hops[a].to.id(), "containerd/cri");
        assert!(hops[b].call.starts_with("StartContainer") && a < b);
        let bad = parse(&T.replace("StartContainer", "Nothing"), "t.toml").unwrap();
        assert!(bad.scenes[0].resolve().is_err());
    }

    #[test]
    fn a_refused_configuration_is_the_scene() {
        let t = T.replace(
            "scenario = \"kubectl-run\"",
            "scenario = \"kubectl-run-dockershim\"\nconfig = { k8s = \"1.24\", runtime = \"dockershim\", oci = \"runc\" }",
        );
        let r = parse(&t, "t.toml").unwrap().scenes[0].resolve().unwrap();
        assert_eq!(r.range, None);
        let why = crate::Catalog::english().render(&r.refused.unwrap());
        assert!(
            why.contains("dockershim was removed") && why.contains("1.24"),
            "{why}"
        );
    }

    #[test]
    fn the_rules_say_where() {
        let e = parse(T, "u.toml").unwrap_err().to_string();
        assert!(e.starts_with("u.toml:1:1: "), "{e}");
        for (from, to, starts) in [
            ("kubectl-run\"", "nothing\"", "t.toml:6:1: no scenario"),
            (
                "ko = \"이렇게 말합니다.\"",
                "ko = \"\"",
                "t.toml:9:1: notes",
            ),
            ("to = {", "too = {", "t.toml:8:1: unknown field `too`"),
            (
                "scenario = \"kubectl-run\"",
                "commands = [\"runc list\"]",
                "t.toml:6:1: ",
            ),
        ] {
            let e = parse(&T.replace(from, to), "t.toml")
                .unwrap_err()
                .to_string();
            assert!(e.starts_with(starts), "{from} → {to}: {e}");
        }
    }
}
