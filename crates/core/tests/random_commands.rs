//! Property tests: random command sequences on random configurations never
//! panic, every hop runs along an edge of the topology, the world's invariants
//! hold after every command (a running container has a live task with a pid,
//! ids and pids are unique), refused command lines leave the world as it was,
//! and the same seed gives the same trace.

use atlas_core::config::{Config, K8sVersion, Oci, Runtime};
use atlas_core::sim::Sim;
use proptest::prelude::*;

const NAMES: [&str; 3] = ["web", "db", "job"];
const IMAGES: [&str; 4] = ["nginx", "busybox", "nginx:1.25", "polinux/stress"];

fn config() -> impl Strategy<Value = Config> {
    prop_oneof![
        Just((28, Runtime::Containerd17, Oci::Runc)),
        Just((30, Runtime::Containerd2, Oci::Runc)),
        Just((28, Runtime::Containerd17, Oci::Crun)),
        Just((28, Runtime::CriO, Oci::Runc)),
        Just((31, Runtime::CriO, Oci::Crun)),
        Just((22, Runtime::Dockershim, Oci::Runc)),
        Just((28, Runtime::CriDockerd, Oci::Runc)),
        Just((23, Runtime::Containerd17, Oci::Runc)),
        Just((28, Runtime::Containerd17, Oci::Kata)),
        Just((31, Runtime::Containerd2, Oci::Kata)),
        Just((31, Runtime::CriO, Oci::Kata)),
        Just((28, Runtime::Containerd17, Oci::Gvisor)),
        Just((30, Runtime::Containerd2, Oci::Gvisor)),
        Just((28, Runtime::CriO, Oci::Gvisor)),
        Just((28, Runtime::Podman, Oci::Crun)),
        Just((28, Runtime::Podman, Oci::Runc)),
    ]
    .prop_map(|(k, runtime, oci)| Config {
        k8s: K8sVersion(k),
        runtime,
        oci,
    })
}

/// One command line from a vocabulary that makes operations collide on a few names.
fn line() -> impl Strategy<Value = String> {
    let n = prop::sample::select(NAMES.to_vec());
    let img = prop::sample::select(IMAGES.to_vec());
    (0usize..68, n, img, 1u64..120).prop_map(|(k, n, img, secs)| {
        match k {
            0 => format!("kubectl run {n} --image={img}"),
            1 => format!("kubectl run {n} --image=busybox -- sh -c 'exit 1'"),
            2 => format!("kubectl run {n} --image=busybox --restart=Never -- sleep 5"),
            3 => format!("kubectl run {n} --image=polinux/stress --limits=memory=100Mi -- stress --vm 1 --vm-bytes 250M"),
            4 => format!("kubectl delete pod {n}"),
            5 => format!("kubectl delete pod {n} --grace-period=0 --force"),
            6 => "kubectl get pods -o wide".to_string(),
            7 => format!("kubectl describe pod {n}"),
            8 => format!("kubectl logs {n}"),
            9 => format!("kubectl exec {n} -- hostname"),
            10 => "crictl pods".to_string(),
            11 => "crictl ps -a".to_string(),
            12 => format!("crictl pull {img}"),
            13 => "POD=$(crictl runp pod-config.json)".to_string(),
            14 => "CTR=$(crictl create $POD container-config.json pod-config.json)".to_string(),
            15 => "crictl start $CTR".to_string(),
            16 => "crictl stop $CTR".to_string(),
            17 => "crictl rm $CTR".to_string(),
            18 => "crictl stopp $POD".to_string(),
            19 => "crictl rmp $POD".to_string(),
            20 => format!("ctr run -d docker.io/library/nginx:latest {n}"),
            21 => format!("ctr tasks kill {n}"),
            22 => format!("ctr tasks rm -f {n}"),
            23 => format!("ctr containers rm {n}"),
            24 => format!("nerdctl run -d --name {n} -p 8080:80 nginx"),
            25 => format!("nerdctl stop {n}"),
            26 => format!("nerdctl rm -f {n}"),
            27 => format!("docker run -d --name {n} {img}"),
            28 => format!("docker stop {n}"),
            29 => format!("docker rm -f {n}"),
            30 => "docker ps -a".to_string(),
            31 => "docker run --rm busybox echo hi".to_string(),
            32 => "runc spec".to_string(),
            33 => format!("runc run {n}"),
            34 => format!("runc create --console-socket /tmp/c.sock {n}"),
            35 => format!("runc start {n}"),
            36 => format!("runc kill {n} KILL"),
            37 => format!("runc delete --force {n}"),
            38 => format!("runc state {n}"),
            39 => "runc list".to_string(),
            40 => "systemctl restart containerd".to_string(),
            41 => "systemctl stop containerd".to_string(),
            42 => "systemctl start containerd".to_string(),
            43 => format!("sleep {secs}"),
            44 => "kubectl frobnicate pods".to_string(),
            45 => format!("docker exec {n} hostname"),
            46 => format!("nerdctl exec {n} ls /"),
            47 => format!("podman run -d --name {n} {img}"),
            48 => format!("podman run -d --name {n} -p 8080:80 nginx"),
            49 => "podman run --rm busybox echo hi".to_string(),
            50 => "podman ps -a".to_string(),
            51 => "podman images".to_string(),
            52 => format!("podman stop {n}"),
            53 => format!("podman rm -f {n}"),
            54 => format!("podman rm {n}"),
            55 => format!("podman logs {n}"),
            56 => format!("podman exec {n} hostname"),
            57 => format!("podman inspect {n}"),
            58 => format!("podman pull {img}"),
            59 => "podman pod create --name pod1".to_string(),
            60 => format!("podman run -d --pod pod1 --name {n} nginx"),
            61 => "podman pod ps".to_string(),
            62 => format!("sudo -u alice podman run -d --name {n} nginx"),
            63 => format!("sudo -u alice podman stop {n}"),
            64 => "podman --bogus ps".to_string(),
            65 => format!("docker run -d --name {n} --runtime=runsc {img}"),
            66 => format!("docker run -d --runtime=foo {img}"),
            _ => format!("crictl --bogus stopp {n}"),
        }
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn random_sequences_keep_the_model_consistent(
        cfg in config(),
        seed in 0u64..1000,
        lines in prop::collection::vec(line(), 1..24),
    ) {
        let mut sim = Sim::new(cfg, seed);
        let topo = sim.world().topology().clone();
        let mut next_seq = 1u32;
        for l in &lines {
            let before = sim.world().states();
            let step = sim.run_line(l).clone();
            for h in &step.hops {
                prop_assert!(
                    topo.has_edge(h.from, h.to, h.iface),
                    "{cfg:?} after `{l}`: {} -> {} [{}] {} is off the topology",
                    h.from, h.to, h.iface, h.call
                );
                prop_assert_eq!(h.seq, next_seq);
                next_seq += 1;
            }
            let bad = sim.world().invariant_violations();
            prop_assert!(bad.is_empty(), "{cfg:?} after `{l}`: {bad:?}");
            // A line the grammar refuses changes nothing.
            if step.record.exit != 0 && step.hops.is_empty() && !l.starts_with("sleep") {
                prop_assert_eq!(&before, &sim.world().states(), "refused `{}` changed the world", l);
            }
        }
        // Same seed, same lines: the same trace, byte for byte.
        let mut again = Sim::new(cfg, seed);
        for l in &lines {
            again.run_line(l);
        }
        prop_assert_eq!(sim.to_jsonl("p"), again.to_jsonl("p"));
    }
}
