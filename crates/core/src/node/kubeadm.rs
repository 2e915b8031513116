//! `kubeadm init` on a node where kubeadm has not run (or was reset): the
//! CRI socket it uses (`--cri-socket`, `nodeRegistration.criSocket` of an
//! `InitConfiguration` given with `--config`, or detected among the known
//! sockets: kubeadm `cmd/kubeadm/app/util/runtime`, `detectCRISocketImpl`,
//! which fails with "Found multiple CRI endpoints on the host" when more
//! than one answers), its preflight (`cmd/kubeadm/app/preflight/checks.go`:
//! the ports and manifests of a control plane already there, the container
//! runtime), then the files it writes (`/var/lib/kubelet/kubeadm-flags.env`
//! with that endpoint, the kubelet's `config.yaml`, the kubeconfigs, the
//! static Pod manifests), the kubelet it starts and the node annotation
//! `kubeadm.alpha.kubernetes.io/cri-socket`.
//!
//! Other subcommands are named as not modelled.

use super::daemons::Starter;
use super::fs::{normalize, Entry};
use super::node_object::{NodeObject, CRI_SOCKET_ANNOTATION};
use super::Io;
use crate::engine::{Outcome, World, NODE};

/// The sockets kubeadm looks for (`defaultKnownCRISockets`, Linux, 1.24+),
/// in its order.
const KNOWN_SOCKETS: [&str; 3] = [
    "unix:///var/run/containerd/containerd.sock",
    "unix:///var/run/crio/crio.sock",
    "unix:///var/run/cri-dockerd.sock",
];

/// klog's hint after every error kubeadm prints.
const STACK: &str = "To see the stack trace of this error execute with --v=5 or higher";

/// `kubeadm init`'s flags that take a value.
const VALUE_FLAGS: [&str; 16] = [
    "cri-socket",
    "config",
    "ignore-preflight-errors",
    "pod-network-cidr",
    "service-cidr",
    "service-dns-domain",
    "kubernetes-version",
    "apiserver-advertise-address",
    "apiserver-bind-port",
    "control-plane-endpoint",
    "node-name",
    "image-repository",
    "cert-dir",
    "skip-phases",
    "token",
    "v",
];

/// Its flags that take none.
const BOOL_FLAGS: [&str; 3] = ["upload-certs", "dry-run", "skip-token-print"];

/// The files of a control plane kubeadm wrote: what a reset removes.
const CONTROL_PLANE_FILES: [&str; 10] = [
    "/etc/kubernetes/admin.conf",
    "/etc/kubernetes/kubelet.conf",
    "/etc/kubernetes/controller-manager.conf",
    "/etc/kubernetes/scheduler.conf",
    "/etc/kubernetes/manifests/etcd.yaml",
    "/etc/kubernetes/manifests/kube-apiserver.yaml",
    "/etc/kubernetes/manifests/kube-controller-manager.yaml",
    "/etc/kubernetes/manifests/kube-scheduler.yaml",
    "/var/lib/kubelet/config.yaml",
    "/var/lib/kubelet/kubeadm-flags.env",
];

/// An error kubeadm prints (stderr) with its klog hint, exit 1.
fn fail(text: &str) -> Outcome {
    Outcome::err(1, format!("{text}\n{STACK}"))
}

/// `nodeRegistration.criSocket` of a kubeadm configuration file: the
/// `criSocket:` key inside `nodeRegistration:` (of any document).
fn cri_socket_of(text: &str) -> Option<String> {
    let mut inside = false;
    let mut indent = 0;
    for line in text.lines() {
        let t = line.trim_start();
        if t.is_empty() || t.starts_with('#') {
            continue;
        }
        let ind = line.len() - t.len();
        if t.starts_with("nodeRegistration:") {
            inside = true;
            indent = ind;
            continue;
        }
        if inside && ind <= indent {
            inside = false;
        }
        if inside {
            if let Some(v) = t.strip_prefix("criSocket:") {
                let v = v.trim().trim_matches('"').trim_matches('\'');
                if !v.is_empty() {
                    return Some(v.to_string());
                }
            }
        }
    }
    None
}

/// A socket path with kubeadm's scheme (it prepends `unix://` to a path
/// given without one).
fn with_scheme(s: &str) -> String {
    if s.contains("://") {
        s.to_string()
    } else {
        format!("unix://{s}")
    }
}

