//! The drill format and the checker, subject by subject, on small drills
//! written here.

use super::*;

/// A drill on `runtime` whose set-up runs `setup`, with the items `checks`
/// (TOML of `[[check]]` tables).
fn drill_on(runtime: &str, setup: &str, checks: &str) -> Drill {
    let text = format!(
        "id = \"T01\"\ndomain = \"troubleshooting\"\nsettle = 5\ntitle = {{ en = \"t\", ko = \"t\" }}\ntask = {{ en = \"t\", ko = \"t\" }}\n[node]\nk8s = \"1.28\"\nruntime = \"{runtime}\"\nsetup = \"\"\"\n{setup}\n\"\"\"\n{checks}\n[solution]\nscript = \"true\"\n"
    );
    match parse(&text, "t.toml") {
        Ok(d) => d,
        Err(e) => panic!("{e}\n{text}"),
    }
}

fn drill(setup: &str, checks: &str) -> Drill {
    drill_on("containerd-2", setup, checks)
}

/// Runs `lines` on the drill's node, then checks: each item's pass.
fn after(d: &Drill, lines: &str) -> Vec<bool> {
    let mut node = d.start().unwrap();
    node.run_script(lines).unwrap();
    d.check(&node).items.iter().map(|i| i.pass).collect()
}

fn found(d: &Drill, lines: &str) -> (Option<String>, Option<String>) {
    let mut node = d.start().unwrap();
    node.run_script(lines).unwrap();
    let v = d.check(&node);
    let i = &v.items[0];
    (
        i.found.clone(),
        i.why.as_ref().map(|w| Catalog::english().render(w)),
    )
}

const N: &str = "name = { en = \"n\", ko = \"n\" }";
const POD: &str = "kubectl run web --image=nginx\nsleep 5";

#[test]
fn errors_say_where_and_why() {
    let ok = drill(
        "",
        &format!("[[check]]\n{N}\nfile = \"/x\"\nequals = \"1\""),
    );
    assert_eq!(ok.id, "T01");
    let text = "id = \"T01\"\ndomain = \"troubleshooting\"\ntitle = { en = \"t\", ko = \"t\" }\ntask = { en = \"t\", ko = \"t\" }\n[node]\nk8s = \"1.28\"\nruntime = \"containerd-2\"\n[[check]]\nname = { en = \"a\", ko = \"a\" }\nfile = \"/x\"\nequals = \"1\"\n[[check]]\nname = { en = \"b\", ko = \"b\" }\nfile = \"/x\"\n  unit = \"containerd\"\n[solution]\nscript = \"true\"\n";
    let e = parse(text, "two.toml").unwrap_err();
    assert_eq!(
        e.to_string(),
        "two.toml:14:1: a check item has one subject, this one has unit and file"
    );
    let ko = Catalog::builtin(Lang::Ko).render(&e.message());
    assert!(ko.starts_with("two.toml:14:1: "), "{ko}");
    // A key the format does not know: the TOML reader's words and place.
    let typo = text.replace("equals = \"1\"", "equal = \"1\"");
    let e = parse(&typo, "typo.toml").unwrap_err();
    assert!(
        matches!(&e, DrillError::Syntax { line: 11, reason, .. } if reason.contains("unknown field `equal`")),
        "{e}"
    );
    let bad = parse("id = \"T01\"\ntitle = [", "bad.toml").unwrap_err();
    assert!(matches!(bad, DrillError::Syntax { line: 2, .. }), "{bad}");
    for (from, to, want) in [
        ("id = \"T01\"", "id = \"t 1\"", "two.toml:1:1: the id t 1"),
        (
            "equals = \"1\"",
            "active = true",
            "two.toml:11:1: active does not go with the subject file",
        ),
        (
            "equals = \"1\"",
            "matches = \"(\"",
            "two.toml:11:1: matches is not a regular expression",
        ),
        (
            "runtime = \"containerd-2\"",
            "runtime = \"rkt\"",
            "two.toml:5:1: ",
        ),
        (
            "file = \"/x\"\nequals",
            "file = \"x\"\nequals",
            "two.toml:10:1: x is not an absolute path",
        ),
        (
            "equals = \"1\"",
            "as = \"path\"",
            "two.toml:10:1: the subject file needs an expectation",
        ),
        (
            "file = \"/x\"\nequals = \"1\"",
            "command = \"true\"\nexit = 0\nas = \"path\"",
            "two.toml:12:1: as = … needs a value expectation",
        ),
    ] {
        let t = text
            .replace("  unit = \"containerd\"\n", "")
            .replacen(from, to, 1);
        let e = parse(&t, "two.toml").unwrap_err().to_string();
        assert!(e.starts_with(want), "{e}");
    }
    let none = text.replace("file = \"/x\"\n  unit = \"containerd\"\n", "");
    assert!(parse(&none, "x.toml")
        .unwrap_err()
        .to_string()
        .contains("needs one subject"));
    let scenario = text.replace("[node]", "scenario = \"nothing\"\n[node]");
    assert!(parse(&scenario, "x.toml")
        .unwrap_err()
        .to_string()
        .contains("no scenario is called nothing"));
}

