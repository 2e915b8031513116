//! The token that travels along the active edge: an SVG `animateMotion`, made
//! and started when the token is drawn (Yew would lower-case its tag name), and
//! not drawn at all when the reader prefers reduced motion.

use yew::prelude::*;

/// Props of [`Token`].
#[derive(Properties, PartialEq)]
pub struct TokenProps {
    /// The edge's path data.
    pub d: AttrValue,
    /// Travel from the path's end to its start.
    pub reverse: bool,
    /// Duration in milliseconds.
    pub dur_ms: u32,
}

const SVG_NS: &str = "http://www.w3.org/2000/svg";

/// Adds the motion to the circle and starts it; `None` if the browser refuses.
fn start(circle: &web_sys::Element, d: &str, reverse: bool, dur_ms: u32) -> Option<()> {
    let doc = web_sys::window()?.document()?;
    let m = doc.create_element_ns(Some(SVG_NS), "animateMotion").ok()?;
    let points = if reverse { "1;0" } else { "0;1" };
    for (k, v) in [
        ("begin", "indefinite"),
        ("dur", &format!("{dur_ms}ms")),
        ("fill", "freeze"),
        ("path", d),
        ("keyPoints", points),
        ("keyTimes", "0;1"),
        ("calcMode", "linear"),
    ] {
        m.set_attribute(k, v).ok()?;
    }
    circle.append_child(&m).ok()?;
    let m: web_sys::SvgAnimationElement = wasm_bindgen::JsCast::dyn_into(m).ok()?;
    m.begin_element().ok()?;
    circle.remove_attribute("opacity").ok()
}

/// The token.
#[function_component(Token)]
pub fn token(props: &TokenProps) -> Html {
    let circle = use_node_ref();
    {
        let circle = circle.clone();
        let (d, reverse, dur) = (props.d.clone(), props.reverse, props.dur_ms);
        use_effect_with((), move |()| {
            if let Some(c) = circle.cast::<web_sys::Element>() {
                let _ = start(&c, &d, reverse, dur);
            }
        });
    }
    html! {
        <circle ref={circle} class="token" r="6" cx="0" cy="0" opacity="0" aria-hidden="true" />
    }
}
