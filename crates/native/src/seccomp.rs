//! `linux.seccomp`: the OCI profile compiled to classic BPF with
//! seccompiler (pure Rust; no libseccomp needed) and loaded with
//! `prctl(PR_SET_SECCOMP)`.
//!
//! seccompiler's filters have one action for a match and one for a
//! mismatch, while an OCI profile gives each rule its own action. The
//! profile becomes several filters, which the kernel runs all, keeping the
//! most severe answer: one filter returns the default action for every
//! system call that no rule names (and allows the named ones), and one
//! filter per other action returns it for the calls of its rules (and
//! allows the rest). System call names this architecture does not have are
//! skipped, as runc skips them.

use crate::error::{Error, Result};
use oci_spec::runtime::{LinuxSeccomp, LinuxSeccompAction, LinuxSeccompOperator};
use seccompiler::TargetArch;
use serde_json::{json, Value};
use std::collections::BTreeMap;

#[cfg(target_arch = "x86_64")]
const ARCH: TargetArch = TargetArch::x86_64;
#[cfg(target_arch = "aarch64")]
const ARCH: TargetArch = TargetArch::aarch64;

fn action(a: LinuxSeccompAction, errno: Option<u32>) -> Result<Value> {
    Ok(match a {
        LinuxSeccompAction::ScmpActAllow => json!("allow"),
        LinuxSeccompAction::ScmpActKill | LinuxSeccompAction::ScmpActKillThread => {
            json!("kill_thread")
        }
        LinuxSeccompAction::ScmpActKillProcess => json!("kill_process"),
        LinuxSeccompAction::ScmpActTrap => json!("trap"),
        LinuxSeccompAction::ScmpActErrno => json!({"errno": errno.unwrap_or(1)}),
        LinuxSeccompAction::ScmpActTrace => json!({"trace": errno.unwrap_or(1)}),
        LinuxSeccompAction::ScmpActLog => json!("log"),
        other => {
            return Err(Error::Refused(format!(
                "seccomp action {other:?} is not supported by atlas-runtime"
            )))
        }
    })
}

fn op(o: LinuxSeccompOperator, value: u64, value_two: Option<u64>) -> (Value, u64) {
    match o {
        LinuxSeccompOperator::ScmpCmpNe => (json!("ne"), value),
        LinuxSeccompOperator::ScmpCmpLt => (json!("lt"), value),
        LinuxSeccompOperator::ScmpCmpLe => (json!("le"), value),
        LinuxSeccompOperator::ScmpCmpEq => (json!("eq"), value),
        LinuxSeccompOperator::ScmpCmpGe => (json!("ge"), value),
        LinuxSeccompOperator::ScmpCmpGt => (json!("gt"), value),
        // libseccomp: `value` is the mask, `valueTwo` the datum.
        LinuxSeccompOperator::ScmpCmpMaskedEq => {
            (json!({"masked_eq": value}), value_two.unwrap_or(0))
        }
    }
}

fn known(name: &str) -> bool {
    let probe = json!({"p": {"mismatch_action": "allow", "match_action": "log",
        "filter": [{"syscall": name}]}});
    seccompiler::compile_from_json(probe.to_string().as_bytes(), ARCH).is_ok()
}

fn compile(filter: &Value) -> Result<Vec<seccompiler::sock_filter>> {
    let map = seccompiler::compile_from_json(filter.to_string().as_bytes(), ARCH)
        .map_err(|e| Error::Refused(format!("seccomp profile: {e}")))?;
    map.into_values()
        .next()
        .ok_or_else(|| Error::Refused("seccomp profile: empty".into()))
}

/// The BPF programs for a profile, in the order they are loaded.
pub fn programs(s: &LinuxSeccomp) -> Result<Vec<Vec<seccompiler::sock_filter>>> {
    let default = action(s.default_action(), s.default_errno_ret())?;
    // Rules grouped by their action (as JSON, which orders them).
    let mut by_action: BTreeMap<String, (Value, Vec<Value>)> = BTreeMap::new();
    let mut named = Vec::new();
    for sc in s.syscalls().as_deref().unwrap_or(&[]) {
        let act = action(sc.action(), sc.errno_ret())?;
        let mut args = Vec::new();
        for a in sc.args().as_deref().unwrap_or(&[]) {
            let (o, val) = op(a.op(), a.value(), a.value_two());
            args.push(json!({"index": a.index(), "type": "qword", "op": o, "val": val}));
        }
        for name in sc.names() {
            if !known(name) {
                continue;
            }
            let mut rule = json!({"syscall": name});
            if !args.is_empty() {
                rule["args"] = Value::Array(args.clone());
            }
            if act != default {
                named.push(rule.clone());
            }
            if act != json!("allow") && act != default {
                by_action
                    .entry(act.to_string())
                    .or_insert_with(|| (act.clone(), Vec::new()))
                    .1
                    .push(rule);
            }
        }
    }
    let mut out = Vec::new();
    if default != json!("allow") {
        out.push(compile(&json!({"default": {
            "mismatch_action": default, "match_action": "allow", "filter": named}}))?);
    }
    for (_, (act, rules)) in by_action {
        out.push(compile(&json!({"rules": {
            "mismatch_action": "allow", "match_action": act, "filter": rules}}))?);
    }
    Ok(out)
}

/// Compiles and loads the profile into this process.
pub fn load(s: &LinuxSeccomp) -> Result<()> {
    for prog in programs(s)? {
        let fprog = libc::sock_fprog {
            len: u16::try_from(prog.len())
                .map_err(|_| Error::Refused("seccomp profile: too many instructions".into()))?,
            // seccompiler's sock_filter is the kernel's struct (#[repr(C)]).
            filter: prog.as_ptr() as *mut libc::sock_filter,
        };
        // SAFETY: fprog points at `prog`, alive for the call; the kernel copies it.
        let rc = unsafe {
            libc::prctl(
                libc::PR_SET_SECCOMP,
                libc::SECCOMP_MODE_FILTER,
                &fprog as *const libc::sock_fprog,
            )
        };
        if rc < 0 {
            return Err(Error::sys("load the seccomp filter", nix::Error::last()));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_profile_becomes_one_filter_per_action() {
        let s: LinuxSeccomp = serde_json::from_value(json!({
            "defaultAction": "SCMP_ACT_ERRNO",
            "architectures": ["SCMP_ARCH_X86_64"],
            "syscalls": [
                {"names": ["read", "write", "exit_group", "no_such_call"], "action": "SCMP_ACT_ALLOW"},
                {"names": ["mkdir"], "action": "SCMP_ACT_ERRNO", "errnoRet": 38},
                {"names": ["personality"], "action": "SCMP_ACT_ALLOW",
                 "args": [{"index": 0, "value": 0, "op": "SCMP_CMP_EQ"}]}
            ]
        }))
        .expect("profile");
        let p = programs(&s).expect("programs");
        // The default filter and one for ERRNO(38).
        assert_eq!(p.len(), 2);
        assert!(p.iter().all(|f| !f.is_empty()));
        assert!(known("read"));
        assert!(!known("no_such_call"));
    }
}
