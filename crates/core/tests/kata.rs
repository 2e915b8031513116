//! Kata Containers (issue 12, deliverables 1, 2 and 5): the two Kata
//! scenarios follow the reference's hop order (shared/reference/
//! SANDBOXED-AND-PODMAN.md §1.2–§1.4 under containerd, §2.2 under CRI-O),
//! nothing of runc or conmon appears anywhere, the containers' syscalls go to
//! the guest kernel, and the host runs the shim, virtiofsd and QEMU only.

mod common;

use atlas_core::config::{Config, K8sVersion, Oci, Runtime};
use atlas_core::sim::Sim;
use atlas_core::Component;
use common::{hops, in_order, run};

const SHIM: &str = "containerd-shim-kata-v2";
const AGENT: &str = "kata-agent";

#[test]
fn kata_under_containerd_follows_the_reference() {
    let sim = run("kubectl-run-kata", 1);
    let all = hops(&sim);
    in_order(
        "kubectl-run-kata",
        &all,
        &[
            // §1.2: the sandbox.
            ("kubelet", "containerd/cri", "RunPodSandbox"),
            ("containerd/cri", "kernel", "unshare"),
            ("containerd/cri", "cni", "ADD"),
            ("containerd/cri", "containerd", "Containers.Create"),
            ("containerd/tasks", SHIM, SHIM),
            (SHIM, "kernel", "unshare"),
            (SHIM, SHIM, SHIM),
            ("containerd/tasks", SHIM, "Create"),
            (SHIM, "kernel", "mount"),
            (SHIM, "kernel", "sendmsg"),
            (SHIM, "kernel", "cgroup.procs"),
            (SHIM, "virtiofsd", "virtiofsd"),
            (SHIM, "kernel", "ioctl"),
            (SHIM, "qemu", "qemu-system-x86_64"),
            (SHIM, "qemu", "qmp_capabilities"),
            ("qemu", "guest-kernel", "vmlinux.container"),
            ("guest-kernel", AGENT, "kata-agent"),
            (SHIM, AGENT, "grpc.Health/Check"),
            (SHIM, AGENT, "grpc.AgentService/UpdateInterface"),
            (SHIM, AGENT, "grpc.AgentService/UpdateRoutes"),
            (SHIM, AGENT, "grpc.AgentService/CreateSandbox"),
            (SHIM, AGENT, "grpc.AgentService/GetGuestDetails"),
            (SHIM, "kernel", "mount"),
            (SHIM, AGENT, "grpc.AgentService/CreateContainer"),
            (AGENT, "guest-kernel", "mkfifo"),
            (AGENT, "guest-kernel", "pivot_root"),
            (SHIM, "kernel", "cgroup.threads"),
            (SHIM, "containerd/events", "Events.Forward"),
            ("containerd/tasks", SHIM, "Start"),
            (SHIM, AGENT, "grpc.AgentService/StartContainer"),
            (AGENT, "guest-kernel", "execve"),
            (SHIM, AGENT, "grpc.AgentService/WaitProcess"),
            // §1.3: the app container; the image is pulled on the host.
            ("kubelet", "containerd/cri", "PullImage"),
            ("kubelet", "containerd/cri", "CreateContainer"),
            ("kubelet", "containerd/cri", "StartContainer"),
            ("containerd/tasks", SHIM, SHIM),
            ("containerd/tasks", SHIM, "Create"),
            (SHIM, "kernel", "mount"),
            (SHIM, AGENT, "grpc.AgentService/CreateContainer"),
            ("containerd/tasks", SHIM, "Start"),
            (SHIM, AGENT, "grpc.AgentService/StartContainer"),
            (SHIM, AGENT, "grpc.AgentService/WaitProcess"),
            // kubectl exec: Task/Exec → the agent's ExecProcess.
            ("containerd/tasks", SHIM, "Exec"),
            (SHIM, AGENT, "grpc.AgentService/ExecProcess"),
            // §1.4: stop, then the sandbox and the VM.
            ("kubelet", "containerd/cri", "StopContainer"),
            ("containerd/tasks", SHIM, "Kill"),
            (SHIM, AGENT, "grpc.AgentService/SignalProcess"),
            ("container", "guest-kernel", "exit_group"),
            (SHIM, AGENT, "grpc.AgentService/RemoveContainer"),
            (SHIM, "containerd/events", "Events.Forward"),
            // Review: the CRI plugin's handleContainerExit deletes the task at
            // once; containerd then asks for Shutdown, which the shim ignores
            // while the pod's sandbox task remains.
            ("containerd/events", "containerd/cri", "TaskExit"),
            ("containerd/tasks", SHIM, "Delete"),
            ("containerd/tasks", SHIM, "Shutdown"),
            ("containerd/cri", "containerd/cri", "Status.UpdateSync"),
            ("kubelet", "containerd/cri", "StopPodSandbox"),
            ("containerd/tasks", SHIM, "Kill"),
            (SHIM, AGENT, "grpc.AgentService/SignalProcess"),
            (SHIM, AGENT, "grpc.AgentService/RemoveContainer"),
            (SHIM, AGENT, "grpc.AgentService/DestroySandbox"),
            (SHIM, "kernel", "kill"),
            (SHIM, "containerd/events", "Events.Forward"),
            // handleSandboxTaskExit: the sandbox's task is deleted and the
            // last Shutdown ends the shim.
            ("containerd/events", "containerd/cri", "TaskExit"),
            ("containerd/tasks", SHIM, "Delete"),
            ("containerd/tasks", SHIM, "Shutdown"),
            ("containerd/cri", "cni", "DEL"),
        ],
    );
    let shutdowns: Vec<_> = all
        .iter()
        .filter(|h| h.to == Component::ShimKataV2 && h.call == "Shutdown")
        .collect();
    assert_eq!(shutdowns.len(), 2, "a Shutdown after each Delete");
    assert!(
        shutdowns[0].effects.is_empty() && common::note(shutdowns[0]).contains("ignores"),
        "the first Shutdown is ignored: {:?}",
        shutdowns[0]
    );
    assert!(
        shutdowns[1].effects.iter().any(|e| e.to == "exited"),
        "the last Shutdown ends the shim: {:?}",
        shutdowns[1]
    );
    // The second `start` prints the pod's shim address: one shim per pod.
    let starts: Vec<_> = all
        .iter()
        .filter(|h| {
            h.from == Component::ContainerdTasks && h.to == Component::ShimKataV2 && h.call == SHIM
        })
        .collect();
    assert_eq!(starts.len(), 2, "a start per container");
    let daemons = all
        .iter()
        .filter(|h| {
            h.from == Component::ShimKataV2 && h.to == Component::ShimKataV2 && h.call == SHIM
        })
        .count();
    assert_eq!(daemons, 1, "one long-lived shim for the pod");
    let pid_events: Vec<_> = all
        .iter()
        .filter(|h| h.call == "qemu-system-x86_64")
        .collect();
    assert_eq!(pid_events.len(), 1, "one VM for the pod");
}

