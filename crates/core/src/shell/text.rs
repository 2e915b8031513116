//! The text filters people pipe the tools' output through, with GNU
//! coreutils' options, words and exit codes: `cat`, `head`, `tail`, `wc`,
//! `sort`, `uniq`, `cut`, `tr`, `tee`; `grep`, `awk`, `sed` and `jq` have
//! files of their own.

use super::exec::Input;
use super::{awk, grep, jq, sed};
use crate::node::fs::normalize;
use crate::node::Machine;

/// What a filter printed and its status.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct Res {
    pub out: String,
    pub err: String,
    pub status: i32,
}

impl Res {
    pub fn fail(err: String, status: i32) -> Res {
        Res {
            out: String::new(),
            err,
            status,
        }
    }
}

/// Runs a filter, or `None` when `prog` is none.
pub(crate) fn run(
    prog: &str,
    argv: &[String],
    inp: &mut Input,
    cwd: &str,
    m: &mut dyn Machine,
) -> Option<Res> {
    let args = argv.get(1..).unwrap_or(&[]);
    let mut f = Files { cwd, m, inp };
    Some(match prog {
        "cat" => cat(args, &mut f),
        "head" => head_tail(args, &mut f, true),
        "tail" => head_tail(args, &mut f, false),
        "wc" => wc(args, &mut f),
        "sort" => sort(args, &mut f),
        "uniq" => uniq(args, &mut f),
        "cut" => cut(args, &mut f),
        "tr" => tr(args, &mut f),
        "tee" => tee(args, &mut f),
        "grep" | "egrep" | "fgrep" => grep::run(prog, args, &mut f),
        "awk" | "gawk" | "mawk" => awk::run(args, &mut f),
        "sed" => sed::run(args, &mut f),
        "jq" => jq::run(args, &mut f),
        _ => return None,
    })
}

/// Where filters read their input from.
pub(crate) struct Files<'a, 'm> {
    pub cwd: &'a str,
    pub m: &'a mut (dyn Machine + 'm),
    pub inp: &'a mut Input,
}

impl Files<'_, '_> {
    /// A file's text (`-` is stdin), or the error line `prog: name: why`.
    pub fn read(&mut self, prog: &str, name: &str) -> Result<String, String> {
        if name == "-" {
            return Ok(self.inp.take());
        }
        let p = normalize(self.cwd, name);
        if self.m.is_dir(&p) {
            return Err(format!("{prog}: {name}: Is a directory\n"));
        }
        self.m
            .read(&p)
            .map_err(|e| format!("{prog}: {name}: {e}\n"))
    }

    /// The inputs named, or stdin: `(name, text)` and the errors.
    pub fn inputs(&mut self, prog: &str, names: &[String], res: &mut Res) -> Vec<(String, String)> {
        if names.is_empty() {
            return vec![("-".into(), self.inp.take())];
        }
        let mut v = Vec::new();
        for n in names {
            match self.read(prog, n) {
                Ok(t) => v.push((n.clone(), t)),
                Err(e) => {
                    res.err.push_str(&e);
                    res.status = 1;
                }
            }
        }
        v
    }

    pub fn write(&mut self, name: &str, text: &str, append: bool) -> Result<(), String> {
        let p = normalize(self.cwd, name);
        if p == "/dev/null" {
            return Ok(());
        }
        self.m
            .write(&p, text, append)
            .map_err(|e| format!("{name}: {e}"))
    }
}

/// The lines of a text, without their newlines.
pub(crate) fn lines(t: &str) -> Vec<&str> {
    let t = t.strip_suffix('\n').unwrap_or(t);
    if t.is_empty() {
        return Vec::new();
    }
    t.split('\n').collect()
}

/// Short options with values (`-n 5`, `-n5`, `-k2`) and flags (`-rn`):
/// flags set, values by letter, operands; `Err` with GNU's words.
pub(crate) struct Opts {
    pub flags: String,
    pub vals: Vec<(char, String)>,
    pub operands: Vec<String>,
}

