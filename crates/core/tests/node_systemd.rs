//! systemd, the journal and the kubelet as a service on a node (issue 15):
//! the drills' broken states (CKA-DRILLS §A4 D04, D05, D07, D14) and
//! systemctl's exit codes, run as a person types them on the node.

use atlas_core::command::shell;
use atlas_core::engine::{Outcome, World};
use atlas_core::node::fault::Fault;
use atlas_core::node::{Io, Machine};
use atlas_core::{Component, Config};
use litemap::LiteMap;

/// Runs one command line on the node (words only: no pipes).
fn run(w: &mut World, line: &str) -> Outcome {
    let argv = shell::split(line).expect("words");
    let env = LiteMap::new();
    let io = Io {
        stdin: "",
        env: &env,
        cwd: "/root",
    };
    w.exec(&argv, &io)
        .unwrap_or_else(|| panic!("{line}: command not found"))
}

/// A node with one running pod `web`.
fn node_with_pod() -> World {
    let mut w = World::new(Config::default(), 1);
    let o = run(&mut w, "kubectl run web --image=nginx");
    assert_eq!(o.exit, 0, "{o:?}");
    run(&mut w, "sleep 5");
    w
}

fn ready(w: &World) -> (String, String) {
    let c = w
        .node_conditions()
        .into_iter()
        .find(|c| c.kind == "Ready")
        .expect("Ready");
    (c.status.to_string(), c.message)
}

/// The pids of the containers' processes and their shims.
fn container_pids(w: &World) -> Vec<(u32, u32)> {
    w.host_processes()
        .iter()
        .filter(|p| p.program == Component::Container)
        .map(|p| (p.pid, p.ppid))
        .collect()
}

#[test]
fn is_active_and_is_enabled_exit_as_systemctl_does() {
    let mut w = World::new(Config::default(), 1);
    let o = run(&mut w, "systemctl is-active containerd");
    assert_eq!((o.exit, o.stdout.as_str()), (0, "active\n"));
    let o = run(&mut w, "systemctl is-enabled kubelet");
    assert_eq!((o.exit, o.stdout.as_str()), (0, "enabled\n"));
    let o = run(&mut w, "systemctl is-active nope");
    assert_eq!((o.exit, o.stdout.as_str()), (3, "inactive\n"));
    let o = run(&mut w, "systemctl is-enabled nope");
    assert_eq!(
        (o.exit, o.stderr.as_str()),
        (
            1,
            "Failed to get unit file state for nope.service: No such file or directory\n"
        )
    );
    let o = run(&mut w, "systemctl status nope");
    assert_eq!(
        (o.exit, o.stderr.as_str()),
        (4, "Unit nope.service could not be found.\n")
    );
    let o = run(&mut w, "systemctl start nope");
    assert_eq!(
        (o.exit, o.stderr.as_str()),
        (
            5,
            "Failed to start nope.service: Unit nope.service not found.\n"
        )
    );
    run(&mut w, "systemctl stop containerd");
    let o = run(&mut w, "systemctl is-active containerd");
    assert_eq!((o.exit, o.stdout.as_str()), (3, "inactive\n"));
    let o = run(&mut w, "systemctl status containerd");
    assert_eq!(o.exit, 3);
    assert!(
        o.stdout
            .starts_with("\u{25cb} containerd.service - containerd container runtime\n"),
        "{}",
        o.stdout
    );
    let o = run(&mut w, "systemctl is-failed containerd");
    assert_eq!((o.exit, o.stdout.as_str()), (1, "inactive\n"));
    let o = run(&mut w, "systemctl disable containerd");
    assert_eq!(
        o.stderr,
        "Removed \"/etc/systemd/system/multi-user.target.wants/containerd.service\".\n"
    );
    let o = run(&mut w, "systemctl is-enabled containerd");
    assert_eq!((o.exit, o.stdout.as_str()), (1, "disabled\n"));
}

