//! `runc` and `crun`: one AST, two front ends.
//!
//! runc is urfave/cli v1: errors go through logrus (`time="…" level=error
//! msg="…"`, exit 1), argument counts through `checkArgs`
//! (`runc: "start" requires exactly 1 argument(s)`, after `Incorrect Usage.`
//! and the command help on stdout), unknown commands through urfave's help
//! (`No help topic for 'x'`, exit 3). crun is GNU argp: glibc-style messages,
//! `crun: unrecognized option '--x'` + `Try …` (exit 64), `unknown command x`
//! (exit 1), `crun: \`start\` requires a minimum of 1 arguments` (exit 1).
//!
//! Checks that runc makes only after loading state or the bundle (container
//! ID format, signal names) are exposed as functions the engine calls in the
//! real order: [`validate_container_id`], [`RuntimeCli::kill_signal`].
//!
//! Files: this one holds what was asked (the parsed command line), the parse
//! entry and what both front ends share; `grammar` the commands and flags of
//! each binary; `urfave` runc's front end (urfave/cli v1 and Go flags),
//! `argp` crun's (GNU argp); `line` the canonical line a parsed command
//! prints as.

mod argp;
mod grammar;
mod line;
mod urfave;

/// What runc or crun takes after `path` (completion).
pub(crate) fn words(tool: &str, path: &[&str]) -> crate::command::words::Words {
    if tool == "crun" {
        argp::words(path)
    } else {
        urfave::words(path)
    }
}

use argp::parse_crun;
use urfave::parse_runc;

use super::error::{CommandError, ErrorKind, LogLevel, StderrStyle, Tool};
use super::flags::Parsed;
use super::units::go_atoi;

/// Which OCI runtime binary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RuntimeBinary {
    /// runc.
    Runc,
    /// crun.
    Crun,
}

impl RuntimeBinary {
    /// The program name.
    pub fn name(self) -> &'static str {
        match self {
            RuntimeBinary::Runc => "runc",
            RuntimeBinary::Crun => "crun",
        }
    }
    /// The [`Tool`] that prints this binary's errors.
    pub fn tool(self) -> Tool {
        match self {
            RuntimeBinary::Runc => Tool::Runc,
            RuntimeBinary::Crun => Tool::Crun,
        }
    }
}

/// A parsed `runc`/`crun` invocation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuntimeCli {
    /// Which binary.
    pub binary: RuntimeBinary,
    /// `--root` (default `/run/runc`, `/run/crun`).
    pub root: Option<String>,
    /// `--log` (default stderr).
    pub log: Option<String>,
    /// `--log-format text|json`.
    pub log_format: Option<String>,
    /// `--debug`.
    pub debug: bool,
    /// `--systemd-cgroup`.
    pub systemd_cgroup: bool,
    /// `--rootless auto|true|false`.
    pub rootless: Option<String>,
    /// The subcommand.
    pub command: RuntimeCommand,
}

