//! The texts of the configuration files a kubeadm node carries, as the
//! packages and kubeadm write them (sources cited at each one).

use crate::config::{Config, Oci, Runtime};

/// The address the node's API server answers on (a kubeadm control-plane
/// node's own address; Killercoda's `controlplane` uses this one).
pub const NODE_IP: &str = "172.30.1.2";

/// The socket kubeadm writes into the kubelet's flags: kubeadm's known CRI
/// sockets (`cmd/kubeadm/app/constants`, `DefaultCRISocket`), with the
/// `unix://` scheme it adds from 1.24 and `/var/run` as kubeadm spells it.
pub fn kubeadm_cri_socket(cfg: &Config) -> &'static str {
    match cfg.runtime {
        Runtime::Containerd17 | Runtime::Containerd2 if cfg.k8s.0 >= 24 => {
            "unix:///var/run/containerd/containerd.sock"
        }
        Runtime::Containerd17 | Runtime::Containerd2 => "unix:///run/containerd/containerd.sock",
        Runtime::CriO => "unix:///var/run/crio/crio.sock",
        Runtime::CriDockerd => "unix:///var/run/cri-dockerd.sock",
        Runtime::Dockershim => "/var/run/dockershim.sock",
        Runtime::Podman => "",
    }
}

/// The pause image kubeadm of this version pulls and names in the kubelet's
/// flags (`cmd/kubeadm/app/constants`, `PauseVersion`; the registry moved
/// from k8s.gcr.io to registry.k8s.io in kubeadm 1.25).
pub fn kubeadm_pause(cfg: &Config) -> String {
    let v = cfg.k8s.0;
    let tag = match v {
        0..=20 => "3.2",
        21 => "3.4.1",
        22 => "3.5",
        23 => "3.6",
        24 => "3.7",
        25 => "3.8",
        26..=30 => "3.9",
        31..=33 => "3.10",
        _ => "3.10.1",
    };
    let registry = if v <= 24 {
        "k8s.gcr.io"
    } else {
        "registry.k8s.io"
    };
    format!("{registry}/pause:{tag}")
}

/// `/var/lib/kubelet/kubeadm-flags.env` as `kubeadm init` writes it
/// (`cmd/kubeadm/app/phases/kubelet/flags.go`, `buildKubeletArgMap`): with
/// dockershim only `--network-plugin=cni`; a remote runtime gets
/// `--container-runtime=remote` until the flag's removal in 1.27, then only
/// the endpoint.
pub fn kubeadm_flags(cfg: &Config) -> String {
    let mut args = Vec::new();
    if cfg.runtime == Runtime::Dockershim {
        args.push("--network-plugin=cni".to_string());
    } else {
        if cfg.k8s.0 < 27 {
            args.push("--container-runtime=remote".to_string());
        }
        args.push(format!(
            "--container-runtime-endpoint={}",
            kubeadm_cri_socket(cfg)
        ));
    }
    args.push(format!(
        "--pod-infra-container-image={}",
        kubeadm_pause(cfg)
    ));
    format!("KUBELET_KUBEADM_ARGS=\"{}\"\n", args.join(" "))
}

/// kubeadm's drop-in for the kubelet unit, verbatim from the kubeadm
/// package (kubernetes/release `cmd/krel/templates/latest/kubeadm/10-kubeadm.conf`).
pub const KUBEADM_DROPIN: &str = "# Note: This dropin only works with kubeadm and kubelet v1.11+
[Service]
Environment=\"KUBELET_KUBECONFIG_ARGS=--bootstrap-kubeconfig=/etc/kubernetes/bootstrap-kubelet.conf --kubeconfig=/etc/kubernetes/kubelet.conf\"
Environment=\"KUBELET_CONFIG_ARGS=--config=/var/lib/kubelet/config.yaml\"
# This is a file that \"kubeadm init\" and \"kubeadm join\" generates at runtime, populating the KUBELET_KUBEADM_ARGS variable dynamically
EnvironmentFile=-/var/lib/kubelet/kubeadm-flags.env
# This is a file that the user can use for overrides of the kubelet args as a last resort. Preferably, the user should use
# the .NodeRegistration.KubeletExtraArgs object in the configuration files instead. KUBELET_EXTRA_ARGS should be sourced from this file.
EnvironmentFile=-/etc/default/kubelet
ExecStart=
ExecStart=/usr/bin/kubelet $KUBELET_KUBECONFIG_ARGS $KUBELET_CONFIG_ARGS $KUBELET_KUBEADM_ARGS $KUBELET_EXTRA_ARGS
";

