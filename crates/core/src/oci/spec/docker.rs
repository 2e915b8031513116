//! What dockerd's `createSpec` produces (moby `daemon/oci_linux.go`,
//! `daemon/pkg/oci/defaults.go`), `docker run --init` included.

use super::parts::*;
use super::sandbox_files::{docker_container_dir, docker_shm};
use super::*;
use oci_spec::runtime::{Capability, LinuxDeviceCgroup, LinuxDeviceType, LinuxNamespaceType, Spec};
use std::path::PathBuf;

/// Where dockerd finds `docker-init` (tini) on the host for `docker run --init`.
pub const DOCKER_INIT_HOST_PATH: &str = "/usr/bin/docker-init";

/// Where `docker run --init` bind-mounts it inside the container.
pub const DOCKER_INIT_PATH: &str = "/sbin/docker-init";

/// Docker's default capability set (moby `caps.DefaultCapabilities`).
pub const DOCKER_CAPS: &[Capability] = &[
    Capability::Chown,
    Capability::DacOverride,
    Capability::Fsetid,
    Capability::Fowner,
    Capability::Mknod,
    Capability::NetRaw,
    Capability::Setgid,
    Capability::Setuid,
    Capability::Setfcap,
    Capability::Setpcap,
    Capability::NetBindService,
    Capability::SysChroot,
    Capability::Kill,
    Capability::AuditWrite,
];

/// Docker's default masked paths (moby `defaultLinuxMaskedPaths`; dockerd also
/// masks `/sys/devices/system/cpu/cpu*/thermal_throttle` when the host has them,
/// which a host-independent builder leaves out).
pub const DOCKER_MASKED_PATHS: &[&str] = &[
    "/proc/acpi",
    "/proc/asound",
    "/proc/interrupts",
    "/proc/kcore",
    "/proc/keys",
    "/proc/latency_stats",
    "/proc/sched_debug",
    "/proc/scsi",
    "/proc/timer_list",
    "/proc/timer_stats",
    "/sys/devices/virtual/powercap",
    "/sys/firmware",
];

/// moby's `DefaultLinuxSpec` device rules.
fn docker_device_rules() -> Vec<LinuxDeviceCgroup> {
    let c = Some(LinuxDeviceType::C);
    vec![
        deny_all_devices(),
        device_rule(true, c, Some(1), Some(5)),
        device_rule(true, c, Some(1), Some(3)),
        device_rule(true, c, Some(1), Some(9)),
        device_rule(true, c, Some(1), Some(8)),
        device_rule(true, c, Some(5), Some(0)),
        device_rule(true, c, Some(5), Some(1)),
        device_rule(false, c, Some(10), Some(229)),
    ]
}

/// The files libnetwork writes for a container and mounts as `NetworkMounts`,
/// in that order.
const NETWORK_FILES: &[(&str, &str)] = &[
    ("resolv.conf", "/etc/resolv.conf"),
    ("hostname", "/etc/hostname"),
    ("hosts", "/etc/hosts"),
];

const DOCKER_NS_ORDER: &[LinuxNamespaceType] = &[
    LinuxNamespaceType::Mount,
    LinuxNamespaceType::Network,
    LinuxNamespaceType::Uts,
    LinuxNamespaceType::Pid,
    LinuxNamespaceType::Ipc,
];

