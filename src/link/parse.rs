//! Reading a link's fragment field by field. Only what concerns the whole
//! link refuses it (too long, no version or another version); a bad field
//! (a value out of range, an unknown key, a repeated key, characters a link
//! never uses) is dropped, the view shows what it would without it, and a
//! message says what was changed and what is shown instead. Every other
//! field is kept.

use super::{
    default_compare, BadFragment, Panel, Shipped, Theme, ViewState, DEFAULT_SPEED, MAX_FRAGMENT,
    MAX_HOP, MAX_LINK_CHARS, MAX_OBJECT, SPEED_LABELS,
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
}

impl Key {
    const ALL: [Key; 17] = [
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
        let oci = |v: &str| Oci::ALL.into_iter().find(|o| o.id() == v);
        match key {
            Key::K8s => set(&mut self.k8s, K8sVersion::parse(value).ok()),
            Key::Runtime => set(&mut self.runtime, runtime(value)),
            Key::Oci => set(&mut self.oci, oci(value)),
            Key::Scenario => set(&mut self.scenario, scenario::find(value)),
            Key::Hop => set(
                &mut self.hop,
                value
                    .parse::<usize>()
                    .ok()
                    .filter(|n| (1..=MAX_HOP).contains(n))
                    .map(|n| n - 1),
            ),
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
            other => panic!("no field {other}"),
        }
    }

    #[test]
    fn any_one_corrupted_field_keeps_every_other_field() {
        let links = [
            "v1;k=1.30;rt=cri-o;oci=crun;sc=kubectl-run-crio;hop=42;theme=dark;lang=ko;speed=2;p=compare;k2=1.29;rt2=containerd-2;oci2=runc",
            "v1;k=1.22;rt=dockershim;oci=runc;sc=kubectl-run-dockershim;hop=7;theme=light;lang=en;speed=0.25;p=state;obj=default/nginx",
            "v1;sc=runc-run;hop=3;theme=auto;speed=4;p=inspector;ins=broken/trailing-comma",
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