impl Opts {
    pub fn has(&self, c: char) -> bool {
        self.flags.contains(c)
    }

    pub fn val(&self, c: char) -> Option<&str> {
        self.vals
            .iter()
            .rev()
            .find(|(k, _)| *k == c)
            .map(|(_, v)| v.as_str())
    }
}

pub(crate) fn opts(
    prog: &str,
    args: &[String],
    with_val: &str,
    flags: &str,
) -> Result<Opts, String> {
    let mut o = Opts {
        flags: String::new(),
        vals: Vec::new(),
        operands: Vec::new(),
    };
    let mut k = 0;
    let mut only = false;
    while let Some(a) = args.get(k) {
        k += 1;
        if only || a == "-" || !a.starts_with('-') {
            o.operands.push(a.clone());
            continue;
        }
        if a == "--" {
            only = true;
            continue;
        }
        if let Some(long) = a.strip_prefix("--") {
            let (name, v) = long.split_once('=').unwrap_or((long, ""));
            let c = match name {
                "lines" => 'n',
                "bytes" => 'c',
                "count" => 'c',
                "ignore-case" => 'i',
                "invert-match" => 'v',
                "quiet" | "silent" => 'q',
                "numeric-sort" => 'n',
                "reverse" => 'r',
                "unique" => 'u',
                "delimiter" => 'd',
                "fields" => 'f',
                "raw-output" => 'r',
                "append" => 'a',
                "recursive" => 'r',
                "extended-regexp" => 'E',
                "only-matching" => 'o',
                "word-regexp" => 'w',
                "line-number" => 'n',
                "files-with-matches" => 'l',
                "in-place" => 'i',
                "no-pager" | "color" | "colour" => continue,
                _ => return Err(format!("{prog}: unrecognized option '{a}'\n")),
            };
            if with_val.contains(c) {
                let v = if v.is_empty() {
                    k += 1;
                    args.get(k - 1).cloned().unwrap_or_default()
                } else {
                    v.to_string()
                };
                o.vals.push((c, v));
            } else {
                o.flags.push(c);
            }
            continue;
        }
        let body: Vec<char> = a[1..].chars().collect();
        let mut i = 0;
        while let Some(&c) = body.get(i) {
            i += 1;
            if c.is_ascii_digit() && with_val.contains('#') {
                // `head -5`: the count.
                let n: String = body[i - 1..]
                    .iter()
                    .take_while(|c| c.is_ascii_digit())
                    .collect();
                i += n.len() - 1;
                o.vals.push(('n', n));
                continue;
            }
            if with_val.contains(c) {
                let rest: String = body[i..].iter().collect();
                let v = if rest.is_empty() {
                    k += 1;
                    match args.get(k - 1) {
                        Some(v) => v.clone(),
                        None => {
                            return Err(format!("{prog}: option requires an argument -- '{c}'\n"))
                        }
                    }
                } else {
                    rest
                };
                o.vals.push((c, v));
                break;
            }
            if !flags.contains(c) {
                return Err(format!("{prog}: invalid option -- '{c}'\n"));
            }
            o.flags.push(c);
        }
    }
    Ok(o)
}

fn try_help(prog: &str) -> String {
    format!("Try '{prog} --help' for more information.\n")
}

fn cat(args: &[String], f: &mut Files<'_, '_>) -> Res {
    let o = match opts("cat", args, "", "nAbesTvE") {
        Ok(o) => o,
        Err(e) => return Res::fail(e + &try_help("cat"), 1),
    };
    let mut res = Res::default();
    let names = o.operands.clone();
    let mut n = 0usize;
    for (_, text) in f.inputs("cat", &names, &mut res) {
        if o.has('n') || o.has('b') {
            for l in text.split_inclusive('\n') {
                if o.has('b') && l == "\n" {
                    res.out.push_str(l);
                    continue;
                }
                n += 1;
                res.out.push_str(&format!("{n:>6}\t{l}"));
            }
        } else {
            res.out.push_str(&text);
        }
    }
    res
}

