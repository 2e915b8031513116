//! Hostile bundles are contained or refused.

use super::*;

#[test]
fn hostile_bundles_are_contained_or_refused() {
    let _g = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    if !can_run("hostile") {
        return;
    }
    let lab = Lab::new("hostile");
    let escape = format!("atlas-escape-{}", std::process::id());
    let host_target = std::env::temp_dir().join(&escape);
    let b = lab.bundle("b", &["sh", "-c", "ls /tmp"], |c| {
        if let Some(m) = c["mounts"].as_array_mut() {
            m.push(serde_json::json!({"destination": format!("/../../../../tmp/{escape}"), "type": "tmpfs", "source": "tmpfs"}));
            m.push(serde_json::json!({"destination": "/evil/escaped", "type": "tmpfs", "source": "tmpfs"}));
        }
    });
    std::os::unix::fs::symlink("/tmp", b.join("rootfs/evil")).expect("symlink");
    let id = format!("hostile-{}", std::process::id());
    let o = lab.rt(&["run", "--bundle", b.to_str().unwrap_or(""), &id]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let out = text(&o.stdout);
    assert!(
        out.lines().any(|l| l == escape) && out.lines().any(|l| l == "escaped"),
        "{out}"
    );
    assert!(
        !host_target.exists(),
        "a mount point was made outside the rootfs"
    );
    assert!(!Path::new("/tmp/escaped").exists());
    assert_clean(&lab, &id, &b);
    // Absurd rlimits: refused with the kernel's reason, nothing left.
    let b2 = lab.bundle("b2", &["true"], |c| {
        c["process"]["rlimits"] =
            serde_json::json!([{"type": "RLIMIT_NOFILE", "soft": 4096, "hard": 1}]);
    });
    let o = lab.rt(&["run", "--bundle", b2.to_str().unwrap_or(""), &id]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        text(&o.stderr)
            .contains("error setting rlimit type 7 (soft 4096, hard 1): invalid argument"),
        "{}",
        text(&o.stderr)
    );
    assert_clean(&lab, &id, &b2);
    // A config from a newer major version of the spec.
    let b3 = lab.bundle("b3", &["true"], |c| c["ociVersion"] = "2.0.0".into());
    let o = lab.rt(&["run", "--bundle", b3.to_str().unwrap_or(""), &id]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        text(&o.stderr).contains("unsupported ociVersion \\\"2.0.0\\\""),
        "{}",
        text(&o.stderr)
    );
    assert_clean(&lab, &id, &b3);
}
