//! Issue 16: commands that follow until Ctrl-C in the terminal's session
//! (`kubectl get pods -w`, `journalctl -f`, `crictl logs -f`, `kubectl logs
//! -f`): what exists prints at once, each tick prints only what appeared,
//! in the real tools' formats, and Ctrl-C ends the follow with 130.

use atlas_core::config::Config;
use atlas_core::node::fault::Fault;
use atlas_core::sim::{Sim, Step};

fn terminal() -> Sim {
    let cfg = Config::from_words(Some("1.30"), Some("containerd-2"), Some("runc"))
        .expect("a configuration");
    Sim::new(cfg, 1).lean()
}

fn run(s: &mut Sim, line: &str) -> Step {
    s.run_line(line).clone()
}

/// Ticks `n` seconds one by one; what they printed, and their steps.
fn ticks(s: &mut Sim, n: usize) -> (String, Vec<Step>) {
    let mut out = String::new();
    let mut steps = Vec::new();
    for _ in 0..n {
        let t = s.tick(1000).clone();
        assert_eq!(t.record.command, "");
        out.push_str(&t.record.stdout);
        steps.push(t);
    }
    (out, steps)
}

#[test]
fn a_pod_watch_prints_each_change_as_a_row_of_its_own() {
    let mut s = terminal();
    run(&mut s, "kubectl run bad --image=busybox -- sh -c 'exit 1'");
    let listed = run(&mut s, "kubectl get pods -w");
    assert_eq!(listed.record.exit, 0);
    let lines: Vec<&str> = listed.record.stdout.lines().collect();
    assert!(lines[0].starts_with("NAME   READY   STATUS"), "{lines:?}");
    assert_eq!(lines.len(), 2, "{lines:?}");
    // kubectl opens a watch after the list.
    assert!(listed
        .hops
        .iter()
        .any(|h| h.call == "GET /api/v1/namespaces/default/pods?watch=true"));
    assert!(s.following());
    let (printed, steps) = ticks(&mut s, 40);
    assert!(!printed.contains("NAME"), "no header again: {printed}");
    assert!(printed.contains("CrashLoopBackOff"), "{printed}");
    for row in printed.lines() {
        // Each event's table is flushed alone: its columns are as wide as
        // its own cells (tabwriter: minwidth 6, padding 3).
        assert!(row.starts_with("bad   0/1   "), "{row:?}");
    }
    // The kubelet restarting the container travels the topology meanwhile.
    assert!(steps.iter().any(|t| !t.hops.is_empty()));
    let topo = s.world().topology();
    for t in &steps {
        for h in &t.hops {
            assert!(topo.has_edge(h.from, h.to, h.iface), "{h:?}");
        }
    }
    assert!(s.following(), "a watch runs until Ctrl-C");
    let end = s.interrupt().clone();
    assert_eq!((end.record.exit, end.record.stdout.as_str()), (130, ""));
    assert!(!s.following());
    assert_eq!(run(&mut s, "echo $?").record.stdout, "130\n");
}

#[test]
fn a_watch_of_one_pod_prints_only_its_changes() {
    let mut s = terminal();
    run(&mut s, "kubectl run web --image=nginx");
    run(&mut s, "kubectl run bad --image=busybox -- sh -c 'exit 1'");
    let listed = run(&mut s, "kubectl get pod web -w");
    assert_eq!(listed.record.exit, 0);
    assert_eq!(
        listed.record.stdout.lines().count(),
        2,
        "{}",
        listed.record.stdout
    );
    assert!(listed.hops.iter().any(|h| h.call
        == "GET /api/v1/namespaces/default/pods?fieldSelector=metadata.name%3Dweb&watch=true"));
    let (printed, _) = ticks(&mut s, 30);
    assert_eq!(printed, "", "bad's restarts are not web's");
    s.interrupt();
    let missing = run(&mut s, "kubectl get pod nothing -w");
    assert_eq!(missing.record.exit, 1);
    assert!(!s.following());
}

#[test]
fn a_watch_of_an_empty_namespace_prints_the_header_with_the_first_row() {
    let mut s = terminal();
    let listed = run(&mut s, "kubectl get pods -w");
    assert_eq!(
        (
            listed.record.exit,
            listed.record.stdout.as_str(),
            listed.record.stderr.as_str()
        ),
        (0, "", ""),
        "kubectl prints no `No resources found` for a watch"
    );
    assert!(s.following());
    let (printed, _) = ticks(&mut s, 3);
    assert_eq!(printed, "");
    let all = run(&mut s, "kubectl get pods -A --watch");
    assert!(all.record.stdout.is_empty() || all.record.stdout.starts_with("NAMESPACE"));
    assert!(s.following());
}

