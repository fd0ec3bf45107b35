"""Whatever sequence of receipts, issues, dispensing, losses and counts the
facilities go through (refusals included), every balance equals the sum of
its ledger lines and none is negative."""

import random
from datetime import date, timedelta

import pytest
from django.db.models import Sum

from stock import services
from stock.models import Balance, Batch, LossReason, Movement
from stock.services import StockRefused

from .factories import ItemFactory


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_balances_equal_the_sum_of_movements_after_a_random_sequence(seed, farmasi, pkm, pustu, network, today):
    rng = random.Random(seed)
    posyandu = network["36.01"]["posyandu_pustu"]
    places = [pkm, pustu, posyandu]
    items = [ItemFactory(), ItemFactory(unit="vial")]
    expiries = [today + timedelta(days=d) for d in (-3, 40, 200)]  # one batch already expired
    day = today - timedelta(days=30)
    refused = 0
    for _ in range(120):
        item = rng.choice(items)
        where = rng.choice(places)
        action = rng.choice(["receive", "issue", "dispense", "loss", "count"])
        batches = list(Batch.objects.filter(item=item))
        try:
            if action == "receive" or not batches:
                expiry = rng.choice(expiries)
                services.receive(facility=pkm, item=item, batch_number=f"{item.code}-{expiry:%m%d}", expiry=expiry,
                                 funding="apbd2", quantity=rng.randint(1, 50), date=min(day, expiry - timedelta(1)),
                                 user=farmasi)
            elif action == "issue":
                to = rng.choice([p for p in places if p != where])
                services.issue(from_facility=where, to_facility=to, item=item, quantity=rng.randint(1, 30),
                               date=day, user=farmasi)
            elif action == "dispense":
                services.dispense(facility=where, item=item, quantity=rng.randint(1, 20), date=day, user=farmasi)
            elif action == "loss":
                services.record_loss(facility=where, batch=rng.choice(batches), quantity=rng.randint(1, 5), date=day,
                                     user=farmasi, reason=LossReason.DAMAGED)
            else:
                services.count_stock(facility=where, batch=rng.choice(batches), counted=rng.randint(0, 40), date=day,
                                     user=farmasi)
        except StockRefused:
            refused += 1
        day = min(today, day + timedelta(days=rng.choice([0, 0, 1])))

    ledger = {(r["facility"], r["batch"]): r["n"]
              for r in Movement.objects.values("facility", "batch").annotate(n=Sum("quantity"))}
    balances = {(b.facility_id, b.batch_id): b.quantity for b in Balance.objects.all()}
    assert Movement.objects.count() > 50 and refused > 0  # the sequence did both
    assert {k: v for k, v in balances.items() if v} == {k: v for k, v in ledger.items() if v}
    assert all(q >= 0 for q in balances.values())
    assert date(2000, 1, 1) < day
