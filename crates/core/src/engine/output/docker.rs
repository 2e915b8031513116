//! The docker CLI's side: `docker ps`, `run`, `stop` and `pull` as the CLI
//! prints them, over dockerd's REST API.

use super::super::docker::RunOpts;
use super::super::registry::{Puller, Ref};
use super::super::{h, Origin, Outcome, World};
use super::{ps_table, PsStyle};
use crate::lifecycle::oci::OciStatus;
use crate::msg;
use crate::trace::{Component, Iface};

/// docker's `ps`: Up while a task exists and the process runs; the image by
/// its familiar name (no `:latest`); ports with their IPv6 binding, only while
/// running.
const PS: PsStyle = PsStyle {
    newest_first: true,
    running: |c| c.task.is_some() && c.oci == Some(OciStatus::Running),
    image: |c| {
        Ref::parse(&c.image)
            .map(|r| {
                if r.tag == "latest" {
                    r.familiar()
                } else {
                    format!("{}:{}", r.familiar(), r.tag)
                }
            })
            .unwrap_or_default()
    },
    ports: |c, running| {
        if running {
            c.ports
                .iter()
                .map(|(h, p)| format!("0.0.0.0:{h}->{p}/tcp, [::]:{h}->{p}/tcp"))
                .collect::<Vec<_>>()
                .join(", ")
        } else {
            String::new()
        }
    },
    command_kept: 19,
    padding: 3,
};

impl World {
    pub(crate) fn docker_ps(&mut self, all: bool, quiet: bool) -> Outcome {
        self.emit(h(
            Component::Docker,
            Component::Dockerd,
            Iface::DockerApi,
            format!(
                "GET /v1.47/containers/json{}",
                if all { "?all=1" } else { "" }
            ),
        ));
        let list = self.ctrs.values().filter(|c| c.origin == Origin::Docker);
        ps_table(self.now_ms, list, &PS, all, quiet)
    }

    pub(crate) fn docker_find(&self, name_or_id: &str) -> Option<String> {
        self.ctrs
            .values()
            .find(|c| {
                c.origin == Origin::Docker && (c.name == name_or_id || c.id.starts_with(name_or_id))
            })
            .map(|c| c.id.clone())
    }

    pub(crate) fn docker_run_cmd(&mut self, opts: &RunOpts, detach: bool) -> Outcome {
        if !self.cfg.runtime.has_docker() {
            return Outcome::err(127, "bash: docker: command not found").remark(msg!(
                "dockerd-no-docker",
                runtime = self.cfg.runtime.label_msg()
            ));
        }
        let mut out = Outcome::default();
        match self.docker_run(opts, detach, &mut out) {
            Ok(id) => {
                if detach {
                    out.stdout = format!("{id}\n");
                } else {
                    for _ in 0..60 {
                        if self.wait_exit(&id, 1000) {
                            break;
                        }
                        self.now_ms += 1000;
                    }
                    if let Some(c) = self.ctrs.get(&id) {
                        for (_, _, l) in &c.logs {
                            out.stdout.push_str(l);
                            out.stdout.push('\n');
                        }
                        out.exit = c.exit_code;
                    }
                }
                out
            }
            Err(e) => {
                out.stderr.push_str(&e);
                out.stderr
                    .push_str("\nRun 'docker run --help' for more information\n");
                out.exit = 125;
                out
            }
        }
    }

    pub(crate) fn docker_stop_cmd(&mut self, names: &[String], timeout: u64) -> Outcome {
        let mut out = Outcome::default();
        for n in names {
            match self.docker_find(n) {
                Some(id) => {
                    self.dockerd_stop(Component::Docker, &id, timeout);
                    out.stdout.push_str(n);
                    out.stdout.push('\n');
                }
                None => {
                    self.emit(h(
                        Component::Docker,
                        Component::Dockerd,
                        Iface::DockerApi,
                        format!("POST /v1.47/containers/{n}/stop"),
                    ));
                    out.stderr.push_str(&format!(
                        "Error response from daemon: No such container: {n}\n"
                    ));
                    out.exit = 1;
                }
            }
        }
        out
    }

    /// `docker pull IMAGE`.
    pub(crate) fn docker_pull(&mut self, image: &str) -> Outcome {
        let Some(r) = Ref::parse(image) else {
            return Outcome::err(
                1,
                format!("invalid reference format: repository name ({image}) must be lowercase"),
            );
        };
        self.emit(h(
            Component::Docker,
            Component::Dockerd,
            Iface::DockerApi,
            format!(
                "POST /v1.47/images/create?fromImage={}&tag={}",
                r.full().rsplit_once(':').map(|x| x.0).unwrap_or(""),
                r.tag
            ),
        ));
        let fam = if r.tag == "latest" {
            r.familiar()
        } else {
            format!("{}:{}", r.familiar(), r.tag)
        };
        if let Some(img) = self.has_image("docker", &r).cloned() {
            return Outcome::ok(format!(
                "{}: Pulling from {}\nDigest: {}\nStatus: Image is up to date for {fam}\n{}\n",
                r.tag,
                r.repo,
                img.repo_digest,
                r.full()
            ));
        }
        match self.pull(Puller::Dockerd, "docker", image) {
            Ok(img) => Outcome::ok(format!(
                "{}{}: Pulling from {}\n{}Digest: {}\nStatus: Downloaded newer image for {fam}\n{}\n",
                if image.contains(':') { "" } else { "Using default tag: latest\n" },
                r.tag,
                r.repo,
                "a2318d6c47ec: Pull complete \n",
                img.repo_digest,
                r.full()
            )),
            Err(_) => Outcome::err(1, format!("Error response from daemon: pull access denied for {}, repository does not exist or may require 'docker login': denied: requested access to the resource is denied", r.familiar())),
        }
    }
}
