"""Turning visits into coverage facts, set-based, and keeping them current
person by person.

`reports.evaluation` reads the sources once (for a district, all its years
or one) and folds them into subjects (person, or pregnancy) with one value
per indicator, and into the facts' numerators and denominators. A rebuild
compares these with the stored facts and per-subject state
(`CoverageSubject`: what each subject adds to the facts) and writes only the
rows whose value changed.

A refresh then re-reads only the months of the people the change log names
(their other months come from the stored state), or, for a visit the log
names as added, reads that visit alone and folds it into the stored month;
it folds them the same way and moves the facts by the difference between
their new and their stored contribution. Reads happen first; facts, state and the
consumed log rows are then written in one short transaction, so a run killed
halfway leaves everything as it was and the next run completes it."""

import gc
import threading
from collections import defaultdict
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import (
    Case,
    Count,
    DateField,
    ExpressionWrapper,
    F,
    IntegerField,
    Max,
    Min,
    Q,
    Value,
    When,
    Window,
)
from django.db.models.functions import ExtractDay, ExtractMonth, ExtractYear, RowNumber, TruncMonth
from django.db.models.lookups import Exact, LessThan
from django.utils import timezone

from clusters import changes
from clusters.models import CoverageChange, ImmunisationStatus, Measurement, Visit
from facilities.models import Facility
from patients.models import Household, Patient

from .engine import rollups
from .evaluation import (
    DENOMINATOR,
    IMMUNISATION_BITS,
    NAEGELE_DAYS,
    PREGNANCY,
    REGISTRY_INDEX,
    STATE_VERSION,
    Evaluation,
    Reader,
    SecondConnection,
    Subjects,
    any_of,
    array_literal,
    cell_key,
    column_keys,
    days,
    dependent_cells,
    evaluate_all,
    fold_subjects,
    mix,
    month_rows,
    read_arrays,
    reading,
    split_key,
    text_array_literal,
    year_month,
)
from .indicators import BY_CODE, REGISTRY, Indicator
from .models import CoverageFact, CoverageSubject, CoverageYear

VisitService = Visit.services.through


class DistrictBusy(Exception):
    """Another refresh or rebuild of this district is running."""


# ---------------------------------------------------------------------------
# The reference definition: one indicator at a time, through the ORM. Slow on
# a district, but short enough to read; tests check the set-based evaluation
# below against it.

@dataclass(frozen=True)
class Source:
    queryset: object
    subject: str
    posyandu: str
    date: str
    code: str | None = None


def completed_months(born: str, on: str) -> Case:
    """Age on `on` in completed calendar months (patients.life_stage): a
    month less while the day of the month has not reached the birth day's,
    unless `on` is the last day of its month (born on the 31st: a month old
    on 30 April)."""
    months = (ExtractYear(on) - ExtractYear(born)) * 12 + ExtractMonth(on) - ExtractMonth(born)
    next_day = ExpressionWrapper(F(on) + timedelta(days=1), output_field=DateField())
    short = Q(LessThan(ExtractDay(on), ExtractDay(born))) & Q(Exact(ExtractMonth(next_day), ExtractMonth(on)))
    return Case(When(short, then=months - 1), default=months, output_field=IntegerField())


def _within_gestation(weeks: int) -> Q:
    """A pregnancy's visit at a gestational age of at most `weeks` completed
    weeks: as recorded at the visit, else from the HPHT, else from the HPL
    less 280 days (Naegele)."""
    recorded = "visit__measurement__gestational_age_weeks"
    pregnancy = "visit__pregnancy__"
    days = 7 * (weeks + 1)  # the first day past those weeks
    return (Q(**{f"{recorded}__lte": weeks})
            | Q(**{f"{recorded}__isnull": True, f"{pregnancy}last_menstrual_period__gt":
                   F("visit__date") - timedelta(days=days)})
            | Q(**{f"{recorded}__isnull": True, f"{pregnancy}last_menstrual_period__isnull": True,
                   f"{pregnancy}expected_delivery_date__gt": F("visit__date") + timedelta(days=NAEGELE_DAYS - days)}))


def _source(indicator: Indicator, start: date, end: date) -> Source:
    if indicator.source == "immunisation":
        qs = ImmunisationStatus.objects.filter(basic_complete=True, basic_complete_on__range=(start, end))
        return Source(qs, "patient_id", "patient__household__posyandu_id", "basic_complete_on")
    if indicator.source == "service":
        qs = VisitService.objects.filter(service__code__in=indicator.services, visit__date__range=(start, end))
        source = Source(qs, "visit__patient_id", "visit__patient__household__posyandu_id", "visit__date",
                        "service__code")
    elif indicator.source == "measurement":
        qs = Measurement.objects.filter(indicator.condition or Q(), visit__date__range=(start, end))
        source = Source(qs, "visit__patient_id", "visit__patient__household__posyandu_id", "visit__date")
    else:
        raise ValueError(indicator.source)
    if indicator.max_age_months is not None or indicator.min_age_months is not None:
        qs = qs.alias(age=completed_months("visit__patient__birth_date", "visit__date"))
        if indicator.max_age_months is not None:
            qs = qs.filter(age__lt=indicator.max_age_months)
        if indicator.min_age_months is not None:
            qs = qs.filter(age__gte=indicator.min_age_months)
    if indicator.subject == "pregnancy":
        qs = qs.filter(visit__pregnancy__isnull=False)
        source = Source(qs, "visit__pregnancy_id", source.posyandu, source.date, source.code)
    return Source(qs, source.subject, source.posyandu, source.date, source.code)


def _month_sql(column: str) -> str:
    if connection.vendor == "postgresql":
        return f"CAST(date_trunc('month', {column}) AS date)"
    return f"date({column}, 'start of month')"