#[test]
fn status_shows_the_unit_its_pid_its_cgroup_and_its_journal() {
    let mut w = node_with_pod();
    let o = run(&mut w, "systemctl status containerd --no-pager");
    assert_eq!(o.exit, 0);
    let s = &o.stdout;
    assert!(s.starts_with("\u{25cf} containerd.service - containerd container runtime\n     Loaded: loaded (/lib/systemd/system/containerd.service; enabled; preset: enabled)\n     Active: active (running) since Mon 2026-01-05 09:00:00 UTC; "), "{s}");
    assert!(s.contains("   Main PID: 812 (containerd)\n"), "{s}");
    assert!(
        s.contains("     CGroup: /system.slice/containerd.service\n"),
        "{s}"
    );
    // The pod's shim lives in containerd's cgroup (KillMode=process).
    assert!(
        s.contains("containerd-shim-runc-v2 -namespace k8s.io"),
        "{s}"
    );
    assert!(
        s.contains("node-1 systemd[1]: Started containerd.service - containerd container runtime."),
        "{s}"
    );
    let o = run(&mut w, "systemctl cat kubelet");
    assert!(o.stdout.starts_with("# /lib/systemd/system/kubelet.service\n[Unit]\nDescription=kubelet: The Kubernetes Node Agent\n"), "{}", o.stdout);
    assert!(o.stdout.contains("\n\n# /etc/systemd/system/kubelet.service.d/10-kubeadm.conf\n# Note: This dropin only works with kubeadm and kubelet v1.11+\n"), "{}", o.stdout);
    let o = run(
        &mut w,
        "systemctl show -p NRestarts,Restart --value kubelet",
    );
    assert_eq!(o.stdout, "0\nalways\n");
}

/// D07: restarting containerd leaves the shims and the containers' pids.
#[test]
fn d07_restarting_containerd_leaves_the_shims_and_the_containers() {
    let mut w = node_with_pod();
    let before = container_pids(&w);
    assert_eq!(before.len(), 2, "pause and nginx: {before:?}");
    let o = run(&mut w, "systemctl restart containerd");
    assert_eq!((o.exit, o.stdout.as_str(), o.stderr.as_str()), (0, "", ""));
    assert_eq!(container_pids(&w), before);
    assert!(w.units().is_active("containerd"));
    assert_ne!(w.units().main_pid("containerd"), 812, "a new containerd");
    let o = run(&mut w, "journalctl -u containerd --no-pager");
    assert!(
        o.stdout.contains("containerd.service: Unit process "),
        "{}",
        o.stdout
    );
    assert!(
        o.stdout
            .contains("(containerd-shim) remains running after unit stopped."),
        "{}",
        o.stdout
    );
    assert!(
        o.stdout
            .contains("(containerd-shim) in control group while starting unit. Ignoring."),
        "{}",
        o.stdout
    );
    assert_eq!(ready(&w).0, "True");
}