#[test]
fn start_puts_files_runs_the_setup_and_injects_faults() {
    let text = "id = \"T02\"\ndomain = \"architecture\"\ntitle = { en = \"t\", ko = \"t\" }\ntask = { en = \"t\", ko = \"t\" }\n[node]\nk8s = \"1.28\"\nruntime = \"cri-dockerd\"\nsetup = \"echo hi > /root/said\"\nfaults = [{ stop_unit = \"cri-docker.socket\" }, { kubelet_flag = { flag = \"v\", value = \"4\" } }]\nfiles = [{ path = \"/root/notes\", text = \"a\" }, { path = \"/root/cri-dockerd_0.3.9.3-0.ubuntu-jammy_amd64.deb\", deb = { package = \"cri-dockerd\", version = \"0.3.9.3-0\" } }]\n[[check]]\nname = { en = \"a\", ko = \"a\" }\nfile = \"/root/said\"\nequals = \"hi\"\n[solution]\nscript = \"true\"\n";
    let d = parse(text, "t.toml").unwrap();
    assert_eq!(d.node.faults.len(), 2);
    let mut s = d.start().unwrap();
    assert!(s.steps().is_empty(), "the set-up is not shown");
    assert_eq!(
        s.run_line("cat /root/notes /root/said").record.stdout,
        "ahi\n"
    );
    assert!(s
        .run_line("systemctl is-active cri-docker.socket")
        .record
        .stdout
        .starts_with("inactive"));
    assert!(s
        .run_line("cat /var/lib/kubelet/kubeadm-flags.env")
        .record
        .stdout
        .contains("--v=4"));
    assert_eq!(s.run_line("dpkg -i /root/cri-dockerd_*.deb").record.exit, 0);
    // A fault that cannot be: the start says which drill and why.
    let bad = parse(
        &text.replace("cri-docker.socket", "nothing.socket"),
        "t.toml",
    )
    .unwrap();
    let e = bad.start().unwrap_err().to_string();
    assert!(
        e.starts_with("T02: ") && e.contains("nothing.socket"),
        "{e}"
    );
}

#[test]
fn units_by_state_enable_now_or_enable_and_start() {
    let d = drill(
        "systemctl disable --now containerd",
        &format!("[[check]]\n{N}\nunit = \"containerd.service\"\nactive = true\nenabled = true"),
    );
    assert_eq!(after(&d, "systemctl enable --now containerd"), [true]);
    assert_eq!(
        after(
            &d,
            "systemctl enable containerd\nsystemctl start containerd"
        ),
        [true]
    );
    assert_eq!(after(&d, "systemctl start containerd"), [false]);
    assert_eq!(found(&d, "").0.as_deref(), Some("inactive, disabled"));
    let none = drill(
        "",
        &format!("[[check]]\n{N}\nunit = \"nothing\"\nactive = false"),
    );
    assert_eq!(
        found(&none, "").1.as_deref(),
        Some("there is no unit nothing")
    );
}

