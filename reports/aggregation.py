"""Turning visits into coverage facts, set-based.

Each indicator is evaluated by one SQL statement over the rows of its source
(built by the ORM, wrapped in an outer GROUP BY where a per-subject step is
needed), for a whole district or for a list of Posyandu. Reads happen first,
outside any write transaction, so progress is visible; the facts are then
replaced in one short transaction, so a run killed halfway leaves the previous
facts (and the change log) untouched and the next run completes them."""

from collections import defaultdict
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Count, F, Min, Q, Window
from django.db.models.functions import RowNumber, TruncMonth
from django.utils import timezone

from clusters.models import CoverageChange, ImmunisationStatus, Measurement, Visit
from facilities.models import Facility, FacilityType

from .indicators import REGISTRY, Indicator
from .models import CoverageFact

VisitService = Visit.services.through


# Share of a district's Posyandu touched above which a refresh reads the whole
# district-year in one pass rather than filtering by a long list of ids.
DISTRICT_PASS_FROM = 0.5


class DistrictBusy(Exception):
    """Another refresh or rebuild of this district is running."""


@dataclass(frozen=True)
class Source:
    queryset: object
    subject: str
    posyandu: str
    date: str
    code: str | None = None


def _source(indicator: Indicator, start: date, end: date) -> Source:
    if indicator.source == "service":
        qs = VisitService.objects.filter(service__code__in=indicator.services, visit__date__range=(start, end))
        if indicator.max_age_days:
            qs = qs.filter(visit__patient__birth_date__gt=F("visit__date") - timedelta(days=indicator.max_age_days))
        if indicator.min_age_days:
            qs = qs.filter(visit__patient__birth_date__lte=F("visit__date") - timedelta(days=indicator.min_age_days))
        subject = "visit__pregnancy_id" if indicator.subject == "pregnancy" else "visit__patient_id"
        if indicator.subject == "pregnancy":
            qs = qs.filter(visit__pregnancy__isnull=False)
        return Source(qs, subject, "visit__patient__household__posyandu_id", "visit__date", "service__code")
    if indicator.source == "measurement":
        qs = Measurement.objects.filter(indicator.condition or Q(), visit__date__range=(start, end))
        if indicator.max_age_days:
            qs = qs.filter(age_days__lt=indicator.max_age_days)
        if indicator.min_age_days:
            qs = qs.filter(age_days__gte=indicator.min_age_days)
        return Source(qs, "visit__patient_id", "visit__patient__household__posyandu_id", "visit__date")
    if indicator.source == "immunisation":
        qs = ImmunisationStatus.objects.filter(basic_complete=True, basic_complete_on__range=(start, end))
        return Source(qs, "patient_id", "patient__household__posyandu_id", "basic_complete_on")
    raise ValueError(indicator.source)


def _month_sql(column: str) -> str:
    if connection.vendor == "postgresql":
        return f"CAST(date_trunc('month', {column}) AS date)"
    return f"date({column}, 'start of month')"