/// D04: containerd stopped and disabled.
#[test]
fn d04_containerd_stopped_and_disabled() {
    let mut w = node_with_pod();
    let before = container_pids(&w);
    w.inject(&Fault::StopUnit("containerd".into())).unwrap();
    w.inject(&Fault::DisableUnit("containerd".into())).unwrap();
    assert!(!w.fs().exists("/run/containerd/containerd.sock"));
    run(&mut w, "sleep 200");
    // Processes still run, but nobody can manage them.
    assert_eq!(container_pids(&w), before);
    let (status, msg) = ready(&w);
    assert_eq!(status, "False");
    assert!(
        msg.starts_with(
            "[container runtime is down, PLEG is not healthy: pleg was last seen active 3m"
        ),
        "{msg}"
    );
    assert!(msg.ends_with("ago; threshold is 3m0s]"), "{msg}");
    let o = run(&mut w, "journalctl -u kubelet -n 50 --no-pager");
    assert!(o.stdout.contains("\"Container runtime sanity check failed\" err=\"rpc error: code = Unavailable desc = connection error: desc = \\\"transport: Error while dialing: dial unix /var/run/containerd/containerd.sock: connect: no such file or directory\\\"\""), "{}", o.stdout);
    assert!(o.stdout.contains("\"Skipping pod synchronization\" err=\"[container runtime is down, PLEG is not healthy"), "{}", o.stdout);
    let o = run(&mut w, "systemctl status containerd");
    assert_eq!(o.exit, 3);
    assert!(o.stdout.contains("     Loaded: loaded (/lib/systemd/system/containerd.service; disabled; preset: enabled)\n     Active: inactive (dead) since "), "{}", o.stdout);
    // The fix.
    let o = run(&mut w, "systemctl enable --now containerd");
    assert_eq!(o.stderr, "Created symlink /etc/systemd/system/multi-user.target.wants/containerd.service \u{2192} /lib/systemd/system/containerd.service.\n");
    assert!(w.fs().exists("/run/containerd/containerd.sock"));
    assert_eq!(ready(&w).0, "True");
    assert_eq!(run(&mut w, "systemctl is-active kubelet").exit, 0);
    // It survives a reboot.
    run(&mut w, "reboot");
    run(&mut w, "sleep 5");
    assert!(w.units().is_active("containerd") && w.units().is_active("kubelet"));
    assert_eq!(ready(&w).0, "True");
    let o = run(&mut w, "crictl ps");
    assert_eq!(o.exit, 0, "{o:?}");
    assert!(o.stdout.contains(" web "), "{}", o.stdout);
    assert!(
        w.invariant_violations().is_empty(),
        "{:?}",
        w.invariant_violations()
    );
}

/// D04 without the enable: after a reboot containerd stays down, and the
/// kubelet cannot start.
#[test]
fn a_disabled_containerd_stays_down_after_a_reboot() {
    let mut w = node_with_pod();
    run(&mut w, "systemctl disable --now containerd");
    run(&mut w, "reboot");
    assert!(!w.units().is_active("containerd"));
    assert!(container_pids(&w).is_empty(), "every process ended");
    let o = run(&mut w, "systemctl status kubelet");
    assert_eq!(o.exit, 3);
    assert!(
        o.stdout
            .contains("     Active: activating (auto-restart) (Result: exit-code) since "),
        "{}",
        o.stdout
    );
    assert!(o.stdout.contains("\"command failed\" err=\"failed to run Kubelet: validate service connection: validate CRI v1 runtime API for endpoint \\\"unix:///var/run/containerd/containerd.sock\\\""), "{}", o.stdout);
    run(&mut w, "sleep 60");
    let (status, msg) = ready(&w);
    assert_eq!(
        (status.as_str(), msg.as_str()),
        ("Unknown", "Kubelet stopped posting node status.")
    );
    let o = run(&mut w, "journalctl -b -u kubelet --no-pager");
    assert!(
        o.stdout
            .contains("kubelet.service: Scheduled restart job, restart counter is at 5."),
        "{}",
        o.stdout
    );
    let o = run(&mut w, "journalctl -u kubelet --no-pager");
    assert!(o.stdout.contains("-- Boot "), "{}", o.stdout);
    // Enabling and starting containerd lets the next restart succeed.
    run(&mut w, "systemctl enable --now containerd");
    run(&mut w, "sleep 10");
    assert!(w.units().is_active("kubelet"));
    assert_eq!(ready(&w).0, "True");
    assert_eq!(
        container_pids(&w).len(),
        2,
        "the kubelet made the pod again"
    );
}

