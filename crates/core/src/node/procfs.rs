//! `/proc` as the world's processes make it: a directory per process with
//! `status`, `cmdline`, `comm`, `environ`, `cgroup` (cgroup v2: one line
//! `0::<path>`), `stat`, and `ns/` (symlinks `net -> net:[4026532290]`), plus
//! `exe`, `cwd` and `root` links; `/proc/self` (the login shell: the node's
//! commands run as its children); `/proc/sys/…`, the kernel parameters
//! ([`super::kernel::Kernel::get`]/`set`, in the `/proc/sys` slash form).
//! Only `/proc/sys` is writable; other writes are refused (EACCES).

use super::fs::FsError;
use super::proc_table::{Proc, Role, BASH_PID, NS_TYPES};
use crate::engine::World;

/// The entries of a process's directory this model has (sorted).
const PID_ENTRIES: [&str; 11] = [
    "cgroup",
    "cmdline",
    "comm",
    "cwd",
    "environ",
    "exe",
    "ns",
    "oom_score_adj",
    "root",
    "stat",
    "status",
];

/// The entries of `/proc/PID/ns`.
const NS_ENTRIES: [&str; 10] = [
    "cgroup",
    "ipc",
    "mnt",
    "net",
    "pid",
    "pid_for_children",
    "time",
    "time_for_children",
    "user",
    "uts",
];

/// `/proc/sys` directories a kernel parameter lives under.
const SYS_DIRS: [&str; 12] = [
    "",
    "fs",
    "kernel",
    "net",
    "net/bridge",
    "net/core",
    "net/ipv4",
    "net/ipv6",
    "net/ipv6/conf",
    "net/ipv6/conf/all",
    "net/netfilter",
    "vm",
];

/// A `/proc` path split: the process it names (if any) and the rest.
enum Where<'a> {
    Root,
    Sys(&'a str),
    Pid(u32, &'a str),
    Other,
}

/// `/proc/self` is the login shell's directory.
fn unself(path: &str) -> String {
    match path.strip_prefix("/proc/self") {
        Some(rest) if rest.is_empty() || rest.starts_with('/') => format!("/proc/{BASH_PID}{rest}"),
        _ => path.to_string(),
    }
}

fn locate(path: &str) -> Where<'_> {
    if path == "/proc" {
        return Where::Root;
    }
    let Some(rest) = path.strip_prefix("/proc/") else {
        return Where::Other;
    };
    if rest == "sys" {
        return Where::Sys("");
    }
    if let Some(s) = rest.strip_prefix("sys/") {
        return Where::Sys(s);
    }
    let (first, tail) = rest.split_once('/').unwrap_or((rest, ""));
    match first.parse::<u32>() {
        Ok(pid) => Where::Pid(pid, tail),
        Err(_) => Where::Other,
    }
}

fn process(w: &World, pid: u32) -> Option<Proc> {
    w.process(pid)
}

/// A file under `/proc`.
pub(crate) fn read(w: &World, path: &str) -> Result<String, FsError> {
    let path = unself(path);
    match locate(&path) {
        Where::Root => Err(FsError::IsDir),
        Where::Sys(key) => {
            if SYS_DIRS.contains(&key) {
                return Err(FsError::IsDir);
            }
            w.node
                .kernel
                .get(key)
                .map(|v| format!("{}\n", v.trim_end()))
                .ok_or(FsError::NotFound)
        }
        Where::Pid(pid, tail) => {
            let p = process(w, pid).ok_or(FsError::NotFound)?;
            file(w, &p, tail)
        }
        Where::Other => match path.as_str() {
            "/proc/uptime" => {
                let s = w.now_ms + 95_000;
                Ok(format!(
                    "{}.{:02} {}.{:02}\n",
                    s / 1000,
                    s % 1000 / 10,
                    s * 19 / 10 / 1000,
                    s * 19 / 10 % 1000 / 10
                ))
            }
            _ => Err(FsError::NotFound),
        },
    }
}

fn file(w: &World, p: &Proc, tail: &str) -> Result<String, FsError> {
    Ok(match tail {
        "" | "ns" => return Err(FsError::IsDir),
        "cmdline" => {
            let mut s = p.argv.join("\0");
            if !p.argv.is_empty() {
                s.push('\0');
            }
            s
        }
        "comm" => format!("{}\n", p.comm),
        "environ" => {
            let mut s = p.env.join("\0");
            if !p.env.is_empty() {
                s.push('\0');
            }
            s
        }
        "cgroup" => format!("0::{}\n", p.cgroup),
        "status" => status(p),
        "stat" => stat(p),
        "oom_score_adj" => format!("{}\n", oom_score_adj(w, p)),
        t if t.starts_with("ns/") => {
            // Reading a namespace file: nsfs has no read (EINVAL); the
            // nearest word the file system has.
            let kind = &t[3..];
            return match NS_ENTRIES.contains(&kind) {
                true => Err(FsError::Denied),
                false => Err(FsError::NotFound),
            };
        }
        "exe" | "cwd" | "root" => return Err(FsError::IsDir),
        _ => return Err(FsError::NotFound),
    })
}

