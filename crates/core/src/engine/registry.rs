//! Image references, the simulated registries' catalogue, and the pull flows
//! of each client (reference §2.5, §5.5, §5.6).
//!
//! Digests here are illustrative (derived from the name), not the live ones:
//! real tags move, and the simulator must be deterministic.

use super::{h, Image, World};
use crate::config::Runtime;
use crate::msg;
use crate::trace::{Component, Iface, Layer};

/// A parsed image reference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Ref {
    /// `docker.io`, `registry.k8s.io`, …
    pub host: String,
    /// Repository path (`library/nginx`).
    pub repo: String,
    /// Tag, when no digest is given.
    pub tag: String,
}

impl Ref {
    /// Normalises like containerd's reference docker package does.
    pub fn parse(s: &str) -> Option<Ref> {
        let s = s.trim();
        if s.is_empty() || s.contains(char::is_whitespace) || s.starts_with("sha256:") {
            return None;
        }
        let (name, tag) = match s.rsplit_once('@') {
            Some((n, d)) => (n, d.to_string()),
            None => match s.rsplit_once(':') {
                Some((n, t)) if !t.contains('/') => (n, t.to_string()),
                _ => (s, "latest".to_string()),
            },
        };
        let mut parts = name.splitn(2, '/');
        let first = parts.next()?;
        let rest = parts.next();
        let (host, repo) = match rest {
            Some(r) if first.contains('.') || first.contains(':') || first == "localhost" => {
                (first.to_string(), r.to_string())
            }
            Some(_) => ("docker.io".to_string(), name.to_string()),
            None => ("docker.io".to_string(), format!("library/{first}")),
        };
        if repo.is_empty() || repo.chars().any(|c| c.is_ascii_uppercase()) {
            return None;
        }
        Some(Ref { host, repo, tag })
    }

    /// `docker.io/library/nginx:latest`.
    pub fn full(&self) -> String {
        if self.tag.starts_with("sha256:") {
            format!("{}/{}@{}", self.host, self.repo, self.tag)
        } else {
            format!("{}/{}:{}", self.host, self.repo, self.tag)
        }
    }

    /// The short form Docker and crictl print (`nginx`, `polinux/stress`).
    pub fn familiar(&self) -> String {
        if self.host == "docker.io" {
            self.repo.trim_start_matches("library/").to_string()
        } else {
            format!("{}/{}", self.host, self.repo)
        }
    }

    pub(crate) fn needs_token(&self) -> bool {
        self.host == "docker.io"
    }
}

/// What the registry holds for a repository.
#[derive(Debug, Clone)]
pub(crate) struct Listing {
    pub multiarch: bool,
    pub layers: u32,
    pub size: u64,
}

/// The simulated registries' catalogue.
pub(crate) fn catalogue(r: &Ref) -> Option<Listing> {
    let l = |multiarch, layers, size| {
        Some(Listing {
            multiarch,
            layers,
            size,
        })
    };
    match (r.host.as_str(), r.repo.as_str()) {
        ("docker.io", "library/nginx") => l(true, 7, 72_190_000),
        ("docker.io", "library/busybox") => l(true, 1, 2_160_000),
        ("docker.io", "library/alpine") => l(true, 1, 3_640_000),
        ("docker.io", "library/hello-world") => l(true, 1, 10_100),
        ("docker.io", "library/redis") => l(true, 6, 45_000_000),
        ("docker.io", "polinux/stress") => l(false, 2, 4_120_000),
        ("registry.k8s.io", "pause") => l(true, 1, 321_000),
        ("registry.k8s.io", "busybox") => l(false, 1, 1_320_000),
        _ => None,
    }
}

/// A deterministic illustrative digest for a name.
pub(crate) fn digest(seed: &str) -> String {
    let mut hsh: u64 = 0xcbf2_9ce4_8422_2325;
    for b in seed.bytes() {
        hsh ^= u64::from(b);
        hsh = hsh.wrapping_mul(0x0100_0000_01b3);
    }
    let mut out = String::with_capacity(71);
    out.push_str("sha256:");
    let mut x = hsh;
    for _ in 0..4 {
        x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = x;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^= z >> 31;
        out.push_str(&format!("{z:016x}"));
    }
    out
}

/// Who pulls, which decides the hops' source and interfaces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Puller {
    /// containerd's CRI plugin (1.7: in-process client pull; 2.x: Transfer service).
    Cri,
    /// `ctr images pull` / `nerdctl pull` (client side on 1.7, Transfer on 2.x for ctr).
    Client(Component),
    /// dockerd (graphdriver store).
    Dockerd,
    /// CRI-O (containers/image + containers/storage).
    CriO,
}

