//! `pstree` (psmisc 23) and `lsns` (util-linux 2.38) over the node's
//! process table.
//!
//! pstree: children sorted by name (threads, `{name}`, after processes),
//! identical subtrees compacted as `N*[name]`, UTF-8 line drawing (a
//! terminal with a UTF-8 locale; `-A` for ASCII), lines cut at `COLUMNS` or
//! 132 with `+` unless `-l`. Threads are drawn as `N*[{name}]`; with `-p`
//! (one line per thread, each with its own tid) they are left out.

use super::proc_table::{Proc, NS_TYPES};
use super::ps::{user_name, with_self};
use super::Io;
use crate::engine::{Outcome, World};

struct Node {
    comm: String,
    pid: u32,
    uid: u32,
    args: Vec<String>,
    thread: bool,
    children: Vec<usize>,
    parent: Option<usize>,
}

struct Syms {
    branch: &'static str,
    vert: &'static str,
    last: &'static str,
    single: &'static str,
    first: &'static str,
}

const UTF: Syms = Syms {
    branch: "├─",
    vert: "│ ",
    last: "└─",
    single: "───",
    first: "─┬─",
};

const ASCII: Syms = Syms {
    branch: "|-",
    vert: "| ",
    last: "`-",
    single: "---",
    first: "-+-",
};

struct Printer<'a> {
    nodes: &'a [Node],
    sym: &'a Syms,
    out: String,
    cur_x: usize,
    width: usize,
    trunc: bool,
    pids: bool,
    args: bool,
    compact: bool,
    widths: Vec<usize>,
    more: Vec<bool>,
}

impl Printer<'_> {
    fn ch(&mut self, c: char) {
        self.cur_x += 1;
        if !self.trunc || self.cur_x <= self.width {
            self.out.push(c);
        } else if self.cur_x == self.width + 1 {
            self.out.push('+');
        }
    }

    fn s(&mut self, s: &str) {
        for c in s.chars() {
            self.ch(c);
        }
    }

    fn newline(&mut self) {
        self.out.push('\n');
        self.cur_x = 1;
    }

    fn equal(&self, a: usize, b: usize) -> bool {
        let (Some(x), Some(y)) = (self.nodes.get(a), self.nodes.get(b)) else {
            return false;
        };
        x.comm == y.comm
            && (!self.args || x.args == y.args)
            && x.children.len() == y.children.len()
            && x.children
                .iter()
                .zip(&y.children)
                .all(|(p, q)| self.equal(*p, *q))
    }

    fn set(&mut self, level: usize, width: usize, more: bool) {
        if self.widths.len() <= level {
            self.widths.resize(level + 1, 0);
            self.more.resize(level + 1, false);
        }
        self.widths[level] = width;
        self.more[level] = more;
    }

    #[allow(clippy::too_many_arguments)]
    fn dump(&mut self, i: usize, level: usize, rep: usize, leaf: bool, last: bool, closing: usize) {
        let Some(node) = self.nodes.get(i) else {
            return;
        };
        if level > 200 {
            return;
        }
        if !leaf {
            for lvl in 0..level {
                let w = self.widths.get(lvl).copied().unwrap_or(0);
                for _ in 0..=w {
                    self.ch(' ');
                }
                let sym = if lvl + 1 == level {
                    if last {
                        self.sym.last
                    } else {
                        self.sym.branch
                    }
                } else if self.more.get(lvl + 1).copied().unwrap_or(false) {
                    self.sym.vert
                } else {
                    "  "
                };
                self.s(sym);
            }
        }
        let add = if rep < 2 {
            0
        } else {
            let n = rep.to_string();
            self.s(&n);
            self.s("*[");
            n.len() + 2
        };
        let comm = if node.thread {
            format!("{{{}}}", node.comm)
        } else {
            node.comm.clone()
        };
        self.s(&comm);
        let comm_len = comm.chars().count();
        let offset = self.cur_x;
        if self.pids {
            self.ch(if self.args { ',' } else { '(' });
            self.s(&node.pid.to_string());
            if !self.args {
                self.ch(')');
            }
        }
        if self.args {
            let n = node.args.len();
            for (k, a) in node.args.iter().enumerate() {
                self.ch(' ');
                let len = a.chars().count();
                let room = self.width.saturating_sub(if k + 1 == n { 0 } else { 4 });
                if !self.trunc || self.cur_x + len <= room {
                    self.s(a);
                } else {
                    self.s("...");
                    break;
                }
            }
        }
        let kids = node.children.clone();
        if self.args || kids.is_empty() {
            for _ in 0..closing {
                self.ch(']');
            }
            self.newline();
        }
        if self.args {
            self.set(level, 1 + usize::from(comm_len <= 1).wrapping_neg(), !last);
            let groups = self.groups(&kids);
            let n = groups.len();
            for (k, (child, count)) in groups.into_iter().enumerate() {
                let close = usize::from(count > 0);
                self.dump(child, level + 1, count + 1, false, k + 1 == n, close);
            }
            return;
        }
        if kids.is_empty() {
            self.set(level, 0, !last);
            return;
        }
        let w = comm_len + self.cur_x - offset + add;
        self.set(level, w, !last);
        if self.cur_x >= self.width && self.trunc {
            self.s(self.sym.first);
            self.s("+");
            self.newline();
            return;
        }
        let groups = self.groups(&kids);
        let n = groups.len();
        for (k, (child, count)) in groups.into_iter().enumerate() {
            if k == 0 {
                self.s(if n > 1 {
                    self.sym.first
                } else {
                    self.sym.single
                });
            }
            let close = closing + usize::from(count > 0);
            self.dump(child, level + 1, count + 1, k == 0, k + 1 == n, close);
        }
    }

    /// Children grouped into runs of identical subtrees (when compacting):
    /// (first child, how many more).
    fn groups(&self, kids: &[usize]) -> Vec<(usize, usize)> {
        let mut out: Vec<(usize, usize)> = Vec::new();
        let mut used = vec![false; kids.len()];
        for (a, &k) in kids.iter().enumerate() {
            if used[a] {
                continue;
            }
            let mut count = 0;
            let thread = self.nodes.get(k).is_some_and(|n| n.thread);
            if self.compact && (!self.args || thread) {
                for (b, &m) in kids.iter().enumerate().skip(a + 1) {
                    if !used[b] && self.equal(k, m) {
                        used[b] = true;
                        count += 1;
                    }
                }
            }
            out.push((k, count));
        }
        out
    }
}

