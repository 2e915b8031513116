//! The colours of the interfaces present in the diagram.

use crate::layout::Layout;
use atlas_core::Iface;
use std::rc::Rc;
use yew::prelude::*;

/// Props of [`Legend`].
#[derive(Properties)]
pub struct LegendProps {
    /// The diagram whose interfaces are listed.
    pub layout: Rc<Layout>,
}

/// The diagram compares by identity.
impl PartialEq for LegendProps {
    fn eq(&self, o: &Self) -> bool {
        Rc::ptr_eq(&self.layout, &o.layout)
    }
}

/// Interfaces present in the diagram, in vocabulary order.
pub fn present(layout: &Layout) -> Vec<Iface> {
    Iface::ALL
        .iter()
        .copied()
        .filter(|i| layout.edges.iter().any(|e| e.primary() == *i))
        .collect()
}

/// The legend.
#[function_component(Legend)]
pub fn legend(props: &LegendProps) -> Html {
    html! {
        <ul class="legend" aria-label="interfaces">
            { for present(&props.layout).into_iter().map(|i| html! {
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
