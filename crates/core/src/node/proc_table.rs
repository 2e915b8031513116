//! The node's full process table, as `/proc` lists it: systemd and a few
//! kernel threads, the system daemons every Debian node runs, the daemons of
//! the active units (`main_pid`, `exec`), the login (`sshd: root@pts/0` and
//! the `-bash` a person types into), and what the runtimes leave running for
//! their containers ([`World::host_processes`]: shims re-parented to init,
//! pause and workloads under their shim, conmon, QEMU and virtiofsd,
//! runsc's processes). Each process carries what `ps` and `/proc/PID/…`
//! show: ppid, uid, start, tty, state, argv, comm, namespaces and cgroup.
//!
//! The node is cgroup v2 (the unified hierarchy; systemd cgroup driver, as
//! the engine's container cgroups are), so `/proc/PID/cgroup` is one line
//! `0::<path>`. Namespace inodes: the init namespaces have the kernel's
//! fixed numbers (`proc_ns.h`: ipc 0xEFFFFFFF … time 0xEFFFFFFA; net and mnt
//! are the first two allocated at boot); a namespace a process makes gets a
//! number derived from that process's pid, so it is stable while it lives.

use crate::engine::{HostProcess, World};
use crate::lifecycle::oci::OciStatus;
use crate::trace::Component;
use oci_spec::runtime::LinuxNamespaceType;

/// Namespace kinds in `/proc/PID/ns` order (alphabetical, as `ls` lists).
pub const NS_TYPES: [&str; 8] = ["cgroup", "ipc", "mnt", "net", "pid", "time", "user", "uts"];

/// The init namespaces' inode numbers, in [`NS_TYPES`] order.
pub const HOST_NS: [u64; 8] = [
    4_026_531_835, // cgroup: PROC_CGROUP_INIT_INO
    4_026_531_839, // ipc: PROC_IPC_INIT_INO
    4_026_531_841, // mnt: allocated second at boot
    4_026_531_840, // net: allocated first at boot
    4_026_531_836, // pid: PROC_PID_INIT_INO
    4_026_531_834, // time: PROC_TIME_INIT_INO
    4_026_531_837, // user: PROC_USER_INIT_INO
    4_026_531_838, // uts: PROC_UTS_INIT_INO
];

/// The login session: sshd's process for it and the shell on `pts/0`.
pub const SSHD_SESSION_PID: u32 = 1022;
/// The login shell (`-bash`): what `/proc/self` and `$$` name.
pub const BASH_PID: u32 = 1043;

/// What a process is, for `kill`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Role {
    /// A kernel thread (signals are ignored).
    Kernel,
    /// systemd itself.
    Init,
    /// A daemon the model has no unit for (journald, udevd, cron, …).
    System,
    /// The main process of a unit.
    Unit(String),
    /// sshd's session process or the login shell.
    Session,
    /// A container's main process (by container id).
    Container(String),
    /// A shim or monitor (containerd-shim, conmon) serving these containers.
    Shim,
    /// Another process a runtime keeps for a container (QEMU, virtiofsd, runsc's).
    Helper,
}

/// One process.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proc {
    /// Its pid in the host's pid namespace.
    pub pid: u32,
    /// Its parent's pid (0 for init and kthreadd).
    pub ppid: u32,
    /// Its effective uid.
    pub uid: u32,
    /// When it started (world ms).
    pub start_ms: u64,
    /// Its controlling terminal (`pts/0`, `tty1`), if any.
    pub tty: Option<&'static str>,
    /// `ps`'s STAT (`Ss`, `Ssl`, `I<`).
    pub stat: &'static str,
    /// Its command line (empty for a kernel thread).
    pub argv: Vec<String>,
    /// Its `comm` (at most 15 bytes).
    pub comm: String,
    /// Threads (1 for a single-threaded process).
    pub threads: u32,
    /// Virtual and resident size, KiB.
    pub vsz_kb: u64,
    /// Resident set, KiB.
    pub rss_kb: u64,
    /// CPU use in tenths of a percent of its lifetime.
    pub cpu_permille: u64,
    /// Namespace inodes in [`NS_TYPES`] order.
    pub ns: [u64; 8],
    /// Its cgroup (v2 path from the root).
    pub cgroup: String,
    /// Its pid in each nested pid namespace, outermost first (`NSpid`).
    pub nspid: Vec<u32>,
    /// Its environment.
    pub env: Vec<String>,
    /// What it is.
    pub role: Role,
}

