//! Where a component lives on a node under a configuration: the program file
//! it runs from (or the process it is a part of), the sockets and ports it
//! answers on, the address it calls, its configuration file and the directory
//! where it keeps its state: what a component's card shows beside
//! [`describe`](crate::topology::describe).
//!
//! Paths are the real projects' defaults and the ones the engine's own hops
//! use (reference STACK.md §1, §2, §4; SANDBOXED-AND-PODMAN.md §1–§4); a
//! component the model does not run (youki, Cloud Hypervisor, slirp4netns)
//! gets no fact rather than a guess.

use crate::config::{Config, Oci, Runtime};
use crate::lifecycle::verbs::Machine;
use crate::message::Msg;
use crate::msg;
use crate::topology::{cri_server, oci_binary, oci_root, pod_shim, task_shim};
use crate::trace::{Component, Layer};

/// What a fact on a card says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    /// The program file it runs from.
    Binary,
    /// The process it is a part of (a plugin, a service inside a daemon).
    PartOf,
    /// A Unix socket it answers on.
    Socket,
    /// A TCP port or other address it listens on.
    Listens,
    /// It has no socket of its own (the note says why).
    NoSocket,
    /// The address it calls.
    Calls,
    /// Its configuration file.
    Config,
    /// Where it keeps its state.
    State,
    /// A service on the network, not on the node.
    Remote,
}

impl Role {
    /// The label of the fact (`card-role-…`).
    pub fn label(self) -> Msg {
        match self {
            Role::Binary => msg!("card-role-binary"),
            Role::PartOf => msg!("card-role-part-of"),
            Role::Socket => msg!("card-role-socket"),
            Role::Listens => msg!("card-role-listens"),
            Role::NoSocket => msg!("card-role-socket"),
            Role::Calls => msg!("card-role-calls"),
            Role::Config => msg!("card-role-config"),
            Role::State => msg!("card-role-state"),
            Role::Remote => msg!("card-role-remote"),
        }
    }
}

/// One fact: a path or an address, and what it is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fact {
    /// What the fact says.
    pub role: Role,
    /// The path or address (empty for [`Role::NoSocket`]).
    pub value: String,
    /// What it is for, when the label alone does not say.
    pub note: Option<Msg>,
}

/// What a component's card says about it on a node.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Card {
    /// The component.
    pub component: Component,
    /// One sentence on what it is.
    pub what: Msg,
    /// Its program, sockets, files, in that order.
    pub facts: Vec<Fact>,
}

impl Card {
    /// The first fact of a role, if any.
    pub fn value(&self, role: Role) -> Option<&str> {
        self.facts
            .iter()
            .find(|f| f.role == role)
            .map(|f| f.value.as_str())
    }
}

fn fact(role: Role, value: impl Into<String>) -> Fact {
    Fact {
        role,
        value: value.into(),
        note: None,
    }
}

fn noted(role: Role, value: impl Into<String>, note: Msg) -> Fact {
    Fact {
        role,
        value: value.into(),
        note: Some(note),
    }
}

/// containerd's gRPC socket (CRI and containerd's own API).
pub const CONTAINERD_SOCK: &str = "/run/containerd/containerd.sock";
/// containerd's ttRPC socket (shims' events).
pub const CONTAINERD_TTRPC: &str = "/run/containerd/containerd.sock.ttrpc";
/// A containerd shim's ttRPC socket (the hash of containerd's address, the namespace and the id).
pub const SHIM_SOCK: &str = "/run/containerd/s/<sha256>";
/// CRI-O's socket.
pub const CRIO_SOCK: &str = "/var/run/crio/crio.sock";
/// Docker Engine's socket.
pub const DOCKER_SOCK: &str = "/var/run/docker.sock";
/// dockershim's socket, served by the kubelet itself (Kubernetes ≤ 1.23).
pub const DOCKERSHIM_SOCK: &str = "/var/run/dockershim.sock";
/// cri-dockerd's socket.
pub const CRI_DOCKERD_SOCK: &str = "/var/run/cri-dockerd.sock";

/// The socket the kubelet (and crictl) reach the CRI server at.
pub fn cri_socket(config: &Config) -> Option<&'static str> {
    match config.runtime {
        Runtime::Containerd17 | Runtime::Containerd2 => Some(CONTAINERD_SOCK),
        Runtime::CriO => Some(CRIO_SOCK),
        Runtime::Dockershim => Some(DOCKERSHIM_SOCK),
        Runtime::CriDockerd => Some(CRI_DOCKERD_SOCK),
        Runtime::Podman => None,
    }
}

