//! `update` (flags, `-r -`, `--resources=-`, `--resources FILE`) and
//! `events [--stats] [--interval]` on a running container.

use super::*;
use std::io::{BufRead, Write};

/// `atlas-runtime --root R ARGS` with `input` on stdin (as containerd's
/// `Task.Update` sends the resources).
fn rt_stdin(lab: &Lab, args: &[&str], input: &str) -> Output {
    let mut child = Command::new(BIN)
        .arg("--root")
        .arg(lab.root())
        .args(args)
        .current_dir(&lab.dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn atlas-runtime");
    if let Some(mut i) = child.stdin.take() {
        i.write_all(input.as_bytes()).expect("stdin");
    }
    child.wait_with_output().expect("wait")
}

fn running(lab: &Lab, name: &str) -> Option<(String, PathBuf)> {
    if !Path::new("/sys/fs/cgroup/memory/memory.limit_in_bytes").exists()
        || !Path::new("/sys/fs/cgroup/cpu/cpu.shares").exists()
        || !Path::new("/sys/fs/cgroup/pids").exists()
    {
        eprintln!("skipped {name}: needs cgroup v1 memory, cpu and pids");
        return None;
    }
    let b = lab.bundle("b", &["sleep", "1000"], |c| {
        c["linux"]["resources"]["memory"] = serde_json::json!({"limit": 67108864});
    });
    let id = format!("{name}-{}", std::process::id());
    let o = lab.rt(&["run", "-d", "--bundle", b.to_str().unwrap_or(""), &id]);
    assert!(o.status.success(), "run -d: {}", text(&o.stderr));
    Some((id, b))
}

#[test]
fn update_from_flags_and_stdin() {
    let _g = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    if !can_run("update") {
        return;
    }
    let lab = Lab::new("update");
    let Some((id, b)) = running(&lab, "update") else {
        return;
    };
    let o = lab.rt(&["update", "--memory", "96m", &id]);
    assert!(o.status.success(), "update --memory: {}", text(&o.stderr));
    assert_eq!(v1_file("memory", &id, "memory.limit_in_bytes"), "100663296");
    // containerd's Task.Update: `update --resources - ID`, the JSON on stdin.
    let json = r#"{"memory":{"limit":134217728},"cpu":{"shares":512},"pids":{"limit":99}}"#;
    let o = rt_stdin(&lab, &["update", "-r", "-", &id], json);
    assert!(o.status.success(), "update -r -: {}", text(&o.stderr));
    assert_eq!(v1_file("memory", &id, "memory.limit_in_bytes"), "134217728");
    assert_eq!(v1_file("cpu", &id, "cpu.shares"), "512");
    assert_eq!(v1_file("pids", &id, "pids.max"), "99");
    // Newer go-runc: `--resources=-`.
    let o = rt_stdin(
        &lab,
        &["update", "--resources=-", &id],
        r#"{"pids":{"limit":77}}"#,
    );
    assert!(
        o.status.success(),
        "update --resources=-: {}",
        text(&o.stderr)
    );
    assert_eq!(v1_file("pids", &id, "pids.max"), "77");
    // runc's PidsGroup: a negative limit is "max".
    let o = lab.rt(&["update", "--pids-limit", "-1", &id]);
    assert!(
        o.status.success(),
        "update --pids-limit -1: {}",
        text(&o.stderr)
    );
    assert_eq!(v1_file("pids", &id, "pids.max"), "max");
    let o = lab.rt(&["update", "--pids-limit", "77", &id]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    // Podman: `--resources FILE`.
    let f = lab.dir.join("res.json");
    std::fs::write(&f, r#"{"cpu":{"shares":256}}"#).expect("res.json");
    let o = lab.rt(&["update", "--resources", f.to_str().unwrap_or(""), &id]);
    assert!(
        o.status.success(),
        "update --resources FILE: {}",
        text(&o.stderr)
    );
    assert_eq!(v1_file("cpu", &id, "cpu.shares"), "256");
    // Quota alone keeps the period set before (runc's update.go).
    let o = lab.rt(&[
        "update",
        "--cpu-period",
        "200000",
        "--cpu-quota",
        "10000",
        &id,
    ]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let o = lab.rt(&["update", "--cpu-quota", "50000", &id]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert_eq!(v1_file("cpu", &id, "cpu.cfs_period_us"), "200000");
    assert_eq!(v1_file("cpu", &id, "cpu.cfs_quota_us"), "50000");
    // runc's refusals, as recorded here.
    let o = lab.rt(&["update", "--memory", "abc", &id]);
    assert_eq!(
        without_time(&text(&o.stderr)),
        "level=error msg=\"invalid value for memory: invalid size: 'abc'\""
    );
    let o = lab.rt(&["update", "--l3-cache-schema", "x", &id]);
    assert_eq!(
        without_time(&text(&o.stderr)),
        "level=error msg=\"Intel RDT/CAT: l3 cache schema is not enabled\""
    );
    // Saved: events sees the new limits.
    let o = lab.rt(&["events", "--stats", &id]);
    assert!(o.status.success(), "events: {}", text(&o.stderr));
    let ev: serde_json::Value = serde_json::from_slice(&o.stdout).expect("event json");
    assert_eq!(ev["data"]["memory"]["usage"]["limit"], 134217728);
    assert_eq!(ev["data"]["pids"]["limit"], 77);
    let saved =
        std::fs::read_to_string(lab.root().join(&id).join("state.json")).unwrap_or_default();
    assert!(saved.contains("200000"), "the period is saved: {saved}");
    // The saved config still reads back (exec takes its defaults from it).
    let o = lab.rt(&["exec", &id, "true"]);
    assert!(o.status.success(), "exec after update: {}", text(&o.stderr));
    assert!(lab.rt(&["kill", &id, "KILL"]).status.success());
    for _ in 0..1000 {
        if state(&lab, &id)["status"] == "stopped" {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    let o = lab.rt(&["update", "--memory", "10m", &id]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        without_time(&text(&o.stderr)),
        "level=error msg=\"container not running\""
    );
    assert!(lab.rt(&["delete", &id]).status.success());
    assert_clean(&lab, &id, &b);
}

#[test]
fn events_stats_and_interval() {
    let _g = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    if !can_run("events") {
        return;
    }
    let lab = Lab::new("events");
    let Some((id, b)) = running(&lab, "events") else {
        return;
    };
    let o = lab.rt(&["events", "--stats", &id]);
    assert!(o.status.success(), "events --stats: {}", text(&o.stderr));
    let ev: serde_json::Value = serde_json::from_slice(&o.stdout).expect("event json");
    assert_eq!(ev["type"], "stats");
    assert_eq!(ev["id"], id.as_str());
    // runc 1.1.5's keys (`runc events --stats` of a busybox container here).
    let keys: Vec<&str> = text(&o.stdout)
        .split("\"data\":{")
        .nth(1)
        .map(|d| {
            [
                "cpu",
                "cpuset",
                "memory",
                "pids",
                "blkio",
                "hugetlb",
                "intel_rdt",
                "network_interfaces",
            ]
            .into_iter()
            .filter(|k| d.contains(&format!("\"{k}\":")))
            .collect()
        })
        .unwrap_or_default();
    assert_eq!(keys.len(), 8, "{}", text(&o.stdout));
    let data = &ev["data"];
    assert_eq!(data["memory"]["usage"]["limit"], 67108864);
    for k in ["usage", "swap", "kernel", "kernelTCP", "raw"] {
        assert!(data["memory"].get(k).is_some(), "memory.{k}: {data}");
    }
    for k in ["total", "percpu", "kernel", "user"] {
        assert!(
            data["cpu"]["usage"].get(k).is_some(),
            "cpu.usage.{k}: {data}"
        );
    }
    assert_eq!(data["pids"]["current"], 1);
    assert!(data["network_interfaces"].is_null());
    // --interval: a line per interval until it is stopped.
    let mut child = Command::new(BIN)
        .arg("--root")
        .arg(lab.root())
        .args(["events", "--interval", "100ms", &id])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("events");
    let mut lines = Vec::new();
    if let Some(out) = child.stdout.take() {
        for l in std::io::BufReader::new(out).lines().take(2) {
            lines.push(l.unwrap_or_default());
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(lines.len(), 2);
    for l in &lines {
        let v: serde_json::Value = serde_json::from_str(l).expect("line json");
        assert_eq!(v["type"], "stats");
    }
    let o = lab.rt(&["events", "--interval", "0s", &id]);
    assert_eq!(
        without_time(&text(&o.stderr)),
        "level=error msg=\"duration interval must be greater than 0\""
    );
    assert!(lab.rt(&["kill", &id, "KILL"]).status.success());
    for _ in 0..1000 {
        if state(&lab, &id)["status"] == "stopped" {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    let o = lab.rt(&["events", "--stats", &id]);
    assert_eq!(
        without_time(&text(&o.stderr)),
        format!("level=error msg=\"container with id {id} is not running\"")
    );
    assert!(lab.rt(&["delete", &id]).status.success());
    assert_clean(&lab, &id, &b);
}

/// `events` without `--stats` reports an OOM kill in the container as runc
/// does: `{"type":"oom","id":ID}` (cgroup v1: an eventfd on
/// memory.oom_control).
#[test]
fn events_reports_oom() {
    let _g = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    if !can_run("events oom") {
        return;
    }
    if !Path::new("/sys/fs/cgroup/memory/cgroup.event_control").exists() {
        eprintln!("skipped events oom: needs cgroup v1 memory (cgroup.event_control)");
        return;
    }
    let lab = Lab::new("evoom");
    let b = lab.bundle("b", &["sleep", "1000"], |c| {
        c["linux"]["resources"]["memory"] =
            serde_json::json!({"limit": 16777216, "swap": 16777216});
    });
    let id = format!("evoom-{}", std::process::id());
    let o = lab.rt(&["run", "-d", "--bundle", b.to_str().unwrap_or(""), &id]);
    assert!(o.status.success(), "run -d: {}", text(&o.stderr));
    let mut child = Command::new(BIN)
        .arg("--root")
        .arg(lab.root())
        .args(["events", "--interval", "200ms", &id])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("events");
    // A process that needs 64 MiB at once in a 16 MiB cgroup: the kernel
    // OOM-kills it (the container's sleep lives on). Stats lines come every
    // interval meanwhile; the OOM line is looked for among the next ones.
    let mut line = String::new();
    if let Some(out) = child.stdout.take() {
        let mut r = std::io::BufReader::new(out);
        for i in 0..50 {
            if i % 10 == 0 {
                let hog = "dd if=/dev/zero bs=64M count=1 | cat > /dev/null";
                let _ = lab.rt(&["exec", &id, "sh", "-c", hog]);
            }
            line.clear();
            if r.read_line(&mut line).unwrap_or(0) == 0 || line.contains("\"oom\"") {
                break;
            }
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(line.trim(), format!("{{\"type\":\"oom\",\"id\":\"{id}\"}}"));
    assert!(lab.rt(&["delete", "--force", &id]).status.success());
    assert_clean(&lab, &id, &b);
}

/// `events` ends as runc's does, when its OOM watch says the container is
/// gone: on cgroup v1 once `delete` removes the memory cgroup (a stopped
/// container still gets its stats lines until then), on v2 once the cgroup
/// has no process left (`cgroup.events` says `populated 0`).
#[test]
fn events_ends_with_the_container() {
    let _g = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    if !can_run("events end") {
        return;
    }
    if Path::new("/sys/fs/cgroup/memory/cgroup.event_control").exists() {
        let lab = Lab::new("evend");
        let Some((id, b)) = running(&lab, "evend") else {
            return;
        };
        let mut child = Command::new(BIN)
            .arg("--root")
            .arg(lab.root())
            .args(["events", "--interval", "50ms", &id])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("events");
        let out = child.stdout.take().expect("stdout");
        let lines = std::thread::spawn(move || {
            std::io::BufReader::new(out)
                .lines()
                .map_while(std::result::Result::ok)
                .collect::<Vec<_>>()
        });
        assert!(lab.rt(&["kill", &id, "KILL"]).status.success());
        for _ in 0..1000 {
            if state(&lab, &id)["status"] == "stopped" {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        std::thread::sleep(std::time::Duration::from_millis(400));
        assert_eq!(
            child.try_wait().expect("try_wait"),
            None,
            "events ended before delete"
        );
        assert!(lab.rt(&["delete", &id]).status.success());
        let mut ended = None;
        for _ in 0..500 {
            ended = child.try_wait().expect("try_wait");
            if ended.is_some() {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        if ended.is_none() {
            let _ = child.kill();
        }
        let _ = child.wait();
        let lines = lines.join().unwrap_or_default();
        assert!(
            ended.is_some_and(|s| s.success()),
            "events did not end after delete: {ended:?}"
        );
        assert!(lines.len() >= 4, "stats lines while stopped: {lines:?}");
        assert!(
            lines.iter().all(|l| l.starts_with("{\"type\":\"stats\"")),
            "{lines:?}"
        );
        assert_clean(&lab, &id, &b);
    } else {
        eprintln!("skipped events end on v1: needs cgroup v1 memory (cgroup.event_control)");
    }

    // v2: in a private mount namespace whose /sys/fs/cgroup is cgroup2 (on a
    // hybrid host; controllers stay with v1, cgroup.events is there anyway).
    let lab = Lab::new("evend2");
    let b = lab.bundle("b", &["sleep", "0.5"], |_| {});
    let id = format!("evend2-{}", std::process::id());
    let rt = format!("\"$0\" --root {}", lab.root().display());
    let script = format!(
        "{rt} run -d --bundle {b} {id} || exit 9; \
         timeout 20 {rt} events --interval 100ms {id}; echo \"events exit $?\"; \
         {rt} delete --force {id}",
        b = b.display(),
    );
    let Some(o) = in_cgroup2("events end on v2", &script) else {
        return;
    };
    let out = text(&o.stdout);
    assert!(o.status.success(), "{out} {}", text(&o.stderr));
    assert!(
        out.contains("events exit 0"),
        "events did not end with the container: {out}"
    );
    assert!(out.contains("{\"type\":\"stats\""), "{out}");
    assert_clean(&lab, &id, &b);
}

/// `--trace` records `update` as `create` records its writes: `user → runc
/// update`, then each file written (its path and value, the value the file
/// now holds), under it.
#[test]
fn update_is_traced() {
    let _g = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    if !can_run("update trace") {
        return;
    }
    let lab = Lab::new("uptrace");
    let Some((id, b)) = running(&lab, "uptrace") else {
        return;
    };
    let trace = lab.dir.join("update.jsonl");
    let t = trace.to_str().unwrap_or("");
    let o = lab.rt(&[
        "--trace",
        t,
        "update",
        "--memory",
        "32M",
        "--pids-limit",
        "50",
        &id,
    ]);
    assert!(o.status.success(), "update: {}", text(&o.stderr));
    let file = atlas_core::TraceFile::parse(&std::fs::read_to_string(&trace).unwrap_or_default())
        .expect("the trace parses");
    let verb = file.hops.first().expect("a hop");
    assert_eq!(
        (verb.from, verb.to, verb.iface, verb.call.as_str()),
        (
            atlas_core::Component::User,
            atlas_core::Component::Runc,
            atlas_core::Iface::OciCli,
            "update"
        )
    );
    let writes: Vec<(String, String)> = file.hops[1..]
        .iter()
        .map(|h| {
            assert_eq!(h.iface, atlas_core::Iface::Cgroupfs, "{h:?}");
            assert_eq!(h.parent, Some(verb.seq), "{h:?}");
            assert!(h.note.is_some(), "{h:?}");
            let d = h.detail.clone().unwrap_or_default();
            let path = d["path"].as_str().unwrap_or("").to_string();
            assert!(path.ends_with(&format!("/{id}/{}", h.call)), "{path}");
            let now = std::fs::read_to_string(&path).unwrap_or_default();
            assert_eq!(now.trim(), d["value"].as_str().unwrap_or(""), "{path}");
            (
                h.call.clone(),
                d["value"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    for want in [("memory.limit_in_bytes", "33554432"), ("pids.max", "50")] {
        assert!(
            writes.iter().any(|(f, v)| (f.as_str(), v.as_str()) == want),
            "{want:?} in {writes:?}"
        );
    }
    assert!(lab.rt(&["delete", "--force", &id]).status.success());
    assert_clean(&lab, &id, &b);
}
