//! OCI runtime configurations and what runtimes do with them.
//!
//! * [`spec`]: `config.json` as real tools write it — `runc spec`, containerd
//!   (`ctr run`, the CRI plugin's pause and app containers), dockerd.
//! * [`plan`]: [`Plan::from_spec`], the ordered low-level steps runc (or crun)
//!   takes for a spec across `create`, `start` and `delete`.
//! * [`Plan::hops`] (in `hops`): those steps as Trace hops.
//! * [`sys`]: the Linux constants plans carry, with their names.
//! * [`validate`]: any text → diagnostics (severity, message, JSON pointer,
//!   line and column) for runtime configs, image indexes, manifests and image
//!   configs (OCI and Docker), and the document read with `oci-spec`.
//! * [`inspection`]: what the OCI inspector shows for one text (findings and
//!   the plans of runc and crun), as one value that crosses a module boundary
//!   as JSON.
//! * [`image`]: image documents read from text, and the platform a runtime
//!   would pick from an index.
//! * [`samples`]: the documents shipped in `assets/oci/`, good and broken.
//!
//! Pure: no I/O, no clock, no randomness; the shipped samples are embedded
//! with `include_str!`. Any input, however large, deep or garbled, gives a
//! diagnostic or an error naming the limit; nothing panics or recurses on
//! input (see `json`, the span reader behind validation).
//!
//! ```
//! use atlas_core::oci::{self, HopContext, Phase, Plan};
//!
//! let spec = oci::spec::runc_default();
//! let plan = Plan::from_spec(&spec).unwrap();
//! let ctx = HopContext::new(&plan, "demo", "/home/me/bundle");
//! let hops = plan.hops(Phase::Create, &ctx);
//! assert!(hops.iter().any(|h| h.call == "pivot_root"));
//! ```

mod hops;
pub mod image;
pub mod inspection;
mod json;
pub mod plan;
pub mod samples;
pub mod spec;
pub mod sys;
pub mod validate;

#[cfg(test)]
mod tests;

pub use hops::{cgroup_path_for, HopContext};
pub use plan::{
    check_swappiness, cpuset_writes, parse_config, ram_in_bytes, resource_writes, update_refusal,
    update_resources, Actor, CgroupValue, CgroupVersion, HookKind, IdMapFile, MountData, MountOp,
    MountRole, MountTarget, NsexecStage, OciRuntime, Op, Phase, Plan, PlanError, PlanOptions,
    ResourceScope, Step, SyncPoint,
};
pub use spec::{ContainerParams, HookSet, HookSpec, IdMap, MountSpec, NamespacePlan, NsMode};
