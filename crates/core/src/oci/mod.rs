//! OCI runtime configurations and what runtimes do with them.
//!
//! * [`spec`]: `config.json` as real tools write it — `runc spec`, containerd
//!   (`ctr run`, the CRI plugin's pause and app containers), dockerd.
//! * [`plan`]: [`Plan::from_spec`], the ordered low-level steps runc (or crun)
//!   takes for a spec across `create`, `start` and `delete`.
//! * [`Plan::hops`] (in `hops`): those steps as Trace hops.
//! * [`sys`]: the Linux constants plans carry, with their names.
//!
//! Pure: no I/O, no clock, no randomness; the shipped `runc spec` outputs are
//! embedded with `include_str!`.
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
    parse_config, Actor, CgroupValue, CgroupVersion, HookKind, IdMapFile, MountData, MountOp,
    MountRole, MountTarget, NsexecStage, OciRuntime, Op, Phase, Plan, PlanError, PlanOptions, Step,
    SyncPoint,
};
pub use spec::{ContainerParams, HookSet, HookSpec, IdMap, MountSpec, NamespacePlan, NsMode};
