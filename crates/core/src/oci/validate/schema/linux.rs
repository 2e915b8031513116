//! The runtime-spec's `linux` section: namespaces, id mappings, devices,
//! resources, seccomp, personality, memory policy, Intel RDT, and the closed
//! sets of values they use.

use super::*;

pub(in crate::oci::validate) static NAMESPACE_TYPES: Choice = Choice {
    what: "val-what-namespace-type",
    values: &[
        "pid", "network", "mount", "ipc", "uts", "user", "cgroup", "time",
    ],
    aliases: &[("net", "network"), ("mnt", "mount")],
};

pub(super) static DEVICE_TYPES: Choice = Choice {
    what: "val-what-device-type",
    values: &["c", "b", "u", "p"],
    aliases: &[],
};

pub(super) static DEVICE_CGROUP_TYPES: Choice = Choice {
    what: "val-what-device-cgroup-type",
    values: &["a", "c", "b"],
    aliases: &[],
};

pub(super) static SECCOMP_ACTIONS: Choice = Choice {
    what: "val-what-seccomp-action",
    values: &[
        "SCMP_ACT_KILL",
        "SCMP_ACT_KILL_PROCESS",
        "SCMP_ACT_KILL_THREAD",
        "SCMP_ACT_TRAP",
        "SCMP_ACT_ERRNO",
        "SCMP_ACT_TRACE",
        "SCMP_ACT_ALLOW",
        "SCMP_ACT_LOG",
        "SCMP_ACT_NOTIFY",
    ],
    aliases: &[],
};

pub(super) static SECCOMP_ARCHES: Choice = Choice {
    what: "val-what-seccomp-architecture",
    values: &[
        "SCMP_ARCH_X86",
        "SCMP_ARCH_X86_64",
        "SCMP_ARCH_X32",
        "SCMP_ARCH_ARM",
        "SCMP_ARCH_AARCH64",
        "SCMP_ARCH_MIPS",
        "SCMP_ARCH_MIPS64",
        "SCMP_ARCH_MIPS64N32",
        "SCMP_ARCH_MIPSEL",
        "SCMP_ARCH_MIPSEL64",
        "SCMP_ARCH_MIPSEL64N32",
        "SCMP_ARCH_PPC",
        "SCMP_ARCH_PPC64",
        "SCMP_ARCH_PPC64LE",
        "SCMP_ARCH_S390",
        "SCMP_ARCH_S390X",
        "SCMP_ARCH_PARISC",
        "SCMP_ARCH_PARISC64",
        "SCMP_ARCH_RISCV64",
        "SCMP_ARCH_LOONGARCH64",
        "SCMP_ARCH_M68K",
        "SCMP_ARCH_SH",
        "SCMP_ARCH_SHEB",
    ],
    aliases: &[],
};

pub(super) static SECCOMP_FLAGS: Choice = Choice {
    what: "val-what-seccomp-filter-flag",
    values: &[
        "SECCOMP_FILTER_FLAG_TSYNC",
        "SECCOMP_FILTER_FLAG_LOG",
        "SECCOMP_FILTER_FLAG_SPEC_ALLOW",
        "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV",
    ],
    aliases: &[],
};

pub(super) static SECCOMP_OPERATORS: Choice = Choice {
    what: "val-what-seccomp-comparison-operator",
    values: &[
        "SCMP_CMP_NE",
        "SCMP_CMP_LT",
        "SCMP_CMP_LE",
        "SCMP_CMP_EQ",
        "SCMP_CMP_GE",
        "SCMP_CMP_GT",
        "SCMP_CMP_MASKED_EQ",
    ],
    aliases: &[],
};

pub(super) static PERSONALITY_DOMAINS: Choice = Choice {
    what: "val-what-personality-domain",
    values: &["LINUX", "LINUX32"],
    aliases: &[],
};

pub(super) static MEMORY_POLICY_MODES: Choice = Choice {
    what: "val-what-memory-policy-mode",
    values: &[
        "MPOL_DEFAULT",
        "MPOL_BIND",
        "MPOL_INTERLEAVE",
        "MPOL_WEIGHTED_INTERLEAVE",
        "MPOL_PREFERRED",
        "MPOL_PREFERRED_MANY",
        "MPOL_LOCAL",
    ],
    aliases: &[],
};

pub(super) static MEMORY_POLICY_FLAGS: Choice = Choice {
    what: "val-what-memory-policy-flag",
    values: &[
        "MPOL_F_NUMA_BALANCING",
        "MPOL_F_RELATIVE_NODES",
        "MPOL_F_STATIC_NODES",
    ],
    aliases: &[],
};

pub(super) static ID_MAPPING: Obj = Obj {
    what: "val-what-id-mapping",
    fields: &[
        req(
            "containerID",
            U32,
            "val-hint-containerid-first-id-inside-the-container",
        ),
        req(
            "hostID",
            U32,
            "val-hint-hostid-first-id-on-the-host-it-maps-t",
        ),
        req("size", U32, "val-hint-size-how-many-ids-the-range-holds"),
    ],
};