/// What to run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RuntimeCommand {
    /// `spec [--rootless] [-b DIR]`: write a default config.json.
    Spec {
        /// `-b/--bundle`.
        bundle: Option<String>,
        /// `--rootless`.
        rootless: bool,
    },
    /// `create [-b DIR] [--pid-file F] [--console-socket S] [--no-pivot] ID`.
    Create(CreateOptions),
    /// `start ID`.
    Start {
        /// Container ID.
        id: String,
    },
    /// `run [-b DIR] [-d] [--keep] … ID`.
    Run(RunOptions),
    /// `state ID`.
    State {
        /// Container ID.
        id: String,
    },
    /// `list [-f table|json] [-q]`.
    List {
        /// `-f/--format`.
        format: Option<String>,
        /// `-q/--quiet`.
        quiet: bool,
    },
    /// `kill [--all] ID [SIGNAL]`.
    Kill {
        /// Container ID.
        id: String,
        /// The signal as typed (`None`: SIGTERM); see [`RuntimeCli::kill_signal`].
        signal: Option<String>,
        /// `-a/--all` (obsolete in runc ≥ 1.2, still accepted).
        all: bool,
    },
    /// `delete [-f] ID`.
    Delete {
        /// Container ID.
        id: String,
        /// `-f/--force`.
        force: bool,
    },
    /// `exec [-d] [-t] [--process FILE] ID [CMD…]`.
    Exec(ExecOptions),
    /// `ps ID [ps-args…]`.
    Ps {
        /// Container ID.
        id: String,
        /// `-f/--format table|json`.
        format: Option<String>,
        /// Arguments passed to ps(1).
        ps_args: Vec<String>,
    },
    /// `pause ID`.
    Pause {
        /// Container ID.
        id: String,
    },
    /// `resume ID`.
    Resume {
        /// Container ID.
        id: String,
    },
    /// `events [--stats] [--interval D] ID`.
    Events {
        /// Container ID.
        id: String,
        /// `--stats`: one stats event and exit.
        stats: bool,
        /// `--interval`.
        interval: Option<String>,
    },
    /// `update [-r FILE|-] [--memory N] [--cpu-quota N]… ID`.
    Update {
        /// Container ID.
        id: String,
        /// `-r/--resources`: a `LinuxResources` JSON file, `-` for stdin.
        resources: Option<String>,
        /// The resource flags as given (`memory`, `cpu-quota`, `pids-limit`…),
        /// canonical name and value, in order.
        set: Vec<(String, String)>,
    },
    /// `features`.
    Features,
    /// `--version`.
    Version,
    /// Help screen (`runc`, `runc help kill`, `runc kill --help`); exit 0.
    Help {
        /// The subcommand (`None`: the program's help).
        command: Option<String>,
    },
}

/// `create` options.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CreateOptions {
    /// Container ID.
    pub id: String,
    /// `-b/--bundle` (default: the current directory).
    pub bundle: Option<String>,
    /// `--pid-file`.
    pub pid_file: Option<String>,
    /// `--console-socket`.
    pub console_socket: Option<String>,
    /// `--no-pivot`.
    pub no_pivot: bool,
    /// `--no-new-keyring`.
    pub no_new_keyring: bool,
    /// `--preserve-fds N`: pass the caller's descriptors 3 to 3+N-1 to the
    /// container's process (runc marks every other one close-on-exec).
    pub preserve_fds: u32,
}

/// `run` options (create + start).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RunOptions {
    /// The create part.
    pub create: CreateOptions,
    /// `-d/--detach`.
    pub detach: bool,
    /// `--keep`: do not delete the container after it exits.
    pub keep: bool,
}

/// `exec` options.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExecOptions {
    /// Container ID.
    pub id: String,
    /// The command (empty with `--process`).
    pub command: Vec<String>,
    /// `-d/--detach`.
    pub detach: bool,
    /// `-t/--tty`.
    pub tty: bool,
    /// `-p/--process` JSON file.
    pub process: Option<String>,
    /// `-e/--env`.
    pub env: Vec<String>,
    /// `--cwd`.
    pub cwd: Option<String>,
    /// `-u/--user`.
    pub user: Option<String>,
    /// `--pid-file`.
    pub pid_file: Option<String>,
    /// `--console-socket` (with `--tty`: where the pty master is sent).
    pub console_socket: Option<String>,
    /// `--preserve-fds N`, as for `create`.
    pub preserve_fds: u32,
}

/// runc's container ID check failed (`libcontainer.ErrInvalidID`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid container ID format")]
pub struct InvalidContainerId;

/// runc's container ID rule: non-empty, only `[A-Za-z0-9_+.-]`, and not `.`
/// or `..` (the ID must be a clean path component). runc reports the failure
/// from `create`/`run` as `runc create failed: invalid container ID format`
/// after it has loaded the bundle, and from other commands when loading state.
pub fn validate_container_id(id: &str) -> Result<(), InvalidContainerId> {
    let chars_ok = !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '+' | '-' | '.'));
    if !chars_ok || id == "." || id == ".." {
        return Err(InvalidContainerId);
    }
    Ok(())
}

