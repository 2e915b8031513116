//! Only stdio and the preserved descriptors reach the container.

use super::*;

/// Runs atlas-runtime from a shell that holds `fds` open (on /etc/hostname,
/// without close-on-exec), as a caller such as a shim may.
fn rt_holding(lab: &Lab, fds: &[i32], args: &[&str]) -> Output {
    let opens: Vec<String> = fds.iter().map(|f| format!("{f}</etc/hostname")).collect();
    let script = format!("exec {}; exec \"$0\" \"$@\"", opens.join(" "));
    let out = lab.dir.join("stdout");
    let err = lab.dir.join("stderr");
    let status = Command::new("bash")
        .arg("-c")
        .arg(script)
        .arg(BIN)
        .arg("--root")
        .arg(lab.root())
        .args(args)
        .current_dir(&lab.dir)
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&out).expect("stdout"))
        .stderr(std::fs::File::create(&err).expect("stderr"))
        .status()
        .expect("run bash");
    Output {
        status,
        stdout: std::fs::read(&out).unwrap_or_default(),
        stderr: std::fs::read(&err).unwrap_or_default(),
    }
}

/// The descriptors `ls -1 /proc/self/fd` printed.
fn fd_list(o: &Output) -> Vec<String> {
    text(&o.stdout)
        .lines()
        .map(|l| l.trim().to_string())
        .collect()
}

#[test]
fn only_stdio_and_preserved_descriptors_reach_the_container() {
    let _g = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    if !can_run("descriptors") {
        return;
    }
    let lab = Lab::new("fds");
    let ls = ["ls", "-1", "/proc/self/fd"];
    // run in the foreground: the init's execve (the create path).
    let b = lab.bundle("b", &ls, |_| {});
    let bs = b.to_str().unwrap_or("");
    let id = format!("fds-{}", std::process::id());
    let o = rt_holding(&lab, &[5, 7], &["run", "--bundle", bs, &id]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let fds = fd_list(&o);
    assert!(fds.contains(&"0".to_string()), "{fds:?}");
    assert!(
        !fds.contains(&"5".to_string()) && !fds.contains(&"7".to_string()),
        "leaked into run: {fds:?}"
    );
    let o = rt_holding(
        &lab,
        &[3, 4, 5, 7],
        &["run", "--preserve-fds", "3", "--bundle", bs, &id],
    );
    assert!(o.status.success(), "{}", text(&o.stderr));
    let fds = fd_list(&o);
    assert!(
        fds.contains(&"5".to_string()),
        "--preserve-fds 3 kept 3..5: {fds:?}"
    );
    assert!(
        !fds.contains(&"7".to_string()),
        "leaked past the preserved ones: {fds:?}"
    );
    // A descriptor that --preserve-fds names but the caller does not hold.
    let o = rt_holding(
        &lab,
        &[3],
        &["run", "--preserve-fds", "2", "--bundle", bs, &id],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(
        text(&o.stderr).contains("file descriptor 4 is not open"),
        "{}",
        text(&o.stderr)
    );
    assert_clean(&lab, &id, &b);
    // exec: the sealed init-exec's execve.
    let b2 = lab.bundle("b2", &["sleep", "1000"], |_| {});
    let id2 = format!("fds2-{}", std::process::id());
    let o = lab.rt(&["run", "-d", "--bundle", b2.to_str().unwrap_or(""), &id2]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let mut args = vec!["exec", id2.as_str()];
    args.extend(ls);
    let o = rt_holding(&lab, &[5, 7], &args);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let fds = fd_list(&o);
    assert!(
        !fds.contains(&"5".to_string()) && !fds.contains(&"7".to_string()),
        "leaked into exec: {fds:?}"
    );
    let mut args = vec!["exec", "--preserve-fds", "3", id2.as_str()];
    args.extend(ls);
    let o = rt_holding(&lab, &[3, 4, 5, 7], &args);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let fds = fd_list(&o);
    assert!(
        fds.contains(&"5".to_string()) && !fds.contains(&"7".to_string()),
        "exec --preserve-fds 3: {fds:?}"
    );
    assert!(lab.rt(&["delete", "--force", &id2]).status.success());
    assert_clean(&lab, &id2, &b2);
}
