//! Where each runtime keeps the files of a pod sandbox on the host — the
//! `hostname`, `hosts` and `resolv.conf` it writes and the `/dev/shm` it
//! mounts — that the pod's containers get bind-mounted:
//!
//! * containerd's CRI plugin (1.7 and 2.x keep the 1.x directories for
//!   compatibility): `<root>/io.containerd.grpc.v1.cri/sandboxes/<id>/` for
//!   the files, `<state>/io.containerd.grpc.v1.cri/sandboxes/<id>/shm`;
//! * CRI-O: the infra container's `userdata` run directory in
//!   containers/storage (`server/sandbox_run_linux.go`: `hostname`, `shm`;
//!   `internal/factory/sandbox/infra.go`: `resolv.conf`;
//!   `internal/lib/sandbox`: `.containerenv`);
//! * dockerd (dockershim, cri-dockerd): the sandbox container's own directory
//!   `/var/lib/docker/containers/<id>/` (moby `container/container_unix.go`),
//!   `mounts/shm` for its shareable IPC namespace.

/// containerd CRI plugin's directory of sandbox `id` (`hostname`, `hosts`,
/// `resolv.conf`).
pub fn containerd_sandbox_dir(id: &str) -> String {
    format!("/var/lib/containerd/io.containerd.grpc.v1.cri/sandboxes/{id}")
}

/// containerd CRI plugin's `/dev/shm` of sandbox `id` (a tmpfs in its state
/// directory).
pub fn containerd_sandbox_shm(id: &str) -> String {
    format!("/run/containerd/io.containerd.grpc.v1.cri/sandboxes/{id}/shm")
}

/// CRI-O's run directory of container (or infra container) `id` in
/// containers/storage: its bundle, and for a sandbox the pod's `hostname`,
/// `resolv.conf`, `shm` and `.containerenv`.
pub fn crio_userdata(id: &str) -> String {
    format!("/var/run/containers/storage/overlay-containers/{id}/userdata")
}

/// dockerd's directory of container `id` (`hostname`, `hosts`,
/// `resolv.conf`, the json-file log).
pub fn docker_container_dir(id: &str) -> String {
    format!("/var/lib/docker/containers/{id}")
}

/// The `/dev/shm` of a Docker container with a shareable IPC namespace.
pub fn docker_shm(id: &str) -> String {
    format!("{}/mounts/shm", docker_container_dir(id))
}
