//! Rules for `linux` outside resources and seccomp: the settings that need a
//! namespace (sysctls, masked and read-only paths), the user namespace with
//! its mappings and the user it maps, `rootfsPropagation`, devices,
//! `cgroupsPath`, time offsets, memory policy and Intel RDT.

use super::resources::resources;
use super::seccomp::seccomp;
use super::*;

/// runc's `rootfsPropagation` values (`specconv.mountPropagationMapping`).
pub(super) const PROPAGATIONS: [&str; 8] = [
    "private",
    "rprivate",
    "slave",
    "rslave",
    "shared",
    "rshared",
    "unbindable",
    "runbindable",
];

/// The sysctls runc allows in a private IPC namespace (besides `fs.mqueue.*`).
pub(super) const IPC_SYSCTLS: [&str; 8] = [
    "kernel.msgmax",
    "kernel.msgmnb",
    "kernel.msgmni",
    "kernel.sem",
    "kernel.shmall",
    "kernel.shmmax",
    "kernel.shmmni",
    "kernel.shm_rmid_forced",
];

pub(super) fn linux_section(c: &mut Checker<'_, '_>, root: NodeId, l: NodeId, ns: &Namespaces) {
    let t = c.tree;
    if t.get(l, "namespaces").is_none() {
        c.info(
            At::Key(l),
            "no-namespaces",
            "linux has no \"namespaces\": the container shares every namespace (PID, network, \
             mounts…) with the host"
                .into(),
        );
    }
    for field in ["maskedPaths", "readonlyPaths"] {
        let Some(list) = t.get(l, field) else {
            continue;
        };
        if t.kind(list) == Kind::Array && t.len(list) > 0 && !ns.has("mount") {
            c.error(
                At::Key(list),
                "needs-mount-namespace",
                format!(
                    "{field} needs a mount namespace: runc refuses (\"unable to restrict sys \
                     entries without a private MNT namespace\"); add {{\"type\": \"mount\"}} to \
                     linux.namespaces"
                ),
            );
        }
        for e in elements(t, Some(list)) {
            absolute_with(
                c,
                e,
                || format!("a {field} entry"),
                || "/proc/kcore".to_string(),
            );
        }
    }
    user_namespace(c, root, l, ns);
    if let Some(to) = t.get(l, "timeOffsets") {
        if !ns.is_new("time") {
            c.error(
                At::Key(to),
                "needs-time-namespace",
                "timeOffsets need a new time namespace: runc refuses (\"time namespace offsets \
                 specified, but time namespace isn't enabled in the config\"); add \
                 {\"type\": \"time\"} to linux.namespaces"
                    .into(),
            );
        }
    }
    if let Some(sysctl) = is_object(t, t.get(l, "sysctl")) {
        sysctls(c, sysctl, ns);
    }
    if let Some(p) = t.get(l, "rootfsPropagation") {
        if let Some(v) = t.str(p) {
            if !v.is_empty() && !PROPAGATIONS.contains(&v.as_ref()) {
                c.error(
                    At::Value(p),
                    "rootfs-propagation",
                    format!(
                        "rootfsPropagation \"{v}\" is not supported (runc: \
                         \"rootfsPropagation={v} is not supported\"): expected {}",
                        OrList(&PROPAGATIONS)
                    ),
                );
            }
        }
    }
    let mut device_paths: litemap::LiteMap<Cow<'_, str>, ()> = Default::default();
    for d in elements(t, t.get(l, "devices")) {
        if let Some(p) = t.get(d, "path") {
            absolute(c, p, "a device path", "/dev/fuse");
            if let Some(path) = t.str(p) {
                if device_paths.contains_key(&path) {
                    c.warn(
                        At::Value(p),
                        "duplicate-device",
                        format!("device {path} is listed twice: the last entry wins"),
                    );
                } else {
                    device_paths.insert(path, ());
                }
            }
        }
        let ty = s(t, t.get(d, "type"));
        if ty.as_deref().is_some_and(|ty| ty != "p") {
            for field in ["major", "minor"] {
                if t.get(d, field).is_none() {
                    c.error(
                        At::Missing(d, Cow::Borrowed(field)),
                        "missing-field",
                        format!(
                            "a device of type {} has no \"{field}\", which is REQUIRED unless \
                             the type is p (a FIFO)",
                            ty.as_deref().unwrap_or("")
                        ),
                    );
                }
            }
        }
        if let Some(m) = t.get(d, "fileMode") {
            if int(t, Some(m)).is_some_and(|v| v > 0o7777) {
                c.warn(
                    At::Value(m),
                    "file-mode",
                    format!(
                        "fileMode {} has bits above 0o7777: it is the permission bits (such as \
                         438 = 0o666), the device type comes from \"type\"",
                        t.raw(m)
                    ),
                );
            }
        }
    }
    if let Some(r) = is_object(t, t.get(l, "resources")) {
        resources(c, r);
    }
    if let Some(sc) = is_object(t, t.get(l, "seccomp")) {
        seccomp(c, sc);
    }
    if let Some(rdt) = is_object(t, t.get(l, "intelRdt")) {
        if let Some(id) = t.get(rdt, "closID") {
            if s(t, Some(id)).is_some_and(|v| v == "." || v == ".." || v.contains('/')) {
                c.error(
                    At::Value(id),
                    "intel-rdt",
                    format!(
                        "intelRdt.closID {} cannot be a directory name under /sys/fs/resctrl: \
                         runc refuses \".\", \"..\" and names with '/'",
                        found(c, id)
                    ),
                );
            }
        }
    }
    if let Some(mp) = is_object(t, t.get(l, "memoryPolicy")) {
        if let Some(n) = t.get(mp, "nodes") {
            if s(t, Some(n)).is_some_and(|v| !is_cpu_list(&v)) {
                c.error(
                    At::Value(n),
                    "cpu-list",
                    format!(
                        "memoryPolicy.nodes is {}: expected a list of NUMA nodes such as \"0-1\"",
                        found(c, n)
                    ),
                );
            }
        }
    }
    if let Some(cp) = t.get(l, "cgroupsPath") {
        if let Some(v) = t.str(cp) {
            if v.split(':').count() == 3 && !v.starts_with('/') {
                c.info(
                    At::Value(cp),
                    "systemd-cgroups-path",
                    format!(
                        "cgroupsPath \"{v}\" is in systemd's slice:prefix:name form: runc reads \
                         it so only with --systemd-cgroup (as the kubelet's systemd driver \
                         configures it), and then asks systemd for a scope over D-Bus"
                    ),
                );
            }
        }
    }
}

