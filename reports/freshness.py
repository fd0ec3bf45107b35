"""How current a dashboard's figures are, and the run in progress."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from .models import AggregationRun, CoverageYear

if TYPE_CHECKING:
    from .areas import Area
    from .pws import Table


@dataclass
class Freshness:
    """How current a page's figures are. Facts are written only when their
    value moves, so the newest write, the last full recomputation and the
    changes still waiting in the log together say it."""

    last_written: datetime | None  # newest fact of the page, or the last full recomputation
    built_at: datetime | None  # last full recomputation of the district-year
    pending: int  # recorded changes not yet included
    run: AggregationRun | None


def freshness(area: Area, table: Table) -> Freshness:
    """Three queries whatever the data size."""
    from clusters import changes

    year = table.period.year
    built = CoverageYear.objects.filter(district_id=area.district, year=year).values_list("built_at", flat=True)
    built_at = built.first()
    pending = changes.pending_count(district=area.district, year=year)
    moments = [t for t in (table.computed_newest, built_at) if t]
    return Freshness(max(moments) if moments else None, built_at, pending, running_run(area.district))


def running_run(district: str) -> AggregationRun | None:
    return (
        AggregationRun.objects.filter(
            district_id=district, status__in=[AggregationRun.Status.QUEUED, AggregationRun.Status.RUNNING]
        )
        .order_by("-created_at")
        .first()
    )
