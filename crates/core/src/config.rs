//! A node's configuration: Kubernetes version, high-level runtime, OCI runtime.
//!
//! Impossible combinations are refused with the reason and the release that
//! made them impossible (dockershim on 1.24, containerd 2.x under a kubelet
//! that only speaks CRI v1alpha2, …).

use crate::message::{Catalog, Msg};
use crate::msg;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Oldest Kubernetes minor the model covers.
pub const K8S_MIN: u8 = 20;
/// Newest Kubernetes minor the model covers.
pub const K8S_MAX: u8 = 34;

/// A Kubernetes 1.x minor version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct K8sVersion(pub u8);

impl K8sVersion {
    /// Parses `1.28`, `v1.28`, `1.28.3` or `28`.
    pub fn parse(s: &str) -> Result<K8sVersion, ConfigError> {
        let t = s.trim().trim_start_matches('v');
        let minor = match t.split('.').collect::<Vec<_>>().as_slice() {
            ["1", m] | ["1", m, _] => m.parse::<u8>().ok(),
            [m] => m.parse::<u8>().ok(),
            _ => None,
        };
        match minor {
            Some(m) if (K8S_MIN..=K8S_MAX).contains(&m) => Ok(K8sVersion(m)),
            Some(m) => Err(ConfigError::K8sOutOfRange(m)),
            None => Err(ConfigError::BadK8sVersion(s.to_string())),
        }
    }

    /// The CRI API generation kubelet speaks: `v1alpha2` up to 1.22, `v1` from 1.23
    /// (with fallback until 1.25), only `v1` from 1.26.
    pub fn cri_api(self) -> &'static str {
        if self.0 <= 22 {
            "v1alpha2"
        } else {
            "v1"
        }
    }

    /// Whether kubelet still contains dockershim (1.5 to 1.23).
    pub fn has_dockershim(self) -> bool {
        self.0 <= 23
    }
}

impl fmt::Display for K8sVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "1.{}", self.0)
    }
}

/// The high-level runtime that answers CRI (or Docker's API).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Runtime {
    /// containerd 1.7 with its built-in CRI plugin.
    #[serde(rename = "containerd-1.7")]
    Containerd17,
    /// containerd 2.x (CRI v1 only, Transfer service pulls from 2.1).
    #[serde(rename = "containerd-2")]
    Containerd2,
    /// CRI-O with conmon.
    #[serde(rename = "cri-o")]
    CriO,
    /// Docker Engine behind kubelet's in-tree dockershim (Kubernetes ≤ 1.23).
    #[serde(rename = "dockershim")]
    Dockershim,
    /// Docker Engine behind Mirantis' cri-dockerd.
    #[serde(rename = "cri-dockerd")]
    CriDockerd,
    /// A host with Podman 5.8 and no Kubernetes: no daemon, conmon per
    /// container, containers/storage, netavark (reference
    /// SANDBOXED-AND-PODMAN.md §4).
    #[serde(rename = "podman")]
    Podman,
}

impl Runtime {
    /// Every runtime, in menu order.
    pub const ALL: [Runtime; 6] = [
        Runtime::Containerd17,
        Runtime::Containerd2,
        Runtime::CriO,
        Runtime::Dockershim,
        Runtime::CriDockerd,
        Runtime::Podman,
    ];

