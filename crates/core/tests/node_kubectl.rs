//! kubectl's workload commands on a node (issue 15): apply -f from the node's
//! files and stdin, create deployment, scale, rollout status, set resources
//! (drill D02), -o jsonpath (drill D01), describe node, get nodes -o wide,
//! events; the Deployment and ReplicaSet controllers' hops on the topology.

use atlas_core::engine::World;
use atlas_core::node::{Io, Machine};
use atlas_core::Config;
use litemap::LiteMap;

fn world() -> World {
    World::new(Config::default(), 7)
}

/// Runs one command (argv) the way the shell does, with stdin.
fn run_in(w: &mut World, argv: &[&str], stdin: &str) -> (i32, String, String) {
    let env = LiteMap::new();
    let io = Io {
        stdin,
        env: &env,
        cwd: "/root",
    };
    let argv: Vec<String> = argv.iter().map(|s| s.to_string()).collect();
    let o = w.exec(&argv, &io).expect("a program");
    (o.exit, o.stdout, o.stderr)
}

fn run(w: &mut World, argv: &[&str]) -> (i32, String, String) {
    run_in(w, argv, "")
}

fn on_topology(w: &mut World) {
    let topo = w.topology().clone();
    for h in w.take_hops() {
        assert!(
            topo.has_edge(h.from, h.to, h.iface),
            "hop off the topology: {:?} → {:?} {}",
            h.from,
            h.to,
            h.call
        );
    }
}

fn shipped(name: &str) -> &'static str {
    atlas_core::engine::MANIFESTS
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, t)| *t)
        .expect("a shipped manifest")
}

#[test]
fn d01_apply_a_file_then_jsonpath_gives_the_last_exit_code() {
    let mut w = world();
    w.fs_mut()
        .put_file("/root/billing.yaml", shipped("billing-api.yaml"));
    let (code, out, err) = run(&mut w, &["kubectl", "apply", "-f", "billing.yaml"]);
    assert_eq!((code, err.as_str()), (0, ""));
    assert_eq!(out, "namespace/atlas created\npod/billing-api created\n");
    w.advance_to(60_000);
    let (code, out, _) = run(
        &mut w,
        &[
            "kubectl",
            "get",
            "po",
            "billing-api",
            "-n",
            "atlas",
            "-o",
            "jsonpath={.status.containerStatuses[?(@.name==\"app\")].lastState.terminated.exitCode}",
        ],
    );
    assert_eq!((code, out.as_str()), (0, "3"));
    let (_, out, _) = run(
        &mut w,
        &[
            "kubectl",
            "get",
            "po",
            "billing-api",
            "-n",
            "atlas",
            "-o",
            "jsonpath={.status.containerStatuses[*].restartCount}",
        ],
    );
    assert!(out.parse::<u32>().expect("a count") >= 2, "{out}");
    // On the node the container carries the manifest's name.
    let (code, out, _) = run(&mut w, &["crictl", "ps", "-a", "--name", "app"]);
    assert_eq!(code, 0);
    assert!(
        out.lines()
            .skip(1)
            .all(|l| l.contains(" app ") && l.ends_with("billing-api")),
        "{out}"
    );
    assert!(out.lines().count() >= 2, "{out}");
    let (_, out, _) = run(
        &mut w,
        &["kubectl", "describe", "po", "billing-api", "-n", "atlas"],
    );
    assert!(out.contains("Labels:           app=billing\n"), "{out}");
    assert!(out.contains("Containers:\n  app:\n"), "{out}");
    // The same file again changes nothing.
    let (_, out, _) = run(&mut w, &["kubectl", "apply", "-f", "/root/billing.yaml"]);
    assert_eq!(
        out,
        "namespace/atlas unchanged\npod/billing-api unchanged\n"
    );
    on_topology(&mut w);
}

