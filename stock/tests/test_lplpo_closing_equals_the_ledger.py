"""The LPLPO's closing stock of every item is the ledger's balance at the
month's end: the sum of the network's movements up to that day, and, for the
current month, the sum of its maintained balances."""

import random
from datetime import timedelta

import pytest
from django.db.models import Sum

from stock import services
from stock.lplpo import lplpo
from stock.models import Balance, Batch, LossReason, Movement
from stock.services import StockRefused

from .factories import ItemFactory


def _ledger_at(facilities, item, day) -> int:
    return Movement.objects.filter(facility__in=facilities, batch__item=item, date__lte=day).aggregate(
        n=Sum("quantity"))["n"] or 0


def _balance(facilities, item) -> int:
    return Balance.objects.filter(facility__in=facilities, batch__item=item).aggregate(n=Sum("quantity"))["n"] or 0


def _random_ledger(seed, farmasi, places, items, today):
    rng = random.Random(seed)
    day = (today.replace(day=1) - timedelta(days=1)).replace(day=1) - timedelta(days=10)
    expiries = [today + timedelta(days=d) for d in (-20, 10, 200)]
    for _ in range(100):
        item, where = rng.choice(items), rng.choice(places)
        batches = list(Batch.objects.filter(item=item))
        action = rng.choice(["receive", "issue", "dispense", "loss", "count"])
        try:
            if action == "receive" or not batches:
                expiry = rng.choice(expiries)
                services.receive(facility=places[0], item=item, batch_number=f"{item.code}-{expiry:%m%d}",
                                 expiry=expiry, funding="apbd2", quantity=rng.randint(1, 60),
                                 date=min(day, expiry - timedelta(days=1)), user=farmasi)
            elif action == "issue":
                services.issue(from_facility=where, to_facility=rng.choice([p for p in places if p != where]),
                               item=item, quantity=rng.randint(1, 30), date=day, user=farmasi)
            elif action == "dispense":
                services.dispense(facility=where, item=item, quantity=rng.randint(1, 20), date=day, user=farmasi)
            elif action == "loss":
                services.record_loss(facility=where, batch=rng.choice(batches), quantity=rng.randint(1, 5),
                                     date=day, user=farmasi, reason=LossReason.EXPIRED)
            else:
                services.count_stock(facility=where, batch=rng.choice(batches), counted=rng.randint(0, 40),
                                     date=day, user=farmasi)
        except StockRefused:
            pass
        day = min(today, day + timedelta(days=rng.choice([0, 1, 1])))


@pytest.mark.parametrize("seed", [1, 2])
def test_closing_stock_equals_the_sum_of_movements_and_the_balances(seed, farmasi, pkm, pustu, network, today):
    places = [pkm, pustu, network["36.01"]["posyandu_pustu"]]
    items = [ItemFactory(), ItemFactory(unit="vial")]
    _random_ledger(seed, farmasi, places, items, today)
    this_month = today.replace(day=1)
    last_month = (this_month - timedelta(days=1)).replace(day=1)
    for month in (last_month, this_month):
        report = lplpo(user=farmasi, facility=pkm, month=month, today=today)
        closing = {line.item: line.closing for line in report.lines}
        for item in items:
            assert closing.get(item, 0) == _ledger_at(places, item, report.end), (month, item)
        for line in report.lines:
            assert line.closing == line.supply - line.used - line.lost - line.issued + line.adjusted
    current = lplpo(user=farmasi, facility=pkm, month=this_month, today=today)
    assert {line.item: line.closing for line in current.lines if line.closing} == {
        item: _balance(places, item) for item in items if _balance(places, item)}
    previous = lplpo(user=farmasi, facility=pkm, month=last_month, today=today)
    assert previous.lines and Movement.objects.filter(date__gte=this_month).exists()  # both months have lines
    assert {line.item: line.opening for line in current.lines if line.opening} == {
        line.item: line.closing for line in previous.lines if line.closing}
