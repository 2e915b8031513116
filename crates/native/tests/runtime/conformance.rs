//! What the runtime-spec says a runtime MUST do and the runtime-tools
//! validation suite checks: rootfs propagation under a shared parent mount,
//! a masked directory, a container without namespaces.

use super::*;

fn sh(cmd: &str, args: &[&str]) -> bool {
    Command::new(cmd)
        .args(args)
        .status()
        .is_ok_and(|s| s.success())
}

/// Makes `dir` a shared mount of its own for as long as it lives, so that
/// the rootfs's parent mount is shared whatever the host's `/` is.
struct SharedMount(PathBuf);

impl SharedMount {
    fn new(dir: &Path) -> Option<SharedMount> {
        let d = dir.to_str()?;
        if !sh("mount", &["--bind", d, d]) {
            return None;
        }
        let m = SharedMount(dir.to_path_buf());
        sh("mount", &["--make-shared", d]).then_some(m)
    }
}

impl Drop for SharedMount {
    fn drop(&mut self) {
        // Lazy: the bind and anything that propagated under it.
        let _ = nix::mount::umount2(&self.0, nix::mount::MntFlags::MNT_DETACH);
    }
}

#[test]
fn rootfs_propagation_shared_and_rshared() {
    let _g = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    if !can_run("rootfs_propagation") {
        return;
    }
    let lab = Lab::new("propagation");
    for p in ["shared", "rshared", "private", "slave"] {
        let b = lab.bundle(&format!("b-{p}"), &["true"], |c| {
            c["linux"]["rootfsPropagation"] = p.into();
        });
        let Some(shared) = SharedMount::new(&b) else {
            eprintln!("skipped rootfs_propagation: mount --make-shared refused");
            return;
        };
        let id = format!("prop-{p}-{}", std::process::id());
        let o = lab.rt(&["run", "--bundle", b.to_str().unwrap_or(""), &id]);
        assert!(o.status.success(), "{p}: {}", text(&o.stderr));
        // Nothing of the container propagated back to the host's bundle.
        let mounts = std::fs::read_to_string("/proc/self/mountinfo").unwrap_or_default();
        let under = format!("{}/", b.display());
        assert!(
            !mounts.lines().any(|l| l.contains(&under)),
            "{p}: a container mount propagated to the host: {mounts}"
        );
        drop(shared);
        assert_clean(&lab, &id, &b);
    }
}

#[test]
fn masked_unlisted_directory() {
    let _g = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    if !can_run("masked_unlisted_directory") {
        return;
    }
    let lab = Lab::new("maskdir");
    let b = lab.bundle(
        "b",
        &[
            "sh",
            "-c",
            "echo \"[$(ls -A /tmp/masked-dir)]\"; touch /tmp/masked-dir/new || echo read-only",
        ],
        |c| {
            let mut masked = c["linux"]["maskedPaths"]
                .as_array()
                .cloned()
                .unwrap_or_default();
            masked.push("/tmp/masked-dir".into());
            c["linux"]["maskedPaths"] = masked.into();
        },
    );
    std::fs::create_dir_all(b.join("rootfs/tmp/masked-dir")).expect("dir");
    std::fs::write(b.join("rootfs/tmp/masked-dir/secret"), "x").expect("file");
    let id = format!("maskdir-{}", std::process::id());
    let o = lab.rt(&["run", "--bundle", b.to_str().unwrap_or(""), &id]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let out = text(&o.stdout);
    assert!(out.contains("[]"), "the directory is not empty: {out}");
    assert!(
        out.contains("read-only"),
        "the directory is writable: {out}"
    );
    assert!(!b.join("rootfs/tmp/masked-dir/new").exists());
    assert_clean(&lab, &id, &b);
}

/// runc's default config without any namespace (runc refuses masked and
/// read-only paths, hostname and the usual mounts without their namespaces).
fn without_namespaces(c: &mut serde_json::Value) {
    c["linux"]["namespaces"] = serde_json::json!([]);
    if let Some(l) = c["linux"].as_object_mut() {
        l.remove("maskedPaths");
        l.remove("readonlyPaths");
    }
    if let Some(o) = c.as_object_mut() {
        o.remove("hostname");
    }
    c["mounts"] = serde_json::json!([]);
}

#[test]
fn no_namespaces() {
    let _g = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    if !can_run("no_namespaces") {
        return;
    }
    let lab = Lab::new("nons");
    let b = lab.bundle("b", &["sh", "-c", "echo hello > /out"], without_namespaces);
    let id = format!("nons-{}", std::process::id());
    let o = lab.rt(&["create", "--bundle", b.to_str().unwrap_or(""), &id]);
    assert!(o.status.success(), "create: {}", text(&o.stderr));
    let s = state(&lab, &id);
    assert_eq!(s["status"], "created", "{s}");
    assert!(s["pid"].as_i64().unwrap_or(0) > 0, "{s}");
    let o = lab.rt(&["start", &id]);
    assert!(o.status.success(), "start: {}", text(&o.stderr));
    let mut st = serde_json::Value::Null;
    for _ in 0..400 {
        st = state(&lab, &id);
        if st["status"] == "stopped" {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    assert_eq!(st["status"], "stopped");
    assert_eq!(
        std::fs::read_to_string(b.join("rootfs/out")).unwrap_or_default(),
        "hello\n"
    );
    let o = lab.rt(&["delete", &id]);
    assert!(o.status.success(), "delete: {}", text(&o.stderr));
    assert_clean(&lab, &id, &b);
}

#[test]
fn create_fails_when_init_dies() {
    let _g = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    if !can_run("create_fails_when_init_dies") {
        return;
    }
    let lab = Lab::new("initdies");
    // The seccomp filter (loaded before exec.fifo is opened, as runc does
    // with noNewPrivileges) forbids the open of exec.fifo: the init cannot
    // wait for `start`, and `create` must say so.
    let b = lab.bundle("b", &["true"], |c| {
        c["process"]["noNewPrivileges"] = true.into();
        c["linux"]["seccomp"] = serde_json::json!({
            "defaultAction": "SCMP_ACT_ALLOW",
            "architectures": ["SCMP_ARCH_X86_64"],
            "syscalls": [{"names": ["open", "openat", "openat2"], "action": "SCMP_ACT_ERRNO", "errnoRet": 1}]
        });
    });
    let id = format!("initdies-{}", std::process::id());
    let o = lab.rt(&["create", "--bundle", b.to_str().unwrap_or(""), &id]);
    assert_eq!(
        o.status.code(),
        Some(1),
        "create succeeded with a dead init: {}",
        text(&o.stderr)
    );
    assert!(text(&o.stderr).contains("exec.fifo"), "{}", text(&o.stderr));
    assert_clean(&lab, &id, &b);
}
