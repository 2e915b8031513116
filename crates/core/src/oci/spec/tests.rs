use super::parts::*;
use super::*;
use oci_spec::runtime::{LinuxNamespaceType, Spec};
use std::path::PathBuf;

fn ns_of(s: &Spec) -> Vec<(LinuxNamespaceType, Option<String>)> {
    s.linux()
        .as_ref()
        .and_then(|l| l.namespaces().clone())
        .unwrap_or_default()
        .iter()
        .map(|n| {
            (
                n.typ(),
                n.path().as_ref().map(|p| p.to_string_lossy().into_owned()),
            )
        })
        .collect()
}

fn mount_dests(s: &Spec) -> Vec<String> {
    s.mounts()
        .clone()
        .unwrap_or_default()
        .iter()
        .map(|m| m.destination().to_string_lossy().into_owned())
        .collect()
}

#[test]
fn runc_defaults_parse_and_match_the_reference() {
    let d = runc_default();
    assert_eq!(d.version(), "1.0.2-dev");
    assert_eq!(d.hostname().as_deref(), Some("runc"));
    assert_eq!(mount_dests(&d).len(), 7);
    let v: serde_json::Value = serde_json::from_str(RUNC_DEFAULT_JSON).unwrap();
    assert_eq!(serde_json::to_value(&d).unwrap()["mounts"], v["mounts"]);
    let r = runc_rootless();
    assert!(ns_of(&r)
        .iter()
        .any(|(t, _)| *t == LinuxNamespaceType::User));
    assert!(!ns_of(&r)
        .iter()
        .any(|(t, _)| *t == LinuxNamespaceType::Network));
}

/// The built `runc spec` outputs are the shipped reference files, read
/// both by oci-spec through serde_json and by the span reader the engine
/// and the validator use.
#[test]
fn runc_specs_are_the_reference_files() {
    for (built, text) in [
        (runc_default(), RUNC_DEFAULT_JSON),
        (runc_rootless(), RUNC_ROOTLESS_JSON),
    ] {
        let by_serde: Spec = serde_json::from_str(text).unwrap();
        assert_eq!(built, by_serde);
        let tree = super::super::json::Tree::parse(text).unwrap();
        let by_tree: Spec = tree.deserialize(&[]).unwrap();
        assert_eq!(built, by_tree);
    }
}

#[test]
fn containerd_default_namespaces_are_new() {
    let s = containerd_default(&ContainerParams::new("web", &["nginx"]));
    let types: Vec<_> = ns_of(&s)
        .into_iter()
        .map(|(t, p)| (t, p.is_none()))
        .collect();
    assert_eq!(
        types,
        vec![
            (LinuxNamespaceType::Pid, true),
            (LinuxNamespaceType::Ipc, true),
            (LinuxNamespaceType::Uts, true),
            (LinuxNamespaceType::Mount, true),
            (LinuxNamespaceType::Network, true)
        ]
    );
    let l = s.linux().as_ref().unwrap();
    assert_eq!(
        l.cgroups_path().as_ref().unwrap(),
        &PathBuf::from("/default/web")
    );
    assert!(mount_dests(&s).contains(&"/run".to_string()));
}

#[test]
fn cri_sandbox_uses_the_cni_netns() {
    let mut p = ContainerParams::new("sb1", &["/pause"]);
    p.namespaces.network = NsMode::Join("/var/run/netns/cni-1234".into());
    p.uid = 65535;
    p.gid = 65535;
    let s = cri_sandbox(&p);
    assert_eq!(
        ns_of(&s),
        vec![
            (LinuxNamespaceType::Pid, None),
            (LinuxNamespaceType::Ipc, None),
            (LinuxNamespaceType::Uts, None),
            (LinuxNamespaceType::Mount, None),
            (
                LinuxNamespaceType::Network,
                Some("/var/run/netns/cni-1234".into())
            )
        ]
    );
    assert_eq!(s.root().as_ref().unwrap().readonly(), Some(true));
    assert_eq!(s.process().as_ref().unwrap().oom_score_adj(), Some(-998));
    assert!(!mount_dests(&s).contains(&"/run".to_string()));
    assert_eq!(
        s.annotations().as_ref().unwrap()["io.kubernetes.cri.container-type"],
        "sandbox"
    );
    // Host network: no network and no uts namespace.
    p.namespaces.network = NsMode::Host;
    let types: Vec<_> = ns_of(&cri_sandbox(&p))
        .into_iter()
        .map(|(t, _)| t)
        .collect();
    assert!(!types.contains(&LinuxNamespaceType::Network));
    assert!(!types.contains(&LinuxNamespaceType::Uts));
}

