//! The words check (issue 13): every message exists in both catalogs with the
//! same arguments, every message the code asks for exists with the
//! arguments the code gives, and no sentence is written outside the
//! catalogs, in the core's narration or in the app's markup.
//!
//! A line that must keep a literal (a real tool's own output, a CSS class, a
//! product name) says why with a comment holding `i18n: ` on it or on the
//! line above, e.g. `// i18n: crictl's own words`.

use atlas_core::message::{compare, messages, CatalogIssue};
use atlas_core::Lang;
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn files(dir: &Path, ext: &str, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            files(&p, ext, out);
        } else if p.extension().is_some_and(|e| e == ext) {
            out.push(p);
        }
    }
}

fn read(p: &Path) -> String {
    fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// Every English message with its variables, from all catalog files.
fn english() -> BTreeMap<String, Vec<String>> {
    let mut all = BTreeMap::new();
    let mut ftl = Vec::new();
    files(&root().join("crates/core/i18n/en"), "ftl", &mut ftl);
    for f in ftl {
        let m = messages(Lang::En, &read(&f)).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
        for (id, vars) in m {
            assert!(
                all.insert(id.clone(), vars).is_none(),
                "{}: message {id:?} is also defined in another file",
                f.display()
            );
        }
    }
    all
}

#[test]
fn each_catalog_file_says_the_same_in_both_languages() {
    let mut ftl = Vec::new();
    files(&root().join("crates/core/i18n/en"), "ftl", &mut ftl);
    assert!(!ftl.is_empty());
    let mut problems = Vec::new();
    for en in ftl {
        let name = en.file_name().unwrap_or_default();
        let ko = root().join("crates/core/i18n/ko").join(name);
        let Ok(ko_text) = fs::read_to_string(&ko) else {
            problems.push(format!(
                "{} has no Korean file {}",
                en.display(),
                ko.display()
            ));
            continue;
        };
        match compare(&read(&en), Lang::Ko, &ko_text) {
            Ok(issues) => problems.extend(
                issues
                    .iter()
                    .map(|i: &CatalogIssue| format!("{}: {i}", name.to_string_lossy())),
            ),
            Err(e) => problems.push(format!("{}: {e}", name.to_string_lossy())),
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// A `msg!("id", a = …, b = …)` call found in a source file.
#[derive(Debug, PartialEq)]
struct Call {
    line: usize,
    id: String,
    args: Option<Vec<String>>,
}

/// The `msg!` calls (with their argument names) and the `Msg::new("id")`,
/// `tr.t("id")` and `.get("id")` lookups (no arguments) of a source text.
fn calls(text: &str) -> Vec<Call> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    for (pat, with_args) in [("msg!(", true), ("Msg::new(", false), (".t(", false)] {
        let mut from = 0;
        while let Some(i) = text[from..].find(pat) {
            let start = from + i + pat.len();
            from = start;
            let rest = text[start..].trim_start();
            let Some(rest) = rest.strip_prefix('"') else {
                continue;
            };
            let Some(end) = rest.find('"') else { continue };
            let id = &rest[..end];
            if id.is_empty() || !id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
                continue;
            }
            let line = text[..start].bytes().filter(|b| *b == b'\n').count() + 1;
            let args = with_args.then(|| {
                // Argument names: `name =` at depth 0 after the id, up to
                // the call's closing parenthesis.
                let body_start = start + (text[start..].len() - rest.len()) + end + 1;
                let mut depth = 0i32;
                let mut names = Vec::new();
                let mut j = body_start;
                let mut at_arg = false;
                let mut in_str = false;
                while j < bytes.len() {
                    let c = bytes[j] as char;
                    if in_str {
                        if c == '\\' {
                            j += 1;
                        } else if c == '"' {
                            in_str = false;
                        }
                    } else {
                        match c {
                            '"' => in_str = true,
                            '(' | '[' | '{' => depth += 1,
                            ')' | ']' | '}' => {
                                if depth == 0 {
                                    break;
                                }
                                depth -= 1;
                            }
                            ',' if depth == 0 => at_arg = true,
                            _ if at_arg && depth == 0 && (c.is_ascii_alphabetic() || c == '_') => {
                                let name: String = text[j..]
                                    .chars()
                                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                                    .collect();
                                let after = text[j + name.len()..].trim_start();
                                if after.starts_with('=') && !after.starts_with("==") {
                                    names.push(name.clone());
                                }
                                j += name.len();
                                at_arg = false;
                                continue;
                            }
                            _ if !c.is_whitespace() => at_arg = false,
                            _ => {}
                        }
                    }
                    j += 1;
                }
                names.sort();
                names
            });
            out.push(Call {
                line,
                id: id.to_string(),
                args,
            });
        }
    }
    out
}

/// The part of a file that is not its test module, with comment lines
/// blanked (doc examples are not calls).
fn without_tests(text: &str) -> String {
    let code = match text.find("#[cfg(test)]\nmod ") {
        Some(i) => &text[..i],
        None => text,
    };
    code.lines()
        .map(|l| {
            if l.trim_start().starts_with("//") {
                ""
            } else {
                l
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn sources() -> Vec<PathBuf> {
    let mut rs = Vec::new();
    for d in [
        "crates/core/src",
        "src",
        "crates/cli/src",
        "crates/native/src",
    ] {
        files(&root().join(d), "rs", &mut rs);
    }
    rs
}

#[test]
fn every_message_the_code_asks_for_exists_with_its_arguments() {
    let en = english();
    let mut problems = Vec::new();
    for f in sources() {
        let text = read(&f);
        for c in calls(&without_tests(&text)) {
            let at = format!(
                "{}:{}",
                f.strip_prefix(root()).unwrap_or(&f).display(),
                c.line
            );
            match (en.get(&c.id), &c.args) {
                (None, _) => problems.push(format!("{at}: no message {:?} in the catalogs", c.id)),
                (Some(vars), Some(args)) if vars != args => problems.push(format!(
                    "{at}: message {:?} takes {vars:?}, the code gives {args:?}",
                    c.id
                )),
                _ => {}
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Lines that write a sentence outside the catalogs.
fn literal_words(text: &str, app: bool) -> Vec<(usize, String)> {
    let code = match text.find("#[cfg(test)]\nmod ") {
        Some(i) => &text[..i],
        None => text,
    };
    let lines: Vec<&str> = code.lines().collect();
    let mut out = Vec::new();
    let words = |s: &str| {
        // Two words of letters: a sentence or a label, not a path, a flag,
        // an SVG path or an id.
        s.split_whitespace()
            .filter(|w| {
                let w = w.trim_end_matches(['.', ',', ':', ';', '!', '?', ')']);
                let w = w.trim_start_matches('(');
                w.chars().filter(|c| c.is_alphabetic()).count() >= 2
                    && w.chars()
                        .all(|c| c.is_alphabetic() || c == '\'' || c == '-')
            })
            .count()
            >= 2
    };
    for (i, line) in lines.iter().enumerate() {
        let exempt = line.contains("i18n: ") || i > 0 && lines[i - 1].contains("i18n: ");
        let t = line.trim_start();
        if exempt || t.starts_with("//") || t.contains("let class") || t.contains("classes!(") {
            continue;
        }
        // CSS classes are not words.
        let mut cleaned = line.to_string();
        while let Some(k) = cleaned.find("class=\"") {
            let end = cleaned[k + 7..]
                .find('"')
                .map_or(cleaned.len(), |e| k + 7 + e + 1);
            cleaned.replace_range(k..end, "");
        }
        let line = cleaned.as_str();
        let mut hit = None;
        for pat in [
            ".note(\"",
            ".note(format!(\"",
            "note: Some(\"",
            "note: Some(format!(\"",
        ] {
            if line.contains(pat) {
                hit = Some(pat);
            }
        }
        if app {
            // Text nodes, labels and titles in markup.
            for pat in [
                "{ \"",
                "aria-label=\"",
                "title=\"",
                "placeholder=\"",
                "format!(\"",
            ] {
                if let Some(k) = line.find(pat) {
                    let lit = &line[k + pat.len()..];
                    let lit = &lit[..lit.find('"').unwrap_or(lit.len())];
                    if words(lit) {
                        hit = Some(pat);
                    }
                }
            }
        }
        if let Some(pat) = hit {
            out.push((
                i + 1,
                format!("{pat}…: {}", t.chars().take(100).collect::<String>()),
            ));
        }
    }
    out
}

#[test]
fn no_sentence_is_written_outside_the_catalogs() {
    let mut problems = Vec::new();
    for f in sources() {
        let rel = f.strip_prefix(root()).unwrap_or(&f).to_path_buf();
        let app = rel.starts_with("src");
        let core_words = rel.starts_with("crates/core/src");
        if !app && !core_words {
            continue;
        }
        for (line, what) in literal_words(&read(&f), app) {
            problems.push(format!("{}:{line}: {what}", rel.display()));
        }
    }
    assert!(
        problems.is_empty(),
        "{} sentence(s) outside the catalogs (make them messages, or say why with `// i18n: …`):\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn the_checks_find_what_they_look_for() {
    let src = "let a = msg!(\"cri-pull\", image = name, n = f(1, 2));\nlet b = tr.t(\"app-play\");\n.note(\"a sentence here\")\n";
    let c = calls(src);
    assert_eq!(
        c[0],
        Call {
            line: 1,
            id: "cri-pull".into(),
            args: Some(vec!["image".into(), "n".into()])
        }
    );
    assert_eq!(c[1].id, "app-play");
    assert_eq!(literal_words(src, false).len(), 1);
    assert_eq!(
        literal_words("html! { <p>{ \"Hello there\" }</p> }", true).len(),
        1
    );
    assert!(literal_words("// i18n: crictl's words\n.note(\"as crictl says\")", false).is_empty());
    assert!(literal_words("<div class=\"a b\" aria-label=\"topology\">", true).is_empty());
}
