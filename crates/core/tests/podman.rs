//! Podman (reference SANDBOXED-AND-PODMAN.md §4): the scenarios podman-run,
//! podman-run-rootless and podman-pod against the reference's hop order
//! (§4.1 #1–14, §4.2, §4.3), their golden traces (`UPDATE_GOLDEN=1`
//! rewrites them), what a Podman host leaves running, and Podman beside
//! CRI-O.

mod common;

use common::{argv, golden, hops, in_order, run};

use atlas_core::scenario;
use atlas_core::sim::Sim;
use atlas_core::{Component, Config};

const SCENARIOS: [&str; 3] = ["podman-run", "podman-run-rootless", "podman-pod"];

#[test]
fn podman_run_follows_the_reference() {
    let sim = run("podman-run", 1);
    let all = hops(&sim);
    let got = in_order(
        "podman-run",
        &all,
        &[
            // §4.1 #1: no daemon.
            ("user", "podman", "podman"),
            // #2–#3: libimage pulls from the registry.
            ("podman", "podman", "libimage.Runtime.Pull"),
            ("podman", "registry", "GET /v2/"),
            (
                "podman",
                "registry",
                "GET /v2/library/nginx/manifests/latest",
            ),
            ("podman", "registry", "GET /v2/library/nginx/blobs/"),
            // #4: layers into containers/storage, the container's layer.
            ("podman", "podman", "storage.PutLayer"),
            ("podman", "podman", "storage.CreateImage"),
            ("podman", "podman", "storage.CreateContainer"),
            // #5: SQLite.
            ("podman", "podman", "INSERT INTO ContainerConfig"),
            // #6: netns ‖ mount.
            ("podman", "kernel", "unshare"),
            ("podman", "kernel", "mount"),
            // #7: netavark setup.
            ("podman", "netavark", "netavark"),
            // #8: config.json in userdata.
            ("podman", "podman", "write config.json"),
            // #9–#10: conmon, its double fork and subreaper.
            ("podman", "conmon", "conmon"),
            ("conmon", "conmon", "fork"),
            // #11: conmon runs crun create.
            ("conmon", "crun", "create"),
            ("crun", "kernel", "clone"),
            // #12: podman runs crun start itself.
            ("podman", "crun", "start"),
            ("crun", "kernel", "execve"),
            // #13: state running.
            ("podman", "podman", "UPDATE ContainerState"),
            // podman stop: state stopping, crun kill 15.
            ("user", "podman", "podman"),
            ("podman", "podman", "UPDATE ContainerState"),
            ("podman", "crun", "kill"),
            // #14: conmon reaps, writes the exit files, runs the exit command.
            ("kernel", "conmon", "wait4"),
            ("conmon", "kernel", "write"),
            ("conmon", "kernel", "write"),
            ("conmon", "podman", "podman"),
            // cleanup: network, runtime, storage.
            ("podman", "netavark", "netavark"),
            ("podman", "crun", "delete"),
            ("podman", "kernel", "umount2"),
            // conmon waits for its exit command, then exits; stop syncs.
            ("kernel", "conmon", "wait4"),
            ("podman", "podman", "syncContainer"),
            // podman rm: storage and the row.
            ("podman", "podman", "storage.DeleteContainer"),
            ("podman", "podman", "DELETE FROM ContainerConfig"),
        ],
    );
    let netavark = argv(got[11]);
    assert_eq!(
        &netavark[..5],
        [
            "/usr/libexec/podman/netavark",
            "--config",
            "/run/containers/networks",
            "--rootless=false",
            "--aardvark-binary=/usr/libexec/podman/aardvark-dns"
        ]
    );
    assert_eq!(netavark[5], "setup");
    assert!(netavark[6].starts_with("/run/netns/netns-"), "{netavark:?}");
    let conmon = argv(got[13]);
    let id = conmon[4].clone();
    assert_eq!(
        &conmon[..16],
        [
            "/usr/bin/conmon",
            "--api-version",
            "1",
            "-c",
            &id,
            "-u",
            &id,
            "-r",
            "/usr/bin/crun",
            "-b",
            &format!("/var/lib/containers/storage/overlay-containers/{id}/userdata"),
            "-p",
            &format!("/run/containers/storage/overlay-containers/{id}/userdata/pidfile"),
            "-n",
            "web",
            "--exit-dir",
        ]
    );
    let tail: Vec<&str> = conmon[conmon.len() - 8..]
        .iter()
        .map(String::as_str)
        .collect();
    assert_eq!(
        tail,
        [
            "--exit-command-arg",
            "container",
            "--exit-command-arg",
            "cleanup",
            "--exit-command-arg",
            "--stopped-only",
            "--exit-command-arg",
            &id
        ]
    );
    assert!(conmon
        .windows(2)
        .any(|w| w[0] == "--exit-command" && w[1] == "/usr/bin/podman"));
    assert!(
        conmon.contains(&"-s".to_string())
            && conmon.contains(&format!(
                "k8s-file:/var/lib/containers/storage/overlay-containers/{id}/userdata/ctr.log"
            ))
    );
    let create = argv(got[15]);
    assert_eq!(
        create,
        [
            "/usr/bin/crun",
            "--systemd-cgroup",
            "--log-format=json",
            "--log",
            &format!("/run/containers/storage/overlay-containers/{id}/userdata/oci-log"),
            "create",
            "--bundle",
            &format!("/var/lib/containers/storage/overlay-containers/{id}/userdata"),
            "--pid-file",
            &format!("/run/containers/storage/overlay-containers/{id}/userdata/pidfile"),
            &id,
        ]
    );
    assert_eq!(argv(got[17]), ["/usr/bin/crun", "start", &id]);
    assert_eq!(argv(got[22]), ["/usr/bin/crun", "kill", &id, "15"]);
    assert_eq!(argv(got[28]), ["/usr/bin/crun", "delete", "--force", &id]);
    // conmon exits only after its exit command: the effect is on its wait4.
    assert!(
        got[30].effects.iter().any(|e| e.to == "exited"),
        "{:?}",
        got[30]
    );
    assert!(
        got[26].effects.is_empty(),
        "conmon exited before its exit command ran"
    );
    // The cgroup is podman's systemd scope.
    assert!(all.iter().any(|h| h.from == Component::Crun
        && common::note(h).contains(&format!("/machine.slice/libpod-{id}.scope"))));
    // Nothing of Kubernetes, containerd or a daemon anywhere.
    for h in &all {
        for c in [h.from, h.to] {
            assert!(
                !matches!(
                    c,
                    Component::Kubelet
                        | Component::Containerd
                        | Component::ContainerdCri
                        | Component::CriO
                        | Component::Dockerd
                        | Component::KubeApiserver
                ),
                "{h:?}"
            );
        }
    }
    // podman ps: the DB and the exit file, no runtime call.
    let ps = &sim.steps()[1];
    assert!(
        ps.hops
            .iter()
            .all(|h| h.to != Component::Crun && h.to != Component::Conmon),
        "{:?}",
        ps.hops
    );
    assert!(ps.record.stdout.starts_with("CONTAINER ID  IMAGE                           COMMAND               CREATED       STATUS       PORTS       NAMES\n"), "{}", ps.record.stdout);
    assert!(ps
        .record
        .stdout
        .contains("docker.io/library/nginx:latest  nginx -g daemon o..."));
}

