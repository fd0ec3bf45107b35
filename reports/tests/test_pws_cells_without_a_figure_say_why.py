"""A cell without a figure shows "—" and why (no data yet, no target set for
this year, nobody measured), never "None%"; a period with no data at all has
no traffic light, not "0 % far behind"."""

from datetime import date

import pytest
from django.utils import translation
from lxml import html as lxml_html

from reports.indicators import BY_CODE
from reports.pws import tables as pws
from reports.pws.areas import district_area
from reports.tests.factories import TargetFactory
from reports.tests.pws_factories import RolledUpFactFactory

YEAR = 2026


@pytest.fixture
def dinkes(client, cast):
    client.cookies["django_language"] = "en"
    client.force_login(cast["dinkes"])
    return client


def fact(posyandu, year, month, indicator, numerator, denominator=None):
    return RolledUpFactFactory(posyandu=posyandu, month=date(year, month, 1), indicator=indicator,
                               numerator=numerator, denominator=denominator)


def column(doc, code):
    return doc.xpath(f"//table[@id='pws-table']//td[@data-indicator='{code}']")


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), lxml_html.fromstring(response.content)


def test_an_indicator_with_a_target_of_zero_shows_a_dash_and_why_never_none(dinkes, home, today):
    TargetFactory(region_id="36.01", group="odgj_berat", number=0)
    TargetFactory(facility=home["puskesmas"], region=None, group="odgj_berat", number=0)
    fact(home["posyandu_pustu"], YEAR, 3, "ODGJ_SERVED", 4)
    body, doc = get(dinkes, f"/laporan/pws/kab/36.01/?tahun={YEAR}&bulan=3&klaster=K3")
    assert "None" not in body
    cells = column(doc, "ODGJ_SERVED")
    assert cells, "the column is shown"
    for td in cells:
        dash = td.xpath(".//span[contains(@class, 'pws-none')]")[0]
        assert "—" in dash.text_content()
        assert dash.get("title") in ("no target set for this year", "no data yet")
        assert not td.xpath(".//*[contains(@class, 'pws-dot')]")
    total = doc.xpath("//tr[@id='pws-total']/td[@data-indicator='ODGJ_SERVED']")[0]
    assert total.xpath(".//span[@title='no target set for this year']") and "4" in total.text_content()


def test_cells_say_which_figure_is_missing(cast, home):
    TargetFactory(region_id="36.01", group="ibu_hamil", number=0)
    fact(home["posyandu_pustu"], YEAR, 2, "K1", 5)
    fact(home["posyandu_pustu"], YEAR, 2, "N", 0, 0)
    table = pws.area_table(cast["dinkes"], district_area("36.01"), pws.Period(YEAR, 2),
                           [BY_CODE["K1"], BY_CODE["N"], BY_CODE["TB_SCREENED"], BY_CODE["D"]])
    cells = table.total.cells
    assert (cells["K1"].missing, cells["K1"].percent, cells["K1"].status) == (pws.NO_TARGET, None, None)
    assert cells["N"].missing == pws.NO_DENOMINATOR
    assert cells["TB_SCREENED"].missing is None and cells["TB_SCREENED"].value == 0
    with translation.override("en"):
        assert str(cells["K1"].reason) == "no target set for this year"
    # Nothing at all in March: every cell says so, none is judged.
    empty = pws.area_table(cast["dinkes"], district_area("36.01"), pws.Period(YEAR, 3), [BY_CODE["D"]])
    assert empty.total.cells["D"].missing == pws.NO_DATA and empty.total.cells["D"].status is None


def test_a_past_year_without_data_says_no_data_yet_and_is_not_far_behind(dinkes, home, today):
    TargetFactory(year=YEAR - 1, region_id="36.01", group="ibu_hamil", number=120)
    TargetFactory(year=YEAR - 1, region_id="36.01", group="balita", number=500)
    # Data of December before: what January of the past year compares with.
    fact(home["posyandu_pustu"], YEAR - 2, 12, "K1", 9)
    fact(home["posyandu_pustu"], YEAR - 2, 12, "D", 40)
    for month in (1, 12):
        body, doc = get(dinkes, f"/laporan/pws/kab/36.01/?tahun={YEAR - 1}&bulan={month}")
        assert "pws-far_behind" not in body and "None" not in body
        for code in ("K1", "D"):
            for td in column(doc, code):
                assert td.xpath(".//span[contains(@class, 'pws-none')]/@title") == ["no data yet"]
        assert doc.xpath("//tr[@id='pws-total']//*[contains(@class, 'pws-row-empty')]")[0].text_content() == \
            "no data yet"


def test_a_puskesmas_without_any_fact_this_year_is_not_judged_beside_one_with_data(cast, home):
    TargetFactory(facility=home["puskesmas"], region=None, group="ibu_hamil", number=100)
    TargetFactory(facility=home["puskesmas_b"], region=None, group="ibu_hamil", number=100)
    fact(home["posyandu_pustu"], YEAR, 1, "K1", 20)
    table = pws.area_table(cast["dinkes"], district_area("36.01"), pws.Period(YEAR, 1), [BY_CODE["K1"]])
    rows = {r.key: r for r in table.rows}
    assert rows[home["puskesmas"].pk].cells["K1"].status == pws.ON_TRACK
    idle = rows[home["puskesmas_b"].pk]
    assert not idle.has_data and idle.cells["K1"].status is None and idle.cells["K1"].missing == pws.NO_DATA


def test_the_chart_of_an_indicator_without_a_target_draws_numbers_and_says_why(dinkes, home, today):
    fact(home["posyandu_pustu"], YEAR, 2, "ODGJ_SERVED", 3)
    response = dinkes.get(f"/laporan/pws/kab/36.01/indikator/ODGJ_SERVED/?tahun={YEAR}&bulan=3")
    chart = response.context["chart"]
    assert chart["kind"] == "count" and chart["counts"] == [0, 3, 0]
    doc = lxml_html.fromstring(response.content)
    assert "no target set for this year" in doc.get_element_by_id("chart-note").text_content()
    assert "None" not in response.content.decode()
