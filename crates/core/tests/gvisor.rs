//! gVisor's scenarios against the reference (SANDBOXED-AND-PODMAN.md §3.2,
//! §3.3, §3.5): the hop order of `kubectl-run-gvisor` and
//! `docker-run-gvisor`, their golden traces (`UPDATE_GOLDEN=1` rewrites
//! them), and what must never appear under gVisor: runc, runc-init, an
//! `exec.fifo`, a workload syscall that reaches the host kernel, a workload
//! process on the host.

mod common;

use common::{argv, golden, hops, in_order, run};

use atlas_core::scenario;
use atlas_core::sim::Sim;
use atlas_core::topology::Topology;
use atlas_core::{Component, Config, Hop};

/// What may never happen under gVisor, in any of its runs.
fn assert_no_runc_model(name: &str, sim: &Sim) {
    let all = hops(sim);
    for h in &all {
        for c in [h.from, h.to] {
            assert!(
                !matches!(c, Component::Runc | Component::RuncInit),
                "{name}: hop {} {} → {} {} involves runc",
                h.seq,
                h.from,
                h.to,
                h.call
            );
        }
        if h.from == Component::Container && h.iface == atlas_core::Iface::Syscall {
            assert_eq!(
                h.to,
                Component::RunscSandbox,
                "{name}: hop {}: the workload's syscall {} must go to the Sentry",
                h.seq,
                h.call
            );
        }
    }
    let text = sim.to_jsonl(name);
    assert!(
        !text.contains("exec.fifo"),
        "{name}: exec.fifo in the trace"
    );
    assert!(
        !text.contains("runc init"),
        "{name}: runc init in the trace"
    );
}

