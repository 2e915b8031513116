//! The container's cgroup resources: the files runc (`fs2.Manager.Set`,
//! `fs.Manager.Set`) or crun (`update_cgroup_v2_resources`) writes for
//! `linux.resources`, in each runtime's order, on cgroup v1 or v2, and the
//! device filter. [`resource_writes`] is the one list both `create`'s plan and
//! `update` (native `atlas-runtime update`) write.

use super::builder::Builder;
use super::namespaces::Namespaces;
use super::{CgroupValue, CgroupVersion, OciRuntime, Op, PlanError, PlanOptions};
use oci_spec::runtime::{LinuxNamespaceType, LinuxResources, Spec};

/// What the resource files are written for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResourceScope {
    /// `create`: a fresh cgroup (its memory limit is unlimited); on v1 the
    /// cpuset files were already written before the join ([`cpuset_writes`]).
    Create,
    /// `update`: devices are never updated (runc's `SkipDevices`), the
    /// cpuset is written with the rest, and the current
    /// `memory.limit_in_bytes` decides whether swap is written first.
    Update {
        /// The cgroup's memory limit now (v1).
        memory_limit: u64,
    },
}

/// runc's refusals of `linux.resources` (`fs.MemoryGroup.Set` on v1:
/// swappiness above 100). runc finds it while applying the resources, after
/// `runc init` started (hence its words); the plan refuses before any step.
pub(super) fn check(spec: &Spec, options: &PlanOptions) -> Result<(), PlanError> {
    if options.cgroup != CgroupVersion::V1 || options.runtime != OciRuntime::Runc {
        return Ok(());
    }
    let swappiness = spec
        .linux()
        .as_ref()
        .and_then(|l| l.resources().as_ref())
        .and_then(|r| r.memory().as_ref())
        .and_then(|m| m.swappiness());
    check_swappiness(swappiness)
}

/// `memory.swappiness` must be 0–100 (`u64::MAX` is Go's `-1`: unset).
pub fn check_swappiness(swappiness: Option<u64>) -> Result<(), PlanError> {
    match swappiness {
        Some(s) if s > 100 && s != u64::MAX => Err(PlanError::Swappiness(s)),
        _ => Ok(()),
    }
}

/// The `cpuset.cpus` / `cpuset.mems` writes runc's `CpusetGroup.ApplyDir`
/// makes on v1 before the join (a cpuset cgroup without CPUs refuses every
/// process: `ENOSPC`).
pub fn cpuset_writes(r: &LinuxResources) -> Vec<Op<'_>> {
    let mut out = Vec::new();
    if let Some(c) = r.cpu().as_ref() {
        if let Some(cpus) = c.cpus().as_deref().filter(|s| !s.is_empty()) {
            out.push(Op::CgroupWrite {
                file: "cpuset.cpus",
                value: CgroupValue::Text(cpus),
            });
        }
        if let Some(mems) = c.mems().as_deref().filter(|s| !s.is_empty()) {
            out.push(Op::CgroupWrite {
                file: "cpuset.mems",
                value: CgroupValue::Text(mems),
            });
        }
    }
    out
}

/// v1 hugetlb files by page size (runc: `"hugetlb." + pagesize + ".limit_in_bytes"`,
/// v2 `".max"`); a size the kernel does not have is left out.
fn hugetlb_file(size: &str, v2: bool) -> Option<&'static str> {
    let (v1, v2f) = match size {
        "64KB" => ("hugetlb.64KB.limit_in_bytes", "hugetlb.64KB.max"),
        "2MB" => ("hugetlb.2MB.limit_in_bytes", "hugetlb.2MB.max"),
        "32MB" => ("hugetlb.32MB.limit_in_bytes", "hugetlb.32MB.max"),
        "512MB" => ("hugetlb.512MB.limit_in_bytes", "hugetlb.512MB.max"),
        "1GB" => ("hugetlb.1GB.limit_in_bytes", "hugetlb.1GB.max"),
        "16GB" => ("hugetlb.16GB.limit_in_bytes", "hugetlb.16GB.max"),
        _ => return None,
    };
    Some(if v2 { v2f } else { v1 })
}

