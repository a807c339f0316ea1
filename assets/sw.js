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
// A navigation that gets no answer this fast is served from the cache (a kiosk on a bad line).
const NAVIGATION_TIMEOUT_MS = 5000;

self.addEventListener("install", (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      // `reload` bypasses the HTTP cache, so the cache holds exactly this build's bytes.
      // addAll is all or nothing: an interrupted install leaves the old version in charge.
      await cache.addAll(PRECACHE.map((url) => new Request(url, { cache: "reload" })));
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
    event.respondWith(navigate(request));
  } else {
    event.respondWith(cachedOrNetwork(request));
  }
});

// Network first, so a reload while online picks up a new deploy; the cached shell otherwise.
async function navigate(request) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), NAVIGATION_TIMEOUT_MS);
  try {
    return await fetch(request, { signal: controller.signal });
  } catch (error) {
    const shell = await caches.match("/", { cacheName: CACHE });
    if (shell) return shell;
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

// Build files never change under the same name: the cache answers, the network fills gaps.
async function cachedOrNetwork(request) {
  const cached = await caches.match(request, { cacheName: CACHE });
  return cached || fetch(request);
}
