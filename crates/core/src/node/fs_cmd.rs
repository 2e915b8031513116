//! File commands as GNU coreutils 8.32 (Ubuntu 22.04) print them: `ls`,
//! `stat`, `find`, `readlink`, `realpath` here; the commands that change
//! the tree in `fs_change`; `vi`/`vim`/`nano`, which hand the file to the
//! face's editor ([`Outcome::edit`]).

use super::fs::{normalize, Entry, FsError};
use super::{fs_change, Io};
use crate::engine::{Outcome, World};

/// What a path is, as `lstat`/`stat` would say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A directory and its mode.
    Dir(u32),
    /// A regular file: size and mode.
    File(usize, u32),
    /// A symbolic link and its target.
    Link(String),
    /// A Unix socket.
    Socket,
}

impl Kind {
    fn of(e: &Entry) -> Kind {
        match e {
            Entry::Dir { mode } => Kind::Dir(*mode),
            Entry::File { text, mode } => Kind::File(text.len(), *mode),
            Entry::Symlink { target } => Kind::Link(target.clone()),
            Entry::Socket => Kind::Socket,
        }
    }

    fn is_dir(&self) -> bool {
        matches!(self, Kind::Dir(_))
    }

    fn size(&self) -> usize {
        match self {
            Kind::Dir(_) => 4096,
            Kind::File(n, _) => *n,
            Kind::Link(t) => t.len(),
            Kind::Socket => 0,
        }
    }

    /// 1 KiB blocks (`ls -s`, `total`).
    fn kib(&self) -> usize {
        match self {
            Kind::Dir(_) => 4,
            Kind::File(n, _) => n.div_ceil(4096) * 4,
            Kind::Link(_) | Kind::Socket => 0,
        }
    }

    /// `ls -l`'s mode string.
    fn mode_string(&self) -> String {
        let (c, mode) = match self {
            Kind::Dir(m) => ('d', *m),
            Kind::File(_, m) => ('-', *m),
            Kind::Link(_) => ('l', 0o777),
            Kind::Socket => ('s', 0o660),
        };
        let mut s = String::from(c);
        for shift in [6, 3, 0] {
            let b = (mode >> shift) & 7;
            s.push(if b & 4 != 0 { 'r' } else { '-' });
            s.push(if b & 2 != 0 { 'w' } else { '-' });
            s.push(if b & 1 != 0 { 'x' } else { '-' });
        }
        if mode & 0o1000 != 0 {
            s.pop();
            s.push(if mode & 1 != 0 { 't' } else { 'T' });
        }
        s
    }

    fn mode_bits(&self) -> u32 {
        match self {
            Kind::Dir(m) | Kind::File(_, m) => *m,
            Kind::Link(_) => 0o777,
            Kind::Socket => 0o660,
        }
    }
}

/// A name as GNU ls prints it on a terminal (`--quoting-style=shell-escape`):
/// bare when only safe characters, single-quoted otherwise (`'net:[4026531840]'`).
fn shell_quoted(name: &str) -> String {
    let safe = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_./:@%+,=-".contains(c));
    if safe {
        name.to_string()
    } else {
        format!("'{}'", name.replace('\'', "'\\''"))
    }
}

/// Whether a normalized path is under `/proc` (kept by `procfs`).
fn in_proc(p: &str) -> bool {
    p == "/proc" || p.starts_with("/proc/")
}

/// What a path is (a final symlink followed when `follow`), with the path
/// it resolved to.
pub(crate) fn stat(w: &World, path: &str, follow: bool) -> Result<(String, Kind), FsError> {
    let p = normalize("/", path);
    if in_proc(&p) {
        return proc_stat(w, &p, follow);
    }
    if let Some(k) = super::pod_logs::stat(w, &p) {
        return Ok((p, k));
    }
    let fs = &w.node.fs;
    let r = fs.resolve(&p, follow)?;
    if in_proc(&r) {
        return proc_stat(w, &r, follow);
    }
    let (r, e) = fs.get_link(&r)?;
    Ok((r, Kind::of(e)))
}

