//! Issue 15's "done when": the commands of CKA-DRILLS.md §A4 run against a
//! node set up in each drill's broken state and print what the real node
//! prints (the tools' own words, checked here by the lines a candidate reads).
//! D01/D02 are in node_kubectl.rs, D04/D05's journal in node_systemd.rs.

use atlas_core::node::fault::Fault;

mod common;
use common::typed::{node, ok, run};

const POD: &str = "kubectl run web --image=nginx\nsleep 5\n";

/// D03: crictl points at the dockershim socket; the config file is fixed.
#[test]
fn d03_crictl_endpoint() {
    let mut s = node("1.28", "containerd-2");
    s.setup(&format!(
        "{POD}echo 'runtime-endpoint: unix:///var/run/dockershim.sock' > /etc/crictl.yaml\n"
    ))
    .unwrap();
    let (exit, _, err) = run(&mut s, "crictl ps");
    assert_eq!(exit, 1);
    assert!(
        err.contains("validate service connection: validate CRI v1 runtime API for endpoint \\\"unix:///var/run/dockershim.sock\\\"")
            && err.contains("dial unix /var/run/dockershim.sock: connect: no such file or directory"),
        "{err}"
    );
    assert!(ok(&mut s, "cat /etc/crictl.yaml").contains("dockershim.sock"));
    assert!(ok(&mut s, "ls -l /run/containerd/containerd.sock").starts_with("srw-rw----"));
    assert!(ok(
        &mut s,
        "crictl -r unix:///run/containerd/containerd.sock ps"
    )
    .contains(" web "));
    ok(
        &mut s,
        "crictl config --set runtime-endpoint=unix:///run/containerd/containerd.sock",
    );
    assert!(ok(&mut s, "crictl ps | grep web").contains("web"));
}

/// D05: a typo in kubeadm-flags.env; the kubelet loops in auto-restart.
#[test]
fn d05_kubelet_endpoint_typo() {
    let mut s = node("1.30", "containerd-2");
    s.setup(POD).unwrap();
    s.inject(&Fault::KubeletFlag {
        flag: "container-runtime-endpoint".into(),
        value: Some("unix:///run/containerd/containerd.sok".into()),
    })
    .unwrap();
    let (exit, out, _) = run(&mut s, "systemctl status kubelet --no-pager");
    assert_eq!(exit, 3, "{out}");
    assert!(out.contains("activating (auto-restart)"), "{out}");
    let log = ok(&mut s, "journalctl -u kubelet --no-pager | tail -3");
    assert!(
        log.contains("containerd.sok: connect: no such file or directory"),
        "{log}"
    );
    assert!(ok(&mut s, "cat /var/lib/kubelet/kubeadm-flags.env").contains(".sok"));
    ok(
        &mut s,
        "sed -i 's/containerd.sok/containerd.sock/' /var/lib/kubelet/kubeadm-flags.env",
    );
    ok(&mut s, "systemctl restart kubelet");
    ok(&mut s, "sleep 10");
    assert!(ok(&mut s, "systemctl is-active kubelet").starts_with("active"));
    assert!(ok(&mut s, "kubectl get nodes").contains(" Ready "));
}

/// D06: ctr's default namespace is empty; Kubernetes' is k8s.io.
#[test]
fn d06_containerd_namespaces() {
    let mut s = node("1.28", "containerd");
    s.setup(POD).unwrap();
    let empty = ok(&mut s, "ctr containers ls");
    assert_eq!(empty.lines().count(), 1, "only the header: {empty}");
    assert!(ok(&mut s, "ctr namespaces ls").contains("k8s.io"));
    let k8s = ok(&mut s, "ctr -n k8s.io containers ls");
    assert_eq!(k8s.lines().count(), 3, "pause and nginx: {k8s}");
    ok(
        &mut s,
        "mkdir -p /opt/course/06 && ctr namespaces ls -q | grep k8s > /opt/course/06/ns.txt",
    );
    assert_eq!(ok(&mut s, "cat /opt/course/06/ns.txt"), "k8s.io\n");
}

