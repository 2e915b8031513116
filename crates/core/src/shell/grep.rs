//! `grep` as GNU grep 3 does it: basic (translated) and extended regular
//! expressions, `-F`, `-i -v -c -o -q -w -x -n -l -h -H -r`, context lines
//! (`-A -B -C`), exit 0 (a line selected), 1 (none), 2 (trouble).

use super::text::{lines, opts, Files, Res};
use regex_lite::{Regex, RegexBuilder};

/// A basic regular expression in the extended syntax.
pub(crate) fn bre_to_ere(p: &str) -> String {
    let mut o = String::new();
    let mut it = p.chars().peekable();
    let mut in_class = false;
    let mut start = true;
    while let Some(c) = it.next() {
        if in_class {
            o.push(c);
            if c == ']' {
                in_class = false;
            }
            continue;
        }
        match c {
            '\\' => match it.next() {
                Some(n @ ('(' | ')' | '{' | '}' | '|' | '+' | '?')) => o.push(n),
                Some('<' | '>') => o.push_str("\\b"),
                Some(n) => {
                    o.push('\\');
                    o.push(n);
                }
                None => o.push_str("\\\\"),
            },
            '(' | ')' | '{' | '}' | '|' | '+' | '?' => {
                o.push('\\');
                o.push(c);
            }
            '*' if start => o.push_str("\\*"),
            '[' => {
                in_class = true;
                o.push('[');
                if let Some(&n) = it.peek() {
                    if n == '^' {
                        o.push('^');
                        it.next();
                    }
                }
                if it.peek() == Some(&']') {
                    o.push_str("\\]");
                    it.next();
                }
            }
            _ => o.push(c),
        }
        start = c == '^' && o.len() == 1;
    }
    o
}

fn ere_fix(p: &str) -> String {
    p.replace("\\<", "\\b").replace("\\>", "\\b")
}

pub(crate) fn run(prog: &str, args: &[String], f: &mut Files<'_, '_>) -> Res {
    let o = match opts("grep", args, "eABCm", "ivcEFoqwxnlLhHrRsPz") {
        Ok(o) => o,
        Err(e) => {
            return Res::fail(
                format!("{e}Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n"),
                2,
            )
        }
    };
    let mut operands = o.operands.clone();
    let pats: Vec<String> = {
        let e: Vec<String> = o
            .vals
            .iter()
            .filter(|(k, _)| *k == 'e')
            .map(|(_, v)| v.clone())
            .collect();
        if e.is_empty() {
            if operands.is_empty() {
                return Res::fail(
                    "Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n".into(),
                    2,
                );
            }
            operands.remove(0).split('\n').map(str::to_string).collect()
        } else {
            e
        }
    };
    let fixed = o.has('F') || prog == "fgrep";
    let ext = o.has('E') || o.has('P') || prog == "egrep";
    let alts: Vec<String> = pats
        .iter()
        .map(|p| {
            if fixed {
                regex_lite::escape(p)
            } else if ext {
                ere_fix(p)
            } else {
                bre_to_ere(p)
            }
        })
        .map(|p| {
            if o.has('x') {
                format!("^(?:{p})$")
            } else if o.has('w') {
                format!("(?:^|\\b)(?:{p})(?:\\b|$)")
            } else {
                format!("(?:{p})")
            }
        })
        .collect();
    let re = match RegexBuilder::new(&alts.join("|"))
        .case_insensitive(o.has('i'))
        .build()
    {
        Ok(r) => r,
        Err(e) => return Res::fail(format!("grep: {}\n", first_line(&e.to_string())), 2),
    };
    let num = |c: char| o.val(c).and_then(|v| v.parse::<usize>().ok());
    let after = num('A').or(num('C')).unwrap_or(0);
    let before = num('B').or(num('C')).unwrap_or(0);
    let max = num('m');
    let mut res = Res::default();
    let mut inputs = Vec::new();
    if o.has('r') || o.has('R') {
        let roots = if operands.is_empty() {
            vec![".".to_string()]
        } else {
            operands.clone()
        };
        for r in roots {
            walk(f, &r, &mut inputs, &mut res, 0);
        }
    } else {
        inputs = f.inputs("grep", &operands, &mut res);
        if res.status != 0 {
            res.status = 2;
        }
    }
    let label = |n: &str| {
        if n == "-" {
            "(standard input)".to_string()
        } else {
            n.to_string()
        }
    };
    let show_name = !o.has('h') && (o.has('H') || inputs.len() > 1 || o.has('r') || o.has('R'));
    let mut any = false;
    for (name, text) in &inputs {
        let ls = lines(text);
        let mut count = 0usize;
        let mut last_printed: Option<usize> = None;
        let mut pending_after = 0usize;
        for (i, l) in ls.iter().enumerate() {
            if max.is_some_and(|m| count >= m) {
                break;
            }
            let hit = re.is_match(l) != o.has('v');
            if !hit {
                if pending_after > 0 && !(o.has('c') || o.has('l') || o.has('q') || o.has('o')) {
                    pending_after -= 1;
                    put(
                        &mut res.out,
                        show_name.then(|| label(name)),
                        o.has('n').then_some(i + 1),
                        '-',
                        l,
                    );
                    last_printed = Some(i);
                }
                continue;
            }
            count += 1;
            any = true;
            if o.has('q') {
                return Res {
                    status: 0,
                    ..Res::default()
                };
            }
            if o.has('c') || o.has('l') || o.has('L') {
                continue;
            }
            if before > 0 || after > 0 {
                let from = i.saturating_sub(before);
                let from = last_printed.map_or(from, |p| from.max(p + 1));
                if let Some(p) = last_printed {
                    if from > p + 1 {
                        res.out.push_str("--\n");
                    }
                } else if any && count > 1 {
                    res.out.push_str("--\n");
                }
                for (k, ctx) in ls.iter().enumerate().take(i).skip(from) {
                    put(
                        &mut res.out,
                        show_name.then(|| label(name)),
                        o.has('n').then_some(k + 1),
                        '-',
                        ctx,
                    );
                }
            }
            let prefix_name = show_name.then(|| label(name));
            if o.has('o') && !o.has('v') {
                for m in re.find_iter(l).filter(|m| !m.as_str().is_empty()) {
                    put(
                        &mut res.out,
                        prefix_name.clone(),
                        o.has('n').then_some(i + 1),
                        ':',
                        m.as_str(),
                    );
                }
            } else {
                put(
                    &mut res.out,
                    prefix_name,
                    o.has('n').then_some(i + 1),
                    ':',
                    l,
                );
            }
            last_printed = Some(i);
            pending_after = after;
        }
        if o.has('c') {
            match show_name {
                true => res.out.push_str(&format!("{}:{count}\n", label(name))),
                false => res.out.push_str(&format!("{count}\n")),
            }
        }
        if o.has('l') && count > 0 {
            res.out.push_str(&label(name));
            res.out.push('\n');
        }
        if o.has('L') && count == 0 {
            res.out.push_str(&label(name));
            res.out.push('\n');
        }
    }
    if o.has('s') {
        res.err.clear();
    }
    if res.status == 0 || res.status == 1 {
        res.status = if any { 0 } else { 1 };
    }
    res
}

