//! `exec`: the container's seccomp, rlimits, capabilities and
//! `noNewPrivileges`, and a process that runs from a sealed copy
//! (CVE-2019-5736).

use super::*;

#[test]
fn exec_applies_the_containers_seccomp_rlimits_caps_and_no_new_privs() {
    let _g = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    if !can_run("exec set-up") {
        return;
    }
    let lab = Lab::new("exec");
    let b = lab.bundle("b", &["sleep", "1000"], |c| {
        c["process"]["noNewPrivileges"] = true.into();
        c["process"]["rlimits"] =
            serde_json::json!([{"type": "RLIMIT_NOFILE", "soft": 123, "hard": 123}]);
        c["linux"]["seccomp"] = serde_json::json!({
            "defaultAction": "SCMP_ACT_ALLOW",
            "architectures": ["SCMP_ARCH_X86_64"],
            "syscalls": [{"names": ["mkdir", "mkdirat"], "action": "SCMP_ACT_ERRNO", "errnoRet": 1}]
        });
    });
    let id = format!("exec-{}", std::process::id());
    let o = lab.rt(&["run", "-d", "--bundle", b.to_str().unwrap_or(""), &id]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let o = lab.rt(&[
        "exec",
        &id,
        "sh",
        "-c",
        "mkdir /tmp/x || echo denied; ulimit -n; grep -E '^(NoNewPrivs|CapEff|CapBnd)' /proc/self/status",
    ]);
    let out = text(&o.stdout);
    assert!(o.status.success(), "{out} {}", text(&o.stderr));
    assert!(out.lines().any(|l| l == "denied"), "seccomp: {out}");
    assert!(out.lines().any(|l| l == "123"), "rlimit: {out}");
    assert!(out.contains("NoNewPrivs:\t1"), "no_new_privs: {out}");
    // The same capabilities as the container's init.
    let pid = state(&lab, &id)["pid"].as_i64().unwrap_or(0);
    let init = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    for key in ["CapEff:", "CapBnd:"] {
        let want = init.lines().find(|l| l.starts_with(key)).unwrap_or("?");
        assert!(out.lines().any(|l| l == want), "{key} {want}: {out}");
    }
    assert!(lab.rt(&["delete", "--force", &id]).status.success());
    assert_clean(&lab, &id, &b);
}

/// The host processes whose command line is exactly `argv`.
fn processes_running(argv: &[&str]) -> Vec<i32> {
    let want: Vec<u8> = argv
        .iter()
        .flat_map(|a| [a.as_bytes(), b"\0"].concat())
        .collect();
    let mut out = Vec::new();
    for e in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
        let Ok(pid) = e.file_name().to_string_lossy().parse::<i32>() else {
            continue;
        };
        if std::fs::read(format!("/proc/{pid}/cmdline")).unwrap_or_default() == want {
            out.push(pid);
        }
    }
    out
}

