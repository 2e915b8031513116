//! What containerd's CRI plugin generates for a pod: the pause (sandbox)
//! container and an app container joining its namespaces (containerd 1.7,
//! `pkg/cri/server/sandbox_run_linux.go`, `container_create_linux.go`,
//! `pkg/cri/opts/spec_linux.go`), with kubelet's masked paths.

use super::containerd::{containerd_mounts, CONTAINERD_NS_ORDER};
use super::parts::*;
use super::*;
use oci_spec::runtime::{Mount, Spec};
use std::path::PathBuf;

/// The masked paths kubelet sends in every container's security context
/// (`pkg/securitycontext/util.go`, `procMount: Default`). containerd's CRI
/// plugin clears its own defaults and applies these.
pub const KUBELET_MASKED_PATHS: &[&str] = &[
    "/proc/asound",
    "/proc/acpi",
    "/proc/kcore",
    "/proc/keys",
    "/proc/latency_stats",
    "/proc/timer_list",
    "/proc/timer_stats",
    "/proc/sched_debug",
    "/proc/scsi",
    "/sys/firmware",
    "/sys/devices/virtual/powercap",
];

use super::sandbox_files::{
    containerd_sandbox_dir as cri_sandbox_root, containerd_sandbox_shm as cri_sandbox_shm,
};

/// The pause container of a pod, as containerd 1.7's CRI plugin generates it
/// (`sandboxContainerSpec`).
///
/// Namespaces: pid new (kubelet's `CONTAINER` mode; `Join` in
/// `p.namespaces.pid` is kept for `shareProcessNamespace`), ipc and uts new,
/// mount new, and the network namespace the CRI plugin created and CNI wired:
/// pass it as `p.namespaces.network = NsMode::Join("/var/run/netns/cni-<uuid>")`.
/// A host-network pod (`NsMode::Host`) drops both network and uts, as
/// containerd does. The rootfs is read-only, `/run` is not mounted, default
/// rlimits and security profiles are removed, `/dev/shm` and
/// `/etc/resolv.conf` are bind-mounted from the sandbox directories (on top of
/// the default `/dev/shm` tmpfs: containerd appends them), cpu shares are 2
/// and `oomScoreAdj` is -998 unless `p` says otherwise.
pub fn cri_sandbox(p: &ContainerParams) -> Spec {
    let mut s = blank_spec("1.1.0");
    s.set_root(Some(root(p, true)));
    let env = replace_or_append_env(Vec::new(), &p.env);
    let mut pr = process(
        p,
        env,
        p.no_new_privileges.unwrap_or(true),
        bpe_caps(CONTAINERD_17_CAPS),
    );
    pr.set_oom_score_adj(Some(p.oom_score_adj.unwrap_or(-998)));
    s.set_process(Some(pr));
    s.set_hostname(p.hostname.clone());

    let mut ns = p.namespaces.clone();
    if ns.network == NsMode::Host {
        ns.uts = NsMode::Host;
    }
    ns.mount = NsMode::New;

    let mut mounts: Vec<Mount> = containerd_mounts()
        .into_iter()
        .filter(|m| m.destination() != &PathBuf::from("/run"))
        .collect();
    let shm_source = if ns.ipc == NsMode::Host {
        "/dev/shm".to_string()
    } else {
        cri_sandbox_shm(&p.id)
    };
    mounts.push(mount("/dev/shm", "bind", &shm_source, &["rbind", "ro"]));
    let resolv = format!("{}/resolv.conf", cri_sandbox_root(&p.id));
    mounts.push(mount("/etc/resolv.conf", "bind", &resolv, &["rbind", "ro"]));
    mounts.extend(p.mounts.iter().map(from_mount_spec));
    s.set_mounts(Some(mounts));

    let mut r = resources(p, vec![deny_all_devices()]);
    let mut cpu = r.cpu().clone().unwrap_or_default();
    if cpu.shares().is_none() {
        cpu.set_shares(Some(2));
    }
    r.set_cpu(Some(cpu));
    let mut l = linux_base(p, ns.to_spec(CONTAINERD_NS_ORDER), Vec::new());
    l.set_resources(Some(r));
    l.set_cgroups_path(p.cgroups_path.clone().map(PathBuf::from));
    l.set_masked_paths(paths(CONTAINERD_MASKED_PATHS));
    l.set_readonly_paths(paths(DEFAULT_READONLY_PATHS));
    s.set_linux(Some(l));
    s.set_hooks(hooks(p));
    s.set_annotations(annotations(
        p,
        &[
            ("io.kubernetes.cri.container-type", "sandbox".to_string()),
            ("io.kubernetes.cri.sandbox-id", p.id.clone()),
        ],
    ));
    s
}

