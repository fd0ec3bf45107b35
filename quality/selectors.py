"""Reads of the data-quality review: the items of an area and month, open or
checked, scoped to the user by facilities.scope.

An item belongs to the month it reached the record: a visit's entry
(`created_at`), a recomputation's time, the newer of two duplicate records'
registration. So each month's review sees everything new since the last one,
late entries and later recomputations included, and an item falls in exactly
one month. It belongs to the area of the facility where its visit was
recorded (whose staff and kader can check it against their register), or,
for duplicates, of the Posyandu where the person's household lives.

The review page runs a fixed number of queries: below the district the
area's facilities first, then the keys of every item of the area and month
in one statement, then the rows shown (a bounded page) of each kind. The
PWS pages' count is one statement, after the area's facilities below the
district."""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.db import connection
from django.db.models import CharField, Count, Exists, F, Func, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Lower, Replace, TruncDate
from django.utils import timezone

from clusters.models import Recomputation, Visit
from facilities.areas import DISTRICT, area_q, child_path
from facilities.models import Facility
from facilities.scope import facility_scope_q
from patients.models import Patient

from .models import ItemKind, Review

# A visit entered more than this many days after its date is listed for a
# look: the month's PWS review has usually passed by then. Said on the page.
LATE_ENTRY_DAYS = 30
# Items of each kind shown on the overview of an area; the rest behind "more".
OVERVIEW_LIMIT = 5
# Items a page of one kind shows.
PAGE_SIZE = 25

KINDS = [k.value for k in ItemKind]
# The way from each kind's rows to the facility that places it in an area:
# where the visit was recorded, or the Posyandu of the person's household.
PLACE = {
    ItemKind.CONFIRMED: "facility", ItemKind.FLAGGED_Z: "facility", ItemKind.LATE: "facility",
    ItemKind.RECOMPUTED: "visit__facility", ItemKind.DUPLICATE: "household__posyandu",
}
# When each kind's row reached the record.
RECORDED = {ItemKind.DUPLICATE: "created_at", ItemKind.RECOMPUTED: "at"}


