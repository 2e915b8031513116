//! The node's files, file commands, kernel parameters, modules and
//! packages, through `Machine::exec` as the shell runs them.

use atlas_core::command;
use atlas_core::engine::{Outcome, World};
use atlas_core::node::{Io, Machine};
use atlas_core::Config;
use litemap::LiteMap;

fn world(k8s: &str, rt: &str) -> World {
    World::new(
        Config::from_words(Some(k8s), Some(rt), None).expect("a configuration"),
        7,
    )
}

fn exec_in(w: &mut World, cwd: &str, line: &str) -> Outcome {
    let argv = command::shell::split(line).expect("a command line");
    let env = LiteMap::new();
    let io = Io {
        stdin: "",
        env: &env,
        cwd,
    };
    w.exec(&argv, &io)
        .unwrap_or_else(|| panic!("{line}: command not found"))
}

fn exec(w: &mut World, line: &str) -> Outcome {
    exec_in(w, "/root", line)
}

fn ok(w: &mut World, line: &str) -> String {
    let o = exec(w, line);
    assert_eq!(o.exit, 0, "{line}: {o:?}");
    assert_eq!(o.stderr, "", "{line}");
    o.stdout
}

#[test]
fn ls_shows_modes_links_and_sockets() {
    let mut w = world("1.28", "containerd");
    let out = ok(&mut w, "ls -l /run/containerd");
    assert!(
        out.contains("srw-rw---- 1 root root 0 Jan  5 09:00 containerd.sock\n"),
        "{out}"
    );
    assert!(out.starts_with("total "), "{out}");
    let out = ok(&mut w, "ls -ld /var/run");
    assert_eq!(
        out,
        "lrwxrwxrwx 1 root root 6 Jan  5 09:00 /var/run -> ../run\n"
    );
    // Without -l a link to a directory is followed.
    let out = ok(&mut w, "ls /var/run/containerd");
    assert_eq!(out, "containerd.sock\n");
    let out = ok(&mut w, "ls /etc/kubernetes");
    assert_eq!(
        out,
        "admin.conf\ncontroller-manager.conf\nkubelet.conf\nmanifests\npki\nscheduler.conf\n"
    );
    let out = ok(&mut w, "ls /etc/kubernetes/manifests");
    assert_eq!(
        out,
        "etcd.yaml\nkube-apiserver.yaml\nkube-controller-manager.yaml\nkube-scheduler.yaml\n"
    );
    let o = exec(&mut w, "ls /nope /etc/crictl.yaml");
    assert_eq!(o.exit, 2);
    assert_eq!(
        o.stderr,
        "ls: cannot access '/nope': No such file or directory\n"
    );
    assert_eq!(o.stdout, "/etc/crictl.yaml\n");
    let out = ok(&mut w, "ls -a /opt/course");
    assert_eq!(out, ".\n..\n");
    let out = ok(&mut w, "ls -lh /etc/crictl.yaml");
    assert!(out.starts_with("-rw-r--r-- 1 root root "), "{out}");
    let o = exec(&mut w, "ls -z");
    assert_eq!(o.exit, 2);
    assert_eq!(
        o.stderr,
        "ls: invalid option -- 'z'\nTry 'ls --help' for more information.\n"
    );
    let out = ok(&mut w, "ls /opt /tmp");
    assert_eq!(out, "/opt:\ncni\ncourse\n\n/tmp:\n");
    let out = ok(&mut w, "ls -R /opt/cni");
    assert_eq!(out, "/opt/cni:\nbin\n\n/opt/cni/bin:\nbridge\n");
}

#[test]
fn docker_sockets_belong_to_group_docker() {
    let mut w = world("1.28", "cri-dockerd");
    let out = ok(&mut w, "ls -l /run/cri-dockerd.sock");
    assert_eq!(
        out,
        "srw-rw---- 1 root docker 0 Jan  5 09:00 /run/cri-dockerd.sock\n"
    );
}

