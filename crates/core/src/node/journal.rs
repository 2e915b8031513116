//! The journal: the lines systemd and the daemons write, and `journalctl`.
//! Lines print in journalctl's `short` format:
//! `Jan 05 09:00:01 node-1 kubelet[803]: …`.

use super::systemd::{unit_name, JournalEntry};
use super::Io;
use crate::config::Config;
use crate::engine::{Outcome, World, NODE};

/// The world's civil time of a logical instant: (year, month, day, hour,
/// minute, second, weekday), read from its RFC 3339 and `date` forms.
fn civil(ms: u64) -> (String, String, String, String, &'static str) {
    let r = World::rfc3339(ms, false);
    let date = r.get(..10).unwrap_or("").to_string();
    let time = r.get(11..19).unwrap_or("").to_string();
    let month = r.get(5..7).unwrap_or("01").to_string();
    let day = r.get(8..10).unwrap_or("01").to_string();
    let d = World::date_text(ms);
    let wd = match d.get(..3) {
        Some("Mon") => "Mon",
        Some("Tue") => "Tue",
        Some("Wed") => "Wed",
        Some("Thu") => "Thu",
        Some("Fri") => "Fri",
        Some("Sat") => "Sat",
        _ => "Sun",
    };
    let _ = month;
    (
        date,
        time,
        day,
        d.get(4..7).unwrap_or("Jan").to_string(),
        wd,
    )
}

/// `Jan 05 09:00:01`: the journal's short time stamp.
pub(crate) fn short_time(ms: u64) -> String {
    let (_, time, day, mon, _) = civil(ms);
    format!("{mon} {day} {time}")
}

/// `Mon 2026-01-05 09:00:00 UTC`: systemctl's time stamp.
pub(crate) fn systemd_time(ms: u64) -> String {
    let (date, time, _, _, wd) = civil(ms);
    format!("{wd} {date} {time} UTC")
}

/// systemd's relative time (`format_timestamp_relative`): `5min ago`.
pub(crate) fn ago(d_ms: u64) -> String {
    const S: u64 = 1000;
    const MIN: u64 = 60 * S;
    const H: u64 = 60 * MIN;
    const DAY: u64 = 24 * H;
    if d_ms >= 2 * DAY {
        format!("{} days ago", d_ms / DAY)
    } else if d_ms >= 25 * H {
        format!("1 day {}h ago", (d_ms - DAY) / H)
    } else if d_ms >= 6 * H {
        format!("{}h ago", d_ms / H)
    } else if d_ms >= H {
        format!("{}h {}min ago", d_ms / H, d_ms % H / MIN)
    } else if d_ms >= 5 * MIN {
        format!("{}min ago", d_ms / MIN)
    } else if d_ms >= MIN {
        format!("{}min {}s ago", d_ms / MIN, d_ms % MIN / S)
    } else if d_ms >= S {
        format!("{}s ago", d_ms / S)
    } else if d_ms > 0 {
        format!("{d_ms}ms ago")
    } else {
        "now".to_string()
    }
}

/// A klog line as the kubelet writes it: `I0105 09:00:01.123456     803 server.go:487] …`.
pub(crate) fn klog(ms: u64, level: char, pid: u32, at: &str, text: &str) -> String {
    let r = World::rfc3339(ms, false);
    let mmdd = format!(
        "{}{}",
        r.get(5..7).unwrap_or("01"),
        r.get(8..10).unwrap_or("01")
    );
    let time = r.get(11..19).unwrap_or("00:00:00");
    let micros = (ms % 1000) * 1000 + 517;
    format!("{level}{mmdd} {time}.{micros:06} {pid:>7} {at}] {text}")
}

/// A containerd (logrus) line: `time="…" level=info msg="…"`.
pub(crate) fn logrus(ms: u64, level: &str, text: &str) -> String {
    format!(
        "time=\"{}\" level={level} msg=\"{}\"",
        World::rfc3339(ms, true),
        text.replace('"', "\\\"")
    )
}

/// One entry in journalctl's `short` format.
pub(crate) fn render(e: &JournalEntry) -> String {
    let who = if e.pid == 0 {
        format!("{}:", e.ident)
    } else {
        format!("{}[{}]:", e.ident, e.pid)
    };
    format!("{} {NODE} {who} {}", short_time(e.ms), e.line)
}

