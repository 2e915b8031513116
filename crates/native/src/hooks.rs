//! OCI hooks: the program runs with the container's state on stdin
//! (runtime-spec `config.md#posix-platform-hooks`), killed at its timeout.

use crate::error::{Error, Result};
use atlas_core::oci::HookKind;
use oci_spec::runtime::{Hook, Spec};
use serde::Serialize;
use std::collections::HashMap;
use std::io::Write;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The state object a hook reads on stdin: runc's `specs.State`, in its key
/// order (`pid` and `annotations` left out when empty, as Go's `omitempty`).
#[derive(Serialize)]
struct HookState<'a> {
    #[serde(rename = "ociVersion")]
    oci_version: &'a str,
    id: &'a str,
    status: &'a str,
    #[serde(skip_serializing_if = "is_zero")]
    pid: i32,
    bundle: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    annotations: Option<std::collections::BTreeMap<&'a str, &'a str>>,
}

fn is_zero(n: &i32) -> bool {
    *n == 0
}

/// The spec's `annotations`, `None` when there are none (the hook state
/// writes them sorted by key, as Go's encoding/json writes a map).
pub fn annotations(spec: &Spec) -> Option<&HashMap<String, String>> {
    spec.annotations().as_ref().filter(|a| !a.is_empty())
}

/// The state object a hook reads on stdin.
pub fn state_json(
    id: &str,
    status: &str,
    pid: i32,
    bundle: &str,
    annotations: Option<&HashMap<String, String>>,
) -> String {
    let state = HookState {
        oci_version: "1.0.2-dev",
        id,
        status,
        pid,
        bundle,
        annotations: annotations.map(|a| a.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect()),
    };
    serde_json::to_string(&state).unwrap_or_default()
}

/// Runs hook number `index` of `kind`; fails as runc words it.
pub fn run(kind: HookKind, index: u32, hook: &Hook, state: &str) -> Result<()> {
    let path = hook.path();
    let args = hook.args().clone().unwrap_or_default();
    let mut cmd = Command::new(path);
    if let Some(a0) = args.first() {
        use std::os::unix::process::CommandExt;
        cmd.arg0(a0);
    }
    cmd.args(args.iter().skip(1));
    cmd.env_clear();
    for e in hook.env().as_deref().unwrap_or(&[]) {
        if let Some((k, v)) = e.split_once('=') {
            cmd.env(k, v);
        }
    }
    cmd.stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let fail =
        |what: String| Error::Refused(format!("error running {} hook #{index}: {what}", kind.id()));
    let mut child = cmd
        .spawn()
        .map_err(|e| fail(format!("fork/exec {}: {e}", path.display())))?;
    if let Some(mut stdin) = child.stdin.take() {
        // A hook that does not read its stdin is not an error.
        let _ = stdin.write_all(state.as_bytes());
    }
    let deadline = hook
        .timeout()
        .filter(|t| *t > 0)
        .map(|t| Instant::now() + Duration::from_secs(t.unsigned_abs()));
    loop {
        match child.try_wait() {
            Ok(Some(_)) => break,
            Ok(None) => {}
            Err(e) => return Err(fail(e.to_string())),
        }
        if deadline.is_some_and(|d| Instant::now() >= d) {
            let _ = child.kill();
            let _ = child.wait();
            return Err(fail("timeout".into()));
        }
        std::thread::sleep(Duration::from_millis(1));
    }
    let out = child.wait_with_output().map_err(|e| fail(e.to_string()))?;
    if !out.status.success() {
        return Err(fail(format!(
            "{}, stdout: {}, stderr: {}",
            exit_text(out.status),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )));
    }
    Ok(())
}

fn exit_text(s: std::process::ExitStatus) -> String {
    use std::os::unix::process::ExitStatusExt;
    match (s.code(), s.signal()) {
        (Some(c), _) => format!("exit status {c}"),
        (None, Some(sig)) => format!("signal: {sig}"),
        _ => "failed".into(),
    }
}
