//! Podman's storage side (reference SANDBOXED-AND-PODMAN.md §4.1 #2–#5, #6
//! mount half, §4.2 user namespace): libimage pulls with containers/image
//! straight into containers/storage; the container gets its own layer, a
//! row in the SQLite state (`db.sql`) and an overlay mount. Rootless, every
//! podman first joins the user namespace held by the pause process.

use super::super::registry::{catalogue, digest, PullError, Ref};
use super::super::{h, Image, World};
use super::{Paths, ROOTLESS_UID};
use crate::engine::Outcome;
use crate::message::Msg;
use crate::msg;
use crate::trace::{Component, Iface, Layer};

const P: Component = Component::Podman;

impl World {
    /// Rootless: the first podman of a user makes the user namespace with
    /// newuidmap/newgidmap and leaves the pause process holding it; later
    /// ones join it (pkg/rootless/rootless_linux.c).
    pub(crate) fn podman_userns(&mut self, paths: &Paths) {
        let Some(user) = paths.user.clone() else {
            return;
        };
        let pause_file = format!("{}/libpod/tmp/pause.pid", paths.xdg);
        if let Some(pid) = self.podman.pause.get(&user).copied() {
            self.emit(
                h(P, Component::Kernel, Iface::Syscall, "setns")
                    .note(msg!(
                        "podman-userns-join",
                        pid = pid,
                        pause_file = &pause_file
                    ))
                    .d(
                        "paths",
                        vec![
                            format!("/proc/{pid}/ns/user"),
                            format!("/proc/{pid}/ns/mnt"),
                        ],
                    ),
            );
            return;
        }
        self.emit(
            h(P, Component::Kernel, Iface::Syscall, "clone")
                .note(msg!("podman-userns-new"))
                .d("flags", "CLONE_NEWUSER|CLONE_NEWNS"),
        );
        for (helper, file) in [("newuidmap", "/etc/subuid"), ("newgidmap", "/etc/subgid")] {
            self.emit(
                h(
                    P,
                    Component::Kernel,
                    Iface::Exec,
                    format!("/usr/bin/{helper}"),
                )
                .note(msg!("podman-userns-map", user = &user, file = file))
                .d(
                    "argv",
                    vec![
                        format!("/usr/bin/{helper}"),
                        "<pid>".into(),
                        "0".into(),
                        ROOTLESS_UID.to_string(),
                        "1".into(),
                        "1".into(),
                        "100000".into(),
                        "65536".into(),
                    ],
                ),
            );
        }
        let pid = self.pid();
        self.emit(
            h(
                P,
                Component::Catatonit,
                Iface::Exec,
                "/usr/libexec/podman/catatonit",
            )
            .note(msg!("podman-pause-process", pause_file = &pause_file))
            .d("argv", vec!["catatonit".to_string(), "-P".into()])
            .d("pidfile", pause_file)
            .fx(format!("process/{pid}"), Layer::Kernel, None, "running"),
        );
        self.podman.pause.insert(user, pid);
    }

    /// Finds the image or pulls it (libimage → containers/image →
    /// containers/storage), writing podman's pull progress to `out.stderr`.
    pub(crate) fn podman_image(
        &mut self,
        paths: &Paths,
        name: &str,
        out: &mut Outcome,
        always: bool,
    ) -> Result<Image, String> {
        let Some(r) = Ref::parse(name) else {
            return Err(format!(
                "parsing reference {name:?}: invalid reference format"
            ));
        };
        let store = World::podman_store(paths.user.as_deref());
        if !always {
            if let Some(img) = self.has_image(store, &r).cloned() {
                self.emit(
                    h(P, P, Iface::InProcess, "libimage.LookupImage")
                        .note(msg!(
                            "podman-image-present",
                            image = r.full(),
                            graph = &paths.graph
                        ))
                        .d("image", img.id.clone()),
                );
                return Ok(img);
            }
        }
        self.podman_pull(paths, &r, name, out).map_err(|e| match e {
            PullError::BadRef(s) => format!("parsing reference {s:?}: invalid reference format"),
            PullError::NotFound(r) => format!(
                "initializing source docker://{}: reading manifest {} in {}/{}: manifest unknown",
                r.full(),
                r.tag,
                if r.host == "docker.io" {
                    "docker.io"
                } else {
                    r.host.as_str()
                },
                r.repo
            ),
        })
    }

