"""Every kind of item appears on the review of the area where its person
lives and the month it reached the record, and nowhere else."""

from quality.areas import desa_area, posyandu_area, puskesmas_area

from .conftest import MONTH, NEXT_MONTH, listed, query

KINDS = {"confirmed", "flagged_z", "late", "recomputed", "duplicate"}


def expected(ids: dict) -> set:
    return {(kind, pk) for kind, pk in ids.items()}


def test_a_puskesmas_head_sees_every_kind_of_the_month_at_each_level_of_the_puskesmas(client, cast, home,
                                                                                        make_items):
    ids = make_items(home["posyandu_pustu"])
    assert set(ids) == KINDS
    client.force_login(cast["kapus"])
    posyandu = posyandu_area(home["posyandu_pustu"].pk)
    for area in (puskesmas_area(home["puskesmas"].pk), desa_area(home["puskesmas"].pk, posyandu.desa), posyandu):
        response = client.get(area.url() + query(MONTH))
        assert response.status_code == 200
        assert listed(response.content.decode()) == expected(ids), area.kind


def test_dinkes_sees_them_on_the_district_review(client, cast, home, make_items):
    ids = make_items(home["posyandu_b"])
    client.force_login(cast["dinkes"])
    assert listed(client.get("/mutu-data/kab/36.01/" + query(MONTH)).content.decode()) == expected(ids)


def test_items_of_another_month_are_not_listed(client, cast, home, make_items):
    make_items(home["posyandu_pustu"], NEXT_MONTH)
    client.force_login(cast["kapus"])
    assert listed(client.get(puskesmas_area(home["puskesmas"].pk).url() + query(MONTH)).content.decode()) == set()


def test_items_of_another_area_are_not_listed(client, cast, home, network, make_items):
    make_items(home["posyandu_b"])  # the other Puskesmas of the district
    make_items(network["36.02"]["posyandu_pustu"])  # another district
    make_items(home["posyandu_pkm"])  # another desa and Posyandu of the same Puskesmas
    client.force_login(cast["kapus"])
    pkm_items = listed(client.get(puskesmas_area(home["puskesmas"].pk).url() + query(MONTH)).content.decode())
    assert len(pkm_items) == 5
    posyandu = posyandu_area(home["posyandu_pustu"].pk)
    for area in (posyandu, desa_area(home["puskesmas"].pk, posyandu.desa)):
        assert listed(client.get(area.url() + query(MONTH)).content.decode()) == set()
    client.force_login(cast["dinkes"])
    assert len(listed(client.get("/mutu-data/kab/36.01/" + query(MONTH)).content.decode())) == 10


def test_the_district_review_counts_items_by_puskesmas_and_links_to_each(client, cast, home, make_items):
    make_items(home["posyandu_pustu"])
    make_items(home["posyandu_b"])
    make_items(home["posyandu_b"])
    client.force_login(cast["dinkes"])
    html = client.get("/mutu-data/kab/36.01/" + query(MONTH)).content.decode()
    import lxml.html

    rows = lxml.html.fromstring(html).xpath("//section[@id='children']//li")
    counts = {row.xpath("string(.//a/@href)").split("?")[0]: row.xpath("string(.//span)") for row in rows}
    assert counts == {f"/mutu-data/pkm/{home['puskesmas'].pk}/": "5", f"/mutu-data/pkm/{home['puskesmas_b'].pk}/": "10"}


def test_a_visit_is_listed_where_it_was_recorded_and_a_duplicate_where_the_person_lives(client, cast, home,
                                                                                          make_items):
    """A child of the other Puskesmas weighed at this one's Posyandu: the
    visit is this Puskesmas's to check; people stay with their household."""
    from .factories import MeasurementFactory, VisitFactory, child_at

    visitor = child_at(home["posyandu_b"], name="Tamu")
    visit = VisitFactory(patient=visitor, facility=home["posyandu_pustu"], date=MONTH, entered=MONTH)
    MeasurementFactory(visit=visit, flagged_z="haz")
    ids = make_items(home["posyandu_b"])
    client.force_login(cast["kapus"])
    mine = listed(client.get(puskesmas_area(home["puskesmas"].pk).url() + query(MONTH)).content.decode())
    assert mine == {("flagged_z", visit.pk)}
    client.force_login(cast["kapus_other"])
    theirs = listed(client.get(puskesmas_area(home["puskesmas_b"].pk).url() + query(MONTH)).content.decode())
    assert theirs == expected(ids)


def test_below_a_desa_its_pustu_and_puskesmas_are_named_beside_its_posyandu(client, cast, home, make_items):
    import lxml.html

    from .factories import VisitFactory, child_at

    make_items(home["posyandu_pustu"])
    child = child_at(home["posyandu_pustu"], name="Di Pustu")
    VisitFactory(patient=child, facility=home["pustu"], date=MONTH, confirmed=["systolic"], entered=MONTH)
    client.force_login(cast["kapus"])
    desa = desa_area(home["puskesmas"].pk, home["pustu"].region_id)
    rows = lxml.html.fromstring(client.get(desa.url() + query(MONTH)).content).xpath("//section[@id='children']//li")
    counts = {row.xpath("string(./*[1])"): row.xpath("string(./span[last()])") for row in rows}
    links = [row.xpath("string(.//a/@href)") for row in rows]
    assert counts[f"Pustu {home['pustu'].name}"] == "1" and counts[home["posyandu_pustu"].name] == "5"
    assert links.count("") == 1  # a Pustu is no level of the review: named, not linked
    assert f"/mutu-data/posyandu/{home['posyandu_pustu'].pk}/" + query(MONTH) in links