#[test]
fn files_are_made_moved_and_removed() {
    let mut w = world("1.28", "containerd");
    ok(&mut w, "mkdir -p /opt/course/17/a");
    let o = exec(&mut w, "mkdir /opt/course/17");
    assert_eq!(o.exit, 1);
    assert_eq!(
        o.stderr,
        "mkdir: cannot create directory ‘/opt/course/17’: File exists\n"
    );
    let o = exec(&mut w, "mkdir /x/y");
    assert_eq!(
        o.stderr,
        "mkdir: cannot create directory ‘/x/y’: No such file or directory\n"
    );
    w.write_file("/opt/course/17/pod.txt", "abc\n", false)
        .unwrap();
    ok(&mut w, "cp /opt/course/17/pod.txt /tmp");
    assert_eq!(w.read_file("/tmp/pod.txt").unwrap(), "abc\n");
    ok(&mut w, "mv /tmp/pod.txt /tmp/moved.txt");
    assert!(w.read_file("/tmp/pod.txt").is_err());
    assert_eq!(w.read_file("/tmp/moved.txt").unwrap(), "abc\n");
    let o = exec(&mut w, "cp /opt/course /tmp");
    assert_eq!(o.exit, 1);
    assert_eq!(
        o.stderr,
        "cp: -r not specified; omitting directory '/opt/course'\n"
    );
    ok(&mut w, "cp -r /opt/course /tmp/c");
    assert_eq!(w.read_file("/tmp/c/17/pod.txt").unwrap(), "abc\n");
    let o = exec(&mut w, "rm /tmp/c");
    assert_eq!(o.stderr, "rm: cannot remove '/tmp/c': Is a directory\n");
    ok(&mut w, "rm -rf /tmp/c /tmp/none");
    assert!(!w.is_dir("/tmp/c"));
    let o = exec(&mut w, "rm /tmp/none");
    assert_eq!(
        (o.exit, o.stderr.as_str()),
        (
            1,
            "rm: cannot remove '/tmp/none': No such file or directory\n"
        )
    );
    ok(&mut w, "touch notes.txt");
    assert_eq!(w.read_file("/root/notes.txt").unwrap(), "");
    let o = exec(&mut w, "rmdir /opt/course/17");
    assert_eq!(
        o.stderr,
        "rmdir: failed to remove '/opt/course/17': Directory not empty\n"
    );
    ok(&mut w, "ln -s /etc/crictl.yaml /root/c.yaml");
    assert_eq!(ok(&mut w, "readlink /root/c.yaml"), "/etc/crictl.yaml\n");
    assert_eq!(
        ok(&mut w, "readlink -f /var/run/containerd/containerd.sock"),
        "/run/containerd/containerd.sock\n"
    );
    assert_eq!(ok(&mut w, "realpath ../var/run"), "/run\n");
    assert!(w
        .read_file("/root/c.yaml")
        .unwrap()
        .contains("runtime-endpoint"));
    ok(&mut w, "chmod 600 /root/notes.txt");
    assert!(ok(&mut w, "ls -l notes.txt").starts_with("-rw------- "));
    ok(&mut w, "chmod +x notes.txt");
    assert!(ok(&mut w, "ls -l notes.txt").starts_with("-rwx--x--x "));
}

#[test]
fn find_and_stat() {
    let mut w = world("1.28", "containerd");
    let out = ok(&mut w, "find /etc -name '*.sock'");
    assert_eq!(out, "");
    let out = ok(&mut w, "find /run -type s");
    assert_eq!(out, "/run/containerd/containerd.sock\n");
    let out = ok(&mut w, "find /etc/kubernetes/manifests -name 'kube-*'");
    assert_eq!(
        out,
        "/etc/kubernetes/manifests/kube-apiserver.yaml\n/etc/kubernetes/manifests/kube-controller-manager.yaml\n/etc/kubernetes/manifests/kube-scheduler.yaml\n"
    );
    let o = exec(&mut w, "find /nope");
    assert_eq!(o.stderr, "find: ‘/nope’: No such file or directory\n");
    let out = ok(&mut w, "stat /run/containerd/containerd.sock");
    assert!(out.starts_with("  File: /run/containerd/containerd.sock\n  Size: 0         \tBlocks: 0          IO Block: 4096   socket\n"), "{out}");
    assert!(
        out.contains("Access: (0660/srw-rw----)  Uid: (    0/    root)   Gid: (    0/    root)\n"),
        "{out}"
    );
    let o = exec(&mut w, "stat /nope");
    assert_eq!(
        o.stderr,
        "stat: cannot statx '/nope': No such file or directory\n"
    );
}