fn head_tail(args: &[String], f: &mut Files<'_, '_>, head: bool) -> Res {
    let prog = if head { "head" } else { "tail" };
    let o = match opts(prog, args, "nc#", "qvfF") {
        Ok(o) => o,
        Err(e) => return Res::fail(e + &try_help(prog), 1),
    };
    let (spec, bytes) = match (o.val('c'), o.val('n')) {
        (Some(c), _) => (c.to_string(), true),
        (None, Some(n)) => (n.to_string(), false),
        _ => ("10".to_string(), false),
    };
    let from_start = spec.starts_with('+');
    let all_but = spec.starts_with('-');
    let Ok(n) = spec.trim_start_matches(['+', '-']).parse::<usize>() else {
        let what = if bytes { "bytes" } else { "lines" };
        return Res::fail(format!("{prog}: invalid number of {what}: ‘{spec}’\n"), 1);
    };
    let mut res = Res::default();
    let names = o.operands.clone();
    let many = names.len() > 1;
    for (i, (name, text)) in f.inputs(prog, &names, &mut res).into_iter().enumerate() {
        if many {
            if i > 0 {
                res.out.push('\n');
            }
            res.out.push_str(&format!("==> {name} <==\n"));
        }
        if bytes {
            let b = text.as_bytes();
            let (s, e) = match (head, all_but, from_start) {
                (true, false, _) => (0, n.min(b.len())),
                (true, true, _) => (0, b.len().saturating_sub(n)),
                (false, _, true) => (n.saturating_sub(1).min(b.len()), b.len()),
                (false, _, false) => (b.len().saturating_sub(n), b.len()),
            };
            res.out.push_str(&String::from_utf8_lossy(&b[s..e]));
            continue;
        }
        let ls: Vec<&str> = text.split_inclusive('\n').collect();
        let (s, e) = match (head, all_but, from_start) {
            (true, false, _) => (0, n.min(ls.len())),
            (true, true, _) => (0, ls.len().saturating_sub(n)),
            (false, _, true) => (n.saturating_sub(1).min(ls.len()), ls.len()),
            (false, _, false) => (ls.len().saturating_sub(n), ls.len()),
        };
        for l in &ls[s..e] {
            res.out.push_str(l);
        }
    }
    res
}

fn wc(args: &[String], f: &mut Files<'_, '_>) -> Res {
    let o = match opts("wc", args, "", "lwcmL") {
        Ok(o) => o,
        Err(e) => return Res::fail(e + &try_help("wc"), 1),
    };
    let mut which: Vec<char> = "lwcm".chars().filter(|c| o.has(*c)).collect();
    if which.is_empty() {
        which = vec!['l', 'w', 'c'];
    }
    let mut res = Res::default();
    let names = o.operands.clone();
    let inputs = f.inputs("wc", &names, &mut res);
    let mut rows: Vec<(Vec<usize>, String)> = Vec::new();
    let mut total = vec![0usize; which.len()];
    for (name, t) in &inputs {
        let counts: Vec<usize> = which
            .iter()
            .map(|c| match c {
                'l' => t.matches('\n').count(),
                'w' => t.split_whitespace().count(),
                'm' => t.chars().count(),
                _ => t.len(),
            })
            .collect();
        for (a, b) in total.iter_mut().zip(&counts) {
            *a += b;
        }
        rows.push((
            counts,
            if name == "-" && names.is_empty() {
                String::new()
            } else {
                name.clone()
            },
        ));
    }
    if inputs.len() > 1 {
        rows.push((total, "total".into()));
    }
    let stdin = names.is_empty();
    let width = if which.len() == 1 && rows.len() == 1 {
        1
    } else if stdin {
        7
    } else {
        rows.iter()
            .flat_map(|(c, _)| c.iter())
            .map(|n| n.to_string().len())
            .max()
            .unwrap_or(1)
    };
    for (counts, name) in rows {
        let cols: Vec<String> = counts.iter().map(|n| format!("{n:>width$}")).collect();
        res.out.push_str(&cols.join(" "));
        if !name.is_empty() {
            res.out.push(' ');
            res.out.push_str(&name);
        }
        res.out.push('\n');
    }
    res
}

