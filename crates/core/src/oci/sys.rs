//! The Linux constants a [`Plan`](super::Plan) carries, with their names.
//!
//! Plans keep flags as the numbers the kernel takes (so the native executor can
//! pass them straight to `mount(2)`, `clone(2)`, …) and traces print them as the
//! names a learner finds in the man pages (`MS_NOSUID|MS_NODEV`). Values are the
//! x86_64/aarch64 ones from `<linux/mount.h>` and `<linux/sched.h>`; they are the
//! same on every architecture Linux containers run on.

use oci_spec::runtime::LinuxNamespaceType;

/// `MS_RDONLY`: mount read-only.
pub const MS_RDONLY: u64 = 1;
/// `MS_NOSUID`: ignore set-user-id and set-group-id bits.
pub const MS_NOSUID: u64 = 2;
/// `MS_NODEV`: no device files.
pub const MS_NODEV: u64 = 4;
/// `MS_NOEXEC`: no program execution.
pub const MS_NOEXEC: u64 = 8;
/// `MS_SYNCHRONOUS`: synchronous writes.
pub const MS_SYNCHRONOUS: u64 = 16;
/// `MS_REMOUNT`: change the flags of an existing mount.
pub const MS_REMOUNT: u64 = 32;
/// `MS_MANDLOCK`: allow mandatory locks.
pub const MS_MANDLOCK: u64 = 64;
/// `MS_DIRSYNC`: synchronous directory changes.
pub const MS_DIRSYNC: u64 = 128;
/// `MS_NOSYMFOLLOW`: do not follow symlinks.
pub const MS_NOSYMFOLLOW: u64 = 256;
/// `MS_NOATIME`: do not update access times.
pub const MS_NOATIME: u64 = 1024;
/// `MS_NODIRATIME`: do not update directory access times.
pub const MS_NODIRATIME: u64 = 2048;
/// `MS_BIND`: bind mount.
pub const MS_BIND: u64 = 4096;
/// `MS_MOVE`: move a mount.
pub const MS_MOVE: u64 = 8192;
/// `MS_REC`: apply recursively.
pub const MS_REC: u64 = 16384;
/// `MS_SILENT`: quieter kernel messages.
pub const MS_SILENT: u64 = 32768;
/// `MS_UNBINDABLE`: make unbindable.
pub const MS_UNBINDABLE: u64 = 1 << 17;
/// `MS_PRIVATE`: make private (no propagation).
pub const MS_PRIVATE: u64 = 1 << 18;
/// `MS_SLAVE`: receive propagation, do not send it.
pub const MS_SLAVE: u64 = 1 << 19;
/// `MS_SHARED`: share propagation both ways.
pub const MS_SHARED: u64 = 1 << 20;
/// `MS_RELATIME`: update access times relative to modification times.
pub const MS_RELATIME: u64 = 1 << 21;
/// `MS_STRICTATIME`: always update access times.
pub const MS_STRICTATIME: u64 = 1 << 24;
/// `MS_LAZYTIME`: update times lazily.
pub const MS_LAZYTIME: u64 = 1 << 25;

const MOUNT_FLAG_NAMES: &[(u64, &str)] = &[
    (MS_RDONLY, "MS_RDONLY"),
    (MS_NOSUID, "MS_NOSUID"),
    (MS_NODEV, "MS_NODEV"),
    (MS_NOEXEC, "MS_NOEXEC"),
    (MS_SYNCHRONOUS, "MS_SYNCHRONOUS"),
    (MS_REMOUNT, "MS_REMOUNT"),
    (MS_MANDLOCK, "MS_MANDLOCK"),
    (MS_DIRSYNC, "MS_DIRSYNC"),
    (MS_NOSYMFOLLOW, "MS_NOSYMFOLLOW"),
    (MS_NOATIME, "MS_NOATIME"),
    (MS_NODIRATIME, "MS_NODIRATIME"),
    (MS_BIND, "MS_BIND"),
    (MS_MOVE, "MS_MOVE"),
    (MS_REC, "MS_REC"),
    (MS_SILENT, "MS_SILENT"),
    (MS_UNBINDABLE, "MS_UNBINDABLE"),
    (MS_PRIVATE, "MS_PRIVATE"),
    (MS_SLAVE, "MS_SLAVE"),
    (MS_SHARED, "MS_SHARED"),
    (MS_RELATIME, "MS_RELATIME"),
    (MS_STRICTATIME, "MS_STRICTATIME"),
    (MS_LAZYTIME, "MS_LAZYTIME"),
];

