//! The commands and flags docker 27 knows: the top-level command list, the
//! global flags, each simulated subcommand's flags, usage line and argument
//! count (`cli/required.go`), and the management groups' subcommands.

use super::container::RUN_FLAGS;
use crate::command::flags::{b, i, s, FlagDef};

/// Top-level commands of docker 27 (without CLI plugins).
pub(super) const COMMANDS: &[&str] = &[
    "attach",
    "build",
    "builder",
    "buildx",
    "checkpoint",
    "commit",
    "config",
    "container",
    "context",
    "cp",
    "create",
    "diff",
    "events",
    "exec",
    "export",
    "history",
    "image",
    "images",
    "import",
    "info",
    "inspect",
    "kill",
    "load",
    "login",
    "logout",
    "logs",
    "manifest",
    "network",
    "node",
    "pause",
    "plugin",
    "port",
    "ps",
    "pull",
    "push",
    "rename",
    "restart",
    "rm",
    "rmi",
    "run",
    "save",
    "search",
    "secret",
    "service",
    "stack",
    "start",
    "stats",
    "stop",
    "swarm",
    "system",
    "tag",
    "top",
    "trust",
    "unpause",
    "update",
    "version",
    "volume",
    "wait",
    "help",
];

pub(super) const GLOBAL: &[FlagDef] = &[
    s("config"),
    s("context").short('c'),
    b("debug").short('D'),
    s("host").short('H'),
    s("log-level").short('l'),
    b("tls"),
    s("tlscacert"),
    s("tlscert"),
    s("tlskey"),
    b("tlsverify"),
    b("version").short('v'),
    b("help").short('h'),
];

pub(super) const START: &[FlagDef] = &[
    b("attach").short('a'),
    b("interactive").short('i'),
    s("detach-keys"),
    s("checkpoint"),
    s("checkpoint-dir"),
];
pub(super) const PS: &[FlagDef] = &[
    b("all").short('a'),
    b("quiet").short('q'),
    b("no-trunc"),
    s("filter").short('f'),
    s("format"),
    i("last").short('n'),
    b("latest").short('l'),
    b("size").short('s'),
];
pub(super) const PULL: &[FlagDef] = &[
    b("all-tags").short('a'),
    b("disable-content-trust"),
    s("platform"),
    b("quiet").short('q'),
];
pub(super) const IMAGES: &[FlagDef] = &[
    b("all").short('a'),
    b("quiet").short('q'),
    b("no-trunc"),
    b("digests"),
    s("filter").short('f'),
    s("format"),
    b("tree"),
];
pub(super) const STOP: &[FlagDef] = &[
    i("time").short('t').aliases(&["timeout"]),
    s("signal").short('s'),
];
pub(super) const KILL: &[FlagDef] = &[s("signal").short('s')];
pub(super) const RM: &[FlagDef] = &[
    b("force").short('f'),
    b("link").short('l'),
    b("volumes").short('v'),
];
pub(super) const RMI: &[FlagDef] = &[b("force").short('f'), b("no-prune")];
pub(crate) const EXEC: &[FlagDef] = &[
    b("detach").short('d'),
    s("detach-keys"),
    s("env").short('e'),
    s("env-file"),
    b("interactive").short('i'),
    b("privileged"),
    b("tty").short('t'),
    s("user").short('u'),
    s("workdir").short('w'),
];
pub(super) const LOGS: &[FlagDef] = &[
    b("details"),
    b("follow").short('f'),
    s("since"),
    s("tail").short('n'),
    b("timestamps").short('t'),
    s("until"),
];
pub(super) const INSPECT: &[FlagDef] = &[s("format").short('f'), b("size").short('s'), s("type")];
pub(super) const FORMAT: &[FlagDef] = &[s("format").short('f')];

/// How a subcommand validates its arguments (`cli/required.go`).
#[derive(Debug, Clone, Copy)]
pub(super) enum Arity {
    NoArgs,
    Min(usize),
    Max(usize),
    Exact(usize),
}

/// One docker subcommand: canonical name, usage line, flags, arguments.
pub(super) struct Spec {
    /// The primary name (what `CommandPath` shows).
    pub(super) name: &'static str,
    /// `Use` without the name.
    pub(super) usage: &'static str,
    pub(super) flags: &'static [FlagDef],
    pub(super) arity: Arity,
    pub(super) interspersed: bool,
}

pub(super) const fn spec(
    name: &'static str,
    usage: &'static str,
    flags: &'static [FlagDef],
    arity: Arity,
) -> Spec {
    Spec {
        name,
        usage,
        flags,
        arity,
        interspersed: true,
    }
}

