"""The installable app: the service worker that keeps the Posyandu session
page usable without a connection, and the web app manifest.

Both are served from the site root, so the worker's scope is the whole app.
The worker lists the static files the session page needs, as {% static %}
writes their URLs (hashed names under ManifestStaticFilesStorage), each with a
revision that is a hash of the file's bytes: a deploy that changes a file
changes the worker's text, the browser installs the new worker, and Workbox
fetches only the files whose revision moved."""

import hashlib
import json
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.http import require_GET

# Static paths (as given to {% static %}) precached for the session page; a
# pattern with a wildcard is matched against the project's static folders on
# every request, so a file added to static/js/offline/ is precached with no
# change here.
PRECACHE = [
    "vendor/bootstrap/bootstrap.min.css",
    "vendor/bootstrap/bootstrap.bundle.min.js",
    "css/*.css",
    "js/posyandu-session.js",
    "js/sw-register.js",
    "vendor/idb/*.js",
    "js/offline/*.js",
]
THEME_COLOR = "#146c43"  # the navbar's green, static/css/ilp.css
ICON_SIZES = (192, 512)
# Cache names the offline script shares with the worker.
PAGES_CACHE = "ilp-pages"
API_CACHE = "ilp-api"


def _static_roots():
    """(prefix, folder) of each STATICFILES_DIRS entry: the project's own
    static files, where every precached file lives."""
    for entry in settings.STATICFILES_DIRS:
        prefix, root = entry if isinstance(entry, (tuple, list)) else ("", entry)
        yield prefix.strip("/"), Path(root)


def _expand(pattern: str) -> list[str]:
    if not any(char in pattern for char in "*?["):
        return [pattern]
    found = set()
    for prefix, root in _static_roots():
        if prefix:
            if not pattern.startswith(prefix + "/"):
                continue
            relative = pattern[len(prefix) + 1:]
        else:
            relative = pattern
        for path in root.glob(relative):
            if path.is_file():
                name = path.relative_to(root).as_posix()
                found.add(f"{prefix}/{name}" if prefix else name)
    return sorted(found)


def precache_entries() -> list[dict]:
    """Workbox precache manifest: [{url, revision}] in a stable order."""
    entries = []
    for pattern in PRECACHE:
        for name in _expand(pattern):
            source = finders.find(name)
            if source is None:
                raise FileNotFoundError(f"static file {name} (precached by the service worker) not found")
            revision = hashlib.sha256(Path(source).read_bytes()).hexdigest()[:16]
            entries.append({"url": static(name), "revision": revision})
    return entries


@require_GET
def service_worker(request):
    entries = precache_entries()
    loader = static("vendor/workbox/workbox-sw.js")
    config = {
        "precache": entries,
        "sessionPrefix": reverse("clusters:session_pick"),
        "rulesUrl": reverse("api:rules"),
        "pagesCache": PAGES_CACHE,
        "apiCache": API_CACHE,
    }
    version = hashlib.sha256(json.dumps(config, sort_keys=True).encode()).hexdigest()[:16]
    body = render_to_string("pwa/sw.js", {
        "version": version,
        "loader": json.dumps(loader),
        # The modules sit beside the loader, which asks for them by name
        # (workbox-core.prod.js, ...); both the plain and the hashed names
        # are collected, so the loader's folder is the modules' folder.
        "modules": json.dumps(loader.rsplit("/", 1)[0]),
        "config": json.dumps(config, indent=2),
    })
    response = HttpResponse(body, content_type="application/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/"
    response["Cache-Control"] = "no-cache"
    return response


@require_GET
def manifest(request):
    icons = [{"src": static(f"img/icon-{size}.png"), "sizes": f"{size}x{size}", "type": "image/png",
              "purpose": "any"} for size in ICON_SIZES]
    # The icon's cross stays inside the safe zone, so a launcher may crop it.
    icons.append({**icons[-1], "purpose": "maskable"})
    data = {
        "name": "ILP Posyandu",
        "short_name": "ILP",
        "lang": "id",
        "dir": "ltr",
        "id": "/",
        "start_url": reverse("clusters:session_pick"),
        "scope": "/",
        "display": "standalone",
        "theme_color": THEME_COLOR,
        "background_color": "#ffffff",
        "icons": icons,
    }
    response = JsonResponse(data, content_type="application/manifest+json",
                            json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Cache-Control"] = "no-cache"
    return response
