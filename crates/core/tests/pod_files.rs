//! A pod's files and names come from the runtime that runs it (issue 12,
//! defect b): the app container's cgroup scope is named by its runtime
//! (`cri-containerd-`, `crio-`, `docker-`), its hostname, resolv.conf and
//! shm come from that runtime's own directory of the pod's sandbox, its
//! `/etc/hosts` from the kubelet, and the service-account token the API
//! server's admission added is mounted read-only after the kubelet got it
//! with a TokenRequest, before `RunPodSandbox`.

mod common;

use atlas_core::sim::Sim;
use atlas_core::{Config, Hop, K8sVersion, Oci, Runtime};
use std::collections::BTreeMap;

const SA_PATH: &str = "/var/run/secrets/kubernetes.io/serviceaccount";

struct Run {
    hops: Vec<Hop>,
}

fn kubectl_run(k8s: u8, runtime: Runtime) -> Run {
    let cfg = Config {
        k8s: K8sVersion(k8s),
        runtime,
        oci: Oci::Runc,
    };
    let mut sim = Sim::new(cfg, 1);
    sim.run_script("kubectl run nginx --image=nginx\nsleep 5")
        .expect("script runs");
    for s in sim.steps() {
        assert_eq!(
            s.record.exit, 0,
            "{}: {}",
            s.record.command, s.record.stderr
        );
    }
    Run {
        hops: sim
            .steps()
            .iter()
            .flat_map(|s| s.hops.iter().cloned())
            .collect(),
    }
}

fn detail<'a>(h: &'a Hop, key: &str) -> Option<&'a serde_json::Value> {
    h.detail.as_ref().and_then(|d| d.get(key))
}

fn detail_str<'a>(h: &'a Hop, key: &str) -> &'a str {
    detail(h, key).and_then(|v| v.as_str()).unwrap_or("")
}

fn is_id(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| b.is_ascii_hexdigit())
}

impl Run {
    fn index(&self, call: &str) -> usize {
        self.hops
            .iter()
            .position(|h| h.call == call)
            .unwrap_or_else(|| panic!("no hop {call}"))
    }

    fn create_container(&self) -> &Hop {
        &self.hops[self.index("CreateContainer")]
    }

    /// The pod's uid, from the pod cgroup the kubelet names in SyncPod.
    fn pod_uid(&self) -> String {
        let h = &self.hops[self.index("SyncPod")];
        detail_str(h, "cgroup")
            .strip_prefix("kubepods-besteffort-pod")
            .and_then(|s| s.strip_suffix(".slice"))
            .expect("the pod's slice")
            .replace('_', "-")
    }

    /// The app container's bind mounts as runc init makes them: destination
    /// inside the container → (source on the host, read-only).
    fn app_binds(&self) -> BTreeMap<String, (String, bool)> {
        let from = self.index("CreateContainer");
        let mut out = BTreeMap::new();
        for h in &self.hops[from..] {
            if h.call != "mount" || h.from.id() != "runc-init" {
                continue;
            }
            let flags = detail_str(h, "flags");
            let (src, target) = (detail_str(h, "source"), detail_str(h, "target"));
            let Some((_, dst)) = target.split_once("/rootfs/") else {
                continue;
            };
            let dst = format!("/{dst}");
            if flags.contains("MS_BIND") && !flags.contains("MS_REMOUNT") {
                out.insert(dst, (src.to_string(), flags.contains("MS_RDONLY")));
            } else if flags.contains("MS_REMOUNT") && flags.contains("MS_RDONLY") {
                if let Some(m) = out.get_mut(&dst) {
                    m.1 = true;
                }
            }
        }
        out
    }

    /// The cgroup runc makes for the app container.
    fn app_cgroup(&self) -> String {
        let from = self.index("CreateContainer");
        self.hops[from..]
            .iter()
            .find(|h| {
                h.from.id() == "runc"
                    && h.call == "mkdirat"
                    && common::note(h).contains("container's cgroup")
            })
            .map(|h| detail_str(h, "path").to_string())
            .expect("runc makes the app container's cgroup")
    }
}

