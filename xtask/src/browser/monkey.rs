//! The monkey: 10,000 random events from a fixed seed, run inside the page
//! (one injected function, batches of [`BATCH`] events per script call,
//! yielding to the page between events and awaiting animation frames so Yew
//! renders): key presses (the playback keys, Tab, Escape, letters, `?`),
//! clicks on whatever visible interactive element the live DOM has (buttons,
//! a select's options, links, tabs, SVG nodes, text fields), drags on
//! sliders and on the diagram, dropped files, and link changes, good and
//! corrupted, across every panel, and on the terminal (`p=term`) typed
//! lines (commands, bad ones, follows, editors) and its Ctrl keys (never
//! Ctrl-W, which closes the tab). Generic by design: elements are picked
//! from the page as it is, so controls added later are exercised too.
//! Nothing leaves the page: external links, downloads, file dialogs and the
//! error panel's reload buttons are left alone, downloads are stubbed.
//! At the end: no console error, no panic, and the page still follows a
//! link and a key.

use super::{check, expected_hops, Driver, RIGHT};
use anyhow::{bail, Result};
use serde_json::{json, Value};
use std::time::{Duration, Instant};

/// Events in all.
const EVENTS: usize = 10_000;
/// Events per script call. Inside a call, the page renders after every 40
/// events (Yew batches what they dispatched into one render) and paints a
/// frame after every 200: a render of this page costs tens of milliseconds
/// (a new run from the engine module, a new panel), so one per event would
/// take minutes.
const BATCH: usize = 500;
/// The seed: the same events on every run.
const SEED: u32 = 0x0A71_A5ED;