pub(super) const RUN_SPEC: Spec = Spec {
    name: "run",
    usage: "[OPTIONS] IMAGE [COMMAND] [ARG...]",
    flags: RUN_FLAGS,
    arity: Arity::Min(1),
    interspersed: false,
};
pub(super) const CREATE_SPEC: Spec = Spec {
    name: "create",
    usage: "[OPTIONS] IMAGE [COMMAND] [ARG...]",
    flags: RUN_FLAGS,
    arity: Arity::Min(1),
    interspersed: false,
};
pub(super) const EXEC_SPEC: Spec = Spec {
    name: "exec",
    usage: "[OPTIONS] CONTAINER COMMAND [ARG...]",
    flags: EXEC,
    arity: Arity::Min(2),
    interspersed: false,
};

/// Resolves `[management] command` to a spec; `None` when not simulated.
pub(super) fn lookup(group: Option<&str>, name: &str) -> Option<Spec> {
    Some(match (group, name) {
        (None | Some("container"), "run") => RUN_SPEC,
        (None | Some("container"), "create") => CREATE_SPEC,
        (None | Some("container"), "exec") => EXEC_SPEC,
        (None | Some("container"), "start") => spec(
            "start",
            "[OPTIONS] CONTAINER [CONTAINER...]",
            START,
            Arity::Min(1),
        ),
        (None, "ps") => spec("ps", "[OPTIONS]", PS, Arity::NoArgs),
        (Some("container"), "ls" | "ps" | "list") => spec("ls", "[OPTIONS]", PS, Arity::NoArgs),
        (None, "pull") | (Some("image"), "pull") => spec(
            "pull",
            "[OPTIONS] NAME[:TAG|@DIGEST]",
            PULL,
            Arity::Exact(1),
        ),
        (None, "images") => spec(
            "images",
            "[OPTIONS] [REPOSITORY[:TAG]]",
            IMAGES,
            Arity::Max(1),
        ),
        (Some("image"), "ls" | "images" | "list") => {
            spec("ls", "[OPTIONS] [REPOSITORY[:TAG]]", IMAGES, Arity::Max(1))
        }
        (None | Some("container"), "stop") => spec(
            "stop",
            "[OPTIONS] CONTAINER [CONTAINER...]",
            STOP,
            Arity::Min(1),
        ),
        (None | Some("container"), "kill") => spec(
            "kill",
            "[OPTIONS] CONTAINER [CONTAINER...]",
            KILL,
            Arity::Min(1),
        ),
        (None, "rm") => spec(
            "rm",
            "[OPTIONS] CONTAINER [CONTAINER...]",
            RM,
            Arity::Min(1),
        ),
        (Some("container"), "rm" | "remove") => spec(
            "rm",
            "[OPTIONS] CONTAINER [CONTAINER...]",
            RM,
            Arity::Min(1),
        ),
        (None, "rmi") => spec("rmi", "[OPTIONS] IMAGE [IMAGE...]", RMI, Arity::Min(1)),
        (Some("image"), "rm" | "rmi" | "remove") => {
            spec("rm", "[OPTIONS] IMAGE [IMAGE...]", RMI, Arity::Min(1))
        }
        (None | Some("container"), "logs") => {
            spec("logs", "[OPTIONS] CONTAINER", LOGS, Arity::Exact(1))
        }
        (None, "inspect") => spec(
            "inspect",
            "[OPTIONS] NAME|ID [NAME|ID...]",
            INSPECT,
            Arity::Min(1),
        ),
        (Some("container"), "inspect") => spec(
            "inspect",
            "[OPTIONS] CONTAINER [CONTAINER...]",
            INSPECT,
            Arity::Min(1),
        ),
        (Some("image"), "inspect") => spec(
            "inspect",
            "[OPTIONS] IMAGE [IMAGE...]",
            INSPECT,
            Arity::Min(1),
        ),
        (None, "version") => spec("version", "[OPTIONS]", FORMAT, Arity::NoArgs),
        (None, "info") => spec("info", "[OPTIONS]", FORMAT, Arity::NoArgs),
        (Some("network"), "ls" | "list") => spec("ls", "[OPTIONS]", NETWORK_LS, Arity::NoArgs),
        _ => return None,
    })
}

pub(super) const CONTAINER_SUBCOMMANDS: &[&str] = &[
    "attach", "commit", "cp", "create", "diff", "exec", "export", "inspect", "kill", "logs", "ls",
    "ps", "list", "pause", "port", "prune", "rename", "restart", "rm", "remove", "run", "start",
    "stats", "stop", "top", "unpause", "update", "wait",
];
pub(super) const NETWORK_SUBCOMMANDS: &[&str] = &[
    "connect",
    "create",
    "disconnect",
    "inspect",
    "ls",
    "list",
    "prune",
    "rm",
    "remove",
];
pub(super) const NETWORK_LS: &[FlagDef] = &[
    b("quiet").short('q'),
    b("no-trunc"),
    s("filter").short('f'),
    s("format"),
];
pub(super) const IMAGE_SUBCOMMANDS: &[&str] = &[
    "build", "history", "import", "inspect", "load", "ls", "images", "list", "prune", "pull",
    "push", "rm", "rmi", "remove", "save", "tag",
];
