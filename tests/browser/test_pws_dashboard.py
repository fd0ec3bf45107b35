"""A Dinkes officer reads the PWS dashboards of the demo district in a real
browser: overview, drill-down to a Posyandu, an indicator chart, downloads that
match the page; a Puskesmas head cannot open another Puskesmas."""

import csv
import io
from io import StringIO

import pytest
from django.core.management import call_command
from openpyxl import load_workbook
from playwright.sync_api import expect

from facilities.tests.factories import import_real_provinces

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
DEMO_PASSWORD = "ilp-demo-2026"


@pytest.fixture
def demo_district(tmp_path):
    """The demo city of Dumai (10 Puskesmas, 36 Pustu, 201 Posyandu) with a
    year of visits and its coverage facts, as `scripts/start` seeds it."""
    import_real_provinces(tmp_path, "14")
    call_command("seed_demo", "--district", "14.72", "--people", "3000", stdout=StringIO())


def fits_the_screen(page):
    """Wide tables scroll inside their box; the page itself never scrolls sideways."""
    # Charts follow a resize on the next frames (ResizeObserver), hence the wait.
    page.wait_for_function(f"() => document.documentElement.scrollWidth <= {page.viewport_size['width']}",
                           timeout=5000)


def cell_text(page, row_selector, indicator):
    return page.locator(f"{row_selector} td[data-indicator='{indicator}']").inner_text().strip()


def test_a_dinkes_officer_reads_drills_charts_and_downloads(page, live_server, demo_district, screenshot):
    log_in(page, live_server, "dinkes", DEMO_PASSWORD)
    page.click("a.nav-link:text('Dasbor PWS')")
    page.wait_for_url("**/laporan/pws/kab/14.72/**")
    table = page.locator("#pws-table")
    expect(table.locator("tbody tr")).to_have_count(10)
    expect(page.locator("#freshness")).to_contain_text("Angka terakhir diperbarui")
    expect(page.locator("#up-to-date")).to_be_visible()
    screenshot("pws-overview-1366")
    fits_the_screen(page)
    page.set_viewport_size({"width": 390, "height": 844})
    fits_the_screen(page)
    screenshot("pws-overview-390")
    page.set_viewport_size({"width": 1366, "height": 768})

    # What the page says for the district total, to compare with the downloads.
    total_k1 = cell_text(page, "#pws-total", "K1")
    total_d = cell_text(page, "#pws-total", "D")
    with page.expect_download() as csv_download:
        page.click("#download-csv")
    csv_rows = list(csv.reader(io.StringIO(open(csv_download.value.path(), encoding="utf-8-sig").read())))
    by_key = {(r[0], r[2]): r for r in csv_rows[1:]}
    # Coverage as on the page (which writes Indonesian decimal commas).
    assert by_key[("14.72", "K1")][10].replace(".", ",") in total_k1
    assert by_key[("14.72", "D")][10].replace(".", ",") in total_d
    with page.expect_download() as xlsx_download:
        page.click("#download-xlsx")
    assert xlsx_download.value.suggested_filename.startswith("pws_district_1472_")
    ws = load_workbook(io.BytesIO(xlsx_download.value.path().read_bytes())).active
    xlsx = {(r[0], r[2]): r for r in ws.iter_rows(min_row=2, values_only=True)}
    assert f"{xlsx[('14.72', 'K1')][10] * 100:.1f}".replace(".", ",") in total_k1
    assert xlsx[("14.72", "K1")][7] == int(by_key[("14.72", "K1")][7])

    # Drill down: Puskesmas → desa → Posyandu, with breadcrumbs back up.
    first = table.locator("tbody tr").first
    pkm_name = first.locator("th a").inner_text()
    first.locator("th a").click()
    expect(page.locator("h1")).to_contain_text(pkm_name)
    page.locator("#pws-table tbody tr th a").first.click()
    expect(page.locator("#crumbs li")).to_have_count(3)
    screenshot("pws-drilldown-desa-1366")
    page.locator("#pws-table tbody tr th a").first.click()
    expect(page.locator("#crumbs li")).to_have_count(4)
    expect(page.locator(".pws-cluster").first).to_be_visible()
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot("pws-drilldown-posyandu-390")
    page.set_viewport_size({"width": 1366, "height": 768})
    page.locator("#crumbs a").first.click()
    page.wait_for_url("**/laporan/pws/kab/14.72/**")

    # The PWS chart of one indicator, with the ranking below.
    page.click("#pws-table thead a:text-is('K1 akses')")
    expect(page.locator("#indicator-name")).to_contain_text("K1")
    page.wait_for_function("() => window.Chart && Chart.getChart(document.getElementById('pws-chart'))")
    datasets = page.evaluate("() => Chart.getChart(document.getElementById('pws-chart')).data.datasets.length")
    assert datasets == 3  # monthly bars, cumulative line, expected line
    expect(page.locator("#ranking tbody tr")).to_have_count(10)
    screenshot("pws-indicator-1366")
    page.set_viewport_size({"width": 390, "height": 844})
    fits_the_screen(page)
    screenshot("pws-indicator-390")


def test_a_puskesmas_head_lands_on_their_puskesmas_and_cannot_open_another(page, live_server, demo_district):
    from facilities.models import Facility, FacilityType, User

    kapus = User.objects.get(username="kapus")
    other = Facility.objects.filter(district_id="14.72", type=FacilityType.PUSKESMAS).exclude(
        pk=kapus.scope_facility_id).first()
    log_in(page, live_server, "kapus", DEMO_PASSWORD)
    page.click("a.nav-link:text('Dasbor PWS')")
    page.wait_for_url(f"**/laporan/pws/pkm/{kapus.scope_facility_id}/**")
    expect(page.locator("h1")).to_contain_text(kapus.scope_facility.name)
    response = page.goto(f"{live_server.url}/laporan/pws/pkm/{other.pk}/")
    assert response.status == 404
    response = page.goto(f"{live_server.url}/laporan/pws/kab/14.72/")
    assert response.status == 404
