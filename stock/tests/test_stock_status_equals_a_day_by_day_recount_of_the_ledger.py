"""The stock status page's figures equal an independent recount of the
ledger, for random ledgers over several months: stock-out days this month
per facility and item (a day counted when, at its end, no unit of a batch
still usable that day was left, from the day of the first line), and the
items below safety stock per facility (usable stock under the item's
safety-stock months of the average monthly use over the last three months),
on the status page and on the facility's own pages."""

import random
from datetime import date, timedelta
from decimal import Decimal

import pytest
from dateutil.relativedelta import relativedelta

from facilities.models import Facility
from stock import services, use
from stock.models import Balance, Kind, MonthlyUse, Movement
from stock.selectors import below_safety_stock
from stock.status import stock_status

from .factories import ItemFactory


def _random_ledger(rng, *, facilities, items, new, user, today):
    """Lines over four months, half of them this month; `new` only this month."""
    start = today.replace(day=1) - relativedelta(months=4)
    days = (today - start).days
    month = today.replace(day=1)
    for _ in range(80):
        if rng.random() < 0.5:  # half of the lines this month, however early in it today is
            day = month + timedelta(days=rng.randrange((today - month).days + 1))
        else:
            day = start + timedelta(days=rng.randrange(days + 1))
        item = rng.choice(items + [new] * (day >= month))
        facility = rng.choice(facilities)
        action = rng.random()
        try:
            if action < 0.3:
                expiry = day + timedelta(days=rng.choice([5, 20, 60, 400]))
                services.receive(facility=facility, item=item, batch_number=f"B{rng.randrange(4)}-{expiry:%m%d}",
                                 expiry=expiry, funding="apbn", quantity=rng.randrange(1, 30), date=day, user=user)
            elif action < 0.75:
                services.dispense(facility=facility, item=item, quantity=rng.randrange(1, 12), date=day, user=user)
            elif action < 0.9:
                other = next(f for f in facilities if f != facility)
                services.issue(from_facility=facility, to_facility=other, item=item, quantity=rng.randrange(1, 8),
                               date=day, user=user)
            else:
                balance = Balance.objects.filter(facility=facility, batch__item=item, quantity__gt=0).first()
                if balance:
                    services.record_loss(facility=facility, batch=balance.batch, quantity=1, date=day, user=user,
                                         reason="damaged")
        except Exception:  # a refused movement (shortfall, expired batch) writes nothing
            continue


def _recount_stockout_days(today: date) -> dict[tuple[int, int], int]:
    lines = list(Movement.objects.values("facility_id", "batch_id", "batch__item_id", "batch__expiry", "quantity",
                                         "date"))
    keys = {(m["facility_id"], m["batch__item_id"]) for m in lines}
    out = {}
    for key in keys:
        mine = [m for m in lines if (m["facility_id"], m["batch__item_id"]) == key]
        first = min(m["date"] for m in mine)
        days, day = 0, today.replace(day=1)
        while day <= today:
            usable = sum(m["quantity"] for m in mine if m["date"] <= day and m["batch__expiry"] > day)
            if day >= first and usable <= 0:
                days += 1
            day += timedelta(days=1)
        if days:
            out[key] = days
    return out


def _recount_below(facility, today: date) -> set[tuple]:
    since = today - relativedelta(months=3)
    lines = list(Movement.objects.filter(facility=facility).select_related("batch__item"))
    out = set()
    for item in {m.batch.item for m in lines}:
        mine = [m for m in lines if m.batch.item == item]
        used = -sum(m.quantity for m in mine if since < m.date <= today
                    and m.kind in (Kind.DISPENSE, Kind.RETURN, Kind.ISSUE_OUT, Kind.LOSS))
        usable = sum(m.quantity for m in mine if m.batch.expiry > today)
        monthly = Decimal(used) / 3
        if used > 0 and usable < monthly * item.safety_stock_months:
            out.add((item.pk, usable, round(monthly, 2), round(monthly * item.safety_stock_months, 2)))
    return out


@pytest.mark.parametrize("seed", range(6))
def test_the_status_equals_the_recount(seed, cast, farmasi, pkm, pustu, today):
    rng = random.Random(seed)
    items = [ItemFactory(code=f"UJI-R{n}") for n in range(3)]
    new = ItemFactory(code="UJI-NEW")
    _random_ledger(rng, facilities=[pkm, pustu], items=items, new=new, user=farmasi, today=today)
    status = stock_status(user=cast["dinkes"], on=today)

    assert {(o.facility.pk, o.item.pk): o.days for o in status.stockouts} == _recount_stockout_days(today)
    for facility in (pkm, pustu):
        expected = _recount_below(facility, today)
        assert {(low.item.pk, low.usable, low.monthly_use, low.safety_stock)
                for low in status.below if low.facility == facility} == expected
        assert {(i.pk, i.usable, i.monthly_use, i.safety_stock)
                for i in below_safety_stock(user=farmasi, facility=facility, on=today)} == expected


@pytest.mark.parametrize("seed", range(3))
def test_the_monthly_use_kept_with_the_ledger_equals_its_lines_and_a_rebuild(seed, farmasi, pkm, pustu, today):
    rng = random.Random(seed)
    items = [ItemFactory(code=f"UJI-U{n}") for n in range(3)]
    _random_ledger(rng, facilities=[pkm, pustu], items=items, new=ItemFactory(code="UJI-NEW"), user=farmasi,
                   today=today)
    lines = {}
    for m in Movement.objects.filter(kind__in=[Kind.DISPENSE, Kind.RETURN, Kind.ISSUE_OUT, Kind.LOSS]):
        key = (m.facility_id, m.batch.item_id, m.date.replace(day=1))
        lines[key] = lines.get(key, 0) - m.quantity
    kept = {(u.facility_id, u.item_id, u.month): u.used for u in MonthlyUse.objects.all()}
    assert kept == lines
    use.rebuild(Facility.objects.filter(pk__in=[pkm.pk, pustu.pk]))
    assert {(u.facility_id, u.item_id, u.month): u.used for u in MonthlyUse.objects.all()} == lines
