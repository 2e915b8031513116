//! Splitting a command line into words the way a POSIX shell does, and a
//! script into command lines.
//!
//! Supported: single quotes, double quotes (with `\$ \` \" \\` and
//! backslash-newline escapes), backslash escapes, `#` comments at the start of
//! a word, backslash-newline continuation. Not run: pipes, redirections,
//! command lists and substitutions (`| & ; < > ( )`, `` ` ``, `$(`); they are
//! refused with the column, never silently treated as words. `$NAME` is kept
//! literally (the simulator has no environment).

use std::fmt;

/// Which quote was left open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Quote {
    /// `'`
    Single,
    /// `"`
    Double,
}

impl Quote {
    /// The quote character.
    pub fn char(self) -> char {
        match self {
            Quote::Single => '\'',
            Quote::Double => '"',
        }
    }
}

impl fmt::Display for Quote {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Quote::Single => "single",
            Quote::Double => "double",
        })
    }
}

/// Why a line cannot be split into words.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ShellError {
    /// A quote is never closed.
    #[error("unterminated {quote} quote opened at column {column}")]
    Unterminated {
        /// Which quote.
        quote: Quote,
        /// 1-based column (in characters) of the opening quote.
        column: u32,
    },
    /// Shell syntax the simulator does not run.
    #[error("`{token}` at column {column}: pipes, redirections, command lists and substitutions are not simulated")]
    Unsupported {
        /// The operator as written (`|`, `&&`, `>`, `$(`, …).
        token: String,
        /// 1-based column (in characters).
        column: u32,
    },
}

/// Splits one command line into words.
///
/// ```
/// # use atlas_core::command::shell::split;
/// assert_eq!(split(r#"crictl exec -it abc sh -c 'echo "hi"'  # note"#).unwrap(),
///            ["crictl", "exec", "-it", "abc", "sh", "-c", "echo \"hi\""]);
/// ```
pub fn split(line: &str) -> Result<Vec<String>, ShellError> {
    let chars: Vec<char> = line.chars().collect();
    let mut words = Vec::new();
    let mut cur: Option<String> = None;
    let mut i = 0usize;
    let col = |i: usize| u32::try_from(i + 1).unwrap_or(u32::MAX);
    while let Some(&c) = chars.get(i) {
        match c {
            ' ' | '\t' | '\n' | '\r' => {
                if let Some(w) = cur.take() {
                    words.push(w);
                }
                i += 1;
            }
            '#' if cur.is_none() => break,
            '\'' => {
                let start = i;
                let word = cur.get_or_insert_with(String::new);
                i += 1;
                loop {
                    match chars.get(i) {
                        None => {
                            return Err(ShellError::Unterminated {
                                quote: Quote::Single,
                                column: col(start),
                            })
                        }
                        Some('\'') => {
                            i += 1;
                            break;
                        }
                        Some(&ch) => {
                            word.push(ch);
                            i += 1;
                        }
                    }
                }
            }
            '"' => {
                let start = i;
                let word = cur.get_or_insert_with(String::new);
                i += 1;
                loop {
                    match chars.get(i) {
                        None => {
                            return Err(ShellError::Unterminated {
                                quote: Quote::Double,
                                column: col(start),
                            })
                        }
                        Some('"') => {
                            i += 1;
                            break;
                        }
                        Some('\\') => match chars.get(i + 1) {
                            Some(&e @ ('$' | '`' | '"' | '\\')) => {
                                word.push(e);
                                i += 2;
                            }
                            Some('\n') => i += 2,
                            _ => {
                                word.push('\\');
                                i += 1;
                            }
                        },
                        Some('`') => {
                            return Err(ShellError::Unsupported {
                                token: "`".into(),
                                column: col(i),
                            })
                        }
                        Some('$') if chars.get(i + 1) == Some(&'(') => {
                            return Err(ShellError::Unsupported {
                                token: "$(".into(),
                                column: col(i),
                            })
                        }
                        Some(&ch) => {
                            word.push(ch);
                            i += 1;
                        }
                    }
                }
            }
            '\\' => {
                match chars.get(i + 1) {
                    Some('\n') => {}
                    Some(&e) => cur.get_or_insert_with(String::new).push(e),
                    None => cur.get_or_insert_with(String::new).push('\\'),
                }
                i += 2;
            }
            '|' | '&' | ';' | '<' | '>' | '(' | ')' | '`' => {
                let mut token = c.to_string();
                if let Some(&n) = chars.get(i + 1) {
                    if matches!((c, n), ('|', '|') | ('&', '&') | ('>', '>') | (';', ';')) {
                        token.push(n);
                    }
                }
                return Err(ShellError::Unsupported {
                    token,
                    column: col(i),
                });
            }
            '$' if chars.get(i + 1) == Some(&'(') => {
                return Err(ShellError::Unsupported {
                    token: "$(".into(),
                    column: col(i),
                })
            }
            _ => {
                cur.get_or_insert_with(String::new).push(c);
                i += 1;
            }
        }
    }
    if let Some(w) = cur {
        words.push(w);
    }
    Ok(words)
}

