//! What the OCI inspector shows for one document, in one value that crosses a
//! module boundary as JSON: the validator's findings and, for a runtime config
//! without errors, the plan of runc and of crun as commands and their hops.
//!
//! The browser app does not link the validator: it loads a second wasm module
//! (`atlas-inspector`) when the inspector opens, which calls [`inspect`] and
//! hands back [`Inspection::to_json`]; the app reads it with
//! [`Inspection::from_json`]. The command line and native tests call
//! [`inspect`] directly. Same input, same value, either way.
//!
//! ```
//! use atlas_core::oci::inspection::{inspect, Inspection};
//! use atlas_core::oci::{spec, OciRuntime};
//!
//! let i = inspect(spec::RUNC_DEFAULT_JSON);
//! assert!(i.diagnostics.iter().all(|d| d.severity != atlas_core::oci::validate::Severity::Error));
//! let runc = i.plan(OciRuntime::Runc).unwrap().as_ref().unwrap();
//! assert_eq!(runc[0].command, "runc create demo");
//! assert_eq!(Inspection::from_json(&i.to_json()).unwrap(), i);
//! ```

use super::validate::{self, Diagnostic, DocumentKind, Report, Severity};
use super::{HopContext, OciRuntime, Phase, Plan};
use crate::message::{Catalog, Msg};
use crate::msg;
use crate::trace::Hop;
use oci_spec::runtime::Spec;
use serde::{Deserialize, Serialize};

/// Container id of an inspected config's plan.
pub const PLAN_ID: &str = "demo";
/// Bundle directory of an inspected config's plan.
pub const PLAN_BUNDLE: &str = "/run/atlas/demo";

/// The runtimes an inspected config is planned for.
pub const PLANNED: [OciRuntime; 2] = [OciRuntime::Runc, OciRuntime::Crun];

/// One inspected document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Inspection {
    /// What the document is, when that could be told.
    pub kind: Option<DocumentKind>,
    /// Every finding, in text order.
    pub diagnostics: Vec<Diagnostic>,
    /// For a runtime config read without errors: its plan for each of
    /// [`PLANNED`], or why the runtime refuses it; empty otherwise.
    pub plans: Vec<RuntimePlan>,
}

/// A config's plan for one runtime.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RuntimePlan {
    /// Whose plan.
    pub runtime: OciRuntime,
    /// `create`, `start` and `delete`, or the runtime's refusal.
    pub steps: Result<Vec<PlanStep>, String>,
}

/// One command of a plan and the hops it causes, numbered from 1 across the plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanStep {
    /// `runc create demo`, …
    pub command: String,
    /// What it does, hop by hop.
    pub hops: Vec<Hop>,
}

/// Why JSON handed back by the inspector module could not be read.
#[derive(Debug)]
pub struct WireError(serde_json::Error);

impl From<serde_json::Error> for WireError {
    fn from(e: serde_json::Error) -> WireError {
        WireError(e)
    }
}

impl WireError {
    /// What went wrong, as a message (`oci-wire-error`; the reason is
    /// serde's, in English).
    pub fn message(&self) -> Msg {
        msg!("oci-wire-error", reason = self.0.to_string())
    }
}

impl std::fmt::Display for WireError {
    /// The English text of [`WireError::message`].
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&Catalog::english().render(&self.message()))
    }
}

impl std::error::Error for WireError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.0)
    }
}

/// Inspects any text (see [`validate::validate`]).
pub fn inspect(text: &str) -> Inspection {
    Inspection::from(validate::validate(text))
}

/// Inspects a file's bytes (see [`validate::validate_bytes`]).
pub fn inspect_bytes(bytes: &[u8]) -> Inspection {
    Inspection::from(validate::validate_bytes(bytes, None))
}

/// The refusal of a file of `len` bytes, over [`validate::MAX_BYTES`], without reading it.
pub fn too_large(len: u64) -> Inspection {
    Inspection::from(validate::too_large(len, None))
}

/// The hops runc (or crun) takes for a config across `create`, `start` and
/// `delete`, one command per phase, numbered from 1; the runtime's refusal
/// when it refuses the config.
pub fn plan_steps(spec: &Spec, runtime: OciRuntime) -> Result<Vec<PlanStep>, String> {
    let plan = Plan::for_runtime(spec, runtime).map_err(|e| e.to_string())?;
    let ctx = HopContext::new(&plan, PLAN_ID, PLAN_BUNDLE);
    let mut seq = 0u32;
    Ok(Phase::ALL
        .into_iter()
        .map(|phase| {
            let mut hops = plan.hops(phase, &ctx);
            for h in &mut hops {
                seq += 1;
                h.seq = seq;
            }
            crate::calls::nest(&mut hops);
            PlanStep {
                command: format!("{} {} {PLAN_ID}", runtime.id(), phase.id()),
                hops,
            }
        })
        .collect())
}

