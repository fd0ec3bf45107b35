"""Turning visits into coverage facts, set-based, and keeping them current
person by person.

One pass per source and year: visits joined once with their measurement and
their services (a bit mask per visit) give one row per person-month holding,
as bits, which indicators happened (and how often, for n-th event ones); a
second step folds these into one row per subject (person, or pregnancy) with
one value per indicator: the month it counts in for year windows, a bit per
month for month windows. From these rows come the facts (month windows from
the person-months, year windows from the subjects) and the per-subject state
(`CoverageSubject`): what each subject adds to the facts. A rebuild writes
only the facts and state rows whose value changed.

A refresh then recomputes only the people the change log names, with the same
SQL restricted to them, and moves the facts by the difference between their
new and their stored contribution. Reads happen first; facts, state and the
consumed log rows are then written in one short transaction, so a run killed
halfway leaves everything as it was and the next run completes it."""

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Count, F, Min, Q, Window
from django.db.models.functions import RowNumber, TruncMonth
from django.utils import timezone

from clusters.models import CoverageChange, ImmunisationStatus, Measurement, Service, Visit
from facilities.models import Facility
from patients.models import Household, Patient

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
        subject = "visit__pregnancy_id" if indicator.subject == "pregnancy" else "visit__patient_id"
        if indicator.subject == "pregnancy":
            qs = qs.filter(visit__pregnancy__isnull=False)
        return Source(qs, subject, "visit__patient__household__posyandu_id", "visit__date")
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


def _run(sql: str, params=()) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall() if cursor.description else []


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


# ---------------------------------------------------------------------------
# Set-based evaluation of every indicator at once.

def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _month_number(column: str) -> str:
    if connection.vendor == "postgresql":
        return f"CAST(EXTRACT(MONTH FROM {column}) AS integer)"
    return f"CAST(strftime('%%m', {column}) AS integer)"


def _days_before(column: str, days: int) -> str:
    if connection.vendor == "postgresql":
        return f"({column} - {int(days)})"
    return f"date({column}, '-{int(days)} days')"


def _greatest(parts: list[str]) -> str:
    return f"{'GREATEST' if connection.vendor == 'postgresql' else 'MAX'}({', '.join(parts)})" if len(parts) > 1 \
        else parts[0]


def _measurement_condition(indicator: Indicator) -> tuple[str, list]:
    """The indicator's condition as SQL over the measurement table's own
    columns, compiled by the ORM so that each backend gets its own dialect."""
    q = indicator.condition or Q()
    if indicator.max_age_days:
        q &= Q(age_days__lt=indicator.max_age_days)
    if indicator.min_age_days:
        q &= Q(age_days__gte=indicator.min_age_days)
    query = Measurement.objects.filter(q).query
    assert len(query.alias_map) <= 1, f"{indicator.code}: conditions read measurement columns only"
    if not q:
        return f"{_table(Measurement)}.{connection.ops.quote_name('visit_id')} IS NOT NULL", []
    compiler = query.get_compiler(connection=connection)
    sql, params = query.where.as_sql(compiler, connection)
    return f"({sql}) AND {_table(Measurement)}.{connection.ops.quote_name('visit_id')} IS NOT NULL", list(params)


def _counted(indicator: Indicator) -> bool:
    """Indicators that need the number of events per person-month (n-th
    event); the others only need whether any happened."""
    return indicator.nth > 1


def _flag_bits(subject: str) -> dict[tuple[str, int], int]:
    """A bit of the person-month's `flags` per (indicator, part) that only
    needs "did it happen": one bigint column instead of thirty, which keeps
    the million-row temporary table narrow."""
    keys = [(i.code, part) for i in _visit_indicators(subject) if not _counted(i)
            for part in range(len(i.services) if i.all_of else 1)]
    assert len(keys) < 63, "flags fit a bigint"
    return {key: 1 << bit for bit, key in enumerate(keys)}


def _col(indicator: Indicator, part: int = 0) -> str:
    """SQL over a person-month row: > 0 when the event happened (the number
    of events for counted indicators)."""
    if _counted(indicator):
        return f"e{REGISTRY.index(indicator)}"
    return f"(flags & {_flag_bits(indicator.subject)[(indicator.code, part)]})"


def _or_aggregate(column: str, bits: Iterable[int]) -> str:
    """OR of a bit mask over the rows of a group. SQLite has no bit_or: the
    sum over bits of the largest masked value is the same."""
    if connection.vendor == "postgresql":
        return f"bit_or({column})"
    return " + ".join(f"MAX({column} & {b})" for b in bits) or "0"


