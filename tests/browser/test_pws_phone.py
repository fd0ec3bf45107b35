"""The district PWS table on a phone (390×844) and a laptop (1366×900): the
page never scrolls sideways (the table scrolls in its box with the area
column frozen), a header's ⓘ opens what the indicator counts, and a tap on a
cell drills down to that area."""

from datetime import date

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from reports.indicators import REGISTRY
from reports.tests.factories import TargetFactory
from reports.tests.pws_factories import RolledUpFactFactory

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
LAPTOP = {"viewport": {"width": 1366, "height": 900}}


@pytest.fixture
def district_with_facts(cast):
    home = cast["dinkes"].scope_district_id
    year = timezone.localdate().year
    network_home = {p.pk: p for p in _posyandu(home)}
    for posyandu in network_home.values():
        for code, n in (("K1", 4), ("D", 30), ("N", 12), ("TB_SCREENED", 2), ("ODGJ_SERVED", 1)):
            RolledUpFactFactory(posyandu=posyandu, month=date(year, 1, 1), indicator=code, numerator=n,
                                denominator=30 if code == "N" else None)
    TargetFactory(year=year, region_id=home, group="ibu_hamil", number=120)
    TargetFactory(year=year, region_id=home, group="odgj_berat", number=0)
    return f"/laporan/pws/kab/{home}/?tahun={year}&bulan=1"


def _posyandu(district):
    from facilities.models import Facility, FacilityType

    return Facility.objects.filter(district_id=district, type=FacilityType.POSYANDU)


def _no_sideways_scroll(page):
    return page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("device", [PHONE, LAPTOP], ids=["phone-390", "laptop-1366"])
def test_the_district_table_fits_the_screen_defines_its_columns_and_drills_down_on_a_tap(
        browser, live_server, cast, district_with_facts, device):
    context = browser.new_context(locale="id-ID", **device)
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        log_in(page, live_server, cast["dinkes"].username)
        page.goto(live_server.url + district_with_facts)
        table = page.locator("#pws-table")
        expect(table.locator("thead th[data-indicator]")).to_have_count(len(REGISTRY))
        assert _no_sideways_scroll(page)
        # The area column stays in view while the indicators scroll beside it.
        scroller = page.locator("#pws-scroll")
        scroller.evaluate("(el) => { el.scrollLeft = el.scrollWidth; }")
        area_cell = table.locator("tbody tr").first.locator("th.pws-area")
        box, frame = area_cell.bounding_box(), scroller.bounding_box()
        assert abs(box["x"] - frame["x"]) < 2
        assert _no_sideways_scroll(page)
        scroller.evaluate("(el) => { el.scrollLeft = 0; }")
        if device is PHONE:
            # More than one indicator column fits beside the frozen area column.
            visible = page.evaluate("""() => {
                const box = document.getElementById('pws-scroll').getBoundingClientRect();
                return [...document.querySelectorAll('#pws-table thead th[data-indicator]')]
                  .filter((th) => th.getBoundingClientRect().right <= box.right).length; }""")
            assert visible >= 3

        # What an indicator counts, one tap away.
        button = table.locator("thead th[data-indicator='K1'] button.pws-def")
        button.tap() if device is PHONE else button.click()
        expect(page.locator(".popover")).to_be_visible()
        expect(page.locator(".popover")).to_contain_text("K1")
        assert "None" not in table.inner_text()

        # A tap on a figure opens that Puskesmas.
        row = table.locator("tbody tr").first
        name = row.locator("th a").inner_text()
        cell = row.locator("td[data-indicator='TB_SCREENED']")
        cell.scroll_into_view_if_needed()
        cell.tap() if device is PHONE else cell.click()
        page.wait_for_url("**/laporan/pws/pkm/**")
        expect(page.locator("h1")).to_contain_text(name)
        assert _no_sideways_scroll(page)
    finally:
        context.close()