/// Parses the words after the program name. `argv0` is the program word as
/// typed (runc prints it in argument-count errors: `runc: "start" requires …`).
pub fn parse(
    binary: RuntimeBinary,
    argv0: &str,
    args: &[String],
) -> Result<RuntimeCli, CommandError> {
    match binary {
        RuntimeBinary::Runc => parse_runc(argv0, args),
        RuntimeBinary::Crun => parse_crun(args),
    }
}

fn empty(binary: RuntimeBinary, command: RuntimeCommand) -> RuntimeCli {
    RuntimeCli {
        binary,
        root: None,
        log: None,
        log_format: None,
        debug: false,
        systemd_cgroup: false,
        rootless: None,
        command,
    }
}

/// `create ID` or `run ID` with their flags, as both front ends read them
/// (once the front end has checked the arguments).
fn create_or_run(name: &str, id: String, p: &Parsed) -> RuntimeCommand {
    let create = CreateOptions {
        id,
        bundle: p.string("bundle"),
        pid_file: p.string("pid-file"),
        console_socket: p.string("console-socket"),
        no_pivot: p.flag("no-pivot"),
        no_new_keyring: p.flag("no-new-keyring"),
        preserve_fds: preserve_fds(p),
    };
    if name == "create" {
        RuntimeCommand::Create(create)
    } else {
        RuntimeCommand::Run(RunOptions {
            create,
            detach: p.flag("detach"),
            keep: p.flag("keep"),
        })
    }
}

/// `exec ID COMMAND…` with its flags, as both front ends read them.
fn exec_options(id: String, p: &Parsed) -> ExecOptions {
    ExecOptions {
        id,
        command: p.args.iter().skip(1).cloned().collect(),
        detach: p.flag("detach"),
        tty: p.flag("tty"),
        process: p.string("process"),
        env: p.all("env"),
        cwd: p.string("cwd"),
        user: p.string("user"),
        pid_file: p.string("pid-file"),
        console_socket: p.string("console-socket"),
        preserve_fds: preserve_fds(p),
    }
}

/// A command on one container (`start`, `state`, `delete`, `pause`,
/// `resume`, `events`, `update`) with its flags, as both front ends read them
/// once they have checked the arguments; crun has no `events`.
fn one_container(name: &str, id: String, p: &Parsed) -> RuntimeCommand {
    match name {
        "start" => RuntimeCommand::Start { id },
        "state" => RuntimeCommand::State { id },
        "delete" => RuntimeCommand::Delete {
            id,
            force: p.flag("force"),
        },
        "pause" => RuntimeCommand::Pause { id },
        "resume" => RuntimeCommand::Resume { id },
        "events" => RuntimeCommand::Events {
            id,
            stats: p.flag("stats"),
            interval: p.string("interval"),
        },
        _ => RuntimeCommand::Update {
            id,
            resources: p.string("resources"),
            set: p
                .set
                .iter()
                .filter(|(n, _)| *n != "resources")
                .map(|(n, v)| ((*n).to_string(), v.clone()))
                .collect(),
        },
    }
}

/// `--preserve-fds`: an unsigned flag for create/run, a signed one for exec
/// (runc's flag types); anything that is not a count passes nothing.
fn preserve_fds(p: &Parsed) -> u32 {
    p.uint("preserve-fds")
        .or_else(|| p.int("preserve-fds").and_then(|v| u64::try_from(v).ok()))
        .and_then(|v| u32::try_from(v).ok())
        .unwrap_or(0)
}

fn set_globals(cli: &mut RuntimeCli, p: &Parsed) {
    cli.root = p.string("root");
    cli.log = p.string("log");
    cli.log_format = p.string("log-format");
    cli.debug = p.flag("debug");
    cli.systemd_cgroup = p.flag("systemd-cgroup");
    cli.rootless = p.string("rootless");
}

fn runc_style(log_format: Option<&str>) -> StderrStyle {
    if log_format == Some("json") {
        StderrStyle::LogrusJson(LogLevel::Error)
    } else {
        StderrStyle::Logrus(LogLevel::Error)
    }
}

