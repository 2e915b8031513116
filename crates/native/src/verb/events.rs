//! `events [--stats] [--interval D]`: the container's cgroup statistics as
//! runc prints them (`events.go`, `types/events.go`): one JSON object per
//! line, `{"type":"stats","id":…,"data":{cpu, cpuset, memory, pids, blkio,
//! hugetlb, intel_rdt, network_interfaces}}`, once with `--stats`, else
//! every interval (default 5s), and `{"type":"oom","id":…}` when the kernel
//! reports an OOM kill. As runc's, it ends when its OOM watch says the
//! container is gone: on cgroup v1 when the memory cgroup is removed
//! (`delete`), on v2 when the cgroup has no process left.

use crate::cgroup::{read_trimmed, Cgroup};
use crate::ctx::Ctx;
use crate::error::{Error, Result};
use crate::state::{Container, Status};
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::Write;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::os::unix::ffi::OsStringExt;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// `events ID`.
pub fn events(ctx: &Ctx, id: &str, stats: bool, interval: Option<&str>) -> Result<i32> {
    let c = Container::open(&ctx.root, id)?;
    let saved = c.load()?.ok_or(Error::NotExist)?;
    let every = match interval {
        Some(t) => go_duration(t).unwrap_or(Duration::ZERO),
        None => Duration::from_secs(5),
    };
    if every.is_zero() {
        return Err(Error::Refused(
            "duration interval must be greater than 0".into(),
        ));
    }
    if c.status(&saved) == Status::Stopped {
        return Err(Error::Refused(format!(
            "container with id {id} is not running"
        )));
    }
    let cg = Cgroup::from_dirs(&saved.cgroups, !saved.cgroup_v1());
    drop(c);
    let mut out = std::io::stdout();
    let mut print = |typ: &'static str, data: Option<Stats>| -> Result<()> {
        let line = serde_json::to_string(&Event { typ, id, data })
            .map_err(|e| Error::Config(e.to_string()))?;
        writeln!(out, "{line}").map_err(|e| Error::io("write stdout", e))?;
        let _ = out.flush();
        Ok(())
    };
    if stats {
        print("stats", Some(collect(&cg)))?;
        return Ok(0);
    }
    // runc: a stats event every interval (the first after one interval),
    // an `oom` event whenever its OOM watch reports one, the end when the
    // watch says the container is gone.
    let mut watch = OomWatch::new(&cg);
    let mut next = Instant::now() + every;
    loop {
        // v2: a cgroup emptied before the watch was set (or whose change
        // was missed) sends nothing more: the end, without a last line.
        if watch.as_ref().is_some_and(OomWatch::emptied) {
            return Ok(0);
        }
        let wait = next_wait(&mut next, every, &mut print, &cg)?;
        match &mut watch {
            Some(w) => {
                // As runc: an OOM read before the end is printed first.
                let n = w.wait(wait);
                if n.oom {
                    print("oom", None)?;
                }
                if n.gone {
                    return Ok(0);
                }
            }
            None => {
                std::thread::sleep(wait);
                // No memory cgroup to watch (runc refuses `events` then):
                // the container's own status says when to stop.
                let Ok(c) = Container::open(&ctx.root, id) else {
                    return Ok(0);
                };
                match c.load() {
                    Ok(Some(s)) if c.status(&s) != Status::Stopped => {}
                    _ => return Ok(0),
                }
            }
        }
    }
}