def _value(indicator: Indicator) -> str:
    return f"v{REGISTRY.index(indicator)}"


def _visit_indicators(subject: str) -> list[Indicator]:
    return [i for i in REGISTRY if i.source in ("service", "measurement") and i.subject == subject]


class _Plan:
    """The SQL of one evaluation: a year, and either a district or the people
    listed in the temporary table cov_people."""

    def __init__(self, year: int, district: str | None):
        self.year, self.district = year, district
        self.start, self.end = date(year, 1, 1), date(year, 12, 31)
        codes = {c for i in REGISTRY for c in i.services}
        self.service_ids = dict(Service.objects.filter(code__in=codes).values_list("code", "pk"))

    def _scope(self, patient_column: str) -> tuple[str, list]:
        f = _table(Facility)
        if self.district is not None:
            return f"{f}.district_id = %s", [self.district]
        return f"{patient_column} IN (SELECT pid FROM cov_people)", []

    def _service_flag(self, codes: Iterable[str]) -> str:
        """How many of these services the visit had, from its service bits."""
        bits = [self.bits[self.service_ids[c]] for c in codes if c in self.service_ids]
        return " + ".join(f"(CASE WHEN (vs.mask & {1 << b}) <> 0 THEN 1 ELSE 0 END)" for b in bits) or "0"

    def _events(self, indicator: Indicator) -> list[tuple[str, list]]:
        """Per visit: how many qualifying events (one expression, or one per
        service for all_of)."""
        if indicator.source == "measurement":
            cond, params = _measurement_condition(indicator)
            return [(f"CASE WHEN {cond} THEN 1 ELSE 0 END", params)]
        age = ""
        if indicator.max_age_days:
            age += f" AND p.birth_date > {_days_before('v.date', indicator.max_age_days)}"
        if indicator.min_age_days:
            age += f" AND p.birth_date <= {_days_before('v.date', indicator.min_age_days)}"
        groups = [(c,) for c in indicator.services] if indicator.all_of else [indicator.services]
        out = []
        for codes in groups:
            flag = self._service_flag(codes)
            out.append((f"CASE WHEN {flag} > 0{age} THEN {flag} ELSE 0 END" if age else flag, []))
        return out

    def person_months(self, subject: str) -> tuple[str, list]:
        """One row per person (and pregnancy) and month: per indicator the
        number of events (nth), or whether any happened."""
        indicators = _visit_indicators(subject)
        v, p, h, f = _table(Visit), _table(Patient), _table(Household), _table(Facility)
        m, vs_table = _table(Measurement), _table(VisitService)
        ids = sorted({self.service_ids[c] for i in indicators for c in i.services if c in self.service_ids})
        assert len(ids) < 63, "service bits fit a bigint"
        self.bits = {pk: bit for bit, pk in enumerate(ids)}
        scope, scope_params = self._scope("v.patient_id")
        bits = _flag_bits(subject)
        flags, counts, outer, params = [], [], [], []
        for indicator in indicators:
            for part, (expr, expr_params) in enumerate(self._events(indicator)):
                if _counted(indicator):
                    name = _col(indicator)
                    counts.append(f"{expr} AS {name}")
                    outer.append(f"SUM({name}) AS {name}")
                else:
                    flags.append(f"CASE WHEN {expr} > 0 THEN {bits[(indicator.code, part)]} ELSE 0 END")
                params += expr_params
        # Per visit one mask (a sum of distinct bits is their OR), then OR-ed
        # over the person-month.
        columns = [f"{' + '.join(flags) or '0'} AS f", *counts]
        outer = [f"{_or_aggregate('f', bits.values())} AS flags", *outer]
        joins, join_params = "", []
        if any(i.source == "measurement" for i in indicators):
            joins += f"LEFT JOIN {m} ON {m}.visit_id = v.id "
        if ids:
            # Services as one bit mask per visit (a visit has each service at
            # most once, so the sum of its bits is their OR): the visit stays
            # one row, and one sum is cheaper than a flag per service.
            bits = " ".join(f"WHEN {pk} THEN {1 << bit}" for pk, bit in self.bits.items())
            flags = f"SUM(CASE service_id {bits} END) AS mask"
            # A district reads its services whole (filtering them by the
            # year's visits costs more than the other years' few rows); a
            # refresh reads only its people's.
            services = f"service_id IN ({', '.join(map(str, ids))})"
            if self.district is None and connection.vendor == "postgresql":
                # A refresh looks up each of its visits' services by index
                # (LATERAL): no second read of the visits, and a pregnancy
                # pass touches only its few pregnancy visits instead of every
                # row of its services.
                joins += (f"LEFT JOIN LATERAL (SELECT {flags} FROM {vs_table} "
                          f"WHERE visit_id = v.id AND {services}) vs ON true ")
            else:
                people = "" if self.district is not None else (
                    f" AND visit_id IN (SELECT id FROM {v} WHERE date BETWEEN %s AND %s "
                    f"AND patient_id IN (SELECT pid FROM cov_people))")
                joins += (
                    f"LEFT JOIN (SELECT visit_id, {flags} FROM {vs_table} WHERE {services}"
                    f"{people} GROUP BY visit_id) vs ON vs.visit_id = v.id "
                )
                join_params = [] if self.district is not None else [self.start, self.end]
        if subject == "pregnancy":
            sid, keys, only = "v.pregnancy_id", "pid, sid, pos, mo", " AND v.pregnancy_id IS NOT NULL"
        else:
            sid, keys, only = "0", "pid, sid, pos, mo", ""
        sql = (
            f"SELECT pid, sid, pos, mo, {', '.join(outer)} FROM ("
            f"SELECT v.patient_id AS pid, {sid} AS sid, h.posyandu_id AS pos, {_month_number('v.date')} AS mo, "
            f"{', '.join(columns)} "
            f"FROM {v} v JOIN {p} p ON p.id = v.patient_id JOIN {h} h ON h.id = p.household_id "
            f"JOIN {f} ON {f}.id = h.posyandu_id {joins}"
            f"WHERE v.date BETWEEN %s AND %s AND {scope}{only}) x GROUP BY {keys}"
        )
        return sql, params + join_params + [self.start, self.end] + scope_params

    def subjects(self, subject: str, person_months: str) -> str:
        """One row per subject: per indicator the month it counts in (year
        window) or a bit per month (month window); NULL when it does not."""
        indicators = _visit_indicators(subject)
        first, second = [], []
        for indicator in indicators:
            col, value = _col(indicator), _value(indicator)
            if indicator.window == "month":
                first.append(f"SUM(CASE WHEN {col} > 0 THEN (1 << mo) ELSE 0 END) AS {value}")
                second.append(f"NULLIF({value}, 0) AS {value}")
            elif indicator.all_of:
                parts = []
                for part in range(len(indicator.services)):
                    first.append(f"MIN(CASE WHEN {_col(indicator, part)} > 0 THEN mo END) AS {value}_{part}")
                    parts.append(f"{value}_{part}")
                every = " AND ".join(f"{x} IS NOT NULL" for x in parts)
                second.append(f"CASE WHEN {every} THEN {_greatest(parts)} END AS {value}")
            elif indicator.nth > 1:
                # Running count per month; the month where it reaches nth.
                for mo in range(1, 13):
                    first.append(f"SUM(CASE WHEN mo = {mo} THEN {col} ELSE 0 END) AS {value}_{mo}")
                whens = " ".join(
                    f"WHEN {' + '.join(f'{value}_{k}' for k in range(1, mo + 1))} >= {indicator.nth} THEN {mo}"
                    for mo in range(1, 13))
                second.append(f"CASE {whens} END AS {value}")
            else:
                first.append(f"MIN(CASE WHEN {col} > 0 THEN mo END) AS {value}")
                second.append(f"{value}")
        values = [_value(i) for i in indicators]
        return (
            f"SELECT * FROM (SELECT pid, sid, pos, {', '.join(second)} FROM ("
            f"SELECT pid, sid, pos, {', '.join(first)} FROM {person_months} GROUP BY pid, sid, pos) a) b "
            f"WHERE {' OR '.join(f'{x} IS NOT NULL' for x in values)}"
        )

    def immunised(self) -> tuple[str, list, list[Indicator]]:
        indicators = [i for i in REGISTRY if i.source == "immunisation"]
        s, p, h, f = _table(ImmunisationStatus), _table(Patient), _table(Household), _table(Facility)
        scope, scope_params = self._scope("st.patient_id")
        month = _month_number("st.basic_complete_on")
        sql = (
            f"SELECT st.patient_id AS pid, 0 AS sid, h.posyandu_id AS pos, "
            f"{', '.join(f'{month} AS {_value(i)}' for i in indicators)} "
            f"FROM {s} st JOIN {p} p ON p.id = st.patient_id JOIN {h} h ON h.id = p.household_id "
            f"JOIN {f} ON {f}.id = h.posyandu_id "
            f"WHERE st.basic_complete = %s AND st.basic_complete_on BETWEEN %s AND %s AND {scope}"
        )
        return sql, [True, self.start, self.end] + scope_params, indicators