pub(super) fn mappings<'t>(t: &Tree<'t>, list: Option<NodeId>) -> Vec<(NodeId, i128, i128, i128)> {
    elements(t, list)
        .filter_map(|m| {
            Some((
                m,
                int(t, t.get(m, "containerID"))?,
                int(t, t.get(m, "hostID"))?,
                int(t, t.get(m, "size"))?,
            ))
        })
        .collect()
}

pub(super) fn user_namespace(c: &mut Checker<'_, '_>, root: NodeId, l: NodeId, ns: &Namespaces) {
    let t = c.tree;
    let uid = t.get(l, "uidMappings");
    let gid = t.get(l, "gidMappings");
    let listed = |n: Option<NodeId>| n.is_some_and(|n| t.kind(n) == Kind::Array && t.len(n) > 0);
    if !ns.has("user") {
        if let Some(m) = uid.or(gid) {
            c.error(
                At::Key(m),
                "mappings-without-userns",
                "uidMappings/gidMappings are set but there is no user namespace: runc refuses \
                 (\"user namespace mappings specified, but user namespace isn't enabled in the \
                 config\"); add {\"type\": \"user\"} to linux.namespaces"
                    .into(),
            );
        }
        return;
    }
    if ns.user_path {
        if let Some(m) = uid.or(gid).filter(|m| listed(Some(*m))) {
            c.error(
                At::Key(m),
                "mappings-with-userns-path",
                "the user namespace is joined by path, so it already has its mappings: \
                 uidMappings/gidMappings only apply to a new user namespace; remove them or \
                 the path"
                    .into(),
            );
        }
        return;
    }
    if !listed(uid) && !listed(gid) {
        c.error(
            At::Key(l),
            "userns-without-mappings",
            "a new user namespace needs uidMappings and gidMappings: runc refuses (\"user \
             namespaces enabled, but no namespace path to join nor mappings to apply \
             specified\"); map at least the container's user, such as {\"containerID\": 0, \
             \"hostID\": 1000, \"size\": 1}"
                .into(),
        );
        return;
    }
    for (field, list) in [("uidMappings", uid), ("gidMappings", gid)] {
        if !listed(list) {
            let other = if field == "uidMappings" { "uid" } else { "gid" };
            c.error(
                At::Missing(l, Cow::Borrowed(field)),
                "userns-without-mappings",
                format!(
                    "a new user namespace has no {field}: every {other} would be unmapped and \
                     runc init fails when it switches to the process's user; add {field} too"
                ),
            );
        }
    }
    let uid_maps = mappings(t, uid);
    let gid_maps = mappings(t, gid);
    for (field, maps) in [("uidMappings", &uid_maps), ("gidMappings", &gid_maps)] {
        if maps.len() > 340 {
            if let Some((first, ..)) = maps.first() {
                c.error(
                    At::Value(*first),
                    "too-many-mappings",
                    format!(
                        "{field} has {} entries: the kernel takes at most 340 lines in a map",
                        maps.len()
                    ),
                );
            }
        }
        if maps.len() > 340 {
            // Refused above; pairwise checks of a huge map would only cost time.
            continue;
        }
        for (i, (m, cid, hid, size)) in maps.iter().enumerate() {
            if *size == 0 {
                c.error(
                    At::Value(*m),
                    "mapping-size",
                    format!(
                        "a {field} entry has size 0: it maps nothing and the kernel refuses it"
                    ),
                );
                continue;
            }
            for (_, cid2, hid2, size2) in maps.iter().take(i) {
                let overlap = |a: i128, b: i128| a < b + size2 && b < a + size;
                if overlap(*cid, *cid2) || overlap(*hid, *hid2) {
                    c.error(
                        At::Value(*m),
                        "mapping-overlap",
                        format!(
                            "this {field} entry overlaps an earlier one: the kernel refuses maps \
                             whose container or host ranges overlap"
                        ),
                    );
                    break;
                }
            }
        }
    }
    // The process's user and groups must be mapped, or setuid/setgid fail.
    let mapped = |maps: &[(NodeId, i128, i128, i128)], id: i128| {
        maps.iter()
            .any(|(_, cid, _, size)| id >= *cid && id < cid + size)
    };
    let Some(user) = t.path(root, &["process", "user"]) else {
        return;
    };
    if uid_maps.len() > 340 || gid_maps.len() > 340 {
        return;
    }
    if !uid_maps.is_empty() {
        if let Some(u) = t.get(user, "uid") {
            if int(t, Some(u)).is_some_and(|v| !mapped(&uid_maps, v)) {
                c.error(
                    At::Value(u),
                    "unmapped-user",
                    format!(
                        "process.user.uid {} is not mapped by linux.uidMappings: runc init's \
                         setuid fails inside the new user namespace; map it or pick a mapped uid",
                        t.raw(u)
                    ),
                );
            }
        }
    }
    if !gid_maps.is_empty() {
        let gids = t
            .get(user, "gid")
            .into_iter()
            .chain(elements(t, t.get(user, "additionalGids")));
        let bad: Vec<NodeId> = gids
            .filter(|g| int(t, Some(*g)).is_some_and(|v| !mapped(&gid_maps, v)))
            .collect();
        for g in bad {
            let what = if t.key_is(g, "gid") {
                "process.user.gid"
            } else {
                "process.user.additionalGids entry"
            };
            c.error(
                At::Value(g),
                "unmapped-user",
                format!(
                    "{what} {} is not mapped by linux.gidMappings: setgid/setgroups fail inside \
                     the new user namespace; map it or pick a mapped gid",
                    t.raw(g)
                ),
            );
        }
    }
}

