//! crictl (and ctr, nerdctl, docker) on a node a person logs into: the
//! endpoint from flags, environment and `/etc/crictl.yaml`, the errors of a
//! missing socket, `crictl config`, and the commands CKA drills type.

use atlas_core::command::shell;
use atlas_core::engine::{Outcome, World};
use atlas_core::node::fs::Entry;
use atlas_core::node::{Io, Machine};
use atlas_core::{Config, K8sVersion, Runtime};
use litemap::LiteMap;

fn world(k8s: u8, runtime: Runtime) -> World {
    let cfg = Config {
        k8s: K8sVersion(k8s),
        runtime,
        ..Config::default()
    };
    World::new(cfg, 1)
}

fn run_env(w: &mut World, line: &str, env: &[(&str, &str)]) -> Outcome {
    let argv = shell::split(line).expect("words");
    let mut e = LiteMap::new();
    for (k, v) in env {
        e.insert(k.to_string(), v.to_string());
    }
    let io = Io {
        stdin: "",
        env: &e,
        cwd: "/root",
    };
    w.exec(&argv, &io).expect("a program")
}

fn run(w: &mut World, line: &str) -> Outcome {
    run_env(w, line, &[])
}

/// The world with one running pod `web` (ns default).
fn with_pod(k8s: u8, runtime: Runtime) -> World {
    let mut w = world(k8s, runtime);
    let o = run(&mut w, "kubectl run web --image=nginx");
    assert_eq!(o.exit, 0, "{o:?}");
    w
}

const DOCKERSHIM_ERR: &str = "validate service connection: validate CRI v1 runtime API for endpoint \\\"unix:///var/run/dockershim.sock\\\": rpc error: code = Unavailable desc = connection error: desc = \\\"transport: Error while dialing: dial unix /var/run/dockershim.sock: connect: no such file or directory\\\"";

#[test]
fn the_node_config_file_points_at_the_runtime() {
    let mut w = with_pod(28, Runtime::Containerd17);
    let o = run(&mut w, "crictl ps");
    assert_eq!(o.exit, 0, "{o:?}");
    assert_eq!(o.stderr, "");
    assert!(o.stdout.contains("web"), "{}", o.stdout);
}

#[test]
fn a_wrong_endpoint_in_the_file_fails_as_crictl_does_and_config_set_fixes_it() {
    let mut w = with_pod(28, Runtime::Containerd17);
    w.fs_mut().put_file(
        "/etc/crictl.yaml",
        "runtime-endpoint: unix:///var/run/dockershim.sock\nimage-endpoint: unix:///var/run/dockershim.sock\n",
    );
    let o = run(&mut w, "crictl ps");
    assert_eq!(o.exit, 1);
    assert_eq!(o.stdout, "");
    assert!(o.stderr.starts_with("time=\""), "{}", o.stderr);
    assert!(
        o.stderr
            .ends_with(&format!(" level=fatal msg=\"{DOCKERSHIM_ERR}\"\n")),
        "{}",
        o.stderr
    );
    // The flag overrides the file; /var/run and /run are the same.
    for ep in [
        "unix:///run/containerd/containerd.sock",
        "unix:///var/run/containerd/containerd.sock",
    ] {
        let o = run(&mut w, &format!("crictl -r {ep} pods"));
        assert_eq!(o.exit, 0, "{ep}: {o:?}");
    }
    // ps also lists images: the file's image endpoint still fails.
    let o = run(
        &mut w,
        "crictl -r unix:///run/containerd/containerd.sock ps",
    );
    assert_eq!(o.exit, 1);
    assert!(
        o.stderr.contains("validate CRI v1 image API"),
        "{}",
        o.stderr
    );
    let o = run(
        &mut w,
        "crictl -r unix:///run/containerd/containerd.sock -i unix:///run/containerd/containerd.sock ps",
    );
    assert_eq!(o.exit, 0, "{o:?}");
    let o = run(
        &mut w,
        "crictl config --set runtime-endpoint=unix:///run/containerd/containerd.sock,image-endpoint=unix:///run/containerd/containerd.sock",
    );
    assert_eq!(o.exit, 0, "{o:?}");
    assert_eq!(
        w.read_file("/etc/crictl.yaml").unwrap(),
        "runtime-endpoint: unix:///run/containerd/containerd.sock\nimage-endpoint: unix:///run/containerd/containerd.sock\ntimeout: 0\ndebug: false\npull-image-on-create: false\ndisable-pull-on-run: false\n"
    );
    assert_eq!(
        run(&mut w, "crictl config --get runtime-endpoint").stdout,
        "unix:///run/containerd/containerd.sock\n"
    );
    let list = run(&mut w, "crictl config --list").stdout;
    assert!(list.starts_with("KEY "), "{list}");
    assert!(list.contains("timeout "), "{list}");
    assert_eq!(run(&mut w, "crictl ps").exit, 0);
    assert_eq!(run(&mut w, "crictl images").exit, 0);
    let o = run(&mut w, "crictl config --get nope");
    assert_eq!(o.exit, 1);
    assert!(o.stderr.contains("no configuration option named nope"));
}