fn write<'s>(out: &mut Vec<Op<'s>>, file: &'s str, value: CgroupValue<'s>) {
    out.push(Op::CgroupWrite { file, value });
}

/// Every resource write (and the device filter) of `r`, in the order runc
/// (`fs.Manager.Set`: cpuset, devices, memory, cpu, pids, blkio, hugetlb,
/// net_cls, net_prio; `fs2.Manager.Set`: pids, memory, cpu, devices, cpuset,
/// hugetlb, unified) or crun writes them.
pub fn resource_writes(
    r: &LinuxResources,
    cgroup: CgroupVersion,
    runtime: OciRuntime,
    scope: ResourceScope,
) -> Vec<Op<'_>> {
    let mut out = Vec::new();
    let v2 = cgroup == CgroupVersion::V2;
    let crun = runtime == OciRuntime::Crun;
    let update = matches!(scope, ResourceScope::Update { .. });
    let devices = u32::try_from(r.devices().as_ref().map_or(0, |d| d.len())).unwrap_or(u32::MAX);
    let filter = Op::DeviceFilter { rules: devices };
    let pids = r.pids().as_ref().map(|p| p.limit()).filter(|l| *l != 0);
    if !v2 && !crun && update {
        out.extend(cpuset_writes(r));
    }
    if (crun || !v2) && !update {
        out.push(filter);
    }
    if v2 && !crun {
        if let Some(limit) = pids {
            write(&mut out, "pids.max", CgroupValue::Number(limit));
        }
    }
    if let Some(m) = r.memory().as_ref() {
        if v2 {
            if let Some(swap) = m.swap() {
                let value = match (swap, m.limit()) {
                    (-1, _) | (_, Some(-1)) => -1,
                    (s, Some(l)) => s.saturating_sub(l),
                    (s, None) => s,
                };
                write(&mut out, "memory.swap.max", CgroupValue::Number(value));
            }
            if let Some(limit) = m.limit().filter(|l| *l != 0) {
                write(&mut out, "memory.max", CgroupValue::Number(limit));
            }
        } else {
            memory_and_swap_v1(&mut out, m.limit(), m.swap(), scope);
        }
        if let Some(res) = m.reservation().filter(|r| *r != 0) {
            let file = if v2 {
                "memory.low"
            } else {
                "memory.soft_limit_in_bytes"
            };
            write(&mut out, file, CgroupValue::Number(res));
        }
        if !v2 && !crun {
            if m.disable_oom_killer() == Some(true) {
                write(&mut out, "memory.oom_control", CgroupValue::Unsigned(1));
            }
            if let Some(s) = m.swappiness().filter(|s| *s != u64::MAX) {
                write(&mut out, "memory.swappiness", CgroupValue::Unsigned(s));
            }
        }
    }
    if crun {
        if let Some(limit) = pids {
            write(&mut out, "pids.max", CgroupValue::Number(limit));
        }
    }
    if let Some(c) = r.cpu().as_ref() {
        if let Some(shares) = c.shares().filter(|s| *s != 0) {
            if v2 {
                // runc's ConvertCPUSharesToCgroupV2Value (linear, runc ≤ 1.3).
                let weight = 1 + (shares.saturating_sub(2)).saturating_mul(9999) / 262_142;
                write(&mut out, "cpu.weight", CgroupValue::Unsigned(weight));
            } else {
                write(&mut out, "cpu.shares", CgroupValue::Unsigned(shares));
            }
        }
        let quota = c.quota().unwrap_or(0);
        let period = c.period().unwrap_or(0);
        if quota != 0 || period != 0 {
            if v2 {
                let value = CgroupValue::CpuMax {
                    quota,
                    period: if period == 0 { 100_000 } else { period },
                };
                write(&mut out, "cpu.max", value);
            } else {
                if period != 0 {
                    write(&mut out, "cpu.cfs_period_us", CgroupValue::Unsigned(period));
                }
                if quota != 0 {
                    write(&mut out, "cpu.cfs_quota_us", CgroupValue::Number(quota));
                }
            }
        }
        if !v2 {
            if let Some(p) = c.realtime_period().filter(|p| *p != 0) {
                write(&mut out, "cpu.rt_period_us", CgroupValue::Unsigned(p));
            }
            if let Some(rt) = c.realtime_runtime().filter(|r| *r != 0) {
                write(&mut out, "cpu.rt_runtime_us", CgroupValue::Number(rt));
            }
        }
    }
    if !v2 && !crun {
        if let Some(limit) = pids {
            // runc's PidsGroup.Set: anything but a positive limit is "max".
            let value = if limit > 0 {
                CgroupValue::Number(limit)
            } else {
                CgroupValue::Text("max")
            };
            write(&mut out, "pids.max", value);
        }
        blkio_v1(&mut out, r);
    }
    if v2 && !crun && !update {
        out.push(filter);
    }
    if v2 || crun {
        out.extend(cpuset_writes(r));
    }
    for h in r.hugepage_limits().iter().flatten() {
        if let Some(file) = hugetlb_file(h.page_size(), v2) {
            write(&mut out, file, CgroupValue::Number(h.limit()));
        }
    }
    if !v2 {
        if let Some(n) = r.network().as_ref() {
            if let Some(id) = n.class_id().filter(|c| *c != 0) {
                write(
                    &mut out,
                    "net_cls.classid",
                    CgroupValue::Unsigned(id.into()),
                );
            }
            for p in n.priorities().iter().flatten() {
                let value = CgroupValue::Named(p.name(), p.priority().into());
                write(&mut out, "net_prio.ifpriomap", value);
            }
        }
    }
    if v2 {
        if let Some(u) = r.unified() {
            let mut keys: Vec<(&String, &String)> = u.iter().collect();
            crate::order::sort(&mut keys);
            for (k, v) in keys {
                write(&mut out, k, CgroupValue::Text(v));
            }
        }
    }
    out
}

