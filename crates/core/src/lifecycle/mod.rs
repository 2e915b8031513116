//! Per-layer lifecycle state machines with the real states and the real refusals.
//!
//! Each layer refuses illegal verbs with the message its real implementation
//! prints: runc's and crun's (`oci`), containerd-shim-runc-v2's init process
//! states (`task`), containerd's CRI plugin and CRI-O (`cri`), and the
//! kubelet's view of a container (`kubelet`, with CrashLoopBackOff timing).
//! `verbs` is the table every face reads: each machine's states, the verbs a
//! person can try on it, and who answers them on the node at hand.

pub mod cri;
pub mod kubelet;
pub mod oci;
pub mod task;
pub mod verbs;

/// A verb refused by a state machine, with the message the real tool prints.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct Refusal {
    /// The message, exactly as the real component words it.
    pub message: String,
}

impl Refusal {
    pub(crate) fn new(message: impl Into<String>) -> Refusal {
        Refusal {
            message: message.into(),
        }
    }
}
