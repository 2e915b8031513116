//! What the docker CLI prints of dockerd's objects (docker/cli
//! `cli/command/{image,system,network,container}`): `docker images`,
//! `docker info` (the server section's fields a person greps: `Server
//! Version`, `Cgroup Driver`, `Default Runtime`), `docker inspect` (a JSON
//! array, four-space indent, or `--format` over it) and `docker network ls`
//! (the three networks dockerd creates).

use super::super::format::{human_size, tabwriter, trunc};
use super::super::registry::{digest, Ref};
use super::super::{h, Origin, Outcome, World};
use super::go_template;
use crate::config::Oci;
use crate::lifecycle::oci::OciStatus;
use crate::trace::{Component, Iface};
use serde_json::{json, Value};

/// JSON as Go's `json.MarshalIndent(v, "", "    ")` lays it out.
fn indent4(v: &Value) -> String {
    let mut buf = Vec::new();
    let fmt = serde_json::ser::PrettyFormatter::with_indent(b"    ");
    let mut ser = serde_json::Serializer::with_formatter(&mut buf, fmt);
    if serde::Serialize::serialize(v, &mut ser).is_err() {
        return String::new();
    }
    String::from_utf8(buf).unwrap_or_default()
}

/// docker's `--format` over a document; its error framing.
fn docker_format(doc: &Value, format: &str) -> Outcome {
    match go_template::execute(format, doc) {
        Ok(s) => Outcome::ok(format!("{s}\n")),
        Err(e) => Outcome::err(
            1,
            format!(
                "template parsing error: {}",
                e.to_string()
                    .split_once(": ")
                    .map_or(String::new(), |(_, m)| m.to_string())
            ),
        ),
    }
}

impl World {
    /// `docker images` (`GET /images/json`).
    pub(crate) fn docker_images(&mut self, quiet: bool, no_trunc: bool) -> Outcome {
        self.emit(h(
            Component::Docker,
            Component::Dockerd,
            Iface::DockerApi,
            "GET /v1.47/images/json",
        ));
        let mut rows = vec![["REPOSITORY", "TAG", "IMAGE ID", "CREATED", "SIZE"]
            .map(String::from)
            .to_vec()];
        let mut ids = Vec::new();
        for ((s, name), img) in &self.images {
            if *s != "docker" {
                continue;
            }
            let (repo, tag) = match Ref::parse(name) {
                Some(r) => (r.familiar(), r.tag.clone()),
                None => (name.clone(), "latest".to_string()),
            };
            let id = if no_trunc {
                img.id.clone()
            } else {
                trunc(&img.id, 12)
            };
            if !ids.contains(&id) {
                ids.push(id.clone());
            }
            // The model keeps no build date of an image: docker's N/A.
            rows.push(vec![repo, tag, id, "N/A".into(), human_size(img.size)]);
        }
        if quiet {
            return Outcome::ok(ids.iter().map(|i| format!("{i}\n")).collect::<String>());
        }
        Outcome::ok(tabwriter(&rows, 10, 3))
    }

    /// `docker network ls`: dockerd's default networks.
    pub(crate) fn docker_network_ls(&mut self, quiet: bool, no_trunc: bool) -> Outcome {
        self.emit(h(
            Component::Docker,
            Component::Dockerd,
            Iface::DockerApi,
            "GET /v1.47/networks",
        ));
        let mut rows = vec![["NETWORK ID", "NAME", "DRIVER", "SCOPE"]
            .map(String::from)
            .to_vec()];
        let mut q = String::new();
        for (name, driver) in [("bridge", "bridge"), ("host", "host"), ("none", "null")] {
            let full = digest(&format!("network/{name}"));
            let id = if no_trunc {
                trunc(&full, 64)
            } else {
                trunc(&full, 12)
            };
            q.push_str(&format!("{id}\n"));
            rows.push(vec![id, name.into(), driver.into(), "local".into()]);
        }
        if quiet {
            return Outcome::ok(q);
        }
        Outcome::ok(tabwriter(&rows, 10, 3))
    }

