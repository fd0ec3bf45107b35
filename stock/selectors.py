"""Reads of stock, scoped to the user (facilities.scope): a facility outside
the user's area answers as an empty one. Each runs a fixed number of queries
whatever the number of items, batches or movements."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.db.models import DecimalField, ExpressionWrapper, F, Min, OuterRef, Q, Subquery, Sum, Value, Window
from django.db.models.functions import Cast, Coalesce

from facilities.models import Facility
from facilities.scope import facility_scope_q

from .models import Balance, Item, Kind, Movement

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


def below_safety_stock(*, user, facility: Facility, on: date, months: int = USE_MONTHS):
    """Items whose usable stock at the facility is under their safety stock:
    `safety_stock_months` × the average monthly use (dispensed less returned,
    issued out and lost) over the `months` before `on`. Annotated with `usable`,
    `monthly_use` and `safety_stock`; items never used are left out."""
    since = on - relativedelta(months=months)
    used = (Movement.objects.for_user(user)
            .filter(facility=facility, batch__item=OuterRef("pk"), date__gt=since, date__lte=on,
                    kind__in=[Kind.DISPENSE, Kind.RETURN, Kind.ISSUE_OUT, Kind.LOSS])
            .values("batch__item").annotate(n=-Sum("quantity")).values("n"))
    usable = (Balance.objects.for_user(user)
              .filter(facility=facility, batch__item=OuterRef("pk"), batch__expiry__gt=on)
              .values("batch__item").annotate(n=Sum("quantity")).values("n"))
    decimal = DecimalField(max_digits=12, decimal_places=2)
    return (Item.objects.annotate(used=Coalesce(Subquery(used), 0), usable=Coalesce(Subquery(usable), 0))
            .filter(used__gt=0)
            .annotate(monthly_use=ExpressionWrapper(Cast("used", decimal) / Value(Decimal(months)),
                                                    output_field=decimal))
            .annotate(safety_stock=ExpressionWrapper(F("monthly_use") * F("safety_stock_months"), output_field=decimal))
            .filter(usable__lt=F("safety_stock"))
            .order_by("name"))


def expiring_within(*, user, months: int, on: date, facility: Facility | None = None):
    """Batches in stock whose expiry falls within `months` of `on` (those
    already expired included), earliest first: balances, across the user's
    area unless a facility is named."""
    qs = Balance.objects.for_user(user).filter(quantity__gt=0, batch__expiry__lt=on + relativedelta(months=months))
    if facility is not None:
        qs = qs.filter(facility=facility)
    return qs.select_related("batch__item", "facility").order_by("batch__expiry", "batch__item__name", "facility_id")