impl World {
    /// Whether a known CRI socket is on the node (a socket at that path,
    /// `/var/run` being `/run`).
    fn socket_on_node(&self, endpoint: &str) -> bool {
        let p = normalize("/", endpoint.strip_prefix("unix://").unwrap_or(endpoint));
        matches!(self.node.fs.get(&p), Ok(Entry::Socket))
    }

    /// `kubeadm …`.
    pub(crate) fn kubeadm(&mut self, argv: &[String], io: &Io<'_>) -> Outcome {
        match argv.get(1).map(String::as_str) {
            Some("init") => self.kubeadm_init(argv.get(2..).unwrap_or(&[]), io),
            _ => Outcome::said(
                1,
                crate::msg!(
                    "said-not-modelled",
                    command = crate::command::shell::join(argv),
                    modelled = "kubeadm init [--cri-socket SOCKET | --config FILE]"
                ),
            ),
        }
    }

    /// `kubeadm init`.
    fn kubeadm_init(&mut self, args: &[String], io: &Io<'_>) -> Outcome {
        let mut flags: Vec<(String, String)> = Vec::new();
        let mut i = 0;
        while let Some(a) = args.get(i) {
            i += 1;
            let Some(f) = a.strip_prefix("--") else {
                if a.starts_with('-') {
                    let c = a.chars().nth(1).unwrap_or('?');
                    return fail(&format!("unknown shorthand flag: '{c}' in {a}"));
                }
                return fail(&format!("unknown command \"{a}\" for \"kubeadm init\""));
            };
            let (name, value) = match f.split_once('=') {
                Some((n, v)) => (n.to_string(), Some(v.to_string())),
                None => (f.to_string(), None),
            };
            if BOOL_FLAGS.contains(&name.as_str()) {
                flags.push((name, value.unwrap_or_else(|| "true".into())));
            } else if VALUE_FLAGS.contains(&name.as_str()) {
                let v = match value {
                    Some(v) => v,
                    None => match args.get(i) {
                        Some(v) => {
                            i += 1;
                            v.clone()
                        }
                        None => return fail(&format!("flag needs an argument: --{name}")),
                    },
                };
                flags.push((name, v));
            } else {
                return fail(&format!("unknown flag: --{name}"));
            }
        }
        let flag = |n: &str| {
            flags
                .iter()
                .rev()
                .find(|(k, _)| k == n)
                .map(|(_, v)| v.clone())
        };
        let config = flag("config");
        if config.is_some() {
            let mixed: Vec<&str> = flags
                .iter()
                .map(|(k, _)| k.as_str())
                .filter(|k| {
                    !matches!(
                        *k,
                        "config"
                            | "ignore-preflight-errors"
                            | "v"
                            | "upload-certs"
                            | "skip-phases"
                            | "dry-run"
                            | "skip-token-print"
                    )
                })
                .collect();
            if !mixed.is_empty() {
                return fail(&format!(
                    "can not mix '--config' with arguments [{}]",
                    mixed.join(" ")
                ));
            }
        }
        let given = match &config {
            Some(path) => {
                let p = normalize(io.cwd, path);
                match self.read_file(&p) {
                    Ok(text) => cri_socket_of(&text),
                    Err(e) => {
                        return fail(&format!(
                            "unable to read config from \"{path}\" : open {path}: {}",
                            e.to_string().to_lowercase()
                        ))
                    }
                }
            }
            None => flag("cri-socket"),
        };
        let endpoint = match given {
            Some(s) => with_scheme(&s),
            None => {
                let found: Vec<&str> = KNOWN_SOCKETS
                    .into_iter()
                    .filter(|s| self.socket_on_node(s))
                    .collect();
                if found.len() > 1 {
                    let head = if self.cfg.k8s.0 >= 31 {
                        "found multiple CRI endpoints on the host"
                    } else {
                        "Found multiple CRI endpoints on the host"
                    };
                    return fail(&format!(
                        "{head}. Please define which one do you wish to use by setting the 'criSocket' field in the kubeadm configuration file: {}",
                        found.join(", ")
                    ));
                }
                found
                    .first()
                    .map_or("unix:///var/run/containerd/containerd.sock", |s| s)
                    .to_string()
            }
        };
        let version = self.k8s_patch();
        let mut out = format!(
            "[init] Using Kubernetes version: {version}\n[preflight] Running pre-flight checks\n"
        );
        let ignore = flag("ignore-preflight-errors")
            .unwrap_or_default()
            .to_lowercase();
        let errors: Vec<(String, String)> = self
            .kubeadm_preflight(&endpoint)
            .into_iter()
            .filter(|(id, _)| {
                !ignore
                    .split(',')
                    .any(|x| x == "all" || x == id.to_lowercase())
            })
            .collect();
        if !errors.is_empty() {
            let mut err = String::from(
                "error execution phase preflight: [preflight] Some fatal errors occurred:\n",
            );
            for (id, text) in &errors {
                err.push_str(&format!("\t[ERROR {id}]: {text}\n"));
            }
            err.push_str("[preflight] If you know what you are doing, you can make a check non-fatal with `--ignore-preflight-errors=...`\n");
            err.push_str(STACK);
            let mut o = Outcome::err(1, err);
            o.stdout = out;
            return o;
        }
        self.kubeadm_write(&endpoint);
        out.push_str(&self.kubeadm_init_lines(&version));
        Outcome::ok(out)
    }