#[test]
fn the_environment_beats_the_file() {
    let mut w = with_pod(28, Runtime::Containerd17);
    let o = run_env(
        &mut w,
        "crictl ps",
        &[("CONTAINER_RUNTIME_ENDPOINT", "unix:///run/crio/crio.sock")],
    );
    assert_eq!(o.exit, 1);
    assert!(
        o.stderr
            .contains("dial unix /run/crio/crio.sock: connect: no such file or directory"),
        "{}",
        o.stderr
    );
    // CRI_CONFIG_FILE names another file.
    w.fs_mut().put_file(
        "/root/c.yaml",
        "runtime-endpoint: unix:///var/run/dockershim.sock\n",
    );
    let o = run_env(
        &mut w,
        "crictl pods",
        &[("CRI_CONFIG_FILE", "/root/c.yaml")],
    );
    assert_eq!(o.exit, 1);
    assert!(o.stderr.contains("dockershim.sock"), "{}", o.stderr);
}

#[test]
fn without_configuration_crictl_warns_and_tries_the_default_list() {
    let mut w = with_pod(28, Runtime::Containerd17);
    w.fs_mut().remove("/etc/crictl.yaml").unwrap();
    let o = run(&mut w, "crictl pods");
    assert_eq!(o.exit, 0, "{o:?}");
    let lines: Vec<&str> = o.stderr.lines().collect();
    assert_eq!(lines.len(), 2, "{}", o.stderr);
    assert!(lines[0].contains("level=warning msg=\"runtime connect using default endpoints: [unix:///var/run/dockershim.sock unix:///run/containerd/containerd.sock unix:///run/crio/crio.sock unix:///var/run/cri-dockerd.sock]. As the default settings are now deprecated, you should set the endpoint instead.\""), "{}", lines[0]);
    assert!(lines[1].contains("level=error msg="), "{}", lines[1]);
    assert!(lines[1].contains("dockershim.sock"), "{}", lines[1]);
    assert!(o.stdout.contains("web"));
    // From v1.30 the list has no dockershim: only the warning.
    let mut w = with_pod(31, Runtime::Containerd2);
    w.fs_mut().remove("/etc/crictl.yaml").unwrap();
    let o = run(&mut w, "crictl pods");
    assert_eq!(o.exit, 0, "{o:?}");
    assert_eq!(o.stderr.lines().count(), 1, "{}", o.stderr);
    // ps asks for both services: two warnings.
    let o = run(&mut w, "crictl ps");
    assert_eq!(o.stderr.lines().count(), 2, "{}", o.stderr);
    assert!(o.stderr.contains("image connect using default endpoints"));
}

#[test]
fn a_stopped_containerd_has_no_socket() {
    let mut w = with_pod(28, Runtime::Containerd17);
    w.fs_mut()
        .remove("/run/containerd/containerd.sock")
        .unwrap();
    let o = run(&mut w, "crictl info");
    assert_eq!(o.exit, 1);
    assert!(o.stderr.contains("validate service connection: validate CRI v1 runtime API for endpoint \\\"unix:///run/containerd/containerd.sock\\\": rpc error: code = Unavailable desc = connection error: desc = \\\"transport: Error while dialing: dial unix /run/containerd/containerd.sock: connect: no such file or directory\\\""), "{}", o.stderr);
    // crictl 1.27 writes `dialing dial` (an older gRPC); 1.26 fails at the call.
    let mut w = with_pod(26, Runtime::Containerd17);
    w.fs_mut()
        .remove("/run/containerd/containerd.sock")
        .unwrap();
    let o = run(&mut w, "crictl ps");
    assert!(o.stderr.contains("msg=\"listing containers: rpc error: code = Unavailable desc = connection error: desc = \\\"transport: Error while dialing dial unix /run/containerd/containerd.sock"), "{}", o.stderr);
    // `config` and `--version` never connect.
    assert_eq!(run(&mut w, "crictl --version").exit, 0);
}

