//! The container process's own set-up, as both runtimes take it: OOM score,
//! rlimits, sysctls, hostname and domain name, AppArmor profile, working
//! directory, `no_new_privs`, the seccomp filter, user, groups and
//! capabilities, and the final `execve`.

use super::builder::Builder;
use super::{path_str, Actor, HookKind, Op};
use oci_spec::runtime::Process;

impl<'s> Builder<'s> {
    /// The spec's `process`.
    fn process(&self) -> Option<&'s Process> {
        self.spec.process().as_ref()
    }

    /// `process.terminal`.
    pub(super) fn terminal(&self) -> bool {
        self.process().and_then(|p| p.terminal()).unwrap_or(false)
    }

    /// `process.noNewPrivileges`.
    fn no_new_privs_asked(&self) -> bool {
        self.process()
            .and_then(|p| p.no_new_privileges())
            .unwrap_or(false)
    }

    /// `process.oomScoreAdj` written by `actor` on itself (inherited by the container).
    pub(super) fn oom_score_adj(&mut self, actor: Actor) {
        if let Some(adj) = self.process().and_then(|p| p.oom_score_adj()) {
            self.push(actor, Op::OomScoreAdj(adj));
        }
    }

    /// Every `process.rlimits` entry, set by the runtime with `prlimit64`.
    pub(super) fn rlimits(&mut self) {
        for r in self
            .process()
            .and_then(|p| p.rlimits().as_deref())
            .unwrap_or(&[])
        {
            self.rt(Op::Rlimit(r));
        }
    }

    /// `linux.sysctl`, in key order.
    pub(super) fn sysctls(&mut self) {
        let Some(map) = self.spec.linux().as_ref().and_then(|l| l.sysctl().as_ref()) else {
            return;
        };
        let mut entries: Vec<_> = map.iter().collect();
        crate::order::sort(&mut entries);
        for (key, value) in entries {
            self.init(Op::Sysctl { key, value });
        }
    }

    /// `hostname`, then `domainname`, when set.
    pub(super) fn uts_names(&mut self) {
        let spec = self.spec;
        if let Some(h) = spec.hostname().as_deref().filter(|h| !h.is_empty()) {
            self.init(Op::Sethostname(h));
        }
        if let Some(d) = spec.domainname().as_deref().filter(|h| !h.is_empty()) {
            self.init(Op::Setdomainname(d));
        }
    }

    /// `process.apparmorProfile`, for the next `execve`.
    pub(super) fn apparmor(&mut self) {
        if let Some(a) = self
            .process()
            .and_then(|p| p.apparmor_profile().as_deref())
            .filter(|a| !a.is_empty())
        {
            self.init(Op::AppArmor(a));
        }
    }

    /// `chdir` to `process.cwd`.
    pub(super) fn chdir(&mut self) {
        if let Some(p) = self.process() {
            self.init(Op::Chdir(path_str(p.cwd())));
        }
    }

    /// `PR_SET_NO_NEW_PRIVS` when `process.noNewPrivileges` asks for it.
    pub(super) fn no_new_privs(&mut self) {
        if self.no_new_privs_asked() {
            self.init(Op::NoNewPrivs);
        }
    }

    /// The seccomp filter, where a runtime loads it without `noNewPrivileges`:
    /// while the process still holds `CAP_SYS_ADMIN`, before the capabilities.
    pub(super) fn seccomp_before_caps(&mut self) {
        if !self.no_new_privs_asked() {
            self.seccomp();
        }
    }

    /// The seccomp filter, where a runtime loads it with `noNewPrivileges`:
    /// as late as it can, so that its own last syscalls need not be allowed.
    pub(super) fn seccomp_late(&mut self) {
        if self.no_new_privs_asked() {
            self.seccomp();
        }
    }

    fn seccomp(&mut self) {
        if let Some(s) = self
            .spec
            .linux()
            .as_ref()
            .and_then(|l| l.seccomp().as_ref())
        {
            self.init(Op::Seccomp(s));
        }
    }

    /// `setgroups(2)` with `process.user.additionalGids`.
    pub(super) fn setgroups(&mut self) {
        let groups = self
            .process()
            .and_then(|p| p.user().additional_gids().as_deref())
            .unwrap_or(&[]);
        self.init(Op::Setgroups(groups));
    }

    /// The user and capabilities: bounding set, keep-caps around `setgid` and
    /// `setuid` (with `setgroups` first when `setgroups` is set, as runc's
    /// `finalizeNamespace`), then `capset` and the ambient set.
    pub(super) fn capabilities(&mut self, setgroups: bool) {
        let process = self.process();
        let caps = process.and_then(|p| p.capabilities().as_ref());
        let user = process.map(|p| p.user());
        if let Some(c) = caps {
            self.init(Op::CapBounding(c));
        }
        self.init(Op::KeepCaps(true));
        if setgroups {
            self.setgroups();
        }
        self.init(Op::Setgid(user.map_or(0, |u| u.gid())));
        self.init(Op::Setuid(user.map_or(0, |u| u.uid())));
        self.init(Op::KeepCaps(false));
        if let Some(c) = caps {
            self.init(Op::Capset(c));
            if c.ambient().as_ref().is_some_and(|a| !a.is_empty()) {
                self.init(Op::AmbientCaps(c));
            }
        }
    }

    /// `start`'s end: `startContainer` hooks in the container, `execve` of
    /// `process.args` (the init process becomes the program), `poststart`
    /// hooks from the runtime.
    pub(super) fn run_program(&mut self) {
        self.hooks(Actor::Init, HookKind::StartContainer);
        self.execve();
        self.hooks(Actor::Runtime, HookKind::Poststart);
    }

    fn execve(&mut self) {
        let args = self
            .process()
            .and_then(|p| p.args().as_deref())
            .unwrap_or(&[]);
        self.init(Op::Execve(args));
    }
}
