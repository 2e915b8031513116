//! The namespaces a container gets: the spec's list checked (new or joined,
//! duplicates refused by runc, merged by crun), and how each runtime enters
//! them — runc's three `nsexec` stages, crun's `clone` with the `CLONE_NEW*`
//! flags — with the user namespace's id maps.

use super::builder::Builder;
use super::{path_str, Actor, IdMapFile, NsexecStage, OciRuntime, Op, PlanError};
use crate::oci::sys::*;
use oci_spec::runtime::{LinuxNamespaceType, Spec};

/// The order runc joins namespaces in (`configs.NamespaceTypes()`): user first.
const RUNC_JOIN_ORDER: [LinuxNamespaceType; 8] = [
    LinuxNamespaceType::User,
    LinuxNamespaceType::Ipc,
    LinuxNamespaceType::Uts,
    LinuxNamespaceType::Network,
    LinuxNamespaceType::Pid,
    LinuxNamespaceType::Mount,
    LinuxNamespaceType::Cgroup,
    LinuxNamespaceType::Time,
];

/// The namespaces of a spec, checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(in crate::oci) struct Namespaces<'s> {
    /// Flags of the namespaces to create.
    pub new: u64,
    /// Flags of every namespace listed (new or joined).
    pub all: u64,
    /// Paths of joined namespaces, indexed by `RUNC_JOIN_ORDER` position.
    pub joined: [Option<&'s str>; 8],
}

impl<'s> Namespaces<'s> {
    pub(in crate::oci) fn has(&self, t: LinuxNamespaceType) -> bool {
        self.all & clone_flag(t) != 0
    }

    pub(in crate::oci) fn is_new(&self, t: LinuxNamespaceType) -> bool {
        self.new & clone_flag(t) != 0
    }

    pub(in crate::oci) fn joins(&self) -> impl Iterator<Item = (LinuxNamespaceType, &'s str)> + '_ {
        RUNC_JOIN_ORDER
            .iter()
            .zip(self.joined.iter())
            .filter_map(|(t, p)| p.map(|p| (*t, p)))
    }
}

pub(super) fn join_index(t: LinuxNamespaceType) -> usize {
    RUNC_JOIN_ORDER.iter().position(|x| *x == t).unwrap_or(0)
}

pub(super) fn namespaces<'s>(
    spec: &'s Spec,
    runtime: OciRuntime,
) -> Result<Namespaces<'s>, PlanError> {
    let mut out = Namespaces::default();
    let Some(list) = spec.linux().as_ref().and_then(|l| l.namespaces().as_ref()) else {
        return Ok(out);
    };
    for ns in list {
        let t = ns.typ();
        let flag = clone_flag(t);
        let path = ns.path().as_deref().map(path_str).filter(|p| !p.is_empty());
        if out.all & flag != 0 {
            if runtime == OciRuntime::Runc {
                return Err(PlanError::DuplicateNamespace {
                    typ: namespace_type_name(t).to_string(),
                    path: path.unwrap_or("").to_string(),
                });
            }
            // crun ORs the flags together; the last path wins.
            out.new &= !flag;
            out.joined[join_index(t)] = None;
        }
        out.all |= flag;
        match path {
            Some(p) => out.joined[join_index(t)] = Some(p),
            None => out.new |= flag,
        }
    }
    Ok(out)
}

impl<'s> Builder<'s> {
    /// Writes one id map of a new user namespace, if the spec has it.
    fn id_map(&mut self, actor: Actor, file: IdMapFile) {
        let linux = self.spec.linux().as_ref();
        let mappings = match file {
            IdMapFile::Uid => linux.and_then(|l| l.uid_mappings().as_deref()),
            IdMapFile::Gid => linux.and_then(|l| l.gid_mappings().as_deref()),
        };
        if let Some(mappings) = mappings {
            self.push(actor, Op::IdMap { file, mappings });
        }
    }