#[test]
fn kubectl_run_gvisor_follows_the_reference() {
    let sim = run("kubectl-run-gvisor", 1);
    let all = hops(&sim);
    in_order(
        "kubectl-run-gvisor",
        &all,
        &[
            // §3.2: the pod sandbox.
            ("kubelet", "containerd/cri", "RunPodSandbox"),
            ("containerd/cri", "kernel", "unshare"),
            ("containerd/cri", "cni", "ADD"),
            ("containerd/cri", "containerd", "Containers.Create"),
            ("containerd/cri", "containerd/tasks", "Tasks.Create"),
            (
                "containerd/tasks",
                "containerd-shim-runsc-v1",
                "containerd-shim-runsc-v1",
            ),
            ("containerd/tasks", "containerd-shim-runsc-v1", "Create"),
            (
                "containerd-shim-runsc-v1",
                "containerd-shim-runsc-v1",
                "setPodCgroup",
            ),
            ("containerd-shim-runsc-v1", "runsc", "create"),
            ("runsc", "runsc-gofer", "runsc-gofer"),
            ("runsc", "kernel", "bind"),
            ("runsc", "runsc-sandbox", "runsc-sandbox"),
            ("runsc-sandbox", "kernel", "pivot_root"),
            ("runsc", "kernel", "write"),
            ("containerd/tasks", "containerd-shim-runsc-v1", "Start"),
            ("containerd-shim-runsc-v1", "runsc", "start"),
            ("runsc", "runsc-sandbox", "containerManager.SetNetworkArgs"),
            ("runsc", "runsc-sandbox", "containerManager.StartRoot"),
            ("runsc-sandbox", "kernel", "seccomp"),
            ("runsc-sandbox", "container", "execve"),
            ("containerd-shim-runsc-v1", "runsc", "wait"),
            ("runsc", "runsc-sandbox", "containerManager.Wait"),
            // §3.3: the app container, with a shim of its own.
            ("kubelet", "containerd/cri", "CreateContainer"),
            ("kubelet", "containerd/cri", "StartContainer"),
            (
                "containerd/tasks",
                "containerd-shim-runsc-v1",
                "containerd-shim-runsc-v1",
            ),
            ("containerd/tasks", "containerd-shim-runsc-v1", "Create"),
            ("containerd-shim-runsc-v1", "runsc", "create"),
            ("runsc", "kernel", "mkdir"),
            (
                "runsc",
                "runsc-sandbox",
                "containerManager.CreateSubcontainer",
            ),
            ("containerd/tasks", "containerd-shim-runsc-v1", "Start"),
            ("containerd-shim-runsc-v1", "runsc", "start"),
            ("runsc", "runsc-gofer", "runsc-gofer"),
            (
                "runsc",
                "runsc-sandbox",
                "containerManager.StartSubcontainer",
            ),
            ("runsc-sandbox", "container", "execve"),
            // §3.3 #4: the workload's syscall goes to the Sentry; the Sentry's
            // own host write is one of its filtered few.
            ("container", "runsc-sandbox", "write"),
            ("runsc-sandbox", "kernel", "write"),
            ("containerd-shim-runsc-v1", "runsc", "wait"),
            ("runsc", "runsc-sandbox", "containerManager.Wait"),
            // §3.3 #6, #7: stop and delete.
            ("kubelet", "containerd/cri", "StopContainer"),
            ("containerd-shim-runsc-v1", "runsc", "kill"),
            ("runsc", "runsc-sandbox", "containerManager.Signal"),
            ("container", "runsc-sandbox", "exit_group"),
            ("kernel", "containerd-shim-runsc-v1", "wait4"),
            // The CRI plugin's handleContainerExit deletes the task at once:
            // the container's shim runs `runsc delete` and shuts down.
            ("containerd/events", "containerd/cri", "TaskExit"),
            ("containerd/tasks", "containerd-shim-runsc-v1", "Delete"),
            ("containerd-shim-runsc-v1", "runsc", "delete"),
            ("containerd/tasks", "containerd-shim-runsc-v1", "Shutdown"),
            ("kubelet", "containerd/cri", "StopPodSandbox"),
            ("containerd-shim-runsc-v1", "runsc", "kill"),
            ("runsc-sandbox", "kernel", "exit_group"),
            ("containerd/tasks", "containerd-shim-runsc-v1", "Delete"),
            ("containerd-shim-runsc-v1", "runsc", "delete"),
            ("containerd/tasks", "containerd-shim-runsc-v1", "Shutdown"),
            ("containerd/cri", "cni", "DEL"),
            ("kubelet", "containerd/cri", "RemoveContainer"),
            ("containerd/cri", "containerd", "Containers.Delete"),
        ],
    );
    assert_no_runc_model("kubectl-run-gvisor", &sim);
    // One shim per container: two `start`s, the second not a reuse.
    let starts: Vec<&&Hop> = all
        .iter()
        .filter(|h| h.call == "containerd-shim-runsc-v1")
        .collect();
    assert_eq!(starts.len(), 2);
    assert!(!common::note(starts[1]).contains("already"));
    // The shim execs runsc with gVisor's flags (`--flag=value`).
    let create = all
        .iter()
        .find(|h| h.to == Component::Runsc && h.call == "create")
        .expect("runsc create");
    let a = argv(create);
    assert_eq!(a[0], "runsc");
    assert!(
        a[1].starts_with("--root=/run/containerd/runsc/k8s.io"),
        "{a:?}"
    );
    assert!(a
        .iter()
        .any(|x| x.ends_with("/log.json") && x.starts_with("--log=")));
    assert!(a.contains(&"--log-format=json".to_string()));
    let tail: Vec<&str> = a
        .iter()
        .skip_while(|x| *x != "create")
        .map(String::as_str)
        .collect();
    assert_eq!(tail[..2], ["create", "--bundle"]);
    assert_eq!(tail[3], "--pid-file");
    assert!(tail[4].ends_with("/init.pid"));
    // The Sentry and the gofer by their argv[0], each with its subcommand.
    let sentry = all
        .iter()
        .find(|h| h.to == Component::RunscSandbox && h.call == "runsc-sandbox")
        .expect("the Sentry's exec");
    assert!(argv(sentry).contains(&"boot".to_string()));
    let gofer = all
        .iter()
        .find(|h| h.to == Component::RunscGofer)
        .expect("the gofer's exec");
    assert!(argv(gofer).contains(&"gofer".to_string()));
    // Only one Sentry for the pod.
    assert_eq!(
        all.iter()
            .filter(|h| h.to == Component::RunscSandbox && h.call == "runsc-sandbox")
            .count(),
        1
    );
}

