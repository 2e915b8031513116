//! Reading a link's fragment field by field. Only what concerns the whole
//! link refuses it (too long, no version or another version); a bad field
//! (a value out of range, an unknown key, a repeated key, characters a link
//! never uses) is dropped, the view shows what it would without it, and a
//! message says what was changed and what is shown instead. Every other
//! field is kept.

use super::{
    default_compare, BadFragment, Mode, Panel, Shipped, Show, Theme, ViewState, DEFAULT_SPEED,
    MAX_FRAGMENT, MAX_HOP, MAX_LINK_CHARS, MAX_OBJECT, MAX_SCENE, OPEN_END, SPEED_LABELS,
};
use atlas_core::config::{K8S_MAX, K8S_MIN};
use atlas_core::scenario::{self, SCENARIOS};
use atlas_core::{msg, Config, K8sVersion, Lang, Msg, Oci, Runtime};

/// The fields a link can carry, by key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Key {
    K8s,
    Runtime,
    Oci,
    Scenario,
    Hop,
    Theme,
    Lang,
    Panel,
    Sample,
    Object,
    K8s2,
    Runtime2,
    Oci2,
    Speed,
    Session,
    At,
    Drill,
    Embed,
    From,
    To,
    Play,
    Show,
    Mode,
    Talk,
    Scene,
}

impl Key {
    const ALL: [Key; 25] = [
        Key::K8s,
        Key::Runtime,
        Key::Oci,
        Key::Scenario,
        Key::Hop,
        Key::Theme,
        Key::Lang,
        Key::Panel,
        Key::Sample,
        Key::Object,
        Key::K8s2,
        Key::Runtime2,
        Key::Oci2,
        Key::Speed,
        Key::Session,
        Key::At,
        Key::Drill,
        Key::Embed,
        Key::From,
        Key::To,
        Key::Play,
        Key::Show,
        Key::Mode,
        Key::Talk,
        Key::Scene,
    ];

    /// The key as a link spells it.
    pub(super) fn id(self) -> &'static str {
        match self {
            Key::K8s => "k",
            Key::Runtime => "rt",
            Key::Oci => "oci",
            Key::Scenario => "sc",
            Key::Hop => "hop",
            Key::Theme => "theme",
            Key::Lang => "lang",
            Key::Panel => "p",
            Key::Sample => "ins",
            Key::Object => "obj",
            Key::K8s2 => "k2",
            Key::Runtime2 => "rt2",
            Key::Oci2 => "oci2",
            Key::Speed => "speed",
            Key::Session => "s",
            Key::At => "at",
            Key::Drill => "d",
            Key::Embed => "embed",
            Key::From => "from",
            Key::To => "to",
            Key::Play => "play",
            Key::Show => "show",
            Key::Mode => "mode",
            Key::Talk => "talk",
            Key::Scene => "scene",
        }
    }

    fn parse(s: &str) -> Option<Key> {
        Key::ALL.into_iter().find(|k| k.id() == s)
    }
}

/// A value as a notice shows it: at most 32 characters (a field's
/// characters are checked before it is shown).
fn shown(v: &str) -> String {
    let mut s: String = v.chars().take(32).collect();
    if s.len() < v.len() {
        s.push('…');
    }
    s
}

/// The characters a link uses.
fn link_chars(s: &str) -> bool {
    s.bytes()
        .all(|b| b.is_ascii_alphanumeric() || b".-_=/".contains(&b))
}

/// What each field of a link says, each read on its own.
#[derive(Default)]
struct Fields {
    k8s: Option<K8sVersion>,
    runtime: Option<Runtime>,
    oci: Option<Oci>,
    scenario: Option<&'static scenario::Scenario>,
    hop: Option<usize>,
    theme: Option<Theme>,
    lang: Option<String>,
    panel: Option<Panel>,
    sample: Option<Shipped>,
    object: Option<String>,
    k2: Option<K8sVersion>,
    rt2: Option<Runtime>,
    oci2: Option<Oci>,
    speed: Option<usize>,
    session: Option<String>,
    at_end: Option<bool>,
    drill: Option<String>,
    embed: Option<bool>,
    from: Option<usize>,
    to: Option<usize>,
    play: Option<bool>,
    show: Option<Show>,
    mode: Option<Mode>,
    talk: Option<String>,
    scene: Option<usize>,
}

