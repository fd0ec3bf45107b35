"""Stock-out days, in one pass in Python over the rows of two queries: the
balance of each batch before the period and the period's movements in date
order (never a query per item or per day).

A day is a stock-out day of a key (an item, or a facility and an item) when,
at the end of it, no unit of a batch still usable that day (expiry after the
day) was left. Days before the key's first ledger line are not counted: an
item a facility never held is not out of stock there."""

from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import date, timedelta

from django.db.models import Exists, OuterRef, Sum

# The columns every reader of a month's ledger takes.
ROW = ("facility_id", "batch_id", "batch__item_id", "batch__expiry")


def opening_rows(movements, before: date) -> list[dict]:
    """Per facility and batch, the sum of the lines dated before `before`:
    one query. `movements` is an already scoped Movement queryset."""
    return list(movements.filter(date__lt=before).values(*ROW).annotate(n=Sum("quantity")).order_by())


def opening_from_balances(balances, movements, since: date) -> tuple[list[dict], list[dict]]:
    """What `opening_rows(movements, since)` answers, and the lines dated from
    `since` on (ledger order), read from the balances instead of the history:
    the ledger is append-only and a balance is the sum of its lines, so what
    a batch held before `since` is its balance less its lines since. A
    district's status page reads its month, not its years. Three queries at
    most; `balances` and `movements` are already scoped."""
    rows = list(movements.filter(date__gte=since)
                .values(*ROW, "kind", "quantity", "date", "counterpart_id").order_by("date", "pk"))
    after: dict[tuple[int, int], int] = defaultdict(int)
    for row in rows:
        after[row["facility_id"], row["batch_id"]] += row["quantity"]
    opening, unsure = [], {}
    for b in balances.values("pk", *ROW, "quantity").order_by():
        key = (b["facility_id"], b["batch_id"])
        n = b["quantity"] - after.get(key, 0)
        row = {**{k: b[k] for k in ROW}, "n": n}
        if n or key not in after:  # a balance has lines: if none since, they are all before
            opening.append(row)
        else:  # nothing held before, or lines that came to nothing: ask the ledger
            unsure[b["pk"]] = row
    if unsure:
        before = movements.model.objects.filter(facility=OuterRef("facility"), batch=OuterRef("batch"),
                                                date__lt=since)
        held = balances.model.objects.filter(pk__in=list(unsure)).filter(Exists(before)).values_list("pk", flat=True)
        opening.extend(unsure[pk] for pk in held)
    return opening, rows


def period_rows(movements, start: date, end: date) -> list[dict]:
    """The lines dated `start`..`end`, in ledger order: one query."""
    return list(movements.filter(date__gte=start, date__lte=end)
                .values(*ROW, "kind", "quantity", "date", "counterpart_id").order_by("date", "pk"))


def stockout_days(opening: Iterable[dict], rows: Iterable[dict], *, start: date, end: date,
                  key: Callable[[dict], object]) -> dict[object, int]:
    """Days from `start` to `end` (both counted) with no usable unit, per
    `key(row)`, for every key found in `opening` or `rows`."""
    balances: dict[object, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    expiry: dict[int, date] = {}
    held_from: dict[object, date] = {}
    for row in opening:
        k = key(row)
        balances[k][row["batch_id"]] += row["n"]
        expiry[row["batch_id"]] = row["batch__expiry"]
        held_from[k] = start
    by_key: dict[object, list[dict]] = defaultdict(list)
    for row in rows:
        k = key(row)
        by_key[k].append(row)
        expiry[row["batch_id"]] = row["batch__expiry"]
        held_from.setdefault(k, row["date"])
    result = {}
    for k, first in held_from.items():
        shelf, events, i, days = balances[k], by_key.get(k, []), 0, 0
        day = start
        while day <= end:
            while i < len(events) and events[i]["date"] <= day:
                shelf[events[i]["batch_id"]] += events[i]["quantity"]
                i += 1
            if day >= first and sum(q for b, q in shelf.items() if expiry[b] > day) <= 0:
                days += 1
            day += timedelta(days=1)
        result[k] = days
    return result
