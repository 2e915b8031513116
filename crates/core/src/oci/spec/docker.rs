//! What dockerd's `createSpec` produces (moby `daemon/oci_linux.go`,
//! `daemon/pkg/oci/defaults.go`), `docker run --init` included.

use super::parts::*;
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
/// 12 characters of the id. With `p.init` (`docker run --init`, private pid
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
    let dir = format!("/var/lib/docker/containers/{}", p.id);
    for (file, dst) in [
        ("resolv.conf", "/etc/resolv.conf"),
        ("hostname", "/etc/hostname"),
        ("hosts", "/etc/hosts"),
    ] {
        mounts.push(mount(
            dst,
            "bind",
            &format!("{dir}/{file}"),
            &["rbind", "rprivate"],
        ));
    }
    let mut user_mounts: Vec<&MountSpec> = p.mounts.iter().collect();
    crate::order::sort_by_key(&mut user_mounts, |m| path_depth(&m.destination));
    mounts.retain(|m| {
        let d = m.destination().to_string_lossy();
        !user_mounts.iter().any(|u| u.destination == d)
    });
    mounts.extend(user_mounts.into_iter().map(from_mount_spec));
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
