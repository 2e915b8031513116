//! One component per file.

mod config_error;
mod edge;
mod header;
mod legend;
mod node;
mod topology_view;

pub use config_error::ConfigError;
pub use edge::Edge;
pub use header::Header;
pub use legend::Legend;
pub use node::Node;
pub use topology_view::TopologyView;
