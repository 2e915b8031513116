//! One component per file; the stateless pieces drawn once per page frame
//! (the header, the help buttons, the tabs, the toolbar, the playback bar, the narration, the
//! export buttons, the Embed dialog, the legend, a refusal) are view functions.

mod calls;
mod card;
mod compare_view;
mod config_error;
mod controls;
mod edge;
mod embed;
mod engine_status;
mod export_menu;
mod file_drop;
mod header;
mod host_processes;
mod inspector;
mod learn;
mod legend;
mod narration;
mod node;
mod panel_tabs;
mod playback_bar;
mod practice;
mod quiz;
mod replay_panel;
mod sequence_view;
mod state_panel;
mod terminal;
mod timeline;
mod token;
mod topology_view;

pub use calls::where_am_i;
pub use compare_view::{side_sentence, CompareView};
pub use config_error::config_error;
pub use controls::{controls, ControlsProps};
pub use edge::Edge;
pub use embed::{embed_button, embed_dialog, EmbedUi};
pub use engine_status::engine_status;
pub use export_menu::{export_menu, ExportMenuProps, DIAGRAM};
pub use header::header;
pub use host_processes::HostProcesses;
pub use inspector::{Inspector, InspectorProps};
pub use learn::{bubble_style, glossary_card, learn_buttons, linked_note, shortcuts, tour};
pub use legend::legend;
pub use narration::{announcement, narration};
pub use node::Node;
pub use panel_tabs::panel_tabs;
pub use playback_bar::{playback_bar, PlaybackBarProps};
pub use practice::{DrillPanel, DrillPanelProps};
pub use quiz::{QuizPanel, QuizPanelProps};
pub use replay_panel::ReplayPanel;
pub use sequence_view::{SequenceView, WINDOW};
pub use state_panel::StatePanel;
pub use terminal::{clock_text, Terminal, TerminalProps};
pub use timeline::{Timeline, TimelineProps};
pub use token::Token;
pub use topology_view::{ActiveHop, Fit, TopologyView, EMBED_MIN_SCALE};