    /// The preflight checks that fail on this node: a control plane
    /// already there, a kubelet running, the container runtime not
    /// answering on the endpoint. `(check name, text)` in kubeadm's order.
    fn kubeadm_preflight(&self, endpoint: &str) -> Vec<(String, String)> {
        let mut errs = Vec::new();
        if let Err(e) = super::kubelet_service::dial(&self.cfg, &self.node.fs, endpoint) {
            // kubeadm runs `crictl -r ENDPOINT info` and quotes its output
            // (v1.28: `output: time=… level=fatal msg="validate service
            // connection: …"`).
            let why = if e.contains("code = Unimplemented") {
                format!(
                    "CRI v1 runtime API is not implemented for endpoint \\\"{endpoint}\\\": {e}"
                )
            } else {
                format!(
                    "validate CRI v1 runtime API for endpoint \\\"{endpoint}\\\": {}",
                    super::kubelet_service::esc(&e)
                )
            };
            errs.push((
                "CRI".to_string(),
                format!(
                    "container runtime is not running: output: time=\"{}\" level=fatal msg=\"validate service connection: {why}\"\n, error: exit status 1",
                    World::rfc3339(self.now_ms, false),
                ),
            ));
        }
        let up = self.node.object.control_plane;
        if up {
            for port in ["6443", "10259", "10257"] {
                errs.push((format!("Port-{port}"), format!("Port {port} is in use")));
            }
        }
        for name in [
            "kube-apiserver",
            "kube-controller-manager",
            "kube-scheduler",
            "etcd",
        ] {
            let p = format!("/etc/kubernetes/manifests/{name}.yaml");
            if self.node.fs.exists(&p) {
                errs.push((
                    format!("FileAvailable-{}", p.replace('/', "-")),
                    format!("{p} already exists"),
                ));
            }
        }
        if self.node.units.is_active("kubelet.service") {
            errs.push(("Port-10250".to_string(), "Port 10250 is in use".to_string()));
        }
        if up {
            for port in ["2379", "2380"] {
                errs.push((format!("Port-{port}"), format!("Port {port} is in use")));
            }
        }
        errs
    }

    /// What `kubeadm init` leaves: the files, the kubelet started, the
    /// control plane up, the Node's annotation.
    fn kubeadm_write(&mut self, endpoint: &str) {
        let fresh = super::files::generate(&self.cfg);
        for p in CONTROL_PLANE_FILES {
            if let Ok(e) = fresh.get(p) {
                self.node.fs.put(p, e.clone());
            }
        }
        for f in ["ca.crt", "apiserver.crt", "apiserver-kubelet-client.crt"] {
            let p = format!("/etc/kubernetes/pki/{f}");
            if let Ok(e) = fresh.get(&p) {
                self.node.fs.put(&p, e.clone());
            }
        }
        let flags = super::config_files::kubeadm_flags(&self.cfg);
        let flags = match flags.split_once("--container-runtime-endpoint=") {
            Some((head, rest)) => {
                let tail = rest.split_once(' ').map_or("\"\n", |(_, t)| t);
                let sep = if tail.starts_with('"') { "" } else { " " };
                format!("{head}--container-runtime-endpoint={endpoint}{sep}{tail}")
            }
            None => flags,
        };
        self.node
            .fs
            .put_file("/var/lib/kubelet/kubeadm-flags.env", flags);
        let mut object = NodeObject::new(&self.cfg);
        object
            .annotations
            .insert(CRI_SOCKET_ANNOTATION.to_string(), endpoint.to_string());
        self.node.object = object;
        let name = "kubelet.service";
        if self.node.units.is_active(name) {
            self.unit_stop(name, false);
        }
        self.unit_start(name, Starter::User);
    }