pub(super) const ID_MAPPINGS: Ty = Ty::Array(&Ty::Object(&ID_MAPPING));

pub(super) static NAMESPACE: Obj = Obj {
    what: "val-what-namespace-entry",
    fields: &[
        req(
            "type",
            Ty::Enum(&NAMESPACE_TYPES),
            "pid, network, mount, ipc, uts, user, cgroup or time",
        ),
        opt("path", STR),
    ],
};

pub(super) static TIME_OFFSET: Obj = Obj {
    what: "val-what-time-offset",
    fields: &[opt("secs", I64), opt("nanosecs", U32)],
};

pub(super) static DEVICE: Obj = Obj {
    what: "val-what-device",
    fields: &[
        req(
            "type",
            Ty::Enum(&DEVICE_TYPES),
            "c (character), b (block), u or p (FIFO)",
        ),
        req(
            "path",
            STR,
            "where the node is created inside the container, such as \"/dev/fuse\"",
        ),
        nn("major", I64),
        nn("minor", I64),
        opt("fileMode", U32),
        opt("uid", U32),
        opt("gid", U32),
    ],
};

pub(super) static NET_DEVICE: Obj = Obj {
    what: "val-what-network-device",
    fields: &[opt("name", STR)],
};

pub(super) static DEVICE_CGROUP: Obj = Obj {
    what: "val-what-device-cgroup-rule",
    fields: &[
        req(
            "allow",
            BOOL,
            "true to allow the devices the rule matches, false to deny them",
        ),
        opt("type", Ty::Enum(&DEVICE_CGROUP_TYPES)),
        opt("major", I64),
        opt("minor", I64),
        opt("access", STR),
    ],
};

pub(super) static MEMORY: Obj = Obj {
    what: "val-what-linux-resources-memory",
    fields: &[
        opt("limit", I64),
        opt("reservation", I64),
        opt("swap", I64),
        opt("kernel", I64),
        opt("kernelTCP", I64),
        opt("swappiness", U64),
        opt("disableOOMKiller", BOOL),
        opt("useHierarchy", BOOL),
        opt("checkBeforeUpdate", BOOL),
    ],
};

pub(super) static CPU: Obj = Obj {
    what: "val-what-linux-resources-cpu",
    fields: &[
        opt("shares", U64),
        opt("quota", I64),
        opt("burst", U64),
        opt("period", U64),
        opt("realtimeRuntime", I64),
        opt("realtimePeriod", U64),
        opt("cpus", STR),
        opt("mems", STR),
        opt("idle", I64),
    ],
};

pub(super) static PIDS: Obj = Obj {
    what: "val-what-linux-resources-pids",
    fields: &[req(
        "limit",
        I64,
        "the most tasks the cgroup may hold (-1 for no limit)",
    )],
};

pub(super) static WEIGHT_DEVICE: Obj = Obj {
    what: "val-what-block-i-o-weight-device",
    fields: &[
        req("major", I64, "val-hint-major-device-s-major-number"),
        req("minor", I64, "val-hint-minor-device-s-minor-number"),
        opt("weight", U16),
        opt("leafWeight", U16),
    ],
};

pub(super) static THROTTLE_DEVICE: Obj = Obj {
    what: "val-what-block-i-o-throttle-device",
    fields: &[
        req("major", I64, "val-hint-major-device-s-major-number"),
        req("minor", I64, "val-hint-minor-device-s-minor-number"),
        req("rate", U64, "val-hint-rate-limit-in-bytes-or-operations-p"),
    ],
};

pub(super) const THROTTLE_DEVICES: Ty = Ty::Array(&Ty::Object(&THROTTLE_DEVICE));

pub(super) static BLOCK_IO: Obj = Obj {
    what: "val-what-linux-resources-blockio",
    fields: &[
        opt("weight", U16),
        opt("leafWeight", U16),
        opt("weightDevice", Ty::Array(&Ty::Object(&WEIGHT_DEVICE))),
        opt("throttleReadBpsDevice", THROTTLE_DEVICES),
        opt("throttleWriteBpsDevice", THROTTLE_DEVICES),
        opt("throttleReadIOPSDevice", THROTTLE_DEVICES),
        opt("throttleWriteIOPSDevice", THROTTLE_DEVICES),
    ],
};

pub(super) static HUGEPAGE_LIMIT: Obj = Obj {
    what: "val-what-hugepage-limit",
    fields: &[
        req(
            "pageSize",
            STR,
            "val-hint-pagesize-page-size-such-as-2mb-or-1gb",
        ),
        req("limit", I64, "val-hint-limit-limit-in-bytes"),
    ],
};

pub(super) static INTERFACE_PRIORITY: Obj = Obj {
    what: "val-what-interface-priority",
    fields: &[
        req("name", STR, "val-hint-name-interface-name-such-as-eth0"),
        req("priority", U32, "val-hint-priority-its-priority"),
    ],
};

pub(super) static NETWORK: Obj = Obj {
    what: "val-what-linux-resources-network",
    fields: &[
        opt("classID", U32),
        opt("priorities", Ty::Array(&Ty::Object(&INTERFACE_PRIORITY))),
    ],
};

