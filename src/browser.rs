//! The few things the app asks of the browser, in one place: the URL fragment,
//! the theme attribute, `prefers-reduced-motion`, timers and window events,
//! reading a chosen or dropped file, downloads (the trace, the diagram as
//! SVG or PNG), the inspector module (a second wasm module, imported when
//! the OCI inspector first needs it) and the engine module (a third, imported
//! when a run other than the default view's is first needed). Outside wasm32
//! (server-side render tests) they do nothing.

/// Something to keep alive; dropping it cancels the timer or removes the listener.
pub type Guard = Option<Box<dyn std::any::Any>>;

/// Where an element is (its box in the viewport, in whole CSS pixels) and
/// the viewport's size. Integers: the app's wasm carries no float parsing
/// or formatting (see `atlas_core::command::units`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    /// The box's left edge.
    pub left: i32,
    /// The box's top edge.
    pub top: i32,
    /// The box's width.
    pub width: i32,
    /// The box's height.
    pub height: i32,
    /// The viewport's width.
    pub vw: i32,
    /// The viewport's height.
    pub vh: i32,
}

#[cfg(target_arch = "wasm32")]
#[allow(missing_docs)]
mod imp {
    use super::Guard;
    use crate::state::inspect::{Answer, Request};
    use atlas_core::played::Ask;
    use gloo::events::{EventListener, EventListenerOptions};
    use gloo::timers::callback::Timeout;
    use wasm_bindgen::JsCast;
    use wasm_bindgen::JsValue;

    pub fn fragment() -> String {
        web_sys::window()
            .and_then(|w| w.location().hash().ok())
            .unwrap_or_default()
    }

    pub fn replace_fragment(f: &str) {
        let Some(w) = web_sys::window() else { return };
        if w.location().hash().ok().as_deref() == Some(&format!("#{f}")) {
            return;
        }
        if let Ok(h) = w.history() {
            let _ = h.replace_state_with_url(&JsValue::NULL, "", Some(&format!("#{f}")));
        }
    }

    /// Sets an attribute of the page's root element (`data-theme`, `lang`).
    pub fn set_root(name: &str, value: &str) {
        if let Some(root) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
        {
            let _ = root.set_attribute(name, value);
        }
    }

    pub fn reduced_motion() -> bool {
        web_sys::window()
            .and_then(|w| {
                w.match_media("(prefers-reduced-motion: reduce)")
                    .ok()
                    .flatten()
            })
            .is_some_and(|m| m.matches())
    }

    pub fn after(ms: u32, f: impl FnOnce() + 'static) -> Guard {
        Some(Box::new(Timeout::new(ms, f)))
    }

    /// Runs `f` once the next frame has been painted: a task queued from
    /// that frame's `requestAnimationFrame` runs after its paint.
    pub fn after_paint(f: impl FnOnce() + 'static) -> Guard {
        let frame = gloo::render::request_animation_frame(move |_| {
            Timeout::new(0, f).forget();
        });
        Some(Box::new(frame))
    }

    pub fn on_key(f: impl Fn(&web_sys::KeyboardEvent) + 'static) -> Guard {
        let w = web_sys::window()?;
        let opts = EventListenerOptions::enable_prevent_default();
        let l = EventListener::new_with_options(&w, "keydown", opts, move |e| {
            if let Some(k) = e.dyn_ref::<web_sys::KeyboardEvent>() {
                f(k);
            }
        });
        Some(Box::new(l))
    }

    pub fn on_hashchange(f: impl Fn(String) + 'static) -> Guard {
        let w = web_sys::window()?;
        // The link the event navigated to, not the page's location when the
        // event is handled: by then the app may have replaced it with its own
        // view (an engine answer redrawn in between), and the link be lost.
        let l = EventListener::new(&w, "hashchange", move |e| {
            let to = js_sys::Reflect::get(e, &JsValue::from_str("newURL"))
                .ok()
                .and_then(|u| u.as_string())
                .and_then(|u| u.find('#').map(|i| u[i..].to_string()));
            f(to.unwrap_or_else(fragment))
        });
        Some(Box::new(l))
    }

