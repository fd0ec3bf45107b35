"""Reads of stock, scoped to the user (facilities.scope): a facility outside
the user's area answers as an empty one. Each runs a fixed number of queries
whatever the number of items, batches or movements."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.db.models import F, Min, Q, Sum, Window
from django.db.models.functions import Coalesce

from facilities.models import Facility
from facilities.scope import facility_scope_q

from .models import Balance, Item, Movement
from .use import window_use

# The months of use the safety stock is measured against (LPLPO's average).
USE_MONTHS = 3


def batch_balances(*, user, facility: Facility, item: Item | None = None, include_empty: bool = False):
    """Balances by batch at the facility, earliest expiry first (FEFO)."""
    qs = Balance.objects.for_user(user).filter(facility=facility).select_related("batch__item")
    if item is not None:
        qs = qs.filter(batch__item=item)
    if not include_empty:
        qs = qs.filter(quantity__gt=0)
    return qs.order_by("batch__item__name", "batch__expiry", "batch_id")


def item_balances(*, user, facility: Facility, on: date):
    """Items with stock at the facility: `quantity` (all), `usable` (batches
    not expired on `on`) and `earliest_expiry` of a usable batch."""
    in_stock = Q(batches__balances__facility=facility, batches__balances__quantity__gt=0)
    in_scope = facility_scope_q(user, "batches__balances__facility")
    usable = Q(batches__expiry__gt=on)
    # One filter() call: the sums below add up the very balance rows it keeps.
    return (Item.objects.filter(in_stock & in_scope)
            .annotate(quantity=Sum("batches__balances__quantity"),
                      usable=Coalesce(Sum("batches__balances__quantity", filter=usable), 0),
                      earliest_expiry=Min("batches__expiry", filter=usable))
            .order_by("name"))


@dataclass
class StockCard:
    item: Item
    facility: Facility
    opening: int  # the balance before `since` (0 without it)
    movements: list  # Movement rows, each with .balance after it


def stock_card(*, user, facility: Facility, item: Item, funding: str | None = None, since: date | None = None,
               until: date | None = None) -> StockCard:
    """The kartu stok of an item at a facility (of one funding source if
    given): its movements in date order with the running balance, computed by
    the database (a window sum), plus the opening balance. Two queries."""
    qs = Movement.objects.for_user(user).filter(facility=facility, batch__item=item)
    if funding:
        qs = qs.filter(batch__funding=funding)
    opening = 0
    if since is not None:
        opening = qs.filter(date__lt=since).aggregate(n=Coalesce(Sum("quantity"), 0))["n"]
        qs = qs.filter(date__gte=since)
    if until is not None:
        qs = qs.filter(date__lte=until)
    rows = list(qs.select_related("batch", "counterpart", "user")
                .annotate(running=Window(Sum("quantity"), order_by=[F("date").asc(), F("pk").asc()]))
                .order_by("date", "pk"))
    for row in rows:
        row.balance = opening + row.running
    return StockCard(item=item, facility=facility, opening=opening, movements=rows)


def held(*, user, on: date, facility: Facility | None = None) -> dict[tuple[int, int], dict]:
    """{(facility id, item id): {"total", "usable"}} of the stock held in the
    user's area (at one facility if given); usable: batches not expired on
    `on`. One query."""
    rows = Balance.objects.for_user(user).filter(quantity__gt=0)
    if facility is not None:
        rows = rows.filter(facility=facility)
    rows = (rows.values("facility_id", "batch__item_id")
            .annotate(total=Sum("quantity"), usable=Coalesce(Sum("quantity", filter=Q(batch__expiry__gt=on)), 0))
            .order_by())
    return {(r["facility_id"], r["batch__item_id"]): r for r in rows}


@dataclass
class Low:
    facility_id: int
    item_id: int
    usable: int
    monthly_use: Decimal
    safety_stock: Decimal


def below_safety(*, user, on: date, held_now: dict, facility: Facility | None = None,
                 months: int = USE_MONTHS) -> list[Low]:
    """Per facility and item, the usable stock under its safety stock:
    `safety_stock_months` × the average monthly use (stock.use) over the
    `months` before `on`; items not used then are left out. `held_now` is
    `held(...)` for the same area. Three queries (the one rule, for a
    facility's pages and the area's status)."""
    used = window_use(user=user, since=on - relativedelta(months=months), on=on, facility=facility)
    used = {key: n for key, n in used.items() if n > 0}
    safety_months = dict(Item.objects.filter(pk__in={i for _f, i in used}).values_list("pk", "safety_stock_months"))
    low = []
    for key, n in used.items():
        monthly = Decimal(n) / months
        safety = monthly * safety_months[key[1]]
        usable = held_now[key]["usable"] if key in held_now else 0
        if usable < safety:
            low.append(Low(*key, usable, monthly.quantize(Decimal("0.01")), safety.quantize(Decimal("0.01"))))
    return low


def below_safety_stock(*, user, facility: Facility, on: date, months: int = USE_MONTHS) -> list[Item]:
    """Items whose usable stock at the facility is under their safety stock
    (`below_safety`), by name, each with `usable`, `monthly_use` and
    `safety_stock`. Five queries."""
    low = below_safety(user=user, on=on, held_now=held(user=user, on=on, facility=facility), facility=facility,
                       months=months)
    items = Item.objects.in_bulk([row.item_id for row in low])
    out = []
    for row in low:
        item = items[row.item_id]
        item.usable, item.monthly_use, item.safety_stock = row.usable, row.monthly_use, row.safety_stock
        out.append(item)
    return sorted(out, key=lambda item: (item.name, item.pk))


def expiring_within(*, user, months: int, on: date, facility: Facility | None = None):
    """Batches in stock whose expiry falls within `months` of `on` (those
    already expired included), earliest first: balances, across the user's
    area unless a facility is named."""
    qs = Balance.objects.for_user(user).filter(quantity__gt=0, batch__expiry__lt=on + relativedelta(months=months))
    if facility is not None:
        qs = qs.filter(facility=facility)
    return qs.select_related("batch__item", "facility").order_by("batch__expiry", "batch__item__name", "facility_id")
