//! The commands and flags nerdctl knows: the command list, the global
//! flags, each command's own flags (on top of docker's run flags), and the
//! management groups' subcommands.

use crate::command::flags::{b, s, FlagDef, Kind};

pub(super) const COMMANDS: &[&str] = &[
    "create",
    "run",
    "update",
    "exec",
    "ps",
    "logs",
    "port",
    "stop",
    "start",
    "diff",
    "restart",
    "kill",
    "rm",
    "pause",
    "unpause",
    "commit",
    "wait",
    "rename",
    "attach",
    "build",
    "images",
    "pull",
    "push",
    "load",
    "save",
    "tag",
    "rmi",
    "history",
    "events",
    "info",
    "version",
    "inspect",
    "top",
    "stats",
    "container",
    "image",
    "network",
    "volume",
    "system",
    "namespace",
    "builder",
    "login",
    "logout",
    "compose",
    "ipfs",
    "apparmor",
    "cp",
    "completion",
    "help",
];

pub(super) const GLOBAL: &[FlagDef] = &[
    b("debug"),
    b("debug-full"),
    s("address").short('a').aliases(&["host"]),
    s("namespace").short('n'),
    s("snapshotter").aliases(&["storage-driver"]),
    s("cni-path"),
    s("cni-netconfpath"),
    s("data-root"),
    s("cgroup-manager"),
    b("insecure-registry"),
    s("hosts-dir"),
    b("experimental"),
    s("host-gateway-ip"),
    s("bridge-ip"),
    b("kube-hide-dupe"),
    b("version").short('v'),
    b("help").short('h'),
];

pub(super) const PS: &[FlagDef] = &[
    b("all").short('a'),
    i_last(),
    b("latest").short('l'),
    b("quiet").short('q'),
    b("no-trunc"),
    s("format"),
    s("filter").short('f'),
    b("size").short('s'),
];
pub(super) const fn i_last() -> FlagDef {
    FlagDef::new("last", Kind::Int).short('n')
}
pub(super) const PULL: &[FlagDef] = &[
    s("platform"),
    b("all-platforms"),
    s("unpack"),
    b("quiet").short('q'),
    s("verify"),
    s("cosign-key"),
    b("ipfs"),
];
pub(super) const IMAGES: &[FlagDef] = &[
    b("all").short('a'),
    b("quiet").short('q'),
    b("no-trunc"),
    b("digests"),
    b("names"),
    s("format"),
    s("filter").short('f'),
];
pub(super) const STOP: &[FlagDef] = &[
    FlagDef::new("time", Kind::Int).short('t'),
    s("signal").short('s'),
];
pub(super) const START: &[FlagDef] = &[
    b("attach").short('a'),
    b("interactive").short('i'),
    s("detach-keys"),
    s("checkpoint"),
    s("checkpoint-dir"),
];
pub(super) const KILL: &[FlagDef] = &[s("signal").short('s')];
pub(super) const RM: &[FlagDef] = &[b("force").short('f'), b("volumes").short('v')];
pub(super) const RMI: &[FlagDef] = &[b("force").short('f'), b("async")];
pub(super) const EXEC: &[FlagDef] = &[
    b("tty").short('t'),
    b("interactive").short('i'),
    b("detach").short('d'),
    s("workdir").short('w'),
    s("env").short('e'),
    s("env-file"),
    b("privileged"),
    s("user").short('u'),
    s("detach-keys"),
];
pub(super) const LOGS: &[FlagDef] = &[
    b("follow").short('f'),
    b("timestamps").short('t'),
    s("tail").short('n'),
    s("since"),
    s("until"),
    b("details"),
];
pub(super) const INSPECT: &[FlagDef] = &[
    s("format").short('f'),
    s("mode"),
    s("type"),
    b("size").short('s'),
];
pub(super) const FORMAT: &[FlagDef] = &[s("format").short('f')];

/// nerdctl-only run flags added to docker's set.
pub(super) const RUN_EXTRA: &[FlagDef] = &[
    s("cosign-key"),
    s("verify"),
    b("ipfs"),
    s("rootfs"),
    s("pidfile"),
    s("cni-path"),
    b("insecure-registry"),
    s("gpus"),
    s("label"),
];

pub(super) const CONTAINER_SUBS: &[&str] = &[
    "create",
    "run",
    "update",
    "exec",
    "ls",
    "list",
    "inspect",
    "logs",
    "port",
    "rm",
    "remove",
    "stop",
    "start",
    "restart",
    "kill",
    "pause",
    "unpause",
    "wait",
    "commit",
    "rename",
    "attach",
    "prune",
    "stats",
    "top",
    "diff",
    "cp",
    "health-check",
    "export",
    "checkpoint",
];
pub(super) const IMAGE_SUBS: &[&str] = &[
    "build", "ls", "list", "history", "pull", "push", "load", "save", "tag", "rm", "remove",
    "convert", "inspect", "encrypt", "decrypt", "prune", "import", "export",
];
