//! A catalog: the Fluent file of one language, and rendering with it.
//!
//! Why Fluent (`fluent-bundle`): messages keep named arguments, a translator
//! can reorder them (Korean puts the verb last), choose variants by a number
//! or a word, and call functions (the Korean particle after a name, see
//! [`super::korean`]), and the format has a parser with positions for the
//! errors a hand-edited file gets. A map of format strings would give none of
//! that.

use super::{korean, Arg, Lang, Msg, Text};
use fluent_bundle::{FluentArgs, FluentBundle, FluentResource, FluentValue};
use fluent_syntax::ast;
use std::collections::BTreeMap;
use std::collections::BTreeSet;

/// The English catalog, built into every face.
pub const EN_FTL: &str = include_str!(concat!(env!("OUT_DIR"), "/en.ftl"));

/// The English messages the browser app's first load carries: every area
/// but those only an on-demand module produces (the core's `build.rs`,
/// `ON_DEMAND`). [`EN_FTL`] is this and the parts below.
pub const EN_START_FTL: &str = include_str!(concat!(env!("OUT_DIR"), "/en-start.ftl"));

/// The English messages only the engine module's code produces (every run but
/// the default view's, the terminal, the drills and the quiz): the module
/// hands them to the app when it loads.
pub const EN_ENGINE_FTL: &str = include_str!(concat!(env!("OUT_DIR"), "/en-engine.ftl"));

/// The English messages only the inspector module's code produces (the OCI
/// validator's diagnostics): the module hands them to the app when it loads.
pub const EN_INSPECTOR_FTL: &str = include_str!(concat!(env!("OUT_DIR"), "/en-inspector.ftl"));

/// The Korean catalog. The command line builds it in; the browser app fetches
/// the same text (`dist/i18n/ko.ftl`) when a reader first asks for Korean, so
/// this constant stays out of its first load.
pub const KO_FTL: &str = include_str!(concat!(env!("OUT_DIR"), "/ko.ftl"));

/// Why a catalog's text could not be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CatalogError {
    /// Fluent syntax the parser refused.
    #[error("{lang} catalog, line {line}: {reason}")]
    Syntax {
        /// The catalog's language.
        lang: Lang,
        /// 1-based line of the error.
        line: usize,
        /// The parser's reason.
        reason: String,
    },
    /// The same message id twice.
    #[error("{lang} catalog: message {id:?} is defined twice")]
    Duplicate {
        /// The catalog's language.
        lang: Lang,
        /// The id.
        id: String,
    },
}

/// A difference between two catalogs that should say the same things.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CatalogIssue {
    /// A message one catalog has and the other lacks.
    #[error("message {id:?} is in the {has} catalog but not in the {lacks} catalog")]
    Missing {
        /// The id.
        id: String,
        /// The catalog that has it.
        has: Lang,
        /// The catalog that lacks it.
        lacks: Lang,
    },
    /// The same message with different variables.
    #[error("message {id:?} uses {en:?} in English but {other:?} in {lang}")]
    Arguments {
        /// The id.
        id: String,
        /// The English catalog's variables.
        en: Vec<String>,
        /// The other language.
        lang: Lang,
        /// Its variables.
        other: Vec<String>,
    },
}

/// One language's messages, ready to render.
pub struct Catalog {
    lang: Lang,
    bundle: FluentBundle<FluentResource>,
    fallback: Option<Box<Catalog>>,
}

impl std::fmt::Debug for Catalog {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Catalog")
            .field("lang", &self.lang)
            .field("fallback", &self.fallback.as_ref().map(|c| c.lang))
            .finish_non_exhaustive()
    }
}

/// The parser's first complaint about a catalog's text, with its line.
fn syntax(lang: Lang, text: &str, errors: Vec<fluent_syntax::parser::ParserError>) -> CatalogError {
    let first = errors.into_iter().next();
    CatalogError::Syntax {
        lang,
        line: first.as_ref().map_or(1, |e| line_of(text, e.pos.start)),
        reason: first.map_or_else(String::new, |e| e.kind.to_string()),
    }
}

/// 1-based line of a byte offset.
fn line_of(text: &str, at: usize) -> usize {
    text.get(..at)
        .map_or(0, |t| t.bytes().filter(|b| *b == b'\n').count())
        + 1
}

