//! cgroup v1 resources applied as runc applies them: the cpuset joined with
//! its cpus and mems, memory's swap, swappiness and OOM killer.

use super::*;

fn is_v1_host() -> bool {
    Path::new("/sys/fs/cgroup/cpuset/cpuset.cpus").exists()
        && Path::new("/sys/fs/cgroup/memory/memory.limit_in_bytes").exists()
}

fn wait_stopped(lab: &Lab, id: &str) {
    for _ in 0..1000 {
        if state(lab, id)["status"] == "stopped" {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    panic!("{id} did not stop");
}

#[test]
fn cpuset_cpus_and_mems_apply() {
    let _g = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    if !can_run("cpuset") {
        return;
    }
    if !is_v1_host() {
        eprintln!("skipped cpuset: needs cgroup v1 cpuset and memory hierarchies");
        return;
    }
    let lab = Lab::new("cpuset");
    let b = lab.bundle(
        "b",
        &[
            "sh",
            "-c",
            "grep Cpus_allowed_list /proc/self/status > /tmp/out",
        ],
        |c| {
            c["linux"]["resources"]["cpu"] = serde_json::json!({"cpus": "0", "mems": "0"});
            c["root"]["readonly"] = false.into();
        },
    );
    let id = format!("cpuset-{}", std::process::id());
    let o = lab.rt(&["create", "--bundle", b.to_str().unwrap_or(""), &id]);
    assert!(o.status.success(), "create: {}", text(&o.stderr));
    assert_eq!(v1_file("cpuset", &id, "cpuset.cpus"), "0");
    assert_eq!(v1_file("cpuset", &id, "cpuset.mems"), "0");
    let pid = state(&lab, &id)["pid"].as_i64().unwrap_or(0);
    assert!(
        v1_file("cpuset", &id, "cgroup.procs")
            .lines()
            .any(|l| l == pid.to_string()),
        "the init joined the cpuset cgroup"
    );
    let o = lab.rt(&["start", &id]);
    assert!(o.status.success(), "start: {}", text(&o.stderr));
    wait_stopped(&lab, &id);
    let out = std::fs::read_to_string(b.join("rootfs/tmp/out")).unwrap_or_default();
    assert_eq!(out, "Cpus_allowed_list:\t0\n");
    assert!(lab.rt(&["delete", &id]).status.success());
    assert_clean(&lab, &id, &b);
}

#[test]
fn memory_swap_swappiness_oom() {
    let _g = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    if !can_run("memory v1") {
        return;
    }
    if !is_v1_host() || !Path::new("/sys/fs/cgroup/memory/memory.memsw.limit_in_bytes").exists() {
        eprintln!("skipped memory v1: needs cgroup v1 memory with swap accounting");
        return;
    }
    let lab = Lab::new("memv1");
    let b = lab.bundle("b", &["sleep", "1000"], |c| {
        c["linux"]["resources"]["memory"] = serde_json::json!({
            "limit": 67108864, "swap": 134217728, "swappiness": 10, "disableOOMKiller": true
        });
    });
    let id = format!("memv1-{}", std::process::id());
    let o = lab.rt(&["create", "--bundle", b.to_str().unwrap_or(""), &id]);
    assert!(o.status.success(), "create: {}", text(&o.stderr));
    assert_eq!(v1_file("memory", &id, "memory.limit_in_bytes"), "67108864");
    assert_eq!(
        v1_file("memory", &id, "memory.memsw.limit_in_bytes"),
        "134217728"
    );
    assert_eq!(v1_file("memory", &id, "memory.swappiness"), "10");
    assert!(
        v1_file("memory", &id, "memory.oom_control")
            .lines()
            .any(|l| l == "oom_kill_disable 1"),
        "{}",
        v1_file("memory", &id, "memory.oom_control")
    );
    assert!(lab.rt(&["delete", "--force", &id]).status.success());
    assert_clean(&lab, &id, &b);
}

/// cgroup v2 device rules are enforced by runc's eBPF program: a device
/// node that is not allowed (`/dev/fuse`, c 10:229, mode 0666: nothing
/// but the device rules can refuse it) cannot be opened even when it is there. On a
/// hybrid host the runtime runs in a private mount namespace whose
/// `/sys/fs/cgroup` is the cgroup2 hierarchy (controllers stay with v1: the
/// bundle sets no limits).
#[test]
fn v2_device_filter_denies() {
    let _g = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    if !can_run("v2 device filter") {
        return;
    }
    if !Path::new("/dev/fuse").exists() {
        eprintln!("skipped v2 device filter: needs /dev/fuse to bind into the container");
        return;
    }
    let lab = Lab::new("devbpf");
    let b = lab.bundle(
        "b",
        &[
            "sh",
            "-c",
            "(exec 3</dev/fuse && echo opened) 2>&1; cat /dev/null && echo null-ok",
        ],
        |c| {
            if let Some(m) = c["mounts"].as_array_mut() {
                m.push(serde_json::json!({
                    "destination": "/dev/fuse", "type": "bind", "source": "/dev/fuse",
                    "options": ["bind"]
                }));
            }
        },
    );
    let id = format!("devbpf-{}", std::process::id());
    let root = lab.root();
    let run = format!(
        "exec \"$0\" --root {} run --bundle {} {id}",
        root.display(),
        b.display()
    );
    let Some(o) = in_cgroup2("v2 device filter", &run) else {
        return;
    };
    let out = text(&o.stdout);
    assert!(o.status.success(), "run: {out} {}", text(&o.stderr));
    assert!(!out.contains("opened"), "/dev/fuse opened: {out}");
    assert!(out.contains("Operation not permitted"), "{out}");
    assert!(out.contains("null-ok"), "/dev/null is allowed: {out}");
    assert_clean(&lab, &id, &b);
}

/// The cpuset written before the join and memory's extra files are steps of
/// the plan: the real trace is the simulated runc's, hop for hop.
#[test]
fn cgroup_v1_extras_trace_as_simulated() {
    let _g = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    if !can_run("cgroup trace") {
        return;
    }
    if !is_v1_host() || !Path::new("/sys/fs/cgroup/memory/memory.memsw.limit_in_bytes").exists() {
        eprintln!("skipped cgroup trace: needs cgroup v1 cpuset and memory with swap accounting");
        return;
    }
    let lab = Lab::new("cgtrace");
    let b = lab.bundle("b", &["sleep", "1000"], |c| {
        c["linux"]["resources"]["cpu"] =
            serde_json::json!({"cpus": "0-1", "mems": "0", "shares": 512});
        c["linux"]["resources"]["memory"] = serde_json::json!({
            "limit": 67108864, "swap": 134217728, "swappiness": 10, "disableOOMKiller": true
        });
        c["linux"]["resources"]["pids"] = serde_json::json!({"limit": 64});
    });
    let id = format!("cgtrace-{}", std::process::id());
    let trace = lab.dir.join("trace.jsonl");
    let t = trace.to_str().unwrap_or("");
    let bs = b.to_str().unwrap_or("");
    let o = lab.rt(&["--trace", t, "create", "--bundle", bs, &id]);
    assert!(o.status.success(), "create: {}", text(&o.stderr));
    assert_eq!(v1_file("cpuset", &id, "cpuset.cpus"), "0-1");
    assert!(lab.rt(&["--trace", t, "start", &id]).status.success());
    assert!(lab
        .rt(&["--trace", t, "delete", "--force", &id])
        .status
        .success());
    let file = atlas_core::TraceFile::parse(&std::fs::read_to_string(&trace).unwrap_or_default())
        .expect("the trace parses");
    let key = |h: &atlas_core::Hop| {
        (
            format!("{:?}", h.from),
            format!("{:?}", h.iface),
            h.call.clone(),
        )
    };
    let real: Vec<_> = file
        .hops
        .iter()
        .filter(|h| h.iface != atlas_core::Iface::OciCli)
        .map(key)
        .collect();
    let text = std::fs::read_to_string(b.join("config.json")).unwrap_or_default();
    let spec = oci::parse_config(&text, oci::OciRuntime::Runc).expect("spec");
    let plan =
        Plan::with_options(&spec, atlas_native::init::plan_options(true, false)).expect("plan");
    let mut ctx = HopContext::new(&plan, &id, bs);
    ctx.delete_kills_init = true;
    let simulated: Vec<_> = Phase::ALL
        .iter()
        .flat_map(|p| plan.hops(*p, &ctx))
        .map(|h| key(&h))
        .collect();
    assert_eq!(real, simulated);
    let calls: Vec<&str> = real.iter().map(|h| h.2.as_str()).collect();
    let at = |c: &str| calls.iter().position(|x| *x == c).unwrap_or(usize::MAX);
    // runc's order: the cpuset before the join, memory before swap at create.
    assert!(at("cpuset.cpus") < at("cgroup.procs"), "{calls:?}");
    assert!(at("memory.limit_in_bytes") < at("memory.memsw.limit_in_bytes"));
    assert!(at("memory.oom_control") < at("memory.swappiness"));
    assert_clean(&lab, &id, &b);
}

/// The cgroup v1 `name=systemd` hierarchy is joined and bound under
/// `/sys/fs/cgroup/systemd` as runc v1.1.5 does (`fs` subsystems end with
/// `NameGroup{"name=systemd", Join: true}`; `mountCgroupV1` binds every v1
/// hierarchy of mountinfo). Found by the Docker interop test.
#[test]
fn name_systemd_hierarchy_joined_and_mounted() {
    let _g = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    if !can_run("name=systemd") {
        return;
    }
    let mounts = std::fs::read_to_string("/proc/self/mountinfo").unwrap_or_default();
    if !is_v1_host() || !mounts.contains(" /sys/fs/cgroup/systemd ") {
        eprintln!("skipped name=systemd: needs a cgroup v1 name=systemd hierarchy at /sys/fs/cgroup/systemd");
        return;
    }
    let lab = Lab::new("name-systemd");
    let b = lab.bundle(
        "b",
        &[
            "sh",
            "-c",
            "cat /proc/self/cgroup; ls /sys/fs/cgroup/systemd/cgroup.procs",
        ],
        |_| {},
    );
    let id = format!("name-systemd-{}", std::process::id());
    let o = lab.rt(&["run", "--bundle", b.to_str().unwrap_or(""), &id]);
    let out = text(&o.stdout);
    assert!(o.status.success(), "{out}{}", text(&o.stderr));
    assert!(
        out.lines()
            .any(|l| l.ends_with(&format!(":name=systemd:/{id}"))),
        "not in the name=systemd cgroup /{id}: {out}"
    );
    assert!(
        out.contains("/sys/fs/cgroup/systemd/cgroup.procs"),
        "name=systemd not mounted in the container: {out}{}",
        text(&o.stderr)
    );
    assert_clean(&lab, &id, &b);
}