/// What systemd and a daemon log when the unit starts (`Starting …`, the
/// daemon's own first lines, `Started …`), as (identifier, line).
pub(crate) fn start_lines(
    cfg: &Config,
    unit: &str,
    description: &str,
) -> Vec<(&'static str, String)> {
    let mut v = Vec::new();
    if unit.ends_with(".socket") {
        v.push(("systemd", format!("Starting {unit} - {description}...")));
        v.push(("systemd", format!("Listening on {unit} - {description}.")));
        return v;
    }
    if unit == "kubelet.service" {
        // Type=simple: started as soon as it is forked.
        v.push(("systemd", format!("Started {unit} - {description}.")));
        return v;
    }
    v.push(("systemd", format!("Starting {unit} - {description}...")));
    match unit {
        "containerd.service" => {
            let version = cfg.runtime_version();
            v.push((
                "containerd",
                format!("starting containerd\" revision= version={version}"),
            ));
            v.push((
                "containerd",
                "serving...\" address=/run/containerd/containerd.sock".into(),
            ));
            v.push((
                "containerd",
                "containerd successfully booted in 0.041225s".into(),
            ));
        }
        "docker.service" => {
            v.push(("dockerd", "Daemon has completed initialization".into()));
            v.push(("dockerd", "API listen on /run/docker.sock".into()));
        }
        "crio.service" => {
            v.push((
                "crio",
                "Starting CRI-O, version: ".to_string() + &cfg.runtime_version(),
            ));
        }
        "cri-docker.service" => {
            v.push(("cri-dockerd", "Starting cri-dockerd dev (HEAD)".into()));
            v.push(("cri-dockerd", "Start cri-dockerd grpc backend".into()));
        }
        _ => {}
    }
    v.push(("systemd", format!("Started {unit} - {description}.")));
    v
}

/// Turns the daemon lines of [`start_lines`] into their real framing
/// (containerd's and cri-dockerd's logrus `time=… level=info msg=…`).
pub(crate) fn frame(ms: u64, ident: &str, line: &str) -> String {
    match ident {
        "containerd" => {
            // Lines carrying their own fields end the msg early (`msg="serving..." address=…`).
            if let Some((m, rest)) = line.split_once("\" ") {
                format!(
                    "time=\"{}\" level=info msg=\"{m}\" {rest}",
                    World::rfc3339(ms, true)
                )
            } else {
                logrus(ms, "info", line)
            }
        }
        "dockerd" | "cri-dockerd" => logrus(ms, "info", line),
        "crio" => format!(
            "time=\"{}\" level=info msg=\"{line}\"",
            World::rfc3339(ms, true)
        ),
        _ => line.to_string(),
    }
}

/// The long options journalctl takes here (the others are unrecognized).
pub(crate) const OPTIONS: [&str; 17] = [
    "unit",
    "lines",
    "no-pager",
    "pager-end",
    "catalog",
    "quiet",
    "no-hostname",
    "full",
    "all",
    "utc",
    "follow",
    "boot",
    "dmesg",
    "since",
    "until",
    "reverse",
    "output",
];

/// `journalctl`'s options that the model reads.
#[derive(Debug, Default)]
struct Query {
    units: Vec<String>,
    lines: Option<usize>,
    follow: bool,
    boot: Option<i64>,
    kernel: bool,
    since_ms: Option<u64>,
    until_ms: Option<u64>,
    reverse: bool,
    cat: bool,
}