def _as_date(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def _run(sql: str, params=()) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall() if cursor.description else []


def _hit(condition: Q) -> Case | Value:
    """1 where the condition holds, else 0."""
    if not condition:
        return Value(1, output_field=IntegerField())
    return Case(When(condition, then=Value(1)), default=Value(0), output_field=IntegerField())


def evaluate(indicator: Indicator, *, year: int, district: str | None = None,
             posyandu_ids: Iterable[int] | None = None) -> dict[tuple[int, date], int]:
    """{(posyandu id, month): number of subjects} for one indicator and year."""
    start, end = date(year, 1, 1), date(year, 12, 31)

    def scoped(source: Source):
        qs = source.queryset
        if posyandu_ids is not None:
            qs = qs.filter(**{f"{source.posyandu[:-3]}__in": list(posyandu_ids)})
        if district is not None:
            qs = qs.filter(**{source.posyandu.replace("posyandu_id", "posyandu__district_id"): district})
        return qs

    if indicator.latest_of:
        # The month's visits with an event of `latest_of`, each marked with
        # the subject's latest day of that month and whether it meets the
        # condition: counted if a visit on that day does.
        among = _source(BY_CODE[indicator.latest_of], start, end)
        inner = scoped(among).annotate(
            last=Window(Max(among.date), partition_by=[F(among.subject), TruncMonth(among.date)]),
            hit=_hit(indicator.condition)).values(s=F(among.subject), p=F(among.posyandu), d=F(among.date),
                                                  last=F("last"), hit=F("hit"))
        inner_sql, params = inner.query.sql_with_params()
        rows = _run(f'SELECT "p", {_month_sql(chr(34) + "d" + chr(34))}, COUNT(DISTINCT "s") FROM ({inner_sql}) a '
                    f'WHERE "d" = "last" AND "hit" = 1 GROUP BY 1, 2', params)
        return {(p, _as_date(m)): n for p, m, n in rows}
    if indicator.first_ever:
        # Every contact of the subject, whenever it was, marked with the
        # subject's first day of contact and whether it meets the indicator:
        # counted in the month of that day, in this year, if a contact on it does.
        contacts = _source(indicator, date.min, end)
        meets = _within_gestation(indicator.max_gestation_weeks) if indicator.max_gestation_weeks else Q()
        inner = scoped(contacts).annotate(
            first=Window(Min(contacts.date), partition_by=[F(contacts.subject)]),
            hit=_hit(meets)).values(s=F(contacts.subject), p=F(contacts.posyandu), d=F(contacts.date),
                                    first=F("first"), hit=F("hit"))
        inner_sql, params = inner.query.sql_with_params()
        rows = _run(f'SELECT "p", {_month_sql(chr(34) + "d" + chr(34))}, COUNT(DISTINCT "s") FROM ({inner_sql}) a '
                    f'WHERE "d" = "first" AND "hit" = 1 AND "d" >= %s GROUP BY 1, 2', (*params, start))
        return {(p, _as_date(m)): n for p, m, n in rows}
    src = _source(indicator, start, end)
    qs = scoped(src)
    month = _month_sql('"first"')
    if indicator.window == "month":
        rows = (
            qs.annotate(m=TruncMonth(src.date)).values("m").annotate(p=F(src.posyandu))
            .values("p", "m").annotate(n=Count(src.subject, distinct=True)).values_list("p", "m", "n")
        )
        return {(p, _as_date(m)): n for p, m, n in rows}
    if indicator.all_of:
        # Each service first given whenever it was; counted in this year if
        # the last of them was first given in it.
        src = _source(indicator, date.min, end)
        inner = scoped(src).values(s=F(src.subject), p=F(src.posyandu), c=F(src.code)).annotate(first=Min(src.date))
        inner_sql, params = inner.query.sql_with_params()
        sql = (
            f'SELECT "p", {_month_sql(chr(34) + "last" + chr(34))}, COUNT(*) FROM ('
            f'SELECT "s", "p", MAX("first") AS "last" FROM ({inner_sql}) a GROUP BY "s", "p" '
            f'HAVING COUNT(DISTINCT "c") = %s AND MAX("first") >= %s) b GROUP BY 1, 2'
        )
        rows = _run(sql, (*params, len(indicator.services), start))
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


# ---------------------------------------------------------------------------
# Every indicator at once (reports.evaluation), and what is stored of it.

def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def compute_facts(*, year: int, district: str, progress: Callable[[int, int], None] | None = None) -> dict:
    """Evaluate every indicator for a district and year:
    {(posyandu, month, code): (numerator, denominator)}."""
    return evaluate_all(district=district, year=year, progress=progress).facts()


STEPS = 4  # visits read, immunisation read, stored rows read, written


def _months(year: int | None) -> tuple[str, list]:
    if year is None:
        return "", []
    return " AND month BETWEEN %s AND %s", [date(year, 1, 1), date(year, 12, 31)]


def _stored_facts(district: str, year: int | None, only: list[date] | None = None,
                  posyandu: list[int] | None = None, where_found: bool = False) -> dict:
    """The district's stored facts (of a year, or all; or of the months
    `only`; of every Posyandu or those in `posyandu`) as arrays, with "yr",
    "mo" and the indicator's index in the registry ("ind"; 63: no longer in
    it); with `where_found` on PostgreSQL, "tid" where each row lies (block
    << 16 | offset; 0: not read) for updating it in place (see
    _write_moved_facts)."""
    where, params = _months(year)
    if only is not None:
        where, params = f" AND month IN ({', '.join(['%s'] * len(only)) or 'NULL'})", list(only)
    if posyandu is not None:
        at, at_params = any_of("posyandu_id", posyandu)
        where, params = f"{where} AND {at}", [*params, *at_params]
    tid = "CAST(0 AS bigint)"
    if where_found and connection.vendor == "postgresql":
        point = "(CAST(CAST(ctid AS text) AS point))"
        tid = f"CAST({point}[0] AS bigint) * 65536 + CAST({point}[1] AS bigint)"
    sql = (f"SELECT indicator, CAST(posyandu_id AS bigint) AS pos, "
           f"CAST({days('month')} AS bigint) AS day, CAST(numerator AS bigint) AS num, "
           f"CAST(COALESCE(denominator, -1) AS bigint) AS den, {tid} AS tid "
           f"FROM {_table(CoverageFact)} WHERE district_id = %s{where}")
    stored = read_arrays(sql, [district, *params], ["pos", "day", "num", "den", "tid"], group="indicator")
    stored["ind"] = np.array([REGISTRY_INDEX.get(key, 63) for key in stored["keys"]], dtype=np.int64)[stored["group"]]
    stored["yr"], stored["mo"] = year_month(stored["day"])
    return stored


FACT_ARRAYS = ("pos", "yr", "mo", "ind", "num", "den", "tid")  # of _stored_facts, by row


# A refresh's facts are read in parts that its two connections share: the
# Posyandu it touches, in this many groups (each read through the facts'
# primary key, one descent per Posyandu and month).
FACT_PARTS = 6


def _posyandu_parts(posyandu: list[int]) -> list[list[int]]:
    """The Posyandu in up to FACT_PARTS groups, none empty."""
    return [part.tolist() for part in np.array_split(np.array(posyandu, dtype=np.int64), FACT_PARTS) if len(part)]


def _sync_facts(evaluation: Evaluation, stored: dict, district: str) -> None:
    """Make the stored facts of the district equal the evaluated ones,
    writing only the cells whose value changed (new rows get the time they
    were computed)."""
    keys = evaluation.keys
    stored_keys = cell_key(stored["pos"], stored["yr"], stored["mo"], stored["ind"])
    same = np.zeros(len(stored_keys), dtype=bool)
    kept = np.zeros(len(keys), dtype=bool)
    if len(keys) and len(stored_keys):
        at = np.searchsorted(keys, stored_keys).clip(max=len(keys) - 1)
        same = (keys[at] == stored_keys) & (evaluation.numerator[at] == stored["num"]) \
            & (evaluation.denominator[at] == stored["den"])
        kept[at[same]] = True
    gone = ~same
    _delete_cells(district, stored["pos"][gone], stored["day"][gone], stored["group"][gone], stored["keys"])
    _insert_cells(keys[~kept], evaluation.numerator[~kept], evaluation.denominator[~kept], district)


def _insert_cells(keys: np.ndarray, numerator: np.ndarray, denominator: np.ndarray, district: str) -> None:
    """New facts of the district's cells (denominator -1: none), stamped
    now and written month by month: a refresh reads the facts of the months
    it touches, and finds them together on disk."""
    pos, year, month, indicator = split_key(keys)
    order = np.lexsort((indicator, pos, month, year))
    if connection.vendor == "postgresql" and 0 < len(keys) <= FEW_CELLS:
        _insert_few_cells([a[order] for a in (pos, year, month, indicator, numerator, denominator)], district)
        return
    pos, year, month, indicator, numerator, denominator = (
        a[order].tolist() for a in (pos, year, month, indicator, numerator, denominator))
    firsts, now = {}, timezone.now()
    rows = []
    for p, y, mo, i, num, den in zip(pos, year, month, indicator, numerator, denominator, strict=True):
        first = firsts.get((y, mo)) or firsts.setdefault((y, mo), date(y, mo, 1))
        rows.append((p, district, first, REGISTRY[i].code, num, None if den < 0 else den, now))
    _insert_facts(rows)


# Up to this many new cells (a refresh's: thousands on the first day of a
# month) are inserted from arrays; more (a rebuild's, up to hundreds of
# thousands) by COPY, as measured for decision 12.
FEW_CELLS = 50_000
REGISTRY_CODE_LIST = [indicator.code for indicator in REGISTRY]
REGISTRY_CODES = text_array_literal(REGISTRY_CODE_LIST)


def _insert_few_cells(columns: list[np.ndarray], district: str) -> None:
    """New facts (Posyandu, year, month, indicator index, numerator,
    denominator or -1) in one INSERT from arrays: no row is built in Python
    (9,500 cells: 0.053 s instead of 0.066 s, most of it now the server's
    index entries)."""
    pos, year, month, indicator, numerator, denominator = columns
    first = _first_days(year, month)
    _run(f"INSERT INTO {_table(CoverageFact)} ({', '.join(FACT_COLUMNS)}) "
         f"SELECT u.pos, %s, DATE '1970-01-01' + CAST(u.day AS integer), (CAST(%s AS text[]))[u.ind + 1], u.num, "
         f"NULLIF(u.den, -1), %s FROM unnest(CAST(%s AS bigint[]), CAST(%s AS bigint[]), CAST(%s AS bigint[]), "
         f"CAST(%s AS bigint[]), CAST(%s AS bigint[])) AS u(pos, day, ind, num, den)",
         [district, REGISTRY_CODES, timezone.now(),
          *(array_literal(a.tolist()) for a in (pos, first, indicator, numerator, denominator))])


def _first_days(year: np.ndarray, month: np.ndarray) -> np.ndarray:
    """The first day of each (year, month), in days since 1970-01-01."""
    return ((year - 1970) * 12 + month - 1).astype("datetime64[M]").astype("datetime64[D]").astype(np.int64)


EPOCH = date(1970, 1, 1)


def _cells(district: str, day: np.ndarray, codes: list[str]) -> tuple[str, list]:
    """SQL joining the facts `f` to these cells `u` of the district (u.pos,
    u.day: days since 1970-01-01, u.code: index into `codes`) through the
    facts' primary key, with the cells' other arrays `u.n`, `u.d` appended
    by the caller; PostgreSQL only. The months also as `= ANY`: joined to
    the arrays alone (not knowing their length), PostgreSQL read the
    district's every fact."""
    months = sorted({EPOCH + timedelta(days=d) for d in np.unique(day).tolist()})
    return ("f.district_id = %s AND f.month = ANY(CAST(%s AS date[])) "
            "AND f.month = DATE '1970-01-01' + CAST(u.day AS integer) AND f.posyandu_id = u.pos "
            "AND f.indicator = (CAST(%s AS text[]))[u.code + 1]"), \
        [district, text_array_literal(m.isoformat() for m in months), text_array_literal(codes)]


def _cell_rows(district: str, pos: np.ndarray, day: np.ndarray, code: np.ndarray, codes: list[str]) -> list[tuple]:
    """The cells as (district, month, Posyandu, indicator) rows, for the
    statements of other databases."""
    return [(district, EPOCH + timedelta(days=d), p, codes[c])
            for p, d, c in zip(pos.tolist(), day.tolist(), code.tolist(), strict=True)]


def _delete_cells(district: str, pos: np.ndarray, day: np.ndarray, code: np.ndarray, codes: list[str]) -> None:
    """Delete the district's facts of these cells (see _cells)."""
    if not len(pos):
        return
    if connection.vendor == "postgresql":
        where, params = _cells(district, day, codes)
        _run(f"DELETE FROM {_table(CoverageFact)} f USING unnest(CAST(%s AS bigint[]), CAST(%s AS bigint[]), "
             f"CAST(%s AS bigint[])) AS u(pos, day, code) WHERE {where}",
             [*(array_literal(a.tolist()) for a in (pos, day, code)), *params])
        return
    with connection.cursor() as cursor:
        cursor.executemany(f"DELETE FROM {_table(CoverageFact)} WHERE district_id = %s AND month = %s "
                           f"AND posyandu_id = %s AND indicator = %s", _cell_rows(district, pos, day, code, codes))


def _delete_ids(model, ids: list[int]) -> None:
    if ids:
        where, params = any_of("id", ids)
        _run(f"DELETE FROM {_table(model)} WHERE {where}", params)


FACT_COLUMNS = ["posyandu_id", "district_id", "month", "indicator", "numerator", "denominator", "computed_at"]


def _insert_facts(rows: list[tuple]) -> None:
    """COPY on PostgreSQL, bulk inserts elsewhere."""
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


STATE_COLUMNS = ["id", "yr", "pid", "sid", "digest"]


def _stored_state(where: str, params: list) -> dict:
    table = _table(CoverageSubject)
    sql = (f"SELECT CAST(id AS bigint) AS id, CAST(year AS bigint) AS yr, CAST(patient_id AS bigint) AS pid, "
           f"CAST(COALESCE(pregnancy_id, 0) AS bigint) AS sid, digest FROM {table} WHERE {where}")
    return read_arrays(sql, params, STATE_COLUMNS)


def _unmatched(old: np.ndarray, new: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Rows (of equal columns) of `old` with no equal row in `new`, and of
    `new` with none in `old`, as boolean masks. Rows are sorted by a hash
    of their columns (one sort key instead of four), so an equal pair is
    adjacent, old first; equality itself is checked on the columns."""
    both = np.concatenate([old, new])
    order = np.argsort(mix(np.zeros(len(both), dtype=np.uint64), both.T), kind="stable")
    ordered, is_new = both[order], order >= len(old)
    pair = np.all(ordered[1:] == ordered[:-1], axis=1) & ~is_new[:-1] & is_new[1:]
    matched = np.zeros(len(both), dtype=bool)
    matched[order[:-1][pair]] = True
    matched[order[1:][pair]] = True
    return ~matched[:len(old)], ~matched[len(old):]


def _sync_state(subjects: list[Subjects], stored: dict, district: str) -> None:
    """Make the stored state (the rows in `stored`) what the evaluated
    subjects (all living in the district) say. Rows that did not change are
    left alone: after the first build most do not, and writing them is what
    would cost. A subject whose row changed keeps its row, updated in place
    (the table keeps room on its pages, so no index is written)."""
    digests = [s.digests() for s in subjects]
    new = np.concatenate([np.column_stack([s.year, s.pid, s.sid, d]) for s, d in zip(subjects, digests, strict=True)]
                         or [np.zeros((0, 4), dtype=np.int64)])
    old = np.column_stack([stored["yr"], stored["pid"], stored["sid"], stored["digest"]])
    stale, fresh = _unmatched(old, new)
    stale, fresh = np.flatnonzero(stale), np.flatnonzero(fresh)
    kept, taken = _same_rows(old[stale, :3], new[fresh, :3])
    _delete_ids(CoverageSubject, np.delete(stored["id"][stale], kept).tolist())
    rows, updates, offset = [], [], 0
    ids = np.zeros(len(new), dtype=np.int64)
    ids[fresh[taken]] = stored["id"][stale[kept]]
    tids = {pk: tid for pk, tid in zip(stored["id"].tolist(), stored.get("tid", ()), strict=False) if tid}
    for s, digest in zip(subjects, digests, strict=True):
        first, last = np.searchsorted(fresh, [offset, offset + len(s)])
        take = fresh[first:last] - offset
        at = ids[offset + take]
        offset += len(s)
        if not len(take):
            continue
        months = s.months(take)
        pos, digest = s.pos[take].tolist(), digest[take].tolist()
        updates += [(i, p, m, d) for i, p, m, d in zip(at.tolist(), pos, months, digest, strict=True) if i]
        rows += [row for i, row in zip(at.tolist(), zip(
            s.year[take].tolist(), s.pid[take].tolist(), [x or None for x in s.sid[take].tolist()],
            pos, [district] * len(take), months, digest, strict=True), strict=True) if not i]
    _update_state(updates, district, tids)
    _insert_state(rows)


def _same_rows(old: np.ndarray, new: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Positions of the rows of `old` and of `new` (each without repeated
    rows) that are equal, pair by pair."""
    if not len(old) or not len(new):
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    both = np.concatenate([old, new])
    is_new = np.arange(len(both)) >= len(old)
    order = np.lexsort((is_new, *both.T[::-1]))
    ordered = both[order]
    pair = np.all(ordered[1:] == ordered[:-1], axis=1) & ~is_new[order[:-1]] & is_new[order[1:]]
    return order[:-1][pair], order[1:][pair] - len(old)


def _update_state(rows: list[tuple], district: str, tids: dict[int, str] | None = None) -> None:
    """Stored subject rows (id, posyandu, months, digest) rewritten. Rows
    whose place on disk (`tids`: id → ctid, as read under this run's lock)
    is known are found there, not through the primary key: on a busy day
    thousands of scattered rows, each an index descent less (0.016 s instead
    of 0.028 s for 4,800). A row no longer there (moved by a VACUUM FULL) is
    found by its id."""
    if not rows:
        return
    table = _table(CoverageSubject)
    if connection.vendor == "postgresql":
        tids = tids or {}
        placed = [row for row in rows if row[0] in tids]
        if placed:
            # Without a sequential scan to choose, PostgreSQL fetches the
            # rows by their ctid (a TID scan).
            previous = _run("SELECT current_setting('enable_seqscan'), set_config('enable_seqscan', 'off', true)")
            done = set(_rewrite_state(placed, district, tids))
            _run("SELECT set_config('enable_seqscan', %s, true)", [previous[0][0]])
            rows = [row for row in rows if row[0] not in done]
        if rows:
            _rewrite_state(rows, district)
        return
    with connection.cursor() as cursor:
        cursor.executemany(f"UPDATE {table} SET posyandu_id = %s, district_id = %s, months = %s, digest = %s "
                           f"WHERE id = %s", [(p, district, m, d, i) for i, p, m, d in rows])


def _rewrite_state(rows: list[tuple], district: str, tids: dict[int, str] | None = None) -> list[int]:
    """One UPDATE of state rows (id, posyandu, months, digest) from arrays
    given as literals, as for the facts: found by id, or with `tids` where
    they were read (and still hold that id; those ids are returned)."""
    ids, places, months, digests = zip(*rows, strict=True)
    arrays = [array_literal(ids), array_literal(places), text_array_literal(months), array_literal(digests)]
    columns, names = "CAST(%s AS bigint[]), CAST(%s AS bigint[]), CAST(%s AS text[]), CAST(%s AS bigint[])", \
        "id, pos, months, digest"
    find, found_by = "s.id = u.id AND s.id = ANY(CAST(%s AS bigint[]))", arrays[0]
    if tids is not None:
        found_by = text_array_literal(tids[pk] for pk in ids)
        columns, names, arrays = f"CAST(%s AS tid[]), {columns}", f"tid, {names}", [found_by, *arrays]
        find = "s.ctid = u.tid AND s.id = u.id AND s.ctid = ANY(CAST(%s AS tid[])) RETURNING s.id"
    return [pk for (pk,) in _run(
        f"UPDATE {_table(CoverageSubject)} s SET posyandu_id = u.pos, district_id = %s, months = u.months, "
        f"digest = u.digest FROM unnest({columns}) AS u({names}) WHERE {find}", [district, *arrays, found_by])]


STATE_INSERT = ["year", "patient_id", "pregnancy_id", "posyandu_id", "district_id", "months", "digest"]


def _insert_state(rows: list[tuple]) -> None:
    if not rows:
        return
    table = _table(CoverageSubject)
    if connection.vendor == "postgresql":
        # Months hold digits, ":" and ";": safe in COPY's text format.
        null = "\\N"
        text = "".join(f"{y}\t{p}\t{null if s is None else s}\t{pos}\t{d}\t{months}\t{digest}\n"
                       for y, p, s, pos, d, months, digest in rows)
        with connection.cursor() as cursor:
            with cursor.cursor.copy(f"COPY {table} ({', '.join(STATE_INSERT)}) FROM STDIN") as copy:
                copy.write(text)
        return
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {table} ({', '.join(STATE_INSERT)}) VALUES "
                           f"({', '.join(['%s'] * len(STATE_INSERT))})", rows)


@contextmanager
def _derived_writes():
    """The one transaction in which a run writes facts, state and consumed
    log rows. On PostgreSQL it commits without waiting for the WAL flush:
    everything in it is derived, and a crash can lose only the whole of it
    (the log rows it consumed come back with it, and the next run does the
    work again), never a part; commits after it, such as saved visits, are
    flushed with it."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            _run("SELECT set_config('synchronous_commit', 'off', true)")
        yield


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


def _log_in_scope(district: str, year: int | None):
    log = CoverageChange.objects.filter(posyandu__district_id=district)
    return log if year is None else log.filter(month__year=year)


@contextmanager
def _without_cycle_collection():
    """A run makes many short-lived objects (rows, lists of ids) and frees
    them by reference counting; a full cycle collection in between would
    walk the whole process's objects (0.09-0.12 s of a 0.5 s refresh,
    measured at 1M people). Collection resumes afterwards."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def rebuild(district: str, year: int | None = None, progress: Callable[[int, int], None] | None = None) -> int:
    """Recompute every fact and every subject's state of a district, for one
    year or (None) all its years in one pass. Returns the number of facts."""
    with district_lock(district), _without_cycle_collection():
        return _rebuild(district, year, progress)


