use super::image::*;
use super::linux::*;
use super::runtime::*;
use serde::de::DeserializeOwned;

fn reads<T: DeserializeOwned>(value: &str) -> bool {
    serde_json::from_str::<T>(&format!("\"{value}\"")).is_ok()
}

/// Every value the schema accepts is one oci-spec reads, except the
/// spec's scheduler flag names, which oci-spec 0.10 spells differently.
#[test]
fn closed_sets_match_oci_spec() {
    use oci_spec::runtime::*;
    for v in NAMESPACE_TYPES.values {
        assert!(reads::<LinuxNamespaceType>(v), "{v}");
    }
    for v in RLIMIT_TYPES.values {
        assert!(reads::<PosixRlimitType>(v), "{v}");
    }
    for v in IOPRIO_CLASSES.values {
        assert!(reads::<IOPriorityClass>(v), "{v}");
    }
    for v in SCHED_POLICIES.values {
        assert!(reads::<LinuxSchedulerPolicy>(v), "{v}");
    }
    for v in DEVICE_TYPES.values.iter().chain(DEVICE_CGROUP_TYPES.values) {
        assert!(reads::<LinuxDeviceType>(v), "{v}");
    }
    for v in SECCOMP_ACTIONS.values {
        assert!(reads::<LinuxSeccompAction>(v), "{v}");
    }
    for v in SECCOMP_ARCHES.values {
        assert!(reads::<Arch>(v), "{v}");
    }
    for v in SECCOMP_FLAGS.values {
        assert!(reads::<LinuxSeccompFilterFlag>(v), "{v}");
    }
    for v in SECCOMP_OPERATORS.values {
        assert!(reads::<LinuxSeccompOperator>(v), "{v}");
    }
    for v in PERSONALITY_DOMAINS.values {
        assert!(reads::<LinuxPersonalityDomain>(v), "{v}");
    }
    for v in MEMORY_POLICY_MODES.values {
        assert!(reads::<MemoryPolicyModeType>(v), "{v}");
    }
    for v in MEMORY_POLICY_FLAGS.values {
        assert!(reads::<MemoryPolicyFlagType>(v), "{v}");
    }
    // oci-spec 0.10 spells these two SCHED_RESET_ON_FORK and
    // SCHED_FLAG_D_L_OVERRUN; the rules drop them before its read.
    let unread: Vec<&str> = SCHED_FLAGS
        .values
        .iter()
        .copied()
        .filter(|v| !reads::<LinuxSchedulerFlag>(v))
        .collect();
    assert_eq!(
        unread,
        super::super::runtime_spec::SCHED_FLAGS_OCI_SPEC_CANNOT_READ
    );
}

#[test]
fn objects_have_at_most_64_fields() {
    for obj in [&CONFIG, &LINUX, &PROCESS, &EXECUTION_CONFIG, &IMAGE_CONFIG] {
        assert!(obj.fields.len() <= 64, "{}", obj.what);
    }
}