const PSTREE_USAGE: &str = "Usage: pstree [-acglpsStTuZ] [ -h | -H PID ] [ -n | -N type ]
              [ -A | -G | -U ] [ PID | USER ]
   or: pstree -V

Display a tree of processes.

  -a, --arguments     show command line arguments
  -A, --ascii         use ASCII line drawing characters
  -c, --compact-not   don't compact identical subtrees
  -C, --color=TYPE    color process by attribute
                      (age)
  -g, --show-pgids    show process group ids; implies -c
  -G, --vt100         use VT100 line drawing characters
  -h, --highlight-all highlight current process and its ancestors
  -H PID, --highlight-pid=PID
                      highlight this process and its ancestors
  -l, --long          don't truncate long lines
  -n, --numeric-sort  sort output by PID
  -N TYPE, --ns-sort=TYPE
                      sort output by this namespace type
                              (cgroup, ipc, mnt, net, pid, time, user, uts)
  -p, --show-pids     show PIDs; implies -c
  -s, --show-parents  show parents of the selected process
  -S, --ns-changes    show namespace transitions
  -t, --thread-names  show full thread names
  -T, --hide-threads  hide threads, show only processes
  -u, --uid-changes   show uid transitions
  -U, --unicode       use UTF-8 (Unicode) line drawing characters
  -V, --version       display version information
  -Z, --security-context
                      show security attributes

  PID    start at this PID; default is 1 (init)
  USER   show only trees rooted at processes of this user

";

