//! Messages: what the core says to a person, as an id with named arguments.
//!
//! The core never writes an English (or Korean) sentence into a hop, a
//! refusal or a description. It produces a [`Msg`] (`msg!("cri-pull", image
//! = "nginx")`), and a face renders it with a [`Catalog`] in the reader's
//! [`Lang`]: `atlas sim --lang ko`, the app's narration and an exported trace
//! all speak the chosen language from the same run. The catalogs are Fluent
//! files (`crates/core/i18n/en/*.ftl`, `crates/core/i18n/ko/*.ftl`, one pair
//! per area of the model); English is built into every face, and the app
//! fetches the Korean file when a reader first asks for Korean.
//!
//! What a real tool prints (crictl's table, runc's errors, kubectl's
//! answers), calls, paths, flags and status values are not messages: they
//! stay as the tool spells them.

mod catalog;
mod korean;

pub use catalog::{
    compare, ids_named_in, ids_shown_raw, messages, Catalog, CatalogError, CatalogIssue,
    EN_ENGINE_FTL, EN_FTL, EN_INSPECTOR_FTL, EN_START_FTL, KO_FTL,
};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

/// A language the app speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum Lang {
    /// English, built into every face.
    #[default]
    En,
    /// Korean (한국어), in the style of the Kubernetes Korean docs.
    Ko,
}

impl Lang {
    /// Every language, English first.
    pub const ALL: &'static [Lang] = &[Lang::En, Lang::Ko];

    /// The BCP 47 tag: `en`, `ko`.
    pub fn id(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ko => "ko",
        }
    }

    /// The language's own name, as its switch shows it.
    pub fn own_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Ko => "한국어",
        }
    }

    /// The first of a browser's preferred languages (`navigator.languages`,
    /// `ko-KR`, `en-US`, …) that the app speaks; English when none is.
    pub fn preferred<'a>(tags: impl IntoIterator<Item = &'a str>) -> Lang {
        tags.into_iter()
            .find_map(|t| t.parse().ok())
            .unwrap_or_default()
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// A language tag the app does not speak.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown language {0:?}: the app speaks en and ko")]
pub struct UnknownLang(pub String);

impl FromStr for Lang {
    type Err = UnknownLang;
    /// `en`, `ko`, or a tag whose primary language is one of them (`ko-KR`,
    /// `en_US`), in any case.
    fn from_str(s: &str) -> Result<Lang, UnknownLang> {
        let primary = s
            .split(['-', '_'])
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        match primary.as_str() {
            "en" => Ok(Lang::En),
            "ko" => Ok(Lang::Ko),
            _ => Err(UnknownLang(s.to_string())),
        }
    }
}

/// One argument of a message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Arg {
    /// A number (a pid, a count, bytes): Fluent can choose a plural by it.
    Num(i64),
    /// Words from the model: a name, a path, an id, a flag.
    Str(String),
    /// Another message, rendered in the same language first (a reason inside
    /// a refusal).
    Msg(Box<Msg>),
}

macro_rules! arg_from {
    ($($t:ty => |$v:ident| $e:expr),* $(,)?) => {
        $(impl From<$t> for Arg {
            fn from($v: $t) -> Arg {
                $e
            }
        })*
    };
}

arg_from! {
    &str => |v| Arg::Str(v.to_string()),
    String => |v| Arg::Str(v),
    &String => |v| Arg::Str(v.clone()),
    Cow<'_, str> => |v| Arg::Str(v.into_owned()),
    Msg => |v| Arg::Msg(Box::new(v)),
    i64 => |v| Arg::Num(v),
    i32 => |v| Arg::Num(i64::from(v)),
    u32 => |v| Arg::Num(i64::from(v)),
    u16 => |v| Arg::Num(i64::from(v)),
    u8 => |v| Arg::Num(i64::from(v)),
    u64 => |v| Arg::Num(i64::try_from(v).unwrap_or(i64::MAX)),
    usize => |v| Arg::Num(i64::try_from(v).unwrap_or(i64::MAX)),
}

/// Words as an argument: a message rendered in the same language, or text as it came.
impl From<Text> for Arg {
    fn from(t: Text) -> Arg {
        match t {
            Text::Raw(s) => Arg::Str(s),
            Text::Msg(m) => Arg::Msg(Box::new(m)),
        }
    }
}

