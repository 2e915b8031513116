//! Faults a teacher injects into a node (the drills' broken states): each
//! leaves the node as a real node would be after the same change, with the
//! real symptoms (the kubelet's journal lines, NotReady, crictl's error).
//!
//! In a drill's data file a fault is written in serde's external tagging:
//! `{"stop_unit": "containerd"}`, `{"kubelet_flag": {"flag":
//! "container-runtime", "value": "remote"}}`, `{"fill_image_store":
//! {"percent": 92}}`.

use super::daemons::Starter;
use super::fs::FsError;
use crate::engine::World;
use serde::{Deserialize, Serialize};

/// One fault.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Fault {
    /// `systemctl stop UNIT` (without the hops of a person's command).
    StopUnit(String),
    /// `systemctl disable UNIT`: it stays down after a reboot.
    DisableUnit(String),
    /// `systemctl restart UNIT` (a maintenance step that applies a change).
    RestartUnit(String),
    /// A file written (created with its directories).
    WriteFile {
        /// Absolute path.
        path: String,
        /// Its whole text.
        text: String,
    },
    /// A kubelet flag set in `/var/lib/kubelet/kubeadm-flags.env` (replacing
    /// the flag if it is there), then the kubelet restarted as after
    /// maintenance: `--container-runtime-endpoint` with a typo, the removed
    /// `--container-runtime`.
    KubeletFlag {
        /// The flag's name without `--`.
        flag: String,
        /// Its value (`None`: a flag without one).
        value: Option<String>,
    },
    /// A daemon's main process killed with SIGKILL: a unit name
    /// (`containerd`) or its pid.
    KillProcess(String),
    /// The image file system filled to `percent` (the kubelet's eviction
    /// threshold `imagefs.available<15%` makes DiskPressure from 85).
    FillImageStore {
        /// How full, 0 to 100.
        percent: u8,
    },
    /// A node where kubeadm has not run (as `kubeadm reset -f` leaves it):
    /// no control plane, the kubelet stopped, kubeadm's files
    /// (`/etc/kubernetes/*.conf`, the static Pod manifests, the kubelet's
    /// `config.yaml` and `kubeadm-flags.env`) gone. `{"reset_kubeadm": {}}`.
    ResetKubeadm {},
    /// A Unix socket another installed runtime listens on
    /// (`{"socket": "/run/cri-dockerd.sock"}`: Docker Engine with
    /// cri-dockerd next to containerd), which kubeadm's socket detection
    /// finds; nothing behind it answers CRI in the model.
    Socket(String),
}

/// Why a fault cannot be injected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FaultError {
    /// No such unit on this node.
    #[error("Unit {0} not found.")]
    NoUnit(String),
    /// No daemon with that pid or name.
    #[error("no daemon process {0} on this node")]
    NoProcess(String),
    /// The file could not be written.
    #[error("{path}: {err}")]
    File {
        /// The path.
        path: String,
        /// Why.
        err: FsError,
    },
    /// The node runs no kubelet (a Podman host).
    #[error("this node runs no kubelet")]
    NoKubelet,
    /// A percentage over 100.
    #[error("percent {0} is over 100")]
    Percent(u8),
}

impl FaultError {
    /// What went wrong, in the reader's language.
    pub fn message(&self) -> crate::message::Msg {
        match self {
            FaultError::NoUnit(u) => crate::msg!("node-fault-no-unit", unit = u.as_str()),
            FaultError::NoProcess(p) => crate::msg!("node-fault-no-process", process = p.as_str()),
            FaultError::File { path, err } => crate::msg!(
                "node-fault-file",
                path = path.as_str(),
                reason = err.to_string()
            ),
            FaultError::NoKubelet => crate::msg!("node-fault-no-kubelet"),
            FaultError::Percent(n) => crate::msg!("node-fault-percent", percent = u32::from(*n)),
        }
    }
}

/// `KUBELET_KUBEADM_ARGS="…"` with one flag set (or added).
fn set_flag(text: &str, flag: &str, value: Option<&str>) -> String {
    let new = match value {
        Some(v) => format!("--{flag}={v}"),
        None => format!("--{flag}"),
    };
    let mut out = String::new();
    let mut done = false;
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix("KUBELET_KUBEADM_ARGS=") {
            let inner = rest.trim().trim_matches('"');
            let mut words: Vec<String> = inner
                .split_whitespace()
                .filter(|w| {
                    let name = w.trim_start_matches('-');
                    let name = name.split('=').next().unwrap_or(name);
                    name != flag
                })
                .map(str::to_string)
                .collect();
            words.push(new.clone());
            out.push_str(&format!("KUBELET_KUBEADM_ARGS=\"{}\"\n", words.join(" ")));
            done = true;
        } else {
            out.push_str(line);
            out.push('\n');
        }
    }
    if !done {
        out.push_str(&format!("KUBELET_KUBEADM_ARGS=\"{new}\"\n"));
    }
    out
}

/// The flags file kubeadm writes, for a node whose file is not there yet.
const FLAGS_FILE: &str = "/var/lib/kubelet/kubeadm-flags.env";