#[test]
fn a_socket_path_that_is_not_a_socket_refuses() {
    let mut w = with_pod(28, Runtime::Containerd17);
    w.fs_mut().put(
        "/run/x.sock",
        Entry::File {
            text: String::new(),
            mode: 0o644,
        },
    );
    let o = run(&mut w, "crictl -r unix:///run/x.sock ps");
    assert!(
        o.stderr.contains("connect: connection refused"),
        "{}",
        o.stderr
    );
}

#[test]
fn info_shows_conditions_and_the_cri_config() {
    let mut w = world(28, Runtime::Containerd17);
    let o = run(&mut w, "crictl info");
    assert_eq!(o.exit, 0, "{o:?}");
    let v: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
    assert_eq!(v["status"]["conditions"][0]["type"], "RuntimeReady");
    assert_eq!(v["status"]["conditions"][0]["status"], true);
    assert_eq!(v["status"]["conditions"][1]["type"], "NetworkReady");
    assert_eq!(
        v["config"]["containerd"]["runtimes"]["runc"]["runtimeType"],
        "io.containerd.runc.v2"
    );
    assert_eq!(
        v["config"]["containerd"]["runtimes"]["runc"]["options"]["SystemdCgroup"],
        true
    );
    assert_eq!(v["lastCNILoadStatus"], "OK");
    let o = run(
        &mut w,
        "crictl info -o go-template --template '{{range .status.conditions}}{{.type}}={{.status}} {{end}}'",
    );
    assert_eq!(o.stdout, "RuntimeReady=true NetworkReady=true \n");
    let o = run(&mut w, "crictl info -o yaml");
    assert!(o.stdout.contains("  - message: \"\"\n"), "{}", o.stdout);
    // containerd 2.x: a third condition and the runtime handlers.
    let mut w = world(31, Runtime::Containerd2);
    let v: serde_json::Value = serde_json::from_str(&run(&mut w, "crictl info").stdout).unwrap();
    assert_eq!(
        v["status"]["conditions"][2]["type"],
        "ContainerdHasNoDeprecationWarnings"
    );
    assert_eq!(v["runtimeHandlers"][0]["name"], "runc");
}

#[test]
fn runtime_config_follows_config_toml() {
    let mut w = world(28, Runtime::Containerd17);
    assert_eq!(
        run(&mut w, "crictl runtime-config").stdout,
        "cgroup driver: SYSTEMD\n"
    );
    w.fs_mut().put_file(
        "/etc/containerd/config.toml",
        "[plugins.\"io.containerd.grpc.v1.cri\".containerd.runtimes.runc.options]\n  SystemdCgroup = false\n",
    );
    assert_eq!(
        run(&mut w, "crictl runtime-config").stdout,
        "cgroup driver: CGROUPFS\n"
    );
}