#[test]
fn editors_hand_the_file_to_the_face() {
    let mut w = world("1.28", "containerd");
    let o = exec_in(&mut w, "/etc", "vi crictl.yaml");
    assert_eq!(o.edit.as_deref(), Some("/etc/crictl.yaml"));
    assert_eq!((o.exit, o.stdout.as_str()), (0, ""));
    let o = exec(&mut w, "nano /var/run/new.conf");
    assert_eq!(o.edit.as_deref(), Some("/run/new.conf"));
    let o = exec(&mut w, "vim /etc");
    assert_eq!(o.edit, None);
    assert_eq!(o.stderr, "\"/etc\" is a directory\n");
}

#[test]
fn the_configuration_s_files_are_there() {
    let w = world("1.28", "containerd");
    assert_eq!(
        w.read_file("/var/lib/kubelet/kubeadm-flags.env").unwrap(),
        "KUBELET_KUBEADM_ARGS=\"--container-runtime-endpoint=unix:///var/run/containerd/containerd.sock --pod-infra-container-image=registry.k8s.io/pause:3.9\"\n"
    );
    let cfg = w.read_file("/var/lib/kubelet/config.yaml").unwrap();
    assert!(cfg.contains("cgroupDriver: systemd\n"));
    assert!(cfg.contains("containerRuntimeEndpoint: \"\"\n"));
    assert!(w
        .read_file("/usr/lib/systemd/system/kubelet.service.d/10-kubeadm.conf")
        .unwrap()
        .contains("EnvironmentFile=-/var/lib/kubelet/kubeadm-flags.env\n"));
    assert_eq!(w.read_file("/etc/hostname").unwrap(), "node-1\n");
    let w2 = world("1.22", "containerd");
    assert!(w2
        .read_file("/etc/systemd/system/kubelet.service.d/10-kubeadm.conf")
        .is_ok());
    let w2 = world("1.26", "containerd");
    assert!(!w2
        .read_file("/var/lib/kubelet/config.yaml")
        .unwrap()
        .contains("containerRuntimeEndpoint"));
}

#[test]
fn crictl_reads_its_configs_from_the_file_system() {
    let mut w = world("1.28", "containerd");
    let o = exec(&mut w, "crictl runp pod-config.json");
    assert_eq!(o.exit, 0, "{o:?}");
    let o = exec_in(&mut w, "/tmp", "crictl runp pod-config.json");
    assert_eq!(o.exit, 1);
    assert!(
        o.stderr
            .contains("open pod-config.json: no such file or directory"),
        "{o:?}"
    );
    let o = exec_in(&mut w, "/tmp", "crictl runp /root/pod-config.json");
    assert_eq!(o.exit, 0, "{o:?}");
}

#[test]
fn pod_logs_are_read_from_the_world() {
    let mut w = world("1.28", "containerd");
    let o = exec(&mut w, "kubectl run web --image=nginx");
    assert_eq!(o.exit, 0, "{o:?}");
    w.advance_to(w.now_ms() + 30_000);
    let dirs = ok(&mut w, "ls /var/log/pods");
    let dir = dirs
        .lines()
        .find(|l| l.starts_with("default_web_"))
        .unwrap();
    let ctr = ok(&mut w, &format!("ls /var/log/pods/{dir}"));
    assert_eq!(ctr, "web\n");
    let files = ok(&mut w, &format!("ls /var/log/pods/{dir}/web"));
    assert_eq!(files, "0.log\n");
    let log = w
        .read_file(&format!("/var/log/pods/{dir}/web/0.log"))
        .unwrap();
    let first = log.lines().next().unwrap();
    assert!(first.starts_with("2026-01-05T09:00:"), "{first}");
    assert!(
        first.contains("Z stderr F ") || first.contains("Z stdout F "),
        "{first}"
    );
    let links = ok(&mut w, "ls -l /var/log/containers");
    assert!(links.contains("web_default_web-"), "{links}");
    assert!(
        links.contains(&format!(" -> /var/log/pods/{dir}/web/0.log\n")),
        "{links}"
    );
}

