"""The pages kader, Pustu/Puskesmas workers and Dinkes officers use fit a
390×844 phone and a 1366×900 laptop without sideways scrolling, and axe-core
finds nothing serious or critical on them (issue 17)."""

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from .axe import axe_violations, horizontal_overflow
from .conftest import log_in
from .pages import PAGES

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

VIEWPORTS = {"phone": (390, 844), "laptop": (1366, 900)}


@pytest.fixture(params=list(VIEWPORTS))
def viewport(request, page):
    width, height = VIEWPORTS[request.param]
    page.set_viewport_size({"width": width, "height": height})
    return request.param


@pytest.fixture(params=list(PAGES))
def opened(request, page, viewport, live_server, cast, network, people, screenshot):
    checked = PAGES[request.param](cast, network, people)
    log_in(page, live_server, cast[checked.user].username)
    response = page.goto(f"{live_server.url}{checked.path}")
    assert response.status == checked.status, f"{checked.path} answered {response.status}"
    page.wait_for_load_state("networkidle")
    try:
        # Charts and tables settle to the width over a few frames (ResizeObserver).
        page.wait_for_function("() => document.documentElement.scrollWidth <= window.innerWidth", timeout=2000)
    except PlaywrightTimeout:
        pass  # the assertion below says what sticks out
    screenshot(f"a11y-{request.param}-{viewport}")
    return request.param


def test_the_page_fits_the_width_and_axe_finds_nothing_serious_or_critical(page, opened, viewport):
    # One test checks both so that a run reports every problem of a page at once.
    problems = []
    overflow = horizontal_overflow(page)
    if overflow is not None:
        problems.append(
            f"scrolls sideways: {overflow['scrollWidth']}px wide in a {overflow['innerWidth']}px viewport; "
            f"sticking out: {', '.join(overflow['elements']) or '(no element found; a margin?)'}")
    problems += axe_violations(page)
    # On a phone the menu is collapsed, and axe skips what is hidden: open it too.
    toggler = page.locator(".navbar-toggler")
    if toggler.count() and toggler.first.is_visible():
        toggler.first.click()
        page.wait_for_selector(".navbar-collapse.show", state="visible")
        problems += [f"(menu open) {line}" for line in axe_violations(page, within=".navbar")]
    assert not problems, f"{opened} at {viewport}:\n" + "\n".join(problems)
