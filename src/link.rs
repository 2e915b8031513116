//! The view state a link can carry, and its URL fragment encoding.
//!
//! A fragment looks like `#v1;k=1.28;rt=containerd-1.7;oci=runc;sc=kubectl-run;hop=42;theme=dark;lang=en`,
//! plus `speed=2` (when not 1×) and, for the open panel, `p=inspector;ins=runc-default` (a broken sample:
//! `ins=broken/trailing-comma`), `p=state;obj=…`,
//! `p=compare;k2=1.28;rt2=cri-o;oci2=runc` or `p=replay`.
//! An embed adds `embed=1` and, only with it, `from=`/`to=` (a hop range,
//! 1-based), `play=1` (autoplay) and `show=note.log.seq.bar` (what is drawn
//! beside the diagram); presenter mode is `mode=present;talk=ID;scene=N`.
//! It is versioned (`v1`) and every key is optional except the version. Only
//! what concerns the whole fragment refuses it with a reason (too long, no
//! version, another version): the app then shows the default view and says
//! why. A bad field (a value out of range, an unknown or repeated key,
//! characters a link never uses) is dropped and said in a notice that names
//! what is shown instead; every other field is kept (see [`parse`]). An
//! unknown language restores the view in English, with a notice. Without
//! `lang=`, the browser's languages decide.

mod parse;

use atlas_core::oci::samples::{self, Broken, Sample, BROKEN};
use atlas_core::scenario::{Scenario, SCENARIOS};
#[cfg(test)]
use atlas_core::K8sVersion;
use atlas_core::{Config, Lang, Msg, Oci, Runtime};
use std::fmt;

/// Longest fragment accepted, in bytes, not counting the terminal's session (`s=`).
pub const MAX_FRAGMENT: usize = 256;
/// Longest terminal session a link carries (`s=`, base64url): its own limit,
/// the core's `session::MAX_LINK_CHARS`.
pub const MAX_LINK_CHARS: usize = atlas_core::session::MAX_LINK_CHARS;
/// Highest hop number accepted in a fragment (clamped to the trace's length later).
pub const MAX_HOP: usize = 1_000_000;
/// Playback speeds.
pub const SPEEDS: [f64; 5] = [0.25, 0.5, 1.0, 2.0, 4.0];
/// [`SPEEDS`] as the page prints them (`{}` of each `f64`; a test checks it):
/// written out, so that the first load carries no float formatter.
pub const SPEED_LABELS: [&str; 5] = ["0.25", "0.5", "1", "2", "4"];
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

/// The panel shown beside (or instead of) the scenario's diagrams.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Panel {
    /// The scenario alone.
    #[default]
    None,
    /// The OCI inspector: a config.json or image document, its diagnostics and plan.
    Inspector,
    /// The state machines of one object of the scenario.
    State,
    /// The scenario under two configurations side by side.
    Compare,
    /// A Trace JSON Lines file, played like a scenario.
    Replay,
    /// The history of the stack as a timeline.
    History,
    /// A terminal on the node: commands typed, their hops played.
    Term,
    /// The CKA drills: a broken node to fix, checked by its final state.
    Drill,
    /// The quiz on the stack, one question at a time.
    Quiz,
}

impl Panel {
    /// Every panel, in tab order.
    pub const ALL: [Panel; 9] = [
        Panel::None,
        Panel::Term,
        Panel::Drill,
        Panel::Quiz,
        Panel::State,
        Panel::Compare,
        Panel::Inspector,
        Panel::Replay,
        Panel::History,
    ];

