// guichet's service worker: keeps the app shell available offline.
//
// Plain JavaScript on purpose: browsers require the install and fetch listeners during the
// script's first synchronous run, before any wasm could load. It holds no business logic.
// `cargo xtask post-build` replaces the two slots below with the build id and the exact list of
// the build's files; the cache is named after the build, so every deploy gets a fresh cache.
// It never caches /api: those answers are live or fail.

const BUILD = "__GUICHET_BUILD__";
const PRECACHE = "__GUICHET_PRECACHE__";
const CACHE_PREFIX = "guichet-shell-";
const CACHE = CACHE_PREFIX + BUILD;
// Pages the server renders itself (the counsellors' desk): never answered with the kiosk's shell.
const SERVER_PAGES = /^\/desk(\/|$)/;

self.addEventListener("install", (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      // `reload` bypasses the HTTP cache, so the cache holds exactly this build's bytes.
      // addAll is all or nothing: an interrupted install leaves the old version in charge.
      // The cached page answers every path, so it is asked for without the server's first
      // paint of one screen (crates/server/src/site/first_paint.rs).
      await cache.addAll(PRECACHE.map((url) => new Request(url, {
        cache: "reload",
        headers: url === "/" ? { "guichet-first-paint": "none" } : {},
      })));
      // The new cache is complete: only now may this version take over.
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      const names = await caches.keys();
      await Promise.all(
        names
          .filter((name) => name.startsWith(CACHE_PREFIX) && name !== CACHE)
          .map((name) => caches.delete(name)),
      );
      await self.clients.claim();
    })(),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || url.pathname.startsWith("/api/")) return;
  if (request.mode === "navigate") {
    if (SERVER_PAGES.test(url.pathname)) return;
    event.respondWith(shell(request));
  } else {
    event.respondWith(cachedOrNetwork(request));
  }
});

// The app's pages are one shell, answered from the cache: a repeat visit (or a visit offline)
// downloads nothing but its API calls. A new deploy reaches the device through the browser's own
// update check of this script on each navigation: the new worker installs the new build's cache
// beside this one and takes over, and the next load shows the new build. Before this build's
// cache is complete (the very first visit), the network answers.
async function shell(request) {
  const cached = await caches.match("/", { cacheName: CACHE });
  return cached || fetch(request);
}

// Build files never change under the same name: the cache answers, the network fills gaps.
async function cachedOrNetwork(request) {
  const cached = await caches.match(request, { cacheName: CACHE });
  return cached || fetch(request);
}
