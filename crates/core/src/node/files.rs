//! The files a configuration puts on a freshly installed node.

use super::fs::{Entry, Fs};
use crate::config::Config;

/// The node's file system as the configuration installs it.
pub fn generate(_cfg: &Config) -> Fs {
    let mut fs = Fs::new();
    for d in [
        "/etc", "/root", "/run", "/tmp", "/opt", "/var/lib", "/var/log",
    ] {
        fs.put(d, Entry::Dir { mode: 0o755 });
    }
    fs.put(
        "/var/run",
        Entry::Symlink {
            target: "../run".into(),
        },
    );
    fs
}