/// `CLONE_NEWTIME`: new time namespace (only with `unshare`/`clone3`).
pub const CLONE_NEWTIME: u64 = 0x0000_0080;
/// `CLONE_PARENT`: the child gets the caller's parent.
pub const CLONE_PARENT: u64 = 0x0000_8000;
/// `CLONE_NEWNS`: new mount namespace.
pub const CLONE_NEWNS: u64 = 0x0002_0000;
/// `CLONE_NEWCGROUP`: new cgroup namespace.
pub const CLONE_NEWCGROUP: u64 = 0x0200_0000;
/// `CLONE_NEWUTS`: new UTS (hostname) namespace.
pub const CLONE_NEWUTS: u64 = 0x0400_0000;
/// `CLONE_NEWIPC`: new IPC namespace.
pub const CLONE_NEWIPC: u64 = 0x0800_0000;
/// `CLONE_NEWUSER`: new user namespace.
pub const CLONE_NEWUSER: u64 = 0x1000_0000;
/// `CLONE_NEWPID`: new PID namespace.
pub const CLONE_NEWPID: u64 = 0x2000_0000;
/// `CLONE_NEWNET`: new network namespace.
pub const CLONE_NEWNET: u64 = 0x4000_0000;

const CLONE_FLAG_NAMES: &[(u64, &str)] = &[
    (CLONE_NEWTIME, "CLONE_NEWTIME"),
    (CLONE_PARENT, "CLONE_PARENT"),
    (CLONE_NEWNS, "CLONE_NEWNS"),
    (CLONE_NEWCGROUP, "CLONE_NEWCGROUP"),
    (CLONE_NEWUTS, "CLONE_NEWUTS"),
    (CLONE_NEWIPC, "CLONE_NEWIPC"),
    (CLONE_NEWUSER, "CLONE_NEWUSER"),
    (CLONE_NEWPID, "CLONE_NEWPID"),
    (CLONE_NEWNET, "CLONE_NEWNET"),
];

/// The `CLONE_NEW*` flag of a namespace type.
pub fn clone_flag(t: LinuxNamespaceType) -> u64 {
    match t {
        LinuxNamespaceType::Mount => CLONE_NEWNS,
        LinuxNamespaceType::Cgroup => CLONE_NEWCGROUP,
        LinuxNamespaceType::Uts => CLONE_NEWUTS,
        LinuxNamespaceType::Ipc => CLONE_NEWIPC,
        LinuxNamespaceType::User => CLONE_NEWUSER,
        LinuxNamespaceType::Pid => CLONE_NEWPID,
        LinuxNamespaceType::Network => CLONE_NEWNET,
        LinuxNamespaceType::Time => CLONE_NEWTIME,
    }
}

/// The spec's spelling of a namespace type (`"network"`, `"mount"`, …).
pub fn namespace_type_name(t: LinuxNamespaceType) -> &'static str {
    match t {
        LinuxNamespaceType::Mount => "mount",
        LinuxNamespaceType::Cgroup => "cgroup",
        LinuxNamespaceType::Uts => "uts",
        LinuxNamespaceType::Ipc => "ipc",
        LinuxNamespaceType::User => "user",
        LinuxNamespaceType::Pid => "pid",
        LinuxNamespaceType::Network => "network",
        LinuxNamespaceType::Time => "time",
    }
}

/// The name of the namespace file under `/proc/<pid>/ns/` (`net`, `mnt`, …).
pub fn namespace_proc_name(t: LinuxNamespaceType) -> &'static str {
    match t {
        LinuxNamespaceType::Mount => "mnt",
        LinuxNamespaceType::Cgroup => "cgroup",
        LinuxNamespaceType::Uts => "uts",
        LinuxNamespaceType::Ipc => "ipc",
        LinuxNamespaceType::User => "user",
        LinuxNamespaceType::Pid => "pid",
        LinuxNamespaceType::Network => "net",
        LinuxNamespaceType::Time => "time",
    }
}

fn push_names(out: &mut String, flags: u64, table: &[(u64, &str)]) -> u64 {
    let mut rest = flags;
    for &(bit, name) in table {
        if flags & bit != 0 {
            if !out.is_empty() {
                out.push('|');
            }
            out.push_str(name);
            rest &= !bit;
        }
    }
    rest
}

fn push_rest(out: &mut String, rest: u64) {
    if rest != 0 {
        if !out.is_empty() {
            out.push('|');
        }
        out.push_str(&format!("{rest:#x}"));
    }
}

/// Mount flags as names joined with `|` (`"0"` when none are set).
pub fn mount_flags_str(flags: u64) -> String {
    let mut s = String::new();
    let rest = push_names(&mut s, flags, MOUNT_FLAG_NAMES);
    push_rest(&mut s, rest);
    if s.is_empty() {
        s.push('0');
    }
    s
}