/// Quotes one word so that [`split`] gives it back unchanged: bare when it only
/// has characters no shell treats specially, single-quoted otherwise.
pub fn quote(word: &str) -> String {
    let safe = !word.is_empty()
        && word.chars().all(|c| {
            c.is_ascii_alphanumeric()
                || matches!(c, '@' | '%' | '+' | '=' | ':' | ',' | '.' | '/' | '_' | '-')
        });
    if safe {
        return word.to_string();
    }
    let mut out = String::with_capacity(word.len() + 2);
    out.push('\'');
    for c in word.chars() {
        if c == '\'' {
            out.push_str("'\\''");
        } else {
            out.push(c);
        }
    }
    out.push('\'');
    out
}

/// Quotes and joins words into one line ([`split`] gives the words back).
pub fn join<S: AsRef<str>>(words: &[S]) -> String {
    words
        .iter()
        .map(|w| quote(w.as_ref()))
        .collect::<Vec<_>>()
        .join(" ")
}

/// When a canonical line needs `--` before its positional arguments.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Dash {
    /// Any positional that looks like a flag would be read as one (pflag with
    /// interspersed flags, urfave v1 argument reordering, getopt permutation).
    Any,
    /// Only the first positional matters: parsing stops there (Go `flag`,
    /// pflag without interspersing).
    First,
}

/// Joins flags and positional arguments so that the flag parser reads them
/// back unchanged: `--` goes before the positionals when one of them would be
/// taken for a flag (and then flags come first); otherwise positionals come
/// first when `positional_first`.
pub(crate) fn assemble(
    flags: Vec<String>,
    args: Vec<String>,
    dash: Dash,
    positional_first: bool,
) -> Vec<String> {
    let flaggy = |a: &String| a.len() > 1 && a.starts_with('-');
    let needs_dash = match dash {
        Dash::Any => args.iter().any(flaggy),
        Dash::First => args.first().is_some_and(flaggy),
    };
    if needs_dash {
        let mut w = flags;
        w.push("--".into());
        w.extend(args);
        w
    } else if positional_first {
        let mut w = args;
        w.extend(flags);
        w
    } else {
        let mut w = flags;
        w.extend(args);
        w
    }
}

/// Pushes `--NAME=VALUE` onto a canonical line's words when the value is set.
pub(crate) fn push_opt(w: &mut Vec<String>, name: &str, v: &Option<String>) {
    if let Some(v) = v {
        w.push(format!("--{name}={v}"));
    }
}

/// Pushes `--NAME` onto a canonical line's words when the switch is on.
pub(crate) fn push_flag(w: &mut Vec<String>, name: &str, on: bool) {
    if on {
        w.push(format!("--{name}"));
    }
}

/// One command of a script, with the line it starts on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScriptLine {
    /// 1-based line number where the command starts.
    pub line: u32,
    /// The command text (continuation lines joined).
    pub text: String,
}

/// Splits a script into commands: one per line, blank lines and `#` comment
/// lines skipped. A line ending in an unquoted backslash continues on the
/// next line, and so does a line that leaves a quote open (as in a shell).
/// A quote still open at the end of the script is left to [`split`] to report.
pub fn split_script(script: &str) -> Vec<ScriptLine> {
    let mut out = Vec::new();
    let mut pending: Option<(u32, String)> = None;
    for (idx, raw) in script.split('\n').enumerate() {
        let n = u32::try_from(idx + 1).unwrap_or(u32::MAX);
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        let (start, mut text) = match pending.take() {
            Some((start, mut acc)) => {
                acc.push_str(raw);
                (start, acc)
            }
            None => (n, raw.to_string()),
        };
        if ends_with_continuation(&text) {
            text.pop();
            pending = Some((start, text));
            continue;
        }
        if matches!(split(&text), Err(ShellError::Unterminated { .. })) {
            text.push('\n');
            pending = Some((start, text));
            continue;
        }
        if is_blank_or_comment(&text) {
            continue;
        }
        out.push(ScriptLine { line: start, text });
    }
    if let Some((start, mut text)) = pending {
        if text.ends_with('\n') {
            text.pop();
        }
        if !is_blank_or_comment(&text) {
            out.push(ScriptLine { line: start, text });
        }
    }
    out
}

fn is_blank_or_comment(text: &str) -> bool {
    let t = text.trim_start();
    t.is_empty() || t.starts_with('#')
}