    /// dockerd's `GET /info` as the fields the CLI prints.
    fn docker_info_doc(&self) -> Value {
        let mine: Vec<_> = self
            .ctrs
            .values()
            .filter(|c| c.origin == Origin::Docker)
            .collect();
        let running = mine
            .iter()
            .filter(|c| c.oci == Some(OciStatus::Running))
            .count();
        let paused = mine
            .iter()
            .filter(|c| c.oci == Some(OciStatus::Paused))
            .count();
        let images = self.images.keys().filter(|(s, _)| *s == "docker").count();
        let mut runtimes = vec!["io.containerd.runc.v2", "runc"];
        if self.cfg.oci == Oci::Gvisor {
            runtimes.push("runsc");
        }
        json!({
            "Containers": mine.len(),
            "ContainersRunning": running,
            "ContainersPaused": paused,
            "ContainersStopped": mine.len() - running - paused,
            "Images": images,
            "ServerVersion": self.cfg.runtime_version(),
            "Driver": "overlay2",
            "LoggingDriver": "json-file",
            "CgroupDriver": "systemd",
            "CgroupVersion": "2",
            "Runtimes": runtimes,
            "DefaultRuntime": "runc",
            "InitBinary": "docker-init",
            "OSType": "linux",
            "Architecture": "x86_64",
            "Name": super::super::NODE,
            "DockerRootDir": "/var/lib/docker",
            "Debug": false,
            "ExperimentalBuild": false,
            "LiveRestoreEnabled": false,
        })
    }