    /// Id in links (`p=`).
    pub fn id(self) -> &'static str {
        match self {
            Panel::None => "scenario",
            Panel::Inspector => "inspector",
            Panel::State => "state",
            Panel::Compare => "compare",
            Panel::History => "history",
            Panel::Replay => "replay",
            Panel::Term => "term",
            Panel::Drill => "drill",
            Panel::Quiz => "quiz",
        }
    }

    /// Tab label: a message id.
    pub fn label(self) -> &'static str {
        match self {
            Panel::None => "app-panel-scenario",
            Panel::Inspector => "app-panel-inspector",
            Panel::State => "app-panel-state",
            Panel::Compare => "app-panel-compare",
            Panel::Replay => "app-panel-replay",
            Panel::History => "app-panel-history",
            Panel::Term => "term-panel",
            Panel::Drill => "practice-panel-drill",
            Panel::Quiz => "practice-panel-quiz",
        }
    }

    /// Parses an id.
    pub fn parse(s: &str) -> Option<Panel> {
        Panel::ALL.into_iter().find(|p| p.id() == s)
    }

    /// Whether the panel holds the terminal (the session in `s=`).
    pub fn has_terminal(self) -> bool {
        matches!(self, Panel::Term | Panel::Drill)
    }
}

/// How the page is laid out: the page with its chrome, or presenter mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    /// The page (or an embed, with `embed=1`).
    #[default]
    Page,
    /// Presenter mode: full screen, large type, a talk's scenes.
    Present,
}

impl Mode {
    /// Id in links (`mode=`).
    pub fn id(self) -> &'static str {
        match self {
            Mode::Page => "page",
            Mode::Present => "present",
        }
    }

    /// Parses an id.
    pub fn parse(s: &str) -> Option<Mode> {
        [Mode::Page, Mode::Present]
            .into_iter()
            .find(|m| m.id() == s)
    }
}

/// What an embed draws beside the diagram (always drawn): a set of flags,
/// written `show=note.log.seq.bar` in a link.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Show(pub u8);

