//! The node's processes: `ps`, `pstree`, `pgrep`, `pidof`, `kill`, `lsns`
//! and `/proc`, run through the machine a shell runs on, over worlds with
//! pods (CKA drill D07: who is the parent, what survives a containerd
//! restart).

use atlas_core::command::{self, shell};
use atlas_core::engine::{Outcome, World};
use atlas_core::node::{Io, Machine};
use atlas_core::Config;
use litemap::LiteMap;

/// Runs one line: node programs through the machine, the container tools
/// through their parser (as the shell does).
fn sh(w: &mut World, line: &str) -> Outcome {
    let argv = shell::split(line).expect("words");
    let env: LiteMap<String, String> = LiteMap::new();
    let io = Io {
        stdin: "",
        env: &env,
        cwd: "/root",
    };
    w.exec(&argv, &io)
        .unwrap_or_else(|| panic!("no program for {line}"))
}

fn run(w: &mut World, line: &str) -> Outcome {
    let cmd = command::parse(line).expect("parses");
    w.apply(&cmd)
}

fn world(runtime: Option<&str>) -> World {
    let cfg = Config::from_words(None, runtime, None).expect("config");
    World::new(cfg, 1)
}

/// A node with Pod `shop` (one container, also named `shop`) running.
fn with_pod(runtime: Option<&str>) -> World {
    let mut w = world(runtime);
    run(&mut w, "kubectl run shop --image=nginx");
    run(&mut w, "sleep 5");
    w
}

/// The host pid of the pod's container, as `crictl inspect` gives it.
fn container_pid(w: &mut World) -> (String, u32) {
    let id = run(w, "crictl ps --name shop -q").stdout.trim().to_string();
    assert!(!id.is_empty(), "no container");
    let json = run(w, &format!("crictl inspect {id}")).stdout;
    let v: serde_json::Value = serde_json::from_str(&json).expect("inspect JSON");
    let pid = v["info"]["pid"].as_u64().expect("info.pid") as u32;
    assert!(pid > 0);
    (id, pid)
}

fn restarts(w: &mut World) -> String {
    let out = run(w, "kubectl get pods").stdout;
    let row = out
        .lines()
        .find(|l| l.starts_with("shop"))
        .expect("pod row");
    row.split_whitespace().nth(3).expect("RESTARTS").to_string()
}

#[test]
fn d07_the_parent_is_the_shim_and_it_survives_a_containerd_restart() {
    let mut w = with_pod(None);
    let (_, pid) = container_pid(&mut w);
    let o = sh(&mut w, &format!("ps -o ppid=,comm= -p {pid}"));
    assert_eq!(o.exit, 0, "{o:?}");
    let words: Vec<&str> = o.stdout.split_whitespace().collect();
    let ppid: u32 = words[0].parse().expect("ppid");
    // The kernel keeps 15 bytes of a name: `comm` is cut.
    assert_eq!(words[1], "nginx");
    assert_eq!(
        sh(&mut w, &format!("ps -o comm= -p {ppid}")).stdout,
        "containerd-shim\n"
    );
    let args = sh(&mut w, &format!("ps -o args= -p {ppid}")).stdout;
    assert!(
        args.starts_with("/usr/bin/containerd-shim-runc-v2 -namespace k8s.io -id "),
        "{args}"
    );
    assert!(args
        .trim_end()
        .ends_with("-address /run/containerd/containerd.sock"));
    // Its parent is init: the shim was re-parented when `start` exited.
    assert_eq!(
        sh(&mut w, &format!("ps -o ppid= -p {ppid}")).stdout,
        "      1\n"
    );
    assert_eq!(
        sh(&mut w, &format!("pstree -ps {pid}")).stdout,
        format!("systemd(1)───containerd-shim({ppid})───nginx({pid})\n")
    );
    let before = restarts(&mut w);
    let o = sh(&mut w, "systemctl restart containerd");
    assert_eq!(o.exit, 0, "{o:?}");
    run(&mut w, "sleep 10");
    let (_, after) = container_pid(&mut w);
    assert_eq!(after, pid, "the container keeps running under its shim");
    let o = sh(&mut w, &format!("ps -o ppid=,comm= -p {pid}"));
    assert_eq!(
        o.stdout.split_whitespace().next(),
        Some(ppid.to_string().as_str())
    );
    assert_eq!(restarts(&mut w), before);
}