#[test]
fn files_yaml_and_toml_values() {
    let d = drill(
        "",
        &format!(
            "[[check]]\n{N}\nfile = \"/root/a.txt\"\nequals = \"app\"\n\
             [[check]]\n{N}\nyaml = {{ path = \"/var/lib/kubelet/config.yaml\", key = [\"cgroupDriver\"] }}\nequals = \"systemd\"\n\
             [[check]]\n{N}\ntoml = {{ path = \"/etc/containerd/config.toml\", key = [\"plugins\", \"io.containerd.cri.v1.runtime\", \"containerd\", \"runtimes\", \"runc\", \"options\", \"SystemdCgroup\"] }}\nequals = \"true\""
        ),
    );
    assert_eq!(
        after(&d, "echo '  app  ' > /root/a.txt"),
        [true, true, true]
    );
    assert_eq!(
        after(
            &d,
            "echo apps > /root/a.txt\nsed -i 's/SystemdCgroup = true/SystemdCgroup = false/' /etc/containerd/config.toml\nsed -i 's/cgroupDriver: systemd/cgroupDriver: cgroupfs/' /var/lib/kubelet/config.yaml"
        ),
        [false, false, false]
    );
    assert_eq!(
        found(&d, "").1.as_deref(),
        Some("no such file: /root/a.txt")
    );
    let unset = drill(
        "",
        &format!("[[check]]\n{N}\nyaml = {{ path = \"/etc/crictl.yaml\", key = [\"nothing\"] }}\nequals = \"true\""),
    );
    assert_eq!(found(&unset, "").1.as_deref(), Some("nothing is not set"));
    let not_toml = drill(
        "",
        &format!("[[check]]\n{N}\ntoml = {{ path = \"/etc/crictl.yaml\", key = [\"x\"] }}\nequals = \"1\""),
    );
    assert!(found(&not_toml, "")
        .1
        .unwrap()
        .starts_with("the file is not TOML"));
}

#[test]
fn the_kubelet_as_it_runs() {
    let d = drill(
        "",
        &format!(
            "[[check]]\n{N}\nkubelet = \"endpoint\"\nequals = \"/run/containerd/containerd.sock\"\nas = \"endpoint\"\n\
             [[check]]\n{N}\nkubelet = \"cgroup_driver\"\nequals = \"systemd\"\n\
             [[check]]\n{N}\nkubelet = \"flags\"\ncontains = \"--container-runtime-endpoint=\""
        ),
    );
    assert_eq!(after(&d, ""), [true, true, true]);
    assert_eq!(after(&d, "systemctl stop kubelet"), [false, false, false]);
    assert_eq!(
        found(&d, "systemctl stop kubelet").1.as_deref(),
        Some("the kubelet is not running")
    );
}

#[test]
fn sysctl_after_reboot_from_any_sysctl_d_file() {
    let d = drill(
        "rm /etc/sysctl.d/k8s.conf\nreboot\nsleep 30",
        &format!("[[check]]\n{N}\nsysctl = \"net.ipv4.ip_forward\"\nequals = \"1\"\nafter_reboot = true\n[[check]]\n{N}\nsysctl = \"net.ipv4.ip_forward\"\nequals = \"1\""),
    );
    assert_eq!(after(&d, "sysctl -w net.ipv4.ip_forward=1"), [false, true]);
    assert_eq!(
        after(
            &d,
            "echo net.ipv4.ip_forward=1 > /etc/sysctl.d/50-mine.conf\nsysctl --system"
        ),
        [true, true]
    );
    let (f, why) = found(&d, "sysctl -w net.ipv4.ip_forward=1");
    assert_eq!(
        (f.as_deref(), why.as_deref()),
        (Some("0"), Some("after a reboot"))
    );
    let none = drill(
        "",
        &format!("[[check]]\n{N}\nsysctl = \"net.bridge.bridge-nf-call-iptables\"\nequals = \"1\""),
    );
    assert!(found(&none, "modprobe -r br_netfilter").1.is_some());
}

#[test]
fn modules_sockets_packages() {
    let d = drill_on(
        "cri-dockerd",
        "systemctl disable --now cri-docker.socket cri-docker.service\nmodprobe -r br_netfilter",
        &format!(
            "[[check]]\n{N}\nmodule = \"br_netfilter\"\nloaded = true\n\
             [[check]]\n{N}\nsocket = \"/var/run/cri-dockerd.sock\"\nexists = true\n\
             [[check]]\n{N}\npackage = \"cri-dockerd\"\ninstalled = true\n\
             [[check]]\n{N}\npackage = \"nothing\"\ninstalled = false"
        ),
    );
    assert_eq!(after(&d, ""), [false, false, true, true]);
    assert_eq!(
        after(
            &d,
            "modprobe br_netfilter\nsystemctl enable --now cri-docker.socket"
        ),
        [true, true, true, true]
    );
    assert_eq!(
        found(&d, "").1.as_deref(),
        Some("the module br_netfilter is not loaded")
    );
}

