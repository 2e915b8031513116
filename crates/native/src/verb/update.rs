//! `update`: new cgroup limits for a container that runs (runc's
//! `update.go`), from flags, `-r FILE` or `-r -` (stdin, as containerd's
//! `Task.Update` sends it). The files written are the core's
//! [`resource_writes`] of the new values (devices never: runc's
//! `SkipDevices`), and the saved config gets them so that later `update`s and
//! `events` see them.

use crate::cgroup::Cgroup;
use crate::ctx::Ctx;
use crate::error::{Error, Result};
use crate::state::{Container, Status};
use atlas_core::oci::{resource_writes, CgroupVersion, OciRuntime, Op, ResourceScope};
use oci_spec::runtime::{LinuxCpu, LinuxMemory, LinuxResources};
use std::io::Read;

/// `update [-r FILE|-] [FLAGS] ID`.
pub fn update(
    ctx: &Ctx,
    id: &str,
    resources: Option<&str>,
    set: &[(String, String)],
) -> Result<i32> {
    let c = Container::open(&ctx.root, id)?;
    let mut saved = c.load()?.ok_or(Error::NotExist)?;
    let new = match resources {
        Some(path) => read_resources(path)?,
        None => from_flags(set)?,
    };
    let mem = new.memory().as_ref();
    if mem.and_then(|m| m.kernel()).unwrap_or(0) != 0
        || mem.and_then(|m| m.kernel_tcp()).unwrap_or(0) != 0
    {
        warn(
            ctx,
            "Kernel memory settings are ignored and will be removed",
        );
    }
    if flag(set, "l3-cache-schema").is_some() {
        return Err(Error::Refused(
            "Intel RDT/CAT: l3 cache schema is not enabled".into(),
        ));
    }
    if flag(set, "mem-bw-schema").is_some() {
        return Err(Error::Refused(
            "Intel RDT/MBA: memory bandwidth schema is not enabled".into(),
        ));
    }
    if c.status(&saved) == Status::Stopped {
        return Err(Error::Refused("container not running".into()));
    }
    let mut spec = super::saved_spec(&saved)?;
    let old = spec
        .linux()
        .as_ref()
        .and_then(|l| l.resources().clone())
        .unwrap_or_default();
    let writes = with_old_cpu_bandwidth(&new, &old);
    let v1 = saved.cgroup_v1();
    let cg = Cgroup::from_dirs(&saved.cgroups, !v1);
    if v1 {
        let swappiness = writes.memory().as_ref().and_then(|m| m.swappiness());
        atlas_core::oci::check_swappiness(swappiness).map_err(|_| {
            Error::Refused(format!(
                "invalid memory swappiness value: {} (valid range is 0-100)",
                swappiness.unwrap_or(0)
            ))
        })?;
    }
    let version = if v1 {
        CgroupVersion::V1
    } else {
        CgroupVersion::V2
    };
    let memory_limit = cg.read("memory.limit_in_bytes").parse().unwrap_or(u64::MAX);
    for op in resource_writes(
        &writes,
        version,
        OciRuntime::Runc,
        ResourceScope::Update { memory_limit },
    ) {
        if let Op::CgroupWrite { file, value } = op {
            cg.write(file, value)?;
        }
    }
    let merged = merge(old, &writes);
    if let Some(l) = spec.linux_mut() {
        l.set_resources(Some(merged));
    }
    saved.config = serde_json::to_string(&spec)
        .map_err(|e| Error::Config(format!("cannot save the new config: {e}")))?;
    c.save(&saved)?;
    Ok(0)
}

fn flag<'a>(set: &'a [(String, String)], name: &str) -> Option<&'a str> {
    set.iter()
        .rev()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
}

/// A `LinuxResources` JSON from a file or stdin (`-`).
fn read_resources(path: &str) -> Result<LinuxResources> {
    let mut text = String::new();
    if path == "-" {
        std::io::stdin()
            .read_to_string(&mut text)
            .map_err(|e| Error::io("read stdin", e))?;
    } else {
        text = std::fs::read_to_string(path)
            .map_err(|e| Error::Refused(format!("open {path}: {}", crate::cgroup::go_errno(&e))))?;
    }
    serde_json::from_str(&text).map_err(|e| {
        let m = e.to_string();
        Error::Config(m.split(" at line ").next().unwrap_or(&m).to_string())
    })
}

