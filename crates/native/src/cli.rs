//! The command line: runc's, parsed by the core's runc grammar
//! (`atlas_core::command::runc`), plus `--trace FILE`.

use crate::error::{Error, Result};
use crate::log::Logger;
use crate::state::{Container, StateJson, Status};
use atlas_core::command::runc::{self, RuntimeBinary, RuntimeCli, RuntimeCommand};
use std::io::Write;
use std::path::{Path, PathBuf};

/// The default state root (runc's is `/run/runc`; ours is our own so that
/// the two never share containers).
pub const DEFAULT_ROOT: &str = "/run/atlas-runtime";

/// What every command needs.
#[derive(Debug, Clone)]
pub struct Ctx {
    /// `--root`.
    pub root: PathBuf,
    /// `--log`, `--log-format`.
    pub log: Logger,
    /// `--trace FILE`: append the hops of this command.
    pub trace: Option<PathBuf>,
    /// The command line, for the trace header.
    pub argv: Vec<String>,
}

/// Runs `atlas-runtime ARGS…` and returns the exit code.
pub fn main_with_args(args: &[String]) -> i32 {
    if args.get(1).map(String::as_str) == Some(crate::init::INIT_COMMAND) {
        return crate::init::main();
    }
    if args.get(1).map(String::as_str) == Some(crate::exec::INIT_EXEC_COMMAND) {
        return crate::exec::init_exec_main();
    }
    let argv0 = args.first().map(String::as_str).unwrap_or("atlas-runtime");
    let (trace, rest) = take_trace(args.get(1..).unwrap_or(&[]));
    let cli = match runc::parse(RuntimeBinary::Runc, argv0, &rest) {
        Ok(c) => c,
        Err(e) => {
            let _ = std::io::stdout().write_all(e.render_stdout().as_bytes());
            let _ =
                std::io::stderr().write_all(e.render_stderr(&crate::log::now_rfc3339()).as_bytes());
            return e.exit_code;
        }
    };
    let ctx = Ctx {
        root: PathBuf::from(cli.root.as_deref().unwrap_or(DEFAULT_ROOT)),
        log: Logger {
            path: cli.log.clone(),
            json: cli.log_format.as_deref() == Some("json"),
            debug: cli.debug,
        },
        trace,
        argv: args.to_vec(),
    };
    match run(&ctx, &cli) {
        Ok(code) => code,
        Err(e) => {
            let msg = match &cli.command {
                RuntimeCommand::Create(_) => format!("runc create failed: {e}"),
                RuntimeCommand::Run(_) => format!("runc run failed: {e}"),
                _ => e.to_string(),
            };
            ctx.log.fatal(&msg);
            1
        }
    }
}

/// Removes `--trace FILE` / `--trace=FILE` from the global flags (before the
/// subcommand), which runc's grammar does not know.
fn take_trace(args: &[String]) -> (Option<PathBuf>, Vec<String>) {
    let mut out = Vec::with_capacity(args.len());
    let mut trace = None;
    let mut i = 0;
    let mut in_globals = true;
    while i < args.len() {
        let a = &args[i];
        if in_globals {
            if a == "--trace" || a == "-trace" {
                trace = args.get(i + 1).map(PathBuf::from);
                i += 2;
                continue;
            }
            if let Some(v) = a
                .strip_prefix("--trace=")
                .or_else(|| a.strip_prefix("-trace="))
            {
                trace = Some(PathBuf::from(v));
                i += 1;
                continue;
            }
            if !a.starts_with('-') {
                in_globals = false;
            } else if matches!(
                a.as_str(),
                "--root"
                    | "-root"
                    | "--log"
                    | "-log"
                    | "--log-format"
                    | "-log-format"
                    | "--criu"
                    | "--rootless"
            ) {
                out.push(a.clone());
                if let Some(v) = args.get(i + 1) {
                    out.push(v.clone());
                }
                i += 2;
                continue;
            }
        }
        out.push(a.clone());
        i += 1;
    }
    (trace, out)
}