/// The in-page monkey: `window.__monkey.run(n)` runs the next `n` events
/// and returns what it did and whether the page still stands.
const MONKEY: &str = r#"
if (window.__monkey) return true;
let seed = SEED >>> 0;
// mulberry32
const rnd = () => {
  seed = (seed + 0x6D2B79F5) >>> 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const int = (n) => Math.floor(rnd() * n);
const pick = (a) => a[int(a.length)];
const GROUP = 40, FRAME = 200;
// Nothing leaves the page: downloads go nowhere, dialogs answer at once.
URL.createObjectURL = () => 'about:blank';
URL.revokeObjectURL = () => {};
HTMLAnchorElement.prototype.click = function () { this.__clicked = true; };
window.alert = () => {}; window.confirm = () => false; window.prompt = () => null;
window.open = () => null;
const channel = new MessageChannel();
const waiting = [];
channel.port1.onmessage = () => { const f = waiting.shift(); if (f) f(); };
// A task of its own (not clamped like nested timers): the page's timers,
// module loads and renders run in between.
const tick = () => new Promise((r) => { waiting.push(r); channel.port2.postMessage(0); });
const frame = () => new Promise((r) => requestAnimationFrame(() => r()));
const visible = (e) => {
  if (e.closest('[hidden], [inert]')) return false;
  const r = e.getBoundingClientRect();
  return r.width > 0 && r.height > 0;
};
// What must not be touched: reloads, file dialogs, external or download links.
const leaves = (e) =>
  !!e.closest('.panic, .load-error')
  || (e.tagName === 'INPUT' && e.type === 'file')
  || (e.tagName === 'A' && (e.hasAttribute('download') || e.target === '_blank'
      || (e.href && new URL(e.href, location.href).origin !== location.origin)));
const INTERACTIVE = 'button, a[href], select, input, textarea, summary, [role="tab"], '
  + '[tabindex], svg g[data-component], svg [role="button"], svg a, details';
// The candidates are read again after each render (reading them forces a layout).
let candidates = null;
const interactive = () => {
  if (!candidates) {
    candidates = Array.from(document.querySelectorAll(INTERACTIVE))
      .filter((e) => !e.disabled && visible(e) && !leaves(e));
  }
  return candidates.filter((e) => e.isConnected && !e.disabled);
};
const KEYS = ['ArrowRight', 'ArrowRight', 'ArrowLeft', ' ', 'Home', 'End', '+', '-', '.',
  'Tab', 'Tab', 'Escape', 'Escape', 'Enter', '?', 'a', 'k', 'z', 'j', 'ArrowUp', 'ArrowDown',
  'PageDown', 'Backspace', 'Delete', 'F1', '/'];
const SCENARIOS = () => Array.from(document.querySelectorAll('#scenario option')).map((o) => o.value);
const PANELS = ['scenario', 'state', 'compare', 'inspector', 'replay', 'history', 'seq', 'term', ''];
// What a person types on the node's terminal: commands, a follow, editors,
// an open quote, a loop, garbage.
const LINES = ['crictl ps', 'crictl ps -a | grep web', 'kubectl run web --image=nginx', 'kubectl get pods -o wide',
  'systemctl stop containerd', 'systemctl start containerd', 'crictl logs -f $(crictl ps -q | head -1)',
  'journalctl -u kubelet -f', 'vi /etc/crictl.yaml', 'nano /tmp/x', 'echo "abc', 'cat <<EOF', 'ls /proc/1/ns',
  'while true; do :; done', 'sleep 30', 'cd /etc', 'history', 'ps -ef | grep containerd-shim | wc -l',
  '\u0000\u0001\u00ff\u2028', '$(((', ':wq', 'exit', 'reboot', 'k get po', 'alias k=kubectl', ''];
const CTRL_KEYS = ['c', 'c', 'l', 'r', 'a', 'e', 'u', 'o', 'x', 's'];
const GOOD = () => [
  'v1;sc=' + (pick(SCENARIOS()) || 'kubectl-run') + ';hop=' + (1 + int(60)),
  'v1;p=' + pick(PANELS),
  'v1;k=1.' + (18 + int(19)) + ';rt=' + pick(['containerd-1.7', 'containerd-2', 'cri-o', 'dockershim', 'cri-dockerd', 'podman', 'rkt'])
    + ';oci=' + pick(['runc', 'crun', 'kata', 'gvisor', 'youki']),
  'v1;p=compare;rt2=' + pick(['cri-o', 'containerd-2', 'podman']) + ';k2=1.' + (20 + int(15)),
  'v1;p=inspector;ins=' + pick(['runc-default', 'limited', 'broken/trailing-comma', 'nope', 'broken/']),
  'v1;p=state;obj=' + pick(['default/nginx', 'a//b', '/etc', 'x']),
  'v1;p=term' + pick(['', ';sc=kubectl-run;at=end', ';at=end', ';s=' + pick(['', 'AAAA', 'zz-_', '%%', 'a'.repeat(9000)])]),
  'v1;lang=' + pick(['en', 'ko', 'xx']) + ';theme=' + pick(['dark', 'light', 'auto', 'pink']),
  'v1;speed=' + pick(['0.25', '0.5', '1', '2', '4', '9']) + ';hop=' + int(400),
];
const corrupt = (f) => {
  const a = Array.from(f);
  switch (int(6)) {
    case 0: a.splice(int(a.length + 1), 0, pick(['=', ';', '%', '<', 'ü', '#', ' ', '0'])); break;
    case 1: a.splice(int(a.length), 1 + int(4)); break;
    case 2: return f + ';' + f.slice(3);
    case 3: return pick(['v2;', 'v1', '', 'x', 'v1;' + 'a'.repeat(300), 'v1;;;;']) + f.slice(3);
    case 4: return f.replace(/=[^;]*/, '=' + pick(['', '0', '-1', '99999999999999999999', 'NaN']));
    default: break;
  }
  return a.join('');
};
const key = (k, on) => {
  const target = on || document.activeElement || document.body;
  target.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true }));
  target.dispatchEvent(new KeyboardEvent('keyup', { key: k, bubbles: true, cancelable: true }));
  // Synthetic events have no default action: Tab moves the focus as a
  // person's would, Escape leaves it to the page (which blurs a control).
  if (k === 'Tab') {
    const all = interactive().filter((e) => e.tabIndex >= 0);
    const i = all.indexOf(document.activeElement);
    const next = all[(i + 1) % Math.max(all.length, 1)];
    if (next) next.focus();
  }
};
const point = (e) => {
  const r = e.getBoundingClientRect();
  return { clientX: r.left + rnd() * r.width, clientY: r.top + rnd() * r.height, bubbles: true, cancelable: true };
};
const drag = (e) => {
  const a = point(e), b = point(e);
  const p = (type, at) => e.dispatchEvent(new PointerEvent(type, { ...at, pointerId: 1, isPrimary: true, buttons: 1 }));
  const m = (type, at) => e.dispatchEvent(new MouseEvent(type, { ...at, buttons: 1 }));
  p('pointerdown', a); m('mousedown', a);
  for (let i = 1; i <= 3; i++) {
    const at = { ...a, clientX: a.clientX + (b.clientX - a.clientX) * i / 3, clientY: a.clientY + (b.clientY - a.clientY) * i / 3 };
    p('pointermove', at); m('mousemove', at);
  }
  p('pointerup', b); m('mouseup', b);
  e.dispatchEvent(new WheelEvent('wheel', { ...b, deltaY: rnd() * 400 - 200 }));
};
const JUNK = ['', '{', '{}', '{"ociVersion":"1.0.2"}', 'null', '[1,2', '{"seq":1}\n{"seq":', 'ü<b>&', '{"trace":1}\n'];
const use = (e) => {
  const tag = e.tagName;
  if (tag === 'SELECT') {
    if (e.options.length) e.selectedIndex = int(e.options.length);
    e.dispatchEvent(new Event('input', { bubbles: true }));
    e.dispatchEvent(new Event('change', { bubbles: true }));
    return 'choose ' + (e.id || e.name) + '=' + e.value;
  }
  if (tag === 'INPUT' && (e.type === 'range' || e.type === 'number')) {
    const lo = Number(e.min || 0), hi = Number(e.max || 100);
    e.value = String(lo + int(hi - lo + 1));
    e.dispatchEvent(new Event('input', { bubbles: true }));
    e.dispatchEvent(new Event('change', { bubbles: true }));
    return 'slide ' + (e.id || e.name) + '=' + e.value;
  }
  if (tag === 'TEXTAREA' || (tag === 'INPUT' && !['checkbox', 'radio', 'button', 'submit'].includes(e.type))) {
    e.focus();
    e.value = pick(JUNK);
    e.dispatchEvent(new Event('input', { bubbles: true }));
    e.dispatchEvent(new Event('change', { bubbles: true }));
    return 'type in ' + (e.id || tag);
  }
  e.focus && e.focus();
  e.dispatchEvent(new MouseEvent('click', point(e)));
  return 'click ' + tag + (e.id ? '#' + e.id : '') + (e.textContent || '').trim().slice(0, 20);
};
const drop = (e) => {
  const dt = new DataTransfer();
  dt.items.add(new File([pick(JUNK)], pick(['x.json', 'x.jsonl', 'config.json'])));
  e.dispatchEvent(new DragEvent('dragover', { bubbles: true, cancelable: true, dataTransfer: dt }));
  e.dispatchEvent(new DragEvent('drop', { bubbles: true, cancelable: true, dataTransfer: dt }));
};
const log = [];
let done = 0;
// The panels rendered (main's class, counted at each render) and the tabs seen.
const panels = {}, tabs = {}, kinds = {};
// A line typed on the terminal and Enter (or Tab, or a Ctrl key).
const term = () => {
  const t = document.querySelector('#term-in, #term-edit');
  if (!t || !visible(t)) return null;
  t.focus();
  const r = rnd();
  if (r < 0.3) {
    const k = pick(CTRL_KEYS);
    t.dispatchEvent(new KeyboardEvent('keydown', { key: k, ctrlKey: true, bubbles: true, cancelable: true }));
    return 'term ctrl-' + k;
  }
  if (t.id === 'term-edit') {
    t.value = pick(JUNK) + '\n:wq';
    t.dispatchEvent(new Event('input', { bubbles: true }));
    return 'term edit';
  }
  t.value = pick(LINES);
  t.dispatchEvent(new Event('input', { bubbles: true }));
  const k = r < 0.4 ? 'Tab' : pick(['Enter', 'Enter', 'Enter', 'ArrowUp', 'ArrowDown']);
  t.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true }));
  return 'term ' + k + ' ' + JSON.stringify(t.value).slice(0, 40);
};
const one = () => {
  const r = rnd();
  // On the terminal's panel, a third of the events are the terminal's.
  if (r < 0.05 || (r < 0.3 && document.querySelector('#term-in, #term-edit'))) {
    const t = term();
    if (t) return t;
  }
  if (r < 0.42) { const k = pick(KEYS); key(k); return 'key ' + k; }
  if (r < 0.74) { const e = pick(interactive()); return e ? use(e) : 'nothing to click'; }
  if (r < 0.77) {
    const tabs = Array.from(document.querySelectorAll('[role="tab"]')).filter(visible);
    const t = pick(tabs);
    if (t) t.click();
    return 'tab ' + (t ? t.id : '-');
  }
  if (r < 0.87) {
    const targets = Array.from(document.querySelectorAll('input[type="range"], svg')).filter(visible);
    const e = pick(targets);
    if (e) drag(e);
    return 'drag ' + (e ? e.id || e.tagName : '-');
  }
  if (r < 0.89) {
    const e = pick(Array.from(document.querySelectorAll('main section, main')).filter(visible));
    if (e) drop(e);
    return 'drop on ' + (e ? e.className : '-');
  }
  if (r < 0.96) {
    const e = pick(interactive());
    if (e) e.focus();
    return 'focus ' + (e ? e.id || e.tagName : '-');
  }
  const good = pick(GOOD());
  const f = rnd() < 0.5 ? good : corrupt(good);
  location.hash = f;
  return 'link #' + f;
};
window.__monkey = {
  async run(n) {
    const start = performance.now();
    for (let i = 0; i < n; i++) {
      let what;
      try {
        what = one();
      } catch (e) {
        what = 'monkey error: ' + e;
        (window.__monkeyErrors = window.__monkeyErrors || []).push(what);
      }
      done++;
      const kind = String(what).split(' ')[0];
      kinds[kind] = (kinds[kind] || 0) + 1;
      log.push(done + ' ' + what);
      if (log.length > 40) log.shift();
      // GROUP events between two renders, a frame every FRAME events.
      if (done % GROUP === 0) {
        await tick();
        candidates = null;
        const main = document.querySelector('main');
        const panel = main ? main.className : '(no main)';
        panels[panel] = (panels[panel] || 0) + 1;
        document.querySelectorAll('[role="tab"]').forEach((t) => { tabs[t.id] = true; });
      }
      if (done % FRAME === 0) await frame();
      if (document.querySelector('.panic') || (window.__atlasErrors || []).length) break;
    }
    await frame();
    return {
      done,
      ms: performance.now() - start,
      panic: (document.querySelector('.panic') || { textContent: null }).textContent,
      errors: window.__atlasErrors || ['no error recorder'],
      own: window.__monkeyErrors || [],
      last: log.slice(),
      panels,
      kinds,
      tabs: Object.keys(tabs),
    };
  },
};
return true;
"#;

