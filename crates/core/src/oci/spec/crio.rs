//! What CRI-O generates for an app container of a pod (CRI-O 1.28,
//! `server/container_create_linux.go` `createSandboxContainer` and
//! `addOCIBindMounts`): the mounts, in CRI-O's order, over the CRI plugin's
//! process, resources and security settings.

use super::cri::cri_container;
use super::parts::*;
use super::sandbox_files::crio_userdata;
use super::*;
use oci_spec::runtime::{Mount, Spec};

/// An app container of a pod as CRI-O writes its `config.json`.
///
/// Mounts, in the order CRI-O adds them: runtime-tools' defaults (`/proc`,
/// `/dev`, `/dev/pts`, `/dev/mqueue`, `/sys`; none that a kubelet mount
/// replaces), the read-only `/sys/fs/cgroup`, then the pod's files from the
/// infra container's run directory (`crio_userdata(sandbox)`): `/dev/shm`
/// (moved from the defaults to the end), `/etc/resolv.conf`, `/etc/hostname`,
/// `/run/.containerenv`; last the kubelet's mounts (`p.cri_mounts`, its
/// `/etc/hosts` among them) sorted by depth, each `rw|ro, rbind, rprivate,
/// bind`. Namespaces are the CRI plugin's: the caller replaces them with the
/// pinned ones.
pub fn crio_container(p: &ContainerParams) -> Spec {
    let sandbox = p.sandbox_id.clone().unwrap_or_default();
    let dir = crio_userdata(&sandbox);
    let mut s = cri_container(p, 0);
    let mut kubelet: Vec<&CriMount> = p.cri_mounts.iter().collect();
    crate::order::sort_by_key(&mut kubelet, |m| path_depth(&m.container_path));
    let overridden = |d: &str| kubelet.iter().any(|m| m.container_path == d);
    let [dev, pts, _shm, mqueue, sys] = dev_and_sys_mounts(false);
    let mut mounts: Vec<Mount> = [
        mount("/proc", "proc", "proc", &["nosuid", "noexec", "nodev"]),
        dev,
        pts,
        mqueue,
        sys,
    ]
    .into_iter()
    .filter(|m| !overridden(&m.destination().to_string_lossy()))
    .collect();
    mounts.push(cgroup_ro_mount());
    let rw = if p.readonly_rootfs { "ro" } else { "rw" };
    mounts.push(mount(
        "/dev/shm",
        "bind",
        &format!("{dir}/shm"),
        &["rw", "bind"],
    ));
    mounts.push(mount(
        "/etc/resolv.conf",
        "bind",
        &format!("{dir}/resolv.conf"),
        &[rw, "bind", "nodev", "nosuid", "noexec"],
    ));
    mounts.push(mount(
        "/etc/hostname",
        "bind",
        &format!("{dir}/hostname"),
        &[rw, "bind"],
    ));
    mounts.push(mount(
        "/run/.containerenv",
        "bind",
        &format!("{dir}/.containerenv"),
        &[rw, "bind"],
    ));
    for m in kubelet {
        mounts.push(mount(
            &m.container_path,
            "bind",
            &m.host_path,
            &[
                if m.readonly { "ro" } else { "rw" },
                "rbind",
                "rprivate",
                "bind",
            ],
        ));
    }
    s.set_mounts(Some(mounts));
    s
}