/// A line's sort key for `-k N[,M]` with `-t`.
fn key(line: &str, k: Option<(usize, Option<usize>)>, sep: Option<char>) -> &str {
    let Some((from, to)) = k else { return line };
    let spans: Vec<(usize, usize)> = match sep {
        Some(c) => {
            let mut v = Vec::new();
            let mut s = 0;
            for (i, ch) in line.char_indices() {
                if ch == c {
                    v.push((s, i));
                    s = i + ch.len_utf8();
                }
            }
            v.push((s, line.len()));
            v
        }
        None => {
            // Blank-separated; a field keeps its leading blanks.
            let mut v = Vec::new();
            let b = line.as_bytes();
            let mut i = 0;
            while i < b.len() {
                let s = i;
                while i < b.len() && (b[i] == b' ' || b[i] == b'\t') {
                    i += 1;
                }
                while i < b.len() && b[i] != b' ' && b[i] != b'\t' {
                    i += 1;
                }
                v.push((s, i));
            }
            v
        }
    };
    let Some(&(s, _)) = spans.get(from.saturating_sub(1)) else {
        return "";
    };
    let e = match to {
        Some(t) => spans.get(t.saturating_sub(1)).map_or(line.len(), |x| x.1),
        None => line.len(),
    };
    line.get(s..e.max(s)).unwrap_or("")
}

fn num_prefix(s: &str) -> f64 {
    let t = s.trim_start();
    let end = t
        .char_indices()
        .find(|(i, c)| !(c.is_ascii_digit() || *c == '.' || (*i == 0 && *c == '-')))
        .map_or(t.len(), |(i, _)| i);
    super::arith::float(&t[..end]).unwrap_or(0.0)
}

fn sort(args: &[String], f: &mut Files<'_, '_>) -> Res {
    let o = match opts("sort", args, "kto", "nrufbsVhMcC") {
        Ok(o) => o,
        Err(e) => return Res::fail(e + &try_help("sort"), 2),
    };
    let sep = o.val('t').and_then(|t| t.chars().next());
    let k = o.val('k').map(|k| {
        let (a, b) = k.split_once(',').unwrap_or((k, ""));
        let n = |s: &str| {
            s.split(|c: char| !c.is_ascii_digit())
                .next()
                .and_then(|d| d.parse().ok())
        };
        (n(a).unwrap_or(1), n(b))
    });
    let numeric = o.has('n') || o.has('h') || o.val('k').is_some_and(|k| k.contains('n'));
    let reverse = o.has('r') || o.val('k').is_some_and(|k| k.contains('r'));
    let mut res = Res::default();
    let names = o.operands.clone();
    let texts: Vec<String> = f
        .inputs("sort", &names, &mut res)
        .into_iter()
        .map(|(_, t)| t)
        .collect();
    let mut all: Vec<&str> = texts.iter().flat_map(|t| lines(t)).collect();
    let fold = o.has('f');
    let cmp = |a: &&str, b: &&str| {
        let (ka, kb) = (key(a, k, sep), key(b, k, sep));
        let c = if numeric {
            num_prefix(ka)
                .partial_cmp(&num_prefix(kb))
                .unwrap_or(std::cmp::Ordering::Equal)
        } else if fold {
            ka.to_lowercase().cmp(&kb.to_lowercase())
        } else {
            ka.cmp(kb)
        };
        let c = if c.is_eq() && !o.has('s') && !o.has('u') {
            a.cmp(b)
        } else {
            c
        };
        if reverse {
            c.reverse()
        } else {
            c
        }
    };
    crate::order::sort_by(&mut all, cmp);
    if o.has('u') {
        all.dedup_by(|a, b| cmp(a, b).is_eq());
    }
    for l in all {
        res.out.push_str(l);
        res.out.push('\n');
    }
    res
}

