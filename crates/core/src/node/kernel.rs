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
}

/// Runs `sysctl`, `modprobe`, `lsmod`, `dpkg`, `apt`, `uname`, `hostname`.
pub(crate) fn run(_w: &mut World, _prog: &str, _argv: &[String], _io: &Io<'_>) -> Option<Outcome> {
    None
}
