"""Dashboard headers name each indicator by its short name, never its raw
code, and its full definition (what exactly is counted) is one tap away."""

from datetime import date

import pytest
from django.utils import translation
from lxml import html as lxml_html

from reports.indicators import BY_CODE, REGISTRY
from reports.tests.pws_factories import RolledUpFactFactory

YEAR = 2026


@pytest.fixture
def english(client):
    client.cookies["django_language"] = "en"
    return client


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return lxml_html.fromstring(response.content)


def test_every_indicator_has_a_short_name_and_a_definition_that_starts_with_it():
    with translation.override("en"):
        for indicator in REGISTRY:
            assert indicator.short and len(str(indicator.short)) <= 26, indicator.code
            assert str(indicator.definition).startswith(f"{indicator.short}: "), indicator.code
        assert str(BY_CODE["D"].short) == "D/S" and str(BY_CODE["KN_LENGKAP"].short) == "KN complete"


def test_the_district_table_heads_its_columns_with_short_names_and_no_raw_codes(english, cast, home):
    RolledUpFactFactory(posyandu=home["posyandu_pustu"], month=date(YEAR, 1, 1), indicator="K1", numerator=3)
    english.force_login(cast["dinkes"])
    doc = page(english, f"/laporan/pws/kab/36.01/?tahun={YEAR}&bulan=1")
    heads = doc.xpath("//table[@id='pws-table']/thead//th[@data-indicator]")
    assert [h.get("data-indicator") for h in heads] == [i.code for i in REGISTRY]
    with translation.override("en"):
        for head in heads:
            indicator = BY_CODE[head.get("data-indicator")]
            assert head.xpath("./a[1]")[0].text_content() == str(indicator.short)
            visible = "".join(head.xpath(".//text()[not(ancestor::*[@aria-hidden])]"))
            if "_" in indicator.code:
                assert indicator.code not in visible


def test_each_header_opens_its_definition_from_a_button(english, cast, home):
    english.force_login(cast["dinkes"])
    doc = page(english, "/laporan/pws/kab/36.01/?klaster=K3")
    with translation.override("en"):
        for head in doc.xpath("//table[@id='pws-table']/thead//th[@data-indicator]"):
            indicator = BY_CODE[head.get("data-indicator")]
            button = head.xpath(".//button[contains(@class, 'pws-def')]")[0]
            assert button.get("type") == "button"
            assert button.get("data-bs-content") == str(indicator.definition)
            assert str(indicator.definition) in button.get("aria-label")
        # Also written out beneath the table, for print and without script.
        glossary = doc.xpath("//details[@id='pws-definitions']//dd/text()")
        assert str(BY_CODE["HT_SERVED"].definition) in glossary


def test_the_indicator_page_and_the_cluster_report_show_the_definition(english, cast, home):
    english.force_login(cast["dinkes"])
    doc = page(english, "/laporan/pws/kab/36.01/indikator/KN_LENGKAP/")
    with translation.override("en"):
        assert doc.get_element_by_id("indicator-name").text_content().strip().startswith("KN complete")
        assert doc.get_element_by_id("indicator-definition").text_content() == str(BY_CODE["KN_LENGKAP"].definition)
    english.force_login(cast["kapus"])
    doc = page(english, f"/laporan/pws/pkm/{home['puskesmas'].pk}/klaster/")
    row = doc.xpath("//tr[@data-indicator='ODGJ_SERVED']")[0]
    with translation.override("en"):
        assert row.xpath(".//a")[0].text_content() == "ODGJ served"
        assert str(BY_CODE["ODGJ_SERVED"].definition) in row.text_content()


def test_the_area_column_of_a_puskesmas_table_may_wrap_after_its_slash_on_a_phone(client, cast, home):
    # Its phone column is narrow: without a break after "Desa/" the label
    # broke inside "kelurahan".
    client.force_login(cast["dinkes"])
    doc = page(client, f"/laporan/pws/pkm/{home['puskesmas'].pk}/?tahun={YEAR}&bulan=1")
    head = doc.xpath("//table[@id='pws-table']/thead//th[contains(@class, 'pws-area')]")[0]
    assert head.text_content() == "Desa/kelurahan (Pustu)"
    assert head.text == "Desa/"
    assert [child.tag for child in head] == ["wbr"]