/// What a `/proc` path is: its links (`/proc/self`, `/proc/PID/ns/net ->
/// 'net:[4026532290]'`, `exe`) as links unless followed, its files with
/// size 0 as the kernel reports them.
fn proc_stat(w: &World, p: &str, follow: bool) -> Result<(String, Kind), FsError> {
    use super::Machine;
    if let Some(target) = w.proc_link(p) {
        let is_path = target.starts_with('/') || target.starts_with(|c: char| c.is_ascii_digit());
        if !(follow && is_path) {
            return Ok((p.to_string(), Kind::Link(target)));
        }
        let t = normalize(super::fs::parent(p), &target);
        return proc_stat(w, &t, false);
    }
    if w.is_dir(p) {
        return Ok((p.to_string(), Kind::Dir(0o555)));
    }
    match w.read_file(p) {
        Ok(_) => Ok((p.to_string(), Kind::File(0, 0o444))),
        Err(FsError::NotFound) => Err(FsError::NotFound),
        Err(_) => Ok((p.to_string(), Kind::File(0, 0o444))),
    }
}

/// The entries of a directory (resolved path), sorted by name.
pub(crate) fn children(w: &World, dir: &str) -> Vec<(String, Kind)> {
    if in_proc(dir) {
        use super::Machine;
        return w
            .list(dir)
            .into_iter()
            .filter_map(|n| {
                let (_, k) = proc_stat(w, &format!("{dir}/{n}"), false).ok()?;
                Some((n, k))
            })
            .collect();
    }
    let mut v: Vec<(String, Kind)> = w
        .node
        .fs
        .children(dir)
        .map(|(n, e)| (n.to_string(), Kind::of(e)))
        .collect();
    if let Some(extra) = super::pod_logs::children(w, dir) {
        for (n, k) in extra {
            if !v.iter().any(|(m, _)| *m == n) {
                v.push((n, k));
            }
        }
        crate::order::sort_by(&mut v, |a, b| a.0.cmp(&b.0));
    }
    v
}

/// Options and operands of a GNU-style command line: short flags bundled,
/// long flags, `--` ending options. `Err` is the first unknown flag.
pub(crate) struct Args {
    pub flags: Vec<String>,
    pub operands: Vec<String>,
}

impl Args {
    pub(crate) fn parse(argv: &[String], short: &str, long: &[&str]) -> Result<Args, String> {
        let mut a = Args {
            flags: Vec::new(),
            operands: Vec::new(),
        };
        let mut it = argv.iter().skip(1);
        while let Some(s) = it.next() {
            if s == "--" {
                a.operands.extend(it.by_ref().cloned());
                break;
            }
            if let Some(l) = s.strip_prefix("--") {
                let name = l.split('=').next().unwrap_or(l);
                if !long.contains(&name) {
                    return Err(format!("unrecognized option '{s}'"));
                }
                a.flags.push(name.to_string());
            } else if s.len() > 1 && s.starts_with('-') {
                for c in s.chars().skip(1) {
                    if !short.contains(c) {
                        return Err(format!("invalid option -- '{c}'"));
                    }
                    a.flags.push(c.to_string());
                }
            } else {
                a.operands.push(s.clone());
            }
        }
        Ok(a)
    }

    pub(crate) fn has(&self, f: &str) -> bool {
        self.flags.iter().any(|x| x == f)
    }
}

/// GNU's refusal of an option, with the help hint.
pub(crate) fn bad_option(prog: &str, why: &str, exit: i32) -> Outcome {
    Outcome::err(
        exit,
        format!("{prog}: {why}\nTry '{prog} --help' for more information."),
    )
}

/// Runs one file command.
pub(crate) fn run(w: &mut World, prog: &str, argv: &[String], io: &Io<'_>) -> Option<Outcome> {
    Some(match prog {
        "ls" => ls(w, argv, io),
        "stat" => stat_cmd(w, argv, io),
        "find" => find(w, argv, io),
        "readlink" | "realpath" => canonical(w, prog, argv, io),
        "vi" | "vim" | "nano" => editor(w, prog, argv, io),
        _ => return fs_change::run(w, prog, argv, io),
    })
}

/// The modification time every file shows (the node's boot).
const MTIME: &str = "Jan  5 09:00";

struct LsOpts {
    long: bool,
    all: bool,
    dir: bool,
    human: bool,
    recursive: bool,
}

