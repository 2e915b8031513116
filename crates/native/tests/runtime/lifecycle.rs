//! The lifecycle for real: create, state, start, kill, delete; runc's default
//! config and the rootless one.

use super::*;

#[test]
fn lifecycle_create_state_start_kill_delete() {
    let _g = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    if !can_run("lifecycle") {
        return;
    }
    let lab = Lab::new("life");
    let b = lab.bundle("b", &["sleep", "1000"], |_| {});
    let id = format!("life-{}", std::process::id());
    let pidfile = lab.dir.join("pid");
    let o = lab.rt(&[
        "create",
        "--bundle",
        b.to_str().unwrap_or(""),
        "--pid-file",
        pidfile.to_str().unwrap_or(""),
        &id,
    ]);
    assert!(o.status.success(), "create: {}", text(&o.stderr));
    let s = state(&lab, &id);
    assert_eq!(s["status"], "created");
    let pid = s["pid"].as_i64().unwrap_or(0);
    assert!(pid > 0);
    assert_eq!(
        std::fs::read_to_string(&pidfile).unwrap_or_default(),
        pid.to_string()
    );
    // runc's key order.
    let raw = text(&lab.rt(&["state", &id]).stdout);
    let keys: Vec<&str> = raw
        .lines()
        .filter_map(|l| l.trim().split('"').nth(1))
        .collect();
    assert_eq!(
        keys,
        [
            "ociVersion",
            "id",
            "pid",
            "status",
            "bundle",
            "rootfs",
            "created",
            "owner"
        ]
    );
    // The init waits in the container's namespaces, in its cgroup.
    let cg = std::fs::read_to_string(format!("/proc/{pid}/cgroup")).unwrap_or_default();
    assert!(cg.contains(&format!("/{id}")), "{cg}");
    assert_ne!(
        std::fs::read_link(format!("/proc/{pid}/ns/pid")).ok(),
        std::fs::read_link("/proc/self/ns/pid").ok()
    );
    let o = lab.rt(&["start", &id]);
    assert!(o.status.success(), "start: {}", text(&o.stderr));
    assert_eq!(state(&lab, &id)["status"], "running");
    let comm = std::fs::read_to_string(format!("/proc/{pid}/comm")).unwrap_or_default();
    assert_eq!(comm.trim(), "sleep");
    let o = lab.rt(&["kill", &id, "KILL"]);
    assert!(o.status.success(), "kill: {}", text(&o.stderr));
    let mut st = serde_json::Value::Null;
    for _ in 0..200 {
        st = state(&lab, &id);
        if st["status"] == "stopped" {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    assert_eq!(st["status"], "stopped");
    assert_eq!(st["pid"], 0);
    let o = lab.rt(&["delete", &id]);
    assert!(o.status.success(), "delete: {}", text(&o.stderr));
    let o = lab.rt(&["state", &id]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        without_time(&text(&o.stderr)),
        "level=error msg=\"container does not exist\""
    );
    assert_clean(&lab, &id, &b);
}

#[test]
fn default_runc_spec_runs() {
    let _g = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    if !can_run("default spec") {
        return;
    }
    let lab = Lab::new("spec");
    let b = lab.bundle("b", &["true"], |_| {});
    std::fs::remove_file(b.join("config.json")).expect("rm");
    let o = lab.rt(&["spec", "--bundle", b.to_str().unwrap_or("")]);
    assert!(o.status.success());
    let written = std::fs::read_to_string(b.join("config.json")).unwrap_or_default();
    assert_eq!(
        written,
        oci::spec::RUNC_DEFAULT_JSON,
        "spec writes what runc spec writes"
    );
    let o = lab.rt(&["spec", "--bundle", b.to_str().unwrap_or("")]);
    assert_eq!(
        without_time(&text(&o.stderr)),
        "level=error msg=\"File config.json exists. Remove it first\""
    );
    // The default config, with terminal off and a program that reports.
    let mut c: serde_json::Value = serde_json::from_str(&written).expect("json");
    c["process"]["terminal"] = false.into();
    c["process"]["args"] = serde_json::json!(["sh", "-c", "hostname; cat /proc/self/status | grep -E '^(CapBnd|NoNewPrivs)'; ls /dev; cat /proc/1/cmdline; echo; touch /x 2>&1 || echo ro"]);
    std::fs::write(b.join("config.json"), c.to_string()).expect("write");
    let id = format!("spec-{}", std::process::id());
    let o = lab.rt(&["run", "--bundle", b.to_str().unwrap_or(""), &id]);
    let out = text(&o.stdout);
    assert!(o.status.success(), "run: {} {}", out, text(&o.stderr));
    let mut lines = out.lines();
    assert_eq!(lines.next(), Some("runc"), "{out}");
    // CAP_AUDIT_WRITE (29), CAP_KILL (5), CAP_NET_BIND_SERVICE (10).
    assert!(out.contains("CapBnd:\t0000000020000420"), "{out}");
    assert!(out.contains("NoNewPrivs:\t1"), "{out}");
    for dev in [
        "null", "zero", "full", "random", "urandom", "tty", "pts", "shm", "mqueue", "ptmx",
    ] {
        assert!(out.lines().any(|l| l == dev), "/dev/{dev} missing: {out}");
    }
    assert!(out.contains("sh\u{0}-c"), "the program is PID 1: {out}");
    assert!(
        out.contains("Read-only file system") || out.ends_with("ro\n"),
        "{out}"
    );
    assert_clean(&lab, &id, &b);
}

#[test]
fn rootless_config_runs_in_a_user_namespace() {
    let _g = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    if !can_run("rootless") {
        return;
    }
    let lab = Lab::new("rootless");
    let b = lab.bundle("b", &["true"], |_| {});
    std::fs::remove_file(b.join("config.json")).expect("rm");
    let o = lab.rt(&["spec", "--rootless", "--bundle", b.to_str().unwrap_or("")]);
    assert!(o.status.success());
    let mut c: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(b.join("config.json")).unwrap_or_default())
            .expect("json");
    c["process"]["terminal"] = false.into();
    c["process"]["args"] = serde_json::json!([
        "sh",
        "-c",
        "cat /proc/self/uid_map /proc/self/gid_map; id -u"
    ]);
    std::fs::write(b.join("config.json"), c.to_string()).expect("write");
    let id = format!("rootless-{}", std::process::id());
    let o = lab.rt(&["run", "--bundle", b.to_str().unwrap_or(""), &id]);
    let out = text(&o.stdout);
    assert!(o.status.success(), "run: {out} {}", text(&o.stderr));
    let fields: Vec<Vec<&str>> = out
        .lines()
        .map(|l| l.split_whitespace().collect())
        .collect();
    assert_eq!(
        fields.first().map(Vec::as_slice),
        Some(&["0", "0", "1"][..]),
        "{out}"
    );
    assert_eq!(
        fields.get(1).map(Vec::as_slice),
        Some(&["0", "0", "1"][..]),
        "{out}"
    );
    assert_eq!(fields.get(2).map(Vec::as_slice), Some(&["0"][..]), "{out}");
    assert_clean(&lab, &id, &b);
}