/// `/var/lib/kubelet/config.yaml`: the KubeletConfiguration kubeadm writes
/// from the `kubelet-config` ConfigMap (zero durations included, as kubeadm
/// marshals them). `containerRuntimeEndpoint` is a field from 1.27 (kubeadm
/// leaves it empty and keeps the flag), `imageMaximumGCAge` from 1.29; the
/// cgroup driver is `systemd`, kubeadm's default since 1.22.
pub fn kubelet_config(cfg: &Config) -> String {
    let v = cfg.k8s.0;
    let mut s = String::from(
        "apiVersion: kubelet.config.k8s.io/v1beta1
authentication:
  anonymous:
    enabled: false
  webhook:
    cacheTTL: 0s
    enabled: true
  x509:
    clientCAFile: /etc/kubernetes/pki/ca.crt
authorization:
  mode: Webhook
  webhook:
    cacheAuthorizedTTL: 0s
    cacheUnauthorizedTTL: 0s
cgroupDriver: systemd
clusterDNS:
- 10.96.0.10
clusterDomain: cluster.local
",
    );
    if v >= 27 {
        s.push_str("containerRuntimeEndpoint: \"\"\n");
    }
    s.push_str(
        "cpuManagerReconcilePeriod: 0s
evictionPressureTransitionPeriod: 0s
fileCheckFrequency: 0s
healthzBindAddress: 127.0.0.1
healthzPort: 10248
httpCheckFrequency: 0s
",
    );
    if v >= 29 {
        s.push_str("imageMaximumGCAge: 0s\n");
    }
    s.push_str("imageMinimumGCAge: 0s\nkind: KubeletConfiguration\n");
    if v >= 24 {
        s.push_str(
            "logging:\n  flushFrequency: 0\n  options:\n    json:\n      infoBufferSize: \"0\"\n",
        );
        if v >= 30 {
            s.push_str("    text:\n      infoBufferSize: \"0\"\n");
        }
        s.push_str("  verbosity: 0\n");
    } else {
        s.push_str("logging: {}\n");
    }
    s.push_str(
        "memorySwap: {}
nodeStatusReportFrequency: 0s
nodeStatusUpdateFrequency: 0s
rotateCertificates: true
runtimeRequestTimeout: 0s
shutdownGracePeriod: 0s
shutdownGracePeriodCriticalPods: 0s
staticPodPath: /etc/kubernetes/manifests
streamingConnectionIdleTimeout: 0s
syncFrequency: 0s
volumeStatsAggPeriod: 0s
",
    );
    s
}

/// `/etc/crictl.yaml` as the crictl documentation writes it
/// (kubernetes-sigs/cri-tools `docs/crictl.md`), for this node's CRI socket.
pub fn crictl_yaml(cfg: &Config) -> String {
    let ep = cfg.cri_endpoint();
    format!("runtime-endpoint: {ep}\nimage-endpoint: {ep}\ntimeout: 2\ndebug: false\n")
}

