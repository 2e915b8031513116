//! Drills D01, D02, D05, D06, D09, D12, D14, D15, D18 (DRILLS-A): each
//! solved by another command path than its reference solution where the
//! task allows (the checker judges the node's state, never the commands);
//! collateral damage failing its item; a live-only fix failing its
//! after-reboot item; and the right words typed in the wrong state failing.

use atlas_core::drill::{self, Drill, Verdict};

const MINE: [&str; 9] = [
    "D01", "D02", "D05", "D06", "D09", "D12", "D14", "D15", "D18",
];

fn drill(id: &str) -> Drill {
    drill::find(id).unwrap_or_else(|| panic!("drill {id} is embedded"))
}

/// The broken node, then `script` typed into it, then Check.
fn attempt(id: &str, script: &str) -> Verdict {
    let d = drill(id);
    let mut sim = d.start().expect("the drill starts");
    sim.run_script(script).expect("the script runs");
    d.check(&sim)
}

/// The item whose English name starts with `name`.
fn item<'a>(v: &'a Verdict, name: &str) -> &'a drill::ItemVerdict {
    v.items
        .iter()
        .find(|i| i.name.en.starts_with(name))
        .unwrap_or_else(|| panic!("no item {name:?} in {v:#?}"))
}

fn all_pass(id: &str, v: &Verdict) {
    assert!(
        v.items.iter().all(|i| i.pass),
        "{id}: {}",
        v.items
            .iter()
            .filter(|i| !i.pass)
            .map(|i| format!("✗ {} (found: {:?})", i.name.en, i.found))
            .collect::<Vec<_>>()
            .join("; ")
    );
    assert_eq!(v.passed, v.total);
}

#[test]
fn every_drill_of_mine_is_solved_by_its_solution_and_not_by_nothing() {
    for id in MINE {
        let d = drill(id);
        let solved = d.solved().expect("the solution runs");
        all_pass(id, &d.check(&solved));
        let v = attempt(id, "");
        assert!(v.passed < v.total, "{id}: an empty attempt passes");
    }
}

#[test]
fn d01_by_crictl_inspect_on_the_node() {
    let v = attempt(
        "D01",
        "mkdir -p /opt/course/01\ncrictl ps -a --name app -o json | jq -r '.containers[0].metadata.name' > /opt/course/01/container.txt\ncrictl inspect $(crictl ps -a --name app -q | head -1) | jq -r .status.exitCode > /opt/course/01/exit-code.txt\n",
    );
    all_pass("D01", &v);
    // Deleting and re-creating the Pod is modifying it.
    let v = attempt(
        "D01",
        "mkdir -p /opt/course/01; echo app > /opt/course/01/container.txt; echo 3 > /opt/course/01/exit-code.txt\nkubectl delete po billing-api -n atlas --force\nkubectl run billing-api -n atlas --image=busybox:1.36 -- sh -c 'sleep 2; exit 3'\n",
    );
    assert!(!item(&v, "Pod billing-api is the same Pod").pass, "{v:#?}");
}

#[test]
fn d02_by_apply_of_an_edited_manifest_and_a_changed_command_fails() {
    let edited = "cat <<EOF | kubectl apply -f -\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: report-gen\n  namespace: batch\nspec:\n  replicas: 1\n  selector:\n    matchLabels:\n      app: report-gen\n  template:\n    metadata:\n      labels:\n        app: report-gen\n    spec:\n      containers:\n      - name: report\n        image: polinux/stress\n        command: [\"stress\"]\n        args: [\"--vm\", \"1\", \"--vm-bytes\", \"150M\", \"--vm-hang\", \"1\"]\n        resources:\n          limits:\n            memory: 256Mi\nEOF\n";
    let v = attempt(
        "D02",
        &format!(
            "mkdir -p /opt/course/02\nkubectl get po -n batch -o jsonpath='{{.items[0].status.containerStatuses[0].lastState.terminated.reason}}' > /opt/course/02/reason.txt\n{edited}"
        ),
    );
    all_pass("D02", &v);
    // A smaller allocation instead of a higher limit: the command changed.
    let v = attempt(
        "D02",
        &format!(
            "mkdir -p /opt/course/02; echo OOMKilled > /opt/course/02/reason.txt\n{}",
            edited
                .replace("150M", "32M")
                .replace("memory: 256Mi", "memory: 64Mi")
        ),
    );
    assert!(!item(&v, "image and command unchanged").pass, "{v:#?}");
    assert!(!item(&v, "the template's memory limit").pass, "{v:#?}");
}

#[test]
fn d02_by_get_o_yaml_sed_and_apply() {
    let v = attempt(
        "D02",
        "mkdir -p /opt/course/02\nkubectl describe po -n batch -l app=report-gen | grep -A1 'Last State' | awk '/Reason/{print $2}' > /opt/course/02/reason.txt\nkubectl get deploy report-gen -n batch -o yaml > d.yaml\nsed -i 's/memory: 64Mi/memory: 180Mi/' d.yaml\nkubectl apply -f d.yaml\n",
    );
    all_pass("D02", &v);
}

