"""Workbox and idb are served by the app, never by a CDN: each vendored file
is there with its licence and the version and integrity it was checked
against (scripts/vendor-web), and the worker uses no Workbox module that is
not vendored."""

import re
from pathlib import Path

from django.template.loader import get_template

VENDOR = Path(__file__).resolve().parents[1] / "static" / "vendor"


def test_workbox_is_vendored_with_its_mit_licence_and_pinned_integrity():
    folder = VENDOR / "workbox"
    assert "Permission is hereby granted, free of charge" in (folder / "LICENSE").read_text()  # MIT
    version = (folder / "VERSION").read_text()
    assert re.match(r"Workbox 7\.\d+\.\d+ \(MIT\)", version)
    for name in ["workbox-sw", "workbox-core", "workbox-routing", "workbox-strategies", "workbox-expiration",
                 "workbox-cacheable-response", "workbox-precaching"]:
        assert re.search(rf"^{name} integrity sha512-\S+$", version, re.M), name
    assert (folder / "workbox-sw.js").stat().st_size > 0


def test_idb_is_vendored_as_its_umd_build_with_its_isc_licence_and_pinned_integrity():
    folder = VENDOR / "idb"
    assert "ISC License" in (folder / "LICENSE").read_text()
    assert re.match(r"idb 8\.\d+\.\d+ \(ISC\).*\nintegrity sha512-", (folder / "VERSION").read_text(), re.S)
    assert ".idb={}" in (folder / "umd.js").read_text()


def test_every_workbox_module_the_worker_uses_is_vendored_with_the_source_map_it_names():
    source = Path(get_template("pwa/sw.js").origin.name).read_text()
    used = set(re.findall(r"workbox\.(\w+)\.", source))
    assert {"core", "precaching", "routing", "strategies", "expiration"} <= used
    for namespace in used:
        name = "workbox-" + re.sub(r"([A-Z])", lambda m: "-" + m.group(1).lower(), namespace)
        module = VENDOR / "workbox" / f"{name}.prod.js"
        assert module.is_file(), module
        mapped = re.search(r"sourceMappingURL=(\S+)", module.read_text()).group(1)
        assert (module.parent / mapped).is_file()


def test_the_worker_loads_workbox_from_this_app_not_from_googles_cdn():
    source = Path(get_template("pwa/sw.js").origin.name).read_text()
    # workbox-sw's option is modulePathPrefix; a misspelt key is ignored and
    # the loader falls back to its CDN.
    assert "workbox.setConfig({modulePathPrefix: " in source
    assert "googleapis" not in source and "http" not in source.split("{% verbatim %}")[1]
