//! The table of every rule this module applies, by diagnostic code: a data
//! table, one line (or three, as rustfmt wraps it) a rule.

/// Every rule, by code: what it checks. A diagnostic's `code` is one of these.
pub const RULES: &[(&str, &str)] = &[
    // Reading
    ("too-large", "the document is over MAX_BYTES"),
    ("too-deep", "arrays and objects nest deeper than MAX_DEPTH"),
    (
        "too-many-values",
        "the document holds more than MAX_VALUES values",
    ),
    ("not-utf8", "the bytes are not UTF-8 text"),
    ("syntax", "the text is not JSON (with where it breaks)"),
    ("duplicate-key", "a key repeated in one object"),
    ("not-an-object", "the document is not a JSON object"),
    (
        "unknown-kind",
        "neither a runtime config nor an image document",
    ),
    ("docker-schema1", "a deprecated Docker schema 1 manifest"),
    ("too-many-diagnostics", "more than MAX_DIAGNOSTICS findings"),
    (
        "oci-spec",
        "oci-spec cannot read a document the rules accept",
    ),
    // Shape
    ("missing-field", "a REQUIRED field is absent"),
    ("wrong-type", "a value of the wrong JSON type"),
    ("out-of-range", "an integer outside its type's range"),
    (
        "not-an-integer",
        "a fraction or exponent where an integer is expected",
    ),
    (
        "unknown-value",
        "a value outside a closed set (namespace, rlimit, seccomp…)",
    ),
    (
        "unknown-field",
        "a field the spec does not define (ignored by runtimes)",
    ),
    // Runtime config
    ("oci-version", "ociVersion is not SemVer, or not 1.x"),
    ("missing-root", "no root (runc refuses)"),
    ("empty-path", "root.path is empty"),
    ("missing-process", "no process (runc refuses)"),
    (
        "relative-path",
        "a path the spec requires absolute is relative",
    ),
    ("empty-args", "process.args missing or empty"),
    ("env-format", "an environment entry that is not NAME=value"),
    ("oom-score-adj", "oomScoreAdj outside -1000..1000"),
    (
        "unknown-capability",
        "a capability name runc does not know (ignored)",
    ),
    (
        "ambient-not-permitted",
        "an ambient capability not permitted and inheritable",
    ),
    (
        "effective-not-permitted",
        "an effective capability not permitted",
    ),
    ("duplicate-rlimit", "an rlimit type set twice"),
    (
        "rlimit-soft-above-hard",
        "an rlimit's soft limit above its hard limit",
    ),
    ("io-priority", "ioPriority.priority outside 0..7"),
    ("scheduler", "scheduler values runc refuses"),
    ("cpu-list", "a CPU or NUMA node list that does not parse"),
    ("mount-without-type", "a mount with neither type nor bind"),
    ("bind-without-source", "a bind mount without source"),
    (
        "idmap-without-bind",
        "an ID-mapped mount that is not a bind mount",
    ),
    ("deprecated-prestart", "prestart hooks (deprecated)"),
    ("hook-timeout", "a hook timeout that is not above zero"),
    (
        "needs-uts-namespace",
        "hostname or domainname without a UTS namespace",
    ),
    (
        "needs-mount-namespace",
        "masked or read-only paths without a mount namespace",
    ),
    (
        "needs-time-namespace",
        "timeOffsets without a new time namespace",
    ),
    ("no-namespaces", "a linux section with no namespaces"),
    ("duplicate-namespace", "a namespace type listed twice"),
    (
        "mappings-without-userns",
        "ID mappings without a user namespace",
    ),
    (
        "mappings-with-userns-path",
        "ID mappings with a user namespace joined by path",
    ),
    (
        "userns-without-mappings",
        "a new user namespace without uid or gid mappings",
    ),
    ("too-many-mappings", "more than 340 lines in an ID map"),
    ("mapping-size", "an ID mapping of size 0"),
    ("mapping-overlap", "overlapping ID mappings"),
    (
        "unmapped-user",
        "the process's uid or gid outside the mappings",
    ),
    (
        "sysctl",
        "a sysctl runc refuses for the container's namespaces",
    ),
    (
        "rootfs-propagation",
        "a rootfsPropagation runc does not support",
    ),
    ("duplicate-device", "a device path listed twice"),
    ("file-mode", "a device fileMode above 0o7777"),
    ("empty-annotation-key", "an empty annotation key"),
    (
        "systemd-cgroups-path",
        "a cgroupsPath in systemd's slice:prefix:name form",
    ),
    ("intel-rdt", "an intelRdt.closID runc refuses"),
    (
        "pids-limit",
        "a pids limit of 0 (unset) or below -1 (refused on cgroup v2)",
    ),
    (
        "device-access",
        "a device cgroup access that is not r, w, m",
    ),
    ("blkio-weight", "block I/O weights out of range or missing"),
    ("hugepage-size", "a hugepage size the kernel does not name"),
    ("hugepage-limit", "a negative hugepage limit"),
    (
        "unified-key",
        "a cgroup v2 unified key that is not a file name",
    ),
    ("memory-value", "a memory value below -1"),
    ("memory-limit-zero", "memory.limit 0 (read as unset)"),
    ("memory-limit-tiny", "memory.limit below 6 MiB"),
    (
        "reservation-above-limit",
        "memory.reservation above memory.limit",
    ),
    ("swap-without-limit", "memory.swap without memory.limit"),
    ("swap-below-limit", "memory.swap below memory.limit"),
    ("swappiness", "memory.swappiness above 100"),
    ("kernel-memory", "deprecated kernel memory limits"),
    ("cpu-shares", "cpu.shares outside 2..262144"),
    ("cpu-period", "cpu.period outside 1 ms..1 s"),
    (
        "cpu-quota",
        "cpu.quota below 1 ms, or negative other than -1",
    ),
    ("quota-without-period", "cpu.quota without cpu.period"),
    ("cpu-burst", "cpu.burst above cpu.quota"),
    ("cpu-realtime", "realtimeRuntime above realtimePeriod"),
    ("cpu-idle", "cpu.idle other than 0 or 1"),
    (
        "seccomp-notify",
        "SCMP_ACT_NOTIFY as default, or without listenerPath",
    ),
    ("seccomp-names", "a seccomp rule without names"),
    ("seccomp-errno", "errnoRet with an action that ignores it"),
    ("seccomp-arg-index", "a seccomp argument index above 5"),
    // Image documents
    ("schema-version", "schemaVersion is not 2"),
    (
        "media-type",
        "mediaType missing, wrong for the document, or not RFC 6838",
    ),
    ("artifact-type", "an artifact manifest without artifactType"),
    ("artifact", "a manifest whose config is not an image config"),
    (
        "config-media-type",
        "a manifest pointing to the other family's config type",
    ),
    ("layer-media-type", "a layer type runtimes do not unpack"),
    (
        "nondistributable-layer",
        "a deprecated non-distributable layer type",
    ),
    ("no-layers", "an image manifest without layers"),
    (
        "digest",
        "a digest that breaks the grammar or its algorithm's length",
    ),
    ("digest-algorithm", "an unregistered digest algorithm"),
    (
        "empty-descriptor",
        "an empty descriptor with the wrong size or digest",
    ),
    ("url-scheme", "a descriptor URL that is not http(s)"),
    ("data-base64", "embedded data that is not base64"),
    ("data-size", "embedded data whose length is not the size"),
    (
        "manifest-media-type",
        "an index entry that is not a manifest or index",
    ),
    (
        "mixed-media-types",
        "an OCI entry in a Docker manifest list",
    ),
    (
        "attestation-manifest",
        "a BuildKit attestation manifest (skipped by runtimes)",
    ),
    (
        "attestation-platform",
        "an attestation with a real platform",
    ),
    (
        "attestation-target",
        "an attestation of a manifest not in the index",
    ),
    ("duplicate-platform", "two entries for one platform"),
    ("missing-platform", "an index entry without platform"),
    (
        "no-runnable-platform",
        "an index with no entry a runtime can pick",
    ),
    ("unknown-os", "an os that is not a GOOS value"),
    (
        "unknown-architecture",
        "an architecture that is not a GOARCH value",
    ),
    (
        "unknown-variant",
        "a CPU variant the architecture does not have",
    ),
    ("rootfs-type", "rootfs.type is not layers"),
    (
        "history-layers",
        "history and diff_ids disagree on the number of layers",
    ),
    ("timestamp", "a date that is not RFC 3339"),
    ("exposed-port", "an exposed port that is not port/protocol"),
];