@dataclass(frozen=True)
class Month:
    year: int
    month: int

    @property
    def first(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def bounds(self) -> tuple[datetime, datetime]:
        """The month in local time, as aware datetimes [start, end)."""
        following = date(self.year + self.month // 12, self.month % 12 + 1, 1)
        start, end = (timezone.make_aware(datetime(d.year, d.month, d.day)) for d in (self.first, following))
        return start, end


FIRST_YEAR = 2000


def month_from(params) -> Month:
    """The month asked for (`tahun`, `bulan`, as on the PWS pages), within
    sense: nonsense or a month still to come gives this month."""
    today = timezone.localdate()
    try:
        year, month = int(params.get("tahun", today.year)), int(params.get("bulan", today.month))
    except (TypeError, ValueError):
        return Month(today.year, today.month)
    if not 1 <= month <= 12 or year < FIRST_YEAR or (year, month) > (today.year, today.month):
        return Month(today.year, today.month)
    return Month(year, month)


class DaysBetween(Func):
    """Whole days from the second date to the first. On PostgreSQL the
    plain difference of dates, as written in the late-entry index
    (migration 0002)."""

    output_field = IntegerField()
    arg_joiner = " - "
    template = "(%(expressions)s)"

    def as_sqlite(self, compiler, connection, **extra):
        return super().as_sql(compiler, connection, template="CAST(julianday(%(expressions)s) AS INTEGER)",
                              arg_joiner=") - julianday(", **extra)


def normalised(field_name: str):
    """A name compared as people misspell it least: case, spaces and the
    marks of abbreviations ignored ("M. Rizki" = "m rizki" = "MRizki")."""
    expr = F(field_name)
    for mark in (" ", ".", ",", "'", "-"):
        expr = Replace(expr, Value(mark), Value(""))
    return Lower(expr)


def _partners(user):
    """Earlier, unmerged records in the user's scope with the same normalised
    name and birth date, and the same mother or the same household (KK)."""
    return (Patient.objects.for_user(user)
            .filter(merged_into__isnull=True, birth_date=OuterRef("birth_date"), pk__lt=OuterRef("pk"))
            .annotate(norm=normalised("name")).filter(norm=OuterRef("norm"))
            .filter(Q(mother_id=OuterRef("mother_id")) | Q(household_id=OuterRef("household_id"))))


def _kind_rows(kind: str):
    """One kind's rows, in every area and month, before scoping."""
    if kind == ItemKind.DUPLICATE:
        return Patient.objects.filter(merged_into__isnull=True).annotate(norm=normalised("name"))
    if kind == ItemKind.RECOMPUTED:
        return Recomputation.objects.all()
    if kind == ItemKind.CONFIRMED:
        return Visit.objects.exclude(confirmed=[])
    if kind == ItemKind.FLAGGED_Z:
        return Visit.objects.filter(measurement__flagged_z__gt="")
    return Visit.objects.annotate(days_late=DaysBetween(TruncDate("created_at"), "date")).filter(
        days_late__gt=LATE_ENTRY_DAYS)


def _with_partner(user, kind: str, qs):
    return qs.filter(Exists(_partners(user))) if kind == ItemKind.DUPLICATE else qs


def _rows(user, kind: str, area, month: Month, placed):
    """One kind's rows of the area and month, open and checked alike.

    Scoped by facilities.scope through the facility that places the row: a
    visit where it was recorded (the second path of VisitQuerySet.for_user),
    a person where their household's Posyandu is (PatientQuerySet's path).
    One path, not the visit's two: then PostgreSQL reads the month's items
    from the small partial indexes (migrations 0002 and 0003). Items on a
    visit are found at `placed` (area_facilities): below the district, one
    index range per facility, so the cost follows the area's items, not the
    district's, whatever estimates the planner holds after a busy day."""
    start, end = month.bounds
    when = RECORDED.get(kind, "created_at")
    place = PLACE[kind]
    where = Q(facility_id__in=placed) if place == "facility" else \
        facility_scope_q(user, place) & area_q(area, place)
    rows = _kind_rows(kind).filter(where, **{f"{when}__gte": start, f"{when}__lt": end})
    return _with_partner(user, kind, rows)


def area_facilities(user, area):
    """The facilities of the area within the user's scope: their ids, or for
    a district a subquery (sending its thousands of ids cost more than
    checking each of its items' facility, which a district's count reads
    anyway)."""
    placed = Facility.objects.filter(facility_scope_q(user), area_q(area, "")).values("pk")
    return placed if area.kind == DISTRICT else list(placed.values_list("pk", flat=True))


def _items(user, kind: str, area, month: Month, placed, *, reviewed: bool):
    checked = Exists(Review.objects.filter(kind=kind, object_id=OuterRef("pk")))
    return _rows(user, kind, area, month, placed).filter(checked if reviewed else ~checked)


# The kinds found on visits: read from small partial indexes whatever the
# month. Likely duplicates compare every person registered in the month with
# the people before them, which after a bulk registration is the district.
VISIT_KINDS = [k for k in KINDS if k != ItemKind.DUPLICATE]


def counts(user, area, month: Month, kinds: list[str] = KINDS) -> dict[str, int]:
    """{kind: number of open items} of the area and month, in one statement
    (after the area's facilities, below the district)."""
    placed = area_facilities(user, area)
    parts = [_items(user, kind, area, month, placed, reviewed=False).annotate(item_kind=Value(kind))
             .values("item_kind").annotate(n=Count("pk")).order_by() for kind in kinds]
    found = dict.fromkeys(kinds, 0)
    for row in parts[0].union(*parts[1:], all=True):
        found[row["item_kind"]] += row["n"]
    return found


# A district's PWS pages count each kind's open items up to this many: beyond
# it they say "at least", and the review page has the exact numbers. Counted
# exactly, a busy month cost the district's dashboard a heap page per item
# (new rows are not yet all-visible) and an index lookup for its facility.
# Below the district the count reads the area's own facilities' ranges and
# stays exact (limited, PostgreSQL scanned the district's month instead).
BADGE_LIMIT = 1000


@dataclass(frozen=True)
class OpenBadge:
    open: int  # open visit items (of a district, each kind counted up to BADGE_LIMIT)
    at_least: bool  # a kind reached the limit: there may be more


def open_visit_badge(user, area, *, year: int, month: int) -> OpenBadge:
    """The open visit items of an area and month as a dashboard shows them:
    one statement (after the area's facilities, below the district), whose
    cost is bounded whatever the month holds."""
    placed = area_facilities(user, area)
    limit = BADGE_LIMIT if area.kind == DISTRICT else None
    parts, params = [], []
    for n, kind in enumerate(VISIT_KINDS):
        sql, kind_params = _items(user, kind, area, Month(year, month), placed, reviewed=False).values("pk") \
            .order_by()[:limit].query.sql_with_params()
        parts.append(f"(SELECT COUNT(*) FROM ({sql}) items_{n})")
        params += kind_params
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts), params)
        found = cursor.fetchone()
    return OpenBadge(sum(found), limit is not None and any(n >= limit for n in found))


