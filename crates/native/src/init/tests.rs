//! The init walker driven with the recording fake of [`Syscall`] over real
//! plans from the core, as any user: every stage runs in this process (the
//! fake's [`Stages`] plays the runtime's turns and stage 0's id maps), and
//! nothing reaches the kernel but file work in a scratch rootfs.

use super::step::{Setting, Steps};
use super::walk::{walk, write_id_maps, Stages};
use crate::channel::init_failure;
use crate::error::{Error, Result};
use crate::syscall::fake::{Call, Fake, FAKE_EXECVE};
use atlas_core::oci::spec::{runc_default, runc_rootless};
use atlas_core::oci::{Actor, MountRole, Op, Phase, Plan};
use nix::errno::Errno;
use oci_spec::runtime::Spec;

/// The stages of `atlas-runtime init` in one process: a turn goes on after
/// the runtime's steps, a clone goes on in the same process, and the id maps
/// are written here.
struct OneProcess<'a, 's> {
    plan: &'a Plan<'s>,
    sys: &'a Fake,
}

/// The pid stage 0 writes the id maps of.
const STAGE1_PID: i32 = 4243;

impl Stages for OneProcess<'_, '_> {
    fn done(&mut self, i: usize) -> Result<()> {
        self.sys.note("done", i.to_string());
        Ok(())
    }

    fn turn(&mut self, i: usize) -> Result<(usize, i32)> {
        self.sys.note("turn", i.to_string());
        let steps = self.plan.steps();
        let mut j = i;
        while steps
            .get(j)
            .is_some_and(|s| s.phase == Phase::Create && s.actor == Actor::Runtime)
        {
            j += 1;
        }
        Ok((j, 4242))
    }

    fn clone_stage(&mut self, i: usize, _host_pid: i32) -> Result<Option<usize>> {
        Ok(Some(i + 1))
    }

    fn id_maps(&mut self, i: usize) -> Result<usize> {
        let sys = self.sys;
        write_id_maps(self.plan, sys, STAGE1_PID, i, &mut |k| {
            sys.note("done", k.to_string());
            Ok(())
        })
    }

    fn wait_for_start(&mut self, i: usize) -> Result<()> {
        self.sys.note("wait_for_start", i.to_string());
        Ok(())
    }

    fn release(&mut self) -> Result<()> {
        self.sys.note("release", String::new());
        Ok(())
    }

    fn started(&mut self, j: usize) -> Result<()> {
        self.done(j)
    }

    fn start_failed(&mut self, e: &Error) {
        self.sys.note("start_failed", e.to_string());
    }
}

/// Walks `plan` from its first Init step with `sys`, in a scratch rootfs.
fn drive(plan: &Plan<'_>, sys: &Fake) -> Result<()> {
    static RUN: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = RUN.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let rootfs = std::env::temp_dir().join(format!("atlas-walk-{}-{n}", std::process::id()));
    std::fs::create_dir_all(&rootfs).expect("scratch rootfs");
    let setting = Setting {
        id: "walk",
        bundle: "/bundle",
        rootfs: &rootfs,
        cgroup_binds: &[],
        console_fd: Some(7),
        preserve_fds: 0,
    };
    let mut steps = Steps::new(plan, sys, setting, 0);
    let mut stages = OneProcess { plan, sys };
    let at = plan
        .steps()
        .iter()
        .position(|s| s.phase == Phase::Create && s.actor == Actor::Init)
        .expect("an Init step");
    let r = walk(&mut steps, &mut stages, at);
    let _ = std::fs::remove_dir_all(&rootfs);
    r
}

/// A spec changed as JSON.
fn edited(spec: Spec, edit: impl FnOnce(&mut serde_json::Value)) -> Spec {
    let mut v = serde_json::to_value(spec).expect("spec as JSON");
    edit(&mut v);
    serde_json::from_value(v).expect("edited spec")
}