    /// runc's `nsexec`, in C, before the Go runtime of `runc init` starts:
    /// stage 0 clones stage 1, which joins the namespaces given by path (user
    /// first), unshares a new user namespace alone while stage 0 writes its
    /// maps, unshares the rest and clones stage 2, which starts a session and
    /// unshares the cgroup namespace last.
    pub(super) fn runc_nsexec(&mut self, ns: &Namespaces<'s>) {
        self.init(Op::Nsexec(NsexecStage::Parent));
        self.oom_score_adj(Actor::Init);
        self.init(Op::Clone {
            flags: CLONE_PARENT,
            child: NsexecStage::Child.process_name(),
        });
        self.init(Op::Nsexec(NsexecStage::Child));
        for (t, path) in ns.joins() {
            self.init(Op::Setns { ns: t, path });
        }
        if ns.is_new(LinuxNamespaceType::User) {
            self.init(Op::Unshare {
                flags: CLONE_NEWUSER,
            });
            // Stage 0 (still in the host's user namespace) writes the maps.
            self.id_map(Actor::Init, IdMapFile::Uid);
            self.id_map(Actor::Init, IdMapFile::Gid);
        }
        let rest = ns.new & !(CLONE_NEWUSER | CLONE_NEWCGROUP);
        if rest != 0 {
            self.init(Op::Unshare { flags: rest });
        }
        self.init(Op::Clone {
            flags: CLONE_PARENT,
            child: NsexecStage::Init.process_name(),
        });
        self.init(Op::Nsexec(NsexecStage::Init));
        self.init(Op::Setsid);
        self.unshare_cgroup(ns);
    }

    /// crun's `configure_init_status` and first `clone`: the container
    /// process is cloned with the `CLONE_NEW*` flags it can take at once (only
    /// `CLONE_NEWUSER` when a new user namespace must be mapped first), joins
    /// the namespaces given by path, gets its id maps from the parent (gid
    /// then uid), unshares the rest and forks again when a new PID or time
    /// namespace needs a child to be PID 1.
    pub(super) fn crun_clone(&mut self, ns: &Namespaces<'s>) {
        let user_new = ns.is_new(LinuxNamespaceType::User);
        let user_any = ns.has(LinuxNamespaceType::User);
        let joins = ns.joins().count();
        let mut to_unshare = ns.new;
        let mut must_fork = false;
        for (t, _) in ns.joins() {
            match t {
                LinuxNamespaceType::Pid | LinuxNamespaceType::Time if !user_any => must_fork = true,
                LinuxNamespaceType::Pid | LinuxNamespaceType::Time => to_unshare &= !clone_flag(t),
                _ => {}
            }
        }
        let delayed_userns = user_new && joins > 0;
        let first = if to_unshare & CLONE_NEWUSER != 0 && joins == 0 {
            CLONE_NEWUSER
        } else if !user_any {
            to_unshare & !(CLONE_NEWTIME | CLONE_NEWCGROUP)
        } else {
            0
        };
        self.rt(Op::Clone {
            flags: first,
            child: "the container process",
        });
        to_unshare &= !first;
        if to_unshare & (CLONE_NEWPID | CLONE_NEWTIME) != 0 {
            must_fork = true;
        }
        for (t, path) in ns.joins() {
            if t != LinuxNamespaceType::User {
                self.init(Op::Setns { ns: t, path });
            }
        }
        if user_any {
            if delayed_userns {
                self.init(Op::Unshare {
                    flags: CLONE_NEWUSER,
                });
                to_unshare &= !CLONE_NEWUSER;
            }
            if user_new {
                // libcrun_set_usernamespace: the parent writes gid_map, then uid_map.
                self.id_map(Actor::Runtime, IdMapFile::Gid);
                self.id_map(Actor::Runtime, IdMapFile::Uid);
            } else if let Some(path) = ns.joined[join_index(LinuxNamespaceType::User)] {
                self.init(Op::Setns {
                    ns: LinuxNamespaceType::User,
                    path,
                });
            }
        }
        let rest = to_unshare & !(CLONE_NEWCGROUP | CLONE_NEWUSER);
        if rest != 0 {
            self.init(Op::Unshare { flags: rest });
        }
        if must_fork {
            self.init(Op::Clone {
                flags: 0,
                child: "the container's PID 1",
            });
        }
    }

    /// A new cgroup namespace, unshared once the process is in its cgroup.
    pub(super) fn unshare_cgroup(&mut self, ns: &Namespaces<'s>) {
        if ns.is_new(LinuxNamespaceType::Cgroup) {
            self.init(Op::Unshare {
                flags: CLONE_NEWCGROUP,
            });
        }
    }

    /// `lo` up in a new network namespace.
    pub(super) fn loopback(&mut self, ns: &Namespaces<'s>) {
        if ns.is_new(LinuxNamespaceType::Network) {
            self.init(Op::LoopbackUp);
        }
    }
}