/// docker/go-units `RAMInBytes`: `64m`, `1g`, `512k`, `100` (binary units).
pub fn ram_in_bytes(s: &str) -> Option<i64> {
    let t = s.trim_end_matches(['b', 'B']);
    let t = t.strip_suffix(['i', 'I']).unwrap_or(t);
    let (num, mult) = match t.chars().last()? {
        'k' | 'K' => (&t[..t.len() - 1], 1i64 << 10),
        'm' | 'M' => (&t[..t.len() - 1], 1 << 20),
        'g' | 'G' => (&t[..t.len() - 1], 1 << 30),
        't' | 'T' => (&t[..t.len() - 1], 1 << 40),
        'p' | 'P' => (&t[..t.len() - 1], 1 << 50),
        _ => (t, 1),
    };
    let num = num.trim_end_matches(' ');
    if num.is_empty() || !num.chars().all(|c| c.is_ascii_digit() || c == '.') {
        return None;
    }
    let v: f64 = num.parse().ok()?;
    Some((v * mult as f64) as i64)
}

fn parse_err(opt: &str, func: &str, v: &str) -> Error {
    Error::Refused(format!(
        "invalid value for {opt}: strconv.{func}: parsing {}: invalid syntax",
        atlas_core::command::error::go_quote(v)
    ))
}

/// runc's flags into resources (0 = unchanged).
fn from_flags(set: &[(String, String)]) -> Result<LinuxResources> {
    let mut r = LinuxResources::default();
    let mut cpu = LinuxCpu::default();
    let mut mem = LinuxMemory::default();
    let mut any_cpu = false;
    let mut any_mem = false;
    if let Some(v) = flag(set, "blkio-weight") {
        let w: u16 = v
            .parse()
            .map_err(|_| parse_err("blkio-weight", "ParseUint", v))?;
        if w != 0 {
            let mut b = oci_spec::runtime::LinuxBlockIo::default();
            b.set_weight(Some(w));
            r.set_block_io(Some(b));
        }
    }
    if let Some(v) = flag(set, "cpuset-cpus").filter(|v| !v.is_empty()) {
        cpu.set_cpus(Some(v.to_string()));
        any_cpu = true;
    }
    if let Some(v) = flag(set, "cpuset-mems").filter(|v| !v.is_empty()) {
        cpu.set_mems(Some(v.to_string()));
        any_cpu = true;
    }
    for opt in ["cpu-period", "cpu-rt-period", "cpu-share"] {
        if let Some(v) = flag(set, opt).filter(|v| !v.is_empty()) {
            let n: u64 = v.parse().map_err(|_| parse_err(opt, "ParseUint", v))?;
            match opt {
                "cpu-period" => cpu.set_period(Some(n)),
                "cpu-rt-period" => cpu.set_realtime_period(Some(n)),
                _ => cpu.set_shares(Some(n)),
            };
            any_cpu = true;
        }
    }
    for opt in ["cpu-quota", "cpu-rt-runtime"] {
        if let Some(v) = flag(set, opt).filter(|v| !v.is_empty()) {
            let n: i64 = v.parse().map_err(|_| parse_err(opt, "ParseInt", v))?;
            match opt {
                "cpu-quota" => cpu.set_quota(Some(n)),
                _ => cpu.set_realtime_runtime(Some(n)),
            };
            any_cpu = true;
        }
    }
    for opt in [
        "memory",
        "memory-swap",
        "kernel-memory",
        "kernel-memory-tcp",
        "memory-reservation",
    ] {
        if let Some(v) = flag(set, opt).filter(|v| !v.is_empty()) {
            let n = if v == "-1" {
                -1
            } else {
                ram_in_bytes(v).ok_or_else(|| {
                    Error::Refused(format!("invalid value for {opt}: invalid size: '{v}'"))
                })?
            };
            match opt {
                "memory" => mem.set_limit(Some(n)),
                "memory-swap" => mem.set_swap(Some(n)),
                "kernel-memory" => mem.set_kernel(Some(n)),
                "kernel-memory-tcp" => mem.set_kernel_tcp(Some(n)),
                _ => mem.set_reservation(Some(n)),
            };
            any_mem = true;
        }
    }
    if let Some(v) = flag(set, "pids-limit") {
        let n: i64 = v.parse().unwrap_or(0);
        if n != 0 {
            let mut p = oci_spec::runtime::LinuxPids::default();
            p.set_limit(n);
            r.set_pids(Some(p));
        }
    }
    if any_cpu {
        r.set_cpu(Some(cpu));
    }
    if any_mem {
        r.set_memory(Some(mem));
    }
    Ok(r)
}

