//! `update`: new cgroup limits for a container that runs (runc's
//! `update.go`), from flags, `-r FILE` or `-r -` (stdin, as containerd's
//! `Task.Update` sends it). The files written are the core's
//! [`resource_writes`] of the new values (devices never: runc's
//! `SkipDevices`), and the saved config gets them so that later `update`s and
//! `events` see them. `--trace` records them as `create` records its own.

use crate::cgroup::Cgroup;
use crate::channel::plan_options;
use crate::ctx::Ctx;
use crate::error::{Error, Result};
use crate::state::{Container, Status};
use atlas_core::oci::{
    cgroup_path_for, resource_writes, update_refusal, update_resources, CgroupVersion, OciRuntime,
    Op, Plan, ResourceScope,
};
use oci_spec::runtime::LinuxResources;
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
        None => update_resources(set).map_err(Error::Refused)?,
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
    if let Some(refusal) = update_refusal(set) {
        return Err(Error::Refused(refusal.into()));
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
    let ops = resource_writes(
        &writes,
        version,
        OciRuntime::Runc,
        ResourceScope::Update { memory_limit },
    );
    for op in &ops {
        if let Op::CgroupWrite { file, value } = *op {
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
    // Traced once the new limits are saved: a trace that cannot be written
    // fails the command, never leaves it half done.
    if ctx.trace.is_some() {
        let plan = Plan::with_options(&spec, plan_options(v1, saved.no_pivot))
            .map_err(|e| Error::plan(&e))?;
        let mut hc = ctx.hop_ctx(&plan, id, &saved.bundle, saved.init_pid);
        hc.cgroup_path = cgroup_path_for(&spec, id);
        let hops = plan.update_hops(&ops, &hc);
        crate::trace::append(ctx, "update", id, plan.cgroup_version().id(), hops)?;
    }
    Ok(0)
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
    fn quota_alone_keeps_the_old_period() {
        let old: LinuxResources =
            serde_json::from_str(r#"{"cpu":{"period":200000,"quota":10000}}"#).expect("old");
        let new = update_resources(&[("cpu-quota".into(), "50000".into())]).expect("flags");
        let w = with_old_cpu_bandwidth(&new, &old);
        let c = w.cpu().as_ref().expect("cpu");
        assert_eq!((c.quota(), c.period()), (Some(50000), Some(200000)));
        let m = merge(old, &w);
        assert_eq!(m.cpu().as_ref().and_then(|c| c.quota()), Some(50000));
    }
}