#[test]
fn apply_reads_stdin_and_refuses_what_kubectl_refuses() {
    let mut w = world();
    let manifest = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 2\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n      - name: nginx\n        image: nginx:1.27\n";
    let (code, out, _) = run_in(&mut w, &["kubectl", "apply", "-f", "-"], manifest);
    assert_eq!((code, out.as_str()), (0, "deployment.apps/web created\n"));
    let (code, _, err) = run(&mut w, &["kubectl", "apply", "-f", "nothing.yaml"]);
    assert_eq!(
        (code, err.as_str()),
        (1, "error: the path \"nothing.yaml\" does not exist\n")
    );
    let (code, _, err) = run_in(&mut w, &["kubectl", "apply", "-f", "-"], "kind: Pod\n");
    assert_eq!(code, 1);
    assert!(err.contains("apiVersion not set"), "{err}");
    let (code, _, err) = run_in(
        &mut w,
        &["kubectl", "apply", "-f", "-"],
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n  namespace: nope\nspec:\n  containers:\n  - name: a\n    image: nginx\n",
    );
    assert_eq!(code, 1);
    assert!(err.contains("namespaces \"nope\" not found"), "{err}");
    let (code, _, err) = run_in(&mut w, &["kubectl", "apply", "-f", "-"], "# nothing\n---\n");
    assert_eq!(
        (code, err.as_str()),
        (1, "error: no objects passed to apply\n")
    );
    let (code, ..) = run(
        &mut w,
        &["kubectl", "apply", "-f", "https://example.com/x.yaml"],
    );
    assert_eq!(code, 1);
}