impl Fields {
    /// Whether the field with this key was read already.
    fn has(&self, key: Key) -> bool {
        match key {
            Key::K8s => self.k8s.is_some(),
            Key::Runtime => self.runtime.is_some(),
            Key::Oci => self.oci.is_some(),
            Key::Scenario => self.scenario.is_some(),
            Key::Hop => self.hop.is_some(),
            Key::Theme => self.theme.is_some(),
            Key::Lang => self.lang.is_some(),
            Key::Panel => self.panel.is_some(),
            Key::Sample => self.sample.is_some(),
            Key::Object => self.object.is_some(),
            Key::K8s2 => self.k2.is_some(),
            Key::Runtime2 => self.rt2.is_some(),
            Key::Oci2 => self.oci2.is_some(),
            Key::Speed => self.speed.is_some(),
            Key::Session => self.session.is_some(),
            Key::At => self.at_end.is_some(),
            Key::Drill => self.drill.is_some(),
            Key::Embed => self.embed.is_some(),
            Key::From => self.from.is_some(),
            Key::To => self.to.is_some(),
            Key::Play => self.play.is_some(),
            Key::Show => self.show.is_some(),
            Key::Mode => self.mode.is_some(),
            Key::Talk => self.talk.is_some(),
            Key::Scene => self.scene.is_some(),
        }
    }

    /// Reads one field's value; false when the value is not one the key takes.
    fn read(&mut self, key: Key, value: &str) -> bool {
        fn set<T>(slot: &mut Option<T>, v: Option<T>) -> bool {
            let ok = v.is_some();
            if ok {
                *slot = v;
            }
            ok
        }
        let runtime = |v: &str| Runtime::ALL.into_iter().find(|r| r.id() == v);
        // A 1-based number up to `max`, 0-based.
        let number = |v: &str, max: usize| {
            v.parse::<usize>()
                .ok()
                .filter(|n| (1..=max).contains(n))
                .map(|n| n - 1)
        };
        let oci = |v: &str| Oci::ALL.into_iter().find(|o| o.id() == v);
        match key {
            Key::K8s => set(&mut self.k8s, K8sVersion::parse(value).ok()),
            Key::Runtime => set(&mut self.runtime, runtime(value)),
            Key::Oci => set(&mut self.oci, oci(value)),
            Key::Scenario => set(&mut self.scenario, scenario::find(value)),
            Key::Hop => set(&mut self.hop, number(value, MAX_HOP)),
            Key::Theme => set(&mut self.theme, Theme::parse(value)),
            Key::Lang => set(&mut self.lang, Some(value.to_string())),
            Key::Panel => set(&mut self.panel, Panel::parse(value)),
            Key::Sample => set(&mut self.sample, Shipped::parse(value)),
            Key::Object => {
                let ok = !value.is_empty()
                    && value.len() <= MAX_OBJECT
                    && !value.starts_with('/')
                    && !value.contains("//")
                    && !value.contains('=');
                set(&mut self.object, ok.then(|| value.to_string()))
            }
            Key::K8s2 => set(&mut self.k2, K8sVersion::parse(value).ok()),
            Key::Runtime2 => set(&mut self.rt2, runtime(value)),
            Key::Oci2 => set(&mut self.oci2, oci(value)),
            Key::Speed => set(
                &mut self.speed,
                SPEED_LABELS.iter().position(|s| *s == value),
            ),
            // Only the characters (checked already) and the length: the
            // engine module decodes it when the terminal opens.
            Key::Session => set(
                &mut self.session,
                (!value.is_empty() && value.len() <= MAX_LINK_CHARS).then(|| value.to_string()),
            ),
            Key::At => set(&mut self.at_end, (value == "end").then_some(true)),
            Key::Drill => set(
                &mut self.drill,
                super::is_drill_id(value).then(|| value.to_string()),
            ),
            Key::Embed => set(&mut self.embed, (value == "1").then_some(true)),
            Key::From => set(&mut self.from, number(value, MAX_HOP)),
            Key::To => set(&mut self.to, number(value, MAX_HOP)),
            Key::Play => set(&mut self.play, (value == "1").then_some(true)),
            Key::Show => set(&mut self.show, Show::parse(value)),
            Key::Mode => set(&mut self.mode, Mode::parse(value)),
            Key::Talk => set(
                &mut self.talk,
                super::is_talk_id(value).then(|| value.to_string()),
            ),
            Key::Scene => set(&mut self.scene, number(value, MAX_SCENE)),
        }
    }
}