/// The kubelet's `oom_score_adj` for a container's process by QoS
/// (BestEffort 1000, Burstable between), -999 for the runtime daemons and
/// the kubelet, -998 for the pause of a Guaranteed pod… kept to what the
/// model knows.
fn oom_score_adj(w: &World, p: &Proc) -> i32 {
    match &p.role {
        Role::Unit(u) if u == "kubelet.service" || u == "containerd.service" => -999,
        Role::Unit(u) if u == "crio.service" || u == "docker.service" => -999,
        Role::Shim => -998,
        Role::Container(id) => {
            let burstable = w.ctrs.get(id).is_some_and(|c| c.memory_limit.is_some());
            if p.comm == "pause" {
                -998
            } else if burstable {
                999
            } else {
                1000
            }
        }
        _ => 0,
    }
}

fn state_word(stat: &str) -> &'static str {
    match stat.chars().next() {
        Some('R') => "R (running)",
        Some('I') => "I (idle)",
        Some('D') => "D (disk sleep)",
        Some('Z') => "Z (zombie)",
        Some('T') => "T (stopped)",
        _ => "S (sleeping)",
    }
}

fn status(p: &Proc) -> String {
    let kthread = p.kthread();
    let join = |v: &[u32]| v.iter().map(u32::to_string).collect::<Vec<_>>().join("\t");
    let inner: Vec<u32> = p.nspid.iter().skip(1).copied().collect();
    let ns_of = |outer: u32| {
        let mut v = vec![outer];
        v.extend(inner.iter().copied());
        join(&v)
    };
    let container = matches!(p.role, Role::Container(_));
    let mut s = String::new();
    s.push_str(&format!("Name:\t{}\n", p.comm));
    s.push_str(&format!(
        "Umask:\t{}\n",
        if kthread { "0000" } else { "0022" }
    ));
    s.push_str(&format!("State:\t{}\n", state_word(p.stat)));
    s.push_str(&format!("Tgid:\t{}\nNgid:\t0\nPid:\t{}\n", p.pid, p.pid));
    s.push_str(&format!("PPid:\t{}\nTracerPid:\t0\n", p.ppid));
    let u = p.uid;
    s.push_str(&format!(
        "Uid:\t{u}\t{u}\t{u}\t{u}\nGid:\t{u}\t{u}\t{u}\t{u}\n"
    ));
    s.push_str(&format!(
        "FDSize:\t{}\nGroups:\t\n",
        if kthread { 64 } else { 128 }
    ));
    s.push_str(&format!("NStgid:\t{}\n", join(&p.nspid)));
    s.push_str(&format!("NSpid:\t{}\n", join(&p.nspid)));
    s.push_str(&format!("NSpgid:\t{}\n", ns_of(p.pid)));
    s.push_str(&format!("NSsid:\t{}\n", ns_of(p.pid)));
    if !kthread {
        s.push_str(&format!(
            "VmPeak:\t{:>8} kB\nVmSize:\t{:>8} kB\nVmRSS:\t{:>8} kB\n",
            p.vsz_kb, p.vsz_kb, p.rss_kb
        ));
    }
    s.push_str(&format!("Threads:\t{}\n", p.threads));
    let caps = if container {
        "00000000a80425fb"
    } else {
        "000001ffffffffff"
    };
    s.push_str("CapInh:\t0000000000000000\n");
    s.push_str(&format!(
        "CapPrm:\t{caps}\nCapEff:\t{caps}\nCapBnd:\t{caps}\n"
    ));
    s.push_str("CapAmb:\t0000000000000000\n");
    s.push_str(&format!(
        "NoNewPrivs:\t0\nSeccomp:\t0\nSeccomp_filters:\t0\nvoluntary_ctxt_switches:\t{}\nnonvoluntary_ctxt_switches:\t{}\n",
        100 + p.pid % 900,
        p.pid % 37
    ));
    s
}

fn stat(p: &Proc) -> String {
    let state = p.stat.chars().next().unwrap_or('S');
    let tty_nr = match p.tty {
        Some("pts/0") => 34816,
        Some("tty1") => 1025,
        _ => 0,
    };
    let flags = if p.kthread() { 69_238_880 } else { 4_194_560 };
    let start_ticks = p.start_ms / 10 + 9_500;
    format!(
        "{} ({}) {} {} {} {} {} -1 {} 0 0 0 0 0 0 0 0 20 0 {} 0 {} {} {} 18446744073709551615 0 0 0 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n",
        p.pid,
        p.comm,
        state,
        p.ppid,
        p.pid,
        p.pid,
        tty_nr,
        flags,
        p.threads,
        start_ticks,
        p.vsz_kb * 1024,
        p.rss_kb / 4
    )
}

