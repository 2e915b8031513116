//! What the app's server-side render tests share.

use runtime_atlas::App;

/// The app's first frame, rendered on the server, for a link's fragment
/// (`#v1;…`).
pub async fn render_at(fragment: &str) -> String {
    let props = runtime_atlas::app::AppProps {
        fragment: Some(fragment.to_string().into()),
    };
    yew::LocalServerRenderer::<App>::with_props(props)
        .hydratable(false)
        .render()
        .await
}
