//! `sed` for what people type: `s/a/b/g` (with `&`, `\1`, the `g`, `p`,
//! `I` and count flags, any delimiter), `d`, `p` with `-n`, `q`, addresses
//! (`N`, `$`, `/re/`, ranges), `-e`, `-E`, and `-i[SUFFIX]` editing files in
//! place. Errors in GNU sed's words (`sed: -e expression #1, char N: …`).

use super::grep::compile;
use super::text::{lines, Files, Res};
use regex_lite::Regex;

#[derive(Debug)]
enum Addr {
    Line(usize),
    Last,
    Re(Regex),
}

#[derive(Debug)]
enum Op {
    Subst {
        re: Regex,
        rep: String,
        global: bool,
        nth: usize,
        print: bool,
    },
    Delete,
    Print,
    Quit,
    Nothing,
}

#[derive(Debug)]
struct Cmd {
    from: Option<Addr>,
    to: Option<Addr>,
    neg: bool,
    op: Op,
}

fn err_at(n: usize, expr: usize, words: &str) -> String {
    format!("sed: -e expression #{expr}, char {n}: {words}\n")
}

fn parse_re(c: &[char], i: &mut usize, delim: char) -> Option<String> {
    let mut s = String::new();
    while let Some(&ch) = c.get(*i) {
        *i += 1;
        if ch == delim {
            return Some(s);
        }
        if ch == '\\' {
            if let Some(&n) = c.get(*i) {
                *i += 1;
                if n == delim {
                    s.push(n);
                } else if n == 'n' {
                    s.push('\n');
                } else {
                    s.push('\\');
                    s.push(n);
                }
                continue;
            }
        }
        s.push(ch);
    }
    None
}

fn parse_addr(c: &[char], i: &mut usize, ext: bool, expr: usize) -> Result<Option<Addr>, String> {
    match c.get(*i) {
        Some(d) if d.is_ascii_digit() => {
            let st = *i;
            while c.get(*i).is_some_and(char::is_ascii_digit) {
                *i += 1;
            }
            let n: String = c[st..*i].iter().collect();
            Ok(Some(Addr::Line(n.parse().unwrap_or(0))))
        }
        Some('$') => {
            *i += 1;
            Ok(Some(Addr::Last))
        }
        Some('/') => {
            *i += 1;
            let re = parse_re(c, i, '/')
                .ok_or_else(|| err_at(*i, expr, "unterminated address regex"))?;
            let re = compile(&re, ext, false).map_err(|e| err_at(*i, expr, &e))?;
            Ok(Some(Addr::Re(re)))
        }
        _ => Ok(None),
    }
}

fn parse(script: &str, ext: bool, expr: usize, out: &mut Vec<Cmd>) -> Result<(), String> {
    let c: Vec<char> = script.chars().collect();
    let mut i = 0;
    loop {
        while c.get(i).is_some_and(|ch| ch.is_whitespace() || *ch == ';') {
            i += 1;
        }
        if i >= c.len() {
            return Ok(());
        }
        let from = parse_addr(&c, &mut i, ext, expr)?;
        let to = if from.is_some() && c.get(i) == Some(&',') {
            i += 1;
            Some(
                parse_addr(&c, &mut i, ext, expr)?
                    .ok_or_else(|| err_at(i, expr, "unexpected `,'"))?,
            )
        } else {
            None
        };
        let neg = c.get(i) == Some(&'!');
        if neg {
            i += 1;
        }
        let Some(&op) = c.get(i) else {
            return Err(err_at(i, expr, "missing command"));
        };
        i += 1;
        let op = match op {
            'd' => Op::Delete,
            'p' => Op::Print,
            'q' => Op::Quit,
            '}' | '{' => Op::Nothing,
            's' => {
                let Some(&d) = c.get(i) else {
                    return Err(err_at(i, expr, "unterminated `s' command"));
                };
                i += 1;
                let pat = parse_re(&c, &mut i, d)
                    .ok_or_else(|| err_at(i, expr, "unterminated `s' command"))?;
                let rep = parse_re(&c, &mut i, d)
                    .ok_or_else(|| err_at(i, expr, "unterminated `s' command"))?;
                let (mut global, mut nth, mut print, mut icase) = (false, 1usize, false, false);
                while let Some(&f) = c.get(i) {
                    match f {
                        'g' => global = true,
                        'p' => print = true,
                        'I' | 'i' => icase = true,
                        d if d.is_ascii_digit() => nth = d.to_digit(10).unwrap_or(1) as usize,
                        ';' | '\n' | ' ' | '}' => break,
                        _ => return Err(err_at(i + 1, expr, "unknown option to `s'")),
                    }
                    i += 1;
                }
                let re = compile(&pat, ext, icase).map_err(|e| err_at(i, expr, &e))?;
                Op::Subst {
                    re,
                    rep,
                    global,
                    nth: nth.max(1),
                    print,
                }
            }
            other => return Err(err_at(i, expr, &format!("unknown command: `{other}'"))),
        };
        out.push(Cmd { from, to, neg, op });
    }
}