/// Clone/unshare flags as names joined with `|`; `SIGCHLD` is appended when
/// `exit_signal` is set (the low byte of `clone(2)` flags).
pub fn clone_flags_str(flags: u64, exit_signal: bool) -> String {
    let mut s = String::new();
    let rest = push_names(&mut s, flags, CLONE_FLAG_NAMES);
    push_rest(&mut s, rest);
    if exit_signal {
        if !s.is_empty() {
            s.push('|');
        }
        s.push_str("SIGCHLD");
    }
    if s.is_empty() {
        s.push('0');
    }
    s
}

/// How an option of a spec mount maps onto `mount(2)` (runc's `parseMountOptions`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MountOption {
    /// Sets these `MS_*` flags.
    Set(u64),
    /// Clears these `MS_*` flags.
    Clear(u64),
    /// A propagation change, applied by a separate `mount("", dest, "", flags)`.
    Propagation(u64),
    /// runc's `tmpcopyup` extension (copy the image's files into the new tmpfs).
    TmpCopyUp,
    /// Anything else: passed to the filesystem as `data`.
    Data,
}

/// Classifies one mount option as runc does.
pub fn mount_option(o: &str) -> MountOption {
    use MountOption::*;
    match o {
        "async" => Clear(MS_SYNCHRONOUS),
        "atime" => Clear(MS_NOATIME),
        "bind" => Set(MS_BIND),
        "defaults" => Set(0),
        "dev" => Clear(MS_NODEV),
        "diratime" => Clear(MS_NODIRATIME),
        "dirsync" => Set(MS_DIRSYNC),
        "exec" => Clear(MS_NOEXEC),
        "mand" => Set(MS_MANDLOCK),
        "noatime" => Set(MS_NOATIME),
        "nodev" => Set(MS_NODEV),
        "nodiratime" => Set(MS_NODIRATIME),
        "noexec" => Set(MS_NOEXEC),
        "nomand" => Clear(MS_MANDLOCK),
        "norelatime" => Clear(MS_RELATIME),
        "nostrictatime" => Clear(MS_STRICTATIME),
        "nosuid" => Set(MS_NOSUID),
        "nosymfollow" => Set(MS_NOSYMFOLLOW),
        "rbind" => Set(MS_BIND | MS_REC),
        "relatime" => Set(MS_RELATIME),
        "remount" => Set(MS_REMOUNT),
        "ro" => Set(MS_RDONLY),
        "rw" => Clear(MS_RDONLY),
        "strictatime" => Set(MS_STRICTATIME),
        "suid" => Clear(MS_NOSUID),
        "sync" => Set(MS_SYNCHRONOUS),
        "lazytime" => Set(MS_LAZYTIME),
        "nolazytime" => Clear(MS_LAZYTIME),
        "silent" => Set(MS_SILENT),
        "loud" => Clear(MS_SILENT),
        "private" => Propagation(MS_PRIVATE),
        "shared" => Propagation(MS_SHARED),
        "slave" => Propagation(MS_SLAVE),
        "unbindable" => Propagation(MS_UNBINDABLE),
        "rprivate" => Propagation(MS_PRIVATE | MS_REC),
        "rshared" => Propagation(MS_SHARED | MS_REC),
        "rslave" => Propagation(MS_SLAVE | MS_REC),
        "runbindable" => Propagation(MS_UNBINDABLE | MS_REC),
        "tmpcopyup" => TmpCopyUp,
        _ => Data,
    }
}

/// The `MS_*` flags a list of options sets, in runc's order of application.
pub fn mount_flags(options: &[String]) -> u64 {
    let mut flags = 0;
    for o in options {
        match mount_option(o) {
            MountOption::Set(f) => flags |= f,
            MountOption::Clear(f) => flags &= !f,
            _ => {}
        }
    }
    flags
}

/// The `data` string runc passes to `mount(2)`: every option that is neither a
/// flag nor a propagation nor an extension, joined with `,`.
pub fn mount_data(options: &[String]) -> String {
    let mut s = String::new();
    for o in options {
        if mount_option(o) == MountOption::Data {
            if !s.is_empty() {
                s.push(',');
            }
            s.push_str(o);
        }
    }
    s
}

/// The `rootfsPropagation` values runc accepts, and their flags (`""` is
/// runc's default, `MS_SLAVE|MS_REC`).
pub fn rootfs_propagation(value: &str) -> Option<u64> {
    Some(match value {
        "" => MS_SLAVE | MS_REC,
        "private" => MS_PRIVATE,
        "rprivate" => MS_PRIVATE | MS_REC,
        "slave" => MS_SLAVE,
        "rslave" => MS_SLAVE | MS_REC,
        "shared" => MS_SHARED,
        "rshared" => MS_SHARED | MS_REC,
        "unbindable" => MS_UNBINDABLE,
        "runbindable" => MS_UNBINDABLE | MS_REC,
        _ => return None,
    })
}