#[test]
fn sysctl_reads_writes_and_persists() {
    let mut w = world("1.28", "cri-dockerd");
    // The docs' prerequisites are in place on a kubeadm node.
    assert_eq!(
        ok(&mut w, "sysctl net.ipv4.ip_forward"),
        "net.ipv4.ip_forward = 1\n"
    );
    assert_eq!(
        ok(&mut w, "sysctl -n net.bridge.bridge-nf-call-iptables"),
        "1\n"
    );
    // The drill's broken state: the prerequisites gone, after a reboot.
    ok(
        &mut w,
        "rm /etc/sysctl.d/k8s.conf /etc/modules-load.d/k8s.conf",
    );
    w.boot_kernel();
    assert_eq!(ok(&mut w, "sysctl -n net.ipv4.ip_forward"), "0\n");
    let o = exec(&mut w, "sysctl net.bridge.bridge-nf-call-iptables");
    assert_eq!(o.exit, 255);
    assert_eq!(
        o.stderr,
        "sysctl: cannot stat /proc/sys/net/bridge/bridge-nf-call-iptables: No such file or directory\n"
    );
    let o = exec(
        &mut w,
        "sysctl -w net.bridge.bridge-nf-call-iptables=1 net.ipv4.ip_forward=1",
    );
    assert_eq!(o.exit, 255);
    assert_eq!(o.stdout, "net.ipv4.ip_forward = 1\n");
    assert!(ok(&mut w, "lsmod").contains("nf_conntrack"));
    assert!(!ok(&mut w, "lsmod").contains("br_netfilter"));
    ok(&mut w, "modprobe br_netfilter");
    let lsmod = ok(&mut w, "lsmod");
    assert!(lsmod.starts_with("Module                  Size  Used by\nbr_netfilter           32768  0\nbridge                311296  1 br_netfilter\n"), "{lsmod}");
    let o = exec(&mut w, "modprobe -r bridge");
    assert_eq!(
        (o.exit, o.stderr.as_str()),
        (1, "modprobe: FATAL: Module bridge is in use.\n")
    );
    let o = exec(&mut w, "modprobe nope");
    assert_eq!(
        o.stderr,
        format!(
            "modprobe: FATAL: Module nope not found in directory /lib/modules/{}\n",
            atlas_core::node::kernel::KERNEL_RELEASE
        )
    );
    // Persist the four keys, apply them with --system.
    w.write_file("/etc/modules-load.d/k8s.conf", "br_netfilter\n", false)
        .unwrap();
    w.write_file(
        "/etc/sysctl.d/99-k8s.conf",
        "net.bridge.bridge-nf-call-iptables=1\nnet.ipv6.conf.all.forwarding = 1\nnet.ipv4.ip_forward=1\nnet.netfilter.nf_conntrack_max=131072\n",
        false,
    )
    .unwrap();
    let out = ok(&mut w, "sysctl --system");
    assert_eq!(
        out,
        "* Applying /etc/sysctl.d/10-network-security.conf ...\n\
         net.ipv4.conf.default.rp_filter = 2\n\
         net.ipv4.conf.all.rp_filter = 2\n\
         * Applying /usr/lib/sysctl.d/50-pid-max.conf ...\n\
         kernel.pid_max = 4194304\n\
         * Applying /etc/sysctl.d/99-k8s.conf ...\n\
         net.bridge.bridge-nf-call-iptables = 1\n\
         net.ipv6.conf.all.forwarding = 1\n\
         net.ipv4.ip_forward = 1\n\
         net.netfilter.nf_conntrack_max = 131072\n\
         * Applying /usr/lib/sysctl.d/99-protect-links.conf ...\n\
         fs.protected_fifos = 1\n\
         fs.protected_hardlinks = 1\n\
         fs.protected_regular = 2\n\
         fs.protected_symlinks = 1\n\
         * Applying /etc/sysctl.d/99-sysctl.conf ...\n\
         * Applying /etc/sysctl.conf ...\n"
    );
    // A reboot keeps what is persisted.
    ok(&mut w, "sysctl -w net.netfilter.nf_conntrack_max=1000");
    w.boot_kernel();
    for (k, v) in [
        ("net.bridge.bridge-nf-call-iptables", "1"),
        ("net.ipv6.conf.all.forwarding", "1"),
        ("net.ipv4.ip_forward", "1"),
        ("net.netfilter.nf_conntrack_max", "131072"),
    ] {
        assert_eq!(w.kernel().get(k).as_deref(), Some(v), "{k}");
    }
    // A later file wins.
    w.write_file("/etc/sysctl.d/zz.conf", "net.ipv4.ip_forward = 0\n", false)
        .unwrap();
    w.boot_kernel();
    assert_eq!(w.kernel().get("net.ipv4.ip_forward").as_deref(), Some("0"));
    let o = exec(&mut w, "sysctl -p /etc/sysctl.d/nope.conf");
    assert_eq!(o.exit, 255);
    assert_eq!(
        o.stderr,
        "sysctl: cannot open \"/etc/sysctl.d/nope.conf\": No such file or directory\n"
    );
    assert_eq!(
        ok(&mut w, "sysctl -p /etc/sysctl.d/99-k8s.conf")
            .lines()
            .count(),
        4
    );
}