/// Runs `pstree`.
pub(crate) fn pstree(w: &World, argv: &[String], io: &Io<'_>) -> Outcome {
    let usage = || Outcome::err(1, PSTREE_USAGE);
    let (mut args, mut ascii, mut compact, mut pids, mut by_pid) =
        (false, false, true, false, false);
    let (mut parents, mut hide_threads, mut trunc) = (false, false, true);
    let mut operand: Option<&str> = None;
    for a in argv.iter().skip(1) {
        if let Some(long) = a.strip_prefix("--") {
            match long {
                "arguments" => args = true,
                "ascii" => ascii = true,
                "compact-not" => compact = false,
                "long" => trunc = false,
                "numeric-sort" => by_pid = true,
                "show-pids" => (pids, compact) = (true, false),
                "show-parents" => parents = true,
                "hide-threads" => hide_threads = true,
                "unicode" => ascii = false,
                "version" => {
                    return Outcome::err(
                        0,
                        "pstree (PSmisc) 23.6\nCopyright (C) 1993-2021 Werner Almesberger and Craig Small\n\nPSmisc comes with ABSOLUTELY NO WARRANTY.\nThis is free software, and you are welcome to redistribute it under\nthe terms of the GNU General Public License.\nFor more information about these matters, see the files named COPYING.\n",
                    )
                }
                _ => return usage(),
            }
        } else if let Some(flags) = a.strip_prefix('-').filter(|f| !f.is_empty()) {
            for c in flags.chars() {
                match c {
                    'a' => args = true,
                    'A' | 'G' => ascii = true,
                    'U' => ascii = false,
                    'c' => compact = false,
                    'l' => trunc = false,
                    'n' => by_pid = true,
                    'p' => (pids, compact) = (true, false),
                    's' => parents = true,
                    'T' => hide_threads = true,
                    't' | 'u' | 'g' | 'S' | 'Z' => {}
                    _ => return usage(),
                }
            }
        } else if operand.is_none() {
            operand = Some(a.as_str());
        } else {
            return usage();
        }
    }
    let mut start = 1u32;
    let mut pid_set = false;
    let mut user: Option<u32> = None;
    if let Some(op) = operand {
        if op.starts_with(|c: char| c.is_ascii_digit()) {
            match op.parse::<u32>() {
                Ok(p) => (start, pid_set) = (p, true),
                Err(_) => return usage(),
            }
        } else {
            match ["root", "messagebus", "nginx", "nobody"]
                .iter()
                .position(|u| *u == op)
            {
                Some(0) => user = Some(0),
                Some(1) => user = Some(100),
                Some(2) => user = Some(101),
                Some(_) => user = Some(65534),
                None => return Outcome::err(1, format!("No such user name: {op}")),
            }
        }
    }
    let table = with_self(w, argv);
    let mut nodes = build(&table, args, hide_threads || pids, by_pid);
    if parents && pid_set {
        let Some(mut cur) = nodes.iter().position(|n| n.pid == start && !n.thread) else {
            return Outcome::err(1, format!("Process {start} not found."));
        };
        let mut guard = 0;
        while let Some(parent) = nodes.get(cur).and_then(|n| n.parent) {
            if let Some(p) = nodes.get_mut(parent) {
                p.children = vec![cur];
            }
            cur = parent;
            guard += 1;
            if guard > 1000 {
                break;
            }
        }
        start = 1;
    }
    let width = io
        .env
        .get("COLUMNS")
        .and_then(|c| c.parse::<usize>().ok())
        .filter(|c| *c > 0)
        .unwrap_or(132);
    let mut pr = Printer {
        nodes: &nodes,
        sym: if ascii { &ASCII } else { &UTF },
        out: String::new(),
        cur_x: 1,
        width,
        trunc,
        pids,
        args,
        compact,
        widths: Vec::new(),
        more: Vec::new(),
    };
    if let Some(uid) = user {
        // Trees rooted at the user's processes.
        let roots: Vec<usize> = (0..nodes.len())
            .filter(|i| {
                nodes.get(*i).is_some_and(|n| {
                    n.uid == uid
                        && !n.thread
                        && n.parent
                            .and_then(|p| nodes.get(p))
                            .is_none_or(|p| p.uid != uid)
                })
            })
            .collect();
        for (k, r) in roots.iter().enumerate() {
            if k > 0 {
                pr.out.push('\n');
            }
            pr.dump(*r, 0, 1, true, true, 0);
        }
        return Outcome::ok(pr.out);
    }
    if let Some(root) = nodes.iter().position(|n| n.pid == start && !n.thread) {
        pr.dump(root, 0, 1, true, true, 0);
    }
    let out = pr.out;
    nodes.clear();
    Outcome::ok(out)
}

