//! Processes as `ps` (procps-ng 4.0) shows them, and the dispatch of the
//! other process programs: `pstree` and `lsns` ([`super::pstree`]), `kill`,
//! `pkill`, `pgrep`, `pidof` ([`super::signal`]).
//!
//! `ps`'s columns keep procps's widths and its layout rule (`show_one_proc`:
//! a column that overflows pushes the next one right and the next ones
//! take the space back), the PID columns are as wide as `kernel.pid_max`
//! has digits, and `-o key=` renames a header (all empty: no header line).
//! Output is not cut to a terminal width (as when piped, or with `ww`).

use super::proc_table::{Proc, Role, BASH_PID};
use super::Io;
use crate::engine::{Outcome, World};

/// Runs one process command.
pub(crate) fn run(w: &mut World, prog: &str, argv: &[String], io: &Io<'_>) -> Option<Outcome> {
    Some(match prog {
        "ps" => ps(w, argv),
        "pstree" => super::pstree::pstree(w, argv, io),
        "lsns" => super::pstree::lsns(w, argv),
        "kill" | "pkill" | "pgrep" | "pidof" => super::signal::run(w, prog, argv),
        _ => return None,
    })
}

/// The node's total memory in KiB (`%MEM`'s denominator; a 4 GiB VM).
pub(crate) const MEM_TOTAL_KB: u64 = 4_005_788;

