"""The review runs the same number of queries whatever the number of items,
and lists at most a page of them."""

import lxml.html
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from quality.areas import puskesmas_area
from quality.models import Review
from quality.selectors import OVERVIEW_LIMIT, PAGE_SIZE

from .conftest import MONTH, listed, query


def queries(client, url) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), response.content.decode()


def add(make_items, home, sets: int, *, checked_by=None):
    for i in range(sets):
        ids = make_items(home["posyandu_pustu"] if i % 2 else home["posyandu_pkm"])
        if checked_by:
            for kind, pk in ids.items():
                Review.objects.create(kind=kind, object_id=pk, by=checked_by, note="ok")


@pytest.mark.parametrize("who, url_of, params", [
    ("kapus", lambda h: puskesmas_area(h["puskesmas"].pk).url(), ""),
    ("kapus", lambda h: puskesmas_area(h["puskesmas"].pk).url(), "&jenis=duplicate"),
    ("kapus", lambda h: puskesmas_area(h["puskesmas"].pk).url(), "&status=diperiksa"),
    ("dinkes", lambda h: "/mutu-data/kab/36.01/", ""),
])
def test_the_review_runs_as_many_queries_for_two_items_of_each_kind_as_for_thirty(client, cast, home, make_items,
                                                                                  who, url_of, params):
    client.force_login(cast[who])
    url = url_of(home) + query(MONTH) + params
    checker = cast[who] if "status=diperiksa" in params else None
    add(make_items, home, 2, checked_by=checker)
    small, _ = queries(client, url)
    add(make_items, home, 28, checked_by=checker)
    large, html = queries(client, url)
    assert large == small and small <= 20
    shown = listed(html)
    assert len(shown) == (PAGE_SIZE if "jenis" in params else 5 * OVERVIEW_LIMIT)


def test_the_overview_says_how_many_more_and_a_kind_pages_through_them(client, cast, home, make_items):
    add(make_items, home, PAGE_SIZE + 2)
    client.force_login(cast["kapus"])
    url = puskesmas_area(home["puskesmas"].pk).url() + query(MONTH)
    page = lxml.html.fromstring(client.get(url).content)
    more = page.xpath("//section[@id='kind-late']//a[contains(@class, 'more')]")[0]
    assert more.get("href").endswith("jenis=late") and str(PAGE_SIZE + 2 - OVERVIEW_LIMIT) in more.text_content()
    first = listed(client.get(url + "&jenis=late").content.decode())
    second = listed(client.get(url + "&jenis=late&page=2").content.decode())
    assert len(first) == PAGE_SIZE and len(second) == 2 and not first & second
