// Registers the service worker (served at the site root, so it covers the
// whole app) that keeps the Posyandu session page usable without a
// connection. Its URL is the script tag's data-sw.
(function () {
  "use strict";
  const script = document.currentScript;
  if (!("serviceWorker" in navigator) || !script) return;
  const url = script.dataset.sw;
  window.addEventListener("load", function () {
    navigator.serviceWorker.register(url, {scope: "/"}).catch(function (error) {
      console.warn("Service worker not registered:", error);
    });
  });
})();
