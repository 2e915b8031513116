//! `--trace`: the real run's hops are the simulated runc's.

use super::*;

#[test]
fn real_trace_lists_the_simulated_steps_in_order() {
    let _g = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    if !can_run("trace") {
        return;
    }
    let lab = Lab::new("trace");
    let b = lab.bundle("b", &["sleep", "1000"], |c| {
        c["hooks"] = serde_json::json!({
            "prestart": [{"path": "/bin/true"}],
            "poststart": [{"path": "/bin/true"}],
            "poststop": [{"path": "/bin/true"}]
        });
        c["linux"]["resources"]["memory"] = serde_json::json!({"limit": 67108864});
        c["linux"]["resources"]["pids"] = serde_json::json!({"limit": 64});
        c["linux"]["sysctl"] = serde_json::json!({"net.ipv4.ip_forward": "1"});
    });
    let id = format!("trace-{}", std::process::id());
    let trace = lab.dir.join("trace.jsonl");
    let t = trace.to_str().unwrap_or("");
    let bs = b.to_str().unwrap_or("");
    assert!(lab
        .rt(&["--trace", t, "create", "--bundle", bs, &id])
        .status
        .success());
    let mem = std::fs::read_to_string(format!("/sys/fs/cgroup/memory/{id}/memory.limit_in_bytes"));
    if let Ok(m) = mem {
        assert_eq!(m.trim(), "67108864");
    }
    // The init process is in the container's cgroup in every hierarchy
    // (v1: it moved itself there; see the hop's `atlas-runtime` detail).
    let pid = state(&lab, &id)["pid"].as_i64().unwrap_or(0);
    let cgroups = std::fs::read_to_string(format!("/proc/{pid}/cgroup")).unwrap_or_default();
    let v1 = atlas_native::cgroup::Layout::detect().version() == oci::CgroupVersion::V1;
    for h in ["memory", "pids", "cpu", "freezer", "devices"] {
        if v1 && Path::new("/sys/fs/cgroup").join(h).is_dir() {
            assert!(
                cgroups.lines().any(|l| {
                    l.split(':')
                        .nth(1)
                        .is_some_and(|c| c.split(',').any(|c| c == h))
                        && l.ends_with(&format!("/{id}"))
                }),
                "{h}: {cgroups}"
            );
        }
    }
    assert!(lab.rt(&["--trace", t, "start", &id]).status.success());
    assert!(lab
        .rt(&["--trace", t, "delete", "--force", &id])
        .status
        .success());
    let file = atlas_core::TraceFile::parse(&std::fs::read_to_string(&trace).unwrap_or_default())
        .expect("the trace parses");
    let real: Vec<(String, String, String)> = file
        .hops
        .iter()
        .filter(|h| h.iface != atlas_core::Iface::OciCli)
        .map(|h| {
            (
                format!("{:?}", h.from),
                format!("{:?}", h.iface),
                h.call.clone(),
            )
        })
        .collect();
    let text = std::fs::read_to_string(b.join("config.json")).unwrap_or_default();
    let spec = oci::parse_config(&text, oci::OciRuntime::Runc).expect("spec");
    let v = atlas_native::cgroup::Layout::detect().version();
    let plan = Plan::with_options(
        &spec,
        atlas_native::init::plan_options(v == oci::CgroupVersion::V1, false),
    )
    .expect("plan");
    let mut ctx = HopContext::new(&plan, &id, bs);
    ctx.delete_kills_init = true;
    let simulated: Vec<(String, String, String)> = Phase::ALL
        .iter()
        .flat_map(|p| plan.hops(*p, &ctx))
        .map(|h| {
            (
                format!("{:?}", h.from),
                format!("{:?}", h.iface),
                h.call.clone(),
            )
        })
        .collect();
    assert_eq!(real, simulated);
    // A step carried out differently from runc says so in its hop.
    let join = file
        .hops
        .iter()
        .find(|h| h.call == "cgroup.procs")
        .expect("the cgroup join hop");
    let how = join
        .detail
        .as_ref()
        .and_then(|d| d.get("atlas-runtime"))
        .and_then(|v| v.as_str())
        .unwrap_or("");
    if v1 {
        assert!(how.contains("wrote 0 to `tasks`"), "{join:?}");
    } else {
        assert!(how.is_empty(), "{join:?}");
    }
    assert!(real.iter().any(|h| h.2 == "pivot_root"));
    assert_eq!(
        file.hops
            .iter()
            .filter(|h| h.iface == atlas_core::Iface::OciCli)
            .count(),
        3
    );
    let seqs: Vec<u32> = file.hops.iter().map(|h| h.seq).collect();
    assert_eq!(seqs, (1..=seqs.len() as u32).collect::<Vec<_>>());
    // Calls inside calls: each `runc VERB` line is top-level, and every step
    // it takes has a parent (runc's own steps the verb, `runc init`'s its exec).
    for h in &file.hops {
        if h.iface == atlas_core::Iface::OciCli {
            assert_eq!(h.parent, None, "{h:?}");
        } else {
            assert!(h.parent.is_some_and(|p| p < h.seq), "{h:?}");
        }
    }
    let tree = atlas_core::calls::CallTree::new(&file.hops);
    assert_eq!(tree.top().len(), 3);
}
