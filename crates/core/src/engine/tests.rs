//! The engine's own tests: dates and ids, and whole flows checked against the
//! topology (every hop along an edge) and for determinism.

mod basics {
    use super::super::*;

    #[test]
    fn dates() {
        assert_eq!(World::rfc3339(0, false), "2026-01-05T09:00:00Z");
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(19_723), (2024, 1, 1));
    }

    #[test]
    fn ids_are_deterministic() {
        let mut a = World::new(Config::default(), 7);
        let mut b = World::new(Config::default(), 7);
        assert_eq!(a.hex_id(), b.hex_id());
        assert_eq!(a.uuid(), b.uuid());
        assert_eq!(a.hex_id().len(), 64);
    }
}

mod flow_tests {
    use super::super::kube::PodSpec;
    use super::super::*;

    pub(crate) fn dump(w: &mut World) -> String {
        w.take_hops()
            .iter()
            .map(|h| {
                format!(
                    "{:>3} {} -> {} [{}] {}{}",
                    h.seq,
                    h.from,
                    h.to,
                    h.iface,
                    h.call,
                    h.effects
                        .iter()
                        .map(|e| format!("  ({} {} {})", e.object, e.layer, e.to))
                        .collect::<String>()
                )
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    fn run_everything(cfg: Config) -> World {
        let mut w = World::new(cfg, 3);
        w.kubectl_run(PodSpec {
            namespace: "default".into(),
            name: "nginx".into(),
            image: "nginx".into(),
            ..PodSpec::default()
        });
        w.settle();
        w.kubectl_run(PodSpec {
            namespace: "default".into(),
            name: "crasher".into(),
            image: "busybox".into(),
            command: vec!["sh".into(), "-c".into(), "exit 1".into()],
            ..PodSpec::default()
        });
        w.settle();
        w.advance_to(w.now_ms() + 45_000);
        w.kubectl_exec("default", "nginx", &["hostname".to_string()], false);
        w.kubectl_logs("default", "nginx", false, false);
        w.kubectl_delete("default", "nginx", None, false);
        w.settle();
        w.advance_to(w.now_ms() + 61_000);
        w.crictl_runp("pod-config.json", "");
        w.crictl_pull("busybox");
        if cfg.runtime.has_containerd() {
            w.ctr_pull("default", "docker.io/library/nginx:latest");
            w.client_run(
                Component::Ctr,
                "default",
                "docker.io/library/nginx:latest",
                "web",
                vec![],
                true,
                vec![],
                None,
            );
            w.client_run(
                Component::Nerdctl,
                "default",
                "nginx",
                "web2",
                vec![],
                true,
                vec![(8080, 80)],
                None,
            );
            w.systemctl_containerd(true, true);
        }
        if cfg.runtime.has_docker() {
            let opts = docker::RunOpts {
                image: "nginx".into(),
                ports: vec![(8080, 80)],
                ..Default::default()
            };
            w.docker_run_cmd(&opts, true);
            let opts = docker::RunOpts {
                image: "busybox".into(),
                name: Some("s".into()),
                cmd: vec!["sleep".into(), "3600".into()],
                init: true,
                ..Default::default()
            };
            w.docker_run_cmd(&opts, true);
            w.docker_stop_cmd(&["s".to_string()], 10);
        }
        w.settle();
        w
    }

    #[test]
    fn every_hop_runs_along_a_topology_edge() {
        use crate::config::{K8sVersion, Oci, Runtime};
        let configs = [
            Config::default(),
            Config {
                k8s: K8sVersion(30),
                runtime: Runtime::Containerd2,
                oci: Oci::Runc,
            },
            Config {
                k8s: K8sVersion(28),
                runtime: Runtime::CriO,
                oci: Oci::Runc,
            },
            Config {
                k8s: K8sVersion(31),
                runtime: Runtime::CriO,
                oci: Oci::Crun,
            },
            Config {
                k8s: K8sVersion(22),
                runtime: Runtime::Dockershim,
                oci: Oci::Runc,
            },
            Config {
                k8s: K8sVersion(28),
                runtime: Runtime::CriDockerd,
                oci: Oci::Runc,
            },
            Config {
                k8s: K8sVersion(28),
                runtime: Runtime::Containerd17,
                oci: Oci::Crun,
            },
        ];
        for cfg in configs {
            let mut w = run_everything(cfg);
            let topo = w.topology().clone();
            let hops = w.take_hops();
            assert!(hops.len() > 100, "{cfg:?}: only {} hops", hops.len());
            let mut bad: Vec<String> = hops
                .iter()
                .filter(|h| !topo.has_edge(h.from, h.to, h.iface))
                .map(|h| format!("{} -> {} [{}] {}", h.from, h.to, h.iface, h.call))
                .collect();
            bad.sort();
            bad.dedup();
            assert!(
                bad.is_empty(),
                "{cfg:?}: hops off the topology:\n{}",
                bad.join("\n")
            );
            for (i, h) in hops.iter().enumerate() {
                assert_eq!(h.seq as usize, i + 1);
            }
        }
    }

    #[test]
    fn same_seed_same_trace() {
        let a = run_everything(Config::default()).take_hops();
        let b = run_everything(Config::default()).take_hops();
        assert_eq!(a, b);
    }

    #[test]
    fn kubectl_run_flow() {
        let mut w = World::new(Config::default(), 1);
        let out = w.kubectl_run(PodSpec {
            namespace: "default".into(),
            name: "nginx".into(),
            image: "nginx".into(),
            ..PodSpec::default()
        });
        w.settle();
        assert_eq!(out.stdout, "pod/nginx created\n");
        let d = dump(&mut w);
        println!("{d}");
        let topo = w.topology().clone();
        let _ = topo;
    }
}
