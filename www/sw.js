// Runtime Atlas's service worker: every file of the build, cached at install,
// so that a page once loaded reloads (presenter mode, the engine, Korean, the
// inspector) with the network cut. `cargo xtask dist` fills VERSION (FNV-1a
// over every listed file) and FILES: any change of any file changes this
// file, and the browser then installs the new worker beside the running one.
// It waits (no skipWaiting at install) until the page's "reload" banner asks
// for it, so a running page never mixes two builds' files.
// A worker gone wrong: DevTools → Application → Service workers → Unregister,
// or clear the site's data.
const VERSION = '@ATLAS_VERSION@';
const FILES = [/*@ATLAS_FILES@*/];
const CACHE = 'runtime-atlas-' + VERSION;
self.addEventListener('install', (e) => e.waitUntil(caches.open(CACHE).then((c) => c.addAll(FILES))));
self.addEventListener('activate', (e) => e.waitUntil((async () => {
  for (const k of await caches.keys()) if (k.startsWith('runtime-atlas-') && k !== CACHE) await caches.delete(k);
  await self.clients.claim();
})()));
self.addEventListener('message', (e) => { if (e.data === 'skip-waiting') self.skipWaiting(); });
self.addEventListener('fetch', (e) => {
  const r = e.request, u = new URL(r.url);
  if (r.method !== 'GET' || u.origin !== location.origin) return;
  e.respondWith(caches.open(CACHE).then(async (c) =>
    // The loader's retries carry ?instance=N; a navigation to the folder
    // itself ("/") is index.html.
    (await c.match(r, { ignoreSearch: true }))
    || (r.mode === 'navigate' && await c.match(new URL('index.html', self.registration.scope)))
    || fetch(r)));
});
