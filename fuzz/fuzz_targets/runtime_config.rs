//! Any bytes as a runtime `config.json`: validation, then, when it yields a
//! spec, the runc and crun plans and their hops for every phase.
#![no_main]

mod common;

use atlas_core::oci::validate::{Document, DocumentKind};
use atlas_core::oci::{HopContext, OciRuntime, Phase, Plan, PlanOptions};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let report = common::check(data, DocumentKind::RuntimeConfig);
    if let Some(Document::RuntimeConfig(spec)) = &report.document {
        for runtime in [OciRuntime::Runc, OciRuntime::Crun] {
            let options = PlanOptions {
                runtime,
                ..PlanOptions::default()
            };
            if let Ok(plan) = Plan::with_options(spec, options) {
                let ctx = HopContext::new(&plan, "fuzz", "/bundle");
                for phase in Phase::ALL {
                    let _ = plan.hops(phase, &ctx);
                }
            }
        }
    }
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = atlas_core::oci::plan::parse_config(text, OciRuntime::Runc);
    }
});