fn uniq(args: &[String], f: &mut Files<'_, '_>) -> Res {
    let o = match opts("uniq", args, "fs", "cdui") {
        Ok(o) => o,
        Err(e) => return Res::fail(e + &try_help("uniq"), 1),
    };
    let mut res = Res::default();
    let input = o.operands.first().cloned().into_iter().collect::<Vec<_>>();
    let text = f
        .inputs("uniq", &input, &mut res)
        .into_iter()
        .map(|(_, t)| t)
        .collect::<String>();
    let mut groups: Vec<(usize, &str)> = Vec::new();
    for l in lines(&text) {
        match groups.last_mut() {
            Some((n, prev))
                if (if o.has('i') {
                    prev.eq_ignore_ascii_case(l)
                } else {
                    *prev == l
                }) =>
            {
                *n += 1
            }
            _ => groups.push((1, l)),
        }
    }
    for (n, l) in groups {
        if (o.has('d') && n < 2) || (o.has('u') && n > 1) {
            continue;
        }
        if o.has('c') {
            res.out.push_str(&format!("{n:>7} {l}\n"));
        } else {
            res.out.push_str(l);
            res.out.push('\n');
        }
    }
    res
}

/// A `cut` list (`1,3-5,7-`): whether position `i` (from 1) is in it.
fn in_list(list: &[(usize, usize)], i: usize) -> bool {
    list.iter().any(|&(a, b)| a <= i && i <= b)
}

fn parse_list(s: &str) -> Option<Vec<(usize, usize)>> {
    let mut v = Vec::new();
    for part in s.split(',') {
        let (a, b) = match part.split_once('-') {
            Some((a, b)) => (
                if a.is_empty() { 1 } else { a.parse().ok()? },
                if b.is_empty() {
                    usize::MAX
                } else {
                    b.parse().ok()?
                },
            ),
            None => {
                let n = part.parse().ok()?;
                (n, n)
            }
        };
        if a == 0 {
            return None;
        }
        v.push((a, b));
    }
    Some(v)
}

fn cut(args: &[String], f: &mut Files<'_, '_>) -> Res {
    let o = match opts("cut", args, "dfcb", "sn") {
        Ok(o) => o,
        Err(e) => return Res::fail(e + &try_help("cut"), 1),
    };
    let (spec, fields) = match (o.val('f'), o.val('c').or(o.val('b'))) {
        (Some(s), _) => (s.to_string(), true),
        (None, Some(s)) => (s.to_string(), false),
        _ => {
            return Res::fail(
                format!(
                    "cut: you must specify a list of bytes, characters, or fields\n{}",
                    try_help("cut")
                ),
                1,
            )
        }
    };
    let Some(list) = parse_list(&spec) else {
        return Res::fail(
            format!("cut: invalid field value ‘{spec}’\n{}", try_help("cut")),
            1,
        );
    };
    let delim = match o.val('d') {
        Some(d) if d.chars().count() == 1 => d.chars().next().unwrap_or('\t'),
        Some(_) => {
            return Res::fail(
                format!(
                    "cut: the delimiter must be a single character\n{}",
                    try_help("cut")
                ),
                1,
            )
        }
        None => '\t',
    };
    let mut res = Res::default();
    let names = o.operands.clone();
    for (_, text) in f.inputs("cut", &names, &mut res) {
        for l in lines(&text) {
            if fields {
                if !l.contains(delim) {
                    if !o.has('s') {
                        res.out.push_str(l);
                        res.out.push('\n');
                    }
                    continue;
                }
                let picked: Vec<&str> = l
                    .split(delim)
                    .enumerate()
                    .filter(|(i, _)| in_list(&list, i + 1))
                    .map(|(_, s)| s)
                    .collect();
                res.out.push_str(&picked.join(&delim.to_string()));
            } else {
                let s: String = l
                    .chars()
                    .enumerate()
                    .filter(|(i, _)| in_list(&list, i + 1))
                    .map(|(_, c)| c)
                    .collect();
                res.out.push_str(&s);
            }
            res.out.push('\n');
        }
    }
    res
}

