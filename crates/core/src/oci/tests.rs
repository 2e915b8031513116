//! Tests of the OCI module: golden plans, namespaces, hooks, runtimes, errors,
//! and a property test that planning never panics.

use super::spec::{self, ContainerParams, HookSpec, NsMode};
use super::sys::*;
use super::*;
use crate::config::{Config, K8sVersion, Oci, Runtime};
use crate::topology::Topology;
use crate::trace::{push_json_line, Component, Hop, Iface, TraceFile};
use oci_spec::runtime::{LinuxNamespaceType, Spec};
use std::path::PathBuf;

fn ctx(plan: &Plan<'_>) -> HopContext {
    HopContext::new(plan, "demo", "/home/user/bundle")
}

fn all_hops(plan: &Plan<'_>, ctx: &HopContext) -> Vec<(Phase, Hop)> {
    Phase::ALL
        .iter()
        .flat_map(|p| plan.hops(*p, ctx).into_iter().map(move |h| (*p, h)))
        .collect()
}

/// Renders a plan as a trace file: a `{"phase":…}` marker line before each
/// phase (readers skip it), hops numbered from 1.
fn render(plan: &Plan<'_>, ctx: &HopContext) -> String {
    let english = crate::message::Catalog::english();
    let mut out = String::new();
    let mut seq = 0u32;
    for phase in Phase::ALL {
        push_json_line(&mut out, &serde_json::json!({ "phase": phase.id() }));
        for mut hop in plan.hops(phase, ctx) {
            seq += 1;
            hop.seq = seq;
            push_json_line(&mut out, &hop.rendered(&english));
        }
    }
    out
}

/// Compares `actual` with the checked-in file; `UPDATE_GOLDEN=1` rewrites it.
fn golden(name: &str, actual: &str) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("src/oci/testdata")
        .join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some_and(|v| v == "1") {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e} (run with UPDATE_GOLDEN=1 to create it)",
            path.display()
        )
    });
    if expected != actual {
        for (i, (e, a)) in expected.lines().zip(actual.lines()).enumerate() {
            assert_eq!(
                e,
                a,
                "{name} differs at line {} (UPDATE_GOLDEN=1 to accept)",
                i + 1
            );
        }
        assert_eq!(
            expected.lines().count(),
            actual.lines().count(),
            "{name}: line counts differ (UPDATE_GOLDEN=1 to accept)"
        );
    }
}

#[test]
fn golden_runc_default_plan() {
    let spec = spec::runc_default();
    let plan = Plan::from_spec(&spec).unwrap();
    let text = render(&plan, &ctx(&plan));
    // The golden file is itself a valid trace.
    let trace = TraceFile::parse(&text).unwrap();
    assert!(trace.hops.len() > 50);
    golden("runc_default.jsonl", &text);
}

#[test]
fn golden_crun_default_plan() {
    let spec = spec::runc_default();
    let plan = Plan::for_runtime(&spec, OciRuntime::Crun).unwrap();
    let text = render(&plan, &ctx(&plan));
    TraceFile::parse(&text).unwrap();
    golden("crun_default.jsonl", &text);
}

#[test]
fn golden_cri_container_plan() {
    let mut p = ContainerParams::new("c1", &["nginx", "-g", "daemon off;"]);
    p.sandbox_id = Some("sb1".to_string());
    p.hostname = Some("web".to_string());
    p.memory_limit = Some(128 * 1024 * 1024);
    p.cpu_shares = Some(512);
    p.cpu_quota = Some(50_000);
    p.pids_limit = Some(1024);
    p.namespaces.cgroup = NsMode::New;
    p.cgroups_path = Some("kubepods-burstable-pod1234.slice:cri-containerd:c1".to_string());
    let spec = spec::cri_container(&p, 4321);
    let plan = Plan::from_spec(&spec).unwrap();
    let mut c = HopContext::new(
        &plan,
        "c1",
        "/run/containerd/io.containerd.runtime.v2.task/k8s.io/c1",
    );
    c.root = "/run/containerd/runc/k8s.io".to_string();
    golden("runc_cri_container.jsonl", &render(&plan, &c));
}

