"""A people page and its download run a fixed number of queries: the same
for a Posyandu of 5 children not weighed as for one of 50."""

from datetime import date
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from reports import engine

from .conftest import resident


def page_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response


def test_the_page_runs_the_same_queries_for_5_and_50_people(client, cast, network, record, today,
                                                          django_assert_max_num_queries):
    pk = network["36.01"]["posyandu_pustu"].pk
    url = f"/laporan/pws/posyandu/{pk}/orang/D/?tahun=2026&bulan=6"
    client.force_login(cast["kader"])

    def children(n):
        for i in range(n):
            kid = resident(network, "posyandu_pustu", date(2023, 1, 1 + i % 28), dusun=f"Dusun {i % 3}")
            if i % 2:
                record(kid, date(2026, 6, 3), "balita", ["WEIGHING"], weight_kg=Decimal("12.0"))
        engine.rebuild("36.01", 2026)

    children(10)
    client.get(url)  # warm the caches (session, translations)
    small, response = page_queries(client, url)
    assert len(response.context["people"].people) == 5
    children(90)
    with django_assert_max_num_queries(small):
        response = client.get(url)
    assert len(response.context["people"].people) == 50
    with django_assert_max_num_queries(small):
        client.get(url.replace("?", "unduh.xlsx?"))
