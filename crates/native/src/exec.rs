//! The last steps before the program runs (capabilities, `execve`), and
//! `atlas-runtime exec`, which starts another process in a running container.

use crate::cli::Ctx;
use crate::error::{Error, Result, SysContext};
use crate::state::{Container, Status};
use atlas_core::command::runtime::ExecOptions;
use atlas_core::oci::sys::capability_number;
use oci_spec::runtime::{Capability, LinuxCapabilities, LinuxSeccomp};
use std::collections::HashSet;
use std::ffi::CString;

/// Finds `args[0]` as Go's `exec.LookPath` does with the container's `PATH`.
pub fn look_path(args: &[String], env: &[String]) -> Result<String> {
    let first = args
        .first()
        .ok_or_else(|| Error::Config("args must not be empty".into()))?;
    let exists = |p: &str| std::fs::metadata(p).map(|m| m.is_file()).unwrap_or(false);
    if first.contains('/') {
        if exists(first) {
            return Ok(first.clone());
        }
        return Err(Error::NoBinary {
            name: first.clone(),
            path: first.clone(),
        });
    }
    let path = env
        .iter()
        .find_map(|e| e.strip_prefix("PATH="))
        .unwrap_or("/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
    for dir in path.split(':') {
        let cand = format!("{}/{first}", if dir.is_empty() { "." } else { dir });
        if exists(&cand) {
            return Ok(cand);
        }
    }
    Err(Error::Init(format!(
        "exec: {}: executable file not found in $PATH",
        atlas_core::command::error::go_quote(first)
    )))
}

/// `execve`; returns only on failure.
pub fn execve(path: &str, args: &[String], env: &[String]) -> Error {
    let c = |s: &str| CString::new(s).unwrap_or_default();
    let argv: Vec<CString> = args.iter().map(|a| c(a)).collect();
    let envp: Vec<CString> = env.iter().map(|a| c(a)).collect();
    match nix::unistd::execve(&c(path), &argv, &envp) {
        Err(e) => Error::Init(format!("exec {}: {}", path, e.desc().to_lowercase())),
        Ok(never) => match never {},
    }
}

fn to_caps(set: Option<&HashSet<Capability>>) -> caps::CapsHashSet {
    let mut out = caps::CapsHashSet::new();
    for c in set.into_iter().flatten() {
        let n = capability_number(*c);
        if let Some(k) = caps::all().into_iter().find(|k| u32::from(k.index()) == n) {
            out.insert(k);
        }
    }
    out
}

/// Drops every capability outside `bounding` from the bounding set.
pub fn cap_bounding(c: &LinuxCapabilities) -> Result<()> {
    let keep = to_caps(c.bounding().as_ref());
    for cap in caps::runtime::procfs_all_supported(None).unwrap_or_else(|_| caps::all()) {
        if !keep.contains(&cap) {
            caps::drop(None, caps::CapSet::Bounding, cap)
                .map_err(|e| Error::Refused(format!("drop {cap} from the bounding set: {e}")))?;
        }
    }
    Ok(())
}

/// `capset`: inheritable, effective, permitted (each only lowers or keeps).
pub fn capset(c: &LinuxCapabilities) -> Result<()> {
    let sets = [
        (caps::CapSet::Inheritable, to_caps(c.inheritable().as_ref())),
        (caps::CapSet::Effective, to_caps(c.effective().as_ref())),
        (caps::CapSet::Permitted, to_caps(c.permitted().as_ref())),
    ];
    for (set, value) in sets {
        caps::set(None, set, &value).map_err(|e| Error::Refused(format!("capset {set:?}: {e}")))?;
    }
    Ok(())
}

/// Raises the ambient set; a capability the kernel will not raise (not
/// inheritable) is skipped, as runc skips it.
pub fn ambient(c: &LinuxCapabilities) {
    for cap in to_caps(c.ambient().as_ref()) {
        let _ = caps::raise(None, caps::CapSet::Ambient, cap);
    }
}

/// seccomp: see [`crate::seccomp`].
pub fn seccomp(s: &LinuxSeccomp) -> Result<()> {
    crate::seccomp::load(s)
}

/// `exec`: a new process in the container's namespaces and cgroup.
pub fn exec(ctx: &Ctx, o: &ExecOptions) -> Result<i32> {
    let c = Container::open(&ctx.root, &o.id)?;
    let s = c.load()?.ok_or(Error::NotExist)?;
    let status = c.status(&s);
    if status != Status::Running {
        return Err(Error::Refused(match status {
            Status::Stopped => "cannot exec in a stopped container".into(),
            Status::Paused => "cannot exec in a paused container".into(),
            _ => "cannot exec in a container that has not started".into(),
        }));
    }
    let spec = atlas_core::oci::parse_config(&s.config, atlas_core::oci::OciRuntime::Runc)
        .map_err(|e| Error::plan(&e))?;
    let (args, mut env, cwd, uid, gid) = match &o.process {
        Some(file) => {
            let text = std::fs::read_to_string(file).ctx(|| format!("read {file}"))?;
            let p: oci_spec::runtime::Process =
                serde_json::from_str(&text).map_err(|e| Error::Config(e.to_string()))?;
            (
                p.args().clone().unwrap_or_default(),
                p.env().clone().unwrap_or_default(),
                p.cwd().to_string_lossy().into_owned(),
                p.user().uid(),
                p.user().gid(),
            )
        }
        None => {
            let p = spec.process().as_ref();
            let (uid, gid) = match o
                .user
                .as_deref()
                .map(|u| u.split_once(':').unwrap_or((u, "0")))
            {
                Some((u, g)) => (u.parse().unwrap_or(0), g.parse().unwrap_or(0)),
                None => p.map_or((0, 0), |p| (p.user().uid(), p.user().gid())),
            };
            (
                o.command.clone(),
                p.and_then(|p| p.env().clone()).unwrap_or_default(),
                o.cwd
                    .clone()
                    .or_else(|| p.map(|p| p.cwd().to_string_lossy().into_owned()))
                    .unwrap_or_else(|| "/".into()),
                uid,
                gid,
            )
        }
    };
    env.extend(o.env.iter().cloned());
    if args.is_empty() {
        return Err(Error::Refused("exec: args must not be empty".into()));
    }
    let caps = spec
        .process()
        .as_ref()
        .and_then(|p| p.capabilities().clone());
    let nnp = spec
        .process()
        .as_ref()
        .and_then(|p| p.no_new_privileges())
        .unwrap_or(false);
    let pid = s.init_pid;
    let order = ["user", "ipc", "uts", "net", "pid", "cgroup", "mnt"];
    let mut ns = Vec::new();
    for n in order {
        let mine = std::fs::read_link(format!("/proc/self/ns/{n}")).ok();
        let theirs = std::fs::read_link(format!("/proc/{pid}/ns/{n}")).ok();
        if theirs.is_some() && mine != theirs {
            let f = std::fs::File::open(format!("/proc/{pid}/ns/{n}"))
                .ctx(|| format!("open /proc/{pid}/ns/{n}"))?;
            ns.push(f);
        }
    }
    let cg = crate::cgroup::Cgroup::from_dirs(
        &s.cgroups,
        !s.cgroups.iter().any(|d| {
            d.starts_with("/sys/fs/cgroup/memory") || d.starts_with("/sys/fs/cgroup/pids")
        }),
    );
    // The process is reparented to us when the intermediate child exits.
    nix::sys::prctl::set_child_subreaper(true).ctx(|| "PR_SET_CHILD_SUBREAPER".into())?;
    let (rd, wr) = nix::unistd::pipe().ctx(|| "pipe".into())?;
    // SAFETY: single-threaded process; the child only runs this function's code.
    match unsafe { nix::unistd::fork() }.ctx(|| "fork".into())? {
        nix::unistd::ForkResult::Child => {
            drop(rd);
            let r = (|| -> Result<i32> {
                let _ = cg.join(nix::unistd::getpid().as_raw());
                for f in &ns {
                    nix::sched::setns(f, nix::sched::CloneFlags::empty()).ctx(|| "setns".into())?;
                }
                // SAFETY: as above; the grandchild is in the container's PID namespace.
                match unsafe { nix::unistd::fork() }.ctx(|| "fork".into())? {
                    nix::unistd::ForkResult::Parent { child } => {
                        let _ = nix::unistd::write(&wr, &child.as_raw().to_ne_bytes());
                        Ok(0)
                    }
                    nix::unistd::ForkResult::Child => {
                        drop(wr);
                        nix::unistd::chdir(cwd.as_str()).ctx(|| format!("chdir {cwd}"))?;
                        if nnp {
                            nix::sys::prctl::set_no_new_privs().ctx(|| "no_new_privs".into())?;
                        }
                        if let Some(c) = &caps {
                            cap_bounding(c)?;
                        }
                        nix::sys::prctl::set_keepcaps(true).ctx(|| "keepcaps".into())?;
                        let g = nix::unistd::Gid::from_raw(gid);
                        let u = nix::unistd::Uid::from_raw(uid);
                        nix::unistd::setgroups(&[]).ctx(|| "setgroups".into())?;
                        nix::unistd::setresgid(g, g, g).ctx(|| "setgid".into())?;
                        nix::unistd::setresuid(u, u, u).ctx(|| "setuid".into())?;
                        if let Some(c) = &caps {
                            capset(c)?;
                            ambient(c);
                        }
                        let path = look_path(&args, &env)?;
                        Err(execve(&path, &args, &env))
                    }
                }
            })();
            let code = match r {
                Ok(c) => c,
                Err(e) => {
                    eprintln!("exec failed: {e}");
                    1
                }
            };
            // SAFETY: leave the forked copy without running the parent's destructors.
            unsafe { libc::_exit(code) }
        }
        nix::unistd::ForkResult::Parent { child } => {
            drop(wr);
            let _ = nix::sys::wait::waitpid(child, None);
            let mut buf = [0u8; 4];
            let n = nix::unistd::read(&rd, &mut buf).unwrap_or(0);
            if n != 4 {
                return Err(Error::Refused("exec failed".into()));
            }
            let pid = nix::unistd::Pid::from_raw(i32::from_ne_bytes(buf));
            if let Some(f) = &o.pid_file {
                crate::lifecycle::write_pid_file(f, pid.as_raw())?;
            }
            if o.detach {
                return Ok(0);
            }
            drop(c);
            Ok(crate::lifecycle::wait_exit(pid))
        }
    }
}