pub(super) fn sysctls(c: &mut Checker<'_, '_>, sysctl: NodeId, ns: &Namespaces) {
    let t = c.tree;
    for entry in t.children(sysctl) {
        let Some(raw) = t.key(entry) else { continue };
        // runc accepts '/' as the separator: net/ipv4/ip_forward.
        let key: String = match raw.find(['.', '/']) {
            Some(i) if raw.as_bytes().get(i) == Some(&b'/') => raw
                .chars()
                .map(|ch| match ch {
                    '/' => '.',
                    '.' => '/',
                    ch => ch,
                })
                .collect(),
            _ => raw.to_string(),
        };
        if IPC_SYSCTLS.contains(&key.as_str()) || key.starts_with("fs.mqueue.") {
            if !ns.has("ipc") {
                c.error(
                    At::Key(entry),
                    "sysctl",
                    format!(
                        "sysctl \"{key}\" belongs to the IPC namespace and the container has \
                         none: runc refuses (\"sysctl {key:?} is not allowed in the hosts ipc \
                         namespace\")"
                    ),
                );
            }
        } else if key.starts_with("net.") {
            if !ns.has("network") {
                c.error(
                    At::Key(entry),
                    "sysctl",
                    format!(
                        "sysctl \"{key}\" would change the host's network stack: runc refuses \
                         net.* sysctls without a network namespace (\"sysctl {key:?} not allowed \
                         in host network namespace\")"
                    ),
                );
            }
        } else if key == "kernel.domainname" && ns.has("uts") {
        } else if key == "kernel.hostname" && ns.has("uts") {
            c.error(
                At::Key(entry),
                "sysctl",
                "sysctl \"kernel.hostname\" conflicts with the config's \"hostname\" field: \
                 runc refuses it; set \"hostname\" instead"
                    .into(),
            );
        } else {
            c.error(
                At::Key(entry),
                "sysctl",
                format!(
                    "sysctl \"{key}\" is not in a separate kernel namespace: runc refuses it \
                     (only IPC sysctls, fs.mqueue.*, net.* and, with a UTS namespace, \
                     kernel.domainname can be set per container)"
                ),
            );
        }
    }
}