def _encode(indicators: list[Indicator]) -> str:
    """SQL for a subject's state: "CODE:value,..." of the indicators it counts
    for (a month, or a bit per month for month windows)."""
    parts = [f"COALESCE('{i.code}:' || CAST({_value(i)} AS TEXT) || ',', '')" for i in indicators]
    return " || ".join(parts)


def _decode(cells: str) -> list[tuple[str, int]]:
    """[(code, month)] a subject adds to the facts, from its stored state."""
    out = []
    for item in filter(None, cells.split(",")):
        code, value = item.split(":")
        value = int(value)
        indicator = BY_CODE.get(code)
        if indicator is None:  # dropped from the registry: its facts are no longer read
            continue
        if indicator.window == "month":
            out += [(code, mo) for mo in range(1, 13) if value & (1 << mo)]
        else:
            out.append((code, value))
    return out


PARTS = [part for part in (("patient", "cov_pm_patient", "cov_subj_patient"),
                           ("pregnancy", "cov_pm_pregnancy", "cov_subj_pregnancy")) if _visit_indicators(part[0])]
TEMP_TABLES = ("cov_pm_patient", "cov_subj_patient", "cov_pm_pregnancy", "cov_subj_pregnancy", "cov_subj_imm")
STEPS = 4


@contextmanager
def _memory():
    """Room for the person-month hash aggregates (with the default 4 MB a
    district's million person-months sort on disk), and no JIT."""
    if connection.vendor != "postgresql":
        yield
        return
    _run("SET work_mem = '256MB'")
    # Compiling these wide statements (JIT) took longer than running them.
    _run("SET jit = off")
    try:
        yield
    finally:
        _run("RESET work_mem")
        _run("RESET jit")


