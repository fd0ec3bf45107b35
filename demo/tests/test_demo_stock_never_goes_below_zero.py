"""The demo ledger is simulated in date order: no card's running balance
goes below zero at any line, and no line hands out a batch on or after its
expiry date (it can only be written off then)."""

from collections import defaultdict
from itertools import groupby

from stock.models import Kind, Movement


def running_minimum(rows) -> int:
    lowest, total = 0, 0
    for quantity in rows:
        total += quantity
        lowest = min(lowest, total)
    return lowest


def test_no_running_balance_of_a_facility_and_batch_goes_below_zero(stocked_year):
    lines = Movement.objects.order_by("facility_id", "batch_id", "date", "pk").values_list(
        "facility_id", "batch_id", "quantity")
    lowest = {key: running_minimum(q for _, _, q in rows)
              for key, rows in groupby(lines, key=lambda row: row[:2])}

    assert len(lowest) == stocked_year.balances
    assert min(lowest.values()) == 0


def test_no_running_balance_of_an_item_at_a_facility_goes_below_zero_on_any_day(stocked_year):
    by_day = defaultdict(int)
    for facility, item, day, quantity in Movement.objects.values_list("facility_id", "batch__item_id", "date",
                                                                       "quantity"):
        by_day[facility, item, day] += quantity
    cards = defaultdict(list)
    for (facility, item, _day), quantity in sorted(by_day.items()):
        cards[facility, item].append(quantity)

    assert all(running_minimum(days) >= 0 for days in cards.values())


def test_nothing_is_handed_out_on_or_after_its_expiry(stocked_year):
    out = Movement.objects.filter(kind__in=[Kind.DISPENSE, Kind.ISSUE_OUT, Kind.RECEIPT])

    assert out.exists()
    assert not [m for m in out.select_related("batch") if m.date >= m.batch.expiry]