/// Why a pull failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum PullError {
    BadRef(String),
    NotFound(Ref),
}

impl World {
    /// Whether an image is in a store.
    pub(crate) fn has_image(&self, store: &'static str, r: &Ref) -> Option<&Image> {
        self.images.get(&(store, r.full()))
    }

    /// Puts an image straight into a store (node set-up: kubeadm pre-pulls pause).
    pub(crate) fn seed_image(&mut self, store: &'static str, name: &str) {
        if let Some(r) = Ref::parse(name) {
            if let Some(l) = catalogue(&r) {
                let img = image_record(&r, &l);
                self.images.insert((store, r.full()), img);
            }
        }
    }

    /// The node as kubeadm leaves it: the pause image pre-pulled.
    pub(crate) fn seed_node(&mut self) {
        let pause = self.cfg.pause_image();
        let store = match self.cfg.runtime {
            Runtime::Containerd17 | Runtime::Containerd2 => "k8s.io",
            Runtime::CriO => "crio",
            Runtime::Dockershim | Runtime::CriDockerd => "docker",
            // A Podman host starts with an empty containers/storage.
            Runtime::Podman => return,
        };
        self.seed_image(store, pause);
    }

    /// Pulls an image into a store, emitting the registry and store hops.
    pub(crate) fn pull(
        &mut self,
        who: Puller,
        store: &'static str,
        name: &str,
    ) -> Result<Image, PullError> {
        let r = Ref::parse(name).ok_or_else(|| PullError::BadRef(name.to_string()))?;
        let v2 = self.cfg.runtime == Runtime::Containerd2;
        // Who speaks HTTP to the registry, and who writes the stores.
        let (http, via) = match who {
            Puller::Cri if v2 => (
                Component::Containerd,
                Some((Component::ContainerdCri, Iface::InProcess)),
            ),
            Puller::Cri => (Component::ContainerdCri, None),
            Puller::Client(Component::Ctr) if v2 => (
                Component::Containerd,
                Some((Component::Ctr, Iface::ContainerdApi)),
            ),
            Puller::Client(c) => (c, None),
            Puller::Dockerd => (Component::Dockerd, None),
            Puller::CriO => (Component::CriO, None),
        };
        if let Some((caller, iface)) = via {
            self.emit(
                h(caller, Component::Containerd, iface, "Transfer.Transfer")
                    .note(msg!("reg-transfer"))
                    .d("source", r.full())
                    .d("destination", format!("image store ({store})")),
            );
        }
        let store_iface = match http {
            Component::Ctr | Component::Nerdctl => Iface::ContainerdApi,
            _ => Iface::InProcess,
        };
        let path = format!("/v2/{}/manifests/{}", r.repo, r.tag);
        let Some(listing) = catalogue(&r) else {
            self.emit(
                h(
                    http,
                    Component::Registry,
                    Iface::Registry,
                    format!("HEAD {path}"),
                )
                .note(msg!("reg-not-found", host = &r.host))
                .d("host", r.host.clone())
                .d("status", 404),
            );
            return Err(PullError::NotFound(r));
        };
        let img = image_record(&r, &listing);
        let mut ctd_store = matches!(who, Puller::Cri | Puller::Client(_));
        if matches!(who, Puller::Client(Component::Nerdctl)) {
            ctd_store = true;
        }
        if ctd_store && !v2 {
            self.emit(
                h(http, Component::Containerd, store_iface, "Leases.Create")
                    .note(msg!("reg-lease")),
            );
        }
        if r.needs_token() {
            self.emit(
                h(
                    http,
                    Component::Registry,
                    Iface::Registry,
                    format!("HEAD {path}"),
                )
                .note(msg!("reg-challenge"))
                .d("host", "registry-1.docker.io")
                .d("status", 401),
            );
            self.emit(
                h(
                    http,
                    Component::AuthServer,
                    Iface::Registry,
                    format!(
                        "GET /token?scope=repository:{}:pull&service=registry.docker.io",
                        r.repo
                    ),
                )
                .note(msg!("reg-token")),
            );
        }
        let index_digest = digest(&format!("{}:index", r.full()));
        let manifest_digest = digest(&format!("{}:manifest", r.full()));
        self.emit(
            h(http, Component::Registry, Iface::Registry, format!("HEAD {path}"))
                .note(msg!("reg-resolve"))
                .d("accept", "application/vnd.docker.distribution.manifest.list.v2+json, application/vnd.docker.distribution.manifest.v2+json, application/vnd.oci.image.index.v1+json, application/vnd.oci.image.manifest.v1+json, */*")
                .d("digest", if listing.multiarch { index_digest.clone() } else { manifest_digest.clone() })
                .d("status", 200),
        );
        // Everything the tag resolves to is already in this store: the fetch
        // handlers find each blob in the content store (or dockerd and
        // containers/storage find the layers) and skip it; unpack finds the
        // snapshots committed. Only the resolve went over the network.
        if let Some(have) = self.has_image(store, &r).cloned() {
            if have.repo_digest == img.repo_digest {
                let (who_skips, iface) = match writer_of(who, http, store_iface) {
                    Some(w) => w,
                    None => (http, Iface::InProcess),
                };
                let target = if who_skips == Component::Containerd
                    || store_iface == Iface::ContainerdApi
                    || matches!(who, Puller::Cri)
                {
                    Component::ContainerdContent
                } else {
                    who_skips
                };
                let iface = if target == who_skips {
                    Iface::InProcess
                } else {
                    iface
                };
                if self.topo.has_edge(who_skips, target, iface) {
                    self.emit(
                        h(who_skips, target, iface, "Content.Info")
                            .note(msg!("reg-present"))
                            .d("digest", img.repo_digest.clone()),
                    );
                }
                return Ok(have);
            }
        }
        if listing.multiarch {
            self.emit(
                h(
                    http,
                    Component::Registry,
                    Iface::Registry,
                    format!("GET /v2/{}/manifests/{}", r.repo, index_digest),
                )
                .note(msg!("reg-index"))
                .d("mediaType", "application/vnd.oci.image.index.v1+json")
                .d(
                    "platforms",
                    serde_json::json!([
                        "linux/amd64",
                        "linux/arm/v7",
                        "linux/arm64/v8",
                        "linux/386",
                        "linux/ppc64le",
                        "linux/s390x",
                        "unknown/unknown"
                    ]),
                )
                .d("selected", "linux/amd64"),
            );
        }
        self.emit(
            h(
                http,
                Component::Registry,
                Iface::Registry,
                format!("GET /v2/{}/manifests/{}", r.repo, manifest_digest),
            )
            .note(msg!("reg-manifest"))
            .d(
                "mediaType",
                if listing.multiarch {
                    "application/vnd.oci.image.manifest.v1+json"
                } else {
                    "application/vnd.docker.distribution.manifest.v2+json"
                },
            )
            .d("layers", listing.layers),
        );
        self.emit(
            h(
                http,
                Component::Registry,
                Iface::Registry,
                format!("GET /v2/{}/blobs/{}", r.repo, img.id),
            )
            .note(msg!("reg-config"))
            .d("mediaType", "application/vnd.oci.image.config.v1+json"),
        );
        let writer = match who {
            Puller::Dockerd => None,
            Puller::CriO => None,
            _ => Some(match http {
                Component::Containerd => (Component::Containerd, Iface::InProcess),
                c => (c, store_iface),
            }),
        };
        for i in 0..listing.layers {
            let ld = digest(&format!("{}:layer{i}", r.full()));
            self.emit(
                h(
                    http,
                    Component::Registry,
                    Iface::Registry,
                    format!("GET /v2/{}/blobs/{}", r.repo, ld),
                )
                .note(msg!("reg-layer", n = i + 1, total = listing.layers))
                .d("mediaType", "application/vnd.oci.image.layer.v1.tar+gzip"),
            );
            match (who, writer) {
                (Puller::Dockerd, _) => {}
                (Puller::CriO, _) => {}
                (_, Some((w, iface))) => self.emit(
                    h(w, Component::ContainerdContent, iface, "Content.Write")
                        .note(msg!("reg-content-write"))
                        .d("ref", ld.clone()),
                ),
                _ => {}
            }
        }
        let image_obj = format!("image/{}", r.full());
        match (who, writer) {
            (Puller::Dockerd, _) => {
                for i in 0..listing.layers {
                    self.emit(
                        h(
                            Component::Dockerd,
                            Component::Dockerd,
                            Iface::InProcess,
                            "layerStore.Register",
                        )
                        .note(msg!("reg-docker-layer", n = i + 1)),
                    );
                }
                self.emit(
                    h(
                        Component::Dockerd,
                        Component::Dockerd,
                        Iface::InProcess,
                        "imageStore.Create",
                    )
                    .note(msg!("reg-docker-tag"))
                    .fx(image_obj.clone(), Layer::Containerd, None, "present"),
                );
            }
            (Puller::CriO, _) => {
                for i in 0..listing.layers {
                    self.emit(
                        h(
                            Component::CriO,
                            Component::CriO,
                            Iface::InProcess,
                            "storage.PutLayer",
                        )
                        .note(msg!("reg-crio-layer", n = i + 1)),
                    );
                }
                self.emit(
                    h(
                        Component::CriO,
                        Component::CriO,
                        Iface::InProcess,
                        "storage.CreateImage",
                    )
                    .note(msg!("reg-crio-image"))
                    .fx(image_obj, Layer::Cri, None, "present"),
                );
            }
            (_, Some((w, iface))) => {
                let target = if listing.multiarch {
                    index_digest.clone()
                } else {
                    manifest_digest.clone()
                };
                let note = if matches!(who, Puller::Cri) {
                    msg!("reg-cri-names")
                } else {
                    msg!("reg-ctr-name")
                };
                let images_iface = if w == Component::Containerd {
                    Iface::InProcess
                } else {
                    iface
                };
                // containerd 1.7's client.Pull (the CRI plugin's) waits for
                // the unpacker before it creates the image record
                // ("unpacker defers blobs download"); ctr's Fetch records
                // the image first and unpacks after.
                let create_last =
                    matches!(who, Puller::Cri) && self.cfg.runtime == Runtime::Containerd17;
                if !create_last {
                    self.emit(
                        h(
                            w,
                            Component::ContainerdImages,
                            images_iface,
                            "Images.Create",
                        )
                        .note(note.clone())
                        .d("name", r.full())
                        .d("target", target.clone())
                        .d("namespace", store)
                        .fx(
                            image_obj.clone(),
                            Layer::Containerd,
                            None,
                            "present",
                        ),
                    );
                }
                let mut parent = String::new();
                for i in 0..listing.layers {
                    let chain = digest(&format!("{}:chain{i}", r.full()));
                    self.emit(
                        h(
                            w,
                            Component::ContainerdSnapshotter,
                            iface,
                            "Snapshots.Prepare",
                        )
                        .note(msg!("reg-unpack", n = i + 1))
                        .d("key", format!("extract-{i}-{}", World::short(&chain[7..])))
                        .d("parent", parent.clone()),
                    );
                    self.emit(
                        h(
                            w,
                            Component::Containerd,
                            if w == Component::Containerd {
                                Iface::InProcess
                            } else {
                                iface
                            },
                            "Diff.Apply",
                        )
                        .note(msg!("reg-diff"))
                        .d("snapshotter", "overlayfs"),
                    );
                    self.emit(
                        h(
                            w,
                            Component::ContainerdSnapshotter,
                            iface,
                            "Snapshots.Commit",
                        )
                        .note(msg!("reg-commit"))
                        .d("name", chain.clone()),
                    );
                    parent = chain;
                }
                if create_last {
                    self.emit(
                        h(
                            w,
                            Component::ContainerdImages,
                            images_iface,
                            "Images.Create",
                        )
                        .note(note)
                        .d("name", r.full())
                        .d("target", target.clone())
                        .d("namespace", store)
                        .fx(
                            image_obj.clone(),
                            Layer::Containerd,
                            None,
                            "present",
                        ),
                    );
                }
            }
            _ => {}
        }
        self.images.insert((store, r.full()), img.clone());
        if store != "k8s.io" || matches!(who, Puller::Cri) {
            // nothing else to mirror
        }
        Ok(img)
    }
}

