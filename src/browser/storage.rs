//! What the page keeps in the browser's storage (`localStorage`): the
//! drills' progress and the quiz's score. A browser that refuses storage
//! keeps nothing, silently.

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
}

#[cfg(not(target_arch = "wasm32"))]
mod imp {
    /// Outside the browser nothing is kept.
    pub fn stored(_: &str) -> String {
        String::new()
    }

    /// Outside the browser nothing is kept.
    pub fn store(_: &str, _: &str) {}
}

pub use imp::*;