    /// kubeadm's lines after its preflight passed (v1.28's phases).
    fn kubeadm_init_lines(&mut self, version: &str) -> String {
        let ip = "192.168.49.2";
        let token = {
            let h = self.hex_id();
            format!(
                "{}.{}",
                h.get(0..6).unwrap_or("abcdef"),
                h.get(6..22).unwrap_or("")
            )
        };
        let hash = self.hex_id();
        let mut s = String::new();
        s.push_str("[preflight] Pulling images required for setting up a Kubernetes cluster\n");
        s.push_str("[preflight] This might take a minute or two, depending on the speed of your internet connection\n");
        s.push_str("[preflight] You can also perform this action in beforehand using 'kubeadm config images pull'\n");
        s.push_str("[certs] Using certificateDir folder \"/etc/kubernetes/pki\"\n");
        s.push_str("[certs] Generating \"ca\" certificate and key\n");
        s.push_str("[certs] Generating \"apiserver\" certificate and key\n");
        s.push_str(&format!("[certs] apiserver serving cert is signed for DNS names [kubernetes kubernetes.default kubernetes.default.svc kubernetes.default.svc.cluster.local {NODE}] and IPs [10.96.0.1 {ip}]\n"));
        s.push_str("[certs] Generating \"apiserver-kubelet-client\" certificate and key\n");
        s.push_str("[certs] Generating \"front-proxy-ca\" certificate and key\n");
        s.push_str("[certs] Generating \"front-proxy-client\" certificate and key\n");
        s.push_str("[certs] Generating \"etcd/ca\" certificate and key\n");
        s.push_str("[certs] Generating \"etcd/server\" certificate and key\n");
        s.push_str(&format!("[certs] etcd/server serving cert is signed for DNS names [localhost {NODE}] and IPs [{ip} 127.0.0.1 ::1]\n"));
        s.push_str("[certs] Generating \"etcd/peer\" certificate and key\n");
        s.push_str(&format!("[certs] etcd/peer serving cert is signed for DNS names [localhost {NODE}] and IPs [{ip} 127.0.0.1 ::1]\n"));
        s.push_str("[certs] Generating \"etcd/healthcheck-client\" certificate and key\n");
        s.push_str("[certs] Generating \"apiserver-etcd-client\" certificate and key\n");
        s.push_str("[certs] Generating \"sa\" key and public key\n");
        s.push_str("[kubeconfig] Using kubeconfig folder \"/etc/kubernetes\"\n");
        s.push_str("[kubeconfig] Writing \"admin.conf\" kubeconfig file\n");
        s.push_str("[kubeconfig] Writing \"kubelet.conf\" kubeconfig file\n");
        s.push_str("[kubeconfig] Writing \"controller-manager.conf\" kubeconfig file\n");
        s.push_str("[kubeconfig] Writing \"scheduler.conf\" kubeconfig file\n");
        s.push_str(
            "[etcd] Creating static Pod manifest for local etcd in \"/etc/kubernetes/manifests\"\n",
        );
        s.push_str("[control-plane] Using manifest folder \"/etc/kubernetes/manifests\"\n");
        for c in [
            "kube-apiserver",
            "kube-controller-manager",
            "kube-scheduler",
        ] {
            s.push_str(&format!(
                "[control-plane] Creating static Pod manifest for \"{c}\"\n"
            ));
        }
        s.push_str("[kubelet-start] Writing kubelet environment file with flags to file \"/var/lib/kubelet/kubeadm-flags.env\"\n");
        s.push_str("[kubelet-start] Writing kubelet configuration to file \"/var/lib/kubelet/config.yaml\"\n");
        s.push_str("[kubelet-start] Starting the kubelet\n");
        s.push_str("[wait-control-plane] Waiting for the kubelet to boot up the control plane as static Pods from directory \"/etc/kubernetes/manifests\". This can take up to 4m0s\n");
        s.push_str("[apiclient] All control plane components are healthy after 6.502091 seconds\n");
        s.push_str("[upload-config] Storing the configuration used in ConfigMap \"kubeadm-config\" in the \"kube-system\" Namespace\n");
        s.push_str("[kubelet] Creating a ConfigMap \"kubelet-config\" in namespace kube-system with the configuration for the kubelets in the cluster\n");
        s.push_str("[upload-certs] Skipping phase. Please see --upload-certs\n");
        s.push_str(&format!("[mark-control-plane] Marking the node {NODE} as control-plane by adding the labels: [node-role.kubernetes.io/control-plane node.kubernetes.io/exclude-from-external-load-balancers]\n"));
        s.push_str(&format!("[mark-control-plane] Marking the node {NODE} as control-plane by adding the taints [node-role.kubernetes.io/control-plane:NoSchedule]\n"));
        s.push_str(&format!("[bootstrap-token] Using token: {token}\n"));
        s.push_str(
            "[bootstrap-token] Configuring bootstrap tokens, cluster-info ConfigMap, RBAC Roles\n",
        );
        s.push_str(
            "[bootstrap-token] Configured RBAC rules to allow Node Bootstrap tokens to get nodes\n",
        );
        s.push_str("[bootstrap-token] Configured RBAC rules to allow Node Bootstrap tokens to post CSRs in order for nodes to get long term certificate credentials\n");
        s.push_str("[bootstrap-token] Configured RBAC rules to allow the csrapprover controller automatically approve CSRs from a Node Bootstrap Token\n");
        s.push_str("[bootstrap-token] Configured RBAC rules to allow certificate rotation for all node client certificates in the cluster\n");
        s.push_str("[bootstrap-token] Creating the \"cluster-info\" ConfigMap in the \"kube-public\" namespace\n");
        s.push_str("[kubelet-finalize] Updating \"/etc/kubernetes/kubelet.conf\" to point to a rotatable kubelet client certificate and key\n");
        s.push_str("[addons] Applied essential addon: CoreDNS\n");
        s.push_str("[addons] Applied essential addon: kube-proxy\n\n");
        s.push_str("Your Kubernetes control-plane has initialized successfully!\n\n");
        s.push_str(
            "To start using your cluster, you need to run the following as a regular user:\n\n",
        );
        s.push_str("  mkdir -p $HOME/.kube\n  sudo cp -i /etc/kubernetes/admin.conf $HOME/.kube/config\n  sudo chown $(id -u):$(id -g) $HOME/.kube/config\n\n");
        s.push_str("Alternatively, if you are the root user, you can run:\n\n  export KUBECONFIG=/etc/kubernetes/admin.conf\n\n");
        s.push_str("You should now deploy a pod network to the cluster.\nRun \"kubectl apply -f [podnetwork].yaml\" with one of the options listed at:\n  https://kubernetes.io/docs/concepts/cluster-administration/addons/\n\n");
        s.push_str("Then you can join any number of worker nodes by running the following on each as root:\n\n");
        s.push_str(&format!(
            "kubeadm join {ip}:6443 --token {token} \\\n\t--discovery-token-ca-cert-hash sha256:{hash} \n"
        ));
        let _ = version;
        s
    }

    /// A node where kubeadm has not run (or `kubeadm reset` ran): no
    /// control plane, the kubelet stopped, kubeadm's files gone.
    pub(crate) fn kubeadm_reset_state(&mut self) {
        let name = "kubelet.service";
        if self.node.units.get(name).is_some() {
            self.unit_stop(name, false);
        }
        for p in CONTROL_PLANE_FILES {
            let _ = self.node.fs.remove(p);
        }
        self.node.object.control_plane = false;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cri_socket_of_an_init_configuration() {
        let t = "apiVersion: kubeadm.k8s.io/v1beta3\nkind: InitConfiguration\nnodeRegistration:\n  name: node-1\n  criSocket: \"unix:///var/run/containerd/containerd.sock\"\n---\nkind: ClusterConfiguration\n";
        assert_eq!(
            cri_socket_of(t).as_deref(),
            Some("unix:///var/run/containerd/containerd.sock")
        );
        assert_eq!(
            cri_socket_of("kind: InitConfiguration\ncriSocket: x\n"),
            None
        );
        assert_eq!(with_scheme("/run/x.sock"), "unix:///run/x.sock");
    }
}