def _keys(user, area, month: Month, *, reviewed: bool) -> list[tuple]:
    """(kind, id, child key, recorded) of every item of the area and month,
    in one statement (after the area's facilities, below the district): the
    page counts and pages them without reading a kind's rows twice. Items
    are a small share of the rows they come from."""
    parts, placed = [], area_facilities(user, area)
    for kind in KINDS:
        child = child_path(area, PLACE[kind])
        qs = _items(user, kind, area, month, placed, reviewed=reviewed).annotate(
            item_kind=Value(kind), child=F(child) if child else Value(None, output_field=CharField()),
            recorded=F(RECORDED.get(kind, "created_at")))
        parts.append(qs.values_list("item_kind", "pk", "child", "recorded").order_by())
    return list(parts[0].union(*parts[1:], all=True))


def _detail(user, kind: str, ids: list[int]) -> list:
    """The rows to show, with what their cards read, in the order of `ids`."""
    qs = _kind_rows(kind).filter(pk__in=ids)
    if kind == ItemKind.RECOMPUTED:
        qs = qs.select_related("visit", "patient", "by")
    elif kind == ItemKind.DUPLICATE:
        first = _partners(user).order_by("pk").values("pk")[:1]
        qs = qs.select_related("mother").annotate(partner_id=Subquery(first))
    else:
        qs = qs.select_related("patient", "measurement", "entered_by")
    rows = qs.in_bulk()
    return [rows[pk] for pk in ids if pk in rows]


@dataclass
class Section:
    kind: str
    total: int
    rows: list = field(default_factory=list)
    partners: dict = field(default_factory=dict)  # duplicates: partner id -> Patient
    reviews: dict = field(default_factory=dict)  # object id -> Review (checked items)

    @property
    def more(self) -> int:
        return max(0, self.total - len(self.rows))


@dataclass
class Listing:
    month: Month
    reviewed: bool
    totals: dict[str, int]  # per kind
    children: dict  # child key -> number of items
    sections: list[Section]

    @property
    def total(self) -> int:
        return sum(self.totals.values())


def listing(user, area, month: Month, *, reviewed: bool = False, kind: str | None = None, page: int = 1) -> Listing:
    """What the review page shows: the counts per kind and per child area,
    and the items of every kind (OVERVIEW_LIMIT each, newest first) or a
    page of one kind (PAGE_SIZE). Kinds without items cost no query."""
    by_kind: dict[str, list] = {k: [] for k in KINDS}
    children: dict = {}
    for k, pk, child, recorded in _keys(user, area, month, reviewed=reviewed):
        by_kind[k].append((recorded, pk))
        if child is not None:
            children[child] = children.get(child, 0) + 1
    shown = [kind] if kind in KINDS else KINDS
    limit = PAGE_SIZE if kind in KINDS else OVERVIEW_LIMIT
    offset = (page - 1) * PAGE_SIZE if kind in KINDS else 0
    sections = []
    for k in shown:
        ids = [pk for _when, pk in sorted(by_kind[k], reverse=True)[offset:offset + limit]]
        sections.append(Section(k, len(by_kind[k]), _detail(user, k, ids) if ids else []))
    _attach_partners(user, sections)
    if reviewed:
        _attach_reviews(sections)
    return Listing(month, reviewed, {k: len(rows) for k, rows in by_kind.items()}, children, sections)


def _attach_partners(user, sections: list[Section]) -> None:
    duplicates = next((s for s in sections if s.kind == ItemKind.DUPLICATE and s.rows), None)
    if duplicates is None:
        return
    ids = {row.partner_id for row in duplicates.rows if row.partner_id}
    duplicates.partners = Patient.objects.for_user(user).select_related("mother").in_bulk(ids)


def _attach_reviews(sections: list[Section]) -> None:
    wanted = Q(pk__in=[])
    for section in sections:
        if section.rows:
            wanted |= Q(kind=section.kind, object_id__in=[row.pk for row in section.rows])
    by_item = {(r.kind, r.object_id): r for r in Review.objects.filter(wanted).select_related("by")}
    for section in sections:
        section.reviews = {row.pk: by_item.get((section.kind, row.pk)) for row in section.rows}


def item_in_scope(user, kind: str, object_id: int) -> bool:
    """Whether the item is one (still confirmed, still a likely duplicate, …)
    among the rows the user may see, whatever its area and month."""
    if kind not in KINDS:
        return False
    rows = _kind_rows(kind).filter(pk=object_id, pk__in=_scoped(user, kind))
    return _with_partner(user, kind, rows).exists()


def _scoped(user, kind: str):
    model = {ItemKind.DUPLICATE: Patient, ItemKind.RECOMPUTED: Recomputation}.get(kind, Visit)
    return model.objects.for_user(user).values("pk")
