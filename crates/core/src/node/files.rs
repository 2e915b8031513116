//! The files a configuration puts on a freshly installed node: the
//! packages' binaries and configuration, what `kubeadm init` wrote, the
//! Kubernetes docs' prerequisites, the home directory and the answers'
//! directory of the drills. Unit files are systemd's (`systemd::Units`).

use super::config_files as cf;
use super::fs::{Entry, Fs};
use crate::config::{Config, Runtime};
use crate::endpoint::{self, Role};
use crate::topology::Topology;

/// The runc tutorial's bundle, the shell's directory for `runc` (its
/// `rootfs` holds busybox; `runc spec` writes `config.json` here).
pub const BUNDLE: &str = "/root/demo";

/// The home directory, where a login shell starts.
pub const HOME: &str = "/root";

/// The text of a placeholder binary (enough for `ls -l` and `cat`).
const ELF: &str = "\u{7f}ELF\n";

/// The node's file system as the configuration installs it.
pub fn generate(cfg: &Config) -> Fs {
    let mut fs = Fs::new();
    for d in [
        "/etc", "/root", "/run", "/tmp", "/opt", "/usr/bin", "/var/lib", "/var/log",
    ] {
        fs.put(d, Entry::Dir { mode: 0o755 });
    }
    // The rest of Ubuntu's top level (merged /usr: /bin and /sbin are links).
    for d in [
        "/boot",
        "/dev",
        "/home",
        "/media",
        "/mnt",
        "/srv",
        "/sys",
        "/usr/local/bin",
        "/usr/sbin",
        "/var/tmp",
    ] {
        fs.put(d, Entry::Dir { mode: 0o755 });
    }
    fs.put("/proc", Entry::Dir { mode: 0o555 });
    for (link, target) in [("/bin", "usr/bin"), ("/sbin", "usr/sbin")] {
        fs.put(
            link,
            Entry::Symlink {
                target: target.into(),
            },
        );
    }
    fs.put("/tmp", Entry::Dir { mode: 0o1777 });
    fs.put("/root", Entry::Dir { mode: 0o700 });
    fs.put(
        "/var/run",
        Entry::Symlink {
            target: "../run".into(),
        },
    );
    fs.put_file("/etc/hostname", format!("{}\n", crate::engine::NODE));
    fs.put_file("/etc/os-release", cf::OS_RELEASE);
    fs.put_file("/etc/sysctl.conf", SYSCTL_CONF);
    fs.put_file(
        "/etc/sysctl.d/10-network-security.conf",
        UBUNTU_NETWORK_SECURITY,
    );
    fs.put(
        "/etc/sysctl.d/99-sysctl.conf",
        Entry::Symlink {
            target: "../sysctl.conf".into(),
        },
    );
    fs.put_file("/usr/lib/sysctl.d/50-pid-max.conf", UBUNTU_PID_MAX);
    fs.put_file("/usr/lib/sysctl.d/99-protect-links.conf", PROTECT_LINKS);
    fs.put("/etc/modules-load.d", Entry::Dir { mode: 0o755 });
    fs.put_file("/etc/modules-load.d/modules.conf", MODULES_CONF);
    fs.put_file("/root/.bashrc", BASHRC);
    fs.put("/opt/course", Entry::Dir { mode: 0o755 });
    bundle(&mut fs);
    binaries(&mut fs, cfg);
    runtime_files(&mut fs, cfg);
    if cfg.runtime.has_kubernetes() {
        kubernetes_files(&mut fs, cfg);
    }
    fs
}

/// `/etc/sysctl.conf` as procps ships it on Ubuntu: every line commented.
const SYSCTL_CONF: &str = "#
# /etc/sysctl.conf - Configuration file for setting system variables
# See /etc/sysctl.d/ for additional system variables.
# See sysctl.conf (5) for information.
#

#kernel.domainname = example.com

# Uncomment the following to stop low-level messages on console
#kernel.printk = 3 4 1 3

# Uncomment the next line to enable packet forwarding for IPv4
#net.ipv4.ip_forward=1

# Uncomment the next line to enable packet forwarding for IPv6
#  Enabling this option disables Stateless Address Autoconfiguration
#  based on Router Advertisements for this host
#net.ipv6.conf.all.forwarding=1
";