/// `journalctl [-u UNIT] [-n N] [--no-pager] [-f] [-b [N]] [-k] [--since …] [-e] [-x] [-r] [-o cat]`.
pub(crate) fn journalctl(w: &World, argv: &[String], _io: &Io<'_>) -> Outcome {
    let q = match parse(w, argv) {
        Ok(q) => q,
        Err(e) => return Outcome::err(1, e),
    };
    let units = &w.node.units;
    let current = units.boot;
    let boot = q.boot.map(|b| {
        if b <= 0 {
            i64::from(current) + b
        } else {
            b - 1
        }
    });
    if let Some(b) = boot {
        if b < 0 || b > i64::from(current) {
            return Outcome::err(
                1,
                format!(
                    "No journal boot entry found from the specified boot offset ({:+}).",
                    q.boot.unwrap_or(0)
                ),
            );
        }
    }
    let mut picked: Vec<JournalEntry> = units
        .journal()
        .filter(|e| {
            (q.units.is_empty() || q.units.contains(&e.unit))
                && (!q.kernel || e.ident == "kernel")
                && boot.is_none_or(|b| i64::from(e.boot) == b)
                && q.since_ms.is_none_or(|s| e.ms >= s)
                && q.until_ms.is_none_or(|u| e.ms <= u)
        })
        .cloned()
        .collect();
    if q.kernel || q.units.is_empty() {
        for e in w.kernel_oom_lines() {
            if boot.is_none_or(|b| i64::from(e.boot) == b)
                && q.since_ms.is_none_or(|s| e.ms >= s)
                && q.until_ms.is_none_or(|u| e.ms <= u)
            {
                picked.push(e);
            }
        }
        crate::order::sort_by_key(&mut picked, |e| e.ms);
    }
    if let Some(n) = q.lines {
        let skip = picked.len().saturating_sub(n);
        picked.drain(..skip);
    }
    if q.reverse {
        picked.reverse();
    }
    let mut out = String::new();
    if picked.is_empty() {
        out.push_str("-- No entries --\n");
    }
    let mut last_boot: Option<u32> = None;
    for e in &picked {
        if let Some(b) = last_boot {
            if b != e.boot {
                out.push_str(&format!("-- Boot {} --\n", boot_id(e.boot)));
            }
        }
        last_boot = Some(e.boot);
        if q.cat {
            out.push_str(&e.line);
        } else {
            out.push_str(&render(e));
        }
        out.push('\n');
    }
    let mut o = Outcome::ok(out);
    if q.follow {
        o.follow = Some(Box::new(crate::engine::Follow::journal(
            w,
            q.units.clone(),
            q.kernel,
            q.cat,
        )));
    }
    o
}

/// A boot's id as journalctl prints it (32 hex digits, fixed per boot).
pub(crate) fn boot_id(boot: u32) -> String {
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15 ^ u64::from(boot).wrapping_mul(0x2545_f491_4f6c_dd1d);
    let mut s = String::new();
    for _ in 0..2 {
        x ^= x >> 33;
        x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
        x ^= x >> 33;
        s.push_str(&format!("{x:016x}"));
    }
    s
}