def _rebuild(district: str, year: int | None, progress: Callable[[int, int], None] | None = None) -> int:
    # The log rows this run answers for: those committed before it reads.
    started = timezone.now()
    consumed = list(_log_in_scope(district, year).values_list("pk", flat=True))
    where, params = "district_id = %s", [district]
    if year is not None:
        where, params = where + " AND year = %s", params + [year]
    # What is stored is read meanwhile on another connection (only runs
    # holding this district's lock write it).
    evaluation, (stored_facts, stored_state) = evaluate_all(
        district=district, year=year, progress=progress, steps=STEPS,
        meanwhile=lambda: (_stored_facts(district, year), _stored_state(where, params)))
    if progress:
        progress(STEPS - 1, STEPS)
    if year is not None:
        years = {year}
    else:
        years = set(np.unique(np.concatenate([split_key(evaluation.keys)[1], stored_facts["yr"], stored_state["yr"],
                                              *(s.year for s in evaluation.subjects)])).tolist())
    with _derived_writes():
        # Everyone evaluated lives in the district: its Posyandu are where
        # the visits were read from.
        _sync_facts(evaluation, stored_facts, district)
        rollups.rewrite(district=district, months=[date(y, m, 1) for y in years for m in range(1, 13)])
        _sync_state(evaluation.subjects, stored_state, district)
        now = timezone.now()
        for built in sorted(years):
            CoverageYear.objects.update_or_create(district_id=district, year=built,
                                                  defaults={"built_at": now, "refreshed_at": started,
                                                            "state": STATE_VERSION})
        changes.consume(consumed)
        changes.read_added_again(year=year, district=district)
    if progress:
        progress(STEPS, STEPS)
    return len(evaluation.keys)


