//! The node a person logs into: its file system, its systemd units and
//! journal, its kernel settings and packages, its processes as `ps` and
//! `/proc` show them. The container stack (`engine`) reads its configuration
//! from here (`/etc/crictl.yaml`, the kubelet's flags and config, the
//! runtimes' config files), so what a person writes changes behaviour.
//!
//! Areas, one file each: `fs` (the file system), `files` (the files the
//! configuration puts on a fresh node), `fs_cmd` (`ls`, `mkdir`, `rm`, `cp`,
//! `mv`, `touch`, `vi`/`nano`), `systemd` (units, `systemctl`, `journalctl`,
//! `reboot`), `kernel` (`sysctl`, `modprobe`, `lsmod`, `dpkg`), `ps` (`ps`,
//! `pstree`, `pgrep`, `kill`, `lsns`) and `procfs` (`/proc/PID/…`).

mod boot;
mod config_files;
mod daemons;
pub mod fault;
pub mod files;
pub mod fs;
mod fs_change;
mod fs_cmd;
mod journal;
pub(crate) use journal::{render as journal_render, OPTIONS as JOURNALCTL_OPTIONS};
pub mod kernel;
mod kubeadm;
mod kubelet_service;
pub mod modules;
pub mod node_object;
pub mod packages;
mod pod_logs;
pub mod proc_table;
mod procfs;
mod ps;
mod ps_format;
mod pstree;
mod runtime_switch;
mod signal;
mod sysctl;
mod systemctl;
pub(crate) use systemctl::VERBS as SYSTEMCTL_VERBS;
pub mod systemd;
mod unit_files;
mod unit_list;

use crate::command::{self, ErrorKind};
use crate::config::Config;
use crate::engine::{Outcome, World};
use fs::{normalize, FsError};
use litemap::LiteMap;

/// The node beyond the container stack.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    /// The file system.
    pub fs: fs::Fs,
    /// systemd's units and the journal.
    pub units: systemd::Units,
    /// Kernel parameters, modules, installed packages.
    pub kernel: kernel::Kernel,
    /// The Node object's schedulability and annotations, and whether a
    /// control plane answers.
    pub object: node_object::NodeObject,
}

impl Node {
    /// A freshly booted node of a configuration.
    pub fn new(cfg: &Config) -> Node {
        let mut fs = files::generate(cfg);
        let mut units = systemd::Units::new(cfg);
        units.publish(&mut fs);
        units.load(&fs);
        let mut kernel = kernel::Kernel::new(cfg);
        kernel.boot(&fs);
        let object = node_object::NodeObject::new(cfg);
        Node {
            fs,
            units,
            kernel,
            object,
        }
    }
}

/// What a program gets besides its argv: its standard input, its
/// environment and its working directory.
#[derive(Debug, Clone, Copy)]
pub struct Io<'a> {
    /// Standard input (what a pipe or `<` fed it).
    pub stdin: &'a str,
    /// Exported variables.
    pub env: &'a LiteMap<String, String>,
    /// Working directory (absolute).
    pub cwd: &'a str,
}

/// The environment of the program being run, kept while it runs (crictl
/// reads `CONTAINER_RUNTIME_ENDPOINT`, `kubectl apply -f -` its stdin).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct ProcessEnv {
    pub stdin: String,
    pub env: LiteMap<String, String>,
    pub cwd: String,
}

/// What the shell needs from the machine it runs on.
pub trait Machine {
    /// Runs a program that is not a shell builtin; `None` when there is no
    /// such program (bash then says `command not found`, 127).
    fn exec(&mut self, argv: &[String], io: &Io<'_>) -> Option<Outcome>;
    /// A file's text (absolute path).
    fn read(&self, path: &str) -> Result<String, FsError>;
    /// Writes or appends a file (absolute path; redirections, `tee`, `sed -i`).
    fn write(&mut self, path: &str, text: &str, append: bool) -> Result<(), FsError>;
    /// Whether a path is a directory (`cd`).
    fn is_dir(&self, path: &str) -> bool;
    /// The names in a directory, sorted (glob expansion); empty when none.
    fn list(&self, dir: &str) -> Vec<String>;
}

/// Real programs a node has that the model does not run: named, so the
/// simulator says "not modelled here" instead of bash's "command not found".
pub const UNMODELLED: [&str; 24] = [
    "ip",
    "iptables",
    "ip6tables",
    "nft",
    "ss",
    "netstat",
    "curl",
    "wget",
    "mount",
    "umount",
    "free",
    "top",
    "htop",
    "df",
    "du",
    "crontab",
    "useradd",
    "passwd",
    "ssh",
    "scp",
    "openssl",
    "containerd",
    "nsenter",
    "strace",
];

/// The node's programs by area ([`World::node_command`]).
const FS_PROGRAMS: [&str; 16] = [
    "ls", "mkdir", "rm", "rmdir", "cp", "mv", "touch", "ln", "stat", "find", "vi", "vim", "nano",
    "chmod", "readlink", "realpath",
];
const SYSTEMD_PROGRAMS: [&str; 5] = ["systemctl", "journalctl", "reboot", "shutdown", "service"];
const KERNEL_PROGRAMS: [&str; 8] = [
    "sysctl", "modprobe", "lsmod", "dpkg", "apt", "apt-get", "uname", "hostname",
];
const PS_PROGRAMS: [&str; 7] = ["ps", "pstree", "pgrep", "pidof", "kill", "pkill", "lsns"];

/// Every program [`World::node_command`] runs (completion offers them).
pub(crate) fn node_programs() -> impl Iterator<Item = &'static str> {
    FS_PROGRAMS
        .into_iter()
        .chain(["kubeadm"])
        .chain(SYSTEMD_PROGRAMS)
        .chain(KERNEL_PROGRAMS)
        .chain(PS_PROGRAMS)
}