/// D05: a typo in the endpoint, and the removed `--container-runtime`.
#[test]
fn d05_a_bad_kubelet_flag_loops_until_the_file_is_fixed() {
    let mut w = node_with_pod();
    w.inject(&Fault::KubeletFlag {
        flag: "container-runtime-endpoint".into(),
        value: Some("unix:///run/containerd/containerd.sok".into()),
    })
    .unwrap();
    let o = run(&mut w, "systemctl status kubelet");
    assert_eq!(o.exit, 3);
    assert!(
        o.stdout.contains("activating (auto-restart)"),
        "{}",
        o.stdout
    );
    assert!(o.stdout.contains("    Drop-In: /etc/systemd/system/kubelet.service.d\n             \u{2514}\u{2500}10-kubeadm.conf\n"), "{}", o.stdout);
    assert!(
        o.stdout.contains("(code=exited, status=1/FAILURE)"),
        "{}",
        o.stdout
    );
    let o = run(&mut w, "journalctl -u kubelet --no-pager");
    assert!(o.stdout.contains("] \"command failed\" err=\"failed to run Kubelet: validate service connection: validate CRI v1 runtime API for endpoint \\\"unix:///run/containerd/containerd.sok\\\": rpc error: code = Unavailable desc = connection error: desc = \\\"transport: Error while dialing: dial unix /run/containerd/containerd.sok: connect: no such file or directory\\\"\""), "{}", o.stdout);
    assert!(
        o.stdout
            .contains("kubelet.service: Main process exited, code=exited, status=1/FAILURE"),
        "{}",
        o.stdout
    );
    // The fix: the right endpoint, then a restart.
    let flags = w.read_file("/var/lib/kubelet/kubeadm-flags.env").unwrap();
    let fixed = flags.replace("containerd.sok", "containerd.sock");
    w.write_file("/var/lib/kubelet/kubeadm-flags.env", &fixed, false)
        .unwrap();
    let o = run(&mut w, "systemctl restart kubelet");
    assert_eq!((o.exit, o.stderr.as_str()), (0, ""));
    assert!(w.units().is_active("kubelet"));
    assert_eq!(ready(&w).0, "True");

    // Variant B: the flag removed in 1.27.
    let mut w = node_with_pod();
    w.inject(&Fault::KubeletFlag {
        flag: "container-runtime".into(),
        value: Some("remote".into()),
    })
    .unwrap();
    let o = run(&mut w, "journalctl -u kubelet -n 3 --no-pager");
    assert!(o.stdout.contains("\"command failed\" err=\"failed to parse kubelet flag: unknown flag: --container-runtime\""), "{}", o.stdout);
    assert_eq!(
        run(&mut w, "systemctl is-active kubelet").stdout,
        "activating\n"
    );
}

/// D14: containerd's runc with SystemdCgroup = true, the kubelet with cgroupfs.
#[test]
fn d14_a_cgroup_driver_mismatch_keeps_new_pods_creating() {
    let mut w = World::new(Config::default(), 1);
    w.inject(&Fault::WriteFile {
        path: "/etc/containerd/config.toml".into(),
        text: "version = 3\n[plugins.'io.containerd.cri.v1.runtime'.containerd.runtimes.runc.options]\n  SystemdCgroup = true\n".into(),
    })
    .unwrap();
    w.inject(&Fault::WriteFile {
        path: "/var/lib/kubelet/config.yaml".into(),
        text: "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\ncgroupDriver: cgroupfs\n".into(),
    })
    .unwrap();
    w.inject(&Fault::RestartUnit("kubelet".into())).unwrap();
    assert!(w.units().is_active("kubelet"), "the kubelet runs");
    run(&mut w, "kubectl run web --image=nginx");
    run(&mut w, "sleep 5");
    assert!(container_pids(&w).is_empty());
    let o = run(&mut w, "journalctl -u containerd --no-pager");
    assert!(o.stdout.contains("expected cgroupsPath to be of format \\\"slice:prefix:name\\\" for systemd cgroups, got \\\"/kubepods/besteffort/pod"), "{}", o.stdout);
    assert_eq!(ready(&w).0, "True", "the node itself is Ready");
    // The fix: the kubelet's driver, then a restart.
    w.write_file(
        "/var/lib/kubelet/config.yaml",
        "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\ncgroupDriver: systemd\n",
        false,
    )
    .unwrap();
    run(&mut w, "systemctl restart kubelet");
    run(&mut w, "sleep 5");
    assert_eq!(container_pids(&w).len(), 2, "the pod runs");
}