impl Proc {
    /// Whether it is a kernel thread.
    pub fn kthread(&self) -> bool {
        self.role == Role::Kernel || self.pid == 2
    }

    /// The command line as `ps` shows it: argv joined, `[comm]` for a kernel thread.
    pub fn cmdline(&self) -> String {
        if self.argv.is_empty() {
            format!("[{}]", self.comm)
        } else {
            self.argv.join(" ")
        }
    }

    /// A namespace inode by kind name (`net`).
    pub fn ns_of(&self, kind: &str) -> Option<u64> {
        let kind = kind.strip_suffix("_for_children").unwrap_or(kind);
        NS_TYPES.iter().position(|t| *t == kind).map(|i| self.ns[i])
    }
}

/// A process's `comm`: its program's base name, cut to 15 bytes.
pub fn comm_of(program: &str) -> String {
    let base = program.rsplit('/').next().unwrap_or(program);
    let base = base.strip_prefix('-').unwrap_or(base);
    base.chars().take(15).collect()
}

/// The inode of a namespace a process with `pid` made.
fn own_ns(pid: u32, kind: usize) -> u64 {
    4_026_532_160 + u64::from(pid.saturating_sub(3980)) * 8 + kind as u64
}

/// The argv of a containerd shim's long-lived copy: the `start`
/// invocation re-executes its own binary with `-namespace <ns> -id <id>
/// -address <containerd's socket>` (the shim library's `newCommand`).
pub fn shim_daemon_argv(argv: &[String]) -> Vec<String> {
    let flag = |name: &str| {
        argv.iter()
            .position(|a| a == name)
            .and_then(|i| argv.get(i + 1))
            .cloned()
    };
    let prog = argv.first().cloned().unwrap_or_default();
    let base = prog.rsplit('/').next().unwrap_or(&prog).to_string();
    let (Some(ns), Some(id), Some(address)) = (flag("-namespace"), flag("-id"), flag("-address"))
    else {
        return argv.to_vec();
    };
    if !base.starts_with("containerd-shim-") {
        return argv.to_vec();
    }
    let path = if prog.starts_with('/') {
        prog
    } else if base == "containerd-shim-kata-v2" {
        // Kata's release tarball installs under /opt/kata.
        format!("/opt/kata/bin/{base}")
    } else {
        format!("/usr/bin/{base}")
    };
    vec![
        path,
        "-namespace".into(),
        ns,
        "-id".into(),
        id,
        "-address".into(),
        address,
    ]
}

const PATH: &str = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

/// Kernel threads shown (pid, comm, stat).
const KTHREADS: [(u32, &str, &str); 10] = [
    (3, "rcu_gp", "I<"),
    (4, "rcu_par_gp", "I<"),
    (5, "slub_flushwq", "I<"),
    (6, "netns", "I<"),
    (10, "mm_percpu_wq", "I<"),
    (12, "ksoftirqd/0", "S"),
    (13, "rcu_preempt", "I"),
    (14, "migration/0", "S"),
    (19, "migration/1", "S"),
    (20, "ksoftirqd/1", "S"),
];

/// One entry of the table under construction, before namespaces resolve.
struct Draft {
    p: Proc,
    ns: [NsRef; 8],
}

/// Where a process's namespace of one kind comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
enum NsRef {
    Host,
    Fixed(u64),
    Own,
    /// `/proc/<pid>/ns/<kind>`: another process's.
    Join(u32),
    /// A bind-mounted namespace file (`/var/run/netns/cni-…`).
    Path(String),
}

fn host_refs() -> [NsRef; 8] {
    std::array::from_fn(|_| NsRef::Host)
}

