//! The OCI pipeline on the default `runc spec` config, in one run beside a
//! bare `serde_json::from_str::<Value>` of the same text (issue 3's
//! comparison): parse + validate + plan must reach 50,000 configs/s and stay
//! within 3× of the bare parse.
//!
//! Run with `cargo xtask bench` (or `cargo bench -p atlas-core --bench oci`).
//! After criterion's groups, a summary times both pipelines over the same
//! number of iterations and prints configs/s and the ratio.

use atlas_core::oci::plan::{parse_config, OciRuntime, Plan};
use atlas_core::oci::samples::sample;
use atlas_core::oci::spec::RUNC_DEFAULT_JSON;
use atlas_core::oci::validate::{validate, Document};
use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use std::time::{Duration, Instant};

/// The full pipeline: validate (span reader, schema, rules, oci-spec read),
/// then plan runc's steps. Returns the number of steps.
fn pipeline(text: &str) -> usize {
    let report = validate(text);
    match &report.document {
        Some(Document::RuntimeConfig(spec)) => Plan::from_spec(spec).map_or(0, |p| p.steps().len()),
        _ => 0,
    }
}

fn bare(text: &str) -> bool {
    serde_json::from_str::<serde_json::Value>(text).is_ok()
}

fn bench(c: &mut Criterion) {
    assert!(
        pipeline(RUNC_DEFAULT_JSON) > 50,
        "the default config must plan"
    );
    let mut g = c.benchmark_group("default-config");
    g.throughput(Throughput::Elements(1));
    g.bench_function("serde_json::Value", |b| {
        b.iter(|| bare(black_box(RUNC_DEFAULT_JSON)))
    });
    g.bench_function("parse+validate+plan (runc)", |b| {
        b.iter(|| pipeline(black_box(RUNC_DEFAULT_JSON)))
    });
    g.bench_function("validate only", |b| {
        b.iter(|| validate(black_box(RUNC_DEFAULT_JSON)).diagnostics.len())
    });
    g.bench_function("parse+plan (runc, no validation)", |b| {
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

    let mut g = c.benchmark_group("samples");
    for name in ["k8s-pod-container", "image-index", "image-manifest"] {
        let text = sample(name).map_or("", |s| s.text());
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_function(format!("validate {name}"), |b| {
            b.iter(|| validate(black_box(text)).diagnostics.len())
        });
    }
    g.finish();
}

/// Seconds per call of the fastest of `rounds` rounds of `n` calls.
fn round(n: u32, f: &impl Fn() -> bool) -> f64 {
    let t = Instant::now();
    for _ in 0..n {
        black_box(f());
    }
    t.elapsed().as_secs_f64() / f64::from(n)
}

fn summary(_: &mut Criterion) {
    let bare_fn = || bare(black_box(RUNC_DEFAULT_JSON));
    let full_fn = || pipeline(black_box(RUNC_DEFAULT_JSON)) > 0;
    // Rounds alternate, so that both pipelines meet the same machine; the
    // best round of each is kept (the least disturbed by other work).
    let (mut bare_best, mut full_best) = (f64::MAX, f64::MAX);
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(6) {
        bare_best = bare_best.min(round(1000, &bare_fn));
        full_best = full_best.min(round(1000, &full_fn));
    }
    let (bare_rate, full_rate) = (1.0 / bare_best, 1.0 / full_best);
    let ratio = bare_rate / full_rate;
    let verdict = |ok: bool| if ok { "ok" } else { "MISSED" };
    println!(
        "\nsummary (default runc config, {} bytes; best of alternating rounds):\n  \
         serde_json::Value          {:>9.0} configs/s\n  \
         parse+validate+plan (runc) {:>9.0} configs/s   target >= 50000: {}\n  \
         ratio                      {:>9.2}x            target <= 3x: {}",
        RUNC_DEFAULT_JSON.len(),
        bare_rate,
        full_rate,
        verdict(full_rate >= 50_000.0),
        ratio,
        verdict(ratio <= 3.0)
    );
}

criterion_group!(benches, bench, summary);
criterion_main!(benches);
