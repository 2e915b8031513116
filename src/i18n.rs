//! The reader's language: the catalog every component renders its words
//! with, given to the tree as a Yew context.
//!
//! English is built in (the core's `en` catalog). Korean is fetched from
//! `i18n/ko.ftl` beside the page the first time a reader asks for it (a link
//! with `lang=ko`, the header's switch, or a browser whose languages put
//! Korean first); until it arrives the page stays in English, and if it
//! cannot be fetched or read the page stays in English with a notice.

use atlas_core::{Catalog, Hop, Lang, Msg, Text};
use std::rc::Rc;

thread_local! {
    static ENGLISH: Rc<Catalog> = Rc::new(Catalog::english());
    static CURRENT: std::cell::RefCell<Option<Tr>> = const { std::cell::RefCell::new(None) };
}

/// Remembers the words the page shows now, for the error panel (which is
/// drawn after a panic, outside the component tree).
pub fn remember(tr: &Tr) {
    CURRENT.with(|c| {
        if let Ok(mut c) = c.try_borrow_mut() {
            *c = Some(tr.clone());
        }
    });
}

/// The words the page showed last (English before the first frame).
pub fn current() -> Tr {
    CURRENT
        .with(|c| c.try_borrow().ok().and_then(|c| c.clone()))
        .unwrap_or_default()
}

/// The English catalog, parsed once per page.
pub fn english() -> Rc<Catalog> {
    ENGLISH.with(Rc::clone)
}

/// A language's catalog as the components use it.
#[derive(Debug, Clone)]
pub struct Tr {
    catalog: Rc<Catalog>,
}

impl PartialEq for Tr {
    fn eq(&self, o: &Tr) -> bool {
        Rc::ptr_eq(&self.catalog, &o.catalog)
    }
}

impl Default for Tr {
    fn default() -> Tr {
        Tr::english()
    }
}

impl Tr {
    /// English.
    pub fn english() -> Tr {
        Tr { catalog: english() }
    }

    /// A catalog read from its Fluent text, falling back to English for
    /// what it lacks.
    pub fn new(catalog: Catalog) -> Tr {
        Tr {
            catalog: Rc::new(catalog.with_fallback(Catalog::english())),
        }
    }

    /// The language the words are in.
    pub fn lang(&self) -> Lang {
        self.catalog.lang()
    }

    /// A message without arguments.
    pub fn t(&self, id: &'static str) -> String {
        self.catalog.get(id)
    }

    /// A message.
    pub fn msg(&self, m: &Msg) -> String {
        self.catalog.render(m)
    }

    /// A message or text as it came.
    pub fn text(&self, t: &Text) -> String {
        self.catalog.text(t)
    }

    /// A hop's note, or nothing.
    pub fn note(&self, h: &Hop) -> String {
        h.note_in(&self.catalog).unwrap_or_default()
    }

    /// The catalog itself (an exported trace renders its notes with it).
    pub fn catalog(&self) -> &Catalog {
        &self.catalog
    }
}