impl Show {
    /// The current hop's call and note.
    pub const NOTE: u8 = 1;
    /// The command log (the narration's terminal).
    pub const LOG: u8 = 2;
    /// The sequence diagram.
    pub const SEQ: u8 = 4;
    /// The compact playback bar.
    pub const BAR: u8 = 8;
    /// The words of a link, in the order a link writes them.
    pub const WORDS: [(&'static str, u8); 4] = [
        ("note", Show::NOTE),
        ("log", Show::LOG),
        ("seq", Show::SEQ),
        ("bar", Show::BAR),
    ];

    /// Whether `flag` is shown.
    pub fn has(self, flag: u8) -> bool {
        self.0 & flag != 0
    }

    /// Parses `note.bar` (a non-empty subset, each word once; `none`: the
    /// diagram alone).
    pub fn parse(s: &str) -> Option<Show> {
        if s == "none" {
            return Some(Show(0));
        }
        let mut bits = 0;
        for w in s.split('.') {
            let (_, f) = Show::WORDS.iter().find(|(id, _)| *id == w)?;
            if bits & f != 0 {
                return None;
            }
            bits |= f;
        }
        Some(Show(bits))
    }

    /// As a link writes it.
    pub fn id(self) -> String {
        let words: Vec<&str> = Show::WORDS
            .iter()
            .filter(|(_, f)| self.has(*f))
            .map(|(w, _)| *w)
            .collect();
        if words.is_empty() {
            "none".to_string()
        } else {
            words.join(".")
        }
    }
}

/// The note and the playback bar.
impl Default for Show {
    fn default() -> Self {
        Show(Show::NOTE | Show::BAR)
    }
}

/// The end of a range that a link leaves open (`from=` without `to=`): the run's last hop.
pub const OPEN_END: usize = usize::MAX;

/// Whether a text is a talk's id as talk files spell it (`[a-z0-9-]{1,32}`).
pub fn is_talk_id(s: &str) -> bool {
    (1..=32).contains(&s.len())
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Highest scene number a link accepts (1-based).
pub const MAX_SCENE: usize = 99;

/// Whether a text is a drill's id as drill files spell it (`[A-Z0-9-]{2,16}`).
pub fn is_drill_id(s: &str) -> bool {
    (2..=16).contains(&s.len())
        && s.bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'-')
}

/// Longest object key accepted in a link (`obj=`).
pub const MAX_OBJECT: usize = 64;

/// The configuration compared with `config` by default: CRI-O against a
/// containerd or Docker node, containerd 1.7 against CRI-O.
pub fn default_compare(config: Config) -> Config {
    let runtime = if config.runtime == Runtime::CriO {
        Runtime::Containerd17
    } else {
        Runtime::CriO
    };
    Config { runtime, ..config }
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
    /// The open panel.
    pub panel: Panel,
    /// The inspector's sample (valid or broken), when it shows one unedited.
    pub sample: Option<Shipped>,
    /// The second configuration of compare mode.
    pub compare: Config,
    /// The state panel's object (`sandbox/…` without the kind: the id after `/`).
    pub object: Option<String>,
    /// The language the link asks for; `None`: the browser's languages decide.
    pub lang: Option<Lang>,
    /// Playback speed: an index into [`SPEEDS`].
    pub speed: usize,
    /// The terminal's typed session, as the engine module encodes it
    /// (base64url, at most [`MAX_LINK_CHARS`]; terminal panel only).
    pub session: Option<String>,
    /// The terminal starts from the end of the scenario (`at=end`), not
    /// from an empty node.
    pub at_end: bool,
    /// The drill shown (`d=`, drills panel only).
    pub drill: Option<String>,
    /// Embed mode (`embed=1`): no header and no configuration chrome.
    pub embed: bool,
    /// The hops an embed (or a presenter's scene) plays through, 0-based
    /// and inclusive; the end may be [`OPEN_END`] (the run's last hop).
    /// Written in a link only with `embed`.
    pub range: Option<(usize, usize)>,
    /// Start playing once the run is ready (`play=1`, embeds only).
    pub autoplay: bool,
    /// What an embed draws beside the diagram (`show=`, embeds only).
    pub show: Show,
    /// Page or presenter mode (`mode=present`).
    pub mode: Mode,
    /// The talk presented (`talk=`, presenter mode only); checked against
    /// the talk list when it arrives.
    pub talk: Option<String>,
    /// The talk's scene, 0-based (`scene=` is 1-based; presenter mode only).
    pub scene: usize,
}

impl Default for ViewState {
    fn default() -> Self {
        let scenario = &SCENARIOS[0];
        ViewState {
            config: scenario.config(),
            scenario,
            hop: 0,
            theme: Theme::Auto,
            panel: Panel::None,
            sample: None,
            compare: default_compare(scenario.config()),
            object: None,
            lang: None,
            speed: DEFAULT_SPEED,
            session: None,
            at_end: false,
            drill: None,
            embed: false,
            range: None,
            autoplay: false,
            show: Show::default(),
            mode: Mode::Page,
            talk: None,
            scene: 0,
        }
    }
}

/// A document shipped with the app that the inspector shows by name: a valid
/// sample (`ins=runc-default`) or a broken one (`ins=broken/trailing-comma`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shipped {
    /// One of [`samples::SAMPLES`].
    Sample(&'static Sample),
    /// One of [`BROKEN`].
    Broken(&'static Broken),
}

impl Shipped {
    /// The document a link's `ins=` names.
    pub fn parse(name: &str) -> Option<Shipped> {
        match name.strip_prefix("broken/") {
            Some(stem) => BROKEN
                .iter()
                .find(|b| b.file.strip_suffix(".json") == Some(stem))
                .map(Shipped::Broken),
            None => samples::sample(name).map(Shipped::Sample),
        }
    }

    /// Its name in a link (what [`Shipped::parse`] reads back).
    pub fn name(&self) -> String {
        match self {
            Shipped::Sample(s) => s.name.to_string(),
            Shipped::Broken(b) => {
                format!("broken/{}", b.file.strip_suffix(".json").unwrap_or(b.file))
            }
        }
    }

    /// The file it comes from.
    pub fn file(&self) -> &'static str {
        match self {
            Shipped::Sample(s) => s.file,
            Shipped::Broken(b) => b.file,
        }
    }

    /// Its path under `assets/oci/`: what the inspector module is asked
    /// for its text (see [`atlas_core::oci::samples::document`]).
    pub fn path(&self) -> String {
        match self {
            Shipped::Sample(s) => s.path().to_string(),
            Shipped::Broken(b) => b.path(),
        }
    }

    /// Its text. Outside the browser only: the app's wasm module does not
    /// carry the texts, the inspector module sends them with its answer.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn text(&self) -> &'static str {
        match self {
            Shipped::Sample(s) => s.text(),
            Shipped::Broken(b) => b.text(),
        }
    }
}

