//! Scenario tests: every curated scenario runs, follows the topology and is
//! deterministic; the three worked examples of the reference (§9 S1, S3, S9)
//! are pinned hop for hop as golden traces (`UPDATE_GOLDEN=1` rewrites them)
//! and checked against the reference's step order.

mod common;

use atlas_core::scenario::{self, SCENARIOS};
use atlas_core::sim::Sim;
use atlas_core::{Hop, TraceFile};
use common::{golden, hops, in_order, run};

#[test]
fn every_scenario_runs_cleanly_along_the_topology() {
    for s in SCENARIOS {
        let sim = run(s.name, 1);
        for step in sim.steps() {
            assert_eq!(
                step.record.exit, 0,
                "{}: `{}` failed:\n{}{}",
                s.name, step.record.command, step.record.stdout, step.record.stderr
            );
        }
        let topo = sim.world().topology();
        let all = hops(&sim);
        assert!(all.len() >= 5, "{}: only {} hops", s.name, all.len());
        for (i, h) in all.iter().enumerate() {
            assert_eq!(h.seq as usize, i + 1, "{}: seq gap at {}", s.name, h.seq);
            assert!(
                topo.has_edge(h.from, h.to, h.iface),
                "{}: hop {} {} -> {} [{}] {} is not an edge of the topology",
                s.name,
                h.seq,
                h.from,
                h.to,
                h.iface,
                h.call
            );
        }
        let bad = sim.world().invariant_violations();
        assert!(bad.is_empty(), "{}: {bad:?}", s.name);
        // The JSON Lines form reads back with the contract's reader.
        let text = sim.to_jsonl(&format!("scenario {}", s.name));
        let file = TraceFile::parse(&text).unwrap_or_else(|e| panic!("{}: {e}", s.name));
        assert_eq!(file.hops.len(), all.len(), "{}", s.name);
    }
}

#[test]
fn same_seed_same_trace_other_seed_other_ids() {
    for s in SCENARIOS {
        let a = run(s.name, 7).to_jsonl(s.name);
        let b = run(s.name, 7).to_jsonl(s.name);
        assert_eq!(a, b, "{}", s.name);
    }
    let a = run("kubectl-run", 1).to_jsonl("x");
    let b = run("kubectl-run", 2).to_jsonl("x");
    assert_ne!(a, b, "ids come from the seed");
}

#[test]
fn s1_follows_the_reference() {
    let sim = run("kubectl-run", 1);
    let all = hops(&sim);
    in_order(
        "S1",
        &all,
        &[
            (
                "kubectl",
                "kube-apiserver",
                "POST /api/v1/namespaces/default/pods",
            ),
            ("kube-apiserver", "etcd", "KV/Txn"),
            (
                "kube-scheduler",
                "kube-apiserver",
                "POST /api/v1/namespaces/default/pods/nginx/binding",
            ),
            (
                "kubelet",
                "kube-apiserver",
                "GET /api/v1/pods?fieldSelector=spec.nodeName=",
            ),
            ("kubelet", "containerd/cri", "RunPodSandbox"),
            ("containerd/cri", "containerd/images", "Images.Get"),
            (
                "containerd/cri",
                "containerd/snapshotter",
                "Snapshots.Prepare",
            ),
            ("containerd/cri", "containerd", "Containers.Create"),
            ("containerd/cri", "kernel", "unshare"),
            ("containerd/cri", "cni", "ADD"),
            (
                "containerd/tasks",
                "containerd-shim-runc-v2",
                "containerd-shim-runc-v2",
            ),
            ("containerd/tasks", "containerd-shim-runc-v2", "Create"),
            ("containerd-shim-runc-v2", "runc", "create"),
            ("runc", "runc-init", "runc init"),
            ("runc-init", "kernel", "pivot_root"),
            (
                "containerd-shim-runc-v2",
                "containerd/events",
                "Events.Forward",
            ),
            ("containerd/tasks", "containerd-shim-runc-v2", "Wait"),
            ("containerd/tasks", "containerd-shim-runc-v2", "Start"),
            ("containerd-shim-runc-v2", "runc", "start"),
            ("runc-init", "kernel", "execve"),
            ("kubelet", "containerd/cri", "PodSandboxStatus"),
            ("kubelet", "containerd/cri", "ImageStatus"),
            ("kubelet", "containerd/cri", "PullImage"),
            ("kubelet", "containerd/cri", "CreateContainer"),
            ("kubelet", "containerd/cri", "StartContainer"),
            (
                "containerd/tasks",
                "containerd-shim-runc-v2",
                "containerd-shim-runc-v2",
            ),
            ("containerd/tasks", "containerd-shim-runc-v2", "Create"),
            ("containerd-shim-runc-v2", "runc", "create"),
            ("runc-init", "kernel", "setns"),
            ("containerd/tasks", "containerd-shim-runc-v2", "Wait"),
            ("containerd/tasks", "containerd-shim-runc-v2", "Start"),
            ("runc-init", "kernel", "execve"),
            ("kubelet", "containerd/cri", "ListPodSandbox"),
            ("kubelet", "containerd/cri", "ListContainers"),
            (
                "kubelet",
                "kube-apiserver",
                "PATCH /api/v1/namespaces/default/pods/nginx/status",
            ),
        ],
    );
    // The app container joins the pause container's namespaces by path: setns, not unshare.
    let create = all
        .iter()
        .rposition(|h| h.call == "create" && h.to.id() == "runc")
        .expect("second runc create");
    let joins: Vec<_> = all[create..]
        .iter()
        .take_while(|h| h.call != "execve")
        .filter(|h| h.call == "setns")
        .collect();
    assert!(
        joins.len() >= 3,
        "the app container must setns into net, ipc and uts"
    );
    // One shim for the pod: the second `start` finds the first shim.
    let shims: Vec<_> = all
        .iter()
        .filter(|h| h.call == "containerd-shim-runc-v2")
        .collect();
    assert_eq!(shims.len(), 2);
    assert!(common::note(shims[1]).contains("already"));
}

