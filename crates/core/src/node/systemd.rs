//! systemd: the units the configuration installs, their states, the
//! journal, `systemctl`, `journalctl` and `reboot`.

use super::fs::Fs;
use super::Io;
use crate::config::Config;
use crate::engine::{Outcome, World};

/// The units and the journal.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Units {}

impl Units {
    /// The units a configuration installs, as after boot.
    pub fn new(_cfg: &Config) -> Units {
        Units {}
    }

    /// Writes the unit files and the sockets of active units into the file system.
    pub fn publish(&self, _fs: &mut Fs) {}
}

/// Runs `systemctl`, `journalctl`, `reboot`, `service`.
pub(crate) fn run(_w: &mut World, _prog: &str, _argv: &[String], _io: &Io<'_>) -> Option<Outcome> {
    None
}
