use super::{pod_cgroup, shim_daemon_argv};
use crate::sim::Sim;
use crate::trace::Component;
use crate::Config;

fn s(v: &[&str]) -> Vec<String> {
    v.iter().map(|x| x.to_string()).collect()
}

#[test]
fn set_pod_cgroup_finds_the_pod_element_as_gvisors_shim_does() {
    assert_eq!(
        pod_cgroup("/kubepods/burstable/pod123/container123").as_deref(),
        Some("/kubepods/burstable/pod123")
    );
    assert_eq!(
        pod_cgroup("kubepods/besteffort/podabc/c1").as_deref(),
        Some("kubepods/besteffort/podabc")
    );
    // systemd's slice:prefix:name has no element starting with `pod`.
    assert_eq!(
        pod_cgroup("kubepods-besteffort-pod1_2.slice:cri-containerd:abc"),
        None
    );
    // Already the pod cgroup: nothing to rewrite.
    assert_eq!(pod_cgroup("/kubepods/pod1"), None);
}

#[test]
fn the_long_lived_shim_has_no_publish_binary_and_no_start() {
    let start = s(&[
        "containerd-shim-runsc-v1",
        "-namespace",
        "k8s.io",
        "-address",
        "/run/containerd/containerd.sock",
        "-publish-binary",
        "/usr/bin/containerd",
        "-id",
        "abc",
        "start",
    ]);
    assert_eq!(
        shim_daemon_argv(&start),
        s(&[
            "containerd-shim-runsc-v1",
            "-namespace",
            "k8s.io",
            "-address",
            "/run/containerd/containerd.sock",
            "-id",
            "abc"
        ])
    );
}

#[test]
fn a_gvisor_pod_leaves_shims_waits_a_sentry_and_gofers_but_no_workload() {
    let cfg = Config::from_words(Some("1.28"), None, Some("gvisor")).expect("config");
    let mut sim = Sim::new(cfg, 1);
    sim.run_line("kubectl run web --image=nginx");
    let ps = sim.world().host_processes();
    let count = |p: Component| ps.iter().filter(|x| x.program == p).count();
    assert_eq!(
        count(Component::ShimRunscV1),
        2,
        "one shim per container: {ps:#?}"
    );
    assert_eq!(
        count(Component::Runsc),
        2,
        "runsc wait per container: {ps:#?}"
    );
    assert_eq!(count(Component::RunscSandbox), 1, "{ps:#?}");
    assert_eq!(count(Component::RunscGofer), 2, "{ps:#?}");
    assert_eq!(count(Component::Container), 0, "{ps:#?}");
    let sentry = ps
        .iter()
        .find(|p| p.program == Component::RunscSandbox)
        .expect("the Sentry");
    assert_eq!(sentry.argv[0], "runsc-sandbox");
    assert!(sentry.argv.contains(&"boot".to_string()));
    assert!(ps
        .iter()
        .filter(|p| p.program == Component::Runsc)
        .all(|p| p.argv.iter().any(|a| a == "wait")));
    assert!(sim.world().invariant_violations().is_empty());
}

#[test]
fn deleting_the_pod_ends_the_sandbox() {
    let cfg =
        Config::from_words(Some("1.28"), Some("containerd-2"), Some("gvisor")).expect("config");
    let mut sim = Sim::new(cfg, 1);
    sim.run_line("kubectl run web --image=nginx");
    sim.run_line("kubectl delete pod web");
    sim.run_line("sleep 90");
    let ps = sim.world().host_processes();
    assert!(ps.is_empty(), "{ps:#?}");
    assert!(sim.world().runsc.is_empty());
}

#[test]
fn gvisor_notes_read_in_korean() {
    use crate::message::{Catalog, Lang};
    use crate::msg;
    let ko = Catalog::builtin(Lang::Ko);
    assert_eq!(
        ko.render(&msg!("gvisor-kill", signal = "SIGTERM")),
        "샌드박스 안에서 컨테이너의 init에 SIGTERM을 보낸다"
    );
    assert_eq!(
        ko.render(&msg!("gvisor-wait-returns", code = 2)),
        "containerManager.Wait가 종료 상태 2를 반환한다. `runsc wait`가 이를 출력하고 종료한다"
    );
    assert_eq!(
        ko.render(&msg!("gvisor-exec-task")),
        "exec된 프로세스는 컨테이너의 init 곁에 있는 Sentry의 새 태스크이다"
    );
}
