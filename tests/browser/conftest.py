"""Playwright driving Debian's Chromium (never a downloaded browser). The
tests are skipped, with the reason, where /usr/bin/chromium is missing;
.ci/run installs it so CI always runs them."""

import os
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
# Playwright's sync API runs an event loop in this thread; Django's ORM calls
# made by the test itself (factories) are still synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-quic",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="id-ID")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def screenshot(page):
    ARTIFACTS.mkdir(exist_ok=True)

    def take(name: str):
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)

    return take


# The phone every page a kader or Pustu worker uses must fit.
PHONE = {"width": 390, "height": 844}


def fits(page) -> bool:
    """No sideways scrolling at the page's viewport."""
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def log_in(page, live_server, username, password="rahasia-uji-123"):
    page.goto(f"{live_server.url}/masuk/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")


@pytest.fixture(autouse=True)
def reference_data(transactional_db):
    """Rows that migrations load (service catalogue, roles) are wiped by the
    flush between transactional tests; put them back for each browser test."""
    from clusters.catalogue import load_catalogue
    from clusters.models import Cluster, Service
    from facilities.roles import ensure_roles
    from stock.catalogue import load_service_items, load_shipped_catalogue

    load_catalogue(Cluster, Service)
    load_shipped_catalogue()
    load_service_items()
    ensure_roles()