#[test]
fn kata_under_crio_has_no_conmon_and_crio_drives_the_shim() {
    let sim = run("kubectl-run-kata-crio", 1);
    let all = hops(&sim);
    in_order(
        "kubectl-run-kata-crio",
        &all,
        &[
            ("kubelet", "cri-o", "RunPodSandbox"),
            ("cri-o", "pinns", "pinns"),
            ("cri-o", "cni", "ADD"),
            ("cri-o", "kernel", "mount"),
            ("cri-o", "cri-o", "createInfraContainer"),
            ("cri-o", SHIM, SHIM),
            // createContainerIO: CRI-O's own FIFOs and CRI log file.
            ("cri-o", "kernel", "mknodat"),
            ("cri-o", "kernel", "openat"),
            ("cri-o", SHIM, "Create"),
            (SHIM, "qemu", "qemu-system-x86_64"),
            (SHIM, AGENT, "grpc.AgentService/CreateSandbox"),
            (SHIM, AGENT, "grpc.AgentService/CreateContainer"),
            ("cri-o", SHIM, "Start"),
            (SHIM, AGENT, "grpc.AgentService/StartContainer"),
            ("cri-o", SHIM, "Wait"),
            ("kubelet", "cri-o", "CreateContainer"),
            ("cri-o", SHIM, SHIM),
            ("cri-o", "kernel", "mknodat"),
            ("cri-o", "kernel", "openat"),
            ("cri-o", SHIM, "Create"),
            (SHIM, AGENT, "grpc.AgentService/CreateContainer"),
            ("kubelet", "cri-o", "StartContainer"),
            ("cri-o", SHIM, "Start"),
            ("cri-o", SHIM, "Wait"),
            ("kubelet", "cri-o", "StopContainer"),
            ("cri-o", SHIM, "Kill"),
            (SHIM, AGENT, "grpc.AgentService/SignalProcess"),
            ("cri-o", "kernel", "write"),
            ("cri-o", SHIM, "State"),
            ("kubelet", "cri-o", "StopPodSandbox"),
            ("cri-o", SHIM, "Kill"),
            (SHIM, AGENT, "grpc.AgentService/DestroySandbox"),
            ("cri-o", "cni", "DEL"),
        ],
    );
    let start = all
        .iter()
        .find(|h| h.from == Component::CriO && h.call == SHIM)
        .expect("CRI-O execs the shim");
    let argv = start
        .detail
        .as_ref()
        .and_then(|d| d.get("argv"))
        .map(|v| v.to_string())
        .unwrap_or_default();
    assert!(
        argv.contains(r#""-namespace","default","-address","","-publish-binary","/usr/bin/crio""#),
        "CRI-O's shim command line: {argv}"
    );
    // No events reach CRI-O: the shim's TTRPC_ADDRESS is empty.
    assert!(!all.iter().any(|h| h.call == "Events.Forward"));
}

#[test]
fn no_runc_runc_init_or_conmon_under_kata_and_syscalls_go_to_the_guest() {
    for name in ["kubectl-run-kata", "kubectl-run-kata-crio"] {
        let sim = run(name, 1);
        for h in hops(&sim) {
            for c in [h.from, h.to] {
                assert!(
                    !matches!(
                        c,
                        Component::Runc | Component::RuncInit | Component::Crun | Component::Conmon
                    ),
                    "{name}: hop {} {} → {} {} under Kata",
                    h.seq,
                    h.from,
                    h.to,
                    h.call
                );
            }
            if h.from == Component::Container || h.to == Component::Container {
                assert!(
                    h.from == Component::GuestKernel || h.to == Component::GuestKernel,
                    "{name}: hop {} {} → {} {}: a Kata container talks only to the guest kernel",
                    h.seq,
                    h.from,
                    h.to,
                    h.call
                );
            }
            let text = serde_json::to_string(h).unwrap_or_default();
            if text.contains("exec.fifo") {
                assert_eq!(
                    h.to,
                    Component::GuestKernel,
                    "{name}: hop {}: exec.fifo lives in the guest",
                    h.seq
                );
            }
        }
    }
}

#[test]
fn the_host_runs_the_shim_virtiofsd_and_qemu_while_crictl_says_running() {
    for (k8s, runtime) in [
        (28, Runtime::Containerd17),
        (31, Runtime::Containerd2),
        (31, Runtime::CriO),
    ] {
        let cfg = Config {
            k8s: K8sVersion(k8s),
            runtime,
            oci: Oci::Kata,
        };
        let mut sim = Sim::new(cfg, 3);
        sim.run_line("kubectl run web --image=nginx");
        let ps = sim.run_line("crictl ps").record.stdout.clone();
        let line = ps
            .lines()
            .find(|l| l.contains(" web "))
            .unwrap_or_else(|| panic!("{cfg:?}: no web in\n{ps}"));
        assert!(line.contains("Running"), "{cfg:?}: {line}");
        let procs = sim.world().host_processes();
        let programs: Vec<Component> = procs.iter().map(|p| p.program).collect();
        assert_eq!(
            programs
                .iter()
                .filter(|p| **p == Component::ShimKataV2)
                .count(),
            1,
            "{cfg:?}: one shim: {procs:#?}"
        );
        assert!(
            programs.contains(&Component::Qemu) && programs.contains(&Component::Virtiofsd),
            "{cfg:?}: {procs:#?}"
        );
        assert!(
            !programs.contains(&Component::Container),
            "{cfg:?}: no pause or nginx on the host: {procs:#?}"
        );
        let shim = procs
            .iter()
            .find(|p| p.program == Component::ShimKataV2)
            .map(|p| p.pid);
        for p in procs
            .iter()
            .filter(|p| matches!(p.program, Component::Qemu | Component::Virtiofsd))
        {
            assert_eq!(
                Some(p.ppid),
                shim,
                "{cfg:?}: QEMU and virtiofsd are the shim's children"
            );
        }
        // After the pod is deleted, nothing of it is left.
        sim.run_line("kubectl delete pod web");
        sim.run_line("sleep 120");
        let left: Vec<_> = sim.world().host_processes();
        assert!(
            !left.iter().any(|p| matches!(
                p.program,
                Component::Qemu | Component::Virtiofsd | Component::ShimKataV2
            )),
            "{cfg:?}: the VM and the shim are gone: {left:#?}"
        );
    }
}

#[test]
fn crio_keeps_the_infra_container_of_a_vm_pod_and_makes_no_sandbox_cgroup_for_it() {
    let sim = run("kubectl-run-kata-crio", 1);
    assert!(
        !hops(&sim)
            .iter()
            .any(|h| common::note(h).starts_with("CreateSandboxCgroup")),
        "CreateSandboxCgroup is for a dropped infra container"
    );
}

#[test]
fn a_pod_asks_for_kata_by_its_runtime_class() {
    let ask = r#"kubectl run web --image=nginx --overrides='{"spec":{"runtimeClassName":"kata"}}'"#;
    let handler = |sim: &Sim| -> String {
        hops(sim)
            .iter()
            .find(|h| h.call == "RunPodSandbox")
            .and_then(|h| h.detail.as_ref())
            .and_then(|d| d.get("runtime_handler"))
            .and_then(|v| v.as_str())
            .unwrap_or("?")
            .to_string()
    };
    let kata = Config {
        k8s: K8sVersion(31),
        runtime: Runtime::Containerd2,
        oci: Oci::Kata,
    };
    // Asked for: the RuntimeClass admission finds it, the kubelet passes its handler.
    let mut sim = Sim::new(kata, 1);
    assert_eq!(sim.run_line(ask).record.exit, 0);
    assert!(hops(&sim).iter().any(|h| h.call == "RuntimeClass.Admit"));
    assert_eq!(handler(&sim), "kata");
    // Not asked for: no class, the runtime's default (Kata on this node).
    let mut sim = Sim::new(kata, 1);
    sim.run_line("kubectl run web --image=nginx");
    assert_eq!(handler(&sim), "");
    // On a node without Kata the API server rejects the pod.
    let mut sim = Sim::new(Config::default(), 1);
    let step = sim.run_line(ask).clone();
    assert_eq!(step.record.exit, 1);
    assert_eq!(
        step.record.stderr,
        "Error from server (Forbidden): pods \"web\" is forbidden: pod rejected: RuntimeClass \"kata\" not found\n"
    );
    assert!(!step.hops.iter().any(|h| h.call == "RunPodSandbox"));
}

/// Review (issue 12): under CRI-O's VM runtime there is no conmon, so CRI-O's
/// `createContainerIO` (internal/oci/runtime_vm.go) makes the stdio FIFOs
/// the shim writes to and opens the CRI log file the kubelet reads:
/// `<log_directory>/<sandbox id>.log` for the infra container,
/// `<log_directory>/<name>/<attempt>.log` for a container; the FIFOs it made
/// are the ones `Task/Create` names.
#[test]
fn crio_writes_the_cri_log_of_a_kata_container_itself() {
    let sim = run("kubectl-run-kata-crio", 1);
    let all = hops(&sim);
    let detail = |h: &atlas_core::Hop, k: &str| -> String {
        h.detail
            .as_ref()
            .and_then(|d| d.get(k))
            .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_string))
            .unwrap_or_default()
    };
    let logs: Vec<String> = all
        .iter()
        .filter(|h| h.from == Component::CriO && h.call == "openat")
        .map(|h| detail(h, "path"))
        .collect();
    assert_eq!(logs.len(), 2, "{logs:?}");
    let dir = "/var/log/pods/default_nginx_";
    assert!(
        logs[0].starts_with(dir) && logs[0].ends_with(".log"),
        "{logs:?}"
    );
    // The infra container's log is named for the sandbox (runPodSandbox).
    let infra = all
        .iter()
        .find(|h| h.from == Component::CriO && h.call == "Create")
        .expect("the infra's Task/Create");
    assert!(
        logs[0].ends_with(&format!("/{}.log", detail(infra, "id"))),
        "{logs:?}"
    );
    assert!(
        logs[1].starts_with(dir) && logs[1].ends_with("/nginx/0.log"),
        "{logs:?}"
    );
    // The FIFOs CRI-O made are the ones it hands the shim in Task/Create.
    for (i, h) in all
        .iter()
        .enumerate()
        .filter(|(_, h)| h.from == Component::CriO && h.call == "mknodat")
    {
        let create = all[i..]
            .iter()
            .find(|c| c.from == Component::CriO && c.call == "Create")
            .expect("Task/Create");
        let fifos = detail(h, "dir");
        assert!(
            detail(create, "stdout").starts_with(&fifos),
            "{fifos} {create:?}"
        );
        assert!(
            detail(create, "stderr").starts_with(&fifos),
            "{fifos} {create:?}"
        );
    }
    // Nothing of conmon under a VM runtime.
    assert!(all
        .iter()
        .all(|h| h.from != Component::Conmon && h.to != Component::Conmon));
}