/// Why a fragment was refused: a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadFragment(pub Msg);

/// In English (tests and logs); the page renders the message in the reader's language.
impl fmt::Display for BadFragment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&crate::i18n::english().render(&self.0))
    }
}

impl ViewState {
    /// The fragment, without the leading `#`.
    pub fn to_fragment(&self) -> String {
        let mut f = format!(
            "v1;k={};rt={};oci={};sc={};hop={};theme={}",
            self.config.k8s,
            self.config.runtime.id(),
            self.config.oci.id(),
            self.scenario.name,
            self.hop + 1,
            self.theme.id()
        );
        if let Some(l) = self.lang {
            f.push_str(";lang=");
            f.push_str(l.id());
        }
        if self.speed != DEFAULT_SPEED {
            if let Some(s) = SPEED_LABELS.get(self.speed) {
                f.push_str(";speed=");
                f.push_str(s);
            }
        }
        if self.panel != Panel::None {
            f.push_str(";p=");
            f.push_str(self.panel.id());
        }
        match self.panel {
            Panel::Inspector => {
                if let Some(s) = self.sample {
                    f.push_str(";ins=");
                    f.push_str(&s.name());
                }
            }
            Panel::State => {
                if let Some(o) = &self.object {
                    f.push_str(";obj=");
                    f.push_str(o);
                }
            }
            Panel::Compare => {
                let c = self.compare;
                f.push_str(&format!(
                    ";k2={};rt2={};oci2={}",
                    c.k8s,
                    c.runtime.id(),
                    c.oci.id()
                ));
            }
            Panel::Term => {
                if self.at_end {
                    f.push_str(";at=end");
                }
                if let Some(s) = &self.session {
                    f.push_str(";s=");
                    f.push_str(s);
                }
            }
            Panel::Drill => {
                if let Some(d) = &self.drill {
                    f.push_str(";d=");
                    f.push_str(d);
                }
                if let Some(s) = &self.session {
                    f.push_str(";s=");
                    f.push_str(s);
                }
            }
            Panel::None | Panel::Replay | Panel::History | Panel::Quiz => {}
        }
        // The session (`s=`, above) may be long; these stay short.
        if self.embed {
            f.push_str(";embed=1");
            if let Some((a, b)) = self.range {
                if a > 0 {
                    f.push_str(&format!(";from={}", a + 1));
                }
                if b != OPEN_END {
                    f.push_str(&format!(";to={}", b + 1));
                }
            }
            if self.autoplay {
                f.push_str(";play=1");
            }
            if self.show != Show::default() {
                f.push_str(";show=");
                f.push_str(&self.show.id());
            }
        }
        if self.mode == Mode::Present {
            f.push_str(";mode=present");
            if let Some(t) = &self.talk {
                f.push_str(";talk=");
                f.push_str(t);
            }
            if self.scene > 0 {
                f.push_str(&format!(";scene={}", self.scene + 1));
            }
        }
        f
    }

    /// The same view in the full page: no embed, no range, no autoplay, the
    /// default `show` (what an embed's "open in Runtime Atlas" links to).
    pub fn full_page(&self) -> ViewState {
        ViewState {
            embed: false,
            range: None,
            autoplay: false,
            show: Show::default(),
            ..self.clone()
        }
    }

