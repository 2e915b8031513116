//! The kernel's parameters and modules, and the installed packages.
//!
//! Parameters are what `/proc/sys` holds: a key exists only while the code
//! that registers it is there (`net.bridge.*` with `br_netfilter`,
//! `net.netfilter.nf_conntrack_*` with `nf_conntrack`). A boot starts from
//! the kernel's defaults, loads the modules the runtimes load and those of
//! `/etc/modules-load.d`, then applies the sysctl files as systemd-sysctl
//! does. The commands are in `sysctl` (`sysctl`), `modules` (`modprobe`,
//! `lsmod`) and `packages` (`dpkg`, `apt`).

use super::fs::{Fs, FsError};
use super::{modules, packages, sysctl, Io};
use crate::config::{Config, Runtime};
use crate::engine::{Outcome, World};
use litemap::LiteMap;

/// `uname -r`: Ubuntu 22.04's general-availability kernel.
pub const KERNEL_RELEASE: &str = "5.15.0-131-generic";
/// `uname -v`.
pub const KERNEL_VERSION: &str = "#141-Ubuntu SMP Fri Jan 10 21:18:28 UTC 2025";

/// Kernel parameters (`sysctl`), loaded modules, installed packages.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Kernel {
    /// Every parameter that exists now, by dotted key.
    pub(crate) params: crate::snapshot::Map<String, String>,
    /// Loaded modules, newest first as `/proc/modules` lists them.
    pub(crate) modules: Vec<String>,
    /// Installed packages (dpkg's status database), by name.
    pub(crate) packages: LiteMap<String, packages::Package>,
    /// The modules the node's daemons load themselves (not from a file).
    pub(crate) boot_modules: Vec<&'static str>,
}

/// The parameters the kernel has without any module, with the values a
/// fresh boot gives them (Linux 5.15 defaults).
const BASE_PARAMS: &[(&str, &str)] = &[
    ("fs.file-max", "9223372036854775807"),
    ("fs.inotify.max_user_instances", "128"),
    ("fs.inotify.max_user_watches", "29205"),
    ("fs.protected_fifos", "0"),
    ("fs.protected_hardlinks", "0"),
    ("fs.protected_regular", "0"),
    ("fs.protected_symlinks", "0"),
    ("kernel.domainname", "(none)"),
    ("kernel.kptr_restrict", "0"),
    ("kernel.osrelease", KERNEL_RELEASE),
    ("kernel.ostype", "Linux"),
    ("kernel.panic", "0"),
    ("kernel.pid_max", "32768"),
    ("kernel.printk", "4\t4\t1\t7"),
    ("kernel.sysrq", "16"),
    ("kernel.yama.ptrace_scope", "1"),
    ("net.core.somaxconn", "4096"),
    ("net.ipv4.conf.all.forwarding", "0"),
    ("net.ipv4.conf.all.rp_filter", "0"),
    ("net.ipv4.conf.default.forwarding", "0"),
    ("net.ipv4.conf.default.rp_filter", "0"),
    ("net.ipv4.ip_forward", "0"),
    ("net.ipv4.ip_local_port_range", "32768\t60999"),
    ("net.ipv4.tcp_syncookies", "1"),
    ("net.ipv6.conf.all.disable_ipv6", "0"),
    ("net.ipv6.conf.all.forwarding", "0"),
    ("net.ipv6.conf.all.use_tempaddr", "0"),
    ("net.ipv6.conf.default.forwarding", "0"),
    ("net.ipv6.conf.default.use_tempaddr", "0"),
    ("vm.max_map_count", "65530"),
    ("vm.mmap_min_addr", "4096"),
    ("vm.overcommit_memory", "0"),
    ("vm.swappiness", "60"),
];