#[test]
fn inspect_go_template_gives_the_pid() {
    let mut w = with_pod(28, Runtime::Containerd17);
    let id = run(&mut w, "crictl ps -q --name web")
        .stdout
        .trim()
        .to_string();
    assert_eq!(id.len(), 13, "{id}");
    let pid = run(
        &mut w,
        &format!("crictl inspect -o go-template --template '{{{{.info.pid}}}}' {id}"),
    );
    assert_eq!(pid.exit, 0, "{pid:?}");
    let n: u32 = pid.stdout.trim().parse().expect("a pid");
    assert!(n >= 4000, "{n}");
    let st = run(
        &mut w,
        &format!("crictl inspect -o go-template --template '{{{{.status.state}}}}' {id}"),
    );
    assert_eq!(st.stdout, "CONTAINER_RUNNING\n");
    let bad = run(
        &mut w,
        &format!("crictl inspect -o go-template --template '{{{{.info.pidd}}}}' {id}"),
    );
    assert_eq!(bad.exit, 1);
    assert!(
        bad.stderr.contains("map has no entry for key"),
        "{}",
        bad.stderr
    );
    let y = run(&mut w, &format!("crictl inspect -o yaml {id}"));
    assert!(
        y.stdout.contains("state: CONTAINER_RUNNING"),
        "{}",
        y.stdout
    );
    let t = run(&mut w, &format!("crictl inspect -o table {id}"));
    assert!(t.stdout.starts_with("CONTAINER "), "{}", t.stdout);
    let pod = run(&mut w, "crictl pods -q --name web")
        .stdout
        .trim()
        .to_string();
    let p = run(
        &mut w,
        &format!("crictl inspectp -o go-template --template '{{{{.status.metadata.name}}}}' {pod}"),
    );
    assert_eq!(p.stdout, "web\n");
}

#[test]
fn ps_filters_and_formats() {
    let mut w = with_pod(28, Runtime::Containerd17);
    let pod = run(&mut w, "crictl pods -q").stdout.trim().to_string();
    let o = run(&mut w, &format!("crictl ps --pod {pod} -o json"));
    let v: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
    assert_eq!(v["containers"][0]["metadata"]["name"], "web");
    assert_eq!(v["containers"][0]["state"], "CONTAINER_RUNNING");
    assert_eq!(run(&mut w, "crictl ps --state exited -q").stdout, "");
    assert_eq!(
        run(&mut w, "crictl ps --state running -q")
            .stdout
            .lines()
            .count(),
        1
    );
    assert_eq!(
        run(&mut w, "crictl ps -a --name '^web$' -q")
            .stdout
            .lines()
            .count(),
        1
    );
    assert_eq!(run(&mut w, "crictl ps --name nope -q").stdout, "");
    let o = run(&mut w, "crictl ps --state bogus");
    assert_eq!(o.exit, 1);
    let o = run(&mut w, "crictl pods -o json");
    let v: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
    assert_eq!(v["items"][0]["metadata"]["name"], "web");
}

#[test]
fn logs_tail_timestamps_and_previous() {
    let mut w = with_pod(28, Runtime::Containerd17);
    let id = run(&mut w, "crictl ps -q --name web")
        .stdout
        .trim()
        .to_string();
    let all = run(&mut w, &format!("crictl logs {id}"));
    let n = all.stdout.lines().count() + all.stderr.lines().count();
    assert!(n >= 2, "{all:?}");
    let one = run(&mut w, &format!("crictl logs --tail 1 {id}"));
    assert_eq!(one.stdout.lines().count() + one.stderr.lines().count(), 1);
    let ts = run(&mut w, &format!("crictl logs -t --tail 1 {id}"));
    let line = format!("{}{}", ts.stdout, ts.stderr);
    assert!(line.starts_with("2026-01-05T"), "{line}");
    let p = run(&mut w, &format!("crictl logs -p {id}"));
    assert_eq!(p.exit, 1);
    assert!(
        p.stderr
            .contains("Previous terminated container web not found"),
        "{}",
        p.stderr
    );
}

#[test]
fn rmi_prune_keeps_images_in_use() {
    let mut w = with_pod(28, Runtime::Containerd17);
    assert_eq!(run(&mut w, "crictl pull busybox").exit, 0);
    assert_eq!(run(&mut w, "crictl pull redis:7.2-alpine").exit, 0);
    let o = run(&mut w, "crictl rmi --prune");
    assert_eq!(o.exit, 0, "{o:?}");
    assert!(
        o.stdout
            .contains("Deleted: docker.io/library/busybox:latest"),
        "{}",
        o.stdout
    );
    assert!(
        o.stdout
            .contains("Deleted: docker.io/library/redis:7.2-alpine"),
        "{}",
        o.stdout
    );
    assert!(!o.stdout.contains("nginx"), "{}", o.stdout);
    assert!(!o.stdout.contains("pause"), "{}", o.stdout);
    let images = run(&mut w, "crictl images").stdout;
    assert!(images.contains("nginx"), "{images}");
    assert!(images.contains("pause"), "{images}");
    assert!(!images.contains("busybox"), "{images}");
    // An image by name; containerd removes one in use too (its CRI
    // plugin's RemoveImage deletes every reference), the container runs on.
    assert_eq!(run(&mut w, "crictl pull busybox").exit, 0);
    let o = run(&mut w, "crictl rmi busybox");
    assert_eq!(o.stdout, "Deleted: docker.io/library/busybox:latest\n");
    let o = run(&mut w, "crictl rmi nginx");
    assert_eq!(
        (o.exit, o.stdout.as_str()),
        (0, "Deleted: docker.io/library/nginx:latest\n")
    );
    assert!(run(&mut w, "crictl ps").stdout.contains(" web "));
    let o = run(&mut w, "crictl rmi nosuch");
    assert_eq!(o.exit, 1);
    // CRI-O (containers/storage) refuses an image a container uses.
    let mut w = with_pod(28, Runtime::CriO);
    let o = run(&mut w, "crictl rmi nginx");
    assert_eq!(o.exit, 1);
    assert!(
        o.stderr.contains("image is in use by a container"),
        "{}",
        o.stderr
    );
}

