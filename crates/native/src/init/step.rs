//! One Init step of the plan, carried out: the system calls each [`Op`]
//! stands for, made through the [`Syscall`] trait, with the runtime's words
//! for each refusal.

use crate::channel::Bootstrap;
use crate::error::{Error, Result, SysContext};
use crate::mounts::{self, MountEnv};
use crate::syscall::Syscall;
use atlas_core::oci::{MountRole, Op, Plan};
use nix::sched::CloneFlags;
use std::os::fd::{AsFd, OwnedFd, RawFd};
use std::path::{Path, PathBuf};

/// What the init's steps need to know besides the plan.
#[derive(Debug, Clone, Copy)]
pub struct Setting<'a> {
    /// Container id (the session keyring's name, hook state).
    pub id: &'a str,
    /// Absolute bundle (hook state).
    pub bundle: &'a str,
    /// Absolute rootfs.
    pub rootfs: &'a Path,
    /// cgroup v1 binds: `(name, host directory)`.
    pub cgroup_binds: &'a [(String, PathBuf)],
    /// The console socket, connected by the runtime.
    pub console_fd: Option<RawFd>,
    /// `--preserve-fds`: descriptors 3 to 3+N-1 stay open for the program.
    pub preserve_fds: u32,
}

impl<'a> Setting<'a> {
    /// What the runtime's bootstrap says.
    pub fn of(boot: &'a Bootstrap) -> Setting<'a> {
        Setting {
            id: &boot.id,
            bundle: &boot.bundle,
            rootfs: &boot.rootfs,
            cgroup_binds: &boot.cgroup_binds,
            console_fd: boot.console_fd,
            preserve_fds: boot.preserve_fds,
        }
    }
}

/// The init's steps, taken one at a time in one process (stage).
pub struct Steps<'a, 's> {
    /// The plan.
    pub plan: &'a Plan<'s>,
    /// The kernel (or the fake).
    pub sys: &'a dyn Syscall,
    /// The bundle's side of things.
    pub setting: Setting<'a>,
    /// The init's pid in the host's PID namespace (0 before it is known), for hook state.
    pub host_pid: i32,
    /// The pty master and slave path while the console is being set up.
    console: Option<(OwnedFd, PathBuf)>,
}

impl<'a, 's> Steps<'a, 's> {
    /// A stage's steps, before any was taken.
    pub fn new(
        plan: &'a Plan<'s>,
        sys: &'a dyn Syscall,
        setting: Setting<'a>,
        host_pid: i32,
    ) -> Steps<'a, 's> {
        Steps {
            plan,
            sys,
            setting,
            host_pid,
            console: None,
        }
    }

    fn env(&self) -> MountEnv<'_> {
        MountEnv {
            rootfs: self.setting.rootfs,
            cgroup_binds: self.setting.cgroup_binds,
        }
    }

    /// After stage 0 wrote the id maps: root of the new user namespace
    /// (nsexec does the same).
    pub fn become_root(&self) -> Result<()> {
        self.sys
            .setresgid(0.into())
            .ctx(|| "setresgid(0) in the new user namespace".into())?;
        self.sys
            .setresuid(0.into())
            .ctx(|| "setresuid(0) in the new user namespace".into())
    }