#[test]
fn d07_under_cri_o_the_parent_is_conmon() {
    let mut w = with_pod(Some("crio"));
    let (_, pid) = container_pid(&mut w);
    let o = sh(&mut w, &format!("ps -o ppid= -p {pid}"));
    let ppid = o.stdout.trim().to_string();
    assert_eq!(
        sh(&mut w, &format!("ps -o comm= -p {ppid}")).stdout,
        "conmon\n"
    );
    let tree = sh(&mut w, &format!("pstree -ps {pid}")).stdout;
    assert_eq!(
        tree,
        format!("systemd(1)───conmon({ppid})───nginx({pid})\n")
    );
}

#[test]
fn pstree_draws_the_shim_with_pause_and_the_workload() {
    let mut w = with_pod(None);
    let out = sh(&mut w, "pstree -p").stdout;
    assert!(out.starts_with("systemd(1)─┬─"), "{out}");
    let shim = out
        .lines()
        .find(|l| l.contains("containerd-shim("))
        .expect("shim line");
    assert!(shim.contains(")─┬─nginx("), "{out}");
    let next = out
        .lines()
        .skip_while(|l| !l.contains("containerd-shim("))
        .nth(1)
        .expect("pause line");
    assert!(
        next.trim_start().starts_with("│") && next.contains("└─pause("),
        "{out}"
    );
    assert!(
        out.contains("sshd(588)───sshd(1022)───bash(1043)───pstree("),
        "{out}"
    );
    let plain = sh(&mut w, "pstree").stdout;
    assert!(
        plain.contains("├─containerd───10*[{containerd}]"),
        "{plain}"
    );
    assert!(
        plain.contains("│                 └─9*[{containerd-shim}]"),
        "{plain}"
    );
}

#[test]
fn ps_ef_lists_init_the_daemons_the_login_and_the_pod() {
    let mut w = with_pod(None);
    let out = sh(&mut w, "ps -ef").stdout;
    let mut lines = out.lines();
    assert_eq!(
        lines.next(),
        Some("UID          PID    PPID  C STIME TTY          TIME CMD")
    );
    assert_eq!(
        lines.next(),
        Some("root           1       0  0 09:00 ?        00:00:00 /sbin/init")
    );
    for needle in [
        "[kthreadd]",
        "/usr/bin/containerd",
        "/usr/bin/kubelet --bootstrap-kubeconfig=",
        "sshd: root@pts/0",
        " pts/0    00:00:00 -bash",
        "/pause",
        "nginx: master process nginx -g daemon off;",
        "\n65535    ",
        "ps -ef",
    ] {
        assert!(out.contains(needle), "{needle}: {out}");
    }
    let aux = sh(&mut w, "ps auxf").stdout;
    assert!(aux.starts_with(
        "USER         PID %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND\n"
    ));
    assert!(aux.contains("      \\_ /pause\n"), "{aux}");
    assert!(
        aux.contains(" \\_ /usr/bin/containerd-shim-runc-v2 -namespace k8s.io"),
        "{aux}"
    );
    // Selections: -C by name, --ppid, a pid that is not there (header, 1).
    let c = sh(&mut w, "ps -C kubelet -o pid=").stdout;
    assert_eq!(c, "    803\n");
    let none = sh(&mut w, "ps -p 99999");
    assert_eq!(none.exit, 1);
    assert_eq!(none.stdout, "    PID TTY          TIME CMD\n");
    let bad = sh(&mut w, "ps -o bogus");
    assert_eq!(bad.exit, 1);
    assert!(bad
        .stderr
        .starts_with("error: unknown user-defined format specifier \"bogus\"\n"));
}