impl Catalog {
    /// Reads a catalog's Fluent text. A Korean catalog falls back to English
    /// for any message it lacks.
    pub fn parse(lang: Lang, text: &str) -> Result<Catalog, CatalogError> {
        let resource = FluentResource::try_new(text.to_string())
            .map_err(|(_, errors)| syntax(lang, text, errors))?;
        let mut bundle = FluentBundle::new(vec![lang.id().parse().unwrap_or_default()]);
        bundle.set_use_isolating(false);
        // Only fails when the name is taken: it is not, the bundle is new.
        let _ = bundle.add_function("JOSA", korean::josa);
        bundle.add_resource(resource).map_err(|errors| {
            let id = errors
                .into_iter()
                .find_map(|e| match e {
                    fluent_bundle::FluentError::Overriding { id, .. } => Some(id),
                    _ => None,
                })
                .unwrap_or_default();
            CatalogError::Duplicate { lang, id }
        })?;
        Ok(Catalog {
            lang,
            bundle,
            fallback: None,
        })
    }

    /// The built-in English catalog.
    pub fn english() -> Catalog {
        match Catalog::parse(Lang::En, EN_FTL) {
            Ok(c) => c,
            // The build checks the file (tests below); an empty catalog
            // renders ids, never panics.
            Err(_) => Catalog::empty(Lang::En),
        }
    }

    /// The built-in catalog of a language (the command line's; the app
    /// fetches Korean instead), Korean falling back to English.
    pub fn builtin(lang: Lang) -> Catalog {
        match lang {
            Lang::En => Catalog::english(),
            Lang::Ko => match Catalog::parse(Lang::Ko, KO_FTL) {
                Ok(c) => c.with_fallback(Catalog::english()),
                Err(_) => Catalog::english(),
            },
        }
    }

    /// The English of the browser app's first load ([`EN_START_FTL`]); an
    /// on-demand module's part joins it with [`Catalog::add`].
    pub fn english_at_start() -> Catalog {
        match Catalog::parse(Lang::En, EN_START_FTL) {
            Ok(c) => c,
            Err(_) => Catalog::empty(Lang::En),
        }
    }

    /// Adds the messages of another Fluent text of the same language (an
    /// on-demand module's part of the catalog); a message already here is
    /// replaced by the new text's.
    pub fn add(&mut self, text: &str) -> Result<(), CatalogError> {
        let lang = self.lang;
        let resource = FluentResource::try_new(text.to_string())
            .map_err(|(_, errors)| syntax(lang, text, errors))?;
        self.bundle.add_resource_overriding(resource);
        Ok(())
    }

    fn empty(lang: Lang) -> Catalog {
        let mut bundle = FluentBundle::new(vec![lang.id().parse().unwrap_or_default()]);
        bundle.set_use_isolating(false);
        Catalog {
            lang,
            bundle,
            fallback: None,
        }
    }

    /// Renders what this catalog lacks with `fallback` (English).
    #[must_use]
    pub fn with_fallback(mut self, fallback: Catalog) -> Catalog {
        self.fallback = Some(Box::new(fallback));
        self
    }

    /// The catalog's language.
    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// Whether the catalog itself (not its fallback) has message `id`.
    pub fn has(&self, id: &str) -> bool {
        self.bundle.has_message(id)
    }

    /// Renders a message: in this language, else the fallback's, else the
    /// message's id (a missing message is visible, never a blank or a panic).
    pub fn render(&self, m: &Msg) -> String {
        let Some(pattern) = self.bundle.get_message(&m.id).and_then(|f| f.value()) else {
            return match &self.fallback {
                Some(f) => f.render(m),
                None => m.id.to_string(),
            };
        };
        let mut args = FluentArgs::new();
        for (k, v) in &m.args {
            let value = match v {
                Arg::Num(n) => FluentValue::from(*n),
                Arg::Str(s) => FluentValue::from(s.clone()),
                Arg::Msg(inner) => FluentValue::from(self.render(inner)),
            };
            args.set(k.clone(), value);
        }
        let mut errors = Vec::new();
        self.bundle
            .format_pattern(pattern, Some(&args), &mut errors)
            .into_owned()
    }

    /// Renders a text: a message in this language, raw text as it is.
    pub fn text(&self, t: &Text) -> String {
        match t {
            Text::Raw(s) => s.clone(),
            Text::Msg(m) => self.render(m),
        }
    }

    /// Renders a message without arguments by id (the app's chrome).
    pub fn get(&self, id: &'static str) -> String {
        self.render(&Msg::new(id))
    }
}

/// Every message of a Fluent text with the variables it uses (sorted), or the
/// parse error.
pub fn messages(lang: Lang, text: &str) -> Result<BTreeMap<String, Vec<String>>, CatalogError> {
    let resource =
        fluent_syntax::parser::parse(text).map_err(|(_, errors)| syntax(lang, text, errors))?;
    let mut out = BTreeMap::new();
    for entry in &resource.body {
        if let ast::Entry::Message(m) = entry {
            let mut vars = BTreeSet::new();
            if let Some(p) = &m.value {
                pattern_vars(p, &mut vars);
            }
            for a in &m.attributes {
                pattern_vars(&a.value, &mut vars);
            }
            if out
                .insert(m.id.name.to_string(), vars.into_iter().collect())
                .is_some()
            {
                return Err(CatalogError::Duplicate {
                    lang,
                    id: m.id.name.to_string(),
                });
            }
        }
    }
    Ok(out)
}