fn ls(w: &World, argv: &[String], io: &Io<'_>) -> Outcome {
    let a = match Args::parse(
        argv,
        "laAdh1RFp",
        &["all", "directory", "human-readable", "recursive"],
    ) {
        Ok(a) => a,
        Err(e) => return bad_option("ls", &e, 2),
    };
    let o = LsOpts {
        long: a.has("l"),
        all: a.has("a") || a.has("all") || a.has("A"),
        dir: a.has("d") || a.has("directory"),
        human: a.has("h") || a.has("human-readable"),
        recursive: a.has("R") || a.has("recursive"),
    };
    let dot = a.has("a") || a.has("all");
    let ops = if a.operands.is_empty() {
        vec![".".to_string()]
    } else {
        a.operands.clone()
    };
    let mut err = String::new();
    let mut exit = 0;
    let mut files: Vec<(String, String, Kind)> = Vec::new();
    let mut dirs: Vec<(String, String)> = Vec::new();
    for op in &ops {
        let p = normalize(io.cwd, op);
        // A link named on the line is listed itself with -l or -d, unless
        // written with a trailing slash.
        let follow = !(o.long || o.dir) || op.ends_with('/');
        match stat(w, &p, follow) {
            Ok((r, k)) => {
                if k.is_dir() && !o.dir {
                    dirs.push((op.clone(), r));
                } else {
                    files.push((op.clone(), p.clone(), k));
                }
            }
            Err(e) => {
                err.push_str(&format!("ls: cannot access '{op}': {e}\n"));
                exit = 2;
            }
        }
    }
    crate::order::sort_by(&mut files, |x, y| x.0.cmp(&y.0));
    crate::order::sort_by(&mut dirs, |x, y| x.0.cmp(&y.0));
    let mut out = String::new();
    if !files.is_empty() {
        let rows: Vec<(String, String, Kind)> = files;
        out.push_str(&render(w, &rows, &o, false));
    }
    let headers = ops.len() > 1 || o.recursive;
    let mut first = out.is_empty();
    for (shown, real) in dirs {
        list_dir(w, &shown, &real, &o, dot, headers, &mut first, &mut out);
    }
    Outcome {
        exit,
        stdout: out,
        stderr: err,
        ..Outcome::default()
    }
}

#[allow(clippy::too_many_arguments)]
fn list_dir(
    w: &World,
    shown: &str,
    real: &str,
    o: &LsOpts,
    dot: bool,
    headers: bool,
    first: &mut bool,
    out: &mut String,
) {
    if !*first {
        out.push('\n');
    }
    *first = false;
    if headers {
        out.push_str(&format!("{shown}:\n"));
    }
    let mut rows: Vec<(String, String, Kind)> = Vec::new();
    if dot {
        rows.push((".".into(), real.to_string(), Kind::Dir(0o755)));
        rows.push((
            "..".into(),
            super::fs::parent(real).to_string(),
            Kind::Dir(0o755),
        ));
    }
    let kids = children(w, real);
    for (n, k) in &kids {
        if !o.all && n.starts_with('.') {
            continue;
        }
        let path = if real == "/" {
            format!("/{n}")
        } else {
            format!("{real}/{n}")
        };
        rows.push((n.clone(), path, k.clone()));
    }
    out.push_str(&render(w, &rows, o, true));
    if o.recursive {
        for (n, k) in kids {
            if !k.is_dir() || (!o.all && n.starts_with('.')) {
                continue;
            }
            let sub_shown = if shown.ends_with('/') {
                format!("{shown}{n}")
            } else {
                format!("{shown}/{n}")
            };
            let sub_real = if real == "/" {
                format!("/{n}")
            } else {
                format!("{real}/{n}")
            };
            list_dir(w, &sub_shown, &sub_real, o, dot, true, first, out);
        }
    }
}

/// Links of a directory: 2 and one per subdirectory.
fn nlink(w: &World, path: &str, k: &Kind) -> usize {
    match k {
        Kind::Dir(_) => 2 + children(w, path).iter().filter(|(_, k)| k.is_dir()).count(),
        _ => 1,
    }
}

