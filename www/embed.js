/* Runtime Atlas embed kit: the <runtime-atlas> element.
 *
 *   <script src="https://…/embed.js" defer></script>
 *   <runtime-atlas scenario="kubectl-run" hop="18"></runtime-atlas>
 *
 * A classic script (it also runs from file://). Until it is clicked, an
 * element is a light poster in an open shadow root: no request is made (no
 * image, no font, no prefetch), so a page with ten embeds stays light. A
 * click replaces the poster with an iframe of the app in embed mode
 * (index.html#…;embed=1) and focuses it; the frame posts its content's
 * height and the element follows it, so there is no inner scrollbar.
 * Every option is documented, live, in embed.html (Korean: embed.ko.html).
 */
(() => {
  'use strict';
  if (!window.customElements || customElements.get('runtime-atlas')) return;

  // Titles and poster words, written by `cargo xtask dist` into the copy in
  // dist/: {scenarios: {name: {en, ko}}, drills: {ID: {en, ko}}, ui: {load: {en, ko}, …}}.
  // An unbuilt copy has none: the poster then shows the scenario's name.
  const WORDS = /*@ATLAS_WORDS@*/null;
  const SCRIPT = (document.currentScript && document.currentScript.src) || location.href;
  const SHOW = ['note', 'log', 'seq', 'bar'];
  const MIN_HEIGHT = 320;
  const MESSAGE = 'runtime-atlas:height';

  // A value filtered to the characters a link uses (the app says what it
  // does with the rest, as for any link).
  const clean = (v) => String(v == null ? '' : v).trim().replace(/[^A-Za-z0-9.\-_/]/g, '');
  const word = (table, key, lang) => {
    const w = WORDS && WORDS[table] && WORDS[table][key];
    if (!w) return '';
    return typeof w === 'string' ? w : w[lang] || w.en || '';
  };
  const ui = (key, lang, fallback) => word('ui', key, lang) || fallback;

  // A terminal session as the app's link carries it (crates/core/src/session.rs):
  // each line with `\`, newline and CR escaped, joined by newlines, raw
  // deflate, base64url without padding.
  async function session(lines) {
    const text = lines.map((l) => l.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\r/g, '\\r')).join('\n');
    const stream = new Blob([new TextEncoder().encode(text)]).stream().pipeThrough(new CompressionStream('deflate-raw'));
    const bytes = new Uint8Array(await new Response(stream).arrayBuffer());
    let bin = '';
    for (let i = 0; i < bytes.length; i++) bin += String.fromCharCode(bytes[i]);
    return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }

  // The command lines of a `command` attribute: real newlines, or `\n` written out.
  const commandLines = (v) => String(v).split(/\r?\n|\\n/).map((l) => l.trim()).filter(Boolean);

  // One window listener for every element's frame.
  const live = new Map();
  let count = 0;
  addEventListener('message', (e) => {
    const d = e.data;
    if (!d || typeof d !== 'object' || d.type !== MESSAGE || typeof d.id !== 'string') return;
    const el = live.get(d.id);
    // Only the element's own frame, from the app's origin ('null' from file://,
    // where the source check is the one that counts), with a height in bounds.
    if (!el || !el._frame || e.source !== el._frame.contentWindow) return;
    if (e.origin !== el._origin) return;
    const h = Number(d.height);
    if (!Number.isFinite(h) || h < 100 || h > 5000) return;
    el._frame.style.height = Math.ceil(h) + 'px';
    el.setAttribute('data-state', 'ready');
  });

  const STYLE = `
:host { display: block; contain: content; --bg: #f7f9fc; --fg: #18202a; --muted: #4a5a6c; --accent: #0a66d6; --line: #c9d3de; }
:host([theme="dark"]) { --bg: #12171d; --fg: #e6edf3; --muted: #a9b6c4; --accent: #6ea8fe; --line: #33404d; }
@media (prefers-color-scheme: dark) {
  :host(:not([theme="light"])) { --bg: #12171d; --fg: #e6edf3; --muted: #a9b6c4; --accent: #6ea8fe; --line: #33404d; }
}
[part="poster"] {
  all: unset; box-sizing: border-box; display: flex; flex-direction: column; justify-content: center; align-items: flex-start;
  gap: 0.5rem; width: 100%; padding: 1.5rem 2rem; cursor: pointer; border-radius: 10px;
  background: var(--bg); color: var(--fg); border: 1px solid var(--line);
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans KR", sans-serif;
}
[part="poster"]:hover { border-color: var(--accent); }
[part="poster"]:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
.brand { font-size: 0.85rem; font-weight: 700; letter-spacing: 0.04em; color: var(--accent); }
.title { font-size: 1.35rem; font-weight: 700; line-height: 1.3; }
.title.command { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 1.1rem; }
.config { font-size: 0.95rem; color: var(--muted); }
.load { display: flex; align-items: center; gap: 0.6rem; margin-top: 0.6rem; font-size: 0.95rem; }
.play { display: inline-grid; place-items: center; width: 2.6rem; height: 2.6rem; border-radius: 50%; background: var(--accent); color: var(--bg); font-size: 1.1rem; }
iframe { display: block; border: 0; width: 100%; border-radius: 10px; }
`;

  class RuntimeAtlas extends HTMLElement {
    static get observedAttributes() { return ['title']; }

    connectedCallback() {
      if (this._root) return;
      this._root = this.attachShadow({ mode: 'open' });
      this._poster();
    }

    disconnectedCallback() {
      if (this._id) live.delete(this._id);
    }

    attributeChangedCallback() {
      if (this._root && !this._frame) this._poster();
    }

    // The language of the poster's words: the element's, else the page's.
    _lang() {
      const l = clean(this.getAttribute('lang') || document.documentElement.lang || 'en');
      return l.slice(0, 2).toLowerCase() === 'ko' ? 'ko' : 'en';
    }

    _height() {
      const asked = parseInt(this.getAttribute('height'), 10);
      if (Number.isFinite(asked) && asked > 0) return Math.max(MIN_HEIGHT, asked);
      const w = this.getBoundingClientRect().width || 640;
      return Math.max(MIN_HEIGHT, Math.round((w * 9) / 16));
    }

    // What the poster names: the title attribute, the scenario's or drill's
    // title, or the command's first line.
    _title(lang) {
      const own = this.getAttribute('title');
      if (own) return { text: own, command: false };
      const cmd = this.getAttribute('command');
      if (cmd) return { text: '$ ' + (commandLines(cmd)[0] || ''), command: true };
      const drill = clean(this.getAttribute('drill'));
      if (drill) return { text: word('drills', drill, lang) || drill, command: false };
      const sc = clean(this.getAttribute('scenario')) || 'kubectl-run';
      return { text: word('scenarios', sc, lang) || sc, command: false };
    }

    _config(lang) {
      const k8s = clean(this.getAttribute('k8s'));
      const rt = clean(this.getAttribute('runtime'));
      const oci = clean(this.getAttribute('oci'));
      const parts = [];
      if (k8s) parts.push('Kubernetes ' + k8s);
      if (rt) parts.push(word('runtimes', rt, lang) || rt);
      if (oci) parts.push(oci);
      if (!parts.length) {
        const sc = clean(this.getAttribute('scenario'));
        const c = sc && WORDS && WORDS.configs && WORDS.configs[sc];
        if (c) return typeof c === 'string' ? c : c[lang] || c.en || '';
      }
      return parts.join(' · ');
    }

    _poster() {
      const lang = this._lang();
      const title = this._title(lang);
      const root = this._root;
      root.textContent = '';
      const style = document.createElement('style');
      style.textContent = STYLE;
      const b = document.createElement('button');
      b.type = 'button';
      b.setAttribute('part', 'poster');
      b.style.height = this._height() + 'px';
      // An unbuilt copy (no WORDS) says it in English.
      const load = ui('load', lang, 'Click to load the interactive diagram');
      b.setAttribute('aria-label', title.text + ' — ' + load);
      const add = (cls, text) => {
        const s = document.createElement('span');
        s.className = cls;
        s.textContent = text;
        b.appendChild(s);
        return s;
      };
      add('brand', 'Runtime Atlas');
      add('title' + (title.command ? ' command' : ''), title.text);
      const config = this._config(lang);
      if (config) add('config', config);
      const row = add('load', '');
      const play = document.createElement('span');
      play.className = 'play';
      play.setAttribute('aria-hidden', 'true');
      play.textContent = '▶';
      row.appendChild(play);
      row.appendChild(document.createTextNode(load));
      b.addEventListener('click', () => this.load(), { once: true });
      root.append(style, b);
      this.setAttribute('data-state', 'poster');
    }

    // The app's address: the `src` attribute, else index.html beside this script.
    _app() {
      const src = this.getAttribute('src');
      try {
        return new URL(src || 'index.html', src ? document.baseURI : SCRIPT);
      } catch (_) {
        return new URL('index.html', SCRIPT);
      }
    }

    // The app's fragment for the attributes (see the link keys in embed.html).
    async fragment() {
      const f = ['v1'];
      const put = (key, attr) => {
        const v = clean(this.getAttribute(attr));
        if (v) f.push(key + '=' + v);
      };
      const cmd = this.getAttribute('command');
      const drill = clean(this.getAttribute('drill'));
      const sess = clean(this.getAttribute('session'));
      if (!cmd && !drill) put('sc', 'scenario');
      put('k', 'k8s');
      put('rt', 'runtime');
      put('oci', 'oci');
      put('hop', 'hop');
      put('from', 'from');
      put('to', 'to');
      const speed = clean(this.getAttribute('speed'));
      if (speed && speed !== '1') f.push('speed=' + speed);
      const theme = clean(this.getAttribute('theme'));
      if (theme && theme !== 'auto') f.push('theme=' + theme);
      put('lang', 'lang');
      if (drill) f.push('p=drill', 'd=' + drill);
      else if (cmd || sess) {
        f.push('p=term');
        let s = sess;
        if (cmd && window.CompressionStream) {
          try { s = await session(commandLines(cmd)); } catch (_) { s = ''; }
        }
        if (s) f.push('s=' + s);
      }
      f.push('embed=1');
      if (this.hasAttribute('autoplay') && this.getAttribute('autoplay') !== 'false') f.push('play=1');
      if (this.hasAttribute('show')) {
        const words = String(this.getAttribute('show')).split(/[\s,.]+/).map(clean).filter(Boolean);
        const known = SHOW.filter((w) => words.includes(w));
        const other = words.filter((w) => !SHOW.includes(w));
        // An unknown word goes to the app, which says it does not know it.
        f.push('show=' + (other.length ? words.join('.') : known.length ? known.join('.') : 'none'));
      }
      return f.join(';');
    }

    // Replaces the poster with the app's frame (what a click does).
    async load() {
      if (this._frame) return this._frame;
      const app = this._app();
      const lang = this._lang();
      const height = this._height();
      this._id = 'e' + (++count) + '-' + Math.random().toString(36).slice(2, 8);
      this._origin = app.protocol === 'file:' ? 'null' : app.origin;
      const frame = document.createElement('iframe');
      frame.name = 'runtime-atlas:' + this._id;
      frame.title = this._title(lang).text;
      frame.setAttribute('allow', 'fullscreen; clipboard-write');
      frame.setAttribute('referrerpolicy', 'strict-origin-when-cross-origin');
      frame.style.height = height + 'px';
      this._frame = frame;
      live.set(this._id, this);
      app.hash = await this.fragment();
      frame.src = app.href;
      frame.addEventListener('load', () => frame.focus(), { once: true });
      this.setAttribute('data-state', 'loading');
      const style = document.createElement('style');
      style.textContent = STYLE;
      this._root.replaceChildren(style, frame);
      return frame;
    }
  }

  customElements.define('runtime-atlas', RuntimeAtlas);
})();