fn basic(pid: u32, ppid: u32, argv: &[&str], comm: &str, stat: &'static str, role: Role) -> Proc {
    Proc {
        pid,
        ppid,
        uid: 0,
        start_ms: 0,
        tty: None,
        stat,
        argv: argv.iter().map(|s| s.to_string()).collect(),
        comm: comm.to_string(),
        threads: 1,
        vsz_kb: 0,
        rss_kb: 0,
        cpu_permille: 0,
        ns: HOST_NS,
        cgroup: "/".to_string(),
        nspid: vec![pid],
        env: Vec::new(),
        role,
    }
}

impl World {
    /// Every process on the node, by pid: what `ps -e` lists and `/proc`
    /// has a directory for. ([`World::host_processes`] stays the runtimes'
    /// part alone, for the faces that show it.)
    pub fn process_table(&self) -> Vec<Proc> {
        let mut v: Vec<Draft> = Vec::new();
        let mut init = basic(1, 0, &["/sbin/init"], "systemd", "Ss", Role::Init);
        init.cgroup = "/init.scope".into();
        (init.vsz_kb, init.rss_kb) = (167_744, 12_960);
        v.push(Draft {
            p: init,
            ns: host_refs(),
        });
        let mut kthreadd = basic(2, 0, &[], "kthreadd", "S", Role::Kernel);
        kthreadd.nspid = vec![2];
        v.push(Draft {
            p: kthreadd,
            ns: host_refs(),
        });
        for (pid, comm, stat) in KTHREADS {
            v.push(Draft {
                p: basic(pid, 2, &[], comm, stat, Role::Kernel),
                ns: host_refs(),
            });
        }
        self.system_daemons(&mut v);
        self.unit_processes(&mut v);
        self.session(&mut v);
        for hp in self.host_processes() {
            if let Some(d) = self.runtime_process(&hp) {
                v.push(d);
            }
        }
        crate::order::sort_by_key(&mut v, |d| d.p.pid);
        v.dedup_by_key(|d| d.p.pid);
        resolve_namespaces(v)
    }

    /// One process by pid.
    pub fn process(&self, pid: u32) -> Option<Proc> {
        self.process_table().into_iter().find(|p| p.pid == pid)
    }

    fn system_daemons(&self, v: &mut Vec<Draft>) {
        let mut add = |pid: u32,
                       argv: &[&str],
                       comm: &str,
                       unit: &str,
                       uid: u32,
                       mem: (u64, u64),
                       private: &[(usize, u64)]| {
            let mut p = basic(pid, 1, argv, comm, "Ss", Role::System);
            p.uid = uid;
            p.cgroup = format!("/system.slice/{unit}");
            (p.vsz_kb, p.rss_kb) = mem;
            p.env = vec!["LANG=C.UTF-8".into(), PATH.into()];
            let mut ns = host_refs();
            for (k, ino) in private {
                if let Some(slot) = ns.get_mut(*k) {
                    *slot = NsRef::Fixed(*ino);
                }
            }
            v.push(Draft { p, ns });
        };
        add(
            318,
            &["/lib/systemd/systemd-journald"],
            "systemd-journal",
            "systemd-journald.service",
            0,
            (48_264, 15_840),
            &[],
        );
        add(
            345,
            &["/lib/systemd/systemd-udevd"],
            "systemd-udevd",
            "systemd-udevd.service",
            0,
            (25_588, 6_412),
            &[(2, 4_026_532_153)],
        );
        add(
            548,
            &["/usr/sbin/cron", "-f"],
            "cron",
            "cron.service",
            0,
            (6_676, 2_688),
            &[],
        );
        add(
            551,
            &[
                "/usr/bin/dbus-daemon",
                "--system",
                "--address=systemd:",
                "--nofork",
                "--nopidfile",
                "--systemd-activation",
                "--syslog-only",
            ],
            "dbus-daemon",
            "dbus.service",
            100,
            (9_148, 4_864),
            &[],
        );
        add(
            566,
            &["/lib/systemd/systemd-logind"],
            "systemd-logind",
            "systemd-logind.service",
            0,
            (25_308, 7_816),
            &[(2, 4_026_532_158), (7, 4_026_532_159)],
        );
        let mut getty = basic(
            601,
            1,
            &["/sbin/agetty", "-o", "-p -- \\u", "--noclear", "-", "linux"],
            "agetty",
            "Ss+",
            Role::System,
        );
        getty.tty = Some("tty1");
        getty.cgroup = "/system.slice/system-getty.slice/getty@tty1.service".into();
        (getty.vsz_kb, getty.rss_kb) = (5_872, 1_024);
        v.push(Draft {
            p: getty,
            ns: host_refs(),
        });
    }

