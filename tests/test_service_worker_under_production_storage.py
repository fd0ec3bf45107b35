"""In production, static files are collected with hashed names: the worker
precaches those names, and Workbox's loader finds its modules in the folder
it was loaded from, where collectstatic also keeps their plain names."""

import json
import re

import pytest
from django.core.management import call_command
from django.test import Client

WORKBOX_MODULES = ["workbox-core", "workbox-routing", "workbox-strategies", "workbox-expiration",
                   "workbox-precaching"]


@pytest.fixture
def collected(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"}}
    call_command("collectstatic", "--noinput", verbosity=0)
    return tmp_path


def test_the_worker_precaches_the_hashed_names_that_collectstatic_wrote(collected):
    text = Client().get("/sw.js").content.decode()
    config = json.loads(re.search(r"^const ILP = (\{.*?^\});$", text, re.S | re.M).group(1))
    urls = [entry["url"] for entry in config["precache"]]
    assert any(re.fullmatch(r"/static/css/ilp\.[0-9a-f]{12}\.css", url) for url in urls), urls
    for url in urls:
        assert (collected / url.removeprefix("/static/")).is_file(), url


def test_workbox_loads_its_modules_from_the_folder_collectstatic_wrote(collected):
    text = Client().get("/sw.js").content.decode()
    loader = re.search(r'importScripts\("([^"]+)"\)', text).group(1)
    prefix = re.search(r'modulePathPrefix: "([^"]+)"', text).group(1)
    assert re.fullmatch(r"/static/vendor/workbox/workbox-sw\.[0-9a-f]{12}\.js", loader)
    assert prefix == "/static/vendor/workbox"
    assert (collected / loader.removeprefix("/static/")).is_file()
    for module in WORKBOX_MODULES:
        assert (collected / "vendor" / "workbox" / f"{module}.prod.js").is_file()