/// D18: `crictl rmi -a` on containerd takes the images in use with it;
/// `--prune` frees a filled image store and DiskPressure clears.
#[test]
fn rmi_all_removes_images_in_use_and_freeing_clears_disk_pressure() {
    use atlas_core::node::fault::Fault;
    let mut w = with_pod(28, Runtime::Containerd2);
    for i in ["nginx:1.24", "nginx:1.25", "redis:7.0", "busybox:1.35"] {
        assert_eq!(run(&mut w, &format!("crictl pull {i}")).exit, 0);
    }
    w.inject(&Fault::FillImageStore { percent: 90 }).unwrap();
    w.advance_to(w.now_ms() + 20_000);
    let pressure = |w: &World| {
        w.node_conditions()
            .into_iter()
            .find(|c| c.kind == "DiskPressure")
            .map(|c| c.status)
    };
    assert_eq!(pressure(&w), Some("True"));
    let mut copy = w.clone();
    let o = run(&mut w, "crictl rmi --prune");
    assert_eq!(o.stdout.lines().count(), 4, "{}", o.stdout);
    w.advance_to(w.now_ms() + 20_000);
    assert_eq!(pressure(&w), Some("False"));
    assert!(run(&mut w, "crictl images").stdout.contains("nginx"));
    let o = run(&mut copy, "crictl rmi -a");
    assert_eq!(o.exit, 0, "{o:?}");
    assert!(
        o.stdout.contains("Deleted: docker.io/library/nginx:latest"),
        "{}",
        o.stdout
    );
    assert_eq!(run(&mut copy, "crictl images -q").stdout, "");
    assert!(run(&mut copy, "crictl ps").stdout.contains(" web "));
}

#[test]
fn inspecti_imagefsinfo_stats_statsp() {
    let mut w = with_pod(28, Runtime::Containerd17);
    let o = run(&mut w, "crictl inspecti nginx");
    let v: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
    assert_eq!(v["status"]["repoTags"][0], "docker.io/library/nginx:latest");
    let o = run(&mut w, "crictl imagefsinfo");
    let v: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
    assert_eq!(
        v["status"]["imageFilesystems"][0]["fsId"]["mountpoint"],
        "/var/lib/containerd/io.containerd.snapshotter.v1.overlayfs"
    );
    let o = run(&mut w, "crictl stats");
    let mut lines = o.stdout.lines();
    let head: Vec<&str> = lines.next().unwrap().split_whitespace().collect();
    assert_eq!(
        head,
        ["CONTAINER", "NAME", "CPU", "%", "MEM", "DISK", "INODES"]
    );
    assert!(lines.next().unwrap().contains(" web "), "{}", o.stdout);
    assert_eq!(
        o.stdout,
        run(&mut w, "crictl stats").stdout,
        "deterministic"
    );
    let o = run(&mut w, "crictl statsp");
    assert!(o.stdout.starts_with("POD "), "{}", o.stdout);
    assert!(o.stdout.contains("web"), "{}", o.stdout);
}