/// `/etc/containerd/config.toml` on a Kubernetes node: `containerd config
/// default`'s CRI sections with `SystemdCgroup = true`, as the Kubernetes
/// docs (container-runtimes, "Configuring the systemd cgroup driver") ask,
/// in the 1.7 form (`version = 2`, plugin `io.containerd.grpc.v1.cri`) or
/// the 2.x form (`version = 3`, `io.containerd.cri.v1.runtime` and
/// `io.containerd.cri.v1.images`). Docker's `containerd.io` package ships
/// its own file with the CRI plugin disabled.
pub fn containerd_config(cfg: &Config) -> String {
    if cfg.runtime.has_docker() {
        return CONTAINERD_IO_CONFIG.to_string();
    }
    let v2 = cfg.runtime == Runtime::Containerd2;
    let (q, rt, images) = if v2 {
        (
            "'",
            "plugins.'io.containerd.cri.v1.runtime'",
            "plugins.'io.containerd.cri.v1.images'",
        )
    } else {
        (
            "\"",
            "plugins.\"io.containerd.grpc.v1.cri\"",
            "plugins.\"io.containerd.grpc.v1.cri\"",
        )
    };
    let mut s = String::new();
    s.push_str(if v2 { "version = 3\n" } else { "version = 2\n" });
    s.push_str("root = \"/var/lib/containerd\"\nstate = \"/run/containerd\"\n\n");
    s.push_str("[grpc]\n  address = \"/run/containerd/containerd.sock\"\n\n[plugins]\n");
    if v2 {
        s.push_str(&format!(
            "  [{images}]\n    snapshotter = {q}overlayfs{q}\n\n    [{images}.pinned_images]\n      sandbox = {q}{}{q}\n\n",
            cfg.pause_image()
        ));
        s.push_str(&format!("  [{rt}]\n"));
    } else {
        s.push_str(&format!(
            "  [{rt}]\n    sandbox_image = {q}{}{q}\n\n",
            cfg.pause_image()
        ));
    }
    s.push_str(&format!(
        "    [{rt}.cni]\n      bin_dir = {q}/opt/cni/bin{q}\n      conf_dir = {q}/etc/cni/net.d{q}\n\n"
    ));
    s.push_str(&format!(
        "    [{rt}.containerd]\n      default_runtime_name = {q}runc{q}\n"
    ));
    if !v2 {
        s.push_str(&format!("      snapshotter = {q}overlayfs{q}\n"));
    }
    s.push_str(&format!(
        "\n      [{rt}.containerd.runtimes]\n        [{rt}.containerd.runtimes.runc]\n          runtime_type = {q}io.containerd.runc.v2{q}\n\n          [{rt}.containerd.runtimes.runc.options]\n"
    ));
    if cfg.oci == Oci::Crun {
        s.push_str(&format!("            BinaryName = {q}/usr/bin/crun{q}\n"));
    }
    s.push_str("            SystemdCgroup = true\n");
    match cfg.oci {
        // Kata's containerd how-to: handler `kata`, shim v2 `io.containerd.kata.v2`.
        Oci::Kata => s.push_str(&format!(
            "\n        [{rt}.containerd.runtimes.kata]\n          runtime_type = {q}io.containerd.kata.v2{q}\n"
        )),
        // gVisor's containerd quick start: handler `runsc`.
        Oci::Gvisor => s.push_str(&format!(
            "\n        [{rt}.containerd.runtimes.runsc]\n          runtime_type = {q}io.containerd.runsc.v1{q}\n"
        )),
        Oci::Runc | Oci::Crun => {}
    }
    s
}

/// The `/etc/containerd/config.toml` of Docker's `containerd.io` package.
const CONTAINERD_IO_CONFIG: &str = "#   Copyright 2018-2022 Docker Inc.

#   Licensed under the Apache License, Version 2.0 (the \"License\");
#   you may not use this file except in compliance with the License.
#   You may obtain a copy of the License at

#       http://www.apache.org/licenses/LICENSE-2.0

#   Unless required by applicable law or agreed to in writing, software
#   distributed under the License is distributed on an \"AS IS\" BASIS,
#   WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
#   See the License for the specific language governing permissions and
#   limitations under the License.