    /// Stable id used in URLs, headers and the CLI.
    pub fn id(self) -> &'static str {
        match self {
            Runtime::Containerd17 => "containerd-1.7",
            Runtime::Containerd2 => "containerd-2",
            Runtime::CriO => "cri-o",
            Runtime::Dockershim => "dockershim",
            Runtime::CriDockerd => "cri-dockerd",
            Runtime::Podman => "podman",
        }
    }

    /// Human label.
    pub fn label(self) -> &'static str {
        match self {
            Runtime::Containerd17 => "containerd 1.7",
            Runtime::Containerd2 => "containerd 2.1",
            Runtime::CriO => "CRI-O",
            Runtime::Dockershim => "Docker Engine via dockershim",
            Runtime::CriDockerd => "Docker Engine via cri-dockerd",
            Runtime::Podman => "Podman 5.8 (no Kubernetes)",
        }
    }

    /// The label as a message (`cfg-runtime-…`), for sentences in the
    /// reader's language.
    pub fn label_msg(self) -> Msg {
        match self {
            Runtime::Containerd17 => msg!("cfg-runtime-containerd17"),
            Runtime::Containerd2 => msg!("cfg-runtime-containerd2"),
            Runtime::CriO => msg!("cfg-runtime-crio"),
            Runtime::Dockershim => msg!("cfg-runtime-dockershim"),
            Runtime::CriDockerd => msg!("cfg-runtime-cri-dockerd"),
            Runtime::Podman => msg!("cfg-runtime-podman"),
        }
    }

    /// Whether containerd is on the node (Docker Engine uses the system containerd).
    pub fn has_containerd(self) -> bool {
        !matches!(self, Runtime::CriO | Runtime::Podman)
    }

    /// Whether a Kubernetes node runs here (kubelet, a CRI server, a
    /// control plane): every runtime but Podman's host.
    pub fn has_kubernetes(self) -> bool {
        self != Runtime::Podman
    }

    /// Whether `podman` is installed: on a Podman host, and on CRI-O
    /// nodes, where it shares containers/storage with CRI-O (§4.5).
    pub fn has_podman(self) -> bool {
        matches!(self, Runtime::Podman | Runtime::CriO)
    }

    /// Whether dockerd is on the node.
    pub fn has_docker(self) -> bool {
        matches!(self, Runtime::Dockershim | Runtime::CriDockerd)
    }

    /// Whether this is containerd answering CRI itself.
    pub fn is_containerd_cri(self) -> bool {
        matches!(self, Runtime::Containerd17 | Runtime::Containerd2)
    }
}

/// The OCI runtime (or RuntimeClass handler) that runs pods' containers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Oci {
    /// runc (Go, the reference runtime).
    Runc,
    /// crun (C); containerd drives it with `BinaryName`, CRI-O's default from 1.31.
    Crun,
    /// Kata Containers through RuntimeClass handler `kata` (`containerd-shim-kata-v2`).
    Kata,
    /// gVisor through RuntimeClass handler `runsc`.
    Gvisor,
}

impl Oci {
    /// Every choice.
    pub const ALL: [Oci; 4] = [Oci::Runc, Oci::Crun, Oci::Kata, Oci::Gvisor];

    /// Stable id.
    pub fn id(self) -> &'static str {
        match self {
            Oci::Runc => "runc",
            Oci::Crun => "crun",
            Oci::Kata => "kata",
            Oci::Gvisor => "gvisor",
        }
    }

    /// The RuntimeClass a node with this choice offers, `(name, handler)`:
    /// `kata` → handler `kata` (Kata's containerd how-to), `gvisor` →
    /// handler `runsc` (gVisor's containerd quick start). Such a node also
    /// runs pods without a class under it (its default runtime).
    pub fn runtime_class(self) -> Option<(&'static str, &'static str)> {
        match self {
            Oci::Runc | Oci::Crun => None,
            Oci::Kata => Some(("kata", "kata")),
            Oci::Gvisor => Some(("gvisor", "runsc")),
        }
    }

    /// The RuntimeClass handler a pod uses for this choice ("" = the default).
    pub fn handler(self) -> &'static str {
        match self {
            Oci::Runc | Oci::Crun => "",
            Oci::Kata => "kata",
            Oci::Gvisor => "runsc",
        }
    }
}