#[test]
fn ctr_namespaces_plugins_snapshots_content() {
    let mut w = with_pod(28, Runtime::Containerd17);
    let o = run(&mut w, "ctr namespaces ls");
    assert_eq!(o.stdout, "NAME   LABELS \nk8s.io        \n");
    assert_eq!(run(&mut w, "ctr ns ls -q").stdout, "k8s.io\n");
    // The default namespace is empty; -n and CONTAINERD_NAMESPACE switch.
    assert_eq!(run(&mut w, "ctr images ls -q").stdout, "");
    assert!(run(&mut w, "ctr -n k8s.io images ls -q")
        .stdout
        .contains("nginx"));
    let env = run_env(
        &mut w,
        "ctr images ls -q",
        &[("CONTAINERD_NAMESPACE", "k8s.io")],
    );
    assert!(env.stdout.contains("nginx"), "{env:?}");
    let p = run(&mut w, "ctr plugins ls");
    let cri = p
        .stdout
        .lines()
        .find(|l| l.starts_with("io.containerd.grpc.v1 ") && l.contains(" cri "))
        .expect("the CRI plugin");
    assert!(cri.contains("linux/amd64"), "{cri}");
    assert!(cri.trim_end().ends_with("ok"), "{cri}");
    assert!(p.stdout.starts_with("TYPE "), "{}", p.stdout);
    // Docker's containerd.io package disables the CRI plugin: it is not loaded.
    w.fs_mut().put_file(
        "/etc/containerd/config.toml",
        "disabled_plugins = [\"cri\"]\n",
    );
    let p = run(&mut w, "ctr plugins ls");
    assert!(
        !p.stdout.lines().any(|l| l.contains(" cri ")),
        "{}",
        p.stdout
    );
    let s = run(&mut w, "ctr -n k8s.io snapshots ls");
    assert!(s.stdout.starts_with("KEY "), "{}", s.stdout);
    assert!(s.stdout.contains("Active"), "{}", s.stdout);
    assert!(s.stdout.contains("Committed"), "{}", s.stdout);
    let c = run(&mut w, "ctr -n k8s.io content ls");
    assert!(c.stdout.starts_with("DIGEST "), "{}", c.stdout);
    assert!(c.stdout.contains("sha256:"), "{}", c.stdout);
}

#[test]
fn ctr_version_and_images_rm() {
    let mut w = world(28, Runtime::Containerd17);
    let o = run(&mut w, "ctr version");
    assert!(
        o.stdout.starts_with("Client:\n  Version:  v1.7.27\n"),
        "{}",
        o.stdout
    );
    assert!(
        o.stdout.contains("Server:\n  Version:  v1.7.27\n"),
        "{}",
        o.stdout
    );
    assert_eq!(
        run(&mut w, "ctr images pull docker.io/library/busybox:latest").exit,
        0
    );
    let o = run(
        &mut w,
        "ctr images rm docker.io/library/busybox:latest nosuch",
    );
    assert_eq!(o.exit, 0);
    assert_eq!(o.stdout, "docker.io/library/busybox:latest\n");
    assert!(
        o.stderr
            .contains("level=warning msg=\"nosuch: image not found\""),
        "{}",
        o.stderr
    );
    assert_eq!(run(&mut w, "ctr images ls -q").stdout, "");
    // containerd stopped: its socket is gone; the client block still prints.
    w.fs_mut()
        .remove("/run/containerd/containerd.sock")
        .unwrap();
    let o = run(&mut w, "ctr version");
    assert_eq!(o.exit, 1);
    assert!(o.stdout.starts_with("Client:\n"), "{}", o.stdout);
    assert!(!o.stdout.contains("Server:"));
    assert_eq!(o.stderr, "ctr: failed to dial \"/run/containerd/containerd.sock\": context deadline exceeded: connection error: desc = \"transport: error while dialing: dial unix:///run/containerd/containerd.sock: timeout\"\n");
    assert_eq!(run(&mut w, "ctr images ls").exit, 1);
}

