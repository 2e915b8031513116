//! One component per file.

mod compare_view;
mod config_error;
mod controls;
mod edge;
mod export_menu;
mod file_drop;
mod header;
mod inspector;
mod legend;
mod narration;
mod node;
mod panel_tabs;
mod playback_bar;
mod replay_panel;
mod sequence_view;
mod state_panel;
mod token;
mod topology_view;

pub use compare_view::{side_sentence, CompareView};
pub use config_error::ConfigError;
pub use controls::Controls;
pub use edge::Edge;
pub use export_menu::{ExportMenu, DIAGRAM};
pub use header::Header;
pub use inspector::{Inspector, InspectorProps};
pub use legend::Legend;
pub use narration::{announcement, Narration};
pub use node::Node;
pub use panel_tabs::PanelTabs;
pub use playback_bar::PlaybackBar;
pub use replay_panel::ReplayPanel;
pub use sequence_view::{SequenceView, WINDOW};
pub use state_panel::StatePanel;
pub use token::Token;
pub use topology_view::{ActiveHop, TopologyView};