/// The parameters a module registers when loaded, with their initial values:
/// br_netfilter's `brnf_call_*` start at 1 (net/bridge/br_netfilter_hooks.c);
/// nf_conntrack's table size follows the memory (65536 on a 4 GiB node,
/// net/netfilter/nf_conntrack_core.c `nf_conntrack_init_start`).
pub(crate) fn module_params(module: &str) -> &'static [(&'static str, &'static str)] {
    match module {
        "br_netfilter" => &[
            ("net.bridge.bridge-nf-call-arptables", "1"),
            ("net.bridge.bridge-nf-call-ip6tables", "1"),
            ("net.bridge.bridge-nf-call-iptables", "1"),
            ("net.bridge.bridge-nf-filter-pppoe-tagged", "0"),
            ("net.bridge.bridge-nf-filter-vlan-tagged", "0"),
            ("net.bridge.bridge-nf-pass-vlan-input-dev", "0"),
        ],
        "nf_conntrack" => &[
            ("net.netfilter.nf_conntrack_buckets", "65536"),
            ("net.netfilter.nf_conntrack_count", "0"),
            ("net.netfilter.nf_conntrack_max", "65536"),
            (
                "net.netfilter.nf_conntrack_tcp_timeout_established",
                "432000",
            ),
            ("net.nf_conntrack_max", "65536"),
        ],
        _ => &[],
    }
}

/// A key in dotted form (`net/ipv4/ip_forward` → `net.ipv4.ip_forward`).
pub fn dotted(key: &str) -> String {
    key.trim_matches('/').replace('/', ".")
}

impl Kernel {
    /// A kernel of a configuration before its first boot (no files applied;
    /// [`Kernel::boot`] applies them).
    pub fn new(cfg: &Config) -> Kernel {
        let rt = cfg.runtime;
        let mut boot_modules = Vec::new();
        // The container runtimes mount overlay file systems (the module
        // loads on first mount); iptables rules of Docker and kube-proxy
        // load conntrack and NAT.
        boot_modules.push("overlay");
        if rt.has_docker() || rt.has_kubernetes() {
            boot_modules.extend([
                "x_tables",
                "ip_tables",
                "iptable_filter",
                "iptable_nat",
                "nf_conntrack",
                "nf_nat",
                "xt_conntrack",
                "xt_MASQUERADE",
            ]);
        }
        if rt == Runtime::Podman {
            boot_modules.retain(|m| *m == "overlay");
        }
        let mut k = Kernel {
            boot_modules,
            packages: packages::installed(cfg),
            ..Kernel::default()
        };
        k.reset();
        k
    }

    /// The kernel's own parameters and the daemons' modules, as at power-on.
    fn reset(&mut self) {
        self.params = crate::snapshot::Map::new();
        for (k, v) in BASE_PARAMS {
            self.params.insert((*k).to_string(), (*v).to_string());
        }
        self.params
            .insert("kernel.hostname".into(), crate::engine::NODE.into());
        self.modules.clear();
        let boot = self.boot_modules.clone();
        for m in boot {
            let _ = self.load(m);
        }
    }

    /// A kernel parameter's value (`net.ipv4.ip_forward`, or the
    /// `/proc/sys` form `net/ipv4/ip_forward`); `None` when the key does not
    /// exist (a `net.bridge.*` key before `br_netfilter` is loaded).
    pub fn get(&self, key: &str) -> Option<String> {
        self.params.get(&dotted(key)).cloned()
    }

