//! Beside a running Podman container (reference SANDBOXED-AND-PODMAN.md
//! §4.1): `podman exec` starts a second conmon (`-e`), which runs the
//! runtime's exec (libpod/oci_conmon_exec_common.go); `podman logs` reads
//! the k8s-file log conmon writes, with no runtime call.

use super::super::{h, Outcome, World};
use super::{Paths, PodmanStatus};
use crate::msg;
use crate::trace::{Component, Iface, Layer};

const P: Component = Component::Podman;

impl World {
    /// `podman exec`: a second conmon with `--exec`, which runs the runtime's
    /// exec (oci_conmon_exec_common.go).
    pub(crate) fn podman_exec(&mut self, id: &str, cmd: &[String]) -> Result<Outcome, String> {
        let Some(pc) = self.podman.ctrs.get(id).cloned() else {
            return Err(format!(
                "no container with name or ID \"{id}\" found: no such container"
            ));
        };
        if pc.state != PodmanStatus::Running {
            return Err(
                "can only create exec sessions on running containers: container state improper"
                    .to_string(),
            );
        }
        let paths = Paths::of(pc.user.as_deref());
        let (bin, pid, name) = match self.ctrs.get(id) {
            Some(c) => (c.oci_bin, c.pid, c.name.clone()),
            None => return Err("container vanished".into()),
        };
        let session = self.hex_id();
        let b = format!("{}/{session}", paths.userdata(id));
        let spec = format!("{b}/exec-process-{}", &session[..9]);
        let argv: Vec<String> = vec![
            "/usr/bin/conmon".into(),
            "--api-version".into(),
            "1".into(),
            "-c".into(),
            id.to_string(),
            "-u".into(),
            session.clone(),
            "-r".into(),
            format!("/usr/bin/{}", bin.id()),
            "-b".into(),
            b.clone(),
            "-p".into(),
            format!("{b}/exec_pid"),
            "-n".into(),
            name,
            "--exit-dir".into(),
            format!("{b}/exit"),
            "--persist-dir".into(),
            format!("{b}/persist/{id}"),
            "--full-attach".into(),
            "-s".into(),
            "-l".into(),
            "none".into(),
            "--log-level".into(),
            "warning".into(),
            "--syslog".into(),
            "--runtime-arg".into(),
            "--log-format=json".into(),
            "--runtime-arg".into(),
            "--log".into(),
            format!("--runtime-arg={b}/oci-log"),
            "-e".into(),
            "--exec-attach".into(),
            "--exec-process-spec".into(),
            spec.clone(),
        ];
        let conmon = self.pid();
        self.emit(
            h(P, Component::Conmon, Iface::Exec, "conmon")
                .note(msg!("podman-exec-conmon"))
                .d("argv", argv)
                .fx(format!("process/{conmon}"), Layer::Kernel, None, "running"),
        );
        self.emit(
            h(Component::Conmon, bin, Iface::OciCli, "exec")
                .note(msg!("podman-exec-runtime"))
                .d(
                    "argv",
                    vec![
                        format!("/usr/bin/{}", bin.id()),
                        "--log-format=json".into(),
                        "--log".into(),
                        format!("{b}/oci-log"),
                        "exec".into(),
                        "--pid-file".into(),
                        format!("{b}/exec_pid"),
                        "--process".into(),
                        spec,
                        "--detach".into(),
                        id.to_string(),
                    ],
                ),
        );
        let exec_pid = self.pid();
        self.exec_steps(bin, pid, exec_pid, cmd);
        let now = self.now_ms;
        let out = super::super::output::exec_output(cmd, World::short(id), now);
        self.emit(
            h(
                Component::Kernel,
                Component::Conmon,
                Iface::Syscall,
                "wait4",
            )
            .note(msg!("podman-exec-ends"))
            .d("pid", exec_pid)
            .fx(
                format!("process/{conmon}"),
                Layer::Kernel,
                Some("running"),
                "exited",
            ),
        );
        match out {
            Ok(o) => Ok(o),
            Err(message) => {
                let why = if bin == Component::Crun {
                    format!(
                        "crun: executable file `{}` not found in $PATH: No such file or directory",
                        cmd.first().map(String::as_str).unwrap_or("")
                    )
                } else {
                    format!("runc: exec failed: unable to start container process: {message}")
                };
                Ok(Outcome::err(
                    127,
                    format!("Error: {why}: OCI runtime attempted to invoke a command that was not found"),
                ))
            }
        }
    }

    /// `podman logs`: podman reads the k8s-file log conmon writes.
    pub(crate) fn podman_logs(&mut self, id: &str) -> Outcome {
        let Some(pc) = self.podman.ctrs.get(id).cloned() else {
            return Outcome::default();
        };
        let paths = Paths::of(pc.user.as_deref());
        self.emit(
            h(P, Component::Kernel, Iface::Syscall, "openat")
                .note(msg!("podman-logs"))
                .d("path", paths.log(id)),
        );
        let mut out = Outcome::default();
        if let Some(c) = self.ctrs.get(id) {
            for (_, stream, l) in &c.logs {
                let s = if *stream == "stderr" {
                    &mut out.stderr
                } else {
                    &mut out.stdout
                };
                s.push_str(l);
                s.push('\n');
            }
        }
        out
    }
}
