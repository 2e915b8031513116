//! Runtime Atlas, the browser app: a thin Yew shell over `atlas-core`.
//!
//! **Architecture invariant:** no model logic lives here. The components render
//! what the core computes (the topology, its tiers and edges); the only
//! computation of their own is geometry ([`layout`]).

#![deny(missing_docs)]

pub mod app;
pub mod browser;
pub mod components;
pub mod inspect;
pub mod layout;
pub mod panic;
pub mod run;
pub mod states;
pub mod view;

pub use app::App;

/// Installs the panic hook and mounts [`App`] on the page's `<body>`.
pub fn start() {
    panic::install();
    yew::Renderer::<App>::new().render();
}
