//! The seccomp profile is enforced.

use super::*;

#[test]
fn seccomp_profile_is_enforced() {
    let _g = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    if !can_run("seccomp") {
        return;
    }
    let lab = Lab::new("seccomp");
    for nnp in [true, false] {
        let b = lab.bundle(&format!("b-{nnp}"), &["sh", "-c", "mkdir /tmp/x || echo denied; echo $$"], |c| {
            c["process"]["noNewPrivileges"] = nnp.into();
            c["linux"]["seccomp"] = serde_json::json!({
                "defaultAction": "SCMP_ACT_ALLOW",
                "architectures": ["SCMP_ARCH_X86_64"],
                "syscalls": [{"names": ["mkdir", "mkdirat"], "action": "SCMP_ACT_ERRNO", "errnoRet": 1}]
            });
        });
        let id = format!("seccomp-{nnp}-{}", std::process::id());
        let o = lab.rt(&["run", "--bundle", b.to_str().unwrap_or(""), &id]);
        let out = text(&o.stdout);
        assert!(o.status.success(), "nnp {nnp}: {out} {}", text(&o.stderr));
        assert!(out.contains("denied"), "nnp {nnp}: {out}");
        assert!(
            text(&o.stderr).contains("Operation not permitted"),
            "{}",
            text(&o.stderr)
        );
        assert!(!b.join("rootfs/tmp/x").exists());
        assert_clean(&lab, &id, &b);
    }
}
