//! The curated scenarios: a configuration and a script, each faithful to the
//! reference (shared/reference/STACK.md §1–§9).

use crate::config::{Config, K8sVersion, Oci, Runtime};
use crate::message::{Catalog, Msg};
use crate::msg;
use std::borrow::Cow;

/// One named scenario.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scenario {
    /// The name `--scenario` takes; its title is message
    /// `scn-<name>-title` ([`Scenario::title`]).
    pub name: &'static str,
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
    /// One line on what it shows: message `scn-<name>-title`
    /// (`i18n/*/scenario.ftl`).
    pub fn title(&self) -> Msg {
        Msg {
            id: Cow::Owned(format!("scn-{}-title", self.name)),
            args: Vec::new(),
        }
    }

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
    pub fn runs_on_msg(&self, config: &Config) -> Result<(), Msg> {
        // A pod that names a RuntimeClass needs a node (a cluster) offering it.
        if let Some(rest) = self.script.split("\"runtimeClassName\":\"").nth(1) {
            let class = rest.split('"').next().unwrap_or("");
            if config.oci.runtime_class().map(|(name, _)| name) != Some(class) {
                return Err(msg!(
                    "scn-needs-runtime-class",
                    scenario = self.name,
                    class = class,
                    oci = self.oci.id()
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
                    return Err(msg!(
                        "scn-needs-docker",
                        scenario = self.name,
                        runtime = config.runtime.label_msg()
                    ))
                }
                "kubectl" | "crictl" if !config.runtime.has_kubernetes() => {
                    return Err(msg!(
                        "scn-needs-kubernetes",
                        scenario = self.name,
                        tool = tool,
                        runtime = config.runtime.label_msg()
                    ))
                }
                "podman" if !config.runtime.has_podman() => {
                    return Err(msg!(
                        "scn-needs-podman",
                        scenario = self.name,
                        runtime = config.runtime.label_msg()
                    ))
                }
                "ctr" | "nerdctl" if !config.runtime.has_containerd() => {
                    return Err(msg!(
                        "scn-needs-containerd",
                        scenario = self.name,
                        tool = tool,
                        runtime = config.runtime.label_msg()
                    ))
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// [`Scenario::runs_on_msg`] in English.
    pub fn runs_on(&self, config: &Config) -> Result<(), String> {
        self.runs_on_msg(config)
            .map_err(|m| Catalog::english().render(&m))
    }

    /// The `command` of the trace header of this scenario's run, as every
    /// face writes it (`atlas sim --scenario NAME`, the app's export).
    pub fn trace_command(&self) -> String {
        format!("scenario {}", self.name)
    }
}

const fn sc(name: &'static str, k8s: u8, runtime: Runtime, script: &'static str) -> Scenario {
    sc_oci(name, k8s, runtime, Oci::Runc, script)
}

/// A scenario on another OCI runtime or sandbox than runc.
const fn sc_oci(
    name: &'static str,
    k8s: u8,
    runtime: Runtime,
    oci: Oci,
    script: &'static str,
) -> Scenario {
    Scenario {
        name,
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
    sc("kubectl-run", 28, Runtime::Containerd17,
       "kubectl run nginx --image=nginx\nkubectl get pods -o wide\n"),
    sc("kubectl-run-crio", 28, Runtime::CriO,
       "kubectl run nginx --image=nginx\nkubectl get pods\n"),
    sc("kubectl-run-dockershim", 22, Runtime::Dockershim,
       "kubectl run nginx --image=nginx\nkubectl get pods\n"),
    sc("kubectl-run-cri-dockerd", 28, Runtime::CriDockerd,
       "kubectl run nginx --image=nginx\nkubectl get pods\n"),
    sc("docker-run-port", 28, Runtime::CriDockerd,
       "docker run -d -p 8080:80 nginx\ndocker ps\n"),
    sc("docker-run-init", 28, Runtime::CriDockerd,
       "docker run -d --init --name sleeper busybox sleep 3600\ndocker ps\ndocker stop sleeper\n"),
    sc("nerdctl-run", 28, Runtime::Containerd17,
       "nerdctl run -d --name web -p 8080:80 nginx\nnerdctl ps\n"),
    sc("ctr-run", 28, Runtime::Containerd17,
       "ctr images pull docker.io/library/nginx:latest\nctr run -d docker.io/library/nginx:latest web\nctr tasks ls\n"),
    sc("runc-run", 28, Runtime::Containerd17,
       "runc spec\nrunc run demo\nrunc list\n"),
    sc("crictl-lifecycle", 28, Runtime::Containerd17,
       "POD=$(crictl runp pod-config.json)\ncrictl pull busybox\nCTR=$(crictl create $POD container-config.json pod-config.json)\ncrictl start $CTR\ncrictl ps\ncrictl stop $CTR\ncrictl rm $CTR\ncrictl stopp $POD\ncrictl rmp $POD\ncrictl pods\n"),
    sc("crictl-stopp", 28, Runtime::Containerd17,
       "kubectl run nginx --image=nginx\nPOD=$(crictl pods --name nginx -q)\ncrictl stopp $POD\nsleep 2\ncrictl pods\nkubectl get pods\n"),
    sc("image-pull-multiarch", 28, Runtime::Containerd17,
       "crictl pull nginx\ncrictl images\n"),
    sc("crash-backoff", 28, Runtime::Containerd17,
       "kubectl run crasher --image=busybox -- sh -c 'exit 1'\nsleep 2\nkubectl get pods\nsleep 80\nkubectl get pods\n"),
    sc("oom-kill", 23, Runtime::Containerd17,
       "kubectl run hog --image=polinux/stress --overrides='{\"spec\":{\"containers\":[{\"name\":\"hog\",\"image\":\"polinux/stress\",\"args\":[\"stress\",\"--vm\",\"1\",\"--vm-bytes\",\"250M\",\"--vm-hang\",\"1\"],\"resources\":{\"limits\":{\"memory\":\"100Mi\"}}}]}}'\nsleep 2\nkubectl get pods\n"),
    sc("kubectl-exec", 28, Runtime::Containerd17,
       "kubectl run nginx --image=nginx\nkubectl exec nginx -- hostname\n"),
    sc("kubectl-logs", 28, Runtime::Containerd17,
       "kubectl run nginx --image=nginx\nkubectl logs nginx\n"),
    sc("pod-delete-grace", 28, Runtime::Containerd17,
       "kubectl run sleeper --image=busybox -- sleep 3600\nkubectl delete pod sleeper\nkubectl get pods\nsleep 60\n"),
    sc("containerd-restart", 28, Runtime::Containerd17,
       "kubectl run nginx --image=nginx\nsystemctl restart containerd\ncrictl ps\n"),
    sc_oci("kubectl-run-kata", 31, Runtime::Containerd2, Oci::Kata,
       "kubectl run nginx --image=nginx --overrides='{\"spec\":{\"runtimeClassName\":\"kata\"}}'\ncrictl ps\nkubectl exec nginx -- hostname\nkubectl delete pod nginx\n"),
    sc_oci("kubectl-run-kata-crio", 31, Runtime::CriO, Oci::Kata,
       "kubectl run nginx --image=nginx --overrides='{\"spec\":{\"runtimeClassName\":\"kata\"}}'\ncrictl ps\nkubectl exec nginx -- hostname\nkubectl delete pod nginx\n"),
    sc_oci("kubectl-run-gvisor", 30, Runtime::Containerd2, Oci::Gvisor,
       "kubectl run nginx --image=nginx --overrides='{\"spec\":{\"runtimeClassName\":\"gvisor\"}}'\ncrictl ps\nkubectl delete pod nginx\nsleep 60\n"),
    sc("docker-run-gvisor", 28, Runtime::CriDockerd,
       "docker run -d --name web --runtime=runsc nginx\ndocker ps\ndocker stop web\ndocker rm web\n"),
    Scenario {
        name: "podman-run",
        k8s: 28,
        runtime: Runtime::Podman,
        oci: Oci::Crun,
        script: "podman run -d --name web nginx\npodman ps\npodman logs web\npodman stop web\npodman ps -a\npodman rm web\n",
    },
    Scenario {
        name: "podman-run-rootless",
        k8s: 28,
        runtime: Runtime::Podman,
        oci: Oci::Crun,
        script: "sudo -u alice podman run -d --name web -p 8080:80 nginx\nsudo -u alice podman ps\n",
    },
    Scenario {
        name: "podman-pod",
        k8s: 28,
        runtime: Runtime::Podman,
        oci: Oci::Crun,
        script: "podman pod create --name web\npodman run -d --pod web --name app nginx\npodman pod ps\npodman ps -a\n",
    },
    sc(HUNDRED_PODS, 28, Runtime::Containerd17,
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
    fn every_title_is_in_both_catalogs_and_refusals_speak_korean() {
        use crate::message::Lang;
        let en = Catalog::english();
        let ko = Catalog::builtin(Lang::Ko);
        for s in SCENARIOS {
            let id = s.title().id;
            assert!(en.has(&id) && ko.has(&id), "{id}");
        }
        assert_eq!(
            en.render(&find("kubectl-run").expect("scenario").title()),
            "kubectl run on Kubernetes 1.28 with containerd 1.7 and runc (reference S1)"
        );
        let podman = Config {
            k8s: K8sVersion(28),
            runtime: Runtime::Podman,
            oci: Oci::Crun,
        };
        let why = find("kubectl-run")
            .expect("scenario")
            .runs_on_msg(&podman)
            .unwrap_err();
        assert_eq!(
            ko.render(&why),
            "kubectl-run 시나리오는 kubectl 명령을 실행하는데, Podman 5.8(쿠버네티스 없음) 호스트에는 \
             쿠버네티스도 CRI 런타임도 없다. 런타임으로 containerd, CRI-O 또는 도커 엔진을 선택한다"
        );
        let why = find("docker-run-port")
            .expect("scenario")
            .runs_on_msg(&Config::default())
            .unwrap_err();
        assert_eq!(
            ko.render(&why),
            "docker-run-port 시나리오는 docker를 실행하는데, containerd 1.7 노드에는 도커 엔진이 없다. \
             런타임으로 도커 엔진(dockershim 또는 cri-dockerd 경유)을 선택한다"
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
