//! Engine throughput: hops per second on a 1,000-pod scenario (issue 2's
//! target: ≥ 1,000,000 hops/s natively), and what keeping the immutable
//! history (one world snapshot per command) costs on top.
//!
//! `cargo xtask bench` or `cargo bench -p atlas-core --bench engine`.

use atlas_core::config::Config;
use atlas_core::sim::Sim;
use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use std::hint::black_box;

/// 1,000 pods, then a look at them: the kubelet, CRI, shims and runc for each.
fn thousand_pods() -> String {
    let mut s = String::new();
    for i in 0..1000 {
        s.push_str(&format!("kubectl run pod-{i} --image=nginx\n"));
    }
    s.push_str("kubectl get pods\n");
    s
}

fn hops_of(script: &str, history: bool) -> usize {
    let mut sim = Sim::new(Config::default(), 1);
    if history {
        sim = sim.with_history();
    }
    sim.run_script(script).expect("script");
    sim.steps().iter().map(|s| s.hops.len()).sum()
}

fn engine(c: &mut Criterion) {
    let script = thousand_pods();
    let hops = hops_of(&script, false);
    eprintln!("1,000-pod scenario: {hops} hops per run");
    let mut g = c.benchmark_group("engine");
    g.sample_size(10);
    g.throughput(Throughput::Elements(hops as u64));
    g.bench_function("1000_pods", |b| {
        b.iter_batched(
            || Sim::new(Config::default(), 1),
            |mut sim| {
                sim.run_script(black_box(&script)).expect("script");
                sim
            },
            BatchSize::LargeInput,
        )
    });
    g.bench_function("1000_pods_with_history", |b| {
        b.iter_batched(
            || Sim::new(Config::default(), 1).with_history(),
            |mut sim| {
                sim.run_script(black_box(&script)).expect("script");
                sim
            },
            BatchSize::LargeInput,
        )
    });
    g.finish();
}

criterion_group!(benches, engine);
criterion_main!(benches);
