//! The files a configuration puts on a freshly installed node.

use super::fs::{Entry, Fs};
use crate::config::Config;

/// The node's file system as the configuration installs it.
pub fn generate(cfg: &Config) -> Fs {
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
    // crictl's client config, as a kubeadm node's set-up writes it.
    let ep = cfg.cri_endpoint();
    if !ep.is_empty() {
        fs.put_file(
            "/etc/crictl.yaml",
            format!("runtime-endpoint: {ep}\nimage-endpoint: {ep}\ntimeout: 10\ndebug: false\n"),
        );
    }
    fs
}
