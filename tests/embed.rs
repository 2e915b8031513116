//! Embeds, natively: the Embed dialog's snippets (pure), an embed link's
//! range and autoplay in the reducer, and embed mode rendered without a
//! browser (Yew SSR). What a person sees in a frame is the browser tests'
//! (xtask/src/browser/embed.rs).
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::render_at;
use runtime_atlas::link::{Show, ViewState, OPEN_END};
use runtime_atlas::state::embed::{base_of, embed_view, snippets, FRAME};
use runtime_atlas::state::{Action, AppState, Playback};

fn view(f: &str) -> ViewState {
    ViewState::parse(f)
        .map(|(v, n)| {
            assert_eq!(n, None, "{f}");
            v
        })
        .unwrap_or_else(|e| panic!("{f}: {e}"))
}

/// The text between `<tag … key="` and the next `"`.
fn attr<'a>(html: &'a str, key: &str) -> &'a str {
    let at = html
        .find(&format!("{key}=\""))
        .unwrap_or_else(|| panic!("no {key} in {html}"));
    let rest = &html[at + key.len() + 2..];
    &rest[..rest.find('"').unwrap_or(rest.len())]
}

#[test]
fn the_base_is_the_folder_of_the_page() {
    assert_eq!(
        base_of("https://example.org/atlas/index.html"),
        "https://example.org/atlas/"
    );
    assert_eq!(
        base_of("https://example.org/atlas/"),
        "https://example.org/atlas/"
    );
    assert_eq!(
        base_of("http://127.0.0.1:8000/index.html?x=1#v1"),
        "http://127.0.0.1:8000/"
    );
    assert_eq!(
        base_of("file:///home/a/dist/index.html"),
        "file:///home/a/dist/"
    );
}

#[test]
fn the_iframe_shows_the_same_view_in_embed_mode() {
    let base = "https://example.org/atlas/";
    for f in [
        "v1;sc=kubectl-run;hop=18;theme=dark;lang=ko",
        "v1;k=1.22;rt=dockershim;sc=kubectl-run-dockershim;hop=7;speed=2;p=state;obj=default/nginx",
        "v1;sc=runc-run;hop=3;p=term;s=AbC-_09",
    ] {
        let v = view(f);
        let s = snippets(&v, base, "A \"quoted\" <title> & more", None);
        let src = attr(&s.iframe, "src").replace("&amp;", "&");
        let fragment = src
            .strip_prefix(&format!("{base}index.html#"))
            .unwrap_or_else(|| panic!("{src}"));
        let back = view(fragment);
        assert!(back.embed, "{fragment}");
        assert_eq!(back, embed_view(&v, None), "{fragment}");
        assert_eq!(
            (back.hop, back.config, back.panel),
            (v.hop, v.config, v.panel)
        );
        // The title is escaped for its attribute.
        assert_eq!(
            attr(&s.iframe, "title"),
            "A &quot;quoted&quot; &lt;title&gt; &amp; more"
        );
        assert!(s
            .iframe
            .contains(&format!("width=\"{}\" height=\"{}\"", FRAME.0, FRAME.1)));
        assert!(s.iframe.contains("loading=\"lazy\"") && s.iframe.contains("style=\"border:0\""));
        // The link is the full page at the same view.
        assert_eq!(s.link, format!("{base}index.html#{}", v.to_fragment()));
        // The element: its script, then the element with the view's attributes.
        assert!(
            s.element.starts_with(&format!(
                "<script src=\"{base}embed.js\" defer></script>\n<runtime-atlas "
            )),
            "{}",
            s.element
        );
        assert!(
            s.element.contains(&format!("hop=\"{}\"", v.hop + 1)),
            "{}",
            s.element
        );
        assert!(s
            .element
            .contains(&format!("runtime=\"{}\"", v.config.runtime.id())));
        assert!(s.element.ends_with("></runtime-atlas>"));
    }
    let term = snippets(&view("v1;sc=runc-run;p=term;s=AbC-_09"), base, "t", None);
    assert!(
        term.element.contains("session=\"AbC-_09\""),
        "{}",
        term.element
    );
    let ko = snippets(
        &view("v1;sc=kubectl-run;lang=ko;theme=light;speed=2"),
        base,
        "t",
        None,
    );
    for a in [
        "lang=\"ko\"",
        "theme=\"light\"",
        "speed=\"2\"",
        "scenario=\"kubectl-run\"",
    ] {
        assert!(ko.element.contains(a), "{a}: {}", ko.element);
    }
}

#[test]
fn the_oembed_document_is_json_holding_the_iframe() {
    let v = view("v1;sc=kubectl-run;hop=18");
    let s = snippets(
        &v,
        "https://example.org/",
        "kubectl run \"nginx\"",
        Some((17, 40)),
    );
    let doc: serde_json::Value = serde_json::from_str(&s.oembed).expect("valid JSON");
    assert_eq!(doc["version"], "1.0");
    assert_eq!(doc["type"], "rich");
    assert_eq!(doc["provider_name"], "Runtime Atlas");
    assert_eq!(doc["provider_url"], "https://example.org/");
    assert_eq!(doc["title"], "kubectl run \"nginx\"");
    assert_eq!(
        (doc["width"].as_u64(), doc["height"].as_u64()),
        (Some(800), Some(450))
    );
    assert_eq!(doc["html"], s.iframe.as_str());
    // Only this chapter: the range is in the iframe's link and the element.
    let src = attr(&s.iframe, "src");
    let back = view(&src[src.find('#').map_or(0, |i| i + 1)..]);
    assert_eq!(back.range, Some((17, 40)));
    assert!(s.element.contains("from=\"18\" to=\"41\""), "{}", s.element);
    // The template shipped in www/ is the same document with its holes.
    let template = include_str!("../www/oembed.json");
    let t: serde_json::Value = serde_json::from_str(template).expect("the template is JSON");
    let keys = |v: &serde_json::Value| {
        v.as_object()
            .map(|o| o.keys().cloned().collect::<Vec<_>>())
            .unwrap_or_default()
    };
    assert_eq!(keys(&t), keys(&doc));
    assert!(t["html"]
        .as_str()
        .unwrap_or("")
        .contains("index.html#{{fragment}}"));
}

