//! Table tests of every diagnostic, the shipped samples, and the broken
//! samples against their `.expect` sidecars.

use super::checker::MAX_MESSAGE_CHARS;
use super::*;
use crate::oci::samples::{BROKEN, SAMPLES};
use std::path::PathBuf;

/// `LINE:COL: severity: message` lines, as the `.expect` files hold them.
fn lines(r: &Report) -> String {
    r.diagnostics
        .iter()
        .map(|d| format!("{}:{}: {}: {}\n", d.line, d.column, d.severity, d.message))
        .collect()
}

#[test]
fn samples_are_valid_and_detected() {
    for s in SAMPLES {
        let r = validate(s.text);
        assert_eq!(r.kind, Some(s.kind), "{}", s.file);
        assert!(r.document.is_some(), "{}:\n{}", s.file, r.render(s.file));
        let noisy: Vec<_> = r
            .diagnostics
            .iter()
            .filter(|d| d.severity != Severity::Info)
            .collect();
        assert!(noisy.is_empty(), "{}:\n{}", s.file, r.render(s.file));
        println!("{}", r.render(s.file));
    }
}

#[test]
fn broken_samples_match_their_expectations() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../assets/oci/broken");
    let update = std::env::var_os("UPDATE_EXPECT").is_some_and(|v| v == "1");
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.ends_with(".json"))
        .collect();
    files.sort();
    let listed: Vec<&str> = BROKEN.iter().map(|b| b.file).collect();
    assert_eq!(
        files, listed,
        "samples::BROKEN must list every file of assets/oci/broken"
    );
    let mut failures = Vec::new();
    for b in BROKEN {
        let bytes = std::fs::read(dir.join(b.file)).unwrap();
        let r = validate_bytes(&bytes, None);
        assert!(
            r.diagnostics.iter().any(|d| d.severity != Severity::Info),
            "{} produces no error or warning",
            b.file
        );
        let actual = lines(&r);
        let expect_path = dir.join(b.file.replace(".json", ".expect"));
        if update {
            std::fs::write(&expect_path, &actual).unwrap();
            continue;
        }
        let expected = std::fs::read_to_string(&expect_path).unwrap_or_default();
        if expected != actual {
            failures.push(format!(
                "{}:\n--- expected\n{expected}--- actual\n{actual}",
                b.file
            ));
        }
        assert_eq!(r.render(""), b.expect_rendered(), "{}", b.file);
    }
    assert!(
        failures.is_empty(),
        "(UPDATE_EXPECT=1 rewrites the .expect files)\n{}",
        failures.join("\n")
    );
}

// ------------------------------------------------------------ table tests

use serde_json::{json, Value};
use std::collections::BTreeSet;

/// RFC 7396 merge patch: `null` removes, objects merge, the rest replaces.
fn merge(base: &mut Value, patch: &Value) {
    match (base, patch) {
        (Value::Object(b), Value::Object(p)) => {
            for (k, v) in p {
                if v.is_null() {
                    b.remove(k);
                } else if let Some(slot) = b.get_mut(k) {
                    merge(slot, v);
                } else {
                    b.insert(k.clone(), v.clone());
                }
            }
        }
        (b, p) => *b = p.clone(),
    }
}

fn config() -> Value {
    json!({
        "ociVersion": "1.2.0",
        "root": {"path": "rootfs"},
        "process": {"user": {"uid": 0, "gid": 0}, "args": ["sh"], "cwd": "/"},
        "linux": {"namespaces": [
            {"type": "pid"}, {"type": "network"}, {"type": "ipc"}, {"type": "uts"}, {"type": "mount"}
        ]}
    })
}

const DIGEST_A: &str = "sha256:6c3c624b58dbbcd3c0dd82b4c53f04194d1247c6eebdaab7c610cf7d66709b3b";
const DIGEST_B: &str = "sha256:0aa42f4ab9a3dd3fbd253c25f03a933d3cfb236d5abe614a547feb3b5140196b";

fn manifest() -> Value {
    json!({
        "schemaVersion": 2,
        "mediaType": MEDIA_TYPE_MANIFEST,
        "config": {"mediaType": MEDIA_TYPE_CONFIG, "digest": DIGEST_A, "size": 1469},
        "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "digest": DIGEST_B, "size": 3623807}]
    })
}

fn index() -> Value {
    json!({
        "schemaVersion": 2,
        "mediaType": MEDIA_TYPE_INDEX,
        "manifests": [
            {"mediaType": MEDIA_TYPE_MANIFEST, "digest": DIGEST_A, "size": 1624,
             "platform": {"architecture": "amd64", "os": "linux"}}
        ]
    })
}

fn image_config() -> Value {
    json!({
        "architecture": "amd64",
        "os": "linux",
        "config": {"Env": ["PATH=/bin"], "ExposedPorts": {"80/tcp": {}}},
        "rootfs": {"type": "layers", "diff_ids": [DIGEST_A]},
        "history": [{"created": "2024-06-11T22:45:32Z", "created_by": "ADD rootfs"}]
    })
}

/// Validates `base` patched with `patch` and asserts a diagnostic with this
/// code, severity and pointer.
#[track_caller]
fn case(base: Value, patch: Value, code: &str, severity: Severity, pointer: &str) -> Report {
    let mut doc = base;
    merge(&mut doc, &patch);
    let text = serde_json::to_string_pretty(&doc).unwrap();
    let r = validate(&text);
    assert!(
        r.diagnostics
            .iter()
            .any(|d| d.code == code && d.severity == severity && d.pointer == pointer),
        "expected {severity} {code} at {pointer:?} for patch {patch}\n{}",
        r.render("")
    );
    r
}

