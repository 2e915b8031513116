//! What the runtime-spec says a runtime MUST do and the runtime-tools
//! validation suite checks: rootfs propagation under a shared parent mount,
//! a masked directory, a container without namespaces.

use super::*;

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
