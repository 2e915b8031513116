//! The kernel's parameters and modules, and the installed packages.

use super::Io;
use crate::config::Config;
use crate::engine::{Outcome, World};

/// Kernel parameters (`sysctl`), loaded modules, installed packages.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Kernel {}

impl Kernel {
    /// A freshly booted kernel of a configuration.
    pub fn new(_cfg: &Config) -> Kernel {
        Kernel {}
    }

    /// A kernel parameter's value (`net.ipv4.ip_forward`, or the
    /// `/proc/sys` form `net/ipv4/ip_forward`); `None` when the key does not
    /// exist (a `net.bridge.*` key before `br_netfilter` is loaded).
    pub fn get(&self, _key: &str) -> Option<String> {
        None
    }

    /// Sets a kernel parameter (`sysctl -w`, a write to `/proc/sys`).
    pub fn set(&mut self, _key: &str, _value: &str) -> Result<(), super::fs::FsError> {
        Err(super::fs::FsError::NotFound)
    }

    /// A reboot: parameters back to their defaults, then the modules of
    /// `/etc/modules-load.d/*.conf` loaded and `/etc/sysctl.d/*.conf` (and
    /// `/etc/sysctl.conf`) applied in systemd-sysctl's order.
    pub fn boot(&mut self, _fs: &super::fs::Fs) {}
}

/// Runs `sysctl`, `modprobe`, `lsmod`, `dpkg`, `apt`, `uname`, `hostname`.
pub(crate) fn run(_w: &mut World, _prog: &str, _argv: &[String], _io: &Io<'_>) -> Option<Outcome> {
    None
}
