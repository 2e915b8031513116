//! Any text as a terminal's session from a link: `session::decode` never
//! panics, refuses what is over its bounds, and what it reads packs back to
//! the same entries.
#![no_main]

use atlas_core::session::{self, MAX_DECODED, MAX_ENTRIES, MAX_LINK_CHARS};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(entries) = session::decode(text) {
        assert!(entries.len() <= MAX_ENTRIES);
        let (again, kept) = session::encode(&entries, usize::MAX);
        assert_eq!(kept, entries.len());
        assert_eq!(session::decode(&again).as_ref(), Ok(&entries));
    }
    if text.len() > MAX_LINK_CHARS {
        assert!(session::decode(text).is_err());
    }
    // Any text packed as a link packs it: read back whole or refused.
    let (packed, _) = session::encode(&[session::Entry::Line(text.to_string())], usize::MAX);
    if text.len() < MAX_DECODED / 2 && packed.len() <= MAX_LINK_CHARS {
        assert_eq!(
            session::decode(&packed),
            Ok(vec![session::Entry::Line(text.to_string())])
        );
    }
});
