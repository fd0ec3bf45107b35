"""Monthly use kept with the ledger, and the use over any window read from it.

Every line of a USE_KINDS kind adds to its facility's, item's and month's
MonthlyUse in the line's own transaction (one upsert for all the lines of a
write, in one key order so that concurrent writers cannot deadlock). The use
over (since, on] is then the months it touches, less the lines of the first
month up to `since` and of the last month after `on`: at most a month of
lines, whatever the window (tested equal to the sum of the lines)."""

from collections import defaultdict
from datetime import date

from dateutil.relativedelta import relativedelta
from django.db import connection
from django.db.models import Q, Sum
from django.db.models.functions import TruncMonth

from .models import USE_KINDS, MonthlyUse, Movement


def count(lines) -> None:
    """Add `lines` (saved Movement rows, batch loaded or item known through
    `batch.item_id`) to the monthly use: one statement."""
    added: dict[tuple[int, int, date], int] = defaultdict(int)
    for line in lines:
        if line.kind in USE_KINDS:
            added[line.facility_id, line.batch.item_id, line.date.replace(day=1)] -= line.quantity
    if not added:
        return
    table = connection.ops.quote_name(MonthlyUse._meta.db_table)
    keys = sorted(added)
    values = ", ".join(["(%s, %s, %s, %s)"] * len(keys))
    params = [v for key in keys for v in (*key, added[key])]
    with connection.cursor() as cursor:  # PostgreSQL and SQLite (3.24+) both take ON CONFLICT
        cursor.execute(f"INSERT INTO {table} (facility_id, item_id, month, used) VALUES {values} "
                       f"ON CONFLICT (facility_id, item_id, month) DO UPDATE SET used = {table}.used + excluded.used",
                       params)


def rebuild(facilities) -> int:
    """The monthly use of `facilities` (a Facility queryset) recomputed from
    their ledger: for seeding and repair. Returns the rows written."""
    MonthlyUse.objects.filter(facility__in=facilities).delete()
    rows = (Movement.objects.filter(facility__in=facilities, kind__in=USE_KINDS)
            .annotate(month=TruncMonth("date")).values("facility_id", "batch__item_id", "month")
            .annotate(n=Sum("quantity")).order_by())
    return len(MonthlyUse.objects.bulk_create(
        [MonthlyUse(facility_id=r["facility_id"], item_id=r["batch__item_id"], month=r["month"], used=-r["n"])
         for r in rows], batch_size=5000))


def window_use(*, user, since: date, on: date, facility=None) -> dict[tuple[int, int], int]:
    """{(facility id, item id): units used} over the days after `since` up to
    `on`, in the user's area (at one facility if given). Two queries."""
    first, last = since.replace(day=1), on.replace(day=1)
    months = MonthlyUse.objects.for_user(user).filter(month__gte=first, month__lte=last)
    edges = Movement.objects.for_user(user).filter(
        Q(date__gte=first, date__lte=since) | Q(date__gt=on, date__lt=last + relativedelta(months=1)),
        kind__in=USE_KINDS)
    if facility is not None:
        months, edges = months.filter(facility=facility), edges.filter(facility=facility)
    used: dict[tuple[int, int], int] = defaultdict(int)
    for r in months.values("facility_id", "item_id").annotate(n=Sum("used")).order_by():
        used[r["facility_id"], r["item_id"]] += r["n"]
    for r in edges.values("facility_id", "batch__item_id").annotate(n=Sum("quantity")).order_by():
        used[r["facility_id"], r["batch__item_id"]] += r["n"]  # lines are negative use: adding takes them off
    return used
