//! The runtime-spec's shapes outside `linux` (`config.json`, `root`, `mounts`,
//! `process` and its parts, `hooks`), and the closed sets of values they use.

use super::linux::*;
use super::*;

pub(super) static RLIMIT_TYPES: Choice = Choice {
    what: "val-what-rlimit-type",
    values: &[
        "RLIMIT_AS",
        "RLIMIT_CORE",
        "RLIMIT_CPU",
        "RLIMIT_DATA",
        "RLIMIT_FSIZE",
        "RLIMIT_LOCKS",
        "RLIMIT_MEMLOCK",
        "RLIMIT_MSGQUEUE",
        "RLIMIT_NICE",
        "RLIMIT_NOFILE",
        "RLIMIT_NPROC",
        "RLIMIT_RSS",
        "RLIMIT_RTPRIO",
        "RLIMIT_RTTIME",
        "RLIMIT_SIGPENDING",
        "RLIMIT_STACK",
    ],
    aliases: &[],
};

pub(super) static IOPRIO_CLASSES: Choice = Choice {
    what: "val-what-i-o-priority-class",
    values: &["IOPRIO_CLASS_RT", "IOPRIO_CLASS_BE", "IOPRIO_CLASS_IDLE"],
    aliases: &[],
};

pub(super) static SCHED_POLICIES: Choice = Choice {
    what: "val-what-scheduling-policy",
    values: &[
        "SCHED_OTHER",
        "SCHED_FIFO",
        "SCHED_RR",
        "SCHED_BATCH",
        "SCHED_ISO",
        "SCHED_IDLE",
        "SCHED_DEADLINE",
    ],
    aliases: &[],
};

pub(super) static SCHED_FLAGS: Choice = Choice {
    what: "val-what-scheduling-flag",
    values: &[
        "SCHED_FLAG_RESET_ON_FORK",
        "SCHED_FLAG_RECLAIM",
        "SCHED_FLAG_DL_OVERRUN",
        "SCHED_FLAG_KEEP_POLICY",
        "SCHED_FLAG_KEEP_PARAMS",
        "SCHED_FLAG_UTIL_CLAMP_MIN",
        "SCHED_FLAG_UTIL_CLAMP_MAX",
    ],
    aliases: &[],
};

pub(super) static ROOT: Obj = Obj {
    what: "val-what-root",
    fields: &[
        req(
            "path",
            STR,
            "the root filesystem, absolute or relative to the bundle, such as \"rootfs\"",
        ),
        opt("readonly", BOOL),
    ],
};

pub(super) static MOUNT: Obj = Obj {
    what: "val-what-mount",
    fields: &[
        req(
            "destination",
            STR,
            "where the mount goes inside the container, an absolute path such as \"/proc\"",
        ),
        opt("type", STR),
        opt("source", STR),
        opt("options", STRINGS),
        opt("uidMappings", ID_MAPPINGS),
        opt("gidMappings", ID_MAPPINGS),
    ],
};

pub(super) static CONSOLE_SIZE: Obj = Obj {
    what: "val-what-process-consolesize",
    fields: &[
        req("height", U64, "val-hint-height-rows"),
        req("width", U64, "val-hint-width-columns"),
    ],
};

pub(super) static USER: Obj = Obj {
    what: "val-what-process-user",
    fields: &[
        req(
            "uid",
            U32,
            "the user ID the process runs as, inside the container (0 is root)",
        ),
        req("gid", U32, "val-hint-gid-group-id-the-process-runs-as"),
        opt("umask", U32),
        opt("additionalGids", Ty::Array(&U32)),
        opt("username", STR),
    ],
};

pub(super) static CAPABILITIES: Obj = Obj {
    what: "val-what-process-capabilities",
    fields: &[
        opt("bounding", STRINGS),
        opt("effective", STRINGS),
        opt("inheritable", STRINGS),
        opt("permitted", STRINGS),
        opt("ambient", STRINGS),
    ],
};

pub(super) static RLIMIT: Obj = Obj {
    what: "val-what-rlimit",
    fields: &[
        req(
            "type",
            Ty::Enum(&RLIMIT_TYPES),
            "the resource, such as \"RLIMIT_NOFILE\"",
        ),
        req("hard", U64, "val-hint-hard-ceiling-for-the-soft-limit"),
        req("soft", U64, "val-hint-soft-limit-the-kernel-enforces"),
    ],
};