/// runc: quota or period given alone keeps the other's old value.
fn with_old_cpu_bandwidth(new: &LinuxResources, old: &LinuxResources) -> LinuxResources {
    let mut w = new.clone();
    if let Some(c) = w.cpu_mut() {
        let q = c.quota().unwrap_or(0);
        let p = c.period().unwrap_or(0);
        let oc = old.cpu().as_ref();
        if q != 0 && p == 0 {
            c.set_period(oc.and_then(|o| o.period()).filter(|p| *p != 0));
        } else if p != 0 && q == 0 {
            c.set_quota(oc.and_then(|o| o.quota()).filter(|q| *q != 0));
        }
    }
    w
}

fn pick<T: Copy + PartialEq + Default>(new: Option<T>, old: Option<T>) -> Option<T> {
    new.filter(|v| *v != T::default()).or(old)
}

/// The saved resources with the update's non-zero values over them.
fn merge(mut old: LinuxResources, new: &LinuxResources) -> LinuxResources {
    if let Some(n) = new.memory() {
        let mut m = (*old.memory()).unwrap_or_default();
        m.set_limit(pick(n.limit(), m.limit()));
        m.set_swap(pick(n.swap(), m.swap()));
        m.set_reservation(pick(n.reservation(), m.reservation()));
        m.set_swappiness(n.swappiness().or(m.swappiness()));
        m.set_disable_oom_killer(n.disable_oom_killer().or(m.disable_oom_killer()));
        old.set_memory(Some(m));
    }
    if let Some(n) = new.cpu() {
        let mut c = old.cpu().clone().unwrap_or_default();
        c.set_shares(pick(n.shares(), c.shares()));
        c.set_quota(pick(n.quota(), c.quota()));
        c.set_period(pick(n.period(), c.period()));
        c.set_realtime_period(pick(n.realtime_period(), c.realtime_period()));
        c.set_realtime_runtime(pick(n.realtime_runtime(), c.realtime_runtime()));
        if n.cpus().as_deref().is_some_and(|s| !s.is_empty()) {
            c.set_cpus(n.cpus().clone());
        }
        if n.mems().as_deref().is_some_and(|s| !s.is_empty()) {
            c.set_mems(n.mems().clone());
        }
        old.set_cpu(Some(c));
    }
    if let Some(p) = new.pids().as_ref().filter(|p| p.limit() != 0) {
        old.set_pids(Some(*p));
    }
    if let Some(w) = new.block_io().as_ref().and_then(|b| b.weight()) {
        let mut b = old.block_io().clone().unwrap_or_default();
        b.set_weight(Some(w));
        old.set_block_io(Some(b));
    }
    if new.unified().is_some() {
        old.set_unified(new.unified().clone());
    }
    old
}

/// A logrus `level=warning` entry (runc's `logrus.Warn`).
fn warn(ctx: &Ctx, msg: &str) {
    use std::io::Write;
    let time = crate::log::now_rfc3339();
    let line = if ctx.log.json {
        serde_json::json!({"level": "warning", "msg": msg, "time": time}).to_string()
    } else {
        format!(
            "time={} level=warning msg={}",
            atlas_core::command::error::logrus_value(&time),
            atlas_core::command::error::logrus_value(msg)
        )
    };
    match &ctx.log.path {
        Some(p) => {
            if let Ok(mut f) = std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(p)
            {
                let _ = writeln!(f, "{line}");
            }
        }
        None => {
            let _ = writeln!(std::io::stderr(), "{line}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_are_docker_units() {
        assert_eq!(ram_in_bytes("96m"), Some(96 << 20));
        assert_eq!(ram_in_bytes("1g"), Some(1 << 30));
        assert_eq!(ram_in_bytes("512KiB"), Some(512 << 10));
        assert_eq!(ram_in_bytes("100"), Some(100));
        assert_eq!(ram_in_bytes("abc"), None);
    }

    #[test]
    fn quota_alone_keeps_the_old_period() {
        let old: LinuxResources =
            serde_json::from_str(r#"{"cpu":{"period":200000,"quota":10000}}"#).expect("old");
        let new = from_flags(&[("cpu-quota".into(), "50000".into())]).expect("flags");
        let w = with_old_cpu_bandwidth(&new, &old);
        let c = w.cpu().as_ref().expect("cpu");
        assert_eq!((c.quota(), c.period()), (Some(50000), Some(200000)));
        let m = merge(old, &w);
        assert_eq!(m.cpu().as_ref().and_then(|c| c.quota()), Some(50000));
    }
}