/// Prints the stats line when its time has come (the first one interval
/// after the start, as runc's ticker) and says how long to wait for the
/// next; an OOM stream never holds the stats back.
fn next_wait(
    next: &mut Instant,
    every: Duration,
    print: &mut impl FnMut(&'static str, Option<Stats>) -> Result<()>,
    cg: &Cgroup,
) -> Result<Duration> {
    if Instant::now() >= *next {
        *next += every;
        print("stats", Some(collect(cg)))?;
    }
    Ok(next.saturating_duration_since(Instant::now()))
}

/// What an OOM watch saw in one read: an OOM kill, the end, or both (an
/// OOM-killed last process: the kill, then the empty cgroup).
#[derive(Debug, PartialEq, Default)]
struct Notice {
    oom: bool,
    gone: bool,
}

/// runc's `NotifyOOM`: on v1 an eventfd registered through
/// `cgroup.event_control` on `memory.oom_control` (`notifyOnOOM`), which the
/// kernel also signals when the cgroup is removed; on v2 an inotify watch on
/// `memory.events` (an OOM when `oom_kill` is above 0) and on
/// `cgroup.events` (gone when `populated` is 0), as `registerMemoryEventV2`.
struct OomWatch {
    fd: OwnedFd,
    how: How,
}

enum How {
    V1 {
        dir: PathBuf,
        _oom_control: std::fs::File,
    },
    V2 {
        dir: PathBuf,
        /// The watch on `memory.events`, none without the memory controller.
        memory: Option<i32>,
        cgroup: i32,
    },
}

impl OomWatch {
    fn new(cg: &Cgroup) -> Option<OomWatch> {
        if cg.v2 {
            Self::v2(cg.dir("")?)
        } else {
            Self::v1(cg.dir("memory")?)
        }
    }

    fn v1(dir: &Path) -> Option<OomWatch> {
        let oom_control = std::fs::File::open(dir.join("memory.oom_control")).ok()?;
        // SAFETY: eventfd(2) returns a new descriptor or -1.
        let fd = owned(unsafe { libc::eventfd(0, libc::EFD_CLOEXEC) })?;
        let line = format!("{} {}", fd.as_raw_fd(), oom_control.as_raw_fd());
        std::fs::write(dir.join("cgroup.event_control"), line).ok()?;
        Some(OomWatch {
            fd,
            how: How::V1 {
                dir: dir.to_path_buf(),
                _oom_control: oom_control,
            },
        })
    }

    fn v2(dir: &Path) -> Option<OomWatch> {
        // SAFETY: inotify_init1(2) returns a new descriptor or -1.
        let fd = owned(unsafe { libc::inotify_init1(libc::IN_CLOEXEC) })?;
        let watch = |name: &str| {
            let path = std::ffi::CString::new(dir.join(name).into_os_string().into_vec()).ok()?;
            // SAFETY: a valid descriptor and a NUL-terminated path.
            let wd =
                unsafe { libc::inotify_add_watch(fd.as_raw_fd(), path.as_ptr(), libc::IN_MODIFY) };
            (wd >= 0).then_some(wd)
        };
        let cgroup = watch("cgroup.events")?;
        let memory = watch("memory.events");
        Some(OomWatch {
            fd,
            how: How::V2 {
                dir: dir.to_path_buf(),
                memory,
                cgroup,
            },
        })
    }

    /// v2: whether the cgroup has no process left (`populated 0`, or the
    /// file is gone), read directly. v1 has its eventfd for that.
    fn emptied(&self) -> bool {
        match &self.how {
            How::V1 { .. } => false,
            How::V2 { dir, .. } => {
                key_value(&read_trimmed(&dir.join("cgroup.events")), "populated").unwrap_or(0) == 0
            }
        }
    }

    /// Waits up to `d` for what the kernel reports.
    fn wait(&mut self, d: Duration) -> Notice {
        let mut p = libc::pollfd {
            fd: self.fd.as_raw_fd(),
            events: libc::POLLIN,
            revents: 0,
        };
        // Rounded up: a wait cut to whole milliseconds would spin before a tick.
        let ms = d.as_micros().div_ceil(1000);
        let ms = libc::c_int::try_from(ms).unwrap_or(libc::c_int::MAX);
        // SAFETY: one valid pollfd for the call.
        let n = unsafe { libc::poll(&mut p, 1, ms) };
        if n <= 0 || p.revents & libc::POLLIN == 0 {
            return Notice::default();
        }
        let mut buf = [0u8; 4096];
        // SAFETY: reads at most `buf.len()` bytes into `buf`.
        let r = unsafe { libc::read(self.fd.as_raw_fd(), buf.as_mut_ptr().cast(), buf.len()) };
        let Ok(len) = usize::try_from(r) else {
            return Notice::default();
        };
        match &self.how {
            // The kernel also signals when the cgroup is removed.
            How::V1 { dir, .. } if len == 8 => {
                let gone = !dir.join("cgroup.event_control").exists();
                Notice { oom: !gone, gone }
            }
            How::V1 { .. } => Notice::default(),
            How::V2 {
                dir,
                memory,
                cgroup,
            } => v2_notice(&buf[..len], *memory, *cgroup, |file, key| {
                key_value(&read_trimmed(&dir.join(file)), key)
            }),
        }
    }
}

/// What a read of inotify events means, as runc reads them: a change of
/// `memory.events` with `oom_kill` above 0 (or unreadable) is an OOM, a
/// change of `cgroup.events` with `populated` 0 (or unreadable) the end.
fn v2_notice(
    events: &[u8],
    memory: Option<i32>,
    cgroup: i32,
    value: impl Fn(&str, &str) -> Option<u64>,
) -> Notice {
    const HEAD: usize = std::mem::size_of::<libc::inotify_event>();
    let mut notice = Notice::default();
    let mut at = 0;
    while at + HEAD <= events.len() {
        let field = |o: usize| {
            let b = &events[at + o..at + o + 4];
            u32::from_ne_bytes([b[0], b[1], b[2], b[3]])
        };
        let (wd, mask, name_len) = (field(0) as i32, field(4), field(12) as usize);
        at += HEAD + name_len;
        if mask & libc::IN_MODIFY == 0 {
            continue;
        }
        // In order, as runc: an OOM before the end is reported, then the end.
        if Some(wd) == memory && value("memory.events", "oom_kill").is_none_or(|n| n > 0) {
            notice.oom = true;
        }
        if wd == cgroup && value("cgroup.events", "populated").unwrap_or(0) == 0 {
            notice.gone = true;
            break;
        }
    }
    notice
}

/// `key N` in a flat-keyed cgroup file.
fn key_value(text: &str, key: &str) -> Option<u64> {
    text.lines()
        .find_map(|l| l.strip_prefix(key)?.strip_prefix(' ')?.trim().parse().ok())
}

/// A descriptor a call returned, or none for -1.
fn owned(fd: libc::c_int) -> Option<OwnedFd> {
    // SAFETY: a descriptor just returned to us, owned from here.
    (fd >= 0).then(|| unsafe { OwnedFd::from_raw_fd(fd) })
}

/// Go's `time.ParseDuration` for what people type (`5s`, `100ms`, `1m30s`, `1.5s`).
pub fn go_duration(s: &str) -> Option<Duration> {
    if s == "0" {
        return Some(Duration::ZERO);
    }
    let mut rest = s;
    let mut total = 0f64;
    while !rest.is_empty() {
        let n = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(rest.len());
        let num: f64 = rest[..n].parse().ok()?;
        rest = &rest[n..];
        let u = rest
            .find(|c: char| c.is_ascii_digit() || c == '.')
            .unwrap_or(rest.len());
        let unit = match &rest[..u] {
            "ns" => 1e-9,
            "us" | "µs" => 1e-6,
            "ms" => 1e-3,
            "s" => 1.0,
            "m" => 60.0,
            "h" => 3600.0,
            _ => return None,
        };
        rest = &rest[u..];
        total += num * unit;
    }
    Some(Duration::from_secs_f64(total))
}

#[derive(Serialize)]
struct Event<'a> {
    #[serde(rename = "type")]
    typ: &'static str,
    id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    data: Option<Stats>,
}

