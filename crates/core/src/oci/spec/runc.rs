//! What `runc spec` (and `runc spec --rootless`) writes: built with
//! oci-spec's setters, equal to the reference files under `assets/oci/`.

use super::parts::*;
use super::*;
use oci_spec::runtime::{Capability, Linux, LinuxNamespaceType, LinuxResources, Spec};

/// `config.json` as written by `runc spec` (runc 1.1, `ociVersion` 1.0.2-dev).
pub const RUNC_DEFAULT_JSON: &str = include_str!("../../../../../assets/oci/config.default.json");

/// `config.json` as written by `runc spec --rootless`.
pub const RUNC_ROOTLESS_JSON: &str =
    include_str!("../../../../../assets/oci/config.rootless.default.json");

/// Exactly what `runc spec` writes: equal to `assets/oci/config.default.json`
/// read with oci-spec (a test checks it). Built, not parsed, so that a build
/// of the engine without the `oci-json` feature (the browser app's) holds no
/// oci-spec deserializer at all.
pub fn runc_default() -> Spec {
    runc_spec(false)
}

/// Exactly what `runc spec --rootless` writes (uid/gid 0 mapped to the
/// invoking user, which the reference recorded as root); equal to
/// `assets/oci/config.rootless.default.json` read with oci-spec.
pub fn runc_rootless() -> Spec {
    runc_spec(true)
}

/// runc's `specconv.Example()`, and `ToRootless` for `--rootless`: no
/// network namespace, a user namespace mapping 0 to the caller, `/sys`
/// bind-mounted, no device rules, no `gid=5` on devpts.
fn runc_spec(rootless: bool) -> Spec {
    let mut s = blank_spec("1.0.2-dev");
    let set = [
        Capability::AuditWrite,
        Capability::Kill,
        Capability::NetBindService,
    ];
    let mut c = bpe_caps(&set);
    c.set_ambient(Some(caps(&set)));
    // uid and gid 0, cwd "/", rootfs "rootfs": the defaults.
    let p = ContainerParams {
        terminal: true,
        ..ContainerParams::new("", &["sh"])
    };
    let env = strings(&[DEFAULT_PATH_ENV, "TERM=xterm"]);
    let mut pr = process(&p, env, true, c);
    pr.set_rlimits(Some(vec![nofile_1024()]));
    s.set_process(Some(pr));
    s.set_root(Some(root(&p, true)));
    s.set_hostname(Some("runc".to_string()));
    let [dev, pts, shm, mqueue, sys] = dev_and_sys_mounts(rootless);
    s.set_mounts(Some(vec![
        mount("/proc", "proc", "proc", &[]),
        dev,
        pts,
        shm,
        mqueue,
        sys,
        mount(
            "/sys/fs/cgroup",
            "cgroup",
            "cgroup",
            &["nosuid", "noexec", "nodev", "relatime", "ro"],
        ),
    ]));
    use LinuxNamespaceType as T;
    let kinds: &[LinuxNamespaceType] = if rootless {
        &[T::Pid, T::Ipc, T::Uts, T::Mount, T::User]
    } else {
        &[T::Pid, T::Network, T::Ipc, T::Uts, T::Mount]
    };
    let mut l = Linux::default();
    l.set_namespaces(Some(kinds.iter().map(|t| namespace(*t, None)).collect()));
    if rootless {
        let root_map = [IdMap {
            container_id: 0,
            host_id: 0,
            size: 1,
        }];
        l.set_uid_mappings(id_mappings(&root_map));
        l.set_gid_mappings(id_mappings(&root_map));
        l.set_resources(None);
    } else {
        l.set_uid_mappings(None);
        l.set_gid_mappings(None);
        let mut res = LinuxResources::default();
        res.set_devices(Some(vec![deny_all_devices()]));
        l.set_resources(Some(res));
    }
    l.set_sysctl(None);
    l.set_seccomp(None);
    l.set_devices(None);
    l.set_rootfs_propagation(None);
    l.set_mount_label(None);
    l.set_cgroups_path(None);
    l.set_masked_paths(paths(&[
        "/proc/acpi",
        "/proc/asound",
        "/proc/kcore",
        "/proc/keys",
        "/proc/latency_stats",
        "/proc/timer_list",
        "/proc/timer_stats",
        "/proc/sched_debug",
        "/sys/firmware",
        "/proc/scsi",
    ]));
    l.set_readonly_paths(paths(DEFAULT_READONLY_PATHS));
    s.set_linux(Some(l));
    s
}
