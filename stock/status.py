"""Stock status across the user's area (the Klaster 1 stock page and the
home pages' alerts): items below safety stock, batches expiring soon,
stock-out days this month and the stock each facility holds. A fixed number
of queries whatever the size of the area (docs/decisions/0026).

Below safety stock is stock.selectors.below_safety, the rule a facility's
own pages use, here for every facility at once."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Q

from facilities.models import Facility, FacilityType

from .models import Balance, Item, Movement
from .selectors import below_safety, expiring_within, held
from .stockout import opening_from_balances, stockout_days

EXPIRY_MONTHS = 3


@dataclass
class Below:
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
    below: list[Below] = field(default_factory=list)
    expiring: list = field(default_factory=list)  # Balance rows
    stockouts: list[Out] = field(default_factory=list)
    held: list[Held] = field(default_factory=list)
    facilities: list[FacilityStatus] = field(default_factory=list)


def alert_counts(user, *, on: date) -> dict[str, int]:
    """For the home pages: how many items are below safety stock (per
    facility) and how many batches expire within EXPIRY_MONTHS. Five
    queries."""
    return {"below": len(below_safety(user=user, on=on, held_now=held(user=user, on=on))),
            "expiring": expiring_within(user=user, months=EXPIRY_MONTHS, on=on).count()}


def stock_status(*, user, on: date) -> Status:
    """Everything the stock status page shows, for the user's whole area.
    Ten queries at most."""
    month = on.replace(day=1)
    status = Status(on=on, month=month)
    held_now = held(user=user, on=on)
    low = below_safety(user=user, on=on, held_now=held_now)
    status.expiring = list(expiring_within(user=user, months=EXPIRY_MONTHS, on=on))
    opening, rows = opening_from_balances(Balance.objects.for_user(user), Movement.objects.for_user(user), month)
    out = stockout_days(opening, [r for r in rows if r["date"] <= on], start=month, end=on,
                        key=lambda r: (r["facility_id"], r["batch__item_id"]))
    items = Item.objects.in_bulk({i for _f, i in held_now} | {r.item_id for r in low} | {i for _f, i in out})
    # A district has thousands of Posyandu: only those with something to show are read.
    shown = {f for f, _i in held_now} | {r.facility_id for r in low} | {f for f, _i in out} | {
        b.facility_id for b in status.expiring}
    wanted = ~Q(type=FacilityType.POSYANDU) | Q(pk__in=shown)
    facilities = {f.pk: f for f in Facility.objects.for_user(user).filter(wanted)
                  .select_related("puskesmas").only("name", "type", "inpatient", "puskesmas__name")}

    def name(facility_id, item_id):
        return (facilities[facility_id].name, items[item_id].name, facility_id, item_id)

    status.below = [Below(facilities[r.facility_id], items[r.item_id], r.usable, r.monthly_use, r.safety_stock)
                    for r in sorted(low, key=lambda r: name(r.facility_id, r.item_id))]
    status.stockouts = [Out(facilities[f], items[i], days)
                        for (f, i), days in sorted(out.items(), key=lambda kv: name(*kv[0])) if days]
    status.held = [Held(facilities[f], items[i], r["usable"], r["total"])
                   for (f, i), r in sorted(held_now.items(), key=lambda kv: name(*kv[0]))]
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