    /// Scrolls a horizontally scrolling element so that the span from `lo` to
    /// `hi` (fractions of its content width) is in view: not at all when it
    /// already is, else with the span's middle in the middle.
    pub fn reveal_x(el: &web_sys::Element, lo: f64, hi: f64) {
        let (sw, cw) = (f64::from(el.scroll_width()), f64::from(el.client_width()));
        let left = f64::from(el.scroll_left());
        let (a, b) = (lo * sw, hi * sw);
        if sw > cw && (a < left || b > left + cw) {
            let to = ((a + b) / 2.0 - cw / 2.0).max(0.0);
            el.set_scroll_left(to as i32);
        }
    }

    /// Keeps the `selector` group of the SVG inside a sideways-scrolling
    /// figure at the visible left edge: `width` is the SVG's viewBox width.
    pub fn pin_left(figure: &web_sys::Element, selector: &str, width: i32) {
        let Some(svg) = figure.first_element_child() else {
            return;
        };
        let shown = svg.client_width();
        let x = if shown > 0 {
            f64::from(figure.scroll_left()) * f64::from(width) / f64::from(shown)
        } else {
            0.0
        };
        if let Ok(Some(g)) = svg.query_selector(selector) {
            let _ = g.set_attribute("transform", &format!("translate({} 0)", x.round() as i32));
        }
    }

    /// Tag name (upper case) of the element an event targets.
    pub fn target_tag(e: &web_sys::Event) -> String {
        e.target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .map(|el| el.tag_name())
            .unwrap_or_default()
    }

    /// Takes the focus from the element an event targets (Escape in a form control).
    pub fn blur_target(e: &web_sys::Event) {
        if let Some(el) = e
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = el.blur();
        }
    }

    /// Focuses the first element under `root` that matches `selector` (an
    /// SVG element too: `focus` is called by name).
    pub fn focus_in(root: &web_sys::Element, selector: &str) {
        if let Ok(Some(el)) = root.query_selector(selector) {
            let focus = js_sys::Reflect::get(&el, &wasm_bindgen::JsValue::from_str("focus"));
            if let Ok(f) = focus.and_then(|f| f.dyn_into::<js_sys::Function>()) {
                let _ = f.call0(&el);
            }
        }
    }

    /// Scrolls the element with this id into view.
    pub fn scroll_to(id: &str) {
        if let Some(el) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id(id))
        {
            el.scroll_into_view();
        }
    }

    /// Reads a file: `done` gets its name and bytes, or why it could not be read.
    /// Dropping the guard abandons the read.
    pub fn read_file(
        file: web_sys::File,
        done: impl FnOnce(String, Result<Vec<u8>, String>) + 'static,
    ) -> Guard {
        let name = file.name();
        let file = gloo::file::File::from(file);
        let reader = gloo::file::callbacks::read_as_bytes(&file, move |r| {
            done(name, r.map_err(|e| e.to_string()))
        });
        Some(Box::new(reader))
    }

    #[wasm_bindgen::prelude::wasm_bindgen(inline_js = r#"
const PROPS = ['fill', 'fill-opacity', 'stroke', 'stroke-width', 'stroke-dasharray', 'opacity',
  'font-family', 'font-size', 'font-weight', 'dominant-baseline', 'text-anchor', 'display'];
function save(name, blob) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url; a.download = name; a.hidden = true;
  document.body.appendChild(a); a.click(); a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}