/// What was wrong with one field (the message is written once the view it
/// falls back to is known).
enum Fault {
    /// Characters a link never uses (the part up to `=`, or all of it).
    Characters(String),
    /// No `=`.
    NotKeyValue(String),
    /// A key links do not use.
    UnknownKey(String),
    /// A key seen before: the first is kept.
    Twice(Key),
    /// A value the key does not take.
    Value(Key, String),
    /// `to=` before `from=` (both 1-based): `to` is dropped.
    Backwards(usize, usize),
}

/// Parses a fragment (with or without the leading `#`): the view, and a
/// message for each field that was not restored as written.
pub(super) fn parse(fragment: &str) -> Result<(ViewState, Vec<Msg>), BadFragment> {
    let f = fragment.strip_prefix('#').unwrap_or(fragment);
    if f.is_empty() {
        return Ok((ViewState::default(), Vec::new()));
    }
    // The terminal's session has its own limit; the rest of the link keeps
    // the 256-byte one.
    let session = f
        .split(';')
        .find(|p| p.starts_with("s="))
        .map_or(0, |p| p.len().min(2 * MAX_LINK_CHARS) + 1);
    if f.len().saturating_sub(session) > MAX_FRAGMENT {
        return Err(BadFragment(msg!("app-link-too-long", max = MAX_FRAGMENT)));
    }
    let mut parts = f.split(';');
    match parts.next() {
        Some("v1") => {}
        Some(v) if v.starts_with('v') && link_chars(v) => {
            return Err(BadFragment(msg!(
                "app-link-version",
                value = format!("{:?}", shown(v))
            )))
        }
        _ => return Err(BadFragment(msg!("app-link-no-version"))),
    }
    let mut fields = Fields::default();
    let mut faults = Vec::new();
    for part in parts.filter(|p| !p.is_empty()) {
        if !link_chars(part) {
            let key = part.split_once('=').map_or(part, |(k, _)| k);
            let key = if link_chars(key) { key } else { "" };
            faults.push(Fault::Characters(shown(key)));
            continue;
        }
        let Some((key, value)) = part.split_once('=') else {
            faults.push(Fault::NotKeyValue(shown(part)));
            continue;
        };
        let Some(k) = Key::parse(key) else {
            faults.push(Fault::UnknownKey(shown(key)));
            continue;
        };
        if fields.has(k) {
            faults.push(Fault::Twice(k));
        } else if !fields.read(k, value) {
            faults.push(Fault::Value(k, shown(value)));
        }
    }
    // A range that ends before it starts keeps its start.
    if let (Some(a), Some(b)) = (fields.from, fields.to) {
        if b < a {
            fields.to = None;
            faults.push(Fault::Backwards(b + 1, a + 1));
        }
    }
    let (view, lang_notice) = view_of(fields);
    let mut notices: Vec<Msg> = faults.into_iter().map(|f| fault_msg(f, &view)).collect();
    notices.extend(lang_notice);
    Ok((view, notices))
}

/// The view the fields that were read give; a notice when the language is
/// one the app does not speak.
fn view_of(f: Fields) -> (ViewState, Option<Msg>) {
    let scenario = f.scenario.unwrap_or(&SCENARIOS[0]);
    let base = scenario.config();
    let config = Config {
        k8s: f.k8s.unwrap_or(base.k8s),
        runtime: f.runtime.unwrap_or(base.runtime),
        oci: f.oci.unwrap_or(base.oci),
    };
    let other = default_compare(config);
    let (lang, notice) = match f.lang.map(|l| (l.parse::<Lang>(), l)) {
        None => (None, None),
        Some((Ok(l), _)) => (Some(l), None),
        Some((Err(_), l)) => (
            Some(Lang::En),
            Some(msg!(
                "app-link-unknown-lang",
                value = format!("{:?}", shown(&l))
            )),
        ),
    };
    let panel = f.panel.unwrap_or_default();
    let embed = f.embed.is_some();
    let mode = f.mode.unwrap_or_default();
    let view = ViewState {
        config,
        scenario,
        hop: f.hop.unwrap_or(0),
        theme: f.theme.unwrap_or_default(),
        panel,
        sample: f.sample.filter(|_| panel == Panel::Inspector),
        compare: Config {
            k8s: f.k2.unwrap_or(other.k8s),
            runtime: f.rt2.unwrap_or(other.runtime),
            oci: f.oci2.unwrap_or(other.oci),
        },
        object: f.object.filter(|_| panel == Panel::State),
        lang,
        speed: f.speed.unwrap_or(DEFAULT_SPEED),
        session: f.session.filter(|_| panel.has_terminal()),
        at_end: f.at_end.is_some_and(|_| panel == Panel::Term),
        drill: f.drill.filter(|_| panel == Panel::Drill),
        embed,
        range: match (f.from, f.to) {
            (None, None) => None,
            (a, b) => Some((a.unwrap_or(0), b.unwrap_or(OPEN_END))),
        }
        .filter(|_| embed),
        autoplay: embed && f.play.is_some(),
        show: f.show.filter(|_| embed).unwrap_or_default(),
        mode,
        talk: f.talk.filter(|_| mode == Mode::Present),
        scene: f.scene.filter(|_| mode == Mode::Present).unwrap_or(0),
    };
    (view, notice)
}

