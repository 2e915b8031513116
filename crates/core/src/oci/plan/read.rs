//! Reading `config.json` text into a [`Spec`]: with the `oci-json` feature any
//! text, through the span reader, with faults in Go's `encoding/json` words
//! (what runc prints); without it, only the two files `runc spec` writes.

use super::{OciRuntime, PlanError};
#[cfg(feature = "oci-json")]
use crate::oci::json::{Fault, Kind, LineIndex, SyntaxError, Tree};
use oci_spec::runtime::Spec;

#[cfg(feature = "oci-json")]
const KNOWN_NAMESPACES: [&str; 8] = [
    "pid", "network", "mount", "ipc", "uts", "user", "cgroup", "time",
];

/// Parses `config.json`. A namespace type the runtime does not know is
/// reported as the runtime reports it (`namespace {"bogus" ""} does not exist`
/// for runc, ``invalid namespace type: `bogus` `` for crun); any other fault is
/// [`PlanError::Json`] with its line and column, and for a syntax fault Go's
/// `encoding/json` wording, which runc prints (`unexpected EOF`, `invalid
/// character 'x' looking for beginning of value`).
///
/// The text is read by the span reader behind [`validate`](crate::oci::validate)
/// (no recursion; its size and nesting limits) and the spec is deserialized
/// from its tree, so a program that also validates holds one copy of
/// oci-spec's deserializers. Without the `oci-json` feature (the browser
/// app's engine) only the two files `runc spec` writes are known, built
/// without parsing; any other text is refused with that reason.
pub fn parse_config(text: &str, runtime: OciRuntime) -> Result<Spec, PlanError> {
    #[cfg(not(feature = "oci-json"))]
    {
        let _ = runtime;
        shipped_config(text)
    }
    #[cfg(feature = "oci-json")]
    read_config(text, runtime)
}

/// [`parse_config`] without the `oci-json` feature: the files `runc spec`
/// writes, built (equal to what oci-spec reads from them, see the spec
/// tests); any other text is refused with the reason.
#[cfg(not(feature = "oci-json"))]
fn shipped_config(text: &str) -> Result<Spec, PlanError> {
    use crate::oci::spec;
    if text == spec::RUNC_DEFAULT_JSON {
        Ok(spec::runc_default())
    } else if text == spec::RUNC_ROOTLESS_JSON {
        Ok(spec::runc_rootless())
    } else {
        Err(PlanError::Json {
            line: 1,
            column: 1,
            message: "this build reads only the config.json that `runc spec` writes \
                      (atlas-core was built without its `oci-json` feature)"
                .to_string(),
        })
    }
}

#[cfg(feature = "oci-json")]
fn read_config(text: &str, runtime: OciRuntime) -> Result<Spec, PlanError> {
    let tree = Tree::parse(text).map_err(|e| {
        let (line, column) = LineIndex::new(text).position(e.offset);
        PlanError::Json {
            line,
            column,
            message: go_syntax_message(text, &e),
        }
    })?;
    tree.deserialize::<Spec>(&[]).map_err(|e| {
        let root = tree.root();
        let namespaces = tree
            .path(root, &["linux", "namespaces"])
            .filter(|n| tree.kind(*n) == Kind::Array);
        for ns in namespaces.into_iter().flat_map(|n| tree.children(n)) {
            let field = |name| tree.get(ns, name).and_then(|v| tree.str(v));
            let typ = field("type").unwrap_or_default();
            if !KNOWN_NAMESPACES.contains(&typ.as_ref()) {
                return PlanError::UnknownNamespace {
                    runtime,
                    typ: typ.into_owned(),
                    path: field("path").unwrap_or_default().into_owned(),
                };
            }
        }
        let (line, column) = LineIndex::new(text).position(tree.start(e.node.unwrap_or(root)));
        PlanError::Json {
            line,
            column,
            message: e.message,
        }
    })
}