#[test]
fn after_kubectl_run_the_host_runs_the_sandbox_and_no_nginx() {
    let s = scenario::find("kubectl-run-gvisor").expect("scenario");
    let mut sim = Sim::new(s.config(), 1);
    sim.run_line("kubectl run nginx --image=nginx");
    let ps = sim.world().host_processes();
    assert!(
        ps.iter().all(|p| p.program != Component::Container),
        "a workload on the host: {ps:#?}"
    );
    assert!(
        ps.iter()
            .all(|p| !p.argv.iter().any(|a| a.contains("nginx") || a == "/pause")),
        "{ps:#?}"
    );
    let sentries: Vec<_> = ps
        .iter()
        .filter(|p| p.program == Component::RunscSandbox)
        .collect();
    assert_eq!(sentries.len(), 1, "{ps:#?}");
    assert!(ps.iter().any(|p| p.program == Component::RunscGofer));
    let waits = ps
        .iter()
        .filter(|p| p.program == Component::Runsc && p.argv.iter().any(|a| a == "wait"))
        .count();
    assert_eq!(waits, 2, "runsc wait for the pause and for nginx: {ps:#?}");
    // crictl still shows nginx running.
    let out = sim.run_line("crictl ps").record.stdout.clone();
    assert!(out.contains("Running") && out.contains("nginx"), "{out}");
}

#[test]
fn docker_run_gvisor_follows_the_reference() {
    let sim = run("docker-run-gvisor", 1);
    let all = hops(&sim);
    in_order(
        "docker-run-gvisor",
        &all,
        &[
            ("docker", "dockerd", "POST /v1.47/containers/create"),
            ("docker", "dockerd", "POST /v1.47/containers/"),
            ("dockerd", "containerd", "Containers.Create"),
            ("dockerd", "containerd/tasks", "Tasks.Create"),
            (
                "containerd/tasks",
                "containerd-shim-runc-v2",
                "containerd-shim-runc-v2",
            ),
            ("containerd-shim-runc-v2", "runsc", "create"),
            ("runsc", "runsc-gofer", "runsc-gofer"),
            ("runsc", "runsc-sandbox", "runsc-sandbox"),
            ("dockerd", "containerd/tasks", "Tasks.Start"),
            ("containerd-shim-runc-v2", "runsc", "start"),
            ("runsc", "runsc-sandbox", "containerManager.StartRoot"),
            ("runsc-sandbox", "container", "execve"),
            ("docker", "dockerd", "GET /v1.47/containers/json"),
            ("docker", "dockerd", "POST /v1.47/containers/"),
            ("containerd-shim-runc-v2", "runsc", "kill"),
            ("runsc", "runsc-sandbox", "containerManager.Signal"),
            ("container", "runsc-sandbox", "exit_group"),
            ("runsc-sandbox", "kernel", "exit_group"),
            ("kernel", "containerd-shim-runc-v2", "wait4"),
            ("containerd-shim-runc-v2", "runsc", "delete"),
            ("docker", "dockerd", "DELETE /v1.47/containers/"),
        ],
    );
    assert_no_runc_model("docker-run-gvisor", &sim);
    // runtime io.containerd.runc.v2 with BinaryName, and runsc under
    // Docker's root.
    let ctr = all
        .iter()
        .find(|h| h.call == "Containers.Create" && h.from == Component::Dockerd)
        .expect("Containers.Create");
    let d = ctr.detail.as_ref().expect("detail");
    assert_eq!(d["runtime"], "io.containerd.runc.v2");
    assert_eq!(d["options"]["BinaryName"], "/usr/local/bin/runsc");
    let create = all
        .iter()
        .find(|h| h.to == Component::Runsc && h.call == "create")
        .expect("runsc create");
    let a = argv(create);
    assert_eq!(
        a[..3],
        [
            "/usr/local/bin/runsc".to_string(),
            "--root".to_string(),
            "/var/run/docker/runtime-runc/moby".to_string()
        ]
    );
    assert!(a.contains(&"--systemd-cgroup".to_string()));
    // No runsc wait: containerd-shim-runc-v2 reaps the Sentry it adopted.
    assert!(!all
        .iter()
        .any(|h| h.call == "wait" && h.to == Component::Runsc));
    // docker ps lists it; the host runs no nginx.
    let ps_out = &sim.steps()[1].record.stdout;
    assert!(ps_out.contains("web"), "{ps_out}");
}