/// What a fault changed, in the words of the view shown instead.
fn fault_msg(fault: Fault, v: &ViewState) -> Msg {
    let (key, value) = match fault {
        Fault::Characters(key) => return msg!("links-characters", key = key),
        Fault::NotKeyValue(part) => return msg!("links-not-key-value", value = part),
        Fault::UnknownKey(key) => return msg!("links-unknown-key", key = key),
        Fault::Twice(key) => return msg!("links-twice", key = key.id()),
        Fault::Backwards(to, from) => return msg!("links-range-backwards", to = to, from = from),
        Fault::Value(key, value) => (key, value),
    };
    let (min, max) = (format!("1.{K8S_MIN}"), format!("1.{K8S_MAX}"));
    match key {
        Key::K8s => msg!(
            "links-k8s",
            value = value,
            min = min,
            max = max,
            kept = v.config.k8s.to_string()
        ),
        Key::K8s2 => msg!(
            "links-k8s-compared",
            value = value,
            min = min,
            max = max,
            kept = v.compare.k8s.to_string()
        ),
        Key::Runtime => msg!(
            "links-runtime",
            value = value,
            kept = v.config.runtime.label_msg()
        ),
        Key::Runtime2 => msg!(
            "links-runtime-compared",
            value = value,
            kept = v.compare.runtime.label_msg()
        ),
        Key::Oci => msg!("links-oci", value = value, kept = v.config.oci.id()),
        Key::Oci2 => msg!(
            "links-oci-compared",
            value = value,
            kept = v.compare.oci.id()
        ),
        Key::Scenario => msg!("links-scenario", value = value, kept = v.scenario.name),
        Key::Hop => msg!("links-hop", value = value, kept = v.hop + 1),
        Key::Theme => msg!("links-theme", value = value, kept = v.theme.id()),
        Key::Panel => msg!(
            "links-panel",
            value = value,
            kept = Msg::new(v.panel.label())
        ),
        Key::Sample => msg!("links-sample", value = value),
        Key::Object => msg!("links-object", value = value),
        Key::Speed => msg!(
            "links-speed",
            value = value,
            kept = SPEED_LABELS.get(v.speed).copied().unwrap_or("1")
        ),
        Key::Session => msg!("term-link-session", max = MAX_LINK_CHARS),
        Key::At => msg!("term-link-at", value = value),
        Key::Drill => msg!("practice-link-drill", value = value),
        Key::Embed => msg!("links-embed", value = value),
        Key::From => msg!("links-from", value = value),
        Key::To => msg!("links-to", value = value),
        Key::Play => msg!("links-play", value = value),
        Key::Show => msg!("links-show", value = value, kept = v.show.id()),
        Key::Mode => msg!("links-mode", value = value),
        Key::Talk => msg!("links-talk", value = value),
        Key::Scene => msg!("links-scene", value = value, max = MAX_SCENE),
        // Any text is read as a language (an unknown one has its own notice).
        Key::Lang => msg!("links-unknown-key", key = value),
    }
}

/// The notices of a parse as one message (none when nothing was changed).
pub(super) fn notice(mut notices: Vec<Msg>) -> Option<Msg> {
    let last = notices.pop()?;
    let all = notices.into_iter().rev().fold(last, |rest, first| {
        msg!("links-and", first = first, rest = rest)
    });
    Some(msg!("links-notice", changes = all))
}

#[cfg(test)]
mod tests {
    use super::super::{ViewState, SPEEDS};
    use super::*;

    fn english(m: &Msg) -> String {
        crate::i18n::english().render(m)
    }

    /// The view and the notice a fragment gives, in English.
    fn opened(f: &str) -> (ViewState, String) {
        let (v, n) = parse(f).unwrap_or_else(|e| panic!("{f}: refused: {e}"));
        let said: Vec<String> = n.iter().map(english).collect();
        (v, said.join(" "))
    }