/// What every runtime shares: the kubelet's hosts file, the token, the
/// TokenRequest before the sandbox, the CRI request's mounts.
fn check_kubelet_side(
    name: &str,
    r: &Run,
    volume_plugin: &str,
) -> BTreeMap<String, (String, bool)> {
    let uid = r.pod_uid();
    let binds = r.app_binds();
    assert_eq!(
        binds.get("/etc/hosts").map(|m| m.0.as_str()),
        Some(format!("/var/lib/kubelet/pods/{uid}/etc-hosts").as_str()),
        "{name}: /etc/hosts comes from the kubelet: {binds:#?}"
    );
    let (sa_src, sa_ro) = binds
        .get(SA_PATH)
        .unwrap_or_else(|| panic!("{name}: no service-account mount: {binds:#?}"));
    let prefix = format!("/var/lib/kubelet/pods/{uid}/volumes/{volume_plugin}/");
    assert!(sa_src.starts_with(&prefix), "{name}: {sa_src}");
    assert!(*sa_ro, "{name}: the token is mounted read-only");
    for (dst, (src, _)) in &binds {
        assert!(!src.contains("//"), "{name}: {dst} from {src}: an empty id");
    }
    // TokenRequest (or, before 1.21, nothing: the Secret) before the sandbox.
    let sandbox = r.index("RunPodSandbox");
    if volume_plugin == "kubernetes.io~projected" {
        let tr = r
            .hops
            .iter()
            .position(|h| h.call.ends_with("/serviceaccounts/default/token"))
            .expect("TokenRequest");
        assert!(
            tr < sandbox,
            "{name}: the token is asked for before RunPodSandbox"
        );
    }
    let admit = r.index("ServiceAccount.Admit");
    assert!(
        admit < r.index("SyncPod"),
        "{name}: admission adds the volume at creation"
    );
    // The CRI request carries the kubelet's mounts, the token read-only.
    let mounts = detail(r.create_container(), "mounts")
        .and_then(|m| m.as_array())
        .unwrap_or_else(|| panic!("{name}: CreateContainer has no mounts"));
    let paths: Vec<&str> = mounts
        .iter()
        .filter_map(|m| m["container_path"].as_str())
        .collect();
    assert_eq!(
        paths,
        [SA_PATH, "/etc/hosts", "/dev/termination-log"],
        "{name}: the kubelet's order"
    );
    assert_eq!(mounts[0]["readonly"], true, "{name}");
    binds
}

/// The app container's pod files come from `dir(sandbox)`, its cgroup is
/// `<prefix>-<id>.scope` in the pod's slice.
fn check_runtime_side(
    name: &str,
    r: &Run,
    binds: &BTreeMap<String, (String, bool)>,
    dir: impl Fn(&str) -> String,
    shm: impl Fn(&str) -> String,
    prefix: &str,
) {
    let sandbox = detail_str(r.create_container(), "pod_sandbox_id").to_string();
    assert!(is_id(&sandbox), "{name}: sandbox id {sandbox:?}");
    let dir = dir(&sandbox);
    for (dst, want) in [
        ("/etc/hostname", format!("{dir}/hostname")),
        ("/etc/resolv.conf", format!("{dir}/resolv.conf")),
        ("/dev/shm", shm(&sandbox)),
    ] {
        assert_eq!(
            binds.get(dst).map(|m| m.0.clone()),
            Some(want),
            "{name}: {dst}: {binds:#?}"
        );
    }
    let uid = r.pod_uid().replace('-', "_");
    let cgroup = r.app_cgroup();
    let slice = format!(
        "/sys/fs/cgroup/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod{uid}.slice/{prefix}-"
    );
    let id = cgroup
        .strip_prefix(&slice)
        .and_then(|s| s.strip_suffix(".scope"))
        .unwrap_or_else(|| panic!("{name}: cgroup {cgroup}, want {slice}<id>.scope"));
    assert!(is_id(id), "{name}: {cgroup}");
    let others = ["cri-containerd-", "crio-", "docker-"];
    for o in others.iter().filter(|o| !o.starts_with(prefix)) {
        assert!(
            !r.hops
                .iter()
                .any(|h| h.from.id() == "runc" && detail_str(h, "path").contains(o)),
            "{name}: another runtime's cgroup name {o}"
        );
    }
}

#[test]
fn containerd_17_pod_files() {
    let r = kubectl_run(28, Runtime::Containerd17);
    let binds = check_kubelet_side("containerd 1.7", &r, "kubernetes.io~projected");
    check_runtime_side(
        "containerd 1.7",
        &r,
        &binds,
        |sb| format!("/var/lib/containerd/io.containerd.grpc.v1.cri/sandboxes/{sb}"),
        |sb| format!("/run/containerd/io.containerd.grpc.v1.cri/sandboxes/{sb}/shm"),
        "cri-containerd",
    );
}

#[test]
fn containerd_2_pod_files() {
    let r = kubectl_run(31, Runtime::Containerd2);
    let binds = check_kubelet_side("containerd 2", &r, "kubernetes.io~projected");
    check_runtime_side(
        "containerd 2",
        &r,
        &binds,
        |sb| format!("/var/lib/containerd/io.containerd.grpc.v1.cri/sandboxes/{sb}"),
        |sb| format!("/run/containerd/io.containerd.grpc.v1.cri/sandboxes/{sb}/shm"),
        "cri-containerd",
    );
}