fn topology(oci: Oci) -> Topology {
    Topology::new(&Config {
        k8s: K8sVersion(28),
        runtime: Runtime::Containerd17,
        oci,
    })
}

fn assert_on_edges(plan: &Plan<'_>) {
    let t = topology(match plan.runtime() {
        OciRuntime::Runc => Oci::Runc,
        OciRuntime::Crun => Oci::Crun,
    });
    let mut c = ctx(plan);
    c.delete_kills_init = true;
    for (phase, h) in all_hops(plan, &c) {
        assert!(
            t.has_edge(h.from, h.to, h.iface),
            "{phase:?}: {} -> {} over {} ({}) is not an edge",
            h.from,
            h.to,
            h.iface,
            h.call
        );
        assert_eq!(h.seq, 0);
        let note = crate::message::english(h.note.as_ref());
        let note = note.as_str();
        assert!(
            !note.is_empty() && note.ends_with(['.', '…']),
            "note: {note:?}"
        );
    }
}

fn hook(path: &str) -> HookSpec {
    HookSpec {
        path: path.to_string(),
        args: vec![path.to_string(), "--flag".to_string()],
        env: vec!["A=1".to_string()],
        timeout: Some(5),
    }
}

fn params_with_every_hook() -> ContainerParams {
    let mut p = ContainerParams::new("hooked", &["/bin/app"]);
    p.hooks.prestart = vec![hook("/usr/bin/prestart")];
    p.hooks.create_runtime = vec![
        hook("/usr/bin/create-runtime-1"),
        hook("/usr/bin/create-runtime-2"),
    ];
    p.hooks.create_container = vec![hook("/usr/bin/create-container")];
    p.hooks.start_container = vec![hook("/usr/bin/start-container")];
    p.hooks.poststart = vec![hook("/usr/bin/poststart")];
    p.hooks.poststop = vec![hook("/usr/bin/poststop")];
    p
}

#[test]
fn every_hop_runs_along_a_topology_edge() {
    let mut specs = vec![spec::runc_default(), spec::runc_rootless()];
    let mut p = ContainerParams::new("sb1", &["/pause"]);
    p.namespaces.network = NsMode::Join("/var/run/netns/cni-1".to_string());
    specs.push(spec::cri_sandbox(&p));
    let mut p = ContainerParams::new("c1", &["nginx"]);
    p.sandbox_id = Some("sb1".into());
    p.memory_limit = Some(1 << 27);
    p.namespaces.cgroup = NsMode::New;
    specs.push(spec::cri_container(&p, 77));
    specs.push(spec::containerd_default(&params_with_every_hook()));
    let mut p = ContainerParams::new("0123456789abcdef", &["nginx"]);
    p.init = true;
    p.terminal = true;
    specs.push(spec::docker(&p));
    for s in &specs {
        for runtime in [OciRuntime::Runc, OciRuntime::Crun] {
            for cgroup in [CgroupVersion::V1, CgroupVersion::V2] {
                let plan = Plan::with_options(
                    s,
                    PlanOptions {
                        runtime,
                        cgroup,
                        no_pivot: false,
                    },
                )
                .unwrap();
                assert_on_edges(&plan);
            }
        }
    }
}

fn calls(hops: &[Hop]) -> Vec<&str> {
    hops.iter().map(|h| h.call.as_str()).collect()
}

fn detail<'a>(h: &'a Hop, key: &str) -> &'a str {
    h.detail
        .as_ref()
        .and_then(|d| d.get(key))
        .and_then(|v| v.as_str())
        .unwrap_or("")
}