#[test]
fn nerdctl_images_logs_inspect_exec() {
    let mut w = with_pod(28, Runtime::Containerd17);
    let o = run(&mut w, "nerdctl -n k8s.io images");
    let head: Vec<&str> = o
        .stdout
        .lines()
        .next()
        .unwrap()
        .split_whitespace()
        .collect();
    assert_eq!(
        head,
        [
            "REPOSITORY",
            "TAG",
            "IMAGE",
            "ID",
            "CREATED",
            "PLATFORM",
            "SIZE",
            "BLOB",
            "SIZE"
        ]
    );
    assert!(o.stdout.contains("nginx "), "{}", o.stdout);
    assert!(o.stdout.contains("linux/amd64"), "{}", o.stdout);
    assert_eq!(run(&mut w, "nerdctl images -q").stdout, "");
    let o = run(&mut w, "nerdctl run -d --name web2 nginx");
    assert_eq!(o.exit, 0, "{o:?}");
    let i = run(&mut w, "nerdctl inspect --format '{{.State.Status}}' web2");
    assert_eq!(i.stdout, "running\n", "{i:?}");
    let j = run(&mut w, "nerdctl inspect web2");
    let v: serde_json::Value = serde_json::from_str(&j.stdout).unwrap();
    assert_eq!(v[0]["Name"], "web2");
    assert!(j.stdout.starts_with("[\n    {\n"), "{}", j.stdout);
    let l = run(&mut w, "nerdctl logs --tail 1 web2");
    assert_eq!(
        l.stdout.lines().count() + l.stderr.lines().count(),
        1,
        "{l:?}"
    );
    assert_eq!(run(&mut w, "nerdctl logs nosuch").exit, 1);
    assert_eq!(run(&mut w, "nerdctl exec web2 hostname").exit, 0);
}

#[test]
fn docker_images_info_inspect_network() {
    let mut w = world(28, Runtime::CriDockerd);
    assert_eq!(run(&mut w, "docker run -d --name web nginx").exit, 0);
    let o = run(&mut w, "docker images");
    assert!(
        o.stdout
            .starts_with("REPOSITORY              TAG       IMAGE ID       CREATED   SIZE\n"),
        "{}",
        o.stdout
    );
    assert!(
        o.stdout.contains("\nnginx                   latest    "),
        "{}",
        o.stdout
    );
    assert!(
        o.stdout.contains("\nregistry.k8s.io/pause   3.6 "),
        "{}",
        o.stdout
    );
    let o = run(&mut w, "docker info");
    for f in [
        "Cgroup Driver: systemd",
        "Server Version: 27.5.1",
        "Default Runtime: runc",
        " Running: 1",
    ] {
        assert!(o.stdout.contains(f), "{f}: {}", o.stdout);
    }
    assert_eq!(
        run(&mut w, "docker info --format '{{.CgroupDriver}}'").stdout,
        "systemd\n"
    );
    let o = run(
        &mut w,
        "docker inspect --format '{{.State.Status}} {{.Name}}' web",
    );
    assert_eq!(o.stdout, "running /web\n", "{o:?}");
    let o = run(&mut w, "docker inspect web");
    assert!(o.stdout.starts_with("[\n    {\n"), "{}", o.stdout);
    let o = run(&mut w, "docker inspect nosuch");
    assert_eq!(o.exit, 1);
    assert_eq!(o.stderr, "Error: No such object: nosuch\n");
    let o = run(&mut w, "docker network ls");
    let lines: Vec<&str> = o.stdout.lines().collect();
    assert_eq!(lines[0], "NETWORK ID     NAME      DRIVER    SCOPE");
    assert!(
        lines[1].ends_with("   bridge    bridge    local"),
        "{}",
        lines[1]
    );
    assert!(
        lines[3].ends_with("   none      null      local"),
        "{}",
        lines[3]
    );
}

#[test]
fn containerd_without_its_cri_plugin_answers_unimplemented() {
    let mut w = world(28, Runtime::Containerd17);
    w.fs_mut().put_file(
        "/etc/containerd/config.toml",
        "disabled_plugins = [\"cri\"]\n",
    );
    let o = run(&mut w, "crictl info");
    assert_eq!(o.exit, 1);
    assert!(o.stderr.contains("validate service connection: validate CRI v1 runtime API for endpoint \\\"unix:///run/containerd/containerd.sock\\\": rpc error: code = Unimplemented desc = unknown service runtime.v1.RuntimeService"), "{}", o.stderr);
    // A Docker node's containerd never serves CRI.
    let mut w = world(28, Runtime::CriDockerd);
    let o = run(
        &mut w,
        "crictl -r unix:///run/containerd/containerd.sock pods",
    );
    assert!(
        o.stderr
            .contains("unknown service runtime.v1.RuntimeService"),
        "{}",
        o.stderr
    );
    assert_eq!(run(&mut w, "crictl pods").exit, 0);
}