#[test]
fn journalctl_follows_the_kubelet_s_new_lines() {
    let mut s = terminal();
    s.setup("kubectl run web --image=nginx\n").unwrap();
    s.inject(&Fault::KubeletFlag {
        flag: "container-runtime-endpoint".into(),
        value: Some("unix:///run/containerd/containerd.sok".into()),
    })
    .unwrap();
    let first = run(&mut s, "journalctl -u kubelet -f");
    assert_eq!(first.record.exit, 0);
    assert_eq!(
        first.record.stdout.lines().count(),
        10,
        "the last 10 lines first"
    );
    assert!(
        first.record.remarks.is_empty(),
        "the terminal follows: no remark"
    );
    assert!(s.following());
    let (printed, _) = ticks(&mut s, 30);
    // systemd restarts the kubelet, which fails again on the typo.
    assert!(printed.contains("containerd.sok"), "{printed}");
    assert!(printed.contains("kubelet.service"), "{printed}");
    for l in printed.lines() {
        assert!(
            l.starts_with("Jan 05 09:"),
            "journalctl's short format: {l}"
        );
        assert!(!first.record.stdout.contains(l), "printed once: {l}");
    }
    assert_eq!(s.interrupt().record.exit, 130);
}

#[test]
fn crictl_logs_follows_until_interrupted_or_the_container_ends() {
    let mut s = terminal();
    run(&mut s, "kubectl run web --image=nginx");
    let id = run(&mut s, "crictl ps -q --name web")
        .record
        .stdout
        .trim()
        .to_string();
    let logs = run(&mut s, &format!("crictl logs -f {id}"));
    assert_eq!(logs.record.exit, 0);
    assert!(s.following());
    let (printed, _) = ticks(&mut s, 5);
    assert_eq!(printed, "", "nginx logs nothing more on its own");
    let end = s.interrupt().clone();
    assert_eq!(end.record.exit, 130);
    assert!(!s.following());

    // A container that exits ends the follow by itself (crictl's reader
    // stops at the container's exit).
    run(
        &mut s,
        "kubectl run once --image=busybox --restart=Never -- sleep 5",
    );
    let once = run(&mut s, "crictl ps -q --name once")
        .record
        .stdout
        .trim()
        .to_string();
    assert!(!once.is_empty());
    run(&mut s, &format!("crictl logs -f {once}"));
    assert!(s.following());
    let mut seconds = 0;
    for _ in 0..10 {
        let t = s.tick(1000).clone();
        seconds += 1;
        if !s.following() {
            assert_eq!(t.record.exit, 0);
            break;
        }
    }
    assert!(!s.following(), "ended with the container");
    assert!(seconds < 6, "sleep 5 ended: {seconds}");
}

#[test]
fn kubectl_and_docker_style_logs_follow() {
    let mut s = terminal();
    run(&mut s, "kubectl run web --image=nginx");
    let l = run(&mut s, "kubectl logs -f web");
    assert_eq!(l.record.exit, 0, "{:?}", l.record);
    let calls: Vec<&str> = l.hops.iter().map(|h| h.call.as_str()).collect();
    assert!(
        calls.contains(&"GET /api/v1/namespaces/default/pods/web/log?follow=true")
            && calls.contains(&"GET /containerLogs/default/web/web?follow=true"),
        "{calls:?}"
    );
    assert!(s.following());
    s.interrupt();
    run(&mut s, "nerdctl run -d --name n1 nginx");
    let n = run(&mut s, "nerdctl logs -f n1");
    assert_eq!(n.record.exit, 0, "{:?}", n.record);
    assert!(s.following());
    assert_eq!(s.interrupt().record.exit, 130);
}

#[test]
fn a_follow_in_a_pipeline_or_a_script_does_not_follow() {
    let mut s = terminal();
    run(&mut s, "journalctl -u containerd -f | grep containerd");
    assert!(!s.following(), "a pipeline stage is not the line's command");
    run(&mut s, "X=$(journalctl -f)");
    assert!(!s.following());
    // A script's run (not a terminal) goes on with a remark.
    let mut script = Sim::new(Config::default(), 1);
    let step = script.run_line("journalctl -u kubelet -f").clone();
    assert!(!script.following());
    assert_eq!(step.record.remarks.len(), 1);
    let said = step
        .record
        .stderr_in(&atlas_core::message::Catalog::english());
    assert!(said.contains("Ctrl-C"), "{said}");
    let step = script.run_line("kubectl get pods -w").clone();
    assert_eq!(step.record.exit, 0);
    assert!(!script.following());
}
