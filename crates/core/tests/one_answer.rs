//! One answer per question: what a person sees refused at the node's shell
//! (`crictl start`, `crun start`) is what the state panel's table
//! (`lifecycle::verbs`) says the same component answers, in its own words.

use atlas_core::lifecycle::verbs::Machine;
use atlas_core::sim::Sim;
use atlas_core::{Config, K8sVersion, Oci, Runtime};

fn last_stderr(sim: &Sim) -> String {
    sim.steps()
        .last()
        .map(|s| s.record.stderr.clone())
        .unwrap_or_default()
}

#[test]
fn cri_o_refuses_a_second_start_as_the_panel_says() {
    let config = Config {
        k8s: K8sVersion(31),
        runtime: Runtime::CriO,
        oci: Oci::Crun,
    };
    let mut sim = Sim::new(config, atlas_core::sim::DEFAULT_SEED);
    sim.run_script(
        "POD=$(crictl runp pod-config.json)\ncrictl pull busybox\n\
         CTR=$(crictl create $POD container-config.json pod-config.json)\n\
         crictl start $CTR\ncrictl start $CTR\n",
    )
    .expect("runs");
    // `crictl start` prints the id it started.
    let ctr = sim.steps()[3].record.stdout.trim().to_string();
    assert_eq!(ctr.len(), 64, "{ctr:?}");
    let said = Machine::CriContainer
        .try_verb(&config, "CONTAINER_RUNNING", "StartContainer", &ctr, None)
        .and_then(Result::err)
        .expect("the panel refuses")
        .message;
    assert_eq!(
        said,
        format!("container {ctr} is not in created state: running")
    );
    let shell = last_stderr(&sim);
    assert!(
        shell.contains(&said),
        "the shell said {shell:?}, the panel {said:?}"
    );
}

#[test]
fn crun_refuses_a_second_start_as_the_panel_says() {
    let config = Config {
        oci: Oci::Crun,
        ..Config::default()
    };
    let mut sim = Sim::new(config, atlas_core::sim::DEFAULT_SEED);
    sim.run_script("crun spec\ncrun run -d web\ncrun start web\n")
        .expect("runs");
    let said = Machine::OciContainer
        .try_verb(&config, "running", "start", "web", Some("/run/crun"))
        .and_then(Result::err)
        .expect("the panel refuses")
        .message;
    let shell = last_stderr(&sim);
    assert!(
        shell.contains(&said),
        "the shell said {shell:?}, the panel {said:?}"
    );
}