impl From<Report> for Inspection {
    fn from(r: Report) -> Inspection {
        let spec = r.document.as_ref().and_then(|d| d.spec());
        Inspection {
            kind: r.kind,
            plans: spec
                .map(|s| {
                    PLANNED
                        .into_iter()
                        .map(|runtime| RuntimePlan {
                            runtime,
                            steps: plan_steps(s, runtime),
                        })
                        .collect()
                })
                .unwrap_or_default(),
            diagnostics: r.diagnostics,
        }
    }
}

impl Inspection {
    /// The plan for one runtime: `None` when the document is not a runtime
    /// config without errors, or the runtime has no plan.
    pub fn plan(&self, runtime: OciRuntime) -> Option<&Result<Vec<PlanStep>, String>> {
        self.plans
            .iter()
            .find(|p| p.runtime == runtime)
            .map(|p| &p.steps)
    }

    /// Whether the document was read as a runtime config (without errors):
    /// only those have plans.
    pub fn is_runtime_config(&self) -> bool {
        !self.plans.is_empty()
    }

    /// How many diagnostics have this severity.
    pub fn count(&self, severity: Severity) -> usize {
        validate::count(&self.diagnostics, severity)
    }

    /// As JSON, for the module boundary.
    pub fn to_json(&self) -> String {
        // Plain data with string keys: serialising cannot fail.
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Reads [`Inspection::to_json`]'s output.
    pub fn from_json(text: &str) -> Result<Inspection, WireError> {
        Ok(serde_json::from_str(text)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::oci::samples::{BROKEN, SAMPLES};

    /// Every shipped document, good or broken, survives the trip through JSON
    /// unchanged, plans and diagnostics included.
    #[test]
    fn every_sample_round_trips_through_json() {
        let texts = SAMPLES
            .iter()
            .map(|s| s.text())
            .chain(BROKEN.iter().map(|b| b.text()));
        for text in texts {
            let i = inspect(text);
            assert_eq!(Inspection::from_json(&i.to_json()).unwrap(), i);
        }
    }

    #[test]
    fn a_runtime_config_is_planned_for_runc_and_crun() {
        let i = inspect(crate::oci::spec::RUNC_DEFAULT_JSON);
        assert!(i.is_runtime_config());
        assert_eq!(i.kind, Some(DocumentKind::RuntimeConfig));
        for runtime in PLANNED {
            let steps = i.plan(runtime).unwrap().as_ref().unwrap();
            let commands: Vec<&str> = steps.iter().map(|s| s.command.as_str()).collect();
            let id = runtime.id();
            assert_eq!(
                commands,
                [
                    format!("{id} create demo"),
                    format!("{id} start demo"),
                    format!("{id} delete demo")
                ]
            );
            let seqs: Vec<u32> = steps.iter().flat_map(|s| &s.hops).map(|h| h.seq).collect();
            assert_eq!(seqs, (1..=seqs.len() as u32).collect::<Vec<_>>());
        }
    }

    #[test]
    fn other_documents_have_no_plan_and_faults_keep_their_place() {
        let i = inspect(
            crate::oci::samples::sample("image-manifest")
                .unwrap()
                .text(),
        );
        assert!(!i.is_runtime_config() && i.plans.is_empty());
        let i = inspect("{\n  \"ociVersion\": 1\n}");
        assert!(i.plans.is_empty());
        assert!(i.count(Severity::Error) > 0);
        let d = i
            .diagnostics
            .iter()
            .find(|d| d.pointer == "/ociVersion")
            .unwrap();
        assert_eq!((d.severity, d.line, d.column), (Severity::Error, 2, 17));
        let i = inspect_bytes(b"{\"a\":\n\"\xff\"}");
        assert_eq!(i.diagnostics[0].code, "not-utf8");
        assert_eq!(too_large(1 << 30).diagnostics[0].code, "too-large");
    }

    #[test]
    fn garbage_from_the_module_is_an_error_not_a_panic() {
        for bad in ["", "{", "null", "{\"kind\": 5}", "[1,2]"] {
            let e = Inspection::from_json(bad).unwrap_err();
            assert!(e.to_string().starts_with("the inspector's answer"), "{e}");
        }
    }
}