/// CVE-2019-5736: a program in the container is a script whose interpreter
/// is `/proc/self/exe`, so `exec`'s execve runs again whatever binary the
/// process that calls it runs from, now inside the container. That must be
/// the sealed memfd copy, never the host's atlas-runtime, or the container
/// could write over the host binary through `/proc/PID/exe`.
///
/// The script's interpreter line is `#!/proc/self/exe init`, and `exec` sets
/// `_ATLAS_INITPIPE=0` with a socket held by this test as stdin: the binary
/// run again is `atlas-runtime init`, which waits on that socket for its
/// bootstrap, long enough for the host to look at it as the container would.
#[test]
fn exec_runs_the_containers_process_from_a_sealed_copy() {
    use std::io::Read;
    use std::os::fd::AsRawFd;
    let _g = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    if !can_run("exec from a sealed copy (CVE-2019-5736)") {
        return;
    }
    let lab = Lab::new("sealed");
    let b = lab.bundle("b", &["sleep", "1000"], |_| {});
    let probe = b.join("rootfs/probe");
    std::fs::write(&probe, "#!/proc/self/exe init\n").expect("probe script");
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&probe, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    // The binary is linked dynamically: the rootfs needs its loader and libraries.
    let ldd = Command::new("ldd").arg(BIN).output().expect("ldd");
    for lib in text(&ldd.stdout)
        .split_whitespace()
        .filter(|w| w.starts_with('/'))
    {
        let to = b.join("rootfs").join(lib.trim_start_matches('/'));
        std::fs::create_dir_all(to.parent().expect("a directory")).expect("lib dir");
        std::fs::copy(lib, &to).expect("copy a library");
    }
    let host_before = std::fs::read(BIN).expect("read the host binary");
    let id = format!("sealed-{}", std::process::id());
    let o = lab.rt(&["run", "-d", "--bundle", b.to_str().unwrap_or(""), &id]);
    assert!(o.status.success(), "{}", text(&o.stderr));

    let (held, theirs) = std::os::unix::net::UnixStream::pair().expect("socketpair");
    let mut child = Command::new(BIN)
        .arg("--root")
        .arg(lab.root())
        .args(["exec", "--env", "_ATLAS_INITPIPE=0", &id, "/probe"])
        .stdin(Stdio::from(std::os::fd::OwnedFd::from(theirs)))
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn exec");
    let argv = ["/proc/self/exe", "init", "/probe"];
    let mut found = Vec::new();
    for _ in 0..500 {
        found = processes_running(&argv);
        if !found.is_empty() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    let Some(&pid) = found.first() else {
        let _ = child.kill();
        let _ = child.wait();
        let mut err = String::new();
        if let Some(mut e) = child.stderr.take() {
            let _ = e.read_to_string(&mut err);
        }
        panic!("the re-executed binary never ran in the container: {err}");
    };
    // It really is in the container (its PID namespace), as the attacker sees it.
    let ns = |p: String| std::fs::read_link(format!("/proc/{p}/ns/pid")).ok();
    let init = state(&lab, &id)["pid"].as_i64().unwrap_or(0);
    assert_eq!(ns(pid.to_string()), ns(init.to_string()));
    // What the process runs from: a deleted, sealed memfd.
    let exe = std::fs::read_link(format!("/proc/{pid}/exe")).expect("readlink exe");
    let exe = exe.to_string_lossy().into_owned();
    assert!(
        exe.starts_with("/memfd:") && exe.ends_with(" (deleted)"),
        "the process in the container runs from {exe}, not from a sealed memfd"
    );
    let opened = std::fs::File::open(format!("/proc/{pid}/exe")).expect("open /proc/PID/exe");
    let seals = nix::fcntl::fcntl(&opened, nix::fcntl::FcntlArg::F_GET_SEALS).expect("F_GET_SEALS");
    let want = nix::fcntl::SealFlag::F_SEAL_WRITE | nix::fcntl::SealFlag::F_SEAL_SEAL;
    assert!(
        nix::fcntl::SealFlag::from_bits_truncate(seals).contains(want),
        "seals {seals:#x} of {exe}"
    );
    // The attack's second half: keep a handle on the exe, let the process
    // exit (no more ETXTBSY), then write through the handle. Writing back
    // the bytes already there, so that a failure of this test harms nothing.
    let path_fd = nix::fcntl::open(
        format!("/proc/{pid}/exe").as_str(),
        nix::fcntl::OFlag::O_PATH | nix::fcntl::OFlag::O_CLOEXEC,
        nix::sys::stat::Mode::empty(),
    )
    .expect("O_PATH /proc/PID/exe");
    drop(held);
    let status = child.wait().expect("wait exec");
    let mut err = String::new();
    if let Some(mut e) = child.stderr.take() {
        let _ = e.read_to_string(&mut err);
    }
    assert!(status.success(), "exec: {err}");
    let through = format!("/proc/self/fd/{}", path_fd.as_raw_fd());
    let written = std::fs::OpenOptions::new()
        .write(true)
        .open(&through)
        .and_then(|mut f| {
            use std::io::Write;
            f.write_all(&host_before[..4])
        });
    assert!(written.is_err(), "the binary behind {exe} took a write");
    assert!(std::fs::read(BIN).expect("read the host binary") == host_before);
    assert!(lab.rt(&["delete", "--force", &id]).status.success());
    assert_clean(&lab, &id, &b);
}
