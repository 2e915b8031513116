//! kubeadm on the simulated node (CKA-DRILLS.md §A4 D16) and the runtime
//! migrations of a v1.23 dockershim node (D10: to containerd, D11: to
//! cri-dockerd): kubeadm's own words (cmd/kubeadm/app/util/runtime's CRI
//! socket detection, its preflight), the files it writes, the Node object's
//! annotation and schedulability through kubectl.

use atlas_core::node::fault::Fault;
use atlas_core::sim::Sim;

mod common;
use common::typed::{node, ok, run};

const ANNOTATION: &str =
    "kubectl get node node-1 -o jsonpath='{.metadata.annotations.kubeadm\\.alpha\\.kubernetes\\.io/cri-socket}'";

/// D16's node: kubeadm has not run; containerd's and cri-dockerd's sockets.
fn d16() -> Sim {
    let mut s = node("1.28", "containerd-1.7");
    s.inject(&Fault::ResetKubeadm {}).expect("reset");
    s.inject(&Fault::Socket("/run/cri-dockerd.sock".into()))
        .expect("socket");
    s
}

#[test]
fn kubeadm_finds_two_cri_sockets() {
    let mut s = d16();
    let (exit, out, err) = run(&mut s, "kubectl get nodes");
    assert_eq!(exit, 1);
    assert_eq!(out, "");
    assert_eq!(
        err,
        "The connection to the server localhost:8080 was refused - did you specify the right host or port?\n"
    );
    let (exit, out, err) = run(&mut s, "kubeadm init");
    assert_eq!((exit, out.as_str()), (1, ""));
    assert_eq!(err, "Found multiple CRI endpoints on the host. Please define which one do you wish to use by setting the 'criSocket' field in the kubeadm configuration file: unix:///var/run/containerd/containerd.sock, unix:///var/run/cri-dockerd.sock\nTo see the stack trace of this error execute with --v=5 or higher\n");
    assert!(!s.world().fs().exists("/var/lib/kubelet/kubeadm-flags.env"));
}

#[test]
fn kubeadm_init_with_the_cri_socket_flag() {
    let mut s = d16();
    let out = ok(
        &mut s,
        "kubeadm init --cri-socket unix:///var/run/containerd/containerd.sock",
    );
    assert!(
        out.starts_with(
            "[init] Using Kubernetes version: v1.28.4\n[preflight] Running pre-flight checks\n"
        ),
        "{out}"
    );
    assert!(out.contains("[kubelet-start] Writing kubelet environment file with flags to file \"/var/lib/kubelet/kubeadm-flags.env\"\n"));
    assert!(out.contains("\nYour Kubernetes control-plane has initialized successfully!\n"));
    assert_eq!(
        ok(&mut s, "cat /var/lib/kubelet/kubeadm-flags.env"),
        "KUBELET_KUBEADM_ARGS=\"--container-runtime-endpoint=unix:///var/run/containerd/containerd.sock --pod-infra-container-image=registry.k8s.io/pause:3.9\"\n"
    );
    assert_eq!(ok(&mut s, "systemctl is-active kubelet"), "active\n");
    assert_eq!(
        ok(&mut s, ANNOTATION),
        "unix:///var/run/containerd/containerd.sock"
    );
    assert!(ok(&mut s, "kubectl get nodes -o wide").contains("containerd://1.7.27"));
    assert!(s
        .world()
        .fs()
        .exists("/etc/kubernetes/manifests/kube-apiserver.yaml"));
    // A second init meets the control plane it made.
    let (exit, out, err) = run(
        &mut s,
        "kubeadm init --cri-socket unix:///var/run/containerd/containerd.sock",
    );
    assert_eq!(exit, 1);
    assert_eq!(
        out,
        "[init] Using Kubernetes version: v1.28.4\n[preflight] Running pre-flight checks\n"
    );
    assert!(err.starts_with("error execution phase preflight: [preflight] Some fatal errors occurred:\n\t[ERROR Port-6443]: Port 6443 is in use\n"), "{err}");
    assert!(err.contains("\t[ERROR FileAvailable--etc-kubernetes-manifests-kube-apiserver.yaml]: /etc/kubernetes/manifests/kube-apiserver.yaml already exists\n"));
    assert!(err.ends_with("[preflight] If you know what you are doing, you can make a check non-fatal with `--ignore-preflight-errors=...`\nTo see the stack trace of this error execute with --v=5 or higher\n"));
}