fn build(table: &[Proc], args: bool, no_threads: bool, by_pid: bool) -> Vec<Node> {
    let mut nodes: Vec<Node> = Vec::new();
    for p in table {
        nodes.push(Node {
            comm: p.comm.clone(),
            pid: p.pid,
            uid: p.uid,
            args: if args {
                p.argv.iter().skip(1).cloned().collect()
            } else {
                Vec::new()
            },
            thread: false,
            children: Vec::new(),
            parent: None,
        });
    }
    if !no_threads {
        for p in table {
            for _ in 1..p.threads.min(64) {
                nodes.push(Node {
                    comm: p.comm.clone(),
                    pid: p.pid,
                    uid: p.uid,
                    args: Vec::new(),
                    thread: true,
                    children: Vec::new(),
                    parent: None,
                });
            }
        }
    }
    let n = nodes.len();
    for i in 0..n {
        let (pid, thread) = (nodes[i].pid, nodes[i].thread);
        let ppid = if thread {
            pid
        } else {
            table.get(i).map_or(0, |p| p.ppid)
        };
        if ppid == 0 && !thread {
            continue;
        }
        let parent = (0..n).find(|j| nodes[*j].pid == ppid && !nodes[*j].thread && *j != i);
        let parent = parent.or_else(|| (0..n).find(|j| nodes[*j].pid == 1 && !nodes[*j].thread));
        if let Some(pi) = parent {
            nodes[i].parent = Some(pi);
            nodes[pi].children.push(i);
        }
    }
    // Sort children: by pid, or by name then uid (braces sort after letters).
    let keys: Vec<(String, u32, u32)> = nodes
        .iter()
        .map(|n| {
            let name = if n.thread {
                format!("{{{}}}", n.comm)
            } else {
                n.comm.clone()
            };
            (name, n.uid, n.pid)
        })
        .collect();
    for node in nodes.iter_mut() {
        let mut kids = std::mem::take(&mut node.children);
        if by_pid {
            crate::order::sort_by_key(&mut kids, |k| keys.get(*k).map_or(0, |x| x.2));
        } else {
            crate::order::sort_by_key(&mut kids, |k| {
                keys.get(*k)
                    .map(|x| (x.0.clone().into_bytes(), x.1, x.2))
                    .unwrap_or_default()
            });
        }
        node.children = kids;
    }
    nodes
}

const LSNS_TRY: &str = "Try 'lsns --help' for more information.";

