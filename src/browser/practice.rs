//! What the drills and the quiz ask of the page: the browser's storage
//! (`localStorage`: the drills' progress and the quiz's score; a browser
//! that refuses storage keeps nothing, silently), and which action a click
//! chose (one listener per panel reads the `data-act` of the button
//! clicked: each callback of its own costs the first load its code).

#[cfg(target_arch = "wasm32")]
mod imp {
    #[wasm_bindgen::prelude::wasm_bindgen(inline_js = r#"
export function atlas_stored(key) {
  try { return localStorage.getItem(key) || ''; } catch (_) { return ''; }
}
export function atlas_store(key, value) {
  try { if (value) localStorage.setItem(key, value); else localStorage.removeItem(key); } catch (_) { /* refused */ }
}
"#)]
    extern "C" {
        fn atlas_stored(key: &str) -> String;
        fn atlas_store(key: &str, value: &str);
    }

    /// What the browser keeps under `key` ("" for nothing).
    pub fn stored(key: &str) -> String {
        atlas_stored(key)
    }

    /// Keeps `value` under `key` ("" forgets it).
    pub fn store(key: &str, value: &str) {
        atlas_store(key, value);
    }

    /// The `data-act` of the element an event reached, or of its closest
    /// ancestor that has one.
    pub fn act(e: &web_sys::Event) -> Option<String> {
        use wasm_bindgen::JsCast;
        e.target()?
            .dyn_into::<web_sys::Element>()
            .ok()?
            .closest("[data-act]")
            .ok()??
            .get_attribute("data-act")
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod imp {
    /// Outside the browser nothing is kept.
    pub fn stored(_: &str) -> String {
        String::new()
    }

    /// Outside the browser nothing is kept.
    pub fn store(_: &str, _: &str) {}

    /// Outside the browser there are no clicks.
    pub fn act(_: &web_sys::Event) -> Option<String> {
        None
    }
}

pub use imp::*;