impl RuntimeCli {
    /// An error printed the way this runtime prints errors: for runc, one
    /// logrus entry (`level=error`, JSON with `--log-format json`), exit 1; for
    /// crun, the plain message, exit 1. Use it for the engine's runtime errors,
    /// for example `runc create failed: invalid container ID format`.
    pub fn error(&self, kind: ErrorKind, msg: impl Into<String>) -> CommandError {
        match self.binary {
            RuntimeBinary::Runc => {
                CommandError::logrus(Tool::Runc, kind, LogLevel::Error, msg.into())
                    .with_style(runc_style(self.log_format.as_deref()))
            }
            RuntimeBinary::Crun => CommandError::new(Tool::Crun, kind, 1, vec![msg.into()]),
        }
    }

    /// The simulator's refusal in its own words, written where this runtime
    /// writes its errors ([`RuntimeCli::error`]'s framing, a remark instead of
    /// the runtime's words).
    pub fn said(&self, kind: ErrorKind, said: crate::message::Msg) -> CommandError {
        let mut e = self.error(kind, String::new());
        e.stderr.clear();
        e.remarks = Box::new([said]);
        e
    }

    /// The signal `kill` sends, resolved as the binary does. runc: numbers are
    /// taken as is, names with or without `SIG` in any case, default SIGTERM,
    /// anything else fails with `unknown signal "X"` (checked after the
    /// container is found, so the engine calls this after its lookup). crun
    /// accepts any word (an unknown name ends up as signal 0, exit 0).
    pub fn kill_signal(&self) -> Option<Result<i64, CommandError>> {
        let RuntimeCommand::Kill { signal, .. } = &self.command else {
            return None;
        };
        let raw = signal.as_deref().unwrap_or("SIGTERM");
        if let Some(n) = go_atoi(raw) {
            return Some(Ok(n));
        }
        let resolved = super::units::signal_number(raw).map(i64::from);
        Some(match (resolved, self.binary) {
            (Some(n), _) => Ok(n),
            (None, RuntimeBinary::Crun) => Ok(0),
            (None, RuntimeBinary::Runc) => Err(self.error(
                ErrorKind::InvalidArgument,
                format!("unknown signal {}", super::error::go_quote(raw)),
            )),
        })
    }

    /// The container ID the command acts on, if any.
    pub fn container_id(&self) -> Option<&str> {
        match &self.command {
            RuntimeCommand::Create(c) => Some(&c.id),
            RuntimeCommand::Run(r) => Some(&r.create.id),
            RuntimeCommand::Exec(e) => Some(&e.id),
            RuntimeCommand::Start { id }
            | RuntimeCommand::State { id }
            | RuntimeCommand::Kill { id, .. }
            | RuntimeCommand::Delete { id, .. }
            | RuntimeCommand::Ps { id, .. }
            | RuntimeCommand::Pause { id }
            | RuntimeCommand::Resume { id }
            | RuntimeCommand::Events { id, .. }
            | RuntimeCommand::Update { id, .. } => Some(id),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn update(args: &[&str]) -> (Option<String>, Vec<(String, String)>, String) {
        let a: Vec<String> = args.iter().map(|s| s.to_string()).collect();
        let cli = parse(RuntimeBinary::Runc, "runc", &a).expect("parses");
        match cli.command {
            RuntimeCommand::Update { id, resources, set } => (resources, set, id),
            other => panic!("not update: {other:?}"),
        }
    }

    #[test]
    fn update_takes_resources_from_stdin_files_and_flags() {
        // containerd 1.6 (go-runc): `update --resources - ID`, JSON on stdin.
        for form in [
            &["update", "-r", "-", "c1"][..],
            &["update", "--resources", "-", "c1"],
            &["update", "--resources=-", "c1"],
        ] {
            let (r, set, id) = update(form);
            assert_eq!(
                (r.as_deref(), set.is_empty(), id.as_str()),
                (Some("-"), true, "c1")
            );
        }
        let (r, set, id) = update(&["update", "--memory", "96m", "--cpu-quota", "50000", "c1"]);
        assert_eq!(r, None);
        assert_eq!(id, "c1");
        assert_eq!(
            set,
            [
                ("memory".to_string(), "96m".to_string()),
                ("cpu-quota".to_string(), "50000".to_string())
            ]
        );
    }
}
