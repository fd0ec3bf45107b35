"""The PWS page of an area says how many visit items of its month are open in
the review and links there; only for those who may open the review. Likely
duplicates are on the review page only (make_items makes one of each of the
five kinds: four are visit items)."""

import lxml.html
import pytest

from reports.pws.areas import desa_area, posyandu_area, puskesmas_area

from .conftest import MONTH, NEXT_MONTH, query


def quality_link(client, url):
    found = lxml.html.fromstring(client.get(url).content).xpath("//p[@id='quality-open']")
    return (int(found[0].get("data-open")), found[0].xpath("string(a/@href)")) if found else None


def test_each_level_counts_its_own_open_items_of_the_month_and_links_to_its_review(client, cast, home, make_items):
    make_items(home["posyandu_pustu"])
    make_items(home["posyandu_pkm"])
    make_items(home["posyandu_pkm"], NEXT_MONTH)
    client.force_login(cast["dinkes"])
    assert quality_link(client, "/laporan/pws/kab/36.01/" + query(MONTH)) == (
        8, "/mutu-data/kab/36.01/" + query(MONTH))
    pkm = puskesmas_area(home["puskesmas"].pk)
    assert quality_link(client, pkm.url() + query(MONTH))[0] == 8
    assert quality_link(client, pkm.url() + query(NEXT_MONTH))[0] == 4
    pos = posyandu_area(home["posyandu_pustu"].pk)
    assert quality_link(client, pos.url() + query(MONTH)) == (4, f"/mutu-data/posyandu/{pos.posyandu}/" + query(MONTH))
    desa = desa_area(home["puskesmas"].pk, pos.desa)
    assert quality_link(client, desa.url() + query(MONTH))[0] == 4
    assert quality_link(client, pkm.url("clusters") + query(MONTH))[0] == 8


@pytest.mark.parametrize("who, sees", [("kapus", True), ("petugas", False), ("pustu", False)])
def test_only_reviewers_see_the_count(client, cast, home, make_items, who, sees):
    make_items(home["posyandu_pustu"])
    client.force_login(cast[who])
    pos = posyandu_area(home["posyandu_pustu"].pk)
    assert (quality_link(client, pos.url() + query(MONTH)) is not None) is sees


def test_past_the_limit_each_kind_counts_up_to_it_and_the_page_says_at_least(client, cast, home, make_items,
                                                                             monkeypatch):
    from quality import selectors

    for _ in range(3):
        make_items(home["posyandu_pkm"])  # three of each of the four visit kinds
    monkeypatch.setattr(selectors, "BADGE_LIMIT", 2)
    client.force_login(cast["dinkes"])
    page = lxml.html.fromstring(client.get("/laporan/pws/kab/36.01/" + query(MONTH)).content)
    badge = page.xpath("//p[@id='quality-open']")[0]
    assert badge.get("data-open") == "8" and badge.get("data-at-least") == "1"
    assert "at least 8" in badge.text_content() or "sedikitnya 8" in badge.text_content()
    monkeypatch.setattr(selectors, "BADGE_LIMIT", 3)
    badge = lxml.html.fromstring(client.get("/laporan/pws/kab/36.01/" + query(MONTH)).content) \
        .xpath("//p[@id='quality-open']")[0]
    assert badge.get("data-open") == "12" and badge.get("data-at-least") == "1"
    monkeypatch.setattr(selectors, "BADGE_LIMIT", 4)
    badge = lxml.html.fromstring(client.get("/laporan/pws/kab/36.01/" + query(MONTH)).content) \
        .xpath("//p[@id='quality-open']")[0]
    assert badge.get("data-open") == "12" and badge.get("data-at-least") is None


def test_an_exact_count_past_a_thousand_is_written_with_the_thousands_separator(client, cast, home, make_items):
    from clusters.models import Visit

    confirmed = Visit.objects.get(pk=make_items(home["posyandu_pkm"])["confirmed"])
    same = {f.attname: getattr(confirmed, f.attname) for f in Visit._meta.concrete_fields if not f.primary_key}
    Visit.objects.bulk_create([Visit(**same) for _ in range(1000)])
    # bulk_create stamps them now: entered when the first was.
    Visit.objects.filter(patient_id=confirmed.patient_id).update(created_at=confirmed.created_at)
    client.force_login(cast["kapus"])
    pos = posyandu_area(home["posyandu_pkm"].pk)
    badge = lxml.html.fromstring(client.get(pos.url() + query(MONTH)).content).xpath("//p[@id='quality-open']")[0]
    assert badge.get("data-open") == "1004" and badge.get("data-at-least") is None
    assert "1.004" in badge.text_content()