#[test]
fn pod_container_joins_the_pause_namespaces_with_setns() {
    let mut p = ContainerParams::new("c1", &["nginx"]);
    p.sandbox_id = Some("sb1".into());
    let s = spec::cri_container(&p, 4321);
    for runtime in [OciRuntime::Runc, OciRuntime::Crun] {
        let plan = Plan::for_runtime(&s, runtime).unwrap();
        let hops = plan.hops(Phase::Create, &ctx(&plan));
        let setns: Vec<(&str, &str)> = hops
            .iter()
            .filter(|h| h.call == "setns")
            .map(|h| (detail(h, "path"), detail(h, "nstype")))
            .collect();
        assert_eq!(
            setns,
            vec![
                ("/proc/4321/ns/ipc", "CLONE_NEWIPC"),
                ("/proc/4321/ns/uts", "CLONE_NEWUTS"),
                ("/proc/4321/ns/net", "CLONE_NEWNET"),
            ],
            "{runtime}"
        );
        // Only mount and pid are created; the joined ones are never unshared.
        let created: Vec<&str> = hops
            .iter()
            .filter(|h| {
                h.call == "unshare" || (h.call == "clone" && detail(h, "flags").contains("NEW"))
            })
            .map(|h| detail(h, "flags"))
            .collect();
        let want = if runtime == OciRuntime::Runc {
            "CLONE_NEWNS|CLONE_NEWPID"
        } else {
            "CLONE_NEWNS|CLONE_NEWPID|SIGCHLD"
        };
        assert_eq!(created, vec![want], "{runtime}");
        // The joined network namespace is already configured: no loopback setup.
        assert!(!hops
            .iter()
            .any(|h| detail(h, "link") == "lo" || detail(h, "ifname") == "lo"));
        // runc's stage 1 joins first, then creates the rest, then forks stage 2.
        if runtime == OciRuntime::Runc {
            let c = calls(&hops);
            let first_setns = c.iter().position(|x| *x == "setns").unwrap();
            let unshare = c.iter().position(|x| *x == "unshare").unwrap();
            let stage2 = c.iter().rposition(|x| *x == "clone").unwrap();
            assert!(first_setns < unshare && unshare < stage2);
        }
    }
}

#[test]
fn pause_container_joins_only_the_cni_netns() {
    let mut p = ContainerParams::new("sb1", &["/pause"]);
    p.namespaces.network = NsMode::Join("/var/run/netns/cni-0b1c".to_string());
    let s = spec::cri_sandbox(&p);
    let plan = Plan::from_spec(&s).unwrap();
    let hops = plan.hops(Phase::Create, &ctx(&plan));
    let setns: Vec<&str> = hops
        .iter()
        .filter(|h| h.call == "setns")
        .map(|h| detail(h, "path"))
        .collect();
    assert_eq!(setns, vec!["/var/run/netns/cni-0b1c"]);
    let unshare: Vec<&str> = hops
        .iter()
        .filter(|h| h.call == "unshare")
        .map(|h| detail(h, "flags"))
        .collect();
    assert_eq!(
        unshare,
        vec!["CLONE_NEWNS|CLONE_NEWUTS|CLONE_NEWIPC|CLONE_NEWPID"]
    );
}

#[test]
fn default_config_unshares_everything_and_pivots() {
    let s = spec::runc_default();
    let plan = Plan::from_spec(&s).unwrap();
    let hops = plan.hops(Phase::Create, &ctx(&plan));
    let c = calls(&hops);
    assert!(!c.contains(&"setns"));
    let unshare = hops.iter().find(|h| h.call == "unshare").unwrap();
    assert_eq!(
        detail(unshare, "flags"),
        "CLONE_NEWNS|CLONE_NEWUTS|CLONE_NEWIPC|CLONE_NEWPID|CLONE_NEWNET"
    );
    let pos = |call: &str| c.iter().position(|x| *x == call).unwrap();
    assert!(pos("memfd_create") < pos("runc init"));
    assert!(pos("runc init") < pos("cgroup.procs"));
    assert!(pos("cgroup.procs") < pos("unshare"));
    assert!(pos("unshare") < pos("pivot_root"));
    assert!(pos("pivot_root") < pos("sethostname"));
    assert!(pos("sethostname") < pos("capset"));
    assert_eq!(c.last(), Some(&"openat"));
    assert_eq!(hops.last().unwrap().effects[0].to, "created");
    let start = plan.hops(Phase::Start, &ctx(&plan));
    let exec = start.iter().find(|h| h.call == "execve").unwrap();
    assert_eq!(exec.from, Component::RuncInit);
    assert_eq!(exec.effects[0].to, "running");
}

