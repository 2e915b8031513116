//! Kernel modules: the ones this node's kernel has (sizes of Ubuntu's
//! 5.15 build, dependencies from its `modules.dep`), `modprobe`, `lsmod`,
//! and the files systemd-modules-load reads at boot.

use super::fs::Fs;
use super::kernel::KERNEL_RELEASE;
use crate::engine::{Outcome, World};

/// What `modules.dep` and the module's file say about one module.
#[derive(Debug, Clone, Copy)]
pub struct ModInfo {
    /// Its name as `lsmod` shows it.
    pub name: &'static str,
    /// Its size in memory (lsmod's Size).
    pub size: u32,
    /// The modules it needs.
    pub deps: &'static [&'static str],
}

const MODULES: &[ModInfo] = &[
    m("br_netfilter", 32768, &["bridge"]),
    m("bridge", 311296, &["stp", "llc"]),
    m("dummy", 16384, &[]),
    m("ip6_tables", 36864, &["x_tables"]),
    m("ip_tables", 32768, &["x_tables"]),
    m(
        "ip_vs",
        180224,
        &["nf_conntrack", "nf_defrag_ipv6", "libcrc32c"],
    ),
    m("ip_vs_rr", 16384, &["ip_vs"]),
    m("ip_vs_sh", 16384, &["ip_vs"]),
    m("ip_vs_wrr", 16384, &["ip_vs"]),
    m("iptable_filter", 16384, &["ip_tables"]),
    m("iptable_nat", 16384, &["ip_tables", "nf_nat"]),
    m("libcrc32c", 16384, &[]),
    m("llc", 16384, &[]),
    m(
        "nf_conntrack",
        172032,
        &["nf_defrag_ipv6", "nf_defrag_ipv4", "libcrc32c"],
    ),
    m("nf_defrag_ipv4", 16384, &[]),
    m("nf_defrag_ipv6", 24576, &[]),
    m("nf_nat", 49152, &["nf_conntrack", "libcrc32c"]),
    m("overlay", 151552, &[]),
    m("stp", 16384, &["llc"]),
    m("veth", 36864, &[]),
    m("vxlan", 86016, &["ip6_udp_tunnel", "udp_tunnel"]),
    m("ip6_udp_tunnel", 16384, &[]),
    m("udp_tunnel", 28672, &[]),
    m("x_tables", 53248, &[]),
    m("xt_MASQUERADE", 20480, &["nf_nat", "x_tables"]),
    m("xt_addrtype", 16384, &["x_tables"]),
    m("xt_conntrack", 16384, &["nf_conntrack", "x_tables"]),
];

const fn m(name: &'static str, size: u32, deps: &'static [&'static str]) -> ModInfo {
    ModInfo { name, size, deps }
}

/// A module this kernel has (`-` and `_` are the same in module names).
pub fn info(name: &str) -> Option<&'static ModInfo> {
    let n = name.replace('-', "_");
    MODULES.iter().find(|i| i.name == n)
}

/// Why `modprobe -r` refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UnloadError {
    /// Not loaded.
    NotLoaded(String),
    /// Another module uses it.
    InUse(String),
}

/// The modules named in `/etc/modules-load.d/*.conf` (and the other
/// directories systemd-modules-load reads), files in name order, the first
/// directory's file winning over a later one of the same name.
pub fn load_files(fs: &Fs) -> Vec<String> {
    let mut files: Vec<(String, String)> = Vec::new();
    for dir in [
        "/etc/modules-load.d",
        "/run/modules-load.d",
        "/usr/local/lib/modules-load.d",
        "/usr/lib/modules-load.d",
    ] {
        let Ok(d) = fs.resolve(dir, true) else {
            continue;
        };
        for (name, _) in fs.children(&d) {
            if name.ends_with(".conf") && !files.iter().any(|(n, _)| n == name) {
                files.push((name.to_string(), format!("{dir}/{name}")));
            }
        }
    }
    crate::order::sort_by(&mut files, |a, b| a.0.cmp(&b.0));
    let mut out = Vec::new();
    for (_, path) in files {
        if let Ok(text) = fs.read(&path) {
            for line in text.lines() {
                let l = line.trim();
                if l.is_empty() || l.starts_with('#') || l.starts_with(';') {
                    continue;
                }
                out.push(l.to_string());
            }
        }
    }
    out
}

/// `modprobe [-r] [-v] NAME…` (kmod).
pub(crate) fn modprobe(w: &mut World, args: &[String]) -> Outcome {
    let mut remove = false;
    let mut all = false;
    let mut names = Vec::new();
    for a in args {
        match a.as_str() {
            "-r" | "--remove" => remove = true,
            "-a" | "--all" => all = true,
            "-v" | "--verbose" | "-q" | "--quiet" | "-b" | "--use-blacklist" => {}
            s if s.starts_with('-') => {
                return Outcome::said(1, crate::msg!("files-modprobe-flag", flag = s));
            }
            s => names.push(s.to_string()),
        }
    }
    if names.is_empty() {
        return Outcome::err(1, "modprobe: ERROR: missing parameters. See -h.");
    }
    // Without -a or -r, the words after the module are its parameters.
    if !all && !remove {
        names.truncate(1);
    }
    let k = &mut w.node.kernel;
    for n in &names {
        if remove {
            match k.unload(n) {
                Ok(()) => {}
                Err(UnloadError::NotLoaded(n)) => {
                    return Outcome::err(
                        1,
                        format!("modprobe: FATAL: Module {n} is not in kernel."),
                    )
                }
                Err(UnloadError::InUse(n)) => {
                    return Outcome::err(1, format!("modprobe: FATAL: Module {n} is in use."))
                }
            }
        } else if let Err(n) = k.load(n) {
            return Outcome::err(
                1,
                format!("modprobe: FATAL: Module {n} not found in directory /lib/modules/{KERNEL_RELEASE}"),
            );
        }
    }
    Outcome::default()
}

/// `lsmod`: `/proc/modules` as kmod prints it (`%-19s %8lu  %d`, then the
/// holders joined by commas).
pub(crate) fn lsmod(w: &World) -> Outcome {
    let k = &w.node.kernel;
    let mut s = String::from("Module                  Size  Used by\n");
    for name in k.modules() {
        let size = info(name).map_or(16384, |i| i.size);
        let holders = k.holders(name);
        s.push_str(&format!("{name:<19} {size:>8}  {}", holders.len()));
        if !holders.is_empty() {
            s.push(' ');
            s.push_str(&holders.join(","));
        }
        s.push('\n');
    }
    Outcome::ok(s)
}
