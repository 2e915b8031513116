//! `atlas drill`: the binary lists, shows and checks drills, embedded or
//! written by someone else (`--file`), and says where a bad file is wrong.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

fn atlas(args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_atlas"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("atlas runs");
    if let Some(text) = stdin {
        child
            .stdin
            .take()
            .expect("a pipe")
            .write_all(text.as_bytes())
            .expect("atlas reads its input");
    }
    drop(child.stdin.take());
    child.wait_with_output().expect("atlas ends")
}

fn text(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).to_string()
}

fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).to_string()
}

fn temp(name: &str, body: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("atlas-drill-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temp dir");
    let p = dir.join(name);
    std::fs::write(&p, body).expect("a temp file");
    p
}

#[test]
fn list_and_show_in_both_languages() {
    let o = atlas(&["drill", "list"], None);
    assert!(o.status.success(), "{}", err(&o));
    assert!(text(&o).contains("D03"), "{}", text(&o));
    let o = atlas(&["drill", "list", "--lang", "ko"], None);
    assert!(text(&o).contains("crictl이 잘못된 런타임 엔드포인트를 가리킨다"));
    let o = atlas(&["drill", "show", "d07", "--lang", "ko"], None);
    assert!(o.status.success(), "{}", err(&o));
    assert!(text(&o).contains("과제\n"), "{}", text(&o));
    assert!(!text(&o).contains("풀이"), "no solution unless asked");
    let o = atlas(&["drill", "show", "D07", "--solution"], None);
    assert!(
        text(&o).contains("Solution\n  mkdir -p /opt/course/07\n"),
        "{}",
        text(&o)
    );
    let o = atlas(&["drill", "show", "D99"], None);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        err(&o).contains("no drill D99; drills: ") && err(&o).contains("D03"),
        "{}",
        err(&o)
    );
}

#[test]
fn check_a_script_the_solution_and_stdin() {
    let o = atlas(&["drill", "check", "D03", "--solution"], None);
    assert_eq!(o.status.code(), Some(0), "{}{}", text(&o), err(&o));
    assert!(text(&o).ends_with("5 of 5\n"), "{}", text(&o));
    let o = atlas(
        &["drill", "check", "D03", "--script", "-"],
        Some("crictl ps\n"),
    );
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(text(&o).contains("✗ crictl's runtime endpoint is containerd's socket — found: unix:///var/run/dockershim.sock"), "{}", text(&o));
    assert!(text(&o).ends_with("2 of 5\n"), "{}", text(&o));
    // /var/run and /run, written by hand: the same answer.
    let script = temp(
        "fix.sh",
        "echo 'runtime-endpoint: /var/run/containerd/containerd.sock' > /etc/crictl.yaml\n",
    );
    let o = atlas(
        &[
            "drill",
            "check",
            "D03",
            "--script",
            script.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let o = atlas(&["drill", "check", "D03"], None);
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("--script"), "{}", err(&o));
    let o = atlas(
        &["drill", "check", "D03", "--script", "/nonexistent/x.sh"],
        None,
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        err(&o).contains("cannot read /nonexistent/x.sh"),
        "{}",
        err(&o)
    );
}

/// A drill someone else wrote, in a file of their own.
const MINE: &str = r#"id = "X01"
domain = "troubleshooting"
title = { en = "Enable br_netfilter for good", ko = "br_netfilter를 영구히 켠다" }
task = { en = "Load br_netfilter now and at every boot.", ko = "br_netfilter를 지금 로드하고 부팅할 때마다 로드되게 한다." }

[node]
k8s = "1.29"
runtime = "cri-o"
setup = """
rm -f /etc/modules-load.d/*.conf
modprobe -r br_netfilter
"""

[[check]]
name = { en = "br_netfilter is loaded", ko = "br_netfilter가 로드되어 있다" }
module = "br_netfilter"
loaded = true
after_reboot = true

[[hint]]
en = "modules-load.d"
ko = "modules-load.d"

[solution]
script = """
modprobe br_netfilter
echo br_netfilter > /etc/modules-load.d/k8s.conf
"""
"#;

#[test]
fn a_drill_file_someone_else_wrote() {
    let file = temp("x01.toml", MINE);
    let f = file.to_str().unwrap();
    let o = atlas(&["drill", "check", "--file", f, "--solution"], None);
    assert_eq!(o.status.code(), Some(0), "{}{}", text(&o), err(&o));
    assert_eq!(text(&o), "✓ br_netfilter is loaded\n1 of 1\n");
    let o = atlas(
        &["drill", "check", "--file", f, "--script", "-"],
        Some("modprobe br_netfilter\n"),
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(
        text(&o).contains(
            "✗ br_netfilter is loaded — after a reboot: the module br_netfilter is not loaded"
        ),
        "{}",
        text(&o)
    );
    let o = atlas(&["drill", "show", "--file", f, "--lang", "ko"], None);
    assert!(
        text(&o).starts_with("X01  br_netfilter를 영구히 켠다\n"),
        "{}",
        text(&o)
    );
}

#[test]
fn a_bad_drill_file_says_where_and_why() {
    let bad = MINE.replace("loaded = true", "loaded = true\nactive = true");
    let file = temp("bad.toml", &bad);
    let f = file.to_str().unwrap();
    let o = atlas(&["drill", "check", "--file", f, "--solution"], None);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        err(&o),
        format!("atlas: {f}:18:1: active does not go with the subject module\n")
    );
    let o = atlas(&["drill", "show", "--file", f, "--lang", "ko"], None);
    assert!(
        err(&o).contains(&format!("{f}:18:1: active")),
        "{}",
        err(&o)
    );
    let broken = temp("broken.toml", "id = \"X01\"\ntitle = {");
    let o = atlas(&["drill", "show", "--file", broken.to_str().unwrap()], None);
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("broken.toml:2:"), "{}", err(&o));
}

#[test]
fn quiz_list_and_show() {
    let o = atlas(&["quiz", "list"], None);
    assert!(o.status.success(), "{}", err(&o));
    let first = text(&o);
    let id = first.split_whitespace().next().expect("a question");
    let o = atlas(&["quiz", "show", id, "--lang", "ko"], None);
    assert!(o.status.success(), "{}", err(&o));
    assert!(text(&o).contains("정답: "), "{}", text(&o));
    let o = atlas(&["quiz", "show", "q-nothing"], None);
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("no question q-nothing"), "{}", err(&o));
}