/// What dockerd's `createSpec` produces for `docker run` (Docker 26–28, moby
/// `DefaultLinuxSpec` + `WithCommonOptions` + `WithMounts`…).
///
/// Namespaces in Docker's order (mount, network, uts, pid, ipc; plus cgroup
/// when `p.namespaces.cgroup` is `New`, Docker's default on cgroup v2); the
/// network namespace is new (Docker ≥ 26 wires it after `runc create`, no
/// hook). `/etc/resolv.conf`, `/etc/hostname` and `/etc/hosts` are bind-mounted
/// from `/var/lib/docker/containers/<id>/`; the hostname defaults to the first
/// 12 characters of the id. A container of a pod (`p.sandbox_id`, as
/// dockershim and cri-dockerd make them: network and IPC `container:<sandbox>`)
/// gets the sandbox container's files and its `mounts/shm`; the kubelet's
/// mounts (`p.cri_mounts`) are binds, and its `/etc/hosts` replaces the
/// sandbox's. With `p.init` (`docker run --init`, private pid
/// namespace only) the args become `/sbin/docker-init -- <args>` and the host's
/// `docker-init` is bind-mounted read-only at `/sbin/docker-init`. Docker's
/// default seccomp and AppArmor profiles are not embedded: pass them in `p`.
pub fn docker(p: &ContainerParams) -> Spec {
    let mut s = blank_spec("1.2.0");
    s.set_root(Some(root(p, p.readonly_rootfs)));
    let hostname = p
        .hostname
        .clone()
        .unwrap_or_else(|| p.id.chars().take(12).collect());
    let mut base_env = vec![DEFAULT_PATH_ENV.to_string(), format!("HOSTNAME={hostname}")];
    if p.terminal {
        base_env.push("TERM=xterm".to_string());
    }
    let env = replace_or_append_env(base_env, &p.env);
    let init = p.init && p.namespaces.pid == NsMode::New;
    let mut pr = process(
        p,
        env,
        p.no_new_privileges.unwrap_or(false),
        bpe_caps(DOCKER_CAPS),
    );
    if init {
        let mut args = vec![DOCKER_INIT_PATH.to_string(), "--".to_string()];
        args.extend(p.args.iter().cloned());
        pr.set_args(Some(args));
    }
    s.set_process(Some(pr));
    s.set_hostname(Some(hostname));

    let shm_opts: &[&str] = &["nosuid", "noexec", "nodev", "mode=1777", "size=67108864"];
    let mut mounts = vec![
        mount("/proc", "proc", "proc", &["nosuid", "noexec", "nodev"]),
        mount(
            "/dev",
            "tmpfs",
            "tmpfs",
            &["nosuid", "strictatime", "mode=755", "size=65536k"],
        ),
        mount(
            "/dev/pts",
            "devpts",
            "devpts",
            &[
                "nosuid",
                "noexec",
                "newinstance",
                "ptmxmode=0666",
                "mode=0620",
                "gid=5",
            ],
        ),
        mount(
            "/sys",
            "sysfs",
            "sysfs",
            &["nosuid", "noexec", "nodev", "ro"],
        ),
        mount(
            "/sys/fs/cgroup",
            "cgroup",
            "cgroup",
            &["ro", "nosuid", "noexec", "nodev"],
        ),
        mount(
            "/dev/mqueue",
            "mqueue",
            "mqueue",
            &["nosuid", "noexec", "nodev"],
        ),
        mount("/dev/shm", "tmpfs", "shm", shm_opts),
    ];
    if init {
        mounts.push(mount(
            DOCKER_INIT_PATH,
            "bind",
            DOCKER_INIT_HOST_PATH,
            &["bind", "ro"],
        ));
    }
    // WithMounts: the binds (sorted), the network files (the sandbox
    // container's for a pod: its network namespace is joined, so are its
    // files; a bind at one of them replaces its source: TrySetNetworkMount),
    // the IPC mount of a joined shareable IPC namespace; all sorted by depth
    // after the defaults they do not replace.
    let net_from = p.sandbox_id.as_deref().unwrap_or(&p.id);
    let dir = docker_container_dir(net_from);
    let mut ms: Vec<MountSpec> = p.mounts.clone();
    let mut binds: Vec<&CriMount> = p
        .cri_mounts
        .iter()
        .filter(|m| !NETWORK_FILES.iter().any(|(_, d)| *d == m.container_path))
        .collect();
    crate::order::sort_by_key(&mut binds, |m| path_depth(&m.container_path));
    let docker_bind = |src: &str, dst: &str, writable: bool| MountSpec {
        destination: dst.to_string(),
        source: src.to_string(),
        typ: "bind".to_string(),
        options: if writable {
            strings(&["rbind", "rprivate"])
        } else {
            strings(&["rbind", "ro", "rprivate"])
        },
    };
    ms.extend(
        binds
            .iter()
            .map(|m| docker_bind(&m.host_path, &m.container_path, !m.readonly)),
    );
    for (file, dst) in NETWORK_FILES {
        let (src, writable) = match p.cri_mounts.iter().find(|m| m.container_path == *dst) {
            Some(m) => (m.host_path.clone(), !m.readonly),
            None => (format!("{dir}/{file}"), !p.readonly_rootfs),
        };
        ms.push(docker_bind(&src, dst, writable));
    }
    if let Some(sb) = &p.sandbox_id {
        ms.push(docker_bind(&docker_shm(sb), "/dev/shm", true));
    }
    crate::order::sort_by_key(&mut ms, |m| path_depth(&m.destination));
    mounts.retain(|m| {
        let d = m.destination().to_string_lossy();
        !ms.iter().any(|u| u.destination == d)
    });
    mounts.extend(ms.iter().map(from_mount_spec));
    s.set_mounts(Some(mounts));

    let mut l = linux_base(
        p,
        p.namespaces.to_spec(DOCKER_NS_ORDER),
        docker_device_rules(),
    );
    l.set_cgroups_path(Some(PathBuf::from(
        p.cgroups_path
            .clone()
            .unwrap_or_else(|| format!("/docker/{}", p.id)),
    )));
    l.set_masked_paths(paths(DOCKER_MASKED_PATHS));
    l.set_readonly_paths(paths(DEFAULT_READONLY_PATHS));
    s.set_linux(Some(l));
    s.set_hooks(hooks(p));
    s.set_annotations(annotations(p, &[]));
    s
}
