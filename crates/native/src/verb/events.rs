//! `events [--stats] [--interval D]`: the container's cgroup statistics as
//! runc prints them (`events.go`, `types/events.go`): one JSON object per
//! line, `{"type":"stats","id":…,"data":{cpu, cpuset, memory, pids, blkio,
//! hugetlb, intel_rdt, network_interfaces}}`, once with `--stats`, else
//! every interval (default 5s) while the container lives, and
//! `{"type":"oom","id":…}` when the kernel reports an OOM (cgroup v1).

use crate::cgroup::{read_trimmed, Cgroup};
use crate::ctx::Ctx;
use crate::error::{Error, Result};
use crate::state::{Container, Status};
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;
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
    // an `oom` event whenever the kernel reports one (v1: an eventfd
    // registered on memory.oom_control).
    let oom = OomNotifier::new(&cg);
    let mut next = Instant::now() + every;
    loop {
        let wait = next.saturating_duration_since(Instant::now());
        if let Some(n) = &oom {
            if n.wait(wait) {
                if !n.cgroup_alive() {
                    return Ok(0);
                }
                print("oom", None)?;
                continue;
            }
        } else {
            std::thread::sleep(wait);
        }
        if Instant::now() < next {
            continue;
        }
        next += every;
        print("stats", Some(collect(&cg)))?;
        // runc goes on until it is killed; atlas stops with the container.
        let Ok(c) = Container::open(&ctx.root, id) else {
            return Ok(0);
        };
        match c.load() {
            Ok(Some(s)) if c.status(&s) != Status::Stopped => {}
            _ => return Ok(0),
        }
    }
}

/// cgroup v1's OOM notification: an eventfd registered through
/// `cgroup.event_control` on `memory.oom_control` (runc's `notifyOnOOM`).
struct OomNotifier {
    efd: std::os::fd::OwnedFd,
    _oom_control: std::fs::File,
    dir: std::path::PathBuf,
}

impl OomNotifier {
    fn new(cg: &Cgroup) -> Option<OomNotifier> {
        use std::os::fd::{AsRawFd, FromRawFd};
        if cg.v2 {
            return None;
        }
        let dir = cg.dir("memory")?.to_path_buf();
        let oom_control = std::fs::File::open(dir.join("memory.oom_control")).ok()?;
        // SAFETY: eventfd(2) returns a new descriptor or -1.
        let fd = unsafe { libc::eventfd(0, libc::EFD_CLOEXEC) };
        if fd < 0 {
            return None;
        }
        // SAFETY: `fd` is the new descriptor, owned from here.
        let efd = unsafe { std::os::fd::OwnedFd::from_raw_fd(fd) };
        let line = format!("{} {}", efd.as_raw_fd(), oom_control.as_raw_fd());
        std::fs::write(dir.join("cgroup.event_control"), line).ok()?;
        Some(OomNotifier {
            efd,
            _oom_control: oom_control,
            dir,
        })
    }

    /// Waits up to `d` for a notification; true when one came (and was read).
    fn wait(&self, d: Duration) -> bool {
        use std::os::fd::AsRawFd;
        let mut p = libc::pollfd {
            fd: self.efd.as_raw_fd(),
            events: libc::POLLIN,
            revents: 0,
        };
        let ms = libc::c_int::try_from(d.as_millis()).unwrap_or(libc::c_int::MAX);
        // SAFETY: one valid pollfd for the call.
        let n = unsafe { libc::poll(&mut p, 1, ms) };
        if n <= 0 || p.revents & libc::POLLIN == 0 {
            return false;
        }
        let mut buf = [0u8; 8];
        // SAFETY: reads 8 bytes into `buf`.
        let r = unsafe { libc::read(self.efd.as_raw_fd(), buf.as_mut_ptr().cast(), 8) };
        r == 8
    }

    /// The kernel also signals when the cgroup goes away.
    fn cgroup_alive(&self) -> bool {
        self.dir.join("cgroup.event_control").exists()
    }
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
}