fn run(ctx: &Ctx, cli: &RuntimeCli) -> Result<i32> {
    match &cli.command {
        RuntimeCommand::Spec { bundle, rootless } => spec(bundle.as_deref(), *rootless),
        RuntimeCommand::Create(o) => crate::lifecycle::create(ctx, o, None).map(|_| 0),
        RuntimeCommand::Run(o) => crate::lifecycle::run(ctx, o),
        RuntimeCommand::Start { id } => crate::lifecycle::start(ctx, id).map(|_| 0),
        RuntimeCommand::State { id } => state(ctx, id),
        RuntimeCommand::List { format, quiet } => list(ctx, format.as_deref(), *quiet),
        RuntimeCommand::Kill { id, all, .. } => {
            let signal = match cli.kill_signal() {
                Some(Ok(n)) => n,
                Some(Err(_)) | None => {
                    // runc checks the container before the signal.
                    let c = Container::open(&ctx.root, id)?;
                    drop(c);
                    let raw = match &cli.command {
                        RuntimeCommand::Kill { signal, .. } => signal.clone().unwrap_or_default(),
                        _ => String::new(),
                    };
                    return Err(Error::UnknownSignal(raw));
                }
            };
            crate::lifecycle::kill(ctx, id, signal, *all).map(|_| 0)
        }
        RuntimeCommand::Delete { id, force } => {
            crate::lifecycle::delete(ctx, id, *force).map(|_| 0)
        }
        RuntimeCommand::Exec(o) => crate::exec::exec(ctx, o),
        RuntimeCommand::Ps { id, format, .. } => crate::lifecycle::ps(ctx, id, format.as_deref()),
        RuntimeCommand::Pause { id } => crate::lifecycle::pause(ctx, id, true).map(|_| 0),
        RuntimeCommand::Resume { id } => crate::lifecycle::pause(ctx, id, false).map(|_| 0),
        RuntimeCommand::Features => {
            println!("{}", features());
            Ok(0)
        }
        RuntimeCommand::Version => {
            println!(
                "atlas-runtime version {}\nspec: 1.0.2-dev",
                env!("CARGO_PKG_VERSION")
            );
            Ok(0)
        }
        RuntimeCommand::Help { .. } => {
            println!("atlas-runtime: runc's command line (create, start, run, state, list, kill, delete, exec, ps, pause, resume, spec, features); --trace FILE records the Trace");
            Ok(0)
        }
        RuntimeCommand::Events { .. } | RuntimeCommand::Update { .. } => Err(Error::Refused(
            "atlas-runtime does not implement events and update".into(),
        )),
    }
}

/// `spec`: writes what `runc spec` writes.
fn spec(bundle: Option<&str>, rootless: bool) -> Result<i32> {
    let dir = Path::new(bundle.unwrap_or("."));
    let path = dir.join("config.json");
    if path.exists() {
        return Err(Error::Refused(
            "File config.json exists. Remove it first".into(),
        ));
    }
    let text = if rootless {
        let uid = nix::unistd::geteuid().as_raw();
        let gid = nix::unistd::getegid().as_raw();
        rootless_text(atlas_core::oci::spec::RUNC_ROOTLESS_JSON, uid, gid)
    } else {
        atlas_core::oci::spec::RUNC_DEFAULT_JSON.to_string()
    };
    std::fs::write(&path, text).map_err(|e| Error::io(format!("write {}", path.display()), e))?;
    Ok(0)
}

/// The rootless config with the caller's ids as the host side of the maps
/// (runc writes `os.Geteuid()`/`os.Getegid()` there).
fn rootless_text(template: &str, uid: u32, gid: u32) -> String {
    let mut v: serde_json::Value = match serde_json::from_str(template) {
        Ok(v) => v,
        Err(_) => return template.to_string(),
    };
    for (key, id) in [("uidMappings", uid), ("gidMappings", gid)] {
        if let Some(list) = v
            .pointer_mut(&format!("/linux/{key}"))
            .and_then(|l| l.as_array_mut())
        {
            for m in list {
                m["hostID"] = id.into();
            }
        }
    }
    if uid == 0 && gid == 0 {
        return template.to_string();
    }
    serde_json::to_string_pretty(&v).unwrap_or_else(|_| template.to_string())
}

fn state(ctx: &Ctx, id: &str) -> Result<i32> {
    let c = Container::open(&ctx.root, id)?;
    let Some(s) = c.load()? else {
        return Err(Error::NotExist);
    };
    let status = c.status(&s);
    let out = StateJson {
        oci_version: "1.0.2-dev",
        id: &s.id,
        pid: if status == Status::Stopped {
            0
        } else {
            s.init_pid
        },
        status: status.as_str(),
        bundle: &s.bundle,
        rootfs: &s.rootfs,
        created: &s.created,
        owner: "",
    };
    let text = serde_json::to_string_pretty(&out).map_err(|e| Error::Config(e.to_string()))?;
    println!("{text}");
    Ok(0)
}