#[test]
fn cri_container_joins_the_pause_namespaces() {
    let mut p = ContainerParams::new("c1", &["nginx"]);
    p.sandbox_id = Some("sb1".into());
    p.hostname = Some("web".into());
    let s = cri_container(&p, 4321);
    assert_eq!(
        ns_of(&s),
        vec![
            (LinuxNamespaceType::Pid, None),
            (LinuxNamespaceType::Ipc, Some("/proc/4321/ns/ipc".into())),
            (LinuxNamespaceType::Uts, Some("/proc/4321/ns/uts".into())),
            (LinuxNamespaceType::Mount, None),
            (
                LinuxNamespaceType::Network,
                Some("/proc/4321/ns/net".into())
            )
        ]
    );
    assert!(s.hostname().is_none());
    let env = s.process().as_ref().unwrap().env().clone().unwrap();
    assert_eq!(
        env,
        vec![DEFAULT_PATH_ENV.to_string(), "HOSTNAME=web".to_string()]
    );
    assert!(s.process().as_ref().unwrap().rlimits().is_none());
    // Shared pid namespace joins the pause container's too.
    p.namespaces.pid = NsMode::Join(String::new());
    let s = cri_container(&p, 4321);
    assert_eq!(
        ns_of(&s)[0],
        (LinuxNamespaceType::Pid, Some("/proc/4321/ns/pid".into()))
    );
    let dests = mount_dests(&s);
    assert_eq!(dests.iter().filter(|d| *d == "/dev/shm").count(), 1);
    assert!(dests.contains(&"/etc/hosts".to_string()));
}

#[test]
fn docker_init_prefixes_args_and_binds_tini() {
    let mut p = ContainerParams::new("0123456789abcdef", &["nginx", "-g", "daemon off;"]);
    p.init = true;
    let s = docker(&p);
    let args = s.process().as_ref().unwrap().args().clone().unwrap();
    assert_eq!(
        args[..3],
        ["/sbin/docker-init", "--", "nginx"].map(String::from)
    );
    let init = s
        .mounts()
        .as_ref()
        .unwrap()
        .iter()
        .find(|m| m.destination() == &PathBuf::from(DOCKER_INIT_PATH))
        .unwrap();
    assert_eq!(
        init.source().as_ref().unwrap(),
        &PathBuf::from(DOCKER_INIT_HOST_PATH)
    );
    assert_eq!(s.hostname().as_deref(), Some("0123456789ab"));
    let types: Vec<_> = ns_of(&s).into_iter().map(|(t, _)| t).collect();
    assert_eq!(types[0], LinuxNamespaceType::Mount);
}

#[test]
fn env_replaces_in_place() {
    let e = replace_or_append_env(
        vec!["PATH=/a".into(), "X=1".into()],
        &["PATH=/b".into(), "Y=2".into()],
    );
    assert_eq!(e, vec!["PATH=/b", "X=1", "Y=2"]);
}

fn kubelet_mounts() -> Vec<CriMount> {
    vec![
        CriMount::new(
            "/kubelet/sa",
            "/var/run/secrets/kubernetes.io/serviceaccount",
            true,
            true,
        ),
        CriMount::new("/kubelet/etc-hosts", "/etc/hosts", false, true),
        CriMount::new("/kubelet/term", "/dev/termination-log", false, false),
    ]
}

