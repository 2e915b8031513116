//! A panic hook that replaces the page with an error panel.
//!
//! No panic is expected; if one happens anyway the reader sees what went wrong
//! instead of a frozen diagram, and the message also goes to the console.

use std::panic::PanicHookInfo;

/// Installs the hook. Safe to call more than once.
pub fn install() {
    std::panic::set_hook(Box::new(on_panic));
}

fn on_panic(info: &PanicHookInfo<'_>) {
    let message = info.to_string();
    #[cfg(target_arch = "wasm32")]
    {
        web_sys::console::error_1(&format!("runtime-atlas panicked: {message}").into());
        show(&message);
    }
    #[cfg(not(target_arch = "wasm32"))]
    eprintln!("runtime-atlas panicked: {message}");
}

/// The error panel's HTML for a panic message (escaped).
pub fn panel_html(message: &str) -> String {
    format!(
        "<main class=\"panic\" role=\"alert\">\
         <h1>Runtime Atlas stopped</h1>\
         <p>Something went wrong inside the app. Reloading the page starts it again.</p>\
         <pre>{}</pre>\
         </main>",
        escape(message)
    )
}

#[cfg(target_arch = "wasm32")]
fn show(message: &str) {
    let Some(body) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.body())
    else {
        return;
    };
    body.set_inner_html(&panel_html(message));
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
        let html = panel_html("index <3> & \"x\"");
        assert!(
            html.contains("index &lt;3&gt; &amp; &quot;x&quot;"),
            "{html}"
        );
        assert!(html.contains("role=\"alert\""));
    }
}