/// The group a socket belongs to (Docker's and cri-dockerd's: `docker`).
fn group(path: &str, k: &Kind) -> &'static str {
    if *k == Kind::Socket && (path.ends_with("/docker.sock") || path.ends_with("/cri-dockerd.sock"))
    {
        "docker"
    } else {
        "root"
    }
}

/// `ls -h`'s sizes: one decimal under 10, rounded up (`4.0K`, `12K`).
pub(crate) fn human(n: usize) -> String {
    if n < 1024 {
        return n.to_string();
    }
    let mut v = n as f64;
    let mut unit = 'B';
    for u in ['K', 'M', 'G', 'T'] {
        v /= 1024.0;
        unit = u;
        if v < 1024.0 {
            break;
        }
    }
    if v < 10.0 {
        format!("{:.1}{unit}", (v * 10.0).ceil() / 10.0)
    } else {
        format!("{}{unit}", v.ceil() as u64)
    }
}

fn render(w: &World, rows: &[(String, String, Kind)], o: &LsOpts, total: bool) -> String {
    let mut s = String::new();
    if !o.long {
        for (n, _, _) in rows {
            s.push_str(n);
            s.push('\n');
        }
        return s;
    }
    let links: Vec<String> = rows
        .iter()
        .map(|(_, p, k)| nlink(w, p, k).to_string())
        .collect();
    let sizes: Vec<String> = rows
        .iter()
        .map(|(_, p, k)| {
            // The kernel reports 0 for /proc's files and links.
            let size = if in_proc(p) { 0 } else { k.size() };
            if o.human {
                human(size)
            } else {
                size.to_string()
            }
        })
        .collect();
    let groups: Vec<&str> = rows.iter().map(|(_, p, k)| group(p, k)).collect();
    let lw = links.iter().map(String::len).max().unwrap_or(1);
    let sw = sizes.iter().map(String::len).max().unwrap_or(1);
    let gw = groups.iter().map(|g| g.len()).max().unwrap_or(4);
    if total {
        let kib: usize = rows.iter().map(|(_, _, k)| k.kib()).sum();
        let t = if o.human {
            human(kib * 1024)
        } else {
            kib.to_string()
        };
        s.push_str(&format!("total {t}\n"));
    }
    for (i, (n, _, k)) in rows.iter().enumerate() {
        let name = match k {
            Kind::Link(t) => format!("{n} -> {}", shell_quoted(t)),
            _ => n.clone(),
        };
        s.push_str(&format!(
            "{} {:>lw$} root {:<gw$} {:>sw$} {MTIME} {name}\n",
            k.mode_string(),
            links[i],
            groups[i],
            sizes[i],
        ));
    }
    s
}

/// A stable inode number for a path.
fn inode(path: &str) -> u64 {
    let mut h: u64 = 1469598103934665603;
    for b in path.bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(1099511628211);
    }
    h % 4_000_000 + 100_000
}

fn stat_cmd(w: &World, argv: &[String], io: &Io<'_>) -> Outcome {
    let a = match Args::parse(argv, "L", &["dereference"]) {
        Ok(a) => a,
        Err(e) => return bad_option("stat", &e, 1),
    };
    if a.operands.is_empty() {
        return bad_option("stat", "missing operand", 1);
    }
    let follow = a.has("L") || a.has("dereference");
    let mut out = String::new();
    let mut err = String::new();
    for op in &a.operands {
        let p = normalize(io.cwd, op);
        let (_, k) = match stat(w, &p, follow) {
            Ok(x) => x,
            Err(e) => {
                err.push_str(&format!("stat: cannot statx '{op}': {e}\n"));
                continue;
            }
        };
        let (ty, blocks) = match &k {
            Kind::Dir(_) => ("directory", 8),
            Kind::File(0, _) => ("regular empty file", 0),
            Kind::File(n, _) => ("regular file", n.div_ceil(4096) * 8),
            Kind::Link(_) => ("symbolic link", 0),
            Kind::Socket => ("socket", 0),
        };
        let name = match &k {
            Kind::Link(t) => format!("{op} -> {t}"),
            _ => op.clone(),
        };
        let mode = k.mode_bits() & 0o7777;
        let g = group(&p, &k);
        let gid = if g == "docker" { 998 } else { 0 };
        let t = "2026-01-05 09:00:00.000000000 +0000";
        out.push_str(&format!(
            "  File: {name}\n  Size: {:<10}\tBlocks: {blocks:<10} IO Block: 4096   {ty}\nDevice: 801h/2049d\tInode: {:<10}  Links: {}\nAccess: ({mode:04o}/{})  Uid: (    0/    root)   Gid: ({gid:>5}/{g:>8})\nAccess: {t}\nModify: {t}\nChange: {t}\n Birth: {t}\n",
            k.size(),
            inode(&p),
            nlink(w, &p, &k),
            k.mode_string(),
        ));
    }
    Outcome {
        exit: i32::from(!err.is_empty()),
        stdout: out,
        stderr: err,
        ..Outcome::default()
    }
}