// The OCI inspector and the engine are wasm modules of their own
// (atlas-inspector.js, atlas-engine.js, beside index.html), each imported on
// first use. An instance that traps (a panic aborts) is marked dead and
// dropped, and so is a load that failed or took over LOAD_MS: the next call
// imports a fresh instance under a new URL (a page keeps a failed import's
// URL failed). Calls queued on a dead instance load a fresh one.
const LOAD_MS = 30000;
// The app's i18n::add_english: a module's English part (`messages_en()`,
// the messages only it produces) joins the page's catalog as soon as the
// module is instantiated, before the caller sees any of its answers.
let addMessages = null;
export function atlas_on_module_messages(f) { addMessages = f; }
// The caller of one module: call(ask, done) runs ask(module) on a live
// instance and gives done(true, its result), or done(false, why).
function loader(file, what) {
  let current = null, generation = 0;
  // Forgets instance `g` if it is still the current one.
  const retire = (g) => { if (g === generation) { current = null; generation++; } };
  const load = () => {
    if (!current) {
      const g = generation;
      const url = new URL('../../' + file, import.meta.url);
      if (g) url.search = '?instance=' + g;
      // dist-offline/ (file://) has no module loading: its page lends an import.
      const imp = window.__atlasFile ? window.__atlasFile.import : (u) => import(u);
      const loading = imp(url.href).then(async (m) => {
        await m.default();
        if (addMessages && m.messages_en) addMessages(m.messages_en());
        return { m, g, dead: false };
      });
      const late = new Promise((_, no) => setTimeout(
        () => no(new Error('it did not load within ' + LOAD_MS / 1000 + ' s')), LOAD_MS));
      current = Promise.race([loading, late]);
      current.catch(() => retire(g));
    }
    return current;
  };
  return (ask, done) => {
    const run = (instance) => {
      if (instance.dead) return load().then(run);
      let answer;
      try {
        answer = ask(instance.m);
      } catch (e) {
        let why = '';
        try { why = instance.m.last_panic(); } catch (_) { /* the instance is gone */ }
        instance.dead = true;
        retire(instance.g);
        done(false, 'the ' + what + ' stopped (' + (why || String(e)) + ')');
        return;
      }
      done(true, answer);
    };
    load().then(run).catch((e) => done(false,
      'the ' + what + ' module could not be loaded (' + ((e && e.message) || e) + ')'));
  };
}
const inspector = loader('atlas-inspector.js', 'inspector');
const engine = loader('atlas-engine.js', 'engine');
// A shipped document (`shipped`, its path under assets/oci/) is read from
// the module's own copy, and its text comes back with the answer.
export function atlas_inspect(text, bytes, shipped, done) {
  inspector((m) => {
    let doc;
    if (shipped) {
      doc = m.document(shipped);
      if (doc === undefined) return { missing: true };
    }
    return { answer: bytes ? m.inspect_bytes(bytes) : m.inspect(shipped ? doc : text), doc };
  }, (ok, a) => {
    if (!ok) done(false, a);
    else if (a.missing) done(false, 'the inspector module has no ' + shipped);
    else done(true, a.answer, a.doc);
  });
}
// `ask` is `play` (a run) or `host_processes` (its process tables); `request`
// the core's Ask as JSON.
export function atlas_engine(ask, request, done) {
  engine((m) => (ask === 'host_processes' ? m.host_processes(request) : m.play(request)), done);
}
// The terminal's one live Session (the engine module's), beside the loader:
// made by `open`, rebuilt by replaying the entries it ran when its instance
// trapped (the loader then imports a fresh one). Every answer is JSON text.
const TERM = { m: null, s: null, config: '', scenario: '', entries: [] };
function termReplay(s, e) {
  if (e === 'interrupt') return { kind: 'interrupt', step: JSON.parse(s.interrupt()) };
  if (e.tick !== undefined) return { kind: 'tick', ms: e.tick, step: JSON.parse(s.tick(e.tick)) };
  if (e.save) {
    const r = JSON.parse(s.save(e.save.path, e.save.text, e.save.editor));
    return Object.assign({ kind: 'save' }, e.save, r);
  }
  return { kind: 'run', line: e.line, prompt: s.prompt(), step: JSON.parse(s.run(e.line)) };
}
// Ticks of one follow merge up to the core's MAX_TICK_MS (an hour), as the face's list does.
function termEntry(e) {
  const last = TERM.entries[TERM.entries.length - 1];
  if (e.tick !== undefined && last && last.tick !== undefined && last.tick + e.tick <= 3600000) last.tick += e.tick;
  else TERM.entries.push(e);
}
function termSession(m) {
  if (TERM.s && TERM.m === m) return TERM.s;
  const s = new m.Session(TERM.config, TERM.scenario);
  for (const e of TERM.entries) termReplay(s, e);
  TERM.m = m; TERM.s = s;
  return s;
}
function termState(s, out) {
  out.prompt = s.prompt(); out.following = s.following(); out.clock = s.clock_ms();
  return JSON.stringify(out);
}
function termOp(m, op, a) {
  if (op === 'encode') return m.encode_session(a.entries, a.max);
  if (op === 'open') {
    let entries = [], decode;
    if (a.s) {
      const d = JSON.parse(m.decode_session(a.s));
      if (d.err) decode = d.err; else entries = d.ok;
    }
    Object.assign(TERM, { m, s: null, config: a.config, scenario: a.scenario, entries: [] });
    let s;
    try { s = new m.Session(a.config, a.scenario); } catch (e) {
      if (e instanceof WebAssembly.RuntimeError) throw e;
      return JSON.stringify({ refused: String(e) });
    }
    TERM.s = s;
    const results = [];
    for (const e of entries) { results.push(termReplay(s, e)); termEntry(e); }
    return termState(s, { results, pending: '', decode });
  }
  const s = termSession(m);
  if (op === 'complete') return s.complete(a.line, a.cursor);
  if (op === 'check') return s.check();
  if (op === 'read') return s.read_file(a.path);
  const results = [];
  let pending = '', rest = [];
  if (op === 'run') {
    pending = a.pending;
    for (let i = 0; i < a.lines.length; i++) {
      const text = pending ? pending + '\n' + a.lines[i] : a.lines[i];
      if (s.needs_more(text)) { pending = text; continue; }
      pending = '';
      const e = { line: text };
      results.push(termReplay(s, e)); termEntry(e);
      if (s.following()) { rest = a.lines.slice(i + 1); break; }
    }
  } else {
    const e = op === 'tick' ? { tick: a.ms } : op === 'interrupt' ? 'interrupt'
      : { save: { path: a.path, text: a.text, editor: a.editor } };
    const r = termReplay(s, e);
    if (op !== 'save' || r.ok) termEntry(e);
    results.push(r);
  }
  return termState(s, { results, pending, rest });
}
export function atlas_term(op, args, done) {
  const a = JSON.parse(args);
  engine((m) => termOp(m, op, a), (ok, answer) => {
    if (!ok && TERM.s) TERM.s = null;
    done(ok, ok ? answer : String(answer));
  });
}
// The drills and the quiz (`drill_list`, `drill_show`, `quiz_list`): JSON text.
export function atlas_practice(op, arg, done) {
  engine((m) => (op === 'drill_show' ? m.drill_show(arg) : op === 'quiz_list' ? m.quiz_list() : m.drill_list()),
    (ok, answer) => done(ok, ok ? answer : String(answer)));
}
// Any export of the engine module taking one string and answering a string
// (a talk's JSON, the talk list): `done(ok, answer or why)`.
export function atlas_engine_call(fn, arg, done) {
  engine((m) => String(m[fn](arg)), (ok, answer) => done(ok, String(answer)));
}
// Whether text is selected in the page (Ctrl-C then copies, as in a terminal).
export function atlas_selected() {
  const s = window.getSelection();
  return !!(s && String(s).length);
}
export function atlas_download(name, mime, text) { save(name, new Blob([text], { type: mime })); }
// A text beside index.html (the Korean catalog, i18n/ko.ftl): `done(ok, text or why)`.
export function atlas_fetch_text(path, done) {
  if (window.__atlasFile) { window.__atlasFile.text(path).then((t) => done(true, t), (e) => done(false, path + ': ' + e)); return; }
  const url = new URL('../../' + path, import.meta.url);
  fetch(url.href).then(async (r) => {
    if (!r.ok) { done(false, path + ': HTTP ' + r.status); return; }
    done(true, await r.text());
  }).catch((e) => done(false, path + ': ' + ((e && e.message) || e)));
}
export function atlas_languages() {
  return Array.from(navigator.languages || [navigator.language || '']).join(',');
}
export function atlas_set_last_good(fragment) {
  window.__atlasLastGood = fragment;
}
// The first visit's tour is remembered in localStorage (a browser that
// refuses storage counts as having seen it: the tour never nags).
export function atlas_tour_seen() {
  try { return localStorage.getItem('atlas-tour') === 'seen'; } catch (_) { return true; }
}
export function atlas_set_tour_seen() {
  try { localStorage.setItem('atlas-tour', 'seen'); } catch (_) { /* storage refused */ }
}
// Scrolls the first element matching `selector` into view and gives its box
// and the viewport: "left top width height innerWidth innerHeight" (the
// box in viewport coordinates), or "" when there is none.
export function atlas_place(selector) {
  const e = document.querySelector(selector);
  if (!e) return '';
  e.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  const r = e.getBoundingClientRect();
  return [r.left, r.top, r.width, r.height, innerWidth, innerHeight].map(Math.round).join(' ');
}
export function atlas_focus(selector) {
  const e = document.querySelector(selector);
  if (e) e.focus({ preventScroll: true });
}
// The diagram as a file of its own: its computed styles inlined, and under
// it the caption (`caption`: lines, '\n'-separated), each line wrapped to
// the picture's width in <text> elements (a piece keeps the space it broke
// at, so a line's pieces joined give the line). Returns the copy and its size.
function exported(selector, caption) {
  const svg = document.querySelector(selector);
  if (!svg) return null;
  const copy = svg.cloneNode(true);
  const from = svg.querySelectorAll('*'), to = copy.querySelectorAll('*');
  for (let i = 0; i < from.length; i++) {
    const cs = getComputedStyle(from[i]);
    to[i].setAttribute('style', PROPS.map((p) => p + ':' + cs.getPropertyValue(p)).join(';'));
  }
  copy.querySelectorAll('.tokens').forEach((t) => t.remove());
  copy.querySelectorAll('.pinned').forEach((g) => g.removeAttribute('transform'));
  copy.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  const body = getComputedStyle(document.body);
  copy.setAttribute('style', 'background:' + body.backgroundColor);
  const box = svg.viewBox.baseVal;
  const x = (box && box.width && box.x) || 0, y = (box && box.width && box.y) || 0;
  const w = (box && box.width) || svg.clientWidth, h = (box && box.height) || svg.clientHeight;
  const size = Math.max(14, Math.round(w / 100)), lh = Math.round(size * 1.45), pad = size;
  const em = (c) => (c.codePointAt(0) > 0x2e7f ? 1 : 0.6);
  const max = (w - 2 * pad) / size;
  const wrap = (line) => {
    const out = [];
    let cur = '', cw = 0;
    const put = (s, sw) => {
      if (cw + sw > max && cur) { out.push(cur); cur = ''; cw = 0; }
      cur += s; cw += sw;
    };
    for (const word of line.split(/(?<= )/)) {
      const ww = Array.from(word).reduce((a, c) => a + em(c), 0);
      if (ww <= max) put(word, ww);
      else Array.from(word).forEach((c) => put(c, em(c)));
    }
    if (cur) out.push(cur);
    return out;
  };
  const NS = 'http://www.w3.org/2000/svg';
  const g = document.createElementNS(NS, 'g');
  g.setAttribute('class', 'caption');
  let at = h + pad;
  (caption ? caption.split('\n') : []).forEach((line, i) => {
    wrap(line).forEach((piece) => {
      at += lh;
      const t = document.createElementNS(NS, 'text');
      t.setAttribute('x', String(x + pad));
      t.setAttribute('y', String(y + at - 5));
      t.setAttribute('data-line', String(i));
      t.setAttribute('style', 'fill:' + body.color + ';font-family:' + body.fontFamily
        + ';font-size:' + size + 'px' + (i === 0 ? ';font-weight:600' : ''));
      t.textContent = piece;
      g.appendChild(t);
    });
  });
  const height = caption ? at + pad : h;
  copy.appendChild(g);
  copy.setAttribute('viewBox', [x, y, w, height].join(' '));
  copy.setAttribute('width', String(w));
  copy.setAttribute('height', String(height));
  return { copy, w, h: height };
}
export function atlas_svg(selector, caption) {
  const e = exported(selector, caption);
  return e ? new XMLSerializer().serializeToString(e.copy) : null;
}
export function atlas_png(selector, name, caption) {
  const e = exported(selector, caption);
  if (!e) return false;
  const text = new XMLSerializer().serializeToString(e.copy);
  const img = new Image();
  img.onload = () => {
    const c = document.createElement('canvas');
    c.width = e.w * 2; c.height = e.h * 2;
    const g = c.getContext('2d');
    g.fillStyle = getComputedStyle(document.body).backgroundColor;
    g.fillRect(0, 0, c.width, c.height);
    g.drawImage(img, 0, 0, c.width, c.height);
    c.toBlob((b) => { if (b) save(name, b); }, 'image/png');
  };
  img.src = 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(text);
  return true;
}
"#)]
    extern "C" {
        fn atlas_download(name: &str, mime: &str, text: &str);
        fn atlas_svg(selector: &str, caption: &str) -> Option<String>;
        fn atlas_set_last_good(fragment: &str);
        fn atlas_png(selector: &str, name: &str, caption: &str) -> bool;
        fn atlas_inspect(text: &str, bytes: Option<Vec<u8>>, shipped: &str, done: &JsValue);
        fn atlas_fetch_text(path: &str, done: &JsValue);
        fn atlas_languages() -> String;
        fn atlas_engine(ask: &str, request: &str, done: &JsValue);
        fn atlas_term(op: &str, args: &str, done: &JsValue);
        fn atlas_practice(op: &str, arg: &str, done: &JsValue);
        fn atlas_engine_call(f: &str, arg: &str, done: &JsValue);
        fn atlas_selected() -> bool;
        fn atlas_tour_seen() -> bool;
        fn atlas_set_tour_seen();
        fn atlas_place(selector: &str) -> String;
        fn atlas_focus(selector: &str);
        fn atlas_on_module_messages(f: &JsValue);
    }

    /// Calls `f` with each on-demand module's English part when the module
    /// is instantiated (see `i18n::add_english`); set once per page.
    pub fn on_module_messages(f: fn(String)) {
        let f = wasm_bindgen::closure::Closure::<dyn Fn(String)>::new(f);
        atlas_on_module_messages(f.as_ref());
        // Kept for the page's life: the loader calls it at every load.
        f.forget();
    }

    /// Whether this browser has seen the tour (or refuses storage).
    pub fn tour_seen() -> bool {
        atlas_tour_seen()
    }

    /// Remembers that this browser has seen the tour.
    pub fn set_tour_seen() {
        atlas_set_tour_seen();
    }

    /// Scrolls an element into view and gives its box in the viewport and
    /// the viewport's size, or none when no element matches.
    pub fn place(selector: &str) -> Option<super::Place> {
        let v: Vec<i32> = atlas_place(selector)
            .split(' ')
            .filter_map(|n| n.parse().ok())
            .collect();
        match v[..] {
            [left, top, width, height, vw, vh] => Some(super::Place {
                left,
                top,
                width,
                height,
                vw,
                vh,
            }),
            _ => None,
        }
    }

    /// Moves the keyboard focus to the first element matching `selector`.
    pub fn focus(selector: &str) {
        atlas_focus(selector);
    }

    /// Calls `f` with the glossary entry of a clicked term (an element with
    /// `data-term`, or inside one), anywhere in the page.
    pub fn on_term_click(f: impl Fn(String) + 'static) -> Guard {
        let d = web_sys::window()?.document()?;
        let l = EventListener::new(&d, "click", move |e| {
            let term = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .and_then(|el| el.closest("[data-term]").ok().flatten())
                .and_then(|el| el.get_attribute("data-term"));
            if let Some(term) = term {
                f(term);
            }
        });
        Some(Box::new(l))
    }

    /// Calls `f` when the window is resized.
    pub fn on_resize(f: impl Fn() + 'static) -> Guard {
        let w = web_sys::window()?;
        let l = EventListener::new(&w, "resize", move |_| f());
        Some(Box::new(l))
    }

    /// Fetches a text shipped beside the page (`i18n/ko.ftl`); `done` gets
    /// it, or why not (HTTP status, network error).
    pub fn fetch_text(path: &str, done: impl FnOnce(Result<String, String>) + 'static) {
        let done = wasm_bindgen::closure::Closure::once_into_js(move |ok: bool, text: String| {
            done(if ok { Ok(text) } else { Err(text) })
        });
        atlas_fetch_text(path, &done);
    }

    /// The browser's preferred languages (`navigator.languages`), best first.
    pub fn languages() -> Vec<String> {
        atlas_languages()
            .split(',')
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect()
    }

    /// Asks the engine module `what` (`play` or `host_processes`) for `ask`.
    fn engine(what: &str, ask: &Ask, done: impl FnOnce(Result<String, String>) + 'static) {
        let done = wasm_bindgen::closure::Closure::once_into_js(move |ok: bool, answer: String| {
            done(if ok { Ok(answer) } else { Err(answer) })
        });
        atlas_engine(what, &ask.to_json(), &done);
    }

    /// Asks the engine module (imported on first use) to play a scenario
    /// under a configuration; `done` gets the core's `Played` as JSON, or
    /// why there is none (the module could not be loaded, or it stopped).
    pub fn play(ask: &Ask, done: impl FnOnce(Result<String, String>) + 'static) {
        engine("play", ask, done);
    }

    /// Asks the terminal's session in the engine module (see
    /// `crate::state::term::Ask::op`): `done` gets its answer as JSON, or why
    /// there is none (the module could not be loaded, or it stopped; the
    /// session is then rebuilt on the next call).
    pub fn term(op: &str, args: &str, done: impl FnOnce(Result<String, String>) + 'static) {
        let done = wasm_bindgen::closure::Closure::once_into_js(move |ok: bool, answer: String| {
            done(if ok { Ok(answer) } else { Err(answer) })
        });
        atlas_term(op, args, &done);
    }

    /// Whether text is selected in the page.
    pub fn selected() -> bool {
        atlas_selected()
    }

    /// Asks the engine module for the drills or the quiz (`drill_list`,
    /// `drill_show` of `arg`, `quiz_list`): JSON, or why there is none.
    pub fn practice(op: &str, arg: &str, done: impl FnOnce(Result<String, String>) + 'static) {
        let done = wasm_bindgen::closure::Closure::once_into_js(move |ok: bool, answer: String| {
            done(if ok { Ok(answer) } else { Err(answer) })
        });
        atlas_practice(op, arg, &done);
    }

    /// Calls the engine module's export `f` (imported on first use) with
    /// `arg`: `done` gets its answer (a string, JSON by convention), or why
    /// there is none (the module could not be loaded, it has no such
    /// export, or it stopped).
    pub fn engine_call(f: &str, arg: &str, done: impl FnOnce(Result<String, String>) + 'static) {
        let done = wasm_bindgen::closure::Closure::once_into_js(move |ok: bool, answer: String| {
            done(if ok { Ok(answer) } else { Err(answer) })
        });
        atlas_engine_call(f, arg, &done);
    }

    /// Asks the engine module for the host's process tables of a run; `done`
    /// gets the core's `Processes` as JSON, or why there are none.
    pub fn host_processes(ask: &Ask, done: impl FnOnce(Result<String, String>) + 'static) {
        engine("host_processes", ask, done);
    }

    /// Asks the inspector module (imported on first use) to inspect a text,
    /// a file's bytes or a shipped document; `done` gets its answer, an
    /// inspection as JSON (with the shipped document's text), or why there
    /// is none (the module could not be loaded, or it stopped).
    pub fn inspect(request: Request, done: impl FnOnce(Result<Answer, String>) + 'static) {
        let done = wasm_bindgen::closure::Closure::once_into_js(
            move |ok: bool, answer: String, text: Option<String>| {
                done(if ok {
                    Ok(Answer { json: answer, text })
                } else {
                    Err(answer)
                })
            },
        );
        let shipped = request.shipped.as_deref().unwrap_or("");
        match request.bytes {
            None => atlas_inspect(&request.text, None, shipped, &done),
            Some(bytes) => atlas_inspect("", Some(bytes.to_vec()), shipped, &done),
        }
    }

    /// Offers a text as a file download.
    pub fn download(name: &str, mime: &str, text: &str) {
        atlas_download(name, mime, text);
    }

    /// Downloads the first SVG matching `selector`, its computed styles
    /// inlined and `caption`'s lines under it, as `name`; false when there is none.
    pub fn download_svg(selector: &str, name: &str, caption: &[String]) -> bool {
        match atlas_svg(selector, &caption.join("\n")) {
            Some(text) => {
                atlas_download(name, "image/svg+xml", &text);
                true
            }
            None => false,
        }
    }

    /// Tells the page the last view shown without trouble (a fragment), for
    /// its fallback error panel.
    pub fn set_last_good(fragment: &str) {
        atlas_set_last_good(fragment);
    }

    /// The same SVG (with its caption) drawn on a canvas at twice its size,
    /// downloaded as a PNG.
    pub fn download_png(selector: &str, name: &str, caption: &[String]) -> bool {
        atlas_png(selector, name, &caption.join("\n"))
    }

    /// The page's address without its fragment.
    pub fn page_address() -> String {
        web_sys::window()
            .and_then(|w| w.location().href().ok())
            .map(|h| h.split('#').next().unwrap_or_default().to_string())
            .unwrap_or_default()
    }
}

