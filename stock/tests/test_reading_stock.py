"""Reading stock: balances in FEFO order, per item, the kartu stok with its
running balance, items below safety stock and batches about to expire; each
in a fixed number of queries whatever the data."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from stock import selectors, services

from .factories import ItemFactory


def _stock(farmasi, pkm, pustu, item, receive_at, today, lines=1):
    for i in range(lines):
        receive_at(item, 100, expiry=today + timedelta(days=60 + 30 * i), number=f"{item.code}-{i}",
                   day=today - timedelta(days=20))
        services.dispense(facility=pkm, item=item, quantity=7, date=today - timedelta(days=10), user=farmasi)
        services.issue(from_facility=pkm, to_facility=pustu, item=item, quantity=5, date=today - timedelta(days=5),
                       user=farmasi)


def test_balances_by_batch_come_earliest_expiry_first(farmasi, pkm, amoxicillin, receive_at, today):
    late = receive_at(amoxicillin, 5, expiry=today + timedelta(days=300)).batch
    early = receive_at(amoxicillin, 5, expiry=today + timedelta(days=30)).batch
    rows = selectors.batch_balances(user=farmasi, facility=pkm)
    assert [b.batch for b in rows] == [early, late]


def test_the_balance_per_item_separates_what_is_usable(farmasi, pkm, amoxicillin, receive_at, today):
    receive_at(amoxicillin, 5, expiry=today, day=today - timedelta(days=3))  # expires today
    receive_at(amoxicillin, 8, expiry=today + timedelta(days=30))
    [row] = selectors.item_balances(user=farmasi, facility=pkm, on=today)
    assert (row, row.quantity, row.usable, row.earliest_expiry) == (amoxicillin, 13, 8, today + timedelta(days=30))


def test_the_stock_card_carries_the_running_balance(farmasi, pkm, pustu, amoxicillin, receive_at, today):
    _stock(farmasi, pkm, pustu, amoxicillin, receive_at, today, lines=2)
    card = selectors.stock_card(user=farmasi, facility=pkm, item=amoxicillin)
    assert [m.quantity for m in card.movements] == [100, 100, -7, -7, -5, -5]
    assert [m.balance for m in card.movements] == [100, 200, 193, 186, 181, 176]

    later = selectors.stock_card(user=farmasi, facility=pkm, item=amoxicillin, since=today - timedelta(days=7))
    assert later.opening == 186 and [m.balance for m in later.movements] == [181, 176]


def test_the_stock_card_is_empty_outside_the_users_area(cast, farmasi, pkm, pustu, amoxicillin, receive_at, today):
    _stock(farmasi, pkm, pustu, amoxicillin, receive_at, today)
    assert selectors.stock_card(user=cast["kapus_other"], facility=pkm, item=amoxicillin).movements == []
    assert list(selectors.item_balances(user=cast["kapus_other"], facility=pkm, on=today)) == []


def test_an_item_below_its_safety_stock_is_listed(farmasi, pkm, amoxicillin, receive_at, today):
    plenty = ItemFactory(name="Parasetamol 500 mg tablet")
    receive_at(amoxicillin, 100, expiry=today + timedelta(days=300), day=today - timedelta(days=40))
    receive_at(plenty, 1000, expiry=today + timedelta(days=300), day=today - timedelta(days=40))
    # 90 capsules used in three months: 30 a month, so 1 month of safety stock is 30; 10 are left.
    services.dispense(facility=pkm, item=amoxicillin, quantity=90, date=today - timedelta(days=20), user=farmasi)
    services.dispense(facility=pkm, item=plenty, quantity=90, date=today - timedelta(days=20), user=farmasi)

    [low] = selectors.below_safety_stock(user=farmasi, facility=pkm, on=today)

    assert (low, low.usable, low.monthly_use, low.safety_stock) == (amoxicillin, 10, 30, 30)


def test_batches_expiring_within_months_are_listed_earliest_first(farmasi, pkm, amoxicillin, receive_at, today):
    soon = receive_at(amoxicillin, 5, expiry=today + timedelta(days=40)).batch
    sooner = receive_at(amoxicillin, 5, expiry=today + timedelta(days=10)).batch
    receive_at(amoxicillin, 5, expiry=today + timedelta(days=400))
    assert [b.batch for b in selectors.expiring_within(user=farmasi, months=3, on=today)] == [sooner, soon]


@pytest.mark.parametrize("read", ["batches", "items", "card", "below", "expiring"])
def test_reads_run_the_same_number_of_queries_whatever_the_data(read, farmasi, pkm, pustu, receive_at, today):
    def run():
        if read == "batches":
            return list(selectors.batch_balances(user=farmasi, facility=pkm))
        if read == "items":
            return list(selectors.item_balances(user=farmasi, facility=pkm, on=today))
        if read == "card":
            return selectors.stock_card(user=farmasi, facility=pkm, item=first, since=today - timedelta(days=7))
        if read == "below":
            return list(selectors.below_safety_stock(user=farmasi, facility=pkm, on=today))
        return [b.batch.item.name for b in selectors.expiring_within(user=farmasi, months=6, on=today)]

    counts = []
    first = ItemFactory()
    for n in (1, 4):
        for _ in range(n):
            _stock(farmasi, pkm, pustu, ItemFactory(), receive_at, today, lines=n)
        _stock(farmasi, pkm, pustu, first, receive_at, today, lines=1)
        with CaptureQueriesContext(connection) as queries:
            run()
        counts.append(len(queries))
    assert counts[0] == counts[1]