/// `find PATH… [-name PATTERN] [-type f|d|l|s] [-maxdepth N]`.
fn find(w: &World, argv: &[String], io: &Io<'_>) -> Outcome {
    let mut paths = Vec::new();
    let mut name: Option<String> = None;
    let mut iname = false;
    let mut ty: Option<char> = None;
    let mut maxdepth = usize::MAX;
    let mut it = argv.iter().skip(1).peekable();
    while let Some(p) = it.peek() {
        if p.starts_with('-') {
            break;
        }
        paths.push((*p).clone());
        it.next();
    }
    while let Some(t) = it.next() {
        let needs = |v: Option<&String>| -> Result<String, Outcome> {
            v.cloned()
                .ok_or_else(|| Outcome::err(1, format!("find: missing argument to `{t}'")))
        };
        match t.as_str() {
            "-name" | "-iname" => match needs(it.next()) {
                Ok(v) => {
                    iname = t == "-iname";
                    name = Some(v);
                }
                Err(o) => return o,
            },
            "-type" => match needs(it.next()) {
                Ok(v) if ["f", "d", "l", "s"].contains(&v.as_str()) => ty = v.chars().next(),
                Ok(v) => {
                    return Outcome::err(1, format!("find: Unknown argument to -type: {v}"));
                }
                Err(o) => return o,
            },
            "-maxdepth" => match needs(it.next()).map(|v| v.parse::<usize>()) {
                Ok(Ok(n)) => maxdepth = n,
                Ok(Err(_)) => {
                    return Outcome::err(1, "find: Expected a positive decimal integer argument to -maxdepth, but got ‘x’");
                }
                Err(o) => return o,
            },
            "-print" => {}
            other => {
                return Outcome::err(1, format!("find: unknown predicate `{other}'"));
            }
        }
    }
    if paths.is_empty() {
        paths.push(".".into());
    }
    let mut out = String::new();
    let mut err = String::new();
    for p in &paths {
        let abs = normalize(io.cwd, p);
        match stat(w, &abs, false) {
            Ok((r, k)) => walk(w, p, &r, &k, 0, maxdepth, &mut |shown, k| {
                let base = shown.rsplit('/').next().unwrap_or(shown);
                let name_ok = name.as_ref().is_none_or(|pat| {
                    if iname {
                        glob(&pat.to_lowercase(), &base.to_lowercase())
                    } else {
                        glob(pat, base)
                    }
                });
                let ty_ok = ty.is_none_or(|t| match k {
                    Kind::Dir(_) => t == 'd',
                    Kind::File(..) => t == 'f',
                    Kind::Link(_) => t == 'l',
                    Kind::Socket => t == 's',
                });
                if name_ok && ty_ok {
                    out.push_str(shown);
                    out.push('\n');
                }
            }),
            Err(e) => err.push_str(&format!("find: ‘{p}’: {e}\n")),
        }
    }
    Outcome {
        exit: i32::from(!err.is_empty()),
        stdout: out,
        stderr: err,
        ..Outcome::default()
    }
}

fn walk(
    w: &World,
    shown: &str,
    real: &str,
    k: &Kind,
    depth: usize,
    max: usize,
    visit: &mut dyn FnMut(&str, &Kind),
) {
    visit(shown, k);
    if !k.is_dir() || depth >= max {
        return;
    }
    for (n, ck) in children(w, real) {
        let s = if shown.ends_with('/') {
            format!("{shown}{n}")
        } else {
            format!("{shown}/{n}")
        };
        let r = if real == "/" {
            format!("/{n}")
        } else {
            format!("{real}/{n}")
        };
        walk(w, &s, &r, &ck, depth + 1, max, visit);
    }
}