def _drop_temp(*names):
    for name in names:
        _run(f"DROP TABLE IF EXISTS {name}")


def _evaluate(plan: _Plan, progress: Callable[[int, int], None] | None = None) -> None:
    """Fill the temporary tables of person-months and subjects for a plan."""
    _drop_temp(*TEMP_TABLES)
    with _memory():
        _fill(plan, progress)


def _fill(plan: _Plan, progress: Callable[[int, int], None] | None = None) -> None:
    for done, (subject, pm, subj) in enumerate(PARTS, start=1):
        sql, params = plan.person_months(subject)
        _run(f"CREATE TEMPORARY TABLE {pm} AS {sql}", params)
        _run(f"CREATE TEMPORARY TABLE {subj} AS {plan.subjects(subject, pm)}")
        if progress:
            progress(done, STEPS)
    sql, params, _ = plan.immunised()
    _run(f"CREATE TEMPORARY TABLE cov_subj_imm AS {sql}", params)


def _subject_tables() -> list[tuple[str, list[Indicator]]]:
    return [(subj, _visit_indicators(subject)) for subject, _pm, subj in PARTS] + [
        ("cov_subj_imm", [i for i in REGISTRY if i.source == "immunisation"])]


def _numerators(year: int) -> dict[str, Counter]:
    """{code: Counter{(posyandu, month): n}} from the filled temporary tables:
    month windows from person-months, year windows from subjects."""
    out: dict[str, Counter] = defaultdict(Counter)
    for subject, pm, _subj in PARTS:
        monthly = [i for i in _visit_indicators(subject) if i.window == "month"]
        if not monthly:
            continue
        sums = ", ".join(f"SUM(CASE WHEN {_col(i)} > 0 THEN 1 ELSE 0 END)" for i in monthly)
        for pos, mo, *counts in _run(f"SELECT pos, mo, {sums} FROM {pm} GROUP BY pos, mo"):
            for indicator, n in zip(monthly, counts, strict=True):
                if n:
                    out[indicator.code][(pos, date(year, mo, 1))] += n
    selects = []
    for table, indicators in _subject_tables():
        for indicator in indicators:
            if indicator.window == "month":
                continue
            value = _value(indicator)
            selects.append(f"SELECT '{indicator.code}', pos, {value}, COUNT(*) FROM {table} "
                           f"WHERE {value} IS NOT NULL GROUP BY pos, {value}")
    for code, pos, mo, n in _run(" UNION ALL ".join(selects)):
        out[code][(pos, date(year, mo, 1))] += n
    return out


