//! The step list a plan is written into: each step tagged with the phase
//! being planned and the process that takes it, and the hooks of one kind.

use super::{Actor, HookKind, MountOp, Op, Phase, PlanOptions, Step};
use oci_spec::runtime::Spec;

/// The steps of a plan as they are written, and the phase they belong to.
pub(super) struct Builder<'s> {
    pub(super) spec: &'s Spec,
    pub(super) options: PlanOptions,
    pub(super) steps: Vec<Step<'s>>,
    pub(super) phase: Phase,
}

impl<'s> Builder<'s> {
    /// An empty plan of `spec`, in the create phase.
    pub(super) fn new(spec: &'s Spec, options: PlanOptions) -> Builder<'s> {
        Builder {
            spec,
            options,
            steps: Vec::with_capacity(112),
            phase: Phase::Create,
        }
    }

    /// A step of `actor`.
    pub(super) fn push(&mut self, actor: Actor, op: Op<'s>) {
        self.steps.push(Step {
            phase: self.phase,
            actor,
            op,
        });
    }

    /// A step of the runtime binary.
    pub(super) fn rt(&mut self, op: Op<'s>) {
        self.push(Actor::Runtime, op);
    }

    /// A step of the process that becomes the container.
    pub(super) fn init(&mut self, op: Op<'s>) {
        self.push(Actor::Init, op);
    }

    /// A `mount(2)` by the container's process.
    pub(super) fn mount(&mut self, m: MountOp<'s>) {
        self.init(Op::Mount(m));
    }

    /// Every hook of one kind, in the order of its list.
    #[allow(deprecated)] // `prestart` is deprecated in the spec, still run by runc and crun.
    pub(super) fn hooks(&mut self, actor: Actor, kind: HookKind) {
        let Some(h) = self.spec.hooks().as_ref() else {
            return;
        };
        let list = match kind {
            HookKind::Prestart => h.prestart(),
            HookKind::CreateRuntime => h.create_runtime(),
            HookKind::CreateContainer => h.create_container(),
            HookKind::StartContainer => h.start_container(),
            HookKind::Poststart => h.poststart(),
            HookKind::Poststop => h.poststop(),
        };
        if let Some(list) = list {
            for (i, hook) in list.iter().enumerate() {
                self.push(
                    actor,
                    Op::Hook {
                        kind,
                        index: u32::try_from(i).unwrap_or(u32::MAX),
                        hook,
                    },
                );
            }
        }
    }
}