def refresh(district: str | None = None, progress: Callable[[int, int], None] | None = None) -> dict:
    """Apply what the change log says changed since the last run: the people
    it names are re-evaluated and the facts move by the difference. Also
    rebuilds one district-year whose facts were built with another registry
    or layout (STATE_VERSION), the longest built first: a change of
    definitions reaches every year's figures, one district-year a run.
    `district`: that district only."""
    written, busy, people, cells = 0, [], 0, 0
    with SecondConnection(few=True) as helper:  # connecting while the log is read
        log = CoverageChange.objects.all()
        years = CoverageYear.objects.exclude(state=STATE_VERSION)
        if district is not None:
            log = log.filter(posyandu__district_id=district)
            years = years.filter(district_id=district)
        districts = list(log.order_by("posyandu__district_id")
                         .values_list("posyandu__district_id", flat=True).distinct())
        outdated = years.order_by("built_at").values_list("district_id", "year").first()
        if outdated and outdated[0] not in districts:
            districts.append(outdated[0])
        for done, district in enumerate(districts, start=1):
            try:
                with district_lock(district), _without_cycle_collection():
                    # Read under the lock: a row another run has consumed, or
                    # turned from an added visit into a month to read again,
                    # is not applied twice.
                    started = timezone.now()
                    work = _district_log(district)
                    if outdated and outdated[0] == district:
                        work.setdefault(outdated[1], None)
                    for year, item in sorted(work.items()):
                        if not CoverageYear.objects.filter(district_id=district, year=year,
                                                           state=STATE_VERSION).exists():
                            # No stored state to move from (or of another registry
                            # or layout): evaluate the district-year whole.
                            written += _rebuild(district, year)
                        else:
                            n, w = _refresh_people(district, year, item, helper)
                            people += n
                            written += w
                    cells += sum(1 for item in work.values() if item is not None)
                    CoverageYear.objects.filter(district_id=district).update(refreshed_at=started)
            except DistrictBusy:
                busy.append(district)
            if progress:
                progress(done, len(districts))
    return {"cells": cells, "people": people, "facts": written, "busy": busy}