disabled_plugins = [\"cri\"]

#root = \"/var/lib/containerd\"
#state = \"/run/containerd\"
#subreaper = true
#oom_score = 0

#[grpc]
#  address = \"/run/containerd/containerd.sock\"
#  uid = 0
#  gid = 0

#[debug]
#  address = \"/run/containerd/debug.sock\"
#  uid = 0
#  gid = 0
#  level = \"info\"
";

/// `/etc/crio/crio.conf.d/10-crio.conf` as CRI-O's packages ship it
/// (cri-o/packaging `templates/latest/cri-o/bundle/10-crio.conf`), with the
/// cgroup manager spelled out (`systemd`, CRI-O's default) and the default
/// runtime this node uses.
pub fn crio_conf(cfg: &Config) -> String {
    let default = if cfg.oci == Oci::Runc { "runc" } else { "crun" };
    let mut s = format!(
        "[crio.image]\nsignature_policy = \"/etc/crio/policy.json\"\n\n[crio.runtime]\ncgroup_manager = \"systemd\"\ndefault_runtime = \"{default}\"\n\n"
    );
    s.push_str(
        "[crio.runtime.runtimes.crun]
runtime_path = \"/usr/libexec/crio/crun\"
runtime_root = \"/run/crun\"
monitor_path = \"/usr/libexec/crio/conmon\"
allowed_annotations = [
    \"io.containers.trace-syscall\",
]

[crio.runtime.runtimes.runc]
runtime_path = \"/usr/libexec/crio/runc\"
runtime_root = \"/run/runc\"
monitor_path = \"/usr/libexec/crio/conmon\"
",
    );
    match cfg.oci {
        // Kata's CRI-O how-to: a VM runtime behind the kata shim.
        Oci::Kata => s.push_str(
            "\n[crio.runtime.runtimes.kata]\nruntime_path = \"/opt/kata/bin/containerd-shim-kata-v2\"\nruntime_type = \"vm\"\nruntime_root = \"/run/vc\"\nprivileged_without_host_devices = true\n",
        ),
        Oci::Gvisor => s.push_str(
            "\n[crio.runtime.runtimes.runsc]\nruntime_path = \"/usr/local/bin/runsc\"\nruntime_root = \"/run/runsc\"\n",
        ),
        Oci::Runc | Oci::Crun => {}
    }
    s
}

/// `/etc/docker/daemon.json` with the systemd cgroup driver, as the
/// Kubernetes docs' Docker section asked (container-runtimes, before 1.24).
pub const DOCKER_DAEMON_JSON: &str = "{
  \"exec-opts\": [\"native.cgroupdriver=systemd\"],
  \"log-driver\": \"json-file\",
  \"log-opts\": {
    \"max-size\": \"100m\"
  },
  \"storage-driver\": \"overlay2\"
}
";

/// The Kubernetes docs' prerequisites (container-runtimes, "Forwarding IPv4
/// and letting iptables see bridged traffic"): modules to load at boot.
pub const MODULES_LOAD_K8S: &str = "overlay\nbr_netfilter\n";

/// … and the parameters to persist.
pub const SYSCTL_K8S: &str = "net.bridge.bridge-nf-call-iptables  = 1
net.bridge.bridge-nf-call-ip6tables = 1
net.ipv4.ip_forward                 = 1
";

/// Ubuntu 22.04's `/etc/os-release` (base-files 12ubuntu4).
pub const OS_RELEASE: &str = "PRETTY_NAME=\"Ubuntu 22.04.5 LTS\"
NAME=\"Ubuntu\"
VERSION_ID=\"22.04\"
VERSION=\"22.04.5 LTS (Jammy Jellyfish)\"
VERSION_CODENAME=jammy
ID=ubuntu
ID_LIKE=debian
HOME_URL=\"https://www.ubuntu.com/\"
SUPPORT_URL=\"https://help.ubuntu.com/\"
BUG_REPORT_URL=\"https://bugs.launchpad.net/ubuntu/\"
PRIVACY_POLICY_URL=\"https://www.ubuntu.com/legal/terms-and-policies/privacy-policy\"
UBUNTU_CODENAME=jammy
";

/// The etcd image kubeadm of this version deploys (`constants.SupportedEtcdVersion`).
fn etcd_tag(v: u8) -> &'static str {
    match v {
        0..=21 => "3.4.13-0",
        22 => "3.5.0-0",
        23 => "3.5.1-0",
        24 => "3.5.3-0",
        25 => "3.5.4-0",
        26 => "3.5.6-0",
        27 => "3.5.7-0",
        28 => "3.5.9-0",
        29 => "3.5.10-0",
        30 => "3.5.12-0",
        31 => "3.5.15-0",
        32 => "3.5.16-0",
        33 => "3.5.21-0",
        _ => "3.6.4-0",
    }
}