#[test]
fn user_namespace_comes_first_with_its_maps() {
    let s = spec::runc_rootless();
    let plan = Plan::from_spec(&s).unwrap();
    let hops = plan.hops(Phase::Create, &ctx(&plan));
    let seq: Vec<(&str, &str)> = hops
        .iter()
        .filter(|h| {
            matches!(h.call.as_str(), "unshare" | "write") && !detail(h, "path").contains("oom")
        })
        .map(|h| {
            (
                h.call.as_str(),
                if h.call == "unshare" {
                    detail(h, "flags")
                } else {
                    detail(h, "path")
                },
            )
        })
        .collect();
    assert_eq!(
        seq,
        vec![
            ("unshare", "CLONE_NEWUSER"),
            ("write", "/proc/4241/uid_map"),
            ("write", "/proc/4241/gid_map"),
            (
                "unshare",
                "CLONE_NEWNS|CLONE_NEWUTS|CLONE_NEWIPC|CLONE_NEWPID"
            ),
        ]
    );
    // Devices are bind-mounted, not created, in a user namespace.
    assert!(!hops
        .iter()
        .any(|h| h.call == "mknodat" && !detail(h, "type").is_empty()));
    assert!(hops
        .iter()
        .any(|h| h.call == "mount" && detail(h, "target").ends_with("/dev/null")));
    // crun clones straight into the user namespace, then writes gid_map before uid_map.
    let plan = Plan::for_runtime(&s, OciRuntime::Crun).unwrap();
    let hops = plan.hops(Phase::Create, &ctx(&plan));
    let clone = hops.iter().find(|h| h.call == "clone").unwrap();
    assert_eq!(detail(clone, "flags"), "CLONE_NEWUSER|SIGCHLD");
    let maps: Vec<&str> = hops
        .iter()
        .filter(|h| detail(h, "path").ends_with("_map"))
        .map(|h| detail(h, "path"))
        .collect();
    assert_eq!(maps, vec!["/proc/4242/gid_map", "/proc/4242/uid_map"]);
}

#[test]
fn hooks_run_at_their_points_and_in_their_namespaces() {
    let s = spec::containerd_default(&params_with_every_hook());
    for runtime in [OciRuntime::Runc, OciRuntime::Crun] {
        let plan = Plan::for_runtime(&s, runtime).unwrap();
        let c = ctx(&plan);
        let create = plan.hops(Phase::Create, &c);
        let pos = |hops: &[Hop], needle: &str| {
            hops.iter()
                .position(|h| detail(h, "path") == needle || h.call == needle)
                .unwrap_or_else(|| panic!("{runtime}: {needle} missing"))
        };
        let prestart = pos(&create, "/usr/bin/prestart");
        let cr1 = pos(&create, "/usr/bin/create-runtime-1");
        let cr2 = pos(&create, "/usr/bin/create-runtime-2");
        let cc = pos(&create, "/usr/bin/create-container");
        let pivot = pos(&create, "pivot_root");
        let mounts_done = create.iter().rposition(|h| h.call == "mknodat").unwrap();
        assert!(
            mounts_done < prestart && prestart < cr1 && cr1 < cr2 && cr2 < cc && cc < pivot,
            "{runtime}"
        );
        // Runtime-namespace hooks are run by the runtime; createContainer by the init side.
        assert_eq!(create[prestart].iface, Iface::Exec);
        assert_eq!(
            create[prestart].from,
            if runtime == OciRuntime::Runc {
                Component::Runc
            } else {
                Component::Crun
            }
        );
        if runtime == OciRuntime::Runc {
            assert_eq!(
                (create[cc].from, create[cc].iface, create[cc].call.as_str()),
                (Component::RuncInit, Iface::Syscall, "execve")
            );
        }
        let start = plan.hops(Phase::Start, &c);
        let sc = pos(&start, "/usr/bin/start-container");
        let exec = start
            .iter()
            .position(|h| h.call == "execve" && detail(h, "path") == "/bin/app")
            .unwrap();
        let ps = pos(&start, "/usr/bin/poststart");
        assert!(sc < exec && exec < ps, "{runtime}");
        assert!(!create
            .iter()
            .any(|h| detail(h, "path") == "/usr/bin/poststart"));
        let delete = plan.hops(Phase::Delete, &c);
        let stop = pos(&delete, "/usr/bin/poststop");
        let rmdir = pos(&delete, "rmdir");
        assert!(rmdir < stop, "{runtime}");
        assert_eq!(
            detail(&delete[stop], "stdin"),
            "container state (status \"stopped\")"
        );
    }
}