#[test]
fn stopping_docker_with_its_socket_enabled_warns() {
    let cfg = Config::from_words(Some("1.30"), Some("cri-dockerd"), None).unwrap();
    let mut w = World::new(cfg, 1);
    let o = run(&mut w, "systemctl stop docker");
    assert_eq!(
        o.stderr,
        "Warning: Stopping docker.service, but it can still be activated by:\n  docker.socket\n"
    );
}

#[test]
fn a_changed_unit_file_asks_for_daemon_reload() {
    let mut w = World::new(Config::default(), 1);
    let t = w.read_file("/lib/systemd/system/kubelet.service").unwrap();
    w.write_file(
        "/lib/systemd/system/kubelet.service",
        &t.replace("RestartSec=10", "RestartSec=5"),
        false,
    )
    .unwrap();
    let o = run(&mut w, "systemctl restart kubelet");
    assert_eq!(o.stderr, "Warning: The unit file, source configuration file or drop-ins of kubelet.service changed on disk. Run 'systemctl daemon-reload' to reload units.\n");
    run(&mut w, "systemctl daemon-reload");
    let o = run(&mut w, "systemctl restart kubelet");
    assert_eq!(o.stderr, "");
}

#[test]
fn killing_containerd_makes_systemd_restart_it() {
    let mut w = node_with_pod();
    let before = container_pids(&w);
    w.inject(&Fault::KillProcess("containerd".into())).unwrap();
    assert_eq!(
        run(&mut w, "systemctl is-active containerd").stdout,
        "activating\n"
    );
    run(&mut w, "sleep 6");
    assert!(w.units().is_active("containerd"));
    assert_eq!(container_pids(&w), before);
    let o = run(&mut w, "journalctl -u containerd --no-pager");
    assert!(
        o.stdout
            .contains("containerd.service: Main process exited, code=killed, status=9/KILL"),
        "{}",
        o.stdout
    );
    assert!(
        o.stdout
            .contains("containerd.service: Scheduled restart job, restart counter is at 1."),
        "{}",
        o.stdout
    );
}

#[test]
fn journalctl_follow_and_no_entries() {
    let mut w = World::new(Config::default(), 1);
    let o = run(&mut w, "journalctl -u nope");
    assert_eq!(o.stdout, "-- No entries --\n");
    let o = run(&mut w, "journalctl -fu kubelet");
    // The follow goes to the terminal (a script's run remarks on it).
    assert!(o.follow.is_some() && o.remarks.is_empty());
    let o = run(&mut w, "journalctl -xeu containerd");
    assert!(
        o.stdout.contains("containerd successfully booted in"),
        "{}",
        o.stdout
    );
}

/// The sync loop skips its work while the runtime is away, and syncs every
/// pod when it is back.
#[test]
fn pods_wait_for_the_runtime_and_start_when_it_is_back() {
    let mut w = World::new(Config::default(), 1);
    run(&mut w, "systemctl stop containerd");
    run(&mut w, "sleep 40");
    run(&mut w, "kubectl run web --image=nginx");
    run(&mut w, "sleep 5");
    assert!(container_pids(&w).is_empty());
    assert_eq!(
        ready(&w),
        ("False".to_string(), "container runtime is down".to_string())
    );
    let o = run(&mut w, "service containerd start");
    assert_eq!(o.exit, 0, "{o:?}");
    run(&mut w, "sleep 5");
    assert_eq!(container_pids(&w).len(), 2);
    assert_eq!(ready(&w).0, "True");
}

#[test]
fn a_stopped_crio_makes_the_node_not_ready() {
    let cfg = Config::from_words(Some("1.31"), Some("cri-o"), None).unwrap();
    let mut w = World::new(cfg, 1);
    run(&mut w, "systemctl stop crio");
    assert!(!w.fs().exists("/run/crio/crio.sock"));
    run(&mut w, "sleep 31");
    assert_eq!(ready(&w).0, "False");
    let o = run(&mut w, "journalctl -u kubelet -n 4 -o cat");
    assert!(
        o.stdout
            .contains("dial unix /var/run/crio/crio.sock: connect: no such file or directory"),
        "{}",
        o.stdout
    );
}