/// The table as the running `ps` (or another tool) sees it: the node's
/// processes and the tool itself, a child of the login shell.
pub(crate) fn with_self(w: &World, argv: &[String]) -> Vec<Proc> {
    let mut v = w.process_table();
    let pid = w.next_pid;
    if let Some(bash) = v.iter().find(|p| p.pid == BASH_PID) {
        let mut me = bash.clone();
        me.pid = pid;
        me.ppid = BASH_PID;
        me.stat = "R+";
        me.argv = argv.to_vec();
        me.comm = super::proc_table::comm_of(argv.first().map(String::as_str).unwrap_or("ps"));
        me.start_ms = w.now_ms;
        me.nspid = vec![pid];
        me.role = Role::Session;
        (me.vsz_kb, me.rss_kb) = (11_100, 4_480);
        v.push(me);
    }
    v
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Just {
    Left,
    Right,
    User,
    Unlimited,
}

#[derive(Debug, Clone, Copy)]
struct Spec {
    key: &'static str,
    head: &'static str,
    width: usize,
    just: Just,
    pidmax: bool,
}

const fn spec(key: &'static str, head: &'static str, width: usize, just: Just) -> Spec {
    Spec {
        key,
        head,
        width,
        just,
        pidmax: false,
    }
}

const fn pid_spec(key: &'static str, head: &'static str) -> Spec {
    Spec {
        key,
        head,
        width: 5,
        just: Just::Right,
        pidmax: true,
    }
}

/// procps's format specifiers the model fills (output.c's table).
const SPECS: [Spec; 43] = [
    spec("%cpu", "%CPU", 4, Just::Right),
    spec("pcpu", "%CPU", 4, Just::Right),
    spec("%mem", "%MEM", 4, Just::Right),
    spec("pmem", "%MEM", 4, Just::Right),
    spec("args", "COMMAND", 27, Just::Unlimited),
    spec("cmd", "CMD", 27, Just::Unlimited),
    spec("command", "COMMAND", 27, Just::Unlimited),
    spec("comm", "COMMAND", 15, Just::Unlimited),
    spec("ucmd", "CMD", 15, Just::Unlimited),
    spec("ucomm", "COMMAND", 15, Just::Unlimited),
    spec("fname", "COMMAND", 8, Just::Left),
    spec("bsdtime", "TIME", 6, Just::Right),
    spec("c", "C", 2, Just::Right),
    spec("time", "TIME", 8, Just::Right),
    spec("cputime", "TIME", 8, Just::Right),
    spec("etime", "ELAPSED", 11, Just::Right),
    spec("etimes", "ELAPSED", 7, Just::Right),
    pid_spec("pid", "PID"),
    pid_spec("ppid", "PPID"),
    pid_spec("tid", "TID"),
    pid_spec("spid", "SPID"),
    pid_spec("lwp", "LWP"),
    spec("rss", "RSS", 5, Just::Right),
    spec("rssize", "RSS", 5, Just::Right),
    spec("vsz", "VSZ", 6, Just::Right),
    spec("vsize", "VSZ", 6, Just::Right),
    spec("stime", "STIME", 5, Just::Right),
    spec("start_time", "START", 5, Just::Right),
    spec("stat", "STAT", 4, Just::Left),
    spec("s", "S", 1, Just::Left),
    spec("state", "S", 1, Just::Left),
    spec("tname", "TTY", 8, Just::Left),
    spec("tty", "TT", 8, Just::Left),
    spec("tt", "TT", 8, Just::Left),
    spec("uid", "UID", 5, Just::Right),
    spec("euid", "EUID", 5, Just::Right),
    spec("uid_hack", "UID", 8, Just::User),
    spec("user", "USER", 8, Just::User),
    spec("euser", "EUSER", 8, Just::User),
    spec("uname", "USER", 8, Just::User),
    spec("nlwp", "NLWP", 4, Just::Right),
    spec("cgroup", "CGROUP", 27, Just::Unlimited),
    spec("thcount", "THCNT", 5, Just::Right),
];

/// The namespace columns (`ps -o pid,netns`): procps's `ipcns` … `utsns`.
const NS_SPECS: [(&str, &str, &str); 8] = [
    ("cgroupns", "CGROUPNS", "cgroup"),
    ("ipcns", "IPCNS", "ipc"),
    ("mntns", "MNTNS", "mnt"),
    ("netns", "NETNS", "net"),
    ("pidns", "PIDNS", "pid"),
    ("timens", "TIMENS", "time"),
    ("userns", "USERNS", "user"),
    ("utsns", "UTSNS", "uts"),
];

fn find_spec(key: &str) -> Option<Spec> {
    SPECS.iter().find(|s| s.key == key).copied().or_else(|| {
        NS_SPECS
            .iter()
            .find(|(k, _, _)| *k == key)
            .map(|(k, h, _)| spec(k, h, 10, Just::Right))
    })
}

/// One output column: its specifier, header and width.
#[derive(Debug, Clone)]
struct Column {
    spec: Spec,
    head: String,
    width: usize,
}

#[derive(Debug, Default)]
struct Opts {
    all: bool,
    bsd_a: bool,
    bsd_x: bool,
    pids: Vec<u32>,
    ppids: Vec<u32>,
    comms: Vec<String>,
    users: Vec<u32>,
    full: bool,
    user_fmt: bool,
    forest: bool,
    format: Vec<String>,
    no_headers: bool,
}

const USAGE: &str = "\nUsage:\n ps [options]\n\n Try 'ps --help <simple|list|output|threads|misc|all>'\n  or 'ps --help <s|l|o|t|m|a>'\n for additional help text.\n\nFor more details see ps(1).\n";

fn fail(err: &str) -> Outcome {
    Outcome::err(1, format!("error: {err}\n{USAGE}"))
}

fn pid_list(arg: &str, out: &mut Vec<u32>) -> Result<(), &'static str> {
    for item in arg.split([',', ' ', '\t']).filter(|s| !s.is_empty()) {
        let n: i64 = item.parse().map_err(|_| "process ID list syntax error")?;
        if !(1..=0x7fff_ffff).contains(&n) {
            return Err("process ID out of range");
        }
        out.push(n as u32);
    }
    Ok(())
}

/// Users by name or uid (`-u root,65535`), as the node's passwd has them.
fn user_list(arg: &str, out: &mut Vec<u32>) -> Result<(), &'static str> {
    for item in arg.split([',', ' ', '\t']).filter(|s| !s.is_empty()) {
        let uid = match item.parse::<u32>() {
            Ok(n) => n,
            Err(_) => [0u32, 100, 101, 65534]
                .into_iter()
                .find(|u| user_name(*u) == item)
                .ok_or("user name does not exist")?,
        };
        out.push(uid);
    }
    Ok(())
}