#[test]
fn create_deployment_scale_and_rollout_status() {
    let mut w = world();
    let (code, out, _) = run(
        &mut w,
        &[
            "kubectl",
            "create",
            "deployment",
            "web",
            "--image=nginx",
            "--replicas=3",
        ],
    );
    assert_eq!((code, out.as_str()), (0, "deployment.apps/web created\n"));
    let (code, out, err) = run(&mut w, &["kubectl", "rollout", "status", "deployment/web"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.ends_with("deployment \"web\" successfully rolled out\n"),
        "{out}"
    );
    let (_, out, _) = run(&mut w, &["kubectl", "get", "deploy"]);
    assert!(
        out.starts_with(
            "NAME   READY   UP-TO-DATE   AVAILABLE   AGE\nweb    3/3     3            3"
        ),
        "{out}"
    );
    let (_, out, _) = run(&mut w, &["kubectl", "get", "rs", "-o", "name"]);
    let rs = out.trim().to_string();
    assert!(rs.starts_with("replicaset.apps/web-"), "{rs}");
    let hash = rs.trim_start_matches("replicaset.apps/web-").to_string();
    assert!(!hash.is_empty() && hash.len() <= 10);
    let (_, out, _) = run(&mut w, &["kubectl", "get", "pods", "-o", "name"]);
    let pods: Vec<&str> = out.lines().collect();
    assert_eq!(pods.len(), 3, "{out}");
    for p in &pods {
        let suffix = p.trim_start_matches(&format!("pod/web-{hash}-"));
        assert_eq!(suffix.len(), 5, "{p}");
    }
    let (code, out, _) = run(
        &mut w,
        &["kubectl", "scale", "deployment", "web", "--replicas=1"],
    );
    assert_eq!((code, out.as_str()), (0, "deployment.apps/web scaled\n"));
    let (_, out, _) = run(&mut w, &["kubectl", "rollout", "status", "deploy/web"]);
    assert!(out.ends_with("successfully rolled out\n"), "{out}");
    w.advance_to(w.now_ms() + 60_000);
    let (_, out, _) = run(
        &mut w,
        &[
            "kubectl",
            "get",
            "pods",
            "--no-headers",
            "-o",
            "custom-columns=N:.metadata.name",
        ],
    );
    assert_eq!(out.lines().count(), 1, "{out}");
    let (_, out, _) = run(
        &mut w,
        &["kubectl", "get", "events", "--sort-by=.lastTimestamp"],
    );
    assert!(out.contains("ScalingReplicaSet"), "{out}");
    assert!(out.contains("SuccessfulCreate"), "{out}");
    assert!(out.contains("SuccessfulDelete"), "{out}");
    let (code, _, err) = run(
        &mut w,
        &["kubectl", "scale", "deployment", "nope", "--replicas=1"],
    );
    assert_eq!(
        (code, err.as_str()),
        (
            1,
            "Error from server (NotFound): deployments.apps \"nope\" not found\n"
        )
    );
    let (code, _, err) = run(
        &mut w,
        &["kubectl", "create", "deployment", "web", "--image=nginx"],
    );
    assert_eq!(code, 1);
    assert!(err.contains("already exists"), "{err}");
    on_topology(&mut w);
}

#[test]
fn a_deleted_pod_of_a_replicaset_is_replaced() {
    let mut w = world();
    run(
        &mut w,
        &[
            "kubectl",
            "create",
            "deployment",
            "web",
            "--image=nginx",
            "--replicas=2",
        ],
    );
    w.advance_to(w.now_ms() + 10_000);
    let (_, out, _) = run(&mut w, &["kubectl", "get", "pods", "-o", "name"]);
    let first = out
        .lines()
        .next()
        .expect("a pod")
        .trim_start_matches("pod/")
        .to_string();
    run(&mut w, &["kubectl", "delete", "pod", &first]);
    w.advance_to(w.now_ms() + 60_000);
    let (_, out, _) = run(&mut w, &["kubectl", "get", "pods", "-o", "name"]);
    assert_eq!(out.lines().count(), 2, "{out}");
    assert!(!out.contains(&first), "{out}");
}

#[test]
fn d02_set_resources_rolls_out_a_pod_that_stays_up() {
    let mut w = world();
    w.fs_mut()
        .put_file("/root/report.yaml", shipped("report-gen.yaml"));
    let (code, _, err) = run(&mut w, &["kubectl", "apply", "-f", "report.yaml"]);
    assert_eq!((code, err.as_str()), (0, ""));
    w.advance_to(w.now_ms() + 90_000);
    let (_, out, _) = run(
        &mut w,
        &["kubectl", "get", "pods", "-n", "batch", "-o", "jsonpath={.items[0].status.containerStatuses[0].lastState.terminated.reason} {.items[0].status.containerStatuses[0].lastState.terminated.exitCode}"],
    );
    let (_, all, _) = run(
        &mut w,
        &["kubectl", "get", "pods", "-n", "batch", "-o", "yaml"],
    );
    assert_eq!(out, "OOMKilled 137", "{all}");
    let (code, out, _) = run(
        &mut w,
        &[
            "kubectl",
            "set",
            "resources",
            "deploy",
            "report-gen",
            "-n",
            "batch",
            "--limits=memory=200Mi",
        ],
    );
    assert_eq!(
        (code, out.as_str()),
        (
            0,
            "deployment.apps/report-gen resource requirements updated\n"
        )
    );
    let (code, out, _) = run(
        &mut w,
        &[
            "kubectl",
            "rollout",
            "status",
            "deployment/report-gen",
            "-n",
            "batch",
        ],
    );
    assert_eq!(code, 0, "{out}");
    assert!(
        out.ends_with("deployment \"report-gen\" successfully rolled out\n"),
        "{out}"
    );
    w.advance_to(w.now_ms() + 120_000);
    let (_, out, _) = run(
        &mut w,
        &["kubectl", "get", "pods", "-n", "batch", "-o", "jsonpath={range .items[*]}{.metadata.name} {.status.phase} {.status.containerStatuses[0].restartCount} {.spec.containers[0].resources.limits.memory}{\"\\n\"}{end}"],
    );
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 1, "{out}");
    assert!(lines[0].ends_with(" Running 0 200Mi"), "{out}");
    let (_, out, _) = run(&mut w, &["kubectl", "get", "rs", "-n", "batch"]);
    assert_eq!(out.lines().count(), 3, "{out}");
    on_topology(&mut w);
}

