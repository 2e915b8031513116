//! One component per file.

mod config_error;
mod controls;
mod edge;
mod header;
mod legend;
mod narration;
mod node;
mod playback_bar;
mod sequence_view;
mod token;
mod topology_view;

pub use config_error::ConfigError;
pub use controls::Controls;
pub use edge::Edge;
pub use header::Header;
pub use legend::Legend;
pub use narration::{announcement, Narration};
pub use node::Node;
pub use playback_bar::PlaybackBar;
pub use sequence_view::{SequenceView, WINDOW};
pub use token::Token;
pub use topology_view::{ActiveHop, TopologyView};