    #[test]
    fn a_bad_hop_keeps_the_scenario_and_says_which_hop_is_shown() {
        let (v, n) = opened("#v1;sc=kubectl-run-crio;hop=0;theme=dark;speed=2;lang=ko");
        assert_eq!(v.scenario.name, "kubectl-run-crio");
        assert_eq!(
            (v.hop, v.theme, v.speed, v.lang),
            (0, Theme::Dark, 3, Some(Lang::Ko))
        );
        assert_eq!(
            n,
            "hop=0 is not a hop number (they start at 1): showing hop 1."
        );
        for bad in ["-1", "abc", "", "99999999999999999999999", "1000001"] {
            let (w, n) = opened(&format!("v1;sc=kubectl-run-crio;hop={bad}"));
            assert_eq!((w.scenario.name, w.hop), ("kubectl-run-crio", 0), "{bad}");
            assert!(n.starts_with(&format!("hop={bad} ")), "{n}");
        }
    }

    #[test]
    fn each_field_kind_says_what_it_kept() {
        for (f, says) in [
            (
                "v1;sc=runc-run;k=1.19",
                "Kubernetes 1.19 is not offered (1.20 to 1.34): kept 1.",
            ),
            (
                "v1;rt=bogus",
                "Runtime bogus is not offered: kept containerd 1.7.",
            ),
            (
                "v1;oci=youki",
                "OCI runtime youki is not offered: kept runc.",
            ),
            (
                "v1;sc=nope",
                "Scenario nope does not exist: showing kubectl-run.",
            ),
            ("v1;theme=pink", "Theme pink does not exist: showing auto."),
            ("v1;p=seq", "Panel seq does not exist: showing Scenario."),
            ("v1;speed=9", "speed=9 is not a speed (0.25 to 4): kept 1×."),
            (
                "v1;p=inspector;ins=nope",
                "OCI sample nope is not shipped with the app: none shown.",
            ),
            (
                "v1;p=state;obj=/etc",
                "/etc is not an object id: no object selected.",
            ),
            (
                "v1;p=compare;k2=1.99",
                "Kubernetes 1.99 is not offered (1.20 to 1.34): the compared node kept 1.28.",
            ),
            (
                "v1;p=compare;rt2=rkt",
                "Runtime rkt is not offered: the compared node kept CRI-O.",
            ),
            (
                "v1;p=compare;oci2=x",
                "OCI runtime x is not offered: the compared node kept runc.",
            ),
            ("v1;x=1", "The key x is not one links use: ignored."),
            ("v1;k", "k is not key=value: ignored."),
            (
                "v1;hop=3;hop=4",
                "The key hop appears twice: kept the first.",
            ),
            (
                "v1;sc=kübectl",
                "The field sc has characters links never use: ignored.",
            ),
        ] {
            let (_, n) = opened(f);
            assert!(n.starts_with(says), "{f}: {n}");
        }
        let (v, _) = opened("v1;hop=3;hop=4");
        assert_eq!(v.hop, 2);
    }

    #[test]
    fn several_faults_are_all_said_in_order() {
        let (v, n) = opened("v1;sc=runc-run;k=1.19;hop=0;p=seq;speed=0.5");
        assert_eq!((v.scenario.name, v.speed), ("runc-run", 1));
        let k = n.find("Kubernetes").unwrap_or(usize::MAX);
        let h = n.find("hop=0").unwrap_or(usize::MAX);
        let p = n.find("Panel seq").unwrap_or(usize::MAX);
        assert!(k < h && h < p && p < n.len(), "{n}");
    }

    #[test]
    fn the_whole_link_is_refused_only_for_what_concerns_all_of_it() {
        for f in ["v2;k=1.28", "k=1.28", "<script>", "v1<b>"] {
            assert!(parse(f).is_err(), "{f}");
        }
        assert!(parse(&format!("v1;{}", "a".repeat(300))).is_err());
        assert_eq!(parse("v1").map(|(_, n)| n.len()), Ok(0));
        assert_eq!(parse("v1;;sc=runc-run;").map(|(_, n)| n.len()), Ok(0));
    }

    #[test]
    fn speed_round_trips() {
        for i in 0..SPEEDS.len() {
            let v = ViewState {
                speed: i,
                ..ViewState::default()
            };
            let (w, n) = opened(&v.to_fragment());
            assert_eq!((w, n), (v, String::new()));
        }
        assert!(!ViewState::default().to_fragment().contains("speed"));
    }