    fn unit_processes(&self, v: &mut Vec<Draft>) {
        for u in self.node.units.iter() {
            if u.main_pid == 0 || u.exec.is_empty() {
                continue;
            }
            let program = u.exec.first().map(String::as_str).unwrap_or_default();
            let comm = if u.name == "ssh.service" {
                "sshd".to_string()
            } else {
                comm_of(program)
            };
            let go = u.name != "ssh.service";
            let mut p = basic(
                u.main_pid,
                1,
                &[],
                &comm,
                if go { "Ssl" } else { "Ss" },
                Role::Unit(u.name.clone()),
            );
            p.argv = if u.name == "kubelet.service" {
                self.kubelet_argv(&u.exec)
            } else {
                u.exec.clone()
            };
            p.start_ms = u.since_ms;
            p.cgroup = format!("/system.slice/{}", u.name);
            let (threads, vsz, rss, cpu) = match comm.as_str() {
                "kubelet" => (14, 1_935_872, 96_212, 20),
                "containerd" => (11, 1_876_436, 49_880, 8),
                "dockerd" => (12, 2_088_516, 88_904, 5),
                "crio" => (13, 1_652_312, 61_308, 8),
                "cri-dockerd" => (10, 1_342_688, 41_236, 3),
                _ => (1, 15_428, 9_216, 0),
            };
            (p.threads, p.vsz_kb, p.rss_kb, p.cpu_permille) = (threads, vsz, rss, cpu);
            p.env = vec!["LANG=C.UTF-8".into(), PATH.into()];
            v.push(Draft { p, ns: host_refs() });
        }
    }

    /// The kubelet's argv: `ExecStart=` of kubeadm's drop-in,
    /// `/usr/bin/kubelet $KUBELET_KUBECONFIG_ARGS $KUBELET_CONFIG_ARGS
    /// $KUBELET_KUBEADM_ARGS $KUBELET_EXTRA_ARGS`, the last two read from
    /// `/var/lib/kubelet/kubeadm-flags.env` and `/etc/default/kubelet`
    /// (unless the unit's argv already carries them).
    fn kubelet_argv(&self, exec: &[String]) -> Vec<String> {
        let mut argv = exec.to_vec();
        // systemd expanded the drop-in's variables already (a dockershim
        // kubelet has no endpoint flag, but its kubeconfig and config).
        if argv.iter().any(|a| {
            a.starts_with("--container-runtime-endpoint")
                || a.starts_with("--kubeconfig")
                || a.starts_with("--config")
        }) {
            return argv;
        }
        for (file, var) in [
            ("/var/lib/kubelet/kubeadm-flags.env", "KUBELET_KUBEADM_ARGS"),
            ("/etc/default/kubelet", "KUBELET_EXTRA_ARGS"),
        ] {
            if let Ok(text) = self.node.fs.read(file) {
                argv.extend(env_file_words(text, var));
            }
        }
        argv
    }

    fn session(&self, v: &mut Vec<Draft>) {
        let sshd = self.node.units.main_pid("ssh");
        let mut s = basic(
            SSHD_SESSION_PID,
            if sshd == 0 { 1 } else { sshd },
            &["sshd: root@pts/0"],
            "sshd",
            "Ss",
            Role::Session,
        );
        s.cgroup = "/user.slice/user-0.slice/session-1.scope".into();
        (s.vsz_kb, s.rss_kb) = (17_680, 10_952);
        let mut b = basic(
            BASH_PID,
            SSHD_SESSION_PID,
            &["-bash"],
            "bash",
            "Ss",
            Role::Session,
        );
        b.tty = Some("pts/0");
        b.cgroup = s.cgroup.clone();
        (b.vsz_kb, b.rss_kb) = (7_972, 4_608);
        b.env = vec![
            "SHELL=/bin/bash".into(),
            "PWD=/root".into(),
            "LOGNAME=root".into(),
            "HOME=/root".into(),
            "LANG=C.UTF-8".into(),
            "TERM=xterm-256color".into(),
            "USER=root".into(),
            "SHLVL=1".into(),
            "SSH_TTY=/dev/pts/0".into(),
            PATH.into(),
        ];
        v.push(Draft {
            p: s,
            ns: host_refs(),
        });
        v.push(Draft {
            p: b,
            ns: host_refs(),
        });
    }

