"""A reviewer marks an item "sudah diperiksa" with an optional note: it
leaves the open list and the open count on the PWS page, and shows under
"Checked" with who, when and the note."""

import lxml.html
from django.test import Client

from quality.areas import puskesmas_area
from quality.models import Review
from reports.pws.areas import puskesmas_area as pws_puskesmas_area

from .conftest import MONTH, listed, query


def pws_open_count(client, home) -> int:
    html = client.get(pws_puskesmas_area(home["puskesmas"].pk).url() + query(MONTH)).content.decode()
    return int(lxml.html.fromstring(html).xpath("//p[@id='quality-open']/@data-open")[0])


def test_a_checked_item_leaves_the_open_list_and_the_pws_count(client, cast, home, make_items):
    ids = make_items(home["posyandu_pustu"])
    client.force_login(cast["kapus"])
    page = puskesmas_area(home["puskesmas"].pk).url() + query(MONTH)
    assert pws_open_count(client, home) == 4  # the five kinds but the likely duplicate
    response = client.post(page, {"kind": "flagged_z", "item": ids["flagged_z"], "note": "  ditimbang ulang  "})
    assert response.status_code == 302 and response["Location"] == page
    review = Review.objects.get()
    assert (review.kind, review.object_id, review.by, review.note) == ("flagged_z", ids["flagged_z"], cast["kapus"],
                                                                       "ditimbang ulang")
    assert ("flagged_z", ids["flagged_z"]) not in listed(client.get(page).content.decode())
    assert pws_open_count(client, home) == 3
    checked = client.get(page + "&status=diperiksa").content.decode()
    assert listed(checked) == {("flagged_z", ids["flagged_z"])}
    assert "ditimbang ulang" in checked and "review-form" not in checked


def test_every_kind_can_be_marked_checked(client, cast, home, make_items):
    ids = make_items(home["posyandu_pustu"])
    client.force_login(cast["dinkes"])
    page = "/mutu-data/kab/36.01/" + query(MONTH)
    for kind, pk in ids.items():
        assert client.post(page, {"kind": kind, "item": pk}).status_code == 302
    assert listed(client.get(page).content.decode()) == set()
    assert 'id="nothing"' in client.get(page).content.decode()


def test_marking_twice_keeps_the_first_review(client, cast, home, make_items):
    ids = make_items(home["posyandu_pustu"])
    client.force_login(cast["kapus"])
    page = puskesmas_area(home["puskesmas"].pk).url()
    client.post(page, {"kind": "late", "item": ids["late"], "note": "pertama"})
    client.post(page, {"kind": "late", "item": ids["late"], "note": "kedua"})
    assert list(Review.objects.values_list("note", flat=True)) == ["pertama"]


def test_an_item_outside_the_reviewers_area_or_of_another_kind_cannot_be_marked(client, cast, home, network,
                                                                                make_items):
    theirs = make_items(network["36.01"]["posyandu_b"])  # the other Puskesmas
    mine = make_items(home["posyandu_pustu"])
    client.force_login(cast["kapus"])
    page = puskesmas_area(home["puskesmas"].pk).url()
    assert client.post(page, {"kind": "late", "item": theirs["late"]}).status_code == 404
    # Nor something that is not such an item: a visit entered on time is no late entry.
    assert client.post(page, {"kind": "late", "item": mine["confirmed"]}).status_code == 404
    assert not Review.objects.exists()


def test_a_nonsense_post_is_refused_with_the_page(client, cast, home):
    client.force_login(cast["kapus"])
    page = puskesmas_area(home["puskesmas"].pk).url()
    response = client.post(page, {"kind": "nonsense", "item": "x", "note": "n" * 501})
    assert response.status_code == 400 and 'id="form-errors"' in response.content.decode()


def test_marking_needs_the_csrf_token(cast, home, make_items):
    ids = make_items(home["posyandu_pustu"])
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast["kapus"])
    page = puskesmas_area(home["puskesmas"].pk).url()
    assert client.post(page, {"kind": "late", "item": ids["late"]}).status_code == 403
    assert not Review.objects.exists()