#[test]
fn crun_clones_directly_and_runc_reexecs() {
    let s = spec::runc_default();
    let runc = Plan::from_spec(&s).unwrap();
    let crun = Plan::for_runtime(&s, OciRuntime::Crun).unwrap();
    let r = runc.hops(Phase::Create, &ctx(&runc));
    let c = crun.hops(Phase::Create, &ctx(&crun));
    assert!(calls(&r).contains(&"runc init"));
    assert!(calls(&r).contains(&"memfd_create"));
    assert!(!calls(&c).contains(&"runc init"));
    assert!(!calls(&c).contains(&"unshare"));
    let clone = c.iter().find(|h| h.call == "clone").unwrap();
    assert_eq!(
        detail(clone, "flags"),
        "CLONE_NEWNS|CLONE_NEWUTS|CLONE_NEWIPC|CLONE_NEWPID|CLONE_NEWNET|SIGCHLD"
    );
    assert!(c.iter().all(|h| h.from == Component::Crun));
    // Both wait on exec.fifo, differently.
    assert_eq!(r.last().unwrap().call, "openat");
    assert_eq!(c.last().unwrap().call, "read");
    assert!(detail(c.last().unwrap(), "path").ends_with("/run/crun/demo/exec.fifo"));
    // crun start writes the fifo itself and removes it first.
    let cs = crun.hops(Phase::Start, &ctx(&crun));
    assert_eq!(
        calls(&cs)[..4],
        [
            "libcrun_read_container_status",
            "openat",
            "unlinkat",
            "write"
        ]
    );
}

#[test]
fn resources_become_cgroup_files() {
    let mut p = ContainerParams::new("r", &["sh"]);
    p.memory_limit = Some(268_435_456);
    p.cpu_shares = Some(1024);
    p.cpu_quota = Some(50_000);
    p.pids_limit = Some(100);
    let s = spec::containerd_default(&p);
    let files = |cgroup| {
        let plan = Plan::with_options(
            &s,
            PlanOptions {
                cgroup,
                ..PlanOptions::default()
            },
        )
        .unwrap();
        plan.hops(Phase::Create, &ctx(&plan))
            .into_iter()
            .filter(|h| h.iface == Iface::Cgroupfs && h.call != "cgroup.procs")
            .map(|h| (h.call.clone(), detail(&h, "value").to_string()))
            .collect::<Vec<_>>()
    };
    let s2 = |a: &str, b: &str| (a.to_string(), b.to_string());
    assert_eq!(
        files(CgroupVersion::V2),
        vec![
            s2("pids.max", "100"),
            s2("memory.max", "268435456"),
            s2("cpu.weight", "39"),
            s2("cpu.max", "50000 100000"),
        ]
    );
    assert_eq!(
        files(CgroupVersion::V1),
        vec![
            // runc's fs subsystems order: devices, memory, cpu, pids.
            s2("devices.deny", "a"),
            s2("memory.limit_in_bytes", "268435456"),
            s2("cpu.shares", "1024"),
            s2("cpu.cfs_quota_us", "50000"),
            s2("pids.max", "100"),
        ]
    );
}

#[test]
fn docker_init_is_what_runc_execs() {
    let mut p = ContainerParams::new("0123456789abcdef", &["nginx"]);
    p.init = true;
    let s = spec::docker(&p);
    let plan = Plan::from_spec(&s).unwrap();
    let start = plan.hops(Phase::Start, &ctx(&plan));
    let exec = start.iter().find(|h| h.call == "execve").unwrap();
    assert_eq!(detail(exec, "path"), "/sbin/docker-init");
    let create = plan.hops(Phase::Create, &ctx(&plan));
    assert!(create
        .iter()
        .any(|h| h.call == "mount" && detail(h, "source") == spec::DOCKER_INIT_HOST_PATH));
}