#[derive(Serialize, Default)]
struct Stats {
    cpu: Cpu,
    cpuset: Cpuset,
    memory: Memory,
    pids: Pids,
    blkio: Empty,
    hugetlb: Empty,
    intel_rdt: Empty,
    network_interfaces: Option<Vec<()>>,
}

#[derive(Serialize, Default)]
struct Empty {}

#[derive(Serialize, Default)]
struct Cpu {
    usage: CpuUsage,
    throttling: Throttling,
}

#[derive(Serialize, Default)]
struct CpuUsage {
    total: u64,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    percpu: Vec<u64>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    percpu_kernel: Vec<u64>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    percpu_user: Vec<u64>,
    kernel: u64,
    user: u64,
}

#[derive(Serialize, Default)]
struct Throttling {
    #[serde(skip_serializing_if = "is_zero")]
    periods: u64,
    #[serde(skip_serializing_if = "is_zero")]
    throttled_periods: u64,
    #[serde(skip_serializing_if = "is_zero")]
    throttled_time: u64,
}

#[derive(Serialize, Default)]
struct Cpuset {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    cpus: Vec<u64>,
    cpu_exclusive: u64,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    mems: Vec<u64>,
    mem_hardwall: u64,
    mem_exclusive: u64,
    memory_migrate: u64,
    memory_spread_page: u64,
    memory_spread_slab: u64,
    memory_pressure: u64,
    sched_load_balance: u64,
    sched_relax_domain_level: i64,
}

