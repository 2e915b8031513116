//! Runtime Atlas, the browser app: a thin Yew shell over `atlas-core`.
//!
//! **Architecture invariant:** no model logic lives here. The components render
//! what the core computes (the topology, its tiers and edges, the lifecycle
//! answers) and what [`state`] derives from it (the reducer, the inspector's
//! summary); the components' only computation of their own is geometry
//! ([`layout`]).
//!
//! Modules, leaves first (no module imports one that imports it back):
//! [`browser`] (what the app asks of the page), [`i18n`] (the reader's
//! language), [`link`] (the view a link
//! restores, and its fragment codec), [`run`] (a run flattened for playback),
//! [`layout`] (diagram geometry), [`state`] (the page's state and reducer, no
//! markup), [`components`] (one per file, each given only the callbacks it
//! needs), [`panic`] (the error panel), [`app`] (the root component: the page
//! and its browser effects).

#![deny(missing_docs)]

pub mod app;
pub mod browser;
pub mod components;
pub mod i18n;
pub mod layout;
pub mod link;
pub mod panic;
pub mod present;
pub mod run;
pub mod state;

pub use app::App;

/// Installs the panic hook and mounts [`App`] on the page's `<body>`.
pub fn start() {
    panic::install();
    yew::Renderer::<App>::new().render();
}