/// A node's configuration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Config {
    /// Kubernetes version of kubelet and the control plane.
    pub k8s: K8sVersion,
    /// High-level runtime.
    pub runtime: Runtime,
    /// OCI runtime or sandboxed handler.
    pub oci: Oci,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            k8s: K8sVersion(28),
            runtime: Runtime::Containerd17,
            oci: Oci::Runc,
        }
    }
}

/// Why a configuration cannot exist. Its words are messages (`cfg-…`,
/// [`ConfigError::message`]); `Display` renders them in English.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConfigError {
    /// Not a version at all.
    BadK8sVersion(String),
    /// Outside the modelled range.
    K8sOutOfRange(u8),
    /// Unknown runtime name.
    UnknownRuntime(String),
    /// Unknown OCI runtime name.
    UnknownOci(String),
    /// A combination that cannot exist, with the reason.
    Impossible(Msg),
}

impl ConfigError {
    /// What went wrong, in the reader's language.
    pub fn message(&self) -> Msg {
        match self {
            ConfigError::BadK8sVersion(s) => {
                msg!("cfg-bad-k8s-version", version = format!("{s:?}"))
            }
            ConfigError::K8sOutOfRange(m) => msg!(
                "cfg-k8s-out-of-range",
                minor = *m,
                min = K8S_MIN,
                max = K8S_MAX
            ),
            ConfigError::UnknownRuntime(s) => {
                msg!("cfg-unknown-runtime", name = format!("{s:?}"))
            }
            ConfigError::UnknownOci(s) => msg!("cfg-unknown-oci", name = format!("{s:?}")),
            ConfigError::Impossible(why) => msg!("cfg-impossible", reason = why.clone()),
        }
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&Catalog::english().render(&self.message()))
    }
}

impl std::error::Error for ConfigError {}

impl Config {
    /// Builds a configuration from the CLI's words, resolving defaults the way a
    /// node of that kind would: `docker` means dockershim up to 1.23 and cri-dockerd
    /// from 1.24; CRI-O's default OCI runtime is crun from CRI-O 1.31.
    pub fn from_words(
        k8s: Option<&str>,
        runtime: Option<&str>,
        oci: Option<&str>,
    ) -> Result<Config, ConfigError> {
        let k8s = match k8s {
            Some(s) => K8sVersion::parse(s)?,
            None => Config::default().k8s,
        };
        let runtime = match runtime.map(str::trim) {
            None | Some("containerd") | Some("containerd-1.7") | Some("containerd1.7") => {
                Runtime::Containerd17
            }
            Some("containerd-2")
            | Some("containerd2")
            | Some("containerd-2.x")
            | Some("containerd-2.1") => Runtime::Containerd2,
            Some("cri-o") | Some("crio") => Runtime::CriO,
            Some("docker") => {
                if k8s.has_dockershim() {
                    Runtime::Dockershim
                } else {
                    Runtime::CriDockerd
                }
            }
            Some("dockershim") => Runtime::Dockershim,
            Some("cri-dockerd") => Runtime::CriDockerd,
            Some("podman") => Runtime::Podman,
            Some(other) => return Err(ConfigError::UnknownRuntime(other.to_string())),
        };
        let oci = match oci.map(str::trim) {
            None => {
                if (runtime == Runtime::CriO && k8s.0 >= 31) || runtime == Runtime::Podman {
                    Oci::Crun
                } else {
                    Oci::Runc
                }
            }
            Some("runc") => Oci::Runc,
            Some("crun") => Oci::Crun,
            Some("kata") => Oci::Kata,
            Some("gvisor") | Some("runsc") => Oci::Gvisor,
            Some(other) => return Err(ConfigError::UnknownOci(other.to_string())),
        };
        let c = Config { k8s, runtime, oci };
        c.check()?;
        Ok(c)
    }