/// The system calls step `op` stands for, by name (the walker's order is
/// then the plan's if each step's calls come between its neighbours').
fn calls_of(op: &Op<'_>) -> Vec<&'static str> {
    match op {
        Op::Nsexec(_) => vec!["set_name"],
        Op::OomScoreAdj(_) | Op::Sysctl { .. } | Op::AppArmor(_) | Op::IdMap { .. } => {
            vec!["write_file"]
        }
        Op::Setns { .. } => vec!["setns"],
        Op::Unshare { .. } => vec!["unshare"],
        Op::Setsid => vec!["setsid"],
        Op::SessionKeyring => vec!["keyctl"],
        Op::LoopbackUp => vec!["loopback_up"],
        // No cgroup v1 hierarchies are given to bind.
        Op::Mount(m) if m.role == MountRole::CgroupV1Binds => vec![],
        Op::Mount(_) => vec!["mount"],
        Op::Mknod { .. } => vec!["mknod", "chmod"],
        Op::PivotRoot => vec!["chdir", "pivot_root"],
        Op::UnmountOldRoot => vec!["umount2", "chdir"],
        Op::Chroot => vec!["chdir", "chroot", "chdir"],
        Op::ConsoleOpen => vec!["open_pty"],
        Op::ConsoleSend => vec!["send_console"],
        Op::Setctty => vec!["set_controlling_terminal"],
        Op::Sethostname(_) => vec!["sethostname"],
        Op::Setdomainname(_) => vec!["setdomainname"],
        Op::NoNewPrivs => vec!["no_new_privs"],
        Op::Seccomp(_) => vec!["seccomp"],
        Op::Chdir(_) => vec!["chdir"],
        Op::KeepCaps(_) => vec!["keepcaps"],
        Op::Setgroups(_) => vec!["setgroups"],
        Op::Setgid(_) => vec!["setresgid"],
        Op::Setuid(_) => vec!["setresuid"],
        Op::Capset(_) => vec!["capset"; 3],
        Op::AmbientCaps(c) => {
            vec!["cap_raise_ambient"; crate::capabilities::to_caps(c.ambient().as_ref()).len()]
        }
        // Bounding: one drop per capability outside the set, checked apart.
        _ => vec![],
    }
}

/// The recorded calls cut at each `done` marker: `(step, its calls)`, and
/// the calls after the last marker.
fn by_step(calls: &[Call]) -> (Vec<(usize, Vec<Call>)>, Vec<Call>) {
    let mut groups = Vec::new();
    let mut open = Vec::new();
    for c in calls {
        match c.name {
            "done" => groups.push((
                c.arg.parse().expect("a step index"),
                std::mem::take(&mut open),
            )),
            "turn" | "wait_for_start" | "release" | "start_failed" => {}
            _ => open.push(c.clone()),
        }
    }
    (groups, open)
}

/// The plan's Init steps the walker reports: the create phase's, and the
/// start phase's but the byte that releases `start`.
fn init_steps(plan: &Plan<'_>) -> Vec<usize> {
    let steps = plan.steps();
    (0..steps.len())
        .filter(|i| {
            let s = &steps[*i];
            s.actor == Actor::Init
                && (s.phase == Phase::Create || s.phase == Phase::Start && s.op != Op::FifoWrite)
        })
        .collect()
}

/// Asserts the walker took the plan's Init steps in the plan's order, each
/// with its own system calls; returns the calls.
fn assert_walks_in_plan_order(plan: &Plan<'_>) -> Vec<Call> {
    let sys = Fake::new();
    let r = drive(plan, &sys);
    let calls = sys.calls();
    match r {
        Err(Error::Init(m)) if m.starts_with(FAKE_EXECVE) => {}
        other => panic!("the walk should end in execve: {other:?}\n{calls:#?}"),
    }
    let (groups, rest) = by_step(&calls);
    let taken: Vec<usize> = groups.iter().map(|(i, _)| *i).collect();
    assert_eq!(
        taken,
        init_steps(plan),
        "the Init steps, in the plan's order"
    );
    // After the id maps, the stage becomes root of its user namespace before
    // its next step.
    let mut carry: Vec<&str> = Vec::new();
    for (i, got) in &groups {
        let op = plan.steps()[*i].op;
        let names: Vec<&str> = got.iter().map(|c| c.name).collect();
        if let Op::CapBounding(c) = op {
            let keep = crate::capabilities::to_caps(c.bounding().as_ref());
            assert!(
                got.iter().all(|c| c.name == "cap_drop_bounding"),
                "step {i} {op:?}: {names:?}"
            );
            assert!(
                got.iter()
                    .all(|c| keep.iter().all(|k| k.to_string() != c.arg)),
                "step {i} drops a capability of the bounding set: {got:?}"
            );
            continue;
        }
        let mut want = std::mem::take(&mut carry);
        if let Op::IdMap { .. } = op {
            let next_is_map = matches!(
                plan.steps().get(i + 1).map(|s| s.op),
                Some(Op::IdMap { .. })
            );
            if !next_is_map {
                carry = vec!["setresgid", "setresuid"];
            }
        }
        want.extend(calls_of(&op));
        assert_eq!(names, want, "step {i} {op:?}");
    }
    let rest: Vec<&str> = rest.iter().map(|c| c.name).collect();
    assert_eq!(rest, ["execve"], "execve last, after its step is reported");
    calls
}

/// Position of the first call named `name` whose argument contains `arg`.
fn pos(calls: &[Call], name: &str, arg: &str) -> usize {
    calls
        .iter()
        .position(|c| c.name == name && c.arg.contains(arg))
        .unwrap_or_else(|| panic!("no {name} {arg:?} in {calls:#?}"))
}

/// Position in the plan of the first step matching `f`.
fn step_pos(plan: &Plan<'_>, f: impl Fn(&Op<'_>) -> bool) -> usize {
    plan.steps()
        .iter()
        .position(|s| f(&s.op))
        .expect("such a step")
}