    /// Takes step `i`.
    pub fn take(&mut self, i: usize) -> Result<()> {
        let op = self.plan.steps()[i].op;
        let sys = self.sys;
        let rootfs = self.setting.rootfs;
        match op {
            Op::Enter(_) | Op::GoInit | Op::Sync(_) => Ok(()),
            Op::Nsexec(stage) => {
                let _ = sys.set_name(stage.process_name());
                Ok(())
            }
            Op::OomScoreAdj(n) => sys
                .write_file(Path::new("/proc/self/oom_score_adj"), &n.to_string())
                .ctx(|| "write /proc/self/oom_score_adj".into()),
            Op::Setns { ns, path } => {
                let f = std::fs::File::open(path).ctx(|| format!("open {path}"))?;
                let flag = CloneFlags::from_bits_retain(
                    atlas_core::oci::sys::clone_flag(ns) as libc::c_int
                );
                sys.setns(f.as_fd(), flag).ctx(|| format!("setns {path}"))
            }
            Op::Unshare { flags } => sys
                .unshare(CloneFlags::from_bits_retain(flags as libc::c_int))
                .ctx(|| {
                    format!(
                        "unshare {}",
                        atlas_core::oci::sys::clone_flags_str(flags, false)
                    )
                }),
            Op::Setsid => sys.setsid().ctx(|| "setsid".into()),
            Op::SessionKeyring => {
                sys.join_session_keyring(&format!("_ses.{}", self.setting.id));
                Ok(())
            }
            Op::LoopbackUp => sys.loopback_up(),
            Op::Mount(m) if m.role == MountRole::Console => {
                let (_, slave) = self
                    .console
                    .as_ref()
                    .ok_or_else(|| Error::Init("no console".into()))?;
                let target = Path::new("/dev/console");
                if !sys.exists(target) {
                    std::fs::File::create(target).ctx(|| "create /dev/console".into())?;
                }
                sys.mount(
                    Some(slave.as_path()),
                    target,
                    None,
                    atlas_core::oci::sys::MS_BIND,
                    None,
                )
                .ctx(|| "bind the console".into())
            }
            Op::Mount(m) => mounts::do_mount(sys, &m, &self.env()),
            Op::RootfsParentPrivate => {
                // The propagation just given to `/` (the step before).
                let root_flags = self.plan.steps()[..i]
                    .iter()
                    .rev()
                    .find_map(|s| match s.op {
                        Op::Mount(m) if m.role == MountRole::RootPropagation => Some(m.flags),
                        _ => None,
                    })
                    .unwrap_or(0);
                mounts::make_parent_private(sys, rootfs, root_flags)
            }
            Op::Mknod {
                path,
                kind,
                major,
                minor,
                mode,
            } => mounts::mknod(sys, rootfs, path, kind, major, minor, mode),
            Op::PtmxSymlink => mounts::ptmx(rootfs),
            Op::DevSymlinks => mounts::dev_symlinks(rootfs),
            Op::Hook { kind, index, hook } => crate::hooks::run(
                kind,
                index,
                hook,
                &crate::hooks::state_json(
                    self.setting.id,
                    kind.status(),
                    self.host_pid,
                    self.setting.bundle,
                    crate::hooks::annotations(self.plan.spec()),
                ),
            ),
            Op::PivotRoot => {
                sys.chdir(rootfs)
                    .ctx(|| format!("chdir {}", rootfs.display()))?;
                sys.pivot_root().ctx(|| "pivot_root".into())
            }
            Op::UnmountOldRoot => {
                sys.umount_detach(Path::new("."))
                    .ctx(|| "unmount the old root".into())?;
                sys.chdir(Path::new("/")).ctx(|| "chdir /".into())
            }
            Op::Chroot => {
                sys.chdir(rootfs)
                    .ctx(|| format!("chdir {}", rootfs.display()))?;
                sys.chroot().ctx(|| "chroot".into())?;
                sys.chdir(Path::new("/")).ctx(|| "chdir /".into())
            }
            Op::ConsoleOpen => {
                self.console = Some(sys.open_pty()?);
                Ok(())
            }
            Op::ConsoleSend => {
                let sock = self.setting.console_fd.ok_or_else(|| {
                    Error::Init("process.terminal is set but there is no --console-socket".into())
                })?;
                let (master, _) = self
                    .console
                    .as_ref()
                    .ok_or_else(|| Error::Init("no console".into()))?;
                sys.send_console(sock, master.as_fd())
                    .ctx(|| "send the console to --console-socket".into())
            }
            Op::Setctty => {
                let (_, slave) = self
                    .console
                    .take()
                    .ok_or_else(|| Error::Init("no console".into()))?;
                sys.set_controlling_terminal(&slave)
            }
            Op::Sethostname(h) => sys.sethostname(h).ctx(|| "sethostname".into()),
            Op::Setdomainname(d) => sys.setdomainname(d).ctx(|| "setdomainname".into()),
            Op::AppArmor(profile) => {
                let enabled = std::fs::read_to_string("/sys/module/apparmor/parameters/enabled")
                    .map(|s| s.trim() == "Y")
                    .unwrap_or(false);
                if !enabled {
                    return Err(Error::Refused(format!(
                        "apparmor profile {profile} is set but AppArmor is not enabled on this host"
                    )));
                }
                let attr = if Path::new("/proc/self/attr/apparmor/exec").exists() {
                    "/proc/self/attr/apparmor/exec"
                } else {
                    "/proc/self/attr/exec"
                };
                sys.write_file(Path::new(attr), &format!("exec {profile}"))
                    .ctx(|| format!("write {attr}"))
            }
            Op::Sysctl { key, value } => {
                if key.contains("..")
                    || key.contains('/') && key.contains('.') && key.starts_with('/')
                {
                    return Err(Error::Unsafe(format!("invalid sysctl key {key}")));
                }
                let path = format!("/proc/sys/{}", key.replace('.', "/"));
                sys.write_file(Path::new(&path), value)
                    .ctx(|| format!("write sysctl key {key}"))
            }
            Op::NoNewPrivs => sys
                .set_no_new_privs()
                .ctx(|| "prctl(PR_SET_NO_NEW_PRIVS)".into()),
            Op::Seccomp(s) => sys.seccomp(s),
            Op::Chdir(p) => sys.chdir(Path::new(p)).map_err(|e| {
                Error::Refused(format!(
                    "chdir to cwd ({}) set in config.json failed: {}",
                    atlas_core::command::error::go_quote(p),
                    e.desc().to_lowercase()
                ))
            }),
            Op::CapBounding(c) => crate::capabilities::cap_bounding(sys, c),
            Op::KeepCaps(on) => sys.set_keepcaps(on).ctx(|| "prctl(PR_SET_KEEPCAPS)".into()),
            Op::Setgroups(g) => {
                let g: Vec<nix::unistd::Gid> =
                    g.iter().map(|x| nix::unistd::Gid::from_raw(*x)).collect();
                sys.setgroups(&g).ctx(|| "setgroups".into())
            }
            Op::Setgid(g) => sys
                .setresgid(nix::unistd::Gid::from_raw(g))
                .ctx(|| "setgid".into()),
            Op::Setuid(u) => sys
                .setresuid(nix::unistd::Uid::from_raw(u))
                .ctx(|| "setuid".into()),
            Op::Capset(c) => crate::capabilities::capset(sys, c),
            Op::AmbientCaps(c) => {
                crate::capabilities::ambient(sys, c);
                Ok(())
            }
            other => Err(Error::Init(format!("step {other:?} is not the init's"))),
        }
    }
}