    /// The range's ends clamped to a run of `len` hops (`None`: no range, or
    /// no hop).
    pub fn range_in(&self, len: usize) -> Option<(usize, usize)> {
        let (a, b) = self.range?;
        let last = len.checked_sub(1)?;
        let b = b.min(last);
        Some((a.min(b), b))
    }

    /// Parses a fragment (with or without the leading `#`). An empty fragment is
    /// the default view; anything else must be a `v1` fragment.
    pub fn from_fragment(fragment: &str) -> Result<ViewState, BadFragment> {
        ViewState::parse(fragment).map(|(v, _)| v)
    }

    /// [`from_fragment`](Self::from_fragment), with a notice for what was
    /// restored differently from what the link says: each bad field and what
    /// is shown instead, an unknown language.
    pub fn parse(fragment: &str) -> Result<(ViewState, Option<Msg>), BadFragment> {
        parse::parse(fragment).map(|(v, notices)| (v, parse::notice(notices)))
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
            compare: default_compare(Config {
                k8s: K8sVersion(22),
                runtime: Runtime::Dockershim,
                oci: Oci::Crun,
            }),
            ..ViewState::default()
        };
        let f = v.to_fragment();
        assert!(f.starts_with("v1;"), "{f}");
        assert_eq!(ViewState::from_fragment(&format!("#{f}")), Ok(v.clone()));
        for w in [
            ViewState {
                panel: Panel::Inspector,
                sample: Shipped::parse("limited"),
                ..v.clone()
            },
            ViewState {
                panel: Panel::State,
                object: Some("default/nginx".into()),
                ..v.clone()
            },
            ViewState {
                panel: Panel::Compare,
                compare: Config {
                    k8s: K8sVersion(30),
                    runtime: Runtime::CriO,
                    oci: Oci::Runc,
                },
                ..v.clone()
            },
            ViewState {
                panel: Panel::Replay,
                ..v
            },
        ] {
            let f = w.to_fragment();
            assert!(f.len() <= MAX_FRAGMENT, "{f}");
            assert_eq!(ViewState::from_fragment(&f), Ok(w), "{f}");
        }
    }

    #[test]
    fn a_terminal_link_round_trips_with_its_long_session() {
        let session: String = "AbC-_09"
            .repeat(1000)
            .chars()
            .take(MAX_LINK_CHARS)
            .collect();
        let v = ViewState {
            panel: Panel::Term,
            session: Some(session),
            at_end: true,
            ..ViewState::default()
        };
        let f = v.to_fragment();
        assert!(f.contains(";p=term;at=end;s=AbC-_09"), "{f}");
        assert!(f.len() > MAX_FRAGMENT);
        assert_eq!(ViewState::parse(&f), Ok((v.clone(), None)));
        // The session belongs to the terminal panel.
        let other = ViewState::from_fragment("v1;p=history;s=abc;at=end").unwrap_or_default();
        assert_eq!((other.session, other.at_end), (None, false));
        // The rest of the link keeps its own limit.
        let long = format!("v1;p=term;s=abc;x={}", "a".repeat(260));
        assert!(ViewState::from_fragment(&long).is_err());
        // A session over its limit is dropped and said, the view kept.
        let over = format!("v1;sc=runc-run;p=term;s={}", "a".repeat(MAX_LINK_CHARS + 1));
        let (w, notice) = ViewState::parse(&over).unwrap_or_default();
        assert_eq!(
            (w.scenario.name, w.panel, w.session),
            ("runc-run", Panel::Term, None)
        );
        let said = notice.unwrap_or_else(|| msg("none"));
        let en = crate::i18n::english().render(&said);
        assert!(en.contains("8000"), "{en}");
        let ko = atlas_core::Catalog::builtin(Lang::Ko).render(&said);
        assert!(ko.contains("8000") && ko.contains("터미널"), "{ko}");
        // Characters base64url never uses, a bad start: dropped and said, in both languages.
        for bad in ["v1;p=term;s=a+b", "v1;p=term;at=start", "v1;p=term;s="] {
            let (w, notice) = ViewState::parse(bad).unwrap_or_default();
            assert_eq!(
                (w.panel, w.session, w.at_end),
                (Panel::Term, None, false),
                "{bad}"
            );
            let said = notice.unwrap_or_else(|| msg("none"));
            let ko = atlas_core::Catalog::builtin(Lang::Ko).render(&said);
            assert!(!ko.is_empty() && !ko.contains("none"), "{bad}: {ko}");
        }
        // A whole link far over every limit is refused.
        assert!(
            ViewState::from_fragment(&format!("v1;s={}", "a".repeat(3 * MAX_LINK_CHARS))).is_err()
        );
    }

    fn msg(id: &'static str) -> Msg {
        Msg::new(id)
    }

    #[test]
    fn every_shipped_document_has_a_link_name() {
        let all = samples::SAMPLES
            .iter()
            .map(Shipped::Sample)
            .chain(BROKEN.iter().map(Shipped::Broken));
        for d in all {
            let v = ViewState {
                panel: Panel::Inspector,
                sample: Some(d),
                ..ViewState::default()
            };
            let f = v.to_fragment();
            assert!(f.len() <= MAX_FRAGMENT, "{f}");
            assert_eq!(ViewState::from_fragment(&f), Ok(v), "{f}");
        }
        let b = ViewState::from_fragment("v1;p=inspector;ins=broken/trailing-comma")
            .unwrap_or_default()
            .sample;
        assert_eq!(b.map(|d| d.file()), Some("trailing-comma.json"));
    }

    #[test]
    fn an_unknown_language_keeps_the_view_with_a_notice() {
        let (v, notice) = ViewState::parse("v1;sc=kubectl-run;hop=3;lang=xx").unwrap_or_default();
        assert_eq!((v.scenario.name, v.hop), ("kubectl-run", 2));
        let notice = notice
            .map(|n| crate::i18n::english().render(&n))
            .unwrap_or_default();
        assert!(
            notice.contains("\"xx\"") && notice.contains("English"),
            "{notice}"
        );
        assert_eq!(v.lang, Some(Lang::En));
        assert_eq!(ViewState::parse("v1;lang=en").map(|(_, n)| n), Ok(None));
        let (ko, _) = ViewState::parse("v1;sc=kubectl-run;hop=3;lang=ko").unwrap_or_default();
        assert_eq!(ko.lang, Some(Lang::Ko));
        assert!(ko.to_fragment().contains(";lang=ko"));
        assert_eq!(ViewState::parse("v1").map(|(v, _)| v.lang), Ok(None));
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
    fn hostile_fields_are_dropped_and_the_rest_is_kept() {
        for f in [
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
            "v1;p=settings",
            "v1;p=inspector;ins=nope",
            "v1;p=inspector;ins=broken/nope",
            "v1;p=inspector;ins=broken/",
            "v1;p=inspector;ins=broken/trailing-comma.json",
            "v1;p=state;obj=/etc",
            "v1;p=state;obj=a//b",
            "v1;rt2=rkt",
            "v1;lang=en;lang=en",
            "v1;lang=<b>",
            "v1;speed=3",
        ] {
            let kept = format!("{f};sc=runc-run;hop=2;theme=dark");
            let (v, notice) = ViewState::parse(&kept).unwrap_or_else(|e| panic!("{f}: {e}"));
            assert!(notice.is_some(), "{f}: no notice");
            assert_eq!(
                (v.scenario.name, v.hop, v.theme),
                ("runc-run", 1, Theme::Dark),
                "{f}"
            );
        }
        for f in ["v2;k=1.28", "k=1.28", "<script>"] {
            assert!(ViewState::from_fragment(f).is_err(), "{f}");
        }
        assert!(ViewState::from_fragment(&format!("v1;{}", "a".repeat(300))).is_err());
    }
}