def _facts_from(numerators: dict[str, Counter]) -> dict:
    """{(posyandu, month, code): (numerator, denominator)}."""
    facts = {}
    for indicator in REGISTRY:
        own = numerators.get(indicator.code, Counter())
        den = numerators.get(indicator.denominator_indicator, Counter()) if indicator.denominator_indicator else None
        keys = set(own) | (set(den) if den else set())
        for posyandu, month in keys:
            num, d = own.get((posyandu, month), 0), (den.get((posyandu, month), 0) if den is not None else None)
            if num or d:
                facts[(posyandu, month, indicator.code)] = (num, d)
    return facts


def compute_facts(*, year: int, district: str, progress: Callable[[int, int], None] | None = None) -> dict:
    """Evaluate every indicator for a district and year:
    {(posyandu, month, code): (numerator, denominator)}."""
    try:
        _evaluate(_Plan(year, district), progress)
        return _facts_from(_numerators(year))
    finally:
        _drop_temp(*TEMP_TABLES)


FACT_COLUMNS = ["posyandu_id", "district_id", "month", "indicator", "numerator", "denominator", "computed_at"]


def _fact_rows(facts: dict) -> list[tuple]:
    now = timezone.now()
    districts = dict(Facility.objects.filter(pk__in={p for p, _, _ in facts}).values_list("pk", "district_id"))
    return [(p, districts[p], m, code, num, den, now) for (p, m, code), (num, den) in facts.items()]


def _insert_facts(rows: list[tuple], table: str | None = None) -> None:
    """COPY on PostgreSQL, bulk inserts elsewhere; into the facts table or a
    temporary one of the same columns."""
    if not rows:
        return
    if connection.vendor == "postgresql":
        table = table or CoverageFact._meta.db_table
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
    if table:
        with connection.cursor() as cursor:
            cursor.executemany(f"INSERT INTO {table} ({', '.join(FACT_COLUMNS)}) VALUES "
                               f"({', '.join(['%s'] * len(FACT_COLUMNS))})", rows)
        return
    CoverageFact.objects.bulk_create(
        [CoverageFact(**dict(zip(FACT_COLUMNS, row, strict=True))) for row in rows], batch_size=2000)


def _write_state(year: int, district: str | None) -> None:
    """Make the stored state of a district-year (or of the people in
    cov_people) what the filled temporary tables say. Rows that did not
    change are left alone: after the first build most do not, and writing
    them is what would cost."""
    table, f = _table(CoverageSubject), _table(Facility)
    parts = [f"SELECT pid, sid, pos, {_encode(indicators)} AS cells FROM {temp}"
             for temp, indicators in _subject_tables()]
    _drop_temp("cov_state")
    _run(f"CREATE TEMPORARY TABLE cov_state AS SELECT n.*, {f}.district_id AS district FROM "
         f"({' UNION ALL '.join(parts)}) n JOIN {f} ON {f}.id = n.pos")
    # Compared row by row with the stored state below: with an index the
    # comparison stays cheap even where the planner misjudges the state
    # table's size (a new table has no statistics until autovacuum runs).
    _run("CREATE INDEX cov_state_pid ON cov_state (pid)")
    if connection.vendor == "postgresql":
        _run("ANALYZE cov_state")
    same = (f"n.pid = {table}.patient_id AND n.sid = COALESCE({table}.pregnancy_id, 0) "
            f"AND n.pos = {table}.posyandu_id AND n.cells = {table}.cells")
    if district is not None:
        scope, params = f"{table}.district_id = %s", [district]
    else:
        scope, params = f"{table}.patient_id IN (SELECT pid FROM cov_people)", []
    _run(f"DELETE FROM {table} WHERE year = %s AND {scope} AND NOT EXISTS (SELECT 1 FROM cov_state n WHERE {same})",
         [year, *params])
    _run(f"INSERT INTO {table} (year, patient_id, pregnancy_id, posyandu_id, district_id, cells) "
         f"SELECT %s, pid, CASE WHEN sid = 0 THEN NULL ELSE sid END, pos, district, cells FROM cov_state n "
         f"WHERE NOT EXISTS (SELECT 1 FROM {table} WHERE {table}.year = %s AND {same})", [year, year])