fn binds(s: &Spec) -> Vec<(String, String, Vec<String>)> {
    s.mounts()
        .clone()
        .unwrap_or_default()
        .iter()
        .filter(|m| m.typ().as_deref() == Some("bind"))
        .map(|m| {
            (
                m.destination().to_string_lossy().into_owned(),
                m.source()
                    .as_ref()
                    .map(|p| p.to_string_lossy().into_owned())
                    .unwrap_or_default(),
                m.options().clone().unwrap_or_default(),
            )
        })
        .collect()
}

/// containerd's `WithMounts`: the CRI request's mounts first, then the
/// sandbox files it does not replace, stably by depth.
#[test]
fn cri_container_puts_the_kubelets_mounts_first() {
    let mut p = ContainerParams::new("c1", &["nginx"]);
    p.sandbox_id = Some("sb1".into());
    p.cri_mounts = kubelet_mounts();
    let s = cri_container(&p, 7);
    let b = binds(&s);
    let dests: Vec<&str> = b.iter().map(|m| m.0.as_str()).collect();
    assert_eq!(
        dests,
        [
            "/etc/hosts",
            "/dev/termination-log",
            "/etc/hostname",
            "/etc/resolv.conf",
            "/dev/shm",
            "/var/run/secrets/kubernetes.io/serviceaccount"
        ]
    );
    assert_eq!(b[0].1, "/kubelet/etc-hosts");
    assert_eq!(b[5].2, ["rbind", "rprivate", "ro"]);
    assert_eq!(
        b[2].1,
        "/var/lib/containerd/io.containerd.grpc.v1.cri/sandboxes/sb1/hostname"
    );
    assert!(mount_dests(&s).contains(&"/sys/fs/cgroup".to_string()));
}

/// CRI-O: defaults, the cgroup mount, the pod files from the infra
/// container's userdata, then the kubelet's mounts by depth.
#[test]
fn crio_container_mount_order() {
    let mut p = ContainerParams::new("c1", &["nginx"]);
    p.sandbox_id = Some("sb1".into());
    p.cri_mounts = kubelet_mounts();
    let s = crio_container(&p);
    assert_eq!(
        mount_dests(&s),
        [
            "/proc",
            "/dev",
            "/dev/pts",
            "/dev/mqueue",
            "/sys",
            "/sys/fs/cgroup",
            "/dev/shm",
            "/etc/resolv.conf",
            "/etc/hostname",
            "/run/.containerenv",
            "/etc/hosts",
            "/dev/termination-log",
            "/var/run/secrets/kubernetes.io/serviceaccount"
        ]
    );
    let b = binds(&s);
    let dir = "/var/run/containers/storage/overlay-containers/sb1/userdata";
    assert_eq!(b[0].1, format!("{dir}/shm"));
    assert_eq!(b[2].1, format!("{dir}/hostname"));
    assert_eq!(b[6].2, ["ro", "rbind", "rprivate", "bind"]);
}

/// dockerd for a pod container: binds, then the sandbox's network files (the
/// kubelet's hosts replacing the sandbox's), its shm, sorted by depth.
#[test]
fn docker_pod_container_uses_the_sandbox_containers_files() {
    let mut p = ContainerParams::new("c1", &["nginx"]);
    p.sandbox_id = Some("sb1".into());
    p.cri_mounts = kubelet_mounts();
    let s = docker(&p);
    let b = binds(&s);
    let got: Vec<(&str, &str)> = b.iter().map(|m| (m.0.as_str(), m.1.as_str())).collect();
    assert_eq!(
        got,
        [
            ("/dev/termination-log", "/kubelet/term"),
            (
                "/etc/resolv.conf",
                "/var/lib/docker/containers/sb1/resolv.conf"
            ),
            ("/etc/hostname", "/var/lib/docker/containers/sb1/hostname"),
            ("/etc/hosts", "/kubelet/etc-hosts"),
            ("/dev/shm", "/var/lib/docker/containers/sb1/mounts/shm"),
            (
                "/var/run/secrets/kubernetes.io/serviceaccount",
                "/kubelet/sa"
            ),
        ]
    );
    assert_eq!(b[5].2, ["rbind", "ro", "rprivate"]);
    assert_eq!(
        mount_dests(&s).iter().filter(|d| *d == "/dev/shm").count(),
        1,
        "the sandbox's shm replaces the default tmpfs"
    );
}