/// runc's `setMemoryAndSwap` (v1): `memory.memsw.limit_in_bytes` is memory
/// plus swap; it goes first when it is `-1` or above the current limit (the
/// kernel refuses a memsw limit below the memory limit), else after.
fn memory_and_swap_v1<'s>(
    out: &mut Vec<Op<'s>>,
    limit: Option<i64>,
    swap: Option<i64>,
    scope: ResourceScope,
) {
    let limit = limit.unwrap_or(0);
    let mut swap = swap.unwrap_or(0);
    if limit == -1 && swap == 0 {
        swap = -1;
    }
    let current = match scope {
        ResourceScope::Create => u64::MAX,
        ResourceScope::Update { memory_limit } => memory_limit,
    };
    let swap_first =
        limit != 0 && swap != 0 && (swap == -1 || u64::try_from(swap).is_ok_and(|s| current < s));
    let mem = (limit != 0).then_some(Op::CgroupWrite {
        file: "memory.limit_in_bytes",
        value: CgroupValue::Number(limit),
    });
    let sw = (swap != 0).then_some(Op::CgroupWrite {
        file: "memory.memsw.limit_in_bytes",
        value: CgroupValue::Number(swap),
    });
    if swap_first {
        out.extend(sw);
        out.extend(mem);
    } else {
        out.extend(mem);
        out.extend(sw);
    }
}

/// runc's `BlkioGroup.Set` (v1). `blkio.weight` becomes `blkio.bfq.weight`
/// when the kernel has only BFQ's file (`detectWeightFilenames`, done when
/// the file is written).
fn blkio_v1<'s>(out: &mut Vec<Op<'s>>, r: &'s LinuxResources) {
    let Some(b) = r.block_io().as_ref() else {
        return;
    };
    if let Some(w) = b.weight().filter(|w| *w != 0) {
        write(out, "blkio.weight", CgroupValue::Unsigned(w.into()));
    }
    if let Some(w) = b.leaf_weight().filter(|w| *w != 0) {
        write(out, "blkio.leaf_weight", CgroupValue::Unsigned(w.into()));
    }
    for d in b.weight_device().iter().flatten() {
        let dev = |value: u16| CgroupValue::Device {
            major: d.major(),
            minor: d.minor(),
            value: value.into(),
        };
        if let Some(w) = d.weight().filter(|w| *w != 0) {
            write(out, "blkio.weight_device", dev(w));
        }
        if let Some(w) = d.leaf_weight().filter(|w| *w != 0) {
            write(out, "blkio.leaf_weight_device", dev(w));
        }
    }
    for (file, list) in [
        (
            "blkio.throttle.read_bps_device",
            b.throttle_read_bps_device(),
        ),
        (
            "blkio.throttle.write_bps_device",
            b.throttle_write_bps_device(),
        ),
        (
            "blkio.throttle.read_iops_device",
            b.throttle_read_iops_device(),
        ),
        (
            "blkio.throttle.write_iops_device",
            b.throttle_write_iops_device(),
        ),
    ] {
        for d in list.iter().flatten() {
            let value = CgroupValue::Device {
                major: d.major(),
                minor: d.minor(),
                value: d.rate(),
            };
            write(out, file, value);
        }
    }
}

