//! The commands and flags crictl knows: the command list, the global
//! flags and each command's own flags.

use crate::command::flags::{b, i, s, FlagDef, Kind};

pub(super) const COMMANDS: &[&str] = &[
    "attach",
    "create",
    "exec",
    "version",
    "images",
    "image",
    "img",
    "inspect",
    "inspecti",
    "imagefsinfo",
    "inspectp",
    "logs",
    "port-forward",
    "ps",
    "pull",
    "run",
    "runp",
    "rm",
    "rmi",
    "rmp",
    "pods",
    "start",
    "info",
    "stop",
    "stopp",
    "update",
    "config",
    "stats",
    "statsp",
    "metricsp",
    "metricdescs",
    "completion",
    "checkpoint",
    "runtime-config",
    "events",
    "update-runtime-config",
    "help",
    "h",
];

pub(super) const GLOBAL: &[FlagDef] = &[
    s("config").aliases(&["c"]),
    s("runtime-endpoint").aliases(&["r"]),
    s("image-endpoint").aliases(&["i"]),
    FlagDef::new("timeout", Kind::Duration).aliases(&["t"]),
    b("debug").aliases(&["D"]),
    b("enable-tracing"),
    i("tracing-sampling-rate-per-million"),
    s("tracing-endpoint"),
    s("profile-cpu"),
    s("profile-mem"),
    b("version").aliases(&["v"]),
];

pub(super) const PODS: &[FlagDef] = &[
    s("id"),
    s("name"),
    s("namespace"),
    s("state").aliases(&["s"]),
    s("label"),
    b("verbose").aliases(&["v"]),
    b("quiet").aliases(&["q"]),
    s("output").aliases(&["o"]),
    b("latest").aliases(&["l"]),
    i("last").aliases(&["n"]),
    b("no-trunc"),
];
pub(super) const PS: &[FlagDef] = &[
    b("verbose").aliases(&["v"]),
    s("id"),
    s("name"),
    s("pod").aliases(&["p"]),
    s("image"),
    s("state").aliases(&["s"]),
    s("label"),
    b("quiet").aliases(&["q"]),
    s("output").aliases(&["o"]),
    b("all").aliases(&["a"]),
    b("latest").aliases(&["l"]),
    i("last").aliases(&["n"]),
    b("no-trunc"),
    b("resolve-image-path").aliases(&["r"]),
    s("namespace"),
];
pub(super) const IMAGES: &[FlagDef] = &[
    b("quiet").aliases(&["q"]),
    b("verbose").aliases(&["v"]),
    s("output").aliases(&["o"]),
    b("digests"),
    b("no-trunc"),
    b("pinned"),
    s("filter").aliases(&["f"]),
];
pub(super) const PULL: &[FlagDef] = &[
    s("creds"),
    s("auth"),
    s("username"),
    s("pod-config").aliases(&["p"]),
    s("annotation").aliases(&["a"]),
    FlagDef::new("pull-timeout", Kind::Duration).aliases(&["pt"]),
    s("platform"),
];
pub(super) const RUNP: &[FlagDef] = &[
    s("runtime").aliases(&["r"]),
    FlagDef::new("cancel-timeout", Kind::Duration).aliases(&["T"]),
];
pub(super) const CREATE: &[FlagDef] = &[
    b("no-pull"),
    b("with-pull"),
    s("creds"),
    s("auth"),
    s("username"),
    FlagDef::new("cancel-timeout", Kind::Duration).aliases(&["T"]),
    FlagDef::new("pull-timeout", Kind::Duration).aliases(&["pt"]),
];
pub(super) const RUN: &[FlagDef] = &[
    b("no-pull"),
    b("with-pull"),
    s("creds"),
    s("auth"),
    s("username"),
    s("runtime").aliases(&["r"]),
    FlagDef::new("cancel-timeout", Kind::Duration).aliases(&["T"]),
    FlagDef::new("pull-timeout", Kind::Duration).aliases(&["pt"]),
];
pub(super) const STOP: &[FlagDef] = &[i("timeout").aliases(&["t"]), b("all").aliases(&["a"])];
pub(super) const RM: &[FlagDef] = &[
    b("force").aliases(&["f"]),
    b("keep-logs").aliases(&["k"]),
    b("all").aliases(&["a"]),
];
pub(super) const RMP: &[FlagDef] = &[b("force").aliases(&["f"]), b("all").aliases(&["a"])];
pub(super) const RMI: &[FlagDef] = &[b("all").aliases(&["a"]), b("prune").aliases(&["q"])];
pub(super) const INSPECT: &[FlagDef] = &[
    s("output").aliases(&["o"]),
    b("quiet").aliases(&["q"]),
    s("template"),
    s("name"),
    s("namespace"),
    s("pod").aliases(&["p"]),
    s("image"),
    s("state").aliases(&["s"]),
    s("label"),
    b("latest").aliases(&["l"]),
    i("last").aliases(&["n"]),
    b("all").aliases(&["a"]),
];
pub(super) const INSPECTI: &[FlagDef] = &[
    s("output").aliases(&["o"]),
    b("quiet").aliases(&["q"]),
    s("template"),
];
pub(super) const LOGS: &[FlagDef] = &[
    b("follow").aliases(&["f"]),
    b("previous").aliases(&["p"]),
    i("tail"),
    b("timestamps").aliases(&["t"]),
    s("since"),
    i("limit-bytes"),
    b("reopen").aliases(&["r"]),
    s("stream"),
];
pub(super) const EXEC: &[FlagDef] = &[
    b("sync").aliases(&["s"]),
    b("interactive").aliases(&["i"]),
    b("tty").aliases(&["t"]),
    i("timeout"),
    s("transport"),
    b("ignore-errors").aliases(&["e"]),
    s("image"),
    s("label"),
    b("last").aliases(&["l"]),
    s("name"),
    s("namespace"),
    s("pod").aliases(&["p"]),
    s("state"),
    b("all").aliases(&["a"]),
];
pub(super) const STATS: &[FlagDef] = &[
    b("all").aliases(&["a"]),
    s("id"),
    s("pod").aliases(&["p"]),
    s("label"),
    s("output").aliases(&["o"]),
    i("seconds").aliases(&["s"]),
    b("watch").aliases(&["w"]),
];
pub(super) const STATSP: &[FlagDef] = &[
    s("id"),
    s("label"),
    s("output").aliases(&["o"]),
    i("seconds").aliases(&["s"]),
    b("watch").aliases(&["w"]),
];
pub(super) const OUTPUT_ONLY: &[FlagDef] = &[
    s("output").aliases(&["o"]),
    b("quiet").aliases(&["q"]),
    s("template"),
];
pub(super) const CONFIG: &[FlagDef] = &[s("get"), s("set"), b("list")];
pub(super) const NONE: &[FlagDef] = &[];