#[test]
fn runc_default_walks_in_plan_order() {
    let spec = runc_default();
    let plan = Plan::from_spec(&spec).expect("plan");
    let calls = assert_walks_in_plan_order(&plan);
    // sethostname in the new UTS namespace.
    assert!(pos(&calls, "unshare", "CLONE_NEWUTS") < pos(&calls, "sethostname", "runc"));
    // pivot_root after every mount into the rootfs, the masked and
    // read-only paths after it.
    let pivot = pos(&calls, "pivot_root", "");
    let rootfs = std::env::temp_dir().display().to_string();
    let mounts: Vec<usize> = (0..calls.len())
        .filter(|k| calls[*k].name == "mount")
        .collect();
    assert!(mounts
        .iter()
        .filter(|k| calls[**k].arg.contains(&rootfs))
        .all(|k| *k < pivot));
    assert!(pos(&calls, "mount", "/proc/kcore") > pivot);
    // setuid and capset in the plan's order.
    let (uid, caps) = (
        step_pos(&plan, |o| matches!(o, Op::Setuid(_))),
        step_pos(&plan, |o| matches!(o, Op::Capset(_))),
    );
    assert_eq!(
        uid < caps,
        pos(&calls, "setresuid", "") < pos(&calls, "capset", "")
    );
}

#[test]
fn runc_rootless_writes_the_id_maps_then_becomes_root() {
    let spec = runc_rootless();
    let plan = Plan::from_spec(&spec).expect("plan");
    let calls = assert_walks_in_plan_order(&plan);
    let uid_map = pos(&calls, "write_file", &format!("/proc/{STAGE1_PID}/uid_map"));
    let gid_map = pos(&calls, "write_file", &format!("/proc/{STAGE1_PID}/gid_map"));
    let user_ns = pos(&calls, "unshare", "CLONE_NEWUSER");
    assert!(user_ns < uid_map && user_ns < gid_map);
    assert!(uid_map.max(gid_map) < pos(&calls, "setresuid", "0"));
    // No device nodes without privileges: bind mounts instead.
    assert!(!calls.iter().any(|c| c.name == "mknod"));
}