#[cfg(feature = "oci-json")]
/// A syntax fault as Go's `encoding/json` decoder words it (runc reads
/// `config.json` with `json.NewDecoder(f).Decode`): `unexpected EOF` for a
/// text cut short, `EOF` for an empty one, `invalid character …` otherwise.
/// The reader's own limits, and the faults Go does not have, keep the
/// reader's wording.
fn go_syntax_message(text: &str, e: &SyntaxError) -> String {
    let rest = text.as_bytes().get(e.offset as usize..).unwrap_or(&[]);
    let invalid =
        |c: u8, context: &str| format!("invalid character {} {context}", go_quote_byte(c));
    let at_offset = |context: &str| match rest.first() {
        Some(&c) => invalid(c, context),
        None => "unexpected EOF".to_string(),
    };
    match &e.fault {
        Fault::Empty => "EOF".to_string(),
        Fault::EndInsteadOfValue | Fault::Unclosed(..) | Fault::UnterminatedString => {
            "unexpected EOF".to_string()
        }
        Fault::ByteOrderMark | Fault::ExpectedValue(_) => {
            at_offset("looking for beginning of value")
        }
        Fault::ExpectedKey(_) | Fault::TrailingComma('}') => {
            at_offset("looking for beginning of object key string")
        }
        Fault::TrailingComma(_) => at_offset("looking for beginning of value"),
        Fault::ExpectedColon(_) => at_offset("after object key"),
        Fault::ExpectedCommaOr('}', _) => at_offset("after object key:value pair"),
        Fault::ExpectedCommaOr(..) => at_offset("after array element"),
        Fault::ControlInString(_) => at_offset("in string literal"),
        // The offset is the backslash.
        Fault::BadEscape(_) => match rest.get(1) {
            Some(&c) => invalid(c, "in string escape code"),
            None => "unexpected EOF".to_string(),
        },
        Fault::BadUnicodeEscape => {
            match rest.iter().skip(2).take(4).find(|c| !c.is_ascii_hexdigit()) {
                Some(&c) => invalid(c, "in \\u hexadecimal character escape"),
                None => "unexpected EOF".to_string(),
            }
        }
        Fault::BadLiteral(word) => {
            let mismatch = word.bytes().zip(rest).position(|(w, c)| w != *c);
            match mismatch.and_then(|i| Some((rest.get(i)?, word.as_bytes().get(i)?))) {
                Some((&c, &expected)) => invalid(
                    c,
                    &format!("in literal {word} (expecting {})", go_quote_byte(expected)),
                ),
                None => "unexpected EOF".to_string(),
            }
        }
        Fault::BadNumber(why) if why.contains("decimal point") => {
            at_offset("after decimal point in numeric literal")
        }
        Fault::BadNumber(why) if why.contains("exponent") => {
            at_offset("in exponent of numeric literal")
        }
        Fault::BadNumber(why) if why.contains("'-'") => at_offset("in numeric literal"),
        Fault::Trailing(_) => at_offset("after top-level value"),
        Fault::TooLarge(_)
        | Fault::TooDeep
        | Fault::TooManyValues
        | Fault::LoneSurrogate
        | Fault::BadNumber(_) => e.fault.to_string(),
    }
}

#[cfg(feature = "oci-json")]
/// Go's `quoteChar` (encoding/json's scanner): one byte, in single quotes,
/// escaped as `strconv.Quote` does; a byte above 0x7F shows as that Latin-1
/// character, as Go's `string(c)` makes it.
fn go_quote_byte(c: u8) -> String {
    match c {
        b'\'' => "'\\''".to_string(),
        b'"' => "'\"'".to_string(),
        b'\\' => "'\\\\'".to_string(),
        0x07 => "'\\a'".to_string(),
        0x08 => "'\\b'".to_string(),
        0x0c => "'\\f'".to_string(),
        b'\n' => "'\\n'".to_string(),
        b'\r' => "'\\r'".to_string(),
        b'\t' => "'\\t'".to_string(),
        0x0b => "'\\v'".to_string(),
        c if c < 0x20 || c == 0x7f => format!("'\\x{c:02x}'"),
        c if (0x80..0xa0).contains(&c) => format!("'\\u{c:04x}'"),
        c => format!("'{}'", char::from(c)),
    }
}

#[cfg(all(test, feature = "oci-json"))]
mod parse_config_tests {
    use super::*;

    fn json_error(text: &str) -> (u32, u32, String) {
        match parse_config(text, OciRuntime::Runc) {
            Err(PlanError::Json {
                line,
                column,
                message,
            }) => (line, column, message),
            other => panic!("{text:?}: expected a JSON error, got {other:?}"),
        }
    }