#[test]
fn every_cri_node_answers_crictl_through_its_config_file() {
    for (k8s, rt) in [
        (23, Runtime::Dockershim),
        (24, Runtime::CriDockerd),
        (28, Runtime::CriO),
        (31, Runtime::Containerd2),
        (34, Runtime::Containerd2),
        (25, Runtime::Containerd17),
    ] {
        let mut w = with_pod(k8s, rt);
        for line in [
            "crictl ps",
            "crictl pods",
            "crictl images",
            "crictl info",
            "crictl version",
        ] {
            let o = run(&mut w, line);
            assert_eq!(o.exit, 0, "{k8s} {rt:?} {line}: {o:?}");
            assert_eq!(o.stderr, "", "{k8s} {rt:?} {line}");
        }
    }
}

#[test]
fn ctr_containers_info_names_the_pod_on_the_sandbox_too() {
    let mut w = with_pod(28, Runtime::Containerd17);
    assert_eq!(run(&mut w, "ctr containers ls -q").stdout, "");
    let ids = run(&mut w, "ctr -n k8s.io containers ls -q").stdout;
    let ids: Vec<&str> = ids.lines().collect();
    assert_eq!(ids.len(), 2, "pause and app: {ids:?}");
    let mut kinds = Vec::new();
    for id in ids {
        let o = run(&mut w, &format!("ctr -n k8s.io containers info {id}"));
        assert_eq!(o.exit, 0, "{o:?}");
        assert!(o.stdout.starts_with("{\n    \"ID\": "), "{}", o.stdout);
        assert!(
            o.stdout.contains("\"io.kubernetes.pod.name\": \"web\""),
            "{}",
            o.stdout
        );
        let v: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
        kinds.push(
            v["Labels"]["io.cri-containerd.kind"]
                .as_str()
                .unwrap()
                .to_string(),
        );
    }
    kinds.sort();
    assert_eq!(kinds, ["container", "sandbox"]);
    let o = run(&mut w, "ctr containers info nosuch");
    assert_eq!(
        o.stderr,
        "ctr: container \"nosuch\" in namespace \"default\": not found\n"
    );
}

/// D06's other path: `ctr containers ls` with containerd's filters selects
/// a pod's containers (its pause container too) by the CRI plugin's labels;
/// an unquoted dotted key names nothing.
#[test]
fn ctr_containers_ls_filters_by_the_cri_labels() {
    let mut w = with_pod(28, Runtime::Containerd2);
    assert_eq!(run(&mut w, "kubectl run api --image=nginx").exit, 0);
    w.advance_to(w.now_ms() + 10_000);
    let o = run(
        &mut w,
        "ctr -n k8s.io containers ls -q 'labels.\"io.kubernetes.pod.name\"==web'",
    );
    assert_eq!((o.exit, o.stdout.lines().count()), (0, 2), "{o:?}");
    let o = run(
        &mut w,
        "ctr -n k8s.io c ls 'labels.\"io.kubernetes.pod.name\"==web,labels.\"io.cri-containerd.kind\"==sandbox'",
    );
    assert_eq!(o.stdout.lines().count(), 2, "{}", o.stdout);
    assert!(o.stdout.contains("registry.k8s.io/pause"), "{}", o.stdout);
    // Either of two filters.
    let o = run(
        &mut w,
        "ctr -n k8s.io c ls -q 'labels.\"io.kubernetes.pod.name\"==web' 'labels.\"io.kubernetes.pod.name\"==api'",
    );
    assert_eq!(o.stdout.lines().count(), 4, "{}", o.stdout);
    let o = run(
        &mut w,
        "ctr -n k8s.io c ls -q labels.io.kubernetes.pod.name==web",
    );
    assert_eq!((o.exit, o.stdout.as_str()), (0, ""));
    let o = run(&mut w, "ctr -n k8s.io c ls '==web'");
    assert_eq!(o.exit, 1);
    assert!(
        o.stderr.starts_with("ctr: filters: parse error"),
        "{}",
        o.stderr
    );
}