/// A message: an id in the catalogs and its named arguments.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Msg {
    /// The Fluent message id (`cri-pull`).
    pub id: Cow<'static, str>,
    /// Named arguments, in the order given.
    #[serde(default, skip_serializing_if = "Vec::is_empty", with = "args_map")]
    pub args: Vec<(Cow<'static, str>, Arg)>,
}

impl Msg {
    /// A message without arguments.
    pub fn new(id: &'static str) -> Msg {
        Msg {
            id: Cow::Borrowed(id),
            args: Vec::new(),
        }
    }

    /// Adds a named argument.
    #[must_use]
    pub fn arg(mut self, name: &'static str, value: impl Into<Arg>) -> Msg {
        self.args.push((Cow::Borrowed(name), value.into()));
        self
    }

    /// The argument called `name`.
    pub fn get(&self, name: &str) -> Option<&Arg> {
        self.args.iter().find(|(k, _)| k == name).map(|(_, v)| v)
    }
}

/// Builds a [`Msg`]: `msg!("cri-pull", image = name)`; an argument's name is
/// the Fluent variable (`$image`).
#[macro_export]
macro_rules! msg {
    ($id:literal $(, $k:ident = $v:expr)* $(,)?) => {
        $crate::message::Msg::new($id)$(.arg(stringify!($k), $v))*
    };
}

/// Words a person reads: a message, or text that is not the core's to
/// translate (a note read back from a trace file, a real tool's words).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Text {
    /// Text as it came (already in some language).
    Raw(String),
    /// A message, rendered in the reader's language.
    Msg(Msg),
}

impl Text {
    /// The message, if this is one.
    pub fn msg(&self) -> Option<&Msg> {
        match self {
            Text::Msg(m) => Some(m),
            Text::Raw(_) => None,
        }
    }
}

impl From<Msg> for Text {
    fn from(m: Msg) -> Text {
        Text::Msg(m)
    }
}

impl From<String> for Text {
    fn from(s: String) -> Text {
        Text::Raw(s)
    }
}

impl From<&str> for Text {
    fn from(s: &str) -> Text {
        Text::Raw(s.to_string())
    }
}

/// `args` as a JSON object (`{"image":"nginx"}`), in order.
mod args_map {
    use super::Arg;
    use serde::de::{MapAccess, Visitor};
    use serde::ser::SerializeMap;
    use serde::{Deserializer, Serializer};
    use std::borrow::Cow;
    use std::fmt;

    type Args = Vec<(Cow<'static, str>, Arg)>;

    pub fn serialize<S: Serializer>(args: &Args, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(args.len()))?;
        for (k, v) in args {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Args, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Args;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a map of message arguments")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut a: A) -> Result<Args, A::Error> {
                let mut out = Vec::new();
                while let Some((k, v)) = a.next_entry::<String, Arg>()? {
                    out.push((Cow::Owned(k), v));
                }
                Ok(out)
            }
        }
        d.deserialize_map(V)
    }
}

/// Test support: a hop's note in English, from one catalog per test thread.
#[cfg(test)]
pub(crate) fn english(t: Option<&Text>) -> String {
    thread_local! {
        static EN: Catalog = Catalog::english();
    }
    t.map(|t| EN.with(|c| c.text(t))).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn languages_parse_from_browser_tags() {
        assert_eq!("ko-KR".parse(), Ok(Lang::Ko));
        assert_eq!("EN_us".parse(), Ok(Lang::En));
        assert!("fr".parse::<Lang>().is_err());
        assert_eq!(Lang::preferred(["fr-FR", "ko", "en"]), Lang::Ko);
        assert_eq!(Lang::preferred(["de"]), Lang::En);
        assert_eq!(Lang::preferred([]), Lang::En);
    }

    #[test]
    fn messages_round_trip_through_json() {
        let m = msg!("cri-pull", image = "nginx", bytes = 42u32, why = msg!("x"));
        let t = Text::from(m.clone());
        let json = serde_json::to_string(&t).unwrap();
        assert_eq!(
            json,
            r#"{"id":"cri-pull","args":{"image":"nginx","bytes":42,"why":{"id":"x"}}}"#
        );
        assert_eq!(serde_json::from_str::<Text>(&json).unwrap(), t);
        let raw: Text = serde_json::from_str("\"a note\"").unwrap();
        assert_eq!(raw, Text::Raw("a note".into()));
        assert_eq!(m.get("image"), Some(&Arg::Str("nginx".into())));
    }
}