#[test]
fn s3_follows_the_reference() {
    let sim = run("docker-run-port", 1);
    let all = hops(&sim);
    in_order(
        "S3",
        &all,
        &[
            ("docker", "dockerd", "HEAD /_ping"),
            ("docker", "dockerd", "POST /v1.47/containers/create"),
            ("docker", "dockerd", "POST /v1.47/images/create?fromImage="),
            (
                "dockerd",
                "registry",
                "HEAD /v2/library/nginx/manifests/latest",
            ),
            ("docker", "dockerd", "POST /v1.47/containers/create"),
            ("docker", "dockerd", "POST /v1.47/containers/"),
            ("docker", "dockerd", "POST /v1.47/containers/"),
            ("dockerd", "containerd", "Containers.Create"),
            ("dockerd", "containerd/tasks", "Tasks.Create"),
            (
                "containerd/tasks",
                "containerd-shim-runc-v2",
                "containerd-shim-runc-v2",
            ),
            ("containerd-shim-runc-v2", "runc", "create"),
            ("dockerd", "docker-proxy", "docker-proxy"),
            ("dockerd", "containerd/tasks", "Tasks.Start"),
            ("containerd-shim-runc-v2", "runc", "start"),
            ("runc-init", "kernel", "execve"),
        ],
    );
    // Docker 26+: the network is wired after Tasks.Create (SetKey), not by a prestart hook.
    let create = all
        .iter()
        .position(|h| h.call.starts_with("Tasks.Create"))
        .unwrap();
    let proxy = all
        .iter()
        .position(|h| h.to.id() == "docker-proxy")
        .unwrap();
    assert!(create < proxy);
    assert!(!all.iter().any(|h| h.call.contains("libnetwork-setkey")));
}

#[test]
fn s9_follows_the_reference() {
    let sim = run("runc-run", 1);
    let all = hops(&sim);
    in_order(
        "S9",
        &all,
        &[
            ("user", "runc", "spec"),
            ("user", "runc", "run"),
            ("runc", "runc-init", "runc init"),
            ("runc-init", "kernel", "unshare"),
            ("runc-init", "kernel", "pivot_root"),
            ("runc-init", "kernel", "openat"),
            ("runc", "kernel", "openat"),
            ("runc-init", "kernel", "execve"),
            ("container", "kernel", "exit_group"),
            ("runc", "kernel", "wait4"),
            ("runc", "kernel", "rmdir"),
            ("user", "runc", "list"),
        ],
    );
    // runc spec's config makes every namespace new: no setns anywhere.
    assert!(!all.iter().any(|h| h.call == "setns"));
}

#[test]
fn golden_traces() {
    golden(&[
        "kubectl-run",
        "docker-run-port",
        "runc-run",
        "kubectl-run-kata",
        "kubectl-run-kata-crio",
    ]);
}