    /// A runtime's process with its ps facts, namespaces and cgroup.
    fn runtime_process(&self, hp: &HostProcess) -> Option<Draft> {
        let ctr = hp.container.as_ref().and_then(|id| self.ctrs.get(id));
        let mut p = basic(hp.pid, hp.ppid, &[], "", "Sl", Role::Helper);
        p.argv = hp.argv.clone();
        p.comm = comm_of(hp.argv.first().map(String::as_str).unwrap_or_default());
        let mut ns = host_refs();
        match hp.program {
            Component::ShimRuncV2 | Component::ShimRunscV1 | Component::ShimKataV2 => {
                p.role = Role::Shim;
                if hp.program != Component::ShimRunscV1 {
                    p.argv = shim_daemon_argv(&hp.argv);
                }
                p.threads = 10;
                (p.vsz_kb, p.rss_kb) = (1_238_276, 13_952);
                p.cgroup = if self.cfg.runtime == crate::config::Runtime::CriO {
                    "/system.slice/crio.service".into()
                } else {
                    "/system.slice/containerd.service".into()
                };
                p.start_ms = self
                    .ctrs
                    .values()
                    .filter(|c| c.shim_pid == hp.pid)
                    .map(|c| c.created_ms)
                    .min()
                    .unwrap_or(0);
            }
            Component::Conmon => {
                p.role = Role::Shim;
                p.stat = "Ss";
                p.threads = 2;
                (p.vsz_kb, p.rss_kb) = (80_240, 2_304);
                let id = hp.container.clone().unwrap_or_default();
                p.cgroup = match self.conmon_scope(&id) {
                    Some((_, scope)) => format!("/{scope}"),
                    None => format!("/machine.slice/libpod-conmon-{id}.scope"),
                };
                p.start_ms = ctr.map_or(0, |c| c.created_ms);
            }
            Component::Container | Component::Catatonit => {
                let c = ctr?;
                let id = c.id.clone();
                p.role = Role::Container(id.clone());
                p.stat = "Ss";
                p.start_ms = c.started_ms.max(c.created_ms);
                if c.oci == Some(OciStatus::Running) {
                    let (argv, comm) = process_title(&c.args);
                    p.argv = argv;
                    p.comm = comm;
                } else {
                    p.comm = comm_of(hp.argv.first().map(String::as_str).unwrap_or_default());
                }
                p.cgroup = if c.origin == crate::engine::Origin::Podman {
                    format!("/machine.slice/libpod-{id}.scope")
                } else {
                    format!("/{}", self.container_cgroup(c))
                };
                (p.vsz_kb, p.rss_kb) = match p.comm.as_str() {
                    "pause" => (996, 512),
                    "nginx" => (11_412, 7_424),
                    _ => (2_408, 1_280),
                };
                p.nspid = vec![hp.pid, 1];
                p.env = vec![PATH.into()];
                ns = [
                    NsRef::Host,
                    NsRef::Own,
                    NsRef::Own,
                    NsRef::Own,
                    NsRef::Own,
                    NsRef::Host,
                    NsRef::Host,
                    NsRef::Own,
                ];
                if let Some(spec) = self.spec_of(&id) {
                    if let Some(proc_) = spec.process() {
                        p.uid = proc_.user().uid();
                        if let Some(env) = proc_.env() {
                            p.env = env.clone();
                        }
                    }
                    if let Some(list) = spec.linux().as_ref().and_then(|l| l.namespaces().clone()) {
                        ns = host_refs();
                        for n in list {
                            let Some(k) = ns_index(n.typ()) else { continue };
                            let r = match n.path() {
                                None => NsRef::Own,
                                Some(path) => join_ref(&path.to_string_lossy()),
                            };
                            if let Some(slot) = ns.get_mut(k) {
                                *slot = r;
                            }
                        }
                    }
                }
                if ns[4] != NsRef::Own {
                    p.nspid = vec![hp.pid];
                }
                // The pause image's config says `USER 65535:65535`; the
                // specs here leave the image's user out.
                if p.comm == "pause" && p.uid == 0 {
                    p.uid = 65535;
                }
            }
            Component::Qemu | Component::Virtiofsd => {
                p.comm = comm_of(hp.argv.first().map(String::as_str).unwrap_or_default());
                p.threads = if hp.program == Component::Qemu { 4 } else { 3 };
                let sbid = hp.container.clone().unwrap_or_default();
                p.cgroup = format!("/kata_overhead/{sbid}");
                if let Some(sb) = self.sandboxes.get(&sbid) {
                    // QEMU runs in the pod's network namespace (its tap
                    // device is there); virtiofsd stays in the host's.
                    if hp.program == Component::Qemu {
                        ns[3] = NsRef::Path(sb.netns.clone());
                    }
                    p.start_ms = sb.created_ms;
                }
            }
            Component::RunscSandbox | Component::RunscGofer => {
                // runsc re-executes itself (/proc/self/exe): comm `exe`.
                p.comm = "exe".into();
                p.stat = "Ssl";
                p.threads = 12;
                p.start_ms = ctr.map_or(0, |c| c.created_ms);
                ns[2] = NsRef::Own;
                if hp.program == Component::RunscSandbox {
                    for k in [1, 4, 7] {
                        ns[k] = NsRef::Own;
                    }
                    let netns = ctr
                        .and_then(|c| c.sandbox_id.as_ref().or(Some(&c.id)))
                        .and_then(|s| self.sandboxes.get(s))
                        .map(|s| s.netns.clone());
                    if let Some(n) = netns {
                        ns[3] = NsRef::Path(n);
                    }
                }
                p.cgroup = ctr.map_or("/".into(), |c| format!("/{}", self.container_cgroup(c)));
            }
            _ => {
                p.start_ms = ctr.map_or(0, |c| c.created_ms);
            }
        }
        Some(Draft { p, ns })
    }