    /// Refuses combinations that cannot exist.
    pub fn check(&self) -> Result<(), ConfigError> {
        let v = self.k8s.0;
        if !(K8S_MIN..=K8S_MAX).contains(&v) {
            return Err(ConfigError::K8sOutOfRange(v));
        }
        if self.runtime == Runtime::Dockershim && v >= 24 {
            return Err(ConfigError::Impossible(msg!(
                "cfg-dockershim-removed",
                minor = v
            )));
        }
        if self.runtime == Runtime::Containerd2 && v <= 22 {
            return Err(ConfigError::Impossible(msg!(
                "cfg-containerd2-needs-cri-v1",
                minor = v
            )));
        }
        if self.runtime == Runtime::Podman && matches!(self.oci, Oci::Kata | Oci::Gvisor) {
            return Err(ConfigError::Impossible(match self.oci {
                Oci::Kata => msg!("cfg-podman-kata"),
                _ => msg!("cfg-podman-gvisor"),
            }));
        }
        if self.runtime.has_docker() && matches!(self.oci, Oci::Kata | Oci::Gvisor) {
            return Err(ConfigError::Impossible(msg!(
                "cfg-docker-refuses-handler",
                runtime = self.runtime.label_msg(),
                handler = format!("{:?}", self.oci.handler())
            )));
        }
        Ok(())
    }