/// A `tr` set's characters (ranges, classes, escapes).
fn tr_set(s: &str) -> Vec<char> {
    let (u, _) = super::builtins::unescape(&s.replace("\\0", "\\00"));
    let c: Vec<char> = u.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < c.len() {
        if c[i] == '[' && c.get(i + 1) == Some(&':') {
            let rest: String = c[i..].iter().collect();
            if let Some(end) = rest.find(":]") {
                let name = &rest[2..end];
                let all = (0u8..128).map(char::from);
                out.extend(all.filter(|ch| match name {
                    "upper" => ch.is_ascii_uppercase(),
                    "lower" => ch.is_ascii_lowercase(),
                    "digit" => ch.is_ascii_digit(),
                    "alpha" => ch.is_ascii_alphabetic(),
                    "alnum" => ch.is_ascii_alphanumeric(),
                    "space" => ch.is_ascii_whitespace() || *ch == '\u{b}',
                    "blank" => *ch == ' ' || *ch == '\t',
                    "punct" => ch.is_ascii_punctuation(),
                    _ => false,
                }));
                i += rest[..end + 2].chars().count();
                continue;
            }
        }
        if c.get(i + 1) == Some(&'-') && i + 2 < c.len() {
            let (a, b) = (c[i], c[i + 2]);
            if a <= b {
                out.extend((a as u32..=b as u32).filter_map(char::from_u32));
            }
            i += 3;
            continue;
        }
        out.push(c[i]);
        i += 1;
    }
    out
}

fn tr(args: &[String], f: &mut Files<'_, '_>) -> Res {
    let o = match opts("tr", args, "", "dscC") {
        Ok(o) => o,
        Err(e) => return Res::fail(e + &try_help("tr"), 1),
    };
    let sets: Vec<Vec<char>> = o.operands.iter().map(|s| tr_set(s)).collect();
    let need = if (o.has('d') && !o.has('s')) || (o.has('s') && sets.len() == 1) {
        1
    } else {
        2
    };
    if sets.len() < need {
        let words = match sets.first() {
            None => "missing operand".to_string(),
            Some(_) => format!(
                "missing operand after ‘{}’\nTwo strings must be given when translating.",
                o.operands[0]
            ),
        };
        return Res::fail(format!("tr: {words}\n{}", try_help("tr")), 1);
    }
    let text = f.inp.take();
    let set1 = sets.first().cloned().unwrap_or_default();
    let comp = o.has('c') || o.has('C');
    let in1 = |c: char| set1.contains(&c) != comp;
    let mut out = String::with_capacity(text.len());
    let squeeze_set: Vec<char> = if o.has('d') || sets.len() == 1 {
        sets.last().cloned().unwrap_or_default()
    } else {
        sets.get(1).cloned().unwrap_or_default()
    };
    let mut last: Option<char> = None;
    for c in text.chars() {
        let mapped = if o.has('d') {
            if in1(c) {
                continue;
            }
            c
        } else if sets.len() >= 2 && in1(c) {
            let s2 = &sets[1];
            let idx = if comp {
                s2.len().saturating_sub(1)
            } else {
                set1.iter().position(|x| *x == c).unwrap_or(0)
            };
            s2.get(idx).or(s2.last()).copied().unwrap_or(c)
        } else {
            c
        };
        if o.has('s') && last == Some(mapped) && squeeze_set.contains(&mapped) {
            continue;
        }
        last = Some(mapped);
        out.push(mapped);
    }
    Res {
        out,
        err: String::new(),
        status: 0,
    }
}

fn tee(args: &[String], f: &mut Files<'_, '_>) -> Res {
    let o = match opts("tee", args, "", "ai") {
        Ok(o) => o,
        Err(e) => return Res::fail(e + &try_help("tee"), 1),
    };
    let text = f.inp.take();
    let mut res = Res {
        out: text.clone(),
        ..Res::default()
    };
    for name in &o.operands {
        if let Err(e) = f
            .write(name, "", o.has('a'))
            .and_then(|()| f.write(name, &text, true))
        {
            res.err.push_str(&format!("tee: {e}\n"));
            res.status = 1;
        }
    }
    res
}
