//! The container's filesystem: the root's propagation and the rootfs bind,
//! every mount of `config.json` (binds remounted for their flags, cgroup
//! filesystems as v1 or v2 need them), the `/dev` nodes, `pivot_root` or
//! `chroot`, the console, and the read-only and masked paths at the end.
//! runc and crun take these steps alike; they differ only in where they put
//! them and in a few defaults, which are parameters here.

use super::builder::Builder;
use super::namespaces::Namespaces;
use super::{path_str, CgroupVersion, MountData, MountOp, MountRole, MountTarget, Op};
use crate::oci::sys::*;
use oci_spec::runtime::{LinuxNamespaceType, Mount};

/// Known directories among the usual masked paths: runc bind-mounts
/// `/dev/null` over a masked path and falls back to a read-only tmpfs when the
/// kernel answers `ENOTDIR`, i.e. when the path is a directory.
fn masked_path_is_dir(path: &str) -> bool {
    matches!(
        path,
        "/proc/acpi"
            | "/proc/asound"
            | "/proc/scsi"
            | "/proc/bus"
            | "/proc/fs"
            | "/proc/irq"
            | "/proc/sys"
            | "/sys/firmware"
            | "/sys/fs/selinux"
            | "/sys/dev/block"
            | "/sys/devices/virtual/powercap"
    ) || path.ends_with("/thermal_throttle")
}

/// runc's default device nodes (`specconv.AllowedDevices` with a path).
const DEFAULT_DEVICES: [(&str, i64, i64); 6] = [
    ("/dev/null", 1, 3),
    ("/dev/random", 1, 8),
    ("/dev/full", 1, 7),
    ("/dev/tty", 5, 0),
    ("/dev/zero", 1, 5),
    ("/dev/urandom", 1, 9),
];

impl<'s> Builder<'s> {
    /// The rootfs as the init process prepares it in a new mount namespace
    /// (runc's `prepareRootfs`, crun's `libcrun_set_mounts`): `/` given the
    /// spec's `rootfsPropagation` (or the runtime's default), the rootfs's
    /// parent mount made private, the rootfs bound onto itself, every spec
    /// mount in order, then `/dev` unless the spec binds it from the host.
    pub(super) fn mount_rootfs(&mut self, ns: &Namespaces<'s>, default_propagation: u64) {
        if !ns.has(LinuxNamespaceType::Mount) {
            return;
        }
        let spec = self.spec;
        let propagation = spec
            .linux()
            .as_ref()
            .and_then(|l| l.rootfs_propagation().as_deref())
            .filter(|p| !p.is_empty())
            .and_then(rootfs_propagation)
            .unwrap_or(default_propagation);
        self.mount(MountOp {
            source: "",
            target: MountTarget::Container("/"),
            fstype: "",
            flags: propagation,
            data: MountData::None,
            role: MountRole::RootPropagation,
        });
        self.init(Op::RootfsParentPrivate);
        self.mount(MountOp {
            source: "",
            target: MountTarget::Rootfs,
            fstype: "bind",
            flags: MS_BIND | MS_REC,
            data: MountData::None,
            role: MountRole::RootfsBind,
        });
        let mounts: &'s [Mount] = spec.mounts().as_deref().unwrap_or(&[]);
        self.spec_mounts(mounts);
        let dev_bound = mounts.iter().any(|m| {
            path_str(m.destination()).trim_end_matches('/') == "/dev"
                && mount_flags(m.options().as_deref().unwrap_or(&[])) & MS_BIND != 0
        });
        if !dev_bound {
            self.dev_setup(ns.has(LinuxNamespaceType::User));
        }
    }

    /// Into the rootfs: `MS_MOVE` + `chroot` with `--no-pivot`, `chroot`
    /// alone without a mount namespace, otherwise `pivot_root` and the old
    /// root detached (runc first makes it a slave, `slave_old_root`).
    pub(super) fn enter_rootfs(&mut self, ns: &Namespaces<'s>, slave_old_root: bool) {
        if self.options.no_pivot {
            self.mount(MountOp {
                source: "",
                target: MountTarget::Container("/"),
                fstype: "",
                flags: MS_MOVE,
                data: MountData::None,
                role: MountRole::MoveRoot,
            });
            self.init(Op::Chroot);
        } else if ns.has(LinuxNamespaceType::Mount) {
            self.init(Op::PivotRoot);
            if slave_old_root {
                self.mount(MountOp {
                    source: "",
                    target: MountTarget::Container("."),
                    fstype: "",
                    flags: MS_SLAVE | MS_REC,
                    data: MountData::None,
                    role: MountRole::OldRootSlave,
                });
            }
            self.init(Op::UnmountOldRoot);
        } else {
            self.init(Op::Chroot);
        }
    }

