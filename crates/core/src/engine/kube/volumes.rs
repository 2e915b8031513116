//! The files of a pod the kubelet makes and mounts (reference §1.6, S1 step 4
//! "mount projected SA token", step 19 "mounts (SA token, /etc/hosts,
//! /dev/termination-log)"; read in kubernetes/kubernetes:
//! `plugin/pkg/admission/serviceaccount/admission.go`,
//! `pkg/registry/core/serviceaccount/storage/token.go`,
//! `pkg/kubelet/configmap` (watch-based manager), `pkg/volume/projected`,
//! `pkg/volume/emptydir` (memory medium), `pkg/volume/util/atomic_writer.go`,
//! `pkg/kubelet/kubelet_pods.go` `makeMounts`/`makeHostsMount`,
//! `pkg/kubelet/kuberuntime/kuberuntime_container.go` `makeMounts`):
//!
//! * the ServiceAccount admission plugin adds the projected volume
//!   `kube-api-access-<5 random characters>` and its read-only mount at
//!   `/var/run/secrets/kubernetes.io/serviceaccount` when the pod is created
//!   (Kubernetes 1.21 on, `BoundServiceAccountTokenVolume`; 1.20 mounts the
//!   service account's token Secret `default-token-<5 characters>` instead);
//! * the kubelet's ConfigMap (Secret) manager starts watching
//!   `kube-root-ca.crt` (the token Secret) when the pod is added; the volume
//!   manager sets the volume up before the runtime manager's `SyncPod`
//!   creates the sandbox: a TokenRequest (1.21 on), a tmpfs, the files
//!   written by the atomic writer;
//! * before `CreateContainer` the kubelet writes the pod's
//!   `/var/lib/kubelet/pods/<uid>/etc-hosts` and creates the container's
//!   termination-message file, and sends the three as the request's mounts.

use super::super::{h, World};
use super::Key;
use crate::msg;
use crate::oci::spec::CriMount;
use crate::trace::{Component, Iface};
use serde_json::json;

/// Where every container of a pod gets its service-account volume.
pub(crate) const SA_MOUNT_PATH: &str = "/var/run/secrets/kubernetes.io/serviceaccount";

/// The token's lifetime the admission plugin asks for (one hour and seven
/// seconds: the kubelet refreshes it well before).
const TOKEN_EXPIRATION_S: u64 = 3607;

/// The kubelet's directory of pod `uid`.
pub(crate) fn pod_dir(uid: &str) -> String {
    format!("/var/lib/kubelet/pods/{uid}")
}

/// The projected volume `name` of pod `uid` on the host.
pub(crate) fn projected_dir(uid: &str, name: &str) -> String {
    format!("{}/volumes/kubernetes.io~projected/{name}", pod_dir(uid))
}

/// The secret volume `name` of pod `uid` on the host.
pub(crate) fn secret_dir(uid: &str, name: &str) -> String {
    format!("{}/volumes/kubernetes.io~secret/{name}", pod_dir(uid))
}

/// The `/etc/hosts` the kubelet writes for pod `uid`.
pub(crate) fn etc_hosts(uid: &str) -> String {
    format!("{}/etc-hosts", pod_dir(uid))
}

