//! The pieces every builder of this module assembles a spec from: mounts,
//! namespaces, capability sets, device rules, resources, hooks, id maps, the
//! process, the root and a blank spec to start from.

use super::*;
use oci_spec::runtime::{
    Capabilities, Capability, Hook, Hooks, Linux, LinuxCapabilities, LinuxCpu, LinuxDeviceCgroup,
    LinuxDeviceType, LinuxIdMapping, LinuxIdMappingBuilder, LinuxMemory, LinuxNamespace, LinuxPids,
    LinuxResources, Mount, PosixRlimit, PosixRlimitBuilder, PosixRlimitType, Process, Root, Spec,
    User,
};
use std::collections::HashMap;
use std::path::PathBuf;

pub(super) fn strings(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

pub(super) fn mount(destination: &str, typ: &str, source: &str, options: &[&str]) -> Mount {
    let mut m = Mount::default();
    m.set_destination(PathBuf::from(destination));
    m.set_typ(Some(typ.to_string()));
    m.set_source(Some(PathBuf::from(source)));
    m.set_options(if options.is_empty() {
        None
    } else {
        Some(strings(options))
    });
    m
}

pub(super) fn from_mount_spec(m: &MountSpec) -> Mount {
    let mut out = Mount::default();
    out.set_destination(PathBuf::from(&m.destination));
    out.set_typ(Some(m.typ.clone()));
    out.set_source(Some(PathBuf::from(&m.source)));
    out.set_options(if m.options.is_empty() {
        None
    } else {
        Some(m.options.clone())
    });
    out
}

pub(super) fn caps(set: &[Capability]) -> Capabilities {
    set.iter().copied().collect()
}

/// Bounding, permitted and effective set to `set`; inheritable and ambient empty,
/// as containerd and Docker do.
pub(super) fn bpe_caps(set: &[Capability]) -> LinuxCapabilities {
    let mut c = LinuxCapabilities::default();
    c.set_bounding(Some(caps(set)));
    c.set_permitted(Some(caps(set)));
    c.set_effective(Some(caps(set)));
    c.set_inheritable(None);
    c.set_ambient(None);
    c
}

pub(super) fn device_rule(
    allow: bool,
    typ: Option<LinuxDeviceType>,
    major: Option<i64>,
    minor: Option<i64>,
) -> LinuxDeviceCgroup {
    let mut d = LinuxDeviceCgroup::default();
    d.set_allow(allow);
    d.set_typ(typ);
    d.set_major(major);
    d.set_minor(minor);
    d.set_access(Some("rwm".to_string()));
    d
}

pub(super) fn deny_all_devices() -> LinuxDeviceCgroup {
    device_rule(false, None, None, None)
}

pub(super) fn resources(p: &ContainerParams, devices: Vec<LinuxDeviceCgroup>) -> LinuxResources {
    let mut r = LinuxResources::default();
    r.set_devices(Some(devices));
    if let Some(limit) = p.memory_limit {
        let mut m = LinuxMemory::default();
        m.set_limit(Some(limit));
        r.set_memory(Some(m));
    }
    if p.cpu_shares.is_some() || p.cpu_quota.is_some() || p.cpu_period.is_some() {
        let mut c = LinuxCpu::default();
        c.set_shares(p.cpu_shares);
        c.set_quota(p.cpu_quota);
        c.set_period(p.cpu_period);
        r.set_cpu(Some(c));
    }
    if let Some(limit) = p.pids_limit {
        let mut pids = LinuxPids::default();
        pids.set_limit(limit);
        r.set_pids(Some(pids));
    }
    r
}

pub(super) fn hook(h: &HookSpec) -> Hook {
    let mut out = Hook::default();
    out.set_path(PathBuf::from(&h.path));
    out.set_args(if h.args.is_empty() {
        None
    } else {
        Some(h.args.clone())
    });
    out.set_env(if h.env.is_empty() {
        None
    } else {
        Some(h.env.clone())
    });
    out.set_timeout(h.timeout);
    out
}

pub(super) fn hook_list(v: &[HookSpec]) -> Option<Vec<Hook>> {
    if v.is_empty() {
        None
    } else {
        Some(v.iter().map(hook).collect())
    }
}

#[allow(deprecated)] // `prestart` is deprecated in the spec but still run by runc and crun.
pub(super) fn hooks(p: &ContainerParams) -> Option<Hooks> {
    if p.hooks.is_empty() {
        return None;
    }
    let mut h = Hooks::default();
    h.set_prestart(hook_list(&p.hooks.prestart));
    h.set_create_runtime(hook_list(&p.hooks.create_runtime));
    h.set_create_container(hook_list(&p.hooks.create_container));
    h.set_start_container(hook_list(&p.hooks.start_container));
    h.set_poststart(hook_list(&p.hooks.poststart));
    h.set_poststop(hook_list(&p.hooks.poststop));
    Some(h)
}

pub(super) fn annotations(
    p: &ContainerParams,
    own: &[(&str, String)],
) -> Option<HashMap<String, String>> {
    let mut a: HashMap<String, String> = p.annotations.clone().into_iter().collect();
    for (k, v) in own {
        a.insert((*k).to_string(), v.clone());
    }
    if a.is_empty() {
        None
    } else {
        Some(a)
    }
}

pub(super) fn id_mappings(v: &[IdMap]) -> Option<Vec<LinuxIdMapping>> {
    if v.is_empty() {
        return None;
    }
    Some(
        v.iter()
            .map(|m| {
                LinuxIdMappingBuilder::default()
                    .container_id(m.container_id)
                    .host_id(m.host_id)
                    .size(m.size)
                    .build()
                    .unwrap_or_default()
            })
            .collect(),
    )
}

/// containerd's `replaceOrAppendEnvValues`: a later `KEY=` replaces an earlier one in place.
pub(super) fn replace_or_append_env(mut base: Vec<String>, add: &[String]) -> Vec<String> {
    for e in add {
        let key = e.split('=').next().unwrap_or(e);
        match base
            .iter_mut()
            .find(|b| b.split('=').next().unwrap_or(b) == key)
        {
            Some(slot) => slot.clone_from(e),
            None => base.push(e.clone()),
        }
    }
    base
}

pub(super) fn user(p: &ContainerParams) -> User {
    let mut u = User::default();
    u.set_uid(p.uid);
    u.set_gid(p.gid);
    u.set_additional_gids(if p.additional_gids.is_empty() {
        None
    } else {
        Some(p.additional_gids.clone())
    });
    u
}

pub(super) fn nofile_1024() -> PosixRlimit {
    PosixRlimitBuilder::default()
        .typ(PosixRlimitType::RlimitNofile)
        .hard(1024u64)
        .soft(1024u64)
        .build()
        .unwrap_or_default()
}

pub(super) fn root(p: &ContainerParams, readonly: bool) -> Root {
    let mut r = Root::default();
    r.set_path(PathBuf::from(&p.rootfs));
    r.set_readonly(if readonly { Some(true) } else { None });
    r
}

pub(super) fn process(
    p: &ContainerParams,
    env: Vec<String>,
    nnp: bool,
    caps: LinuxCapabilities,
) -> Process {
    let mut pr = Process::default();
    pr.set_terminal(if p.terminal { Some(true) } else { None });
    pr.set_user(user(p));
    pr.set_args(Some(p.args.clone()));
    pr.set_env(Some(env));
    pr.set_cwd(PathBuf::from(&p.cwd));
    pr.set_capabilities(Some(caps));
    pr.set_rlimits(None);
    pr.set_no_new_privileges(if nnp { Some(true) } else { None });
    pr.set_apparmor_profile(p.apparmor_profile.clone());
    pr.set_oom_score_adj(p.oom_score_adj);
    pr.set_selinux_label(None);
    pr.set_scheduler(None);
    pr.set_io_priority(None);
    pr
}

pub(super) fn sysctls(p: &ContainerParams) -> Option<HashMap<String, String>> {
    if p.sysctls.is_empty() {
        None
    } else {
        Some(p.sysctls.clone().into_iter().collect())
    }
}

pub(super) fn paths(v: &[&str]) -> Option<Vec<String>> {
    Some(strings(v))
}

pub(super) fn blank_spec(version: &str) -> Spec {
    let mut s = Spec::default();
    s.set_version(version.to_string());
    s.set_hostname(None);
    s.set_domainname(None);
    s.set_annotations(None);
    s.set_hooks(None);
    s
}

/// `/dev`, `/dev/pts`, `/dev/shm`, `/dev/mqueue` and `/sys` as runc's
/// `specconv.Example()` has them (containerd copied them); `rootless` as
/// `ToRootless` changes them: no `gid=5` on devpts, `/sys` bind-mounted.
pub(super) fn dev_and_sys_mounts(rootless: bool) -> [Mount; 5] {
    let pts = [
        "nosuid",
        "noexec",
        "newinstance",
        "ptmxmode=0666",
        "mode=0620",
        "gid=5",
    ];
    [
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
            if rootless { &pts[..5] } else { &pts },
        ),
        mount(
            "/dev/shm",
            "tmpfs",
            "shm",
            &["nosuid", "noexec", "nodev", "mode=1777", "size=65536k"],
        ),
        mount(
            "/dev/mqueue",
            "mqueue",
            "mqueue",
            &["nosuid", "noexec", "nodev"],
        ),
        if rootless {
            mount(
                "/sys",
                "none",
                "/sys",
                &["rbind", "nosuid", "noexec", "nodev", "ro"],
            )
        } else {
            mount(
                "/sys",
                "sysfs",
                "sysfs",
                &["nosuid", "noexec", "nodev", "ro"],
            )
        },
    ]
}

pub(super) fn linux_base(
    p: &ContainerParams,
    namespaces: Vec<LinuxNamespace>,
    devices: Vec<LinuxDeviceCgroup>,
) -> Linux {
    let mut l = Linux::default();
    l.set_namespaces(Some(namespaces));
    l.set_uid_mappings(id_mappings(&p.uid_mappings));
    l.set_gid_mappings(id_mappings(&p.gid_mappings));
    l.set_resources(Some(resources(p, devices)));
    l.set_sysctl(sysctls(p));
    l.set_seccomp(p.seccomp.clone());
    l.set_devices(None);
    l.set_rootfs_propagation(None);
    l.set_mount_label(None);
    l
}

pub(super) fn path_depth(p: &str) -> usize {
    p.split('/').filter(|c| !c.is_empty()).count()
}

/// The read-only cgroup filesystem at `/sys/fs/cgroup` that containerd's CRI
/// plugin (`WithMounts`) and CRI-O (`addOCIBindMounts`) add to the defaults.
pub(super) fn cgroup_ro_mount() -> Mount {
    mount(
        "/sys/fs/cgroup",
        "cgroup",
        "cgroup",
        &["nosuid", "noexec", "nodev", "relatime", "ro"],
    )
}
