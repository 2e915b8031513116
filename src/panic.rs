//! A panic hook that replaces the page with an error panel.
//!
//! No panic is expected; if one happens anyway the reader sees what went wrong
//! instead of a frozen diagram, and the message also goes to the console.

use std::cell::RefCell;
use std::panic::PanicHookInfo;

thread_local! {
    static LAST_GOOD: RefCell<String> = const { RefCell::new(String::new()) };
}

/// Remembers the fragment of the last view shown without trouble: the panel
/// offers to reload it.
pub fn remember(fragment: &str) {
    LAST_GOOD.with(|l| {
        if let Ok(mut l) = l.try_borrow_mut() {
            l.clear();
            l.push_str(fragment);
        }
    });
    // Also for the page's own panel for a trap (index.html), which the wasm
    // cannot draw: it offers the same last good view.
    crate::browser::set_last_good(fragment);
}

/// The fragment [`remember`] was last given.
pub fn last_good() -> String {
    LAST_GOOD.with(|l| l.try_borrow().map(|l| l.clone()).unwrap_or_default())
}

/// Panics on purpose, so that the browser tests can check that a real panic
/// reaches the error panel and that its buttons bring the app back. Only a
/// script running in the page can call it (as
/// `(await import('./runtime-atlas.js')).atlas_selftest_panic()`); such a
/// script could replace the page anyway.
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn atlas_selftest_panic() {
    panic!("self-test: a panic asked for by atlas_selftest_panic()");
}

/// Stops the wasm with a trap that is not a Rust panic (what running out of
/// memory or stack does): the page's error listener, not the panic hook,
/// must then show the error panel. For the browser tests, like
/// [`atlas_selftest_panic`].
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn atlas_selftest_trap() {
    core::arch::wasm32::unreachable();
}

/// Installs the hook. Safe to call more than once.
///
/// Through Yew: `Renderer::render` installs its own console hook unless it was
/// told a custom one is set, and a plain `std::panic::set_hook` does not tell
/// it (the browser test of a real panic found the panel never showing).
pub fn install() {
    yew::set_custom_panic_hook(Box::new(on_panic));
}

fn on_panic(info: &PanicHookInfo<'_>) {
    let message = info.to_string();
    #[cfg(target_arch = "wasm32")]
    {
        // i18n: the console is the developer's, in English
        web_sys::console::error_1(&format!("runtime-atlas panicked: {message}").into());
        show(&message, &last_good());
    }
    #[cfg(not(target_arch = "wasm32"))]
    eprintln!("runtime-atlas panicked: {message}");
}

/// The error panel's HTML for a panic message (escaped), with two ways back:
/// the default view, or the last view that was shown without trouble
/// (`last_good`, a fragment; offered only when it is one the app writes).
pub fn panel_html(message: &str, last_good: &str) -> String {
    // Both buttons reload the page (the app cannot go on after a panic):
    // replaceState sets the link without a hashchange the dead app would see.
    let reload = |fragment: &str| {
        format!(
            "history.replaceState(null,'',location.pathname+location.search+'{fragment}');location.reload()"
        )
    };
    let safe = !last_good.is_empty()
        && last_good
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b".-_;=/".contains(&b));
    // In the language the page spoke.
    let tr = crate::i18n::current();
    let last = if safe {
        format!(
            "<button type=\"button\" id=\"recover-last\" onclick=\"{}\">{}</button>",
            reload(&format!("#{last_good}")),
            escape(&tr.t("app-panic-last"))
        )
    } else {
        String::new()
    };
    format!(
        "<main class=\"panic\" role=\"alert\" lang=\"{}\">\
         <h1>{}</h1>\
         <p>{}</p>\
         <p class=\"recover\">{last}\
         <button type=\"button\" id=\"recover-default\" onclick=\"{}\">{}</button></p>\
         <pre>{}</pre>\
         </main>",
        tr.lang().id(),
        escape(&tr.t("app-panic-title")),
        escape(&tr.t("app-panic-body")),
        reload(""),
        escape(&tr.t("app-panic-default")),
        escape(message)
    )
}

#[cfg(target_arch = "wasm32")]
fn show(message: &str, last_good: &str) {
    let Some(body) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.body())
    else {
        return;
    };
    body.set_inner_html(&panel_html(message, last_good));
}

/// Escapes text for HTML element content.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(ch),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn panel_escapes_the_message() {
        let html = panel_html("index <3> & \"x\"", "");
        assert!(
            html.contains("index &lt;3&gt; &amp; &quot;x&quot;"),
            "{html}"
        );
        assert!(html.contains("role=\"alert\""));
        assert!(html.contains("id=\"recover-default\""));
        assert!(!html.contains("recover-last"));
    }

    #[test]
    fn panel_offers_the_last_good_view_only_when_it_is_a_link_the_app_writes() {
        remember("v1;sc=kubectl-run;hop=42;theme=dark;lang=en");
        let html = panel_html("boom", &last_good());
        assert!(
            html.contains("'#v1;sc=kubectl-run;hop=42;theme=dark;lang=en');location.reload()"),
            "{html}"
        );
        let html = panel_html("boom", "v1';alert(1)//");
        assert!(
            !html.contains("recover-last") && !html.contains("alert(1)"),
            "{html}"
        );
    }
}