fn parse(w: &World, argv: &[String]) -> Result<Query, String> {
    let mut q = Query::default();
    let mut i = 1;
    let arg_of = |i: &mut usize, name: &str| -> Result<String, String> {
        *i += 1;
        argv.get(*i)
            .cloned()
            .ok_or_else(|| format!("journalctl: option '{name}' requires an argument"))
    };
    while i < argv.len() {
        let Some(a) = argv.get(i).map(String::as_str) else {
            break;
        };
        if let Some(long) = a.strip_prefix("--") {
            let (name, value) = match long.split_once('=') {
                Some((n, v)) => (n, Some(v.to_string())),
                None => (long, None),
            };
            let val = |i: &mut usize| -> Result<String, String> {
                match &value {
                    Some(v) => Ok(v.clone()),
                    None => arg_of(i, &format!("--{name}")),
                }
            };
            if !OPTIONS.contains(&name) {
                return Err(format!("journalctl: unrecognized option '--{name}'"));
            }
            match name {
                "unit" => q.units.push(unit_name(&val(&mut i)?)),
                "lines" => q.lines = Some(lines(value.as_deref().unwrap_or("10"))?),
                "no-pager" | "pager-end" | "catalog" | "quiet" | "no-hostname" | "full" | "all"
                | "utc" => {}
                "follow" => {
                    q.follow = true;
                }
                "boot" => q.boot = Some(boot_arg(value.as_deref())?),
                "dmesg" => q.kernel = true,
                "since" => q.since_ms = Some(time_arg(w, &val(&mut i)?)?),
                "until" => q.until_ms = Some(time_arg(w, &val(&mut i)?)?),
                "reverse" => q.reverse = true,
                "output" => q.cat = val(&mut i)? == "cat",
                _ => return Err(format!("journalctl: unrecognized option '--{name}'")),
            }
            i += 1;
            continue;
        }
        if let Some(shorts) = a.strip_prefix('-').filter(|s| !s.is_empty()) {
            let chars: Vec<char> = shorts.chars().collect();
            let mut j = 0;
            while j < chars.len() {
                let Some(&c) = chars.get(j) else {
                    break;
                };
                let rest: String = chars
                    .get(j + 1..)
                    .map(|r| r.iter().collect())
                    .unwrap_or_default();
                match c {
                    'u' | 'S' | 'U' | 'o' | 'p' => {
                        let v = if rest.is_empty() {
                            arg_of(&mut i, &format!("-{c}"))?
                        } else {
                            rest
                        };
                        match c {
                            'u' => q.units.push(unit_name(&v)),
                            'S' => q.since_ms = Some(time_arg(w, &v)?),
                            'U' => q.until_ms = Some(time_arg(w, &v)?),
                            'o' => q.cat = v == "cat",
                            _ => {}
                        }
                        break;
                    }
                    'n' => {
                        if !rest.is_empty() {
                            q.lines = Some(lines(&rest)?);
                            break;
                        }
                        match argv.get(i + 1) {
                            Some(n) if n.parse::<usize>().is_ok() || n == "all" => {
                                q.lines = Some(lines(n)?);
                                i += 1;
                            }
                            _ => q.lines = Some(10),
                        }
                    }
                    'b' => {
                        if !rest.is_empty() {
                            q.boot = Some(boot_arg(Some(&rest))?);
                            break;
                        }
                        match argv.get(i + 1) {
                            Some(n) if n.parse::<i64>().is_ok() => {
                                q.boot = Some(boot_arg(Some(n))?);
                                i += 1;
                            }
                            _ => q.boot = Some(0),
                        }
                    }
                    'f' => {
                        q.follow = true;
                    }
                    'e' => {
                        if q.lines.is_none() {
                            q.lines = Some(1000);
                        }
                    }
                    'k' => {
                        q.kernel = true;
                        if q.boot.is_none() {
                            q.boot = Some(0);
                        }
                    }
                    'r' => q.reverse = true,
                    'x' | 'q' | 'a' | 'l' => {}
                    _ => return Err(format!("journalctl: invalid option -- '{c}'")),
                }
                j += 1;
            }
            i += 1;
            continue;
        }
        // A match (`_SYSTEMD_UNIT=…`) or a path: only unit matches are read.
        if let Some(u) = a.strip_prefix("_SYSTEMD_UNIT=") {
            q.units.push(unit_name(u));
        }
        i += 1;
    }
    if q.follow && q.lines.is_none() {
        q.lines = Some(10);
    }
    if q.kernel && q.boot.is_none() {
        q.boot = Some(0);
    }
    Ok(q)
}

fn lines(v: &str) -> Result<usize, String> {
    if v == "all" {
        return Ok(usize::MAX);
    }
    let v = v.trim_start_matches('+');
    v.parse()
        .map_err(|_| format!("Failed to parse lines '{v}'"))
}

fn boot_arg(v: Option<&str>) -> Result<i64, String> {
    match v {
        None => Ok(0),
        Some(s) => s
            .parse()
            .map_err(|_| format!("Failed to parse boot descriptor '{s}'")),
    }
}

