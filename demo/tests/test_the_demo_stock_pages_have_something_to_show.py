"""The demo ledger gives the stock pages what a real year would: monthly
receipts from the IFK with funding sources and expiries 6–30 months out,
issues to the Pustu, losses (expired and damaged), quarterly counts, short
deliveries with stock-out days, items below safety stock today and batches
expiring within three months."""

from datetime import timedelta
from itertools import groupby

from dateutil.relativedelta import relativedelta

from facilities.models import FacilityType
from stock import selectors
from stock.models import Batch, Kind, LossReason, Movement


def test_receipts_issues_losses_and_counts_are_all_there(stocked_year, cast):
    kinds = set(Movement.objects.values_list("kind", flat=True))
    assert kinds >= {Kind.RECEIPT, Kind.ISSUE_OUT, Kind.ISSUE_IN, Kind.DISPENSE, Kind.LOSS, Kind.COUNT_ADJUST}
    assert set(Movement.objects.filter(kind=Kind.LOSS).values_list("reason", flat=True)) == {
        LossReason.EXPIRED, LossReason.DAMAGED}
    assert not Movement.objects.filter(kind=Kind.RECEIPT).exclude(facility__type=FacilityType.PUSKESMAS).exists()
    issued_in = Movement.objects.filter(kind=Kind.ISSUE_IN)
    assert set(issued_in.values_list("facility__type", flat=True)) == {FacilityType.PUSTU}
    assert issued_in.count() == Movement.objects.filter(kind=Kind.ISSUE_OUT).count()
    assert Batch.objects.values("funding").distinct().count() >= 2


def test_batches_arrive_with_six_to_thirty_months_left_but_near_expiry_pushes(stocked_year):
    for line in Movement.objects.filter(kind=Kind.RECEIPT).select_related("batch"):
        if line.note.startswith("Kiriman IFK: mendekati"):
            continue
        assert line.batch.expiry >= line.date + relativedelta(months=6) - timedelta(days=31)
        assert line.batch.expiry <= line.date + relativedelta(months=31)


def test_some_items_ran_out_for_days_and_some_are_below_safety_stock_today(stocked_year, stock_today, cast,
                                                                           network):
    out_days = 0
    lines = Movement.objects.filter(facility__type=FacilityType.PUSKESMAS).order_by(
        "facility_id", "batch__item_id", "date", "pk").values_list("facility_id", "batch__item_id", "date",
                                                                   "quantity")
    for _, rows in groupby(lines, key=lambda row: row[:2]):
        total, empty_since = 0, None
        for _, _, day, quantity in rows:
            total += quantity
            if total == 0 and empty_since is None:
                empty_since = day
            elif total > 0 and empty_since is not None:
                out_days += (day - empty_since).days
                empty_since = None
    assert stocked_year.short_deliveries > 0 and out_days > 0

    low = [item for pkm in (network["36.01"]["puskesmas"], network["36.01"]["puskesmas_b"])
           for item in selectors.below_safety_stock(user=cast["admin"], facility=pkm, on=stock_today)]
    assert low


def test_some_batches_on_the_shelves_expire_within_three_months(stocked_year, stock_today, cast):
    soon = selectors.expiring_within(user=cast["admin"], months=3, on=stock_today)
    assert soon.filter(batch__expiry__gt=stock_today).exists()