/// The message id of the note on a cgroup write (the hop narration and the
/// simulated `runc update` say the same); its arguments are `runtime`,
/// `value` and `file`.
pub fn write_note_id(file: &str, v2: bool) -> &'static str {
    match file {
        "memory.max" | "memory.limit_in_bytes" => "oci-cgroup-memory-max",
        "memory.swap.max" => "oci-cgroup-swap-max",
        "memory.low" | "memory.soft_limit_in_bytes" => "oci-cgroup-memory-low",
        "pids.max" => "oci-cgroup-pids-max",
        "cpu.weight" => "oci-cgroup-cpu-weight",
        "cpu.shares" => "oci-cgroup-cpu-shares",
        "cpu.max" => "oci-cgroup-cpu-max",
        "cpu.cfs_quota_us" | "cpu.cfs_period_us" => "oci-cgroup-cfs",
        "memory.memsw.limit_in_bytes" => "oci-cgroup-memsw",
        "memory.swappiness" => "oci-cgroup-swappiness",
        "memory.oom_control" => "oci-cgroup-oom-control",
        "cpuset.cpus" | "cpuset.mems" if !v2 => "oci-cgroup-cpuset-v1",
        "cpuset.cpus" | "cpuset.mems" => "oci-cgroup-cpuset",
        "blkio.weight" | "blkio.weight_device" => "oci-cgroup-blkio-weight",
        "net_cls.classid" | "net_prio.ifpriomap" => "oci-cgroup-net",
        f if f.starts_with("hugetlb.") => "oci-cgroup-hugetlb",
        _ => "oci-cgroup-write",
    }
}

/// docker/go-units `RAMInBytes` (runc's `update` sizes): `64m`, `1g`,
/// `512KiB`, `100` (binary units).
pub fn ram_in_bytes(s: &str) -> Option<i64> {
    let t = s.trim_end_matches(['b', 'B']);
    let t = t.strip_suffix(['i', 'I']).unwrap_or(t);
    let (num, shift) = match t.chars().last()? {
        'k' | 'K' => (&t[..t.len() - 1], 10),
        'm' | 'M' => (&t[..t.len() - 1], 20),
        'g' | 'G' => (&t[..t.len() - 1], 30),
        't' | 'T' => (&t[..t.len() - 1], 40),
        'p' | 'P' => (&t[..t.len() - 1], 50),
        _ => (t, 0),
    };
    let num = num.trim_end_matches(' ');
    if num.is_empty() || !num.chars().all(|c| c.is_ascii_digit() || c == '.') {
        return None;
    }
    let v: f64 = num.parse().ok()?;
    Some((v * (1u64 << shift) as f64) as i64)
}

fn update_flag<'a>(set: &'a [(String, String)], name: &str) -> Option<&'a str> {
    set.iter()
        .rev()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
        .filter(|v| !v.is_empty())
}

fn parse_err(opt: &str, func: &str, v: &str) -> String {
    format!(
        "invalid value for {opt}: strconv.{func}: parsing {}: invalid syntax",
        crate::command::error::go_quote(v)
    )
}