/// Runs `lsns`.
pub(crate) fn lsns(w: &World, argv: &[String]) -> Outcome {
    let mut types: Vec<usize> = Vec::new();
    let mut task: Option<u32> = None;
    let mut headings = true;
    let mut i = 1;
    while i < argv.len() {
        let a = argv[i].as_str();
        let value = |flag: &str, inline: Option<&str>, i: &mut usize| -> Result<String, Outcome> {
            if let Some(v) = inline.filter(|v| !v.is_empty()) {
                return Ok(v.to_string());
            }
            *i += 1;
            argv.get(*i).cloned().ok_or_else(|| {
                Outcome::err(
                    1,
                    format!("lsns: option requires an argument -- '{flag}'\n{LSNS_TRY}"),
                )
            })
        };
        let (flag, inline) = if let Some(l) = a.strip_prefix("--") {
            let (n, v) = match l.split_once('=') {
                Some((n, v)) => (n, Some(v)),
                None => (l, None),
            };
            let f = match n {
                "type" => "t",
                "task" => "p",
                "noheadings" => "n",
                "notruncate" | "nowrap" => "u",
                _ => {
                    return Outcome::err(1, format!("lsns: unrecognized option '{a}'\n{LSNS_TRY}"))
                }
            };
            (f.to_string(), v)
        } else if let Some(f) = a.strip_prefix('-').filter(|f| !f.is_empty()) {
            let (c, rest) = f.split_at(f.chars().next().map_or(0, char::len_utf8));
            (c.to_string(), Some(rest).filter(|r| !r.is_empty()))
        } else {
            return Outcome::said(1, crate::msg!("procs-lsns-namespace", ns = a));
        };
        match flag.as_str() {
            "t" => {
                let v = match value("t", inline, &mut i) {
                    Ok(v) => v,
                    Err(o) => return o,
                };
                match NS_TYPES.iter().position(|t| *t == v) {
                    Some(k) => types.push(k),
                    None => return Outcome::err(1, format!("lsns: unknown namespace type: {v}")),
                }
            }
            "p" => {
                let v = match value("p", inline, &mut i) {
                    Ok(v) => v,
                    Err(o) => return o,
                };
                match v.parse::<u32>() {
                    Ok(p) => task = Some(p),
                    Err(_) => return Outcome::err(1, format!("lsns: invalid PID argument: '{v}'")),
                }
            }
            "n" => headings = false,
            "u" | "W" => {}
            other => {
                return Outcome::err(1, format!("lsns: invalid option -- '{other}'\n{LSNS_TRY}"))
            }
        }
        i += 1;
    }
    if types.is_empty() {
        types = (0..NS_TYPES.len()).collect();
    }
    let net_only = types.iter().all(|t| NS_TYPES.get(*t) == Some(&"net"));
    let table = with_self(w, argv);
    // (inode, kind) → (lowest pid, count)
    let mut spaces: Vec<(u64, usize, u32, usize)> = Vec::new();
    for p in &table {
        for &k in &types {
            let Some(ino) = p.ns.get(k).copied() else {
                continue;
            };
            match spaces.iter_mut().find(|s| s.0 == ino) {
                Some(s) => {
                    s.3 += 1;
                    s.2 = s.2.min(p.pid);
                }
                None => spaces.push((ino, k, p.pid, 1)),
            }
        }
    }
    crate::order::sort_by_key(&mut spaces, |s| s.0);
    if let Some(t) = task {
        let Some(p) = table.iter().find(|p| p.pid == t) else {
            return Outcome::default();
        };
        spaces.retain(|s| p.ns.contains(&s.0));
    }
    let mut head: Vec<&str> = vec!["NS", "TYPE", "NPROCS", "PID", "USER"];
    if net_only {
        head.extend(["NETNSID", "NSFS"]);
    }
    head.push("COMMAND");
    let right = |c: &str| matches!(c, "NS" | "NPROCS" | "PID" | "NETNSID");
    let hint = |c: &str| match c {
        "NS" => 10,
        "TYPE" | "NPROCS" | "PID" => 5,
        _ => 0,
    };
    let mut rows: Vec<Vec<String>> = Vec::new();
    for (ino, k, pid, n) in &spaces {
        let Some(p) = table.iter().find(|p| p.pid == *pid) else {
            continue;
        };
        let mut r = vec![
            ino.to_string(),
            NS_TYPES.get(*k).copied().unwrap_or_default().to_string(),
            n.to_string(),
            pid.to_string(),
            user_name(p.uid),
        ];
        if net_only {
            let (id, fs) = netns_facts(w, *ino, &table);
            r.extend([id, fs]);
        }
        r.push(p.cmdline());
        rows.push(r);
    }
    let mut widths: Vec<usize> = head.iter().map(|h| h.len().max(hint(h))).collect();
    for r in &rows {
        for (k, cell) in r.iter().enumerate() {
            if let Some(wd) = widths.get_mut(k) {
                *wd = (*wd).max(cell.chars().count());
            }
        }
    }
    let line = |cells: Vec<String>| -> String {
        let n = cells.len();
        let mut s = String::new();
        for (k, cell) in cells.into_iter().enumerate() {
            let wd = widths.get(k).copied().unwrap_or(0);
            let name = head.get(k).copied().unwrap_or_default();
            let pad = wd.saturating_sub(cell.chars().count());
            if k > 0 {
                s.push(' ');
            }
            if right(name) {
                s.extend(std::iter::repeat_n(' ', pad));
                s.push_str(&cell);
            } else {
                s.push_str(&cell);
                if k + 1 < n {
                    s.extend(std::iter::repeat_n(' ', pad));
                }
            }
        }
        s.push('\n');
        s
    };
    let mut out = String::new();
    if headings && !rows.is_empty() {
        out.push_str(&line(head.iter().map(|h| h.to_string()).collect()));
    }
    for r in rows {
        out.push_str(&line(r));
    }
    Outcome::ok(out)
}

/// A network namespace's NETNSID (the id the host's namespace gave it:
/// pods' namespaces in the order they were made; the host's own is
/// `unassigned`) and its nsfs mount (`/run/netns/cni-…`).
fn netns_facts(w: &World, ino: u64, table: &[Proc]) -> (String, String) {
    if ino == super::proc_table::HOST_NS[3] {
        return ("unassigned".into(), String::new());
    }
    let mut pod_nets: Vec<(u64, u64, String)> = Vec::new();
    for sb in w.sandboxes.values() {
        let Some(pause) = sb.pause_pid.filter(|p| *p != 0) else {
            continue;
        };
        if let Some(p) = table.iter().find(|p| p.pid == pause) {
            if let Some(n) = p.ns_of("net") {
                let path = sb.netns.replace("/var/run/", "/run/");
                pod_nets.push((sb.created_ms, n, path));
            }
        }
    }
    crate::order::sort_by_key(&mut pod_nets, |x| (x.0, x.1));
    match pod_nets.iter().position(|x| x.1 == ino) {
        Some(k) => (
            k.to_string(),
            pod_nets.get(k).map(|x| x.2.clone()).unwrap_or_default(),
        ),
        None => (String::new(), String::new()),
    }
}