/// Ubuntu's `/etc/sysctl.d/10-network-security.conf` (procps).
const UBUNTU_NETWORK_SECURITY: &str = "
# Turn on Source Address Verification in all interfaces to
# prevent some spoofing attacks.
net.ipv4.conf.default.rp_filter=2
net.ipv4.conf.all.rp_filter=2
";

/// Ubuntu's `/usr/lib/sysctl.d/50-pid-max.conf` (systemd).
const UBUNTU_PID_MAX: &str =
    "# Bump the numeric PID range to its maximum of 2^22 (from the in-kernel default
# of 2^16), to make PID collisions less likely.
kernel.pid_max = 4194304
";

/// `/usr/lib/sysctl.d/99-protect-links.conf` (procps).
const PROTECT_LINKS: &str = "# Protected links
#
# Protects against creating or following links under certain conditions
# Debian kernels have both set to 1 (restricted)
# See https://www.kernel.org/doc/Documentation/sysctl/fs.txt
fs.protected_fifos = 1
fs.protected_hardlinks = 1
fs.protected_regular = 2
fs.protected_symlinks = 1
";

/// Ubuntu's `/etc/modules-load.d/modules.conf` (kmod).
const MODULES_CONF: &str = "# /etc/modules: kernel modules to load at boot time.
#
# This file contains the names of kernel modules that should be loaded
# at boot time, one per line. Lines beginning with \"#\" are ignored.
";

/// A short `.bashrc` (the kubectl alias the exam environment sets).
const BASHRC: &str = "# ~/.bashrc: executed by bash(1) for non-login shells.\nalias k=kubectl\n";

/// The runc tutorial's bundle with its busybox root file system.
fn bundle(fs: &mut Fs) {
    for d in ["bin", "dev", "etc", "proc", "sys", "tmp", "usr", "var"] {
        fs.put(&format!("{BUNDLE}/rootfs/{d}"), Entry::Dir { mode: 0o755 });
    }
    fs.put(
        &format!("{BUNDLE}/rootfs/bin/busybox"),
        Entry::File {
            text: ELF.into(),
            mode: 0o755,
        },
    );
    fs.put(
        &format!("{BUNDLE}/rootfs/bin/sh"),
        Entry::Symlink {
            target: "busybox".into(),
        },
    );
}

/// Every program the node's components run from a file (their cards'
/// binaries), and the clients that come with them.
fn binaries(fs: &mut Fs, cfg: &Config) {
    let mut paths: Vec<String> = Vec::new();
    for c in Topology::new(cfg).components() {
        for f in endpoint::card(c, cfg).facts {
            if f.role == Role::Binary && f.value.starts_with('/') && !f.value.contains(' ') {
                paths.push(f.value);
            }
        }
    }
    let rt = cfg.runtime;
    let mut extra: Vec<&str> = vec!["/usr/bin/runc"];
    if rt.has_containerd() {
        extra.extend(["/usr/bin/containerd", "/usr/bin/ctr"]);
        extra.push("/usr/bin/containerd-shim-runc-v2");
    }
    if rt.has_kubernetes() {
        extra.extend([
            "/usr/bin/kubelet",
            "/usr/bin/kubeadm",
            "/usr/bin/kubectl",
            "/usr/bin/crictl",
        ]);
    }
    if rt.has_docker() {
        extra.extend(["/usr/bin/docker", "/usr/bin/dockerd"]);
    }
    if rt == Runtime::CriDockerd {
        extra.push("/usr/bin/cri-dockerd");
    }
    if rt == Runtime::CriO {
        extra.extend([
            "/usr/bin/crio",
            "/usr/libexec/crio/conmon",
            "/usr/libexec/crio/crun",
            "/usr/libexec/crio/runc",
        ]);
    }
    if rt.has_podman() {
        extra.extend(["/usr/bin/podman", "/usr/bin/conmon", "/usr/bin/crun"]);
    }
    paths.extend(extra.into_iter().map(str::to_string));
    for p in paths {
        fs.put(
            &p,
            Entry::File {
                text: ELF.into(),
                mode: 0o755,
            },
        );
    }
}

