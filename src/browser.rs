//! The few things the app asks of the browser, in one place: the URL fragment,
//! the theme attribute, `prefers-reduced-motion`, timers and window events.
//! Outside wasm32 (server-side render tests) they do nothing.

/// Something to keep alive; dropping it cancels the timer or removes the listener.
pub type Guard = Option<Box<dyn std::any::Any>>;

#[cfg(target_arch = "wasm32")]
#[allow(missing_docs)]
mod imp {
    use super::Guard;
    use gloo::events::{EventListener, EventListenerOptions};
    use gloo::timers::callback::Timeout;
    use wasm_bindgen::JsCast;
    use wasm_bindgen::JsValue;

    pub fn fragment() -> String {
        web_sys::window()
            .and_then(|w| w.location().hash().ok())
            .unwrap_or_default()
    }

    pub fn replace_fragment(f: &str) {
        let Some(w) = web_sys::window() else { return };
        if w.location().hash().ok().as_deref() == Some(&format!("#{f}")) {
            return;
        }
        if let Ok(h) = w.history() {
            let _ = h.replace_state_with_url(&JsValue::NULL, "", Some(&format!("#{f}")));
        }
    }

    pub fn set_theme(id: &str) {
        if let Some(root) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
        {
            let _ = root.set_attribute("data-theme", id);
        }
    }

    pub fn reduced_motion() -> bool {
        web_sys::window()
            .and_then(|w| {
                w.match_media("(prefers-reduced-motion: reduce)")
                    .ok()
                    .flatten()
            })
            .is_some_and(|m| m.matches())
    }

    pub fn after(ms: u32, f: impl FnOnce() + 'static) -> Guard {
        Some(Box::new(Timeout::new(ms, f)))
    }

    pub fn on_key(f: impl Fn(&web_sys::KeyboardEvent) + 'static) -> Guard {
        let w = web_sys::window()?;
        let opts = EventListenerOptions::enable_prevent_default();
        let l = EventListener::new_with_options(&w, "keydown", opts, move |e| {
            if let Some(k) = e.dyn_ref::<web_sys::KeyboardEvent>() {
                f(k);
            }
        });
        Some(Box::new(l))
    }

    pub fn on_hashchange(f: impl Fn(String) + 'static) -> Guard {
        let w = web_sys::window()?;
        let l = EventListener::new(&w, "hashchange", move |_| f(fragment()));
        Some(Box::new(l))
    }

    /// Scrolls a horizontally scrolling element so that the point at `frac` of
    /// its content width is in the middle (no-op when it does not scroll).
    pub fn center_x(el: &web_sys::Element, frac: f64) {
        let (sw, cw) = (el.scroll_width(), el.client_width());
        if sw > cw {
            let left = (frac * f64::from(sw) - f64::from(cw) / 2.0).max(0.0);
            el.set_scroll_left(left as i32);
        }
    }

    /// Tag name (upper case) of the element an event targets.
    pub fn target_tag(e: &web_sys::Event) -> String {
        e.target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .map(|el| el.tag_name())
            .unwrap_or_default()
    }
}

#[cfg(not(target_arch = "wasm32"))]
#[allow(missing_docs)]
mod imp {
    use super::Guard;

    pub fn fragment() -> String {
        String::new()
    }
    pub fn replace_fragment(_: &str) {}
    pub fn set_theme(_: &str) {}
    pub fn reduced_motion() -> bool {
        false
    }
    pub fn after(_: u32, _: impl FnOnce() + 'static) -> Guard {
        None
    }
    pub fn on_key(_: impl Fn(&web_sys::KeyboardEvent) + 'static) -> Guard {
        None
    }
    pub fn on_hashchange(_: impl Fn(String) + 'static) -> Guard {
        None
    }
    pub fn target_tag(_: &web_sys::Event) -> String {
        String::new()
    }
    pub fn center_x(_: &web_sys::Element, _: f64) {}
}

pub use imp::*;