fn list(ctx: &Ctx, format: Option<&str>, quiet: bool) -> Result<i32> {
    let mut rows = Vec::new();
    if let Ok(entries) = std::fs::read_dir(&ctx.root) {
        let mut ids: Vec<String> = entries
            .filter_map(|e| e.ok())
            .filter(|e| e.path().is_dir())
            .filter_map(|e| e.file_name().into_string().ok())
            .collect();
        ids.sort();
        for id in ids {
            let Ok(c) = Container::open(&ctx.root, &id) else {
                continue;
            };
            let Ok(Some(s)) = c.load() else { continue };
            let status = c.status(&s);
            rows.push((s, status));
        }
    }
    if quiet {
        for (s, _) in &rows {
            println!("{}", s.id);
        }
        return Ok(0);
    }
    match format.unwrap_or("table") {
        "json" => {
            let list: Vec<serde_json::Value> = rows
                .iter()
                .map(|(s, st)| {
                    serde_json::json!({
                        "ociVersion": "1.0.2-dev",
                        "id": s.id,
                        "pid": if *st == Status::Stopped { 0 } else { s.init_pid },
                        "status": st.as_str(),
                        "bundle": s.bundle,
                        "rootfs": s.rootfs,
                        "created": s.created,
                        "owner": "root",
                    })
                })
                .collect();
            println!("{}", serde_json::Value::Array(list));
        }
        "table" => {
            let mut t = vec![[
                "ID".to_string(),
                "PID".into(),
                "STATUS".into(),
                "BUNDLE".into(),
                "CREATED".into(),
                "OWNER".into(),
            ]];
            for (s, st) in &rows {
                let pid = if *st == Status::Stopped {
                    0
                } else {
                    s.init_pid
                };
                t.push([
                    s.id.clone(),
                    pid.to_string(),
                    st.as_str().into(),
                    s.bundle.clone(),
                    s.created.clone(),
                    "root".into(),
                ]);
            }
            // Go's tabwriter (minwidth 12, padding 1), as runc prints it.
            let mut widths = [0usize; 6];
            for r in &t {
                for (w, c) in widths.iter_mut().zip(r.iter()) {
                    *w = (*w).max(c.len() + 1).max(12);
                }
            }
            let mut out = String::new();
            for r in &t {
                for (i, c) in r.iter().enumerate() {
                    if i + 1 == r.len() {
                        out.push_str(c);
                    } else {
                        out.push_str(&format!("{c:<w$}", w = widths[i]));
                    }
                }
                out.push('\n');
            }
            print!("{out}");
        }
        other => {
            return Err(Error::Refused(format!("invalid format option: {other}")));
        }
    }
    Ok(0)
}

/// `features`: what this runtime supports, in runc's `features` shape.
pub fn features() -> String {
    let caps: Vec<String> = caps::all().iter().map(|c| c.to_string()).collect();
    let mut caps = caps;
    caps.sort();
    let v = serde_json::json!({
        "ociVersionMin": "1.0.0",
        "ociVersionMax": "1.0.2-dev",
        "hooks": ["prestart", "createRuntime", "createContainer", "startContainer", "poststart", "poststop"],
        "mountOptions": ["async", "atime", "bind", "defaults", "dev", "diratime", "dirsync", "exec",
            "mand", "noatime", "nodev", "nodiratime", "noexec", "nomand", "norelatime", "nostrictatime",
            "nosuid", "nosymfollow", "private", "rbind", "relatime", "remount", "ro", "rprivate", "rshared",
            "rslave", "runbindable", "rw", "shared", "slave", "strictatime", "suid", "symfollow", "sync",
            "unbindable"],
        "linux": {
            "namespaces": ["cgroup", "ipc", "mount", "network", "pid", "user", "uts"],
            "capabilities": caps,
            "cgroup": {"v1": true, "v2": true, "systemd": false, "systemdUser": false},
            "seccomp": {"enabled": true, "actions": ["SCMP_ACT_ALLOW", "SCMP_ACT_ERRNO", "SCMP_ACT_KILL",
                "SCMP_ACT_KILL_PROCESS", "SCMP_ACT_KILL_THREAD", "SCMP_ACT_LOG", "SCMP_ACT_TRAP"],
                "operators": ["SCMP_CMP_EQ", "SCMP_CMP_GE", "SCMP_CMP_GT", "SCMP_CMP_LE", "SCMP_CMP_LT",
                "SCMP_CMP_MASKED_EQ", "SCMP_CMP_NE"], "archs": ["SCMP_ARCH_X86_64", "SCMP_ARCH_AARCH64"]},
            "apparmor": {"enabled": false},
            "selinux": {"enabled": false}
        },
        "annotations": {"io.github.runtime-atlas.trace": "--trace FILE records Trace JSON Lines"}
    });
    serde_json::to_string_pretty(&v).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trace_flag_is_taken_from_the_globals_only() {
        let a: Vec<String> = [
            "--root", "/r", "--trace", "/t.jsonl", "run", "--trace", "x", "id",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let (t, rest) = take_trace(&a);
        assert_eq!(t, Some(PathBuf::from("/t.jsonl")));
        assert_eq!(rest, ["--root", "/r", "run", "--trace", "x", "id"]);
    }

    #[test]
    fn rootless_spec_maps_the_caller() {
        let t = rootless_text(atlas_core::oci::spec::RUNC_ROOTLESS_JSON, 1000, 1001);
        let v: serde_json::Value = serde_json::from_str(&t).expect("json");
        assert_eq!(v["linux"]["uidMappings"][0]["hostID"], 1000);
        assert_eq!(v["linux"]["gidMappings"][0]["hostID"], 1001);
    }
}
