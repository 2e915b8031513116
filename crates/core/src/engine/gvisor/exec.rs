//! `runsc exec` as hops (reference §3.5): the shim's detached exec with its
//! pid files, then one urpc call; the Sentry starts the process as a task of
//! its own kernel, with no host process and no setns.

use super::super::oci_runtime::Invocation;
use super::super::{h, World};
use super::runsc::argv;
use crate::msg;
use crate::trace::{Component, Iface};

impl World {
    /// A shim's `runsc exec` (pkg/shim/v1/proc/exec.go: detached, with a
    /// pid file and an internal pid file), then its steps.
    pub(crate) fn runsc_exec(&mut self, inv: &Invocation, exec_id: &str, cmd: &[String]) {
        let pid_file = format!("{}/{exec_id}.pid", inv.bundle);
        let internal = format!("{}/{exec_id}-internal.pid", inv.bundle);
        // gVisor's runsccmd names its temp file runsc-process; go-runc (the
        // runc shim) runc-process, with no internal pid file.
        let tail: Vec<String> = if inv.caller == Component::ShimRunscV1 {
            [
                "exec",
                "--process",
                &format!("/tmp/runsc-process{exec_id}"),
                "--detach",
                "--pid-file",
                &pid_file,
                "--internal-pid-file",
                &internal,
                &inv.id,
            ]
            .map(String::from)
            .to_vec()
        } else {
            [
                "exec",
                "--process",
                &format!("/tmp/runc-process{exec_id}"),
                "--detach",
                "--pid-file",
                &pid_file,
                &inv.id,
            ]
            .map(String::from)
            .to_vec()
        };
        let tail: Vec<&str> = tail.iter().map(String::as_str).collect();
        self.emit(
            h(inv.caller, Component::Runsc, Iface::OciCli, "exec")
                .note(msg!("gvisor-exec"))
                .d("argv", argv(inv, &tail)),
        );
        self.runsc_exec_steps(cmd);
    }

    /// `runsc exec`'s steps (after the caller's exec): one urpc call; the
    /// Sentry starts the process as a task in the container.
    pub(crate) fn runsc_exec_steps(&mut self, cmd: &[String]) {
        self.emit(
            h(
                Component::Runsc,
                Component::RunscSandbox,
                Iface::Urpc,
                "containerManager.ExecuteAsync",
            )
            .note(msg!("gvisor-exec-rpc")),
        );
        self.emit(
            h(
                Component::RunscSandbox,
                Component::Container,
                Iface::Exec,
                "execve",
            )
            .note(msg!("gvisor-exec-task"))
            .d("argv", cmd.to_vec()),
        );
    }
}
