//! Rules for `linux` outside resources and seccomp: the settings that need a
//! namespace (sysctls, masked and read-only paths), the user namespace with
//! its mappings and the user it maps, `rootfsPropagation`, devices,
//! `cgroupsPath`, time offsets, memory policy and Intel RDT.

use super::resources::resources;
use super::seccomp::seccomp;
use super::*;
use crate::msg;

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
        c.info(At::Key(l), "no-namespaces", msg!("val-no-namespaces"));
    }
    for field in ["maskedPaths", "readonlyPaths"] {
        let Some(list) = t.get(l, field) else {
            continue;
        };
        if t.kind(list) == Kind::Array && t.len(list) > 0 && !ns.has("mount") {
            c.error(
                At::Key(list),
                "needs-mount-namespace",
                msg!("val-needs-mount-namespace", field = field.to_string()),
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
                msg!("val-needs-time-namespace"),
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
                    msg!(
                        "val-rootfs-propagation",
                        v = v.to_string(),
                        expected = or_list(&PROPAGATIONS)
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
                        msg!("val-duplicate-device", path = path.to_string()),
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
                        msg!(
                            "val-missing-field",
                            device_type = ty.as_deref().unwrap_or("").to_string(),
                            field = field.to_string()
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
                    msg!("val-file-mode", mode = t.raw(m).to_string()),
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
                    msg!("val-intel-rdt", found = found(c, id)),
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
                    msg!("val-cpu-list-numa", found = found(c, n)),
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
                    msg!("val-systemd-cgroups-path", v = v.to_string()),
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
                msg!("val-mappings-without-userns"),
            );
        }
        return;
    }
    if ns.user_path {
        if let Some(m) = uid.or(gid).filter(|m| listed(Some(*m))) {
            c.error(
                At::Key(m),
                "mappings-with-userns-path",
                msg!("val-mappings-with-userns-path"),
            );
        }
        return;
    }
    if !listed(uid) && !listed(gid) {
        c.error(
            At::Key(l),
            "userns-without-mappings",
            msg!("val-userns-without-mappings"),
        );
        return;
    }
    for (field, list) in [("uidMappings", uid), ("gidMappings", gid)] {
        if !listed(list) {
            let other = if field == "uidMappings" { "uid" } else { "gid" };
            c.error(
                At::Missing(l, Cow::Borrowed(field)),
                "userns-without-mappings",
                msg!(
                    "val-userns-without-one-mapping",
                    field = field.to_string(),
                    other = other.to_string()
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
                    msg!(
                        "val-too-many-mappings",
                        field = field.to_string(),
                        maps = maps.len().to_string()
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
                    msg!("val-mapping-size", field = field.to_string()),
                );
                continue;
            }
            for (_, cid2, hid2, size2) in maps.iter().take(i) {
                let overlap = |a: i128, b: i128| a < b + size2 && b < a + size;
                if overlap(*cid, *cid2) || overlap(*hid, *hid2) {
                    c.error(
                        At::Value(*m),
                        "mapping-overlap",
                        msg!("val-mapping-overlap", field = field.to_string()),
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
                    msg!("val-unmapped-user", uid = t.raw(u).to_string()),
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
                msg!("val-gid-field")
            } else {
                msg!("val-additional-gids-entry")
            };
            c.error(
                At::Value(g),
                "unmapped-user",
                msg!(
                    "val-unmapped-group",
                    what = what,
                    gid = t.raw(g).to_string()
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
                    msg!(
                        "val-sysctl-ipc",
                        key = key.to_string(),
                        key2 = format!("{key:?}")
                    ),
                );
            }
        } else if key.starts_with("net.") {
            if !ns.has("network") {
                c.error(
                    At::Key(entry),
                    "sysctl",
                    msg!(
                        "val-sysctl-net",
                        key = key.to_string(),
                        key2 = format!("{key:?}")
                    ),
                );
            }
        } else if key == "kernel.domainname" && ns.has("uts") {
        } else if key == "kernel.hostname" && ns.has("uts") {
            c.error(At::Key(entry), "sysctl", msg!("val-sysctl-hostname"));
        } else {
            c.error(
                At::Key(entry),
                "sysctl",
                msg!("val-sysctl-host", key = key.to_string()),
            );
        }
    }
}