#[track_caller]
fn raw(text: &str, code: &str, severity: Severity, line: u32, column: u32) -> Report {
    let r = validate(text);
    assert!(
        r.diagnostics.iter().any(|d| d.code == code
            && d.severity == severity
            && (d.line, d.column) == (line, column)),
        "expected {severity} {code} at {line}:{column}\n{}",
        r.render("")
    );
    r
}

#[test]
fn the_bases_are_clean() {
    for base in [config(), manifest(), index(), image_config()] {
        let r = validate(&serde_json::to_string_pretty(&base).unwrap());
        assert!(r.diagnostics.is_empty(), "{}", r.render(""));
        assert!(r.document.is_some());
    }
}

use Severity::{Error as E, Info as I, Warning as W};

#[test]
fn shape_rules() {
    case(
        config(),
        json!({"process": {"terminal": "yes"}}),
        "wrong-type",
        E,
        "/process/terminal",
    );
    case(
        config(),
        json!({"process": {"user": {"uid": -1}}}),
        "out-of-range",
        E,
        "/process/user/uid",
    );
    case(
        config(),
        json!({"process": {"user": {"gid": 1.5}}}),
        "not-an-integer",
        E,
        "/process/user/gid",
    );
    case(
        config(),
        json!({"process": {"user": {"gid": "0"}}}),
        "wrong-type",
        E,
        "/process/user/gid",
    );
    case(
        config(),
        json!({"linux": {"namespaces": [{"type": "bogus"}]}}),
        "unknown-value",
        E,
        "/linux/namespaces/0/type",
    );
    case(
        config(),
        json!({"process": {"cwd": null}}),
        "missing-field",
        E,
        "/process/cwd",
    );
    case(
        config(),
        json!({"procss": {}}),
        "unknown-field",
        W,
        "/procss",
    );
    case(
        config(),
        json!({"process": {"Cwd": "/"}}),
        "unknown-field",
        W,
        "/process/Cwd",
    );
    case(
        config(),
        json!({"mounts": {"destination": "/x"}}),
        "wrong-type",
        E,
        "/mounts",
    );
    case(
        config(),
        json!({"annotations": {"a": 1}}),
        "wrong-type",
        E,
        "/annotations/a",
    );
    case(
        config(),
        json!({"hooks": {"poststop": [{}]}}),
        "missing-field",
        E,
        "/hooks/poststop/0/path",
    );
    // null for an optional field reads as absent; for a required one it is refused.
    let r = validate(&serde_json::to_string(&json!({"ociVersion": "1.2.0", "hostname": null, "root": {"path": "rootfs"},
        "process": {"user": {"uid": 0, "gid": 0}, "args": ["sh"], "cwd": "/"}, "linux": {"namespaces": [{"type": "mount"}]}})).unwrap());
    assert!(r.diagnostics.is_empty(), "{}", r.render(""));
    let mut doc = config();
    doc["process"]["cwd"] = Value::Null;
    let r = validate(&doc.to_string());
    assert_eq!(r.diagnostics[0].code, "wrong-type");
    case(
        config(),
        json!({"process": {"ioPriority": {"class": "IOPRIO_CLASS_BE", "priority": null}}}),
        "wrong-type",
        E,
        "/process/ioPriority/priority",
    );
}

#[test]
fn process_rules() {
    case(
        config(),
        json!({"ociVersion": "1.0"}),
        "oci-version",
        E,
        "/ociVersion",
    );
    case(
        config(),
        json!({"ociVersion": "2.0.0"}),
        "oci-version",
        W,
        "/ociVersion",
    );
    case(
        config(),
        json!({"root": {"path": ""}}),
        "empty-path",
        E,
        "/root/path",
    );
    case(config(), json!({"root": null}), "missing-root", E, "/root");
    case(
        config(),
        json!({"process": null}),
        "missing-process",
        E,
        "/process",
    );
    case(
        config(),
        json!({"process": {"cwd": "tmp"}}),
        "relative-path",
        E,
        "/process/cwd",
    );
    case(
        config(),
        json!({"process": {"args": []}}),
        "empty-args",
        E,
        "/process/args",
    );
    case(
        config(),
        json!({"process": {"args": null}}),
        "empty-args",
        E,
        "/process/args",
    );
    case(
        config(),
        json!({"process": {"env": ["FOO"]}}),
        "env-format",
        W,
        "/process/env/0",
    );
    case(
        config(),
        json!({"process": {"oomScoreAdj": 2000}}),
        "oom-score-adj",
        E,
        "/process/oomScoreAdj",
    );
    case(
        config(),
        json!({"process": {"capabilities": {"bounding": ["CAP_FOO"]}}}),
        "unknown-capability",
        W,
        "/process/capabilities/bounding/0",
    );
    case(
        config(),
        json!({"process": {"capabilities": {"bounding": ["sys_admin"]}}}),
        "unknown-capability",
        W,
        "/process/capabilities/bounding/0",
    );
    case(
        config(),
        json!({"process": {"capabilities": {"ambient": ["CAP_KILL"]}}}),
        "ambient-not-permitted",
        I,
        "/process/capabilities/ambient/0",
    );
    case(
        config(),
        json!({"process": {"capabilities": {"permitted": [], "effective": ["CAP_KILL"]}}}),
        "effective-not-permitted",
        W,
        "/process/capabilities/effective/0",
    );
    let rl = json!({"type": "RLIMIT_NOFILE", "soft": 1, "hard": 1});
    case(
        config(),
        json!({"process": {"rlimits": [rl, rl]}}),
        "duplicate-rlimit",
        E,
        "/process/rlimits/1",
    );
    case(
        config(),
        json!({"process": {"rlimits": [{"type": "RLIMIT_CORE", "soft": 2, "hard": 1}]}}),
        "rlimit-soft-above-hard",
        E,
        "/process/rlimits/0/soft",
    );
    case(
        config(),
        json!({"process": {"ioPriority": {"class": "IOPRIO_CLASS_BE", "priority": 9}}}),
        "io-priority",
        E,
        "/process/ioPriority/priority",
    );
    case(
        config(),
        json!({"process": {"scheduler": {"policy": "SCHED_OTHER", "nice": 30}}}),
        "scheduler",
        E,
        "/process/scheduler/nice",
    );
    case(
        config(),
        json!({"process": {"scheduler": {"policy": "SCHED_OTHER", "priority": 5}}}),
        "scheduler",
        E,
        "/process/scheduler/priority",
    );
    case(
        config(),
        json!({"process": {"scheduler": {"policy": "SCHED_FIFO", "deadline": 5}}}),
        "scheduler",
        E,
        "/process/scheduler/deadline",
    );
    case(
        config(),
        json!({"process": {"execCPUAffinity": {"initial": "x"}}}),
        "cpu-list",
        E,
        "/process/execCPUAffinity/initial",
    );
    case(
        config(),
        json!({"annotations": {"": "x"}}),
        "empty-annotation-key",
        E,
        "/annotations/",
    );
}

