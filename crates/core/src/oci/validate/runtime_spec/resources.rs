//! Rules for `linux.resources`: memory (limit, reservation, swap, kernel,
//! swappiness), CPU (shares, quota and period, burst, cpusets, realtime,
//! idle), pids, block I/O, hugepages, device rules and unified cgroup v2 keys,
//! with the values the kernel refuses when runc writes them.

use super::*;

pub(super) const MIB: i128 = 1 << 20;

pub(super) fn resources(c: &mut Checker<'_, '_>, r: NodeId) {
    let t = c.tree;
    if let Some(m) = is_object(t, t.get(r, "memory")) {
        memory(c, m);
    }
    if let Some(cpu) = is_object(t, t.get(r, "cpu")) {
        cpu_rules(c, cpu);
    }
    if let Some(p) = is_object(t, t.get(r, "pids")) {
        if let Some(l) = t.get(p, "limit") {
            match int(t, Some(l)) {
                Some(0) => c.warn(
                    At::Value(l),
                    "pids-limit",
                    "pids limit 0 does not mean \"no processes\": runc treats 0 as not set and \
                     leaves pids.max alone; write -1 for no limit or a positive number of tasks"
                        .into(),
                ),
                Some(v) if v < -1 => c.error(
                    At::Value(l),
                    "pids-limit",
                    format!(
                        "pids limit {v}: only -1 means no limit; on cgroup v2 runc writes {v} to \
                         pids.max and the kernel refuses it (cgroup v1 reads any negative value as \
                         max)"
                    ),
                ),
                _ => {}
            }
        }
    }
    for d in elements(t, t.get(r, "devices")) {
        if let Some(a) = t.get(d, "access") {
            if let Some(v) = t.str(a) {
                if v.is_empty() || !v.chars().all(|ch| matches!(ch, 'r' | 'w' | 'm')) {
                    c.error(
                        At::Value(a),
                        "device-access",
                        format!(
                            "device cgroup access \"{v}\" is not a combination of r (read), w \
                             (write) and m (mknod)"
                        ),
                    );
                }
            }
        }
    }
    if let Some(b) = is_object(t, t.get(r, "blockIO")) {
        for field in ["weight", "leafWeight"] {
            if let Some(w) = t.get(b, field) {
                if int(t, Some(w)).is_some_and(|v| v != 0 && !(10..=1000).contains(&v)) {
                    c.error(
                        At::Value(w),
                        "blkio-weight",
                        format!(
                            "blockIO.{field} is {}: the kernel takes 10 to 1000 (0 leaves it unset)",
                            t.raw(w)
                        ),
                    );
                }
            }
        }
        for d in elements(t, t.get(b, "weightDevice")) {
            if t.get(d, "weight").is_none() && t.get(d, "leafWeight").is_none() {
                c.error(
                    At::Value(d),
                    "blkio-weight",
                    "a weightDevice entry MUST set \"weight\", \"leafWeight\" or both".into(),
                );
            }
        }
    }
    for h in elements(t, t.get(r, "hugepageLimits")) {
        if let Some(p) = t.get(h, "pageSize") {
            if let Some(v) = t.str(p) {
                let digits = v.trim_end_matches(['K', 'M', 'G', 'B']);
                let unit = &v[digits.len()..];
                let ok = !digits.is_empty()
                    && digits.bytes().all(|b| b.is_ascii_digit())
                    && matches!(unit, "KB" | "MB" | "GB");
                if !ok {
                    c.error(
                        At::Value(p),
                        "hugepage-size",
                        format!(
                            "hugepage pageSize \"{v}\" is not a size as the kernel's hugetlb \
                             files name it: expected a number and KB, MB or GB, such as \"2MB\" \
                             or \"1GB\""
                        ),
                    );
                }
            }
        }
        if let Some(l) = t.get(h, "limit") {
            if int(t, Some(l)).is_some_and(|v| v < 0) {
                c.error(
                    At::Value(l),
                    "hugepage-limit",
                    format!(
                        "hugepage limit {}: a limit is a number of bytes, 0 or more",
                        t.raw(l)
                    ),
                );
            }
        }
    }
    if let Some(u) = is_object(t, t.get(r, "unified")) {
        for entry in t.children(u) {
            let Some(k) = t.key(entry) else { continue };
            if k.contains('/') || !k.contains('.') {
                c.error(
                    At::Key(entry),
                    "unified-key",
                    format!(
                        "unified key \"{k}\" is not a cgroup v2 file name: expected \
                         controller.file, such as \"memory.high\", without '/'"
                    ),
                );
            }
        }
    }
}