def _write_facts(facts: dict, district: str, year: int) -> None:
    """Make a district-year's facts equal `facts`, writing only the cells
    whose value changed (new rows get the time they were computed)."""
    # A plain cursor: model rows for a district's 200k+ facts cost more than the compare.
    rows = _run(f"SELECT id, posyandu_id, month, indicator, numerator, denominator FROM {_table(CoverageFact)} "
                f"WHERE district_id = %s AND month BETWEEN %s AND %s", [district, date(year, 1, 1), date(year, 12, 31)])
    existing = {(p, _as_date(m), code): (pk, num, den) for pk, p, m, code, num, den in rows}
    stale = [pk for key, (pk, num, den) in existing.items() if facts.get(key) != (num, den)]
    fresh = {key: value for key, value in facts.items() if key not in existing or existing[key][1:] != value}
    for start in range(0, len(stale), 5000):
        CoverageFact.objects.filter(pk__in=stale[start:start + 5000])._raw_delete(CoverageFact.objects.db)
    _insert_facts(_fact_rows(fresh))


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


def _log_in_scope(district: str, year: int):
    return CoverageChange.objects.filter(month__year=year, posyandu__district_id=district)


def rebuild(district: str, year: int, progress: Callable[[int, int], None] | None = None) -> int:
    """Recompute every fact and every subject's state of a district and year.
    Returns facts written."""
    with district_lock(district):
        return _rebuild(district, year, progress)


def _rebuild(district: str, year: int, progress: Callable[[int, int], None] | None = None) -> int:
    # The log rows this run answers for: those committed before it reads.
    consumed = list(_log_in_scope(district, year).values_list("pk", flat=True))
    try:
        _evaluate(_Plan(year, district), progress)
        facts = _facts_from(_numerators(year))
        if progress:
            progress(STEPS - 1, STEPS)
        with transaction.atomic():
            _write_facts(facts, district, year)
            _write_state(year, district)
            CoverageYear.objects.update_or_create(district_id=district, year=year,
                                                  defaults={"built_at": timezone.now()})
            _delete_log(consumed)
    finally:
        _drop_temp("cov_state", *TEMP_TABLES)
    if progress:
        progress(STEPS, STEPS)
    return len(facts)


def _delete_log(ids: list[int]) -> None:
    for start in range(0, len(ids), 5000):
        CoverageChange.objects.filter(pk__in=ids[start:start + 5000])._raw_delete(CoverageChange.objects.db)


def refresh(progress: Callable[[int, int], None] | None = None) -> dict:
    """Apply what the change log says changed since the last run: the people
    it names are re-evaluated and the facts move by the difference."""
    log = list(CoverageChange.objects.values_list("pk", "patient_id", "posyandu_id", "posyandu__district_id",
                                                  "month"))
    work: dict[tuple, dict] = defaultdict(lambda: {"ids": [], "people": set(), "areas": set()})
    for pk, patient, posyandu, district, month in log:
        item = work[(district, month.year)]
        item["ids"].append(pk)
        if patient is None:  # written before the log named people: the whole area
            item["areas"].add(posyandu)
        else:
            item["people"].add(patient)
    written, busy, people = 0, [], 0
    for done, ((district, year), item) in enumerate(sorted(work.items()), start=1):
        try:
            with district_lock(district):
                if not CoverageYear.objects.filter(district_id=district, year=year).exists():
                    # No stored state to move from: evaluate the district-year whole.
                    written += _rebuild(district, year)
                else:
                    n, w = _refresh_people(year, item["people"], item["areas"], item["ids"])
                    people += n
                    written += w
        except DistrictBusy:
            busy.append(district)
        if progress:
            progress(done, len(work))
    return {"cells": len(work), "people": people, "facts": written, "busy": busy}


