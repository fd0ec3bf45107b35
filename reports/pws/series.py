"""The PWS chart of one indicator month by month."""

from dataclasses import dataclass
from decimal import Decimal

from facilities.areas import Area

from ..indicators import Indicator
from ..targets import coverage_percent
from . import selectors
from .tables import Period, expected_percent


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
    sums = selectors.monthly_sums(user, area, indicator.code, first=period.year_start, last=period.first)
    by_month = {month.month: found for month, found in sums.items()}
    kind = indicator.kind
    points, running = [], 0
    for m in range(1, period.month + 1):
        num, den = by_month.get(m, (0, None))
        running += num
        if kind == "target":
            cumulative = coverage_percent(running, target) if indicator.cumulative else None
            expected = expected_percent(indicator, m)
            points.append(MonthPoint(m, num, coverage_percent(num, target), cumulative, expected if target else None))
        elif kind == "ratio":
            points.append(MonthPoint(m, num, coverage_percent(num, den), None, None))
        else:
            points.append(MonthPoint(m, num, None, None, None))
    return points