/// An app container of a pod, as containerd 1.7's CRI plugin generates it
/// (`containerSpec` + `WithPodNamespaces`).
///
/// It joins the pause container's namespaces by path: network, ipc and uts
/// always (`/proc/<pause_pid>/ns/{net,ipc,uts}`, even for host-network pods,
/// whose pause is in the host's), pid too when `p.namespaces.pid` is not
/// `New` (`shareProcessNamespace`, or host pid); mount is always new. A cgroup
/// namespace is added when `p.namespaces.cgroup` is `New` (containerd does that
/// for unprivileged containers on cgroup v2). The kubelet's mounts
/// (`p.cri_mounts`) come first; `/etc/hostname`, `/etc/hosts`,
/// `/etc/resolv.conf` and `/dev/shm` come from the sandbox directories unless
/// the kubelet mounts them (it sends its own `/etc/hosts`); masked
/// and read-only paths are kubelet's; rlimits and `/run` are removed; ambient
/// capabilities are cleared; `/sys/fs/cgroup` is mounted read-only; `HOSTNAME`
/// is set in the environment but the spec has no `hostname` (the uts
/// namespace is the pause container's).
pub fn cri_container(p: &ContainerParams, pause_pid: u32) -> Spec {
    let sandbox = p.sandbox_id.clone().unwrap_or_default();
    let mut s = blank_spec("1.1.0");
    s.set_root(Some(root(p, p.readonly_rootfs)));
    let mut env = vec![DEFAULT_PATH_ENV.to_string()];
    if let Some(h) = &p.hostname {
        env = replace_or_append_env(env, &[format!("HOSTNAME={h}")]);
    }
    let env = replace_or_append_env(env, &p.env);
    let pr = process(
        p,
        env,
        p.no_new_privileges.unwrap_or(false),
        bpe_caps(CONTAINERD_17_CAPS),
    );
    s.set_process(Some(pr));
    s.set_hostname(None);

    let proc_ns = |name: &str| format!("/proc/{pause_pid}/ns/{name}");
    let mut ns = p.namespaces.clone();
    ns.network = NsMode::Join(proc_ns("net"));
    ns.ipc = NsMode::Join(proc_ns("ipc"));
    ns.uts = NsMode::Join(proc_ns("uts"));
    ns.mount = NsMode::New;
    if ns.pid != NsMode::New {
        ns.pid = NsMode::Join(proc_ns("pid"));
    }

    // customopts.WithMounts: the CRI request's mounts (the kubelet's) first,
    // then containerMounts' sandbox files the request does not already mount
    // (the kubelet's /etc/hosts replaces the sandbox's), stably sorted by
    // depth; a read-only cgroup mount joins the defaults, and the mounts
    // replace default mounts at the same destination.
    let root_dir = cri_sandbox_root(&sandbox);
    let ro = p.readonly_rootfs;
    let cri_mount = |src: &str, dst: &str, readonly: bool| MountSpec {
        destination: dst.to_string(),
        source: src.to_string(),
        typ: "bind".to_string(),
        options: strings(&["rbind", "rprivate", if readonly { "ro" } else { "rw" }]),
    };
    let mut extra: Vec<MountSpec> = p
        .cri_mounts
        .iter()
        .map(|m| cri_mount(&m.host_path, &m.container_path, m.readonly))
        .collect();
    let shm = if p.namespaces.ipc == NsMode::Host {
        "/dev/shm".to_string()
    } else {
        cri_sandbox_shm(&sandbox)
    };
    for (src, dst, readonly) in [
        (format!("{root_dir}/hostname"), "/etc/hostname", ro),
        (format!("{root_dir}/hosts"), "/etc/hosts", ro),
        (format!("{root_dir}/resolv.conf"), "/etc/resolv.conf", ro),
        (shm, "/dev/shm", false),
    ] {
        if !p.cri_mounts.iter().any(|m| m.container_path == dst) {
            extra.push(cri_mount(&src, dst, readonly));
        }
    }
    extra.extend(p.mounts.iter().cloned());
    crate::order::sort_by_key(&mut extra, |m| path_depth(&m.destination));
    let overrides_dev = extra
        .iter()
        .any(|m| m.destination.trim_end_matches('/') == "/dev");
    let mut defaults = containerd_mounts();
    defaults.push(cgroup_ro_mount());
    let mut mounts: Vec<Mount> = defaults
        .into_iter()
        .filter(|m| {
            let d = m.destination().to_string_lossy();
            d != "/run"
                && !extra
                    .iter()
                    .any(|e| e.destination.trim_end_matches('/') == d)
                && !(overrides_dev && d.starts_with("/dev/"))
        })
        .collect();
    mounts.extend(extra.iter().map(from_mount_spec));
    s.set_mounts(Some(mounts));

    let mut l = linux_base(p, ns.to_spec(CONTAINERD_NS_ORDER), vec![deny_all_devices()]);
    l.set_cgroups_path(p.cgroups_path.clone().map(PathBuf::from));
    l.set_masked_paths(paths(KUBELET_MASKED_PATHS));
    l.set_readonly_paths(paths(DEFAULT_READONLY_PATHS));
    s.set_linux(Some(l));
    s.set_hooks(hooks(p));
    s.set_annotations(annotations(
        p,
        &[
            ("io.kubernetes.cri.container-type", "container".to_string()),
            ("io.kubernetes.cri.sandbox-id", sandbox.clone()),
        ],
    ));
    s
}
