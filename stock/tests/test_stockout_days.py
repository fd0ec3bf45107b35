"""Stock-out days: the days of the month that ended with no usable unit of
the item, counted from the first time the facility held it; an expired batch
is no stock."""

from datetime import date, timedelta

import pytest
from dateutil.relativedelta import relativedelta

from stock import services
from stock.lplpo import lplpo
from stock.status import stock_status


@pytest.fixture
def month(today):
    return (today.replace(day=1) - timedelta(days=1)).replace(day=1)


def _receive(farmasi, facility, item, quantity, day, expiry=date(2031, 1, 31), number="A1"):
    services.receive(facility=facility, item=item, batch_number=number, expiry=expiry, funding="apbd2",
                     quantity=quantity, date=day, user=farmasi)


def test_days_with_nothing_left_are_counted_from_the_first_receipt(farmasi, pkm, amoxicillin, month, today):
    _receive(farmasi, pkm, amoxicillin, 10, month + timedelta(days=4))  # the 5th
    services.dispense(facility=pkm, item=amoxicillin, quantity=10, date=month + timedelta(days=9),  # the 10th
                      user=farmasi)
    _receive(farmasi, pkm, amoxicillin, 10, month + timedelta(days=19))  # the 20th
    [line] = lplpo(user=farmasi, facility=pkm, month=month, today=today).lines
    assert line.stockout_days == 10  # the 10th to the 19th


def test_an_expired_batch_leaves_the_shelf_empty(farmasi, pkm, amoxicillin, month, today):
    _receive(farmasi, pkm, amoxicillin, 10, month - timedelta(days=1), expiry=month + timedelta(days=20))
    [line] = lplpo(user=farmasi, facility=pkm, month=month, today=today).lines
    days_in_month = (month + relativedelta(months=1, days=-1)).day
    assert line.stockout_days == days_in_month - 20  # from the 21st, its expiry date


def test_a_network_is_out_of_stock_only_when_no_facility_has_any(farmasi, pkm, pustu, amoxicillin, month, today):
    _receive(farmasi, pkm, amoxicillin, 10, month - timedelta(days=1))
    services.issue(from_facility=pkm, to_facility=pustu, item=amoxicillin, quantity=10, date=month, user=farmasi)
    assert lplpo(user=farmasi, facility=pkm, month=month, today=today).lines[0].stockout_days == 0
    status = stock_status(user=farmasi, on=today)
    assert [(row.facility, row.days) for row in status.stockouts] == [(pkm, (today - today.replace(day=1)).days + 1)]


def test_this_month_counts_the_days_until_today(farmasi, pkm, amoxicillin, today):
    _receive(farmasi, pkm, amoxicillin, 5, today.replace(day=1) - timedelta(days=2))
    services.dispense(facility=pkm, item=amoxicillin, quantity=5, date=today.replace(day=1) - timedelta(days=1),
                      user=farmasi)
    [line] = lplpo(user=farmasi, facility=pkm, month=today.replace(day=1), today=today).lines
    assert line.stockout_days == today.day