#[test]
fn proc_has_a_directory_per_process_and_the_kubelet_cmdline() {
    let mut w = with_pod(None);
    w.fs_mut().put_file(
        "/var/lib/kubelet/kubeadm-flags.env",
        "KUBELET_KUBEADM_ARGS=\"--container-runtime-endpoint=unix:///var/run/containerd/containerd.sock --pod-infra-container-image=registry.k8s.io/pause:3.9\"\n",
    );
    let names = w.list("/proc");
    for n in ["1", "803", "1043", "self", "sys"] {
        assert!(names.contains(&n.to_string()), "{n}: {names:?}");
    }
    assert!(w.is_dir("/proc/803"));
    assert!(w.is_dir("/proc/self/ns"));
    assert!(!w.is_dir("/proc/99999"));
    let pid = sh(&mut w, "pgrep kubelet").stdout.trim().to_string();
    assert_eq!(pid, "803");
    let cmdline = w.read(&format!("/proc/{pid}/cmdline")).expect("cmdline");
    let words = cmdline.replace('\0', " ");
    assert!(
        words.starts_with("/usr/bin/kubelet --bootstrap-kubeconfig="),
        "{words}"
    );
    assert!(
        words.contains(" --container-runtime-endpoint=unix:///var/run/containerd/containerd.sock "),
        "{words}"
    );
    assert_eq!(w.read("/proc/self/comm").expect("comm"), "bash\n");
    let (id, cpid) = container_pid(&mut w);
    let status = w.read(&format!("/proc/{cpid}/status")).expect("status");
    assert!(
        status.starts_with("Name:\tnginx\nUmask:\t0022\nState:\tS (sleeping)\n"),
        "{status}"
    );
    assert!(
        status.contains(&format!("\nNSpid:\t{cpid}\t1\n")),
        "{status}"
    );
    let cg = w.read(&format!("/proc/{cpid}/cgroup")).expect("cgroup");
    assert!(
        cg.starts_with("0::/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod"),
        "{cg}"
    );
    // (crictl's ids are the short form unless --no-trunc.)
    assert!(cg.contains(&format!("/cri-containerd-{id}")), "{cg} {id}");
    assert!(cg.ends_with(".scope\n"), "{cg}");
    let shim = sh(&mut w, &format!("ps -o ppid= -p {cpid}"))
        .stdout
        .trim()
        .to_string();
    assert_eq!(
        w.read(&format!("/proc/{shim}/cgroup")).expect("cgroup"),
        "0::/system.slice/containerd.service\n"
    );
    assert_eq!(
        w.list(&format!("/proc/{cpid}/ns")),
        [
            "cgroup",
            "ipc",
            "mnt",
            "net",
            "pid",
            "pid_for_children",
            "time",
            "time_for_children",
            "user",
            "uts"
        ]
    );
    // The pod's containers share the sandbox's net, ipc and uts; each has its own mnt and pid.
    let pause = sh(&mut w, "pgrep -x pause").stdout.trim().to_string();
    for (kind, shared) in [
        ("net", true),
        ("ipc", true),
        ("uts", true),
        ("mnt", false),
        ("pid", false),
    ] {
        let a = w
            .proc_link(&format!("/proc/{cpid}/ns/{kind}"))
            .expect("link");
        let b = w
            .proc_link(&format!("/proc/{pause}/ns/{kind}"))
            .expect("link");
        assert!(a.starts_with(&format!("{kind}:[40265")), "{a}");
        assert_eq!(a == b, shared, "{kind}: {a} {b}");
    }
    assert_eq!(
        w.proc_link("/proc/1/ns/net").as_deref(),
        Some("net:[4026531840]")
    );
    assert_eq!(w.proc_link("/proc/self").as_deref(), Some("1043"));
    assert_eq!(
        w.write("/proc/1/status", "x", false)
            .map_err(|e| e.to_string()),
        Err("Permission denied".to_string())
    );
    assert_eq!(
        w.read("/proc/99999/status").map_err(|e| e.to_string()),
        Err("No such file or directory".to_string())
    );
}