#[test]
fn describe_node_and_get_nodes_wide() {
    let mut w = world();
    let (code, out, _) = run(&mut w, &["kubectl", "get", "nodes", "-o", "wide"]);
    assert_eq!(code, 0);
    let head = out.lines().next().expect("header");
    assert!(head.ends_with("CONTAINER-RUNTIME"), "{head}");
    assert!(out.contains("node-1 ") && out.contains(" Ready "), "{out}");
    assert!(
        out.trim_end().ends_with("containerd://2.1.4") || out.contains("containerd://"),
        "{out}"
    );
    let (code, out, _) = run(&mut w, &["kubectl", "describe", "node", "node-1"]);
    assert_eq!(code, 0);
    assert!(out.starts_with("Name:               node-1\n"), "{out}");
    assert!(out.contains("  Ready            True    "), "{out}");
    assert!(
        out.contains("  Container Runtime Version:  containerd://"),
        "{out}"
    );
    assert!(out.contains("Non-terminated Pods:"), "{out}");
    let (_, out, _) = run(
        &mut w,
        &[
            "kubectl",
            "get",
            "node",
            "node-1",
            "-o",
            "jsonpath={.status.nodeInfo.containerRuntimeVersion}",
        ],
    );
    assert!(out.starts_with("containerd://"), "{out}");
    let (_, out, _) = run(
        &mut w,
        &[
            "kubectl",
            "get",
            "node",
            "node-1",
            "-o",
            "jsonpath={.metadata.annotations.kubeadm\\.alpha\\.kubernetes\\.io/cri-socket}",
        ],
    );
    assert_eq!(out, "unix:///var/run/containerd/containerd.sock");
    let (code, _, err) = run(&mut w, &["kubectl", "describe", "node", "node01"]);
    assert_eq!(
        (code, err.as_str()),
        (
            1,
            "Error from server (NotFound): nodes \"node01\" not found\n"
        )
    );
    let (_, out, _) = run(&mut w, &["kubectl", "get", "nodes", "-o", "yaml"]);
    assert!(
        out.starts_with("apiVersion: v1\nitems:\n- apiVersion: v1\n  kind: Node\n"),
        "{out}"
    );
    on_topology(&mut w);
}

#[test]
fn the_kubectl_catalogs_say_the_same_things() {
    let en = include_str!("../i18n/en/kubectl.ftl");
    let ko = include_str!("../i18n/ko/kubectl.ftl");
    let issues = atlas_core::message::compare(en, atlas_core::Lang::Ko, ko).expect("both parse");
    assert!(issues.is_empty(), "{issues:?}");
    let ko_cat = atlas_core::Catalog::builtin(atlas_core::Lang::Ko);
    let said = ko_cat.render(&atlas_core::msg!(
        "kubectl-ctrl-pod-create",
        replicaset = "web-65f989677",
        pod = "web-65f989677-94tr2"
    ));
    assert!(said.starts_with("레플리카셋 컨트롤러가"), "{said}");
}

#[test]
fn every_shipped_manifest_applies() {
    let mut w = world();
    for (name, text) in atlas_core::engine::MANIFESTS {
        w.fs_mut()
            .put_file(&format!("/root/manifests/{name}"), text);
    }
    let (code, out, err) = run(&mut w, &["kubectl", "apply", "-f", "manifests/"]);
    assert_eq!((code, err.as_str()), (0, ""), "{out}");
    assert_eq!(
        out,
        "namespace/atlas created\npod/billing-api created\nnamespace/shop created\nconfigmap/shop-settings created\nnamespace/batch created\ndeployment.apps/report-gen created\ndeployment.apps/web created\n"
    );
    on_topology(&mut w);
}

#[test]
fn delete_deployment_cascades_and_apply_warns_on_unannotated_objects() {
    let mut w = world();
    run(
        &mut w,
        &[
            "kubectl",
            "create",
            "deployment",
            "web",
            "--image=nginx",
            "--replicas=2",
        ],
    );
    w.advance_to(w.now_ms() + 20_000);
    let (code, out, err) = run_in(
        &mut w,
        &["kubectl", "apply", "-f", "-"],
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 2\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n      - name: nginx\n        image: nginx\n",
    );
    assert_eq!(
        (code, out.as_str()),
        (0, "deployment.apps/web configured\n")
    );
    assert!(err.starts_with("Warning: resource deployments/web is missing the kubectl.kubernetes.io/last-applied-configuration annotation"), "{err}");
    let (code, out, _) = run(&mut w, &["kubectl", "delete", "deployment", "web"]);
    assert_eq!(
        (code, out.as_str()),
        (0, "deployment.apps \"web\" deleted\n")
    );
    w.advance_to(w.now_ms() + 60_000);
    let (_, _, err) = run(&mut w, &["kubectl", "get", "pods"]);
    assert_eq!(err, "No resources found in default namespace.\n");
    let (_, _, err) = run(&mut w, &["kubectl", "get", "rs"]);
    assert_eq!(err, "No resources found in default namespace.\n");
    on_topology(&mut w);
}