/// Issue 12, defect a: a pod container's `/etc/hostname`, `/etc/hosts`,
/// `/etc/resolv.conf` and `/dev/shm` come from its own sandbox's directories;
/// the sandbox id was once empty (`…/sandboxes//hostname`).
#[test]
fn pod_containers_mount_their_own_sandboxs_files() {
    for s in SCENARIOS {
        for runtime in [None, Some("containerd-2"), Some("cri-o")] {
            let mut config = s.config();
            if let Some(r) = runtime {
                match atlas_core::Config::from_words(
                    Some(&config.k8s.to_string()),
                    Some(r),
                    Some(config.oci.id()),
                ) {
                    Ok(c) => config = c,
                    Err(_) => continue,
                }
            }
            let mut sim = Sim::new(config, atlas_core::sim::DEFAULT_SEED);
            if sim.run_script(s.script).is_err() {
                continue;
            }
            let sandboxes: Vec<String> = sim
                .steps()
                .iter()
                .flat_map(|st| &st.hops)
                .flat_map(|h| &h.effects)
                .filter_map(|e| e.object.strip_prefix("sandbox/").map(str::to_string))
                .collect();
            for h in sim.steps().iter().flat_map(|st| &st.hops) {
                let Some(src) = h
                    .detail
                    .as_ref()
                    .and_then(|d| d.get("source"))
                    .and_then(|v| v.as_str())
                else {
                    continue;
                };
                if let Some(rest) = src.split("/sandboxes/").nth(1) {
                    let id = rest.split('/').next().unwrap_or("");
                    assert!(
                        sandboxes.iter().any(|s| id.starts_with(s.as_str())) && id.len() == 64,
                        "{} on {}: {src} names no sandbox of the run",
                        s.name,
                        runtime.unwrap_or("its own configuration")
                    );
                }
            }
        }
    }
}

/// Issue 12, defect f: kube-scheduler records its events through client-go's
/// events library (events.k8s.io/v1, with an action); the kubelet's recorder
/// still writes core/v1 Events.
#[test]
fn the_scheduler_posts_events_k8s_io_v1_and_the_kubelet_core_v1() {
    let sim = run("kubectl-run", atlas_core::sim::DEFAULT_SEED);
    let posts: Vec<&Hop> = hops(&sim)
        .into_iter()
        .filter(|h| h.call.starts_with("POST ") && h.call.ends_with("/events"))
        .collect();
    let scheduler: Vec<&&Hop> = posts
        .iter()
        .filter(|h| h.from == atlas_core::Component::KubeScheduler)
        .collect();
    assert_eq!(scheduler.len(), 1, "{posts:?}");
    assert_eq!(
        scheduler[0].call,
        "POST /apis/events.k8s.io/v1/namespaces/default/events"
    );
    let kubelet: Vec<&&Hop> = posts
        .iter()
        .filter(|h| h.from == atlas_core::Component::Kubelet)
        .collect();
    assert!(!kubelet.is_empty());
    assert!(kubelet
        .iter()
        .all(|h| h.call == "POST /api/v1/namespaces/default/events"));
}

/// Issue 12, defect h: `nerdctl -n k8s.io ps` lists the CRI plugin's
/// containers (namespace k8s.io), named as nerdctl names Kubernetes'
/// (`k8s://NAMESPACE/POD` for the sandbox, `…/CONTAINER` for a container);
/// `nerdctl ps` (namespace default) does not.
#[test]
fn nerdctl_lists_the_cri_plugins_containers_in_k8s_io() {
    let mut sim = Sim::new(atlas_core::Config::default(), atlas_core::sim::DEFAULT_SEED);
    sim.run_script("kubectl run nginx --image=nginx\nnerdctl -n k8s.io ps\nnerdctl ps\n")
        .expect("runs");
    let out = |i: usize| sim.steps()[i].record.stdout.clone();
    let k8s = out(1);
    assert!(k8s.contains("k8s://default/nginx/nginx"), "{k8s}");
    assert!(k8s.contains("k8s://default/nginx\n"), "{k8s}");
    // In containerd's listing order: by id (the store iterates by key).
    let ids: Vec<&str> = k8s
        .lines()
        .skip(1)
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    let mut sorted = ids.clone();
    sorted.sort_unstable();
    assert_eq!(ids, sorted, "{k8s}");
    assert!(k8s.contains("docker.io/library/nginx:latest"), "{k8s}");
    assert_eq!(k8s.lines().count(), 3, "{k8s}");
    let default = out(2);
    assert_eq!(default.lines().count(), 1, "only the header: {default}");
    let listed: Vec<String> = sim.steps()[1]
        .hops
        .iter()
        .filter_map(|h| {
            h.detail
                .as_ref()?
                .get("namespace")?
                .as_str()
                .map(String::from)
        })
        .collect();
    assert_eq!(listed, ["k8s.io", "k8s.io"]);
}

