//! `ctr`, containerd's debug client (urfave/cli v1, as in containerd 1.7).
//!
//! `main` prints failures as `ctr: <err>` and exits 1. Flag errors first print
//! `Incorrect Usage: <err>` and the command help on stdout. An unknown command
//! goes to urfave's help action: `No help topic for 'x'`, exit 3. Namespace
//! defaults to `default` (`-n k8s.io` shows Kubernetes' containers).
//!
//! Files: this one holds what was asked (the parsed command); `grammar` the
//! commands and flags ctr knows; `parse` how it reads and refuses a command
//! line; `line` the canonical line a parsed command prints as.

mod grammar;
mod line;
mod parse;

pub use parse::parse;
pub(crate) use parse::words;

/// A parsed `ctr` invocation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ctr {
    /// `-a/--address` (default `/run/containerd/containerd.sock`).
    pub address: Option<String>,
    /// `-n/--namespace` as given (see [`Ctr::namespace`]).
    pub namespace: Option<String>,
    /// `--debug`.
    pub debug: bool,
    /// `--timeout`.
    pub timeout: Option<String>,
    /// The subcommand.
    pub command: CtrCommand,
}

impl Ctr {
    /// The containerd namespace: `-n`, else `default` (ctr cannot read the
    /// environment here, so `CONTAINERD_NAMESPACE` does not apply).
    pub fn namespace(&self) -> &str {
        self.namespace.as_deref().unwrap_or("default")
    }
}

/// ctr subcommands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CtrCommand {
    /// `version`.
    Version,
    /// `--version`: the client's own version line.
    ClientVersion,
    /// `plugins ls`.
    PluginsLs {
        /// `-q/--quiet`.
        quiet: bool,
        /// `-d/--detailed`.
        detailed: bool,
    },
    /// `namespaces ls`.
    NamespacesLs {
        /// `-q/--quiet`.
        quiet: bool,
    },
    /// `images pull REF`.
    ImagesPull(Pull),
    /// `images ls`.
    ImagesLs {
        /// `-q/--quiet`.
        quiet: bool,
    },
    /// `images rm REF…`.
    ImagesRm {
        /// References.
        refs: Vec<String>,
        /// `--sync`.
        sync: bool,
    },
    /// `images import FILE` (accepted; the engine may refuse, there are no files).
    ImagesImport {
        /// The archive path (`-` for stdin).
        file: String,
    },
    /// `run [flags] IMAGE ID [CMD…]`.
    Run(Run),
    /// `containers ls`.
    ContainersLs {
        /// `-q/--quiet`.
        quiet: bool,
        /// Filters (`labels."io.kubernetes.pod.name"==web-0`), any of which
        /// selects a container.
        filters: Vec<String>,
    },
    /// `containers info ID` (the container's metadata record, as JSON).
    ContainersInfo {
        /// Container ID.
        id: String,
    },
    /// `containers rm ID…`.
    ContainersRm {
        /// Container IDs.
        ids: Vec<String>,
    },
    /// `tasks ls`.
    TasksLs {
        /// `-q/--quiet`.
        quiet: bool,
    },
    /// `tasks start [-d] ID`.
    TasksStart {
        /// Container ID.
        id: String,
        /// `-d/--detach`.
        detach: bool,
        /// `--null-io`.
        null_io: bool,
    },
    /// `tasks kill [-s SIG] [-a] ID`.
    TasksKill {
        /// Container ID.
        id: String,
        /// `-s/--signal` as typed (`None`: the image's stop signal, else SIGTERM).
        signal: Option<String>,
        /// `-a/--all`.
        all: bool,
        /// `--exec-id`.
        exec_id: Option<String>,
    },
    /// `tasks rm|delete [-f] ID…`.
    TasksRm {
        /// Container IDs.
        ids: Vec<String>,
        /// `-f/--force`.
        force: bool,
        /// `--exec-id`.
        exec_id: Option<String>,
    },
    /// `tasks exec --exec-id EID [-t] [-d] ID CMD…`.
    TasksExec {
        /// Container ID.
        id: String,
        /// `--exec-id`.
        exec_id: String,
        /// `-t/--tty`.
        tty: bool,
        /// `-d/--detach`.
        detach: bool,
        /// `--cwd`.
        cwd: Option<String>,
        /// `--user`.
        user: Option<String>,
        /// The command.
        command: Vec<String>,
    },
    /// `tasks ps ID`.
    TasksPs {
        /// Container ID.
        id: String,
    },
    /// `tasks pause ID`.
    TasksPause {
        /// Container ID.
        id: String,
    },
    /// `tasks resume ID`.
    TasksResume {
        /// Container ID.
        id: String,
    },
    /// `snapshots ls`.
    SnapshotsLs {
        /// `--snapshotter` (on the `snapshots` command).
        snapshotter: Option<String>,
    },
    /// `content ls`.
    ContentLs {
        /// `-q/--quiet`.
        quiet: bool,
    },
    /// `events`.
    Events,
    /// `leases ls`.
    LeasesLs {
        /// `-q/--quiet`.
        quiet: bool,
    },
    /// Help screen; exit 0.
    Help {
        /// Command path below `ctr` (empty: the program's help).
        path: Vec<String>,
    },
}

/// `images pull`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Pull {
    /// Reference.
    pub reference: String,
    /// `--platform` (repeatable).
    pub platforms: Vec<String>,
    /// `--all-platforms`.
    pub all_platforms: bool,
    /// `--local` (1.7: fetch in the client rather than the Transfer service).
    pub local: bool,
    /// `--snapshotter`.
    pub snapshotter: Option<String>,
}

/// `run`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Run {
    /// Image reference (or rootfs path with `--rootfs`).
    pub image: String,
    /// Container ID.
    pub id: String,
    /// Command and arguments (empty: the image's).
    pub command: Vec<String>,
    /// `--rm`.
    pub rm: bool,
    /// `-d/--detach`.
    pub detach: bool,
    /// `-t/--tty`.
    pub tty: bool,
    /// `--runc-binary`.
    pub runc_binary: Option<String>,
    /// `--runtime` (default `io.containerd.runc.v2`).
    pub runtime: Option<String>,
    /// `--net-host`.
    pub net_host: bool,
    /// `--cni`.
    pub cni: bool,
    /// `--memory-limit` bytes.
    pub memory_limit: Option<u64>,
    /// `--env K=V` (repeatable).
    pub env: Vec<String>,
    /// `--snapshotter`.
    pub snapshotter: Option<String>,
    /// `--privileged`.
    pub privileged: bool,
}