/// The ids of a Fluent text's messages that occur anywhere in `haystack`
/// (a built program's data): the first-load app must name no message it does
/// not carry. A substring match, so it may find more than the code asks for,
/// never less: every message id the code names is a `&'static str`, except
/// the scenarios' `scn-NAME-title`, whose area is in the first load.
pub fn ids_named_in(text: &str, haystack: &str) -> Result<Vec<String>, CatalogError> {
    Ok(messages(Lang::En, text)?
        .into_keys()
        .filter(|id| haystack.contains(id.as_str()))
        .collect())
}

/// The ids among `ids` that `shown` (a page's text) holds as whole words
/// (not inside a longer id or word): a message shown by its id, because the
/// catalog that has it was not there when it was drawn.
pub fn ids_shown_raw<'a>(shown: &str, ids: &'a [String]) -> Vec<&'a str> {
    let word =
        |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    ids.iter()
        .filter(|id| {
            shown.match_indices(id.as_str()).any(|(at, _)| {
                !word(shown[..at].chars().next_back())
                    && !word(shown[at + id.len()..].chars().next())
            })
        })
        .map(String::as_str)
        .collect()
}

fn pattern_vars(p: &ast::Pattern<&str>, out: &mut BTreeSet<String>) {
    for e in &p.elements {
        if let ast::PatternElement::Placeable { expression } = e {
            expression_vars(expression, out);
        }
    }
}

fn expression_vars(e: &ast::Expression<&str>, out: &mut BTreeSet<String>) {
    match e {
        ast::Expression::Inline(i) => inline_vars(i, out),
        ast::Expression::Select { selector, variants } => {
            inline_vars(selector, out);
            for v in variants {
                pattern_vars(&v.value, out);
            }
        }
    }
}

fn inline_vars(i: &ast::InlineExpression<&str>, out: &mut BTreeSet<String>) {
    match i {
        ast::InlineExpression::VariableReference { id } => {
            out.insert(id.name.to_string());
        }
        ast::InlineExpression::FunctionReference { arguments, .. } => {
            for a in &arguments.positional {
                inline_vars(a, out);
            }
            for a in &arguments.named {
                inline_vars(&a.value, out);
            }
        }
        ast::InlineExpression::Placeable { expression } => expression_vars(expression, out),
        _ => {}
    }
}