#[test]
fn delete_kills_only_when_needed() {
    let s = spec::runc_default();
    let plan = Plan::from_spec(&s).unwrap();
    let mut c = ctx(&plan);
    assert!(!calls(&plan.hops(Phase::Delete, &c)).contains(&"kill"));
    c.delete_kills_init = true;
    let d = plan.hops(Phase::Delete, &c);
    assert_eq!(calls(&d), vec!["loadState", "kill", "rmdir", "unlinkat"]);
    // Without a PID namespace of its own, every process of the cgroup is killed.
    let mut p = ContainerParams::new("h", &["sh"]);
    p.namespaces.pid = NsMode::Host;
    let s = spec::containerd_default(&p);
    let plan = Plan::from_spec(&s).unwrap();
    let d = plan.hops(Phase::Delete, &ctx(&plan));
    let kill = d.iter().find(|h| h.call == "kill").unwrap();
    assert!(detail(kill, "target").contains("cgroup.procs"));
}

#[test]
fn no_pivot_moves_and_chroots() {
    let s = spec::runc_default();
    let plan = Plan::with_options(
        &s,
        PlanOptions {
            no_pivot: true,
            ..PlanOptions::default()
        },
    )
    .unwrap();
    let c = plan.hops(Phase::Create, &ctx(&plan));
    assert!(!calls(&c).contains(&"pivot_root"));
    let chroot = calls(&c).iter().position(|x| *x == "chroot").unwrap();
    assert_eq!(detail(&c[chroot - 1], "flags"), "MS_MOVE");
}

#[cfg(feature = "oci-json")]
fn with_namespaces(entries: &[(&str, &str)]) -> String {
    let mut v: serde_json::Value = serde_json::from_str(spec::RUNC_DEFAULT_JSON).unwrap();
    v["linux"]["namespaces"] = entries
        .iter()
        .map(|(t, p)| {
            if p.is_empty() {
                serde_json::json!({ "type": t })
            } else {
                serde_json::json!({ "type": t, "path": p })
            }
        })
        .collect();
    v.to_string()
}

