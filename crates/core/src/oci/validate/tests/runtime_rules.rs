//! Table tests of the runtime config's rules: shapes, process, mounts and
//! hooks, namespaces, linux, cgroups, seccomp.

use super::*;

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
    assert!(
        r.diagnostics.is_empty(),
        "{}",
        r.render("", &crate::message::Catalog::english())
    );
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
    assert!(
        r.diagnostics.is_empty(),
        "{}",
        r.render("", &crate::message::Catalog::english())
    );
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