/// Shell patterns: `*`, `?`, `[abc]`.
pub(crate) fn glob(pat: &str, s: &str) -> bool {
    fn go(p: &[char], n: &[char]) -> bool {
        match p.first() {
            None => n.is_empty(),
            Some('*') => go(&p[1..], n) || (!n.is_empty() && go(p, &n[1..])),
            Some('?') => !n.is_empty() && go(&p[1..], &n[1..]),
            Some('[') => {
                let Some(end) = p.iter().position(|c| *c == ']') else {
                    return n.first() == Some(&'[') && go(&p[1..], &n[1..]);
                };
                let set = &p[1..end];
                match n.first() {
                    Some(c) if set.contains(c) => go(&p[end + 1..], &n[1..]),
                    _ => false,
                }
            }
            Some(c) => n.first() == Some(c) && go(&p[1..], &n[1..]),
        }
    }
    let p: Vec<char> = pat.chars().collect();
    let n: Vec<char> = s.chars().collect();
    go(&p, &n)
}

/// `readlink [-f] PATH`, `realpath PATH`.
fn canonical(w: &World, prog: &str, argv: &[String], io: &Io<'_>) -> Outcome {
    let a = match Args::parse(argv, "fenmqsz", &["canonicalize"]) {
        Ok(a) => a,
        Err(e) => return bad_option(prog, &e, 1),
    };
    if a.operands.is_empty() {
        return bad_option(prog, "missing operand", 1);
    }
    let canon = prog == "realpath" || a.has("f") || a.has("e") || a.has("canonicalize");
    let mut out = String::new();
    let mut err = String::new();
    let mut exit = 0;
    for op in &a.operands {
        let p = normalize(io.cwd, op);
        let fs = &w.node.fs;
        if !canon && in_proc(&p) {
            match w.proc_link(&p) {
                Some(t) => {
                    out.push_str(&t);
                    out.push('\n');
                }
                None => exit = 1,
            }
            continue;
        }
        if !canon {
            match fs.get_link(&p) {
                Ok((_, Entry::Symlink { target })) => {
                    out.push_str(target);
                    out.push('\n');
                }
                _ => exit = 1,
            }
            continue;
        }
        // Every component but the last must exist (-f, realpath's default).
        let dir_ok = fs
            .resolve(super::fs::parent(&p), true)
            .map(|d| fs.is_dir(&d));
        match (fs.resolve(&p, true), dir_ok) {
            (Ok(r), Ok(true)) => {
                out.push_str(&r);
                out.push('\n');
            }
            (Err(e), _) | (_, Err(e)) => {
                if prog == "realpath" {
                    err.push_str(&format!("realpath: {op}: {e}\n"));
                }
                exit = 1;
            }
            (_, Ok(false)) => {
                if prog == "realpath" {
                    err.push_str(&format!("realpath: {op}: No such file or directory\n"));
                }
                exit = 1;
            }
        }
    }
    Outcome {
        exit,
        stdout: out,
        stderr: err,
        ..Outcome::default()
    }
}

/// `vi FILE` / `vim FILE` / `nano FILE`: the face opens the file in an
/// editor (a missing file opens empty and is created on save).
fn editor(w: &World, prog: &str, argv: &[String], io: &Io<'_>) -> Outcome {
    let files: Vec<&String> = argv
        .iter()
        .skip(1)
        .filter(|a| !a.starts_with('-') && !a.starts_with('+'))
        .collect();
    let Some(file) = files.first() else {
        return Outcome::said(1, crate::msg!("files-editor-needs-file", editor = prog));
    };
    let p = normalize(io.cwd, file);
    if let Ok((_, k)) = stat(w, &p, true) {
        if k.is_dir() {
            // vim and nano both refuse a directory with these words.
            return Outcome::err(1, format!("\"{file}\" is a directory"));
        }
    }
    let path = w.node.fs.resolve(&p, true).unwrap_or(p);
    Outcome {
        edit: Some(path),
        ..Outcome::default()
    }
}