/// The monkey: [`EVENTS`] seeded random events; no error, no panic; then
/// the page still follows a link and a key.
pub(super) fn monkey(d: &Driver, base: &str) -> Result<()> {
    println!("test: the monkey ({EVENTS} random events, seed {SEED:#x})");
    let long = expected_hops("kubectl-run")?;
    d.go("about:blank")?;
    d.go(&format!("{base}#v1;sc=kubectl-run"))?;
    d.ready()?;
    d.js(&MONKEY.replace("SEED", &SEED.to_string()))?;
    let start = Instant::now();
    let mut done = 0;
    let mut last = Value::Null;
    while done < EVENTS {
        let n = BATCH.min(EVENTS - done);
        let r: Value = d.js(&format!("return window.__monkey.run({n});"))?;
        let after = r["done"].as_u64().unwrap_or(0) as usize;
        let stopped = after < done + n;
        let own = r["own"].as_array().map_or(0, Vec::len);
        if stopped || !r["panic"].is_null() || own > 0 || r["errors"] != json!([]) {
            let last: Vec<&str> = r["last"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .collect();
            bail!(
                "the monkey broke the page after {after} events:\n  panic: {}\n  errors: {}\n  \
                 the monkey's own errors: {}\n  last events:\n    {}",
                r["panic"],
                r["errors"],
                r["own"],
                last.join("\n    ")
            );
        }
        done = after;
        last = r;
    }
    let secs = start.elapsed().as_secs_f64();
    println!(
        "  ok: {done} events in {secs:.1} s ({:.0} events/s): no error, no panic",
        done as f64 / secs
    );
    // Every panel a tab opens was rendered.
    let panels = &last["panels"];
    println!("  ok: renders per panel: {panels}");
    println!("  ok: events by kind: {}", last["kinds"]);
    if last["kinds"]["term"].as_u64().unwrap_or(0) == 0 {
        bail!("the monkey never typed on the terminal: {}", last["kinds"]);
    }
    for tab in last["tabs"].as_array().into_iter().flatten() {
        let id = tab.as_str().unwrap_or("").trim_start_matches("tab-");
        let shown = panels.as_object().is_some_and(|p| {
            p.keys()
                .any(|k| k.split(' ').any(|c| c == format!("panel-{id}")))
        });
        if !shown {
            bail!("the monkey never rendered the {id} panel: {panels}");
        }
    }
    // The page still answers: a link, then a key, and the narration follows.
    // What the monkey left in flight (a file being read, an engine module's
    // answer, a drag's last events) may still land once; the link is opened
    // again if so, at most three times.
    std::thread::sleep(Duration::from_millis(1000));
    let mut followed = Err(anyhow::anyhow!("not tried"));
    for attempt in 1..=3 {
        d.js(
            "if (document.activeElement) document.activeElement.blur(); \
              location.hash = '#v1;sc=kubectl-run;hop=5;lang=en'; return true;",
        )?;
        followed = d.wait(
            "the page to follow a link after the monkey",
            "const c = document.querySelector('#hop-counter'); \
             return !!c && c.textContent.startsWith('hop 5 /') \
             && !document.querySelector('main .engine-status.loading') \
             && !!document.querySelector('main.panel-scenario');",
            Duration::from_secs(8),
        );
        if followed.is_ok() {
            break;
        }
        let seen = d.js(
            "const t = (s) => (document.querySelector(s) || {}).textContent; \
             return {hash: location.hash, counter: t('#hop-counter'), \
                     main: (document.querySelector('main') || {}).className};",
        )?;
        println!("  info: attempt {attempt}: the link was not shown yet: {seen}");
    }
    if let Err(e) = followed {
        d.no_errors()?;
        bail!("{e:#}: the page does not follow a link after the monkey");
    }
    d.js("if (document.activeElement) document.activeElement.blur(); return true;")?;
    d.keys(&[RIGHT])?;
    d.wait(
        "the page to follow a key after the monkey",
        "return document.querySelector('#hop-counter').textContent.startsWith('hop 6 /');",
        Duration::from_secs(10),
    )?;
    check("the narration follows", &d.text("#call")?, &long[5].call)?;
    d.no_errors()
}