#[test]
fn after_podman_run_no_podman_and_no_daemon_remain() {
    for name in ["podman-run", "podman-run-rootless"] {
        let s = scenario::find(name).expect("scenario");
        let mut sim = Sim::new(s.config(), 1);
        let first = s.script.lines().next().unwrap_or_default();
        sim.run_line(first);
        let ps = sim.world().host_processes();
        let conmon = ps
            .iter()
            .find(|p| p.program == Component::Conmon)
            .expect("conmon");
        assert_eq!(conmon.ppid, 1);
        for p in &ps {
            match p.program {
                Component::Conmon => {}
                Component::Container => assert_eq!(p.ppid, conmon.pid, "{name}: {ps:#?}"),
                Component::Pasta | Component::Catatonit if name.ends_with("rootless") => {
                    assert_eq!(p.ppid, 1)
                }
                other => panic!("{name}: {other:?} left running: {ps:#?}"),
            }
        }
    }
}

#[test]
fn rootless_follows_the_reference() {
    let sim = run("podman-run-rootless", 1);
    let all = hops(&sim);
    let got = in_order(
        "podman-run-rootless",
        &all,
        &[
            ("user", "podman", "podman"),
            ("podman", "kernel", "clone"),
            ("podman", "kernel", "/usr/bin/newuidmap"),
            ("podman", "kernel", "/usr/bin/newgidmap"),
            ("podman", "catatonit", "/usr/libexec/podman/catatonit"),
            ("podman", "podman", "libimage.Runtime.Pull"),
            ("podman", "podman", "INSERT INTO ContainerConfig"),
            ("podman", "kernel", "unshare"),
            ("podman", "pasta", "pasta"),
            ("podman", "conmon", "conmon"),
            ("conmon", "crun", "create"),
            ("podman", "crun", "start"),
            // The second podman joins the pause process's namespaces.
            ("user", "podman", "podman"),
            ("podman", "kernel", "setns"),
        ],
    );
    let pasta = argv(got[8]);
    let netns = pasta[pasta.len() - 3].clone();
    assert!(
        netns.starts_with("/run/user/1000/netns/netns-"),
        "{pasta:?}"
    );
    assert_eq!(
        pasta,
        [
            "/usr/bin/pasta",
            "--config-net",
            "-t",
            "8080-8080:80-80",
            "--dns-forward",
            "169.254.1.1",
            "-u",
            "none",
            "-T",
            "none",
            "-U",
            "none",
            "--no-map-gw",
            "--quiet",
            "--netns",
            &netns,
            "--map-guest-addr",
            "169.254.1.2",
        ]
    );
    assert!(
        !all.iter().any(|h| h.to == Component::Netavark),
        "rootless default is pasta"
    );
    let conmon = argv(got[9]);
    assert!(conmon
        .iter()
        .any(|a| a.starts_with("/home/alice/.local/share/containers/storage/overlay-containers/")));
    assert!(conmon
        .iter()
        .any(|a| a == "/run/user/1000/libpod/tmp/exits"));
    assert!(all.iter().any(|h| common::note(h)
        .contains("/user.slice/user-1000.slice/user@1000.service/user.slice/libpod-")));
    // The rootful store does not see alice's containers.
    let ps = &sim.steps()[1].record.stdout;
    assert!(ps.contains("0.0.0.0:8080->80/tcp"), "{ps}");
}