def _district_log(district: str) -> dict[int, dict]:
    """The district's log rows by year: their ids, the months to read again
    per person, the visits added per (person, month), and the areas of rows
    without a person (written before the log named people: everyone there)."""
    work: dict[int, dict] = defaultdict(lambda: {"ids": [], "reread": defaultdict(set), "added": defaultdict(list),
                                                 "areas": set(), "places": {}, "born": {}})
    # Months as day numbers, not dates: a day of visits is thousands of rows.
    log = read_arrays(f"SELECT {', '.join(f'CAST({c} AS bigint) AS {c}' for c in LOG_COLUMNS)} FROM ("
                      f"SELECT c.id, COALESCE(c.patient_id, 0) AS patient, c.posyandu_id AS posyandu, "
                      f"{days('c.month')} AS day, COALESCE(c.visit_id, 0) AS visit, "
                      f"COALESCE({days('c.born')}, {UNKNOWN_BIRTH}) AS born "
                      f"FROM {_table(CoverageChange)} c JOIN {_table(Facility)} f ON f.id = c.posyandu_id "
                      f"WHERE f.district_id = %s) x", [district], LOG_COLUMNS)
    order = np.argsort(log["id"])
    years, months = year_month(log["day"][order])
    for pk, patient, posyandu, year, month, visit, born in zip(
            *(log[c][order].tolist() for c in ("id", "patient", "posyandu")), years.tolist(), months.tolist(),
            log["visit"][order].tolist(), log["born"][order].tolist(), strict=True):
        item = work[year]
        item["ids"].append(pk)
        if not patient:
            item["areas"].add(posyandu)
            continue
        item["places"][patient] = posyandu  # where the latest row says they live
        if not visit:
            item["reread"][patient].add(month)
        else:
            item["added"][(patient, month)].append(visit)
            if born != UNKNOWN_BIRTH:
                item["born"][patient] = born
    return work