/// The high-level runtime's configuration and state directories.
fn runtime_files(fs: &mut Fs, cfg: &Config) {
    let rt = cfg.runtime;
    if rt.has_containerd() {
        fs.put_file("/etc/containerd/config.toml", cf::containerd_config(cfg));
        fs.put("/var/lib/containerd", Entry::Dir { mode: 0o711 });
        fs.put("/run/containerd", Entry::Dir { mode: 0o711 });
    }
    if rt == Runtime::CriO {
        fs.put_file("/etc/crio/crio.conf.d/10-crio.conf", cf::crio_conf(cfg));
        fs.put("/var/lib/containers/storage", Entry::Dir { mode: 0o700 });
        fs.put("/run/crio", Entry::Dir { mode: 0o755 });
    }
    if rt.has_docker() {
        fs.put_file("/etc/docker/daemon.json", cf::DOCKER_DAEMON_JSON);
        fs.put("/var/lib/docker", Entry::Dir { mode: 0o710 });
    }
    if rt == Runtime::Podman {
        fs.put("/etc/containers", Entry::Dir { mode: 0o755 });
        fs.put("/var/lib/containers/storage", Entry::Dir { mode: 0o700 });
    }
}

/// Where the kubeadm package puts its kubelet drop-in: the unit directory
/// of the pkgs.k8s.io packages (`%{_unitdir}`, kubernetes/release
/// `cmd/krel/templates/latest/kubeadm/kubeadm.spec`; this model's nodes
/// from 1.24 use them), `/etc/systemd/system` for the legacy
/// apt.kubernetes.io packages before.
pub fn kubeadm_dropin_path(cfg: &Config) -> String {
    let dir = if cfg.k8s.0 >= 24 {
        "/usr/lib/systemd/system"
    } else {
        "/etc/systemd/system"
    };
    format!("{dir}/kubelet.service.d/10-kubeadm.conf")
}