#[test]
fn pod_follows_the_reference() {
    let sim = run("podman-pod", 1);
    let all = hops(&sim);
    let got = in_order(
        "podman-pod",
        &all,
        &[
            ("user", "podman", "podman"),
            ("podman", "podman", "INSERT INTO PodConfig"),
            ("podman", "podman", "prepareCatatonitMount"),
            ("podman", "podman", "INSERT INTO ContainerConfig"),
            ("user", "podman", "podman"),
            ("podman", "podman", "INSERT INTO ContainerConfig"),
            ("podman", "podman", "start dependencies"),
            ("podman", "netavark", "netavark"),
            ("podman", "conmon", "conmon"),
            ("conmon", "crun", "create"),
            ("podman", "crun", "start"),
            ("catatonit", "kernel", "pause"),
            ("podman", "conmon", "conmon"),
            ("conmon", "crun", "create"),
            ("crun", "kernel", "setns"),
            ("podman", "crun", "start"),
        ],
    );
    // The infra runs /catatonit -P; the app joins its namespaces.
    let infra_pid = sim
        .world()
        .host_processes()
        .into_iter()
        .find(|p| p.program == Component::Catatonit)
        .map(|p| p.pid)
        .expect("the infra process");
    let join = format!("{:?} {}", got[14].detail, common::note(got[14]));
    assert!(join.contains(&format!("/proc/{infra_pid}/ns/")), "{join}");
    // One conmon each; one netavark for the pod.
    let conmons = all
        .iter()
        .filter(|h| h.to == Component::Conmon && h.call == "conmon")
        .count();
    assert_eq!(conmons, 2);
    assert_eq!(
        all.iter().filter(|h| h.to == Component::Netavark).count(),
        1
    );
    let pods = &sim.steps()[2].record.stdout;
    assert!(
        pods.starts_with("POD ID        NAME        STATUS      CREATED"),
        "{pods}"
    );
    assert!(
        pods.contains("  web         Running     ") && pods.trim_end().ends_with("  2"),
        "{pods}"
    );
}

#[test]
fn podman_on_crio_shares_images_not_containers() {
    let cfg = Config::from_words(Some("1.28"), Some("cri-o"), None).expect("config");
    let mut sim = Sim::new(cfg, 1);
    sim.run_line("kubectl run nginx --image=nginx");
    let images = sim.run_line("podman images").record.stdout.clone();
    assert!(
        images.contains("docker.io/library/nginx  latest"),
        "{images}"
    );
    let ps = sim.run_line("podman ps -a").record.stdout.clone();
    assert_eq!(
        ps.lines().count(),
        1,
        "CRI-O's containers are not in libpod's database: {ps}"
    );
    // --external: containers/storage's containers, CRI-O's among them.
    let ext = sim.run_line("podman ps --external").record.stdout.clone();
    let row = ext.lines().nth(1).unwrap_or_default();
    assert!(
        row.contains("docker.io/library/nginx:latest  storage")
            && row.contains("Storage")
            && row.contains("k8s_nginx_nginx_default_"),
        "{ext}"
    );
    let topo = sim.world().topology();
    for h in sim.steps().iter().flat_map(|s| s.hops.iter()) {
        assert!(topo.has_edge(h.from, h.to, h.iface), "{h:?}");
    }
}