#[test]
fn mount_and_hook_rules() {
    case(
        config(),
        json!({"mounts": [{"destination": "/x"}]}),
        "mount-without-type",
        W,
        "/mounts/0",
    );
    case(
        config(),
        json!({"mounts": [{"destination": "/x", "options": ["rbind"]}]}),
        "bind-without-source",
        E,
        "/mounts/0",
    );
    case(
        config(),
        json!({"mounts": [{"destination": "x", "type": "tmpfs"}]}),
        "relative-path",
        E,
        "/mounts/0/destination",
    );
    let map = json!([{"containerID": 0, "hostID": 1000, "size": 1}]);
    case(
        config(),
        json!({"mounts": [{"destination": "/x", "type": "tmpfs", "uidMappings": map}]}),
        "idmap-without-bind",
        E,
        "/mounts/0",
    );
    case(
        config(),
        json!({"hooks": {"prestart": [{"path": "/bin/true"}]}}),
        "deprecated-prestart",
        I,
        "/hooks/prestart",
    );
    case(
        config(),
        json!({"hooks": {"poststart": [{"path": "/bin/true", "timeout": 0}]}}),
        "hook-timeout",
        E,
        "/hooks/poststart/0/timeout",
    );
    case(
        config(),
        json!({"hooks": {"poststart": [{"path": "true"}]}}),
        "relative-path",
        E,
        "/hooks/poststart/0/path",
    );
    case(
        config(),
        json!({"hooks": {"poststop": [{"path": "/x", "env": ["=x"]}]}}),
        "env-format",
        W,
        "/hooks/poststop/0/env/0",
    );
}