fn image_record(r: &Ref, l: &Listing) -> Image {
    Image {
        name: r.full(),
        id: digest(&format!("{}:config", r.full())),
        repo_digest: digest(&format!(
            "{}:{}",
            r.full(),
            if l.multiarch { "index" } else { "manifest" }
        )),
        size: l.size,
        chain_id: digest(&format!("{}:chain{}", r.full(), l.layers.saturating_sub(1))),
    }
}

/// Who writes a pulled image's blobs, and over what.
fn writer_of(who: Puller, http: Component, store_iface: Iface) -> Option<(Component, Iface)> {
    match who {
        Puller::Dockerd | Puller::CriO => None,
        _ => Some(match http {
            Component::Containerd => (Component::Containerd, Iface::InProcess),
            c => (c, store_iface),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_normalise() {
        assert_eq!(
            Ref::parse("nginx").unwrap().full(),
            "docker.io/library/nginx:latest"
        );
        assert_eq!(
            Ref::parse("polinux/stress").unwrap().full(),
            "docker.io/polinux/stress:latest"
        );
        assert_eq!(
            Ref::parse("registry.k8s.io/pause:3.8").unwrap().full(),
            "registry.k8s.io/pause:3.8"
        );
        assert_eq!(Ref::parse("nginx:1.27").unwrap().familiar(), "nginx");
        assert!(Ref::parse("Bad Name").is_none());
        assert_eq!(digest("x").len(), 71);
    }
}