/// A replacement with `&`, `\1`…`\9` and `\n` filled in.
fn fill(rep: &str, caps: &regex_lite::Captures<'_>) -> String {
    let mut o = String::new();
    let mut it = rep.chars();
    while let Some(c) = it.next() {
        match c {
            '&' => o.push_str(caps.get(0).map_or("", |m| m.as_str())),
            '\\' => match it.next() {
                Some(d) if d.is_ascii_digit() => {
                    let k = d.to_digit(10).unwrap_or(0) as usize;
                    o.push_str(caps.get(k).map_or("", |m| m.as_str()));
                }
                Some('n') => o.push('\n'),
                Some('t') => o.push('\t'),
                Some(x) => o.push(x),
                None => o.push('\\'),
            },
            c => o.push(c),
        }
    }
    o
}

fn matches(a: &Addr, n: usize, last: bool, line: &str) -> bool {
    match a {
        Addr::Line(k) => *k == n,
        Addr::Last => last,
        Addr::Re(r) => r.is_match(line),
    }
}

fn apply(cmds: &[Cmd], text: &str, quiet: bool) -> String {
    let mut out = String::new();
    let ls = lines(text);
    let mut active = vec![false; cmds.len()];
    'lines: for (k, l) in ls.iter().enumerate() {
        let n = k + 1;
        let last = n == ls.len();
        let mut line = (*l).to_string();
        for (ci, c) in cmds.iter().enumerate() {
            let hit = match (&c.from, &c.to) {
                (None, _) => true,
                (Some(a), None) => matches(a, n, last, &line),
                (Some(a), Some(b)) => {
                    if active[ci] {
                        if matches(b, n, last, &line) || matches!(b, Addr::Line(e) if *e <= n) {
                            active[ci] = false;
                        }
                        true
                    } else if matches(a, n, last, &line) {
                        active[ci] = !matches!(b, Addr::Line(e) if *e <= n);
                        true
                    } else {
                        false
                    }
                }
            };
            if hit == c.neg {
                continue;
            }
            match &c.op {
                Op::Delete => continue 'lines,
                Op::Print => {
                    out.push_str(&line);
                    out.push('\n');
                }
                Op::Quit => {
                    if !quiet {
                        out.push_str(&line);
                        out.push('\n');
                    }
                    return out;
                }
                Op::Nothing => {}
                Op::Subst {
                    re,
                    rep,
                    global,
                    nth,
                    print,
                } => {
                    let mut o = String::new();
                    let mut at = 0;
                    let mut count = 0;
                    let mut did = false;
                    for caps in re.captures_iter(&line) {
                        let Some(m) = caps.get(0) else { continue };
                        count += 1;
                        if count < *nth {
                            continue;
                        }
                        o.push_str(&line[at..m.start()]);
                        o.push_str(&fill(rep, &caps));
                        at = m.end();
                        did = true;
                        if !global {
                            break;
                        }
                    }
                    if did {
                        o.push_str(&line[at..]);
                        line = o;
                        if *print {
                            out.push_str(&line);
                            out.push('\n');
                        }
                    }
                }
            }
        }
        if !quiet {
            out.push_str(&line);
            out.push('\n');
        }
    }
    out
}

