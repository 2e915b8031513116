//! The curated scenarios: a configuration and a script, each faithful to the
//! reference (shared/reference/STACK.md §1–§9).

use crate::config::{Config, K8sVersion, Oci, Runtime};

/// One named scenario.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scenario {
    /// The name `--scenario` takes.
    pub name: &'static str,
    /// One line on what it shows.
    pub title: &'static str,
    /// Kubernetes minor version.
    pub k8s: u8,
    /// High-level runtime.
    pub runtime: Runtime,
    /// OCI runtime.
    pub oci: Oci,
    /// The commands, one per line.
    pub script: &'static str,
}

impl Scenario {
    /// The scenario's configuration.
    pub fn config(&self) -> Config {
        Config {
            k8s: K8sVersion(self.k8s),
            runtime: self.runtime,
            oci: self.oci,
        }
    }

    /// Whether the scenario can play on a node: its script runs `docker`,
    /// which needs Docker Engine on the node, `ctr`/`nerdctl`, which need
    /// containerd, `kubectl`/`crictl`, which need Kubernetes and a CRI
    /// runtime (a Podman host has neither), or `podman`, which needs Podman
    /// (a Podman host, or a CRI-O node). `Err` says why not, before anything
    /// plays (on such a node the first command would only fail to reach its
    /// daemon).
    pub fn runs_on(&self, config: &Config) -> Result<(), String> {
        // A pod that names a RuntimeClass needs a node (a cluster) offering it.
        if let Some(rest) = self.script.split("\"runtimeClassName\":\"").nth(1) {
            let class = rest.split('"').next().unwrap_or("");
            if config.oci.runtime_class().map(|(name, _)| name) != Some(class) {
                return Err(format!(
                    "{} asks for RuntimeClass {class}, which only a node with {} offers: choose {} as the OCI runtime",
                    self.name,
                    self.oci.id(),
                    self.oci.id()
                ));
            }
        }
        let tools = self.script.lines().filter_map(|l| {
            let l = l.trim_start();
            let l = l.split_once("=$(").map_or(l, |(_, rest)| rest);
            // `sudo -u USER podman …`: the program after sudo's options.
            let mut words = l.split_whitespace().peekable();
            if words.peek() == Some(&"sudo") {
                words.next();
                while let Some(w) = words.next() {
                    match w {
                        "-u" | "-g" => {
                            words.next();
                        }
                        w if w.starts_with('-') => {}
                        w => return Some(w),
                    }
                }
                return None;
            }
            words.next()
        });
        for tool in tools {
            match tool {
                "docker" if !config.runtime.has_docker() => {
                    return Err(format!(
                        "{} runs docker, and a {} node has no Docker Engine: choose Docker Engine (via dockershim or cri-dockerd) as the runtime",
                        self.name,
                        config.runtime.label()
                    ))
                }
                "kubectl" | "crictl" if !config.runtime.has_kubernetes() => {
                    return Err(format!(
                        "{} runs {tool}, and a {} host runs no Kubernetes and no CRI runtime: choose containerd, CRI-O or Docker Engine as the runtime",
                        self.name,
                        config.runtime.label()
                    ))
                }
                "podman" if !config.runtime.has_podman() => {
                    return Err(format!(
                        "{} runs podman, which a {} node does not have: choose Podman (a host without Kubernetes) or CRI-O as the runtime",
                        self.name,
                        config.runtime.label()
                    ))
                }
                "ctr" | "nerdctl" if !config.runtime.has_containerd() => {
                    return Err(format!(
                        "{} runs {tool}, a containerd client, and a {} node has no containerd: choose containerd or Docker Engine as the runtime",
                        self.name,
                        config.runtime.label()
                    ))
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// The `command` of the trace header of this scenario's run, as every
    /// face writes it (`atlas sim --scenario NAME`, the app's export).
    pub fn trace_command(&self) -> String {
        format!("scenario {}", self.name)
    }
}

const fn sc(
    name: &'static str,
    title: &'static str,
    k8s: u8,
    runtime: Runtime,
    script: &'static str,
) -> Scenario {
    sc_oci(name, title, k8s, runtime, Oci::Runc, script)
}

/// A scenario on another OCI runtime or sandbox than runc.
const fn sc_oci(
    name: &'static str,
    title: &'static str,
    k8s: u8,
    runtime: Runtime,
    oci: Oci,
    script: &'static str,
) -> Scenario {
    Scenario {
        name,
        title,
        k8s,
        runtime,
        oci,
        script,
    }
}

/// Ten `kubectl run web-DN --image=nginx` lines, N = 0..9, for the tens digit `D`.
macro_rules! ten_pods {
    ($d:literal) => {
        concat!(
            "kubectl run web-",
            $d,
            "0 --image=nginx\n",
            "kubectl run web-",
            $d,
            "1 --image=nginx\n",
            "kubectl run web-",
            $d,
            "2 --image=nginx\n",
            "kubectl run web-",
            $d,
            "3 --image=nginx\n",
            "kubectl run web-",
            $d,
            "4 --image=nginx\n",
            "kubectl run web-",
            $d,
            "5 --image=nginx\n",
            "kubectl run web-",
            $d,
            "6 --image=nginx\n",
            "kubectl run web-",
            $d,
            "7 --image=nginx\n",
            "kubectl run web-",
            $d,
            "8 --image=nginx\n",
            "kubectl run web-",
            $d,
            "9 --image=nginx\n",
        )
    };
}

/// The script of [`HUNDRED_PODS`]: 100 × `kubectl run`, then `kubectl get pods`.
pub const HUNDRED_PODS_SCRIPT: &str = concat!(
    ten_pods!("0"),
    ten_pods!("1"),
    ten_pods!("2"),
    ten_pods!("3"),
    ten_pods!("4"),
    ten_pods!("5"),
    ten_pods!("6"),
    ten_pods!("7"),
    ten_pods!("8"),
    ten_pods!("9"),
    "kubectl get pods\n",
);

/// The name of the 100-pod scenario (the frame-time benchmark plays it).
pub const HUNDRED_PODS: &str = "hundred-pods";

/// Every scenario, in menu order.
pub const SCENARIOS: &[Scenario] = &[
    sc("kubectl-run", "kubectl run on Kubernetes 1.28 with containerd 1.7 and runc (reference S1)", 28, Runtime::Containerd17,
       "kubectl run nginx --image=nginx\nkubectl get pods -o wide\n"),
    sc("kubectl-run-crio", "the same pod on CRI-O: pinns, no pause process, conmon per container", 28, Runtime::CriO,
       "kubectl run nginx --image=nginx\nkubectl get pods\n"),
    sc("kubectl-run-dockershim", "Kubernetes 1.22: kubelet's built-in dockershim drives Docker Engine", 22, Runtime::Dockershim,
       "kubectl run nginx --image=nginx\nkubectl get pods\n"),
    sc("kubectl-run-cri-dockerd", "Kubernetes 1.24+: dockershim is gone; cri-dockerd keeps Docker Engine", 28, Runtime::CriDockerd,
       "kubectl run nginx --image=nginx\nkubectl get pods\n"),
    sc("docker-run-port", "docker run -d -p 8080:80 nginx: dockerd, containerd, runc, docker-proxy (reference S3)", 28, Runtime::CriDockerd,
       "docker run -d -p 8080:80 nginx\ndocker ps\n"),
    sc("docker-run-init", "docker run --init: docker-init (tini) as PID 1 forwards SIGTERM, so docker stop is quick", 28, Runtime::CriDockerd,
       "docker run -d --init --name sleeper busybox sleep 3600\ndocker ps\ndocker stop sleeper\n"),
    sc("nerdctl-run", "nerdctl: Docker-style CLI, no daemon of its own, straight to containerd", 28, Runtime::Containerd17,
       "nerdctl run -d --name web -p 8080:80 nginx\nnerdctl ps\n"),
    sc("ctr-run", "ctr: containerd's debug client, namespace default, no CRI and no CNI", 28, Runtime::Containerd17,
       "ctr images pull docker.io/library/nginx:latest\nctr run -d docker.io/library/nginx:latest web\nctr tasks ls\n"),
    sc("runc-run", "runc directly: runc spec, then runc run (reference S9)", 28, Runtime::Containerd17,
       "runc spec\nrunc run demo\nrunc list\n"),
    sc("crictl-lifecycle", "crictl by hand: runp, create, start, stop, rm, stopp, rmp", 28, Runtime::Containerd17,
       "POD=$(crictl runp pod-config.json)\ncrictl pull busybox\nCTR=$(crictl create $POD container-config.json pod-config.json)\ncrictl start $CTR\ncrictl ps\ncrictl stop $CTR\ncrictl rm $CTR\ncrictl stopp $POD\ncrictl rmp $POD\ncrictl pods\n"),
    sc("crictl-stopp", "stop a kubelet-managed sandbox behind its back: the kubelet makes a new one", 28, Runtime::Containerd17,
       "kubectl run nginx --image=nginx\nPOD=$(crictl pods --name nginx -q)\ncrictl stopp $POD\nsleep 2\ncrictl pods\nkubectl get pods\n"),
    sc("image-pull-multiarch", "pulling a multi-arch image: index, platform manifest, config, layers, unpack", 28, Runtime::Containerd17,
       "crictl pull nginx\ncrictl images\n"),
    sc("crash-backoff", "a container that exits 1: restarts after 0 s, 10 s, 20 s, 40 s … up to 5 min", 28, Runtime::Containerd17,
       "kubectl run crasher --image=busybox -- sh -c 'exit 1'\nsleep 2\nkubectl get pods\nsleep 80\nkubectl get pods\n"),
    sc("oom-kill", "a memory hog over its limit: the kernel OOM killer, OOMKilled, restart", 23, Runtime::Containerd17,
       "kubectl run hog --image=polinux/stress --overrides='{\"spec\":{\"containers\":[{\"name\":\"hog\",\"image\":\"polinux/stress\",\"args\":[\"stress\",\"--vm\",\"1\",\"--vm-bytes\",\"250M\",\"--vm-hang\",\"1\"],\"resources\":{\"limits\":{\"memory\":\"100Mi\"}}}]}}'\nsleep 2\nkubectl get pods\n"),
    sc("kubectl-exec", "kubectl exec: API server → kubelet → CRI Exec → streaming → shim → runc exec", 28, Runtime::Containerd17,
       "kubectl run nginx --image=nginx\nkubectl exec nginx -- hostname\n"),
    sc("kubectl-logs", "kubectl logs: the kubelet reads the CRI log file itself", 28, Runtime::Containerd17,
       "kubectl run nginx --image=nginx\nkubectl logs nginx\n"),
    sc("pod-delete-grace", "graceful deletion: SIGTERM, the 30 s grace period, SIGKILL, then GC", 28, Runtime::Containerd17,
       "kubectl run sleeper --image=busybox -- sleep 3600\nkubectl delete pod sleeper\nkubectl get pods\nsleep 60\n"),
    sc("containerd-restart", "containerd restarts; the shim keeps the container alive and containerd reconnects", 28, Runtime::Containerd17,
       "kubectl run nginx --image=nginx\nsystemctl restart containerd\ncrictl ps\n"),
    sc_oci("kubectl-run-kata", "Kata Containers under containerd 2.1: one shim per pod starts virtiofsd and QEMU; kata-agent makes the containers inside the VM", 31, Runtime::Containerd2, Oci::Kata,
       "kubectl run nginx --image=nginx --overrides='{\"spec\":{\"runtimeClassName\":\"kata\"}}'\ncrictl ps\nkubectl exec nginx -- hostname\nkubectl delete pod nginx\n"),
    sc_oci("kubectl-run-kata-crio", "Kata under CRI-O (runtime_type \"vm\"): no conmon; CRI-O execs the Kata shim and is its ttRPC client", 31, Runtime::CriO, Oci::Kata,
       "kubectl run nginx --image=nginx --overrides='{\"spec\":{\"runtimeClassName\":\"kata\"}}'\ncrictl ps\nkubectl exec nginx -- hostname\nkubectl delete pod nginx\n"),
    sc_oci("kubectl-run-gvisor", "a pod under gVisor (RuntimeClass gvisor, handler runsc): a shim per container execs runsc; the Sentry, not the host kernel, answers nginx", 30, Runtime::Containerd2, Oci::Gvisor,
       "kubectl run nginx --image=nginx --overrides='{\"spec\":{\"runtimeClassName\":\"gvisor\"}}'\ncrictl ps\nkubectl delete pod nginx\nsleep 60\n"),
    sc("docker-run-gvisor", "docker run --runtime=runsc: containerd-shim-runc-v2 execs runsc (BinaryName); the container is its own gVisor sandbox", 28, Runtime::CriDockerd,
       "docker run -d --name web --runtime=runsc nginx\ndocker ps\ndocker stop web\ndocker rm web\n"),
    Scenario {
        name: "podman-run",
        title: "podman run -d nginx: no daemon; conmon runs crun create, podman runs crun start and exits; on stop, conmon's exit command cleans up (reference §4.1)",
        k8s: 28,
        runtime: Runtime::Podman,
        oci: Oci::Crun,
        script: "podman run -d --name web nginx\npodman ps\npodman logs web\npodman stop web\npodman ps -a\npodman rm web\n",
    },
    Scenario {
        name: "podman-run-rootless",
        title: "rootless Podman: a user namespace from newuidmap/newgidmap, the pause process, pasta for the network (reference §4.2)",
        k8s: 28,
        runtime: Runtime::Podman,
        oci: Oci::Crun,
        script: "sudo -u alice podman run -d --name web -p 8080:80 nginx\nsudo -u alice podman ps\n",
    },
    Scenario {
        name: "podman-pod",
        title: "podman pod create: an infra container running /catatonit -P holds the pod's namespaces; each container has its own conmon (reference §4.3)",
        k8s: 28,
        runtime: Runtime::Podman,
        oci: Oci::Crun,
        script: "podman pod create --name web\npodman run -d --pod web --name app nginx\npodman pod ps\npodman ps -a\n",
    },
    sc(HUNDRED_PODS, "100 pods on one node (under the kubelet's default maxPods of 110): the same path a hundred times", 28, Runtime::Containerd17,
       HUNDRED_PODS_SCRIPT),
];

/// Finds a scenario by name.
pub fn find(name: &str) -> Option<&'static Scenario> {
    SCENARIOS.iter().find(|s| s.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_scenario_config_is_possible_and_names_unique() {
        let mut names: Vec<_> = SCENARIOS.iter().map(|s| s.name).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), SCENARIOS.len());
        for s in SCENARIOS {
            assert!(s.config().check().is_ok(), "{}", s.name);
        }
    }

    #[test]
    fn podman_and_kubernetes_scenarios_say_where_they_cannot_play() {
        let podman = Config {
            k8s: K8sVersion(28),
            runtime: Runtime::Podman,
            oci: Oci::Crun,
        };
        let why = find("kubectl-run").map(|s| s.runs_on(&podman));
        assert!(
            matches!(&why, Some(Err(w)) if w.contains("no Kubernetes")),
            "{why:?}"
        );
        let run = find("podman-run-rootless").expect("scenario");
        assert_eq!(run.runs_on(&podman), Ok(()));
        let crio = Config {
            runtime: Runtime::CriO,
            ..podman
        };
        assert_eq!(run.runs_on(&crio), Ok(()));
        let why = run.runs_on(&Config::default());
        assert!(
            matches!(&why, Err(w) if w.contains("runs podman")),
            "{why:?}"
        );
    }

    #[test]
    fn hundred_pods_runs_a_hundred_distinct_pods() {
        let s = find(HUNDRED_PODS).expect("the 100-pod scenario");
        let lines: Vec<&str> = s.script.lines().collect();
        assert_eq!(lines.len(), 101);
        let mut names: Vec<&str> = lines[..100]
            .iter()
            .map(|l| l.split_whitespace().nth(2).unwrap_or(""))
            .collect();
        assert_eq!((names[0], names[99]), ("web-00", "web-99"));
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), 100);
        assert_eq!(lines[100], "kubectl get pods");
    }
}
