//! Rules for `linux.resources`: memory (limit, reservation, swap, kernel,
//! swappiness), CPU (shares, quota and period, burst, cpusets, realtime,
//! idle), pids, block I/O, hugepages, device rules and unified cgroup v2 keys,
//! with the values the kernel refuses when runc writes them.

use super::*;
use crate::msg;

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
                Some(0) => c.warn(At::Value(l), "pids-limit", msg!("val-pids-limit-zero")),
                Some(v) if v < -1 => c.error(
                    At::Value(l),
                    "pids-limit",
                    msg!("val-pids-limit-negative", v = v.to_string()),
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
                        msg!("val-device-access", v = v.to_string()),
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
                        msg!(
                            "val-blkio-weight",
                            field = field.to_string(),
                            weight = t.raw(w).to_string()
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
                    msg!("val-blkio-weight-missing"),
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
                        msg!("val-hugepage-size", v = v.to_string()),
                    );
                }
            }
        }
        if let Some(l) = t.get(h, "limit") {
            if int(t, Some(l)).is_some_and(|v| v < 0) {
                c.error(
                    At::Value(l),
                    "hugepage-limit",
                    msg!("val-hugepage-limit", limit = t.raw(l).to_string()),
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
                    msg!("val-unified-key", k = k.to_string()),
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
                    msg!(
                        "val-memory-value",
                        name = name.to_string(),
                        x = x.to_string()
                    ),
                );
            }
        }
    }
    if let Some((n, 0)) = limit {
        c.warn(
            At::Value(n),
            "memory-limit-zero",
            msg!("val-memory-limit-zero"),
        );
    }
    if let Some((n, l)) = limit {
        if l > 0 && l < 6 * MIB {
            c.warn(
                At::Value(n),
                "memory-limit-tiny",
                msg!("val-memory-limit-tiny", l = l.to_string()),
            );
        }
    }
    let l = limit.map_or(0, |(_, v)| v);
    if let Some((n, res)) = reservation {
        if l > 0 && res > l {
            c.warn(
                At::Value(n),
                "reservation-above-limit",
                msg!(
                    "val-reservation-above-limit",
                    res = res.to_string(),
                    l = l.to_string()
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
                    msg!("val-swap-without-limit"),
                );
            } else if sw < l {
                c.error(
                    At::Value(n),
                    "swap-below-limit",
                    msg!(
                        "val-swap-below-limit",
                        sw = sw.to_string(),
                        l = l.to_string()
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
                msg!("val-swappiness", v = v.to_string()),
            );
        }
    }
    for name in ["kernel", "kernelTCP"] {
        if let Some(n) = t.get(m, name) {
            if t.kind(n) != Kind::Null {
                c.warn(
                    At::Key(n),
                    "kernel-memory",
                    msg!("val-kernel-memory", name = name.to_string()),
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
                msg!("val-cpu-shares", v = v.to_string()),
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
                msg!("val-cpu-period", v = v.to_string()),
            );
        }
    }
    if let Some((n, q)) = quota {
        if q > 0 && q < 1000 {
            c.error(
                At::Value(n),
                "cpu-quota",
                msg!("val-cpu-quota", q = q.to_string()),
            );
        } else if q < -1 {
            c.warn(
                At::Value(n),
                "cpu-quota",
                msg!("val-cpu-quota-negative", q = q.to_string()),
            );
        }
        if q > 0 && period.is_none_or(|(_, p)| p == 0) {
            c.info(
                At::Value(n),
                "quota-without-period",
                msg!("val-quota-without-period", q = q.to_string()),
            );
        }
    }
    if let (Some((n, b)), Some((_, q))) = (field("burst"), quota) {
        if q > 0 && b > q {
            c.error(
                At::Value(n),
                "cpu-burst",
                msg!("val-cpu-burst", b = b.to_string(), q = q.to_string()),
            );
        }
    }
    if let (Some((n, rt)), Some((_, rp))) = (field("realtimeRuntime"), field("realtimePeriod")) {
        if rp > 0 && rt > rp {
            c.error(
                At::Value(n),
                "cpu-realtime",
                msg!("val-cpu-realtime", rt = rt.to_string(), rp = rp.to_string()),
            );
        }
    }
    for name in ["cpus", "mems"] {
        if let Some(n) = t.get(cpu, name) {
            if s(t, Some(n)).is_some_and(|v| !is_cpu_list(&v)) {
                c.error(
                    At::Value(n),
                    "cpu-list",
                    msg!(
                        "val-cpu-list-cpuset",
                        name = name.to_string(),
                        found = found(c, n)
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
                msg!("val-cpu-idle", v = v.to_string()),
            );
        }
    }
}