impl World {
    /// The flags `kubeadm init` writes (for a node whose file is not there yet).
    fn kubeadm_flags(&self) -> String {
        let mut args = Vec::new();
        if self.cfg.runtime == crate::config::Runtime::Dockershim {
            args.push("--network-plugin=cni".to_string());
        } else {
            if self.cfg.k8s.0 < 27 {
                args.push("--container-runtime=remote".to_string());
            }
            args.push(format!(
                "--container-runtime-endpoint={}",
                self.cfg.cri_endpoint()
            ));
        }
        args.push(format!(
            "--pod-infra-container-image={}",
            self.cfg.pause_image()
        ));
        format!("KUBELET_KUBEADM_ARGS=\"{}\"\n", args.join(" "))
    }

    /// Injects a fault.
    pub fn inject(&mut self, f: &Fault) -> Result<(), FaultError> {
        let unit = |w: &World, u: &str| -> Result<String, FaultError> {
            w.node
                .units
                .get(u)
                .map(|x| x.name.clone())
                .ok_or_else(|| FaultError::NoUnit(super::systemd::unit_name(u)))
        };
        match f {
            Fault::StopUnit(u) => {
                let name = unit(self, u)?;
                self.unit_stop(&name, false);
            }
            Fault::DisableUnit(u) => {
                let name = unit(self, u)?;
                let link = self.node.units.get(&name).map(|x| {
                    let target = if x.is_socket() {
                        "sockets.target"
                    } else {
                        "multi-user.target"
                    };
                    format!("/etc/systemd/system/{target}.wants/{name}")
                });
                if let Some(l) = link {
                    let _ = self.node.fs.remove(&l);
                }
                if let Some(m) = self.node.units.get_mut(&name) {
                    m.enabled = false;
                }
            }
            Fault::RestartUnit(u) => {
                let name = unit(self, u)?;
                self.unit_stop(&name, false);
                self.unit_start(&name, Starter::Restart);
            }
            Fault::WriteFile { path, text } => {
                let p = super::fs::normalize("/", path);
                if let Ok(super::fs::Entry::Dir { .. }) = self.node.fs.get(&p) {
                    return Err(FaultError::File {
                        path: p,
                        err: FsError::IsDir,
                    });
                }
                self.node.fs.put_file(&p, text.clone());
            }
            Fault::KubeletFlag { flag, value } => {
                if self.node.units.get("kubelet.service").is_none() {
                    return Err(FaultError::NoKubelet);
                }
                let current = match self.node.fs.read(FLAGS_FILE) {
                    Ok(t) => t.to_string(),
                    Err(_) => self.kubeadm_flags(),
                };
                let text = set_flag(&current, flag.trim_start_matches('-'), value.as_deref());
                self.node.fs.put_file(FLAGS_FILE, text);
                self.unit_stop("kubelet.service", false);
                self.unit_start("kubelet.service", Starter::Restart);
            }
            Fault::KillProcess(who) => {
                let name = match who.parse::<u32>() {
                    Ok(pid) => self
                        .node
                        .units
                        .iter()
                        .find(|u| u.main_pid == pid && pid != 0)
                        .map(|u| u.name.clone())
                        .ok_or_else(|| FaultError::NoProcess(who.clone()))?,
                    Err(_) => unit(self, who)?,
                };
                if self.node.units.main_pid(&name) == 0 {
                    return Err(FaultError::NoProcess(who.clone()));
                }
                self.unit_process_killed(&name, 9);
            }
            Fault::ResetKubeadm {} => {
                if self.node.units.get("kubelet.service").is_none() {
                    return Err(FaultError::NoKubelet);
                }
                self.kubeadm_reset_state();
            }
            Fault::Socket(path) => {
                let p = super::fs::normalize("/", path);
                if let Ok(super::fs::Entry::Dir { .. }) = self.node.fs.get(&p) {
                    return Err(FaultError::File {
                        path: p,
                        err: FsError::IsDir,
                    });
                }
                self.node.fs.put(&p, super::fs::Entry::Socket);
            }
            Fault::FillImageStore { percent } => {
                if *percent > 100 {
                    return Err(FaultError::Percent(*percent));
                }
                self.node.units.kubelet.image_fs_percent = Some(*percent);
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_flag_replaces_its_old_value() {
        let t = "KUBELET_KUBEADM_ARGS=\"--container-runtime-endpoint=unix:///run/containerd/containerd.sock --pod-infra-container-image=registry.k8s.io/pause:3.10\"\n";
        assert_eq!(
            set_flag(t, "container-runtime-endpoint", Some("unix:///run/containerd/containerd.sok")),
            "KUBELET_KUBEADM_ARGS=\"--pod-infra-container-image=registry.k8s.io/pause:3.10 --container-runtime-endpoint=unix:///run/containerd/containerd.sok\"\n"
        );
        assert!(set_flag("", "container-runtime", Some("remote"))
            .contains("--container-runtime=remote"));
    }

    #[test]
    fn faults_read_from_data_files() {
        let f: Vec<Fault> = serde_json::from_str(
            r#"[{"stop_unit":"containerd"},{"kubelet_flag":{"flag":"container-runtime","value":"remote"}},{"fill_image_store":{"percent":92}}]"#,
        )
        .unwrap();
        assert_eq!(f[0], Fault::StopUnit("containerd".into()));
        assert_eq!(f[2], Fault::FillImageStore { percent: 92 });
        let f: Vec<Fault> =
            serde_json::from_str(r#"[{"reset_kubeadm":{}},{"socket":"/run/cri-dockerd.sock"}]"#)
                .unwrap();
        assert_eq!(f[0], Fault::ResetKubeadm {});
        assert_eq!(f[1], Fault::Socket("/run/cri-dockerd.sock".into()));
    }
}
