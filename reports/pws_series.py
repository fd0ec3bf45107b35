"""The PWS chart of one indicator month by month, and how current a page's
figures are (split from pws.py, which builds the tables)."""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.db.models import Sum

from .areas import Area
from .indicators import CUMULATIVE, Indicator
from .models import AggregationRun, CoverageFact, CoverageYear
from .pws import Period, Table, expected_percent, kind_of
from .targets import coverage_percent


@dataclass
class MonthPoint:
    month: int
    value: int | None
    percent: Decimal | None  # the month's own coverage
    cumulative_percent: Decimal | None
    expected: Decimal | None


def monthly_series(user, area: Area, indicator: Indicator, period: Period, target: int | None) -> list[MonthPoint]:
    """The PWS chart of one indicator: month by month up to the chosen month,
    the month's coverage (bars) and the cumulative coverage (line) against the
    expected line. One query."""
    rows = (CoverageFact.objects.for_user(user).filter(area.facts_q(period.year_start, period.first),
                                                       indicator=indicator.code)
            .values("month").annotate(num=Sum("numerator"), den=Sum("denominator")).order_by())
    by_month = {r["month"].month: (r["num"] or 0, r["den"]) for r in rows}
    kind = kind_of(indicator)
    points, running = [], 0
    for m in range(1, period.month + 1):
        num, den = by_month.get(m, (0, None))
        running += num
        if kind == "target":
            cumulative = coverage_percent(running, target) if indicator.display == CUMULATIVE else None
            expected = expected_percent(indicator, m)
            points.append(MonthPoint(m, num, coverage_percent(num, target), cumulative, expected if target else None))
        elif kind == "ratio":
            points.append(MonthPoint(m, num, coverage_percent(num, den), None, None))
        else:
            points.append(MonthPoint(m, num, None, None, None))
    return points


@dataclass
class Freshness:
    """How current a page's figures are. Facts are written only when their
    value moves, so the newest write, the last full recomputation and the
    changes still waiting in the log together say it."""

    last_written: datetime | None  # newest fact of the page, or the last full recomputation
    built_at: datetime | None  # last full recomputation of the district-year
    pending: int  # recorded changes not yet included
    run: AggregationRun | None


def freshness(area: Area, table: "Table") -> Freshness:
    """Three queries whatever the data size."""
    from clusters import changes

    year = table.period.year
    built = CoverageYear.objects.filter(district_id=area.district, year=year).values_list("built_at", flat=True)
    built_at = built.first()
    pending = changes.pending_count(district=area.district, year=year)
    moments = [t for t in (table.computed_newest, built_at) if t]
    return Freshness(max(moments) if moments else None, built_at, pending, running_run(area.district))


def running_run(district: str) -> AggregationRun | None:
    return (AggregationRun.objects.filter(district_id=district, status__in=[AggregationRun.Status.QUEUED,
                                                                            AggregationRun.Status.RUNNING])
            .order_by("-created_at").first())