#[test]
fn reboot_starts_a_new_boot_in_the_journal() {
    let mut w = node_with_pod();
    let before = w.now_ms();
    let o = run(&mut w, "systemctl reboot");
    assert_eq!(o.exit, 0);
    assert!(w.now_ms() >= before + 30_000);
    let o = run(&mut w, "journalctl -u containerd --no-pager");
    assert!(o.stdout.contains("-- Boot "), "{}", o.stdout);
    let o = run(&mut w, "journalctl -b -u containerd --no-pager");
    assert!(!o.stdout.contains("-- Boot "), "{}", o.stdout);
    assert!(o.stdout.starts_with("Jan 05 09:00:"), "{}", o.stdout);
    assert_eq!(
        container_pids(&w).len(),
        2,
        "the kubelet made the pod again"
    );
    assert!(w.invariant_violations().is_empty());
}

#[test]
fn the_kernel_logs_oom_kills() {
    let mut w = World::new(Config::default(), 1);
    run(&mut w, "kubectl run hog --image=polinux/stress --overrides='{\"spec\":{\"containers\":[{\"name\":\"hog\",\"image\":\"polinux/stress\",\"args\":[\"stress\",\"--vm\",\"1\",\"--vm-bytes\",\"250M\",\"--vm-hang\",\"1\"],\"resources\":{\"limits\":{\"memory\":\"100Mi\"}}}]}}'");
    run(&mut w, "sleep 3");
    let o = run(&mut w, "journalctl -k");
    assert!(
        o.stdout
            .contains(" kernel: Memory cgroup out of memory: Killed process "),
        "{}",
        o.stdout
    );
}

#[test]
fn a_full_image_store_is_disk_pressure() {
    let mut w = World::new(Config::default(), 1);
    w.inject(&Fault::FillImageStore { percent: 92 }).unwrap();
    let d = w
        .node_conditions()
        .into_iter()
        .find(|c| c.kind == "DiskPressure")
        .unwrap();
    assert_eq!((d.status, d.reason), ("True", "KubeletHasDiskPressure"));
    assert!(w.inject(&Fault::StopUnit("nope".into())).is_err());
}

/// D14's dockershim variant: the kubelet refuses to start.
#[test]
fn dockershim_refuses_a_cgroup_driver_other_than_dockers() {
    let cfg = Config::from_words(Some("1.23"), Some("dockershim"), None).unwrap();
    let mut w = World::new(cfg, 1);
    w.inject(&Fault::WriteFile {
        path: "/etc/docker/daemon.json".into(),
        text: "{\n  \"exec-opts\": [\"native.cgroupdriver=cgroupfs\"]\n}\n".into(),
    })
    .unwrap();
    run(&mut w, "systemctl restart kubelet");
    assert_eq!(
        run(&mut w, "systemctl is-active kubelet").stdout,
        "activating\n"
    );
    let o = run(&mut w, "journalctl -u kubelet -o cat");
    assert!(o.stdout.contains("\"command failed\" err=\"failed to run Kubelet: misconfiguration: kubelet cgroup driver: \\\"systemd\\\" is different from docker cgroup driver: \\\"cgroupfs\\\"\""), "{}", o.stdout);
}

/// kubeadm's files as the node's set-up writes them (1.31: the endpoint is
/// a flag, config.yaml's `containerRuntimeEndpoint` is empty).
fn kubeadm_files(w: &mut World) {
    for (path, text) in [
        ("/var/lib/kubelet/kubeadm-flags.env", "KUBELET_KUBEADM_ARGS=\"--container-runtime-endpoint=unix:///var/run/containerd/containerd.sock --pod-infra-container-image=registry.k8s.io/pause:3.10\"\n"),
        ("/var/lib/kubelet/config.yaml", "apiVersion: kubelet.config.k8s.io/v1beta1\ncgroupDriver: systemd\ncontainerRuntimeEndpoint: \"\"\nkind: KubeletConfiguration\n"),
        ("/etc/kubernetes/kubelet.conf", "apiVersion: v1\nkind: Config\n"),
    ] {
        w.inject(&Fault::WriteFile { path: path.into(), text: text.into() }).expect("written");
    }
}

