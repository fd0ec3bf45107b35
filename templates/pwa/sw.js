// ILP service worker {{ version }}, rendered by ilp/pwa.py. It keeps the
// Posyandu session page usable without a connection:
//   - the static files the page needs are precached (versioned by a hash of
//     their bytes, so a deploy updates them);
//   - navigations under the session prefix are network first, with a 3 s
//     timeout, and fall back to the cache 'ilp-pages';
//   - GET of the rules API is stale-while-revalidate from the cache 'ilp-api';
//   - everything else, every other /api/ request and every request that is
//     not a GET, is left to the network and never cached.
// Workbox is served by this app (static/vendor/workbox, scripts/vendor-web),
// never by a CDN.
importScripts({{ loader|safe }});
workbox.setConfig({modulePathPrefix: {{ modules|safe }}, debug: false});

const ILP = {{ config|safe }};
{% verbatim %}
// Install a new worker at once and take control of the open pages, so that a
// page loaded for the first time is already served by it.
self.addEventListener("install", () => self.skipWaiting());
workbox.core.clientsClaim();

workbox.precaching.cleanupOutdatedCaches();
workbox.precaching.precacheAndRoute(ILP.precache);

// Only a complete page of this site is worth keeping: never an error, nor a
// redirect (to the login page when the session has ended).
const completeResponsesOnly = {
  cacheWillUpdate: async ({response}) =>
    response && response.status === 200 && response.type === "basic" && !response.redirected ? response : null,
};

function sameOrigin(url) {
  return url.origin === self.location.origin;
}

// The session pages. Besides the pages opened through this worker, a page
// can put itself in the cache while online; the offline script does
//   caches.open('ilp-pages').then(c => c.add(location.href))
// so a session page opened before the worker controlled it opens offline too.
// The pages vary on the cookie and language, which a worker cannot see, so
// the cache is matched on the URL alone.
workbox.routing.registerRoute(
  ({request, url}) => request.mode === "navigate" && sameOrigin(url) && url.pathname.startsWith(ILP.sessionPrefix),
  new workbox.strategies.NetworkFirst({
    cacheName: ILP.pagesCache,
    networkTimeoutSeconds: 3,
    matchOptions: {ignoreVary: true},
    plugins: [
      completeResponsesOnly,
      new workbox.expiration.ExpirationPlugin({maxEntries: 60, maxAgeSeconds: 14 * 24 * 60 * 60}),
    ],
  }),
);

// The rules the session page checks values against change rarely: answer
// from the cache at once and refresh it behind.
workbox.routing.registerRoute(
  ({url}) => sameOrigin(url) && url.pathname === ILP.rulesUrl,
  new workbox.strategies.StaleWhileRevalidate({
    cacheName: ILP.apiCache,
    matchOptions: {ignoreVary: true},
    plugins: [completeResponsesOnly],
  }),
);
{% endverbatim %}