#[test]
fn namespace_rules() {
    let ns = |list: Value| json!({"linux": {"namespaces": list}});
    case(
        config(),
        json!({"hostname": "h", "linux": {"namespaces": [{"type": "mount"}]}}),
        "needs-uts-namespace",
        E,
        "/hostname",
    );
    case(
        config(),
        json!({"domainname": "d", "linux": {"namespaces": [{"type": "mount"}]}}),
        "needs-uts-namespace",
        E,
        "/domainname",
    );
    case(
        config(),
        json!({"linux": {"namespaces": null}}),
        "no-namespaces",
        I,
        "/linux",
    );
    case(
        config(),
        json!({"linux": {"namespaces": [{"type": "pid"}], "maskedPaths": ["/proc/kcore"]}}),
        "needs-mount-namespace",
        E,
        "/linux/maskedPaths",
    );
    case(
        config(),
        json!({"linux": {"readonlyPaths": ["proc/sys"]}}),
        "relative-path",
        E,
        "/linux/readonlyPaths/0",
    );
    case(
        config(),
        ns(json!([{"type": "pid"}, {"type": "pid"}])),
        "duplicate-namespace",
        E,
        "/linux/namespaces/1",
    );
    case(
        config(),
        ns(json!([{"type": "network", "path": "netns/x"}])),
        "relative-path",
        E,
        "/linux/namespaces/0/path",
    );
    let map = json!([{"containerID": 0, "hostID": 1000, "size": 65536}]);
    case(
        config(),
        json!({"linux": {"uidMappings": map}}),
        "mappings-without-userns",
        E,
        "/linux/uidMappings",
    );
    case(
        config(),
        json!({"linux": {"namespaces": [{"type": "user", "path": "/proc/1/ns/user"}], "uidMappings": map}}),
        "mappings-with-userns-path",
        E,
        "/linux/uidMappings",
    );
    case(
        config(),
        ns(json!([{"type": "user"}])),
        "userns-without-mappings",
        E,
        "/linux",
    );
    case(
        config(),
        json!({"linux": {"namespaces": [{"type": "user"}], "uidMappings": map}}),
        "userns-without-mappings",
        E,
        "/linux/gidMappings",
    );
    let many: Vec<Value> = (0..341)
        .map(|i| json!({"containerID": i, "hostID": 100_000 + i, "size": 1}))
        .collect();
    case(
        config(),
        json!({"linux": {"namespaces": [{"type": "user"}], "uidMappings": many, "gidMappings": map}}),
        "too-many-mappings",
        E,
        "/linux/uidMappings/0",
    );
    let zero = json!([{"containerID": 0, "hostID": 1000, "size": 0}]);
    case(
        config(),
        json!({"linux": {"namespaces": [{"type": "user"}], "uidMappings": map, "gidMappings": zero}}),
        "mapping-size",
        E,
        "/linux/gidMappings/0",
    );
    let overlap = json!([{"containerID": 0, "hostID": 1000, "size": 10}, {"containerID": 5, "hostID": 5000, "size": 10}]);
    case(
        config(),
        json!({"linux": {"namespaces": [{"type": "user"}], "uidMappings": overlap, "gidMappings": map}}),
        "mapping-overlap",
        E,
        "/linux/uidMappings/1",
    );
    let small = json!([{"containerID": 0, "hostID": 1000, "size": 1}]);
    case(
        config(),
        json!({"process": {"user": {"uid": 1000}}, "linux": {"namespaces": [{"type": "user"}], "uidMappings": small, "gidMappings": small}}),
        "unmapped-user",
        E,
        "/process/user/uid",
    );
    case(
        config(),
        json!({"process": {"user": {"additionalGids": [5]}}, "linux": {"namespaces": [{"type": "user"}], "uidMappings": small, "gidMappings": small}}),
        "unmapped-user",
        E,
        "/process/user/additionalGids/0",
    );
    case(
        config(),
        json!({"linux": {"timeOffsets": {"monotonic": {"secs": 1}}}}),
        "needs-time-namespace",
        E,
        "/linux/timeOffsets",
    );
    case(
        config(),
        json!({"linux": {"namespaces": [{"type": "mount"}], "sysctl": {"net.ipv4.ip_forward": "1"}}}),
        "sysctl",
        E,
        "/linux/sysctl/net.ipv4.ip_forward",
    );
}

#[test]
fn linux_rules() {
    // Accepted: net.* with a network namespace (and '/' separators), kernel.domainname with UTS.
    let r = validate(&{
        let mut d = config();
        merge(
            &mut d,
            &json!({"linux": {"sysctl": {"net/ipv4/ip_forward": "1", "kernel.domainname": "x", "fs.mqueue.msg_max": "10"}}}),
        );
        d.to_string()
    });
    assert!(r.diagnostics.is_empty(), "{}", r.render(""));
    case(
        config(),
        json!({"linux": {"sysctl": {"vm.swappiness": "1"}}}),
        "sysctl",
        E,
        "/linux/sysctl/vm.swappiness",
    );
    case(
        config(),
        json!({"linux": {"rootfsPropagation": "privat"}}),
        "rootfs-propagation",
        E,
        "/linux/rootfsPropagation",
    );
    let dev = json!({"type": "c", "path": "/dev/fuse", "major": 10, "minor": 229});
    case(
        config(),
        json!({"linux": {"devices": [dev, dev]}}),
        "duplicate-device",
        W,
        "/linux/devices/1/path",
    );
    case(
        config(),
        json!({"linux": {"devices": [{"type": "c", "path": "/dev/x"}]}}),
        "missing-field",
        E,
        "/linux/devices/0/major",
    );
    case(
        config(),
        json!({"linux": {"devices": [{"type": "c", "path": "/dev/x", "major": 1, "minor": 1, "fileMode": 8630}]}}),
        "file-mode",
        W,
        "/linux/devices/0/fileMode",
    );
    case(
        config(),
        json!({"linux": {"devices": [{"type": "c", "path": "dev/x", "major": 1, "minor": 1}]}}),
        "relative-path",
        E,
        "/linux/devices/0/path",
    );
    case(
        config(),
        json!({"linux": {"cgroupsPath": "system.slice:runc:demo"}}),
        "systemd-cgroups-path",
        I,
        "/linux/cgroupsPath",
    );
    case(
        config(),
        json!({"linux": {"intelRdt": {"closID": "a/b"}}}),
        "intel-rdt",
        E,
        "/linux/intelRdt/closID",
    );
    case(
        config(),
        json!({"linux": {"memoryPolicy": {"mode": "MPOL_BIND", "nodes": "x"}}}),
        "cpu-list",
        E,
        "/linux/memoryPolicy/nodes",
    );
    case(
        config(),
        json!({"linux": {"memoryPolicy": {"mode": "MPOL_BINDS"}}}),
        "unknown-value",
        E,
        "/linux/memoryPolicy/mode",
    );
}