/// What the Kubernetes packages, the docs' prerequisites and `kubeadm init`
/// leave on a control-plane node.
fn kubernetes_files(fs: &mut Fs, cfg: &Config) {
    fs.put_file("/etc/crictl.yaml", cf::crictl_yaml(cfg));
    fs.put_file("/etc/modules-load.d/k8s.conf", cf::MODULES_LOAD_K8S);
    fs.put_file("/etc/sysctl.d/k8s.conf", cf::SYSCTL_K8S);
    fs.put_file("/var/lib/kubelet/config.yaml", cf::kubelet_config(cfg));
    fs.put_file("/var/lib/kubelet/kubeadm-flags.env", cf::kubeadm_flags(cfg));
    fs.put("/var/lib/kubelet/pki", Entry::Dir { mode: 0o755 });
    fs.put("/var/lib/kubelet/pods", Entry::Dir { mode: 0o750 });
    fs.put_file(&kubeadm_dropin_path(cfg), cf::KUBEADM_DROPIN);
    let admin = Entry::File {
        text: cf::kubeconfig("kubernetes-admin"),
        mode: 0o600,
    };
    fs.put("/etc/kubernetes/admin.conf", admin);
    for (file, user) in [
        (
            "kubelet.conf",
            format!("system:node:{}", crate::engine::NODE),
        ),
        (
            "controller-manager.conf",
            "system:kube-controller-manager".to_string(),
        ),
        ("scheduler.conf", "system:kube-scheduler".to_string()),
    ] {
        fs.put(
            &format!("/etc/kubernetes/{file}"),
            Entry::File {
                text: cf::kubeconfig(&user),
                mode: 0o600,
            },
        );
    }
    for name in [
        "etcd",
        "kube-apiserver",
        "kube-controller-manager",
        "kube-scheduler",
    ] {
        fs.put(
            &format!("/etc/kubernetes/manifests/{name}.yaml"),
            Entry::File {
                text: cf::static_pod(cfg, name),
                mode: 0o600,
            },
        );
    }
    for f in ["ca.crt", "apiserver.crt", "apiserver-kubelet-client.crt"] {
        fs.put_file(
            &format!("/etc/kubernetes/pki/{f}"),
            "-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n",
        );
    }
    fs.put("/etc/cni/net.d", Entry::Dir { mode: 0o755 });
    fs.put("/opt/cni/bin", Entry::Dir { mode: 0o755 });
    fs.put("/var/lib/etcd", Entry::Dir { mode: 0o700 });
    fs.put("/var/log/pods", Entry::Dir { mode: 0o755 });
    fs.put("/var/log/containers", Entry::Dir { mode: 0o755 });
    // crictl's documentation's example configs (docs/crictl.md), in the home
    // directory where the tutorial's commands name them.
    fs.put_file(
        &format!("{HOME}/pod-config.json"),
        crate::engine::output::POD_CONFIG,
    );
    fs.put_file(
        &format!("{HOME}/container-config.json"),
        crate::engine::output::CONTAINER_CONFIG,
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cfg(k8s: &str, rt: &str) -> Config {
        Config::from_words(Some(k8s), Some(rt), None).unwrap()
    }

    #[test]
    fn kubeadm_flags_by_version_and_runtime() {
        let fs = generate(&cfg("1.28", "containerd"));
        assert_eq!(
            fs.read("/var/lib/kubelet/kubeadm-flags.env").unwrap(),
            "KUBELET_KUBEADM_ARGS=\"--container-runtime-endpoint=unix:///var/run/containerd/containerd.sock --pod-infra-container-image=registry.k8s.io/pause:3.9\"\n"
        );
        let fs = generate(&cfg("1.26", "containerd"));
        assert!(fs
            .read("/var/lib/kubelet/kubeadm-flags.env")
            .unwrap()
            .contains("\"--container-runtime=remote --container-runtime-endpoint="));
        let fs = generate(&cfg("1.22", "docker"));
        assert_eq!(
            fs.read("/var/lib/kubelet/kubeadm-flags.env").unwrap(),
            "KUBELET_KUBEADM_ARGS=\"--network-plugin=cni --pod-infra-container-image=k8s.gcr.io/pause:3.5\"\n"
        );
    }

    #[test]
    fn containerd_config_forms() {
        let c17 = generate(&cfg("1.28", "containerd"));
        let t = c17.read("/etc/containerd/config.toml").unwrap();
        assert!(t.starts_with("version = 2\n"));
        assert!(t.contains("[plugins.\"io.containerd.grpc.v1.cri\".containerd.runtimes.runc.options]\n            SystemdCgroup = true\n"));
        let c2 = generate(&cfg("1.31", "containerd-2"));
        let t = c2.read("/etc/containerd/config.toml").unwrap();
        assert!(t.starts_with("version = 3\n"));
        assert!(
            t.contains("[plugins.'io.containerd.cri.v1.runtime'.containerd.runtimes.runc.options]")
        );
        let d = generate(&cfg("1.28", "cri-dockerd"));
        assert!(d
            .read("/etc/containerd/config.toml")
            .unwrap()
            .contains("disabled_plugins = [\"cri\"]"));
        assert!(d.exists("/etc/docker/daemon.json"));
        assert!(d.exists("/usr/bin/cri-dockerd"));
    }

    #[test]
    fn every_configuration_has_its_files() {
        for rt in Runtime::ALL {
            let c = Config::from_words(Some("1.28"), Some(rt.id()), None);
            let Ok(c) = c else { continue };
            let fs = generate(&c);
            assert!(fs.is_dir("/opt/course"));
            assert!(fs.exists("/usr/bin/runc"));
            assert_eq!(fs.exists("/etc/crictl.yaml"), rt.has_kubernetes());
            assert_eq!(
                fs.exists("/etc/crio/crio.conf.d/10-crio.conf"),
                rt == Runtime::CriO
            );
            assert!(!fs.exists(&format!("{BUNDLE}/config.json")));
        }
        let fs = generate(&cfg("1.28", "cri-o"));
        let t = fs.read("/etc/crio/crio.conf.d/10-crio.conf").unwrap();
        assert!(
            t.contains("[crio.runtime]\ncgroup_manager = \"systemd\"\ndefault_runtime = \"runc\"")
        );
        assert_eq!(
            fs.read("/etc/crictl.yaml").unwrap(),
            "runtime-endpoint: unix:///var/run/crio/crio.sock\nimage-endpoint: unix:///var/run/crio/crio.sock\ntimeout: 2\ndebug: false\n"
        );
    }
}