/// Reads a hand-edited config: needs `oci-json`.
#[test]
#[cfg(feature = "oci-json")]
fn errors_use_the_runtimes_words() {
    let bogus = with_namespaces(&[("pid", ""), ("bogus", "")]);
    let e = parse_config(&bogus, OciRuntime::Runc).unwrap_err();
    assert_eq!(e.to_string(), r#"namespace {"bogus" ""} does not exist"#);
    let e = parse_config(&bogus, OciRuntime::Crun).unwrap_err();
    assert_eq!(e.to_string(), "invalid namespace type: `bogus`");
    let e = parse_config(&with_namespaces(&[("net", "/x")]), OciRuntime::Runc).unwrap_err();
    assert_eq!(e.to_string(), r#"namespace {"net" "/x"} does not exist"#);

    let dup = parse_config(
        &with_namespaces(&[("network", ""), ("network", "/run/netns/a")]),
        OciRuntime::Runc,
    )
    .unwrap();
    let e = Plan::from_spec(&dup).unwrap_err();
    assert_eq!(
        e.to_string(),
        r#"malformed spec file: duplicated ns {"network" "/run/netns/a"}"#
    );
    assert!(Plan::for_runtime(&dup, OciRuntime::Crun).is_ok());

    let garbled = parse_config("{\"ociVersion\": ", OciRuntime::Runc).unwrap_err();
    assert!(
        matches!(garbled, PlanError::Json { line: 1, .. }),
        "{garbled}"
    );

    let mut s = spec::runc_default();
    s.set_process(None);
    assert_eq!(
        Plan::from_spec(&s).unwrap_err().to_string(),
        "process property must not be empty"
    );
    assert_eq!(
        Plan::for_runtime(&s, OciRuntime::Crun)
            .unwrap_err()
            .to_string(),
        "block `process` not found"
    );

    let mut s = spec::runc_default();
    if let Some(p) = s.process_mut() {
        p.set_args(Some(Vec::new()));
    }
    assert_eq!(
        Plan::from_spec(&s).unwrap_err().to_string(),
        "args must not be empty"
    );
    assert_eq!(
        Plan::for_runtime(&s, OciRuntime::Crun)
            .unwrap_err()
            .to_string(),
        "executable path not specified"
    );

    let mut s = spec::runc_default();
    if let Some(p) = s.process_mut() {
        p.set_cwd(PathBuf::from("relative"));
    }
    assert_eq!(Plan::from_spec(&s).unwrap_err(), PlanError::RelativeCwd);

    let no_uts = parse_config(
        &with_namespaces(&[("pid", ""), ("mount", "")]),
        OciRuntime::Runc,
    )
    .unwrap();
    assert_eq!(
        Plan::from_spec(&no_uts).unwrap_err().to_string(),
        "unable to set hostname without a private UTS namespace"
    );

    let mut s = spec::runc_default();
    if let Some(l) = s.linux_mut() {
        l.set_rootfs_propagation(Some("sideways".to_string()));
    }
    assert_eq!(
        Plan::from_spec(&s).unwrap_err().to_string(),
        "rootfsPropagation=sideways is not supported"
    );

    let user = parse_config(
        &with_namespaces(&[("user", ""), ("uts", ""), ("mount", "")]),
        OciRuntime::Runc,
    )
    .unwrap();
    assert_eq!(
        Plan::from_spec(&user).unwrap_err(),
        PlanError::UserNsWithoutMappings
    );

    let mut s = spec::runc_default();
    s.set_linux(None);
    assert_eq!(
        Plan::for_runtime(&s, OciRuntime::Crun).unwrap_err(),
        PlanError::MissingLinux
    );
}

/// Reads a hand-edited config: needs `oci-json`.
#[test]
#[cfg(feature = "oci-json")]
fn oci_spec_rejects_what_the_plan_cannot_express() {
    // Namespace types are a closed enum in oci-spec: anything else fails to
    // parse, which is why parse_config reports them in the runtime's words.
    let e = serde_json::from_str::<Spec>(&with_namespaces(&[("time", "")])).map(|_| ());
    assert!(e.is_ok());
    let s = parse_config(
        &with_namespaces(&[("time", ""), ("uts", ""), ("mount", "")]),
        OciRuntime::Runc,
    )
    .unwrap();
    let plan = Plan::from_spec(&s).unwrap();
    let u = plan.hops(Phase::Create, &ctx(&plan));
    let un = u.iter().find(|h| h.call == "unshare").unwrap();
    assert_eq!(
        detail(un, "flags"),
        "CLONE_NEWTIME|CLONE_NEWNS|CLONE_NEWUTS"
    );
    assert!(LinuxNamespaceType::Time != LinuxNamespaceType::Mount);
}

#[test]
fn flags_render_from_options() {
    assert_eq!(clone_flag(LinuxNamespaceType::Network), CLONE_NEWNET);
}

mod props {
    use super::*;
    use oci_spec::runtime::{Hook, Hooks, LinuxNamespace, Mount};
    use proptest::prelude::*;

    const TYPES: [LinuxNamespaceType; 8] = [
        LinuxNamespaceType::Pid,
        LinuxNamespaceType::Network,
        LinuxNamespaceType::Ipc,
        LinuxNamespaceType::Uts,
        LinuxNamespaceType::Mount,
        LinuxNamespaceType::User,
        LinuxNamespaceType::Cgroup,
        LinuxNamespaceType::Time,
    ];

    fn ns_strategy() -> impl Strategy<Value = Vec<(usize, Option<String>)>> {
        prop::collection::vec((0usize..8, prop::option::of("[/a-z0-9]{0,12}")), 0..10)
    }

    fn mount_strategy() -> impl Strategy<Value = Vec<(String, String, String, Vec<String>)>> {
        let opt = prop::sample::select(vec![
            "ro",
            "rw",
            "bind",
            "rbind",
            "nosuid",
            "nodev",
            "noexec",
            "rprivate",
            "rslave",
            "shared",
            "mode=755",
            "size=1k",
            "tmpcopyup",
            "remount",
            "",
            "x=y",
        ]);
        prop::collection::vec(
            (
                "(/[a-z]{0,6}){0,3}",
                "[/a-z]{0,8}",
                prop::sample::select(vec![
                    "bind", "tmpfs", "proc", "cgroup", "sysfs", "", "weird",
                ]),
                prop::collection::vec(opt.prop_map(str::to_string), 0..5),
            )
                .prop_map(|(d, s, t, o)| (d, s, t.to_string(), o)),
            0..8,
        )
    }

    fn hook_strategy() -> impl Strategy<Value = Vec<(usize, String, Vec<String>)>> {
        prop::collection::vec(
            (
                0usize..6,
                "[/a-z]{0,10}",
                prop::collection::vec("[a-z]{0,4}", 0..3),
            ),
            0..8,
        )
    }

    #[allow(deprecated)]
    fn build(
        ns: &[(usize, Option<String>)],
        mounts: &[(String, String, String, Vec<String>)],
        hooks: &[(usize, String, Vec<String>)],
        flags: u8,
    ) -> Spec {
        let mut s = spec::runc_default();
        if flags & 1 != 0 {
            s.set_process(None);
        }
        if flags & 2 != 0 {
            s.set_root(None);
        }
        if let Some(l) = s.linux_mut() {
            l.set_namespaces(Some(
                ns.iter()
                    .map(|(t, p)| {
                        let mut n = LinuxNamespace::default();
                        n.set_typ(TYPES[*t % 8]);
                        n.set_path(p.as_ref().map(PathBuf::from));
                        n
                    })
                    .collect(),
            ));
            if flags & 4 != 0 {
                l.set_rootfs_propagation(Some("rshared".to_string()));
            }
        }
        s.set_mounts(Some(
            mounts
                .iter()
                .map(|(d, src, t, o)| {
                    let mut m = Mount::default();
                    m.set_destination(PathBuf::from(d));
                    m.set_source(Some(PathBuf::from(src)));
                    m.set_typ(if t.is_empty() { None } else { Some(t.clone()) });
                    m.set_options(Some(o.clone()));
                    m
                })
                .collect(),
        ));
        let mut h = Hooks::default();
        let mut lists: [Vec<Hook>; 6] = Default::default();
        for (k, path, args) in hooks {
            let mut hook = Hook::default();
            hook.set_path(PathBuf::from(path));
            hook.set_args(Some(args.clone()));
            lists[*k % 6].push(hook);
        }
        let [a, b, c, d, e, f] = lists;
        h.set_prestart(Some(a));
        h.set_create_runtime(Some(b));
        h.set_create_container(Some(c));
        h.set_start_container(Some(d));
        h.set_poststart(Some(e));
        h.set_poststop(Some(f));
        s.set_hooks(Some(h));
        s
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]
        #[test]
        fn planning_never_panics(
            ns in ns_strategy(),
            mounts in mount_strategy(),
            hooks in hook_strategy(),
            flags in 0u8..8,
            id in "[a-z0-9]{0,8}",
        ) {
            let spec = build(&ns, &mounts, &hooks, flags);
            for runtime in [OciRuntime::Runc, OciRuntime::Crun] {
                for cgroup in [CgroupVersion::V1, CgroupVersion::V2] {
                    for no_pivot in [false, true] {
                        let opts = PlanOptions { runtime, cgroup, no_pivot };
                        if let Ok(plan) = Plan::with_options(&spec, opts) {
                            let mut c = HopContext::new(&plan, &id, "");
                            c.init_pid = 0;
                            c.delete_kills_init = flags & 1 == 0;
                            for phase in Phase::ALL {
                                let hops = plan.hops(phase, &c);
                                prop_assert!(!hops.is_empty());
                            }
                        }
                    }
                }
            }
            let text = serde_json::to_string(&spec).unwrap_or_default();
            let _ = parse_config(&text, OciRuntime::Runc);
        }

        #[test]
        fn parse_config_never_panics(text in ".{0,200}") {
            let _ = parse_config(&text, OciRuntime::Runc);
            let _ = parse_config(&text, OciRuntime::Crun);
        }
    }
}