/// D07: the container's parent is its shim, and survives a containerd restart.
#[test]
fn d07_the_parent_survives() {
    let mut s = node("1.28", "containerd");
    s.setup(POD).unwrap();
    let pid = ok(
        &mut s,
        "crictl inspect -o go-template --template '{{.info.pid}}' $(crictl ps -q --name web)",
    );
    let pid = pid.trim().to_string();
    assert!(pid.parse::<u32>().is_ok(), "{pid}");
    let parent = ok(&mut s, &format!("ps -o comm= -p $(ps -o ppid= -p {pid})"));
    assert_eq!(parent.trim(), "containerd-shim");
    assert!(ok(
        &mut s,
        &format!("tr '\\0' ' ' < /proc/$(ps -o ppid= -p {pid} | tr -d ' ')/cmdline")
    )
    .starts_with("/usr/bin/containerd-shim-runc-v2 -namespace k8s.io"));
    ok(&mut s, "systemctl restart containerd");
    let after = ok(
        &mut s,
        "crictl inspect $(crictl ps -q --name web) | jq -r .info.pid",
    );
    assert_eq!(after.trim(), pid);
}

/// D09: the image sits in ctr's default namespace, invisible to the CRI.
#[test]
fn d09_pull_into_k8s_io() {
    let mut s = node("1.28", "containerd");
    s.setup("ctr images pull docker.io/library/redis:7.2-alpine\n")
        .unwrap();
    let (exit, out, _) = run(&mut s, "crictl images | grep redis");
    assert_eq!((exit, out.as_str()), (1, ""));
    assert!(ok(&mut s, "ctr images ls | grep redis").contains("redis:7.2-alpine"));
    ok(&mut s, "crictl pull docker.io/library/redis:7.2-alpine");
    assert!(ok(&mut s, "crictl images | grep redis").contains("7.2-alpine"));
}

/// D12: install cri-dockerd, enable it, and set the kernel parameters so
/// that they survive a reboot.
#[test]
fn d12_cri_dockerd_and_sysctl() {
    let mut s = node("1.28", "cri-dockerd");
    // The drill's given: the prerequisites not done, br_netfilter not loaded.
    s.setup("rm /etc/modules-load.d/k8s.conf /etc/sysctl.d/k8s.conf\nsystemctl disable --now cri-docker.socket cri-docker.service\nreboot\n")
        .unwrap();
    s.put_deb(
        "/root/cri-dockerd_0.3.9.3-0.ubuntu-jammy_amd64.deb",
        "cri-dockerd",
        "0.3.9.3-0.ubuntu-jammy",
    );
    let (exit, _, err) = run(&mut s, "sysctl net.bridge.bridge-nf-call-iptables");
    assert_eq!(exit, 255, "{err}");
    assert!(err.contains("sysctl: cannot stat /proc/sys/net/bridge/bridge-nf-call-iptables: No such file or directory"), "{err}");
    let dpkg = ok(&mut s, "dpkg -i ~/cri-dockerd_*.deb");
    assert!(
        dpkg.contains("Setting up cri-dockerd (0.3.9.3-0.ubuntu-jammy) ..."),
        "{dpkg}"
    );
    ok(
        &mut s,
        "systemctl enable --now cri-docker.service cri-docker.socket",
    );
    ok(
        &mut s,
        "modprobe br_netfilter && echo br_netfilter > /etc/modules-load.d/k8s.conf",
    );
    s.run_script(
        "cat <<EOF > /etc/sysctl.d/99-k8s.conf\nnet.bridge.bridge-nf-call-iptables = 1\nnet.ipv6.conf.all.forwarding = 1\nnet.ipv4.ip_forward = 1\nnet.netfilter.nf_conntrack_max = 131072\nEOF\n",
    )
    .unwrap();
    assert!(ok(&mut s, "sysctl --system").contains("* Applying /etc/sysctl.d/99-k8s.conf ..."));
    ok(&mut s, "reboot");
    for (key, want) in [
        ("net.bridge.bridge-nf-call-iptables", "1"),
        ("net.ipv6.conf.all.forwarding", "1"),
        ("net.ipv4.ip_forward", "1"),
        ("net.netfilter.nf_conntrack_max", "131072"),
    ] {
        assert_eq!(
            ok(&mut s, &format!("sysctl -n {key}")).trim(),
            want,
            "{key}"
        );
    }
    assert_eq!(
        ok(&mut s, "systemctl is-enabled cri-docker.socket").trim(),
        "enabled"
    );
    assert!(ok(&mut s, "ls -l /run/cri-dockerd.sock").starts_with("srw-rw----"));
}