#[test]
fn a_namespace_joined_by_path_is_entered_not_unshared() {
    let spec = edited(runc_default(), |v| {
        let ns = v["linux"]["namespaces"].as_array_mut().expect("namespaces");
        for n in ns.iter_mut() {
            if n["type"] == "network" {
                n["path"] = "/proc/self/ns/net".into();
            }
        }
    });
    let plan = Plan::from_spec(&spec).expect("plan");
    let calls = assert_walks_in_plan_order(&plan);
    let setns = pos(&calls, "setns", "CLONE_NEWNET");
    assert!(!calls
        .iter()
        .any(|c| c.name == "unshare" && c.arg.contains("CLONE_NEWNET")));
    assert!(setns < pos(&calls, "unshare", "CLONE_NEWNS"));
}

#[test]
fn hostname_masked_and_readonly_paths_follow_the_plan() {
    let spec = edited(runc_default(), |v| {
        v["hostname"] = "walker".into();
        v["domainname"] = "example.org".into();
        v["linux"]["maskedPaths"] = serde_json::json!(["/proc/secret"]);
        v["linux"]["readonlyPaths"] = serde_json::json!(["/proc/ro"]);
        v["linux"]["sysctl"] = serde_json::json!({"net.ipv4.ip_forward": "1"});
    });
    let plan = Plan::from_spec(&spec).expect("plan");
    let calls = assert_walks_in_plan_order(&plan);
    let pivot = pos(&calls, "pivot_root", "");
    assert!(pos(&calls, "mount", "/proc/secret") > pivot);
    assert!(pos(&calls, "mount", "/proc/ro") > pivot);
    assert!(pos(&calls, "sethostname", "walker") < pos(&calls, "setdomainname", "example.org"));
    assert!(pos(&calls, "write_file", "/proc/sys/net/ipv4/ip_forward 1") > pivot);
}

#[test]
fn a_hostname_without_a_uts_namespace_is_refused_before_any_walk() {
    let spec = edited(runc_default(), |v| {
        let ns = v["linux"]["namespaces"].as_array_mut().expect("namespaces");
        ns.retain(|n| n["type"] != "uts");
    });
    let e = Plan::from_spec(&spec).expect_err("refused");
    assert_eq!(
        e.to_string(),
        "unable to set hostname without a private UTS namespace"
    );
}

/// What `atlas-runtime create` prints (the message of its log entry) when
/// the walk failed with `e`: the init sends `e`'s text, the runtime reads
/// it back (`channel::init_failure`) and the CLI frames it.
fn printed(e: &Error) -> String {
    format!("runc create failed: {}", init_failure(e.to_string()))
}

/// Walks runc's default plan with `fail` applied; the error and the calls.
fn refused(fail: impl FnOnce(&Fake)) -> (Error, Vec<Call>) {
    let spec = runc_default();
    let plan = Plan::from_spec(&spec).expect("plan");
    let sys = Fake::new();
    fail(&sys);
    let e = drive(&plan, &sys).expect_err("refused");
    (e, sys.calls())
}

/// The last system call made and the steps reported before it.
fn stopped_at(calls: &[Call]) -> (&Call, Vec<usize>) {
    let (groups, _) = by_step(calls);
    let last = calls
        .iter()
        .rev()
        .find(|c| !matches!(c.name, "done" | "turn" | "start_failed"))
        .expect("a call");
    (last, groups.iter().map(|(i, _)| *i).collect())
}

#[test]
fn pivot_root_refused_stops_the_walk_there() {
    let (e, calls) = refused(|f| f.fail("pivot_root", Errno::EPERM));
    assert_eq!(
        printed(&e),
        "runc create failed: unable to start container process: pivot_root: EPERM: Operation not permitted"
    );
    let (last, taken) = stopped_at(&calls);
    assert_eq!(last.name, "pivot_root");
    let spec = runc_default();
    let plan = Plan::from_spec(&spec).expect("plan");
    let pivot = step_pos(&plan, |o| matches!(o, Op::PivotRoot));
    assert!(taken.iter().all(|i| *i < pivot), "{taken:?}");
}

