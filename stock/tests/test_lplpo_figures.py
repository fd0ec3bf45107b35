"""What the LPLPO's columns count: a Puskesmas reports for its network, so
stock it hands to its Pustu is neither received nor used; the Pustu's own
LPLPO counts it as received. Used is what was dispensed, lost and count
adjustments have columns of their own, and the request is the optimum stock
(the month's use × lead time and buffer) less the usable stock left."""

from datetime import date, timedelta

import pytest
from dateutil.relativedelta import relativedelta

from stock import services
from stock.lplpo import lplpo, month_asked
from stock.models import Balance, LossReason


@pytest.fixture
def month(today):
    """Last month: every day of it is in the past."""
    return (today.replace(day=1) - timedelta(days=1)).replace(day=1)


@pytest.fixture
def ledger(farmasi, pkm, pustu, amoxicillin, month):
    """Opening 100 before the month; in it 200 received, 50 to the Pustu,
    30 dispensed at the Puskesmas and 10 at the Pustu, 5 lost, a count 3
    short."""
    day = month - timedelta(days=3)
    services.receive(facility=pkm, item=amoxicillin, batch_number="A1", expiry=date(2031, 1, 31), funding="apbd2",
                     quantity=100, date=day, user=farmasi)
    services.receive(facility=pkm, item=amoxicillin, batch_number="A1", expiry=date(2031, 1, 31), funding="apbd2",
                     quantity=200, date=month + timedelta(days=1), user=farmasi)
    services.issue(from_facility=pkm, to_facility=pustu, item=amoxicillin, quantity=50, date=month + timedelta(days=2),
                   user=farmasi)
    services.dispense(facility=pkm, item=amoxicillin, quantity=30, date=month + timedelta(days=3), user=farmasi)
    services.dispense(facility=pustu, item=amoxicillin, quantity=10, date=month + timedelta(days=4), user=farmasi)
    batch = Balance.objects.get(facility=pkm).batch
    services.record_loss(facility=pkm, batch=batch, quantity=5, date=month + timedelta(days=5), user=farmasi,
                         reason=LossReason.DAMAGED)
    services.count_stock(facility=pkm, batch=batch, counted=212, date=month + timedelta(days=6), user=farmasi)
    return batch


def test_a_puskesmas_reports_for_its_network(farmasi, pkm, amoxicillin, ledger, month, today):
    [line] = lplpo(user=farmasi, facility=pkm, month=month, today=today).lines
    assert (line.opening, line.received, line.supply, line.used, line.lost, line.issued, line.adjusted) == (
        100, 200, 300, 40, 5, 0, -3)
    assert line.closing == 252  # 212 at the Puskesmas, 40 at the Pustu


def test_a_pustu_reports_what_it_was_given_as_received(farmasi, pustu, amoxicillin, ledger, month, today):
    [line] = lplpo(user=farmasi, facility=pustu, month=month, today=today).lines
    assert (line.opening, line.received, line.used, line.lost, line.closing) == (0, 50, 10, 0, 40)


def test_the_request_is_the_optimum_stock_less_what_is_left(settings, farmasi, pkm, ledger, month, today):
    settings.STOCK_LEAD_TIME_MONTHS, settings.STOCK_BUFFER_MONTHS = 6, 1.5
    [line] = lplpo(user=farmasi, facility=pkm, month=month, today=today).lines
    assert (line.optimum, line.request) == (300, 300 - 252)  # 40 a month × 7.5 months
    settings.STOCK_LEAD_TIME_MONTHS, settings.STOCK_BUFFER_MONTHS = 1, 0.2
    [line] = lplpo(user=farmasi, facility=pkm, month=month, today=today).lines
    assert (line.optimum, line.request) == (48, 0)


def test_expired_stock_is_no_stock_left_for_the_request(farmasi, pkm, amoxicillin, month, today):
    services.receive(facility=pkm, item=amoxicillin, batch_number="OLD", expiry=month + timedelta(days=10),
                     funding="apbd2", quantity=80, date=month, user=farmasi)
    services.dispense(facility=pkm, item=amoxicillin, quantity=20, date=month + timedelta(days=1), user=farmasi)
    [line] = lplpo(user=farmasi, facility=pkm, month=month, today=today).lines
    assert (line.closing, line.usable_closing) == (60, 0)
    assert line.request == line.optimum == 24  # 20 × 1.2 months


def test_an_item_used_up_before_the_month_is_reported_out_of_stock(farmasi, pkm, amoxicillin, month, today):
    services.receive(facility=pkm, item=amoxicillin, batch_number="A1", expiry=date(2031, 1, 31), funding="apbd2",
                     quantity=10, date=month - timedelta(days=5), user=farmasi)
    services.dispense(facility=pkm, item=amoxicillin, quantity=10, date=month - timedelta(days=4), user=farmasi)
    [line] = lplpo(user=farmasi, facility=pkm, month=month, today=today).lines
    assert (line.item, line.opening, line.closing, line.request) == (amoxicillin, 0, 0, 0)
    assert line.stockout_days == (month + relativedelta(months=1, days=-1)).day


def test_the_month_asked_for_falls_back_to_this_month(today):
    this_month = today.replace(day=1)
    assert month_asked("2026-01", date(2026, 12, 4)) == date(2026, 1, 1)
    for value in (None, "", "januari", "2026-13", "1999-12", "9999-01"):
        assert month_asked(value, today) == this_month