    fn podman_pull(
        &mut self,
        paths: &Paths,
        r: &Ref,
        typed: &str,
        out: &mut Outcome,
    ) -> Result<Image, PullError> {
        let store = World::podman_store(paths.user.as_deref());
        self.emit(
            h(P, P, Iface::InProcess, "libimage.Runtime.Pull")
                .note(msg!("podman-pull", image = r.full()))
                .d("source", format!("docker://{}", r.full()))
                .d(
                    "destination",
                    format!("containers-storage:[overlay@{}+{}]", paths.graph, paths.run),
                ),
        );
        if !typed.contains('/') && r.host == "docker.io" {
            out.stderr.push_str(&format!(
                "Resolved \"{}\" as an alias (/etc/containers/registries.conf.d/000-shortnames.conf)\n",
                typed.split([':', '@']).next().unwrap_or(typed)
            ));
        }
        out.stderr
            .push_str(&format!("Trying to pull {}...\n", r.full()));
        let host = if r.host == "docker.io" {
            "registry-1.docker.io".to_string()
        } else {
            r.host.clone()
        };
        if r.needs_token() {
            self.emit(
                h(P, Component::Registry, Iface::Registry, "GET /v2/")
                    .note(msg!("podman-registry-ping-auth"))
                    .d("host", host.clone())
                    .d("status", 401),
            );
            self.emit(
                h(
                    P,
                    Component::AuthServer,
                    Iface::Registry,
                    format!(
                        "GET /token?scope=repository:{}:pull&service=registry.docker.io",
                        r.repo
                    ),
                )
                .note(msg!("podman-token")),
            );
        } else {
            self.emit(
                h(P, Component::Registry, Iface::Registry, "GET /v2/")
                    .note(msg!("podman-registry-ping"))
                    .d("host", host.clone())
                    .d("status", 200),
            );
        }
        let Some(listing) = catalogue(r) else {
            self.emit(
                h(
                    P,
                    Component::Registry,
                    Iface::Registry,
                    format!("GET /v2/{}/manifests/{}", r.repo, r.tag),
                )
                .note(msg!("podman-manifest-unknown"))
                .d("status", 404),
            );
            return Err(PullError::NotFound(r.clone()));
        };
        let index_digest = digest(&format!("{}:index", r.full()));
        let manifest_digest = digest(&format!("{}:manifest", r.full()));
        self.emit(
            h(
                P,
                Component::Registry,
                Iface::Registry,
                format!("GET /v2/{}/manifests/{}", r.repo, r.tag),
            )
            .note(if listing.multiarch {
                msg!("podman-manifest-index")
            } else {
                msg!("podman-manifest-image")
            })
            .d(
                "digest",
                if listing.multiarch {
                    index_digest.clone()
                } else {
                    manifest_digest.clone()
                },
            ),
        );
        if listing.multiarch {
            self.emit(
                h(
                    P,
                    Component::Registry,
                    Iface::Registry,
                    format!("GET /v2/{}/manifests/{}", r.repo, manifest_digest),
                )
                .note(msg!("podman-manifest-amd64"))
                .d("layers", listing.layers),
            );
        }
        out.stderr.push_str("Getting image source signatures\n");
        let img = Image {
            name: r.full(),
            id: digest(&format!("{}:config", r.full())),
            repo_digest: digest(&format!(
                "{}:{}",
                r.full(),
                if listing.multiarch {
                    "index"
                } else {
                    "manifest"
                }
            )),
            size: listing.size,
            chain_id: digest(&format!(
                "{}:chain{}",
                r.full(),
                listing.layers.saturating_sub(1)
            )),
        };
        self.emit(
            h(
                P,
                Component::Registry,
                Iface::Registry,
                format!("GET /v2/{}/blobs/{}", r.repo, img.id),
            )
            .note(msg!("podman-image-config")),
        );
        // Layers containers/storage already holds are reused (TryReusingBlob):
        // no download, nothing to apply.
        let have = self
            .has_image(store, r)
            .is_some_and(|i| i.repo_digest == img.repo_digest);
        for i in 0..listing.layers {
            let ld = digest(&format!("{}:layer{i}", r.full()));
            out.stderr.push_str(&format!("Copying blob {ld}\n"));
            if have {
                if i == 0 {
                    self.emit(
                        h(P, P, Iface::InProcess, "storage.TryReusingBlob")
                            .note(msg!("podman-layers-present"))
                            .d("layers", listing.layers),
                    );
                }
                continue;
            }
            self.emit(
                h(
                    P,
                    Component::Registry,
                    Iface::Registry,
                    format!("GET /v2/{}/blobs/{ld}", r.repo),
                )
                .note(msg!("podman-layer", n = i + 1, total = listing.layers)),
            );
            let layer = digest(&format!("{}:chain{i}", r.full()));
            self.emit(
                h(P, P, Iface::InProcess, "storage.PutLayer")
                    .note(msg!("podman-layer-apply"))
                    .d(
                        "path",
                        format!("{}/overlay/{}/diff", paths.graph, &layer[7..]),
                    ),
            );
        }
        out.stderr.push_str(&format!("Copying config {}\n", img.id));
        out.stderr
            .push_str("Writing manifest to image destination\n");
        let record = h(P, P, Iface::InProcess, "storage.CreateImage")
            .note(msg!("podman-image-record", graph = &paths.graph))
            .d("id", img.id.trim_start_matches("sha256:").to_string())
            .d("names", vec![r.full()]);
        // The layer whose state the new image record changes. Rootful Podman
        // on a CRI-O node writes into the containers/storage that is CRI-O's
        // image service (the store `crio`): the image is at once one of the
        // CRI layer's (`crictl images` lists it), so `cri` is the truth there.
        // On a Podman host, or in a rootless user's store, no layer of the
        // Trace contract (kubelet, cri, containerd, oci, kernel) owns
        // containers/storage: there is no CRI server and no containerd, and
        // the OCI runtime never sees images. Tagging it `cri` would claim a
        // CRI server that is not there, so the hop carries no effect; its
        // note and detail say where the record is.
        let shared_with_crio =
            self.cfg.runtime == crate::config::Runtime::CriO && paths.user.is_none();
        self.emit(if have || !shared_with_crio {
            record
        } else {
            record.fx(format!("image/{}", r.full()), Layer::Cri, None, "present")
        });
        self.images.insert((store, r.full()), img.clone());
        Ok(img)
    }

