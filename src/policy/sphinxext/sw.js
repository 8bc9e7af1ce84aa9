// The handbook offline (written to the site's root as sw.js, after EDITION and FILES). After the
// first visit the browser keeps every page of this edition; a new edition has another EDITION, so
// the browser installs it in the background and drops the old copy. Online, a page comes from the
// network (the newest edition); with no connection, or none within a few seconds, from the copy.
// Only the site's own files are kept; nothing the reader types is.

const CACHE = "handbok-" + EDITION;
const SLOW_MS = 4000;

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(FILES)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(caches.keys()
    .then((keys) => Promise.all(keys.filter((k) => k.startsWith("handbok-") && k !== CACHE).map((k) => caches.delete(k))))
    .then(() => self.clients.claim()));
});

function kept(request) {
  // Pages are kept without their query (?region=, the guides' answers); a folder is its index.html.
  const url = new URL(request.url);
  url.search = "";
  url.hash = "";
  if (url.pathname.endsWith("/")) url.pathname += "index.html";
  return caches.open(CACHE).then((cache) => cache.match(url.toString(), { ignoreSearch: true }));
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || new URL(request.url).origin !== self.location.origin) return;
  event.respondWith(new Promise((resolve) => {
    let done = false;
    const answer = (response) => {
      if (!done && response) {
        done = true;
        resolve(response);
      }
    };
    const slow = setTimeout(() => kept(request).then(answer), SLOW_MS);
    fetch(request).then((response) => {
      clearTimeout(slow);
      answer(response);
    }).catch(() => {
      clearTimeout(slow);
      kept(request).then((hit) => {
        if (hit) return answer(hit);
        if (request.mode !== "navigate") return answer(Response.error());
        return caches.open(CACHE).then((cache) => cache.match(new URL("404.html", self.location).toString()))
          .then((page) => answer(page || Response.error()));
      });
    });
  }));
});