#[test]
fn the_node_its_condition_and_fields() {
    let d = drill(
        "",
        &format!(
            "[[check]]\n{N}\nnode = \"Ready\"\nstatus = \"True\"\n\
             [[check]]\n{N}\nnode_field = \"containerRuntimeVersion\"\nmatches = \"^containerd://2\\\\.\"\n\
             [[check]]\n{N}\nnode_field = \"unschedulable\"\nequals = \"false\""
        ),
    );
    assert_eq!(after(&d, ""), [true, true, true]);
    assert_eq!(
        after(&d, "systemctl stop containerd\nsleep 60"),
        [false, true, true]
    );
    let ann = drill(
        "",
        &format!("[[check]]\n{N}\nnode_field = \"annotation:example.com/none\"\nequals = \"x\""),
    );
    assert_eq!(
        found(&ann, "").1.as_deref(),
        Some("annotation:example.com/none is not set")
    );
}

#[test]
fn pods_and_a_deployment_s_newest_pod() {
    let d = drill(
        POD,
        &format!(
            "[[check]]\n{N}\npod = {{ name = \"web\" }}\nphase = \"Running\"\nready = true\nmax_restarts = 0\ncontainer = \"web\"\nstate = \"running\"\n\
             [[check]]\n{N}\ndeployment = {{ namespace = \"default\", name = \"api\" }}\nphase = \"Running\"\nready = true"
        ),
    );
    let mut node = d.start().unwrap();
    node.run_line("kubectl create deployment api --image=nginx");
    let v = d.check(&node);
    assert!(v.solved(), "{v:?}");
    assert_eq!(after(&d, "kubectl delete pod web"), [false, false]);
    assert_eq!(
        found(&d, "kubectl delete pod web").1.as_deref(),
        Some("no Pod web in namespace default")
    );
    let crash = drill(
        "kubectl run bad --image=busybox -- sh -c 'exit 1'\nsleep 60",
        &format!("[[check]]\n{N}\npod = {{ name = \"bad\" }}\nmax_restarts = 0"),
    );
    assert!(found(&crash, "")
        .1
        .unwrap()
        .starts_with("a container restarted"));
}

#[test]
fn a_process_its_parent_and_its_pid() {
    let d = drill_on(
        "containerd",
        POD,
        &format!("[[check]]\n{N}\nprocess = {{ pod = \"web\", container = \"web\" }}\nparent = \"containerd-shim-runc-v2\"\nsame_pid = true"),
    );
    assert_eq!(after(&d, "systemctl restart containerd\nsleep 5"), [true]);
    assert_eq!(
        after(
            &d,
            "kubectl delete pod web\nsleep 40\nkubectl run web --image=nginx\nsleep 10"
        ),
        [false]
    );
    let crio = drill_on(
        "cri-o",
        POD,
        &format!("[[check]]\n{N}\nprocess = {{ pod = \"web\", container = \"web\" }}\nparent = \"containerd-shim-runc-v2\""),
    );
    assert_eq!(found(&crio, "").0.as_deref(), Some("conmon"));
}

#[test]
fn images_in_a_store() {
    let d = drill(
        "ctr images pull docker.io/library/redis:7.2-alpine",
        &format!(
            "[[check]]\n{N}\nimage = \"redis:7.2-alpine\"\npresent = true\n\
             [[check]]\n{N}\nimage = \"docker.io/library/redis:7.2-alpine\"\nnamespace = \"default\"\npresent = true"
        ),
    );
    assert_eq!(after(&d, ""), [false, true]);
    assert_eq!(
        after(&d, "crictl pull docker.io/library/redis:7.2-alpine"),
        [true, true]
    );
    assert_eq!(
        after(
            &d,
            "ctr -n k8s.io images pull docker.io/library/redis:7.2-alpine"
        ),
        [true, true],
        "ctr or crictl: judged in the store"
    );
}

#[test]
fn unchanged_objects() {
    let d = drill(
        &format!("{POD}\nkubectl create deployment api --image=nginx\nsleep 5"),
        &format!(
            "[[check]]\n{N}\nunchanged = \"pod/default/web\"\n\
             [[check]]\n{N}\nunchanged = \"deployment/default/api\"\nexcept = [\"spec.template.spec.containers[0].resources\"]\n\
             [[check]]\n{N}\nunchanged = \"deployment/default/api\""
        ),
    );
    assert_eq!(after(&d, "crictl ps"), [true, true, true]);
    assert_eq!(
        after(
            &d,
            "kubectl set resources deployment api --limits=memory=200Mi"
        ),
        [true, true, false]
    );
    assert_eq!(
        after(
            &d,
            "kubectl delete pod web\nsleep 40\nkubectl run web --image=nginx"
        ),
        [false, true, true]
    );
}

