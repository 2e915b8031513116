//! Calls inside calls and chapters, over every curated scenario.

use atlas_core::calls::CallTree;
use atlas_core::chapter::{chapters, Phase};
use atlas_core::scenario::SCENARIOS;
use atlas_core::trace::{Component, Hop, Iface};

mod common;

fn run(name: &str) -> Vec<Hop> {
    let sim = common::run(name, 1);
    common::hops(&sim).into_iter().cloned().collect()
}

#[test]
fn every_scenarios_parents_name_earlier_hops_and_chapters_cover_it() {
    for s in SCENARIOS.iter().filter(|s| s.name != "hundred-pods") {
        let hops = run(s.name);
        for h in &hops {
            if let Some(p) = h.parent {
                assert!(p < h.seq, "{}: hop {} has parent {p}", s.name, h.seq);
            }
        }
        let tree = CallTree::new(&hops);
        assert!(tree.is_nested(), "{}: no hop has a parent", s.name);
        let ch = chapters(&hops);
        assert_eq!(ch.first().map(|c| c.first), Some(0), "{}", s.name);
        assert_eq!(
            ch.last().map(|c| c.last),
            Some(hops.len() - 1),
            "{}",
            s.name
        );
        for w in ch.windows(2) {
            assert_eq!(w[0].last + 1, w[1].first, "{}: {ch:?}", s.name);
            assert_ne!(w[0].phase, w[1].phase, "{}", s.name);
        }
    }
}

#[test]
fn kubectl_run_is_about_thirty_top_level_calls() {
    let hops = run("kubectl-run");
    let tree = CallTree::new(&hops);
    assert!(hops.len() > 250);
    assert!(
        tree.top().len() <= 35,
        "{} top-level calls",
        tree.top().len()
    );
    // The CRI calls are top-level: who asks whom.
    for call in [
        "RunPodSandbox",
        "PullImage",
        "CreateContainer",
        "StartContainer",
    ] {
        let i = hops.iter().position(|h| h.call == call).expect(call);
        assert_eq!(tree.parent(i), None, "{call}");
        assert_eq!(hops[i].from, Component::Kubelet);
    }
}

#[test]
fn runc_create_is_the_parent_of_runcs_syscalls() {
    let hops = run("kubectl-run");
    let tree = CallTree::new(&hops);
    let create = hops
        .iter()
        .position(|h| h.iface == Iface::OciCli && h.call == "create")
        .expect("runc create");
    // The shim's ttrpc Create asked for it, inside Tasks.Create, inside RunPodSandbox.
    let path: Vec<&str> = tree
        .path(create)
        .iter()
        .map(|&i| hops[i].call.as_str())
        .collect();
    assert_eq!(path, ["RunPodSandbox", "Tasks.Create", "Create", "create"]);
    let inside: Vec<&Hop> = (create + 1..=tree.end(create)).map(|i| &hops[i]).collect();
    assert!(inside
        .iter()
        .any(|h| h.from == Component::Runc && h.iface == Iface::Syscall));
    assert!(inside.iter().any(|h| h.call == "pivot_root"));
    // runc's own syscalls are its direct children.
    let mkdir = tree
        .children(create)
        .iter()
        .find(|&&i| hops[i].call == "mkdirat")
        .copied();
    assert!(mkdir.is_some());
    // And the shim's events come back to the shim's Create, not to runc.
    let forward = hops
        .iter()
        .position(|h| h.call == "Events.Forward")
        .expect("event");
    assert_eq!(
        tree.parent(forward).map(|p| hops[p].call.as_str()),
        Some("Create")
    );
}

#[test]
fn kubectl_run_has_the_chapters_a_reader_expects() {
    let hops = run("kubectl-run");
    let phases: Vec<Phase> = chapters(&hops).iter().map(|c| c.phase).collect();
    assert_eq!(
        phases,
        [
            Phase::ControlPlane,
            Phase::Kubelet,
            Phase::Sandbox,
            Phase::Image,
            Phase::Container,
            Phase::Start,
            Phase::ControlPlane
        ]
    );
}

#[test]
fn docker_run_has_image_container_and_start() {
    let hops = run("docker-run-port");
    let phases: Vec<Phase> = chapters(&hops).iter().map(|c| c.phase).collect();
    for p in [Phase::Image, Phase::Container, Phase::Start] {
        assert!(phases.contains(&p), "{phases:?}");
    }
}

#[test]
fn the_same_run_gives_the_same_parents() {
    let a = run("kubectl-run-gvisor");
    let b = run("kubectl-run-gvisor");
    assert_eq!(a, b);
}