/// `--since`/`--until`: `YYYY-MM-DD [HH:MM[:SS]]`, `HH:MM[:SS]` (today),
/// `today`, `yesterday`, `now`, `-5min`, `10 min ago`, `1h ago`.
fn time_arg(w: &World, v: &str) -> Result<u64, String> {
    let bad = || format!("Failed to parse timestamp: {v}");
    let now = w.now_ms();
    // The world's day begins at ms 0 (09:00:00) minus nine hours.
    let day_start = |ms: u64| -> i64 {
        let secs = 1_767_603_600 + ms / 1000;
        (secs - secs % 86_400) as i64 - 1_767_603_600
    };
    let t = v.trim();
    let rel = t
        .strip_suffix(" ago")
        .map(|r| (r.trim(), -1i64))
        .or_else(|| t.strip_prefix('-').map(|r| (r.trim(), -1)))
        .or_else(|| t.strip_prefix('+').map(|r| (r.trim(), 1)));
    let at = |s: i64| -> u64 { s.max(0) as u64 };
    if let Some((r, sign)) = rel {
        let digits: String = r.chars().take_while(char::is_ascii_digit).collect();
        let unit = r[digits.len()..].trim();
        let n: i64 = digits.parse().map_err(|_| bad())?;
        let ms = match unit {
            "s" | "sec" | "second" | "seconds" => 1000,
            "m" | "min" | "minute" | "minutes" => 60_000,
            "h" | "hour" | "hours" => 3_600_000,
            "d" | "day" | "days" => 86_400_000,
            _ => return Err(bad()),
        };
        return Ok(at(now as i64 + sign * n * ms));
    }
    match t {
        "now" => return Ok(now),
        "today" => return Ok(at(day_start(now) * 1000)),
        "yesterday" => return Ok(at((day_start(now) - 86_400) * 1000)),
        _ => {}
    }
    let (date, time) = match t.split_once(' ') {
        Some((d, tm)) => (Some(d), tm),
        None if t.contains('-') => (Some(t), "00:00:00"),
        None => (None, t),
    };
    let hms: Vec<i64> = time
        .split(':')
        .map(|p| p.parse::<i64>().map_err(|_| bad()))
        .collect::<Result<_, _>>()?;
    let secs_of_day = match hms.as_slice() {
        [h, m] => h * 3600 + m * 60,
        [h, m, s] => h * 3600 + m * 60 + s,
        _ => return Err(bad()),
    };
    let day = match date {
        None => day_start(now),
        Some(d) => {
            let parts: Vec<i64> = d
                .split('-')
                .map(|p| p.parse::<i64>().map_err(|_| bad()))
                .collect::<Result<_, _>>()?;
            let [y, m, dd] = parts.as_slice() else {
                return Err(bad());
            };
            days_from_civil(*y, *m, *dd) * 86_400 - 1_767_603_600
        }
    };
    Ok(at((day + secs_of_day) * 1000))
}

/// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

impl World {
    /// The kernel's lines for the OOM kills the model has seen (a
    /// container killed by its memory cgroup), as `journalctl -k` shows them.
    pub(crate) fn kernel_oom_lines(&self) -> Vec<JournalEntry> {
        let mut v = Vec::new();
        for c in self.ctrs.values() {
            if !c.oom || c.pid == 0 {
                continue;
            }
            let comm = c
                .args
                .first()
                .map(|a| super::fs::base(a).to_string())
                .unwrap_or_default();
            // The sizes are the model's estimate from the limit (the
            // kernel prints the process's real counters).
            let kb = c.memory_limit.unwrap_or(0) / 1024;
            let line = format!(
                "Memory cgroup out of memory: Killed process {} ({comm}) total-vm:{}kB, anon-rss:{}kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:{}kB oom_score_adj:999",
                c.pid,
                kb + 7_416,
                kb.saturating_sub(364),
                kb / 512 + 44
            );
            // Which boot: the last boot that began before the kill.
            let boot = if c.finished_ms >= self.node.units.boot_ms {
                self.node.units.boot
            } else {
                self.node.units.boot.saturating_sub(1)
            };
            v.push(JournalEntry {
                ms: c.finished_ms,
                unit: String::new(),
                ident: "kernel".into(),
                pid: 0,
                line,
                boot,
            });
        }
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_stamps_read_as_systemd_writes_them() {
        assert_eq!(short_time(1_500), "Jan 05 09:00:01");
        assert_eq!(systemd_time(0), "Mon 2026-01-05 09:00:00 UTC");
        assert_eq!(ago(300_000), "5min ago");
        assert_eq!(ago(61_000), "1min 1s ago");
        assert_eq!(ago(4_000), "4s ago");
        assert_eq!(ago(3_720_000), "1h 2min ago");
        assert_eq!(
            klog(1_234, 'E', 803, "run.go:72", "\"command failed\""),
            "E0105 09:00:01.234517     803 run.go:72] \"command failed\""
        );
        assert_eq!(boot_id(0).len(), 32);
        assert_ne!(boot_id(0), boot_id(1));
    }
}