/// A static Pod manifest of `/etc/kubernetes/manifests`, with the fields
/// that matter to a person reading it (name, image, command, the host
/// network), as kubeadm's control-plane phase writes them.
pub fn static_pod(cfg: &Config, name: &str) -> String {
    let v = cfg.k8s.0;
    let registry = if v <= 24 {
        "k8s.gcr.io"
    } else {
        "registry.k8s.io"
    };
    let (image, command): (String, &[&str]) = match name {
        "etcd" => (
            format!("{registry}/etcd:{}", etcd_tag(v)),
            &[
                "etcd",
                "--advertise-client-urls=https://172.30.1.2:2379",
                "--data-dir=/var/lib/etcd",
                "--listen-client-urls=https://127.0.0.1:2379,https://172.30.1.2:2379",
            ],
        ),
        "kube-apiserver" => (
            format!("{registry}/kube-apiserver:v1.{v}.4"),
            &[
                "kube-apiserver",
                "--advertise-address=172.30.1.2",
                "--authorization-mode=Node,RBAC",
                "--etcd-servers=https://127.0.0.1:2379",
                "--secure-port=6443",
                "--service-cluster-ip-range=10.96.0.0/12",
            ],
        ),
        "kube-controller-manager" => (
            format!("{registry}/kube-controller-manager:v1.{v}.4"),
            &[
                "kube-controller-manager",
                "--kubeconfig=/etc/kubernetes/controller-manager.conf",
                "--leader-elect=true",
                "--use-service-account-credentials=true",
            ],
        ),
        _ => (
            format!("{registry}/kube-scheduler:v1.{v}.4"),
            &[
                "kube-scheduler",
                "--kubeconfig=/etc/kubernetes/scheduler.conf",
                "--leader-elect=true",
            ],
        ),
    };
    let mut s = format!(
        "apiVersion: v1\nkind: Pod\nmetadata:\n  labels:\n    component: {name}\n    tier: control-plane\n  name: {name}\n  namespace: kube-system\nspec:\n  containers:\n  - command:\n"
    );
    for c in command {
        s.push_str(&format!("    - {c}\n"));
    }
    s.push_str(&format!(
        "    image: {image}\n    imagePullPolicy: IfNotPresent\n    name: {name}\n  hostNetwork: true\n  priority: 2000001000\n  priorityClassName: system-node-critical\n"
    ));
    s
}

/// A kubeconfig kubeadm writes (`admin.conf`, `kubelet.conf`, …): the
/// cluster at the node's address and the user's client certificate (data
/// shortened).
pub fn kubeconfig(user: &str) -> String {
    format!(
        "apiVersion: v1
clusters:
- cluster:
    certificate-authority-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUMvakNDQWVhZ0F3SUJBZ0lCQURBTkJna3Foa2lHOXcwQkFRc0ZBREFWTVJNd0VRWURWUVFERXdwcmRXSmwK
    server: https://{NODE_IP}:6443
  name: kubernetes
contexts:
- context:
    cluster: kubernetes
    user: {user}
  name: {user}@kubernetes
current-context: {user}@kubernetes
kind: Config
preferences: {{}}
users:
- name: {user}
  user:
    client-certificate-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSURJVENDQWdtZ0F3SUJBZ0lJWGRCY0dRZm1hV1V3RFFZSktvWklodmNOQVFFTEJRQXdGVEVUTUJFR0ExVUUK
    client-key-data: LS0tLS1CRUdJTiBSU0EgUFJJVkFURSBLRVktLS0tLQpNSUlFb3dJQkFBS0NBUUVBdFdHNUd1WW5wbGQ5M2JkT3ZJMmtBaEx0N0RFK2VSbWx0S2tWUkdJZlZ0Ym5xT0dLCg==
"
    )
}