#[test]
fn kubeadm_init_with_an_init_configuration() {
    let mut s = d16();
    ok(
        &mut s,
        "cat > kubeadm.yaml <<'EOF'\napiVersion: kubeadm.k8s.io/v1beta3\nkind: InitConfiguration\nnodeRegistration:\n  criSocket: unix:///run/containerd/containerd.sock\n---\napiVersion: kubeadm.k8s.io/v1beta3\nkind: ClusterConfiguration\nkubernetesVersion: v1.28.4\nEOF",
    );
    let (exit, _, err) = run(
        &mut s,
        "kubeadm init --config kubeadm.yaml --cri-socket unix:///run/containerd/containerd.sock",
    );
    assert_eq!(exit, 1);
    assert_eq!(err, "can not mix '--config' with arguments [cri-socket]\nTo see the stack trace of this error execute with --v=5 or higher\n");
    ok(&mut s, "kubeadm init --config kubeadm.yaml");
    assert_eq!(
        ok(&mut s, ANNOTATION),
        "unix:///run/containerd/containerd.sock"
    );
    assert!(ok(&mut s, "cat /var/lib/kubelet/kubeadm-flags.env")
        .contains("--container-runtime-endpoint=unix:///run/containerd/containerd.sock "));
    assert_eq!(ok(&mut s, "systemctl is-active kubelet"), "active\n");
}

#[test]
fn cordon_uncordon_annotate() {
    let mut s = node("1.28", "containerd-1.7");
    assert_eq!(
        ok(&mut s, "kubectl cordon node-1"),
        "node/node-1 cordoned\n"
    );
    assert_eq!(
        ok(&mut s, "kubectl cordon node-1"),
        "node/node-1 already cordoned\n"
    );
    assert!(ok(&mut s, "kubectl get nodes").contains("Ready,SchedulingDisabled"));
    assert_eq!(
        ok(
            &mut s,
            "kubectl get node node-1 -o jsonpath='{.spec.unschedulable}'"
        ),
        "true"
    );
    assert_eq!(
        ok(&mut s, "kubectl uncordon node-1"),
        "node/node-1 uncordoned\n"
    );
    let (exit, _, err) = run(&mut s, "kubectl cordon node01");
    assert_eq!(
        (exit, err.as_str()),
        (
            1,
            "Error from server (NotFound): nodes \"node01\" not found\n"
        )
    );
    assert_eq!(
        ok(&mut s, "kubectl annotate node node-1 example.com/x=1"),
        "node/node-1 annotated\n"
    );
    assert!(ok(&mut s, "kubectl describe node node-1").contains("example.com/x: 1\n"));
}

/// D10: dockershim → containerd on v1.23.
#[test]
fn d10_dockershim_to_containerd() {
    let mut s = node("1.23", "dockershim");
    assert!(ok(&mut s, "kubectl get nodes -o wide").contains("docker://27.5.1"));
    assert_eq!(ok(&mut s, ANNOTATION), "/var/run/dockershim.sock");
    assert_eq!(
        ok(&mut s, "kubectl drain node-1 --ignore-daemonsets"),
        "node/node-1 cordoned\nnode/node-1 drained\n"
    );
    ok(&mut s, "systemctl stop kubelet");
    run(
        &mut s,
        "systemctl disable --now docker.service docker.socket",
    );
    // The flags alone, with containerd's CRI plugin still disabled: the
    // kubelet meets Docker's containerd.io config.
    ok(&mut s, "echo 'KUBELET_KUBEADM_ARGS=\"--container-runtime=remote --container-runtime-endpoint=unix:///run/containerd/containerd.sock --pod-infra-container-image=k8s.gcr.io/pause:3.6\"' > /var/lib/kubelet/kubeadm-flags.env");
    ok(&mut s, "systemctl start kubelet");
    ok(&mut s, "sleep 5");
    assert_ne!(
        ok(&mut s, "systemctl is-active kubelet || true"),
        "active\n"
    );
    assert!(ok(&mut s, "kubectl get nodes -o wide").contains("docker://"));
    // Enable the CRI plugin with the systemd cgroup driver.
    ok(&mut s, "cat > /etc/containerd/config.toml <<'EOF'\nversion = 2\n[plugins.\"io.containerd.grpc.v1.cri\".containerd.runtimes.runc]\n  runtime_type = \"io.containerd.runc.v2\"\n[plugins.\"io.containerd.grpc.v1.cri\".containerd.runtimes.runc.options]\n  SystemdCgroup = true\nEOF");
    ok(&mut s, "systemctl restart containerd");
    ok(&mut s, "systemctl restart kubelet");
    assert_eq!(ok(&mut s, "systemctl is-active kubelet"), "active\n");
    let wide = ok(&mut s, "kubectl get nodes -o wide");
    assert!(wide.contains("Ready,SchedulingDisabled"), "{wide}");
    assert!(wide.contains("containerd://1.7.27"), "{wide}");
    ok(&mut s, "kubectl annotate node node-1 --overwrite kubeadm.alpha.kubernetes.io/cri-socket=unix:///run/containerd/containerd.sock");
    assert_eq!(
        ok(&mut s, ANNOTATION),
        "unix:///run/containerd/containerd.sock"
    );
    ok(&mut s, "kubectl uncordon node-1");
    assert!(ok(&mut s, "kubectl get nodes").contains(" Ready "));
}