    /// Every parameter, sorted by key.
    pub fn params(&self) -> impl Iterator<Item = (&str, &str)> {
        self.params.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    /// Sets a kernel parameter (`sysctl -w`, a write to `/proc/sys`): the
    /// key must exist (ENOENT) and a number must stay a number (EINVAL).
    pub fn set(&mut self, key: &str, value: &str) -> Result<(), FsError> {
        let key = dotted(key);
        let Some(old) = self.params.get(&key) else {
            return Err(FsError::NotFound);
        };
        if key == "kernel.osrelease" || key == "kernel.ostype" || key.ends_with("_count") {
            return Err(FsError::Denied);
        }
        let value = value.trim_end_matches('\n');
        let numeric = old.split_whitespace().all(|t| t.parse::<i64>().is_ok());
        let tokens: Vec<&str> = value.split_whitespace().collect();
        let value = if numeric {
            if tokens.is_empty() || tokens.iter().any(|t| t.parse::<i64>().is_err()) {
                return Err(FsError::Invalid);
            }
            // br_netfilter's handler stores any non-zero value as 1.
            if key.starts_with("net.bridge.bridge-nf-call") && tokens[0] != "0" {
                "1".to_string()
            } else {
                tokens.join("\t")
            }
        } else {
            value.to_string()
        };
        // Forwarding on `ip_forward` switches every interface (devinet.c).
        if key == "net.ipv4.ip_forward" {
            for k in [
                "net.ipv4.conf.all.forwarding",
                "net.ipv4.conf.default.forwarding",
            ] {
                self.params.insert(k.to_string(), value.clone());
            }
        }
        if key == "net.ipv4.conf.all.forwarding" {
            self.params
                .insert("net.ipv4.ip_forward".to_string(), value.clone());
        }
        if key == "net.netfilter.nf_conntrack_max" {
            self.params
                .insert("net.nf_conntrack_max".to_string(), value.clone());
        }
        if key == "net.nf_conntrack_max" {
            self.params
                .insert("net.netfilter.nf_conntrack_max".to_string(), value.clone());
        }
        self.params.insert(key, value);
        Ok(())
    }

    /// Whether a module is loaded.
    pub fn has_module(&self, name: &str) -> bool {
        let n = name.replace('-', "_");
        self.modules.contains(&n)
    }

    /// Loaded modules, newest first.
    pub fn modules(&self) -> &[String] {
        &self.modules
    }

    /// Loads a module and what it needs (modprobe); `Err` names a module
    /// the kernel does not have.
    pub fn load(&mut self, name: &str) -> Result<(), String> {
        let n = name.replace('-', "_");
        let Some(info) = modules::info(&n) else {
            return Err(n);
        };
        if self.has_module(&n) {
            return Ok(());
        }
        for dep in info.deps {
            self.load(dep)?;
        }
        self.modules.insert(0, n.clone());
        for (k, v) in module_params(&n) {
            self.params.insert((*k).to_string(), (*v).to_string());
        }
        Ok(())
    }

    /// The modules using a loaded one (its holders).
    pub fn holders(&self, name: &str) -> Vec<&str> {
        self.modules
            .iter()
            .filter(|m| modules::info(m).is_some_and(|i| i.deps.contains(&name)))
            .map(String::as_str)
            .collect()
    }

    /// Unloads a module (`modprobe -r`), then the modules it needed that
    /// nothing else uses.
    pub fn unload(&mut self, name: &str) -> Result<(), modules::UnloadError> {
        let n = name.replace('-', "_");
        if !self.has_module(&n) {
            return Err(modules::UnloadError::NotLoaded(n));
        }
        if !self.holders(&n).is_empty() {
            return Err(modules::UnloadError::InUse(n));
        }
        self.modules.retain(|m| *m != n);
        for (k, _) in module_params(&n) {
            self.params.remove(*k);
        }
        if let Some(info) = modules::info(&n) {
            for dep in info.deps {
                if self.holders(dep).is_empty() && !self.boot_modules.contains(dep) {
                    let _ = self.unload(dep);
                }
            }
        }
        Ok(())
    }

    /// A reboot: parameters back to their defaults, then the modules of
    /// `/etc/modules-load.d/*.conf` loaded and `/etc/sysctl.d/*.conf` (and
    /// `/etc/sysctl.conf`) applied in systemd-sysctl's order.
    pub fn boot(&mut self, fs: &Fs) {
        self.reset();
        for m in modules::load_files(fs) {
            let _ = self.load(&m);
        }
        for (_, path) in sysctl::system_files(fs, true) {
            if let Ok(text) = fs.read(&path) {
                for (k, v) in sysctl::assignments(text) {
                    let _ = self.set(&k, &v);
                }
            }
        }
    }

    /// An installed package, by name.
    pub fn package(&self, name: &str) -> Option<&packages::Package> {
        self.packages.get(name)
    }
}

impl World {
    /// The kernel's part of a reboot ([`Kernel::boot`] over the node's
    /// files): for `reboot` and for a drill's set-up.
    pub fn boot_kernel(&mut self) {
        let node = &mut self.node;
        node.kernel.boot(&node.fs);
    }
}

/// Runs `sysctl`, `modprobe`, `lsmod`, `dpkg`, `apt`, `uname`, `hostname`.
pub(crate) fn run(w: &mut World, prog: &str, argv: &[String], io: &Io<'_>) -> Option<Outcome> {
    let args = argv.get(1..).unwrap_or_default();
    Some(match prog {
        "sysctl" => sysctl::run(w, args, io),
        "modprobe" => modules::modprobe(w, args),
        "lsmod" => modules::lsmod(w),
        "dpkg" => packages::dpkg(w, args, io),
        "apt" | "apt-get" => packages::apt(w, prog, args, io),
        "uname" => uname(w, args),
        "hostname" => hostname(w, args),
        _ => return None,
    })
}

/// `uname [-asnrvmo]`.
fn uname(w: &World, args: &[String]) -> Outcome {
    let host = w
        .node
        .kernel
        .get("kernel.hostname")
        .unwrap_or_else(|| crate::engine::NODE.to_string());
    let mut fields: Vec<char> = Vec::new();
    for a in args {
        let flags: Vec<char> = match a.as_str() {
            "--all" => vec!['a'],
            "--kernel-name" => vec!['s'],
            "--nodename" => vec!['n'],
            "--kernel-release" => vec!['r'],
            "--kernel-version" => vec!['v'],
            "--machine" => vec!['m'],
            "--operating-system" => vec!['o'],
            s if s.starts_with('-') && !s.starts_with("--") => s.chars().skip(1).collect(),
            s => {
                return Outcome::err(
                    1,
                    format!("uname: extra operand '{s}'\nTry 'uname --help' for more information."),
                )
            }
        };
        for f in flags {
            if !"asnrvmpio".contains(f) {
                return Outcome::err(
                    1,
                    format!(
                        "uname: invalid option -- '{f}'\nTry 'uname --help' for more information."
                    ),
                );
            }
            fields.push(f);
        }
    }
    if fields.is_empty() {
        fields.push('s');
    }
    let all = fields.contains(&'a');
    let mut out = Vec::new();
    for (f, v) in [
        ('s', "Linux"),
        ('n', host.as_str()),
        ('r', KERNEL_RELEASE),
        ('v', KERNEL_VERSION),
        ('m', "x86_64"),
        ('p', "x86_64"),
        ('i', "x86_64"),
        ('o', "GNU/Linux"),
    ] {
        if fields.contains(&f) || all {
            out.push(v);
        }
    }
    Outcome::ok(format!("{}\n", out.join(" ")))
}

/// `hostname [NAME]`.
fn hostname(w: &mut World, args: &[String]) -> Outcome {
    match args {
        [] => Outcome::ok(format!(
            "{}\n",
            w.node.kernel.get("kernel.hostname").unwrap_or_default()
        )),
        [name] if !name.starts_with('-') => {
            let _ = w.node.kernel.set("kernel.hostname", name);
            Outcome::default()
        }
        _ => Outcome::said(1, crate::msg!("files-hostname-flags")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bridge_keys_exist_only_with_br_netfilter() {
        let mut k = Kernel::new(&Config::default());
        assert_eq!(k.get("net.bridge.bridge-nf-call-iptables"), None);
        assert_eq!(
            k.set("net.bridge.bridge-nf-call-iptables", "1"),
            Err(FsError::NotFound)
        );
        k.load("br_netfilter").unwrap();
        assert_eq!(
            k.get("net/bridge/bridge-nf-call-iptables").as_deref(),
            Some("1")
        );
        assert!(k.has_module("bridge"));
        assert!(k.unload("bridge").is_err());
        k.unload("br_netfilter").unwrap();
        assert!(!k.has_module("bridge"));
        assert_eq!(k.get("net.bridge.bridge-nf-call-iptables"), None);
        assert_eq!(k.set("net.ipv4.ip_forward", "x"), Err(FsError::Invalid));
        k.set("net.ipv4.ip_forward", "1").unwrap();
        assert_eq!(k.get("net.ipv4.conf.all.forwarding").as_deref(), Some("1"));
    }
}