#[test]
fn d05_with_the_var_run_path_and_a_heredoc() {
    let v = attempt(
        "D05",
        "cat > /var/lib/kubelet/kubeadm-flags.env <<'EOF'\nKUBELET_KUBEADM_ARGS=\"--container-runtime-endpoint=unix:///var/run/containerd/containerd.sock --pod-infra-container-image=registry.k8s.io/pause:3.9\"\nEOF\nsystemctl restart kubelet\n",
    );
    all_pass("D05", &v);
    // Only the typo fixed: the removed flag still stops the kubelet.
    let v = attempt(
        "D05",
        "sed -i 's/containerd.sok/containerd.sock/' /var/lib/kubelet/kubeadm-flags.env\nsystemctl restart kubelet\n",
    );
    assert!(!item(&v, "the kubelet is active").pass, "{v:#?}");
    assert!(!item(&v, "the removed flag").pass, "{v:#?}");
}

#[test]
fn d06_with_ctr_filters() {
    let v = attempt(
        "D06",
        "mkdir -p /opt/course/06\nctr ns ls -q | grep -x k8s.io > /opt/course/06/ns.txt\nctr -n k8s.io c ls -q 'labels.\"io.kubernetes.pod.name\"==web-0,labels.\"io.kubernetes.pod.namespace\"==shop' | wc -l > /opt/course/06/count.txt\n",
    );
    all_pass("D06", &v);
}

#[test]
fn d06_the_right_words_in_the_wrong_state_fail() {
    // Typing the answers as text to echo, not into the files.
    let v = attempt(
        "D06",
        "echo 'echo k8s.io > /opt/course/06/ns.txt'\necho 'echo 2 > /opt/course/06/count.txt'\n",
    );
    assert_eq!(v.passed, 1, "only the untouched item: {v:#?}");
    // The decoy: counting web-0's containers of every Kubernetes namespace.
    let v = attempt(
        "D06",
        "mkdir -p /opt/course/06; ctr namespaces ls -q | grep k8s > /opt/course/06/ns.txt\nctr -n k8s.io containers ls -q | while read id; do ctr -n k8s.io containers info $id | grep -q '\"io.kubernetes.pod.name\": \"web-0\"' && echo $id; done | wc -l > /opt/course/06/count.txt\n",
    );
    assert!(item(&v, "ns.txt").pass, "{v:#?}");
    let count = item(&v, "count.txt");
    assert!(!count.pass, "{v:#?}");
    assert_eq!(count.found.as_deref(), Some("4"));
    // Removing containers is collateral damage.
    let v = attempt(
        "D06",
        "mkdir -p /opt/course/06; echo k8s.io > /opt/course/06/ns.txt; echo 2 > /opt/course/06/count.txt\ncrictl rmp -af\n",
    );
    assert!(!item(&v, "no container was removed").pass, "{v:#?}");
}

#[test]
fn d09_with_ctr_in_k8s_io_and_not_with_plain_ctr() {
    all_pass(
        "D09",
        &attempt(
            "D09",
            "ctr -n k8s.io images pull docker.io/library/redis:7.2-alpine\n",
        ),
    );
    all_pass(
        "D09",
        &attempt(
            "D09",
            "CONTAINERD_NAMESPACE=k8s.io ctr images pull docker.io/library/redis:7.2-alpine\n",
        ),
    );
    // Pulling again into ctr's default namespace changes nothing the CRI sees.
    let v = attempt(
        "D09",
        "ctr images pull docker.io/library/redis:7.2-alpine\n",
    );
    assert!(!item(&v, "the image is in the k8s.io image store").pass);
    assert!(!item(&v, "Pod cache is Running").pass);
    // The words of the solution, echoed.
    let v = attempt(
        "D09",
        "echo \"crictl pull docker.io/library/redis:7.2-alpine\"\n",
    );
    assert_eq!(v.passed, 1, "only unchanged: {v:#?}");
}

const D12_KERNEL: &str = "modprobe br_netfilter\nprintf 'overlay\\nbr_netfilter\\n' > /etc/modules-load.d/containerd.conf\ncat > /etc/sysctl.d/60-kubernetes-cri.conf <<EOF\nnet.bridge.bridge-nf-call-iptables=1\nnet.ipv6.conf.all.forwarding=1\nnet.ipv4.ip_forward=1\nnet.netfilter.nf_conntrack_max=131072\nEOF\nsysctl --system\n";

#[test]
fn d12_with_apt_another_file_and_enable_then_start() {
    let v = attempt(
        "D12",
        &format!(
            "apt install -y ./cri-dockerd_0.3.9.3-0.ubuntu-jammy_amd64.deb\nsystemctl enable cri-docker.service cri-docker.socket\nsystemctl start cri-docker.socket cri-docker.service\n{D12_KERNEL}"
        ),
    );
    all_pass("D12", &v);
}

