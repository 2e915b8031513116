//! The view state a link can carry, and its URL fragment encoding.
//!
//! A fragment looks like `#v1;k=1.28;rt=containerd-1.7;oci=runc;sc=kubectl-run;hop=42;theme=dark`.
//! It is versioned (`v1`), every key is optional except the version, and a
//! fragment that is malformed in any way (unknown version or key, a value out
//! of range, repeated keys, non-ASCII, too long) is refused as a whole with a
//! reason: the app then shows the default view and says why.

use atlas_core::scenario::{self, Scenario, SCENARIOS};
use atlas_core::{Config, K8sVersion, Oci, Runtime};
use std::fmt;

/// Longest fragment accepted, in bytes.
pub const MAX_FRAGMENT: usize = 256;
/// Highest hop number accepted in a fragment (clamped to the trace's length later).
pub const MAX_HOP: usize = 1_000_000;
/// Playback speeds.
pub const SPEEDS: [f64; 5] = [0.25, 0.5, 1.0, 2.0, 4.0];
/// Index of 1× in [`SPEEDS`].
pub const DEFAULT_SPEED: usize = 2;
/// OCI runtimes offered by the switcher.
pub const OCI_CHOICES: [Oci; 2] = [Oci::Runc, Oci::Crun];

/// Light, dark, or whatever the system prefers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Theme {
    /// Follow `prefers-color-scheme`.
    #[default]
    Auto,
    /// Light.
    Light,
    /// Dark.
    Dark,
}

impl Theme {
    /// Every theme, in menu order.
    pub const ALL: [Theme; 3] = [Theme::Auto, Theme::Light, Theme::Dark];

    /// Id in links and in `data-theme`.
    pub fn id(self) -> &'static str {
        match self {
            Theme::Auto => "auto",
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }

    /// Parses an id.
    pub fn parse(s: &str) -> Option<Theme> {
        Theme::ALL.into_iter().find(|t| t.id() == s)
    }
}

/// What a link restores.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ViewState {
    /// The node's configuration (may be impossible: the app then shows why).
    pub config: Config,
    /// The scenario whose script runs.
    pub scenario: &'static Scenario,
    /// Index of the current hop (0-based; the link says `hop=` with the 1-based seq).
    pub hop: usize,
    /// Theme.
    pub theme: Theme,
}

impl Default for ViewState {
    fn default() -> Self {
        let scenario = &SCENARIOS[0];
        ViewState {
            config: scenario.config(),
            scenario,
            hop: 0,
            theme: Theme::Auto,
        }
    }
}

/// Why a fragment was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadFragment(pub String);

impl fmt::Display for BadFragment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

fn bad(s: impl Into<String>) -> BadFragment {
    BadFragment(s.into())
}

impl ViewState {
    /// The fragment, without the leading `#`.
    pub fn to_fragment(&self) -> String {
        format!(
            "v1;k={};rt={};oci={};sc={};hop={};theme={}",
            self.config.k8s,
            self.config.runtime.id(),
            self.config.oci.id(),
            self.scenario.name,
            self.hop + 1,
            self.theme.id()
        )
    }

