//! The Embed action's snippets for the view shown: the `<runtime-atlas>`
//! element (with its script line), the plain iframe, a filled oEmbed
//! document and the plain link. Pure: the page gives its address and the
//! scenario's title in the reader's language.

use crate::link::{Panel, Show, Theme, ViewState, DEFAULT_SPEED, OPEN_END, SPEED_LABELS};

/// What the Embed dialog offers to copy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snippets {
    /// `<script src=…embed.js defer>` and the `<runtime-atlas>` element.
    pub element: String,
    /// The iframe of the app in embed mode (800×450, no script needed).
    pub iframe: String,
    /// The oEmbed document (JSON) a static site hosts beside its page.
    pub oembed: String,
    /// The full page at this view.
    pub link: String,
}

/// Width and height of the iframe the snippets give.
pub const FRAME: (u32, u32) = (800, 450);

/// The page's base address (the folder of `index.html`, ending in `/`)
/// from its address without the fragment.
pub fn base_of(page: &str) -> String {
    let page = page.split(['?', '#']).next().unwrap_or(page);
    match page.rfind('/') {
        Some(i) => page[..=i].to_string(),
        None => String::new(),
    }
}

/// Text for an HTML attribute's value between double quotes.
fn attr(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The embed view of `view`: embed mode at the same hop, over `range`
/// (the current chapter when the reader asks for it).
pub fn embed_view(view: &ViewState, range: Option<(usize, usize)>) -> ViewState {
    ViewState {
        embed: true,
        range,
        autoplay: false,
        show: Show::default(),
        ..view.clone()
    }
}

/// The snippets for `view` in a page at `base` (see [`base_of`]); `title`
/// names the scenario; `chapter`: only these hops (0-based, inclusive).
pub fn snippets(
    view: &ViewState,
    base: &str,
    title: &str,
    chapter: Option<(usize, usize)>,
) -> Snippets {
    let embed = embed_view(view, chapter);
    let src = format!("{base}index.html#{}", embed.to_fragment());
    let (w, h) = FRAME;
    let iframe = format!(
        "<iframe src=\"{}\" width=\"{w}\" height=\"{h}\" title=\"{}\" style=\"border:0\" loading=\"lazy\" allow=\"fullscreen\"></iframe>",
        attr(&src),
        attr(title)
    );
    let mut a: Vec<(&str, String)> = Vec::new();
    match (view.panel, &view.drill, &view.session) {
        (Panel::Drill, Some(d), _) => a.push(("drill", d.clone())),
        (Panel::Term, _, Some(s)) => a.push(("session", s.clone())),
        _ => a.push(("scenario", view.scenario.name.to_string())),
    }
    a.push(("k8s", view.config.k8s.to_string()));
    a.push(("runtime", view.config.runtime.id().to_string()));
    a.push(("oci", view.config.oci.id().to_string()));
    a.push(("hop", (view.hop + 1).to_string()));
    if let Some((from, to)) = chapter {
        a.push(("from", (from + 1).to_string()));
        if to != OPEN_END {
            a.push(("to", (to + 1).to_string()));
        }
    }
    if view.speed != DEFAULT_SPEED {
        a.push((
            "speed",
            SPEED_LABELS.get(view.speed).unwrap_or(&"1").to_string(),
        ));
    }
    if view.theme != Theme::Auto {
        a.push(("theme", view.theme.id().to_string()));
    }
    if let Some(l) = view.lang {
        a.push(("lang", l.id().to_string()));
    }
    let attrs: String = a
        .iter()
        .map(|(k, v)| format!(" {k}=\"{}\"", attr(v)))
        .collect();
    let element = format!(
        "<script src=\"{}embed.js\" defer></script>\n<runtime-atlas{attrs}></runtime-atlas>",
        attr(base)
    );
    let oembed = serde_json::json!({
        "version": "1.0",
        "type": "rich",
        "provider_name": "Runtime Atlas",
        "provider_url": base,
        "title": title,
        "width": w,
        "height": h,
        "cache_age": 86400,
        "html": iframe.as_str(),
    })
    .to_string();
    Snippets {
        element,
        iframe,
        oembed,
        link: format!("{base}index.html#{}", view.full_page().to_fragment()),
    }
}