def _as_date(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def _run(sql: str, params) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def evaluate(indicator: Indicator, *, year: int, district: str | None = None,
             posyandu_ids: Iterable[int] | None = None) -> dict[tuple[int, date], int]:
    """{(posyandu id, month): number of subjects} for one indicator and year."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    src = _source(indicator, start, end)
    qs = src.queryset
    if posyandu_ids is not None:
        qs = qs.filter(**{f"{src.posyandu[:-3]}__in": list(posyandu_ids)})
    if district is not None:
        qs = qs.filter(**{src.posyandu.replace("posyandu_id", "posyandu__district_id"): district})
    month = _month_sql('"first"')
    if indicator.window == "month":
        rows = (
            qs.annotate(m=TruncMonth(src.date)).values("m").annotate(p=F(src.posyandu))
            .values("p", "m").annotate(n=Count(src.subject, distinct=True)).values_list("p", "m", "n")
        )
        return {(p, _as_date(m)): n for p, m, n in rows}
    if indicator.all_of:
        inner = qs.values(s=F(src.subject), p=F(src.posyandu), c=F(src.code)).annotate(first=Min(src.date))
        inner_sql, params = inner.query.sql_with_params()
        sql = (
            f'SELECT "p", {_month_sql(chr(34) + "last" + chr(34))}, COUNT(*) FROM ('
            f'SELECT "s", "p", MAX("first") AS "last" FROM ({inner_sql}) a GROUP BY "s", "p" '
            f'HAVING COUNT(DISTINCT "c") = %s) b GROUP BY 1, 2'
        )
        rows = _run(sql, (*params, len(indicator.services)))
    elif indicator.nth > 1:
        inner = qs.annotate(
            rn=Window(RowNumber(), partition_by=[F(src.subject)], order_by=[F(src.date).asc(), F("pk").asc()])
        ).values(s=F(src.subject), p=F(src.posyandu), first=F(src.date), rn=F("rn"))
        inner_sql, params = inner.query.sql_with_params()
        sql = f'SELECT "p", {month}, COUNT(*) FROM ({inner_sql}) a WHERE "rn" = %s GROUP BY 1, 2'
        rows = _run(sql, (*params, indicator.nth))
    else:
        inner = qs.values(s=F(src.subject), p=F(src.posyandu)).annotate(first=Min(src.date))
        inner_sql, params = inner.query.sql_with_params()
        sql = f'SELECT "p", {month}, COUNT(*) FROM ({inner_sql}) a GROUP BY 1, 2'
        rows = _run(sql, params)
    return {(p, _as_date(m)): n for p, m, n in rows}


def _monthly_measurement_groups() -> list[list[Indicator]]:
    groups: dict[tuple, list[Indicator]] = defaultdict(list)
    for indicator in REGISTRY:
        if indicator.source == "measurement" and indicator.window == "month":
            groups[(indicator.min_age_days, indicator.max_age_days)].append(indicator)
    return list(groups.values())


def _evaluate_monthly_measurements(group: list[Indicator], *, year: int, district: str | None,
                                   posyandu_ids: list[int] | None) -> dict[str, dict]:
    """One GROUP BY over the measurements with one filtered distinct count
    per indicator: the same numbers as evaluate() gives one by one."""
    src = _source(group[0], date(year, 1, 1), date(year, 12, 31))
    qs = Measurement.objects.filter(visit__date__range=(date(year, 1, 1), date(year, 12, 31)))
    if group[0].max_age_days:
        qs = qs.filter(age_days__lt=group[0].max_age_days)
    if group[0].min_age_days:
        qs = qs.filter(age_days__gte=group[0].min_age_days)
    if posyandu_ids is not None:
        qs = qs.filter(visit__patient__household__posyandu__in=posyandu_ids)
    if district is not None:
        qs = qs.filter(visit__patient__household__posyandu__district_id=district)
    aggregates = {f"n{i}": Count(src.subject, distinct=True, filter=ind.condition or Q())
                  for i, ind in enumerate(group)}
    rows = qs.annotate(m=TruncMonth(src.date)).values("m").annotate(p=F(src.posyandu)).values("p", "m").annotate(
        **aggregates)
    out: dict[str, dict] = {ind.code: {} for ind in group}
    for row in rows:
        cell = (row["p"], _as_date(row["m"]))
        for i, ind in enumerate(group):
            if row[f"n{i}"]:
                out[ind.code][cell] = row[f"n{i}"]
    return out


def compute_facts(*, year: int, district: str | None = None, posyandu_ids: Iterable[int] | None = None,
                  progress: Callable[[int, int], None] | None = None) -> dict[tuple[int, date, str], tuple]:
    """Evaluate every indicator: {(posyandu, month, code): (numerator, denominator)}."""
    ids = list(posyandu_ids) if posyandu_ids is not None else None
    numerators: dict[str, dict] = {}
    done = 0
    # Monthly measurement indicators with the same age bounds share one scan.
    for group in _monthly_measurement_groups():
        numerators.update(_evaluate_monthly_measurements(group, year=year, district=district, posyandu_ids=ids))
        done += len(group)
        if progress:
            progress(done, len(REGISTRY))
    for indicator in REGISTRY:
        if indicator.code in numerators:
            continue
        numerators[indicator.code] = evaluate(indicator, year=year, district=district, posyandu_ids=ids)
        done += 1
        if progress:
            progress(done, len(REGISTRY))
    facts = {}
    for indicator in REGISTRY:
        own = numerators[indicator.code]
        den = numerators.get(indicator.denominator_indicator) if indicator.denominator_indicator else None
        cells = set(own) | (set(den) if den else set())
        for posyandu, month in cells:
            facts[(posyandu, month, indicator.code)] = (
                own.get((posyandu, month), 0), den.get((posyandu, month), 0) if den is not None else None,
            )
    return facts


def _write(facts: dict, *, year: int, district: str | None, posyandu_ids: list[int] | None, consumed_up_to=None):
    now = timezone.now()
    districts = dict(Facility.objects.filter(pk__in={p for p, _, _ in facts}).values_list("pk", "district_id"))
    rows = [(p, districts[p], m, code, num, den, now) for (p, m, code), (num, den) in facts.items()]
    with transaction.atomic():
        old = CoverageFact.objects.filter(month__year=year)
        if district is not None:
            old = old.filter(district_id=district)
        if posyandu_ids is not None:
            old = old.filter(posyandu_id__in=posyandu_ids)
        old._raw_delete(old.db)  # plain DELETE: no signals or cascades to collect for facts
        _insert_facts(rows)
        if consumed_up_to is not None:
            log = CoverageChange.objects.filter(pk__lte=consumed_up_to, month__year=year)
            if posyandu_ids is not None:
                log = log.filter(posyandu_id__in=posyandu_ids)
            if district is not None:
                log = log.filter(posyandu__district_id=district)
            log.delete()
    return len(rows)


FACT_COLUMNS = ["posyandu_id", "district_id", "month", "indicator", "numerator", "denominator", "computed_at"]


def _insert_facts(rows: list[tuple]) -> None:
    """COPY on PostgreSQL (the bulk of a rebuild's time is writing facts),
    bulk_create elsewhere."""
    if not rows:
        return
    if connection.vendor == "postgresql":
        table = CoverageFact._meta.db_table
        # One text buffer instead of write_row: adapting 200k rows one by one
        # costs more than the COPY. Values are ids, codes, dates and numbers.
        stamp = rows[0][6].isoformat()
        null = "\\N"
        text = "".join(
            f"{p}\t{d}\t{m.isoformat()}\t{code}\t{num}\t{null if den is None else den}\t{stamp}\n"
            for p, d, m, code, num, den, _at in rows
        )
        with connection.cursor() as cursor:
            with cursor.cursor.copy(f"COPY {table} ({', '.join(FACT_COLUMNS)}) FROM STDIN") as copy:
                copy.write(text)
        return
    CoverageFact.objects.bulk_create(
        [CoverageFact(**dict(zip(FACT_COLUMNS, row, strict=True))) for row in rows], batch_size=2000)


@contextmanager
def district_lock(district: str):
    """One run per district at a time: a PostgreSQL advisory lock (released if
    the worker dies with its connection); elsewhere a cache key."""
    if connection.vendor == "postgresql":
        key = int(district.replace(".", "")) + 7_000_000
        got = _run("SELECT pg_try_advisory_lock(%s)", [key])[0][0]
        if not got:
            raise DistrictBusy(district)
        try:
            yield
        finally:
            _run("SELECT pg_advisory_unlock(%s)", [key])
    else:
        key = f"ilp:aggregation-lock:{district}"
        if not cache.add(key, 1, timeout=3600):
            raise DistrictBusy(district)
        try:
            yield
        finally:
            cache.delete(key)


def rebuild(district: str, year: int, progress: Callable[[int, int], None] | None = None) -> int:
    """Recompute every fact of a district and year. Returns facts written."""
    with district_lock(district):
        up_to = CoverageChange.objects.order_by("-pk").values_list("pk", flat=True).first()
        facts = compute_facts(year=year, district=district, progress=progress)
        return _write(facts, year=year, district=district, posyandu_ids=None, consumed_up_to=up_to)


def refresh(progress: Callable[[int, int], None] | None = None) -> dict:
    """Recompute only what the change log says changed since the last run:
    the (Posyandu, year) cells touched, district by district."""
    up_to = CoverageChange.objects.order_by("-pk").values_list("pk", flat=True).first()
    if up_to is None:
        return {"cells": 0, "facts": 0, "busy": []}
    touched = defaultdict(set)  # (district, year) -> posyandu ids
    rows = (
        CoverageChange.objects.filter(pk__lte=up_to).values_list("posyandu_id", "posyandu__district_id", "month")
        .distinct()
    )
    for posyandu, district, month in rows:
        touched[(district, month.year)].add(posyandu)
    written, busy = 0, []
    work = sorted(touched.items())
    for done, ((district, year), posyandu) in enumerate(work, start=1):
        ids = sorted(posyandu)
        try:
            with district_lock(district):
                # Many Posyandu touched: one pass over the district costs less
                # than the same pass filtered by a long list of ids.
                whole = len(ids) > DISTRICT_PASS_FROM * max(1, len(posyandu_of_district(district)))
                facts = compute_facts(year=year, district=district if whole else None,
                                      posyandu_ids=None if whole else ids)
                written += _write(facts, year=year, district=district if whole else None,
                                  posyandu_ids=None if whole else ids, consumed_up_to=up_to)
        except DistrictBusy:
            busy.append(district)
        if progress:
            progress(done, len(work))
    return {"cells": sum(len(p) for p in touched.values()), "facts": written, "busy": busy}


def posyandu_of_district(district: str) -> list[int]:
    return list(Facility.objects.filter(district_id=district, type=FacilityType.POSYANDU).values_list("pk", flat=True))