#[test]
fn kill_9_ends_the_container_and_the_kubelet_restarts_it() {
    let mut w = with_pod(None);
    let (_, pid) = container_pid(&mut w);
    assert_eq!(restarts(&mut w), "0");
    let o = sh(&mut w, &format!("kill -9 {pid}"));
    assert_eq!((o.exit, o.stderr.as_str()), (0, ""), "{o:?}");
    run(&mut w, "sleep 20");
    assert_eq!(restarts(&mut w), "1");
    let ps = run(&mut w, "crictl ps -a --name shop").stdout;
    assert!(ps.contains("Exited"), "{ps}");
    let (_, new_pid) = container_pid(&mut w);
    assert_ne!(new_pid, pid);
    let o = sh(&mut w, &format!("kill {pid}"));
    assert_eq!(o.exit, 1);
    assert_eq!(o.stderr, format!("bash: kill: ({pid}) - No such process\n"));
}

#[test]
fn kill_pgrep_and_pidof_answer_as_the_real_tools() {
    let mut w = with_pod(None);
    assert_eq!(sh(&mut w, "kill -l 9").stdout, "KILL\n");
    assert_eq!(sh(&mut w, "kill -l SIGTERM").stdout, "15\n");
    let bad = sh(&mut w, "kill -FOO 1");
    assert_eq!(
        (bad.exit, bad.stderr.as_str()),
        (1, "bash: kill: FOO: invalid signal specification\n")
    );
    assert_eq!(sh(&mut w, "kill").exit, 2);
    let none = sh(&mut w, "pgrep nosuchthing");
    assert_eq!((none.exit, none.stdout.as_str()), (1, ""));
    let long = sh(&mut w, "pgrep containerd-shim-runc-v2");
    assert_eq!(long.exit, 1);
    assert!(
        long.stderr.contains("longer than 15 characters"),
        "{long:?}"
    );
    let full = sh(&mut w, "pgrep -f containerd-shim-runc-v2");
    assert_eq!(full.exit, 0);
    let l = sh(&mut w, "pgrep -l containerd").stdout;
    assert!(l.starts_with("812 containerd\n"), "{l}");
    let empty = sh(&mut w, "pgrep");
    assert_eq!(empty.exit, 2);
    assert_eq!(
        empty.stderr,
        "pgrep: no matching criteria specified\nTry `pgrep --help' for more information.\n"
    );
    assert_eq!(sh(&mut w, "pidof kubelet").stdout, "803\n");
    assert_eq!(sh(&mut w, "pidof nothing").exit, 1);
    // A signal to a process the model keeps as it is: said, not done.
    let o = sh(&mut w, "kill -9 1022");
    assert_eq!(o.exit, 0);
    assert_eq!(o.remarks.len(), 1);
}

#[test]
fn lsns_lists_the_host_and_the_pod_namespaces() {
    let mut w = with_pod(None);
    let out = sh(&mut w, "lsns").stdout;
    let mut lines = out.lines();
    assert_eq!(
        lines.next(),
        Some("        NS TYPE   NPROCS   PID USER  COMMAND")
    );
    assert!(lines
        .next()
        .is_some_and(|l| l.starts_with("4026531834 time ")));
    assert!(out.contains(" net         2 "), "{out}");
    let (_, pid) = container_pid(&mut w);
    let mine = sh(&mut w, &format!("lsns -p {pid}")).stdout;
    assert_eq!(mine.lines().count(), 9, "{mine}");
    let net = sh(&mut w, "lsns -t net").stdout;
    assert!(
        net.starts_with("        NS TYPE  NPROCS   PID USER     NETNSID NSFS"),
        "{net}"
    );
    assert!(net.contains(" /run/netns/cni-"), "{net}");
    let bad = sh(&mut w, "lsns -t foo");
    assert_eq!(
        (bad.exit, bad.stderr.as_str()),
        (1, "lsns: unknown namespace type: foo\n")
    );
}