    /// The pause (sandbox) image this runtime uses by default.
    pub fn pause_image(&self) -> &'static str {
        match self.runtime {
            Runtime::Containerd17 => "registry.k8s.io/pause:3.8",
            Runtime::Containerd2 => "registry.k8s.io/pause:3.10",
            Runtime::CriO => {
                if self.k8s.0 >= 31 {
                    "registry.k8s.io/pause:3.10"
                } else {
                    "registry.k8s.io/pause:3.9"
                }
            }
            Runtime::Dockershim | Runtime::CriDockerd => "registry.k8s.io/pause:3.6",
            // Podman ≥ 5.5 builds its infra containers from a rootfs with
            // catatonit, not from an image.
            Runtime::Podman => "",
        }
    }

    /// Human label, e.g. `Kubernetes 1.28 · containerd 1.7 · runc`
    /// (`Podman 5.8 (no Kubernetes) · crun` on a Podman host).
    pub fn label(&self) -> String {
        if !self.runtime.has_kubernetes() {
            return format!("{} · {}", self.runtime.label(), self.oci.id());
        }
        format!(
            "Kubernetes {} · {} · {}",
            self.k8s,
            self.runtime.label(),
            self.oci.id()
        )
    }

    /// [`Config::label`] as a message (`cfg-label`, `cfg-label-host`).
    pub fn label_msg(&self) -> Msg {
        if !self.runtime.has_kubernetes() {
            return msg!(
                "cfg-label-host",
                runtime = self.runtime.label_msg(),
                oci = self.oci.id()
            );
        }
        msg!(
            "cfg-label",
            k8s = self.k8s.to_string(),
            runtime = self.runtime.label_msg(),
            oci = self.oci.id()
        )
    }

    /// The CRI endpoint kubelet and crictl use.
    pub fn cri_endpoint(&self) -> &'static str {
        match self.runtime {
            Runtime::Containerd17 | Runtime::Containerd2 => {
                "unix:///run/containerd/containerd.sock"
            }
            Runtime::CriO => "unix:///var/run/crio/crio.sock",
            Runtime::Dockershim => "unix:///var/run/dockershim.sock",
            Runtime::CriDockerd => "unix:///var/run/cri-dockerd.sock",
            Runtime::Podman => "",
        }
    }

    /// The runtime's version string as `crictl version` prints it.
    pub fn runtime_version(&self) -> String {
        match self.runtime {
            Runtime::Containerd17 => "v1.7.27".to_string(),
            Runtime::Containerd2 => "v2.1.4".to_string(),
            Runtime::CriO => format!("1.{}.0", self.k8s.0),
            Runtime::Dockershim | Runtime::CriDockerd => "27.5.1".to_string(),
            Runtime::Podman => "5.8.2".to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn docker_resolves_by_version() {
        let c = Config::from_words(Some("1.22"), Some("docker"), None).unwrap();
        assert_eq!(c.runtime, Runtime::Dockershim);
        let c = Config::from_words(Some("1.24"), Some("docker"), None).unwrap();
        assert_eq!(c.runtime, Runtime::CriDockerd);
    }

    #[test]
    fn dockershim_on_124_is_refused_with_release() {
        let e = Config::from_words(Some("1.24"), Some("dockershim"), None).unwrap_err();
        let m = e.to_string();
        assert!(
            m.contains("removed from the kubelet in Kubernetes 1.24"),
            "{m}"
        );
        assert!(m.contains("2022-05-03"), "{m}");
    }

    #[test]
    fn containerd2_needs_cri_v1() {
        assert!(Config::from_words(Some("1.22"), Some("containerd-2"), None).is_err());
        assert!(Config::from_words(Some("1.23"), Some("containerd-2"), None).is_ok());
    }

    #[test]
    fn crio_defaults_to_crun_from_131() {
        let c = Config::from_words(Some("1.31"), Some("cri-o"), None).unwrap();
        assert_eq!(c.oci, Oci::Crun);
        let c = Config::from_words(Some("1.30"), Some("cri-o"), None).unwrap();
        assert_eq!(c.oci, Oci::Runc);
    }

    #[test]
    fn podman_is_a_host_with_crun_and_refuses_sandboxes() {
        let c = Config::from_words(None, Some("podman"), None).unwrap();
        assert_eq!((c.runtime, c.oci), (Runtime::Podman, Oci::Crun));
        assert_eq!(c.label(), "Podman 5.8 (no Kubernetes) · crun");
        assert!(Config::from_words(None, Some("podman"), Some("runc")).is_ok());
        let e = Config::from_words(None, Some("podman"), Some("kata")).unwrap_err();
        assert!(e.to_string().contains("kata-runtime create"), "{e}");
        assert!(Config::from_words(None, Some("podman"), Some("gvisor")).is_err());
        assert_eq!(Runtime::ALL.last(), Some(&Runtime::Podman));
    }

    #[test]
    fn refusals_render_in_korean() {
        use crate::message::{Catalog, Lang};
        let ko = Catalog::builtin(Lang::Ko);
        let e = K8sVersion::parse("1.19").unwrap_err();
        assert_eq!(
            ko.render(&e.message()),
            "쿠버네티스 1.19는 이 시뮬레이터가 모델링한 범위(1.20~1.34) 밖이다"
        );
        let e = Config::from_words(Some("1.28"), Some("docker"), Some("kata")).unwrap_err();
        assert_eq!(
            ko.render(&e.message()),
            "불가능한 구성: cri-dockerd를 거치는 도커 엔진은 런타임 핸들러를 받지 않는다. \
             RunPodSandbox가 \"RuntimeHandler \"kata\" not supported\" 오류로 실패한다"
        );
        assert_eq!(
            e.to_string(),
            "impossible configuration: Docker Engine via cri-dockerd refuses RuntimeClass handlers: \
             RunPodSandbox fails with \"RuntimeHandler \"kata\" not supported\""
        );
        assert_eq!(
            ko.render(&Config::default().label_msg()),
            "쿠버네티스 1.28 · containerd 1.7 · runc"
        );
    }

    #[test]
    fn versions_parse_and_range() {
        assert_eq!(K8sVersion::parse("v1.28.3"), Ok(K8sVersion(28)));
        assert_eq!(
            K8sVersion::parse("1.19"),
            Err(ConfigError::K8sOutOfRange(19))
        );
        assert!(K8sVersion::parse("banana").is_err());
        assert!(Config::from_words(None, Some("rkt"), None).is_err());
        assert!(Config::from_words(None, None, Some("youki")).is_err());
        assert!(Config::from_words(Some("1.28"), Some("docker"), Some("kata")).is_err());
    }
}
