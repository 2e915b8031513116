//! Why a spec cannot be planned, in the words runc or crun use for it.

use super::OciRuntime;

/// Why a spec cannot be planned. Messages use the runtime's own wording where
/// it has one (runc's are in shared/reference/runtime-outputs/errors-runc.txt).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlanError {
    /// The text is not a valid `config.json`.
    #[error("{message}")]
    Json {
        /// 1-based line.
        line: u32,
        /// 1-based column.
        column: u32,
        /// What is wrong: a syntax fault in Go's `encoding/json` wording (what
        /// runc prints), a type fault in serde's.
        message: String,
    },
    /// A namespace type the runtime does not know.
    #[error("{}", unknown_namespace(*.runtime, .typ, .path))]
    UnknownNamespace {
        /// Whose wording.
        runtime: OciRuntime,
        /// The type as written.
        typ: String,
        /// Its path, if any.
        path: String,
    },
    /// The same namespace type twice (runc).
    #[error("malformed spec file: duplicated ns {{{} {}}}", go_quote(.typ), go_quote(.path))]
    DuplicateNamespace {
        /// The type.
        typ: String,
        /// The path of the second entry.
        path: String,
    },
    /// No `process`.
    #[error("{}", match .runtime { OciRuntime::Runc => "process property must not be empty", OciRuntime::Crun => "block `process` not found" })]
    MissingProcess {
        /// Whose wording.
        runtime: OciRuntime,
    },
    /// `process.args` is empty.
    #[error("{}", match .runtime { OciRuntime::Runc => "args must not be empty", OciRuntime::Crun => "executable path not specified" })]
    EmptyArgs {
        /// Whose wording.
        runtime: OciRuntime,
    },
    /// `process.cwd` is empty (runc).
    #[error("Cwd property must not be empty")]
    EmptyCwd,
    /// `process.cwd` is relative (runc).
    #[error("Cwd must be an absolute path")]
    RelativeCwd,
    /// No `root`.
    #[error("{}", match .runtime { OciRuntime::Runc => "root must be specified", OciRuntime::Crun => "invalid config file, no `root` block specified" })]
    MissingRoot {
        /// Whose wording.
        runtime: OciRuntime,
    },
    /// No `linux` (crun).
    #[error("invalid config file, no `linux` block specified")]
    MissingLinux,
    /// No `mounts` (crun).
    #[error("invalid config file, no `mounts` block specified")]
    MissingMounts,
    /// An unknown `rootfsPropagation` (runc).
    #[error("rootfsPropagation={0} is not supported")]
    RootfsPropagation(String),
    /// `[r]private` root propagation with `--no-pivot` (runc).
    #[error("rootfsPropagation of [r]private is not safe without pivot_root")]
    PrivatePropagationWithoutPivot,
    /// `hostname` without a UTS namespace (runc).
    #[error("unable to set hostname without a private UTS namespace")]
    HostnameWithoutUts,
    /// `domainname` without a UTS namespace (runc).
    #[error("unable to set domainname without a private UTS namespace")]
    DomainnameWithoutUts,
    /// Masked or read-only paths without a mount namespace (runc).
    #[error("unable to restrict sys entries without a private MNT namespace")]
    RestrictSysWithoutMountNs,
    /// A new user namespace without mappings (runc).
    #[error(
        "user namespaces enabled, but no namespace path to join nor mappings to apply specified"
    )]
    UserNsWithoutMappings,
    /// Mappings without a user namespace (runc).
    #[error("user namespace mappings specified, but user namespace isn't enabled in the config")]
    MappingsWithoutUserNs,
    /// `memory.swappiness` above 100 on cgroup v1 (runc's `MemoryGroup.Set`,
    /// while applying the resources for `runc init`: hence the whole chain).
    #[error("unable to start container process: error during container init: error setting cgroup config for procHooks process: invalid memory swappiness value: {0} (valid range is 0-100)")]
    Swappiness(u64),
}

fn unknown_namespace(runtime: OciRuntime, typ: &str, path: &str) -> String {
    match runtime {
        OciRuntime::Runc => {
            format!(
                "namespace {{{} {}}} does not exist",
                go_quote(typ),
                go_quote(path)
            )
        }
        OciRuntime::Crun => format!("invalid namespace type: `{typ}`"),
    }
}

/// Go's `%q` for the strings runc prints.
pub(super) fn go_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                out.push_str(&format!("\\x{:02x}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