fn parse(argv: &[String]) -> Result<Opts, Outcome> {
    let mut o = Opts::default();
    let mut i = 1;
    let next = |i: &mut usize| -> Option<String> {
        *i += 1;
        argv.get(*i).cloned()
    };
    while i < argv.len() {
        let a = argv[i].as_str();
        if let Some(long) = a.strip_prefix("--") {
            let (name, val) = match long.split_once('=') {
                Some((n, v)) => (n, Some(v.to_string())),
                None => (long, None),
            };
            match name {
                "forest" => o.forest = true,
                "no-headers" | "no-heading" => o.no_headers = true,
                "pid" | "ppid" | "format" | "sort" => {
                    let Some(v) = val.or_else(|| next(&mut i)) else {
                        return Err(fail(&match name {
                            "format" => "format specification must follow --format".to_string(),
                            "sort" => "long sort specification must follow --sort".to_string(),
                            _ => format!("list of process IDs must follow --{name}"),
                        }));
                    };
                    match name {
                        "pid" => pid_list(&v, &mut o.pids).map_err(fail)?,
                        "ppid" => pid_list(&v, &mut o.ppids).map_err(fail)?,
                        "format" => o.format.push(v),
                        _ => {}
                    }
                }
                "help" => return Err(Outcome::ok(USAGE.trim_start_matches('\n').to_string())),
                "version" => return Err(Outcome::ok("ps from procps-ng 4.0.2\n")),
                _ => return Err(fail("unknown gnu long option")),
            }
        } else if let Some(flags) = a.strip_prefix('-') {
            let chars: Vec<char> = flags.chars().collect();
            let mut j = 0;
            while j < chars.len() {
                let c = chars[j];
                let rest: String = chars[j + 1..].iter().collect();
                let take = |i: &mut usize| -> Option<String> {
                    if rest.is_empty() {
                        next(i)
                    } else {
                        Some(rest.clone())
                    }
                };
                match c {
                    'e' | 'A' => o.all = true,
                    'f' => o.full = true,
                    'H' => o.forest = true,
                    'w' => {}
                    'o' => {
                        let v = take(&mut i)
                            .ok_or_else(|| fail("format specification must follow -o"))?;
                        o.format.push(v);
                        break;
                    }
                    'p' | 'q' => {
                        let v = take(&mut i)
                            .ok_or_else(|| fail("list of process IDs must follow -p"))?;
                        pid_list(&v, &mut o.pids).map_err(fail)?;
                        break;
                    }
                    'u' | 'U' => {
                        let v = take(&mut i).ok_or_else(|| {
                            fail(if c == 'u' {
                                "list of users must follow -u"
                            } else {
                                "list of real users must follow -U"
                            })
                        })?;
                        user_list(&v, &mut o.users).map_err(fail)?;
                        break;
                    }
                    'C' => {
                        let v = take(&mut i)
                            .ok_or_else(|| fail("list of command names must follow -C"))?;
                        o.comms
                            .extend(v.split(',').filter(|s| !s.is_empty()).map(str::to_string));
                        break;
                    }
                    '-' => return Err(fail("embedded '-' among SysV options makes no sense")),
                    _ => return Err(fail("unsupported SysV option")),
                }
                j += 1;
            }
        } else if a.chars().all(|c| c.is_ascii_digit()) && !a.is_empty() {
            pid_list(a, &mut o.pids).map_err(fail)?;
        } else {
            // BSD options.
            let chars: Vec<char> = a.chars().collect();
            let mut j = 0;
            while j < chars.len() {
                let rest: String = chars[j + 1..].iter().collect();
                match chars[j] {
                    'a' => o.bsd_a = true,
                    'x' => o.bsd_x = true,
                    'u' => o.user_fmt = true,
                    'f' => o.forest = true,
                    'w' | 'c' => {}
                    'o' | 'p' => {
                        let v = if rest.is_empty() {
                            next(&mut i)
                        } else {
                            Some(rest)
                        };
                        let Some(v) = v else {
                            return Err(fail(if chars[j] == 'o' {
                                "format specification must follow o"
                            } else {
                                "list of process IDs must follow p"
                            }));
                        };
                        if chars[j] == 'o' {
                            o.format.push(v);
                        } else {
                            pid_list(&v, &mut o.pids).map_err(fail)?;
                        }
                        break;
                    }
                    '-' => return Err(fail("embedded '-' among BSD options makes no sense")),
                    _ => return Err(fail("unsupported option (BSD syntax)")),
                }
                j += 1;
            }
        }
        i += 1;
    }
    Ok(o)
}

