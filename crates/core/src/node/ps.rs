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
pub(crate) use super::ps_format::user_name;
use super::ps_format::{field, find_spec, layout, sort_value, Column, Ctx};
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
    sort: Vec<(String, bool)>,
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
                        _ => o.sort = sort_keys(&v).map_err(fail)?,
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

/// `--sort [+|-]key[,…]`: the keys and whether each is descending.
fn sort_keys(arg: &str) -> Result<Vec<(String, bool)>, &'static str> {
    if arg.is_empty() {
        return Err("empty sort list");
    }
    let mut out = Vec::new();
    for item in arg.split(',') {
        let (desc, key) = match item.strip_prefix('-') {
            Some(k) => (true, k),
            None => (false, item.strip_prefix('+').unwrap_or(item)),
        };
        if key.is_empty() {
            return Err("improper sort list");
        }
        if find_spec(key).is_none() {
            return Err("unknown sort specifier");
        }
        out.push((key.to_string(), desc));
    }
    Ok(out)
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
    let mut chosen: Vec<&Proc> = table.iter().filter(|p| selected(&o, p)).collect();
    let ctx = Ctx {
        now_ms: w.now_ms,
        unix_f: o.full,
    };
    if !o.sort.is_empty() && !o.forest {
        crate::order::sort_by(&mut chosen, |a, b| {
            for (key, desc) in &o.sort {
                let ord = sort_value(&ctx, key, a).cmp(&sort_value(&ctx, key, b));
                let ord = if *desc { ord.reverse() } else { ord };
                if ord != std::cmp::Ordering::Equal {
                    return ord;
                }
            }
            std::cmp::Ordering::Equal
        });
    }
    let rows: Vec<(&Proc, String)> = if o.forest {
        forest(&chosen)
    } else {
        chosen.iter().map(|p| (*p, String::new())).collect()
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
    fn sort_keys_are_checked() {
        assert_eq!(
            sort_keys("-%mem,pid").expect("keys"),
            [("%mem".to_string(), true), ("pid".to_string(), false)]
        );
        assert_eq!(sort_keys("bogus"), Err("unknown sort specifier"));
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
