//! SIGKILL at every create step, then `delete --force` leaves nothing.

use super::*;

fn create_steps(bundle: &Path) -> Vec<usize> {
    let text = std::fs::read_to_string(bundle.join("config.json")).unwrap_or_default();
    let spec = oci::parse_config(&text, oci::OciRuntime::Runc).expect("spec");
    let v = atlas_native::cgroup::Layout::detect().version();
    let plan = Plan::with_options(
        &spec,
        atlas_native::init::plan_options(v == oci::CgroupVersion::V1, false),
    )
    .expect("plan");
    (0..plan.steps().len())
        .filter(|i| plan.steps()[*i].phase == Phase::Create)
        .collect()
}

fn describe_step(bundle: &Path, i: usize) -> String {
    let text = std::fs::read_to_string(bundle.join("config.json")).unwrap_or_default();
    let Ok(spec) = oci::parse_config(&text, oci::OciRuntime::Runc) else {
        return "?".into();
    };
    let v = atlas_native::cgroup::Layout::detect().version();
    let Ok(plan) = Plan::with_options(
        &spec,
        atlas_native::init::plan_options(v == oci::CgroupVersion::V1, false),
    ) else {
        return "?".into();
    };
    plan.steps()
        .get(i)
        .map(|s| format!("{:?} by {:?}", s.op, s.actor))
        .unwrap_or_default()
}

#[test]
fn sigkill_at_any_step_then_delete_force_leaves_nothing() {
    let _g = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    if !can_run("sigkill clean-up") {
        return;
    }
    let lab = Lab::new("crash");
    let b = lab.bundle("b", &["sleep", "1000"], |_| {});
    let steps = create_steps(&b);
    assert!(steps.len() > 40, "the default plan has many create steps");
    for i in steps {
        let id = format!("crash-{}-{i}", std::process::id());
        let o = lab.rt_env(
            &["create", "--bundle", b.to_str().unwrap_or(""), &id],
            &[("_ATLAS_KILL_AT_STEP", i.to_string())],
        );
        use std::os::unix::process::ExitStatusExt;
        assert_eq!(
            o.status.signal(),
            Some(9),
            "step {i} ({}): the runtime was not killed; it ended with {:?}, stderr: {}",
            describe_step(&b, i),
            o.status,
            text(&o.stderr)
        );
        let o = lab.rt(&["delete", "--force", &id]);
        assert!(
            o.status.success(),
            "step {i}: delete --force: {}",
            text(&o.stderr)
        );
        assert_clean(&lab, &id, &b);
    }
}
