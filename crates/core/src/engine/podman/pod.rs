//! Podman pods (reference SANDBOXED-AND-PODMAN.md §4.3): `podman pod
//! create` makes the pod and its infra container, which holds the pod's
//! network, IPC and UTS namespaces. The model is Podman ≥ 5.5 (5.8): no
//! pause image; the infra container's rootfs has catatonit bind-mounted at
//! `/catatonit` and runs `/catatonit -P` (container_internal_common.go
//! `prepareCatatonitMount`). The infra starts with the pod's first
//! container; every container of the pod still has its own conmon.

use super::super::{h, World};
use super::run::RunReq;
use super::{generated_name, Paths, PodmanPod};
use crate::msg;
use crate::trace::{Component, Iface};

const P: Component = Component::Podman;

impl World {
    /// `podman pod create`: returns the pod id.
    pub(crate) fn podman_pod_create(
        &mut self,
        user: Option<&str>,
        name: Option<&str>,
    ) -> Result<String, String> {
        let paths = Paths::of(user);
        self.podman_userns(&paths);
        if let Some(n) = name {
            if self.podman_find_pod(user, n).is_some() {
                return Err(format!(
                    "adding pod to state: name \"{n}\" is in use: pod already exists"
                ));
            }
        }
        let id = self.hex_id();
        let name = name
            .map(str::to_string)
            .unwrap_or_else(|| generated_name(&id));
        self.emit(
            h(P, P, Iface::InProcess, "INSERT INTO PodConfig")
                .note(msg!("podman-pod-create", name = &name))
                .d("db", paths.db())
                .d("id", id.clone())
                .d("share", "ipc,net,uts"),
        );
        if !paths.rootless() {
            self.emit(
                h(P, Component::Kernel, Iface::Cgroupfs, "mkdir")
                    .note(msg!("podman-pod-slice"))
                    .d("unit", format!("machine-libpod_pod_{id}.slice"))
                    .d(
                        "path",
                        format!("/sys/fs/cgroup/machine.slice/machine-libpod_pod_{id}.slice"),
                    ),
            );
        }
        self.emit(
            h(P, Component::Kernel, Iface::Syscall, "mkdirat")
                .note(msg!("podman-pod-infra-rootfs"))
                .d("path", format!("{}/infra-container", paths.tmp)),
        );
        self.emit(
            h(P, P, Iface::InProcess, "prepareCatatonitMount")
                .note(msg!("podman-pod-catatonit"))
                .d("source", "/usr/libexec/podman/catatonit")
                .d("target", "/catatonit")
                .d("options", vec!["bind", "ro", "nosuid", "nodev"]),
        );
        let req = RunReq {
            user,
            image: "",
            name: None,
            cmd: vec!["/catatonit".into(), "-P".into()],
            ports: Vec::new(),
            rm: false,
            pod: Some(id.clone()),
            memory: None,
        };
        let infra_name = format!("{}-infra", &id[..12]);
        let infra = self.podman_create(
            &RunReq {
                name: Some(&infra_name),
                ..req
            },
            "",
            true,
        );
        self.podman.pods.insert(
            id.clone(),
            PodmanPod {
                id: id.clone(),
                name,
                infra_id: infra,
                created_ms: self.now_ms,
                user: user.map(str::to_string),
            },
        );
        Ok(id)
    }

    /// The pod a name or id (prefix) names, among this user's.
    pub(crate) fn podman_find_pod(&self, user: Option<&str>, name_or_id: &str) -> Option<String> {
        let mine: Vec<&PodmanPod> = self
            .podman
            .pods
            .values()
            .filter(|p| p.user.as_deref() == user)
            .collect();
        if let Some(p) = mine.iter().find(|p| p.name == name_or_id) {
            return Some(p.id.clone());
        }
        let hits: Vec<&&PodmanPod> = mine
            .iter()
            .filter(|p| !name_or_id.is_empty() && p.id.starts_with(name_or_id))
            .collect();
        match hits.as_slice() {
            [one] => Some(one.id.clone()),
            _ => None,
        }
    }
}