    /// Parses a fragment (with or without the leading `#`). An empty fragment is
    /// the default view; anything else must be a valid `v1` fragment.
    pub fn from_fragment(fragment: &str) -> Result<ViewState, BadFragment> {
        let f = fragment.strip_prefix('#').unwrap_or(fragment);
        if f.is_empty() {
            return Ok(ViewState::default());
        }
        if f.len() > MAX_FRAGMENT {
            return Err(bad(format!(
                "the link's view is longer than {MAX_FRAGMENT} characters"
            )));
        }
        if !f
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b".-_;=".contains(&b))
        {
            return Err(bad("the link's view contains characters it never uses"));
        }
        let mut parts = f.split(';');
        match parts.next() {
            Some("v1") => {}
            Some(v) if v.starts_with('v') => {
                return Err(bad(format!("the link's view has unknown version {v:?}")))
            }
            _ => return Err(bad("the link's view has no version (v1)")),
        }
        let mut k8s = None;
        let mut runtime = None;
        let mut oci = None;
        let mut sc = None;
        let mut hop = None;
        let mut theme = None;
        for part in parts {
            let Some((key, value)) = part.split_once('=') else {
                return Err(bad(format!("{part:?} is not key=value")));
            };
            let dup = match key {
                "k" => k8s
                    .replace(K8sVersion::parse(value).map_err(|e| bad(e.to_string()))?)
                    .is_some(),
                "rt" => runtime
                    .replace(
                        Runtime::ALL
                            .into_iter()
                            .find(|r| r.id() == value)
                            .ok_or_else(|| bad(format!("unknown runtime {value:?}")))?,
                    )
                    .is_some(),
                "oci" => oci
                    .replace(
                        Oci::ALL
                            .into_iter()
                            .find(|o| o.id() == value)
                            .ok_or_else(|| bad(format!("unknown OCI runtime {value:?}")))?,
                    )
                    .is_some(),
                "sc" => sc
                    .replace(
                        scenario::find(value)
                            .ok_or_else(|| bad(format!("unknown scenario {value:?}")))?,
                    )
                    .is_some(),
                "hop" => {
                    let n: usize = value
                        .parse()
                        .ok()
                        .filter(|n| (1..=MAX_HOP).contains(n))
                        .ok_or_else(|| bad(format!("hop {value:?} is not a hop number")))?;
                    hop.replace(n - 1).is_some()
                }
                "theme" => theme
                    .replace(
                        Theme::parse(value)
                            .ok_or_else(|| bad(format!("unknown theme {value:?}")))?,
                    )
                    .is_some(),
                other => return Err(bad(format!("unknown key {other:?}"))),
            };
            if dup {
                return Err(bad(format!("key {key:?} appears twice")));
            }
        }
        let scenario = sc.unwrap_or(&SCENARIOS[0]);
        let base = scenario.config();
        Ok(ViewState {
            config: Config {
                k8s: k8s.unwrap_or(base.k8s),
                runtime: runtime.unwrap_or(base.runtime),
                oci: oci.unwrap_or(base.oci),
            },
            scenario,
            hop: hop.unwrap_or(0),
            theme: theme.unwrap_or_default(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let v = ViewState {
            config: Config {
                k8s: K8sVersion(22),
                runtime: Runtime::Dockershim,
                oci: Oci::Crun,
            },
            scenario: &SCENARIOS[2],
            hop: 41,
            theme: Theme::Dark,
        };
        let f = v.to_fragment();
        assert!(f.starts_with("v1;"), "{f}");
        assert_eq!(ViewState::from_fragment(&format!("#{f}")), Ok(v));
    }

    #[test]
    fn empty_is_default_and_keys_are_optional() {
        assert_eq!(ViewState::from_fragment(""), Ok(ViewState::default()));
        assert_eq!(ViewState::from_fragment("#"), Ok(ViewState::default()));
        let v = ViewState::from_fragment("v1;sc=kubectl-run-crio").unwrap_or_default();
        assert_eq!(v.config.runtime, Runtime::CriO);
        assert_eq!(v.scenario.name, "kubectl-run-crio");
    }

    #[test]
    fn hostile_fragments_are_refused() {
        for f in [
            "v2;k=1.28",
            "k=1.28",
            "v1;k=1.99",
            "v1;k=1.28;k=1.28",
            "v1;rt=<script>",
            "v1;sc=nope",
            "v1;hop=0",
            "v1;hop=99999999999999999999999",
            "v1;hop=-1",
            "v1;theme=pink",
            "v1;x=1",
            "v1;k",
            "v1;sc=kubectl-run%00",
            "v1;sc=kübectl",
        ] {
            assert!(ViewState::from_fragment(f).is_err(), "{f}");
        }
        assert!(ViewState::from_fragment(&format!("v1;{}", "a".repeat(300))).is_err());
    }
}