#[test]
fn sethostname_refused_stops_the_walk_there() {
    let (e, calls) = refused(|f| f.fail("sethostname", Errno::EPERM));
    assert_eq!(
        printed(&e),
        "runc create failed: unable to start container process: sethostname: EPERM: Operation not permitted"
    );
    assert_eq!(stopped_at(&calls).0.name, "sethostname");
}

#[test]
fn a_failed_mount_names_its_source_and_destination() {
    let (e, calls) = refused(|f| f.fail_when("mount", "/proc proc", Errno::EACCES));
    assert_eq!(
        printed(&e),
        "runc create failed: unable to start container process: mount proc to rootfs at /proc: EACCES: Permission denied"
    );
    let (last, _) = stopped_at(&calls);
    assert_eq!(last.name, "mount");
    assert!(!calls.iter().any(|c| c.name == "pivot_root"));
}

#[test]
fn a_missing_cwd_is_refused_in_runcs_words() {
    let spec = edited(runc_default(), |v| {
        v["process"]["cwd"] = "/work/missing".into()
    });
    let plan = Plan::from_spec(&spec).expect("plan");
    let sys = Fake::new();
    sys.fail_when("chdir", "/work/missing", Errno::ENOENT);
    let e = drive(&plan, &sys).expect_err("refused");
    assert_eq!(
        printed(&e),
        "runc create failed: unable to start container process: chdir to cwd (\"/work/missing\") set in config.json failed: no such file or directory"
    );
    let calls = sys.calls();
    let (last, taken) = stopped_at(&calls);
    assert_eq!((last.name, last.arg.as_str()), ("chdir", "/work/missing"));
    let cwd = step_pos(&plan, |o| matches!(o, Op::Chdir(_)));
    assert!(taken.iter().all(|i| *i < cwd));
}

#[test]
fn a_missing_program_is_refused_as_runc_refuses_it() {
    let spec = edited(runc_default(), |v| {
        v["process"]["args"] = serde_json::json!(["/bin/nonexistent"]);
    });
    let plan = Plan::from_spec(&spec).expect("plan");
    let sys = Fake::new();
    sys.remove("/bin/nonexistent");
    let e = drive(&plan, &sys).expect_err("refused");
    let reference = include_str!("../../tests/data/errors-runc.txt");
    let case = reference
        .split("### ")
        .find(|c| c.starts_with("create nonexistent binary"))
        .expect("the case");
    let line = case
        .lines()
        .find(|l| l.contains("level=error"))
        .expect("its line");
    let msg = line
        .split("msg=\"")
        .nth(1)
        .and_then(|m| m.strip_suffix('"'))
        .expect("its message")
        .replace("\\\"", "\"");
    assert_eq!(printed(&e), msg);
    // Refused before exec.fifo: nothing of the start phase.
    assert!(!sys
        .calls()
        .iter()
        .any(|c| c.name == "execve" || c.name == "wait_for_start"));
}

#[test]
fn the_start_phase_reports_each_step_then_execs() {
    let spec = runc_default();
    let plan = Plan::from_spec(&spec).expect("plan");
    let sys = Fake::new();
    sys.fail("execve", Errno::EACCES);
    let e = drive(&plan, &sys).expect_err("execve failed");
    assert_eq!(
        e.to_string(),
        "unable to start container process: exec /usr/local/sbin/sh: permission denied"
    );
    let calls = sys.calls();
    let waited = pos(&calls, "wait_for_start", "");
    assert!(pos(&calls, "release", "") > waited);
    assert!(pos(&calls, "execve", "sh") > pos(&calls, "release", ""));
    assert_eq!(
        calls.last().map(|c| (c.name, c.arg.clone())),
        Some(("start_failed", e.to_string()))
    );
}

#[test]
fn mknod_refused_names_the_device() {
    let (e, _) = refused(|f| f.fail("mknod", Errno::EPERM));
    let m = printed(&e);
    assert!(
        m.starts_with("runc create failed: unable to start container process: mknod /dev/")
            && m.ends_with(": EPERM: Operation not permitted"),
        "{m}"
    );
}
