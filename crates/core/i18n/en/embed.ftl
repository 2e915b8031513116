# Embed mode (src/app.rs, embed=1) and the Embed dialog (src/components/embed.rs).
embed-open = Open in Runtime Atlas ↗
embed-button = Embed
embed-button-title = Snippets that put this view in another page
embed-heading = Embed this view
embed-close = Close
embed-hint = Paste one of these into a page: the element loads nothing until the reader clicks it, the iframe needs no script.
embed-chapter = Only this chapter: { $chapter }
embed-chapter-none = Only this chapter (the view has no chapters)
embed-element = Element, with its script
embed-iframe = Plain iframe (no script)
embed-oembed = oEmbed document (host it beside your page)
embed-link = Link to this view
embed-copy = Copy
embed-copied = Copied
embed-docs = Every option of the embed, shown live
# The <runtime-atlas> element's poster (www/embed.js): `cargo xtask dist` writes
# each embed-poster-X message into the script's WORDS.ui.X, in both languages.
embed-poster-load = Click to load the interactive diagram