UNKNOWN_BIRTH = -(10 ** 6)
LOG_COLUMNS = ["id", "patient", "posyandu", "day", "visit", "born"]


def _refresh_people(district: str, year: int, item: dict, helper: SecondConnection) -> tuple[int, int]:
    """Re-evaluate the months the log names of the people it names (every
    month of everyone living in its areas), add the events of the visits it
    names as added to the months stored, and move the facts by the
    difference. Everyone is placed at a Posyandu of the district, where the
    district's log rows place them. The other months of these people come
    from their stored person-months, so the cost follows the change, not
    their history."""
    people: dict[int, set[int]] = dict(item["reread"])
    places = dict(item["places"])
    if item["areas"]:
        p, h = _table(Patient), _table(Household)
        where, params = any_of("h.posyandu_id", sorted(item["areas"]))
        living = _run(f"SELECT p.id, h.posyandu_id FROM {p} p JOIN {h} h ON h.id = p.household_id WHERE {where}",
                      params)
        people |= {pid: set(range(1, 13)) for pid, _pos in living}
        places |= dict(living)
    # (A visit added in a month that is read again is read once all the same.)
    added = [visit for visits in item["added"].values() for visit in visits]
    for pid, _month in item["added"]:
        people.setdefault(pid, set())
    # The people's stored state, on the second connection while this one
    # reads their visits; then the facts of the months the log names at the
    # Posyandu it places them at (where the facts most likely move), in
    # parts taken by whichever connection is free first (only runs holding
    # this district's lock write state and facts).
    stored = helper.submit(lambda: _stored_subjects(year, sorted(people)))
    named = sorted({date(year, m, 1) for months in people.values() for m in months}
                   | {date(year, m, 1) for _pid, m in item["added"]})
    at = sorted(set(places.values()))
    # (No Posyandu: log rows without a person, of an area where nobody
    # lives. One empty part all the same, so that there are arrays to join.)
    facts_while_any = _in_turns(_posyandu_parts(at) or [[]], lambda part: _stored_facts(
        district, None, only=named, posyandu=part, where_found=True))
    more = helper.submit(facts_while_any)
    reader = Reader(None, year, touched=people, added=added, places=places, born=item["born"])
    with reading(few=True):
        rows, facts = reader.read(), facts_while_any()
    (stored_state, before, old), facts = stored.result(), facts + more.result()
    facts = {name: np.concatenate([part[name] for part in facts]) for name in FACT_ARRAYS}
    living = {pid: places[pid] for pid in reader.births()}
    # What they add now folds from the months read again and the others
    # kept; the facts move by the difference, cell by cell.
    subjects, _ = fold_subjects(_with_stored_months(rows, before, people, living, reader.status_read))
    delta = _delta(old, subjects)
    with _derived_writes():
        _sync_state(subjects, stored_state, district)
        facts = _moved_facts(*delta, district, (facts, set(named), set(at)))
        _write_moved_facts(facts, district)
        if facts:
            _pos, years, months, _ind = split_key(facts["key"])
            rollups.rewrite(district=district, months=[date(y, m, 1) for y, m in set(zip(
                years.tolist(), months.tolist(), strict=True))])
        changes.consume(item["ids"])
        changes.read_added_again(year=year, patient_ids=sorted(people))
    return len(people), len(facts.get("key", ()))


