//! A capability the runtime cannot grant fails `run` in runc's words
//! (`unable to apply caps: operation not permitted`), which Docker and Podman
//! show: `docker run --privileged` on a host whose bounding set lacks
//! CAP_SYS_RESOURCE (the lab's) said `capset Effective: caps error: capset
//! failure: Operation not permitted (os error 1)`. The runtime runs under
//! `setpriv --bounding-set -sys_resource`, so every host refuses the same way.

use super::*;

#[test]
fn a_capability_outside_the_bounding_set_fails_in_runcs_words() {
    let _g = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    if !can_run("capability refusal") {
        return;
    }
    if Command::new("setpriv").arg("--version").output().is_err() {
        eprintln!("SKIP: setpriv (util-linux) is missing");
        return;
    }
    let lab = Lab::new("caps-errors");
    let b = lab.bundle("b", &["true"], |c| {
        for set in ["bounding", "effective", "permitted"] {
            if let Some(list) = c["process"]["capabilities"][set].as_array_mut() {
                list.push("CAP_SYS_RESOURCE".into());
            }
        }
    });
    let id = format!("caps-errors-{}", std::process::id());
    let out = Command::new("setpriv")
        .args(["--bounding-set", "-sys_resource", BIN, "--root"])
        .arg(lab.root())
        .args(["run", "--bundle", b.to_str().unwrap_or(""), &id])
        .stdin(Stdio::null())
        .output()
        .expect("setpriv atlas-runtime run");
    assert!(
        !out.status.success(),
        "run granted a capability it does not have"
    );
    assert_eq!(
        without_time(text(&out.stderr).trim_end()),
        "level=error msg=\"runc run failed: unable to start container process: unable to apply caps: operation not permitted\""
    );
    assert_clean(&lab, &id, &b);
}