pub(super) fn memory(c: &mut Checker<'_, '_>, m: NodeId) {
    let t = c.tree;
    let field = |name: &str| t.get(m, name).and_then(|n| t.int(n).map(|v| (n, v)));
    let limit = field("limit");
    let reservation = field("reservation");
    let swap = field("swap");
    for (name, v) in [
        ("limit", limit),
        ("reservation", reservation),
        ("swap", swap),
    ] {
        if let Some((n, x)) = v {
            if x < -1 {
                c.error(
                    At::Value(n),
                    "memory-value",
                    format!(
                        "memory.{name} is {x}: memory values are a number of bytes, or -1 for \
                         unlimited"
                    ),
                );
            }
        }
    }
    if let Some((n, 0)) = limit {
        c.warn(
            At::Value(n),
            "memory-limit-zero",
            "memory.limit 0 does not mean \"no memory\": runc treats 0 as not set; write -1 for \
             unlimited or a number of bytes"
                .into(),
        );
    }
    if let Some((n, l)) = limit {
        if l > 0 && l < 6 * MIB {
            c.warn(
                At::Value(n),
                "memory-limit-tiny",
                format!(
                    "memory.limit {l} bytes is below 6 MiB: the process is likely OOM-killed at \
                     once (Docker refuses limits below 6 MB)"
                ),
            );
        }
    }
    let l = limit.map_or(0, |(_, v)| v);
    if let Some((n, res)) = reservation {
        if l > 0 && res > l {
            c.warn(
                At::Value(n),
                "reservation-above-limit",
                format!(
                    "memory.reservation ({res}) is above memory.limit ({l}): the soft limit can \
                     never be reached; set reservation at or below the limit (Docker refuses \
                     this)"
                ),
            );
        }
    }
    if let Some((n, sw)) = swap {
        if sw > 0 {
            // runc's ConvertMemorySwapToCgroupV2Value: swap with an unset
            // memory limit cannot be converted (with -1, unlimited, it can).
            if l == 0 {
                c.error(
                    At::Value(n),
                    "swap-without-limit",
                    "memory.swap is set but memory.limit is not: swap is the memory+swap limit, \
                     and runc refuses it without a memory limit (\"unable to set swap limit \
                     without memory limit\")"
                        .into(),
                );
            } else if sw < l {
                c.error(
                    At::Value(n),
                    "swap-below-limit",
                    format!(
                        "memory.swap ({sw}) is below memory.limit ({l}): swap is the limit of \
                         memory plus swap, so it must be at least the memory limit (runc: \
                         \"memory+swap limit should be >= memory limit\")"
                    ),
                );
            }
        }
    }
    if let Some((n, v)) = field("swappiness") {
        if v > 100 {
            c.error(
                At::Value(n),
                "swappiness",
                format!("memory.swappiness is {v}: the kernel takes 0 to 100"),
            );
        }
    }
    for name in ["kernel", "kernelTCP"] {
        if let Some(n) = t.get(m, name) {
            if t.kind(n) != Kind::Null {
                c.warn(
                    At::Key(n),
                    "kernel-memory",
                    format!(
                        "memory.{name} is deprecated (runtime-spec 1.1): cgroup v2 has no \
                         separate kernel memory limit and runc ≥ 1.2 ignores it"
                    ),
                );
            }
        }
    }
}

pub(super) fn cpu_rules(c: &mut Checker<'_, '_>, cpu: NodeId) {
    let t = c.tree;
    let field = |name: &str| t.get(cpu, name).and_then(|n| t.int(n).map(|v| (n, v)));
    if let Some((n, v)) = field("shares") {
        if v != 0 && !(2..=262_144).contains(&v) {
            c.warn(
                At::Value(n),
                "cpu-shares",
                format!(
                    "cpu.shares {v} is outside 2 to 262144: the kernel clamps it on cgroup v1, \
                     and runc's conversion to cpu.weight on cgroup v2 is only defined in that range"
                ),
            );
        }
    }
    let quota = field("quota");
    let period = field("period");
    if let Some((n, v)) = period {
        if v != 0 && !(1000..=1_000_000).contains(&v) {
            c.error(
                At::Value(n),
                "cpu-period",
                format!(
                    "cpu.period {v} µs is outside 1000 to 1000000 (1 ms to 1 s): the kernel \
                     refuses it"
                ),
            );
        }
    }
    if let Some((n, q)) = quota {
        if q > 0 && q < 1000 {
            c.error(
                At::Value(n),
                "cpu-quota",
                format!(
                    "cpu.quota {q} µs is below 1000 µs (1 ms): the kernel refuses it; -1 means \
                     no limit"
                ),
            );
        } else if q < -1 {
            c.warn(
                At::Value(n),
                "cpu-quota",
                format!("cpu.quota {q}: only -1 means \"no limit\"; cgroup v1 refuses other negative values"),
            );
        }
        if q > 0 && period.is_none_or(|(_, p)| p == 0) {
            c.info(
                At::Value(n),
                "quota-without-period",
                format!(
                    "cpu.quota {q} without cpu.period: the cgroup keeps its current period \
                     (100000 µs = 100 ms unless changed), so the container gets {q}/100000 of a \
                     CPU"
                ),
            );
        }
    }
    if let (Some((n, b)), Some((_, q))) = (field("burst"), quota) {
        if q > 0 && b > q {
            c.error(
                At::Value(n),
                "cpu-burst",
                format!("cpu.burst ({b} µs) is above cpu.quota ({q} µs): the kernel refuses it"),
            );
        }
    }
    if let (Some((n, rt)), Some((_, rp))) = (field("realtimeRuntime"), field("realtimePeriod")) {
        if rp > 0 && rt > rp {
            c.error(
                At::Value(n),
                "cpu-realtime",
                format!(
                    "cpu.realtimeRuntime ({rt} µs) is above cpu.realtimePeriod ({rp} µs): the \
                     kernel refuses it"
                ),
            );
        }
    }
    for name in ["cpus", "mems"] {
        if let Some(n) = t.get(cpu, name) {
            if s(t, Some(n)).is_some_and(|v| !is_cpu_list(&v)) {
                c.error(
                    At::Value(n),
                    "cpu-list",
                    format!(
                        "cpu.{name} is {}: expected a list such as \"0-3,7\" (numbers and \
                         ascending ranges, comma-separated)",
                        found(c, n)
                    ),
                );
            }
        }
    }
    if let Some((n, v)) = field("idle") {
        if v != 0 && v != 1 {
            c.error(
                At::Value(n),
                "cpu-idle",
                format!("cpu.idle is {v}: it is 0 or 1 (cpu.idle of cgroup v2)"),
            );
        }
    }
}
