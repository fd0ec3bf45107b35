"""The stock benchmark times the same visit save with and without a stock
card, each rolled back, and the stock pages it finds in stock/urls.py; it
seeds a district's stock from its visits when it has none."""

import json
from io import StringIO

from django.core.management import call_command

from clusters.models import Visit
from demo.stock import delete_stock
from stock.models import Balance, Movement


def bench(**options) -> dict:
    out = StringIO()
    call_command("bench_stock", saves=3, requests=1, stdout=out, **options)
    return json.loads(out.getvalue())


def test_the_stock_bench_times_dispensing_against_no_stock_card_and_leaves_no_trace(stocked_year):
    visits, lines = Visit.objects.count(), Movement.objects.count()

    figures = bench()

    overhead = figures["dispense_overhead"]
    assert overhead["saves_each"] == 3
    for level in ("service", "request"):
        assert overhead[level]["lines_per_save"] >= 2
        assert overhead[level]["with_stock_median_ms"] > 0 and overhead[level]["no_stock_card_median_ms"] > 0
    assert figures["pages"]["stock_list"]["median_ms"] > 0
    assert figures["pages"]["stock_card"]["lines"] > 0 and figures["pages"]["stock_card"]["median_ms"] > 0
    assert figures["lplpo_ms"] > 0 and figures["district_stock_ms"] > 0
    assert (Visit.objects.count(), Movement.objects.count()) == (visits, lines)


def test_a_district_without_stock_gets_its_stock_seeded_first(stocked_year):
    delete_stock("36.01")
    assert not Balance.objects.exists()

    figures = bench()

    assert figures["stock_seeded_s"] is not None and figures["movements"] == Movement.objects.count() > 0