/// Issue 12, defect d: for `kubectl logs` the kubelet asks the runtime for
/// the container's status (its log path) before it reads the log file.
#[test]
fn kubectl_logs_asks_the_runtime_for_the_log_path_first() {
    for runtime in ["containerd", "cri-o"] {
        let config = atlas_core::Config::from_words(Some("1.28"), Some(runtime), None)
            .expect("a configuration");
        let s = scenario::find("kubectl-logs").expect("scenario");
        let mut sim = Sim::new(config, atlas_core::sim::DEFAULT_SEED);
        sim.run_script(s.script).expect("runs");
        let logs = sim
            .steps()
            .iter()
            .find(|st| st.record.command.starts_with("kubectl logs"))
            .expect("a kubectl logs step");
        let calls: Vec<&str> = logs
            .hops
            .iter()
            .filter(|h| h.from == atlas_core::Component::Kubelet)
            .map(|h| h.call.as_str())
            .collect();
        assert_eq!(calls, ["ContainerStatus", "openat"], "{runtime}");
    }
}

/// Issue 12, defect e: `kubectl get pods` (a list with no resourceVersion)
/// is read from etcd up to Kubernetes 1.30, and from the watch cache, after
/// asking etcd for its current revision, from 1.31 (ConsistentListFromCache
/// beta).
#[test]
fn a_list_is_read_from_etcd_before_1_31_and_from_the_watch_cache_after() {
    for (k8s, cache) in [
        ("1.28", false),
        ("1.30", false),
        ("1.31", true),
        ("1.34", true),
    ] {
        let config =
            atlas_core::Config::from_words(Some(k8s), Some("containerd"), None).expect("config");
        let mut sim = Sim::new(config, atlas_core::sim::DEFAULT_SEED);
        sim.run_script("kubectl get pods\n").expect("runs");
        let reads: Vec<&Hop> = sim.steps()[0]
            .hops
            .iter()
            .filter(|h| h.to == atlas_core::Component::Etcd)
            .collect();
        assert_eq!(reads.len(), 1, "{k8s}");
        assert_eq!(reads[0].call, "KV/Range");
        let detail = reads[0].detail.as_ref().expect("detail");
        assert_eq!(detail.get("limit").is_some(), cache, "{k8s}");
        assert_eq!(
            common::note(reads[0]).contains("watch cache"),
            cache,
            "{k8s}"
        );
    }
}

/// Issue 12, defect c: containerd 1.7's client.Pull (the CRI plugin's) waits
/// for the unpacker before it creates the image record; `ctr images pull`
/// records the image (Fetch) and unpacks after.
#[test]
fn the_cri_plugin_on_1_7_records_the_image_after_unpacking_it() {
    let order = |script: &str| -> (usize, usize) {
        let mut sim = Sim::new(atlas_core::Config::default(), atlas_core::sim::DEFAULT_SEED);
        sim.run_script(script).expect("runs");
        let calls: Vec<String> = sim
            .steps()
            .iter()
            .flat_map(|st| &st.hops)
            .map(|h| h.call.clone())
            .collect();
        let at = |c: &str| calls.iter().rposition(|x| x == c).expect(c);
        (at("Images.Create"), at("Snapshots.Commit"))
    };
    let (create, last_commit) = order("crictl pull nginx\n");
    assert!(
        create > last_commit,
        "CRI on 1.7: the record after the unpack"
    );
    let (create, last_commit) = order("ctr images pull docker.io/library/nginx:latest\n");
    assert!(create < last_commit, "ctr: the record before the unpack");
}

/// Issue 12, defect g: `oom-kill` used `kubectl run --limits`, which kubectl
/// removed in 1.24, so from 1.24 on it played one hop. It now sets the limit
/// through `--overrides` and is OOM-killed on every Kubernetes version.
#[test]
fn oom_kill_plays_on_every_kubernetes_version() {
    let s = scenario::find("oom-kill").expect("scenario");
    for minor in atlas_core::config::K8S_MIN..=atlas_core::config::K8S_MAX {
        let config = atlas_core::Config {
            k8s: atlas_core::K8sVersion(minor),
            ..s.config()
        };
        let mut sim = Sim::new(config, atlas_core::sim::DEFAULT_SEED);
        sim.run_script(s.script).expect("runs");
        assert_eq!(
            sim.steps()[0].record.exit,
            0,
            "1.{minor}: {}",
            sim.steps()[0].record.stderr
        );
        let oom = sim
            .steps()
            .iter()
            .flat_map(|st| &st.hops)
            .any(|h| common::note(h).contains("OOM"));
        assert!(oom, "1.{minor}: no OOM kill");
    }
}