fn first_line(s: &str) -> &str {
    s.lines().last().unwrap_or(s).trim()
}

fn put(out: &mut String, name: Option<String>, n: Option<usize>, sep: char, l: &str) {
    if let Some(name) = name {
        out.push_str(&name);
        out.push(sep);
    }
    if let Some(n) = n {
        out.push_str(&n.to_string());
        out.push(sep);
    }
    out.push_str(l);
    out.push('\n');
}

fn walk(
    f: &mut Files<'_, '_>,
    path: &str,
    out: &mut Vec<(String, String)>,
    res: &mut Res,
    depth: u32,
) {
    if depth > 16 || out.len() > 10_000 {
        return;
    }
    let abs = crate::node::fs::normalize(f.cwd, path);
    if f.m.is_dir(&abs) {
        for name in f.m.list(&abs) {
            let child = if path.ends_with('/') {
                format!("{path}{name}")
            } else {
                format!("{path}/{name}")
            };
            walk(f, &child, out, res, depth + 1);
        }
        return;
    }
    match f.read("grep", path) {
        Ok(t) => out.push((path.to_string(), t)),
        Err(e) if depth == 0 => {
            res.err.push_str(&e);
            res.status = 2;
        }
        Err(_) => {}
    }
}

/// A regex from an `awk`/`sed` program (extended or basic syntax).
pub(crate) fn compile(p: &str, extended: bool, icase: bool) -> Result<Regex, String> {
    let p = if extended { ere_fix(p) } else { bre_to_ere(p) };
    RegexBuilder::new(&p)
        .case_insensitive(icase)
        .build()
        .map_err(|e| first_line(&e.to_string()).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn basic_to_extended() {
        assert_eq!(bre_to_ere("a\\(b\\)\\{2\\}"), "a(b){2}");
        assert_eq!(bre_to_ere("a+b?"), "a\\+b\\?");
        assert_eq!(bre_to_ere("x\\|y"), "x|y");
        assert_eq!(bre_to_ere("[()]"), "[()]");
    }
}