/// Splits one `-o` argument into (key, header override) items as procps's
/// `format_parse` does: separators end every item but the last, whose
/// header runs to the end.
fn format_items(arg: &str) -> Result<Vec<(String, Option<String>)>, String> {
    let is_sep = |c: char| matches!(c, ' ' | ',' | '\t' | '\n');
    let mut count = 0;
    let mut need = true;
    for c in arg.chars() {
        if is_sep(c) {
            if need {
                return Err("improper format list".into());
            }
            need = true;
        } else {
            if need {
                count += 1;
            }
            need = false;
        }
    }
    if count == 0 {
        return Err("empty format list".into());
    }
    let mut walk = arg.strip_suffix(is_sep).unwrap_or(arg);
    let mut out = Vec::new();
    for left in (0..count).rev() {
        let item = if left > 0 {
            match walk.find(is_sep) {
                Some(k) => {
                    let (a, b) = walk.split_at(k);
                    walk = b.get(1..).unwrap_or("");
                    a
                }
                None => std::mem::take(&mut walk),
            }
        } else {
            std::mem::take(&mut walk)
        };
        let (key, head) = match item.split_once('=') {
            Some((k, h)) => (k, Some(h.to_string())),
            None => (item, None),
        };
        out.push((key.to_string(), head));
    }
    Ok(out)
}

fn columns(o: &Opts, pid_len: usize) -> Result<Vec<Column>, String> {
    let mut items: Vec<(String, Option<String>)> = Vec::new();
    if !o.format.is_empty() {
        for f in &o.format {
            items.extend(format_items(f)?);
        }
    } else {
        let std = if o.user_fmt {
            "user,pid,%cpu,%mem,vsz,rss,tname,stat,start_time,bsdtime,args"
        } else if o.full {
            "uid_hack,pid,ppid,c,stime,tname,time,cmd"
        } else if o.forest || o.bsd_a || o.bsd_x {
            "pid,tname,stat,bsdtime,args"
        } else {
            "pid,tname,time,ucmd"
        };
        items = std.split(',').map(|k| (k.to_string(), None)).collect();
    }
    let mut out = Vec::new();
    for (key, head) in items {
        let s = find_spec(&key)
            .ok_or_else(|| format!("unknown user-defined format specifier \"{key}\""))?;
        let w1 = if s.pidmax {
            pid_len.max(s.head.len())
        } else {
            s.width
        };
        let (head, width) = match head {
            Some(h) => {
                let w = w1.max(h.len());
                (h, w)
            }
            None => (s.head.to_string(), w1),
        };
        out.push(Column {
            spec: s,
            head,
            width,
        });
    }
    Ok(out)
}

/// Runs `ps`.
fn ps(w: &World, argv: &[String]) -> Outcome {
    let o = match parse(argv) {
        Ok(o) => o,
        Err(out) => return out,
    };
    let pid_len = pid_max_len(w);
    let cols = match columns(&o, pid_len) {
        Ok(c) => c,
        Err(e) => return fail(&e),
    };
    let table = with_self(w, argv);
    let chosen: Vec<&Proc> = table.iter().filter(|p| selected(&o, p)).collect();
    let rows: Vec<(&Proc, String)> = if o.forest {
        forest(&chosen)
    } else {
        chosen.iter().map(|p| (*p, String::new())).collect()
    };
    let ctx = Ctx {
        now_ms: w.now_ms,
        unix_f: o.full,
    };
    let mut out = String::new();
    let headers = !o.no_headers && cols.iter().any(|c| !c.head.is_empty());
    if headers {
        let texts: Vec<String> = cols.iter().map(|c| c.head.clone()).collect();
        out.push_str(&layout(&cols, &texts));
    }
    for (p, prefix) in &rows {
        let texts: Vec<String> = cols.iter().map(|c| field(&ctx, c, p, prefix)).collect();
        out.push_str(&layout(&cols, &texts));
    }
    Outcome {
        exit: i32::from(rows.is_empty()),
        stdout: out,
        ..Outcome::default()
    }
}