#[test]
fn d02_describe_by_label_shows_the_oom_kill() {
    let mut w = world();
    w.fs_mut()
        .put_file("/root/report.yaml", shipped("report-gen.yaml"));
    run(&mut w, &["kubectl", "apply", "-f", "report.yaml"]);
    w.advance_to(w.now_ms() + 90_000);
    let (code, out, _) = run(
        &mut w,
        &[
            "kubectl",
            "describe",
            "po",
            "-n",
            "batch",
            "-l",
            "app=report-gen",
        ],
    );
    assert_eq!(code, 0);
    assert!(out.contains("    Last State:     Terminated\n      Reason:       OOMKilled\n      Exit Code:    137\n"), "{out}");
    assert!(
        out.contains("Labels:           app=report-gen\n                  pod-template-hash="),
        "{out}"
    );
    let (_, out, _) = run(
        &mut w,
        &[
            "kubectl",
            "get",
            "pods",
            "-n",
            "batch",
            "-l",
            "app=report-gen",
        ],
    );
    assert_eq!(out.lines().count(), 2, "{out}");
    let (_, _, err) = run(
        &mut w,
        &["kubectl", "get", "pods", "-n", "batch", "-l", "app=other"],
    );
    assert_eq!(err, "No resources found in batch namespace.\n");
    let (_, out, _) = run(
        &mut w,
        &[
            "kubectl", "get", "deploy", "-n", "batch", "-l", "app!=x", "-o", "name",
        ],
    );
    assert_eq!(out, "deployment.apps/report-gen\n");
}