    /// The container's own layer and its SQLite row (§4.1 #4, #5).
    pub(crate) fn podman_create_storage(
        &mut self,
        paths: &Paths,
        id: &str,
        name: &str,
        image: &str,
    ) {
        let layer = &digest(&format!("{id}:rw"))[7..];
        self.emit(
            h(P, P, Iface::InProcess, "storage.CreateContainer")
                .note(msg!("podman-rw-layer"))
                .d(
                    "container",
                    format!("{}/overlay-containers/{id}", paths.graph),
                )
                .d("layer", format!("{}/overlay/{layer}", paths.graph))
                .d("image", image.to_string()),
        );
        self.podman_db_insert(paths, id, name);
    }

    /// The container's row in libpod's SQLite state (§4.1 #5).
    pub(crate) fn podman_db_insert(&mut self, paths: &Paths, id: &str, name: &str) {
        self.emit(
            h(P, P, Iface::InProcess, "INSERT INTO ContainerConfig")
                .note(msg!("podman-container-row", db = paths.db()))
                .d("db", paths.db())
                .d("id", id.to_string())
                .d("name", name.to_string()),
        );
    }

    /// Mounts the container's overlay rootfs (half of `prepare()`).
    pub(crate) fn podman_mount(&mut self, paths: &Paths, id: &str) {
        let layer = &digest(&format!("{id}:rw"))[7..];
        self.emit(
            h(P, Component::Kernel, Iface::Syscall, "mount")
                .note(msg!("podman-overlay-mount"))
                .d("fstype", "overlay")
                .d("target", format!("{}/overlay/{layer}/merged", paths.graph)),
        );
    }

    /// Unmounts it (cleanup).
    pub(crate) fn podman_unmount(&mut self, paths: &Paths, id: &str) {
        let layer = &digest(&format!("{id}:rw"))[7..];
        self.emit(
            h(P, Component::Kernel, Iface::Syscall, "umount2")
                .note(msg!("podman-overlay-umount"))
                .d("target", format!("{}/overlay/{layer}/merged", paths.graph)),
        );
    }

    /// A state change in libpod's SQLite database.
    pub(crate) fn podman_db_state(&mut self, paths: &Paths, id: &str, state: &str, note: Msg) {
        self.emit(
            h(P, P, Iface::InProcess, "UPDATE ContainerState")
                .note(note)
                .d("db", paths.db())
                .d("id", id.to_string())
                .d("state", state.to_string()),
        );
    }
}
