"""A Dinkes officer opens the PWS dashboard, goes down to a desa, taps the
D/S cell of a Posyandu and sees exactly S − D children, at a phone's and a
laptop's width, with no sideways scroll."""

import pytest
from playwright.sync_api import expect

from reports.tests.conftest import record, today  # noqa: F401 (fixtures)
from reports.tests.people.conftest import village  # noqa: F401 (fixture)

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
LAPTOP = {"viewport": {"width": 1366, "height": 900}}


def _number(page, box):
    return int(page.locator(f"#{box} .num").inner_text().replace(".", "").replace(",", "").strip())


@pytest.mark.parametrize("device", [PHONE, LAPTOP], ids=["phone-390", "laptop-1366"])
def test_a_tap_on_a_posyandus_d_cell_lists_exactly_the_children_not_weighed(
        browser, live_server, cast, network, village, today, device):  # noqa: F811 (fixtures imported above)
    home = network["36.01"]
    context = browser.new_context(locale="id-ID", **device)
    page = context.new_page()
    page.set_default_timeout(15_000)
    tap = (lambda locator: locator.tap()) if device is PHONE else (lambda locator: locator.click())
    try:
        log_in(page, live_server, cast["dinkes"].username)
        page.goto(f"{live_server.url}/laporan/pws/kab/36.01/?tahun=2026&bulan=6")
        tap(page.locator(f"#pws-table tbody tr[data-key='{home['puskesmas'].pk}'] th a"))
        page.wait_for_url(f"**/pkm/{home['puskesmas'].pk}/**")
        tap(page.locator(f"#pws-table tbody tr[data-key='{home['pustu'].region_id}'] th a"))
        page.wait_for_url("**/desa/**")
        cell = page.locator(f"#pws-table tbody tr[data-key='{home['posyandu_pustu'].pk}'] "
                            "td[data-indicator='D'] a.pws-people")
        cell.scroll_into_view_if_needed()
        tap(cell)
        page.wait_for_url("**/orang/D/**")
        s, d = _number(page, "figure-group"), _number(page, "figure-counted")
        assert (s, d) == (10, 3)
        assert _number(page, "figure-uncounted") == s - d
        expect(page.locator("#people-list li.person")).to_have_count(s - d)
        not_weighed = page.locator(f"li.person[data-patient='{village['not_weighed'][0].pk}']")
        expect(not_weighed).to_be_visible()
        assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
    finally:
        context.close()