    /// The mounts of `config.json`, as runc's `mountToRootfs` does them.
    fn spec_mounts(&mut self, mounts: &'s [Mount]) {
        for m in mounts {
            let dest = path_str(m.destination());
            let options: &'s [String] = m.options().as_deref().unwrap_or(&[]);
            let fstype = m.typ().as_deref().unwrap_or("");
            // runc treats `"type": "bind"` as a bind mount even without a `bind` option.
            let mut flags = mount_flags(options);
            if fstype == "bind" {
                flags |= MS_BIND;
            }
            let source = m.source().as_deref().map(path_str).unwrap_or("");
            let is_bind = flags & MS_BIND != 0;
            if fstype == "cgroup" && !is_bind {
                self.cgroup_mount(dest, flags, options);
            } else if is_bind {
                self.mount(MountOp {
                    source,
                    target: MountTarget::InRootfs(dest),
                    fstype: "",
                    flags,
                    data: MountData::None,
                    role: MountRole::Spec,
                });
                if flags & !(MS_REC | MS_REMOUNT | MS_BIND) != 0 {
                    self.mount(MountOp {
                        source,
                        target: MountTarget::InRootfs(dest),
                        fstype: "",
                        flags: flags | MS_REMOUNT,
                        data: MountData::None,
                        role: MountRole::BindRemount,
                    });
                }
            } else {
                // tmpfs and /dev are mounted read-write and made read-only in
                // finalizeRootfs, after runc has created what it needs in them.
                let delay_ro = fstype == "tmpfs" || dest.trim_end_matches('/') == "/dev";
                self.mount(MountOp {
                    source,
                    target: MountTarget::InRootfs(dest),
                    fstype,
                    flags: if delay_ro { flags & !MS_RDONLY } else { flags },
                    data: MountData::Options(options),
                    role: MountRole::Spec,
                });
            }
            for o in options {
                if let MountOption::Propagation(p) = mount_option(o) {
                    self.mount(MountOp {
                        source: "",
                        target: MountTarget::InRootfs(dest),
                        fstype: "",
                        flags: p,
                        data: MountData::None,
                        role: MountRole::Propagation,
                    });
                }
            }
        }
    }

    fn cgroup_mount(&mut self, dest: &'s str, flags: u64, options: &'s [String]) {
        match self.options.cgroup {
            CgroupVersion::V2 => self.mount(MountOp {
                source: "cgroup",
                target: MountTarget::InRootfs(dest),
                fstype: "cgroup2",
                flags,
                data: MountData::Options(options),
                role: MountRole::Spec,
            }),
            CgroupVersion::V1 => {
                self.mount(MountOp {
                    source: "tmpfs",
                    target: MountTarget::InRootfs(dest),
                    fstype: "tmpfs",
                    flags: MS_NOEXEC | MS_NOSUID | MS_NODEV,
                    data: MountData::Text("mode=755"),
                    role: MountRole::CgroupV1Tmpfs,
                });
                self.mount(MountOp {
                    source: "/sys/fs/cgroup/<controller>/<container cgroup>",
                    target: MountTarget::InRootfs(dest),
                    fstype: "",
                    flags: MS_BIND | MS_REC | flags,
                    data: MountData::None,
                    role: MountRole::CgroupV1Binds,
                });
                if flags & MS_RDONLY != 0 {
                    self.mount(MountOp {
                        source: dest,
                        target: MountTarget::InRootfs(dest),
                        fstype: "",
                        flags: MS_NOEXEC | MS_NOSUID | MS_NODEV | MS_RDONLY | MS_BIND | MS_REMOUNT,
                        data: MountData::None,
                        role: MountRole::CgroupV1Remount,
                    });
                }
            }
        }
    }

    /// `/dev` setup when the spec does not bind-mount `/dev` itself.
    fn dev_setup(&mut self, in_userns: bool) {
        let spec_devices = self
            .spec
            .linux()
            .as_ref()
            .and_then(|l| l.devices().as_deref())
            .unwrap_or(&[]);
        for (path, major, minor) in DEFAULT_DEVICES {
            if spec_devices.iter().any(|d| path_str(d.path()) == path) {
                continue;
            }
            self.device(path, 'c', major, minor, 0o666, in_userns);
        }
        for d in spec_devices {
            let kind = match d.typ() {
                oci_spec::runtime::LinuxDeviceType::B => 'b',
                oci_spec::runtime::LinuxDeviceType::P => 'p',
                oci_spec::runtime::LinuxDeviceType::U => 'u',
                _ => 'c',
            };
            self.device(
                path_str(d.path()),
                kind,
                d.major(),
                d.minor(),
                d.file_mode().unwrap_or(0o666),
                in_userns,
            );
        }
        self.init(Op::PtmxSymlink);
        self.init(Op::DevSymlinks);
    }