#[test]
fn d12_a_live_only_fix_fails_after_the_reboot() {
    let v = attempt(
        "D12",
        "dpkg -i ~/cri-dockerd_0.3.9.3-0.ubuntu-jammy_amd64.deb\nsystemctl enable --now cri-docker.service cri-docker.socket\nmodprobe br_netfilter\nsysctl -w net.bridge.bridge-nf-call-iptables=1 net.ipv6.conf.all.forwarding=1 net.ipv4.ip_forward=1 net.netfilter.nf_conntrack_max=131072\n",
    );
    for key in [
        "net.bridge.bridge-nf-call-iptables",
        "net.ipv6.conf.all.forwarding",
        "net.ipv4.ip_forward",
        "net.netfilter.nf_conntrack_max",
        "br_netfilter is loaded",
    ] {
        assert!(
            !item(&v, key).pass,
            "{key} holds only until the reboot: {v:#?}"
        );
    }
    assert!(item(&v, "cri-docker.service is enabled").pass);
    assert!(item(&v, "the package").pass);
    // Started but not enabled: down after the reboot.
    let v = attempt(
        "D12",
        &format!(
            "dpkg -i ~/cri-dockerd_0.3.9.3-0.ubuntu-jammy_amd64.deb\nsystemctl start cri-docker.service cri-docker.socket\n{D12_KERNEL}"
        ),
    );
    assert!(!item(&v, "cri-docker.service is enabled").pass, "{v:#?}");
    assert!(item(&v, "net.ipv4.ip_forward").pass, "{v:#?}");
}

#[test]
fn d12_the_words_in_history_do_not_count() {
    let v = attempt(
        "D12",
        "echo \"systemctl enable --now cri-docker.service cri-docker.socket\"\necho 'dpkg -i ~/cri-dockerd_0.3.9.3-0.ubuntu-jammy_amd64.deb'\nhistory\n",
    );
    assert_eq!(v.passed, 0, "{v:#?}");
}

#[test]
fn d14_flipping_containerd_to_cgroupfs_fails_the_cluster_standard() {
    let v = attempt(
        "D14",
        "sed -i 's/SystemdCgroup = true/SystemdCgroup = false/' /etc/containerd/config.toml\nsystemctl restart containerd\n",
    );
    assert!(!item(&v, "containerd's runc still has SystemdCgroup").pass);
    assert!(!item(&v, "the kubelet uses the systemd cgroup driver").pass);
    // Editing the file without restarting the kubelet changes nothing yet.
    let v = attempt(
        "D14",
        "sed -i 's/cgroupDriver: cgroupfs/cgroupDriver: systemd/' /var/lib/kubelet/config.yaml\n",
    );
    assert!(!item(&v, "Pod web is Running").pass, "{v:#?}");
    assert!(
        !item(&v, "the kubelet uses the systemd cgroup driver").pass,
        "the running kubelet still has cgroupfs: {v:#?}"
    );
}

#[test]
fn d15_with_the_run_form_and_printf() {
    let v = attempt(
        "D15",
        "mkdir -p /opt/course/15\nprintf '%s\\n' \"$(kubectl get nodes -o wide | awk 'NR==2{print $NF}')\" unix:///run/containerd/containerd.sock \"$(awk '/cgroupDriver/{print $2}' /var/lib/kubelet/config.yaml)\" \"$(crictl info | jq -r .config.containerd.defaultRuntimeName)\" > /opt/course/15/node01.txt\n",
    );
    all_pass("D15", &v);
    let v = attempt(
        "D15",
        "mkdir -p /opt/course/15\nprintf 'containerd\\nunix:///run/containerd/containerd.sock\\ncgroupfs\\nrunc\\n' > /opt/course/15/node01.txt\n",
    );
    assert_eq!(v.passed, 2, "{v:#?}");
}

#[test]
fn d18_rmi_all_takes_the_images_in_use() {
    let v = attempt("D18", "crictl rmi -a\n");
    assert!(
        !item(&v, "every image a running container uses").pass,
        "{v:#?}"
    );
    assert!(item(&v, "node-1's DiskPressure condition is False").pass);
}

#[test]
fn d18_by_ctr_in_k8s_io() {
    let unused = [
        "nginx:1.24",
        "nginx:1.25",
        "nginx:1.26",
        "redis:6.2",
        "redis:7.0",
        "busybox:1.35",
        "busybox:1.34",
        "alpine:3.18",
        "alpine:3.19",
        "hello-world:latest",
    ]
    .iter()
    .map(|i| format!("docker.io/library/{i}"))
    .chain([
        "docker.io/polinux/stress:latest".to_string(),
        "registry.k8s.io/busybox:latest".to_string(),
    ])
    .collect::<Vec<_>>()
    .join(" ");
    let v = attempt("D18", &format!("ctr -n k8s.io images rm {unused}\n"));
    all_pass("D18", &v);
    // Half the job: pressure gone, but unused images remain.
    let v = attempt(
        "D18",
        "crictl rmi docker.io/library/nginx:1.24 docker.io/library/nginx:1.25 docker.io/library/nginx:1.26\n",
    );
    assert!(!item(&v, "no unused image remains").pass, "{v:#?}");
}
