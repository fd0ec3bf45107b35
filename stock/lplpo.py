"""The LPLPO (Laporan Pemakaian dan Lembar Permintaan Obat) of a month, read
from the ledger (docs/decisions/0026-lplpo-and-stock-status.md).

A Puskesmas reports for its whole network (the Puskesmas, its Pustu and the
Posyandu's vaccine carriers): stock moved inside the network is neither
received nor used, so it cancels out. A Pustu's LPLPO covers the Pustu and
its Posyandu, and what the Puskesmas issued to it counts as received. Per
item: opening stock, received, used (dispensed less returned), lost, issued
out of the report's facilities, the count adjustments, closing stock (the
ledger's balance at the month's end), stock-out days, stok optimum and the
request for next month. Every item the facilities ever held is listed, an
item out of stock all month included. Four queries whatever the data."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_CEILING, Decimal

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db.models import Q

from facilities.models import Facility, FacilityType

from .models import Item, Kind, Movement
from .stockout import opening_rows, period_rows, stockout_days

# Units returned from a corrected or removed visit are negative use.
USED = {Kind.DISPENSE, Kind.RETURN}


def month_asked(value: str | None, today: date) -> date:
    """The first day of the month asked for as `YYYY-MM`; this month when
    missing, malformed, in the future or before 2000."""
    this_month = today.replace(day=1)
    try:
        year, month = (int(part) for part in (value or "").split("-"))
        asked = date(year, month, 1)
    except (TypeError, ValueError):
        return this_month
    return asked if date(2000, 1, 1) <= asked <= this_month else this_month


def covered_facilities(user, facility: Facility) -> list[Facility]:
    """The facilities a facility's LPLPO covers, within the user's area: a
    Puskesmas's network, a Pustu and its Posyandu, or the facility alone."""
    qs = Facility.objects.for_user(user)
    if facility.type == FacilityType.PUSKESMAS:
        qs = qs.filter(puskesmas_id=facility.pk)
    elif facility.type == FacilityType.PUSTU:
        qs = qs.filter(Q(pk=facility.pk) | Q(parent_id=facility.pk))
    else:
        qs = qs.filter(pk=facility.pk)
    return list(qs.order_by("type", "name"))


def months_of_stock() -> Decimal:
    """Stok optimum in months of use: lead time plus buffer (settings)."""
    return Decimal(str(settings.STOCK_LEAD_TIME_MONTHS)) + Decimal(str(settings.STOCK_BUFFER_MONTHS))


@dataclass
class Line:
    item: Item
    opening: int = 0
    received: int = 0
    issued: int = 0  # to facilities outside the report (a Pustu giving back to its Puskesmas)
    used: int = 0
    lost: int = 0
    adjusted: int = 0  # stock counts (and any line of another kind)
    closing: int = 0  # the ledger's balance at the month's end, expired batches included
    usable_closing: int = 0  # of batches still usable after the month's end (sisa stok)
    stockout_days: int = 0
    optimum: int = 0
    request: int = 0

    @property
    def supply(self) -> int:
        """Persediaan: opening stock plus what was received."""
        return self.opening + self.received


@dataclass
class Lplpo:
    facility: Facility
    facilities: list[Facility]
    month: date  # its first day
    end: date  # its last day
    until: date  # the last day counted (today in the current month)
    months_of_stock: Decimal
    lines: list[Line] = field(default_factory=list)

    @property
    def network(self) -> bool:
        return len(self.facilities) > 1


def lplpo(*, user, facility: Facility, month: date, today: date) -> Lplpo:
    """The LPLPO of `facility` for the month starting on `month`."""
    end = month + relativedelta(months=1, days=-1)
    facilities = covered_facilities(user, facility)
    report = Lplpo(facility=facility, facilities=facilities, month=month, end=end, until=min(end, today),
                   months_of_stock=months_of_stock())
    inside = {f.pk for f in facilities}
    movements = Movement.objects.for_user(user).filter(facility_id__in=inside)
    opening, rows = opening_rows(movements, month), period_rows(movements, month, end)
    lines: dict[int, dict] = defaultdict(lambda: defaultdict(int))
    expiry: dict[int, date] = {}
    held: dict[int, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for row in opening:
        lines[row["batch__item_id"]]["opening"] += row["n"]
        held[row["batch__item_id"]][row["batch_id"]] += row["n"]
        expiry[row["batch_id"]] = row["batch__expiry"]
    for row in rows:
        line, kind, quantity = lines[row["batch__item_id"]], row["kind"], row["quantity"]
        held[row["batch__item_id"]][row["batch_id"]] += quantity
        expiry[row["batch_id"]] = row["batch__expiry"]
        line["moved"] += quantity
        if kind == Kind.RECEIPT or (kind == Kind.ISSUE_IN and row["counterpart_id"] not in inside):
            line["received"] += quantity
        elif kind == Kind.ISSUE_OUT and row["counterpart_id"] not in inside:
            line["issued"] -= quantity
        elif kind in USED:
            line["used"] -= quantity
        elif kind == Kind.LOSS:
            line["lost"] -= quantity
    out = stockout_days(opening, rows, start=month, end=report.until, key=lambda r: r["batch__item_id"])
    items = Item.objects.in_bulk(list(lines))
    factor = report.months_of_stock
    for item_id, figures in lines.items():
        closing = figures["opening"] + figures["moved"]
        line = Line(item=items[item_id], opening=figures["opening"], received=figures["received"],
                    issued=figures["issued"], used=figures["used"], lost=figures["lost"], closing=closing,
                    usable_closing=sum(q for b, q in held[item_id].items() if expiry[b] > end),
                    stockout_days=out.get(item_id, 0))
        line.adjusted = closing - line.opening - line.received + line.issued + line.used + line.lost
        if line.used > 0:
            line.optimum = int((line.used * factor).to_integral_value(rounding=ROUND_CEILING))
        line.request = max(0, line.optimum - line.usable_closing)
        report.lines.append(line)
    report.lines.sort(key=lambda line: (line.item.name, line.item.pk))
    return report