#[test]
fn the_kubelet_reads_kubeadms_files() {
    let cfg = Config::from_words(Some("1.31"), Some("containerd-2"), None).unwrap();
    let mut w = World::new(cfg, 1);
    kubeadm_files(&mut w);
    run(&mut w, "systemctl restart kubelet");
    assert!(w.units().is_active("kubelet"));
    let exec = w.units().get("kubelet").unwrap().exec.join(" ");
    assert!(exec.ends_with("--config=/var/lib/kubelet/config.yaml --container-runtime-endpoint=unix:///var/run/containerd/containerd.sock --pod-infra-container-image=registry.k8s.io/pause:3.10"), "{exec}");
    // Without config.yaml the kubelet cannot start.
    w.fs_mut().remove("/var/lib/kubelet/config.yaml").unwrap();
    run(&mut w, "systemctl restart kubelet");
    let o = run(&mut w, "journalctl -u kubelet -n 3 -o cat");
    assert!(o.stdout.contains("\"command failed\" err=\"failed to load kubelet config file, path: /var/lib/kubelet/config.yaml, error: failed to load Kubelet config file /var/lib/kubelet/config.yaml, error failed to read kubelet config file \\\"/var/lib/kubelet/config.yaml\\\", error: open /var/lib/kubelet/config.yaml: no such file or directory\""), "{}", o.stdout);
}

/// A reboot and a kubelet restart on every Kubernetes configuration: the
/// hops stay on the topology, the model stays consistent, the pod runs again.
#[test]
fn reboot_everywhere_stays_on_the_topology() {
    for (k8s, rt, oci) in [
        ("1.28", "containerd-1.7", None),
        ("1.31", "containerd-2", None),
        ("1.31", "cri-o", None),
        ("1.22", "dockershim", None),
        ("1.30", "cri-dockerd", None),
        ("1.31", "containerd-2", Some("kata")),
        ("1.31", "containerd-2", Some("gvisor")),
        ("1.31", "cri-o", Some("crun")),
    ] {
        let cfg = Config::from_words(Some(k8s), Some(rt), oci).unwrap();
        let mut w = World::new(cfg, 3);
        run(&mut w, "kubectl run web --image=nginx");
        run(&mut w, "sleep 3");
        w.take_hops();
        run(&mut w, "reboot");
        run(&mut w, "sleep 3");
        run(&mut w, "systemctl restart kubelet");
        run(&mut w, "systemctl restart containerd");
        let hops = w.take_hops();
        assert!(
            !hops.is_empty(),
            "{k8s} {rt}: the kubelet made the pod again"
        );
        for h in &hops {
            assert!(
                w.topology().has_edge(h.from, h.to, h.iface),
                "{k8s} {rt} {oci:?}: {} -> {} [{}] {}",
                h.from,
                h.to,
                h.iface,
                h.call
            );
        }
        assert!(
            w.invariant_violations().is_empty(),
            "{k8s} {rt}: {:?}",
            w.invariant_violations()
        );
        assert!(
            w.node_ready(),
            "{k8s} {rt} {oci:?}: {:?}",
            w.node_conditions()
        );
        let o = run(&mut w, "kubectl get pods");
        assert!(
            o.stdout.contains("Running"),
            "{k8s} {rt} {oci:?}: {}",
            o.stdout
        );
    }
}

mod parsing {
    use super::*;
    use proptest::prelude::*;