/// The kernel number of a capability (`CAP_CHOWN` = 0 …), used to print
/// capability sets in a stable order.
pub fn capability_number(c: oci_spec::runtime::Capability) -> u32 {
    use oci_spec::runtime::Capability::*;
    match c {
        Chown => 0,
        DacOverride => 1,
        DacReadSearch => 2,
        Fowner => 3,
        Fsetid => 4,
        Kill => 5,
        Setgid => 6,
        Setuid => 7,
        Setpcap => 8,
        LinuxImmutable => 9,
        NetBindService => 10,
        NetBroadcast => 11,
        NetAdmin => 12,
        NetRaw => 13,
        IpcLock => 14,
        IpcOwner => 15,
        SysModule => 16,
        SysRawio => 17,
        SysChroot => 18,
        SysPtrace => 19,
        SysPacct => 20,
        SysAdmin => 21,
        SysBoot => 22,
        SysNice => 23,
        SysResource => 24,
        SysTime => 25,
        SysTtyConfig => 26,
        Mknod => 27,
        Lease => 28,
        AuditWrite => 29,
        AuditControl => 30,
        Setfcap => 31,
        MacOverride => 32,
        MacAdmin => 33,
        Syslog => 34,
        WakeAlarm => 35,
        BlockSuspend => 36,
        AuditRead => 37,
        Perfmon => 38,
        Bpf => 39,
        CheckpointRestore => 40,
    }
}

/// The `CAP_*` name of a capability.
pub fn capability_name(c: oci_spec::runtime::Capability) -> &'static str {
    use oci_spec::runtime::Capability::*;
    match c {
        Chown => "CAP_CHOWN",
        DacOverride => "CAP_DAC_OVERRIDE",
        DacReadSearch => "CAP_DAC_READ_SEARCH",
        Fowner => "CAP_FOWNER",
        Fsetid => "CAP_FSETID",
        Kill => "CAP_KILL",
        Setgid => "CAP_SETGID",
        Setuid => "CAP_SETUID",
        Setpcap => "CAP_SETPCAP",
        LinuxImmutable => "CAP_LINUX_IMMUTABLE",
        NetBindService => "CAP_NET_BIND_SERVICE",
        NetBroadcast => "CAP_NET_BROADCAST",
        NetAdmin => "CAP_NET_ADMIN",
        NetRaw => "CAP_NET_RAW",
        IpcLock => "CAP_IPC_LOCK",
        IpcOwner => "CAP_IPC_OWNER",
        SysModule => "CAP_SYS_MODULE",
        SysRawio => "CAP_SYS_RAWIO",
        SysChroot => "CAP_SYS_CHROOT",
        SysPtrace => "CAP_SYS_PTRACE",
        SysPacct => "CAP_SYS_PACCT",
        SysAdmin => "CAP_SYS_ADMIN",
        SysBoot => "CAP_SYS_BOOT",
        SysNice => "CAP_SYS_NICE",
        SysResource => "CAP_SYS_RESOURCE",
        SysTime => "CAP_SYS_TIME",
        SysTtyConfig => "CAP_SYS_TTY_CONFIG",
        Mknod => "CAP_MKNOD",
        Lease => "CAP_LEASE",
        AuditWrite => "CAP_AUDIT_WRITE",
        AuditControl => "CAP_AUDIT_CONTROL",
        Setfcap => "CAP_SETFCAP",
        MacOverride => "CAP_MAC_OVERRIDE",
        MacAdmin => "CAP_MAC_ADMIN",
        Syslog => "CAP_SYSLOG",
        WakeAlarm => "CAP_WAKE_ALARM",
        BlockSuspend => "CAP_BLOCK_SUSPEND",
        AuditRead => "CAP_AUDIT_READ",
        Perfmon => "CAP_PERFMON",
        Bpf => "CAP_BPF",
        CheckpointRestore => "CAP_CHECKPOINT_RESTORE",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_print_by_name() {
        assert_eq!(
            mount_flags_str(MS_NOSUID | MS_NODEV | MS_RDONLY),
            "MS_RDONLY|MS_NOSUID|MS_NODEV"
        );
        assert_eq!(mount_flags_str(0), "0");
        assert_eq!(clone_flags_str(CLONE_PARENT, true), "CLONE_PARENT|SIGCHLD");
        assert_eq!(
            clone_flags_str(
                CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWPID | CLONE_NEWNET,
                false
            ),
            "CLONE_NEWNS|CLONE_NEWUTS|CLONE_NEWIPC|CLONE_NEWPID|CLONE_NEWNET"
        );
    }

    #[test]
    fn options_split_like_runc() {
        let o: Vec<String> = [
            "nosuid",
            "strictatime",
            "mode=755",
            "size=65536k",
            "rprivate",
            "rw",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        assert_eq!(mount_flags(&o), MS_NOSUID | MS_STRICTATIME);
        assert_eq!(mount_data(&o), "mode=755,size=65536k");
    }
}