pub(super) static RDMA: Obj = Obj {
    what: "val-what-rdma-limit",
    fields: &[opt("hcaHandles", U32), opt("hcaObjects", U32)],
};

pub(super) static RESOURCES: Obj = Obj {
    what: "val-what-linux-resources",
    fields: &[
        opt("devices", Ty::Array(&Ty::Object(&DEVICE_CGROUP))),
        opt("memory", Ty::Object(&MEMORY)),
        opt("cpu", Ty::Object(&CPU)),
        opt("pids", Ty::Object(&PIDS)),
        opt("blockIO", Ty::Object(&BLOCK_IO)),
        opt("hugepageLimits", Ty::Array(&Ty::Object(&HUGEPAGE_LIMIT))),
        opt("network", Ty::Object(&NETWORK)),
        opt("rdma", Ty::Map(&Ty::Object(&RDMA))),
        opt("unified", STRING_MAP),
    ],
};

pub(super) static INTEL_RDT: Obj = Obj {
    what: "val-what-linux-intelrdt",
    fields: &[
        opt("closID", STR),
        opt("schemata", STRINGS),
        opt("l3CacheSchema", STR),
        opt("memBwSchema", STR),
        opt("enableCMT", BOOL),
        opt("enableMBM", BOOL),
        opt("enableMonitoring", BOOL),
    ],
};

pub(super) static MEMORY_POLICY: Obj = Obj {
    what: "val-what-linux-memorypolicy",
    fields: &[
        req(
            "mode",
            Ty::Enum(&MEMORY_POLICY_MODES),
            "the NUMA policy, such as \"MPOL_BIND\"",
        ),
        opt("nodes", STR),
        opt("flags", Ty::Array(&Ty::Enum(&MEMORY_POLICY_FLAGS))),
    ],
};

pub(super) static SECCOMP_ARG: Obj = Obj {
    what: "val-what-seccomp-argument-rule",
    fields: &[
        req("index", U32, "val-hint-index-which-system-call-argument"),
        req("value", U64, "val-hint-value-value-to-compare-with"),
        opt("valueTwo", U64),
        req(
            "op",
            Ty::Enum(&SECCOMP_OPERATORS),
            "the comparison, such as \"SCMP_CMP_EQ\"",
        ),
    ],
};

pub(super) static SYSCALL: Obj = Obj {
    what: "val-what-seccomp-syscall-rule",
    fields: &[
        req(
            "names",
            STRINGS,
            "the system calls the rule applies to, such as [\"mount\"]",
        ),
        req(
            "action",
            Ty::Enum(&SECCOMP_ACTIONS),
            "what happens when they are called, such as \"SCMP_ACT_ERRNO\"",
        ),
        opt("errnoRet", U32),
        opt("args", Ty::Array(&Ty::Object(&SECCOMP_ARG))),
    ],
};

pub(super) static SECCOMP: Obj = Obj {
    what: "val-what-linux-seccomp",
    fields: &[
        req(
            "defaultAction",
            Ty::Enum(&SECCOMP_ACTIONS),
            "what happens to system calls no rule matches, such as \"SCMP_ACT_ERRNO\"",
        ),
        opt("defaultErrnoRet", U32),
        opt("architectures", Ty::Array(&Ty::Enum(&SECCOMP_ARCHES))),
        opt("flags", Ty::Array(&Ty::Enum(&SECCOMP_FLAGS))),
        opt("listenerPath", STR),
        opt("listenerMetadata", STR),
        opt("syscalls", Ty::Array(&Ty::Object(&SYSCALL))),
    ],
};

pub(super) static PERSONALITY: Obj = Obj {
    what: "val-what-linux-personality",
    fields: &[
        req(
            "domain",
            Ty::Enum(&PERSONALITY_DOMAINS),
            "val-hint-domain-linux-or-linux32",
        ),
        opt("flags", STRINGS),
    ],
};

pub(super) static LINUX: Obj = Obj {
    what: "val-what-linux",
    fields: &[
        opt("namespaces", Ty::Array(&Ty::Object(&NAMESPACE))),
        opt("uidMappings", ID_MAPPINGS),
        opt("gidMappings", ID_MAPPINGS),
        opt("timeOffsets", Ty::Map(&Ty::Object(&TIME_OFFSET))),
        opt("devices", Ty::Array(&Ty::Object(&DEVICE))),
        opt("netDevices", Ty::Map(&Ty::Object(&NET_DEVICE))),
        opt("cgroupsPath", STR),
        opt("resources", Ty::Object(&RESOURCES)),
        opt("intelRdt", Ty::Object(&INTEL_RDT)),
        opt("memoryPolicy", Ty::Object(&MEMORY_POLICY)),
        opt("sysctl", STRING_MAP),
        opt("seccomp", Ty::Object(&SECCOMP)),
        opt("rootfsPropagation", STR),
        opt("maskedPaths", STRINGS),
        opt("readonlyPaths", STRINGS),
        opt("mountLabel", STR),
        opt("personality", Ty::Object(&PERSONALITY)),
    ],
};
