//! The simulated `runc` and `crun` refuse exactly as the real binaries do
//! (shared/reference/runtime-outputs/errors-runc.txt and errors-crun.txt,
//! recorded on this machine); the messages below are copied from there.

use atlas_core::config::{Config, K8sVersion, Oci, Runtime};
use atlas_core::sim::Sim;

const SLEEP: &str = r#"{"ociVersion":"1.0.2-dev","process":{"terminal":false,"user":{"uid":0,"gid":0},"args":["sleep","3600"],"cwd":"/"},"root":{"path":"rootfs"},"mounts":[{"destination":"/proc","type":"proc","source":"proc"}],"linux":{"namespaces":[{"type":"pid"},{"type":"mount"}]}}"#;
const NOEXIST: &str = r#"{"ociVersion":"1.0.2-dev","process":{"terminal":false,"user":{"uid":0,"gid":0},"args":["/bin/nonexistent"],"cwd":"/"},"root":{"path":"rootfs"},"mounts":[{"destination":"/proc","type":"proc","source":"proc"}],"linux":{"namespaces":[{"type":"pid"},{"type":"mount"}]}}"#;
const BADNS: &str = r#"{"ociVersion":"1.0.2-dev","process":{"terminal":false,"user":{"uid":0,"gid":0},"args":["true"],"cwd":"/"},"root":{"path":"rootfs"},"mounts":[{"destination":"/proc","type":"proc","source":"proc"}],"linux":{"namespaces":[{"type":"bogus"}]}}"#;

fn sim(oci: Oci) -> Sim {
    Sim::new(
        Config {
            k8s: K8sVersion(28),
            runtime: Runtime::Containerd17,
            oci,
        },
        1,
    )
}

/// Runs `line` and returns (exit, stderr message without the logrus framing).
fn run(s: &mut Sim, line: &str) -> (i32, String) {
    let r = s.run_line(line).record.clone();
    let msg = match r.stderr.split_once("msg=") {
        Some((_, m)) => {
            let m = m.trim_end();
            let m = m
                .strip_prefix('"')
                .and_then(|m| m.strip_suffix('"'))
                .unwrap_or(m);
            m.replace("\\\"", "\"")
        }
        None => r.stderr.trim_end().to_string(),
    };
    (r.exit, msg)
}

#[test]
fn runc_refusals_match_the_real_runc() {
    let mut s = sim(Oci::Runc);
    let r = "runc --root /run/lab";
    s.put_file("config.json", SLEEP);
    assert_eq!(run(&mut s, &format!("{r} create a")), (0, String::new()));
    assert_eq!(run(&mut s, &format!("{r} start a")), (0, String::new()));
    let cases: &[(&str, i32, &str)] = &[
        ("start a", 1, "cannot start an already running container"),
        (
            "delete a",
            1,
            "cannot delete container a that is not stopped: running",
        ),
        (
            "create a",
            1,
            "runc create failed: container with given ID already exists",
        ),
        (
            "run a",
            1,
            "runc run failed: container with given ID already exists",
        ),
        ("kill a NOTASIG", 1, "unknown signal \"NOTASIG\""),
        ("kill a KILL", 0, ""),
        ("start a", 1, "cannot start a container that has stopped"),
        ("kill a", 1, "container not running"),
        ("kill a KILL", 1, "container not running"),
        ("delete a", 0, ""),
        ("state nope", 1, "container does not exist"),
        ("start nope", 1, "container does not exist"),
        ("kill nope", 1, "container does not exist"),
        ("delete nope", 1, "container does not exist"),
        ("delete --force nope", 0, ""),
        (
            "create --bundle /lab/no-such-bundle b2",
            1,
            "runc create failed: chdir /lab/no-such-bundle: no such file or directory",
        ),
        (
            "create ../x",
            1,
            "runc create failed: invalid container ID format",
        ),
        (
            "create a/b",
            1,
            "runc create failed: invalid container ID format",
        ),
    ];
    for (args, code, msg) in cases {
        assert_eq!(
            run(&mut s, &format!("{r} {args}")),
            (*code, msg.to_string()),
            "runc {args}"
        );
    }
    // Bundles with broken configs.
    let mut s = sim(Oci::Runc);
    assert_eq!(
        run(&mut s, &format!("{r} create b")),
        (
            1,
            "runc create failed: JSON specification file config.json not found".into()
        )
    );
    s.put_file("config.json", "{\"ociVersion\": \"1.0.2\", \"process\": {");
    assert_eq!(
        run(&mut s, &format!("{r} create c")),
        (1, "runc create failed: unexpected EOF".into())
    );
    s.put_file("config.json", NOEXIST);
    assert_eq!(
        run(&mut s, &format!("{r} create d")),
        (1, "runc create failed: unable to start container process: exec: \"/bin/nonexistent\": stat /bin/nonexistent: no such file or directory".into())
    );
    assert_eq!(
        run(&mut s, &format!("{r} state d")),
        (1, "container does not exist".into())
    );
    assert_eq!(
        run(&mut s, &format!("{r} run e")),
        (1, "runc run failed: unable to start container process: exec: \"/bin/nonexistent\": stat /bin/nonexistent: no such file or directory".into())
    );
    s.put_file("config.json", BADNS);
    assert_eq!(
        run(&mut s, &format!("{r} create f")),
        (
            1,
            "runc create failed: namespace {\"bogus\" \"\"} does not exist".into()
        )
    );
    // A created, never started container deletes without --force.
    s.put_file("config.json", SLEEP);
    assert_eq!(run(&mut s, &format!("{r} create h")).0, 0);
    assert_eq!(run(&mut s, &format!("{r} delete h")), (0, String::new()));
    let list = s.run_line(&format!("{r} list")).record.stdout.clone();
    assert_eq!(
        list,
        "ID          PID         STATUS      BUNDLE      CREATED     OWNER\n"
    );
}

