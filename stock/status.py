"""Stock status across the user's area (the Klaster 1 stock page and the
home pages' alerts): items below safety stock, batches expiring soon,
stock-out days this month and the stock each facility holds. A fixed number
of queries whatever the size of the area (docs/decisions/0026).

Use for the safety stock is what stock.selectors.below_safety_stock counts
(dispensed, issued out and lost over the last USE_MONTHS), less what was
returned from corrected visits, here for every facility at once."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.db.models import Q, Sum
from django.db.models.functions import Coalesce

from facilities.models import Facility, FacilityType

from .models import Balance, Item, Kind, Movement
from .selectors import USE_MONTHS, expiring_within
from .stockout import opening_rows, period_rows, stockout_days

EXPIRY_MONTHS = 3
USE_KINDS = [Kind.DISPENSE, Kind.RETURN, Kind.ISSUE_OUT, Kind.LOSS]


@dataclass
class Low:
    facility: Facility
    item: Item
    usable: int
    monthly_use: Decimal
    safety_stock: Decimal


@dataclass
class Held:
    facility: Facility
    item: Item
    usable: int
    total: int


@dataclass
class Out:
    facility: Facility
    item: Item
    days: int


@dataclass
class FacilityStatus:
    facility: Facility
    items: int = 0  # items with usable stock
    below: int = 0
    stockouts: int = 0  # items out of stock some day this month
    expiring: int = 0  # batches


@dataclass
class Status:
    on: date
    month: date
    below: list[Low] = field(default_factory=list)
    expiring: list = field(default_factory=list)  # Balance rows
    stockouts: list[Out] = field(default_factory=list)
    held: list[Held] = field(default_factory=list)
    facilities: list[FacilityStatus] = field(default_factory=list)


def _held(user, on: date) -> dict[tuple[int, int], dict]:
    rows = (Balance.objects.for_user(user).filter(quantity__gt=0).values("facility_id", "batch__item_id")
            .annotate(total=Sum("quantity"), usable=Coalesce(Sum("quantity", filter=Q(batch__expiry__gt=on)), 0))
            .order_by())
    return {(r["facility_id"], r["batch__item_id"]): r for r in rows}


def _below(user, on: date, held: dict) -> list[tuple[int, int, int, Decimal, Decimal]]:
    """(facility, item, usable, monthly use, safety stock) under the safety
    stock: one query."""
    since = on - relativedelta(months=USE_MONTHS)
    rows = (Movement.objects.for_user(user).filter(date__gt=since, date__lte=on, kind__in=USE_KINDS)
            .values("facility_id", "batch__item_id", "batch__item__safety_stock_months")
            .annotate(n=Sum("quantity")).order_by())
    low = []
    for r in rows:
        used = -r["n"]
        if used <= 0:
            continue
        key = (r["facility_id"], r["batch__item_id"])
        monthly = Decimal(used) / USE_MONTHS
        safety = monthly * r["batch__item__safety_stock_months"]
        usable = held[key]["usable"] if key in held else 0
        if usable < safety:
            low.append((*key, usable, monthly.quantize(Decimal("0.01")), safety.quantize(Decimal("0.01"))))
    return low


def alert_counts(user, *, on: date) -> dict[str, int]:
    """For the home pages: how many items are below safety stock (per
    facility) and how many batches expire within EXPIRY_MONTHS. Three
    queries."""
    return {"below": len(_below(user, on, _held(user, on))),
            "expiring": expiring_within(user=user, months=EXPIRY_MONTHS, on=on).count()}


def stock_status(*, user, on: date) -> Status:
    """Everything the stock status page shows, for the user's whole area.
    Seven queries."""
    month = on.replace(day=1)
    status = Status(on=on, month=month)
    facilities = {f.pk: f for f in Facility.objects.for_user(user).select_related("puskesmas")}
    held = _held(user, on)
    low = _below(user, on, held)
    status.expiring = list(expiring_within(user=user, months=EXPIRY_MONTHS, on=on))
    movements = Movement.objects.for_user(user)
    out = stockout_days(opening_rows(movements, month), period_rows(movements, month, on), start=month, end=on,
                        key=lambda r: (r["facility_id"], r["batch__item_id"]))
    items = Item.objects.in_bulk({i for _f, i in held} | {r[1] for r in low} | {i for _f, i in out})

    def name(facility_id, item_id):
        return (facilities[facility_id].name, items[item_id].name, facility_id, item_id)

    status.below = [Low(facilities[f], items[i], usable, monthly, safety)
                    for f, i, usable, monthly, safety in sorted(low, key=lambda r: name(r[0], r[1]))]
    status.stockouts = [Out(facilities[f], items[i], days)
                        for (f, i), days in sorted(out.items(), key=lambda kv: name(*kv[0])) if days]
    status.held = [Held(facilities[f], items[i], r["usable"], r["total"])
                   for (f, i), r in sorted(held.items(), key=lambda kv: name(*kv[0]))]
    summary = {pk: FacilityStatus(f) for pk, f in facilities.items()}
    for h in status.held:
        summary[h.facility.pk].items += h.usable > 0
    for row in status.below:
        summary[row.facility.pk].below += 1
    for row in status.stockouts:
        summary[row.facility.pk].stockouts += 1
    for balance in status.expiring:
        summary[balance.facility_id].expiring += 1
    order = {FacilityType.PUSKESMAS: 0, FacilityType.PUSTU: 1, FacilityType.POSYANDU: 2}
    status.facilities = sorted(
        (s for s in summary.values() if s.facility.type != FacilityType.POSYANDU or s.items or s.expiring),
        key=lambda s: ((s.facility.puskesmas or s.facility).name, order.get(s.facility.type, 3), s.facility.name))
    return status
