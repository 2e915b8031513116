//! What an embed asks of the page it runs in: the root's `data-embed` (and
//! `data-follow` when a `<runtime-atlas>` element follows its height), the
//! height posted to the host page, the camera over a clipped drawing, and
//! the Embed dialog's Copy buttons.

#[cfg(target_arch = "wasm32")]
mod imp {
    #[wasm_bindgen::prelude::wasm_bindgen(inline_js = r#"
export function atlas_set_embed(on) {
  const root = document.documentElement;
  if (!on) { root.removeAttribute('data-embed'); root.removeAttribute('data-follow'); return false; }
  root.setAttribute('data-embed', '');
  // An element's iframe is named `runtime-atlas:{id}`: its height follows the content.
  const follow = window.parent !== window && String(window.name || '').startsWith('runtime-atlas:');
  if (follow) root.setAttribute('data-follow', ''); else root.removeAttribute('data-follow');
  return follow;
}
// Posts the content's height to the host (the element resizes its iframe).
// The diagram's largest height is set once, from the height the element
// first gave, so that the iframe growing never grows the diagram.
export function atlas_follow_height() {
  if (window.parent === window) return;
  const name = String(window.name || '');
  const id = name.startsWith('runtime-atlas:') ? name.slice(14) : '';
  const root = document.documentElement;
  const bar = document.querySelector('.playback');
  const rem = parseFloat(getComputedStyle(root).fontSize) || 16;
  const max = Math.max(160, Math.round(innerHeight - (bar ? bar.offsetHeight : 0) - 6 * rem));
  root.style.setProperty('--diagram-max-h', max + 'px');
  let last = -1, queued = false;
  const post = () => {
    queued = false;
    // html's own box: with height:auto it is the content's height, never the viewport's.
    const h = Math.ceil(root.getBoundingClientRect().height);
    if (h !== last) { last = h; parent.postMessage({ type: 'runtime-atlas:height', id, height: h }, '*'); }
  };
  new ResizeObserver(() => { if (!queued) { queued = true; requestAnimationFrame(post); } }).observe(root);
  addEventListener('load', post);
  post();
}
// The camera over a clipped drawing: the box from (lx, ly) to (hx, hy)
// (fractions of the content's size) in view, not moved when it is, else
// centred. Kept on the element and applied again, at once, whenever the
// drawing or its frame changes size: the embed's layout (data-embed, the
// height the element gives) often settles after the first frame's effects.
export function atlas_reveal(el, lx, hx, ly, hy, smooth) {
  el._atlasCamera = [lx, hx, ly, hy];
  const apply = (smooth) => {
    if (!el._atlasCamera) return;
    const [lx, hx, ly, hy] = el._atlasCamera;
    const axis = (s, c, at, lo, hi) => {
      const a = lo * s, b = hi * s;
      return s > c && (a < at || b > at + c) ? Math.min(Math.max((a + b) / 2 - c / 2, 0), s - c) : null;
    };
    const x = axis(el.scrollWidth, el.clientWidth, el.scrollLeft, lx, hx);
    const y = axis(el.scrollHeight, el.clientHeight, el.scrollTop, ly, hy);
    if (x === null && y === null) return;
    el.scrollTo({ left: x ?? el.scrollLeft, top: y ?? el.scrollTop, behavior: smooth ? 'smooth' : 'instant' });
  };
  if (!el._atlasCameraWatch) {
    el._atlasCameraWatch = new ResizeObserver(() => apply(false));
    el._atlasCameraWatch.observe(el);
    if (el.firstElementChild) el._atlasCameraWatch.observe(el.firstElementChild);
  }
  apply(smooth);
}
// No hop to show: a resize leaves the drawing where it is.
export function atlas_camera_off(el) {
  el._atlasCamera = null;
}
// Copies the text of the field matching `selector`; true when it was asked.
export function atlas_copy(selector) {
  const el = document.querySelector(selector);
  if (!el) return false;
  const text = el.value || el.textContent || '';
  const legacy = () => { try { el.select(); document.execCommand('copy'); } catch (_) { /* refused */ } };
  if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(text).catch(legacy);
  else legacy();
  return true;
}
"#)]
    extern "C" {
        fn atlas_set_embed(on: bool) -> bool;
        fn atlas_follow_height();
        fn atlas_copy(selector: &str) -> bool;
        fn atlas_reveal(el: &web_sys::Element, lx: f64, hx: f64, ly: f64, hy: f64, smooth: bool);
        fn atlas_camera_off(el: &web_sys::Element);
    }

    /// Marks the page as an embed (`data-embed` on `<html>`, and
    /// `data-follow` when an element follows its height); true when it does.
    pub fn set_embed(on: bool) -> bool {
        atlas_set_embed(on)
    }

    /// Posts the content's height to the host page whenever it changes
    /// (`{type: 'runtime-atlas:height', id, height}`); nothing outside a frame.
    pub fn follow_height() {
        atlas_follow_height();
    }

    /// Copies the text of the field matching `selector` to the clipboard.
    pub fn copy_text(selector: &str) -> bool {
        atlas_copy(selector)
    }

    /// Scrolls a clipped drawing both ways so that the box from (`lo_x`,
    /// `lo_y`) to (`hi_x`, `hi_y`) (fractions of its content size) is in
    /// view: not at all when it is, else with the box's middle in the
    /// middle; again whenever the drawing or its frame is resized.
    pub fn reveal_xy(el: &web_sys::Element, lo_x: f64, hi_x: f64, lo_y: f64, hi_y: f64) {
        atlas_reveal(el, lo_x, hi_x, lo_y, hi_y, !super::super::reduced_motion());
    }

    /// Forgets the camera's box: with no hop shown, a resize moves nothing.
    pub fn camera_off(el: &web_sys::Element) {
        atlas_camera_off(el);
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod imp {
    /// Outside the browser there is no page to mark.
    pub fn set_embed(_: bool) -> bool {
        false
    }
    /// Outside the browser there is no host page.
    pub fn follow_height() {}
    /// Outside the browser there is no clipboard.
    pub fn copy_text(_: &str) -> bool {
        false
    }
    /// Outside the browser nothing scrolls.
    pub fn reveal_xy(_: &web_sys::Element, _: f64, _: f64, _: f64, _: f64) {}
    /// Outside the browser nothing scrolls.
    pub fn camera_off(_: &web_sys::Element) {}
}

pub use imp::*;