def _stored_subjects(year: int, people: list[int]) -> tuple[dict, dict, list[Subjects]]:
    """The people's stored state of a year (arrays of STATE_COLUMNS), their
    stored person-months as event rows, and what these added to the facts:
    what they fold to (the state was built with this registry and layout:
    see STATE_VERSION). Folded where it is read, on the second connection's
    thread, while the first reads facts."""
    where, params = any_of("patient_id", people)
    tid = "CAST(ctid AS text)" if connection.vendor == "postgresql" else "NULL"
    stored = _run(f"SELECT id, patient_id, COALESCE(pregnancy_id, 0), year, posyandu_id, months, digest, {tid} "
                  f"FROM {_table(CoverageSubject)} WHERE year = %s AND {where}", [year, *params])
    before = month_rows([row[1:6] for row in stored])
    old, _ = fold_subjects(before)
    columns = list(zip(*[(row[0], row[3], row[1], row[2], row[6]) for row in stored], strict=True)) \
        or [()] * len(STATE_COLUMNS)
    state = {name: np.array(values, dtype=np.int64) for name, values in zip(STATE_COLUMNS, columns, strict=True)}
    state["tid"] = [row[7] for row in stored]  # where each row was read (see _update_state)
    return state, before, old


def _in_turns(parts: list, read: Callable) -> Callable[[], list]:
    """A function that reads, on whichever thread calls it, the parts no
    call has taken yet, until none are left; it returns what it read. Two
    connections calling it share the parts by how soon each is free."""
    parts, taking = list(parts), threading.Lock()

    def read_while_any() -> list:
        done = []
        while True:
            with taking:
                if not parts:
                    return done
                part = parts.pop()
            done.append(read(part))

    return read_while_any


def _delta(old: list[Subjects], new: list[Subjects]) -> tuple[np.ndarray, np.ndarray]:
    """The cells (sorted keys) whose count changed, and by how much, from
    what the subjects added before and add now. A subject found on both
    sides at the same Posyandu adds and removes only the cells of the
    values that changed (a day's weighing changes one month of one or two
    indicators); the others add or remove all theirs."""
    added, removed = [], []
    for was, now in zip(old, new, strict=True):
        # Both sides come from the fold: sorted by subject, then year.
        subject_was, subject_now = _subject_ids(was), _subject_ids(now)
        at = np.searchsorted(subject_now, subject_was).clip(max=max(len(now) - 1, 0))
        paired = (subject_now[at] == subject_was) & (now.pos[at] == was.pos) if len(now) else \
            np.zeros(len(was), dtype=bool)
        kept_now = np.zeros(len(now), dtype=bool)
        kept_now[at[paired]] = True
        removed.append(was.keys(np.flatnonzero(~paired)))
        added.append(now.keys(np.flatnonzero(~kept_now)))
        w, n = np.flatnonzero(paired), at[paired]
        pos, year = was.pos[w], was.year[w]
        for j, indicator in enumerate(was.kind.indicators):
            before, after = was.values[w, j], now.values[n, j]
            if indicator.window == "month":
                removed.append(column_keys(indicator, before & ~after, pos, year))
                added.append(column_keys(indicator, after & ~before, pos, year))
            else:
                differ = before != after
                removed.append(column_keys(indicator, before[differ], pos[differ], year[differ]))
                added.append(column_keys(indicator, after[differ], pos[differ], year[differ]))
    added, removed = np.concatenate(added), np.concatenate(removed)
    cells, at = np.unique(np.concatenate([added, removed]), return_inverse=True)
    change = np.bincount(at[:len(added)], minlength=len(cells)) - np.bincount(at[len(added):], minlength=len(cells))
    moved = change != 0
    return cells[moved], change[moved]


def _subject_ids(subjects: Subjects) -> np.ndarray:
    """One increasing number per subject of the fold: (person or pregnancy, year)."""
    return ((subjects.sid if subjects.kind is PREGNANCY else subjects.pid) << 12) | subjects.year


def _with_stored_months(rows: dict, before: dict, people: dict[int, set[int]], living: dict[int, int],
                        status_read: np.ndarray) -> dict:
    """The event rows read for the touched months, and the stored
    person-months of the others; everyone where the change log last placed
    them (people no longer found count nowhere). Complete basic
    immunisation was read again for the people in `status_read` (sorted),
    whatever the month: their stored months lose it; the others keep it."""
    people_living = np.array(sorted(living), dtype=np.int64)
    places = np.array([living[pid] for pid in people_living.tolist()], dtype=np.int64)
    keep = _among(before["pid"], people_living)
    touched = np.array([pid * 16 + mo for pid, months in people.items() for mo in months], dtype=np.int64)
    if len(touched):
        keep &= ~_among(before["pid"] * 16 + before["mo"], np.sort(touched))
    kept = {name: values[keep] for name, values in before.items()}
    kept["fp"] = np.where(_among(kept["pid"], status_read), kept["fp"] & ~np.int64(IMMUNISATION_BITS), kept["fp"])
    out = {name: np.concatenate([rows[name], kept[name]]) for name in rows if name != "pos"}
    out["pos"] = places[np.searchsorted(people_living, out["pid"])] if len(places) else out["pid"] * 0
    return out


def _among(values: np.ndarray, ordered: np.ndarray) -> np.ndarray:
    """Whether each value is one of `ordered` (sorted)."""
    if not len(ordered):
        return np.zeros(len(values), dtype=bool)
    return ordered[np.searchsorted(ordered, values).clip(max=len(ordered) - 1)] == values