#[test]
fn docker_run_gvisor_leaves_a_sentry_and_no_nginx_on_the_host() {
    let s = scenario::find("docker-run-gvisor").expect("scenario");
    let mut sim = Sim::new(s.config(), 1);
    sim.run_line("docker run -d --name web --runtime=runsc nginx");
    let ps = sim.world().host_processes();
    assert!(
        ps.iter().all(|p| p.program != Component::Container),
        "{ps:#?}"
    );
    assert_eq!(
        ps.iter()
            .filter(|p| p.program == Component::RunscSandbox)
            .count(),
        1
    );
    let shim = ps
        .iter()
        .find(|p| p.program == Component::ShimRuncV2)
        .expect("the runc shim");
    let sentry = ps
        .iter()
        .find(|p| p.program == Component::RunscSandbox)
        .expect("the Sentry");
    assert_eq!(sentry.ppid, shim.pid, "the shim adopted the Sentry");
}

#[test]
fn dockerd_refuses_a_runtime_it_does_not_know() {
    let s = scenario::find("docker-run-gvisor").expect("scenario");
    let mut sim = Sim::new(s.config(), 1);
    let rec = sim
        .run_line("docker run -d --runtime=foo nginx")
        .record
        .clone();
    assert_eq!(rec.exit, 125);
    assert_eq!(
        rec.stderr,
        "docker: Error response from daemon: unknown or invalid runtime name: foo.\nSee 'docker run --help'.\n"
    );
    assert!(sim.world().host_processes().is_empty());
    // A containerd runtime name dockerd would pass on is not refused (not
    // modelled: the simulator says so).
    let rec = sim
        .run_line("docker run -d --runtime=io.containerd.runsc.v1 nginx")
        .record
        .clone();
    assert!(
        !rec.stderr.contains("unknown or invalid runtime"),
        "{}",
        rec.stderr
    );
}

#[test]
fn gvisor_under_cri_o_has_conmon_run_runsc_and_no_runc() {
    let cfg = Config::from_words(Some("1.28"), Some("cri-o"), Some("gvisor")).expect("config");
    let mut sim = Sim::new(cfg, 1);
    sim.run_script("kubectl run nginx --image=nginx\nkubectl delete pod nginx\nsleep 60\n")
        .expect("runs");
    let all = hops(&sim);
    in_order(
        "cri-o gvisor",
        &all,
        &[
            ("cri-o", "conmon", "conmon"),
            ("conmon", "runsc", "create"),
            ("runsc", "runsc-sandbox", "runsc-sandbox"),
            ("cri-o", "runsc", "start"),
            ("runsc", "runsc-sandbox", "containerManager.StartRoot"),
            ("cri-o", "runsc", "kill"),
            ("kernel", "conmon", "wait4"),
            ("cri-o", "runsc", "delete"),
        ],
    );
    assert_no_runc_model("cri-o gvisor", &sim);
}

