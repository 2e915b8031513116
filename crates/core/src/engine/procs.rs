//! The host's process table as `ps -ef` on the node shows it: what each
//! runtime leaves running for its containers. Under runc and crun that is a
//! shim or monitor per pod (or container) and the workloads themselves; under
//! Kata the shim, virtiofsd and QEMU and no workload (it runs in the guest);
//! under gVisor the shim, `runsc wait`, the Sentry and the gofer; after
//! `podman run -d` only conmon (ppid 1, with podman's argv) and the container
//! under it, rootless also pasta and the pause process (catatonit -P). Daemons (kubelet,
//! containerd, dockerd, CRI-O) are not listed here: this is the runtimes' part, as the
//! faces' process view shows it; the node's whole table (init, the units' daemons, the
//! login, with namespaces and cgroups) is `World::process_table` (`node::proc_table`).

use super::World;
use crate::lifecycle::oci::OciStatus;
use crate::trace::Component;

/// One process on the host.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct HostProcess {
    /// Its pid in the host's pid namespace.
    pub pid: u32,
    /// Its parent's pid (1 for a daemonized shim or monitor).
    pub ppid: u32,
    /// What program it is.
    pub program: Component,
    /// Its command line as `ps -ef` prints it.
    pub argv: Vec<String>,
    /// The container it runs or serves, when it belongs to one.
    pub container: Option<String>,
}

impl World {
    /// Every process the runtimes and their containers have on the host, by pid.
    pub fn host_processes(&self) -> Vec<HostProcess> {
        let mut v: Vec<HostProcess> = self
            .shims
            .values()
            .map(|s| HostProcess {
                pid: s.pid,
                ppid: 1,
                program: s.bin,
                argv: if s.bin == Component::ShimRunscV1 {
                    super::gvisor::shim_daemon_argv(&s.argv)
                } else {
                    s.argv.clone()
                },
                container: None,
            })
            .collect();
        for c in self.ctrs.values() {
            let live = matches!(c.oci, Some(OciStatus::Created | OciStatus::Running));
            let podman = self.podman.ctrs.get(&c.id);
            if let (Some(p), true) = (podman, live && c.shim_pid != 0) {
                v.push(HostProcess {
                    pid: c.shim_pid,
                    ppid: 1,
                    program: Component::Conmon,
                    argv: p.conmon_argv.clone(),
                    container: Some(c.id.clone()),
                });
                if p.pasta_pid != 0 {
                    v.push(HostProcess {
                        pid: p.pasta_pid,
                        ppid: 1,
                        program: Component::Pasta,
                        argv: vec![
                            "/usr/bin/pasta".to_string(),
                            "--config-net".into(),
                            "--netns".into(),
                            p.netns.clone(),
                        ],
                        container: Some(c.id.clone()),
                    });
                }
            } else if c.shim == Component::Conmon && c.shim_pid != 0 && live {
                v.push(HostProcess {
                    pid: c.shim_pid,
                    ppid: 1,
                    program: Component::Conmon,
                    argv: vec![
                        "/usr/bin/conmon".to_string(),
                        "-b".to_string(),
                        crate::oci::spec::sandbox_files::crio_userdata(&c.id),
                        "-c".to_string(),
                        c.id.clone(),
                    ],
                    container: Some(c.id.clone()),
                });
            }
            if !live || c.pid == 0 || !self.runs_on_host(c.shim) || c.oci_bin == Component::Runsc {
                continue;
            }
            let program = if c.args.first().is_some_and(|a| a == "/catatonit") {
                Component::Catatonit
            } else {
                Component::Container
            };
            let argv = if c.oci == Some(OciStatus::Created) {
                vec![format!("{}:[2:INIT]", c.oci_bin.id()), "init".to_string()]
            } else {
                c.args.clone()
            };
            v.push(HostProcess {
                pid: c.pid,
                ppid: c.shim_pid.max(1),
                program,
                argv,
                container: Some(c.id.clone()),
            });
        }
        self.kata_host_processes(&mut v);
        self.runsc_host_processes(&mut v);
        // Rootless Podman's pause processes (catatonit -P), one per user.
        for pid in self.podman.pause.values() {
            v.push(HostProcess {
                pid: *pid,
                ppid: 1,
                program: Component::Catatonit,
                argv: vec!["catatonit".to_string(), "-P".into()],
                container: None,
            });
        }
        crate::order::sort_by_key(&mut v, |p| p.pid);
        v.dedup_by_key(|p| p.pid);
        v
    }

    /// Whether a container supervised by this shim runs as a host process
    /// (not inside a VM or an application kernel).
    fn runs_on_host(&self, shim: Component) -> bool {
        !matches!(shim, Component::ShimKataV2 | Component::ShimRunscV1)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn after_podman_run_only_conmon_and_the_container_remain() {
        let cfg = Config::from_words(None, Some("podman"), None).unwrap();
        let mut sim = Sim::new(cfg, 1);
        sim.run_line("podman run -d nginx");
        let ps = sim.world().host_processes();
        let programs: Vec<(Component, u32)> = ps.iter().map(|p| (p.program, p.ppid)).collect();
        let conmon = ps
            .iter()
            .find(|p| p.program == Component::Conmon)
            .expect("conmon");
        assert_eq!(
            programs,
            [(Component::Conmon, 1), (Component::Container, conmon.pid)],
            "{ps:#?}"
        );
        assert!(conmon.argv.contains(&"--exit-command".to_string()));
        // Rootless adds pasta and the pause process (catatonit -P).
        sim.run_line("sudo -u alice podman run -d nginx");
        let ps = sim.world().host_processes();
        for p in [Component::Pasta, Component::Catatonit] {
            assert!(
                ps.iter().any(|x| x.program == p && x.ppid == 1),
                "{p:?}: {ps:#?}"
            );
        }
        assert!(
            !ps.iter().any(|x| x.program == Component::Podman),
            "{ps:#?}"
        );
    }

    use crate::sim::Sim;
    use crate::trace::Component;
    use crate::Config;

    #[test]
    fn a_runc_pod_leaves_its_shim_pause_and_workload() {
        let mut sim = Sim::new(Config::default(), 1);
        sim.run_line("kubectl run web --image=nginx");
        let ps = sim.world().host_processes();
        let shims: Vec<_> = ps
            .iter()
            .filter(|p| p.program == Component::ShimRuncV2)
            .collect();
        assert_eq!(shims.len(), 1, "one shim per pod: {ps:#?}");
        assert!(!shims[0].argv.contains(&"start".to_string()));
        let workloads: Vec<_> = ps
            .iter()
            .filter(|p| p.program == Component::Container)
            .map(|p| (p.ppid, p.argv[0].as_str()))
            .collect();
        assert_eq!(
            workloads,
            [
                (shims[0].pid, "/pause"),
                (shims[0].pid, "/docker-entrypoint.sh")
            ],
            "{ps:#?}"
        );
    }
}
