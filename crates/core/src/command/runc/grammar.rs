//! The commands and flags runc and crun know: each binary's command
//! list, global flags and each command's own flags.

use crate::command::flags::{b, s, FlagDef, Kind};

pub(super) const RUNC_COMMANDS: &[&str] = &[
    "checkpoint",
    "create",
    "delete",
    "events",
    "exec",
    "init",
    "kill",
    "list",
    "pause",
    "ps",
    "restore",
    "resume",
    "run",
    "spec",
    "start",
    "state",
    "update",
    "features",
    "help",
    "h",
];
pub(super) const CRUN_COMMANDS: &[&str] = &[
    "checkpoint",
    "create",
    "delete",
    "exec",
    "features",
    "list",
    "mounts",
    "kill",
    "ps",
    "restore",
    "run",
    "spec",
    "start",
    "state",
    "pause",
    "resume",
    "update",
];

pub(super) const RUNC_GLOBAL: &[FlagDef] = &[
    b("debug"),
    s("log"),
    s("log-format"),
    s("root"),
    s("criu"),
    b("systemd-cgroup"),
    s("rootless"),
    b("version").aliases(&["v"]),
];
pub(super) const CRUN_GLOBAL: &[FlagDef] = &[
    b("debug"),
    s("cgroup-manager"),
    b("systemd-cgroup"),
    s("log"),
    s("log-format"),
    s("log-level"),
    s("root"),
    s("rootless"),
    b("version").short('v'),
    b("help").short('?'),
    b("usage"),
];

pub(super) const CREATE_FLAGS: &[FlagDef] = &[
    s("bundle").short('b').aliases(&["b"]),
    s("console-socket"),
    s("pidfd-socket"),
    s("pid-file"),
    b("no-pivot"),
    b("no-new-keyring"),
    FlagDef::new("preserve-fds", Kind::Uint),
];
pub(super) const RUN_FLAGS: &[FlagDef] = &[
    s("bundle").short('b').aliases(&["b"]),
    s("console-socket"),
    s("pidfd-socket"),
    s("pid-file"),
    b("no-pivot"),
    b("no-new-keyring"),
    FlagDef::new("preserve-fds", Kind::Uint),
    b("detach").short('d').aliases(&["d"]),
    b("keep"),
    b("no-subreaper"),
];
pub(super) const LIST_FLAGS: &[FlagDef] = &[
    s("format").short('f').aliases(&["f"]),
    b("quiet").short('q').aliases(&["q"]),
];
pub(super) const KILL_FLAGS: &[FlagDef] =
    &[b("all").short('a').aliases(&["a"]), b("regex").short('r')];
pub(super) const DELETE_FLAGS: &[FlagDef] =
    &[b("force").short('f').aliases(&["f"]), b("regex").short('r')];
pub(super) const EXEC_FLAGS: &[FlagDef] = &[
    s("console-socket"),
    s("pidfd-socket"),
    s("cwd"),
    s("env").short('e').aliases(&["e"]),
    b("tty").short('t').aliases(&["t"]),
    s("user").short('u').aliases(&["u"]),
    s("additional-gids").short('g').aliases(&["g"]),
    s("process").short('p').aliases(&["p"]),
    b("detach").short('d').aliases(&["d"]),
    s("pid-file"),
    s("process-label"),
    s("apparmor"),
    b("no-new-privs"),
    s("cap").short('c').aliases(&["c"]),
    FlagDef::new("preserve-fds", Kind::Int),
    s("cgroup"),
    b("ignore-paused"),
];
pub(super) const PS_FLAGS: &[FlagDef] = &[s("format").short('f').aliases(&["f"])];
pub(super) const EVENTS_FLAGS: &[FlagDef] = &[FlagDef::new("interval", Kind::Duration), b("stats")];
pub(super) const UPDATE_FLAGS: &[FlagDef] = &[
    s("resources").short('r').aliases(&["r"]),
    s("blkio-weight"),
    s("cpu-period"),
    s("cpu-quota"),
    s("cpu-share"),
    s("cpu-rt-period"),
    s("cpu-rt-runtime"),
    s("cpuset-cpus"),
    s("cpuset-mems"),
    s("kernel-memory"),
    s("kernel-memory-tcp"),
    s("memory"),
    s("cpu-idle"),
    s("memory-reservation"),
    s("memory-swap"),
    FlagDef::new("pids-limit", Kind::Int),
    s("l3-cache-schema"),
    s("mem-bw-schema"),
];
pub(super) const SPEC_FLAGS: &[FlagDef] = &[s("bundle").short('b').aliases(&["b"]), b("rootless")];
pub(super) const NO_FLAGS: &[FlagDef] = &[];