pub(super) static IO_PRIORITY: Obj = Obj {
    what: "val-what-process-iopriority",
    fields: &[
        req(
            "class",
            Ty::Enum(&IOPRIO_CLASSES),
            "IOPRIO_CLASS_RT, IOPRIO_CLASS_BE or IOPRIO_CLASS_IDLE",
        ),
        nn("priority", I32),
    ],
};

pub(super) static SCHEDULER: Obj = Obj {
    what: "val-what-process-scheduler",
    fields: &[
        req(
            "policy",
            Ty::Enum(&SCHED_POLICIES),
            "the scheduling policy, such as \"SCHED_OTHER\"",
        ),
        opt("nice", I32),
        opt("priority", I32),
        opt("flags", Ty::Array(&Ty::Enum(&SCHED_FLAGS))),
        opt("runtime", U64),
        opt("deadline", U64),
        opt("period", U64),
    ],
};

pub(super) static EXEC_CPU_AFFINITY: Obj = Obj {
    what: "val-what-process-execcpuaffinity",
    fields: &[opt("initial", STR), opt("final", STR)],
};

pub(super) static PROCESS: Obj = Obj {
    what: "val-what-process",
    fields: &[
        opt("terminal", BOOL),
        opt("consoleSize", Ty::Object(&CONSOLE_SIZE)),
        req(
            "user",
            Ty::Object(&USER),
            "the user the process runs as, such as {\"uid\": 0, \"gid\": 0}",
        ),
        opt("args", STRINGS),
        opt("commandLine", STR),
        opt("env", STRINGS),
        req(
            "cwd",
            STR,
            "the working directory of the process, an absolute path such as \"/\"",
        ),
        opt("capabilities", Ty::Object(&CAPABILITIES)),
        opt("rlimits", Ty::Array(&Ty::Object(&RLIMIT))),
        opt("noNewPrivileges", BOOL),
        opt("apparmorProfile", STR),
        opt("oomScoreAdj", I32),
        opt("selinuxLabel", STR),
        opt("ioPriority", Ty::Object(&IO_PRIORITY)),
        opt("scheduler", Ty::Object(&SCHEDULER)),
        opt("execCPUAffinity", Ty::Object(&EXEC_CPU_AFFINITY)),
    ],
};

pub(super) static HOOK: Obj = Obj {
    what: "val-what-hook",
    fields: &[
        req(
            "path",
            STR,
            "the program to run, an absolute path such as \"/usr/bin/my-hook\"",
        ),
        opt("args", STRINGS),
        opt("env", STRINGS),
        opt("timeout", I64),
    ],
};

pub(super) const HOOKS_LIST: Ty = Ty::Array(&Ty::Object(&HOOK));

pub(super) static HOOKS: Obj = Obj {
    what: "val-what-hooks",
    fields: &[
        opt("prestart", HOOKS_LIST),
        opt("createRuntime", HOOKS_LIST),
        opt("createContainer", HOOKS_LIST),
        opt("startContainer", HOOKS_LIST),
        opt("poststart", HOOKS_LIST),
        opt("poststop", HOOKS_LIST),
    ],
};

/// A runtime `config.json`.
pub(super) static CONFIG: Obj = Obj {
    what: "val-what-the-config",
    fields: &[
        req(
            "ociVersion",
            STR,
            "the runtime-spec version the bundle follows, in SemVer, such as \"1.2.0\"",
        ),
        opt("root", Ty::Object(&ROOT)),
        opt("mounts", Ty::Array(&Ty::Object(&MOUNT))),
        opt("process", Ty::Object(&PROCESS)),
        opt("hostname", STR),
        opt("domainname", STR),
        opt("hooks", Ty::Object(&HOOKS)),
        opt("annotations", STRING_MAP),
        opt("linux", Ty::Object(&LINUX)),
        opt("solaris", Ty::Any),
        opt("windows", Ty::Any),
        opt("vm", Ty::Any),
        opt("zos", Ty::Any),
        opt("freebsd", Ty::Any),
    ],
};