    /// `docker info`: the client section, then the server's fields the
    /// model knows, in docker/cli's order (`system/info.go`); the host's
    /// kernel, memory and daemon ID lines are not modelled and left out.
    pub(crate) fn docker_info(&mut self, format: Option<&str>) -> Outcome {
        self.emit(
            h(
                Component::Docker,
                Component::Dockerd,
                Iface::DockerApi,
                "GET /v1.47/info",
            )
            .note(crate::msg!("docker-info")),
        );
        let d = self.docker_info_doc();
        if let Some(f) = format {
            return docker_format(&d, f);
        }
        let v = self.cfg.runtime_version();
        let n = |k: &str| d[k].to_string();
        let runtimes = d["Runtimes"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(Value::as_str)
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .unwrap_or_default();
        Outcome::ok(format!(
            "Client: Docker Engine - Community
 Version:    {v}
 Context:    default
 Debug Mode: false

Server:
 Containers: {}
  Running: {}
  Paused: {}
  Stopped: {}
 Images: {}
 Server Version: {v}
 Storage Driver: overlay2
  Backing Filesystem: extfs
  Supports d_type: true
  Using metacopy: false
  Native Overlay Diff: true
  userxattr: false
 Logging Driver: json-file
 Cgroup Driver: systemd
 Cgroup Version: 2
 Plugins:
  Volume: local
  Network: bridge host ipvlan macvlan null overlay
  Log: awslogs fluentd gcplogs gelf journald json-file local splunk syslog
 Swarm: inactive
 Runtimes: {runtimes}
 Default Runtime: runc
 Init Binary: docker-init
 Security Options:
  apparmor
  seccomp
   Profile: builtin
  cgroupns
 OSType: linux
 Architecture: x86_64
 Name: {}
 Docker Root Dir: /var/lib/docker
 Debug Mode: false
 Experimental: false
 Insecure Registries:
  ::1/128
  127.0.0.0/8
 Live Restore Enabled: false

",
            n("Containers"),
            n("ContainersRunning"),
            n("ContainersPaused"),
            n("ContainersStopped"),
            n("Images"),
            super::super::NODE,
        ))
    }

    /// `docker inspect NAME…` (containers, then images by name or id).
    pub(crate) fn docker_inspect(&mut self, names: &[String], format: Option<&str>) -> Outcome {
        let mut docs = Vec::new();
        for n in names {
            if let Some(id) = self.docker_find(n) {
                self.emit(
                    h(
                        Component::Docker,
                        Component::Dockerd,
                        Iface::DockerApi,
                        format!("GET /v1.47/containers/{n}/json"),
                    )
                    .note(crate::msg!("docker-inspect")),
                );
                if let Some(c) = self.ctrs.get(&id) {
                    let running = c.oci == Some(OciStatus::Running);
                    let status = match c.oci {
                        Some(OciStatus::Running) => "running",
                        Some(OciStatus::Paused) => "paused",
                        Some(OciStatus::Created) => "created",
                        _ => "exited",
                    };
                    let t = World::go_time;
                    docs.push(json!({
                        "Id": c.id,
                        "Created": World::rfc3339(c.created_ms, true),
                        "Path": c.args.first().cloned().unwrap_or_default(),
                        "Args": c.args.iter().skip(1).cloned().collect::<Vec<_>>(),
                        "State": {
                            "Status": status, "Running": running, "Paused": c.oci == Some(OciStatus::Paused),
                            "Restarting": false, "OOMKilled": c.oom, "Dead": false,
                            "Pid": if running { c.pid } else { 0 }, "ExitCode": c.exit_code, "Error": "",
                            "StartedAt": t(c.started_ms), "FinishedAt": t(c.finished_ms),
                        },
                        "Image": c.image_ref,
                        "Name": format!("/{}", c.name),
                        "RestartCount": 0,
                        "Driver": "overlay2",
                        "Platform": "linux",
                        "HostConfig": {"NetworkMode": "bridge", "Runtime": "runc", "CgroupnsMode": "private", "AutoRemove": c.auto_remove, "Init": c.init, "Memory": c.memory_limit.unwrap_or(0)},
                        "Config": {"Hostname": trunc(&c.id, 12), "Image": c.image, "Cmd": c.args, "Labels": super::crictl_list::labels_json(&c.labels)},
                        "NetworkSettings": {"Ports": c.ports.iter().map(|(hp, cp)| (format!("{cp}/tcp"), json!([{"HostIp": "0.0.0.0", "HostPort": hp.to_string()}]))).collect::<serde_json::Map<String, Value>>()},
                    }));
                }
                continue;
            }
            let image = self
                .images
                .iter()
                .find(|((s, name), i)| {
                    *s == "docker"
                        && (Ref::parse(n).is_some_and(|r| &r.full() == name)
                            || (n.len() >= 4
                                && trunc(&i.id, 64).starts_with(n.trim_start_matches("sha256:"))))
                })
                .map(|((_, name), i)| (name.clone(), i.clone()));
            self.emit(
                h(
                    Component::Docker,
                    Component::Dockerd,
                    Iface::DockerApi,
                    format!("GET /v1.47/images/{n}/json"),
                )
                .note(crate::msg!("docker-inspect")),
            );
            match image {
                Some((name, i)) => {
                    let familiar = Ref::parse(&name)
                        .map_or(name.clone(), |r| format!("{}:{}", r.familiar(), r.tag));
                    let repo = familiar
                        .rsplit_once(':')
                        .map_or(familiar.as_str(), |(r, _)| r)
                        .to_string();
                    docs.push(json!({
                        "Id": i.id,
                        "RepoTags": [familiar],
                        "RepoDigests": [format!("{repo}@{}", i.repo_digest)],
                        "Size": i.size,
                        "Architecture": "amd64",
                        "Os": "linux",
                        "RootFS": {"Type": "layers"},
                    }));
                }
                None => {
                    let mut out = Outcome::err(1, format!("Error: No such object: {n}"));
                    if !docs.is_empty() {
                        out.stdout = format!("{}\n", indent4(&Value::Array(docs)));
                    }
                    return out;
                }
            }
        }
        match format {
            Some(f) => {
                let mut out = Outcome::default();
                for d in &docs {
                    let o = docker_format(d, f);
                    out.stdout.push_str(&o.stdout);
                    if o.exit != 0 {
                        out.stderr = o.stderr;
                        out.exit = o.exit;
                        return out;
                    }
                }
                out
            }
            None => Outcome::ok(format!("{}\n", indent4(&Value::Array(docs)))),
        }
    }
}