/// FNV-1a of `s`: the model's stand-in for the random suffixes the
/// apiserver and the kubelet draw, taken from ids already drawn so that no
/// other id of the run moves.
fn fnv(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// `prefix` and five characters of apimachinery's `utilrand` alphabet (no
/// vowels, no look-alikes), as `SimpleNameGenerator` makes a name.
fn generated_name(prefix: &str, seed: &str) -> String {
    const ALPHABET: &[u8] = b"bcdfghjklmnpqrstvwxz2456789";
    let mut n = fnv(seed);
    let mut out = String::from(prefix);
    for _ in 0..5 {
        out.push(char::from(ALPHABET[(n % ALPHABET.len() as u64) as usize]));
        n /= ALPHABET.len() as u64;
    }
    out
}

impl World {
    /// Before Kubernetes 1.21 the service-account volume is the token Secret.
    fn secret_token_volume(&self) -> bool {
        self.cfg.k8s.0 < 21
    }

    /// The service-account volume of pod `uid` on the host.
    fn sa_volume_dir(&self, uid: &str, name: &str) -> String {
        if self.secret_token_volume() {
            secret_dir(uid, name)
        } else {
            projected_dir(uid, name)
        }
    }

    /// Mutating admission while the API server creates the pod: the
    /// ServiceAccount plugin. Returns the volume's name.
    pub(super) fn admit_service_account(&mut self, ns: &str, uid: &str) -> String {
        if self.secret_token_volume() {
            // The token controller made one Secret per service account.
            let name = generated_name("default-token-", ns);
            self.emit(
                h(
                    Component::KubeApiserver,
                    Component::KubeApiserver,
                    Iface::InProcess,
                    "ServiceAccount.Admit",
                )
                .note(msg!(
                    "kube-sa-admit-secret",
                    volume = &name,
                    path = SA_MOUNT_PATH
                ))
                .d("serviceAccountName", "default")
                .d(
                    "volume",
                    json!({"name": name, "secret": {"secretName": name, "defaultMode": 420}}),
                )
                .d(
                    "volumeMount",
                    json!({"name": name, "mountPath": SA_MOUNT_PATH, "readOnly": true}),
                )
                .d("namespace", ns),
            );
            return name;
        }
        let name = generated_name("kube-api-access-", uid);
        self.emit(
            h(Component::KubeApiserver, Component::KubeApiserver, Iface::InProcess, "ServiceAccount.Admit")
                .note(msg!("kube-sa-admit-projected", volume = &name, path = SA_MOUNT_PATH))
                .d("serviceAccountName", "default")
                .d("volume", json!({
                    "name": name,
                    "projected": {
                        "defaultMode": 420,
                        "sources": [
                            {"serviceAccountToken": {"expirationSeconds": TOKEN_EXPIRATION_S, "path": "token"}},
                            {"configMap": {"name": "kube-root-ca.crt", "items": [{"key": "ca.crt", "path": "ca.crt"}]}},
                            {"downwardAPI": {"items": [{"path": "namespace", "fieldRef": {"apiVersion": "v1", "fieldPath": "metadata.namespace"}}]}},
                        ],
                    },
                }))
                .d("volumeMount", json!({"name": name, "mountPath": SA_MOUNT_PATH, "readOnly": true}))
                .d("namespace", ns),
        );
        name
    }

    /// The pod reaches the kubelet: its ConfigMap and Secret managers
    /// (watch-based, the default) start a reflector on each object the pod
    /// references.
    pub(super) fn register_pod_objects(&mut self, key: &Key) {
        let ns = key.0.clone();
        if self.secret_token_volume() {
            let secret = self
                .pods
                .get(key)
                .map(|p| p.sa_volume.clone())
                .unwrap_or_default();
            self.emit(
                h(
                    Component::Kubelet,
                    Component::KubeApiserver,
                    Iface::K8sApi,
                    format!("GET /api/v1/namespaces/{ns}/secrets?fieldSelector=metadata.name%3D{secret}&limit=500&resourceVersion=0"),
                )
                .note(msg!("kube-sa-watch-secret", secret = &secret)),
            );
            return;
        }
        self.emit(
            h(
                Component::Kubelet,
                Component::KubeApiserver,
                Iface::K8sApi,
                format!("GET /api/v1/namespaces/{ns}/configmaps?fieldSelector=metadata.name%3Dkube-root-ca.crt&limit=500&resourceVersion=0"),
            )
            .note(msg!("kube-sa-watch-configmap")),
        );
    }

    /// `Kubelet.SyncPod` → `volumeManager.WaitForAttachAndMount`: the
    /// reconciler sets the projected volume up, once per pod.
    pub(crate) fn mount_pod_volumes(&mut self, key: &Key) {
        let Some(p) = self.pods.get(key) else { return };
        if p.volumes_mounted || p.sa_volume.is_empty() {
            return;
        }
        let (ns, name, uid, vol, limit) = (
            p.namespace.clone(),
            p.name.clone(),
            p.uid.clone(),
            p.sa_volume.clone(),
            p.memory_limit,
        );
        let kubelet = Component::Kubelet;
        let dir = self.sa_volume_dir(&uid, &vol);
        let secret = self.secret_token_volume();
        if !secret {
            self.token_request(&ns, &name, &uid, &vol);
        }
        let size = match limit {
            Some(l) => format!("size={l}"),
            None => "size=<node allocatable memory>".to_string(),
        };
        self.emit(
            h(kubelet, Component::Kernel, Iface::Exec, "mount")
                .note(msg!(
                    "kube-vol-tmpfs",
                    volume = &vol,
                    kind = if secret { "secret" } else { "projected" }
                ))
                .d(
                    "argv",
                    vec![
                        "mount".to_string(),
                        "-t".into(),
                        "tmpfs".into(),
                        "-o".into(),
                        size,
                        "tmpfs".into(),
                        dir.clone(),
                    ],
                ),
        );
        self.atomic_write(&dir, secret);
        if let Some(p) = self.pods.get_mut(key) {
            p.volumes_mounted = true;
        }
    }

    /// The pod's containers are gone: the volume manager tears the
    /// service-account volume down (`EmptyDir.TearDownAt`: unmount the tmpfs,
    /// remove the directory). The status manager deletes the pod from the API
    /// server only once its volumes are gone (`podResourcesAreReclaimed`).
    pub(crate) fn unmount_pod_volumes(&mut self, key: &Key) {
        let Some(p) = self.pods.get(key) else { return };
        if !p.volumes_mounted {
            return;
        }
        let dir = self.sa_volume_dir(&p.uid, &p.sa_volume);
        let kubelet = Component::Kubelet;
        self.emit(
            h(kubelet, Component::Kernel, Iface::Exec, "umount")
                .note(msg!("kube-vol-unmount"))
                .d("argv", vec!["umount".to_string(), dir.clone()]),
        );
        self.emit(
            h(kubelet, Component::Kernel, Iface::Syscall, "unlinkat")
                .note(msg!("kube-vol-remove"))
                .d("path", dir)
                .d("flags", "AT_REMOVEDIR"),
        );
        if let Some(p) = self.pods.get_mut(key) {
            p.volumes_mounted = false;
        }
    }

    /// The projected volume's token source: the kubelet's token manager
    /// asks the API server for a token bound to the pod.
    fn token_request(&mut self, ns: &str, name: &str, uid: &str, vol: &str) {
        self.emit(
            h(
                Component::Kubelet,
                Component::KubeApiserver,
                Iface::K8sApi,
                format!("POST /api/v1/namespaces/{ns}/serviceaccounts/default/token"),
            )
            .note(msg!("kube-token-request", volume = vol))
            .d(
                "spec",
                json!({
                    "expirationSeconds": TOKEN_EXPIRATION_S,
                    "boundObjectRef": {"apiVersion": "v1", "kind": "Pod", "name": name, "uid": uid},
                }),
            ),
        );
        for (note, k) in [
            (
                msg!("kube-token-read-sa"),
                format!("/registry/serviceaccounts/{ns}/default"),
            ),
            (
                msg!("kube-token-read-pod"),
                format!("/registry/pods/{ns}/{name}"),
            ),
        ] {
            self.emit(
                h(
                    Component::KubeApiserver,
                    Component::Etcd,
                    Iface::Etcd,
                    "KV/Range",
                )
                .note(note)
                .d("key", k),
            );
        }
    }

    /// `AtomicWriter.Write`: the payload lands in a new timestamped directory
    /// and `..data` is switched to it in one rename.
    fn atomic_write(&mut self, dir: &str, secret: bool) {
        let kubelet = Component::Kubelet;
        let ts = format!("{dir}/..<UTC time 2006_01_02_15_04_05>.<random>");
        self.emit(
            h(kubelet, Component::Kernel, Iface::Syscall, "mkdirat")
                .note(msg!("kube-atomic-mkdir"))
                .d("path", ts.clone()),
        );
        self.emit(
            h(kubelet, Component::Kernel, Iface::Syscall, "write")
                .note(if secret {
                    msg!("kube-atomic-write-secret")
                } else {
                    msg!("kube-atomic-write-projected")
                })
                .d(
                    "files",
                    vec![
                        format!("{ts}/ca.crt"),
                        format!("{ts}/namespace"),
                        format!("{ts}/token"),
                    ],
                )
                .d("mode", "0644"),
        );
        self.emit(
            h(kubelet, Component::Kernel, Iface::Syscall, "symlinkat")
                .note(msg!("kube-atomic-tmp"))
                .d("path", format!("{dir}/..data_tmp")),
        );
        self.emit(
            h(kubelet, Component::Kernel, Iface::Syscall, "renameat")
                .note(msg!("kube-atomic-rename"))
                .d("from", format!("{dir}/..data_tmp"))
                .d("to", format!("{dir}/..data")),
        );
        self.emit(
            h(kubelet, Component::Kernel, Iface::Syscall, "symlinkat")
                .note(msg!("kube-atomic-links"))
                .d(
                    "links",
                    vec![
                        format!("{dir}/ca.crt -> ..data/ca.crt"),
                        format!("{dir}/namespace -> ..data/namespace"),
                        format!("{dir}/token -> ..data/token"),
                    ],
                ),
        );
    }

    /// `GenerateRunContainerOptions` and the runtime manager's `makeMounts`
    /// for the pod's container: the files they write and the CRI mounts, in
    /// the kubelet's order (volume mounts, its `/etc/hosts`, the
    /// termination-message file).
    pub(crate) fn pod_container_mounts(&mut self, key: &Key, container: &str) -> Vec<CriMount> {
        let Some(p) = self.pods.get(key) else {
            return Vec::new();
        };
        let (uid, vol, ip, host, n) = (
            p.uid.clone(),
            p.sa_volume.clone(),
            p.ip.clone(),
            p.name.clone(),
            p.created_containers,
        );
        let kubelet = Component::Kubelet;
        let mut mounts = Vec::new();
        if !vol.is_empty() {
            mounts.push(CriMount::new(
                &self.sa_volume_dir(&uid, &vol),
                SA_MOUNT_PATH,
                true,
                true,
            ));
        }
        // The sandbox has an IP by now: the kubelet manages /etc/hosts.
        if !ip.is_empty() {
            let hosts = etc_hosts(&uid);
            self.emit(
                h(kubelet, Component::Kernel, Iface::Syscall, "write")
                    .note(msg!("kube-hosts"))
                    .d("path", hosts.clone())
                    .d("mode", "0644")
                    .d("content", format!("# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\nfe00::0\tip6-mcastprefix\nfe00::1\tip6-allnodes\nfe00::2\tip6-allrouters\n{ip}\t{host}\n")),
            );
            mounts.push(CriMount::new(&hosts, "/etc/hosts", false, true));
        }
        let cdir = format!("{}/containers/{container}", pod_dir(&uid));
        let file = format!(
            "{cdir}/{:08x}",
            fnv(&format!("{uid}/{container}/{n}")) & 0xffff_ffff
        );
        self.emit(
            h(kubelet, Component::Kernel, Iface::Syscall, "mkdirat")
                .note(msg!("kube-termination-dir"))
                .d("path", cdir)
                .d("mode", "0750"),
        );
        self.emit(
            h(kubelet, Component::Kernel, Iface::Syscall, "openat")
                .note(msg!("kube-termination-file"))
                .d("path", file.clone())
                .d("flags", "O_RDWR|O_CREAT|O_TRUNC"),
        );
        mounts.push(CriMount::new(&file, "/dev/termination-log", false, false));
        mounts
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn volume_names_look_like_the_admission_plugins() {
        let n = generated_name("kube-api-access-", "33a70be6-7dbc-43ee-8adf-475111ac71c0");
        assert!(n.starts_with("kube-api-access-"));
        let suffix = &n["kube-api-access-".len()..];
        assert_eq!(suffix.len(), 5);
        assert!(suffix
            .bytes()
            .all(|b| b"bcdfghjklmnpqrstvwxz2456789".contains(&b)));
        assert_eq!(
            n,
            generated_name("kube-api-access-", "33a70be6-7dbc-43ee-8adf-475111ac71c0")
        );
    }

    #[test]
    fn kubelet_paths() {
        assert_eq!(etc_hosts("u1"), "/var/lib/kubelet/pods/u1/etc-hosts");
        assert_eq!(
            projected_dir("u1", "kube-api-access-abcde"),
            "/var/lib/kubelet/pods/u1/volumes/kubernetes.io~projected/kube-api-access-abcde"
        );
    }
}
