//! What `ps` prints: procps's format specifiers (header, width,
//! justification), each column's text for a process, the `show_one_proc`
//! spacing rule, and the values `--sort` orders by.

use super::proc_table::Proc;
use crate::engine::World;

/// The node's total memory in KiB (`%MEM`'s denominator; a 4 GiB VM).
pub(crate) const MEM_TOTAL_KB: u64 = 4_005_788;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Just {
    Left,
    Right,
    User,
    Unlimited,
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct Spec {
    pub key: &'static str,
    pub head: &'static str,
    pub width: usize,
    pub just: Just,
    pub pidmax: bool,
}

pub(crate) const fn spec(key: &'static str, head: &'static str, width: usize, just: Just) -> Spec {
    Spec {
        key,
        head,
        width,
        just,
        pidmax: false,
    }
}

pub(crate) const fn pid_spec(key: &'static str, head: &'static str) -> Spec {
    Spec {
        key,
        head,
        width: 5,
        just: Just::Right,
        pidmax: true,
    }
}

/// procps's format specifiers the model fills (output.c's table).
pub(crate) const SPECS: [Spec; 43] = [
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
pub(crate) const NS_SPECS: [(&str, &str, &str); 8] = [
    ("cgroupns", "CGROUPNS", "cgroup"),
    ("ipcns", "IPCNS", "ipc"),
    ("mntns", "MNTNS", "mnt"),
    ("netns", "NETNS", "net"),
    ("pidns", "PIDNS", "pid"),
    ("timens", "TIMENS", "time"),
    ("userns", "USERNS", "user"),
    ("utsns", "UTSNS", "uts"),
];

pub(crate) fn find_spec(key: &str) -> Option<Spec> {
    SPECS.iter().find(|s| s.key == key).copied().or_else(|| {
        NS_SPECS
            .iter()
            .find(|(k, _, _)| *k == key)
            .map(|(k, h, _)| spec(k, h, 10, Just::Right))
    })
}

/// One output column: its specifier, header and width.
#[derive(Debug, Clone)]
pub(crate) struct Column {
    pub spec: Spec,
    pub head: String,
    pub width: usize,
}

/// What a process sorts by for one key: a number or a text.
pub(crate) fn sort_value(ctx: &Ctx, key: &str, p: &Proc) -> (u64, String) {
    let (cpu_s, pcpu) = cpu(ctx, p);
    match key {
        "pid" | "tid" | "spid" | "lwp" => (u64::from(p.pid), String::new()),
        "ppid" => (u64::from(p.ppid), String::new()),
        "uid" | "euid" => (u64::from(p.uid), String::new()),
        "%cpu" | "pcpu" | "c" => (pcpu, String::new()),
        "%mem" | "pmem" | "rss" | "rssize" => (p.rss_kb, String::new()),
        "vsz" | "vsize" => (p.vsz_kb, String::new()),
        "stime" | "start_time" => (p.start_ms, String::new()),
        "etime" | "etimes" => (ctx.now_ms.saturating_sub(p.start_ms), String::new()),
        "time" | "cputime" | "bsdtime" => (cpu_s, String::new()),
        "nlwp" | "thcount" => (u64::from(p.threads), String::new()),
        "comm" | "ucmd" | "ucomm" | "fname" => (0, p.comm.clone()),
        "args" | "cmd" | "command" => (0, p.cmdline()),
        "user" | "euser" | "uname" | "uid_hack" => (0, user_name(p.uid)),
        "tname" | "tty" | "tt" => (0, p.tty.unwrap_or("?").to_string()),
        "stat" | "s" | "state" => (0, p.stat.to_string()),
        "cgroup" => (0, p.cgroup.clone()),
        _ => (
            NS_SPECS
                .iter()
                .find(|(k, _, _)| *k == key)
                .and_then(|(_, _, kind)| p.ns_of(kind))
                .unwrap_or(0),
            String::new(),
        ),
    }
}

pub(crate) struct Ctx {
    pub now_ms: u64,
    pub unix_f: bool,
}

/// A process's cumulative CPU seconds and its %CPU in tenths.
pub(crate) fn cpu(ctx: &Ctx, p: &Proc) -> (u64, u64) {
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

pub(crate) fn stime(ctx: &Ctx, ms: u64) -> String {
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

pub(crate) fn hms(t: u64) -> String {
    let (dd, hh, mm, ss) = (t / 86_400, t / 3600 % 24, t / 60 % 60, t % 60);
    let mut s = String::new();
    if dd > 0 {
        s.push_str(&format!("{dd}-"));
    }
    s.push_str(&format!("{hh:02}:{mm:02}:{ss:02}"));
    s
}

pub(crate) fn field(ctx: &Ctx, c: &Column, p: &Proc, prefix: &str) -> String {
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
pub(crate) fn layout(cols: &[Column], texts: &[String]) -> String {
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
