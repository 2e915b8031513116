//! The reader's language: the catalog every component renders its words
//! with, given to the tree as a Yew context.
//!
//! English is built in (the core's `en` catalog). Korean is fetched from
//! `i18n/ko.ftl` beside the page the first time a reader asks for it (a link
//! with `lang=ko`, the header's switch, or a browser whose languages put
//! Korean first); until it arrives the page stays in English, and if it
//! cannot be fetched or read the page stays in English with a notice.
//!
//! The first load carries only the English its own code and the default
//! view's run can show (`atlas_core::message::EN_START_FTL`). The messages
//! that only an on-demand module produces (another run, the terminal, the
//! drills and quiz: the engine; the validator's diagnostics: the inspector)
//! come with that module: the page's loader hands its English part
//! (`messages_en()`) to [`add_english`] as soon as it is instantiated, before
//! any of its answers, so no message ever shows as its id. Korean is fetched
//! whole and needs none of this.

use atlas_core::{Catalog, Hop, Lang, Msg, Text};
use std::cell::RefCell;
use std::rc::Rc;

thread_local! {
    static ENGLISH: RefCell<Rc<Catalog>> = RefCell::new(Rc::new(at_start()));
    /// The on-demand modules' English parts added so far.
    static PARTS: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
    static CURRENT: RefCell<Option<Tr>> = const { RefCell::new(None) };
}

#[cfg(not(target_arch = "wasm32"))]
thread_local! {
    /// Natively: whether this thread's English is the first load's alone
    /// (see [`first_load_only`]).
    static FIRST_LOAD_ONLY: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// The English the page starts with; in the browser, the loader is told to
/// hand over each module's part from now on.
fn at_start() -> Catalog {
    #[cfg(target_arch = "wasm32")]
    crate::browser::on_module_messages(add_english);
    base()
}

/// The built-in English. In the browser: the first load's part. Natively
/// (tests, server-side renders), where the app calls the core in place of
/// the modules: the whole catalog, unless a test asked for the first
/// load's alone.
fn base() -> Catalog {
    #[cfg(not(target_arch = "wasm32"))]
    if !FIRST_LOAD_ONLY.with(std::cell::Cell::get) {
        return Catalog::english();
    }
    Catalog::english_at_start()
}

/// The English the page has now: the built-in part and every module part
/// added since.
fn built() -> Catalog {
    let mut c = base();
    PARTS.with(|p| {
        if let Ok(p) = p.try_borrow() {
            for part in p.iter() {
                // Each part was read when it was added.
                let _ = c.add(part);
            }
        }
    });
    c
}

/// Adds an on-demand module's English messages (its `messages_en()`) to
/// the page's English: the next frame renders with them. A part already
/// added (a module's fresh instance after a trap) or unreadable is ignored.
pub fn add_english(text: String) {
    if PARTS.with(|p| p.try_borrow().map_or(true, |p| p.contains(&text))) {
        return;
    }
    let mut c = built();
    if c.add(&text).is_err() {
        return;
    }
    PARTS.with(|p| {
        if let Ok(mut p) = p.try_borrow_mut() {
            p.push(text);
        }
    });
    ENGLISH.with(|e| {
        if let Ok(mut e) = e.try_borrow_mut() {
            *e = Rc::new(c);
        }
    });
}

/// For tests of the first load: from now on this thread's English is what
/// the browser's page has before any on-demand module loads.
#[cfg(not(target_arch = "wasm32"))]
#[doc(hidden)]
pub fn first_load_only() {
    FIRST_LOAD_ONLY.with(|f| f.set(true));
    PARTS.with(|p| p.borrow_mut().clear());
    ENGLISH.with(|e| *e.borrow_mut() = Rc::new(base()));
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

/// The English catalog, parsed once per page (and again when a module adds
/// its part).
pub fn english() -> Rc<Catalog> {
    ENGLISH.with(|e| {
        e.try_borrow()
            .map_or_else(|_| Rc::new(base()), |c| Rc::clone(&c))
    })
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
            catalog: Rc::new(catalog.with_fallback(built())),
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