#[test]
fn dpkg_installs_the_drills_package() {
    let mut w = world("1.28", "containerd");
    let deb = "/root/cri-dockerd_0.3.9.3-0.ubuntu-jammy_amd64.deb";
    w.put_deb(deb, "cri-dockerd", "0.3.9.3-0.ubuntu-jammy");
    let o = exec(&mut w, "dpkg -s cri-dockerd");
    assert_eq!(o.exit, 1);
    assert_eq!(
        o.stderr,
        "dpkg-query: package 'cri-dockerd' is not installed and no information is available\nUse dpkg --info (= dpkg-deb --info) to examine archive files.\n"
    );
    let out = ok(&mut w, &format!("dpkg -i {deb}"));
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines[0],
        "Selecting previously unselected package cri-dockerd."
    );
    assert!(lines[1].starts_with("(Reading database ... "));
    assert_eq!(
        &lines[2..],
        [
            "Preparing to unpack .../cri-dockerd_0.3.9.3-0.ubuntu-jammy_amd64.deb ...",
            "Unpacking cri-dockerd (0.3.9.3-0.ubuntu-jammy) ...",
            "Setting up cri-dockerd (0.3.9.3-0.ubuntu-jammy) ...",
        ]
    );
    assert!(w.fs().exists("/usr/bin/cri-dockerd"));
    let out = ok(&mut w, "dpkg -s cri-dockerd");
    assert!(out.starts_with("Package: cri-dockerd\nStatus: install ok installed\n"));
    assert!(out.contains("Version: 0.3.9.3-0.ubuntu-jammy\n"));
    let out = ok(&mut w, "dpkg -l cri-dockerd");
    assert!(
        out.contains("\nii  cri-dockerd    0.3.9.3-0.ubuntu-jammy amd64        cri-dockerd"),
        "{out}"
    );
    let o = exec(&mut w, "dpkg -i /root/nope.deb");
    assert_eq!(o.exit, 2);
    assert_eq!(
        o.stderr,
        "dpkg: error: cannot access archive '/root/nope.deb': No such file or directory\n"
    );
    let o = exec(&mut w, "dpkg -l nope");
    assert_eq!(
        (o.exit, o.stderr.as_str()),
        (1, "dpkg-query: no packages found matching nope\n")
    );
}