def _refresh_people(year: int, people: set[int], areas: set[int], log_ids: list[int]) -> tuple[int, int]:
    _drop_temp("cov_people")
    _run("CREATE TEMPORARY TABLE cov_people (pid integer PRIMARY KEY)")
    try:
        ids = sorted(people)
        for start in range(0, len(ids), 1000):
            chunk = ids[start:start + 1000]
            _run(f"INSERT INTO cov_people (pid) VALUES {', '.join(['(%s)'] * len(chunk))}", chunk)
        if areas:
            p, h = _table(Patient), _table(Household)
            _run(f"INSERT INTO cov_people (pid) SELECT p.id FROM {p} p JOIN {h} h ON h.id = p.household_id "
                 f"WHERE h.posyandu_id IN ({', '.join(['%s'] * len(areas))}) "
                 f"AND p.id NOT IN (SELECT pid FROM cov_people)", sorted(areas))
        if connection.vendor == "postgresql":
            _run("ANALYZE cov_people")
        _evaluate(_Plan(year, None))
        # Contributions as (posyandu, cells) first: most people re-evaluated
        # after a day of visits add exactly what they added before, and
        # cancel out before being decoded cell by cell.
        contributions: Counter = Counter()
        subject_table = _table(CoverageSubject)
        old = _run(f"SELECT posyandu_id, cells FROM {subject_table} "
                   f"WHERE year = %s AND patient_id IN (SELECT pid FROM cov_people)", [year])
        for pos, cells in old:
            contributions[(pos, cells)] -= 1
        counted = _run("SELECT COUNT(*) FROM cov_people")[0][0]
        with transaction.atomic():
            _write_state(year, None)
            for pos, cells in _run("SELECT pos, cells FROM cov_state"):
                contributions[(pos, cells)] += 1
            months = {mo: date(year, mo, 1) for mo in range(1, 13)}
            delta: Counter = Counter()
            for (pos, cells), n in contributions.items():
                if n:
                    for code, mo in _decode(cells):
                        delta[(pos, months[mo], code)] += n
            delta = {k: d for k, d in delta.items() if d}
            facts, stale = _moved_facts(delta)
            for start in range(0, len(stale), 5000):
                CoverageFact.objects.filter(pk__in=stale[start:start + 5000])._raw_delete(CoverageFact.objects.db)
            _insert_facts(_fact_rows({k: v for k, v in facts.items() if v[0] or v[1]}))
            _delete_log(log_ids)
        return counted, len(facts)
    finally:
        _drop_temp("cov_people", "cov_state", *TEMP_TABLES)


def _dependents(code: str) -> list[str]:
    return [i.code for i in REGISTRY if i.denominator_indicator == code]


def _moved_facts(delta: dict) -> tuple[dict, list[int]]:
    """The facts of every cell the delta touches (and of the indicators that
    use a touched one as denominator), moved by the delta: the changed ones
    as {(posyandu, month, code): (numerator, denominator)}, and the ids of
    the stored rows they replace."""
    keys = set(delta)
    for p, m, code in delta:
        keys |= {(p, m, dep) for dep in _dependents(code)}
    if not keys:
        return {}, []
    current: dict = {}
    columns = "f.id, f.posyandu_id, f.month, f.indicator, f.numerator, f.denominator"
    if connection.vendor == "postgresql":
        # Exactly the cells touched, through the one-fact-per-cell index: a
        # day of visits touches most Posyandu and months of a district, and
        # reading all their facts cost more than the rest of the write.
        ordered = sorted(keys)
        rows = _run(
            f"SELECT {columns} FROM unnest(%s::integer[], %s::date[], %s::text[]) AS k(p, m, c) "
            f"JOIN {_table(CoverageFact)} f ON f.posyandu_id = k.p AND f.month = k.m AND f.indicator = k.c",
            [[p for p, _, _ in ordered], [m for _, m, _ in ordered], [c for _, _, c in ordered]])
    else:
        posyandu, months = sorted({p for p, _, _ in keys}), sorted({m for _, m, _ in keys})
        rows = _run(
            f"SELECT {columns} FROM {_table(CoverageFact)} f "
            f"WHERE f.posyandu_id IN ({', '.join(['%s'] * len(posyandu))}) "
            f"AND f.month IN ({', '.join(['%s'] * len(months))})", [*posyandu, *months])
    for pk, p, m, code, num, den in rows:
        current[(p, _as_date(m), code)] = (pk, num, den)

    def numerator(key):
        return (current[key][1] if key in current else 0) + delta.get(key, 0)

    moved, stale = {}, []
    for key in keys:
        p, m, code = key
        indicator = BY_CODE[code]
        den = numerator((p, m, indicator.denominator_indicator)) if indicator.denominator_indicator else None
        value = (numerator(key), den)
        if key in current and current[key][1:] == value:
            continue
        moved[key] = value
        if key in current:
            stale.append(current[key][0])
    return moved, stale