#[derive(Serialize, Default)]
struct MemoryEntry {
    limit: u64,
    #[serde(skip_serializing_if = "is_zero")]
    usage: u64,
    #[serde(skip_serializing_if = "is_zero")]
    max: u64,
    failcnt: u64,
}

#[derive(Serialize, Default)]
struct Memory {
    #[serde(skip_serializing_if = "is_zero")]
    cache: u64,
    usage: MemoryEntry,
    swap: MemoryEntry,
    kernel: MemoryEntry,
    #[serde(rename = "kernelTCP")]
    kernel_tcp: MemoryEntry,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    raw: BTreeMap<String, u64>,
}

#[derive(Serialize, Default)]
struct Pids {
    #[serde(skip_serializing_if = "is_zero")]
    current: u64,
    #[serde(skip_serializing_if = "is_zero")]
    limit: u64,
}

fn is_zero(v: &u64) -> bool {
    *v == 0
}

fn num(p: &Path) -> u64 {
    let t = read_trimmed(p);
    if t == "max" {
        return 0;
    }
    t.parse().unwrap_or(0)
}

fn list(p: &Path) -> Vec<u64> {
    read_trimmed(p)
        .split_whitespace()
        .filter_map(|w| w.parse().ok())
        .collect()
}

/// `0-2,4` → `[0, 1, 2, 4]`.
fn cpu_list(p: &Path) -> Vec<u64> {
    let mut out = Vec::new();
    for part in read_trimmed(p).split(',').filter(|s| !s.is_empty()) {
        match part.split_once('-') {
            Some((a, b)) => {
                if let (Ok(a), Ok(b)) = (a.parse::<u64>(), b.parse::<u64>()) {
                    out.extend(a..=b);
                }
            }
            None => out.extend(part.parse::<u64>().ok()),
        }
    }
    out
}

fn kv(p: &Path) -> BTreeMap<String, u64> {
    read_trimmed(p)
        .lines()
        .filter_map(|l| {
            let (k, v) = l.split_once(' ')?;
            Some((k.to_string(), v.trim().parse().ok()?))
        })
        .collect()
}

fn mem_entry(dir: &Path, prefix: &str) -> MemoryEntry {
    let f = |s: &str| num(&dir.join(format!("{prefix}.{s}")));
    MemoryEntry {
        limit: f("limit_in_bytes"),
        usage: f("usage_in_bytes"),
        max: f("max_usage_in_bytes"),
        failcnt: f("failcnt"),
    }
}

