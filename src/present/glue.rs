//! What presenter mode asks of the browser, beside `crate::browser` (its own
//! inline JS, so the page's glue is unchanged): the stylesheet added on
//! first use, the pointer that shows the controls, fullscreen, and the
//! notes window kept in step (a `BroadcastChannel` and `postMessage` with
//! the window it opened: `www/notes.html`). The clock is the page's: the
//! time the talk started is kept here, never in the state. Outside wasm32
//! (server-side render tests) they do nothing.

/// Something to keep alive; dropping it stops listening.
pub type Guard = crate::browser::Guard;

#[cfg(target_arch = "wasm32")]
#[allow(missing_docs)]
mod imp {
    use super::Guard;
    use wasm_bindgen::prelude::*;

    #[wasm_bindgen(inline_js = r#"
const P = { chan: 'runtime-atlas-present-' + Math.random().toString(36).slice(2, 10),
  at: Math.random().toString(36).slice(2, 10), bc: null, win: null, seq: 0, last: null,
  startedAt: null, handler: null, idle: 0, added: false, heard: null };
function deliver(m) {
  if (P.bc) P.bc.postMessage(m);
  try { if (P.win && !P.win.closed) P.win.postMessage(m, '*'); } catch (e) { /* the window is gone */ }
}
function heard(d, fromNotes) {
  if (!fromNotes || !d || d.type !== 'runtime-atlas:notes' || d.v !== 1) return;
  // The notes window sends each message on both paths: act once.
  if (d.id && d.id === P.heard) return;
  P.heard = d.id;
  if (d.op === 'hello' && P.last) deliver(P.last);
  if (d.op === 'clock-reset') { P.startedAt = Date.now(); if (P.last) { P.last = Object.assign({}, P.last, { seq: ++P.seq, startedAt: P.startedAt }); deliver(P.last); } }
  if (d.op === 'key' && P.handler && typeof d.key === 'string') P.handler(d.key);
}
export function atlas_present_enter() {
  const root = document.documentElement;
  root.setAttribute('data-present', '');
  if (!P.added) {
    P.added = true;
    const link = document.createElement('link');
    link.rel = 'stylesheet';
    link.href = new URL('../../present.css', import.meta.url).href;
    document.head.appendChild(link);
    addEventListener('pointermove', () => {
      if (!root.hasAttribute('data-present')) return;
      root.setAttribute('data-pointer', '');
      clearTimeout(P.idle);
      P.idle = setTimeout(() => root.removeAttribute('data-pointer'), 2500);
    });
    if ('BroadcastChannel' in window) { P.bc = new BroadcastChannel(P.chan); P.bc.onmessage = (e) => heard(e.data, true); }
    addEventListener('message', (e) => heard(e.data, P.win !== null && e.source === P.win));
  }
}
export function atlas_present_leave() {
  document.documentElement.removeAttribute('data-present');
  document.documentElement.removeAttribute('data-pointer');
}
export function atlas_present_fullscreen() {
  const el = document.documentElement;
  if (document.fullscreenElement) { document.exitFullscreen().catch(() => {}); return; }
  if (el.requestFullscreen) el.requestFullscreen().catch(() => {});
}
export function atlas_present_notes() {
  const url = new URL('../../notes.html', import.meta.url);
  url.hash = 'ch=' + P.chan;
  P.win = window.open(url.href, 'runtime-atlas-notes', 'popup,width=960,height=720') || P.win;
}
export function atlas_present_post(json, started) {
  let m;
  try { m = JSON.parse(json); } catch (e) { return; }
  if (started && !P.startedAt) P.startedAt = Date.now();
  P.last = Object.assign(m, { type: 'runtime-atlas:present', v: 1, seq: ++P.seq, at: P.at, startedAt: P.startedAt });
  deliver(P.last);
}
export function atlas_present_listen(f) { P.handler = f; }
"#)]
    extern "C" {
        fn atlas_present_enter();
        fn atlas_present_leave();
        fn atlas_present_fullscreen();
        fn atlas_present_notes();
        fn atlas_present_post(json: &str, started: bool);
        fn atlas_present_listen(f: &JsValue);
    }

    pub fn enter() {
        atlas_present_enter();
    }

    pub fn leave() {
        atlas_present_leave();
    }

    pub fn fullscreen() {
        atlas_present_fullscreen();
    }

    pub fn open_notes() {
        atlas_present_notes();
    }

    pub fn post(json: &str, started: bool) {
        atlas_present_post(json, started);
    }

    /// Dropped: the keys from the notes window go nowhere.
    struct Listening(#[allow(dead_code)] Closure<dyn Fn(String)>);

    impl Drop for Listening {
        fn drop(&mut self) {
            atlas_present_listen(&JsValue::NULL);
        }
    }

    pub fn on_notes_key(f: impl Fn(String) + 'static) -> Guard {
        let c = Closure::<dyn Fn(String)>::new(f);
        atlas_present_listen(c.as_ref());
        Some(Box::new(Listening(c)))
    }
}

#[cfg(not(target_arch = "wasm32"))]
#[allow(missing_docs)]
mod imp {
    use super::Guard;

    pub fn enter() {}
    pub fn leave() {}
    pub fn fullscreen() {}
    pub fn open_notes() {}
    pub fn post(_: &str, _: bool) {}
    pub fn on_notes_key(_: impl Fn(String) + 'static) -> Guard {
        None
    }
}

/// Marks the page as presenting (`data-present` on `<html>`) and, the first
/// time, adds `present.css`, the pointer listener (the controls show while
/// it moves, for 2.5 s) and the channel to the notes window.
pub use imp::enter;
/// Fullscreen on, or off when it is on (needs a key press or a click).
pub use imp::fullscreen;
/// The page is no longer presenting.
pub use imp::leave;
/// Calls `f` with each key pressed in the notes window.
pub use imp::on_notes_key;
/// Opens the notes window (or brings it back).
pub use imp::open_notes;
/// Sends the notes window the presenter's state (JSON); `started` starts
/// the talk's clock if it is not running.
pub use imp::post;
