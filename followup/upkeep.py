"""Keeping the due table current: a household's rows are computed again, in
the writer's transaction, whenever something about one of its people
changes (patients.signals.people_changed), and for many households at once
when a district is seeded or the rules change (`rebuild_due`)."""

from collections.abc import Iterable
from datetime import date

from django.db import connection, transaction
from django.utils import timezone

from patients.models import Household, Patient

from .facts import people_of
from .models import DueItem, DueStale
from .rules import due_items

CHUNK = 2000  # households read and written at once
COPY_FROM = 500  # rows


FIELDS = ("patient_id", "household_id", "posyandu_id", "desa_id", "rule", "item", "due_on", "overdue_on", "ends_on")


def _rows(households, today: date) -> tuple[set[tuple], set[int]]:
    """The households' items as tuples of FIELDS, and the households read."""
    rows, seen = set(), set()
    for person, place in people_of(households):
        seen.add(place["household_id"])
        where = (place["household_id"], place["posyandu_id"], place["desa_id"])
        for item in due_items(person, since=today):
            # An item that already ended is never listed again: not stored.
            if item.ends_on is None or item.ends_on > today:
                rows.add((person.pk, *where, str(item.rule), item.item, item.due_on, item.overdue_on, item.ends_on))
    return rows, seen


def _replace(households, today: date) -> None:
    """Write only the difference: a saved visit usually moves one item."""
    wanted, seen = _rows(households, today)
    stale = []
    for pk, *key in DueItem.objects.filter(household_id__in=seen).values_list("pk", *FIELDS):
        key = tuple(key)
        if key in wanted:
            wanted.discard(key)
        else:
            stale.append(pk)
    if stale:
        DueItem.objects.filter(pk__in=stale).delete()
    if wanted:
        _insert(wanted)


def _insert(rows: set[tuple]) -> None:
    """COPY on PostgreSQL for a district's worth of rows, else one
    executemany: the ORM's bulk_create took most of a rebuild's time
    (bench_due_lists --rebuild, seed_demo)."""
    columns = ", ".join(connection.ops.quote_name(DueItem._meta.get_field(f.removesuffix("_id")).column)
                        for f in FIELDS)
    table = connection.ops.quote_name(DueItem._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and len(rows) >= COPY_FROM:
            with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        placeholders = ", ".join(["%s"] * len(FIELDS))
        cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({placeholders})",
                           [tuple(v.isoformat() if isinstance(v, date) else v for v in row) for row in rows])


@transaction.atomic
def recompute_households(household_ids: Iterable[int], *, today: date | None = None) -> None:
    ids = sorted(set(household_ids))
    today = today or timezone.localdate()
    for start in range(0, len(ids), CHUNK):
        _replace(ids[start:start + CHUNK], today)


@transaction.atomic
def recompute_people(patient_ids: Iterable[int]) -> None:
    """The households of these people: three to five queries."""
    _replace(Patient.objects.filter(pk__in=list(patient_ids)).values("household_id"), timezone.localdate())


def rebuild(*, district: str | None = None, today: date | None = None) -> int:
    """Every household of a district (or all): returns the rows written."""
    households = Household.objects.all()
    if district:
        households = households.filter(posyandu__district_id=district)
    recompute_households(households.values_list("pk", flat=True), today=today)
    rows = DueItem.objects.all()
    return (rows.filter(posyandu__district_id=district) if district else rows).count()


DRAIN_LOCK = 190021  # one drainer at a time (PostgreSQL advisory lock)
DRAIN_MAX = 5000  # households per drain


def mark_stale(patient_ids: Iterable[int]) -> None:
    """Inside the writer's transaction: one INSERT naming the households."""
    ids = sorted({int(pk) for pk in patient_ids})
    if not ids:
        return
    stale, person = (connection.ops.quote_name(m._meta.db_table) for m in (DueStale, Patient))
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {stale} (household_id, created_at) SELECT DISTINCT household_id, %s "
                       f"FROM {person} WHERE id IN ({', '.join(['%s'] * len(ids))})", [timezone.now(), *ids])


@transaction.atomic
def drain() -> int:
    """Recompute the households marked stale; returns how many marks it
    consumed (0 while another drain runs: its marks wait for the next)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [DRAIN_LOCK])
            if not cursor.fetchone()[0]:
                return 0
    marks = list(DueStale.objects.order_by("pk").values_list("pk", "household_id")[:DRAIN_MAX])
    if marks:
        recompute_households({household for _pk, household in marks})
        DueStale.objects.filter(pk__in=[pk for pk, _household in marks]).delete()
    return len(marks)