    fn word() -> impl Strategy<Value = String> {
        prop::sample::select(vec![
            "status",
            "start",
            "stop",
            "restart",
            "reload",
            "enable",
            "disable",
            "--now",
            "is-active",
            "is-enabled",
            "is-failed",
            "daemon-reload",
            "list-units",
            "list-unit-files",
            "cat",
            "show",
            "-p",
            "--value",
            "kubelet",
            "containerd",
            "docker.socket",
            "nope",
            "-u",
            "-n",
            "5",
            "-f",
            "-b",
            "-1",
            "-k",
            "--since",
            "10 min ago",
            "-xeu",
            "--no-pager",
            "-o",
            "cat",
            "-r",
            "--type=service",
            "-a",
            "-q",
            "--bogus",
            "-Z",
            "",
        ])
        .prop_map(str::to_string)
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

        #[test]
        fn systemctl_and_journalctl_never_panic(
            prog in prop::sample::select(vec!["systemctl", "journalctl", "service"]),
            words in prop::collection::vec(word(), 0..6),
        ) {
            let mut w = World::new(Config::default(), 1);
            let mut argv = vec![prog.to_string()];
            argv.extend(words);
            let env = LiteMap::new();
            let io = Io { stdin: "", env: &env, cwd: "/root" };
            let out = w.exec(&argv, &io).expect("a node program");
            prop_assert!(out.exit >= 0);
            prop_assert!(w.invariant_violations().is_empty());
        }
    }
}

#[test]
fn an_earlier_boot_that_is_not_there() {
    let mut w = World::new(Config::default(), 1);
    let o = run(&mut w, "journalctl -b -1");
    assert_eq!(
        (o.exit, o.stderr.as_str()),
        (
            1,
            "No journal boot entry found from the specified boot offset (-1).\n"
        )
    );
}

/// D11: cri-dockerd installed but disabled; enabling its socket lets the
/// kubelet's connection start the service.
#[test]
fn d11_cri_dockerd_socket_activation() {
    let cfg = Config::from_words(Some("1.30"), Some("cri-dockerd"), None).unwrap();
    let mut w = World::new(cfg, 1);
    run(
        &mut w,
        "systemctl disable --now cri-docker.service cri-docker.socket",
    );
    assert!(!w.fs().exists("/run/cri-dockerd.sock"));
    run(&mut w, "systemctl restart kubelet");
    assert_eq!(
        run(&mut w, "systemctl is-active kubelet").stdout,
        "activating\n"
    );
    let o = run(&mut w, "systemctl enable --now cri-docker.socket");
    assert!(
        o.stderr.contains("sockets.target.wants/cri-docker.socket"),
        "{}",
        o.stderr
    );
    assert!(!w.units().is_active("cri-docker.service"));
    run(&mut w, "sleep 10");
    assert!(w.units().is_active("kubelet"));
    assert!(
        w.units().is_active("cri-docker.service"),
        "socket-activated"
    );
    let o = run(&mut w, "systemctl disable --now docker.service");
    assert!(o.stderr.ends_with("Warning: Stopping docker.service, but it can still be activated by:\n  docker.socket\n"), "{}", o.stderr);
    // kubeadm's annotation names the socket with /var/run; the kubelet
    // started on the /run form reaches the same socket.
    let o = run(
        &mut w,
        "kubectl get node node-1 -o jsonpath='{.metadata.annotations.kubeadm\\.alpha\\.kubernetes\\.io/cri-socket}'",
    );
    assert_eq!(o.stdout, "unix:///var/run/cri-dockerd.sock");
    w.inject(&atlas_core::node::fault::Fault::KubeletFlag {
        flag: "container-runtime-endpoint".into(),
        value: Some("unix:///run/cri-dockerd.sock".into()),
    })
    .expect("the flag");
    assert!(w.units().is_active("kubelet"));
    let o = run(
        &mut w,
        "kubectl annotate node node-1 --overwrite kubeadm.alpha.kubernetes.io/cri-socket=unix:///run/cri-dockerd.sock",
    );
    assert_eq!(o.stdout, "node/node-1 annotated\n");
}