/// What the node answers for, in short (`help` lists all of it).
const MODELLED_SUMMARY: &str = "kubectl, crictl, ctr, nerdctl, docker, podman, runc, crun, systemctl, journalctl, ps, pstree, kill, ls, cat, grep, sysctl, dpkg … (help)";

impl World {
    /// Runs a node program (files, systemd, kernel, processes); `None` when
    /// `argv[0]` is none of them.
    pub fn node_command(&mut self, argv: &[String], io: &Io<'_>) -> Option<Outcome> {
        let prog = fs::base(argv.first()?.as_str());
        if prog == "kubeadm" {
            return Some(self.kubeadm(argv, io));
        }
        if prog == "kubectl" {
            return self.kubectl_node_object(argv, io);
        }
        if FS_PROGRAMS.contains(&prog) {
            fs_cmd::run(self, prog, argv, io)
        } else if SYSTEMD_PROGRAMS.contains(&prog) {
            systemd::run(self, prog, argv, io)
        } else if KERNEL_PROGRAMS.contains(&prog) {
            kernel::run(self, prog, argv, io)
        } else if PS_PROGRAMS.contains(&prog) {
            ps::run(self, prog, argv, io)
        } else {
            None
        }
    }

    /// Runs a parsed container-tool command line with a program's
    /// environment and stdin (crictl's `CONTAINER_RUNTIME_ENDPOINT`,
    /// `kubectl apply -f -`).
    pub fn apply_in(&mut self, cmd: &command::Command, io: &Io<'_>) -> Outcome {
        self.process_env = ProcessEnv {
            stdin: io.stdin.to_string(),
            env: io.env.clone(),
            cwd: io.cwd.to_string(),
        };
        let out = self.apply(cmd);
        self.process_env = ProcessEnv::default();
        out
    }

    /// The node's file system.
    pub fn fs(&self) -> &fs::Fs {
        &self.node.fs
    }

    /// The node's file system, to change it from outside the shell (a
    /// drill's set-up, a test).
    pub fn fs_mut(&mut self) -> &mut fs::Fs {
        &mut self.node.fs
    }

    /// The node's units and journal.
    pub fn units(&self) -> &systemd::Units {
        &self.node.units
    }

    /// The node's kernel parameters, modules and packages.
    pub fn kernel(&self) -> &kernel::Kernel {
        &self.node.kernel
    }

    /// A file's text by absolute path: `/proc` from the processes, anything
    /// else from the file system.
    pub fn read_file(&self, path: &str) -> Result<String, FsError> {
        let p = normalize("/", path);
        if p == "/proc" || p.starts_with("/proc/") {
            return procfs::read(self, &p);
        }
        if let Some(text) = pod_logs::read(self, &p) {
            return Ok(text);
        }
        self.node.fs.read(&p).map(str::to_string)
    }

    /// Writes a file by absolute path (`/proc/sys/…` sets a kernel
    /// parameter; the rest of `/proc` refuses).
    pub fn write_file(&mut self, path: &str, text: &str, append: bool) -> Result<(), FsError> {
        let p = normalize("/", path);
        if p == "/proc" || p.starts_with("/proc/") {
            return procfs::write(self, &p, text);
        }
        self.node.fs.write(&p, text, append)
    }
}

impl Machine for World {
    fn exec(&mut self, argv: &[String], io: &Io<'_>) -> Option<Outcome> {
        if let Some(out) = self.node_command(argv, io) {
            return Some(out);
        }
        let prog = fs::base(argv.first()?.as_str());
        if UNMODELLED.contains(&prog) {
            return Some(Outcome::said(
                1,
                crate::msg!(
                    "said-not-modelled",
                    command = command::shell::join(argv),
                    modelled = MODELLED_SUMMARY
                ),
            ));
        }
        if !command::PROGRAMS.contains(&prog) {
            return None;
        }
        let line = command::shell::join(argv);
        Some(match command::parse(&line) {
            Ok(cmd) => self.apply_in(&cmd, io),
            Err(e) if e.kind == ErrorKind::Empty => Outcome::default(),
            Err(e) => self.command_error(&e),
        })
    }

    fn read(&self, path: &str) -> Result<String, FsError> {
        self.read_file(path)
    }

    fn write(&mut self, path: &str, text: &str, append: bool) -> Result<(), FsError> {
        self.write_file(path, text, append)
    }

    fn is_dir(&self, path: &str) -> bool {
        let p = normalize("/", path);
        if p == "/proc" || p.starts_with("/proc/") {
            return procfs::is_dir(self, &p);
        }
        if let Some(k) = pod_logs::stat(self, &p) {
            return matches!(k, fs_cmd::Kind::Dir(_));
        }
        self.node.fs.is_dir(&p)
    }

    fn list(&self, dir: &str) -> Vec<String> {
        let p = normalize("/", dir);
        if p == "/proc" || p.starts_with("/proc/") {
            return procfs::list(self, &p);
        }
        match self.node.fs.resolve(&p, true) {
            Ok(r) => fs_cmd::children(self, &r)
                .into_iter()
                .map(|(n, _)| n)
                .collect(),
            Err(_) => Vec::new(),
        }
    }
}