/// D11: dockershim → cri-dockerd on v1.23.
#[test]
fn d11_dockershim_to_cri_dockerd() {
    let mut s = node("1.23", "dockershim");
    s.put_deb(
        "/root/cri-dockerd_0.3.9.3-0.ubuntu-jammy_amd64.deb",
        "cri-dockerd",
        "0.3.9.3-0",
    );
    s.setup("dpkg -i /root/cri-dockerd_0.3.9.3-0.ubuntu-jammy_amd64.deb\n")
        .expect("setup");
    ok(&mut s, "kubectl cordon node-1");
    ok(
        &mut s,
        "systemctl enable --now cri-docker.socket cri-docker.service",
    );
    ok(&mut s, "sed -i 's|KUBELET_KUBEADM_ARGS=\"|KUBELET_KUBEADM_ARGS=\"--container-runtime=remote --container-runtime-endpoint=unix:///run/cri-dockerd.sock |' /var/lib/kubelet/kubeadm-flags.env");
    ok(&mut s, "kubectl annotate node node-1 --overwrite kubeadm.alpha.kubernetes.io/cri-socket=unix:///var/run/cri-dockerd.sock");
    ok(&mut s, "systemctl restart kubelet");
    assert_eq!(ok(&mut s, "systemctl is-active kubelet"), "active\n");
    assert!(ok(&mut s, "kubectl get nodes -o wide").contains("docker://27.5.1"));
    ok(&mut s, "kubectl uncordon node-1");
    assert_eq!(
        ok(
            &mut s,
            "systemctl is-active cri-docker.socket cri-docker.service"
        ),
        "active\nactive\n"
    );
    assert_eq!(s.world().config().runtime.id(), "cri-dockerd");
}

/// A drained node: the ReplicaSet's new Pod waits Pending with the
/// scheduler's FailedScheduling event until the node is uncordoned.
#[test]
fn drain_evicts_and_uncordon_schedules_again() {
    let mut s = node("1.28", "containerd-1.7");
    ok(&mut s, "kubectl create deployment api --image=nginx");
    ok(&mut s, "sleep 10");
    let out = ok(&mut s, "kubectl drain node-1 --ignore-daemonsets");
    assert!(
        out.starts_with("node/node-1 cordoned\nevicting pod default/api-"),
        "{out}"
    );
    assert!(out.ends_with(" evicted\nnode/node-1 drained\n"), "{out}");
    ok(&mut s, "sleep 10");
    let pods = ok(&mut s, "kubectl get pods");
    assert!(pods.contains(" Pending "), "{pods}");
    let name = ok(&mut s, "kubectl get pods -o name");
    let d = ok(
        &mut s,
        &format!(
            "kubectl describe pod {}",
            name.trim().trim_start_matches("pod/")
        ),
    );
    assert!(d.contains("FailedScheduling"), "{d}");
    assert!(
        d.contains("0/1 nodes are available: 1 node(s) were unschedulable."),
        "{d}"
    );
    ok(&mut s, "kubectl uncordon node-1");
    ok(&mut s, "sleep 10");
    assert!(ok(&mut s, "kubectl get pods").contains(" Running "));
    // A bare Pod needs --force.
    ok(&mut s, "kubectl run web --image=nginx");
    let (exit, out, err) = run(&mut s, "kubectl drain node-1");
    assert_eq!(exit, 1);
    assert_eq!(out, "node/node-1 cordoned\n");
    assert!(
        err.contains(
            "cannot delete Pods that declare no controller (use --force to override): default/web"
        ),
        "{err}"
    );
}

/// kubeadm's CRI check on a socket nothing serves CRI behind (v1.28's
/// words: it quotes `crictl -r ENDPOINT info`).
#[test]
fn kubeadm_preflight_cri_not_running() {
    let mut s = d16();
    let (exit, out, err) = run(
        &mut s,
        "kubeadm init --cri-socket unix:///var/run/cri-dockerd.sock",
    );
    assert_eq!(exit, 1);
    assert_eq!(
        out,
        "[init] Using Kubernetes version: v1.28.4\n[preflight] Running pre-flight checks\n"
    );
    let first = err.lines().nth(1).unwrap_or_default();
    assert!(
        first.starts_with("\t[ERROR CRI]: container runtime is not running: output: time=\""),
        "{err}"
    );
    assert!(first.ends_with(" level=fatal msg=\"validate service connection: CRI v1 runtime API is not implemented for endpoint \\\"unix:///var/run/cri-dockerd.sock\\\": rpc error: code = Unimplemented desc = unknown service runtime.v1.RuntimeService\""), "{err}");
    assert_eq!(err.lines().nth(2), Some(", error: exit status 1"));
}