#[test]
fn cgroup_rules() {
    let res = |r: Value| json!({"linux": {"resources": r}});
    case(
        config(),
        res(json!({"pids": {"limit": 0}})),
        "pids-limit",
        W,
        "/linux/resources/pids/limit",
    );
    case(
        config(),
        res(json!({"pids": {"limit": -5}})),
        "pids-limit",
        E,
        "/linux/resources/pids/limit",
    );
    case(
        config(),
        res(json!({"pids": {}})),
        "missing-field",
        E,
        "/linux/resources/pids/limit",
    );
    case(
        config(),
        res(json!({"devices": [{"allow": false, "access": "rwx"}]})),
        "device-access",
        E,
        "/linux/resources/devices/0/access",
    );
    case(
        config(),
        res(json!({"devices": [{"allow": true, "type": "p"}]})),
        "unknown-value",
        E,
        "/linux/resources/devices/0/type",
    );
    case(
        config(),
        res(json!({"blockIO": {"weight": 5}})),
        "blkio-weight",
        E,
        "/linux/resources/blockIO/weight",
    );
    case(
        config(),
        res(json!({"blockIO": {"weightDevice": [{"major": 8, "minor": 0}]}})),
        "blkio-weight",
        E,
        "/linux/resources/blockIO/weightDevice/0",
    );
    case(
        config(),
        res(json!({"hugepageLimits": [{"pageSize": "2M", "limit": 1}]})),
        "hugepage-size",
        E,
        "/linux/resources/hugepageLimits/0/pageSize",
    );
    case(
        config(),
        res(json!({"hugepageLimits": [{"pageSize": "2MB", "limit": -1}]})),
        "hugepage-limit",
        E,
        "/linux/resources/hugepageLimits/0/limit",
    );
    case(
        config(),
        res(json!({"unified": {"memory/high": "1"}})),
        "unified-key",
        E,
        "/linux/resources/unified/memory~1high",
    );
    let mem = |m: Value| res(json!({"memory": m}));
    case(
        config(),
        mem(json!({"limit": -2})),
        "memory-value",
        E,
        "/linux/resources/memory/limit",
    );
    case(
        config(),
        mem(json!({"limit": 0})),
        "memory-limit-zero",
        W,
        "/linux/resources/memory/limit",
    );
    case(
        config(),
        mem(json!({"limit": 4096})),
        "memory-limit-tiny",
        W,
        "/linux/resources/memory/limit",
    );
    case(
        config(),
        mem(json!({"limit": 100_000_000, "reservation": 200_000_000})),
        "reservation-above-limit",
        W,
        "/linux/resources/memory/reservation",
    );
    case(
        config(),
        mem(json!({"swap": 100_000_000})),
        "swap-without-limit",
        E,
        "/linux/resources/memory/swap",
    );
    case(
        config(),
        mem(json!({"limit": 100_000_000, "swap": 50_000_000})),
        "swap-below-limit",
        E,
        "/linux/resources/memory/swap",
    );
    case(
        config(),
        mem(json!({"swappiness": 101})),
        "swappiness",
        E,
        "/linux/resources/memory/swappiness",
    );
    case(
        config(),
        mem(json!({"kernel": -1})),
        "kernel-memory",
        W,
        "/linux/resources/memory/kernel",
    );
    let cpu = |c: Value| res(json!({"cpu": c}));
    case(
        config(),
        cpu(json!({"shares": 1})),
        "cpu-shares",
        W,
        "/linux/resources/cpu/shares",
    );
    case(
        config(),
        cpu(json!({"period": 2_000_000})),
        "cpu-period",
        E,
        "/linux/resources/cpu/period",
    );
    case(
        config(),
        cpu(json!({"quota": 999, "period": 100_000})),
        "cpu-quota",
        E,
        "/linux/resources/cpu/quota",
    );
    case(
        config(),
        cpu(json!({"quota": -2})),
        "cpu-quota",
        W,
        "/linux/resources/cpu/quota",
    );
    case(
        config(),
        cpu(json!({"quota": 50_000})),
        "quota-without-period",
        I,
        "/linux/resources/cpu/quota",
    );
    case(
        config(),
        cpu(json!({"quota": 50_000, "period": 100_000, "burst": 60_000})),
        "cpu-burst",
        E,
        "/linux/resources/cpu/burst",
    );
    case(
        config(),
        cpu(json!({"realtimeRuntime": 2000, "realtimePeriod": 1000})),
        "cpu-realtime",
        E,
        "/linux/resources/cpu/realtimeRuntime",
    );
    case(
        config(),
        cpu(json!({"cpus": "3-1"})),
        "cpu-list",
        E,
        "/linux/resources/cpu/cpus",
    );
    case(
        config(),
        cpu(json!({"idle": 2})),
        "cpu-idle",
        E,
        "/linux/resources/cpu/idle",
    );
}