#[cfg(not(target_arch = "wasm32"))]
#[allow(missing_docs)]
mod imp {
    use super::Guard;

    pub fn fragment() -> String {
        String::new()
    }
    pub fn replace_fragment(_: &str) {}
    pub fn set_root(_: &str, _: &str) {}
    pub fn reduced_motion() -> bool {
        false
    }
    pub fn after(_: u32, _: impl FnOnce() + 'static) -> Guard {
        None
    }
    pub fn after_paint(_: impl FnOnce() + 'static) -> Guard {
        None
    }
    pub fn on_key(_: impl Fn(&web_sys::KeyboardEvent) + 'static) -> Guard {
        None
    }
    pub fn on_hashchange(_: impl Fn(String) + 'static) -> Guard {
        None
    }
    pub fn target_tag(_: &web_sys::Event) -> String {
        String::new()
    }
    pub fn reveal_x(_: &web_sys::Element, _: f64, _: f64) {}
    pub fn pin_left(_: &web_sys::Element, _: &str, _: i32) {}
    pub fn blur_target(_: &web_sys::Event) {}
    pub fn scroll_to(_: &str) {}
    pub fn focus_in(_: &web_sys::Element, _: &str) {}
    pub fn read_file(
        _: web_sys::File,
        _: impl FnOnce(String, Result<Vec<u8>, String>) + 'static,
    ) -> Guard {
        None
    }
    pub fn download(_: &str, _: &str, _: &str) {}
    /// Outside the browser there is nothing beside the page to fetch.
    pub fn fetch_text(path: &str, done: impl FnOnce(Result<String, String>) + 'static) {
        // i18n: never shown: no page outside the browser
        done(Err(format!("{path}: no page to fetch from")));
    }
    pub fn languages() -> Vec<String> {
        Vec::new()
    }
    /// Outside the browser there is no tour to show.
    pub fn tour_seen() -> bool {
        true
    }
    pub fn set_tour_seen() {}
    pub fn place(_: &str) -> Option<super::Place> {
        None
    }
    pub fn focus(_: &str) {}
    pub fn on_term_click(_: impl Fn(String) + 'static) -> Guard {
        None
    }
    pub fn on_resize(_: impl Fn() + 'static) -> Guard {
        None
    }
    pub fn download_svg(_: &str, _: &str, _: &[String]) -> bool {
        false
    }
    pub fn page_address() -> String {
        String::new()
    }
    pub fn set_last_good(_: &str) {}
    pub fn download_png(_: &str, _: &str, _: &[String]) -> bool {
        false
    }
    /// Outside the browser the inspector calls the core directly and never asks.
    pub fn inspect(
        _: crate::state::inspect::Request,
        done: impl FnOnce(Result<crate::state::inspect::Answer, String>) + 'static,
    ) {
        done(Err(
            "there is no inspector module outside the browser".to_string()
        ));
    }
    /// Outside the browser runs are played by the core directly and never asked.
    pub fn play(_: &atlas_core::played::Ask, done: impl FnOnce(Result<String, String>) + 'static) {
        done(Err(
            "there is no engine module outside the browser".to_string()
        ));
    }
    /// Outside the browser the terminal has no engine module to ask.
    pub fn term(_: &str, _: &str, done: impl FnOnce(Result<String, String>) + 'static) {
        done(Err(
            "there is no engine module outside the browser".to_string()
        ));
    }
    pub fn selected() -> bool {
        false
    }
    /// Outside the browser there is no engine module to ask.
    pub fn engine_call(_: &str, _: &str, done: impl FnOnce(Result<String, String>) + 'static) {
        done(Err(
            "there is no engine module outside the browser".to_string()
        ));
    }
    /// Outside the browser there is no engine module to ask.
    pub fn practice(_: &str, _: &str, done: impl FnOnce(Result<String, String>) + 'static) {
        done(Err(
            "there is no engine module outside the browser".to_string()
        ));
    }
    /// Outside the browser the process tables come from the core directly.
    pub fn host_processes(
        _: &atlas_core::played::Ask,
        done: impl FnOnce(Result<String, String>) + 'static,
    ) {
        done(Err(
            "there is no engine module outside the browser".to_string()
        ));
    }
}

pub use imp::*;

mod embed;
mod practice;
pub use embed::{camera_off, copy_text, follow_height, reveal_xy, set_embed};
pub use practice::{act, store, stored};