    /// A tiny seeded generator (xorshift): the same corruptions on every run.
    struct Rng(u64);
    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }
        fn pick(&mut self, from: &[u8]) -> u8 {
            from[(self.next() % from.len() as u64) as usize]
        }
    }

    /// Corruptions of one `key=value` field: fixed ones and random ones.
    fn corruptions(field: &str, rng: &mut Rng) -> Vec<String> {
        let (key, value) = field.split_once('=').unwrap_or((field, ""));
        let mut out = vec![
            key.to_string(),
            format!("{key}="),
            format!("{key}=0"),
            format!("{key}=-1"),
            format!("{key}={value}x"),
            format!("{key}={value}{value}"),
            format!("{key}=<b>"),
            format!("{key}=ü"),
            format!("{key}x={value}"),
            format!("={value}"),
            format!("{key}={value}=1"),
            format!("{key}=%20"),
            "🦀".to_string(),
        ];
        let alphabet = b"abcdefghijklmnopqrstuvwxyz0123456789.-_=/<>%&\"' ";
        for _ in 0..40 {
            let len = 1 + rng.next() % 12;
            let junk: String = (0..len).map(|_| char::from(rng.pick(alphabet))).collect();
            out.push(format!("{key}={junk}"));
            out.push(junk);
        }
        out
    }

    /// A field's value in a view, as a link writes it (whatever the panel).
    fn field_of(v: &ViewState, key: &str) -> String {
        match key {
            "k" => v.config.k8s.to_string(),
            "rt" => v.config.runtime.id().to_string(),
            "oci" => v.config.oci.id().to_string(),
            "sc" => v.scenario.name.to_string(),
            "hop" => (v.hop + 1).to_string(),
            "theme" => v.theme.id().to_string(),
            "lang" => v.lang.map(|l| l.id().to_string()).unwrap_or_default(),
            "speed" => SPEED_LABELS[v.speed].to_string(),
            "p" => v.panel.id().to_string(),
            "ins" => v.sample.map(|s| s.name()).unwrap_or_default(),
            "obj" => v.object.clone().unwrap_or_default(),
            "k2" => v.compare.k8s.to_string(),
            "rt2" => v.compare.runtime.id().to_string(),
            "oci2" => v.compare.oci.id().to_string(),
            "s" => v.session.clone().unwrap_or_default(),
            "at" => if v.at_end { "end" } else { "" }.to_string(),
            "d" => v.drill.clone().unwrap_or_default(),
            "embed" => if v.embed { "1" } else { "" }.to_string(),
            "from" => v
                .range
                .map(|(a, _)| (a + 1).to_string())
                .unwrap_or_default(),
            "to" => v
                .range
                .filter(|(_, b)| *b != OPEN_END)
                .map(|(_, b)| (b + 1).to_string())
                .unwrap_or_default(),
            "play" => if v.autoplay { "1" } else { "" }.to_string(),
            "show" => v.show.id(),
            "mode" => v.mode.id().to_string(),
            "talk" => v.talk.clone().unwrap_or_default(),
            "scene" => (v.scene + 1).to_string(),
            other => panic!("no field {other}"),
        }
    }

    #[test]
    fn any_one_corrupted_field_keeps_every_other_field() {
        let links = [
            "v1;k=1.30;rt=cri-o;oci=crun;sc=kubectl-run-crio;hop=42;theme=dark;lang=ko;speed=2;p=compare;k2=1.29;rt2=containerd-2;oci2=runc",
            "v1;k=1.22;rt=dockershim;oci=runc;sc=kubectl-run-dockershim;hop=7;theme=light;lang=en;speed=0.25;p=state;obj=default/nginx",
            "v1;sc=runc-run;hop=3;theme=auto;speed=4;p=inspector;ins=broken/trailing-comma",
            "v1;k=1.28;rt=cri-dockerd;sc=kubectl-run-cri-dockerd;hop=40;theme=light;lang=ko;speed=0.5;embed=1;from=18;to=161;play=1;show=note.seq.bar",
            "v1;sc=kubectl-run-dockershim;k=1.22;rt=dockershim;hop=18;theme=dark;mode=present;talk=kubectl-run;scene=3",
        ];
        let mut rng = Rng(0x5eed_1234_abcd_0001);
        let mut tried = 0;
        for link in links {
            let (whole, n) = opened(link);
            assert_eq!(n, "", "{link} is a good link");
            let canonical = whole.to_fragment();
            assert_eq!(opened(&canonical).0, whole, "{canonical} round-trips");
            let fields: Vec<&str> = canonical.split(';').skip(1).collect();
            for (i, field) in fields.iter().enumerate() {
                let (key, _) = field.split_once('=').unwrap_or((field, ""));
                for bad in corruptions(field, &mut rng) {
                    // A corruption stays inside its field and does not become another field.
                    let bad_key = bad.split_once('=').map_or(bad.as_str(), |(k, _)| k);
                    if bad.contains(';')
                        || bad == *field
                        || (bad_key != key && Key::parse(bad_key).is_some())
                    {
                        continue;
                    }
                    let mut parts = fields.clone();
                    parts[i] = &bad;
                    let f = format!("v1;{}", parts.join(";"));
                    let Ok((v, notices)) = parse(&f) else {
                        panic!("{f}: one bad field refused the whole link");
                    };
                    tried += 1;
                    for other in fields.iter().filter(|o| !o.starts_with(&format!("{key}="))) {
                        let (k, want) = other.split_once('=').unwrap_or((other, ""));
                        // The inspector's document and the state panel's object
                        // belong to their panel.
                        if key == "p" && matches!(k, "ins" | "obj") {
                            continue;
                        }
                        // So do an embed's range, autoplay and panels, and a
                        // talk's id and scene to presenter mode; a range's two
                        // ends are one value (`to` before `from` is dropped).
                        if key == "embed" && matches!(k, "from" | "to" | "play" | "show")
                            || key == "mode" && matches!(k, "talk" | "scene")
                            || key == "from" && k == "to"
                        {
                            continue;
                        }
                        assert_eq!(field_of(&v, k), want, "{f}: lost {other}");
                    }
                    // A value not shown as written is said.
                    let written = bad.split_once('=').map(|(_, w)| w);
                    if key != "lang" && written != Some(field_of(&v, key).as_str()) {
                        assert!(!notices.is_empty(), "{f}: changed {key} in silence");
                    }
                }
            }
        }
        assert!(tried > 1000, "{tried}");
    }

    #[test]
    fn embed_and_presenter_fields_round_trip_and_belong_to_their_mode() {
        let (v, n) = opened("v1;sc=kubectl-run;hop=18;embed=1;from=18;to=184;play=1;show=seq.note");
        assert_eq!(n, "");
        assert!(v.embed && v.autoplay);
        assert_eq!(v.range, Some((17, 183)));
        assert_eq!(v.show.id(), "note.seq");
        assert!(v.show.has(Show::SEQ) && !v.show.has(Show::BAR));
        assert_eq!(opened(&v.to_fragment()), (v.clone(), String::new()));
        // A lone end: the other is the run's.
        let (v, _) = opened("v1;embed=1;to=5");
        assert_eq!(v.range, Some((0, 4)));
        let (v, _) = opened("v1;embed=1;from=5");
        assert_eq!(v.range, Some((4, OPEN_END)));
        assert!(
            v.to_fragment().ends_with(";embed=1;from=5"),
            "{}",
            v.to_fragment()
        );
        assert_eq!(v.range_in(3), Some((2, 2)));
        assert_eq!(v.range_in(0), None);
        // Only an embed has a range, autoplay and panels.
        let (v, n) = opened("v1;from=2;to=3;play=1;show=log");
        assert_eq!(n, "");
        assert_eq!(
            (v.range, v.autoplay, v.show),
            (None, false, Show::default())
        );
        assert!(!v.to_fragment().contains("from="));
        let (v, _) = opened("v1;embed=1;show=none");
        assert_eq!(v.show, Show(0));
        assert!(v.to_fragment().ends_with(";show=none"));
        // The default show is not written.
        let (v, _) = opened("v1;embed=1;show=bar.note");
        assert!(v.to_fragment().ends_with(";embed=1"));
        // Presenter mode.
        let (v, n) = opened("v1;mode=present;talk=kubectl-run;scene=3");
        assert_eq!(n, "");
        assert_eq!(
            (v.mode, v.talk.as_deref(), v.scene),
            (Mode::Present, Some("kubectl-run"), 2)
        );
        assert!(v
            .to_fragment()
            .ends_with(";mode=present;talk=kubectl-run;scene=3"));
        let (v, _) = opened("v1;talk=kubectl-run;scene=3");
        assert_eq!((v.mode, v.talk, v.scene), (Mode::Page, None, 0));
        let (v, _) = opened("v1;mode=page");
        assert!(!v.to_fragment().contains("mode"));
        // The full page of an embed keeps the hop, the configuration, the panel, the look.
        let (v, _) =
            opened("v1;sc=runc-run;hop=3;theme=dark;lang=ko;p=state;embed=1;from=2;play=1");
        let full = v.full_page().to_fragment();
        assert_eq!(
            full,
            "v1;k=1.28;rt=containerd-1.7;oci=runc;sc=runc-run;hop=3;theme=dark;lang=ko;p=state"
        );
    }

    #[test]
    fn bad_embed_and_presenter_fields_say_what_is_shown() {
        for (f, says) in [
            ("v1;embed=yes", "embed=yes is not an embed switch (embed=1): showing the full page."),
            ("v1;embed=1;from=0", "from=0 is not a hop number (they start at 1): the range starts at the first hop."),
            ("v1;embed=1;to=x", "to=x is not a hop number (they start at 1): the range ends at the last hop."),
            ("v1;embed=1;from=20;to=10", "to=10 comes before from=20: the range ends at the last hop."),
            ("v1;embed=1;play=2", "play=2 is not an autoplay switch (play=1): not playing at start."),
            ("v1;embed=1;show=note.note", "show=note.note is not what an embed shows (note, log, seq, bar, joined by dots): showing note.bar."),
            ("v1;embed=1;show=chat", "show=chat is not what"),
            ("v1;mode=slides", "Mode slides does not exist (mode=present): showing the page."),
            ("v1;mode=present;talk=Kubectl_Run", "talk=Kubectl_Run is not a talk id (lowercase letters, digits and dashes): no talk shown."),
            ("v1;mode=present;scene=100", "scene=100 is not a scene number (1 to 99): showing scene 1."),
        ] {
            let (_, n) = opened(f);
            assert!(n.starts_with(says), "{f}: {n}");
        }
        let (v, _) = opened("v1;embed=1;from=20;to=10");
        assert_eq!(v.range, Some((19, OPEN_END)));
        let ko = atlas_core::Catalog::builtin(Lang::Ko);
        let (_, n) = parse("v1;embed=1;from=20;to=10;show=x;mode=x;talk=X;scene=0;play=0")
            .unwrap_or_default();
        let n = notice(n).map(|n| ko.render(&n)).unwrap_or_default();
        for word in ["to=10", "show=x", "모드 x", "talk=X", "scene=0", "play=0"] {
            assert!(n.contains(word), "{word}: {n}");
        }
    }

    #[test]
    fn the_longest_embed_and_presenter_links_fit() {
        let longest = [
            "v1;k=1.28;rt=containerd-1.7;oci=runc;sc=kubectl-run-cri-dockerd;hop=161;theme=light;lang=ko;speed=0.25;p=compare;k2=1.28;rt2=containerd-1.7;oci2=runc;embed=1;from=18;to=161;play=1;show=note.log.seq.bar",
            "v1;k=1.28;rt=containerd-1.7;oci=runc;sc=kubectl-run-cri-dockerd;hop=999999;theme=light;lang=ko;speed=0.25;p=drill;d=ABCDEFGHIJKLMNOP;embed=1;from=999999;to=999999;play=1;show=note.log.seq.bar",
            "v1;k=1.28;rt=containerd-1.7;oci=runc;sc=kubectl-run-cri-dockerd;hop=999999;theme=light;lang=ko;speed=0.25;p=compare;k2=1.28;rt2=containerd-1.7;oci2=runc;mode=present;talk=abcdefghijklmnopqrstuvwxyz012345;scene=99",
        ];
        for f in longest {
            let (v, n) = opened(f);
            assert_eq!(n, "", "{f}");
            let back = v.to_fragment();
            assert!(back.len() <= MAX_FRAGMENT, "{} bytes: {back}", back.len());
            assert_eq!(opened(&back).0, v);
        }
    }

    #[test]
    fn notices_speak_korean() {
        let ko = atlas_core::Catalog::builtin(Lang::Ko);
        let (_, n) = parse("v1;sc=runc-run;hop=0;speed=9").unwrap_or_default();
        let n = notice(n).map(|n| ko.render(&n)).unwrap_or_default();
        assert_eq!(
            n,
            "이 링크의 일부를 적힌 대로 복원하지 못했다. hop=0은 홉 번호가 아니다(1부터 센다). 1번째 홉을 보여 준다. speed=9는 지원하는 속도(0.25~4)가 아니다. 1×를 유지한다."
        );
    }
}