/// D14: the kubelet on cgroupfs, containerd on systemd: sandboxes fail.
#[test]
fn d14_cgroup_driver_mismatch() {
    let mut s = node("1.28", "containerd-2");
    s.setup(
        "sed -i 's/cgroupDriver: systemd/cgroupDriver: cgroupfs/' /var/lib/kubelet/config.yaml\nsystemctl restart kubelet\n",
    )
    .unwrap();
    ok(&mut s, "kubectl run web --image=nginx");
    ok(&mut s, "sleep 10");
    assert!(ok(&mut s, "kubectl get pods").contains("ContainerCreating"));
    let ev = ok(
        &mut s,
        "kubectl describe pod web | grep FailedCreatePodSandBox",
    );
    assert!(
        ev.contains(
            "expected cgroupsPath to be of format \"slice:prefix:name\" for systemd cgroups"
        ),
        "{ev}"
    );
    assert!(
        ok(&mut s, "grep -n SystemdCgroup /etc/containerd/config.toml")
            .contains("SystemdCgroup = true")
    );
    ok(
        &mut s,
        "sed -i 's/cgroupDriver: cgroupfs/cgroupDriver: systemd/' /var/lib/kubelet/config.yaml",
    );
    ok(&mut s, "systemctl restart kubelet");
    ok(&mut s, "sleep 30");
    assert!(ok(&mut s, "kubectl get pods").contains("Running"));
}

/// D15: the node's runtime inventory, from the places the docs name.
#[test]
fn d15_inventory() {
    let mut s = node("1.28", "containerd-2");
    let v = ok(
        &mut s,
        "kubectl get node node-1 -o jsonpath='{.status.nodeInfo.containerRuntimeVersion}'",
    );
    assert!(v.starts_with("containerd://2."), "{v}");
    let flags = ok(&mut s, "tr \\\\0 ' ' < /proc/$(pgrep kubelet)/cmdline");
    assert!(
        flags.contains("--container-runtime-endpoint=unix:///var/run/containerd/containerd.sock"),
        "{flags}"
    );
    assert_eq!(
        ok(
            &mut s,
            "grep cgroupDriver /var/lib/kubelet/config.yaml | awk '{print $2}'"
        ),
        "systemd\n"
    );
    assert!(ok(&mut s, "crictl runtime-config").contains("SYSTEMD"));
    ok(&mut s, "mkdir -p /opt/course/15 && kubectl get node node-1 -o jsonpath='{.status.nodeInfo.containerRuntimeVersion}' > /opt/course/15/node01.txt");
    assert!(ok(&mut s, "cat /opt/course/15/node01.txt").starts_with("containerd://"));
}

/// D18: DiskPressure from a full image store; `crictl rmi --prune` keeps
/// the images in use.
#[test]
fn d18_disk_pressure() {
    let mut s = node("1.28", "containerd");
    s.setup(&format!(
        "{POD}crictl pull docker.io/library/redis:7.2-alpine\n"
    ))
    .unwrap();
    s.inject(&Fault::FillImageStore { percent: 90 }).unwrap();
    ok(&mut s, "sleep 20");
    let cond = ok(&mut s, "kubectl describe node node-1 | grep DiskPressure");
    assert!(cond.contains("True"), "{cond}");
    let pruned = ok(&mut s, "crictl rmi --prune");
    assert!(
        pruned.contains("Deleted: docker.io/library/redis:7.2-alpine"),
        "{pruned}"
    );
    assert!(ok(&mut s, "crictl images").contains("nginx"));
}