/// Issue 12, defect g: a scenario plays on every configuration the app lets
/// you pick for it, or says why not before playing (`Scenario::runs_on`):
/// its first command never just fails on the node.
#[test]
fn every_scenario_plays_wherever_it_is_offered_or_says_why_not() {
    use atlas_core::{Config, K8sVersion, Oci, Runtime};
    for s in SCENARIOS {
        assert_eq!(s.runs_on(&s.config()), Ok(()), "{}", s.name);
        for minor in atlas_core::config::K8S_MIN..=atlas_core::config::K8S_MAX {
            for runtime in Runtime::ALL {
                for oci in [Oci::Runc, Oci::Crun] {
                    let c = Config {
                        k8s: K8sVersion(minor),
                        runtime,
                        oci,
                    };
                    if c.check().is_err() {
                        continue;
                    }
                    if let Err(why) = s.runs_on(&c) {
                        assert!(why.starts_with(s.name), "{why}");
                        continue;
                    }
                    let mut sim = Sim::new(c, atlas_core::sim::DEFAULT_SEED);
                    let line = s.script.lines().next().unwrap_or_default();
                    sim.run_script(line).expect("runs");
                    let first = &sim.steps()[0].record;
                    assert_eq!(
                        first.exit,
                        0,
                        "{} on 1.{minor} {} {}: {}",
                        s.name,
                        runtime.id(),
                        oci.id(),
                        first.stderr
                    );
                }
            }
        }
    }
}

/// Review (issue 12): containerd's CRI plugin deletes a task as soon as it
/// exits (`handleContainerExit` / `handleSandboxExit`: `task.Delete(…,
/// containerd.WithProcessKill)` before the status update), so the shim runs
/// `runc delete` after the exit; containerd 1.7 asks the pod's shim to shut
/// down after each Delete (`shimTask.delete`), which it ignores until the
/// sandbox's own task goes. `crictl rm` and `crictl rmp` then delete no task.
#[test]
fn the_cri_plugin_deletes_a_task_when_it_exits() {
    let sim = run("crictl-lifecycle", 1);
    let steps = sim.steps();
    let step = |cmd: &str| {
        steps
            .iter()
            .find(|s| s.record.command.starts_with(cmd))
            .unwrap_or_else(|| panic!("no step {cmd}"))
    };
    let stop: Vec<&Hop> = step("crictl stop ").hops.iter().collect();
    let got = in_order(
        "crictl stop",
        &stop,
        &[
            (
                "containerd-shim-runc-v2",
                "containerd/events",
                "Events.Forward",
            ),
            ("containerd/events", "containerd/cri", "TaskExit"),
            ("containerd/cri", "containerd/tasks", "Tasks.Delete"),
            ("containerd/tasks", "containerd-shim-runc-v2", "Delete"),
            ("containerd-shim-runc-v2", "runc", "delete"),
            (
                "containerd-shim-runc-v2",
                "containerd/events",
                "Events.Forward",
            ),
            ("containerd/tasks", "containerd-shim-runc-v2", "Shutdown"),
            ("containerd/cri", "containerd/cri", "Status.UpdateSync"),
        ],
    );
    // The pod's shim still serves the sandbox: it stays.
    assert!(got[6].effects.is_empty(), "{:?}", got[6]);
    let stopp: Vec<&Hop> = step("crictl stopp ").hops.iter().collect();
    let got = in_order(
        "crictl stopp",
        &stopp,
        &[
            ("containerd/events", "containerd/cri", "TaskExit"),
            ("containerd/tasks", "containerd-shim-runc-v2", "Delete"),
            ("containerd-shim-runc-v2", "runc", "delete"),
            ("containerd/tasks", "containerd-shim-runc-v2", "Shutdown"),
            ("containerd/cri", "containerd/cri", "Status.Update"),
            ("containerd/cri", "cni", "DEL"),
        ],
    );
    assert!(
        got[3].effects.iter().any(|e| e.to == "exited"),
        "{:?}",
        got[3]
    );
    for cmd in ["crictl rm ", "crictl rmp "] {
        let hops = &step(cmd).hops;
        assert!(
            hops.iter()
                .all(|h| h.call != "Tasks.Delete" && h.call != "delete"),
            "{cmd} deleted a task again: {hops:#?}"
        );
        assert!(hops.iter().any(|h| h.call == "Containers.Delete"));
    }
}
