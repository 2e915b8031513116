//! What containerd generates for `ctr run`: `oci.WithDefaultSpec()` with
//! `WithDefaultUnixDevices` and the image config (containerd 1.7,
//! `pkg/oci/spec.go`, `mounts.go`, `spec_opts.go`), and the defaults (mounts,
//! capabilities, masked paths, device rules) the CRI plugin starts from.

use super::parts::*;
use super::*;
use oci_spec::runtime::{
    Capability, LinuxDeviceCgroup, LinuxDeviceType, LinuxNamespaceType, Mount, Spec,
};
use std::path::PathBuf;

/// containerd 1.7's default capability set (`defaultUnixCaps`), used for
/// `ctr run` and, unchanged by CRI, for pods.
pub const CONTAINERD_17_CAPS: &[Capability] = &[
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

/// containerd 2.0's default set: MKNOD, NET_RAW, SETFCAP, SYS_CHROOT and
/// AUDIT_WRITE were dropped.
pub const CONTAINERD_2_CAPS: &[Capability] = &[
    Capability::Chown,
    Capability::DacOverride,
    Capability::Fsetid,
    Capability::Fowner,
    Capability::Setgid,
    Capability::Setuid,
    Capability::Setpcap,
    Capability::NetBindService,
    Capability::Kill,
];

/// containerd's default masked paths (`populateDefaultUnixSpec`).
pub const CONTAINERD_MASKED_PATHS: &[&str] = &[
    "/proc/acpi",
    "/proc/asound",
    "/proc/kcore",
    "/proc/keys",
    "/proc/latency_stats",
    "/proc/timer_list",
    "/proc/timer_stats",
    "/proc/sched_debug",
    "/sys/firmware",
    "/sys/devices/virtual/powercap",
    "/proc/scsi",
];

/// containerd's `WithDefaultUnixDevices` allow rules.
fn containerd_unix_device_rules() -> Vec<LinuxDeviceCgroup> {
    let c = Some(LinuxDeviceType::C);
    vec![
        device_rule(true, c, Some(1), Some(3)),
        device_rule(true, c, Some(1), Some(8)),
        device_rule(true, c, Some(1), Some(7)),
        device_rule(true, c, Some(5), Some(0)),
        device_rule(true, c, Some(1), Some(5)),
        device_rule(true, c, Some(1), Some(9)),
        device_rule(true, c, Some(5), Some(1)),
        device_rule(true, c, Some(136), None),
        device_rule(true, c, Some(5), Some(2)),
    ]
}

/// The mounts containerd starts from (`defaultMounts`), `/run` included.
pub(super) fn containerd_mounts() -> Vec<Mount> {
    let [dev, pts, shm, mqueue, sys] = dev_and_sys_mounts(false);
    vec![
        mount("/proc", "proc", "proc", &["nosuid", "noexec", "nodev"]),
        dev,
        pts,
        shm,
        mqueue,
        sys,
        mount(
            "/run",
            "tmpfs",
            "tmpfs",
            &["nosuid", "strictatime", "mode=755", "size=65536k"],
        ),
    ]
}

pub(super) const CONTAINERD_NS_ORDER: &[LinuxNamespaceType] = &[
    LinuxNamespaceType::Pid,
    LinuxNamespaceType::Ipc,
    LinuxNamespaceType::Uts,
    LinuxNamespaceType::Mount,
    LinuxNamespaceType::Network,
];

/// What `ctr run` gets: containerd 1.7's `oci.WithDefaultSpec()` (namespaces
/// pid, ipc, uts, mount, network new; cgroup path `/default/<id>`), plus
/// `WithDefaultUnixDevices` and the image config carried by `p`.
pub fn containerd_default(p: &ContainerParams) -> Spec {
    let mut s = blank_spec("1.1.0");
    s.set_root(Some(root(p, p.readonly_rootfs)));
    let env = replace_or_append_env(vec![DEFAULT_PATH_ENV.to_string()], &p.env);
    let mut pr = process(
        p,
        env,
        p.no_new_privileges.unwrap_or(true),
        bpe_caps(CONTAINERD_17_CAPS),
    );
    pr.set_rlimits(Some(vec![nofile_1024()]));
    s.set_process(Some(pr));
    s.set_hostname(p.hostname.clone());
    let mut mounts = containerd_mounts();
    mounts.extend(p.mounts.iter().map(from_mount_spec));
    s.set_mounts(Some(mounts));
    let mut devices = vec![deny_all_devices()];
    devices.extend(containerd_unix_device_rules());
    let mut l = linux_base(p, p.namespaces.to_spec(CONTAINERD_NS_ORDER), devices);
    l.set_cgroups_path(Some(PathBuf::from(
        p.cgroups_path
            .clone()
            .unwrap_or_else(|| format!("/default/{}", p.id)),
    )));
    l.set_masked_paths(paths(CONTAINERD_MASKED_PATHS));
    l.set_readonly_paths(paths(DEFAULT_READONLY_PATHS));
    s.set_linux(Some(l));
    s.set_hooks(hooks(p));
    s.set_annotations(annotations(p, &[]));
    s
}