/// What differs between the English catalog and another language's: every
/// message in both, with the same variables.
pub fn compare(en: &str, other_lang: Lang, other: &str) -> Result<Vec<CatalogIssue>, CatalogError> {
    let e = messages(Lang::En, en)?;
    let o = messages(other_lang, other)?;
    let mut issues = Vec::new();
    for (id, vars) in &e {
        match o.get(id) {
            None => issues.push(CatalogIssue::Missing {
                id: id.clone(),
                has: Lang::En,
                lacks: other_lang,
            }),
            Some(ov) if ov != vars => issues.push(CatalogIssue::Arguments {
                id: id.clone(),
                en: vars.clone(),
                lang: other_lang,
                other: ov.clone(),
            }),
            Some(_) => {}
        }
    }
    for id in o.keys().filter(|id| !e.contains_key(*id)) {
        issues.push(CatalogIssue::Missing {
            id: id.clone(),
            has: other_lang,
            lacks: Lang::En,
        });
    }
    Ok(issues)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::msg;

    #[test]
    fn a_raw_id_is_found_as_a_word_only() {
        let ids = vec!["kata-vm-boot".to_string(), "val-or".to_string()];
        assert_eq!(
            ids_shown_raw("<p>kata-vm-boot</p>", &ids),
            vec!["kata-vm-boot"]
        );
        assert_eq!(ids_shown_raw("kata-vm-boot", &ids), vec!["kata-vm-boot"]);
        assert!(ids_shown_raw("interval-or kata-vm-booted x_val-or", &ids).is_empty());
    }

    #[test]
    fn the_built_in_catalogs_parse_and_say_the_same_things() {
        assert!(Catalog::parse(Lang::En, EN_FTL).is_ok());
        assert!(Catalog::parse(Lang::Ko, KO_FTL).is_ok());
        let issues = compare(EN_FTL, Lang::Ko, KO_FTL).unwrap();
        assert!(
            issues.is_empty(),
            "{}",
            issues
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n")
        );
    }

    #[test]
    fn the_english_parts_hold_every_message_and_the_start_part_none_of_the_modules() {
        let all = messages(Lang::En, EN_FTL).unwrap();
        let start = messages(Lang::En, EN_START_FTL).unwrap();
        let mut parts = BTreeSet::new();
        for part in [EN_START_FTL, EN_ENGINE_FTL, EN_INSPECTOR_FTL] {
            for id in messages(Lang::En, part).unwrap().into_keys() {
                assert!(
                    part == EN_START_FTL || !start.contains_key(&id),
                    "{id} is in the first load and a module's part"
                );
                parts.insert(id);
            }
        }
        assert_eq!(parts, all.into_keys().collect::<BTreeSet<_>>());
        // The first load leaves the validator and the engine's areas out.
        let start = Catalog::english_at_start();
        assert!(start.has("app-config-label") && !start.has("kata-vm-boot"));
    }

    #[test]
    fn a_module_part_joins_the_first_load_english() {
        let mut en = Catalog::english_at_start();
        assert_eq!(en.get("kata-vm-boot"), "kata-vm-boot");
        en.add(EN_ENGINE_FTL).unwrap();
        en.add(EN_INSPECTOR_FTL).unwrap();
        let whole = Catalog::english();
        for id in messages(Lang::En, EN_FTL).unwrap().keys() {
            assert!(en.has(id), "{id}");
        }
        let boot = msg!("kata-vm-boot");
        assert_eq!(en.render(&boot), whole.render(&boot));
        assert!(en.render(&boot).contains("guest kernel"));
        // The same part twice replaces, never fails; bad text is refused.
        en.add(EN_ENGINE_FTL).unwrap();
        assert!(matches!(
            en.add("a = { $\n"),
            Err(CatalogError::Syntax { line: 1, .. })
        ));
    }

    #[test]
    fn finds_the_ids_a_text_names() {
        let text = "kube-bind = A\nkube-bind-wait = B\nother = C\n";
        assert_eq!(
            ids_named_in(text, "..kube-bind-wait..").unwrap(),
            vec!["kube-bind".to_string(), "kube-bind-wait".to_string()]
        );
        assert!(ids_named_in(text, "nothing").unwrap().is_empty());
    }

    #[test]
    fn the_check_finds_a_missing_message_and_other_arguments() {
        let en = "a = A { $x }\nb = B\nc = C { $y }\n";
        let ko = "a = 가 { $x }\nc = 다 { $z }\nd = 라\n";
        let issues = compare(en, Lang::Ko, ko).unwrap();
        assert_eq!(
            issues,
            vec![
                CatalogIssue::Missing {
                    id: "b".into(),
                    has: Lang::En,
                    lacks: Lang::Ko
                },
                CatalogIssue::Arguments {
                    id: "c".into(),
                    en: vec!["y".into()],
                    lang: Lang::Ko,
                    other: vec!["z".into()]
                },
                CatalogIssue::Missing {
                    id: "d".into(),
                    has: Lang::Ko,
                    lacks: Lang::En
                },
            ]
        );
        assert!(issues[0].to_string().contains("not in the ko catalog"));
    }

    #[test]
    fn bad_text_is_refused_with_its_line() {
        let e = Catalog::parse(Lang::Ko, "a = 가\nb = { $\n").unwrap_err();
        assert!(matches!(e, CatalogError::Syntax { line: 2, .. }), "{e}");
        let d = Catalog::parse(Lang::Ko, "a = 가\na = 나\n").unwrap_err();
        assert_eq!(
            d,
            CatalogError::Duplicate {
                lang: Lang::Ko,
                id: "a".into()
            }
        );
    }

    #[test]
    fn renders_arguments_nested_messages_and_falls_back() {
        let en = Catalog::parse(
            Lang::En,
            "pull = pull { $image } ({ $n } bytes)\nwhy = because { $r }\nonly-en = English only\n",
        )
        .unwrap();
        let ko = Catalog::parse(
            Lang::Ko,
            "pull = { $image }{ JOSA($image, \"을/를\") } 가져온다({ $n }바이트)\nwhy = 이유: { $r }\n",
        )
        .unwrap()
        .with_fallback(en);
        assert_eq!(
            ko.render(&msg!("pull", image = "nginx", n = 42u32)),
            "nginx를 가져온다(42바이트)"
        );
        assert_eq!(
            ko.render(&msg!("why", r = msg!("pull", image = "pod", n = 1u32))),
            "이유: pod를 가져온다(1바이트)"
        );
        assert_eq!(ko.render(&msg!("only-en")), "English only");
        assert_eq!(ko.render(&msg!("nowhere")), "nowhere");
        assert_eq!(ko.text(&Text::Raw("as is".into())), "as is");
    }
}