/// The containerd namespace the node's pods (or Docker's containers) live in.
fn namespace(config: &Config) -> &'static str {
    if config.runtime.has_docker() {
        "moby"
    } else {
        "k8s.io"
    }
}

/// Who runs the OCI runtime for the node's containers, for its `--root`.
fn oci_caller(config: &Config) -> Component {
    match config.runtime {
        Runtime::Podman => Component::Podman,
        Runtime::Dockershim | Runtime::CriDockerd => Component::ShimRuncV2,
        // conmon runs the runtime (and Podman's runc or crun) even where
        // pods run under Kata.
        Runtime::CriO => Component::Conmon,
        _ => pod_shim(config),
    }
}

/// The card of a component on a node.
pub fn card(c: Component, config: &Config) -> Card {
    Card {
        component: c,
        what: crate::topology::describe(c),
        facts: facts(c, config),
    }
}

fn part_of_containerd() -> Fact {
    noted(
        Role::PartOf,
        "containerd (/usr/bin/containerd)",
        msg!("card-note-in-process"),
    )
}

fn runs_once() -> Fact {
    noted(Role::NoSocket, "", msg!("card-note-runs-once"))
}

fn facts(c: Component, config: &Config) -> Vec<Fact> {
    use Component::*;
    let ns = namespace(config);
    let runtime_state = |bin: Component| {
        noted(
            Role::State,
            oci_root(oci_caller(config), bin, ns),
            msg!("card-note-oci-root"),
        )
    };
    match c {
        Kubectl => vec![
            fact(Role::Binary, "/usr/bin/kubectl"),
            fact(Role::Calls, "https://<control-plane>:6443"),
            fact(Role::Config, "~/.kube/config"),
        ],
        KubeApiserver => vec![
            noted(
                Role::Config,
                "/etc/kubernetes/manifests/kube-apiserver.yaml",
                msg!("card-note-static-pod"),
            ),
            fact(Role::Listens, ":6443 (HTTPS)"),
        ],
        Etcd => vec![
            noted(
                Role::Config,
                "/etc/kubernetes/manifests/etcd.yaml",
                msg!("card-note-static-pod"),
            ),
            fact(Role::Listens, "https://127.0.0.1:2379"),
            fact(Role::State, "/var/lib/etcd"),
        ],
        KubeScheduler => vec![
            noted(
                Role::Config,
                "/etc/kubernetes/manifests/kube-scheduler.yaml",
                msg!("card-note-static-pod"),
            ),
            fact(Role::Listens, ":10259 (HTTPS)"),
        ],
        Kubelet => {
            let mut v = vec![
                fact(Role::Binary, "/usr/bin/kubelet"),
                fact(Role::Config, "/var/lib/kubelet/config.yaml"),
                fact(Role::Listens, ":10250 (HTTPS)"),
            ];
            if let Some(s) = cri_socket(config) {
                v.push(noted(
                    Role::Calls,
                    format!("unix://{s}"),
                    msg!("card-note-cri-endpoint"),
                ));
            }
            v
        }
        Dockershim => vec![
            noted(
                Role::PartOf,
                "kubelet (/usr/bin/kubelet)",
                msg!("card-note-in-process"),
            ),
            fact(Role::Socket, DOCKERSHIM_SOCK),
            fact(Role::Calls, DOCKER_SOCK),
        ],
        CriDockerd => vec![
            fact(Role::Binary, "/usr/bin/cri-dockerd"),
            fact(Role::Socket, CRI_DOCKERD_SOCK),
            fact(Role::Calls, DOCKER_SOCK),
        ],
        Containerd => vec![
            fact(Role::Binary, "/usr/bin/containerd"),
            noted(Role::Socket, CONTAINERD_SOCK, msg!("card-note-grpc")),
            noted(Role::Socket, CONTAINERD_TTRPC, msg!("card-note-events")),
            fact(Role::Config, "/etc/containerd/config.toml"),
            fact(Role::State, "/var/lib/containerd"),
        ],
        ContainerdCri => vec![
            part_of_containerd(),
            noted(
                Role::Socket,
                CONTAINERD_SOCK,
                msg!("card-note-cri-namespace"),
            ),
            fact(Role::State, "/var/lib/containerd/io.containerd.grpc.v1.cri"),
        ],
        ContainerdContent => vec![
            part_of_containerd(),
            fact(
                Role::State,
                "/var/lib/containerd/io.containerd.content.v1.content",
            ),
        ],
        ContainerdImages => vec![
            part_of_containerd(),
            fact(
                Role::State,
                "/var/lib/containerd/io.containerd.metadata.v1.bolt/meta.db",
            ),
        ],
        ContainerdSnapshotter => vec![
            part_of_containerd(),
            fact(
                Role::State,
                "/var/lib/containerd/io.containerd.snapshotter.v1.overlayfs",
            ),
        ],
        ContainerdTasks => vec![
            part_of_containerd(),
            noted(
                Role::State,
                format!("/run/containerd/io.containerd.runtime.v2.task/{ns}/<id>"),
                msg!("card-note-bundle"),
            ),
        ],
        ContainerdEvents => vec![
            part_of_containerd(),
            noted(Role::Socket, CONTAINERD_TTRPC, msg!("card-note-events")),
        ],
        CriO => vec![
            fact(Role::Binary, "/usr/bin/crio"),
            fact(Role::Socket, CRIO_SOCK),
            fact(Role::Config, "/etc/crio/crio.conf"),
            fact(Role::State, "/var/lib/containers/storage"),
        ],
        Dockerd => vec![
            fact(Role::Binary, "/usr/bin/dockerd"),
            fact(Role::Socket, DOCKER_SOCK),
            noted(
                Role::Calls,
                CONTAINERD_SOCK,
                msg!("card-note-namespace", ns = "moby"),
            ),
            fact(Role::Config, "/etc/docker/daemon.json"),
        ],
        Podman => vec![
            fact(Role::Binary, "/usr/bin/podman"),
            noted(Role::NoSocket, "", msg!("card-note-no-daemon")),
            fact(Role::Config, "/etc/containers/containers.conf"),
            fact(Role::State, "/var/lib/containers/storage"),
        ],
        ShimRuncV2 => vec![
            fact(Role::Binary, "/usr/bin/containerd-shim-runc-v2"),
            noted(Role::Socket, SHIM_SOCK, msg!("card-note-shim-socket")),
            noted(Role::Calls, CONTAINERD_TTRPC, msg!("card-note-events")),
        ],
        ShimKataV2 => vec![
            fact(Role::Binary, "/opt/kata/bin/containerd-shim-kata-v2"),
            noted(Role::Socket, SHIM_SOCK, msg!("card-note-shim-socket")),
            fact(
                Role::Config,
                "/opt/kata/share/defaults/kata-containers/configuration.toml",
            ),
            fact(Role::State, "/run/vc/sbs/<sandbox-id>"),
        ],
        ShimRunscV1 => vec![
            fact(Role::Binary, "/usr/local/bin/containerd-shim-runsc-v1"),
            noted(Role::Socket, SHIM_SOCK, msg!("card-note-shim-socket")),
            noted(Role::Calls, CONTAINERD_TTRPC, msg!("card-note-events")),
        ],
        Conmon => {
            let exits = if config.runtime == Runtime::Podman {
                "/run/libpod/exits"
            } else {
                "/var/run/crio/exits"
            };
            vec![
                fact(Role::Binary, "/usr/bin/conmon"),
                noted(Role::NoSocket, "", msg!("card-note-conmon")),
                noted(Role::State, exits, msg!("card-note-exit-files")),
            ]
        }
        Pinns => vec![
            fact(Role::Binary, "/usr/bin/pinns"),
            runs_once(),
            noted(
                Role::State,
                "/var/run/netns, /var/run/utsns, /var/run/ipcns",
                msg!("card-note-pinned"),
            ),
        ],
        Runc => vec![
            fact(Role::Binary, "/usr/bin/runc"),
            runs_once(),
            runtime_state(Runc),
        ],
        RuncInit => vec![
            noted(Role::Binary, "runc init", msg!("card-note-sealed-copy")),
            noted(Role::NoSocket, "", msg!("card-note-init-pipe")),
        ],
        Crun => vec![
            fact(Role::Binary, "/usr/bin/crun"),
            runs_once(),
            runtime_state(Crun),
        ],
        Runsc => vec![
            fact(Role::Binary, "/usr/local/bin/runsc"),
            runs_once(),
            runtime_state(Runsc),
        ],
        RunscSandbox => vec![
            noted(
                Role::Binary,
                "/usr/local/bin/runsc",
                msg!("card-note-argv0", name = "runsc-sandbox"),
            ),
            noted(
                Role::Socket,
                format!(
                    "{}/runsc-<sandbox-id>.sock",
                    oci_root(oci_caller(config), Runsc, ns)
                ),
                msg!("card-note-urpc"),
            ),
        ],
        RunscGofer => vec![noted(
            Role::Binary,
            "/usr/local/bin/runsc",
            msg!("card-note-argv0", name = "runsc-gofer"),
        )],
        Qemu => vec![
            fact(Role::Binary, "/opt/kata/bin/qemu-system-x86_64"),
            noted(
                Role::Socket,
                "/run/vc/vm/<sandbox-id>/qmp.sock",
                msg!("card-note-qmp"),
            ),
        ],
        Virtiofsd => vec![
            fact(Role::Binary, "/opt/kata/libexec/virtiofsd"),
            noted(
                Role::Socket,
                "/run/vc/vm/<sandbox-id>/vhost-fs.sock",
                msg!("card-note-vhost-user"),
            ),
        ],
        KataAgent => vec![
            noted(
                Role::Binary,
                "/usr/bin/kata-agent",
                msg!("card-note-in-guest"),
            ),
            noted(Role::Listens, "vsock :1024", msg!("card-note-vsock")),
        ],
        GuestKernel => vec![fact(
            Role::Binary,
            "/opt/kata/share/kata-containers/vmlinux.container",
        )],
        Netavark => vec![
            fact(Role::Binary, "/usr/libexec/podman/netavark"),
            runs_once(),
            fact(Role::Config, "/run/containers/networks"),
        ],
        AardvarkDns => vec![fact(Role::Binary, "/usr/libexec/podman/aardvark-dns")],
        Pasta => vec![fact(Role::Binary, "/usr/bin/pasta")],
        Catatonit => vec![fact(Role::Binary, "/usr/libexec/podman/catatonit")],
        DockerProxy => vec![fact(Role::Binary, "/usr/bin/docker-proxy")],
        DockerInit => vec![fact(Role::Binary, crate::oci::spec::DOCKER_INIT_HOST_PATH)],
        Cni => {
            let conf = match config.runtime {
                Runtime::Containerd17 | Runtime::Containerd2 => {
                    "/etc/cni/net.d/10-containerd-net.conflist"
                }
                Runtime::CriO => "/etc/cni/net.d/11-crio-ipv4-bridge.conflist",
                _ => "/etc/cni/net.d",
            };
            vec![
                fact(Role::Binary, "/opt/cni/bin/bridge"),
                runs_once(),
                fact(Role::Config, conf),
            ]
        }
        Registry => vec![fact(Role::Remote, "https://registry-1.docker.io")],
        AuthServer => vec![fact(Role::Remote, "https://auth.docker.io/token")],
        Docker => vec![
            fact(Role::Binary, "/usr/bin/docker"),
            fact(Role::Calls, format!("unix://{DOCKER_SOCK}")),
        ],
        Nerdctl => vec![
            fact(Role::Binary, "/usr/local/bin/nerdctl"),
            noted(
                Role::Calls,
                CONTAINERD_SOCK,
                msg!("card-note-namespace", ns = "default"),
            ),
        ],
        Ctr => vec![
            fact(Role::Binary, "/usr/bin/ctr"),
            noted(
                Role::Calls,
                CONTAINERD_SOCK,
                msg!("card-note-namespace", ns = "default"),
            ),
        ],
        Crictl => {
            let mut v = vec![fact(Role::Config, "/etc/crictl.yaml")];
            if let Some(s) = cri_socket(config) {
                v.push(fact(Role::Calls, format!("unix://{s}")));
            }
            v
        }
        Kernel => {
            let mut v = vec![fact(Role::State, "/sys/fs/cgroup")];
            if config.oci == Oci::Kata {
                v.push(noted(Role::State, "/dev/kvm", msg!("card-note-kvm")));
            }
            v
        }
        // Not run by the model, or nothing to say beyond what it is.
        Youki | CloudHypervisor | Slirp4netns | User | Container => Vec::new(),
    }
}

