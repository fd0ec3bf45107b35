"""The service worker is served from the site root, never stored by a cache,
and precaches exactly the static files the Posyandu session page needs, at
the URLs {% static %} writes, each with a revision that follows its bytes."""

import json
import re

import pytest
from django.test import Client
from django.urls import reverse

from ilp import pwa

SESSION_PAGE_FILES = [
    "/static/vendor/bootstrap/bootstrap.min.css",
    "/static/vendor/bootstrap/bootstrap.bundle.min.js",
    "/static/css/ilp.css",
    "/static/css/session.css",
    "/static/js/posyandu-session.js",
    "/static/js/sw-register.js",
    "/static/vendor/idb/umd.js",
]


def worker_config(text):
    """The ILP = {...}; object the worker is configured with."""
    return json.loads(re.search(r"^const ILP = (\{.*?^\});$", text, re.S | re.M).group(1))


def test_the_worker_is_javascript_at_the_site_root_allowed_the_whole_site_and_revalidated_each_time():
    assert reverse("service_worker") == "/sw.js"
    response = Client().get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    assert response["Cache-Control"] == "no-cache"


def test_the_worker_needs_no_login():
    assert Client().get("/sw.js").status_code == 200


def test_the_worker_only_answers_get():
    assert Client().post("/sw.js").status_code == 405


def test_the_worker_precaches_every_file_of_the_session_page_and_each_url_is_served():
    client = Client()
    precache = worker_config(client.get("/sw.js").content.decode())["precache"]
    urls = [entry["url"] for entry in precache]
    assert set(SESSION_PAGE_FILES) <= set(urls)
    assert len(urls) == len(set(urls))
    for entry in precache:
        assert re.fullmatch(r"[0-9a-f]{16}", entry["revision"])
        response = client.get(entry["url"])
        assert response.status_code == 200, entry["url"]
        assert response.getvalue()  # read to the end, as a server would


def test_the_worker_routes_the_session_pages_and_the_rules_api_to_their_caches():
    text = Client().get("/sw.js").content.decode()
    config = worker_config(text)
    assert config["sessionPrefix"] == reverse("clusters:session_pick") == "/kunjungan/posyandu/"
    assert config["rulesUrl"] == "/api/v1/rules/"
    assert (config["pagesCache"], config["apiCache"]) == ("ilp-pages", "ilp-api")
    assert "NetworkFirst" in text and "networkTimeoutSeconds: 3" in text
    assert "StaleWhileRevalidate" in text


@pytest.fixture
def more_static(settings, tmp_path):
    """A second static folder, as a later offline script would add files."""
    (tmp_path / "js" / "offline").mkdir(parents=True)
    settings.STATICFILES_DIRS = [*settings.STATICFILES_DIRS, tmp_path]
    return tmp_path


def test_a_file_added_to_the_offline_scripts_is_precached_without_a_change_to_the_list(more_static):
    (more_static / "js" / "offline" / "outbox.js").write_text("// outbox\n")
    (more_static / "js" / "offline" / "notes.txt").write_text("not a script\n")
    urls = [entry["url"] for entry in pwa.precache_entries()]
    assert "/static/js/offline/outbox.js" in urls
    assert "/static/js/offline/notes.txt" not in urls


def test_a_changed_file_changes_its_revision_and_so_the_worker(more_static):
    script = more_static / "js" / "offline" / "outbox.js"
    script.write_text("// first\n")
    first = Client().get("/sw.js").content
    script.write_text("// second\n")
    second = Client().get("/sw.js").content
    assert first != second
    assert Client().get("/sw.js").content == second