pub(crate) fn run(args: &[String], f: &mut Files<'_, '_>) -> Res {
    let mut scripts = Vec::new();
    let mut files = Vec::new();
    let (mut quiet, mut ext, mut inplace) = (false, false, None::<String>);
    let mut k = 0;
    while let Some(a) = args.get(k) {
        k += 1;
        match a.as_str() {
            "-n" | "--quiet" | "--silent" => quiet = true,
            "-E" | "-r" | "--regexp-extended" => ext = true,
            "-e" => match args.get(k) {
                Some(s) => {
                    scripts.push(s.clone());
                    k += 1;
                }
                None => return Res::fail("sed: option requires an argument -- 'e'\n".into(), 1),
            },
            s if s.starts_with("-i") || s.starts_with("--in-place") => {
                inplace = Some(
                    s.trim_start_matches("--in-place")
                        .trim_start_matches("-i")
                        .trim_start_matches('=')
                        .to_string(),
                );
            }
            s if s.starts_with('-')
                && s.len() > 1
                && s.chars().skip(1).all(|c| "nEr".contains(c)) =>
            {
                quiet |= s.contains('n');
                ext |= s.contains('E') || s.contains('r');
            }
            s if s.starts_with('-') && s.len() > 1 => {
                return Res::fail(format!("sed: invalid option -- '{}'\n", &s[1..2]), 1);
            }
            _ if scripts.is_empty() => scripts.push(a.clone()),
            _ => files.push(a.clone()),
        }
    }
    if scripts.is_empty() {
        return Res::fail(
            "Usage: sed [OPTION]... {script-only-if-no-other-script} [input-file]...\n".into(),
            1,
        );
    }
    let mut cmds = Vec::new();
    for (n, s) in scripts.iter().enumerate() {
        if let Err(e) = parse(s, ext, n + 1, &mut cmds) {
            return Res::fail(e, 1);
        }
    }
    let mut res = Res::default();
    if inplace.is_some() {
        if files.is_empty() {
            return Res::fail("sed: no input files\n".into(), 1);
        }
        for name in &files {
            match f.read("sed", name) {
                Ok(t) => {
                    let new = apply(&cmds, &t, quiet);
                    if let Some(sfx) = inplace.as_deref().filter(|s| !s.is_empty()) {
                        let _ = f.write(&format!("{name}{sfx}"), &t, false);
                    }
                    if let Err(e) = f.write(name, &new, false) {
                        res.err.push_str(&format!("sed: couldn't open file {e}\n"));
                        res.status = 4;
                    }
                }
                Err(_) => {
                    res.err.push_str(&format!(
                        "sed: can't read {name}: No such file or directory\n"
                    ));
                    res.status = 2;
                }
            }
        }
        return res;
    }
    let mut text = String::new();
    if files.is_empty() {
        text = f.inp.take();
    }
    for name in &files {
        match f.read("sed", name) {
            Ok(t) => text.push_str(&t),
            Err(_) => {
                res.err.push_str(&format!(
                    "sed: can't read {name}: No such file or directory\n"
                ));
                res.status = 2;
            }
        }
    }
    res.out = apply(&cmds, &text, quiet);
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sed(script: &str, input: &str, quiet: bool) -> String {
        let mut cmds = Vec::new();
        assert!(parse(script, false, 1, &mut cmds).is_ok());
        apply(&cmds, input, quiet)
    }

    #[test]
    fn substitutions_and_addresses() {
        assert_eq!(sed("s/a/b/", "aa\n", false), "ba\n");
        assert_eq!(sed("s/a/b/g", "aa\n", false), "bb\n");
        assert_eq!(
            sed("s|/run|/var/run|", "x /run/y\n", false),
            "x /var/run/y\n"
        );
        assert_eq!(sed("s/\\(a\\)x/\\1y/", "ax\n", false), "ay\n");
        assert_eq!(sed("/b/d", "a\nb\nc\n", false), "a\nc\n");
        assert_eq!(sed("2p", "a\nb\n", true), "b\n");
        assert_eq!(sed("/^#/!p", "#x\ny\n", true), "y\n");
        assert_eq!(
            sed(
                "s/SystemdCgroup = false/SystemdCgroup = true/",
                "  SystemdCgroup = false\n",
                false
            ),
            "  SystemdCgroup = true\n"
        );
        assert_eq!(sed("2,3d", "1\n2\n3\n4\n", false), "1\n4\n");
    }
}
