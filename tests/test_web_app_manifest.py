"""The web app manifest makes the session picker installable: Indonesian
name, standalone, the navbar's green, and icons that exist at their sizes."""

import json
import struct

from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import resolve


def test_the_manifest_is_json_naming_the_app_in_indonesian_and_opening_on_the_session_picker():
    response = Client().get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["name"] == "ILP Posyandu"
    assert manifest["lang"] == "id"
    assert manifest["start_url"] == "/kunjungan/posyandu/"
    assert resolve(manifest["start_url"]).view_name == "clusters:session_pick"
    assert manifest["scope"] == "/"
    assert manifest["display"] == "standalone"


def test_the_theme_colour_is_the_navbars_green_of_the_stylesheet():
    manifest = json.loads(Client().get("/manifest.webmanifest").content)
    stylesheet = open(finders.find("css/ilp.css")).read()
    assert manifest["theme_color"] == "#146c43"
    assert ".navbar.navbar-dark.bg-success { background-color: #146c43" in stylesheet


def test_the_icons_are_pngs_of_the_sizes_they_claim_and_are_served():
    client = Client()
    icons = json.loads(client.get("/manifest.webmanifest").content)["icons"]
    assert {icon["sizes"] for icon in icons} == {"192x192", "512x512"}
    assert any(icon["purpose"] == "maskable" for icon in icons)
    for icon in icons:
        path = finders.find(icon["src"].removeprefix("/static/"))
        data = open(path, "rb").read()
        assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
        width, height = struct.unpack(">II", data[16:24])
        assert f"{width}x{height}" == icon["sizes"] == f"{width}x{width}"
        response = client.get(icon["src"])
        assert response.status_code == 200
        assert response.getvalue()  # read to the end, as a server would


def test_every_page_links_the_manifest_and_registers_the_worker():
    text = Client().get("/masuk/").content.decode()
    assert '<link rel="manifest" href="/manifest.webmanifest">' in text
    assert 'src="/static/js/sw-register.js" data-sw="/sw.js"' in text