/// The state a link gives, with its run played (natively every run is).
fn opened(f: &str) -> AppState {
    AppState::from_fragment(f)
}

fn play(s: AppState, p: Playback) -> AppState {
    s.apply(Action::Play(p))
}

#[test]
fn an_embed_plays_inside_its_range_and_autoplays() {
    let s = opened("#v1;sc=kubectl-run;embed=1;from=18;to=60;play=1");
    assert!(s.len() > 60, "{}", s.len());
    assert_eq!(s.view.hop, 17, "starts at the range's first hop");
    assert!(s.playing, "play=1 plays once the run is ready");
    let (a, b) = s.bounds();
    assert_eq!(a, 17);
    assert!(b <= 59);
    // Ticks stop at the range's end.
    let mut t = s.clone();
    for _ in 0..500 {
        t = play(t, Playback::Tick);
    }
    assert!(!t.playing);
    assert!(t.view.hop <= 59 && t.view.hop > 17, "{}", t.view.hop);
    // Home, End, seeks and steps stay inside.
    assert_eq!(play(t.clone(), Playback::Home).view.hop, 17);
    let end = play(t.clone(), Playback::End).view.hop;
    assert!((17..=59).contains(&end), "{end}");
    assert_eq!(play(t.clone(), Playback::SeekHop(0)).view.hop, 17);
    assert!(play(t.clone(), Playback::SeekHop(5000)).view.hop <= 59);
    let back = play(play(t.clone(), Playback::Home), Playback::Step(-1));
    assert_eq!(back.view.hop, 17);
    // Play at the end starts again at the range's first hop.
    let again = play(play(t, Playback::End), Playback::Toggle);
    assert_eq!((again.view.hop, again.playing), (17, true));
    // Without embed=1 nothing of this is read.
    let page = opened("#v1;sc=kubectl-run;from=18;to=60;play=1");
    assert_eq!(
        (page.view.hop, page.playing, page.view.range),
        (0, false, None)
    );
}

#[test]
fn a_hop_past_the_range_lands_at_its_end_and_says_so() {
    let s = opened("#v1;sc=kubectl-run;hop=500;embed=1;to=60");
    assert_eq!(s.view.hop, 59);
    let said = s
        .notice
        .as_ref()
        .map(|n| runtime_atlas::i18n::english().render(n))
        .unwrap_or_default();
    assert!(said.contains("500") && said.contains("60"), "{said}");
    // A hop before the range starts it quietly.
    let s = opened("#v1;sc=kubectl-run;hop=2;embed=1;from=10");
    assert_eq!((s.view.hop, s.notice.is_none()), (9, true));
    assert_eq!(s.view.range, Some((9, OPEN_END)));
    assert_eq!(s.bounds().1, s.len() - 1);
}

#[tokio::test(flavor = "current_thread")]
async fn embed_mode_draws_the_diagram_the_note_and_a_compact_bar_only() {
    let html = render_at("#v1;sc=kubectl-run;hop=18;embed=1").await;
    for absent in [
        "class=\"site\"",
        "nav class=\"controls",
        "tabs-row",
        "id=\"embed\"",
        "class=\"whereami\"",
    ] {
        assert!(!html.contains(absent), "{absent} drawn in an embed");
    }
    for present in [
        "figure class=\"topology",
        "id=\"note\"",
        "class=\"playback compact\"",
        "id=\"hop-counter\"",
        "id=\"embed-open\"",
        "target=\"_blank\"",
    ] {
        assert!(html.contains(present), "{present} missing");
    }
    // The open link is the full page at the same hop.
    let open = attr(&html[html.find("id=\"embed-open\"").unwrap_or(0)..], "href");
    let full = view(open.trim_start_matches('#'));
    assert!(!full.embed);
    assert_eq!(full.hop, 17);
    // The sequence view and the command log only when `show` asks.
    assert!(!html.contains("figure class=\"sequence"));
    assert!(!html.contains("class=\"terminal\""));
    let all = render_at("#v1;sc=kubectl-run;hop=18;embed=1;show=note.log.seq").await;
    assert!(all.contains("class=\"terminal\""), "log");
    assert!(all.contains("sequence"), "seq");
    assert!(!all.contains("class=\"playback"), "no bar without `bar`");
    assert!(
        all.contains("id=\"embed-open\""),
        "the open link without a bar"
    );
    // The page has its chrome and the Embed button.
    let page = render_at("#v1;sc=kubectl-run;hop=18").await;
    assert!(page.contains("class=\"site\"") && page.contains("id=\"embed\""));
    assert!(!page.contains("compact") && !page.contains("embed-open"));
}

#[test]
fn show_flags_read_as_a_link_writes_them() {
    assert_eq!(Show::parse("note.bar"), Some(Show::default()));
    assert_eq!(
        Show::parse("bar.seq").map(Show::id).as_deref(),
        Some("seq.bar")
    );
    assert_eq!(Show::parse("bar.bar"), None);
    assert_eq!(Show::parse(""), None);
    assert_eq!(Show::parse("none"), Some(Show(0)));
}