#[test]
fn the_runtimes_own_consumers_keep_their_table() {
    // `host_processes` (the faces' process view) lists only the runtimes' part.
    let w = with_pod(None);
    let hp = w.host_processes();
    assert!(hp.iter().all(|p| p.pid >= 4000), "{hp:?}");
    let all = w.process_table();
    assert!(all.len() > hp.len());
}

fn world_oci(runtime: Option<&str>, oci: &str) -> World {
    let cfg = Config::from_words(None, runtime, Some(oci)).expect("config");
    World::new(cfg, 1)
}

#[test]
fn every_runtime_leaves_its_own_processes() {
    // Docker behind cri-dockerd: the shim serves containerd's `moby` namespace.
    let mut w = with_pod(Some("cri-dockerd"));
    let (_, pid) = container_pid(&mut w);
    let ppid = sh(&mut w, &format!("ps -o ppid= -p {pid}"))
        .stdout
        .trim()
        .to_string();
    let args = sh(&mut w, &format!("ps -o args= -p {ppid}")).stdout;
    assert!(args.contains("-namespace moby"), "{args}");
    let tree = sh(&mut w, "pstree").stdout;
    assert!(tree.contains("├─dockerd"), "{tree}");
    assert!(tree.contains("├─cri-dockerd"), "{tree}");
    // Kata: the shim's children are virtiofsd and QEMU; the workload is in the guest.
    let mut w = world_oci(None, "kata");
    run(&mut w, "kubectl run shop --image=nginx");
    run(&mut w, "sleep 5");
    let ef = sh(&mut w, "ps -ef").stdout;
    assert!(
        ef.contains("/opt/kata/bin/containerd-shim-kata-v2 -namespace k8s.io -id "),
        "{ef}"
    );
    let tree = sh(&mut w, "pstree").stdout;
    assert!(tree.contains("containerd-shim─┬─qemu-system-x86"), "{tree}");
    assert!(!tree.contains("nginx"), "{tree}");
    // gVisor: the Sentry and the gofer run as runsc's re-executed self.
    let mut w = world_oci(None, "gvisor");
    run(&mut w, "kubectl run shop --image=nginx");
    run(&mut w, "sleep 5");
    let ef = sh(&mut w, "ps -ef").stdout;
    assert!(ef.contains("runsc"), "{ef}");
    assert_eq!(sh(&mut w, "lsns").exit, 0);
    // Podman: conmon under init, the container under conmon.
    let mut w = world(Some("podman"));
    run(&mut w, "podman run -d nginx");
    let tree = sh(&mut w, "pstree -p").stdout;
    assert!(tree.contains("conmon("), "{tree}");
    assert!(!tree.contains("kubelet"), "{tree}");
}

#[test]
fn a_signal_to_a_daemon_goes_to_systemd_and_init_ignores_them() {
    let mut w = with_pod(None);
    let o = sh(&mut w, "kill -9 803");
    assert_eq!((o.exit, o.remarks.len()), (0, 0), "{o:?}");
    let o = sh(&mut w, "kill -TERM 1 2");
    assert_eq!((o.exit, o.remarks.len()), (0, 0), "{o:?}");
    let o = sh(&mut w, "kill -s KILL abc");
    assert_eq!(
        (o.exit, o.stderr.as_str()),
        (1, "bash: kill: abc: arguments must be process or job IDs\n")
    );
}

#[test]
fn ps_sorts_by_the_keys_asked() {
    let mut w = with_pod(None);
    let out = sh(&mut w, "ps aux --sort=-rss").stdout;
    let first = out.lines().nth(1).expect("a row");
    assert!(first.contains("/usr/bin/kubelet"), "{out}");
    let out = sh(&mut w, "ps -eo pid,comm --sort comm").stdout;
    assert_eq!(
        out.lines().nth(1).map(|l| l.trim_end()),
        Some("    601 agetty")
    );
    let bad = sh(&mut w, "ps --sort=bogus");
    assert!(
        bad.stderr.starts_with("error: unknown sort specifier\n"),
        "{bad:?}"
    );
}
