"""The people page of a cell: the cell's S, D and S − D above exactly
S − D people, grouped by household, in Indonesian by default; a download
with the same people; and every people-counting cell of the dashboards
links to it."""

import io
from datetime import date

from lxml import html
from openpyxl import load_workbook

from reports import engine
from reports.engine.groups import GROUPS
from reports.indicators import REGISTRY

URL = "/laporan/pws/posyandu/{pk}/orang/{code}/?tahun=2026&bulan=6"


def figures(doc) -> tuple[int, int, int]:
    def number(box):
        return int(doc.get_element_by_id(box).find_class("num")[0].text_content().replace(".", "").strip())
    return number("figure-group"), number("figure-counted"), number("figure-uncounted")


def test_the_page_shows_s_d_and_as_many_people_as_s_less_d(client, cast, network, village, today):
    client.force_login(cast["kader"])
    response = client.get(URL.format(pk=network["36.01"]["posyandu_pustu"].pk, code="D"))
    assert response.status_code == 200
    doc = html.fromstring(response.content)
    s, d, missing = figures(doc)
    assert (d, missing) == (3, s - 3)
    people = doc.xpath("//div[@id='people-list']//li[contains(@class, 'person')]")
    assert len(people) == s - d
    households = doc.xpath("//div[@id='people-list']/section[contains(@class, 'household')]")
    assert len(households) == len({p.get("data-patient") for p in people})  # one child per household here
    assert "Cibeber" in doc.xpath(f"//section[.//li[@data-patient='{village['not_weighed'][0].pk}']]")[0] \
        .text_content()
    assert doc.get_element_by_id("indicator-name").text_content().startswith("D/S")


def test_the_download_holds_the_same_people(client, cast, network, village, today):
    client.force_login(cast["dinkes"])
    page = html.fromstring(client.get(URL.format(pk=network["36.01"]["posyandu_pkm"].pk, code="K4")).content)
    names = sorted(a.text_content() for a in page.xpath("//div[@id='people-list']//li[contains(@class, 'person')]/a"))
    response = client.get(URL.format(pk=network["36.01"]["posyandu_pkm"].pk, code="K4").replace("?", "unduh.xlsx?"))
    assert response["Content-Disposition"].endswith('.xlsx"')
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert sorted(r[0] for r in rows[1:]) == names and len(names) == 3


def test_everyone_counted_says_so(client, cast, network, village, today, record):
    record(village["elderly"], date(2026, 2, 2), "lansia", ["LANSIA_SCREENING"], adl=20)
    engine.rebuild("36.01", 2026)
    client.force_login(cast["dinkes"])
    doc = html.fromstring(client.get(URL.format(pk=network["36.01"]["posyandu_b"].pk, code="LANSIA_SKRINING"))
                          .content)
    assert figures(doc) == (1, 1, 0)
    assert doc.get_element_by_id("no-people") is not None and not doc.xpath("//li[contains(@class, 'person')]")


def test_every_people_counting_cell_of_the_dashboards_links_to_its_people(client, cast, network, village, today):
    home = network["36.01"]
    client.force_login(cast["dinkes"])
    doc = html.fromstring(client.get(f"/laporan/pws/pkm/{home['puskesmas'].pk}/desa/{home['pustu'].region_id}/"
                                     "?tahun=2026&bulan=6").content)
    for code in (i.code for i in REGISTRY):
        link = f"td[@data-indicator='{code}']/a[contains(@class, 'pws-people')]"
        row_links = doc.xpath(f"//table[@id='pws-table']/tbody//{link}")
        total_links = doc.xpath(f"//tr[@id='pws-total']/{link}")
        expected = 1 if code in GROUPS else 0
        assert (len(row_links), len(total_links)) == (expected, expected), code
    link = doc.xpath("//table[@id='pws-table']/tbody//td[@data-indicator='D']/a")[0].get("href")
    assert link == URL.format(pk=home["posyandu_pustu"].pk, code="D")
    clusters = html.fromstring(client.get(f"/laporan/pws/posyandu/{home['posyandu_pustu'].pk}/?tahun=2026&bulan=6")
                               .content)
    linked = {tr.get("data-indicator") for tr in clusters.xpath("//tr[.//a[contains(@class, 'pws-people')]]")}
    assert linked == set(GROUPS)


def test_the_uncounted_figure_keeps_s_less_d_whole_when_its_label_wraps_on_a_phone(client, cast, network, village,
                                                                                  today):
    # Three figures side by side on a phone: the label wraps, and broke
    # "(S − D)" into "(S" and "− D)".
    client.force_login(cast["kader"])
    doc = html.fromstring(client.get(URL.format(pk=network["36.01"]["posyandu_pustu"].pk, code="D")).content)
    label = doc.get_element_by_id("figure-uncounted").find_class("small")[0]
    assert " ".join(label.text_content().split()) == "Belum terhitung (S − D)"
    assert [part.text_content() for part in label.find_class("text-nowrap")] == ["(S − D)"]