/// How many digits `kernel.pid_max` has (procps sizes PID columns by it).
pub(crate) fn pid_max_len(w: &World) -> usize {
    w.node
        .kernel
        .get("kernel.pid_max")
        .map(|v| v.trim().len())
        .filter(|n| *n > 0)
        .unwrap_or(7)
}

fn selected(o: &Opts, p: &Proc) -> bool {
    let lists =
        !o.pids.is_empty() || !o.ppids.is_empty() || !o.comms.is_empty() || !o.users.is_empty();
    if !lists && !o.all && !o.bsd_a && !o.bsd_x {
        // Default: this user's processes on this terminal.
        return p.uid == 0 && p.tty == Some("pts/0");
    }
    if o.all || (o.bsd_a && o.bsd_x) {
        return true;
    }
    if o.pids.contains(&p.pid) || o.ppids.contains(&p.ppid) {
        return true;
    }
    if o.comms.contains(&p.comm) || o.users.contains(&p.uid) {
        return true;
    }
    (o.bsd_a && p.tty.is_some()) || (o.bsd_x && p.uid == 0)
}

/// procps's forest order: roots from the last to the first, each followed
/// by its children in pid order; the prefix drawn before the command.
fn forest<'a>(procs: &[&'a Proc]) -> Vec<(&'a Proc, String)> {
    let mut sorted: Vec<&Proc> = procs.to_vec();
    crate::order::sort_by_key(&mut sorted, |p| (p.ppid, p.pid));
    let mut out = Vec::new();
    let roots: Vec<&Proc> = sorted
        .iter()
        .filter(|p| !sorted.iter().any(|q| q.pid == p.ppid && q.pid != p.pid))
        .copied()
        .collect();
    for r in roots.iter().rev() {
        walk_tree(&sorted, r, &mut String::new(), 0, false, &mut out);
    }
    out
}