#[test]
fn crun_refusals_match_the_real_crun() {
    let mut s = sim(Oci::Crun);
    let r = "crun --root /lab/R/crun";
    s.put_file("config.json", SLEEP);
    assert_eq!(run(&mut s, &format!("{r} create a")).0, 0);
    assert_eq!(run(&mut s, &format!("{r} start a")).0, 0);
    let cases: &[(&str, i32, &str)] = &[
        (
            "start a",
            1,
            "cannot open `/lab/R/crun/a/exec.fifo`: No such file or directory",
        ),
        (
            "delete a",
            1,
            "the container `a` is not in `created` or `stopped` state",
        ),
        ("create a", 1, "container `a` already exists"),
        ("run a", 1, "container `a` already exists"),
        ("kill a NOTASIG", 0, ""),
        ("kill a KILL", 0, ""),
        ("start a", 1, "container `a` is not running"),
        ("kill a", 1, "kill container: No such process"),
        ("delete a", 0, ""),
        (
            "state nope",
            1,
            "error opening file `/lab/R/crun/nope/status`: No such file or directory",
        ),
        (
            "delete nope",
            1,
            "cannot open directory '/lab/R/crun/nope': No such file or directory",
        ),
        ("delete --force nope", 0, ""),
        (
            "create ../x",
            1,
            "create keyring `../x`: Operation not permitted",
        ),
        ("create a/b", 1, "cannot create state directory for `a/b`"),
    ];
    for (args, code, msg) in cases {
        assert_eq!(
            run(&mut s, &format!("{r} {args}")),
            (*code, msg.to_string()),
            "crun {args}"
        );
    }
    s.put_file("config.json", NOEXIST);
    assert_eq!(
        run(&mut s, &format!("{r} create d")),
        (
            1,
            "executable file `/bin/nonexistent` not found in $PATH: No such file or directory"
                .into()
        )
    );
    s.put_file("config.json", BADNS);
    assert_eq!(
        run(&mut s, &format!("{r} create f")),
        (1, "invalid namespace type: `bogus`".into())
    );
}

/// `runc update` from flags: the writes `create` would make for the same
/// limits, runc's refusals in its words (recorded with runc 1.1.5 here, as
/// crates/native/tests/runtime/update.rs checks atlas-runtime against).
#[test]
fn runc_update_writes_the_limits_and_refuses_as_runc() {
    let mut s = sim(Oci::Runc);
    let r = "runc --root /run/lab";
    s.put_file("config.json", SLEEP);
    assert_eq!(run(&mut s, &format!("{r} run -d a")).0, 0);
    let step = s
        .run_line(&format!(
            "{r} update --memory 96m --cpu-share 512 --pids-limit 99 a"
        ))
        .clone();
    assert_eq!(step.record.exit, 0, "{}", step.record.stderr);
    let writes: Vec<(String, String)> = step
        .hops
        .iter()
        .filter(|h| h.iface == atlas_core::Iface::Cgroupfs)
        .map(|h| {
            let v = h
                .detail
                .as_ref()
                .and_then(|d| d.get("value"))
                .and_then(|v| v.as_str())
                .unwrap_or("")
                .to_string();
            (h.call.clone(), v)
        })
        .collect();
    let w = |a: &str, b: &str| (a.to_string(), b.to_string());
    assert_eq!(
        writes,
        [
            w("pids.max", "99"),
            w("memory.max", "100663296"),
            w("cpu.weight", "20")
        ]
    );
    assert_eq!(
        run(&mut s, &format!("{r} update --memory abc a")),
        (
            1,
            "invalid value for memory: invalid size: 'abc'".to_string()
        )
    );
    assert_eq!(
        run(&mut s, &format!("{r} update --l3-cache-schema x a")),
        (
            1,
            "Intel RDT/CAT: l3 cache schema is not enabled".to_string()
        )
    );
    assert_eq!(
        run(&mut s, &format!("{r} update --memory 10m nope")),
        (1, "container does not exist".to_string())
    );
    assert_eq!(run(&mut s, &format!("{r} kill a KILL")).0, 0);
    assert_eq!(
        run(&mut s, &format!("{r} update --memory 10m a")),
        (1, "container not running".to_string())
    );
}
