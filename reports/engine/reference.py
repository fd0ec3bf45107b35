"""The reference evaluation: one indicator at a time, through the ORM. Slow
on a district, but short enough to read; the tests check the engine's
rebuilds and refreshes against it. Its conditions come from the
indicator's own definitions (reports.indicators), as the fold's do."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

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

from clusters.models import ImmunisationStatus, Measurement, Visit
from reports.indicators import BY_CODE, NAEGELE_DAYS, Indicator, first_day_past

from .plumbing import month_of, run

VisitService = Visit.services.through


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
    days = first_day_past(weeks)
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
    ages = indicator.age_filter("age")
    if ages:
        qs = qs.alias(age=completed_months("visit__patient__birth_date", "visit__date")).filter(ages)
    if indicator.subject == "pregnancy":
        qs = qs.filter(visit__pregnancy__isnull=False)
        source = Source(qs, "visit__pregnancy_id", source.posyandu, source.date, source.code)
    return Source(qs, source.subject, source.posyandu, source.date, source.code)


def _as_date(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


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
        rows = run(f'SELECT "p", {month_of(chr(34) + "d" + chr(34))}, COUNT(DISTINCT "s") FROM ({inner_sql}) a '
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
        rows = run(f'SELECT "p", {month_of(chr(34) + "d" + chr(34))}, COUNT(DISTINCT "s") FROM ({inner_sql}) a '
                    f'WHERE "d" = "first" AND "hit" = 1 AND "d" >= %s GROUP BY 1, 2', (*params, start))
        return {(p, _as_date(m)): n for p, m, n in rows}
    src = _source(indicator, start, end)
    qs = scoped(src)
    month = month_of('"first"')
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
            f'SELECT "p", {month_of(chr(34) + "last" + chr(34))}, COUNT(*) FROM ('
            f'SELECT "s", "p", MAX("first") AS "last" FROM ({inner_sql}) a GROUP BY "s", "p" '
            f'HAVING COUNT(DISTINCT "c") = %s AND MAX("first") >= %s) b GROUP BY 1, 2'
        )
        rows = run(sql, (*params, len(indicator.services), start))
    elif indicator.nth > 1:
        inner = qs.annotate(
            rn=Window(RowNumber(), partition_by=[F(src.subject)], order_by=[F(src.date).asc(), F("pk").asc()])
        ).values(s=F(src.subject), p=F(src.posyandu), first=F(src.date), rn=F("rn"))
        inner_sql, params = inner.query.sql_with_params()
        sql = f'SELECT "p", {month}, COUNT(*) FROM ({inner_sql}) a WHERE "rn" = %s GROUP BY 1, 2'
        rows = run(sql, (*params, indicator.nth))
    else:
        inner = qs.values(s=F(src.subject), p=F(src.posyandu)).annotate(first=Min(src.date))
        inner_sql, params = inner.query.sql_with_params()
        sql = f'SELECT "p", {month}, COUNT(*) FROM ({inner_sql}) a GROUP BY 1, 2'
        rows = run(sql, params)
    return {(p, _as_date(m)): n for p, m, n in rows}
