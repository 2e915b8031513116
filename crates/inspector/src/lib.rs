//! The OCI inspector as a wasm module of its own.
//!
//! The browser app's first load leaves out everything that reads OCI documents
//! (the validator, oci-spec's deserializers: about a quarter of the app). When
//! the reader opens the inspector, the app imports this module
//! (`atlas-inspector.js`, made by wasm-bindgen) and calls [`inspect`] or
//! [`inspect_bytes`]; the answer is an [`Inspection`] as JSON, which the app
//! reads with [`Inspection::from_json`].
//!
//! [`Inspection`]: atlas_core::oci::inspection::Inspection
//! [`Inspection::from_json`]: atlas_core::oci::inspection::Inspection::from_json
//!
//! The module keeps no state between calls except the message of a panic:
//! the release profile aborts on panic, which traps the module; the page's
//! loader then reads [`last_panic`] and drops this instance for a fresh one.

use atlas_core::oci::{inspection, samples};
use std::cell::RefCell;
use wasm_bindgen::prelude::wasm_bindgen;

thread_local! {
    static PANIC: RefCell<String> = const { RefCell::new(String::new()) };
}

/// Installs the hook that keeps a panic's message for [`last_panic`]. Called
/// by wasm-bindgen when the module starts.
#[wasm_bindgen(start)]
pub fn start() {
    std::panic::set_hook(Box::new(|info| {
        let message = info.to_string();
        PANIC.with(|p| *p.borrow_mut() = message);
    }));
}

/// Inspects a text: an inspection as JSON.
#[wasm_bindgen]
pub fn inspect(text: &str) -> String {
    inspection::inspect(text).to_json()
}

/// Inspects a file's bytes (text that is not UTF-8 is refused at its first
/// bad byte): an inspection as JSON.
#[wasm_bindgen]
pub fn inspect_bytes(bytes: &[u8]) -> String {
    inspection::inspect_bytes(bytes).to_json()
}

/// The text of a document shipped with the app, by its path under
/// `assets/oci/` ([`atlas_core::oci::samples::document`]): the texts live
/// here, not in the app's first load, which lists the samples by name only.
#[wasm_bindgen]
pub fn document(path: &str) -> Option<String> {
    samples::document(path).map(str::to_string)
}

/// The English messages only this module produces (the validator's
/// diagnostics, `atlas_core::message::EN_INSPECTOR_FTL`): the app's first
/// load leaves them out, and the page's loader hands them to the app as soon
/// as this module is instantiated, before any answer of it is shown.
#[wasm_bindgen]
pub fn messages_en() -> String {
    atlas_core::message::EN_INSPECTOR_FTL.to_string()
}

/// The message of the panic that stopped the module, or an empty string;
/// taken, so a later failure is never given an earlier panic's message.
#[wasm_bindgen]
pub fn last_panic() -> String {
    PANIC.with(|p| std::mem::take(&mut *p.borrow_mut()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use atlas_core::oci::inspection::Inspection;
    use atlas_core::oci::spec::RUNC_DEFAULT_JSON;

    #[test]
    fn answers_are_inspections() {
        let i = Inspection::from_json(&inspect(RUNC_DEFAULT_JSON)).unwrap();
        assert_eq!(i, inspection::inspect(RUNC_DEFAULT_JSON));
        let b = Inspection::from_json(&inspect_bytes(b"{\"a\":\n\"\xff\"}")).unwrap();
        assert_eq!(b.diagnostics[0].code, "not-utf8");
        assert_eq!(last_panic(), "");
    }

    #[test]
    fn shipped_documents_are_here() {
        let s = samples::sample("runc-default").unwrap();
        assert_eq!(document(s.path()).as_deref(), Some(s.text()));
        let b = &samples::BROKEN[0];
        assert_eq!(document(&b.path()).as_deref(), Some(b.text()));
        assert_eq!(document("nothing.json"), None);
    }

    #[test]
    fn a_panic_s_message_is_kept_for_one_reading() {
        start();
        let _ = std::panic::catch_unwind(|| panic!("the validator broke"));
        let _ = std::panic::take_hook();
        assert!(last_panic().contains("the validator broke"));
        assert_eq!(last_panic(), "", "taken, not kept for the next failure");
    }
}