#[test]
fn crio_pod_files() {
    let r = kubectl_run(28, Runtime::CriO);
    let binds = check_kubelet_side("CRI-O", &r, "kubernetes.io~projected");
    check_runtime_side(
        "CRI-O",
        &r,
        &binds,
        |sb| format!("/var/run/containers/storage/overlay-containers/{sb}/userdata"),
        |sb| format!("/var/run/containers/storage/overlay-containers/{sb}/userdata/shm"),
        "crio",
    );
    // conmon runs in its own scope, not the container's.
    let conmon = r
        .hops
        .iter()
        .find(|h| h.call == "MoveConmonToCgroup")
        .expect("conmon's scope");
    assert!(detail_str(conmon, "unit").starts_with("crio-conmon-"));
    assert!(!r.hops.iter().any(|h| {
        h.detail.as_ref().is_some_and(|d| {
            serde_json::Value::Object(d.clone())
                .to_string()
                .contains("io.containerd.grpc.v1.cri")
        })
    }));
}

#[test]
fn cri_dockerd_pod_files() {
    let r = kubectl_run(28, Runtime::CriDockerd);
    let binds = check_kubelet_side("cri-dockerd", &r, "kubernetes.io~projected");
    check_runtime_side(
        "cri-dockerd",
        &r,
        &binds,
        |sb| format!("/var/lib/docker/containers/{sb}"),
        |sb| format!("/var/lib/docker/containers/{sb}/mounts/shm"),
        "docker",
    );
}

#[test]
fn dockershim_pod_files() {
    let r = kubectl_run(23, Runtime::Dockershim);
    let binds = check_kubelet_side("dockershim", &r, "kubernetes.io~projected");
    check_runtime_side(
        "dockershim",
        &r,
        &binds,
        |sb| format!("/var/lib/docker/containers/{sb}"),
        |sb| format!("/var/lib/docker/containers/{sb}/mounts/shm"),
        "docker",
    );
    // dockershim passes the kubelet's mounts as Binds.
    let create = r
        .hops
        .iter()
        .rev()
        .find(|h| {
            h.call
                .starts_with("POST /v1.47/containers/create?name=k8s_nginx")
        })
        .expect("docker create");
    let binds = detail(create, "HostConfig").expect("HostConfig")["Binds"].clone();
    assert!(
        binds.as_array().is_some_and(|b| b.iter().any(|b| b
            .as_str()
            .is_some_and(|b| b.contains(&format!(":{SA_PATH}:ro"))))),
        "{binds}"
    );
}

/// Before Kubernetes 1.21 the token is the service account's Secret: no
/// TokenRequest, a secret volume.
#[test]
fn kubernetes_120_mounts_the_token_secret() {
    let r = kubectl_run(20, Runtime::Containerd17);
    check_kubelet_side("1.20", &r, "kubernetes.io~secret");
    assert!(!r
        .hops
        .iter()
        .any(|h| h.call.ends_with("/serviceaccounts/default/token")));
}

/// `crictl inspect` shows the container's CRI mounts and its log path in the
/// kubelet's pod log directory.
#[test]
fn crictl_inspect_shows_the_kubelets_mounts() {
    let cfg = Config {
        k8s: K8sVersion(28),
        runtime: Runtime::Containerd17,
        oci: Oci::Runc,
    };
    let mut sim = Sim::new(cfg, 1);
    sim.run_script("kubectl run nginx --image=nginx\nsleep 3")
        .expect("script runs");
    let id = sim
        .run_line("crictl ps -q")
        .record
        .stdout
        .trim()
        .to_string();
    let out = sim
        .run_line(&format!("crictl inspect {id}"))
        .record
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    let st = &v["status"];
    assert!(st["logPath"].as_str().is_some_and(
        |p| p.starts_with("/var/log/pods/default_nginx_") && p.ends_with("/nginx/0.log")
    ));
    let mounts = st["mounts"].as_array().expect("mounts");
    assert_eq!(mounts[0]["containerPath"], SA_PATH);
    assert_eq!(mounts[0]["readonly"], true);
    assert_eq!(mounts[1]["containerPath"], "/etc/hosts");
}

/// The kubelet unmounts the token volume once the pod's containers are gone,
/// and only then confirms the deletion (`podResourcesAreReclaimed`).
#[test]
fn the_token_volume_is_unmounted_before_the_final_delete() {
    let s = atlas_core::scenario::find("pod-delete-grace").expect("scenario");
    let mut sim = Sim::new(s.config(), 1);
    sim.run_script(s.script).expect("script runs");
    let hops: Vec<&Hop> = sim.steps().iter().flat_map(|s| s.hops.iter()).collect();
    let umount = hops
        .iter()
        .position(|h| h.call == "umount")
        .expect("the volume is unmounted");
    let argv = detail(hops[umount], "argv").expect("argv").to_string();
    assert!(argv.contains("/volumes/kubernetes.io~projected/kube-api-access-"));
    let stop = hops
        .iter()
        .position(|h| h.call == "StopPodSandbox")
        .expect("StopPodSandbox");
    let final_delete = hops
        .iter()
        .rposition(|h| h.from.id() == "kubelet" && h.call.starts_with("DELETE /api/v1/"))
        .expect("the kubelet's DELETE");
    assert!(stop < umount && umount < final_delete);
}