/// Whether a component keeps the objects an effect changes (`kind` as in
/// `sandbox/…`, on `layer`): the answerer of the layer's state machine on
/// this node, containerd's task service for tasks, the image store for
/// images, the kernel for processes.
pub fn keeps(c: Component, kind: &str, layer: Layer, config: &Config) -> bool {
    if let Some(m) = Machine::of(kind, layer) {
        let answerer = m.answerer(config);
        return answerer == c
            || (m == Machine::Task && c == Component::ContainerdTasks)
            || (m == Machine::OciContainer && c == oci_binary(config));
    }
    match (kind, layer) {
        ("image", _) => match config.runtime {
            Runtime::Containerd17 | Runtime::Containerd2 => c == Component::ContainerdImages,
            Runtime::Dockershim | Runtime::CriDockerd => c == Component::Dockerd,
            Runtime::CriO => c == Component::CriO,
            Runtime::Podman => c == Component::Podman,
        },
        (_, Layer::Kernel) => c == Component::Kernel,
        (_, Layer::Kubelet) => c == Component::Kubelet,
        (_, Layer::Cri) => c == cri_server(config),
        (_, Layer::Containerd) => c == task_shim(config) || c == Component::ContainerdTasks,
        (_, Layer::Oci) => c == oci_binary(config),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::K8sVersion;

    fn cfg(runtime: Runtime, oci: Oci) -> Config {
        Config {
            k8s: K8sVersion(if runtime == Runtime::Dockershim {
                23
            } else {
                30
            }),
            runtime,
            oci,
        }
    }

    #[test]
    fn containerd_17_with_runc() {
        let c = Config::default();
        let d = card(Component::Containerd, &c);
        assert_eq!(d.value(Role::Binary), Some("/usr/bin/containerd"));
        assert_eq!(
            d.value(Role::Socket),
            Some("/run/containerd/containerd.sock")
        );
        let shim = card(Component::ShimRuncV2, &c);
        assert!(shim
            .value(Role::Socket)
            .is_some_and(|s| s.starts_with("/run/containerd/s/")));
        let k = card(Component::Kubelet, &c);
        assert_eq!(k.value(Role::Binary), Some("/usr/bin/kubelet"));
        assert_eq!(k.value(Role::Config), Some("/var/lib/kubelet/config.yaml"));
        assert_eq!(
            k.value(Role::Calls),
            Some("unix:///run/containerd/containerd.sock")
        );
        let runc = card(Component::Runc, &c);
        assert_eq!(runc.value(Role::Binary), Some("/usr/bin/runc"));
        assert_eq!(runc.value(Role::Socket), None);
        assert!(runc.facts.iter().any(|f| f.role == Role::NoSocket));
        assert_eq!(runc.value(Role::State), Some("/run/containerd/runc/k8s.io"));
        // The CRI plugin is containerd's own process.
        let cri = card(Component::ContainerdCri, &c);
        assert_eq!(cri.value(Role::Binary), None);
        assert!(cri
            .value(Role::PartOf)
            .is_some_and(|p| p.contains("/usr/bin/containerd")));
    }

    #[test]
    fn cri_o_has_its_socket_and_conmon_has_none() {
        let c = cfg(Runtime::CriO, Oci::Crun);
        assert_eq!(
            card(Component::CriO, &c).value(Role::Socket),
            Some("/var/run/crio/crio.sock")
        );
        assert_eq!(
            card(Component::Kubelet, &c).value(Role::Calls),
            Some("unix:///var/run/crio/crio.sock")
        );
        let conmon = card(Component::Conmon, &c);
        assert_eq!(conmon.value(Role::Binary), Some("/usr/bin/conmon"));
        assert_eq!(conmon.value(Role::Socket), None);
        assert_eq!(conmon.value(Role::State), Some("/var/run/crio/exits"));
        // conmon runs crun with the runtime's default root.
        assert_eq!(
            card(Component::Crun, &c).value(Role::State),
            Some("/run/crun")
        );
    }

    #[test]
    fn docker_engine_behind_cri_dockerd_and_dockershim() {
        let c = cfg(Runtime::CriDockerd, Oci::Runc);
        assert_eq!(
            card(Component::Dockerd, &c).value(Role::Socket),
            Some("/var/run/docker.sock")
        );
        assert_eq!(
            card(Component::CriDockerd, &c).value(Role::Socket),
            Some("/var/run/cri-dockerd.sock")
        );
        assert_eq!(
            card(Component::Runc, &c).value(Role::State),
            Some("/var/run/docker/runtime-runc/moby")
        );
        let old = cfg(Runtime::Dockershim, Oci::Runc);
        let shim = card(Component::Dockershim, &old);
        assert_eq!(shim.value(Role::Socket), Some("/var/run/dockershim.sock"));
        assert!(shim
            .value(Role::PartOf)
            .is_some_and(|p| p.contains("kubelet")));
        assert_eq!(
            card(Component::Kubelet, &old).value(Role::Calls),
            Some("unix:///var/run/dockershim.sock")
        );
    }

    #[test]
    fn kata_and_gvisor() {
        let kata = cfg(Runtime::Containerd2, Oci::Kata);
        let shim = card(Component::ShimKataV2, &kata);
        assert_eq!(
            shim.value(Role::Binary),
            Some("/opt/kata/bin/containerd-shim-kata-v2")
        );
        assert!(shim
            .value(Role::Socket)
            .is_some_and(|s| s.starts_with("/run/containerd/s/")));
        assert_eq!(
            card(Component::Qemu, &kata).value(Role::Socket),
            Some("/run/vc/vm/<sandbox-id>/qmp.sock")
        );
        assert_eq!(
            card(Component::KataAgent, &kata).value(Role::Listens),
            Some("vsock :1024")
        );
        let gvisor = cfg(Runtime::Containerd17, Oci::Gvisor);
        assert_eq!(
            card(Component::Runsc, &gvisor).value(Role::State),
            Some("/run/containerd/runsc/k8s.io")
        );
        assert_eq!(
            card(Component::RunscSandbox, &gvisor).value(Role::Socket),
            Some("/run/containerd/runsc/k8s.io/runsc-<sandbox-id>.sock")
        );
        assert_eq!(
            card(Component::ShimRunscV1, &gvisor).value(Role::Binary),
            Some("/usr/local/bin/containerd-shim-runsc-v1")
        );
    }

    #[test]
    fn podman_has_no_daemon() {
        let c = cfg(Runtime::Podman, Oci::Crun);
        let p = card(Component::Podman, &c);
        assert_eq!(p.value(Role::Binary), Some("/usr/bin/podman"));
        assert_eq!(p.value(Role::Socket), None);
        assert!(p.facts.iter().any(|f| f.role == Role::NoSocket));
        assert_eq!(
            card(Component::Conmon, &c).value(Role::State),
            Some("/run/libpod/exits")
        );
        assert_eq!(
            card(Component::Crun, &c).value(Role::State),
            Some("/run/crun")
        );
        assert_eq!(card(Component::Kubelet, &c).value(Role::Calls), None);
    }

    #[test]
    fn objects_are_kept_by_the_machines_answerer() {
        let c = Config::default();
        assert!(keeps(Component::ContainerdCri, "sandbox", Layer::Cri, &c));
        assert!(keeps(Component::ContainerdCri, "container", Layer::Cri, &c));
        assert!(keeps(Component::ShimRuncV2, "task", Layer::Containerd, &c));
        assert!(keeps(
            Component::ContainerdTasks,
            "task",
            Layer::Containerd,
            &c
        ));
        assert!(keeps(Component::Runc, "container", Layer::Oci, &c));
        assert!(keeps(Component::Kubelet, "pod", Layer::Kubelet, &c));
        assert!(keeps(Component::Kernel, "process", Layer::Kernel, &c));
        assert!(keeps(
            Component::ContainerdImages,
            "image",
            Layer::Containerd,
            &c
        ));
        assert!(!keeps(Component::Runc, "sandbox", Layer::Cri, &c));
        let crio = cfg(Runtime::CriO, Oci::Crun);
        assert!(keeps(Component::CriO, "sandbox", Layer::Cri, &crio));
        assert!(keeps(Component::Crun, "container", Layer::Oci, &crio));
    }

    #[test]
    fn every_note_and_label_is_in_both_catalogs() {
        use crate::message::{Catalog, Lang};
        use crate::trace::Component;
        let configs = [
            Config::default(),
            cfg(Runtime::CriO, Oci::Kata),
            cfg(Runtime::Podman, Oci::Crun),
            cfg(Runtime::Containerd2, Oci::Gvisor),
            cfg(Runtime::Dockershim, Oci::Runc),
        ];
        for lang in [Lang::En, Lang::Ko] {
            let cat = Catalog::builtin(lang);
            for config in &configs {
                for c in Component::ALL {
                    for f in card(*c, config).facts {
                        for m in std::iter::once(f.role.label()).chain(f.note) {
                            let text = cat.render(&m);
                            assert!(!text.contains("card-"), "{lang:?} {c:?}: {text}");
                        }
                    }
                }
            }
        }
    }
}
