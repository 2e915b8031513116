//! The colours of the interfaces present in the diagram.

use crate::layout::Layout;
use atlas_core::Iface;
use yew::prelude::*;

/// Interfaces present in the diagram, in vocabulary order.
pub fn present(layout: &Layout) -> Vec<Iface> {
    Iface::ALL
        .iter()
        .copied()
        .filter(|i| layout.edges.iter().any(|e| e.primary() == *i))
        .collect()
}

/// The legend of a diagram. A view function (see [`super::header`]).
pub fn legend(layout: &Layout) -> Html {
    html! {
        <ul class="legend" aria-label="interfaces">
            { for present(layout).into_iter().map(|i| html! {
                <li class={format!("iface-{}", i.id())}>
                    <svg class="swatch" width="28" height="10" aria-hidden="true">
                        <line x1="0" y1="5" x2="28" y2="5" />
                    </svg>
                    { i.id() }
                </li>
            }) }
        </ul>
    }
}