def _moved_facts(cells: np.ndarray, change: np.ndarray, district: str, read: tuple[dict, set[date]]) -> dict:
    """The facts of every cell whose numerator changed by `change` (and of
    the indicators that use a changed one as denominator), moved: as arrays
    "key", "num", "den" (-1: none) of the cells whose value changed, with
    "stored" whether the cell has a stored row and "tid" where it was read
    (see _stored_facts). `read`: the district's
    stored facts already read, of which months and at which Posyandu."""
    if not len(cells):
        return {}
    keys = np.unique(np.concatenate([cells, dependent_cells(cells)[0]]))
    # The district's facts of the touched months and Posyandu, found
    # together through an index and read as arrays: looking up each cell
    # through the one-fact-per-cell index waited on a page per cell.
    pos, years, months, _ind = split_key(keys)
    stored, have_months, have_places = read
    unread = ~np.isin(years * 12 + months, [day.year * 12 + day.month for day in have_months]) \
        | ~np.isin(pos, list(have_places))
    if unread.any():  # a year's window moved to another month, or a person to another Posyandu
        more = _stored_facts(district, None, only=sorted({date(y, m, 1) for y, m in zip(
            years[unread].tolist(), months[unread].tolist(), strict=True)}), posyandu=np.unique(pos[unread]),
            where_found=True)
        stored = {name: np.concatenate([stored[name], more[name]]) for name in FACT_ARRAYS}
    # Facts read twice (of a month read and a Posyandu not, or the other
    # way round) count once (so do those of indicators no longer in the
    # registry, which no cell asks for).
    stored_keys, first = np.unique(cell_key(stored["pos"], stored["yr"], stored["mo"], stored["ind"]),
                                   return_index=True)
    stored = {name: stored[name][first] for name in ("num", "den", "tid")} | {"key": stored_keys}

    def lookup(wanted, column, missing):
        """The stored `column` of each cell key (`missing` where none)."""
        out = np.full(len(wanted), missing, dtype=np.int64)
        here = _among(wanted, stored["key"])
        out[here] = stored[column][np.searchsorted(stored["key"], wanted[here])]
        return out

    def numerator(wanted):
        """The moved numerator of each cell key."""
        out = lookup(wanted, "num", 0)
        moved = _among(wanted, cells)
        out[moved] += change[np.searchsorted(cells, wanted[moved])]
        return out

    num = numerator(keys)
    den = np.full(len(keys), -1, dtype=np.int64)
    dependent = DENOMINATOR[keys & 63] >= 0
    den[dependent] = numerator((keys[dependent] & ~np.int64(63)) | DENOMINATOR[keys[dependent] & 63])
    here = _among(keys, stored["key"])
    changed = ~here | (num != lookup(keys, "num", 0)) | (den != lookup(keys, "den", -1))
    return {"key": keys[changed], "num": num[changed], "den": den[changed], "stored": here[changed],
            "tid": lookup(keys, "tid", 0)[changed]}


def _update_cells(district: str, now, cells: list[np.ndarray], tids: np.ndarray | None = None) -> int:
    """One UPDATE of the district's facts of these cells (Posyandu, first
    day, indicator index, numerator, denominator or -1; see _cells), found
    by their cell, or with `tids` where they were read (and still holding
    their cell; see _stored_facts). Returns how many it updated."""
    where, params = _cells(district, cells[1], REGISTRY_CODE_LIST)
    types, names = ["bigint"] * 5, "pos, day, code, n, d"
    arrays = [array_literal(a.tolist()) for a in cells]
    if tids is not None:
        found_at = text_array_literal(f"({t >> 16},{t & 65535})" for t in tids.tolist())
        types, names, arrays = ["tid", *types], f"tid, {names}", [found_at, *arrays]
        where, params = f"f.ctid = u.tid AND f.ctid = ANY(CAST(%s AS tid[])) AND {where}", [found_at, *params]
    columns = ", ".join(f"CAST(%s AS {t}[])" for t in types)
    return len(_run(f"UPDATE {_table(CoverageFact)} f SET numerator = u.n, denominator = NULLIF(u.d, -1), "
                    f"computed_at = %s FROM unnest({columns}) AS u({names}) WHERE {where} RETURNING 1",
                    [now, *arrays, *params]))


def _write_moved_facts(moved: dict, district: str) -> None:
    """Write the moved facts: stored rows updated in place (or deleted when
    they count nothing any more), new cells inserted."""
    if not moved:
        return
    now = timezone.now()
    counts = (moved["num"] != 0) | (moved["den"] > 0)
    stored = moved["stored"]
    pos, year, month, code = split_key(moved["key"])
    day = _first_days(year, month)
    gone = stored & ~counts
    _delete_cells(district, pos[gone], day[gone], code[gone], REGISTRY_CODE_LIST)
    update = stored & counts
    if update.any() and connection.vendor == "postgresql":
        # Found where they were read, and still holding their cell: joined
        # through the primary key, PostgreSQL hashed every fact of the
        # months instead (not knowing how long the arrays are). Should any
        # have moved since (only runs holding the lock write facts; VACUUM
        # FULL would move them), all are found by their cell instead.
        cells = [a[update] for a in (pos, day, code, moved["num"], moved["den"])]
        if _update_cells(district, now, cells, moved["tid"][update]) != update.sum():
            _update_cells(district, now, cells)
    elif update.any():
        with connection.cursor() as cursor:
            cursor.executemany(
                f"UPDATE {_table(CoverageFact)} SET numerator = %s, denominator = %s, computed_at = %s "
                f"WHERE district_id = %s AND month = %s AND posyandu_id = %s AND indicator = %s",
                [(n, None if d < 0 else d, now, *cell) for n, d, cell in zip(
                    moved["num"][update].tolist(), moved["den"][update].tolist(),
                    _cell_rows(district, pos[update], day[update], code[update], REGISTRY_CODE_LIST), strict=True)])
    insert = ~stored & counts
    _insert_cells(moved["key"][insert], moved["num"][insert], moved["den"][insert], district)