#[test]
fn seccomp_rules() {
    let sc = |s: Value| json!({"linux": {"seccomp": s}});
    case(
        config(),
        sc(json!({"defaultAction": "SCMP_ACT_NOTIFY", "listenerPath": "/run/agent.sock"})),
        "seccomp-notify",
        E,
        "/linux/seccomp/defaultAction",
    );
    case(
        config(),
        sc(
            json!({"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["mount"], "action": "SCMP_ACT_NOTIFY"}]}),
        ),
        "seccomp-notify",
        E,
        "/linux/seccomp",
    );
    case(
        config(),
        sc(
            json!({"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": [], "action": "SCMP_ACT_ERRNO"}]}),
        ),
        "seccomp-names",
        E,
        "/linux/seccomp/syscalls/0/names",
    );
    case(
        config(),
        sc(
            json!({"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["mount"], "action": "SCMP_ACT_KILL", "errnoRet": 1}]}),
        ),
        "seccomp-errno",
        W,
        "/linux/seccomp/syscalls/0/errnoRet",
    );
    case(
        config(),
        sc(
            json!({"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["mount"], "action": "SCMP_ACT_ERRNO", "args": [{"index": 6, "value": 1, "op": "SCMP_CMP_EQ"}]}]}),
        ),
        "seccomp-arg-index",
        E,
        "/linux/seccomp/syscalls/0/args/0/index",
    );
    case(
        config(),
        sc(json!({"defaultAction": "SCMP_ACT_ALLOW", "architectures": ["SCMP_ARCH_AMD64"]})),
        "unknown-value",
        E,
        "/linux/seccomp/architectures/0",
    );
    case(
        config(),
        sc(json!({})),
        "missing-field",
        E,
        "/linux/seccomp/defaultAction",
    );
}

#[test]
fn manifest_rules() {
    case(
        manifest(),
        json!({"schemaVersion": 3}),
        "schema-version",
        E,
        "/schemaVersion",
    );
    case(
        manifest(),
        json!({"mediaType": null}),
        "media-type",
        W,
        "/mediaType",
    );
    case(
        manifest(),
        json!({"mediaType": MEDIA_TYPE_INDEX}),
        "media-type",
        E,
        "/mediaType",
    );
    case(
        manifest(),
        json!({"artifactType": "not a type"}),
        "media-type",
        E,
        "/artifactType",
    );
    case(
        manifest(),
        json!({"config": {"mediaType": MEDIA_TYPE_EMPTY, "size": 2, "digest": "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"}}),
        "artifact-type",
        E,
        "/artifactType",
    );
    case(
        manifest(),
        json!({"config": {"mediaType": "application/vnd.example.sbom+json"}}),
        "artifact",
        I,
        "/config/mediaType",
    );
    case(
        manifest(),
        json!({"config": {"mediaType": MEDIA_TYPE_DOCKER_CONFIG}}),
        "config-media-type",
        W,
        "/config/mediaType",
    );
    case(
        manifest(),
        json!({"layers": [{"mediaType": "application/x-tar", "digest": DIGEST_B, "size": 1}]}),
        "layer-media-type",
        W,
        "/layers/0/mediaType",
    );
    case(
        manifest(),
        json!({"layers": [{"mediaType": "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip", "digest": DIGEST_B, "size": 1}]}),
        "nondistributable-layer",
        W,
        "/layers/0/mediaType",
    );
    case(manifest(), json!({"layers": []}), "no-layers", W, "/layers");
    case(
        manifest(),
        json!({"config": {"digest": "sha256:abc"}}),
        "digest",
        E,
        "/config/digest",
    );
    case(
        manifest(),
        json!({"config": {"digest": "Sha256:abc"}}),
        "digest",
        E,
        "/config/digest",
    );
    case(
        manifest(),
        json!({"config": {"digest": "md5:5d41402abc4b2a76b9719d911017c592"}}),
        "digest-algorithm",
        W,
        "/config/digest",
    );
    case(
        manifest(),
        json!({"config": {"mediaType": MEDIA_TYPE_EMPTY, "size": 3}, "artifactType": "application/x.a"}),
        "empty-descriptor",
        E,
        "/config/size",
    );
    case(
        manifest(),
        json!({"config": {"mediaType": MEDIA_TYPE_EMPTY, "size": 2}, "artifactType": "application/x.a"}),
        "empty-descriptor",
        E,
        "/config/digest",
    );
    case(
        manifest(),
        json!({"config": {"urls": ["ftp://x"]}}),
        "url-scheme",
        W,
        "/config/urls/0",
    );
    case(
        manifest(),
        json!({"config": {"data": "e30"}}),
        "data-base64",
        E,
        "/config/data",
    );
    case(
        manifest(),
        json!({"config": {"data": "e30="}}),
        "data-size",
        E,
        "/config/data",
    );
    case(
        manifest(),
        json!({"config": {"size": -1}}),
        "out-of-range",
        E,
        "/config/size",
    );
    case(
        manifest(),
        json!({"config": null}),
        "missing-field",
        E,
        "/config",
    );
    case(
        manifest(),
        json!({"subject": {"mediaType": MEDIA_TYPE_MANIFEST, "digest": "sha256:x", "size": 1}}),
        "digest",
        E,
        "/subject/digest",
    );
    // Docker v2 manifests must say what they are.
    let mut docker = manifest();
    merge(
        &mut docker,
        &json!({"mediaType": MEDIA_TYPE_DOCKER_MANIFEST, "config": {"mediaType": MEDIA_TYPE_DOCKER_CONFIG}}),
    );
    let text = serde_json::to_string_pretty(&docker).unwrap();
    assert!(
        validate(&text).diagnostics.is_empty(),
        "{}",
        validate(&text).render("")
    );
    let r = validate_as(
        &serde_json::to_string(&{
            let mut d = docker.clone();
            d.as_object_mut().unwrap().remove("mediaType");
            d
        })
        .unwrap(),
        DocumentKind::DockerManifest,
    );
    assert!(
        r.diagnostics
            .iter()
            .any(|d| d.code == "media-type" && d.severity == E),
        "{}",
        r.render("")
    );
}

#[test]
fn index_rules() {
    let entry = |platform: Value| json!({"mediaType": MEDIA_TYPE_MANIFEST, "digest": DIGEST_A, "size": 1, "platform": platform});
    let amd64 = json!({"architecture": "amd64", "os": "linux"});
    case(
        index(),
        json!({"manifests": [entry(amd64.clone()), entry(amd64.clone())]}),
        "duplicate-platform",
        W,
        "/manifests/1/platform",
    );
    case(
        index(),
        json!({"manifests": [{"mediaType": MEDIA_TYPE_MANIFEST, "digest": DIGEST_A, "size": 1}]}),
        "missing-platform",
        W,
        "/manifests/0/platform",
    );
    case(
        index(),
        json!({"manifests": [{"mediaType": MEDIA_TYPE_MANIFEST, "digest": DIGEST_A, "size": 1}]}),
        "no-runnable-platform",
        I,
        "/manifests",
    );
    case(
        index(),
        json!({"manifests": [entry(json!({"architecture": "amd64", "os": "Linux"}))]}),
        "unknown-os",
        W,
        "/manifests/0/platform/os",
    );
    case(
        index(),
        json!({"manifests": [entry(json!({"architecture": "aarch64", "os": "linux"}))]}),
        "unknown-architecture",
        W,
        "/manifests/0/platform/architecture",
    );
    case(
        index(),
        json!({"manifests": [entry(json!({"architecture": "arm64", "os": "linux", "variant": "v7"}))]}),
        "unknown-variant",
        W,
        "/manifests/0/platform/variant",
    );
    case(
        index(),
        json!({"manifests": [entry(json!({"architecture": "s390x", "os": "linux", "variant": "z15"}))]}),
        "unknown-variant",
        W,
        "/manifests/0/platform/variant",
    );
    case(
        index(),
        json!({"manifests": [entry(json!({"os": "linux"}))]}),
        "missing-field",
        E,
        "/manifests/0/platform/architecture",
    );
    case(
        index(),
        json!({"manifests": [{"mediaType": "application/vnd.oci.image.layer.v1.tar", "digest": DIGEST_A, "size": 1, "platform": amd64}]}),
        "manifest-media-type",
        W,
        "/manifests/0/mediaType",
    );
    let attestation = |target: &str, platform: Value| {
        json!({"mediaType": MEDIA_TYPE_MANIFEST, "digest": DIGEST_B, "size": 1,
        "annotations": {"vnd.docker.reference.digest": target, "vnd.docker.reference.type": "attestation-manifest"}, "platform": platform})
    };
    let unknown = json!({"architecture": "unknown", "os": "unknown"});
    case(
        index(),
        json!({"manifests": [entry(amd64.clone()), attestation(DIGEST_A, unknown.clone())]}),
        "attestation-manifest",
        I,
        "/manifests/1",
    );
    case(
        index(),
        json!({"manifests": [entry(amd64.clone()), attestation("sha256:1111111111111111111111111111111111111111111111111111111111111111", unknown)]}),
        "attestation-target",
        W,
        "/manifests/1/annotations/vnd.docker.reference.digest",
    );
    case(
        index(),
        json!({"manifests": [entry(amd64.clone()), attestation(DIGEST_A, amd64.clone())]}),
        "attestation-platform",
        W,
        "/manifests/1/platform",
    );
    case(
        index(),
        json!({"mediaType": MEDIA_TYPE_DOCKER_LIST, "manifests": [entry(amd64)]}),
        "mixed-media-types",
        I,
        "/manifests/0/mediaType",
    );
}

#[test]
fn image_config_rules() {
    case(
        image_config(),
        json!({"rootfs": {"type": "layer"}}),
        "rootfs-type",
        E,
        "/rootfs/type",
    );
    case(
        image_config(),
        json!({"rootfs": {"diff_ids": [DIGEST_A, DIGEST_B]}}),
        "history-layers",
        W,
        "/history",
    );
    case(
        image_config(),
        json!({"rootfs": {"diff_ids": ["sha256:x"]}}),
        "digest",
        E,
        "/rootfs/diff_ids/0",
    );
    case(
        image_config(),
        json!({"created": "yesterday"}),
        "timestamp",
        W,
        "/created",
    );
    case(
        image_config(),
        json!({"config": {"Env": ["PATH"]}}),
        "env-format",
        W,
        "/config/Env/0",
    );
    case(
        image_config(),
        json!({"config": {"ExposedPorts": {"http": {}}}}),
        "exposed-port",
        W,
        "/config/ExposedPorts/http",
    );
    case(
        image_config(),
        json!({"config": {"ExposedPorts": {"80/tcp": 1}}}),
        "wrong-type",
        E,
        "/config/ExposedPorts/80~1tcp",
    );
    case(
        image_config(),
        json!({"os": "linuxx"}),
        "unknown-os",
        W,
        "/os",
    );
    case(
        image_config(),
        json!({"architecture": "x86_64"}),
        "unknown-architecture",
        W,
        "/architecture",
    );
    case(
        image_config(),
        json!({"rootfs": null}),
        "missing-field",
        E,
        "/rootfs",
    );
}

#[test]
fn reading_rules() {
    raw("{\"a\": 1,}", "syntax", E, 1, 9);
    raw(
        "{\"a\": 1, \"a\": 2, \"ociVersion\": \"1.2.0\"}",
        "duplicate-key",
        W,
        1,
        10,
    );
    raw("[1, 2]", "not-an-object", E, 1, 1);
    raw("{\"hello\": 1}", "unknown-kind", E, 1, 1);
    raw(
        "{\"schemaVersion\": 1, \"fsLayers\": []}",
        "docker-schema1",
        E,
        1,
        1,
    );
    raw(&"[".repeat(1000), "too-deep", E, 1, 101);
    raw(&" ".repeat(MAX_BYTES + 1), "too-large", E, 1, 1);
    let many = format!("[{}0]", "0,".repeat(MAX_VALUES as usize));
    assert!(many.len() < MAX_BYTES);
    raw(&many, "too-many-values", E, 1, 2_000_000);
    let r = validate_bytes(b"{\"a\":\n\"\xff\"}", None);
    assert_eq!(
        (
            r.diagnostics[0].code.as_ref(),
            r.diagnostics[0].line,
            r.diagnostics[0].column
        ),
        ("not-utf8", 2, 2)
    );
    let fields: String = (0..1000).map(|i| format!("\"x{i}\": 1,")).collect();
    let r = validate(&format!("{{{fields} \"ociVersion\": \"1.2.0\"}}"));
    assert_eq!(r.diagnostics.len(), MAX_DIAGNOSTICS + 1);
    assert_eq!(r.diagnostics.last().unwrap().code, "too-many-diagnostics");
    // A gap between the rules and oci-spec is reported, not hidden.
    let text = "{\"os\": \"linux\", \"architecture\": \"amd64\", \"rootfs\": {\"type\": \"layers\", \"diff_ids\": 5}}";
    let tree = crate::oci::json::Tree::parse(text).unwrap();
    let mut c = Checker::new(&tree);
    assert!(typed(&mut c, DocumentKind::ImageConfig).is_none());
    let d = c.finish();
    assert_eq!(
        (
            d[0].code.as_ref(),
            d[0].pointer.as_str(),
            d[0].line,
            d[0].column
        ),
        ("oci-spec", "/rootfs/diff_ids", 1, 83)
    );
    assert!(
        d[0].message.starts_with(
            "the oci-spec library cannot read this document: invalid type: integer `5`"
        ),
        "{}",
        d[0].message
    );
}

/// Every rule of [`RULES`] is exercised by a test above (by name here), and
/// every code pushed is in RULES (checked by `Checker::push` in debug builds).
#[test]
fn every_rule_is_tested() {
    let source = include_str!("tests.rs");
    let untested: BTreeSet<&str> = RULES
        .iter()
        .map(|(code, _)| *code)
        .filter(|code| !source.contains(&format!("\"{code}\"")))
        .collect();
    assert!(
        untested.is_empty(),
        "rules without a table test: {untested:?}"
    );
    let codes: BTreeSet<&str> = RULES.iter().map(|(c, _)| *c).collect();
    assert_eq!(codes.len(), RULES.len(), "a code is listed twice in RULES");
}

#[test]
fn messages_stay_on_one_line() {
    let r = validate("{\"ociVersion\": \"1.2\\n0\", \"a\\tb\": 1}");
    for d in &r.diagnostics {
        assert!(!d.message.contains(['\n', '\t']), "{d:?}");
    }
    assert!(
        r.diagnostics.iter().any(|d| d.message.contains("1.2\\n0")),
        "{}",
        r.render("")
    );
    let long = "x".repeat(5000);
    let r = validate(&format!("{{\"ociVersion\": \"{long}\"}}"));
    assert!(r
        .diagnostics
        .iter()
        .all(|d| d.message.chars().count() <= MAX_MESSAGE_CHARS + 1));
}

/// Inputs that make a finding per element stay linear: past MAX_PENDING
/// findings are only counted, and no rule compares elements pairwise.
#[test]
fn pathological_inputs_are_bounded() {
    let keys: String = (0..30_000).map(|i| format!("\"k{i}\": 0, ")).collect();
    let r = validate(&format!("{{{keys}\"ociVersion\": \"1.2.0\"}}"));
    assert_eq!(r.diagnostics.len(), MAX_DIAGNOSTICS + 1);
    assert!(r.has_errors());
    let last = r.diagnostics.last().unwrap();
    assert_eq!(last.code, "too-many-diagnostics");
    assert!(
        last.message
            .starts_with("29502 more diagnostics not shown (the limit"),
        "{}",
        last.message
    );
    // The errors (no root, no process) are kept ahead of the warnings.
    assert_eq!(r.diagnostics[0].code, "missing-root");
    assert_eq!(r.diagnostics[1].code, "missing-process");
    assert_eq!(last.severity, Severity::Info);

    let rl: String = (0..30_000)
        .map(|_| "{\"type\": \"RLIMIT_NOFILE\", \"soft\": 1, \"hard\": 1}, ")
        .collect();
    let mut doc = config();
    doc["process"]["rlimits"] = serde_json::from_str(&format!(
        "[{rl}{{\"type\": \"RLIMIT_CORE\", \"soft\": 1, \"hard\": 1}}]"
    ))
    .unwrap();
    let r = validate(&doc.to_string());
    assert_eq!(r.diagnostics.len(), MAX_DIAGNOSTICS + 1);
    assert!(
        r.diagnostics[0].message.contains("(first on line 1)"),
        "{}",
        r.diagnostics[0].message
    );
    // Every duplicate is an error: the summary line says some were not shown.
    let last = r.diagnostics.last().unwrap();
    assert_eq!(last.severity, Severity::Error);
    assert!(
        last.message
            .starts_with("29499 more diagnostics not shown, 29499 of them errors"),
        "{}",
        last.message
    );

    let maps: Vec<Value> = (0..5_000)
        .map(|i| json!({"containerID": i, "hostID": i, "size": 1}))
        .collect();
    let mut doc = config();
    merge(
        &mut doc,
        &json!({"linux": {"namespaces": [{"type": "user"}], "uidMappings": maps.clone(), "gidMappings": maps}}),
    );
    let r = validate(&doc.to_string());
    assert_eq!(
        r.diagnostics
            .iter()
            .filter(|d| d.code == "too-many-mappings")
            .count(),
        2,
        "{}",
        r.render("")
    );
}