#[test]
fn a_podman_host_has_no_kubernetes_and_no_daemons() {
    let cfg = Config::from_words(None, Some("podman"), None).expect("config");
    let mut sim = Sim::new(cfg, 1);
    let k = sim.run_line("kubectl get pods").clone();
    assert_eq!(k.record.exit, 1);
    assert!(k.hops.is_empty());
    let lines: Vec<&str> = k.record.stderr.lines().collect();
    assert!(lines[0].contains(" memcache.go:265] couldn't get current server API group list: Get \"http://localhost:8080/api?timeout=32s\": dial tcp [::1]:8080: connect: connection refused"), "{}", lines[0]);
    assert_eq!(lines.last().copied(), Some("The connection to the server localhost:8080 was refused - did you specify the right host or port?"));
    let d = sim.run_line("docker ps").record.clone();
    assert_eq!(d.stderr, "Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?\n");
    let c = sim.run_line("crictl ps").record.clone();
    assert!(
        c.stderr
            .contains("validate CRI v1 runtime API for endpoint")
            && c.exit == 1,
        "{}",
        c.stderr
    );
    let u = sim.run_line("systemctl restart kubelet").record.clone();
    assert_eq!(
        (u.exit, u.stderr.as_str()),
        (
            5,
            "Failed to restart kubelet.service: Unit kubelet.service not found.\n"
        )
    );
    let e = sim.run_line("podman logs nope").record.clone();
    assert_eq!(
        (e.exit, e.stderr.as_str()),
        (
            125,
            "Error: no container with name or ID \"nope\" found: no such container\n"
        )
    );
}

#[test]
fn podman_golden_traces() {
    golden(&SCENARIOS);
}

#[test]
fn a_pods_containers_and_their_conmons_live_in_the_pods_slice() {
    let sim = run("podman-pod", 1);
    let all = hops(&sim);
    let slice = all
        .iter()
        .find(|h| h.call == "mkdir" && h.to == Component::Kernel)
        .and_then(|h| h.detail.as_ref())
        .and_then(|d| d.get("unit"))
        .and_then(|u| u.as_str())
        .expect("pod create makes the pod's slice")
        .to_string();
    assert!(slice.starts_with("machine-libpod_pod_") && slice.ends_with(".slice"));
    let conmon_scopes: Vec<String> = all
        .iter()
        .filter(|h| h.call == "cgroup.procs" && h.from == Component::Podman)
        .filter_map(|h| h.detail.as_ref()?.get("path")?.as_str().map(str::to_string))
        .collect();
    assert!(!conmon_scopes.is_empty());
    for p in &conmon_scopes {
        assert!(
            p.starts_with(&format!(
                "/sys/fs/cgroup/machine.slice/{slice}/libpod-conmon-"
            )),
            "{p}"
        );
    }
}

/// Review (issue 12): the layer of the image Podman pulls. On a Podman host
/// no layer of the Trace contract owns containers/storage (no CRI, no
/// containerd; the OCI runtime never sees images), so the record carries no
/// effect rather than a `cri` layer that is not there; rootful Podman on a
/// CRI-O node writes into CRI-O's own image store, where the image is the
/// CRI layer's at once.
#[test]
fn podmans_image_is_the_cri_layers_only_where_cri_o_shares_the_store() {
    let image_layers = |sim: &Sim| -> Vec<atlas_core::Layer> {
        hops(sim)
            .iter()
            .flat_map(|h| &h.effects)
            .filter(|e| e.object.starts_with("image/"))
            .map(|e| e.layer)
            .collect()
    };
    let host = run("podman-run", 1);
    assert!(image_layers(&host).is_empty(), "{:?}", image_layers(&host));
    let s = scenario::find("podman-run").expect("scenario");
    let crio = Config {
        runtime: atlas_core::Runtime::CriO,
        oci: atlas_core::Oci::Crun,
        ..s.config()
    };
    let mut sim = Sim::new(crio, 1);
    sim.run_line("podman run -d --name web nginx");
    assert_eq!(image_layers(&sim), [atlas_core::Layer::Cri]);
    let creates: Vec<_> = hops(&sim)
        .into_iter()
        .filter(|h| h.call == "storage.CreateImage")
        .collect();
    assert_eq!(creates.len(), 1);
}
