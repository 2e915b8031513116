//! `exec` that cannot start its process fails, in runc's words, before it
//! returns: with `--detach` too, which is how containerd's shim (Docker) and
//! conmon (Podman) call it. (Found by the Docker interop test: `docker exec C
//! /nope` ran a process that printed the error on the container's stderr while
//! `exec --detach` exited 0 and wrote the pid file.)

use super::*;

#[test]
fn exec_that_cannot_start_fails_before_it_returns() {
    let _g = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    if !can_run("exec failures") {
        return;
    }
    let lab = Lab::new("exec-errors");
    let b = lab.bundle("b", &["sleep", "1000"], |_| {});
    std::fs::create_dir_all(b.join("rootfs/etc")).expect("rootfs/etc");
    let id = format!("exec-errors-{}", std::process::id());
    let o = lab.rt(&["run", "-d", "--bundle", b.to_str().unwrap_or(""), &id]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let pid_file = lab.dir.join("exec.pid");
    let log = lab.dir.join("log.json");
    let pid_arg = pid_file.to_str().unwrap_or("");
    let log_arg = log.to_str().unwrap_or("");
    // (options, command, runc's words)
    let cases: [(&[&str], &[&str], &str); 3] = [
        (
            &[],
            &["/nope"],
            "exec failed: unable to start container process: exec: \"/nope\": stat /nope: no such file or directory",
        ),
        // A directory (or a file without an execute bit): Go's LookPath says
        // permission denied, and the clients say 126, not 127.
        (
            &[],
            &["/etc"],
            "exec failed: unable to start container process: exec: \"/etc\": permission denied",
        ),
        (
            &["--cwd", "/nonexistent"],
            &["true"],
            "exec failed: unable to start container process: chdir to cwd (\"/nonexistent\") set in config.json failed: no such file or directory",
        ),
    ];
    for (options, args, words) in cases {
        for detach in [true, false] {
            let _ = std::fs::remove_file(&pid_file);
            let _ = std::fs::remove_file(&log);
            let mut argv = vec!["--log", log_arg, "--log-format", "json", "exec"];
            if detach {
                argv.push("--detach");
            }
            argv.extend(options);
            argv.extend(["--pid-file", pid_arg, &id]);
            argv.extend(args);
            let o = lab.rt(&argv);
            assert!(
                !o.status.success(),
                "exec {args:?} (detach {detach}) exited 0; stderr: {}",
                text(&o.stderr)
            );
            // containerd's shim reads the last error of --log (getLastRuntimeError).
            let logged = std::fs::read_to_string(&log).unwrap_or_default();
            let last: serde_json::Value = logged
                .lines()
                .last()
                .and_then(|l| serde_json::from_str(l).ok())
                .unwrap_or_default();
            assert_eq!(last["level"], "error", "log of exec {args:?}: {logged}");
            assert_eq!(last["msg"], words, "log of exec {args:?} (detach {detach})");
            assert!(
                !pid_file.exists(),
                "exec {args:?} (detach {detach}) failed but wrote the pid file"
            );
        }
    }
    // The container is unharmed and a good exec still works.
    let o = lab.rt(&["exec", &id, "echo", "still-here"]);
    assert_eq!(text(&o.stdout), "still-here\n", "{}", text(&o.stderr));
    assert_eq!(state(&lab, &id)["status"], "running");
    assert!(lab.rt(&["delete", "--force", &id]).status.success());
    assert_clean(&lab, &id, &b);
}

/// `create` of a container whose program is a directory fails in runc's
/// words, `exec: "/etc": permission denied` (Docker and Podman: exit 126),
/// not `stat /etc: no such file or directory` (their 127). Found by the
/// Docker interop test: `docker run IMG /etc`.
#[test]
fn create_of_a_directory_program_is_permission_denied() {
    let _g = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    if !can_run("create of a directory program") {
        return;
    }
    let lab = Lab::new("create-dir-program");
    let b = lab.bundle("b", &["/etc"], |_| {});
    std::fs::create_dir_all(b.join("rootfs/etc")).expect("rootfs/etc");
    let id = format!("create-dir-program-{}", std::process::id());
    let log = lab.dir.join("log.json");
    let log_arg = log.to_str().unwrap_or("");
    let o = lab.rt(&[
        "--log",
        log_arg,
        "--log-format",
        "json",
        "create",
        "--bundle",
        b.to_str().unwrap_or(""),
        &id,
    ]);
    assert!(!o.status.success(), "create of /etc exited 0");
    let logged = std::fs::read_to_string(&log).unwrap_or_default();
    let last: serde_json::Value = logged
        .lines()
        .last()
        .and_then(|l| serde_json::from_str(l).ok())
        .unwrap_or_default();
    assert_eq!(
        last["msg"],
        "runc create failed: unable to start container process: exec: \"/etc\": permission denied",
        "log: {logged}"
    );
    let _ = lab.rt(&["delete", "--force", &id]);
    assert_clean(&lab, &id, &b);
}

/// A failed `exec` exits 255 as runc 1.1's does (`fatalWithCode(…, 255)`):
/// Docker and Podman pass that status on. Found by the Docker interop test.
#[test]
fn failed_exec_exits_255() {
    let _g = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    if !can_run("failed exec exits 255") {
        return;
    }
    let lab = Lab::new("exec-255");
    let b = lab.bundle("b", &["sleep", "1000"], |_| {});
    let id = format!("exec-255-{}", std::process::id());
    // No such container: runc exits 255 too.
    let o = lab.rt(&["exec", &id, "true"]);
    assert_eq!(o.status.code(), Some(255), "{}", text(&o.stderr));
    let o = lab.rt(&["run", "-d", "--bundle", b.to_str().unwrap_or(""), &id]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    for detach in [true, false] {
        let mut argv = vec!["exec"];
        if detach {
            argv.push("--detach");
        }
        argv.extend([id.as_str(), "/nope"]);
        let o = lab.rt(&argv);
        assert_eq!(
            o.status.code(),
            Some(255),
            "exec /nope (detach {detach}): {}",
            text(&o.stderr)
        );
    }
    assert!(lab.rt(&["delete", "--force", &id]).status.success());
    assert_clean(&lab, &id, &b);
}
