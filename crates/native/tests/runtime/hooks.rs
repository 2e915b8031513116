//! Hooks read the container's state on stdin.

use super::*;

#[test]
fn hooks_read_the_state_on_stdin() {
    let _g = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    if !can_run("hooks") {
        return;
    }
    let lab = Lab::new("hooks");
    let log = lab.dir.join("hooks.log");
    let l = log.display().to_string();
    let b = lab.bundle("b", &["true"], |c| {
        let hook = |name: &str| serde_json::json!({"path": "/bin/sh", "args": ["sh", "-c", format!("cat >> {l}; echo ' {name}' >> {l}")]});
        c["hooks"] = serde_json::json!({
            "prestart": [hook("prestart")],
            "createRuntime": [hook("createRuntime")],
            "poststart": [hook("poststart")],
            "poststop": [hook("poststop")],
        });
    });
    let id = format!("hooks-{}", std::process::id());
    let o = lab.rt(&["run", "--bundle", b.to_str().unwrap_or(""), &id]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let got = std::fs::read_to_string(&log).unwrap_or_default();
    let order: Vec<&str> = got.lines().filter_map(|l| l.rsplit(' ').next()).collect();
    assert_eq!(
        order,
        ["prestart", "createRuntime", "poststart", "poststop"],
        "{got}"
    );
    let first: serde_json::Value = serde_json::from_str(
        got.lines()
            .next()
            .unwrap_or("")
            .rsplit_once(' ')
            .map_or("", |x| x.0),
    )
    .expect("state json");
    assert_eq!(first["id"], id.as_str());
    assert_eq!(first["status"], "creating");
    assert!(first["pid"].as_i64().unwrap_or(0) > 0);
    assert_clean(&lab, &id, &b);
}

/// The keys of one JSON object line, in the order they are written.
fn keys_in_order(json: &str) -> Vec<String> {
    let v: serde_json::Value = serde_json::from_str(json).unwrap_or_default();
    let mut keys: Vec<(usize, String)> = v
        .as_object()
        .map(|o| {
            o.keys()
                .filter_map(|k| json.find(&format!("\"{k}\":")).map(|at| (at, k.clone())))
                .collect()
        })
        .unwrap_or_default();
    keys.sort();
    keys.into_iter().map(|(_, k)| k).collect()
}

#[test]
fn hooks_and_state_carry_annotations() {
    let _g = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    if !can_run("hooks_and_state_carry_annotations") {
        return;
    }
    let lab = Lab::new("annotations");
    let log = lab.dir.join("hooks.log");
    let l = log.display().to_string();
    let b = lab.bundle("b", &["sleep", "1000"], |c| {
        let hook = serde_json::json!({"path": "/bin/sh", "args": ["sh", "-c", format!("cat >> {l}; echo >> {l}")]});
        c["annotations"] = serde_json::json!({"org.atlas.k": "v"});
        c["hooks"] = serde_json::json!({"prestart": [hook], "poststart": [hook]});
    });
    let id = format!("annot-{}", std::process::id());
    let o = lab.rt(&["create", "--bundle", b.to_str().unwrap_or(""), &id]);
    assert!(o.status.success(), "create: {}", text(&o.stderr));
    let o = lab.rt(&["start", &id]);
    assert!(o.status.success(), "start: {}", text(&o.stderr));
    let got = std::fs::read_to_string(&log).unwrap_or_default();
    let lines: Vec<&str> = got.lines().filter(|l| !l.is_empty()).collect();
    assert_eq!(lines.len(), 2, "{got}");
    for line in &lines {
        let s: serde_json::Value = serde_json::from_str(line).expect("hook state");
        assert_eq!(s["annotations"]["org.atlas.k"], "v", "{line}");
        // runc's specs.State order.
        assert_eq!(
            keys_in_order(line),
            ["ociVersion", "id", "status", "pid", "bundle", "annotations"],
            "{line}"
        );
    }
    let raw = text(&lab.rt(&["state", &id]).stdout);
    let s: serde_json::Value = serde_json::from_str(&raw).expect("state json");
    assert_eq!(s["annotations"]["org.atlas.k"], "v", "{raw}");
    let ours = keys_in_order(&raw);
    assert_eq!(
        ours,
        [
            "ociVersion",
            "id",
            "pid",
            "status",
            "bundle",
            "rootfs",
            "created",
            "annotations",
            "owner"
        ],
        "{raw}"
    );
    let listed = text(&lab.rt(&["list", "--format", "json"]).stdout);
    assert!(listed.contains("\"org.atlas.k\":\"v\""), "{listed}");
    // The same keys, in the same order, as runc's own `state`.
    if Path::new("/usr/sbin/runc").exists() {
        let runc_root = lab.dir.join("runc-root");
        let rid = format!("annot-runc-{}", std::process::id());
        // Never a pipe for stdout: runc's init would hold it open.
        let runc = |args: &[&str]| {
            Command::new("/usr/sbin/runc")
                .arg("--root")
                .arg(&runc_root)
                .args(args)
                .stdin(Stdio::null())
                .stdout(std::fs::File::create(lab.dir.join("runc.out")).expect("runc.out"))
                .stderr(Stdio::null())
                .status()
                .is_ok_and(|s| s.success())
        };
        if runc(&["create", "--bundle", b.to_str().unwrap_or(""), &rid]) {
            runc(&["state", &rid]);
            let theirs = std::fs::read_to_string(lab.dir.join("runc.out")).unwrap_or_default();
            runc(&["delete", "--force", &rid]);
            assert_eq!(keys_in_order(&theirs), ours, "runc: {theirs}");
        }
    }
    let o = lab.rt(&["delete", "--force", &id]);
    assert!(o.status.success(), "delete: {}", text(&o.stderr));
    assert_clean(&lab, &id, &b);
}

#[test]
fn poststart_runs_after_the_program() {
    let _g = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    if !can_run("poststart_runs_after_the_program") {
        return;
    }
    // runtime-tools' validation/poststart: the program writes first, then the hook.
    let lab = Lab::new("poststart");
    for n in 0..20 {
        let out = lab.dir.join(format!("b{n}/rootfs/out"));
        let o = out.display().to_string();
        let b = lab.bundle(
            &format!("b{n}"),
            &["sh", "-c", "echo 'process called' >> /out"],
            |c| {
                c["root"]["readonly"] = false.into();
                c["hooks"] = serde_json::json!({"poststart": [
                    {"path": "/bin/sh", "args": ["sh", "-c", format!("echo 'post-start called' >> {o}")]}
                ]});
            },
        );
        let id = format!("poststart-{n}-{}", std::process::id());
        let r = lab.rt(&["run", "--bundle", b.to_str().unwrap_or(""), &id]);
        assert!(r.status.success(), "run {n}: {}", text(&r.stderr));
        assert_eq!(
            std::fs::read_to_string(&out).unwrap_or_default(),
            "process called\npost-start called\n",
            "run {n}"
        );
        assert_clean(&lab, &id, &b);
    }
}

#[test]
fn poststart_failure_warns_and_continues() {
    let _g = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    if !can_run("poststart_failure_warns_and_continues") {
        return;
    }
    let lab = Lab::new("poststartfail");
    let log = lab.dir.join("hooks.log");
    let l = log.display().to_string();
    let b = lab.bundle("b", &["sleep", "1000"], |c| {
        c["hooks"] = serde_json::json!({"poststart": [
            {"path": "/bin/false"},
            {"path": "/bin/sh", "args": ["sh", "-c", format!("echo ok >> {l}")]}
        ]});
    });
    let id = format!("poststartfail-{}", std::process::id());
    let rtlog = lab.dir.join("runtime.log");
    let rl = rtlog.to_str().unwrap_or("");
    let o = lab.rt(&[
        "--log",
        rl,
        "create",
        "--bundle",
        b.to_str().unwrap_or(""),
        &id,
    ]);
    assert!(o.status.success(), "create: {}", text(&o.stderr));
    let o = lab.rt(&["--log", rl, "start", &id]);
    assert!(o.status.success(), "start failed: {}", text(&o.stderr));
    assert_eq!(std::fs::read_to_string(&log).unwrap_or_default(), "ok\n");
    assert_eq!(state(&lab, &id)["status"], "running");
    let logged = without_time(&std::fs::read_to_string(&rtlog).unwrap_or_default());
    assert!(
        logged.contains("level=warning msg=\"error running poststart hook #0: exit status 1"),
        "{logged}"
    );
    let o = lab.rt(&["delete", "--force", &id]);
    assert!(o.status.success(), "delete: {}", text(&o.stderr));
    assert_clean(&lab, &id, &b);
}
