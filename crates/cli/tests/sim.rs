//! `atlas sim` as a user runs it: scenarios, single commands, scripts, both
//! output formats, and the refusals (impossible configuration, unknown
//! scenario, bad command line) with their exit codes.

use atlas_core::TraceFile;
use std::process::{Command, Output};

fn atlas(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_atlas"))
        .args(args)
        .output()
        .expect("run atlas")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[test]
fn lists_every_scenario() {
    let out = atlas(&["sim", "--list-scenarios"]);
    assert!(out.status.success());
    let list = text(&out.stdout);
    for s in atlas_core::scenario::SCENARIOS {
        assert!(list.contains(s.name), "{} missing from\n{list}", s.name);
    }
}

#[test]
fn lists_titles_and_refuses_in_the_chosen_language() {
    let out = atlas(&["sim", "--lang", "ko", "--list-scenarios"]);
    assert!(out.status.success());
    let list = text(&out.stdout);
    assert!(
        list.contains(
            "kubectl-logs               kubectl logs: kubelet이 CRI 로그 파일을 직접 읽는다\n"
        ),
        "{list}"
    );
    let out = atlas(&["sim", "--lang", "ko", "--k8s", "1.19", "--", "crictl", "ps"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        text(&out.stderr),
        "atlas: 쿠버네티스 1.19는 이 시뮬레이터가 모델링한 범위(1.20~1.34) 밖이다\n"
    );
    let out = atlas(&["sim", "--k8s", "1.19", "--", "crictl", "ps"]);
    assert_eq!(
        text(&out.stderr),
        "atlas: Kubernetes 1.19 is outside the modelled range 1.20 to 1.34\n"
    );
}

#[test]
fn scenario_as_json_is_a_valid_trace() {
    let out = atlas(&["sim", "--scenario", "kubectl-run", "--format", "json"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let trace = text(&out.stdout);
    let file = TraceFile::parse(&trace).expect("a Trace per TRACE.md");
    assert!(file.hops.len() > 200);
    assert!(trace.lines().next().unwrap().contains("\"containerd-1.7\""));
    assert!(file.hops.iter().any(|h| h.call == "RunPodSandbox"));
}

#[test]
fn one_command_with_a_configuration_and_seed() {
    let a = atlas(&[
        "sim",
        "--k8s",
        "1.31",
        "--runtime",
        "cri-o",
        "--oci",
        "crun",
        "--seed",
        "9",
        "--",
        "kubectl",
        "run",
        "web",
        "--image=nginx",
    ]);
    assert!(a.status.success(), "{}", text(&a.stderr));
    let out = text(&a.stdout);
    assert!(out.contains("pod/web created"));
    assert!(out.contains("conmon"));
    assert!(out.contains("crun"));
    let b = atlas(&[
        "sim",
        "--k8s",
        "1.31",
        "--runtime",
        "cri-o",
        "--oci",
        "crun",
        "--seed",
        "9",
        "--",
        "kubectl",
        "run",
        "web",
        "--image=nginx",
    ]);
    assert_eq!(a.stdout, b.stdout, "same seed, same trace");
}

#[test]
fn script_file_with_captured_ids() {
    let dir = std::env::temp_dir().join(format!("atlas-sim-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("s.sh");
    std::fs::write(
        &path,
        "# comment\nPOD=$(crictl runp pod-config.json)\ncrictl stopp $POD\ncrictl rmp $POD\ncrictl pods -q\n",
    )
    .unwrap();
    let out = atlas(&["sim", "--script", path.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let t = text(&out.stdout);
    assert!(t.contains("Stopped sandbox"), "{t}");
    assert!(t.contains("Removed sandbox"), "{t}");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn refusals_say_what_and_why() {
    let out = atlas(&[
        "sim",
        "--k8s",
        "1.24",
        "--runtime",
        "dockershim",
        "--",
        "kubectl",
        "get",
        "pods",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let e = text(&out.stderr);
    assert!(
        e.contains("dockershim") && e.contains("1.24") && e.contains("cri-dockerd"),
        "{e}"
    );

    let out = atlas(&["sim", "--scenario", "nope"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("kubectl-run"),
        "lists what is supported"
    );

    // The tool's own refusal, with the tool's exit code.
    let out = atlas(&[
        "sim",
        "--",
        "kubectl",
        "run",
        "x",
        "--image=nginx",
        "--bogus",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stdout).contains("error: unknown flag: --bogus"));

    let out = atlas(&["sim", "--", "docker", "ps"]);
    assert_eq!(out.status.code(), Some(127));
}

/// The simulator's own remarks in a command's output (`atlas: …`, after the
/// tool's stderr) are in the reader's language, in text and in a trace; the
/// tool's words stay English.
#[test]
fn the_simulators_remarks_speak_the_chosen_language() {
    let dir = std::env::temp_dir().join(format!("atlas-said-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("exec.sh");
    std::fs::write(
        &path,
        "kubectl run web --image=nginx\nID=$(crictl ps -q --name web)\ncrictl exec $ID ls\n",
    )
    .unwrap();
    let script = path.to_str().unwrap();
    let run = |lang: &str| {
        let out = atlas(&[
            "--lang",
            lang,
            "sim",
            "--runtime",
            "cri-dockerd",
            "--script",
            script,
        ]);
        assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
        text(&out.stdout)
    };
    let ko = run("ko");
    assert!(
        ko.contains(
            " ls\natlas: 도커 노드에서 crictl exec는 시뮬레이션하지 않는다. docker exec를 쓴다\n[exit 1]\n"
        ),
        "{ko}"
    );
    let en = run("en");
    assert!(
        en.contains(" ls\natlas: crictl exec on a Docker node is not simulated; use docker exec\n[exit 1]\n"),
        "{en}"
    );
    std::fs::remove_dir_all(&dir).ok();

    let out = atlas(&[
        "--lang",
        "ko",
        "sim",
        "--runtime",
        "cri-o",
        "--",
        "ctr",
        "version",
    ]);
    assert_eq!(out.status.code(), Some(127));
    assert_eq!(
        text(&out.stdout),
        "$ ctr version\nbash: ctr: command not found\n\
         (atlas: 이 노드는 containerd가 없는 CRI-O를 실행한다. --runtime containerd를 선택한다)\n\
         [exit 127]\n"
    );

    let out = atlas(&[
        "--lang", "ko", "sim", "--format", "json", "--", "crictl", "attach", "abc",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let trace = text(&out.stdout);
    let record: serde_json::Value =
        serde_json::from_str(trace.lines().nth(1).expect("the record line")).expect("JSON");
    assert_eq!(
        record,
        serde_json::json!({
            "command": "crictl attach abc",
            "exit": 1,
            "stdout": "",
            "stderr": "atlas: `crictl attach`는 실제 crictl 명령이지만 시뮬레이터는 실행하지 않는다\n"
        })
    );
}

/// `atlas --lang ko sim --scenario kubectl-run --format json` is a golden
/// trace (rewrite with `UPDATE_GOLDEN=1`): the header says `"lang":"ko"`, the
/// notes are Korean, and everything a real tool prints, every call, path and
/// status stays as the English trace has it.
#[test]
fn korean_trace_of_kubectl_run_is_golden() {
    let out = atlas(&[
        "--lang",
        "ko",
        "sim",
        "--scenario",
        "kubectl-run",
        "--format",
        "json",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let got = text(&out.stdout);
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/kubectl-run.ko.jsonl");
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, &got).expect("write the golden trace");
    }
    let want =
        std::fs::read_to_string(&path).expect("the golden trace (UPDATE_GOLDEN=1 writes it)");
    assert_eq!(
        got, want,
        "the Korean trace changed (UPDATE_GOLDEN=1 rewrites it; read the diff)"
    );
    let ko = TraceFile::parse(&got).expect("a Trace");
    assert_eq!(
        ko.header.as_ref().and_then(|h| h.lang.as_deref()),
        Some("ko")
    );
    let en = TraceFile::parse(&text(
        &atlas(&["sim", "--scenario", "kubectl-run", "--format", "json"]).stdout,
    ))
    .expect("a Trace");
    assert_eq!(ko.hops.len(), en.hops.len());
    let hangul = |s: &str| s.chars().any(|c| ('가'..='힣').contains(&c));
    for (k, e) in ko.hops.iter().zip(&en.hops) {
        assert_eq!(
            (k.from, k.to, &k.call, &k.detail, &k.effects),
            (e.from, e.to, &e.call, &e.detail, &e.effects)
        );
    }
    let narrated = ko
        .hops
        .iter()
        .filter_map(|h| {
            h.note.as_ref().and_then(|n| match n {
                atlas_core::Text::Raw(s) => Some(s.as_str()),
                atlas_core::Text::Msg(_) => None,
            })
        })
        .collect::<Vec<_>>();
    let korean = narrated.iter().filter(|n| hangul(n)).count();
    assert_eq!(
        korean,
        narrated.len(),
        "every note of kubectl-run in Korean: {:?}",
        narrated
            .iter()
            .filter(|n| !hangul(n))
            .take(5)
            .collect::<Vec<_>>()
    );
}

/// `atlas --lang ko oci validate` says what it found in Korean; the file
/// name and the position stay as they are.
#[test]
fn oci_validate_speaks_the_chosen_language() {
    let file = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../assets/oci/broken/trailing-comma.json");
    let file = file.to_string_lossy();
    let ko = atlas(&["--lang", "ko", "oci", "validate", &file]);
    let en = atlas(&["oci", "validate", &file]);
    assert_eq!(ko.status.code(), en.status.code());
    let (ko, en) = (text(&ko.stdout), text(&en.stdout));
    assert!(ko.contains("오류 1개"), "{ko}");
    assert!(ko.contains("trailing-comma.json:5:2"), "{ko}");
    assert!(
        en.contains("1 error") && !en.chars().any(|c| ('가'..='힣').contains(&c)),
        "{en}"
    );
}