fn walk_tree<'a>(
    all: &[&'a Proc],
    me: &'a Proc,
    prefix: &mut String,
    level: usize,
    sibling: bool,
    out: &mut Vec<(&'a Proc, String)>,
) {
    if level > 0 {
        prefix.truncate(level - 1);
        prefix.push(if sibling { '+' } else { 'L' });
    }
    out.push((me, render_prefix(prefix)));
    let kids: Vec<&Proc> = all
        .iter()
        .filter(|p| p.ppid == me.pid && p.pid != me.pid)
        .copied()
        .collect();
    if level > 0 {
        prefix.truncate(level - 1);
        prefix.push(if sibling { '|' } else { ' ' });
    }
    if level >= 60 {
        return;
    }
    for (k, kid) in kids.iter().enumerate() {
        let more = k + 1 < kids.len();
        walk_tree(all, kid, prefix, level + 1, more, out);
        prefix.truncate(level);
    }
}

fn render_prefix(p: &str) -> String {
    p.chars()
        .map(|c| match c {
            'L' | '+' => " \\_ ",
            '|' => " |  ",
            _ => "    ",
        })
        .collect()
}

struct Ctx {
    now_ms: u64,
    unix_f: bool,
}

/// A process's cumulative CPU seconds and its %CPU in tenths.
fn cpu(ctx: &Ctx, p: &Proc) -> (u64, u64) {
    let elapsed = ctx.now_ms.saturating_sub(p.start_ms) / 1000;
    let used = elapsed * p.cpu_permille / 1000;
    let pcpu = (used * 1000).checked_div(elapsed).unwrap_or(0).min(999);
    (used, pcpu)
}

/// `HH:MM` of a world time (procps's STIME for a process started today).
pub(crate) fn hhmm(ms: u64) -> String {
    let secs = 1_767_603_600 + ms / 1000;
    let rem = secs % 86_400;
    format!("{:02}:{:02}", rem / 3600, rem % 3600 / 60)
}

fn stime(ctx: &Ctx, ms: u64) -> String {
    let day = |m: u64| (1_767_603_600 + m / 1000) / 86_400;
    if day(ms) == day(ctx.now_ms) {
        hhmm(ms)
    } else {
        let d = World::date_text(ms);
        // `date` text: "Mon Jan  5 09:00:00 UTC 2026" → "Jan05".
        let mut parts = d.split_whitespace().skip(1);
        let mon = parts.next().unwrap_or("Jan");
        let dd: u32 = parts.next().and_then(|x| x.parse().ok()).unwrap_or(1);
        format!("{mon}{dd:02}")
    }
}

/// The user name of a uid as `/etc/passwd` on the node has it.
pub(crate) fn user_name(uid: u32) -> String {
    match uid {
        0 => "root".into(),
        100 => "messagebus".into(),
        101 => "nginx".into(),
        65534 => "nobody".into(),
        n => n.to_string(),
    }
}

fn hms(t: u64) -> String {
    let (dd, hh, mm, ss) = (t / 86_400, t / 3600 % 24, t / 60 % 60, t % 60);
    let mut s = String::new();
    if dd > 0 {
        s.push_str(&format!("{dd}-"));
    }
    s.push_str(&format!("{hh:02}:{mm:02}:{ss:02}"));
    s
}

fn field(ctx: &Ctx, c: &Column, p: &Proc, prefix: &str) -> String {
    let (cpu_s, pcpu) = cpu(ctx, p);
    let key = c.spec.key;
    match key {
        "pid" | "tid" | "spid" | "lwp" => p.pid.to_string(),
        "ppid" => p.ppid.to_string(),
        "c" => format!("{:2}", (pcpu / 10).min(99)),
        "%cpu" | "pcpu" => format!("{}.{}", pcpu / 10, pcpu % 10),
        "%mem" | "pmem" => {
            let m = (p.rss_kb * 1000 / MEM_TOTAL_KB).min(999);
            format!("{:2}.{}", m / 10, m % 10)
        }
        "vsz" | "vsize" => p.vsz_kb.to_string(),
        "rss" | "rssize" => p.rss_kb.to_string(),
        "stime" | "start_time" => stime(ctx, p.start_ms),
        "time" | "cputime" => hms(cpu_s),
        "bsdtime" => format!("{:3}:{:02}", cpu_s / 60, cpu_s % 60),
        "etime" => {
            let t = ctx.now_ms.saturating_sub(p.start_ms) / 1000;
            let (dd, hh, mm, ss) = (t / 86_400, t / 3600 % 24, t / 60 % 60, t % 60);
            let mut s = String::new();
            if dd > 0 {
                s.push_str(&format!("{dd}-"));
            }
            if dd > 0 || hh > 0 {
                s.push_str(&format!("{hh:02}:"));
            }
            s.push_str(&format!("{mm:02}:{ss:02}"));
            s
        }
        "etimes" => (ctx.now_ms.saturating_sub(p.start_ms) / 1000).to_string(),
        "stat" => p.stat.to_string(),
        "s" | "state" => p.stat.chars().next().unwrap_or('S').to_string(),
        "tname" | "tty" | "tt" => p.tty.unwrap_or("?").to_string(),
        "uid" | "euid" => p.uid.to_string(),
        "uid_hack" | "user" | "euser" | "uname" => {
            let name = user_name(p.uid);
            if name.len() > c.width {
                format!("{}+", &name[..c.width.saturating_sub(1)])
            } else {
                name
            }
        }
        "nlwp" | "thcount" => p.threads.to_string(),
        "cgroup" => format!("0::{}", p.cgroup),
        "args" | "cmd" | "command" => format!("{prefix}{}", p.cmdline()),
        "comm" | "ucmd" | "ucomm" if ctx.unix_f => format!("{prefix}{}", p.cmdline()),
        "comm" | "ucmd" | "ucomm" => format!("{prefix}{}", p.comm),
        "fname" => p.comm.chars().take(8).collect(),
        _ => NS_SPECS
            .iter()
            .find(|(k, _, _)| *k == key)
            .and_then(|(_, _, kind)| p.ns_of(kind))
            .map(|n| n.to_string())
            .unwrap_or_else(|| "-".into()),
    }
}

/// One line of columns, spaced as procps's `show_one_proc` spaces them.
fn layout(cols: &[Column], texts: &[String]) -> String {
    let mut s = String::new();
    let (mut correct, mut actual, mut dospace) = (0usize, 0usize, 0usize);
    for (i, (c, t)) in cols.iter().zip(texts).enumerate() {
        let amount = t.chars().count();
        let leftpad = match c.spec.just {
            Just::Right => c.width.saturating_sub(amount),
            _ => 0,
        };
        let mut space = (correct + leftpad).saturating_sub(actual);
        if correct + leftpad <= actual {
            space = dospace;
        }
        s.extend(std::iter::repeat_n(' ', space));
        s.push_str(t);
        if i + 1 == cols.len() {
            break;
        }
        actual += space + amount;
        correct += c.width + 1;
        dospace = 1;
    }
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cols(list: &str) -> Vec<Column> {
        let o = Opts {
            format: vec![list.to_string()],
            ..Opts::default()
        };
        columns(&o, 7).expect("columns")
    }

    #[test]
    fn the_full_format_header_has_procps_spacing() {
        let o = Opts {
            full: true,
            ..Opts::default()
        };
        let c = columns(&o, 7).expect("columns");
        let heads: Vec<String> = c.iter().map(|c| c.head.clone()).collect();
        assert_eq!(
            layout(&c, &heads),
            "UID          PID    PPID  C STIME TTY          TIME CMD\n"
        );
        let row: Vec<String> = [
            "root",
            "1",
            "0",
            " 0",
            "09:00",
            "?",
            "00:00:01",
            "/sbin/init",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        assert_eq!(
            layout(&c, &row),
            "root           1       0  0 09:00 ?        00:00:01 /sbin/init\n"
        );
    }

    #[test]
    fn the_user_format_header_has_procps_spacing() {
        let o = Opts {
            user_fmt: true,
            ..Opts::default()
        };
        let c = columns(&o, 7).expect("columns");
        let heads: Vec<String> = c.iter().map(|c| c.head.clone()).collect();
        assert_eq!(
            layout(&c, &heads),
            "USER         PID %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND\n"
        );
    }

    #[test]
    fn empty_headers_and_the_last_header_runs_to_the_end() {
        let c = cols("ppid=,comm=");
        assert_eq!(c.len(), 2);
        assert!(c.iter().all(|c| c.head.is_empty()));
        let row = vec!["4123".to_string(), "containerd-shim".to_string()];
        assert_eq!(layout(&c, &row), "   4123 containerd-shim\n");
        let c = cols("pid,comm=Command");
        assert_eq!(c[1].head, "Command");
        // A blank separates items too (procps counts items before it reads headers).
        let o = Opts {
            format: vec!["pid,comm=Command Name".to_string()],
            ..Opts::default()
        };
        assert!(columns(&o, 7).is_err());
        assert!(format_items("pid,,comm").is_err());
    }

    #[test]
    fn bad_options_say_what_procps_says() {
        let argv: Vec<String> = ["ps", "-Z"].iter().map(|s| s.to_string()).collect();
        let out = parse(&argv).expect_err("refused");
        assert!(out
            .stderr
            .starts_with("error: unsupported SysV option\n\nUsage:\n ps [options]\n"));
        assert_eq!(out.exit, 1);
        let argv: Vec<String> = ["ps", "-o", "bogus"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let o = parse(&argv).expect("parsed");
        assert_eq!(
            columns(&o, 7).expect_err("unknown"),
            "unknown user-defined format specifier \"bogus\""
        );
    }
}