#[test]
fn the_gvisor_sandbox_is_a_boundary_around_the_sentry_and_the_gofer() {
    for name in ["kubectl-run-gvisor", "docker-run-gvisor"] {
        let cfg = scenario::find(name).expect("scenario").config();
        let topo = Topology::new(&cfg);
        let b = topo.boundaries();
        let g = b
            .iter()
            .find(|b| b.members.contains(&Component::RunscSandbox))
            .unwrap_or_else(|| panic!("{name}: no gVisor boundary"));
        assert_eq!(g.members, [Component::RunscSandbox, Component::RunscGofer]);
        let label = atlas_core::Catalog::english().render(&g.label);
        assert_eq!(label, "gVisor sandbox");
    }
    // A runc node on containerd draws none.
    assert!(Topology::new(&Config::default())
        .boundaries()
        .iter()
        .all(|b| !b.members.contains(&Component::RunscSandbox)));
}

#[test]
fn gvisor_topologies_have_no_runc_init_path_for_runsc() {
    let cfg = scenario::find("kubectl-run-gvisor")
        .expect("scenario")
        .config();
    let t = Topology::new(&cfg);
    use atlas_core::Iface;
    assert!(t.has_edge(Component::ShimRunscV1, Component::Runsc, Iface::OciCli));
    assert!(t.has_edge(Component::Runsc, Component::RunscSandbox, Iface::Urpc));
    assert!(t.has_edge(
        Component::Container,
        Component::RunscSandbox,
        Iface::Syscall
    ));
    assert!(t.has_edge(Component::RunscSandbox, Component::Kernel, Iface::Syscall));
    assert!(!t.has_edge(Component::Runsc, Component::Kernel, Iface::Exec));
    assert!(!t.has_edge(Component::Runsc, Component::RuncInit, Iface::Exec));
}

#[test]
fn golden_traces() {
    golden(&["kubectl-run-gvisor", "docker-run-gvisor"]);
}

/// Review (issue 12): the CRI plugin deletes a task as soon as it exits
/// (containerd's `handleContainerExit`: `task.Delete(…, WithProcessKill)`), so
/// a gVisor container's own shim runs `runsc delete` and is shut down at once,
/// not at the next garbage collection; `crictl rm` then only removes the
/// container's metadata and snapshot.
#[test]
fn a_gvisor_containers_shim_goes_when_the_container_exits() {
    let s = scenario::find("kubectl-run-gvisor").expect("scenario");
    let mut sim = Sim::new(s.config(), 1);
    sim.run_script(
        "kubectl run nginx --image=nginx --overrides='{\"spec\":{\"runtimeClassName\":\"gvisor\"}}'\nCTR=$(crictl ps -q)\ncrictl stop $CTR\n",
    )
    .expect("script runs");
    let stop: Vec<&Hop> = sim.steps()[2].hops.iter().collect();
    let got = in_order(
        "crictl stop (gVisor)",
        &stop,
        &[
            (
                "containerd-shim-runsc-v1",
                "containerd/events",
                "Events.Forward",
            ),
            ("containerd/events", "containerd/cri", "TaskExit"),
            ("containerd/cri", "containerd/tasks", "Tasks.Delete"),
            ("containerd/tasks", "containerd-shim-runsc-v1", "Delete"),
            ("containerd-shim-runsc-v1", "runsc", "delete"),
            ("containerd/tasks", "containerd-shim-runsc-v1", "Shutdown"),
            ("containerd/cri", "containerd/cri", "Status.UpdateSync"),
        ],
    );
    // The container's own shim exits at its Shutdown (the kubelet's restart
    // later starts a new shim for the new container).
    let gone = got[5]
        .effects
        .iter()
        .find(|e| e.to == "exited")
        .expect("the shim exits");
    let pid: u32 = gone
        .object
        .trim_start_matches("process/")
        .parse()
        .expect("pid");
    assert!(
        sim.world().host_processes().iter().all(|p| p.pid != pid),
        "{:#?}",
        sim.world().host_processes()
    );
    sim.run_line("crictl rm $CTR");
    let rm = &sim.steps()[3].hops;
    assert!(rm.iter().any(|h| h.call == "Containers.Delete"), "{rm:#?}");
    assert!(
        rm.iter()
            .all(|h| h.call != "Tasks.Delete" && h.call != "delete"),
        "crictl rm deleted the task again: {rm:#?}"
    );
}
