//! Runtime Atlas core: a pure, deterministic model of the Linux container stack.
//!
//! **Architecture invariant:** this crate does no I/O, reads no clock and no
//! ambient randomness, and has no global state. The same input gives the same
//! [`trace::Hop`]s, byte for byte, on native and wasm32.

#![deny(missing_docs)]

pub mod calls;
pub mod chapter;
pub mod command;
pub mod complete;
pub mod config;
pub mod drill;
pub mod endpoint;
pub mod engine;
pub mod glossary;
pub mod history;
pub mod lifecycle;
pub mod message;
pub mod node;
pub mod oci;
pub mod order;
pub mod played;
pub mod quiz;
pub mod remark;
pub mod scenario;
pub mod session;
pub mod shell;
pub mod sim;
pub mod snapshot;
pub mod talk;
pub mod topology;
pub mod trace;

pub use config::{Config, ConfigError, K8sVersion, Oci, Runtime};
pub use message::{Catalog, Lang, Msg, Text};
pub use topology::Topology;
pub use trace::{Component, Effect, Hop, Iface, Layer, TraceFile};