/// Whether the line ends in a backslash that escapes the newline (an odd run
/// of trailing backslashes outside quotes).
fn ends_with_continuation(text: &str) -> bool {
    if !text.ends_with('\\') {
        return false;
    }
    // Outside quotes? Split everything before the final backslash: if that
    // parses, the backslash is unquoted; count the run of backslashes.
    let run = text.chars().rev().take_while(|&c| c == '\\').count();
    if run % 2 == 0 {
        return false;
    }
    let head: String = {
        let mut v: Vec<char> = text.chars().collect();
        v.pop();
        v.into_iter().collect()
    };
    !matches!(split(&head), Err(ShellError::Unterminated { .. }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn check(input: &str, expected: &[&str]) {
        let want: Vec<String> = expected.iter().map(|s| s.to_string()).collect();
        assert_eq!(split(input), Ok(want), "input: {input:?}");
    }

    #[test]
    fn words() {
        check("", &[]);
        check("   ", &[]);
        check("kubectl get pods", &["kubectl", "get", "pods"]);
        check("  a\tb  \n c ", &["a", "b", "c"]);
        check("a'b c'd", &["ab cd"]);
        check("''", &[""]);
        check("a '' b", &["a", "", "b"]);
        check(r#""""#, &[""]);
        check(r#"echo "a \"b\" \$c \\ \x""#, &["echo", r#"a "b" $c \ \x"#]);
        check(r#"echo 'a \n "b"'"#, &["echo", r#"a \n "b""#]);
        check(r"a\ b c\'d", &["a b", "c'd"]);
        check("a\\\nb", &["ab"]);
        check("a \\", &["a", "\\"]);
        check("$HOME x=$y", &["$HOME", "x=$y"]);
        check("--env=A=b", &["--env=A=b"]);
    }

    #[test]
    fn comments() {
        check("# all comment", &[]);
        check("crictl ps # list", &["crictl", "ps"]);
        check("a#b", &["a#b"]);
        check("a '#b'", &["a", "#b"]);
        check(r"a \#b", &["a", "#b"]);
    }

    #[test]
    fn unterminated_quotes_name_the_column() {
        assert_eq!(
            split("docker run 'nginx"),
            Err(ShellError::Unterminated {
                quote: Quote::Single,
                column: 12
            })
        );
        assert_eq!(
            split(r#"a "b\""#),
            Err(ShellError::Unterminated {
                quote: Quote::Double,
                column: 3
            })
        );
        assert_eq!(
            split("ab 'é").map_err(|e| e.to_string()),
            Err("unterminated single quote opened at column 4".to_string())
        );
    }

    #[test]
    fn operators_are_refused() {
        for (line, token, column) in [
            ("crictl ps | grep x", "|", 11),
            ("a && b", "&&", 3),
            ("a; b", ";", 2),
            ("a > f", ">", 3),
            ("a >> f", ">>", 3),
            ("echo $(id)", "$(", 6),
            ("echo `id`", "`", 6),
            (r#"echo "$(id)""#, "$(", 7),
            ("a &", "&", 3),
        ] {
            assert_eq!(
                split(line),
                Err(ShellError::Unsupported {
                    token: token.into(),
                    column
                }),
                "{line}"
            );
        }
        check("a '|' \"&\" \\;", &["a", "|", "&", ";"]);
    }

    #[test]
    fn quoting() {
        assert_eq!(quote("nginx:1.25"), "nginx:1.25");
        assert_eq!(quote(""), "''");
        assert_eq!(quote("a b"), "'a b'");
        assert_eq!(quote("it's"), r"'it'\''s'");
        assert_eq!(quote("#x"), "'#x'");
        assert_eq!(quote("~"), "'~'");
        assert_eq!(join(&["sh", "-c", "echo hi"]), "sh -c 'echo hi'");
    }

    #[test]
    fn scripts() {
        let s = "# setup\n\nkubectl run a --image=nginx\n  # indented comment\nsleep 5\r\ncrictl \\\n  ps -a\necho 'multi\nline'\n";
        let lines = split_script(s);
        assert_eq!(
            lines,
            vec![
                ScriptLine {
                    line: 3,
                    text: "kubectl run a --image=nginx".into()
                },
                ScriptLine {
                    line: 5,
                    text: "sleep 5".into()
                },
                ScriptLine {
                    line: 6,
                    text: "crictl   ps -a".into()
                },
                ScriptLine {
                    line: 8,
                    text: "echo 'multi\nline'".into()
                },
            ]
        );
        assert_eq!(split(&lines[2].text).unwrap(), ["crictl", "ps", "-a"]);
        assert_eq!(split(&lines[3].text).unwrap(), ["echo", "multi\nline"]);
    }

    #[test]
    fn script_with_open_quote_at_end() {
        let lines = split_script("a\nb 'c\nd");
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[1].line, 2);
        assert!(split(&lines[1].text).is_err());
        assert!(split_script("").is_empty());
        assert_eq!(
            split_script("x \\\\").first().map(|l| l.text.as_str()),
            Some("x \\\\")
        );
    }

    proptest! {
        #[test]
        fn split_never_panics(s in "\\PC*") {
            let _ = split(&s);
        }

        #[test]
        fn split_script_never_panics(s in "(\\PC|\n|\\\\|'|\")*") {
            for l in split_script(&s) {
                let _ = split(&l.text);
            }
        }

        #[test]
        fn quote_then_split_round_trips(words in proptest::collection::vec(any::<String>(), 0..8)) {
            let line = join(&words);
            prop_assert_eq!(split(&line), Ok(words));
        }
    }
}