/// USER_HZ ticks (cpuacct.stat) in nanoseconds, as runc converts them.
const NS_PER_TICK: u64 = 1_000_000_000 / 100;

fn collect(cg: &Cgroup) -> Stats {
    let mut s = Stats::default();
    if cg.v2 {
        let Some(d) = cg.dir("") else { return s };
        let st = kv(&d.join("cpu.stat"));
        let g = |k: &str| st.get(k).copied().unwrap_or(0);
        s.cpu.usage.total = g("usage_usec") * 1000;
        s.cpu.usage.user = g("user_usec") * 1000;
        s.cpu.usage.kernel = g("system_usec") * 1000;
        s.cpu.throttling.periods = g("nr_periods");
        s.cpu.throttling.throttled_periods = g("nr_throttled");
        s.cpu.throttling.throttled_time = g("throttled_usec") * 1000;
        s.memory.usage = MemoryEntry {
            limit: match read_trimmed(&d.join("memory.max")).as_str() {
                "max" | "" => u64::MAX,
                v => v.parse().unwrap_or(0),
            },
            usage: num(&d.join("memory.current")),
            max: num(&d.join("memory.peak")),
            failcnt: 0,
        };
        s.memory.swap.usage = num(&d.join("memory.swap.current"));
        s.memory.raw = kv(&d.join("memory.stat"));
        s.memory.cache = s.memory.raw.get("file").copied().unwrap_or(0);
        s.pids.current = num(&d.join("pids.current"));
        s.pids.limit = num(&d.join("pids.max"));
        s.cpuset.cpus = cpu_list(&d.join("cpuset.cpus.effective"));
        s.cpuset.mems = cpu_list(&d.join("cpuset.mems.effective"));
        return s;
    }
    if let Some(d) = cg.dir("cpuacct") {
        s.cpu.usage.total = num(&d.join("cpuacct.usage"));
        s.cpu.usage.percpu = list(&d.join("cpuacct.usage_percpu"));
        let all = read_trimmed(&d.join("cpuacct.usage_all"));
        for l in all.lines().skip(1) {
            let w: Vec<u64> = l
                .split_whitespace()
                .filter_map(|x| x.parse().ok())
                .collect();
            if let [_, sys, user] = w[..] {
                s.cpu.usage.percpu_kernel.push(sys);
                s.cpu.usage.percpu_user.push(user);
            }
        }
        let st = kv(&d.join("cpuacct.stat"));
        s.cpu.usage.user = st.get("user").copied().unwrap_or(0) * NS_PER_TICK;
        s.cpu.usage.kernel = st.get("system").copied().unwrap_or(0) * NS_PER_TICK;
    }
    if let Some(d) = cg.dir("cpu") {
        let st = kv(&d.join("cpu.stat"));
        s.cpu.throttling.periods = st.get("nr_periods").copied().unwrap_or(0);
        s.cpu.throttling.throttled_periods = st.get("nr_throttled").copied().unwrap_or(0);
        s.cpu.throttling.throttled_time = st.get("throttled_time").copied().unwrap_or(0);
    }
    if let Some(d) = cg.dir("cpuset") {
        let f = |n: &str| num(&d.join(format!("cpuset.{n}")));
        s.cpuset = Cpuset {
            cpus: cpu_list(&d.join("cpuset.cpus")),
            cpu_exclusive: f("cpu_exclusive"),
            mems: cpu_list(&d.join("cpuset.mems")),
            mem_hardwall: f("mem_hardwall"),
            mem_exclusive: f("mem_exclusive"),
            memory_migrate: f("memory_migrate"),
            memory_spread_page: f("memory_spread_page"),
            memory_spread_slab: f("memory_spread_slab"),
            memory_pressure: f("memory_pressure"),
            sched_load_balance: f("sched_load_balance"),
            sched_relax_domain_level: read_trimmed(&d.join("cpuset.sched_relax_domain_level"))
                .parse()
                .unwrap_or(0),
        };
    }
    if let Some(d) = cg.dir("memory") {
        s.memory.usage = mem_entry(d, "memory");
        s.memory.swap = mem_entry(d, "memory.memsw");
        s.memory.kernel = mem_entry(d, "memory.kmem");
        s.memory.kernel_tcp = mem_entry(d, "memory.kmem.tcp");
        s.memory.raw = kv(&d.join("memory.stat"));
        s.memory.cache = s.memory.raw.get("cache").copied().unwrap_or(0);
    }
    if let Some(d) = cg.dir("pids") {
        s.pids.current = num(&d.join("pids.current"));
        s.pids.limit = num(&d.join("pids.max"));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_as_go_reads_them() {
        assert_eq!(go_duration("5s"), Some(Duration::from_secs(5)));
        assert_eq!(go_duration("100ms"), Some(Duration::from_millis(100)));
        assert_eq!(go_duration("1m30s"), Some(Duration::from_secs(90)));
        assert_eq!(go_duration("0s"), Some(Duration::ZERO));
        assert_eq!(go_duration("x"), None);
    }

    /// inotify events as the kernel lays them out: wd, mask, cookie, len, name.
    fn event(wd: i32, mask: u32, name: &[u8]) -> Vec<u8> {
        let mut b = Vec::new();
        b.extend(wd.to_ne_bytes());
        b.extend(mask.to_ne_bytes());
        b.extend(0u32.to_ne_bytes());
        b.extend((name.len() as u32).to_ne_bytes());
        b.extend(name);
        b
    }

    #[test]
    fn v2_events_read_as_runc_reads_them() {
        let files = |oom: u64, populated: u64| {
            move |file: &str, key: &str| match (file, key) {
                ("memory.events", "oom_kill") => Some(oom),
                ("cgroup.events", "populated") => Some(populated),
                _ => None,
            }
        };
        let (mem, cg) = (Some(1), 2);
        let modify = libc::IN_MODIFY;
        let saw = |oom, gone| Notice { oom, gone };
        let one = |wd| event(wd, modify, b"");
        assert_eq!(v2_notice(&one(1), mem, cg, files(1, 1)), saw(true, false));
        assert_eq!(v2_notice(&one(1), mem, cg, files(0, 1)), saw(false, false));
        assert_eq!(v2_notice(&one(2), mem, cg, files(0, 1)), saw(false, false));
        assert_eq!(v2_notice(&one(2), mem, cg, files(0, 0)), saw(false, true));
        // The last process OOM-killed: the kill, then the empty cgroup, in
        // one read (the first record with a name): both, as runc prints both.
        let both = [event(1, modify, &[0; 16]), one(2)].concat();
        assert_eq!(v2_notice(&both, mem, cg, files(1, 0)), saw(true, true));
        // The end first: what follows it is not read (runc closes there).
        let after = [one(2), one(1)].concat();
        assert_eq!(v2_notice(&after, mem, cg, files(1, 0)), saw(false, true));
        // Not a modification; a short read; no memory controller.
        let ignored = event(2, libc::IN_IGNORED, b"");
        assert_eq!(v2_notice(&ignored, mem, cg, files(0, 0)), saw(false, false));
        assert_eq!(v2_notice(&[0; 7], mem, cg, files(1, 0)), saw(false, false));
        assert_eq!(v2_notice(&one(1), None, cg, files(1, 1)), saw(false, false));
        // Unreadable values: runc reports an OOM, and the end.
        assert_eq!(v2_notice(&one(1), mem, cg, |_, _| None), saw(true, false));
        assert_eq!(v2_notice(&one(2), mem, cg, |_, _| None), saw(false, true));
        assert_eq!(key_value("low 0\noom 2\noom_kill 1\n", "oom_kill"), Some(1));
        assert_eq!(key_value("populated 0\nfrozen 0", "populated"), Some(0));
        assert_eq!(key_value("oom 3", "oom_kill"), None);
    }
}