    /// The spec a runtime made of a container's config.json.
    fn spec_of(&self, id: &str) -> Option<&oci_spec::runtime::Spec> {
        self.specs
            .iter()
            .find(|((_, cid), _)| cid == id)
            .map(|(_, s)| s.as_ref())
    }
}

/// What a container's main process shows as its command line and comm
/// once it runs: nginx's master sets its title; an entrypoint script that
/// `exec`s its arguments becomes them.
pub fn process_title(args: &[String]) -> (Vec<String>, String) {
    let first = args.first().map(String::as_str).unwrap_or_default();
    let base = first.rsplit('/').next().unwrap_or(first);
    let rest: &[String] = if base == "docker-entrypoint.sh" && args.len() > 1 {
        &args[1..]
    } else {
        args
    };
    let prog = rest.first().map(String::as_str).unwrap_or_default();
    let comm = comm_of(prog);
    if comm == "nginx" {
        let title = format!("nginx: master process {}", rest.join(" "));
        return (vec![title], comm);
    }
    (rest.to_vec(), comm)
}

/// The words of `VAR="…"` in an environment file (systemd's
/// `EnvironmentFile=`), split as `$VAR` splits them in `ExecStart=`.
pub fn env_file_words(text: &str, var: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in text.lines() {
        let Some(rest) = line.trim().strip_prefix(var) else {
            continue;
        };
        let Some(value) = rest.trim_start().strip_prefix('=') else {
            continue;
        };
        let value = value.trim();
        let value = value
            .strip_prefix('"')
            .and_then(|v| v.strip_suffix('"'))
            .or_else(|| value.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')))
            .unwrap_or(value);
        out = value.split_whitespace().map(str::to_string).collect();
    }
    out
}

fn ns_index(t: LinuxNamespaceType) -> Option<usize> {
    let name = match t {
        LinuxNamespaceType::Cgroup => "cgroup",
        LinuxNamespaceType::Ipc => "ipc",
        LinuxNamespaceType::Mount => "mnt",
        LinuxNamespaceType::Network => "net",
        LinuxNamespaceType::Pid => "pid",
        LinuxNamespaceType::Time => "time",
        LinuxNamespaceType::User => "user",
        LinuxNamespaceType::Uts => "uts",
    };
    NS_TYPES.iter().position(|t| *t == name)
}

/// A namespace path in a spec: `/proc/<pid>/ns/<kind>` joins a process's;
/// anything else is a bind-mounted namespace file.
fn join_ref(path: &str) -> NsRef {
    let pid = path
        .strip_prefix("/proc/")
        .and_then(|r| r.split('/').next())
        .and_then(|p| p.parse::<u32>().ok());
    match pid {
        Some(pid) => NsRef::Join(pid),
        None => NsRef::Path(path.to_string()),
    }
}

/// Turns each process's namespace references into inode numbers.
fn resolve_namespaces(drafts: Vec<Draft>) -> Vec<Proc> {
    // A bind-mounted namespace belongs to the first process found in it.
    let mut path_owner: Vec<(String, usize, u32)> = Vec::new();
    for d in &drafts {
        for (k, r) in d.ns.iter().enumerate() {
            if let NsRef::Path(p) = r {
                if !path_owner.iter().any(|(q, kk, _)| q == p && *kk == k) {
                    path_owner.push((p.clone(), k, d.p.pid));
                }
            }
        }
    }
    fn resolve(
        drafts: &[Draft],
        owners: &[(String, usize, u32)],
        pid: u32,
        k: usize,
        depth: u32,
    ) -> u64 {
        let host = HOST_NS.get(k).copied().unwrap_or_default();
        let Some(d) = drafts.iter().find(|d| d.p.pid == pid) else {
            return own_ns(pid, k);
        };
        match d.ns.get(k) {
            None | Some(NsRef::Host) => host,
            Some(NsRef::Fixed(i)) => *i,
            Some(NsRef::Own) => own_ns(pid, k),
            Some(NsRef::Join(other)) if depth < 8 && *other != pid => {
                resolve(drafts, owners, *other, k, depth + 1)
            }
            Some(NsRef::Join(other)) => own_ns(*other, k),
            Some(NsRef::Path(p)) => {
                let owner = owners
                    .iter()
                    .find(|(q, kk, _)| q == p && *kk == k)
                    .map_or(pid, |(_, _, o)| *o);
                own_ns(owner, k)
            }
        }
    }
    let mut out = Vec::with_capacity(drafts.len());
    for d in &drafts {
        let mut p = d.p.clone();
        for k in 0..NS_TYPES.len() {
            if let Some(slot) = p.ns.get_mut(k) {
                *slot = resolve(&drafts, &path_owner, d.p.pid, k, 0);
            }
        }
        out.push(p);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_env_file_gives_the_words_of_its_variable() {
        let text = "KUBELET_KUBEADM_ARGS=\"--container-runtime-endpoint=unix:///var/run/containerd/containerd.sock --pod-infra-container-image=registry.k8s.io/pause:3.9\"\n";
        assert_eq!(
            env_file_words(text, "KUBELET_KUBEADM_ARGS"),
            [
                "--container-runtime-endpoint=unix:///var/run/containerd/containerd.sock",
                "--pod-infra-container-image=registry.k8s.io/pause:3.9"
            ]
        );
        assert!(env_file_words("KUBELET_EXTRA_ARGS=\n", "KUBELET_EXTRA_ARGS").is_empty());
    }

    #[test]
    fn nginx_shows_its_master_title_and_comm_is_cut_to_15() {
        let args: Vec<String> = ["/docker-entrypoint.sh", "nginx", "-g", "daemon off;"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let (argv, comm) = process_title(&args);
        assert_eq!(argv, ["nginx: master process nginx -g daemon off;"]);
        assert_eq!(comm, "nginx");
        assert_eq!(
            comm_of("/usr/bin/containerd-shim-runc-v2"),
            "containerd-shim"
        );
        assert_eq!(comm_of("-bash"), "bash");
    }
}
