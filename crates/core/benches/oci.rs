//! Parse + plan of the default `runc spec` config, beside a bare
//! `serde_json::from_str::<Value>` of the same text (issue 3's comparison).
//! Run with `cargo xtask bench` (or `cargo bench -p atlas-core --bench oci`).

use atlas_core::oci::plan::{parse_config, OciRuntime, Plan};
use atlas_core::oci::spec::RUNC_DEFAULT_JSON;
use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("default-config");
    g.throughput(Throughput::Elements(1));
    g.bench_function("serde_json::Value", |b| {
        b.iter(|| serde_json::from_str::<serde_json::Value>(black_box(RUNC_DEFAULT_JSON)))
    });
    g.bench_function("parse+plan (runc)", |b| {
        b.iter(|| {
            let spec = parse_config(black_box(RUNC_DEFAULT_JSON), OciRuntime::Runc).ok()?;
            let n = Plan::from_spec(&spec).ok()?.steps().len();
            Some(n)
        })
    });
    let spec = atlas_core::oci::spec::runc_default();
    g.bench_function("plan only (runc)", |b| {
        b.iter(|| Plan::from_spec(black_box(&spec)).map(|p| p.steps().len()))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
