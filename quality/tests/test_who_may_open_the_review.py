"""Kepala Puskesmas, Dinkes staff and admins open the review of their own
area; other roles are refused (403), other areas answer 404 like a missing
one, and the menu links it for those who may open it."""

import pytest
from django.urls import reverse
from lxml import html

from quality.areas import desa_area, posyandu_area, puskesmas_area


def urls(home) -> dict:
    posyandu = posyandu_area(home["posyandu_pustu"].pk)
    return {
        "district": "/mutu-data/kab/36.01/",
        "puskesmas": puskesmas_area(home["puskesmas"].pk).url(),
        "desa": desa_area(home["puskesmas"].pk, posyandu.desa).url(),
        "posyandu": posyandu.url(),
    }


@pytest.mark.parametrize("who, allowed", [
    ("admin", {"district", "puskesmas", "desa", "posyandu"}),
    ("dinkes", {"district", "puskesmas", "desa", "posyandu"}),
    ("kapus", {"puskesmas", "desa", "posyandu"}),
    ("kapus_other", set()),
    ("dinkes_other", set()),
])
def test_reviewers_open_the_levels_of_their_area_and_get_404_elsewhere(client, cast, home, who, allowed):
    client.force_login(cast[who])
    for level, url in urls(home).items():
        assert client.get(url).status_code == (200 if level in allowed else 404), level


@pytest.mark.parametrize("who", ["kader", "petugas", "pustu", "no_scope"])
def test_other_roles_are_refused_even_in_their_own_area(client, cast, home, who):
    client.force_login(cast[who])
    for url in [*urls(home).values(), "/mutu-data/"]:
        assert client.get(url).status_code == 403, url


def test_a_kader_cannot_mark_an_item_checked(client, cast, home, make_items):
    ids = make_items(home["posyandu_pustu"])
    client.force_login(cast["kader"])
    response = client.post(posyandu_area(home["posyandu_pustu"].pk).url(), {"kind": "late", "item": ids["late"]})
    assert response.status_code == 403


def test_an_anonymous_visitor_is_sent_to_log_in(client, home):
    response = client.get(urls(home)["puskesmas"])
    assert response.status_code == 302 and response["Location"].startswith("/masuk/")


def test_a_missing_area_answers_404(client, cast, home):
    client.force_login(cast["admin"])
    for url in ("/mutu-data/kab/99.99/", "/mutu-data/pkm/999999/", "/mutu-data/posyandu/999999/",
                f"/mutu-data/pkm/{home['puskesmas'].pk}/desa/36.02.01.2001/"):
        assert client.get(url).status_code == 404, url


def test_the_review_opens_on_the_reviewers_own_area(client, cast, home):
    client.force_login(cast["kapus"])
    assert client.get("/mutu-data/?bulan=3").url == urls(home)["puskesmas"] + "?bulan=3"
    client.force_login(cast["dinkes"])
    assert client.get("/mutu-data/").url == urls(home)["district"]
    client.force_login(cast["admin"])
    assert 'href="/mutu-data/kab/36.01/"' in client.get("/mutu-data/").content.decode()


@pytest.mark.parametrize("who, sees", [("kapus", True), ("dinkes", True), ("admin", True), ("kader", False),
                                       ("petugas", False), ("pustu", False)])
def test_the_menu_links_the_review_for_those_who_may_open_it(client, cast, who, sees):
    client.force_login(cast[who])
    menu = html.fromstring(client.get("/").content.decode()).xpath('//nav//a[@class="nav-link" or '
                                                                   'starts-with(@class, "nav-link")]/@href')
    assert (reverse("quality:index") in menu) is sees