/// Writes under `/proc` (only `/proc/sys/…` accepts).
pub(crate) fn write(w: &mut World, path: &str, text: &str) -> Result<(), FsError> {
    let path = unself(path);
    match locate(&path) {
        Where::Sys(key) if !SYS_DIRS.contains(&key) => {
            if w.node.kernel.get(key).is_none() {
                return Err(FsError::NotFound);
            }
            w.node.kernel.set(key, text.trim())
        }
        Where::Sys(_) | Where::Root => Err(FsError::IsDir),
        Where::Pid(pid, _) if process(w, pid).is_none() => Err(FsError::NotFound),
        _ => Err(FsError::Denied),
    }
}

/// Whether a `/proc` path is a directory.
pub(crate) fn is_dir(w: &World, path: &str) -> bool {
    let path = unself(path);
    match locate(&path) {
        Where::Root => true,
        Where::Sys(key) => SYS_DIRS.contains(&key),
        Where::Pid(pid, tail) => (tail.is_empty() || tail == "ns") && process(w, pid).is_some(),
        Where::Other => false,
    }
}

/// The names in a `/proc` directory, sorted.
pub(crate) fn list(w: &World, path: &str) -> Vec<String> {
    let path = unself(path);
    let mut names: Vec<String> = match locate(&path) {
        Where::Root => {
            let mut v: Vec<String> = w
                .process_table()
                .iter()
                .map(|p| p.pid.to_string())
                .collect();
            v.extend(["self", "sys", "uptime"].map(String::from));
            v
        }
        Where::Sys(key) => {
            let prefix = if key.is_empty() {
                String::new()
            } else {
                format!("{key}/")
            };
            SYS_DIRS
                .iter()
                .filter_map(|d| d.strip_prefix(prefix.as_str()))
                .filter(|d| !d.is_empty() && !d.contains('/'))
                .map(str::to_string)
                .collect()
        }
        Where::Pid(pid, tail) => match (process(w, pid), tail) {
            (Some(_), "") => PID_ENTRIES.iter().map(|s| s.to_string()).collect(),
            (Some(_), "ns") => NS_ENTRIES.iter().map(|s| s.to_string()).collect(),
            _ => Vec::new(),
        },
        Where::Other => Vec::new(),
    };
    crate::order::sort(&mut names);
    names
}

/// Where a `/proc` symlink points (`readlink`, `ls -l`): `/proc/self` →
/// the shell's pid, `/proc/PID/ns/net` → `net:[4026532290]`,
/// `/proc/PID/exe` → the program, `cwd`, `root`. `None` when the path is not
/// a link (or does not exist).
pub fn link(w: &World, path: &str) -> Option<String> {
    let path = super::fs::normalize("/", path);
    if path == "/proc/self" {
        return Some(BASH_PID.to_string());
    }
    let path = unself(&path);
    let Where::Pid(pid, tail) = locate(&path) else {
        return None;
    };
    let p = process(w, pid)?;
    if let Some(kind) = tail.strip_prefix("ns/") {
        if !NS_ENTRIES.contains(&kind) {
            return None;
        }
        let base = kind.strip_suffix("_for_children").unwrap_or(kind);
        let ino = p.ns_of(base)?;
        debug_assert!(NS_TYPES.contains(&base));
        return Some(format!("{base}:[{ino}]"));
    }
    match tail {
        "exe" if !p.kthread() => Some(exe(&p)),
        "cwd" if !p.kthread() => Some(if p.pid == BASH_PID {
            "/root".into()
        } else {
            "/".into()
        }),
        "root" if !p.kthread() => Some("/".into()),
        _ => None,
    }
}

/// The program a process runs (`/proc/PID/exe`), where its argv does not
/// say (a title set by the program, a login shell's `-bash`).
fn exe(p: &Proc) -> String {
    match p.comm.as_str() {
        "systemd" => "/usr/lib/systemd/systemd".into(),
        "sshd" => "/usr/sbin/sshd".into(),
        "bash" => "/usr/bin/bash".into(),
        "nginx" => "/usr/sbin/nginx".into(),
        _ => {
            let a = p.argv.first().map(String::as_str).unwrap_or_default();
            if a.starts_with('/') {
                a.to_string()
            } else {
                format!("/usr/bin/{a}")
            }
        }
    }
}

/// The time `ls -l` shows for a `/proc` entry: its process's start (world
/// ms); `None` outside a process's directory.
pub fn time_ms(w: &World, path: &str) -> Option<u64> {
    let path = unself(&super::fs::normalize("/", path));
    match locate(&path) {
        Where::Pid(pid, _) => process(w, pid).map(|p| p.start_ms),
        Where::Root | Where::Sys(_) => Some(0),
        Where::Other => None,
    }
}

impl World {
    /// Where a `/proc` symlink points ([`link`]), for `ls -l` and `readlink`.
    pub fn proc_link(&self, path: &str) -> Option<String> {
        link(self, path)
    }

    /// The time `ls -l` shows for a `/proc` entry ([`time_ms`]).
    pub fn proc_time_ms(&self, path: &str) -> Option<u64> {
        time_ms(self, path)
    }
}