    /// What Go's `json.NewDecoder(f).Decode(&spec)` returns for each text
    /// (encoding/json's scanner wording), and where the fault is.
    #[test]
    fn syntax_faults_in_go_words() {
        let cases: &[(&str, (u32, u32), &str)] = &[
            (
                "{\"ociVersion\": \"1.0.2\", \"process\": {",
                (1, 37),
                "unexpected EOF",
            ),
            ("", (1, 1), "EOF"),
            ("  \n", (2, 1), "EOF"),
            (
                "x",
                (1, 1),
                "invalid character 'x' looking for beginning of value",
            ),
            (
                "\u{feff}{}",
                (1, 1),
                "invalid character 'ï' looking for beginning of value",
            ),
            (
                "{\"a\" 1}",
                (1, 6),
                "invalid character '1' after object key",
            ),
            (
                "{\"a\": 1 \"b\": 2}",
                (1, 9),
                "invalid character '\"' after object key:value pair",
            ),
            (
                "{\"a\": [1 2]}",
                (1, 10),
                "invalid character '2' after array element",
            ),
            (
                "{\"a\": 1,}",
                (1, 9),
                "invalid character '}' looking for beginning of object key string",
            ),
            (
                "{\"a\": [1,]}",
                (1, 10),
                "invalid character ']' looking for beginning of value",
            ),
            (
                "{1: 2}",
                (1, 2),
                "invalid character '1' looking for beginning of object key string",
            ),
            (
                "{\"a\": tru}",
                (1, 7),
                "invalid character '}' in literal true (expecting 'e')",
            ),
            ("{\"a\": nul", (1, 7), "unexpected EOF"),
            (
                "{\"a\": \"x\\qy\"}",
                (1, 9),
                "invalid character 'q' in string escape code",
            ),
            (
                "{\"a\": \"x\ny\"}",
                (1, 9),
                "invalid character '\\n' in string literal",
            ),
            (
                "{\"a\": \"\\u12G4\"}",
                (1, 8),
                "invalid character 'G' in \\u hexadecimal character escape",
            ),
            (
                "{\"a\": -x}",
                (1, 8),
                "invalid character 'x' in numeric literal",
            ),
            (
                "{\"a\": 1.}",
                (1, 9),
                "invalid character '}' after decimal point in numeric literal",
            ),
            (
                "{\"a\": 1e+}",
                (1, 10),
                "invalid character '}' in exponent of numeric literal",
            ),
            (
                "{} x",
                (1, 4),
                "invalid character 'x' after top-level value",
            ),
        ];
        let wrong: Vec<String> = cases
            .iter()
            .filter_map(|(text, at, want)| {
                let (line, column, message) = json_error(text);
                ((line, column) != *at || message != *want)
                    .then(|| format!("{text:?}: {line}:{column}: {message}"))
            })
            .collect();
        assert!(wrong.is_empty(), "{wrong:#?}");
        assert_eq!(go_quote_byte(0x01), "'\\x01'");
        assert_eq!(go_quote_byte(b'\''), "'\\''");
        assert_eq!(go_quote_byte(0x85), "'\\u0085'");
    }

    #[test]
    fn limits_and_type_faults_say_what_and_where() {
        let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
        let (_, _, message) = json_error(&deep);
        assert!(
            message.contains("nesting deeper than 100 levels"),
            "{message}"
        );

        // An array is not a struct, for Go as for this reader.
        let (line, column, message) =
            json_error("{\"ociVersion\": \"1.0.2\",\n \"process\": [\"sh\"]}");
        assert_eq!((line, column), (2, 13));
        assert_eq!(message, "invalid type: sequence, expected struct Process");
        let (_, _, message) = json_error("{\"ociVersion\": 1}");
        assert_eq!(message, "invalid type: integer `1`, expected a string");
        let (_, _, message) = json_error("{\"ociVersion\": \"1\", \"ociVersion\": \"2\"}");
        assert_eq!(message, "duplicate field `ociVersion`");
    }

    #[test]
    fn reads_the_shipped_specs_as_serde_json_does() {
        for text in [
            crate::oci::spec::RUNC_DEFAULT_JSON,
            crate::oci::spec::RUNC_ROOTLESS_JSON,
        ] {
            let ours = parse_config(text, OciRuntime::Runc).expect("shipped spec");
            let theirs: Spec = serde_json::from_str(text).expect("serde_json");
            assert_eq!(ours, theirs);
        }
        assert_eq!(
            crate::oci::spec::runc_default(),
            parse_config(crate::oci::spec::RUNC_DEFAULT_JSON, OciRuntime::Crun).unwrap()
        );
    }
}