/// D01's container: `sh -c 'sleep 2; exit 3'` exits with 3 after its sleep.
#[test]
fn d01_a_container_that_sleeps_then_exits_reports_its_code() {
    let mut w = world();
    w.fs_mut().put_file(
        "/root/p.yaml",
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: billing-api\nspec:\n  containers:\n  - name: app\n    image: busybox:1.36\n    command: [\"sh\", \"-c\", \"sleep 2; exit 3\"]\n",
    );
    let (code, _, err) = run(&mut w, &["kubectl", "apply", "-f", "p.yaml"]);
    assert_eq!((code, err.as_str()), (0, ""));
    w.advance_to(w.now_ms() + 60_000);
    let (_, out, _) = run(
        &mut w,
        &[
            "kubectl",
            "get",
            "po",
            "billing-api",
            "-o",
            "jsonpath={.status.containerStatuses[0].lastState.terminated.exitCode} {.status.containerStatuses[0].state.waiting.reason}",
        ],
    );
    assert_eq!(out, "3 CrashLoopBackOff");
    on_topology(&mut w);
}

/// D09: `imagePullPolicy: Never` with the image only in ctr's `default`
/// namespace: ErrImageNeverPull, and the pod starts once the image is in
/// `k8s.io` (the pod worker retries after 10 s).
#[test]
fn d09_pull_policy_never_waits_for_the_image_in_k8s_io() {
    let mut w = world();
    let (code, _, _) = run(
        &mut w,
        &[
            "ctr",
            "images",
            "pull",
            "docker.io/library/redis:7.2-alpine",
        ],
    );
    assert_eq!(code, 0);
    w.fs_mut().put_file(
        "/root/cache.yaml",
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: cache\nspec:\n  containers:\n  - name: redis\n    image: docker.io/library/redis:7.2-alpine\n    imagePullPolicy: Never\n",
    );
    let (code, _, err) = run(&mut w, &["kubectl", "apply", "-f", "cache.yaml"]);
    assert_eq!((code, err.as_str()), (0, ""));
    w.advance_to(w.now_ms() + 30_000);
    let (_, out, _) = run(&mut w, &["kubectl", "get", "po", "cache"]);
    assert!(out.contains(" ErrImageNeverPull "), "{out}");
    let (_, out, _) = run(&mut w, &["kubectl", "describe", "po", "cache"]);
    assert!(
        out.contains("Container image \"docker.io/library/redis:7.2-alpine\" is not present with pull policy of Never"),
        "{out}"
    );
    assert!(out.contains("Error: ErrImageNeverPull"), "{out}");
    assert!(!out.contains("Pulling image"), "{out}");
    let (_, out, _) = run(
        &mut w,
        &[
            "kubectl",
            "get",
            "po",
            "cache",
            "-o",
            "jsonpath={.spec.containers[0].imagePullPolicy}",
        ],
    );
    assert_eq!(out, "Never");
    let (code, _, _) = run(
        &mut w,
        &[
            "ctr",
            "-n",
            "k8s.io",
            "images",
            "pull",
            "docker.io/library/redis:7.2-alpine",
        ],
    );
    assert_eq!(code, 0);
    w.advance_to(w.now_ms() + 20_000);
    let (_, out, _) = run(&mut w, &["kubectl", "get", "po", "cache"]);
    assert!(out.contains(" Running "), "{out}");
    on_topology(&mut w);
}

/// D02's other path: `kubectl get -o yaml` saved, edited and applied back
/// (kubectl writes a list at its key's own column: `args:` then `- …`).
#[test]
fn d02_get_o_yaml_edited_and_applied_back() {
    let mut w = world();
    w.fs_mut()
        .put_file("/root/report.yaml", shipped("report-gen.yaml"));
    run(&mut w, &["kubectl", "apply", "-f", "report.yaml"]);
    w.advance_to(w.now_ms() + 30_000);
    let (code, yaml, _) = run(
        &mut w,
        &[
            "kubectl",
            "get",
            "deploy",
            "report-gen",
            "-n",
            "batch",
            "-o",
            "yaml",
        ],
    );
    assert_eq!(code, 0);
    assert!(yaml.contains("      - args:\n        - --vm\n"), "{yaml}");
    w.fs_mut().put_file(
        "/root/d.yaml",
        yaml.replace("memory: 64Mi", "memory: 200Mi"),
    );
    let (code, out, err) = run(&mut w, &["kubectl", "apply", "-f", "d.yaml"]);
    assert_eq!((code, err.as_str()), (0, ""), "{out}");
    assert_eq!(out, "deployment.apps/report-gen configured\n");
    w.advance_to(w.now_ms() + 120_000);
    let (_, out, _) = run(
        &mut w,
        &["kubectl", "get", "pods", "-n", "batch", "-o", "jsonpath={range .items[*]}{.status.phase} {.status.containerStatuses[0].restartCount} {.spec.containers[0].resources.limits.memory}{\"\\n\"}{end}"],
    );
    assert_eq!(out, "Running 0 200Mi\n");
    on_topology(&mut w);
}

/// `kubectl create namespace` (a candidate's first step for D06/D09-style
/// set-ups): created once, AlreadyExists after, and usable with `-n`.
#[test]
fn create_namespace_then_run_a_pod_in_it() {
    let mut w = world();
    let (code, out, _) = run(&mut w, &["kubectl", "create", "namespace", "shop"]);
    assert_eq!((code, out.as_str()), (0, "namespace/shop created\n"));
    let (code, _, err) = run(&mut w, &["kubectl", "create", "ns", "shop"]);
    assert_eq!(
        (code, err.as_str()),
        (
            1,
            "Error from server (AlreadyExists): namespaces \"shop\" already exists\n"
        )
    );
    let (code, _, err) = run(&mut w, &["kubectl", "create", "namespace"]);
    assert_eq!(code, 1);
    assert!(
        err.starts_with("error: exactly one NAME is required, got 0\n"),
        "{err}"
    );
    let (code, out, _) = run(
        &mut w,
        &["kubectl", "run", "web-0", "--image=nginx", "-n", "shop"],
    );
    assert_eq!((code, out.as_str()), (0, "pod/web-0 created\n"));
    let (_, out, _) = run(&mut w, &["kubectl", "get", "ns"]);
    assert_eq!(
        out,
        "NAME              STATUS   AGE\ndefault           Active   12d\nkube-node-lease   Active   12d\nkube-public       Active   12d\nkube-system       Active   12d\nshop              Active   3s\n"
    );
    on_topology(&mut w);
}
