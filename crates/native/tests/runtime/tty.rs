//! Terminals: the console socket, `exec -t` and `run` in the foreground,
//! the window size.

use super::*;

#[test]
fn exec_tty_sends_its_console_to_the_console_socket() {
    let _g = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    if !can_run("exec --console-socket") {
        return;
    }
    let lab = Lab::new("console");
    // runc's setupConsole sizes the pty from process.consoleSize.
    let b = lab.bundle("b", &["sleep", "1000"], |c| {
        c["process"]["consoleSize"] = serde_json::json!({"height": 25, "width": 90});
    });
    let id = format!("console-{}", std::process::id());
    let o = lab.rt(&["run", "-d", "--bundle", b.to_str().unwrap_or(""), &id]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    // Refused as runc refuses it: a console socket without --tty and -d.
    let sock = lab.dir.join("console.sock");
    let s = sock.to_str().unwrap_or("");
    let o = lab.rt(&["exec", "--console-socket", s, &id, "true"]);
    // runc 1.1.5 exits 255 here too (a failed exec).
    assert_eq!(o.status.code(), Some(255));
    assert!(
        text(&o.stderr)
            .contains("cannot use console socket if runc will not detach or allocate tty"),
        "{}",
        text(&o.stderr)
    );
    let listener = std::os::unix::net::UnixListener::bind(&sock).expect("bind");
    let o = lab.rt(&[
        "exec",
        "-d",
        "-t",
        "--console-socket",
        s,
        &id,
        "sh",
        "-c",
        "tty; busybox stty size; echo hi-console; sleep 1",
    ]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let (conn, _) = listener.accept().expect("accept");
    use std::os::fd::AsRawFd;
    let master = atlas_native::tty::recv_master(conn.as_raw_fd()).expect("the pty master");
    let mut got = String::new();
    let mut f = std::fs::File::from(master);
    let mut buf = [0u8; 256];
    use std::io::Read;
    while !got.contains("hi-console") {
        match f.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => got.push_str(&String::from_utf8_lossy(&buf[..n])),
        }
    }
    assert!(got.contains("/dev/pts/"), "{got}");
    assert!(got.contains("hi-console"), "{got}");
    assert!(got.lines().any(|l| l.trim() == "25 90"), "{got:?}");
    // The master is one of the container's devpts instance: its slave
    // exists inside the container, on the container's /dev/pts.
    assert_master_is_the_containers(&lab, &id, &f, &pts_line(&got));
    assert!(lab.rt(&["delete", "--force", &id]).status.success());
    assert_clean(&lab, &id, &b);
}

/// `master` (a pty master) belongs to the devpts mounted on the container's
/// `/dev/pts`, not to the host's, and `slave` (what `tty` printed in the
/// container) is there.
fn assert_master_is_the_containers(lab: &Lab, id: &str, master: &std::fs::File, slave: &str) {
    use std::os::unix::fs::MetadataExt;
    let pid = state(lab, id)["pid"].as_i64().unwrap_or(0);
    let root = PathBuf::from(format!("/proc/{pid}/root"));
    let theirs = std::fs::metadata(root.join("dev/pts"))
        .expect("the container's /dev/pts")
        .dev();
    let hosts = std::fs::metadata("/dev/pts")
        .expect("the host's /dev/pts")
        .dev();
    assert_ne!(theirs, hosts, "the container has its own devpts instance");
    let s = std::fs::metadata(root.join(slave.trim_start_matches('/')))
        .unwrap_or_else(|e| panic!("{slave} inside the container: {e}"));
    assert_eq!(s.dev(), theirs, "{slave} is on the container's devpts");
    let m = master.metadata().expect("fstat the master").dev();
    assert_eq!(
        m, theirs,
        "the master was opened from the container's devpts"
    );
}

/// The `/dev/pts/N` line `tty` printed.
fn pts_line(out: &str) -> String {
    let line = out
        .lines()
        .map(|l| l.trim_end_matches('\r'))
        .find(|l| l.starts_with("/dev/pts/"))
        .unwrap_or_else(|| panic!("tty printed no /dev/pts/N: {out:?}"));
    assert!(line["/dev/pts/".len()..].parse::<u32>().is_ok(), "{line}");
    line.to_string()
}

#[test]
fn exec_tty_in_the_foreground_is_a_terminal_inside_the_container() {
    let _g = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    if !can_run("exec -t in the foreground") {
        return;
    }
    let lab = Lab::new("fgexec");
    let b = lab.bundle("b", &["sleep", "1000"], |_| {});
    let id = format!("fgexec-{}", std::process::id());
    let o = lab.rt(&["run", "-d", "--bundle", b.to_str().unwrap_or(""), &id]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    // stdin is /dev/null here (not a terminal): runc still gives the
    // process a pty and proxies it.
    let script = "tty; [ -t 0 ] && echo stdin-is-a-tty; [ -t 1 ] && echo stdout-is-a-tty; \
                  [ -e \"$(tty)\" ] && echo slave-exists; exit 7";
    let o = lab.rt(&["exec", "-t", &id, "sh", "-c", script]);
    let out = text(&o.stdout);
    assert_eq!(o.status.code(), Some(7), "{out} {}", text(&o.stderr));
    assert!(!out.contains("not a tty"), "{out}");
    // runc clears the pty's ONLCR: lines arrive as the program wrote them.
    assert!(!out.contains('\r'), "{out:?}");
    pts_line(&out);
    for want in ["stdin-is-a-tty", "stdout-is-a-tty", "slave-exists"] {
        assert!(out.contains(want), "{want}: {out:?}");
    }
    // The exit code of a successful command too, and the terminal is
    // released: a second exec -t gets a pty again.
    let o = lab.rt(&["exec", "-t", &id, "true"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    // runc's checks stay: -t -d without a console socket is refused.
    let o = lab.rt(&["exec", "-t", "-d", &id, "true"]);
    // runc 1.1.5 exits 255 here too (a failed exec).
    assert_eq!(o.status.code(), Some(255));
    assert!(
        text(&o.stderr)
            .contains("cannot allocate tty if runc will detach without setting console socket"),
        "{}",
        text(&o.stderr)
    );
    assert!(lab.rt(&["delete", "--force", &id]).status.success());
    assert_clean(&lab, &id, &b);
}

#[test]
fn run_in_the_foreground_proxies_a_terminal() {
    let _g = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    if !can_run("foreground terminal") {
        return;
    }
    let lab = Lab::new("fgtty");
    let b = lab.bundle("b", &["sh", "-c", "tty; echo hi-tty; exit 3"], |c| {
        c["process"]["terminal"] = true.into();
    });
    let id = format!("fgtty-{}", std::process::id());
    let log = lab.dir.join("debug.log");
    let l = log.to_str().unwrap_or("");
    let o = lab.rt(&[
        "--debug",
        "--log",
        l,
        "run",
        "--bundle",
        b.to_str().unwrap_or(""),
        &id,
    ]);
    let out = text(&o.stdout);
    assert_eq!(o.status.code(), Some(3), "{out} {}", text(&o.stderr));
    assert!(out.contains("/dev/pts/0"), "{out}");
    assert!(out.contains("hi-tty"), "{out}");
    // The pty's ONLCR is cleared before the program starts, as runc does.
    assert!(!out.contains('\r'), "{out:?}");
    // --debug: one runc-style debug entry per step taken.
    let dbg = std::fs::read_to_string(&log).unwrap_or_default();
    assert!(
        dbg.lines()
            .any(|l| l.contains("level=debug") && l.contains("PivotRoot")),
        "{dbg}"
    );
    assert!(dbg.lines().all(|l| l.starts_with("time=")), "{dbg}");
    assert_clean(&lab, &id, &b);
}

/// Reads `master` until `done` says the output so far is enough, or EOF
/// (every slave closed).
fn read_until(master: &mut std::fs::File, got: &mut String, done: impl Fn(&str) -> bool) {
    use std::io::Read;
    let mut buf = [0u8; 256];
    while !done(got) {
        match master.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => got.push_str(&String::from_utf8_lossy(&buf[..n])),
        }
    }
}

/// `exec -t` from a terminal: the runtime copies its window size to the
/// container's pty at the start and again on SIGWINCH, and forwards what is
/// typed (runc's `tty.resize` and signal handler).
#[test]
fn exec_tty_from_a_terminal_follows_its_window_size() {
    use std::io::Write;
    let _g = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    if !can_run("exec -t from a terminal") {
        return;
    }
    let lab = Lab::new("winch");
    let b = lab.bundle("b", &["sleep", "1000"], |_| {});
    let id = format!("winch-{}", std::process::id());
    let o = lab.rt(&["run", "-d", "--bundle", b.to_str().unwrap_or(""), &id]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let size = nix::pty::Winsize {
        ws_row: 30,
        ws_col: 100,
        ws_xpixel: 0,
        ws_ypixel: 0,
    };
    let pty = nix::pty::openpty(&size, None).expect("openpty");
    // openpty's descriptors are inheritable: only the runtime's stdio may be.
    for fd in [&pty.master, &pty.slave] {
        let cloexec = nix::fcntl::FcntlArg::F_SETFD(nix::fcntl::FdFlag::FD_CLOEXEC);
        nix::fcntl::fcntl(fd, cloexec).expect("FD_CLOEXEC");
    }
    let slave_path = nix::unistd::ttyname(&pty.slave).expect("ttyname");
    let err = std::fs::File::create(lab.dir.join("stderr")).expect("stderr");
    let mut child = Command::new(BIN)
        .arg("--root")
        .arg(lab.root())
        .args(["exec", "-t", &id, "sh", "-c"])
        .arg("busybox stty size; read x; echo \"got $x\"; busybox stty size; exit 5")
        .stdin(Stdio::from(pty.slave.try_clone().expect("dup the slave")))
        .stdout(Stdio::from(pty.slave))
        .stderr(err)
        .spawn()
        .expect("spawn exec -t");
    let mut master = std::fs::File::from(pty.master);
    let mut got = String::new();
    // The first `stty size` answer (or its error: then the script goes on
    // without it and the assertion below says so).
    let answered = |s: &str| {
        s.lines().any(|l| {
            let w: Vec<&str> = l.split_whitespace().collect();
            l.contains("stty") || w.len() == 2 && w.iter().all(|x| x.parse::<u16>().is_ok())
        })
    };
    read_until(&mut master, &mut got, answered);
    let stderr = || std::fs::read_to_string(lab.dir.join("stderr")).unwrap_or_default();
    assert!(
        got.lines().any(|l| l.trim() == "30 100"),
        "{got:?} {}",
        stderr()
    );
    let o = Command::new("stty")
        .arg("-F")
        .arg(&slave_path)
        .args(["rows", "40", "cols", "120"])
        .output()
        .expect("stty");
    assert!(o.status.success(), "stty: {}", text(&o.stderr));
    nix::sys::signal::kill(
        nix::unistd::Pid::from_raw(i32::try_from(child.id()).unwrap_or(0)),
        nix::sys::signal::Signal::SIGWINCH,
    )
    .expect("SIGWINCH");
    master.write_all(b"typed\r").expect("type a line");
    read_until(&mut master, &mut got, |_| false);
    let status = child.wait().expect("wait exec");
    assert_eq!(status.code(), Some(5), "{got:?} {}", stderr());
    assert!(got.contains("got typed"), "{got:?}");
    assert!(got.lines().any(|l| l.trim() == "40 120"), "{got:?}");
    assert!(lab.rt(&["delete", "--force", &id]).status.success());
    assert_clean(&lab, &id, &b);
}
