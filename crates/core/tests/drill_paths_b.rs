//! D10, D11 and D16 judged by the checker (atlas_core::drill): a path other
//! than the reference solution passes (D16 with an InitConfiguration instead
//! of `--cri-socket`, D11 with `/run/cri-dockerd.sock` instead of
//! `/var/run/…`, D10 with `kubectl cordon` plus `drain`), and a wrong state
//! fails the right item (the annotation not updated, the node left
//! cordoned, the wrong socket given to kubeadm, runc's cgroup driver left
//! as it was).

use atlas_core::drill::{self, Drill, Verdict};
use atlas_core::sim::Sim;

fn drill(id: &str) -> Drill {
    drill::find(id).unwrap_or_else(|| panic!("{id} is embedded"))
}

/// The drill's node after `script`, and the checker's verdict on it.
fn attempt(id: &str, script: &str) -> Verdict {
    let d = drill(id);
    let mut s: Sim = d.start().expect("the broken node");
    s.run_script(script).expect("the script runs");
    d.check(&s)
}

/// The English names of the items that failed.
fn failed(v: &Verdict) -> Vec<String> {
    v.items
        .iter()
        .filter(|i| !i.pass)
        .map(|i| format!("{} (found {:?})", i.name.en, i.found))
        .collect()
}

fn only_fails(v: &Verdict, name: &str) {
    let f = failed(v);
    assert_eq!(f.len(), 1, "{f:#?}");
    assert!(f[0].starts_with(name), "{f:#?}");
}

#[test]
fn reference_solutions_pass_and_empty_attempts_fail() {
    for id in ["D10", "D11", "D16"] {
        let d = drill(id);
        let v = attempt(id, &d.solution.script);
        assert!(v.solved(), "{id}: {:#?}", failed(&v));
        let v = attempt(id, "");
        assert!(!v.solved(), "{id}: an empty attempt passes");
    }
}

#[test]
fn d16_with_an_init_configuration_passes() {
    let v = attempt(
        "D16",
        "cat > /root/kubeadm.yaml <<'EOF'
apiVersion: kubeadm.k8s.io/v1beta3
kind: InitConfiguration
nodeRegistration:
  criSocket: unix:///run/containerd/containerd.sock
EOF
kubeadm init --config /root/kubeadm.yaml
",
    );
    assert!(v.solved(), "{:#?}", failed(&v));
}

#[test]
fn d16_failing_preflight_leaves_no_control_plane() {
    // kubeadm without a choice, and with cri-dockerd's socket (nothing
    // answers CRI behind it on this node): preflight stops both.
    let v = attempt(
        "D16",
        "kubeadm init\nkubeadm init --cri-socket unix:///var/run/cri-dockerd.sock\n",
    );
    let f = failed(&v);
    assert!(
        f.iter().any(|x| x.starts_with("the control plane answers")),
        "{f:#?}"
    );
    assert_eq!(v.passed, 0, "{f:#?}");
}

#[test]
fn d11_with_the_run_path_passes() {
    let v = attempt(
        "D11",
        "kubectl drain node-1 --ignore-daemonsets
systemctl enable cri-docker.socket cri-docker.service
systemctl start cri-docker.socket
systemctl start cri-docker.service
sed -i 's|KUBELET_KUBEADM_ARGS=\"|KUBELET_KUBEADM_ARGS=\"--container-runtime=remote --container-runtime-endpoint=unix:///run/cri-dockerd.sock |' /var/lib/kubelet/kubeadm-flags.env
kubectl annotate node node-1 --overwrite kubeadm.alpha.kubernetes.io/cri-socket=/run/cri-dockerd.sock
systemctl restart kubelet
kubectl uncordon node-1
",
    );
    assert!(v.solved(), "{:#?}", failed(&v));
}

#[test]
fn d11_without_the_annotation_fails_that_item() {
    let v = attempt(
        "D11",
        "kubectl drain node-1 --ignore-daemonsets
systemctl enable --now cri-docker.socket cri-docker.service
sed -i 's|KUBELET_KUBEADM_ARGS=\"|KUBELET_KUBEADM_ARGS=\"--container-runtime=remote --container-runtime-endpoint=unix:///var/run/cri-dockerd.sock |' /var/lib/kubelet/kubeadm-flags.env
systemctl restart kubelet
kubectl uncordon node-1
",
    );
    only_fails(&v, "the node's cri-socket annotation");
}

#[test]
fn d10_left_cordoned_fails_that_item() {
    let d = drill("D10");
    let script = d.solution.script.replace("kubectl uncordon node-1\n", "");
    let v = attempt("D10", &script);
    only_fails(&v, "node-1 is uncordoned");
}

#[test]
fn d10_by_cordon_then_drain_passes() {
    let d = drill("D10");
    let script = d.solution.script.replace(
        "kubectl drain node-1 --ignore-daemonsets\n",
        "kubectl cordon node-1\nkubectl drain node-1 --ignore-daemonsets --delete-emptydir-data\n",
    );
    let v = attempt("D10", &script);
    assert!(v.solved(), "{:#?}", failed(&v));
}

#[test]
fn d10_without_systemd_cgroup_fails_that_item() {
    let d = drill("D10");
    let script = d.solution.script.replace("  SystemdCgroup = true\n", "");
    let v = attempt("D10", &script);
    only_fails(&v, "runc uses the systemd cgroup driver");
}

#[test]
fn d10_with_the_cri_plugin_still_disabled_fails() {
    // The kubelet flags and the annotation alone: containerd still runs
    // Docker's containerd.io config, so nothing answers CRI there and the
    // kubelet does not come up.
    let v = attempt(
        "D10",
        "kubectl drain node-1 --ignore-daemonsets
sed -i 's|KUBELET_KUBEADM_ARGS=\"|KUBELET_KUBEADM_ARGS=\"--container-runtime=remote --container-runtime-endpoint=unix:///run/containerd/containerd.sock |' /var/lib/kubelet/kubeadm-flags.env
kubectl annotate node node-1 --overwrite kubeadm.alpha.kubernetes.io/cri-socket=unix:///run/containerd/containerd.sock
systemctl restart kubelet
kubectl uncordon node-1
",
    );
    let f = failed(&v);
    assert!(
        f.iter()
            .any(|x| x.starts_with("the node reports containerd")),
        "{f:#?}"
    );
    assert!(
        f.iter().any(|x| x.starts_with("containerd answers CRI")),
        "{f:#?}"
    );
}

#[test]
fn d10_with_the_var_run_paths_passes() {
    let d = drill("D10");
    let script = d.solution.script.replace(
        "unix:///run/containerd/containerd.sock",
        "unix:///var/run/containerd/containerd.sock",
    );
    assert_ne!(script, d.solution.script);
    let v = attempt("D10", &script);
    assert!(v.solved(), "{:#?}", failed(&v));
}