#[test]
fn untouched_catches_collateral_damage() {
    let d = drill(
        &format!("{POD}\nkubectl run db --image=redis\ncrictl pull busybox\nsleep 5"),
        &format!(
            "[[check]]\n{N}\nuntouched = {{ containers = true, sandboxes = true }}\n\
             [[check]]\n{N}\nuntouched = {{ images = true }}\n\
             [[check]]\n{N}\nuntouched = {{ images = \"in-use\" }}\n\
             [[check]]\n{N}\nuntouched = {{ containers = true, sandboxes = true, except_pods = [\"default/db\"] }}"
        ),
    );
    assert_eq!(after(&d, "crictl ps"), [true, true, true, true]);
    assert_eq!(after(&d, "crictl rmp -af"), [false, true, true, false]);
    let mut node = d.start().unwrap();
    node.run_line("crictl rmp -af");
    let v = d.check(&node);
    assert!(v.items[0].found.as_deref().unwrap().contains("sandbox "));
    assert_eq!(
        v.items[0]
            .why
            .as_ref()
            .map(|w| Catalog::english().render(w))
            .as_deref(),
        Some("4 things that were there are gone")
    );
    assert_eq!(after(&d, "crictl rmi --prune"), [true, false, true, true]);
    let db = "ID=$(crictl pods -q --name db)\ncrictl stopp $ID\ncrictl rmp $ID";
    assert_eq!(after(&d, db), [false, true, true, true]);
}

#[test]
fn commands_run_on_a_copy() {
    let d = drill(
        "",
        &format!(
            "[[check]]\n{N}\ncommand = \"crictl ps\"\nexit = 0\n\
             [[check]]\n{N}\ncommand = \"echo 200Mi; echo x > /root/written\"\nat_least = \"180Mi\"\nas = \"quantity\"\n\
             [[check]]\n{N}\nfile = \"/root/written\"\nequals = \"x\""
        ),
    );
    assert_eq!(
        after(&d, ""),
        [true, true, false],
        "a command changes only its copy"
    );
    assert_eq!(
        found(
            &d,
            "echo 'runtime-endpoint: unix:///nowhere.sock' > /etc/crictl.yaml"
        )
        .1
        .as_deref(),
        Some("it exits with 1")
    );
}

#[test]
fn the_checker_reads_state_not_history() {
    let d = drill(
        "",
        &format!("[[check]]\n{N}\nfile = \"/root/a\"\nequals = \"1\""),
    );
    // The right words typed, the wrong state left.
    assert_eq!(after(&d, "echo 1 > /root/a\nrm /root/a"), [false]);
    let mut node = d.start().unwrap().with_history();
    node.run_line("echo 1 > /root/a");
    assert!(d.check(&node).solved());
}

#[test]
fn settle_lets_the_node_converge() {
    let mut d = drill(
        "",
        &format!("[[check]]\n{N}\nnode = \"Ready\"\nstatus = \"True\""),
    );
    // The kubelet reports its runtime down after a while.
    let stop = "systemctl stop containerd";
    d.settle = 0;
    assert_eq!(after(&d, stop), [true]);
    d.settle = 90;
    assert_eq!(after(&d, stop), [false]);
}

/// A drill file cut, spliced and garbled: parse never panics, and a
/// refusal says a place inside the text (the `drill` fuzz target's
/// promises, in the test suite).
fn promises(text: &str) {
    match parse(text, "p.toml") {
        Ok(d) => assert!(!d.checks.is_empty() && d.config().is_ok()),
        Err(DrillError::Syntax { line, col, .. } | DrillError::Invalid { line, col, .. }) => {
            assert!(line >= 1 && line <= text.lines().count() + 1 && col >= 1);
        }
        Err(e @ DrillError::Start { .. }) => panic!("{e}"),
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(200))]

    #[test]
    fn a_garbled_drill_file_is_refused_with_a_place(
        which in 0usize..3,
        cut in 0usize..4000,
        len in 0usize..200,
        insert in "[ -~\n]{0,40}",
    ) {
        let files: Vec<&str> = DRILL_FILES.iter().map(|(_, t)| *t).collect();
        let text = files[which % files.len()];
        let mut chars: Vec<char> = text.chars().collect();
        let at = cut.min(chars.len());
        let end = (at + len).min(chars.len());
        chars.splice(at..end, insert.chars());
        let garbled: String = chars.into_iter().collect();
        promises(&garbled);
    }
}