#[test]
fn apt_installs_a_local_package_only() {
    let mut w = world("1.28", "containerd");
    w.put_deb(
        "/root/cri-dockerd_0.3.9.3-0.ubuntu-jammy_amd64.deb",
        "cri-dockerd",
        "0.3.9.3-0.ubuntu-jammy",
    );
    let o = exec(
        &mut w,
        "apt-get install -y ./cri-dockerd_0.3.9.3-0.ubuntu-jammy_amd64.deb",
    );
    assert_eq!(o.exit, 0, "{o:?}");
    assert!(o.stdout.starts_with("Reading package lists... Done\nBuilding dependency tree... Done\nReading state information... Done\nNote, selecting 'cri-dockerd' instead of './cri-dockerd_0.3.9.3-0.ubuntu-jammy_amd64.deb'\nThe following NEW packages will be installed:\n  cri-dockerd\n0 upgraded, 1 newly installed, 0 to remove and 0 not upgraded.\n"), "{}", o.stdout);
    assert!(o
        .stdout
        .ends_with("Setting up cri-dockerd (0.3.9.3-0.ubuntu-jammy) ...\n"));
    assert!(w.kernel().package("cri-dockerd").is_some());
    let o = exec(
        &mut w,
        "apt install ./cri-dockerd_0.3.9.3-0.ubuntu-jammy_amd64.deb",
    );
    assert!(o
        .stdout
        .contains("cri-dockerd is already the newest version (0.3.9.3-0.ubuntu-jammy).\n"));
    let o = exec(&mut w, "apt install nginx");
    assert_eq!(o.exit, 100);
    assert_eq!(o.stdout, "");
    assert_eq!(o.remarks.len(), 1);
}

#[test]
fn uname_and_hostname() {
    let mut w = world("1.28", "containerd");
    assert_eq!(ok(&mut w, "uname"), "Linux\n");
    assert_eq!(ok(&mut w, "uname -r"), "5.15.0-131-generic\n");
    assert_eq!(
        ok(&mut w, "uname -a"),
        "Linux node-1 5.15.0-131-generic #141-Ubuntu SMP Fri Jan 10 21:18:28 UTC 2025 x86_64 x86_64 x86_64 GNU/Linux\n"
    );
    assert_eq!(ok(&mut w, "hostname"), "node-1\n");
}

const PROGRAMS: [&str; 18] = [
    "ls", "mkdir", "rm", "rmdir", "cp", "mv", "touch", "ln", "stat", "find", "chmod", "readlink",
    "sysctl", "modprobe", "lsmod", "dpkg", "apt-get", "uname",
];
const WORDS: [&str; 30] = [
    "-l",
    "-a",
    "-d",
    "-R",
    "-h",
    "-p",
    "-r",
    "-f",
    "-s",
    "-n",
    "-w",
    "-i",
    "--system",
    "-name",
    "/",
    "/etc",
    "/run",
    "/var/run",
    "/var/run/containerd",
    "/tmp/x",
    "/tmp/x/y",
    ".",
    "..",
    "/proc",
    "net.ipv4.ip_forward=1",
    "net.bridge.bridge-nf-call-iptables",
    "br_netfilter",
    "/etc/sysctl.d/k8s.conf",
    "+x",
    "*",
];

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(200))]
    /// Any line of the node's file and kernel commands answers with a status
    /// a process can have, never panics, and answers the same twice.
    #[test]
    fn random_lines_answer(
        prog in 0..PROGRAMS.len(),
        words in proptest::collection::vec(0..WORDS.len(), 0..5),
    ) {
        let mut line = vec![PROGRAMS[prog].to_string()];
        line.extend(words.iter().map(|i| WORDS[*i].to_string()));
        let env = LiteMap::new();
        let io = Io { stdin: "", env: &env, cwd: "/root" };
        let mut a = world("1.28", "containerd");
        let mut b = a.clone();
        let oa = a.exec(&line, &io).expect("a node program");
        let ob = b.exec(&line, &io).expect("a node program");
        proptest::prop_assert!((0..=255).contains(&oa.exit));
        proptest::prop_assert_eq!(oa, ob);
        proptest::prop_assert!(a.fs() == b.fs());
    }
}