/// runc's `update` flags as resources (`update.go`: 0 is "unchanged"), or
/// runc's words for a value it cannot read.
pub fn update_resources(set: &[(String, String)]) -> Result<LinuxResources, String> {
    use oci_spec::runtime::{LinuxBlockIo, LinuxCpu, LinuxMemory, LinuxPids};
    let mut r = LinuxResources::default();
    let mut cpu = LinuxCpu::default();
    let mut mem = LinuxMemory::default();
    let (mut any_cpu, mut any_mem) = (false, false);
    if let Some(v) = update_flag(set, "blkio-weight") {
        let w: u16 = v
            .parse()
            .map_err(|_| parse_err("blkio-weight", "ParseUint", v))?;
        if w != 0 {
            let mut b = LinuxBlockIo::default();
            b.set_weight(Some(w));
            r.set_block_io(Some(b));
        }
    }
    if let Some(v) = update_flag(set, "cpuset-cpus") {
        cpu.set_cpus(Some(v.to_string()));
        any_cpu = true;
    }
    if let Some(v) = update_flag(set, "cpuset-mems") {
        cpu.set_mems(Some(v.to_string()));
        any_cpu = true;
    }
    for opt in ["cpu-period", "cpu-rt-period", "cpu-share"] {
        if let Some(v) = update_flag(set, opt) {
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
        if let Some(v) = update_flag(set, opt) {
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
        if let Some(v) = update_flag(set, opt) {
            let n = if v == "-1" {
                -1
            } else {
                ram_in_bytes(v)
                    .ok_or_else(|| format!("invalid value for {opt}: invalid size: '{v}'"))?
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
    if let Some(n) = update_flag(set, "pids-limit").and_then(|v| v.parse::<i64>().ok()) {
        if n != 0 {
            let mut p = LinuxPids::default();
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

/// runc's `update` refusals of flags this kind of host cannot honour (Intel
/// RDT), in its words.
pub fn update_refusal(set: &[(String, String)]) -> Option<&'static str> {
    if update_flag(set, "l3-cache-schema").is_some() {
        return Some("Intel RDT/CAT: l3 cache schema is not enabled");
    }
    if update_flag(set, "mem-bw-schema").is_some() {
        return Some("Intel RDT/MBA: memory bandwidth schema is not enabled");
    }
    None
}

impl<'s> Builder<'s> {
    /// `delete`'s start: the state read back, `SIGKILL` to the init process
    /// (to every process of the cgroup when the container has no new PID
    /// namespace of its own), the cgroup removed.
    pub(super) fn kill_and_remove_cgroup(&mut self, ns: &Namespaces<'s>) {
        self.rt(Op::LoadState);
        self.rt(Op::Kill {
            all: !ns.is_new(LinuxNamespaceType::Pid),
        });
        self.rt(Op::CgroupRemove);
    }

    fn spec_resources(&self) -> Option<&'s LinuxResources> {
        self.spec
            .linux()
            .as_ref()
            .and_then(|l| l.resources().as_ref())
    }

    /// runc on v1: `cpuset.cpus`/`cpuset.mems` between the cgroup's
    /// creation and the join (`CpusetGroup.ApplyDir`).
    pub(super) fn cpuset_before_join(&mut self) {
        if self.options.cgroup != CgroupVersion::V1 {
            return;
        }
        if let Some(r) = self.spec_resources() {
            for op in cpuset_writes(r) {
                self.rt(op);
            }
        }
    }

    /// The cgroup resource files, in the order runc (`fs2.Manager.Set`,
    /// `fs.Manager.Set`) or crun (`update_cgroup_v2_resources`) writes them.
    pub(super) fn resources(&mut self) {
        let Some(r) = self.spec_resources() else {
            if self.options.runtime == OciRuntime::Runc {
                // runc always installs its own device allow-list.
                self.rt(Op::DeviceFilter { rules: 0 });
            }
            return;
        };
        for op in resource_writes(
            r,
            self.options.cgroup,
            self.options.runtime,
            ResourceScope::Create,
        ) {
            self.rt(op);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn res(json: &str) -> LinuxResources {
        serde_json::from_str(json).expect("resources")
    }

    fn files<'a>(ops: &'a [Op<'a>], v2: bool) -> Vec<String> {
        ops.iter()
            .map(|o| match o {
                Op::CgroupWrite { file, value } => format!("{file}={}", value.text(v2)),
                other => format!("{other:?}"),
            })
            .collect()
    }

    #[test]
    fn v1_memory_is_written_in_runcs_order() {
        let r = res(
            r#"{"memory":{"limit":67108864,"swap":134217728,"swappiness":10,"disableOOMKiller":true,"reservation":1024}}"#,
        );
        let ops = resource_writes(
            &r,
            CgroupVersion::V1,
            OciRuntime::Runc,
            ResourceScope::Create,
        );
        assert_eq!(
            files(&ops, false),
            [
                "DeviceFilter { rules: 0 }",
                "memory.limit_in_bytes=67108864",
                "memory.memsw.limit_in_bytes=134217728",
                "memory.soft_limit_in_bytes=1024",
                "memory.oom_control=1",
                "memory.swappiness=10",
            ]
        );
        // Raising above the current limit: swap first (else the kernel refuses).
        let ops = resource_writes(
            &r,
            CgroupVersion::V1,
            OciRuntime::Runc,
            ResourceScope::Update {
                memory_limit: 1 << 20,
            },
        );
        assert_eq!(
            files(&ops, false)[0],
            "memory.memsw.limit_in_bytes=134217728"
        );
    }

    #[test]
    fn v1_order_is_fs_subsystems_order_and_update_skips_devices() {
        let r = res(
            r#"{"cpu":{"cpus":"0","mems":"0","shares":512},"pids":{"limit":99},"blockIO":{"weight":500,"throttleReadBpsDevice":[{"major":8,"minor":0,"rate":1048576}]},"hugepageLimits":[{"pageSize":"2MB","limit":2097152}],"network":{"classID":1048577,"priorities":[{"name":"lo","priority":1}]}}"#,
        );
        let ops = resource_writes(
            &r,
            CgroupVersion::V1,
            OciRuntime::Runc,
            ResourceScope::Update { memory_limit: 0 },
        );
        assert_eq!(
            files(&ops, false),
            [
                "cpuset.cpus=0",
                "cpuset.mems=0",
                "cpu.shares=512",
                "pids.max=99",
                "blkio.weight=500",
                "blkio.throttle.read_bps_device=8:0 1048576",
                "hugetlb.2MB.limit_in_bytes=2097152",
                "net_cls.classid=1048577",
                "net_prio.ifpriomap=lo 1",
            ]
        );
        // create: the cpuset went before the join.
        let ops = resource_writes(
            &r,
            CgroupVersion::V1,
            OciRuntime::Runc,
            ResourceScope::Create,
        );
        assert!(!files(&ops, false).iter().any(|f| f.starts_with("cpuset")));
        assert_eq!(cpuset_writes(&r).len(), 2);
    }

    #[test]
    fn update_flags_are_runcs() {
        assert_eq!(ram_in_bytes("96m"), Some(96 << 20));
        assert_eq!(ram_in_bytes("1g"), Some(1 << 30));
        assert_eq!(ram_in_bytes("512KiB"), Some(512 << 10));
        assert_eq!(ram_in_bytes("100"), Some(100));
        assert_eq!(ram_in_bytes("abc"), None);
        let set = |n: &str, v: &str| vec![(n.to_string(), v.to_string())];
        let r = update_resources(&set("memory", "96m")).expect("memory");
        assert_eq!(r.memory().as_ref().and_then(|m| m.limit()), Some(96 << 20));
        assert_eq!(
            update_resources(&set("memory", "abc")).err().as_deref(),
            Some("invalid value for memory: invalid size: 'abc'")
        );
        assert_eq!(
            update_resources(&set("cpu-period", "x")).err().as_deref(),
            Some("invalid value for cpu-period: strconv.ParseUint: parsing \"x\": invalid syntax")
        );
        assert!(update_refusal(&set("l3-cache-schema", "L3:0=f")).is_some());
    }

    #[test]
    fn swappiness_above_100_is_refused_in_runcs_words() {
        assert_eq!(
            check_swappiness(Some(200)).map_err(|e| e.to_string()),
            Err("unable to start container process: error during container init: error setting cgroup config for procHooks process: invalid memory swappiness value: 200 (valid range is 0-100)".to_string())
        );
        assert!(check_swappiness(Some(100)).is_ok());
        assert!(check_swappiness(Some(u64::MAX)).is_ok());
    }
}