    fn device(&mut self, path: &'s str, kind: char, major: i64, minor: i64, mode: u32, bind: bool) {
        if bind {
            self.mount(MountOp {
                source: path,
                target: MountTarget::InRootfs(path),
                fstype: "bind",
                flags: MS_BIND,
                data: MountData::None,
                role: MountRole::DeviceBind,
            });
        } else {
            self.init(Op::Mknod {
                path,
                kind,
                major,
                minor,
                mode,
            });
        }
    }

    /// The mount flags of the spec mount that holds `path` (what `statfs`
    /// returns for it), limited to nosuid/nodev/noexec as runc's `readonlyPath`.
    fn statfs_flags(&self, path: &str) -> u64 {
        let mut best: Option<(usize, u64)> = None;
        for m in self.spec.mounts().as_deref().unwrap_or(&[]) {
            let d = path_str(m.destination()).trim_end_matches('/');
            let inside = path == d || (path.starts_with(d) && path[d.len()..].starts_with('/'));
            if inside && best.is_none_or(|(len, _)| d.len() >= len) {
                let flags = mount_flags(m.options().as_deref().unwrap_or(&[]));
                best = Some((d.len(), flags & (MS_NOSUID | MS_NODEV | MS_NOEXEC)));
            }
        }
        best.map_or(0, |(_, f)| f)
    }

    /// `readonlyPaths` bound read-only, `maskedPaths` covered by `/dev/null`
    /// (files) or an empty read-only tmpfs (directories).
    pub(super) fn readonly_and_masked(&mut self) {
        let Some(linux) = self.spec.linux().as_ref() else {
            return;
        };
        for p in linux.readonly_paths().as_deref().unwrap_or(&[]) {
            let p = p.as_str();
            self.mount(MountOp {
                source: p,
                target: MountTarget::Container(p),
                fstype: "",
                flags: MS_BIND | MS_REC,
                data: MountData::None,
                role: MountRole::ReadonlyPathBind,
            });
            let extra = self.statfs_flags(p);
            self.mount(MountOp {
                source: p,
                target: MountTarget::Container(p),
                fstype: "",
                flags: extra | MS_BIND | MS_REMOUNT | MS_RDONLY,
                data: MountData::None,
                role: MountRole::ReadonlyPathRemount,
            });
        }
        for p in linux.masked_paths().as_deref().unwrap_or(&[]) {
            let p = p.as_str();
            if masked_path_is_dir(p) {
                self.mount(MountOp {
                    source: "tmpfs",
                    target: MountTarget::Container(p),
                    fstype: "tmpfs",
                    flags: MS_RDONLY,
                    data: MountData::None,
                    role: MountRole::MaskDir,
                });
            } else {
                self.mount(MountOp {
                    source: "/dev/null",
                    target: MountTarget::Container(p),
                    fstype: "",
                    flags: MS_BIND,
                    data: MountData::None,
                    role: MountRole::MaskFile,
                });
            }
        }
    }

    /// runc's `finalizeRootfs`: read-only tmpfs and `/dev` mounts remounted
    /// read-only now that the runtime has written in them, then the
    /// read-only root.
    pub(super) fn finalize_rootfs(&mut self) {
        for m in self.spec.mounts().as_deref().unwrap_or(&[]) {
            let dest = path_str(m.destination());
            let fstype = m.typ().as_deref().unwrap_or("");
            let flags = mount_flags(m.options().as_deref().unwrap_or(&[]));
            if flags & MS_RDONLY != 0
                && flags & MS_BIND == 0
                && (fstype == "tmpfs" || dest.trim_end_matches('/') == "/dev")
            {
                self.mount(MountOp {
                    source: "",
                    target: MountTarget::Container(dest),
                    fstype: "",
                    flags: flags | MS_REMOUNT | MS_RDONLY,
                    data: MountData::None,
                    role: MountRole::FinalizeReadonly,
                });
            }
        }
        if self.spec.root().as_ref().and_then(|r| r.readonly()) == Some(true) {
            self.mount(MountOp {
                source: "",
                target: MountTarget::Container("/"),
                fstype: "",
                flags: MS_BIND | MS_REMOUNT | MS_RDONLY,
                data: MountData::None,
                role: MountRole::ReadonlyRoot,
            });
        }
    }

    /// `process.terminal`: a new pty, bound on `/dev/console`, handed to the
    /// caller over the console socket and made the controlling terminal.
    pub(super) fn console(&mut self) {
        self.init(Op::ConsoleOpen);
        self.mount(MountOp {
            source: "/dev/pts/0",
            target: MountTarget::Container("/dev/console"),
            fstype: "bind",
            flags: MS_BIND,
            data: MountData::None,
            role: MountRole::Console,
        });
        self.init(Op::ConsoleSend);
        self.init(Op::Setctty);
    }
}
