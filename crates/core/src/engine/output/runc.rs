//! What `runc` and `crun` print: `--version`, `state` and `list --format json` (runc's
//! state object), `list`'s table (runc's tabwriter, crun's printf), `ps`,
//! `--help`, and crun's exec refusal.

use super::super::format::tabwriter;
use super::super::oci_runtime::CliContainer;
use super::super::World;
use crate::command::runc::RuntimeBinary;
use crate::lifecycle::oci::OciStatus;
use crate::oci::OciRuntime;

/// `runc --version` of the runc the simulated node ships (containerd 1.7's static runc).
pub(crate) const RUNC_VERSION: &str =
    "runc version 1.1.12\ncommit: v1.1.12-0-g51d5e946\nspec: 1.0.2-dev\ngo: go1.20.13\nlibseccomp: 2.5.4\n";
/// `crun --version` (Debian 12's crun).
pub(crate) const CRUN_VERSION: &str = "crun version 1.8.1\ncommit: f8a096be060b22ccd3d5f3ebe44108517fbf6c30\nrundir: /run/crun\nspec: 1.0.0\n+SYSTEMD +SELINUX +APPARMOR +CAP +SECCOMP +EBPF +CRIU +YAJL\n";

/// runc's state object, in runc's key order (`libcontainer` `containerState`).
#[derive(serde::Serialize)]
pub(crate) struct StateJson {
    #[serde(rename = "ociVersion")]
    oci_version: &'static str,
    id: String,
    pid: u32,
    status: &'static str,
    bundle: String,
    rootfs: String,
    created: String,
    owner: &'static str,
}

/// The state object of a standalone container.
pub(crate) fn state_json(c: &CliContainer) -> StateJson {
    let running = matches!(
        c.status,
        OciStatus::Created | OciStatus::Running | OciStatus::Paused
    );
    StateJson {
        oci_version: "1.0.2-dev",
        id: c.id.clone(),
        pid: if running { c.pid } else { 0 },
        status: c.status.as_str(),
        bundle: c.bundle.clone(),
        rootfs: format!("{}/rootfs", c.bundle),
        created: World::rfc3339(c.created_ms, true),
        owner: "",
    }
}

/// `list`'s table: runc's tabwriter columns or crun's fixed-width ones.
pub(crate) fn list_table(rt: OciRuntime, list: &[CliContainer]) -> String {
    match rt {
        OciRuntime::Runc => {
            let mut rows = vec![["ID", "PID", "STATUS", "BUNDLE", "CREATED", "OWNER"]
                .map(String::from)
                .to_vec()];
            for c in list {
                let live = c.status != OciStatus::Stopped;
                rows.push(vec![
                    c.id.clone(),
                    if live { c.pid.to_string() } else { "0".into() },
                    c.status.as_str().to_string(),
                    c.bundle.clone(),
                    World::rfc3339(c.created_ms, true),
                    "root".to_string(),
                ]);
            }
            tabwriter(&rows, 12, 3)
        }
        OciRuntime::Crun => {
            let w = list.iter().map(|c| c.id.len()).max().unwrap_or(0).max(4);
            let mut s = format!(
                "{:<w$} {:<10}{:<8} {:<39} {:<30} {}\n",
                "NAME", "PID", "STATUS", "BUNDLE PATH", "CREATED", "OWNER"
            );
            for c in list {
                let live = c.status != OciStatus::Stopped;
                s.push_str(&format!(
                    "{:<w$} {:<10}{:<8} {:<39} {:<30} {}\n",
                    c.id,
                    if live { c.pid } else { 0 },
                    c.status.as_str(),
                    c.bundle,
                    World::rfc3339(c.created_ms, true),
                    "root"
                ));
            }
            s
        }
    }
}

/// `ps`: the container's process as `ps -ef` shows it.
pub(crate) fn ps_text(c: &CliContainer, binary: &str) -> String {
    if c.status == OciStatus::Stopped {
        return "UID          PID    PPID  C STIME TTY          TIME CMD\n".to_string();
    }
    let cmd = if c.status == OciStatus::Created {
        format!("{binary} init")
    } else {
        c.args.join(" ")
    };
    format!(
        "UID          PID    PPID  C STIME TTY          TIME CMD\nroot        {:>4}       1  0 {} pts/0    00:00:00 {cmd}\n",
        c.pid,
        &World::rfc3339(c.created_ms, false)[11..16],
    )
}

pub(crate) fn help(bin: RuntimeBinary) -> String {
    let name = bin.name();
    format!(
        "NAME:\n   {name} - Open Container Initiative runtime\n\nUSAGE:\n   {name} [global options] command [command options] [arguments...]\n\nCOMMANDS:\n   create   create a container\n   delete   delete any resources held by the container often used with detached container\n   exec     execute new process inside the container\n   kill     kill sends the specified signal (default: SIGTERM) to the container's init process\n   list     lists containers started by {name} with the given root\n   pause    pause suspends all processes inside the container\n   ps       ps displays the processes running inside a container\n   resume   resumes all processes that have been previously paused\n   run      create and run a container\n   spec     create a new specification file\n   start    executes the user defined process in a created container\n   state    output the state of a container\n"
    )
}

pub(crate) fn crun_exec_message(args: &[String]) -> String {
    let first = args.first().map(String::as_str).unwrap_or("");
    format!("executable file `{first}` not found in $PATH: No such file or directory")
}
